"""An online auction marketplace (members who bid and buy, sellers, lots listed in a category with a start price,
an optional reserve price and a scheduled end time, bids, payments by winners, feedback between buyer and seller,
watchlist adds), seeded: `python benchmarks/trials/auction.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes
trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 categories, 400 sellers,
2,000 members, about 17k lots, about 130k bids, 7k payments, 7k feedback rows, 40k watchlist adds (about 30 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: lots.ends_at (the scheduled end, set when the lot is listed).

Truth (seed 0):
- categories (12, text codes 'ELEC', 'TOYS', ...): a median item value (BOOK 15 .. WTCH 400) and a month multiplier
  (SEAS) on both listings and bidders' interest: TOYS Nov 1.6 Dec 2.5; GARD Apr-Jun 1.8, Nov-Feb .5; FASH Sep-Oct
  1.4; SPRT May-Aug 1.3; BOOK Aug-Sep 1.4; WTCH Dec 1.5; AUTO Mar-May 1.4; ELEC, COIN, ART, HOME, COLL flat
- global month multiplier on bidding sessions: Nov 1.15, Dec 1.3, Jul-Aug .85, else 1
- sellers (400, text ids 'S-00001'): reputation rep ~ N(0, 1) (hidden); 1-2 home categories (85% of their lots);
  listing rate LogNormal(log .04, .9) lots/day x SEAS; 70% joined before the span; they close with hazard
  1/3000 x exp(-.5 rep) per day (closed_at; no lots listed after; lots open then run to their end)
- lots: value V ~ LogNormal(log category median, .7) x condition (new 1.3, used 1, for_parts .4; NULL 8%, read as
  used); start_price = V x U(.1, .8); reserve_price = V x LogNormal(.1, .25) on 35% (else NULL); duration 3/5/7/10
  days (ends_at = listed_at + duration, set ahead); 2% cancelled by the seller at a random time before the end
  (cancelled_at, status 'cancelled'); photo_count, title, shipping_cost (NULL = local pickup) are noise
- members (2,000): 60% registered before the span; account closed with hazard 1/1200 per day (closed_at);
  activity act ~ LogNormal(0, .8); category preference Dirichlet(.3 ... ) over the 12 categories;
  flake: 6% flaky (pay with p .5), else .97
- bidder bursts (hidden 2-state Markov per member-day): off -> on with p .01 x act (x 1 + .3 the day after a win:
  p .3 of going on after winning a lot), on -> off with p .12 (bursts of ~8 days); sessions per day Poisson(1.5)
  while on, Poisson(.03) while off, x the global month multiplier
- a session (uniform time of day) picks a category ∝ pref x SEAS(category, month) among categories with open lots,
  then an open lot ∝ exp(.6 rep of its seller) x (3 if it ends within 24 h); with p .3 it adds the lot to the
  watchlist; the member values the lot at V x exp(.1 rep + N(0, .25)) (kept per member and lot) and, unless already
  the high bidder, bids when that value reaches the minimum next bid (start_price with no bid yet, else high bid +
  max(.5, 5%)): amount = min(value, minimum x (1 + Exp(.03))); else adds the lot to the watchlist with p .4
- a lot sells at ends_at when it has a bid and its high bid reaches reserve_price (if set): final_price = high bid,
  winner_id = the high bidder; so sale probability rises with seller reputation (more bidders), falls with a reserve
- payments: a winner pays with p flake, Exp(1.5 days) + 10 min after the end, amount = final_price + shipping;
  method card/paypal/bank; 3% refunded later (status 'refunded', refunded_at)
- feedback: after payment, buyer -> seller with p .55, stars = clip(round(4.3 + .6 rep + N(0, .8)), 1, 5);
  seller -> buyer with p .45, stars 5 (90%) else 4; an unpaid lot gets a 1-star seller -> buyer with p .5;
  U(1, 21) days after the payment (or end); comment text follows the stars
- today's state (as at the snapshot): lots.status ('active'/'sold'/'unsold'/'cancelled'), final_price, winner_id
  (filled at the close), bid_count and watch_count (running totals); sellers.feedback_score (running count of 4-5
  stars minus 1-2 stars), avg_stars (running mean), items_sold (running total), tier ('top_rated' once avg_stars >=
  4.5 over 20+ ratings), closed_at; members.is_verified (true once a payment completed), last_login_at (the latest
  session), closed_at; payments.status / refunded_at; watchlist.removed_at (filled later)
- keys: PK declared on categories, sellers, members, lots, bids, payments (text ids 'PAY-000001'); REFERENCES only
  for lots.seller_id and bids.lot_id; bids.bidder_id, lots.category_code, lots.winner_id, payments.*, feedback.*,
  watchlist.* undeclared; watchlist.added_ts is epoch seconds (BIGINT); members.registered_on and sellers.joined_on
  are DATEs; a view bid_lines gives each bid its lot's category_code and seller_id
- `python auction.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
TNOW = (NOW - START).total_seconds()
EPOCH0 = int((START - pd.Timestamp("1970-01-01")).total_seconds())


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


# ---------------- categories
CATS = ["ELEC", "TOYS", "GARD", "FASH", "SPRT", "COIN", "ART", "BOOK", "WTCH", "HOME", "COLL", "AUTO"]
CAT_NAMES = [
    "Electronics",
    "Toys & Hobbies",
    "Home & Garden",
    "Fashion",
    "Sporting Goods",
    "Coins & Paper Money",
    "Art",
    "Books",
    "Watches",
    "Home Decor",
    "Collectibles",
    "Auto Parts",
]
BASE = np.array([180, 35, 60, 45, 70, 90, 250, 15, 400, 55, 80, 120], float)
NC = len(CATS)
SEAS = np.ones((NC, 12))
SEAS[1, 10], SEAS[1, 11] = 1.6, 2.5
SEAS[2, 3:6] = 1.8
SEAS[2, [10, 11, 0, 1]] = 0.5
SEAS[3, 8:10] = 1.4
SEAS[4, 4:8] = 1.3
SEAS[7, 7:9] = 1.4
SEAS[8, 11] = 1.5
SEAS[11, 2:5] = 1.4
GMONTH = np.array([1, 1, 1, 1, 1, 1, 0.85, 0.85, 1, 1, 1.15, 1.3])

# ---------------- sellers
NS = 400
s_rep = rng.normal(0, 1, NS)
s_home = [rng.choice(NC, rng.integers(1, 3), replace=False) for _ in range(NS)]
s_rate = np.exp(rng.normal(np.log(0.04), 0.9, NS))
s_join = np.where(rng.random(NS) < 0.7, -rng.uniform(30, 2000, NS) * DAY, rng.uniform(0, ND - 20, NS) * DAY)
s_close = s_join + np.maximum(rng.exponential(3000 * np.exp(0.5 * s_rep)), 0) * DAY
s_close = np.where(s_close < 0, rng.uniform(200, ND, NS) * DAY, s_close)  # closed before the span: push in
s_name = [
    f"{a}{b}_{rng.integers(10, 999)}"
    for a, b in zip(
        rng.choice(["retro", "best", "top", "vintage", "quick", "mega", "the"], NS),
        rng.choice(["deals", "finds", "shop", "traders", "goods", "store"], NS),
        strict=True,
    )
]
s_country = rng.choice(["US", "UK", "DE", "CA", "AU", "FR"], NS, p=[0.45, 0.15, 0.12, 0.1, 0.08, 0.1])

# ---------------- lots (listings do not depend on bidding)
L = {k: [] for k in ["s", "c", "listed", "dur", "V", "cond", "start", "reserve", "cancel", "photos", "ship"]}
CONDS = np.array(["new", "used", "for_parts"])
COND_MULT = np.array([1.3, 1.0, 0.4])
for d in range(ND):
    day = START + pd.Timedelta(days=d)
    live = (s_join < d * DAY) & (s_close > d * DAY)
    for s in np.flatnonzero(live):
        home = s_home[s]
        # expected listings today: seller rate x the season of its home categories
        lam = s_rate[s] * SEAS[home, day.month - 1].mean()
        for _ in range(rng.poisson(lam)):
            c = int(rng.choice(home)) if rng.random() < 0.85 else int(rng.integers(0, NC))
            cond = rng.choice(3, p=[0.35, 0.55, 0.10])
            V = BASE[c] * np.exp(rng.normal(0, 0.7)) * COND_MULT[cond]
            L["s"].append(s)
            L["c"].append(c)
            L["listed"].append(d * DAY + rng.uniform(6, 23) * 3600)
            L["dur"].append(int(rng.choice([3, 5, 7, 10], p=[0.2, 0.3, 0.4, 0.1])))
            L["V"].append(V)
            L["cond"].append(int(cond) if rng.random() > 0.08 else -1)
            L["start"].append(max(0.99, np.floor(V * rng.uniform(0.1, 0.8)) + 0.99 * (rng.random() < 0.5)))
            L["reserve"].append(round(V * np.exp(rng.normal(0.1, 0.25)), 0) if rng.random() < 0.35 else np.nan)
            L["cancel"].append(rng.random() < 0.02)
            L["photos"].append(int(rng.integers(1, 13)))
            L["ship"].append(round(float(rng.uniform(3, 25)), 2) if rng.random() < 0.85 else np.nan)
lots = pd.DataFrame(L).sort_values("listed", kind="stable").reset_index(drop=True)
NL = len(lots)
l_s = lots.s.to_numpy()
l_c = lots.c.to_numpy()
l_V = lots.V.to_numpy()
l_listed = lots.listed.to_numpy()
l_end = l_listed + lots.dur.to_numpy() * DAY
l_cancel_t = np.where(lots.cancel.to_numpy(), l_listed + rng.uniform(0.1, 0.9, NL) * (l_end - l_listed), np.inf)
l_end_eff = np.minimum(l_end, l_cancel_t)
l_start = lots.start.to_numpy()
l_res = lots.reserve.to_numpy()
l_attr = np.exp(0.6 * s_rep[l_s])

# ---------------- members
NM = 2000
m_reg = np.where(rng.random(NM) < 0.6, -rng.uniform(10, 2500, NM) * DAY, rng.uniform(0, ND - 5, NM) * DAY)
m_close = np.maximum(m_reg, 0) + rng.exponential(1200, NM) * DAY
m_act = np.exp(rng.normal(0, 0.8, NM))
m_pref = rng.dirichlet(np.full(NC, 0.3), NM)
m_flake = np.where(rng.random(NM) < 0.06, 0.5, 0.97)
m_country = rng.choice(
    ["US", "UK", "DE", "CA", "AU", "FR", "NL", None], NM, p=[0.4, 0.15, 0.1, 0.1, 0.07, 0.08, 0.05, 0.05]
)
m_on = rng.random(NM) < 0.05
m_boost = np.zeros(NM)

# ---------------- the day-by-day bidding simulation
B = {k: [] for k in ["l", "m", "t", "amt", "proxy"]}
W = {k: [] for k in ["m", "l", "t"]}
high_amt = np.full(NL, np.nan)
high_m = np.full(NL, -1)
n_bids = np.zeros(NL, int)
values = {}
last_sess = np.full(NM, -np.inf)
sold = np.zeros(NL, bool)
winner = np.full(NL, -1)
lo = 0  # lots listed before the day window start are candidates from index lo
for d in range(ND):
    t0 = d * DAY
    month = (START + pd.Timedelta(days=d)).month - 1
    alive = (m_reg <= t0) & (m_close > t0)
    u = rng.random(NM)
    p_on = np.clip(0.01 * m_act + m_boost, 0, 1)
    m_on = np.where(m_on, u >= 0.12, u < p_on)
    m_boost[:] = 0
    rate = np.where(m_on, 1.5, 0.03) * GMONTH[month]
    ns = rng.poisson(rate) * alive
    who = np.repeat(np.arange(NM), ns)
    when = t0 + rng.uniform(0, DAY, len(who))
    order = np.argsort(when, kind="stable")
    who, when = who[order], when[order]
    while lo < NL and l_end_eff[lo] <= t0 - 11 * DAY:
        lo += 1
    hi = np.searchsorted(l_listed, t0 + DAY)
    day_idx = np.arange(lo, hi)
    day_idx = day_idx[(l_end_eff[day_idx] > t0)]
    for b, t in zip(who, when, strict=True):
        last_sess[b] = t
        cand = day_idx[(l_listed[day_idx] <= t) & (l_end_eff[day_idx] > t)]
        if len(cand) == 0:
            continue
        cc = l_c[cand]
        present = np.bincount(cc, minlength=NC) > 0
        wc = m_pref[b] * SEAS[:, month] * present
        c = rng.choice(NC, p=wc / wc.sum())
        inc = cand[cc == c]
        wl = l_attr[inc] * np.where(l_end[inc] - t < DAY, 3.0, 1.0)
        lot = int(inc[rng.choice(len(inc), p=wl / wl.sum())])
        if rng.random() < 0.3:
            W["m"].append(b)
            W["l"].append(lot)
            W["t"].append(t)
        key = (b, lot)
        if key not in values:
            values[key] = l_V[lot] * np.exp(0.1 * s_rep[l_s[lot]] + rng.normal(0, 0.25))
        v = values[key]
        if high_m[lot] == b:
            continue
        minimum = l_start[lot] if n_bids[lot] == 0 else high_amt[lot] + max(0.5, 0.05 * high_amt[lot])
        if v >= minimum:
            amt = round(min(v, minimum * (1 + rng.exponential(0.03))), 2)
            B["l"].append(lot)
            B["m"].append(b)
            B["t"].append(t)
            B["amt"].append(amt)
            B["proxy"].append(bool(rng.random() < 0.25))
            high_amt[lot] = amt
            high_m[lot] = b
            n_bids[lot] += 1
        elif rng.random() < 0.4:
            W["m"].append(b)
            W["l"].append(lot)
            W["t"].append(t)
    # closes today
    closing = np.arange(lo, hi)
    closing = closing[(l_end[closing] >= t0) & (l_end[closing] < t0 + DAY) & ~np.isfinite(l_cancel_t[closing])]
    for lot in closing:
        if n_bids[lot] > 0 and (np.isnan(l_res[lot]) or high_amt[lot] >= l_res[lot]):
            sold[lot] = True
            winner[lot] = high_m[lot]
            if rng.random() < 0.3:
                m_boost[high_m[lot]] = 1.0

# ---------------- payments and feedback (drawn for every sale up to NOW)
P = {k: [] for k in ["l", "m", "t", "amt", "method", "refund"]}
F = {k: [] for k in ["l", "m", "s", "dir", "stars", "t"]}
for lot in np.flatnonzero(sold):
    b = winner[lot]
    ship = lots.ship[lot]
    if rng.random() < m_flake[b]:
        tp = l_end[lot] + 600 + rng.exponential(1.5) * DAY
        P["l"].append(lot)
        P["m"].append(b)
        P["t"].append(tp)
        P["amt"].append(round(high_amt[lot] + (0 if np.isnan(ship) else ship), 2))
        P["method"].append(rng.choice(["card", "paypal", "bank_transfer"], p=[0.45, 0.45, 0.10]))
        P["refund"].append(tp + rng.uniform(3, 30) * DAY if rng.random() < 0.03 else np.inf)
        if rng.random() < 0.55:
            st = int(np.clip(np.round(4.3 + 0.6 * s_rep[l_s[lot]] + rng.normal(0, 0.8)), 1, 5))
            F["l"].append(lot), F["m"].append(b), F["s"].append(l_s[lot]), F["dir"].append("B2S")
            F["stars"].append(st), F["t"].append(tp + rng.uniform(1, 21) * DAY)
        if rng.random() < 0.45:
            F["l"].append(lot), F["m"].append(b), F["s"].append(l_s[lot]), F["dir"].append("S2B")
            F["stars"].append(5 if rng.random() < 0.9 else 4), F["t"].append(tp + rng.uniform(1, 21) * DAY)
    elif rng.random() < 0.5:
        F["l"].append(lot), F["m"].append(b), F["s"].append(l_s[lot]), F["dir"].append("S2B")
        F["stars"].append(1), F["t"].append(l_end[lot] + rng.uniform(1, 21) * DAY)

# ---------------- tables as they stood at CUT (every random value is drawn above)
bids = pd.DataFrame(B).sort_values("t", kind="stable").reset_index(drop=True)
bids["bid_id"] = np.arange(1, len(bids) + 1)
wl = pd.DataFrame(W).sort_values("t", kind="stable").reset_index(drop=True)
wl["removed"] = np.where(rng.random(len(wl)) < 0.25, wl.t + rng.uniform(0.1, 20, len(wl)) * DAY, np.inf)
pay = pd.DataFrame(P).sort_values("t", kind="stable").reset_index(drop=True)
pay["pid"] = [f"PAY-{i:06d}" for i in range(1, len(pay) + 1)]
fb = pd.DataFrame(F).sort_values("t", kind="stable").reset_index(drop=True)
COMMENTS = {
    1: ["Never paid", "Terrible, item not as described", "Avoid"],
    2: ["Slow shipping, poor packing"],
    3: ["OK", "Item as described, slow"],
    4: ["Good seller", "Smooth transaction"],
    5: ["A+++", "Great buyer!", "Fast shipping, great item", "Perfect, thanks!"],
}
fb["comment"] = [COMMENTS[s][rng.integers(0, len(COMMENTS[s]))] for s in fb.stars]
lot_titles = [
    f"{rng.choice(['Vintage', 'Rare', 'NEW', 'Lot of', 'Genuine', 'Used'])} {CAT_NAMES[c].split()[0]} "
    f"item #{rng.integers(1000, 99999)}"
    for c in l_c
]

bids_c = bids[bids.t <= T]
bids_out = pd.DataFrame(
    {
        "bid_id": bids_c.bid_id,
        "lot_id": bids_c.l + 1,
        "bidder_id": bids_c.m + 1,
        "bid_amount": bids_c.amt.round(2),
        "placed_at": ts(bids_c.t),
        "is_proxy": bids_c.proxy,
        "ip_country": np.asarray(m_country, object)[bids_c.m.to_numpy()],
    }
)
wl_c = wl[wl.t <= T]
watch_out = pd.DataFrame(
    {
        "member_id": wl_c.m + 1,
        "lot_id": wl_c.l + 1,
        "added_ts": (EPOCH0 + np.floor(wl_c.t.to_numpy())).astype(np.int64),
        "removed_at": ts(known(wl_c.removed)),
    }
)
pay_c = pay[pay.t <= T]
pay_out = pd.DataFrame(
    {
        "payment_id": pay_c.pid,
        "lot_id": pay_c.l + 1,
        "payer_id": pay_c.m + 1,
        "amt_usd": pay_c.amt,
        "method": pay_c.method,
        "paid_at": ts(pay_c.t),
        "status": np.where(pay_c.refund <= T, "refunded", "completed"),
        "refunded_at": ts(known(pay_c.refund)),
    }
)
fb_c = fb[fb.t <= T]
fb_out = pd.DataFrame(
    {
        "lot_id": fb_c.l + 1,
        "buyer_id": fb_c.m + 1,
        "seller_id": [f"S-{s + 1:05d}" for s in fb_c.s],
        "direction": fb_c.dir,
        "stars": fb_c.stars.astype(int),
        "comment": fb_c.comment,
        "fb_ts": ts(fb_c.t),
    }
)

# lots' today's state at CUT
keep = l_listed <= T
bc = bids_c.groupby("l").size().reindex(np.arange(NL)).fillna(0).astype(int).to_numpy()
wc_ = wl_c[(wl_c.removed > T)].groupby("l").size().reindex(np.arange(NL)).fillna(0).astype(int).to_numpy()
closed = l_end <= T
status = np.where(l_cancel_t <= T, "cancelled", np.where(closed, np.where(sold, "sold", "unsold"), "active"))
lots_out = pd.DataFrame(
    {
        "lot_id": np.arange(1, NL + 1),
        "seller_id": [f"S-{s + 1:05d}" for s in l_s],
        "category_code": np.array(CATS)[l_c],
        "title": lot_titles,
        "item_condition": np.where(lots.cond.to_numpy() >= 0, CONDS[np.maximum(lots.cond.to_numpy(), 0)], None),
        "photo_count": lots.photos,
        "start_price": l_start,
        "reserve_price": l_res,
        "shipping_cost": lots.ship,
        "listed_at": ts(l_listed),
        "ends_at": ts(l_end),
        "cancelled_at": ts(known(l_cancel_t)),
        "status": status,
        "final_price": np.where(closed & sold, high_amt, np.nan),
        "winner_id": np.where(closed & sold, winner + 1, -1),
        "bid_count": bc,
        "watch_count": wc_,
    }
)[keep]
lots_out["winner_id"] = lots_out.winner_id.astype("Int64").where(lots_out.winner_id > 0)

# sellers' today's state at CUT
fs = fb_c[fb_c.dir == "B2S"]
n_r = fs.groupby("s").size().reindex(np.arange(NS)).fillna(0).to_numpy()
avg_st = fs.groupby("s").stars.mean().reindex(np.arange(NS)).to_numpy()
score = (fs.stars >= 4).astype(int) - (fs.stars <= 2).astype(int)
fscore = score.groupby(fs.s).sum().reindex(np.arange(NS)).fillna(0).astype(int).to_numpy()
sold_c = closed & sold & keep
items_sold = np.bincount(l_s[sold_c], minlength=NS)
sellers_out = pd.DataFrame(
    {
        "seller_id": [f"S-{s + 1:05d}" for s in range(NS)],
        "store_name": s_name,
        "country": s_country,
        "joined_on": ts(s_join).date,
        "feedback_score": fscore,
        "avg_stars": np.round(avg_st, 2),
        "items_sold": items_sold,
        "tier": np.where((avg_st >= 4.5) & (n_r >= 20), "top_rated", "standard"),
        "closed_at": ts(known(s_close)),
    }
)[s_join <= T]

# members' today's state at CUT
paid_ok = pay_c[pay_c.refund > T].m.unique()
ls = np.full(NM, -np.inf)
bt = pd.concat([bids_c[["m", "t"]], wl_c[["m", "t"]]])
ls_s = bt.groupby("m").t.max()
ls[ls_s.index.to_numpy()] = ls_s.to_numpy()
members_out = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "username": [f"user{rng.integers(100000, 999999)}" for _ in range(NM)],
        "country": m_country,
        "registered_on": ts(m_reg).date,
        "is_verified": np.isin(np.arange(NM), paid_ok),
        "last_login_at": ts(np.where(np.isfinite(ls), ls, np.nan)),
        "newsletter_opt_in": rng.random(NM) < 0.4,
        "closed_at": ts(known(m_close)),
    }
)[m_reg <= T]
cats_out = pd.DataFrame(
    {
        "category_code": CATS,
        "category_name": CAT_NAMES,
        "fee_pct": [8.0, 10.0, 10.0, 12.0, 10.0, 6.0, 12.0, 12.0, 6.0, 10.0, 10.0, 8.0],
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE categories (category_code VARCHAR PRIMARY KEY, category_name VARCHAR, fee_pct DOUBLE);
CREATE TABLE sellers (seller_id VARCHAR PRIMARY KEY, store_name VARCHAR, country VARCHAR, joined_on DATE,
                      feedback_score INTEGER, avg_stars DOUBLE, items_sold INTEGER, tier VARCHAR, closed_at TIMESTAMP);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, username VARCHAR, country VARCHAR, registered_on DATE,
                      is_verified BOOLEAN, last_login_at TIMESTAMP, newsletter_opt_in BOOLEAN, closed_at TIMESTAMP);
CREATE TABLE lots (lot_id INTEGER PRIMARY KEY, seller_id VARCHAR REFERENCES sellers(seller_id), category_code VARCHAR,
                   title VARCHAR, item_condition VARCHAR, photo_count INTEGER, start_price DECIMAL(10, 2),
                   reserve_price DECIMAL(10, 2), shipping_cost DECIMAL(8, 2), listed_at TIMESTAMP, ends_at TIMESTAMP,
                   cancelled_at TIMESTAMP, status VARCHAR, final_price DECIMAL(10, 2), winner_id INTEGER,
                   bid_count INTEGER, watch_count INTEGER);
CREATE TABLE bids (bid_id INTEGER PRIMARY KEY, lot_id INTEGER REFERENCES lots(lot_id), bidder_id INTEGER,
                   bid_amount DECIMAL(10, 2), placed_at TIMESTAMP, is_proxy BOOLEAN, ip_country VARCHAR);
CREATE TABLE payments (payment_id VARCHAR PRIMARY KEY, lot_id INTEGER, payer_id INTEGER, amt_usd DECIMAL(10, 2),
                       method VARCHAR, paid_at TIMESTAMP, status VARCHAR, refunded_at TIMESTAMP);
CREATE TABLE feedback (lot_id INTEGER, buyer_id INTEGER, seller_id VARCHAR, direction VARCHAR, stars INTEGER,
                       comment VARCHAR, fb_ts TIMESTAMP);
CREATE TABLE watchlist (member_id INTEGER, lot_id INTEGER, added_ts BIGINT, removed_at TIMESTAMP);
""")
for name, df in [
    ("categories", cats_out),
    ("sellers", sellers_out),
    ("members", members_out),
    ("lots", lots_out),
    ("bids", bids_out),
    ("payments", pay_out),
    ("feedback", fb_out),
    ("watchlist", watch_out),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.execute(  # bids reach categories and sellers through lots: the analysts' view of who bid on what
    "CREATE VIEW bid_lines AS SELECT b.bid_id, b.bidder_id, b.placed_at, b.bid_amount, l.category_code, l.seller_id "
    "FROM bids AS b JOIN lots AS l ON b.lot_id = l.lot_id"
)
con.close()
