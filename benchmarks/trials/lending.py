"""A peer-to-peer consumer lending platform's production DB (borrowers, loan applications, loans, a loan status
change log, monthly repayments, collections calls), seeded: `python benchmarks/trials/lending.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0
(numpy default_rng(0)): 2,500 borrowers, ~6k applications, ~3.5k loans, ~40k repayments, ~5k calls (a few s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2023-01-01..NOW (no activity before).
Rows dated after NOW exist only where written ahead: repayments.due_date (an installment's statement is issued 15
days before it is due, so due dates run up to 15 days past NOW with paid_at NULL).

Truth (seed 0):
- borrowers (2,500): 1,500 signed up 2020-06..2022-12, 1,000 during the span; income_band '<30k' .25, '30-60k' .35,
  '60-100k' .25, '100k+' .15; latent risk z ~ N(0, 1) - .25 (band index - 1.5); annual_income (self-reported,
  band-consistent, 12% NULL); state, email, signup_channel, marketing_opt_in, Zip: noise
- hardship episodes per borrower: hazard 1/500 per day, duration 10 + Gamma(2, 25) days (hidden)
- credit grade A..E: re-scored on every month's 1st as z + .5 x (misses whose due+30d <= that day within the last
  180 days) + .8 x in hardship + N(0, .35), cut at -.9 / -.2 / .5 / 1.2; before the first re-score of the span
  z + N(0, .35). borrowers.credit_grade holds TODAY's grade (the last re-score <= snapshot)
- applications: gap Exp(mean g_b) days, g_b = 240 x LogNormal(0, .5) x exp(-.25 z) (x2 after a default); the first
  one gap after max(signup, 2023-01-01); while a loan is open an application is skipped with p .65 (the clock moves
  on); requested amount = [3k, 7k, 12k, 20k][band] x LogNormal(0, .45) x (small_business 1.5, car 1.2), rounded
  to 100, 1k..40k; purpose from a per-borrower Dirichlet(2 x base) (base: debt_consolidation .35, credit_card .2,
  home_improvement .12, car .1, medical .07, major_purchase .07, small_business .05, vacation .04): sticky
- decision after U(.2, 6) days (decision, decision_at, decline_reason filled in later; NULL while pending):
  approve with logit 1.4 - .9 (grade index - 2) - .8 (loan open) - 3 (ever defaulted)
- loans: originated U(1, 3) days after approval; principal = requested x U(.7, 1) rounded to 100; term 12/24/36
  (p .5/.35/.15 under 5k, else .2/.4/.4); interest_rate by grade at origination A 6.5 B 9.5 C 13.5 D 18 E 24
  + N(0, .5); loans.grade and purpose are the application's (fixed); status, closed_at, days_past_due are TODAY's
- installments monthly (due = origination + k months, DATE): miss with logit -3.4 + 1.1 z + 1.0 x consecutive
  misses so far + 2.2 x hardship at due + .3 small_business; a missed one keeps paid_at / amount_paid NULL for good;
  else late (paid due + U(3, 25) d) with logit -2.2 + .8 z + .8 hardship, else on time (due - U(0, 5) d);
  amount_paid = amount_due (x U(.3, .9) in 5%); paid_at and amount_paid are filled in later; repayments.status
  is TODAY's ('scheduled' due ahead, 'paid', 'paid_late', 'past_due' unpaid by the snapshot)
- loan status log (loan_status_log: old_status, new_status): 'late' at due + 16 d when unpaid then; back to
  'current' when paid (or the next installment is paid); 'default' at the 3rd consecutive miss's due + 20 d (no
  installment after it; closed_at); 'paid_off' at the last installment's payment, or a prepayment U(1, 14) d after
  a paid installment with p .015 per installment
- collections_calls: per missed installment 1 + Poisson(1.2) calls at due + U(2, 28) d (before a default), per
  late payment p .4 one call between due and payment; outcome no_answer/promise_to_pay/refused/wrong_number;
  columns loan_no (INTEGER, undeclared) and cust_id (text borrower id, undeclared)
- account closure: after a paid-off loan with p .08, closed_at = payoff + U(1, 60) d, account_status 'closed'
  (TODAY's), no more applications; borrowers.current_balance = outstanding principal (schedule) of open loans at
  the snapshot (TODAY's); borrowers.updated_at = the latest event of the borrower (rewritten)
- keys: borrower ids are text ('BR000123'); PK declared on every table; REFERENCES declared only loans ->
  loan_applications and repayments -> loans; loan_applications.borrower_ref, loans.borrower_id,
  collections_calls.loan_no / cust_id are undeclared
- `python lending.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
T = (CUT - START).total_seconds()
TEND = (NOW - START).total_seconds()


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def add_months(t, k):
    p = START + pd.Timedelta(seconds=float(t))
    return secs((p + pd.DateOffset(months=k)).normalize())


def sig(x):
    return 1 / (1 + np.exp(-x))


MONTH1 = np.array([secs(START + pd.DateOffset(months=k)) for k in range(25)])  # re-scoring days
GRADES = np.array(["A", "B", "C", "D", "E"])
CUTS = np.array([-0.9, -0.2, 0.5, 1.2])
RATE = np.array([6.5, 9.5, 13.5, 18.0, 24.0])
PURPOSES = np.array(
    [
        "debt_consolidation",
        "credit_card",
        "home_improvement",
        "car",
        "medical",
        "major_purchase",
        "small_business",
        "vacation",
    ]
)
PBASE = np.array([0.35, 0.2, 0.12, 0.1, 0.07, 0.07, 0.05, 0.04])
BANDS = np.array(["<30k", "30-60k", "60-100k", "100k+"])
AMT = np.array([3000.0, 7000.0, 12000.0, 20000.0])
STATES = np.array(["CA", "TX", "FL", "NY", "IL", "PA", "OH", "GA", "NC", "MI", "WA", "AZ"])

# ---------------- borrowers
NB = 2500
signup = np.concatenate([secs("2020-06-01") + rng.uniform(0, 944, 1500) * DAY, rng.uniform(0, 714, 1000) * DAY])
signup = np.sort(signup)
band = rng.choice(4, NB, p=[0.25, 0.35, 0.25, 0.15])
z = rng.normal(0, 1, NB) - 0.25 * (band - 1.5)
income = np.round(np.array([22e3, 45e3, 78e3, 140e3])[band] * np.exp(rng.normal(0, 0.2, NB)), -2)
income = np.where(rng.random(NB) < 0.12, np.nan, income)
state = rng.choice(STATES, NB)
channel = rng.choice(["organic", "paid_search", "referral", "partner"], NB, p=[0.4, 0.3, 0.2, 0.1])
optin = rng.random(NB) < 0.6
zipc = [f"{rng.integers(10000, 99999)}" for _ in range(NB)]
gap_mean = 240 * np.exp(rng.normal(0, 0.5, NB)) * np.exp(-0.25 * z)
pref = np.array([rng.dirichlet(2 * PBASE) for _ in range(NB)])
grade_eps = rng.normal(0, 0.35, (NB, len(MONTH1) + 1))

AP = {k: [] for k in ["b", "t", "amt", "purpose", "term", "dec_t", "dec", "reason", "channel"]}
LN = {k: [] for k in ["b", "app", "t", "amt", "term", "rate", "grade", "purpose", "close_t", "final"]}
RP = {k: [] for k in ["loan", "k", "due", "amt_due", "paid_t", "amt_paid", "principal"]}
LOG = {k: [] for k in ["loan", "t", "old", "new"]}
CC = {k: [] for k in ["loan", "b", "t", "outcome", "agent", "dur"]}
closed_acct = np.full(NB, np.inf)
last_event = signup.copy()
miss_known = [[] for _ in range(NB)]  # times at which a miss counts in the grade (due + 30 d)


def hard_eps(b):
    eps, t = [], max(signup[b], 0.0) - 200 * DAY
    while t < TEND + 60 * DAY:
        t += rng.exponential(500) * DAY
        eps.append((t, t + (10 + rng.gamma(2, 25)) * DAY))
    return eps


def in_hard(eps, t):
    return any(a <= t < e for a, e in eps)


def grade_idx(b, eps, t):
    i = int(np.searchsorted(MONTH1, t, side="right"))  # re-scores <= t
    if i == 0:
        s = z[b] + grade_eps[b, 0]
    else:
        d = MONTH1[i - 1]
        m = sum(1 for x in miss_known[b] if d - 180 * DAY < x <= d)
        s = z[b] + 0.5 * m + 0.8 * in_hard(eps, d) + grade_eps[b, i]
    return int(np.searchsorted(CUTS, s))


def call(loan, b, t, p_ans):
    CC["loan"].append(loan)
    CC["b"].append(b)
    CC["t"].append(t)
    CC["outcome"].append(
        rng.choice(
            ["no_answer", "promise_to_pay", "refused", "wrong_number"],
            p=[0.45 - 0.3 * p_ans, 0.1 + 0.4 * p_ans, 0.15, 0.3 - 0.1 * p_ans],
        )
    )
    CC["agent"].append(f"agt_{rng.integers(1, 40):02d}")
    CC["dur"].append(int(rng.gamma(2, 90)))


def run_loan(b, eps, app_i, t0, amt, term, gi, purpose):
    li = len(LN["b"])
    rate = round(RATE[gi] + rng.normal(0, 0.5), 2)
    r = rate / 1200
    pay = round(amt * r / (1 - (1 + r) ** -term), 2)
    for k, v in zip(LN, [b, app_i, t0, amt, term, rate, GRADES[gi], purpose, np.inf, ""], strict=True):
        LN[k].append(v)
    bal, consec, status, close_t, final = amt, 0, "current", np.inf, ""
    for k in range(1, term + 1):
        due = add_months(t0, k)
        if due - 15 * DAY >= close_t:
            break
        interest = bal * r
        principal = min(bal, pay - interest) if k < term else bal
        bal -= principal
        lg = -3.4 + 1.1 * z[b] + 1.0 * consec + 2.2 * in_hard(eps, due) + 0.3 * (purpose == "small_business")
        due_amt = round(pay if k < term else principal + interest, 2)
        RP["loan"].append(li)
        RP["k"].append(k)
        RP["due"].append(due)
        RP["amt_due"].append(due_amt)
        RP["principal"].append(principal)
        if rng.random() < sig(lg):  # missed
            RP["paid_t"].append(np.inf)
            RP["amt_paid"].append(np.nan)
            consec += 1
            miss_known[b].append(due + 30 * DAY)
            for _ in range(1 + rng.poisson(1.2)):
                call(li, b, due + rng.uniform(2, 28) * DAY, 0.3)
            if status == "current":
                LOG["loan"].append(li), LOG["t"].append(due + 16 * DAY), LOG["old"].append("current")
                LOG["new"].append("late")
                status = "late"
            if consec >= 3:
                close_t = due + 20 * DAY
                LOG["loan"].append(li), LOG["t"].append(close_t), LOG["old"].append(status)
                LOG["new"].append("default")
                final = "default"
                break
            continue
        late = rng.random() < sig(-2.2 + 0.8 * z[b] + 0.8 * in_hard(eps, due))
        pt = due + rng.uniform(3, 25) * DAY if late else due - rng.uniform(0, 5) * DAY + rng.uniform(8, 20) * 3600
        RP["paid_t"].append(pt)
        RP["amt_paid"].append(round(due_amt * (rng.uniform(0.3, 0.9) if rng.random() < 0.05 else 1.0), 2))
        if late and rng.random() < 0.4:
            call(li, b, due + rng.uniform(1, (pt - due) / DAY) * DAY, 0.7)
        consec = 0
        if late and pt > due + 16 * DAY and status == "current":
            LOG["loan"].append(li), LOG["t"].append(due + 16 * DAY), LOG["old"].append("current")
            LOG["new"].append("late")
            status = "late"
        if status == "late":
            LOG["loan"].append(li), LOG["t"].append(pt), LOG["old"].append("late"), LOG["new"].append("current")
            status = "current"
        if k == term:
            close_t, final = pt, "paid_off"
        elif rng.random() < 0.015:
            close_t, final = pt + rng.uniform(1, 14) * DAY, "paid_off"
        if final == "paid_off":
            LOG["loan"].append(li), LOG["t"].append(close_t), LOG["old"].append(status)
            LOG["new"].append("paid_off")
            break
        if due > TEND + 60 * DAY:
            break
    LN["close_t"][li] = close_t
    LN["final"][li] = final
    return close_t, final


EPS = []
for b in range(NB):
    eps = hard_eps(b)
    EPS.append(eps)
    defaulted = False
    open_until = -np.inf
    t = max(signup[b], 0.0)
    g = gap_mean[b]
    while True:
        t += rng.exponential(g) * DAY
        if t > TEND or t >= closed_acct[b]:
            break
        loan_open = t < open_until
        if loan_open and rng.random() < 0.65:
            continue
        purpose = PURPOSES[rng.choice(8, p=pref[b])]
        amt = AMT[band[b]] * np.exp(rng.normal(0, 0.45)) * {"small_business": 1.5, "car": 1.2}.get(purpose, 1.0)
        amt = float(np.clip(np.round(amt, -2), 1000, 40000))
        term = int(rng.choice([12, 24, 36], p=[0.5, 0.35, 0.15] if amt < 5000 else [0.2, 0.4, 0.4]))
        gi = grade_idx(b, eps, t)
        dec_t = t + rng.uniform(0.2, 6) * DAY
        ok = rng.random() < sig(1.4 - 0.9 * (gi - 2) - 0.8 * loan_open - 3 * defaulted)
        ai = len(AP["b"])
        reason = (
            ""
            if ok
            else rng.choice(
                ["credit_score", "debt_to_income", "incomplete_docs", "fraud_check"], p=[0.5, 0.3, 0.15, 0.05]
            )
        )
        for k, v in zip(
            AP,
            [
                b,
                t,
                amt,
                purpose,
                term,
                dec_t,
                "approved" if ok else "declined",
                reason,
                rng.choice(["web", "ios", "android"], p=[0.5, 0.3, 0.2]),
            ],
            strict=True,
        ):
            AP[k].append(v)
        last_event[b] = max(last_event[b], t)
        if not ok:
            continue
        t0 = dec_t + rng.uniform(1, 3) * DAY
        principal = float(np.round(amt * rng.uniform(0.7, 1.0), -2))
        close_t, final = run_loan(b, eps, ai, t0, principal, term, grade_idx(b, eps, t0), purpose)
        open_until = max(open_until, close_t)
        if final == "default":
            defaulted = True
            g *= 2
        elif final == "paid_off" and rng.random() < 0.08:
            closed_acct[b] = close_t + rng.uniform(1, 60) * DAY
            break

# ---------------- tables as they stood at CUT (every random value is drawn above)
bid = np.array([f"BR{i:06d}" for i in range(1, NB + 1)])
ap = pd.DataFrame(AP)
ap["application_id"] = np.arange(1, len(ap) + 1)
ln = pd.DataFrame(LN)
ln["loan_id"] = 100001 + np.arange(len(ln))
rp = pd.DataFrame(RP)
rp["loan_id"] = 100001 + rp.loan
rp = rp.sort_values(["due", "loan_id"], kind="stable").reset_index(drop=True)
rp["payment_id"] = np.arange(1, len(rp) + 1)
lg = pd.DataFrame(LOG).sort_values("t", kind="stable").reset_index(drop=True)
lg["log_id"] = np.arange(1, len(lg) + 1)
cc = pd.DataFrame(CC).sort_values("t", kind="stable").reset_index(drop=True)
cc["call_id"] = np.arange(1, len(cc) + 1)

ap_c = ap[ap.t <= T]
dec_known = ap_c.dec_t.to_numpy() <= T
loan_applications = pd.DataFrame(
    {
        "application_id": ap_c.application_id,
        "borrower_ref": bid[ap_c.b],
        "submitted_at": ts(ap_c.t),
        "requested_amount": ap_c.amt,
        "purpose": ap_c.purpose,
        "term_requested": ap_c.term,
        "channel": ap_c.channel,
        "decision": np.where(dec_known, ap_c.dec, None),
        "decision_at": ts(np.where(dec_known, ap_c.dec_t, np.nan)),
        "decline_reason": np.where(dec_known & (ap_c.reason != ""), ap_c.reason, None),
    }
)

ln_c = ln[ln.t <= T].copy()
lg_c = lg[lg.t <= T]
last_status = lg_c.groupby("loan").new.last()
ln_c["status"] = last_status.reindex(ln_c.index).fillna("current").to_numpy()
rp_c = rp[rp.due - 15 * DAY <= T]
paid_known = rp_c.paid_t.to_numpy() <= T
unpaid_due = rp_c[(~paid_known) & (rp_c.due <= T)]
first_unpaid = unpaid_due.groupby("loan").due.min()
open_now = ln_c.close_t.to_numpy() > T
dpd = (T - first_unpaid.reindex(ln_c.index).to_numpy()) // DAY
dpd = np.where(open_now & ~np.isnan(dpd), dpd, 0).astype(int)
loans = pd.DataFrame(
    {
        "loan_id": ln_c.loan_id,
        "application_id": ap.application_id.to_numpy()[ln_c.app.to_numpy()],
        "borrower_id": bid[ln_c.b],
        "originated_at": ts(ln_c.t),
        "principal": ln_c.amt,
        "term_months": ln_c.term,
        "interest_rate": ln_c.rate,
        "grade": ln_c.grade,
        "purpose": ln_c.purpose,
        "status": ln_c.status,
        "days_past_due": dpd,
        "closed_at": ts(np.where(ln_c.close_t <= T, ln_c.close_t, np.nan)),
    }
)

rstat = np.where(
    paid_known,
    np.where(rp_c.paid_t.to_numpy() > rp_c.due.to_numpy() + DAY, "paid_late", "paid"),
    np.where(rp_c.due.to_numpy() <= T, "past_due", "scheduled"),
)
repayments = pd.DataFrame(
    {
        "payment_id": rp_c.payment_id,
        "loan_id": rp_c.loan_id,
        "installment_no": rp_c.k,
        "due_date": ts(rp_c.due).date,
        "amount_due": rp_c.amt_due,
        "paid_at": ts(np.where(paid_known, rp_c.paid_t, np.nan)),
        "amount_paid": np.where(paid_known, rp_c.amt_paid, np.nan),
        "status": rstat,
    }
)
loan_status_log = pd.DataFrame(
    {
        "log_id": lg_c.log_id,
        "loan_id": 100001 + lg_c.loan,
        "changed_at": ts(lg_c.t),
        "old_status": lg_c.old,
        "new_status": lg_c.new,
    }
)
cc_c = cc[cc.t <= T]
collections_calls = pd.DataFrame(
    {
        "call_id": cc_c.call_id,
        "loan_no": 100001 + cc_c.loan,
        "cust_id": bid[cc_c.b],
        "called_at": ts(cc_c.t),
        "outcome": cc_c.outcome,
        "agent": cc_c.agent,
        "duration_s": cc_c.dur,
    }
)

# borrowers' today's state at CUT
paid_principal = rp_c[paid_known].groupby("loan").principal.sum()
outstanding = (ln_c.amt - paid_principal.reindex(ln_c.index).fillna(0)).where(open_now, 0.0)
balance = outstanding.groupby(ln_c.b).sum().reindex(np.arange(NB)).fillna(0).to_numpy().round(2)
grade_now = [GRADES[grade_idx(b, EPS[b], T)] for b in range(NB)]
ev = [last_event]
for df_t, col in [(ap_c.dec_t.where(dec_known), ap_c.b), (ln_c.t, ln_c.b)]:
    s = pd.Series(np.asarray(df_t, float)).groupby(np.asarray(col)).max().reindex(np.arange(NB))
    ev.append(s.fillna(-np.inf).to_numpy())
upd = np.maximum.reduce([np.where(e <= T, e, -np.inf) for e in ev])
upd = np.maximum(upd, signup)
closed = closed_acct <= T
borrowers = pd.DataFrame(
    {
        "borrower_id": bid,
        "created_at": ts(signup),
        "email": [
            f"user{i}@{d}"
            for i, d in zip(
                rng.integers(10**5, 10**6, NB), rng.choice(["gmail.com", "yahoo.com", "outlook.com"], NB), strict=True
            )
        ],
        "state": state,
        "Zip": zipc,
        "signup_channel": channel,
        "marketing_opt_in": optin,
        "income_band": BANDS[band],
        "annual_income": income,
        "credit_grade": grade_now,
        "current_balance": balance,
        "account_status": np.where(closed, "closed", "active"),
        "closed_at": ts(np.where(closed, closed_acct, np.nan)),
        "updated_at": ts(upd),
    }
)[signup <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE borrowers (borrower_id VARCHAR PRIMARY KEY, created_at TIMESTAMP, email VARCHAR, state VARCHAR,
                        "Zip" VARCHAR, signup_channel VARCHAR, marketing_opt_in BOOLEAN, income_band VARCHAR,
                        annual_income DOUBLE, credit_grade VARCHAR, current_balance DECIMAL(12, 2),
                        account_status VARCHAR, closed_at TIMESTAMP, updated_at TIMESTAMP);
CREATE TABLE loan_applications (application_id INTEGER PRIMARY KEY, borrower_ref VARCHAR, submitted_at TIMESTAMP,
                        requested_amount DOUBLE, purpose VARCHAR, term_requested INTEGER, channel VARCHAR,
                        decision VARCHAR, decision_at TIMESTAMP, decline_reason VARCHAR);
CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, application_id INTEGER REFERENCES loan_applications(application_id),
                    borrower_id VARCHAR, originated_at TIMESTAMP, principal DOUBLE, term_months INTEGER,
                    interest_rate DOUBLE, grade VARCHAR, purpose VARCHAR, status VARCHAR, days_past_due INTEGER,
                    closed_at TIMESTAMP);
CREATE TABLE repayments (payment_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans(loan_id),
                         installment_no INTEGER, due_date DATE, amount_due DOUBLE, paid_at TIMESTAMP,
                         amount_paid DOUBLE, status VARCHAR);
CREATE TABLE loan_status_log (log_id INTEGER PRIMARY KEY, loan_id INTEGER, changed_at TIMESTAMP,
                              old_status VARCHAR, new_status VARCHAR);
CREATE TABLE collections_calls (call_id INTEGER PRIMARY KEY, loan_no INTEGER, cust_id VARCHAR, called_at TIMESTAMP,
                                outcome VARCHAR, agent VARCHAR, duration_s INTEGER);
""")
for name, df in [
    ("borrowers", borrowers),
    ("loan_applications", loan_applications),
    ("loans", loans),
    ("repayments", repayments),
    ("loan_status_log", loan_status_log),
    ("collections_calls", collections_calls),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
