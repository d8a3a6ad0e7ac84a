"""A school district's student information system (schools, teachers, students, courses, term sections,
enrollments, assignments, submissions, a daily attendance snapshot, discipline incidents, a student status log),
seeded: `python benchmarks/trials/school.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12),
the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 4 schools, 56 teachers, about 1,000
students (about 600 enrolled at a time), about 430 sections, 10k enrollments, 3.5k assignments, 80k submissions,
about 200k attendance rows, 2k incidents (about 30 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW.
School calendar: terms 2023-SPRING (2023-01-09..2023-06-02), 2023-FALL (2023-08-28..2023-12-20), 2024-SPRING
(2024-01-08..2024-05-31), 2024-FALL (2024-08-26..2024-12-20), and 2025-SPRING (2025-01-06..2025-05-30) whose schedule
(enrollments, sections dated by term_start ahead) is written from 2024-12-12; school days are the weekdays of a term less
holidays (MLK, Presidents' Day, spring break week, Labor Day, Thanksgiving week). No school days in summer
(June..late August) nor over the winter break. Rows dated after NOW exist only where written ahead:
assignments.due_at (an assignment is created 4-12 days before it is due; none is due after 2024-12-20).

Truth (seed 0):
- schools (4): two middle schools (grades 6-8) and two high schools (9-12), zone A (1: middle, 3: high) and
  zone B (2, 4). principal, phone, zone are noise
- teachers (56): 12 per middle school, 16 per high school; latent quality q ~ N(0, .5); teacher_id is text
  'T0001'; hire_date, email noise
- students: 600 enrolled before 2023 (grades 6-12), 90 new 6th graders each 2023-08-15 and 2024-08-15 (plus
  12 new 9th graders), transfers in mid-term Poisson(.25) per school day (random grade). Latent engagement e:
  N(0, 1) at entry, AR drift each day e = .9995 e + N(0, .02). free_lunch ~ Bernoulli(sigmoid(-.4 - .6 e0))
- attendance (each school day, each active student): absent/excused with p = sigmoid(-3.3 - .95 e + .3 free_lunch
  + 1.4 absent yesterday + .35 Jan-Feb + .25 Friday + .2 grade >= 11); of those 35% 'excused', else 'absent';
  else 'tardy' with p = sigmoid(-3.2 - .6 e); else 'present'
- discipline incidents: per school day hazard .003 exp(-.8 e) x 1.4 in middle school; severity minor .6 /
  moderate .3 / major .1; a major one lowers e by .15; resolved_at = occurred + Exp(3 days) (filled later),
  action (filled later with resolved_at) by severity
- withdrawal: per school day hazard .0004 exp(-1.1 e) x (1 + .3 incidents in the last 60 days); per summer day
  (Jun 5..Aug 20) .0003 exp(-.5 e) (moves). Withdrawal sets withdrawn_on, exit_code 'WD', status 'withdrawn',
  dropped_at on open enrollments, a status log row. Grade 12 actives graduate on the spring term's last day
  (exit_code 'GR', status 'graduated'). Every Aug 1 the actives are promoted a grade, 8th -> 9th moving from the
  zone's middle to its high school (a 'promote' log row with old/new school)
- courses: middle 7, high 10, difficulty d ~ N(0, .04); each term each active student takes 4 distinct courses
  of its school, sections of at most 28 (a random teacher of the school per section), enrolled_at = term start -
  U(1, 25) days; transfers enrol on their entry day; 5% of enrollments dropped in the first 15 days
- assignments: per section every 8-12 school days (first after 4-8), due that day 23:59, created 4-12 days
  before; points 10/20/50/100
- submissions: one row per (assignment, enrollment) enrolled by due and not dropped before its creation,
  existing from max(created, enrolled); missing with p = sigmoid(-2.4 - 1.2 e + .35 absences in the last 10
  school days); late with p = sigmoid(-1.6 - .9 e) (due + Exp(2 days)) else due - Exp(1.5 days) (not before the
  row exists); score fraction = clip(.84 + .09 e + .04 q + d + N(0, .08) - .08 late, 0, 1) x points, graded
  max(submitted, due) + .5 + Exp(4) days (filled later with graded_at); status (today's): assigned / missing /
  submitted / graded / excused (dropped before due)
- final_grade (filled at term end + U(2, 6) days, no date of its own): pct = mean score fraction with missing as
  0 + N(0, .03) -> A >= .84, B >= .74, C >= .64, D >= .54, else F; NULL for dropped enrollments
- students.grade_level, school_id, status, gpa (running: hidden pre-2023 gpa weighted 3 credits per year of
  prior school, then every posted final grade by course credits), withdrawn_on, exit_code hold TODAY's state
  (as of CUT); enrollments.dropped_at, final_grade, submissions.submitted_at/score/graded_at/status,
  incidents.resolved_at/action are filled in later
- keys: PK declared on every table but attendance_daily; REFERENCES declared only students.school_id,
  enrollments.student_id, sections.course_id; attendance_daily's student column is `stu_id`, its date `att_date`,
  its status `status_cd`; teacher ids and incident ids are text
- `python school.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  / filled-later column is as it stood at DATE (exact)
"""

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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
INF = np.inf


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


