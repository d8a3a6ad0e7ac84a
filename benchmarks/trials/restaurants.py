"""A restaurant group's point of sale and reservations, exported as a folder of CSV files (one per table, no
schema.json), seeded: `python benchmarks/trials/restaurants.py OUT_FOLDER [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 restaurants,
4,000 loyalty guests, 10.7k reservations, 58.8k checks, 318k check lines, 484 menu items, 3.0k reviews (about 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; visits are simulated month by month over 2023-01..2025-01
(the month after NOW only so that reservations made before NOW for a date after it exist). Rows dated after NOW
exist only where written ahead: reservations.reserved_for (booked ahead, status 'booked').

Export formats (as a POS export writes them): restaurants.opened_on is 'MM/DD/YYYY' text; the reservation system's
made_at / reserved_for / cancelled_at are ISO with the local UTC offset ('2024-03-01T19:30:00+01:00',
Europe/Paris: +01:00 in winter, +02:00 in summer); menu_items.added_on / removed_on are 'YYYY-MM-DD'; every other
time is local 'YYYY-MM-DD HH:MM:SS' (no offset). All simulated times are local wall-clock times.

Truth (seed 0):
- restaurants (12): popularity LogNormal(0, 0.5); review quality N(0, 0.4); 10 opened 2012..2022, restaurant 11
  opened 2023-09-15 and restaurant 12 on 2024-05-01 (no visit before its opened_on); cuisine and seats are noise
- guests (4,000): sign up at their first visit (a check at signed_up_at, no reservation; 25% in the Jan-Feb 2023
  launch, the rest spread over 2023-03..2024-12, more later); home_restaurant_id = that visit's restaurant
  45% are one-timers (never come back); the rest visit at rate LogNormal(log 0.9, 0.9) a month until a quit time
  signed_up_at + Exp(400 days); tier multiplies the rate (bronze 1, silver 1.25, gold 1.6); season by month
  (Dec 1.5, Jan .75, Jun-Aug 1.1, else 1); weekday Mon .6 Tue .7 Wed .8 Thu 1 Fri 1.5 Sat 1.7 Sun 1.1
  a visit goes to the home restaurant with p .7, else by popularity among restaurants open then; dinner (p .7,
  18:00-22:30) or lunch (12:00-14:00); party_size 1 + Poisson(1.2) (at most 8)
  tier (TODAY's state) is recomputed on the 1st of each month from the spend of the guest's checks closed in the
  365 days before: silver >= 400, gold >= 1,200 (a guest who signed up since the last recompute is bronze)
  points_balance (TODAY's running total): E - 800 * floor(E / 1000), E = floor(total) summed over the guest's
  checks closed so far (800 points are redeemed as a voucher at each 1,000 earned)
  no-show propensity per guest Beta(0.6, 6) (mean .09, heavy tail), x (1 + .15 (party - 2)), x 1.5 if booked more
  than 7 days ahead
- reservations: a dinner visit is booked ahead with p .55: made_at = reserved_for - (1 h + Exp(3 days) x party / 2)
  (made 09:00-23:00); cancelled with p .08 at made_at + U(0, 1) (reserved_for - made_at); else a no-show with
  the guest's propensity (no check); else seated (a check opening 5 minutes before to 20 after reserved_for,
  with reservation_id). status is TODAY's: 'cancelled' once cancelled_at <= now, 'seated' / 'no_show' from
  reserved_for + 30 minutes, else 'booked'; cancelled_at is filled in later
- checks: the guests' visits, plus walk-ins (guest_id NULL) per restaurant per day Poisson(3 x popularity x
  weekday x season) from its opening; opened_at; closed_at = opened_at + 40 + 15 party + Exp(20) minutes (filled
  in at close, so NULL on a check still open); total = sum of its lines' qty x price; tip filled at close (card
  and mobile: total x U(.05, .2); cash: NULL); payment_method card .75 / cash .15 / mobile .10
- check_items (no time column, no key of its own): per person a main (p .9) and a starter, a dessert, a drink, a
  wine with the guest's own affinities (Beta draws per guest; walk-ins .4/.3/.7/.3); qty 1 (drinks 1-3); the item
  by the restaurant's items of that category on the menu then, weight = item popularity LogNormal(0, 0.8) x the
  guest's own taste for it LogNormal(0, 1) (walk-ins: 1); price = the item's price at that time
- menu_items (28 per restaurant at opening: 6 starters, 8 mains, 4 desserts, 5 drinks, 5 wines; a swap per
  restaurant every ~90 days replaces one item of a category, removed_on the day the new one is added_on; a December
  special 'main' added 11-25, removed 01-06): price is TODAY's (Poisson(0.8) rises of 3-12% at uniform times),
  removed_on is filled in later
- reviews: 10% of guests' checks, posted closed_at + Exp(1.5 days); stars = clip(round(3.9 + quality + N(0, .9)),
  1, 5); text templated by stars
- `--as-of DATE` writes the same simulation as it stood at DATE (every random value is drawn before any cut):
  rows created after DATE are left out (restaurants by opened_on, guests by signed_up_at, reservations by made_at,
  checks by opened_at with their lines, menu items by added_on, reviews by posted_at), and every today's-state
  column is as it stood then: tier, points_balance, reservations.status / cancelled_at, checks.closed_at / tip,
  menu_items.price / removed_on (exact)
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = Path(sys.argv[1])
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2023-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
MIN = 60.0
MONTHS = pd.date_range(START, "2025-01-01", freq="MS")  # simulated months
END = (pd.Timestamp("2025-02-01") - START).total_seconds()


def secs(ts) -> float:
    return (pd.Timestamp(ts) - START).total_seconds()


SEASON = {12: 1.5, 1: 0.75, 6: 1.1, 7: 1.1, 8: 1.1}
WEEKDAY = np.array([0.6, 0.7, 0.8, 1.0, 1.5, 1.7, 1.1])
CATS = ["starter", "main", "dessert", "drink", "wine"]
N_CAT = {"starter": 6, "main": 8, "dessert": 4, "drink": 5, "wine": 5}

# ---------------- restaurants
NR = 12
r_pop = rng.lognormal(0, 0.5, NR)
r_quality = rng.normal(0, 0.4, NR)
r_open = np.array([secs(pd.Timestamp("2012-01-01") + pd.Timedelta(days=int(d))) for d in rng.integers(0, 11 * 365, 10)])
r_open = np.sort(r_open)
r_open = np.concatenate([r_open, [secs("2023-09-15"), secs("2024-05-01")]])
cuisine = rng.choice(["italian", "french", "japanese", "mexican", "indian", "bistro"], NR)
seats = rng.integers(30, 140, NR)
names = [
    f"{c.title()} {w}"
    for c, w in zip(cuisine, rng.choice(["House", "Corner", "Garden", "Table", "Kitchen"], NR), strict=True)
]

# ---------------- menu items (every random value drawn here)
items = []  # dicts: r, cat, pop, added, removed, name, base price
BASE = {"starter": 9.0, "main": 21.0, "dessert": 8.0, "drink": 4.5, "wine": 8.5}
for r in range(NR):
    opened = r_open[r]
    for cat in CATS:
        for _ in range(N_CAT[cat]):
            items.append({"r": r, "cat": cat, "added": opened, "removed": np.inf})
    # swaps every ~90 days from max(opening, 2022-01-01)
    t = max(opened, secs("2022-01-01")) + rng.exponential(90) * DAY
    while t < END:
        day = np.floor(t / DAY) * DAY
        cat = CATS[rng.integers(0, len(CATS))]
        live = [
            i
            for i, it in enumerate(items)
            if it["r"] == r
            and it["cat"] == cat
            and it["removed"] == np.inf
            and it["added"] <= day
            and not it.get("special")
        ]
        items[live[rng.integers(0, len(live))]]["removed"] = day
        items.append({"r": r, "cat": cat, "added": day, "removed": np.inf})
        t += rng.exponential(90) * DAY
    for year in (2022, 2023, 2024):
        a, b = secs(f"{year}-11-25"), secs(f"{year + 1}-01-06")
        if a >= opened:
            items.append({"r": r, "cat": "main", "added": a, "removed": b, "special": True})
NI = len(items)
i_r = np.array([it["r"] for it in items])
i_cat = np.array([it["cat"] for it in items])
i_added = np.array([it["added"] for it in items])
i_removed = np.array([it["removed"] for it in items])
i_special = np.array([bool(it.get("special")) for it in items])
i_pop = rng.lognormal(0, 0.8, NI)
i_base = np.round(np.array([BASE[c] for c in i_cat]) * rng.lognormal(0, 0.25, NI), 1)
i_base[i_special] = np.round(i_base[i_special] * 1.6, 1)
n_rise = rng.poisson(0.8, NI)
rise_t = [np.sort(i_added[i] + rng.random(n_rise[i]) * (min(i_removed[i], END) - i_added[i])) for i in range(NI)]
rise_f = [1 + rng.uniform(0.03, 0.12, n_rise[i]) for i in range(NI)]
WORDS = {
    "starter": ["Soup", "Salad", "Tartare", "Croquettes", "Bruschetta", "Dumplings"],
    "main": ["Steak", "Risotto", "Curry", "Salmon", "Ramen", "Tacos", "Chicken", "Gnocchi"],
    "dessert": ["Tiramisu", "Cheesecake", "Sorbet", "Brownie"],
    "drink": ["Lemonade", "Espresso", "Cola", "Iced tea", "Beer"],
    "wine": ["Merlot", "Chardonnay", "Rioja", "Riesling", "Prosecco"],
}
i_name = [
    ("Festive " if i_special[i] else rng.choice(["", "House ", "Chef's ", "Classic "])) + rng.choice(WORDS[i_cat[i]])
    for i in range(NI)
]


def price_at(i, t):
    """Items' prices at times t (arrays of the same length)."""
    i, t = np.asarray(i), np.asarray(t, float)
    out = i_base[i].astype(float)
    for k in np.unique(i):
        if not len(rise_t[k]):
            continue
        sel = np.flatnonzero(i == k)
        n = np.searchsorted(rise_t[k], t[sel], side="right")
        cum = np.concatenate([[1.0], np.cumprod(rise_f[k])])
        out[sel] = np.round(i_base[k] * cum[n], 1)
    return out


