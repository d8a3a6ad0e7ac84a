"""An insurance database (policyholders, policies that expire or lapse, premium payments, claims, agents), seeded:
`python benchmarks/trials/insurance.py PATH`. Written by a fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py.

Process (truth):
- policyholders: latent risk r ~ LogNormal(0, 0.6); latent miss propensity m (85%: Beta(1,30), 15%: Beta(2,6)).
  region text in North/South/East/West/Coastal (some lower-case / NULL mess); customer_segment depends on r.
- first policy at signup; product by age (young: auto/travel, old: home/life). Extra purchases:
  Poisson 0.35/yr; next product follows a transition matrix (auto->home, home->life, ...).
- agent: each holder has a home agent (same region); 85% of policies sold by home agent, else random regional agent.
- auto/home/life policies run until cancelled (end_date NULL); travel policies have end_date = start + 7..45 days.
- premium_payments monthly for auto/home/life while active; each missed w.p. m (x1.5 in 2024).
  Two consecutive misses -> lapse: cancelled_at = second missed due date. Voluntary cancel hazard 4%/yr.
- claims: monthly Poisson rate = base[product] * r * season; home claims x3 in Dec-Feb in North/Coastal
  (winter storms), auto x1.4 in Dec-Feb everywhere. Amount lognormal by product, x(1+0.3 r).
- when a holder has no active policy left: with prob 0.85 they leave (closed_at = that date), else
  they buy a new policy within 60 days.
Data runs 2021-01-01 .. 2024-12-31.
"""

import datetime as dt
import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(20240101)
START = dt.date(2021, 1, 1)
END = dt.date(2024, 12, 31)
N = 3000
REGIONS = ["North", "South", "East", "West", "Coastal"]
PRODUCTS = ["auto", "home", "life", "travel"]
BASE = {"auto": 0.05, "home": 0.025, "life": 0.0015, "travel": 0.15}  # claims per month at r=1
AMT = {"auto": (8.0, 0.8), "home": (8.9, 1.0), "life": (11.0, 0.5), "travel": (6.5, 0.7)}
PREM = {"auto": 900, "home": 1300, "life": 600, "travel": 120}
TRANS = {
    "auto": [0.3, 0.45, 0.1, 0.15],
    "home": [0.25, 0.1, 0.5, 0.15],
    "life": [0.3, 0.4, 0.05, 0.25],
    "travel": [0.5, 0.2, 0.05, 0.25],
}
DESCR = {
    "auto": [
        "rear-end collision on highway",
        "windshield cracked by gravel",
        "parking lot scrape",
        "hail damage to roof of car",
        "theft of catalytic converter",
        "slid on ice into guardrail",
    ],
    "home": [
        "burst pipe flooded basement",
        "storm damage to roof",
        "kitchen fire",
        "tree fell on garage",
        "burglary, electronics stolen",
        "water leak from dishwasher",
    ],
    "life": ["death benefit claim", "terminal illness rider"],
    "travel": ["lost luggage", "trip cancelled due to illness", "medical treatment abroad", "flight delay"],
}


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, min(d.day, 28))


def season(product, region, month):
    f = 1.0
    if month in (12, 1, 2):
        if product == "home" and region in ("North", "Coastal"):
            f = 3.0
        if product == "auto":
            f = 1.4
    return f


agents = []
for i in range(40):
    agents.append(
        dict(
            agent_id=100 + i,
            agent_name=f"Agent {i:02d}",
            region=REGIONS[i % 5],
            hired_on=START - dt.timedelta(days=int(rng.integers(100, 3000))),
            commission_rate=round(float(rng.uniform(0.05, 0.15)), 3),
        )
    )
agents_by_region = {r: [a["agent_id"] for a in agents if a["region"] == r] for r in REGIONS}