TERMS = [
    ("2023-SPRING", "2023-01-09", "2023-06-02"),
    ("2023-FALL", "2023-08-28", "2023-12-20"),
    ("2024-SPRING", "2024-01-08", "2024-05-31"),
    ("2024-FALL", "2024-08-26", "2024-12-20"),
    ("2025-SPRING", "2025-01-06", "2025-05-30"),  # scheduled ahead: its enrollments are written from 2024-12-12
]
HOL = set()
for a, b in [
    ("2023-01-16", "2023-01-16"), ("2023-02-20", "2023-02-20"), ("2023-03-27", "2023-03-31"),
    ("2023-09-04", "2023-09-04"), ("2023-11-20", "2023-11-24"), ("2024-01-15", "2024-01-15"),
    ("2024-02-19", "2024-02-19"), ("2024-03-25", "2024-03-29"), ("2024-09-02", "2024-09-02"),
    ("2024-11-25", "2024-11-29"),
]:
    for x in pd.date_range(a, b):
        HOL.add((x - START).days)
term_of_day = np.full(ND, -1)
school_day = np.zeros(ND, bool)
for k, (_, a, b) in enumerate(TERMS):
    for x in pd.date_range(a, b):
        d = (x - START).days
        if d >= ND:
            break
        term_of_day[d] = k
        school_day[d] = x.weekday() < 5 and d not in HOL
term_start = np.array([(pd.Timestamp(a) - START).days for _, a, _ in TERMS])
term_end = np.array([(pd.Timestamp(b) - START).days for _, _, b in TERMS])

# ---------------- schools, teachers, courses
schools = pd.DataFrame(
    {
        "school_id": [1, 2, 3, 4],
        "school_name": ["Lincoln Middle", "Roosevelt Middle", "Jefferson High", "Kennedy High"],
        "level": ["middle", "middle", "high", "high"],
        "zone": ["A", "B", "A", "B"],
        "principal": ["Dr. Ortiz", "Ms. Chen", "Mr. Alvarez", "Dr. Okafor"],
        "phone": [f"555-01{rng.integers(10, 99)}" for _ in range(4)],
    }
)
SCH_HIGH = np.array([False, False, True, True])
t_school = np.concatenate([np.full(12, 0), np.full(12, 1), np.full(16, 2), np.full(16, 3)])
NT = len(t_school)
t_q = rng.normal(0, 0.5, NT)
teachers = pd.DataFrame(
    {
        "teacher_id": [f"T{i:04d}" for i in range(1, NT + 1)],
        "school_id": t_school + 1,
        "full_name": [f"Teacher {i}" for i in range(1, NT + 1)],
        "hire_date": ts([secs("2005-08-01") + rng.integers(0, 17) * 365 * DAY for _ in range(NT)]).date,
        "email": [f"t{i}@district.k12.us" for i in range(1, NT + 1)],
    }
)
MID_C = ["Math", "English", "Science", "Social Studies", "Art", "PE", "Music"]
HIGH_C = ["Algebra", "Geometry", "English", "Biology", "Chemistry", "History", "Spanish", "Art", "PE",
          "Computer Science"]
