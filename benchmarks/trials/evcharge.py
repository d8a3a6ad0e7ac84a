"""An electric-vehicle charging network (operators, sites, chargers with hardware outages and fault tickets, drivers
with paid memberships, charging sessions with kWh and fees, monthly payments), seeded:
`python benchmarks/trials/evcharge.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 8 operators, 120 sites, 582 chargers, 3,000 drivers,
119k sessions, 3.9k outages, 2.5k fault tickets, 1.9k memberships (no key declared), 37k payments (about 12 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. No row is
dated after NOW. Every column holding a later date of its row is filled in later.

Truth (seed 0):
- operators (8): text key operator_code ('VOLTA'); service_tier gold / silver / bronze (visible) sets repair speed
  (outage duration x .5 / 1 / 2.2) and outage hazard (x .7 / 1 / 1.5); price_per_kwh U(.39, .59) is the session
  price; hq_phone, founded_year are noise
- sites (120): 85 opened 2019-2022, 35 during the span; key to the operator undeclared and oddly named (sites.oper,
  text); site_type highway / urban / retail spelt messily ('Highway', 'HWY', 'urban ', 'Retail_Park', ...);
  popularity LogNormal(0, .5); highway sites x1.5 sessions on Jul-Aug weekends; lat/lon noise; a site is
  decommissioned with hazard 1/9000 per day (its chargers retire then): sites.status TODAY's, decommissioned_at
  filled in later
- chargers (~580): text key 'CH-00042', site_id REFERENCES sites; hw_model sets power (Alpha DC150 150 kW, Boreal AC22
  22 kW, Cirrus DC50 50 kW, Delta HPC350 350 kW) and fault multiplier (1.0, .6, 1.8, 1.3); outage hazard per
  charger-day .008 x model x tier x (1 + .35 age years) x (.6 + .2 sessions yesterday); duration Exp(1.6 days x
  tier repair) + 1 h; while out no session starts there. chargers.status ('available' / 'faulted' / 'retired') and
  last_heartbeat_at are TODAY's; retired_at (site decommissioned or an old Cirrus retired 1/6000 per day) filled in
  later
- outages: charger_ref (text, undeclared) ; resolved_at and cause (messy spellings) filled at resolution
- fault_tickets: 65% of outages open one U(.5, 6) h after they start; category drawn by the charger's model
  (Boreal: connector, Cirrus: power_module, Delta: cooling, Alpha: network mostly; plus vandalism, payment_terminal);
  priority P1 for DC >= 150 kW else P2/P3; closed_at = resolved + U(0, 2) days and status (open/closed) filled later;
  key charger_id undeclared
- drivers (3,000): 1,800 signed up 2021-2022, 1,200 during the span; frequency f ~ LogNormal(log .085, .6) sessions per
  day; a home site (drivers.home_site, integer, undeclared) in its city; car battery 40-100 kWh (vehicle text messy,
  5% NULL); email noise. Plan TODAY's (payg / basic / premium, start .6 / .25 / .15): payg -> premium hazard
  .00001 x kWh in the last 30 days, basic -> premium .000005 x kWh, paid -> payg 1/700 per day awake, 1/25 dormant or
  after a failed payment; each paid plan period is a memberships row (ended_at filled later); drivers.last_session_at
  TODAY's
- dormancy (churn): awake -> dormant hazard 1/700 x (1 + 1.5 x bad experiences in the last 30 days); a bad
  experience is a session that failed (stop_reason error, p .015 x model) or an attempt at a site with every charger
  out (no row): so churn reads the home site's chargers' outages two hops away; dormant wakes 1/200; a dormant
  driver deletes the account with hazard 1/500 per day (drivers.deleted_at, filled later; the row ends)
- sessions: Poisson(f x weekday (Sat .8, Sun .7) x month (Dec 1.1, Jul-Aug 1.15) x premium 1.3) per awake day; 75%
  at the home site (while it is open), else a site of the city by popularity; kWh = battery x U(.2, .7) x winter (Dec-Feb 1.2), rate
  min(charger kW, car 11 kW on AC / 150 DC) x U(.5, .85); fee_eur = kWh x operator price x (1, .9, .75 by plan at
  the session) + .35 for payg; idle_fee_eur for AC overstays; ended_at, kwh_delivered, fee_eur, stop_reason filled
  at the end (sessions running at the cut have them NULL); driver_id undeclared, charger_id REFERENCES chargers
- payments: one per driver and calendar month with sessions or a paid plan, created the 1st of the next month 02:00
  (status 'pending'), amount = fees + plan fee (basic 4.99, premium 12.99); paid_at = created + Exp(2 d) + 1 h
  ('paid'), or 'failed' (p .03, x4 for drivers with a credit flag) at created + 2 d; status and paid_at filled
  later; the driver is payments.customer_ref, the driver id as VARCHAR (undeclared)
- `python evcharge.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import sys
from pathlib import Path

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


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


MONTH = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.15, 1.15, 1.0, 1.0, 1.0, 1.1])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.7])
DAYS = pd.date_range(START, periods=ND, freq="D")

# ---------------- operators
OPS = np.array(["VOLTA", "GRIDGO", "ionity-x", "PLUGR", "ECHRG", "Fastnet", "AMPERA", "NORDE"])
NO = len(OPS)
o_tier = rng.choice(3, NO, p=[0.3, 0.4, 0.3])
TIER_REPAIR = np.array([0.5, 1.0, 2.2])
TIER_HAZ = np.array([0.7, 1.0, 1.5])
o_price = np.round(rng.uniform(0.39, 0.59, NO), 2)
operators = pd.DataFrame(
    {
        "operator_code": OPS,
        "legal_name": [f"{o.title()} Charging GmbH" for o in OPS],
        "service_tier": np.array(["gold", "silver", "bronze"])[o_tier],
        "price_per_kwh": o_price,
        "hq_phone": [f"+49 30 {rng.integers(1000000, 9999999)}" for _ in range(NO)],
        "founded_year": rng.integers(2009, 2020, NO),
    }
)

# ---------------- sites
NS = 120
CITIES = np.array(["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig", "Stuttgart"])
s_old = np.arange(NS) < 85
s_open = np.where(s_old, secs("2019-01-01") + rng.uniform(0, 4 * 365 - 20, NS) * DAY, rng.uniform(0, ND - 60, NS) * DAY)
s_open = np.floor(s_open / DAY) * DAY + rng.uniform(7, 11, NS) * 3600
s_op = rng.integers(0, NO, NS)
s_city = rng.choice(len(CITIES), NS, p=[0.25, 0.2, 0.2, 0.15, 0.1, 0.1])
s_type = rng.choice(3, NS, p=[0.3, 0.45, 0.25])  # highway urban retail
TYPE_SPELL = [
    ["highway", "Highway", "HWY", "highway "],
    ["urban", "Urban", "urban ", "URBAN"],
    ["retail", "Retail", "Retail_Park", "retail park"],
]
s_type_txt = np.array([TYPE_SPELL[k][rng.choice(4, p=[0.55, 0.25, 0.1, 0.1])] for k in s_type], dtype=object)
s_pop = np.exp(rng.normal(0, 0.5, NS))
s_decomm = np.full(NS, np.inf)
s_lat = np.round(rng.uniform(47.5, 54.5, NS), 5)
s_lon = np.round(rng.uniform(6.5, 14.5, NS), 5)

# ---------------- chargers
MODELS = np.array(["Alpha DC150", "Boreal AC22", "Cirrus DC50", "Delta HPC350"])
M_KW = np.array([150.0, 22.0, 50.0, 350.0])
M_FAULT = np.array([1.0, 0.6, 1.8, 1.3])
n_per = 2 + rng.poisson(np.where(s_type == 0, 4.0, 2.5))
c_site = np.repeat(np.arange(NS), n_per)
NC = len(c_site)
c_model = np.where(
    s_type[c_site] == 0,
    rng.choice(4, NC, p=[0.4, 0.0, 0.2, 0.4]),
    rng.choice(4, NC, p=[0.2, 0.5, 0.25, 0.05]),
)
c_inst = s_open[c_site] + rng.uniform(0, 3, NC) * DAY
late = rng.random(NC) < 0.12  # some chargers added later
c_inst = np.where(late, np.maximum(c_inst, rng.uniform(0, ND - 30, NC) * DAY), c_inst)
c_retired = np.full(NC, np.inf)
c_serial = [f"SN{rng.integers(10**9, 10**10)}" for _ in range(NC)]
out_start = np.full(NC, -np.inf)
out_end = np.full(NC, -np.inf)
OU = {k: [] for k in ["c", "start", "end", "cause"]}
site_chargers = [np.flatnonzero(c_site == s) for s in range(NS)]

# ---------------- drivers
NDR = 3000
d_old = np.arange(NDR) < 1800
d_signup = np.where(d_old, secs("2021-01-01") + rng.uniform(0, 729, NDR) * DAY, rng.uniform(0, ND - 1, NDR) * DAY)
d_f = np.exp(rng.normal(np.log(0.085), 0.6, NDR))
d_city = rng.choice(len(CITIES), NDR, p=[0.25, 0.2, 0.2, 0.15, 0.1, 0.1])
d_home = np.array([rng.choice(np.flatnonzero(s_city == c)) for c in d_city])
d_batt = rng.choice([40.0, 58.0, 77.0, 100.0], NDR, p=[0.2, 0.35, 0.3, 0.15])
CARS = {
    40.0: ["Nissan Leaf", "nissan leaf", "LEAF"],
    58.0: ["VW ID.3", "vw id3", "ID.3"],
    77.0: ["Kia EV6", "KIA EV6", "Tesla Model 3", "tesla model3"],
    100.0: ["Tesla Model S", "Mercedes EQS", "tesla model s"],
}
d_car = np.array([CARS[b][rng.integers(0, len(CARS[b]))] for b in d_batt], dtype=object)
d_car[rng.random(NDR) < 0.05] = None
d_credit = rng.random(NDR) < 0.1
d_email = [f"driver{i}@mail.example" for i in range(1, NDR + 1)]
d_plan0 = rng.choice(3, NDR, p=[0.6, 0.25, 0.15])
d_plan = d_plan0.copy()
plan_events = []  # (driver, t, plan)
d_dormant = np.zeros(NDR, bool)
d_deleted = np.full(NDR, np.inf)
bad = []  # (driver, t)
bad30 = np.zeros((NDR, 30))
kwh30 = np.zeros((NDR, 30))
city_sites = [np.flatnonzero(s_city == c) for c in range(len(CITIES))]
SE = {k: [] for k in ["d", "c", "start", "end", "kwh", "fee", "idle", "reason", "plan"]}
c_used_yday = np.zeros(NC)
fail_t = np.full(NDR, -np.inf)  # time of the driver's latest failed payment
month_fee = np.zeros(NDR)
months = pd.date_range("2023-01-01", "2024-12-01", freq="MS")
msec = np.array([secs(m) for m in months])
PAY = {k: [] for k in ["d", "m", "amount", "created", "paid", "failed"]}

for d in range(ND):
    t0 = d * DAY
    day = DAYS[d]
    mon, wd = day.month, day.weekday()
    season = MONTH[mon - 1] * WEEKDAY[wd]
    winter = 1.2 if mon in (12, 1, 2) else 1.0
    summer_we = (mon in (7, 8)) and wd >= 5
    # sites decommissioned
    live_s = (s_open <= t0) & (s_decomm > t0)
    for s in np.flatnonzero(live_s & (rng.random(NS) < 1 / 9000)):
        s_decomm[s] = t0 + rng.uniform(8, 18) * 3600
        cs = site_chargers[s]
        c_inst[cs[c_inst[cs] > s_decomm[s]]] = np.inf  # chargers planned there are never installed
        c_retired[cs] = np.minimum(c_retired[cs], s_decomm[s])
    # chargers: retirement, outages
    live_c = (c_inst <= t0) & (c_retired > t0)
    age_y = np.maximum(0, (t0 - c_inst) / DAY / 365)
    old_cirrus = live_c & (c_model == 2) & (age_y > 3) & (rng.random(NC) < 1 / 6000)
    for c in np.flatnonzero(old_cirrus):
        c_retired[c] = t0 + rng.uniform(8, 18) * 3600
    live_c = (c_inst <= t0) & (c_retired > t0 + DAY)
    hz = 0.008 * M_FAULT[c_model] * TIER_HAZ[o_tier[s_op[c_site]]] * (1 + 0.35 * age_y) * (0.6 + 0.2 * c_used_yday)
    newo = live_c & (out_end < t0) & (rng.random(NC) < hz)
    for c in np.flatnonzero(newo):
        st = t0 + rng.uniform(0, DAY)
        du = (rng.exponential(1.6) * TIER_REPAIR[o_tier[s_op[c_site[c]]]]) * DAY + 3600
        out_start[c], out_end[c] = st, st + du
        OU["c"].append(c)
        OU["start"].append(st)
        OU["end"].append(st + du)
        OU["cause"].append(int(c_model[c]))
    c_used_yday[:] = 0
    # drivers: dormancy, deletion
    exist = (d_signup <= t0) & (d_deleted > t0)
    u = rng.random(NDR)
    h = 1 / 700 * (1 + 1.5 * bad30.sum(1))
    go = exist & ~d_dormant & (u < h)
    wake = exist & d_dormant & (u < 1 / 200)
    dele = exist & d_dormant & ~wake & (rng.random(NDR) < 1 / 500)
    d_deleted[dele] = t0 + rng.uniform(0, DAY, dele.sum())
    d_dormant = (d_dormant | go) & ~wake
    awake = exist & ~d_dormant & ~dele
    bad30[:, d % 30] = 0
    kwh30[:, d % 30] = 0
    # sessions
    n = rng.poisson(d_f * season * np.where(d_plan == 2, 1.3, 1.0)) * awake
    for i in np.flatnonzero(n):
        for _ in range(n[i]):
            if rng.random() < 0.75 and s_decomm[d_home[i]] > t0:
                s = d_home[i]
            else:
                cs_ = city_sites[d_city[i]]
                w = s_pop[cs_] * np.where(s_type[cs_] == 0, 1.5 if summer_we else 1.0, 1.0)
                s = cs_[rng.choice(len(cs_), p=w / w.sum())]
            hr = np.clip(rng.normal(rng.choice([8.5, 13, 18.5], p=[0.35, 0.25, 0.4]), 1.8), 0, 23.5)
            t = t0 + hr * 3600
            cs = site_chargers[s]
            ok = cs[(c_inst[cs] <= t) & (c_retired[cs] > t) & ~((out_start[cs] <= t) & (out_end[cs] > t))]
            if (s_open[s] > t) or (s_decomm[s] <= t):
                continue
            if len(ok) == 0:
                bad30[i, d % 30] += 1
                continue
            c = ok[rng.integers(0, len(ok))]
            kw = min(M_KW[c_model[c]], 11.0 if c_model[c] == 1 else 150.0) * rng.uniform(0.5, 0.85)
            kwh = d_batt[i] * rng.uniform(0.2, 0.7) * winter
            failed = rng.random() < 0.015 * M_FAULT[c_model[c]]
            if failed:
                kwh = kwh * rng.uniform(0, 0.1)
                bad30[i, d % 30] += 1
            dur = kwh / kw * 3600 + rng.uniform(60, 300)
            idle = rng.exponential(90) if (c_model[c] == 1 and rng.random() < 0.4) else 0.0
            end = t + dur + idle * 60
            p = d_plan[i]
            fee = kwh * o_price[s_op[c_site[c]]] * [1.0, 0.9, 0.75][p] + (0.35 if p == 0 else 0.0)
            SE["d"].append(i)
            SE["c"].append(c)
            SE["start"].append(t)
            SE["end"].append(end)
            SE["kwh"].append(round(kwh, 3))
            SE["fee"].append(round(fee, 2))
            SE["idle"].append(round(max(0.0, idle - 45) * 0.1, 2))
            SE["reason"].append(
                rng.choice(["error", "ERROR"])
                if failed
                else rng.choice(["completed", "Completed", "EV_DISCONNECT", "user_stop"], p=[0.5, 0.1, 0.25, 0.15])
            )
            SE["plan"].append(p)
            c_used_yday[c] += 1
            kwh30[i, d % 30] += kwh
            month_fee[i] += round(fee, 2) + round(max(0.0, idle - 45) * 0.1, 2)
    # plans
    u = rng.random(NDR)
    kw30 = kwh30.sum(1)
    up = exist & ~d_dormant & (((d_plan == 0) & (u < 0.00001 * kw30)) | ((d_plan == 1) & (u < 0.000005 * kw30)))
    failed_recent = (fail_t > t0 - 5 * DAY) & (fail_t <= t0 + DAY)
    down = exist & (d_plan > 0) & ~up & (u > 1 - np.where(d_dormant | failed_recent, 1 / 25, 1 / 700))
    for i in np.flatnonzero(up):
        d_plan[i] = 2
        plan_events.append((i, t0 + rng.uniform(0, DAY), 2))
    for i in np.flatnonzero(down | dele):
        if d_plan[i] > 0:
            d_plan[i] = 0
            plan_events.append((i, min(t0 + rng.uniform(0, DAY), d_deleted[i]), 0))
    # invoices for the month just closed, created today 02:00 (failures feed back into plan downgrades)
    if day.day == 1 and d > 0:
        m = int(np.searchsorted(msec, t0 - DAY, side="right") - 1)
        for i in np.flatnonzero((d_signup <= t0) & (d_deleted > msec[m])):
            amt = month_fee[i] + [0.0, 4.99, 12.99][d_plan[i]]
            if amt <= 0:
                continue
            created = t0 + 2 * 3600
            fail = rng.random() < (0.12 if d_credit[i] else 0.03)
            PAY["d"].append(i)
            PAY["m"].append(m)
            PAY["amount"].append(round(amt, 2))
            PAY["created"].append(created)
            PAY["paid"].append(np.inf if fail else created + rng.exponential(2) * DAY + 3600)
            PAY["failed"].append(created + 2 * DAY if fail else np.inf)
            if fail:
                fail_t[i] = created + 2 * DAY
        month_fee[:] = 0

# ---------------- derived rows (all random draws before any cut)
se = pd.DataFrame(SE).sort_values("start", kind="stable").reset_index(drop=True)
se["session_id"] = np.arange(1, len(se) + 1) + 5_000_000
ou = pd.DataFrame(OU).sort_values("start", kind="stable").reset_index(drop=True)
ou["outage_id"] = np.arange(1, len(ou) + 1)
NOU = len(ou)
CAUSE_SPELL = [
    ["network", "Network", "NET"],
    ["connector", "Connector", "cable/connector"],
    ["power_module", "Power Module", "PWR"],
    ["cooling", "Cooling", "overheat"],
]
cause_kind = np.where(rng.random(NOU) < 0.6, ou.cause.to_numpy(), rng.integers(0, 4, NOU))
ou["cause_txt"] = [CAUSE_SPELL[k][rng.choice(3, p=[0.6, 0.3, 0.1])] for k in cause_kind]
ou["reported_by"] = rng.choice(["auto", "driver_app", "ops"], NOU, p=[0.6, 0.25, 0.15])
# fault tickets
tk = ou[rng.random(NOU) < 0.65].copy()
NT = len(tk)
CATS = np.array(["connector", "power_module", "cooling", "network", "vandalism", "payment_terminal"])
CAT_P = {
    0: [0.15, 0.15, 0.1, 0.45, 0.05, 0.1],
    1: [0.6, 0.05, 0.0, 0.15, 0.1, 0.1],
    2: [0.1, 0.6, 0.1, 0.1, 0.05, 0.05],
    3: [0.1, 0.15, 0.5, 0.15, 0.05, 0.05],
}
tk_model = c_model[tk.c.to_numpy()]
tk["category"] = [CATS[rng.choice(6, p=CAT_P[m])] for m in tk_model]
tk["opened"] = tk.start.to_numpy() + rng.uniform(0.5, 6, NT) * 3600
tk["closed"] = np.maximum(tk.end.to_numpy(), tk.opened.to_numpy() + 1800) + rng.uniform(0, 2, NT) * DAY
tk["priority"] = np.where(M_KW[tk_model] >= 150, "P1", rng.choice(["P2", "P3"], NT))
tk["technician"] = rng.choice([f"tech{k:02d}" for k in range(1, 16)], NT)
tk = tk.sort_values("opened", kind="stable").reset_index(drop=True)
tk["ticket_id"] = np.arange(1, NT + 1) + 70000

ev_by_d = {}
for i, te, p in plan_events:
    ev_by_d.setdefault(i, []).append((te, p))


def plan_at(i, t):
    p = d_plan0[i]
    for te, pp in ev_by_d.get(i, []):
        if te <= t:
            p = pp
    return p


pa_ = pd.DataFrame(PAY)
NP = len(pa_)
pa_["method"] = rng.choice(["card", "sepa", "paypal", "Card"], NP, p=[0.5, 0.3, 0.15, 0.05])
pa_ = pa_.sort_values("created", kind="stable").reset_index(drop=True)
pa_["payment_id"] = np.arange(1, NP + 1)

# memberships: each paid plan period
MEM = {k: [] for k in ["d", "plan", "start", "end"]}
for i in range(NDR):
    evs = [(d_signup[i], d_plan0[i])] + sorted(ev_by_d.get(i, []))
    for k, (te, p) in enumerate(evs):
        if p == 0:
            continue
        end = evs[k + 1][0] if k + 1 < len(evs) else np.inf
        MEM["d"].append(i)
        MEM["plan"].append(p)
        MEM["start"].append(te)
        MEM["end"].append(end)
me = pd.DataFrame(MEM).sort_values("start", kind="stable").reset_index(drop=True)
me["membership_id"] = np.arange(1, len(me) + 1)
me["promo"] = np.where(rng.random(len(me)) < 0.2, rng.choice(["WINTER23", "SUMMER24", "FRIEND"], len(me)), None)

# ---------------- tables as they stood at CUT
s_keep = s_open <= T
sites = pd.DataFrame(
    {
        "site_id": np.arange(1, NS + 1),
        "oper": OPS[s_op],
        "name": [f"{CITIES[s_city[s]]} {['Autobahn', 'Centre', 'Mall'][s_type[s]]} {s + 1}" for s in range(NS)],
        "city": CITIES[s_city],
        "site_type": s_type_txt,
        "latitude": s_lat,
        "longitude": s_lon,
        "opened_at": ts(s_open),
        "status": np.where(s_decomm <= T, "decommissioned", "active"),
        "decommissioned_at": ts(known(s_decomm)),
    }
)[s_keep]

c_keep = c_inst <= T
ost, oen = ou.start.to_numpy(), ou.end.to_numpy()
faulted = np.zeros(NC, bool)
fault_since = np.full(NC, np.nan)
for c, a, b in zip(ou.c.to_numpy(), ost, oen, strict=True):
    if a <= T < b:
        faulted[c] = True
        fault_since[c] = a
c_status = np.where(c_retired <= T, "retired", np.where(faulted, "faulted", "available"))
beat = np.where(c_retired <= T, c_retired, np.where(faulted, fault_since, np.floor(T / 300) * 300))
chargers = pd.DataFrame(
    {
        "charger_id": [f"CH-{c + 1:05d}" for c in range(NC)],
        "site_id": c_site + 1,
        "hw_model": MODELS[c_model],
        "power_kw": M_KW[c_model],
        "serial_no": c_serial,
        "installed_at": ts(c_inst),
        "status": c_status,
        "last_heartbeat_at": ts(beat),
        "retired_at": ts(known(c_retired)),
    }
)[c_keep]

o_keep = ost <= T
resolved = oen <= T
outages = pd.DataFrame(
    {
        "outage_id": ou.outage_id,
        "charger_ref": [f"CH-{c + 1:05d}" for c in ou.c],
        "started_at": ts(ost),
        "resolved_at": ts(known(oen)),
        "cause": np.where(resolved, ou.cause_txt, None),
        "reported_by": ou.reported_by,
    }
)[o_keep]

tclosed = tk.closed.to_numpy() <= T
fault_tickets = pd.DataFrame(
    {
        "ticket_id": tk.ticket_id,
        "charger_id": [f"CH-{c + 1:05d}" for c in tk.c],
        "outage_id": tk.outage_id,
        "opened_at": ts(tk.opened),
        "priority": tk.priority,
        "category": tk.category,
        "technician": tk.technician,
        "status": np.where(tclosed, "closed", "open"),
        "closed_at": ts(known(tk.closed)),
    }
)[tk.opened.to_numpy() <= T]

d_keep = d_signup <= T
sst = se.start.to_numpy()
last_sess = np.full(NDR, np.nan)
m_ = sst <= T
for i, t in zip(se.d.to_numpy()[m_], sst[m_], strict=True):
    last_sess[i] = t
plan_cut = np.array([plan_at(i, T) for i in range(NDR)])
drivers = pd.DataFrame(
    {
        "driver_id": np.arange(1, NDR + 1),
        "email": d_email,
        "city": CITIES[d_city],
        "home_site": d_home + 1,
        "vehicle": d_car,
        "battery_kwh": d_batt,
        "plan": np.array(["payg", "basic", "premium"])[plan_cut],
        "signup_at": ts(d_signup),
        "last_session_at": ts(last_sess),
        "deleted_at": ts(known(d_deleted)),
    }
)[d_keep]

ended = se.end.to_numpy() <= T
sessions = pd.DataFrame(
    {
        "session_id": se.session_id,
        "driver_id": se.d + 1,
        "charger_id": [f"CH-{c + 1:05d}" for c in se.c],
        "started_at": ts(sst),
        "ended_at": ts(known(se.end)),
        "kwh_delivered": np.where(ended, se.kwh, np.nan),
        "fee_eur": np.where(ended, se.fee, np.nan),
        "idle_fee_eur": np.where(ended, se.idle, np.nan),
        "stop_reason": np.where(ended, se.reason, None),
        "app_build": (se.session_id % 7 + 300).astype(int),
    }
)[sst <= T]

pc = pa_.created.to_numpy()
ppaid = pa_.paid.to_numpy()
pfail = pa_.failed.to_numpy()
payments = pd.DataFrame(
    {
        "payment_id": pa_.payment_id,
        "customer_ref": (pa_.d + 1).astype(str),
        "period": [months[m].date() for m in pa_.m],
        "amount_eur": pa_.amount,
        "method": pa_.method,
        "created_at": ts(pc),
        "status": np.where(ppaid <= T, "paid", np.where(pfail <= T, "failed", "pending")),
        "paid_at": ts(known(ppaid)),
    }
)[pc <= T]

memberships = pd.DataFrame(
    {
        "membership_id": me.membership_id,
        "driver_id": me.d + 1,
        "plan": np.array(["payg", "basic", "premium"])[me.plan],
        "monthly_fee": np.array([0.0, 4.99, 12.99])[me.plan],
        "promo_code": me.promo,
        "started_at": ts(me.start),
        "ended_at": ts(known(me.end)),
    }
)[me.start.to_numpy() <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE operators (operator_code VARCHAR PRIMARY KEY, legal_name VARCHAR, service_tier VARCHAR,
                        price_per_kwh DOUBLE, hq_phone VARCHAR, founded_year INTEGER);
CREATE TABLE sites (site_id INTEGER PRIMARY KEY, oper VARCHAR, name VARCHAR, city VARCHAR, site_type VARCHAR,
                    latitude DOUBLE, longitude DOUBLE, opened_at TIMESTAMP, status VARCHAR,
                    decommissioned_at TIMESTAMP);
CREATE TABLE chargers (charger_id VARCHAR PRIMARY KEY, site_id INTEGER REFERENCES sites(site_id), hw_model VARCHAR,
                       power_kw DOUBLE, serial_no VARCHAR, installed_at TIMESTAMP, status VARCHAR,
                       last_heartbeat_at TIMESTAMP, retired_at TIMESTAMP);
CREATE TABLE outages (outage_id INTEGER PRIMARY KEY, charger_ref VARCHAR, started_at TIMESTAMP,
                      resolved_at TIMESTAMP, cause VARCHAR, reported_by VARCHAR);
CREATE TABLE fault_tickets (ticket_id INTEGER PRIMARY KEY, charger_id VARCHAR, outage_id INTEGER,
                            opened_at TIMESTAMP, priority VARCHAR, category VARCHAR, technician VARCHAR,
                            status VARCHAR, closed_at TIMESTAMP);
CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY, email VARCHAR, city VARCHAR, home_site INTEGER, vehicle VARCHAR,
                      battery_kwh DOUBLE, plan VARCHAR, signup_at TIMESTAMP, last_session_at TIMESTAMP,
                      deleted_at TIMESTAMP);
CREATE TABLE sessions (session_id BIGINT PRIMARY KEY, driver_id INTEGER,
                       charger_id VARCHAR REFERENCES chargers(charger_id), started_at TIMESTAMP, ended_at TIMESTAMP,
                       kwh_delivered DOUBLE, fee_eur DOUBLE, idle_fee_eur DOUBLE, stop_reason VARCHAR,
                       app_build INTEGER);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, customer_ref VARCHAR, period DATE, amount_eur DOUBLE,
                       method VARCHAR, created_at TIMESTAMP, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE memberships (membership_id INTEGER, driver_id INTEGER, plan VARCHAR, monthly_fee DOUBLE,
                          promo_code VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP);
""")
for name, df in [
    ("operators", operators),
    ("sites", sites),
    ("chargers", chargers),
    ("outages", outages),
    ("fault_tickets", fault_tickets),
    ("drivers", drivers),
    ("sessions", sessions),
    ("payments", payments),
    ("memberships", memberships),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