# ---------------- guests (drawn up front)
NG = 4000
launch = rng.random(NG) < 0.25
su_day = np.where(launch, rng.random(NG) * 59, 59 + np.sqrt(rng.random(NG)) * (secs("2024-12-31") / DAY - 59))
su_day = np.floor(su_day)
su_time = su_day * DAY + np.where(
    rng.random(NG) < 0.7, 18 * 3600 + rng.random(NG) * 4.5 * 3600, 12 * 3600 + rng.random(NG) * 2 * 3600
)
su_time = np.floor(su_time)
one_timer = rng.random(NG) < 0.45
g_rate = rng.lognormal(np.log(0.9), 0.9, NG)
g_quit = np.where(one_timer, su_time, su_time + rng.exponential(400, NG) * DAY)
g_ns = rng.beta(0.6, 6, NG)
g_aff = np.stack([rng.beta(2, 3, NG), rng.beta(1.5, 3.5, NG), rng.beta(5, 2, NG), rng.beta(1, 2.5, NG)], 1)
g_taste = rng.lognormal(0, 1, (NG, NI))
su_u = rng.random((NG, 4))  # first-visit draws
WALKIN_AFF = np.array([0.4, 0.3, 0.7, 0.3])
TIER_MULT = {"bronze": 1.0, "silver": 1.25, "gold": 1.6}


