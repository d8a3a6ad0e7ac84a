"""An online grocery's database (customers with a household size and region, departments, products with an
aisle and a price, orders (baskets) with a delivery slot, order lines with the price paid, promotions planned
ahead, substitutions and refunds on some lines), seeded: `python benchmarks/trials/grocery.py PATH`. Written by
a fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), span 2023-01-01 .. 2024-12-31 (orders), promotions planned up to 2025-01-28:
- order hazard of customer c on day d (days since c's last order = s):
  p = 0.9 * x^4 / (1 + x^4) * dow(d) * holiday(d), x = s / cycle_c, capped at 0.95
  cycle_c ~ LogNormal(log 11, 0.45) clipped to [4, 45] days; x 0.8 in region 'Central' (urban, smaller baskets)
  dow: Mon .85 Tue .80 Wed .85 Thu .95 Fri 1.00 Sat 1.45 Sun 1.30
  holiday: x1.6 in the 6 days before Thanksgiving and Dec 18..24, x1.3 the week before Easter, x0.3 on Dec 25
- customers: 600, signup 2022-06 .. 2024-10 (orders start at max(signup, 2023-01-01)); household_size 1..6
  (stored NULL for 10%); region (5 values, only 'Central' matters); birth_year (25% NULL), email_opt_in,
  referral_source: noise
- staples (repeat purchasing): each customer has 4..12 staple products, each with its own cycle
  = aisle cycle (milk 7, bread 5, eggs 10, produce 6, coffee 21, paper goods 30, ...) * U(0.7, 1.3)
  * (2 / (1 + household))^0.3. At an order, staple p is bought with prob sigmoid((since_p - cycle_p) / (0.25 cycle_p));
  if p is on promotion, the shift is 0.45 cycle_p earlier scaled by the customer's price sensitivity.
  Quantity = 1 + Poisson(0.25 * household) (+1 on promotion with prob sensitivity).
- exploration: Poisson(1.2 + 0.6 * household) (x0.8 Central) other products per order, weighted by
  popularity (Gamma(0.8)) * the customer's department affinity (Dirichlet(0.7)) * promotion boost
  (1 + 10 * sensitivity * discount) * novelty (x4 in a product's first 60 days after added_at);
  holiday products (department 'Seasonal') only Nov 1 .. Dec 31 and the weeks before Easter.
  An explored product becomes a new staple with prob 0.12 (habits form).
- 3% of customers are bulk buyers (quantities x4): heavy-tailed basket values; prices LogNormal per aisle,
  +4% a year (inflation), paid = price * (1 - discount) when a promotion is live.
- price sensitivity ~ Beta(1.2, 2.5) per customer.
- products: 22 discontinued during the span (discontinued_at, no lines after it); 40 added during the span.
- out of stock: per line prob = product oos rate Beta(1, 40) * (2 on Sat/Sun and holiday weeks);
  60% of them substituted (line_adjustments.kind 'substitution', a product of the same aisle), 40% refunded;
  plus 0.4% 'damaged' refunds.
- churn: daily hazard 1/1100 (x2 for cycle_c > 20), x4 in the 30 days after an order with >= 2 adjusted
  lines; no orders after churn (churn is not stored); 35% of churned customers get deleted_at 30..120 days later.
- orders: 3% cancelled (status 'cancelled', cancelled_at, lines kept); delivery_slot_start 0..3 days after
  ordered_at (known ahead), delivery_window text (2% NULL); basket_value = sum of the lines' paid amounts,
  delivery_fee 4.99 under 50.
- view order_lines_by_customers: order_lines with the order's customer_id and the product's department_id and
  aisle (PQL aggregates one link away).
- targets: next-14-day products = staples due (cycle) + exploration (popularity, affinity, promotions);
  churn = cycle, recent adjustments; basket value = household size, bulk buyer, holidays.
"""

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
DOW = np.array([0.85, 0.80, 0.85, 0.95, 1.00, 1.45, 1.30])
hol = np.ones(ND)
holweek = np.zeros(ND, bool)
for thanks in ["2023-11-23", "2024-11-28"]:
    t = days.get_loc(pd.Timestamp(thanks))
    hol[t - 6 : t] = 1.6
    holweek[t - 6 : t + 1] = True
