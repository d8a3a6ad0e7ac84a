"""A household and office moving company (branches, crew members, trucks, referral partners such as realtors and
relocation firms, customers, estimates from surveys, moves booked weeks ahead with crews and trucks, storage-in-transit
lots, damage claims, invoices and payments), seeded: `python benchmarks/trials/movingco.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)):
6 branches, 240 crew members, 48 trucks, 180 referral partners, 9,669 customers, 12.5k estimates, 7.4k moves, 19.6k
crew assignments, 435 storage lots, 555 claims, 14.5k invoices, 14.9k payments (about 80k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation starts 2023-01-01 (the system's go-live: commercial
accounts and partners signed before it have no earlier rows). Rows dated after NOW exist only where written ahead:
estimates.survey_at (set at the request, 1-7 days on), moves.move_date (booked 1-8 weeks ahead), invoices.due_on,
storage_lots.planned_release_on. Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- season (every lead source): month x Jan .6 Feb .65 Mar .8 Apr .95 May 1.25 Jun 1.5 Jul 1.45 Aug 1.3 Sep 1.0
  Oct .85 Nov .7 Dec .6; move dates pile on the last 3 days of a month (p .35: leases end) and avoid Sundays
- branches (6): packing_model 'contracted' (branches 3, 6) x1.8 claim odds (a parent attribute that matters);
  demand factor (hidden) 1.4 / 1.0 / .8 / 1.2 / .7 / .9; region is noise
- crew_members (40 per branch): skill ~ N(0, 1) (hidden): the crew lead's skill lowers claim odds (x exp(-.6 skill))
  and hours (x exp(-.1 skill)); left_on filled later (hazard 1/900 per day); shirt_size noise
- trucks (8 per branch): model_year older than 2015 x1.3 claim odds; odometer_miles TODAY's (kept up to date by
  completed moves); retired_on filled later (4 retire in the span)
- referral_partners (180, text key partner_code 'RP-0042'): kind realtor .6 / relocation .15 / property_mgmt .25,
  stored MESSY ('Realtor', 'realtor', 'REALTOR', 'Relocation Co', 'relocation', 'Property Mgmt', 'property manager');
  quality q ~ N(0, 1) raises conversion (+.6 q on the logit); referral rate LogNormal(log(1/25), .6) per day x season
  x (relocation x1.5); each partner lapses (stops referring for good) with hazard 1/700 per day; status TODAY's
  ('active' / 'inactive': no referral in the last 120 days) and referrals_total TODAY's counter; commission_pct noise
- customers: residential (direct leads 7/day x season x branch demand; partner leads) and commercial accounts (300:
  200 signed 2019-2022, 100 during the span) with office-move requests at rate LogNormal(log(1/45), .6) per day;
  a commercial account churns (stops requesting) with hazard 1/900 per day, x4 from the day a claim of its is denied
  (seen only through claims rows), x2 when its pay delay is long; a residential customer requests again with p .1
  (x.3 after a denied claim) Exp(250 days) after its move; customer_type MESSY ('Residential', 'residential', 'RES',
  'Home', 'Commercial', 'commercial', 'Corporate', 'BUSINESS'); zip and marketing_opt_in are noise; lifetime_moves,
  last_move_on and account_status TODAY's ('active' / 'dormant': no estimate in 180 days)
- estimates (one per request): survey_type in_home .45 / virtual .35 / phone .2 (commercial always in_home), MESSY
  ('in-home', 'In Home', 'IN_HOME', 'virtual', 'Video', 'VIRTUAL', 'phone', 'Phone'); move_type local .6 /
  long_distance .28 / interstate .12 (relocation partners .2 / .5 / .3); est_volume_cuft LogNormal(log 650, .5)
  (commercial log 1600); est_price = volume x (3.1 local, 5.5 long, 7.5 interstate) + 1.4 x miles; partner_ref the
  referring partner's code (NULL for direct and commercial); booked with p sigmoid(.1 + .6 q + .5 in_home - .4 phone
  + 1.6 commercial - .3 interstate - .4 (price over 5,000)); decided_at filled later (survey + Exp(4) days when booked,
  survey + Exp(8) when lost, NULL when expired: no answer in 30 days); status TODAY's ('open', 'booked', 'lost',
  'expired')
- moves: booked at the decision; move_date 7-56 days ahead (commercial 10-40); cancelled with p .07 (cancelled_at
  filled later, between booking and move_date); crew 2 (volume < 700) / 3 (< 1,500) / 4 / 5 incl. one lead, and a
  truck, among the branch's staff and fleet; actual_weight_lbs filled later = 7 lbs/cuft x est x LogNormal(bias, .08)
  with bias in_home 0, virtual .08, phone .18 (the final price follows the weight: underestimated surveys cost more);
  actual_hours filled later; completed_at filled later (local: move_date + hours; long: + miles/450 days, after
  storage when SIT); 15% of long / interstate moves go to storage in transit; status TODAY's ('scheduled',
  'in_storage', 'completed', 'cancelled')
- crew_assignments (no PK): move_id, crew_member_id, role ('lead', 'driver', 'mover'), assigned_at (3-10 days before
  the move, at most the booking), hours_worked filled later
- storage_lots: in_at the day after the move; planned_release_on written ahead (14-90 days); released_at filled later
  (planned + N(0, 10) days, at least 3 days after in); vaults = ceil(volume / 250); status TODAY's ('stored',
  'released'); monthly storage invoices
- claims: per completed move p sigmoid(-3.1 + .6 contracted - .6 lead skill + .5 long + .6 SIT + .3 old truck +
  .3 (volume > 1500)), filed Exp(8) days after completion; move_ref is the move id stored as VARCHAR; category MESSY
  ('Furniture', 'furniture', 'FURNITURE DAMAGE', 'Electronics', 'electronics ', 'Property', 'property damage',
  'Lost item', 'missing'); amount_claimed LogNormal(log 600, 1); denied p .35, resolved_at filled later (Exp(25)
  days), amount_paid filled later; status TODAY's ('open', 'approved', 'denied', 'settled': approved and paid)
- invoices (text key invoice_no 'MV-000123', in issue order): a 15% deposit at booking (due in 7 days), the final
  at completion (est_price x (actual / estimated weight) - deposit; due 14 days, commercial 30), storage monthly
  (35 per vault); paid_at filled later after the customer's pay delay (residential Exp(3) days, commercial
  Exp(LogNormal(log 20, .6)) days); 3% never paid; status TODAY's ('open', 'paid', 'overdue', 'collections': 90 days
  past due), balance_due TODAY's; a cancelled move's deposit is refunded (status 'void', amount kept)
- payments: one per paid invoice (10% split in two, the second 1-20 days later); method MESSY ('card', 'Card',
  'CREDIT CARD', 'ach', 'ACH', 'check', 'Cheque')
- keys: PKs declared on branches, crew_members, trucks, referral_partners (partner_code VARCHAR), customers,
  estimates, moves, storage_lots, claims, invoices (invoice_no VARCHAR), payments; crew_assignments has none.
  REFERENCES only customers -> branches, crew_members -> branches, moves -> customers. Undeclared: trucks.branch_id,
  referral_partners.branch_id, estimates (customer_id, partner_ref -> referral_partners.partner_code, branch_id),
  moves (estimate_id, branch_id, truck_id), crew_assignments (move_id, crew_member_id), storage_lots (move_id,
  customer_id), claims (move_ref: VARCHAR of moves.move_id, customer_id), invoices (move_id, customer_id),
  payments.invoice_no
- `python movingco.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import heapq
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


MONTH = np.array([0.6, 0.65, 0.8, 0.95, 1.25, 1.5, 1.45, 1.3, 1.0, 0.85, 0.7, 0.6])
DAYS = pd.date_range(START, periods=ND + 400, freq="D")
SEASON = MONTH[DAYS.month - 1]


def season_at(t):
    return SEASON[np.clip((np.asarray(t) // DAY).astype(int), 0, len(SEASON) - 1)]


def poisson_times(t0, t1, rate):
    """Event times of a Poisson process with rate (per day) x season over [t0, t1), by thinning."""
    if t1 <= t0:
        return np.array([])
    n = rng.poisson(rate * 1.5 * (t1 - t0) / DAY)
    t = np.sort(rng.uniform(t0, t1, n))
    return t[rng.random(n) < season_at(t) / 1.5]


# ---------------- branches
NBR = 6
br_city = ["Denver", "Boulder", "Colorado Springs", "Fort Collins", "Pueblo", "Aurora"]
br_pack = np.array(["in_house", "in_house", "contracted", "in_house", "in_house", "contracted"])
br_demand = np.array([1.4, 1.0, 0.8, 1.2, 0.7, 0.9])
branches = pd.DataFrame(
    {
        "branch_id": np.arange(1, NBR + 1),
        "city": br_city,
        "region": rng.choice(["front_range", "north", "south"], NBR),
        "packing_model": br_pack,
        "opened_on": ts([secs("2008-01-01") + rng.uniform(0, 4000) * DAY for _ in range(NBR)]).date,
    }
)

# ---------------- crew members
NE = 40 * NBR
e_branch = np.repeat(np.arange(NBR), 40)
e_skill = rng.normal(0, 1, NE)
e_hired = np.where(rng.random(NE) < 0.75, secs("2015-01-01") + rng.uniform(0, 2900, NE) * DAY, 0.0)
late_hire = e_hired == 0.0
e_hired[late_hire] = rng.uniform(0, ND - 60, late_hire.sum()) * DAY
e_left = e_hired.clip(0) + rng.exponential(900, NE) * DAY
e_left = np.where(e_left > secs("2026-06-01"), INF, e_left)
e_pos = rng.choice(["mover", "driver", "crew_lead"], NE, p=[0.55, 0.25, 0.2])
e_pos[np.arange(NE) % 40 < 6] = "crew_lead"

# ---------------- trucks
NT = 8 * NBR
t_branch = np.repeat(np.arange(NBR), 8)
t_year = rng.integers(2008, 2024, NT)
t_cap = rng.choice([800, 1200, 1700], NT, p=[0.3, 0.3, 0.4])
t_since = np.array([secs(f"{max(y, 2010)}-03-01") for y in t_year]) + rng.uniform(0, 200, NT) * DAY
t_since = np.minimum(t_since, secs("2022-12-01"))
t_retired = np.full(NT, INF)
t_retired[rng.choice(np.nonzero(t_year < 2012)[0], 4, replace=False)] = rng.uniform(100, ND - 30, 4) * DAY
t_odo0 = (2025 - t_year) * rng.uniform(9000, 16000, NT)

# ---------------- referral partners
NP = 180
KIND = np.array(["realtor", "relocation", "property_mgmt"])
p_kind = rng.choice(3, NP, p=[0.6, 0.15, 0.25])
KSPELL = {
    0: (["Realtor", "realtor", "REALTOR", "Real Estate Agent"], [0.55, 0.25, 0.12, 0.08]),
    1: (["Relocation Co", "relocation", "RELOCATION"], [0.6, 0.3, 0.1]),
    2: (["Property Mgmt", "property manager", "Property Management"], [0.5, 0.3, 0.2]),
}
p_kind_s = [rng.choice(KSPELL[k][0], p=KSPELL[k][1]) for k in p_kind]
p_q = rng.normal(0, 1, NP)
p_rate = np.exp(rng.normal(np.log(1 / 25), 0.6, NP)) * np.where(p_kind == 1, 1.5, 1.0)
p_branch = rng.choice(NBR, NP, p=br_demand / br_demand.sum())
p_signed = np.where(rng.random(NP) < 0.65, secs("2018-01-01") + rng.uniform(0, 1800, NP) * DAY, 0.0)
new_p = p_signed == 0.0
p_signed[new_p] = rng.uniform(0, ND - 90, new_p.sum()) * DAY
p_lapse = np.maximum(p_signed, 0) + rng.exponential(700, NP) * DAY
p_comm = rng.choice([3.0, 5.0, 7.5, 10.0], NP)
p_code = np.array([f"RP-{i:04d}" for i in range(1, NP + 1)])

# ---------------- customers and requests
# a request: (t, customer, partner or -1)
CU = dict(branch=[], commercial=[], created=[], delay=[], partner=[])


def new_customer(t, branch, commercial, partner=-1):
    CU["branch"].append(branch)
    CU["commercial"].append(commercial)
    CU["created"].append(t)
    CU["delay"].append(np.exp(rng.normal(np.log(20), 0.6)) if commercial else 3.0)
    CU["partner"].append(partner)
    return len(CU["branch"]) - 1


requests = []  # (t, customer, partner)
# direct residential leads
for b in range(NBR):
    for t in poisson_times(0, ND * DAY, 7 / NBR * br_demand[b] * 1.2):
        requests.append((t, new_customer(t, b, False), -1))
# partner leads
for p in range(NP):
    for t in poisson_times(max(p_signed[p], 0), min(p_lapse[p], ND * DAY), p_rate[p]):
        requests.append((t, new_customer(t, p_branch[p], False, p), p))
# commercial accounts (their requests are generated in the move loop, since claims change their churn)
NCA = 300
ca_ids = []
for i in range(NCA):
    t0 = secs("2019-01-01") + rng.uniform(0, 1450) * DAY if i < 200 else rng.uniform(0, ND - 30) * DAY
    b = rng.choice(NBR, p=br_demand / br_demand.sum())
    ca_ids.append(new_customer(t0, b, True))
ca_rate = np.exp(rng.normal(np.log(1 / 45), 0.6, NCA))

NCU = len(CU["branch"])
cu_branch = np.array(CU["branch"])
cu_com = np.array(CU["commercial"])
cu_created = np.array(CU["created"])
cu_delay = np.array(CU["delay"])
cu_never = rng.random(NCU) < 0.03

# ---------------- the event loop: requests -> estimates -> moves -> claims (+ follow-up requests)
heap = [(t, c, p) for t, c, p in requests]
for i, c in enumerate(ca_ids):
    t = max(cu_created[c], 0.0) + rng.exponential(1 / ca_rate[i]) * DAY
    heap.append((t, c, -2 - i))  # commercial: -2 - account index
heapq.heapify(heap)
ca_churn_h = np.full(NCA, 1 / 900) * np.where(cu_delay[ca_ids] > 30, 2.0, 1.0)
ca_churned = np.zeros(NCA, bool)
ca_last = np.maximum(cu_created[ca_ids], 0.0)
cu_denied = np.zeros(NCU, bool)

EST = dict(c=[], p=[], t=[], branch=[], survey=[], stype=[], mtype=[], vol=[], miles=[], price=[], dec=[], outcome=[])
MV = dict(
    est=[],
    c=[],
    branch=[],
    booked=[],
    date=[],
    cancel=[],
    truck=[],
    crew=[],
    lead=[],
    w_est=[],
    w_act=[],
    hours=[],
    done=[],
    sit=[],
)
SIT = []  # (move, in_t, planned, released, vaults)
CL = []  # (move, c, filed, amt, denied, resolved)
ST_SPELL = {0: ["in-home", "In Home", "IN_HOME"], 1: ["virtual", "Video", "VIRTUAL"], 2: ["phone", "Phone"]}
END = ND * DAY


def employed(b, t):
    return np.nonzero((e_branch == b) & (e_hired <= t) & (e_left > t))[0]


while heap:
    t, c, src = heapq.heappop(heap)
    if t >= END:
        continue
    com = src <= -2
    if com:
        a = -2 - src
        # churn between the last request and now
        gap = (t - ca_last[a]) / DAY
        if rng.random() < 1 - np.exp(-ca_churn_h[a] * gap):
            ca_churned[a] = True
            continue
        ca_last[a] = t
    p = src if src >= 0 else -1
    b = cu_branch[c]
    stype = 0 if com else rng.choice(3, p=[0.45, 0.35, 0.2])
    mt = rng.choice(3, p=[0.2, 0.5, 0.3] if (p >= 0 and p_kind[p] == 1) else [0.6, 0.28, 0.12])
    vol = np.exp(rng.normal(np.log(1600 if com else 650), 0.5))
    miles = [rng.uniform(2, 40), rng.uniform(50, 400), rng.uniform(400, 2200)][mt]
    price = round(vol * [3.1, 5.5, 7.5][mt] + 1.4 * miles, 2)
    survey = t + rng.uniform(1, 7) * DAY
    q = p_q[p] if p >= 0 else 0.0
    pb = sig(
        0.1 + 0.6 * q + 0.5 * (stype == 0) - 0.4 * (stype == 2) + 1.6 * com - 0.3 * (mt == 2) - 0.4 * (price > 5000)
    )
    u = rng.random()
    if u < pb:
        outcome, dec = 1, survey + rng.exponential(4) * DAY
    elif u < pb + (1 - pb) * 0.7:
        outcome, dec = 2, survey + rng.exponential(8) * DAY
    else:
        outcome, dec = 3, np.nan
    ei = len(EST["c"])
    for k, v in zip(EST, [c, p, t, b, survey, stype, mt, vol, miles, price, dec, outcome], strict=True):
        EST[k].append(v)
    if com:
        heapq.heappush(heap, (t + rng.exponential(1 / ca_rate[a]) * DAY, c, src))
    if outcome != 1:
        continue
    booked = dec
    lead_days = rng.uniform(10, 40) if com else rng.uniform(7, 56)
    md = np.floor((booked + lead_days * DAY) / DAY)
    if not com and rng.random() < 0.35:
        dd = DAYS[int(min(md, len(DAYS) - 1))]
        md = (pd.Timestamp(dd.year, dd.month, 1) + pd.offsets.MonthEnd(0) - START).days - rng.integers(0, 3)
    if DAYS[int(min(md, len(DAYS) - 1))].day_of_week == 6:
        md += 1
    mdate = md * DAY + rng.choice([7, 8, 9, 10, 13]) * 3600.0
    mdate = max(mdate, booked + 2 * DAY)
    cancel = booked + rng.uniform(0, 1) * (mdate - booked) if rng.random() < 0.07 else INF
    crew_n = 2 + (vol >= 700) + (vol >= 1500) + (vol >= 2600)
    staff = employed(b, mdate)
    leads = staff[e_pos[staff] == "crew_lead"]
    lead = rng.choice(leads) if len(leads) else rng.choice(staff)
    others = rng.choice(staff[staff != lead], min(crew_n - 1, len(staff) - 1), replace=False)
    fleet = np.nonzero((t_branch == b) & (t_since <= booked) & (t_retired > mdate))[0]
    truck = rng.choice(fleet)
    bias = [0.0, 0.08, 0.18][stype]
    w_est = vol * 7
    w_act = w_est * np.exp(rng.normal(bias, 0.08))
    hours = (w_act / 1000 * 1.1 + miles / 45 * (mt == 0) + 2) * np.exp(-0.1 * e_skill[lead] + rng.normal(0, 0.15))
    sit = mt > 0 and rng.random() < 0.15
    done = mdate + hours * 3600 if mt == 0 else mdate + (1 + np.ceil(miles / 450)) * DAY
    mi = len(MV["c"])
    if sit and cancel == INF:
        in_t = np.floor(mdate / DAY) * DAY + DAY + 10 * 3600
        planned = in_t + rng.integers(14, 91) * DAY
        rel = max(in_t + 3 * DAY, planned + np.round(rng.normal(0, 10)) * DAY)
        SIT.append((mi, in_t, planned, rel, int(np.ceil(vol / 250))))
        done = rel + (1 + np.ceil(miles / 450)) * DAY
    for k, v in zip(
        MV,
        [ei, c, b, booked, mdate, cancel, truck, others, lead, w_est, w_act, hours, done, sit and cancel == INF],
        strict=True,
    ):
        MV[k].append(v)
    if cancel < INF:
        continue
    # claims
    lp = (
        -3.1
        + 0.6 * (br_pack[b] == "contracted")
        - 0.6 * e_skill[lead]
        + 0.5 * (mt > 0)
        + 0.6 * sit
        + 0.3 * (t_year[truck] < 2015)
        + 0.3 * (vol > 1500)
    )
    if rng.random() < sig(lp):
        filed = done + rng.exponential(8) * DAY
        denied = rng.random() < 0.35
        resolved = filed + rng.exponential(25) * DAY
        CL.append((mi, c, filed, float(np.round(np.exp(rng.normal(np.log(600), 1)), 2)), denied, resolved))
        if denied:
            cu_denied[c] = True
            if com:
                ca_churn_h[a] *= 4  # applies to gaps after this (approximation: from the next request on)
    # residential repeat
    if not com and rng.random() < (0.03 if cu_denied[c] else 0.1):
        heapq.heappush(heap, (done + rng.exponential(250) * DAY, c, -1))

# ---------------- arrays
NES = len(EST["c"])
E = {k: np.array(v) for k, v in EST.items()}
M = {k: (np.array(v) if k != "crew" else v) for k, v in MV.items()}
NM = len(M["c"])
m_est_price = E["price"][M["est"]]
m_mt = E["mtype"][M["est"]]
m_miles = E["miles"][M["est"]]
m_com = cu_com[M["c"]]
m_cancelled = M["cancel"] < INF

# crew assignments
CA = []  # (move, member, role, assigned, hours)
for m in range(NM):
    asg = max(M["booked"][m], M["date"][m] - rng.uniform(3, 10) * DAY)
    CA.append((m, M["lead"][m], "lead", asg, M["hours"][m]))
    for k, e in enumerate(M["crew"][m]):
        CA.append((m, e, "driver" if k == 0 else "mover", asg, M["hours"][m] * rng.uniform(0.9, 1.0)))
CA_m = np.array([x[0] for x in CA])
CA_e = np.array([x[1] for x in CA])
CA_role = np.array([x[2] for x in CA], dtype=object)
CA_t = np.array([x[3] for x in CA])
CA_h = np.array([x[4] for x in CA])
ca_keep = M["cancel"][CA_m] >= CA_t  # a move cancelled before its crew was assigned has none

# invoices: (move, customer, kind, issued, amount, due)
INV = []
for m in range(NM):
    c = M["c"][m]
    dep = round(0.15 * m_est_price[m], 2)
    INV.append((m, c, "deposit", M["booked"][m] + 600, dep, M["booked"][m] + 7 * DAY))
    if m_cancelled[m]:
        continue
    final = round(m_est_price[m] * M["w_act"][m] / M["w_est"][m] - dep, 2)
    INV.append((m, c, "final", M["done"][m] + 3600, final, M["done"][m] + (30 if m_com[m] else 14) * DAY))
for mi, in_t, _planned, rel, vaults in SIT:
    k = 1
    while in_t + 30 * k * DAY < rel:
        it = in_t + 30 * k * DAY
        INV.append((mi, M["c"][mi], "storage", it, 35.0 * vaults, it + 14 * DAY))
        k += 1
I_m = np.array([x[0] for x in INV])
I_c = np.array([x[1] for x in INV])
I_kind = np.array([x[2] for x in INV], dtype=object)
I_t = np.array([x[3] for x in INV])
I_amt = np.array([x[4] for x in INV])
I_due = np.array([x[5] for x in INV])
NI = len(INV)
I_void_t = np.where((I_kind == "deposit") & m_cancelled[I_m], M["cancel"][I_m], INF)
I_paid = I_t + rng.exponential(cu_delay[I_c]) * DAY
I_paid = np.where(cu_never[I_c] | (rng.random(NI) < 0.01), INF, I_paid)
I_paid = np.where(I_paid > I_void_t, INF, I_paid)  # a deposit not paid by its move's cancellation never is
split = rng.random(NI) < 0.1
I_pay2 = np.where(split & (I_paid < INF), I_paid + rng.uniform(1, 20, NI) * DAY, I_paid)  # fully paid at the 2nd
ordr = np.argsort(I_t, kind="stable")
rank = np.empty(NI, int)
rank[ordr] = np.arange(NI)
I_no = np.array([f"MV-{i + 1:06d}" for i in rank])

PAY = []  # (invoice, t, amount)
for i in range(NI):
    if I_paid[i] == INF:
        continue
    if split[i]:
        a1 = round(I_amt[i] * rng.uniform(0.3, 0.7), 2)
        PAY.append((i, I_paid[i], a1))
        PAY.append((i, I_pay2[i], round(I_amt[i] - a1, 2)))
    else:
        PAY.append((i, I_paid[i], I_amt[i]))
P_i = np.array([x[0] for x in PAY])
P_t = np.array([x[1] for x in PAY])
P_amt = np.array([x[2] for x in PAY])
P_meth = rng.choice(
    ["card", "Card", "CREDIT CARD", "ach", "ACH", "check", "Cheque"],
    len(PAY),
    p=[0.35, 0.15, 0.1, 0.15, 0.1, 0.1, 0.05],
)
po = np.argsort(P_t, kind="stable")
P_i, P_t, P_amt, P_meth = P_i[po], P_t[po], P_amt[po], P_meth[po]

# random draws for the output tables (drawn before any CUT-dependent filtering)
cu_type_s = np.where(
    cu_com,
    rng.choice(["Commercial", "commercial", "Corporate", "BUSINESS"], NCU, p=[0.5, 0.2, 0.2, 0.1]),
    rng.choice(["Residential", "residential", "RES", "Home"], NCU, p=[0.6, 0.25, 0.1, 0.05]),
)
cu_zip = [f"80{rng.integers(100, 999)}" for _ in range(NCU)]
cu_opt = rng.random(NCU) < 0.4
cu_email = np.where(rng.random(NCU) < 0.1, None, np.array([f"cust{i}@mail.example" for i in range(1, NCU + 1)]))
cu_company = np.where(cu_com, np.array([f"Acme {i} LLC" for i in range(NCU)], dtype=object), None)
e_names = rng.choice(["Garcia", "Smith", "Lee", "Nguyen", "Brown", "Martinez", "Johnson", "Kim", "Lopez"], NE)
e_shirt = rng.choice(["S", "M", "L", "XL", "XXL"], NE)
CL_cat = rng.choice(
    [
        "Furniture",
        "furniture",
        "FURNITURE DAMAGE",
        "Electronics",
        "electronics ",
        "Property",
        "property damage",
        "Lost item",
        "missing",
    ],
    max(len(CL), 1),
    p=[0.25, 0.1, 0.05, 0.15, 0.05, 0.12, 0.08, 0.12, 0.08],
)
CL_paidfrac = rng.uniform(0.4, 1.0, max(len(CL), 1))
m_zip_o = [f"80{rng.integers(100, 999)}" for _ in range(NM)]
m_zip_d = [f"{rng.integers(10000, 99999)}" for _ in range(NM)]
E_stype_s = np.array([rng.choice(ST_SPELL[s]) if rng.random() < 0.4 else ST_SPELL[s][0] for s in E["stype"]])

# ---------------- tables as they stood at CUT
crew_members = pd.DataFrame(
    {
        "crew_member_id": np.arange(1, NE + 1),
        "branch_id": e_branch + 1,
        "last_name": e_names,
        "position": e_pos,
        "hired_on": ts(e_hired).date,
        "left_on": pd.Series(ts(known(e_left))).dt.date,
        "shirt_size": e_shirt,
    }
)[e_hired <= T]

done_known = (M["done"] <= T) & ~m_cancelled
odo = t_odo0 + np.bincount(M["truck"][done_known], weights=2 * m_miles[done_known], minlength=NT)
trucks = pd.DataFrame(
    {
        "truck_id": np.arange(101, 101 + NT),
        "branch_id": t_branch + 1,
        "capacity_cuft": t_cap,
        "model_year": t_year,
        "odometer_miles": np.round(odo).astype(int),
        "in_service_since": ts(t_since).date,
        "retired_on": pd.Series(ts(known(t_retired))).dt.date,
    }
)[t_since <= T]

ek = E["t"] <= T
e_part = E["p"]
ref_n = np.bincount(e_part[ek & (e_part >= 0)], minlength=NP)
last_ref = pd.Series(E["t"][ek & (e_part >= 0)]).groupby(e_part[ek & (e_part >= 0)]).max().reindex(range(NP))
p_status = np.where(T - last_ref.fillna(-1e12).to_numpy() <= 120 * DAY, "active", "inactive")
p_status = np.where(T - np.maximum(p_signed, 0) < 120 * DAY, "active", p_status)
referral_partners = pd.DataFrame(
    {
        "partner_code": p_code,
        "branch_id": p_branch + 1,
        "name": [f"{['Realty', 'Relocations', 'Property'][k]} Partner {i + 1}" for i, k in enumerate(p_kind)],
        "kind": p_kind_s,
        "commission_pct": p_comm,
        "signed_on": ts(p_signed).date,
        "status": p_status,
        "referrals_total": ref_n,
    }
)[p_signed <= T]

mv_n = np.bincount(M["c"][done_known], minlength=NCU)
last_mv = pd.Series(M["date"][done_known]).groupby(M["c"][done_known]).max().reindex(range(NCU))
last_req = pd.Series(E["t"][ek]).groupby(E["c"][ek]).max().reindex(range(NCU)).fillna(-1e12).to_numpy()
acct = np.where(T - np.maximum(last_req, np.maximum(cu_created, 0)) <= 180 * DAY, "active", "dormant")
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NCU + 1),
        "branch_id": cu_branch + 1,
        "customer_type": cu_type_s,
        "company_name": cu_company,
        "email": cu_email,
        "zip": cu_zip,
        "marketing_opt_in": cu_opt,
        "created_at": ts(cu_created),
        "lifetime_moves": mv_n,
        "last_move_on": pd.Series(ts(last_mv.to_numpy())).dt.date,
        "account_status": acct,
    }
)[cu_created <= T]

dec_known = E["dec"] <= T
expired_known = (E["outcome"] == 3) & (E["survey"] + 30 * DAY <= T)
e_status = np.where(
    dec_known, np.where(E["outcome"] == 1, "booked", "lost"), np.where(expired_known, "expired", "open")
)
estimates = pd.DataFrame(
    {
        "estimate_id": np.arange(1, NES + 1),
        "customer_id": E["c"] + 1,
        "branch_id": E["branch"] + 1,
        "partner_ref": np.where(E["p"] >= 0, p_code[np.maximum(E["p"], 0)], None),
        "requested_at": ts(E["t"]),
        "survey_at": ts(E["survey"]),
        "survey_type": E_stype_s,
        "move_type": np.array(["local", "long_distance", "interstate"])[E["mtype"]],
        "est_volume_cuft": np.round(E["vol"]).astype(int),
        "distance_miles": np.round(E["miles"], 1),
        "est_price": E["price"],
        "status": e_status,
        "decided_at": ts(known(E["dec"])),
    }
)[ek]

sit_m = np.array([s[0] for s in SIT], int)
sit_in = np.array([s[1] for s in SIT])
sit_rel = np.array([s[3] for s in SIT])
m_sit_in = np.full(NM, INF)
m_sit_in[sit_m] = sit_in
m_sit_rel = np.full(NM, INF)
m_sit_rel[sit_m] = sit_rel
cancel_known = M["cancel"] <= T
m_status = np.where(
    cancel_known,
    "cancelled",
    np.where(done_known, "completed", np.where((m_sit_in <= T) & (m_sit_rel > T), "in_storage", "scheduled")),
)
moves = pd.DataFrame(
    {
        "move_id": np.arange(1, NM + 1),
        "estimate_id": M["est"] + 1,
        "customer_id": M["c"] + 1,
        "branch_id": M["branch"] + 1,
        "truck_id": M["truck"] + 101,
        "booked_at": ts(M["booked"]),
        "move_date": ts(M["date"]),
        "crew_size": np.array([1 + len(x) for x in M["crew"]]),
        "origin_zip": m_zip_o,
        "dest_zip": m_zip_d,
        "status": m_status,
        "actual_weight_lbs": np.where(done_known, np.round(M["w_act"]), np.nan),
        "actual_hours": np.where(done_known, np.round(M["hours"], 2), np.nan),
        "completed_at": ts(np.where(done_known, M["done"], np.nan)),
        "cancelled_at": ts(np.where(cancel_known, M["cancel"], np.nan)),
    }
)[M["booked"] <= T]

crew_assignments = pd.DataFrame(
    {
        "move_id": CA_m + 1,
        "crew_member_id": CA_e + 1,
        "role": CA_role,
        "assigned_at": ts(CA_t),
        "hours_worked": np.where(done_known[CA_m], np.round(CA_h, 2), np.nan),
    }
)[ca_keep & (CA_t <= T)]

storage_lots = pd.DataFrame(
    {
        "lot_id": np.arange(1, len(SIT) + 1),
        "move_id": sit_m + 1,
        "customer_id": M["c"][sit_m] + 1 if len(SIT) else [],
        "vaults": [s[4] for s in SIT],
        "in_at": ts(sit_in),
        "planned_release_on": ts([s[2] for s in SIT]).date,
        "released_at": ts(known(sit_rel)),
        "status": np.where(sit_rel <= T, "released", "stored"),
    }
)[sit_in <= T]

CL_m = np.array([x[0] for x in CL], int)
CL_f = np.array([x[2] for x in CL])
CL_den = np.array([x[4] for x in CL])
CL_res = np.array([x[5] for x in CL])
CL_amt = np.array([x[3] for x in CL])
res_known = CL_res <= T
claims = pd.DataFrame(
    {
        "claim_id": np.arange(1, len(CL) + 1),
        "move_ref": (CL_m + 1).astype(str),
        "customer_id": np.array([x[1] for x in CL]) + 1,
        "filed_at": ts(CL_f),
        "category": CL_cat[: len(CL)],
        "amount_claimed": CL_amt,
        "status": np.where(res_known, np.where(CL_den, "denied", "settled"), "open"),
        "resolved_at": ts(known(CL_res)),
        "amount_paid": np.where(res_known & ~CL_den, np.round(CL_amt * CL_paidfrac[: len(CL)], 2), np.nan),
    }
)[CL_f <= T]

paid_full = I_pay2 <= T
paid_part = np.bincount(P_i[P_t <= T], weights=P_amt[P_t <= T], minlength=NI)
void_k = I_void_t <= T
i_status = np.where(
    void_k,
    "void",
    np.where(
        paid_full, "paid", np.where(I_due + 90 * DAY <= T, "collections", np.where(I_due <= T, "overdue", "open"))
    ),
)
invoices = pd.DataFrame(
    {
        "invoice_no": I_no,
        "move_id": I_m + 1,
        "customer_id": I_c + 1,
        "kind": I_kind,
        "issued_at": ts(I_t),
        "due_on": ts(I_due).date,
        "amount": I_amt,
        "balance_due": np.where(void_k | paid_full, 0.0, np.round(I_amt - paid_part, 2)),
        "status": i_status,
        "paid_at": ts(known(np.where(I_pay2 < INF, I_pay2, np.nan))),
    }
).iloc[ordr]
invoices = invoices[I_t[ordr] <= T]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(P_t) + 1),
        "invoice_no": I_no[P_i],
        "received_at": ts(P_t),
        "amount": P_amt,
        "method": P_meth,
    }
)[P_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE branches (branch_id INTEGER PRIMARY KEY, city VARCHAR, region VARCHAR, packing_model VARCHAR,
                       opened_on DATE);
CREATE TABLE crew_members (crew_member_id INTEGER PRIMARY KEY, branch_id INTEGER REFERENCES branches(branch_id),
                           last_name VARCHAR, position VARCHAR, hired_on DATE, left_on DATE, shirt_size VARCHAR);
CREATE TABLE trucks (truck_id INTEGER PRIMARY KEY, branch_id INTEGER, capacity_cuft INTEGER, model_year INTEGER,
                     odometer_miles INTEGER, in_service_since DATE, retired_on DATE);
CREATE TABLE referral_partners (partner_code VARCHAR PRIMARY KEY, branch_id INTEGER, name VARCHAR, kind VARCHAR,
                                commission_pct DOUBLE, signed_on DATE, status VARCHAR, referrals_total INTEGER);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, branch_id INTEGER REFERENCES branches(branch_id),
                        customer_type VARCHAR, company_name VARCHAR, email VARCHAR, zip VARCHAR,
                        marketing_opt_in BOOLEAN, created_at TIMESTAMP, lifetime_moves INTEGER, last_move_on DATE,
                        account_status VARCHAR);
CREATE TABLE estimates (estimate_id INTEGER PRIMARY KEY, customer_id INTEGER, branch_id INTEGER, partner_ref VARCHAR,
                        requested_at TIMESTAMP, survey_at TIMESTAMP, survey_type VARCHAR, move_type VARCHAR,
                        est_volume_cuft INTEGER, distance_miles DOUBLE, est_price DOUBLE, status VARCHAR,
                        decided_at TIMESTAMP);
CREATE TABLE moves (move_id INTEGER PRIMARY KEY, estimate_id INTEGER, customer_id INTEGER REFERENCES
                    customers(customer_id), branch_id INTEGER, truck_id INTEGER, booked_at TIMESTAMP,
                    move_date TIMESTAMP, crew_size INTEGER, origin_zip VARCHAR, dest_zip VARCHAR, status VARCHAR,
                    actual_weight_lbs DOUBLE, actual_hours DOUBLE, completed_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE crew_assignments (move_id INTEGER, crew_member_id INTEGER, role VARCHAR, assigned_at TIMESTAMP,
                               hours_worked DOUBLE);
CREATE TABLE storage_lots (lot_id INTEGER PRIMARY KEY, move_id INTEGER, customer_id INTEGER, vaults INTEGER,
                           in_at TIMESTAMP, planned_release_on DATE, released_at TIMESTAMP, status VARCHAR);
CREATE TABLE claims (claim_id INTEGER PRIMARY KEY, move_ref VARCHAR, customer_id INTEGER, filed_at TIMESTAMP,
                     category VARCHAR, amount_claimed DOUBLE, status VARCHAR, resolved_at TIMESTAMP,
                     amount_paid DOUBLE);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, move_id INTEGER, customer_id INTEGER, kind VARCHAR,
                       issued_at TIMESTAMP, due_on DATE, amount DOUBLE, balance_due DOUBLE, status VARCHAR,
                       paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, received_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
""")
for name, df in [
    ("branches", branches),
    ("crew_members", crew_members),
    ("trucks", trucks),
    ("referral_partners", referral_partners),
    ("customers", customers),
    ("estimates", estimates),
    ("moves", moves),
    ("crew_assignments", crew_assignments),
    ("storage_lots", storage_lots),
    ("claims", claims),
    ("invoices", invoices),
    ("payments", payments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
