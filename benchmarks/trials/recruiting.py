"""A recruiting marketplace's database (employer companies on a plan, their recruiters, job postings with a salary
range that close on a date set ahead, candidates, applications moving through stages with a log of stage changes,
interviews scheduled ahead, offers, job views), seeded: `python benchmarks/trials/recruiting.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy
default_rng(0)): 160 companies, about 430 recruiters, 2,900 job postings, 8,000 candidates, 40k applications, 100k
application events, 12k interviews, 2.5k offers, 130k job views (about 15-25 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: job_postings.closes_at (set when posted), interviews.scheduled_at (set
when the interview is booked). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- companies (160): plan free/pro/enterprise (p .5/.35/.15; static), posting rate per month LogNormal(log 0.45, 0.6)
  x plan (free .6, pro 1.0, enterprise 2.2), pay factor LogNormal(0, 0.12) (salary vs market), brand appeal
  LogNormal(0, 0.3); industry, size_band, country are noise apart from what they correlate with by chance
- recruiters (2-4 per company, hired_at within a day of the company's created_at): responsiveness = median days to screen an
  application, LogNormal(log 4, 0.8) (0.7 to 20 days); each posting has one recruiter of its company
- job_postings: per company a Poisson process at rate x season(posting month): Jan 1.9, Sep 1.7, Dec .5, Aug .8,
  others 1.0 (two peaks a year); seniority junior/mid/senior/lead (p .3/.35/.25/.1); market salary by seniority
  55k/75k/100k/130k; salary_min = market x pay factor x LogNormal(0, .08) x .9, salary_max = that / .9 x 1.15;
  remote 35%; closes_at = posted_at + U(30, 60) days (set ahead); openings 1 (75%), 2 (20%), 3; filled_at = the
  openings-th hire's decision time; a posting takes applications while posted_at <= t < closes_at and not filled
  status holds TODAY's state: 'filled' (filled_at <= NOW), 'closed' (closes_at <= NOW, not filled), else 'open';
  applicant_count holds TODAY's count of its applications (a denormalised counter: today's state)
- candidates (8,000): signed_up_at spread over 2022-07..2024-12 (more later); years_experience Gamma(2, 2.5)
  (level: <3 junior, <6 mid, <11 senior, else lead); quality latent N(0, 1); search activity: applications per
  week LogNormal(log 0.3, 0.7) while searching; searching from sign-up until hired or a quit time Exp(150 days)
  after sign-up; remote preference 40%; salary expectation = market(level) x (1 + .04 x years within level) x
  LogNormal(0, .12); desired_salary = expectation x LogNormal(0, .08) (stated, noisy)
  hired_at / status ('hired' / 'active') hold TODAY's state; last_active_at = the candidate's latest application
  or job view by NOW (today's state)
- a candidate HIRED (an offer accepted) stops applying for good; their other pending applications are withdrawn at
  that moment (stage 'withdrawn', to_stage 'withdrawn' in application_events)
- which posting an application goes to: among postings open that day, weight = exp(-days since posted / 10)
  (popularity decays after posting) x brand appeal x (salary_max / market)^3 x fit(seniority level distance:
  0 -> 1, 1 -> .25, 2+ -> .02) x (2.5 if the posting is remote and the candidate prefers remote);
  source search 60% / recommended 30% / referral 10% (noise)
- stages: applied -> screen -> interview -> offer -> hired / rejected / withdrawn (applications.stage holds
  TODAY's stage; screened_at, interviewed_at, offered_at, decided_at are filled in later)
  screen: delay Exp(recruiter responsiveness); the candidate withdraws at applied + patience (Exp(20 days) per
  candidate x Exp(1) per application) if the delay is longer (slow recruiters lose candidates); pass
  p = sigmoid(-0.2 + 1.4 quality - 1.3 level distance), else 'rejected' at screened_at
  interview booked U(.2, 2) days after the screen (interviews.created_at), scheduled_at U(2, 10) days after that,
  completed_at = scheduled_at + 1h; rating = clip(round(3 + quality - 0.6 level distance + N(0, .8)), 1, 5);
  pass p = sigmoid(-1.2 + 1.3 (rating - 3)), else 'rejected' U(1, 5) days after; stage 'interview' from completed_at
  offer U(2, 7) days after the interview: amount = salary_min + (salary_max - salary_min) x sigmoid(0.8 quality +
  N(0, .5)); accepted with p = sigmoid(0.5 + 10 (amount / expectation - 1)), decided U(1, 7) days after (accepted
  -> 'hired', declined -> 'withdrawn')
  a posting filled closes: its applications not yet at offer are 'rejected' at filled_at
- interviews: status holds TODAY's state (scheduled / completed / cancelled: the application ended before it);
  completed_at, rating, cancelled_at filled in later
- offers: status pending / accepted / declined (TODAY's), accepted_at / declined_at filled in later
- job_views: before each application 1-2 views of its posting in the 3 days before; plus browsing views at 0.8x the
  candidate's application rate, chosen like applications
- `python recruiting.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first, then rows created after DATE are left out and every today's-state column (stages, stage times,
  statuses, filled_at, hired_at, applicant_count, last_active_at, interview completion and ratings, offer
  decisions) is as it stood at DATE (exact)
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
ND = (NOW.normalize() - START).days + 1  # simulated days


def secs(ts) -> float:
    return (pd.Timestamp(ts) - START).total_seconds()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


SEASON = np.array([1.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 1.7, 1.0, 1.0, 0.5])
LEVELS = np.array(["junior", "mid", "senior", "lead"])
MARKET = np.array([55_000.0, 75_000.0, 100_000.0, 130_000.0])
LEVEL_EDGES = [3.0, 6.0, 11.0]
LEVEL_START = np.array([0.0, 3.0, 6.0, 11.0])

# ---------------- companies and recruiters
NC = 160
plan_idx = rng.choice(3, NC, p=[0.5, 0.35, 0.15])
PLANS = np.array(["free", "pro", "enterprise"])
c_rate = np.exp(rng.normal(np.log(0.45), 0.6, NC)) * np.array([0.6, 1.0, 2.2])[plan_idx]  # postings / month
c_pay = np.exp(rng.normal(0, 0.12, NC))
c_brand = np.exp(rng.normal(0, 0.3, NC))
c_created = START - pd.to_timedelta(rng.integers(30, 1500, NC), unit="D")
late = rng.random(NC) < 0.15  # joined during the span
c_created = np.where(late, START + pd.to_timedelta(rng.integers(0, 600, NC), unit="D"), c_created)
c_created = pd.to_datetime(c_created) + pd.to_timedelta(rng.integers(0, 86400, NC), unit="s")
companies = pd.DataFrame(
    {
        "company_id": np.arange(1, NC + 1),
        "name": [f"Company {i:03d}" for i in range(1, NC + 1)],
        "industry": rng.choice(["software", "finance", "retail", "health", "logistics", "media"], NC),
        "size_band": rng.choice(["1-50", "51-200", "201-1000", "1000+"], NC, p=[0.35, 0.3, 0.2, 0.15]),
        "country": rng.choice(["US", "UK", "DE", "NL", "FR"], NC, p=[0.45, 0.2, 0.15, 0.1, 0.1]),
        "plan": PLANS[plan_idx],
        "created_at": c_created,
    }
)

r_company, r_hired = [], []
for c in range(NC):
    for _ in range(rng.integers(2, 5)):
        r_company.append(c)
        r_hired.append(c_created[c] + pd.Timedelta(seconds=int(rng.integers(0, 86400))))
NR = len(r_company)
r_company = np.array(r_company)
r_resp = np.exp(rng.normal(np.log(4.0), 0.8, NR))  # median days to screen
recruiters = pd.DataFrame(
    {
        "recruiter_id": np.arange(1, NR + 1),
        "company_id": r_company + 1,
        "name": [f"Recruiter {i}" for i in range(1, NR + 1)],
        "hired_at": pd.to_datetime(r_hired).floor("s"),
        "team": rng.choice(["tech", "sales", "general"], NR),
    }
)
rec_by_company = defaultdict(list)
for r in range(NR):
    rec_by_company[r_company[r]].append(r)

# ---------------- job postings (all drawn up front)
days = pd.date_range(START, periods=ND, freq="D")
j = {k: [] for k in ["company", "recruiter", "posted", "level", "smin", "smax", "remote", "closes", "openings"]}
for c in range(NC):
    first = max(secs(c_created[c]), 0.0)
    for d in range(ND):
        if d * DAY + DAY <= first:
            continue
        n = rng.poisson(c_rate[c] * SEASON[days[d].month - 1] / 30.4)
        for _ in range(n):
            lv = rng.choice(4, p=[0.3, 0.35, 0.25, 0.1])
            smin = MARKET[lv] * c_pay[c] * np.exp(rng.normal(0, 0.08)) * 0.9
            j["company"].append(c)
            j["recruiter"].append(rec_by_company[c][rng.integers(0, len(rec_by_company[c]))])
            j["posted"].append(max(d * DAY + rng.random() * DAY, first + DAY))
            j["level"].append(lv)
            j["smin"].append(round(smin, -2))
            j["smax"].append(round(smin / 0.9 * 1.15, -2))
            j["remote"].append(rng.random() < 0.35)
            j["closes"].append(j["posted"][-1] + rng.uniform(30, 60) * DAY)
            j["openings"].append(rng.choice([1, 2, 3], p=[0.75, 0.2, 0.05]))
jp = {k: np.array(v) for k, v in j.items()}
order = np.argsort(jp["posted"])
jp = {k: v[order] for k, v in jp.items()}
NJ = len(jp["posted"])
j_appeal = c_brand[jp["company"]] * (jp["smax"] / MARKET[jp["level"]]) ** 3
j_filled = np.full(NJ, np.inf)
j_hires = np.zeros(NJ, int)

# ---------------- candidates
NK = 8000
span = (NOW - pd.Timestamp("2022-07-01")).total_seconds()
k_signup = secs("2022-07-01") + span * rng.beta(1.4, 1.0, NK)
k_years = rng.gamma(2.0, 2.5, NK)
k_level = np.digitize(k_years, LEVEL_EDGES)
k_quality = rng.normal(0, 1, NK)
k_rate = np.exp(rng.normal(np.log(0.3), 0.7, NK)) / 7.0  # applications per day while searching
k_quit = k_signup + rng.exponential(150, NK) * DAY
k_remote = rng.random(NK) < 0.4
k_expect = MARKET[k_level] * (1 + 0.04 * (k_years - LEVEL_START[k_level])) * np.exp(rng.normal(0, 0.12, NK))
k_desired = np.round(k_expect * np.exp(rng.normal(0, 0.08, NK)), -3)
k_patience = rng.exponential(20, NK)  # mean days a candidate waits for a screen (per application: x Exp(1) below)
k_hired = np.full(NK, np.inf)
k_apps = defaultdict(list)
candidates = pd.DataFrame(
    {
        "candidate_id": np.arange(1, NK + 1),
        "signed_up_at": (START + pd.to_timedelta(k_signup, unit="s")).floor("s"),
        "location": rng.choice(["New York", "London", "Berlin", "Amsterdam", "Austin", "Remote"], NK),
        "years_experience": np.round(k_years, 1),
        "desired_salary": k_desired,
        "open_to_remote": k_remote,
    }
)

# ---------------- applications: a day-by-day simulation
A = defaultdict(list)  # per application: job, cand, applied, source, times and outcomes
terminal_t, terminal_s = [], []  # the time and stage an application ends with (cut by hires and fills)
offer_reached = []
hires_on = defaultdict(list)  # day -> application ids whose planned end is a hire
j_apps = defaultdict(list)
views = []  # (cand, job, time)
FIT = np.array([1.0, 0.25, 0.02, 0.02])


def choose_jobs(cands, t, open_idx):
    """A posting for each candidate among the open ones (weights as in the docstring)."""
    age = (t - jp["posted"][open_idx]) / DAY
    base = np.exp(-age / 10.0) * j_appeal[open_idx]
    dist = np.abs(k_level[cands][:, None] - jp["level"][open_idx][None, :])
    w = base[None, :] * FIT[dist] * np.where(k_remote[cands][:, None] & jp["remote"][open_idx][None, :], 2.5, 1.0)
    cum = np.cumsum(w, axis=1)
    u = rng.random(len(cands)) * cum[:, -1]
    return open_idx[np.array([np.searchsorted(cum[i], u[i]) for i in range(len(cands))])]


def plan_application(a, k, job, t):
    """Every random value of an application's path, drawn when it is created."""
    dist = abs(k_level[k] - jp["level"][job])
    r = jp["recruiter"][job]
    delay = rng.exponential(r_resp[r] / np.log(2)) * DAY
    patience = k_patience[k] * rng.exponential(1.0) * DAY
    pass_s = rng.random() < sigmoid(-0.2 + 1.4 * k_quality[k] - 1.3 * dist)
    i_created = rng.uniform(0.2, 2) * DAY
    i_sched = rng.uniform(2, 10) * DAY
    rating = int(np.clip(np.round(3 + k_quality[k] - 0.6 * dist + rng.normal(0, 0.8)), 1, 5))
    pass_i = rng.random() < sigmoid(-1.2 + 1.3 * (rating - 3))
    rej_i = rng.uniform(1, 5) * DAY
    o_gap = rng.uniform(2, 7) * DAY
    share = sigmoid(0.8 * k_quality[k] + rng.normal(0, 0.5))
    amount = round(jp["smin"][job] + (jp["smax"][job] - jp["smin"][job]) * share, -2)
    accept = rng.random() < sigmoid(0.5 + 10 * (amount / k_expect[k] - 1))
    d_gap = rng.uniform(1, 7) * DAY
    A["screen"].append(t + delay)
    A["i_created"].append(t + delay + i_created)
    A["i_sched"].append(t + delay + i_created + i_sched)
    A["i_done"].append(t + delay + i_created + i_sched + 3600)
    A["rating"].append(rating)
    i_done = A["i_done"][-1]
    A["offer"].append(i_done + o_gap)
    A["amount"].append(amount)
    A["accept"].append(accept)
    if delay > patience:
        end, stage = t + patience, "withdrawn"
    elif not pass_s:
        end, stage = t + delay, "rejected"
    elif not pass_i:
        end, stage = i_done + rej_i, "rejected"
    else:
        end, stage = i_done + o_gap + d_gap, "hired" if accept else "withdrawn"
    A["pass_s"].append(pass_s and delay <= patience)
    A["pass_i"].append(pass_i)
    terminal_t.append(end)
    terminal_s.append(stage)
    offer_reached.append(pass_s and pass_i and delay <= patience)
    if stage == "hired":
        hires_on[int(end // DAY)].append(a)


def cut(a, t, stage, keep_offers):
    if terminal_t[a] > t and not (keep_offers and offer_reached[a] and A["offer"][a] <= t):
        terminal_t[a], terminal_s[a] = t, stage


post_ptr = 0
live_jobs: list[int] = []
for d in range(ND):
    t0 = d * DAY
    for a in sorted(hires_on.pop(d, []), key=lambda x: terminal_t[x]):
        if terminal_s[a] != "hired":
            continue
        t, k, job = terminal_t[a], A["cand"][a], A["job"][a]
        k_hired[k] = t
        for b in k_apps[k]:
            if b != a:
                cut(b, t, "withdrawn", keep_offers=False)
        j_hires[job] += 1
        if j_hires[job] == jp["openings"][job]:
            j_filled[job] = t
            for b in j_apps[job]:
                if b != a:
                    cut(b, t, "rejected", keep_offers=True)
    while post_ptr < NJ and jp["posted"][post_ptr] < t0 + DAY:
        live_jobs.append(post_ptr)
        post_ptr += 1
    live_jobs = [x for x in live_jobs if jp["closes"][x] > t0 and j_filled[x] > t0]
    open_idx = np.array(live_jobs, dtype=int)
    active = (k_signup <= t0 + DAY) & (k_quit > t0) & (k_hired > t0)
    n_app = rng.poisson(k_rate * active)
    n_view = rng.poisson(0.8 * k_rate * active)
    if len(open_idx) == 0:
        continue
    cands = np.repeat(np.arange(NK), n_app)
    times = t0 + rng.random(len(cands)) * DAY
    times = np.maximum(times, k_signup[cands])
    times = np.minimum(times, t0 + DAY - 1)
    jobs = choose_jobs(cands, t0 + DAY / 2, open_idx) if len(cands) else np.array([], int)
    for k, job, t in zip(cands, jobs, times, strict=True):
        t = max(t, jp["posted"][job] + 60)
        a = len(terminal_t)
        A["cand"].append(k)
        A["job"].append(job)
        A["applied"].append(t)
        A["source"].append(rng.choice(["search", "recommended", "referral"], p=[0.6, 0.3, 0.1]))
        k_apps[k].append(a)
        j_apps[job].append(a)
        for _ in range(rng.integers(1, 3)):
            views.append((k, job, max(t - rng.random() * 3 * DAY, jp["posted"][job] + 30)))
        plan_application(a, k, job, t)
    vc = np.repeat(np.arange(NK), n_view)
    if len(vc):
        vjobs = choose_jobs(vc, t0 + DAY / 2, open_idx)
        vt = t0 + rng.random(len(vc)) * DAY
        for k, job, t in zip(vc, vjobs, vt, strict=True):
            views.append((k, job, max(t, jp["posted"][job] + 30, k_signup[k])))

# ---------------- tables as they stood at CUT (every random value is drawn above)
T = secs(CUT)
NA = len(terminal_t)
app = pd.DataFrame({k: np.array(v) for k, v in A.items()})
app["end"], app["end_stage"] = np.array(terminal_t), np.array(terminal_s)
app["offer_ok"] = np.array(offer_reached)
app["application_id"] = np.arange(1, NA + 1)


def ts(x):
    """Seconds since START -> timestamps (NaT where NaN)."""
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x, mask):
    """The time where it happened by CUT and `mask` holds, else NaN."""
    x = np.asarray(x, float)
    return np.where(mask & (x <= T), x, np.nan)


# the stage path of each application: (stage, time) steps, the end last
ends = app.end.to_numpy()
screened = app.screen.to_numpy() <= ends
reached_i = app.pass_s.to_numpy() & (app.i_done.to_numpy() <= ends)
reached_o = app.offer_ok.to_numpy() & (app.offer.to_numpy() <= ends)
steps = [
    ("applied", app.applied.to_numpy(), np.ones(NA, bool)),
    ("screen", app.screen.to_numpy(), app.pass_s.to_numpy() & (app.screen.to_numpy() < ends)),
    ("interview", app.i_done.to_numpy(), reached_i & (app.i_done.to_numpy() < ends)),
    ("offer", app.offer.to_numpy(), reached_o & (app.offer.to_numpy() < ends)),
    ("end", ends, np.ones(NA, bool)),
]
ev_rows = []
for name, when, mask in steps:
    idx = np.flatnonzero(mask)
    stage = app.end_stage.to_numpy()[idx] if name == "end" else np.full(len(idx), name)
    ev_rows.append(pd.DataFrame({"a": idx, "to_stage": stage, "t": when[idx], "order": len(ev_rows)}))
ev = pd.concat(ev_rows).sort_values(["a", "order"])
ev["from_stage"] = ev.groupby("a").to_stage.shift(1)
ev = ev[ev.t <= T].sort_values(["t", "a"]).reset_index(drop=True)
stage_now = ev.groupby("a").to_stage.last()

seen = app.applied.to_numpy() <= T
applications = pd.DataFrame(
    {
        "application_id": app.application_id,
        "candidate_id": app.cand + 1,
        "job_id": app.job + 1,
        "applied_at": ts(app.applied),
        "source": app.source,
        "stage": stage_now.reindex(np.arange(NA)).to_numpy(),
        "screened_at": ts(known(app.screen, screened)),
        "interviewed_at": ts(known(app.i_done, reached_i)),
        "offered_at": ts(known(app.offer, reached_o)),
        "decided_at": ts(known(ends, np.ones(NA, bool))),
    }
)[seen]
application_events = pd.DataFrame(
    {
        "event_id": np.arange(1, len(ev) + 1),
        "application_id": ev.a.to_numpy() + 1,
        "from_stage": ev.from_stage.to_numpy(),
        "to_stage": ev.to_stage.to_numpy(),
        "changed_at": ts(ev.t),
    }
)

iv = app[app.pass_s.to_numpy() & (app.i_created.to_numpy() < ends) & (app.i_created.to_numpy() <= T)]
iv = iv.sort_values("i_created", kind="stable")  # ids in creation order: the same in an as-of copy
done = (iv.i_done <= iv.end).to_numpy()
interviews = pd.DataFrame(
    {
        "interview_id": np.arange(1, len(iv) + 1),
        "application_id": iv.application_id.to_numpy(),
        "created_at": ts(iv.i_created),
        "scheduled_at": ts(iv.i_sched),
        "completed_at": ts(known(iv.i_done, done)),
        "cancelled_at": ts(known(iv.end, ~done)),
        "rating": pd.array(np.where(done & (iv.i_done.to_numpy() <= T), iv.rating.to_numpy(), np.nan)).astype("Int64"),
    }
)
interviews.insert(
    4,
    "status",
    np.where(
        interviews.completed_at.notna(),
        "completed",
        np.where(interviews.cancelled_at.notna(), "cancelled", "scheduled"),
    ),
)

of = app[reached_o & (app.offer.to_numpy() <= T)]
of = of.sort_values("offer", kind="stable")
acc = (of.end_stage == "hired").to_numpy()
offers = pd.DataFrame(
    {
        "offer_id": np.arange(1, len(of) + 1),
        "application_id": of.application_id.to_numpy(),
        "offered_at": ts(of.offer),
        "amount": of.amount.to_numpy(),
        "accepted_at": ts(known(of.end, acc)),
        "declined_at": ts(known(of.end, ~acc)),
    }
)
offers["status"] = np.where(
    offers.accepted_at.notna(), "accepted", np.where(offers.declined_at.notna(), "declined", "pending")
)

vw = pd.DataFrame(views, columns=["cand", "job", "t"]).sort_values("t", kind="stable")
vw = vw[vw.t <= T]
job_views = pd.DataFrame(
    {
        "view_id": np.arange(1, len(vw) + 1),
        "candidate_id": vw.cand.to_numpy() + 1,
        "job_id": vw.job.to_numpy() + 1,
        "viewed_at": ts(vw.t),
    }
)

posted = jp["posted"] <= T
filled = np.where(j_filled <= T, j_filled, np.nan)
count_now = applications.groupby("job_id").size().reindex(np.arange(1, NJ + 1)).fillna(0).astype(int).to_numpy()
job_postings = pd.DataFrame(
    {
        "job_id": np.arange(1, NJ + 1),
        "company_id": jp["company"] + 1,
        "recruiter_id": jp["recruiter"] + 1,
        "title": [
            f"{LEVELS[lv].title()} {r}"
            for lv, r in zip(
                jp["level"],
                rng.choice(["Engineer", "Analyst", "Designer", "Account Manager", "Data Scientist"], NJ),
                strict=True,
            )
        ],
        "seniority": LEVELS[jp["level"]],
        "salary_min": jp["smin"],
        "salary_max": jp["smax"],
        "is_remote": jp["remote"],
        "openings": jp["openings"],
        "posted_at": ts(jp["posted"]),
        "closes_at": ts(jp["closes"]),
        "filled_at": ts(filled),
        "status": np.where(~np.isnan(filled), "filled", np.where(jp["closes"] <= T, "closed", "open")),
        "applicant_count": count_now,
    }
)[posted]

hired = np.where(k_hired <= T, k_hired, np.nan)
last_app = applications.groupby("candidate_id").applied_at.max()
last_view = job_views.groupby("candidate_id").viewed_at.max()
last = pd.concat([last_app, last_view], axis=1).max(axis=1).reindex(np.arange(1, NK + 1))
candidates["hired_at"] = ts(hired)
candidates["status"] = np.where(np.isnan(hired), "active", "hired")
candidates["last_active_at"] = last.to_numpy()
candidates = candidates[k_signup <= T]
companies = companies[companies.created_at <= CUT]
recruiters = recruiters[recruiters.hired_at <= CUT]

Path(OUT).unlink(missing_ok=True)  # written anew
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE companies (company_id INTEGER PRIMARY KEY, name VARCHAR, industry VARCHAR, size_band VARCHAR,
                        country VARCHAR, plan VARCHAR, created_at TIMESTAMP);
CREATE TABLE recruiters (recruiter_id INTEGER PRIMARY KEY, company_id INTEGER REFERENCES companies(company_id),
                         name VARCHAR, hired_at TIMESTAMP, team VARCHAR);
CREATE TABLE job_postings (job_id INTEGER PRIMARY KEY, company_id INTEGER, recruiter_id INTEGER, title VARCHAR,
                           seniority VARCHAR, salary_min DOUBLE, salary_max DOUBLE, is_remote BOOLEAN,
                           openings INTEGER, posted_at TIMESTAMP, closes_at TIMESTAMP, filled_at TIMESTAMP,
                           status VARCHAR, applicant_count INTEGER);
CREATE TABLE candidates (candidate_id INTEGER PRIMARY KEY, signed_up_at TIMESTAMP, location VARCHAR,
                         years_experience DOUBLE, desired_salary DOUBLE, open_to_remote BOOLEAN, hired_at TIMESTAMP,
                         status VARCHAR, last_active_at TIMESTAMP);
CREATE TABLE applications (application_id INTEGER PRIMARY KEY, candidate_id INTEGER, job_id INTEGER,
                           applied_at TIMESTAMP, source VARCHAR, stage VARCHAR, screened_at TIMESTAMP,
                           interviewed_at TIMESTAMP, offered_at TIMESTAMP, decided_at TIMESTAMP);
CREATE TABLE application_events (event_id INTEGER PRIMARY KEY, application_id INTEGER, from_stage VARCHAR,
                                 to_stage VARCHAR, changed_at TIMESTAMP);
CREATE TABLE interviews (interview_id INTEGER PRIMARY KEY, application_id INTEGER, created_at TIMESTAMP,
                         scheduled_at TIMESTAMP, status VARCHAR, completed_at TIMESTAMP, cancelled_at TIMESTAMP,
                         rating INTEGER);
CREATE TABLE offers (offer_id INTEGER PRIMARY KEY, application_id INTEGER, offered_at TIMESTAMP, amount DOUBLE,
                     accepted_at TIMESTAMP, declined_at TIMESTAMP, status VARCHAR);
CREATE TABLE job_views (view_id INTEGER PRIMARY KEY, candidate_id INTEGER, job_id INTEGER, viewed_at TIMESTAMP);
""")
for name, df in [
    ("companies", companies),
    ("recruiters", recruiters),
    ("job_postings", job_postings),
    ("candidates", candidates),
    ("applications", applications),
    ("application_events", application_events),
    ("interviews", interviews),
    ("offers", offers),
    ("job_views", job_views),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
