"""A public library network's database (branches, members, titles, physical copies at branches, loans with a due
date set ahead and moved by renewals, holds queued on titles whose copies are all out, late fines, branch programs
and registrations), seeded: `python benchmarks/trials/library.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 branches,
4,000 members, 2,382 titles (of 2,400: the rest are catalogued after NOW), 6,148 copies, 52,923 loans, 20,077 holds,
9,102 fines, 2,070 programs, 32,232 registrations (about 5-12 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs event by event over 2023-01-01..NOW. DATE
columns: branches.opened_on, members.joined_on, members.membership_expires_on, members.last_visit_on,
titles.published_on, titles.catalogued_on, copies.acquired_on, copies.withdrawn_on, fines.assessed_on, fines.paid_on,
programs.announced_on; every other date is a TIMESTAMP. Rows dated after NOW exist only where written ahead:
loans.due_at (set at borrowing, moved 21 days on by each renewal), titles.published_on (pre-publication titles are
catalogued up to 60 days ahead and can take holds), programs.starts_at (announced 14-45 days ahead),
members.membership_expires_on (a year ahead). Every other later date of a row is filled in later.

Truth (seed 0):
- branches (6): popularity LogNormal(0, 0.4); a member's home branch is drawn by it; copies are spread by it
- members (4,000; 62% joined before 2023, joined_on 2012..2022, the rest during 2023-2024, more later): visits per
  day while active LogNormal(log 0.8/30, 1.0) (heavy tailed); active from joining until a quit time Exp(900 days)
  after max(joined, 2022-07-01), then dormant (visits x 0.03); items per visit 1 + Poisson(0.9); age band
  child/teen/adult/senior (p .15/.1/.55/.2) tilts genre taste (children x8 for a child, young_adult x8 for a teen);
  genre taste Dirichlet(0.5) x global shares; lateness z ~ N(0, 1): a loan is returned late with p sigmoid(-1.8 +
  1.4 z), lost (never returned) with p 0.01 + 0.05 sigmoid(-1.8 + 1.4 z); fines paid with p sigmoid(1.5 - z) after
  Exp(12 days); a member owing 10 or more in unpaid fines borrows nothing (the visit fails) until paid
  card_type, email_opt_in, postcode are noise; membership_expires_on, lifetime_loans and last_visit_on hold TODAY's
  state: membership runs a year from joining and renews by a year at its expiry if the member borrowed in the year
  before, else lapses and is renewed for a year from the next loan (rewritten); lifetime_loans = loans by now
- seasonality of visits: month Jan 1.1, Jun 1.3, Jul 1.5, Aug 1.4, Nov .9, Dec .75, others 1.0; weekday Sun .45, Sat
  1.25, others 1.0; closed (no visits) on Jan 1, Jul 4, Thanksgiving, Dec 24-26
- titles (2,400): 1,900 backlist (published 1950-2022), 500 new (published 2023-01 .. 2025-02, catalogued 0-60 days
  before publication); genre by global shares; format book 72% / large_print 6% / audiobook 8% / dvd 9% /
  graphic_novel 5%; appeal LogNormal(0, 1.1); demand weight = appeal x (0.12 + 2.5 exp(-days since published / 75))
  (a new title's popularity decays after publication; none before it); author, isbn are noise apart from the author
  shared by a few titles
- copies: a backlist title 1 + Poisson(0.8 appeal) (at most 4), a new one 1 + Poisson(1.2 appeal) (at most 8), each
  at a branch drawn by popularity; acquired_on = the publication date + 0-10 days for new titles (before 2023 for
  backlist); withdrawn_on filled in later: lost (60 days past the final due date of a loan never returned) or damaged
  (1% of returns), 70% replaced by a new copy (a new copy_id) 14-40 days later; copies.status holds TODAY's state (available / on_loan / on_hold_shelf / withdrawn)
- a visit: per item a genre by taste, a title in it by demand weight among titles published by then; a copy on the
  shelf at the home branch, else at any branch; none on a shelf: a hold (p 0.35; not if the member already waits)
- loans: due_at = borrowed_at + 21 days (dvd 7), set ahead; renewals 0 (60%), 1 (25%), 2 (15%), each 0-2 days
  before the due date, moving it by 21 (dvd 7) days: due_at and renewed_count hold TODAY's values; returned on time
  uniformly in the last loan period, late at the final due + 0.5 + Exp(8) days; returned_at filled in later, NULL
  for a lost loan; loans.status holds TODAY's state (on_loan / overdue / returned / lost, lost 60 days past due)
- holds: FIFO per title; a freed or newly acquired copy goes to the first waiting hold (ready_at = + U(0, 1) days);
  picked up (p 0.85) U(0.1, 6) days after ready (fulfilled_at, a loan then), else expired 7 days after ready and
  the copy goes on; a hold waiting 180 days expires; status ('waiting'/'ready'/'fulfilled'/'expired') and
  queue_position (rank among the title's waiting holds; NULL when not waiting) hold TODAY's state; ready_at,
  fulfilled_at, expired_at filled in later
- fines: a late return is fined at its return date 0.25/day (dvd 1.00/day) late, at most 10 (dvd 20); a lost loan
  at its declaration 15-35; paid_on filled in later (NULL: unpaid)
- programs: per branch about 3 a week (storytime / book_club / tech_help / author_talk / film), announced_on 14-45
  days before starts_at; registrations: Poisson(0.6 capacity) members, weight active visit rate x (4 at the
  program's branch), registered between announcement and start; attended filled in at starts_at (p 0.8)
- views loans_by_titles, loans_by_branches (a loan with its copy's title_id / branch_id in place of copy_id) and
  loans_with_titles (a loan with its title's genre): the views rfm_sql's errors suggest for those targets
- `python library.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first, then rows created after DATE are left out and every today's-state column (returned_at, due_at,
  renewed_count, loan, copy and hold statuses, queue positions, ready/fulfilled/expired times, paid_on,
  withdrawn_on, membership_expires_on, lifetime_loans, last_visit_on, attended) is as it stood at DATE (exact; a
  fine assessed on DATE itself after midnight is left out of the copy, though the full database dates it DATE)
"""

