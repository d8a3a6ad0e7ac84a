"""A home-services marketplace (metro regions, pros in six trades, homeowners posting jobs, quotes from pros, one quote
accepted, jobs scheduled ahead and completed or cancelled, invoices and payments, reviews, disputes), seeded:
`python benchmarks/trials/homeservices.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 10 regions, 700 pros, 5,000 homeowners, 22.6k
jobs (16.0k completed, 1.3k cancelled, 4.8k expired), 51.4k quotes, 15.9k invoices, 17.6k payments, 8.7k reviews,
524 disputes (about 123k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: jobs.scheduled_for (set when a quote is accepted: emergency within a day,
'this_week' 1-7 days, 'flexible' 3-30 days ahead), quotes.valid_until (a DATE, sent + 14 days) and invoices.due_on
(a DATE, issued + 14 days). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- regions (10): cost_index 0.8-1.5 multiplies every price (a parent attribute that matters, two hops from invoices
  via pros or homeowners); climate 'hot' / 'cold' / 'mild' shapes seasonality (hot: hvac x2.5 Jun-Aug; cold: plumbing
  x2 Dec-Feb, hvac x1.8 Dec-Jan); region 10 launches 2024-02-01 (its homeowners and pros all arrive after);
  timezone is noise
- pros (700): 480 joined 2018-2022, 220 during the span; trade one of plumbing / electrical / cleaning / hvac /
  landscaping / handyman, stored MESSY ('Plumbing', 'plumber', 'PLUMBING', 'Electrician', 'Elec.', 'Maid Service',
  'Heating & Cooling', 'lawn care', 'handyman ', ...); hidden quality q ~ N(0, 1) drives the homeowner's choice,
  ratings, cost overruns and disputes; price factor pf = exp(.1 q + N(0, .12)) (visible through hourly_rate =
  60 pf cost_index x LogNormal(0, .08)); responsiveness resp ~ Beta(2, 3) weighs which pros quote; hidden churn time
  Exp(mean 900 exp(.5 q) days) after joining (pre-drawn): no quotes after it, and in the 60 days before it quotes
  are x.35 as likely (a fading pro); scheduled jobs of a churned pro are cancelled at its churn time (p .7);
  years_in_business, license_no, business_name are noise
- homeowners (5,000): 2,600 created 2019-2022, 2,400 during the span; job rate lam ~ LogNormal(log(3.2 / 365), .8)
  a day; home_type house .6 / condo .25 / townhouse .15 (condo: landscaping x.1, hvac x.6; house: landscaping x1.3);
  home_built_year (before 1970: plumbing x1.6, electrical x1.5, handyman x1.3); category preference
  Dirichlet(4 x base); 8% are 'regular cleaners' posting a cleaning job every N(30, 4) days; move away (no jobs
  after; their scheduled jobs cancelled) at Exp(mean 1,100 days) from creation; 'soured' after a review <= 2 or a
  dispute they open: rate x.3 from then on (churn signal in the child tables); payment reliability r ~ N(0, 1);
  leniency N(0, .4) added to their ratings; membership TODAY's ('free' / 'plus': at the 3rd completed job p .35,
  U(0, 10) days after; plus x1.25 rate from then); last_job_at, jobs_posted TODAY's; zip and email are noise
- season of categories (x): plumbing 1 + .6 winter; electrical flat; cleaning 1 + .5 Mar-Apr + .4 Dec; hvac
  1 + .8 Jun-Aug + .4 Dec-Jan; landscaping .2 Nov-Feb, 2.2 Apr-Sep, 1 else; handyman flat; weekday x1.15 Sun/Mon
- jobs.scheduled_for is NULL until a quote is accepted (then set ahead): a date written ahead that is itself
  filled in later (known from quotes.decided_at, not from posted_at)
- jobs: urgency emergency (plumbing/electrical/hvac .18, else .03) / this_week .4 / flexible; budget_est noisy
  (30% NULL); quotes from 1 + Poisson(1.6) active pros of the job's region and trade (weights resp, x.35 fading),
  none at all with p .06; the previous pro the homeowner rated >= 4 in that category is invited (p .7)
- quotes: sent Exp(8 h) after posting (emergency Exp(1 h)); amount = base(category) x cost_index x pf x
  LogNormal(0, .25) x 1.4 emergency (base: plumbing 320, electrical 380, cleaning 140, hvac 520, landscaping 260,
  handyman 210); the homeowner accepts one with p .82, choosing by softmax(-2.5 log(amount / min) + .7 q + 1.5
  previous pro + N(0, .5)), decided Exp(1.5 d) after the last quote; no decision within 14 days: job 'expired'
- scheduled jobs: cancelled with p .06 (+.08 when q < -1) between the decision and the schedule; completed 2-8 h
  after scheduled_for (completed_at filled later)
- invoices (invoice_no text 'HS-000123'): issued 1-36 h after completion; amount = quote x (1 + overrun), overrun =
  max(0, N(.03 - .06 q, .12)); paid Exp(5 exp(-.5 r) days) after issue, 3% never; 15% paid in two payments (half,
  then the rest Exp(14 d) later); amount_paid, status ('open' / 'partially_paid' / 'paid' / 'overdue') TODAY's,
  paid_at filled later; payments.method MESSY ('card', 'Card', 'CARD', 'ach', 'ACH', 'bank transfer', 'check')
- disputes: p sigmoid(-3.6 - .9 q + 4 overrun - .3 r) per completed job, opened Exp(6 d) after completion; resolved
  Exp(18 d) later (resolved_at, outcome, refund_amount filled later; status TODAY's); reason messy
- reviews: p .55 per completed job, Exp(3 d) after completion; rating = clip(round(4 + .8 q + leniency - 3
  overrun + N(0, .6)), 1, 5), <= 2 with p .8 after a dispute; pros.rating_avg and review_count TODAY's (running
  over the reviews), pros.status TODAY's ('active' quoted in the last 60 days, else 'inactive'), last_active_at
  TODAY's; body_len noise
- keys: PKs declared on every table but payments (none); pros.pro_code a VARCHAR 'PRO-0042'; REFERENCES only pros
  -> regions, homeowners -> regions, quotes.job_id -> jobs. Undeclared: jobs.homeowner_id, jobs.accepted_quote_id
  and jobs.assigned_pro (both filled later), quotes.pro_code (text), invoices (job_id, pro_code, homeowner_id),
  payments.invoice_no (text), reviews (job_id, pro_code, homeowner_id), disputes (job_id, invoice_no)
- `python homeservices.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  and filled-later column is as it stood at DATE (exact)
"""

