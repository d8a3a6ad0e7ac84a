"""A Q&A community forum's database (like Stack Overflow): users, posts (questions and answers in one table, an
answer's parent_id -> its question's post_id), tags with a link table post_tags, votes, comments, follows between users
and badges, seeded: `python benchmarks/trials/forum.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial
(2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 3,000 users, about 24k questions,
29k answers, 80k post_tags rows... (the counts are printed; about 10-20 s).

Keys: users.user_id and posts.post_id are VARCHAR UUID-like strings (drawn from the seed); tags, votes, comments and
badges have INTEGER ids; follows has no primary key (follower_id, followee_id both -> users: a second self-link,
through a link table); post_tags(post_id, tag_id) has no key and no time column. posts.owner_id -> users (a
role-named key), posts.parent_id -> posts (a self-link; NULL on questions), posts.accepted_answer_id -> posts.
votes.created_at is TIMESTAMP WITH TIME ZONE (UTC); every other time is TIMESTAMP (UTC).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW (users signed
up from 2022-06-01). No row is dated after NOW.

Truth (seed 0):
- users (3,000): signed_up_at spread over 2022-06..2024-12 (Beta(1.3, 1): more later); latents
  question rate per day LogNormal(log 0.012, 1.1) (heavy tail), answer propensity LogNormal(0, 1.2), vote propensity
  LogNormal(0, 0.8), skill N(0, 1), accept habit Beta(3, 2), follow rate LogNormal(log 0.004, 1);
  interest over the 40 tags Dirichlet(0.15) mixed 80/20 with the tags' popularity (a user asks and answers in a few
  tags); a user is active from sign-up until quit = sign-up + Exp(mean LogNormal(log 220, 0.7) days) (the churn
  hazard; heavier posters do not churn slower) and, for 4% of users, until suspended at sign-up + U(20, 600) days
  location, display_name, website (noise)
  TODAY's state: reputation (1 + 10 per up vote on an answer, 5 per up vote on a question, -2 per down vote,
  +15 per accepted answer, +2 per accept given, over posts not deleted by NOW), last_seen_at (the user's latest post,
  vote or comment), status 'suspended' / 'active' with suspended_at filled in later
- activity: an active user asks Poisson(rate x weekday x month) questions a day: Mon-Fri 1.0, Sat .55, Sun .5;
  Aug .8, Dec .7, Jan 1.15, others 1.0
- questions: 1-3 tags drawn from the asker's interest; quality = 0.5 skill + N(0, 1); answers
  Poisson(0.35 + 0.9 exp(0.3 quality) x mean popularity of its tags / average popularity), answerers drawn among
  the users active that day (not the asker), weight = answer propensity x (interest in the question's tags + .005);
  an answer comes Exp(0.8 days) after the question (70%), else Exp(20 days) after it (dropped if the question was deleted by then); its quality =
  skill + 0.8 log(1 + 20 x interest in the tags) + N(0, 0.7)
- accepted_answer_id (TODAY's state): with p = the asker's accept habit, the best answer among those never deleted,
  if its quality > -0.3, is accepted Exp(1.5 days) after it came
- score (TODAY's state) = up votes - down votes; votes per post Poisson(1.2 exp(0.6 quality)), voters drawn among the
  users active that day by vote propensity (not the owner), Exp(mean 4 days) x LogNormal(0, 1) after the post;
  up with p = sigmoid(1.5 quality + 0.6); votes after the post's deletion are dropped
- deleted_at (filled in later): p = sigmoid(-3.2 - 1.2 quality), Exp(10 days) after the post
- edited_at (TODAY's state): Poisson(0.5) edits, gaps Exp(25 days), only while the owner is active (not after quit,
  suspension or the post's deletion); edited_at = the latest edit
- view_count (TODAY's state, questions only): V x (1 - exp(-age / 20 days)), V = LogNormal(log 150 + 0.5 quality
  + log(1 + answers), 0.5), floored
- title_len, body_len (noise with a little quality signal: body_len grows with quality)
- comments: Poisson(0.6 on a question, 0.35 on an answer); half by the post's owner (on an answer, by the asker),
  else an active user by vote propensity; Exp(1 day) after the post
- follows: each active user follows at their follow rate a day; followee by answer propensity x exp(skill); a pair
  appears once (the first)
- badges: 'Student' at the first question, 'Teacher' at the first answer, 'Scholar' at the first accept given,
  'Nice Answer' at an answer's 10th up vote, 'Popular Question' when a question's views reach 1,000, 'Yearling'
  a year after sign-up if the user was active then
- tags (40): name, created_at before 2023; popularity LogNormal(0, 0.8); question_count holds TODAY's count of its
  questions not deleted
- `python forum.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first, then rows created after DATE are left out and every today's-state column (reputation, last_seen_at,
  status, suspended_at, score, accepted_answer_id, deleted_at, edited_at, view_count, question_count) is as it stood
  at DATE (exact)
- views: post_tags_timed (post_tags with its post's owner_id and created_at) and answers (post_id = the question: parent_id)
"""

