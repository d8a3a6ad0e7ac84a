"""A chain of veterinary practices (clinics, vets, owners, pets, appointments booked ahead with no-shows, visits with
diagnoses and invoices, vaccinations with next-due dates set ahead, prescriptions and refills, reminders sent), seeded:
`python benchmarks/trials/vetclinic.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 8 clinics, 38 vets, 2,600 owners, 3,763 pets,
20.5k appointments, 16.2k visits, 19.1k diagnoses, 16.2k invoices, 11.1k vaccinations, 7.5k prescriptions, 16.8k
refills, 10.8k reminders (about 123k rows, 5 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: appointments.scheduled_for (booked up to ~6 months ahead: rechecks,
neutering, the wellness plan's half-year check) and vaccinations.next_due_on (a DATE set at the vaccination, a year
or 4 weeks ahead). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- clinics (8): reminder_channel 'sms' (3), 'email' (3), 'none' (2) drives no-shows (a parent-table attribute);
  clinic 8 opens 2024-04-01 and takes 60% of new owners of its city after; region is noise
- vets (5 per clinic): thoroughness LogNormal(0, .2) multiplies invoice amounts and the chance of a 2nd diagnosis;
  years_exp is noise; left_on (2-3 leave in the span) filled in later; a vet is assigned among its clinic's vets
  employed at the scheduled time (so appointments booked ahead name 2 vets hired in 2025, not in the table yet:
  vet_ref is 95% contained in vets.vet_code)
- owners (2,600): 1,600 before the span, 1,000 during; compliance c ~ N(0, 1) (hidden) drives answering vaccine
  reminders, no-shows, refill timeliness; moves away (hidden, no visits after) with hazard 1/1500 per day
  (x2 when c < -1); wellness_plan TODAY's ('none' / 'wellness'): joins with hazard exp(.5c)/1500, quits 1/900;
  plan owners answer reminders more, get 10% off and a half-year check booked at each wellness visit;
  owners.last_visit_at TODAY's; postcode noise; email NULL 15%
- pets (3,800): species dog .58 / cat .34 / rabbit .05 / bird .03, stored MESSY ('Dog', 'dog', 'DOG', 'Canine',
  'cat', 'Feline', ...; 1% NULL); dog size small/medium/large/giant (adult weight 8/20/32/50 kg, lifespan
  14/13/11/9 y), cat 4.5 kg 15 y, rabbit 2 kg 9 y, bird .4 kg 8 y; insured (30%) x1.5 illness visits;
  chronic onset (hidden): arthritis (dogs; hazard grows with age^2, size, body condition^4), kidney disease (cats,
  age^3), atopic allergy (12% from birth: summer flares x(1 + 2.5 summer)); chronic pets x2.5 illness visits,
  a recheck booked 30-90 days ahead (p .7) and long-term prescriptions with monthly refills
- death hazard per day (1/(365 lifespan)) exp(3 (age/lifespan - 1)) x (1 + 3 kidney) + 1/20000; 60% end with a
  euthanasia visit (walk-in, reason 'euthanasia', diagnosis 'EUTHANASIA'); weight falls 15% over the last 120 days
- pets.status TODAY's: 'deceased' (deceased_at filled in later), else 'inactive' when no visit for 540 days,
  else 'active'; pets.weight_kg TODAY's (the last weight measured); pets.neutered TODAY's (set by a 'surgery'
  visit, booked 60-150 days ahead at the last puppy/kitten vaccination with p .65); microchip noise
- illness bookings: Poisson 1.3/365 per live pet-day x species (dog 1, cat .7, rabbit .8, bird .6) x insured x
  (1 + .08 (age - 6)+) x chronic x season (allergy summer; dogs x1.8 Dec 20-Jan 2: dietary GI); lead 0-2 days;
  emergencies .12/365 (walk-ins, appt_ref NULL); no visits on Sundays (moved to Monday)
- vaccines: a 'vaccine_due' reminder 21 days before next_due (channel of the clinic, postcard where 'none'); the
  owner books with p sigmoid(.6 + 1.2c + 1.0 plan) (booked Exp(5) days later, scheduled 3-45 days ahead), else a
  'vaccine_overdue' reminder 30 days after due with p sigmoid(-.3 + c); an illness visit of an overdue pet gives the
  vaccines with p .5; next_due_on = given + 365 (young: + 28 until 16 weeks old)
- appointments: cancelled with p .05 + .002 lead (cancelled_at between booking and the time; pets that die / owners
  that move: cancelled then); no-show logit -2.4 - .9c + .02 min(lead, 60) + .7 channel 'none' - .4 'sms' + .4
  wellness/vaccination + .3 Monday; ~10% of the rest. status TODAY's ('booked' / 'completed' / 'no_show' /
  'cancelled'), checked_in_at and cancelled_at filled in later; an 'appointment' reminder 2 days before
  (sms / email clinics, lead >= 3)
- visits: weight measured (true x N(1, .02)), temp_c; diagnoses 1-2 per visit (no PK): chronic code 60% of a
  chronic pet's illness visits, else acute by species/season (SKIN / OTITIS in summer, GI in late December)
- invoices (one per visit, billed to the owner; invoice_no text 'INV-000123'): amount base(reason) x vet
  thoroughness x LogNormal(0, .3) (+ 35 per vaccine; plan -10% on wellness); paid_at filled in later (Exp(8 days),
  x3 when c < -1; 4% written off after 120 days: status 'written_off'); status TODAY's ('open'/'paid'/'written_off')
- prescriptions: 90% of chronic-coded visits (long-term drug, 30 days, 5 refills), 45% of acute (7-14 days, no
  refill); refills every days_supply x LogNormal(.05 - .1c, .15) while the pet lives and the owner stays;
  prescriptions.refills_remaining TODAY's; refills.channel messy ('online', 'Online ', 'ONLINE', 'clinic', ...)
- reminders: opened_at filled in later (email only, 55%)
- keys: PK declared on clinics, vets (vet_code VARCHAR 'V-007'), owners, pets, appointments, visits, invoices
  (invoice_no VARCHAR), vaccinations, prescriptions, refills, reminders; diagnoses has none; REFERENCES only
  vets -> clinics, owners -> clinics, pets -> owners. Undeclared: appointments (pet_id, clinic_id, vet_ref ->
  vets.vet_code), visits (appt_ref: an appointment id stored as VARCHAR, pet_id, attending_vet, clinic_id),
  diagnoses.visit_id, invoices (visit_id, owner_id), vaccinations, prescriptions, refills.rx_id, reminders.pet_id
- `python vetclinic.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
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
YEAR = 365.25
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TNOW = (NOW - START).total_seconds()
NDT = ND + 400


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 200) / 365), 0, None)  # peak mid-July
XMAS = ((days.month == 12) & (days.day >= 20)) | ((days.month == 1) & (days.day <= 2))

# ---------------- clinics
NC = 8
CITY = np.array(["Leeds", "Leeds", "York", "York", "Hull", "Hull", "Bradford", "Leeds"])
CHAN = np.array(["sms", "email", "none", "sms", "email", "none", "email", "sms"])
c_open = np.array([secs("2012-03-01") + rng.uniform(0, 3000) * DAY for _ in range(NC)])
c_open[7] = secs("2024-04-01") + 9 * 3600
clinics = pd.DataFrame(
    {
        "clinic_id": np.arange(1, NC + 1),
        "name": [
            f"{CITY[i]} {n}"
            for i, n in enumerate(["Central", "North", "Minster", "Road", "Dock", "West", "Park", "Headingley"])
        ],
        "city": CITY,
        "region": rng.choice(["north", "east", "west"], NC),
        "reminder_channel": CHAN,
        "opened_on": ts(c_open).date,
    }
)

# ---------------- vets
NV = 5 * NC
v_clinic = np.repeat(np.arange(NC), 5)
v_thor = np.exp(rng.normal(0, 0.2, NV))
v_hired = c_open[v_clinic] + rng.uniform(0, 300, NV) * DAY
late = (rng.random(NV) < 0.2) & (np.arange(NV) % 5 != 0)
v_hired = np.where(late, np.maximum(c_open[v_clinic], rng.uniform(0, 500, NV) * DAY), v_hired)
v_hired[::5] = c_open[::1]  # the first vet of each clinic is there from its opening
v_left = np.full(NV, np.inf)
for i in rng.choice(np.nonzero(np.arange(NV) % 5 != 0)[0], 3, replace=False):
    v_left[i] = max(v_hired[i] + 60 * DAY, rng.uniform(120, ND - 30) * DAY)
v_spec = rng.choice(["general", "general", "surgery", "dermatology", "dentistry"], NV)
v_spec[::5] = "general"
v_exp = rng.integers(1, 30, NV)
v_code = np.array([f"V-{i:03d}" for i in range(1, NV + 1)])

# ---------------- owners
NO = 2600
o_old = np.arange(NO) < 1600
o_created = np.where(
    o_old, secs("2014-01-01") + rng.uniform(0, 9 * 365 - 1, NO) * DAY, rng.uniform(0, ND - 5, NO) * DAY
)
o_c = rng.normal(0, 1, NO)
o_city = rng.choice(4, NO, p=[0.35, 0.25, 0.22, 0.18])
CITY_CLINICS = {0: [0, 1], 1: [2, 3], 2: [4, 5], 3: [6]}
o_clinic = np.array([rng.choice(CITY_CLINICS[k]) for k in o_city])
new_leeds = (o_city == 0) & (o_created > c_open[7])
o_clinic[new_leeds & (rng.random(NO) < 0.6)] = 7
o_created = np.where(o_clinic == 7, np.maximum(o_created, c_open[7]), o_created)
o_lapse_h = np.where(o_c < -1, 2, 1) / 1500
o_plan0 = rng.random(NO) < 0.15 * (o_c > 0) + 0.05
o_post = [
    f"{['LS', 'YO', 'HU', 'BD'][k]}{rng.integers(1, 30)} {rng.integers(1, 9)}{chr(65 + rng.integers(26))}"
    f"{chr(65 + rng.integers(26))}"
    for k in o_city
]
o_email = np.where(rng.random(NO) < 0.15, None, np.array([f"owner{i}@mail.example" for i in range(1, NO + 1)]))

# ---------------- pets
SP = np.array(["dog", "cat", "rabbit", "bird"])
NP = 3800
p_owner = np.concatenate([np.arange(NO), rng.integers(0, NO, NP - NO)])
p_sp = rng.choice(4, NP, p=[0.58, 0.34, 0.05, 0.03])
p_size = np.where(p_sp == 0, rng.choice(4, NP, p=[0.3, 0.35, 0.27, 0.08]), -1)
ADULT = np.select(
    [p_sp == 0, p_sp == 1, p_sp == 2], [np.array([8, 20, 32, 50.0])[np.maximum(p_size, 0)], 4.5, 2.0], 0.4
)
p_w = ADULT * np.exp(rng.normal(0, 0.15, NP))
p_life = np.select(
    [p_sp == 0, p_sp == 1, p_sp == 2], [np.array([14, 13, 11, 9.0])[np.maximum(p_size, 0)], 15.0, 9.0], 8.0
)
p_bc0 = np.exp(rng.normal(0, 0.08, NP))
p_bcs = rng.normal(0, 0.03, NP)
p_ins = rng.random(NP) < 0.3
p_allergy = (rng.random(NP) < 0.12) & (p_sp <= 1)
first_pet = np.arange(NP) < NO
p_reg = np.where(
    first_pet,
    o_created[p_owner] + rng.uniform(0, 3, NP) * DAY,
    np.maximum(o_created[p_owner], rng.uniform(-6 * 365, ND - 5, NP) * DAY) + rng.uniform(1, 60, NP) * DAY,
)
p_reg = np.where((p_reg > 0) & (p_reg < o_created[p_owner]), o_created[p_owner] + DAY, p_reg)
young = rng.random(NP) < 0.55
age_reg = np.where(young, rng.uniform(8, 14, NP) * 7, 365 + rng.uniform(0, 0.7, NP) * p_life * 365)
p_birth = p_reg - age_reg * DAY
pre = p_reg < 0
age0 = np.where(pre, rng.uniform(0.3, 1.0, NP) * p_life * YEAR, 0.0)  # pre-span pets: age at START, alive then
p_birth = np.where(pre, -age0 * DAY, p_birth)
p_reg = np.where(pre, np.maximum(p_birth + 60 * DAY, -rng.uniform(0, 6 * 365, NP) * DAY), p_reg)
p_reg = np.where(pre, np.maximum(p_reg, o_created[p_owner]), p_reg)
p_reg = np.minimum(p_reg, np.where(pre, -DAY, p_reg))
p_neut0 = np.where(pre, rng.random(NP) < 0.7, (~young) & (rng.random(NP) < 0.6))
p_sex = rng.choice(["M", "F"], NP)
SPELL = {
    0: ["Dog", "dog", "DOG", "Canine", "dog "],
    1: ["Cat", "cat", "Feline", "CAT"],
    2: ["Rabbit", "rabbit"],
    3: ["Bird", "bird", "Parrot"],
}
SPW = {0: [0.55, 0.25, 0.1, 0.06, 0.04], 1: [0.6, 0.25, 0.1, 0.05], 2: [0.7, 0.3], 3: [0.5, 0.3, 0.2]}
p_spelled = np.array([rng.choice(SPELL[s], p=SPW[s]) for s in p_sp], dtype=object)
p_spelled[rng.random(NP) < 0.01] = None
BREEDS = {
    0: [
        ["Chihuahua", "Jack Russell", "Dachshund"],
        ["Beagle", "Cocker Spaniel", "Border Collie"],
        ["Labrador", "Golden Retriever", "German Shepherd"],
        ["Great Dane", "Newfoundland"],
    ],
    1: ["Domestic Shorthair", "Domestic Shorthair", "Maine Coon", "Siamese", "Persian"],
    2: ["Lop", "Netherland Dwarf"],
    3: ["Budgerigar", "Cockatiel"],
}
p_breed = np.array(
    [rng.choice(BREEDS[0][z]) if s == 0 else rng.choice(BREEDS[s]) for s, z in zip(p_sp, p_size, strict=True)],
    dtype=object,
)
p_breed[(p_sp == 0) & (rng.random(NP) < 0.1)] = "Mixed"
p_chip = [f"9851{rng.integers(10**10, 10**11)}" if rng.random() < 0.8 else None for _ in range(NP)]
p_name = rng.choice(["Bella", "Max", "Luna", "Charlie", "Milo", "Daisy", "Coco", "Teddy", "Poppy", "Ruby"], NP)

# ---------------- state and event stores
p_chronic = np.where(p_allergy, 3, 0)  # 0 none 1 arthritis 2 kidney 3 allergy
rel_age = age0 / YEAR / p_life
u0 = rng.random(NP)
p_chronic = np.where(pre & (p_chronic == 0) & (p_sp == 0) & (u0 < 0.5 * rel_age**2), 1, p_chronic)
p_chronic = np.where(pre & (p_chronic == 0) & (p_sp == 1) & (u0 < 0.5 * rel_age**3), 2, p_chronic)
p_death = np.full(NP, np.inf)
o_lapse = np.full(NO, np.inf)
o_plan = o_plan0.copy()
plan_ev = []  # (owner, t, plan)
p_neut_t = np.where(p_neut0, -np.inf, np.inf)
p_due = np.full(NP, np.inf)  # next vaccine due (days)
p_overdue = np.zeros(NP, bool)
p_young_series = np.zeros(NP, bool)

A = []  # appointments: [pet, clinic, vet, booked_t, sched_t, reason, cancel_t]
sched_bucket = [[] for _ in range(NDT)]
V = []  # visits: (pet, appt_idx or -1, vet, clinic, t, reason)
VAX = []  # (pet, visit, vaccine, t, due_day_secs)
DX = []  # (visit, code, seq)
RX = []  # (pet, visit, drug, days_supply, refills_allowed, t)
FILL = []  # (rx, t)
REM = []  # (pet, kind, channel, t)
rem_bucket = [[] for _ in range(NDT)]  # (pet, kind, the due date it is about)
fill_bucket = [[] for _ in range(NDT)]  # (rx, remaining)
future = {p: [] for p in range(NP)}  # open appointment indices per pet


def alive(p, t):
    return p_death[p] > t and o_lapse[p_owner[p]] > t


def age_y(p, t):
    return (t - p_birth[p]) / DAY / YEAR


def true_w(p, t):
    a = age_y(p, t)
    g = 1 - np.exp(-max(a, 0.05) / 0.35)
    w = p_w[p] * g * p_bc0[p] * np.exp(p_bcs[p] * max(a - 1, 0))
    if p_death[p] < np.inf:
        w *= 1 - 0.15 * max(0.0, 1 - (p_death[p] - t) / (120 * DAY))
    return w


VACC = {0: ["DHPP", "leptospirosis", "rabies"], 1: ["FVRCP", "FeLV"], 2: ["RHDV2", "myxomatosis"], 3: []}


def pick_vet(c, t):
    ok = np.nonzero((v_clinic == c) & (v_hired <= t) & (v_left > t))[0]
    return int(rng.choice(ok)) if len(ok) else int(np.nonzero(v_clinic == c)[0][0])


def book(p, booked_t, sched_t, reason):
    sd = int(sched_t // DAY)
    if DOW[min(sd, NDT - 1)] == 6:
        sched_t += DAY
        sd += 1
    sched_t = max(sched_t, booked_t + 3600)
    sd = int(sched_t // DAY)
    if sd >= NDT:
        return
    c = o_clinic[p_owner[p]]
    lead = (sched_t - booked_t) / DAY
    cancel = booked_t + rng.uniform(0, 1) * (sched_t - booked_t) if rng.random() < 0.05 + 0.002 * lead else np.inf
    A.append([p, c, pick_vet(c, sched_t), booked_t, sched_t, reason, cancel])
    i = len(A) - 1
    sched_bucket[sd].append(i)
    future[p].append(i)


def clinic_hours(d):
    return d * DAY + rng.uniform(8.5, 18) * 3600


def visit(p, ai, c, vet, t, reason):
    vi = len(V)
    V.append((p, ai, vet, c, t, reason))
    d = int(t // DAY)
    codes = []
    chronic = p_chronic[p]
    if reason in ("wellness", "vaccination", "plan_check"):
        codes.append("DENTAL" if age_y(p, t) > 6 and rng.random() < 0.3 else "HEALTHY")
    elif reason == "surgery":
        codes.append("NEUTER")
        p_neut_t[p] = t
    elif reason == "euthanasia":
        codes.append("EUTHANASIA")
    else:
        if chronic and rng.random() < 0.6:
            codes.append(["", "ARTHRITIS", "CKD", "ATOPIC_DERM"][chronic])
        else:
            w = np.array([1.0, 0.6 + 1.2 * SUMMER[d], 0.5 + SUMMER[d], 0.5, 0.4, 0.3])
            if XMAS[d] and p_sp[p] == 0:
                w[0] *= 3
            if reason == "emergency":
                w = np.array([1.0, 0.05, 0.05, 1.5, 0.2, 0.3])
            codes.append(rng.choice(["GI", "SKIN", "OTITIS", "INJURY", "RESP", "URINARY"], p=w / w.sum()))
        if rng.random() < 0.25 * v_thor[vet]:
            codes.append(rng.choice(["DENTAL", "OBESITY", "PARASITES", "CONJUNCTIVITIS"]))
    for k, code in enumerate(codes):
        DX.append((vi, code, k + 1))
    # vaccines
    nvax = 0
    if (reason == "vaccination" or (reason == "illness" and p_overdue[p] and rng.random() < 0.5)) and VACC[p_sp[p]]:
        young_now = age_y(p, t) < 16 * 7 / YEAR
        nxt = t + (28 if young_now else 365) * DAY
        for vac in VACC[p_sp[p]]:
            if vac == "rabies" and young_now:
                continue
            VAX.append((p, vi, vac, t + 600, nxt))
            nvax += 1
        p_due[p] = nxt / DAY
        p_overdue[p] = False
        rem_bucket[min(int(nxt // DAY) - 21, NDT - 1)].append((p, "vaccine_due", p_due[p]))
        if not young_now and p_young_series[p]:
            p_young_series[p] = False
            if not p_neut_t[p] < t and rng.random() < 0.65:
                book(p, t + 1200, clinic_hours(d + int(rng.uniform(60, 150))), "surgery")
        if young_now:
            p_young_series[p] = True
    if reason == "vaccination" and o_plan[p_owner[p]]:
        book(p, t + 1500, clinic_hours(d + 182), "plan_check")
    # prescriptions
    for code in codes[:1]:
        if code in ("ARTHRITIS", "CKD", "ATOPIC_DERM") and rng.random() < 0.9:
            drug = {"ARTHRITIS": "carprofen", "CKD": "benazepril", "ATOPIC_DERM": "oclacitinib"}[code]
            RX.append((p, vi, drug, 30, 5, t + 900))
            fill_bucket[min(d + int(30 * np.exp(0.05 - 0.1 * o_c[p_owner[p]] + rng.normal(0, 0.15))), NDT - 1)].append(
                (len(RX) - 1, 5)
            )
        elif code in ("GI", "SKIN", "OTITIS", "INJURY", "RESP", "URINARY") and rng.random() < 0.45:
            drug = {
                "GI": "maropitant",
                "SKIN": "cefalexin",
                "OTITIS": "otic_drops",
                "INJURY": "meloxicam",
                "RESP": "doxycycline",
                "URINARY": "amoxicillin",
            }[code]
            RX.append((p, vi, drug, int(rng.choice([7, 10, 14])), 0, t + 900))
    if chronic and reason == "illness" and codes[0] in ("ARTHRITIS", "CKD", "ATOPIC_DERM") and rng.random() < 0.7:
        book(p, t + 1800, clinic_hours(d + int(rng.uniform(30, 90))), "recheck")
    return vi, nvax


# initial vaccine due dates
for p in range(NP):
    if pre[p] and VACC[p_sp[p]]:
        due = rng.uniform(-60, 365)
        p_due[p] = due
        rem_bucket[int(due) - 21 if due >= 21 else int(rng.integers(0, 30))].append((p, "vaccine_due", due))

INV = []  # (visit, t_issued, base)
illness_rate = 1.3 / 365 * np.array([1.0, 0.7, 0.8, 0.6])[p_sp] * np.where(p_ins, 1.5, 1.0)

for d in range(ND):
    t0 = d * DAY
    age = (t0 - p_birth) / DAY / YEAR
    live = (p_reg <= t0) & (p_death > t0) & (o_lapse[p_owner] > t0)
    # owners: moving away and plans
    u = rng.random(NO)
    act = o_created <= t0
    mv = act & np.isinf(o_lapse) & (u < o_lapse_h)
    o_lapse[mv] = t0 + rng.uniform(0, DAY, mv.sum())
    u2 = rng.random(NO)
    join = act & ~o_plan & np.isinf(o_lapse) & (u2 < np.exp(0.5 * o_c) / 1500)
    quit_ = act & o_plan & (u2 < 1 / 900)
    for o in np.nonzero(join)[0]:
        o_plan[o] = True
        plan_ev.append((o, t0 + rng.uniform(0, DAY), True))
    for o in np.nonzero(quit_)[0]:
        o_plan[o] = False
        plan_ev.append((o, t0 + rng.uniform(0, DAY), False))
    # new pets: first vaccination booked at registration
    for p in np.nonzero((p_reg > t0) & (p_reg <= t0 + DAY))[0]:
        if VACC[p_sp[p]]:
            book(p, p_reg[p], clinic_hours(d + int(rng.integers(1, 8))), "vaccination")
        else:
            book(p, p_reg[p], clinic_hours(d + int(rng.integers(1, 8))), "wellness")
    # chronic onset
    u = rng.random(NP)
    h_arth = np.where(p_sp == 0, 1 / (365 * 8) * (age / 8) ** 2 * (1 + np.maximum(p_size, 0) * 0.5) * p_bc0**4, 0)
    h_ckd = np.where(p_sp == 1, 1 / (365 * 10) * (age / 10) ** 3, 0)
    on = live & (p_chronic == 0) & (u < h_arth + h_ckd)
    p_chronic[on] = np.where(p_sp[on] == 0, 1, 2)
    # deaths
    hd = 1 / (365 * p_life) * np.exp(3 * (age / p_life - 1)) * (1 + 3 * (p_chronic == 2)) + 1 / 20000
    die = live & (rng.random(NP) < hd)
    for p in np.nonzero(die)[0]:
        td = t0 + rng.uniform(8.5, 18) * 3600
        p_death[p] = td
        if rng.random() < 0.6:
            c = o_clinic[p_owner[p]]
            visit(p, -1, c, pick_vet(c, td), td - 600, "euthanasia")
        for i in future[p]:
            if A[i][4] > td:
                A[i][6] = min(A[i][6], td + rng.uniform(0, 1) * min(2 * DAY, A[i][4] - td))
    live &= ~die
    # owners that moved: their open appointments are cancelled
    for o in np.nonzero(mv)[0]:
        for p in np.nonzero(p_owner == o)[0]:
            for i in future[p]:
                if A[i][4] > o_lapse[o]:
                    A[i][6] = min(A[i][6], o_lapse[o] + rng.uniform(0, 1) * min(5 * DAY, A[i][4] - o_lapse[o]))
    # illness bookings (before today's appointments: some are for today)
    season = np.where(p_chronic == 3, 1 + 2.5 * SUMMER[d], 1.0) * np.where(XMAS[d] & (p_sp == 0), 1.8, 1.0)
    lam = illness_rate * (1 + 0.08 * np.maximum(age - 6, 0)) * np.where(p_chronic > 0, 2.5, 1.0) * season
    for p in np.nonzero(live & (rng.random(NP) < lam))[0]:
        bt = t0 + rng.uniform(7, 20) * 3600
        book(p, bt, clinic_hours(d + int(rng.choice([0, 1, 1, 2]))), "illness")
    # appointments due today
    for i in sched_bucket[d]:
        p, c, vet, bt, st, reason, ct = A[i]
        future[p].remove(i)
        if ct <= st or not alive(p, st):
            continue
        lead = (st - bt) / DAY
        z = (
            -2.4
            - 0.9 * o_c[p_owner[p]]
            + 0.02 * min(lead, 60)
            + 0.7 * (CHAN[c] == "none")
            - 0.4 * (CHAN[c] == "sms")
            + 0.4 * (reason in ("wellness", "vaccination", "plan_check"))
            + 0.3 * (DOW[d] == 0)
        )
        if rng.random() < sig(z):
            A[i].append("no_show")
            if reason == "vaccination" and VACC[p_sp[p]]:
                p_overdue[p] = True
                rem_bucket[min(d + 14, NDT - 1)].append((p, "vaccine_overdue", p_due[p]))
            continue
        A[i].append("completed")
        vi, nvax = visit(p, i, c, vet, st + rng.uniform(-600, 1800), reason)
        INV.append((vi, nvax))
    # reminders due today
    for p, kind, due in rem_bucket[d]:
        if not alive(p, t0) or p_reg[p] > t0 or p_due[p] != due:
            continue  # gone, or superseded by a newer vaccination
        o = p_owner[p]
        ch = CHAN[o_clinic[o]]
        REM.append((p, kind, "postcard" if ch == "none" else ch, t0 + rng.uniform(9, 11) * 3600))
        pb = sig(0.6 + 1.2 * o_c[o] + 1.0 * o_plan[o]) if kind == "vaccine_due" else sig(-0.3 + o_c[o])
        if rng.random() < pb:
            bt = t0 + (12 + rng.exponential(5 * 24)) * 3600
            book(p, bt, clinic_hours(int(bt // DAY) + int(np.clip(3 + rng.exponential(8), 3, 45))), "vaccination")
        elif kind == "vaccine_due":
            p_overdue[p] = True
            rem_bucket[min(max(int(p_due[p]) + 30, d + 7), NDT - 1)].append((p, "vaccine_overdue", due))
    # emergencies
    em = live & (
        rng.random(NP) < 0.12 / 365 * (1 + 0.1 * np.maximum(age - 8, 0)) * np.where(XMAS[d] & (p_sp == 0), 2, 1)
    )
    for p in np.nonzero(em)[0]:
        c = o_clinic[p_owner[p]]
        te = t0 + rng.uniform(0, DAY)
        vi, nvax = visit(p, -1, c, pick_vet(c, te), te, "emergency")
        INV.append((vi, nvax))
    # refills due today
    for rx, left in fill_bucket[d]:
        p = RX[rx][0]
        if not alive(p, t0):
            continue
        FILL.append((rx, t0 + rng.uniform(8, 20) * 3600))
        if left > 1:
            nd = d + int(30 * np.exp(0.05 - 0.1 * o_c[p_owner[p]] + rng.normal(0, 0.15)))
            fill_bucket[min(nd, NDT - 1)].append((rx, left - 1))

# euthanasia visits are invoiced too
for vi, v in enumerate(V):
    if v[5] == "euthanasia":
        INV.append((vi, 0))

# ---------------- derived draws (all before any cut)
NA = len(A)
A_p = np.array([a[0] for a in A])
A_c = np.array([a[1] for a in A])
A_v = np.array([a[2] for a in A])
A_bt = np.array([a[3] for a in A])
A_st = np.array([a[4] for a in A])
A_reason = np.array([a[5] for a in A], dtype=object)
A_ct = np.array([a[6] for a in A])
A_out = np.array([a[7] if len(a) > 7 else "" for a in A], dtype=object)
A_checkin = np.full(NA, np.nan)
NVI = len(V)
V_p = np.array([v[0] for v in V])
V_a = np.array([v[1] for v in V])
V_vet = np.array([v[2] for v in V])
V_c = np.array([v[3] for v in V])
V_t = np.array([v[4] for v in V])
V_reason = np.array([v[5] for v in V], dtype=object)
A_checkin[V_a[V_a >= 0]] = V_t[V_a >= 0] - rng.uniform(60, 900, (V_a >= 0).sum())
V_w = np.array([true_w(p, t) for p, t in zip(V_p, V_t, strict=True)]) * rng.normal(1, 0.02, NVI)
V_temp = np.round(np.where(V_reason == "illness", 38.9, 38.5) + rng.normal(0, 0.4, NVI), 1)
V_temp = np.where(rng.random(NVI) < 0.05, np.nan, V_temp)
V_room = rng.choice(["R1", "R2", "R3", "R4"], NVI)

inv_v = np.array([x[0] for x in INV])
inv_nvax = np.array([x[1] for x in INV])
NI = len(INV)
BASE = {
    "wellness": 55,
    "vaccination": 60,
    "plan_check": 45,
    "illness": 120,
    "recheck": 80,
    "emergency": 380,
    "surgery": 260,
    "euthanasia": 250,
}
inv_base = np.array([BASE[V_reason[v]] for v in inv_v], float)
inv_amt = inv_base * v_thor[V_vet[inv_v]] * np.exp(rng.normal(0, 0.3, NI)) + 35 * inv_nvax
inv_issued = V_t[inv_v] + rng.uniform(900, 5400, NI)
inv_owner = p_owner[V_p[inv_v]]
inv_c = o_c[inv_owner]
inv_paid = inv_issued + rng.exponential(8, NI) * DAY * np.where(inv_c < -1, 3, 1)
inv_wo = rng.random(NI) < 0.04
inv_paid = np.where(inv_wo, np.inf, inv_paid)
ordr = np.argsort(inv_issued, kind="stable")


def plan_at(o, t):
    p = o_plan0[o]
    for _o, te, val in plan_by_o.get(o, []):
        if te <= t:
            p = val
    return p


plan_by_o = {}
for o, te, val in plan_ev:
    plan_by_o.setdefault(o, []).append((o, te, val))
wellness = np.isin(V_reason[inv_v], ["wellness", "vaccination", "plan_check"])
disc = np.array([plan_at(o, t) for o, t in zip(inv_owner, inv_issued, strict=True)]) & wellness
inv_amt = np.round(np.where(disc, 0.9, 1.0) * inv_amt, 2)

NX = len(VAX)
X_p = np.array([x[0] for x in VAX])
X_v = np.array([x[1] for x in VAX])
X_name = np.array([x[2] for x in VAX], dtype=object)
X_t = np.array([x[3] for x in VAX])
X_due = np.array([x[4] for x in VAX])
X_lot = [f"L{rng.integers(1000, 9999)}" for _ in range(NX)]

NR = len(RX)
R_p = np.array([r[0] for r in RX])
R_v = np.array([r[1] for r in RX])
R_t = np.array([r[5] for r in RX])
NF = len(FILL)
F_rx = np.array([f[0] for f in FILL])
F_t = np.array([f[1] for f in FILL])
F_qty = np.array([RX[r][3] for r in F_rx])
F_chan = rng.choice(
    ["clinic", "online", "Online ", "ONLINE", "phone", "Clinic"], NF, p=[0.4, 0.3, 0.1, 0.05, 0.1, 0.05]
)

NM = len(REM)
appt_rem = np.isin(CHAN[A_c], ["sms", "email"]) & ((A_st - A_bt) >= 3 * DAY)
rem_t = A_st - 2 * DAY
appt_rem &= rem_t < A_ct
M_p = np.concatenate([np.array([r[0] for r in REM]), A_p[appt_rem]])
M_kind = np.concatenate([np.array([r[1] for r in REM], dtype=object), np.full(appt_rem.sum(), "appointment", object)])
M_chan = np.concatenate([np.array([r[2] for r in REM], dtype=object), CHAN[A_c[appt_rem]].astype(object)])
M_t = np.concatenate([np.array([r[3] for r in REM]), rem_t[appt_rem]])
mo = np.argsort(M_t, kind="stable")
M_p, M_kind, M_chan, M_t = M_p[mo], M_kind[mo], M_chan[mo], M_t[mo]
M_open = np.where(
    (M_chan == "email") & (rng.random(len(M_t)) < 0.55), M_t + rng.exponential(0.5, len(M_t)) * DAY, np.inf
)


# ---------------- tables as they stood at CUT
def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


clinics_out = clinics[c_open <= T]
vets = pd.DataFrame(
    {
        "vet_code": v_code,
        "clinic_id": v_clinic + 1,
        "full_name": [
            f"Dr {n}"
            for n in rng.choice(
                ["Patel", "Smith", "Jones", "Khan", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright"], NV
            )
        ],
        "specialty": v_spec,
        "years_exp": v_exp,
        "hired_on": ts(v_hired).date,
        "left_on": pd.Series(ts(known(v_left))).dt.date,
    }
)[v_hired <= T]

vk = V_t <= T
last_visit = pd.Series(V_t[vk]).groupby(V_p[vk]).max().reindex(range(NP)).to_numpy()
o_last = pd.Series(last_visit).groupby(p_owner).max().reindex(range(NO)).to_numpy()
owners = pd.DataFrame(
    {
        "owner_id": np.arange(1, NO + 1),
        "home_clinic_id": o_clinic + 1,
        "postcode": o_post,
        "email": o_email,
        "wellness_plan": np.where([plan_at(o, T) for o in range(NO)], "wellness", "none"),
        "created_at": ts(o_created),
        "last_visit_at": ts(o_last),
    }
)[o_created <= T]

# today's weight: the last one measured at or before CUT, else the one at registration
w_cut = np.array([true_w(p, max(p_reg[p], -5 * 365 * DAY)) for p in range(NP)]) * np.exp(rng.normal(0, 0.02, NP))
vo = np.argsort(np.where(vk, V_t, -np.inf), kind="stable")
vo = vo[vk[vo]]
lastw = pd.Series(V_w[vo]).groupby(V_p[vo]).last()  # in time order: the latest visit's
w_cut[lastw.index.to_numpy()] = lastw.to_numpy()
dead = p_death <= T
ref = np.where(np.isnan(last_visit), np.maximum(p_reg, 0), last_visit)
status = np.where(dead, "deceased", np.where(T - ref > 540 * DAY, "inactive", "active"))
pets = pd.DataFrame(
    {
        "pet_id": np.arange(10001, 10001 + NP),
        "owner_id": p_owner + 1,
        "name": p_name,
        "species": p_spelled,
        "breed": p_breed,
        "sex": p_sex,
        "birth_date": ts(p_birth).date,
        "neutered": p_neut_t <= T,
        "weight_kg": np.round(w_cut, 1),
        "insured": p_ins,
        "microchip": p_chip,
        "registered_at": ts(p_reg),
        "status": status,
        "deceased_at": ts(known(p_death)),
    }
)[p_reg <= T]

a_cancel_known = A_ct <= np.minimum(A_st, T)
a_status = np.where(a_cancel_known, "cancelled", np.where(A_st <= T, A_out, "booked"))
a_status = np.where(a_status == "", "cancelled", a_status)
appointments = pd.DataFrame(
    {
        "appt_id": np.arange(1, NA + 1),
        "pet_id": A_p + 10001,
        "clinic_id": A_c + 1,
        "vet_ref": v_code[A_v],
        "booked_at": ts(A_bt),
        "scheduled_for": ts(A_st),
        "reason": A_reason,
        "status": a_status,
        "checked_in_at": ts(known(A_checkin)),
        "cancelled_at": ts(np.where(a_cancel_known, A_ct, np.nan)),
    }
)[A_bt <= T]

visits = pd.DataFrame(
    {
        "visit_id": np.arange(1, NVI + 1),
        "appt_ref": np.where(V_a >= 0, (V_a + 1).astype(str), None),
        "pet_id": V_p + 10001,
        "attending_vet": v_code[V_vet],
        "clinic_id": V_c + 1,
        "visit_at": ts(V_t),
        "reason": V_reason,
        "weight_kg": np.round(V_w, 2),
        "temp_c": V_temp,
        "room": V_room,
    }
)[vk]

D_v = np.array([x[0] for x in DX])
diagnoses = pd.DataFrame(
    {
        "visit_id": D_v + 1,
        "seq": [x[2] for x in DX],
        "code": [x[1] for x in DX],
        "diagnosed_at": ts(V_t[D_v] + 300),
    }
)[V_t[D_v] + 300 <= T]

pk = known(inv_paid)
wo_t = inv_issued + 120 * DAY
inv_status = np.where(~np.isnan(pk), "paid", np.where(inv_wo & (wo_t <= T), "written_off", "open"))
rank = np.empty(NI, int)
rank[ordr] = np.arange(NI)
invoices = pd.DataFrame(
    {
        "invoice_no": [f"INV-{i + 1:06d}" for i in rank],
        "visit_id": inv_v + 1,
        "owner_id": inv_owner + 1,
        "issued_at": ts(inv_issued),
        "amount": inv_amt,
        "status": inv_status,
        "paid_at": ts(pk),
    }
).iloc[ordr]
invoices = invoices[inv_issued[ordr] <= T]

vaccinations = pd.DataFrame(
    {
        "vacc_id": np.arange(1, NX + 1),
        "pet_id": X_p + 10001,
        "visit_id": X_v + 1,
        "vaccine": X_name,
        "given_at": ts(X_t),
        "next_due_on": ts(X_due).date,
        "lot_no": X_lot,
    }
)[X_t <= T]

fill_known = F_t <= T
used = np.bincount(F_rx[fill_known], minlength=NR)
prescriptions = pd.DataFrame(
    {
        "rx_id": np.arange(1, NR + 1),
        "visit_id": R_v + 1,
        "pet_id": R_p + 10001,
        "drug": [r[2] for r in RX],
        "days_supply": [r[3] for r in RX],
        "refills_allowed": [r[4] for r in RX],
        "refills_remaining": np.array([r[4] for r in RX]) - used,
        "prescribed_at": ts(R_t),
    }
)[R_t <= T]

refills = pd.DataFrame(
    {
        "refill_id": np.arange(1, NF + 1),
        "rx_id": F_rx + 1,
        "filled_at": ts(F_t),
        "quantity": F_qty,
        "channel": F_chan,
    }
)[fill_known]

reminders = pd.DataFrame(
    {
        "reminder_id": np.arange(1, len(M_t) + 1),
        "pet_id": M_p + 10001,
        "kind": M_kind,
        "channel": M_chan,
        "sent_at": ts(M_t),
        "opened_at": ts(known(M_open)),
    }
)[M_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE clinics (clinic_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, region VARCHAR,
                      reminder_channel VARCHAR, opened_on DATE);
CREATE TABLE vets (vet_code VARCHAR PRIMARY KEY, clinic_id INTEGER REFERENCES clinics(clinic_id), full_name VARCHAR,
                   specialty VARCHAR, years_exp INTEGER, hired_on DATE, left_on DATE);
CREATE TABLE owners (owner_id INTEGER PRIMARY KEY, home_clinic_id INTEGER REFERENCES clinics(clinic_id),
                     postcode VARCHAR, email VARCHAR, wellness_plan VARCHAR, created_at TIMESTAMP,
                     last_visit_at TIMESTAMP);
CREATE TABLE pets (pet_id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES owners(owner_id), name VARCHAR,
                   species VARCHAR, breed VARCHAR, sex VARCHAR, birth_date DATE, neutered BOOLEAN, weight_kg DOUBLE,
                   insured BOOLEAN, microchip VARCHAR, registered_at TIMESTAMP, status VARCHAR,
                   deceased_at TIMESTAMP);
CREATE TABLE appointments (appt_id INTEGER PRIMARY KEY, pet_id INTEGER, clinic_id INTEGER, vet_ref VARCHAR,
                           booked_at TIMESTAMP, scheduled_for TIMESTAMP, reason VARCHAR, status VARCHAR,
                           checked_in_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, appt_ref VARCHAR, pet_id INTEGER, attending_vet VARCHAR,
                     clinic_id INTEGER, visit_at TIMESTAMP, reason VARCHAR, weight_kg DOUBLE, temp_c DOUBLE,
                     room VARCHAR);
CREATE TABLE diagnoses (visit_id INTEGER, seq INTEGER, code VARCHAR, diagnosed_at TIMESTAMP);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, visit_id INTEGER, owner_id INTEGER, issued_at TIMESTAMP,
                       amount DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE vaccinations (vacc_id INTEGER PRIMARY KEY, pet_id INTEGER, visit_id INTEGER, vaccine VARCHAR,
                           given_at TIMESTAMP, next_due_on DATE, lot_no VARCHAR);
CREATE TABLE prescriptions (rx_id INTEGER PRIMARY KEY, visit_id INTEGER, pet_id INTEGER, drug VARCHAR,
                            days_supply INTEGER, refills_allowed INTEGER, refills_remaining INTEGER,
                            prescribed_at TIMESTAMP);
CREATE TABLE refills (refill_id INTEGER PRIMARY KEY, rx_id INTEGER, filled_at TIMESTAMP, quantity INTEGER,
                      channel VARCHAR);
CREATE TABLE reminders (reminder_id INTEGER PRIMARY KEY, pet_id INTEGER, kind VARCHAR, channel VARCHAR,
                        sent_at TIMESTAMP, opened_at TIMESTAMP);
""")
for name, df in [
    ("clinics", clinics_out),
    ("vets", vets),
    ("owners", owners),
    ("pets", pets),
    ("appointments", appointments),
    ("visits", visits),
    ("diagnoses", diagnoses),
    ("invoices", invoices),
    ("vaccinations", vaccinations),
    ("prescriptions", prescriptions),
    ("refills", refills),
    ("reminders", reminders),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