c_level = np.array([0] * len(MID_C) + [1] * len(HIGH_C))
c_name = MID_C + HIGH_C
NC = len(c_name)
c_diff = rng.normal(0, 0.04, NC)
c_credits = np.where(np.isin(c_name, ["Art", "PE", "Music"]), 0.5, 1.0)
courses = pd.DataFrame(
    {
        "course_id": np.arange(1, NC + 1),
        "course_code": [("MS-" if lv == 0 else "HS-") + n.upper().replace(" ", "")[:6] for lv, n in zip(c_level, c_name, strict=True)],
        "title": c_name,
        "level": np.where(c_level == 0, "middle", "high"),
        "credits": c_credits,
    }
)

# ---------------- students (arrays grown as students arrive)
NMAX = 1400
s_e = np.zeros(NMAX)
s_e0 = np.zeros(NMAX)
s_grade = np.zeros(NMAX, int)
s_zone = np.zeros(NMAX, int)
s_in = np.full(NMAX, INF)  # entry time
s_out = np.full(NMAX, INF)  # exit time
s_exit = np.array([None] * NMAX, dtype=object)
s_fl = np.zeros(NMAX, bool)
s_prior_gpa = np.full(NMAX, np.nan)
s_prior_cred = np.zeros(NMAX)
s_grade0 = np.zeros(NMAX, int)  # grade at entry
s_school0 = np.zeros(NMAX, int)
s_absy = np.zeros(NMAX)  # absent yesterday
n_st = 0
LOG = []  # (student, t, old_status, new_status, old_school, new_school)
GRADE_LOG = []  # (student, t, new_grade, new_school)


def school_for(grade, zone):
    return zone + (2 if grade >= 9 else 0)


def new_student(t, grade):
    global n_st
    i = n_st
    n_st += 1
    s_e[i] = s_e0[i] = rng.normal()
    s_grade[i] = s_grade0[i] = grade
    s_zone[i] = rng.integers(0, 2)
    s_school0[i] = school_for(grade, s_zone[i])
    s_in[i] = t
    s_fl[i] = rng.random() < sig(-0.4 - 0.6 * s_e0[i])
    yrs = grade - 6 if t > 0 else grade - 6 + 0.5
    if yrs > 0:
        s_prior_gpa[i] = float(np.clip(2.9 + 0.45 * s_e0[i] + rng.normal(0, 0.3), 0.5, 4.0))
        s_prior_cred[i] = 3 * yrs
    LOG.append((i, t, None, "active", None, s_school0[i]))
    return i


for g in range(6, 13):
    for _ in range(86):
        new_student(-rng.uniform(30, 365 * (g - 5)) * DAY, g)

# ---------------- sections, enrollments, assignments, submissions, attendance, incidents
SEC = {k: [] for k in ["term", "course", "teacher", "school", "room"]}
sec_enr = []  # per section the list of enrollment indices
sec_asg = []
ENR = {k: [] for k in ["s", "sec", "t", "drop", "grade", "posted"]}
ASG = {k: [] for k in ["sec", "created", "due", "points", "title"]}
SUB = {k: [] for k in ["a", "s", "enr", "exist", "sub", "score", "graded", "drop_before_due"]}
ATT_s, ATT_d, ATT_st, ATT_sch = [], [], [], []
INC = {k: [] for k in ["s", "t", "sev", "cat", "resolved", "action", "school", "teacher"]}
abs_hist = np.zeros((NMAX, 10))  # absences over the last 10 school days
inc_times = [[] for _ in range(NMAX)]


def active(t):
    idx = np.arange(n_st)
    return idx[(s_in[:n_st] <= t) & (s_out[:n_st] > t)]


def cur_school(i):
    return school_for(s_grade[i], s_zone[i])


