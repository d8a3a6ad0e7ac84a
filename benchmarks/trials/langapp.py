"""A language-learning app (users with a native and a target language and a subscription plan that changes over time,
courses and their units, enrollments, lessons completed with scores and XP, daily streaks and XP kept on the user row,
push notifications sent and opened, in-app purchases and subscription charges, friend follows, weekly leagues),
seeded: `python benchmarks/trials/langapp.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 10 courses, 250 units, 1,200 users, 1,268
enrollments, 115k lesson completions, 38k notifications, 2.4k purchases, 601 plan changes, 1.1k follows, 24.7k
league results (about 185k rows, ~12 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. No row is
dated after NOW; every column holding a later date of its row is filled in later. The streak job runs nightly at
00:00: users.current_streak / longest_streak are as of the last midnight at or before the snapshot (so the full
snapshot's streaks leave out Dec 31's practice); total_xp and last_active_at are exact at the snapshot.

Truth (seed 0):
- courses (10, text PK course_code 'es-en' = Spanish for English speakers): difficulty 1 (es, it), 2 (fr, en-es,
  en-pt, en-fr), 3 (de), 5 (ja, ko, zh); 'ko-en' launches 2023-09-01 (its row absent before); units 25 per course,
  cefr A1 (1-7) A2 (8-13) B1 (14-19) B2 (20-25)
- users (1,200): 240 signed up in 2022 (pre-span: random initial streak, XP, league, plan), 960 during the span
  with signups x2.2 in January, x1.3 in September; engagement e ~ N(0, 1) hidden; referral_source messy
  ('Friend', 'friend', 'FRIEND', 'TikTok', 'tiktok', 'ad', 'Ad ', 'organic', NULL): friend referrals e + .4;
  daily_goal_min 5/10/15/20 (weakly tied to e: + .15 per step of e); native_lang messy ('English', 'english',
  'EN', 'en ', 'Spanish', 'Español', 'es', 'Portuguese', 'pt-BR', 'French', 'fr'); English natives learn es/fr/de/
  ja/it/ko/zh, the others learn English (en-es / en-pt / en-fr); avatar_color and timezone are noise
- hidden quit state: an active user quits with hazard .009 x exp(-.7 e) x (1 + .15 (difficulty - 1)) x 1.8 if
  streak 0 x .45 if streak >= 30 x .5 if on a paid plan x 4 in its first 7 days; a quit user returns with hazard
  1/700 a day, or p .15 on opening a 'winback' push; quit users delete their account with hazard 1/2500 a day
  (users.deleted_at filled in later; then no more pushes)
- practice: an active user practises on a day with p sig(-.6 + .9 e + .5 paid + .6 [streak >= 7] + .15 goal_z +
  season + weekday): January +.45 fading over the month, July-August -.3, Dec 20-31 -.4, Sat/Sun -.3; on the
  signup day p .9; lessons that day 1 + Poisson(.3 exp(.3 e)); a second course (15% of users, hazard .0007 a day
  after 30 days) takes 30% of practice days
- streak reminder: an active user with streak >= 3 who has not practised gets a 'streak_reminder' push 19:00-21:00;
  opened with p sig(-.6 + .7 e) (Exp(20 min) later), and then practises with p .55 (lessons after the open time);
  'practice_reminder' to alive users 3, 7 and 30 days after their last lesson (streak 0); 'winback'
  45 and 90 days after the last lesson; 'league_update' on Mondays to last week's promoted and
  demoted players; 'promo' on the
  1st of each month to half the free users; notifications.opened_at filled in later (opened p sig(-.9 + .6 e)
  outside streak reminders, x.3 for quit users); the kind column is messy in case for 'promo'/'Promo'
- lessons: each in the course's current unit (progress // 8 lessons, up to unit 25); score 0-100 =
  100 sig(1.4 + .5 e - .3 (difficulty - 1) - .12 cefr_level + N(0, .8)); lesson_type lesson .7 / practice .2 /
  story .08 / legendary .02 with xp 10 / 5 / 15 / 40, +5 for a perfect score (score >= 98), x2 XP on weekends for
  paid users; duration_s ~ 180 x (1 + .1 difficulty) x LogNormal(0, .3); device messy ('ios', 'iOS', 'iPhone',
  'android', 'Android ', 'ANDROID', 'web'); app_version noise
- streaks: practised -> streak + 1; missed with a streak freeze in stock -> kept, freeze used; else 0. A user with
  streak >= 5 and no freeze buys one ('streak_freeze', 1.99) with p .01 exp(.4 e) a day
- purchases: gems_small 4.99 / gems_large 19.99 with p .0008 exp(.5 e) a day (x1.6 in December); subscriptions:
  a free active user upgrades with hazard .003 exp(.7 e + .6 [streak >= 14] + 1.6 [opened a promo today])
  to plus_monthly 12.99 (.65) / plus_annual 83.99 (.25) / family_annual 119.99 (.10), a purchase row at each start
  and renewal (30 or 365 days); at a renewal it lapses to 'free' with p .08 + .35 quit (monthly) or .25 + .4 quit
  (annual); account deletion ends it; purchases.refunded_at filled in later (3%, 1-20 days); store_txn_id noise
- plan_changes logs every change (old_plan, new_plan: 'free', 'plus', 'family'); users.plan TODAY's
- follows: Poisson(.8 + 1.2 friend-referred) at signup among users of the same course (x3 weight for engaged users),
  then p .0015 a day per active user; follows has follower_id (int) and followee_username (TEXT -> users.username),
  no PK
- leagues: weeks run Monday-Sunday and close at Monday 00:00; players (week XP > 0) of a league are shuffled into
  cohorts of 20, ranked by XP; top 5 promoted, bottom 5 demoted (not below Bronze / above Diamond); the row is
  WRITTEN at the close but its only date is week_start (a DATE 7 days before): a row dated week_start = t is not
  known at t; leagues: Bronze, Silver, Gold, Sapphire, Ruby, Emerald, Diamond
- today's state: users.plan, current_streak, longest_streak, total_xp, league, last_active_at;
  enrollments.current_unit_no, status ('active' / 'completed'); filled later: users.deleted_at,
  notifications.opened_at, purchases.refunded_at, enrollments.completed_at
- keys: PK declared on users, courses (course_code VARCHAR), units, enrollments, lesson_completions, notifications,
  purchases, plan_changes; REFERENCES only enrollments (user_id -> users, course_code -> courses). Undeclared:
  units.course_code, lesson_completions (user_id, course_code, unit_id), notifications.user_id, purchases.user_id,
  plan_changes.user_id, follows (follower_id, followee_username -> users.username), league_results.user_id;
  follows and league_results have no PK
- `python langapp.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out (league rows whose week had
  not closed) and every today's-state and filled-later column is as it stood at DATE
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
T = (CUT - START).total_seconds()


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


DAYS = pd.date_range(START, periods=ND, freq="D")
DOW = DAYS.day_of_week.values
SEASON = (
    np.where(DAYS.month == 1, 0.45 * (1 - (DAYS.day.values - 1) / 31), 0.0)
    - 0.3 * np.isin(DAYS.month, [7, 8])
    - 0.4 * ((DAYS.month == 12) & (DAYS.day >= 20))
    - 0.3 * (DOW >= 5)
)

# ---------------- courses and units
CODES = np.array(["es-en", "fr-en", "de-en", "ja-en", "it-en", "ko-en", "zh-en", "en-es", "en-pt", "en-fr"])
DIFF = np.array([1, 2, 3, 5, 1, 5, 5, 2, 2, 2])
LEARN = ["Spanish", "French", "German", "Japanese", "Italian", "Korean", "Chinese", "English", "English", "English"]
FROM = ["English"] * 7 + ["Spanish", "Portuguese", "French"]
NCO = len(CODES)
co_launch = np.array([secs("2019-03-01") + i * 40 * DAY for i in range(NCO)])
co_launch[5] = secs("2023-09-01")
NUN = 25
CEFR = np.array(["A1"] * 7 + ["A2"] * 6 + ["B1"] * 6 + ["B2"] * 6)
CEFR_LV = np.array([0] * 7 + [1] * 6 + [2] * 6 + [3] * 6)
TOPICS = [
    "Basics",
    "Greetings",
    "Food",
    "Family",
    "Travel",
    "Work",
    "Shopping",
    "Health",
    "Hobbies",
    "Weather",
    "Home",
    "City",
    "Past",
    "Future",
    "Stories",
    "Culture",
    "News",
    "Feelings",
    "Nature",
    "Business",
    "Science",
    "Art",
    "Politics",
    "Idioms",
    "Review",
]

# ---------------- users
NU = 1200
u_old = np.arange(NU) < 240
mw = np.array([2.2, 1, 1, 1, 1, 1, 1, 1, 1.3, 1, 1, 0.9])
dw = mw[DAYS.month - 1]
u_signup = np.where(
    u_old,
    secs("2022-01-01") + rng.uniform(0, 364, NU) * DAY,
    (rng.choice(ND - 3, NU, p=dw[: ND - 3] / dw[: ND - 3].sum()) + rng.uniform(0.3, 0.95, NU)) * DAY,
)
u_e = rng.normal(0, 1, NU)
REF = np.array(["Friend", "friend", "FRIEND", "TikTok", "tiktok", "ad", "Ad ", "organic", None], dtype=object)
u_ref = rng.choice(REF, NU, p=[0.1, 0.05, 0.02, 0.12, 0.06, 0.15, 0.05, 0.35, 0.1])
u_friend = np.array([r is not None and r.strip().lower() == "friend" for r in u_ref])
u_e = u_e + 0.4 * u_friend
u_goal = np.clip(np.round(1.5 + 0.15 * u_e / 0.5 + rng.normal(0, 1, NU)), 0, 3).astype(int)
GOALS = np.array([5, 10, 15, 20])
goal_z = (u_goal - 1.5) / 1.1
u_native = rng.choice(4, NU, p=[0.6, 0.2, 0.12, 0.08])  # 0 en 1 es 2 pt 3 fr
NATIVE_SP = {
    0: ["English", "english", "EN", "en "],
    1: ["Spanish", "Español", "es"],
    2: ["Portuguese", "pt-BR"],
    3: ["French", "fr"],
}
NATIVE_W = {0: [0.6, 0.2, 0.1, 0.1], 1: [0.6, 0.25, 0.15], 2: [0.6, 0.4], 3: [0.7, 0.3]}
u_native_s = np.array([rng.choice(NATIVE_SP[k], p=NATIVE_W[k]) for k in u_native], dtype=object)
u_course = np.empty(NU, int)
en_p = np.array([0.34, 0.2, 0.12, 0.12, 0.08, 0.08, 0.06])
for i in range(NU):
    if u_native[i] == 0:
        while True:
            c = rng.choice(7, p=en_p)
            if co_launch[c] <= u_signup[i]:
                break
        u_course[i] = c
    else:
        u_course[i] = 6 + u_native[i]
u_country = np.where(
    u_native == 0,
    rng.choice(["US", "GB", "CA", "AU", "IN"], NU),
    np.where(u_native == 1, rng.choice(["MX", "ES", "AR", "CO"], NU), np.where(u_native == 2, "BR", "FR")),
)
u_tz = rng.choice(["UTC-8", "UTC-5", "UTC+0", "UTC+1", "UTC+5:30", "UTC-3"], NU)
u_avatar = rng.choice(["teal", "orange", "purple", "green", "pink"], NU)
u_name = np.array(
    [f"{rng.choice(['fox', 'owl', 'bee', 'cat', 'yak', 'elk', 'emu'])}_{i * 37 % 100003:05d}" for i in range(NU)],
    dtype=object,
)
u_diff = DIFF[u_course]

# state
streak = np.where(u_old, rng.geometric(0.08, NU) * (rng.random(NU) < 0.5), 0).astype(np.int32)
longest = np.where(u_old, streak + rng.geometric(0.05, NU), 0).astype(np.int32)
freezes = np.zeros(NU, np.int32)
quit_ = u_old & (rng.random(NU) < 0.45)
streak[quit_] = 0
streak0, longest0 = streak.copy(), longest.copy()
deleted = np.full(NU, np.inf)
xp0 = np.where(u_old, np.round(rng.gamma(2, 900, NU) * np.exp(0.5 * u_e)), 0)
LEAGUES = np.array(["Bronze", "Silver", "Gold", "Sapphire", "Ruby", "Emerald", "Diamond"])
league0 = np.where(u_old, np.clip(np.round(1.5 + u_e + rng.normal(0, 1, NU)), 0, 6), 0).astype(int)
league = league0.copy()
PLANS = np.array(["free", "plus", "family"])
plan0 = np.where(u_old & (rng.random(NU) < 0.1 * np.exp(0.6 * u_e)), rng.choice([1, 2], NU, p=[0.85, 0.15]), 0)
plan = plan0.copy()
sku_of = np.where(plan0 == 2, 2, np.where(rng.random(NU) < 0.7, 0, 1))  # 0 monthly 1 annual 2 family
renew = np.where(plan0 > 0, rng.uniform(0, 30, NU) * DAY, np.inf)
renew = np.where((plan0 > 0) & (sku_of > 0), rng.uniform(0, 365, NU) * DAY, renew)
last_lesson = np.where(u_old, -rng.exponential(20, NU) * DAY, -np.inf)
last_lesson = np.where(u_old & quit_, -rng.uniform(30, 300, NU) * DAY, last_lesson)
second = np.full(NU, -1)
progress = {}  # (user, course) -> lessons done
for i in np.nonzero(u_old)[0]:
    progress[(i, u_course[i])] = int(rng.integers(0, 150))

PRICE = {
    "plus_monthly": 12.99,
    "plus_annual": 83.99,
    "family_annual": 119.99,
    "streak_freeze": 1.99,
    "gems_small": 4.99,
    "gems_large": 19.99,
}
SKU_NAMES = np.array(["plus_monthly", "plus_annual", "family_annual"])
ENR = []  # (user, course, t)
for i in range(NU):
    ENR.append((i, u_course[i], u_signup[i] + 60))
enr_idx = {(i, u_course[i]): k for k, (i, _c, _t) in enumerate(ENR)}
L = dict(u=[], c=[], unit=[], t=[], score=[], ltype=[], xp=[])
NT = dict(u=[], kind=[], t=[], open=[])
PU = dict(u=[], sku=[], t=[])
PC = dict(u=[], t=[], old=[], new=[])
FO = dict(a=[], b=[], t=[])
S_hist = np.zeros((ND, NU), np.int32)
LG_hist = np.zeros((ND, NU), np.int32)
LONG_hist = np.zeros((ND, NU), np.int32)
LR = []  # (week_start_day, user, league, cohort, xp, rank, outcome)
week_xp = np.zeros(NU)
cohort_no = 0
last_moved = np.array([], int)
for p_ in np.nonzero(plan0 > 0)[0]:
    PU["u"].append(p_)
    PU["sku"].append(SKU_NAMES[sku_of[p_]])
    PU["t"].append(renew[p_] - (30 if sku_of[p_] == 0 else 365) * DAY)  # before the span: dropped below
REMIND_AT = {3, 7, 30}
LTYPE = np.array(["lesson", "practice", "story", "legendary"])
LXP = np.array([10, 5, 15, 40])
same_course = [np.nonzero(u_course == c)[0] for c in range(NCO)]


def change_plan(i, t, new):
    PC["u"].append(i)
    PC["t"].append(t)
    PC["old"].append(PLANS[plan[i]])
    PC["new"].append(PLANS[new])
    plan[i] = new


def follow(i, t, pool):
    pool = pool[(u_signup[pool] < t) & (pool != i) & (deleted[pool] > t)]
    if len(pool) == 0:
        return
    w = np.exp(0.8 * u_e[pool])
    j = rng.choice(pool, p=w / w.sum())
    FO["a"].append(i)
    FO["b"].append(j)
    FO["t"].append(t)


for d in range(ND):
    t0 = d * DAY
    present = (u_signup < t0 + DAY) & (deleted > t0)
    new = (u_signup >= t0) & (u_signup < t0 + DAY)
    for i in np.nonzero(new)[0]:
        for _ in range(rng.poisson(0.8 + 1.2 * u_friend[i])):
            follow(i, u_signup[i] + rng.uniform(60, 3600), same_course[u_course[i]])
    active = present & ~quit_
    paid = plan > 0
    z = -0.6 + 0.9 * u_e + 0.5 * paid + 0.6 * (streak >= 7) + 0.15 * goal_z + SEASON[d]
    pr = np.where(new, 0.9, sig(z))
    practice = active & (rng.random(NU) < pr)
    start_h = np.where(new, (u_signup - t0) / 3600 + 0.05, 7.0)
    when = t0 + (start_h + rng.uniform(0, 1, NU) * (19 - np.minimum(start_h, 18.5))) * 3600
    # streak reminders
    sr = active & ~practice & (streak >= 3)
    sr_t = t0 + rng.uniform(19, 21, NU) * 3600
    sr_open = sr & (rng.random(NU) < sig(-0.6 + 0.7 * u_e))
    sr_ot = sr_t + rng.exponential(1200, NU)
    rescued = sr_open & (rng.random(NU) < 0.55) & (sr_ot < t0 + DAY - 600)
    for i in np.nonzero(sr)[0]:
        NT["u"].append(i)
        NT["kind"].append("streak_reminder")
        NT["t"].append(sr_t[i])
        NT["open"].append(sr_ot[i] if sr_open[i] else np.inf)
    practice = practice | rescued
    when = np.where(rescued, sr_ot + 60, when)
    # other pushes
    since = np.floor((t0 - last_lesson) / DAY).astype(float)
    opened_today_promo = np.zeros(NU, bool)
    po = sig(-0.9 + 0.6 * u_e) * np.where(quit_, 0.3, 1.0)
    for i in np.nonzero(present & ~practice & (streak == 0))[0]:
        s = since[i]
        kind = None
        if s in REMIND_AT:
            kind = "practice_reminder"
        elif s in (45, 90):
            kind = "winback"
        if kind is None:
            continue
        tt = t0 + rng.uniform(10, 12) * 3600
        op = rng.random() < po[i]
        NT["u"].append(i)
        NT["kind"].append(kind)
        NT["t"].append(tt)
        NT["open"].append(tt + rng.exponential(3600) if op else np.inf)
        if op and kind == "winback" and quit_[i] and rng.random() < 0.15:
            quit_[i] = False
    if DAYS[d].day == 1:
        for i in np.nonzero(present & (plan == 0) & (rng.random(NU) < 0.5))[0]:
            tt = t0 + rng.uniform(12, 13) * 3600
            op = rng.random() < po[i]
            NT["u"].append(i)
            NT["kind"].append("promo" if rng.random() < 0.7 else "Promo")
            NT["t"].append(tt)
            NT["open"].append(tt + rng.exponential(3600) if op else np.inf)
            opened_today_promo[i] = op
    # lessons
    lam = 0.3 * np.exp(0.3 * u_e)
    nles = np.where(practice, 1 + rng.poisson(lam), 0)
    for i in np.nonzero(practice)[0]:
        c = u_course[i]
        if second[i] >= 0 and rng.random() < 0.3:
            c = second[i]
        k = progress.get((i, c), 0)
        n = nles[i]
        unit = min(k // 8, NUN - 1)
        progress[(i, c)] = k + n
        tt = when[i] + np.cumsum(rng.uniform(120, 600, n))
        tt = np.minimum(tt, t0 + DAY - 1)
        sc = np.round(
            100 * sig(1.4 + 0.5 * u_e[i] - 0.3 * (DIFF[c] - 1) - 0.12 * CEFR_LV[unit] + rng.normal(0, 0.8, n))
        )
        lt = rng.choice(4, n, p=[0.7, 0.2, 0.08, 0.02])
        xp = (LXP[lt] + 5 * (sc >= 98)) * (2 if (paid[i] and DOW[d] >= 5) else 1)
        L["u"].append(np.full(n, i))
        L["c"].append(np.full(n, c))
        L["unit"].append(np.full(n, c * NUN + unit))
        L["t"].append(tt)
        L["score"].append(sc)
        L["ltype"].append(lt)
        L["xp"].append(xp)
        week_xp[i] += xp.sum()
        last_lesson[i] = tt[-1]
    # streak update at midnight
    missed = present & ~practice
    use_freeze = missed & (streak > 0) & (freezes > 0)
    freezes = freezes - use_freeze
    streak = np.where(practice, streak + 1, np.where(use_freeze, streak, 0))
    longest = np.maximum(longest, streak)
    # purchases
    buyf = active & (streak >= 5) & (freezes == 0) & (rng.random(NU) < 0.01 * np.exp(0.4 * u_e))
    for i in np.nonzero(buyf)[0]:
        PU["u"].append(i)
        PU["sku"].append("streak_freeze")
        PU["t"].append(t0 + rng.uniform(8, 23) * 3600)
        freezes[i] += 1
    gems = active & (rng.random(NU) < 0.0008 * np.exp(0.5 * u_e) * (1.6 if DAYS[d].month == 12 else 1.0))
    for i in np.nonzero(gems)[0]:
        PU["u"].append(i)
        PU["sku"].append("gems_small" if rng.random() < 0.75 else "gems_large")
        PU["t"].append(t0 + rng.uniform(8, 23) * 3600)
    # renewals due today
    for i in np.nonzero((renew >= t0) & (renew < t0 + DAY))[0]:
        if deleted[i] <= renew[i]:
            continue
        pl = (0.08 + 0.35 * quit_[i]) if sku_of[i] == 0 else (0.25 + 0.4 * quit_[i])
        if rng.random() < pl:
            change_plan(i, renew[i], 0)
            renew[i] = np.inf
        else:
            PU["u"].append(i)
            PU["sku"].append(SKU_NAMES[sku_of[i]])
            PU["t"].append(renew[i])
            renew[i] += (30 if sku_of[i] == 0 else 365) * DAY
    up = (
        active
        & (plan == 0)
        & (rng.random(NU) < 0.003 * np.exp(0.7 * u_e + 0.6 * (streak >= 14) + 1.6 * opened_today_promo))
    )
    for i in np.nonzero(up)[0]:
        s = rng.choice(3, p=[0.65, 0.25, 0.1])
        tt = t0 + rng.uniform(9, 23) * 3600
        sku_of[i] = s
        change_plan(i, tt, 2 if s == 2 else 1)
        PU["u"].append(i)
        PU["sku"].append(SKU_NAMES[s])
        PU["t"].append(tt)
        renew[i] = tt + (30 if s == 0 else 365) * DAY
    # quit / return / delete
    tenure = (t0 - u_signup) / DAY
    h = (
        0.009
        * np.exp(-0.7 * u_e)
        * (1 + 0.15 * (u_diff - 1))
        * np.where(streak == 0, 1.8, 1.0)
        * np.where(streak >= 30, 0.45, 1.0)
        * np.where(plan > 0, 0.5, 1.0)
        * np.where(tenure < 7, 4.0, 1.0)
    )
    quit_ = np.where(active & (rng.random(NU) < h), True, quit_)
    quit_ = np.where(present & quit_ & (rng.random(NU) < 1 / 700), False, quit_)
    dele = present & quit_ & (rng.random(NU) < 1 / 2500)
    for i in np.nonzero(dele)[0]:
        deleted[i] = t0 + rng.uniform(0, DAY)
        if plan[i] > 0:
            change_plan(i, deleted[i] + 1, 0)
            renew[i] = np.inf
    # later follows and second courses
    for i in np.nonzero(active & (rng.random(NU) < 0.0015))[0]:
        follow(i, t0 + rng.uniform(8, 23) * 3600, same_course[u_course[i]] if rng.random() < 0.6 else np.arange(NU))
    sc2 = active & (second < 0) & (tenure > 30) & (rng.random(NU) < 0.0007)
    for i in np.nonzero(sc2)[0]:
        opts = [c for c in range(7) if c != u_course[i] and co_launch[c] < t0] if u_native[i] == 0 else [0, 1, 2]
        c = int(rng.choice(opts))
        if (i, c) in enr_idx:
            continue
        second[i] = c
        enr_idx[(i, c)] = len(ENR)
        ENR.append((i, c, t0 + rng.uniform(8, 23) * 3600))
    # week close: Sunday's end (Monday 00:00)
    if DOW[d] == 6 and d >= 7:
        ws = d - 6
        pl_ = np.nonzero(week_xp > 0)[0]
        moved = []
        for lg in range(7):
            mem = pl_[league[pl_] == lg]
            mem = rng.permutation(mem)
            for k in range(0, len(mem), 20):
                grp = mem[k : k + 20]
                order = grp[np.argsort(-week_xp[grp] + rng.uniform(0, 0.1, len(grp)), kind="stable")]
                m = len(order)
                for r, i in enumerate(order):
                    out = "stayed"
                    if r < 5 and lg < 6 and m >= 10:
                        out = "promoted"
                    elif r >= m - 5 and lg > 0 and m >= 10:
                        out = "demoted"
                    LR.append((ws, i, lg, cohort_no, week_xp[i], r + 1, out))
                    league[i] += 1 if out == "promoted" else (-1 if out == "demoted" else 0)
                    if out != "stayed":
                        moved.append(i)
                cohort_no += 1
        last_moved = np.array(moved, int)
        week_xp[:] = 0
    elif DOW[d] == 6:
        week_xp[:] = 0
    S_hist[d] = streak
    LONG_hist[d] = longest
    LG_hist[d] = league
    # weekly league pushes on Monday morning go to last week's players (rows just written)
    if DOW[d] == 0 and d >= 8:
        for i in sorted(last_moved):
            if deleted[i] > t0:
                tt = t0 + rng.uniform(8, 9) * 3600
                op = rng.random() < sig(-0.9 + 0.6 * u_e[i]) * (0.3 if quit_[i] else 1.0)
                NT["u"].append(i)
                NT["kind"].append("league_update")
                NT["t"].append(tt)
                NT["open"].append(tt + rng.exponential(3600) if op else np.inf)

# ---------------- derived draws (all before any cut)
Lu = np.concatenate(L["u"])
Lc = np.concatenate(L["c"])
Lunit = np.concatenate(L["unit"])
Lt = np.concatenate(L["t"])
Lsc = np.concatenate(L["score"]).astype(int)
Llt = np.concatenate(L["ltype"])
Lxp = np.concatenate(L["xp"]).astype(int)
lo = np.argsort(Lt, kind="stable")
Lu, Lc, Lunit, Lt, Lsc, Llt, Lxp = Lu[lo], Lc[lo], Lunit[lo], Lt[lo], Lsc[lo], Llt[lo], Lxp[lo]
NL = len(Lt)
L_dev = rng.choice(
    ["ios", "iOS", "iPhone", "android", "Android ", "ANDROID", "web"], NL, p=[0.2, 0.12, 0.05, 0.3, 0.08, 0.05, 0.2]
)
u_dev = rng.choice(
    ["ios", "iOS", "iPhone", "android", "Android ", "ANDROID", "web"], NU, p=[0.2, 0.12, 0.05, 0.3, 0.08, 0.05, 0.2]
)
L_dev = np.where(rng.random(NL) < 0.85, u_dev[Lu], L_dev)
L_ver = rng.choice(["5.92.1", "5.93.0", "5.94.2", "6.0.0", "6.1.3"], NL)
L_dur = np.round(180 * (1 + 0.1 * DIFF[Lc]) * np.exp(rng.normal(0, 0.3, NL))).astype(int)

Nu_ = np.array(NT["u"])
Nkind = np.array(NT["kind"], dtype=object)
Nt = np.array(NT["t"])
Nopen = np.array(NT["open"])
no = np.argsort(Nt, kind="stable")
Nu_, Nkind, Nt, Nopen = Nu_[no], Nkind[no], Nt[no], Nopen[no]

Pu = np.array(PU["u"])
Psku = np.array(PU["sku"], dtype=object)
Pt = np.array(PU["t"])
keep = Pt >= 0
Pu, Psku, Pt = Pu[keep], Psku[keep], Pt[keep]
po_ = np.argsort(Pt, kind="stable")
Pu, Psku, Pt = Pu[po_], Psku[po_], Pt[po_]
NPU = len(Pt)
Pamt = np.array([PRICE[s] for s in Psku])
Pref = np.where(rng.random(NPU) < 0.03, Pt + rng.uniform(1, 20, NPU) * DAY, np.inf)
Ptxn = [f"GPA.{rng.integers(10**11, 10**12)}" for _ in range(NPU)]
Pstore = np.where(
    np.isin(u_dev[Pu], ["ios", "iOS", "iPhone"]), "app_store", np.where(u_dev[Pu] == "web", "web", "play_store")
)

PCu = np.array(PC["u"])
PCt = np.array(PC["t"])
pco = np.argsort(PCt, kind="stable")

# ---------------- tables as they stood at CUT
courses = pd.DataFrame(
    {
        "course_code": CODES,
        "learning_language": LEARN,
        "from_language": FROM,
        "difficulty": DIFF,
        "launched_on": ts(co_launch).date,
    }
)[co_launch <= T]
units = pd.DataFrame(
    {
        "unit_id": np.arange(1, NCO * NUN + 1),
        "course_code": np.repeat(CODES, NUN),
        "unit_no": np.tile(np.arange(1, NUN + 1), NCO),
        "title": np.tile(TOPICS, NCO),
        "cefr_level": np.tile(CEFR, NCO),
    }
)[np.repeat(co_launch <= T, NUN)]

kday = int(np.floor(T / DAY))  # midnights passed: the streak job has run for days 0..kday-1
if kday >= 1:
    st_now, lg_streak, lg_now = S_hist[kday - 1], LONG_hist[kday - 1], LG_hist[kday - 1]
else:
    st_now, lg_streak, lg_now = streak0, longest0, league0
lk = Lt <= T
xp_now = xp0 + np.bincount(Lu[lk], weights=Lxp[lk], minlength=NU)
last_at = pd.Series(Lt[lk]).groupby(Lu[lk]).max().reindex(range(NU)).to_numpy()
plan_now = plan0.copy()
for k in pco:
    if PCt[k] <= T:
        plan_now[PCu[k]] = int(np.nonzero(PC["new"][k] == PLANS)[0][0])
users = pd.DataFrame(
    {
        "user_id": np.arange(1, NU + 1),
        "username": u_name,
        "native_lang": u_native_s,
        "target_lang": np.array(LEARN)[u_course],
        "country": u_country,
        "timezone": u_tz,
        "avatar_color": u_avatar,
        "referral_source": u_ref,
        "daily_goal_min": GOALS[u_goal],
        "signup_at": ts(u_signup),
        "plan": PLANS[plan_now],
        "current_streak": st_now,
        "longest_streak": lg_streak,
        "total_xp": xp_now.astype(int),
        "league": LEAGUES[lg_now],
        "last_active_at": ts(last_at),
        "deleted_at": ts(known(deleted)),
    }
)[u_signup <= T]

Eu = np.array([e[0] for e in ENR])
Ec = np.array([e[1] for e in ENR])
Et = np.array([e[2] for e in ENR])
done = pd.Series(1, index=pd.MultiIndex.from_arrays([Lu[lk], Lc[lk]])).groupby(level=[0, 1]).sum()
tot = pd.Series(1, index=pd.MultiIndex.from_arrays([Lu, Lc])).groupby(level=[0, 1]).sum()
# progress before the span (pre-span users' first course): the final progress less the span's lessons
base = np.array([progress.get((u, c), 0) - tot.get((u, c), 0) for u, c in zip(Eu, Ec, strict=True)])
prog_now = base + np.array([done.get((u, c), 0) for u, c in zip(Eu, Ec, strict=True)])
# a course is completed when its last unit's 8 lessons are done: 25 x 8 = 200 lessons
fin_t = np.full(len(ENR), np.inf)
for k in np.nonzero(base + np.array([tot.get((u, c), 0) for u, c in zip(Eu, Ec, strict=True)]) >= 200)[0]:
    u, c = Eu[k], Ec[k]
    m = (Lu == u) & (Lc == c)
    need = 200 - base[k]
    fin_t[k] = Lt[m][max(need - 1, 0)] if need > 0 else Et[k]
enrollments = pd.DataFrame(
    {
        "enrollment_id": np.arange(1, len(ENR) + 1),
        "user_id": Eu + 1,
        "course_code": CODES[Ec],
        "enrolled_at": ts(Et),
        "current_unit_no": np.minimum(prog_now // 8, NUN - 1) + 1,
        "status": np.where(fin_t <= T, "completed", "active"),
        "completed_at": ts(known(fin_t)),
    }
)[Et <= T]

lesson_completions = pd.DataFrame(
    {
        "completion_id": np.arange(1, NL + 1),
        "user_id": Lu + 1,
        "course_code": CODES[Lc],
        "unit_id": Lunit + 1,
        "completed_at": ts(Lt),
        "lesson_type": LTYPE[Llt],
        "score": Lsc,
        "xp_earned": Lxp,
        "duration_s": L_dur,
        "device": L_dev,
        "app_version": L_ver,
    }
)[lk]

notifications = pd.DataFrame(
    {
        "notification_id": np.arange(1, len(Nt) + 1),
        "user_id": Nu_ + 1,
        "kind": Nkind,
        "sent_at": ts(Nt),
        "opened_at": ts(known(Nopen)),
    }
)[Nt <= T]

purchases = pd.DataFrame(
    {
        "purchase_id": np.arange(1, NPU + 1),
        "user_id": Pu + 1,
        "sku": Psku,
        "amount_usd": Pamt,
        "store": Pstore,
        "store_txn_id": Ptxn,
        "purchased_at": ts(Pt),
        "refunded_at": ts(known(Pref)),
    }
)[Pt <= T]

plan_changes = pd.DataFrame(
    {
        "change_id": np.arange(1, len(pco) + 1),
        "user_id": PCu[pco] + 1,
        "changed_at": ts(PCt[pco]),
        "old_plan": np.array(PC["old"], dtype=object)[pco],
        "new_plan": np.array(PC["new"], dtype=object)[pco],
    }
)[PCt[pco] <= T]

Fa = np.array(FO["a"])
Fb = np.array(FO["b"])
Ft = np.array(FO["t"])
fo = np.argsort(Ft, kind="stable")
follows = pd.DataFrame(
    {
        "follower_id": Fa[fo] + 1,
        "followee_username": u_name[Fb[fo]],
        "followed_at": ts(Ft[fo]),
    }
)[Ft[fo] <= T]

LRa = np.array([x[:6] for x in LR], dtype=float)
lr_close = (LRa[:, 0] + 7) * DAY
league_results = pd.DataFrame(
    {
        "week_start": ts(LRa[:, 0] * DAY).date,
        "user_id": LRa[:, 1].astype(int) + 1,
        "league": LEAGUES[LRa[:, 2].astype(int)],
        "cohort_id": LRa[:, 3].astype(int) + 1,
        "xp_week": LRa[:, 4].astype(int),
        "rank": LRa[:, 5].astype(int),
        "outcome": [x[6] for x in LR],
    }
)[lr_close <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE courses (course_code VARCHAR PRIMARY KEY, learning_language VARCHAR, from_language VARCHAR,
                      difficulty INTEGER, launched_on DATE);
CREATE TABLE units (unit_id INTEGER PRIMARY KEY, course_code VARCHAR, unit_no INTEGER, title VARCHAR,
                    cefr_level VARCHAR);
CREATE TABLE users (user_id INTEGER PRIMARY KEY, username VARCHAR, native_lang VARCHAR, target_lang VARCHAR,
                    country VARCHAR, timezone VARCHAR, avatar_color VARCHAR, referral_source VARCHAR,
                    daily_goal_min INTEGER, signup_at TIMESTAMP, plan VARCHAR, current_streak INTEGER,
                    longest_streak INTEGER, total_xp BIGINT, league VARCHAR, last_active_at TIMESTAMP,
                    deleted_at TIMESTAMP);
CREATE TABLE enrollments (enrollment_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(user_id),
                          course_code VARCHAR REFERENCES courses(course_code), enrolled_at TIMESTAMP,
                          current_unit_no INTEGER, status VARCHAR, completed_at TIMESTAMP);
CREATE TABLE lesson_completions (completion_id INTEGER PRIMARY KEY, user_id INTEGER, course_code VARCHAR,
                                 unit_id INTEGER, completed_at TIMESTAMP, lesson_type VARCHAR, score INTEGER,
                                 xp_earned INTEGER, duration_s INTEGER, device VARCHAR, app_version VARCHAR);
CREATE TABLE notifications (notification_id INTEGER PRIMARY KEY, user_id INTEGER, kind VARCHAR, sent_at TIMESTAMP,
                            opened_at TIMESTAMP);
CREATE TABLE purchases (purchase_id INTEGER PRIMARY KEY, user_id INTEGER, sku VARCHAR, amount_usd DOUBLE,
                        store VARCHAR, store_txn_id VARCHAR, purchased_at TIMESTAMP, refunded_at TIMESTAMP);
CREATE TABLE plan_changes (change_id INTEGER PRIMARY KEY, user_id INTEGER, changed_at TIMESTAMP, old_plan VARCHAR,
                           new_plan VARCHAR);
CREATE TABLE follows (follower_id INTEGER, followee_username VARCHAR, followed_at TIMESTAMP);
CREATE TABLE league_results (week_start DATE, user_id INTEGER, league VARCHAR, cohort_id INTEGER, xp_week INTEGER,
                             rank INTEGER, outcome VARCHAR);
""")
for name, df in [
    ("courses", courses),
    ("units", units),
    ("users", users),
    ("enrollments", enrollments),
    ("lesson_completions", lesson_completions),
    ("notifications", notifications),
    ("purchases", purchases),
    ("plan_changes", plan_changes),
    ("follows", follows),
    ("league_results", league_results),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
