"""A car dealership group's DMS warehouse (stores, customers, customer-owned vehicles, vehicle sales, service
appointments booked ahead, repair orders with labor and parts lines, warranty claims, recall campaigns and notices,
post-service surveys), seeded: `python benchmarks/trials/dealer.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 4 stores, about
2,000 customers (1,700 before the span, about 300 conquest buyers during it), about 2,700 vehicles, 12k
appointments, 11k repair orders, 40k RO lines (a few seconds).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs event by event over 2023-01-01..NOW.
Rows dated after NOW exist only where written ahead: service_appointments.scheduled_for (booked 1-28 days ahead).
Vehicle sales before 2023 exist (a vehicle's purchase from us), nothing else before 2023.

Truth (seed 0):
- stores (4): 2 'north' (winter-tire customers 55%), 2 'south' (10%); customers belong to a home store
- customers: loyalty L ~ Beta(4, 2) = P(book a due service here), flakiness F ~ Beta(1, 10), preferred make
- vehicles: makes Toyota/Honda/Ford (x1.0 spend, interval 5,000 mi) and BMW (x1.6 spend, interval 10,000 mi);
  annual miles LogNormal(log 12000, .35); odometer at acquisition from its age
- maintenance: every interval miles (vehicle's mileage crossing k x interval) the customer books with p = L
  (x .35 after a bad experience, see surveys; 0 after the vehicle is traded in); booked lead U(1, 28) days before
  the due day (scheduled_for); service_type 'maintenance'; parts 'oil', 'filters' (+ 'brakes' every 40k mi,
  + 'wipers' 30%)
- seasonal tires: winter-tire customers book a 'tire_change' for their main vehicle each Oct 10-Nov 20 and
  Mar 20-Apr 30, p = .9 x (.35 after a bad experience); parts 'tires' (a new set 25%, else labor only)
- repairs: per vehicle Poisson, monthly rate .025 x (1 + age_years / 5) x (1 + miles / 100k); half walk-ins (no
  appointment), half booked 1-3 days ahead; service_type 'repair' (or 'warranty' when the vehicle is under 3 model
  years old: a warranty claim, approved_at = submitted + Exp(8 d), approved_amount filled then, 12% rejected);
  parts one of brakes / suspension / electrical / engine / battery (battery x3 if age > 5)
- recalls: 6 campaigns per make+model (+ model year range); notices mailed to the owners of live vehicles on the
  announce day; the owner books a 'recall' visit with p = .75 x (.5 + L / 2) after 3 + Exp(20) days; the visit
  also does a maintenance when one is due within 1,500 miles (interval restarts)
- no-show: p = .03 + .6 F + .006 x lead days + .06 if Monday; cancelled 5% (cancelled_at before the day); a
  no-show rebooks with p .5 after U(3, 14) days (new appointment)
- spend: labor hours Gamma(2, .6) x 145/h (repairs Gamma(2, 1.4)); parts by category; BMW x1.6; paid by
  pay_type customer / warranty / recall
- surveys: sent the day after each RO closes; 55% respond after 1 + Gamma(2, 2) days (score filled then);
  experience E ~ N(8.3 - 1.2 (total > 1500) - 1.5 (waited: RO open > 2 days), 1.6), score = clip(round E, 0, 10);
  E <= 5 is a bad experience whether or not answered: L and tire p x .35 and purchase hazard x .3 from then on
- purchases: monthly hazard .006 x (1 + 1.5 (main vehicle age > 7 y)) x (1 + (miles > 100k)) x (1 + 1.5 (repair
  spend in the last 180 days > 1500)) x (.5 + L) (x .3 after a bad experience); a lease (36 months) ends with a
  purchase with p .6 within 30 days; financing cash .25 loan .5 lease .25; the old vehicle is traded in with p .7
  (vehicles.status 'traded_in' TODAY, no date); conquest customers arrive Poisson(.4/day) with a purchase
- today's state: vehicles.current_mileage (the odometer at NOW), vehicles.status; customers.loyalty_tier
  (Platinum >= 2500, Gold >= 1000, Silver >= 300 RO spend in the 365 days up to NOW, else Bronze),
  customers.last_service_dt (the latest RO); filled later: service_appointments.status/cancelled_at,
  repair_orders.closed_at/total_amount/ro_status, warranty_claims.approved_at/approved_amount/claim_status,
  surveys.responded_at/score
- keys: text ids (customers.cust_no 'C00123', vehicles.vin, repair_orders.ro_number 'RO-2300001'); REFERENCES declared
  for customers, vehicles, vehicle_sales, service_appointments; repair_orders.appt_id, ro_lines.ro_number,
  surveys.ro_no, warranty_claims.ro_number, recall_notices.* undeclared; vehicle_sales.buyer_cust and
  vehicles.owner_cust name the customer oddly; noise: email, phone, color, advisor_code, salesperson
- `--as-of DATE` writes the same simulation as it stood at DATE (every random value drawn first, the simulation
  always run to NOW, then rows created after DATE left out and every today's-state / filled-later column as it
  stood at DATE, exact)
"""

