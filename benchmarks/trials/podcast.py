"""A podcast hosting and listening platform (creators, shows, episodes published on a schedule, listeners, follows,
listening sessions, ratings, ad impressions, monthly creator payouts), seeded:
`python benchmarks/trials/podcast.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 150 creators, 240 shows, 30k episodes, 2,000
listeners, 10k follows, 195k listening sessions, 4k ratings, 111k ad impressions, 2.3k payouts (about 15 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: episodes.publish_at (an episode row is created 1-14 days before it is
published: scheduled episodes). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- shows (240): 170 created 2019-2022 (back catalogue published before the span), 70 during the span; popularity
  LogNormal(0, 1.3) (heavy tail: a few shows draw most casual plays); quality q ~ N(0, 1); category of 10
  (news, true_crime, comedy, ...); cadence 7 days (70%), 14 (15%), 3-4 (twice weekly, 15%) on a fixed phase, each
  release skipped with p .08; duration_sec LogNormal(log 2400, .35) (news: /3)
- show status (hidden process, the column holds TODAY's state): active -> hiatus hazard 1/320 per day, hiatus ->
  active 1/70, hiatus -> ended 1/300, active -> ended 1/2500; no releases unless active; shows.ended_at filled when
  ended; shows.episode_count and shows.last_published_at are TODAY's (denormalised)
- listeners (2,000): 1,200 signed up 2021-2022, 800 during the span; engagement e ~ LogNormal(0, .6); country
  (US .45, GB .15, DE .1, CA .1, AU .08, IN .07, BR .05; 4% NULL); plan TODAY's: starts free .7 / premium .25 /
  family .05; free -> premium hazard .0015 x (listened hours in last 7 days); premium -> free 1/600 per day and 1/40
  while dormant; listeners.last_seen_at is TODAY's (last session start)
- dormancy (churn): an awake listener goes dormant with hazard 1/900 x (1 + 6 x share of the shows it follows not
  active) (x3 when it follows nothing active); wakes with 1/150; no plays, follows or ratings while dormant
- follows: an awake listener follows a new show with p .005 x e per day, the show by popularity among active ones;
  a casual play leads to a follow with p .08 of that show. BINGE: at a follow it plays Poisson(1 + 2.5 e) back
  episodes (newest first) over the next 0-4 days
- weekly cadence: at each release, each awake follower plays the episode with p .2 + .4 x e/(1+e), after a lag
  Geometric(.55) - 1 days (mostly the day of release), hour of day N(8 or 18, 2)
- casual plays: Poisson(.05 x e) per awake day, show by popularity (x3 in the listener's favourite category),
  its latest episode
- unfollow hazard per follow-day 1/500, x5 if the show is on hiatus, x10 if ended, x4 while the listener is dormant;
  follows.unfollowed_at filled later
- seconds_listened = duration x completion, completion Beta(2 + q, 1.2) (binges: Beta(3 + q, 1)); 15% of plays
  are abandoned at Beta(1, 6); sessions.device NULL 6%
- ratings: after a listener's 3rd play of a show, p .35 it rates it U(0, 3) days later: stars round(3.4 + .9 q +
  N(0, .8)) clipped 1-5
- ad impressions: free plan sessions only, Poisson(.3 + seconds/2400) each, advertiser Zipf over 25, served within
  the session; clicked p .02 (x2 for comedy)
- payouts: per creator and calendar month with plays, amount = .012 x minutes listened + .004 x impressions x
  cpm; created on the 1st of the next month at 03:00 (status 'pending'), paid_at (and status 'paid') 5-20 days
  later, filled in later
- keys: PKs declared on creators, shows, listeners, episodes; REFERENCES from shows and episodes only; follows,
  sessions (listener_ref, ep), ratings, ad_impressions and payouts keep their links undeclared; show ids are text
  ('SH0042'), creator ids text ('cr-017'); sessions.listener_ref is a listener id stored as VARCHAR
- `python podcast.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  column is as it stood at DATE (exact)
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
AHEAD = 14


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


CATS = np.array(["news", "true_crime", "comedy", "business", "tech", "sports", "history", "health", "society", "kids"])

# ---------------- creators
NC = 150
c_joined = secs("2018-06-01") + rng.uniform(0, 4.5 * 365, NC) * DAY
creators = pd.DataFrame(
    {
        "creator_id": [f"cr-{i:03d}" for i in range(1, NC + 1)],
        "display_name": [f"Creator {i}" for i in range(1, NC + 1)],
        "payout_email": [f"c{i}@mail.example" if rng.random() > 0.1 else None for i in range(1, NC + 1)],
        "tax_country": rng.choice(["US", "GB", "DE", "CA", "AU"], NC),
        "joined_at": ts(c_joined),
    }
)

# ---------------- shows
NS = 240
s_old = np.arange(NS) < 170
s_created = np.where(
    s_old, secs("2019-01-01") + rng.uniform(0, 4 * 365 - 30, NS) * DAY, rng.uniform(0, ND - 30, NS) * DAY
)
s_created = np.floor(s_created / DAY) * DAY + rng.uniform(8, 20, NS) * 3600
s_pop = np.exp(rng.normal(0, 1.3, NS))
s_q = rng.normal(0, 1, NS)
s_cat = rng.choice(len(CATS), NS, p=[0.14, 0.12, 0.14, 0.1, 0.1, 0.09, 0.08, 0.09, 0.08, 0.06])
s_cad = rng.choice([7, 14, 3], NS, p=[0.7, 0.15, 0.15])
s_phase = rng.integers(0, 14, NS)
s_dur = np.exp(rng.normal(np.log(2400), 0.35, NS)) / np.where(CATS[s_cat] == "news", 3, 1)
s_creator = rng.integers(0, NC, NS)
s_creator = np.where(s_created < c_joined[s_creator], rng.integers(0, NC, NS), s_creator)
s_explicit = rng.random(NS) < 0.2
s_lang = rng.choice(["en", "en", "en", "de", "es"], NS)

# status process drawn day by day below; 0 active 1 hiatus 2 ended
s_status = np.zeros(NS, int)
status_events = []  # (show, t, new_status)

# ---------------- listeners
NL = 2000
l_old = np.arange(NL) < 1200
l_signup = np.where(l_old, secs("2021-01-01") + rng.uniform(0, 730, NL) * DAY, rng.uniform(0, ND - 1, NL) * DAY)
l_e = np.exp(rng.normal(0, 0.6, NL))
l_country = rng.choice(
    ["US", "GB", "DE", "CA", "AU", "IN", "BR"], NL, p=[0.45, 0.15, 0.1, 0.1, 0.08, 0.07, 0.05]
).astype(object)
l_country[rng.random(NL) < 0.04] = None
l_plan0 = rng.choice(3, NL, p=[0.7, 0.25, 0.05])
l_fav = rng.choice(len(CATS), NL)
l_birth = np.where(rng.random(NL) < 0.3, np.nan, rng.integers(1955, 2007, NL))
l_handle = [f"user{rng.integers(10**5, 10**6)}" for _ in range(NL)]
l_plan = l_plan0.copy()
plan_events = []  # (listener, t, plan)
l_dormant = np.zeros(NL, bool)
l_hours7 = np.zeros((NL, 7))

# ---------------- episodes: back catalogue then releases during the span
ep_show, ep_pub, ep_created, ep_dur = [], [], [], []


def add_ep(s, t_pub):
    ep_show.append(s)
    ep_pub.append(t_pub)
    ep_created.append(max(t_pub - rng.uniform(1, AHEAD) * DAY, s_created[s]))
    ep_dur.append(s_dur[s] * np.exp(rng.normal(0, 0.2)))
    return len(ep_show) - 1


show_eps = [[] for _ in range(NS)]
for s in range(NS):
    if s_created[s] < 0:
        d0 = int(np.ceil(s_created[s] / DAY))
        for d in range(d0, 0):
            if (d - s_phase[s]) % s_cad[s] == 0 and rng.random() > 0.08 and rng.random() < 0.85:
                show_eps[s].append(add_ep(s, d * DAY + rng.uniform(4, 9) * 3600))

# ---------------- follows and sessions
f_l, f_s, f_t, f_un = [], [], [], []
active_follows = {}  # (li, s) -> follow index
l_follows = [set() for _ in range(NL)]
s_followers = [set() for _ in range(NS)]
sess = []  # (listener, episode, t, kind) kind 0 release 1 binge 2 casual
plays_ls = {}
rate_events = []  # (li, s, t)
pending = []  # scheduled plays (day, li, ep, t, kind)


def follow(li, s, t):
    idx = len(f_l)
    f_l.append(li)
    f_s.append(s)
    f_t.append(t)
    f_un.append(np.nan)
    active_follows[(li, s)] = idx
    l_follows[li].add(s)
    s_followers[s].add(li)
    eps = [e for e in show_eps[s] if ep_pub[e] < t][::-1]
    nb = min(len(eps), rng.poisson(1 + 2.5 * l_e[li]))
    for k in range(nb):
        tt = t + rng.uniform(0, 4) * DAY * (k + 1) / (nb + 1) + rng.uniform(0, 3600)
        pending.append((int(tt // DAY), li, eps[k], tt, 1))


cat_w = np.ones((len(CATS), NS))
for c in range(len(CATS)):
    cat_w[c] = np.where(s_cat == c, 3.0, 1.0)

for d in range(ND + AHEAD):
    t0 = d * DAY
    future = d >= ND
    # show status
    if not future:
        u = rng.random(NS)
        live = s_created <= t0
        for s in np.nonzero(live & (s_status == 0) & (u < 1 / 320 + 1 / 2500))[0]:
            new = 2 if rng.random() < (1 / 2500) / (1 / 320 + 1 / 2500) else 1
            s_status[s] = new
            status_events.append((s, t0 + rng.uniform(0, DAY), new))
        for s in np.nonzero(live & (s_status == 1) & (u < 1 / 70 + 1 / 300))[0]:
            new = 0 if rng.random() < (1 / 70) / (1 / 70 + 1 / 300) else 2
            s_status[s] = new
            status_events.append((s, t0 + rng.uniform(0, DAY), new))
    # releases
    rel = (s_created <= t0) & (s_status == 0) & ((d - s_phase) % s_cad == 0) & (rng.random(NS) > 0.08)
    new_eps = []
    for s in np.nonzero(rel)[0]:
        e = add_ep(s, t0 + rng.uniform(4, 9) * 3600)
        show_eps[s].append(e)
        new_eps.append(e)
    if future:
        continue
    # listener states
    awake = (l_signup <= t0) & ~l_dormant
    share = np.zeros(NL)
    nfa = np.zeros(NL)
    for li in np.nonzero(awake)[0]:
        if l_follows[li]:
            st = s_status[list(l_follows[li])]
            share[li] = (st != 0).mean()
            nfa[li] = (st == 0).sum()
    h = 1 / 900 * (1 + 6 * share) * np.where((nfa == 0), 3, 1)
    u = rng.random(NL)
    go = awake & (u < h)
    wake = l_dormant & (u < 1 / 150)
    l_dormant = (l_dormant | go) & ~wake
    awake = (l_signup <= t0) & ~l_dormant
    # release plays
    pl = 0.2 + 0.4 * l_e / (1 + l_e)
    for e in new_eps:
        s = ep_show[e]
        for li in s_followers[s]:
            if awake[li] and rng.random() < pl[li]:
                lag = rng.geometric(0.55) - 1
                hr = np.clip(rng.normal(rng.choice([8, 18]), 2), 0, 23.9)
                tt = max(ep_pub[e] + 60, (d + lag) * DAY + hr * 3600)
                pending.append((int(tt // DAY), li, e, tt, 0))
    # casual plays
    nca = rng.poisson(0.05 * l_e) * awake
    cand = (s_created <= t0) & np.array([len(show_eps[s]) > 0 for s in range(NS)])
    for li in np.nonzero(nca)[0]:
        for _ in range(nca[li]):
            w = s_pop * cat_w[l_fav[li]] * cand
            s = rng.choice(NS, p=w / w.sum())
            e = show_eps[s][-1]
            tt = t0 + rng.uniform(6, 23) * 3600
            pending.append((d, li, e, max(tt, ep_pub[e] + 60), 2))
            if s not in l_follows[li] and rng.random() < 0.08:
                follow(li, s, tt + 1800)
    # new follows by discovery
    nf = (rng.random(NL) < 0.005 * l_e) & awake
    for li in np.nonzero(nf)[0]:
        cand = (s_created <= t0) & (s_status == 0)
        w = s_pop * cat_w[l_fav[li]] * cand
        w[list(l_follows[li])] = 0
        if w.sum() > 0:
            follow(li, rng.choice(NS, p=w / w.sum()), t0 + rng.uniform(7, 23) * 3600)
    # unfollows
    for (li, s), idx in list(active_follows.items()):
        hz = 1 / 500 * (5 if s_status[s] == 1 else 10 if s_status[s] == 2 else 1) * (4 if l_dormant[li] else 1)
        if rng.random() < hz:
            f_un[idx] = max(t0 + rng.uniform(0, DAY), f_t[idx] + 60)
            del active_follows[(li, s)]
            l_follows[li].discard(s)
            s_followers[s].discard(li)
    # plays due today
    due = [p for p in pending if p[0] <= d]
    pending = [p for p in pending if p[0] > d]
    l_hours7[:, d % 7] = 0
    for _, li, e, tt, kind in due:
        if l_dormant[li] and kind != 2:
            continue
        sess.append((li, e, tt, kind))
        s = ep_show[e]
        k = plays_ls.get((li, s), 0) + 1
        plays_ls[(li, s)] = k
        if k == 3 and rng.random() < 0.35:
            rate_events.append((li, s, tt + rng.uniform(0, 3) * DAY))
        l_hours7[li, d % 7] += ep_dur[e] / 3600 * 0.7
    # plans
    u = rng.random(NL)
    up = (l_plan == 0) & (l_signup <= t0) & (u < 0.0015 * l_hours7.sum(1))
    down = (l_plan > 0) & (l_signup <= t0) & (u < np.where(l_dormant, 1 / 40, 1 / 600))
    for li in np.nonzero(up)[0]:
        l_plan[li] = 1
        plan_events.append((li, t0 + rng.uniform(0, DAY), 1))
    for li in np.nonzero(down)[0]:
        l_plan[li] = 0
        plan_events.append((li, t0 + rng.uniform(0, DAY), 0))

# ---------------- derived rows (all random draws before any cut)
sess = sorted(sess, key=lambda x: x[2])
S_l = np.array([x[0] for x in sess])
S_e = np.array([x[1] for x in sess])
S_t = np.array([x[2] for x in sess])
S_k = np.array([x[3] for x in sess])
ep_show = np.array(ep_show)
ep_pub = np.array(ep_pub)
ep_created = np.array(ep_created)
ep_dur = np.array(ep_dur)
S_s = ep_show[S_e]
NSS = len(sess)
comp = np.where(S_k == 1, rng.beta(np.maximum(3 + s_q[S_s], 0.3), 1), rng.beta(np.maximum(2 + s_q[S_s], 0.3), 1.2))
comp = np.where(rng.random(NSS) < 0.15, rng.beta(1, 6, NSS), comp)
S_sec = np.maximum(5, ep_dur[S_e] * comp).round().astype(int)
S_dev = rng.choice(["ios", "android", "web", "car", "smart_speaker"], NSS, p=[0.42, 0.33, 0.1, 0.1, 0.05]).astype(
    object
)
S_dev[rng.random(NSS) < 0.06] = None
S_app = rng.choice(["7.1", "7.2", "7.3", "8.0"], NSS)


def plan_at(li, t):
    p = l_plan0[li]
    for _li, te, pp in plan_ev_by_l.get(li, []):
        if te <= t:
            p = pp
    return p


plan_ev_by_l = {}
for li, te, p in plan_events:
    plan_ev_by_l.setdefault(li, []).append((li, te, p))
S_free = np.array([plan_at(li, t) == 0 for li, t in zip(S_l, S_t, strict=True)])
n_imp = np.where(S_free, rng.poisson(0.3 + S_sec / 2400), 0)
I_sess = np.repeat(np.arange(NSS), n_imp)
NI = len(I_sess)
ADV = np.array(
    [
        f"adv_{a}"
        for a in [
            "acme",
            "zenbank",
            "hellofood",
            "betterme",
            "squarely",
            "audiobooks",
            "vpnguard",
            "mattressco",
            "shoeco",
            "coffee",
            "carsure",
            "phoneplan",
            "travelx",
            "learnit",
            "fitbox",
            "petsplus",
            "homefix",
            "gamehub",
            "newsplus",
            "mealkit",
            "cloudsafe",
            "jobsite",
            "kidsapp",
            "bankly",
            "teaco",
        ]
    ]
)
advw = 1 / np.arange(1, 26) ** 1.1
I_adv = rng.choice(25, NI, p=advw / advw.sum())
I_t = S_t[I_sess] + rng.uniform(0, 1, NI) * S_sec[I_sess]
I_cpm = np.round(np.exp(rng.normal(np.log(18), 0.3, NI)), 2)
I_click = rng.random(NI) < 0.02 * np.where(CATS[s_cat[S_s[I_sess]]] == "comedy", 2, 1)

R = sorted(rate_events, key=lambda x: x[2])
R_l = np.array([x[0] for x in R])
R_s = np.array([x[1] for x in R])
R_t = np.array([x[2] for x in R])
R_stars = np.clip(np.round(3.4 + 0.9 * s_q[R_s] + rng.normal(0, 0.8, len(R))), 1, 5).astype(int)
R_text = np.where(rng.random(len(R)) < 0.7, None, "review text").astype(object)

# payouts per creator-month
months = pd.date_range("2023-01-01", "2024-12-01", freq="MS")
S_month = np.searchsorted(np.array([secs(m) for m in months]), S_t, side="right") - 1
S_creator = s_creator[S_s]
I_month = S_month[I_sess]
pay = {}
for c, m, sec in zip(S_creator, S_month, S_sec, strict=True):
    pay[(c, m)] = pay.get((c, m), 0.0) + 0.012 * sec / 60
for c, m, cpm in zip(S_creator[I_sess], I_month, I_cpm, strict=True):
    pay[(c, m)] = pay.get((c, m), 0.0) + 0.004 * cpm
P_keys = sorted(pay)
P_c = np.array([k[0] for k in P_keys])
P_m = np.array([k[1] for k in P_keys])
P_amt = np.round([pay[k] for k in P_keys], 2)
P_created = np.array([secs(months[m] + pd.offsets.MonthBegin(1)) + 3 * 3600 for m in P_m])
P_paid = P_created + rng.uniform(5, 20, len(P_keys)) * DAY
P_method = rng.choice(["ach", "paypal", "wire"], len(P_keys), p=[0.6, 0.3, 0.1])

# ---------------- tables as they stood at CUT
# shows' status at CUT
st_cut = np.zeros(NS, int)
ended_cut = np.full(NS, np.nan)
for s, te, new in sorted(status_events, key=lambda x: x[1]):
    if te <= T:
        st_cut[s] = new
        if new == 2:
            ended_cut[s] = te
ep_keep = ep_created <= T
ep_live = ep_keep & (ep_pub <= T)
epc = np.bincount(ep_show[ep_live], minlength=NS)
lastpub = np.full(NS, np.nan)
for s in range(NS):
    m = ep_live & (ep_show == s)
    if m.any():
        lastpub[s] = ep_pub[m].max()
skeep = s_created <= T
shows = pd.DataFrame(
    {
        "show_id": [f"SH{i:04d}" for i in range(1, NS + 1)],
        "creator_id": [f"cr-{c + 1:03d}" for c in s_creator],
        "title": [f"Show {i}" for i in range(1, NS + 1)],
        "category": CATS[s_cat],
        "language": s_lang,
        "explicit": s_explicit,
        "created_at": ts(s_created),
        "status": np.array(["active", "hiatus", "ended"])[st_cut],
        "ended_at": ts(ended_cut),
        "episode_count": epc,
        "last_published_at": ts(lastpub),
    }
)[skeep]
ep_ids = np.arange(NE := len(ep_show)) + 100001
order = np.argsort(ep_pub, kind="stable")
ep_num = np.zeros(NE, int)
cnt = np.zeros(NS, int)
for e in order:
    cnt[ep_show[e]] += 1
    ep_num[e] = cnt[ep_show[e]]
episodes = pd.DataFrame(
    {
        "episode_id": ep_ids,
        "show_id": [f"SH{s + 1:04d}" for s in ep_show],
        "episode_number": ep_num,
        "title": [f"Episode {n}" for n in ep_num],
        "duration_sec": ep_dur.round().astype(int),
        "created_at": ts(ep_created),
        "publish_at": ts(ep_pub),
    }
)[ep_keep].sort_values("episode_id")

lkeep = l_signup <= T
plan_cut = np.array([plan_at(li, T) for li in range(NL)])
last_seen = np.full(NL, np.nan)
sk = S_t <= T
for li, t in zip(S_l[sk], S_t[sk], strict=True):
    last_seen[li] = t
listeners = pd.DataFrame(
    {
        "listener_id": np.arange(1, NL + 1),
        "handle": l_handle,
        "country": l_country,
        "birth_year": l_birth,
        "plan": np.array(["free", "premium", "family"])[plan_cut],
        "signup_ts": ts(l_signup),
        "last_seen_at": ts(last_seen),
    }
)[lkeep]

F_t = np.array(f_t)
F_un = np.array(f_un)
fkeep = F_t <= T
follows = pd.DataFrame(
    {
        "follow_id": np.arange(1, len(F_t) + 1),
        "listener_id": np.array(f_l) + 1,
        "show_id": [f"SH{s + 1:04d}" for s in f_s],
        "followed_at": ts(F_t),
        "unfollowed_at": ts(np.where(F_un <= T, F_un, np.nan)),
        "notifications_on": rng.random(len(F_t)) < 0.6,
    }
)[fkeep]

sessions = pd.DataFrame(
    {
        "session_id": np.arange(1, NSS + 1),
        "listener_ref": (S_l + 1).astype(str),
        "ep": ep_ids[S_e],
        "started_at": ts(S_t),
        "seconds_listened": S_sec,
        "device": S_dev,
        "app_version": S_app,
    }
)[sk]

ratings = pd.DataFrame(
    {
        "rating_id": np.arange(1, len(R) + 1),
        "listener_id": R_l + 1,
        "show_id": [f"SH{s + 1:04d}" for s in R_s],
        "stars": R_stars,
        "review": R_text,
        "rated_at": ts(R_t),
    }
)[R_t <= T]

ad_impressions = pd.DataFrame(
    {
        "impression_id": np.arange(1, NI + 1),
        "session_id": I_sess + 1,
        "advertiser": ADV[I_adv],
        "served_at": ts(I_t),
        "cpm_usd": I_cpm,
        "clicked": I_click,
    }
)[I_t <= T]

paid = P_paid <= T
payouts = pd.DataFrame(
    {
        "payout_id": np.arange(1, len(P_keys) + 1),
        "creator_id": [f"cr-{c + 1:03d}" for c in P_c],
        "period_start": [months[m].date() for m in P_m],
        "amount_usd": P_amt,
        "method": P_method,
        "created_at": ts(P_created),
        "status": np.where(paid, "paid", "pending"),
        "paid_at": ts(np.where(paid, P_paid, np.nan)),
    }
)[P_created <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE creators (creator_id VARCHAR PRIMARY KEY, display_name VARCHAR, payout_email VARCHAR, tax_country VARCHAR,
                       joined_at TIMESTAMP);
CREATE TABLE shows (show_id VARCHAR PRIMARY KEY, creator_id VARCHAR REFERENCES creators(creator_id), title VARCHAR,
                    category VARCHAR, language VARCHAR, explicit BOOLEAN, created_at TIMESTAMP, status VARCHAR,
                    ended_at TIMESTAMP, episode_count INTEGER, last_published_at TIMESTAMP);
CREATE TABLE episodes (episode_id INTEGER PRIMARY KEY, show_id VARCHAR REFERENCES shows(show_id), episode_number INTEGER,
                       title VARCHAR, duration_sec INTEGER, created_at TIMESTAMP, publish_at TIMESTAMP);
CREATE TABLE listeners (listener_id INTEGER PRIMARY KEY, handle VARCHAR, country VARCHAR, birth_year DOUBLE,
                        plan VARCHAR, signup_ts TIMESTAMP, last_seen_at TIMESTAMP);
CREATE TABLE follows (follow_id INTEGER PRIMARY KEY, listener_id INTEGER, show_id VARCHAR, followed_at TIMESTAMP,
                      unfollowed_at TIMESTAMP, notifications_on BOOLEAN);
CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, listener_ref VARCHAR, ep INTEGER, started_at TIMESTAMP,
                       seconds_listened INTEGER, device VARCHAR, app_version VARCHAR);
CREATE TABLE ratings (rating_id INTEGER PRIMARY KEY, listener_id INTEGER, show_id VARCHAR, stars INTEGER,
                      review VARCHAR, rated_at TIMESTAMP);
CREATE TABLE ad_impressions (impression_id INTEGER PRIMARY KEY, session_id INTEGER, advertiser VARCHAR,
                             served_at TIMESTAMP, cpm_usd DOUBLE, clicked BOOLEAN);
CREATE TABLE payouts (payout_id INTEGER PRIMARY KEY, creator_id VARCHAR, period_start DATE, amount_usd DOUBLE,
                      method VARCHAR, created_at TIMESTAMP, status VARCHAR, paid_at TIMESTAMP);
""")
for name, df in [
    ("creators", creators[pd.to_datetime(creators.joined_at) <= CUT]),
    ("shows", shows),
    ("episodes", episodes),
    ("listeners", listeners),
    ("follows", follows),
    ("sessions", sessions),
    ("ratings", ratings),
    ("ad_impressions", ad_impressions),
    ("payouts", payouts),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