import sys
from collections import defaultdict
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
T_NOW = (NOW - START).total_seconds()
T = (CUT - START).total_seconds()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def uuids(n):
    h = rng.integers(0, 16, (n, 32))
    s = ["".join("0123456789abcdef"[x] for x in row) for row in h]
    return np.array([f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}" for x in s])


WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.5])
MONTH = np.array([1.15, 1, 1, 1, 1, 1, 1, 0.8, 1, 1, 1, 0.7])

# ---------------- tags
NT = 40
TAG_NAMES = [
    "python", "javascript", "sql", "duckdb", "pandas", "numpy", "react", "css", "html", "java", "kotlin", "rust",
    "go", "c++", "c", "bash", "git", "docker", "kubernetes", "aws", "postgres", "mysql", "regex", "linux", "windows",
    "excel", "r", "statistics", "machine-learning", "pytorch", "spark", "scala", "haskell", "typescript", "node.js",
    "android", "ios", "swift", "php", "ruby",
]  # fmt: skip
tag_pop = np.exp(rng.normal(0, 0.8, NT))
tag_pop /= tag_pop.mean()
tag_created = START - pd.to_timedelta(rng.integers(100, 3000, NT), unit="D")

# ---------------- users
NU = 3000
sign0 = (pd.Timestamp("2022-06-01") - START).total_seconds()
u_signup = np.sort(sign0 + (T_NOW - sign0) * rng.beta(1.3, 1.0, NU))
u_qrate = np.exp(rng.normal(np.log(0.03), 1.1, NU))
u_ans = np.exp(rng.normal(0, 1.2, NU))
u_vote = np.exp(rng.normal(0, 0.8, NU))
u_skill = rng.normal(0, 1, NU)
u_accept = rng.beta(3, 2, NU)
u_follow = np.exp(rng.normal(np.log(0.004), 1.0, NU))
u_interest = 0.8 * rng.dirichlet(np.full(NT, 0.15), NU) + 0.2 * tag_pop / tag_pop.sum()
u_quit = u_signup + rng.exponential(np.exp(rng.normal(np.log(220), 0.7, NU))) * DAY
susp = rng.random(NU) < 0.04
u_susp = np.where(susp, u_signup + rng.uniform(20, 600, NU) * DAY, np.inf)
user_ids = uuids(NU)
users = pd.DataFrame(
    {
        "user_id": user_ids,
        "display_name": [f"user{i}" for i in rng.integers(1000, 10**6, NU)],
        "location": rng.choice(["US", "India", "Germany", "UK", "Brazil", "Canada", "France", "", None], NU),
        "website": np.where(rng.random(NU) < 0.3, "https://example.org", None),
        "signed_up_at": (START + pd.to_timedelta(u_signup, unit="s")).floor("s"),
    }
)

# ---------------- the day-by-day simulation (every random value drawn here, to NOW)
P = defaultdict(list)  # posts: owner, t, parent (index or -1), quality, deleted, tags
V = defaultdict(list)  # votes: user, post, up, t
C = defaultdict(list)  # comments: user, post, t
F = []  # follows: (follower, followee, t)
accept = {}  # question index -> (answer index, t)
edits = {}  # post index -> edit times
followee_w = u_ans * np.exp(u_skill)


def new_post(owner, t, parent, quality, tags):
    i = len(P["t"])
    P["owner"].append(owner)
    P["t"].append(t)
    P["parent"].append(parent)
    P["quality"].append(quality)
    P["tags"].append(tags)
    P["deleted"].append(t + rng.exponential(10) * DAY if rng.random() < sigmoid(-3.2 - 1.2 * quality) else np.inf)
    ne = rng.poisson(0.5)
    edits[i] = t + np.cumsum(rng.exponential(25, ne)) * DAY
    P["title_len"].append(int(rng.integers(15, 150)))
    P["body_len"].append(int(np.exp(rng.normal(6 + 0.15 * quality, 0.6))))
    return i


