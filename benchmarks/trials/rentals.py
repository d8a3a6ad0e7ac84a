"""A residential property-management company's database (buildings, units, staff, tenants, leases with renewals, early
terminations and evictions, a monthly ledger of rent charges set ahead of their due date, rent payments, renewal
offers, move-out notices, maintenance requests, inspections, complaints, prospects, viewings, rental applications,
and an audit log of unit status and asking-rent changes), seeded: `python benchmarks/trials/rentals.py PATH`.
Written by a fresh-eyes trial (2026-12-06), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), span 2023-01-01 .. 2024-12-31 (the snapshot's present is 2024-12-31 23:59; the system went live on
2023-01-01, so leases running then were imported with their original start_date and their tenants' created_at is
the import; rows dated after the present are only the ones written ahead: rent charges created on the 21st for the
1st of next month, renewal leases and new leases signed for January 2025, inspections scheduled ahead, viewings
booked ahead, move-out notices' intended dates).
- buildings (48) in Austin / Denver / Columbus, 4 neighbourhoods each; hidden management quality q_b ~ N(0, 1);
  class A/B/C from q_b and age; 6 buildings acquired inside the span (their units appear at acquired_at).
  Market rent per unit: city base (1650 / 1750 / 1150) x neighbourhood LogNormal(0, .12) x class (1.25/1/.82) x
  bedrooms (studio .75, 1br 1, 2br 1.35, 3br 1.7) x sqft^.3, growing per year Austin 0%, Denver 3%, Columbus 5%.
- tenants: hidden reliability z ~ N(0, 1), stay propensity s ~ N(0, 1), complaint propensity c ~ N(0, 1), unit
  care k ~ N(0, 1). Rent burden (12 rent / income) = clip(.30 - .04 z + N(0, .06), .15, .6); credit_score =
  690 + 55 z + N(0, 35) (NULL 15%); students (5%) have z - .5 and s - 1. Income NULL for 30% of imported tenants.
- rent: one `rent` charge per month due on the 1st (a lease starting on the 15th: a prorated first charge), created
  the 21st before (set ahead); pet_fee 35 a month for tenants with pets; late_fee 75 (created due + 6 days) when
  the rent is paid after the 5-day grace period; termination_fee at early termination. Per charge the tenant
  misses it with p sigmoid(-5 - 1.4 z + 4 (burden - .3) + 1.5 missed last month) (never paid), else pays late with
  p sigmoid(-2.4 - 1.3 z + 3 (burden - .3) + .8 late last month + .4 [January] + .25 [August/September] +
  .3 [student]) at due + 5 + Gamma(1.5, 5) days, else at due - 6 .. due + 4 days. Late payers of low z split 15%
  of late payments in two. Check payers bounce (status 'returned', re-paid 5..12 days later) with p
  sigmoid(-3.5 - z). charges.status / paid_at hold today's state; payments' lease_id and charge_id are undeclared.
- two missed charges in a row: eviction, the lease ends 40 days after the second due date (leases.status
  'evicted'). Tenants break a lease at a monthly hazard .004 exp(-.6 s) (x2 students), ending 30 days after a
  move_out_notice, with a termination_fee of one month's rent.
- renewals: 90 days before a lease's end_date the company sends a renewal_offer with increase clip(market gap + .03
  + N(0, .015), 0, .15) unless the tenant paid late 5+ times or missed a charge in this lease (then a landlord
  move_out_notice 60 days before the end). The tenant renews with p sigmoid(1.1 + .9 s - 10 (increase - .04) - .45
  complaints in the 180 days before the offer - .4 maintenance requests that took over 10 days in those 180 days +
  .35 q_b - .5 [end in May..Aug] - .8 [student] + .3 years of tenure); responds 3..35 days after the offer
  (accepted / declined, 10% of non-renewers 'no_response'); non-renewers give a move_out_notice 30..60 days before
  the end. A renewal is a new leases row (same tenant, previous_lease_id undeclared, start = old end_date,
  12 months, 10% 6), signed at the acceptance; the old lease's status becomes 'renewed'.
- vacancy after a move-out: Gamma(2, 9) days x season (Nov..Feb x1.7, May..Aug x.7) x exp(3 asking premium) x
  exp(-.2 q_b) + 4, then a new tenant's lease from the next 1st (20% the 15th), signed 3..20 days before.
  unit_history logs (EAV, strings) status and asking-rent changes; 30% of its rows were recorded up to days late.
- maintenance_requests while occupied: per day .0016 exp(-.45 q_b) (1 + (2024 - year_built) / 70) exp(.45 c),
  x the month's category mix: hvac 1 + 1.5 [Dec..Feb] + 1.5 [Jun..Aug], plumbing 1 + .6 [Dec..Feb], appliance 1,
  electrical .6, pest .4 + 1.2 [May..Sep], other .8 (the unit's own categories carry no memory); a 'turnover'
  request (tenant_id NULL) at every move-out; common-area requests (unit_id NULL) per building .02 a day x
  exp(-.4 q_b) x units / 36. Resolution LogNormal(log 2.5 - .35 q_b + priority, .7) days; resolved_at, cost and
  status fill in later (NULL / 'open' where after the present).
- complaints: per tenant and day exp(.9 c - .25 q_b) / 500 (x1.5 noise in buildings built before 1960; noise x1.4
  in Jun..Aug), plus 'maintenance_delay' with p .35 when a request takes over 10 days; resolved_at filled later.
- inspections: annual per unit in the building's month (scheduled_date set ahead, created 14..30 days before),
  move_in and move_out; score 1..5 = 3.6 + .6 k - .3 [built before 1960] + N(0, .6); completed_at NULL ahead.
- prospects and viewings: each new lease's tenant was a prospect who viewed the unit (and 1.6 others on average,
  vacant or under notice then, same building x6, same neighbourhood x3, same bedrooms x5), applied 2..8 days
  before signing; 1.3 non-converting prospects per vacancy view 1 + Poisson(1.4) units the same way; 25% of those
  with 2+ viewings apply (rejected below credit 620, else withdrawn). prospects.tenant_id (undeclared) is filled
  in when the prospect signs. viewings.status is today's state.
- columns holding today's state: units.status / current_rent, tenants.status / current_unit_id / move_out_date,
  leases.status / move_out_date / terminated_at, charges.status / paid_at, renewal_offers.response /
  responded_at, maintenance_requests.status / resolved_at / cost, complaints.status / resolved_at.

    python rentals.py OUT [--as-of DATE]   # the same simulation, its rows and today's state as they stood then
    # (benchmarks/honesty.py predicts on such a copy to check that a backtest reads nothing written after its anchor)
"""

import datetime as dtm
import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
if os.path.exists(OUT):
    os.remove(OUT)
START = dtm.datetime(2023, 1, 1)
END = dtm.datetime(2024, 12, 31, 23, 59)
NEXT1 = dtm.datetime(2025, 1, 1)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def add_months(t, n):
    y, m = divmod(t.month - 1 + n, 12)
    return t.replace(year=t.year + y, month=m + 1)


