"""An IoT fleet of delivery vehicles with telemetry (depots, vehicles, drivers, trips, 15-minute telemetry readings
timed in epoch milliseconds, alerts, maintenance work orders, a firmware update log), seeded:
`python benchmarks/trials/fleet.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 sites, 200 vehicles, about 290 drivers, 120k trips,
about 460k telemetry readings, 27k alerts, 2.6k work orders, 700 firmware updates (about 20 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: maintenance.scheduled_for (a preventive order is opened 14 days before
the day it is scheduled for). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- sites (6): workload LogNormal(0, .25) x 1.2 trips per vehicle-day, urban (avg speed 24 km/h) or regional
  (42 km/h); site 6 opens 2024-02-15 with its vehicles commissioned then. region, name are noise
- workload seasonality: weekday Mon-Fri 1.0, Sat .55, Sun .2; month Dec 1.45, Nov 1.15, Aug .85, else 1.0
- vehicles (200): 3 models (VX-1 .5, VX-2 .3, HX-9 .2); HX-9 wears 1.6x faster; 160 commissioned 2019-2022
  (odometer at START = age days x 28 km x LogNormal(0, .2)), 40 during the span (site 6's 24 on 2024-02-15)
  latent wear rate LogNormal(0, .3)
- degradation D (hidden): per km driven += 2.6e-4 x wear_rate x model x (1 + age_years / 6) x driver harshness^0.3;
  a corrective repair D *= .15, a preventive service D *= .6
- failure hazard per vehicle-day = .0018 x exp(1.7 D) x (.3 + km_today / 40); a failure opens a corrective work
  order (kind 'corrective') U(0, 2h) after the day's last trip; reason drawn by weights engine 0.4 + D,
  brakes .35 x harshness of the day's drivers, electrical .3 (x3 while on firmware 4.0), tires .2 + km since last
  tire job / 20000, battery max(0, battery age years - 1.2); the vehicle is out of service (status 'in_repair')
  until completed_at = opened + (1 + Gamma(2, 1.5)) days (engine x2); scheduled_for = opened + U(0, 12h)
- preventive: due 90 days after commissioning / the last service; its order (kind 'preventive', reason 'service')
  is opened 14 days before scheduled_for (set ahead); the vehicle is off the road the first day on or after
  scheduled_for it is not in repair; completed that day U(2, 8) h after 08:00
- cost (filled at completion): service LogNormal(log 260, .25); corrective base engine 2600, brakes 650,
  electrical 900, tires 480, battery 320 x (1 + .4 D at failure) x LogNormal(0, .35)
- telemetry: one reading at each trip's start and every 15 min (+-30 s) while it runs; ts_ms = epoch ms (UTC-naive);
  speed = trip average x N(1, .25); engine_temp = 86 + 6 D + 3 x summer(Jun-Aug) + 2 speed/50 + N(0, 1.5) <- the
  drift before failures; battery_v = 14.1 - .45 battery age years - .25 winter(Dec-Feb) + N(0, .2); fault_code
  (mostly NULL) with p = .002 + .03 max(0, D - .8) ('P0217' overheat, 'P0300' misfire), + .05 if battery_v <
  12.4 ('P0562'), + .01 on firmware 4.0 ('U0100')
- trips: Poisson(site workload x season) per available vehicle-day, start 06:00-18:00, duration Gamma(2, 25 min),
  distance = hours x site speed x LogNormal(0, .2); driver: a random active driver of the site;
  ended_at and distance_km filled at the trip's end
- drivers: hired before the span or when a site has fewer than 1.1 active drivers per vehicle; harshness
  LogNormal(0, .45); termination hazard per day 1/1400 x harshness; terminated_at filled later
- alerts: per trip Poisson(.12 x harshness) 'harsh_braking' (low); 'overheat' (high) at the first reading over
  100 C; 'low_battery' (medium) at the first reading under 12.2 V; 'fault' (medium) at each fault code;
  acknowledged_at = raised + Exp(1 h high, 5 h else), 4% never (NULL)
- firmware: rollouts 3.2 2023-04-01, 3.3 2023-11-15, 4.0 2024-06-01, 4.1 2024-10-01; each vehicle in service
  updates Exp(12 days) after (if still on an older one); new vehicles come with the current version;
  vehicles.firmware_version is TODAY's version
- retirement: per day (no open order) hazard 1/4000 if over 5 years old + 1/5000 x failures in the last 180 days;
  status 'retired' and retired_at set; no trips after
- vehicles.odometer_km, status ('active' / 'in_repair' / 'retired'), retired_at, firmware_version hold TODAY's
  state; trips.ended_at/distance_km, alerts.acknowledged_at, maintenance.completed_at/cost/status,
  drivers.terminated_at are filled in later
- keys: PK declared on every table but telemetry; REFERENCES declared for vehicles, trips, maintenance; telemetry,
  alerts and firmware_updates keep their links undeclared; telemetry.ts_ms is an epoch-ms BIGINT (no time column
  until set: graph.set_time_column("telemetry", "ts_ms", unit="ms")); a view trips_by_sites gives trips their site
- `python fleet.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  column is as it stood at DATE (exact)
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
EPOCH_MS0 = int((START - pd.Timestamp("1970-01-01")).total_seconds() * 1000)


def secs(ts) -> float:
    return (pd.Timestamp(ts) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


MONTH = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.85, 1.0, 1.0, 1.15, 1.45])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.2])
FW = [
    ("3.2", secs("2023-04-01")),
    ("3.3", secs("2023-11-15")),
    ("4.0", secs("2024-06-01")),
    ("4.1", secs("2024-10-01")),
]

# ---------------- sites
NS = 6
s_work = np.exp(rng.normal(0, 0.25, NS)) * 1.2
s_urban = rng.random(NS) < 0.5
s_speed = np.where(s_urban, 24.0, 42.0)
s_open = np.array([secs("2019-03-01") + rng.integers(0, 900) * DAY for _ in range(NS)])
s_open[5] = secs("2024-02-15")
sites = pd.DataFrame(
    {
        "site_id": np.arange(1, NS + 1),
        "name": [f"Depot {c}" for c in ["North", "Harbor", "East", "Airport", "Valley", "South"]],
        "region": rng.choice(["north", "south", "west"], NS),
        "kind": np.where(s_urban, "urban", "regional"),
        "opened_at": ts(s_open),
    }
)

# ---------------- vehicles
NV = 200
v_site = np.concatenate([rng.integers(0, 5, 176), np.full(24, 5)])
v_model = rng.choice(3, NV, p=[0.5, 0.3, 0.2])
MODELS = np.array(["VX-1", "VX-2", "HX-9"])
v_model_mult = np.array([1.0, 1.0, 1.6])[v_model]
v_wear = np.exp(rng.normal(0, 0.3, NV))
v_comm = np.empty(NV)
v_comm[:160] = secs("2019-01-01") + rng.uniform(0, 4 * 365, 160) * DAY
v_comm[160:176] = secs("2023-02-01") + rng.uniform(0, 600, 16) * DAY
v_comm[176:] = secs("2024-02-15") + rng.uniform(0, 0.3, 24) * DAY
v_comm = np.maximum(v_comm, s_open[v_site] + 3600)
v_odo0 = np.where(v_comm < 0, -v_comm / DAY * 28 * np.exp(rng.normal(0, 0.2, NV)), 0.0).round(1)
v_fw0 = np.array(["3.1"] * NV, dtype=object)
for ver, t in FW:
    v_fw0[v_comm >= t] = ver
v_batt_install = np.where(v_comm < 0, v_comm + rng.uniform(0, 2.5 * 365, NV) * DAY, v_comm)
v_vin = [f"VIN{rng.integers(10**8, 10**9)}" for _ in range(NV)]
v_color = rng.choice(["white", "silver", "blue"], NV)

# ---------------- drivers (hired on demand)
d_site, d_hired, d_harsh, d_term = [], [], [], []


def hire(site, t):
    d_site.append(site)
    d_hired.append(t)
    d_harsh.append(float(np.exp(rng.normal(0, 0.45))))
    d_term.append(np.inf)


for s in range(NS):
    n0 = int(np.ceil(1.1 * np.sum((v_site == s) & (v_comm < 0))))
    for _ in range(n0):
        hire(s, s_open[s] + rng.uniform(0, 1) * max(-s_open[s], DAY))

# ---------------- the day-by-day simulation
D = np.zeros(NV)
D[:] = np.where(v_comm < 0, rng.uniform(0, 0.8, NV), 0.0)
fw = v_fw0.copy()
fw_pending = np.full(NV, np.inf)  # time of the vehicle's next update
fw_target = np.array([None] * NV, dtype=object)
fw_log = []  # (vehicle, t, from, to)
retired = np.full(NV, np.inf)
repair_until = np.full(NV, -np.inf)
next_due = np.where(v_comm < 0, rng.uniform(0, 90, NV) * DAY, v_comm + 90 * DAY)  # preventive scheduled_for
prev_open = np.full(NV, -1)  # index of the open preventive order, -1 none
tire_km = rng.uniform(0, 15000, NV)
fail_times = [[] for _ in range(NV)]
WO = {k: [] for k in ["v", "opened", "sched", "done", "cost", "reason", "kind"]}
TR = {k: [] for k in ["v", "driver", "start", "end", "dist"]}
TEL = {k: [] for k in ["v", "t", "speed", "temp", "batt", "fault"]}
AL = {k: [] for k in ["v", "driver", "t", "type", "sev", "ack"]}
fw_i = 0


def open_preventive(v, sched):
    WO["v"].append(v)
    WO["opened"].append(sched - 14 * DAY + rng.uniform(8, 17) * 3600)
    WO["sched"].append(sched)
    WO["done"].append(np.inf)
    WO["cost"].append(round(float(np.exp(rng.normal(np.log(260), 0.25))), 2))
    WO["reason"].append("service")
    WO["kind"].append("preventive")
    return len(WO["v"]) - 1


def alert(v, drv, t, typ, sev):
    AL["v"].append(v)
    AL["driver"].append(drv)
    AL["t"].append(t)
    AL["type"].append(typ)
    AL["sev"].append(sev)
    ack = t + rng.exponential(1.0 if sev == "high" else 5.0) * 3600
    AL["ack"].append(np.inf if rng.random() < 0.04 else ack)


for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    season = MONTH[day.month - 1] * WEEKDAY[day.weekday()]
    summer = 1.0 if day.month in (6, 7, 8) else 0.0
    winter = 1.0 if day.month in (12, 1, 2) else 0.0
    # firmware rollouts
    while fw_i < len(FW) and FW[fw_i][1] < t0 + DAY:
        ver, tr = FW[fw_i]
        live = (v_comm < tr) & (retired > tr)
        fw_pending[live] = tr + rng.exponential(12, live.sum()) * DAY
        fw_target[live] = ver
        fw_i += 1
    for v in np.flatnonzero(fw_pending < t0 + DAY):
        tu = fw_pending[v]
        if retired[v] <= tu:
            fw_pending[v] = np.inf
            continue
        if fw[v] != fw_target[v]:
            fw_log.append((v, tu, fw[v], fw_target[v]))
            fw[v] = fw_target[v]
        fw_pending[v] = np.inf
    # drivers: terminations and hires
    for i in range(len(d_site)):
        if d_term[i] == np.inf and d_hired[i] < t0 and rng.random() < d_harsh[i] / 1400:
            d_term[i] = t0 + rng.uniform(8, 18) * 3600
    live_v = (v_comm < t0 + DAY) & (retired > t0)
    dsite = np.array(d_site)
    dactive = (np.array(d_hired) < t0) & (np.array(d_term) > t0 + DAY)
    for s in range(NS):
        need = int(np.ceil(1.1 * np.sum(live_v & (v_site == s))))
        have = int(np.sum(dactive & (dsite == s)))
        for _ in range(max(0, need - have)):
            hire(s, max(t0 - rng.uniform(1, 5) * DAY, s_open[s]))
    dsite = np.array(d_site)
    dactive = (np.array(d_hired) < t0) & (np.array(d_term) > t0 + DAY)
    pools = [np.flatnonzero(dactive & (dsite == s)) for s in range(NS)]
    # preventive orders opened 14 days ahead
    for v in np.flatnonzero(live_v & (prev_open < 0) & (next_due - 14 * DAY < t0 + DAY)):
        prev_open[v] = open_preventive(v, next_due[v])
    n_trips = rng.poisson(s_work[v_site] * season, NV)
    for v in range(NV):
        if not (v_comm[v] < t0 and retired[v] > t0 + DAY):
            continue
        if repair_until[v] > t0 + 6 * 3600:
            continue
        w = prev_open[v]
        if w >= 0 and WO["sched"][w] < t0 + DAY:  # service day: off the road
            WO["done"][w] = t0 + 8 * 3600 + rng.uniform(2, 8) * 3600
            D[v] *= 0.6
            prev_open[v] = -1
            next_due[v] = np.floor(WO["done"][w] / DAY) * DAY + 90 * DAY + rng.uniform(8, 12) * 3600
            continue
        km_today, harsh_sum, last_end = 0.0, 0.0, None
        pool = pools[v_site[v]]
        if len(pool) == 0:
            continue
        starts = np.sort(t0 + rng.uniform(6, 18, n_trips[v]) * 3600)
        age_y = (t0 - v_comm[v]) / DAY / 365
        batt_age = (t0 - v_batt_install[v]) / DAY / 365
        for st in starts:
            st = max(st, last_end + 600) if last_end is not None else st
            drv = int(pool[rng.integers(0, len(pool))])
            dur = rng.gamma(2.0, 25.0) * 60
            dist = dur / 3600 * s_speed[v_site[v]] * np.exp(rng.normal(0, 0.2))
            en = st + dur
            TR["v"].append(v)
            TR["driver"].append(drv)
            TR["start"].append(st)
            TR["end"].append(en)
            TR["dist"].append(round(dist, 2))
            nr = 1 + int(dur // 900)
            rt = st + np.arange(nr) * 900.0 + np.r_[0.0, rng.uniform(-30, 30, nr - 1)]
            avg = dist / (dur / 3600)
            speed = np.clip(avg * rng.normal(1, 0.25, nr), 0, None)
            temp = 86 + 6 * D[v] + 3 * summer + 2 * speed / 50 + rng.normal(0, 1.5, nr)
            batt = 14.1 - 0.45 * batt_age - 0.25 * winter + rng.normal(0, 0.2, nr)
            pf = 0.002 + 0.03 * max(0.0, D[v] - 0.8) + 0.05 * (batt < 12.4) + 0.01 * (fw[v] == "4.0")
            u = rng.random(nr)
            code = np.where(
                u < pf,
                np.array(["P0217", "P0300", "P0562", "U0100"])[rng.choice(4, nr, p=[0.45, 0.45, 0.05, 0.05])],
                None,
            )
            code = np.where((u < pf) & (batt < 12.4) & (rng.random(nr) < 0.7), "P0562", code)
            TEL["v"].append(np.full(nr, v))
            TEL["t"].append(rt)
            TEL["speed"].append(speed.round(1))
            TEL["temp"].append(temp.round(1))
            TEL["batt"].append(batt.round(2))
            TEL["fault"].append(code)
            h = d_harsh[drv]
            for _ in range(rng.poisson(0.12 * h)):
                alert(v, drv, st + rng.uniform(0, dur), "harsh_braking", "low")
            hot = np.flatnonzero(temp > 100)
            if len(hot):
                alert(v, drv, rt[hot[0]], "overheat", "high")
            low = np.flatnonzero(batt < 12.2)
            if len(low):
                alert(v, drv, rt[low[0]], "low_battery", "medium")
            for i in np.flatnonzero(code != None):  # noqa: E711
                alert(v, drv, rt[i] + 1, "fault", "medium")
            D[v] += dist * 2.6e-4 * v_wear[v] * v_model_mult[v] * (1 + age_y / 6) * h**0.3
            km_today += dist
            harsh_sum += h
            tire_km[v] += dist
            last_end = en
        nt = len(starts)
        hz = 0.0018 * np.exp(1.7 * D[v]) * (0.3 + km_today / 40)
        if rng.random() < 1 - np.exp(-hz):
            tf = (last_end if last_end is not None else t0 + rng.uniform(8, 16) * 3600) + rng.uniform(0, 2) * 3600
            hmean = harsh_sum / nt if nt else 1.0
            wts = np.array(
                [
                    0.4 + D[v],
                    0.35 * hmean,
                    0.3 * (3 if fw[v] == "4.0" else 1),
                    0.2 + tire_km[v] / 20000,
                    max(0.0, batt_age - 1.2),
                ]
            )
            r = rng.choice(5, p=wts / wts.sum())
            reason = ["engine", "brakes", "electrical", "tires", "battery"][r]
            rep = (1 + rng.gamma(2.0, 1.5)) * (2 if r == 0 else 1) * DAY
            base = [2600, 650, 900, 480, 320][r]
            WO["v"].append(v)
            WO["opened"].append(tf)
            WO["sched"].append(tf + rng.uniform(0, 12) * 3600)
            WO["done"].append(tf + rep)
            WO["cost"].append(round(base * (1 + 0.4 * D[v]) * float(np.exp(rng.normal(0, 0.35))), 2))
            WO["reason"].append(reason)
            WO["kind"].append("corrective")
            repair_until[v] = tf + rep
            D[v] *= 0.15
            if r == 3:
                tire_km[v] = 0.0
            if r == 4:
                v_batt_install[v] = tf + rep
            fail_times[v].append(tf)
        elif prev_open[v] < 0 and repair_until[v] < t0:
            recent = sum(1 for x in fail_times[v] if x > t0 - 180 * DAY)
            p = (1 / 4000 if age_y > 5 else 0.0) + recent / 5000
            if rng.random() < p:
                retired[v] = t0 + rng.uniform(17, 23) * 3600

# ---------------- tables as they stood at CUT (every random value is drawn above)
tr = pd.DataFrame(TR).sort_values("start", kind="stable").reset_index(drop=True)
tr["trip_id"] = np.arange(1, len(tr) + 1)
tel = pd.DataFrame({k: np.concatenate(v) for k, v in TEL.items()}).sort_values("t", kind="stable")
tel["reading_id"] = np.arange(1, len(tel) + 1)
al = pd.DataFrame(AL).sort_values("t", kind="stable").reset_index(drop=True)
al["alert_id"] = np.arange(1, len(al) + 1)
wo = pd.DataFrame(WO).sort_values("opened", kind="stable").reset_index(drop=True)
wo["wo_id"] = np.arange(1, len(wo) + 1)
fl = pd.DataFrame(fw_log, columns=["v", "t", "from", "to"]).sort_values("t", kind="stable").reset_index(drop=True)
fl["update_id"] = np.arange(1, len(fl) + 1)

trips = tr[tr.start <= T]
trips = pd.DataFrame(
    {
        "trip_id": trips.trip_id,
        "vehicle_id": trips.v + 1,
        "driver_id": trips.driver + 1,
        "started_at": ts(trips.start),
        "ended_at": ts(known(trips.end)),
        "distance_km": np.where(trips.end <= T, trips.dist, np.nan),
    }
)
tel = tel[tel.t <= T]
telemetry = pd.DataFrame(
    {
        "reading_id": tel.reading_id,
        "vehicle_id": tel.v + 1,
        "ts_ms": (EPOCH_MS0 + np.round(tel.t.to_numpy() * 1000)).astype(np.int64),
        "speed_kmh": tel.speed,
        "engine_temp_c": tel.temp,
        "battery_v": tel.batt,
        "fault_code": tel.fault,
    }
)
al = al[al.t <= T]
alerts = pd.DataFrame(
    {
        "alert_id": al.alert_id,
        "vehicle_id": al.v + 1,
        "driver_id": al.driver + 1,
        "raised_at": ts(al.t),
        "alert_type": al.type,
        "severity": al.sev,
        "acknowledged_at": ts(known(al.ack)),
    }
)
wo = wo[wo.opened <= T]
done = wo.done.to_numpy() <= T
maintenance = pd.DataFrame(
    {
        "wo_id": wo.wo_id,
        "vehicle_id": wo.v + 1,
        "kind": wo.kind,
        "reason": wo.reason,
        "opened_at": ts(wo.opened),
        "scheduled_for": ts(wo.sched),
        "completed_at": ts(known(wo.done)),
        "cost": np.where(done, wo.cost, np.nan),
        "status": np.where(done, "completed", "open"),
    }
)
fl = fl[fl.t <= T]
firmware_updates = pd.DataFrame(
    {
        "update_id": fl.update_id,
        "vehicle_id": fl.v + 1,
        "updated_at": ts(fl.t),
        "from_version": fl["from"],
        "to_version": fl["to"],
    }
)

# vehicles' today's state at CUT
fw_now = v_fw0.copy()
for v, t, _, to in fw_log:
    if t <= T:
        fw_now[v] = to
odo = v_odo0 + trips.groupby(trips.vehicle_id - 1).distance_km.sum().reindex(np.arange(NV)).fillna(0).to_numpy()
open_corr = wo[(wo.kind == "corrective") & (wo.done > T)].v.unique()
status = np.where(retired <= T, "retired", "active").astype(object)
status[np.isin(np.arange(NV), open_corr) & (retired > T)] = "in_repair"
vehicles = pd.DataFrame(
    {
        "vehicle_id": np.arange(1, NV + 1),
        "site_id": v_site + 1,
        "vin": v_vin,
        "model": MODELS[v_model],
        "color": v_color,
        "commissioned_at": ts(v_comm),
        "firmware_version": fw_now,
        "odometer_km": odo.round(1),
        "status": status,
        "retired_at": ts(known(retired)),
    }
)[v_comm <= T]
ND_ = len(d_site)
drivers = pd.DataFrame(
    {
        "driver_id": np.arange(1, ND_ + 1),
        "site_id": np.array(d_site) + 1,
        "name": [f"Driver {i}" for i in range(1, ND_ + 1)],
        "license_class": rng.choice(["B", "C1", "C"], ND_),
        "hired_at": ts(d_hired),
        "terminated_at": ts(known(d_term)),
    }
)[np.array(d_hired) <= T]
sites = sites[s_open <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE sites (site_id INTEGER PRIMARY KEY, name VARCHAR, region VARCHAR, kind VARCHAR, opened_at TIMESTAMP);
CREATE TABLE vehicles (vehicle_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites(site_id), vin VARCHAR,
                       model VARCHAR, color VARCHAR, commissioned_at TIMESTAMP, firmware_version VARCHAR,
                       odometer_km DOUBLE, status VARCHAR, retired_at TIMESTAMP);
CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites(site_id), name VARCHAR,
                      license_class VARCHAR, hired_at TIMESTAMP, terminated_at TIMESTAMP);
CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, vehicle_id INTEGER REFERENCES vehicles(vehicle_id),
                    driver_id INTEGER REFERENCES drivers(driver_id), started_at TIMESTAMP_NS, ended_at TIMESTAMP_NS,
                    distance_km DOUBLE);
CREATE TABLE telemetry (reading_id BIGINT, vehicle_id INTEGER, ts_ms BIGINT, speed_kmh DOUBLE,
                        engine_temp_c DOUBLE, battery_v DOUBLE, fault_code VARCHAR);
CREATE TABLE alerts (alert_id INTEGER PRIMARY KEY, vehicle_id INTEGER, driver_id INTEGER, raised_at TIMESTAMP,
                     alert_type VARCHAR, severity VARCHAR, acknowledged_at TIMESTAMP);
CREATE TABLE maintenance (wo_id INTEGER PRIMARY KEY, vehicle_id INTEGER REFERENCES vehicles(vehicle_id), kind VARCHAR,
                          reason VARCHAR, opened_at TIMESTAMP, scheduled_for TIMESTAMP, completed_at TIMESTAMP,
                          cost DOUBLE, status VARCHAR);
CREATE TABLE firmware_updates (update_id INTEGER PRIMARY KEY, vehicle_id INTEGER, updated_at TIMESTAMP,
                               from_version VARCHAR, to_version VARCHAR);
""")
for name, df in [
    ("sites", sites),
    ("vehicles", vehicles),
    ("drivers", drivers),
    ("trips", trips),
    ("telemetry", telemetry),
    ("alerts", alerts),
    ("maintenance", maintenance),
    ("firmware_updates", firmware_updates),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.execute(  # trips reach sites two links away (vehicles, drivers): daily trips per depot read this view
    "CREATE VIEW trips_by_sites AS SELECT t.* EXCLUDE (vehicle_id), v.site_id "
    "FROM trips AS t JOIN vehicles AS v ON t.vehicle_id = v.vehicle_id"
)
con.close()