for d in range(ND):
    t0 = d * DAY
    day = START + pd.Timedelta(days=d)
    f = WEEKDAY[day.weekday()] * MONTH[day.month - 1]
    active = (u_signup <= t0 + DAY) & (u_quit > t0) & (u_susp > t0)
    nq = rng.poisson(u_qrate * active * f)
    askers = np.repeat(np.arange(NU), nq)
    qtimes = np.maximum(t0 + rng.random(len(askers)) * DAY, u_signup[askers])
    w_ans = u_ans * active
    made = []
    for u, t in zip(askers, qtimes, strict=True):
        tags = np.sort(rng.choice(NT, rng.integers(1, 4), replace=False, p=u_interest[u]))
        qual = 0.5 * u_skill[u] + rng.normal(0, 1)
        q = new_post(u, t, -1, qual, tags)
        made.append(q)
        na = rng.poisson(0.35 + 0.9 * np.exp(0.3 * qual) * tag_pop[tags].mean())
        w = w_ans * (u_interest[:, tags].sum(1) + 0.005)
        w[u] = 0
        na = min(na, int((w > 0).sum()))
        if na == 0:
            continue
        answerers = rng.choice(NU, na, replace=False, p=w / w.sum())
        best, best_q = -1, -np.inf
        for a in answerers:
            ta = t + (rng.exponential(0.8) if rng.random() < 0.7 else rng.exponential(20)) * DAY
            aq = u_skill[a] + 0.8 * np.log1p(20 * u_interest[a, tags].mean()) + rng.normal(0, 0.7)
            if ta >= P["deleted"][q]:
                continue
            ai = new_post(a, ta, q, aq, tags)
            made.append(ai)
            if P["deleted"][ai] == np.inf and aq > best_q:
                best, best_q = ai, aq
        if best >= 0 and rng.random() < u_accept[u] and best_q > -0.3:
            accept[q] = (best, P["t"][best] + rng.exponential(1.5) * DAY)
    # votes and comments on today's posts
    wv = u_vote * active
    cw = np.cumsum(wv)
    for p in made:
        nv = rng.poisson(2.5 * np.exp(0.6 * P["quality"][p]))
        voters = np.searchsorted(cw, rng.random(nv) * cw[-1])
        vt = P["t"][p] + rng.exponential(4, nv) * np.exp(rng.normal(0, 1, nv)) * DAY
        up = rng.random(nv) < sigmoid(1.5 * P["quality"][p] + 0.6)
        for v, tv, ok in zip(voters, vt, up, strict=True):
            if v != P["owner"][p] and tv < P["deleted"][p]:
                V["user"].append(v)
                V["post"].append(p)
                V["up"].append(ok)
                V["t"].append(tv)
        nc = rng.poisson(0.6 if P["parent"][p] < 0 else 0.35)
        for _ in range(nc):
            mine = rng.random() < 0.5
            who = P["owner"][p if P["parent"][p] < 0 else P["parent"][p]] if mine else None
            if who is None:
                who = int(np.searchsorted(cw, rng.random() * cw[-1]))
            tc = P["t"][p] + rng.exponential(1.0) * DAY
            if tc < P["deleted"][p]:
                C["user"].append(who)
                C["post"].append(p)
                C["t"].append(tc)
    # follows
    nf = rng.poisson(u_follow * active)
    for u in np.repeat(np.arange(NU), nf):
        w = followee_w * (u_signup <= t0)
        w[u] = 0
        F.append((u, int(rng.choice(NU, p=w / w.sum())), t0 + rng.random() * DAY))

# ---------------- derived from the full simulation (to NOW); ids assigned before any cut
NP = len(P["t"])
p_t = np.array(P["t"])
p_owner = np.array(P["owner"])
p_parent = np.array(P["parent"])
p_quality = np.array(P["quality"])
p_deleted = np.array(P["deleted"])
is_q = p_parent < 0
order = np.argsort(p_t, kind="stable")  # ids in creation order
p_ids = np.empty(NP, dtype=object)
p_ids[order] = uuids(NP)
n_answers = np.bincount(p_parent[~is_q], minlength=NP)  # answers ever (to NOW)
v_max = np.exp(rng.normal(np.log(150) + 0.5 * p_quality + np.log1p(n_answers), 0.5))

v_user = np.array(V["user"], int)
v_post = np.array(V["post"], int)
v_up = np.array(V["up"], bool)
v_t = np.array(V["t"])
vo = np.argsort(v_t, kind="stable")
v_user, v_post, v_up, v_t = v_user[vo], v_post[vo], v_up[vo], v_t[vo]
c_user = np.array(C["user"], int)
c_post = np.array(C["post"], int)
c_t = np.array(C["t"])
co = np.argsort(c_t, kind="stable")
c_user, c_post, c_t = c_user[co], c_post[co], c_t[co]
c_len = np.exp(rng.normal(4, 0.7, len(c_t))).astype(int)