def month_start(t):
    return dtm.datetime(t.year, t.month, 1)


def next_first(t):
    return add_months(month_start(t), 1)


def at(t, lo=8, hi=20):
    """A time of day on t's date."""
    return dtm.datetime(t.year, t.month, t.day) + dtm.timedelta(minutes=int(rng.integers(lo * 60, hi * 60)))


def days(x):
    return dtm.timedelta(days=float(x))


# ---------------------------------------------------------------- buildings, units, staff
CITIES = ["Austin", "Denver", "Columbus"]
CITY_BASE = np.array([1650, 1750, 1150])
CITY_G = np.array([0.0, 0.03, 0.05])
NEIGH = [
    ["Downtown", "East Side", "Mueller", "South Lamar"],
    ["LoDo", "Capitol Hill", "Highlands", "Baker"],
    ["Short North", "German Village", "Clintonville", "Franklinton"],
]
NB = 48
b_city = rng.choice(3, NB, p=[0.35, 0.35, 0.3])
b_neigh = rng.integers(0, 4, NB)
neigh_f = rng.lognormal(0, 0.12, (3, 4))
b_q = rng.normal(0, 1, NB)
b_year = np.where(rng.random(NB) < 0.3, rng.integers(1915, 1960, NB), rng.integers(1960, 2021, NB))
b_floors = np.where(b_year < 1960, rng.integers(2, 6, NB), rng.integers(3, 15, NB))
b_units = rng.integers(14, 60, NB)
cls_score = b_q + (b_year - 1980) / 30
b_class = np.where(cls_score > 0.8, "A", np.where(cls_score < -0.6, "C", "B"))
CLASS_F = {"A": 1.25, "B": 1.0, "C": 0.82}
b_acq = [
    dtm.datetime(int(rng.integers(2008, 2023)), int(rng.integers(1, 13)), int(rng.integers(1, 28)), 9)
    for _ in range(NB)
]
for b in rng.choice(NB, 6, replace=False):
    b_acq[b] = START + days(int(rng.integers(60, 640))) + dtm.timedelta(hours=9)
b_insp_month = rng.integers(1, 13, NB)

STAFF_ROLES = ["property_manager"] * 8 + ["leasing_agent"] * 9 + ["maintenance_tech"] * 14 + ["inspector"] * 4
NS = len(STAFF_ROLES)
s_city = rng.integers(0, 3, NS)
s_hired = [
    START - days(int(rng.integers(30, 3000))) if rng.random() < 0.8 else START + days(int(rng.integers(0, 600)))
    for _ in range(NS)
]
s_term = [h + days(int(rng.integers(200, 900))) if rng.random() < 0.2 else None for h in s_hired]
s_term = [t if t is not None and t > START + days(60) and t <= END else None for t in s_term]
staff_by = {}
for i, r in enumerate(STAFF_ROLES):
    staff_by.setdefault((r, s_city[i]), []).append(i)
    staff_by.setdefault((r, None), []).append(i)


def pick_staff(role, city, t):
    cand = [i for i in staff_by.get((role, city), staff_by[(role, None)]) if s_hired[i] <= t]
    cand = [i for i in cand if s_term[i] is None or s_term[i] > t] or staff_by[(role, None)]
    return int(rng.choice(cand)) + 1


b_manager = [pick_staff("property_manager", b_city[b], END) for b in range(NB)]

BR_F = np.array([0.75, 1.0, 1.35, 1.7])
SQFT = np.array([480, 700, 980, 1300])
u_b, u_num, u_br, u_bath, u_sqft, u_floor, u_base = [], [], [], [], [], [], []
for b in range(NB):
    per_floor = int(np.ceil(b_units[b] / b_floors[b]))
    for k in range(b_units[b]):
        br = int(rng.choice(4, p=[0.12, 0.4, 0.35, 0.13]))
        fl = k // per_floor + 1
        sq = round(float(SQFT[br] * rng.lognormal(0, 0.1)))
        base = (
            CITY_BASE[b_city[b]]
            * neigh_f[b_city[b], b_neigh[b]]
            * CLASS_F[b_class[b]]
            * BR_F[br]
            * (sq / SQFT[br]) ** 0.3
            * rng.lognormal(0, 0.05)
        )
        u_b.append(b)
        u_num.append(f"{fl}{k % per_floor + 1:02d}")
        u_br.append(br)
        u_bath.append(1.0 if br < 2 else float(rng.choice([1.0, 1.5, 2.0])))
        u_sqft.append(sq)
        u_floor.append(fl)
        u_base.append(base)
NU = len(u_b)


def market(u, t):
    return u_base[u] * (1 + CITY_G[b_city[u_b[u]]]) ** ((t - START).days / 365.25)


# ---------------------------------------------------------------- tenants (created as leases are signed)
T = {k: [] for k in ["z", "s", "c", "k", "burden", "credit", "income", "student", "pets", "created", "imported", "emp"]}
T.update({"prospect": [], "pay_method": []})
EMP = ["salaried", "hourly", "self_employed", "student", "retired"]


def new_tenant(rent, created, imported, prospect=None):
    emp = int(rng.choice(5, p=[0.6, 0.2, 0.12, 0.05, 0.03]))
    z = rng.normal() - 0.5 * (emp == 3)
    s = rng.normal() - 1.0 * (emp == 3)
    burden = float(np.clip(0.30 - 0.04 * z + rng.normal(0, 0.06), 0.15, 0.6))
    T["z"].append(z)
    T["s"].append(s)
    T["c"].append(rng.normal())
    T["k"].append(rng.normal())
    T["burden"].append(burden)
    T["credit"].append(int(np.clip(690 + 55 * z + rng.normal(0, 35), 450, 850)))
    T["income"].append(round(12 * rent / burden, -2))
    T["student"].append(emp == 3)
    T["pets"].append(rng.random() < 0.25)
    T["created"].append(created)
    T["imported"].append(imported)
    T["emp"].append(EMP[emp])
    T["prospect"].append(prospect)
    T["pay_method"].append(str(rng.choice(["ach", "card", "check", "money_order"], p=[0.55, 0.25, 0.15, 0.05])))
    return len(T["z"]) - 1


# ---------------------------------------------------------------- simulation, unit by unit
leases, charges, pays, offers, notices, maint, complaints, insps, history, vacancies = ([] for _ in range(10))
HV_W = {"hvac": 1.0, "plumbing": 1.0, "appliance": 1.0, "electrical": 0.6, "pest": 0.4, "other": 0.8}
CATS = list(HV_W)


def cat_weights(month):
    w = dict(HV_W)
    w["hvac"] += 1.5 * (month in (12, 1, 2)) + 1.5 * (month in (6, 7, 8))
    w["plumbing"] += 0.6 * (month in (12, 1, 2))
    w["pest"] += 1.2 * (month in (5, 6, 7, 8, 9))
    return np.array([w[c] for c in CATS])


