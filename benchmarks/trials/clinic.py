"""An outpatient clinic network (clinics in four cities, doctors with specialties, patients, appointments booked
ahead, diagnoses, prescriptions, lab results, bills), seeded: `python benchmarks/trials/clinic.py PATH`. Written by
a fresh-eyes trial (2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), data 2023-01-01 .. 2025-06-30 (appointments booked by then may be scheduled up to ~90 days later,
status 'scheduled'):
- clinics: 8 in 4 cities; clinic 8 (Braga-2) opens 2024-03-01 and takes new Braga registrations after it.
- doctors: ~6-9 per clinic, specialty general (3 per clinic) / cardiology / endocrinology / dermatology /
  orthopedics / psychiatry; years_experience is noise (drives nothing).
- patients: 4,000; 55% registered before the span, the rest uniformly in it (growth). Latent visit rate
  lam ~ LogNormal(log 0.022, 0.8) bookings/day, x1.5 if age >= 60, x1.2 private insurance, x2.0 if chronic.
  chronic type (latent, 30%): cardio 12% / diabetes 10% / mental 8%; drives the specialist seen and the
  diagnosis category. Churn: hazard 1/900 per day (moved away; no bookings after, not stored).
  blood_type and postal_code are noise. insurance_type NULL for 3%, sex NULL for 1%.
- booking day multiplier: weekday Mon 1.15 Tue 1.0 Wed 1.0 Thu 1.0 Fri .9 Sat .35 Sun 0 (closed);
  winter 1 + 0.30*cos(2pi*(doy-15)/365) (peak mid-January); August x0.7 (holidays).
- hour 8..17, more in the morning. lead time (booked_at -> scheduled_at): 30% 0-2 days, else Exp(mean 18 days),
  capped 90. scheduled_at is set at booking (known ahead).
- status: cancelled with p = 0.05 + 0.002*lead_days (cancelled_at uniform between booking and the visit);
  of the rest no_show with logit = -2.4 + 0.9*z_patient (latent, N(0,1)) + 0.03*min(lead, 60) + 0.45 Monday
  + 0.35 at 8h + 0.6 insurance 'none' + 0.4 age < 30 - 0.8 reminder_sent (a column, 70% of bookings);
  ~12% of non-cancelled are no-shows. Appointments scheduled after 2025-06-30 are 'scheduled'.
- doctor of a visit: 55% the patient's GP (home clinic), 30% their specialist (chronic type's specialty, else a
  fixed random one), 15% any doctor in the home city.
- diagnoses: 1 (70%) or 2 per attended visit; category by specialty; GP visits: chronic type's category 35% if
  chronic, respiratory with weight 0.25*winter^3, else preventive / musculoskeletal / dermatological.
- prescriptions: 55% of attended visits, drug by diagnosis category, days_supply 7/30/90.
- lab_results: 30% of attended visits (60% for cardio/diabetes patients); HbA1c 7.6±1.0 diabetic else 5.4±0.4,
  LDL 150±30 cardio else 115±25, CRP lognormal (x3 in winter respiratory visits); 2% NULL values.
- bills: one per attended visit, issued 0-3 days after; amount = base(specialty: general 80, psychiatry 120,
  others 150) x LogNormal(0, .35) x 1.3 private; 4% procedures + 300*Pareto(1.3) (heavy tail); 35% of
  no-shows billed a 30 fee. paid_at: issued + Gamma(2, 10) days (x2.5 insurance 'none'); 7% never paid (NULL).
- keys: declared PRIMARY KEY / REFERENCES, except bills.patient_id and lab_results.appointment_id (undeclared).
"""

import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-06-30 23:59:59")
SIM_END = pd.Timestamp("2025-09-30")
days = pd.date_range(START, SIM_END, freq="D")
ND = len(days)
DOW = np.array([1.15, 1.0, 1.0, 1.0, 0.9, 0.35, 0.0])
winter = 1 + 0.30 * np.cos(2 * np.pi * (days.day_of_year.values - 15) / 365)
daymul = DOW[days.day_of_week.values] * winter * np.where(days.month == 8, 0.7, 1.0)