for y in (2023, 2024):
    a = days.get_loc(pd.Timestamp(f"{y}-12-18"))
    hol[a : a + 7] = 1.6
    holweek[a : a + 7] = True
    hol[a + 7] = 0.3
for easter in ["2023-04-09", "2024-03-31"]:
    t = days.get_loc(pd.Timestamp(easter))
    hol[t - 7 : t] = 1.3
    holweek[t - 7 : t] = True
season_ok = (days.month >= 11) | np.isin(np.arange(ND), np.where(hol == 1.3)[0])
dmul = DOW[days.day_of_week.values] * hol

# ---------------------------------------------------------------- catalog
CATALOG = [  # department, aisle, staple cycle (None: not a staple), price median, n products
    ("Dairy & Eggs", "milk", 7, 2.2, 8),
    ("Dairy & Eggs", "eggs", 10, 3.5, 4),
    ("Dairy & Eggs", "yogurt", 8, 3.0, 8),
    ("Dairy & Eggs", "cheese", 14, 5.5, 10),
    ("Bakery", "bread", 5, 3.0, 8),
    ("Bakery", "pastries", None, 4.5, 6),
    ("Produce", "fresh fruit", 6, 2.8, 12),
    ("Produce", "fresh vegetables", 6, 2.2, 14),
    ("Meat & Seafood", "poultry", 10, 8.5, 6),
    ("Meat & Seafood", "beef", 14, 12.0, 6),
    ("Meat & Seafood", "seafood", 21, 14.0, 5),
    ("Pantry", "pasta & rice", 25, 2.5, 8),
    ("Pantry", "canned goods", 30, 1.9, 8),
    ("Pantry", "breakfast cereal", 18, 4.2, 7),
    ("Beverages", "coffee", 21, 9.0, 6),
    ("Beverages", "soft drinks", 12, 5.0, 7),
    ("Beverages", "wine", None, 14.0, 8),
    ("Frozen", "frozen meals", 14, 5.5, 8),
    ("Frozen", "ice cream", None, 5.0, 5),
    ("Snacks", "chips", 10, 3.2, 7),
    ("Snacks", "cookies", None, 3.5, 6),
    ("Household", "paper goods", 30, 11.0, 5),
    ("Household", "cleaning", 45, 6.0, 6),
    ("Personal Care", "oral care", 40, 4.0, 4),
    ("Personal Care", "hair care", 45, 7.0, 4),
    ("Baby", "diapers", 10, 24.0, 3),
    ("Pets", "pet food", 20, 18.0, 4),
    ("Seasonal", "holiday", None, 9.0, 8),
]
BRANDS = ["Greenfield", "Sunny Acres", "Blue Harbor", "Maple & Co", "Nordic Farm", "Store Brand", "Golden Mill"]
DEPTS = sorted({c[0] for c in CATALOG})
prod_rows = []
for dept, aisle, cyc, pmed, n in CATALOG:
    for _ in range(n):
        prod_rows.append((dept, aisle, cyc, float(np.round(pmed * np.exp(rng.normal(0, 0.35)), 2))))
NP = len(prod_rows)
p_dept = np.array([DEPTS.index(r[0]) for r in prod_rows])
p_aisle = np.array([r[1] for r in prod_rows])
p_cycle = np.array([np.nan if r[2] is None else r[2] for r in prod_rows], float)
p_price = np.array([r[3] for r in prod_rows])
p_pop = rng.gamma(0.8, 1.0, NP) + 0.02
p_oos = rng.beta(1, 40, NP)
p_added = np.full(NP, -400)  # day index; negative: before the span
new_idx = rng.choice(NP, 40, replace=False)
p_added[new_idx] = rng.integers(30, ND - 30, 40)
cand = np.setdiff1d(np.arange(NP), new_idx)
disc_idx = rng.choice(cand, 22, replace=False)
p_disc = np.full(NP, 10**6)
p_disc[disc_idx] = rng.integers(90, ND - 20, 22)
p_brand = rng.choice(BRANDS, NP)
p_brand = np.where(rng.random(NP) < 0.08, None, p_brand)
p_organic = rng.random(NP) < 0.2
p_seasonal = p_dept == DEPTS.index("Seasonal")
aisle_members = {a: np.where(p_aisle == a)[0] for a in np.unique(p_aisle)}