AVG_W = np.mean([cat_weights(m).sum() for m in range(1, 13)])
PRIO = {"emergency": np.log(0.3), "high": np.log(0.7), "normal": np.log(1.3)}


def add_request(u, b, tenant, opened, cat, prio):
    dur = float(rng.lognormal(np.log(2.5) - 0.35 * b_q[b] + PRIO[prio], 0.7))
    maint.append((u, b, tenant, opened, cat, prio, opened + days(dur), pick_staff("maintenance_tech", b_city[b], opened)))
    return dur


def add_history(u, t, field, old, new):
    rec = t + days(rng.exponential(1.5)) if rng.random() < 0.3 else t
    history.append((u, t, field, old, new, rec))


def run_lease(u, ten, start, end, rent, prev, signed, t0):
    """Simulates one lease; returns (renewal or None, actual end, notice time or None)."""
    b = u_b[u]
    lid = len(leases)
    z, s, c = T["z"][ten], T["s"][ten], T["c"][ten]
    burden, student = T["burden"][ten], T["student"][ten]
    end_actual, reason, notice_at = end, None, None
    late_prev = missed_prev = 0
    n_late = n_missed = 0
    comp_times, slow_times = [], []
    renewal = None
    offer_at = max(end - days(90), t0)
    cur = start
    tenure0 = 0 if prev is None else leases[prev][9]
    while cur < end_actual and cur <= NEXT1:  # the charge due 2025-01-01 is created 2024-12-21
        nxt = next_first(cur)
        pend = min(nxt, end_actual)
        if cur >= t0:
            # ledger: rent (+ pet fee), set ahead on the 21st before
            amt = rent if cur.day == 1 else rent * (nxt - cur).days / 30
            created = at(add_months(month_start(cur), -1).replace(day=21), 2, 4) if cur.day == 1 else signed
            created = max(created, signed)
            cid = len(charges)
            charges.append([lid, "rent", round(amt, 2), created, cur.date(), None])
            extra = 35.0 if T["pets"][ten] else 0.0
            if extra:
                charges.append([lid, "pet_fee", extra, created, cur.date(), None])
            miss = rng.random() < sigmoid(-5 - 1.4 * z + 4 * (burden - 0.3) + 1.5 * missed_prev)
            if miss:
                n_missed += 1
                charges.append([lid, "late_fee", 75.0, at(cur + days(6), 6, 7), (cur + days(16)).date(), None])
                if missed_prev:
                    end_actual, reason = min(end_actual, cur + days(40)), "evicted"
                    notice_at = cur + days(12)
                missed_prev, late_prev = 1, 1
            else:
                pl = sigmoid(
                    -2.4
                    - 1.3 * z
                    + 3 * (burden - 0.3)
                    + 0.8 * late_prev
                    + 0.4 * (cur.month == 1)
                    + 0.25 * (cur.month in (8, 9))
                    + 0.3 * student
                )
                late = rng.random() < pl
                t_pay = at(cur + days(5 + rng.gamma(1.5, 5))) if late else at(cur + days(rng.uniform(-6, 4)), 6, 23)
                total = amt + extra
                if late:
                    n_late += 1
                    fid = len(charges)
                    charges.append([lid, "late_fee", 75.0, at(cur + days(6), 6, 7), (cur + days(16)).date(), None])
                    total += 75
                    charges[fid][5] = t_pay
                method = T["pay_method"][ten]
                if late and z < 0 and rng.random() < 0.15:
                    t1 = at(cur + days(rng.uniform(1, 5)))
                    pays.append((ten, lid, cid, t1, round(total / 2, 2), method, "cleared", None))
                    pays.append((ten, lid, cid, t_pay, round(total - round(total / 2, 2), 2), method, "cleared", None))
                elif method == "check" and rng.random() < sigmoid(-3.5 - z):
                    pays.append((ten, lid, cid, t_pay, round(total, 2), method, "returned", t_pay + days(3)))
                    charges.append([lid, "nsf_fee", 35.0, t_pay + days(3), (t_pay + days(13)).date(), None])
                    t_pay = at(t_pay + days(rng.uniform(5, 12)))
                    pays.append((ten, lid, cid, t_pay, round(total + 35, 2), "money_order", "cleared", None))
                else:
                    pays.append((ten, lid, cid, t_pay, round(total, 2), method, "cleared", None))
                charges[cid][5] = t_pay
                if extra:
                    charges[cid + 1][5] = t_pay
                late_prev, missed_prev = int(late), 0
            # maintenance while occupied this month
            span_d = (pend - cur).days
            w = cat_weights(cur.month)
            lam = 0.0016 * np.exp(-0.45 * b_q[b]) * (1 + max(0, 2024 - b_year[b]) / 70) * np.exp(0.45 * c)
            for _ in range(rng.poisson(lam * span_d * w.sum() / AVG_W)):
                opened = at(cur + days(rng.uniform(0, span_d)), 7, 22)
                cat = CATS[rng.choice(6, p=w / w.sum())]
                prio = str(rng.choice(["emergency", "high", "normal"], p=[0.1, 0.3, 0.6]))
                if cat in ("hvac", "plumbing") and cur.month in (12, 1, 2) and rng.random() < 0.3:
                    prio = "emergency"
                dur = add_request(u, b, ten, opened, cat, prio)
                if dur > 10:
                    slow_times.append(opened + days(10))
                    if rng.random() < 0.35:
                        t_c = opened + days(10 + rng.uniform(0, 4))
                        complaints.append((ten, b, u, t_c, "maintenance_delay"))
                        comp_times.append(t_c)
            # complaints
            lc = np.exp(0.9 * c - 0.25 * b_q[b]) / 500 * (1.5 if b_year[b] < 1960 else 1.0)
            lc *= 1.15 if cur.month in (6, 7, 8) else 1.0
            for _ in range(rng.poisson(lc * span_d)):
                t_c = at(cur + days(rng.uniform(0, span_d)), 7, 23)
                pw = np.array([0.4 * (1.4 if cur.month in (6, 7, 8) else 1.0), 0.2, 0.15, 0.1, 0.15])
                cat = str(rng.choice(["noise", "neighbor", "parking", "pest", "billing"], p=pw / pw.sum()))
                complaints.append((ten, b, u, t_c, cat))
                comp_times.append(t_c)
            # the tenant breaks the lease
            if reason is None and rng.random() < 0.004 * np.exp(-0.6 * s) * (2 if student else 1):
                notice_at = at(cur + days(rng.uniform(0, 28)))
                if notice_at + days(30) < end_actual:
                    end_actual, reason = notice_at + days(30), "terminated"
                    notices.append((lid, ten, notice_at, (notice_at + days(30)).date(), "tenant", None))
                    charges.append([lid, "termination_fee", round(rent, 2), notice_at, end_actual.date(), None])
                else:
                    notice_at = None
        # renewal offer (decided when it falls in this month)
        if reason is None and renewal is None and cur <= offer_at < pend:
            if n_late >= 5 or n_missed >= 1:
                notice_at = at(end - days(60))
                notices.append((lid, ten, notice_at, end.date(), "landlord", "non_renewal"))
                reason = "ended"
            else:
                mk = market(u, end)
                inc = float(np.clip(mk / rent - 1 + 0.03 + rng.normal(0, 0.015), 0, 0.15))
                t_off = at(offer_at)
                n_c = sum(1 for t in comp_times if offer_at - days(180) <= t < offer_at)
                n_s = sum(1 for t in slow_times if offer_at - days(180) <= t < offer_at)
                tenure = tenure0 + (end - start).days / 365.25
                pr = sigmoid(
                    1.1
                    + 0.9 * s
                    - 10 * (inc - 0.04)
                    - 0.45 * n_c
                    - 0.4 * n_s
                    + 0.35 * b_q[b]
                    - 0.5 * (end.month in (5, 6, 7, 8))
                    - 0.8 * student
                    + 0.3 * tenure
                )
                t_resp = at(t_off + days(rng.uniform(3, 35)))
                new_rent = round(rent * (1 + inc) / 5) * 5
                if rng.random() < pr:
                    offers.append((lid, t_off, new_rent, round(inc * 100, 1), "accepted", t_resp))
                    term = 6 if rng.random() < 0.1 else 12
                    renewal = (ten, end, add_months(end, term), new_rent, lid, t_resp)
                else:
                    resp = "no_response" if rng.random() < 0.1 else "declined"
                    offers.append((lid, t_off, new_rent, round(inc * 100, 1), resp, None if resp == "no_response" else t_resp))
                    notice_at = at(end - days(rng.uniform(30, 60)))
                    why = (
                        "rent_increase"
                        if inc > 0.07
                        else ("dissatisfied" if n_c + n_s > 0 else str(rng.choice(["relocation", "purchase", "other"])))
                    )
                    notices.append((lid, ten, notice_at, end.date(), "tenant", why if rng.random() < 0.75 else None))
                    reason = "ended"
        cur = nxt
    if reason == "evicted":
        notices.append((lid, ten, notice_at, end_actual.date(), "landlord", "eviction"))
    tenure = tenure0 + (min(end_actual, end) - start).days / 365.25
    leases.append([u, ten, start, end, rent, prev, signed, reason, end_actual, tenure])
    return (renewal if reason is None else None), end_actual, notice_at


