"""A commercial waste hauler (depots, routes, drivers, customer accounts, service sites, rented containers, scheduled
pickups written two weeks ahead and marked completed / missed / cancelled, extra-pickup requests, monthly invoices,
complaints), seeded: `python benchmarks/trials/wastehauling.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes
trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 3 depots, 24 routes, 56
drivers, 709 accounts (307 closed), 1,045 sites, 1,973 containers, 133.7k pickups, 7.3k extra pickups, 10.7k
invoices, 2.2k complaints (about 158k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: pickups (a nightly job at 02:00 writes each live container's pickups 14
days ahead: scheduled_for up to 2025-01-14, status 'scheduled'), extra_pickups.service_on (a DATE 1-2 days after the
request) and invoices.due_date (issued + 30 days). Every other column holding a later date of its row is filled in
later.

Truth (seed 0):
- depots (3): North (snow days p .30 a day in Dec-Feb), Central (.12), South (.02); a snow day adds 1.6 to the
  missed-pickup logit of every route of the depot (a parent attribute that matters, and winter seasonality)
- routes (24, 8 per depot; route_code VARCHAR 'RT-07' is the PK, a text key): service weekday = index % 5, hidden
  difficulty q ~ N(0, .5) (-.5 q in the missed logit); truck_type noise-ish; routes.driver_id is TODAY's driver
- drivers: one per route at a time; a driver leaves with hazard 1/500 a day (left_on filled later) and a new hire
  takes the route the next day; skill ~ N(0, .6) (-.6 skill in the missed logit), +.6 for a hire's first 60 days;
  skill < -.5 ("rough") x3 property damage; cdl_class noise
- customers (accounts): 480 before the span, Poisson .35 a day during it; business_type true restaurant .3 / retail .25
  / office .2 / industrial .15 / healthcare .1, stored MESSY ('Restaurant', 'restaurant', 'RESTAURANT', 'Food
  Service', 'Retail', 'retail store', 'Office', 'OFFICE', 'Industrial', 'Mfg', 'Healthcare', 'Medical', ...);
  contract_type 'annual' .55 / 'month-to-month'; hidden loyalty s ~ N(0, 1), pay ~ N(0, 1), dispute ~ N(0, 1);
  sales_rep, tax_id noise, billing_email NULL 10%
- churn: an account closes with daily hazard exp(-.7 s)/1600 x (1 + .35 missed pickups at its sites in the last 45
  days) x (1.7 month-to-month, .55 annual) x 1.5 in Jan-Feb 2024 (the 6% price rise) x (1 + .8 billing complaints
  in the last 60 days) x 1.3 restaurants; closed_at filled later; its containers are removed 0.5-3 days later and
  every pickup scheduled after closed_at is cancelled (cancelled_at = closed_at)
- sites: 1 per account, 25% of accounts 2-4 (a chain; later sites opened up to 400 days after the account); a site of
  a chain closes on its own with hazard 1/2000 a day (closed_at filled later); route_code (text FK) among its depot's
  routes; zone 'commercial' .6 / 'mixed' .25 / 'industrial' .15 (industrial accounts: 'industrial'); hidden access
  problem 12% (+1.3 missed logit); gate_code noise; sites.missed_count and last_service_at are TODAY's (running)
- volume: weekly cubic yards v = base(type: 9 / 7 / 4 / 25 / 6) x LogNormal(0, .5) x season (restaurants
  1 + .25 summer; retail x1.5 Nov 20-Dec 31; offices x.8 in August and Dec 20-Jan 2); containers: trash, recycling
  (p .6; always for restaurants), organics (restaurants p .6); each sized from its share of v x LogNormal(0, .25)
  (mis-sizing): freq 1-3 a week, size 2-8 yd (industrial trash: roll-off 20/30/40, weekly); overflow ratio
  r = volume / (size x freq); stream stored messy ('Trash', 'MSW', 'trash', 'Recycling', 'recycle', 'SSR',
  'Organics', 'food waste'); serial_no noise; monthly_rate TODAY's (x1.06 from 2024-01-01 for containers live then)
- pickups (container_id, site_id, route_code, driver_id undeclared): missed with p sigmoid(-3.6 - .5 q - .6 skill
  + 1.6 snow + 1.3 access + .6 new hire); completed_at, weight_lbs (size x min(1.2, r x season x U(.8, 1.2)) x
  density 50 / 25 / 120 lb per yd) filled later; status TODAY's ('scheduled' / 'completed' / 'missed' /
  'cancelled'); contaminated (recycling, p .06, a $35 fee on the next invoice)
- extra_pickups (site_id undeclared, no declared PK): daily hazard .0015 + .03 sigmoid(5 (r_site - 1.05)), r_site
  the site's largest seasonal overflow ratio; a missed pickup brings a 'make_up' request with p .3 (fee 0); 'event'
  requests 1/2500 a day; fee 40 + 9 x size; status TODAY's; completed_at filled later
- invoices (account_id undeclared): on the 1st of each month at 06:00 for the month before, to every account with a
  container on site in it: rates prorated (x1.06 from 2024) + extra-pickup and contamination fees; paid_at filled
  later (Exp(12 exp(-.5 pay)) days; 3% never: written off 120 days on); status TODAY's; customers.status
  ('active' / 'suspended' (an invoice unpaid 60+ days past due) / 'closed') and balance_due TODAY's
- complaints (account_id, site_id undeclared; pickup_ref a pickup_id stored as VARCHAR): missed_pickup after a missed
  pickup with p sigmoid(-1 - .5 s); billing with p sigmoid(-4.2 + dispute + 1.2 x the Jan 2024 invoice + .6 x any
  fee on it) at each invoice; overflow 1/600 a day while a site's r_site > 1.1; property_damage per completed pickup
  .0008 (x3 rough driver); noise per completed pickup at 'mixed' sites .006; channel messy ('phone', 'Phone',
  'email', 'E-mail', 'portal', 'web'); status TODAY's, resolved_at filled later
- keys: PKs declared on depots, routes (route_code VARCHAR), drivers, customers, sites, containers, pickups, invoices,
  complaints; extra_pickups has none; REFERENCES only routes.depot_id, drivers.depot_id, sites.account_id,
  containers.site_id. Undeclared: sites.route_code (text), routes.driver_id, pickups (container_id, site_id,
  route_code, driver_id), extra_pickups.site_id, invoices.account_id, complaints (account_id, site_id, pickup_ref)
- `python wastehauling.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  and filled-later column is as it stood at DATE (exact)
"""