def open_restaurants(t):
    return r_open <= t


def lines_for(c_r, c_t, c_g, c_party, u):
    """Lines of checks: (check index, item, qty). u: a Generator for the draws."""
    n = len(c_r)
    aff = np.where(c_g[:, None] >= 0, g_aff[np.maximum(c_g, 0)], WALKIN_AFF)
    person_chk = np.repeat(np.arange(n), c_party)
    pa = aff[person_chk]
    want = np.concatenate([u.random((len(person_chk), 1)) < 0.9, u.random((len(person_chk), 4)) < pa], 1)
    # columns: main, starter, dessert, drink, wine
    order = ["main", "starter", "dessert", "drink", "wine"]
    chk, cat = np.nonzero(want)
    chk = person_chk[chk]
    cat = np.array(order)[cat]
    item = np.empty(len(chk), int)
    uu = u.random(len(chk))
    for r in range(NR):
        for c in CATS:
            sel = np.flatnonzero((c_r[chk] == r) & (cat == c))
            if not len(sel):
                continue
            cand = np.flatnonzero((i_r == r) & (i_cat == c))
            t = c_t[chk[sel]]
            act = (i_added[cand][None, :] <= t[:, None]) & (t[:, None] < i_removed[cand][None, :])
            g = c_g[chk[sel]]
            w = i_pop[cand][None, :] * act * np.where(g[:, None] >= 0, g_taste[np.maximum(g, 0)][:, cand], 1.0)
            cw = np.cumsum(w, 1)
            k = (cw < uu[sel, None] * cw[:, -1:]).sum(1)
            item[sel] = cand[k]
    qty = np.where(cat == "drink", u.integers(1, 4, len(chk)), 1)
    return chk, item, qty


