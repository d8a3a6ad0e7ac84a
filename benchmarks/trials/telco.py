"""A telecom database (customers, subscriptions that are cancelled, weekly usage, payments, tickets), seeded:
`python benchmarks/trials/telco.py PATH`. Written by a fresh-eyes trial (2026-12-04), kept for benchmarks/trials.py."""

import datetime as dt
import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(11)
N = 800
START = dt.date(2023, 1, 2)
END = dt.date(2024, 12, 31)
days_total = (END - START).days
path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
regions = np.array(["north", "south", "east", "west"])
segments = np.array(["consumer", "business"])
cust, subs, usage, pays, tix = [], [], [], [], []
sid = pid = tid = 0
fees = {"basic": 19.0, "plus": 39.0, "max": 69.0}
for c in range(1, N + 1):
    j = START + dt.timedelta(days=int(rng.integers(0, days_total - 60)))
    reg = rng.choice(regions)
    seg = rng.choice(segments, p=[0.75, 0.25])
    sat = rng.normal()
    cust.append((c, j, reg, seg))
    # churn time: hazard per week depends on satisfaction
    haz = 0.004 * np.exp(-1.0 * sat)
    cur = j
    last_plan = None
    alive_end = None
    nsubs = 0
    while cur < END and nsubs < 3:
        plan = rng.choice(["basic", "plus", "max"], p=[0.5, 0.35, 0.15] if seg == "consumer" else [0.2, 0.4, 0.4])
        if last_plan == "basic" and rng.random() < 0.5:
            plan = "plus"
        sid += 1
        nsubs += 1
        wk = rng.geometric(haz)
        canc = cur + dt.timedelta(days=int(wk * 7))
        started = dt.datetime.combine(cur, dt.time(int(rng.integers(8, 20)), int(rng.integers(0, 60))))
        if canc >= END:
            subs.append((sid, c, plan, fees[plan], started, None))
            alive_end = END
            cur = END
            break
        canc_ts = dt.datetime.combine(canc, dt.time(int(rng.integers(8, 20)), 0))
        subs.append((sid, c, plan, fees[plan], started, canc_ts))
        # some customers re-subscribe after a gap, others churn for good
        if rng.random() < 0.25 + 0.15 * (sat > 0):
            cur = canc + dt.timedelta(days=int(rng.integers(3, 60)))
            last_plan = plan
            alive_end = canc
        else:
            alive_end = canc
            cur = END
            break
    # active intervals = subscription intervals
    for _s_id, _cc, plan, fee, st, ca in [s for s in subs if s[1] == c]:
        stop = ca.date() if ca else END
        # weekly usage rows, week starting Monday
        d = st.date() + dt.timedelta(days=(7 - st.date().weekday()) % 7)
        base_min = rng.lognormal(5.0 + 0.3 * sat, 0.4) * (1.5 if seg == "business" else 1)
        base_mb = rng.lognormal(7.5 + 0.2 * sat, 0.5) * {"basic": 0.6, "plus": 1.0, "max": 1.6}[plan]
        while d < stop:
            remaining = (stop - d).days
            decline = (
                1.0 if (ca is None or remaining > 70) else (0.5 + 0.5 * remaining / 70)
            )  # usage fades before cancel
            season = 1.5 if d.month == 12 else 1.0
            mins = max(0.0, rng.normal(base_min * decline, base_min * 0.15))
            mb = max(0.0, rng.normal(base_mb * decline * season, base_mb * 0.2))
            usage.append((c, d, round(mins, 1), round(mb, 1)))
            d += dt.timedelta(days=7)
        # monthly payments
        p = st
        while p.date() < stop:
            pid += 1
            fail_p = 1 / (1 + np.exp(2.2 + 1.2 * sat))
            failed = rng.random() < fail_p
            pays.append(
                (
                    pid,
                    c,
                    p + dt.timedelta(minutes=int(rng.integers(0, 600))),
                    fee if not failed else fee,
                    "failed" if failed else "paid",
                )
            )
            if failed and rng.random() < 0.7:  # retry
                pid += 1
                pays.append((pid, c, p + dt.timedelta(days=int(rng.integers(1, 5))), fee, "paid"))
            p = p + dt.timedelta(days=30)
    # tickets, Poisson weekly rate depends on satisfaction
    act_start = j
    stop = alive_end or END
    d = act_start
    while d < stop:
        rate = 0.02 * np.exp(-0.8 * sat)
        if rng.random() < rate * 7 / 7 * 3:
            tid += 1
            cat = rng.choice(["billing", "network", "device"], p=[0.3, 0.5, 0.2] if sat < -0.5 else [0.4, 0.2, 0.4])
            op = dt.datetime.combine(d, dt.time(int(rng.integers(0, 24)), int(rng.integers(0, 60))))
            cl = op + dt.timedelta(hours=float(rng.exponential(48)))
            tix.append((tid, c, op, cat, cl if cl < dt.datetime(2024, 12, 31, 12) else None))
        d += dt.timedelta(days=int(rng.integers(10, 25)))
print(len(cust), len(subs), len(usage), len(pays), len(tix))
con = duckdb.connect(path)
con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, joined_on DATE, region VARCHAR, segment VARCHAR)")
con.execute(
    "CREATE TABLE subscriptions (subscription_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id), plan VARCHAR, monthly_fee DOUBLE, started_at TIMESTAMP, cancelled_at TIMESTAMP)"
)
con.execute("CREATE TABLE usage_daily (customer_id INTEGER, day DATE, minutes DOUBLE, data_mb DOUBLE)")
con.execute(
    "CREATE TABLE payments (payment_id INTEGER, customer_id INTEGER, paid_at TIMESTAMPTZ, amount DOUBLE, status VARCHAR)"
)
con.execute(
    "CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, customer_id INTEGER, opened_at TIMESTAMP, category VARCHAR, closed_at TIMESTAMP)"
)
con.executemany("INSERT INTO customers VALUES (?,?,?,?)", cust)
con.executemany("INSERT INTO subscriptions VALUES (?,?,?,?,?,?)", subs)

u = pd.DataFrame(usage, columns=["customer_id", "day", "minutes", "data_mb"])
con.execute("INSERT INTO usage_daily SELECT * FROM u")
p = pd.DataFrame(pays, columns=["payment_id", "customer_id", "paid_at", "amount", "status"])
con.execute("SET TimeZone='UTC'")
con.execute(
    "INSERT INTO payments SELECT payment_id, customer_id, paid_at::TIMESTAMP AT TIME ZONE 'UTC', amount, status FROM p"
)
t = pd.DataFrame(tix, columns=["ticket_id", "customer_id", "opened_at", "category", "closed_at"])
con.execute("INSERT INTO tickets SELECT * FROM t")
for tb in ["customers", "subscriptions", "usage_daily", "payments", "tickets"]:
    print(tb, con.sql(f"select count(*) from {tb}").fetchall())
con.close()