import sys

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
HOUR = 3600.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


days = pd.date_range(START, periods=ND, freq="D")
MON = days.month.values
DOW = days.day_of_week.values

# ---------------- regions
NRG = 10
RG_NAME = ["Austin", "Phoenix", "Denver", "Chicago", "Boston", "Atlanta", "Seattle", "Minneapolis", "Portland", "Miami"]
RG_CLIM = np.array(["hot", "hot", "cold", "cold", "cold", "hot", "mild", "cold", "mild", "hot"])
RG_COST = np.round(rng.uniform(0.8, 1.5, NRG), 2)
RG_W = np.array([1.2, 1.1, 1.0, 1.4, 1.0, 1.0, 0.9, 0.7, 0.7, 0.8])
rg_launch = np.full(NRG, secs("2018-06-01"))
rg_launch[9] = secs("2024-02-01")
regions = pd.DataFrame(
    {
        "region_id": np.arange(1, NRG + 1),
        "name": RG_NAME,
        "climate": RG_CLIM,
        "cost_index": RG_COST,
        "timezone": rng.choice(["America/Chicago", "America/Denver", "America/New_York"], NRG),
        "launched_on": ts(rg_launch).date,
    }
)

# ---------------- categories and seasons
CATS = np.array(["plumbing", "electrical", "cleaning", "hvac", "landscaping", "handyman"])
NCAT = 6
BASEW = np.array([0.25, 0.15, 0.25, 0.12, 0.13, 0.10])
BASEP = np.array([320, 380, 140, 520, 260, 210.0])
winter = np.isin(MON, [12, 1, 2]).astype(float)
season = np.ones((ND, NCAT))
season[:, 0] = 1 + 0.6 * winter
season[:, 2] = 1 + 0.5 * np.isin(MON, [3, 4]) + 0.4 * (MON == 12)
season[:, 3] = 1 + 0.8 * np.isin(MON, [6, 7, 8]) + 0.4 * np.isin(MON, [12, 1])
season[:, 4] = np.where(np.isin(MON, [11, 12, 1, 2]), 0.2, np.where(np.isin(MON, [4, 5, 6, 7, 8, 9]), 2.2, 1.0))
clim_mult = np.ones((NRG, ND, NCAT))
for g in range(NRG):
    if RG_CLIM[g] == "hot":
        clim_mult[g, :, 3] = np.where(np.isin(MON, [6, 7, 8]), 2.5, 1.0)
    elif RG_CLIM[g] == "cold":
        clim_mult[g, :, 0] = np.where(np.isin(MON, [12, 1, 2]), 2.0, 1.0)
        clim_mult[g, :, 3] = np.where(np.isin(MON, [12, 1]), 1.8, 1.0)
