"""A smart-building energy company's telemetry warehouse (sites, devices, daily readings, alerts, work orders,
technicians), seeded: `python benchmarks/trials/iot.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial
(2027-01), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 90 sites, 555 devices
(replacements included), 290,775 daily readings, 6,224 alerts, 1,695 work orders, 49 technicians (about 2 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW.

Truth (seed 0):
- sites (90): 6 cities in 3 climate zones (hot: Phoenix, Houston; temperate: Atlanta, Denver; cold: Chicago,
  Minneapolis); 72 onboarded 2018-2022, 18 during the span (their devices installed within 10 days);
  floor_area_sqm LogNormal(log 6000, .6); energy intensity LogNormal(0, .25); contract_tier starts basic .5 /
  plus .3 / premium .2, upgrades one step with hazard 1/900 per day, downgrades with 1/2500: the column holds
  TODAY's tier. timezone, account_manager are noise
- weather: outdoor temperature per zone and day = base - amp cos(2 pi (doy - 20) / 365) + AR(1) noise (sd 2.5,
  phi .7); hot 24/7, temperate 14/10, cold 8/14. HDD = max(0, 16 - Tout), CDD = max(0, Tout - 22)
- devices: per site 1-2 meters, 1 + Poisson(1.2) hvac units, Poisson(1.5) sensors; initial devices installed
  U(0, 6) years before 2023 (not before the site); models per type, model 'EM-100' (legacy meter) never updates
  firmware
- hidden health H (0 at install): per day += .003 x wear LogNormal(0, .35) x (1 + age_years / 4) x (hvac:
  1 + .02 (HDD + CDD)); a repair (device work order closed) H *= .25; a premium/plus preventive visit H *= .7 for
  the site's hvac units
- fault alerts per device-day: Poisson(.002 exp(1.6 H) (1 + age_years / 6) x 2.5 if on firmware 2.4.0 (hvac
  and meters)); type by device type (hvac: overheat, filter_clog, compressor_fault; meter: power_spike,
  voltage_sag; sensor: sensor_drift, low_battery (weight 1 + age_years)); on 2.4.0 a fault is 'firmware_error'
  w.p. .4; severity critical w.p. min(.8, .1 + .25 H), else warning. Noise: Poisson(.01) 'threshold' info alerts
- firmware: 2.2.0 2023-05-01, 2.4.0 2024-03-01 (buggy), 2.4.1 2024-07-15; each online device updates Exp(20 days)
  after a rollout; new devices come with the current version; devices.firmware_version is TODAY's version
- alerts: acknowledged_at = raised + Exp(2 h critical, 10 h warning, 30 h info), NULL w.p. .1 (info .4);
  a critical opens a device work order w.p. .85 after Exp(1.5 days), a warning w.p. .25 after Exp(4 days), if the
  device has none open; resolved_at = the order's closed_at; alerts without an order resolve after Exp(1 day)
  (warning, info) or Exp(6 days) (critical), NULL w.p. .15
- work orders: device orders closed opened + Gamma(2, 1.5) days, cost LogNormal(log 350, .5) x 2 (critical);
  preventive site orders (device_id NULL) every 90 days for premium, 180 for plus (tier at the time), cost
  LogNormal(log 220, .3); comm_loss orders when a device is silent 5+ days w.p. .5. assigned_tech: the site's
  preferred technician (its city) w.p. .6 if employed, else an employed technician of the city (hvac skill x3
  for hvac devices). closed_at, cost filled in at close; status is TODAY's ('open'/'closed')
- technicians: 4 per city before the span, leave with hazard 1/900 per day (left_on filled later), replaced
  U(5, 30) days later
- silence: a reporting device drops a day's reading w.p. .01 + .12 max(0, H - 1.5) (flaky before failing);
  it starts a silent spell with hazard .0003 (1 + age_years / 3) exp(.8 H) (sensors x2); the spell is permanent
  w.p. .3 (+.3 if over 6 years old): retired at start + 14 + Exp(20) days, else it lasts 1 + Gamma(1.5, 3) days;
  a 'comm_loss' warning is raised the day after the last reading. Planned retirement (no silence first): hazard
  1/1500 per day over 8 years of age. A retired device is replaced by a new one of its type U(3, 30) days later
- readings (daily, one row per reporting device-day, dated the day): meters kwh = area/1000 x 40 x intensity x
  (weekday 1, weekend .6) x (1 + .04 (HDD + CDD)) x LogNormal(0, .08); hvac kwh = capacity (area/2000 x
  LogNormal(0, .2)) x (2 + .5 HDD + .8 CDD) x (1 + .15 H) x LogNormal(0, .1), avg_temp_c = 21.5 + .8 H +
  .05 (Tout - 15) + N(0, .4); sensors avg_temp_c = 21 + site offset N(0, .7) + .12 (Tout - 15) + .6 H + N(0, .5);
  kwh NULL 1% of meter/hvac rows; quality 'est' 2%
- devices.status ('online' / 'offline' / 'retired'), firmware_version, last_seen_at hold TODAY's state;
  retired_at, alerts.acknowledged_at / resolved_at, work_orders.closed_at / cost / status, technicians.left_on
  are filled in later
- keys: PK declared on sites (site_code TEXT 'BLD-0001'), devices, alerts (TEXT 'AL-...'), work_orders (wo_number
  TEXT), technicians (tech_code TEXT 'T-07'); no REFERENCES anywhere; readings.dev_id, work_orders.assigned_tech
  are oddly named foreign keys; a view readings_by_site gives readings their site (two hops otherwise)
- `python iot.py OUT --as-of DATE` writes the same simulation as it stood at DATE (every random value drawn first,
  the simulation run to NOW, rows after DATE left out and today's-state columns as they stood at DATE)
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
INF = np.inf


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


CITIES = ["Phoenix", "Houston", "Atlanta", "Denver", "Chicago", "Minneapolis"]
CITY_ZONE = np.array([0, 0, 1, 1, 2, 2])
ZONES = np.array(["hot", "temperate", "cold"])
Z_BASE = np.array([24.0, 14.0, 8.0])
Z_AMP = np.array([7.0, 10.0, 14.0])
TZ = ["America/Phoenix", "America/Chicago", "America/New_York", "America/Denver", "America/Chicago", "America/Chicago"]
TIERS = ["basic", "plus", "premium"]
FW = [("2.2.0", secs("2023-05-01")), ("2.4.0", secs("2024-03-01")), ("2.4.1", secs("2024-07-15"))]
MODELS = {0: ["EM-100", "EM-300"], 1: ["AC-5", "AC-7X"], 2: ["TS-1", "TS-2"]}
DTYPES = np.array(["meter", "hvac", "sensor"])

# ---------------- sites
NS = 90
s_city = rng.integers(0, 6, NS)
s_zone = CITY_ZONE[s_city]
s_area = np.exp(rng.normal(np.log(6000), 0.6, NS)).round(0)
s_int = np.exp(rng.normal(0, 0.25, NS))
s_on = np.empty(NS)
s_on[:72] = secs("2018-01-01") + rng.uniform(0, 5 * 365, 72) * DAY
s_on[72:] = rng.uniform(20, ND - 30, 18) * DAY
s_tier0 = rng.choice(3, NS, p=[0.5, 0.3, 0.2])
s_toff = rng.normal(0, 0.7, NS)
s_mgr = rng.choice(["j.ortiz", "k.lee", "m.brown", "s.patel", None], NS)
s_code = [f"BLD-{i:04d}" for i in range(1, NS + 1)]

# ---------------- devices (arrays grow with replacements)
dv = {k: [] for k in ["site", "type", "model", "inst", "wear", "cap", "fw", "serial"]}


def new_device(site, typ, inst, fw):
    m = rng.integers(0, 2)
    dv["site"].append(site)
    dv["type"].append(typ)
    dv["model"].append(MODELS[typ][m])
    dv["inst"].append(inst)
    dv["wear"].append(float(np.exp(rng.normal(0, 0.35))))
    dv["cap"].append(float(s_area[site] / 2000 * np.exp(rng.normal(0, 0.2))))
    dv["fw"].append("1.9.3" if MODELS[typ][m] == "EM-100" else fw)
    dv["serial"].append(f"SN{rng.integers(10**7, 10**8)}")


for s in range(NS):
    for typ, n in [(0, 1 + rng.integers(0, 2)), (1, 1 + rng.poisson(1.2)), (2, rng.poisson(1.5))]:
        for _ in range(n):
            if s_on[s] < 0:
                inst = max(s_on[s] + rng.uniform(0, 10) * DAY, -rng.uniform(0, 6 * 365) * DAY)
            else:
                inst = s_on[s] + rng.uniform(0, 10) * DAY
            fw0 = "2.1.0"
            for ver, tr in FW:
                if inst >= tr:
                    fw0 = ver
            new_device(s, typ, inst, fw0)

MAXD = 900
H = np.zeros(MAXD)
retired = np.full(MAXD, INF)
silent_until = np.full(MAXD, -INF)  # silent through this time
silent_start = np.full(MAXD, INF)
perm_silent = np.zeros(MAXD, bool)
open_wo = np.full(MAXD, -1)
fw_pending = np.full(MAXD, INF)
fw_target = np.array([None] * MAXD, dtype=object)
fw_log = []  # (device, t, version)
comm_wo_done = np.zeros(MAXD, bool)

# ---------------- technicians
tc = {k: [] for k in ["city", "hired", "left", "skill", "name"]}


def hire_tech(city, t):
    tc["city"].append(city)
    tc["hired"].append(t)
    tc["left"].append(INF)
    tc["skill"].append(rng.choice(["hvac", "electrical", "general"], p=[0.4, 0.3, 0.3]))
    tc["name"].append(f"Tech {len(tc['city'])}")


for c in range(6):
    for _ in range(4):
        hire_tech(c, -rng.uniform(30, 2000) * DAY)
tech_repl = []  # (city, t)
s_pref = np.array([int(rng.choice(np.arange(c * 4, c * 4 + 4))) for c in s_city])

# ---------------- tier log
tier_log = []  # (site, t, tier)
s_tier = s_tier0.copy()
last_prev = np.array([max(s_on[s], 0.0) + rng.uniform(0, 60) * DAY for s in range(NS)])

AL = {k: [] for k in ["d", "t", "type", "sev", "ack", "res"]}
WO = {k: [] for k in ["site", "d", "tech", "opened", "closed", "cost", "cat", "alert"]}
RD = {k: [] for k in ["d", "day", "kwh", "temp", "q"]}
pending_alert_wo = []  # (t_open, alert index, device)

zone_noise = np.zeros(3)


def pick_tech(site, t, hvac):
    emp = [i for i in range(len(tc["city"])) if tc["city"][i] == s_city[site] and tc["hired"][i] <= t < tc["left"][i]]
    pref = s_pref[site]
    if rng.random() < 0.6 and pref in emp:
        return pref
    if not emp:
        return pref
    w = np.array([3.0 if (hvac and tc["skill"][i] == "hvac") else 1.0 for i in emp])
    return emp[int(rng.choice(len(emp), p=w / w.sum()))]


def open_order(site, d, t, cat, sev, alert_i):
    hvac = d >= 0 and dv["type"][d] == 1
    WO["site"].append(site)
    WO["d"].append(d)
    WO["tech"].append(pick_tech(site, t, hvac))
    WO["opened"].append(t)
    if d >= 0:
        dur = rng.gamma(2.0, 1.5) * DAY
        cost = float(np.exp(rng.normal(np.log(350), 0.5))) * (2 if sev == "critical" else 1)
    else:
        dur = rng.uniform(3, 9) * 3600
        cost = float(np.exp(rng.normal(np.log(220), 0.3)))
    WO["closed"].append(t + dur)
    WO["cost"].append(round(cost, 2))
    WO["cat"].append(cat)
    WO["alert"].append(alert_i)
    return len(WO["site"]) - 1


def raise_alert(d, t, typ, sev):
    AL["d"].append(d)
    AL["t"].append(t)
    AL["type"].append(typ)
    AL["sev"].append(sev)
    mean_h = {"critical": 2.0, "warning": 10.0, "info": 30.0}[sev]
    never = rng.random() < (0.4 if sev == "info" else 0.1)
    AL["ack"].append(INF if never else t + rng.exponential(mean_h) * 3600)
    i = len(AL["d"]) - 1
    p_wo, lag = {"critical": (0.85, 1.5), "warning": (0.25, 4.0), "info": (0.0, 1.0)}[sev]
    u = rng.random()
    lag_t = t + rng.exponential(lag) * DAY
    auto = t + rng.exponential(6.0 if sev == "critical" else 1.0) * DAY
    never_res = rng.random() < 0.15
    AL["res"].append(INF if never_res else auto)
    if u < p_wo:
        pending_alert_wo.append((lag_t, i, d))
    return i


FAULTS = {
    0: (["power_spike", "voltage_sag"], None),
    1: (["overheat", "filter_clog", "compressor_fault"], None),
    2: (["sensor_drift", "low_battery"], None),
}

fw_i = 0
for day_i in range(ND):
    t0 = day_i * DAY
    day = START + pd.Timedelta(days=day_i)
    doy = day.day_of_year
    wkend = day.weekday() >= 5
    zone_noise = 0.7 * zone_noise + rng.normal(0, 2.5 * np.sqrt(1 - 0.49), 3)
    tout = Z_BASE - Z_AMP * np.cos(2 * np.pi * (doy - 20) / 365) + zone_noise
    hdd = np.maximum(0, 16 - tout)
    cdd = np.maximum(0, tout - 22)
    n = len(dv["site"])
    site = np.array(dv["site"])
    typ = np.array(dv["type"])
    inst = np.array(dv["inst"])
    wear = np.array(dv["wear"])
    # firmware rollouts
    while fw_i < len(FW) and FW[fw_i][1] < t0 + DAY:
        ver, tr = FW[fw_i]
        live = (inst < tr) & (retired[:n] > tr)
        fw_pending[:n][live] = tr + rng.exponential(20, live.sum()) * DAY
        fw_target[:n][live] = ver
        fw_i += 1
    for d in np.flatnonzero(fw_pending[:n] < t0 + DAY):
        tu = fw_pending[d]
        fw_pending[d] = INF
        if retired[d] <= tu or dv["model"][d] == "EM-100" or silent_until[d] >= tu:
            continue
        if dv["fw"][d] != fw_target[d]:
            dv["fw"][d] = fw_target[d]
            fw_log.append((d, tu, fw_target[d]))
    # technicians
    for i in range(len(tc["city"])):
        if tc["left"][i] == INF and tc["hired"][i] < t0 and rng.random() < 1 / 900:
            tc["left"][i] = t0 + rng.uniform(9, 17) * 3600
            tech_repl.append((tc["city"][i], t0 + rng.uniform(5, 30) * DAY))
    for c, tt in [x for x in tech_repl if x[1] < t0 + DAY]:
        hire_tech(c, tt)
    tech_repl = [x for x in tech_repl if x[1] >= t0 + DAY]
    # contract tiers
    for s in range(NS):
        if s_on[s] > t0:
            continue
        u = rng.random()
        if u < 1 / 900 and s_tier[s] < 2:
            s_tier[s] += 1
            tier_log.append((s, t0 + rng.uniform(9, 17) * 3600, s_tier[s]))
        elif u > 1 - 1 / 2500 and s_tier[s] > 0:
            s_tier[s] -= 1
            tier_log.append((s, t0 + rng.uniform(9, 17) * 3600, s_tier[s]))
        period = {2: 90, 1: 180}.get(int(s_tier[s]))
        if period and t0 - last_prev[s] >= period * DAY:
            tp = t0 + rng.uniform(8, 11) * 3600
            open_order(s, -1, tp, "preventive", "info", -1)
            last_prev[s] = t0
            hv = (site == s) & (typ == 1)
            H[:n][hv] *= 0.7
    # devices alive today
    alive = (inst < t0 + DAY) & (retired[:n] > t0 + DAY)
    age_y = np.maximum(0, (t0 - inst) / DAY / 365)
    fw_now = np.array(dv["fw"], dtype=object)
    buggy = (fw_now == "2.4.0") & (typ != 2)
    rate = 0.003 * wear * (1 + age_y / 4) * np.where(typ == 1, 1 + 0.02 * (hdd + cdd)[s_zone[site]], 1.0)
    H[:n] += np.where(alive, rate, 0)
    # silence
    silent = silent_until[:n] >= t0
    start_sil = (
        alive & ~silent & (rng.random(n) < 0.0003 * (1 + age_y / 3) * np.exp(0.8 * H[:n]) * np.where(typ == 2, 2, 1))
    )
    u_perm = rng.random(n)
    dur_tr = 1 + rng.gamma(1.5, 3, n)
    dur_perm = 14 + rng.exponential(20, n)
    for d in np.flatnonzero(start_sil):
        silent_start[d] = t0
        if u_perm[d] < 0.3 + 0.3 * (age_y[d] > 6):
            perm_silent[d] = True
            retired[d] = t0 + dur_perm[d] * DAY
            silent_until[d] = INF
        else:
            silent_until[d] = t0 + dur_tr[d] * DAY
        raise_alert(d, t0 + DAY + rng.uniform(1, 4) * 3600, "comm_loss", "warning")
    silent = silent_until[:n] >= t0
    # planned retirement
    plan = alive & ~silent & (age_y > 8) & (rng.random(n) < 1 / 1500)
    for d in np.flatnonzero(plan):
        retired[d] = t0 + rng.uniform(9, 17) * 3600
    # comm_loss orders after 5 silent days
    u_c = rng.random(n)
    for d in np.flatnonzero(alive & silent & (t0 - silent_start[:n] >= 5 * DAY) & ~comm_wo_done[:n]):
        comm_wo_done[d] = True
        if u_c[d] < 0.5 and open_wo[d] < 0:
            open_wo[d] = open_order(dv["site"][d], d, t0 + rng.uniform(8, 12) * 3600, "comm_loss", "warning", -1)
    # faults
    lam = 0.002 * np.exp(1.6 * H[:n]) * (1 + age_y / 6) * np.where(buggy, 2.5, 1.0)
    nf = np.where(alive & ~silent, rng.poisson(lam), 0)
    for d in np.flatnonzero(nf):
        for _ in range(nf[d]):
            tt = t0 + rng.uniform(0, DAY)
            types = FAULTS[typ[d]][0]
            if buggy[d] and rng.random() < 0.4:
                ty = "firmware_error"
            elif typ[d] == 2:
                w = np.array([1.0, 1 + age_y[d]])
                ty = types[int(rng.choice(2, p=w / w.sum()))]
            else:
                ty = types[int(rng.integers(0, len(types)))]
            sev = "critical" if rng.random() < min(0.8, 0.1 + 0.25 * H[d]) else "warning"
            raise_alert(d, tt, ty, sev)
    ni = np.where(alive & ~silent, rng.poisson(0.01, n), 0)
    for d in np.flatnonzero(ni):
        raise_alert(d, t0 + rng.uniform(0, DAY), "threshold", "info")
    # alert-driven orders
    keep = []
    for tt, ai, d in pending_alert_wo:
        if tt >= t0 + DAY:
            keep.append((tt, ai, d))
            continue
        if open_wo[d] < 0 and retired[d] > tt:
            w = open_order(dv["site"][d], d, tt, "repair", AL["sev"][ai], ai)
            open_wo[d] = w
            AL["res"][ai] = WO["closed"][w]
    pending_alert_wo = keep
    # orders closing today
    for d in np.flatnonzero(open_wo[:n] >= 0):
        w = open_wo[d]
        if WO["closed"][w] < t0 + DAY:
            H[d] *= 0.25
            open_wo[d] = -1
    # readings
    rep = alive & ~silent & (rng.random(n) >= 0.01 + 0.12 * np.maximum(0, H[:n] - 1.5))
    z = s_zone[site]
    deg = (hdd + cdd)[z]
    meter_kwh = (
        s_area[site]
        / 1000
        * 40
        * s_int[site]
        * (0.6 if wkend else 1.0)
        * (1 + 0.04 * deg)
        * np.exp(rng.normal(0, 0.08, n))
    )
    cap = np.array(dv["cap"])
    hvac_kwh = cap * (2 + 0.5 * hdd[z] + 0.8 * cdd[z]) * (1 + 0.15 * H[:n]) * np.exp(rng.normal(0, 0.1, n))
    hvac_t = 21.5 + 0.8 * H[:n] + 0.05 * (tout[z] - 15) + rng.normal(0, 0.4, n)
    sens_t = 21 + s_toff[site] + 0.12 * (tout[z] - 15) + 0.6 * H[:n] + rng.normal(0, 0.5, n)
    kwh = np.where(typ == 0, meter_kwh, np.where(typ == 1, hvac_kwh, np.nan))
    kwh = np.where(rng.random(n) < 0.01, np.nan, kwh)
    temp = np.where(typ == 1, hvac_t, np.where(typ == 2, sens_t, np.nan))
    q = np.where(rng.random(n) < 0.02, "est", "ok")
    idx = np.flatnonzero(rep)
    RD["d"].append(idx)
    RD["day"].append(np.full(len(idx), day_i))
    RD["kwh"].append(kwh[idx].round(2))
    RD["temp"].append(temp[idx].round(2))
    RD["q"].append(q[idx])
    # replacements for devices retiring today
    for d in np.flatnonzero((retired[:n] >= t0) & (retired[:n] < t0 + DAY)):
        ti = retired[d] + rng.uniform(3, 30) * DAY
        cur = "2.1.0"
        for ver, tr in FW:
            if ti >= tr:
                cur = ver
        new_device(dv["site"][d], dv["type"][d], ti, cur)

# ---------------- tables as they stood at CUT
nD = len(dv["site"])
rd = pd.DataFrame({k: np.concatenate(v) for k, v in RD.items()})
rd = rd[rd.day * DAY <= T]
readings = pd.DataFrame(
    {
        "reading_id": 0,
        "dev_id": rd.d.to_numpy() + 1000,
        "reading_date": (START + pd.to_timedelta(rd.day.to_numpy(), unit="D")).date,
        "kwh": rd.kwh.to_numpy(),
        "avg_temp_c": rd.temp.to_numpy(),
        "quality": rd.q.to_numpy(),
    }
)
# reading ids are a running number of the full table: keep them stable under --as-of
full_n = sum(len(x) for x in RD["d"])
readings["reading_id"] = np.arange(1, full_n + 1)[: len(readings)]

al = pd.DataFrame(AL)
al["order"] = np.arange(len(al))
al = al.sort_values(["t", "order"], kind="stable").reset_index(drop=True)
al["alert_id"] = [f"AL-{i:06d}" for i in range(1, len(al) + 1)]
msg = {
    "comm_loss": "No data received",
    "threshold": "Threshold crossed",
}
al = al[al.t <= T]
alerts = pd.DataFrame(
    {
        "alert_id": al.alert_id,
        "device_id": al.d + 1000,
        "raised_at": ts(al.t),
        "alert_type": al.type,
        "severity": al.sev,
        "message": [msg.get(x, f"{x.replace('_', ' ').capitalize()} detected") for x in al.type],
        "acknowledged_at": ts(known(al.ack)),
        "resolved_at": ts(known(al.res)),
    }
)

wo = pd.DataFrame(WO)
wo["order"] = np.arange(len(wo))
wo = wo.sort_values(["opened", "order"], kind="stable").reset_index(drop=True)
wo["wo_number"] = [f"WO-{START.year + int(t // (365 * DAY))}-{i:05d}" for i, t in enumerate(wo.opened, 1)]
wo = wo[wo.opened <= T]
closed = wo.closed.to_numpy() <= T
work_orders = pd.DataFrame(
    {
        "wo_number": wo.wo_number,
        "site_code": [s_code[s] for s in wo.site],
        "device_id": pd.Series(np.where(wo.d >= 0, wo.d + 1000, 0), dtype="Int64")
        .where(wo.d.to_numpy() >= 0)
        .to_numpy(),
        "assigned_tech": [f"T-{i + 1:02d}" for i in wo.tech],
        "category": wo.cat,
        "opened_at": ts(wo.opened),
        "closed_at": ts(known(wo.closed)),
        "cost_usd": np.where(closed, wo.cost, np.nan),
        "status": np.where(closed, "closed", "open"),
    }
)

# devices' today's state at CUT
inst = np.array(dv["inst"])
fw_cut = np.array(["1.9.3" if m == "EM-100" else None for m in dv["model"]], dtype=object)
for d in range(nD):
    if fw_cut[d] is None:
        v0 = "2.1.0"
        for ver, tr in FW:
            if inst[d] >= tr:
                v0 = ver
        fw_cut[d] = v0
for d, t, ver in sorted(fw_log, key=lambda x: x[1]):
    if t <= T:
        fw_cut[d] = ver
last_seen = rd.groupby("d").day.max().reindex(np.arange(nD))
status = np.where(retired[:nD] <= T, "retired", "online").astype(object)
offline = (silent_start[:nD] <= T) & (silent_until[:nD] >= T) & (retired[:nD] > T)
status[offline] = "offline"
devices = pd.DataFrame(
    {
        "device_id": np.arange(nD) + 1000,
        "site_code": [s_code[s] for s in dv["site"]],
        "device_type": DTYPES[np.array(dv["type"])],
        "model": dv["model"],
        "serial_no": dv["serial"],
        "installed_on": ts(inst).date,
        "firmware_version": fw_cut,
        "status": status,
        "last_seen_at": (START + pd.to_timedelta(last_seen.to_numpy(), unit="D")),
        "retired_at": ts(known(retired[:nD])),
    }
)[inst <= T]

tier_cut = s_tier0.copy()
for s, t, tier in tier_log:
    if t <= T:
        tier_cut[s] = tier
sites = pd.DataFrame(
    {
        "site_code": s_code,
        "city": [CITIES[c] for c in s_city],
        "climate_zone": ZONES[s_zone],
        "timezone": [TZ[c] for c in s_city],
        "floor_area_sqm": s_area,
        "contract_tier": [TIERS[i] for i in tier_cut],
        "account_manager": s_mgr,
        "onboarded_at": ts(s_on),
    }
)[s_on <= T]

NT = len(tc["city"])
technicians = pd.DataFrame(
    {
        "tech_code": [f"T-{i:02d}" for i in range(1, NT + 1)],
        "full_name": tc["name"],
        "home_city": [CITIES[c] for c in tc["city"]],
        "skill": tc["skill"],
        "hired_on": ts(tc["hired"]).date,
        "left_on": ts(known(tc["left"])).date,
    }
)[np.array(tc["hired"]) <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE sites (site_code VARCHAR PRIMARY KEY, city VARCHAR, climate_zone VARCHAR, timezone VARCHAR,
                    floor_area_sqm DOUBLE, contract_tier VARCHAR, account_manager VARCHAR, onboarded_at TIMESTAMP);
CREATE TABLE devices (device_id INTEGER PRIMARY KEY, site_code VARCHAR, device_type VARCHAR, model VARCHAR,
                      serial_no VARCHAR, installed_on DATE, firmware_version VARCHAR, status VARCHAR,
                      last_seen_at TIMESTAMP, retired_at TIMESTAMP);
CREATE TABLE readings (reading_id BIGINT, dev_id INTEGER, reading_date DATE, kwh DOUBLE, avg_temp_c DOUBLE,
                       quality VARCHAR);
CREATE TABLE alerts (alert_id VARCHAR PRIMARY KEY, device_id INTEGER, raised_at TIMESTAMP, alert_type VARCHAR,
                     severity VARCHAR, message VARCHAR, acknowledged_at TIMESTAMP, resolved_at TIMESTAMP);
CREATE TABLE technicians (tech_code VARCHAR PRIMARY KEY, full_name VARCHAR, home_city VARCHAR, skill VARCHAR,
                          hired_on DATE, left_on DATE);
CREATE TABLE work_orders (wo_number VARCHAR PRIMARY KEY, site_code VARCHAR, device_id INTEGER,
                          assigned_tech VARCHAR, category VARCHAR, opened_at TIMESTAMP, closed_at TIMESTAMP,
                          cost_usd DOUBLE, status VARCHAR);
""")
for name, df in [
    ("sites", sites),
    ("devices", devices),
    ("readings", readings),
    ("alerts", alerts),
    ("technicians", technicians),
    ("work_orders", work_orders),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.execute(  # readings reach sites two links away: site energy reads this view
    "CREATE VIEW readings_by_site AS SELECT r.*, d.site_code, d.device_type "
    "FROM readings AS r JOIN devices AS d ON r.dev_id = d.device_id"
)
con.close()