import heapq
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
YEAR = 365.25 * DAY
TNOW = (NOW - START).total_seconds()
T = (CUT - START).total_seconds()


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


MAKES = {
    "Toyota": ["Camry", "RAV4", "Corolla"],
    "Honda": ["Civic", "CR-V", "Accord"],
    "Ford": ["F-150", "Escape", "Explorer"],
    "BMW": ["X3", "3 Series"],
}
MAKE_P = {"Toyota": 0.32, "Honda": 0.27, "Ford": 0.26, "BMW": 0.15}
PARTS = {
    "oil": 45,
    "filters": 35,
    "wipers": 40,
    "brakes": 380,
    "suspension": 650,
    "electrical": 420,
    "engine": 1400,
    "battery": 210,
    "tires": 780,
    "recall_kit": 150,
}

# ---------------- stores
NS = 4
stores = pd.DataFrame(
    {
        "store_code": ["N01", "N02", "S01", "S02"],
        "store_name": ["Lakeside Motors", "Northgate Auto", "Sunbelt Motors", "Bayview Cars"],
        "region": ["north", "north", "south", "south"],
    }
)
s_north = np.array([True, True, False, False])

# ---------------- customers (existing) + vehicles
C = {k: [] for k in ["store", "created", "L", "F", "make", "winter", "bad"]}
V = {k: [] for k in ["cust", "make", "model", "my", "t0", "odo0", "rate", "disposed", "traded", "color"]}
S = {k: [] for k in ["vin_i", "cust", "store", "t", "price", "fin", "new"]}


def new_customer(t):
    st = int(rng.integers(0, NS))
    C["store"].append(st)
    C["created"].append(t)
    C["L"].append(float(rng.beta(4, 2)))
    C["F"].append(float(rng.beta(1, 10)))
    C["make"].append(str(rng.choice(list(MAKE_P), p=list(MAKE_P.values()))))
    C["winter"].append(bool(rng.random() < (0.55 if s_north[st] else 0.10)))
    C["bad"].append([])
    return len(C["store"]) - 1


def new_vehicle(c, t, new_car, make=None):
    make = make or (C["make"][c] if rng.random() < 0.7 else str(rng.choice(list(MAKE_P))))
    model = str(rng.choice(MAKES[make]))
    year_t = (START + pd.Timedelta(seconds=t)).year
    age = 0 if new_car else int(rng.integers(1, 9))
    my = year_t - age + (1 if new_car and rng.random() < 0.3 else 0)
    rate = float(np.exp(rng.normal(np.log(12000), 0.35)))
    odo0 = 0.0 if new_car else age * rate * float(np.exp(rng.normal(0, 0.15)))
    V["cust"].append(c)
    V["make"].append(make)
    V["model"].append(model)
    V["my"].append(my)
    V["t0"].append(t)
    V["odo0"].append(odo0)
    V["rate"].append(rate)
    V["disposed"].append(np.inf)
    V["traded"].append(False)
    V["color"].append(str(rng.choice(["white", "black", "silver", "grey", "blue", "red"])))
    return len(V["cust"]) - 1


def sale(v, c, t, new_car):
    price = (42000 if V["make"][v] == "BMW" else 29000) * (1.0 if new_car else 0.6) * float(np.exp(rng.normal(0, 0.15)))
    S["vin_i"].append(v)
    S["cust"].append(c)
    S["store"].append(C["store"][c])
    S["t"].append(t)
    S["price"].append(round(price, 2))
    S["fin"].append(str(rng.choice(["cash", "loan", "lease"], p=[0.25, 0.5, 0.25])))
    S["new"].append(new_car)
    return len(S["t"]) - 1


