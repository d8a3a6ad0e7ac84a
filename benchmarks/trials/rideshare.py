"""A ride-hailing database (cities, zones, riders, drivers, vehicles, trips requested/accepted/completed or cancelled,
dispatch offers, ratings both ways, promo codes and redemptions, driver online sessions, weekly payouts, rider
complaints), seeded: `python benchmarks/trials/rideshare.py PATH`. Written by a fresh-eyes trial (2026-12-06), kept
for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), 2023-01-01 .. 2024-12-31:
- 3 cities, 8 zones each (downtown, business, nightlife, airport, 4 residential/suburb); zone popularity weights.
- riders: 2,600; 35% signed up before the span, the rest join at a rate growing linearly over it.
  type (latent, not stored): commuter / nightlife / casual, drawn by home zone kind (suburb/residential homes
  commute more, nightlife homes go out more). rate lam ~ LogNormal(log .05, .9) trips/day (promo-sourced signups
  x0.5). day multiplier by type: commuter Mon-Fri 1.5, Sat/Sun .35; nightlife Fri/Sat 2.6, Sun-Thu .55;
  casual Sat/Sun 1.25. Season: 1 + .15 cos(2pi(doy-15)/365) (winter up) and +30% Dec 15..31.
  Hours: commuters 7-9h home->work or 17-19h work->home; nightlife 21-03h to/from nightlife zones; casual 9-22h
  to zones by popularity, 10% to the airport. Each rider keeps a work zone and favourite destinations.
  product preference per rider (Dirichlet): economy mostly, some comfort/xl/pool loyalists; persists.
  riders.birth_year (35% NULL), platform, marketing_opt_in: no effect. referral_source 'promo': lower rate.
- churn: each bad experience (a trip cancelled by the driver or for no driver, or a completed trip whose rider
  experience would rate <= 3 stars, rated or not) churns the rider with p .14 (commuters .08); plus a base
  hazard 1/700 per day. A churned rider takes no more trips; 30% of churned riders delete the account
  (riders.deleted_at, 0-60 days later; the row ends). Nothing else stored about churn.
- promos: 14 campaigns (promo_codes valid_from/valid_until set ahead, discount 15-50%); each targets a random
  quarter of the riders with lam below median alive at its start: their rate x (1 + 5 discount) during the
  campaign, the first 3 trips redeem it (promo_redemptions). New signups inside a campaign are 'promo' sourced.
- dispatch: drivers (150, in one city each, joined over time) are online on a day with p = activity (Beta(2,4));
  each online day is a driver_sessions row. A trip is offered to up to 3 online drivers of its city, each
  accepts with his acceptance latent acc ~ Beta(6, 1.6) (persists); every offer is a dispatch_offers row.
  No acceptance -> status 'cancelled', cancelled_by 'no_driver'. Rider cancels: p .04 + .05 (peak hour) + .04 per
  declined offer; driver cancels after accepting: p .15 (1 - acc).
- surge: zone base (.95-1.25; nightlife/airport higher) x peak (weekday 7-9h, 17-19h x1.35; Fri/Sat 21-03h x1.5 in
  nightlife and downtown zones) x LogNormal(0, .12), floored at 1, rounded to .1.
- fares: distance LogNormal(log 5, .6) km, 3% long trips LogNormal(log 35, .4), airport LogNormal(log 18, .3);
  fare = (base + per_km d + .3 minutes) x surge x (1 - promo discount); products economy/comfort/xl/pool priced
  2.5+1.1/km, 3.5+1.5, 4.5+1.9, 2.0+0.8.
- ratings (submitted_at 0.3-3 days after completion, so a trip's ratings arrive after it): rider -> driver in 55%
  of completed trips, stars ~ 4.55 + .35 q_driver - .6 (slow trip) + noise, 1..5, q_driver ~ N(0,1) persists;
  driver -> rider in 70%, from the rider's manners latent. trips.tip_amount/tip_added_at filled in later (tips
  follow 5-star experiences, 22% of them).
- drivers with >= 40 rated trips and mean stars < 4.25 are deactivated (drivers.deactivated_at) with p .02 per day;
  base quit hazard 1/2500 per day.
- complaints: 30% of bad experiences, 0-3 days after the trip; category by cause (cancellation, driver_behavior,
  overcharge when surge >= 1.8, lost_item 2% of good trips); resolved_at 0.2-10 days later or NULL.
- payouts: weekly per driver with completed trips: 75% of fares + tips, paid 2 days after the week ends.
- keys: declared PRIMARY KEY everywhere; REFERENCES declared for most links, left undeclared for
  trips.dropoff_zone_id, ratings.rider_id/driver_id and payouts.driver_id (as many app databases do).
"""

