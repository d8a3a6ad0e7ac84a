"""A performing-arts theatre (three stages, productions announced a season ahead with their performances, patrons,
season subscriptions renewed yearly, single-ticket orders with seats, subscriber exchanges, donations, membership
tiers earned by giving), seeded: `python benchmarks/trials/theatre.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 3 stages, 69
productions, 1,050 performances, 9,000 patrons, 2,242 subscriptions, 26.6k orders, 72.7k tickets, 1,035 exchanges,
15.3k donations, 3,629 memberships (about 132k rows, 6 s).

The data start when the ticketing system went live, START = 2022-03-01 (the 2022-23 season's announcement); the
snapshot is taken at NOW = 2024-12-31 23:59:59. Seasons run Sep 1 .. Jun 30 and are announced on Mar 1 before
them (2022-23, 2023-24, 2024-25): productions and ALL their performances are written at the announcement, so
performances.starts_at and productions.opens_on / closes_on run up to June 2025 at NOW, and tickets for
performances ahead exist (subscriptions and early single-ticket orders). memberships.starts_on / expires_on are
written ahead too (a renewal starts at the old one's expiry, a year runs 365 days). Every other column holding a
later date of its row is filled in later.

Truth (seed 0):
- stages (3): Main Stage 300 seats (Wed-Fri 19:30, Sat 14:00 + 19:30, Sun 14:00), Studio 120 (Wed-Sat 19:30, Sun
  15:00), Black Box 60 (Thu-Sat 20:00); year_built, accessible are noise
- productions: per season the Main Stage runs 4-week productions with a 1-week gap plus the holiday show ('A
  Christmas Carol', genre family, Nov 26 - Dec 29: every patron's demand for it is high: orders spike Nov-Dec);
  Studio 3-week runs, Black Box 2-week runs (none over Dec 20 - Jan 10); genre of musical / drama / comedy / opera /
  dance stored MESSY ('Musical', 'musical', 'MUSICAL', 'Drama', 'drama ', 'Play', 'Comedy', 'comedy', 'Opera',
  'OPERA', 'Dance', 'Ballet', 'Family', 'family'); quality q ~ N(0, 1) (hidden) shifts demand x exp(.35 q) and
  word of mouth (later performances of a run weigh exp(.8 q x position in run)); critic_score (1-5, ~3 + .8 q) is
  filled in the day after opening; status TODAY's ('announced' / 'running' / 'closed'); budget_k, director noise
- performances: 1.5% cancelled U(.2, 4) days before (cancelled_at filled later; its tickets refunded then; an
  order placed after it is moved to another performance); status TODAY's ('scheduled' / 'completed' /
  'cancelled'); seats_sold TODAY's counter (tickets held, not exchanged away or refunded)
- patrons (9,000): 5,200 created 2008-01..2022-02, 3,800 during the span (Aug-Dec weighted); each new patron's
  first order is placed within an hour of created_at (for a performance in the next 90 days) where one is on;
  engagement e ~ N(0, 1), affluence a ~ N(0, 1), attendance r ~ N(0, 1) (hidden); birth_year N(1965, 15) matters
  (born before 1962: 'old': genre preference opera/drama, more subscribing and giving, phone / box office; young:
  musical/comedy, web); genre preference Dirichlet by age (hidden); city MESSY ('Springfield', 'springfield',
  'SPRINGFIELD ', 'Shelbyville', 'Capital City', ...) with 25% out of town (demand x .5); zip, email_opt_in noise;
  leaving (hidden, no activity after): 20% of the old patrons are gone before START, the rest leave after
  Exp(4 y x exp(.4 e)) from max(created, START)
- single tickets: per production and patron one order with p = min(.8, .075 exp(.7 e) x 5 pref[genre] (family
  1.3) x exp(.35 q) x local x 1.3 member), x .1 when its subscription holds it; performance by weekend (Fri/Sat
  x1.6) and word of mouth; lead LogNormal(log 20 d, .9) (holiday show log 35 d); on sale Aug 1 (members Jul 15);
  quantity 1-4 (family show 2-5); zone premium p sig(a - .5), balcony (Main only) p sig(-a - .5), else standard;
  channel from the patron's habit ('web' / 'phone' / 'box_office'); a sold-out performance moves the order to the
  next one with seats, quantity cut to what is left; fees 3.50 a ticket on web and phone
- subscriptions (one order, channel 'subscription', all tickets issued at purchase, 15% off): 2022-23 from the old
  patrons with p sig(-2.4 + .8 e + .6 old + .3 a), bought Mar 1 + Exp(30 d); renewal for the next season decided
  at Mar 1 + Exp(20 d) with p sig(.6 + .6 e + 3 (att - .85) + .6 member + .4 old - .8 cancelled_perf) where att is
  the share of the season's subscription tickets held so far that were scanned (visible in tickets.scanned_at)
  and cancelled_perf whether one of them was a cancelled performance; new subscribers: patrons with single orders
  in the season so far, p sig(-3.2 + .6 e + .5 min(n, 4) + .3 old) (bought Mar 1 + U(0, 150 d)); package 'full'
  (every Main Stage production but the holiday show) with p sig(.5 a - .3), else 'flex6' / 'flex4' by genre
  preference; seats 2 (p .6) or 1; a fixed weekday night per subscriber, the run's 2nd week
- exchanges: a subscription booking is exchanged with p .10 U(2, 21) days before the performance to another
  performance of the production (old tickets' status 'exchanged', new tickets issued then, fee 0; 'reason' noise)
- attendance: a ticket is scanned (scanned_at filled later, 5-45 min before the start) with p sig(2 + .8 r + .3 e)
  if the patron has not left; tickets.status TODAY's ('sold' / 'attended' / 'no_show' / 'exchanged' / 'refunded');
  orders.status TODAY's ('paid' / 'refunded' / 'partially_refunded'), refunded_at filled later; promo_code noise
- donations: Poisson per month, .3/y x exp(.9 a + .5 e + .6 old + .8 (s - .5) - .4), s = .8 e + .6 old + .3 a
  (subscriber propensity, hidden), x month (Dec 5,
  Nov 1.5, Jun 1.6 (fiscal year end), else .7); amount LogNormal(log 60 + .7 a, .8) x 1.4 in Dec, rounded to 5;
  fund MESSY ('Annual Fund', 'annual fund', 'ANNUAL FUND', 'Education', 'education ', 'Capital Campaign', ...);
  method noise; acknowledged_at filled later (Exp(12 d))
- memberships: a donation that lifts the patron's trailing-365-day giving to >= 150 ('friend'), 600 ('patron') or
  2,500 ('benefactor') starts one (created then, a year long), an upgrade when higher than the active one, a renewal
  starting at the active one's expiry when within 90 days of it; members buy x1.3, go on sale Jul 15 and renew
  subscriptions more; memberships.status TODAY's ('active' / 'pending' / 'expired' / 'upgraded')
- patrons' TODAY's columns: member_tier, lifetime_giving (running total), last_order_at, is_subscriber;
  subscriptions.status TODAY's ('active' / 'completed') and renewed TODAY's (next season's subscription bought:
  a later fact at a past anchor)
- keys: PKs declared on stages, productions (text production_code 'PRD-0042'), performances, patrons,
  subscriptions, orders, tickets, exchanges, donations, memberships; REFERENCES only productions.stage_id ->
  stages and subscriptions.patron_id -> patrons. Undeclared: performances.production_code (text),
  subscriptions.order_id, orders.patron_id, tickets (order_id, perf_id), exchanges (old_ticket_id, new_ticket_id,
  patron_id), donations.donor_ref (a patron_id stored as VARCHAR), memberships.patron_id
- `python theatre.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out (productions and
  performances: announced after DATE) and every today's-state and filled-later column is as it stood at DATE (exact)
"""

