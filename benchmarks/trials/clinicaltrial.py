"""A clinical-trial operations database (sponsors, studies, hospital sites, investigators, subjects screened and
enrolled, a disposition log, visits scheduled ahead and then completed or missed, dosing records, adverse events,
lab results, site monitoring queries), seeded: `python benchmarks/trials/clinicaltrial.py OUT.duckdb [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 10
sponsors, 30 studies, 60 sites, 151 investigators, 5,770 subjects, 15.4k disposition rows, 41.9k visits, 28.8k
dosing records, 7.1k adverse events, 59.1k lab results, 7.6k monitoring queries (166k rows, about 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2021-06-01..NOW, one subject at a time
(every random value is drawn in a fixed order, whatever --as-of says). Rows dated after NOW exist only where written
ahead: visits.scheduled_date (each visit is created when the one before it is completed or marked missed, or at
enrolment for the baseline, and scheduled one study interval ahead). Every other column holding a later date of its
row is filled in later.

Truth (seed 0):
- sponsors (10): sponsor_type 'pharma' / 'biotech' / 'academic'; hq_country noise
- studies (30, PK study_code VARCHAR 'CT-2104'): phase I (5: 6 visits every 7 days, target 24-40), II (12: 8 visits
  every 14 days, target 80-200), III (13: 10 visits every 28 days, target 150-350); phase stored MESSY ('Phase II',
  'II', 'phase 2', 'Phase 3', 'III', ...); therapeutic_area oncology (AE rate x2.5, severity +.8, withdrawal x2),
  immunology (infections x2 in winter), cardiology, neurology, endocrinology; start_date 2021-06..2024-08; 8-16
  sites each, a site joining U(0, 120) days after the start; screening stops when enrolled reaches the target
  (studies.enrolment_closed_at filled later); studies.status TODAY's ('planned', 'recruiting', 'active',
  'completed'), studies.enrolled_count TODAY's (a counter kept up to date); dose_start_mg
- sites (60): quality q ~ N(0, 1) (hidden) lowers missed visits, monitoring queries, their resolution time and the
  delay of AE reports; enrol_power LogNormal(0, .6) (hidden) x screening rate; site_type 'community' (+.3 logit
  missed visits); country MESSY ('USA', 'US', 'United States', 'Germany', 'DE', 'UK', 'United Kingdom', 'GB',
  'Spain', 'ES', 'France', 'FR'); beds noise; sites.active_subjects TODAY's (subjects on study now)
- investigators (2-3 per site): years_experience, specialty noise; email NULL 10%
- screening: Poisson per (study, site) at target / (n_sites x 300) x enrol_power per day, x.6 in August and
  Dec 20-Jan 5; screen failure p .2 (+.1 where q < -.5) decided U(5, 21) days after screening; else enrolled
  U(7, 28) days after screening, arm 'ARM-1' (active) / 'ARM-2' (placebo) 1:1 (subjects.arm NULL until enrolled:
  filled in later)
- subjects: frailty f ~ N(0, 1) (hidden) drives AE rate x exp(.7 f), severity +.6 f, withdrawal x exp(.5 f);
  adherence a ~ N(0, 1) (hidden) drives missed visits and withdrawal x exp(-.6 a); liver l ~ N(0, 1) (hidden, .4
  correlated with f) drives ALT and 'ALT increased' AEs; age 18-85 (> 70: +.4 logit missed visits, x1.3 AE); bmi
  (> 32: x1.2 AE); subjects.status TODAY's ('screening', 'screen_failed', 'enrolled', 'withdrawn', 'completed');
  enrolled_at, withdrawn_at, completed_at filled later; last_visit_date TODAY's
- visits: 'Screening' (visit_no 0), 'Baseline' (1, on the enrolment day), 'Treatment' (2..K), 'Follow-up' (28 days
  after the last); visit_type MESSY ('Treatment', 'treatment', 'TREATMENT ', 'Tx', 'Follow-up', 'follow up', 'FU',
  ...); missed (from visit 2) with p sigmoid(-2.6 - .9 a - .5 q + .3 community + .7 holiday (Aug, Dec 20-Jan 5)
  + .4 age>70):
  status 'missed' set 3 days after the scheduled date; completed within -1..+2 days of it (completed_at filled
  later); two missed in a row: lost to follow-up with p .7; status TODAY's ('scheduled', 'completed', 'missed',
  'cancelled' at a withdrawal)
- dosing: one row per completed Baseline/Treatment visit; dose_mg = dose_start_mg, x1.5 from visit 3 if no AE of
  moderate or worse yet, x.75 after a severe one; both arms dosed (blinded); route MESSY ('IV', 'iv',
  'intravenous', 'oral', 'PO', 'Oral')
- adverse events: per on-study day .004 x exp(.7 f) x area x (1 + .8 x active x dose/start) x age x bmi; terms by
  area (infection x2 Dec-Feb); severity latent .6 f + .8 oncology + .4 active + N(0, 1): 'mild' < .5 <
  'moderate' < 1.6 < 'severe' < 2.6 < 'life-threatening'; serious = severe or worse; reported Exp(2 x exp(-.5 q))
  days after onset (the row exists from reported_at; onset_date is earlier); resolved_at filled later, outcome
  TODAY's ('ongoing', 'resolved', 'resolved with sequelae', 'fatal'); a severe AE withdraws with p .3 within 1-14
  days, a life-threatening one with p .6 (fatal p .1); relatedness MESSY ('related', 'Related', 'not related',
  'possibly related', 'Possibly Related'); site_id copied (undeclared)
- base withdrawal hazard .0006 per day x exp(.5 f - .6 a) x (2 oncology); disposition rows (screened,
  screen_failed, enrolled, withdrawn with reason, completed) written when they happen
- lab results: ALT, CREAT, HGB at screening, visits 1, 4, 7, 10 and follow-up; ALT 22 x exp(.25 l + .25 active x
  dose/start x exp(.5 l) + N(0, .15)), CREAT .9 exp(.1 f), HGB 13.5 - .5 f - 1 (oncology, on study); rows written
  at resulted_at (1-72 h after collection); visit_ref holds the visit id as VARCHAR; flag 'H' / 'L' / 'N' (NULL 3%)
- monitoring queries: per completed visit p .10 exp(-.6 q) 'missing data', per missed visit p .6 'protocol
  deviation', per AE p .25 'AE reconciliation', per high lab p .2 'out of range'; opened Exp(5) days after, answered
  Exp(6 exp(-.5 q)) days later, closed Exp(4) days after that (answered_at, closed_at filled later; status TODAY's
  'open' / 'answered' / 'closed'); category MESSY ('Missing data', 'missing data', 'MISSING_DATA', ...);
  subject_id NULL for 5%
- about 1,000 subjects are on study at each of 2024-03/06/09-01 (fewer by the end: later studies still recruit)
- keys: PKs declared on every table but disposition and lab_results (lab_id not declared); REFERENCES only
  studies -> sponsors and investigators -> sites. Undeclared: subjects (study_code VARCHAR -> studies.study_code,
  site_id, investigator_id), disposition.subject_id, visits.subject_id, dosing (subject_id, visit_id),
  adverse_events (subject_id, site_id), lab_results (subject_id, visit_ref VARCHAR -> visits.visit_id),
  monitoring_queries (site_id, subject_id, study_code)
- `python clinicaltrial.py OUT --as-of DATE` writes the same simulation as it stood at DATE: rows created after DATE
  are left out and every today's-state and filled-later column is as it stood at DATE (exact)
"""