import heapq
import sys
from collections import defaultdict, deque
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
END = ND * DAY  # the simulation's horizon (NOW, in seconds since START)


def secs(ts) -> float:
    return (pd.Timestamp(ts) - START).total_seconds()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


MONTH = np.array([1.1, 1.0, 1.0, 1.0, 1.0, 1.3, 1.5, 1.4, 1.0, 1.0, 0.9, 0.75])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.25, 0.45])  # Mon..Sun
GENRES = np.array(
    [
        "literary_fiction",
        "mystery",
        "romance",
        "sci_fi",
        "biography",
        "history",
        "children",
        "young_adult",
        "cookery",
        "travel",
    ]
)
G_SHARE = np.array([0.14, 0.16, 0.1, 0.1, 0.07, 0.07, 0.16, 0.08, 0.06, 0.06])
NG = len(GENRES)
FORMATS = np.array(["book", "large_print", "audiobook", "dvd", "graphic_novel"])

# ---------------- branches
NB = 6
b_pop = np.exp(rng.normal(0, 0.4, NB))
branches = pd.DataFrame(
    {
        "branch_id": np.arange(1, NB + 1),
        "name": ["Central", "Riverside", "Northgate", "Elm Park", "Harbour", "Westfield"],
        "district": rng.choice(["north", "south", "east", "west"], NB),
        "opened_on": (pd.Timestamp("1960-01-01") + pd.to_timedelta(rng.integers(0, 20000, NB), unit="D")).date,
        "sunday_open": rng.random(NB) < 0.5,
    }
)