import heapq
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2022-03-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


GENRES = ["musical", "drama", "comedy", "opera", "dance", "family"]
SPELL = {
    "musical": (["Musical", "musical", "MUSICAL"], [0.6, 0.3, 0.1]),
    "drama": (["Drama", "drama ", "Play", "DRAMA"], [0.55, 0.2, 0.15, 0.1]),
    "comedy": (["Comedy", "comedy"], [0.7, 0.3]),
    "opera": (["Opera", "OPERA", "opera"], [0.6, 0.2, 0.2]),
    "dance": (["Dance", "Ballet", "dance"], [0.5, 0.3, 0.2]),
    "family": (["Family", "family"], [0.7, 0.3]),
}

# ---------------- stages
NS = 3
CAP = np.array([300, 120, 60])
SLOTS = {  # weekday (Mon 0) -> start hours
    0: {2: [19.5], 3: [19.5], 4: [19.5], 5: [14.0, 19.5], 6: [14.0]},
    1: {2: [19.5], 3: [19.5], 4: [19.5], 5: [19.5], 6: [15.0]},
    2: {3: [20.0], 4: [20.0], 5: [20.0]},
}
stages = pd.DataFrame(
    {
        "stage_id": [1, 2, 3],
        "name": ["Main Stage", "Studio", "Black Box"],
        "capacity": CAP,
        "year_built": [1968, 1994, 2011],
        "accessible": [True, True, False],
    }
)

# ---------------- productions and performances (written at the season's announcement)
TITLES = {
    "musical": ["Sunset Lane", "The Lantern Girls", "Paper Moons", "Brass & Bone", "Harbour Lights", "Velvet Hour"],
    "drama": ["The Long Winter", "Salt Roads", "An Inspector Returns", "Quiet Fields", "The Glass House", "Ashes"],
    "comedy": ["Two Left Feet", "The Wrong Wedding", "Noises Next Door", "Mr Pimm's Holiday", "Bad Manners"],
    "opera": ["La Notte", "The Silver Swan", "Orfeo Rising", "The Pearl Diver", "Carmen Revisited"],
    "dance": ["Swan Variations", "Firebird", "Tides", "The Nutcracker Suite", "Bolero Nights"],
}
SEASON_Y = [2022, 2023, 2024]
P_stage, P_genre, P_season, P_open, P_close, P_ann, P_title = [], [], [], [], [], [], []
for k, y in enumerate(SEASON_Y):
    ann = secs(f"{y}-03-01 10:00")
    runs = []  # (stage, open day secs, weeks or explicit end)
    # Main Stage
    main = [
        (f"{y}-09-10", 28),
        (f"{y}-10-15", 28),
        (f"{y}-11-26", 34),
        (f"{y + 1}-01-20", 28),
        (f"{y + 1}-02-24", 28),
        (f"{y + 1}-03-31", 28),
        (f"{y + 1}-05-05", 28),
    ]
    for i, (d, n) in enumerate(main):
        runs.append((0, secs(d), n, "family" if i == 2 else None))
    for s, first, length, gap in [(1, f"{y}-09-17", 21, 7), (2, f"{y}-10-01", 14, 21)]:
        c = secs(first)
        while c + length * DAY <= secs(f"{y + 1}-06-28"):
            if c + length * DAY > secs(f"{y}-12-20") and c < secs(f"{y + 1}-01-10"):
                c = secs(f"{y + 1}-01-10")
                continue
            runs.append((s, c, length, None))
            c += (length + gap) * DAY
    for s, o, n, g in runs:
        if g is None:
            pg = {0: [0.35, 0.2, 0.1, 0.2, 0.15], 1: [0.15, 0.45, 0.3, 0.0, 0.1], 2: [0.1, 0.5, 0.3, 0.0, 0.1]}[s]
            g = GENRES[rng.choice(5, p=pg)]
        P_stage.append(s)
        P_genre.append(g)
        P_season.append(k)
        P_open.append(o)
        P_close.append(o + (n - 1) * DAY)
        P_ann.append(ann + rng.uniform(0, 3600))
        P_title.append("A Christmas Carol" if g == "family" else rng.choice(TITLES[g]))