import sys
import time

import duckdb
import numpy as np
import pandas as pd

t_start = time.time()
rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2021-06-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def month_of(t):
    return (START + pd.Timedelta(seconds=float(t))).month


def holiday(t):
    d = START + pd.Timedelta(seconds=float(t))
    return d.month == 8 or (d.month == 12 and d.day >= 20) or (d.month == 1 and d.day <= 5)


# ---------------- sponsors
NSP = 10
sponsors = pd.DataFrame(
    {
        "sponsor_id": np.arange(1, NSP + 1),
        "name": [
            "Avelor Pharma",
            "Brightwell Bio",
            "Castellan Therapeutics",
            "Northgate University",
            "Meridian Pharma",
            "Oriel Biosciences",
            "Saint Aldric Hospital Trust",
            "Tessellate Bio",
            "Velanor Pharma",
            "Quill Research",
        ],
        "sponsor_type": [
            "pharma",
            "biotech",
            "biotech",
            "academic",
            "pharma",
            "biotech",
            "academic",
            "biotech",
            "pharma",
            "academic",
        ],
        "hq_country": rng.choice(["US", "DE", "UK", "CH", "FR"], NSP),
    }
)

# ---------------- studies
NS = 30
s_phase = np.array([1] * 5 + [2] * 12 + [3] * 13)
rng.shuffle(s_phase)
AREAS = np.array(["oncology", "immunology", "cardiology", "neurology", "endocrinology"])
s_area = rng.choice(5, NS, p=[0.3, 0.2, 0.2, 0.15, 0.15])
s_start = np.sort(rng.uniform(0, secs("2024-08-15"), NS)) // DAY * DAY
s_sponsor = rng.integers(1, NSP + 1, NS)
NVIS = {1: 6, 2: 8, 3: 10}
INTV = {1: 7, 2: 14, 3: 28}
s_target = np.array([int(rng.integers(*{1: (24, 41), 2: (80, 201), 3: (150, 351)}[p])) for p in s_phase])
s_dose0 = rng.choice([10.0, 25.0, 50.0, 100.0, 200.0], NS)
PHASE_SPELL = {
    1: ["Phase I", "I", "phase 1"],
    2: ["Phase II", "II", "phase 2", "Phase 2"],
    3: ["Phase III", "III", "Phase 3", "phase III"],
}
s_phase_txt = [rng.choice(PHASE_SPELL[p]) for p in s_phase]
s_code = np.array([f"CT-{21 + int(s // (365 * DAY)):02d}{i + 1:02d}" for i, s in enumerate(s_start)])
s_created = s_start - rng.uniform(30, 120, NS) * DAY