# ---------------- members
NM = 4000
old = rng.random(NM) < 0.62
j_days = np.where(
    old,
    rng.integers(-11 * 365, -1, NM),  # 2012..2022
    (rng.beta(1.4, 1.0, NM) * (ND - 1)).astype(int),
)
m_join = j_days * DAY  # midnight of joined_on
m_branch = rng.choice(NB, NM, p=b_pop / b_pop.sum())
AGE = np.array(["child", "teen", "adult", "senior"])
m_age = rng.choice(4, NM, p=[0.15, 0.1, 0.55, 0.2])
m_rate = np.exp(rng.normal(np.log(0.8 / 30), 1.0, NM))  # visits per day while active
m_quit = np.maximum(m_join, secs("2022-07-01")) + rng.exponential(900, NM) * DAY
m_taste = rng.dirichlet(np.full(NG, 0.5), NM) * G_SHARE
m_taste[m_age == 0, 6] *= 8
m_taste[m_age == 1, 7] *= 8
m_taste /= m_taste.sum(1, keepdims=True)
m_z = rng.normal(0, 1, NM)
m_late = sigmoid(-1.8 + 1.4 * m_z)
m_lost = 0.01 + 0.05 * m_late
m_pay = sigmoid(1.5 - m_z)
members = pd.DataFrame(
    {
        "member_id": np.arange(1, NM + 1),
        "home_branch_id": m_branch + 1,
        "joined_on": (START + pd.to_timedelta(j_days, unit="D")).date,
        "age_band": AGE[m_age],
        "card_type": rng.choice(["standard", "student", "family", "digital_only"], NM, p=[0.6, 0.15, 0.2, 0.05]),
        "email_opt_in": rng.random(NM) < 0.55,
        "postcode": [f"LB{x:03d}" for x in rng.integers(1, 80, NM)],
    }
)

# ---------------- titles
NT_OLD, NT_NEW = 1900, 500
NT = NT_OLD + NT_NEW
t_pub = np.concatenate(
    [
        (secs("1950-01-01") + rng.beta(3.0, 1.0, NT_OLD) * (secs("2022-12-31") - secs("1950-01-01"))) // DAY * DAY,
        rng.integers(0, ND + 60, NT_NEW) * DAY,
    ]
)
t_cat = np.where(
    np.arange(NT) < NT_OLD,
    np.minimum(np.maximum(t_pub, secs("2005-01-01")), secs("2022-12-01")),
    t_pub - rng.integers(0, 61, NT) * DAY,
)
t_genre = rng.choice(NG, NT, p=G_SHARE)
t_format = rng.choice(5, NT, p=[0.72, 0.06, 0.08, 0.09, 0.05])
t_appeal = np.exp(rng.normal(0, 1.1, NT))
t_period = np.where(t_format == 3, 7.0, 21.0) * DAY
authors = [
    f"{a} {b}"
    for a, b in zip(
        rng.choice(["A.", "B.", "C.", "D.", "E.", "J.", "M.", "R."], 900),
        rng.choice(
            [
                "Smith",
                "Okafor",
                "Larsen",
                "Nguyen",
                "Garcia",
                "Kowalski",
                "Haddad",
                "Brown",
                "Sato",
                "Moreau",
                "Ivanova",
                "Reid",
            ],
            900,
        ),
        strict=True,
    )
]
titles = pd.DataFrame(
    {
        "title_id": np.arange(1, NT + 1),
        "isbn": [f"978{x:010d}" for x in rng.integers(0, 10**10, NT)],
        "title": [f"Title {i}" for i in range(1, NT + 1)],
        "author": np.array(authors)[rng.integers(0, 900, NT)],
        "format": FORMATS[t_format],
        "genre": GENRES[t_genre],
        "publication_year": (START + pd.to_timedelta(t_pub, unit="s")).year,
        "published_on": (START + pd.to_timedelta(t_pub, unit="s")).date,
        "catalogued_on": (START + pd.to_timedelta(t_cat, unit="s")).date,
    }
)