WDAY = np.where(np.isin(DOW, [6, 0]), 1.15, 0.93)

# ---------------- pros
NPRO = 700
TRADE_SPELL = {
    0: (["Plumbing", "plumbing", "plumber", "PLUMBING", "Plumber "], [0.45, 0.25, 0.15, 0.1, 0.05]),
    1: (["Electrical", "electrician", "Electrician", "Elec.", "ELECTRICAL"], [0.4, 0.25, 0.2, 0.1, 0.05]),
    2: (["Cleaning", "cleaning", "cleaning ", "Maid Service", "House Cleaning"], [0.4, 0.25, 0.1, 0.15, 0.1]),
    3: (["HVAC", "hvac", "Heating & Cooling", "H.V.A.C."], [0.5, 0.2, 0.25, 0.05]),
    4: (["Landscaping", "landscaping", "lawn care", "Lawn & Garden"], [0.45, 0.25, 0.2, 0.1]),
    5: (["Handyman", "handyman", "handyman ", "HANDYMAN"], [0.5, 0.3, 0.1, 0.1]),
}
pro_rg = rng.choice(NRG, NPRO, p=RG_W / RG_W.sum())
pro_tr = rng.choice(NCAT, NPRO, p=[0.22, 0.15, 0.22, 0.13, 0.14, 0.14])
pro_old = np.arange(NPRO) < 480
pro_join = np.where(
    pro_old, secs("2018-01-01") + rng.uniform(0, 5 * 365, NPRO) * DAY, rng.uniform(0, ND - 20, NPRO) * DAY
)
pro_join = np.where(pro_rg == 9, rg_launch[9] + rng.uniform(0, 330, NPRO) * DAY, pro_join)
pro_q = rng.normal(0, 1, NPRO)
pro_pf = np.exp(0.1 * pro_q + rng.normal(0, 0.12, NPRO))
pro_resp = rng.beta(2, 3, NPRO)
pro_churn = pro_join + rng.exponential(900 * np.exp(0.5 * pro_q)) * DAY
pro_rate = np.round(60 * pro_pf * RG_COST[pro_rg] * np.exp(rng.normal(0, 0.08, NPRO)), 0)
pro_trade_txt = np.array([rng.choice(TRADE_SPELL[k][0], p=TRADE_SPELL[k][1]) for k in pro_tr], dtype=object)
pro_code = np.array([f"PRO-{i:04d}" for i in range(1, NPRO + 1)])
pro_years = rng.integers(1, 35, NPRO)
pro_lic = np.array(
    [None if pro_tr[i] == 2 or rng.random() < 0.1 else f"LIC{rng.integers(100000, 999999)}" for i in range(NPRO)],
    dtype=object,
)
pro_bname = [
    f"{rng.choice(['Ace', 'Pro', 'Best', 'Quick', 'Prime', 'Star', 'Metro', 'Home'])} "
    f"{rng.choice(['Services', 'Co', 'Works', 'Team', 'Solutions'])} {i}"
    for i in range(NPRO)
]
cell = {}
for i in range(NPRO):
    cell.setdefault((pro_rg[i], pro_tr[i]), []).append(i)
cell = {k: np.array(v) for k, v in cell.items()}

