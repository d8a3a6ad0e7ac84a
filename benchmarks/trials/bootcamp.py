"""A coding bootcamp (campuses, mentors, cohorts scheduled ahead, applicants, applications with interviews booked
ahead, enrollments with tuition payment schedules and financing, weekly assignment submissions with grades, mentor
sessions booked ahead, dropouts, job placements after graduation), seeded:
`python benchmarks/trials/bootcamp.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)); row counts are printed by the script (about 110k rows).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2021-09-01..NOW. Rows dated after NOW
exist only where written ahead: cohorts (announced 120-180 days before start_date; start_date / end_date set at
announcement), interviews.scheduled_for (booked 3-14 days ahead), mentor_sessions.scheduled_at (booked 1-6 days
ahead), payments.due_on (a tuition schedule written at enrollment; an ISA's 24 monthly rows written at placement).
Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- campuses (6): format 'online' (Online East, Online West) vs 'in_person' drives dropout (+.7 logit per week, a
  parent attribute two hops from a submission); Miami opens 2023-06-01 (row created then); region is noise
- tracks (stored on cohorts.track): web_dev 12 weeks 14,500 USD, data_science 16 w 16,900 (difficulty +.5),
  ux_design 12 w 12,900 (-.3), cybersecurity 14 w 15,500 (+.3); difficulty lowers grades (6 points per unit) and
  raises dropout (+.4 logit); track sets the placement role and salary
- cohorts: every 12 weeks per (campus, track) stream, Monday 09:00 starts from 2021-10 to 2025-06; capacity 18-32
  (online 40); cohort_code is a TEXT key ('AUS-WD-240115'); status ('planned'/'running'/'completed') and
  seats_taken are TODAY's
- mentors (10 per campus, mentor_code TEXT 'M-007'): quality q ~ N(0, 1) (hidden) lowers its students' dropout
  (-.4 q logit) and raises session ratings; years_industry is noise
- applicants (~8,000): arrival seasonality (Jan x1.6, Feb x1.2, Sep x1.3, Dec x.6, Jun-Aug x.85); latent ability
  a ~ N(0, 1), motivation m ~ N(0, 1), financial stress f ~ N(0, 1) (all hidden); prior_coding_yrs ~ a; source
  MESSY ('Google', 'google ', 'GOOGLE', 'LinkedIn', 'linkedin', 'Referral', 'referral', 'Meetup', NULL 4%);
  email, referral_code noise; lifecycle_stage TODAY's ('lead','applicant','student','alumni','dropped','hired');
  last_activity_at TODAY's
- applications: 80% of applicants apply Exp(10) days after arriving, to the earliest open cohort of their campus
  and track (announced, starting 21+ days later); aptitude_score = 60 + 12a + N(0, 8) at submission; an interview
  is booked (booked_at submission + 1 day, scheduled 3-14 days ahead); no-show p sigmoid(-2 - m); interview
  score (filled later, 1-10) = 5.5 + 1.2a + .8m + N(0, 1.2); decided_at (filled later) = interview + 1-4 days;
  accepted when .6 z(aptitude) + .4 z(score) + N(0, .5) > -.3; rejected ones re-apply with p .25 after 60-120
  days; status TODAY's ('submitted','interviewing','accepted','rejected','withdrawn')
- enrollment: accepted applicants enroll with p sigmoid(1.2 + .8m) Exp(5) days after the decision (before start,
  while seats last); scholarship 0 / 10% / 25%; financing by f: 'upfront' / 'installments' / 'loan' / 'isa' stored
  MESSY ('ISA', 'isa', 'Income Share', 'loan', 'Loan ', 'installments', 'Installment Plan', 'upfront', 'Upfront');
  laptop_loaner is noise; mentor_ref TEXT to mentors.mentor_code
- dropout: per program week p = sigmoid(-4.3 - .6a - .7m + .7 online + .4 difficulty + .45 f - .4 q + .5 [week<3]);
  the student disengages then (no submissions / sessions after), with submissions falling off (p -2.2 logit) and
  grades -10 in the 14 days before; enrollments.dropped_at (filled later) = disengagement + 7-21 days;
  graduated_at (filled later) = end_date 17:00; final_grade filled later; status TODAY's ('enrolled','active',
  'graduated','dropped'); amount_paid TODAY's (payments paid by the snapshot)
- submissions: 2 assignments per week (Thu and Sun 18:00 due); submitted with p sigmoid(2.2 + .8m + .4a); late with
  p sigmoid(-1.8 - m); grade (0-100) = 72 + 9a + 3m - 6 difficulty + N(0, 9); grade and graded_at filled later
  (Exp(2 days) after submission); repo_url noise
- mentor_sessions: booked in a program week with p .7 + .1m (clipped); status TODAY's ('booked','attended',
  'no_show','cancelled'); attended p sigmoid(1.6 + .6m); rating 1-5 (3.8 + .5q + N(0, .7)) and rated_at filled
  later (60% of attended)
- payments: upfront one row due start - 7 d; installments a 1,000 deposit + 6 monthly rows; loan one 'lender' row
  at start; isa a 500 deposit, then 24 monthly rows of 10% salary / 12 written at placement; late with p
  sigmoid(-2.2 + 1.2f) (Exp(15) days), missed p sigmoid(-4 + 1.5f) (and 50% of rows due after a dropout);
  paid_at filled later; status TODAY's ('scheduled','paid','overdue'); method MESSY ('card','Card','ACH','ach',
  'wire','lender')
- placements: after graduation a daily hazard .006 exp(.5a + .3m + track + campus) x month (Jan 1.3, Sep 1.2, Dec .5,
  Jul/Aug .8) for 365 days (dropouts x.12 from their dropped_at); salary by track x exp(.12a); role by track and a;
  enrollment_ref is an enrollment id stored as VARCHAR; verified_at filled later; employer noise;
  employment_type MESSY ('full_time','Full-time','FT','contract','Contract')
- keys: PKs declared on every table; REFERENCES only cohorts -> campuses, mentors -> campuses,
  applications -> applicants. Undeclared: applicants.preferred_campus_id, applications.cohort_code (TEXT), interviews.application_id, enrollments
  (applicant_id, cohort_code TEXT, mentor_ref TEXT), payments.enrollment_id, submissions.enrollment_id,
  mentor_sessions (enrollment_id, mentor_ref TEXT), placements (applicant_id, enrollment_ref VARCHAR of an int)
- `python bootcamp.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
T = (CUT - START).total_seconds() / 86400  # time in days from START
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


def month_of(t):
    return (START + pd.Timedelta(days=float(t))).month


# ---------------- campuses
CAMP = [
    ("Austin", "AUS", "in_person", ["web_dev", "data_science", "ux_design"], "2019-02-01"),
    ("Denver", "DEN", "in_person", ["web_dev", "cybersecurity"], "2019-09-01"),
    ("Chicago", "CHI", "in_person", ["web_dev", "data_science"], "2020-03-01"),
    ("Online East", "ONE", "online", ["web_dev", "data_science", "ux_design", "cybersecurity"], "2020-06-01"),
    ("Online West", "ONW", "online", ["web_dev", "data_science", "ux_design"], "2020-06-01"),
    ("Miami", "MIA", "in_person", ["web_dev", "ux_design"], "2023-06-01"),
]
NCA = len(CAMP)
ca_open = np.array([day(c[4]) for c in CAMP])
ca_online = np.array([c[2] == "online" for c in CAMP])
CAMP_EFF = np.array([0.1, 0.0, 0.15, -0.2, -0.2, -0.1])  # placement
campuses = pd.DataFrame(
    {
        "campus_id": np.arange(1, NCA + 1),
        "name": [c[0] for c in CAMP],
        "format": [c[2] for c in CAMP],
        "region": rng.choice(["south", "west", "midwest", "east"], NCA),
        "opened_on": ts(ca_open).date,
    }
)
TRACK = {
    "web_dev": (12, 14500, 0.0, "WD", 68000),
    "data_science": (16, 16900, 0.5, "DS", 78000),
    "ux_design": (12, 12900, -0.3, "UX", 62000),
    "cybersecurity": (14, 15500, 0.3, "CY", 74000),
}
ROLES = {
    "web_dev": (["frontend", "fullstack", "backend"], [0.0, 0.5, 1.0]),
    "data_science": (["data_analyst", "data_scientist"], [0.0, 1.0]),
    "ux_design": (["ux_designer", "frontend"], [0.0, 0.6]),
    "cybersecurity": (["security_analyst", "backend"], [0.0, 0.8]),
}

# ---------------- mentors
NM = 10 * NCA
m_campus = np.repeat(np.arange(NCA), 10)
m_q = rng.normal(0, 1, NM)
m_hired = np.maximum(ca_open[m_campus], ca_open[m_campus] + rng.uniform(-30, 1400, NM))
m_hired[::10] = ca_open[::1]
m_code = np.array([f"M-{i:03d}" for i in range(1, NM + 1)])
mentors = pd.DataFrame(
    {
        "mentor_code": m_code,
        "campus_id": m_campus + 1,
        "full_name": [
            f"{a} {b}"
            for a, b in zip(
                rng.choice(["Ana", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo"], NM),
                rng.choice(["Lopez", "Kim", "Smith", "Nguyen", "Okafor", "Rossi", "Shah", "Berg"], NM),
                strict=True,
            )
        ],
        "seniority": rng.choice(["junior", "senior", "lead"], NM, p=[0.4, 0.45, 0.15]),
        "years_industry": rng.integers(1, 20, NM),
        "hired_on": ts(m_hired).date,
    }
)

# ---------------- cohorts
C_campus, C_track, C_start, C_ann, C_cap = [], [], [], [], []
first_monday = day("2021-10-04")
for ci, c in enumerate(CAMP):
    for tr in c[3]:
        phase = int(rng.integers(0, 12))
        s = first_monday + 7 * phase
        while s <= day("2025-06-30"):
            if s >= ca_open[ci] + 14:
                C_campus.append(ci)
                C_track.append(tr)
                C_start.append(s + 9 / 24)
                C_ann.append(s - rng.uniform(120, 180) + rng.uniform(0.3, 0.7))
                C_cap.append(40 if ca_online[ci] else int(rng.integers(18, 33)))
            s += 7 * 12
C_campus = np.array(C_campus)
C_track = np.array(C_track, dtype=object)
C_start = np.array(C_start)
C_ann = np.array(C_ann)
C_cap = np.array(C_cap)
C_weeks = np.array([TRACK[t][0] for t in C_track])
C_end = C_start - 9 / 24 + 7 * C_weeks - 3 + 17 / 24  # Friday 17:00 of the last week
NCO = len(C_start)
C_code = np.array(
    [
        f"{CAMP[c][1]}-{TRACK[t][3]}-{(START + pd.Timedelta(days=float(s))).strftime('%y%m%d')}"
        for c, t, s in zip(C_campus, C_track, C_start, strict=True)
    ]
)
C_room = rng.choice(["A", "B", "C", "Lab 1", "Lab 2"], NCO)
by_stream = {}
for i in np.argsort(C_start, kind="stable"):
    by_stream.setdefault((C_campus[i], C_track[i]), []).append(i)

# ---------------- applicants
A0, A1 = day("2021-09-01"), TNOW
ad = np.arange(int(A0), int(A1) + 1)
mon = np.array([month_of(d) for d in ad])
SEAS = {1: 1.6, 2: 1.2, 9: 1.3, 12: 0.6, 6: 0.85, 7: 0.85, 8: 0.85}
rate = 6.4 * np.array([SEAS.get(int(m), 1.0) for m in mon]) * (1 + 0.15 * (ad - A0) / 365)
n_per = rng.poisson(rate)
ap_t = np.repeat(ad, n_per) + rng.uniform(0.3, 0.95, n_per.sum())
NAP = len(ap_t)
ap_a = rng.normal(0, 1, NAP)
ap_m = rng.normal(0, 1, NAP)
ap_f = rng.normal(0, 1, NAP)
ap_campus = rng.choice(NCA, NAP, p=[0.2, 0.15, 0.15, 0.2, 0.2, 0.1])
pre_mia = (ap_campus == 5) & (ap_t < ca_open[5])
ap_campus[pre_mia] = rng.choice([0, 3], pre_mia.sum())
ap_trackpref = rng.choice(list(TRACK), NAP, p=[0.45, 0.25, 0.15, 0.15])
ap_track = np.array(
    [t if t in CAMP[c][3] else rng.choice(CAMP[c][3]) for c, t in zip(ap_campus, ap_trackpref, strict=True)],
    dtype=object,
)
ap_prior = np.round(np.clip(np.exp(0.5 * ap_a + rng.normal(-0.5, 0.6, NAP)) - 0.3, 0, 15), 1)
ap_age = np.clip(np.round(rng.normal(29, 6, NAP)), 18, 60).astype(int)
SRC = ["Google", "google ", "GOOGLE", "LinkedIn", "linkedin", "Referral", "referral", "Meetup"]
ap_source = rng.choice(SRC, NAP, p=[0.22, 0.06, 0.03, 0.2, 0.07, 0.2, 0.1, 0.12]).astype(object)
ap_source[rng.random(NAP) < 0.04] = None
ap_email = np.where(rng.random(NAP) < 0.1, None, np.array([f"user{i}@mail.example" for i in range(NAP)]))
ap_ref = [f"R{rng.integers(10**5, 10**6)}" if rng.random() < 0.3 else None for _ in range(NAP)]
ap_employed = rng.random(NAP) < 0.55

# ---------------- applications, interviews, decisions
APP = []  # [applicant, cohort, submitted, aptitude, decided, status_final]
IV = []  # [app_idx, booked, scheduled, no_show, score]
cand = []  # (enroll_t, applicant, cohort, app_idx)


def open_cohort(c, tr, t):
    for i in by_stream.get((c, tr), []):
        if C_ann[i] <= t and C_start[i] >= t + 21:
            return i
    return -1


for p in range(NAP):
    if rng.random() >= 0.8:
        continue
    t = ap_t[p] + rng.exponential(10)
    tries = 0
    while t < TNOW and tries < 3:
        tries += 1
        co = open_cohort(ap_campus[p], ap_track[p], t)
        if co < 0:
            break
        apt = float(np.clip(np.round(60 + 12 * ap_a[p] + rng.normal(0, 8)), 0, 100))
        ai = len(APP)
        bk = t + 1 + rng.uniform(0, 0.3)
        sc = np.floor(bk + rng.uniform(3, 14)) + rng.choice([10, 11, 13, 14, 15, 16]) / 24
        noshow = rng.random() < sig(-2 - ap_m[p])
        score = float(np.clip(np.round(5.5 + 1.2 * ap_a[p] + 0.8 * ap_m[p] + rng.normal(0, 1.2)), 1, 10))
        IV.append([ai, bk, sc, noshow, score])
        if noshow:
            APP.append([p, co, t, apt, sc + rng.uniform(2, 5), "withdrawn"])
            break
        dec = sc + rng.uniform(1, 4)
        ok = 0.6 * (apt - 60) / 14 + 0.4 * (score - 5.5) / 1.7 + rng.normal(0, 0.5) > -0.3
        APP.append([p, co, t, apt, dec, "accepted" if ok else "rejected"])
        if ok:
            if rng.random() < sig(1.2 + 0.8 * ap_m[p]):
                et = dec + rng.exponential(5)
                if et < C_start[co] - 1:
                    cand.append((et, p, co, ai))
            break
        if rng.random() >= 0.25:
            break
        t = dec + rng.uniform(60, 120)

NAPP = len(APP)
P_ap = np.array([x[0] for x in APP])
P_co = np.array([x[1] for x in APP])
P_t = np.array([x[2] for x in APP])
P_apt = np.array([x[3] for x in APP])
P_dec = np.array([x[4] for x in APP])
P_final = np.array([x[5] for x in APP], dtype=object)
NIV = len(IV)
I_app = np.array([x[0] for x in IV])
I_bk = np.array([x[1] for x in IV])
I_sc = np.array([x[2] for x in IV])
I_ns = np.array([x[3] for x in IV])
I_score = np.array([x[4] for x in IV])
I_interviewer = rng.choice(["admissions-1", "admissions-2", "admissions-3", "lead"], NIV)

# ---------------- enrollments (seats in order of enrolling)
cand.sort()
seats = np.zeros(NCO, int)
ENR = []
for et, p, co, ai in cand:
    if seats[co] < C_cap[co]:
        seats[co] += 1
        ENR.append((p, co, et, ai))
NE = len(ENR)
E_ap = np.array([x[0] for x in ENR])
E_co = np.array([x[1] for x in ENR])
E_t = np.array([x[2] for x in ENR])
E_a, E_m, E_f = ap_a[E_ap], ap_m[E_ap], ap_f[E_ap]
E_track = C_track[E_co]
E_diff = np.array([TRACK[t][2] for t in E_track])
E_weeks = C_weeks[E_co]
E_s = C_start[E_co]
E_online = ca_online[C_campus[E_co]]
E_mentor = np.array(
    [rng.choice(np.nonzero((m_campus == C_campus[c]) & (m_hired <= et))[0]) for c, et in zip(E_co, E_t, strict=True)]
)
E_sch = rng.choice([0.0, 0.1, 0.25], NE, p=[0.75, 0.17, 0.08])
E_tuition = np.round(np.array([TRACK[t][1] for t in E_track]) * (1 - E_sch), 0)
fin_p = np.stack([sig(-0.5 - E_f), np.full(NE, 0.35), sig(-1 + 0.5 * E_f), sig(-0.8 + 0.6 * E_f)], axis=1)
fin_p /= fin_p.sum(1, keepdims=True)
E_fin = np.array([rng.choice(4, p=fp) for fp in fin_p])
FIN_SPELL = {
    0: (["upfront", "Upfront"], [0.8, 0.2]),
    1: (["installments", "Installment Plan"], [0.7, 0.3]),
    2: (["loan", "Loan "], [0.85, 0.15]),
    3: (["ISA", "isa", "Income Share"], [0.6, 0.25, 0.15]),
}
E_fin_txt = np.array([rng.choice(FIN_SPELL[k][0], p=FIN_SPELL[k][1]) for k in E_fin], dtype=object)
E_laptop = rng.random(NE) < 0.2

# ---------------- the program: dropout, submissions, mentor sessions
E_dis = np.full(NE, INF)
SUB = []  # (enr, assignment_no, submitted, late, grade, graded)
SES = []  # (enr, mentor, booked, scheduled, outcome, rating, rated)
for e in range(NE):
    s = E_s[e]
    for w in range(E_weeks[e]):
        lg = (
            -4.3
            - 0.6 * E_a[e]
            - 0.7 * E_m[e]
            + 0.7 * E_online[e]
            + 0.4 * E_diff[e]
            + 0.45 * E_f[e]
            - 0.4 * m_q[E_mentor[e]]
            + 0.5 * (w < 3)
        )
        if rng.random() < sig(lg):
            E_dis[e] = s + 7 * w + rng.uniform(0, 7)
            break
    dis = E_dis[e]
    for w in range(E_weeks[e]):
        wk = s - 9 / 24 + 7 * w
        if wk > dis:
            break
        for j in range(2):
            due = wk + 3 + 3 * j + 18 / 24
            near = dis < INF and due > dis - 14
            if rng.random() >= sig(2.2 + 0.8 * E_m[e] + 0.4 * E_a[e] - 2.2 * near):
                continue
            late = rng.random() < sig(-1.8 - E_m[e])
            st = due - rng.uniform(0, 2.5) + (rng.exponential(1.5) if late else 0)
            if st > dis:
                continue
            g = 72 + 9 * E_a[e] + 3 * E_m[e] - 6 * E_diff[e] + rng.normal(0, 9) - 10 * near
            SUB.append((e, 2 * w + j + 1, st, st > due, float(np.clip(np.round(g), 0, 100)), st + rng.exponential(2)))
        if rng.random() < np.clip(0.7 + 0.1 * E_m[e], 0.2, 0.95):
            bk = wk + rng.uniform(0, 2)
            sc = np.floor(bk + rng.uniform(1, 6)) + rng.choice([9, 11, 14, 16, 18]) / 24
            attend = sig(1.6 + 0.6 * E_m[e])
            out = "cancelled" if sc > dis else ("attended" if rng.random() < attend else "no_show")
            rt = out == "attended" and rng.random() < 0.6
            rating = float(np.clip(np.round(3.8 + 0.5 * m_q[E_mentor[e]] + rng.normal(0, 0.7)), 1, 5))
            SES.append(
                (e, E_mentor[e], bk, sc, out, rating if rt else np.nan, sc + rng.exponential(1.5) if rt else INF)
            )

E_end = C_end[E_co]
E_drop = np.where(np.isfinite(E_dis), E_dis + rng.uniform(7, 21, NE), INF)
E_grad = np.where(np.isfinite(E_dis), INF, E_end)

# ---------------- placements
PL = []  # (enr, placed_t, salary, role)
days_ahead = np.arange(365)
for e in range(NE):
    t0 = E_grad[e] if np.isfinite(E_grad[e]) else E_drop[e]
    lvl = 0.006 * np.exp(0.5 * E_a[e] + 0.3 * E_m[e] + 0.1 * E_diff[e] + CAMP_EFF[C_campus[E_co[e]]])
    if np.isfinite(E_drop[e]):
        lvl *= 0.12
    mo = ((START + pd.Timedelta(days=float(t0))).month - 1 + (days_ahead // 30.44).astype(int)) % 12 + 1
    h = lvl * np.select([mo == 1, mo == 9, mo == 12, (mo == 7) | (mo == 8)], [1.3, 1.2, 0.5, 0.8], 1.0)
    u = rng.random(365)
    hit = np.nonzero(u < h)[0]
    if len(hit):
        pt = t0 + hit[0] + rng.uniform(0.3, 0.7)
        tr = E_track[e]
        sal = np.round(TRACK[tr][4] * np.exp(0.12 * E_a[e] + rng.normal(0, 0.1)) / 500) * 500
        roles, shift = ROLES[tr]
        w_ = np.exp(np.array(shift) * E_a[e] + rng.normal(0, 0.3, len(roles)))
        PL.append((e, pt, sal, rng.choice(roles, p=w_ / w_.sum())))
NPL = len(PL)
L_e = np.array([x[0] for x in PL])
L_t = np.array([x[1] for x in PL])
L_sal = np.array([x[2] for x in PL])
L_role = np.array([x[3] for x in PL], dtype=object)
L_ver = L_t + rng.exponential(20, NPL)
L_emp = rng.choice(["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Pied Piper"], NPL)
L_type = rng.choice(["full_time", "Full-time", "FT", "contract", "Contract"], NPL, p=[0.5, 0.2, 0.1, 0.15, 0.05])

# ---------------- payments
PAY = []  # (enr, created, due, amount, method)
card = ["card", "Card", "ACH", "ach", "wire"]
for e in range(NE):
    tu, et, s = E_tuition[e], E_t[e], E_s[e]
    k = E_fin[e]
    if k == 0:
        PAY.append((e, et, np.floor(s - 7), tu, rng.choice(card)))
    elif k == 1:
        PAY.append((e, et, np.floor(et + 1), 1000.0, rng.choice(card)))
        meth = rng.choice(["card", "Card", "ACH", "ach"])
        for i in range(6):
            PAY.append((e, et, np.floor(s) + round(30.44 * i), round((tu - 1000) / 6, 2), meth))
    elif k == 2:
        PAY.append((e, et, np.floor(s), tu, "lender"))
    else:
        PAY.append((e, et, np.floor(et + 1), 500.0, rng.choice(card)))
for e, pt, sal, _r in PL:
    if E_fin[e] == 3:
        for i in range(24):
            PAY.append((e, pt + 1, np.floor(pt) + 30 + round(30.44 * i), round(sal * 0.1 / 12, 2), "ACH"))
NPA = len(PAY)
Y_e = np.array([x[0] for x in PAY])
Y_created = np.array([x[1] for x in PAY])
Y_due = np.array([x[2] for x in PAY])
Y_amt = np.array([x[3] for x in PAY])
Y_meth = np.array([x[4] for x in PAY], dtype=object)
yf = E_f[Y_e]
late = rng.random(NPA) < sig(-2.2 + 1.2 * yf)
Y_paid = Y_due + np.where(late, 5 + rng.exponential(15, NPA), -rng.uniform(0, 3, NPA)) + rng.uniform(0.3, 0.9, NPA)
Y_paid = np.maximum(Y_paid, Y_created + 0.01)
miss = rng.random(NPA) < sig(-4 + 1.5 * yf)
miss |= (Y_due > E_dis[Y_e]) & (rng.random(NPA) < 0.5)
Y_paid = np.where(miss, INF, Y_paid)
o = np.argsort(Y_created + Y_due * 1e-6, kind="stable")
Y_e, Y_created, Y_due, Y_amt, Y_meth, Y_paid = Y_e[o], Y_created[o], Y_due[o], Y_amt[o], Y_meth[o], Y_paid[o]

# ---------------- tables as they stood at CUT
cohort_in = C_ann <= T
e_in = E_t <= T
seats_now = np.bincount(E_co[e_in], minlength=NCO)
cohorts = pd.DataFrame(
    {
        "cohort_code": C_code,
        "campus_id": C_campus + 1,
        "track": C_track,
        "announced_at": ts(C_ann),
        "start_date": ts(np.floor(C_start)).date,
        "end_date": ts(np.floor(C_end)).date,
        "capacity": C_cap,
        "classroom": C_room,
        "status": np.where(C_start > T, "planned", np.where(C_end > T, "running", "completed")),
        "seats_taken": seats_now,
    }
)[cohort_in]

# applicants' today's stage and last activity
SUB_e = np.array([x[0] for x in SUB])
SUB_t = np.array([x[2] for x in SUB])
SES_e = np.array([x[0] for x in SES])
SES_sc = np.array([x[3] for x in SES])
SES_out = np.array([x[4] for x in SES], dtype=object)
last = ap_t.copy()
for tt, who in [
    (P_t, P_ap),
    (SUB_t, E_ap[SUB_e]),
    (np.where(SES_out == "attended", SES_sc, INF), E_ap[SES_e]),
    (L_t, E_ap[L_e] if NPL else np.array([], int)),
]:
    k = tt <= T
    np.maximum.at(last, who[k], tt[k])
stage = np.where(np.bincount(P_ap[P_t <= T], minlength=NAP) > 0, "applicant", "lead").astype(object)
stage[E_ap[e_in]] = "student"
stage[E_ap[E_grad <= T]] = "alumni"
stage[E_ap[E_drop <= T]] = "dropped"
stage[E_ap[L_e[L_t <= T]]] = "hired"
applicants = pd.DataFrame(
    {
        "applicant_id": np.arange(1, NAP + 1),
        "created_at": ts(ap_t),
        "email": ap_email,
        "source": ap_source,
        "preferred_campus_id": ap_campus + 1,
        "age": ap_age,
        "prior_coding_yrs": ap_prior,
        "employed": ap_employed,
        "referral_code": ap_ref,
        "lifecycle_stage": stage,
        "last_activity_at": ts(last),
    }
)[ap_t <= T]

iv_done = I_sc <= T
iv_by_app = np.full(NAPP, -1)
iv_by_app[I_app] = np.arange(NIV)
P_iv_sc = I_sc[iv_by_app]
P_iv_bk = I_bk[iv_by_app]
app_status = np.where(P_dec <= T, P_final, np.where(P_iv_bk <= T, "interviewing", "submitted")).astype(object)
enrolled_app = np.zeros(NAPP, bool)
enrolled_app[[x[3] for x in ENR]] = True
applications = pd.DataFrame(
    {
        "application_id": np.arange(1, NAPP + 1),
        "applicant_id": P_ap + 1,
        "cohort_code": C_code[P_co],
        "submitted_at": ts(P_t),
        "aptitude_score": P_apt,
        "status": app_status,
        "decided_at": ts(known(P_dec)),
    }
)[P_t <= T]

interviews = pd.DataFrame(
    {
        "interview_id": np.arange(1, NIV + 1),
        "application_id": I_app + 1,
        "interviewer": I_interviewer,
        "booked_at": ts(I_bk),
        "scheduled_for": ts(I_sc),
        "status": np.where(~iv_done, "scheduled", np.where(I_ns, "no_show", "completed")),
        "score": np.where(iv_done & ~I_ns, I_score, np.nan),
    }
)[I_bk <= T]

paid_now = np.bincount(Y_e[Y_paid <= T], weights=Y_amt[Y_paid <= T], minlength=NE)
e_status = np.where(
    E_drop <= T, "dropped", np.where(E_grad <= T, "graduated", np.where(E_s <= T, "active", "enrolled"))
)
sub_grade = pd.Series([x[4] for x in SUB]).groupby(SUB_e).mean().reindex(range(NE)).to_numpy()
fin_grade_t = E_grad + 3
enrollments = pd.DataFrame(
    {
        "enrollment_id": np.arange(1, NE + 1),
        "applicant_id": E_ap + 1,
        "cohort_code": C_code[E_co],
        "mentor_ref": m_code[E_mentor],
        "enrolled_at": ts(E_t),
        "financing": E_fin_txt,
        "tuition_usd": E_tuition,
        "scholarship_pct": (E_sch * 100).astype(int),
        "laptop_loaner": E_laptop,
        "status": e_status,
        "amount_paid": np.round(paid_now, 2),
        "dropped_at": ts(known(E_drop)),
        "graduated_at": ts(known(E_grad)),
        "final_grade": np.where(fin_grade_t <= T, np.round(sub_grade, 1), np.nan),
    }
)[e_in]

Y_status = np.where(Y_paid <= T, "paid", np.where(Y_due + 1 <= T, "overdue", "scheduled"))
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NPA + 1),
        "enrollment_id": Y_e + 1,
        "created_at": ts(Y_created),
        "due_on": ts(Y_due).date,
        "amount": Y_amt,
        "method": Y_meth,
        "status": Y_status,
        "paid_at": ts(known(Y_paid)),
    }
)[Y_created <= T]

NS = len(SUB)
S_graded = np.array([x[5] for x in SUB])
sk = S_graded <= T
submissions = pd.DataFrame(
    {
        "submission_id": np.arange(1, NS + 1),
        "enrollment_id": SUB_e + 1,
        "assignment_no": [x[1] for x in SUB],
        "submitted_at": ts(SUB_t),
        "is_late": [x[3] for x in SUB],
        "repo_url": [f"https://git.example/s{rng.integers(10**6, 10**7)}" for _ in range(NS)],
        "grade": np.where(sk, [x[4] for x in SUB], np.nan),
        "graded_at": ts(known(S_graded)),
    }
)[(SUB_t <= T) & (SUB_t <= TNOW)]

NSE = len(SES)
SES_bk = np.array([x[2] for x in SES])
SES_rt = np.array([x[6] for x in SES])
ses_status = np.where(
    SES_out == "cancelled",
    np.where(E_drop[SES_e] <= T, "cancelled", np.where(SES_sc <= T, "no_show", "booked")),
    np.where(SES_sc <= T, SES_out, "booked"),
)
mentor_sessions = pd.DataFrame(
    {
        "session_id": np.arange(1, NSE + 1),
        "enrollment_id": SES_e + 1,
        "mentor_ref": m_code[np.array([x[1] for x in SES])],
        "booked_at": ts(SES_bk),
        "scheduled_at": ts(SES_sc),
        "duration_min": rng.choice([30, 45, 60], NSE, p=[0.5, 0.3, 0.2]),
        "status": ses_status,
        "rating": np.where(SES_rt <= T, [x[5] for x in SES], np.nan),
        "rated_at": ts(known(SES_rt)),
    }
)[(SES_bk <= T) & (SES_bk <= TNOW)]

placements = pd.DataFrame(
    {
        "placement_id": np.arange(1, NPL + 1),
        "applicant_id": E_ap[L_e] + 1,
        "enrollment_ref": (L_e + 1).astype(str),
        "placed_at": ts(L_t),
        "employer": L_emp,
        "role": L_role,
        "employment_type": L_type,
        "salary_usd": L_sal,
        "verified_at": ts(known(L_ver)),
    }
)[(L_t <= T) & (L_t <= TNOW)]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE campuses (campus_id INTEGER PRIMARY KEY, name VARCHAR, format VARCHAR, region VARCHAR, opened_on DATE);
CREATE TABLE mentors (mentor_code VARCHAR PRIMARY KEY, campus_id INTEGER REFERENCES campuses(campus_id),
                      full_name VARCHAR, seniority VARCHAR, years_industry INTEGER, hired_on DATE);
CREATE TABLE cohorts (cohort_code VARCHAR PRIMARY KEY, campus_id INTEGER REFERENCES campuses(campus_id),
                      track VARCHAR, announced_at TIMESTAMP, start_date DATE, end_date DATE, capacity INTEGER,
                      classroom VARCHAR, status VARCHAR, seats_taken INTEGER);
CREATE TABLE applicants (applicant_id INTEGER PRIMARY KEY, created_at TIMESTAMP, email VARCHAR, source VARCHAR,
                         preferred_campus_id INTEGER, age INTEGER, prior_coding_yrs DOUBLE, employed BOOLEAN,
                         referral_code VARCHAR, lifecycle_stage VARCHAR, last_activity_at TIMESTAMP);
CREATE TABLE applications (application_id INTEGER PRIMARY KEY,
                           applicant_id INTEGER REFERENCES applicants(applicant_id), cohort_code VARCHAR,
                           submitted_at TIMESTAMP, aptitude_score DOUBLE, status VARCHAR, decided_at TIMESTAMP);
CREATE TABLE interviews (interview_id INTEGER PRIMARY KEY, application_id INTEGER, interviewer VARCHAR,
                         booked_at TIMESTAMP, scheduled_for TIMESTAMP, status VARCHAR, score DOUBLE);
CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, applicant_id INTEGER, cohort_code VARCHAR,
                          mentor_ref VARCHAR, enrolled_at TIMESTAMP, financing VARCHAR, tuition_usd DOUBLE,
                          scholarship_pct INTEGER, laptop_loaner BOOLEAN, status VARCHAR, amount_paid DOUBLE,
                          dropped_at TIMESTAMP, graduated_at TIMESTAMP, final_grade DOUBLE);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, enrollment_id INTEGER, created_at TIMESTAMP, due_on DATE,
                       amount DOUBLE, method VARCHAR, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE submissions (submission_id INTEGER PRIMARY KEY, enrollment_id INTEGER, assignment_no INTEGER,
                          submitted_at TIMESTAMP, is_late BOOLEAN, repo_url VARCHAR, grade DOUBLE,
                          graded_at TIMESTAMP);
CREATE TABLE mentor_sessions (session_id INTEGER PRIMARY KEY, enrollment_id INTEGER, mentor_ref VARCHAR,
                              booked_at TIMESTAMP, scheduled_at TIMESTAMP, duration_min INTEGER, status VARCHAR,
                              rating DOUBLE, rated_at TIMESTAMP);
CREATE TABLE placements (placement_id INTEGER PRIMARY KEY, applicant_id INTEGER, enrollment_ref VARCHAR,
                         placed_at TIMESTAMP, employer VARCHAR, role VARCHAR, employment_type VARCHAR,
                         salary_usd DOUBLE, verified_at TIMESTAMP);
""")
for name, df in [
    ("campuses", campuses[ca_open <= T]),
    ("mentors", mentors[m_hired <= T]),
    ("cohorts", cohorts),
    ("applicants", applicants),
    ("applications", applications),
    ("interviews", interviews),
    ("enrollments", enrollments),
    ("payments", payments),
    ("submissions", submissions),
    ("mentor_sessions", mentor_sessions),
    ("placements", placements),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