import os
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
DOW = days.day_of_week.values
DOY = days.day_of_year.values
season = 1 + 0.15 * np.cos(2 * np.pi * (DOY - 15) / 365) + 0.3 * ((days.month == 12) & (days.day >= 15))

# --- cities and zones
CITIES = [("Lisbon", "PT", "Europe/Lisbon"), ("Porto", "PT", "Europe/Lisbon"), ("Madrid", "ES", "Europe/Madrid")]
KINDS = ["downtown", "business", "nightlife", "airport", "residential", "residential", "suburb", "suburb"]
zrows = []
for c, (cname, _cc, _tz) in enumerate(CITIES):
    for k, kind in enumerate(KINDS):
        base = {"nightlife": 1.15, "airport": 1.2, "downtown": 1.05}.get(kind, 1.0) + rng.uniform(-0.05, 0.05)
        pop = {"downtown": 3.0, "business": 2.5, "nightlife": 2.0, "airport": 1.0}.get(kind, 1.0) * rng.gamma(4, 0.25)
        zrows.append((c * 8 + k + 1, c + 1, f"{cname} {kind.title()} {k + 1}", kind, round(base, 2), pop))
zones = pd.DataFrame(zrows, columns=["zone_id", "city_id", "name", "zone_type", "base_surge", "pop"])
NZ = len(zones)
zone_city = zones.city_id.values - 1
zone_kind = zones.zone_type.values
zone_pop = zones["pop"].values
city_zones = [np.where(zone_city == c)[0] for c in range(3)]
CITY_P = np.array([0.45, 0.3, 0.25])

# --- riders
NR = 2600
r_city = rng.choice(3, NR, p=CITY_P)
home_kind_w = np.array([0.1, 0.05, 0.12, 0.0, 0.22, 0.22, 0.15, 0.14])
r_home = np.array([city_zones[c][rng.choice(8, p=home_kind_w / home_kind_w.sum())] for c in r_city])
hk = zone_kind[r_home]
type_p = np.where(
    (hk == "suburb")[:, None] | (hk == "residential")[:, None],
    [0.5, 0.15, 0.35],
    np.where((hk == "nightlife")[:, None], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4]),
)
r_type = np.array([rng.choice(3, p=p) for p in type_p])  # 0 commuter, 1 nightlife, 2 casual
work_cands = [city_zones[c][[0, 1]] for c in range(3)]
r_work = np.array([rng.choice(work_cands[c]) for c in r_city])
r_fav = np.array(
    [
        rng.choice(city_zones[c], 2, replace=False, p=zone_pop[city_zones[c]] / zone_pop[city_zones[c]].sum())
        for c in r_city
    ]
)
r_night = np.array([city_zones[c][2] for c in r_city])
r_air = np.array([city_zones[c][3] for c in r_city])
pre = rng.random(NR) < 0.35
sign_day = np.where(pre, -rng.integers(1, 700, NR), (np.sqrt(rng.random(NR)) * (ND - 30)).astype(int))
lam = np.exp(rng.normal(np.log(0.05), 0.9, NR))
r_manners = rng.normal(0, 1, NR)
PRODUCTS = np.array(["economy", "comfort", "xl", "pool"])
r_prod = rng.dirichlet([3.0, 0.6, 0.35, 0.5], NR)
r_prod = r_prod**2.5
r_prod /= r_prod.sum(1, keepdims=True)
DAYMUL = np.array(
    [
        [1.5, 1.5, 1.5, 1.5, 1.5, 0.35, 0.35],
        [0.55, 0.55, 0.55, 0.55, 2.6, 2.6, 0.55],
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.25, 1.25],
    ]
)