# ---------------------------------------------------------------- promotions (planned ahead)
promo_rows = []
promo_on = np.zeros((ND + 40, NP))  # discount in effect per day and product
wk = 0
pid = 1
while START + pd.Timedelta(days=7 * wk) <= END + pd.Timedelta(days=21):
    for p in rng.choice(NP, 14, replace=False):
        s = 7 * wk + int(rng.integers(0, 4))
        length = int(rng.choice([7, 14]))
        disc = float(rng.choice([0.1, 0.15, 0.2, 0.25, 0.3, 0.4]))
        promo_on[s : s + length, p] = np.maximum(promo_on[s : s + length, p], disc)
        st = START + pd.Timedelta(days=s)
        promo_rows.append(
            (
                pid,
                int(p) + 1,
                st - pd.Timedelta(days=int(rng.integers(7, 22))),
                st.date(),
                (st + pd.Timedelta(days=length - 1)).date(),
                disc,
                str(rng.choice(["weekly flyer", "app banner", "email", "in-app coupon"])),
            )
        )
        pid += 1
    wk += 1

# ---------------------------------------------------------------- customers
NC = 600
signup = (pd.Timestamp("2022-06-01") + pd.to_timedelta(rng.integers(0, 880, NC), unit="D")).values
signup = pd.to_datetime(signup) + pd.to_timedelta(rng.integers(0, 86400, NC), unit="s")
start_day = np.maximum(0, (signup.normalize() - START).days.values)
hh = rng.choice([1, 2, 3, 4, 5, 6], NC, p=[0.28, 0.33, 0.15, 0.14, 0.07, 0.03])
REGIONS = ["North", "South", "East", "West", "Central"]
region = rng.choice(REGIONS, NC, p=[0.2, 0.2, 0.18, 0.17, 0.25])
central = region == "Central"
cycle = np.clip(np.exp(rng.normal(np.log(11), 0.45, NC)), 4, 45) * np.where(central, 0.8, 1.0)
sens = rng.beta(1.2, 2.5, NC)
bulk = rng.random(NC) < 0.03
aff = rng.dirichlet(np.full(len(DEPTS), 0.7), NC) * len(DEPTS)
has_pet = rng.random(NC) < 0.35
has_baby = (hh >= 3) & (rng.random(NC) < 0.4)
staples = []
for c in range(NC):
    ok = ~np.isnan(p_cycle) & (p_added < 0)
    ok &= (p_dept != DEPTS.index("Pets")) | has_pet[c]
    ok &= (p_dept != DEPTS.index("Baby")) | has_baby[c]
    w = ok * p_pop * aff[c][p_dept]
    k = int(rng.integers(4, 13))
    chosen = rng.choice(NP, k, replace=False, p=w / w.sum())
    scyc = {}
    for p in chosen:
        base = p_cycle[p] if not np.isnan(p_cycle[p]) else 20.0
        scyc[int(p)] = base * rng.uniform(0.7, 1.3) * (2 / (1 + hh[c])) ** 0.3
    staples.append(scyc)

# ---------------------------------------------------------------- simulate
last_order = start_day - (cycle * rng.uniform(0.3, 1.2, NC)).astype(int)
last_buy = [dict() for _ in range(NC)]
for c in range(NC):
    for p in staples[c]:
        last_buy[c][p] = start_day[c] - rng.uniform(0, staples[c][p])