# ---------------- sites
NSI = 60
si_q = rng.normal(0, 1, NSI)
si_pow = np.exp(rng.normal(0, 0.6, NSI))
si_type = np.where(rng.random(NSI) < 0.4, "community", "academic")
si_ctry = rng.choice(5, NSI, p=[0.35, 0.2, 0.2, 0.15, 0.1])
CTRY = {
    0: ["USA", "US", "United States"],
    1: ["Germany", "DE", "germany"],
    2: ["UK", "United Kingdom", "GB"],
    3: ["Spain", "ES"],
    4: ["France", "FR"],
}
CITY = {
    0: ["Boston", "Houston", "Chicago", "Seattle"],
    1: ["Berlin", "Munich", "Hamburg"],
    2: ["London", "Leeds"],
    3: ["Madrid", "Barcelona"],
    4: ["Paris", "Lyon"],
}
si_act = np.where(rng.random(NSI) < 0.7, -rng.uniform(0, 2500, NSI) * DAY, rng.uniform(0, 900, NSI) * DAY) // DAY * DAY
sites_df = pd.DataFrame(
    {
        "site_id": np.arange(101, 101 + NSI),
        "hospital_name": [
            f"{rng.choice(CITY[c])} {rng.choice(['General', 'University', 'Memorial', 'St Mary'])} Hospital {i}"
            for i, c in enumerate(si_ctry)
        ],
        "city": [rng.choice(CITY[c]) for c in si_ctry],
        "country": [rng.choice(CTRY[c]) for c in si_ctry],
        "site_type": si_type,
        "beds": rng.integers(120, 1500, NSI),
        "activated_on": ts(si_act).date,
    }
)

# ---------------- investigators
inv_site = np.concatenate([np.full(int(rng.integers(2, 4)), s) for s in range(NSI)])
NI = len(inv_site)
inv_start = np.maximum(
    si_act[inv_site], np.where(rng.random(NI) < 0.8, si_act[inv_site], rng.uniform(0, 1000, NI) * DAY)
)
investigators = pd.DataFrame(
    {
        "investigator_id": np.arange(5001, 5001 + NI),
        "site_id": inv_site + 101,
        "full_name": [
            f"Dr {rng.choice(['A.', 'B.', 'C.', 'D.', 'E.', 'M.', 'R.'])} "
            f"{rng.choice(['Okafor', 'Schmidt', 'Garcia', 'Chen', 'Dubois', 'Patel', 'Smith', 'Rossi'])}"
            for _ in range(NI)
        ],
        "specialty": rng.choice(["oncology", "internal medicine", "cardiology", "neurology", "rheumatology"], NI),
        "years_experience": rng.integers(2, 35, NI),
        "email": np.where(rng.random(NI) < 0.1, None, np.array([f"pi{i}@site.example" for i in range(NI)])),
        "joined_at": ts(inv_start),
    }
)

# ---------------- screening arrivals (per study, merged over its sites, in time order)
SUBJ = []  # (study, site, screened_t)
s_closed = np.full(NS, INF)
s_sites = []
for s in range(NS):
    ns = int(rng.integers(8, 17))
    ss = rng.choice(NSI, ns, replace=False)
    s_sites.append(ss)
    join = np.maximum(s_start[s] + rng.uniform(0, 120, ns) * DAY, si_act[ss])
    rate = s_target[s] / (ns * 300) * si_pow[ss]  # per day
    arr = []
    for k in range(ns):
        t = join[k]
        while t < TNOW:
            t += rng.exponential(1 / rate[k]) * DAY
            arr.append((t, ss[k]))
    arr.sort()
    # thin by season, then decide who enrols; stop when the target is reached
    SUBJ_s = []
    enrolled = 0
    for t, site in arr:
        if t >= TNOW:
            break
        if holiday(t) and rng.random() < 0.4:
            continue
        fail = rng.random() < 0.2 + 0.1 * (si_q[site] < -0.5)
        SUBJ_s.append((s, site, t, fail))
        if not fail:
            enrolled += 1
            if enrolled >= s_target[s]:
                s_closed[s] = t + 3600
                break
    SUBJ.extend(SUBJ_s)
SUBJ.sort(key=lambda x: x[2])
N = len(SUBJ)
S_study = np.array([x[0] for x in SUBJ])
S_site = np.array([x[1] for x in SUBJ])
S_scr = np.array([x[2] for x in SUBJ])
S_fail = np.array([x[3] for x in SUBJ])
S_f = rng.normal(0, 1, N)
S_a = rng.normal(0, 1, N)
S_l = 0.4 * S_f + np.sqrt(1 - 0.16) * rng.normal(0, 1, N)
S_age = rng.integers(18, 86, N)
S_bmi = np.round(np.exp(rng.normal(np.log(27), 0.17, N)), 1)
S_sex = rng.choice(["F", "M"], N)
S_arm = rng.random(N) < 0.5  # True: active
S_inv = np.array(
    [
        rng.choice(np.nonzero(ok)[0] if ok.any() else np.nonzero(inv_site == s)[0])
        for s, t in zip(S_site, S_scr, strict=True)
        for ok in [(inv_site == s) & (inv_start <= t)]
    ]
)
S_failt = np.where(S_fail, S_scr + rng.uniform(5, 21, N) * DAY, INF)
S_enr = np.where(S_fail, INF, S_scr + rng.uniform(7, 28, N) * DAY)
S_wd = np.full(N, INF)
S_wd_reason = np.full(N, None, object)
S_done = np.full(N, INF)