# clinics
CITIES = ["Lisbon", "Porto", "Braga", "Faro"]
clinics = pd.DataFrame(
    {
        "clinic_id": np.arange(1, 9),
        "name": [
            "Lisbon-Centro",
            "Lisbon-Belem",
            "Lisbon-Oriente",
            "Porto-Baixa",
            "Porto-Foz",
            "Braga-1",
            "Faro-1",
            "Braga-2",
        ],
        "city": ["Lisbon", "Lisbon", "Lisbon", "Porto", "Porto", "Braga", "Faro", "Braga"],
        "opened_at": pd.to_datetime(
            [
                "2015-03-01",
                "2018-06-01",
                "2021-01-15",
                "2016-09-01",
                "2020-02-01",
                "2019-05-01",
                "2017-04-01",
                "2024-03-01",
            ]
        ),
    }
)
clinic_city = dict(zip(clinics.clinic_id, clinics.city, strict=True))

# doctors
SPECS = ["cardiology", "endocrinology", "dermatology", "orthopedics", "psychiatry"]
drows = []
did = 1
for cid in clinics.clinic_id:
    specs = ["general"] * 3 + list(rng.choice(SPECS, size=rng.integers(3, 6), replace=False))
    if "cardiology" not in specs and cid in (1, 4):
        specs.append("cardiology")
    for s in specs:
        hired = clinics.opened_at[cid - 1] + pd.Timedelta(days=int(rng.integers(0, 400)))
        drows.append((did, int(cid), s, f"Dr. {chr(65 + did % 26)}{did:03d}", int(rng.integers(1, 35)), hired))
        did += 1
doctors = pd.DataFrame(drows, columns=["doctor_id", "clinic_id", "specialty", "name", "years_experience", "hired_at"])

# patients
NP = 4000
age0 = np.clip(rng.normal(47, 19, NP), 1, 95)  # age on 2024-01-01
birth = pd.Timestamp("2024-01-01") - pd.to_timedelta((age0 * 365.25).astype(int), unit="D")
sex = rng.choice(["F", "M"], NP, p=[0.54, 0.46]).astype(object)
sex[rng.random(NP) < 0.01] = None
ins = rng.choice(["public", "private", "none"], NP, p=[0.6, 0.3, 0.1]).astype(object)
ins_known = ins.copy()
ins_known[rng.random(NP) < 0.03] = None
old = rng.random(NP) < 0.55
reg = np.where(
    old,
    (pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 2556, NP), unit="D")).values,
    (START + pd.to_timedelta(rng.integers(0, (END - START).days, NP), unit="D")).values,
)
reg = pd.to_datetime(reg)
city = rng.choice(CITIES, NP, p=[0.45, 0.3, 0.15, 0.10])
home = np.empty(NP, dtype=int)
for i in range(NP):
    cands = clinics[(clinics.city == city[i]) & (clinics.opened_at <= max(reg[i], START))].clinic_id.values
    if city[i] == "Braga" and reg[i] >= pd.Timestamp("2024-03-01"):
        cands = np.array([8])
    home[i] = rng.choice(cands)
u = rng.random(NP)
chronic = np.where(u < 0.12, "cardio", np.where(u < 0.22, "diabetes", np.where(u < 0.30, "mental", "")))
lam = np.exp(rng.normal(np.log(0.022), 0.8, NP))
lam *= np.where(age0 >= 60, 1.5, 1.0) * np.where(ins == "private", 1.2, 1.0) * np.where(chronic != "", 2.0, 1.0)
z = rng.normal(0, 1, NP)
churn = reg + pd.to_timedelta(rng.exponential(900, NP).astype(int), unit="D")
reminder_rate = rng.beta(7, 3, NP)
patients = pd.DataFrame(
    {
        "patient_id": np.arange(1, NP + 1),
        "birth_date": birth.date,
        "sex": sex,
        "insurance_type": ins_known,
        "home_clinic_id": home,
        "registered_at": reg,
        "blood_type": rng.choice(["A+", "A-", "B+", "B-", "AB+", "O+", "O-"], NP),
        "postal_code": [f"{rng.integers(1000, 9999)}-{rng.integers(100, 999)}" for _ in range(NP)],
    }
)

