"""A B2B food wholesaler's ERP (accounts: restaurants, cafes, hotels, grocers, caterers; sales reps; a SKU
catalogue; sales orders with lines; invoices paid later; credit notes; rep visits), seeded:
`python benchmarks/trials/wholesale.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 5 regions, ~30 reps, 240 SKUs, 900 accounts
(650 before the span, 250 onboarded during it), ~45k orders, ~120k order lines, ~44k invoices, ~2k credit notes,
~14k visits (under a minute).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: sales_orders.requested_delivery_date (1-2 days after ordering) and
invoices.due_date (invoice_date + the account's payment terms). Every other later date of a row is filled in later.

Truth (seed 0):
- accounts: segment restaurant .35, cafe .2, hotel .12, grocery .18, caterer .15; region one of 5 (text codes);
  weekly order rate LogNormal(log .75, .45) (hotels and grocers x1.4); a preferred weekday (Mon-Sat): on it the
  order probability is min(.97, .8 rate m), on the other Mon-Sat days min(.5, .04 rate m), Sundays none;
  m = season(segment, month) x 1.5 for 14 days after a rep visit x .65 while in distress
- season: restaurant/hotel Jun-Aug 1.3, Dec 1.25; cafe Aug .7, Dec 1.15; grocery Dec 1.4, Nov 1.15;
  caterer May-Jun 1.35, Dec 1.6, Jan .7; else 1.0
- distress (hidden): onset hazard 1/900 per account-day, recovery 1/120; churn hazard per day 1/4000 + 1/150 while
  in distress + 1/400 per invoice that went over 30 days past due in the last 90 days (as known that day);
  a churned account orders nothing more; closed_at = churn + U(45, 150) days (filled later, back office)
- invoices: one per delivered order, invoice_date = the delivery, due_date = + payment_terms_days (7 / 14 / 30 by
  segment mix); paid: in distress at invoicing p=.75 late, Gamma(2, 12) days past due, 8% never paid (NULL);
  else late with the account's p_late ~ Beta(1.2, 9), Gamma(1.5, 4) + 1 days past due; on time:
  due - U(0, terms) days. days_past_due (integer) and paid_at filled at payment; status today's
  ('paid' / 'open' / 'overdue')  => late payment predicts churn (both follow distress)
- rep visits: each account's rep (today's rep is accounts.sales_rep_id, reassigned when a rep leaves) visits it on a
  weekday with p = rep diligence U(.5, 2) / 30; +50% order probability for the next 14 days, and a 40% chance
  per order in the 5 days after a visit that a new SKU is tried (else 12%)
- basket: each account starts with 5-14 preferred SKUs drawn by its segment's category weights, affinity
  Beta(1.5, 3.5) each (each order takes each preferred SKU with that probability, at least one); a tried new SKU
  joins the preferred set with p .5 (affinity .35) => preferences are sticky; qty = 1 + Poisson(base x season)
- prices: list price rises 3% every Jan 1 and Jul 1 (products.unit_price is TODAY's); order_lines.unit_price =
  list at the time x (1 - the account's discount 0/5/10%) rounded to cents
- 2% of orders cancelled within hours (status 'cancelled', no invoice); 5% of invoices get a credit note
  U(1, 10) days after, for U(5%, 40%) of the amount
- credit control: when an invoice passes 30 days past due unpaid, the account's credit_limit is halved (TODAY's)
- accounts.account_status ('active' / 'on_hold' / 'closed'), credit_limit, outstanding_balance (unpaid invoiced
  amounts less their credit notes), sales_rep_id, last_order_date hold TODAY's state; sales_reps.left_on,
  sales_orders.delivered_at/status, invoices.paid_at/days_past_due/status, accounts.closed_at filled in later
- keys: text ids (account_id 'AC0xxxx', order_no 'SO-2024-000123', invoice_no 'INV...', SKUs numeric-looking text
  with leading zeros '004512'); PK declared on accounts, sales_reps, products, sales_orders, invoices;
  REFERENCES only sales_orders.account_id and order_lines.order_no; order_lines.sku, invoices.acct (odd name),
  invoices.order_no, credit_notes.inv_ref, rep_visits.rep / account_id, accounts.sales_rep_id undeclared
- noise: accounts.vat_no, postcode, trading_name; products.supplier_code, pack_size; sales_orders.channel,
  po_reference (mostly NULL); rep_visits.outcome_note
- `--as-of DATE` writes the same simulation as it stood at DATE (every random value drawn first, simulation run to
  NOW; then rows created after DATE left out and every today's-state / filled-later column as it stood at DATE)
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


SEGS = np.array(["restaurant", "cafe", "hotel", "grocery", "caterer"])
SEASON = np.ones((5, 12))
SEASON[0, 5:8] = 1.3
SEASON[0, 11] = 1.25
SEASON[2, 5:8] = 1.3
SEASON[2, 11] = 1.25
SEASON[1, 7] = 0.7
SEASON[1, 11] = 1.15
SEASON[3, 11] = 1.4
SEASON[3, 10] = 1.15
SEASON[4, 4:6] = 1.35
SEASON[4, 11] = 1.6
SEASON[4, 0] = 0.7
REGIONS = np.array(["NTH", "STH", "EST", "WST", "CTR"])
CATS = np.array(["produce", "dairy", "meat", "seafood", "dry_goods", "beverages", "frozen", "bakery", "cleaning"])
CAT_W = np.array(
    [  # segment x category preference
        [3, 2, 3, 2, 2, 1, 1, 1, 0.5],
        [1, 3, 0.3, 0.1, 1, 3, 0.5, 3, 0.5],
        [2, 2, 2, 1.5, 2, 2, 1, 1.5, 1.5],
        [2, 2, 1, 0.5, 3, 3, 2, 1, 1],
        [2, 1.5, 3, 1.5, 1.5, 1, 2, 1, 0.5],
    ]
)

# ---------------- products
NP = 240
p_cat = rng.choice(len(CATS), NP, p=np.array([0.16, 0.12, 0.13, 0.08, 0.16, 0.13, 0.1, 0.07, 0.05]))
p_price0 = np.round(np.exp(rng.normal(np.log(np.array([4, 6, 14, 20, 5, 3, 9, 4, 8])[p_cat]), 0.45)), 2)
p_sku = np.array([f"{x:06d}" for x in rng.choice(np.arange(1000, 99999), NP, replace=False)])
p_intro = np.where(
    rng.random(NP) < 0.85, secs("2015-01-01") + rng.uniform(0, 2500, NP) * DAY, rng.uniform(0, 650, NP) * DAY
)
p_supplier = np.array([f"SUP-{x}" for x in rng.integers(100, 160, NP)])
p_pack = rng.choice(["1kg", "5kg", "10x1L", "case 12", "each", "2.5kg"], NP)
PRICE_STEPS = [secs(f"{y}-{m:02d}-01") for y in (2023, 2024) for m in (1, 7)][1:]  # 2023-07, 2024-01, 2024-07


def list_price(j, t):
    return p_price0[j] * 1.03 ** sum(1 for s in PRICE_STEPS if s <= t)


# ---------------- sales reps
REPS = {k: [] for k in ["region", "hired", "left", "dil"]}


def hire_rep(region, t):
    REPS["region"].append(region)
    REPS["hired"].append(t)
    REPS["left"].append(np.inf)
    REPS["dil"].append(rng.uniform(0.5, 2.0))
    return len(REPS["region"]) - 1


for r in range(5):
    for _ in range(5):
        hire_rep(r, secs("2016-01-01") + rng.uniform(0, 2400) * DAY)

# ---------------- accounts
NA = 900
a_seg = rng.choice(5, NA, p=[0.35, 0.2, 0.12, 0.18, 0.15])
a_region = rng.integers(0, 5, NA)
a_created = np.where(
    np.arange(NA) < 650, secs("2017-01-01") + rng.uniform(0, 2150, NA) * DAY, rng.uniform(0, 700, NA) * DAY
)
a_rate = np.exp(rng.normal(np.log(0.75), 0.45, NA)) * np.where(np.isin(a_seg, [2, 3]), 1.4, 1.0)
a_prefday = rng.integers(0, 6, NA)
a_plate = rng.beta(1.2, 9, NA)
a_terms = np.where(a_seg == 1, rng.choice([7, 14], NA), rng.choice([14, 30, 30], NA))
a_disc = rng.choice([0.0, 0.05, 0.10], NA, p=[0.6, 0.3, 0.1])
a_limit0 = np.round(np.exp(rng.normal(np.log(3000), 0.5, NA)) * a_rate, -2) + 500
a_vat = np.where(rng.random(NA) < 0.8, [f"GB{x}" for x in rng.integers(10**8, 10**9, NA)], None)
a_post = [
    f"{c}{n} {m}AB"
    for c, n, m in zip(rng.choice(list("ABCDELMNS"), NA), rng.integers(1, 30, NA), rng.integers(1, 9, NA), strict=True)
]
a_name = [f"{SEGS[s].title()} #{i}" for i, s in enumerate(a_seg)]
a_pref = []
a_aff = []
a_qty = []
for i in range(NA):
    w = CAT_W[a_seg[i]][p_cat] * (p_intro < 0)
    k = rng.integers(5, 15)
    skus = list(rng.choice(NP, k, replace=False, p=w / w.sum()))
    a_pref.append(skus)
    a_aff.append(list(rng.beta(1.5, 3.5, k)))
    a_qty.append(list(np.exp(rng.normal(np.log(3), 0.6, k))))
rep_of = np.empty(NA, int)
for i in range(NA):
    pool = [r for r in range(len(REPS["region"])) if REPS["region"][r] == a_region[i]]
    rep_of[i] = pool[rng.integers(0, len(pool))]
ASSIGN = [(i, -np.inf, rep_of[i]) for i in range(NA)]  # (account, from t, rep)

# ---------------- day-by-day simulation
distress = np.zeros(NA, bool)
churn_t = np.full(NA, np.inf)
boost_until = np.full(NA, -np.inf)
visit_last = np.full(NA, -np.inf)
bad_events = [[] for _ in range(NA)]  # times an invoice passed 30 days past due unpaid
ORD = {k: [] for k in ["a", "t", "req", "deliv", "cancel", "channel"]}
LINES = {k: [] for k in ["o", "sku", "qty", "price"]}
INV = {k: [] for k in ["o", "a", "t", "due", "paid", "amt"]}
CN = {k: [] for k in ["inv", "t", "amt", "reason"]}
VIS = {k: [] for k in ["rep", "a", "t", "note"]}
pending_bad = []  # (time it passes 30 days overdue, account)

for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    wd = day.weekday()
    live = (a_created < t0) & (churn_t > t0)
    # credit-control events that happened by today
    for tb, a in [x for x in pending_bad if x[0] < t0 + DAY]:
        bad_events[a].append(tb)
    pending_bad = [x for x in pending_bad if x[0] >= t0 + DAY]
    # reps leaving, accounts reassigned
    for r in range(len(REPS["region"])):
        if REPS["left"][r] == np.inf and REPS["hired"][r] < t0 and rng.random() < 1 / 900:
            tl = t0 + rng.uniform(9, 17) * 3600
            REPS["left"][r] = tl
            nr = hire_rep(REPS["region"][r], tl + rng.uniform(0, 3) * DAY)
            for a in np.flatnonzero(rep_of == r):
                rep_of[a] = nr
                ASSIGN.append((a, tl, nr))
    # distress and churn
    u = rng.random(NA)
    distress = np.where(distress, u >= 1 / 120, u < 1 / 900)
    nbad = np.array([sum(1 for x in b if x > t0 - 90 * DAY) for b in bad_events])
    hz = 1 / 4000 + distress / 150 + nbad / 400
    churned = live & (rng.random(NA) < hz)
    churn_t[churned] = t0 + rng.uniform(0, DAY)
    live &= ~churned
    # visits (weekdays, by the account's rep of the day; also to accounts gone quiet but not closed)
    if wd < 5:
        dil = np.array(REPS["dil"])[rep_of]
        v_mask = (a_created < t0) & (churn_t + 45 * DAY > t0) & (rng.random(NA) < dil / 30)
        for a in np.flatnonzero(v_mask):
            tv = t0 + rng.uniform(9, 17) * 3600
            VIS["rep"].append(rep_of[a])
            VIS["a"].append(a)
            VIS["t"].append(tv)
            VIS["note"].append(
                rng.choice(["", "tasting", "price review", "complaint", "new menu"], p=[0.6, 0.1, 0.1, 0.1, 0.1])
            )
            boost_until[a] = tv + 14 * DAY
            visit_last[a] = tv
    # orders
    season = SEASON[a_seg, day.month - 1]
    mult = season * np.where(boost_until > t0, 1.5, 1.0) * np.where(distress, 0.65, 1.0)
    if wd == 6:
        p = np.zeros(NA)
    else:
        p = np.where(a_prefday == wd, np.minimum(0.97, 0.8 * a_rate * mult), np.minimum(0.5, 0.04 * a_rate * mult))
    u_ord = rng.random(NA)
    for a in np.flatnonzero(live & (u_ord < p)):
        to = t0 + rng.uniform(6, 20) * 3600
        if to <= a_created[a]:
            continue
        o = len(ORD["a"])
        req = np.floor(to / DAY) * DAY + rng.integers(1, 3) * DAY
        cancel = to + rng.uniform(0.5, 6) * 3600 if rng.random() < 0.02 else np.inf
        ORD["a"].append(a)
        ORD["t"].append(to)
        ORD["req"].append(req)
        ORD["deliv"].append(req + rng.uniform(6, 14) * 3600 if cancel == np.inf else np.inf)
        ORD["cancel"].append(cancel)
        ORD["channel"].append(rng.choice(["phone", "web", "rep", "edi"], p=[0.35, 0.4, 0.15, 0.1]))
        take = [j for j, af in enumerate(a_aff[a]) if rng.random() < af]
        if not take:
            take = [int(np.argmax(a_aff[a]))]
        lines = [(a_pref[a][j], a_qty[a][j]) for j in take]
        if rng.random() < (0.4 if visit_last[a] > to - 5 * DAY else 0.12):
            w = CAT_W[a_seg[a]][p_cat] * (p_intro < to)
            w[a_pref[a]] = 0
            j = int(rng.choice(NP, p=w / w.sum()))
            q = float(np.exp(rng.normal(np.log(3), 0.6)))
            lines.append((j, q))
            if rng.random() < 0.5:
                a_pref[a].append(j)
                a_aff[a].append(0.35)
                a_qty[a].append(q)
        amt = 0.0
        for j, q in lines:
            qty = 1 + rng.poisson(q * season[a])
            pr = round(list_price(j, to) * (1 - a_disc[a]), 2)
            LINES["o"].append(o)
            LINES["sku"].append(j)
            LINES["qty"].append(qty)
            LINES["price"].append(pr)
            amt += qty * pr
        if cancel < np.inf:
            continue
        ti = ORD["deliv"][o]
        due = np.floor(ti / DAY) * DAY + a_terms[a] * DAY + 86399
        if distress[a]:
            late = rng.random() < 0.75
            paid = due + rng.gamma(2, 12) * DAY if late else due - rng.uniform(0, a_terms[a]) * DAY
            if rng.random() < 0.08:
                paid = np.inf
        elif rng.random() < a_plate[a]:
            paid = due + (rng.gamma(1.5, 4) + 1) * DAY
        else:
            paid = max(ti + 3600, due - rng.uniform(0, a_terms[a]) * DAY)
        INV["o"].append(o)
        INV["a"].append(a)
        INV["t"].append(ti)
        INV["due"].append(due)
        INV["paid"].append(paid)
        INV["amt"].append(round(amt, 2))
        if paid > due + 30 * DAY:
            pending_bad.append((due + 30 * DAY, a))
        if rng.random() < 0.05:
            CN["inv"].append(len(INV["o"]) - 1)
            CN["t"].append(ti + rng.uniform(1, 10) * DAY)
            CN["amt"].append(round(amt * rng.uniform(0.05, 0.4), 2))
            CN["reason"].append(rng.choice(["damaged", "short_delivery", "quality", "pricing_error"]))

closed = np.where(churn_t < np.inf, churn_t + rng.uniform(45, 150, NA) * DAY, np.inf)

# ---------------- tables as they stood at CUT
od = pd.DataFrame(ORD)
od["year"] = ts(od.t).year
od["seq"] = od.groupby("year").cumcount() + 1
od["order_no"] = [f"SO-{y}-{s:06d}" for y, s in zip(od.year, od.seq, strict=True)]
keep = od.t <= T
st = np.where(od.cancel <= T, "cancelled", np.where(od.deliv <= T, "delivered", "open"))
sales_orders = pd.DataFrame(
    {
        "order_no": od.order_no,
        "account_id": [f"AC{a + 10001:05d}" for a in od.a],
        "ordered_at": ts(od.t),
        "requested_delivery_date": ts(od.req).date,
        "delivered_at": ts(known(od.deliv)),
        "status": st,
        "channel": od.channel,
        "po_reference": np.where(
            rng.random(len(od)) < 0.15, [f"PO{x}" for x in rng.integers(1000, 99999, len(od))], None
        ),
    }
)[keep.to_numpy()]
ln = pd.DataFrame(LINES)
ln_keep = od.t.to_numpy()[ln.o.to_numpy()] <= T
order_lines = pd.DataFrame(
    {
        "line_id": np.arange(1, len(ln) + 1),
        "order_no": od.order_no.to_numpy()[ln.o.to_numpy()],
        "sku": p_sku[ln.sku.to_numpy()],
        "qty": ln.qty,
        "unit_price": ln.price,
    }
)[ln_keep]
iv = pd.DataFrame(INV)
iv["invoice_no"] = [f"INV{i + 500001}" for i in range(len(iv))]
ik = (iv.t <= T).to_numpy()
paid_k = iv.paid.to_numpy() <= T
dpd = np.ceil((iv.paid.to_numpy() - iv.due.to_numpy()) / DAY)
invoices = pd.DataFrame(
    {
        "invoice_no": iv.invoice_no,
        "order_no": od.order_no.to_numpy()[iv.o.to_numpy()],
        "acct": [f"AC{a + 10001:05d}" for a in iv.a],
        "invoice_date": ts(iv.t).date,
        "due_date": ts(iv.due).date,
        "amount": iv.amt,
        "paid_at": ts(known(iv.paid)),
        "days_past_due": np.where(paid_k, np.maximum(dpd, 0), np.nan),
        "status": np.where(paid_k, "paid", np.where(iv.due.to_numpy() < T, "overdue", "open")),
    }
)[ik]
cn = pd.DataFrame(CN)
credit_notes = pd.DataFrame(
    {
        "credit_note_id": np.arange(1, len(cn) + 1),
        "inv_ref": iv.invoice_no.to_numpy()[cn.inv.to_numpy()],
        "issued_at": ts(cn.t),
        "amount": cn.amt,
        "reason": cn.reason,
    }
)[(cn.t <= T).to_numpy()]
vs = pd.DataFrame(VIS).sort_values("t", kind="stable").reset_index(drop=True)
rep_visits = pd.DataFrame(
    {
        "visit_id": np.arange(1, len(vs) + 1),
        "rep": vs.rep + 1,
        "account_id": [f"AC{a + 10001:05d}" for a in vs.a],
        "visited_at": ts(vs.t),
        "outcome_note": vs.note.replace("", None),
    }
)[(vs.t <= T).to_numpy()]

# accounts' today's state at CUT
rep_now = np.empty(NA, int)
for a, tf, r in ASSIGN:
    if tf <= T:
        rep_now[a] = r
nbad_now = np.array([sum(1 for x in b if x <= T) for b in bad_events])
limit_now = a_limit0 * 0.5**nbad_now
unpaid = (iv.t <= T) & (iv.paid > T)
cn_by_inv = cn[cn.t <= T].groupby("inv").amt.sum()
owed = iv.amt - cn_by_inv.reindex(np.arange(len(iv))).fillna(0).to_numpy()
bal = owed[unpaid].groupby(iv.a[unpaid]).sum().reindex(np.arange(NA)).fillna(0).to_numpy()
hold = (unpaid & (iv.due < T - 30 * DAY)).groupby(iv.a).any().reindex(np.arange(NA)).fillna(False).to_numpy()
status = np.where(closed <= T, "closed", np.where(hold, "on_hold", "active"))
lastord = od[keep].groupby("a").t.max().reindex(np.arange(NA)).to_numpy()
accounts = pd.DataFrame(
    {
        "account_id": [f"AC{a + 10001:05d}" for a in range(NA)],
        "trading_name": a_name,
        "segment": SEGS[a_seg],
        "region": REGIONS[a_region],
        "postcode": a_post,
        "vat_no": a_vat,
        "created_at": ts(a_created),
        "credit_limit": limit_now.round(0),
        "payment_terms_days": a_terms,
        "sales_rep_id": rep_now + 1,
        "account_status": status,
        "outstanding_balance": bal.round(2),
        "last_order_date": ts(lastord).date,
        "closed_at": ts(known(closed)),
    }
)[a_created <= T]
NR = len(REPS["region"])
sales_reps = pd.DataFrame(
    {
        "rep_id": np.arange(1, NR + 1),
        "full_name": [f"Rep {i}" for i in range(1, NR + 1)],
        "region": REGIONS[np.array(REPS["region"])],
        "hired_on": ts(REPS["hired"]).date,
        "left_on": ts(known(REPS["left"])).date,
    }
)[np.array(REPS["hired"]) <= T]
products = pd.DataFrame(
    {
        "sku": p_sku,
        "description": [f"{CATS[c]} item {i}" for i, c in enumerate(p_cat)],
        "category": CATS[p_cat],
        "supplier_code": p_supplier,
        "pack_size": p_pack,
        "unit_price": [round(list_price(j, T), 2) for j in range(NP)],
        "introduced_at": ts(p_intro),
    }
)[p_intro <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE sales_reps (rep_id INTEGER PRIMARY KEY, full_name VARCHAR, region VARCHAR, hired_on DATE, left_on DATE);
CREATE TABLE accounts (account_id VARCHAR PRIMARY KEY, trading_name VARCHAR, segment VARCHAR, region VARCHAR,
                       postcode VARCHAR, vat_no VARCHAR, created_at TIMESTAMP, credit_limit DOUBLE,
                       payment_terms_days INTEGER, sales_rep_id INTEGER, account_status VARCHAR,
                       outstanding_balance DECIMAL(12, 2), last_order_date DATE, closed_at TIMESTAMP);
CREATE TABLE products (sku VARCHAR PRIMARY KEY, description VARCHAR, category VARCHAR, supplier_code VARCHAR,
                       pack_size VARCHAR, unit_price DECIMAL(10, 2), introduced_at TIMESTAMP);
CREATE TABLE sales_orders (order_no VARCHAR PRIMARY KEY, account_id VARCHAR REFERENCES accounts(account_id),
                           ordered_at TIMESTAMP, requested_delivery_date DATE, delivered_at TIMESTAMP,
                           status VARCHAR, channel VARCHAR, po_reference VARCHAR);
CREATE TABLE order_lines (line_id INTEGER, order_no VARCHAR REFERENCES sales_orders(order_no), sku VARCHAR,
                          qty INTEGER, unit_price DECIMAL(10, 2));
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, order_no VARCHAR, acct VARCHAR, invoice_date DATE,
                       due_date DATE, amount DECIMAL(12, 2), paid_at TIMESTAMP, days_past_due INTEGER,
                       status VARCHAR);
CREATE TABLE credit_notes (credit_note_id INTEGER, inv_ref VARCHAR, issued_at TIMESTAMP, amount DECIMAL(12, 2),
                           reason VARCHAR);
CREATE TABLE rep_visits (visit_id INTEGER, rep INTEGER, account_id VARCHAR, visited_at TIMESTAMP,
                         outcome_note VARCHAR);
""")
for name, df in [
    ("sales_reps", sales_reps),
    ("accounts", accounts),
    ("products", products),
    ("sales_orders", sales_orders),
    ("order_lines", order_lines),
    ("invoices", invoices),
    ("credit_notes", credit_notes),
    ("rep_visits", rep_visits),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
