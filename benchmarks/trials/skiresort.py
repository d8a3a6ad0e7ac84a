"""A ski resort (guests, lifts, season passes renewed each autumn, day tickets, lift scans, ski school lessons booked
ahead with instructors, equipment rentals, lodging stays booked ahead in the resort's lodges, a daily snow report),
seeded: `python benchmarks/trials/skiresort.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12),
the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 lifts, 6 lodges, 36 instructors, 5,000
guests, 1,339 snow reports and the activity tables below (counts printed by the script; about 130k rows, under 15 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2021-07-01..2025-04-30 (four
seasons: 21/22, 22/23, 23/24 whole, 24/25 up to NOW). Rows dated after NOW exist only where written ahead:
lodging_stays.check_in (booked 0-200 days ahead), lessons.lesson_start (booked 0-60 days ahead), day_tickets.valid_on
(bought online up to 10 days ahead, or with a trip's booking). Every other column holding a later date of its row is
filled in later.

Truth (seed 0):
- snow_daily: snowfall on a day with p .45 (Dec-Feb), .35 (Nov, Mar), .25 (Oct, Apr), else 0; amount Gamma(1.4, 9) cm;
  base depth accumulates .6 of it and melts .2%/day in winter, rising to 4%/day by late April; the resort opens on the
  first day from Nov 18 with depth >= 35 cm and closes Apr 18 (or from Apr 1 once depth < 20); resort_open is that
  day's; wind_kmh noise (lift 11 'Ridge T-Bar' does not run when wind > 60)
- lifts (12): difficulty green/blue/red/black; a guest's scans fall on lifts by skill (beginners: carpets and green
  chairs); lift 12 'Summit Express' opens 2023-12-20 (no row before) and experts ski 20% more days after it;
  capacity_per_hr, top_elev_m, paint_color noise; status TODAY's ('open'/'closed': the resort's state at the cut)
- guests (5,000): 2,600 signed up before the span, 2,400 during (more in season); avidity a ~ N(0, 1) (hidden) drives
  ski days and pass buying; budget b ~ N(0, 1) (hidden) drives private lessons, rental tier and lodge stars; home
  local .45 / regional .35 / international .20, visible only through home_country stored MESSY ('AT', 'Austria',
  'austria', 'AUT'; regional 'DE', 'Germany', 'GER', 'CH', 'Switzerland'; international 'UK', 'GB', 'United Kingdom',
  'US', 'USA', 'NL'; 3% NULL); skill 0-3 stated at signup, MESSY ('Beginner', 'beginner ', 'BEG', 'Novice',
  'Intermediate', 'intermed.', 'Advanced', 'ADV', 'Expert', 'expert'); birth_year drives snowboarding (p .55 under
  30, .2 under 45, .08 after); owns gear (hidden) p sigmoid(-1.5 + skill - .75 + local): never rents
  email NULL 10%, marketing_opt_in and postcode noise; TODAY's: loyalty_tier ('none'/'bronze'/'silver'/'gold' by ski
  days in the 365 days before the cut: 0 / 1-4 / 5-14 / 15+), last_scan_at, pass_holder (holds an unrefunded pass
  for the season under way or being sold at the cut)
- churn: at each Apr 30 an active guest leaves for good with p sigmoid(-1.6 - .7a - 1.0 pass this season + .9 any
  completed lesson with a poor instructor (q < -.6) + .7 a stay at a poor lodge (quality < -.5) + .8 no ski day
  this season); guests who left buy nothing, book nothing, ski no more
- season passes (pass_code VARCHAR 'SP-24-00042', guest_id REFERENCES guests): sold Sep 1 - Dec 20 (early-bird
  price until Oct 31); a holder of last season renews with p sigmoid(-1.2 + .15 days used last season + .6 local)
  (61% early-bird), others buy with p sigmoid(-4.2 + a + 1.3 local + .06 days skied last season); pass_type 'full' /
  'midweek' (p .3 for locals with b < 0: Mon-Fri only, weekends on a day ticket); price 890/990 full, 590/650
  midweek, +4% a season; refunded p .02 (refunded_at filled later); status TODAY's ('active', 'expired' after
  Apr 30, 'refunded'); days_used TODAY's counter
- ski days: locals (and regionals, x.3) visit on an open day with p .0095 exp(.7a) x pass 3.5 x weekend 2.3 x
  holiday 1.6 (Dec 24-Jan 6, Feb 10-Mar 5) x powder 2.0 for skill >= 2 the day after >= 15 cm x depth factor
  min(1, depth/80); regionals and internationals make trips: Poisson(.35 exp(.5a)) (intl .8) per season, start
  weighted x3 in the holidays, 3-7 nights (regional 2-4), booked 20 + Exp(60) days ahead (regional Exp(25)); a lodging
  stay with p .9 intl / .6 regional in a lodge by budget; cancelled p .07 (cancelled_at filled later: no trip);
  each open trip day skied with p .85
- day tickets (ticket_code VARCHAR 'DT-000123' PK): one per ski day without a valid pass; bought at the gate that
  morning (p .6) or online 1-10 days ahead; trips' tickets with the booking (p .5); product full_day .8 / half_day .2
  (half-day scans after 12:30); price 62 / 45 +4% a season, +8 in the holidays; channel MESSY ('online', 'Online',
  'ONLINE', 'web', 'gate', 'Gate ', 'kiosk'); redeemed_at filled later (the first scan)
- lift_scans (no PK declared; scan_id a column): 1 + Poisson(1.3 + .6 skill) per ski day (x.5 half day), lifts by
  skill, times 8:30-16:00; guest_id and lift_id undeclared; media_ref is TEXT: the pass_code or the ticket_code used
- rentals (guest_ref: the guest_id written as VARCHAR, undeclared): guests without gear rent per ski day (locals) or
  once per trip (covering its days); equipment 'ski' / 'snowboard' by preference (10% try the other), 2% 'snowblades';
  tier basic/sport/premium by budget (35/50/70 a day); returned_at filled later; damage_fee filled later (p .03, .06 for
  beginners, assessed a day after return); locker_no noise
- instructors (36: 24 ski, 12 snowboard; quality q ~ N(0, 1) hidden; cert_level noise-ish (.3 q)); rating_avg and
  lessons_taught TODAY's; left_on filled later (3 leave)
- lessons (instructor_id REFERENCES instructors; guest_id undeclared): beginners on trips book group lessons for the
  first 1-3 ski days with p .55 (intermediates .25) at the booking; locals p .12 / .04 of a ski day, booked 1-7 days
  ahead; private with p sigmoid(b - 1); price group 75 / private 180, +4% a season; cancelled p .06 (cancelled_at
  filled later), no_show p .04; rating 1-5 = round(3.8 + .9 q + N(0, .7)) on 60% of completed lessons, rated_at
  filled later; status TODAY's ('booked', 'completed', 'no_show', 'cancelled')
- lodges (6; lodge_code VARCHAR 'LDG-03' PK): stars 2-5, quality (hidden, partly stars); lodging_stays.lodge_code
  undeclared text key; total_amount set at booking (nights x nightly_rate); extras_amount TODAY's running total (bar
  and spa charges, 0-60 a night, as they stood at the cut); status TODAY's ('booked', 'in_house', 'completed',
  'cancelled'); cancelled_at filled later
- keys: PKs declared on lifts, lodges (text), guests, instructors, season_passes (text), day_tickets (text), lessons,
  rentals, lodging_stays, snow_daily (obs_date); lift_scans has none. REFERENCES only season_passes -> guests and
  lessons -> instructors. Undeclared: day_tickets.guest_id, lift_scans (guest_id, lift_id, media_ref text),
  rentals.guest_ref (VARCHAR), lessons.guest_id, lodging_stays (guest_id, lodge_code text)
- `python skiresort.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to its end), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2021-07-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
END = pd.Timestamp("2025-04-30")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
T = (CUT - START).total_seconds()
NDT = (END - START).days + 1


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


days = pd.date_range(START, periods=NDT, freq="D")
MON = days.month.values
DOW = days.day_of_week.values
MD = MON * 100 + days.day.values
HOL = (MD >= 1224) | (MD <= 106) | ((MD >= 210) & (MD <= 305))
WKND = DOW >= 5
SEASON_OF = np.where(MON >= 7, days.year.values, days.year.values - 1)

# ---------------- snow
p_snow = np.select([np.isin(MON, [12, 1, 2]), np.isin(MON, [11, 3]), np.isin(MON, [10, 4])], [0.45, 0.35, 0.25], 0.0)
snow = np.where(rng.random(NDT) < p_snow, rng.gamma(1.4, 9, NDT), 0.0).round(1)
wind = np.round(rng.gamma(2.0, 12, NDT), 0)
temp = np.round(2 - 10 * np.cos(2 * np.pi * (days.day_of_year.values - 200) / 365) + rng.normal(0, 3, NDT), 1)
depth = np.zeros(NDT)
dd = 0.0
for d in range(NDT):
    m = MON[d]
    melt = 0.002 if m in (11, 12, 1, 2) else 0.01 if m == 3 else 0.025 if m == 4 else 0.5 if m in range(5, 10) else 0.02
    if m == 4 and days[d].day > 15:
        melt = 0.04
    dd = dd * (1 - melt) + 0.6 * snow[d]
    depth[d] = dd
depth = np.round(depth, 0)
OPEN = np.zeros(NDT, bool)
OPENING = {}
for s in range(2021, 2025):
    i0 = (pd.Timestamp(f"{s}-11-18") - START).days
    i1 = min((pd.Timestamp(f"{s + 1}-04-18") - START).days, NDT - 1)
    o = next(i for i in range(i0, i1) if depth[i] >= 35)
    OPENING[s] = o
    for i in range(o, i1 + 1):
        if MON[i] == 4 and depth[i] < 20:
            break
        OPEN[i] = True
powder = np.concatenate([[False], snow[:-1] >= 15])
depth_f = np.minimum(1.0, depth / 80)

# ---------------- lifts
LIFTS = [
    ("Kinderland Carpet", "carpet", "green"),
    ("Nursery Carpet", "carpet", "green"),
    ("Valley Chair", "chair", "green"),
    ("Sonnen Chair", "chair", "blue"),
    ("Alm Gondola", "gondola", "blue"),
    ("Panorama Chair", "chair", "blue"),
    ("Wald Chair", "chair", "red"),
    ("Gipfel Gondola", "gondola", "red"),
    ("Nordhang Chair", "chair", "red"),
    ("Couloir Chair", "chair", "black"),
    ("Ridge T-Bar", "t-bar", "black"),
    ("Summit Express", "chair", "black"),
]
NL = len(LIFTS)
L_open = np.array([secs("1998-12-01") + rng.uniform(0, 6000) * DAY for _ in range(NL)])
L_open[11] = secs("2023-12-20 08:00")
LIFT12 = int(L_open[11] // DAY)
DIFF = np.array([x[2] for x in LIFTS])
# lift weights by skill 0..3
LW = np.array(
    [
        [4, 4, 3, 1.5, 1, 0.5, 0.1, 0.1, 0, 0, 0, 0],
        [0.5, 0.3, 2, 3, 3, 3, 1.5, 1, 0.5, 0.1, 0, 0.2],
        [0, 0, 0.5, 1.5, 2, 2, 3, 3, 2.5, 1, 0.5, 1.5],
        [0, 0, 0.2, 0.5, 1.5, 1, 2, 3, 3, 3, 2, 3],
    ]
)

# ---------------- lodges
NLO = 6
lo_stars = np.array([2, 3, 3, 4, 4, 5])
lo_q = 0.5 * (lo_stars - 3.5) + rng.normal(0, 0.8, NLO)
lo_q[2] = -1.2  # one 3-star lodge is poor
lo_rate = np.round(60 * 1.45 ** (lo_stars - 2) * np.exp(rng.normal(0, 0.1, NLO)), 0)

# ---------------- instructors
NI = 36
i_disc = np.array(["ski"] * 24 + ["snowboard"] * 12)
i_q = rng.normal(0, 1, NI)
i_cert = np.clip(np.round(2.5 + 0.3 * i_q + rng.normal(0, 0.9, NI)), 1, 4).astype(int)
i_hired = np.array([secs("2012-11-01") + rng.uniform(0, 3300) * DAY for _ in range(NI)])
late_i = rng.choice(NI, 6, replace=False)
i_hired[late_i] = rng.uniform(100, 1100, 6) * DAY
i_left = np.full(NI, np.inf)
for i in rng.choice(np.setdiff1d(np.arange(NI), late_i), 3, replace=False):
    i_left[i] = rng.uniform(300, 1100) * DAY

# ---------------- guests
NG = 5000
g_old = np.arange(NG) < 2600
wdays = np.where(OPEN, 1.0, 0.12)[: (NOW.normalize() - START).days + 1]
wdays = wdays / wdays.sum()
g_signup = np.where(
    g_old,
    secs("2015-01-01") + rng.uniform(0, (START - pd.Timestamp("2015-01-01")).days - 1, NG) * DAY,
    rng.choice(len(wdays), NG, p=wdays) * DAY + rng.uniform(6, 22, NG) * 3600,
)
g_a = rng.normal(0, 1, NG)
g_b = rng.normal(0, 1, NG)
g_home = rng.choice(3, NG, p=[0.45, 0.35, 0.20])  # 0 local 1 regional 2 international
g_skill = rng.choice(4, NG, p=[0.25, 0.35, 0.28, 0.12])
g_by = rng.integers(1950, 2012, NG)
age24 = 2024 - g_by
g_board = rng.random(NG) < np.where(age24 < 30, 0.55, np.where(age24 < 45, 0.2, 0.08))
g_gear = rng.random(NG) < sig(-1.5 + g_skill - 0.75 + (g_home == 0))
HOMEC = {
    0: (["AT", "Austria", "austria", "AUT"], [0.6, 0.25, 0.1, 0.05]),
    1: (["DE", "Germany", "GER", "CH", "Switzerland"], [0.4, 0.2, 0.1, 0.2, 0.1]),
    2: (["UK", "GB", "United Kingdom", "US", "USA", "NL"], [0.3, 0.15, 0.1, 0.15, 0.1, 0.2]),
}
g_country = np.array([rng.choice(HOMEC[h][0], p=HOMEC[h][1]) for h in g_home], dtype=object)
g_country[rng.random(NG) < 0.03] = None
SKS = {
    0: (["Beginner", "beginner ", "BEG", "Novice"], [0.6, 0.15, 0.1, 0.15]),
    1: (["Intermediate", "intermed.", "intermediate"], [0.7, 0.15, 0.15]),
    2: (["Advanced", "ADV", "advanced"], [0.7, 0.15, 0.15]),
    3: (["Expert", "expert"], [0.8, 0.2]),
}
g_skill_txt = np.array([rng.choice(SKS[k][0], p=SKS[k][1]) for k in g_skill], dtype=object)
g_email = np.where(rng.random(NG) < 0.1, None, np.array([f"guest{i}@mail.example" for i in range(1, NG + 1)]))
g_opt = rng.random(NG) < 0.4
g_post = [f"{rng.integers(1000, 99999)}" for _ in range(NG)]
g_chan = rng.choice(["app", "web", "ticket_desk"], NG, p=[0.4, 0.4, 0.2])

active = np.ones(NG, bool)  # has not left for good
left_at = np.full(NG, np.inf)

# event stores
SD_g, SD_d, SD_trip, SD_pass = [], [], [], []  # ski days; trip index or -1; pass index or -1
P_g, P_season, P_t, P_type, P_price, P_refund = [], [], [], [], [], []
TR = []  # trips: (g, booked_t, start_day, nights, lodge or -1, cancel_t)
LE = []  # lessons: (g, booked_t, start_t, instructor, private, price, season)

pass_of = {}  # (g, season) -> pass index
days_used_prev = np.zeros(NG)
skied_prev = np.zeros(NG)
held_prev = g_old & (rng.random(NG) < sig(-2.5 + g_a + 1.3 * (g_home == 0)))
days_used_prev[held_prev] = rng.poisson(14, held_prev.sum())
skied_prev[g_old] = rng.poisson(4 * np.exp(0.5 * g_a[g_old]))
P_BASE = {"full": (890.0, 990.0), "midweek": (590.0, 650.0)}


def pick_instructor(disc, t):
    ok = np.nonzero((i_disc == disc) & (i_hired <= t) & (i_left > t))[0]
    return int(rng.choice(ok))


def add_lesson(g, booked_t, start_t, season):
    disc = "snowboard" if g_board[g] else "ski"
    priv = rng.random() < sig(g_b[g] - 1)
    price = (180.0 if priv else 75.0) * 1.04 ** (season - 2021)
    LE.append((g, booked_t, start_t, pick_instructor(disc, start_t), priv, price, season))


for s in range(2021, 2025):
    s0 = (pd.Timestamp(f"{s}-07-01") - START).days
    s1 = min((pd.Timestamp(f"{s + 1}-05-01") - START).days, NDT)
    infl = 1.04 ** (s - 2021)
    # --- passes
    sale0 = secs(f"{s}-09-01")
    sale1 = secs(f"{s}-12-20")
    eb = secs(f"{s}-10-31 23:59")
    can = active & (g_signup < sale1)
    p_buy = np.where(
        held_prev,
        sig(-1.2 + 0.15 * days_used_prev + 0.6 * (g_home == 0)),
        sig(-4.2 + g_a + 1.3 * (g_home == 0) + 0.06 * skied_prev),
    )
    buy = can & (rng.random(NG) < p_buy)
    early = rng.random(NG) < np.where(held_prev, 0.61, 0.35)
    bt = np.where(early, rng.uniform(sale0, eb, NG), rng.uniform(eb + 60, sale1, NG))
    bt = np.maximum(bt, g_signup + 600)
    bt = np.where(bt > sale1, g_signup + 600, bt)
    buy &= bt <= sale1
    midweek = (g_home == 0) & (g_b < 0) & (rng.random(NG) < 0.3)
    refund = rng.random(NG) < 0.02
    refund_t = bt + rng.uniform(5, 60, NG) * DAY
    held_now = np.zeros(NG, bool)
    pass_ix = np.full(NG, -1)
    for g in np.nonzero(buy)[0]:
        typ = "midweek" if midweek[g] else "full"
        pr = P_BASE[typ][0 if bt[g] <= eb else 1] * infl
        P_g.append(g)
        P_season.append(s)
        P_t.append(bt[g])
        P_type.append(typ)
        P_price.append(round(pr, 2))
        P_refund.append(refund_t[g] if refund[g] else np.inf)
        pass_ix[g] = len(P_g) - 1
        held_now[g] = not refund[g]
    p_t_arr = np.array([P_t[i] if i >= 0 else np.inf for i in pass_ix])
    p_r_arr = np.array([P_refund[i] if i >= 0 else np.inf for i in pass_ix])
    # --- trips (regional / international)
    open_days = np.nonzero(OPEN[s0:s1])[0] + s0
    if len(open_days):
        w = np.where(HOL[open_days], 3.0, 1.0)
        w = w / w.sum()
        lam = np.where(g_home == 2, 0.8, np.where(g_home == 1, 0.35, 0.0)) * np.exp(0.5 * g_a)
        ntr = rng.poisson(lam)
        for g in np.nonzero(active & (ntr > 0))[0]:
            for _ in range(ntr[g]):
                sd = int(rng.choice(open_days, p=w))
                nights = int(rng.integers(3, 8) if g_home[g] == 2 else rng.integers(2, 5))
                lead = 20 + rng.exponential(60) if g_home[g] == 2 else rng.exponential(25)
                b_t = sd * DAY - lead * DAY + rng.uniform(8, 22) * 3600
                if b_t < g_signup[g]:
                    if g_signup[g] > sd * DAY - 3600:
                        continue
                    b_t = g_signup[g] + 60
                lodge = -1
                if rng.random() < (0.9 if g_home[g] == 2 else 0.6):
                    pref = np.clip(3.5 + g_b[g] + rng.normal(0, 0.7), 2, 5)
                    lodge = int(np.argmin(np.abs(lo_stars - pref) + rng.random(NLO) * 0.6))
                cancel = b_t + rng.uniform(0, 1) * (sd * DAY - b_t) if rng.random() < 0.07 else np.inf
                TR.append((g, b_t, sd, nights, lodge, cancel))
                if np.isfinite(cancel):
                    continue
                ti = len(TR) - 1
                nles = int(rng.integers(1, 4))
                for k in range(nights + 1):
                    d = sd + k
                    if d >= NDT or not OPEN[d] or rng.random() >= 0.85:
                        continue
                    SD_g.append(g)
                    SD_d.append(d)
                    SD_trip.append(ti)
                    valid = p_t_arr[g] < d * DAY and p_r_arr[g] > d * DAY
                    valid &= not (midweek[g] and (WKND[d] or HOL[d]))
                    SD_pass.append(pass_ix[g] if valid else -1)
                    if g_skill[g] <= 1 and nles > 0 and rng.random() < (0.55 if g_skill[g] == 0 else 0.25):
                        add_lesson(g, b_t + rng.exponential(3) * 3600, d * DAY + 10 * 3600, s)
                        nles -= 1
    # --- day visits (locals, regionals)
    days_used = np.zeros(NG)
    skied = np.zeros(NG)
    base = 0.0095 * np.exp(0.7 * g_a) * np.where(g_home == 0, 1.0, np.where(g_home == 1, 0.3, 0.0))
    for d in open_days:
        t0 = d * DAY
        ok_pass = (p_t_arr < t0) & (p_r_arr > t0) & ~(midweek & (WKND[d] or HOL[d]))
        p = base * np.where(ok_pass, 3.5, 1.0) * (2.3 if WKND[d] else 1.0) * (1.6 if HOL[d] else 1.0)
        p = p * np.where(powder[d] & (g_skill >= 2), 2.0, 1.0) * depth_f[d]
        p = p * np.where((g_skill == 3) & (d >= LIFT12), 1.2, 1.0)
        vis = active & (g_signup < t0 + 6 * 3600) & (rng.random(NG) < p)
        idx = np.nonzero(vis)[0]
        SD_g.extend(idx.tolist())
        SD_d.extend([d] * len(idx))
        SD_trip.extend([-1] * len(idx))
        SD_pass.extend(np.where(ok_pass[idx], pass_ix[idx], -1).tolist())
        pl = np.where(g_skill[idx] == 0, 0.12, np.where(g_skill[idx] == 1, 0.04, 0.0))
        for g in idx[rng.random(len(idx)) < pl]:
            add_lesson(g, t0 - rng.uniform(1, 7) * DAY + rng.uniform(8, 20) * 3600, t0 + 10 * 3600, s)
    # --- season outcome, churn at Apr 30
    sg = np.array(SD_g)
    sdd = np.array(SD_d)
    sp = np.array(SD_pass)
    this = (sdd >= s0) & (sdd < s1)
    skied = np.bincount(sg[this], minlength=NG).astype(float)
    days_used = np.bincount(sg[this & (sp >= 0)], minlength=NG).astype(float)
    if s == 2024:
        break
    bad_les = np.zeros(NG, bool)
    for g, _b, _st, ins, _p, _pr, ls in LE:
        if ls == s and i_q[ins] < -0.6:
            bad_les[g] = True  # cancellations and no-shows are drawn later; close enough: most complete
    bad_lodge = np.zeros(NG, bool)
    for g, _b, sd, _n, lo, ct in TR:
        if s0 <= sd < s1 and lo >= 0 and np.isinf(ct) and lo_q[lo] < -0.5:
            bad_lodge[g] = True
    p_quit = sig(-1.6 - 0.7 * g_a - 1.0 * held_now + 0.9 * bad_les + 0.7 * bad_lodge + 0.8 * (skied == 0))
    quit_ = active & (g_signup < secs(f"{s + 1}-04-30")) & (rng.random(NG) < p_quit)
    left_at[quit_] = secs(f"{s + 1}-04-30")
    active &= ~quit_
    held_prev = held_now
    days_used_prev = days_used
    skied_prev = skied

# ---------------- ski days -> tickets, scans, rentals
SD_g = np.array(SD_g)
SD_d = np.array(SD_d)
SD_trip = np.array(SD_trip)
SD_pass = np.array(SD_pass)
o = np.lexsort((SD_g, SD_d))
SD_g, SD_d, SD_trip, SD_pass = SD_g[o], SD_d[o], SD_trip[o], SD_pass[o]
NS = len(SD_g)
half = (SD_pass < 0) & (rng.random(NS) < 0.2)
# tickets
tk = np.nonzero(SD_pass < 0)[0]
NT = len(tk)
tk_trip = SD_trip[tk]
tr_book = np.array([x[1] for x in TR])
gate = rng.random(NT) < 0.6
ahead = SD_d[tk] * DAY - rng.integers(1, 11, NT) * DAY + rng.uniform(8, 22, NT) * 3600
at_gate = SD_d[tk] * DAY + rng.uniform(7.5, 10, NT) * 3600
tk_bought = np.where(gate, at_gate, np.maximum(ahead, g_signup[SD_g[tk]] + 60))
with_trip = (tk_trip >= 0) & (rng.random(NT) < 0.5)
tk_bought = np.where(with_trip, tr_book[np.maximum(tk_trip, 0)] + 120, tk_bought)
tk_bought = np.where(half[tk] & gate, SD_d[tk] * DAY + rng.uniform(11.5, 12.5, NT) * 3600, tk_bought)
seas = SEASON_OF[SD_d[tk]]
tk_price = np.round((np.where(half[tk], 45.0, 62.0) * 1.04 ** (seas - 2021) + 8 * HOL[SD_d[tk]]), 2)
tk_chan = np.where(
    gate,
    rng.choice(["gate", "Gate ", "kiosk"], NT, p=[0.6, 0.2, 0.2]),
    rng.choice(["online", "Online", "ONLINE", "web"], NT, p=[0.55, 0.2, 0.1, 0.15]),
)
tk_order = np.argsort(tk_bought, kind="stable")
tk_rank = np.empty(NT, int)
tk_rank[tk_order] = np.arange(NT)
tk_code = np.array([f"DT-{r + 1:06d}" for r in tk_rank])
sd_ticket = np.full(NS, -1)
sd_ticket[tk] = np.arange(NT)
P_g = np.array(P_g)
P_season = np.array(P_season)
P_t = np.array(P_t)
NPS = len(P_g)
p_order = np.argsort(P_t, kind="stable")
p_code = np.empty(NPS, object)
for k, i in enumerate(p_order):
    p_code[i] = f"SP-{(P_season[i] + 1) % 100:02d}-{k + 1:05d}"

# scans
nsc = 1 + rng.poisson((1.3 + 0.6 * g_skill[SD_g]) * np.where(half, 0.5, 1.0))
sc_sd = np.repeat(np.arange(NS), nsc)
NSC = len(sc_sd)
sc_g = SD_g[sc_sd]
sc_d = SD_d[sc_sd]
lo_h = np.where(half[sc_sd], 12.5, 8.5)
sc_t = sc_d * DAY + rng.uniform(lo_h, 16.0, NSC) * 3600
u = rng.random(NSC)
sc_lift = np.empty(NSC, int)
for k in range(4):
    for late in (False, True):
        wk = LW[k].copy()
        if not late:
            wk[11] = 0
        m = (g_skill[sc_g] == k) & ((sc_d >= LIFT12) == late)
        cw = np.cumsum(wk / wk.sum())
        sc_lift[m] = np.minimum(np.searchsorted(cw, u[m]), NL - 1)
windy = wind[sc_d] > 60
sc_lift = np.where((sc_lift == 10) & windy, 9, sc_lift)
o = np.lexsort((sc_t, sc_g, sc_d))
sc_sd, sc_g, sc_d, sc_t, sc_lift = sc_sd[o], sc_g[o], sc_d[o], sc_t[o], sc_lift[o]
sc_media = np.where(
    SD_pass[sc_sd] >= 0, p_code[np.maximum(SD_pass[sc_sd], 0)], tk_code[np.maximum(sd_ticket[sc_sd], 0)]
)
first_scan = pd.Series(sc_t).groupby(sc_sd).min().reindex(range(NS)).to_numpy()
tk_redeemed = first_scan[tk]

# rentals: locals per day, trips once per trip
rent_day = ~g_gear[SD_g]
r_rows = []  # (g, start_sd, ndays)
trip_seen = set()
for i in np.nonzero(rent_day)[0]:
    tr = SD_trip[i]
    if tr < 0:
        r_rows.append((SD_g[i], i, 1))
    elif tr not in trip_seen:
        trip_seen.add(tr)
        r_rows.append((SD_g[i], i, TR[tr][3] + 1 - (SD_d[i] - TR[tr][2])))
NR = len(r_rows)
R_g = np.array([r[0] for r in r_rows])
R_sd = np.array([r[1] for r in r_rows])
R_days = np.array([r[2] for r in r_rows])
R_t = SD_d[R_sd] * DAY + rng.uniform(8, 10, NR) * 3600
eq_u = rng.random(NR)
R_eq = np.where(g_board[R_g], "snowboard", "ski").astype(object)
R_eq = np.where(eq_u < 0.1, np.where(g_board[R_g], "ski", "snowboard"), R_eq)
R_eq = np.where(rng.random(NR) < 0.02, "snowblades", R_eq)
tier = np.clip(np.round(1 + 0.8 * g_b[R_g] + rng.normal(0, 0.6, NR)), 0, 2).astype(int)
R_tier = np.array(["basic", "sport", "premium"])[tier]
R_amt = np.round(np.array([35.0, 50.0, 70.0])[tier] * R_days * 1.04 ** (SEASON_OF[SD_d[R_sd]] - 2021), 2)
R_ret = R_t + (R_days - 1) * DAY + rng.uniform(6, 8.5, NR) * 3600
R_dmg = rng.random(NR) < np.where(g_skill[R_g] == 0, 0.06, 0.03)
R_fee = np.where(R_dmg, np.round(rng.uniform(20, 250, NR), 0), np.nan)
R_fee_t = R_ret + DAY
R_locker = rng.integers(1, 400, NR)
o = np.argsort(R_t, kind="stable")
R_g, R_t, R_days, R_eq, R_tier, R_amt, R_ret, R_fee, R_fee_t, R_locker = (
    x[o] for x in (R_g, R_t, R_days, R_eq, R_tier, R_amt, R_ret, R_fee, R_fee_t, R_locker)
)

# lessons
LE = sorted(LE, key=lambda x: x[1])
NLE = len(LE)
L_g = np.array([x[0] for x in LE])
L_bt = np.array([x[1] for x in LE])
L_st = np.array([x[2] for x in LE])
L_ins = np.array([x[3] for x in LE])
L_priv = np.array([x[4] for x in LE])
L_price = np.round(np.array([x[5] for x in LE]), 2)
L_bt = np.minimum(L_bt, L_st - 3600)
L_canc = rng.random(NLE) < 0.06
L_ct = np.where(L_canc, L_bt + rng.uniform(0.05, 0.95, NLE) * (L_st - L_bt), np.inf)
L_ns = ~L_canc & (rng.random(NLE) < 0.04)
L_rated = ~L_canc & ~L_ns & (rng.random(NLE) < 0.6)
L_rating = np.clip(np.round(3.8 + 0.9 * i_q[L_ins] + rng.normal(0, 0.7, NLE)), 1, 5)
L_rt = np.where(L_rated, L_st + (2 + rng.exponential(20, NLE)) * 3600, np.inf)
L_disc = np.where(i_disc[L_ins] == "snowboard", "snowboard", "ski")

# lodging stays
TRA = np.array([(x[0], x[1], x[2], x[3], x[4], x[5]) for x in TR])
st_mask = TRA[:, 4] >= 0
ST = TRA[st_mask]
NST = len(ST)
S_g = ST[:, 0].astype(int)
S_bt = ST[:, 1]
S_in = ST[:, 2] * DAY + 15 * 3600
S_n = ST[:, 3].astype(int)
S_lo = ST[:, 4].astype(int)
S_ct = ST[:, 5]
S_out = S_in + S_n * DAY - 5 * 3600
S_party = rng.integers(1, 5, NST)
S_amt = np.round(lo_rate[S_lo] * S_n * (1 + 0.3 * (S_party - 1)), 2)
S_extra_n = np.round(rng.uniform(0, 60, (NST, 8)), 2)  # charges per night (up to 7 nights)
o = np.argsort(S_bt, kind="stable")
S_g, S_bt, S_in, S_n, S_lo, S_ct, S_out, S_party, S_amt, S_extra_n = (
    x[o] for x in (S_g, S_bt, S_in, S_n, S_lo, S_ct, S_out, S_party, S_amt, S_extra_n)
)
I_name = [
    f"{f} {ln}"
    for f, ln in zip(
        rng.choice(["Anna", "Lukas", "Marie", "Felix", "Lena", "Jonas", "Sophie", "Paul", "Hanna", "Max"], NI),
        rng.choice(["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer"], NI),
        strict=True,
    )
]

# ---------------- tables as they stood at CUT
lifts = pd.DataFrame(
    {
        "lift_id": np.arange(1, NL + 1),
        "name": [x[0] for x in LIFTS],
        "lift_type": [x[1] for x in LIFTS],
        "difficulty": DIFF,
        "capacity_per_hr": rng.integers(6, 30, NL) * 100,
        "top_elev_m": np.sort(rng.integers(1100, 2600, NL)),
        "paint_color": rng.choice(["red", "yellow", "blue", "green"], NL),
        "opened_on": ts(L_open).date,
        "status": np.where(OPEN[min(int(T // DAY), NDT - 1)], "open", "closed"),
    }
)[L_open <= T]

lodges = pd.DataFrame(
    {
        "lodge_code": [f"LDG-{i:02d}" for i in range(1, NLO + 1)],
        "name": [
            "Haus Edelweiss",
            "Gasthof Post",
            "Pension Alpenblick",
            "Hotel Tirol",
            "Berghotel Zirbe",
            "Grand Alpin",
        ],
        "stars": lo_stars,
        "rooms": rng.integers(12, 90, NLO),
        "nightly_rate": lo_rate,
    }
)

ik = i_hired <= T
done_rated = L_rt <= T
r_sum = np.bincount(L_ins[done_rated], weights=L_rating[done_rated], minlength=NI)
r_cnt = np.bincount(L_ins[done_rated], minlength=NI)
taught = np.bincount(L_ins[(L_st <= T) & ~L_canc & ~L_ns], minlength=NI)
instructors = pd.DataFrame(
    {
        "instructor_id": np.arange(1, NI + 1),
        "full_name": I_name,
        "discipline": i_disc,
        "cert_level": i_cert,
        "hired_on": ts(i_hired).date,
        "left_on": pd.Series(ts(known(i_left))).dt.date,
        "rating_avg": np.where(r_cnt > 0, np.round(r_sum / np.maximum(r_cnt, 1), 2), np.nan),
        "lessons_taught": taught,
    }
)[ik]

sck = sc_t <= T
last_scan = pd.Series(sc_t[sck]).groupby(sc_g[sck]).max().reindex(range(NG)).to_numpy()
sdk = (SD_d * DAY + 8 * 3600 <= T) & (SD_d * DAY > T - 365 * DAY)
ndays365 = np.bincount(SD_g[sdk & np.isin(np.arange(NS), sc_sd[sck])], minlength=NG)
tier_now = np.select([ndays365 >= 15, ndays365 >= 5, ndays365 >= 1], ["gold", "silver", "bronze"], "none")
cut_season = SEASON_OF[min(int(T // DAY), NDT - 1)]
cur = (P_season == cut_season) & (P_t <= T) & (np.array(P_refund) > T)
holder = np.zeros(NG, bool)
holder[P_g[cur]] = True
guests = pd.DataFrame(
    {
        "guest_id": np.arange(1, NG + 1),
        "email": g_email,
        "home_country": g_country,
        "postcode": g_post,
        "birth_year": g_by,
        "skill_level": g_skill_txt,
        "signup_channel": g_chan,
        "marketing_opt_in": g_opt,
        "signup_at": ts(g_signup),
        "loyalty_tier": tier_now,
        "last_scan_at": ts(last_scan),
        "pass_holder": holder,
    }
)[g_signup <= T]

P_refund = np.array(P_refund)
p_end = np.array([secs(f"{s + 1}-04-30 23:59") for s in P_season])
p_status = np.where(P_refund <= T, "refunded", np.where(p_end < T, "expired", "active"))
used_now = np.bincount(SD_pass[(SD_pass >= 0) & (first_scan <= T)], minlength=NPS)
season_passes = pd.DataFrame(
    {
        "pass_code": p_code,
        "guest_id": P_g + 1,
        "season": [f"{s}/{(s + 1) % 100:02d}" for s in P_season],
        "pass_type": P_type,
        "price": P_price,
        "purchased_at": ts(P_t),
        "status": p_status,
        "refunded_at": ts(known(P_refund)),
        "days_used": used_now,
    }
).iloc[p_order]
season_passes = season_passes[P_t[p_order] <= T]

day_tickets = pd.DataFrame(
    {
        "ticket_code": tk_code,
        "guest_id": SD_g[tk] + 1,
        "valid_on": ts(SD_d[tk] * DAY).date,
        "product": np.where(half[tk], "half_day", "full_day"),
        "price": tk_price,
        "channel": tk_chan,
        "bought_at": ts(tk_bought),
        "redeemed_at": ts(known(tk_redeemed)),
    }
).iloc[tk_order]
day_tickets = day_tickets[tk_bought[tk_order] <= T]

lift_scans = pd.DataFrame(
    {
        "scan_id": np.arange(1, NSC + 1),
        "guest_id": sc_g + 1,
        "lift_id": sc_lift + 1,
        "media_ref": sc_media,
        "scanned_at": ts(sc_t),
    }
)[sck]

rentals = pd.DataFrame(
    {
        "rental_id": np.arange(1, NR + 1),
        "guest_ref": (R_g + 1).astype(str),
        "equipment_type": R_eq,
        "package_tier": R_tier,
        "days": R_days,
        "amount": R_amt,
        "rented_at": ts(R_t),
        "returned_at": ts(known(R_ret)),
        "damage_fee": np.where(R_fee_t <= T, R_fee, np.nan),
        "locker_no": R_locker,
    }
)[R_t <= T]

l_status = np.where(
    L_ct <= np.minimum(L_st, T), "cancelled", np.where(L_st > T, "booked", np.where(L_ns, "no_show", "completed"))
)
lessons = pd.DataFrame(
    {
        "lesson_id": np.arange(1, NLE + 1),
        "guest_id": L_g + 1,
        "instructor_id": L_ins + 1,
        "discipline": L_disc,
        "lesson_type": np.where(L_priv, "private", "group"),
        "price": L_price,
        "booked_at": ts(L_bt),
        "lesson_start": ts(L_st),
        "status": l_status,
        "cancelled_at": ts(np.where(L_ct <= T, L_ct, np.nan)),
        "rating": np.where(L_rt <= T, L_rating, np.nan),
        "rated_at": ts(known(L_rt)),
    }
)[L_bt <= T]

nights_done = np.clip(np.floor((T - S_in) / DAY) + 1, 0, S_n).astype(int)
extras = np.array([S_extra_n[i, : nights_done[i]].sum() for i in range(NST)])
extras = np.where(S_ct <= T, 0.0, extras)
s_status = np.where(
    S_ct <= T, "cancelled", np.where(S_out <= T, "completed", np.where(S_in <= T, "in_house", "booked"))
)
lodging_stays = pd.DataFrame(
    {
        "stay_id": np.arange(1, NST + 1),
        "guest_id": S_g + 1,
        "lodge_code": [f"LDG-{x + 1:02d}" for x in S_lo],
        "booked_at": ts(S_bt),
        "check_in": ts(S_in),
        "nights": S_n,
        "party_size": S_party,
        "total_amount": S_amt,
        "extras_amount": np.round(extras, 2),
        "status": s_status,
        "cancelled_at": ts(known(S_ct)),
    }
)[S_bt <= T]

meas = np.arange(NDT) * DAY + 6 * 3600
snow_daily = pd.DataFrame(
    {
        "obs_date": days.date,
        "measured_at": ts(meas),
        "snowfall_cm": snow,
        "base_depth_cm": depth,
        "temp_c": temp,
        "wind_kmh": wind,
        "resort_open": OPEN,
    }
)[meas <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE lifts (lift_id INTEGER PRIMARY KEY, name VARCHAR, lift_type VARCHAR, difficulty VARCHAR,
                    capacity_per_hr INTEGER, top_elev_m INTEGER, paint_color VARCHAR, opened_on DATE, status VARCHAR);
CREATE TABLE lodges (lodge_code VARCHAR PRIMARY KEY, name VARCHAR, stars INTEGER, rooms INTEGER, nightly_rate DOUBLE);
CREATE TABLE instructors (instructor_id INTEGER PRIMARY KEY, full_name VARCHAR, discipline VARCHAR, cert_level INTEGER,
                          hired_on DATE, left_on DATE, rating_avg DOUBLE, lessons_taught INTEGER);
CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, email VARCHAR, home_country VARCHAR, postcode VARCHAR,
                     birth_year INTEGER, skill_level VARCHAR, signup_channel VARCHAR, marketing_opt_in BOOLEAN,
                     signup_at TIMESTAMP, loyalty_tier VARCHAR, last_scan_at TIMESTAMP, pass_holder BOOLEAN);
CREATE TABLE season_passes (pass_code VARCHAR PRIMARY KEY, guest_id INTEGER REFERENCES guests(guest_id),
                            season VARCHAR, pass_type VARCHAR, price DOUBLE, purchased_at TIMESTAMP, status VARCHAR,
                            refunded_at TIMESTAMP, days_used INTEGER);
CREATE TABLE day_tickets (ticket_code VARCHAR PRIMARY KEY, guest_id INTEGER, valid_on DATE, product VARCHAR,
                          price DOUBLE, channel VARCHAR, bought_at TIMESTAMP, redeemed_at TIMESTAMP);
CREATE TABLE lift_scans (scan_id BIGINT, guest_id INTEGER, lift_id INTEGER, media_ref VARCHAR, scanned_at TIMESTAMP);
CREATE TABLE rentals (rental_id INTEGER PRIMARY KEY, guest_ref VARCHAR, equipment_type VARCHAR, package_tier VARCHAR,
                      days INTEGER, amount DOUBLE, rented_at TIMESTAMP, returned_at TIMESTAMP, damage_fee DOUBLE,
                      locker_no INTEGER);
CREATE TABLE lessons (lesson_id INTEGER PRIMARY KEY, guest_id INTEGER,
                      instructor_id INTEGER REFERENCES instructors(instructor_id), discipline VARCHAR,
                      lesson_type VARCHAR, price DOUBLE, booked_at TIMESTAMP, lesson_start TIMESTAMP, status VARCHAR,
                      cancelled_at TIMESTAMP, rating DOUBLE, rated_at TIMESTAMP);
CREATE TABLE lodging_stays (stay_id INTEGER PRIMARY KEY, guest_id INTEGER, lodge_code VARCHAR, booked_at TIMESTAMP,
                            check_in TIMESTAMP, nights INTEGER, party_size INTEGER, total_amount DOUBLE,
                            extras_amount DOUBLE, status VARCHAR, cancelled_at TIMESTAMP);
CREATE TABLE snow_daily (obs_date DATE PRIMARY KEY, measured_at TIMESTAMP, snowfall_cm DOUBLE, base_depth_cm DOUBLE,
                         temp_c DOUBLE, wind_kmh DOUBLE, resort_open BOOLEAN);
""")
total = 0
for name, df in [
    ("lifts", lifts),
    ("lodges", lodges),
    ("instructors", instructors),
    ("guests", guests),
    ("season_passes", season_passes),
    ("day_tickets", day_tickets),
    ("lift_scans", lift_scans),
    ("rentals", rentals),
    ("lessons", lessons),
    ("lodging_stays", lodging_stays),
    ("snow_daily", snow_daily),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
print("total", total)
con.close()
