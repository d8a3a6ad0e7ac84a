"""A fitness-club database (clubs, plans, members who join in January and cancel, turnstile check-ins with weekday
and seasonal cycles, a weekly class timetable published two weeks ahead, class bookings with no-shows, payments
with heavy-tailed personal training), seeded: `python benchmarks/trials/gym.py PATH`. Written by a fresh-eyes trial
(2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), span 2023-01-01 .. 2025-03-31 (classes run to 2025-04-14: the timetable is published ahead):
- clubs: 8 in 3 cities; club 7 opens 2023-09-01, club 8 opens 2024-04-01 (opened_at); no check-ins before opening
- joins: 900 members already in at the start (joined 2020-2022), then 3.2/day x join season (January x2.6,
  September x1.4, June-August x0.6); plan by mix (Flex 30%, Off-Peak 20%, Annual 30%, Premium 12%, Student 8%)
- visit rate per day = lam_i * dow * season * tenure * fade, one check-in at most a day (3% of visits add a second)
  lam_i ~ LogNormal(log .16, .65); plan Off-Peak x.8, Premium x1.25
  dow: Mon 1.25 Tue 1.20 Wed 1.15 Thu 1.10 Fri .85 Sat .80 Sun .65
  season: 1 + .18*cos(2pi*(doy-15)/365)   (peak mid January, trough mid July)
  tenure: .65 + .55*exp(-days_since_join/45); January joiners ("resolutions") x(1 + 1.2*exp(-days/25)) on top
  fade: a cancelling member's rate falls linearly to 15% over the 60 days before ended_at (no visits after)
- cancellation (members.ended_at, NULL while a member): daily hazard 1/520 x 1.7 if lam_i below the median x 2.2
  in a January joiner's first 150 days x .5 for referral 'friend' x .6 for corporate x 1.3 Off-Peak x .7 Premium
  Annual plan: no cancellation before contract_end_at (join + 12 months, known ahead); 35% cancel at that date,
  the rest go on under the hazard. Student: ends by the hazard or at 2 years.
- check-ins: at the home club 92% (Premium 65%: else another club in the city, uniform); hour by the member's
  habit (morning / lunch / evening; Off-Peak only 10:00-16:00); minutes ~ Gamma(6, 10) + 15 if goal strength,
  NULL on 7% (club 3's turnstile never records exits before 2024-02-01)
- classes: each open club has 18-26 weekly slots (type, weekday, hour, instructor, capacity); one row per slot per
  week, starts_at set ahead; instructors have a popularity latent (x U(.6, 1.6) on who books them)
- bookings: 40% of members are class-goers, booking rate c_i ~ LogNormal(log .045, .6)/day x season x tenure;
  class type by a goal-biased Dirichlet preference (weight loss: spin/hiit/zumba; strength: boxing/hiit;
  rehab: pilates/yoga; social: zumba/yoga; general: flat); booked_at = starts_at - U(2h, 7d)
  status: cancelled 8%; else no_show with p = sigmoid(ns_i + .7 if before 08:00 + .5 if booked > 3 days ahead),
  ns_i ~ N(-2.3, 1.0); else attended; classes after 2025-03-31 hold their bookings made by then as 'booked'
- payments: membership fee monthly on the join day while a member (fees +3 from 2024-01-01; 2.5% 'failed',
  x4 in a cancelling member's last 60 days); personal training for 12% of members: packages at 1/35 days
  x (1.5 in January), amount ~ LogNormal(log 160, .7); merch 1/250 days, 12-70
- attributes that matter: plan, referral_source (friend), is_corporate, goal (class types, minutes), the January
  join month. Ones that don't: gender, email_domain, marketing_opt_in. Missing: birth_year 10%, goal 15%.
Keys: PRIMARY KEY on every table; REFERENCES declared for members -> clubs/plans, check_ins.member_id,
bookings.member_id, bookings.class_id, payments.member_id, classes.instructor_id; left undeclared:
check_ins.club_id, classes.club_id, instructors.club_id.
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-03-31")
PUBLISHED = pd.Timestamp("2025-04-14")
days = pd.date_range(START, END, freq="D")
ND = len(days)
doy = days.day_of_year.values
DOW = np.array([1.25, 1.20, 1.15, 1.10, 0.85, 0.80, 0.65])
season = 1 + 0.18 * np.cos(2 * np.pi * (doy - 15) / 365)
daymul = DOW[days.day_of_week.values] * season

# ---- clubs, plans ----------------------------------------------------------------------------------------------
CITY = ["Leeds", "Leeds", "Leeds", "York", "York", "Harrogate", "Leeds", "York"]
clubs = pd.DataFrame(
    {
        "club_id": np.arange(1, 9),
        "name": [
            f"{c} {n}"
            for c, n in zip(
                CITY, ["Central", "North", "Riverside", "Minster", "Clifton", "Spa", "Headingley", "Acomb"], strict=True
            )
        ],
        "city": CITY,
        "opened_at": [pd.Timestamp("2015-03-01")] * 6 + [pd.Timestamp("2023-09-01"), pd.Timestamp("2024-04-01")],
        "has_pool": [True, False, True, False, True, True, False, False],
        "size_sqm": rng.integers(900, 3200, 8),
    }
)
club_open_day = ((clubs.opened_at - START).dt.days).clip(lower=0).values
PLANS = [  # name, fee, weight
    ("Flex Monthly", 39.0, 0.30),
    ("Off-Peak", 29.0, 0.20),
    ("Annual Standard", 34.0, 0.30),
    ("Premium", 69.0, 0.12),
    ("Student", 24.0, 0.08),
]
plans = pd.DataFrame(
    {
        "plan_id": np.arange(1, 6),
        "name": [p[0] for p in PLANS],
        "monthly_fee": [p[1] for p in PLANS],
        "access": ["all hours", "off-peak", "all hours", "all clubs", "all hours"],
        "min_term_months": [0, 0, 12, 0, 0],
    }
)

# ---- members ---------------------------------------------------------------------------------------------------
n_old = 900
old_join = START - pd.to_timedelta(rng.integers(1, 3 * 365, n_old), unit="D")
jm = np.where(days.month == 1, 2.6, np.where(days.month == 9, 1.4, np.where(days.month.isin([6, 7, 8]), 0.6, 1.0)))
new_per_day = rng.poisson(3.2 * jm)
new_join = np.repeat(days.values, new_per_day)
join = pd.DatetimeIndex(np.concatenate([old_join.values, new_join])) + pd.to_timedelta(
    rng.integers(7 * 60, 21 * 60, n_old + len(new_join)), unit="m"
)
NM = len(join)
mid = np.arange(1, NM + 1)
join_day = (join.normalize() - START).days.values  # negative for old members
plan = rng.choice(5, NM, p=[p[2] for p in PLANS])
birth = rng.integers(1955, 2004, NM)
birth = np.where(plan == 4, rng.integers(1999, 2006, NM), birth)
goal_names = np.array(["weight loss", "strength", "general fitness", "rehab", "social"])
goal = rng.choice(5, NM, p=[0.3, 0.25, 0.25, 0.08, 0.12])
referral = rng.choice(["walk-in", "web", "friend", "corporate", "promo"], NM, p=[0.25, 0.35, 0.18, 0.1, 0.12])
corporate = (referral == "corporate") | (rng.random(NM) < 0.05)
home_w = np.array([0.2, 0.14, 0.12, 0.14, 0.1, 0.1, 0.1, 0.1])
home = np.empty(NM, dtype=int)
for i in range(NM):
    ok = club_open_day <= max(join_day[i], 0)
    w = home_w * ok
    home[i] = rng.choice(8, p=w / w.sum())
lam = np.exp(rng.normal(np.log(0.16), 0.65, NM)) * np.array([1.0, 0.8, 1.0, 1.25, 1.0])[plan]
jan = join.month == 1
low = lam < np.median(lam)
habit = rng.choice(3, NM, p=[0.35, 0.2, 0.45])  # morning, lunch, evening

# cancellations day by day
haz0 = (1 / 520) * np.where(low, 1.7, 1.0) * np.where(referral == "friend", 0.5, 1.0) * np.where(corporate, 0.6, 1.0)
haz0 = haz0 * np.array([1.0, 1.3, 1.0, 0.7, 1.0])[plan]
end_day = np.full(NM, np.iinfo(np.int64).max)
contract_end = pd.Series(pd.NaT, index=range(NM), dtype="datetime64[ns]")
for i in range(NM):
    t0 = max(join_day[i], 0)
    if plan[i] == 2:
        ce = join[i] + pd.DateOffset(months=12)
        contract_end[i] = ce.normalize()
        ced = (ce.normalize() - START).days
        # hazard only after the contract end; 35% cancel on it
        if ced >= ND:
            continue
        if rng.random() < 0.35:
            end_day[i] = ced  # may be before START: left before the data begins
            continue
        t0 = max(ced, 0)
    h = np.full(ND - t0, haz0[i])
    if jan[i]:
        age = np.arange(t0, ND) - join_day[i]
        h = h * np.where(age < 150, 2.2, 1.0)
    hit = np.nonzero(rng.random(ND - t0) < h)[0]
    if len(hit):
        end_day[i] = t0 + hit[0]
    if plan[i] == 4 and join_day[i] + 730 < end_day[i]:
        end_day[i] = join_day[i] + 730  # may be before START: a student who left before the data begins
ended = end_day < ND
# old members whose student 2 years ran out before START: treat as ending on day 0..30
ended_at = pd.Series(pd.NaT, index=range(NM), dtype="datetime64[ns]")
ended_at[ended] = (
    START
    + pd.to_timedelta(end_day[ended], unit="D")
    + pd.to_timedelta(rng.integers(8 * 60, 22 * 60, ended.sum()), unit="m")
).values

members = pd.DataFrame(
    {
        "member_id": mid,
        "home_club_id": home + 1,
        "plan_id": plan + 1,
        "joined_at": join,
        "ended_at": ended_at.values,
        "contract_end_at": contract_end.values,
        "birth_year": np.where(rng.random(NM) < 0.10, np.nan, birth),
        "gender": rng.choice(["F", "M", "X"], NM, p=[0.49, 0.48, 0.03]),
        "goal": np.where(rng.random(NM) < 0.15, None, goal_names[goal]),
        "referral_source": referral,
        "is_corporate": corporate,
        "email_domain": rng.choice(["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "btinternet.com"], NM),
        "marketing_opt_in": rng.random(NM) < 0.55,
    }
)
members["birth_year"] = members["birth_year"].astype("Int64")

# ---- check-ins -------------------------------------------------------------------------------------------------
rows = []
dd = np.arange(ND)
for i in range(NM):
    a = max(join_day[i], 0, club_open_day[home[i]])
    b = min(end_day[i], ND)
    if b <= a:
        continue
    d = dd[a:b]
    ten = d - join_day[i]
    r = lam[i] * daymul[a:b] * (0.65 + 0.55 * np.exp(-ten / 45))
    if jan[i]:
        r = r * (1 + 1.2 * np.exp(-ten / 25))
    if ended[i]:
        left = end_day[i] - d
        r = r * np.where(left < 60, 0.15 + 0.85 * left / 60, 1.0)
    v = rng.random(len(d)) < np.minimum(r, 0.95)
    vd = d[v]
    extra = vd[rng.random(len(vd)) < 0.03]
    vd = np.concatenate([vd, extra])
    if not len(vd):
        continue
    rows.append((np.full(len(vd), i), vd))
ci_m = np.concatenate([r[0] for r in rows])
ci_d = np.concatenate([r[1] for r in rows])
n_ci = len(ci_m)
hab = habit[ci_m]
hour = np.where(
    hab == 0, rng.normal(7.0, 1.0, n_ci), np.where(hab == 1, rng.normal(12.5, 0.8, n_ci), rng.normal(18.5, 1.3, n_ci))
)
hour = np.where(plan[ci_m] == 1, rng.uniform(10, 16, n_ci), hour)
hour = np.clip(hour, 6, 21.9)
ts = START + pd.to_timedelta(ci_d, unit="D") + pd.to_timedelta((hour * 60).astype(int), unit="m")
share_home = np.where(plan[ci_m] == 3, 0.65, 0.92)
away = rng.random(n_ci) > share_home
club = home[ci_m].copy()
for k in np.nonzero(away)[0]:
    same = [c for c in range(8) if CITY[c] == CITY[club[k]] and c != club[k] and club_open_day[c] <= ci_d[k]]
    if same:
        club[k] = same[rng.integers(len(same))]
minutes = rng.gamma(6, 10, n_ci) + np.where(goal[ci_m] == 1, 15, 0)
minutes = np.round(minutes).astype(float)
minutes[rng.random(n_ci) < 0.07] = np.nan
minutes[(club == 2) & (ts < pd.Timestamp("2024-02-01"))] = np.nan
check_ins = pd.DataFrame({"member_id": ci_m + 1, "club_id": club + 1, "checked_in_at": ts, "minutes": minutes})
check_ins = check_ins.sort_values(["checked_in_at", "member_id"]).reset_index(drop=True)
check_ins.insert(0, "checkin_id", np.arange(1, len(check_ins) + 1))
check_ins["minutes"] = check_ins["minutes"].astype("Int64")

# ---- instructors, classes --------------------------------------------------------------------------------------
TYPES = np.array(["yoga", "spin", "hiit", "pilates", "boxing", "zumba"])
first = ["Amy", "Ben", "Cara", "Dev", "Ella", "Finn", "Gita", "Hugo", "Isla", "Jack", "Kemi", "Liam", "Maya", "Noah"]
ins_rows = []
for c in range(8):
    for _j in range(4):
        ins_rows.append((len(ins_rows) + 1, f"{first[rng.integers(len(first))]} {chr(65 + rng.integers(26))}.", c + 1))
instructors = pd.DataFrame(ins_rows, columns=["instructor_id", "name", "club_id"])
instructors["hired_at"] = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 900, len(instructors)), unit="D")
ins_pop = rng.uniform(0.6, 1.6, len(instructors))
cls = []
pdays = pd.date_range(START, PUBLISHED - pd.Timedelta(days=1), freq="D")
for c in range(8):
    nslot = rng.integers(18, 27)
    st = rng.choice(6, nslot, p=[0.22, 0.2, 0.18, 0.14, 0.13, 0.13])
    sd = rng.integers(0, 7, nslot)
    sh = rng.choice([6.5, 7.0, 9.5, 12.25, 17.5, 18.5, 19.5], nslot)
    si = rng.integers(0, 4, nslot) + 4 * c
    cap = rng.choice([12, 16, 20, 25, 30], nslot)
    for s in range(nslot):
        dd_s = pdays[(pdays.day_of_week == sd[s]) & ((pdays - START).days >= club_open_day[c])]
        for d in dd_s:
            cls.append((c + 1, TYPES[st[s]], d + pd.Timedelta(minutes=int(sh[s] * 60)), si[s] + 1, cap[s]))
classes = pd.DataFrame(cls, columns=["club_id", "class_type", "starts_at", "instructor_id", "capacity"])
classes = classes.sort_values(["starts_at", "club_id"]).reset_index(drop=True)
classes.insert(0, "class_id", np.arange(1, len(classes) + 1))
classes["duration_min"] = np.where(classes.class_type.isin(["spin", "hiit", "boxing"]), 45, 60)

# ---- bookings --------------------------------------------------------------------------------------------------
PREF = {
    0: [0.5, 3, 3, 0.5, 1, 2.5],
    1: [0.5, 1, 3, 0.5, 3, 0.5],
    2: [1, 1, 1, 1, 1, 1],
    3: [3, 0.5, 0.3, 3, 0.3, 0.8],
    4: [2.5, 1, 0.7, 1, 0.5, 3],
}
goer = rng.random(NM) < 0.40
crate = np.exp(rng.normal(np.log(0.045), 0.6, NM))
ns = rng.normal(-2.3, 1.0, NM)
cls_club = classes.club_id.values - 1
cls_type = pd.Categorical(classes.class_type, categories=TYPES).codes
cls_start = classes.starts_at.values
cls_day = ((classes.starts_at.dt.normalize() - START).dt.days).values
cls_hour = classes.starts_at.dt.hour.values
cls_pop = ins_pop[classes.instructor_id.values - 1]
by_club = {c: np.nonzero(cls_club == c)[0] for c in range(8)}
bk = []
NDP = len(pdays)
for i in np.nonzero(goer)[0]:
    a = max(join_day[i], 0, club_open_day[home[i]])
    b = min(end_day[i], NDP)
    if b <= a:
        continue
    pref = rng.dirichlet(np.array(PREF[goal[i]]) * 2)
    d = np.arange(a, b)
    ten = d - join_day[i]
    r = crate[i] * season[np.minimum(d, ND - 1)] * (0.7 + 0.5 * np.exp(-ten / 60))
    if ended[i]:
        left = end_day[i] - d
        r = r * np.where(left < 60, 0.2 + 0.8 * left / 60, 1.0)
    k = rng.poisson(np.minimum(r, 0.8))
    bdays = np.repeat(d, k)
    pool = by_club[home[i]]
    for bd in bdays:
        cand = pool[(cls_day[pool] == bd)]
        if not len(cand):
            continue
        w = pref[cls_type[cand]] * cls_pop[cand]
        j = cand[rng.choice(len(cand), p=w / w.sum())]
        lead = rng.uniform(2 / 24, 7)
        bat = pd.Timestamp(cls_start[j]) - pd.Timedelta(days=float(lead))
        if bat < join[i]:
            bat = join[i] + pd.Timedelta(minutes=5)
            lead = (pd.Timestamp(cls_start[j]) - bat).total_seconds() / 86400
        if bat > END + pd.Timedelta(days=1):
            continue
        u = rng.random()
        if pd.Timestamp(cls_start[j]) > END + pd.Timedelta(days=1):
            status = "booked"
        elif u < 0.08:
            status = "cancelled"
        else:
            p = 1 / (1 + np.exp(-(ns[i] + 0.7 * (cls_hour[j] < 8) + 0.5 * (lead > 3))))
            status = "no_show" if rng.random() < p else "attended"
        bk.append((i + 1, int(classes.class_id.values[j]), bat.floor("min"), status))
bookings = pd.DataFrame(bk, columns=["member_id", "class_id", "booked_at", "status"])
bookings = bookings.sort_values(["booked_at", "member_id"]).reset_index(drop=True)
bookings.insert(0, "booking_id", np.arange(1, len(bookings) + 1))

# ---- payments --------------------------------------------------------------------------------------------------
pay = []
fees = np.array([p[1] for p in PLANS])
pt = rng.random(NM) < 0.12
for i in range(NM):
    stop = START + pd.Timedelta(days=int(min(end_day[i], ND)))
    if ended[i]:
        stop = pd.Timestamp(ended_at[i])
    m = pd.date_range(join[i].normalize(), min(stop, END + pd.Timedelta(days=1)), freq=pd.DateOffset(months=1))
    m = m[(m >= START) & (m < stop)]
    for t in m:
        f = fees[plan[i]] + (3.0 if t >= pd.Timestamp("2024-01-01") else 0.0)
        pf = 0.025 * (4 if ended[i] and (pd.Timestamp(ended_at[i]) - t).days < 60 else 1)
        pay.append((i + 1, t + pd.Timedelta(hours=3), f, "membership", "failed" if rng.random() < pf else "paid"))
    a = max(join_day[i], 0)
    b = min(end_day[i], ND)
    if b <= a:
        continue
    d = np.arange(a, b)
    if pt[i]:
        k = rng.random(len(d)) < (1 / 35) * np.where(days.month.values[a:b] == 1, 1.5, 1.0)
        for x in d[k]:
            pay.append(
                (
                    i + 1,
                    START + pd.Timedelta(days=int(x), hours=int(rng.integers(9, 20))),
                    float(np.round(np.exp(rng.normal(np.log(160), 0.7)), 2)),
                    "personal_training",
                    "paid",
                )
            )
    k = rng.random(len(d)) < 1 / 250
    for x in d[k]:
        pay.append(
            (
                i + 1,
                START + pd.Timedelta(days=int(x), hours=int(rng.integers(9, 20))),
                float(rng.integers(12, 71)),
                "merch",
                "paid",
            )
        )
payments = pd.DataFrame(pay, columns=["member_id", "paid_at", "amount", "kind", "status"])
payments = payments.sort_values(["paid_at", "member_id"]).reset_index(drop=True)
payments.insert(0, "payment_id", np.arange(1, len(payments) + 1))

# ---- write -----------------------------------------------------------------------------------------------------
if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute(
    """