# ---------------- homeowners
NH = 5000
h_old = np.arange(NH) < 2600
h_rg = rng.choice(NRG, NH, p=RG_W / RG_W.sum())
h_created = np.where(h_old, secs("2019-01-01") + rng.uniform(0, 4 * 365, NH) * DAY, rng.uniform(0, ND - 3, NH) * DAY)
h_created = np.where(h_rg == 9, np.maximum(rg_launch[9] + rng.uniform(0, 300, NH) * DAY, rg_launch[9]), h_created)
h_lam = np.exp(rng.normal(np.log(3.2 / 365), 0.8, NH))
h_type = rng.choice(3, NH, p=[0.6, 0.25, 0.15])
h_built = np.clip(np.round(rng.normal(1978, 22, NH)), 1900, 2023).astype(int)
h_move = h_created + rng.exponential(1100, NH) * DAY
h_rel = rng.normal(0, 1, NH)
h_len = rng.normal(0, 0.4, NH)
h_pref = rng.dirichlet(4 * BASEW / BASEW.sum() * NCAT, NH)
h_pref[:, 4] *= np.select([h_type == 1, h_type == 0], [0.1, 1.3], 1.0)
h_pref[:, 3] *= np.where(h_type == 1, 0.6, 1.0)
oldh = h_built < 1970
h_pref[:, 0] *= np.where(oldh, 1.6, 1.0)
h_pref[:, 1] *= np.where(oldh, 1.5, 1.0)
h_pref[:, 5] *= np.where(oldh, 1.3, 1.0)
h_pref /= h_pref.sum(1, keepdims=True)
h_regular = rng.random(NH) < 0.08
h_zip = [f"{rng.integers(10000, 99999)}" for _ in range(NH)]
h_email = np.where(rng.random(NH) < 0.1, None, np.array([f"home{i}@mail.example" for i in range(1, NH + 1)]))
h_sour = np.full(NH, INF)
h_plus = np.full(NH, INF)
h_ncomp = np.zeros(NH, int)
h_prevpro = {}  # (h, cat) -> list of (time known, pro)

# ---------------- simulation
J = []  # jobs: dict-free tuples filled below
Q = []  # quotes: (job, pro, sent, amount, valid_until)
INV = []  # (job, pro, h, issued, amount, paid list)
PAY = []  # (inv, t, amount)
REV = []  # (job, pro, h, t, rating)
DIS = []  # (job, inv, opened, resolved, outcome, refund)
EMERG_P = np.array([0.18, 0.18, 0.03, 0.18, 0.03, 0.03])


def job(h, t, c):
    """Posts a job and draws its whole future (quotes, decision, schedule, outcome, billing)."""
    ji = len(J)
    g = h_rg[h]
    u = rng.random()
    urg = "emergency" if u < EMERG_P[c] else ("this_week" if u < EMERG_P[c] + 0.4 else "flexible")
    budget = np.round(BASEP[c] * RG_COST[g] * np.exp(rng.normal(0, 0.5)), -1) if rng.random() < 0.7 else np.nan
    desc = int(rng.integers(20, 900))
    pool = cell.get((g, c), np.array([], int))
    pool = pool[(pro_join[pool] <= t) & (pro_churn[pool] > t)] if len(pool) else pool
    k = 0 if rng.random() < 0.06 else 1 + rng.poisson(1.6)
    chosen = []
    if len(pool) and k:
        w = pro_resp[pool] * np.where(pro_churn[pool] - t < 60 * DAY, 0.35, 1.0)
        chosen = list(rng.choice(pool, min(k, len(pool)), replace=False, p=w / w.sum()))
    prev = None
    for tk, pr in h_prevpro.get((h, c), []):
        if tk < t and pro_churn[pr] > t and pro_join[pr] <= t:
            prev = pr
    if prev is not None and prev not in chosen and rng.random() < 0.7:
        chosen.append(prev)
    qs = []
    for pr in chosen:
        sent = t + rng.exponential(1.0 if urg == "emergency" else 8.0) * HOUR
        amt = BASEP[c] * RG_COST[g] * pro_pf[pr] * np.exp(rng.normal(0, 0.25)) * (1.4 if urg == "emergency" else 1)
        qs.append(len(Q))
        Q.append([ji, pr, sent, round(float(amt), 2), sent + 14 * DAY])
    expire_t = t + 14 * DAY
    acc = -1
    decided = INF
    sched = INF
    done = INF
    cancel = INF
    cancel_reason = None
    if qs and rng.random() < 0.82:
        amts = np.array([Q[i][3] for i in qs])
        util = (
            -2.5 * np.log(amts / amts.min())
            + 0.7 * pro_q[[Q[i][1] for i in qs]]
            + 1.5 * np.array([Q[i][1] == prev for i in qs])
            + rng.normal(0, 0.5, len(qs))
        )
        p = np.exp(util - util.max())
        pick = qs[rng.choice(len(qs), p=p / p.sum())]
        d_t = max(Q[i][2] for i in qs) + rng.exponential(1.5) * DAY
        if d_t < expire_t and d_t < h_move[h]:
            acc = pick
            decided = d_t
    if acc >= 0:
        expire_t = INF
        lead = {
            "emergency": rng.uniform(1, 24) * HOUR,
            "this_week": rng.uniform(1, 7) * DAY,
            "flexible": rng.uniform(3, 30) * DAY,
        }[urg]
        s = decided + lead
        if urg != "emergency":
            s = np.floor(s / DAY) * DAY + rng.uniform(8, 17) * HOUR
            s = max(s, decided + HOUR)
        sched = s
        pr = Q[acc][1]
        q = pro_q[pr]
        dur = rng.uniform(2, 8) * HOUR
        if rng.random() < 0.06 + 0.08 * (q < -1):
            cancel = decided + rng.uniform(0, 1) * (sched - decided)
            cancel_reason = rng.choice(["homeowner", "pro", "Pro", "schedule conflict"])
        if pro_churn[pr] < min(sched, cancel) and rng.random() < 0.7:
            cancel, cancel_reason = pro_churn[pr], "pro unavailable"
        if h_move[h] < min(sched, cancel):
            cancel, cancel_reason = h_move[h], "homeowner"
        if cancel == INF:
            done = sched + dur
            bill(ji, h, pr, q, c, done, Q[acc][3])
    elif not qs:
        cancel_reason = None
    J.append((h, t, c, urg, budget, desc, acc, decided, sched, done, cancel, cancel_reason, expire_t))