SPEC_OF = {"cardio": "cardiology", "diabetes": "endocrinology", "mental": "psychiatry"}
CAT_OF_SPEC = {
    "cardiology": "cardiovascular",
    "endocrinology": "endocrine",
    "dermatology": "dermatological",
    "orthopedics": "musculoskeletal",
    "psychiatry": "mental_health",
}
CAT_OF_CHRONIC = {"cardio": "cardiovascular", "diabetes": "endocrine", "mental": "mental_health"}
CODES = {
    "respiratory": ["J06.9", "J20.9", "J45.909", "J02.9"],
    "cardiovascular": ["I10", "I25.10", "I48.91"],
    "endocrine": ["E11.9", "E78.5", "E03.9"],
    "musculoskeletal": ["M54.5", "M25.561", "M17.11"],
    "dermatological": ["L20.9", "L70.0", "L40.0"],
    "mental_health": ["F32.9", "F41.1", "F43.10"],
    "preventive": ["Z00.00", "Z23", "Z01.419"],
}
DRUGS = {
    "respiratory": ["amoxicillin", "salbutamol", "ibuprofen"],
    "cardiovascular": ["amlodipine", "atorvastatin", "lisinopril"],
    "endocrine": ["metformin", "levothyroxine", "atorvastatin"],
    "musculoskeletal": ["ibuprofen", "paracetamol", "diclofenac"],
    "dermatological": ["hydrocortisone", "isotretinoin", "calcipotriol"],
    "mental_health": ["sertraline", "escitalopram", "bupropion"],
    "preventive": ["vitamin D", "influenza vaccine"],
}
REASONS = {
    "general": [
        "follow-up",
        "annual check-up",
        "cough and fever",
        "back pain",
        "skin rash",
        "prescription renewal",
        "fatigue",
        "sore throat",
    ],
    "cardiology": ["chest pain", "hypertension follow-up", "palpitations", "ECG review"],
    "endocrinology": ["diabetes follow-up", "thyroid check", "HbA1c review"],
    "dermatology": ["skin rash", "mole check", "acne"],
    "orthopedics": ["knee pain", "back pain", "sports injury"],
    "psychiatry": ["anxiety", "depression follow-up", "sleep problems"],
}
HOURS = np.arange(8, 18)
HOUR_P = np.array([1.3, 1.4, 1.3, 1.2, 0.6, 0.8, 1.0, 1.0, 0.9, 0.7])
HOUR_P = HOUR_P / HOUR_P.sum()

doc_by_clinic = {c: g for c, g in doctors.groupby("clinic_id")}
docs_by_city = {c: doctors[doctors.clinic_id.map(clinic_city) == c].doctor_id.values for c in CITIES}
appts = []
for i in range(NP):
    start_i = max(reg[i], START)
    stop_i = min(churn[i], SIM_END)
    if stop_i <= start_i:
        continue
    d0, d1 = (start_i - START).days, (stop_i - START).days
    n = rng.poisson(lam[i] * daymul[d0:d1])
    sched_days = np.repeat(np.arange(d0, d1), n)
    if len(sched_days) == 0:
        continue
    dc = doc_by_clinic[home[i]]
    gp = rng.choice(dc[dc.specialty == "general"].doctor_id.values)
    want = SPEC_OF.get(chronic[i]) or rng.choice(SPECS)
    sp = dc[dc.specialty == want].doctor_id.values
    if len(sp) == 0:
        sp = doctors[(doctors.specialty == want) & (doctors.clinic_id.map(clinic_city) == city[i])].doctor_id.values
    if len(sp) == 0:
        sp = doctors[doctors.specialty == want].doctor_id.values
    spec_doc = rng.choice(sp)
    for d in sched_days:
        r = rng.random()
        doc = gp if r < 0.55 else spec_doc if r < 0.85 else rng.choice(docs_by_city[city[i]])
        hour = rng.choice(HOURS, p=HOUR_P)
        sched = days[d] + pd.Timedelta(hours=int(hour), minutes=int(rng.choice([0, 15, 30, 45])))
        lead = rng.uniform(0, 2) if rng.random() < 0.3 else min(rng.exponential(18), 90)
        booked = sched - pd.Timedelta(days=float(lead)) - pd.Timedelta(minutes=int(rng.integers(5, 600)))
        if booked > END or booked < reg[i]:
            continue
        appts.append((i + 1, int(doc), sched, booked, lead, rng.random() < reminder_rate[i]))