NC0 = 1700
for _ in range(NC0):
    c = new_customer(secs("2012-01-01") + rng.uniform(0, 11 * 365) * DAY)
    nv = 1 + int(rng.random() < 0.35)
    for _ in range(nv):
        ta = max(C["created"][c], secs("2015-01-01")) + rng.uniform(0, 1) * (-max(C["created"][c], secs("2015-01-01")))
        ta = min(ta, -DAY)
        newc = rng.random() < 0.5
        v = new_vehicle(c, ta, newc)
        if rng.random() < 0.6:
            sale(v, c, ta, newc)

# ---------------- event simulation
AP = {k: [] for k in ["cust", "v", "booked", "sched", "type", "status", "cancelled", "store"]}
RO = {k: [] for k in ["appt", "cust", "v", "opened", "closed", "type", "miles", "pay", "total", "store", "advisor"]}
LN = {k: [] for k in ["ro", "kind", "cat", "hours", "amount"]}
WC = {k: [] for k in ["ro", "sub", "appr", "amt", "status"]}
SV = {k: [] for k in ["ro", "sent", "resp", "score"]}
RN = {k: [] for k in ["camp", "v", "sent"]}
ro_spend = {}  # cust -> list of (t, total)
heap = []
seq = [0]


def push(t, kind, *a):
    seq[0] += 1
    heapq.heappush(heap, (t, seq[0], kind, a))


def miles(v, t):
    return V["odo0"][v] + V["rate"][v] * (t - V["t0"][v]) / YEAR


def is_bad(c, t):
    return any(b < t for b in C["bad"][c])


def interval(v):
    return 10000.0 if V["make"][v] == "BMW" else 5000.0


def schedule_vehicle(v):
    """pre-draw a vehicle's maintenance dues and repair hazard events from its acquisition (or START) to NOW"""
    lo = max(V["t0"][v], 0.0)
    m_lo, iv = miles(v, lo), interval(v)
    k = int(np.floor(m_lo / iv)) + 1
    while True:
        td = V["t0"][v] + (k * iv - V["odo0"][v]) / V["rate"][v] * YEAR
        if td > TNOW + 30 * DAY:
            break
        if td > lo:
            push(td - rng.uniform(1, 28) * DAY, "due", v, td)
        k += 1
    m = lo
    while m < TNOW:
        age = (m - V["t0"][v]) / YEAR + (pd.Timestamp(START + pd.Timedelta(seconds=V["t0"][v])).year - V["my"][v])
        r = 0.025 * (1 + max(age, 0) / 5) * (1 + miles(v, m) / 100000)
        for _ in range(rng.poisson(r)):
            push(m + rng.uniform(0, 30) * DAY, "repair", v)
        m += 30 * DAY


def vehicle_age(v, t):
    return (START + pd.Timedelta(seconds=t)).year - V["my"][v]


def live(v, t):
    return V["t0"][v] <= t < V["disposed"][v]


def book(c, v, tb, tsched, typ):
    a = len(AP["cust"])
    lead = (tsched - tb) / DAY
    AP["cust"].append(c)
    AP["v"].append(v)
    AP["booked"].append(tb)
    AP["sched"].append(tsched)
    AP["type"].append(typ)
    AP["store"].append(C["store"][c])
    dow = (START + pd.Timedelta(seconds=tsched)).weekday()
    u = rng.random()
    p_ns = 0.03 + 0.6 * C["F"][c] + 0.006 * lead + (0.06 if dow == 0 else 0.0)
    if u < 0.05 and lead > 1:
        AP["status"].append("cancelled")
        AP["cancelled"].append(tb + rng.uniform(0.2, 0.95) * (tsched - tb))
    elif u < 0.05 + p_ns:
        AP["status"].append("no_show")
        AP["cancelled"].append(np.inf)
        if rng.random() < 0.5:
            tb2 = tsched + rng.uniform(3, 14) * DAY
            push(tb2, "rebook", c, v, typ)
    else:
        AP["status"].append("completed")
        AP["cancelled"].append(np.inf)
        push(tsched + rng.uniform(0, 3600), "visit", c, v, typ, a)


def add_line(r, kind, cat, hours, amount):
    LN["ro"].append(r)
    LN["kind"].append(kind)
    LN["cat"].append(cat)
    LN["hours"].append(hours)
    LN["amount"].append(round(amount, 2))