def bill(ji, h, pr, q, c, done, qamt):
    issued = done + rng.uniform(1, 36) * HOUR
    over = max(0.0, rng.normal(0.03 - 0.06 * q, 0.12))
    amt = round(qamt * (1 + over), 2)
    ii = len(INV)
    INV.append((ji, pr, h, issued, amt))
    if rng.random() > 0.03:
        pt = issued + rng.exponential(5 * np.exp(-0.5 * h_rel[h])) * DAY
        if rng.random() < 0.15:
            half = round(amt / 2, 2)
            PAY.append((ii, pt, half))
            PAY.append((ii, pt + rng.exponential(14) * DAY, round(amt - half, 2)))
        else:
            PAY.append((ii, pt, amt))
    disputed = rng.random() < sig(-3.6 - 0.9 * q + 4 * over - 0.3 * h_rel[h])
    if disputed:
        op = done + rng.exponential(6) * DAY
        res = op + rng.exponential(18) * DAY
        outc = rng.choice(["refund", "partial_refund", "rejected"], p=[0.3, 0.35, 0.35])
        ref = {"refund": amt, "partial_refund": round(amt * rng.uniform(0.2, 0.6), 2), "rejected": 0.0}[outc]
        DIS.append(
            (
                ji,
                ii,
                op,
                res,
                outc,
                ref,
                rng.choice(["quality", "Quality", "billing", "Billing ", "no-show", "damage", "incomplete work"]),
            )
        )
        h_sour[h] = min(h_sour[h], op)
    rt = done + rng.exponential(3) * DAY
    rating = int(np.clip(np.round(4 + 0.8 * q + h_len[h] - 3 * over + rng.normal(0, 0.6)), 1, 5))
    if disputed and rng.random() < 0.8:
        rating = min(rating, int(rng.choice([1, 2])))
    if rng.random() < 0.55:
        REV.append((ji, pr, h, rt, rating))
        if rating <= 2:
            h_sour[h] = min(h_sour[h], rt)
    if rating >= 4:
        h_prevpro.setdefault((h, c), []).append((done, pr))
    h_ncomp[h] += 1
    if h_ncomp[h] == 3 and rng.random() < 0.35:
        h_plus[h] = done + rng.uniform(0, 10) * DAY


