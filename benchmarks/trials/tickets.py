"""An event-ticketing platform's production database (venues, organizers, events, customers, orders, tickets,
resale listings, price changes), seeded: `python benchmarks/trials/tickets.py OUT.duckdb [--as-of DATE]`. Written by
a fresh-eyes trial (s27), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 30 venues, 50
organizers, ~1,300 events, 3,000 customers, ~55k orders, ~120k tickets, ~7k resale listings, ~2k price changes.

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Events are
announced over 2023-01-01..NOW and their starts_at is set AHEAD, 21-150 days after the announcement, so events
starting after NOW exist (and are on sale) at NOW.

Truth (seed 0):
- venues (30, text ids 'V-007'): city one of 8, capacity 40-320 (LogUniform); name, address are noise
- organizers (50, text ids 'ORG-12'): popularity LogNormal(0, .5) (hidden); name, verified (noise)
- events: announced Poisson per day (~1.8/day), organizer by popularity^0.5, venue random, category
  concert .35, sports .2, theatre .2, comedy .15, conference .1 (demand multipliers 1.3, 1.1, .8, .9, .5; base
  prices 60, 75, 50, 35, 220 x LogNormal(0, .25)); starts_at = announced + U(21, 150) days at 18:00-21:00
- demand: target D = capacity x popularity x category mult x U(.4, 1.6) x (price / category base price)^-1.5;
  tickets per day spread by 1.5 exp(-days since announcement / 5) + exp(-days until start / 15) + .15 (normalised
  over the sale window) so sales rush at announcement and before the show; orders = tickets / 2.1
- price changes: weekly, if sold < .5 x the pace expected so far (and > 7 days to go) the price drops 15%; if sold
  > 1.4 x the pace, it rises 10%; demand responds with (price / base)^-1.5; price_changes logs them, and
  events.current_price is TODAY's price (base_price the announced one)
- sell-out: the order that reaches capacity is cut to what is left; sold_out_at = its time (filled later);
  no sales after. ~4% of events are cancelled at a uniform time in their sale window (no sales after); every
  order of a cancelled event is refunded 1-10 days after the cancellation; 2% of other orders refunded U(1, 20)
  days after ordering (if before the show)
- events.status is TODAY's state: 'cancelled' / 'completed' (starts_at passed) / 'sold_out' / 'on_sale'
- customers (3,000): signup_at 2022-01-01..2024-11-30, home city (the venue's city x3 weight), activity
  LogNormal(0, 1) (hidden), category preference Dirichlet(.6), no-show propensity N(0, 1) (hidden), quantity
  habit 1-4; the buyer of an order is drawn by activity x category preference x city, among those signed up
- orders: quantity (habit +-1, 1..6), total_amount DECIMAL(10,2) = quantity x price x 1.12 (fees), channel
  (noise: web/app/box_office), refunded_at filled later
- tickets: one per seat ('SEC-B R12 S7'); checked_in_at = starts_at + U(-60, 45) min, filled at the event, NULL
  for no-shows (and for every ticket of a future or cancelled event); no-show P = sigmoid(-2.3 + .9 propensity
  + .5 [price < 40] + .4 [ordered > 60 days ahead] - .3 [quantity >= 3])
- resale: P(listing) = .04 + .08 x (the event sold out by the show); listed_at = order + U(.2, .9) x (show -
  order), ask = paid per ticket x (1.6 if sold out at listing else .95) x LogNormal(0, .15); sold_at = listed +
  Exp(4 days) with P .7 (sold out) / .35, if before the show (filled later). Listed tickets' owners no-show less
  (P x .5)
- customers.loyalty_tier ('bronze'/'silver'/'gold' by spend so far) and lifetime_orders are TODAY's state
- keys: PK declared on venues, events, customers, orders; REFERENCES declared for events -> venues; orders,
  tickets, resale_listings, price_changes keep their links undeclared; organizers' and venues' ids are text
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the simulation
  always runs to NOW), then rows created after DATE are left out and every today's-state / filled-later column is
  as it stood at DATE (exact)
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
TN = (NOW - START).total_seconds()


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


CITIES = np.array(["Lisbon", "Porto", "Madrid", "Valencia", "Seville", "Bilbao", "Malaga", "Zaragoza"])
CATS = np.array(["concert", "sports", "theatre", "comedy", "conference"])
CAT_P = np.array([0.35, 0.2, 0.2, 0.15, 0.1])
CAT_MULT = np.array([1.3, 1.1, 0.8, 0.9, 0.5])
CAT_PRICE = np.array([60.0, 75.0, 50.0, 35.0, 220.0])

# ---------------- venues, organizers
NVN = 30
vn_city = rng.integers(0, len(CITIES), NVN)
vn_cap = np.round(np.exp(rng.uniform(np.log(40), np.log(320), NVN))).astype(int)
NOR = 50
or_pop = np.exp(rng.normal(0, 0.5, NOR))

# ---------------- customers
NC = 3000
c_signup = rng.uniform(secs("2022-01-01"), secs("2024-11-30"), NC)
c_city = rng.integers(0, len(CITIES), NC)
c_act = np.exp(rng.normal(0, 1, NC))
c_pref = rng.dirichlet(np.full(len(CATS), 0.6), NC)
c_noshow = rng.normal(0, 1, NC)
c_qty = rng.choice([1, 2, 2, 2, 3, 4], NC)
c_optin = rng.random(NC) < 0.55
# cumulative buyer weights per (category, city)
CUM = {}
for k in range(len(CATS)):
    for ci in range(len(CITIES)):
        w = c_act * c_pref[:, k] * np.where(c_city == ci, 3.0, 1.0)
        CUM[k, ci] = np.cumsum(w) / w.sum()

# ---------------- events (announced ahead)
n_ann = rng.poisson(1.8, ND)
e_ann = np.concatenate([d * DAY + rng.uniform(9, 18, n) * 3600 for d, n in enumerate(n_ann)])
NE = len(e_ann)
e_org = rng.choice(NOR, NE, p=or_pop**0.5 / (or_pop**0.5).sum())
e_venue = rng.integers(0, NVN, NE)
e_cat = rng.choice(len(CATS), NE, p=CAT_P)
e_start = np.floor(e_ann / DAY + rng.uniform(21, 150, NE)) * DAY + rng.choice([18, 19, 20, 21], NE) * 3600.0
e_price0 = np.round(CAT_PRICE[e_cat] * np.exp(rng.normal(0, 0.25, NE)), 0) - 0.01
e_cap = vn_cap[e_venue]
e_D = e_cap * or_pop[e_org] * CAT_MULT[e_cat] * rng.uniform(0.4, 1.6, NE) * (e_price0 / CAT_PRICE[e_cat]) ** -1.5
e_cancel = np.where(rng.random(NE) < 0.04, e_ann + rng.uniform(0.1, 0.95, NE) * (e_start - e_ann), np.inf)

# ---------------- sales simulation per event (every draw made, to NOW and beyond for events still on sale)
O = {k: [] for k in ["c", "e", "t", "q", "amt", "ref"]}  # noqa: E741
PC = {k: [] for k in ["e", "t", "old", "new"]}
e_soldout = np.full(NE, np.inf)
e_price_hist = []  # per event: list of (t, price)
for e in range(NE):
    d0 = int(e_ann[e] // DAY)
    d1 = int(e_start[e] // DAY)  # sales until the day before the show's day
    days = np.arange(d0, d1)
    u_since = days - d0
    u_until = d1 - days
    shape = 1.5 * np.exp(-u_since / 5) + np.exp(-u_until / 15) + 0.15
    shape = shape / shape.sum()
    lam = e_D[e] / 2.1 * shape
    price = e_price0[e]
    sold = 0
    hist = [(e_ann[e], price)]
    k = e_cat[e]
    ci = vn_city[e_venue[e]]
    for i, d in enumerate(days):
        t0 = d * DAY
        if t0 > e_cancel[e] or sold >= e_cap[e]:
            break
        if i > 0 and i % 7 == 0 and u_until[i] > 7:
            exp_sold = e_D[e] * shape[:i].sum()
            new = None
            if sold < 0.5 * exp_sold:
                new = round(price * 0.85, 0) - 0.01
            elif sold > 1.4 * exp_sold:
                new = round(price * 1.10, 0) - 0.01
            if new is not None and new != price:
                tc = t0 + rng.uniform(0, 3) * 3600
                PC["e"].append(e)
                PC["t"].append(tc)
                PC["old"].append(price)
                PC["new"].append(new)
                price = new
                hist.append((tc, price))
        n = rng.poisson(lam[i] * (price / e_price0[e]) ** -1.5)
        if n == 0:
            continue
        tt = np.sort(t0 + rng.uniform(0, DAY, n))
        for t in tt:
            if t > e_cancel[e] or t >= e_start[e]:
                break
            for _ in range(5):
                c = int(np.searchsorted(CUM[k, ci], rng.random()))
                if c_signup[c] < t:
                    break
            else:
                continue
            q = int(np.clip(c_qty[c] + rng.integers(-1, 2), 1, 6))
            q = min(q, e_cap[e] - sold)
            sold += q
            O["c"].append(c)
            O["e"].append(e)
            O["t"].append(t)
            O["q"].append(q)
            O["amt"].append(round(q * price * 1.12, 2))
            ref = np.inf
            if e_cancel[e] < np.inf:
                ref = e_cancel[e] + rng.uniform(1, 10) * DAY
            elif rng.random() < 0.02:
                r = t + rng.uniform(1, 20) * DAY
                ref = r if r < e_start[e] else np.inf
            O["ref"].append(ref)
            if sold >= e_cap[e]:
                e_soldout[e] = t
                break
    e_price_hist.append(hist)

od = pd.DataFrame(O).sort_values("t", kind="stable").reset_index(drop=True)
od["order_id"] = np.arange(100001, 100001 + len(od))

# ---------------- tickets, no-shows, resale
tk_order = np.repeat(np.arange(len(od)), od.q.to_numpy())
tk_e = od.e.to_numpy()[tk_order]
tk_c = od.c.to_numpy()[tk_order]
tk_t = od.t.to_numpy()[tk_order]
tk_q = od.q.to_numpy()[tk_order]
tk_paid = (od.amt.to_numpy() / od.q.to_numpy())[tk_order]
NT = len(tk_order)
tk_seat = [
    f"SEC-{s} R{r} S{n}"
    for s, r, n in zip(
        rng.choice(list("ABCDEF"), NT), rng.integers(1, 30, NT), rng.integers(1, 40, NT), strict=True
    )
]
ahead = (e_start[tk_e] - tk_t) / DAY > 60
z = -2.3 + 0.9 * c_noshow[tk_c] + 0.5 * (tk_paid < 40) + 0.4 * ahead - 0.3 * (tk_q >= 3)
p_ns = 1 / (1 + np.exp(-z))
so_by_show = e_soldout[tk_e] < e_start[tk_e]
lst = rng.random(NT) < 0.04 + 0.08 * so_by_show
u_list = rng.uniform(0.2, 0.9, NT)
list_t = tk_t + u_list * (e_start[tk_e] - tk_t)
so_at_list = e_soldout[tk_e] <= list_t
ask = np.round(tk_paid * np.where(so_at_list, 1.6, 0.95) * np.exp(rng.normal(0, 0.15, NT)), 2)
sell_t = list_t + rng.exponential(4, NT) * DAY
sells = (rng.random(NT) < np.where(so_at_list, 0.7, 0.35)) & (sell_t < e_start[tk_e])
p_ns = np.where(lst, p_ns * 0.5, p_ns)
noshow = rng.random(NT) < p_ns
checkin = e_start[tk_e] + rng.uniform(-60, 45, NT) * 60
tk_ref = od.ref.to_numpy()[tk_order]
attended = ~noshow & (e_cancel[tk_e] == np.inf) & (tk_ref > e_start[tk_e])
checkin = np.where(attended, checkin, np.inf)
tk_id = np.arange(5000001, 5000001 + NT)
lst = lst & (tk_ref > list_t)

# ---------------- tables as they stood at CUT (every random value is drawn above)
evk = e_ann <= T
status = np.full(NE, "on_sale", dtype=object)
status[e_soldout <= T] = "sold_out"
status[e_start <= T] = "completed"
status[e_cancel <= T] = "cancelled"
cur_price = np.array([([h[0][1]] + [p for t, p in h if t <= T])[-1] for h in e_price_hist])
events = pd.DataFrame(
    {
        "event_id": np.arange(1, NE + 1),
        "venue_id": [f"V-{v + 1:03d}" for v in e_venue],
        "organizer_id": [f"ORG-{o + 1}" for o in e_org],
        "title": [f"{CATS[k].title()} night #{i + 1}" for i, k in enumerate(e_cat)],
        "category": CATS[e_cat],
        "announced_at": ts(e_ann),
        "starts_at": ts(e_start),
        "base_price": e_price0,
        "current_price": cur_price,
        "status": status,
        "sold_out_at": ts(known(e_soldout)),
        "age_restriction": rng.choice(["all", "16+", "18+"], NE, p=[0.6, 0.2, 0.2]),
    }
)[evk]

odk = od[od.t <= T]
spend = np.zeros(NC)
norders = np.zeros(NC, int)
np.add.at(spend, odk.c.to_numpy(), odk.amt.to_numpy())
np.add.at(norders, odk.c.to_numpy(), 1)
tier = np.where(spend > 1500, "gold", np.where(spend > 400, "silver", "bronze"))
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "email_hash": [f"{h:016x}" for h in rng.integers(0, 2**62, NC)],
        "signup_at": ts(c_signup),
        "city": CITIES[c_city],
        "marketing_opt_in": c_optin,
        "loyalty_tier": tier,
        "lifetime_orders": norders,
        "birth_year": np.where(rng.random(NC) < 0.3, np.nan, rng.integers(1950, 2006, NC)),
    }
)[c_signup <= T]

orders = pd.DataFrame(
    {
        "order_id": odk.order_id,
        "customer_id": odk.c + 1,
        "event_id": odk.e + 1,
        "ordered_at": ts(odk.t),
        "quantity": odk.q,
        "total_amount": odk.amt,
        "channel": rng.choice(["web", "app", "box_office"], len(od), p=[0.5, 0.42, 0.08])[odk.index],
        "refunded_at": ts(known(odk.ref)),
    }
)

tkk = tk_t <= T
tickets = pd.DataFrame(
    {
        "ticket_id": tk_id,
        "order_id": od.order_id.to_numpy()[tk_order],
        "seat": tk_seat,
        "checked_in_at": ts(known(checkin)),
    }
)[tkk]

lk = lst & (list_t <= T)
rs = pd.DataFrame(
    {
        "ticket_id": tk_id[lk],
        "listed_at": list_t[lk],
        "ask_price": ask[lk],
        "sold_at": np.where(sells[lk], sell_t[lk], np.inf),
    }
).sort_values("listed_at", kind="stable")
resale_listings = pd.DataFrame(
    {
        "listing_id": [f"L{i:06d}" for i in range(1, len(rs) + 1)],
        "ticket_id": rs.ticket_id,
        "listed_at": ts(rs.listed_at),
        "ask_price": rs.ask_price,
        "sold_at": ts(known(rs.sold_at)),
    }
)
pc = pd.DataFrame(PC).sort_values("t", kind="stable").reset_index(drop=True)
pc["change_id"] = np.arange(1, len(pc) + 1)
pc = pc[pc.t <= T]
price_changes = pd.DataFrame(
    {"change_id": pc.change_id, "event_id": pc.e + 1, "changed_at": ts(pc.t), "old_price": pc.old, "new_price": pc.new}
)
venues = pd.DataFrame(
    {
        "venue_id": [f"V-{v + 1:03d}" for v in range(NVN)],
        "name": [f"Sala {v + 1}" for v in range(NVN)],
        "city": CITIES[vn_city],
        "capacity": vn_cap,
        "address": [f"Rua {rng.integers(1, 300)}" for _ in range(NVN)],
    }
)
organizers = pd.DataFrame(
    {
        "organizer_id": [f"ORG-{o + 1}" for o in range(NOR)],
        "name": [f"Promoter {o + 1}" for o in range(NOR)],
        "verified": rng.random(NOR) < 0.7,
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE venues (venue_id VARCHAR PRIMARY KEY, name VARCHAR, city VARCHAR, capacity INTEGER, address VARCHAR);
CREATE TABLE organizers (organizer_id VARCHAR, name VARCHAR, verified BOOLEAN);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, venue_id VARCHAR REFERENCES venues(venue_id), organizer_id VARCHAR,
                     title VARCHAR, category VARCHAR, announced_at TIMESTAMP, starts_at TIMESTAMP,
                     base_price DECIMAL(10,2), current_price DECIMAL(10,2), status VARCHAR, sold_out_at TIMESTAMP,
                     age_restriction VARCHAR);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, email_hash VARCHAR, signup_at TIMESTAMP, city VARCHAR,
                        marketing_opt_in BOOLEAN, loyalty_tier VARCHAR, lifetime_orders INTEGER, birth_year INTEGER);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, event_id INTEGER, ordered_at TIMESTAMP,
                     quantity INTEGER, total_amount DECIMAL(10,2), channel VARCHAR, refunded_at TIMESTAMP);
CREATE TABLE tickets (ticket_id BIGINT, order_id INTEGER, seat VARCHAR, checked_in_at TIMESTAMP);
CREATE TABLE resale_listings (listing_id VARCHAR, ticket_id BIGINT, listed_at TIMESTAMP, ask_price DOUBLE,
                              sold_at TIMESTAMP);
CREATE TABLE price_changes (change_id INTEGER, event_id INTEGER, changed_at TIMESTAMP, old_price DECIMAL(10,2),
                            new_price DECIMAL(10,2));
""")
for name, df in [
    ("venues", venues),
    ("organizers", organizers),
    ("events", events),
    ("customers", customers),
    ("orders", orders),
    ("tickets", tickets),
    ("resale_listings", resale_listings),
    ("price_changes", price_changes),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