last_maint_miles = {}


def visit(c, v, typ, a, t):
    if not live(v, t):
        return
    r = len(RO["cust"])
    lux = 1.6 if V["make"][v] == "BMW" else 1.0
    mi = miles(v, t)
    pay = "customer"
    if typ == "repair" and vehicle_age(v, t) < 3:
        typ, pay = "warranty", "warranty"
    if typ == "recall":
        pay = "recall"
    total = 0.0
    hrs = 0.0
    maint = typ == "maintenance" or (typ == "recall" and (mi % interval(v)) > interval(v) - 1500)
    if maint:
        h = rng.gamma(2, 0.6)
        hrs += h
        cats = ["oil", "filters"]
        if int(mi // 40000) > int(last_maint_miles.get(v, mi) // 40000):
            cats.append("brakes")
        if rng.random() < 0.3:
            cats.append("wipers")
        for cat in cats:
            amt = PARTS[cat] * lux * float(np.exp(rng.normal(0, 0.2)))
            add_line(r, "part", cat, None, amt)
            total += amt
        last_maint_miles[v] = mi
    if typ == "tire_change":
        h = rng.gamma(3, 0.4)
        hrs += h
        if rng.random() < 0.25:
            amt = PARTS["tires"] * lux * float(np.exp(rng.normal(0, 0.2)))
            add_line(r, "part", "tires", None, amt)
            total += amt
    if typ in ("repair", "warranty"):
        h = rng.gamma(2, 1.4)
        hrs += h
        w = np.array([0.3, 0.2, 0.2, 0.15, 0.15 * (3 if vehicle_age(v, t) > 5 else 1)])
        cat = ["brakes", "suspension", "electrical", "engine", "battery"][rng.choice(5, p=w / w.sum())]
        amt = PARTS[cat] * lux * float(np.exp(rng.normal(0, 0.45)))
        add_line(r, "part", cat, None, amt)
        total += amt
    if typ == "recall":
        h = rng.gamma(2, 0.5)
        hrs += h
        add_line(r, "part", "recall_kit", None, PARTS["recall_kit"] * float(np.exp(rng.normal(0, 0.1))))
        total += LN["amount"][-1]
    lab = round(hrs, 1) * 145 * lux
    add_line(r, "labor", None, round(hrs, 1), lab)
    total += lab
    dur = (
        rng.uniform(1, 6) / 24 if typ in ("maintenance", "tire_change", "recall") else 0.5 + rng.gamma(1.5, 1.2)
    ) * DAY
    closed = t + dur
    RO["appt"].append(a)
    RO["cust"].append(c)
    RO["v"].append(v)
    RO["opened"].append(t)
    RO["closed"].append(closed)
    RO["type"].append(typ)
    RO["miles"].append(int(mi))
    RO["pay"].append(pay)
    RO["total"].append(round(total, 2))
    RO["store"].append(C["store"][c])
    RO["advisor"].append(f"SA{int(rng.integers(10, 40))}")
    if pay == "customer":
        ro_spend.setdefault(c, []).append((t, total))
    if pay == "warranty":
        ap = closed + DAY + rng.exponential(8) * DAY
        rej = rng.random() < 0.12
        WC["ro"].append(r)
        WC["sub"].append(closed + rng.uniform(0, 1) * DAY)
        WC["appr"].append(ap)
        WC["amt"].append(0.0 if rej else round(total * 0.85, 2))
        WC["status"].append("rejected" if rej else "approved")
    E = rng.normal(8.3 - 1.2 * (total > 1500) - 1.5 * (dur > 2 * DAY), 1.6)
    resp = rng.random() < 0.55
    sent = closed + DAY
    SV["ro"].append(r)
    SV["sent"].append(sent)
    SV["resp"].append(sent + (1 + rng.gamma(2, 2)) * DAY if resp else np.inf)
    SV["score"].append(int(np.clip(round(E), 0, 10)))
    if E <= 5:
        C["bad"][c].append(closed)


for v in range(len(V["cust"])):
    schedule_vehicle(v)
for c in range(NC0):
    m = 0.0
    while m < TNOW:
        push(m + rng.uniform(0, 30) * DAY, "buycheck", c)
        m += 30 * DAY
    if C["winter"][c]:
        for y in (2023, 2024):
            for lo in (f"{y}-03-20", f"{y}-10-10"):
                push(secs(lo) + rng.uniform(0, 41) * DAY - rng.uniform(2, 20) * DAY, "tire", c)
# leases ending in the span
for i in range(len(S["t"])):
    if S["fin"][i] == "lease" and 0 < S["t"][i] + 3 * YEAR < TNOW:
        push(S["t"][i] + 3 * YEAR - rng.uniform(0, 30) * DAY, "lease_end", S["cust"][i], S["vin_i"][i])
# recalls
CAMPS = []
for i in range(6):
    mk = str(rng.choice(list(MAKES)))
    md = str(rng.choice(MAKES[mk]))
    y0 = int(rng.integers(2015, 2022))
    ann = secs("2023-02-01") + rng.uniform(0, 650) * DAY
    CAMPS.append(
        (
            f"RC-{24 if ann > secs('2024-01-01') else 23}V{rng.integers(100, 999)}",
            mk,
            md,
            y0,
            y0 + 3,
            ann,
            str(rng.choice(["airbag inflator", "fuel pump", "brake hose", "seat belt", "software"])),
        )
    )
    push(ann, "recall", i)
# conquest customers
t = 0.0
while True:
    t += rng.exponential(1 / 0.4) * DAY
    if t > TNOW:
        break
    push(t, "conquest")


def main_vehicle(c, t):
    vs = [v for v in range(len(V["cust"])) if V["cust"][v] == c and live(v, t)]
    return max(vs, key=lambda v: V["t0"][v]) if vs else None


cust_vs = {}
for v in range(len(V["cust"])):
    cust_vs.setdefault(V["cust"][v], []).append(v)


def purchase(c, t, old=None):
    v = new_vehicle(c, t, rng.random() < 0.75)
    cust_vs.setdefault(c, []).append(v)
    i = sale(v, c, t, V["odo0"][v] == 0)
    if S["fin"][i] == "lease" and t + 3 * YEAR < TNOW:
        push(t + 3 * YEAR - rng.uniform(0, 30) * DAY, "lease_end", c, v)
    if old is not None and rng.random() < 0.7:
        V["disposed"][old] = t
        V["traded"][old] = True
    schedule_vehicle(v)


while heap:
    t, _, kind, a = heapq.heappop(heap)
    if t > TNOW:
        continue
    if kind == "due":
        v, td = a
        c = V["cust"][v]
        if live(v, t) and rng.random() < C["L"][c] * (0.35 if is_bad(c, t) else 1.0):
            book(c, v, t, td, "maintenance")
    elif kind == "rebook":
        c, v, typ = a
        if live(v, t):
            book(c, v, t, t + rng.uniform(1, 10) * DAY, typ)
    elif kind == "visit":
        c, v, typ, ap = a
        visit(c, v, typ, ap, t)
    elif kind == "repair":
        v = a[0]
        if live(v, t):
            c = V["cust"][v]
            if rng.random() < 0.5:
                visit(c, v, "repair", None, t + rng.uniform(7, 17) * 3600)
            else:
                book(c, v, t, t + rng.uniform(1, 3) * DAY, "repair")
    elif kind == "tire":
        c = a[0]
        v = main_vehicle(c, t)
        if v is not None and rng.random() < 0.9 * (0.35 if is_bad(c, t) else 1.0):
            book(c, v, t, t + rng.uniform(2, 20) * DAY, "tire_change")
    elif kind == "recall":
        i = a[0]
        _, mk, md, y0, y1, _, _ = CAMPS[i]
        for v in range(len(V["cust"])):
            if V["make"][v] == mk and V["model"][v] == md and y0 <= V["my"][v] <= y1 and live(v, t):
                RN["camp"].append(i)
                RN["v"].append(v)
                RN["sent"].append(t + rng.uniform(8, 17) * 3600)
                c = V["cust"][v]
                if rng.random() < 0.75 * (0.5 + C["L"][c] / 2):
                    tb = t + (3 + rng.exponential(20)) * DAY
                    push(tb, "recall_book", c, v)
    elif kind == "recall_book":
        c, v = a
        if live(v, t):
            book(c, v, t, t + rng.uniform(2, 14) * DAY, "recall")
    elif kind == "buycheck":
        c = a[0]
        v = main_vehicle(c, t)
        if v is None:
            continue
        sp = sum(x for (tt, x) in ro_spend.get(c, []) if t - 180 * DAY < tt <= t)
        h = 0.006 * (1 + 1.5 * (vehicle_age(v, t) > 7)) * (1 + (miles(v, t) > 100000)) * (1 + 1.5 * (sp > 1500))
        h *= (0.5 + C["L"][c]) * (0.3 if is_bad(c, t) else 1.0)
        if rng.random() < h:
            purchase(c, t + rng.uniform(9, 19) * 3600, v)
    elif kind == "lease_end":
        c, v = a
        if live(v, t) and rng.random() < 0.6 * (0.3 if is_bad(c, t) else 1.0):
            purchase(c, t + rng.uniform(9, 19) * 3600, v)
    elif kind == "conquest":
        c = new_customer(t)
        purchase(c, t + rng.uniform(0, 3600))
        m = t + 30 * DAY
        while m < TNOW:
            push(m + rng.uniform(0, 30) * DAY, "buycheck", c)
            m += 30 * DAY
        if C["winter"][c]:
            for y in (2023, 2024):
                for lo in (f"{y}-03-20", f"{y}-10-10"):
                    tt = secs(lo) + rng.uniform(0, 41) * DAY - rng.uniform(2, 20) * DAY
                    if tt > t:
                        push(tt, "tire", c)

# extra noise drawn before any cut
NCT = len(C["store"])
emails = [f"cust{i}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com'])}" for i in range(NCT)]
phones = [f"555-{rng.integers(1000, 9999)}" if rng.random() < 0.8 else None for i in range(NCT)]
optin = rng.random(NCT) < 0.6
salesp = rng.choice(["JD", "MK", "AL", "RB", "TS"], len(S["t"]))

# ---------------- tables as they stood at CUT
cust_no = np.array([f"C{i + 1:05d}" for i in range(NCT)])
vins = np.array([f"{V['make'][i][:2].upper()}{rng.integers(10**9, 10**10)}{i:05d}" for i in range(len(V["cust"]))])
ro_df = pd.DataFrame(RO)
ro_df["idx"] = np.arange(len(ro_df))
ro_df = ro_df.sort_values("opened", kind="stable")
ro_df["ro_number"] = [f"RO-{23 if o < secs('2024-01-01') else 24}{i:05d}" for i, o in enumerate(ro_df.opened)]
ro_num = dict(zip(ro_df.idx, ro_df.ro_number, strict=True))
ap_df = pd.DataFrame(AP)
ap_df["idx"] = np.arange(len(ap_df))
ap_df = ap_df.sort_values("booked", kind="stable")
ap_df["appt_id"] = np.arange(100001, 100001 + len(ap_df))
ap_id = dict(zip(ap_df.idx, ap_df.appt_id, strict=True))

ro_k = ro_df[ro_df.opened <= T]
closed = ro_k.closed.to_numpy() <= T
repair_orders = pd.DataFrame(
    {
        "ro_number": ro_k.ro_number,
        "appt_id": [ap_id[a] if a is not None and not pd.isna(a) else None for a in ro_k.appt],
        "cust_no": cust_no[ro_k.cust],
        "vin": vins[ro_k.v],
        "store_code": stores.store_code.to_numpy()[ro_k.store],
        "opened_at": ts(ro_k.opened),
        "closed_at": ts(known(ro_k.closed)),
        "service_type": ro_k["type"],
        "mileage_in": ro_k.miles,
        "pay_type": ro_k.pay,
        "total_amount": np.where(closed, ro_k.total, np.nan),
        "ro_status": np.where(closed, "closed", "open"),
        "advisor_code": ro_k.advisor,
    }
)
repair_orders["appt_id"] = repair_orders["appt_id"].astype("Int64")
ln = pd.DataFrame(LN)
ln["line_no"] = np.arange(1, len(ln) + 1)
ln = ln[ln.ro.map(lambda r: RO["opened"][r] <= T)]
ro_lines = pd.DataFrame(
    {
        "line_id": ln.line_no,
        "ro_number": ln.ro.map(ro_num),
        "line_type": ln.kind,
        "parts_category": ln.cat,
        "labor_hours": ln.hours.astype(float),
        "amount": ln.amount,
    }
)
apk = ap_df[ap_df.booked <= T]
sched = apk.sched.to_numpy()
canc = apk.cancelled.to_numpy()
st_now = np.where(
    apk.status == "cancelled", np.where(canc <= T, "cancelled", "booked"), np.where(sched <= T, apk.status, "booked")
)
service_appointments = pd.DataFrame(
    {
        "appt_id": apk.appt_id,
        "cust_no": cust_no[apk.cust],
        "vin": vins[apk.v],
        "store_code": stores.store_code.to_numpy()[apk.store],
        "booked_at": ts(apk.booked),
        "scheduled_for": ts(apk.sched),
        "service_type": apk["type"],
        "status": st_now,
        "cancelled_at": ts(known(canc)),
    }
)
wc = pd.DataFrame(WC)
wc["claim_id"] = np.arange(5001, 5001 + len(wc))
wc = wc[wc["sub"] <= T]
appr = wc.appr.to_numpy() <= T
warranty_claims = pd.DataFrame(
    {
        "claim_id": wc.claim_id,
        "ro_number": wc.ro.map(ro_num),
        "submitted_at": ts(wc["sub"]),
        "approved_at": ts(np.where(appr & (wc.status == "approved"), wc.appr, np.nan)),
        "approved_amount": np.where(appr, wc.amt, np.nan),
        "claim_status": np.where(appr, wc.status, "submitted"),
    }
)
sv = pd.DataFrame(SV)
sv["survey_id"] = np.arange(1, len(sv) + 1)
sv = sv[sv.sent <= T]
rs = sv.resp.to_numpy() <= T
surveys = pd.DataFrame(
    {
        "survey_id": sv.survey_id,
        "ro_no": sv.ro.map(ro_num),
        "sent_at": ts(sv.sent),
        "responded_at": ts(known(sv.resp)),
        "score": np.where(rs, sv.score, np.nan),
    }
)
surveys["score"] = surveys["score"].astype("Int64")
camps = pd.DataFrame(
    CAMPS, columns=["campaign_id", "make", "model", "model_year_from", "model_year_to", "ann", "component"]
)
recall_campaigns = pd.DataFrame(
    {
        "campaign_id": camps.campaign_id,
        "make": camps.make,
        "model": camps.model,
        "model_year_from": camps.model_year_from,
        "model_year_to": camps.model_year_to,
        "announced_at": ts(camps.ann),
        "component": camps.component,
    }
)[camps.ann.to_numpy() <= T]
rn = pd.DataFrame(RN)
rn["notice_id"] = np.arange(1, len(rn) + 1)
rn = rn[rn.sent <= T]
recall_notices = pd.DataFrame(
    {
        "notice_id": rn.notice_id,
        "campaign_id": camps.campaign_id.to_numpy()[rn.camp],
        "vin": vins[rn.v],
        "mailed_at": ts(rn.sent),
    }
)
sa = pd.DataFrame(S)
sa["sale_id"] = np.arange(1, len(sa) + 1)
sa["sp"] = salesp
sa = sa.sort_values("t", kind="stable")
sa = sa[sa.t <= T]
vehicle_sales = pd.DataFrame(
    {
        "sale_id": sa.sale_id,
        "vin": vins[sa.vin_i],
        "buyer_cust": cust_no[sa.cust],
        "store_code": stores.store_code.to_numpy()[sa.store],
        "sold_at": ts(sa.t),
        "sale_price": sa.price,
        "financing_type": sa.fin,
        "new_used": np.where(sa.new, "N", "U"),
        "salesperson": sa.sp,
    }
)
# vehicles and customers: today's state at CUT
NV = len(V["cust"])
t0 = np.array(V["t0"])
vk = t0 <= T
cur_miles = np.array([miles(v, min(T, V["disposed"][v])) for v in range(NV)])
status = np.where(np.array(V["disposed"]) <= T, "traded_in", "active")
vehicles = pd.DataFrame(
    {
        "vin": vins,
        "owner_cust": cust_no[V["cust"]],
        "make": V["make"],
        "model": V["model"],
        "model_year": V["my"],
        "color": V["color"],
        "current_mileage": cur_miles.round(0).astype(int),
        "status": status,
    }
)[vk]
ctime = np.array(C["created"])
ck = ctime <= T
spend = np.zeros(NCT)
lastsvc = np.full(NCT, np.nan)
for r in range(len(RO["cust"])):
    if RO["opened"][r] <= T:
        c = RO["cust"][r]
        lastsvc[c] = np.fmax(lastsvc[c], RO["opened"][r])
        if RO["pay"][r] == "customer" and RO["closed"][r] <= T and RO["opened"][r] > T - 365 * DAY:
            spend[c] += RO["total"][r]
tier = np.select([spend >= 2500, spend >= 1000, spend >= 300], ["Platinum", "Gold", "Silver"], "Bronze")
customers = pd.DataFrame(
    {
        "cust_no": cust_no,
        "home_store": stores.store_code.to_numpy()[C["store"]],
        "created_at": ts(ctime),
        "email": emails,
        "phone": phones,
        "marketing_opt_in": optin,
        "loyalty_tier": tier,
        "last_service_dt": ts(lastsvc).date,
    }
)[ck]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE stores (store_code VARCHAR PRIMARY KEY, store_name VARCHAR, region VARCHAR);
CREATE TABLE customers (cust_no VARCHAR PRIMARY KEY, home_store VARCHAR REFERENCES stores(store_code),
    created_at TIMESTAMP, email VARCHAR, phone VARCHAR, marketing_opt_in BOOLEAN, loyalty_tier VARCHAR,
    last_service_dt DATE);
CREATE TABLE vehicles (vin VARCHAR PRIMARY KEY, owner_cust VARCHAR REFERENCES customers(cust_no), make VARCHAR,
    model VARCHAR, model_year INTEGER, color VARCHAR, current_mileage INTEGER, status VARCHAR);
CREATE TABLE vehicle_sales (sale_id INTEGER PRIMARY KEY, vin VARCHAR REFERENCES vehicles(vin),
    buyer_cust VARCHAR REFERENCES customers(cust_no), store_code VARCHAR, sold_at TIMESTAMP, sale_price DOUBLE,
    financing_type VARCHAR, new_used VARCHAR, salesperson VARCHAR);
CREATE TABLE service_appointments (appt_id INTEGER PRIMARY KEY, cust_no VARCHAR REFERENCES customers(cust_no),
    vin VARCHAR REFERENCES vehicles(vin), store_code VARCHAR, booked_at TIMESTAMP, scheduled_for TIMESTAMP,
    service_type VARCHAR, status VARCHAR, cancelled_at TIMESTAMP);
CREATE TABLE repair_orders (ro_number VARCHAR PRIMARY KEY, appt_id INTEGER, cust_no VARCHAR, vin VARCHAR,
    store_code VARCHAR, opened_at TIMESTAMP, closed_at TIMESTAMP, service_type VARCHAR, mileage_in INTEGER,
    pay_type VARCHAR, total_amount DOUBLE, ro_status VARCHAR, advisor_code VARCHAR);
CREATE TABLE ro_lines (line_id INTEGER PRIMARY KEY, ro_number VARCHAR, line_type VARCHAR, parts_category VARCHAR,
    labor_hours DOUBLE, amount DOUBLE);
CREATE TABLE warranty_claims (claim_id INTEGER PRIMARY KEY, ro_number VARCHAR, submitted_at TIMESTAMP,
    approved_at TIMESTAMP, approved_amount DOUBLE, claim_status VARCHAR);
CREATE TABLE recall_campaigns (campaign_id VARCHAR PRIMARY KEY, make VARCHAR, model VARCHAR, model_year_from INTEGER,
    model_year_to INTEGER, announced_at TIMESTAMP, component VARCHAR);
CREATE TABLE recall_notices (notice_id INTEGER PRIMARY KEY, campaign_id VARCHAR, vin VARCHAR, mailed_at TIMESTAMP);
CREATE TABLE surveys (survey_id INTEGER PRIMARY KEY, ro_no VARCHAR, sent_at TIMESTAMP, responded_at TIMESTAMP,
    score INTEGER);
""")
for name, df in [
    ("stores", stores),
    ("customers", customers),
    ("vehicles", vehicles),
    ("vehicle_sales", vehicle_sales),
    ("service_appointments", service_appointments),
    ("repair_orders", repair_orders),
    ("ro_lines", ro_lines),
    ("warranty_claims", warranty_claims),
    ("recall_campaigns", recall_campaigns),
    ("recall_notices", recall_notices),
    ("surveys", surveys),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