CREATE TABLE clubs (club_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, opened_at DATE, has_pool BOOLEAN, size_sqm INTEGER);
CREATE TABLE plans (plan_id INTEGER PRIMARY KEY, name VARCHAR, monthly_fee DOUBLE, access VARCHAR, min_term_months INTEGER);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, home_club_id INTEGER REFERENCES clubs(club_id),
  plan_id INTEGER REFERENCES plans(plan_id), joined_at TIMESTAMP, ended_at TIMESTAMP, contract_end_at DATE,
  birth_year INTEGER, gender VARCHAR, goal VARCHAR, referral_source VARCHAR, is_corporate BOOLEAN,
  email_domain VARCHAR, marketing_opt_in BOOLEAN);
CREATE TABLE check_ins (checkin_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id),
  club_id INTEGER, checked_in_at TIMESTAMP, minutes INTEGER);
CREATE TABLE instructors (instructor_id INTEGER PRIMARY KEY, name VARCHAR, club_id INTEGER, hired_at DATE);
CREATE TABLE classes (class_id INTEGER PRIMARY KEY, club_id INTEGER, class_type VARCHAR, starts_at TIMESTAMP,
  instructor_id INTEGER REFERENCES instructors(instructor_id), capacity INTEGER, duration_min INTEGER);
CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id),
  class_id INTEGER REFERENCES classes(class_id), booked_at TIMESTAMP, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id),
  paid_at TIMESTAMP, amount DOUBLE, kind VARCHAR, status VARCHAR);
"""
)
for name, df in [
    ("clubs", clubs),
    ("plans", plans),
    ("members", members),
    ("check_ins", check_ins),
    ("instructors", instructors),
    ("classes", classes),
    ("bookings", bookings),
    ("payments", payments),
]:
    con.register("df_", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df_")
    con.unregister("df_")
    print(name, con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
con.close()
