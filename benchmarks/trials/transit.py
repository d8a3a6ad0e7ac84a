"""A public transit authority's smart-card system (stations, routes, cards, tap-in/tap-out journeys with fares,
top-up transactions, 30-day passes, lost-card reports), seeded: `python benchmarks/trials/transit.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy
default_rng(0)): 900 holders, about 1,000 cards, 36 stations, 6 routes, ~250k journeys, ~20k top-ups, ~4k passes.

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Holders are
not a table: a holder's cards are rows of `cards`, a replacement (lost or expiring card) is a new card whose
replaces_card_no names the old one, and the holder's behaviour carries on on it.

Truth (seed 0):
- stations (36): zone 1 (10 central), zone 2 (14), zone 3 (12); xy in km (radius 0-3, 3-8, 8-15); popularity
  LogNormal(0, .6); each on one of 6 routes (route_id); S036 opens 2024-06-15 (no taps before). lat/lon, name noise
- holders (900): commuter .28, occasional adult .34, student .20, senior .18; 55% hold a card issued 2018-2022
  (before the span), the rest join uniformly over the span. holder_type is 'adult' / 'student' / 'senior'
  ('ADULT' / 'STUDENT' / 'SENIOR' upper case on cards issued before 2020 by the legacy system)
- travel per day (Bernoulli p, then the day's trips):
  commuter: p = Beta(6, 3) on Mon-Fri (x.25 on public holidays Jan 1, Dec 24-26, Dec 31), .08 on Sat/Sun; trips
  home -> work at h0 ~ U(6.5, 9) + N(0, .25) h and back at h0 + 9 + N(0, .7); 10% an extra evening trip to a
  popular station. work station drawn from zone 1 (x popularity), home from zone 2/3
  student: p .85 on school weekdays, .12 in holidays (Jul 1 - Aug 31, Dec 22 - Jan 5, Apr 1 - Apr 9) and
  weekends; home -> school at 7.5 h, back U(15, 17.5) h
  senior: p .25 every day (.15 Sat/Sun), off-peak: out U(9.5, 13) h to one of 3 favourite stations, back 1.5-4 h later
  occasional: p .07 Mon-Fri, .12 Sat/Sun; 1 or 2 trips at U(8, 22) h between popular stations
- trip duration (min) = 5 + 2.2 x km between stations x LogNormal(0, .15); tap-out missing with p .025 (occasional
  .07): tap_out_time, tap_out_stn NULL and the fare is the max fare, set by the nightly batch at 03:00
- fare = (2.40 + .60 x |zone in - zone out| + .40 peak (Mon-Fri 7-9 h, 16:30-18:30 h)) x (student .5, senior .4);
  max fare 4.00 x the same; trips while a pass covers the day cost 0 (fare_type 'pass'); fare and fare_type are
  filled at tap-out (NULL while the trip runs)
- stored value: card balance starts U(0, 30) (pre-span cards), 0 for new ones; each travel day, before the first
  trip, a holder whose balance is under his threshold U(4, 12) tops up with p .85 (channel his preferred one of
  machine/app/retail/web, amount the least multiple of his usual 10/20/30/50 (seniors 10/20) that lifts it over),
  else travels anyway (balance may go negative); 15% of adults have autoload: balance < 10 after a fare -> 'autoload' top-up of 30 at 02:00 the next
  night; topup_txn.settled_at 0-3 days later (filled in later)
- passes: pass users (commuters 60%, students 50%, seniors 10%) buy 30-day passes (start_date .. end_date =
  start + 29, price adult 92, student 46, senior 36); a pass user without a pass buys one with p .03 a day;
  at a pass's end he renews (next start = end + 1, bought 0-3 days before) with p sigmoid(-3 + .13 x his trips in
  the last 30 days): regular riders renew, students drop them for the summer, re-buying with p .03 a day
- dormancy: each holder stops travelling for good with hazard 1/1000 a day (card stays 'active', balance left)
- lost cards: hazard 1/1800 a holder-day while travelling; lost_reports row at U(7, 22) h; the card is 'blocked';
  a replacement card is issued U(1, 7) days later with the balance transferred (topup channel 'transfer' on the new
  card, the old card's balance 0); lost_reports.replacement_card_no filled in then; no travel in between
- expiry: expires_on = issued + 5 years (set ahead); a renewal card is issued 0-20 days before expiry (p .85, not
  for dormant holders) with the balance transferred; the old card reads 'expired' from expires_on
- cards.status ('active' / 'blocked' / 'expired'), status_changed_at, balance, lifetime_trips, last_tap_at hold
  TODAY's state; journeys.tap_out_*/fare/fare_type, topup_txn.settled_at, lost_reports.replacement_card_no are
  filled in later
- keys: text ids (card_no 'TC########', station_code 'S001'); PK declared on cards, stations, routes, passes;
  REFERENCES only passes.card_no; journeys.card_no, tap_in_stn, tap_out_stn, route_id, topup_txn.card_no,
  lost_reports.card_ref undeclared; journeys.validator_id, topup_txn.terminal_id, cards.card_design noise
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the
  simulation always runs to NOW), then rows created after DATE are left out and every today's-state / filled-later
  column is as it stood at DATE
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
H = 3600.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


# ---------------- stations and routes
NS = 36
zone = np.r_[np.full(10, 1), np.full(14, 2), np.full(12, 3)]
rad = np.where(zone == 1, rng.uniform(0, 3, NS), np.where(zone == 2, rng.uniform(3, 8, NS), rng.uniform(8, 15, NS)))
ang = rng.uniform(0, 2 * np.pi, NS)
sx, sy = rad * np.cos(ang), rad * np.sin(ang)
pop = np.exp(rng.normal(0, 0.6, NS))
s_route = (np.floor(ang / (2 * np.pi) * 6).astype(int) % 6) + 1
s_open = np.full(NS, secs("2009-05-01"))
s_open[35] = secs("2024-06-15")
dist_km = np.hypot(sx[:, None] - sx[None, :], sy[:, None] - sy[None, :])
s_code = np.array([f"S{i:03d}" for i in range(1, NS + 1)])

# ---------------- holders
NH = 900
htype = rng.choice(4, NH, p=[0.28, 0.34, 0.20, 0.18])  # 0 commuter, 1 occasional, 2 student, 3 senior
pre = rng.random(NH) < 0.55
join = np.where(pre, -rng.uniform(0, 5 * 365, NH) * DAY - 10 * DAY, rng.uniform(0, ND - 1, NH) * DAY)
h_p = np.where(htype == 0, rng.beta(6, 3, NH), 0.0)
w_pop = pop * (zone == 1)
hp_pop = pop * (zone >= 2) * (np.arange(NS) != 35)
home = rng.choice(NS, NH, p=hp_pop / hp_pop.sum())
work = rng.choice(NS, NH, p=w_pop / w_pop.sum())
fav = np.stack([rng.choice(NS - 1, 3, p=pop[:35] / pop[:35].sum()) for _ in range(NH)])
h0 = rng.uniform(6.5, 9, NH)
miss_p = np.where(htype == 1, 0.07, 0.025)
thr = rng.uniform(4, 12, NH)
amount = np.where(htype == 3, rng.choice([10, 20], NH), rng.choice([10, 20, 30, 50], NH, p=[0.2, 0.35, 0.25, 0.2]))
CHANNELS = np.array(["machine", "app", "retail", "web"])
chan = rng.choice(4, NH, p=[0.5, 0.3, 0.15, 0.05])
autoload = (htype <= 1) & (rng.random(NH) < 0.15)
pass_user = rng.random(NH) < np.array([0.6, 0.0, 0.5, 0.1])[htype]
conc = np.array([1.0, 1.0, 0.5, 0.4])[htype]
pass_price = np.array([92.0, 92.0, 46.0, 36.0])[htype]
dormant_at = join + rng.exponential(1000, NH) * DAY
dormant_at = np.where(dormant_at < 0, rng.uniform(0, 400, NH) * DAY, dormant_at)  # pre-span holders: stop in span
# new stations: holders joining after S036 opens near it live there with p .3
near36 = (join > secs("2024-06-15")) & (rng.random(NH) < 0.3)
home[near36] = 35

# ---------------- cards (grown during the simulation)
C = {k: [] for k in ["holder", "issued", "expires", "replaces", "open_bal", "prior_trips", "prior_last"]}


def issue(h, t, replaces=None, bal=0.0):
    C["holder"].append(h)
    C["issued"].append(t)
    C["expires"].append(t + 5 * 365 * DAY)
    C["replaces"].append(replaces)
    C["open_bal"].append(bal)
    C["prior_trips"].append(0)
    C["prior_last"].append(np.nan)
    return len(C["holder"]) - 1


card_of = np.full(NH, -1)
for h in np.flatnonzero(pre):
    c = issue(h, join[h], bal=round(float(rng.uniform(0, 30)), 2))
    C["prior_trips"][c] = int(rng.integers(20, 900))
    C["prior_last"][c] = -rng.uniform(0, 5) * DAY
    card_of[h] = c
# expiring pre-span cards' renewal draws
renew_ok = rng.random(NH) < 0.85
renew_lead = rng.uniform(0, 20, NH) * DAY

bal = {}  # card -> balance
for c in range(len(C["holder"])):
    bal[c] = C["open_bal"][c]
LEDGER = []  # (card, t, delta)
J = {k: [] for k in ["card", "tin", "sin", "tout", "sout", "fare", "ftype", "fare_t"]}
TU = {k: [] for k in ["card", "t", "amt", "chan", "settle"]}
PS = {k: [] for k in ["card", "bought", "start", "end", "price"]}
LR = {k: [] for k in ["card", "t", "reason", "repl", "repl_t"]}
STATUS_EV = []  # (card, t, status)
trips_day = np.zeros((NH, ND), dtype=np.int16)
pass_end = np.full(NH, -np.inf)  # last covered second
pass_next = np.full(NH, np.nan)  # renewal already bought: its start
waiting_until = np.full(NH, -np.inf)  # lost: no travel until the replacement
pending_auto = np.zeros(NH, bool)
lost_idx = {}  # holder -> its open lost report
HOLIDAYS = {(1, 1), (12, 24), (12, 25), (12, 26), (12, 31)}


def school_holiday(day):
    md = (day.month, day.day)
    return (
        day.month in (7, 8) or md >= (12, 22) or md <= (1, 5) or (day.month == 4 and day.day <= 9) or day.weekday() >= 5
    )


def charge(h, c, t, delta):
    bal[c] += delta
    LEDGER.append((c, t, delta))


for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    wd = day.weekday()
    hol = (day.month, day.day) in HOLIDAYS
    shol = school_holiday(day)
    peak_day = wd < 5 and not hol
    u_travel = rng.random(NH)
    u_lost = rng.random(NH)
    u_top = rng.random(NH)
    u_pass = rng.random(NH)
    # new holders
    for h in np.flatnonzero((join >= t0) & (join < t0 + DAY)):
        card_of[h] = issue(h, join[h])
        bal[card_of[h]] = 0.0
    # autoload top-ups from last night
    for h in np.flatnonzero(pending_auto):
        c = card_of[h]
        t = t0 + 2 * H + rng.uniform(0, 600)
        TU["card"].append(c), TU["t"].append(t), TU["amt"].append(30.0), TU["chan"].append("autoload")
        TU["settle"].append(t + rng.uniform(0, 3) * DAY)
        charge(h, c, t, 30.0)
    pending_auto[:] = False
    # expiry renewals
    for h in np.flatnonzero(card_of >= 0):
        c = card_of[h]
        exp = C["expires"][c]
        if exp - renew_lead[h] < t0 + DAY and exp >= t0 - DAY * 30 and dormant_at[h] > t0:
            if waiting_until[h] > t0:
                continue
            if renew_ok[h]:
                t = t0 + rng.uniform(1, 5) * H
                nc = issue(h, t, replaces=c)
                bal[nc] = 0.0
                if bal[c] > 0:
                    amt = round(bal[c], 2)
                    charge(h, c, t, -amt)
                    TU["card"].append(nc), TU["t"].append(t), TU["amt"].append(amt), TU["chan"].append("transfer")
                    TU["settle"].append(t)
                    charge(h, nc, t, amt)
                card_of[h] = nc
                renew_ok[h] = rng.random() < 0.85
                renew_lead[h] = rng.uniform(0, 20) * DAY
            else:
                card_of[h] = -2 - c  # holder gone with an expired card
    # replacements for lost cards
    for h in np.flatnonzero((waiting_until >= t0) & (waiting_until < t0 + DAY)):
        c = card_of[h]
        t = waiting_until[h]
        nc = issue(h, t, replaces=c)
        bal[nc] = 0.0
        LR["repl"][lost_idx[h]] = nc
        LR["repl_t"][lost_idx[h]] = t
        if bal[c] > 0:
            amt = round(bal[c], 2)
            charge(h, c, t, -amt)
            TU["card"].append(nc), TU["t"].append(t), TU["amt"].append(amt), TU["chan"].append("transfer")
            TU["settle"].append(t)
            charge(h, nc, t, amt)
        card_of[h] = nc
    alive = (card_of >= 0) & (dormant_at > t0) & (waiting_until < t0)
    # passes: renewals and new purchases
    t30 = trips_day[:, max(0, d - 30) : d].sum(1)
    for h in np.flatnonzero(alive & pass_user & (join < t0)):
        if pass_end[h] >= t0 + DAY:  # covered today
            # renewal decision 0-3 days before the end
            if np.isnan(pass_next[h]) and pass_end[h] - t0 < 3 * DAY:
                p = 1 / (1 + np.exp(3 - 0.13 * t30[h]))
                pass_next[h] = -1.0  # decided
                if u_pass[h] < p:
                    start = pass_end[h] + 1
                    PS["card"].append(card_of[h]), PS["bought"].append(t0 + rng.uniform(7, 22) * H)
                    PS["start"].append(start), PS["end"].append(start + 30 * DAY - 1), PS["price"].append(pass_price[h])
                    pass_end[h] = start + 30 * DAY - 1
                    pass_next[h] = np.nan
            continue
        pass_next[h] = np.nan
        if u_pass[h] < 0.03 and not (htype[h] == 2 and day.month in (7, 8)):
            start = t0
            PS["card"].append(card_of[h]), PS["bought"].append(t0 + rng.uniform(6, 7) * H)
            PS["start"].append(start), PS["end"].append(start + 30 * DAY - 1), PS["price"].append(pass_price[h])
            pass_end[h] = start + 30 * DAY - 1
    # lost cards
    for h in np.flatnonzero(alive & (u_lost < 1 / 1800)):
        c = card_of[h]
        t = t0 + rng.uniform(7, 22) * H
        (
            LR["card"].append(c),
            LR["t"].append(t),
            LR["reason"].append(rng.choice(["lost", "stolen", "damaged"], p=[0.7, 0.2, 0.1])),
        )
        LR["repl"].append(-1), LR["repl_t"].append(np.inf)
        STATUS_EV.append((c, t, "blocked"))
        lost_idx[h] = len(LR["card"]) - 1
        waiting_until[h] = t0 + rng.uniform(1, 7) * DAY
        alive[h] = False
    # travel
    p = np.zeros(NH)
    p[htype == 0] = (h_p * (0.25 if hol else 1.0) if wd < 5 else np.full(NH, 0.08))[htype == 0]
    p[htype == 1] = 0.07 if wd < 5 else 0.12
    p[htype == 2] = 0.12 if shol else 0.85
    p[htype == 3] = 0.25 if wd < 5 else 0.15
    go = alive & (u_travel < p) & (join < t0 + 6 * H)
    for h in np.flatnonzero(go):
        c = card_of[h]
        ty = htype[h]
        if ty == 0:
            a = t0 + (h0[h] + rng.normal(0, 0.25)) * H
            legs = [(a, home[h], work[h]), (a + (9 + rng.normal(0, 0.7)) * H, work[h], home[h])]
            if rng.random() < 0.1:
                legs.append(
                    (legs[1][0] + rng.uniform(1, 3) * H, home[h], int(rng.choice(NS - 1, p=pop[:35] / pop[:35].sum())))
                )
        elif ty == 2:
            a = t0 + (7.5 + rng.normal(0, 0.2)) * H
            legs = [(a, home[h], work[h]), (t0 + rng.uniform(15, 17.5) * H, work[h], home[h])]
        elif ty == 3:
            a = t0 + rng.uniform(9.5, 13) * H
            f = fav[h, rng.integers(0, 3)]
            legs = [(a, home[h], f), (a + rng.uniform(1.5, 4) * H, f, home[h])]
        else:
            a = t0 + rng.uniform(8, 21) * H
            s1, s2 = rng.choice(NS - 1, 2, replace=False, p=pop[:35] / pop[:35].sum())
            legs = [(a, s1, s2)] + ([(a + rng.uniform(1, 3) * H, s2, s1)] if rng.random() < 0.5 else [])
        covered = pass_end[h] >= t0 + DAY - 1
        if not covered and bal[c] < thr[h] and u_top[h] < 0.85:
            t = legs[0][0] - rng.uniform(60, 600)
            amt = float(amount[h] * np.ceil((thr[h] - bal[c]) / amount[h]))
            TU["card"].append(c), TU["t"].append(t), TU["amt"].append(amt), TU["chan"].append(CHANNELS[chan[h]])
            TU["settle"].append(t + rng.uniform(0, 3) * DAY)
            charge(h, c, t, amt)
        for tin, a_s, b_s in legs:
            if a_s == b_s:
                b_s = (b_s + 1) % (NS - 1)
            dur = (5 + 2.2 * dist_km[a_s, b_s] * np.exp(rng.normal(0, 0.15))) * 60
            miss = rng.random() < miss_p[h]
            hr = (tin - t0) / H
            peak = peak_day and (7 <= hr < 9 or 16.5 <= hr < 18.5)
            if covered:
                fare, ftype, ft = 0.0, "pass", tin + dur
            elif miss:
                fare, ftype, ft = round(4.0 * conc[h], 2), "max_fare", t0 + DAY + 3 * H
            else:
                fare = round((2.4 + 0.6 * abs(zone[a_s] - zone[b_s]) + 0.4 * peak) * conc[h], 2)
                ftype, ft = "standard", tin + dur
            J["card"].append(c), J["tin"].append(tin), J["sin"].append(a_s)
            J["tout"].append(np.nan if miss else tin + dur), J["sout"].append(-1 if miss else b_s)
            J["fare"].append(fare), J["ftype"].append(ftype), J["fare_t"].append(ft)
            if fare > 0:
                charge(h, c, ft, -fare)
        trips_day[h, d] = len(legs)
        if autoload[h] and bal[c] < 10:
            pending_auto[h] = True

# expired statuses
NC = len(C["holder"])
for c in range(NC):
    if C["expires"][c] <= secs(NOW):
        STATUS_EV.append((c, C["expires"][c], "expired"))

# ---------------- tables as they stood at CUT
c_issued = np.array(C["issued"])
c_exp = np.array(C["expires"])
c_hold = np.array(C["holder"])
c_no = np.array([f"TC{40000000 + 7919 * i + int(x)}" for i, x in enumerate(rng.integers(0, 7000, NC))])
c_design = rng.choice(["classic", "city_skyline", "river", "anniversary_2020"], NC)
c_post = np.where(
    rng.random(NC) < 0.3, None, np.array([f"{x:04d}" for x in rng.integers(1000, 9999, NC)], dtype=object)
)
jn = pd.DataFrame(J)
jn["jid"] = np.arange(1, len(jn) + 1)
jn = jn.sort_values("tin", kind="stable")
jn["validator"] = [f"V{s:03d}-{k}" for s, k in zip(jn.sin + 1, rng.integers(1, 7, len(jn)), strict=True)]
jn = jn[jn.tin <= T]
out_known = jn.tout.to_numpy() <= T
fare_known = jn.fare_t.to_numpy() <= T
journeys = pd.DataFrame(
    {
        "journey_id": jn.jid.astype(np.int64) * 10 + 3,
        "card_no": c_no[jn.card],
        "tap_in_time": ts(jn.tin),
        "tap_in_stn": s_code[jn.sin],
        "tap_out_time": ts(np.where(out_known, jn.tout, np.nan)),
        "tap_out_stn": np.where(out_known & (jn.sout >= 0), s_code[np.maximum(jn.sout, 0)], None),
        "route_id": s_route[jn.sin],
        "fare": np.where(fare_known, jn.fare, np.nan),
        "fare_type": np.where(fare_known, jn.ftype, None),
        "validator_id": jn.validator,
    }
)
tu = pd.DataFrame(TU).sort_values("t", kind="stable").reset_index(drop=True)
tu["id"] = np.arange(1, len(tu) + 1)
tu["terminal"] = [f"T{x}" for x in rng.integers(100, 999, len(tu))]
tu = tu[tu.t <= T]
topup_txn = pd.DataFrame(
    {
        "txn_id": tu.id + 500000,
        "card_no": c_no[tu.card],
        "txn_ts": ts(tu.t),
        "amt": tu.amt.round(2),
        "channel": tu.chan,
        "terminal_id": np.where(tu.chan.isin(["machine", "retail"]), tu.terminal, None),
        "settled_at": ts(known(tu.settle)),
    }
)
ps = pd.DataFrame(PS).sort_values("bought", kind="stable").reset_index(drop=True)
ps["id"] = np.arange(1, len(ps) + 1)
ps = ps[ps.bought <= T]
passes = pd.DataFrame(
    {
        "pass_id": ps.id,
        "card_no": c_no[ps.card],
        "purchased_at": ts(ps.bought),
        "start_date": ts(ps.start).normalize().date,
        "end_date": ts(ps.end).normalize().date,
        "price": ps.price,
    }
)
lr = pd.DataFrame(LR)
lr["id"] = np.arange(1, len(lr) + 1)
lr = lr[lr.t <= T]
repl_known = lr.repl_t.to_numpy() <= T
lost_reports = pd.DataFrame(
    {
        "report_id": [f"LR-{i:05d}" for i in lr.id],
        "card_ref": c_no[lr.card],
        "reported_at": ts(lr.t),
        "reason": lr.reason,
        "replacement_card_no": np.where(repl_known, c_no[np.maximum(lr.repl, 0)], None),
    }
)
# cards' today's state at CUT
lg = pd.DataFrame(LEDGER, columns=["c", "t", "delta"])
lg = lg[lg.t <= T]
balance = np.array(C["open_bal"]) + lg.groupby("c").delta.sum().reindex(np.arange(NC)).fillna(0).to_numpy()
jin = jn[["card", "tin"]]
n_tr = np.array(C["prior_trips"]) + jin.groupby("card").size().reindex(np.arange(NC)).fillna(0).to_numpy()
last = jin.groupby("card").tin.max().reindex(np.arange(NC)).to_numpy()
last = np.where(np.isnan(last), np.array(C["prior_last"]), last)
status = np.full(NC, "active", dtype=object)
st_t = np.full(NC, np.nan)
for c, t, s in sorted(STATUS_EV, key=lambda e: e[1]):
    if t <= T and status[c] == "active":
        status[c], st_t[c] = s, t
htxt = np.array(["adult", "adult", "student", "senior"])[htype[c_hold]].astype(object)
legacy = c_issued < secs("2020-01-01")
htxt[legacy] = np.char.upper(htxt[legacy].astype(str))
repl_no = np.array([c_no[r] if r is not None else None for r in C["replaces"]], dtype=object)
cards = pd.DataFrame(
    {
        "card_no": c_no,
        "holder_type": htxt,
        "issued_at": ts(c_issued),
        "expires_on": ts(c_exp).normalize().date,
        "status": status,
        "status_changed_at": ts(st_t),
        "balance": balance.round(2),
        "lifetime_trips": n_tr.astype(int),
        "last_tap_at": ts(np.where(last <= T, last, np.nan)),
        "replaces_card_no": repl_no,
        "autoload_enabled": autoload[c_hold],
        "card_design": c_design,
        "postcode": c_post,
    }
)[c_issued <= T]
stations = pd.DataFrame(
    {
        "station_code": s_code,
        "station_name": [
            f"{n} {k}"
            for n, k in zip(rng.choice(["Oak", "Mill", "Bridge", "King", "Park", "Dock"], NS), range(NS), strict=True)
        ],
        "zone": zone,
        "route_id": s_route,
        "lat": (52.37 + sy / 111).round(5),
        "lon": (4.89 + sx / 68).round(5),
        "opened_date": ts(s_open).normalize().date,
    }
)[s_open <= T]
routes = pd.DataFrame(
    {
        "route_id": np.arange(1, 7),
        "route_name": ["Red Line", "Blue Line", "Green Line", "Bus 12", "Bus 40", "Tram 5"],
        "mode": ["rail", "rail", "rail", "bus", "bus", "tram"],
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE routes (route_id INTEGER PRIMARY KEY, route_name VARCHAR, mode VARCHAR);
CREATE TABLE stations (station_code VARCHAR PRIMARY KEY, station_name VARCHAR, zone INTEGER, route_id INTEGER,
                       lat DOUBLE, lon DOUBLE, opened_date DATE);
CREATE TABLE cards (card_no VARCHAR PRIMARY KEY, holder_type VARCHAR, issued_at TIMESTAMP, expires_on DATE,
                    status VARCHAR, status_changed_at TIMESTAMP, balance DECIMAL(8, 2), lifetime_trips INTEGER,
                    last_tap_at TIMESTAMP, replaces_card_no VARCHAR, autoload_enabled BOOLEAN, card_design VARCHAR,
                    postcode VARCHAR);
CREATE TABLE journeys (journey_id BIGINT, card_no VARCHAR, tap_in_time TIMESTAMP, tap_in_stn VARCHAR,
                       tap_out_time TIMESTAMP, tap_out_stn VARCHAR, route_id INTEGER, fare DECIMAL(6, 2),
                       fare_type VARCHAR, validator_id VARCHAR);
CREATE TABLE topup_txn (txn_id BIGINT, card_no VARCHAR, txn_ts TIMESTAMP, amt DECIMAL(8, 2), channel VARCHAR,
                        terminal_id VARCHAR, settled_at TIMESTAMP);
CREATE TABLE passes (pass_id INTEGER PRIMARY KEY, card_no VARCHAR REFERENCES cards(card_no), purchased_at TIMESTAMP,
                     start_date DATE, end_date DATE, price DECIMAL(6, 2));
CREATE TABLE lost_reports (report_id VARCHAR, card_ref VARCHAR, reported_at TIMESTAMP, reason VARCHAR,
                           replacement_card_no VARCHAR);
""")
for name, df in [
    ("routes", routes),
    ("stations", stations),
    ("cards", cards),
    ("journeys", journeys),
    ("topup_txn", topup_txn),
    ("passes", passes),
    ("lost_reports", lost_reports),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