import os
import sys
import time

import duckdb
import numpy as np
import pandas as pd

t_start = time.time()
rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2023-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
HOUR = 3600.0
AHEAD = 14
ND = (NOW.normalize() - START).days + 1
NDT = ND + AHEAD + 1
T = (CUT - START).total_seconds()


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
DOW = DAYS.day_of_week.values
MON = DAYS.month.values
DOM = DAYS.day.values
DOY = DAYS.day_of_year.values
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 200) / 365), 0, None)
XMAS = ((MON == 12) & (DOM >= 20)) | ((MON == 1) & (DOM <= 2))
HOLI = ((MON == 11) & (DOM >= 20)) | (MON == 12)
WINTER = np.isin(MON, [12, 1, 2])
# season of volume by business type (0 restaurant 1 retail 2 office 3 industrial 4 healthcare) and day
SEAS = np.ones((5, NDT))
SEAS[0] = 1 + 0.25 * SUMMER
SEAS[1] = np.where(HOLI, 1.5, 1.0)
SEAS[2] = np.where((MON == 8) | XMAS, 0.8, 1.0)
PRICE_UP = secs("2024-01-01")
SHOCK = (DAYS >= "2024-01-01") & (DAYS < "2024-03-01")

# ---------------- depots, routes, drivers
DEPOT = np.array(["North Yard", "Central Yard", "South Yard"])
CITY = np.array(["Northfield", "Riverton", "Southport"])
SNOW_P = np.array([0.30, 0.12, 0.02])
snow = (rng.random((3, NDT)) < SNOW_P[:, None]) & WINTER[None, :]
NRT = 24
r_depot = np.arange(NRT) // 8
r_day = np.arange(NRT) % 5
r_q = rng.normal(0, 0.5, NRT)
r_truck = rng.choice(["front_load", "front_load", "rear_load", "roll_off"], NRT)
r_code = np.array([f"RT-{i + 1:02d}" for i in range(NRT)])

D_depot, D_hired, D_left, D_skill = [], [], [], []
route_drv = np.zeros((NDT, NRT), int)
cur = np.zeros(NRT, int)
for r in range(NRT):
    cur[r] = len(D_depot)
    D_depot.append(r_depot[r])
    D_hired.append(secs("2012-01-01") + rng.uniform(0, 3900) * DAY)
    D_left.append(np.inf)
    D_skill.append(rng.normal(0, 0.6))
quit_u = rng.random((NDT, NRT))
for d in range(NDT):
    route_drv[d] = cur  # a driver who quits today works today's shift; the new hire starts tomorrow
    for r in np.nonzero(quit_u[d] < 1 / 500)[0]:
        D_left[cur[r]] = d * DAY + rng.uniform(17, 19) * HOUR
        cur[r] = len(D_depot)
        D_depot.append(r_depot[r])
        D_hired.append((d + 1) * DAY + 6 * HOUR)
        D_left.append(np.inf)
        D_skill.append(rng.normal(0, 0.6))
D_depot, D_hired, D_left, D_skill = map(np.array, (D_depot, D_hired, D_left, D_skill))
NDR = len(D_depot)
D_cdl = rng.choice(["A", "B", "B"], NDR)
D_name = [
    f"{rng.choice(['Alex', 'Sam', 'Jordan', 'Chris', 'Pat', 'Morgan', 'Lee', 'Dana'])} "
    f"{rng.choice(['Garcia', 'Miller', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Brown', 'Reyes'])}"
    for _ in range(NDR)
]

