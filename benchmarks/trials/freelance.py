"""A freelance-work marketplace's production database (client companies, freelancers with a skill category, job
posts, proposals with a cover letter, contracts hired from proposals, milestone/hourly payments, reviews), seeded:
`python benchmarks/trials/freelance.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 600 clients, 2,000 freelancers, about 7k job
posts, 55k proposals, 5k contracts, 15k payments, 3.5k reviews (about 15 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2023-01-01..NOW (clients and
freelancers signed up before it exist with no history before 2023). No row is dated after NOW. Every column holding
a later date of its row is filled in later.

Truth (seed 0):
- 8 categories web_dev, mobile, design, writing, data_science, marketing, translation, admin_support; base budget
  1500/2500/600/300/3000/800/250/200; freelancer supply weights 1.6/0.8/1.2/1.4/0.6/1.0/0.7/1.1
- clients (600): 330 signed up 2021-01..2022-12, 270 during the span; client_id is TEXT 'CL-00001'; category
  preference Dirichlet(0.35) over the 8 (mostly 1-2 categories); posting rate per day LogNormal(log .035, .8),
  weekends x .4; active from sign-up (or START) until churn = sign-up + Exp(550 days); budget level b_c
  LogNormal(0, .5); payment_verified 75% (x1.3 proposals when verified, x.8 else); hire propensity Beta(8, 2);
  company_size, industry, country (5% NULL) are noise
- job_posts: category from the client's preference; budget_type fixed 70% (budget = base x b_c x LogNormal(0, .4),
  rounded to 50) / hourly 30% (budget NULL, hourly_max = 15 x base/600^.5... see code: hourly_max = 25 x b_c x
  LogNormal(0, .3) x (base/800)^.3); effective budget E = budget or hourly_max x 40
- proposals per post: Poisson(6 x (E / base)^.6 x supply x verified factor), each at posted + Exp(2.5 days), kept
  only while the post takes proposals (before its decision time); freelancer drawn among freelancers live at that
  time (85% of its category, 15% any) weighted by activity LogNormal(0, .9); bid = E x LogNormal(0, .2) (fixed) or
  rate x LogNormal(0, .1) (hourly); cover_letter text (length grows with quality; noise otherwise)
- repeat hires: with p .35, where the client has hired before in the post's category, one past freelancer of it is
  invited and proposes at posted + Exp(.5 day)
- decision at posted + Gamma(2, 3 days): with p = hire propensity a proposal is hired, chosen with weight
  exp(1.6 q + 2.5 [has worked for this client] - 1.0 log(bid / E)); else the post is closed 30 days after posting
  (or at the decision if no proposals came); job_posts.status ('open'/'filled'/'closed') and closed_at hold TODAY's
  state; proposals.status ('pending'/'hired'/'declined'/'withdrawn') TODAY's (declined at the decision; 5% of
  proposals withdrawn Exp(2 days) after submission)
- freelancers (2,000): 1,100 joined 2020..2022, 900 during the span; quality q ~ N(0, 1); activity LogNormal(0, .9);
  base rate = category rate (55/50/40/30/70/45/25/18) x exp(.3 q + N(0, .3)); deactivated_at for those leaving
  (hazard 1/900 per day; end of the row, filled in later); hourly_rate = base x 1.03^jobs_completed (TODAY's),
  rating = mean review stars to date (TODAY's, NULL without reviews), jobs_completed = contracts completed to date
  (TODAY's counter), availability 'available'/'busy' (busy while on an active contract: TODAY's), last_login_at
  (latest proposal or payment, rewritten); avatar_url, country noise
- contracts (contract_id TEXT 'CT-000001'): started at the decision + U(0, 1) day; duration Gamma(2, 10 days) x
  (E / base)^.3; cancelled with p sigmoid(-2.2 - .9 q) (at U(.2, .8) of its duration); ended_at, end_reason
  ('completed'/'cancelled') filled in later; client_id TEXT undeclared, freelancer_id declared, proposal_id declared
- payments: fixed contracts 1-4 milestones spaced over the duration (summing to the bid); hourly weekly payments
  hours Gamma(3, 6) x bid; only those before a cancellation; payee_id (the freelancer, undeclared, odd name) and
  contract_ref (TEXT contract id, undeclared, odd name); fee = 10% of amount (noise)
- reviews: 75% of ended contracts (90% cancelled ones), reviewed `created` = ended + Exp(4 days); stars =
  clip(round(4.1 + .6 q + N(0, .6) - 1.5 cancelled), 1, 5); freelancer_id undeclared
- clients.total_spent (TODAY's running total of its payments), tier ('basic' < 1k, 'plus' < 20k, else 'enterprise':
  TODAY's) and last_active_at (rewritten) hold today's state
- `python freelance.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state /
  filled-later column is as it stood at DATE (exact)
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
TN = (NOW - START).total_seconds()
T = (CUT - START).total_seconds() + 0.999999  # times are floored to the second: a row written at CUT.5 reads CUT


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


CATS = np.array(["web_dev", "mobile", "design", "writing", "data_science", "marketing", "translation", "admin_support"])
NC = len(CATS)
BASE = np.array([1500, 2500, 600, 300, 3000, 800, 250, 200], float)
SUPPLY = np.array([1.6, 0.8, 1.2, 1.4, 0.6, 1.0, 0.7, 1.1])
RATE = np.array([55, 50, 40, 30, 70, 45, 25, 18], float)

# ---------------- clients
NCL = 600
c_signup = np.concatenate([secs("2021-01-01") + rng.uniform(0, 730, 330) * DAY, rng.uniform(0, TN - 5 * DAY, 270)])
c_pref = rng.dirichlet(np.full(NC, 0.35), NCL)
c_rate = np.exp(rng.normal(np.log(0.035), 0.8, NCL))
c_churn = c_signup + rng.exponential(550, NCL) * DAY
c_budget = np.exp(rng.normal(0, 0.5, NCL))
c_verified = rng.random(NCL) < 0.75
c_hirep = rng.beta(8, 2, NCL)
c_size = rng.choice(["1-10", "11-50", "51-200", "200+"], NCL, p=[0.45, 0.3, 0.15, 0.1])
c_ind = rng.choice(["software", "retail", "media", "finance", "health", "education", "other"], NCL)
c_country = rng.choice(["US", "GB", "DE", "CA", "AU", "IN", "FR"], NCL).astype(object)
c_country[rng.random(NCL) < 0.05] = None
c_name = [
    f"{rng.choice(['Acme', 'Blue', 'Nova', 'Peak', 'Bright', 'Core', 'Delta'])} {rng.choice(['Labs', 'Media', 'Group', 'Digital', 'Works'])} {i}"
    for i in range(NCL)
]

# ---------------- freelancers
NF = 2000
f_join = np.concatenate([secs("2020-01-01") + rng.uniform(0, 1095, 1100) * DAY, rng.uniform(0, TN - 3 * DAY, 900)])
f_cat = rng.choice(NC, NF, p=SUPPLY / SUPPLY.sum())
f_q = rng.normal(0, 1, NF)
f_act = np.exp(rng.normal(0, 0.9, NF))
f_base = RATE[f_cat] * np.exp(0.3 * f_q + rng.normal(0, 0.3, NF))
f_deact = np.maximum(f_join, 0) + rng.exponential(900, NF) * DAY
f_deact = np.where(f_deact > TN, np.inf, f_deact)
f_country = rng.choice(["US", "IN", "PK", "UA", "PH", "BR", "GB", "NG"], NF)
f_user = [f"fl_{rng.integers(10**5, 10**6)}_{i}" for i in range(NF)]

# ---------------- job posts (a Poisson process per client)
P = {k: [] for k in ["c", "t", "cat", "btype", "budget", "hmax", "E"]}
for c in range(NCL):
    a, b = max(c_signup[c], 0.0), min(c_churn[c], TN)
    if b <= a:
        continue
    n = rng.poisson(c_rate[c] * (b - a) / DAY)
    tt = np.sort(rng.uniform(a, b, n))
    wd = (6 + np.floor(tt / DAY).astype(int)) % 7 >= 5  # 2023-01-01 is a Sunday
    keep = ~wd | (rng.random(n) < 0.4)
    for t in tt[keep]:
        k = rng.choice(NC, p=c_pref[c])
        if rng.random() < 0.7:
            bud = max(50.0, round(BASE[k] * c_budget[c] * np.exp(rng.normal(0, 0.4)) / 50) * 50)
            P["btype"].append("fixed"), P["budget"].append(bud), P["hmax"].append(np.nan), P["E"].append(bud)
        else:
            hm = round(25 * c_budget[c] * np.exp(rng.normal(0, 0.3)) * (BASE[k] / 800) ** 0.3)
            P["btype"].append("hourly"), P["budget"].append(np.nan), P["hmax"].append(hm), P["E"].append(hm * 40)
        P["c"].append(c), P["t"].append(t), P["cat"].append(k)
jp = pd.DataFrame(P).sort_values("t", kind="stable").reset_index(drop=True)
NP_ = len(jp)

# ---------------- proposals, hires, contracts, payments, reviews (posts in time order)
PR = {k: [] for k in ["post", "f", "t", "bid", "wd", "words"]}
post_dec = np.zeros(NP_)
post_hired = np.full(NP_, -1)  # proposal index hired
post_close = np.full(NP_, np.inf)
CT = {k: [] for k in ["prop", "post", "c", "f", "start", "end", "cancel", "btype", "bid"]}
PAY = {k: [] for k in ["ct", "t", "amount", "kind"]}
RV = {k: [] for k in ["ct", "t", "stars"]}
hist = {}  # (client, category) -> list of freelancers hired
worked = set()  # (client, freelancer)
for i in range(NP_):
    c, t0, k, E, bt = int(jp.c[i]), jp.t[i], int(jp.cat[i]), jp.E[i], jp.btype[i]
    dec = t0 + rng.gamma(2.0, 3.0) * DAY
    post_dec[i] = dec
    mu = 6 * (E / BASE[k]) ** 0.6 * SUPPLY[k] * (1.3 if c_verified[c] else 0.8)
    n = rng.poisson(mu)
    live = (f_join < t0) & (f_deact > t0)
    same = live & (f_cat == k)
    w_same = np.where(same, f_act, 0.0)
    w_any = np.where(live, f_act, 0.0)
    props = []
    tp = t0 + rng.exponential(2.5, n) * DAY
    fs = []
    for _j in range(n):
        w = w_same if (rng.random() < 0.85 and w_same.sum() > 0) else w_any
        fs.append(int(rng.choice(NF, p=w / w.sum())))
    past = hist.get((c, k), [])
    if past and rng.random() < 0.35:
        fi = int(past[rng.integers(0, len(past))])
        if f_deact[fi] > t0:
            fs.append(fi)
            tp = np.r_[tp, t0 + rng.exponential(0.5) * DAY]
    seen = set()
    for j, f in enumerate(fs):
        u_wd = rng.random()
        wdt = tp[j] + rng.exponential(2.0) * DAY
        bid = E * np.exp(rng.normal(0, 0.2)) if bt == "fixed" else f_base[f] * np.exp(rng.normal(0, 0.1))
        words = int(max(20, rng.normal(120 + 40 * f_q[f], 40)))
        if f in seen or tp[j] >= dec:
            continue
        seen.add(f)
        PR["post"].append(i), PR["f"].append(f), PR["t"].append(tp[j]), PR["bid"].append(round(bid, 2))
        PR["wd"].append(wdt if u_wd < 0.05 and wdt < dec else np.inf), PR["words"].append(words)
        props.append(len(PR["f"]) - 1)
    u_hire = rng.random()
    cand = [p for p in props if PR["wd"][p] == np.inf]
    wts = np.array(
        [
            np.exp(
                1.6 * f_q[PR["f"][p]]
                + 2.5 * ((c, PR["f"][p]) in worked)
                - 1.0 * np.log((PR["bid"][p] if bt == "fixed" else PR["bid"][p] * 40) / E)
            )
            for p in cand
        ]
    )
    pick = int(rng.choice(len(cand), p=wts / wts.sum())) if cand else -1
    st = dec + rng.uniform(0, 1) * DAY
    dur = rng.gamma(2.0, 10.0) * (E / BASE[k]) ** 0.3 * DAY
    canc = rng.random() < 1 / (1 + np.exp(2.2 + 0.9 * (f_q[PR["f"][cand[pick]]] if cand else 0)))
    frac = rng.uniform(0.2, 0.8)
    nms = rng.integers(1, 5)
    u_rev = rng.random()
    rv_delay = rng.exponential(4.0) * DAY
    noise = rng.normal(0, 0.6)
    hrs = rng.gamma(3.0, 6.0, 60)
    if cand and u_hire < c_hirep[c] and dec < TN:
        p = cand[pick]
        f = PR["f"][p]
        post_hired[i] = p
        post_close[i] = dec
        end = st + dur
        cend = st + frac * dur if canc else end
        cid = len(CT["prop"])
        CT["prop"].append(p), CT["post"].append(i), CT["c"].append(c), CT["f"].append(f), CT["start"].append(st)
        CT["end"].append(cend), CT["cancel"].append(canc), CT["btype"].append(bt), CT["bid"].append(PR["bid"][p])
        if bt == "fixed":
            for m in range(nms):
                tm = st + dur * (m + 1) / nms
                if tm <= cend:
                    PAY["ct"].append(cid), PAY["t"].append(tm), PAY["amount"].append(round(PR["bid"][p] / nms, 2))
                    PAY["kind"].append("milestone")
        else:
            for w_ in range(60):
                tw = st + (w_ + 1) * 7 * DAY
                if tw > cend:
                    break
                PAY["ct"].append(cid), PAY["t"].append(tw), PAY["amount"].append(round(hrs[w_] * PR["bid"][p], 2))
                PAY["kind"].append("hourly")
        if u_rev < (0.9 if canc else 0.75):
            stars = int(np.clip(round(4.1 + 0.6 * f_q[f] + noise - 1.5 * canc), 1, 5))
            RV["ct"].append(cid), RV["t"].append(cend + rv_delay), RV["stars"].append(stars)
        hist.setdefault((c, k), []).append(f)
        worked.add((c, f))
    else:
        post_close[i] = t0 + 30 * DAY if props else dec

# noise text drawn for every row before any cut
post_no = rng.integers(100, 999, NP_)
LET = [
    "I have extensive experience",
    "I can start today",
    "Please check my portfolio",
    "I read your brief carefully",
    "Happy to discuss details",
    "I delivered similar projects",
]
letter = [" ".join(rng.choice(LET, 3)) + " " + "lorem " * (w // 10) for w in PR["words"]]
avatar = [f"https://cdn.example.com/a/{x}.png" for x in rng.integers(10**9, size=NF)]

# ---------------- tables as they stood at CUT (every random value is drawn above)
pr = pd.DataFrame(PR)
pr["letter"] = letter
pr["proposal_id"] = np.arange(1, len(pr) + 1)
pr = pr.sort_values("t", kind="stable")
ct = pd.DataFrame(CT)
ct["cid"] = np.arange(len(ct))
ct = ct.sort_values("start", kind="stable").reset_index(drop=True)
ct_no = np.empty(len(ct), int)
ct_no[ct.cid.to_numpy()] = np.arange(1, len(ct) + 1)  # contract numbers in start order
pay = pd.DataFrame(PAY).sort_values("t", kind="stable").reset_index(drop=True)
pay["payment_id"] = np.arange(1, len(pay) + 1)
rv = pd.DataFrame(RV).sort_values("t", kind="stable").reset_index(drop=True)
rv["review_id"] = np.arange(1, len(rv) + 1)
ct_f = np.array(CT["f"], int)
ct_c = np.array(CT["c"], int)

# job posts at CUT
jpk = jp[jp.t <= T]
ix = jpk.index.to_numpy()
hired_by = (post_hired[ix] >= 0) & (post_dec[ix] <= T)
closed = post_close[ix] <= T
job_posts = pd.DataFrame(
    {
        "post_id": ix + 1,
        "client_id": [f"CL-{c + 1:05d}" for c in jpk.c],
        "title": [
            f"{CATS[k].replace('_', ' ').title()} project #{post_no[i]}" for k, i in zip(jpk.cat, ix, strict=True)
        ],
        "category": CATS[jpk.cat.to_numpy()],
        "budget_type": jpk.btype,
        "budget": jpk.budget,
        "hourly_max": jpk.hmax,
        "posted_at": ts(jpk.t),
        "status": np.where(hired_by, "filled", np.where(closed, "closed", "open")),
        "closed_at": ts(np.where(closed, post_close[ix], np.nan)),
    }
)
# proposals at CUT
prk = pr[pr.t <= T]
hired_p = set(int(post_hired[i]) for i in range(NP_) if post_hired[i] >= 0 and post_dec[i] <= T)
pst = []
for p, post, wdt in zip(prk.proposal_id - 1, prk.post, prk.wd, strict=True):
    if p in hired_p:
        pst.append("hired")
    elif wdt <= T:
        pst.append("withdrawn")
    elif post_dec[post] <= T:
        pst.append("declined")
    else:
        pst.append("pending")
proposals = pd.DataFrame(
    {
        "proposal_id": prk.proposal_id,
        "job_id": prk.post + 1,
        "freelancer_id": prk.f + 1,
        "submitted_at": ts(prk.t),
        "bid_amount": prk.bid,
        "cover_letter": prk.letter,
        "status": pst,
    }
)
# contracts at CUT
ctk = ct[ct.start <= T]
ended = ctk.end.to_numpy() <= T
contracts = pd.DataFrame(
    {
        "contract_id": [f"CT-{ct_no[c]:06d}" for c in ctk.cid],
        "proposal_id": ctk.prop + 1,
        "client_id": [f"CL-{c + 1:05d}" for c in ctk.c],
        "freelancer_id": ctk.f + 1,
        "contract_type": ctk.btype,
        "agreed_amount": ctk.bid,
        "started_at": ts(ctk.start),
        "ended_at": ts(known(ctk.end)),
        "end_reason": np.where(ended, np.where(ctk.cancel, "cancelled", "completed"), None),
    }
)
payk = pay[pay.t <= T]
payments = pd.DataFrame(
    {
        "payment_id": payk.payment_id,
        "contract_ref": [f"CT-{ct_no[c]:06d}" for c in payk.ct],
        "payee_id": ct_f[payk.ct] + 1,
        "amount": payk.amount,
        "fee": (payk.amount * 0.1).round(2),
        "kind": payk.kind,
        "paid_at": ts(payk.t),
    }
)
rvk = rv[rv.t <= T]
reviews = pd.DataFrame(
    {
        "review_id": rvk.review_id,
        "contract_id": [f"CT-{ct_no[c]:06d}" for c in rvk.ct],
        "freelancer_id": ct_f[rvk.ct] + 1,
        "stars": rvk.stars,
        "comment": np.where(rvk.stars >= 4, "Great work", np.where(rvk.stars == 3, "OK", "Not satisfied")),
        "created": ts(rvk.t),
    }
)
# freelancers' today's state at CUT
comp = ctk[(ctk.end <= T) & ~ctk.cancel].groupby("f").size().reindex(np.arange(NF)).fillna(0).to_numpy()
rating = pd.Series(rvk.stars.to_numpy(), index=ct_f[rvk.ct]).groupby(level=0).mean().reindex(np.arange(NF))
busy = set(ctk[ctk.end > T].f)
last_t = (
    pd.concat([pd.Series(prk.t.to_numpy(), index=prk.f.to_numpy()), pd.Series(payk.t.to_numpy(), index=ct_f[payk.ct])])
    .groupby(level=0)
    .max()
    .reindex(np.arange(NF))
)
freelancers = pd.DataFrame(
    {
        "freelancer_id": np.arange(1, NF + 1),
        "username": f_user,
        "skill_category": CATS[f_cat],
        "country": f_country,
        "avatar_url": avatar,
        "hourly_rate": (f_base * 1.03**comp).round(2),
        "rating": rating.round(2).to_numpy(),
        "jobs_completed": comp.astype(int),
        "availability": ["busy" if f in busy else "available" for f in range(NF)],
        "joined_at": ts(f_join),
        "last_login_at": ts(last_t.to_numpy() + 3600),
        "deactivated_at": ts(known(f_deact)),
    }
)[f_join <= T]
spent = pd.Series(payk.amount.to_numpy(), index=ct_c[payk.ct]).groupby(level=0).sum().reindex(np.arange(NCL)).fillna(0)
c_last = pd.Series(jpk.t.to_numpy(), index=jpk.c.to_numpy()).groupby(level=0).max().reindex(np.arange(NCL))
clients = pd.DataFrame(
    {
        "client_id": [f"CL-{c + 1:05d}" for c in range(NCL)],
        "company_name": c_name,
        "company_size": c_size,
        "industry": c_ind,
        "country": c_country,
        "payment_verified": c_verified,
        "signed_up_at": ts(c_signup),
        "total_spent": spent.round(2).to_numpy(),
        "tier": np.where(spent < 1000, "basic", np.where(spent < 20000, "plus", "enterprise")),
        "last_active_at": ts(c_last.to_numpy()),
    }
)[c_signup <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE clients (client_id VARCHAR PRIMARY KEY, company_name VARCHAR, company_size VARCHAR, industry VARCHAR,
                      country VARCHAR, payment_verified BOOLEAN, signed_up_at TIMESTAMP, total_spent DOUBLE,
                      tier VARCHAR, last_active_at TIMESTAMP);
CREATE TABLE freelancers (freelancer_id INTEGER PRIMARY KEY, username VARCHAR, skill_category VARCHAR,
                          country VARCHAR, avatar_url VARCHAR, hourly_rate DOUBLE, rating DOUBLE,
                          jobs_completed INTEGER, availability VARCHAR, joined_at TIMESTAMP, last_login_at TIMESTAMP,
                          deactivated_at TIMESTAMP);
CREATE TABLE job_posts (post_id INTEGER PRIMARY KEY, client_id VARCHAR, title VARCHAR, category VARCHAR,
                        budget_type VARCHAR, budget DECIMAL(10, 2), hourly_max DOUBLE, posted_at TIMESTAMP,
                        status VARCHAR, closed_at TIMESTAMP);
CREATE TABLE proposals (proposal_id INTEGER PRIMARY KEY, job_id INTEGER REFERENCES job_posts(post_id),
                        freelancer_id INTEGER REFERENCES freelancers(freelancer_id), submitted_at TIMESTAMP,
                        bid_amount DOUBLE, cover_letter VARCHAR, status VARCHAR);
CREATE TABLE contracts (contract_id VARCHAR PRIMARY KEY, proposal_id INTEGER REFERENCES proposals(proposal_id),
                        client_id VARCHAR, freelancer_id INTEGER REFERENCES freelancers(freelancer_id),
                        contract_type VARCHAR, agreed_amount DOUBLE, started_at TIMESTAMP, ended_at TIMESTAMP,
                        end_reason VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, contract_ref VARCHAR, payee_id INTEGER, amount DOUBLE,
                       fee DOUBLE, kind VARCHAR, paid_at TIMESTAMP);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, contract_id VARCHAR, freelancer_id INTEGER, stars SMALLINT,
                      comment VARCHAR, created TIMESTAMP);
""")
for name, df in [
    ("clients", clients),
    ("freelancers", freelancers),
    ("job_posts", job_posts),
    ("proposals", proposals),
    ("contracts", contracts),
    ("payments", payments),
    ("reviews", reviews),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
