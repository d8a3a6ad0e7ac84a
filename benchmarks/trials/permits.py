"""A city's building-permit and inspection office (contractors, parcels with zoning, permit applications with a
status history, fees and payments, inspections booked ahead with pass/fail results and re-inspections, residents'
complaints, violations, appeals), seeded: `python benchmarks/trials/permits.py OUT.duckdb [--as-of DATE]`. Written by
a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 24 inspectors,
900 contractors, 6,000 parcels, 9,266 applications, 41.9k status changes, 22.8k fees, 24.3k payments, 20.8k
inspections, 5.6k complaints, 2.2k violations, 564 appeals (about 134k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2022-01-01..NOW. Rows dated after NOW
exist only where written ahead: inspections.scheduled_for (booked 1-10 days after the request), fees.due_on (assessed
+ 30 days), applications.expires_on (a DATE set at issue, + 365 days), violations.comply_by (+ 30 days) and
appeals.hearing_on (+ 14-45 days). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- inspectors (24, inspector_code VARCHAR 'INS-07', 3 per ward): strictness st ~ N(0, .5) (hidden) adds to the
  log-odds of a failed inspection; an inspection goes to one of the parcel's ward's 3 inspectors
- contractors (900): 650 licensed 2008-2021, 250 during the span; quality q ~ N(0, 1) (hidden) drives rejection,
  inspection failures, slow payment and churn; volume v ~ LogNormal(0, .7) (hidden); slowness s ~ LogNormal(0, .4)
  (days between inspections); trade of 6 (general .35, electrical .2, plumbing .15, roofing .12, hvac .1, solar .08)
  stored MESSY ('General Contractor', 'general', 'GC', 'Electrical', 'electric', 'ELECTRICAL', 'Plumbing',
  'plumber', 'Roofing', 'roofer', 'HVAC', 'hvac ', 'Mechanical', 'Solar', 'solar pv'); 2 home wards (70% of its
  jobs); license_no (text, unique) and phone are noise
- churn (hidden): a contractor quits at max(licensed, START) + Exp(1400 exp(.4 q) days) (no application after;
  open jobs are abandoned and their permits expire), and with p .35 at the end of a suspension
- suspension: 3 violations from its failed inspections within 365 days suspend a contractor for 90 days (no
  applications while suspended)
- applications: a contractor files with rate .010 v a day x month (Dec .6, Jan .6, Feb .8, Mar 1.1, Apr 1.3, May 1.35,
  Jun 1.3, Jul 1.2, Aug 1.15, Sep 1.05, Oct .95, Nov .75) x trade (roofing x(1 + .8 summer), hvac x(1 + .5 winter),
  solar x1.6 in 2024: an incentive); owner-builders (contractor_id NULL, q ~ N(-.5, 1)) 1.1 a day x month;
  permit_type by trade (general: building .6, demolition .1, roofing .1, electrical .1, plumbing .1), stored with
  a few spellings ('Building', 'building', 'BLDG'); valuation by type x sqrt(assessed value / 400k) x LogNormal(0,
  .6); parcel 70% in the contractor's home wards, weighted by lot size
- status path (status_history, one row per change): submitted -> under_review (1-5 days) -> withdrawn (p .04) or
  rejected (p sig(-2.3 - .7q + .6 building + .8 owner-builder)) or approved after Gamma(2, 7 d (x2 building) x 1.3
  in Apr-Aug backlog) -> issued when the permit fee is paid -> finaled at the final inspection's pass, or expired
  at expires_on (issued + 365 d) when the job is abandoned or runs over; applications.status TODAY's (the last
  change), issued_at / finaled_at filled in later, expires_on written at issue
- inspections: stages by type (building: footing, framing, insulation, final; electrical/plumbing/mechanical/
  solar: rough, final; roofing/demolition: final); work starts Exp(15 s) days after issue, each request
  Exp(gap s) days after the last pass; scheduled_for 1 + Poisson(3) days ahead (no Sundays); cancelled p .04 (asked
  again 1-7 days later); fail p sig(-1.1 - .9q + st + .5 year_built<1950 + .15 log(valuation/20000) - .3 final);
  a fail books a re-inspection (is_reinspection, prior_inspection_id: an undeclared self-link) 1 + Exp(4 s) days
  later, a $95 reinspection fee and, p .07, a violation against the contractor; 5 fails abandon the job.
  result and completed_at filled in later (NULL until done)
- fees: plan_review at submission (max(75, .0065 valuation)), permit at approval (max(100, .012 valuation)),
  reinspection; paid after Exp(4 exp(-.5q)) days (10% in two installments, the second Exp(10) days later; 3%
  never); fees.status ('open' / 'paid') and balance_due TODAY's; payments.method messy ('card', 'Card', 'CARD',
  'check', 'Check ', 'ach', 'ACH', 'online')
- parcels (6,000; apn VARCHAR '123-045-0678', the text key): ward 1-8; zoning R1 .45, R2 .2, C .15, MU .1, I .1
  stored MESSY ('R-1', 'r1', 'Residential 1', 'R1 ', 'C-2', 'Commercial', ...); year_built; nuisance n ~ N(0, 1)
  (hidden); open_violations and last_inspection_at TODAY's; owner_name noise
- complaints: per parcel and day .00035 exp(.8 n) x ward (3: x2.5, 7: x1.8) x (1 + 2 open permit on the parcel)
  x (1 + .6 summer); category by zoning (unpermitted_work more where no permit) stored messy ('Noise', 'noise',
  'NOISE', 'No Permit', 'unpermitted work', 'Debris', 'property maintenance', 'Zoning', ...); investigating 1-14 days
  later, closed 1-30 days after (status TODAY's, closed_at filled in later)
- violations: from a complaint at its investigation with p .25 (+ .35 for unpermitted work with no open permit on
  the parcel), from failed inspections (above); fine by code; resolved_at filled in later (Exp(25 d), 10% never);
  status TODAY's ('open', 'resolved')
- appeals: p .15 of violations (3-25 days after), p .2 of rejected applications; hearing_on ahead; decision
  ('upheld' .6 / 'overturned' .3 / 'withdrawn' .1) and decided_at filled in later
- keys: PKs declared on inspectors (text), contractors, parcels (text apn), applications, fees, payments,
  inspections, complaints, violations, appeals; status_history has none. REFERENCES only applications.contractor_id
  and fees.app_id. Undeclared: applications.parcel_apn (text), status_history.app_id, inspections (app_id,
  inspector -> inspectors.inspector_code, prior_inspection_id), payments (fee_id, payer_contractor_id),
  complaints.parcel (text), violations (parcel_apn, complaint_id, inspection_id, contractor_id), appeals
  (violation_id, app_id)
- contractors: status TODAY's ('suspended' during a suspension, 'inactive' with no application for 365 days, else
  'active'), active_permits TODAY's (issued, not finaled or expired), pass_rate TODAY's (passes / (passes + fails)
  of completed inspections), last_application_at TODAY's
- `python permits.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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


DAYS = pd.date_range(START, periods=ND + 800, freq="D")
MONTH = np.array([0.6, 0.8, 1.1, 1.3, 1.35, 1.3, 1.2, 1.15, 1.05, 0.95, 0.75, 0.6])
SUMMER = np.clip(np.cos(2 * np.pi * (DAYS.day_of_year.values - 200) / 365), 0, None)
WINTER = np.clip(np.cos(2 * np.pi * (DAYS.day_of_year.values - 15) / 365), 0, None)
MSEAS = MONTH[DAYS.month.values - 1]
BACKLOG = np.where(np.isin(DAYS.month.values, [4, 5, 6, 7, 8]), 1.3, 1.0)
DOW = DAYS.day_of_week.values
Y2024 = DAYS.year.values == 2024

# ---------------- inspectors
NI = 24
i_ward = np.repeat(np.arange(8), 3)
i_st = rng.normal(0, 0.5, NI)
i_hired = np.array([secs("2005-01-01") + rng.uniform(0, 16 * 365) * DAY for _ in range(NI)])
i_name = [f"Inspector {chr(65 + i % 26)}{i:02d}" for i in range(NI)]

# ---------------- parcels
NP = 6000
ZON = np.array(["R1", "R2", "C", "MU", "I"])
ZMESSY = {
    0: (["R1", "R-1", "r1", "Residential 1", "R1 "], [0.5, 0.2, 0.12, 0.1, 0.08]),
    1: (["R2", "R-2", "r2", "Residential 2"], [0.55, 0.2, 0.15, 0.1]),
    2: (["C", "C-2", "Commercial", "comm"], [0.5, 0.2, 0.2, 0.1]),
    3: (["MU", "Mixed Use", "mu"], [0.6, 0.25, 0.15]),
    4: (["I", "I-1", "Industrial"], [0.6, 0.2, 0.2]),
}
p_ward = rng.choice(8, NP, p=[0.14, 0.13, 0.12, 0.13, 0.12, 0.12, 0.12, 0.12])
p_zone = rng.choice(5, NP, p=[0.45, 0.2, 0.15, 0.1, 0.1])
p_zspell = np.array([rng.choice(ZMESSY[z][0], p=ZMESSY[z][1]) for z in p_zone], dtype=object)
p_year = np.clip(np.round(rng.normal(1962, 28, NP)), 1880, 2023).astype(int)
p_lot = np.round(np.exp(rng.normal(np.log(6500), 0.5, NP)) * np.where(p_zone >= 2, 3, 1), -1)
p_value = np.round(np.exp(rng.normal(np.log(400000), 0.45, NP)) * np.where(p_zone >= 2, 2.2, 1) / 1000) * 1000
p_nuis = rng.normal(0, 1, NP)
p_apn = np.array([f"{rng.integers(100, 999)}-{w + 1:03d}-{i:04d}" for i, w in enumerate(p_ward)], dtype=object)
p_owner = rng.choice(["Smith", "Garcia", "Nguyen", "Patel", "Johnson", "Lee", "Brown", "Kim", "LLC Holdings"], NP)
WARD_F = np.array([1.0, 1.0, 2.5, 1.0, 1.0, 1.0, 1.8, 1.0])
ward_parcels = [np.nonzero(p_ward == w)[0] for w in range(8)]
ward_pw = [p_lot[ix] / p_lot[ix].sum() for ix in ward_parcels]
all_pw = p_lot / p_lot.sum()

# ---------------- contractors
NC = 900
c_old = np.arange(NC) < 650
c_lic = np.where(c_old, secs("2008-01-01") + rng.uniform(0, 14 * 365, NC) * DAY, rng.uniform(0, ND - 60, NC) * DAY)
c_q = rng.normal(0, 1, NC)
c_v = np.exp(rng.normal(0, 0.7, NC))
c_s = np.exp(rng.normal(0, 0.4, NC))
TRADES = np.array(["general", "electrical", "plumbing", "roofing", "hvac", "solar"])
c_trade = rng.choice(6, NC, p=[0.35, 0.2, 0.15, 0.12, 0.1, 0.08])
TMESSY = {
    0: (["General Contractor", "general", "GC", "General"], [0.5, 0.2, 0.15, 0.15]),
    1: (["Electrical", "electric", "ELECTRICAL"], [0.6, 0.25, 0.15]),
    2: (["Plumbing", "plumber"], [0.7, 0.3]),
    3: (["Roofing", "roofer"], [0.7, 0.3]),
    4: (["HVAC", "hvac ", "Mechanical"], [0.5, 0.2, 0.3]),
    5: (["Solar", "solar pv"], [0.7, 0.3]),
}
c_tspell = np.array([rng.choice(TMESSY[k][0], p=TMESSY[k][1]) for k in c_trade], dtype=object)
c_home = np.array([rng.choice(8, 2, replace=False) for _ in range(NC)])
c_quit = np.maximum(c_lic, 0) + rng.exponential(1400 * np.exp(0.4 * c_q)) * DAY
c_lic_no = np.array([f"LIC-{x}" for x in rng.choice(np.arange(10000, 99999), NC, replace=False)], dtype=object)
c_phone = [f"555-{rng.integers(100, 999)}-{rng.integers(1000, 9999)}" for _ in range(NC)]
c_name = [
    f"{rng.choice(['Acme', 'Summit', 'Oak', 'Bright', 'Metro', 'Pioneer', 'Apex', 'Cedar'])} {TRADES[k].title()} {i}"
    for i, k in enumerate(c_trade)
]

# ---------------- candidate application arrivals (contractors and owner-builders)
d_idx = np.arange(ND)
trade_f = np.ones((6, ND))
trade_f[3] = 1 + 0.8 * SUMMER[:ND]
trade_f[4] = 1 + 0.5 * WINTER[:ND]
trade_f[5] = np.where(Y2024[:ND], 1.6, 1.0)
cand = []  # (t, contractor or -1)
for d in range(ND):
    lam = 0.010 * c_v * MSEAS[d] * trade_f[c_trade, d]
    n = rng.poisson(lam)
    for c in np.nonzero(n)[0]:
        for _ in range(n[c]):
            cand.append((d * DAY + rng.uniform(7.5, 17) * 3600, c))
    for _ in range(rng.poisson(1.1 * MSEAS[d])):
        cand.append((d * DAY + rng.uniform(7.5, 17) * 3600, -1))
cand.sort()

TYPES = np.array(["building", "electrical", "plumbing", "mechanical", "roofing", "solar", "demolition"])
TYPE_SPELL = {
    0: (["Building", "building", "BLDG"], [0.7, 0.2, 0.1]),
    1: (["Electrical", "electrical", "ELEC"], [0.75, 0.15, 0.1]),
    2: (["Plumbing", "plumbing"], [0.8, 0.2]),
    3: (["Mechanical", "mechanical", "HVAC"], [0.7, 0.15, 0.15]),
    4: (["Roofing", "roofing", "Re-Roof"], [0.7, 0.15, 0.15]),
    5: (["Solar", "solar", "Solar PV"], [0.7, 0.15, 0.15]),
    6: (["Demolition", "demolition", "DEMO"], [0.75, 0.15, 0.1]),
}
TRADE_TYPES = {
    0: ([0, 6, 4, 1, 2], [0.6, 0.1, 0.1, 0.1, 0.1]),
    1: ([1], [1.0]),
    2: ([2], [1.0]),
    3: ([4], [1.0]),
    4: ([3], [1.0]),
    5: ([5, 1], [0.85, 0.15]),
    -1: ([0, 4, 1, 2, 6], [0.4, 0.2, 0.15, 0.15, 0.1]),
}
VAL_BASE = np.array([85000, 6000, 5000, 9000, 14000, 22000, 15000.0])
STAGES = {
    0: ["footing", "framing", "insulation", "final"],
    1: ["rough", "final"],
    2: ["rough", "final"],
    3: ["rough", "final"],
    4: ["final"],
    5: ["rough", "final"],
    6: ["final"],
}
STAGE_GAP = {"footing": 10, "framing": 30, "insulation": 20, "rough": 12, "final": 20}

APP = dict(c=[], parcel=[], type=[], spell=[], val=[], t=[], issued=[], finaled=[], expires=[], desc=[])
HIST = []  # (app, status, t)
INSP = []  # [app, inspector, stage, requested, scheduled, result, completed, is_re, prior]
FEES = []  # [app, type, amount, assessed, payer]
PAYS = []  # (fee, amount, t, method, payer)
VIOL = []  # [parcel, complaint, inspection, contractor, code, fine, issued]
APPEAL_APP = []  # (app, filed)
c_viol_t = [[] for _ in range(NC)]
c_susp = [[] for _ in range(NC)]  # (start, end)
active_iv = [[] for _ in range(NP)]  # (issued, end) intervals of open permits per parcel
METHODS = np.array(["card", "Card", "CARD", "check", "Check ", "ach", "ACH", "online"])
METH_P = np.array([0.3, 0.08, 0.04, 0.2, 0.05, 0.15, 0.05, 0.13])


def suspended(c, t):
    return any(a <= t < b for a, b in c_susp[c])


def add_fee(a, kind, amount, t, q, payer):
    f = len(FEES)
    FEES.append([a, kind, round(amount, 2), t, payer])
    delay = rng.exponential(4 * np.exp(-0.5 * q)) * DAY + rng.uniform(0.05, 0.5) * DAY
    u = rng.random()
    meth = rng.choice(METHODS, p=METH_P)
    if u < 0.03:
        return INF
    if u < 0.13:
        half = round(amount / 2, 2)
        t2 = t + delay + rng.exponential(10) * DAY + 3600
        PAYS.append((f, half, t + delay, meth, payer))
        PAYS.append((f, round(amount - half, 2), t2, meth, payer))
        return t2
    PAYS.append((f, round(amount, 2), t + delay, meth, payer))
    return t + delay


def next_open_day(t):
    d = int(t // DAY)
    if DOW[d] == 6:
        t += DAY
    return t


for t0, c in cand:
    if c >= 0:
        if t0 >= c_quit[c] or t0 < c_lic[c] or suspended(c, t0):
            continue
        q, s = c_q[c], c_s[c]
        ward = c_home[c][rng.integers(2)] if rng.random() < 0.7 else rng.integers(8)
    else:
        q, s = rng.normal(-0.5, 1), 1.3
        ward = rng.integers(8)
    par = rng.choice(ward_parcels[ward], p=ward_pw[ward])
    tl, tp = TRADE_TYPES[c_trade[c] if c >= 0 else -1]
    ty = tl[rng.choice(len(tl), p=tp)]
    val = round(VAL_BASE[ty] * np.sqrt(p_value[par] / 400000) * np.exp(rng.normal(0, 0.6)), -2) + 100
    a = len(APP["c"])
    APP["c"].append(c)
    APP["parcel"].append(par)
    APP["type"].append(ty)
    APP["spell"].append(rng.choice(TYPE_SPELL[ty][0], p=TYPE_SPELL[ty][1]))
    APP["val"].append(val)
    APP["t"].append(t0)
    APP["desc"].append(rng.choice(["", "kitchen remodel", "addition", "replace", "new install", "repair", "upgrade"]))
    payer = c if c >= 0 else -1
    HIST.append((a, "submitted", t0))
    add_fee(a, "plan_review", max(75.0, 0.0065 * val), t0, q, payer)
    t_ur = t0 + rng.uniform(1, 5) * DAY
    HIST.append((a, "under_review", t_ur))
    issued = finaled = expires = np.nan
    u = rng.random()
    review = rng.gamma(2, 7 * (2 if ty == 0 else 1) * BACKLOG[int(t_ur // DAY)]) * DAY + 3600
    p_rej = sig(-2.3 - 0.7 * q + 0.6 * (ty == 0) + 0.8 * (c < 0))
    if u < 0.04:
        HIST.append((a, "withdrawn", t_ur + rng.uniform(2, 20) * DAY))
    elif rng.random() < p_rej:
        t_rej = t_ur + review
        HIST.append((a, "rejected", t_rej))
        if rng.random() < 0.2:
            APPEAL_APP.append((a, t_rej + rng.uniform(3, 25) * DAY))
    else:
        t_ap = t_ur + review
        HIST.append((a, "approved", t_ap))
        paid = add_fee(a, "permit", max(100.0, 0.012 * val), t_ap, q, payer)
        if paid < INF:
            issued = paid + rng.uniform(0.1, 1) * DAY
            HIST.append((a, "issued", issued))
            expires = np.floor(issued / DAY) * DAY + 365 * DAY
            quit_t = c_quit[c] if c >= 0 else INF
            tr = issued + rng.exponential(15 * s) * DAY
            done = False
            fails = 0
            prior = -1
            is_re = False
            stages = list(STAGES[ty])
            k = 0
            while k < len(stages):
                if tr > quit_t or tr >= expires:
                    break
                st_name = stages[k]
                sch = next_open_day(np.floor(tr / DAY) * DAY + (1 + rng.poisson(3)) * DAY + rng.uniform(8, 15) * 3600)
                ins = 3 * p_ward[par] + rng.integers(3)
                comp = sch + rng.uniform(0.2, 1.5) * 3600
                i = len(INSP)
                if rng.random() < 0.04:
                    INSP.append([a, ins, st_name, tr, sch, "cancelled", comp, is_re, prior])
                    tr = comp + rng.uniform(1, 7) * DAY
                    continue
                pf = sig(
                    -1.1
                    - 0.9 * q
                    + i_st[ins]
                    + 0.5 * (p_year[par] < 1950)
                    + 0.15 * np.log(val / 20000)
                    - 0.3 * (st_name == "final")
                )
                if rng.random() < pf:
                    INSP.append([a, ins, st_name, tr, sch, "fail", comp, is_re, prior])
                    add_fee(a, "reinspection", 95.0, comp, q, payer)
                    if rng.random() < 0.07:
                        vt = comp + rng.uniform(0, 3) * DAY
                        VIOL.append([par, -1, i, c, "WORK_NOT_TO_CODE", 250.0, vt])
                        if c >= 0:
                            c_viol_t[c].append(vt)
                            recent = [x for x in c_viol_t[c] if vt - 365 * DAY < x <= vt]
                            if len(recent) >= 3 and not suspended(c, vt):
                                c_susp[c].append((vt, vt + 90 * DAY))
                                if rng.random() < 0.35:
                                    c_quit[c] = min(c_quit[c], vt + 90 * DAY)
                                    quit_t = min(quit_t, c_quit[c])
                    fails += 1
                    if fails >= 5:
                        break
                    prior, is_re = i, True
                    tr = comp + (1 + rng.exponential(4 * s)) * DAY
                    continue
                INSP.append([a, ins, st_name, tr, sch, "pass", comp, is_re, prior])
                prior, is_re = -1, False
                k += 1
                if k == len(stages):
                    finaled = comp
                    done = True
                else:
                    tr = comp + rng.exponential(STAGE_GAP[stages[k]] * s) * DAY
            if done and finaled < expires:
                HIST.append((a, "finaled", finaled))
                active_iv[par].append((issued, finaled))
            else:
                finaled = np.nan
                HIST.append((a, "expired", expires))
                active_iv[par].append((issued, expires))
    APP["issued"].append(issued)
    APP["finaled"].append(finaled)
    APP["expires"].append(expires)

NA = len(APP["c"])
A_c = np.array(APP["c"])
A_par = np.array(APP["parcel"])
A_t = np.array(APP["t"])
A_iss = np.array(APP["issued"], float)
A_fin = np.array(APP["finaled"], float)
A_exp = np.array(APP["expires"], float)

# ---------------- complaints (per parcel and day)
active = np.zeros((NP, ND), bool)
for par in range(NP):
    for a0, b0 in active_iv[par]:
        active[par, int(a0 // DAY) : int(min(b0, TN) // DAY) + 1] = True
rate = (0.00035 * np.exp(0.8 * p_nuis) * WARD_F[p_ward])[:, None] * (1 + 2 * active) * (1 + 0.6 * SUMMER[:ND])[None, :]
cnt = rng.poisson(rate)
cp0, cd0 = np.nonzero(cnt)
cp = np.repeat(cp0, cnt[cp0, cd0])
cd = np.repeat(cd0, cnt[cp0, cd0])
NCP = len(cp)
CM_t = cd * DAY + rng.uniform(6, 23, NCP) * 3600
o = np.argsort(CM_t, kind="stable")
cp, CM_t = cp[o], CM_t[o]
CM_open = active[cp, (CM_t // DAY).astype(int)]
CATS = ["noise", "unpermitted_work", "debris", "property_maintenance", "zoning"]
CSPELL = {
    0: (["Noise", "noise", "NOISE"], [0.6, 0.3, 0.1]),
    1: (["Unpermitted Work", "unpermitted work", "No Permit"], [0.5, 0.25, 0.25]),
    2: (["Debris", "debris", "Trash/Debris"], [0.6, 0.25, 0.15]),
    3: (["Property Maintenance", "property maintenance", "Prop Maint"], [0.6, 0.25, 0.15]),
    4: (["Zoning", "zoning"], [0.8, 0.2]),
}
CM_cat = np.zeros(NCP, int)
for j in range(NCP):
    w = np.array([1.0 + 1.5 * CM_open[j], 0.6 if CM_open[j] else 1.2, 0.8, 1.0, 0.3 + 0.5 * (p_zone[cp[j]] >= 2)])
    CM_cat[j] = rng.choice(5, p=w / w.sum())
CM_spell = np.array([rng.choice(CSPELL[k][0], p=CSPELL[k][1]) for k in CM_cat], dtype=object)
CM_chan = rng.choice(["311 app", "phone", "web", "email"], NCP, p=[0.4, 0.3, 0.2, 0.1])
CM_zip = rng.choice(["94101", "94102", "94103", "94107", "94110", "94112"], NCP)
CM_inv = CM_t + rng.uniform(1, 14, NCP) * DAY
CM_close = CM_inv + rng.uniform(1, 30, NCP) * DAY
pv = 0.25 + 0.35 * ((CM_cat == 1) & ~CM_open)
v_from_c = rng.random(NCP) < pv
FINE = {0: 150.0, 1: 500.0, 2: 200.0, 3: 300.0, 4: 400.0}
CODE = {0: "NOISE_ORD", 1: "NO_PERMIT", 2: "DEBRIS", 3: "PROP_MAINT", 4: "ZONING_USE"}
for j in np.nonzero(v_from_c)[0]:
    VIOL.append([cp[j], j, -1, -1, CODE[CM_cat[j]], FINE[CM_cat[j]], CM_inv[j] + rng.uniform(0, 2) * DAY])

# ---------------- violations, appeals (derived)
VIOL.sort(key=lambda x: x[6])
NV = len(VIOL)
V_par = np.array([x[0] for x in VIOL])
V_cmp = np.array([x[1] for x in VIOL])
V_ins = np.array([x[2] for x in VIOL])
V_con = np.array([x[3] for x in VIOL])
V_code = np.array([x[4] for x in VIOL], dtype=object)
V_fine = np.array([x[5] for x in VIOL]) * np.where(rng.random(NV) < 0.2, 2, 1)
V_t = np.array([x[6] for x in VIOL])
V_res = np.where(rng.random(NV) < 0.1, np.nan, V_t + rng.exponential(25, NV) * DAY)
V_res = np.where(V_res > TN, np.nan, V_res)
ap_v = rng.random(NV) < 0.15
AP = [(int(v), -1, V_t[v] + rng.uniform(3, 25) * DAY) for v in np.nonzero(ap_v)[0]]
AP += [(-1, a, t) for a, t in APPEAL_APP]
AP.sort(key=lambda x: x[2])
NAP = len(AP)
AP_v = np.array([x[0] for x in AP])
AP_a = np.array([x[1] for x in AP])
AP_t = np.array([x[2] for x in AP])
AP_hear = np.floor(AP_t / DAY) * DAY + rng.integers(14, 46, NAP) * DAY
AP_dec_t = AP_hear + rng.uniform(0, 10, NAP) * DAY + 10 * 3600
AP_dec = rng.choice(["upheld", "overturned", "withdrawn"], NAP, p=[0.6, 0.3, 0.1])

# ---------------- tables as they stood at CUT
H = pd.DataFrame(HIST, columns=["app", "status", "t"])
H["by"] = rng.choice(["system", "clerk", "reviewer"], len(H))
H = H.sort_values(["t", "app"], kind="stable")
H = H[H.t <= T]
cur_status = H.groupby("app").status.last()
akeep = A_t <= T
applications = pd.DataFrame(
    {
        "app_id": np.arange(1, NA + 1) + 100000,
        "parcel_apn": p_apn[A_par],
        "contractor_id": pd.array(np.where(A_c >= 0, A_c + 1, np.nan), dtype="Int64"),
        "permit_type": APP["spell"],
        "description": APP["desc"],
        "valuation_usd": APP["val"],
        "submitted_at": ts(A_t),
        "status": cur_status.reindex(np.arange(NA)).values,
        "issued_at": ts(known(A_iss)),
        "expires_on": ts(np.where(A_iss <= T, A_exp, np.nan)),
        "finaled_at": ts(known(A_fin)),
    }
)[akeep]
applications["expires_on"] = pd.to_datetime(applications["expires_on"]).dt.date

status_history = pd.DataFrame(
    {
        "app_id": H.app.values + 100001,
        "status": H.status.values,
        "changed_at": ts(H.t.values),
        "changed_by": H.by.values,
    }
)

INS = pd.DataFrame(INSP, columns=["app", "ins", "stage", "req", "sch", "res", "comp", "re", "prior"])
NINS = len(INS)
ikeep = INS.req.values <= T
done = INS.comp.values <= T
inspections = pd.DataFrame(
    {
        "inspection_id": np.arange(1, NINS + 1),
        "app_id": INS.app.values + 100001,
        "inspector": [f"INS-{k + 1:02d}" for k in INS.ins.values],
        "stage": INS.stage.values,
        "requested_at": ts(INS.req.values),
        "scheduled_for": ts(INS.sch.values),
        "result": np.where(done, INS.res.values, None),
        "completed_at": ts(np.where(done, INS.comp.values, np.nan)),
        "is_reinspection": INS.re.values.astype(bool),
        "prior_inspection_id": pd.array(np.where(INS.prior.values >= 0, INS.prior.values + 1, np.nan), dtype="Int64"),
    }
)[ikeep]

F = pd.DataFrame(FEES, columns=["app", "kind", "amount", "t", "payer"])
NF = len(F)
P = pd.DataFrame(PAYS, columns=["fee", "amount", "t", "method", "payer"])
pkeep = P.t.values <= T
paid_cut = np.bincount(P.fee.values[pkeep], weights=P.amount.values[pkeep], minlength=NF)
bal = np.round(F.amount.values - paid_cut, 2)
fkeep = F.t.values <= T
fees = pd.DataFrame(
    {
        "fee_id": np.arange(1, NF + 1),
        "app_id": F.app.values + 100001,
        "fee_type": F.kind.values,
        "amount_usd": F.amount.values,
        "assessed_at": ts(F.t.values),
        "due_on": ts(np.floor(F.t.values / DAY) * DAY + 30 * DAY).date,
        "status": np.where(bal <= 0.005, "paid", "open"),
        "balance_due": np.maximum(bal, 0),
    }
)[fkeep]
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(P) + 1),
        "fee_id": P.fee.values + 1,
        "payer_contractor_id": pd.array(np.where(P.payer.values >= 0, P.payer.values + 1, np.nan), dtype="Int64"),
        "amount_usd": P.amount.values,
        "paid_at": ts(P.t.values),
        "method": P.method.values,
    }
)[pkeep]

ckeep = CM_t <= T
complaints = pd.DataFrame(
    {
        "complaint_id": np.arange(1, NCP + 1),
        "parcel": p_apn[cp],
        "filed_at": ts(CM_t),
        "category": CM_spell,
        "channel": CM_chan,
        "reporter_zip": CM_zip,
        "status": np.select([CM_close <= T, CM_inv <= T], ["closed", "investigating"], "open"),
        "closed_at": ts(known(CM_close)),
    }
)[ckeep]

vkeep = V_t <= T
violations = pd.DataFrame(
    {
        "violation_id": np.arange(1, NV + 1),
        "parcel_apn": p_apn[V_par],
        "complaint_id": pd.array(np.where(V_cmp >= 0, V_cmp + 1, np.nan), dtype="Int64"),
        "inspection_id": pd.array(np.where(V_ins >= 0, V_ins + 1, np.nan), dtype="Int64"),
        "contractor_id": pd.array(np.where(V_con >= 0, V_con + 1, np.nan), dtype="Int64"),
        "code": V_code,
        "fine_usd": V_fine,
        "issued_at": ts(V_t),
        "comply_by": ts(np.floor(V_t / DAY) * DAY + 30 * DAY).date,
        "status": np.where(V_res <= T, "resolved", "open"),
        "resolved_at": ts(known(V_res)),
    }
)[vkeep]

apkeep = AP_t <= T
appeals = pd.DataFrame(
    {
        "appeal_id": np.arange(1, NAP + 1),
        "violation_id": pd.array(np.where(AP_v >= 0, AP_v + 1, np.nan), dtype="Int64"),
        "app_id": pd.array(np.where(AP_a >= 0, AP_a + 100001, np.nan), dtype="Int64"),
        "filed_at": ts(AP_t),
        "hearing_on": ts(AP_hear).date,
        "decision": np.where(AP_dec_t <= T, AP_dec, None),
        "decided_at": ts(known(AP_dec_t)),
    }
)[apkeep]

# parcels: TODAY's counters
open_v = np.bincount(V_par[vkeep & ~(V_res <= T)], minlength=NP)
last_insp = np.full(NP, np.nan)
ip = A_par[INS.app.values]
for par, t in zip(ip[done], INS.comp.values[done], strict=True):
    last_insp[par] = t if np.isnan(last_insp[par]) else max(last_insp[par], t)
parcels = pd.DataFrame(
    {
        "apn": p_apn,
        "ward": p_ward + 1,
        "zoning": p_zspell,
        "year_built": p_year,
        "lot_sqft": p_lot,
        "assessed_value": p_value,
        "owner_name": p_owner,
        "open_violations": open_v,
        "last_inspection_at": ts(last_insp),
    }
)

# contractors: TODAY's state
last_app = np.full(NC, np.nan)
for c, t in zip(A_c[akeep], A_t[akeep], strict=True):
    if c >= 0:
        last_app[c] = t if np.isnan(last_app[c]) else max(last_app[c], t)
susp_now = np.array([any(a <= T < b for a, b in c_susp[c]) for c in range(NC)])
act_now = np.zeros(NC, int)
live_permit = akeep & (A_iss <= T) & ~(A_fin <= T) & ~(A_exp <= T) & (A_c >= 0)
np.add.at(act_now, A_c[live_permit], 1)
ic = A_c[INS.app.values]
npass = np.zeros(NC)
nfail = np.zeros(NC)
m = done & (ic >= 0)
np.add.at(npass, ic[m & (INS.res.values == "pass")], 1)
np.add.at(nfail, ic[m & (INS.res.values == "fail")], 1)
with np.errstate(invalid="ignore", divide="ignore"):
    prate = np.where(npass + nfail > 0, np.round(npass / (npass + nfail), 3), np.nan)
quiet = np.isnan(last_app) | (T - last_app > 365 * DAY)
c_status = np.where(susp_now, "suspended", np.where(quiet, "inactive", "active"))
contractors = pd.DataFrame(
    {
        "contractor_id": np.arange(1, NC + 1),
        "license_no": c_lic_no,
        "business_name": c_name,
        "trade": c_tspell,
        "licensed_on": ts(c_lic).date,
        "phone": c_phone,
        "status": c_status,
        "active_permits": act_now,
        "pass_rate": prate,
        "last_application_at": ts(last_app),
    }
)[c_lic <= T]

inspectors = pd.DataFrame(
    {
        "inspector_code": [f"INS-{k + 1:02d}" for k in range(NI)],
        "name": i_name,
        "district_ward": i_ward + 1,
        "hired_on": ts(i_hired).date,
    }
)

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE inspectors (inspector_code VARCHAR PRIMARY KEY, name VARCHAR, district_ward INTEGER, hired_on DATE);
CREATE TABLE contractors (contractor_id INTEGER PRIMARY KEY, license_no VARCHAR, business_name VARCHAR,
                          trade VARCHAR, licensed_on DATE, phone VARCHAR, status VARCHAR, active_permits INTEGER,
                          pass_rate DOUBLE, last_application_at TIMESTAMP);
CREATE TABLE parcels (apn VARCHAR PRIMARY KEY, ward INTEGER, zoning VARCHAR, year_built INTEGER, lot_sqft DOUBLE,
                      assessed_value DOUBLE, owner_name VARCHAR, open_violations INTEGER,
                      last_inspection_at TIMESTAMP);
CREATE TABLE applications (app_id INTEGER PRIMARY KEY, parcel_apn VARCHAR,
                           contractor_id INTEGER REFERENCES contractors(contractor_id), permit_type VARCHAR,
                           description VARCHAR, valuation_usd DOUBLE, submitted_at TIMESTAMP, status VARCHAR,
                           issued_at TIMESTAMP, expires_on DATE, finaled_at TIMESTAMP);
CREATE TABLE status_history (app_id INTEGER, status VARCHAR, changed_at TIMESTAMP, changed_by VARCHAR);
CREATE TABLE fees (fee_id INTEGER PRIMARY KEY, app_id INTEGER REFERENCES applications(app_id), fee_type VARCHAR,
                   amount_usd DOUBLE, assessed_at TIMESTAMP, due_on DATE, status VARCHAR, balance_due DOUBLE);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, fee_id INTEGER, payer_contractor_id INTEGER,
                       amount_usd DOUBLE, paid_at TIMESTAMP, method VARCHAR);
CREATE TABLE inspections (inspection_id INTEGER PRIMARY KEY, app_id INTEGER, inspector VARCHAR, stage VARCHAR,
                          requested_at TIMESTAMP, scheduled_for TIMESTAMP, result VARCHAR, completed_at TIMESTAMP,
                          is_reinspection BOOLEAN, prior_inspection_id INTEGER);
CREATE TABLE complaints (complaint_id INTEGER PRIMARY KEY, parcel VARCHAR, filed_at TIMESTAMP, category VARCHAR,
                         channel VARCHAR, reporter_zip VARCHAR, status VARCHAR, closed_at TIMESTAMP);
CREATE TABLE violations (violation_id INTEGER PRIMARY KEY, parcel_apn VARCHAR, complaint_id INTEGER,
                         inspection_id INTEGER, contractor_id INTEGER, code VARCHAR, fine_usd DOUBLE,
                         issued_at TIMESTAMP, comply_by DATE, status VARCHAR, resolved_at TIMESTAMP);
CREATE TABLE appeals (appeal_id INTEGER PRIMARY KEY, violation_id INTEGER, app_id INTEGER, filed_at TIMESTAMP,
                      hearing_on DATE, decision VARCHAR, decided_at TIMESTAMP);
""")
for name, df in [
    ("inspectors", inspectors),
    ("contractors", contractors),
    ("parcels", parcels),
    ("applications", applications),
    ("status_history", status_history),
    ("fees", fees),
    ("payments", payments),
    ("inspections", inspections),
    ("complaints", complaints),
    ("violations", violations),
    ("appeals", appeals),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
