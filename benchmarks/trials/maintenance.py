"""An industrial predictive-maintenance database (plants in regions, machine models, machines that get installed
during the span and retired, daily sensor summaries with gaps, preventive work orders planned in advance,
corrective work orders after faults, failures, spare-part consumption with heavy-tailed prices, technicians),
seeded: `python benchmarks/trials/maintenance.py PATH`. Written by a fresh-eyes trial (2026-12-05), kept for
benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), span 2023-01-01 .. 2024-12-31, 360 machines in 12 plants:
- degradation D (hidden, per machine) grows each day by rate_type * (0.5 + load) * wear_m * runtime/16
  (wear_m ~ LogNormal(0, .35) latent); load ~ Beta(2, 2) is hidden, `duty_class` is its noisy tercile
  (20% of rows swapped to a neighbouring class, 8% NULL)
- sensors (table sensor_daily, one row per machine-day; 5% of days missing at random, plus outages of
  3-14 days at .3%/day; 2% of vibration NULL):
  vibration = vib_base(type) * (1 + 1.3 D) * LogNormal(0, .08)       <- the drift before failures
  temperature = ambient(region, day of year) + 14 load + 9 D + N(0, 1.5)   (South hottest, summer peak)
  runtime_hours = shift_hours(plant: 8/16/24) * weekday(2-shift plants work Mon-Sat, 8-hour ones Mon-Fri,
  24/7 all week) * util_m * season(+12% in Oct-Dec) * trend(East region +25% over the span) * N(1, .06);
  standby machines (4%, from a random date) run ~5%; days down for repair run 0
- failures: daily hazard 0.0003 * type_mult * model_defect(x2.2 for model 'KX-200') * (1 + age_years/12)
  * exp(2.4 D) * runtime/16; failure_type drawn by weights from machine type (pumps: seal_leak,
  conveyors: bearing/belt, compressors: overheating, cnc: electrical/spindle, presses: hydraulic),
  bearing x(1 + 1.5 vib drift), overheating x(1 + max(0, temp - 55)/4) (South, summer, high load);
  ~1.3 failures per machine-year; a failure opens a corrective work order (failure_id set) and a repair:
  D *= 0.05 if the technician's skill >= 3 else 0.45 (poor repairs fail again sooner); down for
  ceil(downtime_hours/24) days
- minor faults: hazard 0.6x the failure hazard, a corrective work order without a failure, D *= 0.75
- preventive work orders: every 60 / 90 / 180 days for criticality A / B / C (+-5 days); created 21 days
  before planned_date (known in advance); 10% cancelled (completed_at NULL), else completed 0-4 days after
  planned_date, D *= 0.3; those planned after the span end stay 'open'
- cost of a work order = labor_hours * technician rate (55-95/h) + its parts; parts: preventive consumables
  (filters, oil, belts; 15-120), corrective parts by failure type (bearings 200-900, seal kits 150-400,
  motors 3-18k, control boards 1.5-6k, hydraulic pumps 4-12k, spindles 8-25k; list price LogNormal);
  4% of corrective orders are overhauls x4 labor and +2 expensive parts
- part_usage: machine_id denormalised beside work_order_id; consumption per machine follows its type's
  compatible parts and its history of failure types
- retirement: hazard 1/4000 per day for machines over 12 years old, + 1/3000 per failure in the last 180
  days; status 'retired' and retired_at set, no rows after; new machines: 15% installed during the span
- noise attributes: serial_no, color, machines.manufacturer_ref, technicians.shift, plants.name
- keys: PK/REFERENCES declared on plants, machine_models, machines, technicians, failures, work_orders;
  part_usage, sensor_daily and parts keep their links undeclared (parts has a PK)
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
days = pd.date_range(START, END, freq="D")
ND = len(days)
dow = days.day_of_week.values
doy = days.day_of_year.values
month = days.month.values

# ---------------------------------------------------------------- plants
REGIONS = {"North": 8.0, "Central": 13.0, "South": 19.0, "East": 11.0}  # mean ambient C
NP = 12
plant_region = np.array(
    ["North", "North", "North", "Central", "Central", "Central", "South", "South", "South", "East", "East", "East"]
)
plant_shift = rng.choice([8, 16, 24], NP, p=[0.25, 0.45, 0.30])
plants = pd.DataFrame(
    {
        "plant_id": np.arange(1, NP + 1),
        "name": [f"Plant {c}" for c in "ABCDEFGHIJKL"],
        "region": plant_region,
        "shift_pattern": np.where(plant_shift == 24, "24/7", np.where(plant_shift == 16, "2-shift", "1-shift")),
        "opened_year": rng.integers(1985, 2015, NP),
    }
)

# ---------------------------------------------------------------- models
TYPES = ["pump", "compressor", "conveyor", "cnc", "press"]
TYPE_RATE = {"pump": 0.011, "compressor": 0.013, "conveyor": 0.009, "cnc": 0.010, "press": 0.012}
TYPE_MULT = {"pump": 1.0, "compressor": 1.2, "conveyor": 0.8, "cnc": 0.9, "press": 1.1}
VIB_BASE = {"pump": 2.5, "compressor": 3.5, "conveyor": 1.8, "cnc": 1.2, "press": 4.0}
FT = ["bearing", "seal_leak", "overheating", "electrical", "belt", "spindle", "hydraulic"]
FT_W = {  # failure-type weights by machine type
    "pump": [2, 5, 1, 1, 0, 0, 0],
    "compressor": [2, 1, 4, 1, 1, 0, 0],
    "conveyor": [4, 0, 0.5, 1, 3, 0, 0],
    "cnc": [1, 0, 1, 3, 0, 3, 0],
    "press": [1, 1, 1, 1, 0, 0, 4],
}
models = []
mid = 0
for t in TYPES:
    for k in range(3):
        mid += 1
        models.append(
            {
                "model_id": mid,
                "model_name": f"{t[:2].upper()}-{100 * (k + 1)}",
                "machine_type": t,
                "manufacturer": rng.choice(["Siemtek", "Atlas", "Kobra", "Nordmek"]),
                "rated_power_kw": float(np.round(rng.lognormal(3, 0.6), 1)),
            }
        )
models[1]["model_name"] = "KX-200"  # the defective pump model
models = pd.DataFrame(models)
DEFECT = models["model_name"].eq("KX-200").values

# ---------------------------------------------------------------- machines
NM = 360
m_plant = rng.integers(0, NP, NM)
m_model = rng.integers(0, len(models), NM)
m_type = models["machine_type"].values[m_model]
new = rng.random(NM) < 0.15
install = np.where(
    new,
    START + pd.to_timedelta(rng.integers(30, ND - 60, NM), "D"),
    pd.to_datetime(pd.Series(rng.integers(2008, 2023, NM)).astype(str) + "-01-01")
    + pd.to_timedelta(rng.integers(0, 365, NM), "D"),
).astype("datetime64[ns]")
install = pd.DatetimeIndex(install)
load = rng.beta(2, 2, NM)
wear = rng.lognormal(0, 0.35, NM)
util = np.clip(rng.normal(0.75, 0.15, NM), 0.2, 1.0)
crit = rng.choice(["A", "B", "C"], NM, p=[0.25, 0.5, 0.25])
interval = np.array([{"A": 60, "B": 90, "C": 180}[c] for c in crit])
duty = np.digitize(load, [1 / 3, 2 / 3])
swap = rng.random(NM) < 0.2
duty = np.clip(duty + swap * rng.choice([-1, 1], NM), 0, 2)
duty_s = np.array(["light", "normal", "heavy"], dtype=object)[duty]
duty_s[rng.random(NM) < 0.08] = None
standby_from = np.where(rng.random(NM) < 0.04, rng.integers(100, ND, NM), ND + 1)

# ---------------------------------------------------------------- technicians
NT = 40
t_plant = np.concatenate([np.arange(NP), rng.integers(0, NP, NT - NP)])
t_skill = rng.integers(1, 6, NT)
t_rate = np.round(55 + 8 * t_skill + rng.normal(0, 4, NT), 2)
technicians = pd.DataFrame(
    {
        "technician_id": np.arange(101, 101 + NT),
        "plant_id": t_plant + 1,
        "full_name": [f"Tech {i:02d}" for i in range(NT)],
        "skill_level": t_skill,
        "hourly_rate": t_rate,
        "shift": rng.choice(["day", "night", "rotating"], NT),
        "hired_at": pd.Timestamp("2005-01-01") + pd.to_timedelta(rng.integers(0, 6500, NT), "D"),
    }
)
plant_techs = [np.flatnonzero(t_plant == p) for p in range(NP)]

# ---------------------------------------------------------------- parts
PARTS = [  # name, category, median price, for preventive?, failure types it fixes, machine types
    ("Oil filter", "consumable", 35, True, [], TYPES),
    ("Lubricant 5L", "consumable", 25, True, [], TYPES),
    ("Air filter", "consumable", 45, True, [], ["compressor", "pump"]),
    ("Drive belt", "consumable", 70, True, ["belt"], ["conveyor", "compressor"]),
    ("Coolant 20L", "consumable", 90, True, ["overheating"], ["cnc", "compressor"]),
    ("Bearing 6204", "bearing", 250, False, ["bearing"], TYPES),
    ("Bearing 6310", "bearing", 700, False, ["bearing"], ["press", "compressor", "pump"]),
    ("Seal kit", "seal", 220, False, ["seal_leak"], ["pump", "compressor", "press"]),
    ("Mechanical seal", "seal", 480, False, ["seal_leak"], ["pump"]),
    ("Motor 15kW", "motor", 6000, False, ["electrical", "overheating"], TYPES),
    ("Control board", "electronics", 3000, False, ["electrical"], ["cnc", "press", "compressor"]),
    ("Contactor", "electronics", 180, False, ["electrical"], TYPES),
    ("Hydraulic pump", "hydraulic", 7000, False, ["hydraulic"], ["press"]),
    ("Hydraulic hose", "hydraulic", 160, False, ["hydraulic", "seal_leak"], ["press"]),
    ("Spindle assembly", "spindle", 15000, False, ["spindle"], ["cnc"]),
    ("Heat exchanger", "cooling", 5000, False, ["overheating"], ["compressor"]),
    ("Conveyor roller", "mechanical", 120, False, ["bearing", "belt"], ["conveyor"]),
]
parts = pd.DataFrame(
    {
        "part_id": [f"P-{1000 + i}" for i in range(len(PARTS))],
        "part_name": [p[0] for p in PARTS],
        "category": [p[1] for p in PARTS],
        "list_price": [float(p[2]) for p in PARTS],
    }
)
EXPENSIVE = [i for i, p in enumerate(PARTS) if p[2] >= 3000]


def pick_parts(mtype, ftype, preventive):
    if preventive:
        cand = [i for i, p in enumerate(PARTS) if p[3] and mtype in p[5]]
        return list(rng.choice(cand, min(len(cand), rng.integers(1, 4)), replace=False))
    cand = [i for i, p in enumerate(PARTS) if ftype in p[4] and mtype in p[5]]
    if not cand:
        cand = [i for i, p in enumerate(PARTS) if not p[3] and mtype in p[5]]
    out = [rng.choice(cand)]
    if rng.random() < 0.35:
        out.append(rng.choice([i for i, p in enumerate(PARTS) if mtype in p[5]]))
    return out


# ---------------------------------------------------------------- simulate
amb_region = np.array([REGIONS[r] for r in plant_region])[m_plant]
east = plant_region[m_plant] == "East"
shift = plant_shift[m_plant]
vib_base = np.array([VIB_BASE[t] for t in m_type])
rate = np.array([TYPE_RATE[t] for t in m_type]) * (0.5 + load) * wear
hmult = np.array([TYPE_MULT[t] for t in m_type]) * np.where(DEFECT[m_model], 2.2, 1.0)
ftw = np.array([FT_W[t] for t in m_type], dtype=float)

D = rng.uniform(0, 0.6, NM)
down_until = np.full(NM, -1)
retired = np.full(NM, ND + 1)
outage_until = np.full(NM, -1)
first_pm = rng.integers(-40, interval)  # planned day index of the next preventive
next_pm = first_pm.copy()
pending_pm = {}  # day index -> list of (machine, wo index)
fail_days = [[] for _ in range(NM)]

sensor, wos, fails, usage = [], [], [], []


def tech_for(m):
    return rng.choice(plant_techs[m_plant[m]])


def add_wo(m, kind, created, planned, completed, status, ftype, failure_id, desc):
    ti = tech_for(m)
    lab = rng.lognormal(np.log(3 if kind == "preventive" else 6), 0.5)
    part_idx = [] if status == "cancelled" else pick_parts(m_type[m], ftype, kind == "preventive")
    if kind == "corrective" and rng.random() < 0.04:
        lab *= 4
        part_idx += list(rng.choice([i for i in EXPENSIVE if m_type[m] in PARTS[i][5]] or EXPENSIVE, 2))
        desc = "Overhaul: " + desc
    wo_id = 50000 + len(wos)
    cost = 0.0 if status == "cancelled" else lab * t_rate[ti]
    when = completed if completed is not None else created
    for pi in part_idx:
        qty = int(rng.integers(1, 3)) if PARTS[pi][1] == "consumable" else 1
        unit = float(np.round(PARTS[pi][2] * rng.lognormal(0, 0.3), 2))
        cost += qty * unit
        usage.append(
            (
                len(usage) + 1,
                wo_id,
                int(m + 1),
                parts["part_id"].iloc[pi],
                qty,
                unit,
                when + pd.Timedelta(hours=int(rng.integers(0, 8))),
            )
        )
    wos.append(
        {
            "work_order_id": wo_id,
            "machine_id": m + 1,
            "technician_id": int(technicians["technician_id"].iloc[ti]),
            "wo_type": kind,
            "created_at": created,
            "planned_date": planned,
            "completed_at": completed,
            "status": status,
            "failure_id": failure_id,
            "description": desc,
            "labor_hours": None if status == "cancelled" else round(float(lab), 2),
            "cost": None if status != "completed" else round(float(cost), 2),
        }
    )
    return ti


for d in range(ND):
    day = days[d]
    alive = (install <= day) & (retired > d)
    amb = amb_region + 9 * np.cos(2 * np.pi * (doy[d] - 200) / 365)
    wk = np.where(shift == 24, 1.0, np.where(shift == 16, 1.0 if dow[d] < 6 else 0.15, 1.0 if dow[d] < 5 else 0.1))
    season = 1.12 if month[d] >= 10 else 1.0
    trend = np.where(east, 1 + 0.25 * d / ND, 1.0)
    rt = np.clip(shift * wk * util * season * trend * rng.normal(1, 0.06, NM), 0, 24)
    rt = np.where(d >= standby_from, rt * 0.05, rt)
    rt = np.where(down_until >= d, 0.0, rt)
    D = np.where(alive, D + rate * rt / 16, D)
    age = (day - install).days.values / 365.25
    temp = amb + 14 * load + 9 * D + rng.normal(0, 1.5, NM)
    vib = vib_base * (1 + 1.3 * D) * rng.lognormal(0, 0.08, NM)
    # sensor rows
    outage_start = rng.random(NM) < 0.003
    outage_until = np.where(outage_start & (outage_until < d), d + rng.integers(3, 15, NM), outage_until)
    rec = alive & (rng.random(NM) > 0.05) & (outage_until < d)
    vnull = rng.random(NM) < 0.02
    for m in np.flatnonzero(rec):
        sensor.append(
            (
                m + 1,
                day,
                round(float(temp[m]), 1),
                None if vnull[m] else round(float(vib[m]), 3),
                round(float(rt[m]), 2),
            )
        )
    # preventive: create 21 days before planned
    for m in np.flatnonzero(alive & (next_pm - 21 == d)):
        planned = d + 21
        cancel = rng.random() < 0.10
        done = planned + int(rng.integers(0, 5))
        if cancel:
            status, comp = "cancelled", None
        elif done >= ND:
            status, comp = "open", None
        else:
            status, comp = "completed", days[done] + pd.Timedelta(hours=int(rng.integers(7, 17)))
            pending_pm.setdefault(done, []).append(m)
        add_wo(
            m,
            "preventive",
            day + pd.Timedelta(hours=int(rng.integers(8, 12))),
            (START + pd.Timedelta(days=planned)).date(),
            comp,
            status,
            None,
            None,
            f"{'Monthly' if interval[m] == 60 else 'Quarterly' if interval[m] == 90 else 'Semiannual'} PM: "
            "lubrication, filters, inspection",
        )
        next_pm[m] = planned + interval[m] + int(rng.integers(-5, 6))
    for m in pending_pm.pop(d, []):
        if retired[m] > d:
            D[m] *= 0.3
    # failures
    h = 0.0003 * hmult * (1 + age / 12) * np.exp(2.4 * D) * rt / 16
    h = np.where(alive & (down_until < d), h, 0)
    u = rng.random(NM)
    for m in np.flatnonzero(u < h):
        w = ftw[m].copy()
        w[0] *= 1 + 1.5 * (vib[m] / vib_base[m] - 1)
        w[2] *= 1 + max(0.0, temp[m] - 55) / 4
        ftype = FT[rng.choice(len(FT), p=w / w.sum())]
        fid = 9000 + len(fails)
        at = day + pd.Timedelta(minutes=int(rng.integers(0, 1440)))
        downtime = float(rng.lognormal(np.log(18), 0.8))
        fails.append(
            {
                "failure_id": fid,
                "machine_id": m + 1,
                "failed_at": at,
                "failure_type": ftype,
                "severity": rng.choice(["minor", "major", "critical"], p=[0.3, 0.5, 0.2]),
                "downtime_hours": round(downtime, 1),
            }
        )
        comp = at + pd.Timedelta(hours=downtime)
        ti = add_wo(
            m,
            "corrective",
            at + pd.Timedelta(minutes=int(rng.integers(5, 90))),
            None,
            comp if comp <= END + pd.Timedelta(hours=23) else None,
            "completed" if comp <= END + pd.Timedelta(hours=23) else "open",
            ftype,
            fid,
            f"Repair after {ftype.replace('_', ' ')} failure",
        )
        D[m] *= 0.05 if t_skill[ti] >= 3 else 0.45
        down_until[m] = d + int(np.ceil(downtime / 24))
        fail_days[m].append(d)
    # minor faults
    for m in np.flatnonzero((u >= h) & (rng.random(NM) < 0.6 * h)):
        at = day + pd.Timedelta(minutes=int(rng.integers(0, 1440)))
        ftype = FT[rng.choice(len(FT), p=ftw[m] / ftw[m].sum())]
        add_wo(
            m,
            "corrective",
            at,
            None,
            at + pd.Timedelta(hours=float(rng.lognormal(1, 0.6))),
            "completed",
            ftype,
            None,
            f"Minor fault: {ftype.replace('_', ' ')} adjustment",
        )
        D[m] *= 0.75
    # retirement
    recent = np.array([sum(1 for f in fail_days[m] if d - f < 180) for m in range(NM)])
    hr = np.where(age > 12, 1 / 4000, 0) + recent / 3000
    for m in np.flatnonzero(alive & (rng.random(NM) < hr)):
        retired[m] = d + 1

status = np.where(retired <= ND, "retired", np.where(standby_from <= ND, "standby", "active"))
machines = pd.DataFrame(
    {
        "machine_id": np.arange(1, NM + 1),
        "plant_id": m_plant + 1,
        "model_id": m_model + 1,
        "serial_no": [f"SN{rng.integers(10**7, 10**8)}" for _ in range(NM)],
        "install_date": install.date,
        "criticality": crit,
        "duty_class": duty_s,
        "color": rng.choice(["grey", "blue", "green", "orange"], NM),
        "status": status,
        "retired_at": [days[r - 1] + pd.Timedelta(hours=17) if r <= ND else pd.NaT for r in retired],
    }
)
sensor = pd.DataFrame(
    sensor, columns=["machine_id", "reading_date", "temperature_c", "vibration_mm_s", "runtime_hours"]
)
sensor["reading_date"] = sensor["reading_date"].dt.date
wos = pd.DataFrame(wos)
# open preventive orders of retired machines are cancelled
ret_at = machines.set_index("machine_id")["retired_at"]
gone = wos["status"].eq("open") & wos["machine_id"].map(ret_at).notna()
wos.loc[gone, "status"] = "cancelled"
fails = pd.DataFrame(fails)
usage = pd.DataFrame(
    usage, columns=["usage_id", "work_order_id", "machine_id", "part_id", "quantity", "unit_cost", "used_at"]
)

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE plants (plant_id INTEGER PRIMARY KEY, name VARCHAR, region VARCHAR, shift_pattern VARCHAR,
                     opened_year INTEGER);
CREATE TABLE machine_models (model_id INTEGER PRIMARY KEY, model_name VARCHAR, machine_type VARCHAR,
                             manufacturer VARCHAR, rated_power_kw DOUBLE);
CREATE TABLE machines (machine_id INTEGER PRIMARY KEY, plant_id INTEGER REFERENCES plants(plant_id),
                       model_id INTEGER REFERENCES machine_models(model_id), serial_no VARCHAR, install_date DATE,
                       criticality VARCHAR, duty_class VARCHAR, color VARCHAR, status VARCHAR,
                       retired_at TIMESTAMP);
CREATE TABLE technicians (technician_id INTEGER PRIMARY KEY, plant_id INTEGER REFERENCES plants(plant_id),
                          full_name VARCHAR, skill_level INTEGER, hourly_rate DOUBLE, shift VARCHAR,
                          hired_at DATE);
CREATE TABLE parts (part_id VARCHAR PRIMARY KEY, part_name VARCHAR, category VARCHAR, list_price DOUBLE);
CREATE TABLE failures (failure_id INTEGER PRIMARY KEY, machine_id INTEGER REFERENCES machines(machine_id),
                       failed_at TIMESTAMP, failure_type VARCHAR, severity VARCHAR, downtime_hours DOUBLE);
CREATE TABLE work_orders (work_order_id INTEGER PRIMARY KEY, machine_id INTEGER REFERENCES machines(machine_id),
                          technician_id INTEGER REFERENCES technicians(technician_id), wo_type VARCHAR,
                          created_at TIMESTAMP, planned_date DATE, completed_at TIMESTAMP, status VARCHAR,
                          failure_id INTEGER, description VARCHAR, labor_hours DOUBLE, cost DOUBLE);
CREATE TABLE part_usage (usage_id INTEGER PRIMARY KEY, work_order_id INTEGER, machine_id INTEGER,
                         part_id VARCHAR, quantity INTEGER, unit_cost DOUBLE, used_at TIMESTAMP);
CREATE TABLE sensor_daily (machine_id INTEGER, reading_date DATE, temperature_c DOUBLE, vibration_mm_s DOUBLE,
                           runtime_hours DOUBLE);
""")
technicians["hired_at"] = technicians["hired_at"].dt.date
for name, df in [
    ("plants", plants),
    ("machine_models", models),
    ("machines", machines),
    ("technicians", technicians),
    ("parts", parts),
    ("failures", fails),
    ("work_orders", wos),
    ("part_usage", usage),
    ("sensor_daily", sensor),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
con.close()
