"""A private golf club (membership categories with dues, members, tee-time bookings made ahead, rounds with scores, a
handicap index kept current with its revisions logged, pro-shop / bar / restaurant / guest-fee charges on member
accounts, lessons with the club's pros, tournaments with entries), seeded:
`python benchmarks/trials/golfclub.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 categories, 5 pros, 1,800 members (1,298 active,
157 resigning, 241 resigned, 104 lapsed at NOW), 36.6k tee times, 37.3k rounds, 20.6k handicap revisions, 67.2k
charges, 3.6k lessons, 4.4k dues invoices, 38 tournaments, 3.6k entries (about 175k rows, about 10 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: tee_times.tee_off_at (booked 0-7 or 0-14 days ahead by category),
lessons.lesson_at (booked 2-16 days ahead), tournaments.starts_on / entry_closes_on (announced 45 days ahead) and
dues_invoices.due_on / period_start (the next year's dues issued on Dec 1). Every other column holding a later date of
its row is filled in later.

Truth (seed 0):
- membership_categories (6, text PK category_code): FULL (dues 1,450, 14 days ahead), SENIOR (1,100, 14 d, plays
  weekdays x1.25 / weekends x.6, 9-hole rounds p .3), WEEKDAY (900, 7 d, never on Sat/Sun), JUNIOR (250, 7 d,
  July-August x2, 3x lessons), SOCIAL (300, never plays: dining x3), CORP (2,400, 14 d, base rate half of FULL);
  the category drives play, dues and spend (a parent attribute). 2023 dues were 4% lower.
- members (1,800): 1,300 joined 1985-2022, 500 join during the span (spring-heavy: Mar-May x2.5); keenness
  k = k0 + OU drift (hidden, k0 ~ N(0, 1), +.4 when referred_by is set); a member FADES with hazard 1/3000 per
  day (k0 -= 1.6, permanent: rounds dry up weeks before a resignation); reliability r ~ N(0, 1) (hidden: no-shows,
  late dues); spend s ~ N(0, .6) (hidden: bar, restaurant, pro shop); ability a (hidden true handicap; existing
  members 2..36 by age and gender, new members 22..48 and improving -.04 per round x a/30, seniors +.6 a year);
  competitiveness c ~ N(0, 1) (tournament entries). postcode, locker_no, first_name are noise; gender messy ('M',
  'Male', 'm', 'F', 'female', 'Female', NULL 3%); referred_by is an undeclared self-reference (40% of new members)
- play: a booking for tee day D is made with p base(category) x exp(.8 k) x season(D) (winter .3, July 1.0,
  cosine) x weekday factor (Sat/Sun 1.6, weekdays .85; category overrides above); lead Geometric(.3)-1 days capped
  by the category's advance_days; players 1-4; course 'Old' (par 72, CR 72.4, slope 131) 65% else 'New' (par 70,
  CR 69.1, slope 118), stored MESSY in both tee_times and rounds ('Old', 'old', 'OLD COURSE', 'New', 'new ', ...)
- weather (a shared daily draw): rain p .32 in winter .14 in summer; on a rain day 35% of that day's bookings are
  cancelled at 06:30 and no-shows logit -3.4 - .7 r + 1.3 rain + .03 lead; 5% cancel at random before the day;
  a member leaving cancels its bookings ahead at that moment. 6% of rounds are walk-ons (booking_ref NULL).
- rounds: gross = CR + a x slope / 113 + N(0, 2.8) + 1.8 rain (9 holes: half, doubled for the differential);
  score_differential = (gross - CR) x 113 / slope; rounds.booking_ref is the tee_times.booking_id stored as VARCHAR
  (a text key); rounds.tournament_id set for tournament rounds (undeclared); weather is real (rain); card_no noise
- handicap: index = mean of the best 40% of the last 20 differentials (existing members start from 20 pre-span
  differentials), capped at 54, rounded to .1; a revision row (old_index, new_index) is written by the nightly run
  at 02:00 the day after a round where it changed; members.handicap_index is TODAY's (the latest revision)
- lessons: booking hazard .0035 a day x (junior 3) x (first 180 days of membership 3) x exp(.4 (a - 20) / 10) x
  season, with the member's preferred pro (head pro PRO-01 40%); quality q per pro (hidden: 1.5, 1.0, .8, .5, 1.1)
  lowers a by .3 q x a / 20 per completed lesson; 7% cancelled; status TODAY's ('booked', 'completed',
  'cancelled'); pro_code is a text key (declared REFERENCES pros)
- charges: after a played round p .62 a bar / halfway-house charge LogNormal(log 16 + .5 s, .5) x (1 + .4 (players
  - 1)); guests (a quarter of the extra players) pay a guest fee 40 (55 May-Sep) on the member's account; pro shop
  hazard 1/120 x exp(s) x (Dec x2.5, Apr x1.5) LogNormal(log 45, .9); restaurant dining 1/80 x exp(.5 s) x (SOCIAL
  x3) x (Dec x2, Sunday x1.5); tournament entry fees (outlet 'Competitions', charged on the day); outlet stored
  MESSY ('Pro Shop', 'pro shop', 'PROSHOP', 'Bar', 'bar', 'Restaurant', 'restaurant ', ...); item_category clean;
  till_id noise
- tournaments (Saturdays, ~2 a month Apr-Oct, 1 Nov-Mar; 38 announced by NOW, 2 of them starting after it): format MESSY
  ('Stableford', 'stableford', 'STABLEFORD', 'Medal', 'Stroke Play', 'Matchplay'), max_handicap 36 (28 for
  championships); an eligible member enters with p sig(-3.3 + 1.1 c + .6 k + .8 entered-before), entered_at
  uniform over the entry window; withdraws p .05 (status TODAY's: 'entered', 'withdrawn', 'completed');
  net_score and position filled in at the tournament; tournaments.entrants and status TODAY's
- dues: next year's invoice issued Dec 1 (due Jan 31), prorated at joining (due in 30 days); paid after
  Exp(20 x exp(-.6 r)) days; never paid with p sig(-4.8 - 1.2 r - .8 k); unpaid 60 days after due: the member
  LAPSES (status 'lapsed', plays no more, invoice 'written_off'); invoice_no text ('D24-00042'), category_code at
  issue; paid_at filled later, status TODAY's ('open', 'overdue', 'paid', 'written_off')
- churn: notice given Oct 1-Nov 30 with total p sig(-3.4 - 1.1 k + 1.3 faded + .7 SOCIAL + .5 age > 78),
  effective Dec 31 (status 'resigning' until then, 'resigned' after); moving away hazard 1/9000 a day (resigned at
  once); members.resigned_at filled later (the notice)
- category changes at Jan 1 (members.category_code is TODAY's): JUNIOR aged 19+ -> FULL, FULL aged 65+ -> SENIOR
  (p .5), FULL with k < -.7 -> WEEKDAY (p .3)
- today's state: members.status, category_code, handicap_index, last_round_at, rounds_ytd, account_balance (this
  month's charges, settled at each month's statement); tee_times.status; lessons.status; dues_invoices.status;
  tournaments.entrants, status; tournament_entries.status
- filled later: members.resigned_at; tee_times.cancelled_at; dues_invoices.paid_at; tournament_entries.net_score,
  position
- keys: PKs declared on membership_categories (text), pros (text), members, tee_times, rounds, handicap_revisions,
  charges, lessons, tournaments, dues_invoices (text invoice_no); tournament_entries has none. REFERENCES only
  members.category_code -> membership_categories and lessons.pro_code -> pros. Undeclared: tee_times.member_id,
  rounds (member_id, booking_ref VARCHAR -> tee_times, tournament_id), handicap_revisions.member_id,
  charges.member_id, lessons.member_id, dues_invoices (member_id, category_code), tournament_entries
  (tournament_id, member_id), members.referred_by -> members
- `python golfclub.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
NDT = ND + 80  # tee days / tournaments / lessons written ahead


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
SEASON = 0.3 + 0.7 * (1 + np.cos(2 * np.pi * (DOY - 195) / 365)) / 2
RAIN = rng.random(NDT) < 0.14 + 0.18 * (1 - (SEASON - 0.3) / 0.7)

# ---------------- membership categories
CATS = ["FULL", "SENIOR", "WEEKDAY", "JUNIOR", "SOCIAL", "CORP"]
FULL, SENIOR, WEEKDAY, JUNIOR, SOCIAL, CORP = range(6)
DUES = np.array([1450, 1100, 900, 250, 300, 2400.0])
ADV = np.array([14, 14, 7, 7, 0, 14])
BASE = np.array([0.048, 0.05, 0.045, 0.03, 0.0, 0.024])
categories = pd.DataFrame(
    {
        "category_code": CATS,
        "name": ["Full playing", "Senior (65+)", "Five-day", "Junior (under 19)", "Social", "Corporate"],
        "annual_dues": DUES,
        "advance_booking_days": ADV,
        "weekend_golf": [True, True, False, True, False, True],
    }
)


def day_factor(cat, d):
    w = DOW[d] >= 5
    f = np.where(w, 1.6, 0.85)
    f = np.where(cat == SENIOR, np.where(w, 0.6, 1.25), f)
    f = np.where(cat == WEEKDAY, np.where(w, 0.0, 1.0), f)
    f = np.where((cat == JUNIOR) & np.isin(MON[d], [7, 8]), f * 2, f)
    return f


# ---------------- pros
NPRO = 5
pro_q = np.array([1.5, 1.0, 0.8, 0.5, 1.1])
pros = pd.DataFrame(
    {
        "pro_code": [f"PRO-{i:02d}" for i in range(1, NPRO + 1)],
        "full_name": ["Gary Lowe", "Emma Reid", "Tom Hart", "Sam Kerr", "Jo Baird"],
        "title": ["Head Professional", "Teaching Professional", "Assistant", "Trainee", "Assistant"],
        "rate_per_30min": [45.0, 35.0, 28.0, 20.0, 28.0],
        "hired_on": pd.to_datetime(["2009-04-01", "2016-02-15", "2019-06-01", "2022-09-01", "2020-03-01"]).date,
    }
)

# ---------------- members
NM = 1800
NOLD = 1300
old = np.arange(NM) < NOLD
spring = np.concatenate([np.full(59, 1.0), np.full(92, 2.5), np.full(214, 1.0)])
jd = np.concatenate([spring, spring[:365]])
jd = jd / jd.sum()
join_day = rng.choice(730, NM, p=jd)
m_join = np.where(
    old,
    secs("1985-01-01") + rng.uniform(0, 1, NM) ** 0.6 * (secs("2022-12-20") - secs("1985-01-01")),
    join_day * DAY + rng.uniform(9, 18, NM) * 3600,
)
m_join = np.sort(np.where(old, m_join, np.inf))[:NOLD].tolist() + sorted(m_join[~old].tolist())
m_join = np.array(m_join)
m_gender = rng.choice(2, NM, p=[0.72, 0.28])  # 0 M, 1 F
m_age0 = np.clip(rng.normal(58, 14, NM), 20, 88)  # age at START (old members)
junior_new = (~old) & (rng.random(NM) < 0.12)
m_age0 = np.where(~old, np.where(junior_new, rng.uniform(9, 17, NM), np.clip(rng.normal(44, 12, NM), 22, 80)), m_age0)
jun_old = old & (rng.random(NM) < 0.06)
m_age0 = np.where(jun_old, rng.uniform(10, 18.5, NM), m_age0)
m_birth_year = (2023 - m_age0).astype(int)
cat0 = rng.choice(6, NM, p=[0.58, 0.0, 0.12, 0.0, 0.12, 0.18])
cat0 = np.where(m_age0 >= 66, np.where(rng.random(NM) < 0.7, SENIOR, cat0), cat0)
cat0 = np.where(m_age0 < 19, JUNIOR, cat0)
cat0 = np.where((cat0 == CORP) & ~old, np.where(rng.random(NM) < 0.5, FULL, CORP), cat0)
m_ref = np.full(NM, -1)
ref_new = (~old) & (rng.random(NM) < 0.4)
for i in np.nonzero(ref_new)[0]:
    cand = np.nonzero(m_join < m_join[i])[0]
    m_ref[i] = rng.choice(cand)
k0 = rng.normal(0, 1, NM) + 0.4 * (m_ref >= 0)
r_rel = rng.normal(0, 1, NM)
s_spend = rng.normal(0, 0.6, NM)
c_comp = rng.normal(0, 1, NM)
abil = np.where(
    old, np.clip(8 + 0.17 * (m_age0 - 30) + 7 * m_gender + rng.gamma(3, 3, NM) - 3, 1.5, 36), rng.uniform(22, 48, NM)
)
abil = np.where(m_age0 < 19, np.clip(rng.uniform(8, 40, NM), 2, 54), abil)
m_pref_pro = rng.choice(NPRO, NM, p=[0.4, 0.25, 0.15, 0.1, 0.1])
m_post = [
    f"GL{rng.integers(1, 20)} {rng.integers(1, 9)}{chr(65 + rng.integers(26))}{chr(65 + rng.integers(26))}"
    for _ in range(NM)
]
m_locker = np.where(rng.random(NM) < 0.5, rng.integers(1, 400, NM).astype(str), None)
m_first = rng.choice(["James", "Mary", "John", "Linda", "David", "Susan", "Alan", "Karen", "Ian", "Fiona"], NM)
GSP = np.array(["M", "Male", "m", "F", "female", "Female"], dtype=object)
m_gtxt = np.where(
    m_gender == 0, GSP[rng.choice(3, NM, p=[0.7, 0.2, 0.1])], GSP[3 + rng.choice(3, NM, p=[0.6, 0.2, 0.2])]
)
m_gtxt[rng.random(NM) < 0.03] = None

COURSE = [dict(cr=72.4, slope=131), dict(cr=69.1, slope=118)]
CSP = [["Old", "old", "OLD COURSE", "Old Course"], ["New", "new ", "NEW", "New Course"]]
CSPW = [0.6, 0.2, 0.1, 0.1]

# ---------------- state
active = np.zeros(NM, bool)
end_t = np.full(NM, np.inf)
end_kind = np.full(NM, "", dtype=object)
notice_t = np.full(NM, np.inf)
faded = np.zeros(NM, bool)
kdev = rng.normal(0, 0.5, NM)
cat = cat0.copy()
cat_hist = [(m, -np.inf, int(cat0[m])) for m in range(NM)]
diffs = [list(rng.normal(abil[m], 2.5, 20)) if old[m] else [] for m in range(NM)]
init_idx = np.where(old, 0.0, np.clip(np.round(abil + rng.normal(3, 3, NM)), 10, 54))


def hcp(lst, m):
    if not lst:
        return init_idx[m]
    last = sorted(lst[-20:])
    n = max(1, int(np.ceil(0.4 * len(last))))
    return float(np.clip(np.round(np.mean(last[:n]), 1), -5, 54))


hidx = np.array([hcp(diffs[m], m) for m in range(NM)])
TT = []  # [member, booked_t, tee_t, tee_day, players, course, cancel_t, status, lead]
tee_bucket = [[] for _ in range(NDT)]
booked_days = set()
R = []  # rounds: (member, booking or -1, tournament or -1, t, course, holes, gross, diff, rain, players)
REV = []  # (member, t, old, new)
CH = []  # (member, t, outlet, item_category, amount)
LS = []  # [member, pro, booked_t, lesson_t, minutes, status]
les_bucket = [[] for _ in range(NDT)]
INVC = []  # (member, issued_t, due_t, period_start_t, amount, cat, paid_t)
lapse_bucket = [[] for _ in range(NDT + 400)]
TOUR = []  # (start_day, announced_t, format, fee, max_hcp, name)
ENT = []  # [tour, member, entered_t, status, net, pos]
entered_before = np.zeros(NM, bool)
tour_day = {}

# tournaments schedule (Saturdays), announced 45 days before
sat = [d for d in range(46, NDT) if (START + pd.Timedelta(days=d)).day_of_week == 5]
FMT = ["Stableford", "stableford", "STABLEFORD", "Medal", "Stroke Play", "Matchplay"]
for d in sat:
    mo = (START + pd.Timedelta(days=d)).month
    wk = ((START + pd.Timedelta(days=d)).day - 1) // 7
    if (4 <= mo <= 10 and wk in (0, 2)) or (not 4 <= mo <= 10 and wk == 1):
        champ = mo in (6, 9) and wk == 0
        TOUR.append(
            (
                d,
                (d - 45) * DAY + 10 * 3600,
                rng.choice(FMT),
                15.0 if not champ else 30.0,
                28 if champ else 36,
                ("Club Championship" if mo == 6 else "Autumn Cup")
                if champ
                else f"{(START + pd.Timedelta(days=d)).strftime('%B')} {'Stableford' if wk == 0 else 'Medal'}",
            )
        )
        tour_day[d] = len(TOUR) - 1
tour_ann = {}
for i, tr in enumerate(TOUR):
    tour_ann.setdefault(int(tr[1] // DAY), []).append(i)
ent_bucket = [[] for _ in range(NDT)]


def invoice(m, t, due_t, period_t, frac):
    yr = (START + pd.Timedelta(seconds=period_t)).year
    amt = round(DUES[cat[m]] * (0.96 if yr <= 2023 else 1.0) * frac, 2)
    late = rng.random() < sig(-4.8 - 1.2 * r_rel[m] - 0.8 * k0[m])
    paid = np.inf if late else t + rng.exponential(20 * np.exp(-0.6 * r_rel[m])) * DAY
    paid = np.inf if paid > due_t + 60 * DAY else paid
    INVC.append((m, t, due_t, period_t, amt, int(cat[m]), paid))
    ld = int((due_t + 60 * DAY) // DAY)
    if paid > due_t + 60 * DAY and 0 <= ld < len(lapse_bucket):
        lapse_bucket[ld].append(len(INVC) - 1)


def leave(m, t, kind):
    active[m] = False
    end_t[m] = t
    end_kind[m] = kind


def charge(m, t, outlet, item, amt):
    CH.append((m, t, outlet, item, round(float(amt), 2)))


def play_round(m, t, bi, ti, course, players, d):
    holes = 9 if rng.random() < (0.3 if cat[m] == SENIOR else 0.12) + 0.1 * (SEASON[d] < 0.5) else 18
    if ti >= 0:
        holes = 18
    cr, sl = COURSE[course]["cr"], COURSE[course]["slope"]
    rain = bool(RAIN[d])
    if holes == 18:
        gross = int(round(cr + abil[m] * sl / 113 + rng.normal(0, 2.8) + 1.8 * rain))
        diff = (gross - cr) * 113 / sl
    else:
        gross = int(round(cr / 2 + abil[m] / 2 * sl / 113 + rng.normal(0, 2.0) + 0.9 * rain))
        diff = (2 * gross - cr) * 113 / sl
    diff = round(diff, 1)
    R.append((m, bi, ti, t, course, holes, gross, diff, rain, players))
    diffs[m].append(diff)
    new = hcp(diffs[m], m)
    if new != hidx[m]:
        REV.append((m, (d + 1) * DAY + 2 * 3600, hidx[m], new))
        hidx[m] = new
    if not old[m] or m_age0[m] < 25:
        abil[m] = max(abil[m] - 0.04 * abil[m] / 30, 0)
    # after-round charges
    if rng.random() < 0.62:
        charge(
            m,
            t + (4.3 if holes == 18 else 2.3) * 3600,
            rng.choice(["Bar", "bar", "Halfway House", "BAR"], p=[0.5, 0.2, 0.2, 0.1]),
            "food_drink",
            np.exp(np.log(16) + 0.5 * s_spend[m] + rng.normal(0, 0.5)) * (1 + 0.4 * (players - 1)),
        )
    guests = rng.binomial(players - 1, 0.25) if players > 1 else 0
    if guests and ti < 0:
        charge(
            m,
            t - 600,
            rng.choice(["Pro Shop", "pro shop", "PROSHOP"], p=[0.6, 0.25, 0.15]),
            "guest_fee",
            guests * (55 if 5 <= MON[d] <= 9 else 40),
        )


# ---------------- day loop
for d in range(ND):
    t0 = d * DAY
    date = START + pd.Timedelta(days=d)
    # Jan 1: category changes
    if date.month == 1 and date.day == 1 and d > 0:
        age = m_age0 + d / 365.25
        u = rng.random(NM)
        newc = cat.copy()
        newc[(cat == JUNIOR) & (age >= 19)] = FULL
        newc[(cat == FULL) & (age >= 65) & (u < 0.5)] = SENIOR
        newc[(cat == FULL) & (k0 + kdev < -0.7) & (u > 0.7)] = WEEKDAY
        for m in np.nonzero((newc != cat) & (end_t > t0))[0]:
            cat_hist.append((m, t0, int(newc[m])))
        cat = newc
    # resignations effective at year end
    for m in np.nonzero(active & (notice_t < t0) & (date.month == 1) & (date.day == 1))[0]:
        leave(m, t0 - 1, "resigned")
    # joins
    newj = np.nonzero((m_join >= t0) & (m_join < t0 + DAY))[0]
    for m in newj:
        active[m] = True
        if d > 0 or m_join[m] >= 0:
            yend = secs(f"{date.year + 1}-01-01")
            invoice(m, m_join[m] + 3600, m_join[m] + 30 * DAY, m_join[m], (yend - m_join[m]) / (365 * DAY))
    if d == 0:
        active[(m_join < 0)] = True
        for m in np.nonzero(active)[0]:
            invoice(m, secs("2022-12-01") + 9 * 3600, secs("2023-01-31") + 17 * 3600, 0.0, 1.0)
    # hidden drift
    kdev += -kdev / 120 + rng.normal(0, 0.5 * np.sqrt(2 / 120), NM)
    fd = active & (rng.random(NM) < 1 / 3000) & ~faded
    faded |= fd
    k0[fd] -= 1.6
    k = k0 + kdev
    # moving away
    for m in np.nonzero(active & (rng.random(NM) < 1 / 9000))[0]:
        leave(m, t0 + rng.uniform(8, 20) * 3600, "resigned")
        notice_t[m] = end_t[m]
    # lapses: dues unpaid 60 days after due
    for ii in lapse_bucket[d]:
        m = INVC[ii][0]
        if active[m]:
            leave(m, t0 + 9 * 3600, "lapsed")
    # resignation notices
    if date.month in (10, 11):
        p_tot = sig(-3.4 - 1.1 * k + 1.3 * faded + 0.7 * (cat == SOCIAL) + 0.5 * (m_age0 + d / 365.25 > 78))
        hz = 1 - (1 - p_tot) ** (1 / 61)
        for m in np.nonzero(active & (notice_t == np.inf) & (rng.random(NM) < hz))[0]:
            notice_t[m] = t0 + rng.uniform(9, 21) * 3600
    # Dec 1: next year's dues
    if date.month == 12 and date.day == 1:
        for m in np.nonzero(active & (notice_t == np.inf))[0]:
            invoice(m, t0 + 9 * 3600, secs(f"{date.year + 1}-01-31") + 17 * 3600, secs(f"{date.year + 1}-01-01"), 1.0)
    # bookings made today for tee day d + lead
    golf = active & (BASE[cat] > 0)
    lead = np.minimum(rng.geometric(0.3, NM) - 1, ADV[cat])
    td = d + lead
    lam = BASE[cat] * np.exp(0.8 * k) * SEASON[td] * day_factor(cat, td)
    u = rng.random(NM)
    for m in np.nonzero(golf & (u < lam))[0]:
        tday = int(td[m])
        if (m, tday) in booked_days:
            continue
        booked_days.add((m, tday))
        bt = t0 + rng.uniform(7, 21) * 3600
        tt = tday * DAY + (7 * 3600 + 600 * rng.integers(0, 60))
        if tt <= bt:
            tt = bt + 3600 * rng.uniform(1, 3)
        players = int(rng.choice([1, 2, 3, 4], p=[0.15, 0.3, 0.2, 0.35]))
        course = int(rng.random() > 0.65)
        ct = bt + rng.uniform(0, 1) * (tt - bt) if rng.random() < 0.05 else np.inf
        TT.append([m, bt, tt, tday, players, course, ct, "booked", int(lead[m])])
        tee_bucket[tday].append(len(TT) - 1)
    # tee times today
    for bi in tee_bucket[d]:
        b = TT[bi]
        m, bt, tt = b[0], b[1], b[2]
        if b[6] < tt:
            b[7] = "cancelled"
            continue
        if end_t[m] < tt:
            b[6] = max(end_t[m], bt)
            b[7] = "cancelled"
            continue
        if RAIN[d] and rng.random() < 0.35 and bt < t0 + 6.5 * 3600:
            b[6] = t0 + 6.5 * 3600
            b[7] = "cancelled"
            continue
        if rng.random() < sig(-3.4 - 0.7 * r_rel[m] + 1.3 * RAIN[d] + 0.03 * b[8]):
            b[7] = "no_show"
            continue
        b[7] = "played"
        play_round(m, tt, bi, -1, b[5], b[4], d)
    # walk-ons
    wl = BASE[cat] * np.exp(0.8 * k) * SEASON[d] * day_factor(cat, d) * 0.065
    for m in np.nonzero(golf & (rng.random(NM) < wl))[0]:
        play_round(m, t0 + rng.uniform(8, 16) * 3600, -1, -1, int(rng.random() > 0.5), 1, d)
    # tournaments announced today: entrants
    for ti in tour_ann.get(d, []):
        sd, at, fmt, fee, mx, name = TOUR[ti]
        elig = active & (BASE[cat] > 0) & (hidx <= mx) & (cat != WEEKDAY)
        pe = sig(-3.3 + 1.1 * c_comp + 0.6 * k + 0.8 * entered_before)
        for m in np.nonzero(elig & (rng.random(NM) < pe))[0]:
            et = at + rng.uniform(0, (sd - 3) * DAY + 18 * 3600 - at)
            ENT.append([ti, m, et, "entered", None, None, rng.random() < 0.05])
            ent_bucket[sd].append(len(ENT) - 1)
    # tournament day
    if d in tour_day:
        ti = tour_day[d]
        field = []
        for ei in ent_bucket[d]:
            e = ENT[ei]
            m = e[1]
            if end_t[m] < e[2]:
                e[3] = "void"  # never entered: left before
                continue
            if e[6] or end_t[m] < t0:
                e[3] = "withdrawn"
                continue
            entered_before[m] = True
            charge(m, t0 + 7 * 3600, "Competitions", "entry_fee", TOUR[ti][3])
            play_round(m, t0 + rng.uniform(8, 14) * 3600, -1, ti, 0, 4, d)
            e[3] = "completed"
            e[4] = int(R[-1][6] - round(hidx[m] * 131 / 113 * 0.95))
            field.append(ei)
        order = sorted(field, key=lambda ei: (ENT[ei][4], rng.random()))
        for pos, ei in enumerate(order, 1):
            ENT[ei][5] = pos
    # lessons booked today
    pl = (
        0.0035
        * np.where(cat == JUNIOR, 3, 1)
        * np.where(t0 - m_join < 180 * DAY, 3, 1)
        * np.exp(0.4 * (abil - 20) / 10)
        * SEASON[d]
    )
    for m in np.nonzero(golf & (rng.random(NM) < pl))[0]:
        pro = m_pref_pro[m] if rng.random() < 0.8 else rng.integers(NPRO)
        ld = d + int(rng.integers(2, 17))
        bt = t0 + rng.uniform(8, 20) * 3600
        lt = ld * DAY + rng.integers(9, 18) * 3600
        LS.append(
            [
                m,
                int(pro),
                bt,
                lt,
                int(rng.choice([30, 60], p=[0.6, 0.4])),
                "booked",
                bt + rng.uniform(0, 1) * (lt - bt) if rng.random() < 0.07 else np.inf,
            ]
        )
        les_bucket[ld].append(len(LS) - 1)
    for li in les_bucket[d]:
        ls = LS[li]
        m = ls[0]
        if ls[6] < ls[3] or end_t[m] < ls[3]:
            ls[6] = min(ls[6], max(end_t[m], ls[2]))
            ls[5] = "cancelled"
            continue
        ls[5] = "completed"
        abil[m] = max(abil[m] - 0.3 * pro_q[ls[1]] * abil[m] / 20, 0)
    # pro shop and restaurant
    pps = 1 / 120 * np.exp(s_spend) * (2.5 if date.month == 12 else 1.5 if date.month == 4 else 1.0)
    for m in np.nonzero(active & (rng.random(NM) < pps * np.where(cat == SOCIAL, 0.3, 1)))[0]:
        charge(
            m,
            t0 + rng.uniform(8, 18) * 3600,
            rng.choice(["Pro Shop", "pro shop", "PROSHOP"], p=[0.6, 0.25, 0.15]),
            rng.choice(["balls", "apparel", "equipment", "gloves"], p=[0.35, 0.35, 0.15, 0.15]),
            np.exp(np.log(45) + rng.normal(0, 0.9)),
        )
    pr = (
        1
        / 80
        * np.exp(0.5 * s_spend)
        * np.where(cat == SOCIAL, 3, 1)
        * (2 if date.month == 12 else 1)
        * (1.5 if date.day_of_week == 6 else 1)
    )
    for m in np.nonzero(active & (rng.random(NM) < pr))[0]:
        charge(
            m,
            t0 + rng.uniform(12, 21) * 3600,
            rng.choice(["Restaurant", "restaurant ", "RESTAURANT"], p=[0.7, 0.2, 0.1]),
            "dining",
            np.exp(np.log(38) + 0.5 * s_spend[m] + rng.normal(0, 0.5)),
        )
    # seniors age ability
    abil += np.where(cat == SENIOR, 0.6 / 365, 0)

# tee times ahead of NOW whose member left: cancelled then
for b in TT:
    if b[3] >= ND and end_t[b[0]] < b[2]:
        b[6] = min(b[6], max(end_t[b[0]], b[1]))
for ls in LS:
    if ls[3] > TN and end_t[ls[0]] < ls[3]:
        ls[6] = min(ls[6], max(end_t[ls[0]], ls[2]))

# ---------------- derived draws (all before any cut)
NT = len(TT)
B_m = np.array([b[0] for b in TT])
B_bt = np.array([b[1] for b in TT])
B_tt = np.array([b[2] for b in TT])
B_pl = np.array([b[4] for b in TT])
B_course = np.array([b[5] for b in TT])
B_ct = np.array([b[6] for b in TT])
B_st = np.array([b[7] for b in TT], dtype=object)
B_cspell = np.array([CSP[c][i] for c, i in zip(B_course, rng.choice(4, NT, p=CSPW), strict=True)], dtype=object)

NR = len(R)
R_m = np.array([r[0] for r in R])
R_b = np.array([r[1] for r in R])
R_ti = np.array([r[2] for r in R])
R_t = np.array([r[3] for r in R])
R_course = np.array([r[4] for r in R])
R_cspell = np.array([CSP[c][i] for c, i in zip(R_course, rng.choice(4, NR, p=CSPW), strict=True)], dtype=object)
R_tee = np.where(
    m_gender[R_m] == 1, "Red", np.where(m_age0[R_m] > 70, "Yellow", rng.choice(["White", "Yellow"], NR, p=[0.4, 0.6]))
).astype(object)
R_tee = np.where(rng.random(NR) < 0.15, np.char.lower(R_tee.astype(str)), R_tee)
R_card = rng.integers(100000, 999999, NR)
R_end = R_t + np.array([r[5] for r in R]) / 18 * 4.3 * 3600

NC = len(CH)
C_m = np.array([c[0] for c in CH])
C_t = np.array([c[1] for c in CH])
C_till = rng.choice(["T1", "T2", "T3", "T4", "T5"], NC)

# ---------------- tables as they stood at CUT


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def cat_at(m, t):
    c = cat0[m]
    for _mm, te, val in cat_by_m.get(m, []):
        if te <= t:
            c = val
    return c


cat_by_m = {}
for mm, te, val in cat_hist:
    cat_by_m.setdefault(mm, []).append((mm, te, val))

rk = R_end <= T
last_round = pd.Series(R_t[rk]).groupby(R_m[rk]).max().reindex(range(NM)).to_numpy()
yr0 = secs(f"{CUT.year}-01-01")
ytd = np.bincount(R_m[rk & (R_t >= yr0)], minlength=NM)
REV_m = np.array([x[0] for x in REV])
REV_t = np.array([x[1] for x in REV])
REV_old = np.array([x[2] for x in REV])
REV_new = np.array([x[3] for x in REV])
revk = REV_t <= T
h_now = np.array([hcp(diffs[m][:20], m) if old[m] else init_idx[m] for m in range(NM)])
lastrev = pd.Series(REV_new[revk]).groupby(REV_m[revk]).last()
h_now[lastrev.index.to_numpy()] = lastrev.to_numpy()
mstart = secs(f"{CUT.year}-{CUT.month:02d}-01")
ck = (C_t <= T) & (C_t >= mstart)
bal = np.bincount(C_m[ck], weights=np.array([c[4] for c in CH])[ck], minlength=NM)
ended = end_t <= T
status = np.where(ended, end_kind, np.where(notice_t <= T, "resigning", "active"))
members = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "category_code": [CATS[cat_at(m, T)] for m in range(NM)],
        "first_name": m_first,
        "gender": m_gtxt,
        "birth_year": m_birth_year,
        "postcode": m_post,
        "locker_no": m_locker,
        "referred_by": pd.array([int(x) + 1 if x >= 0 else None for x in m_ref], dtype="Int64"),
        "joined_at": ts(m_join),
        "status": status,
        "resigned_at": ts(known(notice_t)),
        "handicap_index": h_now,
        "last_round_at": ts(last_round),
        "rounds_ytd": ytd,
        "account_balance": np.round(bal, 2),
    }
)
members = members[m_join <= T]

ct_known = B_ct <= T
tee_status = np.where(ct_known & (B_ct < B_tt), "cancelled", np.where(B_tt <= T, B_st, "booked"))
tee_times = pd.DataFrame(
    {
        "booking_id": np.arange(1, NT + 1),
        "member_id": B_m + 1,
        "booked_at": ts(B_bt),
        "tee_off_at": ts(B_tt),
        "course": B_cspell,
        "players": B_pl,
        "status": tee_status,
        "cancelled_at": ts(np.where(ct_known & (B_ct < B_tt), B_ct, np.nan)),
    }
)[B_bt <= T]

rounds = pd.DataFrame(
    {
        "round_id": np.arange(1, NR + 1),
        "booking_ref": np.where(R_b >= 0, (R_b + 1).astype(str), None),
        "member_id": R_m + 1,
        "tournament_id": pd.array(np.where(R_ti >= 0, R_ti + 1, 0), dtype="Int64"),
        "played_at": ts(R_t),
        "course": R_cspell,
        "tees": R_tee,
        "holes": [r[5] for r in R],
        "gross_score": [r[6] for r in R],
        "score_differential": [r[7] for r in R],
        "weather": np.where([r[8] for r in R], "rain", "dry"),
        "card_no": R_card,
    }
)
rounds.loc[R_ti < 0, "tournament_id"] = pd.NA
rounds = rounds[R_end <= T]

handicap_revisions = pd.DataFrame(
    {
        "revision_id": np.arange(1, len(REV) + 1),
        "member_id": REV_m + 1,
        "revised_at": ts(REV_t),
        "old_index": REV_old,
        "new_index": REV_new,
    }
)[revk]

charges = pd.DataFrame(
    {
        "charge_id": np.arange(1, NC + 1),
        "member_id": C_m + 1,
        "charged_at": ts(C_t),
        "outlet": [c[2] for c in CH],
        "item_category": [c[3] for c in CH],
        "amount": [c[4] for c in CH],
        "till_id": C_till,
    }
).sort_values(["charged_at", "charge_id"], kind="stable")
charges["charge_id"] = np.arange(1, NC + 1)
charges = charges[charges["charged_at"] <= CUT]

NL = len(LS)
L_bt = np.array([x[2] for x in LS])
L_lt = np.array([x[3] for x in LS])
L_ct = np.array([x[6] for x in LS])
L_min = np.array([x[4] for x in LS])
L_pro = np.array([x[1] for x in LS])
l_cancel = (L_ct < L_lt) & (L_ct <= T)
lessons = pd.DataFrame(
    {
        "lesson_id": np.arange(1, NL + 1),
        "member_id": np.array([x[0] for x in LS]) + 1,
        "pro_code": pros["pro_code"].to_numpy()[L_pro],
        "booked_at": ts(L_bt),
        "lesson_at": ts(L_lt),
        "duration_min": L_min,
        "fee": pros["rate_per_30min"].to_numpy()[L_pro] * L_min / 30,
        "focus": rng.choice(["Driving", "driving", "Short game", "short game", "Putting", "Irons"], NL),
        "status": np.where(l_cancel, "cancelled", np.where(L_lt <= T, "completed", "booked")),
    }
)[L_bt <= T]

NTO = len(TOUR)
TO_sd = np.array([x[0] for x in TOUR])
TO_at = np.array([x[1] for x in TOUR])
E_ti = np.array([e[0] for e in ENT])
E_m = np.array([e[1] for e in ENT])
E_t = np.array([e[2] for e in ENT])
E_st = np.array([e[3] for e in ENT], dtype=object)
E_wd = np.array([e[6] for e in ENT])
E_day = TO_sd[E_ti] * DAY + 18 * 3600  # results posted that evening
E_real = (E_st != "void") & (E_st != "entered")  # entries of tournaments after NOW stay 'entered'
E_real |= (E_st == "entered") & (E_t <= TN) & (end_t[E_m] > E_t)
ek = E_real & (E_t <= T)
e_res = ek & (E_day <= T) & (E_st == "completed")
e_status = np.where(
    e_res, "completed", np.where((E_day - 18 * 3600 <= T) & (E_st == "withdrawn"), "withdrawn", "entered")
)
tournament_entries = pd.DataFrame(
    {
        "tournament_id": E_ti + 1,
        "member_id": E_m + 1,
        "entered_at": ts(E_t),
        "handicap_at_entry": [None] * len(ENT),
        "status": e_status,
        "net_score": pd.array([e[4] if r else None for e, r in zip(ENT, e_res, strict=True)], dtype="Int64"),
        "position": pd.array([e[5] if r else None for e, r in zip(ENT, e_res, strict=True)], dtype="Int64"),
    }
)
# handicap at entry: the index as it stood when the entry was made
hcp_at = []
rev_by_m = {}
for m_, t_, o_, n_ in REV:
    rev_by_m.setdefault(m_, []).append((t_, o_, n_))
for m_, t_ in zip(E_m, E_t, strict=True):
    lst = rev_by_m.get(m_, [])
    h = lst[0][1] if lst else (hcp(diffs[m_][:20], m_) if old[m_] else init_idx[m_])
    for tr, _o, n in lst:
        if tr <= t_:
            h = n
    hcp_at.append(h)
tournament_entries["handicap_at_entry"] = hcp_at
tournament_entries = tournament_entries[ek]

n_ent = np.bincount(E_ti[ek], minlength=NTO)
tournaments = pd.DataFrame(
    {
        "tournament_id": np.arange(1, NTO + 1),
        "name": [x[5] for x in TOUR],
        "format": [x[2] for x in TOUR],
        "announced_at": ts(TO_at),
        "entry_closes_on": ts((TO_sd - 3) * DAY).date,
        "starts_on": ts(TO_sd * DAY).date,
        "entry_fee": [x[3] for x in TOUR],
        "max_handicap": [x[4] for x in TOUR],
        "entrants": n_ent,
        "status": np.where(
            TO_sd * DAY + 18 * 3600 <= T, "completed", np.where((TO_sd - 3) * DAY + DAY <= T, "closed", "open")
        ),
    }
)[TO_at <= T]

NI = len(INVC)
I_m = np.array([x[0] for x in INVC])
I_it = np.array([x[1] for x in INVC])
I_due = np.array([x[2] for x in INVC])
I_ps = np.array([x[3] for x in INVC])
I_paid = np.array([x[6] for x in INVC])
o = np.argsort(I_it, kind="stable")
rank = np.empty(NI, int)
rank[o] = np.arange(NI)
pk = known(I_paid)
wo = (I_paid > I_due + 60 * DAY) & (I_due + 60 * DAY + 9 * 3600 <= T)
i_status = np.where(~np.isnan(pk), "paid", np.where(wo, "written_off", np.where(I_due <= T, "overdue", "open")))
dues_invoices = pd.DataFrame(
    {
        "invoice_no": [
            f"D{(START + pd.Timedelta(seconds=float(p))).year % 100:02d}-{i + 1:05d}"
            for p, i in zip(I_ps, rank, strict=True)
        ],
        "member_id": I_m + 1,
        "category_code": [CATS[x[5]] for x in INVC],
        "period_start": ts(I_ps).date,
        "issued_at": ts(I_it),
        "due_on": ts(I_due).date,
        "amount": [x[4] for x in INVC],
        "status": i_status,
        "paid_at": ts(pk),
    }
).iloc[o]
dues_invoices = dues_invoices[I_it[o] <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE membership_categories (category_code VARCHAR PRIMARY KEY, name VARCHAR, annual_dues DOUBLE,
                                    advance_booking_days INTEGER, weekend_golf BOOLEAN);
CREATE TABLE pros (pro_code VARCHAR PRIMARY KEY, full_name VARCHAR, title VARCHAR, rate_per_30min DOUBLE,
                   hired_on DATE);
CREATE TABLE members (member_id INTEGER PRIMARY KEY,
                      category_code VARCHAR REFERENCES membership_categories(category_code), first_name VARCHAR,
                      gender VARCHAR, birth_year INTEGER, postcode VARCHAR, locker_no VARCHAR, referred_by INTEGER,
                      joined_at TIMESTAMP, status VARCHAR, resigned_at TIMESTAMP, handicap_index DOUBLE,
                      last_round_at TIMESTAMP, rounds_ytd INTEGER, account_balance DOUBLE);
CREATE TABLE tee_times (booking_id INTEGER PRIMARY KEY, member_id INTEGER, booked_at TIMESTAMP, tee_off_at TIMESTAMP,
                        course VARCHAR, players INTEGER, status VARCHAR, cancelled_at TIMESTAMP);
CREATE TABLE rounds (round_id INTEGER PRIMARY KEY, booking_ref VARCHAR, member_id INTEGER, tournament_id INTEGER,
                     played_at TIMESTAMP, course VARCHAR, tees VARCHAR, holes INTEGER, gross_score INTEGER,
                     score_differential DOUBLE, weather VARCHAR, card_no INTEGER);
CREATE TABLE handicap_revisions (revision_id INTEGER PRIMARY KEY, member_id INTEGER, revised_at TIMESTAMP,
                                 old_index DOUBLE, new_index DOUBLE);
CREATE TABLE charges (charge_id INTEGER PRIMARY KEY, member_id INTEGER, charged_at TIMESTAMP, outlet VARCHAR,
                      item_category VARCHAR, amount DOUBLE, till_id VARCHAR);
CREATE TABLE lessons (lesson_id INTEGER PRIMARY KEY, member_id INTEGER, pro_code VARCHAR REFERENCES pros(pro_code),
                      booked_at TIMESTAMP, lesson_at TIMESTAMP, duration_min INTEGER, fee DOUBLE, focus VARCHAR,
                      status VARCHAR);
CREATE TABLE tournaments (tournament_id INTEGER PRIMARY KEY, name VARCHAR, format VARCHAR, announced_at TIMESTAMP,
                          entry_closes_on DATE, starts_on DATE, entry_fee DOUBLE, max_handicap INTEGER,
                          entrants INTEGER, status VARCHAR);
CREATE TABLE tournament_entries (tournament_id INTEGER, member_id INTEGER, entered_at TIMESTAMP,
                                 handicap_at_entry DOUBLE, status VARCHAR, net_score INTEGER, position INTEGER);
CREATE TABLE dues_invoices (invoice_no VARCHAR PRIMARY KEY, member_id INTEGER, category_code VARCHAR,
                            period_start DATE, issued_at TIMESTAMP, due_on DATE, amount DOUBLE, status VARCHAR,
                            paid_at TIMESTAMP);
""")
for name, df in [
    ("membership_categories", categories),
    ("pros", pros),
    ("members", members),
    ("tee_times", tee_times),
    ("rounds", rounds),
    ("handicap_revisions", handicap_revisions),
    ("charges", charges),
    ("lessons", lessons),
    ("tournaments", tournaments),
    ("tournament_entries", tournament_entries),
    ("dues_invoices", dues_invoices),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
