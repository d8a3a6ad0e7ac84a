"""A museum and its membership program (members, one membership term per paid year, ticket scans at the door,
exhibitions announced ahead, events with registrations, donations, shop orders and lines, email campaigns and opens),
seeded: `python benchmarks/trials/museum.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 4,000 members, 13.2k membership terms, 56
exhibitions, 54.1k visits, 351 events, 16.4k event registrations, 7.8k donations, 13.1k shop orders, 23.6k order
lines, 102 email campaigns, 45.1k email opens (177,769 rows, about 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: membership_terms.start_date / end_date (a term paid early starts at the old
term's end; end_date = start + 365 days, set at payment), exhibitions.opens_on / closes_on (announced 60-150 days
ahead: exhibitions announced by NOW that open in 2025 are there), events.starts_at (announced 14-60 days ahead) and
event_registrations for events after NOW. Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- calendar: closed Mondays, Thanksgiving, Dec 25 and Jan 1; weekday factor Tue .75 Wed .8 Thu .85 Fri 1 Sat 1.7
  Sun 1.5; month Jan .8 Feb .85 Jul/Aug 1.1 Sep .9 Nov .95 Dec 1.05; school holidays (winter/spring break,
  Jun 22-Sep 3, Dec 20-Jan 3) x1.5 for the public, x1.8 for family members, x1.2 for other members
- exhibitions (5 galleries, back to back, 6-16 weeks, 2-5 week install gaps, from mid-2022 into 2025): appeal
  LogNormal(-.3, .6), one blockbuster a year x2.5 (hidden); boost x1.8 the first 10 days, x1.5 the last 14 ("last
  chance"); exhibition factor F(d) = 1 + .3 sum(appeal x boost) over the exhibitions open that day; category of 6
  stored messy ('Modern Art', 'modern art', 'MODERN ART ', 'Photography', 'photo', ...); exhibitions.status and
  total_visitors TODAY's (a counter kept up to date); curator noise
- members: 2,500 joined 2012-2022 (their current term started in the year before 2023, earlier terms back to their
  join or 2019 (older terms not migrated), all consecutive), 1,500 join during the span on days drawn by season x F(d)^1.2 (exhibitions drive joins);
  engagement e ~ N(0, 1) (hidden); home_region messy ('City', 'city', 'CITY ', 'Suburbs', 'suburban', 'Regional',
  'Out of State', 'out-of-state', 4% NULL) with visit factor city 1.6 / suburbs 1 / regional .5 / out of state .25;
  favourite exhibition category (hidden: x1.6 visits while one of it is open, x2.2 events of it); moves away
  (hidden) with hazard 1/2500 a day: no visits, events, donations, opens, renewals after; email_opt_in 75%;
  postcode and card_no noise
- membership levels individual .45 / dual .25 / family .25 / patron .05 at join; prices 75/110/140/500 until
  2024-06-30, 85/125/155/550 from 2024-07-01; at renewal 8% move up a level, 5% down
- renewal: decided 31 days before the term's end: p = sigmoid(-.3 + .7 e + .6 log1p(visits in the last 365 days)
  + .5 events attended in the last 365 days + 1.8 auto_renew + .3 patron - .6 (end after 2024-07-01: price rise)
  - .4 out of state), 0 after a move. auto_renew members pay on the end day (7% card failures: auto_renew turned off,
  then decided as manual); manual renewers pay at end + U(-30, 0) (35%), U(0, 30) (45%), U(30, 60) (15%),
  U(60, 120) (5%: a rejoin, the term starts on the payment day, else it is backdated to the old end); lapsed
  members rejoin with hazard exp(.5 e)/700 a day from 90 days after their end
- members.level, renewal_date (= the latest paid term's end_date), status ('active' before renewal_date,
  'grace' for 60 days after, then 'lapsed'), auto_renew, last_visit_at, lifetime_visits are TODAY's; auto_renew is
  35% on at join, turned off with hazard 1/900 a day, turned on at a manual renewal with p .15
- visits (ticket scans): a member visits with rate 2/365 x exp(.6 e) x region x level (family 1.4, dual 1.15,
  patron 1.3) x calendar x F(d)^.7 x favourite; x.25 once lapsed (ticket 'adult', still scanned with member_id);
  members in their 60-day grace scan as 'member'; the public: Poisson(12 x calendar x F(d)) a day (member_id NULL,
  ticket adult/child/senior/student), school groups Poisson(1.1) on term-time Tue-Fri (party 15-40); a visit carries
  the exhibition_code (text, undeclared) with p S/(1+S), S the open exhibitions' appeal x boost (x2 favourite);
  gate noise
- events (~.5 an open day: lecture 18:00, workshop 11:00, family tour 14:00; member preview the evening before each
  opening, capacity 300, free); topic = a current exhibition's category; registrations arrive with lead Exp(10 days)
  before the start while announced: members with weight exp(.9 e) x 2.2 favourite topic x region (active 1, lapsed
  .2), the public (member_ref NULL, guest_email); cancelled 7% (cancelled_at filled later); attended = p
  sigmoid(1.4 + .6 e - .015 lead days) filled in at the event (NULL before; FALSE when cancelled), checked_in_at filled
  later; events.registered_count TODAY's
- donations: member hazard .5/365 x g (LogNormal(0, 1), hidden) x (patron 3, lapsed .5) x month (Nov 1.5, Dec 3.5,
  Giving Tuesday x15); amount LogNormal(log 40 + .6 log g + 1.2 patron, .8) rounded to 5; the public 1.2 a day;
  fund messy ('Annual Fund', 'annual fund', 'ANNUAL FUND ', 'Acquisitions', 'Education', 'education')
- shop: in-store orders at 18% of member visits (10% discount) and 12% of public visits, online orders by members
  .3/365 x (Dec 3) and the public 3 a day (x3 Dec); 1-4 lines (category messy: 'Books', 'books', 'Prints & Posters',
  'prints', 'Jewelry', 'Jewellery', 'Kids', 'toys', 'Homeware'); shop_orders.status TODAY's ('completed' /
  'returned', 4% returned U(2, 30) days later, returned_at filled later); total_usd = the lines' sum
- email: a newsletter every 21 days, an exhibition announcement 3 days after each announcement, a monthly events
  digest, 3 donation appeals a year (Nov-Dec); sent to opted-in members joined and not lapsed for a year; opened with
  p sigmoid(-1.5 + .8 e + .4 favourite) (x0 after a move) Exp(1 day) after sending (email_opens has no PK)
- keys: PKs declared on members, membership_terms, exhibitions (exhibition_code VARCHAR 'EXH-23-04'), events,
  event_registrations, donations, shop_orders, email_campaigns; REFERENCES only membership_terms.member_id,
  event_registrations.event_id, order_lines.order_id. Undeclared: visits.member_id, visits.exhibition_code (text),
  events.exhibition_code, event_registrations.member_ref (-> members.member_id), donations.donor_member_id,
  shop_orders.member_id, email_campaigns.exhibition_code, email_opens (campaign_id, member_id); order_lines and
  email_opens have no PK
- `python museum.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out (terms by paid_at,
  exhibitions/events by announced_at, registrations by registered_at, campaigns by sent_at) and every today's-state
  and filled-later column is as it stood at DATE (exact)
"""

