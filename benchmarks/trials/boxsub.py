"""A subscription-box e-commerce business (plans, subscribers, a product catalogue, monthly box shipments and their
items, skipped months, product swaps, product ratings, referrals between subscribers, support contacts,
cancellations with a reason filled in later), seeded: `python benchmarks/trials/boxsub.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)):
5 plans, 3,659 subscribers (1,674 cancelled, 59 paused), 390 products, 34.8k shipments, 104.8k shipment items, 3.9k
skips, 6.0k swaps, 14.1k ratings, 2.2k referrals, 4.3k support contacts, 1,674 cancellations (about 10 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs month by month over 2023-01..2024-12. Rows
dated after NOW exist only where written ahead: skips.box_month (a skip is requested up to 15 days before the month
it skips, and a pause writes one skip row per paused month at once, up to 3 months ahead). Every other column
holding a later date of its row is filled in later.

Truth (seed 0):
- plans (5, text PK plan_code): BX-MINI 15/mo 2 items, BX-CLASSIC 29/3, BX-PREMIUM 45/4, BX-DELUXE 69/5, BX-LEGACY
  25/3 (retired 2023-06-30: no new signups, its subscribers stay). Price drives churn: base monthly cancel hazard
  .030 / .035 / .045 / .065 / .030 (an attribute of the parent table plans.monthly_price)
- subscribers: 1,400 signed up 2021-2022, then organic signups Poisson(70 x season) a month, season Nov 1.8, Dec 2.6,
  Jan 1.2, else 1; gift subscriptions (is_gift) p .5 in Nov/Dec, .05 otherwise: a gift's hazard is .55 in its 3rd
  month (the gift runs out: SEASONAL churn each Feb/Mar); referral signups (see referrals). Latents: satisfaction
  s ~ N(0, 1) (a referee's s = .5 x its referrer's + N(0, .87)), engagement e ~ LogNormal(0, .5), a favourite
  category of 8
- each month a live subscriber: is paused (status 'paused'; a pause starts with p .015 x (2 in Jun-Aug), for 1-3
  months, writing one skips row per month, reason 'pause') or skips once (p .04 x (2.5 in Jul/Aug) x (2 if s < 0))
  or gets a box shipped on day 8-12 of the month: plan's items drawn from active products by popularity x (3 in its
  favourite category); each item swapped before shipping with p .05 x e (swaps row, the new sku from its favourite
  category by popularity; shipment_items.was_swapped); delivered after 2 + Gamma(2, 1) days (p .02 lost: status
  'lost', delivered_at NULL); damaged p .04 (a support contact 'damaged' within 2 days of delivery, p .8)
- satisfaction after each box: s = .85 s + .15 x (1.5 x mean product quality of the box + .6 x share of items in its
  favourite category) - .6 if damaged or lost. TWO-HOP: product quality (products, via shipment_items) drives s
- ratings: each delivered item rated with p .12 x e, U(1, 20) days after delivery; stars round(3.3 + .8 q + .4 s +
  N(0, .8)) clipped 1-5 (q product quality N(0, 1))
- cancel hazard per month = plan base x exp(-.7 s) x (1.6 if tenure < 4 months) x (2.2 if it skipped or paused the
  month before) x (1.8 if its referrer has cancelled) x (.7 if e > 1.5), at a uniform time in the month (before the
  box if before its ship day); a 'cancel request' support contact U(.5, 6) days before with p .45 (RECENCY);
  cancellations.reason (drawn from the driver: 'too expensive' for DELUXE/PREMIUM p .5, 'not satisfied' if s < -.3,
  'gift ended', 'moving', 'other', spelt messily) FILLED IN LATER: Exp(3 days) after, 25% never;
  subscribers.cancelled_at and status 'cancelled' set then. No one comes back
- plan changes (subscribers.plan_code TODAY's): a downgrade with p .012 (.06 if s < -.5), an upgrade p .015 if s > .7
- logins Poisson(2 + 3 e) a month (x .3 while paused); subscribers.last_login_at TODAY's
- referrals: Poisson(.04 x e x (1.5 if s > 0 else .4)) sent a month; each converts with p .35 after Exp(8 days)
  (referrals.converted_at and referee_id filled later; the referee signs up then with referred_by set); a referee's
  first box costs 50%
- support contacts (acct_no): damaged, late (delivery > 7 days, p .5), billing p .01 a month, swap help p .1 per
  swap, cancel request; topic spelt messily ('Damaged item', 'damaged', 'DAMAGED ', ...); resolved_at = opened +
  Exp(1.5 days) filled later (5% never); status TODAY's ('open' / 'resolved'); csat filled at resolution (60% NULL)
- products: 150 launched before the span, 10 a month after; quality q; popularity LogNormal(0, .8); category of 8;
  discontinued (status 'discontinued', discontinued_at) with p .25 a month once its mean rating (>= 10 ratings) is
  under 3; products.avg_rating and rating_count TODAY's (denormalised); weight_g noise
- TODAY's state: subscribers.status, plan_code, last_login_at, cancelled_at; shipments.status (shipped / delivered /
  lost); products.status, avg_rating, rating_count, discontinued_at; support_contacts.status. Filled in later:
  shipments.delivered_at, support_contacts.resolved_at and csat, cancellations.reason, referrals.converted_at and
  referee_id
- keys: PKs declared on plans, subscribers, products, shipments, shipment_items; REFERENCES declared only for
  subscribers.plan_code and shipment_items.shipment_id; shipments.sub_ref (the subscriber, oddly named),
  shipment_items.sku, skips, swaps, ratings, referrals (referrer_id, referee_id), support_contacts.acct_no,
  cancellations and subscribers.referred_by keep their links undeclared; skus are text ('SKU-0042');
  acquisition_channel is messy ('Instagram', 'instagram', 'IG', 'Referral', 'referral ', NULL); favorite_color and
  tracking_no are noise
- `python boxsub.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
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
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
NM = 24
MSTART = np.array(
    [(pd.Timestamp("2023-01-01") + pd.DateOffset(months=m) - START).total_seconds() for m in range(NM + 4)]
)
MONTH_OF_YEAR = np.array([(pd.Timestamp("2023-01-01") + pd.DateOffset(months=m)).month for m in range(NM + 4)])


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def month_of(t):
    return int(np.searchsorted(MSTART, t, side="right") - 1)


CATS = np.array(["skincare", "haircare", "snacks", "coffee_tea", "candles", "wellness", "makeup", "accessories"])

# ---------------- plans
PLAN_CODE = np.array(["BX-MINI", "BX-CLASSIC", "BX-PREMIUM", "BX-DELUXE", "BX-LEGACY"])
PLAN_PRICE = np.array([15.0, 29.0, 45.0, 69.0, 25.0])
PLAN_ITEMS = np.array([2, 3, 4, 5, 3])
PLAN_BASE = np.array([0.030, 0.035, 0.045, 0.065, 0.030])
PLAN_LAUNCH = [secs("2020-03-01"), secs("2020-03-01"), secs("2021-01-15"), secs("2022-05-01"), secs("2019-06-01")]
LEGACY_RETIRED = secs("2023-06-30 23:59:59")
SIGNUP_MIX_OLD = [0.2, 0.35, 0.2, 0.1, 0.15]
SIGNUP_MIX = [0.25, 0.45, 0.2, 0.1, 0.0]

# ---------------- products
NP0 = 150
NPNEW = 10 * NM
NP = NP0 + NPNEW
p_launch = np.concatenate(
    [secs("2021-06-01") + rng.uniform(0, 570, NP0) * DAY, np.repeat(MSTART[:NM], 10) + rng.uniform(0, 27, NPNEW) * DAY]
)
p_q = rng.normal(0, 1, NP)
p_pop = np.exp(rng.normal(0, 0.8, NP))
p_cat = rng.integers(0, len(CATS), NP)
p_brand = rng.choice([f"Brand{c}" for c in "ABCDEFGHIJKLMNOP"], NP)
p_cost = np.round(np.exp(rng.normal(np.log(6), 0.5, NP)), 2)
p_weight = rng.integers(40, 900, NP)
p_disc = np.full(NP, np.inf)  # discontinued time
p_rsum = np.zeros(NP)
p_rcnt = np.zeros(NP)

# ---------------- subscribers (capacity; rows appended as they sign up)
CAP = 8000
s_signup = np.full(CAP, np.inf)
s_plan0 = np.zeros(CAP, int)
s_gift = np.zeros(CAP, bool)
s_sat = np.zeros(CAP)
s_e = np.exp(rng.normal(0, 0.5, CAP))
s_fav = rng.integers(0, len(CATS), CAP)
s_ref_by = np.full(CAP, -1)
s_chan_draw = rng.random(CAP)
s_color = rng.choice(["red", "blue", "green", "black", "pink", "none"], CAP)
s_birth = np.where(rng.random(CAP) < 0.25, np.nan, rng.integers(1960, 2005, CAP))
s_region = rng.choice(["NE", "SE", "MW", "SW", "W"], CAP, p=[0.25, 0.2, 0.2, 0.15, 0.2])
s_plan = np.zeros(CAP, int)
s_cancel = np.full(CAP, np.inf)
s_pause_until = np.full(CAP, -1)  # month index up to which (exclusive) paused
s_skipped_last = np.zeros(CAP, bool)
s_boxes = np.zeros(CAP, int)
N = 0
plan_events = []  # (sub, t, plan)
status_events = []  # (sub, t, status)
logins = []  # (sub, t)


def add_sub(t, plan, gift, ref_by=-1):
    global N
    i = N
    N += 1
    s_signup[i] = t
    s_plan0[i] = plan
    s_plan[i] = plan
    s_gift[i] = gift
    s_ref_by[i] = ref_by
    s_sat[i] = rng.normal(0, 1) if ref_by < 0 else 0.5 * s_sat[ref_by] + rng.normal(0, 0.87)
    return i


for _ in range(1400):
    add_sub(secs("2021-01-01") + rng.uniform(0, 728) * DAY, rng.choice(5, p=SIGNUP_MIX_OLD), rng.random() < 0.1)

# ---------------- rows
SH = []  # shipments: (sub, month, t_ship, t_deliv or nan, lost, amount, damaged)
IT = []  # items: (shipment, product, swapped)
SK = []  # skips: (sub, month, t_req, reason)
SW = []  # swaps: (sub, shipment, from, to, t)
RT = []  # ratings: (sub, product, t, stars)
RF = []  # referrals: (referrer, t_sent, t_conv or nan, referee or -1)
SC = []  # support: (sub, t, topic_kind, channel)
CX = []  # cancellations: (sub, t, reason_kind)
pending_ref = []  # (t_conv, referral index)
disc_events = []


def choose_items(i, k, t):
    act = (p_launch <= t) & (p_disc > t)
    w = p_pop * np.where(p_cat == s_fav[i], 3.0, 1.0) * act
    return rng.choice(NP, size=k, replace=False, p=w / w.sum())


def swap_target(i, t, exclude):
    act = (p_launch <= t) & (p_disc > t) & (p_cat == s_fav[i])
    w = p_pop * act
    w[list(exclude)] = 0
    if w.sum() == 0:
        return -1
    return rng.choice(NP, p=w / w.sum())


def contact(i, t, kind):
    SC.append((i, t, kind, rng.choice(4, p=[0.45, 0.35, 0.15, 0.05])))


for m in range(NM):
    m0, m1 = MSTART[m], MSTART[m + 1]
    moy = MONTH_OF_YEAR[m]
    # organic signups
    season = {11: 1.8, 12: 2.6, 1: 1.2}.get(moy, 1.0)
    for t in np.sort(m0 + rng.uniform(0, 1, rng.poisson(70 * season)) * (m1 - m0)):
        add_sub(t, rng.choice(5, p=SIGNUP_MIX), rng.random() < (0.5 if moy in (11, 12) else 0.05))
    # referral conversions this month
    for tc, r in sorted([p for p in pending_ref if m0 <= p[0] < m1]):
        ref = RF[r][0]
        j = add_sub(tc, rng.choice(5, p=SIGNUP_MIX), False, ref)
        RF[r] = (RF[r][0], RF[r][1], tc, j)
    pending_ref = [p for p in pending_ref if p[0] >= m1]
    # product discontinuation (by the ratings written so far)
    if RT:
        done = np.array([x[2] for x in RT]) < m0
        p_rcnt = np.bincount(np.array([x[1] for x in RT])[done], minlength=NP).astype(float)
        p_rsum = np.bincount(
            np.array([x[1] for x in RT])[done], weights=np.array([x[3] for x in RT])[done], minlength=NP
        )
    for p in np.nonzero((p_disc == np.inf) & (p_rcnt >= 10) & (p_launch < m0))[0]:
        if p_rsum[p] / p_rcnt[p] < 3.0 and rng.random() < 0.25:
            p_disc[p] = m0 + rng.uniform(0, 5) * DAY
    live = np.nonzero((s_signup[:N] < m1) & (s_cancel[:N] == np.inf))[0]
    u_c = rng.random(N)
    for i in live:
        ship_t = m0 + rng.uniform(8, 12) * DAY
        new_here = s_signup[i] >= m0
        tenure_m = (m0 - s_signup[i]) / (30.4 * DAY)
        paused = s_pause_until[i] > m
        # cancel
        h = PLAN_BASE[s_plan[i]] * np.exp(-0.7 * s_sat[i])
        h *= 1.6 if tenure_m < 4 else 1.0
        h *= 2.2 if s_skipped_last[i] else 1.0
        rb = s_ref_by[i]
        h *= 1.8 if (rb >= 0 and s_cancel[rb] < m0) else 1.0
        h *= 0.7 if s_e[i] > 1.5 else 1.0
        if s_gift[i] and 2.0 <= tenure_m < 3.0:
            h = max(h, 0.55)
        t_c = max(m0, s_signup[i]) + rng.uniform(0, 1) * (m1 - max(m0, s_signup[i]))
        cancels = (u_c[i] < h) and not new_here
        # logins
        nl = rng.poisson((2 + 3 * s_e[i]) * (0.3 if paused else 1.0))
        for t in max(m0, s_signup[i]) + rng.uniform(0, 1, nl) * (m1 - max(m0, s_signup[i])):
            if not (cancels and t > t_c):
                logins.append((i, t))
        # referrals sent
        for t in m0 + rng.uniform(0, 1, rng.poisson(0.04 * s_e[i] * (1.5 if s_sat[i] > 0 else 0.4))) * (m1 - m0):
            if t < s_signup[i] or (cancels and t > t_c):
                continue
            conv = rng.random() < 0.35
            tconv = t + rng.exponential(8) * DAY
            RF.append((i, t, np.nan, -1))
            if conv and tconv < TNOW:
                pending_ref.append((tconv, len(RF) - 1))
        # plan change
        u = rng.random()
        t_pc = m0 + rng.uniform(0, 1) * (m1 - m0)
        if t_pc > s_signup[i] and not (cancels and t_pc > t_c):
            order = [0, 4, 1, 2, 3]  # cheap to dear
            pos = order.index(s_plan[i])
            if u < (0.06 if s_sat[i] < -0.5 else 0.012) and pos > 0:
                s_plan[i] = order[pos - 1] if order[pos - 1] != 4 else 0
                plan_events.append((i, t_pc, s_plan[i]))
            elif u > 1 - (0.015 if s_sat[i] > 0.7 else 0.0) and pos < 4:
                s_plan[i] = order[pos + 1]
                plan_events.append((i, t_pc, s_plan[i]))
        # this month's box: paused, skipped, or shipped
        skipped = False
        if paused:
            skipped = True
        elif not new_here or s_signup[i] < ship_t - 2 * DAY:
            if rng.random() < 0.015 * (2 if moy in (6, 7, 8) else 1):
                k = rng.integers(1, 4)
                t_req = max(s_signup[i] + 3600, m0 - rng.uniform(0, 15) * DAY)
                for mm in range(m, m + k):
                    SK.append((i, mm, t_req, 0))
                s_pause_until[i] = m + k
                status_events.append((i, t_req, "paused"))
                status_events.append((i, MSTART[m + k], "active"))
                skipped = True
            elif rng.random() < 0.04 * (2.5 if moy in (7, 8) else 1) * (2 if s_sat[i] < 0 else 1):
                t_req = max(s_signup[i] + 3600, m0 - rng.uniform(0, 15) * DAY)
                SK.append((i, m, t_req, rng.choice([1, 2, 3])))
                skipped = True
            if not skipped and not (cancels and t_c < ship_t):
                sid = len(SH)
                items = list(choose_items(i, PLAN_ITEMS[s_plan[i]], ship_t))
                swapped = [False] * len(items)
                for j in range(len(items)):
                    if rng.random() < 0.05 * s_e[i]:
                        to = swap_target(i, ship_t, items)
                        if to >= 0:
                            t_sw = ship_t - rng.uniform(1, 6) * DAY
                            SW.append((i, sid, items[j], to, max(t_sw, s_signup[i] + 60)))
                            items[j] = to
                            swapped[j] = True
                            if rng.random() < 0.1:
                                contact(i, max(t_sw, s_signup[i] + 60) + rng.uniform(0, 2) * DAY, 3)
                lost = rng.random() < 0.02
                dtime = (2 + rng.gamma(2, 1)) * DAY
                t_del = np.nan if lost else ship_t + dtime
                damaged = (not lost) and rng.random() < 0.04
                amount = PLAN_PRICE[s_plan[i]] * (0.5 if (s_ref_by[i] >= 0 and s_boxes[i] == 0) else 1.0)
                SH.append((i, m, ship_t, t_del, lost, amount, damaged))
                s_boxes[i] += 1
                for p, sw in zip(items, swapped, strict=True):
                    IT.append((sid, p, sw))
                if damaged and rng.random() < 0.8:
                    contact(i, t_del + rng.uniform(0, 2) * DAY, 0)
                if lost:
                    contact(i, ship_t + rng.uniform(8, 12) * DAY, 0)
                elif dtime > 7 * DAY and rng.random() < 0.5:
                    contact(i, ship_t + rng.uniform(7, 8) * DAY, 1)
                # ratings
                if not lost:
                    for p in items:
                        if rng.random() < 0.12 * s_e[i]:
                            st = int(np.clip(np.round(3.3 + 0.8 * p_q[p] + 0.4 * s_sat[i] + rng.normal(0, 0.8)), 1, 5))
                            tr = t_del + rng.uniform(1, 20) * DAY
                            RT.append((i, p, tr, st))
                # satisfaction
                qbox = p_q[items].mean()
                fav = np.mean(p_cat[items] == s_fav[i])
                s_sat[i] = 0.85 * s_sat[i] + 0.15 * (1.5 * qbox + 0.6 * fav) - (0.6 if (lost or damaged) else 0.0)
        s_skipped_last[i] = skipped
        t_b = max(m0, s_signup[i]) + rng.uniform(0, 1) * (m1 - max(m0, s_signup[i]))
        if rng.random() < 0.01 and not (cancels and t_b > t_c):
            contact(i, t_b, 2)
        if cancels:
            s_cancel[i] = t_c
            status_events.append((i, t_c, "cancelled"))
            if rng.random() < 0.45:
                contact(i, max(s_signup[i] + 60, t_c - rng.uniform(0.5, 6) * DAY), 4)
            if s_gift[i] and 2.0 <= tenure_m < 3.0:
                kind = 2
            elif s_plan[i] in (2, 3) and rng.random() < 0.5:
                kind = 0
            elif s_sat[i] < -0.3:
                kind = 1
            else:
                kind = rng.choice([3, 4])
            CX.append((i, t_c, kind))

# ---------------- derived draws (all before any cut)
NSH = len(SH)
SH_sub = np.array([x[0] for x in SH])
SH_month = np.array([x[1] for x in SH])
SH_t = np.array([x[2] for x in SH])
SH_del = np.array([x[3] for x in SH])
SH_lost = np.array([x[4] for x in SH])
SH_amt = np.array([x[5] for x in SH])
SH_track = [f"1Z{rng.integers(10**9, 10**10)}" for _ in range(NSH)]
SH_carrier = rng.choice(["UPS", "USPS", "FedEx", "ups"], NSH, p=[0.4, 0.35, 0.2, 0.05])

NSC = len(SC)
SC_res = np.array([x[1] for x in SC]) + rng.exponential(1.5, NSC) * DAY
SC_res[rng.random(NSC) < 0.05] = np.nan
SC_csat = np.where(rng.random(NSC) < 0.6, np.nan, rng.integers(1, 6, NSC))
TOPICS = [
    ["Damaged item", "damaged", "DAMAGED ", "damaged item"],
    ["late delivery", "Late Delivery", "where is my box"],
    ["billing", "Billing ", "BILLING"],
    ["swap help", "Swap"],
    ["cancel request", "Cancel", "cancel"],
]
SC_topic = [TOPICS[x[2]][rng.integers(0, len(TOPICS[x[2]]))] if rng.random() > 0.03 else None for x in SC]
CHANNELS = np.array(["email", "chat", "phone", "Chat"])

NCX = len(CX)
CX_filled = np.array([x[1] for x in CX]) + rng.exponential(3, NCX) * DAY
CX_filled[rng.random(NCX) < 0.25] = np.nan
REASONS = [
    ["too expensive", "Too expensive", "too_expensive"],
    ["not satisfied", "Not satisfied"],
    ["gift ended"],
    ["moving"],
    ["other", "Other"],
]
CX_reason = [REASONS[x[2]][rng.integers(0, len(REASONS[x[2]]))] for x in CX]
CX_offer = rng.random(NCX) < 0.3

NRF = len(RF)
RF_email = [f"friend{rng.integers(10**6, 10**7)}@mail.example" for _ in range(NRF)]
RF_code = [f"REF{rng.integers(10**5, 10**6)}" for _ in range(NRF)]
SK_reason_names = np.array(["pause", "travel", "too many products", None], dtype=object)

CHAN_VALUES = ["Instagram", "instagram", "IG", "Google Ads", "google", "Facebook", "Podcast ad", None]
CHAN_P = np.array([0.12, 0.1, 0.05, 0.22, 0.08, 0.18, 0.1, 0.15])
s_chan = np.array(
    [CHAN_VALUES[np.searchsorted(np.cumsum(CHAN_P) / CHAN_P.sum(), u)] for u in s_chan_draw[:N]], dtype=object
)
for i in range(N):
    if s_ref_by[i] >= 0:
        s_chan[i] = "Referral" if s_chan_draw[i] < 0.6 else "referral "
s_email = [f"sub{i + 1}@mail.example" for i in range(N)]

# ---------------- tables as they stood at CUT
sub_keep = s_signup[:N] <= T
plan_cut = s_plan0[:N].copy()
for i, t, p in sorted(plan_events, key=lambda x: x[1]):
    if t <= T:
        plan_cut[i] = p
status_cut = np.array(["active"] * N, dtype=object)
for i, t, st in sorted(status_events, key=lambda x: x[1]):
    if t <= T and status_cut[i] != "cancelled":
        status_cut[i] = st
cancel_cut = np.where(s_cancel[:N] <= T, s_cancel[:N], np.nan)
last_login = np.full(N, np.nan)
for i, t in logins:
    if t <= T and t >= s_signup[i] and (np.isnan(last_login[i]) or t > last_login[i]):
        last_login[i] = t
subscribers = pd.DataFrame(
    {
        "subscriber_id": np.arange(1, N + 1),
        "email": s_email,
        "plan_code": PLAN_CODE[plan_cut],
        "status": status_cut,
        "signup_at": ts(s_signup[:N]),
        "is_gift": s_gift[:N],
        "acquisition_channel": s_chan,
        "referred_by": pd.array(np.where(s_ref_by[:N] >= 0, s_ref_by[:N] + 1, -1), dtype="Int64"),
        "region": s_region[:N],
        "birth_year": s_birth[:N],
        "favorite_color": s_color[:N],
        "last_login_at": ts(last_login),
        "cancelled_at": ts(cancel_cut),
    }
)
subscribers.loc[subscribers.referred_by == -1, "referred_by"] = pd.NA
subscribers = subscribers[sub_keep]

plans = pd.DataFrame(
    {
        "plan_code": PLAN_CODE,
        "name": ["Mini", "Classic", "Premium", "Deluxe", "Legacy Classic"],
        "monthly_price": PLAN_PRICE,
        "items_per_box": PLAN_ITEMS,
        "launched_on": [ts([t])[0].date() for t in PLAN_LAUNCH],
        "available": [True, True, True, True, not (LEGACY_RETIRED <= T)],
    }
)

R_p = np.array([x[1] for x in RT])
R_t = np.array([x[2] for x in RT])
R_st = np.array([x[3] for x in RT])
rk = R_t <= T
cnt = np.bincount(R_p[rk], minlength=NP)
ssum = np.bincount(R_p[rk], weights=R_st[rk], minlength=NP)
pkeep = p_launch <= T
products = pd.DataFrame(
    {
        "sku": [f"SKU-{p + 1:04d}" for p in range(NP)],
        "name": [f"{CATS[c].replace('_', ' ').title()} item {p + 1}" for p, c in enumerate(p_cat)],
        "category": CATS[p_cat],
        "brand": p_brand,
        "unit_cost": p_cost,
        "weight_g": p_weight,
        "launched_at": ts(p_launch),
        "status": np.where(p_disc <= T, "discontinued", "active"),
        "discontinued_at": ts(np.where(p_disc <= T, p_disc, np.nan)),
        "avg_rating": np.where(cnt > 0, np.round(ssum / np.maximum(cnt, 1), 2), np.nan),
        "rating_count": cnt,
    }
)[pkeep]

shk = SH_t <= T
delivered = ~np.isnan(SH_del) & (SH_del <= T)
shipments = pd.DataFrame(
    {
        "shipment_id": np.arange(1, NSH + 1),
        "sub_ref": SH_sub + 1,
        "box_month": [ts([MSTART[m]])[0].date() for m in SH_month],
        "shipped_at": ts(SH_t),
        "carrier": SH_carrier,
        "tracking_no": SH_track,
        "amount_charged": SH_amt,
        "status": np.where(delivered, "delivered", np.where(SH_lost & (SH_t + 14 * DAY <= T), "lost", "shipped")),
        "delivered_at": ts(np.where(delivered, SH_del, np.nan)),
    }
)[shk]

I_sh = np.array([x[0] for x in IT])
shipment_items = pd.DataFrame(
    {
        "item_id": np.arange(1, len(IT) + 1),
        "shipment_id": I_sh + 1,
        "sku": [f"SKU-{x[1] + 1:04d}" for x in IT],
        "was_swapped": [x[2] for x in IT],
    }
)[shk[I_sh]]

SK_t = np.array([x[2] for x in SK])
skips = pd.DataFrame(
    {
        "skip_id": np.arange(1, len(SK) + 1),
        "subscriber_id": [x[0] + 1 for x in SK],
        "box_month": [ts([MSTART[x[1]]])[0].date() for x in SK],
        "requested_at": ts(SK_t),
        "reason": SK_reason_names[[x[3] for x in SK]],
    }
)[SK_t <= T]

SW_t = np.array([x[4] for x in SW])
swaps = pd.DataFrame(
    {
        "swap_id": np.arange(1, len(SW) + 1),
        "subscriber_id": [x[0] + 1 for x in SW],
        "shipment_id": [x[1] + 1 for x in SW],
        "from_sku": [f"SKU-{x[2] + 1:04d}" for x in SW],
        "to_sku": [f"SKU-{x[3] + 1:04d}" for x in SW],
        "requested_at": ts(SW_t),
    }
)[SW_t <= T]

ratings = pd.DataFrame(
    {
        "rating_id": np.arange(1, len(RT) + 1),
        "subscriber_id": [x[0] + 1 for x in RT],
        "sku": [f"SKU-{p + 1:04d}" for p in R_p],
        "stars": R_st,
        "rated_at": ts(R_t),
    }
).iloc[np.argsort(R_t, kind="stable")]
ratings = ratings[np.sort(R_t, kind="stable") <= T]

RF_t = np.array([x[1] for x in RF])
RF_conv = np.array([x[2] for x in RF])
conv_known = ~np.isnan(RF_conv) & (RF_conv <= T)
referrals = pd.DataFrame(
    {
        "referral_id": np.arange(1, NRF + 1),
        "referrer_id": [x[0] + 1 for x in RF],
        "invitee_email": RF_email,
        "code": RF_code,
        "sent_at": ts(RF_t),
        "converted_at": ts(np.where(conv_known, RF_conv, np.nan)),
        "referee_id": pd.array([x[3] + 1 if k else None for x, k in zip(RF, conv_known, strict=True)], dtype="Int64"),
    }
)[RF_t <= T]

SC_t = np.array([x[1] for x in SC])
res_known = ~np.isnan(SC_res) & (SC_res <= T)
support_contacts = pd.DataFrame(
    {
        "contact_id": np.arange(1, NSC + 1),
        "acct_no": [x[0] + 1 for x in SC],
        "opened_at": ts(SC_t),
        "channel": CHANNELS[[x[3] for x in SC]],
        "topic": SC_topic,
        "status": np.where(res_known, "resolved", "open"),
        "resolved_at": ts(np.where(res_known, SC_res, np.nan)),
        "csat": np.where(res_known, SC_csat, np.nan),
    }
).iloc[np.argsort(SC_t, kind="stable")]
support_contacts = support_contacts[np.sort(SC_t, kind="stable") <= T]

CX_t = np.array([x[1] for x in CX])
fill_known = ~np.isnan(CX_filled) & (CX_filled <= T)
cancellations = pd.DataFrame(
    {
        "cancellation_id": np.arange(1, NCX + 1),
        "subscriber_id": [x[0] + 1 for x in CX],
        "cancelled_at": ts(CX_t),
        "reason": [r if k else None for r, k in zip(CX_reason, fill_known, strict=True)],
        "winback_offered": CX_offer,
    }
)[CX_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE plans (plan_code VARCHAR PRIMARY KEY, name VARCHAR, monthly_price DOUBLE, items_per_box INTEGER,
                    launched_on DATE, available BOOLEAN);
CREATE TABLE subscribers (subscriber_id INTEGER PRIMARY KEY, email VARCHAR, plan_code VARCHAR REFERENCES plans(plan_code),
                          status VARCHAR, signup_at TIMESTAMP, is_gift BOOLEAN, acquisition_channel VARCHAR,
                          referred_by INTEGER, region VARCHAR, birth_year DOUBLE, favorite_color VARCHAR,
                          last_login_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE products (sku VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, brand VARCHAR, unit_cost DOUBLE,
                       weight_g INTEGER, launched_at TIMESTAMP, status VARCHAR, discontinued_at TIMESTAMP,
                       avg_rating DOUBLE, rating_count INTEGER);
CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, sub_ref INTEGER, box_month DATE, shipped_at TIMESTAMP,
                        carrier VARCHAR, tracking_no VARCHAR, amount_charged DOUBLE, status VARCHAR,
                        delivered_at TIMESTAMP);
CREATE TABLE shipment_items (item_id INTEGER PRIMARY KEY, shipment_id INTEGER REFERENCES shipments(shipment_id),
                             sku VARCHAR, was_swapped BOOLEAN);
CREATE TABLE skips (skip_id INTEGER, subscriber_id INTEGER, box_month DATE, requested_at TIMESTAMP, reason VARCHAR);
CREATE TABLE swaps (swap_id INTEGER, subscriber_id INTEGER, shipment_id INTEGER, from_sku VARCHAR, to_sku VARCHAR,
                    requested_at TIMESTAMP);
CREATE TABLE ratings (rating_id INTEGER, subscriber_id INTEGER, sku VARCHAR, stars INTEGER, rated_at TIMESTAMP);
CREATE TABLE referrals (referral_id INTEGER, referrer_id INTEGER, invitee_email VARCHAR, code VARCHAR,
                        sent_at TIMESTAMP, converted_at TIMESTAMP, referee_id INTEGER);
CREATE TABLE support_contacts (contact_id INTEGER, acct_no INTEGER, opened_at TIMESTAMP, channel VARCHAR,
                               topic VARCHAR, status VARCHAR, resolved_at TIMESTAMP, csat DOUBLE);
CREATE TABLE cancellations (cancellation_id INTEGER, subscriber_id INTEGER, cancelled_at TIMESTAMP, reason VARCHAR,
                            winback_offered BOOLEAN);
""")
for name, df in [
    ("plans", plans[[pd.Timestamp(d) <= CUT for d in plans.launched_on]]),
    ("subscribers", subscribers),
    ("products", products),
    ("shipments", shipments),
    ("shipment_items", shipment_items),
    ("skips", skips),
    ("swaps", swaps),
    ("ratings", ratings),
    ("referrals", referrals),
    ("support_contacts", support_contacts),
    ("cancellations", cancellations),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
