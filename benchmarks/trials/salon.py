"""A chain of hair and beauty salons (salons, stylists who move between locations, clients, a service menu with
add-ons, appointments booked ahead with cancellations and no-shows, service lines, retail product sales, gift cards,
a loyalty-points ledger with the balance kept current), seeded: `python benchmarks/trials/salon.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy
default_rng(0)): 8 salons, 55 stylists, 15 stylist moves, 4,200 clients, 16 services, 41.1k appointments, 70.2k
service lines, 15.7k product sales, 968 gift cards, 51.1k loyalty entries (about 184k rows, ~12 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2023-01-01..NOW. Rows dated after NOW
exist only where written ahead: appointments.scheduled_at (booked up to ~14 weeks ahead: rebooked at checkout, or
booked by app/phone days ahead) and gift_cards.expires_on (a DATE two years after issue). Every other column holding
a later date of its row is filled in later.

Truth (seed 0):
- salons (8): price_tier 'premium' (salons 1, 3, 8) multiplies every service price by 1.2; sms_reminders FALSE
  (salons 4, 6) adds +.9 to the no-show logit (a parent-table attribute); salon 8 (Leeds) opens 2024-03-01, two
  stylists move there from salons 1-2 that day and it takes 50% of new Leeds clients after; region, chairs noise
- stylists (48 at START + 7 hired, PK stylist_code VARCHAR 'ST-007'): level junior/senior/master multiplies prices
  .85/1.0/1.3; skill k ~ N(0, 1) (hidden) raises rebook-at-checkout (+.5k), retail upsell (+.4k) and ratings;
  6 leave during the span (left_on filled later): each of their clients churns with p .35 within 60 days, else is
  given another stylist of the salon; 15 moves between salons (stylist_moves, no PK): each client follows with p .5
  (clients.home_salon_id changes: TODAY's) else gets another stylist; stylists.current_salon_id and rating_avg
  (the running mean of appointments.rating) are TODAY's
- clients (4,200: 2,500 before the span, 1,700 signed up during it): loyalty l ~ N(0, 1) and spend s ~ N(0, 1)
  (hidden); type colour .35 (interval 42 d) / cut .5 (63 d) / occasional .15 (120 d); male 20% (men's cut, 35 d);
  the interval x LogNormal(-.15 l, .25), divided by the season of its due month (Jan .8, Feb .9, Jun 1.1, Aug .9),
  and a visit due Jan 1-Feb 14 is pulled forward to Dec 5-23 with p .5 (the party season); churn hazard exp(-.7 l) / 900 per day (and the stylist shocks above); hair_type messy
  ('Curly', 'curly', 'CURLY ', 'Coily', 'straight', 'Straight', 'Wavy', 'wavy ', ...; 3% NULL) and noise;
  birth_year drives the booking channel (app p sigmoid(.09 (birth_year - 1982))); referral_source, phone noise;
  TODAY's: home_salon_id, preferred_stylist (a stylist code), loyalty_points, loyalty_tier (points earned in the
  last 365 days: <300 bronze, <900 silver, else gold), last_visit_at, status ('new', 'active' visit within 180
  days, 'lapsed')
- booking: after a visit the client rebooks at checkout (channel 'salon', the next date one interval on) with p
  sigmoid(-.2 + .8 l + .5 k + .5 colour), else books later by app/phone (lead Exp(6) + 1 days) or walks in (8% of cut
  clients, lead 0); a new client's first booking is made at signup
- appointments: cancelled with p .05 + .002 lead (cancelled_at between booking and the time; rebooked Exp(4) days
  later with p .75); the client's churn cancels its open booking (p .6) or makes it a no-show; a leaving stylist's
  bookings are cancelled at the leave date; no-show logit -2.8 - .8 l + .02 min(lead, 60) + .9 no sms + .4 phone
  + .7 any earlier no-show (a no-show rebooks with p .5); status TODAY's ('booked', 'completed', 'no_show',
  'cancelled'); checked_in_at, completed_at, total_amount, loyalty_discount, payment_method, rating (40%, N(4 + .4 k,
  .7) clipped 1-5), rated_at filled in later
- appointment_services (line items; PK line_id): the main service(s) written at booking (added_at = booked_at),
  add-ons (olaplex, toner, deep conditioning, scalp massage, fringe trim, brow tint) added at the visit, each with p
  sigmoid(-2.4 + .9 s (+.8 olaplex/toner for colour clients)); price = base x level x tier x N(1, .03)
- product_sales: at a completed visit p sigmoid(-1.4 + .8 s + .4 k), 1-3 items; plus anonymous walk-in sales (client,
  stylist NULL); category messy ('Shampoo', 'shampoo', 'SHAMPOO ', 'Styling', 'styling', 'Hair Care', ...);
  appt_ref is the appointment id stored as VARCHAR (NULL for walk-in sales)
- loyalty_ledger: 'opening_balance' U(0, 600) at START for pre-span clients, 'welcome' 100 at signup, 'visit' +1 per
  unit of total_amount, 'retail' +1 per unit, 'redeem' -500 (a 25 discount) at a visit with p .5 when the balance
  of opening, welcome and visit points (retail points left out of the check) is >= 500
- gift_cards (card_code VARCHAR PK 'GC-00123'): bought by clients at daily hazard exp(.5 s) / 3000 x (Dec 1-24 x6,
  March x3); amount 25/50/75/100/150; recipient an existing client (45%, redeemed at its visits) or none (redeemed
  U(5, 120) days later with p .85); balance, status ('active', 'redeemed', 'expired'), first_redeemed_at TODAY's /
  filled later
- keys: PK declared on salons, stylists (stylist_code VARCHAR), clients, services, appointments, appointment_services,
  product_sales, gift_cards (card_code VARCHAR), loyalty_ledger; REFERENCES only clients.home_salon_id -> salons and
  appointment_services.service_id -> services. Undeclared: stylists.current_salon_id, stylist_moves (stylist_code,
  from_salon_id, to_salon_id), clients.preferred_stylist, appointments (client_id, salon_id, stylist_code),
  appointment_services.appt_id, product_sales (client_id, salon_id, stylist_code, appt_ref text), gift_cards
  (purchaser_id, recipient_id -> clients), loyalty_ledger.client_id
- `python salon.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2023-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


SEAS = np.array([0.8, 0.9, 1.0, 1.0, 1.0, 1.1, 1.0, 0.9, 1.0, 1.0, 1.0, 1.0])


def month_of(t):
    return (START + pd.Timedelta(seconds=float(t))).month


def in_hours(t):
    """Move a time to the salon's opening hours (9:00-18:00, no Sundays)."""
    d = np.floor(t / DAY)
    if (START + pd.Timedelta(days=float(d))).day_of_week == 6:
        d += 1
    return d * DAY + (9 + rng.uniform(0, 9)) * 3600