import os
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
NDX = ND + 200  # calendar beyond NOW (events, exhibitions written ahead)


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def dayi(t) -> int:
    return (pd.Timestamp(t) - START).days


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


# ---------------- calendar
days = pd.date_range(START, periods=NDX, freq="D")
DOW = days.day_of_week.values
MONTH = np.array([0.8, 0.85, 1, 1, 1, 1, 1.1, 1.1, 0.9, 1, 0.95, 1.05])[days.month.values - 1]
WEEKDAY = np.array([0.0, 0.75, 0.8, 0.85, 1.0, 1.7, 1.5])[DOW]
closed = DOW == 0
for d in ["2023-11-23", "2024-11-28", "2023-12-25", "2024-12-25", "2023-01-01", "2024-01-01", "2025-01-01"]:
    closed[dayi(d)] = True
HOL = np.zeros(NDX, bool)
for a, b in [
    ("2023-01-01", "2023-01-03"),
    ("2023-02-18", "2023-02-26"),
    ("2023-04-01", "2023-04-16"),
    ("2023-06-24", "2023-09-04"),
    ("2023-12-20", "2024-01-03"),
    ("2024-02-17", "2024-02-25"),
    ("2024-03-23", "2024-04-07"),
    ("2024-06-22", "2024-09-02"),
    ("2024-12-20", "2025-01-03"),
    ("2025-02-15", "2025-02-23"),
]:
    HOL[dayi(a) : dayi(b) + 1] = True
CAL = np.where(closed, 0.0, MONTH * WEEKDAY)
GIVING_TUE = {dayi("2023-11-28"), dayi("2024-12-03")}

# ---------------- exhibitions
CATS = ["modern", "photo", "ancient", "natural", "design", "masters"]
XMESSY = {
    "modern": ["Modern Art", "modern art", "MODERN ART "],
    "photo": ["Photography", "photo", "Photography "],
    "ancient": ["Ancient History", "ancient history", "Antiquities"],
    "natural": ["Natural History", "natural history", "NATURAL HISTORY"],
    "design": ["Design", "design", "Design & Architecture"],
    "masters": ["Old Masters", "old masters", "OLD MASTERS"],
}
X = dict(gal=[], open=[], close=[], ann=[], cat=[], appeal=[], label=[], curator=[])
for g in range(5):
    t = dayi("2022-05-01") + int(rng.integers(0, 60))
    while t < dayi("2025-06-30"):
        dur = int(rng.integers(6, 17)) * 7
        X["gal"].append(g)
        X["open"].append(t)
        X["close"].append(t + dur)
        X["ann"].append(t - rng.uniform(60, 150))
        c = int(rng.integers(0, 6))
        X["cat"].append(c)
        X["appeal"].append(float(np.exp(rng.normal(-0.3, 0.6))))
        X["label"].append(rng.choice(XMESSY[CATS[c]]) if rng.random() < 0.4 else XMESSY[CATS[c]][0])
        X["curator"].append(rng.choice(["A. Reyes", "M. Chen", "L. Okafor", "J. Berg", "S. Patel"]))
        t += dur + int(rng.integers(14, 36))
XO = np.argsort(X["open"], kind="stable")
X = {k: np.array(v)[XO] for k, v in X.items()}
NX = len(X["open"])
X_year = (START + pd.to_timedelta(X["open"], unit="D")).year
for y in np.unique(X_year):
    idx = np.nonzero(X_year == y)[0]
    X["appeal"][rng.choice(idx)] *= 2.5  # the year's blockbuster
X_code = []
cnt = {}
for i in range(NX):
    y = int(X_year[i]) % 100
    cnt[y] = cnt.get(y, 0) + 1
    X_code.append(f"EXH-{y:02d}-{cnt[y]:02d}")
X_code = np.array(X_code)
# boost per (exhibition, day)
BOOST = np.zeros((NX, NDX))
for i in range(NX):
    o, c = X["open"][i], X["close"][i]
    for d in range(max(0, o), min(NDX, c)):
        b = 1.8 if d - o < 10 else (1.5 if c - d <= 14 else 1.0)
        BOOST[i, d] = X["appeal"][i] * b
