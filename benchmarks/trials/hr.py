"""An HR / people-analytics database of one company (departments, employees with a manager self-link, job changes,
salary history, semi-annual performance reviews, leave requests booked ahead, a training catalogue and
enrolments, terminations), seeded: `python benchmarks/trials/hr.py PATH`. Written by a fresh-eyes trial
(2026-12-06), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), simulated month by month 2021-01 .. 2025-06 (employees hired 2012..2020 are on staff at the start):
- employee latents: engagement e ~ N(0,1), ability a ~ N(0,1), sickness s ~ LogNormal(0, .7), vacation taste
  v ~ Gamma(4, 1/4); manager quality q ~ N(0,1) (every employee has one, it matters for their reports)
- job search (hidden state): each month a non-searching employee starts searching with hazard
  .010 * exp(-.6 e) * tenure (x1.8 in the first year) * dept (Sales 1.5, Support 1.4, Engineering 1.1, Data 1.0,
  Product 1.0, Marketing 1.0, Finance .7, HR .8, Operations .9) * hire_source (referral .7, agency 1.3)
  * no raise in the last 15 months x1.6 * last rating 'below' x1.3 * manager left in the last 3 months x1.8
  * exp(-.3 q_manager) * Jan-Mar x1.3 (after bonuses); a searcher resigns with p .30 a month (voluntary
  termination, notice 14-30 days before termination_date), or stops searching with p .05
  while searching: 1-day 'vacation' leaves (interviews) at 1.5/month booked 1-5 days ahead; training
  enrolments x0.2; review score -0.4
- involuntary termination: .003/month * exp(-.9 a) * (x3 if the last rating is 'below'); retirement: .03/month
  at age >= 63 (birth_year; NULL on 5% of employees, not of the process)
- gender, location, education and employment columns do not drive attrition (education drives job family a bit)
- reviews: Jan 15 and Jul 15 (+- 10 days), tenure >= 3 months; latent 0.9 a + 0.3 e + leniency of the manager
  N(0, .3) + N(0, .5) - .4 searching; score = clip(round(3 + latent), 1, 5); rating 'below' (1-2), 'meets' (3),
  'exceeds' (4-5); so the last rating is a strong but noisy predictor of the next (ability persists)
- salary: hire salary by level (L1 52k .. L5 150k) x family factor x location x LogNormal(0, .12); merit raise
  each April 1 (row in salary_history, reason 'merit', raise_amount = new - old): pct 3% +2% exceeds -2.5% below
  + N(0, .5%), skipped for 10% (and for 'below' at 50%); promotions on April 1 / October 1 with p
  sigmoid(-3 + 1.2 a + .8 (months in level >= 18)) per cycle when level < 5 (+8..15%, job_changes row,
  'promotion'); market adjustments .2%/month heavy-tailed (Pareto) 5-30%; transfers .3%/month (job_changes,
  'transfer', new department; employees.department_id / level / manager_id hold today's values only)
- leaves (requested_at is the time; start_date is 3-60 days later for vacation): vacation 0.5 v/month x (Jul-Aug
  2.2, Dec 1.8, else .8), days 1 + Geometric(.25) capped 15; sick .2 s/month x (Dec-Feb 1.8) days 1 + Poisson(1),
  requested the same day; parental .002/month at age 25-40, 60-120 days, requested 60-120 days ahead;
  status approved 90% / rejected 6% / cancelled 4%
- trainings: 57 courses (4 technical per job family, 6 leadership for level >= 3, 8 soft skills, 3 compliance);
  enrolment .15 exp(.4 e)/month; 60% a technical course of the employee's family (popularity-weighted, never
  twice), else leadership (level >= 3) or soft skills; compliance 'Code of Conduct' every November (90%) and
  'Security Awareness' every May (85%) for everyone on staff; 80% completed 10-60 days later with a score
- hires: department headcount targets grow (Engineering 8%/yr, Data 12%/yr, Support 0, others 3%), hires fill
  half the gap each month plus Poisson(.5), x1.3 in Jan and Sep, x.5 in Dec; level L1 35% .. L5 5%
- job_family (static multiclass): mostly the department's (Engineering dept: engineering .8 / data .15 / product
  .05), shifted by education (PhD towards data); the technical trainings taken reveal it
- terminations carry the department at the time (snapshot) and a reason (NULL 30%); employees.termination_date
  is the end of an employee (NULL while on staff); rfm_sql infers terminations' time as notice_date (14-30 days
  before termination_date), so COUNT(terminations.*, ...) counts notices
- vacations in Jul-Aug 2025 requested by 2025-06-30 are in the data: leave_requests.start_date runs ~2 months past
  every other table (a vacation already booked at an anchor is the best single predictor of next quarter's days)
- training_enrollments.completed_at / score are filled on completion (after enrolled_at; read at past anchors)
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2021-01-01")
MONTHS = pd.date_range(START, "2025-06-01", freq="MS")

DEPTS = [  # name, families with weights, initial headcount, yearly growth, attrition factor
    ("Engineering", {"engineering": 0.8, "data": 0.15, "product": 0.05}, 380, 0.08, 1.1),
    ("Data & Analytics", {"data": 0.8, "engineering": 0.2}, 90, 0.12, 1.0),
    ("Product", {"product": 0.7, "design": 0.3}, 70, 0.03, 1.0),
    ("Sales", {"sales": 0.9, "marketing": 0.1}, 260, 0.03, 1.5),
    ("Marketing", {"marketing": 0.85, "design": 0.15}, 80, 0.03, 1.0),
    ("Customer Support", {"support": 0.85, "operations": 0.15}, 240, 0.0, 1.4),
    ("Finance", {"finance": 1.0}, 60, 0.03, 0.7),
    ("People", {"hr": 1.0}, 40, 0.03, 0.8),
    ("Operations", {"operations": 0.9, "finance": 0.1}, 110, 0.03, 0.9),
]
FAMILIES = ["engineering", "data", "product", "design", "sales", "marketing", "support", "finance", "hr", "operations"]
FAM_PAY = dict(
    engineering=1.2,
    data=1.2,
    product=1.15,
    design=1.0,
    sales=1.0,
    marketing=0.95,
    support=0.75,
    finance=1.05,
    hr=0.9,
    operations=0.85,
)
LEVEL_PAY = np.array([0, 52e3, 66e3, 86e3, 112e3, 150e3])
LOCATIONS = ["HQ", "Remote", "Branch East", "Branch West"]
LOC_PAY = dict(HQ=1.1, Remote=1.0, **{"Branch East": 0.92, "Branch West": 0.95})
SOURCES = ["referral", "agency", "job_board", "campus", "internal"]
SRC_ATTR = dict(referral=0.7, agency=1.3, job_board=1.0, campus=1.0, internal=1.0)

# ---- training catalogue
courses = []
TECH = {
    "engineering": ["Python Advanced", "System Design", "Kubernetes Basics", "Code Review Practice"],
    "data": ["SQL for Analysts", "Machine Learning 101", "Data Visualization", "Statistics Refresher"],
    "product": ["Product Discovery", "Roadmapping", "User Research", "Agile Product Ownership"],
    "design": ["Figma Mastery", "Design Systems", "Accessibility", "UX Writing"],
    "sales": ["Negotiation", "Consultative Selling", "CRM Hygiene", "Enterprise Deals"],
    "marketing": ["SEO Fundamentals", "Content Strategy", "Marketing Analytics", "Brand Storytelling"],
    "support": ["De-escalation", "Ticketing Tools", "Product Troubleshooting", "Customer Empathy"],
    "finance": ["Excel Modelling", "IFRS Update", "Budgeting", "Tax Basics"],
    "hr": ["Employment Law", "Interviewing Skills", "HR Analytics", "Compensation Design"],
    "operations": ["Lean Six Sigma", "Vendor Management", "Process Mapping", "Supply Planning"],
}
for fam, titles in TECH.items():
    for t in titles:
        courses.append((t, "technical", fam))
for t in ["First-time Manager", "Coaching", "Giving Feedback", "Strategic Thinking", "Hiring Well", "Leading Change"]:
    courses.append((t, "leadership", None))
for t in [
    "Time Management",
    "Presentation Skills",
    "Writing Clearly",
    "Remote Collaboration",
    "Wellbeing",
    "Conflict Resolution",
    "Public Speaking",
    "Mentoring",
]:
    courses.append((t, "soft_skills", None))
for t in ["Code of Conduct", "Security Awareness", "Data Privacy"]:
    courses.append((t, "compliance", None))
NC = len(courses)
course_pop = rng.gamma(1.5, 1.0, NC)
COC = [i for i, c in enumerate(courses) if c[0] == "Code of Conduct"][0]
SEC = [i for i, c in enumerate(courses) if c[0] == "Security Awareness"][0]
tech_idx = {fam: [i for i, c in enumerate(courses) if c[2] == fam] for fam in FAMILIES}
lead_idx = [i for i, c in enumerate(courses) if c[1] == "leadership"]
soft_idx = [i for i, c in enumerate(courses) if c[1] == "soft_skills"]

# ---- employees (grown as lists)
E = {
    k: []
    for k in [
        "dept",
        "family",
        "level",
        "hire",
        "term",
        "e",
        "a",
        "s",
        "v",
        "q",
        "birth",
        "gender",
        "edu",
        "loc",
        "src",
        "etype",
        "mgr",
        "salary",
        "last_raise",
        "level_since",
        "search",
        "last_rating",
        "mgr_left",
        "taken",
    ]
}


def new_employee(dept, hire_date, level=None):
    name, fams, *_ = DEPTS[dept]
    edu = rng.choice(["High school", "Bachelor", "Master", "PhD", None], p=[0.1, 0.45, 0.28, 0.07, 0.1])
    f = dict(fams)
    if edu == "PhD" and "data" in f:
        f["data"] *= 3
    fam = rng.choice(list(f), p=np.array(list(f.values())) / sum(f.values()))
    if level is None:
        level = int(rng.choice([1, 2, 3, 4, 5], p=[0.35, 0.3, 0.2, 0.1, 0.05]))
    loc = rng.choice(LOCATIONS, p=[0.5, 0.25, 0.15, 0.1])
    age = 22 + 3 * level + rng.gamma(2.0, 3.0)
    E["dept"].append(dept), E["family"].append(fam), E["level"].append(level), E["hire"].append(hire_date)
    E["term"].append(None), E["e"].append(rng.normal()), E["a"].append(rng.normal() + 0.15 * (level - 2))
    E["s"].append(rng.lognormal(0, 0.7)), E["v"].append(rng.gamma(4, 0.25)), E["q"].append(rng.normal())
    E["birth"].append(int(hire_date.year - age)), E["gender"].append(rng.choice(["F", "M", "X"], p=[0.47, 0.5, 0.03]))
    E["edu"].append(edu), E["loc"].append(loc)
    E["src"].append(rng.choice(SOURCES, p=[0.25, 0.15, 0.4, 0.12, 0.08]))
    E["etype"].append(rng.choice(["full_time", "part_time", "contractor"], p=[0.86, 0.09, 0.05]))
    E["mgr"].append(None)
    sal = LEVEL_PAY[level] * FAM_PAY[fam] * LOC_PAY[loc] * rng.lognormal(0, 0.12)
    E["salary"].append(round(sal, -2)), E["last_raise"].append(hire_date), E["level_since"].append(hire_date)
    E["search"].append(False), E["last_rating"].append(None), E["mgr_left"].append(None), E["taken"].append(set())
    return len(E["dept"]) - 1


salary_rows, job_rows, review_rows, leave_rows, enrol_rows, term_rows = [], [], [], [], [], []


def add_salary(i, date, new, reason):
    old = None if reason == "hire" else E["salary"][i]
    salary_rows.append((i, date, new, reason, None if old is None else round(new - old, 2)))
    E["salary"][i] = new
    if reason != "hire":
        E["last_raise"][i] = date


# initial staff, hired 2012..2020
for d, (_, _, n0, _, _) in enumerate(DEPTS):
    for _ in range(n0):
        h = pd.Timestamp("2012-01-01") + pd.Timedelta(days=int(rng.uniform(0, 9 * 365)))
        i = new_employee(d, h)
        add_salary(i, h, E["salary"][i], "hire")
        E["last_raise"][i] = pd.Timestamp("2020-04-01") if h < pd.Timestamp("2020-01-01") else h
        E["level_since"][i] = max(h, pd.Timestamp("2019-01-01") - pd.Timedelta(days=int(rng.uniform(0, 700))))


def day_in(month, lo=0, hi=None):
    n = month.days_in_month if hi is None else hi
    return month + pd.Timedelta(days=int(rng.integers(lo, n)))


def assign_manager(i):
    d = E["dept"][i]
    cands = [
        j for j in active if E["dept"][j] == d and E["level"][j] >= 4 and j != i and E["level"][j] >= E["level"][i]
    ]
    E["mgr"][i] = int(rng.choice(cands)) if cands else None


active = set(range(len(E["dept"])))
for i in list(active):
    assign_manager(i)
leniency = {}

for m in MONTHS:
    mo = m.month
    act = sorted(active)
    # --- hires
    for d, (_, _, n0, g, _) in enumerate(DEPTS):
        target = n0 * (1 + g) ** ((m - START).days / 365.25)
        head = sum(1 for j in act if E["dept"][j] == d)
        lam = max(0.0, target - head) * 0.5 + 0.5
        lam *= 1.3 if mo in (1, 9) else 0.5 if mo == 12 else 1.0
        for _ in range(rng.poisson(lam)):
            h = day_in(m)
            i = new_employee(d, h)
            add_salary(i, h, E["salary"][i], "hire")
            active.add(i)
            assign_manager(i)
    act = sorted(active)
    for i in act:
        tenure = (m - E["hire"][i]).days / 365.25
        if tenure < 0:
            continue
        age = m.year - E["birth"][i]
        # --- leaves
        vac = 0.5 * E["v"][i] * (2.2 if mo in (7, 8) else 1.8 if mo == 12 else 0.8)
        for _ in range(rng.poisson(vac)):
            st = day_in(m)
            req = st - pd.Timedelta(days=int(rng.integers(3, 61)))
            leave_rows.append((i, req, st, min(1 + rng.geometric(0.25), 15), "vacation"))
        for _ in range(rng.poisson(0.2 * E["s"][i] * (1.8 if mo in (12, 1, 2) else 1.0))):
            st = day_in(m)
            leave_rows.append((i, st, st, 1 + rng.poisson(1), "sick"))
        if 25 <= age <= 40 and rng.random() < 0.002:
            st = day_in(m)
            leave_rows.append(
                (i, st - pd.Timedelta(days=int(rng.integers(60, 121))), st, int(rng.integers(60, 121)), "parental")
            )
        if E["search"][i]:
            for _ in range(rng.poisson(1.5)):
                st = day_in(m)
                leave_rows.append((i, st - pd.Timedelta(days=int(rng.integers(1, 6))), st, 1, "vacation"))
        # --- trainings
        lam_t = 0.15 * np.exp(0.4 * E["e"][i]) * (0.2 if E["search"][i] else 1.0)
        for _ in range(rng.poisson(lam_t)):
            u = rng.random()
            if u < 0.6:
                pool = [c for c in tech_idx[E["family"][i]] if c not in E["taken"][i]]
            elif E["level"][i] >= 3 and u < 0.8:
                pool = [c for c in lead_idx if c not in E["taken"][i]]
            else:
                pool = [c for c in soft_idx if c not in E["taken"][i]]
            if not pool:
                continue
            w = course_pop[pool] / course_pop[pool].sum()
            c = int(rng.choice(pool, p=w))
            E["taken"][i].add(c)
            enrol_rows.append((i, c, day_in(m)))
        if mo == 11 and rng.random() < 0.9:
            enrol_rows.append((i, COC, day_in(m, 0, 20)))
        if mo == 5 and rng.random() < 0.85:
            enrol_rows.append((i, SEC, day_in(m, 0, 25)))
    # --- reviews (Jan / Jul)
    if mo in (1, 7):
        for i in act:
            if (m - E["hire"][i]).days < 90:
                continue
            mg = E["mgr"][i]
            if mg not in leniency:
                leniency[mg] = rng.normal(0, 0.3)
            lat = 0.9 * E["a"][i] + 0.3 * E["e"][i] + leniency[mg] + rng.normal(0, 0.5) - 0.4 * E["search"][i]
            score = int(np.clip(round(3 + lat), 1, 5))
            rating = "below" if score <= 2 else "meets" if score == 3 else "exceeds"
            E["last_rating"][i] = rating
            rd = m + pd.Timedelta(days=int(14 + rng.integers(-10, 11)))
            comment = (
                None
                if rng.random() < 0.6
                else rng.choice(
                    {
                        "below": ["needs improvement", "missed goals", "performance plan agreed"],
                        "meets": ["solid year", "meets expectations", "reliable"],
                        "exceeds": ["outstanding", "exceeded targets", "promotion candidate"],
                    }[rating]
                )
            )
            review_rows.append((i, mg, rd, score, rating, comment))
    # --- merit raises (Apr) and promotions (Apr / Oct)
    if mo == 4:
        for i in act:
            if (m - E["hire"][i]).days < 90:
                continue
            r = E["last_rating"][i]
            if rng.random() < 0.1 or (r == "below" and rng.random() < 0.5):
                continue
            pct = 0.03 + 0.02 * (r == "exceeds") - 0.025 * (r == "below") + rng.normal(0, 0.005)
            add_salary(i, m, round(E["salary"][i] * (1 + max(pct, 0.005)), -1), "merit")
    if mo in (4, 10):
        for i in act:
            lv = E["level"][i]
            if lv >= 5 or (m - E["hire"][i]).days < 180:
                continue
            mil = (m - E["level_since"][i]).days / 30.4
            p = 1 / (1 + np.exp(3 - 1.2 * E["a"][i] - 0.8 * (mil >= 18)))
            if rng.random() < p * 0.5:
                E["level"][i] = lv + 1
                E["level_since"][i] = m
                job_rows.append((i, m, "promotion", lv, lv + 1, E["dept"][i], E["dept"][i]))
                add_salary(i, m, round(E["salary"][i] * rng.uniform(1.08, 1.15), -1), "promotion")
    for i in act:
        if rng.random() < 0.002:
            add_salary(
                i,
                day_in(m),
                round(E["salary"][i] * (1 + min(0.05 * (1 + rng.pareto(2.5)), 0.3)), -1),
                "market_adjustment",
            )
        if rng.random() < 0.003:
            old = E["dept"][i]
            new = int(rng.choice([d for d in range(len(DEPTS)) if d != old]))
            E["dept"][i] = new
            job_rows.append((i, day_in(m), "transfer", E["level"][i], E["level"][i], old, new))
            assign_manager(i)
    # --- search and exits
    for i in act:
        tenure = (m - E["hire"][i]).days / 365.25
        age = m.year - E["birth"][i]
        if not E["search"][i]:
            h = 0.010 * np.exp(-0.6 * E["e"][i]) * (1.8 if tenure < 1 else 1.0) * DEPTS[E["dept"][i]][4]
            h *= SRC_ATTR[E["src"][i]]
            h *= 1.6 if (m - E["last_raise"][i]).days > 456 else 1.0
            h *= 1.3 if E["last_rating"][i] == "below" else 1.0
            ml = E["mgr_left"][i]
            h *= 1.8 if ml is not None and (m - ml).days <= 92 else 1.0
            mg = E["mgr"][i]
            h *= np.exp(-0.3 * E["q"][mg]) if mg is not None else 1.0
            h *= 1.3 if mo <= 3 else 1.0
            if rng.random() < h:
                E["search"][i] = True
            kind = None
        else:
            kind = "voluntary" if rng.random() < 0.30 else None
            if kind is None and rng.random() < 0.05:
                E["search"][i] = False
        if kind is None:
            hi = 0.003 * np.exp(-0.9 * E["a"][i]) * (3 if E["last_rating"][i] == "below" else 1)
            if rng.random() < hi:
                kind = "involuntary"
            elif age >= 63 and rng.random() < 0.03:
                kind = "retirement"
        if kind:
            td = day_in(m)
            E["term"][i] = td
            notice = td - pd.Timedelta(days=int(rng.integers(14, 31)))
            reasons = {
                "voluntary": ["better offer", "relocation", "career change", "compensation", "manager"],
                "involuntary": ["performance", "restructuring", "misconduct"],
                "retirement": ["retirement"],
            }[kind]
            reason = None if rng.random() < 0.3 else rng.choice(reasons)
            term_rows.append((i, E["dept"][i], notice, td, kind, reason, kind != "involuntary"))
            active.discard(i)
    # managers who left: reassign reports
    gone = {i for i in act if i not in active}
    if gone:
        for j in active:
            if E["mgr"][j] in gone:
                E["mgr_left"][j] = E["term"][E["mgr"][j]]
                assign_manager(j)

LAST = pd.Timestamp("2025-06-30")
# vacations taken in Jul-Aug 2025 are requested ahead: those requested by the end of June are in the database
for m in pd.date_range("2025-07-01", "2025-08-01", freq="MS"):
    for i in sorted(active):
        for _ in range(rng.poisson(0.5 * E["v"][i] * 2.2)):
            st = day_in(m)
            leave_rows.append(
                (i, st - pd.Timedelta(days=int(rng.integers(3, 61))), st, min(1 + rng.geometric(0.25), 15), "vacation")
            )
# ---- frames
n = len(E["dept"])
emp = pd.DataFrame(
    {
        "employee_id": np.arange(1, n + 1),
        "email": [f"emp{i + 1:05d}@acme.example" for i in range(n)],
        "gender": E["gender"],
        "birth_year": [None if rng.random() < 0.05 else b for b in E["birth"]],
        "education": E["edu"],
        "hire_date": pd.to_datetime(E["hire"]).date,
        "termination_date": [None if t is None else t.date() for t in E["term"]],
        "department_id": np.array(E["dept"]) + 1,
        "manager_id": [None if mg is None else mg + 1 for mg in E["mgr"]],
        "job_family": E["family"],
        "level": E["level"],
        "location": E["loc"],
        "employment_type": E["etype"],
        "hire_source": E["src"],
    }
)
emp["birth_year"] = emp["birth_year"].astype("Int64")
emp["manager_id"] = emp["manager_id"].astype("Int64")
dept = pd.DataFrame(
    {
        "department_id": np.arange(1, len(DEPTS) + 1),
        "name": [d[0] for d in DEPTS],
        "cost_center": [f"CC-{100 + 10 * k}" for k in range(len(DEPTS))],
    }
)
sal = pd.DataFrame(
    salary_rows, columns=["employee_id", "effective_date", "base_salary", "change_reason", "raise_amount"]
)
sal["employee_id"] += 1
sal["currency"] = "USD"
sal = sal.sort_values(["effective_date", "employee_id"]).reset_index(drop=True)
sal.insert(0, "salary_id", np.arange(1, len(sal) + 1))
jc = pd.DataFrame(
    job_rows,
    columns=[
        "employee_id",
        "effective_date",
        "change_type",
        "old_level",
        "new_level",
        "old_department_id",
        "new_department_id",
    ],
)
jc["employee_id"] += 1
jc["old_department_id"] += 1
jc["new_department_id"] += 1
jc = jc.sort_values(["effective_date", "employee_id"]).reset_index(drop=True)
jc.insert(0, "change_id", np.arange(1, len(jc) + 1))
rv = pd.DataFrame(review_rows, columns=["employee_id", "reviewer_id", "review_date", "score", "rating", "comments"])
rv["employee_id"] += 1
rv["reviewer_id"] = rv["reviewer_id"].map(lambda x: None if x is None or pd.isna(x) else int(x) + 1).astype("Int64")
rv = rv.sort_values(["review_date", "employee_id"]).reset_index(drop=True)
rv.insert(0, "review_id", np.arange(1, len(rv) + 1))
lv = pd.DataFrame(leave_rows, columns=["employee_id", "requested_at", "start_date", "days", "leave_type"])
lv["employee_id"] += 1
lv["status"] = rng.choice(["approved", "rejected", "cancelled"], size=len(lv), p=[0.9, 0.06, 0.04])
lv["end_date"] = lv["start_date"] + pd.to_timedelta(lv["days"] - 1, unit="D")
# a leave is only in the database once requested; cut what was requested after the data ends, or by people gone
term_map = dict(zip(emp.employee_id, pd.to_datetime(emp.termination_date), strict=True))
tm = lv["employee_id"].map(term_map)
lv = lv[(lv.requested_at <= LAST) & (tm.isna() | (lv.requested_at < tm))]
lv = lv.sort_values(["requested_at", "employee_id"]).reset_index(drop=True)
lv.insert(0, "leave_id", np.arange(1, len(lv) + 1))
lv = lv[["leave_id", "employee_id", "leave_type", "requested_at", "start_date", "end_date", "days", "status"]]
tr = pd.DataFrame(
    {
        "training_id": np.arange(1, NC + 1),
        "title": [c[0] for c in courses],
        "category": [c[1] for c in courses],
        "provider": rng.choice(["Internal Academy", "Coursera", "LinkedIn Learning", "Acme Partners"], size=NC),
        "duration_hours": rng.choice([2, 4, 8, 16, 24], size=NC),
    }
)
en = pd.DataFrame(enrol_rows, columns=["employee_id", "training_id", "enrolled_at"])
en["employee_id"] += 1
en["training_id"] += 1
en = en[en.enrolled_at <= LAST]
tm = en["employee_id"].map(term_map)
en = en[tm.isna() | (en.enrolled_at < tm)]
done = rng.random(len(en)) < 0.8
comp = en.enrolled_at + pd.to_timedelta(rng.integers(10, 61, len(en)), unit="D")
en["completed_at"] = comp.where(done & (comp <= LAST))
en["score"] = np.where(en["completed_at"].notna(), np.clip(rng.normal(82, 9, len(en)), 40, 100).round(), np.nan)
en = en.sort_values(["enrolled_at", "employee_id"]).reset_index(drop=True)
en.insert(0, "enrollment_id", np.arange(1, len(en) + 1))
te = pd.DataFrame(
    term_rows,
    columns=[
        "employee_id",
        "department_id",
        "notice_date",
        "termination_date",
        "termination_type",
        "reason",
        "rehire_eligible",
    ],
)
te["employee_id"] += 1
te["department_id"] += 1
te = te.sort_values(["termination_date", "employee_id"]).reset_index(drop=True)
te.insert(0, "termination_id", np.arange(1, len(te) + 1))

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE departments (department_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, cost_center VARCHAR);
CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, email VARCHAR, gender VARCHAR, birth_year INTEGER,
  education VARCHAR, hire_date DATE NOT NULL, termination_date DATE,
  department_id INTEGER REFERENCES departments(department_id), manager_id INTEGER, job_family VARCHAR,
  level INTEGER, location VARCHAR, employment_type VARCHAR, hire_source VARCHAR);
CREATE TABLE job_changes (change_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees(employee_id),
  effective_date DATE, change_type VARCHAR, old_level INTEGER, new_level INTEGER,
  old_department_id INTEGER, new_department_id INTEGER REFERENCES departments(department_id));
CREATE TABLE salary_history (salary_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees(employee_id),
  effective_date DATE, base_salary DOUBLE, change_reason VARCHAR, raise_amount DOUBLE, currency VARCHAR);
CREATE TABLE performance_reviews (review_id INTEGER PRIMARY KEY,
  employee_id INTEGER REFERENCES employees(employee_id), reviewer_id INTEGER, review_date DATE, score INTEGER,
  rating VARCHAR, comments VARCHAR);
CREATE TABLE leave_requests (leave_id INTEGER PRIMARY KEY, employee_id INTEGER REFERENCES employees(employee_id),
  leave_type VARCHAR, requested_at TIMESTAMP, start_date DATE, end_date DATE, days INTEGER, status VARCHAR);
CREATE TABLE trainings (training_id INTEGER PRIMARY KEY, title VARCHAR, category VARCHAR, provider VARCHAR,
  duration_hours INTEGER);
CREATE TABLE training_enrollments (enrollment_id INTEGER PRIMARY KEY, employee_id INTEGER, training_id INTEGER,
  enrolled_at TIMESTAMP, completed_at TIMESTAMP, score DOUBLE);
CREATE TABLE terminations (termination_id INTEGER PRIMARY KEY,
  employee_id INTEGER REFERENCES employees(employee_id), department_id INTEGER, notice_date DATE,
  termination_date DATE, termination_type VARCHAR, reason VARCHAR, rehire_eligible BOOLEAN);
""")
for name, df in [
    ("departments", dept),
    ("employees", emp),
    ("job_changes", jc),
    ("salary_history", sal),
    ("performance_reviews", rv),
    ("leave_requests", lv),
    ("trainings", tr),
    ("training_enrollments", en),
    ("terminations", te),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
