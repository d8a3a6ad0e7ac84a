"""A residential property manager's operational database (buildings, units, tenants, leases with renewals, early
terminations and evictions, a monthly ledger of rent and pet-fee charges set ahead of their due date, late fees,
payments late and partial, maintenance requests with vendors, vendors, inspections, move-out records), seeded:
`python benchmarks/trials/propmgmt.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 32 buildings, 1,308 units, 2,286 tenants, 3,889
leases, 44.5k rent charges, 46.2k payments, 14.2k maintenance requests, 36 vendors, 4.7k inspections, 1,059
move-outs (about 118k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the system went live on START = 2023-01-01: leases running then
were imported with their original signed_at / start_date (2022), rent charges exist from 2023-01 on. Rows dated
after NOW exist only where written ahead: rent_charges.due_date (a charge is created on the 25th for the 1st of next
month), leases.start_date / end_date (signed 5-60 days before the start; renewals signed 20-60 days before the old
lease ends), move_outs.move_out_date (notice 30-75 days ahead), inspections.scheduled_for (created 14-30 days
ahead), leases.terminated_on (written at the notice). Every other column holding a later date of its row is filled
in later.

Truth (seed 0):
- buildings (32) in Austin / Denver / Columbus, city stored MESSY ('Austin', 'austin', 'AUSTIN ', 'Denver CO',
  'denver', 'Columbus', 'columbus', 'Cbus'); hidden management quality q_b ~ N(0, 1); year_built 1955-2021;
  2 buildings open inside the span (2023-07-01, 2024-04-01: units lease up from then); manager_phone, address noise
- units (15-70 per building): market rent = city base (1600 / 1750 / 1150) x bedrooms (studio .75, 1br 1, 2br 1.35,
  3br 1.7) x (sqft / 800)^.3 x LogNormal(0, .08), growing a year Austin -1%, Denver 3%, Columbus 6%; paint_color
  noise. TODAY's: status ('occupied', 'notice', 'vacant'), current_tenant_id (cleared / replaced later),
  asking_rent (the market rent at the snapshot), last_inspection_at
- tenants: hidden reliability z ~ N(0, 1), stay propensity s ~ N(0, 1), unit care k ~ N(0, 1); credit_score = 690 +
  55 z + N(0, 35) (NULL 10%); annual_income ~ 40 x rent x exp(.15 z + N(0, .2)) (NULL 20%); has_pets 30%;
  phone_last4 noise. TODAY's: status ('current', 'former', 'evicted'), balance_due (charges less payments at the
  snapshot), lease_count
- leases (text key lease_code 'L-000123'): start on the 1st, term 12 months (.75) / 6 (.1) / 18 (.15); rent =
  market x LogNormal(0, .03) rounded to 5; deposit one month; renewal_of = the previous lease_code of the same
  tenant (a text self-reference). At 60 days before the end a renewal offer with increase inc = city growth +
  N(.03, .02); renewed with p sigmoid(.7 + .9 s + .45 q_b - 12 (inc - .04) + .3 pets). Early termination hazard
  sigmoid(-5.2 - .9 s - .3 q_b) per month (notice, terminated_on 30-60 days on, the end of a month). Vacancy after
  a move-out: Exp(25 exp(-.4 q_b) x 1.6 in Nov-Feb) days, whole months; status TODAY's ('upcoming', 'active',
  'notice', 'ended', 'terminated', 'evicted'); terminated_on filled in at the notice
- rent_charges: one 'rent' per lease month (charge_type MESSY: 'rent', 'Rent', 'RENT ', 'monthly rent'), 'pet_fee'
  35 for pet owners ('pet fee', 'Pet Fee', 'pet_fee'), 'late_fee' 75 (created due + 6 days when the rent is not
  fully paid by then: 'late fee', 'Late Fee', 'LATE_FEE'); status and amount_paid TODAY's
- payments: a hardship episode starts with p .02 a month (x3 when z < -1), lasts Exp(3 months); late (after day 5)
  with p sigmoid(-3.0 - 1.3 z + 2.5 hardship + .5 December); late delay 6 + Exp(6 exp(-.4 z)) days; partial with
  p sigmoid(-3.2 - 1.2 z + 1.5 hardship): 50-80% first, the rest Exp(15) days later; days_late = whole days after
  the due date (0 when on time); method MESSY ('ACH', 'ach', 'Check', 'check ', 'card', 'Credit Card', 'cash');
  confirmation_no noise; an evicted tenant pays its open charges with p .3
- evictions: 3+ of the last 4 rents late and U < .06 (79 of 1,059 move-outs): filed 10 days after the due date (a move_out with reason
  'eviction', moving out 25-45 days on)
- maintenance_requests: per unit-month Poisson .24 x exp(-.35 q_b) x (1 + .012 (building age - 15)+) x
  (occupied: exp(.35 k) x 1.3 pets; vacant .4) x season; categories plumbing (x1.5 Dec-Feb, x(1 + age/60)), hvac
  (.6 x (1 + 2.5 summer + 1.2 winter)), electrical .4, appliance .8, pest (.3 x (1 + summer)), general .6, stored
  MESSY ('Plumbing', 'plumbing', 'PLUMBING', 'HVAC', 'hvac', 'A/C', 'Heating', 'Electrical', 'electric',
  'Appliance', 'appliances', 'Pest', 'pest control', 'General', 'general'); priority urgent .15 (hvac in summer
  .35) / normal .6 / low; vendor_id filled in at assignment (Exp(.5 day), urgent x.2), closed_at = assigned +
  Exp(speed_v x {urgent 1, normal 4, low 8} days x exp(-.2 q_b)), cost = LogNormal(log base_category, .5) x
  price_v, satisfaction (60% answer, at close + 2 days) = round(3.6 + .6 quality_v - .12 days open + N(0, .8));
  status TODAY's ('open', 'assigned', 'closed')
- vendors (36, 6 per trade): hidden speed_v LogNormal(0, .4), price_v LogNormal(0, .25), quality_v N(0, 1);
  rating (mean satisfaction) and jobs_completed TODAY's; hourly_rate noise
- inspections: 'move_in' at each new lease's start, 'move_out' at each move-out date, 'annual' a year apart per unit;
  created 14-30 days ahead (move_in: at signing, move_out: at the notice); completed_at and score filled in later
  (score = 85 + 5 q_b + 4 k - 3 pets + N(0, 5), 30..100); inspector messy noise
- move_outs: reason MESSY ('End of lease', 'end_of_lease', 'Relocation', 'job relocation', 'Bought a home',
  'buying home', 'early termination', 'Early Termination', 'eviction', 'Eviction'); deposit_refund and refunded_at
  filled in later (move_out_date + 14-30 days; deposit less damage from k and pets)
- keys: PKs declared on buildings, units, tenants, leases (lease_code VARCHAR), vendors, rent_charges; REFERENCES
  only units.building_id -> buildings and leases.tenant_id -> tenants. Undeclared: leases.unit_id, leases.renewal_of
  (text -> leases.lease_code), rent_charges.lease_ref (text), payments (tenant_id, lease_ref text, charge_id),
  maintenance_requests (unit_id, tenant_id, vendor_id), inspections.unit_id, move_outs (lease_ref text, unit_id);
  payments, maintenance_requests, inspections, move_outs have id columns but no declared PK
- `python propmgmt.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
M0 = pd.Timestamp("2021-01-01")
NM = 72  # months 2021-01 .. 2026-12
MONTHS = pd.date_range(M0, periods=NM, freq="MS")
MS = np.array([(m - START).total_seconds() for m in MONTHS])  # the 1st of month i, in seconds from START
MON = MONTHS.month.values
M_START = 24  # 2023-01
M_NOW = 47  # 2024-12


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


def month_of(t):
    return int(np.searchsorted(MS, t, side="right") - 1)


SUMMER = np.isin(MON, [6, 7, 8]).astype(float)
WINTER = np.isin(MON, [12, 1, 2]).astype(float)

# ---------------- buildings
NB = 32
CITY = np.array(["Austin", "Denver", "Columbus"])
CITY_SP = {
    0: (["Austin", "austin", "AUSTIN "], [0.7, 0.2, 0.1]),
    1: (["Denver", "denver", "Denver CO"], [0.7, 0.2, 0.1]),
    2: (["Columbus", "columbus", "Cbus"], [0.7, 0.2, 0.1]),
}
BASE = np.array([1600.0, 1750.0, 1150.0])
GROW = np.array([-0.01, 0.03, 0.06])
b_city = rng.choice(3, NB, p=[0.38, 0.3, 0.32])
b_city_txt = [str(rng.choice(CITY_SP[c][0], p=CITY_SP[c][1])) for c in b_city]
b_q = rng.normal(0, 1, NB)
b_year = rng.integers(1955, 2022, NB)
b_open = np.full(NB, secs("2015-01-01")) - rng.uniform(0, 3000, NB) * DAY
b_open[NB - 2] = secs("2023-07-01")
b_open[NB - 1] = secs("2024-04-01")
b_year[NB - 2 :] = [2023, 2024]
b_q[NB - 2 :] = [0.8, 0.5]
b_nu = rng.integers(15, 71, NB)
b_age = 2024 - b_year
b_floors = np.clip(b_nu // 8 + rng.integers(-1, 3, NB), 1, 12)
b_phone = [f"({rng.integers(200, 999)}) 555-{rng.integers(1000, 9999)}" for _ in range(NB)]
b_addr = [
    f"{rng.integers(100, 9999)} {rng.choice(['Oak', 'Elm', 'Main', 'Pine', 'Lake', 'Hill'])} St" for _ in range(NB)
]
STREET = ["Maple", "Cedar", "Willow", "Aspen", "Juniper", "Birch", "Sycamore", "Laurel"]
b_name = [
    f"{rng.choice(STREET)} {rng.choice(['Court', 'Commons', 'Lofts', 'Place', 'Terrace', 'Flats'])} {i + 1}"
    for i in range(NB)
]

# ---------------- units
u_b = np.repeat(np.arange(NB), b_nu)
NU = len(u_b)
u_bed = rng.choice(4, NU, p=[0.12, 0.43, 0.33, 0.12])
u_sqft = np.round(np.array([480, 700, 980, 1250])[u_bed] * np.exp(rng.normal(0, 0.12, NU)))
u_floor = np.array([rng.integers(1, b_floors[b] + 1) for b in u_b])
u_no = [
    f"{f}{chr(65 + i % 8)}{i // 8 % 10 if i >= 8 else ''}"
    for i, f in zip(np.concatenate([np.arange(n) for n in b_nu]), u_floor, strict=True)
]
u_base = BASE[b_city[u_b]] * np.array([0.75, 1.0, 1.35, 1.7])[u_bed] * (u_sqft / 800) ** 0.3
u_base *= np.exp(rng.normal(0, 0.08, NU))
u_paint = rng.choice(["white", "eggshell", "grey", "beige"], NU)


def market(u, t):
    return u_base[u] * (1 + GROW[b_city[u_b[u]]]) ** (t / DAY / 365.25)


# ---------------- vendors
TRADES = ["plumbing", "hvac", "electrical", "appliance", "pest", "general"]
NV = 36
v_trade = np.repeat(np.arange(6), 6)
v_speed = np.exp(rng.normal(0, 0.4, NV))
v_price = np.exp(rng.normal(0, 0.25, NV))
v_qual = rng.normal(0, 1, NV)
v_rate = np.round(rng.uniform(45, 120, NV), 0)
v_join = secs("2016-01-01") + rng.uniform(0, 2400, NV) * DAY
v_join[[5, 17, 29]] = [secs("2023-05-10"), secs("2023-11-02"), secs("2024-06-15")]
v_name = [
    f"{rng.choice(['Ace', 'Pro', 'Metro', 'Quick', 'Reliable', 'City', 'Prime'])} {TRADES[v_trade[i]].title()} "
    f"{rng.choice(['LLC', 'Inc', 'Co', 'Services'])}"
    for i in range(NV)
]
CAT_W0 = np.array([1.0, 0.6, 0.4, 0.8, 0.3, 0.6])
CAT_BASE = np.array([260.0, 420.0, 220.0, 300.0, 150.0, 140.0])
CAT_SP = [
    (["Plumbing", "plumbing", "PLUMBING"], [0.6, 0.3, 0.1]),
    (["HVAC", "hvac", "A/C", "Heating"], [0.55, 0.25, 0.1, 0.1]),
    (["Electrical", "electric"], [0.75, 0.25]),
    (["Appliance", "appliances"], [0.7, 0.3]),
    (["Pest", "pest control"], [0.6, 0.4]),
    (["General", "general"], [0.6, 0.4]),
]

# ---------------- the simulation, unit by unit
TEN = []  # (z, s, k, pets, created)
LEASE = []  # dict per lease
MO = []  # move-outs: (lease, unit, notice_t, out_t, reason)
CH = []  # charges: (lease, type, amount, due_t, created_t)
PAY = []  # payments: (tenant, lease, charge, t, amount, due_t)
hard_until = {}
LATE_HIST = {}


def new_tenant(t_created):
    z, s, k = rng.normal(0, 1, 3)
    TEN.append((z, s, k, rng.random() < 0.3, t_created))
    return len(TEN) - 1


def pay_charge(tn, li, ci, amount, due_t, mi, evicted_later):
    """Draw how a charge gets paid; returns whether it was late (paid in full after day 5)."""
    z = TEN[tn][0]
    h = hard_until.get(tn, -1)
    if MS[mi] >= h and rng.random() < 0.02 * (3 if z < -1 else 1):
        h = MS[mi] + rng.exponential(3 * 30) * DAY
        hard_until[tn] = h
    hard = MS[mi] < h
    late = rng.random() < sig(-3.0 - 1.3 * z + 2.5 * hard + 0.5 * (MON[mi] == 12))
    partial = rng.random() < sig(-3.2 - 1.2 * z + 1.5 * hard)
    t1 = due_t + (6 + rng.exponential(6 * np.exp(-0.4 * z))) * DAY if late else due_t + rng.uniform(-4, 4.9) * DAY
    t1 += rng.uniform(8, 20) * 3600
    if evicted_later and rng.random() > 0.3:
        return True, np.inf
    if partial:
        f = rng.uniform(0.5, 0.8)
        a1 = round(amount * f, 2)
        PAY.append((tn, li, ci, t1, a1, due_t))
        t2 = t1 + rng.exponential(15) * DAY + 3600
        PAY.append((tn, li, ci, t2, round(amount - a1, 2), due_t))
        full_t = t2
    else:
        PAY.append((tn, li, ci, t1, amount, due_t))
        full_t = t1
    return full_t > due_t + 6 * DAY, full_t


for u in range(NU):
    b = u_b[u]
    q = b_q[b]
    if b_open[b] < 0:
        mi = M_START - int(rng.integers(1, 13))  # the lease running at go-live started 1-12 months before
        first_import = True
    else:
        mi = month_of(b_open[b]) + 1 + int(rng.exponential(1.5))
        first_import = False
    tn = None
    prev = None
    inc = 0.0  # the renewal increase, drawn at each lease's end
    while mi <= M_NOW + 1:
        renewal = tn is not None
        if not renewal:
            signed = MS[mi] - rng.uniform(5, 45) * DAY
            if not first_import:
                signed = max(signed, b_open[b] + rng.uniform(0, 5) * DAY)
            tn = new_tenant(signed)
        else:
            signed = MS[mi] - rng.uniform(20, 60) * DAY
        first_import = False
        z, s, k, pets, _ = TEN[tn]
        term = int(rng.choice([12, 6, 18], p=[0.75, 0.1, 0.15]))
        if renewal:
            rent = round(LEASE[prev]["rent"] * (1 + inc) / 5) * 5
        else:
            rent = round(market(u, MS[mi]) * np.exp(rng.normal(0, 0.03)) / 5) * 5
        li = len(LEASE)
        L = dict(
            unit=u,
            tenant=tn,
            signed=signed,
            sm=mi,
            em=mi + term,
            rent=rent,
            renewal_of=prev,
            pets=pets,
            end_kind="ended",
            notice=np.inf,
            term_on=np.nan,
            term=term,
        )
        LEASE.append(L)
        # month by month
        late_hist = LATE_HIST.setdefault(tn, [])
        end_m = mi + term  # the first month no longer charged
        evict = False
        for m in range(mi, mi + term):
            if m > M_NOW + 1:
                break
            due = MS[m]
            if m >= M_START:
                created = due - (7 - rng.uniform(0, 0.2)) * DAY
                CH.append((li, "rent", float(rent), due, created))
                ci = len(CH) - 1
                late, full_t = pay_charge(tn, li, ci, float(rent), due, m, False)
                late_hist.append(late)
                if pets:
                    CH.append((li, "pet_fee", 35.0, due, created + 60))
                    pay_charge(tn, li, len(CH) - 1, 35.0, due, m, False)
                if late:
                    lt = due + 6 * DAY + rng.uniform(1, 5) * 3600
                    CH.append((li, "late_fee", 75.0, lt, lt))
                    if full_t < np.inf:
                        PAY.append((tn, li, len(CH) - 1, max(full_t, lt) + 60, 75.0, lt))
                if len(late_hist) >= 4 and sum(late_hist[-4:]) >= 3 and rng.random() < 0.06:
                    evict = True
                    L["end_kind"] = "evicted"
                    L["notice"] = due + 10 * DAY + rng.uniform(9, 17) * 3600
                    out = L["notice"] + rng.uniform(25, 45) * DAY
                    end_m = month_of(out) + 1
                    L["term_on"] = out
                    # the months until the move-out are charged and mostly not paid
                    for m2 in range(m + 1, end_m):
                        if MS[m2] > MS[M_NOW + 1]:
                            break
                        cr = MS[m2] - 7 * DAY
                        CH.append((li, "rent", float(rent), MS[m2], cr))
                        pay_charge(tn, li, len(CH) - 1, float(rent), MS[m2], m2, True)
                    MO.append((li, u, L["notice"], out, "eviction"))
                    break
            if M_START <= m < mi + term - 2 and rng.random() < sig(-5.2 - 0.9 * s - 0.3 * q):
                L["end_kind"] = "terminated"
                L["notice"] = due + rng.uniform(1, 27) * DAY + rng.uniform(9, 17) * 3600
                end_m = min(month_of(L["notice"]) + 1 + int(rng.integers(1, 3)), mi + term)
                out = MS[end_m] - DAY + 12 * 3600
                L["term_on"] = out
                MO.append((li, u, L["notice"], out, "early"))
                break
        L["em"] = end_m
        if evict or L["end_kind"] == "terminated":
            next_free = L["term_on"]
            tn = None
        else:
            # renewal decision 60 days before the end
            inc = GROW[b_city[b]] + rng.normal(0.03, 0.02)
            p = sig(0.7 + 0.9 * s + 0.45 * q - 12 * (inc - 0.04) + 0.3 * pets)
            if rng.random() < p:
                prev = li
                mi = end_m
                continue
            L["notice"] = MS[end_m] - rng.uniform(30, 75) * DAY + rng.uniform(9, 17) * 3600
            out = MS[end_m] - DAY + 12 * 3600
            MO.append((li, u, L["notice"], out, "end"))
            next_free = out
            tn = None
        prev = None
        mnext = month_of(next_free) + 1
        vac = rng.exponential(25 * np.exp(-0.4 * q) * (1.6 if MON[min(mnext, NM - 1)] in (11, 12, 1, 2) else 1))
        mi = mnext + int(vac // 30)

NT = len(TEN)
t_z = np.array([x[0] for x in TEN])
t_s = np.array([x[1] for x in TEN])
t_k = np.array([x[2] for x in TEN])
t_pets = np.array([x[3] for x in TEN])
t_created = np.array([x[4] for x in TEN])
NL = len(LEASE)
l_unit = np.array([L["unit"] for L in LEASE])
l_ten = np.array([L["tenant"] for L in LEASE])
l_signed = np.array([L["signed"] for L in LEASE])
l_sm = np.array([L["sm"] for L in LEASE])
l_em = np.array([L["em"] for L in LEASE])
l_rent = np.array([L["rent"] for L in LEASE], float)
l_prev = np.array([-1 if L["renewal_of"] is None else L["renewal_of"] for L in LEASE])
l_kind = np.array([L["end_kind"] for L in LEASE], dtype=object)
l_notice = np.array([L["notice"] for L in LEASE])
l_termon = np.array([L["term_on"] for L in LEASE])
l_start = MS[l_sm]
l_out = np.where(np.isnan(l_termon), MS[np.minimum(l_em, NM - 1)], l_termon)  # when the lease stops running

# the contractual end: start + term months - 1 day (a terminated / evicted lease keeps its planned one)
l_plan_em = l_sm + np.array([L["term"] for L in LEASE])
l_end_date = MS[np.minimum(l_plan_em, NM - 1)] - DAY

# ---------------- maintenance
NU_M = NM
occ = np.full((NU, NM), -1)  # tenant occupying unit u in month m (-1 vacant)
for i in range(NL):
    for m in range(l_sm[i], min(l_em[i], NM)):
        occ[l_unit[i], m] = l_ten[i]
u_first = np.array([month_of(max(b_open[u_b[u]], MS[M_START])) for u in range(NU)])
MR = []  # (unit, tenant, t, cat, priority, vendor, assigned, closed, cost, sat, sat_t)
vend_by_trade = [np.nonzero(v_trade == c)[0] for c in range(6)]
for u in range(NU):
    b = u_b[u]
    age = b_age[b]
    for m in range(u_first[u], M_NOW + 1):
        tn = occ[u, m]
        f = 0.24 * np.exp(-0.35 * b_q[b]) * (1 + 0.012 * max(age - 15, 0))
        f *= np.exp(0.35 * t_k[tn]) * (1.3 if t_pets[tn] else 1.0) if tn >= 0 else 0.4
        w = CAT_W0 * np.array(
            [
                (1.5 if WINTER[m] else 1.0) * (1 + age / 60),
                1 + 2.5 * SUMMER[m] + 1.2 * WINTER[m],
                1,
                1,
                1 + SUMMER[m],
                1,
            ]
        )
        lam = f * w.sum() / CAT_W0.sum()
        for _ in range(rng.poisson(lam)):
            t = MS[m] + rng.uniform(0, MS[m + 1] - MS[m])
            if t < max(b_open[b], 0):
                continue
            c = int(rng.choice(6, p=w / w.sum()))
            pr = rng.choice(
                ["urgent", "normal", "low"], p=[0.35, 0.5, 0.15] if (c == 1 and SUMMER[m]) else [0.15, 0.6, 0.25]
            )
            ok = vend_by_trade[c][v_join[vend_by_trade[c]] <= t]
            v = int(rng.choice(ok))
            asg = t + rng.exponential(0.5 * (0.2 if pr == "urgent" else 1)) * DAY
            dur = rng.exponential(v_speed[v] * {"urgent": 1, "normal": 4, "low": 8}[pr] * np.exp(-0.2 * b_q[b]))
            cl = asg + dur * DAY + 3600
            cost = round(CAT_BASE[c] * np.exp(rng.normal(0, 0.5)) * v_price[v], 2)
            sat = int(np.clip(round(3.6 + 0.6 * v_qual[v] - 0.12 * (cl - t) / DAY + rng.normal(0, 0.8)), 1, 5))
            ans = rng.random() < 0.6
            MR.append((u, tn, t, c, pr, v, asg, cl, cost, sat if ans else np.nan, cl + 2 * DAY))
mr = pd.DataFrame(MR, columns=["u", "tn", "t", "c", "pr", "v", "asg", "cl", "cost", "sat", "sat_t"])
mr = mr.sort_values("t", kind="stable").reset_index(drop=True)
NMR = len(mr)
mr_cat = [str(rng.choice(CAT_SP[c][0], p=CAT_SP[c][1])) for c in mr.c]

# ---------------- move-outs, inspections
NMO = len(MO)
mo_l = np.array([x[0] for x in MO])
mo_u = np.array([x[1] for x in MO])
mo_notice = np.array([x[2] for x in MO])
mo_out = np.array([x[3] for x in MO])
mo_kind = np.array([x[4] for x in MO], dtype=object)
REASONS = {
    "end": (
        ["End of lease", "end_of_lease", "Relocation", "job relocation", "Bought a home", "buying home"],
        [0.35, 0.2, 0.15, 0.1, 0.12, 0.08],
    ),
    "early": (["early termination", "Early Termination", "job relocation", "Bought a home"], [0.4, 0.3, 0.2, 0.1]),
    "eviction": (["eviction", "Eviction"], [0.7, 0.3]),
}
mo_reason = [str(rng.choice(REASONS[k][0], p=REASONS[k][1])) for k in mo_kind]
mo_dmg = np.maximum(0, rng.normal(150 - 120 * t_k[l_ten[mo_l]] + 120 * t_pets[l_ten[mo_l]], 120)).round(2)
mo_dep = l_rent[mo_l]
mo_dmg = np.where(mo_kind == "eviction", mo_dep, np.minimum(mo_dmg, mo_dep))
mo_refund_t = mo_out + rng.uniform(14, 30, NMO) * DAY
mo_city = rng.choice(["Austin", "Denver", "Columbus", "Houston", "Chicago", "Phoenix", None], NMO)

INS = []  # (unit, kind, created, scheduled, tenant_for_score)
for i in range(NL):
    if l_prev[i] < 0 and l_start[i] >= 0:
        INS.append((l_unit[i], "move_in", l_signed[i], l_start[i] - DAY + 10 * 3600, l_ten[i]))
for j in range(NMO):
    INS.append((mo_u[j], "move_out", mo_notice[j], mo_out[j] + 2 * 3600, l_ten[mo_l[j]]))
for u in range(NU):
    t = max(b_open[u_b[u]], 0) + rng.uniform(30, 365) * DAY
    while t < TN + 60 * DAY:
        m = month_of(t)
        INS.append((u, "annual", t - rng.uniform(14, 30) * DAY, t, occ[u, m]))
        t += rng.uniform(340, 390) * DAY
ins = pd.DataFrame(INS, columns=["u", "kind", "cr", "sch", "tn"])
ins = ins[ins.sch <= TN + 90 * DAY].sort_values("cr", kind="stable").reset_index(drop=True)
NI = len(ins)
tk = np.where(ins.tn >= 0, t_k[ins.tn.clip(0)], 0.0)
tp = np.where(ins.tn >= 0, t_pets[ins.tn.clip(0)], False)
ins_score = np.clip(np.round(85 + 5 * b_q[u_b[ins.u]] + 4 * tk - 3 * tp + rng.normal(0, 5, NI)), 30, 100)
ins_done = ins.sch.to_numpy() + rng.uniform(0.5, 6, NI) * 3600
ins_insp = rng.choice(["J. Ortiz", "j ortiz", "K. Lee", "Kim Lee", "M. Brown", "mbrown"], NI)

# ---------------- charges and payments
ch = pd.DataFrame(CH, columns=["l", "type", "amount", "due", "cr"])
ch["id"] = np.arange(len(ch))
ch = ch.sort_values(["cr", "id"], kind="stable").reset_index(drop=True)
new_id = np.empty(len(ch), int)
new_id[ch.id.to_numpy()] = np.arange(len(ch))
NC = len(ch)
TYPE_SP = {
    "rent": (["rent", "Rent", "RENT ", "monthly rent"], [0.6, 0.25, 0.1, 0.05]),
    "pet_fee": (["pet fee", "Pet Fee", "pet_fee"], [0.5, 0.3, 0.2]),
    "late_fee": (["late fee", "Late Fee", "LATE_FEE"], [0.5, 0.35, 0.15]),
}
ch_type = [str(rng.choice(TYPE_SP[k][0], p=TYPE_SP[k][1])) for k in ch.type]
pay = pd.DataFrame(PAY, columns=["tn", "l", "c", "t", "amount", "due"])
pay = pay[np.isfinite(pay.t)]
pay = pay[pay.t <= TN].sort_values("t", kind="stable").reset_index(drop=True)
pay["c"] = new_id[pay.c.to_numpy()]
NP = len(pay)
pay_method = rng.choice(
    ["ACH", "ach", "Check", "check ", "card", "Credit Card", "cash"], NP, p=[0.4, 0.15, 0.15, 0.05, 0.12, 0.08, 0.05]
)
pay_conf = [f"{rng.integers(10**8, 10**9):x}".upper() for _ in range(NP)]

# ---------------- tables as they stood at CUT
buildings = pd.DataFrame(
    {
        "building_id": np.arange(1, NB + 1),
        "name": b_name,
        "address": b_addr,
        "city": b_city_txt,
        "year_built": b_year,
        "floors": b_floors,
        "has_elevator": b_floors >= 4,
        "manager_phone": b_phone,
        "opened_on": ts(b_open).date,
    }
)[b_open <= T]

# today's unit state
live = (l_signed <= T) & (l_start <= T) & (l_out > T)
u_tenant = np.full(NU, -1)
u_tenant[l_unit[live]] = l_ten[live]
notice_known = live & (l_notice <= T)
u_status = np.where(u_tenant >= 0, "occupied", "vacant").astype(object)
u_status[l_unit[notice_known]] = "notice"
ins_known = ins_done <= T
last_ins = pd.Series(ins_done[ins_known]).groupby(ins.u.to_numpy()[ins_known]).max().reindex(range(NU)).to_numpy()
units = pd.DataFrame(
    {
        "unit_id": np.arange(1, NU + 1),
        "building_id": u_b + 1,
        "unit_no": u_no,
        "bedrooms": u_bed,
        "sqft": u_sqft.astype(int),
        "floor": u_floor,
        "paint_color": u_paint,
        "asking_rent": np.round([market(u, T) / 5 for u in range(NU)]) * 5,
        "status": u_status,
        "current_tenant_id": pd.array(np.where(u_tenant >= 0, u_tenant + 1, 0), dtype="Int64"),
        "last_inspection_at": ts(last_ins),
        "created_at": ts(b_open[u_b]),
    }
)
units.loc[u_tenant < 0, "current_tenant_id"] = pd.NA
units = units[b_open[u_b] <= T]

# tenants
ch_l = ch.l.to_numpy()
ch_known = ch.cr.to_numpy() <= T
pay_known = pay.t.to_numpy() <= T
owed = np.bincount(l_ten[ch_l[ch_known]], weights=ch.amount.to_numpy()[ch_known], minlength=NT)
paid = np.bincount(pay.tn.to_numpy()[pay_known], weights=pay.amount.to_numpy()[pay_known], minlength=NT)
t_live = np.zeros(NT, bool)
t_live[l_ten[(l_signed <= T) & (l_out > T)]] = True
evicted_t = np.zeros(NT, bool)
ev = (l_kind == "evicted") & (l_out <= T)
evicted_t[l_ten[ev]] = True
t_status = np.where(t_live, "current", np.where(evicted_t, "evicted", "former"))
t_cs = np.round(690 + 55 * t_z + rng.normal(0, 35, NT))
t_cs_null = rng.random(NT) < 0.1
first_rent = pd.Series(l_rent).groupby(l_ten).first().reindex(range(NT)).to_numpy()
t_inc = np.round(40 * first_rent * np.exp(0.15 * t_z + rng.normal(0, 0.2, NT)), -2)
t_inc_null = rng.random(NT) < 0.2
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Mo", "Nia"]
LAST = ["Garcia", "Smith", "Nguyen", "Patel", "Johnson", "Kim", "Lopez", "Brown", "Davis", "Miller"]
t_first = rng.choice(FIRST, NT)
t_last = rng.choice(LAST, NT)
tenants = pd.DataFrame(
    {
        "tenant_id": np.arange(1, NT + 1),
        "full_name": [f"{a} {b}" for a, b in zip(t_first, t_last, strict=True)],
        "email": [
            f"{a.lower()}.{b.lower()}{i}@mail.example" for i, (a, b) in enumerate(zip(t_first, t_last, strict=True))
        ],
        "phone_last4": [f"{x:04d}" for x in rng.integers(0, 10000, NT)],
        "credit_score": pd.array(np.where(t_cs_null, 0, t_cs).astype(int), dtype="Int64"),
        "annual_income": np.where(t_inc_null, np.nan, t_inc),
        "has_pets": t_pets,
        "created_at": ts(t_created),
        "status": t_status,
        "balance_due": np.round(owed - paid, 2),
        "lease_count": np.bincount(l_ten[l_signed <= T], minlength=NT),
    }
)
tenants.loc[t_cs_null, "credit_score"] = pd.NA
tenants = tenants[t_created <= T]

# leases
codes = np.array([f"L-{i + 1:06d}" for i in range(NL)], dtype=object)
l_notice_known = l_notice <= T
l_status = np.where(
    l_start > T,
    "upcoming",
    np.where(
        l_out > T,
        np.where(l_notice_known, "notice", "active"),
        np.where(l_kind == "ended", "ended", l_kind),
    ),
)
# a renewed lease that reached its end is 'ended'; the renewal is then 'active'
leases = pd.DataFrame(
    {
        "lease_code": codes,
        "unit_id": l_unit + 1,
        "tenant_id": l_ten + 1,
        "signed_at": ts(l_signed),
        "start_date": ts(l_start).date,
        "end_date": ts(l_end_date).date,
        "monthly_rent": l_rent,
        "deposit": l_rent,
        "renewal_of": np.where(l_prev >= 0, codes[np.maximum(l_prev, 0)], None),
        "status": l_status,
        "terminated_on": pd.Series(ts(np.where((l_kind != "ended") & l_notice_known, l_termon, np.nan))).dt.date,
    }
)
lo = np.argsort(l_signed, kind="stable")
leases = leases.iloc[lo]
leases = leases[l_signed[lo] <= T]

# rent charges
amt = ch.amount.to_numpy()
pk_c = pay.c.to_numpy()
paid_c = np.bincount(pk_c[pay_known], weights=pay.amount.to_numpy()[pay_known], minlength=NC)
c_status = np.where(paid_c >= amt - 0.005, "paid", np.where(paid_c > 0, "partial", "open"))
rent_charges = pd.DataFrame(
    {
        "charge_id": np.arange(1, NC + 1),
        "lease_ref": codes[ch_l],
        "charge_type": ch_type,
        "amount": amt,
        "due_date": ts(ch.due.to_numpy()).date,
        "created_at": ts(ch.cr.to_numpy()),
        "status": c_status,
        "amount_paid": np.round(paid_c, 2),
    }
)[ch_known]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NP + 1),
        "tenant_id": pay.tn.to_numpy() + 1,
        "lease_ref": codes[pay.l.to_numpy()],
        "charge_id": pay.c.to_numpy() + 1,
        "paid_at": ts(pay.t.to_numpy()),
        "amount": pay.amount.to_numpy(),
        "method": pay_method,
        "days_late": np.maximum(0, np.floor((pay.t.to_numpy() - pay.due.to_numpy()) / DAY)).astype(int),
        "confirmation_no": pay_conf,
    }
)[pay_known]

# maintenance
mt = mr.t.to_numpy()
m_asg = mr.asg.to_numpy() <= T
m_cl = mr.cl.to_numpy() <= T
m_sat = (mr.sat_t.to_numpy() <= T) & ~np.isnan(mr.sat.to_numpy())
maintenance_requests = pd.DataFrame(
    {
        "request_id": np.arange(1, NMR + 1),
        "unit_id": mr.u.to_numpy() + 1,
        "tenant_id": pd.array(np.where(mr.tn >= 0, mr.tn + 1, 0), dtype="Int64"),
        "opened_at": ts(mt),
        "category": mr_cat,
        "priority": mr.pr.to_numpy(),
        "vendor_id": pd.array(np.where(m_asg, mr.v + 1, 0), dtype="Int64"),
        "status": np.where(m_cl, "closed", np.where(m_asg, "assigned", "open")),
        "closed_at": ts(known(mr.cl.to_numpy())),
        "cost": np.where(m_cl, mr.cost.to_numpy(), np.nan),
        "satisfaction": pd.array(np.where(m_sat, mr.sat.fillna(0).to_numpy(), 0).astype(int), dtype="Int64"),
    }
)
maintenance_requests.loc[(mr.tn < 0).to_numpy(), "tenant_id"] = pd.NA
maintenance_requests.loc[~m_asg, "vendor_id"] = pd.NA
maintenance_requests.loc[~m_sat, "satisfaction"] = pd.NA
maintenance_requests = maintenance_requests[mt <= T]

done = m_sat & (mt <= T)
v_n = np.bincount(mr.v.to_numpy()[m_cl], minlength=NV)
v_sum = np.bincount(mr.v.to_numpy()[done], weights=mr.sat.to_numpy()[done], minlength=NV)
v_cnt = np.bincount(mr.v.to_numpy()[done], minlength=NV)
vendors = pd.DataFrame(
    {
        "vendor_id": np.arange(1, NV + 1),
        "name": v_name,
        "trade": [TRADES[c] for c in v_trade],
        "hourly_rate": v_rate,
        "rating": np.where(v_cnt > 0, np.round(v_sum / np.maximum(v_cnt, 1), 2), np.nan),
        "jobs_completed": v_n,
        "joined_at": ts(v_join),
    }
)[v_join <= T]

inspections = pd.DataFrame(
    {
        "inspection_id": np.arange(1, NI + 1),
        "unit_id": ins.u.to_numpy() + 1,
        "kind": ins.kind.to_numpy(),
        "created_at": ts(ins.cr.to_numpy()),
        "scheduled_for": ts(ins.sch.to_numpy()),
        "completed_at": ts(known(ins_done)),
        "score": np.where(ins_known, ins_score, np.nan),
        "inspector": ins_insp,
    }
)[ins.cr.to_numpy() <= T]

mo_ord = np.argsort(mo_notice, kind="stable")
move_outs = pd.DataFrame(
    {
        "moveout_id": np.arange(1, NMO + 1),
        "lease_ref": codes[mo_l[mo_ord]],
        "unit_id": mo_u[mo_ord] + 1,
        "notice_at": ts(mo_notice[mo_ord]),
        "move_out_date": ts(mo_out[mo_ord]).date,
        "reason": np.array(mo_reason, dtype=object)[mo_ord],
        "forwarding_city": mo_city[mo_ord],
        "deposit_refund": np.where(mo_refund_t[mo_ord] <= T, (mo_dep - mo_dmg)[mo_ord], np.nan),
        "refunded_at": ts(known(mo_refund_t[mo_ord])),
    }
)[mo_notice[mo_ord] <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE buildings (building_id INTEGER PRIMARY KEY, name VARCHAR, address VARCHAR, city VARCHAR,
                        year_built INTEGER, floors INTEGER, has_elevator BOOLEAN, manager_phone VARCHAR,
                        opened_on DATE);
CREATE TABLE units (unit_id INTEGER PRIMARY KEY, building_id INTEGER REFERENCES buildings(building_id),
                    unit_no VARCHAR, bedrooms INTEGER, sqft INTEGER, floor INTEGER, paint_color VARCHAR,
                    asking_rent DOUBLE, status VARCHAR, current_tenant_id INTEGER, last_inspection_at TIMESTAMP,
                    created_at TIMESTAMP);
CREATE TABLE tenants (tenant_id INTEGER PRIMARY KEY, full_name VARCHAR, email VARCHAR, phone_last4 VARCHAR,
                      credit_score INTEGER, annual_income DOUBLE, has_pets BOOLEAN, created_at TIMESTAMP,
                      status VARCHAR, balance_due DOUBLE, lease_count INTEGER);
CREATE TABLE leases (lease_code VARCHAR PRIMARY KEY, unit_id INTEGER, tenant_id INTEGER REFERENCES tenants(tenant_id),
                     signed_at TIMESTAMP, start_date DATE, end_date DATE, monthly_rent DOUBLE, deposit DOUBLE,
                     renewal_of VARCHAR, status VARCHAR, terminated_on DATE);
CREATE TABLE vendors (vendor_id INTEGER PRIMARY KEY, name VARCHAR, trade VARCHAR, hourly_rate DOUBLE, rating DOUBLE,
                      jobs_completed INTEGER, joined_at TIMESTAMP);
CREATE TABLE rent_charges (charge_id INTEGER PRIMARY KEY, lease_ref VARCHAR, charge_type VARCHAR, amount DOUBLE,
                           due_date DATE, created_at TIMESTAMP, status VARCHAR, amount_paid DOUBLE);
CREATE TABLE payments (payment_id INTEGER, tenant_id INTEGER, lease_ref VARCHAR, charge_id INTEGER,
                       paid_at TIMESTAMP, amount DOUBLE, method VARCHAR, days_late INTEGER, confirmation_no VARCHAR);
CREATE TABLE maintenance_requests (request_id INTEGER, unit_id INTEGER, tenant_id INTEGER, opened_at TIMESTAMP,
                                   category VARCHAR, priority VARCHAR, vendor_id INTEGER, status VARCHAR,
                                   closed_at TIMESTAMP, cost DOUBLE, satisfaction INTEGER);
CREATE TABLE inspections (inspection_id INTEGER, unit_id INTEGER, kind VARCHAR, created_at TIMESTAMP,
                          scheduled_for TIMESTAMP, completed_at TIMESTAMP, score DOUBLE, inspector VARCHAR);
CREATE TABLE move_outs (moveout_id INTEGER, lease_ref VARCHAR, unit_id INTEGER, notice_at TIMESTAMP,
                        move_out_date DATE, reason VARCHAR, forwarding_city VARCHAR, deposit_refund DOUBLE,
                        refunded_at TIMESTAMP);
""")
for name, df in [
    ("buildings", buildings),
    ("units", units),
    ("tenants", tenants),
    ("leases", leases),
    ("vendors", vendors),
    ("rent_charges", rent_charges),
    ("payments", payments),
    ("maintenance_requests", maintenance_requests),
    ("inspections", inspections),
    ("move_outs", move_outs),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