# ---------------- salons
NS = 8
CITY = np.array(["Leeds", "Leeds", "York", "Harrogate", "Sheffield", "Sheffield", "Wakefield", "Leeds"])
s_tier = np.array(["premium", "standard", "premium", "standard", "standard", "standard", "standard", "premium"])
s_sms = np.array([True, True, True, False, True, False, True, True])
s_open = np.array([secs("2010-05-01") + rng.uniform(0, 3500) * DAY for _ in range(NS)])
s_open[7] = secs("2024-03-01") + 9 * 3600
TIER_M = np.where(s_tier == "premium", 1.2, 1.0)

# ---------------- stylists: employment spans and salon moves
NK0 = 48
k_salon0 = np.repeat(np.arange(NS - 1), 7)[:NK0]  # salons 1-7 at START (7, 7, ..., 6)
k_salon0 = np.concatenate([k_salon0, np.full(NK0 - len(k_salon0), 6)])
k_hired = secs("2012-01-01") + rng.uniform(0, 3800, NK0) * DAY
k_hired = np.maximum(k_hired, s_open[k_salon0] + 30 * DAY)
k_hired = np.minimum(k_hired, -30 * DAY)
hire_salon = [7, 7, 7, 0, 3, 4, 5]  # 3 new staff for salon 8, 4 replacements
hire_t = [
    s_open[7] - 20 * DAY,
    s_open[7] - 10 * DAY,
    secs("2024-06-10"),
    secs("2023-04-03"),
    secs("2023-09-12"),
    secs("2024-01-15"),
    secs("2024-10-01"),
]
k_salon0 = np.concatenate([k_salon0, hire_salon])
k_hired = np.concatenate([k_hired, hire_t])
NK = len(k_salon0)
k_level = rng.choice(["junior", "senior", "master"], NK, p=[0.35, 0.45, 0.2])
k_level[NK0:] = rng.choice(["junior", "senior"], NK - NK0)
LEVEL_M = {"junior": 0.85, "senior": 1.0, "master": 1.3}
k_mult = np.array([LEVEL_M[v] for v in k_level])
k_skill = rng.normal(0, 1, NK)
k_code = np.array([f"ST-{i:03d}" for i in range(1, NK + 1)])
k_left = np.full(NK, INF)
for i in rng.choice(np.arange(NK0), 6, replace=False):
    k_left[i] = rng.uniform(60, ND - 20) * DAY
# moves: (stylist, t, to); 2 to salon 8 at its opening, 13 elsewhere
MOVES = []
k_moved = set()
for i in [
    int(np.nonzero((k_salon0 == 0) & np.isinf(k_left))[0][0]),
    int(np.nonzero((k_salon0 == 1) & np.isinf(k_left))[0][1]),
]:
    MOVES.append((i, s_open[7], 7))
    k_moved.add(i)
cand = [i for i in range(NK0) if np.isinf(k_left[i]) and i not in k_moved]
for i in rng.choice(cand, 13, replace=False):
    t = rng.uniform(40, ND - 15) * DAY
    others = [s for s in range(NS) if s != k_salon0[i] and s_open[s] < t]
    MOVES.append((int(i), t, int(rng.choice(others))))
MOVES.sort(key=lambda m: m[1])
k_spans = {i: [(k_hired[i], int(k_salon0[i]))] for i in range(NK)}
for i, t, to in MOVES:
    k_spans[i].append((t, to))


