"""A two-sided marketplace database (buyers, sellers that close, listings in categories, orders with a status set
per order, reviews, refunds, messages), seeded: `python benchmarks/trials/marketplace.py PATH`. Written by a
fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Span 2023-01-01 .. 2025-06-30 (the database's present; statuses are as of then, so an order's status is mutable:
a feature reading the status of an order placed before an anchor sees a return made after it). Rows: categories 10,
sellers 300, buyers 4,000, listings 6,660, orders 60,570 (returned 8,899, cancelled 3,628), reviews 24,312,
refunds 10,666, messages 56,946. reviews.body is drawn from the stars (text that gives the label away).
Truth (seed 0):
- day multiplier = weekday(dow) * season(doy): Sat/Sun x1.2; Nov 20..Dec 24 x1.8 (peak Black Friday week x2.4),
  Jul/Aug x0.85. Category seasons on top: toys x2.5 in Dec, garden x1.8 Apr-Jun, x0.5 Nov-Feb.
  Electronics share grows: x(1 + 0.5*t) with t the fraction of the span elapsed.
- buyers (4,000): rate lam ~ LogNormal(log .025, .9) orders/day, 3% power buyers lam ~ U(.2, .4); signup 35% before
  the span, the rest spread with density rising over it (platform growth). Churn hazard 1/250 per day (lam below
  median) or 1/600 (above); no orders after churn (not stored); 40% of churned buyers get deleted_at (an end
  time) 30-200 days after their churn, when that is before the present.
  return propensity: logit r_b ~ N(-2.4, .7), 7% serial returners +2.2.   harshness h_b ~ N(0, .6) (stars).
  favourite categories: Dirichlet(.4) mixed 70/30 with the global category mix; preferred payment method
  (80% of a buyer's orders): by age group (65+: bank_transfer 50%); age_group NULL for 20%.
  3 favourite sellers: 35% of orders go to a live listing of one of them.
  Noise (no effect): marketing_opt_in, referral_source, country.
- sellers (300): quality q ~ N(0, 1) (+0.5 for tier 'pro', 30%); lateness z ~ N(0, 1); cancel rate
  c_s ~ Beta(1, 30), 6% flaky sellers +0.12; ships_from 'international' 25% (promise 10 days, else 3, and more
  late); popularity ~ Gamma(1.2, 1) * exp(0.3 q). 20 close during the span (closed_at; no orders after).
- listings: 5-60 per seller, price ~ LogNormal(category mean, .6) (heavy tail), condition new/used/refurbished
  (NULL 5%), created over time, 30% delisted (delisted_at). Title: words of the category, no extra signal.
- orders: status cancelled with p = c_s + .02 + .03*(bank_transfer); else shipped, delivered. Late
  (delivered after promised_delivery_date, which is known when ordered) with p = sigmoid(-1.8 + z + .8 intl +
  .6 peak-season). Returned (delivered orders) with logit p = logit r_b + category effect (fashion +1.0, shoes
  +.8, electronics +.2, books -1.2, home 0, toys -.3, garden -.5, beauty -.6, sports 0, collectibles -.4)
  + 1.0*late + .4*(used) + .25*log(price/40) - .3*q_s. returned_at 2-20 days after delivery.
  As of the present: orders not yet delivered are 'placed' or 'shipped'; returns after the present not yet
  known (status 'delivered'). cancelled_at set for cancelled orders.
- reviews: 35% of delivered orders (+20% late, +25% returned), 1-10 days after delivery; stars =
  round(4.2 + .5 q_s - 1.3 late - 1.6 returned + h_b + N(0, .7)) clipped to 1..5.
- refunds: every returned order (full amount 85%, else partial) 1-5 days after returned_at; 3% of other
  delivered orders (8% if late) get a partial refund ('damaged'/'late').
- messages: per order Poisson(.3 + 1.5 late + 1.2 returned + .5 cancelled), plus pre-sale questions without
  an order_id; message FKs not declared; orders.seller_id not declared either (derivable from listing).
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-06-30 23:59:59")
days = pd.date_range(START, "2025-06-30", freq="D")
ND = len(days)
dow = days.day_of_week.values
doy = days.day_of_year.values
month = days.month.values
tfrac = np.arange(ND) / ND

season = np.ones(ND)
season[(month == 7) | (month == 8)] = 0.85
hol = ((month == 11) & (days.day.values >= 20)) | ((month == 12) & (days.day.values <= 24))
season[hol] = 1.8
bf = (month == 11) & (days.day.values >= 24) & (days.day.values <= 30)
season[bf] = 2.4
daymul = np.where(dow >= 5, 1.2, 1.0) * season
peak = hol.astype(float)

CATS = ["fashion", "shoes", "electronics", "books", "home", "toys", "garden", "beauty", "sports", "collectibles"]
NC = len(CATS)
CAT_RET = np.array([1.0, 0.8, 0.2, -1.2, 0.0, -0.3, -0.5, -0.6, 0.0, -0.4])
CAT_PRICE = np.array([35, 60, 180, 15, 45, 25, 40, 20, 50, 80.0])
CAT_MIX = np.array([0.18, 0.08, 0.14, 0.10, 0.14, 0.08, 0.07, 0.09, 0.07, 0.05])
cat_season = np.ones((NC, ND))
cat_season[5, month == 12] = 2.5
cat_season[6, (month >= 4) & (month <= 6)] = 1.8
cat_season[6, (month >= 11) | (month <= 2)] = 0.5
cat_season[2] *= 1 + 0.5 * tfrac
WORDS = {
    "fashion": ["Linen", "Shirt", "Dress", "Vintage", "Jacket", "Wool", "Scarf"],
    "shoes": ["Leather", "Sneakers", "Boots", "Running", "Sandals", "Suede"],
    "electronics": ["Wireless", "Headphones", "Charger", "Tablet", "Camera", "Speaker", "4K"],
    "books": ["Paperback", "Novel", "Cookbook", "Hardcover", "Signed", "Guide"],
    "home": ["Ceramic", "Lamp", "Cushion", "Oak", "Mug", "Rug", "Candle"],
    "toys": ["Puzzle", "Lego", "Plush", "Wooden", "Board Game", "Robot"],
    "garden": ["Planter", "Seeds", "Hose", "Pruner", "Terracotta", "Bulbs"],
    "beauty": ["Serum", "Organic", "Lipstick", "Soap", "Palette", "Cream"],
    "sports": ["Yoga Mat", "Dumbbell", "Bike", "Tennis", "Bottle", "Trail"],
    "collectibles": ["Rare", "Coin", "Stamp", "Card", "Figurine", "Antique"],
}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def ts(day_idx, frac):
    return START + pd.to_timedelta(day_idx + frac, unit="D")


# ---------------- categories
categories = pd.DataFrame(
    {
        "category_id": np.arange(1, NC + 1),
        "name": CATS,
        "department": ["apparel", "apparel", "tech", "media", "home", "kids", "home", "health", "outdoor", "hobby"],
    }
)

# ---------------- sellers
NS = 300
s_q = rng.normal(0, 1, NS)
s_tier = np.where(rng.random(NS) < 0.3, "pro", "basic")
s_q = s_q + 0.5 * (s_tier == "pro")
s_late = rng.normal(0, 1, NS)
s_cancel = rng.beta(1, 30, NS) + 0.12 * (rng.random(NS) < 0.06)
s_intl = rng.random(NS) < 0.25
s_pop = rng.gamma(1.2, 1, NS) * np.exp(0.3 * s_q)
s_join = np.where(rng.random(NS) < 0.6, rng.integers(-900, 0, NS), rng.integers(0, ND - 60, NS))
s_close = np.full(NS, -1)
closers = rng.choice(np.where(s_join < ND - 200)[0], 20, replace=False)
for i in closers:
    s_close[i] = rng.integers(max(s_join[i], 0) + 60, ND - 10)
sellers = pd.DataFrame(
    {
        "seller_id": np.arange(1, NS + 1),
        "shop_name": [f"shop_{i:03d}" for i in range(1, NS + 1)],
        "country": np.where(s_intl, rng.choice(["CN", "US", "UK"], NS), rng.choice(["DE", "FR", "NL", "ES"], NS)),
        "ships_from": np.where(s_intl, "international", "domestic"),
        "tier": s_tier,
        "joined_at": [ts(d, f) for d, f in zip(s_join, rng.random(NS), strict=True)],
        "closed_at": [ts(d, f) if d >= 0 else pd.NaT for d, f in zip(s_close, rng.random(NS), strict=True)],
    }
)
s_close_day = np.where(s_close >= 0, s_close, ND + 10)

# ---------------- listings
rows = []
lid = 0
for s in range(NS):
    n = int(np.clip(5 + rng.poisson(15 * s_pop[s]), 5, 60))
    scats = rng.choice(NC, size=rng.integers(1, 4), replace=False, p=CAT_MIX)
    for _ in range(n):
        lid += 1
        c = rng.choice(scats)
        created = (
            max(s_join[s], -400) + rng.integers(0, 200)
            if rng.random() < 0.5
            else rng.integers(max(s_join[s], -400), ND - 5)
        )
        created = min(created, ND - 5)
        delist = created + rng.integers(30, 700) if rng.random() < 0.3 else ND + 10
        w = rng.choice(WORDS[CATS[c]], 2, replace=False)
        rows.append(
            (
                lid,
                s + 1,
                c + 1,
                f"{w[0]} {w[1]}",
                round(float(CAT_PRICE[c] * np.exp(rng.normal(0, 0.6))), 2),
                rng.choice(["new", "used", "refurbished", None], p=[0.6, 0.25, 0.1, 0.05]),
                created,
                delist,
            )
        )
L = pd.DataFrame(
    rows, columns=["listing_id", "seller_id", "category_id", "title", "price", "condition", "cday", "dday"]
)
NL = len(L)
L_end = np.minimum(L.dday.values, s_close_day[L.seller_id.values - 1])
L_cat = L.category_id.values - 1
L_seller = L.seller_id.values - 1
L_pop = s_pop[L_seller] * rng.gamma(2, 0.5, NL)
listings = pd.DataFrame(
    {
        "listing_id": L.listing_id,
        "seller_id": L.seller_id,
        "category_id": L.category_id,
        "title": L.title,
        "price": L.price,
        "condition": L.condition,
        "created_at": [ts(d, f) for d, f in zip(L.cday, rng.random(NL), strict=True)],
        "delisted_at": [ts(d, f) if d < ND else pd.NaT for d, f in zip(L.dday, rng.random(NL), strict=True)],
    }
)

# ---------------- buyers
NB = 4000
b_lam = np.exp(rng.normal(np.log(0.025), 0.9, NB))
power = rng.random(NB) < 0.03
b_lam[power] = rng.uniform(0.2, 0.4, power.sum())
u = rng.random(NB)
b_signup = np.where(u < 0.35, rng.integers(-700, 0, NB), (np.sqrt(rng.random(NB)) * (ND - 20)).astype(int))
haz = np.where(b_lam < np.median(b_lam), 1 / 250, 1 / 600)
b_churn = np.maximum(b_signup, 0) + rng.exponential(1 / haz).astype(int)
b_ret = sigmoid(rng.normal(-2.4, 0.7, NB) + 2.2 * (rng.random(NB) < 0.07))
b_harsh = rng.normal(0, 0.6, NB)
b_catpref = 0.7 * rng.dirichlet(np.full(NC, 0.4), NB) + 0.3 * CAT_MIX
age = rng.choice(["18-24", "25-34", "35-49", "50-64", "65+"], NB, p=[0.15, 0.3, 0.28, 0.17, 0.1])
PM = ["card", "paypal", "bank_transfer", "wallet"]
pm_p = {
    "18-24": [0.3, 0.25, 0.05, 0.4],
    "25-34": [0.4, 0.3, 0.05, 0.25],
    "35-49": [0.5, 0.3, 0.1, 0.1],
    "50-64": [0.5, 0.25, 0.2, 0.05],
    "65+": [0.35, 0.1, 0.5, 0.05],
}
b_pm = np.array([rng.choice(4, p=pm_p[a]) for a in age])
b_fav = np.array([rng.choice(NS, 3, replace=False, p=s_pop / s_pop.sum()) for _ in range(NB)])
deleted = np.full(NB, -1)
for i in range(NB):
    if b_churn[i] < ND and rng.random() < 0.4:
        d = b_churn[i] + rng.integers(30, 200)
        if d < ND:
            deleted[i] = d
buyers = pd.DataFrame(
    {
        "buyer_id": np.arange(1, NB + 1),
        "signup_at": [ts(d, f) for d, f in zip(b_signup, rng.random(NB), strict=True)],
        "country": rng.choice(["DE", "FR", "NL", "ES", "IT"], NB, p=[0.35, 0.25, 0.15, 0.15, 0.1]),
        "age_group": np.where(rng.random(NB) < 0.2, None, age),
        "marketing_opt_in": rng.random(NB) < 0.45,
        "referral_source": rng.choice(["search", "social", "friend", "ads", None], NB, p=[0.35, 0.25, 0.15, 0.2, 0.05]),
        "deleted_at": [ts(d, f) if d >= 0 else pd.NaT for d, f in zip(deleted, rng.random(NB), strict=True)],
    }
)

# ---------------- orders
lo = np.maximum(b_signup, 0)
hi = np.minimum(b_churn, ND)
dd = np.arange(ND)
active = (dd[None, :] >= lo[:, None]) & (dd[None, :] < hi[:, None])
cnt = rng.poisson(b_lam[:, None] * daymul[None, :] * active)
bi, di = np.nonzero(cnt)
reps = cnt[bi, di]
o_b = np.repeat(bi, reps)
o_d = np.repeat(di, reps)
NO = len(o_b)
o_frac = rng.random(NO)
o_listing = np.empty(NO, dtype=int)
by_cat = [np.where(L_cat == c)[0] for c in range(NC)]
for k in range(NO):
    b, d = o_b[k], o_d[k]
    if rng.random() < 0.35:
        cand = np.where(np.isin(L_seller, b_fav[b]) & (L.cday.values <= d) & (L_end > d))[0]
        if len(cand):
            o_listing[k] = rng.choice(cand, p=L_pop[cand] / L_pop[cand].sum())
            continue
    cp = b_catpref[b] * cat_season[:, d]
    c = rng.choice(NC, p=cp / cp.sum())
    cand = by_cat[c]
    cand = cand[(L.cday.values[cand] <= d) & (L_end[cand] > d)]
    if not len(cand):
        cand = np.where((L.cday.values <= d) & (L_end > d))[0]
    o_listing[k] = rng.choice(cand, p=L_pop[cand] / L_pop[cand].sum())
o_s = L_seller[o_listing]
o_c = L_cat[o_listing]
price = L.price.values[o_listing]
qty = 1 + rng.geometric(0.75, NO) - 1
total = np.round(price * qty + np.where(s_intl[o_s], 8.0, 3.5), 2)
pm = np.where(rng.random(NO) < 0.8, b_pm[o_b], rng.integers(0, 4, NO))
ordered = o_d + o_frac
cancel = rng.random(NO) < s_cancel[o_s] + 0.02 + 0.03 * (pm == 2)
promise = np.where(s_intl[o_s], 10, 3)
late = rng.random(NO) < sigmoid(-1.8 + s_late[o_s] + 0.8 * s_intl[o_s] + 0.6 * peak[o_d])
ship_t = ordered + rng.uniform(0.2, 2.0, NO) + 0.5 * np.maximum(s_late[o_s], 0)
transit = np.where(s_intl[o_s], rng.uniform(5, 9, NO), rng.uniform(1, 2.5, NO))
deliver_t = ship_t + transit
promise_day = np.floor(ordered) + promise + 1  # end of the promised day
deliver_t = np.where(
    late, np.maximum(deliver_t, promise_day) + rng.exponential(3, NO), np.minimum(deliver_t, promise_day - 0.05)
)
cond = L.condition.values[o_listing]
logit_ret = (
    np.log(b_ret[o_b] / (1 - b_ret[o_b]))
    + CAT_RET[o_c]
    + 1.0 * late
    + 0.4 * (cond == "used")
    + 0.25 * np.log(price / 40)
    - 0.3 * s_q[o_s]
)
returned = (~cancel) & (rng.random(NO) < sigmoid(logit_ret))
return_t = deliver_t + rng.uniform(2, 20, NO)
now = float(ND)
cancel_t = ordered + rng.uniform(0.05, 3, NO)
cancel = cancel & (cancel_t < now)
status = np.where(
    cancel,
    "cancelled",
    np.where(
        ship_t >= now,
        "placed",
        np.where(deliver_t >= now, "shipped", np.where(returned & (return_t < now), "returned", "delivered")),
    ),
)
order_id = rng.permutation(NO) + 100001  # ids not in time order
ord_sort = np.argsort(ordered)


def tcol(x, mask):
    return pd.Series(np.where(mask, x, np.nan)).map(lambda v: ts(0, v) if v == v else pd.NaT)


orders = (
    pd.DataFrame(
        {
            "order_id": order_id,
            "buyer_id": o_b + 1,
            "listing_id": o_listing + 1,
            "seller_id": o_s + 1,
            "ordered_at": tcol(ordered, np.ones(NO, bool)),
            "quantity": qty,
            "total_amount": total,
            "payment_method": np.array(PM)[pm],
            "promised_delivery_date": (START + pd.to_timedelta(promise_day - 1, unit="D")).date,
            "status": status,
            "shipped_at": tcol(ship_t, (status != "cancelled") & (status != "placed")),
            "delivered_at": tcol(deliver_t, (status == "delivered") | (status == "returned")),
            "returned_at": tcol(return_t, status == "returned"),
            "cancelled_at": tcol(cancel_t, status == "cancelled"),
        }
    )
    .iloc[ord_sort]
    .reset_index(drop=True)
)
# keep raw arrays in the same (time) order
perm = ord_sort
o_b, o_s, o_c, late, status = o_b[perm], o_s[perm], o_c[perm], late[perm], status[perm]
deliver_t, return_t, ordered, total, order_id = (
    deliver_t[perm],
    return_t[perm],
    ordered[perm],
    total[perm],
    order_id[perm],
)
cancel = cancel[perm]
got = (status == "delivered") | (status == "returned")
ret = status == "returned"

# ---------------- reviews
pr = 0.35 + 0.2 * late + 0.25 * ret
rv = got & (rng.random(NO) < pr)
rv_t = deliver_t + rng.uniform(1, 10, NO)
rv = rv & (rv_t < now)
idx = np.where(rv)[0]
stars = np.clip(
    np.round(
        4.2 + 0.5 * s_q[o_s[idx]] - 1.3 * late[idx] - 1.6 * ret[idx] + b_harsh[o_b[idx]] + rng.normal(0, 0.7, len(idx))
    ),
    1,
    5,
).astype(int)
BODY = {
    1: ["Terrible.", "Never again", "Item broken, seller unhelpful"],
    2: ["Disappointing", "Not as described"],
    3: ["OK", "Average, slow shipping", "Fine I guess"],
    4: ["Good", "Nice item", "Happy with it"],
    5: ["Excellent!", "Perfect, fast shipping", "Love it", "Great seller"],
}
body = [rng.choice(BODY[s]) if rng.random() < 0.8 else None for s in stars]
reviews = (
    pd.DataFrame(
        {
            "review_id": np.arange(1, len(idx) + 1),
            "order_id": order_id[idx],
            "seller_id": o_s[idx] + 1,
            "stars": stars,
            "body": body,
            "created_at": [ts(0, v) for v in rv_t[idx]],
        }
    )
    .sort_values("created_at")
    .reset_index(drop=True)
)
reviews["review_id"] = np.arange(1, len(reviews) + 1)

# ---------------- refunds
partial = got & ~ret & (rng.random(NO) < np.where(late, 0.08, 0.03))
rf_t = np.where(ret, return_t + rng.uniform(1, 5, NO), deliver_t + rng.uniform(1, 15, NO))
rf = (ret | partial) & (rf_t < now)
idx = np.where(rf)[0]
amt = np.where(
    ret[idx] & (rng.random(len(idx)) < 0.85), total[idx], np.round(total[idx] * rng.uniform(0.1, 0.5, len(idx)), 2)
)
reason = np.where(ret[idx], "return", np.where(late[idx], "late", "damaged"))
refunds = (
    pd.DataFrame(
        {"order_id": order_id[idx], "amount": amt, "reason": reason, "created_at": [ts(0, v) for v in rf_t[idx]]}
    )
    .sort_values("created_at")
    .reset_index(drop=True)
)
refunds.insert(0, "refund_id", np.arange(1, len(refunds) + 1))

# ---------------- messages
nm = rng.poisson(0.3 + 1.5 * late + 1.2 * ret + 0.5 * cancel)
mi = np.repeat(np.arange(NO), nm)
span = np.where(got, deliver_t + 10, ordered + 5) - ordered
mt = ordered[mi] + rng.random(len(mi)) * span[mi]
keep = mt < now
mi, mt = mi[keep], mt[keep]
MSG = [
    "Where is my order?",
    "Thanks!",
    "Can I return this?",
    "Item arrived damaged",
    "Shipped today",
    "Please send tracking",
    "Sorry for the delay",
]
m1 = pd.DataFrame(
    {
        "buyer_id": o_b[mi] + 1,
        "seller_id": o_s[mi] + 1,
        "order_id": order_id[mi],
        "sender": rng.choice(["buyer", "seller"], len(mi), p=[0.6, 0.4]),
        "body": rng.choice(MSG, len(mi)),
        "sent_at": mt,
    }
)
npre = rng.poisson(b_lam * 40)
pb = np.repeat(np.arange(NB), npre)
pt = np.maximum(b_signup[pb], 0) + rng.random(len(pb)) * (np.minimum(b_churn[pb], ND) - np.maximum(b_signup[pb], 0))
ok = pt < now
pb, pt = pb[ok], pt[ok]
m2 = pd.DataFrame(
    {
        "buyer_id": pb + 1,
        "seller_id": b_fav[pb, 0] + 1,
        "order_id": pd.array([None] * len(pb), dtype="Int64"),
        "sender": "buyer",
        "body": rng.choice(
            ["Is this still available?", "Do you ship to Spain?", "Any discount?", "What size is this?"], len(pb)
        ),
        "sent_at": pt,
    }
)
messages = pd.concat([m1, m2]).sort_values("sent_at").reset_index(drop=True)
messages["sent_at"] = messages.sent_at.map(lambda v: ts(0, v))
messages["order_id"] = messages.order_id.astype("Int64")
messages.insert(0, "message_id", np.arange(1, len(messages) + 1))

# ---------------- write
DDL = {
    "categories": "category_id INTEGER PRIMARY KEY, name VARCHAR, department VARCHAR",
    "sellers": "seller_id INTEGER PRIMARY KEY, shop_name VARCHAR, country VARCHAR, ships_from VARCHAR, "
    "tier VARCHAR, joined_at TIMESTAMP, closed_at TIMESTAMP",
    "buyers": "buyer_id INTEGER PRIMARY KEY, signup_at TIMESTAMP, country VARCHAR, age_group VARCHAR, "
    "marketing_opt_in BOOLEAN, referral_source VARCHAR, deleted_at TIMESTAMP",
    "listings": "listing_id INTEGER PRIMARY KEY, seller_id INTEGER REFERENCES sellers(seller_id), "
    "category_id INTEGER REFERENCES categories(category_id), title VARCHAR, price DECIMAL(10,2), condition VARCHAR, "
    "created_at TIMESTAMP, delisted_at TIMESTAMP",
    "orders": "order_id INTEGER PRIMARY KEY, buyer_id INTEGER REFERENCES buyers(buyer_id), "
    "listing_id INTEGER REFERENCES listings(listing_id), seller_id INTEGER, ordered_at TIMESTAMP, quantity INTEGER, "
    "total_amount DECIMAL(10,2), payment_method VARCHAR, promised_delivery_date DATE, status VARCHAR, "
    "shipped_at TIMESTAMP, delivered_at TIMESTAMP, returned_at TIMESTAMP, cancelled_at TIMESTAMP",
    "reviews": "review_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(order_id), "
    "seller_id INTEGER REFERENCES sellers(seller_id), stars INTEGER, body VARCHAR, created_at TIMESTAMP",
    "refunds": "refund_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(order_id), amount DECIMAL(10,2), "
    "reason VARCHAR, created_at TIMESTAMP",
    "messages": "message_id INTEGER PRIMARY KEY, buyer_id INTEGER, seller_id INTEGER, order_id INTEGER, "
    "sender VARCHAR, body VARCHAR, sent_at TIMESTAMP",
}
FRAMES = {
    "categories": categories,
    "sellers": sellers,
    "buyers": buyers,
    "listings": listings,
    "orders": orders,
    "reviews": reviews,
    "refunds": refunds,
    "messages": messages,
}
con = duckdb.connect(OUT)
for name, cols in DDL.items():
    con.execute(f"CREATE TABLE {name} ({cols})")
    con.register("tmp", FRAMES[name])
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, con.execute(f"select count(*) from {name}").fetchall()[0][0])
con.close()
