"""A city parking operator (garages and surface lots with capacities and an hourly-rate history announced ahead,
customers with vehicles keyed by licence plate, parking sessions read at the gate by plate, monthly permits with
start/end dates, payments and refunds, citations written to plates, 15-minute sensor occupancy readings), seeded:
`python benchmarks/trials/parking.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 lots, 34 rate rows, 2,600 customers, 3,037
vehicles, 70.9k sessions, 670 permits, 65.0k payments, 1.6k refunds, 5.7k citations, 35.3k sensor readings (about
181k rows, ~6 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-10-01..NOW. Rows dated
after NOW exist only where written ahead: rate_history rows (announced_at 14-45 days before effective_from) and
permits.end_date (a DATE set at purchase, 1/3/12 months on; permits bought up to 10 days before start_date). Every
other column holding a later date of its row is filled in later.

Truth (seed 0):
- lots (12): kind 'garage' (7) / 'surface' (5); zone downtown (5), midtown (3), stadium (2), hospital (2), stored
  MESSY ('Downtown', 'downtown', 'DT', 'Midtown ', ...); base rate by zone (downtown 4.0, midtown 3.0, hospital
  3.5, stadium 2.5; surface x.7); lot 11 opens 2024-03-01, lot 12 opens 2024-08-15 (both midtown garages, cheap:
  they pull midtown customers); hidden patrol intensity LogNormal(0, .4) x 2.5 on surface lots (citations); hidden
  gate-fault rate (refunds); has_sensors on 3 lots (readings from 2024-07-01, 06:00-21:45 every 15 min);
  current_hourly_rate TODAY's; notes noise
- rate_history: the opening rate, each lot 1-2 rises of 10-30% at random days, and every downtown lot +20% on
  2024-07-01 (announced 2024-05-20); daily_max = 8 x hourly_rate; price sensitivity moves customers' lot choice
- customers (2,600): 1,700 signed up before the span, 900 during; hidden segment commuter .18 / regular .37 /
  occasional .45 with base weekly sessions 2.2 / .55 / .12 x LogNormal(0, .4); weekday profile (commuters Mon-Fri;
  the others x1.6 Sat); season (commuters Jul-Aug x.75, Dec 20-31 x.5; the others Nov x1.15, Dec x1.5, Jan x.8);
  home_zone; favourite lot (a lot of its zone; utility 2.5 fav + 1.0 same zone - sensitivity x rate, sensitivity
  LogNormal(-.5, .5)); carelessness care LogNormal(0, .8) (citations, unpaid exits); account_type MESSY
  ('personal', 'Personal', 'business', 'BUSINESS', 'Biz'); marketing_opt_in and email noise
- churn (hidden): hazard per day 1/450 x 1.6 occasional x 2.5 within 30 days after a citation to any of its plates
  x .4 while holding a live permit; 40% of churners close the account Exp(20) days later (customers.closed_at
  filled later, status TODAY's 'active'/'closed')
- customers TODAY's: loyalty_tier (sessions of its vehicles in the 90 days before the snapshot: gold >= 30, silver
  >= 8, else bronze), total_spent (payments less refunds so far: a running total), sessions_count (running count)
- vehicles (3,037, plate VARCHAR 'KXR-4821' is the PK, REFERENCES customers): 1 (.8) / 2 (.17) / 3 (.03) per
  customer, the first 85% of its sessions; vehicle_type MESSY ('sedan', 'Sedan', 'SUV', 'suv', 'Suv ', 'EV',
  'electric', 'van', 'motorbike'); make, color noise; last_seen_at TODAY's (its last entry)
- sessions: customers' sessions by the rates above; commuters enter 7:00-9:30 for N(9, 1.2) h, the others 9:00-20:00
  for LogNormal(log 2.5 / log 1.8, .6) h, x1.5 at hospital lots; transient drivers (plates NOT in vehicles, a pool
  of 5,000 plates, Zipf-like reuse) 1.5 a day per lot; stadium event nights (Wed/Sat Sep-May, p .5) bring
  Poisson(.4 capacity) transients at 17-19h for ~3.5 h; .2% of sessions are abandoned cars (5-40 days); exit_at,
  duration_min, amount_charged, pay_method filled at exit (NULL while open: sessions open at the snapshot);
  amount = ceil(hours) x rate at entry, capped by daily_max per day; status TODAY's ('open', 'paid', 'permit',
  'unpaid'); unpaid exits p .03 transient, .01 x care customers; permit holders' sessions at their lot are
  'permit' (amount 0)
- permits: on the 1st of a month an active commuter (or regular, x.3) without one buys one for its favourite lot with
  p .06 (garages only), term 1 (.5) / 3 (.3) / 12 (.2) months, monthly_fee 22 x the hourly rate then; renewed at
  the end with p .85 (x.6 if the lot's rate rose since the purchase) while the customer is active; a churner's live
  permit is cancelled (cancelled_at filled later) with a prorated refund; status TODAY's ('pending', 'active',
  'expired', 'cancelled'); permits.plate is the customer's first vehicle (undeclared text FK)
- payments: one per paid session at exit (+30 s; customer_id NULL for transients), one per permit at purchase;
  method MESSY ('app', 'App', 'card', 'Card ', 'CARD', 'apple pay', 'ApplePay', 'cash', 'coin'); status TODAY's
  ('settled', 'refunded'); refunds: session payments with p .01 + gate-fault rate of the lot, Exp(5) days later,
  30-100% of the amount, reason MESSY; permit refunds at cancellation
- citations (citation_no VARCHAR 'CT-000123' PK): per session p .05 x patrol x care on surface lots, .004 x care in
  garages (issued during the session); unpaid exits get a mailed 'unpaid exit' citation (p .6, 1-5 days after);
  street citations (lot_id NULL) 2 a day, 30% to customers' plates, the rest to plates never seen elsewhere;
  violation MESSY; fine 35/60/120; paid_at filled later (Exp(14) days, 20% never); appealed 10% (appealed_at,
  dismissed 40% of those 30 days after); status TODAY's ('open', 'paid', 'appealed', 'dismissed')
- sensor_readings (no PK): lot_id, read_at, occupied = the true number of open sessions x N(1, .03), 2% NULL
  (offline), device_temp_c noise
- keys: PK declared on lots, rate_history, customers, vehicles (plate), sessions, permits, payments, refunds,
  citations (citation_no); REFERENCES only vehicles.customer_id -> customers. Undeclared: rate_history.lot_id,
  sessions (plate -> vehicles.plate for 73% of rows, 39% of distinct plates; lot_id), permits (customer_id, lot_id, plate), payments
  (session_id, permit_id, customer_id), refunds.payment_id, citations (plate: 60% of rows known; lot_id),
  sensor_readings.lot_id
- `python parking.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
START = pd.Timestamp("2023-10-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
HOUR = 3600.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


days = pd.date_range(START, periods=ND + 400, freq="D")
DOW = days.day_of_week.values
MON = days.month.values
DOM = days.day.values

# ---------------- lots
NL = 12
ZONES = np.array(["downtown", "midtown", "stadium", "hospital"])
L_zone = np.array([0, 0, 0, 0, 0, 1, 2, 2, 3, 3, 1, 1])  # lots 11, 12 midtown (opening in the span)
L_kind = np.array(
    [
        "garage",
        "surface",
        "garage",
        "surface",
        "garage",
        "garage",
        "garage",
        "surface",
        "garage",
        "surface",
        "garage",
        "garage",
    ]
)
L_garage = L_kind == "garage"
L_cap = np.where(L_garage, rng.integers(300, 800, NL), rng.integers(60, 200, NL))
L_open = np.array([secs("2005-01-01") + rng.uniform(0, 6000) * DAY for _ in range(NL)])
L_open[10] = secs("2024-03-01") + 6 * HOUR
L_open[11] = secs("2024-08-15") + 6 * HOUR
L_patrol = np.exp(rng.normal(0, 0.4, NL)) * np.where(L_garage, 1.0, 2.5)
L_fault = rng.uniform(0.0, 0.03, NL)
L_sensor = np.zeros(NL, bool)
L_sensor[[0, 3, 6]] = True
ZBASE = np.array([4.0, 3.0, 2.5, 3.5])
base_rate = np.round(ZBASE[L_zone] * np.where(L_garage, 1.0, 0.7) * np.exp(rng.normal(0, 0.08, NL)), 2)
base_rate[10] = 2.4
base_rate[11] = 2.2
ZSPELL = {
    0: ["Downtown", "downtown", "DT", "Downtown "],
    1: ["Midtown", "midtown", "Midtown "],
    2: ["Stadium", "stadium district"],
    3: ["Hospital", "hospital", "Medical Ctr"],
}
L_zone_txt = [rng.choice(ZSPELL[z]) for z in L_zone]

# rate history: (lot, announced, effective, rate)
RH = []
for lot in range(NL):
    RH.append((lot, L_open[lot] - 30 * DAY, L_open[lot], base_rate[lot]))
changes = []
for lot in range(NL):
    for _ in range(rng.integers(1, 3)):
        changes.append((lot, max(rng.uniform(20, ND + 30), (L_open[lot] / DAY) + 60) * DAY, rng.uniform(1.1, 1.3)))
for lot in np.nonzero(L_zone == 0)[0]:
    changes.append((lot, secs("2024-07-01"), 1.2))
changes.sort(key=lambda c: c[1])
cur = base_rate.copy()
for lot, eff, f in changes:
    eff = float(np.floor(eff / DAY) * DAY)
    cur[lot] = np.round(cur[lot] * f, 2)
    ann = secs("2024-05-20") if eff == secs("2024-07-01") else eff - rng.uniform(14, 45) * DAY
    RH.append((lot, ann, eff, cur[lot]))
RH.sort(key=lambda r: (r[2], r[0]))
RH_l = np.array([r[0] for r in RH])
RH_ann = np.array([r[1] for r in RH])
RH_eff = np.array([r[2] for r in RH])
RH_rate = np.array([r[3] for r in RH])
# R[l, d]: the rate in force on day d
R = np.zeros((NL, ND + 400))
for lot, _a, eff, rate in RH:
    d0 = max(int(np.floor(eff / DAY)), 0) if eff > 0 else 0
    R[lot, d0:] = rate

# ---------------- customers
NC = 2600
c_old = np.arange(NC) < 1700
c_signup = np.where(c_old, secs("2018-01-01") + rng.uniform(0, 2100, NC) * DAY, rng.uniform(0, ND - 3, NC) * DAY)
c_seg = rng.choice(3, NC, p=[0.18, 0.37, 0.45])  # 0 commuter 1 regular 2 occasional
c_freq = np.array([2.2, 0.55, 0.12])[c_seg] / 7 * np.exp(rng.normal(0, 0.4, NC))
c_zone = rng.choice(4, NC, p=[0.45, 0.3, 0.1, 0.15])
c_sens = np.exp(rng.normal(-0.5, 0.5, NC))
c_care = np.exp(rng.normal(0, 0.8, NC))
c_fav = np.array([rng.choice(np.nonzero((L_zone == z) & (np.arange(NL) < 10))[0]) for z in c_zone])
ACCT = rng.choice(["personal", "business"], NC, p=[0.85, 0.15])
ACC_SPELL = {"personal": ["personal", "Personal", "personal "], "business": ["business", "BUSINESS", "Biz"]}
c_acct = [rng.choice(ACC_SPELL[a], p=[0.6, 0.3, 0.1]) for a in ACCT]
c_email = [f"driver{i}@{rng.choice(['mail.example', 'post.example', 'corp.example'])}" for i in range(1, NC + 1)]
c_optin = rng.random(NC) < 0.4
c_churn = np.full(NC, np.inf)
c_close = np.full(NC, np.inf)
c_close_u = rng.random(NC)
c_close_d = rng.exponential(20, NC) * DAY
c_last_cite = np.full(NC, -np.inf)

# ---------------- vehicles
nveh = rng.choice([1, 2, 3], NC, p=[0.8, 0.17, 0.03])
V_c = np.repeat(np.arange(NC), nveh)
NV = len(V_c)
V_k = np.concatenate([np.arange(k) for k in nveh])
V_reg = np.where(V_k == 0, c_signup[V_c], c_signup[V_c] + rng.uniform(0, 700, NV) * DAY)
LET = np.array(list("ABCDEFGHJKLMNPRSTVWXYZ"))


def plates(n, seen):
    out = []
    while len(out) < n:
        p = "".join(rng.choice(LET, 3)) + "-" + str(rng.integers(1000, 10000))
        if p not in seen:
            seen.add(p)
            out.append(p)
    return np.array(out, dtype=object)


seen: set = set()
V_plate = plates(NV, seen)
TR_plate = plates(5000, seen)
TR_w = 1 / (np.arange(5000) + 10) ** 0.9
TR_w /= TR_w.sum()
VT = rng.choice(["sedan", "suv", "ev", "van", "motorbike"], NV, p=[0.45, 0.3, 0.12, 0.08, 0.05])
VT_SPELL = {
    "sedan": ["sedan", "Sedan"],
    "suv": ["SUV", "suv", "Suv "],
    "ev": ["EV", "electric"],
    "van": ["van", "Van"],
    "motorbike": ["motorbike", "Motorcycle"],
}
V_type = [rng.choice(VT_SPELL[v]) for v in VT]
V_make = rng.choice(["Toyota", "Ford", "VW", "Honda", "Tesla", "Kia", "BMW", "Nissan"], NV)
V_color = rng.choice(["black", "white", "grey", "blue", "red", "silver"], NV)
c_veh = [np.nonzero(V_c == c)[0] for c in range(NC)]

# ---------------- simulation
S = []  # sessions: (plate_str, vehicle or -1, cust or -1, lot, entry, dur_s, permit or -1, unpaid)
CIT = []  # (plate_str, cust or -1, lot or -1, t, kind)
PERMITS = []  # [cust, lot, plate, purchased, start_day, term, fee, cancel_t]
c_permit = np.full(NC, -1)  # index of the live permit
permit_end_day = {}  # day index of the day after its end -> [permit]
month_starts = [d for d in range(ND + 400) if DOM[d] == 1]


def add_months(d, m):
    k = month_starts.index(d)
    return month_starts[k + m]


DOWF = np.array([[1, 1, 1, 1, 1, 0.1, 0.05], [1, 0.9, 0.9, 1, 1.1, 1.6, 1.2], [0.8, 0.8, 0.8, 0.9, 1.1, 1.8, 1.3]])


def seasonf(d):
    m = MON[d]
    com = 0.75 if m in (7, 8) else (0.5 if (m == 12 and DOM[d] >= 20) else 1.0)
    oth = {11: 1.15, 12: 1.5, 1: 0.8}.get(m, 1.0)
    return np.array([com, oth, oth])


def issue_cit(plate, cust, lot, t, kind):
    CIT.append((plate, cust, lot, t, kind))
    if cust >= 0:
        c_last_cite[cust] = max(c_last_cite[cust], t)


def new_session(plate, veh, cust, lot, entry, dur, permit, care, transient):
    unpaid = permit < 0 and rng.random() < (0.03 if transient else min(0.01 * care, 0.2))
    S.append((plate, veh, cust, lot, entry, dur, permit, unpaid))
    if L_garage[lot]:
        p = 0.004 * care
        kind = rng.choice(["no permit", "disabled bay", "overstay"])
    else:
        p = 0.05 * L_patrol[lot] * care
        kind = rng.choice(["expired meter", "overstay", "no permit"], p=[0.6, 0.25, 0.15])
    if rng.random() < min(p, 0.6):
        issue_cit(plate, cust, lot, entry + rng.uniform(0.2, 1) * dur, kind)
    if unpaid and rng.random() < 0.6:
        issue_cit(plate, cust, lot, entry + dur + rng.uniform(1, 5) * DAY, "unpaid exit")


for d in range(ND):
    t0 = d * DAY
    open_l = L_open <= t0 + 12 * HOUR
    act = (c_signup <= t0) & (c_churn > t0)
    # permits ending today: renew or lapse
    for k in permit_end_day.pop(d, []):
        cust, lot = PERMITS[k][0], PERMITS[k][1]
        if c_permit[cust] == k:
            c_permit[cust] = -1
        if PERMITS[k][7] < np.inf or not act[cust]:
            continue
        rose = R[lot, d] > R[lot, PERMITS[k][4]]
        if rng.random() < 0.85 * (0.6 if rose else 1.0):
            term = PERMITS[k][5]
            PERMITS.append(
                [cust, lot, PERMITS[k][2], t0 - rng.uniform(1, 10) * DAY, d, term, round(22 * R[lot, d], 2), np.inf]
            )
            c_permit[cust] = len(PERMITS) - 1
            permit_end_day.setdefault(add_months(d, term), []).append(len(PERMITS) - 1)
    # new permits on the 1st
    if DOM[d] == 1:
        cand = act & (c_permit < 0) & (c_seg <= 1) & L_garage[c_fav] & open_l[c_fav]
        pr = np.where(c_seg == 0, 0.06, 0.018)
        for cust in np.nonzero(cand & (rng.random(NC) < pr))[0]:
            term = int(rng.choice([1, 3, 12], p=[0.5, 0.3, 0.2]))
            lot = c_fav[cust]
            PERMITS.append(
                [
                    cust,
                    lot,
                    V_plate[c_veh[cust][0]],
                    t0 - rng.uniform(1, 10) * DAY,
                    d,
                    term,
                    round(22 * R[lot, d], 2),
                    np.inf,
                ]
            )
            c_permit[cust] = len(PERMITS) - 1
            permit_end_day.setdefault(add_months(d, term), []).append(len(PERMITS) - 1)
    # churn
    h = (1 / 450) * np.where(c_seg == 2, 1.6, 1.0) * np.where(t0 - c_last_cite < 30 * DAY, 2.5, 1.0)
    h *= np.where(c_permit >= 0, 0.4, 1.0)
    gone = act & (rng.random(NC) < h)
    for cust in np.nonzero(gone)[0]:
        c_churn[cust] = t0 + rng.uniform(0, DAY)
        if c_close_u[cust] < 0.4:
            c_close[cust] = c_churn[cust] + c_close_d[cust]
        k = c_permit[cust]
        if k >= 0:
            PERMITS[k][7] = max(c_churn[cust] + rng.uniform(0, 3) * DAY, PERMITS[k][3] + HOUR)
            c_permit[cust] = -1
    act &= ~gone
    # customers' sessions
    lam = c_freq * DOWF[c_seg, DOW[d]] * seasonf(d)[c_seg]
    n = rng.poisson(lam) * act
    util = (
        2.5 * (np.arange(NL)[None, :] == c_fav[:, None])
        + 1.0 * (L_zone[None, :] == c_zone[:, None])
        - c_sens[:, None] * R[:, d][None, :]
    )
    util = np.where(open_l[None, :], util, -np.inf)
    for cust in np.nonzero(n)[0]:
        for j in range(min(n[cust], 2)):
            vs = c_veh[cust]
            veh = vs[0] if len(vs) == 1 or rng.random() < 0.85 else rng.choice(vs[1:])
            k = c_permit[cust]
            if k >= 0 and rng.random() < 0.95 and PERMITS[k][4] <= d:
                lot = PERMITS[k][1]
            else:
                k = -1
                p = np.exp(util[cust] - util[cust].max())
                lot = int(rng.choice(NL, p=p / p.sum()))
            if c_seg[cust] == 0:
                entry = t0 + rng.uniform(7, 9.5) * HOUR
                dur = np.clip(rng.normal(9, 1.2), 4, 12) * HOUR
            else:
                entry = t0 + rng.uniform(9, 20) * HOUR
                dur = np.exp(rng.normal(np.log(2.5 if c_seg[cust] == 1 else 1.8), 0.6)) * HOUR
            if j == 1:
                entry = min(entry + dur + rng.uniform(0.5, 3) * HOUR, t0 + 23.5 * HOUR)
                dur = np.exp(rng.normal(np.log(1.5), 0.6)) * HOUR
            dur *= 1.5 if L_zone[lot] == 3 else 1.0
            if rng.random() < 0.002:
                dur = rng.uniform(5, 40) * DAY
            new_session(
                V_plate[veh],
                veh,
                cust,
                lot,
                entry,
                dur,
                k if (k >= 0 and lot == PERMITS[k][1]) else -1,
                c_care[cust],
                False,
            )
    # transients
    mf = {11: 1.1, 12: 1.3, 1: 0.85}.get(MON[d], 1.0) * (1.3 if DOW[d] >= 5 else 1.0)
    for lot in np.nonzero(open_l)[0]:
        ntr = rng.poisson(1.5 * mf)
        event = L_zone[lot] == 2 and DOW[d] in (2, 5) and MON[d] not in (6, 7, 8) and rng.random() < 0.5
        nev = rng.poisson(0.4 * L_cap[lot]) if event else 0
        for j in range(ntr + nev):
            plate = TR_plate[rng.choice(5000, p=TR_w)]
            if j < ntr:
                entry = t0 + rng.uniform(7, 21) * HOUR
                dur = np.exp(rng.normal(np.log(1.5), 0.8)) * HOUR
            else:
                entry = t0 + rng.uniform(17, 19) * HOUR
                dur = rng.normal(3.5, 0.4) * HOUR
            if rng.random() < 0.002:
                dur = rng.uniform(5, 40) * DAY
            new_session(plate, -1, -1, lot, entry, dur, -1, 1.5, True)
    # street citations
    for _ in range(rng.poisson(2)):
        te = t0 + rng.uniform(8, 19) * HOUR
        if rng.random() < 0.3 and act.any():
            cust = int(rng.choice(np.nonzero(act)[0]))
            issue_cit(V_plate[c_veh[cust][0]], cust, -1, te, rng.choice(["expired meter", "street cleaning"]))
        else:
            issue_cit(plates(1, seen)[0], -1, -1, te, rng.choice(["expired meter", "street cleaning", "hydrant"]))

# ---------------- derived arrays (all draws before any cut)
NS = len(S)
S_plate = np.array([s[0] for s in S], dtype=object)
S_veh = np.array([s[1] for s in S])
S_c = np.array([s[2] for s in S])
S_l = np.array([s[3] for s in S])
S_in = np.array([s[4] for s in S])
S_dur = np.array([s[5] for s in S])
S_perm = np.array([s[6] for s in S])
S_unpaid = np.array([s[7] for s in S])
S_out = S_in + S_dur
so = np.argsort(S_in, kind="stable")
S_plate, S_veh, S_c, S_l, S_in, S_dur, S_perm, S_unpaid, S_out = (
    a[so] for a in (S_plate, S_veh, S_c, S_l, S_in, S_dur, S_perm, S_unpaid, S_out)
)
sd = (S_in // DAY).astype(int)
rate = R[S_l, sd]
full_days = np.floor(S_dur / DAY)
rem_h = np.ceil((S_dur - full_days * DAY) / HOUR)
S_amt = np.round(full_days * 8 * rate + np.minimum(rem_h * rate, 8 * rate), 2)
S_amt = np.where(S_perm >= 0, 0.0, S_amt)
S_paymeth = np.where(
    S_perm >= 0, "permit", np.where(S_c >= 0, rng.choice(["app", "machine"], NS, p=[0.7, 0.3]), "machine")
)
S_paymeth = np.where(S_unpaid, "none", S_paymeth)

# payments: sessions paid at exit, permits at purchase
NP_ = len(PERMITS)
P_c = np.array([p[0] for p in PERMITS])
P_l = np.array([p[1] for p in PERMITS])
P_plate = np.array([p[2] for p in PERMITS], dtype=object)
P_buy = np.array([p[3] for p in PERMITS])
P_start = np.array([p[4] for p in PERMITS])
P_term = np.array([p[5] for p in PERMITS])
P_fee = np.array([p[6] for p in PERMITS])
P_cancel = np.array([p[7] for p in PERMITS])
P_end = np.array([add_months(int(s), int(m)) - 1 for s, m in zip(P_start, P_term, strict=True)])  # last day

paid_s = np.nonzero((S_perm < 0) & ~S_unpaid)[0]
METH_APP = ["app", "App", "apple pay", "ApplePay"]
METH_MAC = ["card", "Card ", "CARD", "cash", "coin"]
pay_meth = np.array(
    [
        rng.choice(METH_APP, p=[0.5, 0.2, 0.2, 0.1])
        if S_paymeth[i] == "app"
        else rng.choice(METH_MAC, p=[0.5, 0.15, 0.1, 0.15, 0.1])
        for i in paid_s
    ],
    dtype=object,
)
PAY_t = np.concatenate([S_out[paid_s] + 30, P_buy])
PAY_amt = np.concatenate([S_amt[paid_s], np.round(P_fee * P_term, 2)])
PAY_s = np.concatenate([paid_s, np.full(NP_, -1)])
PAY_p = np.concatenate([np.full(len(paid_s), -1), np.arange(NP_)])
PAY_c = np.concatenate([S_c[paid_s], P_c])
PAY_m = np.concatenate([pay_meth, rng.choice(["card", "Card ", "app", "App"], NP_)])
po = np.argsort(PAY_t, kind="stable")
PAY_t, PAY_amt, PAY_s, PAY_p, PAY_c, PAY_m = (a[po] for a in (PAY_t, PAY_amt, PAY_s, PAY_p, PAY_c, PAY_m))
NPAY = len(PAY_t)
# refunds
is_sess = PAY_s >= 0
p_ref = np.where(is_sess, 0.01 + L_fault[S_l[np.maximum(PAY_s, 0)]], 0.0)
ref = is_sess & (rng.random(NPAY) < p_ref) & (PAY_amt > 0)
RF_pay = list(np.nonzero(ref)[0])
RF_t = list(PAY_t[ref] + rng.exponential(5, ref.sum()) * DAY)
RF_amt = list(np.round(PAY_amt[ref] * rng.uniform(0.3, 1.0, ref.sum()), 2))
RF_why = list(rng.choice(["gate fault", "Gate fault", "overcharge", "OVERCHARGE", "duplicate charge"], ref.sum()))
pay_of_permit = np.full(NP_, -1)
pay_of_permit[PAY_p[PAY_p >= 0]] = np.nonzero(PAY_p >= 0)[0]
for k in np.nonzero(np.isfinite(P_cancel))[0]:
    last = (P_end[k] + 1) * DAY
    left = max(0.0, (last - max(P_cancel[k], P_start[k] * DAY)) / (last - P_start[k] * DAY))
    if left > 0.05:
        RF_pay.append(pay_of_permit[k])
        RF_t.append(P_cancel[k] + rng.uniform(1, 4) * DAY)
        RF_amt.append(round(P_fee[k] * P_term[k] * left, 2))
        RF_why.append("permit cancelled")
RF_pay, RF_t, RF_amt, RF_why = np.array(RF_pay), np.array(RF_t), np.array(RF_amt), np.array(RF_why, dtype=object)
ro = np.argsort(RF_t, kind="stable")
RF_pay, RF_t, RF_amt, RF_why = RF_pay[ro], RF_t[ro], RF_amt[ro], RF_why[ro]
pay_ref_t = np.full(NPAY, np.inf)
np.minimum.at(pay_ref_t, RF_pay, RF_t)

# citations
NCI = len(CIT)
CI_plate = np.array([c[0] for c in CIT], dtype=object)
CI_c = np.array([c[1] for c in CIT])
CI_l = np.array([c[2] for c in CIT])
CI_t = np.array([c[3] for c in CIT])
CI_kind = np.array([c[4] for c in CIT], dtype=object)
co = np.argsort(CI_t, kind="stable")
CI_plate, CI_c, CI_l, CI_t, CI_kind = (a[co] for a in (CI_plate, CI_c, CI_l, CI_t, CI_kind))
KSPELL = {
    "expired meter": ["expired meter", "Expired Meter", "EXPIRED_METER"],
    "overstay": ["overstay", "Overstay"],
    "no permit": ["no permit", "No Permit"],
    "disabled bay": ["disabled bay"],
    "unpaid exit": ["unpaid exit"],
    "street cleaning": ["street cleaning", "Street Cleaning"],
    "hydrant": ["hydrant"],
}
CI_viol = np.array([rng.choice(KSPELL[k]) for k in CI_kind], dtype=object)
FINE = {
    "expired meter": 35,
    "overstay": 35,
    "no permit": 60,
    "disabled bay": 120,
    "unpaid exit": 60,
    "street cleaning": 35,
    "hydrant": 120,
}
CI_fine = np.array([FINE[k] for k in CI_kind], float)
CI_appeal = np.where(rng.random(NCI) < 0.1, CI_t + rng.uniform(2, 20, NCI) * DAY, np.inf)
CI_dismiss = np.where(np.isfinite(CI_appeal) & (rng.random(NCI) < 0.4), CI_appeal + 30 * DAY, np.inf)
CI_paid = np.where(rng.random(NCI) < 0.8, CI_t + rng.exponential(14, NCI) * DAY, np.inf)
CI_paid = np.where(np.isfinite(CI_appeal), np.where(np.isfinite(CI_dismiss), np.inf, CI_appeal + 32 * DAY), CI_paid)
CI_no = np.array([f"CT-{i:06d}" for i in range(100001, 100001 + NCI)], dtype=object)

# sensor readings: every 15 min 06:00-21:45 from 2024-07-01 on the sensor lots
SR_rows = []
t_read = np.concatenate([d * DAY + np.arange(6 * 4, 22 * 4) * 900.0 for d in range(int(secs("2024-07-01") // DAY), ND)])
for lot in np.nonzero(L_sensor)[0]:
    ins = np.sort(S_in[S_l == lot])
    outs = np.sort(S_out[S_l == lot])
    occ = np.searchsorted(ins, t_read, "right") - np.searchsorted(outs, t_read, "right")
    val = np.round(occ * rng.normal(1, 0.03, len(t_read)))
    val = np.where(rng.random(len(t_read)) < 0.02, np.nan, np.minimum(val, L_cap[lot]))
    SR_rows.append(
        pd.DataFrame(
            {
                "lot_id": lot + 1,
                "read_at": ts(t_read),
                "occupied": val,
                "device_temp_c": np.round(rng.normal(18, 6, len(t_read)), 1),
                "_t": t_read,
            }
        )
    )
SR = pd.concat(SR_rows).sort_values(["_t", "lot_id"], kind="stable")

# ---------------- tables as they stood at CUT
lots = pd.DataFrame(
    {
        "lot_id": np.arange(1, NL + 1),
        "lot_code": [f"{'G' if g else 'S'}{i + 1:02d}" for i, g in enumerate(L_garage)],
        "name": [
            f"{ZONES[z].title()} {k.title()} {i + 1}" for i, (z, k) in enumerate(zip(L_zone, L_kind, strict=True))
        ],
        "zone": L_zone_txt,
        "kind": L_kind,
        "capacity": L_cap,
        "opened_on": ts(L_open).date,
        "has_sensors": L_sensor,
        "current_hourly_rate": R[:, min(int(T // DAY), ND - 1)],
        "notes": rng.choice(["", "height limit 2.1m", "EV chargers", "covered", "24h"], NL),
    }
)[L_open <= T]

rate_history = pd.DataFrame(
    {
        "rate_id": np.arange(1, len(RH) + 1),
        "lot_id": RH_l + 1,
        "announced_at": ts(RH_ann),
        "effective_from": ts(RH_eff),
        "hourly_rate": RH_rate,
        "daily_max": np.round(8 * RH_rate, 2),
    }
)[RH_ann <= T]

s_known = S_in <= T
s_done = S_out <= T
cnt = np.bincount(S_c[s_known & (S_c >= 0)], minlength=NC)
recent = s_known & (S_c >= 0) & (S_in > T - 90 * DAY)
cnt90 = np.bincount(S_c[recent], minlength=NC)
pay_k = PAY_t <= T
ref_k = RF_t <= T
spent = np.bincount(PAY_c[pay_k & (PAY_c >= 0)], weights=PAY_amt[pay_k & (PAY_c >= 0)], minlength=NC)
rfc = PAY_c[RF_pay[ref_k]]
spent -= np.bincount(rfc[rfc >= 0], weights=RF_amt[ref_k][rfc >= 0], minlength=NC)
closed = c_close <= T
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "email": c_email,
        "account_type": c_acct,
        "home_zone": ZONES[c_zone],
        "signup_at": ts(c_signup),
        "marketing_opt_in": c_optin,
        "status": np.where(closed, "closed", "active"),
        "closed_at": ts(known(c_close)),
        "loyalty_tier": np.where(cnt90 >= 30, "gold", np.where(cnt90 >= 8, "silver", "bronze")),
        "sessions_count": cnt,
        "total_spent": np.round(spent, 2),
    }
)[c_signup <= T]

vk = s_known & (S_veh >= 0)
last_seen = pd.Series(S_in[vk]).groupby(S_veh[vk]).max().reindex(range(NV)).to_numpy()
vehicles = pd.DataFrame(
    {
        "plate": V_plate,
        "customer_id": V_c + 1,
        "make": V_make,
        "vehicle_type": V_type,
        "color": V_color,
        "registered_at": ts(V_reg),
        "last_seen_at": ts(last_seen),
    }
)[V_reg <= T]

s_status = np.where(~s_done, "open", np.where(S_perm >= 0, "permit", np.where(S_unpaid, "unpaid", "paid")))
sessions = pd.DataFrame(
    {
        "session_id": np.arange(1, NS + 1),
        "plate": S_plate,
        "lot_id": S_l + 1,
        "entry_at": ts(S_in),
        "exit_at": ts(np.where(s_done, S_out, np.nan)),
        "duration_min": np.where(s_done, np.round(S_dur / 60), np.nan),
        "amount_charged": np.where(s_done, S_amt, np.nan),
        "pay_method": np.where(s_done, S_paymeth, None),
        "status": s_status,
    }
)[s_known]

p_cancel_k = P_cancel <= T
p_status = np.where(
    p_cancel_k,
    "cancelled",
    np.where(P_start * DAY > T, "pending", np.where((P_end + 1) * DAY <= T, "expired", "active")),
)
permits = pd.DataFrame(
    {
        "permit_id": np.arange(1, NP_ + 1),
        "customer_id": P_c + 1,
        "lot_id": P_l + 1,
        "plate": P_plate,
        "purchased_at": ts(P_buy),
        "start_date": days[P_start].date,
        "end_date": days[P_end].date,
        "term_months": P_term,
        "monthly_fee": P_fee,
        "auto_renew": rng.random(NP_) < 0.5,
        "status": p_status,
        "cancelled_at": ts(known(P_cancel)),
    }
)[P_buy <= T]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NPAY + 1),
        "session_id": pd.array(np.where(PAY_s >= 0, PAY_s + 1, np.nan), dtype="Int64"),
        "permit_id": pd.array(np.where(PAY_p >= 0, PAY_p + 1, np.nan), dtype="Int64"),
        "customer_id": pd.array(np.where(PAY_c >= 0, PAY_c + 1, np.nan), dtype="Int64"),
        "paid_at": ts(PAY_t),
        "amount": PAY_amt,
        "method": PAY_m,
        "status": np.where(pay_ref_t <= T, "refunded", "settled"),
    }
)[pay_k]

refunds = pd.DataFrame(
    {
        "refund_id": np.arange(1, len(RF_t) + 1),
        "payment_id": RF_pay + 1,
        "refunded_at": ts(RF_t),
        "amount": RF_amt,
        "reason": RF_why,
    }
)[ref_k]

ci_status = np.where(
    CI_dismiss <= T,
    "dismissed",
    np.where(CI_paid <= T, "paid", np.where(CI_appeal <= T, "appealed", "open")),
)
citations = pd.DataFrame(
    {
        "citation_no": CI_no,
        "plate": CI_plate,
        "lot_id": pd.array(np.where(CI_l >= 0, CI_l + 1, np.nan), dtype="Int64"),
        "issued_at": ts(CI_t),
        "violation": CI_viol,
        "fine_amount": CI_fine,
        "status": ci_status,
        "appealed_at": ts(known(CI_appeal)),
        "paid_at": ts(known(CI_paid)),
    }
)[CI_t <= T]

sensor_readings = SR[SR._t <= T].drop(columns="_t")

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE lots (lot_id INTEGER PRIMARY KEY, lot_code VARCHAR, name VARCHAR, zone VARCHAR, kind VARCHAR,
                   capacity INTEGER, opened_on DATE, has_sensors BOOLEAN, current_hourly_rate DOUBLE, notes VARCHAR);
CREATE TABLE rate_history (rate_id INTEGER PRIMARY KEY, lot_id INTEGER, announced_at TIMESTAMP,
                           effective_from TIMESTAMP, hourly_rate DOUBLE, daily_max DOUBLE);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, email VARCHAR, account_type VARCHAR, home_zone VARCHAR,
                        signup_at TIMESTAMP, marketing_opt_in BOOLEAN, status VARCHAR, closed_at TIMESTAMP,
                        loyalty_tier VARCHAR, sessions_count INTEGER, total_spent DOUBLE);
CREATE TABLE vehicles (plate VARCHAR PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
                       make VARCHAR, vehicle_type VARCHAR, color VARCHAR, registered_at TIMESTAMP,
                       last_seen_at TIMESTAMP);
CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, plate VARCHAR, lot_id INTEGER, entry_at TIMESTAMP,
                       exit_at TIMESTAMP, duration_min DOUBLE, amount_charged DOUBLE, pay_method VARCHAR,
                       status VARCHAR);
CREATE TABLE permits (permit_id INTEGER PRIMARY KEY, customer_id INTEGER, lot_id INTEGER, plate VARCHAR,
                      purchased_at TIMESTAMP, start_date DATE, end_date DATE, term_months INTEGER,
                      monthly_fee DOUBLE, auto_renew BOOLEAN, status VARCHAR, cancelled_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, session_id INTEGER, permit_id INTEGER, customer_id INTEGER,
                       paid_at TIMESTAMP, amount DOUBLE, method VARCHAR, status VARCHAR);
CREATE TABLE refunds (refund_id INTEGER PRIMARY KEY, payment_id INTEGER, refunded_at TIMESTAMP, amount DOUBLE,
                      reason VARCHAR);
CREATE TABLE citations (citation_no VARCHAR PRIMARY KEY, plate VARCHAR, lot_id INTEGER, issued_at TIMESTAMP,
                        violation VARCHAR, fine_amount DOUBLE, status VARCHAR, appealed_at TIMESTAMP,
                        paid_at TIMESTAMP);
CREATE TABLE sensor_readings (lot_id INTEGER, read_at TIMESTAMP, occupied DOUBLE, device_temp_c DOUBLE);
""")
for name, df in [
    ("lots", lots),
    ("rate_history", rate_history),
    ("customers", customers),
    ("vehicles", vehicles),
    ("sessions", sessions),
    ("permits", permits),
    ("payments", payments),
    ("refunds", refunds),
    ("citations", citations),
    ("sensor_readings", sensor_readings),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