def vacancy_days(u, t, premium):
    sea = 1.7 if t.month in (11, 12, 1, 2) else (0.7 if t.month in (5, 6, 7, 8) else 1.0)
    return rng.gamma(2, 9) * sea * np.exp(3 * premium) * np.exp(-0.2 * b_q[u_b[u]]) + 4


for u in range(NU):
    b = u_b[u]
    t0 = max(START, b_acq[b])
    city = b_city[b]
    if rng.random() < (0.93 if t0 == START else 0.85):
        term = int(rng.choice([6, 12, 24], p=[0.1, 0.75, 0.15]))
        start = add_months(month_start(t0), -int(rng.integers(0, term)))
        if rng.random() < 0.15 and start.replace(day=15) < add_months(start, term):
            start = start.replace(day=15)
        end = add_months(start, term)
        rent = round(market(u, start) * rng.lognormal(0, 0.04) / 5) * 5
        ten = new_tenant(rent, t0 if t0 > START else START, True)
        lease = (ten, start, end, rent, None, start - days(rng.uniform(7, 40)))
        show_from = None
        add_history(u, t0, "status", None, "occupied")
        add_history(u, t0, "rent", None, str(rent))
    else:
        lease, show_from = None, t0
        add_history(u, t0, "status", None, "vacant")
    v0 = t0
    while True:
        if lease is None:  # vacant from v0: find the next tenant
            asking = round(market(u, v0) * (1 + rng.normal(0.02, 0.04)) / 5) * 5
            add_history(u, v0 + days(1), "asking_rent", None, str(asking))
            vd = vacancy_days(u, v0, asking / market(u, v0) - 1)
            if vd > 35:
                new_ask = round(asking * 0.97 / 5) * 5
                add_history(u, v0 + days(30), "asking_rent", str(asking), str(new_ask))
                asking = new_ask
            ready = v0 + days(vd)
            start = next_first(ready) if rng.random() < 0.8 or ready.day >= 15 else ready.replace(day=15)
            start = dtm.datetime(start.year, start.month, start.day)
            signed = at(start - days(rng.uniform(3, 20)))
            if signed > END:
                vacancies.append((u, show_from, None, None))
                break
            ten = new_tenant(asking, signed, False)
            vacancies.append((u, show_from, signed, ten))
            add_history(u, signed, "status", "vacant", "leased")
            lease = (ten, start, add_months(start, 12 if rng.random() < 0.85 else 6), asking, None, signed)
            if start <= END:
                insps.append((u, "move_in", start, ten))
        ten, start, end, rent, prev, signed = lease
        if start > END:
            leases.append([u, ten, start, end, rent, prev, signed, None, end, 0.0])
            break
        if prev is None and (start >= t0):
            add_history(u, start, "status", "leased", "occupied")
        renewal, end_actual, notice_at = run_lease(u, ten, start, end, rent, prev, signed, t0)
        if renewal is not None:
            if renewal[1] <= END:
                add_history(u, renewal[1], "rent", str(rent), str(renewal[3]))
            lease = (renewal[0], renewal[1], renewal[2], renewal[3], len(leases) - 1, renewal[5])
            if renewal[5] > END:
                break
            continue
        if end_actual > END:
            if notice_at is not None and notice_at <= END:
                vacancies.append((u, notice_at, None, None))
            break
        # move-out
        insps.append((u, "move_out", end_actual + days(rng.uniform(0, 2)), ten))
        add_history(u, end_actual, "status", "occupied", "vacant")
        add_request(u, b, None, at(end_actual + days(rng.uniform(0, 2))), "turnover", "normal")
        show_from = notice_at if notice_at is not None else end_actual
        v0, lease = end_actual, None

# common-area requests (unit_id NULL)
for b in range(NB):
    t0 = max(START, b_acq[b])
    n_d = (END - t0).days
    for _ in range(rng.poisson(0.02 * np.exp(-0.4 * b_q[b]) * b_units[b] / 36 * n_d)):
        opened = at(t0 + days(rng.uniform(0, n_d)), 6, 22)
        cat = str(rng.choice(["common_area", "elevator", "landscaping", "plumbing", "electrical"]))
        if cat == "elevator" and b_floors[b] < 5:
            cat = "common_area"
        add_request(None, b, None, opened, cat, str(rng.choice(["high", "normal"], p=[0.3, 0.7])))

# annual inspections per unit in the building's month
for u in range(NU):
    b = u_b[u]
    for y in (2023, 2024, 2025):
        sched = dtm.datetime(y, int(b_insp_month[b]), int(rng.integers(1, 28)), 10)
        if sched < max(START, b_acq[b]) + days(20) or sched > dtm.datetime(2025, 2, 28):
            continue
        insps.append((u, "annual", sched, None))

