"""A northern marina (docks, slips, boat owners, boats, slip leases with start/end, fuel purchases at the fuel dock,
service work orders, haul-outs for winter storage and repairs, invoices and payments, a slip waitlist), seeded:
`python benchmarks/trials/marina.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it
planted in this docstring. Seed 0 (numpy default_rng(0)): 10 docks, 630 slips, 734 owners, 860 boats, 1,887 leases,
23.8k fuel purchases, 5.9k work orders, 2.5k haul-outs, 22.1k invoices, 21.8k payments, 845 waitlist entries (about
80k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: slip_leases.start_date / end_date (a renewal signed in Feb-Mar for a lease
from Apr 1 or May 1; an annual lease ends Mar 31 next year), work_orders.scheduled_for (booked 1-30 days ahead),
haul_outs.scheduled_launch_on (a DATE set at the haul, next spring) and invoices.due_on (issued + 30 days, service +
15). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- docks (10, A..K without I): exposure 'sheltered' (A B E K) / 'moderate' (D G H) / 'exposed' (C F J): a parent
  attribute (boat -> slip -> dock, through boats.current_slip or slip_leases.slip_code) that matters: exposed docks
  x1.7 work orders in the water, storms (3 a year, Aug-Oct) break boats there (hull_repair p .12, moderate .04),
  and +.8 on the logit of leaving at renewal (moderate +.3); slips cost 14 / 12.5 / 11 USD per foot and month;
  built_year, has_pumpout noise
- owners: usage u ~ LogNormal(0, .6) (hidden) scales fuel and service; loyalty l ~ N(0, 1) (hidden); pay
  reliability r ~ N(0, 1) (hidden: payment delays Exp(6 exp(-.9 r)) days, written off p .015 + .06 (r < -1.2));
  home_city messy ('Duluth', 'duluth', 'DULUTH ', 'Superior', 'Superior, WI', ...); email noise (10% NULL);
  club_member TODAY's (joins with hazard u / 2500 a day; members pay 5% less for fuel); balance_due,
  lifetime_fuel_gal and last_seen_at TODAY's (kept up to date)
- boats: type power .50 / sail .35 / trawler .08 / pontoon .07, stored MESSY ('Power', 'power', 'POWER', 'Motor
  Yacht', 'Sail', 'sailboat', 'SAIL', 'Sloop', 'Trawler', 'trawler ', 'Pontoon', 'pontoon'); length by the slip
  (70-98% of it); year_built 1975-2023: work orders x(1 + .04 (age - 10)+); hull_color, hin noise; lapse (hidden:
  the owner stops using the boat) with hazard 1/2000 a day (x2 when l < -.8): fuel x.08, service x.4, then leaves
  at the next renewal with logit +2.5; status TODAY's ('in_water', 'on_land', 'departed'), departed_at filled
  later, current_slip TODAY's (slips.slip_code, NULL once departed), engine_hours TODAY's (a counter read at each
  fuelling: gallons / burn rate)
- seasons: seasonal leases May 1 - Oct 31; annual Apr 1 - Mar 31 (30% of annual boats stay in the water all
  winter); hauls Sep 20 - Nov 30 (Oct 15 + N(0, 12 days), earlier for low usage and lapsed boats, seasonal by Oct 31),
  launch next spring Apr 10 - May 25 on scheduled_launch_on (set at the haul) + N(0, 2) days
- renewal: decided Feb 1 - Mar 20 for every boat present: leave with p sigmoid(-2.8 - .9 l + exposure + .7 (r < -1)
  - .5 log u + 2.5 lapsed + .5 (age > 35)); a leaver's lease just ends (departed at its end; a boat on land leaves
  Apr 1-30); a stayer signs the next lease (type switch p .1); 2024 rates +7%. Mid-season sale: hazard 1/2500 a day in
  the water (x2 lapsed): the lease is terminated (terminated_at filled later, a renewal signed ahead is terminated too)
- fuel_purchases: in the water only; power/trawler .15 a day x u x month (Apr .3, May .8, Jun 1.3, Jul 1.6, Aug 1.3,
  Sep .8, Oct .4, winter .1) x weekend (Sat/Sun 2.0, weekdays .6) x the week's weather (LogNormal(0, .3), shared);
  sail .02, pontoon .10; gallons len x .6 (power), .9 (trawler), .25 (pontoon), 8 (sail) x LogNormal(0, .35);
  price per day (gas around 4.2, diesel 4.6, summer +.4, random walk); fuel_type MESSY ('Diesel', 'diesel', 'DSL',
  'Gas', 'gasoline', 'REG 87'); pump_no noise
- work_orders: hazard 1/150 a day x u^.5 x age x exposure (in water) x .4 lapsed; service_type by boat type
  (engine_repair, electrical, canvas, rigging (sail), bottom_paint (spring x3), hull_repair); plus 'commissioning'
  before each spring launch (p .6) and 'winterization' at each haul (p .75 x (.5 lapsed)); scheduled_for set ahead;
  completed_at filled later; labor_hours, parts_cost, total_amount NULL until completed; status TODAY's ('open',
  'in_progress', 'completed', 'cancelled' when the boat left first); technician noise; a bottom_paint or hull_repair in
  the water hauls the boat (a haul_outs row with work_order_ref = the wo_id as VARCHAR, a text key)
- haul_outs: reason 'winter storage' / 'bottom paint' / 'repair'; launched_at filled later; status TODAY's
  ('on_land', 'launched', 'left'); rack messy noise
- invoices (invoice_no text 'MB-000123' in issue order): 'slip' (annual: an installment on the 1st of each month of
  the lease; seasonal: half at signing, half on May 1), 'fuel' (a monthly statement on the 1st for the month before),
  'service' (at completion), 'storage' (at a winter haul, len x 40; repair hauls len x 12); status TODAY's ('open',
  'paid', 'overdue', 'written_off' after 120 days), amount_paid TODAY's (running total of payments)
- payments: one (or two instalments for invoices over 2,500 with p .3) per invoice; method MESSY ('card', 'Card',
  'VISA', 'ach', 'ACH', 'check', 'Cheque')
- waitlist: Poisson(.7 a day, x2 Feb-May) applicants (150 waiting at START), 20% existing owners (owner_id set);
  withdraw after Exp(400 days) (status 'withdrawn'); a slip freed is offered within 3 days to the oldest waiting entry
  whose boat fits (offered_at filled later); accepted p .7 (a new boat arrives 2-10 days later), else 'declined' and
  the next in line; placed_boat_id filled later; dock_pref MESSY ('any', 'Any', 'A', 'Dock A', 'dock a', ...)
- slips: occupied_by TODAY's (a boat id, cleared when the boat leaves), status TODAY's ('occupied', 'vacant')
- keys: PKs declared on docks, slips (slip_code VARCHAR 'C-07'), owners, boats, slip_leases, fuel_purchases,
  work_orders, haul_outs, invoices (invoice_no VARCHAR), payments, waitlist; REFERENCES only slips -> docks and
  boats -> owners. Undeclared: slip_leases (boat_id, slip_code -> slips), fuel_purchases.boat_id,
  work_orders.boat_id, haul_outs (boat_id, work_order_ref VARCHAR -> work_orders), invoices (owner_id, boat_id),
  payments.invoice_no (VARCHAR -> invoices), waitlist (owner_id, placed_boat_id -> boats), boats.current_slip,
  slips.occupied_by (today's, cleared)
- `python marina.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
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


DAYS = pd.date_range(START, periods=ND, freq="D")
MONTHF = np.array([0.1, 0.1, 0.1, 0.3, 0.8, 1.3, 1.6, 1.3, 0.8, 0.4, 0.1, 0.1])
SEASON = MONTHF[DAYS.month - 1] * np.where(DAYS.day_of_week >= 5, 2.0, 0.6)
WEATHER = np.repeat(np.exp(rng.normal(0, 0.3, ND // 7 + 2)), 7)[:ND]
FUELP = {"gas": 4.2, "diesel": 4.6}
walk = np.cumsum(rng.normal(0, 0.03, ND))
SUMMER = 0.4 * np.clip(np.sin(2 * np.pi * (DAYS.day_of_year.values - 80) / 365), 0, None)
PRICE = {k: np.round(v + SUMMER + walk, 2) for k, v in FUELP.items()}
STORMS = set()
for y in (2023, 2024):
    for _ in range(3):
        STORMS.add(int(secs(f"{y}-08-01") // DAY) + int(rng.integers(0, 90)))

# ---------------- docks and slips
DN = list("ABCDEFGHJK")
DMAX = np.array([28, 30, 34, 36, 40, 44, 48, 55, 65, 80])
DNS = np.array([80, 80, 75, 75, 70, 70, 60, 50, 40, 30])
EXPO = np.array(
    [
        "sheltered",
        "sheltered",
        "exposed",
        "moderate",
        "sheltered",
        "exposed",
        "moderate",
        "moderate",
        "exposed",
        "sheltered",
    ]
)
EXPO_Z = np.select([EXPO == "exposed", EXPO == "moderate"], [0.8, 0.3], 0.0)
EXPO_WO = np.select([EXPO == "exposed", EXPO == "moderate"], [1.7, 1.2], 1.0)
RATE = np.select([EXPO == "sheltered", EXPO == "moderate"], [14.0, 12.5], 11.0)
docks = pd.DataFrame(
    {
        "dock_id": np.arange(1, 11),
        "dock_name": [f"Dock {c}" for c in DN],
        "exposure": EXPO,
        "max_length_ft": DMAX,
        "built_year": rng.integers(1968, 2015, 10),
        "has_pumpout": rng.random(10) < 0.5,
    }
)
s_dock = np.repeat(np.arange(10), DNS)
NS = len(s_dock)
s_num = np.concatenate([np.arange(1, n + 1) for n in DNS])
s_code = np.array([f"{DN[d]}-{k:02d}" for d, k in zip(s_dock, s_num, strict=True)])
s_len = DMAX[s_dock] - rng.choice([0, 2, 4], NS)
s_amps = np.where(s_len >= 40, 50, 30)

# ---------------- owners and boats (preallocated; arrivals appended)
NOM, NBM = 1400, 1500
o_created = np.full(NOM, INF)
o_u = np.exp(rng.normal(0, 0.6, NOM))
o_l = rng.normal(0, 1, NOM)
o_r = rng.normal(0, 1, NOM)
CITIES = [
    "Duluth",
    "duluth",
    "DULUTH ",
    "Superior",
    "Superior, WI",
    "Two Harbors",
    "two harbors",
    "Cloquet",
    "Minneapolis",
    "Mpls",
    "St. Paul",
    "Saint Paul",
]
o_city = rng.choice(CITIES, NOM, p=[0.22, 0.06, 0.03, 0.13, 0.05, 0.08, 0.03, 0.07, 0.15, 0.05, 0.08, 0.05])
o_email = np.where(rng.random(NOM) < 0.1, None, np.array([f"skipper{i}@lake.example" for i in range(1, NOM + 1)]))
o_name = [
    f"{a} {b}"
    for a, b in zip(
        rng.choice(["Ann", "Bob", "Carl", "Dana", "Erik", "Fay", "Gus", "Hal", "Ida", "Jon"], NOM),
        rng.choice(["Olson", "Berg", "Nelson", "Lind", "Hagen", "Moe", "Dahl"], NOM),
        strict=True,
    )
]
o_club_t = np.where(rng.random(NOM) < 0.15, -INF, INF)
no = 0

BT = np.array(["power", "sail", "trawler", "pontoon"])
BSPELL = {
    0: (["Power", "power", "POWER", "Motor Yacht"], [0.5, 0.25, 0.1, 0.15]),
    1: (["Sail", "sailboat", "SAIL", "Sloop"], [0.5, 0.2, 0.1, 0.2]),
    2: (["Trawler", "trawler "], [0.7, 0.3]),
    3: (["Pontoon", "pontoon"], [0.6, 0.4]),
}
b_owner = np.full(NBM, -1)
b_slip = np.full(NBM, -1)
b_type = np.zeros(NBM, int)
b_len = np.zeros(NBM)
b_year = np.zeros(NBM, int)
b_reg = np.full(NBM, INF)
b_dep = np.full(NBM, INF)
b_lapse = np.full(NBM, INF)
b_wet = np.zeros(NBM, bool)  # annual boat kept in the water all winter
b_water = np.zeros(NBM, bool)
b_out_until = np.zeros(NBM)  # hauled for a repair until
b_ltype = np.zeros(NBM, int)  # 0 annual 1 seasonal
b_launch_plan = np.full(NBM, INF)  # next planned launch (secs)
b_haul_plan = np.full(NBM, INF)
b_lease = np.full(NBM, -1)  # current lease index
b_next = np.full(NBM, -1)  # renewal signed ahead
b_haul_idx = np.full(NBM, -1)  # the open winter haul
b_ehours0 = rng.uniform(50, 1500, NBM)
b_color = rng.choice(["white", "White", "navy", "blue", "red", "green", "beige"], NBM)
b_hin = [f"HIN{rng.integers(10**8, 10**9)}" for _ in range(NBM)]
b_name = rng.choice(
    [
        "Sea Breeze",
        "Reel Time",
        "Knot Working",
        "Loon",
        "Gitchee",
        "North Star",
        "Wind Song",
        "Aqua Vit",
        "Second Wind",
        "Lake Effect",
    ],
    NBM,
)
b_spell = np.array([""] * NBM, dtype=object)
nb = 0

L = []  # leases: [boat, slip, type, signed, start, end, rate, terminated]
HAUL = []  # [boat, hauled, reason, sched_launch, launched, wo_ref]
WO = []  # [boat, opened, sched, done, type]
FUEL = []  # (boat, t, gallons)
WAIT = []  # [owner or -1, length, requested, withdraw_t, offered_t, outcome, placed_boat, decided_t, dock_pref]


def yr_start(y, seasonal):
    return secs(f"{y}-05-01") if seasonal else secs(f"{y}-04-01")


def yr_end(y, seasonal):
    return secs(f"{y}-10-31 23:59:59") if seasonal else secs(f"{y + 1}-03-31 23:59:59")


def lease_rate(slip, t):
    return round(float(s_len[slip] * RATE[s_dock[slip]] * (1.07 if t >= secs("2024-01-01") else 1.0)), 2)


def new_boat(owner, slip, t):
    global nb
    b = nb
    nb += 1
    b_owner[b] = owner
    b_slip[b] = slip
    b_type[b] = rng.choice(4, p=[0.5, 0.35, 0.08, 0.07]) if s_len[slip] < 40 else rng.choice(3, p=[0.5, 0.38, 0.12])
    b_len[b] = round(float(s_len[slip] * rng.uniform(0.7, 0.98)))
    b_year[b] = int(np.clip(2023 - rng.gamma(3, 6), 1975, 2023))
    b_reg[b] = t
    sp, pw = BSPELL[b_type[b]]
    b_spell[b] = rng.choice(sp, p=pw)
    return b


def new_owner(t):
    global no
    o = no
    no += 1
    o_created[o] = t
    return o


def sign(b, signed, y, seasonal, start=None):
    s = yr_start(y, seasonal) if start is None else start
    L.append([b, b_slip[b], int(seasonal), signed, s, yr_end(y, seasonal), lease_rate(b_slip[b], signed), INF])
    return len(L) - 1


# initial fleet: 96% of slips taken at START
owners_by_slip = []
for s in range(NS):
    if rng.random() > 0.96:
        owners_by_slip.append(-1)
        continue
    if no > 20 and rng.random() < 0.12:
        o = int(rng.integers(0, no))
    else:
        o = new_owner(secs("2008-01-01") + rng.uniform(0, 14.5 * 365) * DAY)
    b = new_boat(o, s, max(o_created[o], secs("2008-01-01") + rng.uniform(0, 14.8 * 365) * DAY))
    b_reg[b] = min(b_reg[b], secs("2022-12-01"))
    o_created[o] = min(o_created[o], b_reg[b])
    seasonal = rng.random() < 0.55
    b_ltype[b] = seasonal
    b_wet[b] = (not seasonal) and rng.random() < 0.3
    if seasonal:
        b_lease[b] = sign(b, secs("2022-02-01") + rng.uniform(0, 48) * DAY, 2022, True)
        b_lease[b] = -1  # the 2022 season is over; the renewal decides 2023
    else:
        b_lease[b] = sign(b, secs("2022-02-01") + rng.uniform(0, 48) * DAY, 2022, False)
    if b_wet[b]:
        b_water[b] = True
    else:  # on land since last fall
        h = secs("2022-10-15") + rng.normal(0, 12) * DAY
        lp = secs("2023-04-10") + rng.uniform(0, 45) * DAY
        HAUL.append([b, h, "winter storage", lp, INF, None])
        b_haul_idx[b] = len(HAUL) - 1
        b_launch_plan[b] = lp
    owners_by_slip.append(b)
slip_boat = np.array(owners_by_slip)  # current boat per slip (-1 free)
free_slips = []  # (slip, free_from)

# waitlist backlog
for _ in range(150):
    rq = secs("2020-06-01") + rng.uniform(0, 940) * DAY
    ow = int(rng.integers(0, no)) if rng.random() < 0.2 else -1
    WAIT.append([ow, round(float(rng.uniform(20, 70))), rq, rq + rng.exponential(400) * DAY, INF, "", -1, INF, None])

DPREF = ["any", "Any", "ANY", "A", "Dock A", "dock a", "F", "Dock F", "J", "K"]
for w in WAIT:
    w[8] = rng.choice(DPREF)


def present(t):
    idx = np.arange(nb)
    return idx[(b_reg[:nb] <= t) & (b_dep[:nb] > t)]


def depart(b, t):
    b_dep[b] = t
    for li in (b_lease[b], b_next[b]):
        if li >= 0 and L[li][5] > t:
            L[li][7] = min(L[li][7], max(t, L[li][3]))
    if b_haul_idx[b] >= 0:
        HAUL[b_haul_idx[b]][4] = t  # taken away from the yard
        b_haul_idx[b] = -1
    b_water[b] = False
    s = b_slip[b]
    slip_boat[s] = -1
    free_slips.append((s, t))


def plan_haul(b, y):
    if b_wet[b] and b_ltype[b] == 0:
        return
    z = secs(f"{y}-10-15") + (rng.normal(0, 12) + 6 * np.log(o_u[b_owner[b]]) - 14 * (b_lapse[b] < INF)) * DAY
    z = float(np.clip(z, secs(f"{y}-09-20"), secs(f"{y}-11-30")))
    if b_ltype[b] == 1:
        z = min(z, secs(f"{y}-10-31") - rng.uniform(0, 3) * DAY)
    b_haul_plan[b] = z


def add_wo(b, t, kind, lead=None):
    lead = rng.exponential(5) + 1 if lead is None else lead
    sched = t + lead * DAY
    dur = {
        "commissioning": 2,
        "winterization": 1,
        "engine_repair": 4,
        "electrical": 2,
        "canvas": 6,
        "rigging": 3,
        "bottom_paint": 5,
        "hull_repair": 9,
    }[kind]
    done = sched + rng.gamma(2, dur / 2) * DAY
    WO.append([b, t, sched, done, kind])
    if kind in ("bottom_paint", "hull_repair") and b_water[b]:
        HAUL.append(
            [
                b,
                sched,
                "bottom paint" if kind == "bottom_paint" else "repair",
                sched + dur * DAY,
                done + rng.uniform(0, 2) * DAY,
                str(len(WO)),
            ]
        )
        b_out_until[b] = done + DAY


WOK = np.array(["engine_repair", "electrical", "canvas", "rigging", "bottom_paint", "hull_repair"])
WOP = {
    0: [0.38, 0.2, 0.12, 0.0, 0.18, 0.12],
    1: [0.12, 0.2, 0.18, 0.28, 0.14, 0.08],
    2: [0.4, 0.22, 0.1, 0.0, 0.16, 0.12],
    3: [0.45, 0.2, 0.15, 0.0, 0.1, 0.1],
}
FRATE = np.array([0.15, 0.02, 0.15, 0.1])
GAL = np.array([0.6, 0.0, 0.9, 0.25])
renew_day = {}
leave_day = {}
b_leaving = np.zeros(NBM, bool)

for d in range(ND):
    t0 = d * DAY
    day = DAYS[d]
    y = day.year
    # renewal letters go out Feb 1: a decision day per boat present
    if day.month == 2 and day.day == 1:
        for b in present(t0):
            renew_day.setdefault(d + int(rng.integers(0, 48)), []).append(b)
    for b in renew_day.get(d, []):
        if b_dep[b] <= t0:
            continue
        age = y - b_year[b]
        o = b_owner[b]
        z = (
            -2.8
            - 0.9 * o_l[o]
            + EXPO_Z[s_dock[b_slip[b]]]
            + 0.7 * (o_r[o] < -1)
            - 0.5 * np.log(o_u[o])
            + 2.5 * (b_lapse[b] <= t0)
            + 0.5 * (age > 35)
        )
        if rng.random() < sig(z):
            b_leaving[b] = True
            b_launch_plan[b] = INF
            wet = b_water[b] and b_ltype[b] == 0
            dd = int(secs(f"{y}-04-01") // DAY) + (0 if wet else int(rng.integers(0, 30)))
            leave_day.setdefault(dd, []).append(b)
        else:
            seas = b_ltype[b] if rng.random() > 0.1 else 1 - b_ltype[b]
            b_ltype[b] = seas
            b_next[b] = sign(b, t0 + rng.uniform(8, 18) * 3600, y, bool(seas))
            if seas == 0 and not b_wet[b]:
                b_wet[b] = rng.random() < 0.1
    for b in leave_day.get(d, []):
        if b_dep[b] == INF:
            depart(b, t0 + rng.uniform(8, 17) * 3600)
    pres = present(t0)
    if len(pres) == 0:
        continue
    # lease starts
    nx = b_next[pres]
    for b in pres[nx >= 0]:
        if L[b_next[b]][4] <= t0 + DAY - 1:
            b_lease[b] = b_next[b]
            b_next[b] = -1
    # spring launches (commissioning booked ahead)
    lp = b_launch_plan[pres]
    for b in pres[(lp - 20 * DAY <= t0) & (t0 < lp - 19 * DAY)]:
        if rng.random() < 0.6:
            add_wo(b, t0 + rng.uniform(8, 17) * 3600, "commissioning", lead=17 + rng.uniform(0, 2))
    for b in pres[(lp <= t0) & ~b_water[pres]]:
        lt = t0 + rng.uniform(8, 16) * 3600
        b_water[b] = True
        b_launch_plan[b] = INF
        if b_haul_idx[b] >= 0:
            HAUL[b_haul_idx[b]][4] = lt
            b_haul_idx[b] = -1
    # haul plans on Sep 1; hauls
    if day.month == 9 and day.day == 1:
        for b in pres:
            plan_haul(b, y)
    for b in pres[(b_haul_plan[pres] <= t0 + DAY - 1) & b_water[pres]]:
        ht = max(b_haul_plan[b], t0)
        b_haul_plan[b] = INF
        b_water[b] = False
        nxt = secs(f"{y + 1}-04-10") + rng.uniform(0, 45) * DAY
        HAUL.append([b, ht, "winter storage", nxt, INF, None])
        b_haul_idx[b] = len(HAUL) - 1
        b_launch_plan[b] = nxt + rng.normal(0, 2) * DAY
        if rng.random() < 0.75 * (0.5 if b_lapse[b] <= t0 else 1.0):
            add_wo(b, ht - rng.uniform(5, 15) * DAY, "winterization", lead=0)
            WO[-1][2] = ht + 2 * DAY
            WO[-1][3] = ht + 2 * DAY + rng.gamma(2, 0.5) * DAY
    own = b_owner[pres]
    inw = b_water[pres] & (b_out_until[pres] <= t0)
    lap = b_lapse[pres] <= t0
    # lapses
    newlap = (~lap) & (rng.random(len(pres)) < np.where(o_l[own] < -0.8, 2, 1) / 2000)
    b_lapse[pres[newlap]] = t0 + rng.uniform(0, DAY)
    # club membership
    jn = (o_club_t[own] == INF) & (rng.random(len(pres)) < o_u[own] / 2500)
    o_club_t[own[jn]] = t0 + rng.uniform(9, 20) * 3600
    # fuel
    rate = FRATE[b_type[pres]] * o_u[own] * SEASON[d] * WEATHER[d] * np.where(lap, 0.08, 1.0)
    hit = inw & (rng.random(len(pres)) < rate)
    for b in pres[hit]:
        g = (8.0 if b_type[b] == 1 else b_len[b] * GAL[b_type[b]]) * np.exp(rng.normal(0, 0.35))
        FUEL.append((b, t0 + rng.uniform(7, 19) * 3600, round(float(g), 1)))
    # work orders
    age = np.maximum(y - b_year[pres] - 10, 0)
    h = (
        1
        / 150
        * np.sqrt(o_u[own])
        * (1 + 0.04 * age)
        * np.where(inw, EXPO_WO[s_dock[b_slip[pres]]], 1.0)
        * np.where(lap, 0.4, 1.0)
    )
    for b in pres[rng.random(len(pres)) < h]:
        p = np.array(WOP[b_type[b]])
        if day.month in (3, 4, 5):
            p[4] *= 3
        add_wo(b, t0 + rng.uniform(8, 17) * 3600, WOK[rng.choice(6, p=p / p.sum())])
    if d in STORMS:
        ex = EXPO[s_dock[b_slip[pres]]]
        pst = np.select([ex == "exposed", ex == "moderate"], [0.12, 0.04], 0.0)
        for b in pres[inw & (rng.random(len(pres)) < pst)]:
            add_wo(b, t0 + rng.uniform(10, 30) * 3600, "hull_repair", lead=rng.uniform(1, 4))
    # mid-season sales
    sold = inw & (rng.random(len(pres)) < np.where(lap, 2, 1) / 2500)
    for b in pres[sold]:
        if b_dep[b] == INF:
            depart(b, t0 + rng.uniform(8, 18) * 3600)
    # waitlist arrivals
    for _ in range(rng.poisson(0.7 * (2 if day.month in (2, 3, 4, 5) else 1))):
        rq = t0 + rng.uniform(0, DAY)
        ow = int(b_owner[rng.choice(pres)]) if rng.random() < 0.2 else -1
        WAIT.append(
            [
                ow,
                round(float(rng.uniform(20, 70))),
                rq,
                rq + rng.exponential(400) * DAY,
                INF,
                "",
                -1,
                INF,
                rng.choice(DPREF),
            ]
        )
    # offers for free slips (Apr - Oct only; a slip freed in winter waits for April)
    if 4 <= day.month <= 10:
        keep = []
        for s, ft in free_slips:
            if ft > t0 + DAY:
                keep.append((s, ft))
                continue
            cand = [
                i
                for i, w in enumerate(WAIT)
                if w[5] == "" and w[2] <= t0 and w[3] > t0 and w[1] <= s_len[s] and w[4] == INF
            ]
            if not cand:
                keep.append((s, ft))
                continue
            w = WAIT[min(cand, key=lambda k: WAIT[k][2])]
            w[4] = t0 + rng.uniform(8, 17) * 3600 + int(rng.integers(0, 3)) * DAY
            if rng.random() < 0.7:
                arr = w[4] + rng.uniform(2, 10) * DAY
                o = w[0] if w[0] >= 0 else new_owner(arr - DAY)
                b = new_boat(o, s, arr)
                b_len[b] = min(b_len[b], w[1])
                slip_boat[s] = b
                seas = day.month <= 8 and rng.random() < 0.5
                b_ltype[b] = int(seas)
                b_lease[b] = sign(b, arr - DAY, y, bool(seas), start=arr)
                b_water[b] = True
                w[5], w[6], w[7] = "placed", b, arr
                if day.month >= 9:
                    plan_haul(b, y)
                    if b_haul_plan[b] < INF:
                        b_haul_plan[b] = max(b_haul_plan[b], arr + 7 * DAY)
            else:
                w[5], w[7] = "declined", w[4] + rng.uniform(1, 5) * DAY
                keep.append((s, w[7]))
        free_slips[:] = keep

NB, NO = nb, no
b_dep = b_dep[:NB]

# ---------------- derived arrays
NL = len(L)
L_b = np.array([x[0] for x in L])
L_s = np.array([x[1] for x in L])
L_seas = np.array([x[2] for x in L])
L_signed = np.array([x[3] for x in L])
L_start = np.array([x[4] for x in L])
L_end = np.array([x[5] for x in L])
L_rate = np.array([x[6] for x in L])
L_term = np.array([x[7] for x in L])

NF = len(FUEL)
F_b = np.array([f[0] for f in FUEL])
F_t = np.array([f[1] for f in FUEL])
F_g = np.array([f[2] for f in FUEL])
F_diesel = (b_type[F_b] == 2) | ((b_type[F_b] == 0) & (b_len[F_b] >= 40)) | (b_type[F_b] == 1)
F_day = (F_t // DAY).astype(int)
F_price = np.where(F_diesel, PRICE["diesel"][F_day], PRICE["gas"][F_day])
F_price = np.round(F_price * np.where(o_club_t[b_owner[F_b]] <= F_t, 0.95, 1.0), 3)
F_amt = np.round(F_g * F_price, 2)
F_type = np.where(
    F_diesel,
    rng.choice(["Diesel", "diesel", "DSL"], NF, p=[0.6, 0.3, 0.1]),
    rng.choice(["Gas", "gasoline", "REG 87"], NF, p=[0.6, 0.25, 0.15]),
)
F_pump = rng.integers(1, 5, NF)
BURN = np.where(b_type == 1, 0.8, b_len * 0.35)

NW = len(WO)
W_b = np.array([w[0] for w in WO])
W_open = np.array([w[1] for w in WO])
W_sched = np.array([w[2] for w in WO])
W_done = np.array([w[3] for w in WO])
W_kind = np.array([w[4] for w in WO], dtype=object)
W_cancel = np.where(b_dep[W_b] < W_sched, b_dep[W_b], INF)
W_done = np.where(W_cancel < INF, INF, W_done)
HRS = {
    "commissioning": 5,
    "winterization": 4,
    "engine_repair": 7,
    "electrical": 4,
    "canvas": 3,
    "rigging": 5,
    "bottom_paint": 10,
    "hull_repair": 16,
}
W_hours = np.round(np.array([HRS[k] for k in W_kind]) * np.exp(rng.normal(0, 0.4, NW)) * (b_len[W_b] / 35), 1)
W_parts = np.round(np.exp(rng.normal(5.5, 0.9, NW)) * (b_len[W_b] / 35), 2)
W_total = np.round(W_hours * 125 + W_parts, 2)
W_tech = rng.choice(["Mike", "Sara", "Lee", "Tom", "Jo"], NW)

NH = len(HAUL)
H_b = np.array([h[0] for h in HAUL])
H_t = np.array([h[1] for h in HAUL])
H_reason = np.array([h[2] for h in HAUL], dtype=object)
H_lp = np.array([h[3] for h in HAUL])
H_launch = np.array([h[4] for h in HAUL])
H_wo = np.array([h[5] for h in HAUL], dtype=object)
H_left = np.array([b_dep[b] <= lt + 1 for b, lt in zip(H_b, H_launch, strict=True)]) & (H_launch < INF)
H_rack = rng.choice(["R1", "r1", "Rack 2", "R2", "yard", "Yard", "shed"], NH)

# invoices: (owner, boat, kind, issued, amount, due days)
INV = []
for i in range(NL):
    b = L_b[i]
    if L_seas[i]:
        half = round(L_rate[i] * 6 * 1.25 / 2, 2)
        INV.append((b, "slip", L_signed[i] + 3600, half, 30))
        if L_start[i] < L_term[i]:
            INV.append((b, "slip", L_start[i] + 3600, half, 30))
    else:
        st = START + pd.Timedelta(seconds=float(L_start[i]))
        firsts = [L_start[i]] + [
            secs(m) for m in pd.date_range(st.normalize() + pd.offsets.MonthBegin(1), periods=11, freq="MS")
        ]
        for tm in firsts:
            if tm + 3600 < min(L_term[i], L_end[i]) and tm >= secs("2022-12-01"):
                INV.append((b, "slip", tm + 3600, L_rate[i], 30))
fm = pd.DataFrame({"b": F_b, "o": b_owner[F_b], "m": ts(F_t).to_period("M"), "a": F_amt})
for (b, _o, m), a in fm.groupby(["b", "o", "m"])["a"].sum().items():
    INV.append((b, "fuel", secs((m + 1).to_timestamp()) + 2 * 3600, round(a, 2), 30))
for i in range(NW):
    if W_done[i] < INF:
        INV.append((W_b[i], "service", W_done[i] + rng.uniform(1, 48) * 3600, W_total[i], 15))
for i in range(NH):
    if H_t[i] >= secs("2022-12-01"):
        INV.append(
            (
                H_b[i],
                "storage",
                H_t[i] + 3600,
                round(b_len[H_b[i]] * (40 if H_reason[i] == "winter storage" else 12), 2),
                30,
            )
        )
INV = [x for x in INV if x[2] <= TN]
INV.sort(key=lambda x: x[2])
NI = len(INV)
I_b = np.array([x[0] for x in INV])
I_o = b_owner[I_b]
I_kind = np.array([x[1] for x in INV], dtype=object)
I_t = np.array([x[2] for x in INV])
I_amt = np.round(np.array([x[3] for x in INV], float), 2)
I_due = I_t + np.array([x[4] for x in INV]) * DAY
I_r = o_r[I_o]
I_wo = rng.random(NI) < 0.015 + 0.06 * (I_r < -1.2)
P1 = I_t + (rng.exponential(6 * np.exp(-0.9 * I_r)) + rng.uniform(0.1, 2, NI)) * DAY
split = (I_amt > 2500) & (rng.random(NI) < 0.3)
P2 = P1 + rng.uniform(10, 40, NI) * DAY
METH = ["card", "Card", "VISA", "ach", "ACH", "check", "Cheque"]
o_meth = rng.integers(0, len(METH), NOM)
PAY = []  # (invoice, t, amount)
for i in range(NI):
    if I_wo[i]:
        continue
    if split[i]:
        h1 = round(I_amt[i] / 2, 2)
        PAY.append((i, P1[i], h1))
        PAY.append((i, P2[i], round(I_amt[i] - h1, 2)))
    else:
        PAY.append((i, P1[i], I_amt[i]))
PAY = [p for p in PAY if p[1] <= TN]
PAY.sort(key=lambda p: p[1])
Y_i = np.array([p[0] for p in PAY])
Y_t = np.array([p[1] for p in PAY])
Y_a = np.array([p[2] for p in PAY])
Y_meth = np.array([METH[o_meth[I_o[i]]] if rng.random() < 0.9 else rng.choice(METH) for i in Y_i])

NWT = len(WAIT)
Q_o = np.array([w[0] for w in WAIT])
Q_len = np.array([w[1] for w in WAIT])
Q_rq = np.array([w[2] for w in WAIT])
Q_wd = np.array([w[3] for w in WAIT])
Q_off = np.array([w[4] for w in WAIT])
Q_out = np.array([w[5] for w in WAIT], dtype=object)
Q_pb = np.array([w[6] for w in WAIT])
Q_dec = np.array([w[7] for w in WAIT])
Q_pref = np.array([w[8] for w in WAIT], dtype=object)
Q_wd = np.where(Q_off < Q_wd, INF, Q_wd)  # an offered entry is not withdrawn

# ---------------- tables as they stood at CUT
slips_bt = np.full(NS, -1)
for b in range(NB):
    if b_reg[b] <= T < b_dep[b]:
        slips_bt[b_slip[b]] = b
slips = pd.DataFrame(
    {
        "slip_code": s_code,
        "dock_id": s_dock + 1,
        "length_ft": s_len,
        "power_amps": s_amps,
        "occupied_by": pd.Series(slips_bt + 1).astype("Int64").mask(slips_bt < 0),
        "status": np.where(slips_bt >= 0, "occupied", "vacant"),
    }
)

fk = F_t <= T
gal_o = np.bincount(b_owner[F_b[fk]], weights=F_g[fk], minlength=NOM)
gal_b = np.bincount(F_b[fk], weights=F_g[fk], minlength=NB)
last_f = pd.Series(F_t[fk]).groupby(b_owner[F_b[fk]]).max()
wk = W_open <= T
last_w = pd.Series(W_open[wk]).groupby(b_owner[W_b[wk]]).max()
o_seen = pd.concat([last_f, last_w]).groupby(level=0).max().reindex(range(NO)).to_numpy()
ik = I_t <= T
yk = Y_t <= T
paid_i = np.bincount(Y_i[yk], weights=Y_a[yk], minlength=NI)
I_wo_t = I_t + 120 * DAY
wo_now = I_wo & (I_wo_t <= T)
open_amt = np.where(ik & ~wo_now, np.maximum(I_amt - paid_i, 0), 0)
bal = np.bincount(I_o, weights=open_amt, minlength=NOM)
owners = pd.DataFrame(
    {
        "owner_id": np.arange(1, NO + 1),
        "full_name": o_name[:NO],
        "email": o_email[:NO],
        "home_city": o_city[:NO],
        "member_since": ts(o_created[:NO]),
        "club_member": o_club_t[:NO] <= T,
        "balance_due": np.round(bal[:NO], 2),
        "lifetime_fuel_gal": np.round(gal_o[:NO], 1),
        "last_seen_at": ts(o_seen),
    }
)[o_created[:NO] <= T]

hk = H_t <= T
on_land = np.zeros(NB, bool)
for i in np.nonzero(hk)[0]:
    if H_launch[i] > T:
        on_land[H_b[i]] = True
b_status = np.where(b_dep <= T, "departed", np.where(on_land[:NB], "on_land", "in_water"))
boats = pd.DataFrame(
    {
        "boat_id": np.arange(1, NB + 1),
        "owner_id": b_owner[:NB] + 1,
        "boat_name": b_name[:NB],
        "hin": b_hin[:NB],
        "boat_type": b_spell[:NB],
        "length_ft": b_len[:NB],
        "year_built": b_year[:NB],
        "hull_color": b_color[:NB],
        "registered_at": ts(b_reg[:NB]),
        "status": b_status,
        "departed_at": ts(known(b_dep)),
        "current_slip": np.where(b_dep <= T, None, s_code[b_slip[:NB]]),
        "engine_hours": np.round(b_ehours0[:NB] + gal_b / BURN[:NB], 1),
    }
)[b_reg[:NB] <= T]

lstat = np.where(L_term <= T, "terminated", np.where(L_start > T, "upcoming", np.where(L_end < T, "expired", "active")))
slip_leases = pd.DataFrame(
    {
        "lease_id": np.arange(1, NL + 1),
        "boat_id": L_b + 1,
        "slip_code": s_code[L_s],
        "lease_type": np.where(L_seas == 1, "seasonal", "annual"),
        "signed_at": ts(L_signed),
        "start_date": ts(L_start).date,
        "end_date": ts(L_end).date,
        "monthly_rate": L_rate,
        "status": lstat,
        "terminated_at": ts(known(L_term)),
    }
)[L_signed <= T]

fuel_purchases = pd.DataFrame(
    {
        "purchase_id": np.arange(1, NF + 1),
        "boat_id": F_b + 1,
        "pumped_at": ts(F_t),
        "fuel_type": F_type,
        "gallons": F_g,
        "price_per_gal": F_price,
        "amount": F_amt,
        "pump_no": F_pump,
    }
)
fo = np.argsort(F_t, kind="stable")
fuel_purchases = fuel_purchases.iloc[fo]
fuel_purchases["purchase_id"] = np.arange(1, NF + 1)
fuel_purchases = fuel_purchases[F_t[fo] <= T]

wdone = W_done <= T
wstat = np.where(
    W_cancel <= T, "cancelled", np.where(wdone, "completed", np.where(W_sched <= T, "in_progress", "open"))
)
work_orders = pd.DataFrame(
    {
        "wo_id": np.arange(1, NW + 1),
        "boat_id": W_b + 1,
        "service_type": W_kind,
        "opened_at": ts(W_open),
        "scheduled_for": ts(W_sched),
        "completed_at": ts(known(W_done)),
        "status": wstat,
        "technician": W_tech,
        "labor_hours": np.where(wdone, W_hours, np.nan),
        "parts_cost": np.where(wdone, W_parts, np.nan),
        "total_amount": np.where(wdone, W_total, np.nan),
    }
)[W_open <= T]

haul_outs = pd.DataFrame(
    {
        "haulout_id": np.arange(1, NH + 1),
        "boat_id": H_b + 1,
        "hauled_at": ts(H_t),
        "reason": H_reason,
        "scheduled_launch_on": ts(H_lp).date,
        "launched_at": ts(known(H_launch)),
        "status": np.where(H_launch <= T, np.where(H_left, "left", "launched"), "on_land"),
        "rack": H_rack,
        "work_order_ref": H_wo,
    }
)[hk]

istat = np.where(
    wo_now, "written_off", np.where(paid_i >= I_amt - 0.005, "paid", np.where(I_due < T, "overdue", "open"))
)
invoices = pd.DataFrame(
    {
        "invoice_no": [f"MB-{i + 1:06d}" for i in range(NI)],
        "owner_id": I_o + 1,
        "boat_id": I_b + 1,
        "kind": I_kind,
        "issued_at": ts(I_t),
        "due_on": ts(I_due).date,
        "amount": I_amt,
        "amount_paid": np.round(paid_i, 2),
        "status": istat,
    }
)[ik]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(Y_t) + 1),
        "invoice_no": [f"MB-{i + 1:06d}" for i in Y_i],
        "paid_at": ts(Y_t),
        "amount": Y_a,
        "method": Y_meth,
    }
)[yk]

qoff = Q_off <= T
qdec = Q_dec <= T
qstat = np.where(
    Q_wd <= T,
    "withdrawn",
    np.where(
        qoff,
        np.where((Q_out == "placed") & qdec, "placed", np.where((Q_out == "declined") & qdec, "declined", "offered")),
        "waiting",
    ),
)
waitlist = pd.DataFrame(
    {
        "entry_id": np.arange(1, NWT + 1),
        "owner_id": pd.array(np.where(Q_o >= 0, Q_o + 1, 0)),
        "boat_length_ft": Q_len,
        "dock_pref": Q_pref,
        "requested_at": ts(Q_rq),
        "offered_at": ts(known(Q_off)),
        "status": qstat,
        "placed_boat_id": pd.array(np.where((Q_pb >= 0) & qdec, Q_pb + 1, 0)),
    }
)
waitlist["owner_id"] = waitlist["owner_id"].astype("Int64").mask(Q_o < 0)
waitlist["placed_boat_id"] = waitlist["placed_boat_id"].astype("Int64").mask(~((Q_pb >= 0) & qdec))
waitlist = waitlist.iloc[np.argsort(Q_rq, kind="stable")]
waitlist["entry_id"] = np.arange(1, NWT + 1)
waitlist = waitlist[np.sort(Q_rq) <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE docks (dock_id INTEGER PRIMARY KEY, dock_name VARCHAR, exposure VARCHAR, max_length_ft INTEGER,
                    built_year INTEGER, has_pumpout BOOLEAN);
CREATE TABLE slips (slip_code VARCHAR PRIMARY KEY, dock_id INTEGER REFERENCES docks(dock_id), length_ft INTEGER,
                    power_amps INTEGER, occupied_by INTEGER, status VARCHAR);
CREATE TABLE owners (owner_id INTEGER PRIMARY KEY, full_name VARCHAR, email VARCHAR, home_city VARCHAR,
                     member_since TIMESTAMP, club_member BOOLEAN, balance_due DOUBLE, lifetime_fuel_gal DOUBLE,
                     last_seen_at TIMESTAMP);
CREATE TABLE boats (boat_id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES owners(owner_id), boat_name VARCHAR,
                    hin VARCHAR, boat_type VARCHAR, length_ft DOUBLE, year_built INTEGER, hull_color VARCHAR,
                    registered_at TIMESTAMP, status VARCHAR, departed_at TIMESTAMP, current_slip VARCHAR,
                    engine_hours DOUBLE);
CREATE TABLE slip_leases (lease_id INTEGER PRIMARY KEY, boat_id INTEGER, slip_code VARCHAR, lease_type VARCHAR,
                          signed_at TIMESTAMP, start_date DATE, end_date DATE, monthly_rate DOUBLE, status VARCHAR,
                          terminated_at TIMESTAMP);
CREATE TABLE fuel_purchases (purchase_id INTEGER PRIMARY KEY, boat_id INTEGER, pumped_at TIMESTAMP,
                             fuel_type VARCHAR, gallons DOUBLE, price_per_gal DOUBLE, amount DOUBLE, pump_no INTEGER);
CREATE TABLE work_orders (wo_id INTEGER PRIMARY KEY, boat_id INTEGER, service_type VARCHAR, opened_at TIMESTAMP,
                          scheduled_for TIMESTAMP, completed_at TIMESTAMP, status VARCHAR, technician VARCHAR,
                          labor_hours DOUBLE, parts_cost DOUBLE, total_amount DOUBLE);
CREATE TABLE haul_outs (haulout_id INTEGER PRIMARY KEY, boat_id INTEGER, hauled_at TIMESTAMP, reason VARCHAR,
                        scheduled_launch_on DATE, launched_at TIMESTAMP, status VARCHAR, rack VARCHAR,
                        work_order_ref VARCHAR);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, owner_id INTEGER, boat_id INTEGER, kind VARCHAR,
                       issued_at TIMESTAMP, due_on DATE, amount DOUBLE, amount_paid DOUBLE, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
CREATE TABLE waitlist (entry_id INTEGER PRIMARY KEY, owner_id INTEGER, boat_length_ft INTEGER, dock_pref VARCHAR,
                       requested_at TIMESTAMP, offered_at TIMESTAMP, status VARCHAR, placed_boat_id INTEGER);
""")
for name, df in [
    ("docks", docks),
    ("slips", slips),
    ("owners", owners),
    ("boats", boats),
    ("slip_leases", slip_leases),
    ("fuel_purchases", fuel_purchases),
    ("work_orders", work_orders),
    ("haul_outs", haul_outs),
    ("invoices", invoices),
    ("payments", payments),
    ("waitlist", waitlist),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
