"""A telehealth platform (insurance plans, clinicians by specialty, patients, video consultations booked ahead then
completed / no-show / cancelled, prescriptions and refills, lab orders with results days later, secure messages,
satisfaction surveys after visits, monthly memberships that lapse), seeded:
`python benchmarks/trials/telehealth.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 10 plans, 70 clinicians,
4,400 patients, 1,721 memberships, 12.8k membership payments, 44.3k consultations (36.3k completed, 3.2k no-show,
4.1k cancelled, 0.8k booked ahead), 17.8k prescriptions, 42.8k refills, 6.4k lab orders, 32.5k messages, 30.9k
surveys (about 194k rows, 7 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: consultations.scheduled_for (booked 0-60 days ahead; follow-ups 14-90
days ahead) and memberships.current_period_end (the end of the month paid for). Every other column holding a later
date of its row is filled in later.

Truth (seed 0):
- plans (10, text key plan_code 'AET-PPO'): payer_type commercial / medicare / medicaid / self_pay; copay_usd
  (commercial 20-40, medicare 0-15, medicaid 0, self_pay 0 but pays the full fee) lowers the booking rate
  x exp(-.012 copay); payer medicaid +.6, self_pay +.3 on the no-show logit; network is noise
- clinicians (70, text key clinician_code 'CL-0007'): specialty primary_care 24 / urgent_care 14 / mental_health
  14 / dermatology 9 / endocrinology 9; hidden quality q ~ N(0, 1) drives survey scores (+1.2 q), reply speed and
  patient churn (a completed visit with q < -.7 makes the patient's churn hazard x2.5 for 60 days: a parent
  attribute two hops away, patient -> consultations -> clinicians); 10 hired during the span, 5 leave (left_at
  filled later; their future bookings cancelled then); years_exp and languages are noise; rating_avg and
  review_count TODAY's (running mean / count of survey scores answered by the snapshot)
- patients (4,400): 2,100 signed up 2020-2022, 2,300 during the span; engagement e ~ N(0, 1) (hidden); condition
  (hidden) none .6 / diabetes .12 / hypertension .13 / depression .15; plan by payer (medicare 75% when born before
  1959); state MESSY ('CA', 'ca', 'Calif.', 'California', 'NY', 'New York', 'N.Y.', 'TX', 'Texas', 'FL', ...; 2% NULL);
  referral_source noise; churn (hidden: no activity after) hazard 1/1000 per day x exp(-.4 e) x .5 member x 2.5
  after a bad clinician; status TODAY's ('active' = a completed visit or message in the last 180 days, else
  'dormant'), last_activity_at, visit_count and is_member TODAY's
- consultations: a live patient books with rate 1/75 per day x exp(.5 e) x condition (diabetes 2, hypertension 1.6,
  depression 2.5) x exp(-.012 copay) x 1.4 member x weekday (Sat .6, Sun .5) x Dec 22-Jan 1 .6 (not urgent);
  care area: a chronic patient's own area 55% (diabetes endocrinology, hypertension primary_care, depression
  mental_health), else urgent_care (winter: 1 + 1.2 winter peak mid-January), dermatology (summer: 1 + 1.5 peak
  mid-July), primary_care; lead urgent 0-1 day, else Exp(6) days capped 60; the patient keeps its last clinician of
  the area with p .75; a completed mental_health visit books the next one 14 or 28 days ahead (p .7 for depression
  else .2), a chronic visit books a follow-up 60-90 days ahead (p .5), an abnormal lab result one 3-14 days after
  the result (p .6); reason MESSY ('Cold/flu', 'cold & flu', 'COLD/FLU', 'Rash', 'rash ', 'med refill', 'Med
  Refill', 'follow-up', 'Follow up', ...); platform (ios / android / web) noise
- cancellation p .04 + .003 lead (cancelled_at between booking and the slot; a patient who churns or a clinician who
  leaves cancels then); no-show logit -2.6 - .8 e + .03 min(lead, 30) + .6 medicaid + .3 self_pay + .4 mental_health
  - .5 member + .25 Monday (~11%); status TODAY's ('booked', 'completed', 'no_show', 'cancelled'); started_at,
  ended_at, duration_min, amount_charged filled later (completed: fee by area 79 / 89 / 119 / 139 / 149, insured
  pays the copay, self_pay the fee, members half; no-show 25; cancelled 0)
- prescriptions (completed visits: endocrinology .8, primary chronic .6, mental_health .5, urgent .45, dermatology
  .4, primary .25): long-term 30/90 days with 3-11 refills, acute 7-10 days none; refills_remaining TODAY's
- refills: every days_supply x LogNormal(.05 - .1 e, .15) days while the patient stays, stopping with p
  sigmoid(-3 - e) each time; filled_at 0-3 days after requested_at (filled later); channel MESSY ('mail order',
  'Mail Order', 'MAIL', 'retail', 'Retail ', 'app', 'App')
- lab_orders: endocrinology visits .75 (HBA1C), hypertension patients' visits .5 (LIPID / BMP), primary .15 (CBC /
  TSH / VITD); collected with p sigmoid(1 + .8 e) Exp(4) days later, resulted 1-5 days after (collected_at,
  resulted_at, result_value, abnormal filled later); HbA1c 7.6 - .4 e + N(0, 1) for diabetics else 5.4 (abnormal
  >= 6.5), LDL 150 hypertensive else 115 (abnormal >= 160); status TODAY's ('ordered', 'collected', 'resulted',
  'expired' 60 days uncollected); an abnormal result books a follow-up (above)
- messages: a live patient writes at 1/220 a day x exp(.6 e) x 1.5 chronic x 4 within 7 days after a completed
  visit, to its last clinician; the clinician replies with p .85 after Exp(.5 x exp(-.3 q)) days; read_at filled
  later; char_count noise
- surveys: sent 2 h after 85% of completed visits (patient_id and clinician_ref denormalised); answered with p
  sigmoid(-.3 + .7 e) Exp(1.5) days later; score 0-10 = round(7.3 + 1.2 q + .5 e - 1.5 (started > 10 min late)
  + N(0, 1.3)) (responded_at, score filled later)
- memberships: 18% of pre-span patients start as members; a live non-member joins with hazard exp(.5 e)/2000 per
  day (x3 within 3 days after a completed visit); tier plus 15 USD (.7) / premium 35 USD; billed monthly
  (membership_payments); a renewal fails with p sigmoid(-3.2 - .6 e + .8 (no completed visit in 90 days)) (status
  'failed': ended, end_reason 'payment_failed'), or the member cancels with p .04 (end_reason 'cancelled'); a
  churned patient's membership ends at its next renewal; status TODAY's ('active', 'lapsed', 'cancelled');
  ended_at, end_reason filled later; current_period_end TODAY's
- keys: PK declared on plans (plan_code VARCHAR), clinicians (clinician_code VARCHAR), patients, memberships,
  membership_payments, consultations, prescriptions, refills, lab_orders, messages, surveys; REFERENCES only
  patients.plan_code -> plans and memberships.patient_id -> patients. Undeclared: consultations (patient_id,
  clinician_ref -> clinicians.clinician_code), prescriptions (consult_id, patient_id), refills.rx_id, lab_orders
  (consult_id, patient_id), messages (patient_id, clinician_ref), surveys (consult_id, patient_id, clinician_ref),
  membership_payments.membership_id
- `python telehealth.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state
  and filled-later column is as it stood at DATE (exact)
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
TNOW = (NOW - START).total_seconds()
NDT = ND + 200
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
WINTER = np.clip(np.cos(2 * np.pi * (DOY - 15) / 365), 0, None)
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 196) / 365), 0, None)
HOLI = ((days.month == 12) & (days.day >= 22)) | ((days.month == 1) & (days.day <= 1))
WKD = np.select([DOW == 5, DOW == 6], [0.6, 0.5], 1.0)

# ---------------- plans
PLAN_CODE = np.array(
    ["AET-PPO", "BCB-PPO", "UHC-HMO", "CIG-EPO", "HUM-HMO", "MCR-ADV", "MCR-STD", "MCD-STD", "MCD-PLUS", "SELF"]
)
PAYER = np.array(["commercial"] * 5 + ["medicare"] * 2 + ["medicaid"] * 2 + ["self_pay"])
COPAY = np.array([25, 30, 40, 20, 35, 10, 15, 0, 0, 0])
plans = pd.DataFrame(
    {
        "plan_code": PLAN_CODE,
        "plan_name": [
            "Aetna PPO",
            "Blue Cross PPO",
            "United HMO",
            "Cigna EPO",
            "Humana HMO",
            "Medicare Advantage",
            "Medicare Part B",
            "Medicaid Standard",
            "Medicaid Plus",
            "Self-pay",
        ],
        "payer_type": PAYER,
        "copay_usd": COPAY,
        "network": rng.choice(["national", "regional"], 10),
    }
)

# ---------------- clinicians
SPECS = np.array(["primary_care", "urgent_care", "mental_health", "dermatology", "endocrinology"])
NCL = 70
cl_spec = np.repeat(np.arange(5), [24, 14, 14, 9, 9])
cl_q = rng.normal(0, 1, NCL)
cl_hired = secs("2019-01-01") + rng.uniform(0, 1400, NCL) * DAY
late_hire = rng.choice(NCL, 10, replace=False)
cl_hired[late_hire] = rng.uniform(30, ND - 60, 10) * DAY
cl_left = np.full(NCL, INF)
for i in rng.choice(np.setdiff1d(np.arange(NCL), late_hire), 5, replace=False):
    cl_left[i] = rng.uniform(90, ND - 20) * DAY
cl_code = np.array([f"CL-{i:04d}" for i in range(1, NCL + 1)])
cl_exp = rng.integers(1, 35, NCL)
cl_lang = rng.choice(["en", "en,es", "en,zh", "en,fr"], NCL, p=[0.6, 0.25, 0.1, 0.05])
cl_name = [
    f"Dr {a} {b}"
    for a, b in zip(
        rng.choice(["Ana", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jon"], NCL),
        rng.choice(["Lee", "Garcia", "Smith", "Nguyen", "Patel", "Kim", "Brown", "Lopez", "Cohen", "Okafor"], NCL),
        strict=True,
    )
]

# ---------------- patients
NP = 4400
pre = np.arange(NP) < 2100
p_signup = np.where(
    pre, secs("2020-01-01") + rng.uniform(0, 3 * 365 - 1, NP) * DAY, rng.uniform(0, ND - 3, NP) ** 1.0 * DAY
)
p_e = rng.normal(0, 1, NP)
p_cond = rng.choice(4, NP, p=[0.6, 0.12, 0.13, 0.15])  # none, diabetes, hypertension, depression
p_birth = rng.integers(1940, 2004, NP)
p_cond = np.where((p_birth > 1985) & (p_cond == 2) & (rng.random(NP) < 0.6), 0, p_cond)
payer_w = np.array([0.55, 0.15, 0.15, 0.15])
p_payer = rng.choice(4, NP, p=payer_w)
p_payer = np.where((p_birth < 1959) & (rng.random(NP) < 0.75), 1, p_payer)
PLAN_BY_PAYER = {0: [0, 1, 2, 3, 4], 1: [5, 6], 2: [7, 8], 3: [9]}
p_plan = np.array([rng.choice(PLAN_BY_PAYER[k]) for k in p_payer])
p_copay = COPAY[p_plan]
p_sex = rng.choice(["F", "M", "X"], NP, p=[0.54, 0.44, 0.02])
STATES = {
    "CA": ["CA", "ca", "Calif.", "California"],
    "NY": ["NY", "New York", "N.Y."],
    "TX": ["TX", "Texas", "tx"],
    "FL": ["FL", "Florida", "Fla"],
    "WA": ["WA", "Washington"],
    "IL": ["IL", "Illinois"],
}
st_keys = list(STATES)
p_state = np.array(
    [rng.choice(STATES[st_keys[k]]) for k in rng.choice(6, NP, p=[0.3, 0.2, 0.18, 0.14, 0.09, 0.09])], dtype=object
)
p_state[rng.random(NP) < 0.02] = None
p_ref = rng.choice(["search", "employer", "friend", "insurer", "ad", None], NP, p=[0.3, 0.2, 0.15, 0.15, 0.15, 0.05])
p_email = [f"pt{i}@mail.example" for i in range(1, NP + 1)]

# ---------------- simulation state
p_leave = np.full(NP, INF)
p_bad_until = np.full(NP, -INF)
p_last_visit = np.full(NP, -INF)  # last completed consultation
p_msg_until = np.full(NP, -INF)
p_member = np.zeros(NP, bool)
p_last_cl = np.full((NP, 5), -1)
p_last_any_cl = np.full(NP, -1)

C = []  # consultations: dict-free lists [patient, clin, area, booked_t, sched_t, cancel_t, reason_kind]
C_out = {}  # idx -> (outcome, started_t, duration_min)
sched_bucket = [[] for _ in range(NDT)]
RX = []  # (patient, consult, drug, drug_class, days_supply, refills_allowed, t)
FILL = []  # (rx, requested_t)
fill_bucket = [[] for _ in range(NDT)]
LAB = []  # (patient, consult, test, ordered_t, collected_t, resulted_t, value, abnormal)
MSG = []  # (patient, clin, sender, sent_t)
SURV = []  # (consult, patient, clin, sent_t, resp_t, score)
MEM = []  # [patient, tier, fee, start_t, end_t, end_reason]
PAY = []  # (membership, billed_t, amount, status)
renew_bucket = [[] for _ in range(NDT)]
p_mem_idx = np.full(NP, -1)
NOSHOW_FEE = 25.0
FEE = np.array([89.0, 79.0, 149.0, 119.0, 139.0])
REASONS = {
    0: [
        ["annual check", "Annual Check", "checkup"],
        ["follow-up", "Follow up", "FOLLOW-UP"],
        ["med refill", "Med Refill", "medication refill"],
    ],
    1: [["Cold/flu", "cold & flu", "COLD/FLU", "flu"], ["UTI", "uti", "urinary"], ["sore throat", "Sore Throat"]],
    2: [["anxiety", "Anxiety"], ["depression", "Depression", "low mood"], ["therapy follow-up", "Therapy f/u"]],
    3: [["Rash", "rash ", "RASH"], ["acne", "Acne"], ["mole check", "Mole Check"]],
    4: [["diabetes review", "Diabetes Review", "A1C review"], ["thyroid", "Thyroid"], ["follow-up", "Follow up"]],
}
CHRONIC_AREA = {1: 4, 2: 0, 3: 2}


def employed(c, t):
    return cl_hired[c] <= t < cl_left[c]


def pick_clin(p, area, t):
    last = p_last_cl[p, area]
    if last >= 0 and employed(last, t) and rng.random() < 0.75:
        return last
    cand = [c for c in np.nonzero(cl_spec == area)[0] if employed(c, t)]
    return int(rng.choice(cand))


def book(p, bt, area, lead_days, kind):
    st = bt + lead_days * DAY
    hour = rng.uniform(8, 20) if kind != "urgent" else None
    if hour is not None:
        st = np.floor(st / DAY) * DAY + hour * 3600
        if st <= bt:
            st = bt + rng.uniform(1, 4) * 3600
    c = pick_clin(p, area, bt)
    lead = (st - bt) / DAY
    ct = INF
    if rng.random() < 0.04 + 0.003 * lead:
        ct = bt + rng.uniform(0.05, 0.95) * (st - bt)
    if cl_left[c] < min(ct, st):
        ct = cl_left[c]
    C.append([p, c, area, bt, st, ct, kind])
    sd = int(st // DAY)
    if sd < NDT:
        sched_bucket[sd].append(len(C) - 1)


def start_membership(p, t):
    tier = 0 if rng.random() < 0.7 else 1
    MEM.append([p, ["plus", "premium"][tier], [15.0, 35.0][tier], t, INF, None])
    m = len(MEM) - 1
    p_mem_idx[p] = m
    p_member[p] = True
    PAY.append((m, t, MEM[m][2], "paid"))
    nxt = (pd.Timestamp(START + pd.Timedelta(seconds=t)) + pd.DateOffset(months=1) - START).total_seconds()
    if 0 <= int(nxt // DAY) < NDT:
        renew_bucket[int(nxt // DAY)].append((m, nxt))


def complete(i, d):
    p, c, area, bt, st, ct, kind = C[i]
    late = rng.exponential(4) if rng.random() < 0.85 else rng.uniform(10, 30)
    started = st + late * 60
    dur = float(np.round(np.clip(rng.normal([18, 12, 45, 15, 25][area], 5), 5, 70)))
    C_out[i] = ("completed", started, dur)
    end = started + dur * 60
    p_last_visit[p] = end
    p_msg_until[p] = end + 7 * DAY
    p_last_cl[p, area] = c
    p_last_any_cl[p] = c
    if cl_q[c] < -0.7:
        p_bad_until[p] = end + 60 * DAY
    cond = p_cond[p]
    chronic_visit = cond > 0 and CHRONIC_AREA[cond] == area
    # prescriptions
    prx = [0.25 + 0.35 * chronic_visit, 0.45, 0.5, 0.4, 0.8][area]
    if rng.random() < prx:
        if area == 4 or (area == 0 and chronic_visit):
            drug, cls = (
                ("metformin", "antidiabetic")
                if cond == 1
                else (("lisinopril", "antihypertensive") if cond == 2 else ("levothyroxine", "thyroid"))
            )
            ds, nref = int(rng.choice([30, 90], p=[0.6, 0.4])), int(rng.integers(3, 12))
        elif area == 2:
            drug, cls, ds, nref = str(rng.choice(["sertraline", "escitalopram", "bupropion"])), "ssri", 30, 5
        elif area == 1:
            drug, cls, ds, nref = (
                str(rng.choice(["amoxicillin", "azithromycin", "nitrofurantoin"])),
                "antibiotic",
                int(rng.choice([7, 10])),
                0,
            )
        elif area == 3:
            drug, cls, ds, nref = str(rng.choice(["tretinoin", "hydrocortisone", "doxycycline"])), "topical", 30, 1
        else:
            drug, cls, ds, nref = str(rng.choice(["ibuprofen", "omeprazole", "cetirizine"])), "otc_strength", 30, 0
        RX.append((p, i, drug, cls, ds, nref, end + 300))
        if nref > 0:
            nd = int((end + ds * DAY * np.exp(0.05 - 0.1 * p_e[p] + rng.normal(0, 0.15))) // DAY)
            if nd < NDT:
                fill_bucket[nd].append((len(RX) - 1, nref))
    # labs
    plab = 0.75 if area == 4 else (0.5 if (cond == 2 and area == 0) else (0.15 if area == 0 else 0.0))
    if rng.random() < plab:
        test = (
            "HBA1C"
            if area == 4
            else (str(rng.choice(["LIPID", "BMP"])) if cond == 2 else str(rng.choice(["CBC", "TSH", "VITD"])))
        )
        ot = end + 120
        col = ot + rng.exponential(4) * DAY if rng.random() < sig(1 + 0.8 * p_e[p]) else INF
        if col - ot > 60 * DAY:
            col = INF
        res = col + rng.uniform(1, 5) * DAY
        if test == "HBA1C":
            v = (7.6 - 0.4 * p_e[p] + rng.normal(0, 1.0)) if cond == 1 else 5.4 + rng.normal(0, 0.3)
            ab = v >= 6.5
        elif test == "LIPID":
            v = (150 if cond == 2 else 115) + rng.normal(0, 28)
            ab = v >= 160
        elif test == "BMP":
            v = 140 + rng.normal(0, 3)
            ab = abs(v - 140) > 5
        elif test == "CBC":
            v = 13.8 + rng.normal(0, 1.3)
            ab = v < 12
        elif test == "TSH":
            v = float(np.exp(rng.normal(0.6, 0.5)))
            ab = v > 4.5
        else:
            v = 28 + rng.normal(0, 9)
            ab = v < 20
        LAB.append((p, i, test, ot, col, res, round(float(v), 2), bool(ab)))
        if ab and np.isfinite(res) and rng.random() < 0.6 and res < p_leave[p]:
            book(p, res + rng.uniform(1, 8) * 3600, area, rng.uniform(3, 14), "followup")
    # survey
    if rng.random() < 0.85:
        sent = end + 2 * 3600
        if rng.random() < sig(-0.3 + 0.7 * p_e[p]):
            rt = sent + rng.exponential(1.5) * DAY
            sc = int(
                np.clip(np.round(7.3 + 1.2 * cl_q[c] + 0.5 * p_e[p] - 1.5 * (late > 10) + rng.normal(0, 1.3)), 0, 10)
            )
        else:
            rt, sc = INF, -1
        SURV.append((i, p, c, sent, rt, sc))
    # follow-ups written ahead
    if area == 2 and rng.random() < (0.7 if cond == 3 else 0.2):
        book(p, end + 600, 2, float(rng.choice([14, 28])), "followup")
    elif chronic_visit and area != 2 and rng.random() < 0.5:
        book(p, end + 600, area, rng.uniform(60, 90), "followup")
    # membership upsell
    if not p_member[p] and rng.random() < 0.02:
        start_membership(p, end + rng.uniform(0, 3) * DAY)


# pre-span members
for p in np.nonzero(pre & (rng.random(NP) < 0.18 * np.exp(0.3 * p_e)))[0]:
    start_membership(p, -rng.uniform(0, 30) * DAY)

base_rate = 1 / 75 * np.exp(0.5 * p_e) * np.array([1, 2, 1.6, 2.5])[p_cond] * np.exp(-0.012 * p_copay)
msg_rate = 1 / 220 * np.exp(0.6 * p_e) * np.where(p_cond > 0, 1.5, 1.0)

for d in range(ND):
    t0 = d * DAY
    live = (p_signup <= t0) & (p_leave > t0)
    # churn
    h = 1 / 1000 * np.exp(-0.4 * p_e) * np.where(p_member, 0.5, 1.0) * np.where(p_bad_until > t0, 2.5, 1.0)
    go = live & (rng.random(NP) < h)
    p_leave[go] = t0 + rng.uniform(0, DAY, go.sum())
    live &= ~go
    # new signups book their first visit with p .6
    new = (p_signup > t0 - DAY) & (p_signup <= t0) & ~pre
    # bookings
    lam = base_rate * np.where(p_member, 1.4, 1.0) * WKD[d]
    lam = lam + np.where(new, 0.6, 0.0)
    for p in np.nonzero(live & (rng.random(NP) < lam))[0]:
        bt = t0 + rng.uniform(7, 22) * 3600
        cond = p_cond[p]
        if cond > 0 and rng.random() < 0.55:
            area = CHRONIC_AREA[cond]
        else:
            w = np.array([1.0, 0.8 * (1 + 1.2 * WINTER[d]), 0.25, 0.3 * (1 + 1.5 * SUMMER[d])])
            area = int(rng.choice(4, p=w / w.sum()))
            area = [0, 1, 2, 3][area]
        if HOLI[d] and area != 1 and rng.random() < 0.4:
            continue
        lead = rng.uniform(0, 1) if area == 1 else min(rng.exponential(6), 60)
        book(p, bt, area, lead, "urgent" if area == 1 else "new")
    # consultations due today
    for i in sched_bucket[d]:
        p, c, area, bt, st, ct, kind = C[i]
        if p_leave[p] < bt:
            C_out[i] = ("void", INF, 0)
            continue
        if p_leave[p] < min(ct, st):
            C[i][5] = ct = p_leave[p]
        if ct < st:
            C_out[i] = ("cancelled", INF, 0)
            continue
        lead = (st - bt) / DAY
        z = (
            -2.6
            - 0.8 * p_e[p]
            + 0.03 * min(lead, 30)
            + 0.6 * (p_payer[p] == 2)
            + 0.3 * (p_payer[p] == 3)
            + 0.4 * (area == 2)
            - 0.5 * p_member[p]
            + 0.25 * (DOW[d] == 0)
        )
        if rng.random() < sig(z):
            C_out[i] = ("no_show", INF, 0)
            continue
        complete(i, d)
    # messages
    wr = live & (p_last_any_cl >= 0) & (rng.random(NP) < msg_rate * np.where(p_msg_until > t0, 4.0, 1.0))
    for p in np.nonzero(wr)[0]:
        c = p_last_any_cl[p]
        if not employed(c, t0):
            continue
        tm = t0 + rng.uniform(6, 23) * 3600
        MSG.append((p, c, "patient", tm))
        if rng.random() < 0.85:
            MSG.append((p, c, "clinician", tm + rng.exponential(0.5 * np.exp(-0.3 * cl_q[c])) * DAY))
    # refills due today
    for rx, left in fill_bucket[d]:
        p = RX[rx][0]
        if p_leave[p] <= t0 or rng.random() < sig(-3 - p_e[p]):
            continue
        FILL.append((rx, t0 + rng.uniform(7, 22) * 3600))
        if left > 1:
            nd = d + int(RX[rx][4] * np.exp(0.05 - 0.1 * p_e[p] + rng.normal(0, 0.15)))
            if nd < NDT:
                fill_bucket[nd].append((rx, left - 1))
    # memberships: joins and renewals
    jn = live & ~p_member & (rng.random(NP) < np.exp(0.5 * p_e) / 2000 * np.where(p_msg_until > t0, 3.0, 1.0))
    for p in np.nonzero(jn)[0]:
        start_membership(p, t0 + rng.uniform(8, 22) * 3600)
    for m, tr in renew_bucket[d]:
        p = MEM[m][0]
        if p_leave[p] <= tr:
            reason = "cancelled" if rng.random() < 0.6 else "payment_failed"
            if reason == "payment_failed":
                PAY.append((m, tr, MEM[m][2], "failed"))
            MEM[m][4], MEM[m][5] = tr, reason
            p_member[p] = False
            continue
        quiet = p_last_visit[p] < tr - 90 * DAY
        if rng.random() < sig(-3.2 - 0.6 * p_e[p] + 0.8 * quiet):
            PAY.append((m, tr, MEM[m][2], "failed"))
            MEM[m][4], MEM[m][5] = tr, "payment_failed"
            p_member[p] = False
            continue
        if rng.random() < 0.04:
            MEM[m][4], MEM[m][5] = tr - rng.uniform(1, 20) * DAY, "cancelled"
            p_member[p] = False
            continue
        PAY.append((m, tr, MEM[m][2], "paid"))
        nxt = (pd.Timestamp(START + pd.Timedelta(seconds=tr)) + pd.DateOffset(months=1) - START).total_seconds()
        if int(nxt // DAY) < NDT:
            renew_bucket[int(nxt // DAY)].append((m, nxt))

# ---------------- derived arrays (all random draws before any cut)
NC = len(C)
Cp = np.array([c[0] for c in C])
Cc = np.array([c[1] for c in C])
Ca = np.array([c[2] for c in C])
Cbt = np.array([c[3] for c in C])
Cst = np.array([c[4] for c in C])
Cct = np.array([c[5] for c in C])
Cout = np.array([C_out.get(i, ("open", INF, 0))[0] for i in range(NC)], dtype=object)
Cstart = np.array([C_out.get(i, ("open", INF, 0))[1] for i in range(NC)])
Cdur = np.array([C_out.get(i, ("open", INF, 0))[2] for i in range(NC)], float)
Cend = Cstart + Cdur * 60
keep_c = Cout != "void"
# consults still open at NOW whose patient left or clinician left: cancelled then
open_ = Cout == "open"
lt = np.minimum(p_leave[Cp], cl_left[Cc])
Cct = np.where(open_ & (lt < Cct) & (lt >= Cbt), lt, Cct)
Cout = np.where(open_ & (lt < Cbt), "void", Cout)
keep_c = Cout != "void"
Creason = np.array([rng.choice(REASONS[a][int(rng.integers(len(REASONS[a])))]) for a in Ca], dtype=object)
Cplat = rng.choice(["ios", "android", "web"], NC, p=[0.45, 0.3, 0.25])
member_at = np.zeros(NC, bool)
for m in MEM:
    sel = (Cp == m[0]) & (Cst >= m[3]) & (Cst < m[4])
    member_at |= sel
fee = np.where(p_payer[Cp] == 3, FEE[Ca], np.minimum(FEE[Ca], p_copay[Cp].astype(float)))
fee = np.where(member_at, fee * 0.5, fee)
NS_RESOLVE = 15 * 60

NR = len(RX)
R_t = np.array([r[6] for r in RX])
NF = len(FILL)
F_rx = np.array([f[0] for f in FILL])
F_t = np.array([f[1] for f in FILL])
F_done = F_t + rng.uniform(0, 3, NF) * DAY
F_chan = rng.choice(
    ["mail order", "Mail Order", "MAIL", "retail", "Retail ", "app", "App"],
    NF,
    p=[0.25, 0.1, 0.05, 0.3, 0.05, 0.2, 0.05],
)

NL = len(LAB)
L_ot = np.array([x[3] for x in LAB])
L_col = np.array([x[4] for x in LAB])
L_res = np.array([x[5] for x in LAB])

NM = len(MSG)
M_t = np.array([m[3] for m in MSG])
M_read = M_t + rng.exponential(0.4, NM) * DAY
M_read = np.where(rng.random(NM) < 0.07, INF, M_read)
M_chars = rng.integers(10, 1200, NM)
mo = np.argsort(M_t, kind="stable")

NS = len(SURV)
S_sent = np.array([s[3] for s in SURV])
S_rt = np.array([s[4] for s in SURV])
S_sc = np.array([s[5] for s in SURV])
S_c = np.array([s[2] for s in SURV])

NMEM = len(MEM)
MB_start = np.array([m[3] for m in MEM])
MB_end = np.array([m[4] for m in MEM])
PY_m = np.array([x[0] for x in PAY])
PY_t = np.array([x[1] for x in PAY])
py_o = np.argsort(PY_t, kind="stable")


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


clin_keep = cl_hired <= T
rmask = S_rt <= T
rc = np.bincount(S_c[rmask], minlength=NCL)
rs = np.bincount(S_c[rmask], weights=S_sc[rmask], minlength=NCL)
clinicians = pd.DataFrame(
    {
        "clinician_code": cl_code,
        "full_name": cl_name,
        "specialty": SPECS[cl_spec],
        "years_exp": cl_exp,
        "languages": cl_lang,
        "hired_at": ts(cl_hired),
        "left_at": ts(known(cl_left)),
        "rating_avg": np.where(rc > 0, np.round(rs / np.maximum(rc, 1), 2), np.nan),
        "review_count": rc,
    }
)[clin_keep]

# patients' today's state
done_c = keep_c & (Cout == "completed") & (Cend <= T)
msg_p = np.array([m[0] for m in MSG])
msg_pat = np.array([m[2] == "patient" for m in MSG])
last_c = pd.Series(Cend[done_c]).groupby(Cp[done_c]).max()
mk = msg_pat & (M_t <= T)
last_m = pd.Series(M_t[mk]).groupby(msg_p[mk]).max()
last_act = pd.concat([last_c, last_m]).groupby(level=0).max().reindex(range(NP)).to_numpy()
visit_count = np.bincount(Cp[done_c], minlength=NP)
MB_p = np.array([m[0] for m in MEM])
is_mem = np.zeros(NP, bool)
actm = (MB_start <= T) & (MB_end > T)
is_mem[MB_p[actm]] = True
patients = pd.DataFrame(
    {
        "patient_id": np.arange(1, NP + 1),
        "plan_code": PLAN_CODE[p_plan],
        "email": p_email,
        "sex": p_sex,
        "birth_year": p_birth,
        "state": p_state,
        "referral_source": p_ref,
        "signup_at": ts(p_signup),
        "status": np.where(T - np.nan_to_num(last_act, nan=-1e18) <= 180 * DAY, "active", "dormant"),
        "last_activity_at": ts(last_act),
        "visit_count": visit_count,
        "is_member": is_mem,
    }
)[p_signup <= T]

# memberships
cpe = np.full(NMEM, np.nan)
for m in range(NMEM):
    if MB_start[m] > T:
        continue
    pays = PY_t[(PY_m == m) & (PY_t <= T)]
    last_pay = pays.max()
    cpe[m] = (pd.Timestamp(START + pd.Timedelta(seconds=last_pay)) + pd.DateOffset(months=1) - START).total_seconds()
mend = known(MB_end)
mreason = np.array([m[5] for m in MEM], dtype=object)
mstatus = np.where(np.isnan(mend), "active", np.where(mreason == "cancelled", "cancelled", "lapsed"))
memberships = pd.DataFrame(
    {
        "membership_id": np.arange(1, NMEM + 1),
        "patient_id": MB_p + 1,
        "tier": [m[1] for m in MEM],
        "monthly_fee": [m[2] for m in MEM],
        "started_at": ts(MB_start),
        "current_period_end": ts(cpe),
        "status": mstatus,
        "ended_at": ts(mend),
        "end_reason": np.where(np.isnan(mend), None, mreason),
    }
)[MB_start <= T]

membership_payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(PAY) + 1),
        "membership_id": PY_m[py_o] + 1,
        "billed_at": ts(PY_t[py_o]),
        "amount": [PAY[i][2] for i in py_o],
        "status": [PAY[i][3] for i in py_o],
    }
)[PY_t[py_o] <= T]

# consultations
resolved = Cst + NS_RESOLVE <= T
c_cancel_known = Cct <= T
c_status = np.where(c_cancel_known, "cancelled", np.where(resolved & (Cout != "open"), Cout, "booked"))
charged = np.select(
    [c_status == "completed", c_status == "no_show", c_status == "cancelled"], [fee, NOSHOW_FEE, 0.0], np.nan
)
comp_known = c_status == "completed"
consultations = pd.DataFrame(
    {
        "consult_id": np.arange(1, NC + 1),
        "patient_id": Cp + 1,
        "clinician_ref": cl_code[Cc],
        "booked_at": ts(Cbt),
        "scheduled_for": ts(Cst),
        "reason": Creason,
        "platform": Cplat,
        "status": c_status,
        "started_at": ts(np.where(comp_known, known(Cstart), np.nan)),
        "ended_at": ts(np.where(comp_known, known(Cend), np.nan)),
        "duration_min": np.where(comp_known & (Cend <= T), Cdur, np.nan),
        "cancelled_at": ts(np.where(c_cancel_known, Cct, np.nan)),
        "amount_charged": np.round(charged, 2),
    }
)[keep_c & (Cbt <= T)]

used = np.bincount(F_rx[F_t <= T], minlength=NR)
prescriptions = pd.DataFrame(
    {
        "rx_id": np.arange(1, NR + 1),
        "consult_id": [r[1] + 1 for r in RX],
        "patient_id": [r[0] + 1 for r in RX],
        "drug": [r[2] for r in RX],
        "drug_class": [r[3] for r in RX],
        "days_supply": [r[4] for r in RX],
        "refills_allowed": [r[5] for r in RX],
        "refills_remaining": np.array([r[5] for r in RX]) - used,
        "issued_at": ts(R_t),
    }
)[R_t <= T]

refills = pd.DataFrame(
    {
        "refill_id": np.arange(1, NF + 1),
        "rx_id": F_rx + 1,
        "requested_at": ts(F_t),
        "filled_at": ts(known(F_done)),
        "channel": F_chan,
    }
)[F_t <= T]

rk = L_res <= T
lstatus = np.where(
    rk, "resulted", np.where(L_col <= T, "collected", np.where(L_ot + 60 * DAY <= T, "expired", "ordered"))
)
lab_orders = pd.DataFrame(
    {
        "order_id": np.arange(1, NL + 1),
        "consult_id": [x[1] + 1 for x in LAB],
        "patient_id": [x[0] + 1 for x in LAB],
        "test_code": [x[2] for x in LAB],
        "ordered_at": ts(L_ot),
        "status": lstatus,
        "collected_at": ts(known(L_col)),
        "resulted_at": ts(known(L_res)),
        "result_value": np.where(rk, [x[6] for x in LAB], np.nan),
        "abnormal": pd.array(np.where(rk, [x[7] for x in LAB], None), dtype="boolean"),
    }
)[L_ot <= T]

messages = pd.DataFrame(
    {
        "message_id": np.arange(1, NM + 1),
        "patient_id": msg_p[mo] + 1,
        "clinician_ref": cl_code[np.array([m[1] for m in MSG])[mo]],
        "sender": np.array([m[2] for m in MSG], dtype=object)[mo],
        "sent_at": ts(M_t[mo]),
        "read_at": ts(known(M_read[mo])),
        "char_count": M_chars[mo],
    }
)[M_t[mo] <= T]

surveys = pd.DataFrame(
    {
        "survey_id": np.arange(1, NS + 1),
        "consult_id": [s[0] + 1 for s in SURV],
        "patient_id": [s[1] + 1 for s in SURV],
        "clinician_ref": cl_code[S_c],
        "sent_at": ts(S_sent),
        "responded_at": ts(known(S_rt)),
        "score": pd.Series(S_sc).where(rmask).astype("Int64"),
    }
)[S_sent <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE plans (plan_code VARCHAR PRIMARY KEY, plan_name VARCHAR, payer_type VARCHAR, copay_usd INTEGER,
                    network VARCHAR);
CREATE TABLE clinicians (clinician_code VARCHAR PRIMARY KEY, full_name VARCHAR, specialty VARCHAR,
                         years_exp INTEGER, languages VARCHAR, hired_at TIMESTAMP, left_at TIMESTAMP,
                         rating_avg DOUBLE, review_count INTEGER);
CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, plan_code VARCHAR REFERENCES plans(plan_code),
                       email VARCHAR, sex VARCHAR, birth_year INTEGER, state VARCHAR, referral_source VARCHAR,
                       signup_at TIMESTAMP, status VARCHAR, last_activity_at TIMESTAMP, visit_count INTEGER,
                       is_member BOOLEAN);
CREATE TABLE memberships (membership_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(patient_id),
                          tier VARCHAR, monthly_fee DOUBLE, started_at TIMESTAMP, current_period_end TIMESTAMP,
                          status VARCHAR, ended_at TIMESTAMP, end_reason VARCHAR);
CREATE TABLE membership_payments (payment_id INTEGER PRIMARY KEY, membership_id INTEGER, billed_at TIMESTAMP,
                                  amount DOUBLE, status VARCHAR);
CREATE TABLE consultations (consult_id INTEGER PRIMARY KEY, patient_id INTEGER, clinician_ref VARCHAR,
                            booked_at TIMESTAMP, scheduled_for TIMESTAMP, reason VARCHAR, platform VARCHAR,
                            status VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, duration_min DOUBLE,
                            cancelled_at TIMESTAMP, amount_charged DOUBLE);
CREATE TABLE prescriptions (rx_id INTEGER PRIMARY KEY, consult_id INTEGER, patient_id INTEGER, drug VARCHAR,
                            drug_class VARCHAR, days_supply INTEGER, refills_allowed INTEGER,
                            refills_remaining INTEGER, issued_at TIMESTAMP);
CREATE TABLE refills (refill_id INTEGER PRIMARY KEY, rx_id INTEGER, requested_at TIMESTAMP, filled_at TIMESTAMP,
                      channel VARCHAR);
CREATE TABLE lab_orders (order_id INTEGER PRIMARY KEY, consult_id INTEGER, patient_id INTEGER, test_code VARCHAR,
                         ordered_at TIMESTAMP, status VARCHAR, collected_at TIMESTAMP, resulted_at TIMESTAMP,
                         result_value DOUBLE, abnormal BOOLEAN);
CREATE TABLE messages (message_id INTEGER PRIMARY KEY, patient_id INTEGER, clinician_ref VARCHAR, sender VARCHAR,
                       sent_at TIMESTAMP, read_at TIMESTAMP, char_count INTEGER);
CREATE TABLE surveys (survey_id INTEGER PRIMARY KEY, consult_id INTEGER, patient_id INTEGER, clinician_ref VARCHAR,
                      sent_at TIMESTAMP, responded_at TIMESTAMP, score INTEGER);
""")
for name, df in [
    ("plans", plans),
    ("clinicians", clinicians),
    ("patients", patients),
    ("memberships", memberships),
    ("membership_payments", membership_payments),
    ("consultations", consultations),
    ("prescriptions", prescriptions),
    ("refills", refills),
    ("lab_orders", lab_orders),
    ("messages", messages),
    ("surveys", surveys),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
