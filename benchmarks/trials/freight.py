"""A freight brokerage (shippers posting loads on lanes between regions, carriers bidding on them, tenders accepted or
rejected, GPS tracking pings in transit, delivery exceptions, invoices to shippers and payouts to carriers), seeded:
`python benchmarks/trials/freight.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it
planted in this docstring. Seed 0 (numpy default_rng(0)): 16 regions (in lanes), 150 lanes, 450 shippers, 320
carriers, 14,222 loads (12,212 delivered, 1,579 cancelled for no capacity, 394 by the shipper), 68.5k bids, 17.4k
tenders (4,873 rejected), 1,161 exceptions, 46k tracking pings, 12.2k invoices, 12.2k payouts (about 172k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: loads.pickup_date and loads.delivery_due (DATEs set at posting, 1-10 days
and a transit time ahead), invoices.due_date (issued + the shipper's payment terms) and payouts.scheduled_for
(quickpay 1-2 days, standard 30 days after the payout is created). Every other column holding a later date of its
row is filled in later.

Truth (seed 0):
- regions (16 codes with coordinates, in lanes only); lanes (150, PK lane_code TEXT 'DAL-ATL'): miles = great-circle
  x 1.2; popularity Pareto (lane weight for shippers' lane choice); lanes.current_rate_per_mile TODAY's (the mean
  accepted rate per mile of the last 30 days before the cut; NULL with no loads then); lanes.region_group noise
- market: tightness tight(d) = .6 x produce season (May-Jul bump) + .7 x peak (Nov 10-Dec 20) + AR(1) noise (sd .15);
  market rate per mile 2.10 x (1 + .25 tight) x equipment (reefer 1.2, flatbed 1.3); fuel surcharge per mile
  .45 + .08 sin(month)
- shippers (450): 280 created 2019-2022, 170 during the span; industry retail / produce / building / auto / cpg /
  chemicals stored MESSY ('Retail', 'retail', 'RETAIL ', 'Food & Produce', 'produce', 'Building Materials',
  'building', ...); volume v ~ LogNormal(log .055, 1.0) loads per weekday; season by industry: retail x(1 + 1.2 peak),
  produce x(1 + 1.5 produce season), building x(1 + .5 cos, max mid-June), others flat; Sat x.15, Sun x.05, Thanksgiving
  and Dec 24-Jan 1 x.3; a shipper posts on 1-6 favourite lanes from 1-2 origin regions; equipment by industry
  (produce reefer .85, building flatbed .7, cpg reefer .2, else dry van), stored MESSY in loads.equipment ('Dry Van',
  'dry van', 'DRY VAN', 'Van', 'Reefer', 'REEFER', 'Refrigerated', 'Flatbed', 'flat bed')
- shipper churn (hidden): hazard 1/1500 per day x (1 + 1.5 x exceptions on its loads reported in the last 60 days,
  capped at 3); a churned shipper posts nothing more; markup m ~ LogNormal(log 1.15, .05) on the market rate (rate_usd
  fixed at posting); payer quality pq ~ N(0, 1): paid Exp(terms x exp(-.35 pq)) after issue, 25% of shippers pay in 2
  installments (50% then the rest), 2% of invoices never paid ('collections' 120 days after issue);
  shippers.payment_terms_days 30/45/60 (static); hq_state and account_manager noise
- shippers TODAY's: tier ('gold' >= 40 loads in the last 90 days, 'silver' >= 10, else 'bronze'), status ('active' /
  'inactive' when no load posted in 90 days), total_loads (a counter), last_load_at
- carriers (320): 220 joined 2018-2022, 100 during the span; mc_number TEXT 'MC123456' (unique, the key bids and
  payouts use); equipment dry_van .6 / reefer .25 / flatbed .15 (clean); fleet_size LogNormal (>= 50 trucks:
  'national', bids from any origin; else only its home_region); reliability r ~ N(0, 1); flakiness f ~ N(0, 1);
  price level pl ~ N(0, .05); activity LogNormal(0, .5); eld_enabled (p .6: sends tracking pings); an exception-type
  profile Dirichlet(8 x base): dry van late_pickup .3 late_delivery .4 damaged .15 shortage .15; reefer .15 .25 .1 .1
  temp_excursion .4; flatbed .15 .25 damaged .45 .15; fleets under 8 trucks x2 on late types
- carriers.safety_rating TODAY's: base 'satisfactory' (r > -1.2) or 'conditional'; 'conditional' with >= 2 exceptions
  in the last 90 days, 'unsatisfactory' with >= 4 (such a carrier bids on nothing while it lasts);
  carriers.loads_hauled TODAY's counter; quickpay_opt_in static (p .3)
- loads: posted with lead 1-10 days (pickup_date, a DATE); bids: Poisson(1.3 sqrt(#eligible carriers) x (1 - .4 tight)
  x (1.2 lead >= 4 days, .6 lead < 2)) eligible carriers by activity, each bid Exp(8 h) after posting (within 48 h),
  amount market x miles x exp(pl + N(0, .06)) rounded to 5; tendered in order of amount (conditional rating x1.05) at
  the last bid + U(1, 6) h, up to 4 tenders; a carrier rejects with p sigmoid(-2.0 + 1.0 f + 1.2 tight - 5 (bid /
  market - 1) + .6 [under 36 h to pickup]) after .25 + Exp(2) h; none accepts -> cancelled ('no_capacity') at pickup;
  3% cancelled by the shipper at a random time before pickup (even if covered: 'shipper')
- loads TODAY's: status (posted / tendered / picked_up / delivered / cancelled), carrier_id (NULL until a tender is
  accepted), tendered_at (first tender), covered_at, picked_up_at, delivered_at, cancelled_at filled in later
- exceptions: one per load with p sigmoid(-2.4 - 1.0 r) x 1.3 in Dec-Feb, type from the carrier's profile (clean
  lower case); late_pickup adds 6-30 h to pickup (reported then), late_delivery .5-2 days (reported at delivery),
  damaged / shortage reported 1-48 h after delivery with claim_amount rate x U(.05, .5), temp_excursion reported in
  transit; severity MESSY ('High', 'high', 'HIGH ', 'Medium', 'med', 'low', 'Low'); resolved_at filled in later
- tracking_pings (no PK): ELD carriers every ~8 h from pickup to delivery: lat/lon interpolated + noise, speed_mph noise
- invoices (PK invoice_no TEXT 'INV-000123', shipper_id and load_id undeclared): issued 3-72 h after delivery, amount
  rate_usd + fuel surcharge x miles + 75 detention after a late pickup; short-paid by the claim; amount_paid TODAY's,
  status TODAY's ('open' / 'partial' / 'paid' / 'collections'), paid_at filled in later
- payouts (carrier_mc TEXT -> carriers.mc_number): created 1 h-5 days after delivery, amount = the accepted bid; quickpay
  (carrier opted in, or p .15) 3% fee, paid 1-2 days, else 30 days; method MESSY ('QuickPay', 'quickpay', 'quick pay',
  'Standard', 'STANDARD', 'net30'); amount_paid, status TODAY's, paid_at filled in later
- keys: PKs declared on shippers, carriers (carrier_id; mc_number UNIQUE), lanes (lane_code TEXT), loads, bids, tenders,
  exceptions, invoices (invoice_no TEXT), payouts; tracking_pings has none. REFERENCES only loads.shipper_id ->
  shippers and tenders.load_id -> loads. Undeclared: loads.lane_code (TEXT) -> lanes, loads.carrier_id -> carriers,
  bids.load_id, bids.carrier_mc (TEXT) -> carriers.mc_number, tenders.carrier_id, exceptions.load_id,
  exceptions.carrier_id, tracking_pings.load_id, invoices.load_id, invoices.shipper_id, payouts.load_id,
  payouts.carrier_mc (TEXT)
- `python freight.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
H = 3600.0
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
NDT = ND + 60


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
PRODUCE = np.exp(-(((DOY - 160) / 35.0) ** 2))
PEAK = (((MON == 11) & (days.day >= 10)) | ((MON == 12) & (days.day <= 20))).astype(float)
tn = np.zeros(NDT)
for d in range(1, NDT):
    tn[d] = 0.9 * tn[d - 1] + rng.normal(0, 0.15 * np.sqrt(1 - 0.81))
TIGHT = 0.6 * PRODUCE + 0.7 * PEAK + tn
HOLI = np.zeros(NDT, bool)
for y in (2023, 2024, 2025):
    nov = pd.date_range(f"{y}-11-01", f"{y}-11-30")
    thanks = nov[nov.day_of_week == 3][3]
    for dd in [thanks, thanks + pd.Timedelta(days=1)] + list(pd.date_range(f"{y}-12-24", f"{y + 1}-01-01")):
        k = (dd - START).days
        if 0 <= k < NDT:
            HOLI[k] = True
FSC = 0.45 + 0.08 * np.sin(2 * np.pi * (MON - 3) / 12)
EQUIP = ["dry_van", "reefer", "flatbed"]
EQ_MULT = np.array([1.0, 1.2, 1.3])


def market(d, e):
    return 2.10 * (1 + 0.25 * TIGHT[min(d, NDT - 1)]) * EQ_MULT[e]


# ---------------- regions and lanes
REG = ["DAL", "HOU", "ATL", "CHI", "LAX", "PHX", "DEN", "SEA", "NYC", "MIA", "MEM", "KCY", "COL", "CLT", "SLC", "DET"]
LAT = np.array([32.8, 29.8, 33.7, 41.9, 34.0, 33.4, 39.7, 47.6, 40.7, 25.8, 35.1, 39.1, 40.0, 35.2, 40.8, 42.3])
LON = np.array(
    [
        -96.8,
        -95.4,
        -84.4,
        -87.6,
        -118.2,
        -112.1,
        -105.0,
        -122.3,
        -74.0,
        -80.2,
        -90.0,
        -94.6,
        -83.0,
        -80.8,
        -111.9,
        -83.0,
    ]
)
NRG = len(REG)
pairs = [(a, b) for a in range(NRG) for b in range(NRG) if a != b]
NL = 150
sel = rng.choice(len(pairs), NL, replace=False)
L_o = np.array([pairs[i][0] for i in sel])
L_d = np.array([pairs[i][1] for i in sel])


def gc(a, b):
    p1, p2 = np.radians(LAT[a]), np.radians(LAT[b])
    dl = np.radians(LON[b] - LON[a])
    return 3959 * np.arccos(np.clip(np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl), -1, 1))


L_miles = np.round(gc(L_o, L_d) * 1.2).astype(int)
L_pop = rng.pareto(1.5, NL) + 0.2
L_code = np.array([f"{REG[o]}-{REG[d]}" for o, d in zip(L_o, L_d, strict=True)])
L_group = rng.choice(["A", "B", "C"], NL)

# ---------------- shippers
NS = 450
s_old = np.arange(NS) < 280
s_created = np.where(s_old, secs("2019-01-01") + rng.uniform(0, 4 * 365, NS) * DAY, rng.uniform(0, ND - 20, NS) * DAY)
IND = ["retail", "produce", "building", "auto", "cpg", "chemicals"]
s_ind = rng.choice(6, NS, p=[0.25, 0.2, 0.15, 0.12, 0.18, 0.1])
IND_SPELL = {
    0: (["Retail", "retail", "RETAIL ", "Retail & E-commerce"], [0.5, 0.25, 0.15, 0.1]),
    1: (["Produce", "produce", "Food & Produce", "PRODUCE"], [0.45, 0.25, 0.2, 0.1]),
    2: (["Building Materials", "building", "Building materials", "CONSTRUCTION"], [0.5, 0.2, 0.2, 0.1]),
    3: (["Automotive", "auto", "Auto"], [0.6, 0.2, 0.2]),
    4: (["CPG", "cpg", "Consumer Goods"], [0.6, 0.2, 0.2]),
    5: (["Chemicals", "chemicals", "CHEM"], [0.6, 0.25, 0.15]),
}
s_ind_txt = np.array([rng.choice(IND_SPELL[i][0], p=IND_SPELL[i][1]) for i in s_ind], dtype=object)
s_v = np.exp(rng.normal(np.log(0.055), 1.0, NS))
s_markup = np.exp(rng.normal(np.log(1.15), 0.05, NS))
s_pq = rng.normal(0, 1, NS)
s_terms = rng.choice([30, 45, 60], NS, p=[0.5, 0.3, 0.2])
s_two = rng.random(NS) < 0.25
s_state = rng.choice(["TX", "GA", "IL", "CA", "NY", "OH", "FL", "WA", "CO", "MI"], NS)
s_am = rng.choice(["jlee", "mgarcia", "asmith", "tnguyen", "rpatel"], NS)
s_lanes = []
for _s in range(NS):
    origins = rng.choice(NRG, rng.choice([1, 2], p=[0.7, 0.3]), replace=False)
    cand = np.nonzero(np.isin(L_o, origins))[0]
    if len(cand) == 0:
        cand = np.arange(NL)
    k = min(len(cand), int(rng.integers(1, 7)))
    w = L_pop[cand] / L_pop[cand].sum()
    s_lanes.append((rng.choice(cand, k, replace=False, p=w), None))
s_lane_w = [L_pop[ls] / L_pop[ls].sum() for ls, _ in s_lanes]
EQ_P = {
    0: [0.9, 0.1, 0.0],
    1: [0.15, 0.85, 0.0],
    2: [0.3, 0.0, 0.7],
    3: [0.85, 0.0, 0.15],
    4: [0.8, 0.2, 0.0],
    5: [0.9, 0.0, 0.1],
}
SEAS = np.stack(
    [
        1 + 1.2 * PEAK,
        1 + 1.5 * PRODUCE,
        1 + 0.5 * np.cos(2 * np.pi * (DOY - 167) / 365),
        np.ones(NDT),
        np.ones(NDT),
        np.ones(NDT),
    ]
)
EQ_SPELL = {
    0: (["Dry Van", "dry van", "DRY VAN", "Van"], [0.55, 0.2, 0.1, 0.15]),
    1: (["Reefer", "REEFER", "Refrigerated", "reefer"], [0.55, 0.15, 0.15, 0.15]),
    2: (["Flatbed", "flat bed", "FLATBED"], [0.7, 0.2, 0.1]),
}

# ---------------- carriers
NC = 320
c_old = np.arange(NC) < 220
c_joined = np.where(c_old, secs("2018-01-01") + rng.uniform(0, 5 * 365, NC) * DAY, rng.uniform(0, ND - 20, NC) * DAY)
c_eq = rng.choice(3, NC, p=[0.6, 0.25, 0.15])
c_fleet = np.maximum(1, np.round(np.exp(rng.normal(np.log(12), 1.1, NC)))).astype(int)
c_national = c_fleet >= 50
c_home = rng.choice(NRG, NC)
c_r = rng.normal(0, 1, NC)
c_f = rng.normal(0, 1, NC)
c_pl = rng.normal(0, 0.05, NC)
c_act = np.exp(rng.normal(0, 0.5, NC))
c_eld = rng.random(NC) < 0.6
c_qp = rng.random(NC) < 0.3
c_mc = np.array([f"MC{n}" for n in rng.choice(np.arange(100000, 999999), NC, replace=False)])
EXT = ["late_pickup", "late_delivery", "damaged", "shortage", "temp_excursion"]
BASE_EX = np.array([[0.3, 0.4, 0.15, 0.15, 0.0], [0.15, 0.25, 0.1, 0.1, 0.4], [0.15, 0.25, 0.45, 0.15, 0.0]])
c_prof = np.zeros((NC, 5))
for c in range(NC):
    b = BASE_EX[c_eq[c]].copy()
    if c_fleet[c] < 8:
        b[:2] *= 2
    b = b / b.sum()
    nz = b > 0
    c_prof[c, nz] = rng.dirichlet(8 * b[nz])
c_base_cond = c_r < -1.2
c_name = [
    f"{w1} {w2} {w3}"
    for w1, w2, w3 in zip(
        rng.choice(
            ["Swift", "Eagle", "Blue", "Iron", "Prairie", "Coastal", "Summit", "Red Rock", "Lone Star", "Great"], NC
        ),
        rng.choice(["Line", "Road", "Freight", "Haul", "Express", "Cargo"], NC),
        rng.choice(["LLC", "Inc", "Trucking", "Logistics"], NC),
        strict=True,
    )
]
c_ex_times = [[] for _ in range(NC)]


def rating(c, t):
    n = sum(1 for x in c_ex_times[c] if t - 90 * DAY < x <= t)
    if n >= 4:
        return 2
    if n >= 2 or c_base_cond[c]:
        return 1
    return 0


# ---------------- simulation
s_churn = np.full(NS, np.inf)
s_ex_times = [[] for _ in range(NS)]
LD = []  # loads: dict rows
BID = []  # (load, carrier, t, amount)
TEN = []  # (load, carrier, t, resp_t, accepted)
EXC = []  # (load, carrier, type, t, claim)
for d in range(ND):
    t0 = d * DAY
    live = (s_created <= t0) & (s_churn > t0)
    # churn
    for s in np.nonzero(live)[0]:
        n = min(3, sum(1 for x in s_ex_times[s] if t0 - 60 * DAY < x <= t0))
        if rng.random() < (1 + 1.5 * n) / 1500:
            s_churn[s] = t0 + rng.uniform(0, DAY)
    live = (s_created <= t0) & (s_churn > t0)
    dowf = [1, 1, 1, 1, 1, 0.15, 0.05][DOW[d]] * (0.3 if HOLI[d] else 1)
    lam = s_v * SEAS[s_ind, d] * dowf * live
    cnt = rng.poisson(lam)
    elig_cache = {}
    for s in np.repeat(np.arange(NS), cnt):
        li = int(rng.choice(s_lanes[s][0], p=s_lane_w[s]))
        e = int(rng.choice(3, p=EQ_P[s_ind[s]]))
        tp = max(t0 + rng.uniform(6, 18) * H, s_created[s] + 60)
        lead = int(rng.choice(np.arange(1, 11), p=[0.08, 0.18, 0.2, 0.16, 0.12, 0.08, 0.06, 0.05, 0.04, 0.03]))
        pu_day = d + lead
        pu_t = pu_day * DAY + 8 * H  # appointment 08:00
        mkt = market(d, e)
        miles = L_miles[li]
        rate = round(float(mkt * miles * s_markup[s]), 2)
        transit = miles / 550 * np.exp(rng.normal(0, 0.1)) + rng.uniform(0.1, 0.4)
        due_day = pu_day + int(np.ceil(transit + 0.5))
        row = dict(
            s=s,
            lane=li,
            e=e,
            tp=tp,
            pu_day=pu_day,
            due_day=due_day,
            rate=rate,
            miles=miles,
            car=-1,
            t_ten=np.nan,
            t_cov=np.nan,
            t_pick=np.nan,
            t_del=np.nan,
            t_can=np.nan,
            why=None,
            bid_amt=np.nan,
            ex=-1,
        )
        li_idx = len(LD)
        # shipper cancellation decided first
        can_t = tp + rng.uniform(0.2, 0.9) * (pu_t - tp) if rng.random() < 0.03 else np.inf
        # bids
        o = L_o[li]
        key = (o, e)
        if key not in elig_cache:
            ok = np.nonzero((c_eq == e) & (c_joined <= t0) & ((c_home == o) | c_national))[0]
            elig_cache[key] = np.array([c for c in ok if rating(c, t0) < 2], int)
        el = elig_cache[key]
        lf = 1.2 if lead >= 4 else (0.6 if lead < 2 else 1.0)
        nb = min(len(el), rng.poisson(1.3 * np.sqrt(len(el)) * max(0.2, 1 - 0.4 * TIGHT[d]) * lf))
        bids = []
        if nb > 0:
            who = rng.choice(el, nb, replace=False, p=c_act[el] / c_act[el].sum())
            for c in who:
                bt = tp + min(rng.exponential(8) + 0.1, 48) * H
                amt = float(np.round(mkt * miles * np.exp(c_pl[c] + rng.normal(0, 0.06)) / 5) * 5)
                if bt < min(pu_t - 6 * H, can_t):
                    bids.append((c, bt, amt))
                    BID.append((li_idx, c, bt, amt))
        # tenders
        tt = (max(b[1] for b in bids) if bids else tp) + rng.uniform(1, 6) * H
        order = sorted(bids, key=lambda b: b[2] * (1.05 if rating(b[0], tp) == 1 else 1.0))[:4]
        for c, _bt, amt in order:
            if tt >= min(pu_t - 2 * H, can_t):
                break
            resp = tt + (0.25 + rng.exponential(2)) * H
            z = -2.0 + 1.0 * c_f[c] + 1.2 * TIGHT[d] - 5 * (amt / (mkt * miles) - 1) + 0.6 * (pu_t - tt < 36 * H)
            acc = rng.random() >= sig(z)
            TEN.append((li_idx, c, tt, resp, acc))
            if np.isnan(row["t_ten"]):
                row["t_ten"] = tt
            if acc:
                row["car"], row["t_cov"], row["bid_amt"] = c, resp, amt
                break
            tt = resp + rng.exponential(2) * H
        if np.isfinite(can_t):
            row["t_can"], row["why"] = can_t, "shipper"
        elif row["car"] < 0:
            row["t_can"], row["why"] = pu_t + rng.uniform(0, 4) * H, "no_capacity"
        else:
            c = row["car"]
            pick = pu_t + rng.uniform(-1, 3) * H
            dl = pick + transit * DAY
            ex = -1
            pe = sig(-2.4 - 1.0 * c_r[c]) * (1.3 if MON[pu_day] in (12, 1, 2) else 1.0)
            if rng.random() < pe:
                ex = int(rng.choice(5, p=c_prof[c]))
            claim = np.nan
            if ex == 0:
                pick += rng.uniform(6, 30) * H
                dl = pick + transit * DAY
                rt = pick
            elif ex == 1:
                dl += rng.uniform(0.5, 2) * DAY
                rt = dl
            elif ex in (2, 3):
                rt = dl + rng.uniform(1, 48) * H
                claim = round(rate * rng.uniform(0.05, 0.5), 2)
            elif ex == 4:
                rt = pick + rng.uniform(0.3, 0.9) * (dl - pick)
            if ex >= 0:
                EXC.append((li_idx, c, ex, rt, claim))
                c_ex_times[c].append(rt)
                s_ex_times[s].append(rt)
            row["t_pick"], row["t_del"], row["ex"] = pick, dl, ex
        LD.append(row)

# ---------------- derived draws (all before any cut)
ld = pd.DataFrame(LD)
NLD = len(ld)
ld_s = ld["s"].to_numpy()
ld_lane = ld["lane"].to_numpy()
ld_e = ld["e"].to_numpy()
ld_car = ld["car"].to_numpy()
ld_tp = ld["tp"].to_numpy()
ld_tten = ld["t_ten"].to_numpy()
ld_tcov = ld["t_cov"].to_numpy()
ld_pick = ld["t_pick"].to_numpy()
ld_del = ld["t_del"].to_numpy()
ld_can = ld["t_can"].to_numpy()
ld_ex = ld["ex"].to_numpy()
ld_rate = ld["rate"].to_numpy()
ld_miles = ld["miles"].to_numpy()
ld_bid = ld["bid_amt"].to_numpy()
ld_eq_txt = np.array([rng.choice(EQ_SPELL[e][0], p=EQ_SPELL[e][1]) for e in ld_e], dtype=object)
ld_weight = np.round(rng.uniform(8000, 44000, NLD) / 100) * 100
ld_ref = np.array([f"PO{rng.integers(10**6, 10**7)}" for _ in range(NLD)])
delivered = ~np.isnan(ld_del)

# pings
P_l, P_t, P_lat, P_lon, P_sp = [], [], [], [], []
for i in np.nonzero(delivered & c_eld[np.maximum(ld_car, 0)])[0]:
    n = int((ld_del[i] - ld_pick[i]) // (8 * H))
    if n <= 0:
        continue
    tt = ld_pick[i] + (np.arange(1, n + 1) * 8 + rng.uniform(-1, 1, n)) * H
    fr = (tt - ld_pick[i]) / (ld_del[i] - ld_pick[i])
    o, dd = L_o[ld_lane[i]], L_d[ld_lane[i]]
    P_l.append(np.full(n, i))
    P_t.append(tt)
    P_lat.append(np.round(LAT[o] + fr * (LAT[dd] - LAT[o]) + rng.normal(0, 0.2, n), 4))
    P_lon.append(np.round(LON[o] + fr * (LON[dd] - LON[o]) + rng.normal(0, 0.2, n), 4))
    P_sp.append(np.round(np.clip(rng.normal(55, 15, n), 0, 80), 1))
P_l, P_t, P_lat, P_lon, P_sp = (np.concatenate(x) for x in (P_l, P_t, P_lat, P_lon, P_sp))

# exceptions
NE = len(EXC)
E_l = np.array([x[0] for x in EXC])
E_c = np.array([x[1] for x in EXC])
E_ty = np.array([EXT[x[2]] for x in EXC], dtype=object)
E_t = np.array([x[3] for x in EXC])
E_claim = np.array([x[4] for x in EXC])
E_res = E_t + rng.exponential(7, NE) * DAY
E_sev = rng.choice(
    ["High", "high", "HIGH ", "Medium", "med", "low", "Low"], NE, p=[0.15, 0.08, 0.04, 0.3, 0.1, 0.2, 0.13]
)
E_note = rng.choice(["driver called", "per POD", "customer email", None], NE)

# invoices: delivered loads
iv = np.nonzero(delivered)[0]
NI = len(iv)
I_t = ld_del[iv] + rng.uniform(3, 72, NI) * H
I_day = (I_t // DAY).astype(int)
I_amt = np.round(ld_rate[iv] + FSC[np.minimum(I_day, NDT - 1)] * ld_miles[iv] + 75 * (ld_ex[iv] == 0), 2)
claim_by_load = dict(zip(E_l, E_claim, strict=True))
I_short = np.array([0.0 if np.isnan(claim_by_load.get(i, np.nan)) else claim_by_load[i] for i in iv])
I_s = ld_s[iv]
I_due = I_t + s_terms[I_s] * DAY
I_d1 = I_t + rng.exponential(1, NI) * s_terms[I_s] * np.exp(-0.35 * s_pq[I_s]) * DAY
I_two = s_two[I_s]
I_d2 = np.where(I_two, I_d1 + rng.uniform(7, 30, NI) * DAY, I_d1)
I_p1 = np.where(I_two, np.round(0.5 * I_amt, 2), np.round(I_amt - I_short, 2))
I_p2 = np.where(I_two, np.round(I_amt - I_short - I_p1, 2), 0.0)
bad = rng.random(NI) < 0.02
I_d1 = np.where(bad, np.inf, I_d1)
I_d2 = np.where(bad, np.inf, I_d2)
io = np.argsort(I_t, kind="stable")
I_no = np.empty(NI, object)
I_no[io] = [f"INV-{k + 1:06d}" for k in range(NI)]

# payouts
P_c = ld_car[iv]
Y_t = ld_del[iv] + rng.uniform(1, 120, NI) * H
Y_qp = c_qp[P_c] | (rng.random(NI) < 0.15)
Y_amt = np.where(Y_qp, np.round(ld_bid[iv] * 0.97, 2), ld_bid[iv])
Y_sched = np.where(Y_qp, Y_t + rng.uniform(1, 2, NI) * DAY, Y_t + 30 * DAY)
Y_paid = Y_sched + rng.uniform(0, 8, NI) * H
Y_meth = np.where(
    Y_qp,
    rng.choice(["QuickPay", "quickpay", "quick pay"], NI, p=[0.6, 0.25, 0.15]),
    rng.choice(["Standard", "STANDARD", "net30"], NI, p=[0.6, 0.15, 0.25]),
)
yo = np.argsort(Y_t, kind="stable")

NB = len(BID)
B_l = np.array([b[0] for b in BID])
B_c = np.array([b[1] for b in BID])
B_t = np.array([b[2] for b in BID])
B_amt = np.array([b[3] for b in BID])
B_note = rng.choice([None, None, None, "can do", "team drivers", "need 2h notice"], NB)
bo = np.argsort(B_t, kind="stable")

NT = len(TEN)
T_l = np.array([x[0] for x in TEN])
T_c = np.array([x[1] for x in TEN])
T_t = np.array([x[2] for x in TEN])
T_r = np.array([x[3] for x in TEN])
T_acc = np.array([x[4] for x in TEN])
to = np.argsort(T_t, kind="stable")


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


posted = ld_tp <= T
# shippers today's
lp = posted
tot = np.bincount(ld_s[lp], minlength=NS)
n90 = np.bincount(ld_s[lp & (ld_tp > T - 90 * DAY)], minlength=NS)
last = pd.Series(ld_tp[lp]).groupby(ld_s[lp]).max().reindex(range(NS)).to_numpy()
shippers = pd.DataFrame(
    {
        "shipper_id": np.arange(1, NS + 1),
        "name": [f"Shipper {i:03d} Co" for i in range(1, NS + 1)],
        "industry": s_ind_txt,
        "hq_state": s_state,
        "account_manager": s_am,
        "payment_terms_days": s_terms,
        "created_at": ts(s_created),
        "tier": np.where(n90 >= 40, "gold", np.where(n90 >= 10, "silver", "bronze")),
        "status": np.where(np.nan_to_num(last, nan=-1e18) > T - 90 * DAY, "active", "inactive"),
        "total_loads": tot,
        "last_load_at": ts(last),
    }
)[s_created <= T]

hauled = np.bincount(ld_car[~np.isnan(known(ld_del))], minlength=NC)
RAT = np.array(["satisfactory", "conditional", "unsatisfactory"])
carriers = pd.DataFrame(
    {
        "carrier_id": np.arange(1, NC + 1),
        "mc_number": c_mc,
        "name": c_name,
        "home_region": np.array(REG)[c_home],
        "equipment": np.array(EQUIP)[c_eq],
        "fleet_size": c_fleet,
        "eld_enabled": c_eld,
        "quickpay_opt_in": c_qp,
        "joined_at": ts(c_joined),
        "safety_rating": RAT[[rating(c, T) for c in range(NC)]],
        "loads_hauled": hauled,
    }
)[c_joined <= T]

# lanes: current rate per mile from loads covered in the last 30 days
rc = ~np.isnan(known(ld_tcov)) & (ld_tcov > T - 30 * DAY)
rpm = pd.Series(ld_bid[rc] / ld_miles[rc]).groupby(ld_lane[rc]).mean().reindex(range(NL)).to_numpy()
lanes = pd.DataFrame(
    {
        "lane_code": L_code,
        "origin_region": np.array(REG)[L_o],
        "dest_region": np.array(REG)[L_d],
        "miles": L_miles,
        "region_group": L_group,
        "current_rate_per_mile": np.round(rpm, 3),
    }
)

can_k = known(ld_can)
cov_k = known(ld_tcov)
pick_k = known(ld_pick)
del_k = known(ld_del)
status = np.where(
    ~np.isnan(can_k) & ~(~np.isnan(pick_k)),
    "cancelled",
    np.where(
        ~np.isnan(del_k),
        "delivered",
        np.where(~np.isnan(pick_k), "picked_up", np.where(~np.isnan(cov_k), "tendered", "posted")),
    ),
)
carrier_now = np.where(~np.isnan(cov_k) & np.isnan(can_k), ld_car + 1, -1)
loads = pd.DataFrame(
    {
        "load_id": np.arange(100001, 100001 + NLD),
        "shipper_id": ld_s + 1,
        "lane_code": L_code[ld_lane],
        "reference_no": ld_ref,
        "equipment": ld_eq_txt,
        "weight_lbs": ld_weight,
        "posted_at": ts(ld_tp),
        "pickup_date": ts(ld["pu_day"].to_numpy() * DAY).date,
        "delivery_due": ts(ld["due_day"].to_numpy() * DAY).date,
        "rate_usd": ld_rate,
        "status": status,
        "carrier_id": pd.array(np.where(carrier_now > 0, carrier_now, 0), dtype="Int64"),
        "tendered_at": ts(known(ld_tten)),
        "covered_at": ts(cov_k),
        "picked_up_at": ts(pick_k),
        "delivered_at": ts(del_k),
        "cancelled_at": ts(can_k),
        "cancel_reason": np.where(~np.isnan(can_k), ld["why"].to_numpy(), None),
    }
)
loads.loc[carrier_now <= 0, "carrier_id"] = pd.NA
loads = loads[posted]

bids = pd.DataFrame(
    {
        "bid_id": np.arange(1, NB + 1),
        "load_id": B_l[bo] + 100001,
        "carrier_mc": c_mc[B_c[bo]],
        "amount_usd": B_amt[bo],
        "bid_at": ts(B_t[bo]),
        "note": B_note,
    }
)
bids = bids[B_t[bo] <= T]

resp_k = T_r[to] <= T
tenders = pd.DataFrame(
    {
        "tender_id": np.arange(1, NT + 1),
        "load_id": T_l[to] + 100001,
        "carrier_id": T_c[to] + 1,
        "tendered_at": ts(T_t[to]),
        "response": np.where(resp_k, np.where(T_acc[to], "accepted", "rejected"), "pending"),
        "responded_at": ts(np.where(resp_k, T_r[to], np.nan)),
    }
)
tenders = tenders[T_t[to] <= T]

pings = pd.DataFrame(
    {
        "load_id": P_l + 100001,
        "pinged_at": ts(P_t),
        "lat": P_lat,
        "lon": P_lon,
        "speed_mph": P_sp,
    }
).sort_values("pinged_at", kind="stable")
pings = pings[pings["pinged_at"] <= CUT]

eo = np.argsort(E_t, kind="stable")
exceptions = pd.DataFrame(
    {
        "exception_id": np.arange(1, NE + 1),
        "load_id": E_l[eo] + 100001,
        "carrier_id": E_c[eo] + 1,
        "exception_type": E_ty[eo],
        "severity": E_sev,
        "reported_at": ts(E_t[eo]),
        "claim_amount": E_claim[eo],
        "resolved_at": ts(known(E_res[eo])),
        "note": E_note,
    }
)
exceptions = exceptions[E_t[eo] <= T]

paid = np.where(I_d1 <= T, I_p1, 0.0) + np.where(I_d2 <= T, I_p2, 0.0)
full = I_d2 <= T
inv_status = np.where(full, "paid", np.where(paid > 0, "partial", np.where(T - I_t > 120 * DAY, "collections", "open")))
invoices = pd.DataFrame(
    {
        "invoice_no": I_no,
        "load_id": iv + 100001,
        "shipper_id": I_s + 1,
        "issued_at": ts(I_t),
        "due_date": ts(I_due).date,
        "amount": I_amt,
        "amount_paid": np.round(paid, 2),
        "status": inv_status,
        "paid_at": ts(np.where(full, I_d2, np.nan)),
    }
).iloc[io]
invoices = invoices[I_t[io] <= T]

ypaid = Y_paid <= T
payouts = pd.DataFrame(
    {
        "payout_id": np.arange(1, NI + 1),
        "load_id": iv[yo] + 100001,
        "carrier_mc": c_mc[P_c[yo]],
        "method": Y_meth[yo],
        "amount": Y_amt[yo],
        "created_at": ts(Y_t[yo]),
        "scheduled_for": ts(Y_sched[yo]).date,
        "amount_paid": np.where(ypaid[yo], Y_amt[yo], 0.0),
        "status": np.where(ypaid[yo], "paid", "pending"),
        "paid_at": ts(np.where(ypaid[yo], Y_paid[yo], np.nan)),
    }
)
payouts = payouts[Y_t[yo] <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE shippers (shipper_id INTEGER PRIMARY KEY, name VARCHAR, industry VARCHAR, hq_state VARCHAR,
                       account_manager VARCHAR, payment_terms_days INTEGER, created_at TIMESTAMP, tier VARCHAR,
                       status VARCHAR, total_loads INTEGER, last_load_at TIMESTAMP);
CREATE TABLE carriers (carrier_id INTEGER PRIMARY KEY, mc_number VARCHAR UNIQUE, name VARCHAR, home_region VARCHAR,
                       equipment VARCHAR, fleet_size INTEGER, eld_enabled BOOLEAN, quickpay_opt_in BOOLEAN,
                       joined_at TIMESTAMP, safety_rating VARCHAR, loads_hauled INTEGER);
CREATE TABLE lanes (lane_code VARCHAR PRIMARY KEY, origin_region VARCHAR, dest_region VARCHAR, miles INTEGER,
                    region_group VARCHAR, current_rate_per_mile DOUBLE);
CREATE TABLE loads (load_id INTEGER PRIMARY KEY, shipper_id INTEGER REFERENCES shippers(shipper_id),
                    lane_code VARCHAR, reference_no VARCHAR, equipment VARCHAR, weight_lbs DOUBLE,
                    posted_at TIMESTAMP, pickup_date DATE, delivery_due DATE, rate_usd DOUBLE, status VARCHAR,
                    carrier_id INTEGER, tendered_at TIMESTAMP, covered_at TIMESTAMP, picked_up_at TIMESTAMP,
                    delivered_at TIMESTAMP, cancelled_at TIMESTAMP, cancel_reason VARCHAR);
CREATE TABLE bids (bid_id INTEGER PRIMARY KEY, load_id INTEGER, carrier_mc VARCHAR, amount_usd DOUBLE,
                   bid_at TIMESTAMP, note VARCHAR);
CREATE TABLE tenders (tender_id INTEGER PRIMARY KEY, load_id INTEGER REFERENCES loads(load_id), carrier_id INTEGER,
                      tendered_at TIMESTAMP, response VARCHAR, responded_at TIMESTAMP);
CREATE TABLE tracking_pings (load_id INTEGER, pinged_at TIMESTAMP, lat DOUBLE, lon DOUBLE, speed_mph DOUBLE);
CREATE TABLE exceptions (exception_id INTEGER PRIMARY KEY, load_id INTEGER, carrier_id INTEGER,
                         exception_type VARCHAR, severity VARCHAR, reported_at TIMESTAMP, claim_amount DOUBLE,
                         resolved_at TIMESTAMP, note VARCHAR);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, load_id INTEGER, shipper_id INTEGER, issued_at TIMESTAMP,
                       due_date DATE, amount DOUBLE, amount_paid DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payouts (payout_id INTEGER PRIMARY KEY, load_id INTEGER, carrier_mc VARCHAR, method VARCHAR,
                      amount DOUBLE, created_at TIMESTAMP, scheduled_for DATE, amount_paid DOUBLE, status VARCHAR,
                      paid_at TIMESTAMP);
""")
for name, df in [
    ("shippers", shippers),
    ("carriers", carriers),
    ("lanes", lanes),
    ("loads", loads),
    ("bids", bids),
    ("tenders", tenders),
    ("tracking_pings", pings),
    ("exceptions", exceptions),
    ("invoices", invoices),
    ("payouts", payouts),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