# follows: the first of each pair
fl = pd.DataFrame(F, columns=["follower", "followee", "t"]).sort_values("t", kind="stable")
fl = fl.drop_duplicates(["follower", "followee"], keep="first")

# badges (to NOW)
B = []  # (user, name, t)
for u, t in pd.Series(p_t[is_q]).groupby(p_owner[is_q]).min().items():
    B.append((u, "Student", t))
for u, t in pd.Series(p_t[~is_q]).groupby(p_owner[~is_q]).min().items():
    B.append((u, "Teacher", t))
acc_t = {}
for q, (_a, t) in accept.items():
    acc_t.setdefault(p_owner[q], []).append(t)
for u, ts_ in acc_t.items():
    B.append((u, "Scholar", min(ts_)))
ups = pd.DataFrame({"post": v_post[v_up], "t": v_t[v_up]})
ups = ups[~is_q[ups.post.to_numpy()]]
tenth = ups.groupby("post").t.apply(lambda s: s.iloc[9] if len(s) >= 10 else np.nan).dropna()
for p, t in tenth.items():
    if t < p_deleted[p]:
        B.append((p_owner[p], "Nice Answer", t))
for p in np.flatnonzero(is_q & (v_max >= 1000)):
    t = p_t[p] - 20 * DAY * np.log(1 - 1000 / v_max[p])
    if t < p_deleted[p]:
        B.append((p_owner[p], "Popular Question", t))
for u in range(NU):
    t = u_signup[u] + 365 * DAY
    if u_quit[u] > t and u_susp[u] > t:
        B.append((u, "Yearling", t))
bd = pd.DataFrame(B, columns=["user", "name", "t"])
bd = bd[bd.t <= T_NOW].sort_values(["t", "user"], kind="stable").reset_index(drop=True)
bd["badge_id"] = np.arange(1, len(bd) + 1)


# ---------------- tables as they stood at CUT
def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


seen = p_t <= T
gone = p_deleted <= T  # deleted by CUT
vk = v_t <= T
vote_val = np.where(v_up, 1, -1)
score = np.bincount(v_post[vk], weights=vote_val[vk], minlength=NP).astype(int)
acc_id = np.full(NP, None, dtype=object)
acc_ok = []  # (asker, answer owner) of accepts by CUT
for q, (a, t) in accept.items():
    if t <= T:
        acc_id[q] = p_ids[a]
        acc_ok.append((q, a))
# an owner edits while still active (edits drawn after the owner quit or was suspended are dropped)
edits = {i: e[(e < u_quit[p_owner[i]]) & (e < u_susp[p_owner[i]]) & (e < p_deleted[i])] for i, e in edits.items()}
last_edit = np.array([(e[e <= T].max() if (e <= T).any() else np.nan) for e in (edits[i] for i in range(NP))])
age = np.maximum(T - p_t, 0)
views = np.where(is_q, np.floor(v_max * (1 - np.exp(-age / (20 * DAY)))), np.nan)

posts = pd.DataFrame(
    {
        "post_id": p_ids,
        "post_type": np.where(is_q, "question", "answer"),
        "parent_id": np.where(is_q, None, p_ids[np.maximum(p_parent, 0)]),
        "owner_id": user_ids[p_owner],
        "created_at": ts(p_t),
        "title_len": np.where(is_q, P["title_len"], np.nan),
        "body_len": P["body_len"],
        "score": score,
        "view_count": views,
        "accepted_answer_id": acc_id,
        "edited_at": ts(last_edit),
        "deleted_at": ts(known(p_deleted)),
    }
)
posts["title_len"] = posts.title_len.astype("Int64")
posts["view_count"] = posts.view_count.astype("Int64")
posts = posts.iloc[order][seen[order]]

pt = [(p_ids[p], tg + 1, p_t[p]) for p in np.flatnonzero(is_q) for tg in P["tags"][p]]
post_tags = pd.DataFrame(pt, columns=["post_id", "tag_id", "t"]).sort_values("t", kind="stable")
post_tags = post_tags[post_tags.t <= T][["post_id", "tag_id"]]

