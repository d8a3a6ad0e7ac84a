"""A code-hosting platform's production database (GitHub-like: users, orgs, repos, repo members, commits, issues
with an event log, pull requests, reviews, stars), seeded: `python benchmarks/trials/codehost.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy
default_rng(0)): 2,500 users, 60 orgs, 1,000 repos, 969 current memberships, 95k commits, 17k issues, 65k issue
events, 14k pull requests, 10.7k reviews, 30k stars (about 14 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW (days are
floats from START; pre-START entities have negative times).

Truth (seed 0):
- users (2,500): 65% created 2015..2022, 35% during the span; language preference (7 languages, skewed);
  activity u_act LogNormal(0, .8), star propensity u_star LogNormal(0, 1); each user quits (stops every action)
  max(created, START) + Exp(900 days) (hidden)
- orgs (60): 3 + Poisson(5) member users each (hidden); plan free/team/enterprise is noise
- repos (1,000): 55% created before START, 45% during the span (uniform); 35% owned by an org (org_id set,
  owner_id NULL), else by a user (owner_id); 20% of span repos are forks (forked_from_id) of a repo drawn
  proportional to (its stars so far + 1), with activity x .3 and popularity x .1
  base activity LogNormal(log .3, .9), popularity LogNormal(0, 1.3) (heavy tail), decay tau LogNormal(log 250, .6)
  days, maintainer responsiveness resp LogNormal(0, .5); language = owner's w.p. .8
- decay(t) = .2 + .8 exp(-age / tau); bursts: per repo-day p = .004 a burst += U(2, 6), burst *= exp(-1/12) daily
- members (contributors' churn): creator + Poisson(1.5) (org repos + Poisson(3)) at creation; new member per
  repo-day w.p. .004 x (decay + burst) from users of the repo's language; member weight LogNormal(-.5, .8); a
  member leaves after Exp(500 days) (the creator Exp(2000)), or when the user quits. repo_members holds only
  TODAY's memberships (rows of members who left are deleted); role is 'admin' for the creator
- commits per repo-day: Poisson(base x decay x (1 + burst) x sum of active members' weights x season), season:
  weekend .5, December .8; author = an active member proportional to weight; 6% of commits have author_id NULL
  (an email not linked to an account); additions LogNormal(log 30, 1.3), deletions LogNormal(log 10, 1.3)
- stars per repo-day: Poisson(.04 x pop x (.3 + .7 decay) x (1 + 1.5 burst) x (1 + stars/50)^.35), archived x .2;
  the user: w.p. .7 an active user of the repo's language, else any active user, proportional to u_star (a
  user stars a repo once; 3 tries)
- issues per repo-day: Poisson(.02 pop (.3 + .7 decay)(1 + burst) + .06 base decay team); author 75% any active
  user (x u_act), 25% a member; labels 0-2 of bug/enhancement/question/docs/good first issue/wontfix;
  it closes w.p. .8 if the repo has an active member at opening (else .25) after Exp(10 / resp x label factor)
  days (bug .6, question .3, enhancement 2.5, docs 1, wontfix .2, good first issue 1.5; the smallest); a merged
  PR that fixes it closes it at merge + 60 s if sooner; 4% of closed issues are reopened Exp(3 days) later and
  stay open (closed_at back to NULL, state 'open'); issue_events logs 'labeled' (at opening), 'commented'
  (Poisson(1.5 + 2 bug), spread over the time to close, or Exp(20 days)), 'closed', 'reopened'
- pull requests per repo-day: Poisson(.1 base decay (1 + burst) team + .01 pop decay); author 70% an active
  member (if any), else an outside active user; size additions LogNormal(log 80, 1.2); reviewers: min(3, active
  members other than the author, Poisson(.5 + .25 team size)); each reviews at created + Exp(1.5 / resp days);
  verdict softmax over (approved, changes_requested, commented) with logits (-.3 + .5 log1p(author merges) -
  .4 log1p(size / 200) + .8 member, .2 + .3 log1p(size / 200) - .3 log1p(author merges), 0), where author merges
  = the author's PRs merged (anywhere) before this one was created
  merged w.p. sigmoid(-1 + .6 log1p(author merges) + .5 reviewers + 1 approvals - 1.2 change requests + .8
  member) at (last review or created) + Exp(.7 day); else closed w.p. .7 at created + Exp(12 days), else open
  forever; 40% of member PRs fix an issue of the repo open at the time (fixes_issue_id)
- archive: per repo-day hazard 1/150 when decay < .35, no active member and burst < .5; then no commits, issues,
  PRs
- TODAY's state: repos.stars_count, forks_count, open_issues_count, pushed_at, updated_at, is_archived;
  users.public_repos, last_active_at; issues.state (and closed_at, NULL again after a reopen);
  pull_requests.state; repo_members (only current rows). Filled in later: issues.closed_at,
  pull_requests.merged_at / closed_at, repos.archived_at
- keys: PKs declared on users, orgs, repos (named `id`), commits (sha, text), issues, pull_requests; REFERENCES
  declared only for repos.owner_id, repos.org_id, commits.repo_id; everything else undeclared (forked_from_id,
  stars, repo_members, pr_reviews, issues, pull_requests, issue_events); issue_events.issue_id is TEXT;
  pr_reviews and stars have no key
- `--as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn first (the
  simulation always runs to NOW), then rows created after DATE are left out and every today's-state /
  filled-later column is as it stood at DATE
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds() / 86400.0  # in days
INF = np.inf


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float) * 86400.0, unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


LANGS = np.array(["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++"])
LANG_P = np.array([0.28, 0.22, 0.16, 0.1, 0.08, 0.1, 0.06])
LABELS = ["bug", "enhancement", "question", "docs", "good first issue", "wontfix"]
LABEL_P = np.array([0.35, 0.25, 0.15, 0.1, 0.1, 0.05])
LABEL_F = dict(zip(LABELS, [0.6, 2.5, 0.3, 1.0, 1.5, 0.2], strict=True))

# ---------------- users
NU = 2500
u_created = np.where(rng.random(NU) < 0.65, rng.uniform(-8 * 365, -1, NU), rng.uniform(0, ND - 1, NU))
u_lang = rng.choice(len(LANGS), NU, p=LANG_P)
u_act = np.exp(rng.normal(0, 0.8, NU))
u_star = np.exp(rng.normal(0, 1.0, NU))
u_quit = np.maximum(u_created, 0) + rng.exponential(900, NU)
u_bot = rng.random(NU) < 0.02

# ---------------- orgs
NO = 60
o_created = rng.uniform(-6 * 365, -30, NO)
o_members = [rng.choice(np.flatnonzero(u_created < 0), 3 + rng.poisson(5), replace=False) for _ in range(NO)]
o_plan = rng.choice(["free", "team", "enterprise"], NO, p=[0.6, 0.3, 0.1])

# ---------------- repos (attributes drawn up front; owners of span repos chosen on their day)
NR = 1000
pre = rng.random(NR) < 0.55
r_created = np.sort(np.where(pre, rng.uniform(-6 * 365, -1, NR), rng.uniform(0, ND - 1, NR)))
r_is_org = rng.random(NR) < 0.35
r_org = np.where(r_is_org, rng.integers(0, NO, NR), -1)
r_base = np.exp(rng.normal(np.log(0.3), 0.9, NR))
r_pop = np.exp(rng.normal(0, 1.3, NR))
r_tau = np.exp(rng.normal(np.log(250), 0.6, NR))
r_resp = np.exp(rng.normal(0, 0.5, NR))
r_fork_draw = rng.random(NR) < 0.2
r_lang_draw = rng.random(NR)
r_lang_rand = rng.choice(len(LANGS), NR, p=LANG_P)
r_owner = np.full(NR, -1)  # the creating user
r_lang = np.full(NR, -1)
r_fork = np.full(NR, -1)
r_arch = np.full(NR, INF)

# members: global growable arrays
M_r, M_u, M_w, M_add, M_left, M_role = [], [], [], [], [], []


def add_member(r, u, t, creator=False):
    M_r.append(r)
    M_u.append(u)
    M_w.append(float(np.exp(rng.normal(-0.5, 0.8))))
    M_add.append(t)
    M_left.append(min(t + rng.exponential(2000 if creator else 500), u_quit[u]))
    M_role.append("admin" if creator else rng.choice(["write", "write", "write", "maintain", "triage"]))


def active_users(t):
    return np.flatnonzero((u_created <= t) & (u_quit > t))


def create_repo(r, t, stars_cnt):
    if r_is_org[r]:
        pool = o_members[r_org[r]]
        cand = pool[(u_created[pool] <= t) & (u_quit[pool] > t)]
        if len(cand) == 0:
            cand = pool
    else:
        cand = active_users(t) if t >= 0 else np.flatnonzero(u_created <= t)
        if len(cand) == 0:
            cand = np.argsort(u_created)[:50]
    owner = int(cand[rng.integers(0, len(cand))])
    r_owner[r] = owner
    r_lang[r] = u_lang[owner] if r_lang_draw[r] < 0.8 else r_lang_rand[r]
    if t >= 0 and r_fork_draw[r]:
        older = np.flatnonzero(r_created < t)
        older = older[older != r]
        if len(older):
            p = stars_cnt[older] + 1.0
            src = int(older[rng.choice(len(older), p=p / p.sum())])
            r_fork[r] = src
            r_base[r] *= 0.3
            r_pop[r] *= 0.1
            r_lang[r] = r_lang[src]
    add_member(r, owner, t, creator=True)
    k = rng.poisson(1.5) + (rng.poisson(3) if r_is_org[r] else 0)
    pool = o_members[r_org[r]] if r_is_org[r] else np.flatnonzero(u_lang == r_lang[r])
    for u in rng.choice(pool, min(k, len(pool)), replace=False):
        if u != owner and u_created[u] <= max(t, 0):
            add_member(r, int(u), max(t, u_created[u]), False)


stars_cnt = np.zeros(NR)
for r in np.flatnonzero(r_created < 0):
    create_repo(r, r_created[r], stars_cnt)

# event stores
C = {k: [] for k in ["r", "u", "t", "add", "dele"]}
S = {k: [] for k in ["u", "r", "t"]}
starred = set()
ISS = {k: [] for k in ["r", "u", "t", "labels", "close", "reopen", "comments"]}
repo_issues = [[] for _ in range(NR)]
PR = {k: [] for k in ["r", "u", "t", "add", "dele", "merged", "closed", "fixes"]}
RV = {k: [] for k in ["pr", "u", "t", "verdict"]}
user_merges = [[] for _ in range(NU)]

burst = np.zeros(NR)
for d in range(ND):
    t0 = float(d)
    day = START + pd.Timedelta(days=d)
    season = (0.5 if day.weekday() >= 5 else 1.0) * (0.8 if day.month == 12 else 1.0)
    for r in np.flatnonzero((r_created >= t0) & (r_created < t0 + 1)):
        create_repo(r, r_created[r], stars_cnt)
    exists = r_created < t0 + 1
    alive = exists & (r_arch > t0)
    burst *= np.exp(-1 / 12)
    nb = rng.random(NR) < 0.004
    burst[nb] += rng.uniform(2, 6, nb.sum())
    age = np.maximum(t0 - r_created, 0)
    decay = 0.2 + 0.8 * np.exp(-age / r_tau)
    # member joins
    join = alive & (rng.random(NR) < 0.004 * (decay + burst))
    au = active_users(t0)
    for r in np.flatnonzero(join):
        cand = au[u_lang[au] == r_lang[r]]
        if len(cand):
            add_member(r, int(cand[rng.integers(0, len(cand))]), t0 + rng.random(), False)
    Mr = np.array(M_r)
    Mact = (np.array(M_add) <= t0) & (np.array(M_left) > t0 + 1)
    Mw = np.array(M_w)
    team = np.bincount(Mr[Mact], weights=Mw[Mact], minlength=NR)
    nteam = np.bincount(Mr[Mact], minlength=NR)
    act_idx = np.flatnonzero(Mact)
    order = np.argsort(Mr[act_idx], kind="stable")
    act_idx = act_idx[order]
    bounds = np.searchsorted(Mr[act_idx], np.arange(NR + 1))

    def members_of(r, act_idx=act_idx, bounds=bounds):
        return act_idx[bounds[r] : bounds[r + 1]]

    # commits
    lam = r_base * decay * (1 + burst) * team * season * alive
    nc = rng.poisson(lam)
    for r in np.flatnonzero(nc):
        mi = members_of(r)
        w = Mw[mi]
        pick = mi[rng.choice(len(mi), nc[r], p=w / w.sum())]
        C["r"].extend([r] * nc[r])
        C["u"].extend(np.array(M_u)[pick].tolist())
        C["t"].extend((t0 + rng.random(nc[r])).tolist())
        C["add"].extend(np.exp(rng.normal(np.log(30), 1.3, nc[r])).astype(int).tolist())
        C["dele"].extend(np.exp(rng.normal(np.log(10), 1.3, nc[r])).astype(int).tolist())
    # stars
    lam_s = 0.04 * r_pop * (0.3 + 0.7 * decay) * (1 + 1.5 * burst) * (1 + stars_cnt / 50) ** 0.35
    lam_s = lam_s * np.where(alive, 1.0, np.where(exists, 0.2, 0.0))
    ns = rng.poisson(lam_s)
    if ns.sum():
        w_all = u_star[au]
        cum_all = np.cumsum(w_all)
        by_lang = {}
        for L in range(len(LANGS)):
            sel = au[u_lang[au] == L]
            by_lang[L] = (sel, np.cumsum(u_star[sel]))
        for r in np.flatnonzero(ns):
            for _ in range(ns[r]):
                for _try in range(3):
                    if rng.random() < 0.7 and len(by_lang[r_lang[r]][0]):
                        sel, cum = by_lang[r_lang[r]]
                    else:
                        sel, cum = au, cum_all
                    u = int(sel[min(np.searchsorted(cum, rng.random() * cum[-1]), len(sel) - 1)])
                    if (u, r) not in starred:
                        starred.add((u, r))
                        S["u"].append(u)
                        S["r"].append(r)
                        S["t"].append(t0 + rng.random())
                        stars_cnt[r] += 1
                        break
    # issues
    lam_i = (0.02 * r_pop * (0.3 + 0.7 * decay) * (1 + burst) + 0.06 * r_base * decay * team) * alive
    ni = rng.poisson(lam_i)
    p_act = u_act[au] / u_act[au].sum()
    for r in np.flatnonzero(ni):
        mi = members_of(r)
        for _ in range(ni[r]):
            t = t0 + rng.random()
            if rng.random() < 0.25 and len(mi):
                u = int(M_u[mi[rng.integers(0, len(mi))]])
            else:
                u = int(au[rng.choice(len(au), p=p_act)])
            nl = rng.choice(3, p=[0.3, 0.5, 0.2])
            labs = list(rng.choice(LABELS, nl, replace=False, p=LABEL_P)) if nl else []
            fac = min([LABEL_F[x] for x in labs]) if labs else 1.0
            closes = rng.random() < (0.8 if len(mi) else 0.25)
            close = t + rng.exponential(10 / r_resp[r] * fac) if closes else INF
            reopen = rng.exponential(3) if rng.random() < 0.04 else INF
            ncom = rng.poisson(1.5 + 2 * ("bug" in labs))
            span = (close - t) if closes else rng.exponential(20)
            com = (t + rng.random(ncom) * span).tolist()
            com_u = au[rng.integers(0, len(au), ncom)].tolist()
            repo_issues[r].append(len(ISS["r"]))
            ISS["r"].append(r)
            ISS["u"].append(u)
            ISS["t"].append(t)
            ISS["labels"].append(labs)
            ISS["close"].append(close)
            ISS["reopen"].append(reopen)
            ISS["comments"].append(list(zip(com, com_u, strict=True)))
    # pull requests
    lam_p = (0.1 * r_base * decay * (1 + burst) * team + 0.01 * r_pop * decay) * alive
    npr = rng.poisson(lam_p)
    for r in np.flatnonzero(npr):
        mi = members_of(r)
        for _ in range(npr[r]):
            t = t0 + rng.random()
            member = len(mi) > 0 and rng.random() < 0.7
            u = int(M_u[mi[rng.integers(0, len(mi))]]) if member else int(au[rng.choice(len(au), p=p_act)])
            merges = sum(1 for m in user_merges[u] if m < t)
            size = int(np.exp(rng.normal(np.log(80), 1.2)))
            dele = int(size * rng.uniform(0.05, 0.8))
            revs = [int(M_u[m]) for m in mi if M_u[m] != u]
            k = min(3, len(revs), rng.poisson(0.5 + 0.25 * len(mi)))
            revs = list(rng.choice(revs, k, replace=False)) if k else []
            pr_i = len(PR["r"])
            napp = nch = 0
            last = t
            for v in revs:
                rt = t + rng.exponential(1.5 / r_resp[r])
                lg = np.array(
                    [
                        -0.3 + 0.5 * np.log1p(merges) - 0.4 * np.log1p(size / 200) + 0.8 * member,
                        0.2 + 0.3 * np.log1p(size / 200) - 0.3 * np.log1p(merges),
                        0.0,
                    ]
                )
                p = np.exp(lg) / np.exp(lg).sum()
                vd = ["approved", "changes_requested", "commented"][rng.choice(3, p=p)]
                napp += vd == "approved"
                nch += vd == "changes_requested"
                last = max(last, rt)
                RV["pr"].append(pr_i)
                RV["u"].append(int(v))
                RV["t"].append(rt)
                RV["verdict"].append(vd)
            z = -1 + 0.6 * np.log1p(merges) + 0.5 * k + 1.0 * napp - 1.2 * nch + 0.8 * member
            merged = last + rng.exponential(0.7) if rng.random() < 1 / (1 + np.exp(-z)) else INF
            closed = merged if merged < INF else (t + rng.exponential(12) if rng.random() < 0.7 else INF)
            fixes = -1
            if member and rng.random() < 0.4:
                open_iss = [i for i in repo_issues[r] if ISS["t"][i] < t and ISS["close"][i] > t]
                if open_iss:
                    fixes = open_iss[rng.integers(0, len(open_iss))]
                    if merged < ISS["close"][fixes]:
                        ISS["close"][fixes] = merged + 60 / 86400
            if merged < INF:
                user_merges[u].append(merged)
            PR["r"].append(r)
            PR["u"].append(u)
            PR["t"].append(t)
            PR["add"].append(size)
            PR["dele"].append(dele)
            PR["merged"].append(merged)
            PR["closed"].append(closed)
            PR["fixes"].append(fixes)
    # archive
    arch = alive & (decay < 0.35) & (team == 0) & (burst < 0.5) & (rng.random(NR) < 1 / 150)
    r_arch[arch] = t0 + rng.random(arch.sum())

# ---------------- random values drawn after the simulation (independent of CUT)
NC = len(C["r"])
sha = [f"{a:016x}{b:016x}{c:08x}" for a, b, c in zip(*(rng.integers(0, 2**63, NC) for _ in range(2)),
                                                      rng.integers(0, 2**31, NC), strict=True)]
c_null_author = rng.random(NC) < 0.06
c_msg = rng.choice(["fix", "wip", "update deps", "refactor", "add tests", "docs", "merge branch"], NC)
u_login = [f"user{i}{rng.choice(['', '-dev', '_x', '42'])}" for i in range(NU)]
u_email = np.where(rng.random(NU) < 0.3, None, [f"u{i}@mail.example" for i in range(NU)])
u_loc = rng.choice(["Berlin", "SF", "Bangalore", "London", "", None], NU)
u_hire = rng.random(NU) < 0.3
r_desc = rng.choice(["A library", "CLI tool", "My dotfiles", "Toy project", None], NR)
r_branch = rng.choice(["main", "master", "develop"], NR, p=[0.7, 0.25, 0.05])
NI = len(ISS["r"])
i_title = rng.choice(["Crash on start", "Feature request", "How do I ...", "Typo in docs", "Slow build"], NI)

# ---------------- tables as they stood at CUT
c = pd.DataFrame(C)
c["sha"] = sha
c["null_author"] = c_null_author
c["msg"] = c_msg
c = c.sort_values("t", kind="stable")
c = c[c.t <= T]
commits = pd.DataFrame(
    {
        "sha": c.sha,
        "repo_id": c.r + 1,
        "author_id": np.where(c.null_author, np.nan, c.u + 1),
        "committed_at": ts(c.t),
        "additions": c["add"],
        "deletions": c.dele,
        "message": c.msg,
    }
)
commits["author_id"] = commits.author_id.astype("Int64")

s = pd.DataFrame(S).sort_values("t", kind="stable")
s = s[s.t <= T]
stars = pd.DataFrame({"user_id": s.u + 1, "repo_id": s.r + 1, "starred_at": ts(s.t)})

iss = pd.DataFrame({k: ISS[k] for k in ["r", "u", "t", "close", "reopen"]})
iss["labels"] = [",".join(x) if x else None for x in ISS["labels"]]
iss["title"] = i_title
iss["issue_id"] = np.arange(1, NI + 1)
ro_abs = iss.close + iss.reopen  # reopen time (inf if none / never closed)
iss = iss.assign(ro_abs=ro_abs)
iss["number"] = iss.groupby("r").cumcount() + 1
isv = iss[iss.t <= T]
closed_now = (isv.close <= T) & (isv.ro_abs > T)
issues = pd.DataFrame(
    {
        "issue_id": isv.issue_id,
        "repo_id": isv.r + 1,
        "number": isv.number,
        "author_id": isv.u + 1,
        "title": isv.title,
        "labels": isv.labels,
        "opened_at": ts(isv.t),
        "closed_at": ts(np.where(closed_now, isv.close, np.nan)),
        "state": np.where(closed_now, "closed", "open"),
    }
)
ev = []
for i in range(NI):
    t = ISS["t"][i]
    for _ in ISS["labels"][i]:
        ev.append((i, ISS["u"][i], t + 1 / 86400, "labeled"))
    for ct, cu in ISS["comments"][i]:
        ev.append((i, cu, ct, "commented"))
    if ISS["close"][i] < INF:
        ev.append((i, -1, ISS["close"][i], "closed"))
        if ro_abs[i] < INF:
            ev.append((i, ISS["u"][i], ro_abs[i], "reopened"))
ev = pd.DataFrame(ev, columns=["i", "u", "t", "event"]).sort_values("t", kind="stable").reset_index(drop=True)
ev["event_id"] = np.arange(1, len(ev) + 1)
ev = ev[ev.t <= T]
issue_events = pd.DataFrame(
    {
        "event_id": ev.event_id,
        "issue_id": (ev.i + 1).astype(str),
        "actor_id": np.where(ev.u >= 0, ev.u + 1, np.nan),
        "event": ev.event,
        "created_at": ts(ev.t),
    }
)
issue_events["actor_id"] = issue_events.actor_id.astype("Int64")

pr = pd.DataFrame(PR)
pr["pr_id"] = np.arange(1, len(pr) + 1)
pr["number"] = pr.groupby("r").cumcount() + 1
prv = pr[pr.t <= T]
merged_now = prv.merged <= T
closed_pr = prv.closed <= T
pull_requests = pd.DataFrame(
    {
        "pr_id": prv.pr_id,
        "repo_id": prv.r + 1,
        "number": prv.number,
        "author_id": prv.u + 1,
        "created_at": ts(prv.t),
        "merged_at": ts(known(prv.merged)),
        "closed_at": ts(known(prv.closed)),
        "state": np.where(merged_now, "merged", np.where(closed_pr, "closed", "open")),
        "additions": prv["add"],
        "deletions": prv.dele,
        "fixes_issue_id": np.where((prv.fixes >= 0) & (prv.fixes.map(lambda i: ISS["t"][i] if i >= 0 else 0) <= T),
                                   prv.fixes + 1, np.nan),
    }
)
pull_requests["fixes_issue_id"] = pull_requests.fixes_issue_id.astype("Int64")
rv = pd.DataFrame(RV).sort_values("t", kind="stable")
rv = rv[rv.t <= T]
pr_reviews = pd.DataFrame(
    {"pr_id": rv.pr + 1, "reviewer_id": rv.u + 1, "reviewed_at": ts(rv.t), "verdict": rv.verdict}
)

mem = pd.DataFrame({"r": M_r, "u": M_u, "add": M_add, "left": M_left, "role": M_role})
mem = mem[(mem["add"] <= T) & (mem.left > T)]
repo_members = pd.DataFrame(
    {"user_id": mem.u + 1, "repo_id": mem.r + 1, "role": mem.role, "added_at": ts(np.maximum(mem["add"], -9999))}
)

# repos' today's state
ex = r_created <= T
last_push = c.groupby("r").t.max().reindex(np.arange(NR)).to_numpy()
last_issue = isv.groupby("r").t.max().reindex(np.arange(NR)).to_numpy()
n_open = (~closed_now).groupby(isv.r).sum().reindex(np.arange(NR)).fillna(0).to_numpy()
forks_cnt = pd.Series(r_fork[(r_fork >= 0) & ex]).value_counts().reindex(np.arange(NR)).fillna(0).to_numpy()
repos = pd.DataFrame(
    {
        "id": np.arange(1, NR + 1),
        "name": [f"{LANGS[r_lang[r]].lower()}-proj-{r}" for r in range(NR)],
        "owner_id": np.where(r_is_org, np.nan, r_owner + 1),
        "org_id": np.where(r_is_org, r_org + 1, np.nan),
        "forked_from_id": np.where(r_fork >= 0, r_fork + 1, np.nan),
        "language": LANGS[r_lang],
        "description": r_desc,
        "default_branch": r_branch,
        "created_at": ts(r_created),
        "pushed_at": ts(last_push),
        "updated_at": ts(np.fmax(np.fmax(last_push, last_issue), r_created)),
        "stars_count": s.groupby("r").size().reindex(np.arange(NR)).fillna(0).astype(int).to_numpy(),
        "forks_count": forks_cnt.astype(int),
        "open_issues_count": n_open.astype(int),
        "is_archived": r_arch <= T,
        "archived_at": ts(known(r_arch)),
    }
)[ex]
for col in ["owner_id", "org_id", "forked_from_id"]:
    repos[col] = repos[col].astype("Int64")

# users' today's state
uex = u_created <= T
pub = pd.Series(r_owner[ex & ~r_is_org]).value_counts().reindex(np.arange(NU)).fillna(0).to_numpy()
acts = pd.concat([c[["u", "t"]], s[["u", "t"]], isv[["u", "t"]], prv[["u", "t"]]])
last_act = acts.groupby("u").t.max().reindex(np.arange(NU)).to_numpy()
users = pd.DataFrame(
    {
        "user_id": np.arange(1, NU + 1),
        "login": u_login,
        "email": u_email,
        "location": u_loc,
        "type": np.where(u_bot, "Bot", "User"),
        "hireable": u_hire,
        "created_at": ts(u_created),
        "public_repos": pub.astype(int),
        "last_active_at": ts(last_act),
    }
)[uex]
orgs = pd.DataFrame(
    {
        "org_id": np.arange(1, NO + 1),
        "login": [f"org-{i}" for i in range(NO)],
        "plan": o_plan,
        "created_at": ts(o_created),
    }
)[o_created <= T]

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE users (user_id INTEGER PRIMARY KEY, login VARCHAR, email VARCHAR, location VARCHAR, type VARCHAR,
                    hireable BOOLEAN, created_at TIMESTAMP, public_repos INTEGER, last_active_at TIMESTAMP);
CREATE TABLE orgs (org_id INTEGER PRIMARY KEY, login VARCHAR, plan VARCHAR, created_at TIMESTAMP);
CREATE TABLE repos (id INTEGER PRIMARY KEY, name VARCHAR, owner_id INTEGER REFERENCES users(user_id),
                    org_id INTEGER REFERENCES orgs(org_id), forked_from_id INTEGER, language VARCHAR,
                    description VARCHAR, default_branch VARCHAR, created_at TIMESTAMP, pushed_at TIMESTAMP,
                    updated_at TIMESTAMP, stars_count INTEGER, forks_count INTEGER, open_issues_count INTEGER,
                    is_archived BOOLEAN, archived_at TIMESTAMP);
CREATE TABLE repo_members (user_id INTEGER, repo_id INTEGER, role VARCHAR, added_at TIMESTAMP);
CREATE TABLE commits (sha VARCHAR PRIMARY KEY, repo_id INTEGER REFERENCES repos(id), author_id INTEGER,
                      committed_at TIMESTAMP, additions INTEGER, deletions INTEGER, message VARCHAR);
CREATE TABLE issues (issue_id INTEGER PRIMARY KEY, repo_id INTEGER, number INTEGER, author_id INTEGER,
                     title VARCHAR, labels VARCHAR, opened_at TIMESTAMP, closed_at TIMESTAMP, state VARCHAR);
CREATE TABLE issue_events (event_id INTEGER, issue_id VARCHAR, actor_id INTEGER, event VARCHAR,
                           created_at TIMESTAMP);
CREATE TABLE pull_requests (pr_id INTEGER PRIMARY KEY, repo_id INTEGER, number INTEGER, author_id INTEGER,
                            created_at TIMESTAMP, merged_at TIMESTAMP, closed_at TIMESTAMP, state VARCHAR,
                            additions INTEGER, deletions INTEGER, fixes_issue_id INTEGER);
CREATE TABLE pr_reviews (pr_id INTEGER, reviewer_id INTEGER, reviewed_at TIMESTAMP, verdict VARCHAR);
CREATE TABLE stars (user_id INTEGER, repo_id INTEGER, starred_at TIMESTAMP);
""")
for name, df in [
    ("users", users),
    ("orgs", orgs),
    ("repos", repos),
    ("repo_members", repo_members),
    ("commits", commits),
    ("issues", issues),
    ("issue_events", issue_events),
    ("pull_requests", pull_requests),
    ("pr_reviews", pr_reviews),
    ("stars", stars),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
