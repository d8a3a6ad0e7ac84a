"""An email-marketing platform's database for one company's lists (lists, subscribers, campaigns, sends, events,
products, purchases attributed to clicks), seeded: `python benchmarks/trials/newsletter.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)):
2 lists, 2,300 subscribers, 211 campaigns, about 143k sends, 64k events, 1.5k purchases (~2 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs campaign by campaign over 2023-01-01..NOW.
Rows dated after NOW exist only where written ahead: campaigns are created 2-10 days before their scheduled_for
(January 2025's are in the table with status 'scheduled' and sent_at NULL).

Truth (seed 0):
- subscribers: 1,100 signed up 2020-01..2022-12 (all still subscribed at START), 1,200 during the span
  (signups uniform in time, x1.6 in Nov-Dec); source organic .45 / referral .2 / paid_ad .25 / import .1;
  country US .5, GB .15, DE .15, FR .1, CA .1 (8% NULL); list 1 ('Main') .75 / 2 ('Deals') .25;
  email, double_opt_in, tags are noise
- latent open propensity a ~ N(-1.1, 1.0) (logit); paid_ad -0.4, referral +0.3; fatigue: -0.25 per year of tenure
- campaigns: Tue and Thu 10:00 (+-20 min); segment drawn all_subscribers .4, engaged .25, lapsed .25, new_30d .1;
  recipients: all -> every subscribed; engaged -> engagement_score >= 35 at send; lapsed -> no open in the last
  90 days (signed up 90+ days ago); new_30d -> signed up in the last 30 days
- open per delivered send: sigmoid(a - fatigue + SEG_OPEN[seg] + .35 if the subject holds '{first_name}' (rendered
  as 'you' in subject_line, flagged by personalized)); SEG_OPEN all 0, engaged +.2, lapsed -.3, new_30d +.4;
  first open at send + Exp(8 h); Poisson(.4) re-opens within 3 days
- click given open: sigmoid(-1.6 + .6 a + SEG_CLICK[seg]); SEG_CLICK all 0, engaged +.5, lapsed -.9,
  new_30d +.3; first click U(10 s, 20 min) after the first open, Poisson(.3) more
- unsubscribe per delivered send (at most one): .001 + .012 x min(1, days since last open / 120) (never opened:
  days since signup) + .005 on lapsed campaigns, at send + Exp(12 h) (event 'unsubscribe'); complaint
  p = .15 x that, replaces the unsubscribe (event 'complaint', status 'unsubscribed' too)
- hard bounce per send .0006 (import .004): send delivery_status 'bounced', subscriber status 'bounced', no events
- purchases: per click event p = .14 x (1.5 on engaged campaigns); product = the campaign's featured_sku w.p. .6,
  else one of the subscriber's preferred category (latent, 1 of 3); qty 1 + Poisson(.3); amount = price x qty;
  purchased_at = click + Exp(2 h); refunded_at (5%) filled later
- engagement_score: EWMA (alpha .15) of opened x 100 over delivered sends, starts 50, updated 3 days after each
  send: TODAY's value; last_open_at: TODAY's; status, status_changed_at: TODAY's
- sends.first_open_at and sends.open_count filled in / kept up to date; campaigns.recipients, sent_at filled at
  send, open_rate kept up to date (TODAY's), status 'scheduled' -> 'sent'
- keys: PK declared on lists, subscribers, campaigns (text campaign_code), sends, products (text sku);
  REFERENCES declared only sends.subscriber_id; sends.campaign_ref (text), events.contact_id, events.send_id,
  purchases.subscriber_id / click_event_id / sku, campaigns.featured_sku, subscribers.list_id undeclared;
  events has no PK; purchases' id is text 'ORD-000123'
- `python newsletter.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every
  today's-state / filled-later column is as it stood at DATE (exact)
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
TNOW = (NOW - START).total_seconds()


def secs(x) -> float:
    return (pd.Timestamp(x) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


# ---------------- products
CATS = np.array(["apparel", "home", "gadgets"])
NP = 30
p_cat = np.repeat(np.arange(3), 10)
p_price = np.round(np.exp(rng.normal(np.log(35), 0.5, NP)), 2)
products = pd.DataFrame(
    {
        "sku": [f"SKU-{c[:3].upper()}-{i:03d}" for i, c in enumerate(CATS[p_cat], 1)],
        "product_name": [f"{c.title()} item {i}" for i, c in enumerate(CATS[p_cat], 1)],
        "category": CATS[p_cat],
        "list_price": p_price,
    }
)

# ---------------- subscribers
N0, N1 = 1100, 1200
N = N0 + N1
signup = np.empty(N)
signup[:N0] = secs("2020-01-01") + rng.uniform(0, (secs("2022-12-31") - secs("2020-01-01")) / DAY, N0) * DAY
w = np.ones(730)
for d in range(730):
    if (START + pd.Timedelta(days=d)).month in (11, 12):
        w[d] = 1.6
sd = rng.choice(730, N1, p=w / w.sum())
signup[N0:] = sd * DAY + rng.uniform(0, DAY, N1)
order = np.argsort(signup, kind="stable")
signup = signup[order]
source = rng.choice(["organic", "referral", "paid_ad", "import"], N, p=[0.45, 0.2, 0.25, 0.1])
country = rng.choice(["US", "GB", "DE", "FR", "CA"], N, p=[0.5, 0.15, 0.15, 0.1, 0.1]).astype(object)
country[rng.random(N) < 0.08] = None
list_id = rng.choice([1, 2], N, p=[0.75, 0.25])
a = rng.normal(-1.1, 1.0, N) + np.where(source == "paid_ad", -0.4, 0) + np.where(source == "referral", 0.3, 0)
pref_cat = rng.integers(0, 3, N)
emails = [
    f"user{rng.integers(10**6, 10**7)}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com', 'corp.io'])}"
    for _ in range(N)
]
double_opt = rng.random(N) < 0.7
tags = rng.choice(["", "vip", "beta", "webinar", None], N, p=[0.5, 0.05, 0.15, 0.1, 0.2])

# ---------------- campaigns (Tue / Thu 10:00, through January 2025 for the scheduled ones)
days = pd.date_range("2023-01-01", "2025-01-31", freq="D")
cdays = days[days.day_of_week.isin([1, 3])]
NC = len(cdays)
c_sched = np.array([secs(d) + 10 * 3600 for d in cdays])
c_sent = c_sched + rng.uniform(-20, 20, NC) * 60
c_created = c_sched - rng.uniform(2, 10, NC) * DAY
SEGS = np.array(["all_subscribers", "engaged", "lapsed", "new_30d"])
c_seg = rng.choice(4, NC, p=[0.4, 0.25, 0.25, 0.1])
c_pers = rng.random(NC) < 0.3
c_feat = rng.integers(0, NP, NC)
SEG_OPEN = np.array([0.0, 0.2, -0.3, 0.4])
SEG_CLICK = np.array([0.0, 0.5, -0.9, 0.3])
WORDS = [
    "Big news",
    "Last chance",
    "New arrivals",
    "Our picks",
    "Weekend sale",
    "Back in stock",
    "Tips & tricks",
    "We miss you",
    "Just dropped",
    "Members only",
]
c_subj = []
for i in range(NC):
    base = WORDS[rng.integers(0, len(WORDS))]
    item = products.product_name[c_feat[i]]
    c_subj.append(f"{base} for you: {item}" if c_pers[i] else f"{base}: {item}")
c_code = [f"CMP-{pd.Timestamp(d).strftime('%y')}-{i:04d}" for i, d in enumerate(cdays, 1)]

# ---------------- the simulation
status_t = np.full(N, np.inf)  # when the subscriber left (unsub / complaint / bounce)
status_kind = np.array([None] * N, dtype=object)
score = np.full(N, 50.0)
score_hist = [[] for _ in range(N)]  # (t, value)
last_open = np.full(N, -np.inf)
pend_open = []  # (times, idx)
pend_score = []  # (t, idx, opened)
SD = {k: [] for k in ["c", "s", "t", "bounced"]}
EV = {k: [] for k in ["send", "s", "t", "type"]}
PU = {k: [] for k in ["s", "click", "t", "sku", "qty", "amount", "refund"]}
n_send = 0

for c in range(NC):
    tc = c_sent[c]
    if tc > TNOW:
        break
    # apply what is known at tc
    keep = []
    for tt, ii in pend_open:
        m = tt <= tc
        np.maximum.at(last_open, ii[m], tt[m])
        if (~m).any():
            keep.append((tt[~m], ii[~m]))
    pend_open = keep
    keep = []
    for t_upd, ii, op in pend_score:
        if t_upd <= tc:
            score[ii] = 0.85 * score[ii] + 0.15 * 100 * op
            for i, v in zip(ii, score[ii], strict=True):
                score_hist[i].append((t_upd, round(float(v), 1)))
        else:
            keep.append((t_upd, ii, op))
    pend_score = keep
    live = (signup < tc) & (status_t > tc)
    seg = c_seg[c]
    if seg == 1:
        live &= score >= 35
    elif seg == 2:
        live &= (last_open < tc - 90 * DAY) & (signup < tc - 90 * DAY)
    elif seg == 3:
        live &= signup > tc - 30 * DAY
    idx = np.flatnonzero(live)
    k = len(idx)
    st = tc + rng.uniform(0, 600, k)
    pb = np.where(source[idx] == "import", 0.004, 0.0006)
    bounced = rng.random(k) < pb
    tenure = (tc - signup[idx]) / DAY / 365
    po = sig(a[idx] - 0.25 * tenure + SEG_OPEN[seg] + 0.35 * c_pers[c])
    opened = (rng.random(k) < po) & ~bounced
    t_open = st + rng.exponential(8 * 3600, k)
    n_reopen = rng.poisson(0.4, k)
    pc = sig(-1.6 + 0.6 * a[idx] + SEG_CLICK[seg])
    clicked = opened & (rng.random(k) < pc)
    t_click = t_open + rng.uniform(10, 1200, k)
    n_more = rng.poisson(0.3, k)
    since = np.where(np.isfinite(last_open[idx]), tc - last_open[idx], tc - signup[idx]) / DAY
    pu = 0.001 + 0.012 * np.minimum(1, since / 120) + (0.005 if seg == 2 else 0.0)
    u = rng.random(k)
    unsub = (u < pu) & ~bounced
    compl = unsub & (u < 0.15 * pu)
    t_unsub = st + rng.exponential(12 * 3600, k)
    u_purch = rng.random(k)
    sids = n_send + np.arange(k)
    n_send += k
    SD["c"].append(np.full(k, c))
    SD["s"].append(idx)
    SD["t"].append(st)
    SD["bounced"].append(bounced)
    for j in np.flatnonzero(opened):
        i = idx[j]
        EV["send"].append(sids[j])
        EV["s"].append(i)
        EV["t"].append(t_open[j])
        EV["type"].append("open")
        for tr in t_open[j] + rng.uniform(0, 3 * DAY, n_reopen[j]):
            EV["send"].append(sids[j])
            EV["s"].append(i)
            EV["t"].append(tr)
            EV["type"].append("open")
        if clicked[j]:
            cts = [t_click[j]] + list(t_click[j] + rng.uniform(0, 2 * DAY, n_more[j]))
            for tcl in cts:
                EV["send"].append(sids[j])
                EV["s"].append(i)
                EV["t"].append(tcl)
                EV["type"].append("click")
                if rng.random() < 0.14 * (1.5 if seg == 1 else 1.0):
                    sku = c_feat[c] if rng.random() < 0.6 else rng.choice(np.flatnonzero(p_cat == pref_cat[i]))
                    qty = 1 + rng.poisson(0.3)
                    PU["s"].append(i)
                    PU["click"].append(len(EV["t"]) - 1)
                    PU["t"].append(tcl + rng.exponential(2 * 3600))
                    PU["sku"].append(sku)
                    PU["qty"].append(qty)
                    PU["amount"].append(round(float(p_price[sku] * qty), 2))
                    PU["refund"].append(tcl + rng.uniform(3, 20) * DAY if rng.random() < 0.05 else np.inf)
    for j in np.flatnonzero(unsub):
        i = idx[j]
        EV["send"].append(sids[j])
        EV["s"].append(i)
        EV["t"].append(t_unsub[j])
        EV["type"].append("complaint" if compl[j] else "unsubscribe")
        status_t[i] = t_unsub[j]
        status_kind[i] = "unsubscribed"
    for j in np.flatnonzero(bounced):
        i = idx[j]
        status_t[i] = st[j] + 60
        status_kind[i] = "bounced"
    # opens are learnt as they happen; the score 3 days after the send
    allt = np.concatenate([t_open[opened]])
    pend_open.append((allt, idx[opened]))
    dl = ~bounced
    pend_score.append((tc + 3 * DAY, idx[dl], opened[dl].astype(float)))

NC_SENT = c
# ---------------- tables as they stood at CUT
sd_ = pd.DataFrame({k: np.concatenate(v) for k, v in SD.items()})
sd_["send_id"] = np.arange(1, len(sd_) + 1)
ev = pd.DataFrame(EV)
ev["row"] = np.arange(len(ev))
ev = ev.sort_values("t", kind="stable").reset_index(drop=True)
ev["event_id"] = np.arange(1, len(ev) + 1)
ev_id_of_row = dict(zip(ev.row, ev.event_id, strict=True))
pu = pd.DataFrame(PU).sort_values("t", kind="stable").reset_index(drop=True)
pu["order_no"] = np.arange(1, len(pu) + 1)

# opens of each send known at CUT
evk = ev[ev.t <= T]
opens_k = evk[evk.type == "open"].groupby("send")
first_open = opens_k.t.min()
n_open = opens_k.t.size()
sdk = sd_[sd_.t <= T]
sends = pd.DataFrame(
    {
        "send_id": sdk.send_id,
        "campaign_ref": [c_code[c] for c in sdk.c],
        "subscriber_id": sdk.s + 1,
        "sent_at": ts(sdk.t),
        "delivery_status": np.where(sdk.bounced, "bounced", "delivered"),
        "first_open_at": ts(sdk.index.map(first_open).to_numpy(float)),
        "open_count": sdk.index.map(n_open).fillna(0).astype(int).to_numpy(),
    }
)
events = pd.DataFrame(
    {
        "event_id": evk.event_id,
        "send_id": evk.send + 1,
        "contact_id": evk.s + 1,
        "event_type": evk.type,
        "occurred_at": ts(evk.t),
        "user_agent": rng.choice(["Apple Mail", "Gmail", "Outlook", None], len(ev), p=[0.4, 0.35, 0.15, 0.1])[
            evk.index.to_numpy()
        ],
    }
)
pk = pu[pu.t <= T]
purchases = pd.DataFrame(
    {
        "order_no": [f"ORD-{i:06d}" for i in pk.order_no],
        "subscriber_id": pk.s + 1,
        "click_event_id": [ev_id_of_row[r] for r in pk.click],
        "sku": products.sku.to_numpy()[pk.sku.to_numpy(int)] if len(pk) else [],
        "quantity": pk.qty,
        "amount": pk.amount,
        "currency": "USD",
        "purchased_at": ts(pk.t),
        "refunded_at": ts(known(pk.refund)),
    }
)

# campaigns: created <= CUT; sent ones have sent_at, recipients, today's open_rate
camp_sent = c_sent <= T
rec = sd_[sd_.t <= T].groupby("c").size()
deliv = sd_[(sd_.t <= T) & ~sd_.bounced].groupby("c").size()
opened_sends = sdk[sdk.index.isin(first_open.index)].groupby("c").size()
c_idx = np.arange(NC)
open_rate = (pd.Series(c_idx).map(opened_sends).fillna(0) / pd.Series(c_idx).map(deliv)).round(4).to_numpy()
campaigns = pd.DataFrame(
    {
        "campaign_code": c_code,
        "name": [f"{SEGS[s]} {pd.Timestamp(d).date()}" for s, d in zip(c_seg, cdays, strict=True)],
        "subject_line": c_subj,
        "personalized": c_pers,
        "segment": SEGS[c_seg],
        "featured_sku": products.sku.to_numpy()[c_feat],
        "created_at": ts(c_created),
        "scheduled_for": ts(c_sched),
        "sent_at": ts(np.where(camp_sent, c_sent, np.nan)),
        "status": np.where(camp_sent, "sent", "scheduled"),
        "recipients": pd.Series(c_idx).map(rec).where(camp_sent).to_numpy(),
        "open_rate": np.where(camp_sent, open_rate, np.nan),
    }
)[c_created <= T]

# subscribers' today's state at CUT
left = status_t <= T
status = np.where(left, status_kind, "subscribed")
sc = np.full(N, 50.0)
lo = np.full(N, np.nan)
for i in range(N):
    for t_upd, v in score_hist[i]:
        if t_upd <= T:
            sc[i] = v
opn = ev[(ev.type == "open") & (ev.t <= T)].groupby("s").t.max()
lo[opn.index.to_numpy()] = opn.to_numpy()
subscribers = pd.DataFrame(
    {
        "subscriber_id": np.arange(1, N + 1),
        "email": emails,
        "list_id": list_id,
        "signed_up_at": ts(signup),
        "source": source,
        "country": country,
        "double_opt_in": double_opt,
        "tags": tags,
        "status": status,
        "status_changed_at": ts(np.where(left, status_t, np.nan)),
        "engagement_score": sc,
        "last_open_at": ts(lo),
    }
)[signup <= T]
lists = pd.DataFrame(
    {
        "list_id": [1, 2],
        "list_name": ["Main", "Deals"],
        "created_at": [pd.Timestamp("2019-06-01"), pd.Timestamp("2020-03-15")],
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE lists (list_id INTEGER PRIMARY KEY, list_name VARCHAR, created_at TIMESTAMP);
CREATE TABLE subscribers (subscriber_id INTEGER PRIMARY KEY, email VARCHAR, list_id INTEGER, signed_up_at TIMESTAMP,
    source VARCHAR, country VARCHAR, double_opt_in BOOLEAN, tags VARCHAR, status VARCHAR,
    status_changed_at TIMESTAMP, engagement_score DOUBLE, last_open_at TIMESTAMP);
CREATE TABLE products (sku VARCHAR PRIMARY KEY, product_name VARCHAR, category VARCHAR, list_price DOUBLE);
CREATE TABLE campaigns (campaign_code VARCHAR PRIMARY KEY, name VARCHAR, subject_line VARCHAR, personalized BOOLEAN,
    segment VARCHAR, featured_sku VARCHAR, created_at TIMESTAMP, scheduled_for TIMESTAMP, sent_at TIMESTAMP,
    status VARCHAR, recipients INTEGER, open_rate DOUBLE);
CREATE TABLE sends (send_id BIGINT PRIMARY KEY, campaign_ref VARCHAR,
    subscriber_id INTEGER REFERENCES subscribers(subscriber_id), sent_at TIMESTAMP, delivery_status VARCHAR,
    first_open_at TIMESTAMP, open_count INTEGER);
CREATE TABLE events (event_id BIGINT, send_id BIGINT, contact_id INTEGER, event_type VARCHAR, occurred_at TIMESTAMP,
    user_agent VARCHAR);
CREATE TABLE purchases (order_no VARCHAR, subscriber_id INTEGER, click_event_id BIGINT, sku VARCHAR,
    quantity INTEGER, amount DECIMAL(10, 2), currency VARCHAR, purchased_at TIMESTAMP, refunded_at TIMESTAMP);
""")
for name, df in [
    ("lists", lists),
    ("subscribers", subscribers),
    ("products", products),
    ("campaigns", campaigns),
    ("sends", sends),
    ("events", events),
    ("purchases", purchases),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
con.close()
if __name__ == "__main__":
    print(
        {
            n: len(d)
            for n, d in [
                ("subscribers", subscribers),
                ("campaigns", campaigns),
                ("sends", sends),
                ("events", events),
                ("purchases", purchases),
            ]
        },
        "as of",
        CUT,
    )