F = 1 + 0.3 * BOOST.sum(0)
X_openmask = BOOST > 0
CAT_OPEN = np.zeros((6, NDX), bool)
for i in range(NX):
    CAT_OPEN[X["cat"][i]] |= X_openmask[i]

# ---------------- members
N_OLD, N_NEW = 2500, 1500
NM = N_OLD + N_NEW
m_e = rng.normal(0, 1, NM)
REG = ["city", "suburbs", "regional", "out"]
REG_F = np.array([1.6, 1.0, 0.5, 0.25])
RMESSY = {
    "city": ["City", "city", "CITY "],
    "suburbs": ["Suburbs", "suburban", "Suburbs"],
    "regional": ["Regional", "regional"],
    "out": ["Out of State", "out-of-state"],
}
m_reg = rng.choice(4, NM, p=[0.35, 0.35, 0.2, 0.1])
m_reg_s = np.array([rng.choice(RMESSY[REG[r]]) if rng.random() < 0.35 else RMESSY[REG[r]][0] for r in m_reg], object)
m_reg_s[rng.random(NM) < 0.04] = None
m_fav = rng.integers(0, 6, NM)
m_g = np.exp(rng.normal(0, 1, NM))
m_opt = rng.random(NM) < 0.75
LEVELS = np.array(["individual", "dual", "family", "patron"])
LMESSY = {
    "individual": ["Individual", "individual", "INDIV"],
    "dual": ["Dual", "dual", "DUAL"],
    "family": ["Family", "family", "FAMILY"],
    "patron": ["Patron", "patron circle", "PATRON"],
}
LVL_F = np.array([1.0, 1.15, 1.4, 1.3])
PRICE0 = np.array([75.0, 110, 140, 500])
PRICE1 = np.array([85.0, 125, 155, 550])
m_lvl = rng.choice(4, NM, p=[0.45, 0.25, 0.25, 0.05])
m_move = np.where(rng.random(NM) < 1 - np.exp(-ND / 2500), rng.uniform(0, ND, NM), np.inf)  # day index
# joins
join_w = np.where(closed[:ND], 0.0, MONTH[:ND] * np.maximum(WEEKDAY[:ND], 0.5) * F[:ND] ** 1.2)
m_join = np.empty(NM)
m_join[:N_OLD] = np.sort(secs("2012-01-01") + rng.uniform(0, secs("2022-12-31") - secs("2012-01-01"), N_OLD))
nd_join = np.sort(rng.choice(ND, N_NEW, p=join_w / join_w.sum()))
m_join[N_OLD:] = nd_join * DAY + rng.uniform(10, 17, N_NEW) * 3600
m_join_d = np.floor(m_join / DAY).astype(int)
m_move = np.where(m_move < m_join_d + 30, np.inf, m_move)
m_post = [f"{rng.integers(10000, 99999)}" for _ in range(NM)]
m_card = [f"C{rng.integers(10**7, 10**8)}" for _ in range(NM)]

