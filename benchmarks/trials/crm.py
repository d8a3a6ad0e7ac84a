"""A B2B CRM / sales-pipeline database (reps with a manager self-link, accounts that churn, contacts, opportunities
with stages and a close date set ahead, a stage history, activities, products on opportunity lines), seeded:
`python benchmarks/trials/crm.py PATH`. Written by a fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py
(the truth it planted is in this docstring).

Span 2023-01-01 .. 2025-06-30 (data present = 2025-06-30).

Truth (seed 0):
- reps (60): 2 VPs (manager_id NULL), 8 managers under them, 50 reps under managers. skill ~ N(0, .5) plus the
  manager's coaching ~ N(0, .3) (team effect); speed ~ LogNormal(0, .2) scales stage durations. quota: noise.
  12 reps hired during the span; 8 leave (left_at, an end time): their accounts' new opportunities go to another
  rep of the region from then on (accounts.owner_rep_id holds today's owner: rewritten, as CRMs do).
- accounts (3,000): latent z ~ N(0,1). New-opportunity rate per day
    lam = 0.0055 * exp(0.7 z) * (employee_count/200)^0.25 * month(m) * (1 + 0.15 * years since 2023-01-01)
  month: Jan 1.3 Feb 1.1 Mar 1.0 Apr 1.0 May 1.0 Jun .9 Jul .7 Aug .65 Sep 1.2 Oct 1.15 Nov 1.0 Dec .7.
  Leading indicator: each new-business opportunity is preceded by Poisson(3) contact activities (no opportunity)
  in its 30 days before. Background nurture activities at 0.004 * exp(0.5 z) per day.
  Renewals: each won 'new business' or 'renewal' deal creates a 'renewal' opportunity 300..340 days after its
  close (if the account has not churned): the strongest "new opportunity in 90 days" signal (a won deal 9-12
  months ago).
  churn: hazard 1/1400 per day * exp(-0.4 z), x3 in the 120 days after a lost renewal; churned_at set (end time);
  nothing after it. 40% of accounts exist at the start, the rest are created over the span (more later).
  industry: amount factor software 1.5, finance 2.0, healthcare 1.2, manufacturing 1.0, retail .7, education .5;
  industry drives the product-family mix. employee_count NULL on 15%, annual_revenue NULL on 30% (= employees *
  LogNormal(log 150k, .5)), country and website: no effect beyond region.
- opportunities: type new business / upsell (25% of non-renewal ones) / renewal; lead_source inbound .35,
  outbound .35, partner .15, event .15. Win probability
    sigmoid(-0.6 + 1.0*rep_skill + 0.5*account_fit + 0.5*inbound + 0.6*partner - 0.4*outbound
            + 1.2*renewal + 0.3*upsell - 0.35*log(amount / 20k))
  account_fit ~ N(0, 1) per account (unobserved; shows in its past win rate).
  Stages: Prospecting -> Qualification -> Proposal -> Negotiation -> Closed Won | Closed Lost. A lost deal is lost
  after Prospecting .30, Qualification .30, Proposal .25, Negotiation .15. Stage durations Gamma(2) with means
  10/15/20/15 days * (amount/20k)^0.2 * rep speed. expected_close_date (set ahead at creation) = created + the
  planned cycle (sum of means) * LogNormal(0, .25); won deals are pulled to their quarter's end when that is
  within 21 days (40%). opportunity_history has one row per stage entered (stage_order 1..5; 5 = closed either
  way). opportunities.stage is today's stage, closed_at NULL while open.
  amount = sum of its lines (lines from Proposal on; before that amount is an estimate, NULL on half of the deals
  lost at Prospecting). Heavy tail: quantities LogNormal with sigma .8 scaled by employees.
- activities: on an open opportunity, per day 0.10 (x1.6 if it will be won); type mix call .45 email .40 meeting
  .15 (meetings .30 on deals that will be won); a dead deal goes quiet: a lost deal's activities stop ~ 60% of
  the way through its life. duration_min NULL for emails. notes: noise text.
- products (40): 5 families; 8 launched during the span (popularity grows 2%/week after launch); 4 discontinued
  (discontinued_at). A renewal re-buys 80% of the account's past products; otherwise products by family affinity
  to the industry * popularity.
- opportunity_lines: no time column of its own (as most line tables); the link table products <-> opportunities.
- views: won_deals (won opportunities dated by closed_at), purchases (lines of won deals with account_id, closed_at).
- leak trap: opportunities.stage (and amount) hold today's values, rewritten as a deal moves; at a past anchor a
  deal still open then reads 'Closed Won'/'Closed Lost'. opportunity_history.changed_at is not inferred as its
  time column (set it by hand).
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-06-30")
ND = (END - START).days + 1
MONTH = np.array([1.3, 1.1, 1.0, 1.0, 1.0, 0.9, 0.7, 0.65, 1.2, 1.15, 1.0, 0.7])
days = pd.date_range(START, END, freq="D")
daymul = MONTH[days.month.values - 1] * (1 + 0.15 * np.arange(ND) / 365.0)


def sig(x):
    return 1 / (1 + np.exp(-x))


def ts(day, frac=None):
    """day offset (float) -> Timestamp."""
    return START + pd.to_timedelta(day, unit="D")


# ---------------------------------------------------------------- reps
REGIONS = ["NA", "EMEA", "APAC"]
NREP = 60
rep_role = ["vp"] * 2 + ["manager"] * 8 + ["rep"] * 50
rep_region = np.array(
    [REGIONS[i % 2] for i in range(2)]
    + [REGIONS[i % 3] for i in range(8)]
    + list(rng.choice(REGIONS, 50, p=[0.45, 0.35, 0.2]))
)
manager = [None, None] + [0 if rep_region[i] == "NA" else 1 for i in range(2, 10)]
coach = rng.normal(0, 0.3, NREP)
for i in range(10, NREP):
    cands = [m for m in range(2, 10) if rep_region[m] == rep_region[i]] or list(range(2, 10))
    manager.append(int(rng.choice(cands)))
skill = rng.normal(0, 0.5, NREP) + np.array([coach[m] if m is not None else 0 for m in manager])
speed = rng.lognormal(0, 0.2, NREP)
hired = np.array([-rng.integers(100, 2000) for _ in range(NREP)], dtype=float)
late = rng.choice(np.arange(10, NREP), 12, replace=False)
hired[late] = rng.integers(30, ND - 120, 12)
left = np.full(NREP, np.nan)
leavers = rng.choice([i for i in range(10, NREP) if i not in set(late)], 8, replace=False)
left[leavers] = rng.integers(150, ND - 30, 8)
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Eva", "Femi", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Max", "Nia"]
LAST = ["Silva", "Berg", "Okafor", "Tanaka", "Novak", "Reyes", "Meyer", "Khan", "Rossi", "Dubois"]
reps = pd.DataFrame(
    {
        "rep_id": np.arange(1, NREP + 1),
        "full_name": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(NREP)],
        "role": rep_role,
        "region": rep_region,
        "manager_id": [None if m is None else m + 1 for m in manager],
        "quota": np.round(rng.lognormal(np.log(900_000), 0.3, NREP), -3),
        "hired_at": [ts(h).normalize() for h in hired],
        "left_at": [None if np.isnan(x) else ts(x).normalize() for x in left],
    }
)
sellers = {r: [i for i in range(10, NREP) if rep_region[i] == r] for r in REGIONS}


def rep_for(region, day, owner):
    if owner is not None and hired[owner] <= day and (np.isnan(left[owner]) or left[owner] > day):
        return owner
    live = [i for i in sellers[region] if hired[i] <= day and (np.isnan(left[i]) or left[i] > day)]
    return int(rng.choice(live))


# ---------------------------------------------------------------- accounts
NA = 3000
INDUSTRIES = ["software", "finance", "healthcare", "manufacturing", "retail", "education"]
IND_AMT = dict(software=1.5, finance=2.0, healthcare=1.2, manufacturing=1.0, retail=0.7, education=0.5)
COUNTRIES = {
    "NA": ["US", "Canada", "Mexico"],
    "EMEA": ["UK", "Germany", "France", "Spain", "Netherlands"],
    "APAC": ["Japan", "Australia", "Singapore", "India"],
}
z = rng.normal(0, 1, NA)
fit = rng.normal(0, 1, NA)
ind = rng.choice(INDUSTRIES, NA, p=[0.25, 0.15, 0.15, 0.2, 0.15, 0.1])
acc_region = rng.choice(REGIONS, NA, p=[0.45, 0.35, 0.2])
emp = np.round(rng.lognormal(np.log(200), 1.2, NA)).astype(int) + 5
created = np.where(rng.random(NA) < 0.4, -rng.integers(30, 1500, NA), np.sqrt(rng.random(NA)) * (ND - 20)).astype(float)
owner = np.array([rep_for(acc_region[a], max(created[a], 0), None) for a in range(NA)])
lam_acc = 0.0055 * np.exp(0.7 * z) * (emp / 200) ** 0.25

# ---------------------------------------------------------------- products
FAMILIES = ["CRM Core", "Analytics", "Integrations", "Support", "Security"]
AFF = {  # industry -> family weights
    "software": [1, 1.5, 2.0, 0.5, 1.0],
    "finance": [1, 1.2, 0.6, 0.8, 2.5],
    "healthcare": [1, 0.8, 0.8, 1.5, 2.0],
    "manufacturing": [1, 1.5, 1.5, 1.0, 0.5],
    "retail": [1.5, 1.0, 0.8, 1.5, 0.4],
    "education": [1.5, 0.6, 0.5, 1.2, 0.6],
}
NP = 40
prod_family = np.array([FAMILIES[i % 5] for i in range(NP)])
list_price = np.round(rng.lognormal(np.log(3000), 0.8, NP), -1)
pop = rng.gamma(1.5, 1.0, NP)
launch = np.full(NP, -400.0)
newp = rng.choice(NP, 8, replace=False)
launch[newp] = rng.integers(60, ND - 150, 8)
disc = np.full(NP, np.nan)
disc[rng.choice([p for p in range(NP) if p not in set(newp)], 4, replace=False)] = rng.integers(200, ND - 60, 4)
products = pd.DataFrame(
    {
        "product_id": np.arange(1, NP + 1),
        "name": [
            f"{prod_family[i]} {['Starter', 'Pro', 'Enterprise', 'Plus', 'Add-on', 'Suite', 'Lite', 'Max'][i // 5]}"
            for i in range(NP)
        ],
        "family": prod_family,
        "list_price": list_price,
        "launched_at": [ts(x).normalize() if x >= 0 else pd.Timestamp("2021-06-01") for x in launch],
        "discontinued_at": [None if np.isnan(x) else ts(x).normalize() for x in disc],
    }
)


def product_weights(a, day):
    w = pop * np.array([AFF[ind[a]][FAMILIES.index(f)] for f in prod_family])
    on = (launch <= day) & (np.isnan(disc) | (disc > day))
    grow = np.where(launch > 0, np.clip(1 + 0.02 * (day - launch) / 7, 0, 3), 1.0)
    w = w * on * grow
    return w / w.sum()


# ---------------------------------------------------------------- simulate opportunities
STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation"]
MEANS = np.array([10, 15, 20, 15])
SOURCES = ["inbound", "outbound", "partner", "event"]
opps, hist, lines, acts = [], [], [], []
churned = np.full(NA, np.nan)
lost_renewal_until = np.full(NA, -1.0)
past_products = [set() for _ in range(NA)]
pending = []  # (day, account, prev_amount) renewals
hazard0 = (1 / 1400) * np.exp(-0.4 * z)


def make_opp(a, day, otype, prev_amount=None):
    oid = len(opps) + 1
    rep = rep_for(acc_region[a], day, owner[a])
    src = rng.choice(SOURCES, p=[0.35, 0.35, 0.15, 0.15]) if otype != "renewal" else "existing"
    # products and amount
    w = product_weights(a, day)
    n = 1 + rng.poisson(1.2)
    if otype == "renewal" and past_products[a]:
        keep = [p for p in past_products[a] if rng.random() < 0.8 and w[p] > 0]
        extra = list(rng.choice(NP, rng.poisson(0.4), p=w, replace=True))
        prods = list(dict.fromkeys(keep + extra)) or [int(rng.choice(NP, p=w))]
    else:
        prods = list(dict.fromkeys(rng.choice(NP, n, p=w, replace=True).tolist()))
    scale = IND_AMT[ind[a]] * (emp[a] / 200) ** 0.5 * (0.5 if otype == "upsell" else 1.0)
    pl = []
    for p in prods:
        q = max(1, int(round(rng.lognormal(np.log(4 * scale), 0.8))))
        d = float(np.round(rng.choice([0, 0, 0.05, 0.1, 0.15, 0.2, 0.3]), 2))
        pl.append((p, q, float(list_price[p]), d))
    amount = sum(q * lp * (1 - d) for _, q, lp, d in pl)
    logit = (
        -0.6
        + 1.0 * skill[rep]
        + 0.5 * fit[a]
        + 0.5 * (src == "inbound")
        + 0.6 * (src == "partner")
        - 0.4 * (src == "outbound")
        + 1.2 * (otype == "renewal")
        + 0.3 * (otype == "upsell")
        - 0.35 * np.log(amount / 20000)
    )
    won = rng.random() < sig(logit)
    f = (amount / 20000) ** 0.2 * speed[rep]
    dur = rng.gamma(2.0, MEANS * f / 2.0)
    planned = MEANS.sum() * f * rng.lognormal(0, 0.25)
    last_stage = 4 if won else int(rng.choice([1, 2, 3, 4], p=[0.3, 0.3, 0.25, 0.15]))
    t = day + rng.random()
    enter = [t]
    for k in range(last_stage):
        t = t + dur[k]
        enter.append(t)
    close = enter[-1]
    if won:
        qe = pd.Timestamp(ts(close)).to_period("Q").end_time
        qd = (qe - START).total_seconds() / 86400 - 0.3
        if qd - close < 21 and rng.random() < 0.4:
            close = max(close, qd)
            enter[-1] = close
    stages_entered = STAGES[:last_stage] + ["Closed Won" if won else "Closed Lost"]
    expected = ts(day + planned).normalize()
    # what is known at END
    visible = [(s, e) for s, e in zip(stages_entered, enter, strict=True) if e <= ND]
    cur_stage = visible[-1][0]
    closed_at = ts(close) if close <= ND else None
    reached_proposal = last_stage >= 3 and enter[2] <= ND
    amt = round(amount, 2)
    if not reached_proposal:
        amt = round(amount * rng.lognormal(0, 0.3), -2)
        if not won and last_stage == 1 and rng.random() < 0.5:
            amt = None
    opps.append(
        dict(
            opportunity_id=oid,
            account_id=a + 1,
            rep_id=rep + 1,
            name=f"{otype.title()} - A{a + 1}-{oid}",
            type=otype,
            lead_source=src,
            created_at=ts(enter[0]),
            expected_close_date=expected,
            stage=cur_stage,
            amount=amt,
            closed_at=closed_at,
        )
    )
    for k, (s, e) in enumerate(visible):
        hist.append(
            dict(opportunity_id=oid, stage=s, stage_order=min(k + 1, 5), changed_at=ts(e), changed_by_rep_id=rep + 1)
        )
    if reached_proposal:
        for p, q, lp, d in pl:
            lines.append(dict(opportunity_id=oid, product_id=p + 1, quantity=q, unit_price=lp, discount=d))
    # activities on the opportunity
    life = close - enter[0]
    active_end = enter[0] + (life if won else life * 0.6)
    rate = 0.10 * (1.6 if won else 1.0)
    nact = rng.poisson(rate * max(active_end - enter[0], 0.5))
    pm = [0.45, 0.25, 0.30] if won else [0.45, 0.40, 0.15]
    for _ in range(nact):
        at = enter[0] + rng.random() * (active_end - enter[0])
        if at <= ND:
            acts.append((at, a, oid, rep, rng.choice(["call", "email", "meeting"], p=pm)))
    return won, close, amount, [p for p, _, _, _ in pl]


for d in range(ND):
    alive = (created <= d) & np.isnan(churned)
    # churn
    h = hazard0 * np.where(lost_renewal_until >= d, 3.0, 1.0)
    ch = alive & (rng.random(NA) < h)
    churned[ch] = d + rng.random(ch.sum())
    alive &= ~ch
    # renewals due today
    due = [r for r in pending if int(r[0]) == d]
    pending = [r for r in pending if int(r[0]) != d]
    for _, a in due:
        if np.isnan(churned[a]):
            won, close, amount, prods = make_opp(a, d, "renewal")
            if won:
                past_products[a].update(prods)
                pending.append((close + rng.uniform(300, 340), a))
            else:
                lost_renewal_until[a] = close + 120
    # new opportunities
    k = rng.poisson(lam_acc * daymul[d] * alive)
    for a in np.nonzero(k)[0]:
        for _ in range(k[a]):
            otype = "upsell" if (past_products[a] and rng.random() < 0.25) else "new business"
            won, close, amount, prods = make_opp(a, d, otype)
            if otype == "new business":
                for _ in range(rng.poisson(3)):
                    at = d - rng.random() * 30
                    if at > max(created[a], 0):
                        acts.append(
                            (at, a, None, owner[a], rng.choice(["call", "email", "meeting"], p=[0.3, 0.6, 0.1]))
                        )
            if won:
                past_products[a].update(prods)
                if otype == "new business":
                    pending.append((close + rng.uniform(300, 340), a))
# background nurture activities
for a in range(NA):
    lo = max(created[a], 0)
    hi = min(ND, churned[a]) if not np.isnan(churned[a]) else ND
    if hi <= lo:
        continue
    for at in lo + rng.random(rng.poisson(0.004 * np.exp(0.5 * z[a]) * (hi - lo))) * (hi - lo):
        acts.append((at, a, None, owner[a], rng.choice(["call", "email", "meeting"], p=[0.3, 0.65, 0.05])))
# an activity after the account churned is dropped (opportunity activities too)
acts = [x for x in acts if np.isnan(churned[x[1]]) or x[0] <= churned[x[1]]]

# ---------------------------------------------------------------- tables
accounts = pd.DataFrame(
    {
        "account_id": np.arange(1, NA + 1),
        "name": [f"Account {i:04d} {rng.choice(['Inc', 'Ltd', 'GmbH', 'SA', 'LLC'])}" for i in range(1, NA + 1)],
        "industry": ind,
        "country": [rng.choice(COUNTRIES[r]) for r in acc_region],
        "region": acc_region,
        "employee_count": pd.array(np.where(rng.random(NA) < 0.15, -1, emp), dtype="Int64"),
        "annual_revenue": np.where(
            rng.random(NA) < 0.3, np.nan, np.round(emp * rng.lognormal(np.log(150e3), 0.5, NA), -3)
        ),
        "website": [f"https://www.acct{i}.example.com" for i in range(1, NA + 1)],
        "owner_rep_id": [rep_for(acc_region[a], ND - 1, owner[a]) + 1 for a in range(NA)],
        "created_at": [ts(c) for c in created],
        "churned_at": [None if np.isnan(c) or c > ND else ts(c) for c in churned],
    }
)
accounts.loc[accounts.employee_count == -1, "employee_count"] = pd.NA

# contacts: 1-6 per account, created with or after the account
TITLES = ["CEO", "CTO", "VP Sales", "Head of IT", "Procurement Manager", "Analyst", "Engineer", "Director of Ops"]
SEN = {
    "CEO": "C-level",
    "CTO": "C-level",
    "VP Sales": "VP",
    "Head of IT": "Director",
    "Procurement Manager": "Manager",
    "Analyst": "Individual",
    "Engineer": "Individual",
    "Director of Ops": "Director",
}
crow = []
for a in range(NA):
    for _ in range(1 + rng.poisson(2)):
        t = rng.choice(TITLES)
        cr = max(created[a], -1500) + rng.exponential(60)
        crow.append(
            dict(
                account_id=a + 1,
                title=t,
                seniority=SEN[t] if rng.random() > 0.1 else None,
                created_at=ts(min(cr, ND - 1)),
            )
        )
contacts = pd.DataFrame(crow)
contacts.insert(0, "contact_id", np.arange(1, len(contacts) + 1))
contacts["email"] = [f"c{i}@acct{a}.example.com" for i, a in zip(contacts.contact_id, contacts.account_id, strict=True)]
by_acc = contacts.groupby("account_id")["contact_id"].apply(list).to_dict()
cr_by_id = dict(zip(contacts.contact_id, contacts.created_at, strict=True))

acts.sort(key=lambda x: x[0])
NOTES = ["left voicemail", "sent deck", "discussed pricing", "intro call", "follow-up", "demo", "", "check-in"]
arow = []
for at, a, oid, rep, typ in acts:
    t = ts(at)
    cs = [c for c in by_acc[a + 1] if cr_by_id[c] <= t]
    cid = int(rng.choice(cs)) if cs and rng.random() < 0.9 else None
    arow.append(
        dict(
            opportunity_id=oid,
            contact_id=cid,
            rep_id=int(rep) + 1,
            type=typ,
            occurred_at=t,
            duration_min=None if typ == "email" else int(rng.gamma(2, 12 if typ == "call" else 25)),
            notes=rng.choice(NOTES),
        )
    )
activities = pd.DataFrame(arow)
activities.insert(0, "activity_id", np.arange(1, len(activities) + 1))
activities["opportunity_id"] = activities["opportunity_id"].astype("Int64")
activities["contact_id"] = activities["contact_id"].astype("Int64")
activities["duration_min"] = activities["duration_min"].astype("Int64")

opportunities = pd.DataFrame(opps)
history = pd.DataFrame(hist).sort_values("changed_at").reset_index(drop=True)
history.insert(0, "history_id", np.arange(1, len(history) + 1))
olines = pd.DataFrame(lines)
olines.insert(0, "line_id", np.arange(1, len(olines) + 1))

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE reps (rep_id INTEGER PRIMARY KEY, full_name VARCHAR, role VARCHAR, region VARCHAR,
  manager_id INTEGER REFERENCES reps(rep_id), quota DOUBLE, hired_at DATE, left_at DATE);
CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, name VARCHAR, industry VARCHAR, country VARCHAR,
  region VARCHAR, employee_count INTEGER, annual_revenue DOUBLE, website VARCHAR,
  owner_rep_id INTEGER REFERENCES reps(rep_id), created_at TIMESTAMP, churned_at TIMESTAMP);
CREATE TABLE contacts (contact_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
  title VARCHAR, seniority VARCHAR, created_at TIMESTAMP, email VARCHAR);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, name VARCHAR, family VARCHAR, list_price DOUBLE,
  launched_at DATE, discontinued_at DATE);
CREATE TABLE opportunities (opportunity_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
  rep_id INTEGER REFERENCES reps(rep_id), name VARCHAR, type VARCHAR, lead_source VARCHAR, created_at TIMESTAMP,
  expected_close_date DATE, stage VARCHAR, amount DOUBLE, closed_at TIMESTAMP);
-- history and activities: keys left undeclared, as in many app databases
CREATE TABLE opportunity_history (history_id INTEGER, opportunity_id INTEGER, stage VARCHAR, stage_order INTEGER,
  changed_at TIMESTAMP, changed_by_rep_id INTEGER);
CREATE TABLE activities (activity_id INTEGER PRIMARY KEY, opportunity_id INTEGER, contact_id INTEGER,
  rep_id INTEGER REFERENCES reps(rep_id), type VARCHAR, occurred_at TIMESTAMP, duration_min INTEGER, notes VARCHAR);
CREATE TABLE opportunity_lines (line_id INTEGER PRIMARY KEY,
  opportunity_id INTEGER REFERENCES opportunities(opportunity_id),
  product_id INTEGER REFERENCES products(product_id), quantity INTEGER, unit_price DOUBLE, discount DOUBLE);
""").fetchall()
for name, df in [
    ("reps", reps.sort_values("rep_id")),
    ("accounts", accounts),
    ("contacts", contacts),
    ("products", products),
    ("opportunities", opportunities),
    ("opportunity_history", history),
    ("activities", activities),
    ("opportunity_lines", olines),
]:
    con.register("df", df)
    if name == "reps":  # a self-link: managers first, one row at a time
        for i in range(len(df)):
            con.execute(f"INSERT INTO reps SELECT * FROM df LIMIT 1 OFFSET {i}").fetchall()
    else:
        con.execute(f"INSERT INTO {name} SELECT * FROM df").fetchall()
    con.unregister("df")
    print(name, con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
# the views an analyst adds: won deals dated by their close; products bought, on the account (two hops down)
con.execute("""
CREATE VIEW won_deals AS SELECT opportunity_id AS won_id, account_id, rep_id, type, amount, closed_at
  FROM opportunities WHERE stage = 'Closed Won';
CREATE VIEW purchases AS SELECT l.line_id, o.account_id, l.product_id, l.quantity, o.closed_at
  FROM opportunity_lines l JOIN opportunities o USING (opportunity_id) WHERE o.stage = 'Closed Won';
""").fetchall()
con.close()