# ---------------------------------------------------------------- prospects, viewings, applications
vac = [(u, f, s) for u, f, s, _ in vacancies if f is not None]
sw_u = np.array([v[0] for v in vac])
sw_from = np.array([(v[1] - START).total_seconds() / 86400 for v in vac])
sw_to = np.array([((v[2] - START).total_seconds() / 86400 if v[2] is not None else 800.0) for v in vac])
ub = np.array(u_b)
ubr = np.array(u_br)
b_key = b_city * 4 + b_neigh
prospects, viewings, apps = [], [], []


def choose_units(t_day, city, pref_b, br, exclude):
    m = (sw_from <= t_day) & (sw_to > t_day + 2)
    cand = np.unique(sw_u[m])
    cand = cand[(b_city[ub[cand]] == city) & ~np.isin(cand, [x for x in exclude if x is not None])]
    if not len(cand):
        return None
    w = np.ones(len(cand))
    w *= np.where(ub[cand] == pref_b, 6.0, 1.0) * np.where(b_key[ub[cand]] == b_key[pref_b], 3.0, 1.0)
    w *= np.where(ubr[cand] == br, 5.0, 1.0)
    return int(rng.choice(cand, p=w / w.sum()))


def prospect_views(pid, created, city, pref_b, br, n_extra, last_day, must=None):
    t = created
    seen = set()
    slots = n_extra + (must is not None)
    must_slot = int(rng.integers(0, slots)) if must is not None else -1
    for k in range(slots):
        t = t + days(rng.exponential(3) + 0.3)
        if t > last_day:
            t = last_day - days(rng.uniform(0, 1))
        if k == must_slot:
            unit = must
        else:
            unit = choose_units((t - START).total_seconds() / 86400, city, pref_b, br, seen | {must})
            if unit is None:
                continue
        seen.add(unit)
        when = at(t, 10, 19)
        viewings.append((pid, unit, when, when - days(rng.uniform(0.5, 6)), pick_staff("leasing_agent", city, when)))
    return seen


SOURCES = ["listing_site", "website", "referral", "walk_in", "social"]
for u, f, signed, ten in vacancies:
    if ten is None:
        continue
    f = f if f is not None else signed - days(30)
    b = u_b[u]
    created = f + days(rng.uniform(0, 0.6) * max(1.0, (signed - f).days)) - days(rng.uniform(0, 10))
    created = at(min(created, signed - days(3)))
    pid = len(prospects)
    br = u_br[u] if rng.random() < 0.85 else int(rng.integers(0, 4))
    prospects.append((created, b_city[b], br, T["income"][ten] * T["burden"][ten] / 12 * 1.1, ten, signed))
    T["prospect"][ten] = pid
    prospect_views(pid, created, b_city[b], b, br, rng.poisson(1.6), signed - days(2), must=u)
    sub = at(signed - days(rng.uniform(2, 8)))
    apps.append((pid, u, sub, "approved", sub + days(rng.uniform(0.5, 3)), T["credit"][ten], T["income"][ten]))
n_conv = len(prospects)
for _ in range(int(1.3 * n_conv)):
    created = at(START + days(rng.uniform(0, 730)))
    b = int(rng.integers(0, NB))
    br = int(rng.choice(4, p=[0.12, 0.4, 0.35, 0.13]))
    pid = len(prospects)
    prospects.append((created, b_city[b], br, CITY_BASE[b_city[b]] * BR_F[br] * rng.lognormal(0.05, 0.15), None, None))
    seen = prospect_views(pid, created, b_city[b], b, br, 1 + rng.poisson(1.4), created + days(45))
    if len(seen) >= 2 and rng.random() < 0.25:
        unit = sorted(seen)[-1]
        credit = int(np.clip(rng.normal(660, 70), 450, 850))
        sub = at(created + days(rng.uniform(5, 25)))
        st = "rejected" if credit < 620 else "withdrawn"
        apps.append((pid, unit, sub, st, sub + days(rng.uniform(1, 4)) if st == "rejected" else None, credit, None))

# ---------------------------------------------------------------- tables
NT = len(T["z"])
if "--as-of" in sys.argv:  # an as-of copy: the same simulation, today's state and the rows as they stood then
    END = dtm.datetime.fromisoformat(sys.argv[sys.argv.index("--as-of") + 1])
lease_df = pd.DataFrame(
    leases, columns=["u", "ten", "start", "end", "rent", "prev", "signed", "reason", "end_actual", "tenure"]
)
lease_df["lease_id"] = np.arange(1, len(lease_df) + 1)
lease_df = lease_df[lease_df.signed <= END]
active = (lease_df.start <= END) & (lease_df.end_actual > END)
renewed_ids = set(lease_df.prev.dropna().astype(int) + 1)
status = np.where(
    lease_df.start > END,
    "pending",
    np.where(
        lease_df.lease_id.isin(renewed_ids) & (lease_df.end <= END),
        "renewed",
        np.where(active, "active", np.where(lease_df.reason.isin(["evicted", "terminated"]), lease_df.reason, "ended")),
    ),
)
st_terminated = lease_df.reason.isin(["evicted", "terminated"]) & (lease_df.end_actual <= END)
leases_t = pd.DataFrame(
    {
        "lease_id": lease_df.lease_id,
        "unit_id": lease_df.u + 1,
        "tenant_id": lease_df.ten + 1,
        "previous_lease_id": (lease_df.prev + 1).astype("Int64"),
        "signed_at": lease_df.signed,
        "start_date": lease_df.start.dt.date,
        "end_date": lease_df.end.dt.date,
        "monthly_rent": lease_df.rent.astype(float),
        "security_deposit": (lease_df.rent * np.where(rng.random(len(lease_df)) < 0.7, 1.0, 0.5)).round(0),
        "lease_type": np.where((lease_df.end - lease_df.start).dt.days < 250, "6_month", "12_month"),
        "status": status,
        "terminated_at": lease_df.end_actual.where(st_terminated),
        "move_out_date": lease_df.end_actual.dt.date.where(
            (lease_df.end_actual <= END) & ~lease_df.lease_id.isin(renewed_ids)
        ),
    }
)
leases_t.loc[leases_t.lease_type.eq("12_month") & ((lease_df.end - lease_df.start).dt.days > 400), "lease_type"] = (
    "24_month"
)
lease_unit = dict(zip(leases_t.lease_id, leases_t.unit_id, strict=True))

# tenants: today's state
last_lease = lease_df[lease_df.start <= END].sort_values("start").drop_duplicates("ten", keep="last").set_index("ten")
t_status, t_unit, t_moveout = [], [], []
for i in range(NT):
    if i not in last_lease.index:
        t_status.append("future")
        t_unit.append(None)
        t_moveout.append(None)
        continue
    r = last_lease.loc[i]
    if r.end_actual > END:
        t_status.append("current")
        t_unit.append(int(r.u) + 1)
        t_moveout.append(None)
    else:
        t_status.append("evicted" if r.reason == "evicted" else "former")
        t_unit.append(None)
        t_moveout.append(r.end_actual.date())