def enrol(i, k, t, courses_taken=None):
    """4 courses of the student's school in term k, joining an existing section or opening one."""
    sch = cur_school(i)
    lv = 1 if SCH_HIGH[sch] else 0
    pool = np.flatnonzero(c_level == lv)
    for c in rng.choice(pool, 4, replace=False):
        cand = [x for x in range(len(SEC["term"])) if SEC["term"][x] == k and SEC["course"][x] == c
                and SEC["school"][x] == sch and len(sec_enr[x]) < 28]
        if cand:
            x = cand[0]
        else:
            x = len(SEC["term"])
            SEC["term"].append(k)
            SEC["course"].append(c)
            SEC["teacher"].append(int(rng.choice(np.flatnonzero(t_school == sch))))
            SEC["school"].append(sch)
            SEC["room"].append(f"{'ABC'[rng.integers(0, 3)]}{rng.integers(100, 130)}")
            sec_enr.append([])
            sec_asg.append([])
            # assignments of the section: every 8-12 school days from 4-8 after the term starts
            days = np.flatnonzero(school_day & (term_of_day == k))
            j = int(rng.integers(4, 9))
            while j < len(days):
                due = days[j] * DAY + 23 * 3600 + 59 * 60
                ASG["sec"].append(x)
                ASG["created"].append(due - rng.uniform(4, 12) * DAY)
                ASG["due"].append(due)
                ASG["points"].append(int(rng.choice([10, 20, 50, 100], p=[0.3, 0.3, 0.25, 0.15])))
                ASG["title"].append(f"{c_name[c]} {['Homework', 'Quiz', 'Lab', 'Essay', 'Project'][rng.integers(0, 5)]} {len(sec_asg[x]) + 1}")
                sec_asg[x].append(len(ASG["sec"]) - 1)
                j += int(rng.integers(8, 13))
        e = len(ENR["s"])
        ENR["s"].append(i)
        ENR["sec"].append(x)
        ENR["t"].append(t)
        drop = t + rng.uniform(1, 15) * DAY if rng.random() < 0.05 else INF
        ENR["drop"].append(max(drop, term_start[k] * DAY + 3600) if drop < INF else INF)
        ENR["grade"].append(None)
        ENR["posted"].append(INF)
        sec_enr[x].append(e)


def withdraw(i, t, code, status):
    s_out[i] = t
    s_exit[i] = code
    LOG.append((i, t, "active", status, cur_school(i), None))
    for e in range(len(ENR["s"])):
        if ENR["s"][e] == i and ENR["drop"][e] == INF and ENR["grade"][e] is None:
            k = SEC["term"][ENR["sec"][e]]
            if t < term_end[k] * DAY + DAY:
                ENR["drop"][e] = t if ENR["t"][e] <= t else -1.0  # -1: scheduled but never started (left out)


LETTER = np.array(["A", "B", "C", "D", "F"])
GP = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}
asg_due_day = None

