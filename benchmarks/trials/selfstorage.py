"""A self-storage operator (facilities, storage units with street-rate changes, customers, rentals with move-in,
move-out, autopay and promos, monthly invoices with late fees, payments, tenant notices, lien auctions, gate access
logs, insurance add-ons), seeded: `python benchmarks/trials/selfstorage.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 10 facilities,
1,790 units, 17.2k unit_rate_changes, 2,831 customers, 3,047 rentals, 25.4k invoices, 24.6k payments, 3.1k
tenant_notices, 231 auctions, 44.1k gate_access rows, 1,413 insurance_policies (about 124k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2022-07-01..NOW (the
operator's system went live on 2022-07-01: tenants who moved in before have their rental and customer rows, but
invoices, payments, gate logs and notices only from then). Rows dated after NOW exist only where written ahead:
invoices.due_on (a DATE, the 1st of the month, the invoice issued 5 days before), tenant_notices.effective_on (a
rate increase announced 30 days ahead; a lien sale's date), auctions.scheduled_for (set 30 days ahead). Every
other column holding a later date of its row is filled in later.

Truth (seed 0):
- facilities (10): tier 'urban' (3) / 'suburban' (4) / 'rural' (3) sets price (x1.35 / 1 / .75) and demand;
  lien_days 60 (strict) or 90 (lenient) sets when an unpaid rental is auctioned (a parent attribute that matters);
  facility 10 opens 2023-09-01 and leases up with promos; region and manager are noise
- units (~1,900): size 5x5 .. 10x30 (base 55..310 a month), climate_controlled (x1.25), floor and door_type noise;
  unit_code text 'F03-B112' (the gate log's key); street rate per (facility, size, climate) class moves every ~90
  days by LogNormal(.02 + .04 spring, .04), each unit's change a row of unit_rate_changes; units.street_rate and
  units.status ('vacant', 'occupied', 'overlocked') TODAY's
- demand: move-ins per facility-day Poisson(units x .0014 x tier (urban 1.2, rural .7) x (1 + .45 cos(peak
  mid-July))); a promo ('first_month_free' / 'half_off_3mo') is given with p .65 when the facility is under 80%
  occupied, else .08; no vacant unit of the wanted size -> the next size up, else lost
- customers: one per rental, except business customers (22%) renting 1-3 units at once; reliability r ~ N(0, 1)
  (+.3 business, hidden); customer_type stored MESSY ('Personal', 'personal', 'PERSONAL', 'Business', 'business ',
  'BIZ', 'Commercial'); referral_source and zip noise; military (10%) is noise; customers.balance_due and
  customers.last_gate_at TODAY's; email text, NULL 8%
- stay type (hidden): personal 'transitional' (p .5, x1.6 with a promo) move-out hazard .16 a month, else .025;
  business .03; hazard x1.35 in Jun-Aug, x2.5 in the month a rate increase takes effect and the next, x1.8 in
  months 2-4 after a promo ended, x2 for 3 months after a paid-off delinquency
- rent: the street rate at move-in; an existing-customer rate increase (+8..15%) at tenure months 9, 21, 33..
  announced 30 days ahead (tenant_notices 'rate_increase', effective_on); rentals.current_rent TODAY's
- invoices: the first at move-in (prorated, 0 with 'first_month_free', half for 3 months with 'half_off_3mo'), then
  one per month issued 5 days before the 1st, due_on the 1st; insurance premium added
- payment: autopay (at move-in p sigmoid(-.4 + .8 r + .6 business); turned on after a late fee p .3: rentals.autopay
  TODAY's) pays on due_on (4% card failures pay manually); manual pays U(0, 5) days before due with p sigmoid(1.2 +
  1.0 r), else 1 + Exp(10 exp(-.4 r)) days late, never with p sigmoid(-4.2 - 1.3 r); invoices due while one is
  unpaid are paid with it; payments.method MESSY ('card', 'Card', 'CARD ', 'ach', 'ACH', 'cash', 'autopay',
  'AutoPay')
- delinquency: unpaid 10 days -> invoices.late_fee max(20, 10% of rent) (filled later) + 'late_notice'; 30 days ->
  'overlock' notice (unit overlocked, gate denied); lien_days - 30 -> 'pre_lien' notice + an auction row
  scheduled lien_days after due (written ahead); unpaid at the auction -> sold (auctions.sold_at, winning_bid filled
  later), rental 'auctioned', its open invoices 'written_off'; paid before -> auction 'cancelled' (cancelled_at)
- gate_access: per rental Poisson(LogNormal(0, .6) x .9 x (2.2 business) a month x (1 + .3 summer)); x4 in the
  14 days after move-in, x5 in the 14 days before a move-out (emptying the unit: the churn signal); result 'denied'
  while overlocked; method messy ('keypad', 'Keypad', 'app', 'APP', 'mobile'); unit_code is a text key to
  units.unit_code (units' PK is unit_id)
- insurance_policies: at move-in p sigmoid(-.2 + .6 r); plan basic_2k 9 / std_5k 14 / plus_10k 22 a month;
  cancelled_at filled later (at move-out or auction, else hazard .01 a month)
- today's state: units.status, street_rate; customers.balance_due, last_gate_at; rentals.status ('active',
  'delinquent' while overlocked, 'moved_out', 'auctioned'), autopay, current_rent; invoices.status ('open', 'paid',
  'late', 'written_off'); auctions.status ('scheduled', 'sold', 'cancelled')
- filled later: rentals.move_out_at; invoices.late_fee, paid_at; auctions.sold_at, winning_bid, cancelled_at;
  insurance_policies.cancelled_at
- keys: PKs declared on facilities, units (unit_id), customers, rentals (a text rental_no 'RN-000123'), invoices,
  payments, tenant_notices, auctions, insurance_policies; unit_rate_changes and gate_access have none;
  REFERENCES only units -> facilities, customers -> facilities, unit_rate_changes -> units. Undeclared: rentals
  (unit_id, customer_id, facility_id), invoices.rental_no (text), payments (invoice_id, customer_id),
  tenant_notices.rental_no, auctions (rental_no, facility_id), gate_access (customer_id, unit_code text),
  insurance_policies.rental_no
- `python selfstorage.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every
  today's-state and filled-later column is as it stood at DATE (exact)
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2022-07-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
ND = (NOW.normalize() - START).days + 1
HORIZON = TNOW + 120 * DAY  # rentals are simulated this far (rows written ahead)


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def doy(t):
    return (START + pd.Timedelta(seconds=float(t))).day_of_year


def summer(t):
    return max(0.0, np.cos(2 * np.pi * (doy(t) - 196) / 365))


# month starts (seconds) from 2016 to past the horizon
MONTHS = np.array([secs(m) for m in pd.date_range("2016-01-01", "2026-06-01", freq="MS")])


def next_month_start(t):
    return MONTHS[np.searchsorted(MONTHS, t, side="right")]


# ---------------- facilities
NF = 10
TIER = np.array(
    ["urban", "urban", "urban", "suburban", "suburban", "suburban", "suburban", "rural", "rural", "suburban"]
)
TMULT = {"urban": 1.35, "suburban": 1.0, "rural": 0.75}
TDEM = {"urban": 1.2, "suburban": 1.0, "rural": 0.7}
CITY = ["Denver", "Denver", "Aurora", "Lakewood", "Arvada", "Littleton", "Golden", "Brighton", "Castle Rock", "Parker"]
LIEN = np.array([60, 90, 60, 90, 60, 90, 90, 60, 90, 60])
f_open = np.array([secs("2005-01-01") + rng.uniform(0, 5000) * DAY for _ in range(NF)])
f_open[9] = secs("2023-09-01") + 9 * 3600
NU_F = np.array([230, 210, 200, 190, 180, 170, 180, 120, 110, 200])
facilities = pd.DataFrame(
    {
        "facility_id": np.arange(1, NF + 1),
        "name": [f"StoreSafe {c} #{i + 1}" for i, c in enumerate(CITY)],
        "city": CITY,
        "tier": TIER,
        "region": rng.choice(["front_range", "metro", "south"], NF),
        "manager": rng.choice(["Garcia", "Nguyen", "Olsen", "Brooks", "Ramirez", "Kim"], NF),
        "lien_days": LIEN,
        "opened_on": ts(f_open).date,
    }
)

# ---------------- units
SIZES = np.array(["5x5", "5x10", "10x10", "10x15", "10x20", "10x30"])
SBASE = np.array([55, 85, 140, 180, 230, 310.0])
SP = np.array([0.14, 0.24, 0.26, 0.16, 0.13, 0.07])
u_fac = np.repeat(np.arange(NF), NU_F)
NU = len(u_fac)
u_size = rng.choice(6, NU, p=SP)
u_clim = rng.random(NU) < 0.35
u_floor = rng.choice([1, 1, 1, 2, 2, 3], NU)
u_door = rng.choice(["roll-up", "swing", "Roll Up"], NU, p=[0.7, 0.2, 0.1])
u_code = np.empty(NU, dtype=object)
for f in range(NF):
    idx = np.nonzero(u_fac == f)[0]
    for k, i in enumerate(idx):
        u_code[i] = f"F{f + 1:02d}-{'ABCD'[u_floor[i] - 1 + (k % 2)]}{100 + k:03d}"
u_class = u_fac * 12 + u_size * 2 + u_clim
NCL = NF * 12
cl_rate0 = np.array(
    [
        SBASE[(c % 12) // 2] * TMULT[TIER[c // 12]] * (1.25 if c % 2 else 1.0) * np.exp(rng.normal(0, 0.05))
        for c in range(NCL)
    ]
)
# street-rate changes per class: times and multipliers, from START to the horizon
RC = []  # (class, t, new_rate)
cl_rate_hist = [[(-np.inf, cl_rate0[c])] for c in range(NCL)]
for c in range(NCL):
    t = rng.uniform(0, 90) * DAY
    r = cl_rate0[c]
    while t < HORIZON:
        spring = 1.0 if pd.Timestamp(START + pd.Timedelta(seconds=t)).month in (3, 4, 5) else 0.0
        r = round(r * np.exp(rng.normal(0.02 + 0.04 * spring, 0.04)))
        cl_rate_hist[c].append((t, float(r)))
        RC.append((c, t, float(r)))
        t += rng.uniform(70, 110) * DAY


def street_rate(c, t):
    h = cl_rate_hist[c]
    k = np.searchsorted([x[0] for x in h], t, side="right") - 1
    return h[k][1]


# ---------------- simulation stores
R = []  # rentals: dict
INV = []  # [rental, issued, due, amount, rent, paid_t, late_fee, fee_t, written_off_t]
NOT = []  # (rental, type, sent_t, effective_t)
AUC = []  # [rental, facility, created_t, scheduled_t, sold_t, bid, cancelled_t]
GATE = []  # (rental, t, denied)
POL = []  # (rental, plan, premium, start, cancel)
CUST = []  # dict
AP = []  # autopay switch-on events (rental, t)
u_free = np.zeros(NU)  # time the unit is free from
u_occ = np.full(NU, -1)  # rental occupying it (for occupancy counting)
PLANS = [("basic_2k", 9.0), ("std_5k", 14.0), ("plus_10k", 22.0)]


def new_customer(f, t, business):
    r = rng.normal(0, 1) + 0.3 * business
    typ = (
        rng.choice(["Business", "business ", "BIZ", "Commercial"], p=[0.55, 0.2, 0.15, 0.1])
        if business
        else rng.choice(["Personal", "personal", "PERSONAL"], p=[0.7, 0.25, 0.05])
    )
    CUST.append(
        {
            "f": f,
            "t": t,
            "r": r,
            "business": business,
            "type": typ,
            "military": rng.random() < 0.1,
            "source": rng.choice(["google", "walk_in", "referral", "sparefoot", "facebook"]),
            "zip": f"80{rng.integers(0, 999):03d}",
            "email": None if rng.random() < 0.08 else f"cust{len(CUST) + 1}@mail.example",
        }
    )
    return len(CUST) - 1


def simulate_rental(u, c, t0, promo, sim_from):
    """Simulate one rental from move-in t0 to its end; rows before sim_from (system go-live) are not recorded."""
    cu = CUST[c]
    f = u_fac[u]
    r = cu["r"]
    ri = len(R)
    rent = float(street_rate(u_class[u], t0))
    if cu["business"]:
        base_h = 0.03
    else:
        pt = 0.5 * (1.6 if promo != "none" else 1.0)
        base_h = 0.16 if rng.random() < min(pt, 0.95) else 0.025
    autopay = rng.random() < sig(-0.4 + 0.8 * r + 0.6 * cu["business"])
    gate_lam = np.exp(rng.normal(0, 0.6)) * 0.9 * (2.2 if cu["business"] else 1.0) / (30 * DAY)
    pol = None
    if rng.random() < sig(-0.2 + 0.6 * r):
        k = rng.choice(3, p=[0.5, 0.35, 0.15])
        pol = len(POL)
        POL.append([ri, PLANS[k][0], PLANS[k][1], t0 + 60, np.inf])
    rec = {
        "u": u,
        "c": c,
        "f": f,
        "t0": t0,
        "promo": promo,
        "rent0": rent,
        "autopay0": autopay,
        "end": np.inf,
        "how": "",
        "rents": [(t0, rent)],
        "overlock": [],
        "pol": pol,
    }
    R.append(rec)
    ap_t = -np.inf if autopay else np.inf
    # billing periods: the first from t0 to the next month start; then monthly
    p_start = t0
    p_end = next_month_start(t0)
    m = 0
    outstanding_paid = -np.inf  # time the current arrears get paid (if any)
    bad_until = -np.inf
    incr_months = set()
    tenure_m = 0
    end = np.inf
    how = ""
    while True:
        # rent increase at tenure months 9, 21, ...: announced 30 days before the period start
        if tenure_m >= 9 and (tenure_m - 9) % 12 == 0 and m > 0:
            rent = round(rent * rng.uniform(1.08, 1.15))
            rec["rents"].append((p_start, rent))
            NOT.append((ri, "rate_increase", p_start - 30 * DAY + rng.uniform(9, 17) * 3600, p_start))
            incr_months.update({tenure_m, tenure_m + 1})
        # move-out this period?
        if m > 0:
            h = base_h
            h *= 1.35 if pd.Timestamp(START + pd.Timedelta(seconds=p_start)).month in (6, 7, 8) else 1.0
            h *= 2.5 if tenure_m in incr_months else 1.0
            h *= 1.8 if promo != "none" and 2 <= tenure_m <= 4 else 1.0
            h *= 2.0 if p_start < bad_until else 1.0
            if rng.random() < h:
                # move out during the previous period (before this invoice is issued)
                end = p_start - 5 * DAY - rng.uniform(0, 22) * DAY
                end = max(end, t0 + 3 * DAY)
                how = "moved_out"
                break
        issued = p_start if m == 0 else p_start - 5 * DAY + 9 * 3600
        due = p_start if m == 0 else p_start
        if issued > HORIZON:
            break
        frac = (p_end - p_start) / (30.4 * DAY) if m == 0 else 1.0
        amt = rent * min(frac, 1.0)
        if promo == "first_month_free" and m == 0:
            amt = 0.0
        if promo == "half_off_3mo" and tenure_m < 3:
            amt *= 0.5
        if pol is not None and POL[pol][4] > issued:
            amt += POL[pol][2] * min(frac, 1.0)
        amt = round(amt, 2)
        # payment
        if outstanding_paid > due:
            paid = outstanding_paid  # paid with the arrears
        elif ap_t <= due and rng.random() < 0.96:
            paid = due + 2 * 3600
        elif rng.random() < sig(1.2 + 1.0 * r):
            paid = max(issued + 3600, due - rng.uniform(0, 5) * DAY)
        elif rng.random() < sig(-4.2 - 1.3 * r):
            paid = np.inf
        else:
            paid = due + (1 + rng.exponential(10 * np.exp(-0.4 * r))) * DAY
        fee, fee_t = 0.0, np.inf
        if paid > due + 10 * DAY and outstanding_paid <= due:
            fee, fee_t = max(20.0, round(0.1 * rent, 2)), due + 10 * DAY
            NOT.append((ri, "late_notice", fee_t + 3600, np.nan))
            if rng.random() < 0.3 and ap_t == np.inf:
                ap_t = min(paid, HORIZON) + rng.uniform(0, 3) * DAY if paid < np.inf else np.inf
                if ap_t < np.inf:
                    AP.append((ri, ap_t))
            if paid > due + 30 * DAY:
                ol = due + 30 * DAY
                NOT.append((ri, "overlock", ol + 3600, np.nan))
                rec["overlock"].append((ol, paid))
            L = LIEN[f] * DAY
            if paid > due + L - 30 * DAY:
                pre = due + L - 30 * DAY
                NOT.append((ri, "pre_lien", pre + 3600, due + L))
                a = [ri, f, pre + 7200, due + L + 10 * 3600, np.inf, np.nan, np.inf]
                if paid > due + L:
                    a[4] = a[3] + rng.uniform(1, 4) * 3600
                    a[5] = round(rent * np.exp(rng.normal(1.5, 0.8)), 0)
                else:
                    a[6] = paid
                AUC.append(a)
                if paid > due + L:
                    INV.append([ri, issued, due, amt, rent, np.inf, fee, fee_t, a[4]])
                    end, how = a[4], "auctioned"
                    for iv in INV:
                        if iv[0] == ri and iv[5] == np.inf:
                            iv[8] = a[4]
                    break
            outstanding_paid = paid
            bad_until = paid + 90 * DAY
        INV.append([ri, issued, due, amt, rent, paid, fee, fee_t, np.inf])
        m += 1
        tenure_m = int(round((p_end - t0) / (30.44 * DAY)))
        p_start, p_end = p_end, next_month_start(p_end)
    rec["end"], rec["how"] = end, how
    rec["ap_t"] = ap_t
    # insurance: cancelled at the end, or earlier with hazard .01 a month
    if pol is not None:
        cx = t0 + rng.exponential(100 * 30 * DAY)
        POL[pol][4] = min(cx, end)
    # gate access
    t_hi = min(end, HORIZON)
    lo = max(t0, sim_from)
    if t_hi > lo:
        n = rng.poisson(gate_lam * (t_hi - lo) * 1.1)
        tt = list(lo + rng.uniform(0, 1, n) * (t_hi - lo))
        keep = [x for x in tt if rng.random() < (1 + 0.3 * summer(x)) / 1.3]
        if t0 >= sim_from:
            k = rng.poisson(gate_lam * 14 * DAY * 3)
            keep += list(t0 + rng.uniform(0, 14, k) * DAY)
        if how == "moved_out" and end - 14 * DAY >= sim_from:
            k = rng.poisson(gate_lam * 14 * DAY * 4)
            keep += list(end - rng.uniform(0, 14, k) * DAY)
        for x in keep:
            if x < t0 or x > t_hi:
                continue
            denied = any(a <= x < b for a, b in rec["overlock"])
            GATE.append((ri, x, denied))
    return end


# ---------------- initial tenants (moved in before go-live)
for u in range(NU):
    f = u_fac[u]
    if f_open[f] > 0:
        continue
    if rng.random() < {"urban": 0.86, "suburban": 0.82, "rural": 0.74}[TIER[f]]:
        t0 = -min(rng.exponential(20 * 30 * DAY), 6 * 365 * DAY) - rng.uniform(1, 30) * DAY
        t0 = max(t0, f_open[f] + DAY)
        biz = rng.random() < 0.22
        c = new_customer(f, t0 - rng.uniform(0, 2) * 3600, biz)
        end = simulate_rental(u, c, t0, "none", 0.0)
        u_free[u] = end + rng.uniform(2, 10) * DAY

# ---------------- day loop
lam_f = NU_F * 0.0014 * np.array([TDEM[x] for x in TIER])
for d in range(ND):
    t0 = d * DAY
    season = 1 + 0.45 * np.cos(2 * np.pi * (doy(t0) - 196) / 365)
    n_arr = rng.poisson(lam_f * season * np.where(f_open <= t0, 1.0, 0.0) * np.where(np.arange(NF) == 9, 1.6, 1.0))
    for f in range(NF):
        for _ in range(n_arr[f]):
            t = t0 + rng.uniform(8, 19) * 3600
            idx = np.nonzero(u_fac == f)[0]
            occ = np.mean(u_free[idx] > t)
            promo = "none"
            if rng.random() < (0.65 if occ < 0.8 else 0.08):
                promo = rng.choice(["first_month_free", "half_off_3mo"])
            biz = rng.random() < 0.22
            nunits = rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1]) if biz else 1
            want = rng.choice(6, p=SP)
            clim = rng.random() < 0.35
            c = None
            for _k in range(nunits):
                got = None
                for s in range(want, 6):
                    cand = idx[(u_size[idx] == s) & (u_free[idx] <= t)]
                    if len(cand):
                        pref = cand[u_clim[cand] == clim]
                        got = int(rng.choice(pref if len(pref) else cand))
                        break
                if got is None:
                    break
                if c is None:
                    c = new_customer(f, t - rng.uniform(0, 1800), biz)
                end = simulate_rental(got, c, t + _k * 60, promo, 0.0)
                u_free[got] = end + rng.uniform(2, 10) * DAY

# ---------------- tables as they stood at CUT
NR = len(R)
R_t0 = np.array([x["t0"] for x in R])
R_end = np.array([x["end"] for x in R])
R_u = np.array([x["u"] for x in R])
R_c = np.array([x["c"] for x in R])
R_f = np.array([x["f"] for x in R])
R_ap = np.array([x["ap_t"] for x in R])
rental_no = np.array([f"RN-{i + 1:06d}" for i in range(NR)])
keep_r = R_end > 0  # tenants who left before go-live are not in the system
keep_c = np.zeros(len(CUST), bool)
keep_c[R_c[keep_r]] = True


def over_at(i, t):
    return any(a <= t < b for a, b in R[i]["overlock"])


def rent_at(i, t):
    cur = R[i]["rent0"]
    for tt, rr in R[i]["rents"]:
        if tt <= t:
            cur = rr
    return cur


r_ended = R_end <= T
r_status = np.array(
    [R[i]["how"] if r_ended[i] else ("delinquent" if over_at(i, T) else "active") for i in range(NR)], dtype=object
)
rentals = pd.DataFrame(
    {
        "rental_no": rental_no,
        "unit_id": R_u + 1,
        "customer_id": R_c + 1,
        "facility_id": R_f + 1,
        "move_in_at": ts(R_t0),
        "move_out_at": ts(known(R_end)),
        "promo": [x["promo"] for x in R],
        "start_rent": [x["rent0"] for x in R],
        "current_rent": [rent_at(i, T) for i in range(NR)],
        "autopay": R_ap <= T,
        "status": r_status,
    }
)[(R_t0 <= T) & keep_r]

C_t = np.array([x["t"] for x in CUST])
NC = len(CUST)
I_r = np.array([x[0] for x in INV])
I_iss = np.array([x[1] for x in INV])
I_due = np.array([x[2] for x in INV])
I_amt = np.array([x[3] for x in INV])
I_paid = np.array([x[5] for x in INV])
I_fee = np.array([x[6] for x in INV])
I_fee_t = np.array([x[7] for x in INV])
I_wo = np.array([x[8] for x in INV])
ik = (I_iss <= T) & (I_iss >= 0)
fee_known = I_fee_t <= T
owed = np.where(ik & ~(I_paid <= T) & ~(I_wo <= T), I_amt + np.where(fee_known, I_fee, 0), 0.0)
bal = np.bincount(R_c[I_r], weights=owed, minlength=NC)

G_r = np.array([x[0] for x in GATE])
G_t = np.array([x[1] for x in GATE])
G_den = np.array([x[2] for x in GATE])
gk = G_t <= T
last_gate = pd.Series(G_t[gk]).groupby(R_c[G_r[gk]]).max().reindex(range(NC)).to_numpy()
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "facility_id": [x["f"] + 1 for x in CUST],
        "customer_type": [x["type"] for x in CUST],
        "email": [x["email"] for x in CUST],
        "zip": [x["zip"] for x in CUST],
        "referral_source": [x["source"] for x in CUST],
        "military": [x["military"] for x in CUST],
        "created_at": ts(C_t),
        "balance_due": np.round(bal, 2),
        "last_gate_at": ts(last_gate),
    }
)[(C_t <= T) & keep_c]

# units: today's status and street rate
u_status = np.array(["vacant"] * NU, dtype=object)
live = (R_t0 <= T) & (R_end > T)
for i in np.nonzero(live)[0]:
    u_status[R_u[i]] = "overlocked" if over_at(i, T) else "occupied"
units = pd.DataFrame(
    {
        "unit_id": np.arange(1, NU + 1),
        "facility_id": u_fac + 1,
        "unit_code": u_code,
        "size": SIZES[u_size],
        "climate_controlled": u_clim,
        "floor": u_floor,
        "door_type": u_door,
        "street_rate": [street_rate(u_class[u], T) for u in range(NU)],
        "status": u_status,
    }
)[f_open[u_fac] <= T]

RC_c = np.array([x[0] for x in RC])
RC_t = np.array([x[1] for x in RC])
RC_r = np.array([x[2] for x in RC])
rows = []
for k in np.nonzero(RC_t <= T)[0]:
    c = RC_c[k]
    old = street_rate(c, RC_t[k] - 1)
    for u in np.nonzero((u_class == c) & (f_open[u_fac] <= RC_t[k]))[0]:
        rows.append((u + 1, RC_t[k], old, RC_r[k]))
unit_rate_changes = pd.DataFrame(
    {
        "unit_id": [x[0] for x in rows],
        "changed_at": ts([x[1] for x in rows]),
        "old_rate": [x[2] for x in rows],
        "new_rate": [x[3] for x in rows],
    }
)

i_status = np.where(
    I_paid <= T, "paid", np.where(I_wo <= T, "written_off", np.where(I_due + 10 * DAY <= T, "late", "open"))
)
invoices = pd.DataFrame(
    {
        "invoice_id": np.arange(1, len(INV) + 1),
        "rental_no": rental_no[I_r],
        "issued_at": ts(I_iss),
        "due_on": ts(I_due).date,
        "amount": I_amt,
        "late_fee": np.where(fee_known, I_fee, 0.0),
        "status": i_status,
        "paid_at": ts(known(I_paid)),
    }
)[ik]

pk = np.nonzero(ik & (I_paid <= T))[0]
pk = pk[np.argsort(I_paid[pk], kind="stable")]
meth = []
for k in range(len(INV)):
    if I_paid[k] == I_due[k] + 2 * 3600:
        meth.append(rng.choice(["autopay", "AutoPay"], p=[0.8, 0.2]))
    else:
        meth.append(rng.choice(["card", "Card", "CARD ", "ach", "ACH", "cash"], p=[0.45, 0.15, 0.05, 0.2, 0.05, 0.1]))
meth = np.array(meth, dtype=object)
pay_rank = np.full(len(INV), -1)
allpaid = np.nonzero((I_iss >= 0) & np.isfinite(I_paid))[0]
allpaid = allpaid[np.argsort(I_paid[allpaid], kind="stable")]
pay_rank[allpaid] = np.arange(len(allpaid))
payments = pd.DataFrame(
    {
        "payment_id": pay_rank[pk] + 1,
        "invoice_id": pk + 1,
        "customer_id": R_c[I_r[pk]] + 1,
        "paid_at": ts(I_paid[pk]),
        "amount": np.round(I_amt[pk] + np.where(I_fee_t[pk] <= I_paid[pk], I_fee[pk], 0), 2),
        "method": meth[pk],
    }
)

N_r = np.array([x[0] for x in NOT])
N_t = np.array([x[2] for x in NOT])
nk = (N_t <= T) & (N_t >= 0)
tenant_notices = pd.DataFrame(
    {
        "notice_id": np.arange(1, len(NOT) + 1),
        "rental_no": rental_no[N_r],
        "notice_type": [x[1] for x in NOT],
        "sent_at": ts(N_t),
        "effective_on": ts([x[3] for x in NOT]).date,
    }
)[nk]

A = np.array([[x[0], x[1], x[2], x[3], x[4], x[5], x[6]] for x in AUC], float).reshape(-1, 7)
a_sold = A[:, 4] <= T
a_canc = A[:, 6] <= T
auctions = pd.DataFrame(
    {
        "auction_id": np.arange(1, len(A) + 1),
        "rental_no": rental_no[A[:, 0].astype(int)],
        "facility_id": A[:, 1].astype(int) + 1,
        "created_at": ts(A[:, 2]),
        "scheduled_for": ts(A[:, 3]),
        "status": np.where(a_sold, "sold", np.where(a_canc, "cancelled", "scheduled")),
        "sold_at": ts(known(A[:, 4])),
        "winning_bid": np.where(a_sold, A[:, 5], np.nan),
        "cancelled_at": ts(known(A[:, 6])),
    }
)[(A[:, 2] <= T) & (A[:, 2] >= 0)]

go = np.argsort(G_t, kind="stable")
G_meth = rng.choice(["keypad", "Keypad", "app", "APP", "mobile"], len(GATE), p=[0.45, 0.1, 0.3, 0.05, 0.1])
gate_access = pd.DataFrame(
    {
        "customer_id": R_c[G_r[go]] + 1,
        "unit_code": u_code[R_u[G_r[go]]],
        "accessed_at": ts(G_t[go]),
        "method": G_meth[go],
        "result": np.where(G_den[go], "denied", "granted"),
    }
)[G_t[go] <= T]

P_st = np.array([x[3] for x in POL])
insurance_policies = pd.DataFrame(
    {
        "policy_id": np.arange(1, len(POL) + 1),
        "rental_no": rental_no[[x[0] for x in POL]],
        "plan": [x[1] for x in POL],
        "monthly_premium": [x[2] for x in POL],
        "started_at": ts(P_st),
        "cancelled_at": ts(known([x[4] for x in POL])),
    }
)[(P_st <= T) & keep_r[[x[0] for x in POL]]]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE facilities (facility_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, tier VARCHAR, region VARCHAR,
                         manager VARCHAR, lien_days INTEGER, opened_on DATE);
CREATE TABLE units (unit_id INTEGER PRIMARY KEY, facility_id INTEGER REFERENCES facilities(facility_id),
                    unit_code VARCHAR, size VARCHAR, climate_controlled BOOLEAN, floor INTEGER, door_type VARCHAR,
                    street_rate DOUBLE, status VARCHAR);
CREATE TABLE unit_rate_changes (unit_id INTEGER REFERENCES units(unit_id), changed_at TIMESTAMP, old_rate DOUBLE,
                                new_rate DOUBLE);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, facility_id INTEGER REFERENCES facilities(facility_id),
                        customer_type VARCHAR, email VARCHAR, zip VARCHAR, referral_source VARCHAR, military BOOLEAN,
                        created_at TIMESTAMP, balance_due DOUBLE, last_gate_at TIMESTAMP);
CREATE TABLE rentals (rental_no VARCHAR PRIMARY KEY, unit_id INTEGER, customer_id INTEGER, facility_id INTEGER,
                      move_in_at TIMESTAMP, move_out_at TIMESTAMP, promo VARCHAR, start_rent DOUBLE,
                      current_rent DOUBLE, autopay BOOLEAN, status VARCHAR);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, rental_no VARCHAR, issued_at TIMESTAMP, due_on DATE,
                       amount DOUBLE, late_fee DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_id INTEGER, customer_id INTEGER, paid_at TIMESTAMP,
                       amount DOUBLE, method VARCHAR);
CREATE TABLE tenant_notices (notice_id INTEGER PRIMARY KEY, rental_no VARCHAR, notice_type VARCHAR,
                             sent_at TIMESTAMP, effective_on DATE);
CREATE TABLE auctions (auction_id INTEGER PRIMARY KEY, rental_no VARCHAR, facility_id INTEGER, created_at TIMESTAMP,
                       scheduled_for TIMESTAMP, status VARCHAR, sold_at TIMESTAMP, winning_bid DOUBLE,
                       cancelled_at TIMESTAMP);
CREATE TABLE gate_access (customer_id INTEGER, unit_code VARCHAR, accessed_at TIMESTAMP, method VARCHAR,
                          result VARCHAR);
CREATE TABLE insurance_policies (policy_id INTEGER PRIMARY KEY, rental_no VARCHAR, plan VARCHAR,
                                 monthly_premium DOUBLE, started_at TIMESTAMP, cancelled_at TIMESTAMP);
""")
for name, df in [
    ("facilities", facilities[f_open <= T]),
    ("units", units),
    ("unit_rate_changes", unit_rate_changes),
    ("customers", customers),
    ("rentals", rentals),
    ("invoices", invoices),
    ("payments", payments),
    ("tenant_notices", tenant_notices),
    ("auctions", auctions),
    ("gate_access", gate_access),
    ("insurance_policies", insurance_policies),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