FIRST = ["Ana", "Ben", "Carla", "Dev", "Elena", "Finn", "Grace", "Hugo", "Ines", "Jamal", "Kai", "Lena", "Mo", "Nia"]
LAST = ["Smith", "Garcia", "Nguyen", "Patel", "Kim", "Brown", "Lopez", "Miller", "Okafor", "Chen", "Rossi", "Silva"]
names = [f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}" for _ in range(NT)]
dob = [
    (dtm.date(1945, 1, 1) + dtm.timedelta(days=int(rng.integers(0, 20000)))) if rng.random() > 0.2 else None
    for _ in range(NT)
]
tenants = pd.DataFrame(
    {
        "tenant_id": np.arange(1, NT + 1),
        "full_name": names,
        "email": [f"{n.split()[0].lower()}.{n.split()[1].lower()}{i}@mail.example" for i, n in enumerate(names)],
        "date_of_birth": dob,
        "employment_type": T["emp"],
        "annual_income": [None if imp and rng.random() < 0.3 else inc for imp, inc in zip(T["imported"], T["income"], strict=True)],
        "credit_score": [None if rng.random() < 0.15 else c for c in T["credit"]],
        "has_pets": T["pets"],
        "preferred_payment_method": T["pay_method"],
        "prospect_id": [None if p is None else p + 1 for p in T["prospect"]],
        "created_at": T["created"],
        "status": t_status,
        "current_unit_id": t_unit,
        "move_out_date": t_moveout,
    }
)
tenants["prospect_id"] = tenants.prospect_id.astype("Int64")
tenants["current_unit_id"] = tenants.current_unit_id.astype("Int64")

# units: today's state
occ_now = set(leases_t.unit_id[(leases_t.status == "active")])
cur_rent = leases_t[leases_t.status == "active"].set_index("unit_id").monthly_rent
units = pd.DataFrame(
    {
        "unit_id": np.arange(1, NU + 1),
        "building_id": np.array(u_b) + 1,
        "unit_number": u_num,
        "floor": u_floor,
        "bedrooms": u_br,
        "bathrooms": u_bath,
        "sqft": u_sqft,
        "status": ["occupied" if u + 1 in occ_now else ("vacant" if rng.random() < 0.85 else "make_ready") for u in range(NU)],
        "current_rent": [
            float(cur_rent.get(u + 1, round(market(u, END) / 5) * 5)) for u in range(NU)
        ],
        "has_balcony": rng.random(NU) < 0.35,
        "last_renovated_year": [None if rng.random() < 0.6 else int(rng.integers(2005, 2024)) for _ in range(NU)],
    }
)
units["last_renovated_year"] = units.last_renovated_year.astype("Int64")
buildings = pd.DataFrame(
    {
        "building_id": np.arange(1, NB + 1),
        "name": [f"The {w} {i + 1}" for i, w in enumerate(rng.choice(["Oaks", "Lofts", "Commons", "Residences", "Flats", "Yards"], NB))],
        "city": [CITIES[c] for c in b_city],
        "neighborhood": [NEIGH[c][n] for c, n in zip(b_city, b_neigh, strict=True)],
        "year_built": b_year,
        "floors": b_floors,
        "total_units": b_units,
        "building_class": b_class,
        "has_elevator": b_floors >= 5,
        "pet_friendly": rng.random(NB) < 0.7,
        "manager_id": b_manager,
        "acquired_at": b_acq,
    }
)
staff = pd.DataFrame(
    {
        "staff_id": np.arange(1, NS + 1),
        "full_name": [f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}" for _ in range(NS)],
        "role": STAFF_ROLES,
        "city": [CITIES[c] for c in s_city],
        "hired_at": s_hired,
        "terminated_at": s_term,
    }
)

ch = pd.DataFrame(charges, columns=["lid", "charge_type", "amount", "created_at", "due_date", "paid_at"])
ch["lease_id"] = ch.lid + 1
ch = ch[ch.created_at <= END].sort_values(["created_at", "lease_id"]).reset_index()
ch["charge_id"] = np.arange(1, len(ch) + 1)
cid_map = dict(zip(ch["index"], ch.charge_id, strict=True))
ch["paid_at"] = pd.to_datetime(ch.paid_at)
ch.loc[ch.paid_at > END, "paid_at"] = pd.NaT
ch_status = np.where(
    ch.paid_at.notna(), "paid", np.where(pd.to_datetime(ch.due_date) < pd.Timestamp(END), "past_due", "open")
)
# a past-due charge of a lease that has ended is written off
ended = set(leases_t.lease_id[leases_t.move_out_date.notna()])
ch_status = np.where((ch_status == "past_due") & ch.lease_id.isin(ended), "written_off", ch_status)
charges_t = pd.DataFrame(
    {
        "charge_id": ch.charge_id,
        "lease_id": ch.lease_id,
        "charge_type": ch.charge_type,
        "amount": ch.amount,
        "created_at": ch.created_at,
        "due_date": ch.due_date,
        "status": ch_status,
        "paid_at": ch.paid_at,
    }
)
pdf = pd.DataFrame(pays, columns=["ten", "lid", "cid", "paid_at", "amount", "method", "status", "returned_at"])
pdf["returned_at"] = pd.to_datetime(pdf.returned_at)
pdf = pdf[pdf.paid_at <= END].sort_values("paid_at").reset_index(drop=True)
pdf.loc[pdf.returned_at > END, "status"] = "cleared"
pdf.loc[pdf.returned_at > END, "returned_at"] = pd.NaT
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(pdf) + 1),
        "tenant_id": pdf.ten + 1,
        "lease_id": pdf.lid + 1,
        "charge_id": pdf.cid.map(cid_map).astype("Int64"),
        "received_at": pdf.paid_at,
        "amount": pdf.amount,
        "method": pdf.method,
        "status": pdf.status,
        "returned_at": pd.to_datetime(pdf.returned_at),
    }
)