NPR = len(P_stage)
P_stage = np.array(P_stage)
P_genre = np.array(P_genre)
P_gi = np.array([GENRES.index(g) for g in P_genre])
P_season = np.array(P_season)
P_open = np.array(P_open)
P_close = np.array(P_close)
P_ann = np.array(P_ann)
P_q = rng.normal(0, 1, NPR)
P_q[P_genre == "family"] = np.abs(P_q[P_genre == "family"]) * 0.5 + 0.3
P_critic = np.round(np.clip(3 + 0.8 * P_q + rng.normal(0, 0.3, NPR), 1, 5), 1)
P_critic_t = P_open + DAY + rng.uniform(0, 6 * 3600, NPR)
P_pmult = np.exp(rng.normal(0, 0.15, NPR)) * np.where(P_genre == "family", 0.8, 1.0)
P_spelled = np.array([rng.choice(SPELL[g][0], p=SPELL[g][1]) for g in P_genre], dtype=object)
P_budget = np.round(rng.lognormal(np.log(np.array([180, 60, 20])[P_stage]), 0.4), 0)
P_dir = rng.choice(["A. Marsh", "B. Okafor", "C. Lindqvist", "D. Reyes", "E. Novak", "F. Ahmed", "G. Chen"], NPR)

F_prod, F_start = [], []
for j in range(NPR):
    d0 = pd.Timestamp(START + pd.Timedelta(seconds=P_open[j])).normalize()
    for dd in range(int(round((P_close[j] - P_open[j]) / DAY)) + 1):
        day = d0 + pd.Timedelta(days=dd)
        for h in SLOTS[P_stage[j]].get(day.day_of_week, []):
            F_prod.append(j)
            F_start.append(secs(day) + h * 3600)