# ---------------- copies
c_title, c_branch, c_acq = [], [], []
for t in range(NT):
    n = 1 + min(rng.poisson((0.8 if t < NT_OLD else 1.2) * t_appeal[t]), 3 if t < NT_OLD else 7)
    for _ in range(n):
        c_title.append(t)
        c_branch.append(rng.choice(NB, p=b_pop / b_pop.sum()))
        if t < NT_OLD:
            c_acq.append(min(max(t_pub[t], secs("2005-01-01")) + rng.integers(0, 2000) * DAY, secs("2022-12-20")))
        else:
            c_acq.append(t_pub[t] + rng.integers(0, 11) * DAY)
c_acq = [np.floor(x / DAY) * DAY + 9 * 3600 for x in c_acq]  # shelved at 9:00 of acquired_on
c_state = ["shelf" if x < 0 else "future" for x in c_acq]  # future / shelf / loan / holdshelf / withdrawn
c_withdrawn = [np.inf] * len(c_acq)
t_copies = defaultdict(list)
for c in range(len(c_acq)):
    t_copies[c_title[c]].append(c)

# ---------------- the simulation: an event heap over 2023-01-01..NOW
L = defaultdict(list)  # loans: copy, member, borrowed, renew times, due times, return (inf: lost), lost time
H = defaultdict(list)  # holds: member, title, placed, ready, fulfilled, expired, copy
F = defaultdict(list)  # fines: loan, member, time, amount, paid
queue = defaultdict(deque)  # title -> waiting hold ids
waiting = {}  # (member, title) -> the member's latest hold on it
m_fines = defaultdict(list)  # member -> fine ids
heap: list = []
seq = 0


def push(t, kind, x):
    global seq
    heapq.heappush(heap, (t, seq, kind, x))
    seq += 1


def owes(m, t):
    return sum(F["amount"][f] for f in m_fines[m] if F["time"][f] <= t < F["paid"][f])


def fine(loan, m, t, amount):
    f = len(F["time"])
    F["loan"].append(loan)
    F["member"].append(m)
    F["time"].append(t)
    F["amount"].append(round(float(amount), 2))
    F["paid"].append(t + rng.exponential(12) * DAY if rng.random() < m_pay[m] else np.inf)
    m_fines[m].append(f)


def lend(c, m, t):
    """A loan of copy c to member m at t, with every random value of its path."""
    a = len(L["copy"])
    per = t_period[c_title[c]]
    r = rng.choice(3, p=[0.6, 0.25, 0.15])
    dues = [t + per * (k + 1) for k in range(r + 1)]  # due after 0..r renewals
    renews = [dues[k] - rng.uniform(0, 2) * DAY for k in range(r)]
    late = rng.random() < m_late[m]
    lost = rng.random() < m_lost[m]
    lo = dues[-2] if r else t + 0.1 * per
    ret = dues[-1] + (0.5 + rng.exponential(8)) * DAY if late else rng.uniform(lo, dues[-1] - 3600)
    damaged = rng.random() < 0.01
    L["copy"].append(c)
    L["member"].append(m)
    L["borrowed"].append(t)
    L["renews"].append(renews)
    L["dues"].append(dues)
    L["ret"].append(np.inf if lost else ret)
    L["lost"].append(dues[-1] + 60 * DAY if lost else np.inf)
    c_state[c] = "loan"
    push(L["lost"][-1] if lost else ret, "lost" if lost else "return", (a, damaged))


def withdraw(c, t):
    """Copy c is lost or damaged at t; 70% are replaced 14-40 days later by a new copy (a new id)."""
    c_withdrawn[c] = t
    c_state[c] = "withdrawn"
    if rng.random() < 0.7:
        n = len(c_acq)
        c_title.append(c_title[c])
        c_branch.append(c_branch[c])
        c_acq.append(np.floor(t / DAY + rng.uniform(14, 40)) * DAY + 9 * 3600)
        c_state.append("future")
        c_withdrawn.append(np.inf)
        t_copies[c_title[c]].append(n)
        push(c_acq[n], "acquire", n)


