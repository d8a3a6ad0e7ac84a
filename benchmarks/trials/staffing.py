"""A temporary-staffing agency (client companies, worksites, workers with certifications, shift orders posted ahead,
shift assignments booked ahead then worked / no-show / cancelled, timesheets approved later, weekly invoices to
clients with payments kept up to date, weekly pay runs to workers, incidents), seeded:
`python benchmarks/trials/staffing.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 150 clients (48 closed by NOW), 246 worksites, 2,600
workers, 5.7k worker_skills, 21.5k shift_orders, 42.3k shift_assignments (36.0k worked, 3.0k no-shows, 3.0k
cancelled, 215 booked ahead), 36.0k timesheets, 7.0k invoices, 23.9k pay_runs, 570 incidents (about 139k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: shift_orders.shift_start and shift_assignments.shift_start (a shift is
posted 0-21 days ahead and booked between posting and the shift), worker_skills.expires_on (a DATE set at
certification), invoices.due_on (issue + payment terms). Every other column holding a later date of its row is
filled in later.

Truth (seed 0):
- clients (150): 90 before the span, 60 joining during it; industry of 5 stored MESSY ('Warehousing', 'warehouse',
  'WAREHOUSING', 'Logistics', 'Hospitality', 'hospitality ', 'Hotels', 'Events', 'events', 'Healthcare',
  'Care', 'Manufacturing', 'manufacturing'); demand lam ~ LogNormal(log .2, .8) orders a day x industry season x
  weekday x exp(trend g (per year), g ~ N(0, .35)); markup LogNormal(log 1.33, .05) (bill_rate = pay_rate x
  markup); payment_terms_days 14/30/45 (noise-ish: only sets due_on); late ~ Exp(6) days paid after due (x3 for
  25% 'slow payers'); account_manager is noise
- season by industry: warehousing x(1 + 1.2 peak Nov 10-Dec 22), Jan x.7; hospitality x(1 + .4 summer) x1.5 in
  December; events x(.5 + 1.5 summer) (Jun-Aug peak); healthcare x(1 + .25 winter); manufacturing x.5 in August,
  x.2 Dec 22-Jan 2. Weekday: events x1.8 Fri-Sun, warehousing x.6 Sat-Sun, hospitality x1.3 Fri-Sun,
  manufacturing x.3 Sat-Sun
- client churn: hazard 1/2200 a day x (1 + 4 x its unfilled-slot share over the last 60 days); a churned client
  posts nothing more; clients.status TODAY's ('active' / 'closed'), closed_at filled in later
- worksites (1-4 per client, text key site_code 'WS-0042'); city of 4 (worker pool by city); postcode noise
- workers (2,600): 1,500 signed up before the span, 1,100 during; reliability r ~ N(0, 1) (hidden); willingness
  act ~ LogNormal(0, .7) (hidden); home_city; quits (hidden, no bookings after; booked shifts after it cancelled at
  the quit) Exp(800 days) after max(signup, START), x.5 when r < -1; phone noise
- skills: each worker holds manual_handling .6, food_hygiene .4, first_aid .3, forklift .15, security_licence .15,
  barista .15 (at least one); validity 1 y manual_handling, 3 y the others, barista never expires (expires_on
  NULL); a certificate is renewed (new row, certified 0-20 days before expiry) with p sigmoid(.8 + .8 r); an
  expired certificate takes the worker out of the roles that need it. skill stored MESSY ('Forklift',
  'forklift', 'FLT licence', 'Food Hygiene L2', 'food hygiene', 'First Aid', 'first-aid', 'SIA licence', ...)
- roles per industry (need): warehousing: warehouse_operative (manual_handling) .6, forklift_driver (forklift) .3,
  cleaner (none) .1; hospitality: kitchen_porter (food_hygiene) .4, waiter (food_hygiene) .3, barista (barista)
  .3; events: event_steward (security_licence) .6, bar_staff (food_hygiene) .4; healthcare: care_assistant
  (first_aid) .8, cleaner .2; manufacturing: production_operative (manual_handling) .7, forklift_driver .3.
  shift_orders.role stored MESSY (case, 'FLT Driver', 'Steward', 'KP')
- orders: posted 07-19h, lead Exp(5) days capped at 21 (+4 h), start at 06/14/22h (22h = night, 15%), 4-12 hours,
  headcount 1 + Geometric(.45) capped at 8; pay_rate by role + N(0, .5); po_number noise
- booking: each slot filled with p sigmoid(2.2 - .9 night - 1.2 (lead < 1.5 d) + .4 log(pool weight / 20)); the
  worker drawn among eligible ones (same city, signed up, not quit, not banned, certificate valid at the shift,
  not already booked that day) with weight act x exp(.8 (rating - 4)) (the dispatcher prefers high ratings);
  booked_at = posting + min(Exp(.3 lead), .9 lead). Client cancels the whole order with p .03
  (shift_orders.cancelled_at filled later; its bookings cancelled then)
- outcome at the shift: worker cancels with p sigmoid(-3 - .5 r + .03 lead) (cancelled_at between booking and the
  shift); else no-show with logit -2.8 - 1.1 r + .5 night + .4 weekend + .7 Dec 20-Jan 2 + .02 min(lead, 21)
  + .7 worker's first assignment ever + .3 events; else worked (checked_in_at filled later)
- shift_assignments.status TODAY's ('booked' / 'worked' / 'no_show' / 'cancelled'); shift_orders.status TODAY's
  ('open' / 'filled' / 'partially_filled' / 'unfilled' / 'cancelled') and filled_count TODAY's
- workers.reliability_rating TODAY's: starts 4.0, after each outcome EWMA .85 old + .15 score (worked 5, worked
  with an incident 3, late cancel (< 24 h) 2, cancel 4, no-show 0); workers.status TODAY's ('active', 'inactive'
  no worked shift in 60 days, 'banned': 3 no-shows within 60 days bans for good); workers.last_worked_at and
  total_shifts TODAY's
- timesheets (one per worked shift; assignment_ref = the assignment id stored as VARCHAR): submitted Exp(12 h)
  after the end; hours = shift hours + .25 x N(0, 1.5) rounded to .25 (+1-2 h overtime p .1); approved_at filled
  later (Exp(2 d), 3% disputed: status 'disputed', no approval); status TODAY's
- incidents: per worked shift p .015 exp(-.6 r) x 2 (forklift / event roles); kind MESSY ('Late arrival',
  'late', 'LATE', 'Injury', 'injury', 'Misconduct', 'Equipment damage', 'damage'); severity 1-3;
  resolved_at filled later
- invoices: every Monday 09-10h per client with worked shifts the previous Mon-Sun: amount = sum hours x
  bill_rate (text key invoice_no 'INV-000123'); due_on = issue + terms; paid due + late + N(0, 3) days (10% in two
  instalments: half 0-10 days after issue); amount_paid and status TODAY's ('open' / 'part_paid' / 'paid'),
  paid_at filled later (5% of a closed client's invoices never paid)
- pay_runs: every Friday 06h per worker with worked shifts the week to last Sunday: hours, gross_pay = sum hours x
  pay_rate, week_ending DATE
- keys: PK declared on clients, worksites (site_code VARCHAR), workers, worker_skills, shift_orders,
  shift_assignments, timesheets, invoices (invoice_no VARCHAR), pay_runs, incidents; REFERENCES only
  worksites -> clients and shift_assignments -> shift_orders. Undeclared: shift_orders (client_id, site_code ->
  worksites text key), shift_assignments.worker_id, worker_skills.worker_id, timesheets (assignment_ref VARCHAR,
  worker_id), invoices.client_id, pay_runs.worker_id, incidents (assignment_id, worker_id)
- `python staffing.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
H = 3600.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
NDT = ND + 40


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
MON = days.month.values
DD = days.day.values
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 196) / 365), 0, None) ** 2
WINTER = np.clip(np.cos(2 * np.pi * (DOY - 15) / 365), 0, None)
PEAK = ((MON == 11) & (DD >= 10)) | ((MON == 12) & (DD <= 22))
XMAS = ((MON == 12) & (DD >= 20)) | ((MON == 1) & (DD <= 2))
WEEKEND = DOW >= 5
FRISUN = DOW >= 4

IND = ["warehousing", "hospitality", "events", "healthcare", "manufacturing"]
SEASON = np.vstack(
    [
        (1 + 1.2 * PEAK) * np.where(MON == 1, 0.7, 1.0) * np.where(WEEKEND, 0.6, 1.0),
        (1 + 0.4 * SUMMER) * np.where(MON == 12, 1.5, 1.0) * np.where(FRISUN, 1.3, 1.0),
        (0.5 + 1.5 * SUMMER) * np.where(FRISUN, 1.8, 1.0),
        (1 + 0.25 * WINTER) * np.ones(NDT),
        np.where(MON == 8, 0.5, 1.0)
        * np.where(XMAS & ~((MON == 12) & (DD < 22)), 0.2, 1.0)
        * np.where(WEEKEND, 0.3, 1.0),
    ]
)
IND_MESSY = {
    0: (["Warehousing", "warehouse", "WAREHOUSING", "Logistics"], [0.55, 0.2, 0.1, 0.15]),
    1: (["Hospitality", "hospitality ", "Hotels"], [0.6, 0.2, 0.2]),
    2: (["Events", "events"], [0.7, 0.3]),
    3: (["Healthcare", "Care", "healthcare"], [0.6, 0.25, 0.15]),
    4: (["Manufacturing", "manufacturing"], [0.75, 0.25]),
}
SKILLS = ["manual_handling", "food_hygiene", "first_aid", "forklift", "security_licence", "barista"]
SK_P = [0.6, 0.4, 0.3, 0.15, 0.15, 0.15]
SK_VALID = [365.0, 3 * 365.0, 3 * 365.0, 3 * 365.0, 3 * 365.0, np.inf]
SK_MESSY = [
    (["Manual Handling", "manual handling", "Manual handling cert"], [0.6, 0.3, 0.1]),
    (["Food Hygiene L2", "food hygiene", "Food Hygiene"], [0.5, 0.25, 0.25]),
    (["First Aid", "first-aid", "FIRST AID"], [0.6, 0.25, 0.15]),
    (["Forklift", "forklift", "FLT licence"], [0.5, 0.3, 0.2]),
    (["SIA licence", "Security Licence", "sia"], [0.5, 0.35, 0.15]),
    (["Barista", "barista"], [0.7, 0.3]),
]
# role: (name, needed skill or -1, base pay, messy spellings)
ROLES = [
    ("warehouse_operative", 0, 11.8, ["Warehouse Operative", "warehouse operative", "Warehouse Op"]),
    ("forklift_driver", 3, 13.9, ["Forklift Driver", "FLT Driver", "forklift driver"]),
    ("cleaner", -1, 11.4, ["Cleaner", "cleaner"]),
    ("kitchen_porter", 1, 11.5, ["Kitchen Porter", "KP", "kitchen porter"]),
    ("waiter", 1, 11.6, ["Waiter", "Waiting Staff", "waiter"]),
    ("barista", 5, 12.0, ["Barista", "barista"]),
    ("event_steward", 4, 12.6, ["Event Steward", "Steward", "event steward"]),
    ("bar_staff", 1, 11.9, ["Bar Staff", "bar staff"]),
    ("care_assistant", 2, 13.2, ["Care Assistant", "care assistant", "HCA"]),
    ("production_operative", 0, 12.1, ["Production Operative", "production operative"]),
]
ROLE_MIX = {
    0: ([0, 1, 2], [0.6, 0.3, 0.1]),
    1: ([3, 4, 5], [0.4, 0.3, 0.3]),
    2: ([6, 7], [0.6, 0.4]),
    3: ([8, 2], [0.8, 0.2]),
    4: ([9, 1], [0.7, 0.3]),
}
RISKY = {1, 6}
CITIES = np.array(["Manchester", "Liverpool", "Leeds", "Sheffield"])
CITY_P = [0.35, 0.25, 0.25, 0.15]

# ---------------- clients
NC = 150
c_old = np.arange(NC) < 90
c_created = np.where(c_old, secs("2017-01-01") + rng.uniform(0, 2100, NC) * DAY, rng.uniform(10, ND - 30, NC) * DAY)
c_ind = rng.choice(5, NC, p=[0.3, 0.25, 0.15, 0.15, 0.15])
c_lam = np.exp(rng.normal(np.log(0.2), 0.8, NC))
c_trend = rng.normal(0, 0.35, NC)
c_markup = np.exp(rng.normal(np.log(1.33), 0.05, NC))
c_terms = rng.choice([14, 30, 45], NC, p=[0.3, 0.5, 0.2])
c_slow = rng.random(NC) < 0.25
c_late = rng.exponential(6, NC) * np.where(c_slow, 3, 1)
c_ind_txt = np.array([rng.choice(IND_MESSY[i][0], p=IND_MESSY[i][1]) for i in c_ind], dtype=object)
c_mgr = rng.choice(["A. Shah", "B. Lewis", "C. Murphy", "D. Okafor", "E. Novak"], NC)
c_name = [
    f"{rng.choice(['North', 'Red', 'Blue', 'Prime', 'Metro', 'Peak', 'Union'])} "
    f"{rng.choice(['Logistics', 'Foods', 'Events', 'Care', 'Works', 'Group', 'Hotels'])} {i}"
    for i in range(NC)
]
c_close = np.full(NC, np.inf)
c_hist = [[] for _ in range(NC)]  # (day, slots, filled)

# ---------------- worksites
ns = rng.choice([1, 2, 3, 4], NC, p=[0.45, 0.3, 0.15, 0.1])
s_client = np.repeat(np.arange(NC), ns)
NS = len(s_client)
c_city = rng.choice(4, NC, p=CITY_P)
s_city = np.where(rng.random(NS) < 0.7, c_city[s_client], rng.choice(4, NS, p=CITY_P))
s_open = (
    c_created[s_client]
    + np.where(np.arange(NS) == np.searchsorted(s_client, s_client), 0, rng.uniform(0, 500, NS)) * DAY
)
s_code = np.array([f"WS-{i:04d}" for i in range(1, NS + 1)])
s_post = [
    f"{['M', 'L', 'LS', 'S'][k]}{rng.integers(1, 30)} {rng.integers(1, 9)}{chr(65 + rng.integers(26))}"
    f"{chr(65 + rng.integers(26))}"
    for k in s_city
]
c_sites = [np.nonzero(s_client == c)[0] for c in range(NC)]

# ---------------- workers
NW = 2600
w_old = np.arange(NW) < 1500
w_signup = np.where(w_old, secs("2019-01-01") + rng.uniform(0, 1450, NW) * DAY, rng.uniform(0, ND - 5, NW) * DAY)
w_r = rng.normal(0, 1, NW)
w_act = np.exp(rng.normal(0, 0.7, NW))
w_city = rng.choice(4, NW, p=CITY_P)
w_quit = np.maximum(w_signup, 0) + rng.exponential(800, NW) * DAY * np.where(w_r < -1, 0.5, 1.0)
w_phone = [f"07{rng.integers(10**8, 10**9)}" for _ in range(NW)]
w_name = [
    f"{rng.choice(['Adam', 'Beata', 'Chen', 'Dana', 'Emeka', 'Farah', 'Grzegorz', 'Hannah', 'Ivan', 'Jade'])} "
    f"{rng.choice(['Smith', 'Kowalski', 'Ahmed', 'Jones', 'Nguyen', 'Brown', 'Popescu', 'Khan'])}"
    for _ in range(NW)
]
w_rating = np.full(NW, 4.0)
w_ev = [[] for _ in range(NW)]  # (t, score): the rating as stood at a time is the EWMA over events up to it
w_ban = np.full(NW, np.inf)
w_nos = [[] for _ in range(NW)]
w_nassign = np.zeros(NW, int)
busy = np.zeros((NW, NDT), bool)

# skills: current validity per (worker, skill); rows
hold = rng.random((NW, 6)) < np.array(SK_P)
none = ~hold.any(1)
hold[none, rng.integers(0, 6, none.sum())] = True
sk_until = np.full((NW, 6), -np.inf)
SKR = []  # (worker, skill, certified_t, until_t, recorded_t)
for w, k in zip(*np.nonzero(hold), strict=True):
    v = SK_VALID[k]
    span = 3 * 365 if np.isinf(v) else v
    cert = w_signup[w] - rng.uniform(0, 0.9 * span) * DAY
    if w_old[w]:
        cert = min(cert, -rng.uniform(0, 0.95 * span) * DAY) if not np.isinf(v) else cert
    until = cert + v * DAY
    sk_until[w, k] = until
    SKR.append((w, k, cert, until, max(cert, w_signup[w])))
renew_p = sig(0.8 + 0.8 * w_r)

# ---------------- event stores
ORD = dict(client=[], site=[], role=[], posted=[], start=[], hours=[], head=[], pay=[], bill=[], cancel=[])
A = dict(order=[], worker=[], booked=[], start=[], end=[], cancel=[], out=[], checkin=[], first=[])
shift_bucket = [[] for _ in range(NDT)]
INC = []  # (assignment, worker, t, kind, severity, resolved)


def book_order(o, d_post, t_post):
    c = ORD["client"][o]
    st = ORD["start"][o]
    sd = int(st // DAY)
    role = ORD["role"][o]
    need = ROLES[role][1]
    lead = (st - t_post) / DAY
    city = s_city[ORD["site"][o]]
    elig = (w_city == city) & (w_signup <= t_post) & (w_quit > t_post) & (w_ban > t_post) & ~busy[:, sd]
    if need >= 0:
        elig &= sk_until[:, need] > st + ORD["hours"][o] * H
    night = (st % DAY) >= 20 * H
    filled = 0
    for _ in range(ORD["head"][o]):
        idx = np.nonzero(elig)[0]
        wt = w_act[idx] * np.exp(0.8 * (w_rating[idx] - 4))
        pool = wt.sum()
        if pool <= 0 or rng.random() >= sig(2.2 - 0.9 * night - 1.2 * (lead < 1.5) + 0.4 * np.log(pool / 20)):
            continue
        w = idx[rng.choice(len(idx), p=wt / pool)]
        elig[w] = False
        busy[w, sd] = True
        bt = t_post + min(rng.exponential(0.3 * lead), 0.9 * lead) * DAY
        if bt >= ORD["cancel"][o]:
            continue
        a = len(A["order"])
        A["order"].append(o)
        A["worker"].append(w)
        A["booked"].append(bt)
        A["start"].append(st)
        A["end"].append(st + ORD["hours"][o] * H)
        A["cancel"].append(np.inf)
        A["out"].append("")
        A["checkin"].append(np.nan)
        A["first"].append(w_nassign[w] == 0)
        w_nassign[w] += 1
        shift_bucket[sd].append(a)
        filled += 1
    c_hist[c].append((d_post, ORD["head"][o], filled))


def update_rating(w, t, score):
    w_rating[w] = 0.85 * w_rating[w] + 0.15 * score
    w_ev[w].append((t, score))


for d in range(NDT):
    t0 = d * DAY
    if d < ND:
        # certificate renewals, decided 20 days before expiry
        lo, hi = t0 + 20 * DAY, t0 + 21 * DAY
        for w, k in zip(*np.nonzero((sk_until >= lo) & (sk_until < hi)), strict=True):
            if w_quit[w] > t0 and rng.random() < renew_p[w]:
                cert = t0 + rng.uniform(0, 20) * DAY
                until = sk_until[w, k] + SK_VALID[k] * DAY
                sk_until[w, k] = until
                SKR.append((w, k, cert, until, cert))
        # client churn
        for c in np.nonzero((c_created <= t0) & np.isinf(c_close))[0]:
            rec = [(s, f) for dd, s, f in c_hist[c][-60:] if dd > d - 60]
            slots = sum(s for s, _ in rec)
            un = (slots - sum(f for _, f in rec)) / slots if slots else 0.0
            if rng.random() < (1 + 4 * un) / 2200:
                c_close[c] = t0 + rng.uniform(9, 17) * H
        # orders
        live = (c_created <= t0) & (c_close > t0 + DAY)
        lam = c_lam * SEASON[c_ind, d] * np.exp(c_trend * (d - 365) / 365)
        n = rng.poisson(np.where(live, lam, 0.0))
        for c in np.repeat(np.arange(NC), n):
            o = len(ORD["client"])
            sites = c_sites[c][s_open[c_sites[c]] <= t0]
            if len(sites) == 0:
                sites = c_sites[c][:1]
            tp = t0 + rng.uniform(7, 19) * H
            lead = min(rng.exponential(5), 21) * DAY + 4 * H
            sday = int((tp + lead) // DAY)
            hr = rng.choice([6, 14, 22], p=[0.55, 0.3, 0.15])
            st = sday * DAY + hr * H
            if st < tp + 4 * H:
                st += DAY
            roles, rp = ROLE_MIX[c_ind[c]]
            role = rng.choice(roles, p=rp)
            pay = round(ROLES[role][2] + rng.normal(0, 0.5), 2)
            ORD["client"].append(c)
            ORD["site"].append(int(rng.choice(sites)))
            ORD["role"].append(role)
            ORD["posted"].append(tp)
            ORD["start"].append(st)
            ORD["hours"].append(int(rng.choice([4, 6, 8, 10, 12], p=[0.1, 0.2, 0.45, 0.15, 0.1])))
            ORD["head"].append(int(min(1 + rng.geometric(0.45) - 1, 8)))
            ORD["pay"].append(pay)
            ORD["bill"].append(round(pay * c_markup[c], 2))
            ORD["cancel"].append(tp + rng.uniform(0.1, 0.9) * (st - tp) if rng.random() < 0.03 else np.inf)
            book_order(o, d, tp)
    # outcomes of shifts starting today
    for a in shift_bucket[d]:
        o, w, bt, st = A["order"][a], A["worker"][a], A["booked"][a], A["start"][a]
        if ORD["cancel"][o] < st:
            A["cancel"][a] = ORD["cancel"][o]
            A["out"][a] = "cancelled"
            continue
        if w_quit[w] < st:
            A["cancel"][a] = max(w_quit[w], bt + 60)
            A["out"][a] = "cancelled"
            update_rating(w, A["cancel"][a], 2.0)
            continue
        lead = (st - bt) / DAY
        if rng.random() < sig(-3 - 0.5 * w_r[w] + 0.03 * lead):
            ct = bt + rng.uniform(0.05, 1.0) * (st - bt)
            A["cancel"][a] = ct
            A["out"][a] = "cancelled"
            update_rating(w, ct, 2.0 if st - ct < DAY else 4.0)
            continue
        night = (st % DAY) >= 20 * H
        z = (
            -2.8
            - 1.1 * w_r[w]
            + 0.5 * night
            + 0.4 * WEEKEND[d]
            + 0.7 * XMAS[d]
            + 0.02 * min(lead, 21)
            + 0.7 * A["first"][a]
            + 0.3 * (c_ind[ORD["client"][o]] == 2)
        )
        if rng.random() < sig(z):
            A["out"][a] = "no_show"
            update_rating(w, st + H, 0.0)
            w_nos[w].append(st)
            if len([x for x in w_nos[w] if x > st - 60 * DAY]) >= 3 and np.isinf(w_ban[w]):
                w_ban[w] = st + rng.uniform(2, 30) * H
            continue
        A["out"][a] = "worked"
        A["checkin"][a] = st + rng.normal(-600, 600)
        inc = rng.random() < 0.015 * np.exp(-0.6 * w_r[w]) * (2 if ORD["role"][o] in RISKY else 1)
        if inc:
            INC.append((a, w, A["end"][a] + rng.uniform(0, 2) * DAY))
        update_rating(w, A["end"][a] + H, 3.0 if inc else 5.0)

# ---------------- arrays
NO = len(ORD["client"])
O_c = np.array(ORD["client"])
O_s = np.array(ORD["site"])
O_role = np.array(ORD["role"])
O_post = np.array(ORD["posted"])
O_st = np.array(ORD["start"])
O_hours = np.array(ORD["hours"])
O_head = np.array(ORD["head"])
O_pay = np.array(ORD["pay"])
O_bill = np.array(ORD["bill"])
O_cancel = np.array(ORD["cancel"])
O_role_txt = np.array(
    [rng.choice(ROLES[r][3], p=None) if rng.random() < 0.4 else ROLES[r][3][0] for r in O_role], dtype=object
)
O_po = np.where(
    rng.random(NO) < 0.3, None, np.array([f"PO{rng.integers(10**5, 10**6)}" for _ in range(NO)], dtype=object)
)

NA = len(A["order"])
A_o = np.array(A["order"])
A_w = np.array(A["worker"])
A_bt = np.array(A["booked"])
A_st = np.array(A["start"])
A_end = np.array(A["end"])
A_ct = np.array(A["cancel"])
A_out = np.array(A["out"], dtype=object)
A_chk = np.array(A["checkin"])
A_known = np.where(A_out == "no_show", A_st + H, np.where(A_out == "worked", A_chk, np.inf))  # outcome known then

wk = A_out == "worked"
T_a = np.nonzero(wk)[0]
NT = len(T_a)
T_hours = O_hours[A_o[T_a]] + np.round(rng.normal(0, 1.5, NT)) * 0.25
T_hours = T_hours + np.where(rng.random(NT) < 0.1, rng.choice([1.0, 2.0], NT), 0.0)
T_hours = np.maximum(T_hours, 1.0)
T_sub = A_end[T_a] + rng.exponential(12, NT) * H
T_disp = rng.random(NT) < 0.03
T_appr = np.where(T_disp, np.inf, T_sub + rng.exponential(2, NT) * DAY)
T_disp_t = T_sub + rng.uniform(1, 5, NT) * DAY

NI_ = len(INC)
I_a = np.array([x[0] for x in INC], int)
I_w = np.array([x[1] for x in INC], int)
I_t = np.array([x[2] for x in INC])
I_kind = rng.choice(
    ["Late arrival", "late", "LATE", "Injury", "injury", "Misconduct", "Equipment damage", "damage"],
    NI_,
    p=[0.25, 0.15, 0.05, 0.12, 0.08, 0.15, 0.12, 0.08],
)
I_sev = rng.choice([1, 2, 3], NI_, p=[0.6, 0.3, 0.1])
I_res = I_t + rng.exponential(10, NI_) * DAY

# invoices: Monday after each worked week, per client
a_client = O_c[A_o[T_a]]
a_week = (A_st[T_a] // DAY - 0) // 7  # weeks from START (a Sunday: 2023-01-01) -> shift to Mon-Sun below
mon0 = 1  # 2023-01-02 is a Monday
a_week = ((A_st[T_a] // DAY) - mon0) // 7
bill_amt = T_hours * O_bill[A_o[T_a]]
inv = pd.DataFrame({"c": a_client, "wk": a_week, "amt": bill_amt}).groupby(["c", "wk"], as_index=False)["amt"].sum()
inv = inv[inv.wk >= 0]
NV = len(inv)
V_c = inv.c.to_numpy()
V_amt = np.round(inv.amt.to_numpy(), 2)
V_issue = ((inv.wk.to_numpy() + 1) * 7 + mon0) * DAY + rng.uniform(9, 10, NV) * H
V_due = V_issue + c_terms[V_c] * DAY
V_full = V_due + np.maximum(c_late[V_c] + rng.normal(0, 3, NV), -c_terms[V_c] + 1) * DAY
V_two = rng.random(NV) < 0.1
V_first = V_issue + rng.uniform(0, 10, NV) * DAY
V_first = np.minimum(V_first, V_full - H)
V_never = (c_close[V_c] < V_full) & (rng.random(NV) < 0.05)
V_full = np.where(V_never, np.inf, V_full)
V_first = np.where(V_never, np.inf, V_first)
order = np.argsort(V_issue, kind="stable")
V_c, V_amt, V_issue, V_due, V_full, V_two, V_first = (
    x[order] for x in (V_c, V_amt, V_issue, V_due, V_full, V_two, V_first)
)

# pay runs: Friday after the Mon-Sun week
pr = pd.DataFrame({"w": A_w[T_a], "wk": a_week, "h": T_hours, "g": T_hours * O_pay[A_o[T_a]]})
pr = pr[pr.wk >= 0].groupby(["w", "wk"], as_index=False)[["h", "g"]].sum()
P_w = pr.w.to_numpy()
P_wk = pr.wk.to_numpy()
P_paid = ((P_wk + 1) * 7 + mon0 + 4) * DAY + 6 * H
P_end = ((P_wk + 1) * 7 + mon0 - 1) * DAY
po = np.argsort(P_paid, kind="stable")
P_w, P_wk, P_paid, P_end = P_w[po], P_wk[po], P_paid[po], P_end[po]
P_h, P_g = pr.h.to_numpy()[po], np.round(pr.g.to_numpy()[po], 2)

SK = np.array([(s[0], s[1], s[2], s[3], s[4]) for s in SKR])
SK_w = SK[:, 0].astype(int)
SK_k = SK[:, 1].astype(int)
SK_txt = np.array([rng.choice(SK_MESSY[k][0], p=SK_MESSY[k][1]) for k in SK_k], dtype=object)
SK_no = [f"C{rng.integers(10**6, 10**7)}" for _ in range(len(SK))]
sko = np.argsort(SK[:, 4], kind="stable")

# ---------------- tables as they stood at CUT
clients = pd.DataFrame(
    {
        "client_id": np.arange(1, NC + 1),
        "name": c_name,
        "industry": c_ind_txt,
        "account_manager": c_mgr,
        "payment_terms_days": c_terms,
        "created_at": ts(c_created),
        "status": np.where(c_close <= T, "closed", "active"),
        "closed_at": ts(known(c_close)),
    }
)[c_created <= T]

worksites = pd.DataFrame(
    {
        "site_code": s_code,
        "client_id": s_client + 1,
        "city": CITIES[s_city],
        "postcode": s_post,
        "opened_at": ts(s_open),
    }
)[s_open <= T]

# worker state at CUT


def rating_at(ev):
    r = 4.0
    for _t, sc in sorted(e for e in ev if e[0] <= T):
        r = 0.85 * r + 0.15 * sc
    return r


rating_cut = np.array([rating_at(ev) for ev in w_ev])
ak = A_known <= T
lw = pd.Series(A_chk[wk & ak]).groupby(A_w[wk & ak]).max().reindex(range(NW)).to_numpy()
nshift = np.bincount(A_w[wk & ak], minlength=NW)
ref = np.where(np.isnan(lw), w_signup, lw)
w_status = np.where(w_ban <= T, "banned", np.where(T - ref > 60 * DAY, "inactive", "active"))
workers = pd.DataFrame(
    {
        "worker_id": np.arange(1, NW + 1),
        "full_name": w_name,
        "home_city": CITIES[w_city],
        "phone": w_phone,
        "signed_up_at": ts(w_signup),
        "reliability_rating": np.round(rating_cut, 1),
        "status": w_status,
        "last_worked_at": ts(lw),
        "total_shifts": nshift,
    }
)[w_signup <= T]

worker_skills = pd.DataFrame(
    {
        "skill_id": np.arange(1, len(SK) + 1),
        "worker_id": SK_w[sko] + 1,
        "skill": SK_txt[sko],
        "cert_number": np.array(SK_no)[sko],
        "certified_on": ts(SK[sko, 2]).date,
        "expires_on": pd.Series(ts(np.where(np.isinf(SK[sko, 3]), np.nan, SK[sko, 3]))).dt.date,
    }
)[SK[sko, 4] <= T]

booked_cut = A_bt <= T
live_cut = booked_cut & ~(A_ct <= T)
fc = np.bincount(A_o[live_cut], minlength=NO)
o_cancel_known = O_cancel <= T
o_status = np.where(
    o_cancel_known,
    "cancelled",
    np.where(fc >= O_head, "filled", np.where(O_st > T, "open", np.where(fc > 0, "partially_filled", "unfilled"))),
)
# filled_at: the time the last slot was booked, when every slot was booked (and none cancelled) by CUT
last_bt = pd.Series(A_bt[booked_cut]).groupby(A_o[booked_cut]).max().reindex(range(NO)).to_numpy()
o_filled_at = np.where((o_status == "filled"), last_bt, np.nan)
shift_orders = pd.DataFrame(
    {
        "order_id": np.arange(1, NO + 1),
        "client_id": O_c + 1,
        "site_code": s_code[O_s],
        "role": O_role_txt,
        "posted_at": ts(O_post),
        "shift_start": ts(O_st),
        "shift_hours": O_hours,
        "headcount": O_head,
        "pay_rate": O_pay,
        "bill_rate": O_bill,
        "po_number": O_po,
        "status": o_status,
        "filled_count": fc,
        "filled_at": ts(o_filled_at),
        "cancelled_at": ts(known(O_cancel)),
    }
)[O_post <= T]

a_stat = np.where(A_ct <= T, "cancelled", np.where(ak, A_out, "booked"))
shift_assignments = pd.DataFrame(
    {
        "assignment_id": np.arange(1, NA + 1),
        "order_id": A_o + 1,
        "worker_id": A_w + 1,
        "booked_at": ts(A_bt),
        "shift_start": ts(A_st),
        "status": a_stat,
        "checked_in_at": ts(known(A_chk)),
        "cancelled_at": ts(known(A_ct)),
    }
)[booked_cut]

appr_k = known(T_appr)
t_status = np.where(~np.isnan(appr_k), "approved", np.where(T_disp & (T_disp_t <= T), "disputed", "submitted"))
timesheets = pd.DataFrame(
    {
        "timesheet_id": np.arange(1, NT + 1),
        "assignment_ref": (T_a + 1).astype(str),
        "worker_id": A_w[T_a] + 1,
        "submitted_at": ts(T_sub),
        "hours_worked": T_hours,
        "status": t_status,
        "approved_at": ts(appr_k),
    }
)[T_sub <= T]

paid_cut = np.where(V_full <= T, V_amt, np.where(V_two & (V_first <= T), np.round(V_amt / 2, 2), 0.0))
v_status = np.where(V_full <= T, "paid", np.where(paid_cut > 0, "part_paid", "open"))
invoices = pd.DataFrame(
    {
        "invoice_no": [f"INV-{i + 1:06d}" for i in range(NV)],
        "client_id": V_c + 1,
        "issued_at": ts(V_issue),
        "due_on": ts(V_due).date,
        "amount": V_amt,
        "amount_paid": paid_cut,
        "status": v_status,
        "paid_at": ts(known(V_full)),
    }
)[V_issue <= T]

pay_runs = pd.DataFrame(
    {
        "pay_run_id": np.arange(1, len(P_w) + 1),
        "worker_id": P_w + 1,
        "week_ending": ts(P_end).date,
        "hours": P_h,
        "gross_pay": P_g,
        "paid_at": ts(P_paid),
    }
)[P_paid <= T]

io = np.argsort(I_t, kind="stable")
incidents = pd.DataFrame(
    {
        "incident_id": np.arange(1, NI_ + 1),
        "assignment_id": I_a[io] + 1,
        "worker_id": I_w[io] + 1,
        "reported_at": ts(I_t[io]),
        "kind": I_kind[io],
        "severity": I_sev[io],
        "resolved_at": ts(known(I_res[io])),
    }
)[I_t[io] <= T]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, name VARCHAR, industry VARCHAR, account_manager VARCHAR,
                      payment_terms_days INTEGER, created_at TIMESTAMP, status VARCHAR, closed_at TIMESTAMP);
CREATE TABLE worksites (site_code VARCHAR PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
                        city VARCHAR, postcode VARCHAR, opened_at TIMESTAMP);
CREATE TABLE workers (worker_id INTEGER PRIMARY KEY, full_name VARCHAR, home_city VARCHAR, phone VARCHAR,
                      signed_up_at TIMESTAMP, reliability_rating DOUBLE, status VARCHAR, last_worked_at TIMESTAMP,
                      total_shifts INTEGER);
CREATE TABLE worker_skills (skill_id INTEGER PRIMARY KEY, worker_id INTEGER, skill VARCHAR, cert_number VARCHAR,
                            certified_on DATE, expires_on DATE);
CREATE TABLE shift_orders (order_id INTEGER PRIMARY KEY, client_id INTEGER, site_code VARCHAR, role VARCHAR,
                           posted_at TIMESTAMP, shift_start TIMESTAMP, shift_hours INTEGER, headcount INTEGER,
                           pay_rate DOUBLE, bill_rate DOUBLE, po_number VARCHAR, status VARCHAR,
                           filled_count INTEGER, filled_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE shift_assignments (assignment_id INTEGER PRIMARY KEY,
                                order_id INTEGER REFERENCES shift_orders(order_id), worker_id INTEGER,
                                booked_at TIMESTAMP, shift_start TIMESTAMP, status VARCHAR,
                                checked_in_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE timesheets (timesheet_id INTEGER PRIMARY KEY, assignment_ref VARCHAR, worker_id INTEGER,
                         submitted_at TIMESTAMP, hours_worked DOUBLE, status VARCHAR, approved_at TIMESTAMP);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, client_id INTEGER, issued_at TIMESTAMP, due_on DATE,
                       amount DOUBLE, amount_paid DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE pay_runs (pay_run_id INTEGER PRIMARY KEY, worker_id INTEGER, week_ending DATE, hours DOUBLE,
                       gross_pay DOUBLE, paid_at TIMESTAMP);
CREATE TABLE incidents (incident_id INTEGER PRIMARY KEY, assignment_id INTEGER, worker_id INTEGER,
                        reported_at TIMESTAMP, kind VARCHAR, severity INTEGER, resolved_at TIMESTAMP);
""")
for name, df in [
    ("clients", clients),
    ("worksites", worksites),
    ("workers", workers),
    ("worker_skills", worker_skills),
    ("shift_orders", shift_orders),
    ("shift_assignments", shift_assignments),
    ("timesheets", timesheets),
    ("invoices", invoices),
    ("pay_runs", pay_runs),
    ("incidents", incidents),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