next_clean = np.where(h_regular, np.maximum(h_created, 0) + rng.uniform(0, 30, NH) * DAY, INF)
for d in range(ND):
    t0 = d * DAY
    live = (h_created <= t0) & (h_move > t0)
    mult = season[d][None, :] * clim_mult[h_rg, d, :] * h_pref
    tot = mult.sum(1)
    rate = h_lam * tot * WDAY[DOW[d]] * np.where(h_sour <= t0, 0.3, 1.0) * np.where(h_plus <= t0, 1.25, 1.0)
    n = rng.poisson(np.where(live, rate, 0.0))
    for h in np.nonzero(n)[0]:
        for _ in range(n[h]):
            c = rng.choice(NCAT, p=mult[h] / tot[h])
            job(h, t0 + rng.uniform(7, 22) * HOUR, c)
    for h in np.nonzero(live & (next_clean < t0 + DAY))[0]:
        job(h, max(next_clean[h], t0 + 7 * HOUR), 2)
        next_clean[h] += max(7.0, rng.normal(30, 4)) * DAY
    next_clean[~live & (h_move <= t0)] = INF

# ---------------- arrays (all draws done: nothing random below this line but noise columns drawn now)
NJ = len(J)
J_h = np.array([j[0] for j in J])
J_t = np.array([j[1] for j in J])
J_c = np.array([j[2] for j in J])
J_urg = np.array([j[3] for j in J], dtype=object)
J_budget = np.array([j[4] for j in J])
J_desc = np.array([j[5] for j in J])
J_acc = np.array([j[6] for j in J])
J_dec = np.array([j[7] for j in J])
J_sched = np.array([j[8] for j in J])
J_done = np.array([j[9] for j in J])
J_cancel = np.array([j[10] for j in J])
J_creason = np.array([j[11] for j in J], dtype=object)
J_exp = np.array([j[12] for j in J])
NQ = len(Q)
Q_j = np.array([q[0] for q in Q])
Q_p = np.array([q[1] for q in Q])
Q_t = np.array([q[2] for q in Q])
Q_amt = np.array([q[3] for q in Q])
Q_valid = np.array([q[4] for q in Q])
Q_note = rng.integers(0, 400, NQ)
NI = len(INV)
I_j = np.array([x[0] for x in INV])
I_p = np.array([x[1] for x in INV])
I_h = np.array([x[2] for x in INV])
I_t = np.array([x[3] for x in INV])
I_amt = np.array([x[4] for x in INV])
I_due = I_t + 14 * DAY
NPAY = len(PAY)
P_i = np.array([x[0] for x in PAY])
P_t = np.array([x[1] for x in PAY])
P_amt = np.array([x[2] for x in PAY])
P_meth = rng.choice(
    ["card", "Card", "CARD", "ach", "ACH", "bank transfer", "check"], NPAY, p=[0.4, 0.15, 0.05, 0.2, 0.08, 0.07, 0.05]
)
NR = len(REV)
R_j = np.array([x[0] for x in REV])
R_p = np.array([x[1] for x in REV])
R_h = np.array([x[2] for x in REV])
R_t = np.array([x[3] for x in REV])
R_rating = np.array([x[4] for x in REV])
R_body = rng.integers(0, 1200, NR)
ND_ = len(DIS)
D_j = np.array([x[0] for x in DIS])
D_i = np.array([x[1] for x in DIS])
D_op = np.array([x[2] for x in DIS])
D_res = np.array([x[3] for x in DIS])
D_out = np.array([x[4] for x in DIS], dtype=object)
D_ref = np.array([x[5] for x in DIS])
D_reason = np.array([x[6] for x in DIS], dtype=object)

# ---------------- tables as they stood at CUT
qk = Q_t <= T
last_q = pd.Series(Q_t[qk]).groupby(Q_p[qk]).max().reindex(range(NPRO)).to_numpy()
rk = R_t <= T
r_sum = np.bincount(R_p[rk], weights=R_rating[rk], minlength=NPRO)
r_n = np.bincount(R_p[rk], minlength=NPRO)
pros = pd.DataFrame(
    {
        "pro_code": pro_code,
        "region_id": pro_rg + 1,
        "business_name": pro_bname,
        "trade": pro_trade_txt,
        "license_no": pro_lic,
        "years_in_business": pro_years,
        "hourly_rate": pro_rate,
        "joined_at": ts(pro_join),
        "rating_avg": np.where(r_n > 0, np.round(r_sum / np.maximum(r_n, 1), 2), np.nan),
        "review_count": r_n,
        "status": np.where(T - np.nan_to_num(last_q, nan=-1e12) <= 60 * DAY, "active", "inactive"),
        "last_active_at": ts(last_q),
    }
)[pro_join <= T]