for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    act = active(t0)
    # drift of engagement (every day)
    s_e[:n_st] = 0.9995 * s_e[:n_st] + rng.normal(0, 0.02, n_st)
    # Aug 1: promotion
    if day.month == 8 and day.day == 1:
        for i in act:
            old = cur_school(i)
            s_grade[i] += 1
            GRADE_LOG.append((i, t0 + 6 * 3600, s_grade[i]))
            if cur_school(i) != old:
                LOG.append((i, t0 + 6 * 3600, "active", "active", old, cur_school(i)))
    # Aug 15: new cohort
    if day.month == 8 and day.day == 15:
        for _ in range(90):
            new_student(t0 + rng.uniform(0, 10) * DAY, 6)
        for _ in range(12):
            new_student(t0 + rng.uniform(0, 10) * DAY, 9)
    # schedules built ahead of each term
    for k in range(len(TERMS)):
        if d == max(term_start[k] - 25, 0):
            for i in active(term_start[k] * DAY):
                enrol(i, k, max(term_start[k] * DAY - rng.uniform(1, 25) * DAY, s_in[i], 0.0) + rng.uniform(0, 3600))
    k = term_of_day[d]
    if school_day[d]:
        # transfers in
        for _ in range(rng.poisson(0.25)):
            i = new_student(t0 + rng.uniform(7, 9) * 3600, int(rng.integers(6, 13)))
            enrol(i, k, s_in[i] + 60)
        act = active(t0 + 7 * 3600)
        e = s_e[act]
        dow = day.weekday()
        p_abs = sig(-3.3 - 0.95 * e + 0.3 * s_fl[act] + 1.4 * s_absy[act] + 0.35 * (day.month in (1, 2))
                    + 0.25 * (dow == 4) + 0.2 * (s_grade[act] >= 11))
        u = rng.random(len(act))
        ab = u < p_abs
        exc = rng.random(len(act)) < 0.35
        tardy = rng.random(len(act)) < sig(-3.2 - 0.6 * e)
        st = np.where(ab, np.where(exc, "excused", "absent"), np.where(tardy, "tardy", "present"))
        s_absy[:] = 0
        s_absy[act] = ab
        abs_hist[:, :-1] = abs_hist[:, 1:]
        abs_hist[:, -1] = 0
        abs_hist[act, -1] = ab
        ATT_s.append(act)
        ATT_d.append(np.full(len(act), d))
        ATT_st.append(st)
        ATT_sch.append(np.array([cur_school(i) for i in act]))
        # incidents
        hz = 0.003 * np.exp(-0.8 * e) * np.where([not SCH_HIGH[cur_school(i)] for i in act], 1.4, 1.0)
        for i in act[(rng.random(len(act)) < hz) & ~ab]:
            sev = rng.choice(["minor", "moderate", "major"], p=[0.6, 0.3, 0.1])
            ti = t0 + rng.uniform(8, 15) * 3600
            INC["s"].append(i)
            INC["t"].append(ti)
            INC["sev"].append(sev)
            INC["cat"].append(rng.choice(["disruption", "tardiness", "fighting", "defiance", "phone use"]))
            INC["resolved"].append(ti + rng.exponential(3) * DAY)
            INC["action"].append({"minor": rng.choice(["warning", "detention"]),
                                  "moderate": rng.choice(["detention", "parent conference"]),
                                  "major": rng.choice(["suspension", "parent conference"])}[sev])
            INC["school"].append(cur_school(i))
            INC["teacher"].append(int(rng.choice(np.flatnonzero(t_school == cur_school(i)))))
            inc_times[i].append(ti)
            if sev == "major":
                s_e[i] -= 0.15
        # withdrawals
        rec = np.array([sum(1 for x in inc_times[i] if x > t0 - 60 * DAY) for i in act])
        hz = 0.0004 * np.exp(-1.1 * e) * (1 + 0.3 * rec)
        for i in act[rng.random(len(act)) < hz]:
            withdraw(i, t0 + rng.uniform(9, 16) * 3600, "WD", "withdrawn")
        # submissions for assignments due today
        if asg_due_day is None or len(asg_due_day) != len(ASG["due"]):
            asg_due_day = np.floor(np.array(ASG["due"]) / DAY).astype(int)
        for a in np.flatnonzero(asg_due_day == d):
            x = ASG["sec"][a]
            cr, due, pts = ASG["created"][a], ASG["due"][a], ASG["points"][a]
            for en in sec_enr[x]:
                i = ENR["s"][en]
                if ENR["t"][en] > due or ENR["drop"][en] <= cr:
                    continue
                exist = max(cr, ENR["t"][en])
                SUB["a"].append(a)
                SUB["s"].append(i)
                SUB["enr"].append(en)
                SUB["exist"].append(exist)
                if ENR["drop"][en] <= due:
                    SUB["sub"].append(INF)
                    SUB["score"].append(np.nan)
                    SUB["graded"].append(INF)
                    SUB["drop_before_due"].append(True)
                    continue
                SUB["drop_before_due"].append(False)
                ei = s_e[i]
                if rng.random() < sig(-2.4 - 1.2 * ei + 0.35 * abs_hist[i].sum()):
                    SUB["sub"].append(INF)
                    SUB["score"].append(np.nan)
                    SUB["graded"].append(INF)
                    continue
                late = rng.random() < sig(-1.6 - 0.9 * ei)
                tsub = due + rng.exponential(2) * DAY if late else max(due - rng.exponential(1.5) * DAY, exist + 600)
                frac = np.clip(0.84 + 0.09 * ei + 0.04 * t_q[SEC["teacher"][x]] + c_diff[SEC["course"][x]]
                               + rng.normal(0, 0.08) - 0.08 * late, 0, 1)
                SUB["sub"].append(tsub)
                SUB["score"].append(round(float(frac * pts), 1))
                SUB["graded"].append(max(tsub, due) + (0.5 + rng.exponential(4)) * DAY)
    else:
        # summer moves
        if (day.month in (6, 7) or (day.month == 8 and day.day <= 20)) and not (day.month == 6 and day.day < 5):
            e = s_e[act]
            for i in act[rng.random(len(act)) < 0.0003 * np.exp(-0.5 * e)]:
                withdraw(i, t0 + rng.uniform(9, 16) * 3600, "WD", "withdrawn")
    # term end: graduation (spring) and final grades
    for k in range(len(TERMS)):
        if d == term_end[k]:
            sub_a = np.array(SUB["enr"])
            sub_frac = np.array(SUB["score"]) / np.array(ASG["points"])[np.array(SUB["a"])]
            sub_frac = np.where(np.isnan(sub_frac), 0.0, sub_frac)
            sub_ex = np.array(SUB["drop_before_due"])
            for en in range(len(ENR["s"])):
                if SEC["term"][ENR["sec"][en]] != k or ENR["drop"][en] < INF:
                    continue
                m = (sub_a == en) & ~sub_ex
                pct = (sub_frac[m].mean() if m.any() else 0.8) + rng.normal(0, 0.03)
                ENR["grade"][en] = str(LETTER[np.searchsorted(-np.array([0.84, 0.74, 0.64, 0.54]), -pct, side="right")])
                ENR["posted"][en] = t0 + rng.uniform(2, 6) * DAY
            if k in (0, 2):
                for i in active(t0 + 12 * 3600):
                    if s_grade[i] == 12:
                        withdraw(i, t0 + 15 * 3600, "GR", "graduated")

