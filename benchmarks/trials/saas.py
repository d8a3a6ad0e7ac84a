"""A SaaS database (accounts, users inviting users, subscriptions that end, invoices, events, tickets), seeded:
`python benchmarks/trials/saas.py PATH`. Written by a fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py."""

import datetime as dt
import os
import sys

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

OUT = sys.argv[1]
rng = np.random.default_rng(12345)
START = dt.datetime(2023, 7, 1)
END = dt.datetime(2025, 12, 31, 23, 59, 59)
DAYS = (END - START).days + 1  # ~914

N_ACC = 700
PLANS = ["free", "starter", "pro", "enterprise"]
PLAN_MRR = {"free": 0, "starter": 49, "pro": 199, "enterprise": 999}
COUNTRIES = ["US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "AU", "NL"]
FEATURES = [
    f"feat_{n}"
    for n in [
        "dashboard",
        "reports",
        "export",
        "import",
        "api",
        "alerts",
        "sso",
        "billing",
        "search",
        "share",
        "comments",
        "tags",
        "filters",
        "charts",
        "templates",
        "integrations",
        "webhooks",
        "audit",
        "roles",
        "mobile",
        "calendar",
        "tasks",
        "kanban",
        "timeline",
        "docs",
        "chat",
        "forms",
        "automation",
        "ai_assist",
        "settings",
    ]
]
fpop = rng.dirichlet(np.ones(len(FEATURES)) * 0.6)

accounts, users, subs, invoices, events, tickets = [], [], [], [], [], []
uid = 0
sid = 0
iid = 0
tid = 0
acc_users = {}
for a in range(1, N_ACC + 1):
    # creation: 70% in first 3 months (existing base), rest spread, extra new ones in last months
    r = rng.random()
    if r < 0.55:
        c_day = int(rng.integers(0, 90))
    elif r < 0.92:
        c_day = int(rng.integers(90, DAYS - 120))
    else:
        c_day = int(rng.integers(DAYS - 120, DAYS - 5))
    created = START + dt.timedelta(days=c_day, seconds=int(rng.integers(0, 86400)))
    plan = rng.choice(PLANS, p=[0.3, 0.35, 0.27, 0.08])
    country = rng.choice(COUNTRIES)
    emp = int(rng.lognormal(3.5 + PLANS.index(plan) * 0.6, 1.0))
    emp = None if rng.random() < 0.15 else emp
    health = rng.normal(0, 1)
    # churn: unhealthy accounts churn with higher prob; churn day after creation
    churn_p = 1 / (1 + np.exp(-(-1.2 - 1.5 * health)))
    churn_day = None
    if rng.random() < churn_p:
        churn_day = c_day + int(rng.integers(60, 700))
        if churn_day >= DAYS:
            churn_day = None
    accounts.append((a, created, str(plan), str(country), emp))
    # users
    n_users = max(1, int(rng.poisson(2 + PLANS.index(plan) * 3)))
    ulist, sus = [], []
    last_ = churn_day if churn_day else DAYS
    sdays = sorted(c_day + int(rng.integers(0, max(1, min(400, last_ - c_day)))) for _ in range(n_users - 1))
    for k in range(n_users):
        uid += 1
        if k == 0:
            inv = None
            su_day = c_day
            sec = created.hour * 3600 + created.minute * 60 + created.second
        else:
            last = churn_day if churn_day else DAYS
            su_day = sdays[k - 1]
            sec = int(rng.integers(0, 86400))
        su = START + dt.timedelta(days=su_day, seconds=sec)
        if k > 0:
            cands = [x for x, xs in zip(ulist, sus, strict=True) if xs <= su] or [ulist[0]]
            inv = int(rng.choice(cands))
            if su < sus[0]:
                su = sus[0]
        sus = [su] if k == 0 else sus + [su]
        # tz-aware: store in various offsets (UTC instant stays the same)
        users.append((uid, a, inv, su))
        ulist.append(uid)
    acc_users[a] = [(u, su_day_) for u, su_day_ in zip(ulist, [None] * len(ulist), strict=True)]
    # subscriptions: start with plan; maybe upgrade once
    end_sub = START + dt.timedelta(days=churn_day) if churn_day else None
    cur_plan = str(plan)
    s_start = created
    if rng.random() < 0.25 and (churn_day or DAYS) - c_day > 200:
        up_day = c_day + int(rng.integers(90, (churn_day or DAYS) - c_day - 30))
        sid += 1
        up_at = START + dt.timedelta(days=up_day)
        subs.append((sid, a, s_start, up_at, cur_plan, float(PLAN_MRR[cur_plan])))
        cur_plan = PLANS[min(3, PLANS.index(cur_plan) + 1)]
        s_start = up_at
    sid += 1
    mrr = PLAN_MRR[cur_plan] * (1 + 0.1 * rng.random())
    subs.append((sid, a, s_start, end_sub, cur_plan, round(float(mrr), 2)))
    # invoices monthly on the creation day-of-month; amount ~ mrr * seats; quarter-end extra invoices
    if PLAN_MRR[str(plan)] > 0 or cur_plan != "free":
        d = created.date().replace(day=min(created.day, 28))
        last_d = (START + dt.timedelta(days=churn_day)).date() if churn_day else END.date()
        seats = max(1, n_users)
        while d <= last_d:
            p_now = cur_plan if dt.datetime.combine(d, dt.time()) >= s_start else str(plan)
            base = PLAN_MRR[p_now] * (0.6 + 0.4 * seats**0.5)
            if base > 0:
                iid += 1
                st = rng.choice(
                    ["paid", "failed", "refunded"],
                    p=[0.9 - max(0, -health) * 0.05, 0.07 + max(0, -health) * 0.05, 0.03],
                )
                invoices.append((iid, a, d, round(float(base * rng.lognormal(0, 0.1)), 2), str(st)))
                if d.month in (3, 6, 9, 12) and rng.random() < 0.4:  # quarter-end add-on spike
                    iid += 1
                    qd = dt.date(d.year, d.month, 28)
                    invoices.append((iid, a, qd, round(float(base * rng.lognormal(0.5, 0.5)), 2), "paid"))
            m = d.month + 1
            y = d.year + (m > 12)
            m = (m - 1) % 12 + 1
            d = d.replace(year=y, month=m)
    # tickets
    n_t = rng.poisson(1.5 + max(0, -health) * 3 + PLANS.index(str(plan)))
    last = churn_day if churn_day else DAYS
    for _ in range(n_t):
        tid += 1
        td = c_day + int(rng.integers(0, max(1, last - c_day)))
        if churn_day and rng.random() < 0.5:
            td = max(c_day, churn_day - int(rng.integers(0, 60)))
        pr = rng.choice(["low", "normal", "high", "urgent"], p=[0.3, 0.45, 0.2, 0.05])
        tickets.append(
            (
                tid,
                a,
                START + dt.timedelta(days=td, seconds=int(rng.integers(0, 86400))),
                str(pr),
                f"Issue with {rng.choice(FEATURES)}: please help ({tid})",
            )
        )
    accounts[-1] = accounts[-1] + (health, c_day, churn_day)

# events: per user daily Poisson, rate from health, December dip, weekly pattern, decline before churn
acc_info = {a[0]: a for a in accounts}
eid = 0
ev_user, ev_feat, ev_time = [], [], []
TARGET = 300_000
rates = []
for u, a, _inv, su in users:
    info = acc_info[a]
    health, c_day, churn_day = info[5], info[6], info[7]
    su_day = (su - START).days
    last = churn_day if churn_day else DAYS
    rates.append((u, su_day, last, health, churn_day))
days = np.arange(DAYS)
dates = [START + dt.timedelta(days=int(d)) for d in days]
season = np.array(
    [
        (0.45 if d.month == 12 and d.day > 15 else 0.8 if d.month == 12 else 1.0) * (0.35 if d.weekday() >= 5 else 1.0)
        for d in dates
    ]
)
tot_exp = 0
base = []
for _u, s, last_day, h, _cd in rates:
    lam = np.exp(0.4 * h)
    base.append(lam)
    tot_exp += lam * season[s:last_day].sum() if last_day > s else 0
scale = TARGET / tot_exp
for (u, s, last_day, _h, cd), lam in zip(rates, base, strict=True):
    if last_day <= s:
        continue
    dd = np.arange(s, last_day)
    rate = lam * scale * season[s:last_day]
    if cd is not None:  # decline in the 90 days before churn
        rate = rate * np.clip((cd - dd) / 90.0, 0.05, 1.0)
    n = rng.poisson(rate)
    tot = int(n.sum())
    if tot == 0:
        continue
    dayrep = np.repeat(dd, n)
    secs = rng.integers(0, 86400, tot)
    ufav = rng.dirichlet(np.ones(len(FEATURES)) * 0.3) * 0.5 + fpop * 0.5
    f = rng.choice(len(FEATURES), size=tot, p=ufav / ufav.sum())
    ev_user.append(np.full(tot, u))
    ev_feat.append(f)
    ev_time.append(np.datetime64(START) + dayrep.astype("timedelta64[D]") + secs.astype("timedelta64[s]"))
ev_user = np.concatenate(ev_user)
ev_feat = np.concatenate(ev_feat)
ev_time = np.concatenate(ev_time)
order = np.argsort(ev_time, kind="stable")
ev_user, ev_feat, ev_time = ev_user[order], ev_feat[order], ev_time[order]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("SET TimeZone='UTC'")
con.execute("""CREATE TABLE accounts(account_id INTEGER PRIMARY KEY, created_at TIMESTAMP, plan_tier TEXT,
               country TEXT, employees INTEGER)""")
con.execute("""CREATE TABLE users(user_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
               invited_by INTEGER REFERENCES users(user_id), signed_up_at TIMESTAMPTZ)""")
con.execute("""CREATE TABLE subscriptions(subscription_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
               started_at TIMESTAMP, ended_at TIMESTAMP, plan TEXT, mrr DECIMAL(10,2))""")
con.execute("""CREATE TABLE invoices(invoice_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
               issued_at DATE, amount DECIMAL(10,2), status TEXT)""")
con.execute("""CREATE TABLE events(event_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(user_id),
               feature TEXT, happened_at TIMESTAMP)""")
con.execute("""CREATE TABLE tickets(ticket_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
               opened_at TIMESTAMP, priority TEXT, body TEXT)""")
con.executemany("INSERT INTO accounts VALUES (?,?,?,?,?)", [a[:5] for a in accounts])
# users must be inserted in order so self-FK parents exist (inviters have lower ids within account)

ut = pa.table(
    {
        "user_id": [u[0] for u in users],
        "account_id": [u[1] for u in users],
        "invited_by": [u[2] for u in users],
        "signed_up_at": pa.array([u[3].replace(tzinfo=dt.UTC) for u in users], pa.timestamp("us", tz="UTC")),
    }
)
depth = {}
for u in users:
    depth[u[0]] = 0 if u[2] is None else depth[u[2]] + 1

dep = pa.array([depth[u[0]] for u in users])
for dd in range(max(depth.values()) + 1):
    part = ut.filter(pc.equal(dep, dd))
    con.execute("INSERT INTO users SELECT * FROM part")
st = pa.table(
    {
        "subscription_id": [s[0] for s in subs],
        "account_id": [s[1] for s in subs],
        "started_at": [s[2] for s in subs],
        "ended_at": [s[3] for s in subs],
        "plan": [s[4] for s in subs],
        "mrr": [s[5] for s in subs],
    }
)
con.execute(
    "INSERT INTO subscriptions SELECT subscription_id, account_id, started_at, ended_at, plan, mrr::DECIMAL(10,2) FROM st"
)
it = pa.table(
    {
        "invoice_id": [i[0] for i in invoices],
        "account_id": [i[1] for i in invoices],
        "issued_at": [i[2] for i in invoices],
        "amount": [i[3] for i in invoices],
        "status": [i[4] for i in invoices],
    }
)
con.execute("INSERT INTO invoices SELECT invoice_id, account_id, issued_at, amount::DECIMAL(10,2), status FROM it")
et = pa.table(
    {
        "event_id": np.arange(1, len(ev_user) + 1, dtype=np.int32),
        "user_id": ev_user.astype(np.int32),
        "feature": [FEATURES[i] for i in ev_feat],
        "happened_at": ev_time.astype("datetime64[s]"),
    }
)
con.execute("INSERT INTO events SELECT event_id, user_id, feature, happened_at::TIMESTAMP FROM et")
tt = pa.table(
    {
        "ticket_id": [t[0] for t in tickets],
        "account_id": [t[1] for t in tickets],
        "opened_at": [t[2] for t in tickets],
        "priority": [t[3] for t in tickets],
        "body": [t[4] for t in tickets],
    }
)
con.execute("INSERT INTO tickets SELECT * FROM tt")
con.execute(
    "DELETE FROM events e USING users u WHERE e.user_id=u.user_id AND e.happened_at < u.signed_up_at::TIMESTAMP"
)
con.execute("DELETE FROM invoices i USING accounts a WHERE i.account_id=a.account_id AND i.issued_at < a.created_at")
con.execute("DELETE FROM tickets i USING accounts a WHERE i.account_id=a.account_id AND i.opened_at < a.created_at")
con.execute(
    "CREATE VIEW events_by_accounts AS SELECT t.*, m.account_id FROM events AS t JOIN users AS m ON t.user_id = m.user_id"
)
for t in ["accounts", "users", "subscriptions", "invoices", "events", "tickets"]:
    print(t, con.execute(f"SELECT count(*) FROM {t}").fetchone())
print(con.execute("SELECT min(happened_at), max(happened_at) FROM events").fetchall())
print(con.execute("SELECT min(issued_at), max(issued_at) FROM invoices").fetchall())
con.close()
