"""A pest-control service company (branches, technicians, a product catalogue, residential and commercial
customers, service agreements renewed yearly with price rises, recurring visits booked ahead at each visit, service
requests answered by callback re-treatments, chemical usage per visit, invoices, cancellations), seeded:
`python benchmarks/trials/pestcontrol.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 branches, 42 technicians, 14 products, 4,000
customers, 5.1k agreements, 54k visits, 7.5k service requests, 70k chemical-usage rows, 38k invoices (about 175k
rows, 6 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: visits.scheduled_for (each routine visit is booked at the completion of the
one before, an interval of 14-365 days ahead; callbacks 1-3 days ahead), agreements.ends_on (a mosquito season's
agreement ends on Sep 30, set at signup) and invoices.due_on (issued + 30 days). Every other column holding a later
date of its row is filled in later.

Truth (seed 0):
- branches (6): climate 'humid' (Tampa, Orlando, Savannah) x1.35 pest pressure, 'temperate' x1.0, 'dry' (Phoenix)
  x.7 (a parent attribute); followup_calls TRUE halves the churn a recent service request causes; branch 6
  (Savannah) opens 2023-09-01 and takes the new customers of its area after; region is noise
- technicians (7 per branch): skill q ~ N(0, 1) (hidden) lowers the service-request rate after their visits
  (x exp(-.35 q)) and visit durations; license_level is q + N(0, 1) cut at -.3 / 1.2 (apprentice / certified /
  master: a noisy view of q); years_exp noise; 4 leave in the span (left_on filled later; their booked visits and
  customers move to another technician of the branch at that time: visits.tech_ref is rewritten then);
  jobs_completed TODAY's (a counter kept up to date)
- products (14, text key product_code 'BIF-79'): category and pests; cost_per_oz
- customers (4,000: 2,400 before the span, 1,600 during, signing up x1.7 in Mar-Jun, x.6 Nov-Jan): customer_type
  commercial p .22, stored MESSY ('Residential', 'residential', 'RES', 'Res.', 'Commercial', 'COMMERCIAL', 'comm',
  'Commercial '); property_type (single_family / townhome / condo; restaurant / warehouse / office / retail);
  satisfaction s ~ N(0, 1) (hidden); pest pressure k = LogNormal(0, .45) x climate x (1 + .012 (age of building
  - 25)+) x property (restaurant 1.6, warehouse 1.3, condo .8, office .8); status TODAY's ('active'/'cancelled'),
  last_service_at TODAY's, open_balance TODAY's (unpaid invoices at the snapshot); postcode, email (NULL 20%),
  referral_source noise
- agreements: one primary per customer at signup (residential quarterly .62 / bimonthly .28 / monthly .10 billed
  per visit at 119 / 89 / 59 x (sqft/2000)^.3; commercial monthly .78 / biweekly .22 billed monthly at 95 x
  (sqft/5000)^.5 x 1.7 biweekly x 1.3 restaurant); termite add-on (residential built before 1990, p .25,
  annual inspection, 325 a year billed at start and each renewal); mosquito season (Mar 1-May 15 a day
  p .25/76 x climate (humid 1.6, dry .5) x exp(.3 s) per active residential customer, visits every 30 days to
  ends_on Sep 30, 59 a visit); each anniversary the price rises 6% (residential), 4% (commercial), 5% (termite):
  current_price, renewal_count, last_renewed_at TODAY's; status TODAY's ('active'/'cancelled'/'expired'),
  cancelled_at and cancel_reason filled later (messy: 'price', 'Price', 'too expensive', 'service issue',
  'Service Issue', 'still seeing bugs', 'moved', 'Moved away', 'no longer needed', 'other')
- churn (all of a customer's agreements cancelled, booked visits cancelled): a day hazard 1/1800 residential,
  1/3600 commercial x exp(-.6 s) (commercial -.4 s) x (1 + .9 r x f) where r is the customer's service requests
  decayed with a 45-day time constant and f .5 where the branch makes followup calls, else 1 x (1 + .8 winter) x 3
  for 45 days after a price rise when s < 0 x 1.5 in the first 120 days; moves 1/3000 a day (reason 'moved')
- visits: 'initial' 2-10 days after signup, then 'routine' each interval +- 3 days after the last completed one,
  booked at its completion; 'mosquito', 'termite_inspection' likewise; residential routine visits missed
  (customer not home) with p sigmoid(-2.8 - .5 s + .4 winter), rebooked 2-7 days later; status TODAY's
  ('scheduled' / 'completed' / 'missed' / 'cancelled'); completed_at, duration_min, pests_found filled later;
  Sundays move to Monday; weather noise
- service requests: a day rate 1/450 x k x (1 + .8 summer) x 1.4 commercial x exp(-.35 q of the last visit's
  technician) x 2 when the routine visit is 14+ days overdue; pest by season and property (ants summer, roaches
  commercial / restaurant / humid, rodents winter / warehouse, wasps and mosquitoes summer, termites Mar-May in old
  buildings, spiders, bed bugs), stored MESSY in 8% ('Ants', 'ANTS', 'roach', 'cockroaches', 'Rodents', 'mice',
  ...); a 'callback' visit 1-3 days ahead (callback_visit: its visit_id as VARCHAR: a text key);
  resolved_at filled later, status TODAY's ('open'/'resolved'/'cancelled')
- chemical_usage (per completed visit): a perimeter product on routine visits (roach gel at restaurants), one
  product per pest found (Poisson(.4 k) pests; the request's pest on callbacks), larvicide + adulticide on mosquito
  visits; quantity x (sqft/2000)^.5 x k^.3 x LogNormal(0, .3); unit MESSY 'oz' .85 / 'fl oz' .08 / 'OZ' .05 /
  'ml' .02 (where 'ml' the quantity is in millilitres, x29.57: a unit trap); applicator: the technician's code;
  area noise
- invoices: residential per completed routine / initial (+149) / mosquito visit at the current price, commercial
  on each month's 1st and at signup, termite at start and renewal, callbacks for bed bugs or termites outside a
  termite plan 225-350; paid after 1 + Exp(7 exp(-.5 s)) days (3%, x3 when s < -1, never: status 'overdue' once
  past due_on); paid_at filled later, status TODAY's ('open'/'paid'/'overdue'); invoice_no text 'PC-000123'
- keys: PKs declared on branches, technicians (tech_code VARCHAR 'T-007'), products (product_code VARCHAR),
  customers, agreements, visits, service_requests, chemical_usage, invoices; REFERENCES only technicians ->
  branches and customers -> branches. Undeclared: agreements.customer_id, visits (agreement_id, customer_id,
  tech_ref -> technicians.tech_code), service_requests (customer_id, agreement_id, callback_visit VARCHAR ->
  visits.visit_id), chemical_usage (visit_id, product_code -> products, applicator -> technicians.tech_code),
  invoices (customer_id, agreement_id, visit_id)
- `python pestcontrol.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  and filled-later column is as it stood at DATE (exact)
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
NDT = ND + 400
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
MON = days.month.values
MDAY = days.day.values
YR = days.year.values
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 200) / 365), 0, None)
WINTER = np.clip(np.cos(2 * np.pi * (DOY - 15) / 365), 0, None)

# ---------------- branches
NB = 6
B_CITY = np.array(["Tampa", "Orlando", "Atlanta", "Charlotte", "Phoenix", "Savannah"])
B_CLIM = np.array(["humid", "humid", "temperate", "temperate", "dry", "humid"])
CLIM_F = {"humid": 1.35, "temperate": 1.0, "dry": 0.7}
B_FOLLOW = np.array([True, False, True, False, False, True])
b_open = np.array([secs("2008-01-01") + rng.uniform(0, 2500) * DAY for _ in range(NB)])
b_open[5] = secs("2023-09-01") + 8 * 3600
branches = pd.DataFrame(
    {
        "branch_id": np.arange(1, NB + 1),
        "name": [f"{c} Pest Solutions" for c in B_CITY],
        "city": B_CITY,
        "region": rng.choice(["south", "southeast", "southwest"], NB),
        "climate": B_CLIM,
        "followup_calls": B_FOLLOW,
        "opened_on": ts(b_open).date,
    }
)

# ---------------- technicians
NT = 7 * NB
t_branch = np.repeat(np.arange(NB), 7)
t_q = rng.normal(0, 1, NT)
lz = t_q + rng.normal(0, 1, NT)
t_lic = np.where(lz > 1.2, "master", np.where(lz > -0.3, "certified", "apprentice"))
t_hired = b_open[t_branch] + rng.uniform(0, 1500, NT) * DAY
t_hired = np.where(b_open[t_branch] > 0, b_open[t_branch] + rng.uniform(0, 60, NT) * DAY, t_hired)
late = (rng.random(NT) < 0.2) & (np.arange(NT) % 7 >= 3) & (b_open[t_branch] < 0)
t_hired = np.where(late, rng.uniform(0, ND - 60, NT) * DAY, t_hired)
first3 = np.arange(NT) % 7 < 3
t_hired = np.where(first3 & (b_open[t_branch] < 0), np.minimum(t_hired, -30 * DAY), t_hired)
t_hired[first3 & (b_open[t_branch] > 0)] = b_open[t_branch][first3 & (b_open[t_branch] > 0)]
t_left = np.full(NT, INF)
for i in rng.choice(np.nonzero((~first3) & (b_open[t_branch] < 0))[0], 4, replace=False):
    t_left[i] = max(t_hired[i] + 90 * DAY, rng.uniform(120, ND - 30) * DAY)
t_code = np.array([f"T-{i:03d}" for i in range(1, NT + 1)])
t_exp = rng.integers(0, 25, NT)
t_pre_jobs = np.where(t_hired < 0, np.round(-t_hired / DAY * rng.uniform(2.5, 4.5, NT)), 0).astype(int)
t_name = rng.choice(["Garcia", "Smith", "Johnson", "Lee", "Brown", "Davis", "Nguyen", "Lopez", "Walker", "Hill"], NT)
t_first = rng.choice(["Mike", "Chris", "Ana", "Jose", "Tyler", "Kim", "Sam", "Dana", "Luis", "Pat"], NT)

# ---------------- products
PRODUCTS = [
    ("BIF-79", "Bifen IT 7.9%", "insecticide", "ants,spiders,roaches", 0.45, 16.0),
    ("TAL-EC", "Talstar EC", "insecticide", "ants,spiders,wasps", 0.50, 16.0),
    ("DEM-CS", "Demand CS", "insecticide", "spiders,wasps,mosquitoes", 0.80, 10.0),
    ("ADV-GB", "Advion Roach Gel", "bait", "roaches", 2.10, 1.2),
    ("MAX-AB", "Maxforce Ant Bait", "bait", "ants", 1.90, 1.0),
    ("CON-BL", "Contrac Blox", "rodenticide", "rodents", 0.35, 8.0),
    ("FIN-BL", "Final Blox", "rodenticide", "rodents", 0.40, 8.0),
    ("TER-SC", "Termidor SC", "termiticide", "termites", 1.20, 40.0),
    ("ALT-TR", "Altriset", "termiticide", "termites", 1.60, 30.0),
    ("CIM-DU", "Cimexa Dust", "insecticide", "bed bugs", 1.10, 4.0),
    ("TEM-SC", "Temprid SC", "insecticide", "bed bugs,roaches,spiders", 0.95, 8.0),
    ("ALS-XR", "Altosid XR", "larvicide", "mosquitoes", 0.70, 6.0),
    ("ONS-FC", "Onslaught Fastcap", "insecticide", "mosquitoes,wasps", 0.85, 8.0),
    ("GEN-IGR", "Gentrol IGR", "growth_regulator", "roaches,bed bugs", 1.30, 2.0),
]
NPR = len(PRODUCTS)
PR_CODE = np.array([p[0] for p in PRODUCTS])
PR_BASE = np.array([p[5] for p in PRODUCTS])
PESTS = ["ants", "roaches", "rodents", "spiders", "wasps", "termites", "bed bugs", "mosquitoes"]
FOR_PEST = {pe: [i for i, p in enumerate(PRODUCTS) if pe in p[3].split(",")] for pe in PESTS}
products = pd.DataFrame(
    {
        "product_code": PR_CODE,
        "name": [p[1] for p in PRODUCTS],
        "category": [p[2] for p in PRODUCTS],
        "target_pests": [p[3] for p in PRODUCTS],
        "cost_per_oz": [p[4] for p in PRODUCTS],
        "restricted_use": rng.random(NPR) < 0.2,
    }
)

# ---------------- customers
NC = 4000
NOLD = 2400
old = np.arange(NC) < NOLD
season_w = np.where(np.isin(MON[:ND], [3, 4, 5, 6]), 1.7, np.where(np.isin(MON[:ND], [11, 12, 1]), 0.6, 1.0))
new_day = rng.choice(ND - 3, NC, p=season_w[: ND - 3] / season_w[: ND - 3].sum())
c_created = np.where(
    old, secs("2016-01-01") + rng.uniform(0, 7 * 365 - 2, NC) * DAY, new_day * DAY + rng.uniform(8, 19, NC) * 3600
)
c_branch = rng.choice(5, NC, p=[0.24, 0.22, 0.2, 0.18, 0.16])
sav = (~old) & (c_created > b_open[5]) & (rng.random(NC) < 0.2)
c_branch[sav] = 5
c_comm = rng.random(NC) < 0.22
RES_PT = np.array(["single_family", "townhome", "condo"])
COM_PT = np.array(["restaurant", "warehouse", "office", "retail"])
c_pt = np.where(
    c_comm, COM_PT[rng.choice(4, NC, p=[0.35, 0.2, 0.3, 0.15])], RES_PT[rng.choice(3, NC, p=[0.7, 0.18, 0.12])]
)
c_year = np.where(c_comm, rng.integers(1960, 2021, NC), np.clip(np.round(2023 - rng.gamma(2.2, 14, NC)), 1920, 2022))
c_year = c_year.astype(int)
c_sqft = np.round(
    np.where(c_comm, np.exp(rng.normal(np.log(6000), 0.6, NC)), np.exp(rng.normal(np.log(2000), 0.35, NC))), -1
)
c_s = rng.normal(0, 1, NC)
PT_F = {"restaurant": 1.6, "warehouse": 1.3, "condo": 0.8, "office": 0.8}
c_k = (
    np.exp(rng.normal(0, 0.45, NC))
    * np.array([CLIM_F[B_CLIM[b]] for b in c_branch])
    * (1 + 0.012 * np.maximum(2024 - c_year - 25, 0))
    * np.array([PT_F.get(p, 1.0) for p in c_pt])
)
TYPE_SP = {
    False: (["Residential", "residential", "RES", "Res.", "residential "], [0.55, 0.25, 0.1, 0.06, 0.04]),
    True: (["Commercial", "commercial", "COMMERCIAL", "comm", "Commercial "], [0.55, 0.25, 0.1, 0.06, 0.04]),
}
c_type_txt = np.array([rng.choice(TYPE_SP[bool(x)][0], p=TYPE_SP[bool(x)][1]) for x in c_comm], dtype=object)
c_post = [f"{z}{rng.integers(10, 99)}" for z in rng.choice(["336", "328", "303", "282", "850", "314"], NC)]
c_email = np.where(rng.random(NC) < 0.2, None, np.array([f"cust{i}@mail.example" for i in range(1, NC + 1)]))
c_ref = rng.choice(["google", "Google", "referral", "yard sign", "door hanger", "facebook", None], NC)

# plans
RES_PLANS = np.array(["quarterly", "bimonthly", "monthly"])
COM_PLANS = np.array(["monthly", "biweekly"])
INTERVAL = {"quarterly": 91, "bimonthly": 61, "monthly": 30, "biweekly": 14, "termite": 365, "mosquito": 30}
c_plan = np.where(
    c_comm, COM_PLANS[rng.choice(2, NC, p=[0.78, 0.22])], RES_PLANS[rng.choice(3, NC, p=[0.62, 0.28, 0.1])]
)
res_price = (
    np.array([{"quarterly": 119, "bimonthly": 89, "monthly": 59}.get(p, 0) for p in c_plan]) * (c_sqft / 2000) ** 0.3
)
com_price = (
    95 * (c_sqft / 5000) ** 0.5 * np.where(c_plan == "biweekly", 1.7, 1.0) * np.where(c_pt == "restaurant", 1.3, 1.0)
)
c_price0 = np.round(np.where(c_comm, com_price, res_price), 0)
c_termite = (~c_comm) & (c_year < 1990) & (rng.random(NC) < 0.25)

# ---------------- simulation stores
AG = []  # [cust, plan, start_t, price0, ends_t, cancel_t, reason]
AG_price = []  # current price (during the simulation)
AG_first = []  # the price at START (or at signup)
AG_npre = []  # renewals before START
RENEW = []  # (ag, t, new_price, n)
renew_bucket = [[] for _ in range(NDT)]
V = []  # [ag, cust, tech (current), booked_t, sched_t, vtype, cancel_t, outcome, done_t, dur, pests]
V0_tech = []  # the technician a visit was booked with
REASSIGN = {}  # visit -> [(t, new tech)]
VREQ = {}  # callback visit -> its service request
sched_bucket = [[] for _ in range(NDT)]
future = [set() for _ in range(NC)]
REQ = []  # [cust, ag, t, pest, severity, visit]
USE = []  # (visit, product, qty_oz, t, tech)
INV = []  # (cust, ag, visit, t, amount)
c_churn = np.full(NC, INF)
c_reason = [None] * NC
c_ags = [[] for _ in range(NC)]
c_route = np.full(NC, -1)
c_lastq = np.zeros(NC)
c_lastdone = np.full(NC, -INF)
c_r = np.zeros(NC)
c_bump = np.full(NC, -INF)
c_mosq_year = np.zeros(NC, int)
C_IV = np.array([INTERVAL[p] for p in c_plan], float)
t_future = [set() for _ in range(NT)]
left_bucket = [[] for _ in range(NDT)]
for i in np.nonzero(t_left < INF)[0]:
    left_bucket[int(t_left[i] // DAY)].append(i)


def techs_at(b, t):
    return np.nonzero((t_branch == b) & (t_hired <= t) & (t_left > t))[0]


def route_tech(c, t):
    if c_route[c] < 0 or not (t_hired[c_route[c]] <= t < t_left[c_route[c]]):
        c_route[c] = rng.choice(techs_at(c_branch[c], t))
    return c_route[c]


def work_time(d):
    d = int(d)
    if DOW[min(d, NDT - 1)] == 6:
        d += 1
    return d * DAY + rng.uniform(7.5, 17) * 3600


def book(ag, c, booked_t, sched_t, vtype, tech=None):
    sched_t = max(sched_t, booked_t + 3600)
    sd = int(sched_t // DAY)
    if sd >= NDT:
        return -1
    if tech is None:
        tech = route_tech(c, max(booked_t, 0))
    V.append([ag, c, tech, booked_t, sched_t, vtype, INF, "", INF, 0, ""])
    V0_tech.append(tech)
    i = len(V) - 1
    sched_bucket[sd].append(i)
    future[c].add(i)
    t_future[tech].add(i)
    return i


def new_agreement(c, plan, start_t, price, ends_t=INF):
    a = len(AG)
    AG.append([c, plan, start_t, price, ends_t, INF, None])
    AG_price.append(price)
    AG_npre.append(0)
    c_ags[c].append(a)
    if ends_t == INF:
        n = 1
        while True:
            rt = start_t + n * 365 * DAY
            if rt >= ND * DAY:
                break
            if rt >= 0:
                renew_bucket[int(rt // DAY)].append((a, n))
            else:
                AG_price[a] = round(AG_price[a] * rise_for(c, plan), 2)
                AG_npre[a] = n
            n += 1
    AG_first.append(AG_price[a])
    return a


RISE = {"quarterly": 1.06, "bimonthly": 1.06, "monthly": 1.06, "biweekly": 1.04, "termite": 1.05, "mosquito": 1.0}


def rise_for(c, plan):
    if plan in ("monthly", "biweekly") and c_comm[c]:
        return 1.04
    return RISE[plan]


def sign_up(c, t, initial):
    a = new_agreement(c, c_plan[c], t, c_price0[c])
    if initial:
        book(a, c, t + 1800, work_time(t // DAY + rng.integers(2, 11)), "initial")
        if c_comm[c]:
            INV.append((c, a, -1, t + 3600, AG_price[a]))
    if c_termite[c]:
        ta = new_agreement(c, "termite", t, 325.0)
        if initial:
            INV.append((c, ta, -1, t + 3700, 325.0))
            book(ta, c, t + 1900, work_time(t // DAY + rng.integers(5, 30)), "termite_inspection")
        else:
            book(ta, c, -rng.uniform(30, 360) * DAY, work_time(rng.integers(0, 365)), "termite_inspection")
    return a


# customers existing before the span: their agreements run, the next visit was booked before START
for c in range(NOLD):
    a = sign_up(c, c_created[c], initial=False)
    iv = INTERVAL[c_plan[c]]
    off = rng.uniform(0, iv)
    book(a, c, -(iv - off) * DAY, work_time(off), "routine")
new_by_day = [[] for _ in range(ND)]
for c in range(NOLD, NC):
    new_by_day[int(c_created[c] // DAY)].append(c)

PEST_IDX = {p: i for i, p in enumerate(PESTS)}


def pest_weights(c, d):
    w = np.array(
        [
            0.30 * (1 + 1.5 * SUMMER[d]),
            0.20
            * (3 if c_comm[c] else 1)
            * (1.7 if c_pt[c] == "restaurant" else 1)
            * (1.5 if B_CLIM[c_branch[c]] == "humid" else 1),
            0.15 * (1 + 2 * WINTER[d]) * (2 if c_pt[c] == "warehouse" else 1),
            0.15,
            0.08 * (0.3 + 3 * SUMMER[d]) * (0.5 if c_comm[c] else 1),
            0.03 * (4 if MON[d] in (3, 4, 5) else 0.5) * (3 if c_year[c] < 1980 else 1),
            0.03,
            0.05 * SUMMER[d] * 3 * (0.3 if c_comm[c] else 1),
        ]
    )
    return w / w.sum()


def complete(i, t, tech):
    ag, c, _tech, bt, st, vtype = V[i][:6]
    d = int(t // DAY)
    V[i][7] = "completed"
    V[i][8] = t
    plan = AG[ag][1]
    pests = []
    if vtype == "callback":
        pests.append(REQ[VREQ[i]][3])
    elif vtype == "mosquito":
        pests.append("mosquitoes")
    elif vtype == "termite_inspection":
        if rng.random() < 0.06 * c_k[c]:
            pests.append("termites")
    else:
        n = rng.poisson(0.4 * c_k[c])
        if n:
            pests += list(rng.choice(PESTS, min(n, 3), replace=False, p=pest_weights(c, d)))
    pests = list(dict.fromkeys(pests))
    prods = []
    if vtype in ("routine", "initial"):
        prods.append(3 if c_pt[c] == "restaurant" else int(rng.choice([0, 1])))
    if vtype == "mosquito":
        prods += [11, 12]
    for pe in pests:
        if pe != "mosquitoes" or vtype != "mosquito":
            prods.append(int(rng.choice(FOR_PEST[pe])))
    for pr in dict.fromkeys(prods):
        q = PR_BASE[pr] * (c_sqft[c] / 2000) ** 0.5 * c_k[c] ** 0.3 * np.exp(rng.normal(0, 0.3))
        USE.append((i, pr, q, t - rng.uniform(60, 1200), tech))
    dur = {"routine": 35, "initial": 75, "callback": 40, "mosquito": 30, "termite_inspection": 50}[vtype]
    dur = dur * (c_sqft[c] / 2000) ** 0.3 * (1 + 0.1 * len(pests)) * np.exp(-0.1 * t_q[tech] + rng.normal(0, 0.2))
    V[i][9] = int(round(dur))
    V[i][10] = "; ".join(pests) if pests else "none"
    if vtype != "callback":
        c_lastq[c] = t_q[tech]
    if vtype in ("routine", "initial"):
        c_lastdone[c] = t
    # billing
    if vtype in ("routine", "initial", "mosquito") and not (plan in ("monthly", "biweekly") and c_comm[c]):
        INV.append((c, ag, i, t + rng.uniform(600, 7200), AG_price[ag] + (149 if vtype == "initial" else 0)))
    if vtype == "callback" and pests and pests[0] in ("bed bugs", "termites"):
        has_t = any(AG[a][1] == "termite" for a in c_ags[c])
        if pests[0] == "bed bugs" or not has_t:
            INV.append((c, ag, i, t + rng.uniform(600, 7200), float(round(rng.uniform(225, 350), 0))))
    # the next visit, booked now
    if vtype != "callback":
        nxt = t + (INTERVAL[plan] + rng.uniform(-3, 3)) * DAY
        if nxt < AG[ag][4]:
            vt = {"termite": "termite_inspection", "mosquito": "mosquito"}.get(plan, "routine")
            book(ag, c, t + rng.uniform(300, 1800), work_time(nxt // DAY), vt, tech=route_tech(c, t))


def churn(c, t, reason):
    c_churn[c] = t
    c_reason[c] = reason
    for a in c_ags[c]:
        if AG[a][5] == INF and AG[a][4] > t:
            AG[a][5] = t
            AG[a][6] = reason
    for i in list(future[c]):
        if V[i][4] > t and V[i][7] == "":
            V[i][6] = t
            V[i][7] = "cancelled"
    future[c].clear()


REASONS = {
    "service": (["service issue", "Service Issue", "still seeing bugs", "unhappy"], [0.4, 0.25, 0.25, 0.1]),
    "price": (["price", "Price", "too expensive", "price "], [0.45, 0.2, 0.3, 0.05]),
    "other": (["no longer needed", "other", "No longer needed", "diy"], [0.45, 0.3, 0.15, 0.1]),
    "moved": (["moved", "Moved away", "moving"], [0.6, 0.3, 0.1]),
}

# ---------------- day loop
for d in range(ND):
    t0 = d * DAY
    # technicians leaving: booked visits and customers move to another technician
    for k in left_bucket[d]:
        tl = t_left[k]
        others = techs_at(t_branch[k], tl)
        for i in sorted(t_future[k]):
            if V[i][7] == "" and V[i][4] > tl:
                nt = int(rng.choice(others))
                REASSIGN.setdefault(i, []).append((tl, nt))
                V[i][2] = nt
                t_future[nt].add(i)
        t_future[k].clear()
        c_route[c_route == k] = -1
    # sign-ups
    for c in new_by_day[d]:
        sign_up(c, c_created[c], initial=True)
    active = (c_created <= t0) & (c_churn == INF)
    # renewals: the price rises at each anniversary
    for a, n in renew_bucket[d]:
        c, plan = AG[a][0], AG[a][1]
        if AG[a][5] < INF:
            continue
        AG_price[a] = round(AG_price[a] * rise_for(c, plan), 2)
        rt = AG[a][2] + n * 365 * DAY
        RENEW.append((a, rt, AG_price[a], n))
        if plan != "termite":
            c_bump[c] = rt
        else:
            INV.append((c, a, -1, rt + 3600, AG_price[a]))
    # mosquito season sign-ups
    if MON[d] in (3, 4) or (MON[d] == 5 and MDAY[d] <= 15):
        cf = np.array([{"humid": 1.6, "temperate": 1.0, "dry": 0.5}[B_CLIM[b]] for b in c_branch])
        p = 0.25 / 76 * cf * np.exp(0.3 * c_s)
        hit = active & ~c_comm & (c_mosq_year != YR[d]) & (rng.random(NC) < p)
        for c in np.nonzero(hit)[0]:
            c_mosq_year[c] = YR[d]
            st = t0 + rng.uniform(8, 19) * 3600
            a = new_agreement(c, "mosquito", st, 59.0, ends_t=secs(f"{YR[d]}-09-30 23:59:59"))
            book(a, c, st + 1800, work_time(d + rng.integers(3, 11)), "mosquito")
    # service requests -> callback visits
    overdue = (t0 - c_lastdone) > (C_IV + 14) * DAY
    rate = (
        c_k
        / 450
        * (1 + 0.8 * SUMMER[d])
        * np.where(c_comm, 1.4, 1.0)
        * np.exp(-0.35 * c_lastq)
        * np.where(overdue & (c_lastdone > -INF), 2.0, 1.0)
    )
    c_r *= np.exp(-1 / 45)
    for c in np.nonzero(active & (rng.random(NC) < rate))[0]:
        rt = t0 + rng.uniform(7, 20) * 3600
        pe = rng.choice(PESTS, p=pest_weights(c, d))
        sev = rng.choice(["low", "medium", "high"], p=[0.35, 0.45, 0.2])
        b = c_branch[c]
        tech = route_tech(c, rt) if rng.random() < 0.4 else int(rng.choice(techs_at(b, rt)))
        vi = book(c_ags[c][0], c, rt + rng.uniform(1, 6) * 3600, work_time(d + rng.integers(1, 4)), "callback", tech)
        VREQ[vi] = len(REQ)
        REQ.append([c, c_ags[c][0], rt, pe, sev, vi])
        c_r[c] += 1
    # churn
    fol = np.where(B_FOLLOW[c_branch], 0.5, 1.0)
    base = np.where(c_comm, 1 / 3600, 1 / 1800) * np.exp(np.where(c_comm, -0.4, -0.6) * c_s)
    bump = ((t0 - c_bump) < 45 * DAY) & (c_s < 0)
    newc = (t0 - c_created) < 120 * DAY
    h = base * (1 + 0.9 * c_r * fol) * (1 + 0.8 * WINTER[d]) * np.where(bump, 3.0, 1.0) * np.where(newc, 1.5, 1.0)
    u = rng.random(NC)
    mv = rng.random(NC) < 1 / 3000
    for c in np.nonzero(active & ((u < h) | mv))[0]:
        if mv[c]:
            why = "moved"
        elif c_r[c] > 0.5 and rng.random() < 0.7:
            why = "service"
        elif bump[c] and rng.random() < 0.8:
            why = "price"
        else:
            why = str(rng.choice(["price", "other", "other"]))
        churn(c, t0 + rng.uniform(8, 18) * 3600, rng.choice(REASONS[why][0], p=REASONS[why][1]))
    # commercial monthly invoices
    if MDAY[d] == 1:
        for a, ag in enumerate(AG):
            c = ag[0]
            if c_comm[c] and ag[1] in ("monthly", "biweekly") and ag[5] == INF and ag[2] < t0:
                INV.append((c, a, -1, t0 + rng.uniform(1, 5) * 3600, AG_price[a]))
    # visits due today
    for i in sched_bucket[d]:
        v = V[i]
        if v[7] != "":
            continue
        c = v[1]
        future[c].discard(i)
        tech = v[2]
        t_future[tech].discard(i)
        st = v[4]
        if v[5] == "routine" and not c_comm[c] and rng.random() < sig(-2.8 - 0.5 * c_s[c] + 0.4 * WINTER[d]):
            v[7] = "missed"
            v[8] = st + 900
            book(v[0], c, st + 3600, work_time(d + rng.integers(2, 8)), "routine")
            continue
        complete(i, st + rng.uniform(-1800, 3600), tech)

# ---------------- arrays
NA = len(AG)
A_c = np.array([a[0] for a in AG])
A_plan = np.array([a[1] for a in AG], dtype=object)
A_start = np.array([a[2] for a in AG])
A_price0 = np.array([a[3] for a in AG])
A_ends = np.array([a[4] for a in AG])
A_cancel = np.array([a[5] for a in AG])
A_reason = np.array([a[6] for a in AG], dtype=object)
first_price = np.array(AG_first, float)
A_npre = np.array(AG_npre)
NV = len(V)
V_ag = np.array([v[0] for v in V])
V_c = np.array([v[1] for v in V])
V_tech = np.array([v[2] for v in V])
V_bt = np.array([v[3] for v in V])
V_st = np.array([v[4] for v in V])
V_type = np.array([v[5] for v in V], dtype=object)
V_cancel = np.array([v[6] for v in V])
V_out = np.array([v[7] for v in V], dtype=object)
V_done = np.array([v[8] for v in V])
V_dur = np.array([v[9] for v in V])
V_pests = np.array([v[10] for v in V], dtype=object)
V_tech0 = np.array(V0_tech)
V_weather = rng.choice(["clear", "cloudy", "rain", "hot", "windy"], NV)

NRQ = len(REQ)
R_c = np.array([r[0] for r in REQ])
R_ag = np.array([r[1] for r in REQ])
R_t = np.array([r[2] for r in REQ])
R_pest = np.array([r[3] for r in REQ], dtype=object)
R_sev = np.array([r[4] for r in REQ], dtype=object)
R_v = np.array([r[5] for r in REQ])
MESSY_PEST = {
    "ants": ["Ants", "ANTS", "ant"],
    "roaches": ["roach", "cockroaches", "Roaches"],
    "rodents": ["Rodents", "mice", "rats"],
    "spiders": ["Spiders", "spider"],
    "wasps": ["Wasps", "hornets"],
    "termites": ["Termites", "termite"],
    "bed bugs": ["bedbugs", "Bed Bugs"],
    "mosquitoes": ["Mosquitoes", "mosquito"],
}
R_pest_txt = R_pest.copy()
mz = rng.random(NRQ) < 0.08
R_pest_txt[mz] = [rng.choice(MESSY_PEST[p]) for p in R_pest[mz]]
R_chan = rng.choice(["phone", "web", "app", "email"], NRQ, p=[0.5, 0.25, 0.15, 0.1])

NU = len(USE)
U_v = np.array([u[0] for u in USE])
U_p = np.array([u[1] for u in USE])
U_q = np.array([u[2] for u in USE])
U_t = np.array([u[3] for u in USE])
U_tech = np.array([u[4] for u in USE])
U_unit = rng.choice(["oz", "fl oz", "OZ", "ml"], NU, p=[0.85, 0.08, 0.05, 0.02])
U_qty = np.round(np.where(U_unit == "ml", U_q * 29.57, U_q), 2)
U_area = rng.choice(["interior", "exterior", "perimeter", "crawlspace", "attic"], NU, p=[0.3, 0.25, 0.3, 0.1, 0.05])

NI = len(INV)
I_c = np.array([x[0] for x in INV])
I_ag = np.array([x[1] for x in INV])
I_v = np.array([x[2] for x in INV])
I_t = np.array([x[3] for x in INV])
I_amt = np.round(np.array([x[4] for x in INV], float), 2)
I_paid = I_t + (1 + rng.exponential(7 * np.exp(-0.5 * c_s[I_c]))) * DAY
I_never = rng.random(NI) < 0.03 * np.where(c_s[I_c] < -1, 3, 1)
I_paid = np.where(I_never, INF, I_paid)
ordi = np.argsort(I_t, kind="stable")
I_c, I_ag, I_v, I_t, I_amt, I_paid = I_c[ordi], I_ag[ordi], I_v[ordi], I_t[ordi], I_amt[ordi], I_paid[ordi]
I_due = I_t + 30 * DAY
I_method = rng.choice(["card", "ach", "check", "autopay"], NI, p=[0.4, 0.2, 0.15, 0.25])


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


vis_done = (V_out == "completed") & (V_done <= T)
jobs = np.bincount(V_tech[vis_done], minlength=NT)
technicians = pd.DataFrame(
    {
        "tech_code": t_code,
        "branch_id": t_branch + 1,
        "full_name": [f"{a} {b}" for a, b in zip(t_first, t_name, strict=True)],
        "license_level": t_lic,
        "years_exp": t_exp,
        "hired_on": ts(t_hired).date,
        "left_on": pd.Series(ts(known(t_left))).dt.date,
        "jobs_completed": t_pre_jobs + jobs,
    }
)[t_hired <= T]

last_done = pd.Series(V_done[vis_done]).groupby(V_c[vis_done]).max().reindex(range(NC)).to_numpy()
inv_k = I_t <= T
unpaid = inv_k & ~(I_paid <= T)
bal = np.bincount(I_c[unpaid], weights=I_amt[unpaid], minlength=NC)
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "branch_id": c_branch + 1,
        "customer_type": c_type_txt,
        "property_type": c_pt,
        "year_built": c_year,
        "sqft": c_sqft,
        "postcode": c_post,
        "email": c_email,
        "referral_source": c_ref,
        "created_at": ts(c_created),
        "status": np.where(c_churn <= T, "cancelled", "active"),
        "last_service_at": ts(last_done),
        "open_balance": np.round(bal, 2),
    }
)[c_created <= T]

# agreements: price, renewals, status as they stood at CUT
price_T = first_price.copy()
rc_T = A_npre.copy()
last_ren = np.where(rc_T > 0, A_start + rc_T * 365 * DAY, np.nan)
for a, rt, pr, n in RENEW:
    if rt <= T:
        price_T[a] = pr
        rc_T[a] = n
        last_ren[a] = rt
a_cx = A_cancel <= T
a_status = np.where(a_cx, "cancelled", np.where(A_ends < T, "expired", "active"))
agreements = pd.DataFrame(
    {
        "agreement_id": np.arange(1, NA + 1),
        "customer_id": A_c + 1,
        "plan": A_plan,
        "start_date": ts(A_start).date,
        "ends_on": pd.Series(ts(np.where(A_ends < INF, A_ends, np.nan))).dt.date,
        "billing": np.where(
            np.isin(A_plan, ["monthly", "biweekly"]) & c_comm[A_c],
            "monthly",
            np.where(A_plan == "termite", "annual", "per_visit"),
        ),
        "current_price": price_T,
        "renewal_count": rc_T,
        "last_renewed_at": ts(last_ren),
        "status": a_status,
        "cancelled_at": ts(np.where(a_cx, A_cancel, np.nan)),
        "cancel_reason": np.where(a_cx, A_reason, None),
    }
)[A_start <= T]

v_cx = V_cancel <= T
v_miss = (V_out == "missed") & (V_done <= T)
v_comp = (V_out == "completed") & (V_done <= T)
v_status = np.where(v_cx, "cancelled", np.where(v_comp, "completed", np.where(v_miss, "missed", "scheduled")))
tech_T = V_tech0.copy()
for i, evs in REASSIGN.items():
    for tr, nt in evs:
        if tr <= T:
            tech_T[i] = nt
visits = pd.DataFrame(
    {
        "visit_id": np.arange(1, NV + 1),
        "agreement_id": V_ag + 1,
        "customer_id": V_c + 1,
        "tech_ref": t_code[tech_T],
        "visit_type": V_type,
        "booked_at": ts(V_bt),
        "scheduled_for": ts(V_st),
        "status": v_status,
        "completed_at": ts(np.where(v_comp, V_done, np.nan)),
        "duration_min": np.where(v_comp, V_dur, np.nan),
        "pests_found": np.where(v_comp, V_pests, None),
        "weather": V_weather,
    }
)[V_bt <= T]

r_res = np.where(V_out[R_v] == "completed", V_done[R_v], np.nan)
r_res_k = known(r_res)
r_cx = V_cancel[R_v] <= T
service_requests = pd.DataFrame(
    {
        "request_id": np.arange(1, NRQ + 1),
        "customer_id": R_c + 1,
        "agreement_id": R_ag + 1,
        "reported_at": ts(R_t),
        "channel": R_chan,
        "pest": R_pest_txt,
        "severity": R_sev,
        "callback_visit": (R_v + 1).astype(str),
        "status": np.where(~np.isnan(r_res_k), "resolved", np.where(r_cx, "cancelled", "open")),
        "resolved_at": ts(r_res_k),
    }
)[R_t <= T]

chemical_usage = pd.DataFrame(
    {
        "usage_id": np.arange(1, NU + 1),
        "visit_id": U_v + 1,
        "product_code": PR_CODE[U_p],
        "applicator": t_code[U_tech],
        "quantity": U_qty,
        "unit": U_unit,
        "area": U_area,
        "applied_at": ts(U_t),
    }
)[U_t <= T]

paid_k = known(I_paid)
i_status = np.where(~np.isnan(paid_k), "paid", np.where(I_due < T, "overdue", "open"))
invoices = pd.DataFrame(
    {
        "invoice_id": np.arange(1, NI + 1),
        "invoice_no": [f"PC-{i + 1:06d}" for i in range(NI)],
        "customer_id": I_c + 1,
        "agreement_id": I_ag + 1,
        "visit_id": pd.Series(np.where(I_v >= 0, I_v + 1, np.nan)).astype("Int64"),
        "issued_at": ts(I_t),
        "due_on": ts(I_due).date,
        "amount": I_amt,
        "payment_method": I_method,
        "status": i_status,
        "paid_at": ts(paid_k),
    }
)[inv_k]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE branches (branch_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, region VARCHAR, climate VARCHAR,
                       followup_calls BOOLEAN, opened_on DATE);
CREATE TABLE technicians (tech_code VARCHAR PRIMARY KEY, branch_id INTEGER REFERENCES branches(branch_id),
                          full_name VARCHAR, license_level VARCHAR, years_exp INTEGER, hired_on DATE, left_on DATE,
                          jobs_completed INTEGER);
CREATE TABLE products (product_code VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, target_pests VARCHAR,
                       cost_per_oz DOUBLE, restricted_use BOOLEAN);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, branch_id INTEGER REFERENCES branches(branch_id),
                        customer_type VARCHAR, property_type VARCHAR, year_built INTEGER, sqft DOUBLE,
                        postcode VARCHAR, email VARCHAR, referral_source VARCHAR, created_at TIMESTAMP,
                        status VARCHAR, last_service_at TIMESTAMP, open_balance DOUBLE);
CREATE TABLE agreements (agreement_id INTEGER PRIMARY KEY, customer_id INTEGER, plan VARCHAR, start_date DATE,
                         ends_on DATE, billing VARCHAR, current_price DOUBLE, renewal_count INTEGER,
                         last_renewed_at TIMESTAMP, status VARCHAR, cancelled_at TIMESTAMP, cancel_reason VARCHAR);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, agreement_id INTEGER, customer_id INTEGER, tech_ref VARCHAR,
                     visit_type VARCHAR, booked_at TIMESTAMP, scheduled_for TIMESTAMP, status VARCHAR,
                     completed_at TIMESTAMP, duration_min DOUBLE, pests_found VARCHAR, weather VARCHAR);
CREATE TABLE service_requests (request_id INTEGER PRIMARY KEY, customer_id INTEGER, agreement_id INTEGER,
                               reported_at TIMESTAMP, channel VARCHAR, pest VARCHAR, severity VARCHAR,
                               callback_visit VARCHAR, status VARCHAR, resolved_at TIMESTAMP);
CREATE TABLE chemical_usage (usage_id INTEGER PRIMARY KEY, visit_id INTEGER, product_code VARCHAR,
                             applicator VARCHAR, quantity DOUBLE, unit VARCHAR, area VARCHAR, applied_at TIMESTAMP);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, invoice_no VARCHAR, customer_id INTEGER, agreement_id INTEGER,
                       visit_id INTEGER, issued_at TIMESTAMP, due_on DATE, amount DOUBLE, payment_method VARCHAR,
                       status VARCHAR, paid_at TIMESTAMP);
""")
for name, df in [
    ("branches", branches[b_open <= T]),
    ("technicians", technicians),
    ("products", products),
    ("customers", customers),
    ("agreements", agreements),
    ("visits", visits),
    ("service_requests", service_requests),
    ("chemical_usage", chemical_usage),
    ("invoices", invoices),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