VIS = []  # [subject, visit_no, kind, created_t, sched_t(day start), outcome, outcome_t]  outcome: c / m / x
DOSE = []  # (subject, visit_idx, t, dose)
AE = []  # (subject, onset_t, reported_t, term, sev, resolved_t, outcome)
LAB = []  # (subject, visit_idx, test, value, collected_t, resulted_t)
QRY = []  # (site, subject or -1, study, event_t, category)

TERMS = {
    0: ["nausea", "fatigue", "neutropenia", "anaemia", "rash", "ALT increased", "infection"],
    1: ["infection", "injection site reaction", "rash", "headache", "ALT increased", "fatigue"],
    2: ["dizziness", "oedema", "headache", "fatigue", "arrhythmia", "ALT increased"],
    3: ["headache", "dizziness", "somnolence", "nausea", "fatigue", "ALT increased"],
    4: ["hypoglycaemia", "nausea", "headache", "diarrhoea", "ALT increased", "infection"],
}
AREA_AE = np.array([2.5, 1.2, 1.0, 0.9, 1.0])
SEV = np.array(["mild", "moderate", "severe", "life-threatening"])


def day0(t):
    return np.floor(t / DAY) * DAY


def labs(i, vi, t):
    s = S_study[i]
    ratio = cur_dose / s_dose0[s] if t > S_enr[i] else 0.0
    alt = 22 * np.exp(0.25 * S_l[i] + 0.5 * S_arm[i] * ratio * np.exp(0.5 * S_l[i]) * 0.5 + rng.normal(0, 0.15))
    cr = 0.9 * np.exp(0.1 * S_f[i] + rng.normal(0, 0.1))
    hgb = 13.5 - 0.5 * S_f[i] - 1.0 * (s_area[s] == 0) * (t > S_enr[i]) + rng.normal(0, 0.6)
    rt = t + rng.uniform(1, 72) * 3600
    for test, v, hi, lo in [("ALT", alt, 40, 7), ("CREAT", cr, 1.2, 0.5), ("HGB", hgb, 17.5, 12)]:
        LAB.append((i, vi, test, v, t, rt, hi, lo))
        if v > hi and rng.random() < 0.2:
            QRY.append((S_site[i], i, s, rt, "out of range"))


def sim_aes(i, t0, t1):
    """AEs with onset in (t0, t1]; returns the time of a withdrawal they cause (or INF)."""
    global worst
    s = S_study[i]
    lam = (
        0.004
        * np.exp(0.7 * S_f[i])
        * AREA_AE[s_area[s]]
        * (1 + 0.8 * S_arm[i] * cur_dose / s_dose0[s])
        * (1.3 if S_age[i] > 70 else 1.0)
        * (1.2 if S_bmi[i] > 32 else 1.0)
    )
    n = rng.poisson(lam * max(t1 - t0, 0) / DAY)
    wd = INF
    for ot in np.sort(rng.uniform(t0, t1, n)):
        terms = TERMS[s_area[s]]
        w = np.ones(len(terms))
        m = month_of(ot)
        if "infection" in terms:
            w[terms.index("infection")] *= (2.0 if m in (12, 1, 2) else 1.0) * (2.0 if s_area[s] == 1 else 1.0)
        w[terms.index("ALT increased")] *= np.exp(0.8 * S_l[i])
        w /= w.sum()
        term = terms[rng.choice(len(terms), p=w)]
        z = 0.6 * S_f[i] + 0.8 * (s_area[s] == 0) + 0.4 * S_arm[i] + rng.normal(0, 1)
        sev = int(np.searchsorted([0.5, 1.6, 2.6], z))
        worst = max(worst, sev)
        rep = ot + rng.exponential(2 * np.exp(-0.5 * si_q[S_site[i]])) * DAY
        dur = rng.exponential([6, 12, 25, 40][sev]) * DAY
        fatal = sev == 3 and rng.random() < 0.1
        outcome = "fatal" if fatal else ("resolved with sequelae" if sev >= 2 and rng.random() < 0.3 else "resolved")
        res = ot + (rng.uniform(1, 10) * DAY if fatal else dur)
        AE.append((i, ot, rep, term, sev, res, outcome, rng.random()))
        if rng.random() < 0.25:
            QRY.append((S_site[i], i, s, rep, "AE reconciliation"))
        if fatal:
            wd = min(wd, res)
            S_wd_reason[i] = "death"
        elif ((sev == 2 and rng.random() < 0.3) or (sev == 3 and rng.random() < 0.6)) and ot + 14 * DAY < wd:
            wd = ot + rng.uniform(1, 14) * DAY
            S_wd_reason[i] = "adverse event"
        if sev >= 2:
            severe_flag[0] = True
    return wd