# --- promo campaigns
PROMOS = []
starts = pd.date_range("2023-02-01", "2024-11-20", periods=14)
for i, s in enumerate(starts):
    s = s.normalize()
    disc = float(rng.choice([0.15, 0.2, 0.25, 0.3, 0.4, 0.5]))
    dur = int(rng.integers(14, 29))
    name = ["SPRING", "RIDE", "WELCOME", "NIGHT", "SAVE", "CITY", "WEEKEND"][i % 7] + f"{int(disc * 100)}{s:%y%m}"
    PROMOS.append((i + 1, name, disc, s, s + pd.Timedelta(days=dur), rng.choice(["email", "push", "partner"])))
promo_day = np.full(ND, -1)
for p in PROMOS:
    a = (p[3] - START).days
    b = (p[4] - START).days
    promo_day[a:b] = p[0] - 1
r_ref = rng.choice(["organic", "referral", "ads"], NR, p=[0.55, 0.25, 0.2]).astype(object)
for i in range(NR):
    if 0 <= sign_day[i] < ND and promo_day[sign_day[i]] >= 0 and rng.random() < 0.6:
        r_ref[i] = "promo"
lam = np.where(r_ref == "promo", lam * 0.5, lam)

# --- drivers and vehicles
NDR = 150
d_city = rng.choice(3, NDR, p=CITY_P)
d_join = np.where(rng.random(NDR) < 0.5, -rng.integers(1, 900, NDR), (rng.random(NDR) ** 1.5 * (ND - 60)).astype(int))
d_acc = rng.beta(6, 1.6, NDR)
d_q = rng.normal(0, 1, NDR)
d_act = rng.beta(2, 4, NDR) * 0.9 + 0.08
d_end = np.full(NDR, 10**6)
d_sum = np.zeros(NDR)
d_n = np.zeros(NDR)
MAKES = [
    ("Toyota", "Prius"),
    ("Toyota", "Corolla"),
    ("Tesla", "Model 3"),
    ("Kia", "Niro"),
    ("Mercedes", "E-Class"),
    ("VW", "Touran"),
    ("Renault", "Clio"),
    ("Skoda", "Octavia"),
]
vrows = []
d_veh = np.zeros(NDR, dtype=int)
for j in range(NDR):
    mk = MAKES[rng.integers(len(MAKES))]
    cat = "comfort" if mk[0] in ("Tesla", "Mercedes") else ("xl" if mk[1] == "Touran" else "economy")
    vid = len(vrows) + 1
    vrows.append(
        (
            vid,
            j + 1,
            mk[0],
            mk[1],
            int(rng.integers(2012, 2024)),
            cat,
            rng.choice(["black", "white", "grey", "blue", "red"]),
            f"{rng.integers(10, 99)}-{chr(65 + j % 26)}{chr(65 + j // 26)}-{rng.integers(10, 99)}",
        )
    )
    d_veh[j] = vid