votes = pd.DataFrame(
    {
        "vote_id": np.arange(1, len(v_t) + 1),
        "user_id": user_ids[v_user],
        "post_id": p_ids[v_post],
        "vote_type": np.where(v_up, "up", "down"),
        "created_at": ts(v_t).tz_localize("UTC"),
    }
)[vk]
comments = pd.DataFrame(
    {
        "comment_id": np.arange(1, len(c_t) + 1),
        "post_id": p_ids[c_post],
        "user_id": user_ids[c_user],
        "created_at": ts(c_t),
        "text_len": c_len,
    }
)[c_t <= T]
follows = pd.DataFrame(
    {
        "follower_id": user_ids[fl.follower.to_numpy()],
        "followee_id": user_ids[fl.followee.to_numpy()],
        "created_at": ts(fl.t),
    }
)[fl.t.to_numpy() <= T]
badges = pd.DataFrame(
    {"badge_id": bd.badge_id, "user_id": user_ids[bd.user.to_numpy()], "name": bd.name, "awarded_at": ts(bd.t)}
)[bd.t.to_numpy() <= T]

# users' today's state at CUT
live = seen & ~gone  # posts that count for reputation
rep = np.ones(NU)
vv = vk & live[v_post]
gain = np.where(v_up[vv], np.where(is_q[v_post[vv]], 5, 10), -2)
rep += np.bincount(p_owner[v_post[vv]], weights=gain, minlength=NU)
for q, a in acc_ok:
    if live[a]:
        rep[p_owner[a]] += 15
    if live[q]:
        rep[p_owner[q]] += 2
acts = pd.concat(
    [
        pd.DataFrame({"u": p_owner[seen], "t": p_t[seen]}),
        pd.DataFrame({"u": v_user[vk], "t": v_t[vk]}),
        pd.DataFrame({"u": c_user[c_t <= T], "t": c_t[c_t <= T]}),
    ]
)
last_seen = acts.groupby("u").t.max().reindex(np.arange(NU)).to_numpy()
users["reputation"] = rep.astype(int)
users["last_seen_at"] = ts(last_seen)
users["status"] = np.where(u_susp <= T, "suspended", "active")
users["suspended_at"] = ts(known(u_susp))
users = users[u_signup <= T]

q_live = is_q & live
tag_counts = np.zeros(NT, int)
for p in np.flatnonzero(q_live):
    tag_counts[P["tags"][p]] += 1
tags = pd.DataFrame(
    {
        "tag_id": np.arange(1, NT + 1),
        "name": TAG_NAMES,
        "created_at": tag_created,
        "question_count": tag_counts,
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("SET TimeZone = 'UTC'")
con.execute("""
CREATE TABLE users (user_id VARCHAR PRIMARY KEY, display_name VARCHAR, location VARCHAR, website VARCHAR,
                    signed_up_at TIMESTAMP, reputation INTEGER, last_seen_at TIMESTAMP, status VARCHAR,
                    suspended_at TIMESTAMP);
CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, name VARCHAR, created_at TIMESTAMP, question_count INTEGER);
CREATE TABLE posts (post_id VARCHAR PRIMARY KEY, post_type VARCHAR, parent_id VARCHAR, owner_id VARCHAR,
                    created_at TIMESTAMP, title_len INTEGER, body_len INTEGER, score INTEGER, view_count INTEGER,
                    accepted_answer_id VARCHAR, edited_at TIMESTAMP, deleted_at TIMESTAMP);
CREATE TABLE post_tags (post_id VARCHAR, tag_id INTEGER);
CREATE TABLE votes (vote_id INTEGER PRIMARY KEY, user_id VARCHAR, post_id VARCHAR, vote_type VARCHAR,
                    created_at TIMESTAMP WITH TIME ZONE);
CREATE TABLE comments (comment_id INTEGER PRIMARY KEY, post_id VARCHAR, user_id VARCHAR, created_at TIMESTAMP,
                       text_len INTEGER);
CREATE TABLE follows (follower_id VARCHAR, followee_id VARCHAR, created_at TIMESTAMP);
CREATE TABLE badges (badge_id INTEGER PRIMARY KEY, user_id VARCHAR, name VARCHAR, awarded_at TIMESTAMP);
""")
for name, df in [
    ("users", users),
    ("tags", tags),
    ("posts", posts),
    ("post_tags", post_tags),
    ("votes", votes),
    ("comments", comments),
    ("follows", follows),
    ("badges", badges),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
# views a user makes for PQL's one-hop aggregations: the link table's rows dated by their post (and its owner),
# and the answers as a table of their own (the self-link parent_id named for what it points at)
con.execute("""
CREATE VIEW post_tags_timed AS SELECT t.post_id, t.tag_id, p.owner_id, p.created_at
    FROM post_tags AS t JOIN posts AS p ON t.post_id = p.post_id;
CREATE VIEW answers AS SELECT post_id AS answer_id, parent_id AS post_id, owner_id, created_at, body_len, score,
    edited_at, deleted_at FROM posts WHERE parent_id IS NOT NULL;
""")
con.close()
