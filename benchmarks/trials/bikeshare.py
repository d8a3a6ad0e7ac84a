"""A city bike-share system (stations with docks and a status, classic and electric bikes, members on plans and casual
riders, trips between stations, rebalancing moves by vans, maintenance tickets, daily weather), seeded:
`python benchmarks/trials/bikeshare.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 60 stations, 700 bikes (71 retired), 2,500 members (927
cancelled), 127,707 trips (98k by members, 29.6k casual), 3,323 maintenance tickets (2,567 breaks, 756
inspections), 4,370 rebalancing moves, 731 weather days (about 7 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. No row is
dated after NOW. Every column holding a later date of its row (trips.ended_at, tickets.resolved_at,
rebalancing.dropped_at, members.cancelled_at, stations.closed_at, bikes.retired_at) is filled in later.

Truth (seed 0):
- weather (one row per day): temp_max_c = 13 - 11 cos(2 pi (doy - 15) / 365) + N(0, 3); rain on 30% of days,
  precip_mm Exp(7); wind_kph noise; conditions text. Ridership factor: temp (clip((temp + 2) / 24, .15, 1.2)) x
  exp(-.07 precip_mm) for members, exp(-.12 precip_mm) and temp^1.5 for casual riders. The table links to nothing.
- stations (60): text key station_code 'ST-001'..; neighborhood of 4 (downtown 20, university 12, residential 18,
  waterfront 10) spelt messily ('Downtown', 'downtown', 'DOWNTOWN ', 'Univ. District', 'University', ...);
  popularity LogNormal(0, .5); capacity 11-39 docks (noise); lat/lon noise. 52 open before the span, 8 open
  during 2024-03..06. Station 'closed' hazard: 3 stations close during the span (closed_at filled then); a
  maintenance window (no trips start or end there) opens with hazard 1/400 per station-day and lasts U(2, 15)
  days. stations.status ('active' / 'maintenance' / 'closed') is TODAY's state.
- members (2,500): 1,500 signed up 2020-2022, 1,000 during the span (more in spring); home_station (text, a
  station code, undeclared) by popularity; activity a ~ LogNormal(log .16, .8) rides per awake day; plan at
  signup annual .45 / monthly .55; monthly -> annual hazard 1/600 per day, annual -> monthly 1/1500:
  members.plan is TODAY's plan; e-bike preference Beta(2, 4).
- member rides per awake day: Poisson(a x member weather x weekday (Mon-Fri 1.0, Sat/Sun .7) x UNIVERSITY SUMMER
  (home station in the university neighborhood: x .3 in Jun-Aug) -- a two-hop signal members -> stations).
  Start: home station p .55, else by popularity; end: the start's neighborhood-biased popularity draw, home p .25.
  Bikes are not tracked between trips: a trip's start station is not its bike's previous end station (so trips
  are no true log of bikes.current_station, which rfm_sql infers them to be: before start_station_code, after
  end_station_code).
- dormancy (what churn predicts): awake -> dormant hazard 1/250 per day (x3 when the home station is closed or
  in maintenance), dormant -> awake 1/60; no rides while dormant. Cancellation hazard monthly 1/900, annual
  1/2500 (x2 while dormant); members.cancelled_at filled then, no rides after it (an end time).
- members.last_ride_at and members.total_rides are TODAY's (last trip start, count of trips so far).
- casual riders: Poisson(70 x casual weather x weekend (Sat/Sun 1.8)) trips a day, member_id NULL, start by
  popularity x3 at waterfront stations, duration LogNormal(log 22, .6) min (members LogNormal(log 12, .5));
  x1.3 starting at the waterfront, x.8 on an electric bike.
- bikes (700): 480 classic ('C-3'), 220 electric ('E-1' 130, 'E-2' 90); latent wear LogNormal(0, .3); E-2 breaks
  1.8x; commissioned 2021-2022, 60 of them during 2024 (new e-bikes). A trip rides an e-bike with p the member's
  preference (casual .4). Break per trip p = .012 x wear x model x (1 + rides since service / 80) -> ticket
  (reported_by 'member') at the trip's end + U(0, 1h), issue by weights flat tire .35, brakes .25, chain .15,
  battery (electric) .1 + .5 x battery age years, other .05, spelt messily ('flat tire', 'Flat Tire', 'flat_tire',
  ...; 3% NULL); bike out of service until resolved_at = opened + Gamma(2, 1.5) days; rides since service reset.
  Mechanic inspections (reported_by 'mechanic', issue 'inspection'): p 1/600 per bike-day, resolved within hours
  (halves rides since service).
  Retirement after a break: p .015 x breaks in the last 180 days; bikes.retired_at filled then.
- electric battery: 100 after a swap; each trip drains 1.1 x minutes +- noise; a battery under 25 after a trip
  is swapped the next morning 06:00-10:00. bikes.battery_pct (NULL for classic), bikes.status ('in_service' /
  'in_repair' / 'retired') and bikes.current_station (last trip's end station) are TODAY's.
- trips: ended_at, end_station_code, duration_sec and fare_usd are filled in at the trip's end. Fare: member
  classic 0 for 45 min then .15/min, member electric .15/min; casual 1.25 + .25/min classic, + .39/min electric.
- rebalancing: each morning (05:00-09:00) vans ('VAN-1'..'VAN-4') move bikes from the 6 stations with the largest
  net inflow the day before to the 6 with the largest net outflow, n_bikes = clip(round(|net| / 2), 2, 15);
  dropped_at = picked_up_at + U(20, 90) min, filled in later.
- keys: PKs declared on stations (VARCHAR station_code), bikes, members, trips, tickets; REFERENCES declared only
  trips.bike_id -> bikes; trips.member_id, trips.start_station_code / end_station_code, members.home_station,
  tickets.bike_ref (an odd-named bike id), rebalancing.from_station / to_station and bikes.current_station keep
  their links undeclared; rebalancing has no PK declared; weather keyed by day (DATE).
- `python bikeshare.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every
  today's-state and filled-later column is as it stood at DATE (exact).
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


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


days = pd.date_range(START, NOW.normalize(), freq="D")
doy = days.day_of_year.to_numpy()
month = days.month.to_numpy()
wday = days.day_of_week.to_numpy()

# ---------------- weather
temp = 13 - 11 * np.cos(2 * np.pi * (doy - 15) / 365) + rng.normal(0, 3, ND)
rain = rng.random(ND) < 0.3
precip = np.where(rain, rng.exponential(7, ND), 0.0).round(1)
wind = rng.gamma(3, 5, ND).round(1)
cond = np.where(rain, np.where(temp < 1, "snow", "rain"), rng.choice(["clear", "cloudy", "Clear", "partly cloudy"], ND))
tf = np.clip((temp + 2) / 24, 0.15, 1.2)
w_member = tf * np.exp(-0.07 * precip)
w_casual = tf**1.5 * np.exp(-0.12 * precip)
weekday_m = np.where(wday >= 5, 0.7, 1.0)
weekend_c = np.where(wday >= 5, 1.8, 1.0)

# ---------------- stations
NST = 60
HOODS = np.array(["downtown", "university", "residential", "waterfront"])
s_hood = np.repeat(np.arange(4), [20, 12, 18, 10])
rng.shuffle(s_hood)
SPELL = {
    0: ["Downtown", "downtown", "DOWNTOWN ", "Downtown"],
    1: ["University", "Univ. District", "university", "University"],
    2: ["Residential", "residential", "Residential ", "Residential"],
    3: ["Waterfront", "waterfront", "Water Front", "Waterfront"],
}
s_hood_txt = [SPELL[h][rng.integers(0, 4)] for h in s_hood]
s_pop = np.exp(rng.normal(0, 0.5, NST))
s_cap = rng.integers(11, 40, NST)
s_open = np.where(np.arange(NST) < 52, secs("2018-05-01") + rng.uniform(0, 1500, NST) * DAY, 0.0)
s_open[52:] = secs("2024-03-01") + rng.uniform(0, 120, 8) * DAY
s_close = np.full(NST, np.inf)
for i, c in zip(rng.choice(52, 3, replace=False), ["2023-08-20", "2024-04-10", "2024-10-05"], strict=True):
    s_close[i] = secs(c) + rng.uniform(8, 18) * 3600
maint = []  # (station, start, end)
for d in range(ND):
    for s in np.flatnonzero(rng.random(NST) < 1 / 400):
        maint.append((s, d * DAY + rng.uniform(6, 12) * 3600, d * DAY + rng.uniform(2, 15) * DAY))
s_code = np.array([f"ST-{i + 1:03d}" for i in range(NST)])
s_lat = (47.60 + rng.normal(0, 0.03, NST)).round(5)
s_lon = (-122.33 + rng.normal(0, 0.04, NST)).round(5)

# ---------------- members
NM = 2500
m_signup = np.concatenate(
    [
        secs("2020-03-01") + rng.uniform(0, 1000, 1500) * DAY,
        np.sort(
            rng.choice(
                np.arange(ND - 1),
                1000,
                p=(1 + 0.8 * np.isin(month[:-1], [4, 5, 6])) / (1 + 0.8 * np.isin(month[:-1], [4, 5, 6])).sum(),
            )
        )
        * DAY
        + rng.uniform(7, 22, 1000) * 3600,
    ]
)
m_act = np.exp(rng.normal(np.log(0.16), 0.8, NM))
m_home = rng.choice(52, NM, p=s_pop[:52] / s_pop[:52].sum())
m_plan0 = np.where(rng.random(NM) < 0.45, 0, 1)  # 0 annual, 1 monthly
m_pref_e = rng.beta(2, 4, NM)
m_birth = np.where(rng.random(NM) < 0.1, np.nan, rng.integers(1950, 2006, NM).astype(float))
m_gender = rng.choice(["F", "M", "X", "U"], NM, p=[0.44, 0.48, 0.03, 0.05])
m_email = [f"rider{i + 1}@mail.example" for i in range(NM)]
awake = np.where(m_signup < 0, rng.random(NM) < 0.7, True)
plan = m_plan0.copy()
plan_log = []  # (member, t, new plan)
m_cancel = np.full(NM, np.inf)

# ---------------- bikes
NB = 700
b_model = np.array([0] * 480 + [1] * 130 + [2] * 90)  # C-3, E-1, E-2
b_elec = b_model > 0
b_mult = np.array([1.0, 1.0, 1.8])[b_model]
b_wear = np.exp(rng.normal(0, 0.3, NB))
b_comm = secs("2021-01-01") + rng.uniform(0, 700, NB) * DAY
new_e = rng.choice(np.flatnonzero(b_elec), 60, replace=False)
b_comm[new_e] = secs("2024-02-01") + rng.uniform(0, 200, 60) * DAY
b_color = rng.choice(["blue", "blue", "white", "green"], NB)
b_frame = rng.choice(["S", "M", "L"], NB, p=[0.2, 0.6, 0.2])
b_batt_age0 = np.where(b_comm < 0, -b_comm / DAY / 365, 0.0)
b_rides_since = rng.integers(0, 80, NB).astype(float)
b_out_until = np.full(NB, -np.inf)
b_retired = np.full(NB, np.inf)
b_breaks = [[] for _ in range(NB)]
batt = np.where(b_elec, 100.0, np.nan)
batt_log = []  # (bike, t, level)
pending_swap = np.full(NB, np.inf)

TR = {k: [] for k in ["bike", "member", "start_s", "end_s", "t0", "t1", "fare"]}
TK = {k: [] for k in ["bike", "opened", "resolved", "issue", "by"]}
RB = {k: [] for k in ["van", "from", "to", "n", "picked", "dropped"]}
ISSUES = ["flat tire", "brakes", "chain", "battery", "other"]
ISSUE_SPELL = {
    "flat tire": ["flat tire", "Flat Tire", "flat_tire", "flat tire"],
    "brakes": ["brakes", "Brakes ", "brakes", "BRAKES"],
    "chain": ["chain", "Chain", "chain"],
    "battery": ["battery", "Battery", "battery"],
    "other": ["other", "Other"],
}


def in_maint(t):
    out = np.zeros(NST, bool)
    for s, a, b in maint:
        if a <= t < b:
            out[s] = True
    return out


def pick_station(p):
    return int(rng.choice(NST, p=p / p.sum()))


for d in range(ND):
    t0 = d * DAY
    open_s = (s_open < t0 + 8 * 3600) & (s_close > t0 + 8 * 3600) & ~in_maint(t0 + 8 * 3600)
    pop = np.where(open_s, s_pop, 0.0)
    # members: plan switches, dormancy, cancellations
    live = (m_signup < t0) & (m_cancel > t0)
    home_bad = ~open_s[m_home]
    u = rng.random(NM)
    sw = live & (u < np.where(plan == 1, 1 / 600, 1 / 1500))
    for m in np.flatnonzero(sw):
        plan[m] = 1 - plan[m]
        plan_log.append((m, t0 + rng.uniform(6, 23) * 3600, plan[m]))
    u = rng.random(NM)
    go_dormant = live & awake & (u < np.where(home_bad, 3 / 250, 1 / 250))
    wake = live & ~awake & (u < 1 / 60)
    awake = np.where(go_dormant, False, np.where(wake, True, awake))
    u = rng.random(NM)
    cancel = live & (u < np.where(plan == 1, 1 / 900, 1 / 2500) * np.where(awake, 1, 2))
    m_cancel[cancel] = t0 + rng.uniform(6, 23, cancel.sum()) * 3600
    # battery swaps in the morning
    for b in np.flatnonzero(pending_swap < t0 + DAY):
        batt[b] = 100.0
        batt_log.append((b, pending_swap[b], 100.0))
        pending_swap[b] = np.inf
    # mechanic inspections
    avail_b = (b_comm < t0) & (b_retired > t0)
    for b in np.flatnonzero(avail_b & (rng.random(NB) < 1 / 600)):
        o = t0 + rng.uniform(8, 16) * 3600
        TK["bike"].append(b)
        TK["opened"].append(o)
        TK["resolved"].append(o + rng.uniform(0.5, 6) * 3600)
        TK["issue"].append("inspection")
        TK["by"].append("mechanic")
        b_rides_since[b] *= 0.5
    # today's rides
    univ_summer = np.where((s_hood[m_home] == 1) & np.isin(month[d], [6, 7, 8]), 0.3, 1.0)
    lam = np.where(live & awake & ~(m_signup > t0 + 7 * 3600), m_act * w_member[d] * weekday_m[d] * univ_summer, 0.0)
    nm = rng.poisson(lam)
    riders = np.repeat(np.arange(NM), nm)
    nc = rng.poisson(70 * w_casual[d] * weekend_c[d])
    riders = np.concatenate([riders, np.full(nc, -1)])
    starts_t = t0 + np.clip(rng.normal(np.where(riders >= 0, 13, 14), 3.5), 5.5, 23.5) * 3600
    starts_t = np.maximum(starts_t, np.where(riders >= 0, m_signup[np.maximum(riders, 0)] + 60, 0))
    pop_c = pop * np.where(s_hood == 3, 3.0, 1.0)
    flow = np.zeros(NST)
    ok_b = (b_comm < t0) & (b_retired > t0)
    for r, st in zip(riders, starts_t, strict=True):
        if r >= 0 and (m_cancel[r] <= st):
            continue
        if r >= 0:
            s = m_home[r] if (open_s[m_home[r]] and rng.random() < 0.55) else pick_station(pop)
            want_e = rng.random() < m_pref_e[r]
        else:
            s = pick_station(pop_c)
            want_e = rng.random() < 0.4
        avail = np.flatnonzero(ok_b & (b_out_until < st) & (b_elec == want_e))
        if len(avail) == 0:
            continue
        b = int(avail[rng.integers(0, len(avail))])
        if r >= 0 and open_s[m_home[r]] and rng.random() < 0.25:
            e = m_home[r]
        else:
            e = pick_station(pop * np.where(s_hood == s_hood[s], 2.0, 1.0))
        mins = np.exp(rng.normal(np.log(12 if r >= 0 else 22), 0.5 if r >= 0 else 0.6))
        mins *= (1.3 if s_hood[s] == 3 else 1.0) * (0.8 if b_elec[b] else 1.0)
        en = st + mins * 60
        if r >= 0:
            fare = 0.15 * mins if b_elec[b] else 0.15 * max(0.0, mins - 45)
        else:
            fare = 1.25 + (0.39 if b_elec[b] else 0.25) * mins
        TR["bike"].append(b)
        TR["member"].append(r)
        TR["start_s"].append(s)
        TR["end_s"].append(e)
        TR["t0"].append(st)
        TR["t1"].append(en)
        TR["fare"].append(round(fare, 2))
        flow[s] -= 1
        flow[e] += 1
        b_rides_since[b] += 1
        if b_elec[b]:
            batt[b] = max(2.0, batt[b] - 1.1 * mins + rng.normal(0, 2))
            batt_log.append((b, en, round(batt[b], 0)))
            if batt[b] < 25 and pending_swap[b] == np.inf:
                pending_swap[b] = (d + 1) * DAY + rng.uniform(6, 10) * 3600
        p = 0.012 * b_wear[b] * b_mult[b] * (1 + b_rides_since[b] / 80)
        if rng.random() < p:
            o = en + rng.uniform(0, 3600)
            age = b_batt_age0[b] + (o - max(b_comm[b], 0)) / DAY / 365
            wts = np.array([0.35, 0.25, 0.15, (0.1 + 0.5 * age) if b_elec[b] else 0.0, 0.05])
            iss = ISSUES[rng.choice(5, p=wts / wts.sum())]
            spell = ISSUE_SPELL[iss]
            txt = spell[rng.integers(0, len(spell))] if rng.random() > 0.03 else None
            res = o + rng.gamma(2, 1.5) * DAY
            TK["bike"].append(b)
            TK["opened"].append(o)
            TK["resolved"].append(res)
            TK["issue"].append(txt)
            TK["by"].append("member")
            b_out_until[b] = res
            b_rides_since[b] = 0
            b_breaks[b].append(o)
            if rng.random() < 0.015 * sum(1 for x in b_breaks[b] if x > o - 180 * DAY):
                b_retired[b] = res + rng.uniform(0, 2) * DAY
    # rebalancing next morning, from the day's net inflow to its net outflow
    order = np.argsort(flow)
    short, surplus = order[:6], order[::-1][:6]
    for k, (a, b) in enumerate(zip(surplus, short, strict=True)):
        if flow[a] <= 0 or flow[b] >= 0:
            continue
        pk = (d + 1) * DAY + rng.uniform(5, 9) * 3600
        RB["van"].append(f"VAN-{k % 4 + 1}")
        RB["from"].append(a)
        RB["to"].append(b)
        RB["n"].append(int(np.clip(round(min(flow[a], -flow[b]) / 2), 2, 15)))
        RB["picked"].append(pk)
        RB["dropped"].append(pk + rng.uniform(20, 90) * 60)

# ---------------- tables as they stood at CUT (every random value is drawn above)
tr = pd.DataFrame(TR).sort_values("t0", kind="stable").reset_index(drop=True)
tr["trip_id"] = np.arange(100001, 100001 + len(tr))
tk = pd.DataFrame(TK).sort_values("opened", kind="stable").reset_index(drop=True)
tk["ticket_id"] = np.arange(1, len(tk) + 1)
rb = pd.DataFrame(RB).sort_values("picked", kind="stable").reset_index(drop=True)
rb["move_id"] = np.arange(1, len(rb) + 1)
rb = rb[rb.picked <= NOW.value / 1e9 - START.value / 1e9]  # tomorrow's moves after the last day are not written

tr = tr[tr.t0 <= T]
ended = tr.t1.to_numpy() <= T
trips = pd.DataFrame(
    {
        "trip_id": tr.trip_id,
        "bike_id": tr.bike + 1,
        "member_id": np.where(tr.member >= 0, tr.member + 1, np.nan),
        "user_type": np.where(tr.member >= 0, "member", "casual"),
        "start_station_code": s_code[tr.start_s],
        "end_station_code": np.where(ended, s_code[tr.end_s], None),
        "started_at": ts(tr.t0),
        "ended_at": ts(known(tr.t1)),
        "duration_sec": np.where(ended, np.round(tr.t1 - tr.t0), np.nan),
        "fare_usd": np.where(ended, tr.fare, np.nan),
    }
)
tk = tk[tk.opened <= T]
res = tk.resolved.to_numpy() <= T
tickets = pd.DataFrame(
    {
        "ticket_id": tk.ticket_id,
        "bike_ref": tk.bike + 1,
        "opened_at": ts(tk.opened),
        "issue": tk.issue,
        "reported_by": tk.by,
        "status": np.where(res, "resolved", "open"),
        "resolved_at": ts(known(tk.resolved)),
    }
)
rb = rb[rb.picked <= T]
rebalancing = pd.DataFrame(
    {
        "move_id": rb.move_id,
        "van_id": rb.van,
        "from_station": s_code[rb["from"]],
        "to_station": s_code[rb["to"]],
        "n_bikes": rb.n,
        "picked_up_at": ts(rb.picked),
        "dropped_at": ts(known(rb.dropped)),
    }
)
weather = pd.DataFrame(
    {
        "day": days.date,
        "temp_max_c": temp.round(1),
        "precip_mm": precip,
        "wind_kph": wind,
        "conditions": cond,
    }
)[(days + pd.Timedelta(hours=23, minutes=59)) <= CUT]

# today's state at CUT
plan_now = m_plan0.copy()
for m, t, p in plan_log:
    if t <= T:
        plan_now[m] = p
mt = tr[tr.member >= 0]
last_ride = mt.groupby("member").t0.max().reindex(np.arange(NM)).to_numpy()
total = mt.groupby("member").size().reindex(np.arange(NM)).fillna(0).astype(int).to_numpy()
members = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "email": m_email,
        "plan": np.array(["annual", "monthly"])[plan_now],
        "home_station": s_code[m_home],
        "birth_year": m_birth,
        "gender": m_gender,
        "signed_up_at": ts(m_signup),
        "cancelled_at": ts(known(m_cancel)),
        "last_ride_at": ts(last_ride),
        "total_rides": total,
    }
)[m_signup <= T]

in_m = in_maint(T)
st_status = np.where(s_close <= T, "closed", np.where(in_m, "maintenance", "active"))
stations = pd.DataFrame(
    {
        "station_code": s_code,
        "name": [f"{h.strip().title()} & {n}th" for h, n in zip(s_hood_txt, rng.integers(1, 40, NST), strict=True)],
        "neighborhood": s_hood_txt,
        "capacity": s_cap,
        "lat": s_lat,
        "lon": s_lon,
        "opened_at": ts(s_open),
        "status": st_status,
        "closed_at": ts(known(s_close)),
    }
)[s_open <= T]

open_tk = tk[(tk.by == "member") & (tk.resolved > T)].bike.unique()
b_status = np.where(b_retired <= T, "retired", "in_service").astype(object)
b_status[np.isin(np.arange(NB), open_tk) & (b_retired > T)] = "in_repair"
bl = pd.DataFrame(batt_log, columns=["b", "t", "lvl"])
bl = bl[bl.t <= T].sort_values("t", kind="stable").groupby("b").lvl.last()
batt_now = np.where(b_elec, bl.reindex(np.arange(NB)).fillna(100.0).to_numpy(), np.nan)
te = tr[ended].sort_values("t1", kind="stable").groupby("bike").end_s.last().reindex(np.arange(NB))
cur = np.where(te.notna(), s_code[te.fillna(0).astype(int)], None)
riding = tr[~ended].bike.unique()
cur[np.isin(np.arange(NB), riding)] = None
bikes = pd.DataFrame(
    {
        "bike_id": np.arange(1, NB + 1),
        "bike_type": np.where(b_elec, "electric", "classic"),
        "model": np.array(["C-3", "E-1", "E-2"])[b_model],
        "color": b_color,
        "frame_size": b_frame,
        "commissioned_at": ts(b_comm),
        "status": b_status,
        "battery_pct": batt_now,
        "current_station": cur,
        "retired_at": ts(known(b_retired)),
    }
)[b_comm <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE stations (station_code VARCHAR PRIMARY KEY, name VARCHAR, neighborhood VARCHAR, capacity INTEGER,
                       lat DOUBLE, lon DOUBLE, opened_at TIMESTAMP, status VARCHAR, closed_at TIMESTAMP);
CREATE TABLE bikes (bike_id INTEGER PRIMARY KEY, bike_type VARCHAR, model VARCHAR, color VARCHAR, frame_size VARCHAR,
                    commissioned_at TIMESTAMP, status VARCHAR, battery_pct DOUBLE, current_station VARCHAR,
                    retired_at TIMESTAMP);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, email VARCHAR, plan VARCHAR, home_station VARCHAR,
                      birth_year DOUBLE, gender VARCHAR, signed_up_at TIMESTAMP, cancelled_at TIMESTAMP,
                      last_ride_at TIMESTAMP, total_rides INTEGER);
CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, bike_id INTEGER REFERENCES bikes(bike_id), member_id INTEGER,
                    user_type VARCHAR, start_station_code VARCHAR, end_station_code VARCHAR, started_at TIMESTAMP,
                    ended_at TIMESTAMP, duration_sec DOUBLE, fare_usd DOUBLE);
CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, bike_ref INTEGER, opened_at TIMESTAMP, issue VARCHAR,
                      reported_by VARCHAR, status VARCHAR, resolved_at TIMESTAMP);
CREATE TABLE rebalancing (move_id INTEGER, van_id VARCHAR, from_station VARCHAR, to_station VARCHAR, n_bikes INTEGER,
                          picked_up_at TIMESTAMP, dropped_at TIMESTAMP);
CREATE TABLE weather (day DATE PRIMARY KEY, temp_max_c DOUBLE, precip_mm DOUBLE, wind_kph DOUBLE, conditions VARCHAR);
""")
for name, df in [
    ("stations", stations),
    ("bikes", bikes),
    ("members", members),
    ("trips", trips),
    ("tickets", tickets),
    ("rebalancing", rebalancing),
    ("weather", weather),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