NF = len(F_prod)
F_prod = np.array(F_prod)
F_start = np.array(F_start)
F_dow = ((F_start // DAY).astype(int) + START.day_of_week) % 7
F_cancel = np.where(rng.random(NF) < 0.015, F_start - rng.uniform(0.2, 4, NF) * DAY, INF)
PERFS = [np.nonzero(F_prod == j)[0] for j in range(NPR)]
remaining = CAP[P_stage[F_prod]].astype(int).copy()

# ---------------- patrons
N0, N1 = 5200, 3800
NP = N0 + N1
sd = pd.date_range(START, NOW.normalize(), freq="D")
wday = np.where(np.isin(sd.month, [8, 9, 10, 11, 12]), 2.5, 1.0)
new_day = rng.choice(len(sd), N1, p=wday / wday.sum())
P_created = np.concatenate(
    [
        secs("2008-01-01") + rng.uniform(0, (secs("2022-02-28") - secs("2008-01-01")) / DAY, N0) * DAY,
        new_day * DAY + rng.uniform(8, 22, N1) * 3600,
    ]
)
e = rng.normal(0, 1, NP)
a = rng.normal(0, 1, NP)
r = rng.normal(0, 1, NP)
byear = np.clip(np.round(rng.normal(1965, 15, NP)), 1930, 2005).astype(int)
old = byear < 1962
alpha_old = np.array([1.5, 2.0, 1.0, 2.0, 1.0])
alpha_young = np.array([2.0, 1.2, 2.0, 0.4, 1.0])
pref = np.array([rng.dirichlet(alpha_old if o else alpha_young) for o in old])
pref = np.hstack([pref, np.full((NP, 1), 0.26)])  # family: everyone
local = rng.random(NP) >= 0.25
CITY_L = (
    ["Springfield", "springfield", "SPRINGFIELD ", "Springfeld", "Shelbyville", "shelbyville"],
    [0.45, 0.15, 0.05, 0.03, 0.25, 0.07],
)
CITY_O = (["Capital City", "capital city", "Ogdenville", "North Haverbrook", "Brockway"], [0.35, 0.1, 0.25, 0.2, 0.1])
P_city = np.array(
    [rng.choice(CITY_L[0], p=CITY_L[1]) if lo else rng.choice(CITY_O[0], p=CITY_O[1]) for lo in local], dtype=object
)
P_city[rng.random(NP) < 0.03] = None
P_zip = [f"{rng.integers(10000, 99999)}" for _ in range(NP)]
P_optin = rng.random(NP) < 0.6
gone = np.maximum(P_created, 0) + rng.exponential(4 * 365 * DAY * np.exp(0.4 * e))
gone_early = (np.arange(NP) < N0) & (rng.random(NP) < 0.2)
gone = np.where(gone_early, -rng.uniform(1, 1000, NP) * DAY, gone)
# channel habit: web / phone / box_office
hab = np.stack(
    [1.5 - 1.8 * old + rng.normal(0, 0.6, NP), 0.3 + 0.6 * old + rng.normal(0, 0.6, NP), rng.normal(0, 0.6, NP)], 1
)
hab = np.exp(hab)
hab /= hab.sum(1, keepdims=True)
CHANNELS = np.array(["web", "phone", "box_office"])
s_prop = 0.8 * e + 0.6 * old + 0.3 * a  # subscriber propensity (hidden)

# ---------------- donations (monthly Poisson) and memberships
MF = {12: 5.0, 11: 1.5, 6: 1.6}
D_p, D_t = [], []
for m in pd.date_range(START, NOW, freq="MS"):
    m0, m1 = secs(m), secs(m + pd.offsets.MonthBegin(1))
    lam = 0.3 * np.exp(0.9 * a + 0.5 * e + 0.6 * old + 0.8 * (s_prop - 0.5) - 0.4) * MF.get(m.month, 0.7)
    n = rng.poisson(lam * (m1 - m0) / DAY / 365)
    idx = np.repeat(np.arange(NP), n)
    t = m0 + rng.uniform(0, m1 - m0, len(idx))
    ok = (t > P_created[idx]) & (t < gone[idx]) & (t <= TNOW)
    D_p.append(idx[ok])
    D_t.append(t[ok])
D_p = np.concatenate(D_p)
D_t = np.concatenate(D_t)
o_ = np.lexsort((D_t, D_p))
D_p, D_t = D_p[o_], D_t[o_]
ND = len(D_p)
D_amt = np.maximum(
    5, np.round(rng.lognormal(np.log(60) + 0.7 * a[D_p], 0.8) * np.where(ts(D_t).month == 12, 1.4, 1.0) / 5) * 5
)
FUNDS = [
    "Annual Fund",
    "annual fund",
    "ANNUAL FUND",
    "Annual Fund ",
    "Education",
    "education ",
    "Capital Campaign",
    "capital campaign",
    "New Works",
]
D_fund = rng.choice(FUNDS, ND, p=[0.4, 0.12, 0.05, 0.03, 0.15, 0.05, 0.1, 0.03, 0.07])
D_method = rng.choice(["card", "check", "cash", "stock", "online"], ND, p=[0.45, 0.2, 0.05, 0.02, 0.28])
D_ack = D_t + rng.exponential(12, ND) * DAY
TIERS = ["friend", "patron", "benefactor"]
M_p, M_tier, M_created, M_start, M_end = [], [], [], [], []
cur = {}  # patron -> its latest membership
for i in range(ND):
    p, t = D_p[i], D_t[i]
    lo = np.searchsorted(D_p, p)  # donations are sorted by patron, then time
    g = D_amt[lo : i + 1][D_t[lo : i + 1] > t - 365 * DAY].sum()
    tier = 2 if g >= 2500 else 1 if g >= 600 else 0 if g >= 150 else -1
    if tier < 0:
        continue
    m = cur.get(p)
    if m is None or M_end[m] <= t:
        st = t + 3600
    elif M_start[m] > t:
        continue  # a renewal is already waiting
    elif tier > M_tier[m]:
        st = t + 3600
        M_end[m] = st  # upgraded: ends where the new one starts
    elif M_end[m] - t < 90 * DAY:
        st = M_end[m]
    else:
        continue
    M_p.append(p)
    M_tier.append(tier)
    M_created.append(t + 3600)
    M_start.append(st)
    M_end.append(st + 365 * DAY)
    cur[p] = len(M_p) - 1
NM = len(M_p)
M_p = np.array(M_p, int)
M_tier = np.array(M_tier, int)
M_created = np.array(M_created)
M_start = np.array(M_start)
M_end = np.array(M_end)
M_end_orig = M_start + 365 * DAY  # the written expiry (ahead); M_end is when it really stopped (upgrade)


def member_at(t):
    """Tier (-1 none) of every patron's membership active at time t (as it would be known at t)."""
    out = np.full(NP, -1)
    live = (M_created <= t) & (M_start <= t) & (M_end > t)
    np.maximum.at(out, M_p[live], M_tier[live])
    return out


# ---------------- season by season: subscriptions, orders, tickets, exchanges
O_p, O_t, O_ch, O_kind = [], [], [], []  # orders
K_o, K_f, K_zone, K_price, K_t, K_ex = [], [], [], [], [], []  # tickets (K_ex: exchanged at)
X_old, X_new, X_t, X_p = [], [], [], []  # exchanges
S_p, S_o, S_season, S_pkg, S_seats, S_t = [], [], [], [], [], []  # subscriptions
SEASON_END = [secs(f"{y + 1}-06-30 23:59:59") for y in SEASON_Y]
ZPRICE = np.array([85.0, 55.0, 35.0])
ZMULT = {"premium": 1.5, "standard": 1.0, "balcony": 0.6}


def pick_perf(j, t, n, prefer=None):
    """A performance of production j after t with n seats left and not cancelled by t (prefer: ordered list)."""
    cand = PERFS[j]
    cand = cand[(F_start[cand] > t + 3600) & ~(F_cancel[cand] <= t)]
    if prefer is not None:
        for f in prefer:
            if f in cand and remaining[f] >= n:
                return f
    ok = cand[remaining[cand] >= n]
    return int(ok[0]) if len(ok) else -1


def ticket_price(j, zone, sub):
    return round(ZPRICE[P_stage[j]] * P_pmult[j] * ZMULT[zone] * (0.85 if sub else 1.0), 2)


# each new patron's first order, within an hour of created_at, for a performance in the next 90 days
FIRST = {k: [] for k in range(len(SEASON_Y))}
for p in range(N0, NP):
    t = P_created[p] + rng.uniform(60, 3600)
    fs = np.nonzero((F_start > t + DAY) & (F_start < t + 90 * DAY) & (P_ann[F_prod] < t))[0]
    q, ch = int(rng.choice([1, 2, 2, 3])), int(rng.choice(3, p=hab[p]))
    if len(fs) and t < gone[p]:
        f = int(rng.choice(fs))
        FIRST[P_season[F_prod[f]]].append((t, p, f, q, ch))
sub_prev = {}  # patron -> (sub index) of the previous season
ORDER_TICKETS: dict = {}  # order -> its ticket indices (the seasons so far)
SCANNED = np.zeros(0, bool)  # whether each ticket so far is scanned at its performance
for k, y in enumerate(SEASON_Y):
    ann = secs(f"{y}-03-01 10:00")
    prods = np.nonzero(P_season == k)[0]
    regular = prods[P_genre[prods] != "family"]
    events = []
    # --- who subscribes this season
    if k == 0:
        cand = np.nonzero((P_created < 0) & (gone > ann))[0]
        pick = cand[rng.random(len(cand)) < sig(-2.4 + 0.8 * e[cand] + 0.6 * old[cand] + 0.3 * a[cand])]
        buy_t = ann + np.minimum(rng.exponential(30, len(pick)), 150) * DAY
        subs = list(zip(pick, buy_t, strict=True))
    else:
        subs = []
        Kf_a, Kex_a = np.array(K_f), np.array(K_ex)
        for p, si in sub_prev.items():
            d = ann + min(rng.exponential(20), 110) * DAY
            u = rng.random()
            if gone[p] <= d:
                continue
            o = S_o[si]
            kk = np.array(ORDER_TICKETS[o])
            held = kk[(F_start[Kf_a[kk]] < d) & ~(Kex_a[kk] <= d)]
            att = SCANNED[held].mean() if len(held) else 0.85
            canc = bool((F_cancel[Kf_a[kk]] < d).any())
            mem = member_at(d)[p] >= 0
            pr = sig(0.6 + 0.6 * e[p] + 3 * (att - 0.85) + 0.6 * mem + 0.4 * old[p] - 0.8 * canc)
            if u < pr:
                subs.append((p, d))
        # new subscribers from last season's single buyers
        oo = np.array(O_p)
        singles = np.bincount(
            oo[(np.array(O_kind) == 0) & (np.array(O_t) > ann - 365 * DAY) & (np.array(O_t) < ann)], minlength=NP
        )
        have = np.zeros(NP, bool)
        have[list(sub_prev)] = True
        cand = np.nonzero((singles > 0) & ~have)[0]
        pr = sig(-3.2 + 0.6 * e[cand] + 0.5 * np.minimum(singles[cand], 4) + 0.3 * old[cand])
        pick = cand[rng.random(len(cand)) < pr]
        bt = ann + rng.uniform(0, 150, len(pick)) * DAY
        subs += [(p, t) for p, t in zip(pick, bt, strict=True) if gone[p] > t]
    sub_prev = {}
    for p, t in subs:
        full = rng.random() < sig(0.5 * a[p] - 0.3)
        main = regular[P_stage[regular] == 0]
        if full:
            pk, plist = "full", main
        else:
            nn = 6 if rng.random() < 0.5 else 4
            w = pref[p, P_gi[regular]] * np.exp(0.2 * P_q[regular]) + 1e-3
            plist = np.sort(rng.choice(regular, nn, replace=False, p=w / w.sum()))
            pk = f"flex{nn}"
        seats = 2 if rng.random() < 0.6 else 1
        night = rng.integers(2, 7)
        zone = "premium" if a[p] > 0.5 else "standard"
        exch = rng.random(len(plist)) < 0.10
        exch_lead = rng.uniform(2, 21, len(plist)) * DAY
        heapq.heappush(events, (t, 0, p, ("sub", pk, plist, seats, night, zone, exch, exch_lead)))
    # --- single-ticket orders
    for j in prods:
        fs = PERFS[j]
        pos = (F_start[fs] - P_open[j]) / max(P_close[j] - P_open[j], DAY)
        w = np.where(np.isin(F_dow[fs], [4, 5]), 1.6, 1.0) * np.exp(0.8 * P_q[j] * pos)
        mem = member_at(P_open[j] - 45 * DAY) >= 0
        lam = (
            0.075
            * np.exp(0.7 * e)
            * 5
            * pref[:, P_gi[j]]
            * np.exp(0.35 * P_q[j])
            * np.where(local, 1, 0.5)
            * np.where(mem, 1.3, 1.0)
        )
        u = rng.random(NP)
        buyers = np.nonzero((u < np.minimum(lam, 0.8)) & (gone > P_open[j] - 120 * DAY) & (P_created < P_close[j]))[0]
        nb = len(buyers)
        fch = fs[rng.choice(len(fs), nb, p=w / w.sum())]
        lead = rng.lognormal(np.log(35 if P_genre[j] == "family" else 20), 0.9, nb) * DAY
        onsale = np.where(mem[buyers], secs(f"{y}-07-15 10:00"), secs(f"{y}-08-01 10:00"))
        ot = np.maximum(F_start[fch] - lead, onsale)
        ot = np.maximum(ot, P_created[buyers] + rng.uniform(0.1, 3, nb) * DAY)
        qty = rng.choice([1, 2, 3, 4], nb, p=[0.3, 0.5, 0.1, 0.1]) + (P_genre[j] == "family") * rng.integers(1, 3, nb)
        zu = rng.random(nb)
        zone = np.where(
            zu < sig(a[buyers] - 0.5),
            "premium",
            np.where((P_stage[j] == 0) & (rng.random(nb) < sig(-a[buyers] - 0.5)), "balcony", "standard"),
        )
        chu = rng.random(nb)
        ch = (chu[:, None] > np.cumsum(hab[buyers], 1)).sum(1)
        for b in range(nb):
            p = buyers[b]
            if ot[b] >= F_start[fch[b]] - 3600 or ot[b] >= gone[p]:
                continue
            heapq.heappush(events, (ot[b], 1, p, ("single", j, int(fch[b]), int(qty[b]), zone[b], int(ch[b]))))
    for t, p, f, q, ch in FIRST[k]:
        heapq.heappush(events, (t, 1, p, ("single", int(F_prod[f]), f, q, "standard", ch)))
    # --- process the season in time order
    while events:
        t, _, p, ev = heapq.heappop(events)
        if ev[0] == "sub":
            _, pk, plist, seats, night, zone, exch, exch_lead = ev
            oi = len(O_p)
            got = 0
            for jj, j in enumerate(plist):
                fs = PERFS[j]
                wk2 = fs[(F_start[fs] >= P_open[j] + 7 * DAY)]
                pref_f = list(wk2[F_dow[wk2] == night]) + list(wk2[np.argsort(np.abs(F_dow[wk2] - night))])
                f = pick_perf(j, t, seats, pref_f)
                if f < 0:
                    continue
                remaining[f] -= seats
                ids = []
                for _s in range(seats):
                    ids.append(len(K_o))
                    K_o.append(oi)
                    K_f.append(f)
                    K_zone.append(zone)
                    K_price.append(ticket_price(j, zone, True))
                    K_t.append(t)
                    K_ex.append(INF)
                got += 1
                if exch[jj] and F_start[f] - exch_lead[jj] > t + DAY:
                    heapq.heappush(events, (F_start[f] - exch_lead[jj], 2, p, ("ex", j, ids)))
            if got == 0:
                continue
            O_p.append(p)
            O_t.append(t)
            O_ch.append("subscription")
            O_kind.append(1)
            sub_prev[p] = len(S_p)
            S_p.append(p)
            S_o.append(oi)
            S_season.append(k)
            S_pkg.append(pk)
            S_seats.append(seats)
            S_t.append(t)
        elif ev[0] == "single":
            _, j, f, qty, zone, ch = ev
            if t >= gone[p] or t > TNOW:
                continue
            if F_cancel[f] <= t or remaining[f] <= 0 or F_start[f] <= t + 3600:
                f = pick_perf(j, t, 1, [x for x in PERFS[j] if F_start[x] >= F_start[f]])
                if f < 0:
                    continue
            qty = min(qty, remaining[f])
            remaining[f] -= qty
            oi = len(O_p)
            O_p.append(p)
            O_t.append(t)
            O_ch.append(CHANNELS[ch])
            O_kind.append(0)
            for _s in range(qty):
                K_o.append(oi)
                K_f.append(f)
                K_zone.append(zone)
                K_price.append(ticket_price(j, zone, False))
                K_t.append(t)
                K_ex.append(INF)
        else:  # exchange
            _, j, ids = ev
            if t > TNOW or t >= gone[p]:
                continue
            f0 = K_f[ids[0]]
            if F_cancel[f0] <= t:
                continue
            others = [x for x in PERFS[j] if x != f0]
            rng.shuffle(others)
            f = pick_perf(j, t + DAY, len(ids), others)
            if f < 0 or f == f0:
                continue
            remaining[f] -= len(ids)
            remaining[f0] += len(ids)
            for i0 in ids:
                K_ex[i0] = t
                X_old.append(i0)
                X_new.append(len(K_o))
                X_t.append(t)
                X_p.append(p)
                K_o.append(K_o[i0])
                K_f.append(f)
                K_zone.append(K_zone[i0])
                K_price.append(K_price[i0])
                K_t.append(t)
                K_ex.append(INF)
    # attendance of this season's tickets (drawn once, for the renewal decision next season)
    NK = len(K_o)
    ORDER_TICKETS = pd.Series(np.arange(NK)).groupby(np.array(K_o)).apply(list).to_dict()
    Kf = np.array(K_f)
    Kp = np.array(O_p)[np.array(K_o)]
    prev = SCANNED
    newk = np.arange(len(prev), NK)
    sc = (rng.random(len(newk)) < sig(2 + 0.8 * r[Kp[newk]] + 0.3 * e[Kp[newk]])) & (gone[Kp[newk]] > F_start[Kf[newk]])
    SCANNED = np.concatenate([prev, sc])
    SCANNED &= np.isinf(np.array(K_ex)) & ~(F_cancel[Kf] < INF)

# ---------------- arrays
NO = len(O_p)
O_p = np.array(O_p)
O_t = np.array(O_t)
O_ch = np.array(O_ch, dtype=object)
NK = len(K_o)
K_o = np.array(K_o)
K_f = np.array(K_f)
K_zone = np.array(K_zone, dtype=object)
K_price = np.array(K_price)
K_t = np.array(K_t)
K_ex = np.array(K_ex)
K_scan_t = np.where(SCANNED, F_start[K_f] - rng.uniform(5, 45, NK) * 60, INF)
K_ref_t = np.where(np.isinf(K_ex) & (F_cancel[K_f] < INF), F_cancel[K_f], INF)
ROWS = "ABCDEFGHJKLMNOPQRS"
K_seat = np.array([f"{ROWS[rng.integers(0, 18)]}{rng.integers(1, 31)}" for _ in range(NK)], dtype=object)
fee = np.where(np.isin(O_ch[K_o], ["web", "phone"]), 3.5, 0.0)
# orders' totals are of their original tickets only (tickets issued by an exchange cost nothing more)
orig = np.ones(NK, bool)
orig[np.array(X_new, int)] = False
O_total = np.round(np.bincount(K_o[orig], weights=(K_price + fee)[orig], minlength=NO), 2)
O_promo = np.where(rng.random(NO) < 0.1, rng.choice(["SPRING10", "FRIENDS", "STUDENT", "OPENING"], NO), None)
X_old = np.array(X_old, int)
X_new = np.array(X_new, int)
X_t = np.array(X_t)
X_p = np.array(X_p, int)
NX = len(X_old)
X_reason = rng.choice(["schedule conflict", "illness", "travel", "other", None], NX, p=[0.4, 0.15, 0.15, 0.1, 0.2])
NSUB = len(S_p)
S_p = np.array(S_p)
S_o = np.array(S_o)
S_season = np.array(S_season)
S_t = np.array(S_t)


def rank_ids(t):
    """Ids 1..n in time order (ties in creation order), as a database would have issued them."""
    out = np.empty(len(t), int)
    out[np.argsort(t, kind="stable")] = np.arange(1, len(t) + 1)
    return out


o_id, k_id, x_id, s_id = rank_ids(O_t), rank_ids(K_t), rank_ids(X_t), rank_ids(S_t)

# ---------------- tables as they stood at CUT
prod_ok = P_ann <= T
productions = pd.DataFrame(
    {
        "production_code": [f"PRD-{j + 1:04d}" for j in range(NPR)],
        "stage_id": P_stage + 1,
        "season": [f"{SEASON_Y[k]}-{(SEASON_Y[k] + 1) % 100:02d}" for k in P_season],
        "title": P_title,
        "genre": P_spelled,
        "announced_at": ts(P_ann),
        "opens_on": ts(P_open).date,
        "closes_on": ts(P_close).date,
        "critic_score": np.where(P_critic_t <= T, P_critic, np.nan),
        "status": np.where(P_close + DAY <= T, "closed", np.where(P_open <= T, "running", "announced")),
        "budget_k": P_budget,
        "director": P_dir,
    }
)[prod_ok]

k_live = K_t <= T
held = k_live & ~(K_ex <= T) & ~(K_ref_t <= T)
sold = np.bincount(K_f[held], minlength=NF)
f_canc = F_cancel <= T
performances = pd.DataFrame(
    {
        "perf_id": np.arange(1, NF + 1),
        "production_code": [f"PRD-{j + 1:04d}" for j in F_prod],
        "starts_at": ts(F_start),
        "status": np.where(f_canc, "cancelled", np.where(F_start <= T, "completed", "scheduled")),
        "seats_sold": sold,
        "cancelled_at": ts(np.where(f_canc, F_cancel, np.nan)),
    }
)[P_ann[F_prod] <= T]

lifetime = np.bincount(D_p[D_t <= T], weights=D_amt[D_t <= T], minlength=NP)
o_live = O_t <= T
last_order = pd.Series(O_t[o_live]).groupby(O_p[o_live]).max().reindex(range(NP)).to_numpy()
tier_now = member_at(T)
season_of_cut = np.array([SEASON_END[S_season[i]] >= T for i in range(NSUB)])
is_sub = np.zeros(NP, bool)
is_sub[S_p[(S_t <= T) & season_of_cut]] = True
patrons = pd.DataFrame(
    {
        "patron_id": np.arange(1, NP + 1),
        "created_at": ts(P_created),
        "city": P_city,
        "zip": P_zip,
        "birth_year": byear,
        "email_opt_in": P_optin,
        "member_tier": np.where(tier_now >= 0, np.array(TIERS + ["none"])[tier_now], "none"),
        "lifetime_giving": np.round(lifetime, 2),
        "last_order_at": ts(last_order),
        "is_subscriber": is_sub,
    }
)[P_created <= T]

bought = {(p, k) for p, k, t in zip(S_p, S_season, S_t, strict=True) if t <= T}
renewed = np.array([(p, k + 1) in bought for p, k in zip(S_p, S_season, strict=True)])
subscriptions = pd.DataFrame(
    {
        "sub_id": s_id,
        "patron_id": S_p + 1,
        "order_id": o_id[S_o],
        "season": [f"{SEASON_Y[k]}-{(SEASON_Y[k] + 1) % 100:02d}" for k in S_season],
        "package": S_pkg,
        "seats": S_seats,
        "price": O_total[S_o],
        "purchased_at": ts(S_t),
        "status": np.where(np.array(SEASON_END)[S_season] < T, "completed", "active"),
        "renewed": renewed,
    }
)[S_t <= T]

n_ref = np.bincount(K_o[K_ref_t <= T], minlength=NO)
n_orig = np.bincount(K_o[k_live & ~(K_ex <= T)], minlength=NO)
o_ref_t = pd.Series(K_ref_t[K_ref_t <= T]).groupby(K_o[K_ref_t <= T]).max().reindex(range(NO)).to_numpy()
orders = pd.DataFrame(
    {
        "order_id": o_id,
        "patron_id": O_p + 1,
        "created_at": ts(O_t),
        "channel": O_ch,
        "total_amount": O_total,
        "promo_code": O_promo,
        "status": np.where(n_ref == 0, "paid", np.where(n_ref >= n_orig, "refunded", "partially_refunded")),
        "refunded_at": ts(np.where(n_ref >= n_orig, o_ref_t, np.nan)),
    }
)[o_live]

t_status = np.where(
    K_ex <= T,
    "exchanged",
    np.where(
        K_ref_t <= T, "refunded", np.where(K_scan_t <= T, "attended", np.where(F_start[K_f] <= T, "no_show", "sold"))
    ),
)
tickets = pd.DataFrame(
    {
        "ticket_id": k_id,
        "order_id": o_id[K_o],
        "perf_id": K_f + 1,
        "seat": K_seat,
        "zone": K_zone,
        "price": K_price,
        "issued_at": ts(K_t),
        "status": t_status,
        "scanned_at": ts(known(K_scan_t)),
    }
)[k_live]

exchanges = pd.DataFrame(
    {
        "exchange_id": x_id,
        "old_ticket_id": k_id[X_old],
        "new_ticket_id": k_id[X_new],
        "patron_id": X_p + 1,
        "requested_at": ts(X_t),
        "fee": np.zeros(NX),
        "reason": X_reason,
    }
)[X_t <= T]

donations = pd.DataFrame(
    {
        "donation_id": np.argsort(np.argsort(D_t, kind="stable"), kind="stable") + 1,
        "donor_ref": (D_p + 1).astype(str),
        "donated_at": ts(D_t),
        "amount": D_amt,
        "fund": D_fund,
        "method": D_method,
        "acknowledged_at": ts(known(D_ack)),
    }
).iloc[np.argsort(D_t, kind="stable")]
donations = donations[np.sort(D_t) <= T]

m_status = np.where(
    M_end <= T, np.where(M_end < M_end_orig, "upgraded", "expired"), np.where(M_start <= T, "active", "pending")
)
memberships = pd.DataFrame(
    {
        "membership_id": np.arange(1, NM + 1),
        "patron_id": M_p + 1,
        "tier": np.array(TIERS)[M_tier],
        "created_at": ts(M_created),
        "starts_on": ts(M_start).date,
        "expires_on": ts(M_end_orig).date,
        "status": m_status,
    }
)[M_created <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE stages (stage_id INTEGER PRIMARY KEY, name VARCHAR, capacity INTEGER, year_built INTEGER,
                     accessible BOOLEAN);
CREATE TABLE productions (production_code VARCHAR PRIMARY KEY, stage_id INTEGER REFERENCES stages(stage_id),
                          season VARCHAR, title VARCHAR, genre VARCHAR, announced_at TIMESTAMP, opens_on DATE,
                          closes_on DATE, critic_score DOUBLE, status VARCHAR, budget_k DOUBLE, director VARCHAR);
CREATE TABLE performances (perf_id INTEGER PRIMARY KEY, production_code VARCHAR, starts_at TIMESTAMP, status VARCHAR,
                           seats_sold INTEGER, cancelled_at TIMESTAMP);
CREATE TABLE patrons (patron_id INTEGER PRIMARY KEY, created_at TIMESTAMP, city VARCHAR, zip VARCHAR,
                      birth_year INTEGER, email_opt_in BOOLEAN, member_tier VARCHAR, lifetime_giving DOUBLE,
                      last_order_at TIMESTAMP, is_subscriber BOOLEAN);
CREATE TABLE subscriptions (sub_id INTEGER PRIMARY KEY, patron_id INTEGER REFERENCES patrons(patron_id),
                            order_id INTEGER, season VARCHAR, package VARCHAR, seats INTEGER, price DOUBLE,
                            purchased_at TIMESTAMP, status VARCHAR, renewed BOOLEAN);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, patron_id INTEGER, created_at TIMESTAMP, channel VARCHAR,
                     total_amount DOUBLE, promo_code VARCHAR, status VARCHAR, refunded_at TIMESTAMP);
CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, order_id INTEGER, perf_id INTEGER, seat VARCHAR, zone VARCHAR,
                      price DOUBLE, issued_at TIMESTAMP, status VARCHAR, scanned_at TIMESTAMP);
CREATE TABLE exchanges (exchange_id INTEGER PRIMARY KEY, old_ticket_id INTEGER, new_ticket_id INTEGER,
                        patron_id INTEGER, requested_at TIMESTAMP, fee DOUBLE, reason VARCHAR);
CREATE TABLE donations (donation_id INTEGER PRIMARY KEY, donor_ref VARCHAR, donated_at TIMESTAMP, amount DOUBLE,
                        fund VARCHAR, method VARCHAR, acknowledged_at TIMESTAMP);
CREATE TABLE memberships (membership_id INTEGER PRIMARY KEY, patron_id INTEGER, tier VARCHAR, created_at TIMESTAMP,
                          starts_on DATE, expires_on DATE, status VARCHAR);
""")
for name, df in [
    ("stages", stages),
    ("productions", productions),
    ("performances", performances),
    ("patrons", patrons),
    ("subscriptions", subscriptions),
    ("orders", orders),
    ("tickets", tickets),
    ("exchanges", exchanges),
    ("donations", donations),
    ("memberships", memberships),
]:
    df = df.sort_values(df.columns[0], kind="stable")
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
