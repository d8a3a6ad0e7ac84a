"""A community music school chain (branches, teachers with instruments, guardians and their children, adult students,
terms, term enrolments in weekly lessons with a teacher, lessons scheduled for the whole term at enrolment and marked
later, instrument rentals, exam and recital entries, invoices per term and their payments), seeded:
`python benchmarks/trials/musicschool.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): about 115k rows (85.7k lessons), ~4 s.

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2021-09-01..NOW. Rows dated after NOW
exist only where written ahead: terms (published 90 days before start: SPR25 starts 2025-01-13), enrolments for the
next term (re-enrolment opens 42 days before its start; enrolled_at is when the row was written), every lesson of an
enrolment (written at enrolled_at, scheduled_at up to 14 weeks ahead; lessons have no creation date), entries'
exam_date (entered 6-10 weeks ahead), invoices.due_on (issued + 30 days), rentals.due_back_on (rewritten: TODAY's).

Truth (seed 0):
- branches (5): lesson_reminders FALSE (branches 2, 4) adds +.8 to a lesson's no-show logit (a parent attribute two
  hops from a lesson: lessons.teacher_code -> teachers.branch_id); fee_level 'premium' (1, 3) x1.25 fees and -.3 x
  family price sensitivity on re-enrolment; branch 5 (Riverside) opens 2023-08-01; parking, region noise
- teachers (teacher_code TEXT 'T-007'): quality q ~ N(0, 1) hidden: +.45 q re-enrolment logit, +5 q exam mark;
  instrument MESSY ('Piano', 'piano', 'PIANO ', 'Violin', 'violin', 'Guitar', 'guitar ', 'Voice', 'Singing', ...);
  each term a teacher leaves with p .035 on a day in the term (left_on filled later; employment_status TODAY's
  'active'/'left'); the rest of its lessons that term are cancelled (reason 'teacher left'); its students re-enrol
  at -1.1 logit with another teacher; a replacement is hired that day; hourly_rate, bio noise
- guardians (family latent f ~ N(0, 1), hidden: late and unpaid invoices, -.35 f re-enrolment, +.3 f no-shows;
  a family moves away with p .02 per term: none of its students re-enrols); contact_pref MESSY; postcode noise
- students: engagement e ~ N(0, 1) hidden, a random walk per term (.85 e + N(0, .45)); children (birth year ->
  age 5-17, 75%) have guardian_id (25% are a sibling under an existing guardian), adults have NULL; referred_by
  (self-link, 15% of new students) shares .5 of the referrer's e; arrivals with seasonality (Aug 15-Sep 20 x3.5,
  Jan x2, Apr x1.3, Jul x.3) and +12%/year growth; source MESSY with NULLs; TODAY's: grade_level (+1 on each passed
  exam at its results date), status ('active' enrolled in a running or coming term, 'lapsed', 'new'),
  last_attended_at, lessons_attended (counter), balance_due (invoices issued less payments made)
- re-enrolment for term k+1 (the churn): logit 1.5 + .9 e - .6 adult - .5 teen(14+) + .45 q - .35 f - 1.1 teacher
  left + .5 passed an exam in term k - .9 failed + .35 recital in k - .3 premium x f - .8 from summer to autumn
  (annual seasonality) + .25 after spring; enrolled_at start - U(3, 42) days (later for low e), some after start;
  a lapsed student returns with p .07 per term; mid-term withdrawal weekly hazard sigmoid(-6.2 - .8 e)
  (withdrawn_at filled later, the remaining lessons cancelled 'withdrawn'); enrolments.status TODAY's
- lessons: weekly slot (kids weekday 15:00-19:00 or Saturday mornings, adults evenings); no-show logit -2.7 - .9 e
  + .8 no reminders + .5 adult + .3 f + 1.2 in the last 4 weeks of a term the student will not re-enrol for; student
  cancels with p sigmoid(-3.1 - .3 e) (Exp(2) days ahead), teacher absence p .02; status TODAY's ('scheduled',
  'attended', 'no_show', 'cancelled'); marked_at, cancel_reason (MESSY) filled later
- entries: exam sessions Mar 15, Jun 14, Nov 22: an enrolled student below grade 8 enters with p sigmoid(-2.4 + .8 e
  + .5 child) 6-10 weeks ahead; mark = 112 + 10 e + 5 q - 4 adult + N(0, 9) (Distinction >=130, Merit >=120, Pass
  >=100, Fail), mark and result (MESSY) filled in 14-28 days after; recitals (June, December Saturdays per branch)
  sign-ups with p sigmoid(-2 + .9 e), kind MESSY ('Exam', 'exam', 'Recital', 'recital ')
- rentals: at enrolment a child on violin/cello/flute/guitar at grade <= 3 without a rental rents with p .55;
  asset_tag TEXT ('VLN-0042'); returned 0-30 days after its student's last term ends (8% never: 'lost');
  due_back_on is TODAY's (the end of the latest term the student enrolled in); status TODAY's
- invoices (invoice_no TEXT 'INV-AUT23-0042', PK): one per enrolment, issued 0-2 days after it: lessons x fee (by
  minutes, branch level, +5% each autumn) less 10% sibling discount; unpaid with p sigmoid(-4 + 1.2 f); split in two
  payments p .2; paid Exp(3 + 12 sigmoid(f)) days after issue; status TODAY's; payments.method MESSY
- keys: PK declared on every table except entries; REFERENCES only teachers.branch_id -> branches and
  enrolments.student_id -> students. Undeclared: students (guardian_id, referred_by self-link, home_branch_id),
  enrolments (term_code TEXT, teacher_code TEXT), lessons (enrolment_id, student_id, teacher_code), rentals
  (student_id), entries (student_id, teacher_code), invoices (student_id, term_code), payments.invoice_no TEXT
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the simulation
  always runs to NOW), then rows written after DATE are left out and every today's-state and filled-later column is
  as it stood at DATE (exact)
"""

