"""A retail-bank database (branches, customers, accounts that close, card transactions with weekly and payday
cycles and fraud bursts, loans with installments due ahead and defaults), seeded: `python benchmarks/trials/bank.py
PATH`. Written by a fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py (the truth it planted is here).

Span: facts from 2023-01-01 to 2025-03-31; installments are scheduled 62 days past the end (due_date ahead,
paid_at NULL there). Keys: PRIMARY KEY / REFERENCES declared for branches, customers, accounts, loans,
installments, loan_defaults; card_transactions.customer_id and card_transactions.branch_id are NOT declared.

Truth (seed 0):
- customers (2,500): segment mass .55 / affluent .20 / student .12 / smb .08 / private .05; income_band from
  segment; risk latent z ~ N(0,1); risk_score = 650 - 80 z + N(0, 30), NULL for 15% (35% of those onboarded
  in the span). age, gender, acquisition_channel: no effect on anything. 45% onboarded during the span.
- financial stress: monthly two-state chain per customer; P(enter) = 0.02 exp(0.8 z + inc), inc = low +0.8,
  mid 0, high -0.6, very_high -1.2; P(leave) = 0.20. Stress: card spend x1.3, ATM (cash) share x3.
- card spend: rate lam_c ~ LogNormal(log(0.08 * seg), 0.8) txns/day, seg: mass 1, affluent 1.3, student 0.8,
  smb 1.2, private 1.5; day multiplier = dow (Mon .85 Tue .90 Wed .95 Thu 1.0 Fri 1.3 Sat 1.25 Sun .75)
  x payday (day >= 25 or day == 1: x1.35) x December 1.25 x growth 1 + 0.08/yr.
  30% of customers disengage at a random day d0: rate x exp(-(t-d0)/45); their checking and credit-card
  accounts close at d0 + U(60, 150) days (if inside the span); no transactions after.
- categories: per customer Dirichlet(3 * base weights) over 12 categories (sticky preferences); seasonal:
  travel x1.8 in Jul/Aug and x1.4 in Dec, electronics x2 in Nov/Dec. cash_withdrawal is the ATM channel,
  with branch_id (80% the customer's branch, else random); ATM volume per branch by branch type.
- amounts: category base x income multiplier (low .7, mid 1, high 1.5, very_high 2.5) x LogNormal(0, .7);
  travel and electronics x Pareto(2.5) tail.
- fraud: 4% of credit cards are compromised once: 2-6 online txns within 48 h, electronics/travel/
  online_services, amount LogNormal(log 300, .8), is_fraud TRUE; the card is closed the next day and a
  new credit card opened 2-5 days later. Plus 0.03% isolated fraud flags at random.
- new accounts: hazard 0.012 per month (x3 in the first 6 months after onboarding); product weights:
  credit_card 3 (5 affluent/private, 4 student) if none open, savings 2 (4 high/very_high income) if none,
  term_deposit 1.5 for affluent/private, checking 0.4. Savings accounts close at random (1%/month).
- loans: 55% of customers (more for smb/affluent) take 1 (20%: 2); personal / auto / mortgage; term 12-60
  months (mortgage 120-360), maturity_date = start + term months (known at origination); installments monthly
  due_date = start + k months (only due_date >= 2023-01-01 and <= END + 62 days stored); amount_due annuity.
  Payment each month: stressed -> missed .65, late .30 (paid 5-40 days after due); not -> missed .015
  (+.01 if z > 1), late .07; mortgages halve the missed rates. 3 consecutive missed -> default at the third
  due date + 30 days: loans.defaulted_at and a loan_defaults row; no installments after. So default is driven
  by stress (income band, risk latent z = low risk_score) and is preceded by missed payments and cash use.
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-03-31")
AHEAD = END + pd.Timedelta(days=62)
days = pd.date_range(START, END, freq="D")
ND = len(days)
dow = days.day_of_week.values
DOW = np.array([0.85, 0.90, 0.95, 1.0, 1.3, 1.25, 0.75])
payday = np.where((days.day >= 25) | (days.day == 1), 1.35, 1.0)
dec = np.where(days.month == 12, 1.25, 1.0)
growth = 1 + 0.08 * np.arange(ND) / 365
daymul = DOW[dow] * payday * dec * growth
month_idx = (days.year - START.year) * 12 + days.month - 1  # 0..26
NM = int(month_idx.max()) + 1

# ---------------- branches
NB = 20
CITIES = ["Lyon", "Paris", "Lille", "Nantes", "Toulouse", "Marseille", "Bordeaux"]
btype = rng.choice(["flagship", "standard", "kiosk"], NB, p=[0.2, 0.6, 0.2])
branches = pd.DataFrame(
    {
        "branch_id": np.arange(1, NB + 1),
        "name": [f"Agence {i:02d}" for i in range(1, NB + 1)],
        "city": rng.choice(CITIES, NB),
        "branch_type": btype,
        "opened_date": (pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 8000, NB), "D")).date,
    }
)
bweight = np.array([{"flagship": 2.0, "standard": 1.0, "kiosk": 0.5}[t] for t in btype])

# ---------------- customers
NC = 2500
SEGS = ["mass", "affluent", "student", "smb", "private"]
seg = rng.choice(SEGS, NC, p=[0.55, 0.20, 0.12, 0.08, 0.05])
INC_P = {
    "mass": [0.35, 0.5, 0.15, 0.0],
    "affluent": [0.0, 0.25, 0.55, 0.2],
    "student": [0.8, 0.2, 0.0, 0.0],
    "smb": [0.15, 0.4, 0.35, 0.1],
    "private": [0.0, 0.0, 0.2, 0.8],
}
BANDS = ["low", "mid", "high", "very_high"]
income = np.array([rng.choice(BANDS, p=INC_P[s]) for s in seg])
z = rng.normal(0, 1, NC)
in_span = rng.random(NC) < 0.45
onb = np.where(
    in_span,
    START + pd.to_timedelta(rng.integers(0, ND - 30, NC), "D"),
    pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, (START - pd.Timestamp("2012-01-01")).days, NC), "D"),
)
onb = pd.to_datetime(onb) + pd.to_timedelta(rng.integers(8 * 3600, 19 * 3600, NC), "s")
risk = np.round(650 - 80 * z + rng.normal(0, 30, NC))
risk_missing = rng.random(NC) < np.where(in_span, 0.35, 0.08)
age = np.where(seg == "student", rng.integers(18, 26, NC), rng.integers(25, 80, NC))
home_branch = rng.choice(np.arange(1, NB + 1), NC, p=bweight / bweight.sum())
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, NC + 1),
        "branch_id": home_branch,
        "onboarded_at": onb,
        "segment": seg,
        "income_band": income,
        "risk_score": pd.array(np.where(risk_missing, np.nan, risk)).astype("Int64"),
        "age": age,
        "gender": rng.choice(["F", "M", "X"], NC, p=[0.49, 0.49, 0.02]),
        "acquisition_channel": rng.choice(["web", "branch", "referral", "partner"], NC, p=[0.4, 0.35, 0.15, 0.1]),
    }
)
onb_day = np.clip(((onb - START).days).values, 0, None)  # index of first active day (0 if before span)

# ---------------- stress chain (monthly)
INC_EFF = {"low": 0.8, "mid": 0.0, "high": -0.6, "very_high": -1.2}
p_enter = 0.02 * np.exp(0.8 * z + np.array([INC_EFF[b] for b in income]))
stress = np.zeros((NC, NM), bool)
state = rng.random(NC) < p_enter * 4
for m in range(NM):
    stress[:, m] = state
    u = rng.random(NC)
    state = np.where(state, u > 0.20, u < p_enter)
stress_day = stress[:, month_idx]  # NC x ND

# ---------------- disengagement
diseng = rng.random(NC) < 0.30
d0 = rng.integers(0, ND, NC) + onb_day
d0 = np.where(diseng, d0, 10**6)
close_day = np.where(diseng, d0 + rng.integers(60, 151, NC), 10**6)

# ---------------- accounts
acc_rows = []  # customer, product, opened (Timestamp), closed (Timestamp or NaT), credit_limit
LIMIT = {"low": 1500, "mid": 3000, "high": 6000, "very_high": 12000}


def day_ts(d, hour_lo=9, hour_hi=18):
    return START + pd.Timedelta(days=int(d)) + pd.Timedelta(seconds=int(rng.integers(hour_lo * 3600, hour_hi * 3600)))


def close_ts(c, product):
    if product in ("checking", "credit_card") and close_day[c] < ND:
        return day_ts(close_day[c])
    return pd.NaT


for c in range(NC):
    acc_rows.append([c, "checking", onb[c], close_ts(c, "checking")])
    p_cc = {"mass": 0.4, "affluent": 0.75, "student": 0.3, "smb": 0.6, "private": 0.85}[seg[c]]
    if rng.random() < p_cc:
        acc_rows.append(
            [c, "credit_card", onb[c] + pd.Timedelta(days=int(rng.integers(0, 30))), close_ts(c, "credit_card")]
        )
    if rng.random() < 0.35:
        acc_rows.append([c, "savings", onb[c] + pd.Timedelta(days=int(rng.integers(0, 60))), pd.NaT])
    # new products during the span, monthly hazard
    have = {r[1] for r in acc_rows if r[0] == c}
    for m in range(NM):
        mstart = (
            pd.Timestamp(START.year + (START.month - 1 + m) // 12, (START.month - 1 + m) % 12 + 1, 1) - START
        ).days
        if mstart < onb_day[c] or mstart >= min(close_day[c], ND):
            continue
        h = 0.012 * (3 if mstart - onb_day[c] < 180 and in_span[c] else 1)
        if rng.random() >= h:
            continue
        w = {
            "credit_card": (
                0
                if "credit_card" in have
                else (5 if seg[c] in ("affluent", "private") else 4 if seg[c] == "student" else 3)
            ),
            "savings": (0 if "savings" in have else (4 if income[c] in ("high", "very_high") else 2)),
            "term_deposit": 1.5 if seg[c] in ("affluent", "private") else 0.2,
            "checking": 0.4,
        }
        prods = list(w)
        pw = np.array([w[p] for p in prods], float)
        prod = prods[rng.choice(len(prods), p=pw / pw.sum())]
        have.add(prod)
        d = mstart + int(rng.integers(0, 28))
        if d >= ND:
            continue
        acc_rows.append([c, prod, day_ts(d), close_ts(c, prod)])

acc = pd.DataFrame(acc_rows, columns=["c", "product", "opened_at", "closed_at"])
# savings close at random 1%/month (after opening, inside the span)
sav = acc["product"] == "savings"
life = rng.exponential(100 * 30.4, len(acc))
cl = acc.opened_at + pd.to_timedelta(life, "D")
rand_close = sav & (cl <= END) & (cl >= START)
acc.loc[rand_close, "closed_at"] = cl[rand_close].dt.floor("s")
acc = acc[acc.opened_at <= END].reset_index(drop=True)

# ---------------- card transactions
CATS = [
    "grocery",
    "restaurants",
    "fuel",
    "retail",
    "travel",
    "electronics",
    "utilities",
    "entertainment",
    "health",
    "cash_withdrawal",
    "online_services",
    "transport",
]
BASEW = np.array([0.22, 0.14, 0.08, 0.12, 0.03, 0.03, 0.06, 0.06, 0.04, 0.08, 0.08, 0.06])
BASEAMT = np.array([45, 30, 55, 70, 350, 250, 90, 40, 60, 100, 15, 20], float)
INCMUL = {"low": 0.7, "mid": 1.0, "high": 1.5, "very_high": 2.5}
SEGMUL = {"mass": 1.0, "affluent": 1.3, "student": 0.8, "smb": 1.2, "private": 1.5}
month = days.month.values
seas = np.ones((ND, len(CATS)))
seas[np.isin(month, [7, 8]), 4] = 1.8
seas[month == 12, 4] = 1.4
seas[np.isin(month, [11, 12]), 5] = 2.0
lam = np.exp(np.log(0.08 * np.array([SEGMUL[s] for s in seg])) + 0.8 * rng.normal(0, 1, NC))
tday = np.arange(ND)

txn = []  # columns: account row index, customer, day, category, amount, fraud, channel, branch
acc_by_c = acc.groupby("c").indices
acc_open_day = ((acc.opened_at - START).dt.total_seconds() // 86400).values
acc_close_day = np.array(((acc.closed_at - START).dt.total_seconds() // 86400).fillna(10**6).values, float)
new_cards = []
for c in range(NC):
    rate = lam[c] * daymul.copy()
    rate[tday < onb_day[c]] = 0
    rate *= np.where(tday >= d0[c], np.exp(-np.clip(tday - d0[c], 0, None) / 45.0), 1.0)
    rate[tday >= close_day[c]] = 0
    rate *= np.where(stress_day[c], 1.3, 1.0)
    n = rng.poisson(rate)
    tdays = np.repeat(tday, n)
    if len(tdays) == 0:
        continue
    pref = rng.dirichlet(3 * BASEW * 10)
    probs = seas[tdays] * pref
    probs[:, 9] *= np.where(stress_day[c, tdays], 3.0, 1.0)
    probs /= probs.sum(1, keepdims=True)
    cum = probs.cumsum(1)
    cat = (rng.random(len(tdays))[:, None] > cum).sum(1)
    cat = np.minimum(cat, len(CATS) - 1)
    amt = BASEAMT[cat] * INCMUL[income[c]] * rng.lognormal(0, 0.7, len(tdays))
    tail = np.isin(cat, [4, 5])
    amt[tail] *= 1 + rng.pareto(2.5, tail.sum())
    # account: an open credit card 60% of the time, else an open checking account
    idx = acc_by_c.get(c, [])
    for i, d in enumerate(tdays):
        opn = [
            j
            for j in idx
            if acc_open_day[j] <= d < acc_close_day[j] and acc["product"].iat[j] in ("checking", "credit_card")
        ]
        if not opn:
            continue
        cards = [j for j in opn if acc["product"].iat[j] == "credit_card"]
        chk = [j for j in opn if acc["product"].iat[j] == "checking"]
        if cat[i] == 9 and chk:
            j = chk[0]
        elif cards and (rng.random() < 0.6 or not chk):
            j = cards[0]
        else:
            j = chk[0]
        ch = "atm" if cat[i] == 9 else ("online" if cat[i] in (10,) or rng.random() < 0.25 else "pos")
        br = (home_branch[c] if rng.random() < 0.8 else int(rng.integers(1, NB + 1))) if ch == "atm" else None
        txn.append((j, c, d, CATS[cat[i]], round(float(amt[i]), 2), False, ch, br))

txn = pd.DataFrame(txn, columns=["acc", "c", "d", "merchant_category", "amount", "is_fraud", "channel", "branch_id"])
# ATM volume by branch type: thin kiosk ATMs, duplicate some flagship ones
keep = rng.random(len(txn)) < np.where(
    txn.channel == "atm", bweight[txn.branch_id.fillna(1).astype(int) - 1] / 2.0 + 0.0, 1.0
)
txn = txn[keep | (txn.channel != "atm")].reset_index(drop=True)

# fraud bursts on credit cards
fraud_rows = []
extra_acc = []
cc_idx = np.where(acc["product"] == "credit_card")[0]
for j in cc_idx:
    if rng.random() >= 0.04:
        continue
    lo, hi = max(acc_open_day[j], 0) + 10, min(acc_close_day[j], ND) - 3
    if hi <= lo:
        continue
    fd = int(rng.integers(lo, hi))
    c = acc.c.iat[j]
    for _ in range(int(rng.integers(2, 7))):
        dd = fd + int(rng.integers(0, 2))
        fraud_rows.append(
            (
                j,
                c,
                dd,
                CATS[rng.choice([5, 4, 10], p=[0.5, 0.3, 0.2])],
                round(float(rng.lognormal(np.log(300), 0.8)), 2),
                True,
                "online",
                None,
            )
        )
    acc.loc[j, "closed_at"] = day_ts(fd + 2)
    acc_close_day[j] = fd + 2
    if fd + 5 < min(close_day[c], ND):
        extra_acc.append([c, "credit_card", day_ts(fd + int(rng.integers(4, 8))), close_ts(c, "credit_card")])
txn = pd.concat([txn, pd.DataFrame(fraud_rows, columns=txn.columns)], ignore_index=True)
# card transactions after a fraud closure move to the reissued card (appended below) or drop
txn = txn[~((txn.d >= acc_close_day[txn.acc.values]) & ~txn.is_fraud)].reset_index(drop=True)
acc = pd.concat([acc, pd.DataFrame(extra_acc, columns=["c", "product", "opened_at", "closed_at"])], ignore_index=True)
# isolated fraud flags
iso = rng.random(len(txn)) < 0.0003
txn.loc[iso, "is_fraud"] = True
acc["account_id"] = 100001 + np.arange(len(acc))
acc["credit_limit"] = np.where(acc["product"] == "credit_card", [LIMIT[income[c]] for c in acc.c], np.nan)
txn["account_id"] = acc.account_id.values[txn.acc.values]
txn = txn.sort_values(["d", "acc"]).reset_index(drop=True)
txn["txn_at"] = (
    START + pd.to_timedelta(txn.d, "D") + pd.to_timedelta(rng.integers(7 * 3600, 23 * 3600, len(txn)), "s")
).astype("datetime64[s]")
txn["txn_id"] = np.arange(1, len(txn) + 1)
txn["customer_id"] = txn.c + 1
card_transactions = txn[
    ["txn_id", "account_id", "customer_id", "txn_at", "amount", "merchant_category", "channel", "branch_id", "is_fraud"]
].copy()
card_transactions["branch_id"] = card_transactions.branch_id.astype("Int64")

accounts = pd.DataFrame(
    {
        "account_id": acc.account_id,
        "customer_id": acc.c + 1,
        "product": acc["product"],
        "opened_at": acc.opened_at.astype("datetime64[s]"),
        "closed_at": acc.closed_at.astype("datetime64[s]"),
        "credit_limit": acc.credit_limit,
    }
)

# ---------------- loans and installments
loan_rows, inst_rows, def_rows = [], [], []
p_loan = {"mass": 0.5, "affluent": 0.65, "student": 0.3, "smb": 0.75, "private": 0.5}
for c in range(NC):
    if rng.random() >= p_loan[seg[c]]:
        continue
    for _ in range(2 if rng.random() < 0.2 else 1):
        prod = rng.choice(["personal", "auto", "mortgage"], p=[0.55, 0.3, 0.15])
        term = int(rng.choice([12, 24, 36, 48, 60])) if prod != "mortgage" else int(rng.choice([120, 180, 240, 300]))
        lo = max(onb[c], START - pd.Timedelta(days=365 * 3))
        span = (END - pd.Timedelta(days=40) - lo).days
        if span <= 0:
            continue
        start = (lo + pd.Timedelta(days=int(rng.integers(0, span)))).normalize()
        principal = (
            {"personal": 8000, "auto": 20000, "mortgage": 180000}[prod] * INCMUL[income[c]] * rng.lognormal(0, 0.5)
        )
        rate = 0.03 + 0.015 * max(z[c], -1) + rng.normal(0, 0.005) + (0.04 if prod == "personal" else 0)
        rate = max(rate, 0.01)
        r = rate / 12
        due_amt = principal * r / (1 - (1 + r) ** -term)
        maturity = start + pd.DateOffset(months=term)
        lid = len(loan_rows) + 1
        missed_run, defaulted = 0, pd.NaT
        for k in range(1, term + 1):
            due = start + pd.DateOffset(months=k)
            if due > AHEAD:
                break
            if due < START:
                continue
            paid = pd.NaT
            if due <= END:
                di = (due - START).days
                st = stress_day[c, min(di, ND - 1)]
                pm = 0.65 if st else 0.015 + (0.01 if z[c] > 1 else 0)
                pl = 0.30 if st else 0.07
                if prod == "mortgage":
                    pm /= 2
                u = rng.random()
                if u < pm:
                    missed_run += 1
                else:
                    missed_run = 0
                    late = int(rng.integers(5, 41)) if u < pm + pl else -int(rng.integers(0, 4))
                    paid = due + pd.Timedelta(days=late) + pd.Timedelta(seconds=int(rng.integers(8 * 3600, 20 * 3600)))
                    if paid > END:
                        paid = pd.NaT
            inst_rows.append((lid, k, due, round(due_amt, 2), paid, round(due_amt, 2) if paid is not pd.NaT else None))
            if missed_run == 3:
                defaulted = due + pd.Timedelta(days=30)
                if defaulted > END:
                    defaulted = pd.NaT
                else:
                    def_rows.append((lid, c + 1, defaulted, round(due_amt * (term - k + 3), 2)))
                break
        loan_rows.append((lid, c + 1, prod, round(principal, 2), round(rate, 4), term, start, maturity, defaulted))

loans = pd.DataFrame(
    loan_rows,
    columns=[
        "loan_id",
        "customer_id",
        "product",
        "principal",
        "interest_rate",
        "term_months",
        "start_date",
        "maturity_date",
        "defaulted_at",
    ],
)
loans = loans[loans.start_date <= END].reset_index(drop=True)
for col in ["start_date", "maturity_date"]:
    loans[col] = pd.to_datetime(loans[col]).dt.date
loans["defaulted_at"] = pd.to_datetime(loans.defaulted_at).astype("datetime64[s]")
inst = pd.DataFrame(
    inst_rows, columns=["loan_id", "installment_no", "due_date", "amount_due", "paid_at", "amount_paid"]
)
inst = inst[inst.loan_id.isin(loans.loan_id)].reset_index(drop=True)
inst.insert(0, "installment_id", np.arange(1, len(inst) + 1))
inst["due_date"] = pd.to_datetime(inst.due_date).dt.date
inst["paid_at"] = pd.to_datetime(inst.paid_at).astype("datetime64[s]")
defaults = pd.DataFrame(def_rows, columns=["loan_id", "customer_id", "default_date", "outstanding"])
defaults.insert(0, "default_id", np.arange(1, len(defaults) + 1))
defaults["default_date"] = pd.to_datetime(defaults.default_date).dt.date

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE branches (branch_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, branch_type VARCHAR, opened_date DATE);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, branch_id INTEGER REFERENCES branches(branch_id),
  onboarded_at TIMESTAMP, segment VARCHAR, income_band VARCHAR, risk_score INTEGER, age INTEGER, gender VARCHAR,
  acquisition_channel VARCHAR);
CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  product VARCHAR, opened_at TIMESTAMP, closed_at TIMESTAMP, credit_limit DOUBLE);
CREATE TABLE card_transactions (txn_id BIGINT PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
  customer_id INTEGER, txn_at TIMESTAMP, amount DECIMAL(12,2), merchant_category VARCHAR, channel VARCHAR,
  branch_id INTEGER, is_fraud BOOLEAN);
CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id), product VARCHAR,
  principal DOUBLE, interest_rate DOUBLE, term_months INTEGER, start_date DATE, maturity_date DATE, defaulted_at TIMESTAMP);
CREATE TABLE installments (installment_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans(loan_id),
  installment_no INTEGER, due_date DATE, amount_due DOUBLE, paid_at TIMESTAMP, amount_paid DOUBLE);
CREATE TABLE loan_defaults (default_id INTEGER PRIMARY KEY, loan_id INTEGER REFERENCES loans(loan_id),
  customer_id INTEGER REFERENCES customers(customer_id), default_date DATE, outstanding DOUBLE);
""")
for name, df in [
    ("branches", branches),
    ("customers", customers),
    ("accounts", accounts),
    ("card_transactions", card_transactions),
    ("loans", loans),
    ("installments", inst),
    ("loan_defaults", defaults),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, con.execute(f"select count(*) from {name}").fetchall()[0][0])
con.close()