# ---------------- the month-by-month simulation
C = {k: [] for k in ["r", "t", "g", "party", "res", "dur", "pay", "tipf"]}  # checks
R = {k: [] for k in ["g", "r", "made", "for", "party", "status", "cancel"]}  # reservations (status: final)
L = {k: [] for k in ["c", "item", "qty"]}  # lines (check index)
tiers = np.full(NG, "bronze", dtype=object)
tier_hist = []  # (month start secs, tiers array)
spend_t, spend_g, spend_v = [], [], []  # closed time, guest, total: for tiers
n_checks = 0


def add_checks(c_r, c_t, c_g, c_party, c_res):
    """Checks and their lines; returns their totals."""
    global n_checks
    n = len(c_r)
    dur = (40 + 15 * c_party + rng.exponential(20, n)) * MIN
    pay = rng.choice(["card", "cash", "mobile"], n, p=[0.75, 0.15, 0.10])
    tipf = rng.uniform(0.05, 0.2, n)
    chk, item, qty = lines_for(c_r, c_t, c_g, c_party, rng)
    price = price_at(item, c_t[chk])
    total = np.bincount(chk, qty * price, minlength=n)
    for k, v in zip(
        ["r", "t", "g", "party", "res", "dur", "pay", "tipf"],
        [c_r, c_t, c_g, c_party, c_res, dur, pay, tipf],
        strict=True,
    ):
        C[k].append(np.asarray(v))
    L["c"].append(chk + n_checks)
    L["item"].append(item)
    L["qty"].append(qty)
    n_checks += n
    return total, c_t + dur