# ---------------- tables as they stood at CUT (every random value is drawn above)
N = n_st
keep_s = s_in[:N] <= T
sid = np.arange(N)
# today's grade and school at CUT
g_now = s_grade0[:N].copy()
for i, t, g in GRADE_LOG:
    if t <= T:
        g_now[i] = g
sch_now = np.array([school_for(g_now[i], s_zone[i]) for i in range(N)])
out_k = s_out[:N] <= T
status_now = np.where(out_k, np.where(s_exit[:N] == "GR", "graduated", "withdrawn"), "active")
# running gpa at CUT
enr = pd.DataFrame(ENR)
enr["credits"] = c_credits[np.array(SEC["course"])[enr.sec]]
enr["term"] = np.array(SEC["term"])[enr.sec]
posted = enr[enr.posted <= T]
gp_sum = np.nan_to_num(s_prior_gpa[:N]) * s_prior_cred[:N]
cr_sum = s_prior_cred[:N].copy()
for i, g, c in zip(posted.s, posted.grade, posted.credits, strict=True):
    gp_sum[i] += GP[g] * c
    cr_sum[i] += c
gpa = np.where(cr_sum > 0, np.round(gp_sum / np.maximum(cr_sum, 1e-9), 2), np.nan)
students = pd.DataFrame(
    {
        "student_id": sid + 1001,
        "student_number": [f"S{rng.integers(10**6, 10**7)}" for _ in range(N)],
        "first_name": rng.choice(["Ava", "Liam", "Mia", "Noah", "Zoe", "Eli", "Ivy", "Leo", "Ana", "Omar"], N),
        "gender": rng.choice(["F", "M", "X"], N, p=[0.49, 0.49, 0.02]),
        "birth_date": ts(np.minimum(s_in[:N], 0) - (s_grade0[:N] + 5.5) * 365 * DAY + rng.uniform(-180, 180, N) * DAY).date,
        "home_language": rng.choice(["English", "Spanish", "Vietnamese", "Arabic", None], N, p=[0.7, 0.18, 0.04, 0.03, 0.05]),
        "school_id": sch_now + 1,
        "grade_level": g_now,
        "enrolled_on": ts(s_in[:N]).date,
        "withdrawn_on": pd.Series(ts(known(s_out[:N]))).dt.date.where(out_k, None),
        "exit_code": np.where(out_k, s_exit[:N], None),
        "status": status_now,
        "gpa": gpa,
        "free_lunch": s_fl[:N],
    }
)[keep_s]