def salon_of(i, t):
    """The stylist's salon at t, -1 when not employed then."""
    if t < k_hired[i] or t >= k_left[i]:
        return -1
    s = -1
    for t0, sal in k_spans[i]:
        if t0 <= t:
            s = sal
    return s


def staff(s, t):
    return [i for i in range(NK) if salon_of(i, t) == s]


def pick_stylist(s, t):
    ok = staff(s, t)
    if not ok:
        return -1
    w = np.array([2.0 if k_level[i] == "junior" else 1.0 for i in ok])
    return int(rng.choice(ok, p=w / w.sum()))


# ---------------- services
SERV = [
    # name, category, base price, minutes, is_addon
    ("Womens cut & finish", "cut", 48, 60, False),
    ("Mens cut", "cut", 25, 30, False),
    ("Blow dry", "styling", 30, 45, False),
    ("Full head colour", "colour", 85, 120, False),
    ("Highlights half head", "colour", 95, 120, False),
    ("Balayage", "colour", 140, 180, False),
    ("Root touch-up", "colour", 60, 75, False),
    ("Olaplex treatment", "treatment", 25, 20, True),
    ("Toner", "colour", 20, 15, True),
    ("Deep conditioning", "treatment", 15, 15, True),
    ("Scalp massage", "treatment", 10, 10, True),
    ("Fringe trim", "cut", 8, 10, True),
    ("Brow tint", "beauty", 12, 15, True),
    ("Brow shape", "beauty", 18, 20, False),
    ("Lash lift", "beauty", 45, 45, False),
    ("Gel manicure", "nails", 32, 45, False),
]
SV_PRICE = np.array([s[2] for s in SERV], float)
SV_MIN = np.array([s[3] for s in SERV], float)
ADDONS = [7, 8, 9, 10, 11, 12]

# ---------------- clients
NCL = 4200
c_old = np.arange(NCL) < 2500
c_signup = np.where(c_old, secs("2018-01-01") + rng.uniform(0, 1800, NCL) * DAY, rng.uniform(0, ND - 3, NCL) * DAY)
c_l = rng.normal(0, 1, NCL)
c_s = rng.normal(0, 1, NCL)
c_male = rng.random(NCL) < 0.2
c_type = np.where(c_male, 3, rng.choice(3, NCL, p=[0.35 / 0.8 * 0.8, 0.5, 0.15]))  # 0 colour 1 cut 2 occ 3 male
BASE_INT = np.array([42.0, 63.0, 120.0, 35.0])
c_byear = rng.integers(1950, 2006, NCL)
c_app = sig(0.09 * (c_byear - 1982))
CITY_W = np.array([0.22, 0.18, 0.14, 0.1, 0.12, 0.1, 0.14])
c_salon0 = rng.choice(7, NCL, p=CITY_W)
leeds_new = (~c_old) & np.isin(c_salon0, [0, 1]) & (c_signup > s_open[7])
c_salon0[leeds_new & (rng.random(NCL) < 0.5)] = 7
HAIR = {
    0: ["Straight", "straight", "STRAIGHT", "Fine/straight"],
    1: ["Wavy", "wavy", "wavy ", "Wavy"],
    2: ["Curly", "curly", "CURLY ", "Curls"],
    3: ["Coily", "coily", "Afro", "Coily "],
}
c_hair_k = rng.choice(4, NCL, p=[0.4, 0.3, 0.2, 0.1])
c_hair = np.array([rng.choice(HAIR[k]) for k in c_hair_k], dtype=object)
c_hair[rng.random(NCL) < 0.03] = None
c_ref = rng.choice(["instagram", "walk-by", "friend", "google", "flyer"], NCL)
c_phone = np.where(rng.random(NCL) < 0.1, None, np.array([f"07{rng.integers(10**8, 10**9)}" for _ in range(NCL)]))
c_churn = np.maximum(c_signup, 0) + rng.exponential(900 * np.exp(0.7 * c_l)) * DAY
c_opening = np.where(c_old, rng.uniform(0, 600, NCL).round(), 0)

