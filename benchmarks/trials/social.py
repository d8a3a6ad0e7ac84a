"""A social network's production database (users, follows, posts, likes, comments with reply threads, direct
messages, blocks), seeded: `python benchmarks/trials/social.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes
trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 1,500 users, about 20k
follows, 25k posts, 120k likes, 25k comments, 12k DMs, a few hundred blocks (about 20 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW.

Truth (seed 0):
- users (1,500): 900 signed up 2020-2022, 600 during the span (uniform); country of 8 (US .3, BR .15, IN .15, DE .1,
  FR .1, JP .08, MX .07, NG .05); latent activity a ~ LogNormal(0, .8); kind preference Dirichlet(1,1,1) over
  text/photo/video; device, bio_lang, handle are noise
- bursts: a user is in a burst with prob .03 per day, lasting Geometric(1/4) days; in a burst every rate x3
- churn: hazard per day 1/500 x a^-.5 (x3 in the 30 days after the user's last follower lost, not modelled:
  plain hazard); a churned user does nothing afterwards; 40% of churned users deactivate Exp(40 days) later
  (deactivated_at, filled later)
- visits (last_seen_at): each live day with p = min(1, .4 a x burst); every action also is a visit
- posts: Poisson(.04 a x burst) per live day; kind drawn from the user's preference; like_count is TODAY's total
- likes: Poisson(.18 a x burst) per live day; the post is a post of the last 14 days by a followee (p .75 if the
  user follows anyone) else by a same-country author (p .7) else any author; likes on posts more attractive by
  author a^.5
- comments: Poisson(.05 a x burst) per live day on a post chosen as likes; 35% reply to an earlier comment on the
  post (parent_comment_id), else top level
- follows: Poisson(.03 a x burst) + (.3 on signup day x 5) per live day; followee same country p .7; chosen by
  (1 + followers)^.8 (preferential attachment); follow-back: the followee follows back with p .35 x min(1, a_followee)
  Exp(2 days) later (if live); unfollowed_at = created + Exp(250 days) on 25% (filled later)
- follower_count, following_count: TODAY's counts (follows created and not unfollowed); is_verified: TODAY's state,
  set once a user's follower_count reaches 40
- direct_messages: Poisson(.02 a x burst) per live day to a followee (else same country); read_at = sent +
  Exp(2 h) if the recipient follows the sender back else Exp(30 h), x 1/min(1, a_recipient); NULL if the recipient
  churned before it (filled later)
- blocks: Poisson(.001) per live day, blocked is a random user who liked or commented on the blocker's posts
- keys: PK declared on users, posts, follows; REFERENCES declared on follows and posts only; likes, comments,
  direct_messages, blocks keep theirs undeclared; user ids are text ('u00017')
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


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


NU = 1500
COUNTRIES = np.array(["US", "BR", "IN", "DE", "FR", "JP", "MX", "NG"])
u_country = rng.choice(8, NU, p=[0.3, 0.15, 0.15, 0.1, 0.1, 0.08, 0.07, 0.05])
u_a = np.exp(rng.normal(0, 0.8, NU))
u_pref = rng.dirichlet([1, 1, 1], NU)
u_signup = np.empty(NU)
u_signup[:900] = -rng.uniform(1, 3 * 365, 900) * DAY
u_signup[900:] = rng.uniform(0, ND, 600) * DAY
u_churn = np.full(NU, np.inf)
u_deact = np.full(NU, np.inf)
burst_left = np.zeros(NU, int)
KINDS = np.array(["text", "photo", "video"])

followees = [dict() for _ in range(NU)]  # u -> {v: follow index} (live follows only)
followers = [set() for _ in range(NU)]
FO = {k: [] for k in ["src", "dst", "t", "unf"]}
PO = {k: [] for k in ["u", "t", "kind"]}
LI = {k: [] for k in ["u", "p", "t"]}
CO = {k: [] for k in ["u", "p", "t", "parent"]}
DM = {k: [] for k in ["s", "r", "t", "read"]}
BL = {k: [] for k in ["s", "d", "t"]}
VIS_u, VIS_t = [], []
post_comments = {}
pending_back = []  # (time, src, dst)
recent_posts = []  # per day: array of post indices
fcount = np.zeros(NU)


def do_follow(u, v, t):
    if u == v or v in followees[u]:
        return
    FO["src"].append(u)
    FO["dst"].append(v)
    FO["t"].append(t)
    unf = t + rng.exponential(250) * DAY if rng.random() < 0.25 else np.inf
    FO["unf"].append(unf)
    followees[u][v] = len(FO["src"]) - 1
    followers[v].add(u)
    fcount[v] += 1


def pick_user_same_country(u, pop=True):
    same = rng.random() < 0.7
    pool = np.flatnonzero(live & ((u_country == u_country[u]) if same else True))
    if len(pool) == 0:
        pool = np.flatnonzero(live)
    w = (1 + fcount[pool]) ** 0.8 if pop else np.ones(len(pool))
    return int(pool[rng.choice(len(pool), p=w / w.sum())])


p_author = np.array([], int)
for d in range(ND):
    t0 = d * DAY
    live = (u_signup < t0 + DAY) & (u_churn > t0)
    # churn
    ch = live & (rng.random(NU) < 1 / 500 * u_a**-0.5) & (u_signup < t0)
    u_churn[ch] = t0 + rng.uniform(0, DAY, ch.sum())
    dz = ch & (rng.random(NU) < 0.4)
    u_deact[dz] = u_churn[dz] + rng.exponential(40, dz.sum()) * DAY
    live &= ~ch
    # bursts
    start_b = live & (burst_left == 0) & (rng.random(NU) < 0.03)
    burst_left[start_b] = rng.geometric(0.25, start_b.sum())
    mult = np.where(burst_left > 0, 3.0, 1.0)
    burst_left = np.maximum(burst_left - 1, 0)
    newbie = live & (u_signup >= t0) & (u_signup < t0 + DAY)
    base_t = np.maximum(t0, u_signup)
    # visits
    vis = live & (rng.random(NU) < np.minimum(1, 0.4 * u_a * mult))
    VIS_u.append(np.flatnonzero(vis))
    VIS_t.append(base_t[vis] + rng.uniform(0, 1, vis.sum()) * (t0 + DAY - base_t[vis]))
    # follow-backs due
    keep = []
    for tb, s, dd in pending_back:
        if tb < t0 + DAY:
            if u_churn[s] > tb:
                do_follow(s, dd, tb)
        else:
            keep.append((tb, s, dd))
    pending_back = keep
    # posts
    n_po = rng.poisson(0.04 * u_a * mult) * live
    today_posts = []
    for u in np.flatnonzero(n_po):
        for _ in range(n_po[u]):
            t = base_t[u] + rng.uniform(0, 1) * (t0 + DAY - base_t[u])
            PO["u"].append(u)
            PO["t"].append(t)
            PO["kind"].append(int(rng.choice(3, p=u_pref[u])))
            today_posts.append(len(PO["u"]) - 1)
    window = np.concatenate(recent_posts[-14:]) if recent_posts else np.array([], int)
    recent_posts.append(np.array(today_posts, int))
    if len(window):
        w_auth = np.array(PO["u"])[window]
        w_attr = u_a[w_auth] ** 0.5
    # likes and comments
    n_li = rng.poisson(0.18 * u_a * mult) * live
    n_co = rng.poisson(0.05 * u_a * mult) * live
    for u in np.flatnonzero((n_li + n_co) > 0) if len(window) else []:
        fe = list(followees[u].keys())
        for j in range(n_li[u] + n_co[u]):
            r = rng.random()
            if fe and r < 0.75:
                m = np.isin(w_auth, fe)
            elif rng.random() < 0.7:
                m = u_country[w_auth] == u_country[u]
            else:
                m = np.ones(len(window), bool)
            m &= w_auth != u
            if not m.any():
                m = w_auth != u
                if not m.any():
                    continue
            cand = window[m]
            wt = w_attr[m]
            p = int(cand[rng.choice(len(cand), p=wt / wt.sum())])
            t = base_t[u] + rng.uniform(0, 1) * (t0 + DAY - base_t[u])
            if j < n_li[u]:
                LI["u"].append(u)
                LI["p"].append(p)
                LI["t"].append(t)
            else:
                prev = post_comments.get(p, [])
                parent = prev[rng.integers(len(prev))] if prev and rng.random() < 0.35 else -1
                CO["u"].append(u)
                CO["p"].append(p)
                CO["t"].append(t)
                CO["parent"].append(parent)
                post_comments.setdefault(p, []).append(len(CO["u"]) - 1)
    # follows
    n_fo = rng.poisson(0.03 * u_a * mult + 1.5 * newbie) * live
    for u in np.flatnonzero(n_fo):
        for _ in range(n_fo[u]):
            v = pick_user_same_country(u)
            t = base_t[u] + rng.uniform(0, 1) * (t0 + DAY - base_t[u])
            if v != u and v not in followees[u]:
                do_follow(u, v, t)
                if rng.random() < 0.35 * min(1.0, u_a[v]) and u not in followees[v]:
                    pending_back.append((t + rng.exponential(2) * DAY, v, u))
    # DMs
    n_dm = rng.poisson(0.02 * u_a * mult) * live
    for u in np.flatnonzero(n_dm):
        for _ in range(n_dm[u]):
            fe = list(followees[u].keys())
            v = int(fe[rng.integers(len(fe))]) if fe else pick_user_same_country(u, pop=False)
            if v == u:
                continue
            t = base_t[u] + rng.uniform(0, 1) * (t0 + DAY - base_t[u])
            lag = (2 if u in followees[v] else 30) * 3600 / min(1.0, u_a[v])
            rd = t + rng.exponential(lag)
            DM["s"].append(u)
            DM["r"].append(v)
            DM["t"].append(t)
            DM["read"].append(rd if rd < u_churn[v] else np.inf)
    # blocks
    n_bl = (rng.random(NU) < 0.001) & live
    for u in np.flatnonzero(n_bl):
        fl = list(followers[u])
        if fl:
            v = fl[rng.integers(len(fl))]
            BL["s"].append(u)
            BL["d"].append(v)
            BL["t"].append(t0 + rng.uniform(0, DAY))
    # unfollows take effect for fcount (preferential attachment uses today's count)
    # (approximate: fcount only grows; the stored counts below are exact)

# ---------------- tables as they stood at CUT
uid = np.array([f"u{i + 1:05d}" for i in range(NU)], dtype=object)
fo = pd.DataFrame(FO).sort_values("t", kind="stable").reset_index(drop=True)
fo["follow_id"] = np.arange(1, len(fo) + 1)
po = pd.DataFrame(PO).reset_index(drop=True)
po["post_id"] = np.arange(1, len(po) + 1)
li = pd.DataFrame(LI).sort_values("t", kind="stable").reset_index(drop=True)
li["like_id"] = np.arange(1, len(li) + 1)
co = pd.DataFrame(CO).reset_index(drop=True)
co["comment_id"] = np.arange(1, len(co) + 1)
dm = pd.DataFrame(DM).sort_values("t", kind="stable").reset_index(drop=True)
dm["dm_id"] = np.arange(1, len(dm) + 1)
bl = pd.DataFrame(BL).sort_values("t", kind="stable").reset_index(drop=True)
bl["block_id"] = np.arange(1, len(bl) + 1)

fo_k = fo[fo.t <= T]
follows = pd.DataFrame(
    {
        "follow_id": fo_k.follow_id,
        "follower_id": uid[fo_k.src],
        "followee_id": uid[fo_k.dst],
        "created_at": ts(fo_k.t),
        "unfollowed_at": ts(known(fo_k.unf)),
    }
)
po_k = po[po.t <= T]
li_k = li[li.t <= T]
likes_per_post = li_k.groupby("p").size().reindex(po_k.index).fillna(0).astype(int)
posts = pd.DataFrame(
    {
        "post_id": po_k.post_id,
        "author_id": uid[po_k.u],
        "created_at": ts(po_k.t),
        "kind": KINDS[po_k.kind.to_numpy()],
        "like_count": likes_per_post.to_numpy(),
        "caption_len": rng.integers(0, 280, len(po))[po.t <= T],
    }
)
likes = pd.DataFrame({"like_id": li_k.like_id, "user_id": uid[li_k.u], "post_id": li_k.p + 1, "created_at": ts(li_k.t)})
co_k = co[co.t <= T]
comments = pd.DataFrame(
    {
        "comment_id": co_k.comment_id,
        "post_id": co_k.p + 1,
        "user_id": uid[co_k.u],
        "created_at": ts(co_k.t),
        "parent_comment_id": np.where(co_k.parent >= 0, co_k.parent + 1, np.nan),
        "body_len": rng.integers(1, 500, len(co))[co.t <= T],
    }
).astype({"parent_comment_id": "Int64"})
dm_k = dm[dm.t <= T]
direct_messages = pd.DataFrame(
    {
        "dm_id": dm_k.dm_id,
        "sender_id": uid[dm_k.s],
        "recipient_id": uid[dm_k.r],
        "sent_at": ts(dm_k.t),
        "read_at": ts(known(dm_k.read)),
    }
)
bl_k = bl[bl.t <= T]
blocks = pd.DataFrame({"blocker_id": uid[bl_k.s], "blocked_id": uid[bl_k.d], "created_at": ts(bl_k.t)})

# users' today's state at CUT
live_fo = fo_k[fo_k.unf > T]
n_followers = np.bincount(live_fo.dst, minlength=NU)
n_following = np.bincount(live_fo.src, minlength=NU)
vu = np.concatenate(VIS_u)
vt = np.concatenate(VIS_t)
acts = [(vu, vt), (po.u.to_numpy(), po.t.to_numpy()), (li.u.to_numpy(), li.t.to_numpy()),
        (co.u.to_numpy(), co.t.to_numpy()), (fo.src.to_numpy(), fo.t.to_numpy()), (dm.s.to_numpy(), dm.t.to_numpy())]
last_seen = np.full(NU, np.nan)
for a_u, a_t in acts:
    m = a_t <= T
    s = pd.Series(a_t[m]).groupby(a_u[m]).max()
    last_seen[s.index] = np.fmax(last_seen[s.index], s.to_numpy())
last_seen = np.where(np.isnan(last_seen), np.maximum(u_signup, 0), last_seen)
users = pd.DataFrame(
    {
        "user_id": uid,
        "handle": [f"@user{rng.integers(10**5, 10**6)}" for _ in range(NU)],
        "signup_at": ts(u_signup),
        "country": COUNTRIES[u_country],
        "device": rng.choice(["ios", "android", "web"], NU),
        "bio_lang": rng.choice(["en", "pt", "hi", "de", "fr", "ja", "es", None], NU),
        "is_verified": n_followers >= 40,
        "follower_count": n_followers,
        "following_count": n_following,
        "last_seen_at": ts(last_seen),
        "deactivated_at": ts(known(u_deact)),
    }
)[u_signup <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE users (user_id VARCHAR PRIMARY KEY, handle VARCHAR, signup_at TIMESTAMP, country VARCHAR, device VARCHAR,
                    bio_lang VARCHAR, is_verified BOOLEAN, follower_count INTEGER, following_count INTEGER,
                    last_seen_at TIMESTAMP, deactivated_at TIMESTAMP);
CREATE TABLE follows (follow_id INTEGER PRIMARY KEY, follower_id VARCHAR REFERENCES users(user_id),
                      followee_id VARCHAR REFERENCES users(user_id), created_at TIMESTAMP, unfollowed_at TIMESTAMP);
CREATE TABLE posts (post_id INTEGER PRIMARY KEY, author_id VARCHAR REFERENCES users(user_id), created_at TIMESTAMP,
                    kind VARCHAR, like_count INTEGER, caption_len INTEGER);
CREATE TABLE likes (like_id INTEGER, user_id VARCHAR, post_id INTEGER, created_at TIMESTAMP);
CREATE TABLE comments (comment_id INTEGER PRIMARY KEY, post_id INTEGER, user_id VARCHAR, created_at TIMESTAMP,
                       parent_comment_id INTEGER, body_len INTEGER);
CREATE TABLE direct_messages (dm_id INTEGER PRIMARY KEY, sender_id VARCHAR, recipient_id VARCHAR, sent_at TIMESTAMP,
                              read_at TIMESTAMP);
CREATE TABLE blocks (blocker_id VARCHAR, blocked_id VARCHAR, created_at TIMESTAMP);
""")
for name, df in [("users", users), ("follows", follows), ("posts", posts), ("likes", likes), ("comments", comments),
                 ("direct_messages", direct_messages), ("blocks", blocks)]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