holders, policies, payments, claims, truth = [], [], [], [], []
pid = 5000
payid = 1
cid = 1
span = (END - dt.timedelta(days=40) - START).days
for h in range(N):
    hid = 1 + h
    r = float(rng.lognormal(0, 0.6))
    m = float(rng.beta(2, 6) if rng.random() < 0.15 else rng.beta(1, 30))
    region = REGIONS[int(rng.integers(5))]
    age0 = int(rng.integers(19, 80))
    signup = START + dt.timedelta(days=int(rng.integers(0, span)))
    home_agent = int(rng.choice(agents_by_region[region]))
    seg = "high_risk" if r > 1.6 else ("preferred" if r < 0.6 else "standard")
    # purchases: list of (date, product)
    if age0 < 35:
        p0 = rng.choice(PRODUCTS, p=[0.55, 0.1, 0.05, 0.3])
    elif age0 < 60:
        p0 = rng.choice(PRODUCTS, p=[0.35, 0.35, 0.2, 0.1])
    else:
        p0 = rng.choice(PRODUCTS, p=[0.2, 0.35, 0.35, 0.1])
    queue = [(signup, str(p0))]
    active = []  # dicts
    closed_at = None
    last_product = str(p0)
    # simulate month by month from signup
    d = signup
    next_buy = signup + dt.timedelta(days=int(rng.exponential(365 / 0.35)))
    while d <= END and closed_at is None:
        # new purchases due
        while queue and queue[0][0] <= d:
            bd, prod = queue.pop(0)
            ag = home_agent if rng.random() < 0.85 else int(rng.choice(agents_by_region[region]))
            end_date = bd + dt.timedelta(days=int(rng.integers(7, 46))) if prod == "travel" else None
            prem = round(PREM[prod] * (0.7 + 0.4 * rng.random()) * (1 + 0.2 * r), 2)
            pol = dict(
                policy_id=pid,
                policyholder_id=hid,
                agent_id=ag,
                product_type=prod,
                start_date=bd,
                end_date=end_date,
                cancelled_at=None,
                annual_premium=prem,
                payment_frequency="monthly" if prod != "travel" else "single",
                misses=0,
            )
            pid += 1
            policies.append(pol)
            active.append(pol)
            last_product = prod
            if prod == "travel":
                payments.append(
                    dict(
                        payment_id=payid,
                        policy_id=pol["policy_id"],
                        due_date=bd,
                        paid_at=dt.datetime.combine(bd, dt.time(10)),
                        amount=prem,
                        missed=False,
                    )
                )
                payid += 1
        if d >= next_buy:
            nb = str(rng.choice(PRODUCTS, p=TRANS[last_product]))
            queue.append((d, nb))
            queue.sort()
            next_buy = d + dt.timedelta(days=int(rng.exponential(365 / 0.35)))
            continue
        # one month step for each active policy
        month_end = add_months(d, 1)
        for pol in list(active):
            prod = pol["product_type"]
            stop = pol["end_date"] if pol["end_date"] is not None and pol["end_date"] <= month_end else None
            # claims in (d, month_end]
            days = ((stop or month_end) - d).days
            lam = BASE[prod] * r * season(prod, region, d.month) * max(days, 1) / 30.0
            for _ in range(rng.poisson(lam)):
                cd = d + dt.timedelta(days=int(rng.integers(1, max(days, 1) + 1)))
                if cd > END:
                    continue
                mu, sd = AMT[prod]
                amt = round(float(rng.lognormal(mu, sd)) * (1 + 0.3 * r), 2)
                age_days = (END - cd).days
                status = "open" if age_days < 45 and rng.random() < 0.7 else "denied" if rng.random() < 0.15 else "paid"
                desc = str(rng.choice(DESCR[prod]))
                if rng.random() < 0.05:
                    desc = None
                claims.append(
                    dict(
                        claim_id=cid,
                        policy_id=pol["policy_id"],
                        policyholder_id=hid,
                        claim_date=dt.datetime.combine(cd, dt.time(int(rng.integers(7, 20)), int(rng.integers(60)))),
                        claim_amount=amt if status != "open" or rng.random() < 0.5 else None,
                        status=status,
                        description=desc,
                    )
                )
                cid += 1
            if stop is not None:
                active.remove(pol)
                continue
            if prod != "travel":
                due = month_end
                if due > END:
                    continue
                pm = m * (1.5 if due.year == 2024 else 1.0)
                missed = bool(rng.random() < pm)
                payments.append(
                    dict(
                        payment_id=payid,
                        policy_id=pol["policy_id"],
                        due_date=due,
                        paid_at=None
                        if missed
                        else dt.datetime.combine(due + dt.timedelta(days=int(rng.integers(0, 5))), dt.time(9)),
                        amount=round(pol["annual_premium"] / 12, 2),
                        missed=missed,
                    )
                )
                payid += 1
                pol["misses"] = pol["misses"] + 1 if missed else 0
                if pol["misses"] >= 2:
                    pol["cancelled_at"] = dt.datetime.combine(due, dt.time(12))
                    pol["lapse"] = True
                    active.remove(pol)
                elif rng.random() < 0.04 / 12:
                    pol["cancelled_at"] = dt.datetime.combine(
                        due + dt.timedelta(days=int(rng.integers(0, 20))), dt.time(15)
                    )
                    pol["lapse"] = False
                    if pol["cancelled_at"].date() > END:
                        pol["cancelled_at"] = None
                    else:
                        active.remove(pol)
        if not active and not queue:
            last_end = max(
                [
                    p["cancelled_at"].date() if p["cancelled_at"] else p["end_date"]
                    for p in policies
                    if p["policyholder_id"] == hid
                ]
            )
            if rng.random() < 0.85:
                closed_at = last_end
                break
            else:
                nb = str(rng.choice(PRODUCTS, p=TRANS[last_product]))
                queue.append((last_end + dt.timedelta(days=int(rng.integers(5, 60))), nb))
        d = month_end
    email = None if rng.random() < 0.12 else f"user{hid}@example.com"
    holders.append(
        dict(
            policyholder_id=hid,
            full_name=f"Holder {hid}",
            birth_year=2021 - age0,
            gender=rng.choice(["F", "M", "f", "m", None], p=[0.45, 0.45, 0.03, 0.03, 0.04]),
            region=(region if rng.random() > 0.03 else (region.lower() if rng.random() < 0.5 else None)),
            email=email,
            signup_date=signup,
            credit_score=None if rng.random() < 0.1 else int(np.clip(rng.normal(720 - 60 * (r - 1), 60), 350, 850)),
            customer_segment=seg,
            closed_at=closed_at,
            home_agent_id=home_agent,
            legacy_crm_code=None if rng.random() < 0.7 else f"LC-{rng.integers(1e6):06d}",
        )
    )
    truth.append(dict(policyholder_id=hid, risk=r, miss_prop=m, true_region=region))

