"""An airline's loyalty-program database (airports, a flight schedule published ahead, members with a tier
re-evaluated every Jan 1, bookings made ahead of departure and cancelled later, a signed miles ledger, customer
service complaints), seeded: `python benchmarks/trials/airline.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 12 airports,
2,500 members, about 60k flights, 30k bookings, 45k miles transactions, 2k complaints (about 20 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2023-01-01..NOW. Rows dated after NOW
exist only where written ahead: flights.sched_dep (the schedule is published 180 days ahead: a flight row exists
once CUT >= sched_dep - 180 days) and bookings whose flight departs after NOW. Every other column holding a later
date of its row is filled in later.

Truth (seed 0):
- airports (12): hubs DEN, ORD, JFK (connected to every airport, 2 flights a day between hubs, 1 to a spoke, each
  way); spoke-spoke routes LAX-SFO, LAX-SEA, LAX-LAS, SFO-SEA, BOS-MIA, MIA-MCO (1 a day each way); distance
  great-circle miles. Leisure airports MIA, MCO, LAS (seasonal demand: Dec-Mar x1.6, Jul-Aug x1.3)
- flights: fixed slots per route (the same flight_no every day); per flight cancelled with p .012 (+.02 Dec-Feb, +.02
  from/to ORD in winter); delay minutes max(0, N(-4, 6)) + Bernoulli(.18 + .1 winter + .08 ORD/JFK) x Exp(55);
  status 'scheduled' until departure, then 'cancelled', 'delayed' (> 15 min) or 'on_time'; actual_dep filled then
- members (2,500): 1,800 enrolled 2012..2022, 700 during the span; 25% business travellers, 75% leisure; home
  airport: hubs 55%, spokes 45%
  business: trips/year LogNormal(log 9, .5), 1-2 favourite destinations (reachable from home) take 85% of trips,
  lead days LogNormal(log 6, .7), departures on weekdays, stay 1 + Poisson(1.2) days
  leisure: trips/year LogNormal(log 1.3, .8) x month factor (Jun-Aug 1.5, Dec 1.4, Jan-Feb .7), destination by
  popularity (leisure airports x3, in their season x more), lead LogNormal(log 45, .7), stay 3 + Poisson(5)
  a trip = an outbound and a return booking (same booked_at, same fare class); leads capped at 170 days
- churn: each member leaves at Exp(mean 900 days) after max(enrolled, START); trip rate tapers linearly to 0 over
  the 120 days before leaving (inactivity precedes churn); nothing after (no churn date stored)
- fare class: member's habit (70% of bookings) from its segment's mix, else the mix: business seg
  business .35 / flex .45 / economy .2; leisure basic .4 / economy .45 / flex .1 / business .05; 'award' where
  the trip is an award redemption (balance >= 30,000 at booking and u < .35; burn = 2 x (7,500 + 8 x distance),
  posted at booked_at, refunded ('award_refund') at cancellation)
- price: distance x .14 x fare mult (basic .7, economy 1, flex 1.6, business 3.2) x (1 + .8 x [lead < 7 days])
  x LogNormal(0, .2); award: taxes 5.6 + U(0, 40)
- cancellation (by the member, both legs of a trip together): logit p = -2.8 + .45 log1p(lead days) + fare
  (basic -1.6, economy 0, flex +.9, business +.5, award +.4) + .4 business seg + member latent N(0, .7);
  about 28% of bookings; cancelled_at = booked_at + U(.05, .97) x (departure - booked_at)
- no-show: 3% of not cancelled bookings on flights that go; booking status 'no_show', no miles
- flight cancelled by the airline: its bookings get status 'flight_cancelled', no miles
- tier: evaluated each Jan 1 from the previous calendar year's qualifying miles (distance x fare mult basic .5,
  economy 1, flex 1.5, business 2, award 0, flown only): silver >= 8k, gold >= 20k, platinum >= 40k; the 2023
  tier from a latent (segment and trip rate); members.tier is TODAY's (the CUT year's) value
- earn: qualifying miles x tier bonus (blue 1, silver 1.25, gold 1.5, platinum 2), posted 1-72 h after the actual
  departure ('flight'); partner earns Poisson(LogNormal(log 2, 1) / year), LogNormal(log 700, .7) miles
  ('partner', partner name noise); goodwill miles on some resolved complaints ('goodwill', posted at resolved_at)
- upgrade (bookings.upgraded, filled at departure, NULL before / when not flown): economy, basic, flex flown
  bookings with p by tier blue .01, silver .05, gold .15, platinum .35 (+.05 flex); business fare never
- complaints: per flown booking p = .01 + .15 [delay > 120 min] + complainer latent Beta(1, 20); per
  flight-cancelled booking .3 + that latent; plus 'miles' complaints Poisson(.1 x (1 + 10 latent) / year);
  opened Exp(2 days) after departure; category delay / cancellation / baggage / service / miles; resolved_at filled
  Exp(6 days) later; compensation_miles filled with it (delay/cancellation: 50%, 2,000-10,000)
- members.tier, miles_balance, lifetime_miles, last_activity_date hold TODAY's state; flights.actual_dep/status,
  bookings.cancelled_at/status/upgraded, complaints.resolved_at/compensation_miles/status are filled in later
- keys: text ids (members.member_no 'AX' + 7 digits, bookings.pnr 6 letters, complaints.case_no 'CS-'), PK declared
  on airports, members, flights, bookings; REFERENCES declared only for bookings.flight_id; bookings.member_no,
  bookings.dest_airport, flights.origin/destination, members.home_airport, miles_ledger.mbr (the member) and
  miles_ledger.pnr, complaints.member_no / complaints.pnr are undeclared
- noise: members.email_domain, members.birth_year (12% NULL), flights.aircraft, bookings.seat (NULL 30%),
  miles_ledger.partner, airports.city
- `python airline.py OUT --as-of DATE` writes the same simulation as it stood at DATE (every random value drawn
  first, the simulation always run to NOW; rows created after DATE left out, today's-state and filled-later
  columns as they stood at DATE)
"""

