"""An animal shelter network (shelters, animals with intakes and returns, medical records, foster homes and
placements, adopters, adoption applications decided later, adoptions with returns, volunteers and their shifts booked
ahead), seeded: `python benchmarks/trials/shelter.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial
(2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 8 shelters, 11,607 animals, 12,826
intakes (1,219 returns), 54,875 medical records, 220 foster homes, 1,589 placements, 15,766 adopters, 20,839 applications,
11,176 adoptions (10.9% returned), 650 volunteers, 59,512 shifts (about 194k rows, 6 s).

The simulation runs day by day over 2022-07-01..NOW; the snapshot is taken at NOW = 2024-12-31 23:59:59. Rows
dated after NOW exist only where written ahead: shifts.shift_start (a shift is booked 1-14 days ahead, booked_at is
when it was written). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- shelters (8): weekend_hours ('yes' for 4) x1.35 applications on Sat/Sun (x1.1 over the week); has_clinic
  ('Y'/'N') makes spay/neuter and treatments 40% cheaper; coordinator (TRUE for 4) halves volunteer lapse hazard;
  intake base rate U(0.9, 1.8)/day; region is noise; current_occupancy TODAY's (animals in care at the snapshot)
- intakes: Poisson per shelter-day x species season: cats x(1 + 1.6 kitten season, a bump around mid-June, sd 40
  days), dogs x(1 + .2 summer); species dog .45 / cat .42 / rabbit .08 / other .05; intake_type stray .5 /
  surrender .35 / transfer .15, stored MESSY ('Stray', 'stray', 'STRAY', 'Owner Surrender', 'surrender',
  'Transfer In', 'transfer'); a return of an adopted animal is a new intake of the same animal ('Return')
- animals: adoptability a (hidden) = species (dog 0, cat -.1, rabbit -.6, other -.8) + age (young < 6 months
  +.8, adult 0, senior > 96 months -1.0) + condition (healthy 0, minor -.2, treatable -.6, serious -1.2) + popular
  breed +.3 + N(0, .5); behaviour issues b (hidden, p .15 for surrenders, .08 else) -.4 on a and raises returns;
  species stored MESSY ('Dog', 'dog', 'DOG', 'Canine', 'Cat', 'cat', 'Feline', ...); color and microchip noise;
  status TODAY's ('in_shelter', 'in_foster', 'adopted', 'transferred', 'euthanized', 'died'); outcome_at filled in
  later; days_in_care TODAY's (counted to the snapshot or the outcome)
- applications (app_no VARCHAR 'APP-000123', the text key): per available animal-day .05 x exp(a) x weekend
  factor x season (Dec x1.5, Jul-Aug x1.2, Jan-Feb x.8) x .7 in foster, none in the first 3 days (stray hold);
  adopter new (.75) or an existing one; decided 1 + Poisson(3) days later: withdrawn p .08, else approved p
  sigmoid(1.0 + 1.2 q) (q adopter quality, hidden), else denied; an approved application on an animal already gone
  is 'closed'; status TODAY's ('pending' until decided), decided_at filled in later
- adoptions: the first approved application adopts (0-2 days after the decision); app_no NULL for a foster home
  adopting its foster (foster fail); fee by species (dog 150, cat 90, rabbit 40, other 30), senior -50%; returned
  with p sigmoid(-2.6 + .9 r + 1.2 b + .4 (dog and no yard)) (r adopter return risk, hidden) Exp(25) days
  later (capped 180): returned_at and return_reason filled in later, and the animal is taken in again (a -.3)
- adopters: created_at at their first application; household, has_yard matter (above); zip noise; email NULL 20%;
  total_adoptions TODAY's (a counter kept up to date)
- fosters (220 homes): young (< 4 months) or treatable/serious animals go to a foster with free capacity at their
  shelter with p .6, 1-5 days after intake; placement lasts Exp(25) (young) / Exp(35) days, ends 'returned' or
  'adopted' (adopted from foster), or 'foster_fail' with p .12 x attach (the home adopts); foster homes quit with
  hazard 1/400 (left_at filled in later, active TODAY's); placements_count TODAY's
- medical_records: exam at intake, vaccines (dog DHPP + rabies, cat FVRCP + rabies, rabbit RHDV2), spay/neuter 5-20
  days in (p .7 strays, .4 others), treatments by condition (minor 1-2, treatable 3-6 over 40 days, serious 4-10 over
  60), a booster 21 days in for the young; only those performed before the animal leaves are written; record_type
  MESSY ('Vaccination', 'vaccination', 'VACCINE', 'vax', 'Treatment', 'treatment', 'Spay/Neuter', 'spay_neuter',
  'Exam', 'exam'); cost LogNormal x clinic; vet_initials noise
- outcomes besides adoption: serious animals euthanized with hazard .005/day; death .0003/day; transfer out
  with hazard .004/day after 45 days in care
- volunteers (650, volunteer_code VARCHAR 'VOL-0001' the text key): engagement e ~ N(0, 1) (hidden); 300 joined
  before the span (60% active at its start), 350 during; an active volunteer books a shift with p (1/7) x 1.1 exp(.5 e) x season (Jun-Aug
  1.3, Dec 1.4, Jan .8) a day; lapses with hazard 1/300 x exp(-.7 e) x (.5 with a coordinator), comes back 1/250;
  status TODAY's ('active' with a completed shift in the last 60 days or one booked ahead, else 'inactive'),
  total_hours and last_shift_at TODAY's; skill_level noise
- shifts: booked 1-14 days ahead; a lapse cancels booked shifts with p .7 (cancelled_at), else they are no-shows;
  no-show p sigmoid(-2.6 - .8 e) (+.5 in January); status TODAY's ('scheduled', 'completed', 'no_show',
  'cancelled'); checked_in_at and hours filled in later (at the shift's end); task MESSY
- keys: PK declared on shelters, animals, intakes, medical_records, fosters, foster_placements, adopters,
  applications (app_no VARCHAR), adoptions, volunteers (volunteer_code VARCHAR), shifts; REFERENCES only animals ->
  shelters, fosters -> shelters, volunteers -> shelters, applications -> adopters. Undeclared: intakes (animal_id,
  shelter_id), medical_records.animal_id, foster_placements (animal_id, foster_id), applications.animal_id,
  adoptions (animal_id, adopter_id, app_no -> applications.app_no, shelter_id), shifts (volunteer_ref ->
  volunteers.volunteer_code, shelter_id)
- `python shelter.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state,
  counter and filled-later column is as it stood at DATE
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2022-07-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
NDT = ND + 400
T = (CUT - START).total_seconds()
INF = np.inf


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def sig(x):
    return 1 / (1 + np.exp(-x))


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


days = pd.date_range(START, periods=NDT, freq="D")
DOY = days.day_of_year.values
DOW = days.day_of_week.values
MON = days.month.values
KITTEN = np.exp(-(((DOY - 165) / 40.0) ** 2))
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 200) / 365), 0, None)
APP_SEASON = np.select([MON == 12, (MON == 7) | (MON == 8), MON <= 2], [1.5, 1.2, 0.8], 1.0)
VOL_SEASON = np.select([MON == 12, (MON >= 6) & (MON <= 8), MON == 1], [1.4, 1.3, 0.8], 1.0)

# ---------------- shelters
NS = 8
S_city = np.array(["Portland", "Portland", "Salem", "Eugene", "Bend", "Medford", "Corvallis", "Gresham"])
S_weekend = np.array([1, 0, 1, 0, 1, 0, 1, 0], bool)
S_clinic = np.array([1, 1, 0, 0, 1, 0, 0, 1], bool)
S_coord = np.array([1, 0, 0, 1, 1, 0, 1, 0], bool)
S_rate = rng.uniform(0.9, 1.8, NS)
S_cap = rng.integers(40, 120, NS)
S_region = rng.choice(["north", "south", "central"], NS)
S_open = np.array([secs("2005-01-01") + rng.uniform(0, 5000) * DAY for _ in range(NS)])

# ---------------- adopters (latent pool; rows created at their first application)
MAXAD = 30000
AD_q = rng.normal(0, 1, MAXAD)
AD_r = rng.normal(0, 1, MAXAD)
AD_house = rng.choice(["single", "couple", "family", "Family", "roommates"], MAXAD, p=[0.3, 0.3, 0.3, 0.05, 0.05])
AD_yard = rng.random(MAXAD) < 0.5
AD_zip = rng.integers(97001, 97499, MAXAD)
AD_email = rng.random(MAXAD) < 0.2
AD_created = np.full(MAXAD, INF)
n_ad = 0

# ---------------- foster homes
NF = 220
F_shelter = rng.integers(0, NS, NF)
F_joined = np.where(rng.random(NF) < 0.6, rng.uniform(-1500, -1, NF), rng.uniform(0, ND - 30, NF)) * DAY
F_cap = rng.choice([1, 2, 3], NF, p=[0.5, 0.35, 0.15])
F_attach = rng.uniform(0, 2, NF)
F_left = F_joined + rng.exponential(400, NF) * DAY
F_left = np.where(F_left > (ND + 300) * DAY, INF, F_left)
F_exp = rng.choice(["new", "experienced", "Experienced", "expert"], NF, p=[0.4, 0.35, 0.1, 0.15])
F_load = np.zeros(NF, int)

# ---------------- animals
MAXA = 20000
SPN = np.array(["dog", "cat", "rabbit", "other"])
SPELL = {
    0: (["Dog", "dog", "DOG", "Canine"], [0.6, 0.25, 0.1, 0.05]),
    1: (["Cat", "cat", "Feline", "CAT"], [0.6, 0.25, 0.1, 0.05]),
    2: (["Rabbit", "rabbit"], [0.7, 0.3]),
    3: (["Other", "guinea pig", "Bird", "ferret"], [0.4, 0.3, 0.2, 0.1]),
}
BREEDS = {
    0: (["Pit Bull Mix", "Labrador Mix", "Chihuahua", "German Shepherd", "Husky", "Beagle", "Mixed"], [1, 0, 0, 0, 0]),
    1: (["Domestic Shorthair", "Domestic Longhair", "Siamese", "Maine Coon", "Tabby"], [0, 0, 1, 1, 0]),
    2: (["Lop", "Rex", "Dutch"], [1, 0, 0]),
    3: (["Unknown"], [0]),
}
AN_sp = np.zeros(MAXA, int)
AN_shelter = np.zeros(MAXA, int)
AN_a = np.zeros(MAXA)
AN_b = np.zeros(MAXA, bool)
AN_age = np.zeros(MAXA)
AN_cond = np.zeros(MAXA, int)
AN_breed = np.empty(MAXA, object)
AN_spelled = np.empty(MAXA, object)
AN_first = np.full(MAXA, INF)
AN_state = np.zeros(MAXA, int)  # 0 none, 1 shelter, 2 foster, 3 adopted, 4 transferred, 5 euthanized, 6 died
AN_since = np.zeros(MAXA)  # in care since (latest intake)
AN_place = np.full(MAXA, -1)  # open placement index
ST_EV = []  # (animal, t, state)
n_an = 0

IN = []  # intakes (animal, shelter, t, type, cond)
MED = []  # (animal, t, kind, item, cost)
PL = []  # placements [animal, foster, start, planned_end, end_t, reason]
APP = []  # [adopter, animal, submitted_t, decide_t, outcome]
ADOPT = []  # [animal, adopter, app_idx, shelter, t, fee, return_t, return_reason]
decide_bucket = [[] for _ in range(NDT)]
place_end_bucket = [[] for _ in range(NDT)]
place_start_bucket = [[] for _ in range(NDT)]
return_bucket = [[] for _ in range(NDT)]
COND = np.array(["healthy", "minor", "treatable", "serious"])


def set_state(i, t, s):
    AN_state[i] = s
    ST_EV.append((i, t, s))


def medical(i, t0, sh, first):
    cm = 0.6 if S_clinic[sh] else 1.0
    MED.append((i, t0 + rng.uniform(1, 6) * 3600, "exam", "intake exam", 40 * np.exp(rng.normal(0, 0.1))))
    if not first:
        return
    sp = AN_sp[i]
    for v in {0: ["DHPP", "rabies"], 1: ["FVRCP", "rabies"], 2: ["RHDV2"], 3: []}[sp]:
        MED.append((i, t0 + rng.uniform(2, 30) * 3600, "vax", v, 25 * np.exp(rng.normal(0, 0.1))))
        if AN_age[i] < 6:
            MED.append((i, t0 + (21 + rng.uniform(0, 3)) * DAY, "vax", v + " booster", 25.0))
    if rng.random() < (0.7 if IN[-1][3] == 0 else 0.4) and sp <= 2:
        MED.append(
            (
                i,
                t0 + rng.uniform(5, 20) * DAY,
                "spay",
                "spay/neuter",
                cm * [180, 110, 70][sp] * np.exp(rng.normal(0, 0.15)),
            )
        )
    c = AN_cond[i]
    nt = [0, rng.integers(1, 3), rng.integers(3, 7), rng.integers(4, 11)][c]
    span = [1, 10, 40, 60][c]
    for _ in range(nt):
        MED.append(
            (
                i,
                t0 + rng.uniform(0, span) * DAY,
                "treat",
                rng.choice(["antibiotics", "wound care", "dental", "deworming", "surgery", "fluids"]),
                cm * np.exp(rng.normal(np.log(150), 0.6)),
            )
        )


def intake(i, t, sh, typ, first):
    IN.append((i, sh, t, typ, AN_cond[i]))
    AN_shelter[i] = sh
    AN_since[i] = t
    set_state(i, t, 1)
    medical(i, t, sh, first)
    young_or_sick = AN_age[i] < 4 or AN_cond[i] >= 2
    if first and young_or_sick and rng.random() < 0.6:
        d = int(t // DAY) + int(rng.integers(1, 6))
        place_start_bucket[min(d, NDT - 1)].append(i)


def new_animal(t, sh, d):
    global n_an
    i = n_an
    n_an += 1
    w = np.array([0.45, 0.42 * (1 + 1.6 * KITTEN[d]), 0.08, 0.05 * (1 + 0.3 * SUMMER[d])])
    sp = rng.choice(4, p=w / w.sum())
    AN_sp[i] = sp
    young = rng.random() < (0.25 + 0.5 * KITTEN[d] * (sp == 1))
    AN_age[i] = rng.uniform(1, 6) if young else (rng.uniform(97, 180) if rng.random() < 0.15 else rng.uniform(6, 96))
    AN_cond[i] = rng.choice(4, p=[0.55, 0.25, 0.15, 0.05])
    names, pop = BREEDS[sp]
    k = rng.integers(len(names))
    AN_breed[i] = names[k]
    sn, sw = SPELL[sp]
    AN_spelled[i] = rng.choice(sn, p=sw)
    typ = rng.choice(3, p=[0.5, 0.35, 0.15])
    AN_b[i] = rng.random() < (0.15 if typ == 1 else 0.08)
    AN_a[i] = (
        [0, -0.1, -0.6, -0.8][sp]
        + (0.8 if AN_age[i] < 6 else (-1.0 if AN_age[i] > 96 else 0))
        + [0, -0.2, -0.6, -1.2][AN_cond[i]]
        + 0.3 * (pop[k] if k < len(pop) else 0)
        - 0.4 * AN_b[i]
        + rng.normal(0, 0.5)
    )
    AN_first[i] = t
    intake(i, t, sh, typ, True)


def pick_adopter(t):
    global n_ad
    if n_ad > 50 and rng.random() < 0.25:
        j = rng.integers(n_ad)
        return int(j)
    j = n_ad
    n_ad += 1
    AD_created[j] = t
    return j


def end_placement(i, t, reason):
    k = AN_place[i]
    if k < 0:
        return
    PL[k][4] = t
    PL[k][5] = reason
    F_load[PL[k][1]] -= 1
    AN_place[i] = -1


def adopt(i, j, ai, t):
    end_placement(i, t, "adopted" if ai is not None else "foster_fail")
    set_state(i, t, 3)
    sp = AN_sp[i]
    fee = [150, 90, 40, 30][sp] * (0.5 if AN_age[i] > 96 else 1.0)
    pr = sig(-2.6 + 0.9 * AD_r[j] + 1.2 * AN_b[i] + 0.4 * (sp == 0 and not AD_yard[j]))
    rt = t + (1 + min(rng.exponential(25), 180)) * DAY + rng.uniform(0, 8) * 3600 if rng.random() < pr else INF
    rr = (
        rng.choice(["behavior", "Behavior", "landlord", "allergies", "too much energy"])
        if AN_b[i]
        else rng.choice(["landlord", "allergies", "moving", "other", "too much energy"])
    )
    ADOPT.append([i, j, ai, AN_shelter[i], t, fee, rt, rr])
    if rt < INF:
        return_bucket[min(int(rt // DAY), NDT - 1)].append((len(ADOPT) - 1, rt))


# ---------------- volunteers
NV = 650
V_shelter = rng.integers(0, NS, NV)
V_e = rng.normal(0, 1, NV)
V_joined = np.where(np.arange(NV) < 300, rng.uniform(-900, -1, NV), rng.uniform(0, ND - 20, NV)) * DAY
V_active = np.zeros(NV, bool)
V_pre_on = rng.random(NV) < 0.6
V_skill = rng.choice(["beginner", "intermediate", "advanced"], NV)
V_lapse_h = (1 / 300) * np.exp(-0.7 * V_e) * np.where(S_coord[V_shelter], 0.5, 1.0)
V_back_h = 1 / 250
SH = []  # [vol, shelter, booked_t, start_t, sched_hours, task, outcome]
open_shifts = [[] for _ in range(NV)]
TASKS = [
    "Dog Walking",
    "dog walking",
    "Cat Care",
    "cat care ",
    "Kennel Cleaning",
    "Adoption Events",
    "Front Desk",
    "front desk",
    "Laundry",
]

# ---------------- day loop
for d in range(ND):
    t0 = d * DAY
    # volunteers join / lapse / come back
    joining = (V_joined <= t0 + DAY) & ((V_joined > t0) | ((d == 0) & V_pre_on))
    V_active |= joining
    lapse = V_active & ~joining & (rng.random(NV) < V_lapse_h)
    back = ~V_active & (V_joined <= t0) & (rng.random(NV) < V_back_h)
    for v in np.nonzero(lapse)[0]:
        lt = t0 + rng.uniform(0, DAY)
        for k in open_shifts[v]:
            if SH[k][3] > lt and SH[k][6] is None:
                SH[k][6] = (
                    ("cancelled", lt + rng.uniform(0, 1) * (SH[k][3] - lt)) if rng.random() < 0.7 else ("no_show", None)
                )
    V_active = (V_active & ~lapse) | back
    pb = (1 / 7) * 1.1 * np.exp(0.5 * V_e) * VOL_SEASON[d]
    for v in np.nonzero(V_active & ((rng.random(NV) < pb) | joining))[0]:
        bt = max(t0 + rng.uniform(8, 22) * 3600, V_joined[v])
        st = (int(bt // DAY) + int(rng.integers(1, 15))) * DAY + rng.choice([9, 13, 17]) * 3600
        SH.append([v, V_shelter[v], bt, st, float(rng.choice([3, 4])), rng.choice(TASKS), None])
        open_shifts[v].append(len(SH) - 1)
        open_shifts[v] = [k for k in open_shifts[v] if SH[k][3] > t0]
    # intakes
    for sh in range(NS):
        lam = S_rate[sh] * (0.45 + 0.42 * (1 + 1.6 * KITTEN[d]) + 0.08 + 0.05) * (1 + 0.1 * SUMMER[d])
        for _ in range(rng.poisson(lam)):
            new_animal(t0 + rng.uniform(8, 18) * 3600, sh, d)
    # returns
    for k, rt in return_bucket[d]:
        i = ADOPT[k][0]
        AN_a[i] -= 0.3
        intake(i, rt, ADOPT[k][3], 3, False)
    # foster placements start
    for i in place_start_bucket[d]:
        if AN_state[i] != 1:
            continue
        sh = AN_shelter[i]
        ok = np.nonzero((F_shelter == sh) & (F_joined <= t0) & (F_left > t0) & (F_load < F_cap))[0]
        if not len(ok):
            continue
        f = int(rng.choice(ok))
        st = t0 + rng.uniform(10, 17) * 3600
        dur = rng.exponential(25 if AN_age[i] < 4 else 35) + 7
        PL.append([i, f, st, st + dur * DAY, INF, None])
        AN_place[i] = len(PL) - 1
        F_load[f] += 1
        set_state(i, st, 2)
        place_end_bucket[min(int((st + dur * DAY) // DAY), NDT - 1)].append(len(PL) - 1)
    # planned foster ends
    for k in place_end_bucket[d]:
        i, f = PL[k][0], PL[k][1]
        if AN_place[i] != k:
            continue
        te = PL[k][3]
        if rng.random() < 0.12 * F_attach[f]:
            j = pick_adopter(te)
            adopt(i, j, None, te)
        else:
            end_placement(i, te, "returned")
            set_state(i, te, 1)
    # applications
    avail = ((AN_state[:n_an] == 1) | (AN_state[:n_an] == 2)) & (AN_since[:n_an] < t0 - 3 * DAY)
    wk = np.where(S_weekend[AN_shelter[:n_an]], 1.35 if DOW[d] >= 5 else 1.0, 1.0)
    lam = 0.05 * np.exp(AN_a[:n_an]) * wk * APP_SEASON[d] * np.where(AN_state[:n_an] == 2, 0.7, 1.0)
    for i in np.nonzero(avail & (rng.random(n_an) < lam))[0]:
        st = t0 + rng.uniform(8, 21) * 3600
        j = pick_adopter(st)
        dd = d + 1 + rng.poisson(3)
        dt_ = dd * DAY + rng.uniform(9, 17) * 3600
        u = rng.random()
        out = "withdrawn" if u < 0.08 else ("approved" if rng.random() < sig(1.0 + 1.2 * AD_q[j]) else "denied")
        APP.append([j, i, st, dt_, out])
        decide_bucket[min(dd, NDT - 1)].append(len(APP) - 1)
    # decisions
    for k in sorted(decide_bucket[d], key=lambda k: APP[k][3]):
        j, i, st, dt_, out = APP[k]
        if out == "approved":
            if AN_state[i] in (1, 2):
                adopt(i, j, k, dt_ + rng.uniform(0, 2) * DAY)
            else:
                APP[k][4] = "closed"
    # other outcomes
    care = (AN_state[:n_an] == 1) | (AN_state[:n_an] == 2)
    h = 0.0003 + 0.01 * (AN_cond[:n_an] == 3) * 0.5 + 0.004 * (AN_since[:n_an] < t0 - 45 * DAY)
    for i in np.nonzero(care & (rng.random(n_an) < h))[0]:
        te = t0 + rng.uniform(9, 17) * 3600
        u = rng.random() * h[i]
        s = 5 if (AN_cond[i] == 3 and u < 0.005) else (4 if u > 0.0003 + 0.005 * (AN_cond[i] == 3) else 6)
        end_placement(i, te, "returned")
        set_state(i, te, s)

# ---------------- derived arrays (all draws before any cut)
NA = n_an
IN_a = np.array([x[0] for x in IN])
IN_s = np.array([x[1] for x in IN])
IN_t = np.array([x[2] for x in IN])
IN_type = np.array([x[3] for x in IN])
IN_cond = np.array([x[4] for x in IN])
TYPE_SPELL = [
    ["Stray", "stray", "STRAY"],
    ["Owner Surrender", "surrender", "Surrender"],
    ["Transfer In", "transfer"],
    ["Return"],
]
IN_typestr = np.array(
    [rng.choice(TYPE_SPELL[k], p=[[0.6, 0.3, 0.1], [0.6, 0.3, 0.1], [0.7, 0.3], [1.0]][k]) for k in IN_type],
    dtype=object,
)
IN_zip = np.where(IN_type == 0, rng.integers(97001, 97499, len(IN)).astype(str), None)

ev = pd.DataFrame(ST_EV, columns=["a", "t", "s"]).sort_values("t", kind="stable")


def state_at(t):
    e = ev[ev.t <= t].groupby("a").s.last()
    out = np.zeros(NA, int)
    out[e.index.to_numpy()] = e.to_numpy()
    return out


# the animal leaves care: first outcome after each intake; medical records only while in care
out_ev = ev[ev.s >= 3].sort_values("t")
out_t = out_ev.t.to_numpy()
out_a = out_ev.a.to_numpy()
stay_end = np.full(len(IN), INF)
for k in range(len(IN)):
    m = (out_a == IN_a[k]) & (out_t >= IN_t[k])
    if m.any():
        stay_end[k] = out_t[m][0]
M = pd.DataFrame(MED, columns=["a", "t", "kind", "item", "cost"])
# which stay each record belongs to: the latest intake of the animal at or before it
in_df = pd.DataFrame({"a": IN_a, "t": IN_t, "end": stay_end}).sort_values("t")
M = M.sort_values("t")
M = pd.merge_asof(M, in_df.rename(columns={"t": "it"}), left_on="t", right_on="it", by="a")
M = M[(M.t < M.end)].reset_index(drop=True)
KIND_SPELL = {
    "vax": (["Vaccination", "vaccination", "VACCINE", "vax"], [0.5, 0.3, 0.1, 0.1]),
    "treat": (["Treatment", "treatment", "TREATMENT"], [0.6, 0.3, 0.1]),
    "spay": (["Spay/Neuter", "spay_neuter", "spay-neuter"], [0.6, 0.3, 0.1]),
    "exam": (["Exam", "exam"], [0.7, 0.3]),
}
M_kind = np.array([rng.choice(KIND_SPELL[k][0], p=KIND_SPELL[k][1]) for k in M.kind], dtype=object)
M_vet = rng.choice(["JS", "KL", "MR", "AT", "BW", "PD"], len(M))

A_ = ADOPT
AD_a = np.array([x[0] for x in A_])
AD_j = np.array([x[1] for x in A_])
AD_app = np.array([-1 if x[2] is None else x[2] for x in A_])
AD_s = np.array([x[3] for x in A_])
AD_t = np.array([x[4] for x in A_])
AD_fee = np.array([x[5] for x in A_]) * np.where(MON[(AD_t // DAY).astype(int)] == 12, 0.75, 1.0)
AD_rt = np.array([x[6] for x in A_])
AD_rr = np.array([x[7] for x in A_], dtype=object)

AP_j = np.array([x[0] for x in APP])
AP_a = np.array([x[1] for x in APP])
AP_st = np.array([x[2] for x in APP])
AP_dt = np.array([x[3] for x in APP])
AP_out = np.array([x[4] for x in APP], dtype=object)
AP_order = np.argsort(AP_st, kind="stable")
AP_rank = np.empty(len(APP), int)
AP_rank[AP_order] = np.arange(len(APP))
AP_no = np.array([f"APP-{r + 1:06d}" for r in AP_rank], dtype=object)
AP_src = rng.choice(["web", "Web", "in person", "phone", "event"], len(APP))

PL_a = np.array([x[0] for x in PL])
PL_f = np.array([x[1] for x in PL])
PL_st = np.array([x[2] for x in PL])
PL_et = np.array([x[4] for x in PL])
PL_r = np.array([x[5] for x in PL], dtype=object)

SH_v = np.array([x[0] for x in SH])
SH_s = np.array([x[1] for x in SH])
SH_bt = np.array([x[2] for x in SH])
SH_st = np.array([x[3] for x in SH])
SH_h = np.array([x[4] for x in SH])
SH_task = np.array([x[5] for x in SH], dtype=object)
SH_pre = [x[6] for x in SH]
NSH = len(SH)
SH_ns = rng.random(NSH) < sig(-2.6 - 0.8 * V_e[SH_v] + 0.5 * (MON[np.minimum(SH_st // DAY, NDT - 1).astype(int)] == 1))
SH_out = np.array(
    [
        "no_show" if (p is not None and p[0] == "no_show") or ns else "completed"
        for p, ns in zip(SH_pre, SH_ns, strict=True)
    ],
    dtype=object,
)
SH_ct = np.array([p[1] if p is not None and p[0] == "cancelled" else INF for p in SH_pre])
SH_out = np.where(SH_ct < INF, "cancelled", SH_out)
SH_hours = np.round(SH_h * rng.normal(1, 0.1, NSH) * 4) / 4
SH_in = SH_st + rng.uniform(-10, 15, NSH) * 60
SH_end = SH_st + SH_hours * 3600
SH_done = SH_out == "completed"
AN_color = rng.choice(["black", "white", "brown", "tabby", "grey", "tricolor", "tan"], NA)
AN_chip = np.where(rng.random(NA) < 0.4, np.array([f"98510{rng.integers(10**9, 10**10)}" for _ in range(NA)]), None)
AN_name = rng.choice(["Buddy", "Luna", "Max", "Bella", "Rocky", "Daisy", "Oliver", "Milo", "Nala", "Ziggy"], NA)

# ---------------- tables as they stood at CUT
st_T = state_at(T)
S_NAME = [
    "" + S_city[k] + s
    for k, s in enumerate([" East", " West", " Valley", " Lane", " High Desert", " Rogue", " Benton", " Metro"])
]
shelters = pd.DataFrame(
    {
        "shelter_id": np.arange(1, NS + 1),
        "name": S_NAME,
        "city": S_city,
        "region": S_region,
        "capacity": S_cap,
        "weekend_hours": np.where(S_weekend, "yes", "no"),
        "has_clinic": np.where(S_clinic, "Y", "N"),
        "volunteer_coordinator": S_coord,
        "opened_on": ts(S_open).date,
        "current_occupancy": np.bincount(AN_shelter[:NA][(st_T == 1) | (st_T == 2)], minlength=NS),
    }
)

an_first = AN_first[:NA]
last_in = pd.Series(IN_t[IN_t <= T]).groupby(IN_a[IN_t <= T]).max().reindex(range(NA)).to_numpy()
ev_T = ev[ev.t <= T]
last_ev_t = ev_T.groupby("a").t.last().reindex(range(NA)).to_numpy()
STN = np.array(["", "in_shelter", "in_foster", "adopted", "transferred", "euthanized", "died"], dtype=object)
gone = st_T >= 3
care_end = np.where(gone, last_ev_t, T)
# shelter of the animal as of CUT: the latest intake's
sh_T = pd.Series(IN_s[IN_t <= T]).groupby(IN_a[IN_t <= T]).last().reindex(range(NA)).fillna(0).astype(int).to_numpy()
animals = pd.DataFrame(
    {
        "animal_id": np.arange(1, NA + 1),
        "shelter_id": sh_T + 1,
        "name": AN_name,
        "species": AN_spelled[:NA],
        "breed": AN_breed[:NA],
        "sex": rng.choice(["M", "F", "U"], NA, p=[0.48, 0.48, 0.04]),
        "age_months_at_intake": np.round(AN_age[:NA], 1),
        "condition_at_intake": COND[AN_cond[:NA]],
        "color": AN_color,
        "microchip": AN_chip,
        "first_intake_at": ts(an_first),
        "status": STN[st_T],
        "outcome_at": ts(np.where(gone, last_ev_t, np.nan)),
        "days_in_care": np.floor((care_end - np.nan_to_num(last_in, nan=0)) / DAY).astype(int),
    }
)[an_first <= T]

intakes = pd.DataFrame(
    {
        "intake_id": np.arange(1, len(IN) + 1),
        "animal_id": IN_a + 1,
        "shelter_id": IN_s + 1,
        "intake_at": ts(IN_t),
        "intake_type": IN_typestr,
        "condition": COND[IN_cond],
        "found_zip": IN_zip,
    }
)[IN_t <= T]

medical_records = pd.DataFrame(
    {
        "record_id": np.arange(1, len(M) + 1),
        "animal_id": M.a.to_numpy() + 1,
        "record_type": M_kind,
        "item": M.item.to_numpy(),
        "performed_at": ts(M.t.to_numpy()),
        "cost": np.round(M.cost.to_numpy(), 2),
        "vet_initials": M_vet,
    }
)[M.t.to_numpy() <= T]

pl_known = PL_st <= T
fosters = pd.DataFrame(
    {
        "foster_id": np.arange(1, NF + 1),
        "shelter_id": F_shelter + 1,
        "joined_at": ts(F_joined),
        "capacity": F_cap,
        "experience": F_exp,
        "active": F_left > T,
        "left_at": ts(known(F_left)),
        "placements_count": np.bincount(PL_f[pl_known], minlength=NF),
    }
)[F_joined <= T]

pe = known(PL_et)
foster_placements = pd.DataFrame(
    {
        "placement_id": np.arange(1, len(PL) + 1),
        "animal_id": PL_a + 1,
        "foster_id": PL_f + 1,
        "start_at": ts(PL_st),
        "end_at": ts(pe),
        "end_reason": np.where(np.isnan(pe), None, PL_r),
    }
)[pl_known]

ad_known = AD_t <= T
adopters = pd.DataFrame(
    {
        "adopter_id": np.arange(1, n_ad + 1),
        "created_at": ts(AD_created[:n_ad]),
        "household": AD_house[:n_ad],
        "has_yard": AD_yard[:n_ad],
        "zip": AD_zip[:n_ad].astype(str),
        "email": np.where(AD_email[:n_ad], None, np.array([f"adopter{k}@mail.example" for k in range(1, n_ad + 1)])),
        "total_adoptions": np.bincount(AD_j[ad_known], minlength=n_ad),
    }
)[AD_created[:n_ad] <= T]

ap_dec = AP_dt <= T
applications = pd.DataFrame(
    {
        "app_no": AP_no,
        "adopter_id": AP_j + 1,
        "animal_id": AP_a + 1,
        "submitted_at": ts(AP_st),
        "source": AP_src,
        "status": np.where(ap_dec, AP_out, "pending"),
        "decided_at": ts(known(AP_dt)),
    }
).iloc[AP_order]
applications = applications[AP_st[AP_order] <= T]

rt_k = known(AD_rt)
adoptions = pd.DataFrame(
    {
        "adoption_id": np.arange(1, len(A_) + 1),
        "animal_id": AD_a + 1,
        "adopter_id": AD_j + 1,
        "app_no": np.where(AD_app >= 0, AP_no[np.maximum(AD_app, 0)], None),
        "shelter_id": AD_s + 1,
        "adopted_at": ts(AD_t),
        "fee": np.round(AD_fee, 2),
        "returned_at": ts(rt_k),
        "return_reason": np.where(np.isnan(rt_k), None, AD_rr),
    }
)[ad_known]

sh_ended = SH_end <= T
done_T = SH_done & sh_ended
tot_h = np.bincount(SH_v[done_T], weights=SH_hours[done_T], minlength=NV)
last_sh = pd.Series(SH_st[done_T]).groupby(SH_v[done_T]).max().reindex(range(NV)).to_numpy()
ahead = (SH_bt <= T) & (SH_st > T) & ~(SH_ct <= T)
has_ahead = np.bincount(SH_v[ahead], minlength=NV) > 0
recent = T - np.nan_to_num(last_sh, nan=-1e12) <= 60 * DAY
volunteers = pd.DataFrame(
    {
        "volunteer_code": [f"VOL-{k:04d}" for k in range(1, NV + 1)],
        "shelter_id": V_shelter + 1,
        "joined_at": ts(V_joined),
        "skill_level": V_skill,
        "status": np.where(recent | has_ahead, "active", "inactive"),
        "total_hours": np.round(tot_h, 2),
        "last_shift_at": ts(last_sh),
    }
)[V_joined <= T]

sh_c = SH_ct <= T
sh_status = np.where(sh_c, "cancelled", np.where(SH_st <= T, SH_out, "scheduled"))
sh_status = np.where((sh_status == "completed") & ~sh_ended, "scheduled", sh_status)
sh_order = np.argsort(SH_bt, kind="stable")
sh_rank = np.empty(NSH, int)
sh_rank[sh_order] = np.arange(1, NSH + 1)
shifts = pd.DataFrame(
    {
        "shift_id": sh_rank,
        "volunteer_ref": np.array([f"VOL-{k + 1:04d}" for k in SH_v], dtype=object),
        "shelter_id": SH_s + 1,
        "booked_at": ts(SH_bt),
        "shift_start": ts(SH_st),
        "task": SH_task,
        "status": sh_status,
        "checked_in_at": ts(np.where(done_T, SH_in, np.nan)),
        "hours": np.where(done_T, SH_hours, np.nan),
        "cancelled_at": ts(np.where(sh_c, SH_ct, np.nan)),
    }
).iloc[sh_order]
shifts = shifts[SH_bt[sh_order] <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE shelters (shelter_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, region VARCHAR, capacity INTEGER,
                       weekend_hours VARCHAR, has_clinic VARCHAR, volunteer_coordinator BOOLEAN, opened_on DATE,
                       current_occupancy INTEGER);
CREATE TABLE animals (animal_id INTEGER PRIMARY KEY, shelter_id INTEGER REFERENCES shelters(shelter_id), name VARCHAR,
                      species VARCHAR, breed VARCHAR, sex VARCHAR, age_months_at_intake DOUBLE,
                      condition_at_intake VARCHAR, color VARCHAR, microchip VARCHAR, first_intake_at TIMESTAMP,
                      status VARCHAR, outcome_at TIMESTAMP, days_in_care INTEGER);
CREATE TABLE intakes (intake_id INTEGER PRIMARY KEY, animal_id INTEGER, shelter_id INTEGER, intake_at TIMESTAMP,
                      intake_type VARCHAR, condition VARCHAR, found_zip VARCHAR);
CREATE TABLE medical_records (record_id INTEGER PRIMARY KEY, animal_id INTEGER, record_type VARCHAR, item VARCHAR,
                              performed_at TIMESTAMP, cost DOUBLE, vet_initials VARCHAR);
CREATE TABLE fosters (foster_id INTEGER PRIMARY KEY, shelter_id INTEGER REFERENCES shelters(shelter_id),
                      joined_at TIMESTAMP, capacity INTEGER, experience VARCHAR, active BOOLEAN, left_at TIMESTAMP,
                      placements_count INTEGER);
CREATE TABLE foster_placements (placement_id INTEGER PRIMARY KEY, animal_id INTEGER, foster_id INTEGER,
                                start_at TIMESTAMP, end_at TIMESTAMP, end_reason VARCHAR);
CREATE TABLE adopters (adopter_id INTEGER PRIMARY KEY, created_at TIMESTAMP, household VARCHAR, has_yard BOOLEAN,
                       zip VARCHAR, email VARCHAR, total_adoptions INTEGER);
CREATE TABLE applications (app_no VARCHAR PRIMARY KEY, adopter_id INTEGER REFERENCES adopters(adopter_id),
                           animal_id INTEGER, submitted_at TIMESTAMP, source VARCHAR, status VARCHAR,
                           decided_at TIMESTAMP);
CREATE TABLE adoptions (adoption_id INTEGER PRIMARY KEY, animal_id INTEGER, adopter_id INTEGER, app_no VARCHAR,
                        shelter_id INTEGER, adopted_at TIMESTAMP, fee DOUBLE, returned_at TIMESTAMP,
                        return_reason VARCHAR);
CREATE TABLE volunteers (volunteer_code VARCHAR PRIMARY KEY, shelter_id INTEGER REFERENCES shelters(shelter_id),
                         joined_at TIMESTAMP, skill_level VARCHAR, status VARCHAR, total_hours DOUBLE,
                         last_shift_at TIMESTAMP);
CREATE TABLE shifts (shift_id INTEGER PRIMARY KEY, volunteer_ref VARCHAR, shelter_id INTEGER, booked_at TIMESTAMP,
                     shift_start TIMESTAMP, task VARCHAR, status VARCHAR, checked_in_at TIMESTAMP, hours DOUBLE,
                     cancelled_at TIMESTAMP);
""")
for name, df in [
    ("shelters", shelters),
    ("animals", animals),
    ("intakes", intakes),
    ("medical_records", medical_records),
    ("fosters", fosters),
    ("foster_placements", foster_placements),
    ("adopters", adopters),
    ("applications", applications),
    ("adoptions", adoptions),
    ("volunteers", volunteers),
    ("shifts", shifts),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