for m, ms in enumerate(MONTHS):
    t0, t1 = secs(ms), secs(ms + pd.offsets.MonthBegin(1))
    # tier recompute on the 1st
    if spend_t:
        st, sg, sv = np.concatenate(spend_t), np.concatenate(spend_g), np.concatenate(spend_v)
        keep = (st < t0) & (st >= t0 - 365 * DAY)
        s = np.bincount(sg[keep], sv[keep], minlength=NG)
        tiers = np.where(s >= 1200, "gold", np.where(s >= 400, "silver", "bronze")).astype(object)
    tier_hist.append((t0, tiers.copy()))
    days = np.arange(t0, t1, DAY)
    wd = np.array([(ms + pd.Timedelta(days=i)).weekday() for i in range(len(days))])
    season = SEASON.get(ms.month, 1.0)
    # first visits (sign-ups) this month
    new = np.flatnonzero((su_time >= t0) & (su_time < t1))
    # repeat visits
    mult = np.array([TIER_MULT[x] for x in tiers])
    lam = g_rate * mult * season * (~one_timer)
    nv = rng.poisson(lam)
    vg = np.repeat(np.arange(NG), nv)
    vday = days[rng.choice(len(days), len(vg), p=WEEKDAY[wd] / WEEKDAY[wd].sum())]
    dinner = rng.random(len(vg)) < 0.7
    vtime = vday + np.where(
        dinner, 18 * 3600 + rng.random(len(vg)) * 4.5 * 3600, 12 * 3600 + rng.random(len(vg)) * 2 * 3600
    )
    vtime = np.floor(vtime)
    ok = (vtime > su_time[vg] + 3600) & (vtime < g_quit[vg])
    home_u, pick_u = rng.random(len(vg)), rng.random(len(vg))
    party = 1 + np.minimum(rng.poisson(1.2, len(vg)), 7)
    book_u, lead_u, made_u, canc_u, canc_f, ns_u, seat_u = (rng.random(len(vg)) for _ in range(7))
    lead_e = rng.exponential(3, len(vg))
    # home restaurants of guests (their sign-up restaurant): assigned at sign-up below, before use
    if m == 0:
        g_home = np.full(NG, -1)
    su_r = np.empty(len(new), int)
    for j, g in enumerate(new):
        op = np.flatnonzero(open_restaurants(su_time[g]))
        p = r_pop[op] / r_pop[op].sum()
        su_r[j] = op[min(np.searchsorted(np.cumsum(p), su_u[g, 0]), len(op) - 1)]
    g_home[new] = su_r
    vg, vtime, dinner, party = vg[ok], vtime[ok], dinner[ok], party[ok]
    home_u, pick_u, book_u, lead_u, made_u, canc_u, canc_f, ns_u, seat_u, lead_e = (
        a[ok] for a in (home_u, pick_u, book_u, lead_u, made_u, canc_u, canc_f, ns_u, seat_u, lead_e)
    )
    vr = np.empty(len(vg), int)
    for j in range(len(vg)):
        if home_u[j] < 0.7:
            vr[j] = g_home[vg[j]]
        else:
            op = np.flatnonzero(open_restaurants(vtime[j]))
            p = np.cumsum(r_pop[op]) / r_pop[op].sum()
            vr[j] = op[min(np.searchsorted(p, pick_u[j]), len(op) - 1)]
    booked = dinner & (book_u < 0.55)
    lead = 3600 + lead_e * DAY * party / 2
    made = vtime - lead
    made = np.floor(made / DAY) * DAY + np.clip(made - np.floor(made / DAY) * DAY, 9 * 3600, 23 * 3600)
    made = np.minimum(made, vtime - 1800)
    cancelled = booked & (canc_u < 0.08)
    p_ns = np.clip(g_ns[vg] * (1 + 0.15 * (party - 2)) * np.where(lead > 7 * DAY, 1.5, 1.0), 0, 0.95)
    no_show = booked & ~cancelled & (ns_u < p_ns)
    seated = ~booked | (~cancelled & ~no_show)
    nres0 = sum(len(x) for x in R["g"])
    bidx = np.flatnonzero(booked)
    R["g"].append(vg[bidx])
    R["r"].append(vr[bidx])
    R["made"].append(made[bidx])
    R["for"].append(vtime[bidx])
    R["party"].append(party[bidx])
    R["status"].append(np.where(cancelled[bidx], "cancelled", np.where(no_show[bidx], "no_show", "seated")))
    R["cancel"].append(np.where(cancelled[bidx], made[bidx] + canc_f[bidx] * (vtime[bidx] - made[bidx]), np.nan))
    res_id = np.full(len(vg), -1)
    res_id[bidx] = nres0 + np.arange(len(bidx))
    # checks: sign-ups, seated visits, walk-ins
    opened = np.where(booked, vtime + (-5 + 25 * seat_u) * MIN, vtime)
    s_idx = np.flatnonzero(seated)
    wr, wt = [], []
    for r in range(NR):
        lam_w = 3 * r_pop[r] * WEEKDAY[wd] * season * (days >= r_open[r])
        nw = rng.poisson(lam_w)
        dd = np.repeat(days, nw)
        din = rng.random(len(dd)) < 0.65
        wt.append(
            np.floor(
                dd
                + np.where(
                    din, 18 * 3600 + rng.random(len(dd)) * 4.5 * 3600, 12 * 3600 + rng.random(len(dd)) * 2 * 3600
                )
            )
        )
        wr.append(np.full(len(dd), r))
    wr, wt = np.concatenate(wr), np.concatenate(wt)
    w_party = 1 + np.minimum(rng.poisson(1.0, len(wr)), 7)
    c_r = np.concatenate([su_r, vr[s_idx], wr])
    c_t = np.concatenate([su_time[new], np.floor(opened[s_idx]), wt])
    c_g = np.concatenate([new, vg[s_idx], np.full(len(wr), -1)])
    c_party = np.concatenate([1 + np.minimum(rng.poisson(1.2, len(new)), 7), party[s_idx], w_party])
    c_res = np.concatenate([np.full(len(new), -1), res_id[s_idx], np.full(len(wr), -1)])
    total, closed = add_checks(c_r, c_t, c_g, c_party, c_res)
    mine = c_g >= 0
    spend_t.append(closed[mine])
    spend_g.append(c_g[mine])
    spend_v.append(total[mine])