alive = np.ones(NC, bool)
churn_day = np.full(NC, -1)
bad_until = np.full(NC, -1)
orders, lines, adjs = [], [], []
oid = lid = aid = 1
for d in range(ND):
    hz = np.where(cycle > 20, 2 / 1100, 1 / 1100) * np.where(bad_until >= d, 4, 1)
    newly = alive & (start_day <= d) & (rng.random(NC) < hz)
    churn_day[newly] = d
    alive &= ~newly
    x = (d - last_order) / cycle
    p = np.minimum(0.95, 0.9 * x**4 / (1 + x**4) * dmul[d])
    who = np.where(alive & (start_day <= d) & (rng.random(NC) < p))[0]
    live = (p_added <= d) & (p_disc > d) & (~p_seasonal | season_ok[d])
    price_now = p_price * (1 + 0.04 * d / 365)
    disc_now = promo_on[d]
    weekend = days[d].day_of_week >= 5
    for c in who:
        last_order[c] = d
        ts = days[d] + pd.Timedelta(seconds=int(rng.integers(6 * 3600, 23 * 3600)))
        items = {}
        for p, cyc in list(staples[c].items()):
            if not live[p]:
                continue
            shift = 0.45 * cyc * sens[c] if disc_now[p] > 0 else 0.0
            z = (d - last_buy[c][p] + shift - cyc) / (0.25 * cyc)
            if rng.random() < 1 / (1 + np.exp(-z)):
                q = 1 + rng.poisson(0.25 * hh[c]) + (disc_now[p] > 0 and rng.random() < sens[c])
                items[p] = q
                last_buy[c][p] = d
        nexp = rng.poisson((1.2 + 0.6 * hh[c]) * (0.8 if central[c] else 1.0) * (1.3 if holweek[d] else 1.0))
        if nexp:
            w = live * p_pop * aff[c][p_dept] * (1 + 10 * sens[c] * disc_now)
            w = w * np.where((d - p_added >= 0) & (d - p_added < 60), 4.0, 1.0)
            w = w * np.where(p_seasonal & holweek[d], 6.0, 1.0)
            for p in rng.choice(NP, min(nexp, int((w > 0).sum())), replace=False, p=w / w.sum()):
                p = int(p)
                if p in items:
                    continue
                items[p] = 1 + rng.poisson(0.15 * hh[c])
                if p not in staples[c] and not p_seasonal[p] and rng.random() < 0.12:
                    staples[c][p] = (p_cycle[p] if not np.isnan(p_cycle[p]) else 20.0) * rng.uniform(0.7, 1.3)
                    last_buy[c][p] = d
        if not items:
            continue
        cancelled = rng.random() < 0.03
        slot = ts.normalize() + pd.Timedelta(
            days=int(rng.integers(0, 4)), hours=int(rng.choice([8, 10, 12, 14, 16, 18]))
        )
        total = 0.0
        nbad = 0
        for p, q in items.items():
            q = int(q * (4 if bulk[c] else 1))
            unit = round(float(price_now[p] * (1 - disc_now[p])), 2)
            paid = round(unit * q, 2)
            total += paid
            lines.append((lid, oid, p + 1, q, unit, paid, ts))
            if not cancelled:
                r = rng.random()
                po = p_oos[p] * (2 if (weekend or holweek[d]) else 1)
                at = slot + pd.Timedelta(minutes=int(rng.integers(0, 120)))
                if r < po:
                    nbad += 1
                    if rng.random() < 0.6:
                        sub = int(rng.choice(aisle_members[p_aisle[p]])) + 1
                        adjs.append((aid, lid, "substitution", sub if sub != p + 1 else None, 0.0, at))
                    else:
                        adjs.append((aid, lid, "refund", None, paid, at))
                    aid += 1
                elif r < po + 0.004:
                    nbad += 1
                    adjs.append((aid, lid, "damaged", None, paid, at))
                    aid += 1
            lid += 1
        if nbad >= 2:
            bad_until[c] = d + 30
        window = None if rng.random() < 0.02 else f"{slot.hour:02d}:00-{slot.hour + 2:02d}:00"
        orders.append(
            (
                oid,
                c + 1,
                ts,
                "cancelled" if cancelled else "delivered",
                ts + pd.Timedelta(minutes=int(rng.integers(5, 600))) if cancelled else None,
                slot,
                window,
                round(total, 2),
                0.0 if total >= 50 else 4.99,
            )
        )
        oid += 1

deleted = [None] * NC
for c in np.where(churn_day >= 0)[0]:
    if rng.random() < 0.35:
        t = START + pd.Timedelta(days=int(churn_day[c] + rng.integers(30, 121)), hours=int(rng.integers(0, 24)))
        if t <= END:
            deleted[c] = t

# ---------------------------------------------------------------- write
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE departments (department_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, signup_at TIMESTAMP NOT NULL, household_size INTEGER,
  region VARCHAR, birth_year INTEGER, email_opt_in BOOLEAN, referral_source VARCHAR, deleted_at TIMESTAMP);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, name VARCHAR, brand VARCHAR, aisle VARCHAR,
  department_id INTEGER REFERENCES departments(department_id), list_price DECIMAL(8,2), is_organic BOOLEAN,
  added_at DATE, discontinued_at DATE);