def free(c, t):
    """Copy c is back (or new) at t: the first waiting hold on its title gets it, else the shelf."""
    q = queue[c_title[c]]
    while q and H["expired"][q[0]] <= t:
        q.popleft()
    if not q:
        c_state[c] = "shelf"
        return
    h = q.popleft()
    ready = t + rng.uniform(0, 1) * DAY
    H["ready"][h], H["copy"][h], H["expired"][h] = ready, c, np.inf
    c_state[c] = "holdshelf"
    if rng.random() < 0.85:
        H["fulfilled"][h] = ready + rng.uniform(0.1, 6) * DAY
        push(H["fulfilled"][h], "pickup", h)
    else:
        H["expired"][h] = ready + 7 * DAY
        push(H["expired"][h], "noshow", h)


def hold(m, title, t):
    h = len(H["member"])
    for k, v in [
        ("member", m),
        ("title", title),
        ("placed", t),
        ("ready", np.inf),
        ("fulfilled", np.inf),
        ("expired", t + 180 * DAY),
        ("copy", -1),
    ]:
        H[k].append(v)
    queue[title].append(h)
    waiting[(m, title)] = h


def waits(m, title, t):
    h = waiting.get((m, title))
    return h is not None and H["ready"][h] == np.inf and H["expired"][h] > t


def visit(m, t, weights, cum_by_genre, idx_by_genre):
    if owes(m, t) >= 10:
        return
    for _ in range(1 + rng.poisson(0.9)):
        g = rng.choice(NG, p=m_taste[m])
        cum = cum_by_genre[g]
        if cum[-1] <= 0:
            continue
        title = idx_by_genre[g][np.searchsorted(cum, rng.random() * cum[-1])]
        on_shelf = [c for c in t_copies[title] if c_state[c] == "shelf"]
        if on_shelf:
            home = [c for c in on_shelf if c_branch[c] == m_branch[m]]
            lend(home[0] if home else on_shelf[0], m, t)
        elif rng.random() < 0.35 and not waits(m, title, t):
            hold(m, title, t)


for c in range(len(c_acq)):
    if c_acq[c] >= 0:
        push(c_acq[c], "acquire", c)

HOLIDAYS = {(1, 1), (7, 4), (12, 24), (12, 25), (12, 26)}
days = pd.date_range(START, periods=ND, freq="D")
for d in range(ND):
    t0 = d * DAY
    day = days[d]
    closed = (day.month, day.day) in HOLIDAYS or (day.month == 11 and day.weekday() == 3 and 22 <= day.day <= 28)
    active = (m_join <= t0) * np.where(m_quit > t0, 1.0, 0.03)
    n = rng.poisson(m_rate * active * MONTH[day.month - 1] * WEEKDAY[day.weekday()])
    vm = np.repeat(np.arange(NM), n)
    vt = t0 + (9 + rng.random(len(vm)) * 11) * 3600  # open 9:00-20:00
    age = (t0 - t_pub) / DAY
    w = np.where(age >= 0, t_appeal * (0.12 + 2.5 * np.exp(-np.maximum(age, 0) / 75)), 0.5 * t_appeal)
    w = np.where(t_cat <= t0, w, 0.0)  # forthcoming titles (catalogued, not out yet) take holds only
    idx_by_genre = [np.flatnonzero(t_genre == g) for g in range(NG)]
    cum_by_genre = [np.cumsum(w[ix]) for ix in idx_by_genre]
    if not closed:
        for m, t in zip(vm, vt, strict=True):
            push(t, "visit", int(m))
    while heap and heap[0][0] < t0 + DAY:
        t, _, kind, x = heapq.heappop(heap)
        if kind == "visit":
            visit(x, t, w, cum_by_genre, idx_by_genre)
        elif kind == "acquire":
            free(x, t)
        elif kind == "return":
            a, damaged = x
            c, m = L["copy"][a], L["member"][a]
            days_late = np.ceil((t - L["dues"][a][-1]) / DAY)
            if days_late > 0:
                dvd = t_format[c_title[c]] == 3
                fine(a, m, t, min(days_late * (1.0 if dvd else 0.25), 20.0 if dvd else 10.0))
            if damaged:
                withdraw(c, t)
            else:
                free(c, t)
        elif kind == "lost":
            a, _ = x
            withdraw(L["copy"][a], t)
            fine(a, L["member"][a], t, rng.uniform(15, 35))
        elif kind == "pickup":
            lend(H["copy"][x], H["member"][x], t)
        elif kind == "noshow":
            free(H["copy"][x], t)