jk = J_t <= T
h_last = pd.Series(J_t[jk]).groupby(J_h[jk]).max().reindex(range(NH)).to_numpy()
h_njobs = np.bincount(J_h[jk], minlength=NH)
homeowners = pd.DataFrame(
    {
        "homeowner_id": np.arange(1, NH + 1),
        "region_id": h_rg + 1,
        "zip": h_zip,
        "email": h_email,
        "home_type": np.array(["house", "condo", "townhouse"])[h_type],
        "home_built_year": h_built,
        "membership": np.where(h_plus <= T, "plus", "free"),
        "created_at": ts(h_created),
        "last_job_at": ts(h_last),
        "jobs_posted": h_njobs,
    }
)[h_created <= T]

dec_k = J_dec <= T
has_q = np.zeros(NJ, bool)
has_q[Q_j[qk]] = True
j_status = np.select(
    [J_done <= T, J_cancel <= T, dec_k, J_exp <= T, has_q],
    ["completed", "cancelled", "scheduled", "expired", "quoted"],
    "open",
)
acc_pro = np.where(J_acc >= 0, Q_p[np.maximum(J_acc, 0)], -1)
jobs = pd.DataFrame(
    {
        "job_id": np.arange(1, NJ + 1),
        "homeowner_id": J_h + 1,
        "category": CATS[J_c],
        "urgency": J_urg,
        "budget_est": J_budget,
        "description_len": J_desc,
        "posted_at": ts(J_t),
        "status": j_status,
        "accepted_quote_id": pd.array(np.where(dec_k, J_acc + 1, -1), dtype="Int64"),
        "assigned_pro": np.where(dec_k, pro_code[np.maximum(acc_pro, 0)], None),
        "scheduled_for": ts(np.where(dec_k, J_sched, np.nan)),
        "completed_at": ts(known(J_done)),
        "cancelled_at": ts(known(J_cancel)),
        "cancel_reason": np.where(J_cancel <= T, J_creason, None),
    }
)
jobs.loc[~dec_k, "accepted_quote_id"] = pd.NA
jobs = jobs[jk]

q_dec = J_dec[Q_j]
q_acc = J_acc[Q_j] == np.arange(NQ)
q_status = np.select([q_dec <= T, J_exp[Q_j] <= T], [np.where(q_acc, "accepted", "declined"), "expired"], "pending")
quotes = pd.DataFrame(
    {
        "quote_id": np.arange(1, NQ + 1),
        "job_id": Q_j + 1,
        "pro_code": pro_code[Q_p],
        "amount": Q_amt,
        "sent_at": ts(Q_t),
        "valid_until": ts(Q_valid).date,
        "status": q_status,
        "decided_at": ts(np.where(q_dec <= T, q_dec, np.nan)),
        "note_len": Q_note,
    }
)
order_q = np.argsort(Q_t, kind="stable")
quotes = quotes.iloc[order_q]
quotes = quotes[Q_t[order_q] <= T]

pk = P_t <= T
paid_sum = np.bincount(P_i[pk], weights=P_amt[pk], minlength=NI)
last_pay = pd.Series(P_t[pk]).groupby(P_i[pk]).max().reindex(range(NI)).to_numpy()
fully = paid_sum >= I_amt - 0.005
i_status = np.select([fully, paid_sum > 0, I_due < T], ["paid", "partially_paid", "overdue"], "open")
order_i = np.argsort(I_t, kind="stable")
rank_i = np.empty(NI, int)
rank_i[order_i] = np.arange(NI)
inv_no = np.array([f"HS-{r + 1:06d}" for r in rank_i])
invoices = pd.DataFrame(
    {
        "invoice_no": inv_no,
        "job_id": I_j + 1,
        "pro_code": pro_code[I_p],
        "homeowner_id": I_h + 1,
        "issued_at": ts(I_t),
        "due_on": ts(I_due).date,
        "amount": I_amt,
        "amount_paid": np.round(paid_sum, 2),
        "status": i_status,
        "paid_at": ts(np.where(fully, last_pay, np.nan)),
    }
).iloc[order_i]
invoices = invoices[I_t[order_i] <= T]