of = pd.DataFrame(offers, columns=["lid", "offered_at", "proposed_rent", "increase_pct", "response", "responded_at"])
of["responded_at"] = pd.to_datetime(of.responded_at)
of = of[of.offered_at <= END].sort_values("offered_at").reset_index(drop=True)
late_resp = of.responded_at.isna() | (of.responded_at > END)
of.loc[late_resp, "response"] = np.where(of.offered_at[late_resp] + pd.Timedelta(days=35) < END, "no_response", "pending")
of.loc[late_resp, "responded_at"] = pd.NaT
renewal_offers = pd.DataFrame(
    {
        "offer_id": np.arange(1, len(of) + 1),
        "lease_id": of.lid + 1,
        "offered_at": of.offered_at,
        "proposed_rent": of.proposed_rent.astype(float),
        "increase_pct": of.increase_pct,
        "response": of.response,
        "responded_at": pd.to_datetime(of.responded_at),
    }
)
nt = pd.DataFrame(notices, columns=["lid", "ten", "given_at", "move_out_date", "given_by", "reason"])
nt = nt[nt.given_at <= END].sort_values("given_at").reset_index(drop=True)
move_out_notices = pd.DataFrame(
    {
        "notice_id": np.arange(1, len(nt) + 1),
        "lease_id": nt.lid + 1,
        "tenant_id": nt.ten + 1,
        "given_at": nt.given_at,
        "intended_move_out": nt.move_out_date,
        "given_by": nt.given_by,
        "reason": nt.reason,
    }
)
mr = pd.DataFrame(maint, columns=["u", "b", "ten", "opened_at", "category", "priority", "resolved_at", "tech"])
mr["u"] = pd.to_numeric(mr.u)
mr["ten"] = pd.to_numeric(mr.ten)
mr = mr[mr.opened_at <= END].sort_values("opened_at").reset_index(drop=True)
open_now = mr.resolved_at > END
cost = np.round(
    np.where(mr.category == "turnover", rng.gamma(3, 250, len(mr)), rng.lognormal(np.log(180), 0.8, len(mr))), 2
)
maintenance_requests = pd.DataFrame(
    {
        "request_id": np.arange(1, len(mr) + 1),
        "building_id": mr.b + 1,
        "unit_id": (mr.u + 1).astype("Int64"),
        "tenant_id": (mr.ten + 1).astype("Int64"),
        "opened_at": mr.opened_at,
        "category": mr.category,
        "priority": mr.priority,
        "assigned_to": mr.tech,
        "status": np.where(open_now, np.where(rng.random(len(mr)) < 0.5, "open", "in_progress"), "resolved"),
        "resolved_at": mr.resolved_at.where(~open_now),
        "cost": pd.Series(cost).where(~open_now & (rng.random(len(mr)) > 0.1)),
    }
)
cp = pd.DataFrame(complaints, columns=["ten", "b", "u", "filed_at", "category"])
cp = cp[cp.filed_at <= END].sort_values("filed_at").reset_index(drop=True)
cres = cp.filed_at + pd.to_timedelta(rng.exponential(6, len(cp)) + 0.2, "D")
cres = cres.where((cres <= END) & (rng.random(len(cp)) > 0.07))
complaints_t = pd.DataFrame(
    {
        "complaint_id": np.arange(1, len(cp) + 1),
        "tenant_id": cp.ten + 1,
        "building_id": cp.b + 1,
        "unit_id": cp.u + 1,
        "filed_at": cp.filed_at,
        "category": cp.category,
        "channel": rng.choice(["portal", "email", "phone", "in_person"], len(cp), p=[0.45, 0.25, 0.2, 0.1]),
        "status": np.where(cres.notna(), "resolved", "open"),
        "resolved_at": cres,
    }
)
ins = pd.DataFrame(insps, columns=["u", "kind", "sched", "ten"])
ins["created_at"] = [
    s - dtm.timedelta(days=float(rng.uniform(14, 30))) if k == "annual" else s - dtm.timedelta(days=float(rng.uniform(1, 7)))
    for s, k in zip(ins.sched, ins.kind, strict=True)
]
ins = ins[ins.created_at <= END].sort_values("created_at").reset_index(drop=True)
ins["done"] = ins.sched + pd.to_timedelta(rng.uniform(0, 3, len(ins)), "D")
# the tenant at the time of an annual inspection (for its score)
occ_by_unit = {}
for r in lease_df.itertuples():
    occ_by_unit.setdefault(r.u, []).append((r.start, r.end_actual, r.ten))
scores = []
for r in ins.itertuples():
    ten = r.ten
    if ten is None or (isinstance(ten, float) and np.isnan(ten)):
        ten = next((t for s, e, t in occ_by_unit.get(r.u, []) if s <= r.sched < e), None)
    care = T["k"][int(ten)] if ten is not None else 0.7
    sc = 3.6 + 0.6 * care - 0.3 * (b_year[u_b[r.u]] < 1960) + rng.normal(0, 0.6)
    scores.append(int(np.clip(round(sc), 1, 5)))
ins_done = ins.done <= END
inspections = pd.DataFrame(
    {
        "inspection_id": np.arange(1, len(ins) + 1),
        "unit_id": ins.u + 1,
        "inspection_type": ins.kind,
        "created_at": ins.created_at,
        "scheduled_date": ins.sched.dt.date,
        "inspector_id": [pick_staff("inspector", b_city[u_b[u]], s) for u, s in zip(ins.u, ins.sched, strict=True)],
        "completed_at": ins.done.where(ins_done),
        "score": pd.Series(scores).where(ins_done).astype("Int64"),
        "findings": pd.Series(np.maximum(0, 5 - np.array(scores)) + rng.poisson(0.5, len(ins))).where(ins_done).astype("Int64"),
    }
)
hs = pd.DataFrame(history, columns=["u", "changed_at", "field_name", "old_value", "new_value", "recorded_at"])
hs = hs[hs.recorded_at <= END].sort_values("changed_at").reset_index(drop=True)
unit_history = pd.DataFrame(
    {
        "history_id": np.arange(1, len(hs) + 1),
        "unit_id": hs.u + 1,
        "field_name": hs.field_name,
        "old_value": hs.old_value,
        "new_value": hs.new_value,
        "changed_at": hs.changed_at,
        "recorded_at": hs.recorded_at,
    }
)
pr_df = pd.DataFrame(prospects, columns=["created_at", "city", "br", "budget", "ten", "signed"])
prospects_t = pd.DataFrame(
    {
        "prospect_id": np.arange(1, len(pr_df) + 1),
        "created_at": pr_df.created_at,
        "source": rng.choice(SOURCES, len(pr_df), p=[0.45, 0.25, 0.15, 0.1, 0.05]),
        "city": [CITIES[c] for c in pr_df.city],
        "desired_bedrooms": pd.Series(pr_df.br.values).where(rng.random(len(pr_df)) > 0.2).astype("Int64"),
        "max_budget": pd.Series(np.round(pr_df.budget.values.astype(float), -1)).where(rng.random(len(pr_df)) > 0.35),
        "tenant_id": pd.Series(pd.to_numeric(pr_df.ten).values + 1).where(pr_df.signed.notna() & (pr_df.signed <= END)).astype("Int64"),
    }
)
prospects_t = prospects_t[(prospects_t.created_at <= END) | prospects_t.prospect_id.isin(tenants.prospect_id)]
vw = pd.DataFrame(viewings, columns=["pid", "u", "scheduled_at", "booked_at", "agent"])
vw = vw[vw.booked_at <= END].sort_values("scheduled_at").reset_index(drop=True)
vs = rng.choice(["completed", "no_show", "cancelled"], len(vw), p=[0.8, 0.12, 0.08])
viewings_t = pd.DataFrame(
    {
        "viewing_id": np.arange(1, len(vw) + 1),
        "prospect_id": vw.pid + 1,
        "unit_id": vw.u + 1,
        "agent_id": vw.agent,
        "booked_at": vw.booked_at,
        "scheduled_at": vw.scheduled_at,
        "status": np.where(vw.scheduled_at > END, "scheduled", vs),
    }
)
ap = pd.DataFrame(apps, columns=["pid", "u", "submitted_at", "status", "decided_at", "credit", "income"])
ap = ap[ap.submitted_at <= END].sort_values("submitted_at").reset_index(drop=True)
undecided = ap.decided_at.notna() & (ap.decided_at > END)
ap.loc[undecided, "status"] = "pending"
ap.loc[undecided, "decided_at"] = None
applications = pd.DataFrame(
    {
        "application_id": np.arange(1, len(ap) + 1),
        "prospect_id": ap.pid + 1,
        "unit_id": ap.u + 1,
        "submitted_at": ap.submitted_at,
        "status": ap.status,
        "decided_at": pd.to_datetime(ap.decided_at),
        "credit_score": ap.credit,
        "stated_income": ap.income,
    }
)
viewings_t = viewings_t[viewings_t.prospect_id.isin(prospects_t.prospect_id)]  # an as-of copy's: rows of its prospects
applications = applications[applications.prospect_id.isin(prospects_t.prospect_id)]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, full_name VARCHAR, role VARCHAR, city VARCHAR, hired_at TIMESTAMP,
  terminated_at TIMESTAMP);
