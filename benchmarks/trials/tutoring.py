"""A tutoring marketplace (subjects, tutors, parents who pay, students, bookings scheduled ahead that are completed,
cancelled or missed, session reports, reviews, payments and refunds, weekly tutor payouts, messages), seeded:
`python benchmarks/trials/tutoring.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 subjects, 260 tutors, 2,200 parents, 2,939 students,
37.7k bookings, 23.6k session reports, 6.1k reviews, 27.1k payments, 2.5k refunds, 11.0k tutor payouts, 42.1k messages
(about 153k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: bookings.scheduled_at (a booking is made 1-30 days ahead, a block of 4
weekly sessions with p .25, so up to ~2 months ahead). Every other column holding a later date of its row is filled
in later.

Truth (seed 0):
- subjects (12): level GCSE / A-level / 11+ / University; demand by month per kind: exam subjects (GCSE, A-level)
  peak Mar-May (x1.4-1.6) and collapse in Jul-Aug (x.3); languages flat with a summer dip; '11+ Prep' peaks Jun-Aug
  and collapses after the September exam; University peaks in Jan and May; base_rate sets prices
- tutors (260): one main subject (tutors.subject_id) and a hidden second one with p .4; quality q ~ N(0, 1)
  (hidden) drives review ratings (4.0 + .8 q), session report rate and scores, and the churn of the students it
  teaches (see below); hourly_rate = base_rate x exp(.12 q + N(0, .12)) (weakly tells q); 180 joined before the
  span, 80 during; leave with hazard 1/2500 a day (x2.5 when q < -1): left_at filled later, status TODAY's; their
  pending bookings are cancelled by the tutor and their students get a new tutor; rating_avg (over reviews) and
  sessions_completed TODAY's; bio_words, city (messy: 'London', 'london', 'LDN', ...) are noise
- parents (2,200; 1,200 before the span): plan 'bundle' (p .3, static) -> students churn x.6, book x1.25, pay 10%
  less, and pay one invoice a month (payments.booking_id NULL, on the 1st, for last month's completed sessions);
  'payg' parents pay each booking when it is made; a family effect f ~ N(0, 1) shared by siblings; city messy;
  referral_source noise; total_paid TODAY's (payments less refunds so far)
- students (1-3 per parent): level GCSE .4 / A-level .3 / 11+ .18 / University .12, birth_year static (school year
  group at t = academic year(t) - birth_year - 5); engagement e = .5 f + N(0, .87) (hidden) drives booking rate
  (exp(.4 e)), no-shows, churn (exp(-.5 e)) and messages; 25% take a second subject of their level
- graduation: with p .85 a GCSE student leaves ~June 20 of its Year 11, an A-level one ~June 25 of its Year 13,
  an 11+ one ~Sept 25 of its Year 6 (the planted seasonal churn; read from birth_year, or the TODAY's grade_level)
- churn hazard per day 1/500 x exp(-.5 e) x (.6 bundle) x (1 + 2 bad) x (2 in Jul-Aug), bad = 1 when the student's
  last completed session was with a tutor of q < -.8 (after which it switches tutor with p .2); pre-span students
  that had left before 2023 (p .45, or graduated) never book
- bookings: an active student books with p .045 x exp(.4 e) x demand(subject, month) x (1.25 bundle) a day;
  lead 1 + Exp(4) days (<= 30); 25% are blocks of 4 weekly sessions written at once; tutor = the student's regular
  tutor of that subject (chosen by exp(.3 q) among the subject's tutors); duration 60/90/45 min; price = rate x
  hours (x.9 bundle). Outcome: student gone -> cancelled at leaving ('student'); tutor gone -> cancelled
  ('tutor'); else cancelled by the student with p .07; no-show with p sigmoid(-3 - .8 e + .05 min(lead, 30));
  else completed. status TODAY's ('scheduled', 'completed', 'cancelled', 'no_show'), cancelled_at,
  cancelled_by, completed_at filled in later; platform noise
- session_reports: p sigmoid(1 + .8 q) of completed sessions, Exp(.4 days) after; progress_score
  clip(round(3 + .5 q + .3 e + N(0, .8)), 1, 5); topic noise
- reviews: p .18 (+ .1 when |q| > 1), Exp(1.5 days) after; rating clip(round(4 + .8 q + N(0, .7)), 1, 5)
- payments: method messy ('card', 'Card', 'CARD', 'paypal', 'PayPal', 'bank transfer', 'Bank Transfer');
  status TODAY's ('paid', 'refunded', 'partially_refunded')
- refunds: a payg booking cancelled is refunded Exp(1.5 days) after (50% when the student cancelled under 24 h
  before); a completed session rated <= 2 is refunded 50% with p .5; reason messy
- tutor_payouts: every Monday 02:00 for the week before, .8 x the list price of the tutor's completed sessions;
  status ('pending', 'paid') TODAY's, paid_at filled later (1-4 days)
- messages: Poisson(.8 exp(.3 e)) per booking between booking and session, one more at a cancellation, and
  general ones (booking_id NULL) at .006 per active student-day; sender_role messy; body_chars noise
- students TODAY's: grade_level (messy 'Year 10', 'Y10', 'yr 10', ...), status ('active' when a session in the last
  45 days or one booked ahead, else 'lapsed'), last_session_at, current_tutor_ref (the regular tutor now)
- keys: PK declared on subjects, tutors (tutor_code VARCHAR 'TU-0042'), parents, students, bookings,
  session_reports, reviews, payments, refunds, tutor_payouts; messages has none. REFERENCES only students ->
  parents, tutors -> subjects, payments -> parents. Undeclared: bookings (student_id, tutor_ref -> tutors.tutor_code,
  subject_id), session_reports.booking_id, reviews (booking_id, student_id, tutor_ref), payments.booking_id,
  refunds.payment_id, tutor_payouts.tutor_ref, messages (booking_id, student_id, tutor_ref), students
  (main_subject_id, current_tutor_ref)
- `python tutoring.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
START = pd.Timestamp("2023-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
NDT = ND + 100
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


days = pd.date_range(START, periods=NDT, freq="D")
MON = days.month.values - 1
DOW = days.day_of_week.values
SEASON = {
    "exam": np.array([1.1, 1.2, 1.4, 1.5, 1.6, 0.9, 0.35, 0.3, 0.8, 1.0, 1.05, 0.7]),
    "flat": np.array([1.0, 1.0, 1.0, 1.0, 1.1, 1.0, 0.6, 0.5, 1.0, 1.0, 1.0, 0.7]),
    "elevenplus": np.array([0.8, 0.8, 0.9, 1.0, 1.2, 1.4, 1.5, 1.6, 1.2, 0.3, 0.3, 0.4]),
    "uni": np.array([1.5, 1.0, 1.0, 1.3, 1.5, 0.6, 0.3, 0.4, 0.6, 1.0, 1.1, 1.2]),
}

# ---------------- subjects
SUBJ = [
    ("Maths", "maths", "GCSE", 32, "exam"),
    ("Maths", "maths", "A-level", 40, "exam"),
    ("Physics", "sciences", "A-level", 40, "exam"),
    ("Chemistry", "sciences", "A-level", 40, "exam"),
    ("Biology", "sciences", "GCSE", 32, "exam"),
    ("English", "english", "GCSE", 30, "exam"),
    ("French", "languages", "GCSE", 30, "flat"),
    ("Spanish", "languages", "GCSE", 30, "flat"),
    ("History", "humanities", "A-level", 36, "exam"),
    ("Computer Science", "sciences", "A-level", 42, "exam"),
    ("11+ Prep", "entrance", "11+", 35, "elevenplus"),
    ("Maths", "maths", "University", 50, "uni"),
]
NSUB = len(SUBJ)
S_LEVEL = np.array([s[2] for s in SUBJ])
S_BASE = np.array([s[3] for s in SUBJ], float)
S_KIND = [s[4] for s in SUBJ]
DEMAND = np.stack([SEASON[k] for k in S_KIND])  # subject x month
LEVELS = ["GCSE", "A-level", "11+", "University"]
LEVEL_SUBJ = {lv: np.nonzero(np.equal(S_LEVEL, lv))[0] for lv in LEVELS}
LEVEL_SUBJ_P = {
    "GCSE": np.array([0.45, 0.2, 0.2, 0.1, 0.05]),
    "A-level": np.array([0.35, 0.2, 0.2, 0.1, 0.15]),
    "11+": np.array([1.0]),
    "University": np.array([1.0]),
}
subjects = pd.DataFrame(
    {
        "subject_id": np.arange(1, NSUB + 1),
        "name": [s[0] for s in SUBJ],
        "category": [s[1] for s in SUBJ],
        "level": S_LEVEL,
        "base_rate": S_BASE,
        "exam_board": rng.choice(["AQA", "Edexcel", "OCR", None], NSUB),
    }
)

# ---------------- tutors
NT = 260
t_w = np.array([10, 4, 3, 3, 3, 4, 2, 2, 2, 2, 5, 2], float)
t_subj = np.concatenate([np.repeat(np.arange(NSUB), 6), rng.choice(NSUB, NT - 6 * NSUB, p=t_w / t_w.sum())])
rng.shuffle(t_subj)
t_subj2 = np.where(rng.random(NT) < 0.4, rng.integers(0, NSUB, NT), -1)
t_subj2 = np.where(S_LEVEL[np.maximum(t_subj2, 0)] == S_LEVEL[t_subj], t_subj2, -1)
t_q = rng.normal(0, 1, NT)
t_rate = np.round(S_BASE[t_subj] * np.exp(0.12 * t_q + rng.normal(0, 0.12, NT)))
t_old = np.arange(NT) < 180
t_join = np.where(t_old, secs("2019-06-01") + rng.uniform(0, 1300, NT) * DAY, rng.uniform(0, ND - 20, NT) * DAY)
t_leave_u = rng.random((NT, ND))  # drawn up front
t_left = np.full(NT, INF)
for i in range(NT):
    h = (1 / 2500) * (2.5 if t_q[i] < -1 else 1.0)
    d0 = max(0, int(np.ceil(t_join[i] / DAY)) + 60)
    hit = np.nonzero(t_leave_u[i, d0:] < h)[0]
    if len(hit):
        t_left[i] = (d0 + hit[0]) * DAY + rng.uniform(8, 18) * 3600
t_code = np.array([f"TU-{i:04d}" for i in range(1, NT + 1)])
TCITY = ["London", "london", "LDN", "Manchester", "manchester ", "Birmingham", "B'ham", "Leeds", "Bristol", "remote"]
t_city = rng.choice(TCITY, NT, p=[0.2, 0.08, 0.04, 0.12, 0.04, 0.1, 0.04, 0.1, 0.08, 0.2])
t_bio = rng.integers(20, 400, NT)
t_teach = [set([t_subj[i]] + ([t_subj2[i]] if t_subj2[i] >= 0 else [])) for i in range(NT)]
POOL = [np.array([i for i in range(NT) if s in t_teach[i]]) for s in range(NSUB)]

# ---------------- parents
NPA = 2200
pa_old = np.arange(NPA) < 1200
pa_created = np.where(pa_old, secs("2021-01-01") + rng.uniform(0, 729, NPA) * DAY, rng.uniform(0, ND - 3, NPA) * DAY)
pa_bundle = rng.random(NPA) < 0.3
pa_f = rng.normal(0, 1, NPA)
PCITY = ["London", "london", "LONDON", "Manchester", "manchester", "Birmingham", "Leeds", "Bristol", "Leeds "]
pa_city = rng.choice(PCITY, NPA, p=[0.22, 0.1, 0.03, 0.15, 0.05, 0.15, 0.12, 0.13, 0.05])
pa_ref = rng.choice(["google", "Google", "friend", "school", "facebook", "Facebook", None], NPA)
pa_email = np.where(rng.random(NPA) < 0.1, None, np.array([f"parent{i}@mail.example" for i in range(1, NPA + 1)]))
METH = ["card", "Card", "CARD", "paypal", "PayPal", "bank transfer", "Bank Transfer"]
pa_meth = rng.choice(METH, NPA, p=[0.4, 0.1, 0.05, 0.2, 0.05, 0.15, 0.05])

# ---------------- students
kids = rng.choice([1, 2, 3], NPA, p=[0.65, 0.28, 0.07])
s_par = np.repeat(np.arange(NPA), kids)
NS = len(s_par)
first = np.r_[True, s_par[1:] != s_par[:-1]]
s_created = pa_created[s_par] + np.where(first, rng.uniform(0, 2, NS), rng.uniform(20, 500, NS)) * DAY
s_e = 0.5 * pa_f[s_par] + rng.normal(0, 0.87, NS)
s_level = rng.choice(4, NS, p=[0.4, 0.3, 0.18, 0.12])
cd = START + pd.to_timedelta(s_created, unit="s")
acad_c = np.where(cd.month >= 9, cd.year, cd.year - 1)
yg_c = np.select(
    [s_level == 0, s_level == 1, s_level == 2],
    [rng.integers(9, 12, NS), rng.integers(12, 14, NS), rng.integers(4, 6, NS)],
    0,
)
s_birth = np.where(s_level == 3, rng.integers(1999, 2005, NS), acad_c - yg_c - 5)
s_subj = np.array([rng.choice(LEVEL_SUBJ[LEVELS[lv]], p=LEVEL_SUBJ_P[LEVELS[lv]]) for lv in s_level])
s_subj2 = np.array(
    [
        rng.choice([x for x in LEVEL_SUBJ[LEVELS[lv]] if x != s1])
        if len(LEVEL_SUBJ[LEVELS[lv]]) > 1 and u < 0.25
        else -1
        for lv, s1, u in zip(s_level, s_subj, rng.random(NS), strict=True)
    ]
)
GRAD_MD = {0: (17, "06-20"), 1: (19, "06-25"), 2: (11, "09-25")}
s_grad = np.full(NS, INF)
for i in range(NS):
    if s_level[i] in GRAD_MD:
        add, md = GRAD_MD[s_level[i]]
        s_grad[i] = secs(f"{s_birth[i] + add}-{md}") + rng.uniform(-10, 12) * DAY
grad_leaves = rng.random(NS) < 0.85
s_churn = np.where(grad_leaves & (s_grad > s_created), s_grad, INF)
pre = s_created < 0
s_churn = np.where(
    pre & ((rng.random(NS) < 0.45) | (s_grad < 0)), np.minimum(s_churn, -rng.uniform(1, 300, NS) * DAY), s_churn
)
s_churn = np.where(s_churn < s_created, s_created + DAY, s_churn)  # leavers always existed first
s_school = rng.choice(["state", "private", "home", None], NS, p=[0.6, 0.25, 0.05, 0.1])
s_bad = np.zeros(NS)
s_last_pre = np.where(pre, np.maximum(s_created, np.minimum(s_churn, 0) - rng.uniform(1, 60, NS) * DAY), np.nan)

# ---------------- simulation
B = dict(s=[], subj=[], tut=[], bt=[], st=[], dur=[], plat=[], ct=[], cby=[], out=[])
bucket = [[] for _ in range(NDT)]
reg = {}  # (student, subject) -> tutor
TUT_EV = []  # (student, t, tutor): regular-tutor changes
N_GEN = []  # (student, t): general messages


def assign(s, subj, t, avoid=-1):
    pool = POOL[subj]
    ok = pool[(t_join[pool] <= t) & (t_left[pool] > t) & (pool != avoid)]
    if len(ok) == 0:
        ok = pool[t_join[pool] <= t] if (t_join[pool] <= t).any() else pool
    w = np.exp(0.3 * t_q[ok])
    k = int(rng.choice(ok, p=w / w.sum()))
    reg[(s, subj)] = k
    TUT_EV.append((s, t, k, subj))
    return k


def slot(d):
    wk = DOW[d] >= 5
    return d * DAY + (rng.integers(9, 13) if wk else rng.integers(16, 20)) * 3600 + rng.choice([0, 1800])


def book(s, bt, subj):
    k = reg.get((s, subj), -1)
    if k < 0 or t_left[k] <= bt:
        k = assign(s, subj, bt)
    d = int(bt // DAY) + 1 + int(min(rng.exponential(4), 29))
    n = 4 if rng.random() < 0.25 else 1
    st0 = slot(min(d, NDT - 1))
    dur = rng.choice([60, 90, 45], p=[0.7, 0.2, 0.1])
    plat = rng.choice(["web", "ios", "android"])
    for j in range(n):
        st = st0 + 7 * j * DAY
        dj = int(st // DAY)
        if dj >= NDT:
            break
        B["s"].append(s)
        B["subj"].append(subj)
        B["tut"].append(k)
        B["bt"].append(bt)
        B["st"].append(st)
        B["dur"].append(dur)
        B["plat"].append(plat)
        B["ct"].append(INF)
        B["cby"].append(None)
        B["out"].append("")
        bucket[dj].append(len(B["s"]) - 1)


SUMMER = np.isin(MON, [6, 7])
for d in range(ND):
    t0 = d * DAY
    live = (s_created <= t0 + DAY) & (s_churn > t0)
    # churn
    h = (
        (1 / 500)
        * np.exp(-0.5 * s_e)
        * np.where(pa_bundle[s_par], 0.6, 1.0)
        * (1 + 2 * s_bad)
        * (2 if SUMMER[d] else 1)
    )
    hit = live & (s_created <= t0) & (rng.random(NS) < h)
    s_churn = np.where(hit, t0 + rng.uniform(0, DAY, NS), s_churn)
    live &= ~hit
    # bookings
    lam = 0.045 * np.exp(0.4 * s_e) * DEMAND[s_subj, MON[d]] * np.where(pa_bundle[s_par], 1.25, 1.0)
    for s in np.nonzero(live & (rng.random(NS) < lam))[0]:
        subj = s_subj2[s] if (s_subj2[s] >= 0 and rng.random() < 0.3) else s_subj[s]
        bt = max(t0 + rng.uniform(7, 22) * 3600, s_created[s] + 60)
        if bt < s_churn[s]:
            book(s, bt, subj)
    for s in np.nonzero(live & (rng.random(NS) < 0.006 * np.exp(0.3 * s_e)))[0]:
        N_GEN.append((s, t0 + rng.uniform(7, 23) * 3600, reg.get((s, s_subj[s]), -1)))
    # sessions due today
    for i in bucket[d]:
        s, k, bt, st = B["s"][i], B["tut"][i], B["bt"][i], B["st"][i]
        if s_churn[s] < st:
            B["ct"][i] = min(max(s_churn[s], bt + 600) + rng.uniform(0, 2) * DAY, st - 1800)
            B["cby"][i] = "student"
            B["out"][i] = "cancelled"
            continue
        if t_left[k] < st:
            B["ct"][i] = min(max(t_left[k], bt + 600) + rng.uniform(0, 1) * DAY, st - 1800)
            B["cby"][i] = "tutor"
            B["out"][i] = "cancelled"
            continue
        if rng.random() < 0.07:
            B["ct"][i] = bt + rng.uniform(0.1, 0.99) * (st - bt)
            B["cby"][i] = "student"
            B["out"][i] = "cancelled"
            continue
        lead = (st - bt) / DAY
        if rng.random() < sig(-3 - 0.8 * s_e[s] + 0.05 * min(lead, 30)):
            B["out"][i] = "no_show"
            continue
        B["out"][i] = "completed"
        s_bad[s] = 1.0 if t_q[k] < -0.8 else 0.0
        if s_bad[s] and rng.random() < 0.2:
            assign(s, B["subj"][i], st + B["dur"][i] * 60 + 3600, avoid=k)

# ---------------- derived rows (all drawn before any cut)
NB = len(B["s"])
b_s = np.array(B["s"])
b_subj = np.array(B["subj"])
b_tut = np.array(B["tut"])
b_bt = np.array(B["bt"])
b_st = np.array(B["st"])
b_dur = np.array(B["dur"])
b_ct = np.array(B["ct"], float)
b_cby = np.array(B["cby"], dtype=object)
b_out = np.array(B["out"], dtype=object)
b_out = np.where(b_out == "", "scheduled", b_out)  # beyond the simulated days: never resolved
b_done = np.where(b_out == "completed", b_st + b_dur * 60, INF)
b_noshow_t = np.where(b_out == "no_show", b_st + 900, INF)
b_bundle = pa_bundle[s_par[b_s]]
b_list = np.round(t_rate[b_tut] * b_dur / 60, 2)
b_price = np.round(b_list * np.where(b_bundle, 0.9, 1.0), 2)
b_plat = np.array(B["plat"], dtype=object)

comp = np.nonzero(b_out == "completed")[0]
rep_m = rng.random(len(comp)) < sig(1 + 0.8 * t_q[b_tut[comp]])
R_b = comp[rep_m]
R_t = b_done[R_b] + rng.exponential(0.4, len(R_b)) * DAY
R_score = np.clip(np.round(3 + 0.5 * t_q[b_tut[R_b]] + 0.3 * s_e[b_s[R_b]] + rng.normal(0, 0.8, len(R_b))), 1, 5)
R_hw = rng.random(len(R_b)) < 0.6
R_topic = rng.choice(["past papers", "algebra", "essay plan", "revision", "homework help", "mock exam"], len(R_b))
rv_m = rng.random(len(comp)) < 0.18 + 0.1 * (np.abs(t_q[b_tut[comp]]) > 1)
V_b = comp[rv_m]
V_t = b_done[V_b] + rng.exponential(1.5, len(V_b)) * DAY
V_rating = np.clip(np.round(4 + 0.8 * t_q[b_tut[V_b]] + rng.normal(0, 0.7, len(V_b))), 1, 5).astype(int)
V_len = rng.integers(0, 600, len(V_b))

# payments: payg per booking at booking time; bundle one invoice a month for the month before
payg = np.nonzero(~b_bundle)[0]
P_b = list(payg)
P_par = list(s_par[b_s[payg]])
P_t = list(b_bt[payg] + rng.uniform(60, 1800, len(payg)))
P_amt = list(b_price[payg])
bc = np.nonzero(b_bundle & (b_out == "completed"))[0]
mkey = pd.DataFrame(
    {"par": s_par[b_s[bc]], "m": (START + pd.to_timedelta(b_done[bc], unit="s")).to_period("M"), "amt": b_price[bc]}
)
inv = mkey.groupby(["par", "m"], as_index=False)["amt"].sum()
inv_t = (
    np.array([secs(p.end_time.normalize() + pd.Timedelta(days=1)) for p in inv["m"]])
    + rng.uniform(9, 12, len(inv)) * 3600
)
P_b += [-1] * len(inv)
P_par += list(inv["par"])
P_t += list(inv_t)
P_amt += list(np.round(inv["amt"], 2))
P_b, P_par, P_t, P_amt = np.array(P_b), np.array(P_par), np.array(P_t), np.array(P_amt)
po = np.argsort(P_t, kind="stable")
P_b, P_par, P_t, P_amt = P_b[po], P_par[po], P_t[po], P_amt[po]
NPAY = len(P_t)
P_meth = np.where(rng.random(NPAY) < 0.9, pa_meth[P_par], rng.choice(METH, NPAY))
pay_of_b = np.full(NB, -1)
pay_of_b[P_b[P_b >= 0]] = np.nonzero(P_b >= 0)[0]

# refunds
RF_p, RF_t, RF_amt, RF_why = [], [], [], []
canc = np.nonzero((b_out == "cancelled") & (pay_of_b >= 0))[0]
for i in canc:
    p = pay_of_b[i]
    late = b_cby[i] == "student" and b_st[i] - b_ct[i] < DAY
    RF_p.append(p)
    RF_t.append(max(b_ct[i], P_t[p]) + rng.exponential(1.5) * DAY)
    RF_amt.append(round(P_amt[p] * (0.5 if late else 1.0), 2))
    RF_why.append(
        rng.choice(["late cancellation", "Late cancel"])
        if late
        else (
            rng.choice(["tutor cancelled", "Tutor cancelled"])
            if b_cby[i] == "tutor"
            else rng.choice(["cancellation", "Cancellation", "cancelled"])
        )
    )
bad_rv = V_b[(V_rating <= 2) & (pay_of_b[V_b] >= 0)]
for i, vt in zip(bad_rv, V_t[(V_rating <= 2) & (pay_of_b[V_b] >= 0)], strict=True):
    if rng.random() < 0.5:
        p = pay_of_b[i]
        RF_p.append(p)
        RF_t.append(vt + rng.exponential(2) * DAY)
        RF_amt.append(round(P_amt[p] * 0.5, 2))
        RF_why.append(rng.choice(["quality", "Quality complaint"]))
RF_p, RF_t, RF_amt = np.array(RF_p, int), np.array(RF_t), np.array(RF_amt)
ro = np.argsort(RF_t, kind="stable")
RF_p, RF_t, RF_amt, RF_why = RF_p[ro], RF_t[ro], RF_amt[ro], np.array(RF_why, dtype=object)[ro]

# tutor payouts: Monday 02:00 for the Monday-Sunday week before
comp_wk = (np.floor((b_done[comp] / DAY + 6) / 7)).astype(int)  # 2023-01-01 is a Sunday: weeks start on Mondays
po_df = (
    pd.DataFrame({"tut": b_tut[comp], "wk": comp_wk, "amt": b_list[comp]})
    .groupby(["tut", "wk"], as_index=False)["amt"]
    .sum()
)
po_df = po_df.sort_values(["wk", "tut"], kind="stable").reset_index(drop=True)
PO_start = (po_df["wk"].to_numpy() * 7 - 6) * DAY
PO_created = PO_start + 7 * DAY + 2 * 3600
PO_paid = PO_created + rng.uniform(1, 4, len(po_df)) * DAY
PO_amt = np.round(0.8 * po_df["amt"].to_numpy(), 2)

# messages
nm = rng.poisson(0.8 * np.exp(0.3 * s_e[b_s]))
M_b = np.repeat(np.arange(NB), nm)
M_t = b_bt[M_b] + rng.uniform(0, 1, len(M_b)) * (np.minimum(b_st[M_b], b_ct[M_b]) - b_bt[M_b])
cm = np.nonzero(b_out == "cancelled")[0]
M_b = np.concatenate([M_b, cm, np.full(len(N_GEN), -1)])
M_t = np.concatenate([M_t, b_ct[cm] + 60, np.array([x[1] for x in N_GEN])])
M_s = np.where(M_b >= 0, b_s[np.maximum(M_b, 0)], 0)
M_s[M_b < 0] = np.array([x[0] for x in N_GEN])
M_tut = np.where(M_b >= 0, b_tut[np.maximum(M_b, 0)], -1)
M_tut[M_b < 0] = np.array([x[2] for x in N_GEN])  # the regular tutor of its main subject then, if any yet
mo = np.argsort(M_t, kind="stable")
M_b, M_t, M_s, M_tut = M_b[mo], M_t[mo], M_s[mo], M_tut[mo]
M_role = rng.choice(
    ["student", "Student", "tutor", "Tutor", "TUTOR", "parent"], len(M_t), p=[0.35, 0.1, 0.3, 0.1, 0.05, 0.1]
)
M_chars = rng.integers(5, 800, len(M_t))

GRADE_FMT = [lambda y: f"Year {y}", lambda y: f"Y{y}", lambda y: f"yr {y}", lambda y: f"year {y}"]
s_fmt = rng.choice(4, NS, p=[0.6, 0.2, 0.1, 0.1])
UNI_FMT = np.array(["University", "Uni", "undergraduate"])[rng.choice(3, NS, p=[0.6, 0.25, 0.15])]

# ---------------- tables as they stood at CUT
tutors_mask = t_join <= T
rv_known = V_t <= T
rating_avg = pd.Series(V_rating[rv_known]).groupby(b_tut[V_b[rv_known]]).mean().reindex(range(NT)).round(2).to_numpy()
n_done = np.bincount(b_tut[b_done <= T], minlength=NT)
tutors = pd.DataFrame(
    {
        "tutor_code": t_code,
        "subject_id": t_subj + 1,
        "full_name": [
            f"{a} {b}"
            for a, b in zip(
                rng.choice(["Amy", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hugo", "Isla", "Jack"], NT),
                rng.choice(["Ali", "Brown", "Chen", "Davies", "Evans", "Green", "Hughes", "Khan", "Lee", "Moore"], NT),
                strict=True,
            )
        ],
        "city": t_city,
        "hourly_rate": t_rate,
        "bio_words": t_bio,
        "joined_at": ts(t_join),
        "status": np.where(t_left <= T, "left", "active"),
        "left_at": ts(known(t_left)),
        "rating_avg": rating_avg,
        "sessions_completed": n_done,
    }
)[tutors_mask]

pay_k = P_t <= T
ref_k = RF_t <= T
paid_sum = pd.Series(P_amt[pay_k]).groupby(P_par[pay_k]).sum().reindex(range(NPA), fill_value=0).to_numpy()
ref_sum = pd.Series(RF_amt[ref_k]).groupby(P_par[RF_p[ref_k]]).sum().reindex(range(NPA), fill_value=0).to_numpy()
parents = pd.DataFrame(
    {
        "parent_id": np.arange(1, NPA + 1),
        "email": pa_email,
        "city": pa_city,
        "plan": np.where(pa_bundle, "bundle", "payg"),
        "referral_source": pa_ref,
        "created_at": ts(pa_created),
        "total_paid": np.round(paid_sum - ref_sum, 2),
    }
)[pa_created <= T]

Tnorm = CUT
acad_T = Tnorm.year if Tnorm.month >= 9 else Tnorm.year - 1
yg_T = acad_T - s_birth - 5
grade = np.array(
    [
        UNI_FMT[i] if s_level[i] == 3 else ("Left school" if yg_T[i] > 13 else GRADE_FMT[s_fmt[i]](yg_T[i]))
        for i in range(NS)
    ],
    dtype=object,
)
done_k = b_done <= T
last_sess = pd.Series(b_done[done_k]).groupby(b_s[done_k]).max().reindex(range(NS)).to_numpy()
last_sess = np.where(np.isnan(last_sess), s_last_pre, last_sess)
ahead = (b_bt <= T) & (b_st > T) & ~(b_ct <= T)
has_ahead = np.bincount(b_s[ahead], minlength=NS) > 0
s_status = np.where(has_ahead | (T - np.nan_to_num(last_sess, nan=-1e12) <= 45 * DAY), "active", "lapsed")
cur_tut = np.full(NS, -1)
for s, te, k, subj in sorted(TUT_EV, key=lambda x: x[1]):  # the main subject's regular tutor at CUT
    if te <= T and subj == s_subj[s]:
        cur_tut[s] = k
students = pd.DataFrame(
    {
        "student_id": np.arange(1, NS + 1),
        "parent_id": s_par + 1,
        "first_name": rng.choice(["Ava", "Noah", "Mia", "Leo", "Zara", "Omar", "Ruby", "Sam", "Ivy", "Theo"], NS),
        "birth_year": s_birth,
        "main_subject_id": s_subj + 1,
        "school_type": s_school,
        "created_at": ts(s_created),
        "grade_level": grade,
        "status": s_status,
        "last_session_at": ts(last_sess),
        "current_tutor_ref": np.where(cur_tut >= 0, t_code[np.maximum(cur_tut, 0)], None),
    }
)[s_created <= T]

b_ck = b_ct <= T
b_status = np.where(
    b_ck, "cancelled", np.where(b_done <= T, "completed", np.where(b_noshow_t <= T, "no_show", "scheduled"))
)
bookings = pd.DataFrame(
    {
        "booking_id": np.arange(1, NB + 1),
        "student_id": b_s + 1,
        "tutor_ref": t_code[b_tut],
        "subject_id": b_subj + 1,
        "booked_at": ts(b_bt),
        "scheduled_at": ts(b_st),
        "duration_min": b_dur,
        "price": b_price,
        "platform": b_plat,
        "status": b_status,
        "cancelled_at": ts(np.where(b_ck, b_ct, np.nan)),
        "cancelled_by": np.where(b_ck, b_cby, None),
        "completed_at": ts(known(b_done)),
    }
)[b_bt <= T]

session_reports = pd.DataFrame(
    {
        "report_id": np.arange(1, len(R_b) + 1),
        "booking_id": R_b + 1,
        "written_at": ts(R_t),
        "progress_score": R_score.astype(int),
        "homework_set": R_hw,
        "topic": R_topic,
    }
)[R_t <= T]

reviews = pd.DataFrame(
    {
        "review_id": np.arange(1, len(V_b) + 1),
        "booking_id": V_b + 1,
        "student_id": b_s[V_b] + 1,
        "tutor_ref": t_code[b_tut[V_b]],
        "rating": V_rating,
        "comment_chars": V_len,
        "created_at": ts(V_t),
    }
)[rv_known]

rf_by_p = pd.Series(RF_amt[ref_k]).groupby(RF_p[ref_k]).sum().reindex(range(NPAY), fill_value=0).to_numpy()
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NPAY + 1),
        "parent_id": P_par + 1,
        "booking_id": pd.Series(np.where(P_b >= 0, P_b + 1, 0)).astype("Int64").where(P_b >= 0),
        "amount": P_amt,
        "method": P_meth,
        "paid_at": ts(P_t),
        "status": np.where(rf_by_p >= P_amt - 0.005, "refunded", np.where(rf_by_p > 0, "partially_refunded", "paid")),
    }
)[pay_k]

refunds = pd.DataFrame(
    {
        "refund_id": np.arange(1, len(RF_p) + 1),
        "payment_id": RF_p + 1,
        "amount": RF_amt,
        "reason": RF_why,
        "refunded_at": ts(RF_t),
    }
)[ref_k]

tutor_payouts = pd.DataFrame(
    {
        "payout_id": np.arange(1, len(po_df) + 1),
        "tutor_ref": t_code[po_df["tut"].to_numpy()],
        "period_start": ts(PO_start).date,
        "period_end": ts(PO_start + 6 * DAY).date,
        "amount": PO_amt,
        "created_at": ts(PO_created),
        "status": np.where(PO_paid <= T, "paid", "pending"),
        "paid_at": ts(known(PO_paid)),
    }
)[PO_created <= T]

messages = pd.DataFrame(
    {
        "booking_id": pd.Series(np.where(M_b >= 0, M_b + 1, 0)).astype("Int64").where(M_b >= 0),
        "student_id": M_s + 1,
        "tutor_ref": np.where(M_tut >= 0, t_code[np.maximum(M_tut, 0)], None),
        "sender_role": M_role,
        "body_chars": M_chars,
        "sent_at": ts(M_t),
    }
)[M_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE subjects (subject_id INTEGER PRIMARY KEY, name VARCHAR, category VARCHAR, level VARCHAR,
                       base_rate DOUBLE, exam_board VARCHAR);
CREATE TABLE tutors (tutor_code VARCHAR PRIMARY KEY, subject_id INTEGER REFERENCES subjects(subject_id),
                     full_name VARCHAR, city VARCHAR, hourly_rate DOUBLE, bio_words INTEGER, joined_at TIMESTAMP,
                     status VARCHAR, left_at TIMESTAMP, rating_avg DOUBLE, sessions_completed INTEGER);
CREATE TABLE parents (parent_id INTEGER PRIMARY KEY, email VARCHAR, city VARCHAR, plan VARCHAR,
                      referral_source VARCHAR, created_at TIMESTAMP, total_paid DOUBLE);
CREATE TABLE students (student_id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents(parent_id),
                       first_name VARCHAR, birth_year INTEGER, main_subject_id INTEGER, school_type VARCHAR,
                       created_at TIMESTAMP, grade_level VARCHAR, status VARCHAR, last_session_at TIMESTAMP,
                       current_tutor_ref VARCHAR);
CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, student_id INTEGER, tutor_ref VARCHAR, subject_id INTEGER,
                       booked_at TIMESTAMP, scheduled_at TIMESTAMP, duration_min INTEGER, price DOUBLE,
                       platform VARCHAR, status VARCHAR, cancelled_at TIMESTAMP, cancelled_by VARCHAR,
                       completed_at TIMESTAMP);
CREATE TABLE session_reports (report_id INTEGER PRIMARY KEY, booking_id INTEGER, written_at TIMESTAMP,
                              progress_score INTEGER, homework_set BOOLEAN, topic VARCHAR);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, booking_id INTEGER, student_id INTEGER, tutor_ref VARCHAR,
                      rating INTEGER, comment_chars INTEGER, created_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents(parent_id),
                       booking_id INTEGER, amount DOUBLE, method VARCHAR, paid_at TIMESTAMP, status VARCHAR);
CREATE TABLE refunds (refund_id INTEGER PRIMARY KEY, payment_id INTEGER, amount DOUBLE, reason VARCHAR,
                      refunded_at TIMESTAMP);
CREATE TABLE tutor_payouts (payout_id INTEGER PRIMARY KEY, tutor_ref VARCHAR, period_start DATE, period_end DATE,
                            amount DOUBLE, created_at TIMESTAMP, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE messages (booking_id INTEGER, student_id INTEGER, tutor_ref VARCHAR, sender_role VARCHAR,
                       body_chars INTEGER, sent_at TIMESTAMP);
""")
for name, df in [
    ("subjects", subjects),
    ("tutors", tutors),
    ("parents", parents),
    ("students", students),
    ("bookings", bookings),
    ("session_reports", session_reports),
    ("reviews", reviews),
    ("payments", payments),
    ("refunds", refunds),
    ("tutor_payouts", tutor_payouts),
    ("messages", messages),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