CREATE TABLE promotions (promotion_id INTEGER PRIMARY KEY, product_id INTEGER REFERENCES products(product_id),
  created_at TIMESTAMP, start_date DATE, end_date DATE, discount_pct DOUBLE, channel VARCHAR);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  ordered_at TIMESTAMP NOT NULL, status VARCHAR, cancelled_at TIMESTAMP, delivery_slot_start TIMESTAMP,
  delivery_window VARCHAR, basket_value DECIMAL(10,2), delivery_fee DECIMAL(6,2));
CREATE TABLE order_lines (line_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(order_id),
  product_id INTEGER REFERENCES products(product_id), quantity INTEGER, unit_price DECIMAL(8,2),
  paid_amount DECIMAL(10,2), created_at TIMESTAMP);
CREATE TABLE line_adjustments (adjustment_id INTEGER PRIMARY KEY, line_id INTEGER, kind VARCHAR,
  substitute_product_id INTEGER, refund_amount DECIMAL(10,2), created_at TIMESTAMP);
""")
con.executemany("INSERT INTO departments VALUES (?, ?)", [(i + 1, n) for i, n in enumerate(DEPTS)])
birth = np.where(rng.random(NC) < 0.25, -1, rng.integers(1945, 2004, NC))
cust = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "signup_at": signup,
        "household_size": pd.array(np.where(rng.random(NC) < 0.10, -1, hh)).astype("Int64"),
        "region": region,
        "birth_year": pd.array(birth).astype("Int64"),
        "email_opt_in": rng.random(NC) < 0.6,
        "referral_source": rng.choice(["search", "friend", "social", "flyer", "unknown"], NC),
        "deleted_at": pd.to_datetime(pd.Series(deleted, dtype="object")),
    }
)
cust.loc[cust.household_size == -1, "household_size"] = pd.NA
cust.loc[cust.birth_year == -1, "birth_year"] = pd.NA
VARIANTS = ["Classic", "Light", "Family Size", "Organic", "Original", "Premium", "Value", "Mini", "Fresh", "Select"]
prods = pd.DataFrame(
    {
        "product_id": np.arange(1, NP + 1),
        "name": [f"{p_aisle[i].title()} {VARIANTS[i % len(VARIANTS)]} #{i + 1}" for i in range(NP)],
        "brand": p_brand,
        "aisle": p_aisle,
        "department_id": p_dept + 1,
        "list_price": p_price,
        "is_organic": p_organic,
        "added_at": [
            (START + pd.Timedelta(days=int(a))).date() if a >= 0 else pd.Timestamp("2021-03-01").date() for a in p_added
        ],
        "discontinued_at": [(START + pd.Timedelta(days=int(x))).date() if x < 10**6 else None for x in p_disc],
    }
)
promos = pd.DataFrame(
    promo_rows,
    columns=["promotion_id", "product_id", "created_at", "start_date", "end_date", "discount_pct", "channel"],
)
promos = promos[promos.created_at <= END]  # planned by the end of the data: start dates run ahead
ords = pd.DataFrame(
    orders,
    columns=[
        "order_id",
        "customer_id",
        "ordered_at",
        "status",
        "cancelled_at",
        "delivery_slot_start",
        "delivery_window",
        "basket_value",
        "delivery_fee",
    ],
)
lns = pd.DataFrame(
    lines, columns=["line_id", "order_id", "product_id", "quantity", "unit_price", "paid_amount", "created_at"]
)
adj = pd.DataFrame(
    adjs, columns=["adjustment_id", "line_id", "kind", "substitute_product_id", "refund_amount", "created_at"]
)
adj["substitute_product_id"] = adj.substitute_product_id.astype("Int64")
for name, df in [
    ("customers", cust),
    ("products", prods),
    ("promotions", promos),
    ("orders", ords),
    ("order_lines", lns),
    ("line_adjustments", adj),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp").fetchall()
    con.unregister("tmp")
    print(name, con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
# the analyst's view (the one rfm_sql's error suggests, plus the product's department and aisle): PQL aggregates
# one link away, and order_lines reaches customers through orders
con.execute("""
CREATE VIEW order_lines_by_customers AS
SELECT t.* EXCLUDE (order_id), m.customer_id, p.department_id, p.aisle
FROM order_lines AS t JOIN orders AS m ON t.order_id = m.order_id JOIN products AS p ON t.product_id = p.product_id
""")
print("churned", int((churn_day >= 0).sum()), "of", NC)
con.close()