import os
import sys
from collections import Counter

import duckdb
import numpy as np
import pandas as pd

# fmt: off
rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2021-09-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
T = (CUT - START).total_seconds() / 86400
TNOW = (NOW - START).total_seconds() / 86400
INF = np.inf

def day(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds() / 86400
def ts(x):
    x = np.asarray(x, float)
    x = np.where(np.isfinite(x), x, np.nan)
    return (START + pd.to_timedelta(x * 86400, unit="s")).floor("s")
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)
def sig(x):
    return 1 / (1 + np.exp(-x))

# ---------------- branches, terms
BR = [("Northgate", True, "premium", "2015-03-01"), ("Eastfield", False, "standard", "2016-09-01"),
      ("Old Town", True, "premium", "2012-01-15"), ("Southbank", False, "standard", "2018-05-01"),
      ("Riverside", True, "standard", "2023-08-01")]
NB = len(BR)
b_remind = np.array([b[1] for b in BR])
b_prem = np.array([b[2] == "premium" for b in BR])
b_open = np.array([day(b[3]) for b in BR])
TERMS = [("AUT", y, f"{y}-09-{d:02d}", 14) for y, d in [(2021, 6), (2022, 5), (2023, 4), (2024, 9)]]
TERMS += [("SPR", y, f"{y}-01-{d:02d}", 11) for y, d in [(2022, 10), (2023, 9), (2024, 8), (2025, 13)]]
TERMS += [("SUM", y, f"{y}-04-{d:02d}", 10) for y, d in [(2022, 25), (2023, 24), (2024, 22)]]
TERMS.sort(key=lambda x: x[2])
NT = len(TERMS)
t_code, t_season = np.array([f"{s}{y % 100}" for s, y, _, _ in TERMS]), np.array([x[0] for x in TERMS])
t_start, t_weeks = np.array([day(x[2]) for x in TERMS]), np.array([x[3] for x in TERMS])
t_end = t_start + 7 * t_weeks - 3 + 20 / 24

# ---------------- teachers (hires and leaves are simulated term by term)
INSTR = ["piano", "guitar", "violin", "voice", "drums", "cello", "flute"]
INSTR_P = [0.36, 0.2, 0.13, 0.12, 0.08, 0.06, 0.05]
SPELL = {"piano": ["Piano", "piano", "PIANO "], "guitar": ["Guitar", "guitar "], "violin": ["Violin", "violin"],
         "voice": ["Voice", "Singing", "voice"], "drums": ["Drums", "drums"], "cello": ["Cello"],
         "flute": ["Flute", "flute"]}
TE = []  # [branch, instrument, hired, left, q]
for b in range(NB):
    for ins, n in zip(INSTR, [3, 2, 1, 1, 1, 1, 1], strict=True):
        for _ in range(n if b != 4 else max(1, n - 1)):
            TE.append([b, ins, max(b_open[b], -rng.uniform(30, 2500)) if b != 4 else b_open[b] - 20, INF, 0.0])