# --- simulation
churned = np.zeros(NR, bool)
churn_day = np.full(NR, 10**6)
promo_uses = np.zeros((NR, len(PROMOS)), int)
promo_target = np.zeros((NR, len(PROMOS)), bool)
trips, offers, ratings, sessions, reds, comps = [], [], [], [], [], []
COMMUTE_H = [7, 8, 8, 9, 17, 18, 18, 19]
NIGHT_H = [21, 22, 23, 0, 1, 2]
PRICE = {"economy": (2.5, 1.1), "comfort": (3.5, 1.5), "xl": (4.5, 1.9), "pool": (2.0, 0.8)}
CAT_COMPLAINT = {
    "cancellation": "Driver cancelled after I waited",
    "driver_behavior": "Driver was rude and drove badly",
    "overcharge": "Fare far higher than the estimate",
    "lost_item": "Left my phone in the car",
}
tid = 0
for d in range(ND):
    day = days[d]
    dw = DOW[d]
    pi = promo_day[d]
    if pi >= 0 and day == PROMOS[pi][3]:
        alive = (sign_day <= d) & ~churned
        low = alive & (lam < np.median(lam))
        promo_target[:, pi] = low & (rng.random(NR) < 0.25)
    # drivers online today
    d_alive = (d_join <= d) & (d_end > d)
    online = d_alive & (rng.random(NDR) < d_act)
    for j in np.where(online)[0]:
        st = day + pd.Timedelta(hours=float(rng.choice([6, 7, 8, 15, 16, 17, 20])) + rng.random())
        sessions.append(
            (
                len(sessions) + 1,
                j + 1,
                st,
                st + pd.Timedelta(hours=rng.uniform(3, 9)),
                int(rng.choice(city_zones[d_city[j]])) + 1,
            )
        )
    on_city = [np.where(online & (d_city == c))[0] for c in range(3)]
    alive = (sign_day <= d) & ~churned
    rate = lam * DAYMUL[r_type, dw] * season[d]
    if pi >= 0:
        rate = rate * np.where(promo_target[:, pi], 1 + 5 * PROMOS[pi][2], 1.0)
    n = np.where(alive, rng.poisson(rate), 0)
    for i in np.repeat(np.arange(NR), n):
        if churned[i]:
            continue
        c = r_city[i]
        t = r_type[i]
        airport = False
        if t == 0 and dw < 5 and rng.random() < 0.8:
            h = int(rng.choice(COMMUTE_H))
            a, b = (r_home[i], r_work[i]) if h < 12 else (r_work[i], r_home[i])
        elif t == 1 and rng.random() < 0.75:
            h = int(rng.choice(NIGHT_H))
            a, b = (r_home[i], r_night[i]) if h >= 21 else (r_night[i], r_home[i])
        else:
            h = int(rng.integers(9, 23))
            u = rng.random()
            if u < 0.1:
                a, b = r_home[i], r_air[i]
                airport = True
            elif u < 0.6:
                a, b = r_home[i], r_fav[i, rng.integers(2)]
            else:
                cz = city_zones[c]
                a, b = r_home[i], rng.choice(cz, p=zone_pop[cz] / zone_pop[cz].sum())
            if rng.random() < 0.4:
                a, b = b, a
        if a == b:
            b = city_zones[c][0] if a != city_zones[c][0] else city_zones[c][1]
        pickup = day + pd.Timedelta(hours=h, minutes=int(rng.integers(60)))
        scheduled = rng.random() < (0.3 if airport else 0.05)
        requested = pickup - pd.Timedelta(hours=rng.uniform(2, 72)) if scheduled else pickup
        prod = PRODUCTS[rng.choice(4, p=r_prod[i])]
        weekend_night = (dw in (4, 5) and h >= 21) or (dw in (5, 6) and h <= 3)
        peak = (dw < 5 and h in (7, 8, 9, 17, 18, 19)) or weekend_night
        surge = zones.base_surge.values[a] * (1.35 if dw < 5 and h in (7, 8, 9, 17, 18, 19) else 1.0)
        if weekend_night and zone_kind[a] in ("nightlife", "downtown"):
            surge *= 1.5
        surge = max(1.0, round(surge * np.exp(rng.normal(0, 0.12)), 1))
        if airport or zone_kind[b] == "airport" or zone_kind[a] == "airport":
            dist = np.exp(rng.normal(np.log(18), 0.3))
        elif rng.random() < 0.03:
            dist = np.exp(rng.normal(np.log(35), 0.4))
        else:
            dist = np.exp(rng.normal(np.log(5), 0.6))
        minutes = dist / (15 if peak else 26) * 60 * np.exp(rng.normal(0, 0.2))
        slow = minutes > dist / 15 * 60 * 1.2
        disc = 0.0
        red = None
        if pi >= 0 and promo_target[i, pi] and promo_uses[i, pi] < 3:
            disc = PROMOS[pi][2]
            red = pi
        tid += 1
        # dispatch
        declines = 0
        driver = None
        otime = requested if not scheduled else pickup - pd.Timedelta(minutes=15)
        cands = on_city[c]
        for _k in range(3):
            if len(cands) == 0:
                break
            j = int(rng.choice(cands))
            if rng.random() < d_acc[j]:
                resp = "accepted"
                driver = j
            else:
                resp = "declined" if rng.random() < 0.7 else "timeout"
                declines += 1
            offers.append((len(offers) + 1, tid, j + 1, otime, resp))
            otime = otime + pd.Timedelta(seconds=int(rng.integers(20, 40)))
            if driver is not None:
                break
        status = "completed"
        cancelled_by = None
        bad = False
        if driver is None:
            status, cancelled_by, bad = "cancelled", "no_driver", True
        elif rng.random() < 0.04 + 0.05 * peak + 0.04 * declines:
            status, cancelled_by = "cancelled", "rider"
        elif rng.random() < 0.15 * (1 - d_acc[driver]):
            status, cancelled_by, bad = "cancelled", "driver", True
        accepted_at = otime if driver is not None else None
        completed_at = cancelled_at = None
        fare = tip = tip_at = None
        stars_exp = None
        if status == "completed":
            completed_at = pickup + pd.Timedelta(minutes=float(minutes) + rng.uniform(2, 8))
            bp, pk = PRICE[prod]
            fare = round((bp + pk * dist + 0.3 * minutes) * surge * (1 - disc), 2)
            stars_exp = int(np.clip(np.round(4.55 + 0.35 * d_q[driver] - 0.6 * slow + rng.normal(0, 0.55)), 1, 5))
            if stars_exp <= 3:
                bad = True
            if rng.random() < 0.55:
                ratings.append(
                    [
                        None,
                        tid,
                        "rider",
                        i + 1,
                        driver + 1,
                        stars_exp,
                        completed_at + pd.Timedelta(days=rng.uniform(0.3, 3)),
                    ]
                )
                d_sum[driver] += stars_exp
                d_n[driver] += 1
            if rng.random() < 0.7:
                rs = int(np.clip(np.round(4.7 + 0.3 * r_manners[i] + rng.normal(0, 0.4)), 1, 5))
                ratings.append(
                    [None, tid, "driver", i + 1, driver + 1, rs, completed_at + pd.Timedelta(days=rng.uniform(0.3, 3))]
                )
            if stars_exp == 5 and rng.random() < 0.22:
                tip = float(rng.choice([1, 2, 3, 5]))
                tip_at = completed_at + pd.Timedelta(days=rng.uniform(0.2, 2.5))
            if red is not None:
                promo_uses[i, red] += 1
                reds.append((len(reds) + 1, red + 1, i + 1, tid, completed_at))
        else:
            cancelled_at = max(requested, pickup - pd.Timedelta(minutes=10)) + pd.Timedelta(
                minutes=float(rng.uniform(1, 12))
            )
        trips.append(
            (
                tid,
                i + 1,
                None if driver is None else driver + 1,
                None if driver is None else int(d_veh[driver]),
                a + 1,
                b + 1,
                prod,
                requested,
                pickup if scheduled else None,
                accepted_at,
                completed_at,
                cancelled_at,
                status,
                cancelled_by,
                round(dist, 2),
                round(float(minutes), 1),
                surge,
                fare,
                tip,
                tip_at,
            )
        )
        cause = None
        if bad:
            cause = "cancellation" if status == "cancelled" else ("overcharge" if surge >= 1.8 else "driver_behavior")
        elif status == "completed" and rng.random() < 0.02:
            cause = "lost_item"
        if cause is not None and (cause == "lost_item" or rng.random() < 0.3):
            ca = (completed_at or cancelled_at) + pd.Timedelta(days=rng.uniform(0, 3))
            res = ca + pd.Timedelta(days=rng.uniform(0.2, 10))
            refund = (
                round(float(fare or 0) * rng.uniform(0.2, 1.0), 2)
                if cause in ("overcharge", "driver_behavior")
                else 0.0
            )
            comps.append(
                (len(comps) + 1, i + 1, tid, ca, cause, CAT_COMPLAINT[cause], res if res < END else None, refund)
            )
        if bad and rng.random() < (0.08 if t == 0 else 0.14):
            churned[i] = True
            churn_day[i] = d
    # base hazard
    newly = alive & ~churned & (rng.random(NR) < 1 / 700)
    churned |= newly
    churn_day[newly] = d
    # driver exits
    lowd = d_alive & (d_n >= 40) & (d_sum / np.maximum(d_n, 1) < 4.25) & (rng.random(NDR) < 0.02)
    quit_ = d_alive & (rng.random(NDR) < 1 / 2500)
    d_end[(lowd | quit_) & (d_end > d)] = d + 1

