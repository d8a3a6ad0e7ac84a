"""A car-sharing service (zones, vehicles parked at home zones, members with driving-licence checks, reservations
booked ahead then started / no-show / cancelled, trips with distance and fuel or charge used, damage reports filed
after trips and resolved later with repair costs, fines received weeks later and passed on to members, member tiers
by recent usage, vehicles taken out of service for maintenance), seeded:
`python benchmarks/trials/carshare.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 zones, 330 vehicles, 4,600 members, 6.2k licence
checks, 51.2k reservations, 39.1k trips, 838 damage reports, 1,074 fines, 1,315 maintenance rows (about 105k rows, 8 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: reservations.start_at / end_at (booked up to 3 weeks ahead: the row's
booked_at is its creation time), maintenance.scheduled_for (routine services booked 3-14 days ahead) and
members.licence_expires_on (a DATE set at the licence check). Every other later date of a row is filled in later.

Truth (seed 0):
- zones (12): kind downtown (4) / suburb (4) / airport (1) / campus (2) / station (1); a hidden demand multiplier
  LogNormal(0, .3) (members choose pickup zones by it); campus zones run at x.35 in July-August (term time);
  airport trips last x2.5 longer and drive x3 further; downtown trips get x2 fines; zone 11 opens 2023-09-01,
  zone 12 2024-05-01 (new vehicles and new members come with them); area_km2 is noise
- vehicles (~330): model -> fuel type (petrol / hybrid / electric, stored MESSY: 'EV', 'Electric', 'electric ',
  'Petrol', 'PETROL', 'gas', 'Hybrid', 'HEV', ...), consumption per 100 km (l or kWh), hourly rate; vans have
  x1.6 damage; a hidden reliability r ~ N(0, 1): damage odds x exp(.5 r); plate is a TEXT key ('CS-1234')
  referenced by reservations.vehicle_plate and fines.plate; colour is noise; ~12 retire during the span
  (retired_at filled later); status TODAY's ('available' / 'maintenance' / 'retired'); odometer_km TODAY's
- members (4,600): 2,200 joined before the span, 2,400 during; usage rate lam ~ LogNormal(log(1/45 per day), .9)
  (hidden), x1.5 in the first 30 days, seasonality (month: Jan .75 ... Jul 1.3, Dec 1.15; Fri x1.15, Sat/Sun
  x1.3), x.6 for members whose home zone is a suburb; churn (hidden, no bookings after) hazard
  1/600 x exp(-.5 z) per day (z the standardised log usage rate) x3 for 60 days after a fine is passed on to them;
  risk ~ N(0, 1) + .6 (age < 25) drives damage (odds x exp(.7 risk)) and fines (x exp(.8 risk)); flake ~ N(0, 1)
  drives cancellations and no-shows; ev_pref (30%) picks electric cars x4; weekend_only (20%: books only Fri-Sun)
- licence checks: at joining (0-3 days later) pass p .9, a failed check is retried 3-20 days later (p .7 of
  members; pass .75); licence_expires_on (DATE, written ahead) 0.3-6 years after the passing check; after expiry
  the member cannot book until a renewal check (p .8, Exp(25) days after expiry); members.licence_status TODAY's
  ('pending' / 'verified' / 'rejected' / 'expired'), licence_verified_at filled later (the latest pass)
- members.tier TODAY's: trips started in the last 90 days: 'basic' < 3, 'silver' 3-9, 'gold' >= 10 (the tier at
  booking gives 5% / 10% off the trip cost); members.total_trips, last_trip_at TODAY's; marketing_opt_in and
  referral_code are noise; home_zone_id declared
- reservations: lead time mixture (40% ~2 h, 40% ~1 day, 20% 2-21 days); pickup zone = home zone (p .8) else by
  zone demand; a vehicle of that zone in service at the start (ev_pref); duration LogNormal(log 2.5 h, .8)
  (weekend x1.4, airport x2.5); cancelled with p sig(-2.3 + .25 log1p(lead_h) + .6 flake) at a uniform time between
  booking and start, or when the member churns; no-show p sig(-3.2 + .9 flake + .5 (lead > 3 days)) marked 30 min
  after the start; status TODAY's ('booked' / 'in_progress' / 'completed' / 'no_show' / 'cancelled'), cancelled_at
  filled later
- trips (one per started reservation): started_at = start_at + N(0, 8 min); ended_at, distance_km, fuel_used_l
  (petrol / hybrid), energy_kwh (electric), cost filled in when the trip ends (a trip running at the cut shows them
  NULL); distance = hours x speed LogNormal(log 14 km/h, .5) (airport x1.2 speed); cost = rate x hours + .22 km
  less the tier discount; end_zone_id = start zone (p .9)
- damage_reports: per trip p .012 x exp(.7 risk) x exp(.5 r) x van x1.6 x winter (Dec-Feb) x1.5; reported
  Exp(.5 day) after the trip ends; severity minor .65 / moderate .27 / severe .08 (MESSY 'Minor', 'MINOR', 'minor ',
  'Moderate', 'mod', 'SEVERE', ...); assessed 1-5 days later (at_fault filled then, p sig(.5 + .8 risk)), resolved
  Exp(10 / 25 / 45 days) later with repair_cost LogNormal around 150 / 600 / 2,500 (filled at resolution); status
  TODAY's ('open' / 'assessed' / 'resolved'); moderate and severe put the vehicle into maintenance until resolved
- fines: per trip p .012 x exp(.8 risk) x downtown x2 x (hours > 4) x1.3; offence inside the trip; the row is
  written when the notice is received 7-45 days after the offence; passed_on_at 1-10 days later (5% waived, never
  passed on); paid_at Exp(10 days) after passing on (x3 when risk > 1; 8% disputed, never paid); status TODAY's
  ('received' / 'charged' / 'paid' / 'disputed' / 'waived')
- maintenance: a routine service when a vehicle passes 10,000 km or 180 days since its last service: the row is
  written (created_at) then, scheduled_for 3-14 days ahead, out 0.5-3 days; repairs from damage; started_at,
  finished_at, cost filled in later; status TODAY's ('scheduled' / 'in_progress' / 'done'); vehicles are not
  given to reservations starting while they are out
- keys: PKs declared on every table but licence_checks (none), vehicles.plate UNIQUE; REFERENCES only vehicles.home_zone_id,
  members.home_zone_id -> zones and trips.member_id -> members. Undeclared: reservations (member_id,
  vehicle_plate -> vehicles.plate TEXT, pickup_zone_id), trips (reservation_id, vehicle_id, start_zone_id,
  end_zone_id), damage_reports (trip_id, vehicle_id, member_id), fines (trip_id, member_id, plate TEXT),
  maintenance (vehicle_id, damage_report_id), licence_checks.member_id
- `python carshare.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import bisect
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
HOUR = 3600.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
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


DAYS = pd.date_range(START, periods=ND + 40, freq="D")
MONTH = np.array([0.75, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.25, 1.05, 1.0, 0.9, 1.15])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.15, 1.3, 1.3])
SEASON = MONTH[DAYS.month - 1] * WEEKDAY[DAYS.day_of_week]
SUMMER_BREAK = np.isin(DAYS.month, [7, 8])
WINTER = np.isin(DAYS.month, [12, 1, 2])
DOW = DAYS.day_of_week.values

# ---------------- zones
NZ = 12
Z_KIND = np.array(
    [
        "downtown",
        "downtown",
        "downtown",
        "downtown",
        "suburb",
        "suburb",
        "suburb",
        "suburb",
        "airport",
        "campus",
        "campus",
        "station",
    ]
)
Z_NAME = [
    "Old Town",
    "Harbour",
    "Market Square",
    "Civic Centre",
    "Elmwood",
    "Riverside",
    "Hillcrest",
    "Oakfield",
    "Airport P3",
    "University North",
    "University South",
    "Central Station",
]
z_dem = np.exp(rng.normal(0, 0.3, NZ))
z_open = np.array([secs("2018-01-01") + rng.uniform(0, 360) * DAY for _ in range(NZ)])
z_open[10] = secs("2023-09-01") + 8 * HOUR
z_open[11] = secs("2024-05-01") + 8 * HOUR
z_area = np.round(rng.uniform(0.4, 6.0, NZ), 2)

# ---------------- vehicles
MODELS = [  # name, fuel, consumption per 100 km, hourly rate, van
    ("Toyota Yaris Hybrid", "hybrid", 4.3, 7.5, False),
    ("VW Golf", "petrol", 6.2, 8.5, False),
    ("Skoda Octavia Estate", "petrol", 6.6, 9.5, False),
    ("Renault Zoe", "electric", 15.5, 8.0, False),
    ("Tesla Model 3", "electric", 16.5, 13.0, False),
    ("Kia Niro EV", "electric", 17.0, 10.0, False),
    ("Ford Transit Custom", "petrol", 9.5, 14.0, True),
]
MODEL_P = np.array([0.25, 0.18, 0.1, 0.15, 0.07, 0.12, 0.13])
FUEL_MESSY = {
    "petrol": (["petrol", "Petrol", "PETROL", "gas"], [0.55, 0.25, 0.12, 0.08]),
    "hybrid": (["hybrid", "Hybrid", "HEV", "hybrid "], [0.55, 0.25, 0.12, 0.08]),
    "electric": (["electric", "EV", "Electric", "electric "], [0.5, 0.25, 0.17, 0.08]),
}
NVH = 330
v_model = rng.choice(len(MODELS), NVH, p=MODEL_P)
v_fuel = np.array([MODELS[m][1] for m in v_model])
v_cons = np.array([MODELS[m][2] for m in v_model])
v_rate = np.array([MODELS[m][3] for m in v_model])
v_van = np.array([MODELS[m][4] for m in v_model])
v_rel = rng.normal(0, 1, NVH)
zw = z_dem * np.where(Z_KIND == "suburb", 0.7, 1.0)
v_zone = rng.choice(NZ, NVH, p=zw / zw.sum())
v_late = np.arange(NVH) >= 280
v_added = np.where(v_late, rng.uniform(20, ND - 20, NVH) * DAY, secs("2020-01-01") + rng.uniform(0, 1000, NVH) * DAY)
v_added = np.maximum(v_added, z_open[v_zone] + rng.uniform(0, 10, NVH) * DAY)
v_added = np.where(v_added > TN, rng.uniform(20, ND - 20, NVH) * DAY, v_added)
v_retire = np.full(NVH, INF)
for i in rng.choice(np.nonzero(~v_late)[0], 12, replace=False):
    v_retire[i] = rng.uniform(60, ND - 10) * DAY
v_odo0 = np.where(v_added < 0, np.round(-v_added / DAY * rng.uniform(25, 60, NVH)), 0.0)
v_year = np.clip(pd.DatetimeIndex(ts(v_added)).year.values - rng.integers(0, 2, NVH), 2018, 2024)
v_plate = np.array([f"CS-{n}" for n in rng.choice(np.arange(1000, 10000), NVH, replace=False)])
v_colour = rng.choice(["white", "black", "silver", "blue", "red", "grey"], NVH)
v_fuel_txt = np.array([rng.choice(FUEL_MESSY[f][0], p=FUEL_MESSY[f][1]) for f in v_fuel], dtype=object)
v_seats = np.where(v_van, 3, np.where(v_model == 0, 4, 5))
zone_veh = [list(np.nonzero(v_zone == z)[0]) for z in range(NZ)]
v_maint = [[] for _ in range(NVH)]  # (out_t, back_t) intervals
v_km_since = np.zeros(NVH)
v_last_service = np.where(v_added < 0, -rng.uniform(0, 170, NVH) * DAY, v_added)
v_service_booked = np.zeros(NVH, bool)

# ---------------- members
NM = 4600
m_old = np.arange(NM) < 2200
m_join = np.where(m_old, secs("2019-01-01") + rng.uniform(0, 1460, NM) * DAY, rng.uniform(0, ND - 3, NM) * DAY)
mw = z_dem.copy()
m_zone = np.array([rng.choice(NZ, p=np.where(z_open < j, mw, 0) / np.where(z_open < j, mw, 0).sum()) for j in m_join])
m_loglam = np.log(1 / 45) + rng.normal(0, 0.9, NM)
m_lam = np.exp(m_loglam)
m_z = (m_loglam - m_loglam.mean()) / m_loglam.std()
m_birth = rng.integers(1950, 2005, NM)
m_young = (2024 - m_birth) < 25
m_risk = rng.normal(0, 1, NM) + 0.6 * m_young
m_flake = rng.normal(0, 1, NM)
m_ev = rng.random(NM) < 0.3
m_wkend = rng.random(NM) < 0.2
m_opt = rng.random(NM) < 0.55
m_ref = np.array([f"R{rng.integers(10**5, 10**6)}" if rng.random() < 0.3 else None for _ in range(NM)], dtype=object)
m_email = np.array([f"member{i}@{rng.choice(['mail.example', 'post.example', 'inbox.example'])}" for i in range(NM)])
m_churn = np.full(NM, INF)
m_last_fine = np.full(NM, -INF)

# licence checks (precomputed: they do not depend on the simulation)
LC = []  # (member, t, result, method)
m_ok_from = np.full(NM, INF)  # first time the licence is valid
m_expire = np.full(NM, INF)
m_renew = np.full(NM, INF)  # the renewal check (valid again from then)
m_expire2 = np.full(NM, INF)
for i in range(NM):
    t = m_join[i] + rng.uniform(0, 3) * DAY
    meth = "auto" if rng.random() < 0.7 else "manual"
    if rng.random() < 0.9:
        LC.append((i, t, "pass", meth))
        m_ok_from[i] = t
    else:
        LC.append((i, t, "fail", meth))
        if rng.random() < 0.7:
            t2 = t + rng.uniform(3, 20) * DAY
            ok = rng.random() < 0.75
            LC.append((i, t2, "pass" if ok else "fail", "manual"))
            if ok:
                m_ok_from[i] = t2
    if np.isfinite(m_ok_from[i]):
        m_expire[i] = np.floor((m_ok_from[i] + rng.uniform(0.3, 6) * 365 * DAY) / DAY) * DAY
        if rng.random() < 0.8:
            m_renew[i] = m_expire[i] + rng.exponential(25) * DAY + rng.uniform(8, 18) * HOUR
            m_expire2[i] = np.floor((m_renew[i] + rng.uniform(3, 8) * 365 * DAY) / DAY) * DAY
            LC.append((i, m_renew[i], "pass", "auto" if rng.random() < 0.7 else "manual"))
        if m_expire[i] > TN + 400 * DAY:
            m_renew[i] = INF


def licence_ok(t):
    return (m_ok_from <= t) & ((t < m_expire) | ((m_renew <= t) & (t < m_expire2)))


# ---------------- simulation
R = dict(m=[], v=[], z=[], booked=[], start=[], end=[], cancel=[], outcome=[], tier=[])
m_open = [[] for _ in range(NM)]  # open reservation indices per member
m_trip_starts = [[] for _ in range(NM)]  # sorted trip start times
MT = []  # maintenance: [vehicle, created, scheduled_for, out, back, reason, damage_idx]
v_trip_sched = [[] for _ in range(NVH)]
due_bucket = [[] for _ in range(ND + 40)]  # reservations starting that day
fine_bucket = [[] for _ in range(ND + 120)]  # (member) fines passed on that day
TR = []  # trips: (res, started, ended, dist, zone_end)
DMG = []  # (trip, reported, severity, assessed, at_fault, resolved, cost)
FN = []  # (trip, offence, received, kind, amount, passed, paid, disputed)


def in_service(v, t):
    if v_added[v] > t - HOUR or v_retire[v] <= t:
        return False
    return all(not a <= t < b for a, b in v_maint[v][-3:])


def pick_vehicle(m, z, t):
    cand = [v for v in zone_veh[z] if in_service(v, t)]
    if not cand:
        z2 = rng.choice(np.nonzero(z_open < t)[0])
        cand = [v for v in zone_veh[z2] if in_service(v, t)]
        if not cand:
            return -1
    w = np.array([4.0 if (m_ev[m] and v_fuel[v] == "electric") else 1.0 for v in cand])
    return int(cand[rng.choice(len(cand), p=w / w.sum())])


def tier_at(m, t):
    s = m_trip_starts[m]
    n = bisect.bisect_right(s, t) - bisect.bisect_left(s, t - 90 * DAY)
    return 0 if n < 3 else (1 if n < 10 else 2)


for d in range(ND):
    t0 = d * DAY
    # churn
    u = rng.random(NM)
    h = 1 / 600 * np.exp(-0.5 * m_z) * np.where(t0 - m_last_fine < 60 * DAY, 3.0, 1.0)
    go = (m_join <= t0) & np.isinf(m_churn) & (u < h)
    for m in np.nonzero(go)[0]:
        m_churn[m] = t0 + rng.uniform(0, DAY)
        for i in m_open[m]:
            if R["start"][i] > m_churn[m] and R["cancel"][i] > m_churn[m]:
                R["cancel"][i] = m_churn[m] + rng.uniform(0, 1) * min(2 * DAY, R["start"][i] - m_churn[m])
    for m in fine_bucket[d]:
        m_last_fine[m] = t0
    # bookings
    act = (m_join <= t0 + DAY) & np.isinf(m_churn) & licence_ok(t0 + 12 * HOUR)
    zk = Z_KIND[m_zone]
    rate = (
        m_lam
        * SEASON[d]
        * np.where(t0 - m_join < 30 * DAY, 1.5, 1.0)
        * np.where(zk == "suburb", 0.6, 1.0)
        * np.where((zk == "campus") & SUMMER_BREAK[d], 0.35, 1.0)
        * np.where(m_wkend, np.where(DOW[d] >= 4, 3.0, 0.0), 1.0)
    )
    n = rng.poisson(rate * act)
    zopen = z_open < t0
    zp = z_dem * zopen * np.where((Z_KIND == "campus") & SUMMER_BREAK[d], 0.35, 1.0)
    zp = zp / zp.sum()
    for m in np.repeat(np.arange(NM), n):
        bt = max(t0 + rng.uniform(6, 23.5) * HOUR, m_join[m] + 600)
        u = rng.random()
        lead = (
            (0.25 + rng.exponential(2)) if u < 0.4 else (rng.exponential(24) + 1 if u < 0.8 else rng.uniform(48, 504))
        )
        st = np.ceil((bt + lead * HOUR) / 900) * 900
        sd = int(st // DAY)
        if sd >= ND + 40:
            continue
        z = m_zone[m] if (rng.random() < 0.8 and z_open[m_zone[m]] < bt) else int(rng.choice(NZ, p=zp))
        v = pick_vehicle(m, z, st)
        if v < 0:
            continue
        z = v_zone[v]
        dur = (
            np.exp(rng.normal(np.log(2.5), 0.8))
            * (1.4 if DOW[sd] >= 5 else 1.0)
            * (2.5 if Z_KIND[z] == "airport" else 1)
        )
        dur = float(np.clip(dur, 0.5, 72))
        et = st + np.ceil(dur * 4) * 900
        ct = INF
        if rng.random() < sig(-2.3 + 0.25 * np.log1p(lead) + 0.6 * m_flake[m]):
            ct = bt + rng.uniform(0, 1) * (st - bt)
        i = len(R["m"])
        for k, val in zip(
            ("m", "v", "z", "booked", "start", "end", "cancel", "outcome", "tier"),
            (m, v, z, bt, st, et, ct, "", 0),
            strict=True,
        ):
            R[k].append(val)
        m_open[m].append(i)
        due_bucket[sd].append(i)
    # reservations starting today
    for i in due_bucket[d]:
        m = R["m"][i]
        if i in m_open[m]:
            m_open[m].remove(i)
        st = R["start"][i]
        if R["cancel"][i] < st:
            R["outcome"][i] = "cancelled"
            continue
        lead = (st - R["booked"][i]) / HOUR
        if rng.random() < sig(-3.2 + 0.9 * m_flake[m] + 0.5 * (lead > 72)):
            R["outcome"][i] = "no_show"
            continue
        R["outcome"][i] = "trip"
        R["tier"][i] = tier_at(m, st)
        v = R["v"][i]
        s = max(st + rng.normal(0, 480), R["booked"][i] + 60)
        hours = (R["end"][i] - st) / HOUR * max(0.3, 1 + rng.normal(0, 0.15))
        e = s + hours * HOUR
        z = R["z"][i]
        dist = hours * np.exp(rng.normal(np.log(14), 0.5)) * (1.2 if Z_KIND[z] == "airport" else 1.0)
        dist = round(min(dist, hours * 90), 1)
        zend = z if rng.random() < 0.9 else int(rng.choice(NZ, p=zp))
        ti = len(TR)
        TR.append((i, s, e, dist, zend))
        bisect.insort(m_trip_starts[m], s)
        v_km_since[v] += dist
        # damage
        wf = 1.5 if WINTER[int(e // DAY)] else 1.0
        if rng.random() < 0.012 * np.exp(0.7 * m_risk[m] + 0.5 * v_rel[v]) * (1.6 if v_van[v] else 1.0) * wf:
            rep = e + rng.exponential(0.5) * DAY
            sev = rng.choice(3, p=[0.65, 0.27, 0.08])
            ass = rep + rng.uniform(1, 5) * DAY
            fault = rng.random() < sig(0.5 + 0.8 * m_risk[m])
            res = ass + rng.exponential([10, 25, 45][sev]) * DAY
            cost = round(
                float(np.exp(rng.normal(np.log([150, 600, 2500][sev]), 0.5))) * (1.3 if v_model[v] == 4 else 1), 2
            )
            DMG.append((ti, rep, sev, ass, fault, res, cost))
            if sev > 0:
                out = rep + 1800 + rng.uniform(0, 2) * DAY
                MT.append([v, rep + 1800, out, out, res, "repair", len(DMG) - 1])
                v_maint[v].append((out, res))
        # fines
        pf = 0.012 * np.exp(0.8 * m_risk[m]) * (2.0 if Z_KIND[z] == "downtown" else 1.0) * (1.3 if hours > 4 else 1.0)
        if rng.random() < pf:
            off = s + rng.uniform(0, 1) * (e - s)
            kind = rng.choice(["parking", "speeding", "congestion", "toll"], p=[0.45, 0.25, 0.2, 0.1])
            amt = float(
                {
                    "parking": rng.choice([40, 60, 80]),
                    "speeding": rng.choice([100, 150, 250]),
                    "congestion": 15.0,
                    "toll": rng.choice([6.5, 9.0]),
                }[kind]
            )
            rec = off + rng.uniform(7, 45) * DAY
            waived = rng.random() < 0.05
            passed = INF if waived else rec + rng.uniform(1, 10) * DAY
            disputed = (not waived) and rng.random() < 0.08
            paid = INF if (waived or disputed) else passed + rng.exponential(10) * DAY * (3 if m_risk[m] > 1 else 1)
            FN.append((ti, off, rec, kind, amt, passed, paid, disputed, waived))
            if np.isfinite(passed) and passed < TN + 100 * DAY:
                fine_bucket[int(passed // DAY)].append(m)
    # routine services
    for v in range(NVH):
        if v_added[v] > t0 or v_retire[v] <= t0 or v_service_booked[v]:
            continue
        if v_km_since[v] > 10000 or t0 - v_last_service[v] > 180 * DAY:
            cr = t0 + rng.uniform(8, 17) * HOUR
            sch = np.floor(cr / DAY) * DAY + rng.integers(3, 15) * DAY + 8 * HOUR
            back = sch + rng.uniform(0.5, 3) * DAY
            MT.append([v, cr, sch, sch + rng.uniform(0, 2) * HOUR, back, "service", -1])
            v_maint[v].append((sch, back))
            v_service_booked[v] = True
    for k in range(len(MT) - 1, max(-1, len(MT) - 600), -1):
        mt = MT[k]
        if mt[5] == "service" and t0 <= mt[4] < t0 + DAY:
            v_service_booked[mt[0]] = False
            v_km_since[mt[0]] = 0.0
            v_last_service[mt[0]] = mt[4]

# ---------------- arrays (all random draws before any cut)
NR = len(R["m"])
R_m = np.array(R["m"])
R_v = np.array(R["v"])
R_z = np.array(R["z"])
R_bt = np.array(R["booked"])
R_st = np.array(R["start"])
R_et = np.array(R["end"])
R_ct = np.array(R["cancel"], float)
R_out = np.array(R["outcome"], dtype=object)
R_tier = np.array(R["tier"])
R_ct = np.where(R_ct < R_st, R_ct, INF)
R_out = np.where(R_out == "", "pending", R_out)  # starting after NOW
R_channel = rng.choice(["app", "app", "app", "web", "phone"], NR)

NT = len(TR)
T_r = np.array([x[0] for x in TR])
T_s = np.array([x[1] for x in TR])
T_e = np.array([x[2] for x in TR])
T_d = np.array([x[3] for x in TR])
T_zend = np.array([x[4] for x in TR])
T_m = R_m[T_r]
T_v = R_v[T_r]
T_z = R_z[T_r]
ev = v_fuel[T_v] == "electric"
use = T_d * v_cons[T_v] / 100 * np.exp(rng.normal(0, 0.1, NT))
T_fuel = np.where(ev, np.nan, np.round(use, 2))
T_kwh = np.where(ev, np.round(use, 2), np.nan)
hrs = (T_e - T_s) / HOUR
T_cost = np.round((v_rate[T_v] * hrs + 0.22 * T_d) * np.array([1.0, 0.95, 0.9])[R_tier[T_r]], 2)
trip_of_res = np.full(NR, -1)
trip_of_res[T_r] = np.arange(NT)

ND_ = len(DMG)
D_t = np.array([x[0] for x in DMG], int)
D_rep = np.array([x[1] for x in DMG])
D_sev = np.array([x[2] for x in DMG], int)
D_ass = np.array([x[3] for x in DMG])
D_fault = np.array([x[4] for x in DMG])
D_res = np.array([x[5] for x in DMG])
D_cost = np.array([x[6] for x in DMG])
SEV_MESSY = [
    (["minor", "Minor", "MINOR", "minor "], [0.55, 0.3, 0.1, 0.05]),
    (["moderate", "Moderate", "mod", "MODERATE"], [0.55, 0.3, 0.1, 0.05]),
    (["severe", "Severe", "SEVERE"], [0.6, 0.3, 0.1]),
]
D_sevtxt = np.array([rng.choice(SEV_MESSY[s][0], p=SEV_MESSY[s][1]) for s in D_sev], dtype=object)
D_desc = rng.choice(
    [
        "scratch on bumper",
        "dent",
        "cracked windscreen",
        "mirror broken",
        "interior stain",
        "tyre damage",
        "scuffed alloy",
    ],
    ND_,
)

NF = len(FN)
F_t = np.array([x[0] for x in FN], int)
F_off = np.array([x[1] for x in FN])
F_rec = np.array([x[2] for x in FN])
F_kind = np.array([x[3] for x in FN], dtype=object)
F_amt = np.array([x[4] for x in FN])
F_pass = np.array([x[5] for x in FN])
F_paid = np.array([x[6] for x in FN])
F_disp = np.array([x[7] for x in FN])
F_waive = np.array([x[8] for x in FN])
F_ref = np.array([f"PCN{rng.integers(10**7, 10**8)}" for _ in range(NF)])

NMT = len(MT)
M_v = np.array([x[0] for x in MT], int)
M_cr = np.array([x[1] for x in MT])
M_sch = np.array([x[2] for x in MT])
M_out = np.array([x[3] for x in MT])
M_back = np.array([x[4] for x in MT])
M_reason = np.array([x[5] for x in MT], dtype=object)
M_dmg = np.array([x[6] for x in MT], int)
M_cost = np.round(np.where(M_reason == "service", np.exp(rng.normal(np.log(180), 0.3, NMT)), 0.0), 2)
M_cost = np.where(M_reason == "repair", D_cost[np.maximum(M_dmg, 0)] if ND_ else 0.0, M_cost)
M_garage = rng.choice(["QuickFit", "Northside Motors", "EV Care", "DealerCo"], NMT)

NL = len(LC)
L_m = np.array([x[0] for x in LC])
L_t = np.array([x[1] for x in LC])
L_res = np.array([x[2] for x in LC], dtype=object)
L_meth = np.array([x[3] for x in LC], dtype=object)

# ---------------- tables as they stood at CUT
zk = z_open <= T
zones = pd.DataFrame(
    {
        "zone_id": np.arange(1, NZ + 1),
        "name": Z_NAME,
        "kind": Z_KIND,
        "area_km2": z_area,
        "opened_on": ts(z_open).date,
    }
)[zk]

odo = v_odo0 + np.bincount(T_v[T_e <= T], weights=T_d[T_e <= T], minlength=NVH)
in_maint = np.zeros(NVH, bool)
mk = (M_out <= T) & (M_back > T)
in_maint[M_v[mk]] = True
v_status = np.where(v_retire <= T, "retired", np.where(in_maint, "maintenance", "available"))
vk = v_added <= T
vehicles = pd.DataFrame(
    {
        "vehicle_id": np.arange(1, NVH + 1),
        "plate": v_plate,
        "home_zone_id": v_zone + 1,
        "model": [MODELS[m][0] for m in v_model],
        "fuel_type": v_fuel_txt,
        "seats": v_seats,
        "model_year": v_year,
        "colour": v_colour,
        "hourly_rate": v_rate,
        "added_at": ts(v_added),
        "status": v_status,
        "odometer_km": np.round(odo, 1),
        "retired_at": ts(known(v_retire)),
    }
)[vk]

started = T_s <= T
ntr = np.bincount(T_m[started], minlength=NM)
recent = started & (T_s > T - 90 * DAY)
n90 = np.bincount(T_m[recent], minlength=NM)
tier = np.where(n90 >= 10, "gold", np.where(n90 >= 3, "silver", "basic"))
last_trip = np.full(NM, np.nan)
if started.any():
    s_idx = np.nonzero(started)[0]
    lt = pd.Series(T_s[s_idx]).groupby(T_m[s_idx]).max()
    last_trip[lt.index.values] = lt.values
lk = L_t <= T
passes = lk & (L_res == "pass")
last_pass = np.full(NM, np.nan)
if passes.any():
    lp = pd.Series(L_t[passes]).groupby(L_m[passes]).max()
    last_pass[lp.index.values] = lp.values
any_check = np.bincount(L_m[lk], minlength=NM) > 0
n_fail = np.bincount(L_m[lk & (L_res == "fail")], minlength=NM)
exp_now = np.where((m_renew <= T), m_expire2, m_expire)
lic = np.where(
    ~np.isnan(last_pass), np.where(exp_now <= T, "expired", "verified"), np.where(n_fail >= 1, "rejected", "pending")
)
exp_shown = np.where(np.isnan(last_pass), np.nan, exp_now)
mk_ = m_join <= T
members = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "email": m_email,
        "home_zone_id": m_zone + 1,
        "birth_year": m_birth,
        "joined_at": ts(m_join),
        "licence_status": lic,
        "licence_verified_at": ts(last_pass),
        "licence_expires_on": ts(exp_shown).date,
        "tier": tier,
        "total_trips": ntr,
        "last_trip_at": ts(last_trip),
        "marketing_opt_in": m_opt,
        "referral_code": m_ref,
    }
)[mk_]
members["licence_expires_on"] = members["licence_expires_on"].where(~np.isnan(exp_shown[mk_]), None)

licence_checks = pd.DataFrame(
    {
        "member_id": L_m + 1,
        "checked_at": ts(L_t),
        "result": L_res,
        "method": L_meth,
    }
)[lk].sort_values("checked_at", kind="stable")

tt = trip_of_res
res_trip_start = np.where(tt >= 0, T_s[np.maximum(tt, 0)], INF)
res_trip_end = np.where(tt >= 0, T_e[np.maximum(tt, 0)], INF)
r_status = np.select(
    [
        R_ct <= T,
        (R_out == "no_show") & (R_st + 1800 <= T),
        (tt >= 0) & (res_trip_end <= T),
        (tt >= 0) & (res_trip_start <= T),
    ],
    ["cancelled", "no_show", "completed", "in_progress"],
    "booked",
)
rk = R_bt <= T
ro = np.argsort(R_bt, kind="stable")
reservations = pd.DataFrame(
    {
        "reservation_id": np.arange(1, NR + 1),
        "member_id": R_m + 1,
        "vehicle_plate": v_plate[R_v],
        "pickup_zone_id": R_z + 1,
        "booked_at": ts(R_bt),
        "start_at": ts(R_st),
        "end_at": ts(R_et),
        "channel": R_channel,
        "status": r_status,
        "cancelled_at": ts(known(R_ct)),
    }
).iloc[ro]
reservations = reservations[rk[ro]]

ended = T_e <= T
tk = T_s <= T
trips = pd.DataFrame(
    {
        "trip_id": np.arange(1, NT + 1),
        "reservation_id": T_r + 1,
        "member_id": T_m + 1,
        "vehicle_id": T_v + 1,
        "start_zone_id": T_z + 1,
        "end_zone_id": np.where(ended, T_zend + 1, np.nan),
        "started_at": ts(T_s),
        "ended_at": ts(np.where(ended, T_e, np.nan)),
        "distance_km": np.where(ended, T_d, np.nan),
        "fuel_used_l": np.where(ended, T_fuel, np.nan),
        "energy_kwh": np.where(ended, T_kwh, np.nan),
        "cost": np.where(ended, T_cost, np.nan),
    }
)[tk]
trips["end_zone_id"] = trips["end_zone_id"].astype("Int64")

dk = D_rep <= T
d_status = np.where(D_res <= T, "resolved", np.where(D_ass <= T, "assessed", "open"))
damage_reports = pd.DataFrame(
    {
        "report_id": np.arange(1, ND_ + 1),
        "trip_id": D_t + 1,
        "vehicle_id": T_v[D_t] + 1,
        "member_id": T_m[D_t] + 1,
        "reported_at": ts(D_rep),
        "severity": D_sevtxt,
        "description": D_desc,
        "status": d_status,
        "at_fault": pd.array(np.where(D_ass <= T, D_fault, None), dtype="boolean"),
        "assessed_at": ts(known(D_ass)),
        "resolved_at": ts(known(D_res)),
        "repair_cost": np.where(D_res <= T, D_cost, np.nan),
    }
)[dk]

f_status = np.select(
    [F_waive & (F_rec + 5 * DAY <= T), F_paid <= T, F_disp & (F_pass + 7 * DAY <= T), F_pass <= T],
    ["waived", "paid", "disputed", "charged"],
    "received",
)
fk = F_rec <= T
fo = np.argsort(F_rec, kind="stable")
f_rank = np.empty(NF, int)
f_rank[fo] = np.arange(NF)
fines = pd.DataFrame(
    {
        "fine_id": f_rank + 1,
        "notice_ref": F_ref,
        "trip_id": F_t + 1,
        "member_id": T_m[F_t] + 1,
        "plate": v_plate[T_v[F_t]],
        "offence_at": ts(F_off),
        "received_at": ts(F_rec),
        "kind": F_kind,
        "amount": F_amt,
        "status": f_status,
        "passed_on_at": ts(known(F_pass)),
        "paid_at": ts(known(F_paid)),
    }
).iloc[fo]
fines = fines[fk[fo]]

m_status = np.where(M_back <= T, "done", np.where(M_out <= T, "in_progress", "scheduled"))
mo = np.argsort(M_cr, kind="stable")
maintenance = pd.DataFrame(
    {
        "maintenance_id": np.arange(1, NMT + 1),
        "vehicle_id": M_v + 1,
        "damage_report_id": pd.array(np.where(M_dmg >= 0, M_dmg + 1, None), dtype="Int64"),
        "reason": M_reason,
        "created_at": ts(M_cr),
        "scheduled_for": ts(M_sch),
        "started_at": ts(known(M_out)),
        "finished_at": ts(known(M_back)),
        "status": m_status,
        "garage": M_garage,
        "cost": np.where(M_back <= T, M_cost, np.nan),
    }
)
maintenance = maintenance.iloc[mo][(M_cr <= T)[mo]]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE zones (zone_id INTEGER PRIMARY KEY, name VARCHAR, kind VARCHAR, area_km2 DOUBLE, opened_on DATE);
CREATE TABLE vehicles (vehicle_id INTEGER PRIMARY KEY, plate VARCHAR UNIQUE,
                       home_zone_id INTEGER REFERENCES zones(zone_id), model VARCHAR, fuel_type VARCHAR,
                       seats INTEGER, model_year INTEGER, colour VARCHAR, hourly_rate DOUBLE, added_at TIMESTAMP,
                       status VARCHAR, odometer_km DOUBLE, retired_at TIMESTAMP);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, email VARCHAR, home_zone_id INTEGER REFERENCES zones(zone_id),
                      birth_year INTEGER, joined_at TIMESTAMP, licence_status VARCHAR, licence_verified_at TIMESTAMP,
                      licence_expires_on DATE, tier VARCHAR, total_trips INTEGER, last_trip_at TIMESTAMP,
                      marketing_opt_in BOOLEAN, referral_code VARCHAR);
CREATE TABLE licence_checks (member_id INTEGER, checked_at TIMESTAMP, result VARCHAR, method VARCHAR);
CREATE TABLE reservations (reservation_id INTEGER PRIMARY KEY, member_id INTEGER, vehicle_plate VARCHAR,
                           pickup_zone_id INTEGER, booked_at TIMESTAMP, start_at TIMESTAMP, end_at TIMESTAMP,
                           channel VARCHAR, status VARCHAR, cancelled_at TIMESTAMP);
CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, reservation_id INTEGER,
                    member_id INTEGER REFERENCES members(member_id), vehicle_id INTEGER, start_zone_id INTEGER,
                    end_zone_id INTEGER, started_at TIMESTAMP, ended_at TIMESTAMP, distance_km DOUBLE,
                    fuel_used_l DOUBLE, energy_kwh DOUBLE, cost DOUBLE);
CREATE TABLE damage_reports (report_id INTEGER PRIMARY KEY, trip_id INTEGER, vehicle_id INTEGER, member_id INTEGER,
                             reported_at TIMESTAMP, severity VARCHAR, description VARCHAR, status VARCHAR,
                             at_fault BOOLEAN, assessed_at TIMESTAMP, resolved_at TIMESTAMP, repair_cost DOUBLE);
CREATE TABLE fines (fine_id INTEGER PRIMARY KEY, notice_ref VARCHAR, trip_id INTEGER, member_id INTEGER,
                    plate VARCHAR, offence_at TIMESTAMP, received_at TIMESTAMP, kind VARCHAR, amount DOUBLE,
                    status VARCHAR, passed_on_at TIMESTAMP, paid_at TIMESTAMP);
CREATE TABLE maintenance (maintenance_id INTEGER PRIMARY KEY, vehicle_id INTEGER, damage_report_id INTEGER,
                          reason VARCHAR, created_at TIMESTAMP, scheduled_for TIMESTAMP, started_at TIMESTAMP,
                          finished_at TIMESTAMP, status VARCHAR, garage VARCHAR, cost DOUBLE);
""")
total = 0
for name, df in [
    ("zones", zones),
    ("vehicles", vehicles),
    ("members", members),
    ("licence_checks", licence_checks),
    ("reservations", reservations),
    ("trips", trips),
    ("damage_reports", damage_reports),
    ("fines", fines),
    ("maintenance", maintenance),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
print("total", total)
con.close()
