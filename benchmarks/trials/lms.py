"""An online-learning (LMS) database (students, instructors, courses that retire, weekly assignments with due
dates published two weeks ahead, enrollments that complete, drop or go stale, submissions with scores and late
flags, forum posts, payments for paid courses), seeded: `python benchmarks/trials/lms.py PATH`. Written by a
fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), data 2023-01-01 .. 2025-06-30 (assignments run on past the end: created_at <= end, due_at later):
- season(day) = 1 + .45 near Jan 10 + .35 near Sep 10 (Gaussian bumps, sd 20 days) - .35 in Jul/Aug
  (enrollments and signups); submissions: logit -0.5 in Jul/Aug, -0.7 on Dec 20..Jan 3
- students (4,000): signups ∝ season * growth (1 + t/span); engagement e = .8 N(0,1) + referral (ads -.4,
  friend +.3, partner +.1, organic/NULL 0) + age (+.015 per year over 25, age NULL 25%) + country (IN +.15,
  NG -.15); skill s = .3 e + .95 N(0,1); email_domain: no effect; favourite category (drives 60% of choices)
  lifetime ~ Exp(mean 240 * exp(.6 e)) days from signup (churn: no enrollments, submissions or posts after it);
  deactivated_at set for 35% of churned students, churn + U(0, 60) days, when before the end
- courses (150): category (7), level beginner/intermediate/advanced (.5/.3/.2), K assignments 5/7/9 (+0..2),
  popularity ~ Gamma(1.2); category 'AI' popularity x (1 + 2 t/span) (trend); 12% retire (no enrollments, no
  assignments after retired_at); price 0 for 35%, else LogNormal(log 49, .7) (heavy tail), .99 endings
- instructors (40): quality q ~ N(0,1) (+ logit .5 q on submitting, + 4 q points on scores); rating = 4.2 + .3 q
  + noise (NULL 10%), bio text no effect
- assignments: one per course per week (course's own due weekday, 23:59), created_at = due_at - 14 days
- enrollments: first one 0-3 days after signup (p .9), then Poisson rate .02 * exp(.5 e) * season / (1 + active
  enrollments) per day while alive; course by popularity * 3 for the favourite category * level fit (x3 for
  intermediate after completing a beginner course in the category, x.3 advanced without one); the enrollment
  takes the course's next K assignments due after enrolled_at + 3 days
  submit p = sigmoid(1.2 + e + .5 q - .35 level - .12 i - season terms); two consecutive misses -> dropped
  (p .75, dropped_at = due + U(1,10) days); churn during it -> dropped at churn + U(0,30) (p .5) else stays
  'active' forever (ghost); all K due and >= 70% submitted -> completed (completed_at = last due + U(0,3) days),
  else dropped; anything after the end is not observed (status 'active'). completed_at/dropped_at are set with
  status: a static status target with them in the input is a leak the user must remove (benchmarks use a view)
- submissions: late p = sigmoid(-1.5 - .8 e + .3 i/K); on time: submitted_at = due - Exp(36 h), late: due +
  Exp(24 h); is_late = submitted_at > due_at; score = clip(68 + 10 s + 4 q - 6 level - 8 late + N(0, 10), 0,
  100); score NULL (ungraded) for 70% of the last 5 days' submissions and 2% at random
- forum_posts: per enrollment Poisson(.15 * weeks active * exp(.8 e + .5 social)), uniform in its active span;
  1% student_id NULL (deleted users); body from templates (no signal)
- payments: paid courses only; 85% one payment at enrollment (coupon 20%: half price), 15% three monthly
  installments (stop after a drop); refunded_at for 70% of payments of enrollments dropped within 14 days
- keys: declared PRIMARY KEY / REFERENCES for students, instructors, courses, enrollments, assignments,
  submissions(assignment_id, student_id), forum_posts(course_id), payments(student_id); undeclared:
  submissions.enrollment_id, forum_posts.student_id, payments.enrollment_id
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-06-30 23:59:59")
SPAN = (END - START).days
DAY = np.timedelta64(1, "D")
HOUR = np.timedelta64(1, "h")


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def season(ts):
    doy = ts.day_of_year
    bump = lambda c: np.exp(-0.5 * (min(abs(doy - c), 365 - abs(doy - c)) / 20) ** 2)  # noqa: E731
    return 1 + 0.45 * bump(10) + 0.35 * bump(253) - 0.35 * (ts.month in (7, 8))


def sub_season(ts):
    hol = (ts.month == 12 and ts.day >= 20) or (ts.month == 1 and ts.day <= 3)
    return -0.5 * (ts.month in (7, 8)) - 0.7 * hol


# ---------------------------------------------------------------- instructors
NI = 40
iq = rng.normal(0, 1, NI)
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena", "Mo", "Nia"]
LAST = ["Smith", "Garcia", "Okafor", "Kumar", "Muller", "Silva", "Tanaka", "Brown", "Novak", "Haddad"]
BIOS = ["Former engineer.", "PhD, loves teaching.", "10 years in industry.", "Self-taught.", None]
instructors = pd.DataFrame(
    {
        "instructor_id": np.arange(1, NI + 1),
        "name": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(NI)],
        "joined_at": [START - pd.Timedelta(days=int(d)) for d in rng.integers(30, 900, NI)],
        "rating": np.where(rng.random(NI) < 0.1, np.nan, np.round(4.2 + 0.3 * iq + rng.normal(0, 0.2, NI), 1)),
        "bio": [BIOS[i] for i in rng.integers(0, len(BIOS), NI)],
    }
)

# ---------------------------------------------------------------- courses
NC = 150
CATS = ["Programming", "Data Science", "AI", "Design", "Business", "Languages", "Music"]
LEVELS = ["beginner", "intermediate", "advanced"]
c_cat = rng.integers(0, len(CATS), NC)
c_lvl = rng.choice(3, NC, p=[0.5, 0.3, 0.2])
c_K = np.array([5, 7, 9])[c_lvl] + rng.integers(0, 3, NC)
c_pop = rng.gamma(1.2, 1.0, NC)
c_inst = rng.integers(0, NI, NC)
c_created = np.where(
    rng.random(NC) < 0.6,
    [START - pd.Timedelta(days=int(d)) for d in rng.integers(10, 300, NC)],
    [START + pd.Timedelta(days=int(d)) for d in rng.integers(0, SPAN - 60, NC)],
)
c_created = pd.to_datetime(c_created)
c_retired = [(c + pd.Timedelta(days=int(rng.integers(200, 500)))) if rng.random() < 0.12 else pd.NaT for c in c_created]
c_retired = pd.to_datetime([r if (r is not pd.NaT and r < END) else pd.NaT for r in c_retired])
c_price = np.where(rng.random(NC) < 0.35, 0.0, np.minimum(np.round(rng.lognormal(np.log(49), 0.7, NC)) - 0.01, 999.99))
c_price = np.where(c_price < 0, 0.0, c_price)
c_wd = rng.choice(7, NC, p=[0.05, 0.05, 0.1, 0.1, 0.2, 0.1, 0.4])  # due weekday, Sunday most
TOPICS = {
    "Programming": ["Python", "JavaScript", "Rust", "SQL"],
    "Data Science": ["Statistics", "Pandas", "Visualization", "Experiments"],
    "AI": ["Deep Learning", "LLMs", "Computer Vision", "Reinforcement Learning"],
    "Design": ["Figma", "Typography", "UX Research", "Color"],
    "Business": ["Marketing", "Finance", "Negotiation", "Product"],
    "Languages": ["Spanish", "Japanese", "German", "French"],
    "Music": ["Guitar", "Piano", "Music Theory", "Production"],
}
courses = pd.DataFrame(
    {
        "course_id": np.arange(1, NC + 1),
        "instructor_id": c_inst + 1,
        "title": [
            f"{['Intro to', 'Practical', 'Advanced'][c_lvl[i]]} {rng.choice(TOPICS[CATS[c_cat[i]]])}" for i in range(NC)
        ],
        "category": [CATS[c] for c in c_cat],
        "level": [LEVELS[v] for v in c_lvl],
        "price": c_price,
        "created_at": c_created,
        "retired_at": c_retired,
    }
)

# assignments: weekly per course, due at 23:59 on the course's weekday, published 14 days ahead
a_rows = []
course_assign = {}
aid = 1
for c in range(NC):
    first = c_created[c].normalize() + pd.Timedelta(days=14)
    first = first + pd.Timedelta(days=(c_wd[c] - first.day_of_week) % 7, hours=23, minutes=59)
    stop = c_retired[c] if c_retired[c] is not pd.NaT else END + pd.Timedelta(days=14)
    dues = pd.date_range(first, stop, freq="7D")
    ids = []
    for w, d in enumerate(dues):
        if d - pd.Timedelta(days=14) > END:
            break
        a_rows.append((aid, c + 1, f"Week {w + 1} assignment", d - pd.Timedelta(days=14), d, 100))
        ids.append((aid, d))
        aid += 1
    course_assign[c] = ids
assignments = pd.DataFrame(a_rows, columns=["assignment_id", "course_id", "title", "created_at", "due_at", "max_score"])

# ---------------------------------------------------------------- students
NS = 4000
COUNTRIES = ["US", "IN", "BR", "DE", "GB", "NG", "FR", "MX"]
CUR = {"US": "USD", "IN": "INR", "BR": "BRL", "DE": "EUR", "GB": "GBP", "NG": "NGN", "FR": "EUR", "MX": "MXN"}
days = pd.date_range(START, END.normalize(), freq="D")
dens = np.array([season(d) for d in days]) * (1 + np.arange(len(days)) / len(days))
dens[:30] += 6  # the platform's existing users arrive in the first month
s_day = rng.choice(len(days), NS, p=dens / dens.sum())
s_signup = days[s_day] + pd.to_timedelta(rng.integers(0, 24 * 60, NS), unit="m")
order = np.argsort(s_signup.values)
s_signup = s_signup[order]
s_country = rng.choice(COUNTRIES, NS, p=[0.3, 0.2, 0.1, 0.08, 0.08, 0.08, 0.08, 0.08])
s_age = rng.integers(16, 66, NS).astype(float)
s_age[rng.random(NS) < 0.25] = np.nan
s_ref = rng.choice(["organic", "ads", "friend", "partner", None], NS, p=[0.35, 0.3, 0.15, 0.1, 0.1])
REF = {"organic": 0.0, "ads": -0.4, "friend": 0.3, "partner": 0.1, None: 0.0}
CEFF = {"IN": 0.15, "NG": -0.15}
s_e = (
    0.8 * rng.normal(0, 1, NS)
    + np.array([REF[r] for r in s_ref])
    + np.where(np.isnan(s_age), 0, 0.015 * np.clip(s_age - 25, 0, None))
    + np.array([CEFF.get(c, 0) for c in s_country])
)
s_skill = 0.3 * s_e + 0.95 * rng.normal(0, 1, NS)
s_social = rng.normal(0, 1, NS)
s_fav = rng.integers(0, len(CATS), NS)
s_life = rng.exponential(240 * np.exp(0.6 * s_e))
s_churn = s_signup + pd.to_timedelta(s_life, unit="D")
s_deact = [
    (s_churn[i] + pd.Timedelta(days=float(rng.uniform(0, 60))))
    if rng.random() < 0.35 and s_churn[i] + pd.Timedelta(days=60) < END
    else pd.NaT
    for i in range(NS)
]
students = pd.DataFrame(
    {
        "student_id": np.arange(1, NS + 1),
        "signup_at": s_signup,
        "country": s_country,
        "age": s_age,
        "referral_source": s_ref,
        "email_domain": rng.choice(["gmail.com", "yahoo.com", "outlook.com", "uni.edu"], NS),
        "deactivated_at": pd.to_datetime(s_deact),
    }
)
students["age"] = students["age"].astype("Int64")

# ---------------------------------------------------------------- enrollments, submissions, posts, payments
E, S, P, PAY = [], [], [], []
POSTS = [
    "Stuck on the last question",
    "Great lecture!",
    "Can someone explain the grading?",
    "Deadline extension?",
    "Sharing my notes",
    "Is the quiz open book?",
    "Thanks for the feedback",
    "Found a typo in week 2",
]
METHODS = ["card", "paypal", "apple_pay", "bank_transfer"]


def open_courses(t):
    return np.array([c_created[c] <= t and (c_retired[c] is pd.NaT or c_retired[c] > t) for c in range(NC)])


def simulate_enrollment(si, c, t, eid):
    """One enrollment: submissions, its outcome; returns the time its activity ends."""
    K, lvl, q = c_K[c], c_lvl[c], iq[c_inst[c]]
    due = [(a, d) for a, d in course_assign[c] if d > t + pd.Timedelta(days=3)][:K]
    status, done_at, drop_at = "active", pd.NaT, pd.NaT
    n_sub, miss, end_act = 0, 0, t
    for i, (a, d) in enumerate(due):
        if d > s_churn[si]:
            if rng.random() < 0.5:
                status, drop_at = "dropped", s_churn[si] + pd.Timedelta(days=float(rng.uniform(0, 30)))
            break
        end_act = d
        p = sigmoid(1.2 + s_e[si] + 0.5 * q - 0.35 * lvl - 0.12 * i + sub_season(d))
        if rng.random() < p:
            miss = 0
            n_sub += 1
            late = rng.random() < sigmoid(-1.5 - 0.8 * s_e[si] + 0.3 * i / K)
            sub = (
                d + pd.Timedelta(hours=float(rng.exponential(24)))
                if late
                else d - pd.Timedelta(hours=float(rng.exponential(36)))
            )
            sub = max(sub, t + pd.Timedelta(hours=1))
            score = float(
                np.clip(round(68 + 10 * s_skill[si] + 4 * q - 6 * lvl - 8 * late + rng.normal(0, 10)), 0, 100)
            )
            S.append((si + 1, a, eid, sub, score, sub > d))
        else:
            miss += 1
            if miss == 2 and rng.random() < 0.75:
                status, drop_at = "dropped", d + pd.Timedelta(days=float(rng.uniform(1, 10)))
                break
    else:
        if len(due) == K:
            if n_sub >= 0.7 * K:
                status, done_at = "completed", due[-1][1] + pd.Timedelta(days=float(rng.uniform(0, 3)))
            else:
                status, drop_at = "dropped", due[-1][1] + pd.Timedelta(days=float(rng.uniform(1, 7)))
    # forum posts over the active span
    weeks = max((end_act - t).days / 7, 0.5)
    for _ in range(rng.poisson(0.15 * weeks * np.exp(0.8 * s_e[si] + 0.5 * s_social[si]))):
        pt = t + pd.Timedelta(hours=float(rng.uniform(0, weeks * 7 * 24)))
        P.append(
            (None if rng.random() < 0.01 else si + 1, c + 1, pt, POSTS[rng.integers(len(POSTS))], rng.random() < 0.5)
        )
    # payments
    if c_price[c] > 0:
        method = METHODS[rng.integers(len(METHODS))]
        refund = status == "dropped" and drop_at - t < pd.Timedelta(days=14) and rng.random() < 0.7
        if rng.random() < 0.85:
            amt = c_price[c] * (0.5 if rng.random() < 0.2 else 1.0)
            pay_t = [t + pd.Timedelta(minutes=float(rng.uniform(1, 30)))]
            amts = [round(amt, 2)]
        else:
            pay_t = [t + pd.Timedelta(minutes=5) + pd.DateOffset(months=m) for m in range(3)]
            amts = [round(c_price[c] / 3, 2)] * 3
        for pt, am in zip(pay_t, amts, strict=True):
            if drop_at is not pd.NaT and pt > drop_at:
                break
            P_ref = drop_at + pd.Timedelta(days=1) if refund else pd.NaT
            PAY.append((si + 1, eid, pt, am, CUR[s_country[si]], method, P_ref))
    E.append((eid, si + 1, c + 1, t, status, done_at, drop_at))
    done = done_at if done_at is not pd.NaT else (drop_at if drop_at is not pd.NaT else pd.Timestamp.max)
    return lvl, status, done


eid = 1
ai_trend = lambda t: 1 + 2 * (t - START).days / SPAN  # noqa: E731
for si in range(NS):
    t = s_signup[si]
    stop = min(s_churn[si], END)
    active = []  # (end time) of running enrollments
    taken, done_beginner = set(), set()
    times = []
    if rng.random() < 0.9:
        times.append((t + pd.Timedelta(days=float(rng.uniform(0, 3))), True))
    rmax = 0.02 * np.exp(0.5 * s_e[si]) * 1.8
    cur = t
    while True:
        cur = cur + pd.Timedelta(days=float(rng.exponential(1 / rmax)))
        if cur >= stop:
            break
        times.append((cur, False))
    for tt, first_one in sorted(times):
        if tt >= stop:
            continue
        active = [x for x in active if x > tt]
        if not first_one:
            accept = 0.02 * np.exp(0.5 * s_e[si]) * season(tt) / (1 + len(active)) / rmax
            if rng.random() > accept:
                continue
        ok = open_courses(tt)
        ok[list(taken)] = False
        if not ok.any():
            continue
        w = c_pop * np.where(c_cat == s_fav[si], 3.0, 1.0) * np.where(c_cat == CATS.index("AI"), ai_trend(tt), 1.0)
        beg = np.array([c_cat[c] in done_beginner for c in range(NC)])
        w = w * np.where(c_lvl == 1, np.where(beg, 3.0, 1.0), 1.0) * np.where((c_lvl == 2) & ~beg, 0.3, 1.0)
        w = w * ok
        c = rng.choice(NC, p=w / w.sum())
        taken.add(c)
        lvl, status, done = simulate_enrollment(si, c, tt, eid)
        eid += 1
        active.append(done)
        if status == "completed" and lvl == 0:
            done_beginner.add(c_cat[c])

enrollments = pd.DataFrame(
    E, columns=["enrollment_id", "student_id", "course_id", "enrolled_at", "status", "completed_at", "dropped_at"]
)
# nothing after the end is observed
for col in ("completed_at", "dropped_at"):
    late = enrollments[col] > END
    enrollments.loc[late, "status"] = "active"
    enrollments.loc[late, col] = pd.NaT
enrollments = enrollments[enrollments.enrolled_at <= END]

submissions = pd.DataFrame(
    S, columns=["student_id", "assignment_id", "enrollment_id", "submitted_at", "score", "is_late"]
)
submissions = submissions[submissions.submitted_at <= END].sort_values("submitted_at").reset_index(drop=True)
recent = submissions.submitted_at > END - pd.Timedelta(days=5)
ungraded = (recent & (rng.random(len(submissions)) < 0.7)) | (rng.random(len(submissions)) < 0.02)
submissions.loc[ungraded, "score"] = np.nan
submissions.insert(0, "submission_id", np.arange(1, len(submissions) + 1))

forum_posts = pd.DataFrame(P, columns=["student_id", "course_id", "posted_at", "body", "is_question"])
forum_posts = forum_posts[forum_posts.posted_at <= END].sort_values("posted_at").reset_index(drop=True)
forum_posts["student_id"] = forum_posts["student_id"].astype("Int64")
forum_posts.insert(0, "post_id", np.arange(1, len(forum_posts) + 1))

payments = pd.DataFrame(
    PAY, columns=["student_id", "enrollment_id", "paid_at", "amount", "currency", "method", "refunded_at"]
)
payments = payments[payments.paid_at <= END].sort_values("paid_at").reset_index(drop=True)
payments.loc[payments.refunded_at > END, "refunded_at"] = pd.NaT
payments.insert(0, "payment_id", np.arange(1, len(payments) + 1))

# ---------------------------------------------------------------- write
if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE instructors (instructor_id INTEGER PRIMARY KEY, name VARCHAR, joined_at TIMESTAMP, rating DOUBLE,
  bio VARCHAR);
CREATE TABLE courses (course_id INTEGER PRIMARY KEY, instructor_id INTEGER REFERENCES instructors(instructor_id),
  title VARCHAR, category VARCHAR, level VARCHAR, price DECIMAL(8, 2), created_at TIMESTAMP, retired_at TIMESTAMP);
CREATE TABLE assignments (assignment_id INTEGER PRIMARY KEY, course_id INTEGER REFERENCES courses(course_id),
  title VARCHAR, created_at TIMESTAMP, due_at TIMESTAMP, max_score INTEGER);
CREATE TABLE students (student_id INTEGER PRIMARY KEY, signup_at TIMESTAMP, country VARCHAR, age INTEGER,
  referral_source VARCHAR, email_domain VARCHAR, deactivated_at TIMESTAMP);
CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(student_id),
  course_id INTEGER REFERENCES courses(course_id), enrolled_at TIMESTAMP, status VARCHAR, completed_at TIMESTAMP,
  dropped_at TIMESTAMP);
CREATE TABLE submissions (submission_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(student_id),
  assignment_id INTEGER REFERENCES assignments(assignment_id), enrollment_id INTEGER, submitted_at TIMESTAMP,
  score DOUBLE, is_late BOOLEAN);
CREATE TABLE forum_posts (post_id INTEGER PRIMARY KEY, student_id INTEGER,
  course_id INTEGER REFERENCES courses(course_id), posted_at TIMESTAMP, body VARCHAR, is_question BOOLEAN);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(student_id),
  enrollment_id INTEGER, paid_at TIMESTAMP, amount DECIMAL(10, 2), currency VARCHAR, method VARCHAR,
  refunded_at TIMESTAMP);
""")
for name, df in [
    ("instructors", instructors),
    ("courses", courses),
    ("assignments", assignments),
    ("students", students),
    ("enrollments", enrollments),
    ("submissions", submissions),
    ("forum_posts", forum_posts),
    ("payments", payments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
