"""An independent auto repair chain (shops, technicians, customers, vehicles, appointments booked ahead, work orders
whose status moves over time, line items of parts and labour, invoices, payments, reminder messages), seeded:
`python benchmarks/trials/autorepair.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 shops, 52 technicians, 2,600 customers,
4,706 vehicles, 12.3k appointments, 13.0k work orders, 47k line items, 13.0k invoices, 12.9k payments, 16.3k
reminders (about 121k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: appointments.scheduled_for (booked 0-30 days ahead) and
vehicles.next_service_due (a DATE set at each routine service, up to a year or two ahead). Every other column holding
a later date of its row is filled in later.

Truth (seed 0):
- shops (6): reminder_channel 'sms' (2), 'email' (2), 'postcard' (2) drives booking after a service reminder and
  no-shows (a parent-table attribute); labour_rate 95..150 per hour scales every labour line; shop 6 opens
  2024-03-01 in Riverton (its row and 5 technicians exist from 30 / 14 days before) and takes 60% of Riverton's new
  customers after; region is noise
- technicians (6-8 per shop, tech_code VARCHAR 'T-012'): skill s ~ N(0, 1) + .5 x (cert_level 'master'); a repair's
  comeback (the same car back for free warranty work within 2-20 days) has p sigmoid(-2.6 - 1.0 s); left_on
  (hazard 1/1500 per day; replaced 7-40 days later) filled in later; full_name noise
- customers (2,600): 1,700 before the span, 900 during; loyalty l ~ N(0, 1) (hidden) drives booking after reminders,
  no-shows, paying late; account_type 'fleet' (5%: 3-8 vehicles, 2.5x mileage, net-30 payment, a -5% discount
  line); defects (hidden, no more visits) with hazard 1/1500 per day x3 when l < -1 x3 within 180 days after a
  comeback x.3 for fleets; at defection future appointments are cancelled (p .5) or no-shows
- customers.loyalty_tier TODAY's ('gold' >= 1500 invoiced in the last 365 days, 'silver' >= 500, else 'standard');
  customers.last_visit_at TODAY's; zip, marketing_opt_in noise; email NULL 15%
- vehicles: make stored MESSY ('Toyota', 'TOYOTA', 'toyota ', 'Chevy', 'VW', 'Volkswagon', 'B.M.W.', ...) with parts
  price factor (BMW 1.7, Tesla 1.5, VW 1.2, ...) and repair-rate factor (Toyota .7, Honda .75, Tesla .5, BMW 1.3,
  VW 1.2, Chevrolet 1.15, ...); fuel 'ev' for Tesla (no oil; 'ev_service' every 2 years); model_year 2005..2024
  (repairs x(1 + .09 (age - 4)+)); km per day LogNormal(log 38, .4) (hidden; recorded as odometer_km on work
  orders); winter_tires (35%) book 'tires_seasonal' each October and March with p sigmoid(1.5 + l)
- vehicles sold with hazard 1/2200 per day (status TODAY's 'active'/'sold', sold_at filled later); half replaced by
  the same customer 0-30 days later; vehicles.odometer_km TODAY's (the last one recorded);
  vehicles.next_service_due TODAY's, set ahead at each routine service (min(365 days, 10,000 km))
- routine service: a 'service_due' reminder 14 days before next_service_due (shop's channel); booking p
  sigmoid(.6 + 1.2 l + .5 sms - .6 postcard) Exp(4) days later, scheduled 2-21 days ahead; else a
  'service_overdue' reminder 30 days after due (p sigmoid(-.3 + l)); an overdue car in for a repair gets its oil
  service too with p .5
- repairs: Poisson .9/365 per car-day x make x age x sqrt(km/day / 38) x season; type brakes / battery (x(1 + 1.5
  winter), peak mid-January) / ac_repair (x(1 + 2 summer), peak mid-July) / suspension / diagnostic; 35% walk-ins
  (no appointment, appt_ref NULL), else booked 0-3 days ahead; no work on Sundays
- appointments: cancelled with p .05 + .002 lead (cancelled_at filled in later); no-show logit -2.6 - .8 l + .02 lead
  + .6 postcard + .3 Monday; status TODAY's ('booked', 'completed', 'no_show', 'cancelled'), checked_in_at filled
  in later; source noise and messy ('phone', 'online', 'Online', 'web ', 'PHONE')
- work_orders (appt_ref: an appointment id as VARCHAR): status TODAY's, moving 'in_progress' -> 'waiting_parts'
  (p .15-.4 by type, Exp(1.5) + .5 days) -> 'completed' -> 'picked_up'; completed_at and picked_up_at filled in
  later; total_amount kept up to date (the line items added so far); lines added while in progress (upsells p .3,
  parts when they arrive)
- line_items (no declared FK): kind 'labour' (hours x shop labour_rate; comeback lines priced 0), 'part' (x make parts
  factor), 'shop_fee', 'discount' (negative, fleets); added_at
- invoices (invoice_no text 'RO-000123', one per work order at completion): amount = its lines; status TODAY's
  ('open', 'partial', 'paid', 'written_off' after 120 days, 2.5%), balance_due TODAY's
- payments: at pickup (p .9 for retail; 10% pay half then the rest Exp(20) days later), else Exp(10 x (3 if l < -1))
  days later; fleets Exp(25) days (net 30); method MESSY ('card', 'Card', 'CARD', 'cash', 'Cash ', 'fleet_account',
  'Fleet Acct', 'check'); invoice_no is an undeclared text FK
- reminders: service_due / service_overdue / seasonal (tires, Sept 25 and Feb 25, winter-tire cars) / appointment
  (1 day before, lead >= 3, sms and email shops); clicked_at filled in later (sms / email, 40%)
- keys: PK declared on every table but line_items (line_id, no PK declared) ; REFERENCES only technicians -> shops,
  customers -> shops, vehicles -> customers. Undeclared: appointments (vehicle_id, shop_id), work_orders (appt_ref
  VARCHAR, vehicle_id, shop_id, tech_code -> technicians.tech_code), line_items.wo_id, invoices (wo_id,
  customer_id), payments.invoice_no (text), reminders.vehicle_id
- `python autorepair.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
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
HOUR = 3600.0
ND = (NOW.normalize() - START).days + 1
NDT = ND + 60
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
MON, DOM = days.month.values, days.day.values
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 196) / 365), 0, None)
WINTER = np.clip(np.cos(2 * np.pi * (DOY - 15) / 365), 0, None)

# ---------------- shops
NS = 6
S_CITY = np.array(["Riverton", "Riverton", "Lakeside", "Millbrook", "Lakeside", "Riverton"])
S_CHAN = np.array(["sms", "email", "postcard", "sms", "email", "postcard"])
S_RATE = np.array([120.0, 135.0, 95.0, 110.0, 150.0, 125.0])
s_open = np.array([secs("2009-05-01") + rng.uniform(0, 4000) * DAY for _ in range(NS)])
s_open[5] = secs("2024-03-01") + 8 * HOUR
shops = pd.DataFrame(
    {
        "shop_id": np.arange(1, NS + 1),
        "name": [f"{c} Auto Care #{i + 1}" for i, c in enumerate(S_CITY)],
        "city": S_CITY,
        "region": rng.choice(["north", "south", "east", "west"], NS),
        "reminder_channel": S_CHAN,
        "labour_rate": S_RATE,
        "opened_on": ts(s_open).date,
    }
)

# ---------------- technicians
TK = dict(shop=[], skill=[], cert=[], hired=[], left=[])


def hire(s, t):
    cert = rng.choice(["master", "certified", "apprentice"], p=[0.25, 0.5, 0.25])
    TK["shop"].append(s)
    TK["skill"].append(rng.normal(0, 1) + 0.5 * (cert == "master") - 0.3 * (cert == "apprentice"))
    TK["cert"].append(cert)
    TK["hired"].append(t)
    lt = max(t, 0) + rng.exponential(1500) * DAY
    TK["left"].append(lt)
    if lt < TN:
        hire(s, lt + rng.uniform(7, 40) * DAY)


for s in range(NS):
    for _ in range(5 if s == 5 else int(rng.integers(6, 9))):
        hire(s, s_open[s] - 14 * DAY if s == 5 else secs("2010-01-01") + rng.uniform(0, 4700) * DAY)
t_shop = np.array(TK["shop"])
t_skill = np.array(TK["skill"])
t_hired = np.array(TK["hired"])
t_left = np.array(TK["left"])
t_left = np.where(t_left < TN, t_left, np.inf)
NT = len(t_shop)
t_code = np.array([f"T-{i + 1:03d}" for i in range(NT)], dtype=object)


def pick_tech(s, t):
    ok = np.nonzero((t_shop == s) & (t_hired <= t) & (t_left > t))[0]
    return int(rng.choice(ok)) if len(ok) else int(np.nonzero(t_shop == s)[0][0])


# ---------------- customers
NC = 2600
pre = np.arange(NC) < 1700
c_created = np.where(
    pre,
    secs("2015-01-01") + rng.uniform(0, secs("2023-01-01") - secs("2015-01-01"), NC),
    rng.uniform(0, ND - 5, NC) * DAY,
)
c_l = rng.normal(0, 1, NC)
c_fleet = rng.random(NC) < 0.05
c_shop = rng.choice(5, NC, p=[0.24, 0.2, 0.2, 0.18, 0.18])
riv_new = (S_CITY[c_shop] == "Riverton") & (c_created > s_open[5]) & (rng.random(NC) < 0.6)
c_shop = np.where(riv_new, 5, c_shop)
c_gone = np.full(NC, np.inf)
c_comeback = np.full(NC, -np.inf)

# ---------------- vehicles (grow as replacements are bought)
MAKES = ["Toyota", "Honda", "Ford", "Chevrolet", "BMW", "Volkswagen", "Hyundai", "Tesla", "Nissan"]
MAKE_P = np.array([0.2, 0.15, 0.15, 0.12, 0.07, 0.08, 0.1, 0.05, 0.08])
PARTS_F = np.array([0.9, 0.9, 1.0, 1.0, 1.7, 1.2, 0.95, 1.5, 0.95])
REPAIR_F = np.array([0.7, 0.75, 1.1, 1.15, 1.3, 1.2, 0.9, 0.5, 1.0])
SPELL = {
    "Toyota": (["Toyota", "TOYOTA", "toyota ", "Toyota"], [0.6, 0.2, 0.1, 0.1]),
    "Honda": (["Honda", "HONDA", "honda"], [0.7, 0.2, 0.1]),
    "Ford": (["Ford", "FORD", "ford"], [0.7, 0.2, 0.1]),
    "Chevrolet": (["Chevrolet", "Chevy", "CHEVROLET", "chevrolet"], [0.5, 0.3, 0.1, 0.1]),
    "BMW": (["BMW", "bmw", "B.M.W."], [0.8, 0.1, 0.1]),
    "Volkswagen": (["Volkswagen", "VW", "vw", "Volkswagon"], [0.5, 0.3, 0.1, 0.1]),
    "Hyundai": (["Hyundai", "HYUNDAI", "Hyundia"], [0.8, 0.1, 0.1]),
    "Tesla": (["Tesla", "TESLA", "tesla"], [0.8, 0.1, 0.1]),
    "Nissan": (["Nissan", "NISSAN", "nissan "], [0.8, 0.1, 0.1]),
}
MODELS = {
    "Toyota": ["Corolla", "Camry", "RAV4"],
    "Honda": ["Civic", "Accord", "CR-V"],
    "Ford": ["F-150", "Escape", "Focus"],
    "Chevrolet": ["Silverado", "Malibu", "Equinox"],
    "BMW": ["320i", "X3", "530i"],
    "Volkswagen": ["Golf", "Jetta", "Tiguan"],
    "Hyundai": ["Elantra", "Tucson", "Sonata"],
    "Tesla": ["Model 3", "Model Y"],
    "Nissan": ["Altima", "Rogue", "Sentra"],
}
VK = dict(cust=[], make=[], year=[], kmpd=[], winter=[], reg=[], km0=[])
v_sold, v_due, v_dueset = [], [], []  # sale time; current due time; history (set_t, due_t)


def add_vehicle(c, t, fresh):
    m = int(rng.choice(len(MAKES), p=MAKE_P))
    yr = int(np.clip(2024 - rng.exponential(7), 2005, 2024)) if not fresh else int(rng.integers(2018, 2025))
    kmpd = float(np.exp(rng.normal(np.log(38), 0.4))) * (2.5 if c_fleet[c] else 1.0)
    VK["cust"].append(c)
    VK["make"].append(m)
    VK["year"].append(yr)
    VK["kmpd"].append(kmpd)
    VK["winter"].append(bool(rng.random() < 0.35))
    VK["reg"].append(t)
    age_km = max(0.0, (max(t, secs(f"{yr}-06-01")) - secs(f"{yr}-06-01")) / DAY) * kmpd
    VK["km0"].append(age_km)
    v_sold.append(np.inf)
    due = max(t, 0) + rng.uniform(5, 365) * DAY if t < 0 else t + rng.uniform(150, 365) * DAY
    v_due.append(due)
    v_dueset.append([(t, due)])
    if t >= 0:
        rem_bucket[min(int((due - 14 * DAY) // DAY), NDT - 1)].append((len(VK["cust"]) - 1, "service_due", due))


rem_bucket = [[] for _ in range(NDT)]
for c in range(NC):
    n = int(rng.integers(3, 9)) if c_fleet[c] else int(rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1]))
    for k in range(n):
        t = c_created[c] + (0 if k == 0 else rng.uniform(0, 400) * DAY)
        if pre[c] and t > 0:
            t = c_created[c]
        add_vehicle(c, t, False)
# first cycle of service reminders for vehicles before the span
for v in range(len(VK["cust"])):
    if VK["reg"][v] < 0:
        rem_bucket[max(0, int((v_due[v] - 14 * DAY) // DAY))].append((v, "service_due", v_due[v]))


def odo(v, t):
    return VK["km0"][v] + max(0.0, t - VK["reg"][v]) / DAY * VK["kmpd"][v]


def v_age(v, t):
    return (2023 + t / DAY / 365.25) - VK["year"][v]


# ---------------- event stores
A = []  # [veh, shop, booked_t, sched_t, stype, cancel_t, source]
A_out = {}
sched_bucket = [[] for _ in range(NDT)]
book_bucket = [[] for _ in range(NDT)]  # (veh, stype) seasonal booking decisions
future = {}
WO = []  # (veh, appt or -1, shop, tech, opened_t, stype, odometer, with_service)
REM = []  # (veh, kind, channel, t)
TYPES_REPAIR = ["brakes", "battery", "ac_repair", "suspension", "diagnostic"]


def work_hours(d):
    if DOW[min(d, NDT - 1)] == 6:
        d += 1
    return d * DAY + rng.uniform(7.5, 17) * HOUR


def book(v, booked_t, sched_t, stype, source=None):
    sd = int(sched_t // DAY)
    if DOW[min(sd, NDT - 1)] == 6:
        sched_t += DAY
    sched_t = max(sched_t, booked_t + HOUR)
    sd = int(sched_t // DAY)
    if sd >= NDT:
        return
    c = VK["cust"][v]
    lead = (sched_t - booked_t) / DAY
    cancel = booked_t + rng.uniform(0, 1) * (sched_t - booked_t) if rng.random() < 0.05 + 0.002 * lead else np.inf
    src = source or rng.choice(["phone", "online", "Online", "web ", "PHONE"], p=[0.45, 0.3, 0.1, 0.1, 0.05])
    A.append([v, c_shop[c], booked_t, sched_t, stype, cancel, src])
    i = len(A) - 1
    sched_bucket[sd].append(i)
    future.setdefault(v, []).append(i)


def open_wo(v, ai, t, stype):
    c = VK["cust"][v]
    s = c_shop[c]
    overdue = v_due[v] < t
    with_service = stype in ("oil_service", "ev_service") or (
        overdue and stype in TYPES_REPAIR and VK["make"][v] != 7 and rng.random() < 0.5
    )
    WO.append((v, ai, s, pick_tech(s, t), t, stype, odo(v, t), with_service))
    if with_service:
        due = t + (730 if VK["make"][v] == 7 else min(365, 10000 / VK["kmpd"][v])) * DAY
        v_due[v] = due
        v_dueset[v].append((t, due))
        rem_bucket[min(int((due - 14 * DAY) // DAY), NDT - 1)].append((v, "service_due", due))
    if stype in TYPES_REPAIR and rng.random() < sig(-2.6 - 1.0 * t_skill[WO[-1][3]]):
        bt = t + rng.uniform(2, 20) * DAY
        if rng.random() < 0.5:
            book_bucket[min(int(bt // DAY), NDT - 1)].append((v, "comeback"))
        else:
            book_bucket[min(int(bt // DAY), NDT - 1)].append((v, "comeback_walkin"))


def cust_live(c, t):
    return c_created[c] <= t and c_gone[c] > t


# ---------------- simulation
for d in range(ND):
    t0 = d * DAY
    nv = len(VK["cust"])
    vc = np.array(VK["cust"])
    reg = np.array(VK["reg"])
    sold = np.array(v_sold)
    live = (reg <= t0) & (sold > t0) & (c_gone[vc] > t0)
    # customers defect
    cl = (c_created <= t0) & (c_gone > t0)
    h = 1 / 1500 * np.where(c_l < -1, 3, 1) * np.where(t0 - c_comeback < 180 * DAY, 3, 1) * np.where(c_fleet, 0.3, 1)
    for c in np.nonzero(cl & (rng.random(NC) < h))[0]:
        c_gone[c] = t0 + rng.uniform(0, DAY)
    # vehicles sold
    for v in np.nonzero(live & (rng.random(nv) < 1 / 2200))[0]:
        v_sold[v] = t0 + rng.uniform(8, 20) * HOUR
        if rng.random() < 0.5:
            add_vehicle(vc[v], v_sold[v] + rng.uniform(0, 30) * DAY, True)
    # cancel future appointments of sold cars and defected customers
    gone_t = np.minimum(np.array(v_sold[:nv]), c_gone[vc])
    for v in np.nonzero((gone_t >= t0) & (gone_t < t0 + DAY))[0]:
        for i in future.get(v, []):
            if A[i][3] > gone_t[v] and A[i][5] > gone_t[v] and rng.random() < 0.5:
                A[i][5] = gone_t[v] + rng.uniform(0, 1) * (A[i][3] - gone_t[v])
    live = live & (gone_t > t0 + DAY)
    # repairs
    make = np.array(VK["make"][:nv])
    age = 2023 + t0 / DAY / 365.25 - np.array(VK["year"][:nv])
    lam = (
        0.9
        / 365
        * REPAIR_F[make]
        * (1 + 0.09 * np.maximum(age - 4, 0))
        * np.sqrt(np.array(VK["kmpd"][:nv]) / 38)
        * (1 + 0.6 * WINTER[d] + 0.5 * SUMMER[d])
    )
    if DOW[d] == 6:
        lam = lam * 0
    for v in np.nonzero(live & (rng.random(nv) < lam))[0]:
        w = np.array([1.0, 0.4 + 1.5 * WINTER[d], 0.2 + 1.0 * SUMMER[d], 0.5, 0.7])
        if make[v] == 7:
            w[2] *= 0.5
        stype = str(rng.choice(TYPES_REPAIR, p=w / w.sum()))
        if rng.random() < 0.35:
            open_wo(v, -1, work_hours(d), stype)
        else:
            bt = t0 + rng.uniform(7, 20) * HOUR
            book(v, bt, work_hours(d + int(rng.choice([0, 1, 1, 2, 3]))), stype)
    # seasonal tire bookings: reminders go out Sept 25 / Feb 25, decisions spread over the next 30 days
    if (MON[d], DOM[d]) in ((9, 25), (2, 25)):
        wv = live & np.array(VK["winter"][:nv])
        for v in np.nonzero(wv)[0]:
            ch = S_CHAN[c_shop[vc[v]]]
            REM.append((v, "seasonal", ch, t0 + rng.uniform(9, 11) * HOUR))
            if rng.random() < sig(1.5 + c_l[vc[v]]):
                book_bucket[min(d + int(rng.integers(3, 35)), NDT - 1)].append((v, "tires_seasonal"))
    for v, stype in book_bucket[d]:
        c = VK["cust"][v]
        if not cust_live(c, t0) or v_sold[v] <= t0:
            continue
        if stype == "comeback_walkin":
            open_wo(v, -1, work_hours(d), "comeback")
            c_comeback[c] = t0
        elif stype == "comeback":
            book(v, t0 + rng.uniform(7, 20) * HOUR, work_hours(d + int(rng.choice([0, 1, 2]))), "comeback")
            c_comeback[c] = t0
        else:
            bt = t0 + rng.uniform(7, 22) * HOUR
            book(v, bt, work_hours(d + int(rng.integers(3, 21))), stype)
    # service reminders
    for v, kind, due in rem_bucket[d]:
        c = VK["cust"][v]
        if not cust_live(c, t0) or v_sold[v] <= t0 or v_due[v] != due or VK["reg"][v] > t0:
            continue
        ch = S_CHAN[c_shop[c]]
        REM.append((v, kind, ch, t0 + rng.uniform(9, 11) * HOUR))
        if kind == "service_due":
            pb = sig(0.6 + 1.2 * c_l[c] + 0.5 * (ch == "sms") - 0.6 * (ch == "postcard") + 1.0 * c_fleet[c])
        else:
            pb = sig(-0.3 + c_l[c])
        if rng.random() < pb:
            bt = t0 + (10 + rng.exponential(4 * 24)) * HOUR
            stype = "ev_service" if VK["make"][v] == 7 else "oil_service"
            book(v, bt, work_hours(int(bt // DAY) + int(rng.integers(2, 22))), stype)
        elif kind == "service_due":
            rem_bucket[min(int(due // DAY) + 30, NDT - 1)].append((v, "service_overdue", due))
    # appointments due today
    for i in sched_bucket[d]:
        v, s, bt, st, stype, ct, _src = A[i]
        future[v].remove(i)
        if ct <= st:
            continue
        c = VK["cust"][v]
        lead = (st - bt) / DAY
        gone = c_gone[c] <= st or v_sold[v] <= st
        z = -2.6 - 0.8 * c_l[c] + 0.02 * min(lead, 30) + 0.6 * (S_CHAN[s] == "postcard") + 0.3 * (DOW[d] == 0)
        if gone or rng.random() < sig(z):
            A_out[i] = "no_show"
            continue
        A_out[i] = "completed"
        open_wo(v, i, st + rng.uniform(-900, 1800), stype)

# ---------------- vehicles, appointments as arrays
NV = len(VK["cust"])
v_cust = np.array(VK["cust"])
v_make = np.array(VK["make"])
v_reg = np.array(VK["reg"])
v_sold = np.array(v_sold)
v_sold = np.where(v_sold < TN, v_sold, np.inf)

NA = len(A)
A_v = np.array([a[0] for a in A])
A_s = np.array([a[1] for a in A])
A_bt = np.array([a[2] for a in A])
A_st = np.array([a[3] for a in A])
A_type = np.array([a[4] for a in A], dtype=object)
A_ct = np.array([a[5] for a in A])
A_src = np.array([a[6] for a in A], dtype=object)
A_res = np.array([A_out.get(i, "") for i in range(NA)], dtype=object)
A_checkin = np.full(NA, np.nan)

# ---------------- work orders, lines, lifecycle (drawn for all before the cut)
NW = len(WO)
W_v = np.array([w[0] for w in WO])
W_a = np.array([w[1] for w in WO])
W_s = np.array([w[2] for w in WO])
W_tech = np.array([w[3] for w in WO])
W_open = np.array([w[4] for w in WO])
W_type = np.array([w[5] for w in WO], dtype=object)
W_odo = np.round(np.array([w[6] for w in WO]) * rng.normal(1, 0.003, NW))
W_svc = np.array([w[7] for w in WO])
A_checkin[W_a[W_a >= 0]] = W_open[W_a >= 0] - rng.uniform(60, 900, (W_a >= 0).sum())
W_cust = v_cust[W_v]
WAIT_P = {"brakes": 0.15, "ac_repair": 0.35, "suspension": 0.4, "diagnostic": 0.3, "battery": 0.05}
w_wait = np.array([rng.random() < WAIT_P.get(t, 0.0) for t in W_type])
w_wait_start = W_open + rng.uniform(1, 3, NW) * HOUR
w_wait_end = np.where(w_wait, w_wait_start + (0.5 + rng.exponential(1.5, NW)) * DAY, w_wait_start)
LAB_H = {
    "oil_service": 0.6,
    "ev_service": 1.0,
    "tires_seasonal": 1.0,
    "brakes": 2.0,
    "battery": 0.6,
    "ac_repair": 2.2,
    "suspension": 3.0,
    "diagnostic": 1.2,
    "comeback": 1.0,
}
w_hours = np.array([LAB_H[t] for t in W_type]) * np.exp(rng.normal(0, 0.3, NW))
W_done = w_wait_end + w_hours * HOUR * rng.uniform(1.2, 2.5, NW)
W_pick = W_done + np.where(rng.random(NW) < 0.7, rng.uniform(0.5, 6, NW) * HOUR, rng.exponential(1.0, NW) * DAY)
PARTS = {
    "oil_service": [("OIL-KIT", 55, 1.0)],
    "ev_service": [("CABIN-FILTER", 45, 1.0)],
    "tires_seasonal": [("TIRE-STORAGE", 60, 1.0), ("TIRE-SET", 650, 0.15)],
    "brakes": [("BRAKE-PADS", 180, 1.0), ("ROTORS", 300, 0.4)],
    "battery": [("BATTERY", 200, 0.85)],
    "ac_repair": [("REFRIGERANT", 80, 0.9), ("COMPRESSOR", 850, 0.35)],
    "suspension": [("STRUT-PAIR", 450, 0.8), ("CONTROL-ARM", 280, 0.4)],
    "diagnostic": [("SENSOR", 160, 0.4), ("IGNITION-COIL", 220, 0.2)],
    "comeback": [],
}
UPSELL = [("WIPER-BLADES", 35), ("AIR-FILTER", 40), ("CABIN-FILTER", 45), ("COOLANT-FLUSH", 120)]
L = []  # (wo, kind, code, qty, unit_price, added_at)
for w in range(NW):
    v, s, t_, stype = W_v[w], W_s[w], W_open[w], W_type[w]
    pf = PARTS_F[v_make[v]]
    rate = S_RATE[s]
    L.append((w, "labour", stype.upper(), round(w_hours[w], 1), 0.0 if stype == "comeback" else rate, t_ + 0.5 * HOUR))
    if W_svc[w] and stype not in ("oil_service", "ev_service"):
        L.append((w, "part", "OIL-KIT", 1, round(55 * pf * np.exp(rng.normal(0, 0.15)), 2), t_ + 0.6 * HOUR))
        L.append((w, "labour", "OIL_SERVICE", 0.5, rate, t_ + 0.6 * HOUR))
    for code, base, p in PARTS[stype]:
        if rng.random() < p:
            qty = 1 if code not in ("TIRE-SET",) else 4
            at = w_wait_end[w] if w_wait[w] else t_ + rng.uniform(0.5, 1.5) * HOUR
            L.append((w, "part", code, qty, round(base / qty * pf * np.exp(rng.normal(0, 0.2)), 2), at))
    if stype != "comeback" and rng.random() < 0.3:
        code, base = UPSELL[int(rng.integers(0, 4))]
        L.append((w, "part", code, 1, round(base * pf, 2), t_ + rng.uniform(1, 3) * HOUR))
    if stype != "comeback":
        L.append((w, "shop_fee", "SHOP-SUPPLIES", 1, 12.5, t_ + 0.5 * HOUR))
L_w = np.array([x[0] for x in L])
L_kind = np.array([x[1] for x in L], dtype=object)
L_code = np.array([x[2] for x in L], dtype=object)
L_qty = np.array([x[3] for x in L], float)
L_price = np.array([x[4] for x in L], float)
L_at = np.minimum(np.array([x[5] for x in L]), W_done[L_w] - 60)
L_amt = np.round(L_qty * L_price, 2)
# fleet discount: -5% of the rest, added at completion
fw = np.nonzero(c_fleet[W_cust] & (W_type != "comeback"))[0]
sub = np.bincount(L_w, weights=L_amt, minlength=NW)
D_w = fw
D_amt = -np.round(0.05 * sub[fw], 2)
L_w = np.concatenate([L_w, D_w])
L_kind = np.concatenate([L_kind, np.full(len(D_w), "discount", object)])
L_code = np.concatenate([L_code, np.full(len(D_w), "FLEET-5", object)])
L_qty = np.concatenate([L_qty, np.ones(len(D_w))])
L_price = np.concatenate([L_price, D_amt])
L_amt = np.concatenate([L_amt, D_amt])
L_at = np.concatenate([L_at, W_done[D_w] - 30])
lo = np.lexsort((L_w, L_at))
L_w, L_kind, L_code, L_qty, L_price, L_amt, L_at = (x[lo] for x in (L_w, L_kind, L_code, L_qty, L_price, L_amt, L_at))
W_total = np.round(np.bincount(L_w, weights=L_amt, minlength=NW), 2)

# invoices: one per work order with a positive total or not, issued at completion
NI = NW
I_w = np.arange(NW)
I_t = W_done + rng.uniform(60, 1200, NW)
I_amt = W_total
I_cust = W_cust
lcust = c_l[I_cust]
fleet_i = c_fleet[I_cust]
r = rng.random(NI)
P1_t = np.where(
    fleet_i,
    I_t + rng.exponential(25, NI) * DAY,
    np.where(
        r < 0.9, W_pick + rng.uniform(0, 600, NI), I_t + rng.exponential(10, NI) * DAY * np.where(lcust < -1, 3, 1)
    ),
)
split = (~fleet_i) & (rng.random(NI) < 0.1) & (I_amt > 100)
P2_t = np.where(split, P1_t + rng.exponential(20, NI) * DAY, np.inf)
never = rng.random(NI) < 0.025 * np.where(lcust < -1, 3, 1)
P1_t = np.where(never & ~split, np.inf, P1_t)
P2_t = np.where(never & split, np.inf, P2_t)
P1_amt = np.where(split, np.round(I_amt / 2, 2), I_amt)
P2_amt = np.round(I_amt - P1_amt, 2)
METH = ["card", "Card", "CARD", "cash", "Cash ", "check"]
m1 = np.where(
    fleet_i, rng.choice(["fleet_account", "Fleet Acct"], NI), rng.choice(METH, NI, p=[0.45, 0.15, 0.05, 0.2, 0.05, 0.1])
)
m2 = rng.choice(METH, NI, p=[0.45, 0.15, 0.05, 0.2, 0.05, 0.1])
has_pay = I_amt > 0
P_i = np.concatenate([I_w[has_pay & (P1_t < TN)], I_w[has_pay & (P2_t < TN)]])
P_t = np.concatenate([P1_t[has_pay & (P1_t < TN)], P2_t[has_pay & (P2_t < TN)]])
P_amt = np.concatenate([P1_amt[has_pay & (P1_t < TN)], P2_amt[has_pay & (P2_t < TN)]])
P_m = np.concatenate([m1[has_pay & (P1_t < TN)], m2[has_pay & (P2_t < TN)]])
po = np.argsort(P_t, kind="stable")
P_i, P_t, P_amt, P_m = P_i[po], P_t[po], P_amt[po], P_m[po]
iord = np.argsort(I_t, kind="stable")
irank = np.empty(NI, int)
irank[iord] = np.arange(NI)
I_no = np.array([f"RO-{k + 1:06d}" for k in irank], dtype=object)

# reminders: appointment reminders 1 day before (sms/email shops, lead >= 3 days)
appt_rem = np.isin(S_CHAN[A_s], ["sms", "email"]) & ((A_st - A_bt) >= 3 * DAY)
rem_t = A_st - DAY + rng.uniform(-2, 2, NA) * HOUR
appt_rem &= rem_t < A_ct
M_v = np.concatenate([np.array([x[0] for x in REM]), A_v[appt_rem]])
M_kind = np.concatenate([np.array([x[1] for x in REM], dtype=object), np.full(appt_rem.sum(), "appointment", object)])
M_chan = np.concatenate([np.array([x[2] for x in REM], dtype=object), S_CHAN[A_s[appt_rem]].astype(object)])
M_t = np.concatenate([np.array([x[3] for x in REM]), rem_t[appt_rem]])
mo = np.argsort(M_t, kind="stable")
M_v, M_kind, M_chan, M_t = M_v[mo], M_kind[mo], M_chan[mo], M_t[mo]
M_click = np.where(
    (M_chan != "postcard") & (rng.random(len(M_t)) < 0.4), M_t + rng.exponential(0.3, len(M_t)) * DAY, np.inf
)

# noise drawn for everyone before the cut
c_zip = rng.integers(10000, 99999, NC).astype(str)
c_email = np.where(rng.random(NC) < 0.15, None, np.array([f"cust{i}@example.com" for i in range(NC)], dtype=object))
c_optin = rng.random(NC) < 0.6
c_name = rng.choice(["Garcia", "Smith", "Nguyen", "Johnson", "Brown", "Lee", "Miller", "Davis", "Lopez", "Wilson"], NC)
v_vin = np.array(["".join(rng.choice(list("ABCDEFGHJKLMNPRSTUVWXYZ0123456789"), 17)) for _ in range(NV)], dtype=object)
v_spelled = np.array([rng.choice(SPELL[MAKES[m]][0], p=SPELL[MAKES[m]][1]) for m in v_make], dtype=object)
v_model = np.array([rng.choice(MODELS[MAKES[m]]) for m in v_make], dtype=object)
v_fuel = np.where(
    v_make == 7,
    "ev",
    np.where(
        np.isin(v_make, [0, 1, 6]) & (rng.random(NV) < 0.2),
        "hybrid",
        np.where(np.isin(v_make, [2, 3, 4, 5]) & (rng.random(NV) < 0.12), "diesel", "gas"),
    ),
)
t_name = rng.choice(["Alex", "Sam", "Jordan", "Chris", "Pat", "Taylor", "Morgan", "Jamie", "Drew", "Casey"], NT)

# ---------------- tables as they stood at CUT
technicians = pd.DataFrame(
    {
        "tech_code": t_code,
        "shop_id": t_shop + 1,
        "full_name": t_name,
        "cert_level": np.array(TK["cert"], dtype=object),
        "hired_on": ts(t_hired).date,
        "left_on": pd.Series(ts(known(t_left))).dt.date,
    }
)[t_hired <= T]

wk = W_open <= T
# customers: today's tier and last visit
ik = I_t <= T
recent = ik & (I_t > T - 365 * DAY)
spend365 = np.bincount(I_cust[recent], weights=I_amt[recent], minlength=NC)
tier = np.where(spend365 >= 1500, "gold", np.where(spend365 >= 500, "silver", "standard"))
last_visit = pd.Series(W_open[wk]).groupby(W_cust[wk]).max().reindex(range(NC)).to_numpy()
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "home_shop_id": c_shop + 1,
        "last_name": c_name,
        "email": c_email,
        "zip": c_zip,
        "account_type": np.where(c_fleet, "fleet", "retail"),
        "marketing_opt_in": c_optin,
        "created_at": ts(c_created),
        "loyalty_tier": tier,
        "last_visit_at": ts(last_visit),
    }
)[c_created <= T]

# vehicles: today's odometer, next service due, status
v_odo_now = np.array([VK["km0"][v] for v in range(NV)])
wo_ord = np.argsort(np.where(wk, W_open, -np.inf), kind="stable")
wo_ord = wo_ord[wk[wo_ord]]
lastodo = pd.Series(W_odo[wo_ord]).groupby(W_v[wo_ord]).last()
v_odo_now[lastodo.index.to_numpy()] = lastodo.to_numpy()
v_due_now = np.array([([d for st, d in hist if st <= T] or [np.nan])[-1] for hist in v_dueset])
vehicles = pd.DataFrame(
    {
        "vehicle_id": np.arange(1, NV + 1),
        "customer_id": v_cust + 1,
        "vin": v_vin,
        "make": v_spelled,
        "model": v_model,
        "model_year": np.array(VK["year"]),
        "fuel": v_fuel,
        "winter_tires": np.array(VK["winter"]),
        "registered_at": ts(v_reg),
        "odometer_km": np.round(v_odo_now).astype(int),
        "next_service_due": pd.Series(ts(v_due_now)).dt.date,
        "status": np.where(v_sold <= T, "sold", "active"),
        "sold_at": ts(known(v_sold)),
    }
)[v_reg <= T]

a_cancel_known = A_ct <= np.minimum(A_st, T)
a_status = np.where(a_cancel_known, "cancelled", np.where(A_st <= T, A_res, "booked"))
a_status = np.where(a_status == "", "cancelled", a_status)
appointments = pd.DataFrame(
    {
        "appt_id": np.arange(1, NA + 1),
        "vehicle_id": A_v + 1,
        "shop_id": A_s + 1,
        "booked_at": ts(A_bt),
        "scheduled_for": ts(A_st),
        "service_type": A_type,
        "source": A_src,
        "status": a_status,
        "checked_in_at": ts(known(A_checkin)),
        "cancelled_at": ts(np.where(a_cancel_known, A_ct, np.nan)),
    }
)[A_bt <= T]

lk = L_at <= T
tot_now = np.round(np.bincount(L_w[lk], weights=L_amt[lk], minlength=NW), 2)
w_status = np.where(
    W_pick <= T,
    "picked_up",
    np.where(
        W_done <= T,
        "completed",
        np.where(w_wait & (w_wait_start <= T) & (w_wait_end > T), "waiting_parts", "in_progress"),
    ),
)
work_orders = pd.DataFrame(
    {
        "wo_id": np.arange(1, NW + 1),
        "appt_ref": np.where(W_a >= 0, (W_a + 1).astype(str), None),
        "vehicle_id": W_v + 1,
        "shop_id": W_s + 1,
        "tech_code": t_code[W_tech],
        "opened_at": ts(W_open),
        "service_type": W_type,
        "odometer_km": W_odo.astype(int),
        "status": w_status,
        "total_amount": tot_now,
        "completed_at": ts(known(W_done)),
        "picked_up_at": ts(known(W_pick)),
    }
)[wk]

line_items = pd.DataFrame(
    {
        "line_id": np.arange(1, len(L_w) + 1),
        "wo_id": L_w + 1,
        "kind": L_kind,
        "code": L_code,
        "qty": L_qty,
        "unit_price": L_price,
        "amount": L_amt,
        "added_at": ts(L_at),
    }
)[lk]

pk = P_t <= T
paid_now = np.bincount(P_i[pk], weights=P_amt[pk], minlength=NI)
bal = np.round(np.maximum(I_amt - paid_now, 0), 2)
wo_t = I_t + 120 * DAY
i_status = np.where(
    bal <= 0.005, "paid", np.where(never & (wo_t <= T), "written_off", np.where(paid_now > 0, "partial", "open"))
)
invoices = pd.DataFrame(
    {
        "invoice_no": I_no,
        "wo_id": I_w + 1,
        "customer_id": I_cust + 1,
        "issued_at": ts(I_t),
        "amount": I_amt,
        "balance_due": bal,
        "status": i_status,
    }
).iloc[iord]
invoices = invoices[I_t[iord] <= T]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(P_t) + 1),
        "invoice_no": I_no[P_i],
        "paid_at": ts(P_t),
        "amount": P_amt,
        "method": P_m,
    }
)[pk]

reminders = pd.DataFrame(
    {
        "reminder_id": np.arange(1, len(M_t) + 1),
        "vehicle_id": M_v + 1,
        "kind": M_kind,
        "channel": M_chan,
        "sent_at": ts(M_t),
        "clicked_at": ts(known(M_click)),
    }
)[M_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE shops (shop_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, region VARCHAR,
                    reminder_channel VARCHAR, labour_rate DOUBLE, opened_on DATE);
CREATE TABLE technicians (tech_code VARCHAR PRIMARY KEY, shop_id INTEGER REFERENCES shops(shop_id),
                          full_name VARCHAR, cert_level VARCHAR, hired_on DATE, left_on DATE);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, home_shop_id INTEGER REFERENCES shops(shop_id),
                        last_name VARCHAR, email VARCHAR, zip VARCHAR, account_type VARCHAR, marketing_opt_in BOOLEAN,
                        created_at TIMESTAMP, loyalty_tier VARCHAR, last_visit_at TIMESTAMP);
CREATE TABLE vehicles (vehicle_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
                       vin VARCHAR, make VARCHAR, model VARCHAR, model_year INTEGER, fuel VARCHAR, winter_tires BOOLEAN,
                       registered_at TIMESTAMP, odometer_km INTEGER, next_service_due DATE, status VARCHAR,
                       sold_at TIMESTAMP);
CREATE TABLE appointments (appt_id INTEGER PRIMARY KEY, vehicle_id INTEGER, shop_id INTEGER, booked_at TIMESTAMP,
                           scheduled_for TIMESTAMP, service_type VARCHAR, source VARCHAR, status VARCHAR,
                           checked_in_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE work_orders (wo_id INTEGER PRIMARY KEY, appt_ref VARCHAR, vehicle_id INTEGER, shop_id INTEGER,
                          tech_code VARCHAR, opened_at TIMESTAMP, service_type VARCHAR, odometer_km INTEGER,
                          status VARCHAR, total_amount DOUBLE, completed_at TIMESTAMP, picked_up_at TIMESTAMP);
CREATE TABLE line_items (line_id INTEGER, wo_id INTEGER, kind VARCHAR, code VARCHAR, qty DOUBLE, unit_price DOUBLE,
                         amount DOUBLE, added_at TIMESTAMP);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, wo_id INTEGER, customer_id INTEGER, issued_at TIMESTAMP,
                       amount DOUBLE, balance_due DOUBLE, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
CREATE TABLE reminders (reminder_id INTEGER PRIMARY KEY, vehicle_id INTEGER, kind VARCHAR, channel VARCHAR,
                        sent_at TIMESTAMP, clicked_at TIMESTAMP);
""")
for name, df in [
    ("shops", shops[s_open - 30 * DAY <= T]),
    ("technicians", technicians),
    ("customers", customers),
    ("vehicles", vehicles),
    ("appointments", appointments),
    ("work_orders", work_orders),
    ("line_items", line_items),
    ("invoices", invoices),
    ("payments", payments),
    ("reminders", reminders),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