import heapq
import string
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
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
PUBLISH = 180 * DAY
INF = np.inf


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def month_of(t):
    return (START + pd.Timedelta(seconds=float(t))).month


# ---------------- airports and routes
AP = [  # code, city, lat, lon, hub
    ("DEN", "Denver", 39.86, -104.67, 1),
    ("ORD", "Chicago", 41.98, -87.90, 1),
    ("JFK", "New York", 40.64, -73.78, 1),
    ("LAX", "Los Angeles", 33.94, -118.41, 0),
    ("SFO", "San Francisco", 37.62, -122.38, 0),
    ("SEA", "Seattle", 47.45, -122.31, 0),
    ("MIA", "Miami", 25.79, -80.29, 0),
    ("BOS", "Boston", 42.36, -71.01, 0),
    ("DFW", "Dallas", 32.90, -97.04, 0),
    ("LAS", "Las Vegas", 36.08, -115.15, 0),
    ("MCO", "Orlando", 28.43, -81.31, 0),
    ("PHX", "Phoenix", 33.43, -112.01, 0),
]
NA = len(AP)
CODES = np.array([a[0] for a in AP])
HUB = np.array([a[4] for a in AP], bool)
LEISURE = np.isin(CODES, ["MIA", "MCO", "LAS"])
lat = np.radians([a[2] for a in AP])
lon = np.radians([a[3] for a in AP])
DIST = np.zeros((NA, NA))
for i in range(NA):
    for j in range(NA):
        h = np.sin((lat[j] - lat[i]) / 2) ** 2 + np.cos(lat[i]) * np.cos(lat[j]) * np.sin((lon[j] - lon[i]) / 2) ** 2
        DIST[i, j] = round(2 * 3958.8 * np.arcsin(np.sqrt(h)))