# ---------------- accounts
N0 = 480
n_new = rng.poisson(0.35 * (ND - 20))
NA = N0 + n_new
a_created = np.concatenate(
    [secs("2015-01-01") + rng.uniform(0, 2900, N0) * DAY, np.sort(rng.uniform(0, ND - 20, n_new)) * DAY]
)
a_created = np.sort(a_created)
a_bt = rng.choice(5, NA, p=[0.3, 0.25, 0.2, 0.15, 0.1])
a_s = rng.normal(0, 1, NA)
a_pay = rng.normal(0, 1, NA)
a_disp = rng.normal(0, 1, NA)
a_annual = rng.random(NA) < 0.55
BT_SPELL = {
    0: (["Restaurant", "restaurant", "RESTAURANT", "Food Service", "Restaurant "], [0.5, 0.2, 0.1, 0.15, 0.05]),
    1: (["Retail", "retail", "Retail Store", "RETAIL"], [0.55, 0.2, 0.15, 0.1]),
    2: (["Office", "office", "OFFICE", "Offices"], [0.6, 0.2, 0.1, 0.1]),
    3: (["Industrial", "industrial", "Mfg", "Manufacturing"], [0.55, 0.2, 0.15, 0.1]),
    4: (["Healthcare", "healthcare", "Medical", "Clinic"], [0.55, 0.15, 0.2, 0.1]),
}
a_bt_text = np.array([rng.choice(BT_SPELL[b][0], p=BT_SPELL[b][1]) for b in a_bt], dtype=object)
a_rep = rng.choice(["J. Ortiz", "K. Lam", "M. Fischer", "R. Patel", "S. Wong"], NA)
a_tax = [f"{rng.integers(10, 99)}-{rng.integers(1000000, 9999999)}" for _ in range(NA)]
a_email = np.where(rng.random(NA) < 0.1, None, np.array([f"ap{i}@biz.example" for i in range(1, NA + 1)]))
a_name = [
    f"{rng.choice(['Blue', 'Oak', 'Metro', 'Harbor', 'Summit', 'Prime', 'Golden', 'River'])} "
    f"{rng.choice(['Bistro', 'Goods', 'Partners', 'Works', 'Market', 'Dental', 'Supply', 'Cafe', 'Labs'])} {i}"
    for i in range(1, NA + 1)
]
a_depot = rng.choice(3, NA, p=[0.35, 0.4, 0.25])

# ---------------- sites
n_sites = np.where(rng.random(NA) < 0.25, rng.integers(2, 5, NA), 1)
S_a = np.repeat(np.arange(NA), n_sites)
NS = len(S_a)
first = np.r_[True, S_a[1:] != S_a[:-1]]
S_created = a_created[S_a] + np.where(first, rng.uniform(0, 2, NS), rng.uniform(10, 400, NS)) * DAY
S_created = np.where((a_created[S_a] < 0) & ~first, a_created[S_a] + rng.uniform(10, 900, NS) * DAY, S_created)
S_route = a_depot[S_a] * 8 + rng.integers(0, 8, NS)
S_zone = np.where(a_bt[S_a] == 3, "industrial", rng.choice(["commercial", "mixed"], NS, p=[0.7, 0.3]))
S_access = rng.random(NS) < 0.12
S_gate = np.where(rng.random(NS) < 0.5, None, np.array([f"#{rng.integers(1000, 9999)}" for _ in range(NS)]))
S_addr = [
    f"{rng.integers(1, 9999)} {rng.choice(['Main', 'Elm', 'Mill', 'Dock', 'Park', 'Market'])} St" for _ in range(NS)
]
S_vol = np.array([9, 7, 4, 25, 6.0])[a_bt[S_a]] * np.exp(rng.normal(0, 0.5, NS))
S_solo_close = np.where(n_sites[S_a] > 1, np.maximum(S_created, 0) + rng.exponential(2000, NS) * DAY, np.inf)

# ---------------- containers
C_site, C_stream, C_size, C_freq, C_r = [], [], [], [], []
for s in range(NS):
    bt = a_bt[S_a[s]]
    shares = {0: [0.55, 0.2, 0.25]}.get(bt, [0.65, 0.35, 0.0])
    has = [True, bt == 0 or rng.random() < 0.6, bt == 0 and rng.random() < 0.6]
    if not has[2]:
        shares = [shares[0] + shares[2], shares[1], 0.0]
    if not has[1]:
        shares = [shares[0] + shares[1], 0.0, shares[2]]
    for k in range(3):
        if not has[k]:
            continue
        v = S_vol[s] * shares[k]
        target = v * np.exp(rng.normal(0, 0.25))
        if bt == 3 and k == 0:
            size, freq = next((z for z in (20, 30, 40) if z >= target), 40), 1
        else:
            freq = 1 if target <= 8 else (2 if target <= 16 else 3)
            size = next((z for z in (2, 3, 4, 6, 8) if z * freq >= target), 8)
        C_site.append(s)
        C_stream.append(k)
        C_size.append(size)
        C_freq.append(freq)
        C_r.append(v / (size * freq))
