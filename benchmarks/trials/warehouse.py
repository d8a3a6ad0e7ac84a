"""An analytics engineer's dbt-duckdb warehouse of a subscription e-commerce business (a coffee/tea box with add-on
shop orders), laid out as dbt builds it: dim_customers (current state), snap_customers (a dbt snapshot, SCD type 2),
dim_products, fct_orders, fct_order_items, fct_events (one wide product-analytics table) and stg_plans, seeded:
`python benchmarks/trials/warehouse.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 2,000 customers (1,200 signed up before the
span), 60 products, about 47k orders, 47k order items, 222k events, 6.2k snapshot rows (about 18 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW.

Truth (seed 0):
- plans (stg_plans): basic 19, plus 39, premium 69 a 30-day cycle; a signup picks basic .45, plus .35, premium .2
- customer latents: spend_base LogNormal(0, .6); payment risk LogNormal(0, .7); engagement e, an AR(1) per day
  e = .985 e + N(0, .06) (sd about .35), aff = exp(e); acquisition_channel (organic .45, paid_social .3,
  referral .15, affiliate .1): paid_social churns x1.4, referral x.7; category preference Dirichlet(1.5)
- renewals every 30 days from signup: a subscription order (order_type 'subscription', amount = the fee of the
  plan AT THE TIME) that fails (status 'failed') w.p. .03 x risk (max .5)
- churn at a renewal (voluntary: churned_at U(0.1, 3) days before it and no order; after a failed payment:
  churned_at hours after the 'failed' order) w.p. base[plan at the time] (basic .06, plus .035, premium .02) x channel x 3 if a downgrade
  in the last 60 days x (1 + .6 x support contacts in the last 30 days) x 2.5 if this renewal's payment failed x
  exp(-1.2 e) x 1.5 if tenure < 90 days (max .9); no orders or events after the renewal it churns at
- plan change at a renewal (not churned): upgrade w.p. .025 x aff, downgrade w.p. .03 / aff (downgrades
  precede churn: dim_customers.plan is TODAY's plan, so it leaks later downgrades into past anchors)
- tier (bronze / silver / gold) recomputed at each renewal from the trailing 365 days' completed spend (< 350,
  < 900, else); gold orders add-ons x1.3; country moves w.p. .003 a renewal (noise)
- add-on orders: Poisson per day 0.02 x spend_base x plan mult AT THE TIME (basic .6, plus 1.0, premium 1.7) x
  tier mult x season (Nov 1.3, Dec 1.6) x (1 + 2 if an add_to_cart in the last 3 days) x aff^.5; 1 + Poisson(.8)
  lines; each line's category by P(c) = pref[c] x transition[last category, c] x (3 if c = 'gourmet' and plan
  AT THE TIME is premium) (transition: the same category x2.5, coffee -> accessories x2, tea -> snacks x2);
  product uniform within the category (launched ones); quantity 1 + Poisson(.3); premium gets 10% off add-ons
- add-on status: 'completed', 6% 'refunded' (refunded_at filled U(2, 20) days later; 'completed' before it);
  every order is 'pending' for its first 1-2 days (settled_at filled later)
- events (fct_events): page_view Poisson(.1 x aff) a day (+ 2 before each order), 10% anonymous (customer_id NULL);
  add_to_cart Poisson(.03 x aff) a day (+ 1 per order line); checkout at each add-on order;
  support_contact Poisson(.004 + .05 if a failed payment in the last 10 days + .004 if basic) a day;
  properties is JSON text ({"page":..,"device":..}, {"order_id":..,"amount":..}, {"reason":..})
- keys: no constraints (dbt). dim_customers: customer_sk = md5(customer_id) (text), customer_id 'cus_' + 10 hex.
  fct_orders and fct_order_items link by customer_sk, fct_events and snap_customers by customer_id (not unique in
  snap_customers); order_id 'ord_' + hex; product_id 'SKU-0001'; plan text to stg_plans.plan_code
- snap_customers: dbt check-strategy snapshot run nightly at 02:00: a change on day d becomes a version with
  dbt_valid_from = dbt_updated_at = d+1 02:00 (the last state of the day), dbt_valid_to = the next version's
  dbt_valid_from (NULL for the current one; filled in later); updated_at = the source's change time
- dim_customers: plan, tier, country, status, churned_at, lifetime_value, order_count, last_order_at, updated_at
  hold TODAY's state (filled later / rewritten); signup_at, acquisition_channel, email, marketing_opt_in static
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value drawn first (the simulation
  runs to NOW), rows created after DATE left out, every today's-state / filled-later column as at DATE (exact)
"""

