"""A home healthcare agency (regional offices, caregivers with certifications, a pay-rate history and turnover,
clients with care plans, caregiver-client assignments, visits written ahead by a weekly rota and marked
completed/late/missed later with clock-in/out times, incidents, hospital admissions that pause service, discharges
that end it, biweekly timesheets), seeded: `python benchmarks/trials/homecare.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)):
6 offices, 515 caregivers, 1,240 clients, 116k visits, 12.9k timesheets and 6 smaller tables (about 139k rows, ~12 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2022-01-01..NOW. Rows dated after NOW
exist only where written ahead: visits (the rota is published every Monday 10:00 for the week starting 14 days later;
a new client's first visits are written at intake), care_plans.effective_from (1-5 days after created_at),
pay_rates.effective_from (raises are written 14 days ahead), timesheets.paid_on (5 days after the period ends).

Truth (seed 0):
- offices (6, office_code TEXT 'OF-03'): evv_enabled (electronic visit verification) lowers missed visits (-.9
  logit; a parent attribute two hops from a visit, visit -> caregiver -> office); OF-04 adopts EVV on 2024-08-01 so
  evv_enabled is TODAY's; OF-06 opens 2023-05-01; wage_index sets pay; region, phone noise
- caregivers (caregiver_code TEXT 'CG-0007'): reliability r ~ N(0, 1) (hidden) drives late (sigmoid(-1.6 - .8r))
  and missed visits (sigmoid(-3.8 - .9r + .9 no EVV + .4 weekend)), medication errors (x exp(-.5r)) and quitting;
  certification MESSY ('HHA', 'hha', 'Home Health Aide', 'CNA', 'C.N.A.', 'cna', 'PCA', 'pca ', 'LPN', 'lpn')
  sets pay (x1.0/1.08/.95/1.45); referred_by is a self-link (30% of hires, referred: r +.3, quit hazard x.7);
  quit hazard per day .0016 exp(-.6r + .5 [tenure < 120 d] - 5 (rate / market - 1)) x (Jan 1.6); the market wage
  grows 4.5%/yr, raises (2-5% at each anniversary, +4% on 2023-07-01 and +3.5% on 2024-07-01 for all) are written to
  pay_rates 14 days ahead; the intent to quit comes 7-21 days before the last day worked, and in between missed
  (+1.3 logit) and late (+.8) visits rise; terminated_at (filled later) = last day + 2-21 days, with
  termination_reason (filled later); TODAY's: pay_rate, active (FALSE once terminated_at is recorded),
  visits_completed (running count)
- clients (client_id INTEGER): frailty f ~ N(0, 1) (hidden); intake ~.75/day growing 12%/yr (Jan x1.25, Jul-Aug
  x.85); payer_type MESSY ('Medicaid', 'medicaid', 'MEDICAID', 'Medicaid Waiver', 'Private Pay', 'private',
  'self-pay', 'LTC Insurance', 'insurance', 'Ins.', 3% NULL); diagnosis MESSY (dementia, CHF, COPD, diabetes,
  post-surgical); hours_per_week by payer and f (Medicaid 20 + 5f, private 12 + 4f, insurance 10 + 3f);
  birth_year ~ f; per-day hazards: admission .001 exp(.8f) x (CHF 1.6) x (Dec-Feb 1.5) x (a fall in the last 14
  days 4); death .0003 exp(.9f); facility .00025 exp(.6f) (dementia x2); goals met .012 (post-surgical only);
  family care / changed agency .0005 x (private 1.8) x exp(.6 missed visits, decayed over 30 days) x (4 for 45 days
  after its caregiver quits); insurance authorizations end after 60-180 days (.55 discharge, else renewed);
  TODAY's: status ('active', 'hospitalized', 'discharged'), hours_per_week (current plan), total_visits, last_visit_at,
  primary_caregiver (a caregiver code); referral_source, zip, full_name noise
- hospital_admissions: length of stay 2 + Exp(3 + 1.5 max(f, 0)); the rota's visits during it are cancelled; at the
  hospital discharge (discharged_at and disposition filled later) the client dies (sigmoid(-3.2 + f)), moves to a
  facility (sigmoid(-2.2 + .7f)), or comes home with a 'post-hospital' care plan of 1.2x the hours
- discharges (the end of service, written when it happens): reason MESSY by cause ('Deceased', 'deceased',
  'Expired'; 'Moved to facility', 'SNF placement', 'ALF'; 'Goals met', 'goals met'; 'Family care', 'family taking
  over', 'Changed agency'; 'Authorization ended', 'auth ended'); later rota visits are cancelled
- visits: scheduled on the plan's weekdays (Mon-Fri weight 1, Sat .5, Sun .35) at the client's hour; the rota
  names the primary caregiver, and a caregiver who quits (or a client-requested change, p 1/400 a day) rewrites
  caregiver_code on every later visit (TODAY's on rows written ahead); status TODAY's ('scheduled', 'completed',
  'late', 'missed', 'cancelled'), clock_in, clock_out filled later; mileage heavy-tailed noise; evv_method follows
  the office's EVV at the visit
- incidents at completed visits: fall .003 exp(.6f) (Dec-Feb 1.3), medication error .0012 exp(-.5r) (dementia
  1.5), skin tear / behavioral .001; type MESSY; severity; resolved_at filled later
- assignments (link table clients x caregivers): start_at, end_at / end_reason filled later; care_plans versions
  ('initial', 'post-hospital', 'revision' p 1/200 a day)
- timesheets (biweekly, from Monday 2022-01-03): hours = visit hours + training (p .2, 2-4 h); gross_pay at the
  period's rate with overtime over 80 h; submitted 0.5-3 days after the period, approved_at filled later, status
  TODAY's ('submitted', 'approved')
- keys: PKs on offices, caregivers, clients, care_plans, assignments, visits, incidents, hospital_admissions,
  discharges, timesheets (pay_rates has none); REFERENCES only clients.office_code -> offices and visits.client_id
  -> clients. Undeclared: caregivers (office_code, referred_by TEXT), clients.primary_caregiver, care_plans,
  assignments, incidents (client_id, visit_id), hospital_admissions, discharges .client_id, visits.caregiver_code,
  timesheets / pay_rates .caregiver_code
- `--as-of DATE` writes the same simulation as it stood at DATE (every random value drawn first, the simulation
  always runs to NOW): rows written after DATE are left out, TODAY's and filled-later columns as they stood (exact)
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
T = (CUT - START).total_seconds() / 86400
TNOW = (NOW - START).total_seconds() / 86400
INF = np.inf
ND = int(TNOW) + 1
MON = np.array([(START + pd.Timedelta(days=i)).month for i in range(ND + 40)])
WD = (np.arange(ND + 40) + 5) % 7  # Monday 0; 2022-01-01 is a Saturday


def day(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds() / 86400


def ts(x):
    x = np.asarray(x, float)
    return (START + pd.to_timedelta(np.where(np.isfinite(x), x, np.nan) * 86400, unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


# ---------------- offices
OFF = [  # code, name, region, opened, evv from, wage index, intake share
    ("OF-01", "Boston North", "metro", "2015-04-01", -INF, 1.10, 0.22),
    ("OF-02", "Worcester", "central", "2016-09-01", INF, 1.00, 0.20),
    ("OF-03", "Springfield", "west", "2017-02-01", INF, 0.95, 0.15),
    ("OF-04", "Providence", "south", "2018-06-01", day("2024-08-01"), 1.02, 0.18),
    ("OF-05", "Hartford", "south", "2019-01-15", -INF, 1.05, 0.15),
    ("OF-06", "Portland", "north", "2023-05-01", -INF, 0.98, 0.10),
]
NO = len(OFF)
o_code, o_name, o_region, o_opened, o_evv, o_wage, o_share = (np.array(x) for x in zip(*OFF, strict=True))
o_open = np.array([day(x) for x in o_opened])

# ---------------- caregivers (grown during the simulation)
MAXG = 2000
CERT_MULT = np.array([1.0, 1.08, 0.95, 1.45])
g_office, g_cert, g_ref = np.zeros(MAXG, int), np.zeros(MAXG, int), np.full(MAXG, -1)
g_hired, g_intent, g_quit = np.full(MAXG, INF), np.full(MAXG, INF), np.full(MAXG, INF)
g_r, g_rate = np.zeros(MAXG), np.zeros(MAXG)
PR = []  # pay_rates: (caregiver, written, effective, rate)
RAISES = {}  # day -> [(caregiver, rate)]
NG = 0


def market(d):
    return 16.5 * 1.045 ** (d / 365)


def hire(o, t):
    global NG
    g = NG
    NG += 1
    g_office[g], g_hired[g] = o, t
    g_cert[g] = rng.choice(4, p=[0.45, 0.3, 0.2, 0.05])
    act = np.nonzero((g_office[:g] == o) & (g_hired[:g] <= t) & (g_quit[:g] > t))[0]
    if len(act) and rng.random() < 0.3:
        g_ref[g] = rng.choice(act)
    g_r[g] = rng.normal(0.3 * (g_ref[g] >= 0), 1)
    g_rate[g] = round(market(max(t, -400)) * o_wage[o] * CERT_MULT[g_cert[g]] * rng.normal(1, 0.05), 2)
    PR.append((g, t - 3, np.floor(t), g_rate[g]))
    return g


# ---------------- clients
MAXC = 3000
c_office, c_payer, c_diag, c_state = (np.zeros(MAXC, int) for _ in range(4))
c_created, c_f, c_hours, c_miss = np.full(MAXC, INF), np.zeros(MAXC), np.zeros(MAXC), np.zeros(MAXC)
c_disc, c_auth, c_shock, c_fall = np.full(MAXC, INF), np.full(MAXC, INF), np.full(MAXC, -INF), np.full(MAXC, -INF)
c_adm, c_ret, c_cg, c_asg = np.full(MAXC, INF), np.full(MAXC, -INF), np.full(MAXC, -1), np.full(MAXC, -1)
c_days, c_hour, c_vis = [None] * MAXC, np.zeros(MAXC), [[] for _ in range(MAXC)]
CP, ASG, ADM, DIS, INC = [], [], [], [], []
NC = 0
V_c, V_cgs, V_cr, V_st, V_dur, V_status, V_stt, V_in, V_out = ([] for _ in range(9))
VDAY = {}


def set_plan(c, t, hours, kind):
    c_hours[c] = float(np.clip(2 * np.round(hours / 2), 4, 40))
    vpw = int(np.clip(round(c_hours[c] / 6), 1, 6))
    w = np.array([1, 1, 1, 1, 1, 0.5, 0.35])
    c_days[c] = set(rng.choice(7, vpw, replace=False, p=w / w.sum()).tolist())
    CP.append((c, t, np.floor(t) + rng.integers(1, 6), c_hours[c], vpw, kind))


def assign(c, t, reason):
    o = c_office[c]
    act = np.nonzero((g_hired[:NG] <= t) & (g_quit[:NG] > t) & (g_intent[:NG] > t))[0]
    act = act[act != c_cg[c]]
    here = act[g_office[act] == o]
    act = here if len(here) else act
    live = (c_state[:NC] == 1) | (c_state[:NC] == 2)
    load = np.bincount(c_cg[:NC][live & (c_cg[:NC] >= 0)], weights=c_hours[:NC][live & (c_cg[:NC] >= 0)], minlength=NG)
    g = act[np.argmin(load[act] + rng.uniform(0, 6, len(act)))]
    if c_asg[c] >= 0:
        ASG[c_asg[c]][3:5] = [t, reason]
    c_asg[c] = len(ASG)
    ASG.append([c, g, t, INF, None])
    c_cg[c] = g
    for v in c_vis[c][-40:]:
        if V_st[v] > t and V_status[v] is None:
            V_cgs[v].append((t, g))
    return g


def add_visits(c, created, d0, d1):
    for d in range(d0, d1 + 1):
        if WD[d] in c_days[c]:
            v, dur = len(V_c), c_hours[c] / len(c_days[c])
            row = (c, [(created, c_cg[c])], created, d + c_hour[c] / 24, dur, None, INF, INF, INF)
            for col, x in zip((V_c, V_cgs, V_cr, V_st, V_dur, V_status, V_stt, V_in, V_out), row, strict=True):
                col.append(x)
            c_vis[c].append(v)
            VDAY.setdefault(d, []).append(v)


PAYER = [["Medicaid", "medicaid", "MEDICAID", "Medicaid Waiver"], ["Private Pay", "private", "self-pay"]]
PAYER += [["LTC Insurance", "insurance", "Ins."]]
DIAG = [["dementia", "Dementia", "Alzheimer's"], ["CHF", "chf", "heart failure"], ["COPD", "copd"]]
DIAG += [["diabetes", "Diabetes", "DM2"], ["post-surgical", "Post Surgical", "post-op"]]


def intake(c, t, o):
    global NC
    NC = max(NC, c + 1)
    c_office[c], c_created[c], c_state[c] = o, t, 1
    c_f[c] = rng.normal(0, 1)
    c_payer[c] = rng.choice(3, p=[0.5, 0.3, 0.2])
    c_diag[c] = rng.choice(5, p=[0.28, 0.17, 0.15, 0.2, 0.2])
    c_hour[c] = rng.choice([7, 8, 8.5, 9, 10, 12, 13, 15])
    base = [20 + 5 * c_f[c], 12 + 4 * c_f[c], 10 + 3 * c_f[c]][c_payer[c]]
    set_plan(c, t, base + rng.normal(0, 2), "initial")
    if c_payer[c] == 2:
        c_auth[c] = t + rng.uniform(60, 180)
    assign(c, max(t, -0.01), None)


def discharge(c, t, cause):
    c_state[c], c_disc[c] = 3, t
    ASG[c_asg[c]][3:5] = [t, "client discharged"]
    DIS.append((c, t, cause))


# ---------------- start state: caregivers and clients already there at START
for o in range(NO):
    if o_open[o] <= 0:
        for _ in range(int(rng.integers(5, 8))):
            hire(o, -rng.uniform(30, 1500))
for _ in range(280):
    o = rng.choice(NO, p=np.where(o_open <= 0, o_share, 0) / o_share[o_open <= 0].sum())
    intake(NC, -rng.uniform(1, 720), o)
for c in range(NC):
    add_visits(c, -7 + 0.4, 0, 15)

# ---------------- the day loop
for d in range(ND):
    mo = MON[d]
    for g, rate in RAISES.pop(d, []):
        g_rate[g] = rate
    if WD[d] == 0:  # rota for the week starting 14 days later
        for c in np.nonzero((c_state[:NC] == 1) | (c_state[:NC] == 2))[0]:
            add_visits(c, d + 10 / 24, d + 14, d + 20)
    # client events
    live = np.nonzero(c_state[:NC] == 1)[0]
    f = c_f[live]
    winter = 1.5 if mo in (12, 1, 2) else 1.0
    h_adm = 0.001 * np.exp(0.8 * f) * np.where(c_diag[live] == 1, 1.6, 1) * winter
    h_adm *= np.where(c_fall[live] > d - 14, 4, 1)
    h_death = 0.0003 * np.exp(0.9 * f)
    h_fac = 0.00025 * np.exp(0.6 * f) * np.where(c_diag[live] == 0, 2, 1)
    h_goal = np.where(c_diag[live] == 4, 0.012, 0.0001)
    h_oth = 0.0005 * np.where(c_payer[live] == 1, 1.8, 1) * np.exp(0.6 * c_miss[live])
    h_oth *= np.where(c_shock[live] > d, 4, 1)
    H = np.stack([h_adm, h_death, h_fac, h_goal, h_oth])
    u = rng.random(len(live))
    tt = d + rng.uniform(0, 1, len(live))
    hit = u < H.sum(0)
    for i in np.nonzero(hit)[0]:
        c = live[i]
        k = rng.choice(5, p=H[:, i] / H[:, i].sum())
        if k == 0:
            c_state[c], c_adm[c] = 2, tt[i]
            c_ret[c] = tt[i] + 2 + rng.exponential(3 + 1.5 * max(c_f[c], 0))
            why = "fall" if c_fall[c] > d - 14 else rng.choice(["CHF exacerbation", "pneumonia", "UTI", "other"])
            ADM.append([c, tt[i], c_ret[c], why, None])
        else:
            why = ["death", "facility", "goals"][k - 1] if k < 4 else rng.choice(["family", "agency"])
            discharge(c, tt[i], why)
    for c in np.nonzero((c_state[:NC] == 1) & (c_auth[:NC] < d + 1))[0]:
        if rng.random() < 0.55:
            discharge(c, c_auth[c], "auth")
        else:
            c_auth[c] += rng.uniform(60, 180)
    for c in np.nonzero((c_state[:NC] == 2) & (c_ret[:NC] < d + 1))[0]:
        u = rng.random()
        a = [x for x in ADM if x[0] == c][-1]
        if u < sig(-3.2 + c_f[c]):
            a[4] = "expired"
            discharge(c, c_ret[c], "death")
        elif u < sig(-3.2 + c_f[c]) + sig(-2.2 + 0.7 * c_f[c]):
            a[4] = "SNF"
            discharge(c, c_ret[c], "facility")
        else:
            a[4] = "home"
            c_state[c] = 1
            set_plan(c, c_ret[c], c_hours[c] * 1.2, "post-hospital")
    for c in np.nonzero((c_state[:NC] == 1) & (rng.random(NC) < 1 / 200))[0]:
        set_plan(c, d + rng.uniform(0.3, 0.7), c_hours[c] + rng.choice([-4, -2, 2, 4]), "revision")
    for c in np.nonzero((c_state[:NC] == 1) & (rng.random(NC) < 1 / 400))[0]:
        assign(c, d + rng.uniform(0.3, 0.7), "client request")
    c_miss[:NC] *= np.exp(-1 / 30)
    # caregivers: intent to quit, last days, raises
    act = np.nonzero((g_hired[:NG] <= d) & (g_intent[:NG] == INF))[0]
    ratio = g_rate[act] / (market(d) * o_wage[g_office[act]] * CERT_MULT[g_cert[act]])
    hq = 0.0016 * np.exp(-0.6 * g_r[act] + 0.5 * (d - g_hired[act] < 120) - 5 * (ratio - 1))
    hq *= np.where(g_ref[act] >= 0, 0.7, 1) * (1.6 if mo == 1 else 1)
    for g in act[rng.random(len(act)) < hq]:
        g_intent[g] = d + rng.uniform(0, 1)
        g_quit[g] = g_intent[g] + rng.uniform(7, 21)
    for g in np.nonzero((g_quit[:NG] >= d) & (g_quit[:NG] < d + 1))[0]:
        for c in np.nonzero((c_cg[:NC] == g) & ((c_state[:NC] == 1) | (c_state[:NC] == 2)))[0]:
            assign(c, g_quit[g], "caregiver left")
            c_shock[c] = g_quit[g] + 45
    emp = np.nonzero((g_hired[:NG] <= d) & (g_quit[:NG] > d + 14))[0]
    mkt = d + 14 in (day("2023-07-01"), day("2024-07-01"))
    ann = ((d + 14 - np.floor(g_hired[emp])) % 365 == 0) & (d + 14 - g_hired[emp] > 300)
    for g, an in zip(emp[ann | mkt], ann[ann | mkt], strict=True):
        new = round(g_rate[g] * (1 + an * rng.uniform(0.02, 0.05) + (0.04 if d < 600 else 0.035) * mkt), 2)
        PR.append((g, d + rng.uniform(0.3, 0.7), d + 14, new))
        RAISES.setdefault(d + 14, []).append((g, new))
    # visits of the day
    for v in VDAY.pop(d, []):
        c, st = V_c[v], V_st[v]
        if c_disc[c] <= st:
            V_status[v], V_stt[v] = "cancelled", max(V_cr[v], c_disc[c])
            continue
        if c_adm[c] <= st < c_ret[c]:
            V_status[v], V_stt[v] = "cancelled", max(V_cr[v], c_adm[c])
            continue
        g = V_cgs[v][-1][1]
        o = g_office[g]
        quitting = g_intent[g] <= st
        wk = WD[d] >= 5
        if rng.random() < sig(-3.8 - 0.9 * g_r[g] + 0.9 * (st < o_evv[o]) + 0.4 * wk + 1.3 * quitting):
            V_status[v], V_stt[v] = "missed", st + rng.uniform(0.3, 1.2)
            c_miss[c] += 1
            continue
        late = rng.random() < sig(-1.6 - 0.8 * g_r[g] + 0.8 * quitting)
        cin = st + (15 + rng.exponential(20) if late else rng.normal(0, 5)) / 1440
        cout = cin + V_dur[v] / 24 * rng.normal(1, 0.05)
        V_status[v], V_stt[v], V_in[v], V_out[v] = ("late" if late else "completed"), cout + 0.01, cin, cout
        p = [0.003 * np.exp(0.6 * c_f[c]) * (1.3 if winter > 1 else 1), 0.001]
        p.insert(1, 0.0012 * np.exp(-0.5 * g_r[g]) * (1.5 if c_diag[c] == 0 else 1))
        for k in range(3):
            if rng.random() < p[k]:
                rt = cout + rng.exponential(0.1)
                kk, sev = k if k < 2 else 2 + int(rng.random() < 0.5), rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1])
                INC.append((c, v, rt, kk, sev, rt + rng.exponential(4)))
                c_fall[c] = rt if k == 0 else c_fall[c]
    # hiring and intake
    for o in np.nonzero(o_open <= d)[0]:
        nact = ((g_office[:NG] == o) & (g_hired[:NG] <= d) & (g_quit[:NG] > d)).sum()
        need = np.ceil(c_hours[:NC][(c_office[:NC] == o) & ((c_state[:NC] == 1) | (c_state[:NC] == 2))].sum() / 26) + 1
        if nact < need and rng.random() < 0.4 or nact < 2:
            hire(o, d + rng.uniform(0.3, 0.7))
    lam = 0.75 * (1 + 0.12 * d / 365) * (1.25 if mo == 1 else 0.85 if mo in (7, 8) else 1)
    sh = np.where(o_open <= d, o_share, 0)
    for _ in range(rng.poisson(lam)):
        c = NC
        t = d + rng.uniform(0.3, 0.7)
        intake(c, t, rng.choice(NO, p=sh / sh.sum()))
        mon = d - WD[d]
        add_visits(c, t + 0.05, d + 2, mon + 20 if mon >= 2 else 15)

# visits written ahead past NOW: cancelled where the client has left or is in hospital
for d in sorted(VDAY):
    for v in VDAY[d]:
        c, st = V_c[v], V_st[v]
        if c_disc[c] <= st or c_adm[c] <= st < c_ret[c]:
            V_status[v] = "cancelled"
            V_stt[v] = max(V_cr[v], c_disc[c] if c_disc[c] <= st else c_adm[c])

# ---------------- tables as they stood at CUT (columns in the order of the CREATE TABLEs below)
TB = {}
g_code = np.array([f"CG-{i + 1:04d}" for i in range(NG)])
NV = len(V_c)
V_c, V_cr, V_st, V_dur = np.array(V_c), np.array(V_cr), np.array(V_st), np.array(V_dur)
V_stt, V_in, V_out = np.array(V_stt), np.array(V_in), np.array(V_out)
V_status = np.array([s or "scheduled" for s in V_status], dtype=object)
V_g = np.array([[g for t, g in h if t <= T][-1] if h[0][0] <= T else h[0][1] for h in V_cgs])
V_work = np.array([h[-1][1] for h in V_cgs])  # who the visit had when it happened
done = np.isin(V_status, ["completed", "late"])
V_miles = np.where(done, np.round(np.exp(rng.normal(1.5, 0.9, NV)), 1), np.nan)
evv_at = V_st >= o_evv[g_office[V_work]]
V_evv = np.where(evv_at, rng.choice(["GPS", "GPS", "telephony"], NV), rng.choice(["manual", "paper"], NV))
v_seen = done & (V_stt <= T)
a = [np.arange(1, NV + 1), V_c + 1, g_code[V_g], ts(V_cr), ts(V_st), ts(V_st + V_dur / 24)]
a += [np.where(V_stt <= T, V_status, "scheduled"), ts(known(V_in)), ts(known(V_out))]
TB["visits"] = a + [np.where(v_seen, V_miles, np.nan), np.where(v_seen, V_evv, None)], V_cr <= T

g_term = g_quit[:NG] + rng.uniform(2, 21, NG)
TERM = ["resigned", "Resigned", "better pay", "no call no show", "relocated", "personal"]
g_treason = rng.choice(TERM, NG)
PRd = pd.DataFrame(PR, columns=["g", "written", "eff", "rate"])
PRd = PRd[PRd.written <= min(T, TNOW)].sort_values(["g", "eff"], kind="stable")
CERT = [["HHA", "hha", "Home Health Aide"], ["CNA", "C.N.A.", "cna"], ["PCA", "pca "], ["LPN", "lpn"]]
LANG = ["English", "English, Spanish", "English, Portuguese", "Haitian Creole"]
a = [g_code, o_code[g_office[:NG]], [f"Caregiver {i}" for i in rng.integers(1000, 9999, NG)], ts(g_hired[:NG])]
a += [[rng.choice(CERT[k]) for k in g_cert[:NG]], rng.choice(LANG, NG)]
a += [np.where(g_ref[:NG] >= 0, g_code[np.maximum(g_ref[:NG], 0)], None)]
a += [PRd[PRd.eff <= T].groupby("g").rate.last().reindex(range(NG)).to_numpy(), ~(g_term <= T)]
a += [ts(known(g_term)), np.where(g_term <= T, g_treason, None), np.bincount(V_work[v_seen], minlength=NG)]
TB["caregivers"] = a, g_hired[:NG] <= T
TB["pay_rates"] = [g_code[PRd.g], ts(PRd.eff).date, PRd.rate], slice(None)

cp = pd.DataFrame(CP, columns=["c", "cr", "eff", "hours", "vpw", "kind"])
cp = cp[cp.cr <= T]
asg = pd.DataFrame(ASG, columns=["c", "g", "start", "end", "reason"])
asg = asg[asg.start <= T]
adm = pd.DataFrame(ADM, columns=["c", "t", "ret", "why", "disp"])
adm["hosp"] = rng.choice(["St. Mary's", "General", "Mercy", "University"], len(adm))
adm = adm[adm.t <= T]
cur = asg.groupby("c").last()
pc = pd.Series(np.where(cur.end > T, cur.g, -1), index=cur.index).reindex(range(NC), fill_value=-1).to_numpy()
in_hosp = np.zeros(NC, bool)
in_hosp[adm.c[adm.ret > T].to_numpy()] = True
last_visit = pd.Series(V_out[v_seen]).groupby(V_c[v_seen]).max().reindex(range(NC)).to_numpy()
REF = np.array(["Hospital", "hospital", "Physician", "Family", "family ", "Web", None], dtype=object)
a = [np.arange(1, NC + 1), o_code[c_office[:NC]], ts(c_created[:NC])]
a += [[f"Client {i}" for i in rng.integers(10000, 99999, NC)], np.round(1942 - 5 * c_f[:NC] + rng.normal(0, 5, NC))]
a += [rng.choice(["F", "M"], NC, p=[0.64, 0.36]), [rng.choice(PAYER[k]) for k in c_payer[:NC]]]
a[-1] = np.where(rng.random(NC) < 0.03, None, a[-1])
a += [[rng.choice(DIAG[k]) for k in c_diag[:NC]], rng.choice(REF, NC), [f"0{i}" for i in rng.integers(1000, 2999, NC)]]
a += [np.where(c_disc[:NC] <= T, "discharged", np.where(in_hosp, "hospitalized", "active"))]
a += [cp.groupby("c").hours.last().reindex(range(NC)).to_numpy(), np.bincount(V_c[v_seen], minlength=NC)]
a += [ts(last_visit), np.where(pc >= 0, g_code[np.maximum(pc, 0)], None)]
TB["clients"] = a, c_created[:NC] <= T
TB["care_plans"] = [cp.index + 1, cp.c + 1, ts(cp.cr), ts(cp.eff).date, cp.hours, cp.vpw, cp.kind], slice(None)
a = [asg.index + 1, asg.c + 1, g_code[asg.g], ts(asg.start), ts(known(asg.end))]
TB["assignments"] = a + [np.where(asg.end <= T, asg.reason, None)], slice(None)
a = [adm.index + 1, adm.c + 1, ts(adm.t), adm.hosp, adm.why, ts(known(adm.ret))]
TB["hospital_admissions"] = a + [np.where(adm.ret <= T, adm.disp, None)], slice(None)
DIS_TXT = {"death": ["Deceased", "deceased", "Expired"], "facility": ["Moved to facility", "SNF placement", "ALF"]}
DIS_TXT |= {"goals": ["Goals met", "goals met"], "family": ["Family care", "family taking over"]}
DIS_TXT |= {"agency": ["Changed agency"], "auth": ["Authorization ended", "auth ended"]}
dis = pd.DataFrame(DIS, columns=["c", "t", "cause"])
dis["txt"] = [rng.choice(DIS_TXT[k]) for k in dis.cause]
TB["discharges"] = [dis.index + 1, dis.c + 1, ts(dis.t), dis.txt], dis.t <= T
INC_T = [["fall", "Fall", "FALL", "fall - no injury"], ["medication error", "Med Error", "med error"]]
INC_T += [["skin tear", "Skin Tear"], ["behavioral", "Behavioural"]]
inc = pd.DataFrame(INC, columns=["c", "v", "t", "k", "sev", "res"])
inc["txt"] = [rng.choice(INC_T[k]) for k in inc.k]
inc["vid"] = np.where(rng.random(len(inc)) < 0.1, np.nan, inc.v + 1)
a = [inc.index + 1, inc.c + 1, inc.vid.astype("Int64"), ts(inc.t), inc.txt, inc.sev, ts(known(inc.res))]
TB["incidents"] = a, inc.t <= T

# timesheets: biweekly periods from Monday 2022-01-03
wv = np.nonzero(done)[0]
tsd = pd.DataFrame({"g": V_work[wv], "p": (np.floor(V_st[wv]) - 2) // 14, "mi": V_miles[wv]})
tsd["h"] = (V_out[wv] - V_in[wv]) * 24
tsd = tsd[tsd.p >= 0].groupby(["g", "p"]).sum().reset_index()
tsd["h"] += np.where(rng.random(len(tsd)) < 0.2, rng.uniform(2, 4, len(tsd)), 0)
tsd["start"] = 2 + 14 * tsd.p
tsd["sub"] = tsd.start + 14 + rng.uniform(0.5, 3, len(tsd))
tsd["appr"] = tsd["sub"] + rng.exponential(1.5, len(tsd))
pr_all = pd.DataFrame(PR, columns=["g", "written", "eff", "rate"]).sort_values("eff", kind="stable")
tsd = pd.merge_asof(tsd.sort_values("start"), pr_all, left_on="start", right_on="eff", by="g")
tsd = tsd[(tsd["sub"] <= min(T, TNOW))].sort_values(["sub", "g"], kind="stable").reset_index(drop=True)
a = [tsd.index + 1, g_code[tsd.g], ts(tsd.start).date, np.round(tsd.h, 2)]
a += [np.round(tsd.h * tsd.rate + 0.5 * tsd.rate * np.maximum(tsd.h - 80, 0), 2), np.round(tsd.mi * 0.655, 2)]
a += [ts(tsd["sub"]), ts(known(tsd.appr)), np.where(tsd.appr <= T, "approved", "submitted"), ts(tsd.start + 19).date]
TB["timesheets"] = a, slice(None)
a = [o_code, o_name, o_region, ts(o_open).date, o_evv <= T, o_wage]
TB["offices"] = a + [[f"555-01{i:02d}" for i in range(NO)]], o_open <= T

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE offices (office_code VARCHAR PRIMARY KEY, name VARCHAR, region VARCHAR, opened_on DATE,
                      evv_enabled BOOLEAN, wage_index DOUBLE, phone VARCHAR);
CREATE TABLE caregivers (caregiver_code VARCHAR PRIMARY KEY, office_code VARCHAR, full_name VARCHAR,
                         hired_at TIMESTAMP, certification VARCHAR, languages VARCHAR, referred_by VARCHAR,
                         pay_rate DOUBLE, active BOOLEAN, terminated_at TIMESTAMP, termination_reason VARCHAR,
                         visits_completed INTEGER);
CREATE TABLE pay_rates (caregiver_code VARCHAR, effective_from DATE, hourly_rate DOUBLE);
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, office_code VARCHAR REFERENCES offices(office_code),
                      created_at TIMESTAMP, full_name VARCHAR, birth_year INTEGER, gender VARCHAR,
                      payer_type VARCHAR, diagnosis VARCHAR, referral_source VARCHAR, zip VARCHAR, status VARCHAR,
                      hours_per_week DOUBLE, total_visits INTEGER, last_visit_at TIMESTAMP,
                      primary_caregiver VARCHAR);
CREATE TABLE care_plans (plan_id INTEGER PRIMARY KEY, client_id INTEGER, created_at TIMESTAMP, effective_from DATE,
                         hours_per_week DOUBLE, visits_per_week INTEGER, plan_type VARCHAR);
CREATE TABLE assignments (assignment_id INTEGER PRIMARY KEY, client_id INTEGER, caregiver_code VARCHAR,
                          start_at TIMESTAMP, end_at TIMESTAMP, end_reason VARCHAR);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
                     caregiver_code VARCHAR, created_at TIMESTAMP, scheduled_start TIMESTAMP,
                     scheduled_end TIMESTAMP, status VARCHAR, clock_in TIMESTAMP, clock_out TIMESTAMP,
                     mileage DOUBLE, evv_method VARCHAR);
CREATE TABLE incidents (incident_id INTEGER PRIMARY KEY, client_id INTEGER, visit_id INTEGER,
                        reported_at TIMESTAMP, incident_type VARCHAR, severity INTEGER, resolved_at TIMESTAMP);
CREATE TABLE hospital_admissions (admission_id INTEGER PRIMARY KEY, client_id INTEGER, admitted_at TIMESTAMP,
                                  hospital VARCHAR, reason VARCHAR, discharged_at TIMESTAMP, disposition VARCHAR);
CREATE TABLE discharges (discharge_id INTEGER PRIMARY KEY, client_id INTEGER, discharged_at TIMESTAMP,
                         reason VARCHAR);
CREATE TABLE timesheets (timesheet_id INTEGER PRIMARY KEY, caregiver_code VARCHAR, period_start DATE,
                         hours DOUBLE, gross_pay DOUBLE, mileage_reimb DOUBLE, submitted_at TIMESTAMP,
                         approved_at TIMESTAMP, status VARCHAR, paid_on DATE);
""")
ORDER = "offices caregivers pay_rates clients care_plans assignments visits incidents hospital_admissions discharges"
for name in ORDER.split() + ["timesheets"]:
    cols, keep = TB[name]
    df = pd.DataFrame(
        {i: x.reset_index(drop=True) if isinstance(x, pd.Series) else np.asarray(x) for i, x in enumerate(cols)}
    )
    df = df[keep if isinstance(keep, slice) else np.asarray(keep)]
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
