"""A direct-to-consumer winery (club tiers, seasonal club releases with shipments members may skip, tasting-room
visits, online / phone / tasting-room orders with order lines of wines, events booked ahead, tier changes and
cancellations), seeded: `python benchmarks/trials/winery.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes
trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 3 tiers, 6 releases,
133 wines, 4,000 members (2,174 cancelled by NOW), 7.4k tier changes, 11.4k shipments, 13.2k tasting visits,
24.3k orders, 42k order lines, 129 events, 2.9k reservations (about 105k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2022-01-01..NOW. Rows dated
after NOW exist only where written ahead: shipments.scheduled_for (a shipment row is created when its release is
announced, 30 days before it ships), events.event_date (created 30-75 days ahead) with the reservations booked for
them, and wines.released_on (a wine enters the catalogue 60 days before its release). Every other column holding
a later date of its row is filled in later.

Truth (seed 0):
- tiers (3, text key tier_code): CLASSIC 4 bottles / 15% off, RESERVE 6 / 20%, COLLECTOR 12 / 25%
  (a parent attribute that matters: shipment size and amount, order discounts; COLLECTOR members cancel x1.4)
- releases (6, text key release_code 'SPR22', 'FAL22', ...): spring (mid-March) and fall (mid-September) ship
  dates; announced_at 30 days before; bottle_price rises 6% a year, fall x1.15; theme is noise
- wines (140 drawn, 133 in the catalogue by NOW; text key sku 'CAB19-007'): 10 varietals stored MESSY ('Cabernet Sauvignon', 'Cab Sauv',
  'cabernet sauvignon', 'Shiraz' for Syrah, 'Rose'/'Rosé', ...; 1% NULL); color red/white/rose/sparkling (clean);
  vintage 2014-2023, reserve 25% (price x1.6); critic_score drives popularity (weight exp(.12 (score - 90)));
  case_production is noise; stock_on_hand TODAY's (cases x 12 minus bottles sold by the cut, >= 0)
- members (4,000): 2,200 joined 2016..2021 (active at the start), 1,800 during the span (joins x1.8 in the 45 days
  after a release and in Jun-Oct); engagement e ~ N(0, 1) hidden; red preference r ~ N(0, 1) hidden (an order
  line is red with p sigmoid(.6 + 1.5 r)); state CA .5 (local: x2.5 tasting visits, others x.35), OR, WA, NY, TX,
  FL, IL, CO; acquisition_channel MESSY ('Tasting Room', 'tasting room', 'TASTING_ROOM', 'web', 'Web', 'online',
  'event', 'Event '; event-acquired cancel x.7); birth_year and email (10% NULL) are noise;
  tier at join: RESERVE p .25 + .08 e, COLLECTOR p .06 + .04 e, else CLASSIC
- cancellation hazard per day 1/1300 x exp(-.7 e) x 1.8 if the member skipped its latest shipment x 2.5 within 21
  days after a release ships (the charge shock) x 1.4 COLLECTOR x .7 event-acquired x 1.5 in the first 120 days
  after joining; a cancellation writes a tier_changes row (change_type 'cancel', to_tier NULL); members.status
  TODAY's ('active' / 'cancelled'), cancelled_at filled later; members.tier_code TODAY's (the latest tier; a
  cancelled member keeps its last tier)
- tier moves: upgrade hazard exp(e)/3000, downgrade exp(-e)/3000 per day (tier_changes 'upgrade' / 'downgrade');
  each member has a 'join' row at joined_at (before the span for 2,200 members)
- shipments: on announcement day every active member gets a row (created_at; scheduled_for = ship date + 0-4 days,
  written ahead; bottles and amount from the tier held then, amount = bottles x bottle_price x (1 - discount) + 15
  shipping, +10 for TX / FL); skip decision p sigmoid(-1.7 - .8 e + .6 COLLECTOR + .9 skipped the previous one),
  skipped_at 1-25 days after announcement (filled later); a member cancelling before the ship date: 'cancelled';
  else shipped_at = scheduled_for + 0-8 h (filled later). status TODAY's ('scheduled' / 'skipped' / 'cancelled' /
  'shipped')
- tasting visits: a member (or ex-member x.3) visits with hazard 1/650 x exp(.5 e) x local x (1 + .9 Jun-Oct bump)
  x 2.4 Sat/Sun; party_size 1-6; flight 'Reserve' more for RESERVE / COLLECTOR; host is noise; a visit leads to a
  'tasting_room' order with p sigmoid(.4 + .6 e)
- online / phone orders: hazard 1/300 x exp(.8 e) x holiday (Nov 15 - Dec 20 x2.5) x 1.6 within 14 days after a
  release ships x (ex-members .3); phone 12%; order lines 1 + Poisson(.4 + .4 (e > 0)); wine by color preference
  and popularity among wines released by then; qty 1-3 (6 or 12 with p .06); unit_price = price x (1 - tier
  discount) while a member; orders.total = sum of lines (written with the order); orders.status TODAY's ('placed',
  'shipped', 'delivered', 'returned' 2%; tasting-room orders 'picked_up'), shipped_at and delivered_at filled later
- member TODAY's counters: members.lifetime_spend (orders + shipped shipments by the cut), last_order_at,
  skips_count
- events (129 by NOW): 2 winemaker dinners (cap 40, $150) and a blending class (cap 20, $85) a month, a release party
  (cap 200, free) 3 days after each ship date, 3 harvest parties (cap 120, $45) in Sep-Oct, a holiday party (cap
  150, $60) in December; created_at 30-75 days before event_date; events.seats_booked TODAY's counter
- reservations: demand Poisson(.45 x capacity) parties, members weighted exp(.7 e) x (2 local, .5 other), booked uniformly
  between the event's creation and the day before; cancelled with p .08 + .001 lead (cancelled_at filled later);
  no-show p sigmoid(-2.3 - .6 e + 1.0 free event + .015 lead days) (x.5 more likely when the member cancelled
  its membership before the event); status TODAY's ('booked' / 'attended' / 'no_show' / 'cancelled')
- keys: PKs declared on tiers (tier_code VARCHAR), releases (release_code VARCHAR), wines (sku VARCHAR), members,
  tier_changes, shipments, tasting_visits, orders, events, reservations; order_lines has none. REFERENCES only
  reservations.event_id -> events and shipments.release_code -> releases. Undeclared: members.tier_code -> tiers
  (text), tier_changes.member_id, shipments.member_id, tasting_visits.member_id, orders (member_id, visit_ref: a
  visit id stored as VARCHAR), order_lines (order_id, wine_sku -> wines.sku, text), reservations.member_id
- `python winery.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
START = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
NDT = ND + 200


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOW = days.day_of_week.values
MON = days.month.values
HOLIDAY = np.where(((MON == 11) & (days.day >= 15)) | ((MON == 12) & (days.day <= 20)), 2.5, 1.0)
SUMMER = np.where((MON >= 6) & (MON <= 10), 1.9, 1.0)
WEEKEND = np.where(DOW >= 5, 2.4, 1.0)

# ---------------- tiers
TIER = np.array(["CLASSIC", "RESERVE", "COLLECTOR"])
BOT = np.array([4, 6, 12])
DISC = np.array([0.15, 0.20, 0.25])
tiers = pd.DataFrame(
    {
        "tier_code": TIER,
        "display_name": ["Classic Club", "Reserve Club", "Collector's Circle"],
        "bottles_per_shipment": BOT,
        "discount_pct": (DISC * 100).astype(int),
        "annual_fee": [0, 50, 150],
    }
)

# ---------------- releases
REL = ["2022-03-15", "2022-09-13", "2023-03-14", "2023-09-12", "2024-03-12", "2024-09-17"]
REL_CODE = np.array(["SPR22", "FAL22", "SPR23", "FAL23", "SPR24", "FAL24"])
rel_ship = np.array([secs(d) + 9 * 3600 for d in REL])
rel_ann = rel_ship - 30 * DAY + 3600
rel_price = np.round(38 * 1.06 ** (np.arange(6) // 2) * np.where(np.arange(6) % 2 == 1, 1.15, 1.0), 2)
releases = pd.DataFrame(
    {
        "release_code": REL_CODE,
        "season": np.where(np.arange(6) % 2 == 0, "spring", "fall"),
        "theme": rng.choice(["Estate", "Old Vines", "Winemaker's Picks", "Coastal", "Library"], 6),
        "bottle_price": rel_price,
        "announced_at": ts(rel_ann),
        "ship_date": ts(rel_ship).date,
    }
)
ANN_DAY = {int(a // DAY): i for i, a in enumerate(rel_ann)}
post_ship = np.ones(NDT)
reorder = np.ones(NDT)
for s in rel_ship:
    d = int(s // DAY)
    post_ship[d : d + 21] = 2.5
    reorder[d : d + 14] = 1.6

# ---------------- wines
VAR = [
    ("Cabernet Sauvignon", "red", 55, "CAB", ["Cabernet Sauvignon", "Cab Sauv", "cabernet sauvignon", "CABERNET"]),
    ("Pinot Noir", "red", 48, "PN", ["Pinot Noir", "pinot noir", "Pinot noir"]),
    ("Merlot", "red", 38, "MER", ["Merlot", "merlot"]),
    ("Zinfandel", "red", 34, "ZIN", ["Zinfandel", "Zin", "zinfandel"]),
    ("Syrah", "red", 40, "SYR", ["Syrah", "Shiraz", "syrah"]),
    ("Chardonnay", "white", 32, "CHD", ["Chardonnay", "chardonnay", "Chard"]),
    ("Sauvignon Blanc", "white", 26, "SB", ["Sauvignon Blanc", "Sauv Blanc", "sauvignon blanc"]),
    ("Riesling", "white", 24, "RIE", ["Riesling", "riesling"]),
    ("Rose", "rose", 22, "ROS", ["Rosé", "Rose", "rosé"]),
    ("Sparkling", "sparkling", 45, "SPK", ["Sparkling", "Brut", "sparkling"]),
]
NW = 140
w_var = rng.choice(10, NW, p=[0.16, 0.13, 0.1, 0.08, 0.08, 0.14, 0.1, 0.06, 0.08, 0.07])
w_vint = rng.integers(2014, 2024, NW)
w_color = np.array([VAR[v][1] for v in w_var])
w_res = rng.random(NW) < 0.25
w_price = np.round(np.array([VAR[v][2] for v in w_var]) * np.where(w_res, 1.6, 1.0) * np.exp(rng.normal(0, 0.1, NW)))
w_rel = np.array(
    [
        secs(f"{y + (2 if c == 'red' else 1)}-01-01") + rng.uniform(0, 330) * DAY
        for y, c in zip(w_vint, w_color, strict=True)
    ]
)
w_created = w_rel - 60 * DAY
w_score = np.clip(np.round(rng.normal(90, 3, NW)), 82, 99).astype(int)
w_pop = np.exp(0.12 * (w_score - 90))
w_cases = rng.integers(150, 2500, NW)
w_sku = np.array([f"{VAR[v][3]}{y % 100:02d}-{i + 1:03d}" for i, (v, y) in enumerate(zip(w_var, w_vint, strict=True))])
w_spelled = np.array([rng.choice(VAR[v][4]) for v in w_var], dtype=object)
w_spelled[rng.random(NW) < 0.01] = None
w_red = w_color == "red"

# ---------------- members
NM = 4000
m_pre = np.arange(NM) < 2200
jw = np.ones(ND - 3)
for s in rel_ship:
    d = int(s // DAY)
    jw[d : d + 45] *= 1.8
jw *= SUMMER[: ND - 3] ** 0.8
jw /= jw.sum()
m_join = np.where(
    m_pre,
    secs("2016-01-01") + rng.uniform(0, (START - pd.Timestamp("2016-01-01")).days - 1, NM) * DAY,
    rng.choice(ND - 3, NM, p=jw) * DAY + rng.uniform(9, 18, NM) * 3600,
)
m_e = rng.normal(0, 1, NM)
m_r = rng.normal(0, 1, NM)
STATES = np.array(["CA", "OR", "WA", "NY", "TX", "FL", "IL", "CO"])
m_state = rng.choice(8, NM, p=[0.5, 0.1, 0.1, 0.08, 0.07, 0.05, 0.05, 0.05])
m_local = m_state == 0
m_acq = rng.choice(3, NM, p=[0.55, 0.25, 0.2])  # tasting room / web / event
ACQ = {0: ["Tasting Room", "tasting room", "TASTING_ROOM"], 1: ["web", "Web", "online"], 2: ["event", "Event "]}
m_acq_s = np.array([rng.choice(ACQ[a]) for a in m_acq], dtype=object)
u = rng.random(NM)
m_tier0 = np.where(u < 0.06 + 0.04 * m_e, 2, np.where(u < 0.31 + 0.12 * m_e, 1, 0))
m_birth = rng.integers(1945, 2000, NM)
m_email = np.where(rng.random(NM) < 0.1, None, np.array([f"member{i}@mail.example" for i in range(1, NM + 1)]))

# ---------------- simulation
tier = m_tier0.copy()
m_cancel = np.full(NM, np.inf)
last_skip = np.zeros(NM, bool)
TC = [(m, m_join[m] - 60, None, m_tier0[m], "join") for m in range(NM)]  # (member, t, from, to, type)
SH = []  # (member, release, tier, created, sched, skip_t or inf)
skip_bucket = [[] for _ in range(NDT)]
VIS = []  # (member, t)
ORD = []  # (member, t, channel, visit index or -1)
acq_f = np.where(m_acq == 2, 0.7, 1.0)
for d in range(ND):
    t0 = d * DAY
    for m in skip_bucket[d]:
        last_skip[m] = True
    joined = m_join <= t0 + DAY
    act = joined & np.isinf(m_cancel)
    ex = joined & ~np.isinf(m_cancel)
    newbie = np.where(t0 - m_join < 120 * DAY, 1.5, 1.0)
    h = (
        np.exp(-0.7 * m_e)
        / 1300
        * np.where(last_skip, 1.8, 1.0)
        * post_ship[d]
        * np.where(tier == 2, 1.4, 1.0)
        * acq_f
        * newbie
    )
    canc = act & (m_join <= t0) & (rng.random(NM) < h)
    for m in np.nonzero(canc)[0]:
        tc = max(t0 + rng.uniform(8, 22) * 3600, m_join[m] + 3600)
        m_cancel[m] = tc
        TC.append((m, tc, tier[m], None, "cancel"))
    act &= ~canc
    u = rng.random(NM)
    up = act & (m_join <= t0) & (tier < 2) & (u < np.exp(m_e) / 3000)
    dn = act & (m_join <= t0) & (tier > 0) & (u > 1 - np.exp(-m_e) / 3000)
    for m in np.nonzero(up | dn)[0]:
        nt = tier[m] + (1 if up[m] else -1)
        TC.append((m, t0 + rng.uniform(8, 22) * 3600, tier[m], nt, "upgrade" if up[m] else "downgrade"))
        tier[m] = nt
    # release announced today: a shipment row for every active member
    if d in ANN_DAY:
        i = ANN_DAY[d]
        for m in np.nonzero(act & (m_join <= rel_ann[i]))[0]:
            p = sig(-1.7 - 0.8 * m_e[m] + 0.6 * (tier[m] == 2) + 0.9 * last_skip[m])
            sk = rng.random() < p
            skt = rel_ann[i] + rng.uniform(1, 25) * DAY if sk else np.inf
            sched = rel_ship[i] + int(rng.integers(0, 5)) * DAY
            SH.append((m, i, tier[m], rel_ann[i] + rng.uniform(0, 3600), sched, skt))
            if sk:
                skip_bucket[int(skt // DAY)].append(m)
        # the decision for this release replaces the previous one once made; until then the flag stays
        last_skip[act & (m_join <= rel_ann[i])] = False
    # tasting visits
    base = np.where(act, 1.0, np.where(ex, 0.3, 0.0))
    lam_v = base / 650 * np.exp(0.5 * m_e) * np.where(m_local, 2.5, 0.35) * SUMMER[d] * WEEKEND[d]
    for m in np.nonzero(rng.random(NM) < lam_v)[0]:
        tv = max(t0 + rng.uniform(10.5, 17) * 3600, m_join[m] + 60)
        VIS.append((m, tv))
        if rng.random() < sig(0.4 + 0.6 * m_e[m]):
            ORD.append((m, tv + rng.uniform(40, 90) * 60, "tasting_room", len(VIS) - 1))
    lam_o = base / 300 * np.exp(0.8 * m_e) * HOLIDAY[d] * reorder[d]
    for m in np.nonzero(rng.random(NM) < lam_o)[0]:
        to = max(t0 + rng.uniform(0, DAY), m_join[m] + 60)
        ORD.append((m, to, "phone" if rng.random() < 0.12 else "online", -1))

# tier at a time, from the change log
tc_m = np.array([x[0] for x in TC])
tc_t = np.array([x[1] for x in TC])
tc_from = np.array([-1 if x[2] is None else x[2] for x in TC])
tc_to = np.array([-1 if x[3] is None else x[3] for x in TC])
tc_type = np.array([x[4] for x in TC], dtype=object)
tco = np.lexsort((tc_t, tc_m))
tc_by_m = {}
for k in tco:
    if tc_type[k] in ("join", "upgrade", "downgrade"):
        tc_by_m.setdefault(tc_m[k], []).append((tc_t[k], tc_to[k]))


def tier_at(m, t):
    cur = m_tier0[m]
    for te, nt in tc_by_m[m]:
        if te <= t:
            cur = nt
    return cur


# ---------------- shipments
NS = len(SH)
S_m = np.array([s[0] for s in SH])
S_rel = np.array([s[1] for s in SH])
S_tier = np.array([s[2] for s in SH])
S_cr = np.array([s[3] for s in SH])
S_sched = np.array([s[4] for s in SH])
S_skip = np.array([s[5] for s in SH])
S_canc = np.where((m_cancel[S_m] < S_sched) & (m_cancel[S_m] < S_skip), m_cancel[S_m], np.inf)
S_skip = np.where(S_skip < S_canc, S_skip, np.inf)
S_ship = np.where(np.isinf(S_skip) & np.isinf(S_canc), S_sched + rng.uniform(0, 8, NS) * 3600, np.inf)
S_amt = np.round(BOT[S_tier] * rel_price[S_rel] * (1 - DISC[S_tier]) + 15 + 10 * np.isin(m_state[S_m], [4, 5]), 2)

# ---------------- orders and lines
NO = len(ORD)
O_m = np.array([o[0] for o in ORD])
O_t = np.array([o[1] for o in ORD])
O_ch = np.array([o[2] for o in ORD], dtype=object)
O_vis = np.array([o[3] for o in ORD])
oo = np.argsort(O_t, kind="stable")
O_m, O_t, O_ch, O_vis = O_m[oo], O_t[oo], O_ch[oo], O_vis[oo]
O_member = O_t < m_cancel[O_m]
L = []  # (order, sku index, qty, unit price)
p_red = sig(0.6 + 1.5 * m_r)
for k in range(NO):
    m, t = O_m[k], O_t[k]
    avail = w_rel <= t
    disc = DISC[tier_at(m, t)] if O_member[k] else 0.0
    n = 1 + rng.poisson(0.4 + 0.4 * (m_e[m] > 0))
    for _ in range(n):
        want_red = rng.random() < p_red[m]
        pool = avail & (w_red == want_red)
        if not pool.any():
            pool = avail
        w = w_pop * pool
        i = rng.choice(NW, p=w / w.sum())
        q = int(rng.choice([6, 12])) if rng.random() < 0.06 else int(rng.integers(1, 4))
        L.append((k, i, q, round(w_price[i] * (1 - disc), 2)))
L_o = np.array([x[0] for x in L])
L_w = np.array([x[1] for x in L])
L_q = np.array([x[2] for x in L])
L_p = np.array([x[3] for x in L])
O_total = np.round(np.bincount(L_o, weights=L_q * L_p, minlength=NO), 2)
online = O_ch != "tasting_room"
O_shipped = np.where(online, O_t + rng.uniform(1, 4, NO) * DAY, np.inf)
O_deliv = O_shipped + rng.uniform(2, 6, NO) * DAY
O_ret = online & (rng.random(NO) < 0.02)
O_ret_t = np.where(O_ret, O_deliv + rng.uniform(3, 20, NO) * DAY, np.inf)

# ---------------- tasting visits (columns)
NV = len(VIS)
V_m = np.array([v[0] for v in VIS])
V_t = np.array([v[1] for v in VIS])
V_party = 1 + np.minimum(rng.poisson(1.4, NV), 5)
V_tier = np.array([tier_at(m, t) if t < m_cancel[m] else -1 for m, t in zip(V_m, V_t, strict=True)])
V_flight = np.where(rng.random(NV) < np.where(V_tier >= 1, 0.6, 0.2), "Reserve", "Classic")
V_host = rng.choice(["Ana", "Ben", "Carla", "Dev", "Elle", "Finn"], NV)
V_waived = V_tier >= 0

# ---------------- events and reservations
EV = []  # (kind, date_secs, capacity, price)
for y in (2022, 2023, 2024, 2025):
    for mo in range(1, 13):
        if pd.Timestamp(f"{y}-{mo:02d}-01") > NOW + pd.Timedelta(days=80):
            continue
        for _ in range(2):
            EV.append(("winemaker_dinner", secs(f"{y}-{mo:02d}-01") + rng.integers(0, 28) * DAY + 19 * 3600, 40, 150))
        EV.append(("blending_class", secs(f"{y}-{mo:02d}-01") + rng.integers(0, 28) * DAY + 14 * 3600, 20, 85))
        if mo in (9, 10):
            for _ in range(2 if mo == 9 else 1):
                EV.append(("harvest_party", secs(f"{y}-{mo:02d}-01") + rng.integers(0, 28) * DAY + 16 * 3600, 120, 45))
        if mo == 12:
            EV.append(("holiday_party", secs(f"{y}-12-10") + rng.integers(0, 7) * DAY + 18 * 3600, 150, 60))
for s in rel_ship:
    EV.append(("release_party", s + 3 * DAY + 7 * 3600, 200, 0))
EV.sort(key=lambda x: x[1])
EV = [e for e in EV if e[1] >= 20 * DAY]
NE = len(EV)
E_kind = np.array([e[0] for e in EV], dtype=object)
E_t = np.array([e[1] for e in EV])
E_cap = np.array([e[2] for e in EV])
E_price = np.array([e[3] for e in EV])
E_cr = E_t - rng.uniform(30, 75, NE) * DAY
wloc = np.exp(0.7 * m_e) * np.where(m_local, 2.0, 0.5)
RS = []  # (event, member, booked, cancel_t, outcome)
for ev in range(NE):
    n = min(rng.poisson(0.45 * E_cap[ev]), E_cap[ev])
    cand = rng.choice(NM, size=n * 2, replace=False, p=wloc / wloc.sum())
    bt = E_cr[ev] + rng.uniform(0, 1, n * 2) * (E_t[ev] - DAY - E_cr[ev])
    ok = (m_join[cand] <= bt) & (m_cancel[cand] > bt) & (bt <= (NOW - START).total_seconds())
    cand, bt = cand[ok][:n], bt[ok][:n]
    for m, b in zip(cand, bt, strict=True):
        lead = (E_t[ev] - b) / DAY
        ct = b + rng.uniform(0, 1) * (E_t[ev] - b) if rng.random() < 0.08 + 0.001 * lead else np.inf
        z = -2.3 - 0.6 * m_e[m] + 1.0 * (E_price[ev] == 0) + 0.015 * lead
        ns = rng.random() < sig(z) * (1.5 if m_cancel[m] < E_t[ev] else 1.0)
        RS.append((ev, m, b, ct, "no_show" if ns else "attended"))
NR = len(RS)
R_e = np.array([r[0] for r in RS])
R_m = np.array([r[1] for r in RS])
R_b = np.array([r[2] for r in RS])
R_c = np.array([r[3] for r in RS])
R_out = np.array([r[4] for r in RS], dtype=object)
ro = np.argsort(R_b, kind="stable")
R_e, R_m, R_b, R_c, R_out = R_e[ro], R_m[ro], R_b[ro], R_c[ro], R_out[ro]
R_guests = 1 + np.minimum(rng.poisson(0.8, NR), 3)
R_ch = rng.choice(["web", "phone", "in person"], NR, p=[0.7, 0.2, 0.1])


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


wines = pd.DataFrame(
    {
        "sku": w_sku,
        "varietal": w_spelled,
        "color": w_color,
        "vintage": w_vint,
        "reserve": w_res,
        "price": w_price,
        "critic_score": w_score,
        "case_production": w_cases,
        "added_at": ts(w_created),
        "released_on": ts(w_rel).date,
        "stock_on_hand": np.maximum(
            w_cases * 12 - np.bincount(L_w[O_t[L_o] <= T], weights=L_q[O_t[L_o] <= T], minlength=NW), 0
        ).astype(int),
    }
)[w_created <= T]

tk = tc_t <= T
tier_now = np.array([tier_at(m, T) for m in range(NM)])
ok_ord = O_t <= T
sh_ok = S_ship <= T
spend = np.bincount(O_m[ok_ord], weights=O_total[ok_ord], minlength=NM) + np.bincount(
    S_m[sh_ok], weights=S_amt[sh_ok], minlength=NM
)
last_o = pd.Series(O_t[ok_ord]).groupby(O_m[ok_ord]).max().reindex(range(NM)).to_numpy()
skips = np.bincount(S_m[S_skip <= T], minlength=NM)
members = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "tier_code": TIER[tier_now],
        "status": np.where(m_cancel <= T, "cancelled", "active"),
        "joined_at": ts(m_join),
        "cancelled_at": ts(known(m_cancel)),
        "state": STATES[m_state],
        "acquisition_channel": m_acq_s,
        "birth_year": m_birth,
        "email": m_email,
        "lifetime_spend": np.round(spend, 2),
        "last_order_at": ts(last_o),
        "skips_count": skips,
    }
)[m_join <= T]

tier_changes = pd.DataFrame(
    {
        "change_id": np.arange(1, len(TC) + 1),
        "member_id": tc_m + 1,
        "changed_at": ts(tc_t),
        "change_type": tc_type,
        "from_tier": np.where(tc_from >= 0, TIER[np.maximum(tc_from, 0)], None),
        "to_tier": np.where(tc_to >= 0, TIER[np.maximum(tc_to, 0)], None),
    }
)
tco2 = np.argsort(tc_t, kind="stable")
tier_changes = tier_changes.iloc[tco2][tk[tco2]]
tier_changes["change_id"] = np.arange(1, len(tier_changes) + 1)  # ids in time order, as a database assigns them

sk_k = known(S_skip)
cn_k = np.where(S_canc <= np.minimum(T, S_sched + 0), S_canc, np.nan)
shp_k = known(S_ship)
sh_status = np.where(
    ~np.isnan(sk_k),
    "skipped",
    np.where(~np.isnan(cn_k), "cancelled", np.where(~np.isnan(shp_k), "shipped", "scheduled")),
)
shipments = pd.DataFrame(
    {
        "shipment_id": np.arange(1, NS + 1),
        "member_id": S_m + 1,
        "release_code": REL_CODE[S_rel],
        "tier_code": TIER[S_tier],
        "bottles": BOT[S_tier],
        "amount": S_amt,
        "created_at": ts(S_cr),
        "scheduled_for": ts(S_sched),
        "status": sh_status,
        "skipped_at": ts(sk_k),
        "shipped_at": ts(shp_k),
    }
)[S_cr <= T]

tasting_visits = pd.DataFrame(
    {
        "visit_id": np.arange(1, NV + 1),
        "member_id": V_m + 1,
        "visited_at": ts(V_t),
        "party_size": V_party,
        "flight": V_flight,
        "host": V_host,
        "fee_waived": V_waived,
    }
)
vo = np.argsort(V_t, kind="stable")
inv_vo = np.empty(NV, int)
inv_vo[vo] = np.arange(NV)
tasting_visits = tasting_visits.iloc[vo]
tasting_visits["visit_id"] = np.arange(1, NV + 1)
tasting_visits = tasting_visits[V_t[vo] <= T]

o_status = np.where(
    ~online,
    "picked_up",
    np.where(
        O_ret_t <= T, "returned", np.where(O_deliv <= T, "delivered", np.where(O_shipped <= T, "shipped", "placed"))
    ),
)
orders = pd.DataFrame(
    {
        "order_id": np.arange(1, NO + 1),
        "member_id": O_m + 1,
        "visit_ref": np.where(O_vis >= 0, (inv_vo[np.maximum(O_vis, 0)] + 1).astype(str), None),
        "channel": O_ch,
        "ordered_at": ts(O_t),
        "total": O_total,
        "status": o_status,
        "shipped_at": ts(known(O_shipped)),
        "delivered_at": ts(known(O_deliv)),
    }
)[ok_ord]

order_lines = pd.DataFrame(
    {
        "order_id": L_o + 1,
        "line_no": 0,
        "wine_sku": w_sku[L_w],
        "qty": L_q,
        "unit_price": L_p,
    }
)
order_lines["line_no"] = order_lines.groupby("order_id").cumcount() + 1
order_lines = order_lines[O_t[L_o] <= T]

ek = E_cr <= T
res_ok = R_b <= T
seats = np.bincount(R_e[res_ok & ~(R_c <= T)], weights=R_guests[res_ok & ~(R_c <= T)], minlength=NE)
events = pd.DataFrame(
    {
        "event_id": np.arange(1, NE + 1),
        "kind": E_kind,
        "title": [f"{k.replace('_', ' ').title()} #{i + 1}" for i, k in enumerate(E_kind)],
        "event_date": ts(E_t),
        "capacity": E_cap,
        "price": E_price,
        "created_at": ts(E_cr),
        "seats_booked": seats.astype(int),
    }
)[ek]

r_status = np.where(R_c <= T, "cancelled", np.where(E_t[R_e] + 4 * 3600 <= T, R_out, "booked"))
reservations = pd.DataFrame(
    {
        "reservation_id": np.arange(1, NR + 1),
        "event_id": R_e + 1,
        "member_id": R_m + 1,
        "booked_at": ts(R_b),
        "guests": R_guests,
        "booking_channel": R_ch,
        "status": r_status,
        "cancelled_at": ts(known(R_c)),
    }
)[res_ok]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE tiers (tier_code VARCHAR PRIMARY KEY, display_name VARCHAR, bottles_per_shipment INTEGER,
                    discount_pct INTEGER, annual_fee INTEGER);
CREATE TABLE releases (release_code VARCHAR PRIMARY KEY, season VARCHAR, theme VARCHAR, bottle_price DOUBLE,
                       announced_at TIMESTAMP, ship_date DATE);
CREATE TABLE wines (sku VARCHAR PRIMARY KEY, varietal VARCHAR, color VARCHAR, vintage INTEGER, reserve BOOLEAN,
                    price DOUBLE, critic_score INTEGER, case_production INTEGER, added_at TIMESTAMP,
                    released_on DATE, stock_on_hand INTEGER);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, tier_code VARCHAR, status VARCHAR, joined_at TIMESTAMP,
                      cancelled_at TIMESTAMP, state VARCHAR, acquisition_channel VARCHAR, birth_year INTEGER,
                      email VARCHAR, lifetime_spend DOUBLE, last_order_at TIMESTAMP, skips_count INTEGER);
CREATE TABLE tier_changes (change_id INTEGER PRIMARY KEY, member_id INTEGER, changed_at TIMESTAMP,
                           change_type VARCHAR, from_tier VARCHAR, to_tier VARCHAR);
CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, member_id INTEGER,
                        release_code VARCHAR REFERENCES releases(release_code), tier_code VARCHAR, bottles INTEGER,
                        amount DOUBLE, created_at TIMESTAMP, scheduled_for TIMESTAMP, status VARCHAR,
                        skipped_at TIMESTAMP, shipped_at TIMESTAMP);
CREATE TABLE tasting_visits (visit_id INTEGER PRIMARY KEY, member_id INTEGER, visited_at TIMESTAMP,
                             party_size INTEGER, flight VARCHAR, host VARCHAR, fee_waived BOOLEAN);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, member_id INTEGER, visit_ref VARCHAR, channel VARCHAR,
                     ordered_at TIMESTAMP, total DOUBLE, status VARCHAR, shipped_at TIMESTAMP,
                     delivered_at TIMESTAMP);
CREATE TABLE order_lines (order_id INTEGER, line_no INTEGER, wine_sku VARCHAR, qty INTEGER, unit_price DOUBLE);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, kind VARCHAR, title VARCHAR, event_date TIMESTAMP,
                     capacity INTEGER, price DOUBLE, created_at TIMESTAMP, seats_booked INTEGER);
CREATE TABLE reservations (reservation_id INTEGER PRIMARY KEY, event_id INTEGER REFERENCES events(event_id),
                           member_id INTEGER, booked_at TIMESTAMP, guests INTEGER, booking_channel VARCHAR,
                           status VARCHAR, cancelled_at TIMESTAMP);
""")
for name, df in [
    ("tiers", tiers),
    ("releases", releases[rel_ann <= T]),
    ("wines", wines),
    ("members", members),
    ("tier_changes", tier_changes),
    ("shipments", shipments),
    ("tasting_visits", tasting_visits),
    ("orders", orders),
    ("order_lines", order_lines),
    ("events", events),
    ("reservations", reservations),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