C_site, C_stream, C_size, C_freq, C_r = map(np.array, (C_site, C_stream, C_size, C_freq, C_r))
NC = len(C_site)
C_deliv = np.floor(S_created[C_site] / DAY + rng.integers(1, 4, NC)) * DAY + rng.uniform(7, 16, NC) * HOUR
C_acc = S_a[C_site]
C_bt = a_bt[C_acc]
C_route = S_route[C_site]
C_rate = np.round((20 + 12 * C_size) * C_freq * np.array([1.0, 0.7, 1.1])[C_stream] * np.exp(rng.normal(0, 0.1, NC)), 2)
C_rate = np.where(C_size >= 20, np.round(180 + 6 * C_size * np.exp(rng.normal(0, 0.1, NC)), 2), C_rate)
STREAM_SPELL = {
    0: ["Trash", "MSW", "trash", "TRASH"],
    1: ["Recycling", "recycle", "SSR"],
    2: ["Organics", "food waste"],
}
STREAM_P = {0: [0.6, 0.2, 0.15, 0.05], 1: [0.6, 0.25, 0.15], 2: [0.7, 0.3]}
C_stream_text = np.array([rng.choice(STREAM_SPELL[k], p=STREAM_P[k]) for k in C_stream], dtype=object)
C_serial = [f"SN{rng.integers(10**6, 10**7)}" for _ in range(NC)]
DENS = np.array([50.0, 25.0, 120.0])
WDAYS = np.zeros((NC, 7), bool)
PAIR = {0: 3, 1: 4, 2: 0, 3: 1, 4: 2}
for c in range(NC):
    rd = r_day[C_route[c]]
    if C_freq[c] == 1:
        WDAYS[c, rd] = True
    elif C_freq[c] == 2:
        WDAYS[c, [rd, PAIR[rd]]] = True
    else:
        WDAYS[c, [0, 2, 4]] = True

# ---------------- simulation state
a_closed = np.full(NA, np.inf)
S_closed = np.full(NS, np.inf)
C_removed = np.full(NC, np.inf)
missed_hist = np.zeros((NDT, NA))
bill_hist = np.zeros((NDT, NA))
missed45 = np.zeros(NA)
bill60 = np.zeros(NA)
MONTHS = pd.date_range("2022-12-01", "2025-01-01", freq="MS")
fees = np.zeros((len(MONTHS), NA))

P = dict(c=[], created=[], day=[])  # pickups as written by the schedule job
P_out = {}  # row -> (status code, event time, driver, weight, contaminated)
bucket = [[] for _ in range(NDT)]  # rows per scheduled day
EX = dict(site=[], cont=[], t=[], svc=[], reason=[], fee=[])
CP = dict(acc=[], site=[], pref=[], t=[], cat=[])
INV = dict(acc=[], t=[], amt=[], month=[])


def write_rows(cs, days_, created):
    n0 = len(P["c"])
    P["c"].extend(cs)
    P["day"].extend(days_)
    P["created"].extend(created)
    for i, dd in enumerate(days_):
        bucket[dd].append(n0 + i)


def month_index(d):
    return (DAYS[d].year - 2022) * 12 + DAYS[d].month - 12


# rows for the first 14 days of pre-existing containers, written by the job of day s - 14
pre = np.nonzero(C_deliv < 0)[0]
for s in range(AHEAD):
    cs = pre[WDAYS[pre, DOW[s]]]
    write_rows(cs.tolist(), [s] * len(cs), [(s - AHEAD) * DAY + 2 * HOUR] * len(cs))
deliv_day = np.floor(C_deliv / DAY).astype(int)