# review draws (per check, up front)
NC = n_checks
ck = {k: np.concatenate(v) for k, v in C.items()}
ln = {k: np.concatenate(v) for k, v in L.items()}
rv = {k: np.concatenate(v) for k, v in R.items()}
rev_u = rng.random(NC)
rev_delay = rng.exponential(1.5, NC) * DAY
rev_noise = rng.normal(0, 0.9, NC)
TEXTS = {
    1: ["Terrible.", "Never again.", "Cold food, rude staff."],
    2: ["Disappointing.", "Slow service."],
    3: ["It was ok.", "Average evening."],
    4: ["Nice dinner.", "Good food, will come back."],
    5: ["Outstanding!", "Best meal in town.", "Loved everything."],
}
rev_text_u = rng.random(NC)

# ---------------- tables as they stood at CUT (every random value is drawn above)
T = secs(CUT)
TNOW = secs(NOW)


def ts(x):
    """Seconds since START -> timestamps (NaT where NaN)."""
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def fmt(x, f="%Y-%m-%d %H:%M:%S"):
    s = pd.Series(ts(x))
    return s.dt.strftime(f).where(s.notna(), None)


def fmt_offset(x):
    s = pd.Series(ts(x))
    loc = s.dt.tz_localize("Europe/Paris", ambiguous=False, nonexistent="shift_forward")
    out = loc.map(lambda v: v.isoformat() if pd.notna(v) else None)
    return out.where(s.notna(), None)


# checks: those opened by NOW and by CUT; ids in opened order over the whole snapshot
c_closed = ck["t"] + ck["dur"]
order = np.lexsort((np.arange(NC), ck["t"]))
c_id = np.empty(NC, int)
c_id[order] = np.arange(1, NC + 1)
ln_qty, ln_item, ln_c = ln["qty"], ln["item"], ln["c"]
ln_price = price_at(ln_item, ck["t"][ln_c])
c_total = np.round(np.bincount(ln_c, ln_qty * ln_price, minlength=NC), 2)
c_tip = np.where(ck["pay"] == "cash", np.nan, np.round(c_total * ck["tipf"], 2))
in_snap = ck["t"] <= TNOW

# reservations: ids in made_at order over the snapshot (made by NOW)
NRV = len(rv["g"])
r_order = np.lexsort((np.arange(NRV), rv["made"]))
r_id = np.empty(NRV, int)
r_id[r_order] = np.arange(1, NRV + 1)


def status_at(t):
    canc = rv["cancel"] <= t
    done = rv["for"] + 30 * MIN <= t
    return np.where(canc, "cancelled", np.where(done & (rv["status"] != "cancelled"), rv["status"], "booked"))


keep_c = in_snap & (ck["t"] <= T)
closed_known = c_closed <= T
checks = pd.DataFrame(
    {
        "check_id": c_id,
        "restaurant_id": ck["r"] + 1,
        "guest_id": pd.array(np.where(ck["g"] >= 0, ck["g"] + 1, np.nan)).astype("Int64"),
        "reservation_id": pd.array(np.where(ck["res"] >= 0, r_id[np.maximum(ck["res"], 0)], np.nan)).astype("Int64"),
        "opened_at": fmt(ck["t"]),
        "closed_at": fmt(np.where(closed_known, c_closed, np.nan)),
        "total": c_total,
        "tip": np.where(closed_known, c_tip, np.nan),
        "payment_method": ck["pay"],
    }
)[keep_c].sort_values("check_id")

keep_l = keep_c[ln_c]
check_items = pd.DataFrame(
    {
        "check_id": c_id[ln_c],
        "menu_item_id": ln_item + 1,
        "qty": ln_qty,
        "price": ln_price,
    }
)[keep_l]
check_items = check_items.sort_values("check_id", kind="stable")

keep_r = (rv["made"] <= TNOW) & (rv["made"] <= T)
reservations = pd.DataFrame(
    {
        "reservation_id": r_id,
        "guest_id": rv["g"] + 1,
        "restaurant_id": rv["r"] + 1,
        "made_at": fmt_offset(rv["made"]),
        "reserved_for": fmt_offset(rv["for"]),
        "party_size": rv["party"],
        "status": status_at(T),
        "cancelled_at": fmt_offset(np.where(rv["cancel"] <= T, rv["cancel"], np.nan)),
    }
)[keep_r].sort_values("reservation_id")