ap = pd.DataFrame(appts, columns=["patient_id", "doctor_id", "scheduled_at", "booked_at", "lead", "reminder_sent"])
ap = ap.sort_values("booked_at").reset_index(drop=True)
ap.insert(0, "appointment_id", np.arange(100001, 100001 + len(ap)))
ap["clinic_id"] = ap.doctor_id.map(dict(zip(doctors.doctor_id, doctors.clinic_id, strict=True)))
pi = ap.patient_id.values - 1
spec = ap.doctor_id.map(dict(zip(doctors.doctor_id, doctors.specialty, strict=True))).values
age_at = (ap.scheduled_at - pd.to_datetime(patients.birth_date.values[pi])).dt.days.values / 365.25
p_cancel = 0.05 + 0.002 * ap.lead.values
cancelled = rng.random(len(ap)) < p_cancel
logit = (
    -2.4
    + 0.9 * z[pi]
    + 0.03 * np.minimum(ap.lead.values, 60)
    + 0.45 * (ap.scheduled_at.dt.day_of_week == 0)
    + 0.35 * (ap.scheduled_at.dt.hour == 8)
    + 0.6 * (ins[pi] == "none")
    + 0.4 * (age_at < 30)
    - 0.8 * ap.reminder_sent.values
)
noshow = rng.random(len(ap)) < 1 / (1 + np.exp(-logit))
status = np.where(cancelled, "cancelled", np.where(noshow, "no_show", "attended")).astype(object)
cancel_at = ap.booked_at + (ap.scheduled_at - ap.booked_at) * rng.random(len(ap))
future = (ap.scheduled_at > END).values
cancelled_known = cancelled & (cancel_at <= END).values
status[future & ~cancelled_known] = "scheduled"
status[future & cancelled_known] = "cancelled"
ap["status"] = status
ap["cancelled_at"] = cancel_at.where(status == "cancelled")
ap["visit_reason"] = [rng.choice(REASONS[s]) for s in spec]
ap["visit_reason"] = ap.visit_reason.where(rng.random(len(ap)) > 0.1)  # 10% left empty

# diagnoses, prescriptions, labs, bills
att = ap[ap.status == "attended"]
dx, rx, lab, bill = [], [], [], []
dxid, rxid, labid, billid = 1, 1, 1, 1
DOC_SPEC = dict(zip(doctors.doctor_id, doctors.specialty, strict=True))
for row in att.itertuples(index=False):
    i = row.patient_id - 1
    s = DOC_SPEC[row.doctor_id]
    w = 1 + 0.30 * np.cos(2 * np.pi * (row.scheduled_at.day_of_year - 15) / 365)
    cats = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        if s != "general":
            c = CAT_OF_SPEC[s] if rng.random() < 0.9 else "preventive"
        else:
            opts = {"respiratory": 0.25 * w**3, "preventive": 0.3, "musculoskeletal": 0.2, "dermatological": 0.1}
            if chronic[i]:
                opts[CAT_OF_CHRONIC[chronic[i]]] = 0.5
            k = list(opts)
            pr = np.array([opts[x] for x in k])
            c = rng.choice(k, p=pr / pr.sum())
        cats.append(c)
        dx.append((dxid, row.appointment_id, rng.choice(CODES[c]), c, rng.random() < 0.6, row.scheduled_at))
        dxid += 1
    if rng.random() < 0.55:
        c = cats[0]
        rx.append(
            (
                rxid,
                row.appointment_id,
                row.patient_id,
                rng.choice(DRUGS[c]),
                int(rng.choice([7, 30, 90])),
                rng.integers(1, 4),
                row.scheduled_at + pd.Timedelta(minutes=20),
            )
        )
        rxid += 1
    if rng.random() < (0.6 if chronic[i] in ("cardio", "diabetes") else 0.3):
        t = rng.choice(["HbA1c", "LDL", "CRP", "TSH"], p=[0.3, 0.3, 0.25, 0.15])
        if t == "HbA1c":
            v = rng.normal(7.6, 1.0) if chronic[i] == "diabetes" else rng.normal(5.4, 0.4)
        elif t == "LDL":
            v = rng.normal(150, 30) if chronic[i] == "cardio" else rng.normal(115, 25)
        elif t == "CRP":
            v = np.exp(rng.normal(0.5, 0.8)) * (3 if "respiratory" in cats else 1)
        else:
            v = np.exp(rng.normal(0.7, 0.4))
        taken = row.scheduled_at + pd.Timedelta(hours=float(rng.uniform(0.5, 72)))
        lab.append(
            (labid, row.patient_id, row.appointment_id, t, None if rng.random() < 0.02 else round(float(v), 2), taken)
        )
        labid += 1
    amt = {"general": 80, "psychiatry": 120}.get(s, 150) * np.exp(rng.normal(0, 0.35))
    amt *= 1.3 if ins[i] == "private" else 1.0
    if rng.random() < 0.04:
        amt += 300 * (rng.pareto(1.3) + 1)
    issued = row.scheduled_at.normalize() + pd.Timedelta(days=int(rng.integers(0, 4)), hours=18)
    paid = issued + pd.Timedelta(days=float(rng.gamma(2, 10) * (2.5 if ins[i] == "none" else 1)))
    bill.append(
        (
            billid,
            row.appointment_id,
            row.patient_id,
            round(float(amt), 2),
            issued,
            None if rng.random() < 0.07 else paid,
        )
    )
    billid += 1
