"""A SaaS database with a known generative process, for tests and benchmarks on a schema rfm_sql was not built
around (written by a review of the product as a new user would use it).

- accounts: plan from a country-dependent mix (free/pro/enterprise); sign-up uniform over the first 20 months;
  referred_by: 30% point to an earlier account (a nullable self-link).
- each account starts to churn at sign-up + Exp(mean by plan: free 250 days, pro 500, enterprise 1000); after that
  every user's activity decays as exp(-(t - churn start) / 20 days).
- users: 1 + Poisson(free 1.5, pro 4, enterprise 9) per account, created after its sign-up.
- events: per-user Poisson activity, Gamma-distributed rates by plan, thinned by the churn decay.
- invoices: pro and enterprise monthly until 30 days after the churn start, amount = seat price x users x
  Pareto(1.8) (heavy-tailed); rare one-off add-ons (lognormal) for every account while active.
- products: 60 in 6 categories; account_products (no key of its own): each account adds products about once
  per 60 days while active, 70% from a favourite category (by plan), Zipf popularity within a category, and
  never the same product twice.

Primary keys are declared, foreign keys are not (rfm_sql infers them). Data runs from 2023-01-01 to 2024-12-31.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

T0 = np.datetime64("2023-01-01T00:00:00")
T_END_DAYS = 730.0


def ts(days):
    return T0 + (np.asarray(days) * 86400).astype("int64").astype("timedelta64[s]")


def build(con: duckdb.DuckDBPyConnection, n_accounts: int = 600, seed: int = 0) -> None:
    """Create and fill the six tables in `con` (which must not have them yet)."""
    rng = np.random.default_rng(seed)
    N_ACC = n_accounts
    countries = np.array(["US", "DE", "FR", "GB", "IN", "BR"])
    country = rng.choice(countries, N_ACC, p=[0.35, 0.15, 0.1, 0.15, 0.15, 0.1])
    plans = np.array(["free", "pro", "enterprise"])
    plan_p = {
        "US": [0.4, 0.4, 0.2],
        "DE": [0.35, 0.45, 0.2],
        "FR": [0.5, 0.4, 0.1],
        "GB": [0.45, 0.4, 0.15],
        "IN": [0.75, 0.22, 0.03],
        "BR": [0.7, 0.25, 0.05],
    }
    plan = np.array([rng.choice(plans, p=plan_p[c]) for c in country])
    signup = np.sort(rng.uniform(0, 600, N_ACC))  # account_id order = signup order
    acc_ids = np.arange(1, N_ACC + 1)
    referred_by = np.full(N_ACC, -1)
    for i in range(1, N_ACC):
        if rng.random() < 0.3:
            referred_by[i] = acc_ids[rng.integers(0, i)]

    churn_mean = {"free": 250.0, "pro": 500.0, "enterprise": 1000.0}
    churn_start = signup + np.array([rng.exponential(churn_mean[p]) for p in plan])
    TAU = 20.0

    # users
    lam_users = {"free": 1.5, "pro": 4.0, "enterprise": 9.0}
    n_users = 1 + np.array([rng.poisson(lam_users[p]) for p in plan])
    u_acc = np.repeat(acc_ids, n_users)
    u_created = np.repeat(signup, n_users) + np.where(
        np.concatenate([[0] + [1] * (k - 1) for k in n_users]) == 0, 0.0, rng.exponential(40, len(u_acc))
    )
    N_USR = len(u_acc)
    roles = np.array(["admin", "member", "viewer"])
    u_role = rng.choice(roles, N_USR, p=[0.15, 0.6, 0.25])
    first_of_acc = np.concatenate([[True] + [False] * (k - 1) for k in n_users])
    u_role[first_of_acc] = "admin"
    user_ids = np.arange(1, N_USR + 1)

    # events: thinning of a Poisson process
    rate_plan = {"free": 0.06, "pro": 0.09, "enterprise": 0.12}
    acc_idx = u_acc - 1
    u_rate = rng.gamma(2.0, 1.0, N_USR) * np.array([rate_plan[plan[a]] for a in acc_idx]) / 2.0
    ev_user, ev_t = [], []
    for u in range(N_USR):
        a = acc_idx[u]
        start = u_created[u]
        span = T_END_DAYS - start
        if span <= 0:
            continue
        n = rng.poisson(u_rate[u] * span)
        t = rng.uniform(start, T_END_DAYS, n)
        cs = churn_start[a]
        keep = (t < cs) | (rng.random(n) < np.exp(-(t - cs) / TAU))
        t = t[keep]
        ev_user.append(np.full(len(t), user_ids[u]))
        ev_t.append(t)
    ev_user = np.concatenate(ev_user)
    ev_t = np.concatenate(ev_t)
    order = np.argsort(ev_t, kind="stable")
    ev_user, ev_t = ev_user[order], ev_t[order]
    kinds = np.array(["login", "view", "edit", "export"])
    ev_kind = rng.choice(kinds, len(ev_t), p=[0.3, 0.45, 0.2, 0.05])

    # invoices
    seat_price = {"free": 0.0, "pro": 20.0, "enterprise": 60.0}
    inv_acc, inv_amt, inv_t = [], [], []
    for a in range(N_ACC):
        p = plan[a]
        stop = min(T_END_DAYS, churn_start[a] + 30)
        if p != "free":
            t = signup[a] + 30.0
            while t < stop:
                inv_acc.append(a + 1)
                inv_amt.append(round(seat_price[p] * n_users[a] * (rng.pareto(1.8) + 1.0), 2))
                inv_t.append(t)
                t += 30.0
        # rare one-off add-ons for everyone while active
        k = rng.poisson(max(0.0, stop - signup[a]) / 180.0)
        for t in rng.uniform(signup[a], max(signup[a], stop), k):
            inv_acc.append(a + 1)
            inv_amt.append(round(float(rng.lognormal(3.0, 1.0)), 2))
            inv_t.append(t)
    inv_acc = np.array(inv_acc)
    inv_amt = np.array(inv_amt)
    inv_t = np.array(inv_t)
    o = np.argsort(inv_t, kind="stable")
    inv_acc, inv_amt, inv_t = inv_acc[o], inv_amt[o], inv_t[o]

    # products
    N_PROD = 60
    cats = np.array(["analytics", "security", "storage", "integrations", "ai", "support"])
    p_cat = np.repeat(cats, N_PROD // len(cats))
    p_price = np.round(rng.lognormal(3.5, 0.7, N_PROD), 2)
    fav_p = {
        "free": [0.3, 0.05, 0.3, 0.2, 0.1, 0.05],
        "pro": [0.2, 0.15, 0.15, 0.25, 0.2, 0.05],
        "enterprise": [0.1, 0.35, 0.1, 0.15, 0.15, 0.15],
    }
    fav = np.array([rng.choice(len(cats), p=fav_p[p]) for p in plan])
    zipf_w = 1.0 / np.arange(1, 11) ** 1.2
    ap_acc, ap_prod, ap_t = [], [], []
    for a in range(N_ACC):
        stop = min(T_END_DAYS, churn_start[a] + 15)
        t = signup[a]
        owned = set()
        while True:
            t += rng.exponential(60.0)
            if t >= stop:
                break
            c = fav[a] if rng.random() < 0.7 else rng.integers(0, len(cats))
            cand = [c * 10 + j for j in range(10) if c * 10 + j + 1 not in owned]
            if not cand:
                continue
            w = np.array([zipf_w[j % 10] for j in cand])
            pid = int(rng.choice(cand, p=w / w.sum())) + 1
            owned.add(pid)
            ap_acc.append(a + 1)
            ap_prod.append(pid)
            ap_t.append(t)
    ap_acc, ap_prod, ap_t = np.array(ap_acc), np.array(ap_prod), np.array(ap_t)

    con.execute("""CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, plan VARCHAR, country VARCHAR,
                   signup_at TIMESTAMP, referred_by INTEGER)""")
    con.execute("""CREATE TABLE users (user_id INTEGER PRIMARY KEY, account_id INTEGER, role VARCHAR,
                   created_at TIMESTAMP)""")
    con.execute("CREATE TABLE events (event_id INTEGER PRIMARY KEY, user_id INTEGER, kind VARCHAR, ts TIMESTAMP)")
    con.execute("""CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, account_id INTEGER, amount DOUBLE,
                   issued_at TIMESTAMP)""")
    con.execute("CREATE TABLE products (product_id INTEGER PRIMARY KEY, category VARCHAR, price DOUBLE)")
    con.execute("CREATE TABLE account_products (account_id INTEGER, product_id INTEGER, added_at TIMESTAMP)")

    tables = {
        "accounts": pa.table(
            {
                "account_id": acc_ids.astype("int32"),
                "plan": plan,
                "country": country,
                "signup_at": ts(signup),
                "referred_by": pa.array([None if r < 0 else int(r) for r in referred_by], pa.int32()),
            }
        ),
        "users": pa.table(
            {
                "user_id": user_ids.astype("int32"),
                "account_id": u_acc.astype("int32"),
                "role": u_role,
                "created_at": ts(u_created),
            }
        ),
        "events": pa.table(
            {
                "event_id": np.arange(1, len(ev_t) + 1, dtype="int32"),
                "user_id": ev_user.astype("int32"),
                "kind": ev_kind,
                "ts": ts(ev_t),
            }
        ),
        "invoices": pa.table(
            {
                "invoice_id": np.arange(1, len(inv_t) + 1, dtype="int32"),
                "account_id": inv_acc.astype("int32"),
                "amount": inv_amt,
                "issued_at": ts(inv_t),
            }
        ),
        "products": pa.table(
            {"product_id": np.arange(1, N_PROD + 1, dtype="int32"), "category": p_cat, "price": p_price}
        ),
        "account_products": pa.table(
            {"account_id": ap_acc.astype("int32"), "product_id": ap_prod.astype("int32"), "added_at": ts(ap_t)}
        ),
    }
    for name, tbl in tables.items():
        con.register("rfm_saas_src", tbl)
        con.execute(f"INSERT INTO {name} SELECT * FROM rfm_saas_src")
        con.unregister("rfm_saas_src")
