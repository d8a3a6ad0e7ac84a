"""A general contractor (clients, projects from bid to award, start, substantial completion and close-out, project
phases with planned and actual dates, change orders, subcontractors and their assignments, monthly progress invoices
with 10% retainage and its release at close-out, payments, inspections with re-inspections, safety incidents),
seeded: `python benchmarks/trials/construction.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial
(2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 400 clients, 2,409 projects
(1,055 closed, 1,039 lost, 193 in progress), 7.5k phases, 140 subcontractors, 10.4k assignments, 4.9k change orders,
17.8k inspections, 2.2k safety incidents, 11.6k invoices, 12.5k payments (about 70k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2021-01-01..NOW (bids), each
awarded project simulated to its end when it is awarded. Rows dated after NOW exist only where written ahead:
phases.planned_start / planned_end (the schedule, written when the project starts), projects.planned_finish (set at
the start), invoices.due_date (issued + 30 days). Every other column holding a later date of its row is filled in
later.

Truth (seed 0):
- clients (400): 250 created 2014-2020, 150 during the span (each bids within 3 days of creation); client_type
  commercial .5 / residential .3 / public .2 stored MESSY ('Commercial', 'commercial', 'COMMERCIAL', 'Comm.',
  'Residential', 'residential ', 'Public', 'Government', 'PUBLIC'); hidden payer quality pay_c ~ N(0, 1);
  credit_rating 'A'/'B'/'C' from pay_c + N(0, .7) (a noisy view of it); hidden bid rate LogNormal(log(1/170), .6)
  per day x type (residential 1.2, public .7); region is noise; clients.last_bid_at and clients.total_billed are
  TODAY's (a running max / running total over projects and invoices)
- client churn (hidden): hazard 1/2000 per day, x3 for 365 days after one of its projects ended late (actual duration
  > 1.25 x planned) or had a lost-time incident; a churned client never bids again
- bids: weekdays only, season 1 + .35 cos(2 pi (doy - 100) / 365) (peak in April, low in October); estimate by
  project_type (stored MESSY: 'Residential'/'residential'/'RES', 'Commercial'/'commercial', 'Industrial'/'industrial',
  'Renovation'/'renovation'/'Reno'): LogNormal(log base, .7), base 250k / 1.5M / 3M / 150k; markup N(.10, .05);
  win p = sig(-.4 - 12 (markup - .10) + .9 repeat (client had an award before) - .4 public); decided U(10, 45) days after
  the bid (projects.decided_at filled later); status TODAY's ('bid', 'lost', 'awarded', 'in_progress',
  'substantially_complete', 'closed'); contract_value NULL until awarded; current_contract_value TODAY's
  (contract + approved change orders so far)
- projects: started U(14, 60) days after award; phases by type (residential 5, commercial 7, industrial 7,
  renovation 4) from sitework, foundation, framing, MEP, envelope, finishes, closeout; planned days = (60 + 140
  (value / 1e6) ** .45) x weight; actual = planned x LogNormal(.08, .15) x (1 + .30 winter share) x exp(-.12 q of
  the phase's lead sub) x 1.15 industrial; substantial completion at the last phase's actual end; closed U(30, 120)
  days later; phases.actual_start / actual_end filled later, phases.percent_complete TODAY's
- subcontractors (140): sub_code VARCHAR PK 'SUB-001'; trade of 9 stored MESSY ('Electrical', 'electrical', 'ELEC',
  'Electric', 'Plumbing', 'plumbing', ...); quality q ~ N(0, 1) and safety s ~ N(0, 1) hidden; 110 onboarded before
  the span, 30 during; picked within its trade by weight exp(.5 q) among those onboarded; current_rating TODAY's (its
  inspection pass share so far, 1 decimal of 5); insurance_expires and phone are noise
- assignments: 1-3 trades per phase, assigned U(7, 21) days before the phase's actual start (not before the project
  start); completed_at filled later (the phase's actual end); contract_amount ~ value x weight x U(.4, .7) / n
- change orders: Poisson over the project's duration at 1 per 75 days x type (renovation 2, industrial 1.3) x 1.3
  public; amount value x LogNormal(log .02, .8) (10% credits, negative); reason MESSY; decided Exp(10) days later,
  approved p .75 (else rejected); status TODAY's ('pending'/'approved'/'rejected'), decided_at filled later
- inspections: 1-3 per phase at working days inside it, the last at its end; inspected sub = one of the phase's subs;
  result fail p sig(-1.6 - .8 q + .5 winter + .4 industrial), 'partial' p .08, else 'pass'; a fail or partial is
  re-inspected U(2, 10) days later (reinspection_of: the inspection's id, undeclared self link) with fail p
  sig(-2.6 - .8 q); inspector is noise
- safety incidents: per assignment working day .004 x exp(-.6 s) x (1 + .6 summer) x trade (roofing 2.2, framing 1.5,
  sitework 1.3, else 1); severity first_aid .62 / recordable .28 / lost_time .10 (lost_time odds x exp(-.4 s));
  reported_at = occurred + Exp(1.5 days) (the row appears then); status TODAY's ('open' / 'closed'), closed_at filled
  later (reported + Exp(20 days))
- invoices: a progress invoice on the 25th of each month from the start to substantial completion: amount = current
  value x the share of work done since the last (work per day 1 - .35 winter) x LogNormal(0, .05); retainage_held
  10%; a retainage invoice (kind 'retainage') at close-out for all retainage held; due_date = issued + 30 (ahead);
  status TODAY's ('open'/'overdue'/'paid'/'disputed'), paid_at filled later
- payments: each invoice is paid (less retainage) after Exp(1) x 28 exp(-.45 pay_c) x (1.4 public) x (1.3 Dec/Jan)
  days, 12% in two installments; pay_c < -1.5: 6% never paid ('disputed' after 90 days); payments.invoice_ref is the
  invoice id stored as VARCHAR (a text key)
- keys: PK declared on clients, projects, phases, subcontractors (sub_code VARCHAR), assignments, change_orders,
  invoices, payments, inspections, safety_incidents; REFERENCES only projects -> clients and phases -> projects.
  Undeclared: change_orders (project_id, phase_id), assignments (phase_id, sub_code), invoices.project_id,
  payments.invoice_ref (text of an integer key), inspections (phase_id, sub_code, reinspection_of -> inspections),
  safety_incidents (project_id, sub_code)
- `python construction.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW and beyond for projects), then rows created after DATE are left out
  and every today's-state and filled-later column is as it stood at DATE (exact)
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2021-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
NDT = ND + 1500  # projects run past NOW


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
MON = days.month.values
WINTER = np.clip(np.cos(2 * np.pi * (DOY - 15) / 365), 0, None)  # peak mid-January
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 200) / 365), 0, None)
WORK = 1 - 0.35 * WINTER
CWORK = np.concatenate([[0.0], np.cumsum(WORK)])


def work_between(a, b):  # work done between times a <= b (seconds), by whole days
    da, db = int(np.clip(a // DAY, 0, NDT)), int(np.clip(b // DAY, 0, NDT))
    return CWORK[db] - CWORK[da]


def workday(d):
    d = min(d, NDT - 1)
    while DOW[d] >= 5:
        d += 1
    return d


# ---------------- clients
NCL = 400
cl_old = np.arange(NCL) < 250
cl_created = np.where(
    cl_old, secs("2014-01-01") + rng.uniform(0, 7 * 365, NCL) * DAY, rng.uniform(0, ND - 5, NCL) * DAY
)
cl_type = rng.choice(3, NCL, p=[0.5, 0.3, 0.2])  # 0 commercial 1 residential 2 public
CT_SPELL = {
    0: (["Commercial", "commercial", "COMMERCIAL", "Comm."], [0.6, 0.25, 0.1, 0.05]),
    1: (["Residential", "residential ", "residential"], [0.6, 0.2, 0.2]),
    2: (["Public", "Government", "PUBLIC", "public"], [0.55, 0.2, 0.15, 0.1]),
}
cl_type_s = np.array([rng.choice(CT_SPELL[k][0], p=CT_SPELL[k][1]) for k in cl_type], dtype=object)
pay_c = rng.normal(0, 1, NCL)
z = pay_c + rng.normal(0, 0.7, NCL)
cl_credit = np.where(z > 0.6, "A", np.where(z > -0.6, "B", "C"))
cl_rate = np.exp(rng.normal(np.log(1 / 170), 0.6, NCL)) * np.array([1.0, 1.2, 0.7])[cl_type]
cl_region = rng.choice(["North", "South", "East", "West", "Central"], NCL)
cl_name = [
    f"{rng.choice(['Apex', 'Summit', 'Harbor', 'Oak', 'Granite', 'Blue', 'River', 'Metro'])} "
    f"{rng.choice(['Holdings', 'Partners', 'Group', 'Dev', 'Properties', 'Trust'])} {i}"
    for i in range(NCL)
]
cl_churn = np.full(NCL, np.inf)
cl_bad_until = np.full(NCL, -np.inf)
cl_awarded = np.zeros(NCL, bool)

# ---------------- subcontractors
TRADES = ["sitework", "concrete", "framing", "electrical", "plumbing", "hvac", "roofing", "drywall", "painting"]
TR_SPELL = {
    "sitework": ["Sitework", "sitework", "Site Work"],
    "concrete": ["Concrete", "concrete", "CONCRETE"],
    "framing": ["Framing", "framing", "Carpentry"],
    "electrical": ["Electrical", "electrical", "ELEC", "Electric"],
    "plumbing": ["Plumbing", "plumbing", "PLUMBING"],
    "hvac": ["HVAC", "hvac", "Mechanical"],
    "roofing": ["Roofing", "roofing"],
    "drywall": ["Drywall", "drywall", "Drywall "],
    "painting": ["Painting", "painting", "Paint"],
}
TR_INC = {"roofing": 2.2, "framing": 1.5, "sitework": 1.3}
NS = 140
s_trade = np.array([TRADES[i % 9] for i in range(NS)], dtype=object)
s_trade_s = np.array([rng.choice(TR_SPELL[t]) for t in s_trade], dtype=object)
s_q = rng.normal(0, 1, NS)
s_s = rng.normal(0, 1, NS)
s_on = np.where(
    np.arange(NS) < 110, secs("2010-01-01") + rng.uniform(0, 10 * 365, NS) * DAY, rng.uniform(60, ND - 60, NS) * DAY
)
s_code = np.array([f"SUB-{i:03d}" for i in range(1, NS + 1)])
s_ins = ts(rng.uniform(ND - 200, ND + 400, NS) * DAY).date
s_phone = [f"555-{rng.integers(1000, 9999)}" for _ in range(NS)]

PHASES = {
    0: ["sitework", "foundation", "framing", "mep", "finishes"],  # residential
    1: ["sitework", "foundation", "framing", "mep", "envelope", "finishes", "closeout"],  # commercial
    2: ["sitework", "foundation", "framing", "mep", "envelope", "finishes", "closeout"],  # industrial
    3: ["framing", "mep", "finishes", "closeout"],  # renovation
}
PH_W = {
    "sitework": 0.10,
    "foundation": 0.15,
    "framing": 0.20,
    "mep": 0.22,
    "envelope": 0.12,
    "finishes": 0.15,
    "closeout": 0.06,
}
PH_TR = {
    "sitework": ["sitework"],
    "foundation": ["concrete"],
    "framing": ["framing", "roofing"],
    "mep": ["electrical", "plumbing", "hvac"],
    "envelope": ["roofing", "framing"],
    "finishes": ["drywall", "painting"],
    "closeout": ["painting"],
}
PT_BASE = np.array([250e3, 1.5e6, 3e6, 150e3])
PT_SPELL = {
    0: (["Residential", "residential", "RES"], [0.6, 0.3, 0.1]),
    1: (["Commercial", "commercial"], [0.7, 0.3]),
    2: (["Industrial", "industrial"], [0.75, 0.25]),
    3: (["Renovation", "renovation", "Reno"], [0.55, 0.3, 0.15]),
}
CO_REASON = [
    "Owner request",
    "owner request",
    "OWNER REQ",
    "Unforeseen conditions",
    "unforeseen condition",
    "Design change",
    "design chg",
    "Code requirement",
]

P = []  # projects: dict
PH = []  # phases: [proj, seq, name, created, pl_start, pl_end, act_start, act_end]
AS = []  # assignments: [phase, sub, assigned, completed, amount]
CO = []  # change orders: [proj, phase, requested, amount, reason, decided, approved]
INSP = []  # inspections: [phase, sub, t, result, reinspection_of]
INC = []  # incidents: [proj, sub, occurred, severity, reported, closed]
INV = []  # invoices: [proj, issued, amount, retainage, kind]
end_bucket = [[] for _ in range(NDT)]  # (client, bad) experience events


def pick_sub(trade, t):
    ok = np.nonzero((s_trade == trade) & (s_on <= t))[0]
    w = np.exp(0.5 * s_q[ok])
    return int(ok[rng.choice(len(ok), p=w / w.sum())])


def simulate_project(pi, c, ptype, value, awarded):
    started = awarded + rng.uniform(14, 60) * DAY
    started = workday(int(started // DAY)) * DAY + rng.uniform(7, 9) * 3600
    names = PHASES[ptype]
    total_plan = 60 + 140 * (value / 1e6) ** 0.45
    wsum = sum(PH_W[n] for n in names)
    t_plan = started
    t_act = started
    bad = False
    phase_ids = []
    for k, name in enumerate(names):
        pdays = total_plan * PH_W[name] / wsum
        pl_s, pl_e = t_plan, t_plan + pdays * DAY
        t_plan = pl_e
        trades = PH_TR[name] if name != "mep" else list(rng.choice(PH_TR[name], rng.integers(1, 4), replace=False))
        if name in ("framing", "envelope") and rng.random() < 0.5:
            trades = trades[:1]
        subs = [pick_sub(tr, t_act) for tr in trades]
        wint = WINTER[min(int(t_act // DAY), NDT - 1) : min(int(t_act // DAY) + int(pdays) + 1, NDT)].mean()
        adays = pdays * np.exp(rng.normal(0.08, 0.15)) * (1 + 0.3 * wint) * np.exp(-0.12 * s_q[subs[0]])
        adays *= 1.15 if ptype == 2 else 1.0
        a_s = t_act + (rng.uniform(0, 3) * DAY if k else 0.0)
        a_e = a_s + adays * DAY
        t_act = a_e
        ph = len(PH)
        phase_ids.append(ph)
        PH.append([pi, k + 1, name, started, pl_s, pl_e, a_s, a_e])
        for sb in subs:
            asg = max(started, a_s - rng.uniform(7, 21) * DAY)
            amt = value * PH_W[name] / wsum * rng.uniform(0.4, 0.7) / len(subs)
            AS.append([ph, sb, asg, a_e, round(amt, 2)])
            # incidents over its working days
            d0, d1 = int(a_s // DAY), min(int(a_e // DAY) + 1, NDT)
            dd = np.arange(d0, d1)
            dd = dd[DOW[dd] < 5]
            lam = 0.004 * np.exp(-0.6 * s_s[sb]) * (1 + 0.6 * SUMMER[dd]) * TR_INC.get(s_trade[sb], 1.0)
            for d in dd[rng.random(len(dd)) < lam]:
                occ = d * DAY + rng.uniform(7, 17) * 3600
                pw = np.array([0.62, 0.28, 0.10 * np.exp(-0.4 * s_s[sb])])
                sev = rng.choice(["first_aid", "recordable", "lost_time"], p=pw / pw.sum())
                rep = occ + rng.exponential(1.5) * DAY
                INC.append([pi, sb, occ, sev, rep, rep + rng.exponential(20) * DAY])
                if sev == "lost_time":
                    bad = True
        # inspections
        n_i = rng.integers(1, 4)
        span = a_e - a_s
        for j in range(n_i):
            frac = 1.0 if j == n_i - 1 else rng.uniform(0.2, 0.9)
            d = workday(int((a_s + frac * span) // DAY))
            ti = d * DAY + rng.uniform(8, 16) * 3600
            sb = subs[rng.integers(len(subs))]
            pf = sig(-1.6 - 0.8 * s_q[sb] + 0.5 * WINTER[d] + 0.4 * (ptype == 2))
            u = rng.random()
            res = "fail" if u < pf else ("partial" if u < pf + 0.08 else "pass")
            prev = len(INSP)
            INSP.append([ph, sb, ti, res, -1])
            while res != "pass":
                d = workday(d + int(rng.uniform(2, 10)))
                ti = d * DAY + rng.uniform(8, 16) * 3600
                u = rng.random()
                pf = sig(-2.6 - 0.8 * s_q[sb])
                res = "fail" if u < pf else ("partial" if u < pf + 0.04 else "pass")
                INSP.append([ph, sb, ti, res, prev])
                prev = len(INSP) - 1
    substantial = t_act
    closed = substantial + rng.uniform(30, 120) * DAY
    late = (substantial - started) / DAY > 1.25 * total_plan
    # change orders
    dur = (substantial - started) / DAY
    n_co = rng.poisson(dur / 75 * [1.0, 1.0, 1.3, 2.0][ptype] * (1.3 if cl_type[c] == 2 else 1.0))
    cos = []
    for _ in range(n_co):
        rq = started + rng.uniform(0, 1) * (substantial - started)
        ph = phase_ids[int(np.searchsorted([PH[x][7] for x in phase_ids], rq))] if rq < substantial else phase_ids[-1]
        amt = value * np.exp(rng.normal(np.log(0.02), 0.8)) * (-0.5 if rng.random() < 0.1 else 1)
        dec = rq + rng.exponential(10) * DAY
        ok = rng.random() < 0.75
        CO.append([pi, ph, rq, round(amt, 2), rng.choice(CO_REASON), dec, ok])
        if ok:
            cos.append((dec, amt))
    # invoices
    total_work = work_between(started, substantial)
    first = pd.Timestamp(ts(started)).replace(day=25, hour=17, minute=0, second=0)
    if first <= ts(started):
        first = first + pd.DateOffset(months=1)
    bill = secs(first)
    last = started
    ret = 0.0
    while last < substantial:
        done = work_between(last, min(bill, substantial)) / max(total_work, 1e-9)
        cur = value + sum(a for dd, a in cos if dd <= bill)
        amt = round(cur * done * np.exp(rng.normal(0, 0.05)), 2)
        if amt > 0:
            r = round(0.1 * amt, 2)
            ret += r
            INV.append([pi, bill, amt, r, "progress"])
        last = bill
        bill = secs(pd.Timestamp(ts(bill)) + pd.DateOffset(months=1))
    INV.append([pi, closed + rng.uniform(0, 2) * DAY, round(ret, 2), 0.0, "retainage"])
    end_bucket[min(int(substantial // DAY), NDT - 1)].append((c, late or bad))
    return started, total_plan, substantial, closed


# ---------------- the day loop: bids
created_day = np.floor(cl_created / DAY).astype(int)
first_bid_day = np.where(cl_old, -1, created_day + rng.integers(0, 4, NCL))
for d in range(ND):
    t0 = d * DAY
    for c, bad in end_bucket[d]:
        if bad:
            cl_bad_until[c] = t0 + 365 * DAY
    live = (cl_created <= t0 + DAY) & (cl_churn > t0)
    h = np.where(cl_bad_until > t0, 3.0, 1.0) / 2000
    gone = live & (rng.random(NCL) < h)
    cl_churn[gone] = t0 + rng.uniform(0, DAY)
    season = 1 + 0.35 * np.cos(2 * np.pi * (DOY[d] - 100) / 365)
    p = cl_rate * season * (DOW[d] < 5) * 7 / 5
    bid = live & ~gone & ((rng.random(NCL) < p) | (first_bid_day == d))
    for c in np.nonzero(bid)[0]:
        bt = max(t0 + rng.uniform(8, 18) * 3600, cl_created[c] + 600)
        pt = rng.choice(4, p=[[0.15, 0.45, 0.2, 0.2], [0.7, 0.05, 0.0, 0.25], [0.05, 0.5, 0.35, 0.1]][cl_type[c]])
        est = PT_BASE[pt] * np.exp(rng.normal(0, 0.7))
        mk = rng.normal(0.10, 0.05)
        bid_amt = round(est * (1 + mk), -2)
        win = rng.random() < sig(-0.4 - 12 * (mk - 0.10) + 0.9 * cl_awarded[c] - 0.4 * (cl_type[c] == 2))
        dec = bt + rng.uniform(10, 45) * DAY
        pi = len(P)
        rec = {"client": c, "type": pt, "bid_at": bt, "bid_amount": bid_amt, "decided": dec, "won": win}
        P.append(rec)
        if win:
            cl_awarded[c] = True
            s, plan, sub, cl = simulate_project(pi, c, pt, bid_amt, dec)
            rec.update(started=s, plan=plan, substantial=sub, closed=cl)

# ---------------- derived draws (all before any cut)
NPJ = len(P)
pj_c = np.array([r["client"] for r in P])
pj_type = np.array([r["type"] for r in P])
pj_bid = np.array([r["bid_at"] for r in P])
pj_amt = np.array([r["bid_amount"] for r in P])
pj_dec = np.array([r["decided"] for r in P])
pj_won = np.array([r["won"] for r in P])
pj_start = np.array([r.get("started", np.inf) for r in P])
pj_plan = np.array([r.get("plan", np.nan) for r in P])
pj_sub = np.array([r.get("substantial", np.inf) for r in P])
pj_close = np.array([r.get("closed", np.inf) for r in P])
pj_type_s = np.array([rng.choice(PT_SPELL[k][0], p=PT_SPELL[k][1]) for k in pj_type], dtype=object)
pj_pm = rng.choice(["J. Alvarez", "K. Chen", "M. Okafor", "S. Novak", "R. Singh", "L. Moreau"], NPJ)
pj_city = rng.choice(["Springfield", "Riverton", "Lakeside", "Fairview", "Georgetown"], NPJ)

ph_a = np.array(PH, dtype=object)
PH_p = ph_a[:, 0].astype(int)
PH_seq = ph_a[:, 1].astype(int)
PH_name = ph_a[:, 2]
PH_cr = ph_a[:, 3].astype(float)
PH_ps = ph_a[:, 4].astype(float)
PH_pe = ph_a[:, 5].astype(float)
PH_as = ph_a[:, 6].astype(float)
PH_ae = ph_a[:, 7].astype(float)

AS_ph = np.array([a[0] for a in AS])
AS_s = np.array([a[1] for a in AS])
AS_t = np.array([a[2] for a in AS])
AS_end = np.array([a[3] for a in AS])
AS_amt = np.array([a[4] for a in AS])

CO_p = np.array([x[0] for x in CO])
CO_ph = np.array([x[1] for x in CO])
CO_t = np.array([x[2] for x in CO])
CO_amt = np.array([x[3] for x in CO])
CO_reason = np.array([x[4] for x in CO], dtype=object)
CO_dec = np.array([x[5] for x in CO])
CO_ok = np.array([x[6] for x in CO])

io = np.argsort([x[2] for x in INSP], kind="stable")
INSP_ph = np.array([x[0] for x in INSP])
INSP_s = np.array([x[1] for x in INSP])
INSP_t = np.array([x[2] for x in INSP])
INSP_res = np.array([x[3] for x in INSP], dtype=object)
INSP_prev = np.array([x[4] for x in INSP])
insp_rank = np.empty(len(INSP), int)
insp_rank[io] = np.arange(len(INSP))  # ids in time order
INSP_id = insp_rank + 1
INSP_prev_id = np.where(INSP_prev >= 0, insp_rank[np.maximum(INSP_prev, 0)] + 1, -1)
INSP_who = rng.choice(["City - Hale", "City - Ortiz", "County - Brandt", "Third party - QA"], len(INSP))

INC_p = np.array([x[0] for x in INC])
INC_s = np.array([x[1] for x in INC])
INC_occ = np.array([x[2] for x in INC])
INC_sev = np.array([x[3] for x in INC], dtype=object)
INC_rep = np.array([x[4] for x in INC])
INC_cl = np.array([x[5] for x in INC])

ino = np.argsort([x[1] for x in INV], kind="stable")
INV = [INV[i] for i in ino]
NI = len(INV)
I_p = np.array([x[0] for x in INV])
I_t = np.array([x[1] for x in INV])
I_amt = np.array([x[2] for x in INV])
I_ret = np.array([x[3] for x in INV])
I_kind = np.array([x[4] for x in INV], dtype=object)
I_c = pj_c[I_p]
I_month = pd.DatetimeIndex(ts(I_t)).month.values
delay = rng.exponential(1, NI) * 28 * np.exp(-0.45 * pay_c[I_c]) * np.where(cl_type[I_c] == 2, 1.4, 1.0)
delay *= np.where(np.isin(I_month, [12, 1]), 1.3, 1.0)
I_never = (pay_c[I_c] < -1.5) & (rng.random(NI) < 0.06)
I_split = rng.random(NI) < 0.12
I_due = I_t + 30 * DAY
I_payable = np.round(I_amt - I_ret, 2)
pay_inv, pay_t, pay_amt = [], [], []
first_frac = rng.uniform(0.3, 0.7, NI)
for i in range(NI):
    if I_never[i]:
        continue
    tp = I_t[i] + (1 + delay[i]) * DAY
    if I_split[i]:
        a1 = round(I_payable[i] * 0.5, 2)
        pay_inv += [i, i]
        pay_t += [I_t[i] + (1 + delay[i] * first_frac[i]) * DAY, tp]
        pay_amt += [a1, round(I_payable[i] - a1, 2)]
    else:
        pay_inv.append(i)
        pay_t.append(tp)
        pay_amt.append(I_payable[i])
pay_inv = np.array(pay_inv)
pay_t = np.array(pay_t)
pay_amt = np.array(pay_amt)
po = np.argsort(pay_t, kind="stable")
pay_inv, pay_t, pay_amt = pay_inv[po], pay_t[po], pay_amt[po]
I_paid_last = pd.Series(pay_t).groupby(pay_inv).max().reindex(range(NI)).to_numpy()
I_paid = np.where(np.isnan(I_paid_last), np.inf, I_paid_last)
pay_method = rng.choice(["ACH", "ach", "Check", "check", "Wire"], len(pay_t), p=[0.4, 0.1, 0.3, 0.1, 0.1])


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


pk_bid = pj_bid <= T
last_bid = pd.Series(pj_bid[pk_bid]).groupby(pj_c[pk_bid]).max().reindex(range(NCL)).to_numpy()
ik = I_t <= T
billed = pd.Series(I_amt[ik]).groupby(I_c[ik]).sum().reindex(range(NCL)).fillna(0.0).to_numpy()
clients = pd.DataFrame(
    {
        "client_id": np.arange(1, NCL + 1),
        "name": cl_name,
        "client_type": cl_type_s,
        "region": cl_region,
        "credit_rating": cl_credit,
        "created_at": ts(cl_created),
        "last_bid_at": ts(last_bid),
        "total_billed": np.round(billed, 2),
    }
)[cl_created <= T]

co_appr_k = CO_ok & (CO_dec <= T)
co_sum = pd.Series(CO_amt[co_appr_k]).groupby(CO_p[co_appr_k]).sum().reindex(range(NPJ)).fillna(0.0).to_numpy()
status = np.select(
    [pj_dec > T, ~pj_won, pj_start > T, pj_sub > T, pj_close > T],
    ["bid", "lost", "awarded", "in_progress", "substantially_complete"],
    "closed",
)
won_k = pj_won & (pj_dec <= T)
plan_fin = pj_start + pj_plan * DAY
projects = pd.DataFrame(
    {
        "project_id": np.arange(1, NPJ + 1),
        "client_id": pj_c + 1,
        "project_type": pj_type_s,
        "site_city": pj_city,
        "pm_name": pj_pm,
        "bid_at": ts(pj_bid),
        "bid_amount": pj_amt,
        "decided_at": ts(known(pj_dec)),
        "status": status,
        "contract_value": np.where(won_k, pj_amt, np.nan),
        "current_contract_value": np.where(won_k, np.round(pj_amt + co_sum, 2), np.nan),
        "started_at": ts(known(pj_start)),
        "planned_finish": pd.Series(ts(np.where(pj_start <= T, plan_fin, np.nan))).dt.date,
        "substantial_completion_at": ts(known(pj_sub)),
        "closed_at": ts(known(pj_close)),
    }
)[pk_bid]

ph_k = PH_cr <= T
pct = np.clip((T - PH_as) / (PH_ae - PH_as), 0, 1) * 100
phases = pd.DataFrame(
    {
        "phase_id": np.arange(1, len(PH) + 1),
        "project_id": PH_p + 1,
        "seq": PH_seq,
        "phase_name": PH_name,
        "planned_start": pd.Series(ts(PH_ps)).dt.date,
        "planned_end": pd.Series(ts(PH_pe)).dt.date,
        "actual_start": ts(known(PH_as)),
        "actual_end": ts(known(PH_ae)),
        "percent_complete": np.round(pct).astype(int),
    }
)[ph_k]

ik_s = INSP_t <= T
passed = pd.Series((INSP_res[ik_s] == "pass").astype(float)).groupby(INSP_s[ik_s]).mean()
rating = passed.reindex(range(NS)).to_numpy()
subcontractors = pd.DataFrame(
    {
        "sub_code": s_code,
        "company": [f"{t.title()} Co {i}" for i, t in enumerate(s_trade, 1)],
        "trade": s_trade_s,
        "phone": s_phone,
        "onboarded_at": ts(s_on),
        "insurance_expires": s_ins,
        "current_rating": np.round(rating * 5, 1),
    }
)[s_on <= T]

assignments = pd.DataFrame(
    {
        "assignment_id": np.arange(1, len(AS) + 1),
        "phase_id": AS_ph + 1,
        "sub_code": s_code[AS_s],
        "assigned_at": ts(AS_t),
        "contract_amount": AS_amt,
        "completed_at": ts(known(AS_end)),
    }
)[AS_t <= T]

co_status = np.where(CO_dec > T, "pending", np.where(CO_ok, "approved", "rejected"))
change_orders = pd.DataFrame(
    {
        "co_id": np.arange(1, len(CO) + 1),
        "project_id": CO_p + 1,
        "phase_id": CO_ph + 1,
        "requested_at": ts(CO_t),
        "amount": CO_amt,
        "reason": CO_reason,
        "status": co_status,
        "decided_at": ts(known(CO_dec)),
    }
).iloc[np.argsort(CO_t, kind="stable")]
change_orders = change_orders[change_orders.requested_at <= CUT]

inspections = pd.DataFrame(
    {
        "inspection_id": INSP_id,
        "phase_id": INSP_ph + 1,
        "sub_code": s_code[INSP_s],
        "inspected_at": ts(INSP_t),
        "result": INSP_res,
        "reinspection_of": pd.array(np.where(INSP_prev_id > 0, INSP_prev_id, 0), dtype="Int64"),
        "inspector": INSP_who,
    }
)
inspections.loc[INSP_prev_id <= 0, "reinspection_of"] = pd.NA
inspections = inspections.iloc[io]
inspections = inspections[INSP_t[io] <= T]

oi = np.argsort(INC_rep, kind="stable")
safety = pd.DataFrame(
    {
        "incident_id": np.arange(1, len(INC) + 1),
        "project_id": INC_p[oi] + 1,
        "sub_code": s_code[INC_s[oi]],
        "occurred_at": ts(INC_occ[oi]),
        "reported_at": ts(INC_rep[oi]),
        "severity": INC_sev[oi],
        "status": np.where(INC_cl[oi] <= T, "closed", "open"),
        "closed_at": ts(known(INC_cl[oi])),
    }
)[INC_rep[oi] <= T]

i_status = np.where(
    I_paid <= T, "paid", np.where(I_never & (I_t + 90 * DAY <= T), "disputed", np.where(I_due < T, "overdue", "open"))
)
invoices = pd.DataFrame(
    {
        "invoice_id": np.arange(1, NI + 1),
        "project_id": I_p + 1,
        "kind": I_kind,
        "issued_at": ts(I_t),
        "due_date": pd.Series(ts(I_due)).dt.date,
        "amount": I_amt,
        "retainage_held": I_ret,
        "status": i_status,
        "paid_at": ts(known(I_paid)),
    }
)[ik]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(pay_t) + 1),
        "invoice_ref": (pay_inv + 1).astype(str),
        "paid_at": ts(pay_t),
        "amount": pay_amt,
        "method": pay_method,
    }
)[pay_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, name VARCHAR, client_type VARCHAR, region VARCHAR,
                      credit_rating VARCHAR, created_at TIMESTAMP, last_bid_at TIMESTAMP, total_billed DOUBLE);
CREATE TABLE projects (project_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
                       project_type VARCHAR, site_city VARCHAR, pm_name VARCHAR, bid_at TIMESTAMP, bid_amount DOUBLE,
                       decided_at TIMESTAMP, status VARCHAR, contract_value DOUBLE, current_contract_value DOUBLE,
                       started_at TIMESTAMP, planned_finish DATE, substantial_completion_at TIMESTAMP,
                       closed_at TIMESTAMP);
CREATE TABLE phases (phase_id INTEGER PRIMARY KEY, project_id INTEGER REFERENCES projects(project_id), seq INTEGER,
                     phase_name VARCHAR, planned_start DATE, planned_end DATE, actual_start TIMESTAMP,
                     actual_end TIMESTAMP, percent_complete INTEGER);
CREATE TABLE subcontractors (sub_code VARCHAR PRIMARY KEY, company VARCHAR, trade VARCHAR, phone VARCHAR,
                             onboarded_at TIMESTAMP, insurance_expires DATE, current_rating DOUBLE);
CREATE TABLE assignments (assignment_id INTEGER PRIMARY KEY, phase_id INTEGER, sub_code VARCHAR,
                          assigned_at TIMESTAMP, contract_amount DOUBLE, completed_at TIMESTAMP);
CREATE TABLE change_orders (co_id INTEGER PRIMARY KEY, project_id INTEGER, phase_id INTEGER, requested_at TIMESTAMP,
                            amount DOUBLE, reason VARCHAR, status VARCHAR, decided_at TIMESTAMP);
CREATE TABLE inspections (inspection_id INTEGER PRIMARY KEY, phase_id INTEGER, sub_code VARCHAR,
                          inspected_at TIMESTAMP, result VARCHAR, reinspection_of INTEGER, inspector VARCHAR);
CREATE TABLE safety_incidents (incident_id INTEGER PRIMARY KEY, project_id INTEGER, sub_code VARCHAR,
                               occurred_at TIMESTAMP, reported_at TIMESTAMP, severity VARCHAR, status VARCHAR,
                               closed_at TIMESTAMP);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, project_id INTEGER, kind VARCHAR, issued_at TIMESTAMP,
                       due_date DATE, amount DOUBLE, retainage_held DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_ref VARCHAR, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
""")
for name, df in [
    ("clients", clients),
    ("projects", projects),
    ("phases", phases),
    ("subcontractors", subcontractors),
    ("assignments", assignments),
    ("change_orders", change_orders),
    ("inspections", inspections),
    ("safety_incidents", safety),
    ("invoices", invoices),
    ("payments", payments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
