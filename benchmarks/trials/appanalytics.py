"""A mobile app's product-analytics warehouse (a Segment/Amplitude-style export loaded into DuckDB: users, sessions,
a wide event stream with JSON-ish properties, experiments and their assignments, pro subscriptions, push
notifications), seeded: `python benchmarks/trials/appanalytics.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 1,600 users,
about 45k sessions, 190k events, 20k pushes (under a minute).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. No row is
dated after NOW. Every column holding a later date of its row is filled in later.

Truth (seed 0):
- users (1,600): 200 installed 2022-06..2022-12 (before the data), the rest over the span at a rate growing 1.6x
  from 2023-01 to 2024-12; platform ios .45 / android .55 (written 'iOS'/'ios'/'Android'/'android' by SDK
  version: 4 spellings), country (8% NULL), acquisition_channel organic .45, paid_social .3, search .15, referral .1
- engagement e ~ LogNormal(log 1.0, .75) sessions/week x ios 1.15 x referral 1.3 x paid_social .8; honeymoon
  x(1 + 1.5 exp(-tenure / 10 days)); weekday Sat/Sun x1.3; December x1.15; onboarding_tips treatment x1.05 (noise)
- daily sessions ~ Poisson(e / 7 x factors) while active; dormancy (going quiet) hazard per day .012 x (1 / e)^.5
  x (.5 while pro); a dormant user's rate x.03; the first session is on the install day
- push_notifications: a weekly campaign on Tuesdays to a random 35% of push-enabled users (65% enabled), plus a
  'win_back' push to users 10, 24 and 45 days into a gap; opened with p = sigmoid(-1.6 + .5 log e + .9 [a session
  in the last 3 days] - 1.4 [dormant] + .3 android - .4 win_back); opened_at = sent + Exp(90 min) (filled later);
  an open brings a session U(1, 40) min after it with p .55 (push opens precede return visits), and wakes a
  dormant user with p .25
- sessions: duration_s = LogNormal(log 210 x user length factor LogNormal(0, .35) x 1.25 pro, .6), x.6 on app
  version 5.3.0 (a buggy release 2024-06-10, fixed by 5.3.1 2024-07-15); app_version: a session runs the newest
  release with p .25 per session after it (else the user's last); ended_at and duration_s filled at the end
- events: 'app_open' first in every session; then 1 + Poisson(1.2 x 1.3 if pro) events by the user's taste
  (Dirichlet(2 x base) over screen_view 4, add_item 2, search 1.5, edit_item 1, share .6, export .4: free users
  who pick 'export' get a screen_view of 'paywall' instead); properties is JSON text ('{"screen": "list"}');
  client_ts is the device clock (skew N(0, 2 min), 1% in 1970): noise
- conversion (free -> pro): in each session of a free user an 'upgrade_click' with p .04 x (1 + .4 min(s7, 14)),
  s7 = the user's sessions in the 7 days before; a click converts with p .25 (.35 in paywall_v2's 'treatment'
  while it ran, and for everyone after 2024-09-30: the winner shipped); so engagement drives conversion
- subscriptions: a conversion starts one (monthly 9.99 p .7, else annual 79.99; x.6 in IN/BR); cancel hazard per
  day 1/300 (x2.5 with no session in the last 7 days); cancelled_at filled later, status TODAY's; a cancelled user
  is free again and may convert again
- experiments: onboarding_tips (2023-06-01..2023-12-31, new installs), paywall_v2 (2024-03-01..2024-09-30, free users
  at their first session in it: a small lift), dark_mode (2024-10-15.., ended_at NULL: noise); variant 50/50
- today's state: users.plan, users.is_pro, users.last_seen_at, users.lifetime_sessions, users.app_version,
  subscriptions.status, experiments.ended_at/status; filled later: sessions.ended_at/duration_s,
  push_notifications.opened_at, subscriptions.cancelled_at
- keys: text user ids ('u_000123'); PK declared on users, sessions, experiments; no REFERENCES anywhere;
  push_notifications names its user 'uid'; events carry both session_id and user_id; experiment_assignments
  names its experiment 'exp_key'
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the simulation
  always runs to NOW), then rows created after DATE are left out and every today's-state / filled-later column is
  as it stood at DATE (exact)
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


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---------------- users
NU = 1600
N0 = 200
pre = np.sort(secs("2022-06-01") + rng.uniform(0, 214, N0) * DAY)
# installs over the span, rate growing 1.6x: inverse CDF of a linear density
u = rng.uniform(0, 1, NU - N0)
a, b = 1.0, 1.6
x = (-a + np.sqrt(a * a + (b * b - a * a) * u)) / (b - a)  # in [0, 1]
span = np.sort(x * (ND - 1) * DAY + rng.uniform(8, 23, NU - N0) * 3600)
inst = np.concatenate([pre, span])
ios = rng.random(NU) < 0.45
CHANNELS = np.array(["organic", "paid_social", "search", "referral"])
chan = rng.choice(4, NU, p=[0.45, 0.3, 0.15, 0.1])
COUNTRIES = np.array(["US", "GB", "DE", "BR", "IN", "FR", "JP", "CA"])
country = COUNTRIES[rng.choice(8, NU, p=[0.3, 0.1, 0.1, 0.12, 0.15, 0.08, 0.07, 0.08])].astype(object)
country[rng.random(NU) < 0.08] = None
eng = np.exp(rng.normal(np.log(1.0), 0.75, NU)) * np.where(ios, 1.15, 1.0) * np.array([1.0, 0.8, 1.0, 1.3])[chan]
lenf = np.exp(rng.normal(0, 0.35, NU))
push_on = rng.random(NU) < 0.65
FEATS = ["screen_view", "add_item", "search", "edit_item", "share", "export"]
BASE = np.array([4, 2, 1.5, 1, 0.6, 0.4])
taste = rng.dirichlet(2 * BASE, NU)
sdk_style = rng.integers(0, 2, NU)  # 'iOS'/'ios', 'Android'/'android'
device = rng.choice(["phone", "tablet"], NU, p=[0.9, 0.1])
email_hash = [f"{rng.integers(16**11, 16**12):012x}" for _ in range(NU)]
uid = np.array([f"u_{i:06d}" for i in range(1, NU + 1)])

RELEASES = [
    ("4.8.0", secs("2022-10-01")),
    ("4.9.0", secs("2023-03-01")),
    ("5.0.0", secs("2023-08-15")),
    ("5.1.0", secs("2024-01-10")),
    ("5.2.0", secs("2024-04-20")),
    ("5.3.0", secs("2024-06-10")),
    ("5.3.1", secs("2024-07-15")),
    ("5.4.0", secs("2024-10-20")),
]
ver = np.zeros(NU, int)  # index into RELEASES

EXPS = [
    ("exp_onb_tips", "onboarding_tips", secs("2023-06-01"), secs("2023-12-31 23:00:00")),
    ("exp_paywall_v2", "paywall_v2", secs("2024-03-01"), secs("2024-09-30 23:00:00")),
    ("exp_dark_mode", "dark_mode", secs("2024-10-15"), np.inf),
]
assign = {}  # (user, exp) -> (variant, t)
onb_treat = np.zeros(NU, bool)

# ---------------- simulation state
dormant = np.zeros(NU, bool)
dormant[:N0] = rng.random(N0) < 0.4
pro = np.zeros(NU, bool)
sub_open = np.full(NU, -1)
daily = np.zeros((ND + 1, NU), np.int16)
last_sess = np.where(np.arange(NU) < N0, -rng.uniform(0, 40, NU) * DAY, -np.inf)
gap_pushed = np.zeros(NU, int)  # how many win-back pushes in the current gap
S = {k: [] for k in ["u", "start", "dur", "ver"]}
E = {k: [] for k in ["u", "s", "t", "name", "props", "skew"]}
P = {k: [] for k in ["u", "t", "camp", "open"]}
SUB = {k: [] for k in ["u", "start", "cancel", "price", "period"]}
SCREENS = ["home", "list", "detail", "settings"]


def run_session(i, st):
    """One session of user i starting at st (seconds); its events, a conversion."""
    global ver
    while ver[i] + 1 < len(RELEASES) and RELEASES[ver[i] + 1][1] < st and rng.random() < 0.25:
        ver[i] += 1
    if rng.random() < 0.25:
        newest = max(k for k, r in enumerate(RELEASES) if r[1] < st)
        ver[i] = max(ver[i], newest)
    dur = np.exp(rng.normal(np.log(210 * lenf[i] * (1.25 if pro[i] else 1.0)), 0.6))
    if RELEASES[ver[i]][0] == "5.3.0":
        dur *= 0.6
    dur = max(dur, 5.0)
    sid = len(S["u"])
    S["u"].append(i)
    S["start"].append(st)
    S["dur"].append(dur)
    S["ver"].append(RELEASES[ver[i]][0])
    n = 1 + rng.poisson(1.2 * (1.3 if pro[i] else 1.0))
    ets = np.sort(st + rng.uniform(0, dur, n + 2))
    skews = rng.normal(0, 120, n + 2)
    names = rng.choice(6, n, p=taste[i])

    def ev(k, name, props):
        E["u"].append(i)
        E["s"].append(sid)
        E["t"].append(ets[k])
        E["name"].append(name)
        E["props"].append(props)
        E["skew"].append(skews[k])

    ev(0, "app_open", '{"cold_start": %s}' % ("true" if rng.random() < 0.6 else "false"))
    for k, f in enumerate(names, start=1):
        name = FEATS[f]
        if name == "export" and not pro[i]:
            ev(k, "screen_view", '{"screen": "paywall"}')
        elif name == "screen_view":
            ev(k, name, f'{{"screen": "{SCREENS[rng.integers(0, 4)]}"}}')
        elif name == "add_item":
            count = rng.integers(1, 6)
            source = ["fab", "menu"][rng.integers(0, 2)]
            ev(k, name, f'{{"item_count": {count}, "source": "{source}"}}')
        elif name == "search":
            ev(k, name, f'{{"query_len": {rng.integers(2, 20)}}}')
        else:
            ev(k, name, "{}")
    if not pro[i]:
        d = int(st // DAY)
        s7 = int(daily[max(0, d - 7) : d, i].sum())
        if rng.random() < 0.04 * (1 + 0.4 * min(s7, 14)):
            placement = ["banner", "paywall", "settings"][rng.integers(0, 3)]
            ev(n + 1, "upgrade_click", f'{{"placement": "{placement}"}}')
            v = assign.get((i, 1))
            shipped = st > EXPS[1][3]
            p = 0.35 if shipped or (v is not None and v[0] == "treatment" and st <= EXPS[1][3]) else 0.25
            if rng.random() < p:
                pro[i] = True
                annual = rng.random() < 0.3
                price = (79.99 if annual else 9.99) * (0.6 if country[i] in ("IN", "BR") else 1.0)
                SUB["u"].append(i)
                SUB["start"].append(ets[n + 1] + rng.uniform(5, 60))
                SUB["cancel"].append(np.inf)
                SUB["price"].append(round(price, 2))
                SUB["period"].append("annual" if annual else "monthly")
                sub_open[i] = len(SUB["u"]) - 1
    return dur


def maybe_assign(i, t):
    for k, (_key, _name, s0, s1) in enumerate(EXPS):
        if not (s0 <= t <= s1) or (i, k) in assign:
            continue
        if k == 0 and not (inst[i] >= s0 and t - inst[i] < DAY):
            continue
        if k == 1 and pro[i]:
            continue
        var = "treatment" if rng.random() < 0.5 else "control"
        assign[(i, k)] = (var, t + rng.uniform(0, 30))
        if k == 0 and var == "treatment":
            onb_treat[i] = True


for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    fac = (1.3 if day.weekday() >= 5 else 1.0) * (1.15 if day.month == 12 else 1.0)
    alive = inst < t0 + DAY
    tenure = np.maximum(0, t0 - inst) / DAY
    # dormancy
    hz = 0.012 * np.sqrt(1.0 / eng) * np.where(pro, 0.5, 1.0)
    go = alive & ~dormant & (rng.random(NU) < hz) & (inst < t0)
    dormant |= go
    # cancellations
    for i in np.flatnonzero(pro):
        s7 = daily[max(0, d - 7) : d, i].sum()
        if rng.random() < (1 / 300) * (2.5 if s7 == 0 else 1.0):
            SUB["cancel"][sub_open[i]] = t0 + rng.uniform(0, DAY)
            pro[i] = False
            sub_open[i] = -1
    starts = []  # (t, user)
    # pushes: weekly campaign on Tuesdays, win-back pushes 10/24/45 days into a gap
    gap = (t0 - last_sess) / DAY
    camp = np.zeros(NU, bool)
    if day.weekday() == 1:
        camp = alive & push_on & (inst < t0) & (rng.random(NU) < 0.35)
    wb = alive & push_on & (inst < t0) & (gap >= np.array([10, 24, 45, 10**9])[np.minimum(gap_pushed, 3)])
    recent = (t0 - last_sess) <= 3 * DAY
    for i in np.flatnonzero(camp | wb):
        kind = "win_back" if wb[i] else "weekly_digest"
        if wb[i]:
            gap_pushed[i] += 1
        st = t0 + rng.uniform(9, 20) * 3600
        p = sigmoid(
            -1.6
            + 0.5 * np.log(eng[i])
            + 0.9 * recent[i]
            - 1.4 * dormant[i]
            + 0.3 * (not ios[i])
            - 0.4 * (kind == "win_back")
        )
        op = st + rng.exponential(90 * 60) if rng.random() < p else np.inf
        P["u"].append(i)
        P["t"].append(st)
        P["camp"].append(kind)
        P["open"].append(op)
        if op < np.inf:
            if rng.random() < 0.55:
                starts.append((op + rng.uniform(1, 40) * 60, i))
            if dormant[i] and rng.random() < 0.25:
                dormant[i] = False
    # organic sessions
    lam = eng / 7 * fac * (1 + 1.5 * np.exp(-tenure / 10)) * np.where(onb_treat, 1.05, 1.0)
    lam = np.where(dormant, lam * 0.03, lam)
    lam = np.where(alive, lam, 0.0)
    n = rng.poisson(lam)
    first = (inst >= t0) & (inst < t0 + DAY)
    for i in np.flatnonzero(first):
        starts.append((inst[i] + rng.uniform(10, 300), i))
        n[i] = max(0, n[i] - 1)
    for i in np.flatnonzero(n):
        lo = min(max(t0, inst[i]), t0 + DAY - 120)
        for st in rng.uniform(lo + 1, t0 + DAY - 60, n[i]):
            starts.append((st, i))
    starts.sort()
    busy_until = {}
    for st, i in starts:
        if st >= t0 + DAY or st > secs(NOW) - 1:
            continue
        if st < busy_until.get(i, -1):
            st = busy_until[i] + 60
            if st >= t0 + DAY:
                continue
        maybe_assign(i, st)
        dur = run_session(i, st)
        busy_until[i] = st + dur
        daily[d, i] += 1
        last_sess[i] = max(last_sess[i], st)
        gap_pushed[i] = 0

# ---------------- tables as they stood at CUT (every random value is drawn above)
s = pd.DataFrame(S)
s["session_id"] = np.arange(1, len(s) + 1) + 500000
s = s.sort_values("start", kind="stable")
e = pd.DataFrame(E)
e["session_id"] = s.session_id.to_numpy()[np.argsort(s.index.to_numpy())][e.s.to_numpy()]
e = e.sort_values("t", kind="stable").reset_index(drop=True)
e["event_id"] = np.arange(1, len(e) + 1)
p = pd.DataFrame(P).sort_values("t", kind="stable").reset_index(drop=True)
p["push_id"] = np.arange(1, len(p) + 1)
sb = pd.DataFrame(SUB).sort_values("start", kind="stable").reset_index(drop=True)
sb["subscription_id"] = [f"sub_{k:05d}" for k in range(1, len(sb) + 1)]
asg = (
    pd.DataFrame([(k, i, v, t) for (i, k), (v, t) in assign.items()], columns=["k", "u", "variant", "t"])
    .sort_values("t", kind="stable")
    .reset_index(drop=True)
)
asg["assignment_id"] = np.arange(1, len(asg) + 1)

s = s[s.start <= T]
ended = (s.start + s.dur).to_numpy() <= T
sessions = pd.DataFrame(
    {
        "session_id": s.session_id.to_numpy(),
        "user_id": uid[s.u],
        "started_at": ts(s.start),
        "ended_at": ts(known(s.start + s.dur)),
        "duration_s": np.where(ended, np.round(s.dur.to_numpy()), np.nan),
        "app_version": s.ver.to_numpy(),
    }
)
e = e[e.t <= T]
ct = e.t.to_numpy() + e["skew"].to_numpy()
client = ts(ct)
bad = rng.random(len(E["u"]))[e.index.to_numpy()] < 0.01
events = pd.DataFrame(
    {
        "event_id": e.event_id.to_numpy(),
        "user_id": uid[e.u],
        "session_id": e.session_id.to_numpy(),
        "event_name": e.name.to_numpy(),
        "event_ts": ts(e.t),
        "client_ts": pd.Series(client).where(~bad, pd.Timestamp("1970-01-01")).to_numpy(),
        "properties": e.props.to_numpy(),
    }
)
p = p[p.t <= T]
push = pd.DataFrame(
    {
        "push_id": p.push_id.to_numpy(),
        "uid": uid[p.u],
        "campaign": p.camp.to_numpy(),
        "sent_at": ts(p.t),
        "opened_at": ts(known(p.open)),
    }
)
sb = sb[sb.start <= T]
canc = sb.cancel.to_numpy() <= T
subs = pd.DataFrame(
    {
        "subscription_id": sb.subscription_id.to_numpy(),
        "user_id": uid[sb.u],
        "billing_period": sb.period.to_numpy(),
        "price": sb.price.to_numpy(),
        "started_at": ts(sb.start),
        "cancelled_at": ts(known(sb.cancel)),
        "status": np.where(canc, "cancelled", "active"),
    }
)
asg = asg[asg.t <= T]
assignments = pd.DataFrame(
    {
        "assignment_id": asg.assignment_id.to_numpy(),
        "exp_key": [EXPS[k][0] for k in asg.k],
        "user_id": uid[asg.u],
        "variant": asg.variant.to_numpy(),
        "assigned_at": ts(asg.t),
    }
)
exps = pd.DataFrame(
    {
        "experiment_id": [x[0] for x in EXPS],
        "name": [x[1] for x in EXPS],
        "hypothesis": ["tips raise week-1 engagement", "a new paywall lifts conversion", "dark mode raises retention"],
        "started_at": ts([x[2] for x in EXPS]),
        "ended_at": ts(known([x[3] for x in EXPS])),
        "status": ["completed" if x[3] <= T else "running" for x in EXPS],
    }
)[[x[2] <= T for x in EXPS]]

# users' today's state at CUT
keep = inst <= T
is_pro_now = np.zeros(NU, bool)
is_pro_now[sb.u[~canc].to_numpy()] = True
nsess = sessions.groupby("user_id").size().reindex(uid).fillna(0).astype(int).to_numpy()
last_seen = sessions.groupby("user_id").started_at.max().reindex(uid)
ver_now = sessions.groupby("user_id").app_version.last().reindex(uid)
plat = np.where(ios, np.where(sdk_style == 0, "iOS", "ios"), np.where(sdk_style == 0, "Android", "android"))
users = pd.DataFrame(
    {
        "user_id": uid,
        "installed_at": ts(inst),
        "platform": plat,
        "device_type": device,
        "country": country,
        "acquisition_channel": CHANNELS[chan],
        "email_sha": email_hash,
        "plan": np.where(is_pro_now, "pro", "free"),
        "is_pro": is_pro_now,
        "push_enabled": push_on,
        "app_version": ver_now.to_numpy(),
        "last_seen_at": last_seen.to_numpy(),
        "lifetime_sessions": nsess,
    }
)[keep]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE users (user_id VARCHAR PRIMARY KEY, installed_at TIMESTAMP, platform VARCHAR, device_type VARCHAR,
                    country VARCHAR, acquisition_channel VARCHAR, email_sha VARCHAR, plan VARCHAR, is_pro BOOLEAN,
                    push_enabled BOOLEAN, app_version VARCHAR, last_seen_at TIMESTAMP, lifetime_sessions INTEGER);
CREATE TABLE sessions (session_id BIGINT PRIMARY KEY, user_id VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP,
                       duration_s DOUBLE, app_version VARCHAR);
CREATE TABLE events (event_id BIGINT, user_id VARCHAR, session_id BIGINT, event_name VARCHAR, event_ts TIMESTAMP,
                     client_ts TIMESTAMP, properties VARCHAR);
CREATE TABLE experiments (experiment_id VARCHAR PRIMARY KEY, name VARCHAR, hypothesis VARCHAR, started_at TIMESTAMP,
                          ended_at TIMESTAMP, status VARCHAR);
CREATE TABLE experiment_assignments (assignment_id INTEGER, exp_key VARCHAR, user_id VARCHAR, variant VARCHAR,
                                     assigned_at TIMESTAMP);
CREATE TABLE subscriptions (subscription_id VARCHAR, user_id VARCHAR, billing_period VARCHAR, price DOUBLE,
                            started_at TIMESTAMP, cancelled_at TIMESTAMP, status VARCHAR);
CREATE TABLE push_notifications (push_id INTEGER, uid VARCHAR, campaign VARCHAR, sent_at TIMESTAMP,
                                 opened_at TIMESTAMP);
""")
for name, df in [
    ("users", users),
    ("sessions", sessions),
    ("events", events),
    ("experiments", exps),
    ("experiment_assignments", assignments),
    ("subscriptions", subs),
    ("push_notifications", push),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