# --- tables
cities = pd.DataFrame(
    [(i + 1, n, cc, tz) for i, (n, cc, tz) in enumerate(CITIES)], columns=["city_id", "name", "country", "timezone"]
)
zones_out = zones[["zone_id", "city_id", "name", "zone_type", "base_surge"]]
del_day = np.where(churned & (rng.random(NR) < 0.3), churn_day + rng.integers(0, 60, NR), 10**6)
riders = pd.DataFrame(
    {
        "rider_id": np.arange(1, NR + 1),
        "signup_at": [
            START + pd.Timedelta(days=int(s)) + pd.Timedelta(minutes=int(m))
            for s, m in zip(sign_day, rng.integers(0, 1440, NR), strict=True)
        ],
        "home_zone_id": r_home + 1,
        "platform": rng.choice(["ios", "android", "web"], NR, p=[0.5, 0.43, 0.07]),
        "birth_year": np.where(rng.random(NR) < 0.35, np.nan, rng.integers(1955, 2005, NR)),
        "referral_source": r_ref,
        "marketing_opt_in": rng.random(NR) < 0.6,
        "deleted_at": [START + pd.Timedelta(days=int(x), hours=12) if x < ND else pd.NaT for x in del_day],
    }
)
riders["birth_year"] = riders["birth_year"].astype("Int64")
drivers = pd.DataFrame(
    {
        "driver_id": np.arange(1, NDR + 1),
        "city_id": d_city + 1,
        "joined_at": [START + pd.Timedelta(days=int(x)) for x in d_join],
        "deactivated_at": [START + pd.Timedelta(days=int(x), hours=10) if x < ND else pd.NaT for x in d_end],
        "license_years": rng.integers(1, 30, NDR),
        "languages": rng.choice(["pt", "pt,en", "es", "es,en", "pt,es,en"], NDR),
    }
)
vehicles = pd.DataFrame(
    vrows, columns=["vehicle_id", "driver_id", "make", "model", "model_year", "category", "color", "plate"]
)
trips_df = pd.DataFrame(
    trips,
    columns=[
        "trip_id",
        "rider_id",
        "driver_id",
        "vehicle_id",
        "pickup_zone_id",
        "dropoff_zone_id",
        "product",
        "requested_at",
        "scheduled_pickup_at",
        "accepted_at",
        "completed_at",
        "cancelled_at",
        "status",
        "cancelled_by",
        "distance_km",
        "duration_min",
        "surge_multiplier",
        "fare",
        "tip_amount",
        "tip_added_at",
    ],
)
for col in ["driver_id", "vehicle_id"]:
    trips_df[col] = trips_df[col].astype("Int64")