CREATE TABLE buildings (building_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, neighborhood VARCHAR,
  year_built INTEGER, floors INTEGER, total_units INTEGER, building_class VARCHAR, has_elevator BOOLEAN,
  pet_friendly BOOLEAN, manager_id INTEGER REFERENCES staff(staff_id), acquired_at TIMESTAMP);
CREATE TABLE units (unit_id INTEGER PRIMARY KEY, building_id INTEGER REFERENCES buildings(building_id),
  unit_number VARCHAR, floor INTEGER, bedrooms INTEGER, bathrooms DOUBLE, sqft INTEGER, status VARCHAR,
  current_rent DOUBLE, has_balcony BOOLEAN, last_renovated_year INTEGER);
CREATE TABLE prospects (prospect_id INTEGER PRIMARY KEY, created_at TIMESTAMP, source VARCHAR, city VARCHAR,
  desired_bedrooms INTEGER, max_budget DOUBLE, tenant_id INTEGER);  -- tenant_id undeclared, filled in on signing
CREATE TABLE tenants (tenant_id INTEGER PRIMARY KEY, full_name VARCHAR, email VARCHAR, date_of_birth DATE,
  employment_type VARCHAR, annual_income DOUBLE, credit_score INTEGER, has_pets BOOLEAN,
  preferred_payment_method VARCHAR, prospect_id INTEGER REFERENCES prospects(prospect_id), created_at TIMESTAMP,
  status VARCHAR, current_unit_id INTEGER, move_out_date DATE);  -- current_unit_id undeclared (today's state)
CREATE TABLE leases (lease_id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units(unit_id),
  tenant_id INTEGER REFERENCES tenants(tenant_id), previous_lease_id INTEGER, signed_at TIMESTAMP, start_date DATE,
  end_date DATE, monthly_rent DOUBLE, security_deposit DOUBLE, lease_type VARCHAR, status VARCHAR,
  terminated_at TIMESTAMP, move_out_date DATE);
CREATE TABLE charges (charge_id INTEGER PRIMARY KEY, lease_id INTEGER REFERENCES leases(lease_id),
  charge_type VARCHAR, amount DOUBLE, created_at TIMESTAMP, due_date DATE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, tenant_id INTEGER REFERENCES tenants(tenant_id),
  lease_id INTEGER, charge_id INTEGER, received_at TIMESTAMP, amount DOUBLE, method VARCHAR, status VARCHAR,
  returned_at TIMESTAMP);  -- lease_id, charge_id undeclared
CREATE TABLE renewal_offers (offer_id INTEGER PRIMARY KEY, lease_id INTEGER REFERENCES leases(lease_id),
  offered_at TIMESTAMP, proposed_rent DOUBLE, increase_pct DOUBLE, response VARCHAR, responded_at TIMESTAMP);
CREATE TABLE move_out_notices (notice_id INTEGER PRIMARY KEY, lease_id INTEGER REFERENCES leases(lease_id),
  tenant_id INTEGER REFERENCES tenants(tenant_id), given_at TIMESTAMP, intended_move_out DATE, given_by VARCHAR,
  reason VARCHAR);
CREATE TABLE maintenance_requests (request_id INTEGER PRIMARY KEY, building_id INTEGER
  REFERENCES buildings(building_id), unit_id INTEGER REFERENCES units(unit_id), tenant_id INTEGER, opened_at TIMESTAMP,
  category VARCHAR, priority VARCHAR, assigned_to INTEGER REFERENCES staff(staff_id), status VARCHAR,
  resolved_at TIMESTAMP, cost DOUBLE);  -- tenant_id undeclared
CREATE TABLE complaints (complaint_id INTEGER PRIMARY KEY, tenant_id INTEGER REFERENCES tenants(tenant_id),
  building_id INTEGER REFERENCES buildings(building_id), unit_id INTEGER, filed_at TIMESTAMP, category VARCHAR,
  channel VARCHAR, status VARCHAR, resolved_at TIMESTAMP);  -- unit_id undeclared
CREATE TABLE inspections (inspection_id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units(unit_id),
  inspection_type VARCHAR, created_at TIMESTAMP, scheduled_date DATE, inspector_id INTEGER REFERENCES staff(staff_id),
  completed_at TIMESTAMP, score INTEGER, findings INTEGER);
CREATE TABLE unit_history (history_id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units(unit_id),
  field_name VARCHAR, old_value VARCHAR, new_value VARCHAR, changed_at TIMESTAMP, recorded_at TIMESTAMP);
CREATE TABLE viewings (viewing_id INTEGER PRIMARY KEY, prospect_id INTEGER REFERENCES prospects(prospect_id),
  unit_id INTEGER REFERENCES units(unit_id), agent_id INTEGER REFERENCES staff(staff_id), booked_at TIMESTAMP,
  scheduled_at TIMESTAMP, status VARCHAR);
CREATE TABLE applications (application_id INTEGER PRIMARY KEY, prospect_id INTEGER REFERENCES prospects(prospect_id),
  unit_id INTEGER REFERENCES units(unit_id), submitted_at TIMESTAMP, status VARCHAR, decided_at TIMESTAMP,
  credit_score INTEGER, stated_income DOUBLE);
""")
for name, df in [
    ("staff", staff),
    ("buildings", buildings),
    ("units", units),
    ("prospects", prospects_t),
    ("tenants", tenants),
    ("leases", leases_t),
    ("charges", charges_t),
    ("payments", payments),
    ("renewal_offers", renewal_offers),
    ("move_out_notices", move_out_notices),
    ("maintenance_requests", maintenance_requests),
    ("complaints", complaints_t),
    ("inspections", inspections),
    ("unit_history", unit_history),
    ("viewings", viewings_t),
    ("applications", applications),
]:
    con.register("df_", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df_")
    con.unregister("df_")
con.close()
