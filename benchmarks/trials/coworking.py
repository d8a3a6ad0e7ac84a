"""A coworking-space operator (locations, spaces with capacity, member companies and their members, a plan-change
log, meeting-room bookings made ahead with cancellations and no-shows, door check-ins, monthly invoices and
payments, guest passes, support tickets), seeded: `python benchmarks/trials/coworking.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)):
8 locations, 304 spaces, 420 companies (194 churned by NOW), 2,389 members, 1,800 plan changes, 12.9k bookings,
111k check-ins, 5.2k invoices, 5.6k payments, 1.7k guest passes, 1.5k support tickets (about 143k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: bookings.starts_at / ends_at (booked up to 60 days ahead),
invoices.due_on (a DATE 14 days after issue) and guest_passes.visit_date (a DATE up to ~2 weeks ahead). Every
other column holding a later date of its row is filled in later.

Truth (seed 0):
- locations (8): tier 'premium' (2) / 'standard' (4) / 'budget' (2) is a parent attribute that matters: company churn
  hazard x .6 / 1 / 1.5, prices x 1.25 / 1 / .8, ticket resolution x 1 / 1 / 3 slower and ticket rate x 2 for
  'budget'; location 8 (standard) opens 2024-03-01 and takes 35% of new companies after; manager and wifi_ssid noise
- spaces (38 per location): 1 hot-desk area, 20 desks, 6 offices, 8 meeting rooms (capacity 2..14), 3 phone booths;
  bookings are for meeting rooms and phone booths only; hourly_rate = (10 + 4 capacity) x tier; floor noise
- companies (420): 220 signed before the span (2019..2022), 200 during; engagement e ~ N(0, 1) (hidden),
  pay discipline q ~ N(0, 1) (hidden); industry stored messy ('Tech', 'tech', 'Software', 'FinTech', 'Design ',
  'design', 'Legal', 'LEGAL', 'Consulting', 'consultancy', 'NGO', 'Non-profit', 'Media'); size: initial seats
  clip(round(exp(N(1, .7))), 1, 25); 45% of companies with >= 4 seats take private offices for everyone
- company churn: notice with hazard 1/1400 per day x exp(-.6 e) x tier x (1 + .5 min(stress, 3)) x 1.8 while an
  invoice is overdue x 1.5 in its first 180 days x 1.5 with <= 1 member; stress = slow support tickets (> 4 days to
  resolve), decayed over 60 days; a company whose last member leaves gives notice that day. Churn (every member
  leaves) 30 days after notice; during notice check-ins and bookings x .5, 40% of members switch to 'flex_10'
  (plan_changes reason 'notice'), no-show logit + .6, invoices never paid with p .2 (else .015)
- companies TODAY's: status ('active' / 'notice' / 'churned'), seats (members active now); notice_at and churned_at
  filled in later; vat_no and account_manager noise; home_site -> locations.location_id undeclared
- members: activity a ~ N(0, 1) + .5 e, reliability r ~ N(0, 1) (hidden); hires per live company (not in notice)
  1/200 per day x exp(.4 e); a member decides to leave with hazard 1/500 x exp(-.3 a) per day and leaves 30 days
  later (check-ins x .4 in those days, future bookings after the leave cancelled)
- plans: 'flex_10' (160), 'hot_desk' (290), 'dedicated_desk' (450), 'private_office' (620) per month x tier; a
  plan change with hazard 1/300 per day (x1.6 in January): up a level with p sigmoid(1.2 a + .8 (busy) - .5), busy
  = decayed 30-day check-ins >= 10, else down; written to plan_changes (old_plan, new_plan, reason messy:
  'upgrade', 'Upgrade', 'downgrade', 'Downgrade ', 'notice'); members.plan is TODAY's; members.initial_plan static
- check-ins: per live member-day p = base(plan) (.08 / .22 / .30 / .32) x exp(.6 a - .18) x month (Jan 1.05,
  Jun .95, Jul .85, Aug .7, Dec .9) x weekday (Mon .85, Fri .7, Sat .08, Sun .03) x .3 Dec 20..Jan 2 x leaving x
  notice; 85% at the home site, else another open location; door messy ('main', 'Main', 'MAIN ', 'side');
  checked_out_at filled in later (same day); members.last_checkin_at TODAY's
- bookings: per live member-day p .025 x exp(.5 a) x (.5 private_office) x weekday (Sat/Sun .2) x notice; lead
  min(Exp(4), 60) days; 1-3 h between 8:00 and 17:00; a meeting room at the home site with capacity >= attendees
  (15% a phone booth); cancelled with p .07 + .003 lead (cancelled_at between booking and start; filled later);
  no-show logit -2.3 - .9 r + .02 lead + .5 (Monday before 10:00) + .6 notice; status TODAY's ('confirmed' /
  'completed' / 'no_show' / 'cancelled'); member_ref is members.badge_code (a text key, undeclared)
- invoices (1st of each month 06:00, one per company with members): seats x plan price x tier + overage 18 x tier
  per room-hour over 4 per member last month (not cancelled); invoice_no text 'INV-2403-0042' (PK);
  due_on = issue + 14 days; paid after .5 + Exp(5 exp(-.7 q)) days, 12% in two payments (60/40, the second
  Exp(10) days later); status TODAY's ('open' / 'overdue' / 'partially_paid' / 'paid' / 'written_off' 90 days
  after due), amount_paid TODAY's
- payments: invoice_no (text, undeclared), paid_at, amount, method messy ('card', 'Card', 'CARD', 'bank transfer',
  'Bank Transfer', 'BACS', 'sepa', 'SEPA')
- guest_passes: per live member-day p .003 x exp(.4 a); visit_date = created + round(Exp(3)) days; used p .8;
  status TODAY's ('scheduled' / 'used' / 'expired'); guest_name noise
- support_tickets: per live company-day p .003 (1 + seats)^.6 x (2 budget); category messy ('wifi', 'WiFi',
  'Wi-Fi', 'noise', 'Noise', 'billing', 'Billing ', 'access', 'cleaning', 'Cleaning', 'printer'); priority;
  resolved after Exp(1.5 days x (3 budget) x (2 low priority)); csat (1-5) and resolved_at filled in later;
  status TODAY's ('open' / 'resolved')
- keys: PKs declared on every table (invoices by the text invoice_no); REFERENCES only spaces.location_id ->
  locations and members.company_id -> companies. Undeclared: companies.home_site, plan_changes.member_id,
  bookings.member_ref (text -> members.badge_code), bookings.space_id, checkins (member_id, location_id),
  invoices.company_id, payments.invoice_no (text), guest_passes (host_member_id, location_id),
  support_tickets (company_id, opened_by -> members.member_id)
- `python coworking.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

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
HOUR = 3600.0
ND = (NOW.normalize() - START).days + 1
NDT = ND + 120
T = (CUT - START).total_seconds()
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


DAYS = pd.date_range(START, periods=NDT, freq="D")
MONTHF = np.array([1.05, 1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 0.7, 1.0, 1.0, 1.0, 0.9])
DOWF = np.array([0.85, 1.0, 1.0, 1.0, 0.7, 0.08, 0.03])
DOW = DAYS.day_of_week.values
XMAS = ((DAYS.month == 12) & (DAYS.day >= 20)) | ((DAYS.month == 1) & (DAYS.day <= 2))
SEASON = MONTHF[DAYS.month - 1] * DOWF[DOW] * np.where(XMAS, 0.3, 1.0)
MONTH_IDX = (DAYS.year.values - 2023) * 12 + DAYS.month.values - 1

# ---------------- locations
NL = 8
CITY = np.array(["London", "London", "Manchester", "Bristol", "London", "Leeds", "Manchester", "London"])
TIER = np.array(["premium", "standard", "budget", "standard", "premium", "budget", "standard", "standard"])
TIER_CH = {"premium": 0.6, "standard": 1.0, "budget": 1.5}
TIER_PX = {"premium": 1.25, "standard": 1.0, "budget": 0.8}
L_CH = np.array([TIER_CH[x] for x in TIER])
L_PX = np.array([TIER_PX[x] for x in TIER])
l_open = secs("2015-01-01") + rng.uniform(0, 7 * 365, NL) * DAY
l_open[7] = secs("2024-03-01") + 8 * HOUR
locations = pd.DataFrame(
    {
        "location_id": np.arange(1, NL + 1),
        "name": [
            f"{CITY[i]} {n}"
            for i, n in enumerate(
                [
                    "Shoreditch",
                    "Kings Cross",
                    "Ancoats",
                    "Harbourside",
                    "Canary Wharf",
                    "Holbeck",
                    "Spinningfields",
                    "Southwark",
                ]
            )
        ],
        "city": CITY,
        "tier": TIER,
        "opened_on": ts(l_open).date,
        "manager": rng.choice(["A. Shah", "B. Okafor", "C. Lee", "D. Novak", "E. Brown", "F. Rossi"], NL),
        "wifi_ssid": [f"CW-{rng.integers(1000, 9999)}" for _ in range(NL)],
    }
)

# ---------------- spaces
S_loc, S_kind, S_cap, S_name, S_floor = [], [], [], [], []
for li in range(NL):
    items = [("hot_desk_area", int(rng.integers(40, 81)))] + [("desk", 1)] * 20
    items += [("office", int(c)) for c in rng.choice([4, 6, 8, 10, 12, 16], 6)]
    items += [("meeting_room", c) for c in [2, 4, 4, 6, 6, 8, 10, 14]] + [("phone_booth", 1)] * 3
    for j, (k, c) in enumerate(items):
        S_loc.append(li)
        S_kind.append(k)
        S_cap.append(c)
        S_name.append(f"{k[:2].upper()}-{li + 1}.{j:02d}")
        S_floor.append(int(rng.integers(0, 6)))
S_loc = np.array(S_loc)
S_kind = np.array(S_kind)
S_cap = np.array(S_cap)
S_rate = np.where(np.isin(S_kind, ["meeting_room", "phone_booth"]), (10 + 4 * S_cap) * L_PX[S_loc], np.nan)
NS = len(S_loc)
ROOMS = {li: np.nonzero((S_loc == li) & (S_kind == "meeting_room"))[0] for li in range(NL)}
BOOTHS = {li: np.nonzero((S_loc == li) & (S_kind == "phone_booth"))[0] for li in range(NL)}

# ---------------- companies
NCO_PRE, NCO_NEW = 220, 200
NCO = NCO_PRE + NCO_NEW
co_created = np.concatenate(
    [secs("2019-01-01") + rng.uniform(0, 4 * 365 - 1, NCO_PRE) * DAY, rng.uniform(0, ND - 20, NCO_NEW) * DAY]
)
co_created += rng.uniform(9, 17, NCO) * HOUR
co_e = rng.normal(0, 1, NCO)
co_q = rng.normal(0, 1, NCO)
co_size = np.clip(np.round(np.exp(rng.normal(1.0, 0.7, NCO))), 1, 25).astype(int)
co_home = rng.choice(7, NCO, p=[0.18, 0.16, 0.14, 0.14, 0.14, 0.12, 0.12])
to8 = (co_created > l_open[7]) & (rng.random(NCO) < 0.35)
co_home[to8] = 7
co_office = (co_size >= 4) & (rng.random(NCO) < 0.45)
IND = [
    "Tech",
    "tech",
    "Software",
    "FinTech",
    "Design ",
    "design",
    "Legal",
    "LEGAL",
    "Consulting",
    "consultancy",
    "NGO",
    "Non-profit",
    "Media",
]
co_ind = rng.choice(IND, NCO, p=[0.14, 0.06, 0.08, 0.07, 0.05, 0.08, 0.07, 0.03, 0.1, 0.05, 0.07, 0.05, 0.15])
co_notice = np.full(NCO, INF)
co_churn = np.full(NCO, INF)
co_stress = np.zeros(NCO)
co_overdue_until = np.full(NCO, -INF)  # the latest unpaid-invoice end (paid time) seen, with its due
co_overdue_from = np.full(NCO, INF)
co_name = [
    f"{a}{b} {c}"
    for a, b, c in zip(
        rng.choice(["Blue", "Red", "North", "Kite", "Oak", "Nova", "Pixel", "Iron", "Bright", "Quill"], NCO),
        rng.choice(["field", "stone", "wave", "gate", "lane", "works"], NCO),
        rng.choice(["Ltd", "Labs", "LLP", "Studio", "& Co"], NCO),
        strict=True,
    )
]

# ---------------- members (dynamic)
PLANS = np.array(["flex_10", "hot_desk", "dedicated_desk", "private_office"])
PRICE = np.array([160.0, 290.0, 450.0, 620.0])
BASE = np.array([0.08, 0.22, 0.30, 0.32])
MAXM = 8000
m_co = np.zeros(MAXM, int)
m_join = np.full(MAXM, INF)
m_leave = np.full(MAXM, INF)  # time the member leaves (decided 30 days before)
m_decide = np.full(MAXM, INF)
m_a = np.zeros(MAXM)
m_r = np.zeros(MAXM)
m_plan = np.zeros(MAXM, int)
m_plan0 = np.zeros(MAXM, int)
m_busy = np.zeros(MAXM)
NM = 0
future = {}  # member -> indices of bookings whose start is ahead


def add_member(c, t):
    global NM
    i = NM
    NM += 1
    m_co[i] = c
    m_join[i] = t
    m_a[i] = rng.normal(0, 1) + 0.5 * co_e[c]
    m_r[i] = rng.normal(0, 1)
    if co_office[c]:
        p = 3
    else:
        w = np.exp(np.array([-0.3, 0.4, 0.0]) + np.array([-0.8, 0.0, 0.6]) * m_a[i])
        p = int(rng.choice(3, p=w / w.sum()))
    m_plan[i] = m_plan0[i] = p
    future[i] = []
    return i


for c in range(NCO):
    for _ in range(co_size[c]):
        add_member(c, co_created[c] + (0 if _ == 0 else rng.uniform(0, 200) * DAY * (co_created[c] < 0)))
# pre-span members joined before the span at latest
pre_m = m_co[:NM] < NCO_PRE
m_join[:NM] = np.where(pre_m, np.minimum(m_join[:NM], -DAY), m_join[:NM])

PC = []  # plan changes: (member, t, old, new, reason)
CK = []  # check-ins: (member, loc, t_in, t_out, door)
BK = []  # bookings: [member, space, booked_t, start_t, end_t, attendees, cancel_t, outcome]
GP = []  # guest passes: (member, loc, created_t, visit_day, used)
TK = []  # tickets: (company, member, t, category, priority, resolved_t, csat)
INV = []  # invoices: (company, issued_t, amount, month_idx)
PAY = []  # payments: (invoice index, t, amount, method)
DOOR = np.array(["main", "Main", "MAIN ", "side"])
CAT = ["wifi", "WiFi", "Wi-Fi", "noise", "Noise", "billing", "Billing ", "access", "cleaning", "Cleaning", "printer"]
CATP = np.array([0.12, 0.08, 0.05, 0.1, 0.05, 0.1, 0.05, 0.15, 0.1, 0.05, 0.15])
METHODS = ["card", "Card", "CARD", "bank transfer", "Bank Transfer", "BACS", "sepa", "SEPA"]
METHP = np.array([0.3, 0.1, 0.05, 0.25, 0.08, 0.12, 0.07, 0.03])
REASON_UP = ["upgrade", "Upgrade"]
REASON_DN = ["downgrade", "Downgrade "]


def decide_leave(i, t, leave_t):
    """Member i will leave at leave_t (decided at t): cancel its bookings that start after."""
    if leave_t >= m_leave[i]:
        return
    m_leave[i] = leave_t
    m_decide[i] = t
    for b in future[i]:
        if BK[b][3] > leave_t and BK[b][6] > t:
            BK[b][6] = t + rng.uniform(0, max(leave_t - t, HOUR))
            BK[b][6] = min(BK[b][6], BK[b][3] - HOUR)


for d in range(ND):
    t0 = d * DAY
    n = NM
    # companies joining today (their founding members were created above)
    co_live = (co_created <= t0 + DAY) & (co_churn > t0)
    live = (m_join[:n] <= t0 + DAY) & (m_leave[:n] > t0)
    in_notice = co_notice[m_co[:n]] <= t0
    leaving = m_decide[:n] <= t0
    seats = np.bincount(m_co[:n][live], minlength=NCO)

    # company notice
    overdue = (co_overdue_from <= t0) & (co_overdue_until > t0)
    age = (t0 - co_created) / DAY
    h = (
        1
        / 1400
        * np.exp(-0.6 * co_e)
        * L_CH[co_home]
        * (1 + 0.5 * np.minimum(co_stress, 3))
        * np.where(overdue, 1.8, 1.0)
        * np.where(age < 180, 1.5, 1.0)
        * np.where(seats <= 1, 1.5, 1.0)
    )
    u = rng.random(NCO)
    fresh = co_live & (co_notice == INF) & (co_created <= t0) & ((u < h) | (seats == 0) & (age > 1))
    for c in np.nonzero(fresh)[0]:
        tn = t0 + rng.uniform(9, 18) * HOUR
        co_notice[c] = tn
        co_churn[c] = tn + 30 * DAY
        for i in np.nonzero((m_co[:n] == c) & live)[0]:
            decide_leave(i, tn, co_churn[c])
            if rng.random() < 0.4 and m_plan[i] != 0:
                PC.append((i, tn + rng.uniform(0, 3) * DAY, m_plan[i], 0, "notice"))
                m_plan[i] = 0
    co_stress *= np.exp(-1 / 60)

    # hires
    hire = co_live & (co_notice == INF) & (co_created <= t0) & (rng.random(NCO) < np.exp(0.4 * co_e) / 200)
    for c in np.nonzero(hire)[0]:
        add_member(c, t0 + rng.uniform(8, 18) * HOUR)
    # members deciding to leave
    lv = live & ~leaving & (rng.random(n) < np.exp(-0.3 * m_a[:n]) / 500)
    for i in np.nonzero(lv)[0]:
        tl = t0 + rng.uniform(9, 18) * HOUR
        decide_leave(i, tl, tl + 30 * DAY)

    # plan changes
    jan = DAYS.month[d] == 1
    pcm = live & ~in_notice & (rng.random(n) < (1.6 if jan else 1.0) / 250)
    for i in np.nonzero(pcm)[0]:
        up = rng.random() < sig(1.2 * m_a[i] + 0.8 * (m_busy[i] >= 10) - 0.5)
        new = min(m_plan[i] + 1, 3) if up else max(m_plan[i] - 1, 0)
        if new == m_plan[i]:
            continue
        PC.append(
            (
                i,
                t0 + rng.uniform(8, 20) * HOUR,
                m_plan[i],
                new,
                rng.choice(REASON_UP) if new > m_plan[i] else rng.choice(REASON_DN),
            )
        )
        m_plan[i] = new

    # check-ins
    p = (
        BASE[m_plan[:n]]
        * np.exp(0.6 * m_a[:n] - 0.18)
        * SEASON[d]
        * np.where(leaving, 0.4, 1.0)
        * np.where(in_notice, 0.5, 1.0)
    )
    ck = live & (rng.random(n) < p) & (m_join[:n] <= t0 + 7 * HOUR)
    m_busy[:n] *= np.exp(-1 / 30)
    m_busy[:n] += ck
    open_locs = np.nonzero(l_open <= t0)[0]
    for i in np.nonzero(ck)[0]:
        home = co_home[m_co[i]]
        loc = home if rng.random() < 0.85 else int(rng.choice(open_locs))
        tin = t0 + (7.5 + rng.gamma(2.0, 0.8)) * HOUR
        tout = tin + rng.uniform(3, 9.5) * HOUR
        CK.append((i, loc, tin, tout, DOOR[rng.choice(4, p=[0.6, 0.15, 0.05, 0.2])]))

    # bookings
    pb = (
        0.025
        * np.exp(0.5 * m_a[:n])
        * np.where(m_plan[:n] == 3, 0.5, 1.0)
        * (0.2 if DOW[d] >= 5 else 1.0)
        * np.where(in_notice, 0.5, 1.0)
    )
    bk = live & (rng.random(n) < pb) & (m_join[:n] <= t0)
    for i in np.nonzero(bk)[0]:
        bt = t0 + rng.uniform(8, 20) * HOUR
        lead = min(rng.exponential(4), 60)
        sd = d + int(np.ceil(lead))
        if DOW[sd] >= 5:
            sd += 7 - DOW[sd]
        st = sd * DAY + rng.integers(16, 35) * 0.5 * HOUR
        st = max(st, bt + HOUR)
        dur = float(rng.choice([1, 1, 1.5, 2, 2, 3])) * HOUR
        home = co_home[m_co[i]]
        if rng.random() < 0.15:
            sp = int(rng.choice(BOOTHS[home]))
            att = 1
        else:
            att = int(min(1 + rng.poisson(2.5), 14))
            ok = ROOMS[home][S_cap[ROOMS[home]] >= att]
            sp = int(rng.choice(ok))
        lead_d = (st - bt) / DAY
        ct = INF
        if rng.random() < 0.07 + 0.003 * lead_d:
            ct = bt + rng.uniform(0.05, 0.95) * (st - bt)
        if st > m_leave[i]:
            ct = min(ct, bt + rng.uniform(0.05, 0.95) * (min(st, m_leave[i]) - bt))
        z = (
            -2.3
            - 0.9 * m_r[i]
            + 0.02 * lead_d
            + 0.5 * ((DOW[sd] == 0) and (st - sd * DAY) < 10 * HOUR)
            + 0.6 * (co_notice[m_co[i]] <= t0)
        )
        out = "no_show" if rng.random() < sig(z) else "completed"
        BK.append([i, sp, bt, st, st + dur, att, ct, out])
        future[i].append(len(BK) - 1)
    if d % 7 == 0:
        for i in range(n):
            if future[i]:
                future[i] = [b for b in future[i] if BK[b][3] > t0]

    # guest passes
    gp = live & (rng.random(n) < 0.003 * np.exp(0.4 * m_a[:n]) * (0.3 if DOW[d] >= 5 else 1.0))
    for i in np.nonzero(gp)[0]:
        GP.append(
            (
                i,
                co_home[m_co[i]],
                t0 + rng.uniform(8, 20) * HOUR,
                d + int(round(rng.exponential(3))),
                rng.random() < 0.8,
            )
        )

    # support tickets
    pt = 0.003 * (1 + seats) ** 0.6 * np.where(TIER[co_home] == "budget", 2.0, 1.0)
    tk = co_live & (co_created <= t0) & (seats > 0) & (rng.random(NCO) < pt)
    for c in np.nonzero(tk)[0]:
        who = np.nonzero((m_co[:n] == c) & live)[0]
        mem = int(rng.choice(who))
        tt = t0 + rng.uniform(7, 21) * HOUR
        pri = rng.choice(["low", "normal", "high", "urgent"], p=[0.3, 0.45, 0.2, 0.05])
        delay = rng.exponential(1.5) * (3 if TIER[co_home[c]] == "budget" else 1) * (2 if pri == "low" else 1)
        tr = tt + delay * DAY + rng.uniform(0.2, 4) * HOUR
        csat = int(np.clip(np.round(5 - delay / 3 + rng.normal(0, 0.8)), 1, 5)) if rng.random() < 0.6 else None
        TK.append((c, mem, tt, CAT[rng.choice(len(CAT), p=CATP)], pri, tr, csat))
        if delay > 4:
            co_stress[c] += 1

    # invoices on the 1st
    if DAYS.day[d] == 1 and d > 0:
        mi = MONTH_IDX[d]
        ti = t0 + 6 * HOUR
        if BK:
            b_m = np.array([b[0] for b in BK])
            b_st = np.array([b[3] for b in BK])
            b_et = np.array([b[4] for b in BK])
            b_ct = np.array([b[6] for b in BK])
            last = (b_st >= (d - DAYS[d - 1].day) * DAY) & (b_st < t0) & (b_ct > b_st)
            hrs = np.bincount(m_co[b_m[last]], weights=(b_et - b_st)[last] / HOUR, minlength=NCO)
        else:
            hrs = np.zeros(NCO)
        livei = (m_join[:n] <= ti) & (m_leave[:n] > ti - 20 * DAY)
        for c in np.nonzero(co_live & (co_created <= ti))[0]:
            ms = np.nonzero((m_co[:n] == c) & livei)[0]
            if len(ms) == 0:
                continue
            amt = PRICE[m_plan[ms]].sum() * L_PX[co_home[c]] + 18 * L_PX[co_home[c]] * max(0, hrs[c] - 4 * len(ms))
            amt = round(float(amt), 2)
            k = len(INV)
            INV.append((c, ti + rng.uniform(0, 600), amt, mi))
            never = rng.random() < (0.2 if co_notice[c] <= ti else 0.015)
            delay = (0.5 + rng.exponential(5 * np.exp(-0.7 * co_q[c]))) * DAY
            split = rng.random() < 0.12
            due = ti + 14 * DAY
            if never:
                paid_t = INF
            elif split:
                t1 = ti + delay
                t2 = t1 + rng.exponential(10) * DAY + HOUR
                PAY.append((k, t1, round(0.6 * amt, 2), METHODS[rng.choice(8, p=METHP)]))
                PAY.append((k, t2, round(amt - round(0.6 * amt, 2), 2), METHODS[rng.choice(8, p=METHP)]))
                paid_t = t2
            else:
                paid_t = ti + delay
                PAY.append((k, paid_t, amt, METHODS[rng.choice(8, p=METHP)]))
            if paid_t > due:
                co_overdue_from[c] = due
                co_overdue_until[c] = paid_t

NM_ = NM
# ---------------- arrays
m_idx = np.arange(NM_)
m_join, m_leave, m_decide = m_join[:NM_], m_leave[:NM_], m_decide[:NM_]
m_co, m_plan0 = m_co[:NM_], m_plan0[:NM_]
badge = np.array([f"BDG-{i:05d}" for i in rng.permutation(np.arange(1001, 1001 + NM_))])
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena"]
LAST = ["Smith", "Patel", "Nguyen", "Garcia", "Khan", "Jones", "Kim", "Okoro", "Silva", "Brown"]
m_name = [f"{a} {b}" for a, b in zip(rng.choice(FIRST, NM_), rng.choice(LAST, NM_), strict=True)]
m_locker = np.where(rng.random(NM_) < 0.4, rng.integers(1, 400, NM_).astype(str), None)

PC_m = np.array([x[0] for x in PC])
PC_t = np.array([x[1] for x in PC])
po = np.argsort(PC_t, kind="stable")
PC = [PC[k] for k in po]
PC_m, PC_t = PC_m[po], PC_t[po]
PC_old = np.array([x[2] for x in PC])
PC_new = np.array([x[3] for x in PC])
PC_reason = np.array([x[4] for x in PC], dtype=object)

CK_m = np.array([x[0] for x in CK])
CK_l = np.array([x[1] for x in CK])
CK_in = np.array([x[2] for x in CK])
CK_out = np.array([x[3] for x in CK])
CK_door = np.array([x[4] for x in CK], dtype=object)

NB = len(BK)
B_m = np.array([b[0] for b in BK])
B_sp = np.array([b[1] for b in BK])
B_bt = np.array([b[2] for b in BK])
B_st = np.array([b[3] for b in BK])
B_et = np.array([b[4] for b in BK])
B_att = np.array([b[5] for b in BK])
B_ct = np.array([b[6] for b in BK])
B_out = np.array([b[7] for b in BK], dtype=object)
B_purpose = rng.choice(
    ["meeting", "Meeting", "client call", "interview", "workshop", None], NB, p=[0.35, 0.1, 0.2, 0.1, 0.1, 0.15]
)

NI = len(INV)
I_c = np.array([x[0] for x in INV])
I_t = np.array([x[1] for x in INV])
I_amt = np.array([x[2] for x in INV])
I_mi = np.array([x[3] for x in INV])
I_no = np.array([f"INV-{23 + mi // 12:02d}{mi % 12 + 1:02d}-{c + 1:04d}" for c, mi in zip(I_c, I_mi, strict=True)])
I_due = I_t + 14 * DAY
P_inv = np.array([x[0] for x in PAY])
P_t = np.array([x[1] for x in PAY])
P_amt = np.array([x[2] for x in PAY])
P_meth = np.array([x[3] for x in PAY], dtype=object)
pord = np.argsort(P_t, kind="stable")
P_inv, P_t, P_amt, P_meth = P_inv[pord], P_t[pord], P_amt[pord], P_meth[pord]

G_m = np.array([x[0] for x in GP])
G_l = np.array([x[1] for x in GP])
G_t = np.array([x[2] for x in GP])
G_vd = np.array([x[3] for x in GP])
G_used = np.array([x[4] for x in GP])
G_name = rng.choice(["Guest A", "Guest B", "Visitor", "Client", "Candidate", "Friend"], len(GP))

K_c = np.array([x[0] for x in TK])
K_m = np.array([x[1] for x in TK])
K_t = np.array([x[2] for x in TK])
K_cat = np.array([x[3] for x in TK], dtype=object)
K_pri = np.array([x[4] for x in TK], dtype=object)
K_rt = np.array([x[5] for x in TK])
K_csat = np.array([np.nan if x[6] is None else x[6] for x in TK])
co_vat = np.where(rng.random(NCO) < 0.7, [f"GB{rng.integers(10**8, 10**9)}" for _ in range(NCO)], None)
co_am = rng.choice(["Priya", "Tom", "Sara", "Luis", None], NCO)

# ---------------- tables as they stood at CUT
locations_out = locations[l_open <= T]
spaces = pd.DataFrame(
    {
        "space_id": np.arange(1, NS + 1),
        "location_id": S_loc + 1,
        "name": S_name,
        "kind": S_kind,
        "capacity": S_cap,
        "hourly_rate": np.round(S_rate, 2),
        "floor": S_floor,
    }
)[l_open[S_loc] <= T]

m_live_T = (m_join <= T) & (m_leave > T)
seats_T = np.bincount(m_co[m_live_T], minlength=NCO)
co_status = np.where(co_churn <= T, "churned", np.where(co_notice <= T, "notice", "active"))
companies = pd.DataFrame(
    {
        "company_id": np.arange(1, NCO + 1),
        "name": co_name,
        "industry": co_ind,
        "home_site": co_home + 1,
        "created_at": ts(co_created),
        "vat_no": co_vat,
        "account_manager": co_am,
        "status": co_status,
        "seats": seats_T,
        "notice_at": ts(known(co_notice)),
        "churned_at": ts(known(co_churn)),
    }
)[co_created <= T]

plan_T = m_plan0.copy()
kk = PC_t <= T
for i, new in zip(PC_m[kk], PC_new[kk], strict=True):
    plan_T[i] = new
ckk = CK_in <= T
last_ck = pd.Series(CK_in[ckk]).groupby(CK_m[ckk]).max().reindex(range(NM_)).to_numpy()
members = pd.DataFrame(
    {
        "member_id": m_idx + 1,
        "company_id": m_co + 1,
        "badge_code": badge,
        "full_name": m_name,
        "email": [f"member{i + 1}@example.com" for i in range(NM_)],
        "joined_at": ts(m_join),
        "initial_plan": PLANS[m_plan0],
        "plan": PLANS[plan_T],
        "status": np.where(m_leave <= T, "left", "active"),
        "left_at": ts(known(m_leave)),
        "last_checkin_at": ts(last_ck),
        "locker_no": m_locker,
    }
)[m_join <= T]

plan_changes = pd.DataFrame(
    {
        "change_id": np.arange(1, len(PC) + 1),
        "member_id": PC_m + 1,
        "changed_at": ts(PC_t),
        "old_plan": PLANS[PC_old],
        "new_plan": PLANS[PC_new],
        "reason": PC_reason,
    }
)[kk]

bookings_st = np.where(B_ct <= np.minimum(B_st, T), "cancelled", np.where(B_et <= T, B_out, "confirmed"))
bookings = pd.DataFrame(
    {
        "booking_id": np.arange(1, NB + 1),
        "member_ref": badge[B_m],
        "space_id": B_sp + 1,
        "booked_at": ts(B_bt),
        "starts_at": ts(B_st),
        "ends_at": ts(B_et),
        "attendees": B_att,
        "purpose": B_purpose,
        "status": bookings_st,
        "cancelled_at": ts(np.where(B_ct <= np.minimum(B_st, T), B_ct, np.nan)),
    }
)[B_bt <= T]

checkins = pd.DataFrame(
    {
        "checkin_id": np.arange(1, len(CK) + 1),
        "member_id": CK_m + 1,
        "location_id": CK_l + 1,
        "checked_in_at": ts(CK_in),
        "checked_out_at": ts(known(CK_out)),
        "door": CK_door,
    }
)[ckk]

pk_ = P_t <= T
paid_T = np.bincount(P_inv[pk_], weights=P_amt[pk_], minlength=NI)
full = paid_T >= I_amt - 0.005
inv_status = np.where(
    full,
    "paid",
    np.where(
        paid_T > 0,
        "partially_paid",
        np.where(I_due + 90 * DAY <= T, "written_off", np.where(I_due < T, "overdue", "open")),
    ),
)
invoices = pd.DataFrame(
    {
        "invoice_no": I_no,
        "company_id": I_c + 1,
        "period_start": (START + pd.to_timedelta(I_t - 6 * HOUR, unit="s")).normalize().date,
        "issued_at": ts(I_t),
        "due_on": ts(I_due).date,
        "amount": I_amt,
        "amount_paid": np.round(paid_T, 2),
        "status": inv_status,
    }
)[I_t <= T]
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(P_t) + 1),
        "invoice_no": I_no[P_inv],
        "paid_at": ts(P_t),
        "amount": P_amt,
        "method": P_meth,
    }
)[pk_]

g_vt_end = (G_vd + 1) * DAY
guest_passes = pd.DataFrame(
    {
        "pass_id": np.arange(1, len(GP) + 1),
        "host_member_id": G_m + 1,
        "location_id": G_l + 1,
        "guest_name": G_name,
        "created_at": ts(G_t),
        "visit_date": ts(G_vd * DAY).date,
        "status": np.where(g_vt_end <= T, np.where(G_used, "used", "expired"), "scheduled"),
    }
)[G_t <= T]

res_k = K_rt <= T
support_tickets = pd.DataFrame(
    {
        "ticket_id": np.arange(1, len(TK) + 1),
        "company_id": K_c + 1,
        "opened_by": K_m + 1,
        "opened_at": ts(K_t),
        "category": K_cat,
        "priority": K_pri,
        "status": np.where(res_k, "resolved", "open"),
        "resolved_at": ts(known(K_rt)),
        "csat": np.where(res_k, K_csat, np.nan),
    }
)[K_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE locations (location_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, tier VARCHAR, opened_on DATE,
                        manager VARCHAR, wifi_ssid VARCHAR);
CREATE TABLE spaces (space_id INTEGER PRIMARY KEY, location_id INTEGER REFERENCES locations(location_id),
                     name VARCHAR, kind VARCHAR, capacity INTEGER, hourly_rate DOUBLE, floor INTEGER);
CREATE TABLE companies (company_id INTEGER PRIMARY KEY, name VARCHAR, industry VARCHAR, home_site INTEGER,
                        created_at TIMESTAMP, vat_no VARCHAR, account_manager VARCHAR, status VARCHAR,
                        seats INTEGER, notice_at TIMESTAMP, churned_at TIMESTAMP);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, company_id INTEGER REFERENCES companies(company_id),
                      badge_code VARCHAR UNIQUE, full_name VARCHAR, email VARCHAR, joined_at TIMESTAMP,
                      initial_plan VARCHAR, plan VARCHAR, status VARCHAR, left_at TIMESTAMP,
                      last_checkin_at TIMESTAMP, locker_no VARCHAR);
CREATE TABLE plan_changes (change_id INTEGER PRIMARY KEY, member_id INTEGER, changed_at TIMESTAMP,
                           old_plan VARCHAR, new_plan VARCHAR, reason VARCHAR);
CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, member_ref VARCHAR, space_id INTEGER, booked_at TIMESTAMP,
                       starts_at TIMESTAMP, ends_at TIMESTAMP, attendees INTEGER, purpose VARCHAR, status VARCHAR,
                       cancelled_at TIMESTAMP);
CREATE TABLE checkins (checkin_id INTEGER PRIMARY KEY, member_id INTEGER, location_id INTEGER,
                       checked_in_at TIMESTAMP, checked_out_at TIMESTAMP, door VARCHAR);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, company_id INTEGER, period_start DATE, issued_at TIMESTAMP,
                       due_on DATE, amount DOUBLE, amount_paid DOUBLE, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
CREATE TABLE guest_passes (pass_id INTEGER PRIMARY KEY, host_member_id INTEGER, location_id INTEGER,
                           guest_name VARCHAR, created_at TIMESTAMP, visit_date DATE, status VARCHAR);
CREATE TABLE support_tickets (ticket_id INTEGER PRIMARY KEY, company_id INTEGER, opened_by INTEGER,
                              opened_at TIMESTAMP, category VARCHAR, priority VARCHAR, status VARCHAR,
                              resolved_at TIMESTAMP, csat DOUBLE);
""")
for name, df in [
    ("locations", locations_out),
    ("spaces", spaces),
    ("companies", companies),
    ("members", members),
    ("plan_changes", plan_changes),
    ("bookings", bookings),
    ("checkins", checkins),
    ("invoices", invoices),
    ("payments", payments),
    ("guest_passes", guest_passes),
    ("support_tickets", support_tickets),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