for col in ["fare", "tip_amount"]:
    trips_df[col] = trips_df[col].astype("float64")
for col in ["scheduled_pickup_at", "accepted_at", "completed_at", "cancelled_at", "tip_added_at"]:
    trips_df[col] = pd.to_datetime(trips_df[col])
offers_df = pd.DataFrame(offers, columns=["offer_id", "trip_id", "driver_id", "offered_at", "response"])
ratings_df = pd.DataFrame(
    ratings, columns=["rating_id", "trip_id", "rated_by", "rider_id", "driver_id", "stars", "submitted_at"]
)
ratings_df = ratings_df.sort_values("submitted_at", kind="stable").reset_index(drop=True)
ratings_df["rating_id"] = np.arange(1, len(ratings_df) + 1)
COMMENTS = {1: "terrible", 2: "not great", 3: "ok", 4: "good ride", 5: "excellent"}
ratings_df["comment"] = [
    COMMENTS[s] if u < 0.3 else None for s, u in zip(ratings_df.stars, rng.random(len(ratings_df)), strict=True)
]
ratings_df = ratings_df[ratings_df.submitted_at <= END + pd.Timedelta(days=1)]
sessions_df = pd.DataFrame(sessions, columns=["session_id", "driver_id", "started_at", "ended_at", "start_zone_id"])
promos_df = pd.DataFrame(
    [(p[0], p[1], p[2], p[3], p[4], p[5]) for p in PROMOS],
    columns=["promo_id", "code", "discount_pct", "valid_from", "valid_until", "channel"],
)
promos_df["created_at"] = promos_df.valid_from - pd.Timedelta(days=14)
reds_df = pd.DataFrame(reds, columns=["redemption_id", "promo_id", "rider_id", "trip_id", "redeemed_at"])
comps_df = pd.DataFrame(
    comps,
    columns=[
        "complaint_id",
        "rider_id",
        "trip_id",
        "created_at",
        "category",
        "description",
        "resolved_at",
        "refund_amount",
    ],
)
comps_df["resolved_at"] = pd.to_datetime(comps_df["resolved_at"])
done = trips_df[trips_df.status == "completed"].copy()
done["week"] = done.completed_at.dt.to_period("W-SUN").dt.end_time.dt.normalize()
pay = (
    done.groupby(["driver_id", "week"])
    .agg(f=("fare", "sum"), t=("tip_amount", "sum"), n=("trip_id", "count"))
    .reset_index()
)
pay = pay[pay.week < END]
payouts = pd.DataFrame(
    {
        "payout_id": np.arange(1, len(pay) + 1),
        "driver_id": pay.driver_id.astype(int).values,
        "period_start": (pay.week - pd.Timedelta(days=6)).values,
        "period_end": pay.week.values,
        "trip_count": pay.n.values,
        "amount": np.round(0.75 * pay.f.values + pay.t.fillna(0).values, 2),
        "paid_at": (pay.week + pd.Timedelta(days=2, hours=9)).values,
    }
)
payouts = payouts[payouts.paid_at <= END + pd.Timedelta(days=1)]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
DDL = """
CREATE TABLE cities (city_id INTEGER PRIMARY KEY, name VARCHAR, country VARCHAR, timezone VARCHAR);
CREATE TABLE zones (zone_id INTEGER PRIMARY KEY, city_id INTEGER REFERENCES cities(city_id), name VARCHAR,
    zone_type VARCHAR, base_surge DOUBLE);
CREATE TABLE riders (rider_id INTEGER PRIMARY KEY, signup_at TIMESTAMP, home_zone_id INTEGER REFERENCES zones(zone_id),
    platform VARCHAR, birth_year INTEGER, referral_source VARCHAR, marketing_opt_in BOOLEAN, deleted_at TIMESTAMP);
CREATE TABLE drivers (driver_id INTEGER PRIMARY KEY, city_id INTEGER REFERENCES cities(city_id), joined_at TIMESTAMP,
    deactivated_at TIMESTAMP, license_years INTEGER, languages VARCHAR);
CREATE TABLE vehicles (vehicle_id INTEGER PRIMARY KEY, driver_id INTEGER REFERENCES drivers(driver_id), make VARCHAR,
    model VARCHAR, model_year INTEGER, category VARCHAR, color VARCHAR, plate VARCHAR);
CREATE TABLE promo_codes (promo_id INTEGER PRIMARY KEY, code VARCHAR, discount_pct DOUBLE, valid_from TIMESTAMP,
    valid_until TIMESTAMP, channel VARCHAR, created_at TIMESTAMP);
CREATE TABLE trips (trip_id INTEGER PRIMARY KEY, rider_id INTEGER REFERENCES riders(rider_id),
    driver_id INTEGER REFERENCES drivers(driver_id), vehicle_id INTEGER REFERENCES vehicles(vehicle_id),
    pickup_zone_id INTEGER REFERENCES zones(zone_id), dropoff_zone_id INTEGER, product VARCHAR,
    requested_at TIMESTAMP, scheduled_pickup_at TIMESTAMP, accepted_at TIMESTAMP, completed_at TIMESTAMP,
    cancelled_at TIMESTAMP, status VARCHAR, cancelled_by VARCHAR, distance_km DOUBLE, duration_min DOUBLE,
    surge_multiplier DOUBLE, fare DOUBLE, tip_amount DOUBLE, tip_added_at TIMESTAMP);
CREATE TABLE dispatch_offers (offer_id INTEGER PRIMARY KEY, trip_id INTEGER REFERENCES trips(trip_id),
    driver_id INTEGER REFERENCES drivers(driver_id), offered_at TIMESTAMP, response VARCHAR);
CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, trip_id INTEGER REFERENCES trips(trip_id), rated_by VARCHAR,
    rider_id INTEGER, driver_id INTEGER, stars INTEGER, submitted_at TIMESTAMP, comment VARCHAR);
CREATE TABLE promo_redemptions (redemption_id INTEGER PRIMARY KEY, promo_id INTEGER REFERENCES promo_codes(promo_id),
    rider_id INTEGER REFERENCES riders(rider_id), trip_id INTEGER REFERENCES trips(trip_id), redeemed_at TIMESTAMP);
CREATE TABLE driver_sessions (session_id INTEGER PRIMARY KEY, driver_id INTEGER REFERENCES drivers(driver_id),
    started_at TIMESTAMP, ended_at TIMESTAMP, start_zone_id INTEGER REFERENCES zones(zone_id));
CREATE TABLE payouts (payout_id INTEGER PRIMARY KEY, driver_id INTEGER, period_start TIMESTAMP, period_end TIMESTAMP,
    trip_count INTEGER, amount DOUBLE, paid_at TIMESTAMP);
CREATE TABLE complaints (complaint_id INTEGER PRIMARY KEY, rider_id INTEGER REFERENCES riders(rider_id),
    trip_id INTEGER REFERENCES trips(trip_id), created_at TIMESTAMP, category VARCHAR, description VARCHAR,
    resolved_at TIMESTAMP, refund_amount DOUBLE);
"""
for stmt in DDL.split(";"):
    if stmt.strip():
        con.execute(stmt)
TABLES = [
    ("cities", cities),
    ("zones", zones_out),
    ("riders", riders),
    ("drivers", drivers),
    ("vehicles", vehicles),
    ("promo_codes", promos_df),
    ("trips", trips_df),
    ("dispatch_offers", offers_df),
    (
        "ratings",
        ratings_df[["rating_id", "trip_id", "rated_by", "rider_id", "driver_id", "stars", "submitted_at", "comment"]],
    ),
    ("promo_redemptions", reds_df),
    ("driver_sessions", sessions_df),
    ("payouts", payouts),
    ("complaints", comps_df),
]
for name, df in TABLES:
    con.register("df_view", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df_view")
    con.unregister("df_view")
    print(name, len(df))
con.close()