for row in ap[ap.status == "no_show"].itertuples(index=False):
    if rng.random() < 0.35:
        issued = row.scheduled_at.normalize() + pd.Timedelta(days=1, hours=18)
        bill.append(
            (
                billid,
                row.appointment_id,
                row.patient_id,
                30.0,
                issued,
                None if rng.random() < 0.3 else issued + pd.Timedelta(days=float(rng.gamma(2, 15))),
            )
        )
        billid += 1

diagnoses = pd.DataFrame(
    dx, columns=["diagnosis_id", "appointment_id", "icd_code", "category", "is_primary", "recorded_at"]
)
prescriptions = pd.DataFrame(
    rx, columns=["prescription_id", "appointment_id", "patient_id", "drug", "days_supply", "refills", "prescribed_at"]
)
lab_results = pd.DataFrame(lab, columns=["lab_id", "patient_id", "appointment_id", "test_name", "value", "taken_at"])
bills = pd.DataFrame(bill, columns=["bill_id", "appointment_id", "patient_id", "amount", "issued_at", "paid_at"])
# nothing recorded after the database's present
lab_results = lab_results[lab_results.taken_at <= END]
bills = bills[bills.issued_at <= END]
bills.loc[bills.paid_at > END, "paid_at"] = pd.NaT
ap = ap.drop(columns=["lead"])

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE clinics (clinic_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, opened_at DATE);
CREATE TABLE doctors (doctor_id INTEGER PRIMARY KEY, clinic_id INTEGER REFERENCES clinics(clinic_id),
  specialty VARCHAR, name VARCHAR, years_experience INTEGER, hired_at DATE);
CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, birth_date DATE, sex VARCHAR, insurance_type VARCHAR,
  home_clinic_id INTEGER REFERENCES clinics(clinic_id), registered_at TIMESTAMP, blood_type VARCHAR,
  postal_code VARCHAR);
CREATE TABLE appointments (appointment_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(patient_id),
  doctor_id INTEGER REFERENCES doctors(doctor_id), scheduled_at TIMESTAMP, booked_at TIMESTAMP,
  reminder_sent BOOLEAN, clinic_id INTEGER REFERENCES clinics(clinic_id), status VARCHAR, cancelled_at TIMESTAMP,
  visit_reason VARCHAR);
CREATE TABLE diagnoses (diagnosis_id INTEGER PRIMARY KEY,
  appointment_id INTEGER REFERENCES appointments(appointment_id), icd_code VARCHAR, category VARCHAR,
  is_primary BOOLEAN, recorded_at TIMESTAMP);
CREATE TABLE prescriptions (prescription_id INTEGER PRIMARY KEY,
  appointment_id INTEGER REFERENCES appointments(appointment_id), patient_id INTEGER REFERENCES patients(patient_id),
  drug VARCHAR, days_supply INTEGER, refills INTEGER, prescribed_at TIMESTAMP);
CREATE TABLE lab_results (lab_id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(patient_id),
  appointment_id INTEGER, test_name VARCHAR, value DOUBLE, taken_at TIMESTAMP);
CREATE TABLE bills (bill_id INTEGER PRIMARY KEY, appointment_id INTEGER REFERENCES appointments(appointment_id),
  patient_id INTEGER, amount DECIMAL(12, 2), issued_at TIMESTAMP, paid_at TIMESTAMP);
""")
for name, df in [
    ("clinics", clinics),
    ("doctors", doctors),
    ("patients", patients),
    ("appointments", ap),
    ("diagnoses", diagnoses),
    ("prescriptions", prescriptions),
    ("lab_results", lab_results),
    ("bills", bills),
]:
    con.register("df", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df")
    con.unregister("df")
    print(name, len(df))
con.close()
