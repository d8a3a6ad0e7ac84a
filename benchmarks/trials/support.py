"""A customer-support desk database (plans, SLA policies, customers that churn, agents in teams that join and leave,
tickets over email/chat/phone, messages, tags through a link table, escalations, product releases that cause bug
bursts), seeded: `python benchmarks/trials/support.py PATH`. Written by a fresh-eyes trial (2026-12-05), kept for
benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), span 2023-01-01 .. 2024-12-31 (the snapshot's present is 2024-12-31 23:59):
- customers (3,000): 35% signed up before 2023, the rest over the span (signups grow linearly, x2 by the end).
  plan free .35 / pro .35 / business .20 / enterprise .10 (plan multiplier on the ticket rate .5 / 1 / 1.6 / 2.6);
  latent rate lam ~ LogNormal(log .016, .9) tickets/day; company_size (NULL for 70% of free/pro, B2C) adds
  x(1 + .12*log10(size)); region and industry do NOT matter (industry NULL 20%).
- ticket rate per customer, day and category c: lam * plan * pref_c * trend * dow * dec * cat_mult_c(day)
  pref: Dirichlet(4 * base_plan) per customer (free: billing/account heavy; enterprise: technical/bug heavy)
  trend 1 + .15*years since 2023-01-01; dow Mon-Fri 1.0, Sat .45, Sun .40; dec: x.7 on Dec 20..31
  billing x2.5 on days 1..3 of each month (invoices); bug x(1 + 3*sum over releases exp(-days since / 5))
  for major releases (.3 of that for minor): bursts of bug tickets after releases.
- churn: hazard per day 1/1800 (x2 free), + 1/250 for 60 days after a ticket whose (true) satisfaction <= 2 (answered or not) or
  solve time > 10 days; churned_at set, no tickets after. Entities end (customers.churned_at).
- channel: customer's preferred channel (enterprise: phone-heavy, free: email-heavy) with p .7, else email .5 /
  chat .35 / phone .15. priority (low/normal/high/urgent): logits from category (bug +1.2, technical +.5),
  plan (enterprise +1, business +.5), channel (phone +.6).
- agents (teams billing 10 / technical 24 / account 10; seniority junior/mid/senior; hired over the span, ~20% leave):
  category -> team (billing->billing, technical/bug->technical, account->account). Assignment: the customer's last
  agent of that team with p .6 if still employed, else weighted by seniority (enterprise strongly prefers senior).
  agent quality latent q ~ N(0, .4) drives satisfaction only.
- first response hours: LogNormal around email 6h / chat .15h / phone .05h, /(1+priority rank*.3), x2.5 weekends.
- solve hours: LogNormal(log base_cat, .8) x seniority (junior 1.4 / mid 1 / senior .7) x priority (urgent .5)
  base_cat billing 8h / account 12h / technical 30h / bug 70h. 3% of tickets are abandoned: closed, never solved.
- messages: 1 + Poisson(.8 + .55*log1p(solve_h/4) + .8*bug + .5*email); first from the customer at created_at,
  first agent message at first_response_at, the rest between it and solved_at, alternating; body_length
  LogNormal(customer verbosity latent) for customers, agents ~ 400.
- escalations: p = sigmoid(-3.6 + 1.3*urgent + .7*high + .8*bug + .5*junior + .5*log1p(solve_h/48)), at a uniform
  time inside the ticket's life; level 1 (80%) or 2.
- satisfaction 1..5: round(4.3 - .55*log1p(solve_h/24) - .9*escalated + q_agent + grumpiness_customer(N(0,.5))
  + N(0,.5)), answered with p = customer propensity Beta(2,4) at solved_at + Exp(30h); satisfaction and
  satisfaction_at NULL until answered (filled in later; NULL where answered after the present).
- tags (18, via ticket_tags, no time column): 1..3 per ticket from the category's tags, +'regression' within 10 days
  after a major release on bug tickets (p .6), +'vip' on enterprise (p .5); 'misc' tags at random.
- status at the present: open (no first response yet, or solved after the present with no agent reply),
  pending (replied, not solved), solved (solved within 7 days), closed (solved earlier, or abandoned).
  Nothing after the present is stored (messages, escalations, satisfaction answers).
- releases: 34 over the span, every 15..27 days, every third one major (~every 2 months), plus 2 planned
  ones dated in 2025 (written ahead of their date).
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31 23:59:00")
days = pd.date_range(START, "2024-12-31", freq="D")
ND = len(days)
dow = days.day_of_week.values
DOW = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.45, 0.40])
dec = np.where((days.month == 12) & (days.day >= 20), 0.7, 1.0)
trend = 1 + 0.15 * np.arange(ND) / 365
CATS = ["billing", "technical", "account", "bug"]
PLANS = ["free", "pro", "business", "enterprise"]
PLAN_MULT = np.array([0.5, 1.0, 1.6, 2.6])
PLAN_FEE = [0, 29, 99, 499]
PREF_BASE = np.array([[0.4, 0.15, 0.35, 0.1], [0.3, 0.3, 0.2, 0.2], [0.2, 0.4, 0.15, 0.25], [0.1, 0.45, 0.1, 0.35]])
PRIOS = ["low", "normal", "high", "urgent"]
CHANNELS = ["email", "chat", "phone"]
TEAM_OF = {"billing": "billing", "technical": "technical", "bug": "technical", "account": "account"}

# releases: majors roughly every 2 months, minors between
rel_rows = []
d = 20
k = 0
while d < ND:
    major = k % 3 == 0
    rel_rows.append((d, "major" if major else "minor"))
    d += int(rng.integers(15, 28))
    k += 1
burst = np.zeros(ND)
for rd, kind in rel_rows:
    w = 1.0 if kind == "major" else 0.3
    t = np.arange(ND - rd)
    burst[rd:] += w * np.exp(-t / 5)
bug_mult = 1 + 3 * burst
billing_mult = np.where(days.day <= 3, 2.5, 1.0)
cat_mult = np.stack([billing_mult, np.ones(ND), np.ones(ND), bug_mult], 1)  # ND x 4
major_days = np.array([rd for rd, kind in rel_rows if kind == "major"])

# customers
NC = 3000
plan = rng.choice(4, NC, p=[0.35, 0.35, 0.2, 0.1])
lam = np.exp(rng.normal(np.log(0.016), 0.9, NC))
b2c = (plan <= 1) & (rng.random(NC) < 0.7)
size = np.where(b2c, np.nan, np.round(np.exp(rng.normal(np.log(40) + plan * 0.8, 1.2, NC))).clip(2, 50000))
size_mult = 1 + 0.12 * np.log10(np.nan_to_num(size, nan=1.0))
pref = np.array([rng.dirichlet(4 * PREF_BASE[p]) for p in plan])
pre = rng.random(NC) < 0.35
grow = rng.random(NC)
signup_day = np.where(pre, -rng.integers(1, 700, NC), np.floor(ND * (np.sqrt(1 + 3 * grow) - 1)).astype(int))
signup_day = np.minimum(signup_day, ND - 1)
chan_pref = np.array(
    [rng.choice(3, p=[[0.7, 0.25, 0.05], [0.5, 0.4, 0.1], [0.45, 0.35, 0.2], [0.3, 0.3, 0.4]][p]) for p in plan]
)
grump = rng.normal(0, 0.5, NC)
verbose = rng.normal(np.log(350), 0.5, NC)
survey_p = rng.beta(2, 4, NC)
regions = np.array(["NA", "EU", "APAC", "LATAM"])[rng.choice(4, NC, p=[0.4, 0.35, 0.15, 0.1])]
industries = np.array(["retail", "software", "finance", "health", "education", "media", None], dtype=object)[
    rng.choice(7, NC, p=[0.15, 0.2, 0.12, 0.1, 0.1, 0.13, 0.2])
]
churn_day = np.full(NC, -1)
bad_until = np.full(NC, -1)

# agents
team_sizes = {"billing": 10, "technical": 24, "account": 10}
agents = []
for team, n in team_sizes.items():
    for _ in range(n):
        sen = rng.choice(3, p=[0.4, 0.35, 0.25])
        hired = int(rng.integers(-900, -30)) if rng.random() < 0.65 else int(rng.integers(0, ND - 60))
        left = int(rng.integers(max(hired, 0) + 60, ND + 200)) if rng.random() < 0.3 else 10**6
        agents.append(dict(team=team, sen=sen, hired=hired, left=left, q=rng.normal(0, 0.4)))
A = pd.DataFrame(agents)
A["agent_id"] = np.arange(1, len(A) + 1)
SEN_SOLVE = np.array([1.4, 1.0, 0.7])
last_agent = {}  # (customer, team) -> agent index

T = {k: [] for k in ["cust", "day", "cat", "agent", "chan", "prio", "hour", "fr_h", "solve_h", "esc", "sat_true"]}
BASE_SOLVE = np.array([8, 30, 12, 70.0])
for di in range(ND):
    alive = (signup_day <= di) & (churn_day < 0)
    idx = np.nonzero(alive)[0]
    rate = (lam[idx] * PLAN_MULT[plan[idx]] * size_mult[idx] * DOW[dow[di]] * dec[di] * trend[di])[:, None]
    rate = rate * pref[idx] * cat_mult[di][None, :]
    counts = rng.poisson(rate)
    ci, cc = np.nonzero(counts)
    cust = np.repeat(idx[ci], counts[ci, cc])
    cat = np.repeat(cc, counts[ci, cc])
    for c, k in zip(cust, cat, strict=True):
        team = TEAM_OF[CATS[k]]
        ok = (A.team.values == team) & (A.hired.values <= di) & (A.left.values > di)
        la = last_agent.get((c, team))
        if la is not None and ok[la] and rng.random() < 0.6:
            a = la
        else:
            w = np.where(ok, [1.0, 1.2, 1.0][0] * np.array([1.0, 1.2, 1.0])[A.sen.values], 0)
            if plan[c] == 3:
                w = w * np.array([0.2, 1.0, 4.0])[A.sen.values]
            a = rng.choice(len(A), p=w / w.sum())
        last_agent[(c, team)] = a
        ch = chan_pref[c] if rng.random() < 0.7 else rng.choice(3, p=[0.5, 0.35, 0.15])
        logits = np.array([0.0, 1.0, -0.5, -2.0])
        bump = {3: 1.2, 1: 0.5}.get(k, 0) + [0, 0, 0.5, 1.0][plan[c]] + (0.6 if ch == 2 else 0)
        logits = logits + bump * np.array([-0.5, 0, 0.5, 1.0])
        p = np.exp(logits) / np.exp(logits).sum()
        pr = rng.choice(4, p=p)
        hour = float(np.clip(rng.normal(13, 3.5), 0, 23.98))
        fr = np.exp(rng.normal(np.log([6, 0.15, 0.05][ch]), 0.7)) / (1 + pr * 0.3) * (2.5 if dow[di] >= 5 else 1)
        sh = np.exp(rng.normal(np.log(BASE_SOLVE[k]), 0.8)) * SEN_SOLVE[A.sen.values[a]] * [1.2, 1.0, 0.8, 0.5][pr]
        sh = max(sh, fr + 0.05)
        z = -3.6 + 1.3 * (pr == 3) + 0.7 * (pr == 2) + 0.8 * (k == 3) + 0.5 * (A.sen.values[a] == 0)
        z += 0.5 * np.log1p(sh / 48)
        esc = rng.random() < 1 / (1 + np.exp(-z))
        s = 4.3 - 0.55 * np.log1p(sh / 24) - 0.9 * esc + A.q.values[a] + grump[c] + rng.normal(0, 0.5)
        s = int(np.clip(np.round(s), 1, 5))
        if s <= 2 or sh > 240:
            bad_until[c] = di + 60
        for key, v in zip(T, [c, di, k, a, ch, pr, hour, fr, sh, esc, s], strict=True):
            T[key].append(v)
    # churn
    hz = np.where(plan == 0, 2 / 1800, 1 / 1800) + np.where(bad_until >= di, 1 / 250, 0)
    newly = alive & (rng.random(NC) < hz)
    churn_day[newly] = di

T = {k: np.array(v) for k, v in T.items()}
NT = len(T["cust"])
created = START + pd.to_timedelta(T["day"], "D") + pd.to_timedelta(T["hour"] * 3600, "s").round("s")
created = pd.DatetimeIndex(created)
fr_at = created + pd.to_timedelta(T["fr_h"] * 3600, "s").round("s")
solved = created + pd.to_timedelta(T["solve_h"] * 3600, "s").round("s")
abandoned = rng.random(NT) < 0.03
answered = (rng.random(NT) < survey_p[T["cust"]]) & ~abandoned
sat_at = solved + pd.to_timedelta(rng.exponential(30, NT) * 3600, "s").round("s")
esc_at = created + pd.to_timedelta(rng.random(NT) * T["solve_h"] * 3600, "s").round("s")

tk = pd.DataFrame(
    {
        "ticket_id": np.arange(100001, 100001 + NT),
        "customer_id": T["cust"] + 1,
        "agent_id": A.agent_id.values[T["agent"]],
        "created_at": created,
        "channel": np.array(CHANNELS)[T["chan"]],
        "category": np.array(CATS)[T["cat"]],
        "priority": np.array(PRIOS)[T["prio"]],
        "subject": [
            f"{['Invoice', 'Cannot', 'Login', 'Error'][c]} {['question', 'issue', 'help', 'report'][r]}"
            for c, r in zip(T["cat"], rng.integers(0, 4, NT), strict=True)
        ],
    }
)
fr_known = fr_at <= END
tk["first_response_at"] = pd.Series(fr_at).where(fr_known).values
solved_known = (solved <= END) & ~abandoned
tk["solved_at"] = pd.Series(solved).where(solved_known).values
closed_at = np.where(
    abandoned,
    created + pd.Timedelta(days=10),
    np.where(solved_known, solved + pd.Timedelta(days=7), pd.NaT),
)
closed_at = pd.to_datetime(closed_at)
closed_known = closed_at <= END
tk["closed_at"] = pd.Series(closed_at).where(closed_known).values
sat_known = answered & solved_known & (sat_at <= END)
tk["satisfaction"] = pd.Series(T["sat_true"]).where(sat_known).astype("Int64").values
tk["satisfaction_at"] = pd.Series(sat_at).where(sat_known).values
status = np.where(
    closed_known, "closed", np.where(solved_known, "solved", np.where(fr_known, "pending", "open"))
)
tk["status"] = status
# sla policy per (plan, priority)
sla = []
for pi, _plan in enumerate(PLANS):
    for ri, r in enumerate(PRIOS):
        sla.append(
            dict(
                sla_policy_id=pi * 4 + ri + 1,
                plan_id=pi + 1,
                priority=r,
                first_response_hours=[48, 24, 8, 4][pi] / (1 + ri),
                resolution_hours=[240, 120, 72, 48][pi] / (1 + ri * 0.5),
            )
        )
sla = pd.DataFrame(sla)
tk["sla_policy_id"] = plan[T["cust"]] * 4 + T["prio"] + 1

# messages
lam_m = 0.8 + 0.55 * np.log1p(T["solve_h"] / 4) + 0.8 * (T["cat"] == 3) + 0.5 * (T["chan"] == 0)
nm = 1 + rng.poisson(lam_m)
m_t = np.repeat(np.arange(NT), nm)
pos = np.concatenate([np.arange(n) for n in nm])
frac = rng.random(len(m_t))
c0 = created.values[m_t]
f0 = fr_at.values[m_t]
s0 = solved.values[m_t]
# later messages: between first response and solve, sorted by position via cumulative sorted fractions
order_frac = np.zeros(len(m_t))
start = 0
for n in nm:
    if n > 2:
        order_frac[start + 2 : start + n] = np.sort(rng.random(n - 2))
    start += n
sent = np.where(pos == 0, c0, np.where(pos == 1, f0, f0 + (s0 - f0) * order_frac))
sent = pd.to_datetime(sent).round("s")
author = np.where(pos % 2 == 0, "customer", "agent")
body = np.where(
    author == "customer",
    np.exp(rng.normal(verbose[T["cust"][m_t]], 0.6)),
    np.exp(rng.normal(np.log(400), 0.5, len(m_t))),
).round().astype(int)
msg = pd.DataFrame(
    {
        "message_id": np.arange(1, len(m_t) + 1),
        "ticket_id": tk.ticket_id.values[m_t],
        "author": author,
        "sent_at": sent,
        "body_length": body,
    }
)
keep_msg = (msg.sent_at <= END) & ~((pos > 0) & abandoned[m_t] & (pos > 1))
msg = msg[keep_msg.values].reset_index(drop=True)
msg["message_id"] = np.arange(1, len(msg) + 1)

# escalations
ei = np.nonzero(T["esc"] & (esc_at <= END))[0]
escal = pd.DataFrame(
    {
        "escalation_id": np.arange(1, len(ei) + 1),
        "ticket_id": tk.ticket_id.values[ei],
        "escalated_at": esc_at[ei],
        "level": np.where(rng.random(len(ei)) < 0.8, 1, 2),
        "reason": np.array(["sla_breach", "customer_request", "complexity", "bug_confirmed"])[
            np.where(T["cat"][ei] == 3, 3, rng.integers(0, 3, len(ei)))
        ],
    }
)

# tags
TAGS = {
    "billing": ["invoice", "refund", "payment-failed", "pricing"],
    "technical": ["integration", "api", "performance", "configuration"],
    "account": ["login", "password-reset", "permissions", "sso"],
    "bug": ["crash", "ui-glitch", "data-loss", "api"],
}
tag_names = sorted({t for v in TAGS.values() for t in v} | {"regression", "vip", "misc", "feedback"})
tag_id = {t: i + 1 for i, t in enumerate(tag_names)}
cust_tag_pref = rng.dirichlet(np.ones(4) * 0.7, NC)  # a customer's favourite tags within a category
links = []
recent_major = np.zeros(ND, bool)
for rd in major_days:
    recent_major[rd : rd + 10] = True
for i in range(NT):
    cat = CATS[T["cat"][i]]
    c = T["cust"][i]
    n = 1 + rng.binomial(2, 0.3)
    chosen = set(np.array(TAGS[cat])[rng.choice(4, n, replace=False, p=cust_tag_pref[c])])
    if cat == "bug" and recent_major[T["day"][i]] and rng.random() < 0.6:
        chosen.add("regression")
    if plan[c] == 3 and rng.random() < 0.5:
        chosen.add("vip")
    if rng.random() < 0.05:
        chosen.add(rng.choice(["misc", "feedback"]))
    for t in chosen:
        links.append((tk.ticket_id.values[i], tag_id[t]))
tt = pd.DataFrame(links, columns=["ticket_id", "tag_id"]).drop_duplicates()

# customers table
signup_at = START + pd.to_timedelta(signup_day, "D") + pd.to_timedelta(rng.integers(0, 86400, NC), "s")
churned_at = pd.Series(
    START + pd.to_timedelta(np.where(churn_day >= 0, churn_day, 0), "D") + pd.Timedelta(hours=18)
).where(churn_day >= 0)
cust_df = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "plan_id": plan + 1,
        "company_size": pd.Series(size).astype("Int64"),
        "region": regions,
        "industry": industries,
        "signup_at": signup_at,
        "churned_at": churned_at.values,
    }
)
plans_df = pd.DataFrame({"plan_id": [1, 2, 3, 4], "name": PLANS, "monthly_fee": PLAN_FEE})
agents_df = pd.DataFrame(
    {
        "agent_id": A.agent_id,
        "name": [f"agent_{i}" for i in A.agent_id],
        "team": A.team,
        "seniority": np.array(["junior", "mid", "senior"])[A.sen.values],
        "hired_at": START + pd.to_timedelta(A.hired.values, "D"),
        "left_at": pd.Series(START + pd.to_timedelta(np.minimum(A.left.values, 5000), "D")).where(
            A.left.values < ND
        ),
    }
)
release_dates = [START + pd.Timedelta(days=int(rd), hours=10) for rd, _ in rel_rows] + [
    pd.Timestamp("2025-01-21 10:00"),
    pd.Timestamp("2025-03-04 10:00"),
]
rel_df = pd.DataFrame(
    {
        "release_id": np.arange(1, len(release_dates) + 1),
        "version": [f"v{3 + i // 6}.{i % 6}" for i in range(len(release_dates))],
        "kind": [k for _, k in rel_rows] + ["major", "minor"],
        "released_at": release_dates,
    }
)

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE plans (plan_id INTEGER PRIMARY KEY, name VARCHAR, monthly_fee INTEGER);
CREATE TABLE sla_policies (sla_policy_id INTEGER PRIMARY KEY, plan_id INTEGER REFERENCES plans(plan_id),
  priority VARCHAR, first_response_hours DOUBLE, resolution_hours DOUBLE);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, plan_id INTEGER REFERENCES plans(plan_id),
  company_size INTEGER, region VARCHAR, industry VARCHAR, signup_at TIMESTAMP, churned_at TIMESTAMP);
CREATE TABLE agents (agent_id INTEGER PRIMARY KEY, name VARCHAR, team VARCHAR, seniority VARCHAR,
  hired_at TIMESTAMP, left_at TIMESTAMP);
CREATE TABLE releases (release_id INTEGER PRIMARY KEY, version VARCHAR, kind VARCHAR, released_at TIMESTAMP);
CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  agent_id INTEGER REFERENCES agents(agent_id), sla_policy_id INTEGER REFERENCES sla_policies(sla_policy_id),
  created_at TIMESTAMP, channel VARCHAR, category VARCHAR, priority VARCHAR, subject VARCHAR, status VARCHAR,
  first_response_at TIMESTAMP, solved_at TIMESTAMP, closed_at TIMESTAMP, satisfaction INTEGER,
  satisfaction_at TIMESTAMP);
CREATE TABLE ticket_messages (message_id INTEGER PRIMARY KEY, ticket_id INTEGER REFERENCES tickets(ticket_id),
  author VARCHAR, sent_at TIMESTAMP, body_length INTEGER);
CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, name VARCHAR);
CREATE TABLE ticket_tags (ticket_id INTEGER, tag_id INTEGER);  -- keys undeclared, as in many real databases
CREATE TABLE escalations (escalation_id INTEGER PRIMARY KEY, ticket_id INTEGER, escalated_at TIMESTAMP,
  level INTEGER, reason VARCHAR);  -- ticket_id undeclared
""")
cols = dict(
    tickets=[
        "ticket_id", "customer_id", "agent_id", "sla_policy_id", "created_at", "channel", "category", "priority",
        "subject", "status", "first_response_at", "solved_at", "closed_at", "satisfaction", "satisfaction_at",
    ]
)
for name, df in [
    ("plans", plans_df),
    ("sla_policies", sla),
    ("customers", cust_df),
    ("agents", agents_df),
    ("releases", rel_df),
    ("tickets", tk[cols["tickets"]]),
    ("ticket_messages", msg),
    ("tags", pd.DataFrame({"tag_id": list(tag_id.values()), "name": list(tag_id)})),
    ("ticket_tags", tt),
    ("escalations", escal),
]:
    con.register("df_", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df_")
    con.unregister("df_")
con.close()
