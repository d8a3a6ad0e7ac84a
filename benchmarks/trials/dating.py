"""An online-dating app's production database (profiles, swipes, matches, chat messages, reports and blocks,
premium subscriptions), seeded: `python benchmarks/trials/dating.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): about 2,000
profiles, 200k swipes, 8k matches, 40k messages, a few hundred reports/blocks, 1k subscriptions (about 30 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: subscriptions.expires_at (set at purchase). Every other column holding a
later date of its row is filled in later.

Truth (seed 0):
- profiles: 700 created 2021-06..2022-12 (uniform), 1,300 during the span (signups x1.4 in January, x.8 in summer);
  gender m .55 / f .43 / nb .02; looking_for m: women .9 men .07 everyone .03, f: men .88 women .06 everyone .06,
  nb: everyone (NULL on 3% of rows: read as 'everyone'); city of 6 (Berlin .3, Hamburg .2, Munich .2, Cologne .12,
  Leipzig .1, Dresden .08); age_band 18-24 .3 / 25-34 .45 / 35-44 .17 / 45+ .08; latents: attractiveness
  A ~ N(0, 1), activity act ~ LogNormal(0, .6), pickiness N(0, .5), chattiness LogNormal(0, .5), budget
  LogNormal(0, .7), creep (2%); zodiac, platform, height_cm (NULL 40%), referral_code are noise
- sessions: a live profile opens the app on a day with p = min(.9, .12 act x eng x weekday(Sun 1.3, Sat .8) x
  (1.3 premium)), eng = .6 + exp(-age days / 60) + .25 min(matches in the last 7 days, 3); last_active_at is the
  latest session's last swipe or message (TODAY's value)
- swipes per session 1 + Poisson(2 act) (x1.5 premium); the shown profile is live, of a gender the swiper looks for,
  in the swiper's city (p .85), not swiped before (once every such profile is, the ones passed come round again),
  weighted by exp(.6 A) x (1 + 3 active in the last 3 days) x (1.5 premium) x (3 if it
  liked the swiper: the "likes you" queue); like with p = sigmoid(-1 + 1.3 A_shown -
  pickiness_swiper + 2.2 [shown liked the swiper before] + .4 [same age band] + .01 (completeness_shown - 60));
  premium swipers' likes are 'superlike' with p .1
- matches: a like on a profile that liked the swiper before is a match at once (profile_a = the earlier liker)
- messages: on each session, per open match (not unmatched, partner live, matched in the last 60 days) the user
  sends Poisson(.5 chattiness x exp(-match age days / 5) x (1 + 1.5 [partner wrote since]) ) messages; length
  LogNormal(log 40, .8) chars; so a first message within 3 days depends on both users' activity and chattiness
- creeps' messages are reported (kind 'report', reason harassment) by the partner with p .15 each, others blocked
  (kind 'block') with p .02 per message received from a creep, else a report with reason random of
  spam/fake/other at .0005 per message; a block unmatches at once; reports are reviewed Exp(2 days) later
  (reviewed_at, outcome filled later): a creep with 2+ reports is banned (deleted_at = reviewed_at, delete_reason
  'banned'), else 'warned' / 'dismissed'
- unmatch: per session per open match p .01 (x5 if the partner is a creep); unmatched_at, unmatched_by filled later
- subscriptions: on a session day a non-premium profile buys with p = .003 x act^.8 x budget x (1 + 2 frustration),
  frustration = min(3, likes sent in 14 days / (1 + 3 matches in 14 days) / 8); plan 1m (.6, 14.99) / 3m (.3,
  34.99) / 6m (.1, 59.99); expires_at set ahead; renewed at expiry (a new row, source 'renewal') with p .55 if the
  profile was active in the last 14 days; profiles.is_premium is TODAY's state; subscriptions.status TODAY's
- profile_completeness (0-100): U(20, 70) at signup, + Poisson(.5) per session up to 100; kept up to date (TODAY's)
- churn: deletion hazard per day .001 + .012 [no session for 30 days]; deleted_at, delete_reason filled later
- matches.msg_count is kept up to date (TODAY's count); matches.first_msg_at filled later
- keys: PK declared on profiles, matches, subscriptions; REFERENCES declared on subscriptions only; swipes have no
  key; matches, messages (sender), reports keep their links undeclared; profile ids are text ('u000123'); a view
  match_sides holds each match twice (profile_id, partner_id, partner_city) for per-profile match targets
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the simulation
  always runs to NOW), then rows created after DATE are left out and every today's-state / filled-later column is
  as it stood at DATE
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


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ---------------- profiles
N0, N1 = 700, 1300
N = N0 + N1
created = np.empty(N)
created[:N0] = secs("2021-06-01") + rng.uniform(0, secs("2023-01-01") - secs("2021-06-01"), N0)
dayw = np.ones(ND)
for d in range(ND):
    m = (START + pd.Timedelta(days=d)).month
    dayw[d] = 1.4 if m == 1 else (0.8 if m in (6, 7, 8) else 1.0)
sd = np.sort(rng.choice(ND, N1, p=dayw / dayw.sum()))
created[N0:] = sd * DAY + rng.uniform(0, DAY, N1)
GEN = np.array(["m", "f", "nb"])
gender = rng.choice(3, N, p=[0.55, 0.43, 0.02])
# wants[i] = set of genders looked for: bit mask m=1, f=2, nb=4
lf = np.empty(N, dtype=object)
u = rng.random(N)
lf[gender == 0] = np.where(u[gender == 0] < 0.9, "women", np.where(u[gender == 0] < 0.97, "men", "everyone"))
lf[gender == 1] = np.where(u[gender == 1] < 0.88, "men", np.where(u[gender == 1] < 0.94, "women", "everyone"))
lf[gender == 2] = "everyone"
want = np.array([{"men": 1, "women": 2, "everyone": 7}[x] for x in lf])
lf_null = rng.random(N) < 0.03
CITIES = np.array(["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig", "Dresden"])
city = rng.choice(6, N, p=[0.3, 0.2, 0.2, 0.12, 0.1, 0.08])
AGES = np.array(["18-24", "25-34", "35-44", "45+"])
age = rng.choice(4, N, p=[0.3, 0.45, 0.17, 0.08])
A = rng.normal(0, 1, N)
act = np.exp(rng.normal(0, 0.6, N))
pick = rng.normal(0, 0.5, N)
chat = np.exp(rng.normal(0, 0.5, N))
budget = np.exp(rng.normal(0, 0.7, N))
creep = rng.random(N) < 0.02
compl0 = rng.uniform(20, 70, N).round()
zodiac = rng.choice(
    [
        "aries",
        "taurus",
        "gemini",
        "cancer",
        "leo",
        "virgo",
        "libra",
        "scorpio",
        "sagittarius",
        "capricorn",
        "aquarius",
        "pisces",
    ],
    N,
)
platform = rng.choice(["ios", "android", "web"], N, p=[0.55, 0.4, 0.05])
height = np.where(rng.random(N) < 0.4, np.nan, np.where(gender == 0, rng.normal(180, 7, N), rng.normal(167, 6, N)))
referral = [f"R{rng.integers(16**5, 16**6):x}".upper() for _ in range(N)]
gbit = np.array([1, 2, 4])[gender]

# ---------------- the day-by-day simulation
deleted = np.full(N, np.inf)
del_reason = np.array([None] * N, dtype=object)
last_sess = np.where(created < 0, created + rng.uniform(0, 1, N) * np.minimum(-created, 30 * DAY), -np.inf)
last_sess = np.maximum(last_sess, created)
compl = compl0.copy()
compl_log = [[] for _ in range(N)]  # (t, value)
sess_log = [[x] if x < 0 else [] for x in last_sess]  # session times
prem_until = np.full(N, -np.inf)
seen = [set() for _ in range(N)]
liked_by = [set() for _ in range(N)]  # liked_by[j] = profiles j liked
likes_log = [[] for _ in range(N)]  # times i sent a like
match_log = [[] for _ in range(N)]  # times i matched
SW = {k: [] for k in ["a", "b", "dir", "t"]}
MA = {k: [] for k in ["a", "b", "t", "unm", "unm_by"]}
MS = {k: [] for k in ["m", "s", "t", "len", "media"]}
RP = {k: [] for k in ["by", "on", "kind", "reason", "t", "rev", "out"]}
SU = {k: [] for k in ["p", "plan", "start", "exp", "price", "src"]}
open_m = [[] for _ in range(N)]  # open match indices per profile
last_wrote = {}  # (match, profile) -> time of last message
n_reports = np.zeros(N, int)
PLANS = [("1m", 1, 14.99), ("3m", 3, 34.99), ("6m", 6, 59.99)]
pending_renew = []  # (t, profile)


def buy(i, t, src, plan=None):
    k = rng.choice(3, p=[0.6, 0.3, 0.1]) if plan is None else plan
    name, months, price = PLANS[k]
    exp = secs(ts([t])[0] + pd.DateOffset(months=months))
    SU["p"].append(i)
    SU["plan"].append(name)
    SU["start"].append(t)
    SU["exp"].append(exp)
    SU["price"].append(price)
    SU["src"].append(src)
    prem_until[i] = exp
    pending_renew.append((exp, i, k))


def end_match(mi, t, by):
    if np.isfinite(MA["unm"][mi]):
        return
    MA["unm"][mi] = t
    MA["unm_by"][mi] = by
    for p in (MA["a"][mi], MA["b"][mi]):
        if mi in open_m[p]:
            open_m[p].remove(mi)


def report(by, on, t, kind, reason):
    RP["by"].append(by)
    RP["on"].append(on)
    RP["kind"].append(kind)
    RP["reason"].append(reason)
    RP["t"].append(t)
    rev = t + rng.exponential(2) * DAY
    RP["rev"].append(rev)
    if kind == "block":
        RP["out"].append(None)
        return
    n_reports[on] += 1
    if creep[on] and n_reports[on] >= 2 and deleted[on] > rev:
        RP["out"].append("banned")
        deleted[on] = rev
        del_reason[on] = "banned"
    else:
        RP["out"].append("warned" if creep[on] else "dismissed")


for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    wd = {6: 1.3, 5: 0.8}.get(day.weekday(), 1.0)
    # renewals due today
    due = [x for x in pending_renew if x[0] < t0 + DAY]
    pending_renew = [x for x in pending_renew if x[0] >= t0 + DAY]
    for te, i, k in due:
        if deleted[i] > te and last_sess[i] > te - 14 * DAY and rng.random() < 0.55:
            buy(i, te, "renewal", k)
    live = (created < t0) & (deleted > t0 + DAY)
    # churn
    quiet = (t0 - last_sess) > 30 * DAY
    h = 0.001 + 0.012 * quiet
    gone = live & (rng.random(N) < h)
    tg = t0 + rng.uniform(0, DAY, N)
    for i in np.flatnonzero(gone):
        deleted[i] = tg[i]
        del_reason[i] = "user_request"
    live &= ~gone
    recent3 = (t0 - last_sess) < 3 * DAY
    prem = prem_until > t0
    agedays = (t0 - created) / DAY
    m7 = np.array([sum(1 for x in match_log[i][-3:] if x > t0 - 7 * DAY) for i in range(N)])
    eng = 0.6 + np.exp(-np.maximum(agedays, 0) / 60) + 0.25 * np.minimum(m7, 3)
    p = np.minimum(0.9, 0.12 * act * eng * wd * np.where(prem, 1.3, 1.0))
    sess = live & (rng.random(N) < p)
    st_all = t0 + rng.uniform(7, 23.5, N) * 3600
    base_w = np.exp(0.6 * A) * (1 + 3 * recent3) * np.where(prem, 1.5, 1.0)
    for i in rng.permutation(np.flatnonzero(sess)):
        t = st_all[i]
        last_sess[i] = t
        c_new = min(100.0, compl[i] + rng.poisson(0.5))
        if c_new != compl[i]:
            compl[i] = c_new
            compl_log[i].append((t, c_new))
        # swipes
        ns = 1 + rng.poisson(2 * act[i] * (1.5 if prem[i] else 1.0))
        cand = live & ((gbit & want[i]) > 0) & (np.arange(N) != i)
        if rng.random() < 0.85:
            cand &= city == city[i]
        idx0 = np.flatnonzero(cand)
        idx = idx0[~np.isin(idx0, np.fromiter(seen[i], int))] if len(seen[i]) else idx0
        if len(idx) == 0 and len(liked_by[i]):  # out of new profiles: the ones passed come round again
            idx = idx0[~np.isin(idx0, np.fromiter(liked_by[i], int))]
        else:
            idx = idx if len(idx) else idx0
        if len(idx):
            w = base_w[idx] * np.array([3.0 if i in liked_by[j] else 1.0 for j in idx])
            pick_n = min(ns, len(idx))
            js = rng.choice(idx, pick_n, replace=False, p=w / w.sum())
            tt = t + np.cumsum(rng.exponential(20, pick_n))
            for j, tj in zip(js, tt, strict=True):
                seen[i].add(j)
                lm = i in liked_by[j]
                pl = sigmoid(-1 + 1.3 * A[j] - pick[i] + 2.2 * lm + 0.4 * (age[i] == age[j]) + 0.01 * (compl[j] - 60))
                like = rng.random() < pl
                sup = like and prem[i] and rng.random() < 0.1
                SW["a"].append(i)
                SW["b"].append(j)
                SW["dir"].append("superlike" if sup else ("like" if like else "pass"))
                SW["t"].append(tj)
                if like:
                    liked_by[i].add(j)
                    likes_log[i].append(tj)
                    if lm:
                        MA["a"].append(j)
                        MA["b"].append(i)
                        MA["t"].append(tj)
                        MA["unm"].append(np.inf)
                        MA["unm_by"].append(None)
                        mi = len(MA["a"]) - 1
                        open_m[i].append(mi)
                        open_m[j].append(mi)
                        match_log[i].append(tj)
                        match_log[j].append(tj)
            t = tt[-1]
        # messages / unmatches on open matches
        for mi in list(open_m[i]):
            o = MA["b"][mi] if MA["a"][mi] == i else MA["a"][mi]
            mage = (t - MA["t"][mi]) / DAY
            if mage > 60 or deleted[o] <= t:
                open_m[i].remove(mi)
                continue
            if rng.random() < 0.01 * (5 if creep[o] else 1):
                end_match(mi, t + rng.uniform(0, 600), i)
                continue
            wrote = last_wrote.get((mi, o), -np.inf) > last_wrote.get((mi, i), -np.inf)
            k = rng.poisson(0.5 * chat[i] * np.exp(-mage / 5) * (1 + 1.5 * wrote))
            for _ in range(k):
                t += rng.exponential(90)
                MS["m"].append(mi)
                MS["s"].append(i)
                MS["t"].append(t)
                MS["len"].append(int(max(1, np.exp(rng.normal(np.log(40), 0.8)))))
                MS["media"].append(bool(rng.random() < 0.05))
                last_wrote[(mi, i)] = t
                if creep[i]:
                    if rng.random() < 0.15:
                        report(o, i, t + rng.exponential(0.5) * DAY, "report", "harassment")
                    elif rng.random() < 0.02:
                        report(o, i, t + rng.uniform(60, 3600), "block", None)
                        end_match(mi, t + rng.uniform(60, 3600), o)
                        break
                elif rng.random() < 0.0005:
                    report(o, i, t + rng.exponential(1) * DAY, "report", rng.choice(["spam", "fake", "other"]))
        sess_log[i].append(t)  # the session's last action
        # premium purchase
        if not prem[i]:
            l14 = sum(1 for x in likes_log[i][-200:] if x > t0 - 14 * DAY)
            k14 = sum(1 for x in match_log[i][-50:] if x > t0 - 14 * DAY)
            fr = min(3.0, l14 / (1 + 3 * k14) / 8)
            if rng.random() < 0.003 * act[i] ** 0.8 * budget[i] * (1 + 2 * fr):
                buy(i, t + rng.uniform(10, 600), "in_app")
                prem[i] = True

# ---------------- tables as they stood at CUT (every random value is drawn above)
PID = np.array([f"u{i + 1:06d}" for i in range(N)])
sw = pd.DataFrame(SW)
sw = sw[sw.t <= T].sort_values("t", kind="stable")
swipes = pd.DataFrame({"swiper_id": PID[sw.a], "swiped_id": PID[sw.b], "direction": sw.dir, "swiped_at": ts(sw.t)})

ma = pd.DataFrame(MA)
ma["match_id"] = np.arange(1, len(ma) + 1) + 100000
ms = pd.DataFrame(MS)
ms = ms.sort_values("t", kind="stable").reset_index(drop=True)
ms["message_id"] = np.arange(1, len(ms) + 1)
ms_k = ms[ms.t <= T]
first_msg = ms.groupby("m").t.min().reindex(ma.index).to_numpy()
cnt = ms_k.groupby("m").size().reindex(ma.index).fillna(0).astype(int).to_numpy()
keep = ma.t.to_numpy() <= T
unm = ma.unm.to_numpy(float)
matches = pd.DataFrame(
    {
        "match_id": ma.match_id,
        "profile_a": PID[ma.a],
        "profile_b": PID[ma.b],
        "matched_at": ts(ma.t),
        "unmatched_at": ts(known(unm)),
        "unmatched_by": [PID[int(b)] if u <= T else None for b, u in zip(MA["unm_by"], unm, strict=True)],
        "first_msg_at": ts(known(first_msg)),
        "msg_count": cnt,
    }
)[keep]
messages = pd.DataFrame(
    {
        "message_id": ms_k.message_id,
        "match_id": ma.match_id.to_numpy()[ms_k.m],
        "sender": PID[ms_k.s],
        "sent_at": ts(ms_k.t),
        "body_len": ms_k.len,
        "has_media": ms_k.media,
    }
)
rp = pd.DataFrame(RP).sort_values("t", kind="stable").reset_index(drop=True)
rp["report_id"] = np.arange(1, len(rp) + 1)
rp = rp[rp.t <= T]
revd = rp.rev.to_numpy() <= T
reports = pd.DataFrame(
    {
        "report_id": rp.report_id,
        "reporter_id": PID[rp.by],
        "reported_id": PID[rp.on],
        "kind": rp.kind,
        "reason": rp.reason,
        "created_at": ts(rp.t),
        "reviewed_at": ts(np.where((rp.kind == "report") & revd, rp.rev, np.nan)),
        "outcome": np.where(revd, rp.out, None),
    }
)
su = pd.DataFrame(SU).sort_values("start", kind="stable").reset_index(drop=True)
su["sub_id"] = np.arange(1, len(su) + 1)
su = su[su.start <= T]
subscriptions = pd.DataFrame(
    {
        "sub_id": su.sub_id,
        "profile_id": PID[su.p],
        "plan": su.plan,
        "price_eur": su.price,
        "source": su.src,
        "started_at": ts(su.start),
        "expires_at": ts(su.exp),
        "status": np.where(su.exp > T, "active", "expired"),
    }
)
# profiles' today's state at CUT
prem_now = np.zeros(N, bool)
prem_now[su.p[su.exp > T].to_numpy()] = True
last_act = np.array([max([created[i]] + [x for x in sess_log[i] if x <= T]) for i in range(N)])
compl_now = np.array([([compl0[i]] + [v for tt, v in compl_log[i] if tt <= T])[-1] for i in range(N)])
dk = deleted <= T
profiles = pd.DataFrame(
    {
        "profile_id": PID,
        "created_at": ts(created),
        "gender": GEN[gender],
        "age_band": AGES[age],
        "city": CITIES[city],
        "looking_for": np.where(lf_null, None, lf),
        "height_cm": np.round(height),
        "zodiac": zodiac,
        "platform": platform,
        "referral_code": referral,
        "is_premium": prem_now,
        "profile_completeness": compl_now.astype(int),
        "last_active_at": ts(np.where(dk, np.minimum(last_act, deleted), last_act)),
        "deleted_at": ts(known(deleted)),
        "delete_reason": np.where(dk, del_reason, None),
    }
)[created <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE profiles (profile_id VARCHAR PRIMARY KEY, created_at TIMESTAMP, gender VARCHAR, age_band VARCHAR,
                       city VARCHAR, looking_for VARCHAR, height_cm DOUBLE, zodiac VARCHAR, platform VARCHAR,
                       referral_code VARCHAR, is_premium BOOLEAN, profile_completeness INTEGER,
                       last_active_at TIMESTAMP, deleted_at TIMESTAMP, delete_reason VARCHAR);
CREATE TABLE swipes (swiper_id VARCHAR, swiped_id VARCHAR, direction VARCHAR, swiped_at TIMESTAMP);
CREATE TABLE matches (match_id INTEGER PRIMARY KEY, profile_a VARCHAR, profile_b VARCHAR, matched_at TIMESTAMP,
                      unmatched_at TIMESTAMP, unmatched_by VARCHAR, first_msg_at TIMESTAMP, msg_count INTEGER);
CREATE TABLE messages (message_id BIGINT, match_id INTEGER, sender VARCHAR, sent_at TIMESTAMP, body_len INTEGER,
                       has_media BOOLEAN);
CREATE TABLE reports (report_id INTEGER PRIMARY KEY, reporter_id VARCHAR, reported_id VARCHAR, kind VARCHAR,
                      reason VARCHAR, created_at TIMESTAMP, reviewed_at TIMESTAMP, outcome VARCHAR);
CREATE TABLE subscriptions (sub_id INTEGER PRIMARY KEY, profile_id VARCHAR REFERENCES profiles(profile_id),
                            plan VARCHAR, price_eur DECIMAL(6, 2), source VARCHAR, started_at TIMESTAMP,
                            expires_at TIMESTAMP, status VARCHAR);
""")
for name, df in [
    ("profiles", profiles),
    ("swipes", swipes),
    ("matches", matches),
    ("messages", messages),
    ("reports", reports),
    ("subscriptions", subscriptions),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.execute(  # one row per profile per match: a profile's matches and partners
    "CREATE VIEW match_sides AS "
    "SELECT m.match_id, m.profile_a AS profile_id, m.profile_b AS partner_id, p.city AS partner_city, m.matched_at, "
    "m.unmatched_at FROM matches m JOIN profiles p ON p.profile_id = m.profile_b "
    "UNION ALL SELECT m.match_id, m.profile_b, m.profile_a, p.city, m.matched_at, m.unmatched_at "
    "FROM matches m JOIN profiles p ON p.profile_id = m.profile_a"
)
con.close()