for d in range(ND):
    t0 = d * DAY
    mi = month_index(d)
    # closures of accounts and single sites today
    alive_a = (a_created <= t0) & (a_closed == np.inf)
    h = (
        np.exp(-0.7 * a_s)
        / 1600
        * (1 + 0.35 * missed45)
        * np.where(a_annual, 0.55, 1.7)
        * (1.5 if SHOCK[d] else 1.0)
        * (1 + 0.8 * bill60)
        * np.where(a_bt == 0, 1.3, 1.0)
    )
    for a in np.nonzero(alive_a & (rng.random(NA) < h))[0]:
        a_closed[a] = t0 + rng.uniform(8, 17) * HOUR
        ss = np.nonzero((S_a == a) & (S_closed == np.inf))[0]
        S_closed[ss] = a_closed[a]
    solo = (S_solo_close > t0) & (S_solo_close <= t0 + DAY) & (S_closed == np.inf) & (S_created <= t0)
    S_closed[solo] = S_solo_close[solo]
    newly = (C_removed == np.inf) & (S_closed[C_site] < np.inf)
    C_removed[newly] = S_closed[C_site[newly]] + rng.uniform(0.5, 3, newly.sum()) * DAY
    # the nightly job writes day d + 14 for containers live at 02:00, and catches up new deliveries
    live_c = (C_deliv <= t0 + 2 * HOUR) & (S_closed[C_site] > t0 + 2 * HOUR)
    tgt = d + AHEAD
    if tgt < NDT:
        cs = np.nonzero(live_c & WDAYS[:, DOW[tgt]])[0]
        write_rows(cs.tolist(), [tgt] * len(cs), [t0 + 2 * HOUR] * len(cs))
    for c in np.nonzero(deliv_day == d)[0]:
        if C_deliv[c] < 0:
            continue
        dd = [x for x in range(d + 1, min(d + AHEAD, NDT - 1) + 1) if WDAYS[c, DOW[x]]]
        write_rows([c] * len(dd), dd, [C_deliv[c] + HOUR] * len(dd))
    # pickups scheduled today
    rows = np.array(bucket[d], int)
    if len(rows):
        cs = np.fromiter((P["c"][i] for i in rows), int, len(rows))
        site = C_site[cs]
        gone = S_closed[site] <= t0 + 6 * HOUR
        rt = C_route[cs]
        drv = route_drv[d, rt]
        z = (
            -3.6
            - 0.5 * r_q[rt]
            - 0.6 * D_skill[drv]
            + 1.6 * snow[r_depot[rt], d]
            + 1.3 * S_access[site]
            + 0.6 * ((t0 - D_hired[drv]) < 60 * DAY)
        )
        miss = rng.random(len(rows)) < sig(z)
        ev = t0 + rng.uniform(5, 14, len(rows)) * HOUR
        fill = np.minimum(1.2, C_r[cs] * SEAS[C_bt[cs], d] * rng.uniform(0.8, 1.2, len(rows)))
        wt = np.round(C_size[cs] * fill * DENS[C_stream[cs]] * rng.normal(1, 0.1, len(rows)))
        contam = (C_stream[cs] == 1) & (rng.random(len(rows)) < 0.06)
        u_cp = rng.random(len(rows))
        u_mk = rng.random(len(rows))
        u_dmg = rng.random(len(rows))
        u_noise = rng.random(len(rows))
        for j, i in enumerate(rows):
            if gone[j]:
                P_out[i] = (3, S_closed[site[j]], -1, np.nan, False)
                continue
            a = C_acc[cs[j]]
            if miss[j]:
                P_out[i] = (2, t0 + 17 * HOUR, drv[j], np.nan, False)
                missed_hist[d, a] += 1
                if u_cp[j] < sig(-1.0 - 0.5 * a_s[a]):
                    CP["acc"].append(a)
                    CP["site"].append(site[j])
                    CP["pref"].append(i)
                    CP["t"].append(t0 + rng.uniform(17.5, 40) * HOUR)
                    CP["cat"].append("missed_pickup")
                if u_mk[j] < 0.3:
                    rq = t0 + rng.uniform(17.5, 30) * HOUR
                    EX["site"].append(site[j])
                    EX["cont"].append(cs[j])
                    EX["t"].append(rq)
                    EX["svc"].append(int(rq // DAY) + 1)
                    EX["reason"].append("make_up")
                    EX["fee"].append(0.0)
                continue
            P_out[i] = (1, ev[j], drv[j], wt[j], contam[j])
            if contam[j]:
                fees[mi, a] += 35.0
            dmg = u_dmg[j] < 0.0008 * (3 if D_skill[drv[j]] < -0.5 else 1)
            if dmg or (S_zone[site[j]] == "mixed" and u_noise[j] < 0.006):
                CP["acc"].append(a)
                CP["site"].append(site[j])
                CP["pref"].append(i)
                CP["t"].append(ev[j] + rng.uniform(1, 30) * HOUR)
                CP["cat"].append("property_damage" if dmg else "noise")
    # extra pickup requests and overflow complaints per live site
    live_s = (S_created <= t0) & (S_closed > t0)
    rs = np.zeros(NS)
    lc = live_c & (C_deliv <= t0)
    np.maximum.at(rs, C_site[lc], C_r[lc] * SEAS[C_bt[lc], d])
    hz = 0.0015 + 0.03 * sig(5 * (rs - 1.05)) + 1 / 2500
    u = rng.random(NS)
    for s in np.nonzero(live_s & (u < hz))[0]:
        rq = t0 + rng.uniform(7, 17) * HOUR
        cs_s = np.nonzero((C_site == s) & lc)[0]
        event = u[s] < 1 / 2500
        c = cs_s[np.argmax(C_r[cs_s])] if len(cs_s) else -1
        EX["site"].append(s)
        EX["cont"].append(c)
        EX["t"].append(rq)
        EX["svc"].append(int(rq // DAY) + int(rng.integers(1, 3)))
        EX["reason"].append("event" if event else "overflow")
        fee = 40 + 9 * (C_size[c] if c >= 0 else 4)
        EX["fee"].append(float(fee))
        fees[mi, S_a[s]] += fee
    u2 = rng.random(NS)
    for s in np.nonzero(live_s & (rs > 1.1) & (u2 < 1 / 600))[0]:
        CP["acc"].append(S_a[s])
        CP["site"].append(s)
        CP["pref"].append(-1)
        CP["t"].append(t0 + rng.uniform(8, 20) * HOUR)
        CP["cat"].append("overflow")
    # invoices on the 1st for the month before
    if DOM[d] == 1:
        m0 = secs(MONTHS[mi - 1])
        m1 = t0
        ov = np.clip(np.minimum(C_removed, m1) - np.maximum(C_deliv, m0), 0, None) / (m1 - m0)
        mult = 1.06 if m0 >= PRICE_UP else 1.0
        base = np.bincount(C_acc, weights=C_rate * mult * ov, minlength=NA)
        has = np.bincount(C_acc, weights=(ov > 0).astype(float), minlength=NA) > 0
        amt = np.round(base + fees[mi - 1], 2)
        it = t0 + 6 * HOUR
        ub = rng.random(NA)
        for a in np.nonzero(has)[0]:
            INV["acc"].append(a)
            INV["t"].append(it + rng.uniform(0, 600))
            INV["amt"].append(amt[a])
            INV["month"].append(mi - 1)
            zb = -4.2 + a_disp[a] + 1.2 * (DAYS[d] == pd.Timestamp("2024-02-01")) + 0.6 * (fees[mi - 1, a] > 0)
            if ub[a] < sig(zb):
                CP["acc"].append(a)
                CP["site"].append(-1)
                CP["pref"].append(-1)
                CP["t"].append(it + rng.uniform(24, 120) * HOUR)
                CP["cat"].append("billing")
                bill_hist[min(d + 2, NDT - 1), a] += 1
    missed45 += missed_hist[d] - (missed_hist[d - 45] if d >= 45 else 0)
    bill60 += bill_hist[d] - (bill_hist[d - 60] if d >= 60 else 0)

# rows scheduled after NOW stay 'scheduled' (or are cancelled where their site closed by NOW)
NP_ = len(P["c"])
P_c = np.array(P["c"], int)
P_day = np.array(P["day"], int)
P_created = np.array(P["created"], float)
P_code = np.zeros(NP_, int)
P_ev = np.full(NP_, np.inf)
P_drv = np.full(NP_, -1)
P_w = np.full(NP_, np.nan)
P_ct = np.zeros(NP_, bool)
for i, (code, ev, dv, w, ct) in P_out.items():
    P_code[i], P_ev[i], P_drv[i], P_w[i], P_ct[i] = code, ev, dv, w, ct
ahead = P_code == 0
gone = ahead & (S_closed[C_site[P_c]] < np.inf)
P_code[gone] = 3
P_ev[gone] = np.maximum(S_closed[C_site[P_c[gone]]], P_created[gone])
P_cancel = np.where(P_code == 3, P_ev, np.inf)

# ---------------- derived draws (all before any cut)
NX = len(EX["site"])
X_site = np.array(EX["site"], int)
X_t = np.array(EX["t"])
X_svc = np.array(EX["svc"], int)
X_done = X_svc * DAY + rng.uniform(6, 15, NX) * HOUR
X_cancel = np.where(S_closed[X_site] < X_done, np.maximum(S_closed[X_site], X_t), np.inf)
X_done = np.where(X_cancel < np.inf, np.inf, X_done)

NQ = len(CP["acc"])
Q_t = np.array(CP["t"])
Q_res = Q_t + rng.exponential(3, NQ) * DAY * np.where(np.array(CP["cat"]) == "billing", 2.5, 1)
Q_res = np.where(rng.random(NQ) < 0.05, np.inf, Q_res)
Q_chan = rng.choice(["phone", "Phone", "email", "E-mail", "portal", "web"], NQ, p=[0.35, 0.1, 0.25, 0.05, 0.15, 0.1])

NI = len(INV["acc"])
I_acc = np.array(INV["acc"], int)
I_t = np.array(INV["t"])
I_amt = np.array(INV["amt"])
I_due = np.floor(I_t / DAY) * DAY + 30 * DAY
I_paid = I_t + rng.exponential(12 * np.exp(-0.5 * a_pay[I_acc])) * DAY
I_wo = rng.random(NI) < 0.03
I_paid = np.where(I_wo, np.inf, I_paid)
I_woff = I_t + 120 * DAY

# ---------------- tables as they stood at CUT
depots = pd.DataFrame(
    {
        "depot_id": [1, 2, 3],
        "name": DEPOT,
        "city": CITY,
        "opened_on": pd.to_datetime(["2004-05-01", "1998-09-15", "2011-03-01"]).date,
    }
)
# the driver on a route at CUT: today's (a new hire starts the morning after the last one leaves)
dc = min(int(T // DAY), ND - 1)
cur_drv = np.where(D_hired[route_drv[dc]] <= T, route_drv[dc], route_drv[max(dc - 1, 0)])
routes = pd.DataFrame(
    {
        "route_code": r_code,
        "depot_id": r_depot + 1,
        "service_day": np.array(["Mon", "Tue", "Wed", "Thu", "Fri"])[r_day],
        "truck_type": r_truck,
        "driver_id": cur_drv + 1,
    }
)
drivers = pd.DataFrame(
    {
        "driver_id": np.arange(1, NDR + 1),
        "depot_id": D_depot + 1,
        "full_name": D_name,
        "cdl_class": D_cdl,
        "hired_on": ts(D_hired).date,
        "left_on": pd.Series(ts(known(D_left))).dt.date,
    }
)[D_hired <= T]

I_known = I_t <= T
I_paid_k = I_paid <= T
overdue60 = I_known & ~I_paid_k & (I_due + 60 * DAY <= T) & ~(I_wo & (I_woff <= T))
unpaid = I_known & ~I_paid_k & ~(I_wo & (I_woff <= T))
a_status = np.where(
    a_closed <= T, "closed", np.where(np.bincount(I_acc[overdue60], minlength=NA) > 0, "suspended", "active")
)
customers = pd.DataFrame(
    {
        "account_id": np.arange(1001, 1001 + NA),
        "company_name": a_name,
        "business_type": a_bt_text,
        "contract_type": np.where(a_annual, "annual", "month-to-month"),
        "sales_rep": a_rep,
        "tax_id": a_tax,
        "billing_email": a_email,
        "created_at": ts(a_created),
        "status": a_status,
        "closed_at": ts(known(a_closed)),
        "balance_due": np.round(np.bincount(I_acc[unpaid], weights=I_amt[unpaid], minlength=NA), 2),
    }
)[a_created <= T]

P_event_known = P_ev <= T
done_k = (P_code == 1) & P_event_known
miss_k = (P_code == 2) & P_event_known
S_missed = np.bincount(C_site[P_c[miss_k]], minlength=NS)
last_svc = pd.Series(P_ev[done_k]).groupby(C_site[P_c[done_k]]).max().reindex(range(NS)).to_numpy()
sites = pd.DataFrame(
    {
        "site_id": np.arange(1, NS + 1),
        "account_id": S_a + 1001,
        "route_code": r_code[S_route],
        "address": S_addr,
        "city": CITY[r_depot[S_route]],
        "zone": S_zone,
        "gate_code": S_gate,
        "opened_at": ts(S_created),
        "closed_at": ts(known(S_closed)),
        "missed_count": S_missed,
        "last_service_at": ts(last_svc),
    }
)[S_created <= T]

containers = pd.DataFrame(
    {
        "container_id": np.arange(1, NC + 1),
        "site_id": C_site + 1,
        "stream": C_stream_text,
        "size_yd": C_size,
        "pickups_per_week": C_freq,
        "serial_no": C_serial,
        "monthly_rate": np.round(
            C_rate * np.where((PRICE_UP <= T) & (C_removed > PRICE_UP) & (C_deliv <= T), 1.06, 1.0), 2
        ),
        "delivered_at": ts(C_deliv),
        "removed_at": ts(known(C_removed)),
    }
)[C_deliv <= T]

STATUS = np.array(["scheduled", "completed", "missed", "cancelled"])
p_status = np.where(P_event_known, STATUS[P_code], "scheduled")
pickups = pd.DataFrame(
    {
        "pickup_id": np.arange(1, NP_ + 1),
        "container_id": P_c + 1,
        "site_id": C_site[P_c] + 1,
        "route_code": r_code[C_route[P_c]],
        "driver_id": pd.array(np.where(P_event_known & (P_drv >= 0), P_drv + 1, -1), dtype="Int64"),
        "scheduled_for": ts(P_day * DAY).date,
        "created_at": ts(P_created),
        "status": p_status,
        "completed_at": ts(np.where(done_k, P_ev, np.nan)),
        "weight_lbs": np.where(done_k, P_w, np.nan),
        "contaminated": np.where(done_k, P_ct, None),
        "cancelled_at": ts(np.where((P_code == 3) & P_event_known, P_ev, np.nan)),
    }
)
pickups.loc[pickups.driver_id == -1, "driver_id"] = pd.NA
pickups = pickups[P_created <= T]

x_status = np.where(X_done <= T, "completed", np.where(X_cancel <= T, "cancelled", "requested"))
extra = pd.DataFrame(
    {
        "request_id": np.arange(1, NX + 1),
        "site_id": X_site + 1,
        "container_id": pd.array(np.where(np.array(EX["cont"]) >= 0, np.array(EX["cont"]) + 1, -1), dtype="Int64"),
        "requested_at": ts(X_t),
        "service_on": ts(X_svc * DAY).date,
        "reason": EX["reason"],
        "fee": EX["fee"],
        "status": x_status,
        "completed_at": ts(known(X_done)),
    }
)
extra.loc[extra.container_id == -1, "container_id"] = pd.NA
extra = extra.iloc[np.argsort(X_t, kind="stable")]
extra = extra[np.sort(X_t) <= T]
extra["request_id"] = np.arange(1, len(extra) + 1)

i_status = np.where(
    I_paid_k, "paid", np.where(I_wo & (I_woff <= T), "written_off", np.where(I_due < T, "overdue", "open"))
)
io = np.argsort(I_t, kind="stable")
invoices = pd.DataFrame(
    {
        "invoice_id": np.arange(1, NI + 1),
        "account_id": I_acc[io] + 1001,
        "period_start": MONTHS[np.array(INV["month"])[io]].date,
        "issued_at": ts(I_t[io]),
        "amount": I_amt[io],
        "due_date": ts(I_due[io]).date,
        "status": i_status[io],
        "paid_at": ts(known(I_paid[io])),
    }
)[I_known[io]]

qo = np.argsort(Q_t, kind="stable")
Q_site = np.array(CP["site"], int)
Q_pref = np.array(CP["pref"], int)
complaints = pd.DataFrame(
    {
        "complaint_id": np.arange(1, NQ + 1),
        "account_id": np.array(CP["acc"], int)[qo] + 1001,
        "site_id": pd.array(np.where(Q_site >= 0, Q_site + 1, -1)[qo], dtype="Int64"),
        "pickup_ref": np.where(Q_pref >= 0, (Q_pref + 1).astype(str), None)[qo],
        "opened_at": ts(Q_t[qo]),
        "category": np.array(CP["cat"], dtype=object)[qo],
        "channel": Q_chan[qo],
        "status": np.where(Q_res <= T, "resolved", "open")[qo],
        "resolved_at": ts(known(Q_res))[qo],
    }
)
complaints.loc[complaints.site_id == -1, "site_id"] = pd.NA
complaints = complaints[Q_t[qo] <= T]
complaints["complaint_id"] = np.arange(1, len(complaints) + 1)

if os.path.exists(OUT):
    os.remove(OUT)  # written afresh
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE depots (depot_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, opened_on DATE);
CREATE TABLE routes (route_code VARCHAR PRIMARY KEY, depot_id INTEGER REFERENCES depots(depot_id),
                     service_day VARCHAR, truck_type VARCHAR, driver_id INTEGER);
CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY, depot_id INTEGER REFERENCES depots(depot_id), full_name VARCHAR,
                      cdl_class VARCHAR, hired_on DATE, left_on DATE);
CREATE TABLE customers (account_id INTEGER PRIMARY KEY, company_name VARCHAR, business_type VARCHAR,
                        contract_type VARCHAR, sales_rep VARCHAR, tax_id VARCHAR, billing_email VARCHAR,
                        created_at TIMESTAMP, status VARCHAR, closed_at TIMESTAMP, balance_due DOUBLE);
CREATE TABLE sites (site_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES customers(account_id),
                    route_code VARCHAR, address VARCHAR, city VARCHAR, zone VARCHAR, gate_code VARCHAR,
                    opened_at TIMESTAMP, closed_at TIMESTAMP, missed_count INTEGER, last_service_at TIMESTAMP);
CREATE TABLE containers (container_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites(site_id),
                         stream VARCHAR, size_yd INTEGER, pickups_per_week INTEGER, serial_no VARCHAR,
                         monthly_rate DOUBLE, delivered_at TIMESTAMP, removed_at TIMESTAMP);
CREATE TABLE pickups (pickup_id INTEGER PRIMARY KEY, container_id INTEGER, site_id INTEGER, route_code VARCHAR,
                      driver_id INTEGER, scheduled_for DATE, created_at TIMESTAMP, status VARCHAR,
                      completed_at TIMESTAMP, weight_lbs DOUBLE, contaminated BOOLEAN, cancelled_at TIMESTAMP);
CREATE TABLE extra_pickups (request_id INTEGER, site_id INTEGER, container_id INTEGER, requested_at TIMESTAMP,
                            service_on DATE, reason VARCHAR, fee DOUBLE, status VARCHAR, completed_at TIMESTAMP);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, account_id INTEGER, period_start DATE, issued_at TIMESTAMP,
                       amount DOUBLE, due_date DATE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE complaints (complaint_id INTEGER PRIMARY KEY, account_id INTEGER, site_id INTEGER, pickup_ref VARCHAR,
                         opened_at TIMESTAMP, category VARCHAR, channel VARCHAR, status VARCHAR,
                         resolved_at TIMESTAMP);
""")
total = 0
for name, df in [
    ("depots", depots),
    ("routes", routes),
    ("drivers", drivers),
    ("customers", customers),
    ("sites", sites),
    ("containers", containers),
    ("pickups", pickups),
    ("extra_pickups", extra),
    ("invoices", invoices),
    ("complaints", complaints),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
con.close()
print(f"total {total} rows, {time.time() - t_start:.1f} s")