for i in range(N):
    s, site = S_study[i], S_site[i]
    q = si_q[site]
    cur_dose = s_dose0[s]
    worst = -1
    severe_flag = [False]
    # screening visit
    st = S_scr[i]
    vi = len(VIS)
    VIS.append([i, 0, "Screening", st - rng.uniform(1, 10) * DAY, day0(st), "c", st])
    labs(i, vi, st)
    if S_fail[i]:
        continue
    K = NVIS[s_phase[s]]
    iv = INTV[s_phase[s]] * DAY
    base_wd = 0.0006 * np.exp(0.5 * S_f[i] - 0.6 * S_a[i]) * (2.0 if s_area[s] == 0 else 1.0)
    created = S_scr[i] + rng.uniform(1, 4) * DAY
    sched = day0(S_enr[i])
    last_t = S_enr[i]
    misses = 0
    for k in range(1, K + 2):
        kind = "Baseline" if k == 1 else ("Follow-up" if k == K + 1 else "Treatment")
        vi = len(VIS)
        VIS.append([i, k, kind, created, sched, None, None])
        # withdrawal before this visit: baseline hazard, or one an AE causes
        end = sched + 2 * DAY
        wd_base = last_t + rng.exponential(1 / base_wd) * DAY
        wd_ae = sim_aes(i, last_t, end) if k > 1 else INF
        wd = min(wd_base, wd_ae)
        if wd < end and k > 1:
            if wd_base < wd_ae:
                S_wd_reason[i] = rng.choice(["withdrew consent", "investigator decision", "relocation"])
            S_wd[i] = wd
            VIS[vi][5:] = ["x", wd]
            break
        hol = holiday(sched)
        pm = sig(
            -2.6 - 0.9 * S_a[i] - 0.5 * q + 0.3 * (si_type[site] == "community") + 0.7 * hol + 0.4 * (S_age[i] > 70)
        )
        if k > 1 and rng.random() < pm:
            mt = sched + 3 * DAY
            VIS[vi][5:] = ["m", mt]
            misses += 1
            if rng.random() < 0.6:
                QRY.append((site, i, s, mt, "protocol deviation"))
            last_t = mt
            created = mt + rng.uniform(0, 1) * DAY
            if misses >= 2 and rng.random() < 0.7:
                S_wd[i] = mt + rng.uniform(1, 10) * DAY
                S_wd_reason[i] = "lost to follow-up"
                break
        else:
            misses = 0
            ct = (S_enr[i] + 1800) if k == 1 else sched + rng.integers(-1, 3) * DAY + rng.uniform(8, 17) * 3600
            VIS[vi][5:] = ["c", ct]
            if kind != "Follow-up":
                if k == 3 and worst < 1:
                    cur_dose = cur_dose * 1.5
                if severe_flag[0]:
                    cur_dose = cur_dose * 0.75
                    severe_flag[0] = False
                DOSE.append((i, vi, ct + rng.uniform(600, 7200), cur_dose))
            if k % 3 == 1 or kind == "Follow-up":
                labs(i, vi, ct + 900)
            if rng.random() < 0.10 * np.exp(-0.6 * q):
                QRY.append((site, i, s, ct, "missing data"))
            last_t = ct
            created = ct + rng.uniform(0, 3600)
        if k == K + 1 and VIS[vi][5] in ("c", "m"):
            S_done[i] = VIS[vi][6] + DAY
            break
        sched = sched + (28 * DAY if k == K else iv)
        if sched > TNOW + 60 * DAY:
            break

print(f"simulated in {time.time() - t_start:.1f}s", file=sys.stderr)

# ---------------- arrays
NV = len(VIS)
V_subj = np.array([v[0] for v in VIS])
V_no = np.array([v[1] for v in VIS])
V_kind = np.array([v[2] for v in VIS], dtype=object)
V_created = np.array([v[3] for v in VIS])
V_sched = np.array([v[4] for v in VIS])
V_out = np.array([v[5] or "" for v in VIS], dtype=object)
V_outt = np.array([v[6] if v[6] is not None else INF for v in VIS])
# a subject withdrawn cancels the visit it had scheduled (when not already settled)
open_v = V_out == ""
V_out = np.where(open_v & (S_wd[V_subj] < INF), "x", V_out)
V_outt = np.where(open_v & (S_wd[V_subj] < INF), S_wd[V_subj], V_outt)
vorder = np.argsort(V_created, kind="stable")
V_id = np.empty(NV, int)
V_id[vorder] = np.arange(1, NV + 1)
KIND_SPELL = {
    "Screening": (["Screening", "SCREENING", "screening"], [0.7, 0.2, 0.1]),
    "Baseline": (["Baseline", "baseline", "BL"], [0.7, 0.2, 0.1]),
    "Treatment": (["Treatment", "treatment", "TREATMENT ", "Tx"], [0.6, 0.2, 0.1, 0.1]),
    "Follow-up": (["Follow-up", "follow up", "FU"], [0.6, 0.25, 0.15]),
}
V_kind_txt = np.array([rng.choice(KIND_SPELL[k][0], p=KIND_SPELL[k][1]) for k in V_kind], dtype=object)

