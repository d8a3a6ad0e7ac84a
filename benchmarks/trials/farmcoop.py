"""An agricultural cooperative (regions, elevators, member farms with a membership tier, fields, plantings per season,
harvest deliveries to the co-op's elevators, input purchases on credit, member accounts with a running balance,
payments, advance contracts with delivery windows set ahead, daily weather per region, agronomist field visits),
seeded: `python benchmarks/trials/farmcoop.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 regions, 10 elevators, 900 farms (95 resigned;
tier at NOW gold 77, silver 346, bronze 477), 3,250 fields, 7,610 plantings, 51.9k deliveries (grade A 21.2k, B 15.7k,
C 15.0k), 18.1k purchases, 900 accounts, 11.2k payments, 1,449 contracts, 6,576 weather rows, 4,041 field visits
(about 106k rows, 12 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2022-01-01..NOW (plantings of the 2022
winter wheat go back to the autumn of 2021). Rows dated after NOW exist only where written ahead:
contracts.window_start / window_end (the delivery window, set at signing), purchases.due_on (a DATE 60 days after a
purchase on credit) and field_visits.follow_up_on (a DATE 21 days after a visit that found a problem). Every other
column holding a later date of its row is filled in later.

Truth (seed 0):
- regions (6): weather per region; region 3 has a drought 2023-05-15..08-31 (rain p x.3, +2 C): corn and soy
  yields x.6 there that year (x.92 irrigated), wheat x.85, and grade -.7 (non-irrigated); region 5 has a wet
  harvest 2024-09-01..11-30 (rain p x1.9): moisture up, grades down; region 2 a wet summer 2022 (fungal
  findings, fungicide); regions.soil and avg_rain_mm are noise
- weather: one row per region and day (no PK), rain_mm (wet-day p .28 + seasonal, Gamma(.9, 9)), tmax_c, tmin_c;
  wind_kmh noise. A harvest load is not hauled on a day with rain > 6 mm (moved to the next day); moisture
  rises .15 points per mm of rain over the 3 days before a load
- elevators (10): 1-2 per region; elevator 10 opens 2023-06-01 in region 1 and half the region's farms move
  their deliveries there (farms.home_elevator_id TODAY's); capacity_t noise; 15% of loads go to another
  elevator of the region
- farms (900): 700 members before the span, 200 join during it (joined_on); loyalty L ~ N(0, 1) (hidden) drives
  the share of the harvest delivered to the co-op (sigmoid(.4 + 1.1 L)), input buying at the co-op, contracts,
  payments and agronomist visits, and leaving (hazard .06/year x exp(-.9 L)); skill S ~ N(0, 1) (hidden)
  raises yield (x exp(.08 S)) and grades (+.6); 35% have on-farm storage (hidden) and carry 20-50% of their
  corn and soy to Jan 10..Jun 30 of the next year (stored loads grade -.35, dried: moisture ~15);
  credit_use ~ Beta(2, 2) (hidden) = the chance a purchase goes on the account
- farms.tier TODAY's: 'gold' (>= 1,200 t delivered in the 365 days before the first of the month), 'silver'
  (>= 400 t), else 'bronze'; gold loads are paid +3/t, silver +1.5/t. farms.status TODAY's ('active' /
  'resigned'): 60% of leavers resign (resigned_on filled later, U(0, 30) days after they stop), the rest go
  silent; farms.last_delivery_at TODAY's; farm_code is a text key ('F12345', not the farm_id's digits);
  owner_name, phone and organic are noise; total_acres LogNormal(log 350, .6)
- fields: 1 + Poisson(acres/150) per farm (max 8), acres Dirichlet; irrigated 20% (drought-proof); soil_ph noise
- plantings (per field and season 2022..2025; 2025 is only the winter wheat sown in the autumn of 2024):
  rotation corn -> soy -> corn (.6) or wheat (.4), wheat -> corn, 5% fallow; corn sown Apr 20..May 20, soy
  May 10..Jun 10, wheat (season s) Sep 25..Oct 20 of s-1; crop stored MESSY ('corn', 'Corn', 'CORN', 'maize',
  'Corn ', 'soybeans', 'Soy beans', 'winter wheat', 'HRW wheat', ...); harvested_on and yield_t filled later;
  variety noise
- harvest: wheat from Jul 8 + U(0, 20) days, soy Sep 18 + U(0, 20), corn Sep 28 + U(0, 35) (+ a region offset
  0..8 days), loads over U(3, 12) days; yield t/acre corn 4.3, soy 1.3, wheat 1.9 x region-year x exp(.08 S) x
  LogNormal(0, .12); loads N(27, 3) t
- deliveries (grain tickets): farm_code (the text key, undeclared), field_id (12% NULL), elevator_id, crop messy,
  net_weight_t, moisture_pct (corn N(17, 1.8), soy and wheat N(13, 1) + rain), grade from z = 1.15 + .6 S + .45
  (an agronomist visited the field this season before the load) - .5 (moisture over 15.5 / 13 / 13.5)+ - .7
  drought - .35 stored + N(0, .6): 'A' z > .75, 'B' z > -.3, else 'C'; price_per_t by crop, year (2022 x1.15,
  2024 x.85), grade (B x.97, C x.9), moisture shrink and tier premium; settled_at filled later (Exp(10) + 1
  days); ticket_no and truck_plate noise
- contracts: per active farm, season and crop p sigmoid(-.8 + .9 L), signed Jan 10..May 31 (wheat ..Apr 30),
  tonnes 30-80% of the expected co-op delivery; the farm delivers at least the contracted tonnes (up to 95% of
  its harvest); window wheat Jul 1..Aug 31, soy Sep 15..Oct 31, corn Oct 1..Nov 30 (written ahead);
  status TODAY's ('open' until the window ends, then 'fulfilled' if >= 95% delivered in the window, else
  'short'), delivered_t TODAY's (capped at tonnes), closed_at filled later
- purchases (inputs, at an elevator's store): per planting: seed 5-40 days before sowing (p sigmoid(.6 + L)),
  fertilizer (corn pre-plant p sigmoid(.8 + .9 L) and side-dress Jun 5..30 p sigmoid(-.5 + .9 L); wheat at sowing
  and a spring top-dress Mar 1..Apr 15, p sigmoid(.3 + .9 L); soy P&K p .15), herbicide 10-40 days after
  sowing (p sigmoid(.9 + .9 L)), fungicide Jul 10..Aug 10 for corn and soy (p sigmoid(-1.5 + .9 L + 2 wet
  summer)); an agronomist's finding adds one 2-20 days later: 'nitrogen deficiency' -> fertilizer (p .7),
  'fungal disease' -> fungicide (p .7), 'weed pressure' -> herbicide (p .6). A farm whose balance is over its
  credit limit buys with p x.35. on_credit with p credit_use; category MESSY ('Fertilizer', 'fertiliser',
  'FERTILIZER', 'Fert.', 'seed', 'Seeds', 'Agchem', 'chemicals', ...); amount = acres x cost/acre x
  LogNormal(0, .2)
- accounts (one per farm, account_id != farm_id): balance TODAY's (purchases on credit - payments),
  last_payment_at TODAY's, credit_limit static (acres x 100 x U(.5, 1.5)): ~1.7% of purchases meet a balance over it
- payments: 'grain offset' at a load's settlement (p .7 while the balance is positive: min(balance, half the
  proceeds)); a monthly cheque/ACH payment with p sigmoid(-.3 + .8 L) of U(.3, 1) x balance; a resigning farm
  settles its balance (p .8); method MESSY ('grain offset', 'Grain Offset', 'cheque', 'Cheque', 'ACH', 'ach',
  'transfer')
- field_visits (agronomists, one per region): Poisson(.5 exp(.4 L) (acres/100)^.3) per planting in its growing
  season (corn/soy May 20..Aug 20, wheat Mar 20..Jun 20); finding 'ok', 'nitrogen deficiency' (more in wet
  springs), 'weed pressure', 'fungal disease' (more in wet summers), 'pest'; follow_up_on written ahead
- keys: PKs declared on regions, elevators, farms (farm_id; farm_code UNIQUE), fields, plantings, deliveries,
  purchases, accounts, payments, contracts, field_visits; weather has none; REFERENCES only farms -> regions,
  elevators -> regions, fields -> farms, plantings -> fields, accounts -> farms. Undeclared: deliveries (farm_code
  -> farms.farm_code, a text key; field_id; elevator_id), purchases (farm_id, elevator_id), payments.account_id,
  contracts.farm_id, field_visits (field_id, farm_id), farms.home_elevator_id, weather.region_id
- `python farmcoop.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact); a weather row appears once its day is over
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def dsec(s) -> float:  # a date string -> seconds
    return secs(s)


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=ND, freq="D")
DOY = days.day_of_year.values

# ---------------- regions and weather
NRG = 6
regions = pd.DataFrame(
    {
        "region_id": np.arange(1, NRG + 1),
        "name": ["Red River", "Prairie North", "Dry Plains", "Lakeshore", "Bottomlands", "Upland"],
        "soil": rng.choice(["clay loam", "silt loam", "sandy loam"], NRG),
        "avg_rain_mm": np.round(rng.uniform(400, 800, NRG)),
    }
)
R_OFF = rng.integers(0, 9, NRG)


def span(a, b):
    return (days >= pd.Timestamp(a)) & (days <= pd.Timestamp(b))


DROUGHT = span("2023-05-15", "2023-08-31")
WETHARV = span("2024-09-01", "2024-11-30")
WETSUM = span("2022-06-01", "2022-08-31")
RAIN = np.zeros((NRG, ND))
TMAX = np.zeros((NRG, ND))
for r in range(NRG):
    p = 0.28 + 0.08 * np.cos(2 * np.pi * (DOY - 150) / 365)
    if r == 2:
        p = np.where(DROUGHT, p * 0.3, p)
    if r == 4:
        p = np.where(WETHARV, np.minimum(p * 1.9, 0.9), p)
    if r == 1:
        p = np.where(WETSUM, np.minimum(p * 1.7, 0.9), p)
    wet = rng.random(ND) < p
    RAIN[r] = np.round(np.where(wet, rng.gamma(0.9, 9, ND), 0.0), 1)
    TMAX[r] = np.round(
        12 + 14 * np.sin(2 * np.pi * (DOY - 105) / 365) + rng.normal(0, 3, ND) + 2 * (r == 2) * DROUGHT, 1
    )
weather = pd.DataFrame(
    {
        "region_id": np.repeat(np.arange(1, NRG + 1), ND),
        "obs_date": np.tile(days.date, NRG),
        "rain_mm": RAIN.ravel(),
        "tmax_c": TMAX.ravel(),
        "tmin_c": np.round(TMAX.ravel() - rng.uniform(6, 12, NRG * ND), 1),
        "wind_kmh": np.round(rng.gamma(3, 5, NRG * ND), 1),
    }
)
w_day = (pd.to_datetime(weather["obs_date"]) - START).dt.days.to_numpy()

# ---------------- elevators
E_REG = np.array([0, 0, 1, 1, 2, 2, 3, 4, 5, 0])
NE = len(E_REG)
E_OPEN = np.array([dsec("1975-01-01") + rng.uniform(0, 12000) * DAY for _ in range(NE)])
E_OPEN[9] = dsec("2023-06-01")
elevators = pd.DataFrame(
    {
        "elevator_id": np.arange(1, NE + 1),
        "region_id": E_REG + 1,
        "name": [f"{regions['name'][E_REG[i]]} #{i + 1}" for i in range(NE)],
        "capacity_t": np.round(rng.uniform(20, 120, NE)) * 1000,
        "opened_on": ts(E_OPEN).date,
    }
)

# ---------------- farms
NFM = 900
old = np.arange(NFM) < 700
f_join = np.where(old, dsec("1985-01-01") + rng.uniform(0, 13500, NFM) * DAY, rng.uniform(0, ND - 30, NFM) * DAY)
f_reg = rng.choice(NRG, NFM, p=[0.2, 0.2, 0.15, 0.15, 0.15, 0.15])
f_L = rng.normal(0, 1, NFM)
f_S = rng.normal(0, 1, NFM)
f_store = rng.random(NFM) < 0.35
f_credit = rng.beta(2, 2, NFM)
f_acres = np.clip(np.exp(rng.normal(np.log(350), 0.6, NFM)), 40, 4000).round()
f_leave = np.maximum(f_join, 0) + rng.exponential(365 / 0.06 * np.exp(0.9 * f_L)) * DAY
f_resigns = rng.random(NFM) < 0.6
f_resign_t = np.where(f_resigns, f_leave + rng.uniform(0, 30, NFM) * DAY, np.inf)
f_leave = np.where(f_leave > TNOW, np.inf, f_leave)
f_resign_t = np.where(np.isinf(f_leave), np.inf, f_resign_t)
f_home0 = np.array([rng.choice(np.nonzero((r == E_REG) & (np.arange(NE) != 9))[0]) for r in f_reg])  # not 10 yet
f_move = (f_reg == 0) & (rng.random(NFM) < 0.5)  # to elevator 10 when it opens
f_code = np.array([f"F{c}" for c in rng.choice(np.arange(10000, 100000), NFM, replace=False)])
f_owner = rng.choice(["Olsen", "Miller", "Schmidt", "Nguyen", "Johnson", "Peters", "Wiebe", "Larsen", "Brooks"], NFM)
f_first = rng.choice(["Anna", "Ben", "Carl", "Dana", "Erik", "Faye", "Gus", "Hana", "Ivan", "Jo"], NFM)
f_phone = [f"555-{rng.integers(1000, 9999)}" if rng.random() < 0.9 else None for _ in range(NFM)]
f_org = rng.random(NFM) < 0.07
f_active_from = np.maximum(f_join, dsec("2021-09-01"))


def member(i, t):
    return f_join[i] <= t < f_leave[i]


def home_elev(i, t):
    return 9 if (f_move[i] and t >= E_OPEN[9]) else f_home0[i]


# ---------------- fields
fl_farm, fl_acres = [], []
for i in range(NFM):
    k = int(min(8, 1 + rng.poisson(f_acres[i] / 150)))
    fl_farm += [i] * k
    fl_acres += list(np.maximum(5, np.round(f_acres[i] * rng.dirichlet(np.full(k, 2.0)))))
fl_farm = np.array(fl_farm)
fl_acres = np.array(fl_acres)
NFL = len(fl_farm)
fl_irr = rng.random(NFL) < 0.2
fields = pd.DataFrame(
    {
        "field_id": np.arange(1, NFL + 1),
        "farm_id": fl_farm + 1,
        "field_name": [
            f"{d} {int(a)}"
            for d, a in zip(rng.choice(["North", "South", "East", "West", "Home", "River"], NFL), fl_acres, strict=True)
        ],
        "acres": fl_acres,
        "irrigated": fl_irr,
        "soil_ph": np.round(rng.normal(6.6, 0.5, NFL), 1),
    }
)
fl_created = f_join[fl_farm]

# ---------------- plantings
CROPS = ["corn", "soy", "wheat"]
SPELL = {
    0: (["corn", "Corn", "CORN", "maize", "Corn "], [0.45, 0.3, 0.1, 0.1, 0.05]),
    1: (["soybeans", "Soybeans", "soy", "SOYBEANS", "Soy beans"], [0.45, 0.3, 0.1, 0.1, 0.05]),
    2: (["wheat", "Wheat", "WHEAT", "winter wheat", "HRW wheat"], [0.4, 0.3, 0.1, 0.1, 0.1]),
}


def spell(c):
    s, p = SPELL[c]
    return s[rng.choice(len(s), p=p)]


def sow_t(c, s):
    if c == 0:
        return dsec(f"{s}-04-20") + rng.uniform(0, 30) * DAY
    if c == 1:
        return dsec(f"{s}-05-10") + rng.uniform(0, 31) * DAY
    return dsec(f"{s - 1}-09-25") + rng.uniform(0, 25) * DAY


PL = []  # (field, season, crop, sow_t)
for f in range(NFL):
    c = rng.choice(3, p=[0.45, 0.35, 0.2])
    for s in (2022, 2023, 2024, 2025):
        if s > 2022:
            c = 1 if c == 0 else (2 if (c == 1 and rng.random() < 0.4) else (0 if c != 0 else 1))
        if s == 2025 and c != 2:
            continue
        if rng.random() < 0.05:
            continue
        t = sow_t(c, s)
        i = fl_farm[f]
        if not member(i, t) or t > TNOW:
            continue
        PL.append((f, s, c, t))
NPL = len(PL)
PL_f = np.array([p[0] for p in PL])
PL_s = np.array([p[1] for p in PL])
PL_c = np.array([p[2] for p in PL])
PL_t = np.array([p[3] for p in PL])
PL_i = fl_farm[PL_f]
PL_spell = np.array([spell(c) for c in PL_c], dtype=object)
PL_var = rng.choice(["P1185", "DKC62", "AG2433", "XO 24", "CDC Go", "SY Rowyn"], NPL)

YIELD = np.array([4.3, 1.3, 1.9])
SHARE = sig(0.4 + 1.1 * f_L)


def reg_factor(r, s, c, irr):
    if r == 2 and s == 2023:
        return 0.85 if c == 2 else (0.92 if irr else 0.6)
    return 1.0


def drought_hit(r, s, c, irr):
    return r == 2 and s == 2023 and not irr


# ---------------- agronomist visits (before harvest: they shape grades and purchases)
AGRO = np.array(["K. Dyck", "M. Haas", "R. Singh", "T. Ortiz", "J. Lund", "P. Reyes"])
FIND = ["ok", "nitrogen deficiency", "weed pressure", "fungal disease", "pest"]
REC = {
    "ok": "no action",
    "nitrogen deficiency": "apply 40 lb N/acre",
    "weed pressure": "post-emergence herbicide",
    "fungal disease": "fungicide application",
    "pest": "scout again",
}
VI = []  # (planting, t, finding)
for k in range(NPL):
    f, s, c, t0 = PL[k]
    i = PL_i[k]
    lam = 0.5 * np.exp(0.4 * f_L[i]) * (fl_acres[f] / 100) ** 0.3
    n = rng.poisson(lam)
    a, b = (dsec(f"{s}-03-20"), dsec(f"{s}-06-20")) if c == 2 else (dsec(f"{s}-05-20"), dsec(f"{s}-08-20"))
    r = f_reg[i]
    for tv in np.sort(rng.uniform(a, b, n)):
        if not member(i, tv) or tv > TNOW:
            continue
        d = int(tv // DAY)
        wet_spring = RAIN[r, max(0, d - 30) : d + 1].mean() > 3.5 if d >= 0 else False
        wet_sum = (r == 1 and s == 2022) or (r == 4 and s == 2024 and c != 2)
        pf = np.array([0.5, 0.15 + 0.12 * wet_spring, 0.18, 0.12 + 0.2 * wet_sum, 0.05])
        VI.append((k, tv, FIND[rng.choice(5, p=pf / pf.sum())]))
NVI = len(VI)
VI_k = np.array([v[0] for v in VI])
VI_t = np.array([v[1] for v in VI])
VI_find = np.array([v[2] for v in VI], dtype=object)
first_visit = pd.Series(VI_t).groupby(VI_k).min().reindex(range(NPL)).to_numpy()  # NaN if none

# ---------------- contracts (signed before harvest: they shape deliveries)
WIN = {2: ("07-01", "08-31"), 1: ("09-15", "10-31"), 0: ("10-01", "11-30")}
CT = []  # (farm, season, crop, signed_t, tonnes, ws, we, price)
exp_t = pd.Series(fl_acres[PL_f] * YIELD[PL_c] * SHARE[PL_i]).groupby([PL_i, PL_s, PL_c]).sum()
for (i, s, c), e in exp_t.items():
    if s > 2024 or rng.random() >= sig(-0.8 + 0.9 * f_L[i]):
        continue
    t = dsec(f"{s}-01-10") + rng.uniform(0, 110 if c == 2 else 140) * DAY
    if not member(i, t) or t > TNOW:
        continue
    ws, we = WIN[c]
    CT.append(
        (
            i,
            s,
            c,
            t,
            max(30.0, round(e * rng.uniform(0.3, 0.8), -1)),
            dsec(f"{s}-{ws}"),
            dsec(f"{s}-{we}") + DAY - 1,
            round([210, 480, 260][c] * rng.uniform(0.9, 1.05), 2),
        )
    )
ct_ton = {(c[0], c[1], c[2]): c[4] for c in CT}
farm_crop_acres = pd.Series(fl_acres[PL_f]).groupby([PL_i, PL_s, PL_c]).sum().to_dict()

# ---------------- harvests and deliveries
D = []  # (farm, field or -1, crop, t, net_t, moist, stored, planting or -1, season)
HV = np.full(NPL, np.nan)  # harvest finished
YT = np.full(NPL, np.nan)  # yield_t
TARGET = np.array([15.5, 13.0, 13.5])


def haul_day(r, d):
    for _ in range(3):
        if d < ND and RAIN[r, d] > 6:
            d += 1
    return d


def moist(c, r, d, stored):
    if stored:
        return rng.normal(15.0 if c == 0 else 12.5, 0.5)
    base = rng.normal(17.0, 1.8) if c == 0 else rng.normal(13.0, 1.0)
    return base + 0.15 * RAIN[r, max(0, d - 3) : d].sum()


for k in range(NPL):
    f, s, c, t0 = PL[k]
    i = PL_i[k]
    r = f_reg[i]
    start = {2: f"{s}-07-08", 1: f"{s}-09-18", 0: f"{s}-09-28"}[c]
    hs = int(dsec(start) // DAY) + int(rng.uniform(0, [35, 20, 20][c])) + R_OFF[r]
    H = fl_acres[f] * YIELD[c] * reg_factor(r, s, c, fl_irr[f]) * np.exp(0.08 * f_S[i]) * np.exp(rng.normal(0, 0.12))
    st = rng.uniform(0.2, 0.5) if (f_store[i] and c < 2) else 0.0
    spn = rng.uniform(3, 12)
    ytot = round(H, 1)
    if hs >= ND or hs * DAY >= f_leave[i]:
        if hs < ND:  # harvested, sold elsewhere (left the co-op)
            HV[k] = (hs + spn) * DAY
            YT[k] = ytot
        continue
    coop = H * SHARE[i]
    ct = ct_ton.get((i, s, c))
    if ct is not None:
        coop = max(coop, min(0.95 * H, ct * fl_acres[f] / farm_crop_acres[(i, s, c)] * 1.02))
    now_t = coop * (1 - st)
    loads = []
    while now_t > 1:
        w = float(np.clip(rng.normal(27, 3), 12, 36))
        loads.append(min(w, now_t))
        now_t -= w
    n = len(loads)
    last = hs * DAY
    for j, w in enumerate(loads):
        d = haul_day(r, hs + int(j * spn / max(n, 1)))
        if d >= ND:
            break
        t = d * DAY + rng.uniform(7, 19) * 3600
        last = max(last, t)
        D.append((i, f, c, t, w, moist(c, r, d, False), False, k, s))
    HV[k] = last + rng.uniform(0, 2) * DAY
    YT[k] = ytot
    if st > 0 and s <= 2023:
        rest = coop * st
        hd = np.sort(rng.uniform(dsec(f"{s + 1}-01-10"), dsec(f"{s + 1}-06-30"), rng.integers(1, 4)) // DAY).astype(int)
        q = 0
        while rest > 1:
            w = float(np.clip(rng.normal(27, 3), 12, 36))
            d = int(hd[q % len(hd)]) + q // len(hd) // 4
            D.append((i, f, c, d * DAY + rng.uniform(7, 19) * 3600, min(w, rest), moist(c, r, d, True), True, k, s))
            rest -= w
            q += 1

# carry-out of the 2021 crop (Jan..Jun 2022) for storage farms that were members
for i in np.nonzero(f_store & (f_join < 0))[0]:
    own = np.nonzero(fl_farm == i)[0]
    for c in (0, 1):
        rest = f_acres[i] * [0.45, 0.35][c] * YIELD[c] * SHARE[i] * rng.uniform(0.2, 0.5)
        hd = np.sort(rng.uniform(dsec("2022-01-10"), dsec("2022-06-30"), rng.integers(1, 4)) // DAY).astype(int)
        q = 0
        while rest > 1:
            w = float(np.clip(rng.normal(27, 3), 12, 36))
            d = int(hd[q % len(hd)]) + q // len(hd) // 4
            D.append(
                (
                    i,
                    int(rng.choice(own)),
                    c,
                    d * DAY + rng.uniform(7, 19) * 3600,
                    min(w, rest),
                    moist(c, f_reg[i], d, True),
                    True,
                    -1,
                    2021,
                )
            )
            rest -= w
            q += 1

D = [x for x in D if member(x[0], x[3]) and x[3] <= TNOW]
D.sort(key=lambda x: x[3])
ND_ = len(D)
D_i = np.array([x[0] for x in D])
D_f = np.array([x[1] for x in D])
D_c = np.array([x[2] for x in D])
D_t = np.array([x[3] for x in D])
D_w = np.round(np.array([x[4] for x in D]), 2)
D_m = np.round(np.clip(np.array([x[5] for x in D]), 9, 30), 1)
D_st = np.array([x[6] for x in D])
D_k = np.array([x[7] for x in D])
D_s = np.array([x[8] for x in D])
D_r = f_reg[D_i]
visited = np.array(
    [k >= 0 and not np.isnan(first_visit[k]) and first_visit[k] < t for k, t in zip(D_k, D_t, strict=True)]
)
dr = np.array([drought_hit(r, s, c, fl_irr[f]) for r, s, c, f in zip(D_r, D_s, D_c, D_f, strict=True)])
z = (
    1.15
    + 0.6 * f_S[D_i]
    + 0.45 * visited
    - 0.5 * np.maximum(D_m - TARGET[D_c], 0)
    - 0.7 * dr
    - 0.35 * D_st
    + rng.normal(0, 0.6, ND_)
)
D_grade = np.where(z > 0.75, "A", np.where(z > -0.3, "B", "C"))
D_elev = np.array([home_elev(i, t) for i, t in zip(D_i, D_t, strict=True)])
other = rng.random(ND_) < 0.15
for j in np.nonzero(other)[0]:
    cand = np.nonzero((D_r[j] == E_REG) & (D_t[j] >= E_OPEN))[0]
    D_elev[j] = rng.choice(cand)
D_year = ts(D_t).year.to_numpy()

# tier at a time: tonnage in the 365 days before the first of its month
cum = {}
for i in range(NFM):
    m = D_i == i
    cum[i] = (D_t[m], np.cumsum(D_w[m]))


def tonnage(i, a, b):
    tt, cs = cum[i]
    if len(tt) == 0:
        return 0.0
    ia = np.searchsorted(tt, a, side="right")
    ib = np.searchsorted(tt, b, side="right")
    return (cs[ib - 1] if ib > 0 else 0.0) - (cs[ia - 1] if ia > 0 else 0.0)


def month_start(t):
    x = ts([t])[0]
    return secs(pd.Timestamp(year=x.year, month=x.month, day=1))


def tier(i, t):
    m = month_start(t)
    v = tonnage(i, m - 365 * DAY, m)
    return "gold" if v >= 1200 else ("silver" if v >= 400 else "bronze")


D_tier = np.array([tier(i, t) for i, t in zip(D_i, D_t, strict=True)])
yf = np.select([D_year == 2022, D_year == 2024], [1.15, 0.85], 1.0)
D_price = np.round(
    np.array([210, 480, 260.0])[D_c]
    * yf
    * np.select([D_grade == "B", D_grade == "C"], [0.97, 0.9], 1.0)
    * (1 - 0.02 * np.maximum(D_m - TARGET[D_c], 0))
    + np.select([D_tier == "gold", D_tier == "silver"], [3, 1.5], 0)
    + rng.normal(0, 3, ND_),
    2,
)
D_settle = D_t + (1 + rng.exponential(10, ND_)) * DAY
D_spell = np.array([spell(c) for c in D_c], dtype=object)
D_field = np.where((rng.random(ND_) < 0.12) | (D_f < 0), -1, D_f)

# ---------------- purchases (candidates; the account decides)
COST = {"seed": [120, 65, 40], "fert_pre": [95, 30, 45], "side": 40, "top": 35, "herb": 28, "fung": 22}
CAT = {
    "seed": (["seed", "Seed", "SEED", "Seeds"], [0.5, 0.3, 0.1, 0.1]),
    "fertilizer": (["Fertilizer", "fertilizer", "fertiliser", "FERTILIZER", "Fert."], [0.4, 0.25, 0.15, 0.1, 0.1]),
    "chemical": (["Chemical", "chemical", "Agchem", "chemicals", "CHEM"], [0.4, 0.25, 0.15, 0.1, 0.1]),
}
PROD = {
    "seed": ["hybrid corn seed", "soybean seed", "wheat seed"],
    "fertilizer": ["anhydrous ammonia", "urea 46-0-0", "MAP 11-52-0", "UAN 28%", "potash 0-0-60"],
    "herb": ["glyphosate", "dicamba", "atrazine"],
    "fung": ["propiconazole", "azoxystrobin"],
}
PC = []  # (farm, t, kind, amount, product)
for k in range(NPL):
    f, s, c, t0 = PL[k]
    i = PL_i[k]
    a = fl_acres[f]
    L = f_L[i]
    ln = lambda: np.exp(rng.normal(0, 0.2))  # noqa: E731
    if rng.random() < sig(0.6 + L):
        PC.append((i, t0 - rng.uniform(5, 40) * DAY, "seed", a * COST["seed"][c] * ln(), PROD["seed"][c]))
    if c == 0:
        if rng.random() < sig(0.8 + 0.9 * L):
            PC.append((i, t0 - rng.uniform(0, 30) * DAY, "fertilizer", a * 95 * ln(), "anhydrous ammonia"))
        if rng.random() < sig(-0.5 + 0.9 * L):
            PC.append((i, dsec(f"{s}-06-05") + rng.uniform(0, 25) * DAY, "fertilizer", a * 40 * ln(), "UAN 28%"))
    elif c == 2:
        if rng.random() < sig(0.3 + 0.9 * L):
            PC.append((i, t0 + rng.uniform(-3, 5) * DAY, "fertilizer", a * 45 * ln(), "MAP 11-52-0"))
        if rng.random() < sig(0.3 + 0.9 * L):
            PC.append((i, dsec(f"{s}-03-01") + rng.uniform(0, 45) * DAY, "fertilizer", a * 35 * ln(), "urea 46-0-0"))
    elif rng.random() < 0.15:
        PC.append((i, t0 - rng.uniform(0, 30) * DAY, "fertilizer", a * 30 * ln(), "potash 0-0-60"))
    if (c != 2 or s < 2025) and rng.random() < sig(0.9 + 0.9 * L):
        ht = t0 + rng.uniform(10, 40) * DAY if c != 2 else dsec(f"{s}-04-01") + rng.uniform(0, 30) * DAY
        PC.append((i, ht, "herb", a * 28 * ln(), rng.choice(PROD["herb"])))
    if c != 2:
        wet = (f_reg[i] == 1 and s == 2022) or (f_reg[i] == 4 and s == 2024)
        if rng.random() < sig(-1.5 + 0.9 * L + 2 * wet):
            PC.append(
                (i, dsec(f"{s}-07-10") + rng.uniform(0, 31) * DAY, "fung", a * 22 * ln(), rng.choice(PROD["fung"]))
            )
for j in range(NVI):
    k = VI_k[j]
    i = PL_i[k]
    a = fl_acres[PL_f[k]]
    fd = VI_find[j]
    kind, p, cost, prod = {
        "nitrogen deficiency": ("fertilizer", 0.7, 40, "UAN 28%"),
        "fungal disease": ("fung", 0.7, 22, "azoxystrobin"),
        "weed pressure": ("herb", 0.6, 28, "dicamba"),
    }.get(fd, (None, 0, 0, None))
    if kind and rng.random() < p:
        PC.append((i, VI_t[j] + rng.uniform(2, 20) * DAY, kind, a * cost * np.exp(rng.normal(0, 0.2)), prod))
PC = [x for x in PC if member(x[0], x[1]) and x[1] <= TNOW]
PC.sort(key=lambda x: x[1])
NPC = len(PC)
PC_u = rng.random(NPC)
PC_credit_u = rng.random(NPC)

# ---------------- accounts: one chronological pass per farm
acct_limit = np.round(f_acres * 100 * rng.uniform(0.5, 1.5, NFM), -3)
acct_id = rng.choice(np.arange(3000, 9000), NFM, replace=False)
ev = {i: [] for i in range(NFM)}
for j, x in enumerate(PC):
    ev[x[0]].append((x[1], 1, j))
for j in range(ND_):
    ev[D_i[j]].append((D_settle[j], 2, j))
months = [secs(m) for m in pd.date_range("2022-01-01", "2024-12-01", freq="MS")]
for i in range(NFM):
    for m in months:
        ev[i].append((m + rng.uniform(0, 27) * DAY, 3, -1))
    if f_resign_t[i] < np.inf:
        ev[i].append((f_resign_t[i] + rng.uniform(5, 40) * DAY, 4, -1))
keep = np.zeros(NPC, bool)
on_credit = np.zeros(NPC, bool)
PAY = []  # (farm, t, amount, method)
for i in range(NFM):
    bal = 0.0
    for t, kind, j in sorted(ev[i]):
        if t > TNOW:
            break
        u = rng.random()
        if kind == 1:
            if PC_u[j] < (0.35 if bal > acct_limit[i] else 1.0):
                keep[j] = True
                if PC_credit_u[j] < f_credit[i]:
                    on_credit[j] = True
                    bal += PC[j][3]
        elif kind == 2 and member(i, t):
            if bal > 0 and u < 0.7:
                amt = min(bal, 0.5 * D_w[j] * D_price[j])
                PAY.append((i, t, amt, "offset"))
                bal -= amt
        elif kind == 3 and member(i, t) and t >= f_join[i]:
            if bal > 0 and u < sig(-0.3 + 0.8 * f_L[i]):
                amt = bal * rng.uniform(0.3, 1.0)
                PAY.append((i, t, amt, "direct"))
                bal -= amt
        elif kind == 4 and bal > 0 and u < 0.8:
            PAY.append((i, t, bal, "final"))
            bal = 0.0
PAY.sort(key=lambda x: x[1])
NPY = len(PAY)
P_i = np.array([p[0] for p in PAY])
P_t = np.array([p[1] for p in PAY])
P_amt = np.round(np.array([p[2] for p in PAY]), 2)
P_kind = np.array([p[3] for p in PAY], dtype=object)
P_method = np.where(
    P_kind == "offset",
    rng.choice(["grain offset", "Grain Offset", "grain offset "], NPY, p=[0.7, 0.25, 0.05]),
    rng.choice(["cheque", "Cheque", "ACH", "ach", "transfer"], NPY, p=[0.3, 0.15, 0.3, 0.1, 0.15]),
)

PC = [x for j, x in enumerate(PC) if keep[j]]
on_credit = on_credit[keep]
NPC = len(PC)
PC_i = np.array([x[0] for x in PC])
PC_t = np.array([x[1] for x in PC])
PC_kind = np.array([x[2] for x in PC], dtype=object)
PC_amt = np.round(np.array([x[3] for x in PC]), 2)
PC_prod = np.array([x[4] for x in PC], dtype=object)
PC_cat = np.where(PC_kind == "seed", "seed", np.where(PC_kind == "fertilizer", "fertilizer", "chemical"))
PC_spell = np.array([CAT[c][0][rng.choice(len(CAT[c][0]), p=CAT[c][1])] for c in PC_cat], dtype=object)
PC_unit = np.select([PC_cat == "seed", PC_cat == "fertilizer"], ["bag", "t"], "L")
PC_qty = np.round(PC_amt / np.select([PC_cat == "seed", PC_cat == "fertilizer"], [300, 650], 12), 1)
PC_elev = np.array([home_elev(i, t) for i, t in zip(PC_i, PC_t, strict=True)])
PC_due = np.where(on_credit, PC_t + 60 * DAY, np.nan)


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def dates(x):
    return pd.Series(ts(x)).dt.date


regions_out = regions
weather_out = weather[(w_day + 1) * DAY - 1 <= T]  # a day's row once the day is over
elevators_out = elevators[E_OPEN <= T]

dk = D_t <= T
last_del = pd.Series(D_t[dk]).groupby(D_i[dk]).max().reindex(range(NFM)).to_numpy()
farms = pd.DataFrame(
    {
        "farm_id": np.arange(1, NFM + 1),
        "farm_code": f_code,
        "region_id": f_reg + 1,
        "name": [f"{o} Farms" if j % 3 else f"{o} & Sons" for j, o in enumerate(f_owner)],
        "owner_name": [f"{a} {b}" for a, b in zip(f_first, f_owner, strict=True)],
        "phone": f_phone,
        "joined_on": dates(f_join),
        "total_acres": f_acres,
        "organic": f_org,
        "home_elevator_id": [home_elev(i, T) + 1 for i in range(NFM)],
        "tier": [tier(i, T) for i in range(NFM)],
        "status": np.where(f_resign_t <= T, "resigned", "active"),
        "resigned_on": dates(known(f_resign_t)),
        "last_delivery_at": ts(last_del),
    }
)[f_join <= T]

fields_out = fields[fl_created <= T]

plantings = pd.DataFrame(
    {
        "planting_id": np.arange(1, NPL + 1),
        "field_id": PL_f + 1,
        "season": PL_s,
        "crop": PL_spell,
        "planted_on": dates(PL_t),
        "variety": PL_var,
        "harvested_on": dates(known(HV)),
        "yield_t": np.where(HV <= T, np.round(YT, 1), np.nan),
    }
)[PL_t <= T]

deliveries = pd.DataFrame(
    {
        "delivery_id": np.arange(1, ND_ + 1),
        "ticket_no": [f"T{y % 100}-{j:06d}" for j, y in enumerate(D_year, start=1)],
        "farm_code": f_code[D_i],
        "field_id": pd.Series(np.where(D_field >= 0, D_field + 1, 0), dtype="Int64").where(D_field >= 0).to_numpy(),
        "elevator_id": D_elev + 1,
        "delivered_at": ts(D_t),
        "crop": D_spell,
        "net_weight_t": D_w,
        "moisture_pct": D_m,
        "grade": D_grade,
        "price_per_t": D_price,
        "settled_at": ts(known(D_settle)),
        "truck_plate": [
            f"{chr(65 + a)}{chr(65 + b)}{n}"
            for a, b, n in zip(
                rng.integers(0, 26, ND_), rng.integers(0, 26, ND_), rng.integers(100, 999, ND_), strict=True
            )
        ],
    }
)[dk]

purchases = pd.DataFrame(
    {
        "purchase_id": np.arange(1, NPC + 1),
        "farm_id": PC_i + 1,
        "elevator_id": PC_elev + 1,
        "purchased_at": ts(PC_t),
        "category": PC_spell,
        "product": PC_prod,
        "quantity": PC_qty,
        "unit": PC_unit,
        "amount": PC_amt,
        "on_credit": on_credit,
        "due_on": dates(PC_due),
    }
)[PC_t <= T]

pk = P_t <= T
ck = PC_t <= T
bal_T = (
    pd.Series(np.where(on_credit[ck], PC_amt[ck], 0.0))
    .groupby(PC_i[ck])
    .sum()
    .reindex(range(NFM), fill_value=0)
    .to_numpy()
    - pd.Series(P_amt[pk]).groupby(P_i[pk]).sum().reindex(range(NFM), fill_value=0).to_numpy()
)
last_pay = pd.Series(P_t[pk]).groupby(P_i[pk]).max().reindex(range(NFM)).to_numpy()
accounts = pd.DataFrame(
    {
        "account_id": acct_id,
        "farm_id": np.arange(1, NFM + 1),
        "opened_on": dates(f_join),
        "credit_limit": acct_limit,
        "balance": np.round(np.maximum(bal_T, 0), 2),
        "last_payment_at": ts(last_pay),
    }
)[f_join <= T]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NPY + 1),
        "account_id": acct_id[P_i],
        "paid_at": ts(P_t),
        "amount": P_amt,
        "method": P_method,
    }
)[pk]

NCT = len(CT)
C_i = np.array([c[0] for c in CT])
C_s = np.array([c[1] for c in CT])
C_c = np.array([c[2] for c in CT])
C_t = np.array([c[3] for c in CT])
C_ton = np.array([c[4] for c in CT])
C_ws = np.array([c[5] for c in CT])
C_we = np.array([c[6] for c in CT])
C_del = np.zeros(NCT)
for j in range(NCT):
    m = dk & (D_i == C_i[j]) & (D_c == C_c[j]) & (D_t >= C_ws[j]) & (D_t <= np.minimum(C_we[j], T)) & ~D_st
    C_del[j] = min(C_ton[j], D_w[m].sum())
closed = C_we < T
contracts = pd.DataFrame(
    {
        "contract_id": np.arange(1, NCT + 1),
        "farm_id": C_i + 1,
        "season": C_s,
        "crop": [CROPS[c] for c in C_c],
        "signed_at": ts(C_t),
        "tonnes": C_ton,
        "price_per_t": [c[7] for c in CT],
        "window_start": dates(C_ws),
        "window_end": dates(C_we),
        "status": np.where(~closed, "open", np.where(C_del >= 0.95 * C_ton, "fulfilled", "short")),
        "delivered_t": np.round(C_del, 1),
        "closed_at": ts(np.where(closed, C_we + 1, np.nan)),
    }
)[C_t <= T]

field_visits = pd.DataFrame(
    {
        "visit_id": np.arange(1, NVI + 1),
        "field_id": PL_f[VI_k] + 1,
        "farm_id": PL_i[VI_k] + 1,
        "agronomist": AGRO[f_reg[PL_i[VI_k]]],
        "visited_at": ts(VI_t),
        "finding": VI_find,
        "recommendation": [REC[x] for x in VI_find],
        "follow_up_on": dates(np.where(VI_find != "ok", VI_t + 21 * DAY, np.nan)),
    }
)[VI_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE regions (region_id INTEGER PRIMARY KEY, name VARCHAR, soil VARCHAR, avg_rain_mm DOUBLE);
CREATE TABLE elevators (elevator_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(region_id), name VARCHAR,
                        capacity_t DOUBLE, opened_on DATE);
CREATE TABLE farms (farm_id INTEGER PRIMARY KEY, farm_code VARCHAR UNIQUE, region_id INTEGER REFERENCES regions(region_id),
                    name VARCHAR, owner_name VARCHAR, phone VARCHAR, joined_on DATE, total_acres DOUBLE,
                    organic BOOLEAN, home_elevator_id INTEGER, tier VARCHAR, status VARCHAR, resigned_on DATE,
                    last_delivery_at TIMESTAMP);
CREATE TABLE fields (field_id INTEGER PRIMARY KEY, farm_id INTEGER REFERENCES farms(farm_id), field_name VARCHAR,
                     acres DOUBLE, irrigated BOOLEAN, soil_ph DOUBLE);
CREATE TABLE plantings (planting_id INTEGER PRIMARY KEY, field_id INTEGER REFERENCES fields(field_id), season INTEGER,
                        crop VARCHAR, planted_on DATE, variety VARCHAR, harvested_on DATE, yield_t DOUBLE);
CREATE TABLE deliveries (delivery_id INTEGER PRIMARY KEY, ticket_no VARCHAR, farm_code VARCHAR, field_id INTEGER,
                         elevator_id INTEGER, delivered_at TIMESTAMP, crop VARCHAR, net_weight_t DOUBLE,
                         moisture_pct DOUBLE, grade VARCHAR, price_per_t DOUBLE, settled_at TIMESTAMP,
                         truck_plate VARCHAR);
CREATE TABLE purchases (purchase_id INTEGER PRIMARY KEY, farm_id INTEGER, elevator_id INTEGER, purchased_at TIMESTAMP,
                        category VARCHAR, product VARCHAR, quantity DOUBLE, unit VARCHAR, amount DOUBLE,
                        on_credit BOOLEAN, due_on DATE);
CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, farm_id INTEGER REFERENCES farms(farm_id), opened_on DATE,
                       credit_limit DOUBLE, balance DOUBLE, last_payment_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, account_id INTEGER, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
CREATE TABLE contracts (contract_id INTEGER PRIMARY KEY, farm_id INTEGER, season INTEGER, crop VARCHAR,
                        signed_at TIMESTAMP, tonnes DOUBLE, price_per_t DOUBLE, window_start DATE, window_end DATE,
                        status VARCHAR, delivered_t DOUBLE, closed_at TIMESTAMP);
CREATE TABLE weather (region_id INTEGER, obs_date DATE, rain_mm DOUBLE, tmax_c DOUBLE, tmin_c DOUBLE, wind_kmh DOUBLE);
CREATE TABLE field_visits (visit_id INTEGER PRIMARY KEY, field_id INTEGER, farm_id INTEGER, agronomist VARCHAR,
                           visited_at TIMESTAMP, finding VARCHAR, recommendation VARCHAR, follow_up_on DATE);
""")
for name, df in [
    ("regions", regions_out),
    ("elevators", elevators_out),
    ("farms", farms),
    ("fields", fields_out),
    ("plantings", plantings),
    ("deliveries", deliveries),
    ("purchases", purchases),
    ("accounts", accounts),
    ("payments", payments),
    ("contracts", contracts),
    ("weather", weather_out),
    ("field_visits", field_visits),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