idx = {c: i for i, c in enumerate(CODES)}
pairs = set()
for h in np.flatnonzero(HUB):
    for j in range(NA):
        if j != h:
            pairs.add((min(h, j), max(h, j)))
for a, b in [("LAX", "SFO"), ("LAX", "SEA"), ("LAX", "LAS"), ("SFO", "SEA"), ("BOS", "MIA"), ("MIA", "MCO")]:
    pairs.add((min(idx[a], idx[b]), max(idx[a], idx[b])))
ROUTES = []  # (origin, dest, slots in hours)
for a, b in sorted(pairs):
    n = 2 if HUB[a] and HUB[b] else 1
    for o, d in [(a, b), (b, a)]:
        slots = sorted(rng.choice([6.5, 7.25, 8.0, 9.5, 11.0, 12.75, 14.5, 16.0, 17.5, 19.25], n, replace=False))
        ROUTES.append((o, d, slots))
REACH = [[d for (o, d, _) in ROUTES if o == a] for a in range(NA)]
ROUTE_OF = {(o, d): r for r, (o, d, _) in enumerate(ROUTES)}

# ---------------- flights: every day from START to NOW + PUBLISH
NDAYS = int((TNOW + PUBLISH) // DAY) + 1
FL = {k: [] for k in ["route", "slot", "sched"]}
fno = {}
num = 100
for r, (_o, _d, slots) in enumerate(ROUTES):
    for k, s in enumerate(slots):
        fno[(r, k)] = f"AX {num}"
        num += rng.integers(1, 9)
        FL["route"].append(np.full(NDAYS, r))
        FL["slot"].append(np.full(NDAYS, k))
        FL["sched"].append(np.arange(NDAYS) * DAY + s * 3600 + rng.choice([0, 5, 10], NDAYS) * 60)
fl = pd.DataFrame({k: np.concatenate(v) for k, v in FL.items()}).sort_values(["sched", "route"], kind="stable")
fl = fl.reset_index(drop=True)
NF = len(fl)
f_route = fl.route.to_numpy()
f_orig = np.array([ROUTES[r][0] for r in f_route])
f_dest = np.array([ROUTES[r][1] for r in f_route])
f_sched = fl.sched.to_numpy()
f_month = pd.DatetimeIndex(ts(f_sched)).month.to_numpy()
winter = np.isin(f_month, [12, 1, 2])
ordjfk = np.isin(CODES[f_orig], ["ORD", "JFK"]) | np.isin(CODES[f_dest], ["ORD", "JFK"])
ordw = (CODES[f_orig] == "ORD") | (CODES[f_dest] == "ORD")
f_canc = rng.random(NF) < 0.012 + 0.02 * winter + 0.02 * (winter & ordw)
f_delay = np.maximum(0, rng.normal(-4, 6, NF)) + (
    rng.random(NF) < 0.18 + 0.1 * winter + 0.08 * ordjfk
) * rng.exponential(55, NF)
f_delay = np.round(f_delay)
f_actual = np.where(f_canc, INF, f_sched + f_delay * 60)
f_aircraft = rng.choice(["A320", "A321", "B737-800", "B737 MAX 8", "E175"], NF, p=[0.3, 0.2, 0.25, 0.15, 0.1])
FLIGHTS_BY = {}  # (route, day) -> flight indices
for i, (r, s) in enumerate(zip(f_route, f_sched, strict=True)):
    FLIGHTS_BY.setdefault((r, int(s // DAY)), []).append(i)

# ---------------- members
NM = 2500
n_old = 1800
m_enrol = np.concatenate(
    [
        secs("2012-01-01") + rng.uniform(0, (secs("2023-01-01") - secs("2012-01-01")) / DAY, n_old) * DAY,
        np.sort(rng.uniform(0, TNOW / DAY, NM - n_old) ** 0.8 * (TNOW / DAY) ** 0.2) * DAY,
    ]
)
m_biz = rng.random(NM) < 0.25
m_home = np.where(rng.random(NM) < 0.55, rng.choice(np.flatnonzero(HUB), NM), rng.choice(np.flatnonzero(~HUB), NM))
m_rate = np.where(m_biz, np.exp(rng.normal(np.log(9), 0.5, NM)), np.exp(rng.normal(np.log(1.3), 0.8, NM)))
m_fav = [rng.choice(REACH[h], min(len(REACH[h]), 1 + int(rng.random() < 0.5)), replace=False) for h in m_home]
FARES = np.array(["basic", "economy", "flex", "business", "award"])
MIX_B = np.array([0, 0.2, 0.45, 0.35])
MIX_L = np.array([0.4, 0.45, 0.1, 0.05])
m_habit = np.array([rng.choice(4, p=MIX_B if b else MIX_L) for b in m_biz])
m_lat = rng.normal(0, 0.7, NM)
m_compl = rng.beta(1, 20, NM)
m_churn = np.maximum(m_enrol, 0) + rng.exponential(900, NM) * DAY
m_partner = np.exp(rng.normal(np.log(2), 1, NM))
m_lifetime0 = np.where(m_enrol < 0, -m_enrol / DAY / 365 * m_rate * 2 * 900 * np.exp(rng.normal(0, 0.5, NM)), 0).round()
m_balance0 = (m_lifetime0 * rng.uniform(0.05, 0.6, NM)).round()
q_latent = m_rate * 2 * np.where(m_biz, 1400, 900) * np.exp(rng.normal(0, 0.4, NM))
TIERS = np.array(["blue", "silver", "gold", "platinum"])


def tier_of(q):
    return int(q >= 8000) + int(q >= 20000) + int(q >= 40000)


m_tier0 = np.where(m_enrol < 0, [tier_of(q) for q in q_latent], 0)
m_email = rng.choice(["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "corp.example.com"], NM)
m_birth = np.where(rng.random(NM) < 0.12, np.nan, rng.integers(1945, 2004, NM))
m_no = np.array([f"AX{n:07d}" for n in rng.choice(9_000_000, NM, replace=False) + 1_000_000])

FMULT_Q = np.array([0.5, 1.0, 1.5, 2.0, 0.0])
FMULT_P = np.array([0.7, 1.0, 1.6, 3.2, 0.0])
FCANC = np.array([-1.6, 0.0, 0.9, 0.5, 0.4])
BONUS = np.array([1.0, 1.25, 1.5, 2.0])
UPG = np.array([0.01, 0.05, 0.15, 0.35])
LMONTH = np.array([0.7, 0.7, 1.0, 1.0, 1.0, 1.5, 1.5, 1.5, 1.0, 1.0, 1.0, 1.4])
YEAR_STARTS = [secs("2024-01-01")]

BK = {k: [] for k in ["m", "f", "booked", "fare", "price", "canc", "status", "upg", "trip", "seat"]}
TX = {k: [] for k in ["m", "t", "kind", "amt", "bk", "partner"]}
CP = {k: [] for k in ["m", "t", "cat", "bk", "resolved", "comp"]}
TIER_HIST = []  # (m, t, tier) evaluations


def complaint(m, t, cat, bk):
    res = t + rng.exponential(6) * DAY
    comp = float(rng.integers(2, 11) * 1000) if cat in ("delay", "cancellation") and rng.random() < 0.5 else 0.0
    CP["m"].append(m)
    CP["t"].append(t)
    CP["cat"].append(cat)
    CP["bk"].append(bk)
    CP["resolved"].append(res)
    CP["comp"].append(comp)
    if comp > 0:
        TX["m"].append(m)
        TX["t"].append(res + 600)
        TX["kind"].append("goodwill")
        TX["amt"].append(comp)
        TX["bk"].append(-1)
        TX["partner"].append(None)


trip_no = 0
for m in range(NM):
    t_begin = max(m_enrol[m], 0.0)
    t_end = min(m_churn[m], TNOW)
    ev = []  # (time, order, kind, payload)
    seq = 0
    # candidate trip times (thinned Poisson) and partner earns, all drawn up front
    rmax = m_rate[m] * 1.5 / 365 / DAY
    n = rng.poisson(rmax * max(0.0, t_end - t_begin))
    cand = np.sort(rng.uniform(t_begin, t_end, n)) if t_end > t_begin else np.array([])
    for t in cand:
        season = 1.0 if m_biz[m] else LMONTH[month_of(t) - 1]
        taper = np.clip((m_churn[m] - t) / (120 * DAY), 0, 1)
        if rng.random() < season / 1.5 * taper:
            heapq.heappush(ev, (t, seq, "trip", None))
            seq += 1
    npart = rng.poisson(m_partner[m] / 365 / DAY * max(0.0, min(m_churn[m], TNOW) - t_begin))
    for t in rng.uniform(t_begin, min(m_churn[m], TNOW), npart):
        heapq.heappush(ev, (t, seq, "partner", None))
        seq += 1
    for y in YEAR_STARTS:
        if y > t_begin:
            heapq.heappush(ev, (y, seq, "tier", None))
            seq += 1
    # miles complaints
    nmc = rng.poisson(0.1 * (1 + 10 * m_compl[m]) / 365 / DAY * max(0.0, t_end - t_begin))
    for t in rng.uniform(t_begin, t_end, nmc):
        complaint(m, t, "miles", -1)
    tier = int(m_tier0[m])
    TIER_HIST.append((m, -INF, tier))
    qual = {}  # year -> qualifying miles
    ledger = [(min(t_begin, 0.0) - 1.0, m_balance0[m])]  # (posted, amount)
    while ev:
        t, _, kind, pay = heapq.heappop(ev)
        if kind == "tier":
            year = (START + pd.Timedelta(seconds=t)).year
            tier = tier_of(qual.get(year - 1, 0.0))
            TIER_HIST.append((m, t, tier))
        elif kind == "partner":
            TX["m"].append(m)
            TX["t"].append(t)
            TX["kind"].append("partner")
            TX["amt"].append(float(round(np.exp(rng.normal(np.log(700), 0.7)))))
            TX["bk"].append(-1)
            TX["partner"].append(rng.choice(["CardBank Visa", "RentACar", "StayHotels", "DineOut", None]))
            ledger.append((t, TX["amt"][-1]))
        elif kind == "trip":
            home = m_home[m]
            if m_biz[m]:
                dest = rng.choice(m_fav[m]) if rng.random() < 0.85 else rng.choice(REACH[home])
                lead = np.exp(rng.normal(np.log(6), 0.7))
                stay = 1 + rng.poisson(1.2)
            else:
                reach = np.array(REACH[home])
                mo = month_of(t)
                w = np.where(LEISURE[reach], 3.0 * (1.6 if mo in (12, 1, 2, 3) else 1.3 if mo in (7, 8) else 1.0), 1.0)
                dest = rng.choice(reach, p=w / w.sum())
                lead = np.exp(rng.normal(np.log(45), 0.7))
                stay = 3 + rng.poisson(5)
            lead = min(lead, 170.0)
            dday = int((t + lead * DAY) // DAY)
            if m_biz[m]:
                wd = (START + pd.Timedelta(days=dday)).weekday()
                if wd >= 5:
                    dday += 7 - wd
            rday = dday + stay
            fo = FLIGHTS_BY.get((ROUTE_OF[(home, dest)], dday))
            fr = FLIGHTS_BY.get((ROUTE_OF[(dest, home)], rday))
            if not fo or not fr:
                continue
            fo = fo[0] if m_biz[m] else int(rng.choice(fo))
            fr = fr[-1] if m_biz[m] else int(rng.choice(fr))
            if f_sched[fo] <= t + 3 * 3600 or f_sched[fr] > t + PUBLISH:
                continue
            balance = sum(a for (p, a) in ledger if p <= t)
            fare = m_habit[m] if rng.random() < 0.7 else rng.choice(4, p=MIX_B if m_biz[m] else MIX_L)
            dist = DIST[home, dest]
            award = balance >= 30000 and rng.random() < 0.35
            if award:
                fare = 4
            lead_d = (f_sched[fo] - t) / DAY
            logit = -2.8 + 0.45 * np.log1p(lead_d) + FCANC[fare] + 0.4 * m_biz[m] + m_lat[m]
            cancel = rng.random() < 1 / (1 + np.exp(-logit))
            tc = t + rng.uniform(0.05, 0.97) * (f_sched[fo] - t) if cancel else INF
            if award:
                cost = -2 * (7500 + 8 * dist)
                TX["m"].append(m)
                TX["t"].append(t + 60)
                TX["kind"].append("award")
                TX["amt"].append(cost)
                TX["bk"].append(len(BK["m"]))
                TX["partner"].append(None)
                ledger.append((t + 60, cost))
                if cancel:
                    TX["m"].append(m)
                    TX["t"].append(tc + 60)
                    TX["kind"].append("award_refund")
                    TX["amt"].append(-cost)
                    TX["bk"].append(len(BK["m"]))
                    TX["partner"].append(None)
                    ledger.append((tc + 60, -cost))
            trip_no += 1
            for f in (fo, fr):
                b = len(BK["m"])
                lead_f = (f_sched[f] - t) / DAY
                price = (
                    5.6 + rng.uniform(0, 40)
                    if award
                    else dist * 0.14 * FMULT_P[fare] * (1 + 0.8 * (lead_f < 7)) * np.exp(rng.normal(0, 0.2))
                )
                BK["m"].append(m)
                BK["f"].append(f)
                BK["booked"].append(t)
                BK["fare"].append(fare)
                BK["price"].append(round(float(price), 2))
                BK["canc"].append(tc)
                BK["trip"].append(trip_no)
                BK["seat"].append(
                    None if rng.random() < 0.3 else f"{rng.integers(1, 33)}{'ABCDEF'[rng.integers(0, 6)]}"
                )
                if cancel:
                    BK["status"].append("cancelled")
                    BK["upg"].append(np.nan)
                elif f_canc[f]:
                    BK["status"].append("flight_cancelled")
                    BK["upg"].append(np.nan)
                elif rng.random() < 0.03:
                    BK["status"].append("no_show")
                    BK["upg"].append(np.nan)
                else:
                    BK["status"].append("flown")
                    BK["upg"].append(np.nan)
                    heapq.heappush(ev, (f_actual[f], seq, "depart", b))
                    seq += 1
                if not cancel and f_canc[f]:
                    heapq.heappush(ev, (f_sched[f], seq, "fcancel", b))
                    seq += 1
        elif kind == "depart":
            b = pay
            f = BK["f"][b]
            fare = BK["fare"][b]
            if fare in (0, 1, 2):
                BK["upg"][b] = float(rng.random() < UPG[tier] + 0.05 * (fare == 2))
            else:
                BK["upg"][b] = 0.0
            dist = DIST[f_orig[f], f_dest[f]]
            q = dist * FMULT_Q[fare]
            year = (START + pd.Timedelta(seconds=t)).year
            qual[year] = qual.get(year, 0.0) + q
            if q > 0:
                tp = t + rng.uniform(1, 72) * 3600
                TX["m"].append(m)
                TX["t"].append(tp)
                TX["kind"].append("flight")
                TX["amt"].append(float(round(q * BONUS[tier])))
                TX["bk"].append(b)
                TX["partner"].append(None)
                ledger.append((tp, TX["amt"][-1]))
            if rng.random() < 0.01 + 0.15 * (f_delay[f] > 120) + m_compl[m]:
                cat = "delay" if f_delay[f] > 120 else rng.choice(["baggage", "service", "delay"], p=[0.45, 0.45, 0.1])
                complaint(m, t + rng.exponential(2) * DAY, cat, b)
        elif kind == "fcancel" and rng.random() < 0.3 + m_compl[m]:
            complaint(m, t + rng.exponential(2) * DAY, "cancellation", pay)

# ---------------- tables as they stood at CUT (every random value is drawn above)
letters = np.array(list(string.ascii_uppercase))
NB = len(BK["m"])
pnr_all = set()
pnrs = []
while len(pnrs) < NB:
    code = "".join(rng.choice(letters, 6))
    if code not in pnr_all:
        pnr_all.add(code)
        pnrs.append(code)
pnrs = np.array(pnrs)

bk = pd.DataFrame({k: (np.array(v, dtype=object) if k == "seat" else np.array(v)) for k, v in BK.items()})
bk["pnr"] = pnrs
bk["dep"] = f_sched[bk.f]
bk["actual"] = f_actual[bk.f]
bk = bk.sort_values("booked", kind="stable").reset_index(drop=True)
tx = pd.DataFrame(TX).sort_values("t", kind="stable").reset_index(drop=True)
tx["txn_id"] = np.arange(1, len(tx) + 1) * 3 + 1000
cp = pd.DataFrame(CP).sort_values("t", kind="stable").reset_index(drop=True)
cp["case_no"] = [f"CS-{i:06d}" for i in range(1, len(cp) + 1)]
bk_pnr_by_index = dict(zip(range(NB), pnrs, strict=True))

# flights: published once CUT >= sched - PUBLISH
fmask = f_sched <= T + PUBLISH
gone = f_sched <= T
f_status = np.where(~gone, "scheduled", np.where(f_canc, "cancelled", np.where(f_delay > 15, "delayed", "on_time")))
flights = pd.DataFrame(
    {
        "flight_id": np.arange(1, NF + 1),
        "flight_no": [fno[(r, k)] for r, k in zip(f_route, fl.slot, strict=True)],
        "origin": CODES[f_orig],
        "destination": CODES[f_dest],
        "sched_dep": ts(f_sched),
        "actual_dep": ts(np.where(gone, known(np.where(np.isfinite(f_actual), f_actual, np.nan)), np.nan)),
        "status": f_status,
        "aircraft": f_aircraft,
        "distance_mi": DIST[f_orig, f_dest].astype(int),
    }
)[fmask]

b = bk[bk.booked <= T]
dep_known = b.dep.to_numpy() <= T
canc_known = b.canc.to_numpy() <= T
status = b.status.to_numpy().astype(object).copy()
status[~canc_known & (status == "cancelled")] = "confirmed"
status[(status != "cancelled") & ~dep_known] = "confirmed"
upg = np.where((status == "flown"), b.upg.to_numpy(), np.nan)
bookings = pd.DataFrame(
    {
        "pnr": b.pnr,
        "member_no": m_no[b.m],
        "flight_id": b.f + 1,
        "dest_airport": CODES[f_dest[b.f]],
        "booked_at": ts(b.booked),
        "fare_class": FARES[b.fare],
        "price_usd": b.price,
        "seat": b.seat,
        "cancelled_at": ts(known(b.canc)),
        "status": status,
        "upgraded": pd.array(np.where(np.isnan(upg), None, upg == 1), dtype="boolean"),
    }
)

tx_ = tx[tx.t <= T]
miles = pd.DataFrame(
    {
        "txn_id": tx_.txn_id,
        "mbr": m_no[tx_.m],
        "posted_at": ts(tx_.t),
        "txn_type": tx_.kind,
        "miles": tx_.amt.round().astype(int),
        "pnr": [bk_pnr_by_index.get(i) if i >= 0 else None for i in tx_.bk],
        "partner": tx_.partner,
    }
)
# award transactions refer to the outbound booking index in BK order; map through pnrs (BK order) above

c = cp[cp.t <= T]
res_known = c.resolved.to_numpy() <= T
complaints = pd.DataFrame(
    {
        "case_no": c.case_no,
        "member_no": m_no[c.m],
        "pnr": [bk_pnr_by_index.get(i) if i >= 0 else None for i in c.bk],
        "opened_at": ts(c.t),
        "category": c.cat,
        "status": np.where(res_known, "resolved", "open"),
        "resolved_at": ts(known(c.resolved)),
        "compensation_miles": np.where(res_known, c.comp, np.nan),
    }
)

# members' today's state at CUT
th = pd.DataFrame(TIER_HIST, columns=["m", "t", "tier"])
th = th[th.t <= T].groupby("m").tier.last().reindex(np.arange(NM)).fillna(0).astype(int).to_numpy()
bal = m_balance0 + tx_.groupby("m").amt.sum().reindex(np.arange(NM)).fillna(0).to_numpy()
earned = tx_[tx_.amt > 0]
earned = earned[earned.kind != "award_refund"]
life = m_lifetime0 + earned.groupby("m").amt.sum().reindex(np.arange(NM)).fillna(0).to_numpy()
last_act = tx_.groupby("m").t.max().reindex(np.arange(NM)).to_numpy()
last_act = np.where(np.isnan(last_act), np.maximum(m_enrol, -400 * DAY), last_act)
members = pd.DataFrame(
    {
        "member_no": m_no,
        "enrolled_at": ts(m_enrol),
        "home_airport": CODES[m_home],
        "tier": TIERS[th],
        "miles_balance": bal.round().astype(np.int64),
        "lifetime_miles": life.round().astype(np.int64),
        "last_activity_date": ts(last_act).normalize().date,
        "email_domain": m_email,
        "birth_year": pd.array(np.where(np.isnan(m_birth), None, m_birth), dtype="Int64"),
    }
)[m_enrol <= T]
airports = pd.DataFrame(
    {
        "iata": CODES,
        "city": [a[1] for a in AP],
        "is_hub": HUB,
        "tz": rng.choice(["America/Denver", "America/Chicago", "America/New_York", "America/Los_Angeles"], NA),
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE airports (iata VARCHAR PRIMARY KEY, city VARCHAR, is_hub BOOLEAN, tz VARCHAR);
CREATE TABLE members (member_no VARCHAR PRIMARY KEY, enrolled_at TIMESTAMP, home_airport VARCHAR, tier VARCHAR,
                      miles_balance BIGINT, lifetime_miles BIGINT, last_activity_date DATE, email_domain VARCHAR,
                      birth_year INTEGER);
CREATE TABLE flights (flight_id INTEGER PRIMARY KEY, flight_no VARCHAR, origin VARCHAR, destination VARCHAR,
                      sched_dep TIMESTAMP, actual_dep TIMESTAMP, status VARCHAR, aircraft VARCHAR,
                      distance_mi INTEGER);
CREATE TABLE bookings (pnr VARCHAR PRIMARY KEY, member_no VARCHAR, flight_id INTEGER REFERENCES flights(flight_id),
                       dest_airport VARCHAR, booked_at TIMESTAMP, fare_class VARCHAR, price_usd DOUBLE, seat VARCHAR,
                       cancelled_at TIMESTAMP, status VARCHAR, upgraded BOOLEAN);
CREATE TABLE miles_ledger (txn_id BIGINT, mbr VARCHAR, posted_at TIMESTAMP, txn_type VARCHAR, miles INTEGER,
                           pnr VARCHAR, partner VARCHAR);
CREATE TABLE complaints (case_no VARCHAR PRIMARY KEY, member_no VARCHAR, pnr VARCHAR, opened_at TIMESTAMP,
                         category VARCHAR, status VARCHAR, resolved_at TIMESTAMP, compensation_miles DOUBLE);
""")
for name, df in [
    ("airports", airports),
    ("members", members),
    ("flights", flights),
    ("bookings", bookings),
    ("miles_ledger", miles),
    ("complaints", complaints),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