# gift cards first (their purchase does not depend on visits)
DAYS = pd.date_range(START, periods=ND, freq="D")
G = np.where((DAYS.month == 12) & (DAYS.day <= 24), 6.0, np.where(DAYS.month == 3, 3.0, 1.0))
GC = []  # [purchaser, t, amount, recipient]
for c in range(NCL):
    d0 = max(int(np.ceil(c_signup[c] / DAY)), 0)
    d1 = min(int(c_churn[c] // DAY), ND)
    if d1 <= d0:
        continue
    u = rng.random(d1 - d0)
    for d in np.nonzero(u < np.exp(0.5 * c_s[c]) / 3000 * G[d0:d1])[0] + d0:
        GC.append([c, d * DAY + rng.uniform(9, 19) * 3600, float(rng.choice([25, 50, 75, 100, 150])), -1])
for g in GC:
    if rng.random() < 0.45:
        pool = np.nonzero((c_signup < g[1]) & (c_churn > g[1]))[0]
        g[3] = int(rng.choice(pool))
NG = len(GC)
gc_open = {}  # recipient -> list of card indices
for j, g in enumerate(GC):
    if g[3] >= 0:
        gc_open.setdefault(g[3], []).append(j)
GRED = []  # (card, t, amount)
for j, g in enumerate(GC):
    if g[3] < 0 and rng.random() < 0.85:
        GRED.append((j, g[1] + rng.uniform(5, 120) * DAY, g[2]))
gc_bal = np.array([g[2] for g in GC])

# ---------------- the client simulation
A = []  # [client, salon, stylist, booked, sched, channel, status, cancel_t, lead, rebook flag]
LINES = []  # (appt, service, price, added_t)
VIS = {}  # appt -> dict(checkin, done, total, discount, pay, rating, rated_t)
SALE = []  # (client, salon, stylist, appt, t, item)
LED = []  # (client, t, points, reason)
HOME = []  # (client, t, salon) home salon changes
PREF = []  # (client, t, stylist)

for c in range(NCL):
    if c_signup[c] > TN:
        continue
    sal = int(c_salon0[c])
    t0 = max(c_signup[c], 0.0)
    if sal == 7:
        t0 = max(t0, s_open[7])
    sty = pick_stylist(sal, t0)
    HOME.append((c, c_signup[c], sal))
    PREF.append((c, c_signup[c], sty))
    bal = c_opening[c]
    if c_old[c]:
        LED.append((c, 3600.0, bal, "opening_balance"))
    else:
        LED.append((c, c_signup[c] + 60, 100.0, "welcome"))
        bal = 100.0
    ns_prior = 0
    seen_events = set()
    typ = c_type[c]
    interval = BASE_INT[typ]
    if c_old[c]:
        due = rng.uniform(0, interval) * DAY
        lead = rng.exponential(6) + 1
        bt, st, ch = due - lead * DAY, in_hours(due), ("app" if rng.random() < c_app[c] else "phone")
    else:
        lead = rng.exponential(4) + 1
        bt, st, ch = c_signup[c], in_hours(c_signup[c] + lead * DAY), ("app" if rng.random() < c_app[c] else "phone")
    churn = c_churn[c]
    while bt <= TN and bt < churn:
        # stylist events up to the booking time: left or moved
        if sty >= 0:
            left = k_left[sty]
            if left <= bt and ("L", sty) not in seen_events:
                seen_events.add(("L", sty))
                if rng.random() < 0.35:
                    churn = min(churn, left + rng.uniform(0, 60) * DAY)
                    if churn <= bt:
                        break
                sty = pick_stylist(sal, bt)
                PREF.append((c, max(left, bt - DAY), sty))
            else:
                for i, tm, to in MOVES:
                    if i == sty and tm <= bt and ("M", i, tm) not in seen_events and sal != to:
                        seen_events.add(("M", i, tm))
                        if rng.random() < 0.5:
                            sal = to
                            HOME.append((c, min(tm + rng.uniform(0, 10) * DAY, bt), sal))
                        else:
                            sty = pick_stylist(sal, max(bt, tm))
                            PREF.append((c, min(tm + rng.uniform(0, 10) * DAY, bt), sty))
        if sty < 0 or salon_of(sty, bt) != sal:
            sty = pick_stylist(sal, bt)
            PREF.append((c, bt, sty))
        if sty < 0:
            break
        lead = (st - bt) / DAY
        ai = len(A)
        A.append([c, sal, sty, bt, st, ch, "booked", INF, lead])
        # main services, written at booking
        mains = {
            0: [int(rng.choice([3, 4, 5, 6], p=[0.35, 0.3, 0.15, 0.2]))] + ([0] if rng.random() < 0.6 else []),
            1: [0],
            2: [int(rng.choice([2, 0, 13, 14, 15], p=[0.35, 0.3, 0.1, 0.1, 0.15]))],
            3: [1],
        }[typ]
        pm = k_mult[sty] * TIER_M[sal]
        for sv in mains:
            LINES.append((ai, sv, round(SV_PRICE[sv] * pm * rng.normal(1, 0.03), 2), bt))
        # what happens to it
        ct = INF
        if rng.random() < 0.05 + 0.002 * lead:
            ct = bt + rng.uniform(0.05, 1) * (st - bt)
        if k_left[sty] < st:
            ct = min(ct, max(bt, k_left[sty] - rng.uniform(0, 2) * DAY))
        if churn < st and rng.random() < 0.6:
            ct = min(ct, max(bt, churn))
        if ct < st:
            A[ai][6], A[ai][7] = "cancelled", ct
            if ct >= churn:
                break
            if rng.random() < 0.75:
                lead = rng.exponential(6) + 1
                bt = ct + rng.exponential(4) * DAY
                st, ch = in_hours(bt + lead * DAY), ("app" if rng.random() < c_app[c] else "phone")
                continue
            due = st + interval * DAY
            lead = rng.exponential(6) + 1
            bt, st, ch = due - lead * DAY, in_hours(due), ("app" if rng.random() < c_app[c] else "phone")
            continue
        if st > TN:
            break
        z = (
            -2.8
            - 0.8 * c_l[c]
            + 0.02 * min(lead, 60)
            + 0.9 * (not s_sms[sal])
            + 0.4 * (ch == "phone")
            + 0.7 * (ns_prior > 0)
        )
        if churn < st or rng.random() < sig(z):
            A[ai][6] = "no_show"
            ns_prior += 1
            if churn < st or rng.random() >= 0.5:
                if churn < st:
                    break
                due = st + interval * DAY
                lead = rng.exponential(6) + 1
                bt, st, ch = due - lead * DAY, in_hours(due), ("app" if rng.random() < c_app[c] else "phone")
                continue
            lead = rng.exponential(6) + 1
            bt = st + rng.exponential(7) * DAY
            st, ch = in_hours(bt + lead * DAY), ("app" if rng.random() < c_app[c] else "phone")
            continue
        # completed visit
        A[ai][6] = "completed"
        checkin = st + rng.normal(0, 300)
        total = sum(p for a, _, p, _ in LINES[-len(mains) :])
        minutes = SV_MIN[mains].sum()
        for sv in ADDONS:
            p = -2.4 + 0.9 * c_s[c] + (0.8 if (typ == 0 and sv in (7, 8)) else 0.0)
            if sv == 11 and typ == 3:
                continue
            if rng.random() < sig(p):
                price = round(SV_PRICE[sv] * pm * rng.normal(1, 0.03), 2)
                LINES.append((ai, sv, price, checkin + 600))
                total += price
                minutes += SV_MIN[sv]
        done = checkin + minutes * 60 * rng.uniform(0.9, 1.2)
        disc = 0.0
        if bal >= 500 and rng.random() < 0.5:
            disc = 25.0
            bal -= 500
            LED.append((c, done, -500.0, "redeem"))
        total = round(total - disc, 2)
        pay = rng.choice(["card", "card", "card", "cash", "apple_pay"])
        for j in gc_open.get(c, []):
            if gc_bal[j] > 0 and GC[j][1] < done:
                amt = min(gc_bal[j], total)
                if amt > 0:
                    gc_bal[j] -= amt
                    GRED.append((j, done, amt))
                    pay = "gift_card"
        pts = float(np.floor(total))
        LED.append((c, done + 30, pts, "visit"))
        bal += pts
        rating, rated = np.nan, INF
        if rng.random() < 0.4:
            rating = float(np.clip(np.round(rng.normal(4 + 0.4 * k_skill[sty], 0.7)), 1, 5))
            rated = done + rng.exponential(1) * DAY
        VIS[ai] = dict(checkin=checkin, done=done, total=total, disc=disc, pay=pay, rating=rating, rated=rated)
        if rng.random() < sig(-1.4 + 0.8 * c_s[c] + 0.4 * k_skill[sty]):
            for _ in range(int(rng.integers(1, 4))):
                SALE.append((c, sal, sty, ai, done + rng.uniform(60, 600), int(rng.integers(0, 14))))
        # next booking
        iv = interval * np.exp(rng.normal(-0.15 * c_l[c], 0.25))
        iv /= SEAS[month_of(st + iv * DAY) - 1]
        due_d = START + pd.Timedelta(seconds=float(st + iv * DAY))
        if (due_d.month == 1 or (due_d.month == 2 and due_d.day < 15)) and rng.random() < 0.5:
            xmas = secs(f"{due_d.year - 1}-12-05") + rng.uniform(0, 18) * DAY  # pulled forward for the party season
            if xmas > st + 14 * DAY:
                iv = (xmas - st) / DAY
        if rng.random() < sig(-0.2 + 0.8 * c_l[c] + 0.5 * k_skill[sty] + 0.5 * (typ == 0)):
            bt, st, ch = done + 60, in_hours(st + iv * DAY), "salon"
        elif typ == 1 and rng.random() < 0.08:
            st = in_hours(st + iv * DAY)
            bt, ch = st - rng.uniform(5, 40) * 60, "walk_in"
        else:
            lead = rng.exponential(6) + 1
            due = st + iv * DAY
            bt, st, ch = due - lead * DAY, in_hours(due), ("app" if rng.random() < c_app[c] else "phone")
        bt = max(bt, done + 60)
        st = max(st, bt + 600)

# anonymous walk-in retail sales
for _ in range(1800):
    t = rng.uniform(0, TN)
    ok = [s for s in range(NS) if s_open[s] < t]
    SALE.append((-1, int(rng.choice(ok)), -1, -1, in_hours(t), int(rng.integers(0, 14))))

# ---------------- derived arrays
NA = len(A)
A_c = np.array([a[0] for a in A])
A_s = np.array([a[1] for a in A])
A_k = np.array([a[2] for a in A])
A_bt = np.array([a[3] for a in A])
A_st = np.array([a[4] for a in A])
A_ch = np.array([a[5] for a in A], dtype=object)
A_out = np.array([a[6] for a in A], dtype=object)
A_ct = np.array([a[7] for a in A])


def vis(key, default):
    x = np.full(NA, default, dtype=object if isinstance(default, str) else float)
    for i, v in VIS.items():
        x[i] = v[key]
    return x


A_checkin, A_done, A_total = vis("checkin", np.nan), vis("done", np.nan), vis("total", np.nan)
A_disc, A_pay, A_rating, A_rated = vis("disc", np.nan), vis("pay", ""), vis("rating", np.nan), vis("rated", np.nan)
A_chair = rng.integers(1, 9, NA)

PRODUCTS = [
    ("SKU-1001", "Moisture shampoo", ["Shampoo", "shampoo", "SHAMPOO "], 16),
    ("SKU-1002", "Colour-safe shampoo", ["Shampoo", "shampoo", "Hair Care"], 18),
    ("SKU-1003", "Repair conditioner", ["Conditioner", "conditioner", "Hair Care"], 18),
    ("SKU-1004", "Curl cream", ["Styling", "styling", "STYLING"], 22),
    ("SKU-1005", "Texture spray", ["Styling", "styling"], 19),
    ("SKU-1006", "Heat protect", ["Styling", "Heat protection"], 17),
    ("SKU-1007", "Hair oil", ["Treatment", "treatment", "Oils"], 28),
    ("SKU-1008", "Bond mask", ["Treatment", "treatment"], 32),
    ("SKU-1009", "Dry shampoo", ["Shampoo", "shampoo"], 12),
    ("SKU-1010", "Purple shampoo", ["Shampoo", "SHAMPOO "], 20),
    ("SKU-1011", "Hairspray", ["Styling", "styling"], 14),
    ("SKU-1012", "Round brush", ["Tools", "tools", "Accessories"], 24),
    ("SKU-1013", "Beard oil", ["Mens", "mens", "Men's"], 15),
    ("SKU-1014", "Gift set", ["Gifts", "gifts", "Gift Sets"], 45),
]
NSA = len(SALE)
S_c = np.array([x[0] for x in SALE])
S_s = np.array([x[1] for x in SALE])
S_k = np.array([x[2] for x in SALE])
S_a = np.array([x[3] for x in SALE])
S_t = np.array([x[4] for x in SALE])
S_item = np.array([x[5] for x in SALE])
S_qty = np.where(rng.random(NSA) < 0.12, 2, 1)
S_price = np.array([PRODUCTS[i][3] for i in S_item], float) * np.where(rng.random(NSA) < 0.1, 0.8, 1.0)
S_amt = np.round(S_price * S_qty, 2)
S_cat = np.array([rng.choice(PRODUCTS[i][2]) for i in S_item], dtype=object)
for j in np.nonzero(S_c >= 0)[0]:
    LED.append((int(S_c[j]), S_t[j] + 30, float(np.floor(S_amt[j])), "retail"))

L_c = np.array([x[0] for x in LED])
L_t = np.array([x[1] for x in LED])
L_p = np.array([x[2] for x in LED])
L_r = np.array([x[3] for x in LED], dtype=object)
lo = np.lexsort((L_c, L_t))
L_c, L_t, L_p, L_r = L_c[lo], L_t[lo], L_p[lo], L_r[lo]

G_c = np.array([g[0] for g in GC])
G_t = np.array([g[1] for g in GC])
G_amt = np.array([g[2] for g in GC])
G_rec = np.array([g[3] for g in GC])
go = np.argsort(G_t, kind="stable")
R_j = np.array([r[0] for r in GRED])
R_t = np.array([r[1] for r in GRED])
R_amt = np.array([r[2] for r in GRED])

# ---------------- tables as they stood at CUT


def state_at(events, n, default):
    """The latest value per id of (id, t, value) events at or before CUT."""
    out = np.array(default, dtype=object).copy() if not np.isscalar(default) else np.full(n, default, dtype=object)
    last = np.full(n, -INF)
    for i, t, v in events:
        if t <= T and t >= last[i]:
            out[i], last[i] = v, t
    return out


salons = pd.DataFrame(
    {
        "salon_id": np.arange(1, NS + 1),
        "name": [
            f"Mane & Co {c} {n}"
            for c, n in zip(
                CITY,
                ["Central", "Chapel", "Minster", "Parade", "Kelham", "Ecclesall", "Westgate", "Roundhay"],
                strict=True,
            )
        ],
        "city": CITY,
        "region": rng.choice(["north", "south", "west"], NS),
        "price_tier": s_tier,
        "sms_reminders": s_sms,
        "chairs": rng.integers(6, 14, NS),
        "opened_on": ts(s_open).date,
    }
)[s_open <= T]

seen = (A_bt <= T) & (A_s >= 0)
sal_now = np.array([salon_of(i, T) if k_hired[i] <= T else -1 for i in range(NK)])
last_sal = np.array([[s for t0, s in k_spans[i] if t0 <= T][-1] if k_hired[i] <= T else -1 for i in range(NK)])
rk = np.isfinite(A_rated) & (A_rated <= T)
r_mean = pd.Series(A_rating[rk]).groupby(A_k[rk]).mean().reindex(range(NK)).to_numpy()
stylists = pd.DataFrame(
    {
        "stylist_code": k_code,
        "first_name": rng.choice(["Amy", "Ben", "Chloe", "Dan", "Ella", "Faye", "Gina", "Hana", "Isla", "Jo"], NK),
        "level": k_level,
        "current_salon_id": np.where(sal_now >= 0, sal_now, last_sal) + 1,
        "hired_on": ts(k_hired).date,
        "left_on": pd.Series(ts(known(k_left))).dt.date,
        "rating_avg": np.round(r_mean, 2),
        "instagram": [f"@{k.lower().replace('-', '')}_hair" if rng.random() < 0.6 else None for k in k_code],
    }
)[k_hired <= T]

mv = pd.DataFrame(
    {
        "stylist_code": [k_code[i] for i, _, _ in MOVES],
        "from_salon_id": [salon_of(i, t - 1) + 1 for i, t, _ in MOVES],
        "to_salon_id": [to + 1 for _, _, to in MOVES],
        "moved_at": ts([t for _, t, _ in MOVES]),
        "reason": rng.choice(["request", "cover", "promotion", "new salon"], len(MOVES)),
    }
)
stylist_moves = mv[np.array([t for _, t, _ in MOVES]) <= T]

home = state_at(HOME, NCL, -1).astype(int)
pref = state_at(PREF, NCL, -1).astype(int)
lk = L_t <= T
points = np.bincount(L_c[lk], weights=L_p[lk], minlength=NCL)
earned = np.bincount(
    L_c[lk & (L_t > T - 365 * DAY) & (L_p > 0)], weights=L_p[lk & (L_t > T - 365 * DAY) & (L_p > 0)], minlength=NCL
)
tier = np.where(earned < 300, "bronze", np.where(earned < 900, "silver", "gold"))
vk = np.isfinite(A_checkin) & (A_checkin <= T)
lastv = pd.Series(A_checkin[vk]).groupby(A_c[vk]).max().reindex(range(NCL)).to_numpy()
status = np.where(np.isnan(lastv), "new", np.where(T - lastv <= 180 * DAY, "active", "lapsed"))
clients = pd.DataFrame(
    {
        "client_id": np.arange(1, NCL + 1),
        "home_salon_id": home + 1,
        "preferred_stylist": np.where(pref >= 0, k_code[np.maximum(pref, 0)], None),
        "signup_at": ts(c_signup),
        "gender": np.where(c_male, "M", rng.choice(["F", "F", "F", "X"], NCL)),
        "birth_year": c_byear,
        "hair_type": c_hair,
        "referral_source": c_ref,
        "phone": c_phone,
        "loyalty_points": points.astype(int),
        "loyalty_tier": tier,
        "last_visit_at": ts(lastv),
        "status": status,
    }
)[c_signup <= T]

services = pd.DataFrame(
    {
        "service_id": np.arange(1, len(SERV) + 1),
        "name": [s[0] for s in SERV],
        "category": [s[1] for s in SERV],
        "base_price": SV_PRICE,
        "duration_min": SV_MIN.astype(int),
        "is_addon": [s[4] for s in SERV],
    }
)

done_k = np.isfinite(A_done) & (A_done <= T)
cancel_k = A_ct <= T
ns_k = (A_out == "no_show") & (A_st + 1800 <= T)
a_status = np.where(cancel_k, "cancelled", np.where(done_k, "completed", np.where(ns_k, "no_show", "booked")))
appointments = pd.DataFrame(
    {
        "appt_id": np.arange(1, NA + 1),
        "client_id": A_c + 1,
        "salon_id": A_s + 1,
        "stylist_code": k_code[A_k],
        "booked_at": ts(A_bt),
        "scheduled_at": ts(A_st),
        "channel": A_ch,
        "status": a_status,
        "checked_in_at": ts(known(A_checkin)),
        "completed_at": ts(known(A_done)),
        "cancelled_at": ts(np.where(cancel_k, A_ct, np.nan)),
        "total_amount": np.where(done_k, A_total, np.nan),
        "loyalty_discount": np.where(done_k, A_disc, np.nan),
        "payment_method": np.where(done_k, A_pay, None),
        "rating": np.where(rk, A_rating, np.nan),
        "rated_at": ts(np.where(rk, A_rated, np.nan)),
        "chair_no": A_chair,
    }
).iloc[np.argsort(A_bt, kind="stable")]
appointments = appointments[A_bt[np.argsort(A_bt, kind="stable")] <= T]

LN_a = np.array([x[0] for x in LINES])
LN_t = np.array([x[3] for x in LINES])
appointment_services = pd.DataFrame(
    {
        "line_id": np.arange(1, len(LINES) + 1),
        "appt_id": LN_a + 1,
        "service_id": np.array([x[1] for x in LINES]) + 1,
        "price": [x[2] for x in LINES],
        "added_at": ts(LN_t),
    }
)[LN_t <= T]

so = np.argsort(S_t, kind="stable")
product_sales = pd.DataFrame(
    {
        "sale_id": np.arange(1, NSA + 1),
        "client_id": np.where(S_c[so] >= 0, S_c[so] + 1, None),
        "salon_id": S_s[so] + 1,
        "stylist_code": np.where(S_k[so] >= 0, k_code[np.maximum(S_k[so], 0)], None),
        "appt_ref": np.where(S_a[so] >= 0, (S_a[so] + 1).astype(str), None),
        "sold_at": ts(S_t[so]),
        "sku": [PRODUCTS[i][0] for i in S_item[so]],
        "product_name": [PRODUCTS[i][1] for i in S_item[so]],
        "category": S_cat[so],
        "qty": S_qty[so],
        "amount": S_amt[so],
    }
)[S_t[so] <= T]

rk_g = R_t <= T
bal_now = G_amt - np.bincount(R_j[rk_g], weights=R_amt[rk_g], minlength=NG)
first_red = pd.Series(R_t[rk_g]).groupby(R_j[rk_g]).min().reindex(range(NG)).to_numpy()
exp_t = G_t + 730 * DAY
g_status = np.where(bal_now <= 0.005, "redeemed", np.where(exp_t <= T, "expired", "active"))
gift_cards = pd.DataFrame(
    {
        "card_code": [f"GC-{i + 1:05d}" for i in range(NG)],
        "purchaser_id": G_c[go] + 1,
        "recipient_id": np.where(G_rec[go] >= 0, G_rec[go] + 1, None),
        "issued_at": ts(G_t[go]),
        "amount": G_amt[go],
        "balance": np.round(np.maximum(bal_now[go], 0), 2),
        "status": g_status[go],
        "first_redeemed_at": ts(first_red[go]),
        "expires_on": ts(exp_t[go]).date,
    }
)[G_t[go] <= T]

loyalty_ledger = pd.DataFrame(
    {
        "entry_id": np.arange(1, len(L_c) + 1),
        "client_id": L_c + 1,
        "created_at": ts(L_t),
        "points": L_p.astype(int),
        "reason": L_r,
    }
)[L_t <= T]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE salons (salon_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, region VARCHAR, price_tier VARCHAR,
                     sms_reminders BOOLEAN, chairs INTEGER, opened_on DATE);
CREATE TABLE stylists (stylist_code VARCHAR PRIMARY KEY, first_name VARCHAR, level VARCHAR, current_salon_id INTEGER,
                       hired_on DATE, left_on DATE, rating_avg DOUBLE, instagram VARCHAR);
CREATE TABLE stylist_moves (stylist_code VARCHAR, from_salon_id INTEGER, to_salon_id INTEGER, moved_at TIMESTAMP,
                            reason VARCHAR);
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, home_salon_id INTEGER REFERENCES salons(salon_id),
                      preferred_stylist VARCHAR, signup_at TIMESTAMP, gender VARCHAR, birth_year INTEGER,
                      hair_type VARCHAR, referral_source VARCHAR, phone VARCHAR, loyalty_points INTEGER,
                      loyalty_tier VARCHAR, last_visit_at TIMESTAMP, status VARCHAR);
CREATE TABLE services (service_id INTEGER PRIMARY KEY, name VARCHAR, category VARCHAR, base_price DOUBLE,
                       duration_min INTEGER, is_addon BOOLEAN);
CREATE TABLE appointments (appt_id INTEGER PRIMARY KEY, client_id INTEGER, salon_id INTEGER, stylist_code VARCHAR,
                           booked_at TIMESTAMP, scheduled_at TIMESTAMP, channel VARCHAR, status VARCHAR,
                           checked_in_at TIMESTAMP, completed_at TIMESTAMP, cancelled_at TIMESTAMP,
                           total_amount DOUBLE, loyalty_discount DOUBLE, payment_method VARCHAR, rating DOUBLE,
                           rated_at TIMESTAMP, chair_no INTEGER);
CREATE TABLE appointment_services (line_id INTEGER PRIMARY KEY, appt_id INTEGER,
                                   service_id INTEGER REFERENCES services(service_id), price DOUBLE,
                                   added_at TIMESTAMP);
CREATE TABLE product_sales (sale_id INTEGER PRIMARY KEY, client_id INTEGER, salon_id INTEGER, stylist_code VARCHAR,
                            appt_ref VARCHAR, sold_at TIMESTAMP, sku VARCHAR, product_name VARCHAR, category VARCHAR,
                            qty INTEGER, amount DOUBLE);
CREATE TABLE gift_cards (card_code VARCHAR PRIMARY KEY, purchaser_id INTEGER, recipient_id INTEGER,
                         issued_at TIMESTAMP, amount DOUBLE, balance DOUBLE, status VARCHAR,
                         first_redeemed_at TIMESTAMP, expires_on DATE);
CREATE TABLE loyalty_ledger (entry_id INTEGER PRIMARY KEY, client_id INTEGER, created_at TIMESTAMP, points INTEGER,
                             reason VARCHAR);
""")
for name, df in [
    ("salons", salons),
    ("stylists", stylists),
    ("stylist_moves", stylist_moves),
    ("clients", clients),
    ("services", services),
    ("appointments", appointments),
    ("appointment_services", appointment_services),
    ("product_sales", product_sales),
    ("gift_cards", gift_cards),
    ("loyalty_ledger", loyalty_ledger),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
