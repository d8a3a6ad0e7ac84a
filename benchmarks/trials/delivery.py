"""A food-delivery database (customers, restaurants that close, couriers, orders with weekday peaks and a winter
bump, order items, ratings), seeded: `python benchmarks/trials/delivery.py PATH`. Written by a fresh-eyes trial
(2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0):
- day multiplier = dow(dow) * winter(doy) * growth(t)
  dow: Mon .80 Tue .78 Wed .85 Thu .95 Fri 1.40 Sat 1.50 Sun 1.05   (Fri/Sat peaks)
  winter: 1 + 0.25*cos(2pi*(doy-20)/365)  (peak ~ Jan 20, trough ~ Jul 21); +0.15 on Dec 20..Jan 2
  growth: none on the per-customer rate (the platform grows by signups)
- cuisine x season: winter multiplier raised to a cuisine exponent (ramen/indian/pizza strong, poke/salad
  inverted); cuisine x weekend: pizza/burger Fri/Sat x1.25, salad/poke Fri/Sat x0.8
- customers: latent rate lam ~ LogNormal(log .05, 1.0) orders/day, plus 1.5% power users lam ~ U(.5, 1.5);
  churn hazard per day 1/300 (lam below median) or 1/700 (above); no orders after churn (not stored)
- restaurants: popularity ~ Gamma(1.5, 1); 55% of a customer's orders go to one of 3 favourites (if open)
  else weighted by popularity * cuisine multipliers among open ones in the customer's city
  closed_at: 18 close during the span (NULL for open ones); 30 open during the span
- couriers: join over time (quadratic growth), in one city each; an order's courier is drawn among those joined
  by then in the order's city, by a gamma activity weight
- cancellation: p = 0.03 + restaurant beta(1, 30) + 0.03 on Fri/Sat; 60% of cancelled have no courier;
  delivered_at NULL when cancelled; 1% 'refunded' (delivered)
- ratings: 35% of delivered orders; stars from restaurant quality - lateness
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-02-28")
days = pd.date_range(START, END, freq="D")
ND = len(days)
dow = days.day_of_week.values
doy = days.day_of_year.values
DOW = np.array([0.80, 0.78, 0.85, 0.95, 1.40, 1.50, 1.05])
winter = 1 + 0.25 * np.cos(2 * np.pi * (doy - 20) / 365)
hol = ((days.month == 12) & (days.day >= 20)) | ((days.month == 1) & (days.day <= 2))
winter = winter + 0.15 * hol
daymul = DOW[dow] * winter

CITIES = ["Lisbon", "Porto", "Braga", "Coimbra"]
CITY_P = [0.45, 0.3, 0.13, 0.12]
CUISINES = {  # name: (winter exponent, weekend factor, prep minutes, menu)
    "pizza": (
        1.5,
        1.25,
        15,
        [
            ("Margherita", 9.5),
            ("Pepperoni", 11.0),
            ("Quattro Formaggi", 12.5),
            ("Garlic Bread", 4.0),
            ("Tiramisu", 5.0),
        ],
    ),
    "burger": (
        1.0,
        1.25,
        12,
        [("Classic Burger", 10.0), ("Cheeseburger", 11.0), ("Veggie Burger", 10.5), ("Fries", 3.5), ("Milkshake", 4.5)],
    ),
    "sushi": (
        0.8,
        1.1,
        20,
        [("Salmon Nigiri", 8.0), ("California Roll", 9.0), ("Sashimi Mix", 16.0), ("Miso Soup", 3.0), ("Edamame", 4.0)],
    ),
    "ramen": (2.5, 1.0, 14, [("Tonkotsu Ramen", 13.0), ("Shoyu Ramen", 12.0), ("Gyoza", 6.0), ("Karaage", 7.0)]),
    "indian": (
        2.0,
        1.1,
        18,
        [("Chicken Tikka Masala", 13.5), ("Lamb Rogan Josh", 15.0), ("Naan", 3.0), ("Samosa", 4.5), ("Dal", 9.0)],
    ),
    "chinese": (
        1.2,
        1.1,
        13,
        [("Kung Pao Chicken", 11.0), ("Fried Rice", 8.0), ("Spring Rolls", 5.0), ("Mapo Tofu", 10.0)],
    ),
    "mexican": (0.7, 1.15, 12, [("Burrito", 10.5), ("Tacos", 9.0), ("Nachos", 7.5), ("Quesadilla", 8.5)]),
    "salad": (-1.5, 0.8, 8, [("Caesar Salad", 9.5), ("Greek Salad", 9.0), ("Quinoa Bowl", 11.0), ("Smoothie", 5.0)]),
    "poke": (-2.0, 0.8, 9, [("Salmon Poke", 13.0), ("Tuna Poke", 14.0), ("Tofu Poke", 11.5), ("Iced Tea", 3.0)]),
    "portuguese": (
        1.0,
        1.0,
        16,
        [("Bacalhau", 15.0), ("Francesinha", 13.0), ("Caldo Verde", 5.0), ("Pastel de Nata", 1.5)],
    ),
}
CUI = list(CUISINES)

# ---------------- restaurants
NR = 140
r_city = rng.choice(CITIES, NR, p=CITY_P)
r_cui = rng.choice(CUI, NR, p=[0.16, 0.14, 0.1, 0.07, 0.1, 0.1, 0.08, 0.09, 0.06, 0.1])
r_open = np.array(
    [pd.Timestamp("2018-01-01") + pd.Timedelta(days=int(rng.integers(0, 1800))) for _ in range(NR)],
    dtype="datetime64[ns]",
)
late = rng.choice(NR, 30, replace=False)
for i in late:
    r_open[i] = np.datetime64(
        START + pd.Timedelta(days=int(rng.integers(20, ND - 40))) + pd.Timedelta(hours=int(rng.integers(9, 12)))
    )
r_close = np.full(NR, np.datetime64("NaT"), dtype="datetime64[ns]")
for i in rng.choice(np.setdiff1d(np.arange(NR), late), 18, replace=False):
    r_close[i] = np.datetime64(START + pd.Timedelta(days=int(rng.integers(60, ND - 5))) + pd.Timedelta(hours=23))
r_pop = rng.gamma(1.5, 1.0, NR)
r_quality = rng.normal(4.1, 0.35, NR)
r_cancel = rng.beta(1, 30, NR)
r_prep = np.array([CUISINES[c][2] for c in r_cui]) + rng.normal(0, 3, NR)
names_a = ["Casa", "Golden", "Little", "Royal", "Urban", "Green", "Blue", "Happy", "Old", "Red"]
restaurants = pd.DataFrame(
    {
        "restaurant_id": np.arange(1, NR + 1),
        "name": [f"{names_a[i % 10]} {r_cui[i].title()} {i}" for i in range(NR)],
        "cuisine": r_cui,
        "city": r_city,
        "opened_at": r_open,
        "closed_at": r_close,
        "price_level": rng.choice([1, 2, 3], NR, p=[0.3, 0.5, 0.2]),
    }
)
# messy text casing on a few
m = rng.random(NR) < 0.03
restaurants.loc[m, "cuisine"] = restaurants.loc[m, "cuisine"].str.title()
wexp = np.array([CUISINES[c][0] for c in r_cui])
wkend = np.array([CUISINES[c][1] for c in r_cui])

# ---------------- customers
NC = 12000
# signups grow over time
u = rng.random(NC) ** 0.7
signup = START - pd.Timedelta(days=365) + pd.to_timedelta(u * (ND + 365 - 10) * 86400, unit="s")
lam = rng.lognormal(np.log(0.05), 1.0, NC)
power = rng.random(NC) < 0.015
lam[power] = rng.uniform(0.5, 1.5, power.sum())
haz = np.where(lam < np.median(lam), 1 / 300, 1 / 700)
churn = signup + pd.to_timedelta(rng.exponential(1 / haz) * 86400, unit="s")
c_city = rng.choice(CITIES, NC, p=CITY_P)
customers = pd.DataFrame(
    {
        "customer_id": np.arange(100001, 100001 + NC),
        "signed_up_at": signup,
        "city": c_city,
        "acquisition_channel": rng.choice(
            ["organic", "referral", "paid_social", "promo_code"], NC, p=[0.45, 0.2, 0.25, 0.1]
        ),
        "birth_year": rng.integers(1950, 2007, NC).astype(float),
    }
)
customers.loc[rng.random(NC) < 0.1, "birth_year"] = np.nan
# favourites: 3 restaurants in own city by popularity
by_city = {c: np.where(r_city == c)[0] for c in CITIES}
fav = np.array([rng.choice(by_city[c], 3, p=r_pop[by_city[c]] / r_pop[by_city[c]].sum()) for c in c_city])

# ---------------- couriers
NK = 420
kj = START - pd.Timedelta(days=200) + pd.to_timedelta((rng.random(NK) ** 0.6) * (ND + 200 - 3) * 86400, unit="s")
k_city = rng.choice(CITIES, NK, p=CITY_P)
couriers = pd.DataFrame(
    {
        "courier_id": np.arange(5001, 5001 + NK),
        "joined_at": kj,
        "city": k_city,
        "vehicle": rng.choice(["bicycle", "scooter", "car"], NK, p=[0.4, 0.45, 0.15]),
    }
)
k_w = rng.gamma(2, 1, NK)
k_speed = np.where(couriers.vehicle == "bicycle", 1.15, np.where(couriers.vehicle == "car", 1.05, 0.9)) * rng.normal(
    1, 0.1, NK
)

# ---------------- orders
HOURS = np.arange(24)
hp = np.array([0, 0, 0, 0, 0, 0, 0, 0.2, 0.4, 0.6, 0.8, 2.5, 6, 5.5, 2, 1, 1.2, 2.5, 6, 8, 7.5, 5, 2.5, 0.8])
hp = hp / hp.sum()
sg = signup.values
ch = churn.values
rows = []
for di, day in enumerate(days):
    d64 = np.datetime64(day)
    act = np.where((sg <= d64) & (ch > d64))[0]
    n = rng.poisson(lam[act] * daymul[di])
    idx = np.repeat(act, n)
    if len(idx) == 0:
        continue
    ts = d64 + (rng.choice(24, len(idx), p=hp) * 3600 + rng.integers(0, 3600, len(idx))).astype("timedelta64[s]")
    ropen = (r_open <= ts[:, None]) & (np.isnat(r_close) | (r_close > ts[:, None]))  # n x NR
    wmul = r_pop * winter[di] ** wexp * (wkend if dow[di] >= 4 and dow[di] <= 5 else 1.0)
    rest = np.empty(len(idx), dtype=int)
    for j, (ci, t_ok) in enumerate(zip(idx, ropen, strict=True)):
        f = fav[ci]
        fo = f[t_ok[f]]
        if len(fo) and rng.random() < 0.55:
            w = wmul[fo]
            rest[j] = rng.choice(fo, p=w / w.sum())
        else:
            cand = by_city[c_city[ci]]
            cand = cand[t_ok[cand]]
            if len(cand) == 0:
                rest[j] = -1
                continue
            w = wmul[cand]
            rest[j] = rng.choice(cand, p=w / w.sum())
    ok = rest >= 0
    rows.append(pd.DataFrame({"cust": idx[ok], "rest": rest[ok], "placed_at": ts[ok], "di": di}))
orders = pd.concat(rows, ignore_index=True).sort_values("placed_at").reset_index(drop=True)
NO = len(orders)
print("orders", NO)
orders["order_id"] = np.arange(1, NO + 1) + 7000000
oc = r_city[orders.rest.values]
# courier
kjv = kj.values
cour = np.full(NO, -1)
for c in CITIES:
    ks = np.where(k_city == c)[0]
    ks = ks[np.argsort(kjv[ks])]
    sel = np.where(oc == c)[0]
    navail = np.searchsorted(kjv[ks], orders.placed_at.values[sel], side="right")
    cw = np.cumsum(k_w[ks])
    r = rng.random(len(sel)) * cw[np.maximum(navail - 1, 0)]
    pick = np.searchsorted(cw, r, side="right")
    pick = np.minimum(pick, np.maximum(navail - 1, 0))
    cour[sel] = np.where(navail > 0, ks[pick], -1)
odow = dow[orders.di.values]
pc = 0.03 + r_cancel[orders.rest.values] + 0.03 * ((odow == 4) | (odow == 5))
cancelled = rng.random(NO) < pc
refunded = (~cancelled) & (rng.random(NO) < 0.01)
status = np.where(cancelled, "cancelled", np.where(refunded, "refunded", "delivered"))
no_courier = cancelled & (rng.random(NO) < 0.6) | (cour < 0)
peak = 1 + 0.25 * ((odow == 4) | (odow == 5)) + 0.15 * (winter[orders.di.values] - 1)
kspd = np.where(cour >= 0, k_speed[np.maximum(cour, 0)], 1.0)
minutes = r_prep[orders.rest.values] + rng.gamma(4, 4, NO) * kspd * peak
delivered = orders.placed_at.values + (minutes * 60).astype("timedelta64[s]")
# items
it_rows = []
ncnt = rng.choice([1, 2, 3, 4], NO, p=[0.3, 0.35, 0.25, 0.1])
menus = {c: CUISINES[c][3] for c in CUI}
totals = np.zeros(NO)
iid = 1
item_order, item_dish, item_price, item_qty = [], [], [], []
plevel = restaurants.price_level.values
for k in range(NO):
    menu = menus[r_cui[orders.rest.values[k]]]
    pick = rng.choice(len(menu), min(ncnt[k], len(menu)), replace=False)
    pf = {1: 0.85, 2: 1.0, 3: 1.3}[plevel[orders.rest.values[k]]]
    for p in pick:
        q = 1 if rng.random() < 0.8 else int(rng.integers(2, 4))
        pr = round(menu[p][1] * pf, 2)
        item_order.append(orders.order_id.values[k])
        item_dish.append(menu[p][0])
        item_price.append(pr)
        item_qty.append(q)
        totals[k] += pr * q
fee = np.array([{"Lisbon": 2.49, "Porto": 2.29, "Braga": 1.99, "Coimbra": 1.99}[c] for c in oc])
order_items = pd.DataFrame(
    {
        "order_item_id": np.arange(1, len(item_order) + 1),
        "order_id": item_order,
        "dish": item_dish,
        "price": item_price,
        "qty": item_qty,
    }
)
orders_out = pd.DataFrame(
    {
        "order_id": orders.order_id.values,
        "placed_at": orders.placed_at.values.astype("datetime64[s]"),
        "restaurant_id": restaurants.restaurant_id.values[orders.rest.values],
        "customer_id": customers.customer_id.values[orders.cust.values],
        "courier_id": pd.array(
            np.where(no_courier, -1, couriers.courier_id.values[np.maximum(cour, 0)]), dtype="Int64"
        ),
        "total_amount": (totals + fee).round(2),
        "status": status,
        "delivered_at": pd.Series(delivered.astype("datetime64[s]")).where(~cancelled).values,
    }
)
orders_out.loc[no_courier, "courier_id"] = pd.NA
# ratings
deliv = np.where(status != "cancelled")[0]
rated = deliv[rng.random(len(deliv)) < 0.35]
late_pen = np.clip((minutes[rated] - 35) / 15, 0, 3)
stars = np.clip(
    np.round(r_quality[orders.rest.values[rated]] - late_pen * 0.8 + rng.normal(0, 0.7, len(rated))), 1, 5
).astype(int)
r_created = delivered[rated] + (rng.exponential(3, len(rated)) * 3600).astype("timedelta64[s]")
ratings = pd.DataFrame(
    {
        "rating_id": np.arange(1, len(rated) + 1),
        "order_id": orders_out.order_id.values[rated],
        "stars": stars,
        "created_at": r_created.astype("datetime64[s]"),
    }
)
ratings = ratings[ratings.created_at <= np.datetime64(END + pd.Timedelta(hours=23, minutes=59))]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
restaurants["opened_at"] = restaurants.opened_at.astype("datetime64[s]")
restaurants["closed_at"] = restaurants.closed_at.astype("datetime64[s]")
customers["signed_up_at"] = customers.signed_up_at.astype("datetime64[s]")
couriers["joined_at"] = couriers.joined_at.astype("datetime64[s]")
for name, df in [
    ("customers", customers),
    ("restaurants", restaurants),
    ("couriers", couriers),
    ("orders", orders_out),
    ("order_items", order_items),
    ("ratings", ratings),
]:
    con.register("tmp", df)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, con.execute(f"select count(*) from {name}").fetchall()[0][0])
con.close()