H = pd.DataFrame(holders).drop(columns=["home_agent_id"])
P = pd.DataFrame(policies)
T = pd.DataFrame(truth).merge(pd.DataFrame(holders)[["policyholder_id", "home_agent_id"]])
P["lapse"] = P.get("lapse")
PT = P[["policy_id", "lapse"]]
P = P.drop(columns=["misses", "lapse"])
P["cancelled_at"] = pd.to_datetime(P["cancelled_at"])
P["end_date"] = pd.to_datetime(P["end_date"])
P["start_date"] = pd.to_datetime(P["start_date"])
H["signup_date"] = pd.to_datetime(H["signup_date"])
H["closed_at"] = pd.to_datetime(H["closed_at"])
PAY = pd.DataFrame(payments)
PAY["due_date"] = pd.to_datetime(PAY["due_date"])
C = pd.DataFrame(claims)
A = pd.DataFrame(agents)
A["hired_on"] = pd.to_datetime(A["hired_on"])

path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
con = duckdb.connect(path)
for name, df in [("agents", A), ("policyholders", H), ("policies", P), ("premium_payments", PAY), ("claims", C)]:
    con.register("df", df)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM df")
    con.unregister("df")
con.execute("ALTER TABLE policies ALTER end_date TYPE DATE")
con.execute("ALTER TABLE policyholders ALTER signup_date TYPE DATE")
con.execute("ALTER TABLE policyholders ALTER closed_at TYPE DATE")
con.execute("ALTER TABLE premium_payments ALTER due_date TYPE DATE")
con.execute("ALTER TABLE agents ALTER hired_on TYPE DATE")
con.execute("ALTER TABLE policies ALTER start_date TYPE DATE")
for t in ["agents", "policyholders", "policies", "premium_payments", "claims"]:
    print(t, con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
con.close()