for x in TE:
    x[4] = rng.normal()

def teacher_for(b, ins, t, prefer=-1):
    if prefer >= 0 and TE[prefer][3] > t:
        return prefer
    ok = [i for i, x in enumerate(TE) if x[0] == b and x[1] == ins and x[2] <= t + 30 and x[3] > t]
    return int(rng.choice(ok)) if ok else max(i for i, x in enumerate(TE) if x[0] == b and x[1] == ins)

# ---------------- students and guardians: arrivals
ST, GU = [], []  # students (dicts), guardians [created, f, moved_term]

def new_student(t, b, initial=False):
    adult = rng.random() < 0.25
    age = int(rng.integers(19, 70)) if adult else int(rng.integers(5, 16))
    ref = int(rng.integers(0, len(ST))) if not initial and ST and rng.random() < 0.15 else -1
    e = rng.normal() if ref < 0 else 0.5 * ST[ref]["e"] + rng.normal(0, 0.85)
    g = -1
    if not adult:
        sib = [i for i in range(max(0, len(ST) - 300), len(ST)) if ST[i]["g"] >= 0 and ST[i]["b"] == b]
        if sib and rng.random() < 0.25:
            g = ST[int(rng.choice(sib))]["g"]
        else:
            g = len(GU)
            GU.append([t, rng.normal(), 10**9])
    ins = rng.choice(INSTR, p=INSTR_P) if age > 7 else rng.choice(["piano", "violin", "voice"], p=[0.6, 0.25, 0.15])
    grade = int(np.clip(rng.poisson(max(0, age - 7) / 3 if not adult else 1.5), 0, 7))
    ST.append(dict(t=t, b=b, adult=adult, by=int((START + pd.Timedelta(days=t)).year - age), e=e, g=g, ref=ref,
                   ins=str(ins), grade0=grade, teacher=-1, enr=[], passes=[]))
    return len(ST) - 1

for _ in range(800):
    new_student(-rng.uniform(10, 1500), int(rng.choice(4, p=[0.3, 0.25, 0.25, 0.2])), initial=True)
arr = []
for d in range(int(TNOW) + 50):
    dt, m = START + pd.Timedelta(days=d), (START + pd.Timedelta(days=d)).month
    s = 3.5 if (m == 8 and dt.day >= 15) or (m == 9 and dt.day <= 20) else {1: 2, 4: 1.3, 7: 0.3}.get(m, 0.8)
    for _ in range(rng.poisson(0.85 * s * 1.12 ** (d / 365))):
        arr.append(d + rng.uniform(0.3, 0.9))
arr = np.array(arr)
arr_b = [int(rng.choice(NB, p=[0.22, 0.2, 0.22, 0.16, 0.2] if a > b_open[4] else [0.3, 0.25, 0.25, 0.2, 0])) for a in arr]

def outcomes(eis):
    for ei in eis:
        E, S = EN[ei], ST[EN[ei]["st"]]
        f, left = GU[S["g"]][1] if S["g"] >= 0 else 0.0, TE[E["te"]][3]
        for li in range(*E["les"]):
            L = LE[li]
            lt = L[3]
            if lt > E["wdr"]:
                L[5], L[7], L[8] = 3, E["wdr"], "withdrawn"
            elif lt > left:
                L[5], L[7], L[8] = 3, left, "teacher left"
            elif rng.random() < 0.02:
                L[5], L[7], L[8] = 3, lt - rng.uniform(0.1, 1), rng.choice(["teacher absent", "Teacher sick"])
            elif rng.random() < sig(-3.1 - 0.3 * E["e"]):
                L[5], L[7] = 3, lt - rng.exponential(2) - 0.05
                L[8] = rng.choice(["illness", "Ill", "sick", "holiday", "Holiday", None])
            else:
                tail = (not E["renew"]) and lt > t_end[E["term"]] - 28
                lg = -2.7 - 0.9 * E["e"] + 0.8 * (not b_remind[TE[E["te"]][0]]) + 0.5 * S["adult"] + 0.3 * f
                L[5] = 2 if rng.random() < sig(lg + 1.2 * tail) else 1
                L[6] = lt + L[4] / 1440 + rng.exponential(0.6)