# ---------------- programs and registrations (drawn after the loans; all of them, whatever the cut)
CATS = np.array(["storytime", "book_club", "tech_help", "author_talk", "film"])
p_rows = []
for d in range(-30, ND + 45):  # programs starting up to 45 days past NOW (announced ahead)
    for b in range(NB):
        for _ in range(rng.poisson(3 / 7)):
            start = d * DAY + rng.choice([10, 14, 16, 18]) * 3600
            p_rows.append(
                (b, rng.integers(0, 5), (d - rng.integers(14, 46)) * DAY, start, int(rng.choice([15, 25, 40])))
            )
p_rows.sort(key=lambda r: (r[2], r[3]))  # ids in announcement order: the same in an as-of copy
r_rows = []
for p, (b, _k, ann, start, cap) in enumerate(p_rows):
    wt = m_rate * (m_join <= ann) * np.where(m_quit > ann, 1.0, 0.03) * np.where(m_branch == b, 4.0, 1.0)
    n = min(rng.poisson(0.6 * cap), cap)
    if n == 0 or wt.sum() == 0:
        continue
    who = rng.choice(NM, n, replace=False, p=wt / wt.sum())
    at = ann + rng.random(n) * (start - ann)
    came = rng.random(n) < 0.8
    r_rows += [(p, m, t, c) for m, t, c in zip(who, at, came, strict=True)]

# ---------------- tables as they stood at CUT (every random value is drawn above)
T = secs(CUT)


def ts(x):
    """Seconds since START -> timestamps (NaT where NaN or inf)."""
    x = np.asarray(x, float)
    return (START + pd.to_timedelta(np.where(np.isfinite(x), x, np.nan), unit="s")).floor("s")


def dates(x):
    return pd.Series(ts(x)).dt.floor("D").dt.date.astype(object).where(np.isfinite(np.asarray(x, float)), None)


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.inf)


# loans
NL = len(L["copy"])
lb = np.array(L["borrowed"])
seen_l = lb <= T
renewed = np.array([sum(r <= T for r in rs) for rs in L["renews"]])
due_now = np.array([ds[k] for ds, k in zip(L["dues"], renewed, strict=True)])
ret = known(L["ret"])
lost_t = known(L["lost"])
l_status = np.where(
    np.isfinite(ret), "returned", np.where(np.isfinite(lost_t), "lost", np.where(due_now < T, "overdue", "on_loan"))
)
loans = pd.DataFrame(
    {
        "loan_id": np.arange(1, NL + 1),
        "copy_id": np.array(L["copy"]) + 1,
        "member_id": np.array(L["member"]) + 1,
        "borrowed_at": ts(lb),
        "due_at": ts(due_now),
        "renewed_count": renewed,
        "returned_at": ts(ret),
        "status": l_status,
    }
)[seen_l]

