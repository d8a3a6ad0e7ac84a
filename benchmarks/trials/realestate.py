"""A real-estate brokerage's production database (offices, agents, properties, listings, a price-change log,
showings, offers, open houses), seeded: `python benchmarks/trials/realestate.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)):
8 offices in 6 cities, about 170 agents, about 2.2k properties, 2.5k listings, about 60k showings, 4k offers,
2k price changes, 2.5k open houses (about 15 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows
dated after NOW exist only where written ahead: open_houses.scheduled_for (an open house is created 7-14 days
before the day it is scheduled for). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- cities (6): price per sqft PPSF0 in [180, 520], growing 4% a year; offices 8 (two cities have two)
- properties: sqft LogNormal(log 1800, .35), bedrooms from sqft, year_built 1920-2023; hidden value =
  sqft x city ppsf(t) x exp(-.003 (age - 30)) x q, q ~ LogNormal(0, .10) (condition, unseen)
- listings arrive Poisson(3.4 x season) a day (season: Mar-Jun 1.3, Nov-Jan .7, else 1); 8% are relists of a
  property withdrawn over 30 days before; listing agent: an active agent of an office in the property's city,
  weighted by skill; list price = value x exp(N(.04, .08)) x agent's pricing bias exp(N(0, .04)), rounded to 1000
- agents: skill LogNormal(0, .35); 120 hired before 2023, others hired as offices need (1 per 6 active
  listings per office, at least 12); leave hazard 1/900 a day; left_at filled later; status 'active'/'inactive'
  and closed_deals (a running count of closings) are TODAY's state
- over = log(list price / value). Showings per active day Poisson(.55 x exp(-4 over) x season x
  exp(-dom/120) x (1 + 1.0 if a price cut in the last 7 days) + 1.5 on an open-house day); buyer agent: an active
  agent of the same city 80% (else any), a repeat visit by a buyer agent who showed it before 20%
- feedback per showing: 'price_too_high' with weight 3 max(over, 0) + .1, 'positive' .5 + agent skill/4,
  'neutral' .4, 'negative' .3, 'layout' .15; feedback_at = shown_at + Exp(1.5 days); feedback NULL until then,
  and NULL for 12% never given
- offers: each showing leads to an offer U(1, 5) days later with p = .07 x listing agent skill x exp(-3 over)
  (only while the listing is active); amount = list price x exp(N(-.025 - .3 max(over, 0), .03)); decided_at =
  offered + Exp(1 day); accepted with p = sigmoid(40 (amount/list - .965)) else 'countered' 40% / 'rejected';
  status is 'pending' and decided_at NULL until decided
- an accepted offer puts the listing under contract (status 'pending'); closing sold_at = decided + U(20, 45)
  days, sold_price = accepted amount x exp(N(0, .005)) (filled at closing); 4% of contracts fall through at
  U(5, 20) days and the listing goes back to 'active'
- price cut: once dom >= 14 and 14 days since the last cut, hazard .03 x (1 + 3 max(over, 0)) a day, by U(2, 7)%
  rounded to 1000; logged in price_changes (old_price, new_price); listings.list_price is the LATEST price
- withdrawal hazard .002 a day, .006 past 90 days on market
- open houses: an active listing gets one created with p .25 a week (checked each day / 7), scheduled for the
  Saturday or Sunday 7-14 days ahead; attendees filled the day after it is held (Poisson(6 exp(-3 over))), NULL
  and status 'cancelled' if the listing is no longer active then
- listings.status ('active'/'pending'/'sold'/'withdrawn'), list_price, days_on_market (active: days since listed;
  pending/sold: listed to contract; withdrawn: listed to withdrawal) and updated_at hold TODAY's state;
  sold_at, sold_price, offers.status/decided_at, showings.feedback/feedback_at, open_houses.attendees,
  agents.left_at are filled in later
- keys: agents are text ids ('AG0001'); listings.agent_id and showings.buyer_agent_id hold them; REFERENCES
  declared for agents, properties, listings; price_changes, showings, offers, open_houses keep theirs
  undeclared; noise: mls_number, photo_count, hoa_fee (mostly NULL), parcel_no, email, license_no
- `--as-of DATE` writes the same simulation as it stood at DATE (every random value drawn first; exact)
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


def ts(x):
    x = np.asarray(x, float)
    return pd.Series(START + pd.to_timedelta(np.where(np.isfinite(x), x, np.nan), unit="s")).dt.floor("s").values


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


SEASON = np.array([0.7, 1.0, 1.3, 1.3, 1.3, 1.3, 1.0, 1.0, 1.0, 1.0, 0.7, 0.7])

# ---------------- cities, offices
CITIES = ["Riverton", "Maple Heights", "Lakeside", "Cedar Falls", "Brookhaven", "Port Ellis"]
NC = len(CITIES)
c_ppsf0 = rng.uniform(180, 520, NC)
c_lat = rng.uniform(33, 42, NC)
c_lon = rng.uniform(-120, -80, NC)
o_city = np.array([0, 1, 2, 3, 4, 5, 0, 2])
NO = len(o_city)
offices = pd.DataFrame(
    {
        "office_id": np.arange(1, NO + 1),
        "office_name": [f"{CITIES[c]} {s}" for c, s in zip(o_city, ["Main"] * 6 + ["North", "Shore"], strict=True)],
        "city": [CITIES[c] for c in o_city],
        "phone": [f"555-{rng.integers(1000, 9999)}" for _ in range(NO)],
        "opened_on": pd.to_datetime(["2009-03-01", "2012-06-15", "2015-01-10", "2016-09-01", "2018-04-01",
                                     "2019-11-01", "2021-02-01", "2022-05-01"]).date,
    }
)

# ---------------- agents
a_office, a_skill, a_bias, a_hired, a_left = [], [], [], [], []


def hire_agent(o, t):
    a_office.append(o)
    a_skill.append(float(np.exp(rng.normal(0, 0.35))))
    a_bias.append(float(np.exp(rng.normal(0, 0.04))))
    a_hired.append(t)
    a_left.append(INF)


for _ in range(120):
    hire_agent(int(rng.integers(0, NO)), -rng.uniform(30, 3000) * DAY)


def city_ppsf(c, t):
    return c_ppsf0[c] * 1.04 ** (t / (365 * DAY))


# ---------------- properties
P = {k: [] for k in ["city", "sqft", "beds", "baths", "year", "q", "lat", "lon", "addr", "created"]}
STREETS = ["Oak", "Elm", "Pine", "Maple", "Cedar", "Birch", "Walnut", "Willow", "Lake", "Hill", "Park", "River"]
SUFFIX = ["St", "Ave", "Rd", "Ln", "Dr", "Ct", "Blvd", "Way"]


def new_property(t):
    c = int(rng.integers(0, NC))
    sq = float(np.clip(np.exp(rng.normal(np.log(1800), 0.35)), 450, 8000))
    beds = int(np.clip(round(sq / 600 + rng.normal(0, 0.7)), 1, 7))
    P["city"].append(c)
    P["sqft"].append(int(round(sq, -1)))
    P["beds"].append(beds)
    P["baths"].append(float(np.clip(round((beds * 0.6 + rng.normal(0, 0.5)) * 2) / 2, 1, 5)))
    P["year"].append(int(rng.integers(1920, 2024)))
    P["q"].append(float(np.exp(rng.normal(0, 0.10))))
    P["lat"].append(round(c_lat[c] + rng.normal(0, 0.05), 6))
    P["lon"].append(round(c_lon[c] + rng.normal(0, 0.05), 6))
    P["addr"].append(f"{rng.integers(1, 9999)} {STREETS[rng.integers(0, 12)]} {SUFFIX[rng.integers(0, 8)]}")
    P["created"].append(t)
    return len(P["city"]) - 1


def value(p, t):
    age = 2024 - P["year"][p]
    return P["sqft"][p] * city_ppsf(P["city"][p], t) * np.exp(-0.003 * (age - 30)) * P["q"][p]


# ---------------- listings and events
L = {k: [] for k in ["prop", "agent", "listed", "price0", "value", "contract", "sold", "sold_price", "withdrawn"]}
L_state = []  # 'active' | 'contract' | 'done'
L_price = []  # current list price (sim)
L_lastcut = []
L_oh_day = []  # set of open-house day indices
L_shown_by = []  # set of buyer agents who showed it
L_fallthrough = []  # list of (contract_t, fall_t)
PC = {k: [] for k in ["l", "t", "old", "new"]}
SH = {k: [] for k in ["l", "t", "buyer", "fb", "fb_t"]}
OF = {k: [] for k in ["l", "t", "amount", "status", "dec_t"]}
OH = {k: [] for k in ["l", "created", "sched", "att_t", "att"]}
pending_offers = []  # (t_offer, listing, buyer)
withdrawn_props = []  # (prop, t)
closings = {}  # listing -> closing t
FB = np.array(["price_too_high", "positive", "neutral", "negative", "layout"])

for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    season = SEASON[day.month - 1]
    # agents leave; offices hire
    for i in range(len(a_office)):
        if a_left[i] == INF and a_hired[i] < t0 and rng.random() < 1 / 900:
            a_left[i] = t0 + rng.uniform(9, 18) * 3600
    act_list = np.array([s == "active" for s in L_state], bool)
    lag = np.array(L["agent"], int) if L["agent"] else np.zeros(0, int)
    ao = np.array(a_office)
    aactive = (np.array(a_hired) < t0) & (np.array(a_left) > t0 + DAY)
    for o in range(NO):
        n_l = int(np.sum(act_list & (ao[lag] == o))) if len(lag) else 0
        need = max(12, int(np.ceil(n_l / 6)))
        for _ in range(max(0, need - int(np.sum(aactive & (ao == o))))):
            hire_agent(o, t0 - rng.uniform(1, 20) * DAY)
    ao = np.array(a_office)
    askill = np.array(a_skill)
    aactive = (np.array(a_hired) < t0) & (np.array(a_left) > t0 + DAY)
    # new listings
    for _ in range(rng.poisson(3.4 * season)):
        tl = t0 + rng.uniform(7, 19) * 3600
        old = [w for w in withdrawn_props if w[1] < t0 - 30 * DAY]
        if old and rng.random() < 0.08:
            w = old[int(rng.integers(0, len(old)))]
            withdrawn_props.remove(w)
            p = w[0]
        else:
            p = new_property(tl)
        c = P["city"][p]
        cand = np.flatnonzero(aactive & np.isin(ao, np.flatnonzero(o_city == c)))
        wts = askill[cand] / askill[cand].sum()
        a = int(cand[rng.choice(len(cand), p=wts)])
        v = value(p, tl)
        price = round(v * np.exp(rng.normal(0.04, 0.08)) * a_bias[a], -3)
        for k, x in zip(L, [p, a, tl, price, v, INF, INF, np.nan, INF], strict=True):
            L[k].append(x)
        L_state.append("active")
        L_price.append(price)
        L_lastcut.append(tl)
        L_oh_day.append(set())
        L_shown_by.append([])
        L_fallthrough.append([])
    # offers made today (from earlier showings)
    still = []
    for to, li, b in pending_offers:
        if to >= t0 + DAY:
            still.append((to, li, b))
            continue
        if L_state[li] != "active":
            continue
        lp = L_price[li]
        over = np.log(lp / L["value"][li])
        amt = round(lp * np.exp(rng.normal(-0.025 - 0.3 * max(over, 0), 0.03)), -2)
        dec = to + rng.exponential(1.0) * DAY
        pacc = 1 / (1 + np.exp(-40 * (amt / lp - 0.965)))
        u = rng.random()
        st = "accepted" if u < pacc else ("countered" if rng.random() < 0.4 else "rejected")
        for k, x in zip(OF, [li, to, amt, st, dec], strict=True):
            OF[k].append(x)
        if st == "accepted":
            L_state[li] = "contract"
            L["contract"][li] = dec
            if rng.random() < 0.04:
                ft = dec + rng.uniform(5, 20) * DAY
                L_fallthrough[li].append((dec, ft))
                closings[li] = -ft  # negative: falls through at -x
            else:
                closings[li] = dec + rng.uniform(20, 45) * DAY
                L["sold_price"][li] = round(amt * np.exp(rng.normal(0, 0.005)), -2)
    pending_offers = still
    # contracts: closings and fall-throughs
    for li in list(closings):
        x = closings[li]
        if x > 0 and x < t0 + DAY:
            L["sold"][li] = x
            L_state[li] = "done"
            del closings[li]
        elif x < 0 and -x < t0 + DAY:
            L_state[li] = "active"
            L["contract"][li] = INF
            L_lastcut[li] = -x
            del closings[li]
    # active listings: showings, price cuts, open houses, withdrawal
    for li in np.flatnonzero(np.array([s == "active" for s in L_state], bool)):
        lt0 = L["listed"][li] if L["listed"][li] >= t0 + DAY else t0
        dom = (t0 - L["listed"][li]) / DAY
        lp = L_price[li]
        over = np.log(lp / L["value"][li])
        recent_cut = (t0 - L_lastcut[li] < 7 * DAY) and L_lastcut[li] > L["listed"][li]
        lam = 0.55 * np.exp(-4 * over) * season * np.exp(-max(dom, 0) / 120) * (1 + 1.0 * recent_cut)
        lam += 1.5 if d in L_oh_day[li] else 0.0
        c = P["city"][L["prop"][li]]
        for _ in range(rng.poisson(lam)):
            tsh = max(lt0, t0 + rng.uniform(9, 19) * 3600)
            if L_shown_by[li] and rng.random() < 0.2:
                b = L_shown_by[li][int(rng.integers(0, len(L_shown_by[li])))]
            else:
                pool = np.flatnonzero(aactive & (np.isin(ao, np.flatnonzero(o_city == c)) if rng.random() < 0.8 else aactive))
                b = int(pool[rng.integers(0, len(pool))])
            L_shown_by[li].append(b)
            w = np.array([3 * max(over, 0) + 0.1, 0.5 + a_skill[L["agent"][li]] / 4, 0.4, 0.3, 0.15])
            fb = FB[rng.choice(5, p=w / w.sum())]
            fbt = tsh + rng.exponential(1.5) * DAY
            if rng.random() < 0.12:
                fb, fbt = None, INF
            for k, x in zip(SH, [li, tsh, b, fb, fbt], strict=True):
                SH[k].append(x)
            if rng.random() < 0.07 * a_skill[L["agent"][li]] * np.exp(-3 * over):
                pending_offers.append((tsh + rng.uniform(1, 5) * DAY, li, b))
        if dom >= 14 and t0 - L_lastcut[li] >= 14 * DAY and rng.random() < 0.03 * (1 + 3 * max(over, 0)):
            tc = t0 + rng.uniform(8, 18) * 3600
            new = round(lp * (1 - rng.uniform(0.02, 0.07)), -3)
            for k, x in zip(PC, [li, tc, lp, new], strict=True):
                PC[k].append(x)
            L_price[li] = new
            L_lastcut[li] = tc
        if rng.random() < 1 / 7 * 0.25 and dom >= 0:
            dd = d + int(rng.integers(7, 15))
            while (START + pd.Timedelta(days=dd)).weekday() < 5:
                dd += 1
            L_oh_day[li].add(dd)
            OH["l"].append(li)
            OH["created"].append(t0 + rng.uniform(9, 17) * 3600)
            OH["sched"].append(dd * DAY + 13 * 3600)
            OH["att_t"].append(dd * DAY + DAY + 10 * 3600)
            OH["att"].append(int(rng.poisson(6 * np.exp(-3 * over))))
        if rng.random() < (0.006 if dom > 90 else 0.002):
            L["withdrawn"][li] = t0 + rng.uniform(9, 18) * 3600
            L_state[li] = "done"
            withdrawn_props.append((L["prop"][li], L["withdrawn"][li]))

# ---------------- tables as they stood at CUT (every random value is drawn above)
NL = len(L["prop"])
lst = pd.DataFrame({k: np.array(v) for k, v in L.items()})
lst["listing_id"] = np.arange(1, NL + 1)
lst["mls"] = [f"MLS{rng.integers(10**6, 10**7)}" for _ in range(NL)]
lst["photos"] = rng.integers(0, 40, NL)
lst["hoa"] = np.where(rng.random(NL) < 0.25, rng.integers(50, 600, NL).astype(float), np.nan)
pc = pd.DataFrame(PC).sort_values("t", kind="stable").reset_index(drop=True)
pc["change_id"] = np.arange(1, len(pc) + 1)
sh = pd.DataFrame(SH).sort_values("t", kind="stable").reset_index(drop=True)
sh["showing_id"] = np.arange(1, len(sh) + 1)
of = pd.DataFrame(OF).sort_values("t", kind="stable").reset_index(drop=True)
of["offer_id"] = np.arange(1, len(of) + 1)
oh = pd.DataFrame(OH).sort_values("created", kind="stable").reset_index(drop=True)
oh["open_house_id"] = np.arange(1, len(oh) + 1)
NA = len(a_office)
a_email = [f"agent{i + 1}@brokerage.example" for i in range(NA)]
a_lic = [f"LIC-{rng.integers(10**5, 10**6)}" for _ in range(NA)]
NP = len(P["city"])
p_parcel = [f"{rng.integers(100, 999)}-{rng.integers(10, 99)}-{rng.integers(1000, 9999)}" for _ in range(NP)]

# fall-throughs that happened by CUT put the listing back to active; those after CUT: still under contract
fell = {li: ft for li, ev in enumerate(L_fallthrough) for (_c, ft) in ev}
contract_known = np.array([c if c <= T else INF for c in L["contract"]])
for li, ft in fell.items():  # contract of a fall-through (L["contract"] was reset to INF)
    c = L_fallthrough[li][0][0]
    if c <= T < ft:
        contract_known[li] = c

lst = lst[lst.listed <= T].copy()
li_idx = lst.listing_id.to_numpy() - 1
price_now = np.array(L["price0"], float)
for r in pc.itertuples():
    if r.t <= T:
        price_now[r.l] = r.new
sold_k = lst.sold.to_numpy() <= T
wd_k = lst.withdrawn.to_numpy() <= T
con_k = contract_known[li_idx] <= T
status = np.where(sold_k, "sold", np.where(con_k, "pending", np.where(wd_k, "withdrawn", "active")))
end_dom = np.where(sold_k | con_k, np.where(sold_k, lst.contract.to_numpy(), contract_known[li_idx]),
                   np.where(wd_k, lst.withdrawn.to_numpy(), T))
dom_now = np.floor((end_dom - lst.listed.to_numpy()) / DAY).astype(int)
# updated_at: latest event of the listing by CUT
ev = [lst.listed.to_numpy()]
for df, col in [(pc, "t"), (of, "dec_t"), (sh, "t")]:
    g = df[df[col] <= T].groupby("l")[col].max().reindex(li_idx).to_numpy()
    ev.append(np.where(np.isnan(g), -INF, g))
ev += [known(lst.sold), known(lst.withdrawn)]
upd = np.nanmax(np.vstack([np.where(np.isnan(e), -INF, e) for e in ev]), axis=0)
listings = pd.DataFrame(
    {
        "listing_id": lst.listing_id,
        "mls_number": lst.mls,
        "property_id": lst.prop + 1,
        "agent_id": [f"AG{a + 1:04d}" for a in lst.agent],
        "listed_at": ts(lst.listed),
        "list_price": price_now[li_idx],
        "status": status,
        "days_on_market": dom_now,
        "sold_at": ts(known(lst.sold)),
        "sold_price": np.where(sold_k, lst.sold_price, np.nan),
        "photo_count": lst.photos,
        "hoa_fee": lst.hoa,
        "updated_at": ts(upd),
    }
)
pcs = pc[pc.t <= T]
price_changes = pd.DataFrame(
    {"change_id": pcs.change_id, "listing_id": pcs.l + 1, "changed_at": ts(pcs.t), "old_price": pcs.old,
     "new_price": pcs.new}
)
shs = sh[sh.t <= T]
fbk = shs.fb_t.to_numpy() <= T
showings = pd.DataFrame(
    {
        "showing_id": shs.showing_id,
        "listing_id": shs.l + 1,
        "shown_at": ts(shs.t),
        "buyer_agent_id": [f"AG{b + 1:04d}" for b in shs.buyer],
        "feedback": np.where(fbk, shs.fb, None),
        "feedback_at": ts(known(shs.fb_t)),
    }
)
ofs = of[of.t <= T]
dk = ofs.dec_t.to_numpy() <= T
offers = pd.DataFrame(
    {
        "offer_id": ofs.offer_id,
        "listing_id": ofs.l + 1,
        "offered_at": ts(ofs.t),
        "amount": ofs.amount,
        "status": np.where(dk, ofs.status, "pending"),
        "decided_at": ts(known(ofs.dec_t)),
    }
)
ohs = oh[oh.created <= T]
# cancelled if the listing was not active on its day (known once the day has passed)
held = []
for r in ohs.itertuples():
    li = int(r.l)
    s = r.sched
    act = L["listed"][li] <= s and not (min(L["sold"][li], L["withdrawn"][li]) <= s)
    c = L["contract"][li]
    if c <= s:
        act = False
    for cc, ft in L_fallthrough[li]:
        if cc <= s < ft:
            act = False
    held.append(act)
held = np.array(held, bool)
att_known = ohs.att_t.to_numpy() <= T
open_houses = pd.DataFrame(
    {
        "open_house_id": ohs.open_house_id,
        "listing_id": ohs.l + 1,
        "created_at": ts(ohs.created),
        "scheduled_for": ts(ohs.sched),
        "status": np.where(ohs.sched.to_numpy() > T, "scheduled", np.where(held, "held", "cancelled")),
        "attendees": np.where(att_known & held, ohs.att, np.nan),
    }
)
props = pd.DataFrame(
    {
        "property_id": np.arange(1, NP + 1),
        "parcel_no": p_parcel,
        "address": P["addr"],
        "city": [CITIES[c] for c in P["city"]],
        "sqft": P["sqft"],
        "bedrooms": P["beds"],
        "bathrooms": P["baths"],
        "year_built": P["year"],
        "lat": P["lat"],
        "lon": P["lon"],
        "created_at": ts(P["created"]),
    }
)[np.array(P["created"]) <= T]
a_hired_ = np.array(a_hired)
a_left_k = known(a_left)
closed = lst[lst.sold <= T].groupby("agent").size().reindex(np.arange(NA)).fillna(0).astype(int).to_numpy()
agents = pd.DataFrame(
    {
        "agent_id": [f"AG{i + 1:04d}" for i in range(NA)],
        "office_id": np.array(a_office) + 1,
        "full_name": [f"Agent {i + 1}" for i in range(NA)],
        "email": a_email,
        "license_no": a_lic,
        "hired_at": ts(a_hired_),
        "left_at": ts(a_left_k),
        "status": np.where(np.isnan(a_left_k), "active", "inactive"),
        "closed_deals": closed,
    }
)[a_hired_ <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE offices (office_id INTEGER PRIMARY KEY, office_name VARCHAR, city VARCHAR, phone VARCHAR, opened_on DATE);
CREATE TABLE agents (agent_id VARCHAR PRIMARY KEY, office_id INTEGER, full_name VARCHAR, email VARCHAR,
                     license_no VARCHAR, hired_at TIMESTAMP, left_at TIMESTAMP, status VARCHAR, closed_deals INTEGER);
CREATE TABLE properties (property_id INTEGER PRIMARY KEY, parcel_no VARCHAR, address VARCHAR, city VARCHAR,
                         sqft INTEGER, bedrooms INTEGER, bathrooms DOUBLE, year_built INTEGER, lat DOUBLE, lon DOUBLE,
                         created_at TIMESTAMP);
CREATE TABLE listings (listing_id INTEGER PRIMARY KEY, mls_number VARCHAR,
                       property_id INTEGER REFERENCES properties(property_id),
                       agent_id VARCHAR REFERENCES agents(agent_id), listed_at TIMESTAMP, list_price DOUBLE,
                       status VARCHAR, days_on_market INTEGER, sold_at TIMESTAMP, sold_price DOUBLE,
                       photo_count INTEGER, hoa_fee DOUBLE, updated_at TIMESTAMP);
CREATE TABLE price_changes (change_id INTEGER PRIMARY KEY, listing_id INTEGER, changed_at TIMESTAMP,
                            old_price DOUBLE, new_price DOUBLE);
CREATE TABLE showings (showing_id INTEGER PRIMARY KEY, listing_id INTEGER, shown_at TIMESTAMP,
                       buyer_agent_id VARCHAR, feedback VARCHAR, feedback_at TIMESTAMP);
CREATE TABLE offers (offer_id INTEGER PRIMARY KEY, listing_id INTEGER, offered_at TIMESTAMP, amount DOUBLE,
                     status VARCHAR, decided_at TIMESTAMP);
CREATE TABLE open_houses (open_house_id INTEGER PRIMARY KEY, listing_id INTEGER, created_at TIMESTAMP,
                          scheduled_for TIMESTAMP, status VARCHAR, attendees DOUBLE);
""")
for name, df in [
    ("offices", offices),
    ("agents", agents),
    ("properties", props),
    ("listings", listings),
    ("price_changes", price_changes),
    ("showings", showings),
    ("offers", offers),
    ("open_houses", open_houses),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