order_p = np.argsort(P_t, kind="stable")
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NPAY + 1),
        "invoice_no": inv_no[P_i[order_p]],
        "paid_at": ts(P_t[order_p]),
        "amount": P_amt[order_p],
        "method": P_meth,
    }
)
payments = payments[P_t[order_p] <= T]

order_r = np.argsort(R_t, kind="stable")
reviews = pd.DataFrame(
    {
        "review_id": np.arange(1, NR + 1),
        "job_id": R_j[order_r] + 1,
        "pro_code": pro_code[R_p[order_r]],
        "homeowner_id": R_h[order_r] + 1,
        "rating": R_rating[order_r],
        "body_len": R_body,
        "created_at": ts(R_t[order_r]),
    }
)
reviews = reviews[R_t[order_r] <= T]

order_d = np.argsort(D_op, kind="stable")
res_k = D_res[order_d] <= T
disputes = pd.DataFrame(
    {
        "dispute_id": np.arange(1, ND_ + 1),
        "job_id": D_j[order_d] + 1,
        "invoice_no": inv_no[D_i[order_d]],
        "opened_at": ts(D_op[order_d]),
        "reason": D_reason[order_d],
        "status": np.where(res_k, "resolved", "open"),
        "outcome": np.where(res_k, D_out[order_d], None),
        "refund_amount": np.where(res_k, D_ref[order_d], np.nan),
        "resolved_at": ts(np.where(res_k, D_res[order_d], np.nan)),
    }
)
disputes = disputes[D_op[order_d] <= T]

regions_out = regions[rg_launch <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE regions (region_id INTEGER PRIMARY KEY, name VARCHAR, climate VARCHAR, cost_index DOUBLE,
                      timezone VARCHAR, launched_on DATE);
CREATE TABLE pros (pro_code VARCHAR PRIMARY KEY, region_id INTEGER REFERENCES regions(region_id),
                   business_name VARCHAR, trade VARCHAR, license_no VARCHAR, years_in_business INTEGER,
                   hourly_rate DOUBLE, joined_at TIMESTAMP, rating_avg DOUBLE, review_count INTEGER, status VARCHAR,
                   last_active_at TIMESTAMP);
CREATE TABLE homeowners (homeowner_id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(region_id),
                         zip VARCHAR, email VARCHAR, home_type VARCHAR, home_built_year INTEGER, membership VARCHAR,
                         created_at TIMESTAMP, last_job_at TIMESTAMP, jobs_posted INTEGER);
CREATE TABLE jobs (job_id INTEGER PRIMARY KEY, homeowner_id INTEGER, category VARCHAR, urgency VARCHAR,
                   budget_est DOUBLE, description_len INTEGER, posted_at TIMESTAMP, status VARCHAR,
                   accepted_quote_id INTEGER, assigned_pro VARCHAR, scheduled_for TIMESTAMP, completed_at TIMESTAMP,
                   cancelled_at TIMESTAMP, cancel_reason VARCHAR);
CREATE TABLE quotes (quote_id INTEGER PRIMARY KEY, job_id INTEGER REFERENCES jobs(job_id), pro_code VARCHAR,
                     amount DOUBLE, sent_at TIMESTAMP, valid_until DATE, status VARCHAR, decided_at TIMESTAMP,
                     note_len INTEGER);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, job_id INTEGER, pro_code VARCHAR, homeowner_id INTEGER,
                       issued_at TIMESTAMP, due_on DATE, amount DOUBLE, amount_paid DOUBLE, status VARCHAR,
                       paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER, invoice_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE, method VARCHAR);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, job_id INTEGER, pro_code VARCHAR, homeowner_id INTEGER,
                      rating INTEGER, body_len INTEGER, created_at TIMESTAMP);
CREATE TABLE disputes (dispute_id INTEGER PRIMARY KEY, job_id INTEGER, invoice_no VARCHAR, opened_at TIMESTAMP,
                       reason VARCHAR, status VARCHAR, outcome VARCHAR, refund_amount DOUBLE, resolved_at TIMESTAMP);
""")
for name, df in [
    ("regions", regions_out),
    ("pros", pros),
    ("homeowners", homeowners),
    ("jobs", jobs),
    ("quotes", quotes),
    ("invoices", invoices),
    ("payments", payments),
    ("reviews", reviews),
    ("disputes", disputes),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
