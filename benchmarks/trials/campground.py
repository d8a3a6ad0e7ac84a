"""A network of campgrounds (parks, sites of several types, guests, reservations booked weeks ahead with arrival and
departure dates, cancellations, check-ins, add-on purchases, reviews written after stays, a loyalty tier kept
current with its change log, maintenance closures of sites), seeded:
`python benchmarks/trials/campground.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 parks, 544 sites, 7,000 guests, 29.4k
reservations (975 arriving in 2025), 22.4k check-ins, 47k add-ons, 9.5k reviews, 1.2k closures, 9.1k tier changes
(about 126k rows, 8 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: reservations.arrival_date / departure_date (booked 0-300 days ahead, so
2025 stays booked in late 2024) and closures.starts_on / ends_on (planned closures announced 10-60 days ahead).
Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- parks (12): park_type mountain (3), lake (4), coastal (3), desert (2), region west/midwest/northeast/southwest
  (hidden, from the state); park_type drives seasonality of arrivals (a parent attribute): mountain closed Nov-Apr,
  peak Jul-Aug; lake and coastal summer peaks (coastal floor .25, lake .1); desert peaks Dec-Mar and is near-empty
  Jun-Aug; quality q ~ N(0, .5) (hidden) drives ratings and choice; park 12 (lake) opens 2024-05-01 with its sites;
  elevation_m and phone are noise
- sites (544): site_code TEXT key 'P03-S017'; site_type tent / rv / cabin / yurt stored MESSY ('tent', 'Tent',
  'TENT ', 'Tent site', 'rv', 'RV', 'RV Full Hookup', 'rv_full', 'cabin', 'Cabin', 'yurt', 'Yurt'); desert parks mostly
  rv; nightly_rate TODAY's (raised 6% on 2024-01-01 and 4% on 2024-11-01; reservations.quoted_total holds the rate at
  booking); status TODAY's ('open' / 'closed' while a closure covers the present); last_maintenance_at TODAY's
- guests (~7,000): 3,500 before the span (30% already lapsed at START), 3,500 sign up during it (spring-heavy, each
  books on its signup day); outdoorsy o ~ N(0, 1) drives booking rate exp(o) x 2.8/year x booking season (Jan-May
  1.3, Jun-Aug 1.0, Sep-Dec .7); flakiness f ~ N(0, 1) drives cancellations and no-shows; spender s ~ LogNormal(0, .6)
  drives add-ons; home_state messy ('CA', 'ca', 'California', 'Calif.', ...; region hidden) picks parks in its
  region x4; a preferred site type (p .8 kept)
- churn (hidden): an active guest lapses with hazard 1/900 per day x 2 until its 2nd stay x (1 + 1.5 bad) x .6 gold,
  bad = park-cancelled bookings (closures) + reviews rated <= 2; lapsed guests book nothing more
- loyalty (kept current): tier from nights stayed in the trailing 365 days (bronze >= 4, silver >= 10, gold >= 20),
  re-evaluated at each check-out and on the 1st of each month; every change logged in tier_changes (old_tier,
  new_tier, changed_at); guests.loyalty_tier TODAY's; tier boosts booking rate x1 / 1.1 / 1.25 / 1.4 and discounts
  0 / 5 / 10 / 15%; guests.total_nights TODAY's (includes pre-span nights), guests.last_stay_at TODAY's;
  referral_code and marketing_opt_in noise; email NULL 10%
- booking: lead 30% U(0, 14) days else Exp(60) capped 300; arrival accepted by season of the park mix; Friday
  arrivals x2.5, Saturday x1.5, other days x.7, holiday weekends (Memorial, July 4, Labor Day) x1.6; nights tent
  1 + Poisson(1), rv 1 + Poisson(2.5), cabin/yurt 2 + Poisson(1.5); a free site of the type in the park or lost;
  quoted_total = nights x rate x (1.15 weekend nights) x (1 - tier discount); channel messy ('web', 'Web', 'WEB',
  'app', 'App', 'phone', 'Phone ', 'walk-in', 'Walk In'); walk-ins lead 0
- cancellations: the guest cancels with p sig(-2.2 + .9 f + .008 lead), at a uniform time between booking and
  arrival; the park cancels bookings overlapping a closure when it is reported (cancelled_by 'park');
  reservations.status TODAY's ('booked', 'checked_in', 'completed', 'cancelled', 'no_show'); cancelled_at and
  cancelled_by filled in later
- no-show p sig(-3.2 + .9 f + .6 (lead > 90)), marked at the end of the arrival day; otherwise a check-in 14-21h of the
  arrival day (checkins.site_code repeats the site), checked_out_at filled in later (departure day 8-12h); gate noise,
  vehicle_plate noise
- add-ons (guest_id and res_id): Poisson(nights x .7 x s x type factor (tent 1.2, rv .6, cabin 1, yurt 1)) items
  during the stay, item by site type and park (kayak_rental at lake/coastal in Jun-Sep); item MESSY ('firewood',
  'Firewood', 'FIREWOOD ', 'ice', 'Ice', 'propane', 'kayak_rental', 'Kayak Rental', ...); amount = qty x price
- reviews (~40% of stays, p sig(-.6 + .3 o)): written Exp(3) days after check-out; rating = round(3.7 + q + .3 cabin
  - .8 (a closure at a neighbouring site, +-2 in the park's numbering, during the stay: hidden) + N(0, .9))
  clipped 1-5; helpful_votes TODAY's (votes arrive over time); text_len noise; reviews.park_id declared REFERENCES parks
- closures (~1,200): per open site hazard 1/350 per day (x2 coastal Sep-Nov: storms); 40% emergency (start the day
  reported, 1-10 days), 60% planned (announced 10-60 days ahead, 2-14 days, off-season of the park); reason messy
  case; resolved_at filled in later
- keys: PK declared on parks, sites (site_code VARCHAR), guests, reservations, checkins, addons, reviews, closures;
  tier_changes has none; REFERENCES only sites -> parks and reviews -> parks. Undeclared: reservations (guest_id,
  site_code text), checkins (res_id, site_code), addons (res_id, guest_id), reviews (res_id, guest_id),
  closures.site_code, tier_changes.guest_id
- `python campground.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
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
NDT = ND + 330
T = (CUT - START).total_seconds()


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def dates(d):
    return (START + pd.to_timedelta(np.asarray(d, float), unit="D")).date


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


DAYS = pd.date_range(START, periods=NDT, freq="D")
MON = DAYS.month.values
DOW = DAYS.day_of_week.values
DOY = DAYS.day_of_year.values
# holiday weekends: Memorial Day (last Mon of May), July 4, Labor Day (1st Mon of Sep): the 3 days before
HOL = np.zeros(NDT, bool)
for y in (2023, 2024, 2025):
    mem = max(d for d in pd.date_range(f"{y}-05-25", f"{y}-05-31") if d.day_of_week == 0)
    lab = min(d for d in pd.date_range(f"{y}-09-01", f"{y}-09-07") if d.day_of_week == 0)
    for h in (mem, pd.Timestamp(f"{y}-07-04"), lab):
        k = (h - START).days
        HOL[max(k - 3, 0) : max(min(k + 1, NDT), 0)] = True

# season per park type (0 mountain, 1 lake, 2 coastal, 3 desert) by arrival day
summer = np.cos(2 * np.pi * (DOY - 205) / 365.25)
SEAS = np.zeros((4, NDT))
SEAS[0] = np.select([MON <= 4, MON == 5, MON == 6, MON <= 8, MON == 9, MON == 10], [0, 0.4, 0.9, 1, 0.7, 0.3], 0)
SEAS[1] = 0.1 + 0.9 * np.clip(0.5 + 0.6 * summer, 0, 1)
SEAS[2] = 0.25 + 0.75 * np.clip(0.5 + 0.55 * summer, 0, 1)
SEAS[3] = np.array([1, 1, 1, 0.7, 0.3, 0.1, 0.1, 0.1, 0.3, 0.7, 1, 1])[MON - 1]
DOWF = np.array([0.7, 0.7, 0.7, 0.7, 2.5, 1.5, 0.7])[DOW] * np.where(HOL, 1.6, 1.0)
BOOKSEAS = np.select([MON <= 5, MON <= 8], [1.3, 1.0], 0.7)

# ---------------- parks
PTYPES = np.array(["mountain", "lake", "coastal", "desert"])
REGIONS = ["west", "midwest", "northeast", "southwest"]
park_rows = [
    ("Aspen Ridge", 0, "CO", 3),
    ("Glacier Pass", 0, "MT", 0),
    ("Teton Hollow", 0, "WY", 0),
    ("Loon Lake", 1, "MN", 1),
    ("Pictured Shores", 1, "MI", 1),
    ("Door Peninsula", 1, "WI", 1),
    ("Big Sur Bluffs", 2, "CA", 0),
    ("Cannon Cove", 2, "OR", 0),
    ("Acadia Pines", 2, "ME", 2),
    ("Saguaro Flats", 3, "AZ", 3),
    ("Red Rock Mesa", 3, "UT", 3),
    ("Finger Lakes Landing", 1, "NY", 2),
]
NPK = len(park_rows)
pk_type = np.array([r[1] for r in park_rows])
pk_region = np.array([r[3] for r in park_rows])
pk_q = rng.normal(0, 0.5, NPK)
pk_open = np.array([secs("2008-05-01") + rng.uniform(0, 4000) * DAY for _ in range(NPK)])
pk_open[11] = secs("2024-05-01") + 8 * 3600
pk_price = np.exp(rng.normal(0, 0.15, NPK))

# ---------------- sites
TYPES = np.array(["tent", "rv", "cabin", "yurt"])
TYPE_MIX = {0: [0.5, 0.25, 0.2, 0.05], 1: [0.45, 0.3, 0.2, 0.05], 2: [0.45, 0.3, 0.15, 0.1], 3: [0.2, 0.7, 0.1, 0.0]}
BASE_RATE = np.array([32.0, 58.0, 120.0, 85.0])
S_park, S_type = [], []
for p in range(NPK):
    n = int(rng.integers(36, 58))
    S_park += [p] * n
    S_type += list(rng.choice(4, n, p=TYPE_MIX[pk_type[p]]))
S_park = np.array(S_park)
S_type = np.array(S_type)
NS = len(S_park)
S_code = np.array(
    [
        f"P{p + 1:02d}-S{i + 1:03d}"
        for p, i in zip(S_park, np.concatenate([np.arange((S_park == p).sum()) for p in range(NPK)]), strict=True)
    ]
)
S_built = pk_open[S_park] - rng.uniform(0, 30, NS) * DAY
S_built[S_park == 11] = pk_open[11] + rng.uniform(0, 0.2, (S_park == 11).sum()) * DAY
S_rate0 = np.round(BASE_RATE[S_type] * pk_price[S_park] * np.exp(rng.normal(0, 0.08, NS)), 0)
RATE_UPS = [(secs("2024-01-01"), 1.06), (secs("2024-11-01"), 1.04)]


def rate_at(s, t):
    r = S_rate0[s]
    for tu, f in RATE_UPS:
        if t >= tu:
            r = r * f
    return np.round(r, 0)


S_spell = {
    0: (["tent", "Tent", "TENT ", "Tent site"], [0.55, 0.25, 0.1, 0.1]),
    1: (["rv", "RV", "RV Full Hookup", "rv_full"], [0.4, 0.3, 0.2, 0.1]),
    2: (["cabin", "Cabin"], [0.7, 0.3]),
    3: (["yurt", "Yurt"], [0.7, 0.3]),
}
S_typetxt = np.array([rng.choice(S_spell[k][0], p=S_spell[k][1]) for k in S_type], dtype=object)
S_occ = np.where(S_type == 0, rng.choice([4, 6], NS), np.where(S_type == 1, 6, rng.choice([4, 6, 8], NS)))
S_elec = (S_type != 0) | (rng.random(NS) < 0.3)

# ---------------- guests
NG = 7000
g_old = np.arange(NG) < 3500
new_days = rng.choice(ND - 1, NG, p=(BOOKSEAS[: ND - 1] / BOOKSEAS[: ND - 1].sum()))
g_created = np.where(
    g_old, secs("2018-01-01") + rng.uniform(0, 5 * 365 - 1, NG) * DAY, new_days * DAY + rng.uniform(8, 22, NG) * 3600
)
g_o = rng.normal(0, 1, NG)
g_f = rng.normal(0, 1, NG)
g_s = np.exp(rng.normal(0, 0.6, NG))
g_region = rng.choice(4, NG, p=[0.35, 0.25, 0.2, 0.2])
STATES = {
    0: (["CA", "ca", "California", "Calif.", "OR", "WA", "wa", "CO", "Colorado"], None),
    1: (["MN", "mn", "Minnesota", "IL", "Illinois", "WI", "MI"], None),
    2: (["NY", "ny", "New York", "MA", "Mass.", "ME", "PA"], None),
    3: (["AZ", "az", "Arizona", "NV", "UT", "Utah", "NM"], None),
}
g_state = np.array([rng.choice(STATES[r][0]) for r in g_region], dtype=object)
g_state[rng.random(NG) < 0.02] = None
g_pref = rng.choice(4, NG, p=[0.45, 0.35, 0.15, 0.05])
g_email = np.where(rng.random(NG) < 0.1, None, np.array([f"camper{i}@mail.example" for i in range(1, NG + 1)]))
g_ref = np.array([f"R{rng.integers(10**5, 10**6)}" if rng.random() < 0.3 else None for _ in range(NG)], dtype=object)
g_optin = rng.random(NG) < 0.55
g_active = ~(g_old & (rng.random(NG) < 0.3))
g_lapse = np.where(g_active, np.inf, -DAY)
g_stays = np.where(g_old, rng.integers(1, 4, NG), 0)
g_bad = np.zeros(NG)
# pre-span nights (not in the tables): a ledger of (day, nights) in 2022 for tier and total_nights
pre_n = np.where(g_old & g_active, rng.poisson(np.exp(g_o) * 3), np.where(g_old, rng.poisson(2, NG), 0))
pre_day = -rng.uniform(1, 365, NG)
ledger = [[(pre_day[g], pre_n[g])] if pre_n[g] > 0 else [] for g in range(NG)]
TIERS = np.array(["none", "bronze", "silver", "gold"])
TIER_BOOST = np.array([1.0, 1.1, 1.25, 1.4])
TIER_DISC = np.array([0.0, 0.05, 0.10, 0.15])


def tier_of(g, d):
    n = sum(k for dd, k in ledger[g] if d - 365 < dd <= d)
    return 3 if n >= 20 else 2 if n >= 10 else 1 if n >= 4 else 0


g_tier0 = np.array([tier_of(g, 0) for g in range(NG)])
g_tier = g_tier0.copy()
TC = []  # (guest, t, old, new)

# ---------------- simulation state
occ = np.full((NS, NDT), -1, dtype=np.int64)  # reservation holding the site-night
closed = np.zeros((NS, NDT), bool)
R = dict(g=[], s=[], bt=[], arr=[], n=[], party=[], chan=[], total=[], ct=[], cby=[], lead=[])
arr_bucket = [[] for _ in range(NDT)]
cancel_bucket = [[] for _ in range(NDT)]
CL = []  # closures: (site, reported_t, start_day, end_day, reason, emergency)
CHAN = ["web", "Web", "WEB", "app", "App", "phone", "Phone ", "walk-in", "Walk In"]
CHAN_P = [0.35, 0.1, 0.03, 0.22, 0.05, 0.12, 0.05, 0.05, 0.03]
affin = np.where(pk_region[None, :] == g_region[:, None], 4.0, 1.0) * np.exp(pk_q)[None, :]
park_sites = {(p, k): np.nonzero((S_park == p) & (S_type == k))[0] for p in range(NPK) for k in range(4)}
checkin = {}  # res -> (in_t, out_t)
noshow = {}
dep_bucket = [[] for _ in range(NDT)]
REV = []  # (res, t, rating)
park_rank = np.concatenate([np.arange((S_park == p).sum()) for p in range(NPK)])


def park_ok(d):
    return pk_open <= d * DAY + DAY


def try_book(g, bt, walk_in=False):
    d = int(bt // DAY)
    for _ in range(4):
        lead = 0 if walk_in else (int(rng.uniform(0, 14)) if rng.random() < 0.3 else int(min(rng.exponential(60), 300)))
        a = d + lead
        if a >= NDT - 20:
            continue
        w = affin[g] * SEAS[pk_type, a] * park_ok(a)
        if w.sum() <= 0:
            continue
        acc = min(1.0, (w.sum() / (affin[g].sum())) * DOWF[a] / 1.2)
        if rng.random() > acc:
            continue
        p = rng.choice(NPK, p=w / w.sum())
        k = g_pref[g] if rng.random() < 0.8 else rng.choice(4, p=[0.45, 0.35, 0.15, 0.05])
        n = int(1 + rng.poisson(1)) if k == 0 else int(1 + rng.poisson(2.5)) if k == 1 else int(2 + rng.poisson(1.5))
        if DOW[a] == 4 and rng.random() < 0.6:
            n = max(n, 2)
        n = min(n, 14)
        cands = park_sites[(p, k)]
        if len(cands) == 0:
            continue
        cands = cands[S_built[cands] <= a * DAY]
        free = cands[(occ[cands, a : a + n] < 0).all(axis=1) & ~closed[cands, a : a + n].any(axis=1)]
        if len(free) == 0:
            continue
        s = int(rng.choice(free))
        i = len(R["g"])
        occ[s, a : a + n] = i
        wk = ((DOW[a : a + n] == 4) | (DOW[a : a + n] == 5)).sum()
        nightly = rate_at(s, bt)
        total = (nightly * n + 0.15 * nightly * wk) * (1 - TIER_DISC[g_tier[g]])
        R["g"].append(g)
        R["s"].append(s)
        R["bt"].append(bt)
        R["arr"].append(a)
        R["n"].append(n)
        R["party"].append(int(rng.integers(1, min(S_occ[s], 6) + 1)))
        R["chan"].append("walk-in" if walk_in else rng.choice(CHAN[:7], p=np.array(CHAN_P[:7]) / sum(CHAN_P[:7])))
        R["total"].append(round(float(total), 2))
        R["lead"].append(lead)
        ct, cby = np.inf, None
        if not walk_in and rng.random() < sig(-2.2 + 0.9 * g_f[g] + 0.008 * lead):
            ct = bt + rng.uniform(0.02, 1) * (a * DAY + 15 * 3600 - bt)
            cby = "guest"
            cancel_bucket[int(ct // DAY)].append(i)
        R["ct"].append(ct)
        R["cby"].append(cby)
        arr_bucket[a].append(i)
        return True
    return False


def free_res(i):
    s, a, n = R["s"][i], R["arr"][i], R["n"][i]
    seg = occ[s, a : a + n]
    seg[seg == i] = -1


def add_nights(g, d, n):
    ledger[g].append((d, n))


def retier(g, t, d):
    nt = tier_of(g, d)
    if nt != g_tier[g]:
        TC.append((g, t, g_tier[g], nt))
        g_tier[g] = nt


for d in range(ND):
    t0 = d * DAY
    # monthly tier sweep
    if DAYS[d].day == 1:
        for g in np.nonzero((g_created <= t0) & (g_tier > 0))[0]:
            retier(g, t0 + 2 * 3600, d)
    # closures reported today
    openp = (S_built <= t0) & ~closed[:, d]
    stormy = (pk_type[S_park] == 2) & (MON[d] >= 9) & (MON[d] <= 11)
    for s in np.nonzero(openp & (rng.random(NS) < np.where(stormy, 2, 1) / 350))[0]:
        rt = t0 + rng.uniform(7, 18) * 3600
        emerg = rng.random() < 0.4
        if emerg:
            sd, ln = d, int(rng.integers(1, 11))
            reason = rng.choice(["storm damage", "Storm Damage", "plumbing", "electrical", "pest", "tree down"])
        else:
            sd = d + int(rng.integers(10, 61))
            for _ in range(10):  # push a planned closure toward the park's off-season
                if sd >= NDT - 20 or SEAS[pk_type[S_park[s]], sd] <= 0.4:
                    break
                sd += 14
            ln = int(rng.integers(2, 15))
            reason = rng.choice(["resurfacing", "Resurfacing", "plumbing", "Plumbing", "electrical", "pad repair"])
        if sd + ln >= NDT:
            continue
        closed[s, sd : sd + ln] = True
        CL.append((s, rt, sd, sd + ln, reason, emerg))
        seg = occ[s, sd : sd + ln]
        for i in set(seg[seg >= 0].tolist()):
            if R["ct"][i] <= rt or R["arr"][i] <= d:
                continue
            R["ct"][i] = rt
            R["cby"][i] = "park"
            free_res(i)
            g_bad[R["g"][i]] += 1
    # guest cancellations today free their nights
    for i in cancel_bucket[d]:
        if R["cby"][i] == "guest":
            free_res(i)
    # new guests book on their signup day
    for g in np.nonzero((g_created >= t0) & (g_created < t0 + DAY))[0]:
        try_book(g, g_created[g] + 600)
    # bookings of active guests
    live = (g_created < t0) & (g_lapse > t0)
    lam = np.exp(g_o) * 2.8 / 365 * BOOKSEAS[d] * TIER_BOOST[g_tier]
    for g in np.nonzero(live & (rng.random(NG) < lam))[0]:
        try_book(g, t0 + rng.uniform(6, 23) * 3600, walk_in=rng.random() < 0.04)
    # arrivals today
    for i in arr_bucket[d]:
        if R["ct"][i] < np.inf:
            continue
        g = R["g"][i]
        if rng.random() < sig(-3.2 + 0.9 * g_f[g] + 0.6 * (R["lead"][i] > 90)):
            noshow[i] = t0 + DAY - 1
            free_res(i)
            continue
        a, n = R["arr"][i], R["n"][i]
        checkin[i] = (t0 + rng.uniform(14, 21) * 3600, (a + n) * DAY + rng.uniform(8, 12) * 3600)
        dep_bucket[a + n].append(i)
    # departures today: nights count, tier, review
    for i in dep_bucket[d]:
        g, s, a, n = R["g"][i], R["s"][i], R["arr"][i], R["n"][i]
        tout = checkin[i][1]
        add_nights(g, d, n)
        g_stays[g] += 1
        retier(g, tout + 60, d)
        if rng.random() < sig(-0.6 + 0.3 * g_o[g]):
            nb = (S_park == S_park[s]) & (np.abs(park_rank - park_rank[s]) <= 2) & (np.arange(NS) != s)
            hit = closed[nb, a : a + n].any()
            z = 3.7 + pk_q[S_park[s]] + 0.3 * (S_type[s] == 2) - 0.8 * hit + rng.normal(0, 0.9)
            r = int(np.clip(np.round(z), 1, 5))
            REV.append((i, tout + rng.exponential(3) * DAY, r))
            if r <= 2:
                g_bad[g] += 1
    # churn
    h = np.where(g_stays < 2, 2.0, 1.0) * (1 + 1.5 * np.minimum(g_bad, 2)) * np.where(g_tier == 3, 0.6, 1.0) / 900
    lap = live & (rng.random(NG) < h)
    g_lapse[lap] = t0 + rng.uniform(0, DAY, lap.sum())


# ---------------- derived draws (all before any cut)
NR = len(R["g"])
R_g = np.array(R["g"])
R_s = np.array(R["s"])
R_bt = np.array(R["bt"])
R_arr = np.array(R["arr"])
R_n = np.array(R["n"])
R_ct = np.array(R["ct"])
R_cby = np.array(R["cby"], dtype=object)
R_ns = np.array([noshow.get(i, np.inf) for i in range(NR)])
R_chan = np.array(R["chan"], dtype=object)
R_chan[R_chan == "walk-in"] = rng.choice(["walk-in", "Walk In"], (R_chan == "walk-in").sum(), p=[0.6, 0.4])
R_code = np.array([f"{c}{rng.integers(10**5, 10**6)}" for c in rng.choice(list("ABCDEFGHJK"), NR)])

CI = np.array(sorted(checkin))
CI_in = np.array([checkin[i][0] for i in CI])
CI_out = np.array([checkin[i][1] for i in CI])
CI_gate = rng.choice(["A", "B", "main"], len(CI))
CI_plate = [f"{rng.integers(100, 999)}-{''.join(rng.choice(list('ABCDEFGHJKLMNPRSTUVWXYZ'), 3))}" for _ in CI]

# add-ons during stays
ITEMS = {
    "firewood": (["firewood", "Firewood", "FIREWOOD ", "fire wood"], 9.0),
    "ice": (["ice", "Ice", "ICE"], 4.0),
    "propane": (["propane", "Propane", "propane refill"], 22.0),
    "dump_station": (["dump_station", "Dump Station"], 15.0),
    "linens": (["linens", "Linens", "linen pack"], 18.0),
    "late_checkout": (["late_checkout", "Late Checkout", "late check-out"], 25.0),
    "kayak_rental": (["kayak_rental", "Kayak Rental", "kayak"], 35.0),
    "shower_token": (["shower_token", "Shower Token", "shower"], 2.0),
}
ITEM_BY_TYPE = {
    0: (["firewood", "ice", "shower_token", "kayak_rental"], [0.45, 0.25, 0.2, 0.1]),
    1: (["propane", "dump_station", "firewood", "ice", "kayak_rental"], [0.3, 0.3, 0.2, 0.1, 0.1]),
    2: (["linens", "late_checkout", "firewood", "kayak_rental"], [0.35, 0.2, 0.3, 0.15]),
    3: (["linens", "firewood", "late_checkout", "kayak_rental"], [0.3, 0.4, 0.15, 0.15]),
}
TYPE_F = np.array([1.2, 0.6, 1.0, 1.0])
AD = dict(res=[], g=[], t=[], item=[], qty=[], amt=[])
for i, tin, tout in zip(CI, CI_in, CI_out, strict=True):
    s, g = R_s[i], R_g[i]
    k = S_type[s]
    for _ in range(rng.poisson(R_n[i] * 0.7 * g_s[g] * TYPE_F[k])):
        names, p = ITEM_BY_TYPE[k]
        it = rng.choice(names, p=p)
        m = MON[R_arr[i]]
        if it == "kayak_rental" and not (pk_type[S_park[s]] in (1, 2) and 6 <= m <= 9):
            it = names[0]
        q = int(rng.integers(1, 4)) if it in ("firewood", "ice", "shower_token") else 1
        AD["res"].append(i)
        AD["g"].append(g)
        AD["t"].append(tin + rng.uniform(0.01, 0.98) * (tout - tin))
        AD["item"].append(rng.choice(ITEMS[it][0], p=[0.6] + [0.4 / (len(ITEMS[it][0]) - 1)] * (len(ITEMS[it][0]) - 1)))
        AD["qty"].append(q)
        AD["amt"].append(round(q * ITEMS[it][1] * pk_price[S_park[s]], 2))
A_t = np.array(AD["t"])
ao = np.argsort(A_t, kind="stable")

# reviews and their votes
RV_res = np.array([r[0] for r in REV])
RV_t = np.array([r[1] for r in REV])
RV_rating = np.array([r[2] for r in REV])
RV_len = rng.integers(20, 1200, len(REV))
vote_times = [RV_t[j] + rng.exponential(30, rng.poisson(2.5)) * DAY for j in range(len(REV))]

# closures
C_s = np.array([c[0] for c in CL])
C_rt = np.array([c[1] for c in CL])
C_sd = np.array([c[2] for c in CL])
C_ed = np.array([c[3] for c in CL])
C_reason = np.array([c[4] for c in CL], dtype=object)
C_res = C_ed * DAY + rng.uniform(-1.5, 1.0, len(CL)) * DAY
C_res = np.maximum(C_res, C_sd * DAY + 3600)

TC_g = np.array([x[0] for x in TC])
TC_t = np.array([x[1] for x in TC])
TC_old = np.array([x[2] for x in TC])
TC_new = np.array([x[3] for x in TC])

# ---------------- tables as they stood at CUT
parks = pd.DataFrame(
    {
        "park_id": np.arange(1, NPK + 1),
        "name": [r[0] for r in park_rows],
        "state": [r[2] for r in park_rows],
        "park_type": PTYPES[pk_type],
        "elevation_m": rng.integers(5, 2900, NPK),
        "phone": [f"555-{rng.integers(1000, 9999)}" for _ in range(NPK)],
        "opened_on": ts(pk_open).date,
    }
)[pk_open <= T]

cl_known = C_rt <= T
cur_closed = cl_known & (C_sd * DAY <= T) & (np.minimum(C_res, C_ed * DAY) > T)
last_maint = pd.Series(C_rt[cl_known]).groupby(C_s[cl_known]).max().reindex(range(NS)).to_numpy()
sites = pd.DataFrame(
    {
        "site_code": S_code,
        "park_id": S_park + 1,
        "site_type": S_typetxt,
        "max_occupancy": S_occ,
        "has_electric": S_elec,
        "nightly_rate": [rate_at(s, T) for s in range(NS)],
        "status": np.where(np.isin(np.arange(NS), C_s[cur_closed]), "closed", "open"),
        "last_maintenance_at": ts(last_maint),
        "built_at": ts(S_built),
    }
)[S_built <= T]

tier_cut = g_tier0.copy()
for g, t, new in zip(TC_g, TC_t, TC_new, strict=True):  # TC is in time order
    if t <= T:
        tier_cut[g] = new
out_known = CI_out <= T
nights_cut = pre_n + np.bincount(R_g[CI[out_known]], weights=R_n[CI[out_known]], minlength=NG).astype(int)
last_stay = pd.Series(CI_out[out_known]).groupby(R_g[CI[out_known]]).max().reindex(range(NG)).to_numpy()
guests = pd.DataFrame(
    {
        "guest_id": np.arange(1, NG + 1),
        "email": g_email,
        "home_state": g_state,
        "created_at": ts(g_created),
        "marketing_opt_in": g_optin,
        "referral_code": g_ref,
        "loyalty_tier": TIERS[tier_cut],
        "total_nights": nights_cut,
        "last_stay_at": ts(last_stay),
    }
)[g_created <= T]

ct_known = R_ct <= T
in_t = np.full(NR, np.inf)
in_t[CI] = CI_in
out_t = np.full(NR, np.inf)
out_t[CI] = CI_out
r_status = np.select(
    [ct_known, R_ns <= T, out_t <= T, in_t <= T], ["cancelled", "no_show", "completed", "checked_in"], "booked"
)
reservations = pd.DataFrame(
    {
        "res_id": np.arange(1, NR + 1),
        "confirmation_code": R_code,
        "guest_id": R_g + 1,
        "site_code": S_code[R_s],
        "booked_at": ts(R_bt),
        "arrival_date": dates(R_arr),
        "departure_date": dates(R_arr + R_n),
        "nights": R_n,
        "party_size": R["party"],
        "channel": R_chan,
        "quoted_total": R["total"],
        "status": r_status,
        "cancelled_at": ts(np.where(ct_known, R_ct, np.nan)),
        "cancelled_by": np.where(ct_known, R_cby, None),
    }
)[R_bt <= T]

checkins = pd.DataFrame(
    {
        "checkin_id": np.arange(1, len(CI) + 1),
        "res_id": CI + 1,
        "site_code": S_code[R_s[CI]],
        "checked_in_at": ts(CI_in),
        "checked_out_at": ts(known(CI_out)),
        "gate": CI_gate,
        "vehicle_plate": CI_plate,
    }
)[CI_in <= T]

addons = pd.DataFrame(
    {
        "addon_id": np.arange(1, len(ao) + 1),
        "res_id": np.array(AD["res"])[ao] + 1,
        "guest_id": np.array(AD["g"])[ao] + 1,
        "purchased_at": ts(A_t[ao]),
        "item": np.array(AD["item"], dtype=object)[ao],
        "qty": np.array(AD["qty"])[ao],
        "amount": np.array(AD["amt"])[ao],
    }
)[A_t[ao] <= T]

ro = np.argsort(RV_t, kind="stable")
reviews = pd.DataFrame(
    {
        "review_id": np.arange(1, len(ro) + 1),
        "res_id": RV_res[ro] + 1,
        "guest_id": R_g[RV_res[ro]] + 1,
        "park_id": S_park[R_s[RV_res[ro]]] + 1,
        "written_at": ts(RV_t[ro]),
        "rating": RV_rating[ro],
        "text_len": RV_len[ro],
        "helpful_votes": [int((vote_times[j] <= T).sum()) for j in ro],
    }
)[RV_t[ro] <= T]

closures = pd.DataFrame(
    {
        "closure_id": np.arange(1, len(CL) + 1),
        "site_code": S_code[C_s],
        "reported_at": ts(C_rt),
        "starts_on": dates(C_sd),
        "ends_on": dates(C_ed),
        "reason": C_reason,
        "resolved_at": ts(known(C_res)),
    }
)[cl_known]

tier_changes = pd.DataFrame(
    {
        "guest_id": TC_g + 1,
        "changed_at": ts(TC_t),
        "old_tier": TIERS[TC_old],
        "new_tier": TIERS[TC_new],
    }
)[TC_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE parks (park_id INTEGER PRIMARY KEY, name VARCHAR, state VARCHAR, park_type VARCHAR, elevation_m INTEGER,
                    phone VARCHAR, opened_on DATE);
CREATE TABLE sites (site_code VARCHAR PRIMARY KEY, park_id INTEGER REFERENCES parks(park_id), site_type VARCHAR,
                    max_occupancy INTEGER, has_electric BOOLEAN, nightly_rate DOUBLE, status VARCHAR,
                    last_maintenance_at TIMESTAMP, built_at TIMESTAMP);
CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, email VARCHAR, home_state VARCHAR, created_at TIMESTAMP,
                     marketing_opt_in BOOLEAN, referral_code VARCHAR, loyalty_tier VARCHAR, total_nights INTEGER,
                     last_stay_at TIMESTAMP);
CREATE TABLE reservations (res_id INTEGER PRIMARY KEY, confirmation_code VARCHAR, guest_id INTEGER,
                           site_code VARCHAR, booked_at TIMESTAMP, arrival_date DATE, departure_date DATE,
                           nights INTEGER, party_size INTEGER, channel VARCHAR, quoted_total DOUBLE, status VARCHAR,
                           cancelled_at TIMESTAMP, cancelled_by VARCHAR);
CREATE TABLE checkins (checkin_id INTEGER PRIMARY KEY, res_id INTEGER, site_code VARCHAR, checked_in_at TIMESTAMP,
                       checked_out_at TIMESTAMP, gate VARCHAR, vehicle_plate VARCHAR);
CREATE TABLE addons (addon_id INTEGER PRIMARY KEY, res_id INTEGER, guest_id INTEGER, purchased_at TIMESTAMP,
                     item VARCHAR, qty INTEGER, amount DOUBLE);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, res_id INTEGER, guest_id INTEGER,
                      park_id INTEGER REFERENCES parks(park_id), written_at TIMESTAMP, rating INTEGER,
                      text_len INTEGER, helpful_votes INTEGER);
CREATE TABLE closures (closure_id INTEGER PRIMARY KEY, site_code VARCHAR, reported_at TIMESTAMP, starts_on DATE,
                       ends_on DATE, reason VARCHAR, resolved_at TIMESTAMP);
CREATE TABLE tier_changes (guest_id INTEGER, changed_at TIMESTAMP, old_tier VARCHAR, new_tier VARCHAR);
""")
total = 0
for name, df in [
    ("parks", parks),
    ("sites", sites),
    ("guests", guests),
    ("reservations", reservations),
    ("checkins", checkins),
    ("addons", addons),
    ("reviews", reviews),
    ("closures", closures),
    ("tier_changes", tier_changes),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
print("total", total)
con.close()