ND_ = len(DOSE)
D_subj = np.array([d[0] for d in DOSE])
D_vi = np.array([d[1] for d in DOSE])
D_t = np.array([d[2] for d in DOSE])
D_mg = np.array([d[3] for d in DOSE])
ROUTE = {True: (["IV", "iv", "intravenous"], [0.7, 0.2, 0.1]), False: (["oral", "PO", "Oral"], [0.6, 0.25, 0.15])}
s_iv = rng.random(NS) < 0.4
D_route = np.array(
    [rng.choice(ROUTE[bool(s_iv[S_study[i]])][0], p=ROUTE[bool(s_iv[S_study[i]])][1]) for i in D_subj], dtype=object
)
D_lot = np.array([f"LOT{rng.integers(10000, 99999)}" for _ in range(ND_)])

NA = len(AE)
A_subj = np.array([a[0] for a in AE], int)
A_on = np.array([a[1] for a in AE])
A_rep = np.array([a[2] for a in AE])
A_term = np.array([a[3] for a in AE], dtype=object)
A_sev = np.array([a[4] for a in AE], int)
A_res = np.array([a[5] for a in AE])
A_outc = np.array([a[6] for a in AE], dtype=object)
A_rel = rng.choice(
    ["related", "Related", "not related", "possibly related", "Possibly Related"], NA, p=[0.3, 0.1, 0.35, 0.2, 0.05]
)

NL = len(LAB)
L_subj = np.array([x[0] for x in LAB])
L_vi = np.array([x[1] for x in LAB])
L_test = np.array([x[2] for x in LAB], dtype=object)
L_val = np.array([x[3] for x in LAB])
L_coll = np.array([x[4] for x in LAB])
L_res = np.array([x[5] for x in LAB])
L_hi = np.array([x[6] for x in LAB])
L_lo = np.array([x[7] for x in LAB])
L_flag = np.where(L_val > L_hi, "H", np.where(L_val < L_lo, "L", "N")).astype(object)
L_flag[rng.random(NL) < 0.03] = None
UNIT = {"ALT": "U/L", "CREAT": "mg/dL", "HGB": "g/dL"}

NQ = len(QRY)
Q_site = np.array([x[0] for x in QRY])
Q_subj = np.array([x[1] for x in QRY])
Q_study = np.array([x[2] for x in QRY])
Q_open = np.array([x[3] for x in QRY]) + rng.exponential(5, NQ) * DAY
Q_cat = np.array([x[4] for x in QRY], dtype=object)
Q_ans = Q_open + rng.exponential(6 * np.exp(-0.5 * si_q[Q_site])) * DAY
Q_close = Q_ans + rng.exponential(4, NQ) * DAY
CAT_SPELL = {
    "missing data": ["Missing data", "missing data", "MISSING_DATA"],
    "protocol deviation": ["Protocol deviation", "protocol deviation", "PD"],
    "AE reconciliation": ["AE reconciliation", "AE Reconciliation", "ae recon"],
    "out of range": ["Out of range", "out of range", "OOR"],
}
Q_cat_txt = np.array([rng.choice(CAT_SPELL[c], p=[0.6, 0.3, 0.1]) for c in Q_cat], dtype=object)
Q_nosubj = rng.random(NQ) < 0.05
S_code = np.array([f"{s_code[S_study[i]]}-{S_site[i] + 101}-{i:05d}" for i in range(N)])

# disposition events
DISP = [(i, "screened", None, S_scr[i]) for i in range(N)]
DISP += [(i, "screen_failed", "eligibility", S_failt[i]) for i in range(N) if S_failt[i] < INF]
DISP += [(i, "enrolled", None, S_enr[i]) for i in range(N) if S_enr[i] < INF]
DISP += [(i, "withdrawn", S_wd_reason[i], S_wd[i]) for i in range(N) if S_wd[i] < INF]
DISP += [(i, "completed", None, S_done[i]) for i in range(N) if S_done[i] < INF]
DISP.sort(key=lambda x: x[3])


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


enr_known = S_enr <= T
wd_known = S_wd <= T
done_known = S_done <= T
fail_known = S_failt <= T
subj_status = np.select(
    [fail_known, wd_known, done_known, enr_known], ["screen_failed", "withdrawn", "completed", "enrolled"], "screening"
)
vsettled = V_outt <= T
v_status = np.where(
    vsettled, np.select([V_out == "c", V_out == "m"], ["completed", "missed"], "cancelled"), "scheduled"
)
vk = V_created <= T
lastv = pd.Series(V_outt[vk & vsettled & (V_out == "c")]).groupby(V_subj[vk & vsettled & (V_out == "c")]).max()
S_last = np.full(N, np.nan)
S_last[lastv.index.to_numpy()] = lastv.to_numpy()
sk = S_scr <= T