# holds
hp = np.array(H["placed"])
h_ready, h_ful, h_exp = known(H["ready"]), known(H["fulfilled"]), known(H["expired"])
h_status = np.where(
    np.isfinite(h_ful),
    "fulfilled",
    np.where(np.isfinite(h_exp), "expired", np.where(np.isfinite(h_ready), "ready", "waiting")),
)
holds = pd.DataFrame(
    {
        "hold_id": np.arange(1, len(hp) + 1),
        "member_id": np.array(H["member"]) + 1,
        "title_id": np.array(H["title"]) + 1,
        "pickup_branch_id": m_branch[np.array(H["member"])] + 1,
        "placed_at": ts(hp),
        "status": h_status,
        "queue_position": pd.array([None] * len(hp), dtype="Int64"),
        "ready_at": ts(h_ready),
        "fulfilled_at": ts(h_ful),
        "expired_at": ts(h_exp),
    }
)[hp <= T].copy()
wq = holds.status == "waiting"
holds.loc[wq, "queue_position"] = holds[wq].groupby("title_id").placed_at.rank(method="first").astype("Int64")

# fines
ft = np.array(F["time"])
fp = known(F["paid"])
fines = pd.DataFrame(
    {
        "fine_id": np.arange(1, len(ft) + 1),
        "loan_id": np.array(F["loan"]) + 1,
        "assessed_on": dates(ft),
        "amount": np.array(F["amount"]),
        "paid_on": dates(fp),
    }
)[ft <= T]

# copies
c_title, c_branch, c_acq = np.array(c_title), np.array(c_branch), np.array(c_acq)
NC = len(c_acq)
cw = known(c_withdrawn)
out_now = set(loans.copy_id[(loans.borrowed_at <= CUT) & (loans.status.isin(["on_loan", "overdue"]))] - 1)
shelf_now = set(np.array(H["copy"])[(h_ready <= T) & ~np.isfinite(h_ful) & ~np.isfinite(h_exp)])
c_status = [
    "withdrawn"
    if np.isfinite(cw[c])
    else "on_loan"
    if c in out_now
    else "on_hold_shelf"
    if c in shelf_now
    else "available"
    for c in range(NC)
]
copies = pd.DataFrame(
    {
        "copy_id": np.arange(1, NC + 1),
        "title_id": c_title + 1,
        "branch_id": c_branch + 1,
        "barcode": [f"3100{x:08d}" for x in rng.permutation(NC)],
        "acquired_on": dates(c_acq),
        "withdrawn_on": dates(cw),
        "status": c_status,
    }
)[c_acq <= T]

# members' today's state: membership expiry, lifetime loans, last visit
by_m = defaultdict(list)
for m, t in zip(np.array(L["member"])[seen_l], lb[seen_l], strict=True):
    by_m[m].append(t)
expires = np.zeros(NM)
for m in range(NM):
    e = m_join[m] + 365 * DAY
    ts_m = sorted(by_m[m])
    i = 0
    while True:  # events in time order up to T: loans (renew a lapsed membership) and expiries
        nxt = ts_m[i] if i < len(ts_m) else np.inf
        if e <= min(nxt, T):  # the expiry comes first: renewed if borrowed in the year before
            if any(e - 365 * DAY < x <= e for x in ts_m[:i]):
                e += 365 * DAY
                continue
            # lapsed: renewed for a year at the next loan
            if nxt <= T:
                e = nxt - nxt % DAY + 365 * DAY
                i += 1
                continue
            break
        if nxt > T:
            break
        i += 1
    expires[m] = e
members["membership_expires_on"] = dates(expires)
cnt = loans.groupby("member_id").size().reindex(np.arange(1, NM + 1)).fillna(0).astype(int).to_numpy()
members["lifetime_loans"] = cnt
last = loans.groupby("member_id").borrowed_at.max().reindex(np.arange(1, NM + 1))
members["last_visit_on"] = last.dt.floor("D").dt.date.astype(object).where(last.notna(), None).to_numpy()
members = members[m_join <= T]
titles = titles[t_cat <= T]