# term rows: (member, level, paid_at secs, start_day, end_day, channel, auto)
TR = []
chan_manual = ["online", "Online", "front desk", "Front Desk", "phone"]
term_end = np.zeros(NM, int)
cur_lvl = m_lvl.copy()
for m in range(N_OLD):
    s0 = -int(rng.integers(1, 366))
    jd = m_join_d[m]
    n_prior = max(0, min((s0 - jd) // 365, (s0 - dayi("2019-01-01")) // 365))  # older terms not migrated
    for k in range(n_prior, 0, -1):
        s = s0 - 365 * k
        TR.append((m, m_lvl[m], s * DAY - rng.uniform(0, 20) * DAY + 12 * 3600, s, s + 365, rng.choice(chan_manual)))
    TR.append((m, m_lvl[m], s0 * DAY - rng.uniform(0, 20) * DAY + 12 * 3600, s0, s0 + 365, rng.choice(chan_manual)))
    term_end[m] = s0 + 365
m_auto = rng.random(NM) < 0.35
auto_ev = [[(-1e12, bool(m_auto[m]))] for m in range(NM)]  # (time, value) history
auto_off_u = rng.random((ND, NM))  # daily toggles
joined = np.zeros(NM, bool)
joined[:N_OLD] = True
decided = np.zeros(NM, bool)
pay_day = np.full(NM, -1)
pay_start = np.zeros(NM, int)
pay_auto = np.zeros(NM, bool)
lapsed_since = np.full(NM, np.inf)  # day index of end (not renewed)
rejoin_u = rng.random((ND, NM))
pre_rate = 2.0 / 365 * np.exp(0.6 * m_e) * REG_F[m_reg] * LVL_F[m_lvl] * 0.95 * 1.1
pre_visits = rng.poisson(pre_rate * 365)  # visits in the year before START (for renewal decisions)
visit_days = np.zeros((ND, NM), np.int16)
att_hist = [[] for _ in range(NM)]

# events
EV = dict(day=[], kind=[], start=[], ann=[], cap=[], price=[], topic=[], xi=[])
for d in range(0, NDX - 60):
    if closed[d]:
        continue
    for _ in range(rng.poisson(0.5)):
        kind = rng.choice(["lecture", "workshop", "family tour"], p=[0.45, 0.3, 0.25])
        hour = {"lecture": 18.0, "workshop": 11.0, "family tour": 14.0}[kind]
        cur = [i for i in range(NX) if X["open"][i] <= d < X["close"][i]]
        xi = int(rng.choice(cur)) if cur and rng.random() < 0.7 else -1
        topic = int(X["cat"][xi]) if xi >= 0 else int(rng.integers(0, 6))
        cap = {"lecture": rng.integers(80, 151), "workshop": rng.integers(15, 26), "family tour": rng.integers(20, 31)}
        price = {"lecture": 15.0, "workshop": 45.0, "family tour": 10.0}[kind]
        EV["day"].append(d)
        EV["kind"].append(kind)
        EV["start"].append(d * DAY + hour * 3600)
        EV["ann"].append(d * DAY + hour * 3600 - rng.uniform(14, 60) * DAY)
        EV["cap"].append(int(cap[kind]))
        EV["price"].append(price)
        EV["topic"].append(topic)
        EV["xi"].append(xi)
for i in range(NX):  # member preview the evening before each opening
    d = X["open"][i] - 1
    if d < 0 or d >= NDX - 60:
        continue
    EV["day"].append(d)
    EV["kind"].append("member preview")
    EV["start"].append(d * DAY + 18.5 * 3600)
    EV["ann"].append(X["ann"][i] * DAY + 5 * DAY)
    EV["cap"].append(300)
    EV["price"].append(0.0)
    EV["topic"].append(int(X["cat"][i]))
    EV["xi"].append(i)
EO = np.argsort(EV["start"], kind="stable")
EV = {k: np.array(v)[EO] for k, v in EV.items()}
NE = len(EV["start"])
E_fill = np.clip(
    rng.beta(3, 2, NE) * np.where(EV["xi"] >= 0, 0.8 + 0.4 * np.minimum(X["appeal"][EV["xi"]], 2), 1), 0, 1
)
E_fill = np.where(EV["kind"] == "member preview", 0.35 + 0.15 * np.minimum(X["appeal"][EV["xi"]], 3), E_fill)
# expected member registrations per day while announced: capacity x fill x .7 spread by lead Exp(10)
RG = dict(ev=[], m=[], t=[], guest=[], att=[], cancel=[])


def register(k, m, t0, guest):
    t = max(t0 + rng.uniform(7, 23) * 3600, EV["ann"][k] + 60)
    st_ = EV["start"][k]
    cancel = t + rng.uniform(0, 1) * (st_ - t) if rng.random() < 0.07 else np.nan
    e = m_e[m] if m >= 0 else 0.0
    att = (rng.random() < sig(1.4 + 0.6 * e - 0.015 * (st_ - t) / DAY)) and np.isnan(cancel)
    if m >= 0 and m_move[m] * DAY < st_:
        att = False
    if att and m >= 0:
        att_hist[m].append(EV["day"][k])
    RG["ev"].append(k)
    RG["m"].append(m)
    RG["t"].append(t)
    RG["guest"].append(guest)
    RG["att"].append(att)
    RG["cancel"].append(cancel)


V = dict(m=[], t=[], tt=[], party=[], x=[])
DN = dict(m=[], t=[])
ONL = dict(m=[], t=[])
TTYPES = np.array(["adult", "child", "senior", "student"])

for d in range(ND):
    t0 = d * DAY
    # joins today
    newj = (m_join_d == d) & ~joined
    for m in np.nonzero(newj)[0]:
        c = "online" if rng.random() < 0.5 else rng.choice(chan_manual)
        TR.append((m, cur_lvl[m], m_join[m], d, d + 365, c))
        term_end[m] = d + 365
    joined |= newj
    alive = joined & (m_move > d)
    # auto_renew off toggles
    off = m_auto & alive & (auto_off_u[d] < 1 / 900)
    for m in np.nonzero(off)[0]:
        auto_ev[m].append((t0 + 15 * 3600, False))
    m_auto &= ~off
    # renewal payments due today
    for m in np.nonzero(pay_day == d)[0]:
        up = rng.random()
        lv = cur_lvl[m]
        if up < 0.08 and lv < 3:
            lv += 1
        elif up < 0.13 and lv > 0:
            lv -= 1
        cur_lvl[m] = lv
        pt = t0 + rng.uniform(9, 21) * 3600
        c = "auto-renew" if pay_auto[m] else rng.choice(chan_manual)
        TR.append((m, lv, pt, pay_start[m], pay_start[m] + 365, c))
        term_end[m] = pay_start[m] + 365
        decided[m] = False
        pay_day[m] = -1
        lapsed_since[m] = np.inf
        if not pay_auto[m] and not m_auto[m] and rng.random() < 0.15:
            m_auto[m] = True
            auto_ev[m].append((pt + 60, True))
    # renewal decisions 31 days before the end
    for m in np.nonzero(joined & ~decided & (term_end - 31 <= d) & np.isinf(lapsed_since))[0]:
        decided[m] = True
        lo = max(0, d - 365)
        v365 = int(visit_days[lo:d, m].sum()) + pre_visits[m] * max(0, 365 - d) / 365
        att = sum(1 for x in att_hist[m] if x > d - 365)
        end = term_end[m]
        p = sig(
            -0.3
            + 0.7 * m_e[m]
            + 0.6 * np.log1p(v365)
            + 0.5 * att
            + 1.8 * m_auto[m]
            + 0.3 * (cur_lvl[m] == 3)
            - 0.6 * (end >= dayi("2024-07-01"))
            - 0.4 * (m_reg[m] == 3)
        )
        if m_move[m] <= end + 60:
            p = 0.0
        if rng.random() < p:
            if m_auto[m] and rng.random() < 0.93:
                off_ = 0
                pay_auto[m] = True
            else:
                if m_auto[m]:
                    auto_ev[m].append((end * DAY + 6 * 3600, False))
                    m_auto[m] = False
                pay_auto[m] = False
                r = rng.random()
                off_ = int(
                    rng.uniform(-30, 0)
                    if r < 0.35
                    else rng.uniform(0, 30)
                    if r < 0.8
                    else rng.uniform(30, 60)
                    if r < 0.95
                    else rng.uniform(60, 120)
                )
            pay_day[m] = max(end + off_, d + 1)
            pay_start[m] = end if off_ <= 60 else pay_day[m]
        else:
            lapsed_since[m] = end
            if m_auto[m]:
                auto_ev[m].append((end * DAY + 6 * 3600, False))
                m_auto[m] = False
    # rejoin of lapsed members
    rj = alive & (lapsed_since + 90 <= d) & (rejoin_u[d] < np.exp(0.5 * m_e) / 700) & (pay_day < 0)
    for m in np.nonzero(rj)[0]:
        pay_day[m] = d + 1
        pay_start[m] = d + 1
        pay_auto[m] = False
    # member status today: 0 none, 1 member (incl. 60-day grace), 2 lapsed
    inmem = alive & ((term_end + 60 > d) | (pay_day >= 0))
    st = np.where(inmem, 1, np.where(alive, 2, 0))
    # visits
    fav_open = CAT_OPEN[m_fav, d]
    hol = np.where(cur_lvl == 2, 1.8, 1.2) if HOL[d] else 1.0
    rate = (
        2.0
        / 365
        * np.exp(0.6 * m_e)
        * REG_F[m_reg]
        * LVL_F[cur_lvl]
        * CAL[d]
        * hol
        * F[d] ** 0.7
        * np.where(fav_open, 1.6, 1.0)
        * np.where(st == 1, 1.0, np.where(st == 2, 0.25, 0.0))
    )
    nv = rng.poisson(rate)
    vm = np.repeat(np.arange(NM), nv)
    visit_days[d] += nv.astype(np.int16)
    npub = rng.poisson(12 * CAL[d] * F[d] * (1.5 if HOL[d] else 1.0))
    ngrp = rng.poisson(1.1) if (1 <= DOW[d] <= 4 and not HOL[d] and not closed[d]) else 0
    n = len(vm) + npub + ngrp
    if n:
        who = np.concatenate([vm, np.full(npub + ngrp, -1)])
        tt = np.concatenate(
            [
                np.where(st[vm] == 1, "member", "adult"),
                rng.choice(TTYPES, npub, p=[0.55, 0.2, 0.15, 0.1]),
                np.full(ngrp, "school group"),
            ]
        )
        party = np.concatenate(
            [
                np.where(
                    cur_lvl[vm] == 2,
                    rng.integers(1, 5, len(vm)),
                    np.where(cur_lvl[vm] == 0, 1, rng.integers(1, 3, len(vm))),
                ),
                rng.choice([1, 1, 2, 2, 3, 4], npub),
                rng.integers(15, 41, ngrp),
            ]
        )
        xs = np.full(n, -1)
        cur = np.nonzero(X_openmask[:, d])[0]
        if len(cur):
            w = BOOST[cur, d]
            favm = np.zeros((n, len(cur)), bool)
            mm = who >= 0
            favm[mm] = m_fav[who[mm]][:, None] == X["cat"][cur][None, :]
            W = w[None, :] * np.where(favm, 2.0, 1.0)
            S = W.sum(1)
            pick = rng.random(n) < S / (1 + S)
            cw = np.cumsum(W, 1) / S[:, None]
            j = (rng.random(n)[:, None] > cw).sum(1)
            xs = np.where(pick, cur[np.minimum(j, len(cur) - 1)], -1)
        V["m"].append(who)
        V["t"].append(t0 + rng.uniform(10, 17, n) * 3600)
        V["tt"].append(tt)
        V["party"].append(party)
        V["x"].append(xs)
    # event registrations arriving today
    open_ev = np.nonzero((EV["ann"] < t0 + DAY) & (EV["start"] > t0))[0]
    wmem = np.exp(0.9 * m_e) * np.maximum(REG_F[m_reg], 0.5) * np.where(st == 1, 1.0, np.where(st == 2, 0.2, 0.0))
    for k in open_ev:
        lead = (EV["start"][k] - t0) / DAY
        span = (EV["start"][k] - EV["ann"][k]) / DAY
        share = np.exp(-lead / 10) / 10 / max(1 - np.exp(-span / 10), 0.2)
        mu = EV["cap"][k] * E_fill[k] * share
        members_only = EV["kind"][k] == "member preview"
        nmem = rng.poisson(mu * (1.0 if members_only else 0.7))
        ngue = 0 if members_only else rng.poisson(mu * 0.3)
        if nmem:
            w = wmem * np.where(m_fav == EV["topic"][k], 2.2, 1.0)
            if EV["kind"][k] == "family tour":
                w = w * np.where(cur_lvl == 2, 3.0, 0.5)
            chosen = rng.choice(NM, nmem, p=w / w.sum())
            for m in chosen:
                register(k, m, t0, None)
        for _ in range(ngue):
            register(k, -1, t0, f"guest{rng.integers(10**5, 10**6)}@mail.example")
    # donations and online orders
    dmul = {11: 1.5, 12: 3.5}.get(days[d].month, 1.0) * (15 if d in GIVING_TUE else 1.0)
    hz = 0.5 / 365 * m_g * np.where(cur_lvl == 3, 3.0, 1.0) * np.where(st == 1, 1.0, np.where(st == 2, 0.5, 0.0)) * dmul
    for m in np.nonzero(rng.random(NM) < hz)[0]:
        DN["m"].append(m)
        DN["t"].append(t0 + rng.uniform(7, 23) * 3600)
    for _ in range(rng.poisson(1.2 * dmul)):
        DN["m"].append(-1)
        DN["t"].append(t0 + rng.uniform(0, 24) * 3600)
    omul = 3.0 if days[d].month == 12 else 1.0
    for m in np.nonzero(rng.random(NM) < 0.3 / 365 * omul * (st > 0))[0]:
        ONL["m"].append(m)
        ONL["t"].append(t0 + rng.uniform(0, 24) * 3600)
    for _ in range(rng.poisson(3 * omul)):
        ONL["m"].append(-1)
        ONL["t"].append(t0 + rng.uniform(0, 24) * 3600)

# ---------------- registrations: attendance (drawn after, kept in time order per event)
NR = len(RG["ev"])
R_ev = np.array(RG["ev"], int)
R_m = np.array(RG["m"], int)
R_t = np.array(RG["t"], float)
R_start = EV["start"][R_ev]
R_cancel = np.array(RG["cancel"], float)
R_att = np.array(RG["att"], bool)
R_check = np.where(R_att, R_start - rng.uniform(0, 0.4, NR) * 3600, np.nan)
R_filled = R_start + 2 * 3600  # attended filled in 2 hours after the start
o = np.argsort(R_t, kind="stable")
R_ev, R_m, R_t, R_start, R_cancel, R_att, R_check, R_filled = (
    x[o] for x in (R_ev, R_m, R_t, R_start, R_cancel, R_att, R_check, R_filled)
)
R_guest = np.array(RG["guest"], object)[o]

# ---------------- visits
V_m = np.concatenate(V["m"])
V_t = np.concatenate(V["t"])
V_tt = np.concatenate(V["tt"])
V_party = np.concatenate(V["party"])
V_x = np.concatenate(V["x"])
o = np.argsort(V_t, kind="stable")
V_m, V_t, V_tt, V_party, V_x = V_m[o], V_t[o], V_tt[o], V_party[o], V_x[o]
NV = len(V_t)
V_gate = rng.choice(["North", "Main", "Main", "Garden"], NV)

# ---------------- terms
TR.sort(key=lambda r: r[2])
TM = np.array([r[0] for r in TR])
TL = np.array([r[1] for r in TR])
TP = np.array([r[2] for r in TR], float)
TS = np.array([r[3] for r in TR])
TE = np.array([r[4] for r in TR])
TC = np.array([r[5] for r in TR], object)
price = np.where(secs("2024-07-01") <= TP, PRICE1[TL], PRICE0[TL])
price = np.where(rng.random(len(TR)) < 0.06, np.round(price * 0.9, 2), price)
TL_s = np.array([rng.choice(LMESSY[LEVELS[x]]) if rng.random() < 0.3 else LMESSY[LEVELS[x]][0] for x in TL], object)

# ---------------- donations
D_m = np.array(DN["m"], int)
D_t = np.array(DN["t"], float)
o = np.argsort(D_t, kind="stable")
D_m, D_t = D_m[o], D_t[o]
ND_ = len(D_t)
D_g = np.where(D_m >= 0, m_g[np.maximum(D_m, 0)], 1.0)
D_pat = (D_m >= 0) & (m_lvl[np.maximum(D_m, 0)] == 3)
D_amt = np.maximum(5, np.round(np.exp(rng.normal(np.log(40) + 0.6 * np.log(D_g) + 1.2 * D_pat, 0.8)) / 5) * 5)
FUNDS = ["Annual Fund", "annual fund", "ANNUAL FUND ", "Acquisitions", "Education", "education"]
D_fund = rng.choice(FUNDS, ND_, p=[0.4, 0.1, 0.05, 0.2, 0.2, 0.05])
D_method = rng.choice(["card", "check", "online", "Online", "cash"], ND_)

# ---------------- shop
vis_member = V_m >= 0
shop_pick = rng.random(NV) < np.where(vis_member, 0.18, 0.12)
O_m = np.concatenate([V_m[shop_pick], np.array(ONL["m"], int)])
O_t = np.concatenate([V_t[shop_pick] + rng.uniform(0.5, 3, shop_pick.sum()) * 3600, np.array(ONL["t"], float)])
O_ch = np.concatenate([np.full(shop_pick.sum(), "in-store"), np.full(len(ONL["m"]), "online")])
o = np.argsort(O_t, kind="stable")
O_m, O_t, O_ch = O_m[o], O_t[o], O_ch[o]
NO_ = len(O_t)
PCAT = ["Books", "books", "Prints & Posters", "prints", "Jewelry", "Jewellery", "Kids", "toys", "Homeware"]
PPRICE = np.array([28, 28, 22, 22, 65, 65, 15, 15, 35.0])
nl = rng.choice([1, 2, 3, 4], NO_, p=[0.5, 0.28, 0.15, 0.07])
L_o = np.repeat(np.arange(NO_), nl)
NL = len(L_o)
L_ci = rng.choice(len(PCAT), NL, p=[0.2, 0.08, 0.14, 0.05, 0.1, 0.05, 0.12, 0.06, 0.2])
L_q = rng.choice([1, 1, 1, 2, 3], NL)
L_p = np.round(PPRICE[L_ci] * np.exp(rng.normal(0, 0.35, NL)), 2)
L_disc = np.where(O_m[L_o] >= 0, 0.9, 1.0)
L_sku = [f"SKU-{rng.integers(1000, 9999)}" for _ in range(NL)]
O_total = np.round(np.bincount(L_o, weights=L_q * L_p * L_disc, minlength=NO_), 2)
O_ret = np.where(rng.random(NO_) < 0.04, O_t + rng.uniform(2, 30, NO_) * DAY, np.nan)

# ---------------- email
CP = dict(t=[], topic=[], x=[])
for d in range(10, ND, 21):
    CP["t"].append(d * DAY + 9 * 3600)
    CP["topic"].append("newsletter")
    CP["x"].append(-1)
for i in range(NX):
    t = X["ann"][i] * DAY + 3 * DAY
    if 0 <= t <= TN:
        CP["t"].append(np.floor(t / DAY) * DAY + 10 * 3600)
        CP["topic"].append("exhibition")
        CP["x"].append(i)
for mo in pd.date_range(START, NOW, freq="MS"):
    CP["t"].append(secs(mo) + 2 * DAY + 11 * 3600)
    CP["topic"].append("events")
    CP["x"].append(-1)
for d in ["2023-11-14", "2023-11-28", "2023-12-19", "2024-11-12", "2024-12-03", "2024-12-20"]:
    CP["t"].append(secs(d) + 8 * 3600)
    CP["topic"].append("donation appeal")
    CP["x"].append(-1)
o = np.argsort(CP["t"], kind="stable")
CP = {k: np.array(v)[o] for k, v in CP.items()}
NCP = len(CP["t"])
# last term end per member at each campaign (approx via term rows paid before)
EM_c, EM_m, EM_t = [], [], []
for c in range(NCP):
    t = CP["t"][c]
    d = int(t // DAY)
    paid = t >= TP
    last_end = np.full(NM, -(10**6))
    np.maximum.at(last_end, TM[paid], TE[paid])
    rec = m_opt & (m_join <= t) & (last_end + 365 > d)
    mv = m_move <= d
    fav = (CP["x"][c] >= 0) & (m_fav == (X["cat"][CP["x"][c]] if CP["x"][c] >= 0 else -1))
    p = sig(-1.5 + 0.8 * m_e + 0.4 * fav) * ~mv
    hit = np.nonzero(rec & (rng.random(NM) < p))[0]
    EM_c.append(np.full(len(hit), c))
    EM_m.append(hit)
    EM_t.append(t + rng.exponential(1.0, len(hit)) * DAY)
EM_c, EM_m, EM_t = np.concatenate(EM_c), np.concatenate(EM_m), np.concatenate(EM_t)
o = np.argsort(EM_t, kind="stable")
EM_c, EM_m, EM_t = EM_c[o], EM_m[o], EM_t[o]
EM_dev = rng.choice(["mobile", "desktop", "Mobile", "tablet"], len(EM_t))

# ================= tables as they stood at CUT
mk = m_join <= T
tk = TP <= T
last_end = np.full(NM, -(10**6))
np.maximum.at(last_end, TM[tk], TE[tk])
last_lvl = np.zeros(NM, int)
order = np.nonzero(tk)[0]
last_lvl[TM[order]] = TL[order]  # terms sorted by paid_at: the last write wins
cut_day = T / DAY
status = np.where(cut_day < last_end, "active", np.where(cut_day < last_end + 60, "grace", "lapsed"))
auto_cut = np.array([[v for (t, v) in auto_ev[m] if t <= max(T, m_join[m])][-1] for m in range(NM)])
vk = V_t <= T
vmk = vk & (V_m >= 0)
life_v = np.bincount(V_m[vmk], minlength=NM)
last_v = np.full(NM, np.nan)
np.fmax.at(last_v, V_m[vmk], V_t[vmk])
renewal = (START + pd.to_timedelta(np.maximum(last_end, -5000), unit="D")).date  # not joined yet: dropped
members = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "card_no": m_card,
        "joined_at": ts(m_join),
        "home_region": m_reg_s,
        "postcode": m_post,
        "email_opt_in": m_opt,
        "level": LEVELS[last_lvl],
        "renewal_date": renewal,
        "auto_renew": auto_cut,
        "status": status,
        "last_visit_at": ts(last_v),
        "lifetime_visits": life_v,
    }
)[mk]

terms = pd.DataFrame(
    {
        "term_id": np.arange(1, len(TP) + 1),
        "member_id": TM + 1,
        "level": TL_s,
        "price_usd": price,
        "paid_at": ts(TP),
        "start_date": (START + pd.to_timedelta(TS, unit="D")).date,
        "end_date": (START + pd.to_timedelta(TE, unit="D")).date,
        "channel": TC,
    }
)[tk]

xk = X["ann"] * DAY <= T
xv = np.bincount(V_x[vk & (V_x >= 0)], weights=V_party[vk & (V_x >= 0)], minlength=NX).astype(int)
x_status = np.where(cut_day < X["open"], "upcoming", np.where(cut_day < X["close"], "current", "closed"))
exhibitions = pd.DataFrame(
    {
        "exhibition_code": X_code,
        "title": [f"Exhibition {i + 1}" for i in range(NX)],
        "gallery": np.array(["East Wing", "West Wing", "Atrium", "Lower Gallery", "Photo Gallery"])[X["gal"]],
        "category": X["label"],
        "curator": X["curator"],
        "announced_at": ts(X["ann"] * DAY),
        "opens_on": (START + pd.to_timedelta(X["open"], unit="D")).date,
        "closes_on": (START + pd.to_timedelta(X["close"], unit="D")).date,
        "status": x_status,
        "total_visitors": xv,
    }
)[xk]

visits = pd.DataFrame(
    {
        "visit_id": np.arange(1, NV + 1),
        "member_id": pd.array(np.where(V_m >= 0, V_m + 1, np.nan), dtype="Int64"),
        "scanned_at": ts(V_t),
        "ticket_type": V_tt,
        "party_size": V_party,
        "exhibition_code": np.where(V_x >= 0, X_code[np.maximum(V_x, 0)], None),
        "gate": V_gate,
    }
)[vk]

ek = EV["ann"] <= T
live_reg = (R_t <= T) & ~(R_cancel <= T)
reg_cnt = np.bincount(R_ev[live_reg], minlength=NE)
events = pd.DataFrame(
    {
        "event_id": np.arange(1, NE + 1) + 100,
        "exhibition_code": np.where(EV["xi"] >= 0, X_code[np.maximum(EV["xi"], 0)], None),
        "kind": EV["kind"],
        "title": [f"{k.title()} #{i + 1}" for i, k in enumerate(EV["kind"])],
        "announced_at": ts(EV["ann"]),
        "starts_at": ts(EV["start"]),
        "capacity": EV["cap"],
        "price_usd": EV["price"],
        "registered_count": reg_cnt,
    }
)[ek]

rk = R_t <= T
filled = R_filled <= T
event_registrations = pd.DataFrame(
    {
        "registration_id": np.arange(1, len(R_t) + 1),
        "event_id": R_ev + 101,
        "member_ref": pd.array(np.where(R_m >= 0, R_m + 1, np.nan), dtype="Int64"),
        "guest_email": R_guest,
        "registered_at": ts(R_t),
        "cancelled_at": ts(known(R_cancel)),
        "attended": pd.array(np.where(filled, R_att, None), dtype="boolean"),
        "checked_in_at": ts(np.where(filled, R_check, np.nan)),
    }
)[rk]

donations = pd.DataFrame(
    {
        "donation_id": np.arange(1, ND_ + 1),
        "donor_member_id": pd.array(np.where(D_m >= 0, D_m + 1, np.nan), dtype="Int64"),
        "donated_at": ts(D_t),
        "amount_usd": D_amt,
        "fund": D_fund,
        "method": D_method,
    }
)[D_t <= T]

ok_ = O_t <= T
shop_orders = pd.DataFrame(
    {
        "order_id": np.arange(1, NO_ + 1),
        "member_id": pd.array(np.where(O_m >= 0, O_m + 1, np.nan), dtype="Int64"),
        "ordered_at": ts(O_t),
        "channel": O_ch,
        "total_usd": O_total,
        "status": np.where(O_ret <= T, "returned", "completed"),
        "returned_at": ts(known(O_ret)),
    }
)[ok_]
order_lines = pd.DataFrame(
    {
        "order_id": L_o + 1,
        "sku": L_sku,
        "category": np.array(PCAT)[L_ci],
        "qty": L_q,
        "unit_price": L_p,
    }
)[ok_[L_o]]

email_campaigns = pd.DataFrame(
    {
        "campaign_id": np.arange(1, NCP + 1),
        "sent_at": ts(CP["t"]),
        "topic": CP["topic"],
        "subject": [f"{t.title()} {i + 1}" for i, t in enumerate(CP["topic"])],
        "exhibition_code": np.where(CP["x"] >= 0, X_code[np.maximum(CP["x"], 0)], None),
    }
)[CP["t"] <= T]
email_opens = pd.DataFrame({"campaign_id": EM_c + 1, "member_id": EM_m + 1, "opened_at": ts(EM_t), "device": EM_dev})[
    EM_t <= T
]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE members (member_id INTEGER PRIMARY KEY, card_no VARCHAR, joined_at TIMESTAMP, home_region VARCHAR,
                      postcode VARCHAR, email_opt_in BOOLEAN, level VARCHAR, renewal_date DATE, auto_renew BOOLEAN,
                      status VARCHAR, last_visit_at TIMESTAMP, lifetime_visits INTEGER);
CREATE TABLE membership_terms (term_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id),
                               level VARCHAR, price_usd DOUBLE, paid_at TIMESTAMP, start_date DATE, end_date DATE,
                               channel VARCHAR);