subjects = pd.DataFrame(
    {
        "subject_id": np.arange(1, N + 1),
        "screening_no": S_code,
        "study_code": s_code[S_study],
        "site_id": S_site + 101,
        "investigator_id": S_inv + 5001,
        "sex": S_sex,
        "birth_year": (START.year - S_age + (S_scr / DAY / 365.25).astype(int)),
        "bmi": S_bmi,
        "arm": np.where(enr_known, np.where(S_arm, "ARM-1", "ARM-2"), None),
        "screened_at": ts(S_scr),
        "enrolled_at": ts(known(S_enr)),
        "status": subj_status,
        "withdrawn_at": ts(known(S_wd)),
        "completed_at": ts(known(S_done)),
        "last_visit_date": pd.Series(ts(S_last)).dt.date,
    }
)[sk]

on_study = enr_known & ~wd_known & ~done_known & sk
active_by_site = np.bincount(S_site[on_study], minlength=NSI)
sites_out = sites_df.assign(active_subjects=active_by_site)[si_act <= T]
investigators_out = investigators[inv_start <= T]

enr_by_study = np.bincount(S_study[enr_known & sk], minlength=NS)
# a study is completed when all its enrolled subjects are done and enrolment closed
last_end = np.full(NS, -INF)
for i in range(N):
    e = min(S_wd[i], S_done[i], S_failt[i])
    last_end[S_study[i]] = max(last_end[S_study[i]], e)
s_complete = np.where((s_closed < INF) & (last_end < INF), last_end + 30 * DAY, INF)
st_status = np.select([s_start > T, s_closed > T, s_complete > T], ["planned", "recruiting", "active"], "completed")
studies = pd.DataFrame(
    {
        "study_code": s_code,
        "sponsor_id": s_sponsor,
        "title": [
            f"A phase {p} study of AX-{100 + i} in {AREAS[a]}"
            for i, (p, a) in enumerate(zip(s_phase, s_area, strict=True))
        ],
        "phase": s_phase_txt,
        "therapeutic_area": AREAS[s_area],
        "start_date": ts(s_start).date,
        "planned_visits": [NVIS[p] for p in s_phase],
        "visit_interval_days": [INTV[p] for p in s_phase],
        "target_enrolment": s_target,
        "dose_start_mg": s_dose0,
        "status": st_status,
        "enrolled_count": enr_by_study,
        "enrolment_closed_at": ts(known(s_closed)),
        "created_at": ts(s_created),
    }
)[s_created <= T]

disposition = pd.DataFrame(
    {
        "subject_id": [d[0] + 1 for d in DISP],
        "event": [d[1] for d in DISP],
        "reason": [d[2] for d in DISP],
        "event_at": ts([d[3] for d in DISP]),
    }
)[np.array([d[3] for d in DISP]) <= T]

visits = pd.DataFrame(
    {
        "visit_id": V_id,
        "subject_id": V_subj + 1,
        "visit_no": V_no,
        "visit_type": V_kind_txt,
        "scheduled_date": ts(V_sched).date,
        "created_at": ts(V_created),
        "status": v_status,
        "completed_at": ts(np.where(vsettled & (V_out == "c"), V_outt, np.nan)),
    }
).iloc[vorder]
visits = visits[V_created[vorder] <= T]

dorder = np.argsort(D_t, kind="stable")
dosing = pd.DataFrame(
    {
        "dose_id": np.arange(1, ND_ + 1),
        "subject_id": D_subj[dorder] + 1,
        "visit_id": V_id[D_vi[dorder]],
        "dosed_at": ts(D_t[dorder]),
        "dose_mg": D_mg[dorder],
        "route": D_route[dorder],
        "lot_no": D_lot[dorder],
    }
)[D_t[dorder] <= T]

aorder = np.argsort(A_rep, kind="stable")
a_res_known = known(A_res)[aorder]
adverse_events = pd.DataFrame(
    {
        "ae_id": np.arange(1, NA + 1),
        "subject_id": A_subj[aorder] + 1,
        "site_id": S_site[A_subj[aorder]] + 101,
        "onset_date": ts(A_on[aorder]).date,
        "reported_at": ts(A_rep[aorder]),
        "term": A_term[aorder],
        "severity": SEV[A_sev[aorder]],
        "serious": A_sev[aorder] >= 2,
        "relatedness": A_rel[aorder],
        "outcome": np.where(np.isnan(a_res_known), "ongoing", A_outc[aorder]),
        "resolved_at": ts(a_res_known),
    }
)[A_rep[aorder] <= T]

