"""A cloud hosting provider's billing/usage warehouse (organizations on a plan tier, projects, daily metered usage per
project and resource type, monthly invoices paid later, dunning reminders, support tickets, a plan change log,
credits), seeded: `python benchmarks/trials/cloudhost.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial
(2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 700 organizations, about 1,400
projects, about 300k meter rows, 8k invoices, 4k tickets (about 20 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: invoices.due_date (issued + 30 days) and credits.expires_on.

Truth (seed 0):
- organizations (700): 350 signed up 2020-2022, 350 during the span (weekdays 3x weekends); latent size
  s ~ LogNormal(0, 1.1); growth g ~ N(0.012, 0.035) per 30 days (log scale): demand level
  L(t) = s x exp(g x months since max(created, 2022-07-01)); country, industry, employees_band, name,
  billing_email are noise
- resource types (6): cpu_hours 0.045, egress_gb 0.09, db_hours 0.12, gpu_hours 2.10 (launched 2023-06-01),
  fn_kinvocations 0.0002, storage_gb 0.023 (list price per unit)
- projects: 1 + Poisson(0.6 + 0.4 max(0, log s)) at signup, later ones at hazard 0.0015 x (1 + 10 max(g, 0)) per
  org-day; each uses cpu always, storage .9, egress .6, db .4, fn .3, gpu .06 (x3 on pro/enterprise);
  share ~ Dirichlet(1); activity p_act = clip(.15 + .22 log1p(s) + N(0, .1), .05, .95); deleted_at (filled later)
  for 70% of a churned org's projects U(0, 30) days after churn, and projects retire at hazard 1/2000 a day
- meter_readings (daily): on an active project-day (p_act x weekday Mon-Fri 1.0, Sat .45, Sun .35; month Dec .85,
  Aug .9) each of the project's resources except storage emits a row with p .75: qty = L x share x base x
  weekday x month x LogNormal(0, .35) (base cpu 40, egress 15, db 10, gpu 4, fn 200); storage: one row per project
  dated the month's last day, qty = L x share x 120 x LogNormal(0, .1); a free org's qty is throttled to its
  quota (x min(1, 40 / demand list cost per month)); cost_usd = qty x list price x (1 - discount): free 1.0
  (cost 0), starter 0, pro .10, enterprise .25. project_ref is the project (undeclared); resource_type text
- tiers: free / starter (base fee 29) / pro (299) / enterprise (1999), by 30-day demand list cost thresholds
  40 / 400 / 3000 at signup (x LogNormal(0, .3)); each org-day with p 1/20 it reviews: target tier by trailing
  30-day demand list cost x LogNormal(0, .3); one step up with p .6 if above, one step down with p .15 if two
  below: upgrades follow usage growth. plan_changes logs each; organizations.plan_tier is TODAY's tier
- invoices: on the 1st (01:00-06:00) for each org on a paid tier at some point of the last month and alive in it:
  subtotal = base fee (tier at month end) + month's cost; credits applied first; due_date = issued + 30 days;
  payment: late with p = sigmoid(b_org + .5 [wire] + .3 log(amount/300)), b_org ~ N(-1.8, 1.3); on time:
  issued + U(1, 28) days; late: due + Exp(20) days, never (NULL) with p .15 of the late; status is TODAY's
  (paid / open / overdue); paid_at filled later
- dunning_events: reminder_1 / reminder_2 / final_notice at due + 1, 15, 30 days while unpaid
- churn: daily hazard .0005 x s^-.3 x (1 + 3 x overdue unpaid invoices) x (1 + 3 max(0, -g / .03)) x (1.6 free)
  x (1 + urgent tickets in the last 60 days): no usage after; organizations.status 'churned' and churned_at set
  U(5, 60) days later for 75% of them (the rest stay 'active' with no usage); status/churned_at are TODAY's
- tickets: Poisson per org-day .006 x (1 + log1p(s)) x (1 + 1.5 [a project created in the last 14 days]) x
  (weekday 1, weekend .3); category by the org's Dirichlet(1.5) over outage/performance/how-to/account; a billing
  ticket after a dunning event with p .35; severity low/normal/high/urgent by category x exp(z_org x
  (-.6, -.2, .3, .6)) (z_org ~ N(0, 1)), enterprise urgent x1.6; tickets opened before 2023-03-01 (a legacy import)
  spell severity Title-case; project_id NULL on billing/account; closed_at (filled later) opened + Exp(1, 2, 3, 5
  days by severity), csat 1-5 filled with closed_at on 40%
- credits: promo at signup for 30% (100 or 300, expires 90 days), sla after an urgent outage ticket with p .5
  (10% of the last invoice or 25), goodwill after a billing ticket with p .2 (U(20, 100)); expires_on set ahead
- keys: PK declared on every table; REFERENCES declared for projects, invoices; meter_readings.project_ref,
  meter_readings.resource_type, tickets, credits, plan_changes, dunning_events keep their links undeclared;
  org ids, invoice numbers and ticket ids are text
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the simulation
  always runs to NOW), then rows created after DATE are left out (a meter row once its day has ended, a storage
  row once its month has) and every today's-state / filled-later column is as it stood at DATE (exact)
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


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.45, 0.35])
MONTH = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0, 0.85])
TIERS = ["free", "starter", "pro", "enterprise"]
FEE = np.array([0.0, 29.0, 299.0, 1999.0])
DISC = np.array([1.0, 0.0, 0.10, 0.25])
THR = np.array([40.0, 400.0, 3000.0])  # demand list cost per month: tier boundaries
RES = ["cpu_hours", "egress_gb", "db_hours", "gpu_hours", "fn_kinvocations", "storage_gb"]
PRICE = np.array([0.045, 0.09, 0.12, 2.10, 0.0002, 0.023])
BASE = np.array([40.0, 15.0, 10.0, 4.0, 200.0, 120.0])
USE_P = np.array([1.0, 0.6, 0.4, 0.06, 0.3, 0.9])
GPU_LAUNCH = secs("2023-06-01")
# expected list cost per month per unit of level (p_act ~ .5, weekday mix ~ .84, p .85 a row, 21.7 days... rough)
K_MONTH = 30 * 0.84 * 0.5 * 0.85 * float(np.sum(BASE[:5] * PRICE[:5] * USE_P[:5])) + BASE[5] * PRICE[5] * USE_P[5]
REF0 = secs("2022-07-01")


def tier_of(cost):
    return int(np.searchsorted(THR, cost))


# ---------------- organizations
NO = 700
o_created = np.empty(NO)
o_created[:350] = secs("2020-01-01") + rng.uniform(0, 3 * 365, 350) * DAY
days = np.arange(ND)
wk_w = np.array([3.0 if (START + pd.Timedelta(days=int(d))).weekday() < 5 else 1.0 for d in days])
o_created[350:] = (rng.choice(ND, 350, p=wk_w / wk_w.sum()) + rng.uniform(0.35, 0.8, 350)) * DAY
o_created = np.sort(o_created)
o_s = np.exp(rng.normal(0, 1.1, NO))
o_g = rng.normal(0.012, 0.035, NO)
o_b = rng.normal(-1.8, 1.3, NO)
o_z = rng.normal(0, 1, NO)
o_cat = rng.dirichlet(np.full(4, 1.5), NO)
o_wire = rng.random(NO) < 0.2
o_ids = [f"org_{x:06x}" for x in rng.choice(16**6, NO, replace=False)]


def level(o, t):
    return o_s[o] * np.exp(o_g[o] * (t - max(o_created[o], REF0)) / (30 * DAY))


o_tier0 = np.array([tier_of(level(o, max(o_created[o], 0)) * K_MONTH * np.exp(rng.normal(0, 0.3))) for o in range(NO)])
o_tier = o_tier0.copy()
o_churn = np.full(NO, np.inf)
o_alive = np.zeros(NO, bool)
PC = []  # plan changes (org, t, from, to)

# ---------------- projects
P = {k: [] for k in ["org", "created", "deleted", "share", "pact", "uses"]}


def new_project(o, t):
    P["org"].append(o)
    P["created"].append(t)
    P["deleted"].append(np.inf)
    P["share"].append(float(rng.gamma(1.0)))
    P["pact"].append(float(np.clip(0.15 + 0.22 * np.log1p(o_s[o]) + rng.normal(0, 0.1), 0.05, 0.95)))
    p = USE_P.copy()
    if o_tier[o] >= 2:
        p[3] *= 3
    u = rng.random(6) < p
    u[0] = True
    P["uses"].append(u)


def signup(o):
    t = o_created[o]
    o_alive[o] = True
    for _ in range(1 + rng.poisson(0.6 + 0.4 * max(0.0, np.log(o_s[o])))):
        new_project(o, t + rng.uniform(0, 3) * DAY if t >= 0 else t + rng.uniform(0, 200) * DAY)
    if rng.random() < 0.3:
        CR["org"].append(o)
        CR["t"].append(t + rng.uniform(60, 3600))
        CR["amount"].append(float(rng.choice([100.0, 300.0])))
        CR["reason"].append("promo")
        CR["exp"].append(t + 90 * DAY)


CR = {k: [] for k in ["org", "t", "amount", "reason", "exp"]}
for o in np.flatnonzero(o_created < 0):
    signup(o)

# ---------------- day-by-day simulation
U = {k: [] for k in ["proj", "day", "res", "qty", "cost"]}
INV = {k: [] for k in ["org", "period", "issued", "due", "subtotal", "credit", "amount", "paid", "tier", "method"]}
TK = {k: [] for k in ["org", "proj", "t", "sev", "cat", "closed", "csat"]}
DUN = {k: [] for k in ["inv", "t", "kind"]}
demand30 = np.zeros((NO, 30))  # trailing 30-day demand list cost per org
month_cost = np.zeros(NO)
month_paid_tier = np.zeros(NO, bool)
month_alive = np.zeros(NO, bool)
org_invoices = [[] for _ in range(NO)]
urgent_t = [[] for _ in range(NO)]
last_inv_amount = np.full(NO, 0.0)
SEV = ["low", "normal", "high", "urgent"]
CATS = ["outage", "performance", "how-to", "account"]
SEV_BY_CAT = {
    "outage": [0.05, 0.25, 0.45, 0.25],
    "performance": [0.15, 0.45, 0.30, 0.10],
    "how-to": [0.60, 0.35, 0.05, 0.0],
    "account": [0.40, 0.50, 0.10, 0.0],
    "billing": [0.30, 0.50, 0.15, 0.05],
}
SHIFT = np.array([-0.6, -0.2, 0.3, 0.6])
CLOSE_DAYS = {"low": 5.0, "normal": 3.0, "high": 2.0, "urgent": 1.0}


def ticket(o, t, cat, proj):
    p = np.array(SEV_BY_CAT[cat]) * np.exp(o_z[o] * SHIFT)
    if o_tier[o] == 3:
        p[3] *= 1.6
    sev = SEV[rng.choice(4, p=p / p.sum())]
    closed = t + rng.exponential(CLOSE_DAYS[sev]) * DAY
    TK["org"].append(o)
    TK["proj"].append(proj)
    TK["t"].append(t)
    TK["sev"].append(sev)
    TK["cat"].append(cat)
    TK["closed"].append(closed)
    TK["csat"].append(int(rng.choice(5, p=[0.08, 0.1, 0.2, 0.32, 0.3])) + 1 if rng.random() < 0.4 else None)
    if sev == "urgent":
        urgent_t[o].append(t)
        if cat == "outage" and rng.random() < 0.5:
            CR["org"].append(o)
            CR["t"].append(closed + rng.uniform(1, 48) * 3600)
            CR["amount"].append(round(max(25.0, 0.1 * last_inv_amount[o]), 2))
            CR["reason"].append("sla")
            CR["exp"].append(closed + 365 * DAY)
    if cat == "billing" and rng.random() < 0.2:
        CR["org"].append(o)
        CR["t"].append(t + rng.uniform(2, 72) * 3600)
        CR["amount"].append(round(float(rng.uniform(20, 100)), 2))
        CR["reason"].append("goodwill")
        CR["exp"].append(t + 180 * DAY)


def credits_available(o, t, used):
    tot = 0.0
    for i in range(len(CR["org"])):
        if CR["org"][i] == o and CR["t"][i] <= t and CR["exp"][i] > t:
            tot += CR["amount"][i]
    return max(0.0, tot - used[o])


credit_used = np.zeros(NO)
proj_n = 0
uses_arr = np.zeros((0, 6), bool)
for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    wd = WEEKDAY[day.weekday()]
    mf = MONTH[day.month - 1]
    # signups
    for o in np.flatnonzero((o_created >= t0) & (o_created < t0 + DAY)):
        signup(o)
    # month start: invoices for last month
    if day.day == 1 and d > 0:
        period = (day - pd.offsets.MonthBegin(1)).normalize()
        for o in np.flatnonzero(month_paid_tier & month_alive):
            issued = t0 + rng.uniform(1, 6) * 3600
            sub = FEE[o_tier[o]] + month_cost[o]
            cr = min(credits_available(o, issued, credit_used), sub)
            credit_used[o] += cr
            amt = round(sub - cr, 2)
            wire = o_wire[o]
            late = rng.random() < sigmoid(o_b[o] + 0.5 * wire + 0.3 * np.log(max(amt, 1.0) / 300))
            due = issued + 30 * DAY
            if amt <= 0:
                paid = issued
            elif not late:
                paid = issued + rng.uniform(1, 28) * DAY
            elif rng.random() < 0.15:
                paid = np.inf
            else:
                paid = due + rng.exponential(20) * DAY
            i = len(INV["org"])
            for k, v in zip(
                INV,
                [
                    o,
                    secs(period),
                    issued,
                    due,
                    round(sub, 2),
                    round(cr, 2),
                    amt,
                    paid,
                    o_tier[o],
                    "wire" if wire else rng.choice(["card", "card", "ach"]),
                ],
                strict=True,
            ):
                INV[k].append(v)
            org_invoices[o].append(i)
            last_inv_amount[o] = amt
            for k, dd in [("reminder_1", 1), ("reminder_2", 15), ("final_notice", 30)]:
                te = due + dd * DAY + rng.uniform(0, 8) * 3600
                if te < paid:
                    DUN["inv"].append(i)
                    DUN["t"].append(te)
                    DUN["kind"].append(k)
        month_cost[:] = 0
        month_paid_tier[:] = o_tier > 0
        month_alive[:] = False
    month_paid_tier |= (o_tier > 0) & o_alive
    month_alive |= o_alive
    # usage
    np_ = len(P["org"])
    porg = np.array(P["org"], int)
    pcre = np.array(P["created"])
    pdel = np.array(P["deleted"])
    pact = np.array(P["pact"])
    psh = np.array(P["share"])
    uses = np.array(P["uses"])
    live = (pcre < t0 + DAY) & (pdel > t0 + DAY) & o_alive[porg] & (o_churn[porg] > t0 + DAY)
    lev = np.array([level(o, t0) for o in range(NO)])
    # org demand list cost per month (uncapped) and free-tier throttle
    dem_month = lev * K_MONTH
    throttle = np.where(o_tier == 0, np.minimum(1.0, THR[0] / np.maximum(dem_month, 1e-9)), 1.0)
    active = live & (rng.random(np_) < pact * wd)
    demand_today = np.zeros(NO)
    for r in range(5):
        emit = active & uses[:, r] & (rng.random(np_) < 0.75)
        if r == 3 and t0 < GPU_LAUNCH:
            emit[:] = False
        idx = np.flatnonzero(emit)
        q = lev[porg[idx]] * psh[idx] * BASE[r] * wd * mf * np.exp(rng.normal(0, 0.35, len(idx)))
        np.add.at(demand_today, porg[idx], q * PRICE[r])
        q = q * throttle[porg[idx]]
        c = q * PRICE[r] * (1 - DISC[o_tier[porg[idx]]])
        U["proj"].append(idx)
        U["day"].append(np.full(len(idx), d))
        U["res"].append(np.full(len(idx), r))
        U["qty"].append(q)
        U["cost"].append(c)
        np.add.at(month_cost, porg[idx], c)
    if (day + pd.Timedelta(days=1)).day == 1:  # storage snapshot on the month's last day
        idx = np.flatnonzero(live & uses[:, 5])
        q = lev[porg[idx]] * psh[idx] * BASE[5] * np.exp(rng.normal(0, 0.1, len(idx)))
        q = q * throttle[porg[idx]]
        c = q * PRICE[5] * (1 - DISC[o_tier[porg[idx]]])
        U["proj"].append(idx)
        U["day"].append(np.full(len(idx), d))
        U["res"].append(np.full(len(idx), 5))
        U["qty"].append(q)
        U["cost"].append(c)
        np.add.at(month_cost, porg[idx], c)
    demand30[:, d % 30] = demand_today + lev * BASE[5] * PRICE[5] * USE_P[5] / 30
    # per org: reviews, tickets, churn, new projects
    recent_proj = np.zeros(NO, bool)
    recent_proj[porg[(pcre > t0 - 14 * DAY) & (pcre < t0)]] = True
    for o in np.flatnonzero(o_alive & (o_churn > t0)):
        if rng.random() < 1 / 20:
            target = tier_of(demand30[o].sum() * np.exp(rng.normal(0, 0.3)))
            nt = o_tier[o]
            if target > o_tier[o] and rng.random() < 0.6:
                nt = o_tier[o] + 1
            elif target < o_tier[o] - 1 and rng.random() < 0.15:
                nt = o_tier[o] - 1
            if nt != o_tier[o]:
                PC.append((o, t0 + rng.uniform(8, 20) * 3600, o_tier[o], nt))
                o_tier[o] = nt
        nt_ = rng.poisson(0.006 * (1 + np.log1p(o_s[o])) * (1 + 1.5 * recent_proj[o]) * (1.0 if wd == 1.0 else 0.3))
        for _ in range(nt_):
            cat = CATS[rng.choice(4, p=o_cat[o])]
            tt = t0 + rng.uniform(7, 22) * 3600
            pr = None
            if cat in ("outage", "performance", "how-to"):
                mine = np.flatnonzero((porg == o) & live)
                pr = int(mine[rng.integers(len(mine))]) if len(mine) else None
            ticket(o, tt, cat, pr)
        overdue = sum(1 for i in org_invoices[o] if INV["due"][i] < t0 and INV["paid"][i] > t0)
        urg = sum(1 for x in urgent_t[o] if x > t0 - 60 * DAY)
        h = (
            0.0005
            * o_s[o] ** -0.3
            * (1 + 3 * overdue)
            * (1 + 3 * max(0.0, -o_g[o] / 0.03))
            * (1.6 if o_tier[o] == 0 else 1.0)
            * (1 + urg)
        )
        if rng.random() < h:
            o_churn[o] = t0 + rng.uniform(0, 1) * DAY
            for p in np.flatnonzero((porg == o) & (pdel == np.inf)):
                if rng.random() < 0.7:
                    P["deleted"][p] = o_churn[o] + rng.uniform(0, 30) * DAY
            continue
        if rng.random() < 0.0015 * (1 + 10 * max(o_g[o], 0.0)):
            new_project(o, t0 + rng.uniform(8, 20) * 3600)
    # project retirement
    for p in np.flatnonzero(live & (rng.random(np_) < 1 / 2000)):
        P["deleted"][p] = t0 + rng.uniform(8, 20) * 3600
    # billing tickets after today's dunning events
    for j in range(len(DUN["t"])):
        if t0 <= DUN["t"][j] < t0 + DAY and rng.random() < 0.35:
            o = INV["org"][DUN["inv"][j]]
            if o_churn[o] > DUN["t"][j]:
                ticket(o, DUN["t"][j] + rng.uniform(1, 30) * 3600, "billing", None)

o_closed = np.where(np.isfinite(o_churn) & (rng.random(NO) < 0.75), o_churn + rng.uniform(5, 60, NO) * DAY, np.inf)
o_name = [
    f"{a} {b}"
    for a, b in zip(
        rng.choice(["Acme", "Blue", "Nova", "Peak", "Zen", "Hex", "Kite"], NO),
        rng.choice(["Labs", "Systems", "Cloud", "AI", "Works", "GmbH", "Inc"], NO),
        strict=True,
    )
]
o_country = rng.choice(["US", "DE", "GB", "IN", "BR", "FR", "CA", "JP"], NO)
o_industry = np.where(rng.random(NO) < 0.1, None, rng.choice(["saas", "ecommerce", "media", "fintech", "gaming"], NO))
o_emp = rng.choice(["1-10", "11-50", "51-200", "201-1000", "1000+"], NO)

# ---------------- tables as they stood at CUT
keep_o = o_created <= T
tier_now = o_tier0.copy()
for o, t, _, to in PC:
    if t <= T:
        tier_now[o] = to
status = np.where(o_closed <= T, "churned", "active")
organizations = pd.DataFrame(
    {
        "org_id": o_ids,
        "name": o_name,
        "country": o_country,
        "industry": o_industry,
        "employees_band": o_emp,
        "created_at": ts(o_created),
        "plan_tier": np.array(TIERS)[tier_now],
        "status": status,
        "churned_at": ts(known(o_closed)),
        "billing_email": [f"billing{i}@example.com" if i % 7 else None for i in range(NO)],
    }
)[keep_o]

pr = pd.DataFrame({k: P[k] for k in ["org", "created", "deleted"]})
pr["project_id"] = np.arange(1, len(pr) + 1)
pr_region = rng.choice(["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"], len(pr))
prk = pr.created <= T
projects = pd.DataFrame(
    {
        "project_id": pr.project_id,
        "org_id": np.array(o_ids)[pr.org],
        "name": [f"proj-{i:05d}" for i in pr.project_id],
        "region": pr_region,
        "created_at": ts(pr.created),
        "deleted_at": ts(known(pr.deleted)),
    }
)[prk]

u = pd.DataFrame({k: np.concatenate(v) for k, v in U.items()})
u = u.sort_values(["day", "proj", "res"], kind="stable").reset_index(drop=True)
u["reading_id"] = 1_000_000 + np.arange(len(u))
u = u[(u.day + 1) * DAY <= T + 1]
meter_readings = pd.DataFrame(
    {
        "reading_id": u.reading_id,
        "project_ref": u.proj + 1,
        "usage_date": (START + pd.to_timedelta(u.day, unit="D")).dt.date,
        "resource_type": np.array(RES)[u.res],
        "qty": u.qty.round(4),
        "cost_usd": u.cost.round(4),
    }
)
resource_types = pd.DataFrame(
    {
        "code": RES,
        "unit": ["hour", "GB", "hour", "hour", "1k invocations", "GB-month"],
        "list_price": PRICE,
        "launched_at": pd.to_datetime(
            ["2018-01-01", "2018-01-01", "2019-05-01", "2023-06-01", "2020-03-01", "2018-01-01"]
        ),
    }
)

inv = pd.DataFrame(INV)
inv["invoice_no"] = [f"INV-{START.year + int(p // (366 * DAY))}-{i + 1:06d}" for i, p in enumerate(inv.period)]
inv_keep = inv.issued <= T
paid_k = inv.paid <= T
inv_status = np.where(paid_k, "paid", np.where(inv.due < T, "overdue", "open"))
invoices = pd.DataFrame(
    {
        "invoice_no": inv.invoice_no,
        "org_id": np.array(o_ids)[inv.org],
        "period_start": ts(inv.period).date,
        "issued_at": ts(inv.issued),
        "due_date": ts(inv.due).date,
        "tier_billed": np.array(TIERS)[inv.tier],
        "subtotal": inv.subtotal,
        "credits_applied": inv.credit,
        "amount_due": inv.amount,
        "payment_method": inv.method,
        "paid_at": ts(known(inv.paid)),
        "status": inv_status,
        "currency": "USD",
    }
)[inv_keep]

dn = pd.DataFrame(DUN).sort_values("t", kind="stable").reset_index(drop=True)
dn["event_id"] = np.arange(1, len(dn) + 1)
dn = dn[dn.t <= T]
dunning_events = pd.DataFrame(
    {"event_id": dn.event_id, "invoice_no": inv.invoice_no.to_numpy()[dn.inv], "sent_at": ts(dn.t), "kind": dn.kind}
)

tk = pd.DataFrame(TK).sort_values("t", kind="stable").reset_index(drop=True)
tk["ticket_id"] = [f"T-{i + 1:06d}" for i in range(len(tk))]
legacy = tk.t < secs("2023-03-01")
sev = np.where(legacy, tk.sev.str.title(), tk.sev)
tkk = tk.t <= T
closed_k = tk.closed <= T
tickets = pd.DataFrame(
    {
        "ticket_id": tk.ticket_id,
        "org_id": np.array(o_ids)[tk.org],
        "project_id": pd.array([None if p is None or p != p else int(p) + 1 for p in tk.proj], dtype="Int64"),
        "opened_at": ts(tk.t),
        "severity": sev,
        "category": tk.cat,
        "closed_at": ts(known(tk.closed)),
        "csat": pd.array([c if k else None for c, k in zip(tk.csat, closed_k, strict=True)], dtype="Int64"),
    }
)[tkk]

cr = pd.DataFrame(CR).sort_values("t", kind="stable").reset_index(drop=True)
cr["credit_id"] = np.arange(1, len(cr) + 1)
cr = cr[cr.t <= T]
credits = pd.DataFrame(
    {
        "credit_id": cr.credit_id,
        "org_id": np.array(o_ids)[cr.org.astype(int)],
        "granted_at": ts(cr.t),
        "amount_usd": cr.amount,
        "reason": cr.reason,
        "expires_on": ts(cr.exp).date,
    }
)

pc = pd.DataFrame(PC, columns=["org", "t", "frm", "to"]).sort_values("t", kind="stable").reset_index(drop=True)
pc["change_id"] = np.arange(1, len(pc) + 1)
pc = pc[pc.t <= T]
plan_changes = pd.DataFrame(
    {
        "change_id": pc.change_id,
        "org_id": np.array(o_ids)[pc.org.astype(int)],
        "changed_at": ts(pc.t),
        "from_tier": np.array(TIERS)[pc.frm.astype(int)],
        "to_tier": np.array(TIERS)[pc.to.astype(int)],
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE organizations (org_id VARCHAR PRIMARY KEY, name VARCHAR, country VARCHAR, industry VARCHAR,
                            employees_band VARCHAR, created_at TIMESTAMP, plan_tier VARCHAR, status VARCHAR,
                            churned_at TIMESTAMP, billing_email VARCHAR);
CREATE TABLE projects (project_id INTEGER PRIMARY KEY, org_id VARCHAR REFERENCES organizations(org_id), name VARCHAR,
                       region VARCHAR, created_at TIMESTAMP, deleted_at TIMESTAMP);
CREATE TABLE resource_types (code VARCHAR PRIMARY KEY, unit VARCHAR, list_price DOUBLE, launched_at TIMESTAMP);
CREATE TABLE meter_readings (reading_id BIGINT PRIMARY KEY, project_ref INTEGER, usage_date DATE,
                             resource_type VARCHAR, qty DOUBLE, cost_usd DOUBLE);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, org_id VARCHAR REFERENCES organizations(org_id),
                       period_start DATE, issued_at TIMESTAMP, due_date DATE, tier_billed VARCHAR, subtotal DOUBLE,
                       credits_applied DOUBLE, amount_due DOUBLE, payment_method VARCHAR, paid_at TIMESTAMP,
                       status VARCHAR, currency VARCHAR);
CREATE TABLE dunning_events (event_id INTEGER PRIMARY KEY, invoice_no VARCHAR, sent_at TIMESTAMP, kind VARCHAR);
CREATE TABLE tickets (ticket_id VARCHAR PRIMARY KEY, org_id VARCHAR, project_id INTEGER, opened_at TIMESTAMP,
                      severity VARCHAR, category VARCHAR, closed_at TIMESTAMP, csat INTEGER);
CREATE TABLE credits (credit_id INTEGER PRIMARY KEY, org_id VARCHAR, granted_at TIMESTAMP, amount_usd DOUBLE,
                      reason VARCHAR, expires_on DATE);
CREATE TABLE plan_changes (change_id INTEGER PRIMARY KEY, org_id VARCHAR, changed_at TIMESTAMP, from_tier VARCHAR,
                           to_tier VARCHAR);
""")
for name, df in [
    ("organizations", organizations),
    ("projects", projects),
    ("resource_types", resource_types),
    ("meter_readings", meter_readings),
    ("invoices", invoices),
    ("dunning_events", dunning_events),
    ("tickets", tickets),
    ("credits", credits),
    ("plan_changes", plan_changes),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