# ---------------- the terms, one by one
EN, LE, EX, RE, IN, rent_of = [], [], [], [], [], {}  # enrolments, lessons, entries, rentals, invoices
EXAM_D = {3: 15, 6: 14, 11: 22}
fee_year = lambda t: 1.05 ** int((t + 120) // 365)  # noqa: E731
prev = {}  # student -> (enrol index, outcome flags) for the term just ended
for k in range(NT):
    s0, s1 = t_start[k], t_end[k]
    cand = []  # (student, enrolled_at)
    for st_i, (ei, passed, failed, recital) in prev.items():
        S, g = ST[st_i], ST[st_i]["g"]
        if (g >= 0 and GU[g][2] <= k) or EN[ei]["wdr"] < INF:
            EN[ei]["renew"] = False
            continue
        te, f = TE[S["teacher"]], GU[g][1] if g >= 0 else 0.0
        left = te[3] < s0 - 10
        teen = (not S["adult"]) and (1 + (START + pd.Timedelta(days=s0)).year - S["by"]) >= 14
        seas = -0.8 if t_season[k] == "AUT" else (0.25 if t_season[k] == "SUM" else 0.0)
        lg = (1.5 + 0.9 * S["e"] - 0.6 * S["adult"] - 0.5 * teen + 0.45 * te[4] - 0.35 * f - 1.1 * left
              + 0.5 * passed - 0.9 * failed + 0.35 * recital - 0.3 * b_prem[S["b"]] * f + seas)
        EN[ei]["renew"] = bool(rng.random() < sig(lg))
        if EN[ei]["renew"]:
            cand.append((st_i, s0 - rng.uniform(3, 42) * sig(0.8 + S["e"]) * 1.6 + rng.uniform(-2, 8)))
    outcomes([v[0] for v in prev.values()])
    for st_i in range(len(ST)):  # lapsed students returning
        S = ST[st_i]
        back = S["enr"] and st_i not in prev and S["t"] < s0 - 60 and rng.random() < 0.07 * (S["e"] > -0.5)
        if back and (S["g"] < 0 or GU[S["g"]][2] > k):
            cand.append((st_i, s0 - rng.uniform(3, 30)))
    for j in np.nonzero((arr > (t_end[k - 1] - 28 if k else -1)) & (arr <= s1 - 28))[0]:
        st_i = new_student(arr[j], arr_b[j])
        cand.append((st_i, max(arr[j] + rng.exponential(3), s0 - 45)))
    for st_i in range(800 if k == 0 else 0):
        cand.append((st_i, s0 - rng.uniform(3, 40)))
    for g in range(len(GU)):
        if GU[g][2] > 10**8 and rng.random() < 0.02:
            GU[g][2] = k + 1
    newprev = {}
    fam = Counter(ST[x]["g"] for x, _ in cand)
    for st_i, et in cand:
        S = ST[st_i]
        if S["b"] == 4 and et < b_open[4]:
            continue
        S["teacher"] = teacher_for(S["b"], S["ins"], et, S["teacher"])
        ei = len(EN)
        mins = int(rng.choice([30, 45, 60], p=[0.55, 0.3, 0.15] if not S["adult"] else [0.2, 0.4, 0.4]))
        if S["adult"]:
            wd, hr = int(rng.integers(0, 4)), float(rng.choice([17.5, 18.5, 19.5, 20.5]))
        else:
            wd = int(rng.choice([0, 1, 2, 3, 4, 5], p=[0.16, 0.16, 0.16, 0.16, 0.1, 0.26]))
            hr = float(rng.choice([9, 10, 11, 12]) if wd == 5 else rng.choice([15.5, 16, 16.5, 17, 17.5, 18, 19]))
        fee = round((14 + 0.35 * mins) * (1.25 if b_prem[S["b"]] else 1) * fee_year(s0), 2)
        e, f = S["e"], GU[S["g"]][1] if S["g"] >= 0 else 0.0
        wd_hazard, wdr, les_from, first = sig(-6.2 - 0.8 * e), INF, len(LE), max(s0, et + 1)
        for w in range(int(t_weeks[k])):
            lt = s0 + 7 * w + wd + hr / 24
            if lt < first:
                continue
            if lt > s1 + 1:
                break
            if wdr == INF and rng.random() < wd_hazard:
                wdr = lt - rng.uniform(1, 6)
            LE.append([ei, st_i, S["teacher"], lt, mins, 0, INF, INF, None])
        EN.append(dict(st=st_i, term=k, te=S["teacher"], t=et, mins=mins, wd=wd, fee=fee, wdr=wdr, renew=True, e=e,
                       les=(les_from, len(LE))))
        S["enr"].append(ei)
        kid_rents = (not S["adult"]) and S["ins"] in ("violin", "cello", "flute", "guitar") and S["grade0"] <= 3
        if kid_rents and st_i not in rent_of and rng.random() < 0.55:
            rent_of[st_i] = len(RE)
            RE.append([st_i, et + rng.uniform(0, 10), S["ins"], S["b"]])
        sib = S["g"] >= 0 and fam[S["g"]] > 1
        amt = round((len(LE) - les_from) * fee * (0.9 if sib else 1.0) + (18.0 * 3 if st_i in rent_of else 0), 2)
        IN.append([ei, et + rng.uniform(0, 2), amt, f])
        newprev[st_i] = [ei, False, False, False]  # passed, failed, recital
    # teacher leaves during the term: a replacement is hired the same day
    for ti in range(len(TE)):
        if TE[ti][2] < s0 and TE[ti][3] == INF and rng.random() < 0.035:
            TE[ti][3] = s0 + rng.uniform(7, 7 * t_weeks[k] - 7)
            TE.append([TE[ti][0], TE[ti][1], TE[ti][3] + rng.uniform(0, 5), INF, rng.normal()])
    # exams and recitals in the term
    yr = (START + pd.Timedelta(days=s0)).year
    sessions = [(day(f"{yr}-{m:02d}-{d:02d}") + 0.4, "exam") for m, d in EXAM_D.items()]
    sessions += [(day(f"{yr}-06-{8 + (5 - pd.Timestamp(f'{yr}-06-08').weekday()) % 7:02d}") + 0.6, "recital")]
    sessions += [(day(f"{yr}-12-{6 + (5 - pd.Timestamp(f'{yr}-12-06').weekday()) % 7:02d}") + 0.6, "recital")]
    for sd, kind in sessions:
        if not (s0 < sd < s1):
            continue
        for st_i, rec in newprev.items():
            S, E = ST[st_i], EN[rec[0]]
            if E["wdr"] < sd or TE[E["te"]][3] < sd:
                continue
            grade = S["grade0"] + sum(r < sd for r in S["passes"])
            if kind == "exam" and grade < 8 and rng.random() < sig(-2.4 + 0.8 * S["e"] + 0.5 * (not S["adult"])):
                mark = 112 + 10 * S["e"] + 5 * TE[E["te"]][4] - 4 * S["adult"] + rng.normal(0, 9)
                ok = mark >= 100
                EX.append([st_i, E["te"], max(sd - rng.uniform(42, 70), E["t"] + 1), sd, "exam", round(mark), sd + rng.uniform(14, 28),
                           int(ok), grade + 1])
                rec[1], rec[2] = rec[1] or ok, rec[2] or not ok
                S["passes"] += [EX[-1][6]] if ok else []
            elif kind == "recital" and rng.random() < sig(-2 + 0.9 * S["e"]):
                EX.append([st_i, E["te"], sd - rng.uniform(7, 40), sd, "recital", np.nan, INF, 0, np.nan])
                rec[3] = True
    for S in ST:  # engagement drifts
        S["e"] = 0.85 * S["e"] + rng.normal(0, 0.45)
    prev = newprev
outcomes([v[0] for v in prev.values()])  # the last term's renewals are not decided within the data

# ---------------- flatten, then the tables as they stood at CUT
NS, NG, NTE, NE, NL, NX, NR = len(ST), len(GU), len(TE), len(EN), len(LE), len(EX), len(RE)
s_t = np.array([S["t"] for S in ST])
E_st, E_term, E_t, E_wdr = (np.array([E[c] for E in EN]) for c in ("st", "term", "t", "wdr"))
L = pd.DataFrame(LE, columns=["ei", "st", "te", "t", "mins", "out", "marked", "canc", "reason"])
X_st, X_res, X_ok = (np.array([x[j] for x in EX]) for j in (0, 6, 7))
te_code = np.array([f"T-{i + 1:03d}" for i in range(NTE)])
te_hired, te_left = np.array([x[2] for x in TE]), np.array([x[3] for x in TE])
last_end = np.full(NS, -INF)  # the end of each student's last term (rental returns)
np.maximum.at(last_end, E_st, np.minimum(t_end[E_term], E_wdr))
e_in, l_written = E_t <= T, E_t[L.ei.to_numpy()] <= T
lt, canc, marked, out = L.t.to_numpy(), L.canc.to_numpy(), L.marked.to_numpy(), L.out.to_numpy()
l_status = np.where(canc <= T, "cancelled", np.where(marked <= T, np.where(out == 2, "no_show", "attended"), "scheduled"))
att_now = (out == 1) & (marked <= T) & l_written
lessons = pd.DataFrame({
    "lesson_id": np.arange(1, NL + 1), "enrolment_id": L.ei + 1, "student_id": L.st + 1,
    "teacher_code": te_code[L.te], "scheduled_at": ts(lt), "duration_min": L.mins,
    "room": rng.choice(["Room 1", "Room 2", "Room 3", "Studio", "Hall"], NL), "status": l_status,
    "marked_at": ts(known(marked)), "cancel_reason": np.where(canc <= T, L.reason, None)})[l_written]
# students' today's state
lessons_att = np.bincount(L.st[att_now], minlength=NS)
last_att = np.full(NS, np.nan)
la = pd.Series(lt[att_now]).groupby(L.st[att_now].to_numpy()).max()
last_att[la.index] = la.to_numpy()
grade_now = np.array([S["grade0"] for S in ST]) + np.bincount(X_st[(X_res <= T) & (X_ok == 1)], minlength=NS)
running = e_in & (t_end[E_term] >= T) & (E_wdr > T)
status = np.where(np.bincount(E_st[running], minlength=NS) > 0, "active",
                  np.where(np.bincount(E_st[e_in], minlength=NS) > 0, "lapsed", "new"))
I_e, I_t, I_amt, I_f = (np.array([x[j] for x in IN]) for j in range(4))
NI = len(IN)
unpaid = rng.random(NI) < sig(-4 + 1.2 * I_f)
split = rng.random(NI) < 0.2
p1 = I_t + rng.exponential(3 + 12 * sig(I_f))
p2 = p1 + rng.uniform(25, 45, NI)
PAY = [(i, p1[i], I_amt[i] / 2 if split[i] else I_amt[i]) for i in range(NI) if not unpaid[i]]
PAY += [(i, p2[i], I_amt[i] / 2) for i in range(NI) if split[i] and not unpaid[i]]
PAY.sort(key=lambda x: x[1])
P_i, P_t = np.array([p[0] for p in PAY]), np.array([p[1] for p in PAY])
P_amt = np.round(np.array([p[2] for p in PAY]), 2)
pk = P_t <= T
paid_T = np.bincount(P_i[pk], weights=P_amt[pk], minlength=NI)
i_in = I_t <= T
bal = np.bincount(E_st[I_e[i_in]], weights=I_amt[i_in], minlength=NS)
bal -= np.bincount(E_st[I_e[P_i[pk]]], weights=P_amt[pk], minlength=NS)
SRC = ["Google", "google", "Facebook", "facebook ", "Word of mouth", "word of mouth", "School flyer", "Walk-in"]
students = pd.DataFrame({
    "student_id": np.arange(1, NS + 1),
    "guardian_id": pd.array([S["g"] + 1 if S["g"] >= 0 else None for S in ST], dtype="Int64"),
    "referred_by": pd.array([S["ref"] + 1 if S["ref"] >= 0 else None for S in ST], dtype="Int64"),
    "home_branch_id": [S["b"] + 1 for S in ST],
    "first_name": rng.choice(["Ava", "Leo", "Mia", "Noah", "Isla", "Omar", "Zoe", "Ravi", "Elsa", "Tom"], NS),
    "birth_year": [S["by"] for S in ST], "created_at": ts(s_t),
    "instrument": [rng.choice(SPELL[S["ins"]]) for S in ST],
    "source": np.where(rng.random(NS) < 0.08, None, rng.choice(SRC, NS)),
    "grade_level": grade_now, "status": status, "last_attended_at": ts(last_att),
    "lessons_attended": lessons_att, "balance_due": np.round(bal, 2)})[s_t <= T]
g_t = np.array([x[0] for x in GU])
guardians = pd.DataFrame({
    "guardian_id": np.arange(1, NG + 1), "created_at": ts(g_t),
    "email": [f"family{i}@mail.example" if rng.random() > 0.06 else None for i in range(NG)],
    "postcode": rng.choice(["N1", "N4", "E2", "E8", "SE5", "SW9", "W3"], NG),
    "contact_pref": rng.choice(["email", "Email", "SMS", "sms", "phone", "Phone call"], NG),
    "gift_aid": rng.random(NG) < 0.3})[g_t <= T]
E_te = np.array([E["te"] for E in EN])
e_status = np.where(E_wdr <= T, "withdrawn", np.where(t_end[E_term] <= T, "completed",
                    np.where(t_start[E_term] <= T, "active", "enrolled")))
enrolments = pd.DataFrame({
    "enrolment_id": np.arange(1, NE + 1), "student_id": E_st + 1, "term_code": t_code[E_term],
    "teacher_code": te_code[E_te], "enrolled_at": ts(E_t), "lesson_minutes": [E["mins"] for E in EN],
    "weekday": np.array(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"])[[E["wd"] for E in EN]],
    "fee_per_lesson": [E["fee"] for E in EN], "status": e_status, "withdrawn_at": ts(known(E_wdr))})[e_in]
teachers = pd.DataFrame({
    "teacher_code": te_code, "branch_id": [x[0] + 1 for x in TE],
    "full_name": [f"{a} {b}" for a, b in zip(rng.choice(["Anna", "Ben", "Cleo", "Dev", "Eva", "Finn"], NTE),
                  rng.choice(["Hart", "Moss", "Patel", "Quinn", "Reyes", "Stone"], NTE), strict=True)],
    "instrument": [rng.choice(SPELL[x[1]]) for x in TE], "hired_on": ts(te_hired).date,
    "hourly_rate": np.round(rng.uniform(28, 55, NTE), 0),
    "employment_status": np.where(te_left <= T, "left", "active"), "left_on": ts(known(te_left)).date})[te_hired <= T]
RES_SP = {0: ["Fail", "fail"], 1: ["Pass", "pass "], 2: ["Merit", "merit"], 3: ["Distinction", "DISTINCTION"]}
X_mark = np.array([x[5] for x in EX], float)
X_cls = np.where(X_mark >= 130, 3, np.where(X_mark >= 120, 2, np.where(X_mark >= 100, 1, 0)))
X_kind, X_ent = np.array([x[4] for x in EX]), np.array([x[2] for x in EX])
X_gr = np.array([x[8] for x in EX], float)
rel = X_res <= T
entries = pd.DataFrame({
    "entry_id": np.arange(1, NX + 1), "student_id": X_st + 1, "teacher_code": te_code[[x[1] for x in EX]],
    "kind": [rng.choice(["Exam", "exam"] if k == "exam" else ["Recital", "recital "]) for k in X_kind],
    "board": [rng.choice(["ABRSM", "abrsm", "Trinity", "TCL"]) if k == "exam" else None for k in X_kind],
    "grade_attempted": pd.array(np.where(np.isnan(X_gr), None, X_gr), dtype="Int64"),
    "entered_at": ts(X_ent), "exam_date": ts([x[3] for x in EX]),
    "fee": np.where(X_kind == "exam", 45 + 8 * np.nan_to_num(X_gr), 0.0), "mark": np.where(rel, X_mark, np.nan),
    "result": np.where(rel & (X_kind == "exam"), [rng.choice(RES_SP[c]) for c in X_cls], None)})[X_ent <= T]
R_st, R_t = np.array([r[0] for r in RE], int), np.array([r[1] for r in RE])
R_ret = np.where(rng.random(NR) < 0.08, INF, last_end[R_st] + rng.uniform(0, 30, NR))
latest_end = np.array([max(t_end[E_term[e]] for e in ST[s]["enr"] if E_t[e] <= max(T, R_t[i]))
                       for i, s in enumerate(R_st)])
PFX = {"violin": "VLN", "cello": "CEL", "flute": "FLT", "guitar": "GTR"}
rentals = pd.DataFrame({
    "rental_id": np.arange(1, NR + 1), "student_id": R_st + 1,
    "asset_tag": [f"{PFX[r[2]]}-{i + 1:04d}" for i, r in enumerate(RE)], "instrument_type": [r[2] for r in RE],
    "size": rng.choice(["1/2", "half", "3/4", "4/4", "full"], NR), "started_at": ts(R_t),
    "due_back_on": ts(latest_end + 14).date, "monthly_fee": 18.0, "returned_at": ts(known(R_ret)),
    "status": np.where(R_ret <= T, "returned", np.where(latest_end + 14 < T,
                       np.where(latest_end + 74 < T, "lost", "overdue"), "on_loan"))})[R_t <= T]
I_status = np.where(paid_T >= I_amt - 0.01, "paid",
                    np.where(paid_T > 0, "part_paid", np.where(I_t + 30 < T, "overdue", "open")))
inv_no = np.array([f"INV-{t_code[E_term[e]]}-{i + 1:05d}" for i, e in enumerate(I_e)])
invoices = pd.DataFrame({
    "invoice_no": inv_no, "student_id": E_st[I_e] + 1, "term_code": t_code[E_term[I_e]], "issued_at": ts(I_t),
    "due_on": ts(I_t + 30).date, "amount": I_amt, "status": I_status})[i_in]
payments = pd.DataFrame({
    "payment_id": np.arange(1, len(PAY) + 1), "invoice_no": inv_no[P_i], "paid_at": ts(P_t), "amount": P_amt,
    "method": rng.choice(["card", "Card", "direct debit", "DD", "cash", "bank transfer"], len(PAY))})[pk]
terms = pd.DataFrame({
    "term_code": t_code, "season": t_season, "start_date": ts(t_start).date, "end_date": ts(t_end).date,
    "published_at": ts(t_start - 90)})[t_start - 90 <= T]
branches = pd.DataFrame({
    "branch_id": np.arange(1, NB + 1), "name": [b[0] for b in BR], "opened_on": ts(b_open).date,
    "fee_level": [b[2] for b in BR], "lesson_reminders": b_remind, "parking": rng.random(NB) < 0.5,
    "region": rng.choice(["north", "east", "south"], NB)})[b_open <= T]
# fmt: on
if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE branches (branch_id INTEGER PRIMARY KEY, name VARCHAR, opened_on DATE, fee_level VARCHAR,
    lesson_reminders BOOLEAN, parking BOOLEAN, region VARCHAR);
CREATE TABLE teachers (teacher_code VARCHAR PRIMARY KEY, branch_id INTEGER REFERENCES branches(branch_id), full_name
    VARCHAR, instrument VARCHAR, hired_on DATE, hourly_rate DOUBLE, employment_status VARCHAR, left_on DATE);
CREATE TABLE guardians (guardian_id INTEGER PRIMARY KEY, created_at TIMESTAMP, email VARCHAR, postcode VARCHAR,
    contact_pref VARCHAR, gift_aid BOOLEAN);
CREATE TABLE students (student_id INTEGER PRIMARY KEY, guardian_id INTEGER, referred_by INTEGER, home_branch_id
    INTEGER, first_name VARCHAR, birth_year INTEGER, created_at TIMESTAMP, instrument VARCHAR, source VARCHAR,
    grade_level INTEGER, status VARCHAR, last_attended_at TIMESTAMP, lessons_attended INTEGER, balance_due DOUBLE);
CREATE TABLE terms (term_code VARCHAR PRIMARY KEY, season VARCHAR, start_date DATE, end_date DATE, published_at
    TIMESTAMP);
CREATE TABLE enrolments (enrolment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(student_id),
    term_code VARCHAR, teacher_code VARCHAR, enrolled_at TIMESTAMP, lesson_minutes INTEGER, weekday VARCHAR,
    fee_per_lesson DOUBLE, status VARCHAR, withdrawn_at TIMESTAMP);
CREATE TABLE lessons (lesson_id INTEGER PRIMARY KEY, enrolment_id INTEGER, student_id INTEGER, teacher_code VARCHAR,
    scheduled_at TIMESTAMP, duration_min INTEGER, room VARCHAR, status VARCHAR, marked_at TIMESTAMP, cancel_reason
    VARCHAR);
CREATE TABLE entries (entry_id INTEGER, student_id INTEGER, teacher_code VARCHAR, kind VARCHAR, board VARCHAR,
    grade_attempted INTEGER, entered_at TIMESTAMP, exam_date TIMESTAMP, fee DOUBLE, mark DOUBLE, result VARCHAR);
CREATE TABLE rentals (rental_id INTEGER PRIMARY KEY, student_id INTEGER, asset_tag VARCHAR, instrument_type VARCHAR,
    size VARCHAR, started_at TIMESTAMP, due_back_on DATE, monthly_fee DOUBLE, returned_at TIMESTAMP, status VARCHAR);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, student_id INTEGER, term_code VARCHAR, issued_at TIMESTAMP,
    due_on DATE, amount DOUBLE, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE, method
    VARCHAR);
""")
for name, df in [
    ("branches", branches),
    ("teachers", teachers),
    ("guardians", guardians),
    ("students", students),
    ("terms", terms),
    ("enrolments", enrolments),
    ("lessons", lessons),
    ("entries", entries),
    ("rentals", rentals),
    ("invoices", invoices),
    ("payments", payments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
