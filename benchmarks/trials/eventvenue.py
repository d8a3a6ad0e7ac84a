"""An event venue group (venues and their rooms, corporate and private clients, inquiries, contracts booked months
ahead with deposits, balance due dates and cancellation fees, events held, catering orders, vendor assignments,
payments, post-event reviews), seeded: `python benchmarks/trials/eventvenue.py OUT.duckdb [--as-of DATE]`. Written
by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 8 venues,
39 rooms, 4,000 clients (1,551 corporate), 60 vendors and, over 2022-01-01..NOW, 15.4k inquiries, 9.3k contracts
(681 cancelled), 8.1k events, 9.3k catering orders, 17.6k vendor assignments, 18.7k payments, 4.6k reviews (about
87k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs client by client over 2022-01-01..NOW.
Rows dated after NOW exist only where written ahead: inquiries.requested_date (the date asked for, up to 15 months
ahead), contracts.event_start and contracts.balance_due_on (set at signing), vendor_assignments.service_date (the
event's date). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- venues (8): tier premium / standard / budget; tier moves price per head (95 / 60 / 38), review satisfaction
  (+.4 / 0 / -.4) and incidents (2% / 4% / 8% of events), and budget venues' contracts cancel more (+.5 logit);
  venue 8 (London, standard) opens 2024-03-01 and takes 50% of London's venue choices after; region is noise
- rooms (39, 3-6 per venue): room_code is a TEXT key 'V3-R2'; room_type stored MESSY ('Ballroom', 'ballroom',
  'BALLROOM', 'Banquet Hall', 'Terrace', 'terrace ', 'Boardroom', 'board room', 'Garden', ...); a contract takes
  the smallest room of its venue holding its guests (the largest if none); hourly_rate is billed as room hire
- clients (4,000): 2,500 created 2017-2021, 1,500 during the span (first inquiry on the day they are created);
  client_type 'corporate' p .4 else 'private'; loyalty z ~ N(0, 1) hidden; corporate industry MESSY ('Tech',
  'tech', 'Technology', 'Finance', 'finance ', 'Banking', 'Pharma', 'Healthcare', 'Nonprofit', 'NGO', ...), whose
  rate multiplier is tech 1.3, finance 1.2, pharma 1.0, retail .9, nonprofit .6 (a parent attribute that matters);
  referral_source and email noise; home city; a favourite venue of its city (chosen 70% of the time)
- inquiries: corporate rate 4.5/365 per day x industry x exp(.5 z), private .4/365 x exp(.4 z); season by month
  (corporate Sep-Oct x1.4 for holiday parties, Jan x1.2, Jul .6, Dec .5; private Jan 1.6, Feb 1.4, summer .8)
- event type: corporate per-client preferences Dirichlet(6 x [.3 conference, .2 holiday_party, .4 meeting,
  .1 product_launch]) (holiday parties only asked Jun 1..Nov 15, for Dec 5-20; else a meeting); private
  wedding .45 / birthday .3 / anniversary .15 / memorial .1; lead (days) conference 60-240, meeting 10-60,
  product_launch 30-120, wedding 150-450 (a Saturday), birthday 14-90, anniversary 21-120, memorial 3-14
- channel MESSY ('web', 'Web', 'WEB ', 'website', 'phone', 'Phone', 'email', 'E-mail', 'walk-in', 'Walk In');
  guests_est LogNormal by type
- conversion: p sigmoid(-.3 + .7 z + .5 corporate + .3 premium - .4 walk-in); signed 1 + Exp(7) days after the
  inquiry, else lost 21 + Exp(10) days after (inquiries.status TODAY's 'open' / 'converted' / 'lost', converted_at
  and lost_reason filled in later)
- contracts (PK contract_no TEXT 'EV-000123'): total_value = guests x price per head x type factor x LogNormal(0,
  .15) + room hire; deposit 25% (30% private) paid Exp(3 exp(-.5 z)) days after signing; balance due 30 days
  before the event (a DATE), paid 14 days before it + Exp(10 exp(-.7 z)) days (late payers have low z);
  cancellation p sigmoid(-2.4 - .5 z + .7 wedding + .5 budget) at a uniform point between signing and event; fee
  = the deposit, or 50% of the value within 90 days of the event (cancellation_fee, cancelled_at filled later);
  contracts.status TODAY's ('pending' / 'confirmed' / 'completed' / 'cancelled')
- events (held contracts): actual_guests = guests x N(.95, .08); overtime_hours; incident_reported by tier;
  ended_at always set (start + duration), staff_count noise
- satisfaction s = tier + .35 x mean vendor quality + .3 z - 1.5 incident + N(0, .6); reviews (p .35 private, .6
  corporate) Exp(5) + 1 days after the event, score 1-5 = round(3.6 + .8 s), nps 0-10; reviews.event_ref holds
  the event_id as TEXT
- churn (hidden): a client stops inquiring with hazard 1/1000 x exp(-.5 z) per day (private 1/2000), x4 after an
  event with s < -.6 (a bad experience: low review / incident); contracts already signed still go ahead
- vendors (60): vendor_type photographer / florist / dj / av / decor; quality q ~ N(0, 1) hidden; listed_rating
  is noise; each contract gets 1-3 vendors of its venue's list, assigned between signing and the event, status
  TODAY's ('confirmed' / 'completed' / 'released' once the contract is cancelled)
- catering_orders: 85% of contracts (not cancelled by then) order food between signing and a week before the
  event, 25% also a 'Drinks package'; menu MESSY ('Buffet', 'buffet', 'BUFFET', 'Plated', 'plated dinner',
  'Canapes', 'canapés', 'BBQ', ...); status TODAY's ('confirmed' / 'served' / 'cancelled')
- payments: deposit, balance, cancellation_fee (beyond the deposit, 14 + Exp(14) days after cancelling),
  overtime (a week after the event); method MESSY ('card', 'Card', 'bank transfer', 'BACS', 'wire', 'cheque')
- today's state: clients.account_status ('active' with an inquiry in the last 365 days, else 'inactive'),
  loyalty_tier ('standard' / 'silver' 2-4 events / 'gold' 5+), lifetime_spend (sum of held contracts' values),
  last_event_at; inquiries.status; contracts.status; catering_orders.status; vendor_assignments.status
- filled later: inquiries.converted_at, lost_reason; contracts.deposit_paid_at, balance_paid_at, cancelled_at,
  cancellation_fee
- keys: PKs declared on venues, rooms (room_code TEXT), clients, inquiries, contracts (contract_no TEXT), events,
  catering_orders, vendors, vendor_assignments, payments, reviews; REFERENCES only rooms -> venues and
  contracts.client_id -> clients. Undeclared: inquiries (client_id, venue_id), contracts (inquiry_id, room_code),
  events.contract_no, catering_orders.contract_no, vendor_assignments (contract_no, vendor_id),
  payments.contract_no, reviews (event_ref: an events.event_id stored as VARCHAR, client_id)
- `python eventvenue.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
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
START = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def day_of(t):
    return START + pd.Timedelta(seconds=float(t))


# ---------------- venues and rooms
NVEN = 8
V_CITY = np.array(["London", "London", "Manchester", "Manchester", "Bristol", "Leeds", "Edinburgh", "London"])
V_TIER = np.array(["premium", "standard", "budget", "premium", "standard", "budget", "premium", "standard"])
TIER_PRICE = {"premium": 95.0, "standard": 60.0, "budget": 38.0}
TIER_SAT = {"premium": 0.4, "standard": 0.0, "budget": -0.4}
TIER_INC = {"premium": 0.02, "standard": 0.04, "budget": 0.08}
v_open = np.array([secs("2008-01-01") + rng.uniform(0, 4000) * DAY for _ in range(NVEN)])
v_open[7] = secs("2024-03-01") + 9 * 3600
venues = pd.DataFrame(
    {
        "venue_id": np.arange(1, NVEN + 1),
        "name": [
            f"{V_CITY[i]} {n}"
            for i, n in enumerate(
                ["Grand Hall", "Riverside", "Mill", "Exchange", "Harbour", "Corn House", "Assembly", "Wharf"]
            )
        ],
        "city": V_CITY,
        "tier": V_TIER,
        "region": rng.choice(["north", "south", "central"], NVEN),
        "opened_on": ts(v_open).date,
    }
)

RT_SPELL = {
    "ballroom": ["Ballroom", "ballroom", "BALLROOM", "Banquet Hall"],
    "terrace": ["Terrace", "terrace ", "Roof Terrace"],
    "boardroom": ["Boardroom", "board room", "BOARDROOM"],
    "garden": ["Garden", "garden", "Courtyard Garden"],
    "suite": ["Suite", "suite", "Function Suite"],
}
RT_CAP = {"ballroom": 300, "terrace": 120, "boardroom": 30, "garden": 180, "suite": 70}
R_v, R_code, R_type, R_cap, R_rate = [], [], [], [], []
for v in range(NVEN):
    k = int(rng.integers(3, 7))
    kinds = ["ballroom", "boardroom", "suite"] + list(rng.choice(["terrace", "garden", "suite", "boardroom"], k - 3))
    for j, kind in enumerate(kinds):
        R_v.append(v)
        R_code.append(f"V{v + 1}-R{j + 1}")
        R_type.append(rng.choice(RT_SPELL[kind]))
        cap = int(RT_CAP[kind] * np.exp(rng.normal(0, 0.2)))
        R_cap.append(cap)
        R_rate.append(round(float(cap * rng.uniform(1.0, 2.0) * (1.4 if V_TIER[v] == "premium" else 1.0)), 0))
R_v, R_cap, R_rate = np.array(R_v), np.array(R_cap), np.array(R_rate)
rooms = pd.DataFrame(
    {
        "room_code": R_code,
        "venue_id": R_v + 1,
        "room_name": [f"{c} {t.strip().title()}" for c, t in zip(R_code, R_type, strict=True)],
        "room_type": R_type,
        "capacity": R_cap,
        "hourly_rate": R_rate,
    }
)

# ---------------- vendors
NVD = 60
VD_TYPES = np.array(["photographer", "florist", "dj", "av", "decor"])
vd_type = np.tile(np.arange(5), NVD // 5)
vd_q = rng.normal(0, 1, NVD)
vd_fee = np.array([900, 400, 500, 700, 600.0])[vd_type] * np.exp(rng.normal(0, 0.25, NVD))
vendors = pd.DataFrame(
    {
        "vendor_id": np.arange(1, NVD + 1),
        "name": [f"{VD_TYPES[t].title()} Co {i + 1}" for i, t in enumerate(vd_type)],
        "vendor_type": VD_TYPES[vd_type],
        "listed_rating": np.round(rng.uniform(3.5, 5.0, NVD), 1),
        "base_fee": np.round(vd_fee, 0),
    }
)
VEN_VENDORS = {
    v: {t: list(rng.choice(np.nonzero(vd_type == t)[0], 4, replace=False)) for t in range(5)} for v in range(NVEN)
}

# ---------------- clients
NCL = 4000
c_new = np.arange(NCL) >= 2500
c_created = np.where(
    c_new, rng.uniform(0, TNOW / DAY - 3, NCL) * DAY, secs("2017-01-01") + rng.uniform(0, 5 * 365 - 1, NCL) * DAY
)
c_corp = rng.random(NCL) < 0.4
c_z = rng.normal(0, 1, NCL)
CITIES = np.array(["London", "Manchester", "Bristol", "Leeds", "Edinburgh"])
c_city = rng.choice(5, NCL, p=[0.4, 0.22, 0.14, 0.14, 0.1])
IND = ["tech", "finance", "pharma", "retail", "nonprofit"]
IND_MULT = np.array([1.3, 1.2, 1.0, 0.9, 0.6])
IND_SPELL = {
    0: ["Tech", "tech", "Technology", "TECH"],
    1: ["Finance", "finance ", "Banking", "FINANCE"],
    2: ["Pharma", "pharma", "Healthcare"],
    3: ["Retail", "retail", "RETAIL"],
    4: ["Nonprofit", "nonprofit", "NGO", "Non-profit"],
}
c_ind = rng.choice(5, NCL, p=[0.28, 0.24, 0.16, 0.18, 0.14])
c_ind_s = np.array([rng.choice(IND_SPELL[i]) for i in c_ind], dtype=object)
c_ind_s[~c_corp] = None
CORP_TYPES = np.array(["conference", "holiday_party", "meeting", "product_launch"])
PRIV_TYPES = np.array(["wedding", "birthday", "anniversary", "memorial"])
c_pref = rng.dirichlet(6 * np.array([0.3, 0.2, 0.4, 0.1]), NCL)
city_venues = {k: np.nonzero(CITIES[k] == V_CITY)[0] for k in range(5)}
c_fav = np.array([rng.choice(city_venues[k][city_venues[k] != 7]) for k in c_city])
c_ref = rng.choice(["google", "referral", "instagram", "wedding fair", "linkedin", None], NCL)
c_email = np.where(rng.random(NCL) < 0.12, None, np.array([f"client{i}@mail.example" for i in range(1, NCL + 1)]))
c_name = np.where(
    c_corp,
    np.array([f"Company {i} Ltd" for i in range(1, NCL + 1)]),
    np.array([f"Private client {i}" for i in range(1, NCL + 1)]),
)

SEAS_CORP = np.array([1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.8, 1.4, 1.4, 1.0, 0.5])
SEAS_PRIV = np.array([1.6, 1.4, 1.1, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 0.9, 1.2])
LEAD = {
    "conference": (60, 240),
    "meeting": (10, 60),
    "product_launch": (30, 120),
    "wedding": (150, 450),
    "birthday": (14, 90),
    "anniversary": (21, 120),
    "memorial": (3, 14),
}
HOUR = {
    "conference": 9,
    "meeting": 10,
    "holiday_party": 19,
    "product_launch": 18,
    "wedding": 14,
    "birthday": 19,
    "anniversary": 19,
    "memorial": 11,
}
DUR = {
    "conference": 8,
    "meeting": 4,
    "holiday_party": 5,
    "product_launch": 4,
    "wedding": 10,
    "birthday": 5,
    "anniversary": 5,
    "memorial": 3,
}
GUESTS = {
    "conference": 180,
    "meeting": 25,
    "holiday_party": 90,
    "product_launch": 110,
    "wedding": 120,
    "birthday": 50,
    "anniversary": 60,
    "memorial": 45,
}
TYPF = {
    "conference": 0.9,
    "meeting": 0.7,
    "holiday_party": 1.1,
    "product_launch": 1.2,
    "wedding": 1.4,
    "birthday": 0.9,
    "anniversary": 1.0,
    "memorial": 0.7,
}
CHAN_SPELL = ["web", "Web", "WEB ", "website", "phone", "Phone", "email", "E-mail", "walk-in", "Walk In"]
CHAN_P = np.array([0.2, 0.1, 0.04, 0.06, 0.18, 0.07, 0.17, 0.06, 0.08, 0.04])
MENU_SPELL = ["Buffet", "buffet", "BUFFET", "Plated", "plated dinner", "Canapes", "canapés", "BBQ", "bbq"]
MENU_PH = np.array([28, 28, 28, 45, 45, 22, 22, 30, 30.0])
PAY_METHOD = ["card", "Card", "bank transfer", "BACS", "wire", "cheque"]

INQ = []  # inquiries: client, t, venue, type, req_t, guests, chan, sign_t, lost_t, lost_reason
C = []  # contracts: inq, client, room, sign_t, event_t, guests, value, deposit, dep_t, due_t, bal_t, cancel_t, fee
E = []  # events: contract, t, actual_guests, dur, overtime, incident, staff
CAT = []  # catering: contract, t, menu, covers, per_head
VA = []  # vendor assignments: contract, vendor, t, fee
PAY = []  # payments: contract, t, amount, kind, method
REV = []  # reviews: event, client, t, score, nps


def pick_venue(ci, t):
    v = c_fav[ci] if rng.random() < 0.7 else rng.choice(city_venues[c_city[ci]])
    if CITIES[c_city[ci]] == "London" and t >= v_open[7] and rng.random() < 0.5:
        v = 7
    if v_open[v] > t:
        v = c_fav[ci]
    return int(v)


def hold(ci, k, t_ev, ctype, venue, guests):
    """The held event of contract k: returns its satisfaction."""
    ei = len(E)
    tier = V_TIER[venue]
    inc = rng.random() < TIER_INC[tier]
    dur = DUR[ctype] + rng.normal(0, 0.5)
    ot = max(0.0, round(rng.normal(-0.5, 1.0), 1)) if rng.random() < 0.3 else 0.0
    E.append((k, t_ev, max(1, int(guests * rng.normal(0.95, 0.08))), dur, ot, inc, int(rng.integers(4, 30))))
    vq = cur_vendor_q.get(k, [0.0])
    s = TIER_SAT[tier] + 0.35 * float(np.mean(vq)) + 0.3 * c_z[ci] - 1.5 * inc + rng.normal(0, 0.6)
    if rng.random() < (0.6 if c_corp[ci] else 0.35):
        rt = t_ev + (1 + rng.exponential(5)) * DAY
        REV.append((ei, ci, rt, int(np.clip(round(3.6 + 0.8 * s), 1, 5)), int(np.clip(round(6.5 + 2 * s), 0, 10))))
    if ot > 0:
        PAY.append((k, t_ev + 7 * DAY, round(ot * R_rate[C[k][2]] * 1.5, 2), "overtime", rng.choice(PAY_METHOD)))
    return s


cur_vendor_q = {}

for ci in range(NCL):
    corp = c_corp[ci]
    base = (4.5 / 365 * IND_MULT[c_ind[ci]] * np.exp(0.5 * c_z[ci])) if corp else 0.4 / 365 * np.exp(0.4 * c_z[ci])
    seas = SEAS_CORP if corp else SEAS_PRIV
    lam = base * seas.max()
    t0 = max(c_created[ci], 0.0)
    h = (1 / 1000 * np.exp(-0.5 * c_z[ci])) if corp else 1 / 2000
    churn = t0 + rng.exponential(1 / h) * DAY
    n = rng.poisson(lam * (TNOW - t0) / DAY)
    cand = np.sort(rng.uniform(t0, TNOW, n))
    if c_new[ci]:
        cand = np.concatenate([[c_created[ci] + rng.uniform(0, 0.4) * DAY], cand])
    pending = []  # (event_t, contract, type, venue, guests)
    for j, t in enumerate(cand):
        # events held before this candidate
        pending.sort()
        while pending and pending[0][0] <= t:
            ev = pending.pop(0)
            s = hold(ci, ev[1], ev[0], ev[2], ev[3], ev[4])
            if s < -0.6 and churn > ev[0]:
                churn = ev[0] + rng.exponential(1 / (4 * h)) * DAY
        first = c_new[ci] and j == 0
        if not first:
            if t >= churn:
                continue
            if rng.random() > seas[day_of(t).month - 1] / seas.max():
                continue
        d = day_of(t)
        if corp:
            ctype = str(rng.choice(CORP_TYPES, p=c_pref[ci]))
            if ctype == "holiday_party" and not (6 <= d.month <= 10 or (d.month == 11 and d.day <= 15)):
                ctype = "meeting"
        else:
            ctype = str(rng.choice(PRIV_TYPES, p=[0.45, 0.3, 0.15, 0.1]))
        if ctype == "holiday_party":
            req = secs(pd.Timestamp(d.year, 12, int(rng.integers(5, 21))))
        else:
            lo, hi = LEAD[ctype]
            req = secs(d.normalize()) + int(rng.uniform(lo, hi)) * DAY
            if ctype == "wedding":
                wd = day_of(req).day_of_week
                req += ((5 - wd) % 7) * DAY
        req_t = req + HOUR[ctype] * 3600
        venue = pick_venue(ci, t)
        guests = max(6, int(GUESTS[ctype] * np.exp(rng.normal(0, 0.35))))
        ch = int(rng.choice(len(CHAN_SPELL), p=CHAN_P))
        pconv = sig(-0.3 + 0.7 * c_z[ci] + 0.5 * corp + 0.3 * (V_TIER[venue] == "premium") - 0.4 * (ch >= 8))
        conv = rng.random() < pconv
        sign_t = t + (1 + rng.exponential(7)) * DAY if conv else INF
        if sign_t >= req_t - 2 * DAY:
            sign_t = INF
            conv = False
        lost_t = INF if conv else t + (21 + rng.exponential(10)) * DAY
        lost_reason = (
            None if conv else str(rng.choice(["price", "date unavailable", "chose competitor", "Price", "no reply"]))
        )
        INQ.append((ci, t, venue, ctype, req, guests, CHAN_SPELL[ch], sign_t, lost_t, lost_reason))
        if not conv:
            continue
        k = len(C)
        rv = np.nonzero(R_v == venue)[0]
        fits = rv[R_cap[rv] >= guests]
        room = int(fits[np.argmin(R_cap[fits])]) if len(fits) else int(rv[np.argmax(R_cap[rv])])
        hire = R_rate[room] * DUR[ctype]
        value = round(guests * TIER_PRICE[V_TIER[venue]] * TYPF[ctype] * np.exp(rng.normal(0, 0.15)) + hire, 2)
        deposit = round(value * (0.25 if corp else 0.3), 2)
        dep_t = sign_t + rng.exponential(3 * np.exp(-0.5 * c_z[ci])) * DAY + 3600
        due_t = req - 30 * DAY
        bal_t = max(dep_t + DAY, due_t - 14 * DAY + rng.exponential(10 * np.exp(-0.7 * c_z[ci])) * DAY)
        pc = sig(-2.4 - 0.5 * c_z[ci] + 0.7 * (ctype == "wedding") + 0.5 * (V_TIER[venue] == "budget"))
        cancel_t = sign_t + rng.uniform(0.05, 0.98) * (req_t - sign_t) if rng.random() < pc else INF
        fee = np.nan
        if cancel_t < INF:
            fee = round(0.5 * value, 2) if req_t - cancel_t < 90 * DAY else deposit
        C.append([len(INQ) - 1, ci, room, sign_t, req_t, guests, value, deposit, dep_t, due_t, bal_t, cancel_t, fee])
        method = rng.choice(PAY_METHOD)
        if dep_t < cancel_t:
            PAY.append((k, dep_t, deposit, "deposit", method))
        else:
            C[k][8] = INF
        if bal_t < cancel_t and bal_t < req_t:
            PAY.append((k, bal_t, round(value - deposit, 2), "balance", method))
        else:
            C[k][10] = INF
        if cancel_t < INF and fee > deposit and bal_t >= cancel_t:
            PAY.append(
                (k, cancel_t + (14 + rng.exponential(14)) * DAY, round(fee - deposit, 2), "cancellation_fee", method)
            )
        # vendors
        qs = []
        for vt in rng.choice(5, int(rng.integers(1, 4)), replace=False):
            vd = int(rng.choice(VEN_VENDORS[venue][vt]))
            at = sign_t + rng.uniform(0.1, 0.8) * (req_t - sign_t)
            fee_v = round(vd_fee[vd] * np.exp(rng.normal(0, 0.1)), 0)
            if at < cancel_t:
                VA.append((k, vd, at, fee_v))
                qs.append(vd_q[vd])
        cur_vendor_q[k] = qs or [0.0]
        # catering
        if rng.random() < 0.85:
            ot = sign_t + rng.uniform(0.2, 1.0) * max(req_t - 7 * DAY - sign_t, DAY)
            if ot < cancel_t:
                m = int(rng.integers(len(MENU_SPELL)))
                CAT.append((k, ot, MENU_SPELL[m], guests, round(MENU_PH[m] * np.exp(rng.normal(0, 0.1)), 2)))
                if rng.random() < 0.25:
                    CAT.append(
                        (
                            k,
                            ot + rng.uniform(0, 5) * DAY,
                            "Drinks package",
                            guests,
                            round(18 * np.exp(rng.normal(0, 0.1)), 2),
                        )
                    )
        if cancel_t == INF and req_t <= TNOW:
            pending.append((req_t, k, ctype, venue, guests))
    pending.sort()
    for ev in pending:
        hold(ci, ev[1], ev[0], ev[2], ev[3], ev[4])

# ---------------- arrays
NI = len(INQ)
I_c = np.array([x[0] for x in INQ])
I_t = np.array([x[1] for x in INQ])
I_sign = np.array([x[7] for x in INQ])
I_lost = np.array([x[8] for x in INQ])
Ca = np.array(C, dtype=float)
NK = len(Ca)
K_inq, K_cl, K_room = Ca[:, 0].astype(int), Ca[:, 1].astype(int), Ca[:, 2].astype(int)
K_sign, K_ev, K_g, K_val, K_dep = Ca[:, 3], Ca[:, 4], Ca[:, 5].astype(int), Ca[:, 6], Ca[:, 7]
K_dept, K_due, K_balt, K_cancel, K_fee = Ca[:, 8], Ca[:, 9], Ca[:, 10], Ca[:, 11], Ca[:, 12]
k_ord = np.argsort(K_sign, kind="stable")
k_rank = np.empty(NK, int)
k_rank[k_ord] = np.arange(NK)
K_no = np.array([f"EV-{r + 1:06d}" for r in k_rank])
E_k = np.array([x[0] for x in E])
E_t = np.array([x[1] for x in E])
e_ord = np.argsort(E_t, kind="stable")
e_id = np.empty(len(E), int)
e_id[e_ord] = np.arange(1, len(E) + 1)

# ---------------- today's state at T
cancelled = K_cancel <= T
held_k = np.zeros(NK, bool)
held_k[E_k[E_t <= T]] = True
k_status = np.where(
    cancelled, "cancelled", np.where(held_k, "completed", np.where(K_dept <= T, "confirmed", "pending"))
)
i_status = np.where(I_sign <= T, "converted", np.where(I_lost <= T, "lost", "open"))

ev_known = E_t <= T
cl_events = np.bincount(K_cl[E_k[ev_known]], minlength=NCL)
cl_spend = np.bincount(K_cl[E_k[ev_known]], weights=K_val[E_k[ev_known]], minlength=NCL)
last_ev = pd.Series(E_t[ev_known]).groupby(K_cl[E_k[ev_known]]).max()
c_last_ev = np.full(NCL, np.nan)
c_last_ev[last_ev.index.to_numpy()] = last_ev.to_numpy()
ik = I_t <= T
last_inq = pd.Series(I_t[ik]).groupby(I_c[ik]).max()
c_last_inq = np.full(NCL, -INF)
c_last_inq[last_inq.index.to_numpy()] = last_inq.to_numpy()
clients = pd.DataFrame(
    {
        "client_id": np.arange(1, NCL + 1),
        "name": c_name,
        "client_type": np.where(c_corp, "corporate", "private"),
        "industry": c_ind_s,
        "city": CITIES[c_city],
        "email": c_email,
        "referral_source": c_ref,
        "created_at": ts(c_created),
        "account_status": np.where(T - c_last_inq <= 365 * DAY, "active", "inactive"),
        "loyalty_tier": np.where(cl_events >= 5, "gold", np.where(cl_events >= 2, "silver", "standard")),
        "lifetime_spend": np.round(cl_spend, 2),
        "last_event_at": ts(c_last_ev),
    }
)[c_created <= T]

inquiries = pd.DataFrame(
    {
        "inquiry_id": np.arange(1, NI + 1),
        "client_id": I_c + 1,
        "venue_id": [x[2] + 1 for x in INQ],
        "received_at": ts(I_t),
        "event_type": [x[3] for x in INQ],
        "requested_date": ts([x[4] for x in INQ]).date,
        "guests_est": [x[5] for x in INQ],
        "channel": [x[6] for x in INQ],
        "status": i_status,
        "converted_at": ts(known(I_sign)),
        "lost_reason": np.where(I_lost <= T, np.array([x[9] for x in INQ], dtype=object), None),
    }
)
i_ord = np.argsort(I_t, kind="stable")
inquiries = inquiries.iloc[i_ord]
inquiries["inquiry_id"] = np.arange(1, NI + 1)
i_newid = np.empty(NI, int)
i_newid[i_ord] = np.arange(1, NI + 1)
inquiries = inquiries[I_t[i_ord] <= T]

contracts = pd.DataFrame(
    {
        "contract_no": K_no,
        "inquiry_id": i_newid[K_inq],
        "client_id": K_cl + 1,
        "room_code": np.array(R_code)[K_room],
        "event_type": [INQ[i][3] for i in K_inq],
        "signed_at": ts(K_sign),
        "event_start": ts(K_ev),
        "guests": K_g,
        "total_value": K_val,
        "deposit_amount": K_dep,
        "deposit_paid_at": ts(known(K_dept)),
        "balance_due_on": ts(K_due).date,
        "balance_paid_at": ts(known(K_balt)),
        "status": k_status,
        "cancelled_at": ts(known(K_cancel)),
        "cancellation_fee": np.where(cancelled, K_fee, np.nan),
    }
).iloc[k_ord]
contracts = contracts[K_sign[k_ord] <= T]

events = pd.DataFrame(
    {
        "event_id": e_id,
        "contract_no": K_no[E_k],
        "started_at": ts(E_t),
        "ended_at": ts(E_t + np.array([x[3] for x in E]) * 3600),
        "actual_guests": [x[2] for x in E],
        "overtime_hours": [x[4] for x in E],
        "incident_reported": [bool(x[5]) for x in E],
        "staff_count": [x[6] for x in E],
    }
).iloc[e_ord]
events = events[E_t[e_ord] <= T]

CA_k = np.array([x[0] for x in CAT])
CA_t = np.array([x[1] for x in CAT])
ca_ord = np.argsort(CA_t, kind="stable")
catering = pd.DataFrame(
    {
        "order_id": np.arange(1, len(CAT) + 1),
        "contract_no": K_no[CA_k[ca_ord]],
        "ordered_at": ts(CA_t[ca_ord]),
        "menu": [CAT[i][2] for i in ca_ord],
        "covers": [CAT[i][3] for i in ca_ord],
        "price_per_head": [CAT[i][4] for i in ca_ord],
        "amount": [round(CAT[i][3] * CAT[i][4], 2) for i in ca_ord],
        "status": np.where(
            K_cancel[CA_k[ca_ord]] <= T, "cancelled", np.where(held_k[CA_k[ca_ord]], "served", "confirmed")
        ),
    }
)[CA_t[ca_ord] <= T]

VA_k = np.array([x[0] for x in VA])
VA_t = np.array([x[2] for x in VA])
va_ord = np.argsort(VA_t, kind="stable")
assignments = pd.DataFrame(
    {
        "assignment_id": np.arange(1, len(VA) + 1),
        "contract_no": K_no[VA_k[va_ord]],
        "vendor_id": [VA[i][1] + 1 for i in va_ord],
        "assigned_at": ts(VA_t[va_ord]),
        "service_date": ts(K_ev[VA_k[va_ord]]).date,
        "fee": [VA[i][3] for i in va_ord],
        "status": np.where(
            K_cancel[VA_k[va_ord]] <= T, "released", np.where(held_k[VA_k[va_ord]], "completed", "confirmed")
        ),
    }
)[VA_t[va_ord] <= T]

P_t = np.array([x[1] for x in PAY])
p_ord = np.argsort(P_t, kind="stable")
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(PAY) + 1),
        "contract_no": K_no[np.array([PAY[i][0] for i in p_ord])],
        "paid_at": ts(P_t[p_ord]),
        "amount": [PAY[i][2] for i in p_ord],
        "kind": [PAY[i][3] for i in p_ord],
        "method": [PAY[i][4] for i in p_ord],
    }
)[P_t[p_ord] <= T]

RV_t = np.array([x[2] for x in REV])
rv_ord = np.argsort(RV_t, kind="stable")
reviews = pd.DataFrame(
    {
        "review_id": np.arange(1, len(REV) + 1),
        "event_ref": [str(e_id[REV[i][0]]) for i in rv_ord],
        "client_id": [REV[i][1] + 1 for i in rv_ord],
        "submitted_at": ts(RV_t[rv_ord]),
        "score": [REV[i][3] for i in rv_ord],
        "nps": [REV[i][4] for i in rv_ord],
    }
)[RV_t[rv_ord] <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE venues (venue_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, tier VARCHAR, region VARCHAR,
                     opened_on DATE);
CREATE TABLE rooms (room_code VARCHAR PRIMARY KEY, venue_id INTEGER REFERENCES venues(venue_id), room_name VARCHAR,
                    room_type VARCHAR, capacity INTEGER, hourly_rate DOUBLE);
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, name VARCHAR, client_type VARCHAR, industry VARCHAR,
                      city VARCHAR, email VARCHAR, referral_source VARCHAR, created_at TIMESTAMP,
                      account_status VARCHAR, loyalty_tier VARCHAR, lifetime_spend DOUBLE, last_event_at TIMESTAMP);
CREATE TABLE inquiries (inquiry_id INTEGER PRIMARY KEY, client_id INTEGER, venue_id INTEGER, received_at TIMESTAMP,
                        event_type VARCHAR, requested_date DATE, guests_est INTEGER, channel VARCHAR, status VARCHAR,
                        converted_at TIMESTAMP, lost_reason VARCHAR);
CREATE TABLE contracts (contract_no VARCHAR PRIMARY KEY, inquiry_id INTEGER,
                        client_id INTEGER REFERENCES clients(client_id), room_code VARCHAR, event_type VARCHAR,
                        signed_at TIMESTAMP, event_start TIMESTAMP, guests INTEGER, total_value DOUBLE,
                        deposit_amount DOUBLE, deposit_paid_at TIMESTAMP, balance_due_on DATE,
                        balance_paid_at TIMESTAMP, status VARCHAR, cancelled_at TIMESTAMP, cancellation_fee DOUBLE);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, contract_no VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP,
                     actual_guests INTEGER, overtime_hours DOUBLE, incident_reported BOOLEAN, staff_count INTEGER);
CREATE TABLE catering_orders (order_id INTEGER PRIMARY KEY, contract_no VARCHAR, ordered_at TIMESTAMP, menu VARCHAR,
                              covers INTEGER, price_per_head DOUBLE, amount DOUBLE, status VARCHAR);
CREATE TABLE vendors (vendor_id INTEGER PRIMARY KEY, name VARCHAR, vendor_type VARCHAR, listed_rating DOUBLE,
                      base_fee DOUBLE);
CREATE TABLE vendor_assignments (assignment_id INTEGER PRIMARY KEY, contract_no VARCHAR, vendor_id INTEGER,
                                 assigned_at TIMESTAMP, service_date DATE, fee DOUBLE, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, contract_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE,
                       kind VARCHAR, method VARCHAR);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, event_ref VARCHAR, client_id INTEGER, submitted_at TIMESTAMP,
                      score INTEGER, nps INTEGER);
""")
for name, df in [
    ("venues", venues),
    ("rooms", rooms),
    ("clients", clients),
    ("inquiries", inquiries),
    ("contracts", contracts),
    ("events", events),
    ("catering_orders", catering),
    ("vendors", vendors),
    ("vendor_assignments", assignments),
    ("payments", payments),
    ("reviews", reviews),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