import hashlib
import json
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


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


SEASON = np.ones(12)
SEASON[10], SEASON[11] = 1.3, 1.6
PLANS = ["basic", "plus", "premium"]
FEE = np.array([19.0, 39.0, 69.0])
PLAN_MULT = np.array([0.6, 1.0, 1.7])
CHURN_BASE = np.array([0.06, 0.035, 0.02])
TIERS = ["bronze", "silver", "gold"]
TIER_MULT = np.array([1.0, 1.0, 1.3])
CATS = ["coffee", "tea", "snacks", "gourmet", "accessories"]
NC = len(CATS)
TRANS = np.ones((NC, NC))
np.fill_diagonal(TRANS, 2.5)
TRANS[0, 4] = 2.0
TRANS[1, 2] = 2.0
CHANNELS = ["organic", "paid_social", "referral", "affiliate"]
CH_MULT = np.array([1.0, 1.4, 0.7, 1.0])
COUNTRIES = ["US", "US", "US", "CA", "GB", "DE", "AU"]

# ---------------- products
NP = 60
p_cat = np.repeat(np.arange(NC), NP // NC)
base_price = np.array([16.0, 12.0, 7.0, 34.0, 25.0])
p_price = (base_price[p_cat] * np.exp(rng.normal(0, 0.25, NP))).round(2)
p_launch = np.where(rng.random(NP) < 0.15, rng.uniform(60, 650, NP) * DAY, -rng.uniform(30, 900, NP) * DAY)
p_retire = np.where(rng.random(NP) < 0.1, rng.uniform(200, 700, NP) * DAY, np.inf)
p_retire = np.maximum(p_retire, p_launch + 120 * DAY)

# ---------------- customers
NCU = 2000
N0 = 1200
c_signup = np.concatenate(
    [-rng.uniform(1, 730, N0) * DAY, np.sort(rng.uniform(0, ND, NCU - N0)) * DAY]
) + rng.uniform(7, 23, NCU) * 3600
c_id = [f"cus_{rng.integers(0, 16**10):010x}" for _ in range(NCU)]
c_sk = [md5(x) for x in c_id]
c_channel = rng.choice(4, NCU, p=[0.45, 0.3, 0.15, 0.1])
c_plan0 = rng.choice(3, NCU, p=[0.45, 0.35, 0.2])
c_country0 = rng.choice(COUNTRIES, NCU)
c_spend = np.exp(rng.normal(0, 0.6, NCU))
c_risk = np.exp(rng.normal(0, 0.7, NCU))
c_pref = rng.dirichlet(np.full(NC, 1.5), NCU)
c_optin = rng.random(NCU) < 0.55
c_email = [f"user{i}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'])}" for i in range(NCU)]
c_device = rng.choice(["ios", "android", "web"], NCU, p=[0.4, 0.25, 0.35])

# pre-span customers: their state at START (survivors of an unsimulated past)
eng = rng.normal(0, 0.35, NCU)
plan = c_plan0.copy()
tier = np.where(c_signup < -365 * DAY, rng.choice(3, NCU, p=[0.5, 0.35, 0.15]), 0)
country = c_country0.astype(object).copy()
alive = np.zeros(NCU, bool)
churned = np.full(NCU, np.inf)
next_renew = c_signup + 30 * DAY
pre = c_signup < 0
next_renew[pre] = c_signup[pre] + 30 * DAY * (np.floor(-c_signup[pre] / (30 * DAY)) + 1)
last_cat = np.array([rng.choice(NC, p=c_pref[i]) for i in range(NCU)])
last_cart = np.full(NCU, -np.inf)
last_fail = np.full(NCU, -np.inf)
last_down = np.full(NCU, -np.inf)
support_t = [[] for _ in range(NCU)]
spend_hist = [[] for _ in range(NCU)]  # (t, amount) of completed orders

VER = {k: [] for k in ["c", "t", "plan", "tier", "country", "status"]}


def version(i, t):
    VER["c"].append(i)
    VER["t"].append(t)
    VER["plan"].append(PLANS[plan[i]])
    VER["tier"].append(TIERS[tier[i]])
    VER["country"].append(country[i])
    VER["status"].append("churned" if churned[i] <= t else "active")


for i in np.flatnonzero(pre):
    alive[i] = True
    version(i, c_signup[i])  # the snapshot's first version (dbt snapshot predates the span)

OR = {k: [] for k in ["c", "t", "type", "amount", "status", "refund", "settle"]}
IT = {k: [] for k in ["o", "prod", "qty", "price"]}
EV = {k: [] for k in ["c", "t", "type", "props"]}


def event(c, t, typ, props):
    EV["c"].append(c)
    EV["t"].append(t)
    EV["type"].append(typ)
    EV["props"].append(props)


def pv_props(i, page=None):
    page = page or rng.choice(["/", "/shop", "/account", "/blog", "/plans"])
    return json.dumps({"page": page, "device": c_device[i] if i >= 0 else "web"})


for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    season = SEASON[day.month - 1]
    # signups
    for i in np.flatnonzero((c_signup >= t0) & (c_signup < t0 + DAY)):
        alive[i] = True
        version(i, c_signup[i])
        event(i, c_signup[i] - rng.uniform(60, 1800), "page_view", pv_props(i, "/plans"))
    act = np.flatnonzero(alive & (c_signup < t0))
    aff = np.exp(eng)
    # background page views, carts, support
    for i, n in zip(act, rng.poisson(0.1 * aff[act]), strict=True):
        for t in np.sort(t0 + rng.uniform(6, 24, n) * 3600):
            event(i if rng.random() > 0.1 else -1, t, "page_view", pv_props(i))
    for i, n in zip(act, rng.poisson(0.03 * aff[act]), strict=True):
        for t in np.sort(t0 + rng.uniform(8, 23, n) * 3600):
            pid = int(rng.integers(0, NP))
            event(i, t, "add_to_cart", json.dumps({"product_id": f"SKU-{pid + 1:04d}", "qty": 1}))
            last_cart[i] = max(last_cart[i], t)
    sup_rate = 0.004 + 0.05 * (last_fail[act] > t0 - 10 * DAY) + 0.004 * (plan[act] == 0)
    for i, n in zip(act, rng.poisson(sup_rate), strict=True):
        for t in np.sort(t0 + rng.uniform(8, 20, n) * 3600):
            event(i, t, "support_contact", json.dumps({"reason": str(rng.choice(["billing", "delivery", "product"]))}))
            support_t[i].append(t)
    # add-on orders
    lam = (
        0.02 * c_spend[act] * PLAN_MULT[plan[act]] * TIER_MULT[tier[act]] * season
        * (1 + 2 * (last_cart[act] > t0 - 3 * DAY)) * aff[act] ** 0.5
    )
    live_p = np.flatnonzero((p_launch < t0) & (p_retire > t0))
    for i, n in zip(act, rng.poisson(lam), strict=True):
        for t in np.sort(t0 + rng.uniform(7, 23, n) * 3600):
            o = len(OR["c"])
            amt = 0.0
            for _ in range(1 + rng.poisson(0.8)):
                w = c_pref[i] * TRANS[last_cat[i]]
                if plan[i] == 2:
                    w = w * np.array([1, 1, 1, 3, 1])
                c = rng.choice(NC, p=w / w.sum())
                cand = live_p[p_cat[live_p] == c]
                pid = int(cand[rng.integers(0, len(cand))])
                q = 1 + rng.poisson(0.3)
                price = round(p_price[pid] * (0.9 if plan[i] == 2 else 1.0), 2)
                IT["o"].append(o)
                IT["prod"].append(pid)
                IT["qty"].append(q)
                IT["price"].append(price)
                event(i, t - rng.uniform(60, 900), "add_to_cart", json.dumps({"product_id": f"SKU-{pid + 1:04d}", "qty": int(q)}))
                amt += q * price
                last_cat[i] = c
            for _ in range(2):
                event(i, t - rng.uniform(900, 3600), "page_view", pv_props(i, "/shop"))
            refunded = rng.random() < 0.06
            OR["c"].append(i)
            OR["t"].append(t)
            OR["type"].append("addon")
            OR["amount"].append(round(amt, 2))
            OR["status"].append("refunded" if refunded else "completed")
            OR["refund"].append(t + rng.uniform(2, 20) * DAY if refunded else np.inf)
            OR["settle"].append(t + rng.uniform(1, 2) * DAY)
            event(i, t, "checkout", json.dumps({"order_id": f"ord_{md5(str(o))[:12]}", "amount": round(amt, 2)}))
            if not refunded:
                spend_hist[i].append((t, amt))
    # renewals
    for i in np.flatnonzero(alive & (next_renew >= t0) & (next_renew < t0 + DAY)):
        t = next_renew[i]
        fail = rng.random() < min(0.5, 0.03 * c_risk[i])
        n_sup = sum(1 for x in support_t[i] if x > t - 30 * DAY)
        p = (
            CHURN_BASE[plan[i]] * CH_MULT[c_channel[i]] * (3 if last_down[i] > t - 60 * DAY else 1)
            * (1 + 0.6 * n_sup) * (2.5 if fail else 1) * np.exp(-1.2 * eng[i])
            * (1.5 if t - c_signup[i] < 90 * DAY else 1)
        )
        u = rng.random(4)
        quit_ = u[0] < min(0.9, p)
        if t >= 0 and (fail or not quit_):  # a voluntary cancellation comes before the renewal is billed
            OR["c"].append(i)
            OR["t"].append(t)
            OR["type"].append("subscription")
            OR["amount"].append(FEE[plan[i]])
            OR["status"].append("failed" if fail else "completed")
            OR["refund"].append(np.inf)
            OR["settle"].append(t + rng.uniform(1, 2) * DAY)
            if not fail:
                spend_hist[i].append((t, FEE[plan[i]]))
        if fail:
            last_fail[i] = t
        changed = False
        if quit_:  # involuntary (failed payment): hours after the renewal; voluntary: up to 3 days before it
            churned[i] = t + (rng.uniform(0.5, 6) * 3600 if fail else -rng.uniform(0.1, 3) * DAY)
            alive[i] = False
            version(i, churned[i])
            continue
        a = np.exp(eng[i])
        if u[1] < 0.025 * a and plan[i] < 2:
            plan[i] += 1
            changed = True
        elif u[1] > 1 - 0.03 / a and plan[i] > 0:
            plan[i] -= 1
            last_down[i] = t
            changed = True
        s365 = sum(x for tt, x in spend_hist[i] if tt > t - 365 * DAY)
        nt = 0 if s365 < 350 else (1 if s365 < 900 else 2)
        if nt != tier[i]:
            tier[i] = nt
            changed = True
        if u[2] < 0.003:
            country[i] = rng.choice(COUNTRIES)
            changed = True
        if changed:
            version(i, t + rng.uniform(60, 600))
        next_renew[i] = t + 30 * DAY
    eng = 0.985 * eng + rng.normal(0, 0.06, NCU)

# ---------------- tables as they stood at CUT (every random value is drawn above)
orders = pd.DataFrame(OR)
orders["o"] = np.arange(len(orders))
orders["order_id"] = [f"ord_{md5(str(o))[:12]}" for o in orders.o]
orders["load_lag"] = rng.uniform(1, 6, len(orders)) * 3600
items = pd.DataFrame(IT)
items["line"] = items.groupby("o").cumcount() + 1
ev = pd.DataFrame(EV).sort_values("t", kind="stable").reset_index(drop=True)
ev["event_id"] = [f"evt_{rng.integers(0, 16**14):014x}" for _ in range(len(ev))]
ver = pd.DataFrame(VER)
ver["snap_t"] = np.floor(ver.t / DAY) * DAY + DAY + 2 * 3600  # the nightly dbt snapshot after the change
ver = ver.sort_values(["c", "t"], kind="stable").drop_duplicates(["c", "snap_t"], keep="last")

o_cut = orders[orders.t <= T].copy()
oid = dict(zip(orders.o, orders.order_id, strict=True))
o_status = np.where(
    o_cut.settle > T,
    "pending",
    np.where(o_cut.refund <= T, "refunded", np.where(o_cut.status == "failed", "failed", "completed")),
)
fct_orders = pd.DataFrame(
    {
        "order_id": o_cut.order_id,
        "customer_sk": [c_sk[c] for c in o_cut.c],
        "ordered_at": ts(o_cut.t),
        "order_type": o_cut.type,
        "amount": o_cut.amount.round(2),
        "currency": "USD",
        "status": o_status,
        "settled_at": ts(known(o_cut.settle)),
        "refunded_at": ts(known(o_cut.refund)),
        "_etl_loaded_at": ts(np.minimum(o_cut.t + o_cut.load_lag, T)),
    }
)
it = items.merge(orders[["o", "c", "t", "order_id"]], on="o")
it = it[it.t <= T]
fct_order_items = pd.DataFrame(
    {
        "order_item_id": [md5(f"{a}-{b}") for a, b in zip(it.order_id, it.line, strict=True)],
        "order_id": it.order_id,
        "customer_sk": [c_sk[c] for c in it.c],
        "product_id": [f"SKU-{p + 1:04d}" for p in it["prod"]],
        "product_category": [CATS[p_cat[p]] for p in it["prod"]],
        "ordered_at": ts(it.t),
        "quantity": it.qty,
        "unit_price": it.price,
        "line_amount": (it.qty * it.price).round(2),
    }
)
e = ev[ev.t <= T]
fct_events = pd.DataFrame(
    {
        "event_id": e.event_id,
        "customer_id": [c_id[c] if c >= 0 else None for c in e.c],
        "event_type": e.type,
        "event_ts": ts(e.t),
        "properties": e.props,
        "session_id": [f"s{rng.integers(0, 16**8):08x}" for _ in range(len(e))],
    }
)
v = ver[ver.snap_t <= T].copy()
v["next"] = v.groupby("c").snap_t.shift(-1)
snap_customers = pd.DataFrame(
    {
        "customer_id": [c_id[c] for c in v.c],
        "email": [c_email[c] for c in v.c],
        "plan": v.plan,
        "tier": v.tier,
        "country": v.country,
        "status": v.status,
        "updated_at": ts(v.t),
        "dbt_scd_id": [md5(f"{c_id[c]}|{t}") for c, t in zip(v.c, v.snap_t, strict=True)],
        "dbt_updated_at": ts(v.snap_t),
        "dbt_valid_from": ts(v.snap_t),
        "dbt_valid_to": ts(known(v.next.fillna(np.inf))),
    }
)
# dim_customers: TODAY's state = the source as of CUT (the latest change <= CUT; not the snapshot's lag)
src = ver[ver.t <= T].groupby("c").last()
exists = np.flatnonzero(c_signup <= T)
comp = o_cut[(o_cut.status != "failed") & ~(o_cut.refund <= T)]
ltv = comp.groupby("c").amount.sum()
cnt = o_cut.groupby("c").size()
last_o = o_cut.groupby("c").t.max()
first_o = o_cut.groupby("c").t.min()
dim_customers = pd.DataFrame(
    {
        "customer_sk": [c_sk[i] for i in exists],
        "customer_id": [c_id[i] for i in exists],
        "email": [c_email[i] for i in exists],
        "signup_at": ts(c_signup[exists]),
        "acquisition_channel": [CHANNELS[c_channel[i]] for i in exists],
        "marketing_opt_in": c_optin[exists],
        "country": src.country.reindex(exists).to_numpy(),
        "plan": src.plan.reindex(exists).to_numpy(),
        "tier": src.tier.reindex(exists).to_numpy(),
        "status": src.status.reindex(exists).to_numpy(),
        "churned_at": ts(known(churned[exists])),
        "first_order_at": ts(first_o.reindex(exists).to_numpy()),
        "last_order_at": ts(last_o.reindex(exists).to_numpy()),
        "order_count": cnt.reindex(exists).fillna(0).astype(int).to_numpy(),
        "lifetime_value": ltv.reindex(exists).fillna(0).round(2).to_numpy(),
        "updated_at": ts(src.t.reindex(exists).to_numpy()),
    }
)
dim_products = pd.DataFrame(
    {
        "product_id": [f"SKU-{p + 1:04d}" for p in range(NP)],
        "product_name": [f"{CATS[p_cat[p]].title()} #{p + 1}" for p in range(NP)],
        "category": [CATS[c] for c in p_cat],
        "list_price": p_price,
        "launched_at": ts(p_launch),
        "is_active": p_retire > T,
    }
)[p_launch <= T]
stg_plans = pd.DataFrame(
    {"plan_code": PLANS, "plan_name": ["Basic Box", "Plus Box", "Premium Box"], "monthly_fee": FEE,
     "billing_period_days": 30}
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
for name, df in [
    ("stg_plans", stg_plans),
    ("dim_products", dim_products),
    ("dim_customers", dim_customers),
    ("snap_customers", snap_customers),
    ("fct_orders", fct_orders),
    ("fct_order_items", fct_order_items),
    ("fct_events", fct_events),
]:
    con.register("tmp", df)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
