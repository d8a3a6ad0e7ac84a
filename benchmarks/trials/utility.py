"""An electricity and gas supplier's database (regions and their weather, feeders, premises, customers who move in,
move out or switch away, tariff plans with price changes announced ahead, meters swapped for smart ones, daily
readings estimated when a meter misses a read and filled in later, monthly bills issued ahead of their due date,
payments, late notices, outages, outage reports, service requests, plan switches), seeded:
`python benchmarks/trials/utility.py PATH`. Written by a fresh-eyes trial (2026-12-06), kept for benchmarks/trials.py
(the truth it planted is in this docstring).

Truth (seed 0), span 2023-01-01 .. 2024-12-31 (the snapshot's present is 2024-12-31 23:59; rows dated after it are
only the ones written ahead: a price change effective 2025-01-01, planned outages, smart installs booked for 2025):
- regions (5) with a daily temperature: mean / amplitude north 8/7, midlands 10/7.5, south 12/8, coast 11/5.5,
  valley 15/10 (hot summers), AR(1) noise sd 2.5. HDD = max(0, 15.5 - T), CDD = max(0, T - 22).
- premises (one per first customer; a premise whose customer moves out gets a new customer after 5..90 days with
  p .7): dwelling flat/terraced/semi/detached, floor area by dwelling x LogNormal(0, .2), heating gas .62 /
  electric_storage .15 / heat_pump .13 / oil .10, air conditioning (valley .5, south .25, else .05).
  Every premise has an electricity meter; gas-heated ones (and 10% of the others) a gas meter.
- customers: household_size 1..6, payment_method direct_debit .6 / card .3 / cash .1, has_ev .08; hidden latents
  usage scale LogNormal(0, .25), lateness z ~ N(0, 1), price sensitivity LogNormal(0, .6).
  40% signed up before 2023 (their data starts 2023-01-01), the rest over the span.
- daily electricity kWh = scale * (2.2 + 1.5 * household) * weekend 1.10 * Christmas 1.2
  + electric_storage .9 * HDD * area/100 + heat_pump .35 * HDD * area/100 + AC .9 * CDD + EV 7 (weekdays 6, weekends 9)
  times LogNormal(0, .18) and away weeks (one to two a year at x.35, mostly summer); gas kWh = scale *
  (3 + 2.5 * household) * weekend 1.05 + gas heating 2.4 * HDD * area/100, times LogNormal(0, .2).
- meters: legacy or smart (35% smart in 2023-01, new premises 50%); legacy meters are booked for a smart install at
  1/600 a day (scheduled 10..45 days after booking, 15% cancelled); at completion the legacy meter's removed_at is
  set and a smart meter is installed (both fuels).
- meter_readings: one row per meter and day while the premise is supplied. A meter misses reads in runs (legacy:
  starts at .025 a day, runs of mean 4 days; smart: .008, mean 1.5): the row is written on its day with
  estimated_kwh (the meter's mean of the 14 days before) and kwh / read_received_at NULL; the actual kwh arrives
  later (legacy 3 + Exp(10) days after the run, smart 1 + Exp(1.5); at removal at the latest) and is filled in with
  read_received_at (NULL where it arrives after the present). Other rows: kwh at once, read_received_at the next
  night. read_type holds today's state: actual / corrected (missed, filled in) / estimated (still missing).
- tariff_plans: standard_variable, green_variable (x1.06), fixed_12m (flat .29 / .08), economy_tou (electricity
  .80 of the variable rate, higher standing charge). tariff_rates: the variable rates change on 2023-07-01 (down),
  2023-10-01 (down), 2024-01-01 (UP), 2024-04-01 (down), 2024-07-01 (down), 2024-10-01 (UP), 2025-01-01 (UP), each
  announced ~5 weeks ahead (announced_at; the 2025 one is written ahead of its effective_from).
- bills: one per customer and calendar month supplied, issued on the 2nd..4th of the next month (a final bill after
  closure), due_date = issue date + 21 days (set ahead). kWh billed: the actual where it arrived by the issue,
  else the estimate; an estimate's later actual is settled as `adjustment` on the first bill issued after it
  arrives. amount = (kWh x unit rate of the day's plan + standing charge per day + adjustment) x 1.05.
  status is today's state (paid / overdue / open); paid_at is filled in when paid.
- payments: direct debit on the due date (fails with p sigmoid(-4 + 1.3 z), then paid like a manual payer); manual
  payers pay 2..21 days after issue, or late with p sigmoid(-1.7 + 1.4 z + .8 log(amount / the customer's median
  bill) + .8 * late last time + .3 * (household >= 4)): due + Gamma(1.5, 14) days. Persistent: the same z every bill.
- late_notices: reminder due+7, final_notice due+21, disconnection_warning due+35, disconnection due+56, each
  while the bill is unpaid. After a disconnection 30% of accounts close (reason debt) and the bill is never paid.
- outages: per feeder and day .0025 x reliability LogNormal(0, .6), x12 on a region's storm days (winter .025 a
  day, else .006), x5 on valley days over 28C; planned maintenance .0008 a day (announced 7..14 days ahead,
  4h daytime). Durations LogNormal(log 3, 1) hours. outage_reports: each affected customer p .25 (+.2 over 6h).
- churn (customers.closed_at, close_reason set at once): hazards per day move-out 1/4000, switch 1/5000, after a
  price rise announcement for variable/green customers + sens/700 for 45 days, after an outage
  + min(hours/4, 3) x (1 + outages in the 90 days before) / 1500 for 45 days, fixed plan x .4 on switching;
  debt closures after a disconnection. Switchers raise a tariff_query/cancellation service request 1..14 days
  before with p .35, movers a move_out request 7..30 days before with p .6.
- plan_switches: after a rise announcement variable customers request a fixed plan with p .12 x sens within 30 days
  (effective_date 14 days after requested_at: set ahead); heat pump / storage / EV customers move to economy_tou
  at 1/900 a day. customers.plan_id is today's plan.
- service_requests: base 1/500 a day (billing_query / meter_fault x3 on legacy / general); billing_query with p .3
  after a bill whose |adjustment| > 40; payment_plan with p .15 after a reminder; complaint with p .08 after an
  outage over 6h; resolved_at filled in later.
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
if os.path.exists(OUT):
    os.remove(OUT)
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31 23:59:00")
days = pd.date_range(START, "2024-12-31", freq="D")
ND = len(days)
DOY = days.day_of_year.values
WKND = days.day_of_week.values >= 5
XMAS = (days.month == 12) & (days.day >= 24) & (days.day <= 26)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ---------------------------------------------------------------- regions, weather, feeders
REGIONS = ["north", "midlands", "south", "coast", "valley"]
CLIM = np.array([[8, 7], [10, 7.5], [12, 8], [11, 5.5], [15, 10]])
NR = len(REGIONS)
temp = np.zeros((NR, ND))
for r in range(NR):
    e = 0.0
    for d in range(ND):
        e = 0.7 * e + rng.normal(0, 2.5 * np.sqrt(1 - 0.49))
        temp[r, d] = CLIM[r, 0] - CLIM[r, 1] * np.cos(2 * np.pi * (DOY[d] - 20) / 365.25) + e
HDD = np.maximum(0, 15.5 - temp)
CDD = np.maximum(0, temp - 22)
winter = np.isin(days.month, [11, 12, 1, 2])
storm = rng.random((NR, ND)) < np.where(winter, 0.025, 0.006)
wind = np.where(storm, rng.uniform(60, 110, (NR, ND)), rng.gamma(3, 6, (NR, ND)))

NF = 60
feeder_region = np.repeat(np.arange(NR), [14, 14, 12, 10, 10])
feeder_rel = rng.lognormal(0, 0.6, NF)

# ---------------------------------------------------------------- tariffs
PLANS = ["standard_variable", "green_variable", "fixed_12m", "economy_tou"]
VARIABLE = np.array([True, True, False, True])
changes = [  # effective, announced, elec, gas, elec standing, gas standing
    ("2023-01-01", "2022-11-24", 0.34, 0.103, 0.46, 0.28),
    ("2023-07-01", "2023-05-25", 0.30, 0.077, 0.53, 0.29),
    ("2023-10-01", "2023-08-25", 0.27, 0.069, 0.53, 0.30),
    ("2024-01-01", "2023-11-23", 0.286, 0.074, 0.53, 0.30),
    ("2024-04-01", "2024-02-23", 0.245, 0.060, 0.60, 0.31),
    ("2024-07-01", "2024-05-24", 0.225, 0.055, 0.60, 0.31),
    ("2024-10-01", "2024-08-23", 0.245, 0.062, 0.61, 0.32),
    ("2025-01-01", "2024-11-22", 0.25, 0.064, 0.61, 0.32),
]
RISES = [pd.Timestamp(a) for e, a, el, *_ in changes if e in ("2024-01-01", "2024-10-01", "2025-01-01")]
rate_rows = []
rid = 0
for p, name in enumerate(PLANS):
    for eff, ann, el, gs, se, sg in changes:
        if name == "fixed_12m":
            if eff != "2023-01-01":
                continue
            el, gs, se, sg = 0.29, 0.08, 0.50, 0.29
        elif name == "green_variable":
            el, gs = el * 1.06, gs * 1.06
        elif name == "economy_tou":
            el, se = el * 0.80, se + 0.12
        rid += 1
        rate_rows.append(
            (
                rid,
                p + 1,
                pd.Timestamp(eff).date(),
                pd.Timestamp(ann) + pd.Timedelta(hours=9),
                round(el, 4),
                round(gs, 4),
                round(se, 4),
                round(sg, 4),
            )
        )
rates = pd.DataFrame(
    rate_rows,
    columns=[
        "rate_id",
        "plan_id",
        "effective_from",
        "announced_at",
        "elec_unit_rate",
        "gas_unit_rate",
        "elec_standing_charge",
        "gas_standing_charge",
    ],
)
# rate per plan and day
R_E, R_G, S_E, S_G = (np.zeros((4, ND)) for _ in range(4))
for p in range(4):
    sub = rates[rates.plan_id == p + 1].sort_values("effective_from")
    for _, row in sub.iterrows():
        m = days >= pd.Timestamp(row.effective_from)
        R_E[p, m], R_G[p, m], S_E[p, m], S_G[p, m] = (
            row.elec_unit_rate,
            row.gas_unit_rate,
            row.elec_standing_charge,
            row.gas_standing_charge,
        )

# ---------------------------------------------------------------- outages (independent of customers)
out_rows = []
for d in range(ND):
    reg = feeder_region
    p = 0.0025 * feeder_rel * np.where(storm[reg, d], 12, 1) * np.where((reg == 4) & (temp[reg, d] > 28), 5, 1)
    for f in np.nonzero(rng.random(NF) < p)[0]:
        cause = "storm" if storm[reg[f], d] else ("heat" if reg[f] == 4 and temp[reg[f], d] > 28 else "equipment")
        start = days[d] + pd.Timedelta(minutes=int(rng.integers(0, 1440)))
        dur = float(np.clip(rng.lognormal(np.log(3), 1), 0.2, 72))
        out_rows.append((f, start, dur, cause, pd.NaT))
    for f in np.nonzero(rng.random(NF) < 0.0008)[0]:
        start = days[d] + pd.Timedelta(hours=int(rng.integers(9, 13)))
        out_rows.append((f, start, 4.0, "planned", start - pd.Timedelta(days=int(rng.integers(7, 15)), hours=5)))
# planned outages already announced for January 2025
for f in rng.choice(NF, 4, replace=False):
    start = pd.Timestamp("2025-01-06") + pd.Timedelta(days=int(rng.integers(0, 20)), hours=10)
    out_rows.append((f, start, 4.0, "planned", start - pd.Timedelta(days=int(rng.integers(7, 15)), hours=5)))
out_df = pd.DataFrame(out_rows, columns=["feeder", "start", "hours", "cause", "announced"])
out_df = out_df.sort_values("start").reset_index(drop=True)
out_df["day"] = ((out_df.start.dt.normalize() - START).dt.days).astype(int)
out_by_feeder_day = {}
for i, row in out_df.iterrows():
    if row.day < ND:
        out_by_feeder_day.setdefault(row.day, []).append(i)

# ---------------------------------------------------------------- premises and customers (pool, grown by move-ins)
NP0 = 2400
DWELL = np.array(["flat", "terraced", "semi", "detached"])
AREA = np.array([60, 85, 100, 150])
HEAT = np.array(["gas", "electric_storage", "heat_pump", "oil"])
prem = {
    "feeder": rng.integers(0, NF, NP0),
    "dwelling": rng.choice(4, NP0, p=[0.3, 0.3, 0.25, 0.15]),
    "heating": rng.choice(4, NP0, p=[0.62, 0.15, 0.13, 0.10]),
}
prem["region"] = feeder_region[prem["feeder"]]
prem["area"] = np.round(AREA[prem["dwelling"]] * rng.lognormal(0, 0.2, NP0), 1)
prem["ac"] = rng.random(NP0) < np.array([0.05, 0.05, 0.25, 0.05, 0.5])[prem["region"]]
prem["gas"] = (prem["heating"] == 0) | (rng.random(NP0) < 0.10)
prem["built"] = np.where(prem["dwelling"] == 0, rng.integers(1960, 2023, NP0), rng.integers(1900, 2023, NP0))

CAP = 4000
C = {
    "premise": np.full(CAP, -1),
    "signup": np.full(CAP, 10**6),  # day index (negative: before the span)
    "closed": np.full(CAP, 10**6),
    "reason": np.array([None] * CAP, dtype=object),
    "hh": rng.choice(np.arange(1, 7), CAP, p=[0.3, 0.33, 0.15, 0.14, 0.06, 0.02]),
    "pay": rng.choice(3, CAP, p=[0.6, 0.3, 0.1]),
    "ev": rng.random(CAP) < 0.08,
    "scale": rng.lognormal(0, 0.25, CAP),
    "z": rng.normal(0, 1, CAP),
    "sens": rng.lognormal(0, 0.6, CAP),
}
first_signup = np.where(
    rng.random(NP0) < 0.4, -rng.integers(1, 1800, NP0), (np.sqrt(rng.random(NP0)) * (ND - 20)).astype(int)
)
NC = NP0
C["premise"][:NP0] = np.arange(NP0)
C["signup"][:NP0] = first_signup


def initial_plan(i):
    h = prem["heating"][C["premise"][i]]
    tou = 0.08 + 0.25 * (h in (1, 2)) + 0.2 * C["ev"][i]
    return rng.choice(4, p=np.array([0.5, 0.15, 0.25, tou]) / (0.9 + tou))


plan_now = np.array([initial_plan(i) if i < NC else 0 for i in range(CAP)])
plan_day = np.zeros((CAP, ND), dtype=np.int8)  # filled as the loop runs
pending_switch = {}  # day -> list of (customer, to_plan)
switch_rows = []
closure_sched = {}  # day -> list of (customer, reason): debt closures and move-ins
movein_sched = {}
req_rows = []
outage_exp = [[] for _ in range(CAP)]  # (day, hours) per customer
report_rows = []
affected_counts = {}

ann_days = {int((a.normalize() - START).days): a for a in RISES if START <= a <= END}

for d in range(ND):
    active = (C["signup"][:NC] <= d) & (C["closed"][:NC] > d)
    idx = np.nonzero(active)[0]
    # plan switches taking effect
    for c, to in pending_switch.pop(d, []):
        if C["closed"][c] > d:
            plan_now[c] = to
    plan_day[:NC, d] = plan_now[:NC]
    # rise announcements: some variable customers request a fixed plan within 30 days
    if d in ann_days:
        for c in idx:
            if VARIABLE[plan_now[c]] and plan_now[c] != 3 and rng.random() < min(0.12 * C["sens"][c], 0.6):
                rd = d + int(rng.integers(0, 30))
                if rd < ND:
                    when = days[rd] + pd.Timedelta(minutes=int(rng.integers(480, 1320)))
                    switch_rows.append((c, plan_now[c], 2, when, (when + pd.Timedelta(days=14)).date()))
                    pending_switch.setdefault(rd + 14, []).append((c, 2))
    # economy TOU for heat pumps, storage heaters, EVs
    for c in idx:
        h = prem["heating"][C["premise"][c]]
        if plan_now[c] != 3 and (h in (1, 2) or C["ev"][c]) and rng.random() < 1 / 900:
            when = days[d] + pd.Timedelta(minutes=int(rng.integers(480, 1320)))
            switch_rows.append((c, plan_now[c], 3, when, (when + pd.Timedelta(days=14)).date()))
            pending_switch.setdefault(d + 14, []).append((c, 3))
    # outages today: affected customers, reports, complaints
    for oi in out_by_feeder_day.get(d, []):
        o = out_df.loc[oi]
        aff = idx[prem["feeder"][C["premise"][idx]] == o.feeder]
        affected_counts[oi] = len(aff)
        for c in aff:
            outage_exp[c].append((d, o.hours))
            if rng.random() < 0.25 + 0.2 * (o.hours > 6) and o.cause != "planned":
                report_rows.append((c, oi, o.start + pd.Timedelta(minutes=float(rng.exponential(30)) + 2)))
            if o.hours > 6 and rng.random() < 0.08:
                t = o.start + pd.Timedelta(hours=o.hours + float(rng.exponential(24)))
                req_rows.append((c, t, "complaint"))
    # churn hazards
    h = np.full(len(idx), 1 / 4000 + 1 / 5000)
    for a_day in ann_days:
        if 0 <= d - a_day < 45:
            h += np.where(VARIABLE[plan_now[idx]], C["sens"][idx] / 700, 0)
    for k, c in enumerate(idx):
        ex = outage_exp[c]
        if ex:
            for od, hrs in ex[-6:]:
                if 0 <= d - od < 45:
                    recent = sum(1 for od2, _ in ex if 0 < od - od2 <= 90)
                    h[k] += min(hrs / 4, 3) * (1 + recent) / 1500
    switch_part = h - 1 / 4000
    h = np.where(plan_now[idx] == 2, 1 / 4000 + 0.4 * switch_part, h)
    leave = rng.random(len(idx)) < h
    for c in idx[leave]:
        move = rng.random() < (1 / 4000) / (h[np.searchsorted(idx, c)])
        C["closed"][c] = d
        C["reason"][c] = "moved_out" if move else "switched_supplier"
        if move:
            if rng.random() < 0.6:
                req_rows.append((c, days[max(d - int(rng.integers(7, 31)), 0)] + pd.Timedelta(hours=11), "move_out"))
            if rng.random() < 0.7:  # a new customer moves in
                movein_sched.setdefault(d + int(rng.integers(5, 91)), []).append(C["premise"][c])
        elif rng.random() < 0.35:
            cat = rng.choice(["tariff_query", "cancellation"])
            req_rows.append((c, days[max(d - int(rng.integers(1, 15)), 0)] + pd.Timedelta(hours=14), cat))
    for c, reason in closure_sched.pop(d, []):
        if C["closed"][c] > d:
            C["closed"][c] = d
            C["reason"][c] = reason
    for p in movein_sched.pop(d, []):
        c = NC
        NC += 1
        C["premise"][c] = p
        C["signup"][c] = d
        plan_now[c] = initial_plan(c)
        plan_day[c, d] = plan_now[c]
    # debt closures need the bills: scheduled below, in a second pass (few, after the billing simulation)

NC_ = NC
print("customers", NC_, "closed", int((C["closed"][:NC_] < ND).sum()), file=sys.stderr)

# ---------------------------------------------------------------- consumption per customer and day
alive = np.zeros((NC_, ND), dtype=bool)
for c in range(NC_):
    alive[c, max(C["signup"][c], 0) : min(C["closed"][c] + 1, ND)] = True  # the closing day is supplied
P = C["premise"][:NC_]
reg = prem["region"][P]
hh = C["hh"][:NC_]
heat = prem["heating"][P]
area = prem["area"][P]
away = np.ones((NC_, ND))
for c in range(NC_):
    for _ in range(rng.choice([1, 2])):
        s = int(
            rng.choice(
                ND,
                p=np.where(np.isin(days.month, [7, 8]), 3.0, 1.0)
                / np.where(np.isin(days.month, [7, 8]), 3.0, 1.0).sum(),
            )
        )
        away[c, s : s + int(rng.integers(5, 15))] = 0.35
wk = np.where(WKND, 1.10, 1.0) * np.where(XMAS, 1.2, 1.0)
elec = (
    C["scale"][:NC_, None] * (2.2 + 1.5 * hh[:, None]) * wk[None]
    + ((heat == 1) * 0.9 + (heat == 2) * 0.35)[:, None] * HDD[reg] * (area / 100)[:, None]
    + prem["ac"][P][:, None] * 0.9 * CDD[reg]
    + C["ev"][:NC_, None] * np.where(WKND, 9.0, 6.0)[None]
)
elec = elec * rng.lognormal(0, 0.18, (NC_, ND)) * away
gas = (
    C["scale"][:NC_, None] * (3 + 2.5 * hh[:, None]) * np.where(WKND, 1.05, 1.0)[None]
    + (heat == 0)[:, None] * 2.4 * HDD[reg] * (area / 100)[:, None]
)
gas = gas * rng.lognormal(0, 0.2, (NC_, ND)) * np.maximum(away, 0.5)

# ---------------------------------------------------------------- meters and smart installs (per premise)
NPm = NP0
smart0 = np.where(first_signup < 0, rng.random(NPm) < 0.35, rng.random(NPm) < 0.5)
supplied = np.zeros((NPm, ND), dtype=bool)
occupant = np.full((NPm, ND), -1)
for c in range(NC_):
    supplied[P[c]] |= alive[c]
    occupant[P[c], alive[c]] = c
first_day = np.array([np.argmax(s) if s.any() else ND for s in supplied])
install_rows = []
swap_day = np.full(NPm, 10**6)
for p in range(NPm):
    if smart0[p] or first_day[p] >= ND:
        continue
    d = first_day[p]
    while d < ND + 60:
        d += int(rng.geometric(1 / 600))
        if d >= ND + 40 or (d < ND and not supplied[p, d]):
            break
        sched = d + int(rng.integers(10, 46))
        booked = days[0] + pd.Timedelta(days=d, hours=int(rng.integers(9, 18)))
        if d >= ND:
            break
        if sched >= ND:
            install_rows.append((p, booked, (START + pd.Timedelta(days=sched)).date(), "scheduled", pd.NaT))
            break
        if rng.random() < 0.15 or not supplied[p, sched]:
            install_rows.append((p, booked, (START + pd.Timedelta(days=sched)).date(), "cancelled", pd.NaT))
            d = sched
            continue
        done = days[sched] + pd.Timedelta(hours=int(rng.integers(8, 16)))
        install_rows.append((p, booked, (START + pd.Timedelta(days=sched)).date(), "completed", done))
        swap_day[p] = sched
        break

meter_rows = []  # meter_id, premise, fuel, type, installed_at, removed_at, first day, last day (exclusive)
mid = 0
for p in range(NPm):
    for fuel in ["electricity", "gas"] if prem["gas"][p] else ["electricity"]:
        if smart0[p]:
            inst = (
                days[first_day[p]]
                if first_day[p] < ND and first_day[p] > 0
                else pd.Timestamp("2018-01-01") + pd.Timedelta(days=int(rng.integers(0, 1700)))
            )
            mid += 1
            meter_rows.append((mid, p, fuel, "smart", inst, pd.NaT, 0, ND))
        else:
            inst = pd.Timestamp("2004-01-01") + pd.Timedelta(days=int(rng.integers(0, 5000)))
            mid += 1
            if swap_day[p] < ND:
                rem = days[swap_day[p]] + pd.Timedelta(hours=10)
                meter_rows.append((mid, p, fuel, "legacy", inst, rem, 0, swap_day[p]))
                mid += 1
                meter_rows.append((mid, p, fuel, "smart", rem, pd.NaT, swap_day[p], ND))
            else:
                meter_rows.append((mid, p, fuel, "legacy", inst, pd.NaT, 0, ND))

# ---------------------------------------------------------------- readings
read_parts = []
for m_id, p, fuel, mtype, _inst, _rem, d0, d1 in meter_rows:
    sup = supplied[p, d0:d1]
    if not sup.any():
        continue
    dd = np.arange(d0, d1)[sup]
    occ = occupant[p, dd]
    true = (elec if fuel == "electricity" else gas)[occ, dd]
    # a premise may change occupant; the estimate reads the meter's own recent days
    n = len(dd)
    legacy = mtype == "legacy"
    miss = np.zeros(n, dtype=bool)
    fill = np.full(n, np.inf)  # fill time in days from START (fractional)
    i = 0
    p_start, run_mean = (0.025, 4) if legacy else (0.008, 1.5)
    while i < n:
        if rng.random() < p_start:
            L = min(int(rng.geometric(1 / run_mean)), n - i)
            miss[i : i + L] = True
            e = dd[i + L - 1]
            f = e + 1 + (3 + rng.exponential(10) if legacy else rng.exponential(1.5))
            if d1 < ND:
                f = min(f, d1 + 0.5)  # read at removal
            fill[i : i + L] = f
            i += L
        else:
            i += 1
    cs = np.concatenate([[0], np.cumsum(true)])
    lo = np.maximum(np.arange(n) - 14, 0)
    est = np.where(np.arange(n) > 0, (cs[np.arange(n)] - cs[lo]) / np.maximum(np.arange(n) - lo, 1), true.mean())
    est = est * rng.lognormal(0, 0.05, n)
    recv = np.where(miss, fill, dd + 1 + rng.uniform(1 / 24, 5 / 24, n))
    known = recv <= (END - START).total_seconds() / 86400
    read_parts.append(
        pd.DataFrame(
            {
                "meter_id": m_id,
                "day": dd,
                "true": true,
                "est": np.where(miss, est, np.nan),
                "recv": recv,
                "known": known,
                "miss": miss,
                "occ": occ,
                "fuel": fuel,
            }
        )
    )
R = pd.concat(read_parts, ignore_index=True)
print("readings", len(R), "missed", round(R.miss.mean(), 3), "unfilled", int((~R.known).sum()), file=sys.stderr)

# ---------------------------------------------------------------- bills
R["month"] = days[R.day].to_period("M").astype(str)
month_start = pd.period_range("2023-01", "2024-12", freq="M")
issue_day = {}
for ms in month_start:
    nxt = (ms + 1).to_timestamp()
    issue_day[str(ms)] = nxt + pd.Timedelta(days=int(rng.integers(1, 4)), hours=6)
R["issue"] = ((R.month.map(issue_day) - START).dt.total_seconds() / 86400).values
plan_of = plan_day[R.occ.values, R.day.values]
R["rate"] = np.where(R.fuel == "electricity", R_E[plan_of, R.day.values], R_G[plan_of, R.day.values])
R["billed_actual"] = R.recv <= R.issue  # the estimate is billed where the actual arrived after the issue
R["billed_kwh"] = np.where(R.billed_actual, R.true, R.est)
# adjustments: the actual's difference settled on the first bill issued after it arrives
issue_times = np.array(sorted(issue_day.values()))
issue_num = ((pd.Series(issue_times) - START).dt.total_seconds() / 86400).values
adj = R[~R.billed_actual & R.known].copy()
k = np.searchsorted(issue_num, adj.recv.values)
adj = adj[k < len(issue_num)]
adj["adj_month"] = [str(pd.Timestamp(issue_times[j]).to_period("M") - 1) for j in k[k < len(issue_num)]]
adj["adj_amount"] = (adj.true - adj.est) * adj.rate
R["cost"] = R.billed_kwh * R.rate
R["elec_b"] = np.where(R.fuel == "electricity", R.billed_kwh, 0.0)
R["gas_b"] = np.where(R.fuel == "gas", R.billed_kwh, 0.0)
R["est_b"] = (~R.billed_actual).astype(int)
g = R.groupby(["occ", "month"])
bill = pd.DataFrame(
    {
        "elec_kwh": g.elec_b.sum(),
        "gas_kwh": g.gas_b.sum(),
        "energy": g.cost.sum(),
        "est_days": g.est_b.sum(),
        "first": g.day.min(),
        "last": g.day.max(),
    }
).reset_index()
standing = []
for row in bill.itertuples():
    dd = np.arange(row.first, row.last + 1)
    pl = plan_day[row.occ, dd]
    s = S_E[pl, dd].sum() + (S_G[pl, dd].sum() if prem["gas"][P[row.occ]] else 0)
    standing.append(s)
bill["standing"] = standing
adj_sum = adj.groupby(["occ", "adj_month"]).adj_amount.sum()
bill["adjustment"] = [round(adj_sum.get((o, m), 0.0), 2) for o, m in zip(bill.occ, bill.month, strict=True)]
bill["amount"] = ((bill.energy + bill.standing + bill.adjustment) * 1.05).round(2)
bill["issued_at"] = bill.month.map(issue_day)
# a final bill after closure is issued with the month's bills (its customer has closed by then)
bill = bill.sort_values(["occ", "month"]).reset_index(drop=True)
bill["due"] = bill.issued_at.dt.normalize() + pd.Timedelta(days=21)
bill = bill[bill.issued_at <= END]  # December's bills are issued in January: not written yet

# payments and notices, customer by customer (persistent lateness)
pay_rows, notice_rows = [], []
bill["paid_at"] = pd.NaT
debt_closures = []
for c, grp in bill.groupby("occ"):
    late_last = 0
    med = grp.amount.median()
    for i in grp.index:
        b = bill.loc[i]
        due = b.due
        if b.amount <= 0:
            t = b.issued_at + pd.Timedelta(days=1)
            bill.loc[i, "paid_at"] = t
            continue
        dd_ok = C["pay"][c] == 0 and rng.random() > sigmoid(-4 + 1.3 * C["z"][c])
        if dd_ok:
            t = due + pd.Timedelta(hours=9)
            method = "direct_debit"
            late = False
        else:
            pl = sigmoid(
                -1.7
                + 1.4 * C["z"][c]
                + 0.8 * np.log(max(b.amount, 1) / max(med, 1))
                + 0.8 * late_last
                + 0.3 * (C["hh"][c] >= 4)
            )
            late = rng.random() < pl
            if late:
                t = due + pd.Timedelta(days=float(rng.gamma(1.5, 14)))
            else:
                t = b.issued_at + pd.Timedelta(days=float(rng.uniform(2, 21)))
            method = ["direct_debit", "card", "cash"][C["pay"][c]] if C["pay"][c] else "card"
        notices = [("reminder", 7), ("final_notice", 21), ("disconnection_warning", 35), ("disconnection", 56)]
        never = False
        for kind, off in notices:
            when = due + pd.Timedelta(days=off, hours=8)
            if t > when:
                notice_rows.append((c, i, kind, when))
                if kind == "reminder" and rng.random() < 0.15:
                    req_rows.append((c, when + pd.Timedelta(days=float(rng.exponential(3))), "payment_plan"))
                if kind == "disconnection":
                    if rng.random() < 0.3 and C["closed"][c] >= ND:
                        debt_closures.append((c, when + pd.Timedelta(days=3)))
                        never = True
                    else:
                        t = when + pd.Timedelta(days=float(rng.uniform(0.5, 10)))
        if not never:
            bill.loc[i, "paid_at"] = t
            pay_rows.append((i, c, t, b.amount, method))
        late_last = int(late)
        if abs(b.adjustment) > 40 and rng.random() < 0.3:
            req_rows.append((c, b.issued_at + pd.Timedelta(days=float(rng.exponential(4))), "billing_query"))

# debt closures: the account closes (its later rows dropped)
for c, when in debt_closures:
    dday = int((when.normalize() - START).days)
    if dday < ND and C["closed"][c] > dday:
        C["closed"][c] = dday
        C["reason"][c] = "debt"
closed_day = C["closed"][:NC_]
keep_r = R.day.values <= closed_day[R.occ.values]
R = R[keep_r]
bill_month_start = pd.PeriodIndex(bill.month, freq="M").to_timestamp()
bill = bill[((bill_month_start - START).days.values <= closed_day[bill.occ.values])]
ok_bills = set(bill.index)
pay_rows = [r for r in pay_rows if r[0] in ok_bills]
notice_rows = [r for r in notice_rows if r[1] in ok_bills]
# nothing after the present is stored (payments, notices), paid_at filled in only if paid by then
pay_rows = [r for r in pay_rows if r[2] <= END]
notice_rows = [r for r in notice_rows if r[3] <= END]
bill.loc[bill.paid_at > END, "paid_at"] = pd.NaT

# base service requests
for c in range(NC_):
    a = np.nonzero(alive[c] & (np.arange(ND) <= closed_day[c]))[0]
    if not len(a):
        continue
    legacy = not smart0[P[c]]
    n = rng.poisson(len(a) / 500 * (1 + 0.6 * legacy))
    for d in rng.choice(a, n):
        cat = rng.choice(["billing_query", "meter_fault", "general"], p=[0.4, 0.2 + 0.2 * legacy, 0.4 - 0.2 * legacy])
        req_rows.append((c, days[d] + pd.Timedelta(minutes=int(rng.integers(480, 1200))), cat))

# ---------------------------------------------------------------- tables
cust_ids = np.arange(1, NC_ + 1)
signup = C["signup"][:NC_]
signup_at = START + pd.to_timedelta(signup, "D") + pd.to_timedelta(rng.integers(8 * 3600, 20 * 3600, NC_), "s")
closed_at = pd.Series(START + pd.to_timedelta(np.minimum(closed_day, ND), "D") + pd.Timedelta(hours=17)).where(
    closed_day < ND
)
customers = pd.DataFrame(
    {
        "customer_id": cust_ids,
        "premise_id": P + 1,
        "plan_id": plan_now[:NC_] + 1,
        "household_size": hh,
        "payment_method": np.array(["direct_debit", "card", "cash"])[C["pay"][:NC_]],
        "has_ev": C["ev"][:NC_],
        "signup_at": signup_at,
        "closed_at": closed_at.values,
        "close_reason": np.where(closed_day < ND, C["reason"][:NC_], None),
    }
)
premises = pd.DataFrame(
    {
        "premise_id": np.arange(1, NPm + 1),
        "region_id": prem["region"] + 1,
        "feeder_id": prem["feeder"] + 1,
        "postcode_area": [
            f"{REGIONS[r][:2].upper()}{int(f) % 9 + 1}" for r, f in zip(prem["region"], prem["feeder"], strict=True)
        ],
        "dwelling_type": DWELL[prem["dwelling"]],
        "floor_area_m2": prem["area"],
        "heating_type": HEAT[prem["heating"]],
        "has_air_conditioning": prem["ac"],
        "built_year": prem["built"],
    }
)
regions_df = pd.DataFrame(
    {
        "region_id": np.arange(1, NR + 1),
        "name": REGIONS,
        "network_operator": ["NorthGrid", "CentralNet", "SouthPower", "SouthPower", "ValleyDNO"],
    }
)
weather = pd.DataFrame(
    {
        "region_id": np.repeat(np.arange(1, NR + 1), ND),
        "weather_date": np.tile(days.date, NR),
        "avg_temp_c": np.round(temp.ravel(), 1),
        "max_wind_kmh": np.round(wind.ravel(), 0),
    }
)
feeders = pd.DataFrame(
    {
        "feeder_id": np.arange(1, NF + 1),
        "region_id": feeder_region + 1,
        "voltage_kv": rng.choice([11, 33], NF, p=[0.85, 0.15]),
        "commissioned_year": rng.integers(1965, 2015, NF),
    }
)
plans = pd.DataFrame(
    {
        "plan_id": [1, 2, 3, 4],
        "name": PLANS,
        "kind": ["variable", "variable", "fixed", "time_of_use"],
        "green": [False, True, False, False],
        "exit_fee": [0, 0, 75, 0],
    }
)
meters = pd.DataFrame(
    meter_rows, columns=["meter_id", "p", "fuel", "meter_type", "installed_at", "removed_at", "d0", "d1"]
)
meters["premise_id"] = meters.p + 1
meters["serial_number"] = [f"{'E' if f == 'electricity' else 'G'}{rng.integers(10**7, 10**8)}" for f in meters.fuel]
meters = meters[["meter_id", "premise_id", "fuel", "meter_type", "serial_number", "installed_at", "removed_at"]]
R = R.sort_values(["day", "meter_id"]).reset_index(drop=True)
recv_ts = START + pd.to_timedelta(np.where(R.known, R.recv, 0), "D")
readings = pd.DataFrame(
    {
        "reading_id": np.arange(1, len(R) + 1),
        "meter_id": R.meter_id.values,
        "reading_date": days[R.day.values].date,
        "kwh": np.where(R.known, R.true.round(3), np.nan),
        "estimated_kwh": R.est.round(3).values,
        "read_received_at": pd.Series(recv_ts.floor("min")).where(R.known.values).values,
        "read_type": np.where(~R.miss, "actual", np.where(R.known, "corrected", "estimated")),
    }
)
bill = bill.sort_values(["issued_at", "occ"]).reset_index()
bill["bill_id"] = np.arange(1, len(bill) + 1)
bill_id_of = dict(zip(bill["index"], bill.bill_id, strict=True))
now_status = np.where(bill.paid_at.notna(), "paid", np.where(bill.due < END, "overdue", "open"))
bills = pd.DataFrame(
    {
        "bill_id": bill.bill_id,
        "customer_id": bill.occ + 1,
        "period_start": pd.PeriodIndex(bill.month, freq="M").to_timestamp().date,
        "period_end": (pd.PeriodIndex(bill.month, freq="M").to_timestamp(how="end")).date,
        "issued_at": bill.issued_at,
        "due_date": bill.due.dt.date,
        "elec_kwh": bill.elec_kwh.round(1),
        "gas_kwh": bill.gas_kwh.round(1),
        "estimated_days": bill.est_days,
        "adjustment": bill.adjustment,
        "amount": bill.amount,
        "status": now_status,
        "paid_at": bill.paid_at,
    }
)
pays = pd.DataFrame(pay_rows, columns=["bix", "c", "paid_at", "amount", "method"]).sort_values("paid_at")
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(pays) + 1),
        "bill_id": pays.bix.map(bill_id_of).values,
        "customer_id": pays.c.values + 1,
        "paid_at": pays.paid_at.dt.floor("min").values,
        "amount": pays.amount.values,
        "method": pays.method.values,
    }
)
nots = pd.DataFrame(notice_rows, columns=["c", "bix", "kind", "at"]).sort_values("at")
late_notices = pd.DataFrame(
    {
        "notice_id": np.arange(1, len(nots) + 1),
        "customer_id": nots.c.values + 1,
        "bill_id": nots.bix.map(bill_id_of).values,
        "notice_type": nots.kind.values,
        "issued_at": nots["at"].values,
    }
)
outages = pd.DataFrame(
    {
        "outage_id": np.arange(1, len(out_df) + 1),
        "feeder_id": out_df.feeder.values + 1,
        "cause": out_df.cause.values,
        "announced_at": out_df.announced.values,
        "started_at": out_df.start.dt.floor("min").values,
        "restored_at": (out_df.start + pd.to_timedelta(out_df.hours, "h")).dt.floor("min").values,
        "customers_affected": [affected_counts.get(i) for i in range(len(out_df))],
    }
)
outages.loc[outages.started_at > END, ["restored_at", "customers_affected"]] = None
outages.loc[outages.restored_at > END, "restored_at"] = pd.NaT
orep = pd.DataFrame(report_rows, columns=["c", "oi", "at"])
orep = orep[(orep["at"] <= END) & (orep.c.map(lambda c: closed_day[c]) >= 0)].sort_values("at")
outage_reports = pd.DataFrame(
    {
        "report_id": np.arange(1, len(orep) + 1),
        "outage_id": orep.oi.values + 1,
        "customer_id": orep.c.values + 1,
        "reported_at": orep["at"].dt.floor("min").values,
        "channel": rng.choice(["phone", "app", "web"], len(orep), p=[0.4, 0.4, 0.2]),
    }
)
inst = pd.DataFrame(install_rows, columns=["p", "booked", "sched", "status", "done"]).sort_values("booked")
smart_installs = pd.DataFrame(
    {
        "install_id": np.arange(1, len(inst) + 1),
        "premise_id": inst.p.values + 1,
        "booked_at": inst.booked.values,
        "scheduled_date": inst.sched.values,
        "status": inst.status.values,
        "completed_at": inst.done.values,
    }
)
sw = pd.DataFrame(switch_rows, columns=["c", "from", "to", "at", "eff"])
sw = sw[sw["at"] <= END].sort_values("at")
sw = sw[[closed_day[c] >= (a.normalize() - START).days for c, a in zip(sw.c, sw["at"], strict=True)]]
plan_switches = pd.DataFrame(
    {
        "switch_id": np.arange(1, len(sw) + 1),
        "customer_id": sw.c.values + 1,
        "from_plan_id": sw["from"].values + 1,
        "to_plan_id": sw.to.values + 1,
        "requested_at": sw["at"].values,
        "effective_date": sw.eff.values,
    }
)
rq = pd.DataFrame(req_rows, columns=["c", "at", "cat"])
rq = rq[(rq["at"] <= END) & (rq["at"] >= START)]
rq = rq[
    [
        (a.normalize() - START).days <= closed_day[c] + 30 and (a.normalize() - START).days >= max(signup[c], 0)
        for c, a in zip(rq.c, rq["at"], strict=True)
    ]
].sort_values("at")
res = rq["at"] + pd.to_timedelta(rng.exponential(3, len(rq)) + 0.1, "D")
service_requests = pd.DataFrame(
    {
        "request_id": np.arange(1, len(rq) + 1),
        "customer_id": rq.c.values + 1,
        "created_at": rq["at"].values,
        "category": rq.cat.values,
        "channel": rng.choice(["phone", "email", "app", "web_chat"], len(rq), p=[0.35, 0.2, 0.3, 0.15]),
        "resolved_at": res.where(res <= END).values,
    }
)

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE regions (region_id INTEGER PRIMARY KEY, name VARCHAR, network_operator VARCHAR);
CREATE TABLE weather_daily (region_id INTEGER REFERENCES regions(region_id), weather_date DATE, avg_temp_c DOUBLE,
  max_wind_kmh DOUBLE);
CREATE TABLE feeders (feeder_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(region_id),
  voltage_kv INTEGER, commissioned_year INTEGER);
CREATE TABLE premises (premise_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(region_id),
  feeder_id INTEGER REFERENCES feeders(feeder_id), postcode_area VARCHAR, dwelling_type VARCHAR,
  floor_area_m2 DOUBLE, heating_type VARCHAR, has_air_conditioning BOOLEAN, built_year INTEGER);
CREATE TABLE tariff_plans (plan_id INTEGER PRIMARY KEY, name VARCHAR, kind VARCHAR, green BOOLEAN, exit_fee INTEGER);
CREATE TABLE tariff_rates (rate_id INTEGER PRIMARY KEY, plan_id INTEGER REFERENCES tariff_plans(plan_id),
  effective_from DATE, announced_at TIMESTAMP, elec_unit_rate DOUBLE, gas_unit_rate DOUBLE,
  elec_standing_charge DOUBLE, gas_standing_charge DOUBLE);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, premise_id INTEGER REFERENCES premises(premise_id),
  plan_id INTEGER REFERENCES tariff_plans(plan_id), household_size INTEGER, payment_method VARCHAR, has_ev BOOLEAN,
  signup_at TIMESTAMP, closed_at TIMESTAMP, close_reason VARCHAR);
CREATE TABLE meters (meter_id INTEGER PRIMARY KEY, premise_id INTEGER REFERENCES premises(premise_id), fuel VARCHAR,
  meter_type VARCHAR, serial_number VARCHAR, installed_at TIMESTAMP, removed_at TIMESTAMP);
CREATE TABLE meter_readings (reading_id BIGINT PRIMARY KEY, meter_id INTEGER REFERENCES meters(meter_id),
  reading_date DATE, kwh DOUBLE, estimated_kwh DOUBLE, read_received_at TIMESTAMP, read_type VARCHAR);
CREATE TABLE smart_meter_installs (install_id INTEGER PRIMARY KEY, premise_id INTEGER, booked_at TIMESTAMP,
  scheduled_date DATE, status VARCHAR, completed_at TIMESTAMP);  -- premise_id undeclared
CREATE TABLE bills (bill_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  period_start DATE, period_end DATE, issued_at TIMESTAMP, due_date DATE, elec_kwh DOUBLE, gas_kwh DOUBLE,
  estimated_days INTEGER, adjustment DOUBLE, amount DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, bill_id INTEGER, customer_id INTEGER
  REFERENCES customers(customer_id), paid_at TIMESTAMP, amount DOUBLE, method VARCHAR);  -- bill_id undeclared
CREATE TABLE late_notices (notice_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  bill_id INTEGER REFERENCES bills(bill_id), notice_type VARCHAR, issued_at TIMESTAMP);
CREATE TABLE outages (outage_id INTEGER PRIMARY KEY, feeder_id INTEGER REFERENCES feeders(feeder_id), cause VARCHAR,
  announced_at TIMESTAMP, started_at TIMESTAMP, restored_at TIMESTAMP, customers_affected INTEGER);
CREATE TABLE outage_reports (report_id INTEGER PRIMARY KEY, outage_id INTEGER, customer_id INTEGER
  REFERENCES customers(customer_id), reported_at TIMESTAMP, channel VARCHAR);  -- outage_id undeclared
CREATE TABLE service_requests (request_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  created_at TIMESTAMP, category VARCHAR, channel VARCHAR, resolved_at TIMESTAMP);
CREATE TABLE plan_switches (switch_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  from_plan_id INTEGER REFERENCES tariff_plans(plan_id), to_plan_id INTEGER REFERENCES tariff_plans(plan_id),
  requested_at TIMESTAMP, effective_date DATE);
""")
for name, df in [
    ("regions", regions_df),
    ("weather_daily", weather),
    ("feeders", feeders),
    ("premises", premises),
    ("tariff_plans", plans),
    ("tariff_rates", rates),
    ("customers", customers),
    ("meters", meters),
    ("meter_readings", readings),
    ("smart_meter_installs", smart_installs),
    ("bills", bills),
    ("payments", payments),
    ("late_notices", late_notices),
    ("outages", outages),
    ("outage_reports", outage_reports),
    ("service_requests", service_requests),
    ("plan_switches", plan_switches),
]:
    con.register("df_", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df_")
    con.unregister("df_")
con.close()