progs = pd.DataFrame(p_rows, columns=["b", "k", "ann", "start", "cap"])
programs = pd.DataFrame(
    {
        "program_id": np.arange(1, len(progs) + 1),
        "branch_id": progs.b + 1,
        "category": CATS[progs.k.to_numpy()],
        "announced_on": dates(progs.ann),
        "starts_at": ts(progs.start),
        "capacity": progs.cap,
    }
)[progs.ann.to_numpy() <= T]
rr = pd.DataFrame(r_rows, columns=["p", "m", "t", "came"]).sort_values("t", kind="stable")
started = progs.start.to_numpy()[rr.p.to_numpy()] <= T
registrations = pd.DataFrame(
    {
        "registration_id": np.arange(1, len(rr) + 1),
        "program_id": rr.p.to_numpy() + 1,
        "member_id": rr.m.to_numpy() + 1,
        "registered_at": ts(rr.t),
        "attended": pd.array(np.where(started, rr.came.to_numpy(), None), dtype="boolean"),
    }
)[rr.t.to_numpy() <= T]

Path(OUT).unlink(missing_ok=True)  # written anew
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE branches (branch_id INTEGER PRIMARY KEY, name VARCHAR, district VARCHAR, opened_on DATE,
                       sunday_open BOOLEAN);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, home_branch_id INTEGER REFERENCES branches(branch_id),
                      joined_on DATE, age_band VARCHAR, card_type VARCHAR, email_opt_in BOOLEAN, postcode VARCHAR,
                      membership_expires_on DATE, lifetime_loans INTEGER, last_visit_on DATE);
CREATE TABLE titles (title_id INTEGER PRIMARY KEY, isbn VARCHAR, title VARCHAR, author VARCHAR, format VARCHAR,
                     genre VARCHAR, publication_year INTEGER, published_on DATE, catalogued_on DATE);
CREATE TABLE copies (copy_id INTEGER PRIMARY KEY, title_id INTEGER, branch_id INTEGER, barcode VARCHAR,
                     acquired_on DATE, withdrawn_on DATE, status VARCHAR);
CREATE TABLE loans (loan_id INTEGER PRIMARY KEY, copy_id INTEGER, member_id INTEGER, borrowed_at TIMESTAMP,
                    due_at TIMESTAMP, renewed_count INTEGER, returned_at TIMESTAMP, status VARCHAR);
CREATE TABLE holds (hold_id INTEGER PRIMARY KEY, member_id INTEGER, title_id INTEGER, pickup_branch_id INTEGER,
                    placed_at TIMESTAMP, status VARCHAR, queue_position INTEGER, ready_at TIMESTAMP,
                    fulfilled_at TIMESTAMP, expired_at TIMESTAMP);
CREATE TABLE fines (fine_id INTEGER PRIMARY KEY, loan_id INTEGER, assessed_on DATE, amount DOUBLE, paid_on DATE);
CREATE TABLE programs (program_id INTEGER PRIMARY KEY, branch_id INTEGER, category VARCHAR, announced_on DATE,
                       starts_at TIMESTAMP, capacity INTEGER);
CREATE TABLE registrations (registration_id INTEGER PRIMARY KEY, program_id INTEGER, member_id INTEGER,
                            registered_at TIMESTAMP, attended BOOLEAN);
""")
for name, df in [
    ("branches", branches),
    ("members", members),
    ("titles", titles),
    ("copies", copies),
    ("loans", loans),
    ("holds", holds),
    ("fines", fines),
    ("programs", programs),
    ("registrations", registrations),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
# the views rfm_sql's errors suggest for targets two links away (loans -> copies -> titles / branches)
con.execute("""
CREATE VIEW loans_by_titles AS SELECT t.* EXCLUDE (copy_id), m.title_id FROM loans AS t JOIN copies AS m
    ON t.copy_id = m.copy_id;
CREATE VIEW loans_by_branches AS SELECT t.* EXCLUDE (copy_id), m.branch_id FROM loans AS t JOIN copies AS m
    ON t.copy_id = m.copy_id;
CREATE VIEW loans_with_titles AS SELECT t0.*, t2.genre FROM loans AS t0 JOIN copies AS t1 ON t0.copy_id = t1.copy_id
    JOIN titles AS t2 ON t1.title_id = t2.title_id;
""")
con.close()