CREATE TABLE exhibitions (exhibition_code VARCHAR PRIMARY KEY, title VARCHAR, gallery VARCHAR, category VARCHAR,
                          curator VARCHAR, announced_at TIMESTAMP, opens_on DATE, closes_on DATE, status VARCHAR,
                          total_visitors INTEGER);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, member_id INTEGER, scanned_at TIMESTAMP, ticket_type VARCHAR,
                     party_size INTEGER, exhibition_code VARCHAR, gate VARCHAR);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, exhibition_code VARCHAR, kind VARCHAR, title VARCHAR,
                     announced_at TIMESTAMP, starts_at TIMESTAMP, capacity INTEGER, price_usd DOUBLE,
                     registered_count INTEGER);
CREATE TABLE event_registrations (registration_id INTEGER PRIMARY KEY, event_id INTEGER REFERENCES events(event_id),
                                  member_ref INTEGER, guest_email VARCHAR, registered_at TIMESTAMP,
                                  cancelled_at TIMESTAMP, attended BOOLEAN, checked_in_at TIMESTAMP);
CREATE TABLE donations (donation_id INTEGER PRIMARY KEY, donor_member_id INTEGER, donated_at TIMESTAMP,
                        amount_usd DOUBLE, fund VARCHAR, method VARCHAR);
CREATE TABLE shop_orders (order_id INTEGER PRIMARY KEY, member_id INTEGER, ordered_at TIMESTAMP, channel VARCHAR,
                          total_usd DOUBLE, status VARCHAR, returned_at TIMESTAMP);
CREATE TABLE order_lines (order_id INTEGER REFERENCES shop_orders(order_id), sku VARCHAR, category VARCHAR,
                          qty INTEGER, unit_price DOUBLE);
CREATE TABLE email_campaigns (campaign_id INTEGER PRIMARY KEY, sent_at TIMESTAMP, topic VARCHAR, subject VARCHAR,
                              exhibition_code VARCHAR);
CREATE TABLE email_opens (campaign_id INTEGER, member_id INTEGER, opened_at TIMESTAMP, device VARCHAR);
""")
total = 0
for name, df in [
    ("members", members),
    ("membership_terms", terms),
    ("exhibitions", exhibitions),
    ("visits", visits),
    ("events", events),
    ("event_registrations", event_registrations),
    ("donations", donations),
    ("shop_orders", shop_orders),
    ("order_lines", order_lines),
    ("email_campaigns", email_campaigns),
    ("email_opens", email_opens),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
print("total", total)
con.close()