lorder = np.argsort(L_res, kind="stable")
lab_results = pd.DataFrame(
    {
        "lab_id": np.arange(1, NL + 1),
        "subject_id": L_subj[lorder] + 1,
        "visit_ref": V_id[L_vi[lorder]].astype(str),
        "test_code": L_test[lorder],
        "value": np.round(L_val[lorder], 2),
        "unit": [UNIT[x] for x in L_test[lorder]],
        "flag": L_flag[lorder],
        "collected_at": ts(L_coll[lorder]),
        "resulted_at": ts(L_res[lorder]),
    }
)[L_res[lorder] <= T]

qorder = np.argsort(Q_open, kind="stable")
q_ans_k = known(Q_ans)[qorder]
q_close_k = known(Q_close)[qorder]
monitoring_queries = pd.DataFrame(
    {
        "query_id": np.arange(1, NQ + 1),
        "site_id": Q_site[qorder] + 101,
        "subject_id": np.where(Q_nosubj[qorder], np.nan, Q_subj[qorder] + 1),
        "study_code": s_code[Q_study[qorder]],
        "category": Q_cat_txt[qorder],
        "opened_at": ts(Q_open[qorder]),
        "status": np.where(~np.isnan(q_close_k), "closed", np.where(~np.isnan(q_ans_k), "answered", "open")),
        "answered_at": ts(q_ans_k),
        "closed_at": ts(q_close_k),
    }
)[Q_open[qorder] <= T]
monitoring_queries["subject_id"] = monitoring_queries["subject_id"].astype("Int64")

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE sponsors (sponsor_id INTEGER PRIMARY KEY, name VARCHAR, sponsor_type VARCHAR, hq_country VARCHAR);
CREATE TABLE studies (study_code VARCHAR PRIMARY KEY, sponsor_id INTEGER REFERENCES sponsors(sponsor_id),
                      title VARCHAR, phase VARCHAR, therapeutic_area VARCHAR, start_date DATE, planned_visits INTEGER,
                      visit_interval_days INTEGER, target_enrolment INTEGER, dose_start_mg DOUBLE, status VARCHAR,
                      enrolled_count INTEGER, enrolment_closed_at TIMESTAMP, created_at TIMESTAMP);
CREATE TABLE sites (site_id INTEGER PRIMARY KEY, hospital_name VARCHAR, city VARCHAR, country VARCHAR,
                    site_type VARCHAR, beds INTEGER, activated_on DATE, active_subjects INTEGER);
CREATE TABLE investigators (investigator_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites(site_id),
                            full_name VARCHAR, specialty VARCHAR, years_experience INTEGER, email VARCHAR,
                            joined_at TIMESTAMP);
CREATE TABLE subjects (subject_id INTEGER PRIMARY KEY, screening_no VARCHAR, study_code VARCHAR, site_id INTEGER,
                       investigator_id INTEGER, sex VARCHAR, birth_year INTEGER, bmi DOUBLE, arm VARCHAR,
                       screened_at TIMESTAMP, enrolled_at TIMESTAMP, status VARCHAR, withdrawn_at TIMESTAMP,
                       completed_at TIMESTAMP, last_visit_date DATE);
CREATE TABLE disposition (subject_id INTEGER, event VARCHAR, reason VARCHAR, event_at TIMESTAMP);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, subject_id INTEGER, visit_no INTEGER, visit_type VARCHAR,
                     scheduled_date DATE, created_at TIMESTAMP, status VARCHAR, completed_at TIMESTAMP);
CREATE TABLE dosing (dose_id INTEGER PRIMARY KEY, subject_id INTEGER, visit_id INTEGER, dosed_at TIMESTAMP,
                     dose_mg DOUBLE, route VARCHAR, lot_no VARCHAR);
CREATE TABLE adverse_events (ae_id INTEGER PRIMARY KEY, subject_id INTEGER, site_id INTEGER, onset_date DATE,
                             reported_at TIMESTAMP, term VARCHAR, severity VARCHAR, serious BOOLEAN,
                             relatedness VARCHAR, outcome VARCHAR, resolved_at TIMESTAMP);
CREATE TABLE lab_results (lab_id INTEGER, subject_id INTEGER, visit_ref VARCHAR, test_code VARCHAR, value DOUBLE,
                          unit VARCHAR, flag VARCHAR, collected_at TIMESTAMP, resulted_at TIMESTAMP);
CREATE TABLE monitoring_queries (query_id INTEGER PRIMARY KEY, site_id INTEGER, subject_id INTEGER,
                                 study_code VARCHAR, category VARCHAR, opened_at TIMESTAMP, status VARCHAR,
                                 answered_at TIMESTAMP, closed_at TIMESTAMP);
""")
total = 0
for name, df in [
    ("sponsors", sponsors),
    ("studies", studies),
    ("sites", sites_out),
    ("investigators", investigators_out),
    ("subjects", subjects),
    ("disposition", disposition),
    ("visits", visits),
    ("dosing", dosing),
    ("adverse_events", adverse_events),
    ("lab_results", lab_results),
    ("monitoring_queries", monitoring_queries),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
con.close()
print(f"{total} rows in {time.time() - t_start:.1f}s")