sec = pd.DataFrame(SEC)
sec["section_id"] = np.arange(len(sec)) + 5001
# a section exists once its first enrollment is written
first_enr = enr.groupby("sec").t.min()
sec = sec[sec.index.map(first_enr) <= T]
sections = pd.DataFrame(
    {
        "section_id": sec.section_id,
        "course_id": sec.course + 1,
        "teacher_id": [f"T{x + 1:04d}" for x in sec.teacher],
        "school_id": sec.school + 1,
        "term": [TERMS[k][0] for k in sec.term],
        "term_start": [pd.Timestamp(TERMS[k][1]).date() for k in sec.term],
        "term_end": [pd.Timestamp(TERMS[k][2]).date() for k in sec.term],
        "room": sec.room,
    }
)
enr["enrollment_id"] = np.arange(len(enr)) + 1
e_k = enr[(enr.t <= T) & (enr["drop"] != -1.0)]
enrollments = pd.DataFrame(
    {
        "enrollment_id": e_k.enrollment_id,
        "student_id": e_k.s + 1001,
        "section_id": e_k.sec + 5001,
        "enrolled_at": ts(e_k.t),
        "dropped_at": ts(known(e_k["drop"])),
        "final_grade": np.where(e_k.posted <= T, e_k.grade, None),
    }
).sort_values("enrolled_at", kind="stable")
asg = pd.DataFrame(ASG)
asg["assignment_id"] = np.arange(len(asg)) + 1
a_k = asg[asg.created <= T]
assignments = pd.DataFrame(
    {
        "assignment_id": a_k.assignment_id,
        "section_id": a_k.sec + 5001,
        "title": a_k.title,
        "created_at": ts(a_k.created),
        "due_at": ts(a_k.due),
        "points_possible": a_k.points,
    }
)
sub = pd.DataFrame(SUB)
sub["due"] = asg.due.to_numpy()[sub.a]
sub = sub.sort_values("exist", kind="stable").reset_index(drop=True)
sub["submission_id"] = np.arange(len(sub)) + 1
# rows for assignments due after the last school day are never made in the loop above: none are due after NOW
s_k = sub[sub.exist <= T]
graded = s_k.graded.to_numpy() <= T
submitted = s_k["sub"].to_numpy() <= T
drop_now = s_k.drop_before_due.to_numpy() & (enr["drop"].to_numpy()[s_k.enr] <= T)
stat = np.where(drop_now, "excused", np.where(graded, "graded", np.where(submitted, "submitted",
                np.where(s_k.due.to_numpy() < T, "missing", "assigned"))))
