"""A hotel chain's booking database (hotels, room types, guests with a loyalty tier, bookings made ahead of their
check-in dates, cancellations and no-shows, stays with nights and spend, extra charges per stay, reviews), seeded:
`python benchmarks/trials/hotel.py PATH [TRUTH.parquet]` (the optional second file holds each booking's hidden
will_cancel, p_cancel and cancel time, for checks). Written by a fresh-eyes trial (2026-12-05), kept for
benchmarks/trials.py (the truth it planted is in this docstring). Seed 0: 36 hotels, 93 room types, 12,000 guests,
31,482 bookings, 21,693 stays, 85,161 charges, 6,236 reviews (about 23 s).

The snapshot is taken at NOW = 2024-12-31 23:59: bookings are created 2022-01-01..NOW; their check-in dates run up
to a year past NOW (dates set ahead). A booking whose check-in is after NOW is 'confirmed' (or 'cancelled' if its
cancelled_at is before NOW); what happens to it later is not in the database.

Truth (seed 0):
- demand by check-in day = season(month) * dow(check-in weekday) * growth
  season: Jan .70 Feb .75 Mar .85 Apr .95 May 1.05 Jun 1.25 Jul 1.45 Aug 1.50 Sep 1.10 Oct .95 Nov .75 Dec 1.00
  (+0.35 on Dec 20..Dec 31); dow: Mon .9 Tue .8 Wed .8 Thu .9 Fri 1.45 Sat 1.3 Sun .85; growth 1 + 0.15/year
  city x season: beach cities (Nice, Malaga) raise the summer factor to the power 1.8; business cities (Frankfurt,
  Zurich) to the power 0.4 and weekday check-ins x1.3 there
- guests (12,000): signups spread over 2021-06..2024-12 (more later); latent stay rate lam ~ LogNormal(log 2.0, 0.9) bookings
  per year (x4 for the 4% 'business' guests, who book with short leads, mostly Mon-Thu, corporate channel);
  churn hazard 1/700 per day (no bookings after churn, not stored); 2 favourite hotels take 55% of a returning
  guest's bookings (home city hotels preferred), the rest by hotel popularity * city season
- booking creation: a Poisson process per guest (rate lam while signed up and not churned); lead time (days,
  check-in minus created) LogNormal(log 25, 1.1), x0.25 business; the check-in day is accepted with probability
  (demand(day)/2.8)^1.5, else the lead is redrawn (x LogNormal(0, .5)), up to 6 tries (then no booking)
- cancellation (the static target bookings.is_cancelled; cancelled_at uniform between created_at and check-in):
  logit p = -2.6 + 0.45*log1p(lead) + channel(ota +0.7, direct 0,
  corporate -0.4, phone -0.2) + deposit(non_refundable -2.2, partial -0.6, none 0) + guest latent N(0, 0.8)
  - 0.35*special_requests(0..3) - 0.3 per loyalty tier step + 1.2*clip(rate / room type's median rate - 1, -1, 2)
  Overall rate about 17%. bookings.cancelled_at is set only on cancelled ones (an outcome column); for a booking
  whose cancelled_at lies after NOW, is_cancelled is FALSE and status 'confirmed' (not known yet).
- no-show: among not-cancelled past check-ins, p = 0.03 + 1.2 * guest no-show latent Beta(1,12) (about 11%); status
  'no_show', no stay row
- stays: one per booking that was checked in (check_in_date .. + nights; in-house ones at NOW have
  checked_out_at and total_spend NULL, status 'in_house'); cancelled and no-show bookings have none (outcome rows); nights: 1 + Poisson(1.3) (business), 1 +
  Poisson(2.5) leisure, +2 for beach cities in summer; total_spend = nights * rate + sum(charges)
- room rate: room type base (standard 1, deluxe 1.5, suite 3.2) x hotel base (stars) x season^0.6 x LogNormal(0,.15)
- charges: per stay Poisson(nights * 0.9 * guest spender latent) rows, category minibar/restaurant/spa/parking/
  room_service/laundry; amounts LogNormal by category (sigma 0.9) x guest spender latent LogNormal(0, 0.8): heavy tail
- reviews: 0.3 x (1.5 for the 30% of guests with a latent 'reviewer' flag, else 0.8) of checked-out stays, created 1-14 days after check-out;
  score 1..10 from hotel quality N(7.6, 0.8) - 1.2 * (stay had a late charge dispute, 5%) + noise
- loyalty_tier: none/silver/gold/platinum from log(lam) + N(0, .4) cut at log 1.5 / 3 / 6 (static, current),
  NULL for 8%; bookings per year since signup cut at the same points gets 0.477 of them right (majority 0.364)
- mutable columns: bookings.status / is_cancelled / cancelled_at and stays.checked_out_at / total_spend hold today's
  values (no history); a backtest at a past anchor reads them as they are now
- `python hotel.py OUT --as-of DATE`: the same snapshot as it stood at DATE (rows written since deleted, the mutable
  columns as they were then; benchmarks/honesty.py)
- observed: check-ins per month in 2024 Jan 887 .. Aug 1499, Dec 1537 (the creation process dilutes the planted
  season); check-in weekdays Fri/Sat highest, Sun lowest
- noise columns: guests.email_domain, guests.birth_year (15% NULL), bookings.adults (mostly 2), hotels.opened_year
- bookings.special_requests NULL for 20% (unknown); hotels.stars NULL for 2 hotels
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:00")
HORIZON_END = pd.Timestamp("2025-12-31")
ci_days = pd.date_range(START, HORIZON_END, freq="D")  # possible check-in days
NCI = len(ci_days)

SEASON = np.array([0.70, 0.75, 0.85, 0.95, 1.05, 1.25, 1.45, 1.50, 1.10, 0.95, 0.75, 1.00])
DOW = np.array([0.9, 0.8, 0.8, 0.9, 1.45, 1.3, 0.85])
CITIES = {  # city: (kind, home-country weight)
    "Paris": "mixed",
    "Rome": "mixed",
    "Nice": "beach",
    "Malaga": "beach",
    "Frankfurt": "business",
    "Zurich": "business",
    "Lisbon": "mixed",
    "Vienna": "mixed",
}
CITY_NAMES = list(CITIES)
ROOM_KINDS = [("standard", 1.0), ("deluxe", 1.5), ("suite", 3.2)]
BRANDS = ["Aurel", "Aurel Select", "Aurel Resort"]

# ---------------- hotels and room types
NH = 36
h_city = rng.choice(len(CITY_NAMES), NH, p=[0.16, 0.14, 0.12, 0.12, 0.12, 0.1, 0.12, 0.12])
h_stars = rng.choice([3, 4, 5], NH, p=[0.35, 0.45, 0.2])
h_pop = rng.gamma(2.0, 1.0, NH)
h_quality = rng.normal(7.6, 0.8, NH)
h_base = 70 * (1 + 0.45 * (h_stars - 3)) * np.exp(rng.normal(0, 0.12, NH))
h_rooms = rng.integers(40, 260, NH)
hotels = pd.DataFrame(
    {
        "hotel_id": np.arange(1, NH + 1),
        "name": [
            f"{BRANDS[min(s - 3, 2)]} {CITY_NAMES[c]} {i}" for i, (s, c) in enumerate(zip(h_stars, h_city, strict=True))
        ],
        "city": [CITY_NAMES[c] for c in h_city],
        "stars": h_stars.astype(float),
        "room_count": h_rooms,
        "opened_year": rng.integers(1960, 2021, NH),
    }
)
hotels.loc[rng.choice(NH, 2, replace=False), "stars"] = np.nan

rt_rows = []
for h in range(NH):
    kinds = ROOM_KINDS if h_stars[h] >= 4 else ROOM_KINDS[:2]
    for k, mult in kinds:
        rt_rows.append((len(rt_rows) + 1, h + 1, k, round(h_base[h] * mult, 2), 2 if k != "suite" else 4))
room_types = pd.DataFrame(rt_rows, columns=["room_type_id", "hotel_id", "name", "base_rate", "max_occupancy"])
rt_by_hotel = {h + 1: room_types[room_types.hotel_id == h + 1] for h in range(NH)}

# city x season x dow per check-in day
month = ci_days.month.values - 1
dow = ci_days.day_of_week.values
years = (ci_days - START).days.values / 365.0
xmas = (ci_days.month == 12) & (ci_days.day >= 20)
base_season = SEASON[month] + 0.35 * xmas
city_day = np.zeros((len(CITY_NAMES), NCI))
for ci, name in enumerate(CITY_NAMES):
    kind = CITIES[name]
    s = base_season ** (1.8 if kind == "beach" else 0.4 if kind == "business" else 1.0)
    d = DOW[dow] * np.where((kind == "business") & (dow < 4), 1.3, 1.0)
    city_day[ci] = s * d * (1 + 0.15 * years)

# ---------------- guests
NG = 12000
signup_span = (NOW - pd.Timestamp("2021-06-01")).days
g_signup = (
    pd.Timestamp("2021-06-01")
    + pd.to_timedelta((signup_span * rng.beta(1.3, 1.0, NG)).astype(int), unit="D")
    + pd.to_timedelta(rng.integers(0, 86400, NG), unit="s")
)
g_business = rng.random(NG) < 0.04
g_lam = np.exp(rng.normal(np.log(2.0), 0.9, NG)) * np.where(g_business, 4.0, 1.0)  # bookings per year
g_churn = g_signup + pd.to_timedelta(rng.exponential(700, NG), unit="D")
g_cancel = rng.normal(0, 0.8, NG)
g_noshow = rng.beta(1, 12, NG)
g_spender = np.exp(rng.normal(0, 0.8, NG))
g_reviewer = rng.random(NG) < 0.3
g_home = rng.choice(len(CITY_NAMES), NG)
tier_idx = np.digitize(np.log(g_lam) + rng.normal(0, 0.4, NG), [np.log(1.5), np.log(3.0), np.log(6.0)])
TIERS = np.array(["none", "silver", "gold", "platinum"])
g_tier = TIERS[tier_idx].astype(object)
g_tier[rng.random(NG) < 0.08] = None
birth = rng.integers(1945, 2003, NG).astype(float)
birth[rng.random(NG) < 0.15] = np.nan
guests = pd.DataFrame(
    {
        "guest_id": np.arange(1, NG + 1),
        "created_at": g_signup,
        "country": rng.choice(["FR", "DE", "IT", "ES", "UK", "US", "CH", "PT", "NL"], NG),
        "loyalty_tier": g_tier,
        "birth_year": birth,
        "email_domain": rng.choice(["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "corp.example"], NG),
    }
)

# favourites: prefer hotels in the home city
h_weight_city = np.array([[1.0 + 3.0 * (h_city[h] == c) for h in range(NH)] for c in range(len(CITY_NAMES))])

# ---------------- bookings
b = {k: [] for k in ["guest", "hotel", "rt", "created", "checkin", "nights", "channel", "deposit", "req", "rate"]}
CH_BUS = ["corporate", "direct", "ota", "phone"]
PB_BUS = [0.6, 0.2, 0.15, 0.05]
CH_LEI = ["ota", "direct", "phone", "corporate"]
PB_LEI = [0.5, 0.38, 0.1, 0.02]
for g in range(NG):
    first_day = max(g_signup[g], START)
    last_created = min(g_churn[g], NOW + pd.Timedelta(days=200))  # creation-time span (cut at NOW below)
    span_years = (last_created - first_day).days / 365.0
    if span_years <= 0:
        continue
    n = rng.poisson(g_lam[g] * span_years)
    if n == 0:
        continue
    fav = rng.choice(
        NH, 2, replace=False, p=h_weight_city[g_home[g]] * h_pop / (h_weight_city[g_home[g]] * h_pop).sum()
    )
    created = first_day + pd.to_timedelta(rng.random(n) * (last_created - first_day).total_seconds(), unit="s")
    for i in range(n):
        bus = g_business[g] and rng.random() < 0.85
        lead = rng.lognormal(np.log(25), 1.1) * (0.25 if bus else 1.0)
        # choose hotel
        if rng.random() < 0.55:
            h = fav[rng.integers(0, 2)]
        else:
            w = h_pop * h_weight_city[g_home[g]] ** 0.3
            if bus:
                w = w * np.array([2.5 if CITIES[CITY_NAMES[h_city[k]]] == "business" else 1.0 for k in range(NH)])
            h = rng.choice(NH, p=w / w.sum())
        # check-in day: thin by seasonality of the target day (redraw lead a few times)
        ci_idx = None
        for _ in range(6):
            lead_i = lead * (1.0 if ci_idx is None else rng.lognormal(0, 0.5))
            day = (created[i] + pd.Timedelta(days=float(lead_i))).normalize()
            if day > HORIZON_END:
                break
            idx = (day - START).days
            dmul = city_day[h_city[h], idx]
            if bus:
                dmul = dmul / DOW[day.day_of_week] * (1.3 if day.day_of_week < 4 else 0.4)
            if rng.random() < (dmul / 2.8) ** 1.5:
                ci_idx = idx
                break
        if ci_idx is None or ci_idx < 0:
            continue
        checkin = START + pd.Timedelta(days=int(ci_idx))
        if checkin < created[i].normalize():
            continue
        if created[i] > NOW:
            continue
        kind = CITIES[CITY_NAMES[h_city[h]]]
        summer = checkin.month in (6, 7, 8)
        nights = 1 + rng.poisson(1.3 if bus else 2.5) + (2 if kind == "beach" and summer and not bus else 0)
        rts = rt_by_hotel[h + 1]
        pr = np.array([0.6, 0.3, 0.1])[: len(rts)]
        if g_spender[g] > 2:
            pr = pr[::-1]
        r = rts.iloc[rng.choice(len(rts), p=pr / pr.sum())]
        rate = r.base_rate * base_season[ci_idx] ** 0.6 * rng.lognormal(0, 0.15)
        ch = rng.choice(CH_BUS, p=PB_BUS) if bus else rng.choice(CH_LEI, p=PB_LEI)
        dep = rng.choice(["none", "partial", "non_refundable"], p=[0.62, 0.23, 0.15])
        req = min(rng.poisson(0.6), 3)
        b["guest"].append(g)
        b["hotel"].append(h)
        b["rt"].append(int(r.room_type_id))
        b["created"].append(created[i])
        b["checkin"].append(checkin)
        b["nights"].append(nights)
        b["channel"].append(ch)
        b["deposit"].append(dep)
        b["req"].append(req)
        b["rate"].append(round(rate, 2))

bk = pd.DataFrame(b).sort_values("created").reset_index(drop=True)
NB = len(bk)
bk["booking_id"] = np.arange(100001, 100001 + NB)
lead_days = (bk.checkin - bk.created.dt.normalize()).dt.days.values
g_idx = bk.guest.values
CH_EFF = {"ota": 0.7, "direct": 0.0, "corporate": -0.4, "phone": -0.2}
DEP_EFF = {"none": 0.0, "partial": -0.6, "non_refundable": -2.2}
med_rate = bk.groupby("rt").rate.transform("median").values
tier_step = np.where(pd.isna(g_tier[g_idx]), 0, tier_idx[g_idx])
logit = (
    -2.6
    + 0.45 * np.log1p(lead_days)
    + bk.channel.map(CH_EFF).values
    + bk.deposit.map(DEP_EFF).values
    + g_cancel[g_idx]
    - 0.35 * bk.req.values
    - 0.3 * tier_step
    + 0.4 * np.clip(bk.rate.values / med_rate - 1, -1, 2) * 3
)
p_cancel = 1 / (1 + np.exp(-logit))
will_cancel = rng.random(NB) < p_cancel
created_ts = bk.created.values.astype("datetime64[s]")
checkin_ts = bk.checkin.values.astype("datetime64[s]")
span_s = (checkin_ts - created_ts).astype(np.int64)
cancel_ts = created_ts + (np.maximum(span_s, 60) * rng.random(NB) ** 0.8).astype("timedelta64[s]")
cancelled_known = will_cancel & (cancel_ts <= np.datetime64(NOW))
checkin_past = bk.checkin.values < np.datetime64(NOW.normalize())
noshow = (~will_cancel) & checkin_past & (rng.random(NB) < 0.03 + 1.2 * g_noshow[g_idx])
status = np.where(
    cancelled_known,
    "cancelled",
    np.where(
        ~checkin_past, "confirmed", np.where(will_cancel, "cancelled", np.where(noshow, "no_show", "checked_out"))
    ),
)
# a past check-in that would cancel after NOW: cancellation before check-in, so it is always <= NOW here
req = bk.req.to_numpy(dtype=float, copy=True)
req[rng.random(NB) < 0.2] = np.nan
bookings = pd.DataFrame(
    {
        "booking_id": bk.booking_id,
        "guest_id": bk.guest + 1,
        "hotel_id": bk.hotel + 1,
        "room_type_id": bk.rt,
        "created_at": bk.created.dt.floor("s"),
        "check_in_date": bk.checkin.dt.date,
        "nights": bk.nights,
        "adults": rng.choice([1, 2, 3, 4], NB, p=[0.25, 0.6, 0.1, 0.05]),
        "channel": bk.channel,
        "deposit_type": bk.deposit,
        "special_requests": req,
        "rate_per_night": bk.rate,
        "status": status,
        "is_cancelled": cancelled_known,
        "cancelled_at": pd.Series(np.where(cancelled_known, cancel_ts, np.datetime64("NaT"))).astype("datetime64[s]"),
    }
)
# stays past NOW: a stay whose check-out is after NOW (in-house guests) keeps checked_out_at NULL
st = bookings[bookings.status == "checked_out"].copy()
# in-house guests (checked in, not out yet) -> 'in_house'
co = pd.to_datetime(st.check_in_date) + pd.to_timedelta(st.nights, unit="D") + pd.Timedelta(hours=11)
in_house = co > NOW
bookings.loc[st.index[in_house.values], "status"] = "in_house"
NS = len(st)
st_guest = st.guest_id.values - 1
stays = pd.DataFrame(
    {
        "stay_id": np.arange(1, NS + 1),
        "booking_id": st.booking_id.values,
        "guest_id": st.guest_id.values,
        "hotel_id": st.hotel_id.values,
        "checked_in_at": pd.to_datetime(st.check_in_date).values
        + pd.to_timedelta(rng.integers(14 * 3600, 23 * 3600, NS), unit="s"),
        "checked_out_at": np.where(in_house.values, np.datetime64("NaT"), co.values),
        "nights": st.nights.values,
    }
)
stays["checked_out_at"] = pd.to_datetime(stays.checked_out_at)

# charges
CATS = {"minibar": 18, "restaurant": 55, "spa": 90, "parking": 25, "room_service": 35, "laundry": 20}
CAT_P = [0.25, 0.3, 0.08, 0.17, 0.12, 0.08]
ch_rows = []
for s in range(NS):
    g = st_guest[s]
    k = rng.poisson(stays.nights.iat[s] * 0.9 * min(g_spender[g], 4))
    if k == 0:
        continue
    t0 = stays.checked_in_at.iat[s]
    cats = rng.choice(list(CATS), k, p=CAT_P)
    for c in cats:
        amt = CATS[c] * rng.lognormal(0, 0.9) * g_spender[g] ** 0.7
        when = t0 + pd.Timedelta(seconds=float(rng.random() * stays.nights.iat[s] * 86400))
        if when > NOW:
            continue
        ch_rows.append((s + 1, when.floor("s"), c, round(amt, 2)))
charges = pd.DataFrame(ch_rows, columns=["stay_id", "charged_at", "category", "amount"])
charges.insert(0, "charge_id", np.arange(1, len(charges) + 1))
room_total = stays.nights.values * st.rate_per_night.values
extra = charges.groupby("stay_id").amount.sum().reindex(stays.stay_id).fillna(0).values
stays["total_spend"] = np.round(room_total + extra, 2)
stays.loc[stays.checked_out_at.isna(), "total_spend"] = np.nan  # not settled yet

# reviews
done = stays[stays.checked_out_at.notna()]
p_rev = 0.3 * np.where(g_reviewer[done.guest_id.values - 1], 1.5, 0.8)
rv = done[rng.random(len(done)) < p_rev]
rv_time = rv.checked_out_at + pd.to_timedelta(rng.integers(1 * 86400, 14 * 86400, len(rv)), unit="s")
keep = (rv_time <= NOW).values
rv, rv_time = rv[keep], rv_time[keep]
dispute = rng.random(len(rv)) < 0.05
score = np.clip(np.round(h_quality[rv.hotel_id.values - 1] - 1.2 * dispute + rng.normal(0, 1.2, len(rv))), 1, 10)
WORDS = [
    "great location",
    "friendly staff",
    "noisy room",
    "clean",
    "breakfast was cold",
    "would come back",
    "small room",
]
reviews = pd.DataFrame(
    {
        "review_id": np.arange(1, len(rv) + 1),
        "stay_id": rv.stay_id.values,
        "hotel_id": rv.hotel_id.values,
        "created_at": rv_time.dt.floor("s").values,
        "score": score.astype(int),
        "comment": [", ".join(rng.choice(WORDS, 2, replace=False)) for _ in range(len(rv))],
    }
)

AS_OF = sys.argv[sys.argv.index("--as-of") + 1] if "--as-of" in sys.argv else None
if len(sys.argv) > 2 and AS_OF is None:  # the hidden truth per booking, for checks (not part of the database)
    pd.DataFrame(
        {"booking_id": bk.booking_id, "will_cancel": will_cancel, "p_cancel": p_cancel, "cancel_ts": cancel_ts}
    ).to_parquet(sys.argv[2])

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE hotels (hotel_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, stars DOUBLE, room_count INTEGER,
                     opened_year INTEGER);
CREATE TABLE room_types (room_type_id INTEGER PRIMARY KEY, hotel_id INTEGER REFERENCES hotels(hotel_id),
                         name VARCHAR, base_rate DOUBLE, max_occupancy INTEGER);
CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, created_at TIMESTAMP, country VARCHAR, loyalty_tier VARCHAR,
                     birth_year INTEGER, email_domain VARCHAR);
CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, guest_id INTEGER REFERENCES guests(guest_id),
                       hotel_id INTEGER REFERENCES hotels(hotel_id), room_type_id INTEGER REFERENCES room_types(room_type_id),
                       created_at TIMESTAMP, check_in_date DATE, nights INTEGER, adults INTEGER, channel VARCHAR,
                       deposit_type VARCHAR, special_requests INTEGER, rate_per_night DOUBLE, status VARCHAR,
                       is_cancelled BOOLEAN, cancelled_at TIMESTAMP);
CREATE TABLE stays (stay_id INTEGER PRIMARY KEY, booking_id INTEGER REFERENCES bookings(booking_id),
                    guest_id INTEGER, hotel_id INTEGER, checked_in_at TIMESTAMP, checked_out_at TIMESTAMP,
                    nights INTEGER, total_spend DOUBLE);
CREATE TABLE charges (charge_id INTEGER PRIMARY KEY, stay_id INTEGER REFERENCES stays(stay_id), charged_at TIMESTAMP,
                      category VARCHAR, amount DOUBLE);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, stay_id INTEGER, hotel_id INTEGER, created_at TIMESTAMP,
                      score INTEGER, comment VARCHAR);
""")
for name, df in [
    ("hotels", hotels),
    ("room_types", room_types),
    ("guests", guests),
    ("bookings", bookings),
    ("stays", stays),
    ("charges", charges),
    ("reviews", reviews),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
if AS_OF is not None:  # the snapshot as it stood then: rows written since gone, today's values as they were
    con.execute(f"SET VARIABLE t = TIMESTAMP '{AS_OF}'")
    con.execute("""
DELETE FROM reviews WHERE created_at > getvariable('t');
DELETE FROM charges WHERE charged_at > getvariable('t');
DELETE FROM stays WHERE checked_in_at > getvariable('t');
UPDATE stays SET checked_out_at = NULL, total_spend = NULL WHERE checked_out_at > getvariable('t');
DELETE FROM bookings WHERE created_at > getvariable('t')
    AND booking_id NOT IN (SELECT booking_id FROM stays);
UPDATE bookings SET status = 'confirmed', is_cancelled = FALSE, cancelled_at = NULL
    WHERE cancelled_at > getvariable('t') OR (cancelled_at IS NULL AND check_in_date >= CAST(getvariable('t') AS DATE));
UPDATE bookings SET status = 'in_house' WHERE booking_id IN (SELECT booking_id FROM stays WHERE checked_out_at IS NULL);
DELETE FROM guests WHERE created_at > getvariable('t')
    AND guest_id NOT IN (SELECT guest_id FROM bookings);
""")
con.close()
