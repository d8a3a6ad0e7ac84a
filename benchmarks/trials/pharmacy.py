"""A retail pharmacy chain's dispensing database (pharmacies that open and close, prescribers keyed by an NPI
string, patients with a plan and today's status, drugs keyed by an NDC string with a therapeutic class,
prescriptions written ahead of their expiry, fills with copays and pickups, insurance claims adjudicated later,
refill reminders scheduled ahead, monthly adherence scores), seeded: `python benchmarks/trials/pharmacy.py PATH
[--as-of DATE]`. Written by a fresh-eyes trial, kept for benchmarks/trials.py (the truth it planted is in this
docstring). Seed 0: see the row counts the script prints (about 6,000 patients and 100k fills; about 20 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the system went live 2023-01-01 (no fills before). Times are
naive local pharmacy times (US Central) except insurance_claims.submitted_at (TIMESTAMPTZ, the same instants) and
refill_reminders.sent_at (VARCHAR text 'YYYY-MM-DD HH:MM:SS', NULL until sent).

Truth (seed 0):
- patients: hidden adherence a ~ Beta(5, 2) (mean .71). Each chronic therapy (0..4 per patient, 18% none; statin,
  antihypertensive, antidiabetic, antidepressant, thyroid, ppi, anticoagulant, asthma_inhaler) refills every
  days_supply (30 or 90) days plus a lateness of -4 + Exponential(2 + 35 (1 - a)^2) days; after each fill the
  therapy stops (discontinuation) with p = 0.01 + 0.15 (1 - a)^2 + 0.04 if that fill was over 10 days late.
  A patient leaves the chain (all therapies stop) at rate 0.00015 + 0.0015 (1 - a)^2 per day; 45% of leavers ask for
  a transfer (status 'transferred_out'); patients 75+ die at 0.0002 per day (status 'deceased').
- seasonality: 30% of patients are allergic: each spring (start ~ N(Apr 15, 18 days)) with p .8 an antihistamine
  prescription, 30 days, 2 refills, each refilled with p .75 a; flu antivirals (5 days, no refills) per winter with
  p .08 (x1.6 for 65+) around N(Jan 10, 25 days); antibiotics (10 days) at 0.35 / year x (Dec-Feb 1.7, Jun-Aug 0.6,
  else 1.0).
- pharmacies: 20 in 4 regions; 4 open during the span (2023-04-01, 2023-09-15, 2024-02-01, 2024-07-01); pharmacy 7
  closes 2024-08-31 (closed_at) and its patients move to another in its region. 12% of patients switch pharmacy
  once (uniform time, half of them to the newest open one of their region); 4% of fills at a random other pharmacy.
- claims (not for cash-plan patients): rejected with logit -3.4 + 1.5 brand + 1.3 (prior-auth drug and the first
  fill of its prescription) + 0.8 payer 'Aetnix' + 1.2 (refill over 5 days early) + 0.9 (January); 80% adjudicated
  within 10 minutes, 20% pended 1-10 days. A rejected claim's fill is charged the cash price and is picked up with
  p .97 - .2 (1 - a) - .35; else p .97 - .2 (1 - a); a fill not picked up in 14 days is returned to stock.
- copay: generic commercial 10 / medicare 5 / medicaid 1, brand 45 / 35 / 3, cash plan 60% of list (x2.5 for 90
  days); NULL while the claim is pending.
- refill reminders: for opted-in patients (70%), one per picked-up chronic fill, created at pickup and scheduled at
  the fill day + days_supply - 3 at 10:00 (scheduled_for runs up to ~3 months past NOW); sent when scheduled;
  responded with p .15 + .6 a, known a day after sending (NULL before).
- adherence_scores: on the 1st of each month, for patients with a picked-up chronic fill in the 180 days before,
  pdc_90d (days covered by picked-up chronic fills over the 90 days before) and late_refills_90d (fills over 7
  days late); risk_flag high < .6 <= medium < .8 <= low, NULL on 10% (not computed).
- today's state (no history): patients.status ('active', 'inactive' = no fill in 180 days, 'transferred_out',
  'deceased'), patients.home_pharmacy_id (after switches), patients.last_fill_date,
  prescriptions.refills_remaining, fills.status / picked_up_at / copay, insurance_claims.status / adjudicated_at /
  paid_amount / reject_code, refill_reminders.sent_at / responded.
- dated ahead: prescriptions.expires_at (written_at + 365 days; 180 for controlled drugs),
  refill_reminders.scheduled_for.
- keys: declared prescriptions.patient_id, fills.prescription_id, fills.pharmacy_id, insurance_claims.fill_id;
  undeclared prescriptions.prescriber_id (VARCHAR NPI) and .ndc, fills.patient_id and .ndc,
  patients.home_pharmacy_id, insurance_claims.patient_id, refill_reminders.patient_id / prescription_id,
  adherence_scores.patient_id (no primary key). insurance_claims.claim_id is a string ('CLM' + 8 digits).
- noise / NULL-heavy: patients.email (55% NULL), patients.zip3, drugs.controlled_schedule (NULL but opioids),
  prescribers.name, pharmacies.has_drive_thru.
- `--as-of DATE`: the same simulation (every random value drawn before cutting) as it stood at DATE: rows written
  after DATE gone, today's-state columns as they were then (benchmarks/honesty.py).
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = sys.argv[sys.argv.index("--as-of") + 1] if "--as-of" in sys.argv else None
START = pd.Timestamp("2023-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
T_NOW = (NOW - START).total_seconds() / 86400  # times are float days since START
T_CUT = (pd.Timestamp(AS_OF) - START).total_seconds() / 86400 if AS_OF else T_NOW
DAY_DATES = pd.date_range(START, periods=1200, freq="D")
MONTH = DAY_DATES.month.values  # month of day index


def month_of(t: float) -> int:
    return int(MONTH[int(t)]) if 0 <= t < len(MONTH) else int((START + pd.Timedelta(days=t)).month)


# ---------------- drugs
CLASSES = {  # class: (drugs, brand share, prior auth share, chronic weight)
    "statin": (6, 0.15, 0.0, 0.22),
    "antihypertensive": (10, 0.1, 0.0, 0.25),
    "antidiabetic": (8, 0.4, 0.5, 0.13),
    "antidepressant": (8, 0.2, 0.0, 0.14),
    "thyroid": (3, 0.0, 0.0, 0.08),
    "ppi": (4, 0.25, 0.0, 0.08),
    "anticoagulant": (4, 0.75, 0.5, 0.05),
    "asthma_inhaler": (5, 0.8, 0.3, 0.05),
    "antihistamine": (6, 0.2, 0.0, 0.0),
    "antiviral": (3, 0.35, 0.0, 0.0),
    "antibiotic": (8, 0.1, 0.0, 0.0),
    "opioid_analgesic": (3, 0.3, 0.5, 0.0),
}
d_rows = []
for cls, (n, brand, pa, _) in CLASSES.items():
    for i in range(n):
        is_brand = bool(rng.random() < brand)
        ndc = f"{rng.integers(0, 99999):05d}-{rng.integers(0, 9999):04d}-{rng.integers(1, 99):02d}"
        price = float(np.round(rng.lognormal(np.log(6.0 if is_brand else 0.4), 0.6), 4))
        d_rows.append(
            (
                ndc,
                f"{cls[:5].upper()}-{i + 1}",
                cls,
                is_brand,
                price,
                bool(rng.random() < pa),
                "II" if cls == "opioid_analgesic" else None,
            )
        )
drugs = pd.DataFrame(
    d_rows,
    columns=[
        "ndc",
        "name",
        "therapeutic_class",
        "is_brand",
        "unit_price",
        "requires_prior_auth",
        "controlled_schedule",
    ],
)
drugs_by_class = {c: np.flatnonzero(drugs.therapeutic_class.values == c) for c in CLASSES}
CHRONIC = [c for c, v in CLASSES.items() if v[3] > 0]
CHRONIC_P = np.array([CLASSES[c][3] for c in CHRONIC])
CHRONIC_P = CHRONIC_P / CHRONIC_P.sum()

# ---------------- pharmacies
NPH = 20
ph_region = np.arange(NPH) % 4
ph_open = np.array([-rng.integers(200, 4000) for _ in range(NPH)], dtype=float)
NEW = {16: "2023-04-01", 17: "2023-09-15", 18: "2024-02-01", 19: "2024-07-01"}
for i, d in NEW.items():
    ph_open[i] = (pd.Timestamp(d) - START).days
CLOSED, CLOSE_T = 6, float((pd.Timestamp("2024-08-31") - START).days)
ph_pop = rng.gamma(3.0, 1.0, NPH)
pharmacies = pd.DataFrame(
    {
        "pharmacy_id": np.arange(1, NPH + 1),
        "name": [f"Wellcare #{100 + i}" for i in range(NPH)],
        "region": np.array(["north", "south", "east", "west"])[ph_region],
        "opened_at": START + pd.to_timedelta(ph_open + 8 / 24, unit="D"),
        "closed_at": [START + pd.Timedelta(days=CLOSE_T + 20 / 24) if i == CLOSED else pd.NaT for i in range(NPH)],
        "has_drive_thru": rng.random(NPH) < 0.4,
    }
)


def open_at(t: float, region: int) -> np.ndarray:
    ok = (ph_region == region) & (ph_open <= t) & ~((np.arange(NPH) == CLOSED) & (t >= CLOSE_T))
    return np.flatnonzero(ok)


# ---------------- prescribers
NPR = 250
SPECS = [
    "family_medicine",
    "internal_medicine",
    "cardiology",
    "endocrinology",
    "psychiatry",
    "pulmonology",
    "urgent_care",
]
pr_spec = rng.choice(len(SPECS), NPR, p=[0.55, 0.2, 0.08, 0.05, 0.06, 0.03, 0.03])
prescribers = pd.DataFrame(
    {
        "prescriber_id": [str(1_000_000_000 + int(x)) for x in rng.choice(900_000_000, NPR, replace=False)],
        "name": [f"Dr. {chr(65 + i % 26)}{i}" if rng.random() > 0.1 else None for i in range(NPR)],
        "specialty": np.array(SPECS)[pr_spec],
    }
)
by_spec = {s: np.flatnonzero(pr_spec == i) for i, s in enumerate(SPECS)}
SPEC_OF = {
    "statin": "cardiology",
    "antihypertensive": "cardiology",
    "antidiabetic": "endocrinology",
    "antidepressant": "psychiatry",
    "anticoagulant": "cardiology",
    "asthma_inhaler": "pulmonology",
}

# ---------------- patients
NP = 6000
created = np.floor(np.where(rng.random(NP) < 0.5, -rng.uniform(30, 2500, NP), rng.uniform(0, T_NOW - 1, NP)))
created = created + rng.uniform(8, 19, NP) / 24
birth = rng.integers(1935, 2006, NP)
age = 2024 - birth
plan = rng.choice(["commercial", "medicare", "medicaid", "cash"], NP, p=[0.5, 0.3, 0.15, 0.05])
plan = np.where((age >= 65) & (plan == "commercial") & (rng.random(NP) < 0.8), "medicare", plan)
PAYER = {
    "commercial": ["BlueShield", "Aetnix", "UnityCare"],
    "medicare": ["MediPart D", "Aetnix"],
    "medicaid": ["StateCaid"],
}
payer = np.array([rng.choice(PAYER[p]) if p != "cash" else None for p in plan], dtype=object)
adh = rng.beta(5, 2, NP)
leave_t = np.maximum(created, 0) + rng.exponential(1 / (0.00015 + 0.0015 * (1 - adh) ** 2))
transfer_req = rng.random(NP) < 0.45
death_t = np.where(age >= 75, np.maximum(created, 0) + rng.exponential(1 / 0.0002, NP), np.inf)
allergic = rng.random(NP) < 0.3
opt_in = rng.random(NP) < 0.7
region = rng.integers(0, 4, NP)
switch_t = np.where(rng.random(NP) < 0.12, rng.uniform(0, T_NOW, NP), np.inf)
switch_newest = rng.random(NP) < 0.5
home0_u = rng.random(NP)
switch_u = rng.random(NP)
close_u = rng.random(NP)
pcp = rng.choice(np.concatenate([by_spec["family_medicine"], by_spec["internal_medicine"]]), NP)


def pick(cands: np.ndarray, u: float) -> int:
    w = np.cumsum(ph_pop[cands])
    return int(cands[min(np.searchsorted(w, u * w[-1]), len(cands) - 1)])


# pharmacy timeline per patient: [(from_t, pharmacy)]
timeline = []
for p in range(NP):
    t0 = max(created[p], 0.0)
    home = pick(open_at(t0, region[p]), home0_u[p])
    tl = [(-np.inf, home)]
    if switch_t[p] > t0 and np.isfinite(switch_t[p]):
        cands = open_at(switch_t[p], region[p])
        cands = cands[cands != home] if len(cands) > 1 else cands
        new = int(cands[np.argmax(ph_open[cands])]) if switch_newest[p] else pick(cands, switch_u[p])
        tl.append((switch_t[p], new))
    before = [x for x in tl if x[0] < CLOSE_T]
    if before[-1][1] == CLOSED:  # the closed pharmacy's patients move to another of its region
        tl = (
            before + [(CLOSE_T, pick(open_at(CLOSE_T + 1, region[p]), close_u[p]))] + [x for x in tl if x[0] >= CLOSE_T]
        )
    timeline.append(tl)


def pharmacy_at(p: int, t: float) -> int:
    cur = timeline[p][0][1]
    for since, ph in timeline[p]:
        if since <= t:
            cur = ph
    return cur


# ---------------- simulation: prescriptions and fills (every draw made here, before any cut)
rx = {k: [] for k in ["patient", "prescriber", "drug", "written", "refills", "days_supply", "qty_per_day", "expires"]}
fl = {k: [] for k in ["rx", "patient", "pharmacy", "drug", "filled", "days_supply", "qty", "late", "chronic", "first"]}


def new_rx(p, prescriber, drug, t, refills, ds, qpd):
    rx["patient"].append(p)
    rx["prescriber"].append(prescriber)
    rx["drug"].append(drug)
    rx["written"].append(t)
    rx["refills"].append(refills)
    rx["days_supply"].append(ds)
    rx["qty_per_day"].append(qpd)
    life = 180 if drugs.controlled_schedule.iat[drug] else 365
    rx["expires"].append(np.floor(t) + life + 23.99 / 24)
    return len(rx["patient"]) - 1


def add_fill(r, p, t, late, chronic, first):
    day = np.floor(t)
    when = day + rng.uniform(9, 20) / 24
    ph = pharmacy_at(p, when)
    if rng.random() < 0.04:  # away from home: another open pharmacy of the region
        ph = int(rng.choice(open_at(when, region[p])))
    fl["rx"].append(r)
    fl["patient"].append(p)
    fl["pharmacy"].append(ph)
    fl["drug"].append(rx["drug"][r])
    fl["filled"].append(when)
    fl["days_supply"].append(rx["days_supply"][r])
    fl["qty"].append(rx["days_supply"][r] * rx["qty_per_day"][r])
    fl["late"].append(late)
    fl["chronic"].append(chronic)
    fl["first"].append(first)


def seasonal_antibiotic(t: float) -> float:
    m = month_of(t)
    return 1.7 if m in (12, 1, 2) else 0.6 if m in (6, 7, 8) else 1.0


for p in range(NP):
    t0 = max(created[p], 0.0)
    end = min(leave_t[p], death_t[p], T_NOW)
    if end <= t0:
        continue
    a = adh[p]
    n_chronic = 0 if rng.random() < 0.18 else min(1 + rng.poisson(1.0 + 0.6 * (age[p] >= 60)), 4)
    for cls in rng.choice(CHRONIC, n_chronic, replace=False, p=CHRONIC_P):
        drug = int(rng.choice(drugs_by_class[cls]))
        spec = SPEC_OF.get(cls)
        prescriber = int(rng.choice(by_spec[spec])) if spec and rng.random() < 0.35 else int(pcp[p])
        ds = 90 if rng.random() < (0.45 if plan[p] == "medicare" else 0.25) else 30
        qpd = 2 if rng.random() < 0.25 else 1
        refills = (11 if rng.random() < 0.6 else 5) if ds == 30 else (3 if rng.random() < 0.7 else 1)
        t = t0 + (rng.exponential(5) if created[p] < 0 and rng.random() < 0.6 else rng.uniform(0, max(end - t0, 1)))
        r = new_rx(p, prescriber, drug, max(t - rng.uniform(0, 3), t0), refills, ds, qpd)
        used, late, first = 0, 0.0, True
        while t < end:
            add_fill(r, p, t, late, True, first)
            used += 1
            if rng.random() < 0.01 + 0.15 * (1 - a) ** 2 + 0.04 * (late > 10):
                break
            late = -4 + rng.exponential(2 + 35 * (1 - a) ** 2)
            t = t + ds + late
            first = False
            if used > refills or t > rx["expires"][r]:
                r = new_rx(p, prescriber, drug, t - rng.uniform(0, 5), refills, ds, qpd)
                used, first = 0, True
    if allergic[p]:
        for y in (2023, 2024):
            t = (pd.Timestamp(f"{y}-01-01") - START).days + rng.normal(105, 18)
            if not (rng.random() < 0.8 and t0 <= t < end):
                continue
            r = new_rx(
                p, int(pcp[p]), int(rng.choice(drugs_by_class["antihistamine"])), t - rng.uniform(0, 2), 2, 30, 1
            )
            add_fill(r, p, t, 0.0, False, True)
            for _k in range(2):
                late = -4 + rng.exponential(2 + 35 * (1 - a) ** 2)
                t = t + 30 + late
                if rng.random() >= 0.75 * a or t >= end:
                    break
                add_fill(r, p, t, late, False, False)
    for y in (2023, 2024, 2025):
        t = (pd.Timestamp(f"{y}-01-01") - START).days + rng.normal(10, 25)
        if rng.random() < 0.08 * (1.6 if age[p] >= 65 else 1.0) and t0 <= t < end:
            uc = int(rng.choice(by_spec["urgent_care"])) if rng.random() < 0.4 else int(pcp[p])
            r = new_rx(p, uc, int(rng.choice(drugs_by_class["antiviral"])), t - rng.uniform(0, 0.3), 0, 5, 2)
            add_fill(r, p, t, 0.0, False, True)
    n_ab = rng.poisson(0.35 * 1.7 * (end - t0) / 365)
    for t in np.sort(rng.uniform(t0, end, n_ab)):
        if rng.random() < seasonal_antibiotic(t) / 1.7:
            r = new_rx(p, int(pcp[p]), int(rng.choice(drugs_by_class["antibiotic"])), t - rng.uniform(0, 0.3), 0, 10, 2)
            add_fill(r, p, t, 0.0, False, True)
    if rng.random() < 0.03 and end > t0 + 1:
        t = rng.uniform(t0, end)
        r = new_rx(p, int(pcp[p]), int(rng.choice(drugs_by_class["opioid_analgesic"])), t - 0.1, 0, 7, 4)
        add_fill(r, p, t, 0.0, False, True)

RX = pd.DataFrame(rx)
FL = pd.DataFrame(fl).sort_values("filled", kind="stable").reset_index(drop=True)
NF = len(FL)
f_drug = FL.drug.values
f_pat = FL.patient.values
is_brand = drugs.is_brand.values[f_drug]
needs_pa = drugs.requires_prior_auth.values[f_drug]
f_plan = plan[f_pat]
f_month = np.array([month_of(t) for t in FL.filled.values])
has_claim = f_plan != "cash"
logit = (
    -3.4
    + 1.5 * is_brand
    + 1.3 * (needs_pa & FL["first"].values)
    + 0.8 * (payer[f_pat] == "Aetnix")
    + 1.2 * (FL.late.values < -5)
    + 0.9 * (f_month == 1)
)
rejected = has_claim & (rng.random(NF) < 1 / (1 + np.exp(-logit)))
adjudication = np.where(rng.random(NF) < 0.8, rng.uniform(1, 10, NF) / 1440, rng.uniform(1, 10, NF))
submitted = FL.filled.values - rng.uniform(1, 5, NF) / 1440
adjudicated = submitted + adjudication
list_price = drugs.unit_price.values[f_drug] * FL.qty.values
mult = np.where(FL.days_supply.values == 90, 2.5, 1.0)
COPAY = {"commercial": (10, 45), "medicare": (5, 35), "medicaid": (1, 3)}
copay = np.array([COPAY[pl][int(b)] if pl != "cash" else 0.0 for pl, b in zip(f_plan, is_brand, strict=True)]) * mult
copay = np.where((f_plan == "cash") | rejected, 0.6 * list_price * np.where(rejected, 1 / 0.6, 1), copay)
copay = np.round(copay, 2)
p_pick = 0.97 - 0.2 * (1 - adh[f_pat]) - 0.35 * rejected
pick_delay = rng.exponential(0.8, NF) + (1 - adh[f_pat]) * rng.exponential(3, NF)
picked = (rng.random(NF) < p_pick) & (pick_delay < 14)
picked_at = np.where(picked, FL.filled.values + pick_delay, np.inf)
paid_amount = np.where(rejected, np.nan, np.round(np.maximum(list_price * 1.1 - copay, 0), 2))
REJECT = np.array(["70", "75", "76", "79"])
reject_code = np.where(
    FL.late.values < -5, "79", np.where(needs_pa & FL["first"].values, "75", REJECT[rng.choice([0, 2], NF)])
)
claim_id = np.array([f"CLM{x:08d}" for x in rng.choice(100_000_000, NF, replace=False)])
# reminders (drawn for every picked-up chronic fill of an opted-in patient)
rem_due = np.floor(FL.filled.values) + FL.days_supply.values - 3 + 10 / 24
rem_on = picked & FL.chronic.values & opt_in[f_pat]
rem_channel = rng.choice(["sms", "email", "ivr"], NF, p=[0.6, 0.3, 0.1])
rem_sent = rem_due + rng.uniform(0, 20, NF) / 1440
rem_resp = rng.random(NF) < 0.15 + 0.6 * adh[f_pat]
emails = np.array([f"p{i}@mail.example" if rng.random() < 0.45 else None for i in range(NP)], dtype=object)
zip3 = rng.integers(600, 630, NP).astype(str)
sex = rng.choice(["F", "M"], NP)
no_score = rng.random((NP, 30)) < 0.1


# ---------------- the snapshot at T_CUT (the full database: T_CUT = T_NOW)
def ts(days) -> pd.Series:
    return pd.Series(START + pd.to_timedelta(np.round(np.asarray(days, dtype=float) * 86400), unit="s"))


T = T_CUT
keep_f = FL.filled.values <= T
f_idx = np.flatnonzero(keep_f)
fills = pd.DataFrame(
    {
        "fill_id": np.arange(1, NF + 1)[f_idx],
        "prescription_id": FL.rx.values[f_idx] + 1,
        "patient_id": f_pat[f_idx] + 1,
        "pharmacy_id": FL.pharmacy.values[f_idx] + 1,
        "ndc": drugs.ndc.values[f_drug[f_idx]],
        "filled_at": ts(FL.filled.values[f_idx]),
        "quantity": FL.qty.values[f_idx],
        "days_supply": FL.days_supply.values[f_idx],
        "copay": np.where(~has_claim[f_idx] | (adjudicated[f_idx] <= T), copay[f_idx], np.nan),
        "status": np.where(
            picked_at[f_idx] <= T,
            "picked_up",
            np.where(FL.filled.values[f_idx] + 14 <= T, "returned_to_stock", "ready"),
        ),
        "picked_up_at": ts(np.where(picked_at[f_idx] <= T, picked_at[f_idx], np.nan)),
    }
)
c_idx = f_idx[has_claim[f_idx]]
done = adjudicated[c_idx] <= T
claims = pd.DataFrame(
    {
        "claim_id": claim_id[c_idx],
        "fill_id": c_idx + 1,
        "patient_id": f_pat[c_idx] + 1,
        "payer": payer[f_pat[c_idx]],
        "submitted_at": ts(submitted[c_idx]).dt.tz_localize(
            "America/Chicago", ambiguous="NaT", nonexistent="shift_forward"
        ),
        "adjudicated_at": ts(np.where(done, adjudicated[c_idx], np.nan)),
        "status": np.where(~done, "pending", np.where(rejected[c_idx], "rejected", "paid")),
        "billed_amount": np.round(list_price[c_idx] * 1.1, 2),
        "paid_amount": np.where(done, paid_amount[c_idx], np.nan),
        "reject_code": np.where(done & rejected[c_idx], reject_code[c_idx], None),
    }
)
r_idx = np.flatnonzero(rem_on & (picked_at <= T))
sent = rem_sent[r_idx] <= T
reminders = pd.DataFrame(
    {
        "reminder_id": np.cumsum(rem_on)[r_idx],  # numbered in the whole simulation: the same ids in an as-of copy
        "patient_id": f_pat[r_idx] + 1,
        "prescription_id": FL.rx.values[r_idx] + 1,
        "channel": rem_channel[r_idx],
        "scheduled_for": ts(rem_due[r_idx]),
        "sent_at": [
            (START + pd.Timedelta(seconds=round(s * 86400))).strftime("%Y-%m-%d %H:%M:%S") if ok else None
            for s, ok in zip(rem_sent[r_idx], sent, strict=True)
        ],
        "responded": pd.array(np.where(rem_sent[r_idx] + 1 <= T, rem_resp[r_idx], None), dtype="boolean"),
    }
)
keep_rx = RX.written.values <= T
rx_idx = np.flatnonzero(keep_rx)
fills_per_rx = np.bincount(FL.rx.values[f_idx], minlength=len(RX))
prescriptions = pd.DataFrame(
    {
        "prescription_id": rx_idx + 1,
        "patient_id": RX.patient.values[rx_idx] + 1,
        "prescriber_id": prescribers.prescriber_id.values[RX.prescriber.values[rx_idx]],
        "ndc": drugs.ndc.values[RX.drug.values[rx_idx]],
        "written_at": ts(RX.written.values[rx_idx]),
        "days_supply": RX.days_supply.values[rx_idx],
        "quantity": RX.days_supply.values[rx_idx] * RX.qty_per_day.values[rx_idx],
        "refills_authorized": RX.refills.values[rx_idx],
        "refills_remaining": np.maximum(RX.refills.values[rx_idx] - np.maximum(fills_per_rx[rx_idx] - 1, 0), 0),
        "expires_at": ts(RX.expires.values[rx_idx]),
    }
)
# adherence scores on the 1st of each month up to T
a_rows = []
chronic_filled = FL.chronic.values & keep_f  # what a score reads: pickups and fill dates up to its day
months = [m for m in pd.date_range("2023-02-01", "2024-12-01", freq="MS") if (m - START).days <= T]
cp = np.flatnonzero(chronic_filled)
by_pat = pd.Series(cp).groupby(f_pat[cp]).apply(list).to_dict() if len(cp) else {}
for p, idx in by_pat.items():
    idx = np.array(idx)
    pk, ds, lt = picked_at[idx], FL.days_supply.values[idx], FL.late.values[idx]
    for mi, m in enumerate(months):
        d = (m - START).days
        if not ((pk <= d) & (pk > d - 180)).any():
            continue
        cov = np.zeros(90, dtype=bool)
        for s, n in zip(pk[pk <= d], ds[pk <= d], strict=True):
            lo, hi = max(int(s) - (d - 90), 0), min(int(s) + int(n) - (d - 90), 90)
            if hi > lo:
                cov[lo:hi] = True
        pdc = cov.mean()
        late_n = int(((lt > 7) & (FL.filled.values[idx] > d - 90) & (FL.filled.values[idx] <= d)).sum())
        flag = None if no_score[p, mi] else "high" if pdc < 0.6 else "medium" if pdc < 0.8 else "low"
        a_rows.append((p + 1, m.date(), round(float(pdc), 3), late_n, flag))
adherence = pd.DataFrame(a_rows, columns=["patient_id", "computed_on", "pdc_90d", "late_refills_90d", "risk_flag"])
# patients as they stood at T
last_fill = np.full(NP, -np.inf)
np.maximum.at(last_fill, f_pat[f_idx], FL.filled.values[f_idx])
status = np.where(
    death_t <= T,
    "deceased",
    np.where(
        transfer_req & (leave_t <= T),
        "transferred_out",
        np.where((last_fill < T - 180) & (created < T - 180), "inactive", "active"),
    ),
)
p_idx = np.flatnonzero(created <= T)
patients = pd.DataFrame(
    {
        "patient_id": p_idx + 1,
        "created_at": ts(created[p_idx]),
        "birth_year": birth[p_idx],
        "sex": sex[p_idx],
        "zip3": zip3[p_idx],
        "plan_type": plan[p_idx],
        "email": emails[p_idx],
        "reminder_opt_in": opt_in[p_idx],
        "home_pharmacy_id": [pharmacy_at(p, T) + 1 for p in p_idx],
        "status": status[p_idx],
        "last_fill_date": ts(np.where(np.isfinite(last_fill[p_idx]), last_fill[p_idx], np.nan)).dt.normalize(),
    }
)
ph_keep = ph_open <= T
pharm = pharmacies[ph_keep].copy()
pharm.loc[pharm.closed_at > START + pd.Timedelta(days=T), "closed_at"] = pd.NaT

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE pharmacies (pharmacy_id INTEGER PRIMARY KEY, name VARCHAR, region VARCHAR, opened_at TIMESTAMP,
                         closed_at TIMESTAMP, has_drive_thru BOOLEAN);
CREATE TABLE prescribers (prescriber_id VARCHAR PRIMARY KEY, name VARCHAR, specialty VARCHAR);
CREATE TABLE drugs (ndc VARCHAR PRIMARY KEY, name VARCHAR, therapeutic_class VARCHAR, is_brand BOOLEAN,
                    unit_price DECIMAL(10, 4), requires_prior_auth BOOLEAN, controlled_schedule VARCHAR);
CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, created_at TIMESTAMP, birth_year INTEGER, sex VARCHAR,
                       zip3 VARCHAR, plan_type VARCHAR, email VARCHAR, reminder_opt_in BOOLEAN,
                       home_pharmacy_id INTEGER, status VARCHAR, last_fill_date DATE);
CREATE TABLE prescriptions (prescription_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(patient_id),
                            prescriber_id VARCHAR, ndc VARCHAR, written_at TIMESTAMP, days_supply INTEGER,
                            quantity INTEGER, refills_authorized INTEGER, refills_remaining INTEGER,
                            expires_at TIMESTAMP);
CREATE TABLE fills (fill_id INTEGER PRIMARY KEY, prescription_id INTEGER REFERENCES prescriptions(prescription_id),
                    patient_id INTEGER, pharmacy_id INTEGER REFERENCES pharmacies(pharmacy_id), ndc VARCHAR,
                    filled_at TIMESTAMP, quantity INTEGER, days_supply INTEGER, copay DECIMAL(8, 2), status VARCHAR,
                    picked_up_at TIMESTAMP);
CREATE TABLE insurance_claims (claim_id VARCHAR PRIMARY KEY, fill_id INTEGER REFERENCES fills(fill_id),
                               patient_id INTEGER, payer VARCHAR, submitted_at TIMESTAMPTZ, adjudicated_at TIMESTAMP,
                               status VARCHAR, billed_amount DECIMAL(10, 2), paid_amount DECIMAL(10, 2),
                               reject_code VARCHAR);
CREATE TABLE refill_reminders (reminder_id INTEGER PRIMARY KEY, patient_id INTEGER, prescription_id INTEGER,
                               channel VARCHAR, scheduled_for TIMESTAMP, sent_at VARCHAR, responded BOOLEAN);
CREATE TABLE adherence_scores (patient_id INTEGER, computed_on DATE, pdc_90d DOUBLE, late_refills_90d INTEGER,
                               risk_flag VARCHAR);
""")
for name, df in [
    ("pharmacies", pharm),
    ("prescribers", prescribers),
    ("drugs", drugs),
    ("patients", patients),
    ("prescriptions", prescriptions),
    ("fills", fills),
    ("insurance_claims", claims),
    ("refill_reminders", reminders),
    ("adherence_scores", adherence),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