# guests: tier at the last recompute <= CUT; points from checks closed by CUT
keep_g = su_time <= T
tier_now = [tr for t0, tr in tier_hist if t0 <= T][-1]
tier_now = np.where(su_time < [t0 for t0, _ in tier_hist if t0 <= T][-1], tier_now, "bronze")
gm = (ck["g"] >= 0) & in_snap & (c_closed <= T)
earned = np.bincount(ck["g"][gm], np.floor(c_total[gm]), minlength=NG)
balance = earned - 800 * np.floor(earned / 1000)
g_order = np.lexsort((np.arange(NG), su_time))
g_id = np.empty(NG, int)
g_id[g_order] = np.arange(1, NG + 1)
# guest ids: in sign-up order; remap every guest reference
guests = pd.DataFrame(
    {
        "guest_id": g_id,
        "first_name": rng.choice(
            ["Anna", "Ben", "Chloe", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas"], NG
        ),
        "signed_up_at": fmt(su_time),
        "home_restaurant_id": g_home + 1,
        "tier": tier_now,
        "points_balance": balance.astype(int),
    }
)[keep_g].sort_values("guest_id")
checks["guest_id"] = pd.array(
    np.where(checks.guest_id.notna(), g_id[checks.guest_id.fillna(1).to_numpy(int) - 1], np.nan)
).astype("Int64")
reservations["guest_id"] = g_id[reservations.guest_id.to_numpy() - 1]

# menu items: ids in added order; price and removed_on as of CUT
m_order = np.lexsort((np.arange(NI), i_added))
m_id = np.empty(NI, int)
m_id[m_order] = np.arange(1, NI + 1)
keep_m = i_added <= T
menu_items = pd.DataFrame(
    {
        "menu_item_id": m_id,
        "restaurant_id": i_r + 1,
        "category": i_cat,
        "name": i_name,
        "price": price_at(np.arange(NI), np.full(NI, T)),
        "added_on": fmt(i_added, "%Y-%m-%d"),
        "removed_on": fmt(np.where(i_removed <= T, i_removed, np.nan), "%Y-%m-%d"),
    }
)[keep_m].sort_values("menu_item_id")
check_items["menu_item_id"] = m_id[check_items.menu_item_id.to_numpy() - 1]

# reviews: 10% of guest checks, posted after close
stars = np.clip(np.round(3.9 + r_quality[ck["r"]] + rev_noise), 1, 5).astype(int)
rv_mask = (ck["g"] >= 0) & (rev_u < 0.10)
posted = c_closed + rev_delay
rv_rows = np.flatnonzero(rv_mask & (posted <= TNOW))
rv_rows = rv_rows[np.lexsort((rv_rows, posted[rv_rows]))]
rev_text = [TEXTS[s][int(u * len(TEXTS[s]))] for s, u in zip(stars[rv_rows], rev_text_u[rv_rows], strict=True)]
reviews = pd.DataFrame(
    {
        "review_id": np.arange(1, len(rv_rows) + 1),
        "guest_id": g_id[ck["g"][rv_rows]],
        "restaurant_id": ck["r"][rv_rows] + 1,
        "posted_at": fmt(posted[rv_rows]),
        "stars": stars[rv_rows],
        "text": rev_text,
    }
)[posted[rv_rows] <= T]

keep_rest = r_open <= T
restaurants = pd.DataFrame(
    {
        "restaurant_id": np.arange(1, NR + 1),
        "name": names,
        "cuisine": cuisine,
        "seats": seats,
        "opened_on": fmt(r_open, "%m/%d/%Y"),
    }
)[keep_rest]

OUT.mkdir(parents=True, exist_ok=True)
for name, df in [
    ("restaurants", restaurants),
    ("guests", guests),
    ("reservations", reservations),
    ("checks", checks),
    ("check_items", check_items),
    ("menu_items", menu_items),
    ("reviews", reviews),
]:
    df.to_csv(OUT / f"{name}.csv", index=False)
    print(name, len(df))