submissions = pd.DataFrame(
    {
        "submission_id": s_k.submission_id,
        "assignment_id": s_k.a + 1,
        "student_id": s_k.s + 1001,
        "submitted_at": ts(known(s_k["sub"])),
        "score": np.where(graded, s_k.score, np.nan),
        "graded_at": ts(known(s_k.graded)),
        "status": stat,
    }
)
att = pd.DataFrame(
    {
        "stu_id": np.concatenate(ATT_s) + 1001,
        "att_date": (START + pd.to_timedelta(np.concatenate(ATT_d), unit="D")).date,
        "status_cd": np.concatenate(ATT_st),
        "school_id": np.concatenate(ATT_sch) + 1,
    }
)
att = att[pd.to_datetime(att.att_date) <= CUT]  # a day's row is dated by its date (00:00)
inc = pd.DataFrame(INC)
inc = inc.sort_values("t", kind="stable").reset_index(drop=True)
inc["incident_id"] = [f"INC-{(START + pd.Timedelta(seconds=t)).year}-{j + 1:05d}" for j, t in enumerate(inc.t)]
i_k = inc[inc.t <= T]
res = i_k.resolved.to_numpy() <= T
discipline_incidents = pd.DataFrame(
    {
        "incident_id": i_k.incident_id,
        "student_id": i_k.s + 1001,
        "school_id": i_k.school + 1,
        "reported_by": [f"T{x + 1:04d}" for x in i_k.teacher],
        "occurred_at": ts(i_k.t),
        "category": i_k.cat,
        "severity": i_k.sev,
        "resolved_at": ts(known(i_k.resolved)),
        "action_taken": np.where(res, i_k.action, None),
    }
)
log = pd.DataFrame(LOG, columns=["s", "t", "old", "new", "old_sch", "new_sch"]).sort_values("t", kind="stable")
log = log.reset_index(drop=True)
log["log_id"] = np.arange(len(log)) + 1
l_k = log[log.t <= T]
student_status_log = pd.DataFrame(
    {
        "log_id": l_k.log_id,
        "student_id": l_k.s + 1001,
        "changed_at": ts(l_k.t),
        "old_status": l_k.old,
        "new_status": l_k.new,
        "old_school_id": pd.array([None if pd.isna(x) else int(x) + 1 for x in l_k.old_sch], dtype="Int64"),
        "new_school_id": pd.array([None if pd.isna(x) else int(x) + 1 for x in l_k.new_sch], dtype="Int64"),
    }
)
teachers = teachers.copy()

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE schools (school_id INTEGER PRIMARY KEY, school_name VARCHAR, level VARCHAR, zone VARCHAR,
                      principal VARCHAR, phone VARCHAR);
CREATE TABLE teachers (teacher_id VARCHAR PRIMARY KEY, school_id INTEGER, full_name VARCHAR, hire_date DATE,
                       email VARCHAR);
CREATE TABLE students (student_id INTEGER PRIMARY KEY, student_number VARCHAR, first_name VARCHAR, gender VARCHAR,
                       birth_date DATE, home_language VARCHAR, school_id INTEGER REFERENCES schools(school_id),
                       grade_level INTEGER, enrolled_on DATE, withdrawn_on DATE, exit_code VARCHAR, status VARCHAR,
                       gpa DOUBLE, free_lunch BOOLEAN);
CREATE TABLE courses (course_id INTEGER PRIMARY KEY, course_code VARCHAR, title VARCHAR, level VARCHAR,
                      credits DOUBLE);
CREATE TABLE sections (section_id INTEGER PRIMARY KEY, course_id INTEGER REFERENCES courses(course_id),
                       teacher_id VARCHAR, school_id INTEGER, term VARCHAR, term_start DATE, term_end DATE,
                       room VARCHAR);
CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(student_id),
                          section_id INTEGER, enrolled_at TIMESTAMP, dropped_at TIMESTAMP, final_grade VARCHAR);
CREATE TABLE assignments (assignment_id INTEGER PRIMARY KEY, section_id INTEGER, title VARCHAR,
                          created_at TIMESTAMP, due_at TIMESTAMP, points_possible INTEGER);
CREATE TABLE submissions (submission_id INTEGER PRIMARY KEY, assignment_id INTEGER, student_id INTEGER,
                          submitted_at TIMESTAMP, score DOUBLE, graded_at TIMESTAMP, status VARCHAR);
CREATE TABLE attendance_daily (stu_id INTEGER, att_date DATE, status_cd VARCHAR, school_id INTEGER);
CREATE TABLE discipline_incidents (incident_id VARCHAR PRIMARY KEY, student_id INTEGER, school_id INTEGER,
                                   reported_by VARCHAR, occurred_at TIMESTAMP, category VARCHAR, severity VARCHAR,
                                   resolved_at TIMESTAMP, action_taken VARCHAR);
CREATE TABLE student_status_log (log_id INTEGER PRIMARY KEY, student_id INTEGER, changed_at TIMESTAMP,
                                 old_status VARCHAR, new_status VARCHAR, old_school_id INTEGER, new_school_id INTEGER);
""")
for name, df in [
    ("schools", schools),
    ("teachers", teachers),
    ("students", students),
    ("courses", courses),
    ("sections", sections),
    ("enrollments", enrollments),
    ("assignments", assignments),
    ("submissions", submissions),
    ("attendance_daily", att),
    ("discipline_incidents", discipline_incidents),
    ("student_status_log", student_status_log),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
