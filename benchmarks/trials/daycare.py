"""A chain of childcare centres (centres, classrooms by age group, families, children who age up through the rooms,
daily attendance with check-in/check-out, absences some reported ahead, a waitlist with offers, monthly invoices with
payments and late fees, incident reports, staff and a shift rota published ahead), seeded:
`python benchmarks/trials/daycare.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 6 centres, 30 classrooms, 1,053 families, 568
children, 76.0k attendance rows, 11.0k absences, 983 waitlist entries, 5,212 invoices, 393 incidents, 154 staff,
27.1k shifts (about 122k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: children.enrolled_on (set at acceptance, 10+ days ahead) and
withdrawn_on (set at notice, 14-45 days ahead; for school leavers up to 3 months ahead), waitlist.requested_start
and child_birth_date (an expected due date for unborn children), absences.absence_date of vacations (reported 3-60
days ahead: an absence row exists from its reported_at), invoices.due_on (issue + 14 days), shifts.shift_date /
starts_at / ends_at (the rota is published 14 days ahead: a shift row exists from its published_at). Every other
column holding a later date of its row is filled in later.

Truth (seed 0):
- centres (6; centre 6 announced 2023-09-01 with opened_on set ahead): quality q ~ N(0, .5) hidden; accreditation 'gold' (q > .3) / 'silver' (q > -.3) / 'none', 20% of
  them flipped to a random value (a noisy parent attribute); fee_level 1.0 / 1.15 / .9 / 1.3 / 1.05 / 1.2 multiplies
  every fee; centre 6 opens 2024-03-04 empty and fills from its waitlist; region messy and noise
- classrooms (5 per centre): age_group 'infant' / 'toddler' / 'twos' / 'preschool' / 'pre-k' (age 0/1/2/3/4+ years),
  capacity 8 / 10 / 12 / 16 / 16; room_name noise
- families: reliability r ~ N(0, 1) (late payment), commitment s ~ N(0, 1) (withdrawal), eagerness e ~ N(0, 1)
  (accepting offers); payment_method direct debit .45 / card .35 / invoice .2, stored MESSY ('Direct Debit',
  'direct_debit', 'DD', 'card', 'Card ', 'CARD', 'invoice', 'Invoice'); subsidy TODAY's (on at start p .25 + .15
  when r < 0; switches on with hazard 1/900, off 1/600 per day); outstanding_balance TODAY's (open invoice amounts
  less paid); postcode, contact_name, billing_email (NULL 10%) noise; created_at = first application (or before)
- family withdrawal: a family with an attending child and no notice gives notice with hazard 1/1100 per day
  x exp(-.6 s) x exp(-.6 q_centre) x exp(2.5 (fee_level - 1.1)) if not subsidised x 4 within 60 days after losing
  its subsidy x 2 within 90 days after an injury incident of its child x 1.5 if r < -1.5 x 1.4 in Jun/Jul/Dec;
  all its attending children get withdrawn_on = notice day + U(14, 45) (a weekday), reason 'cost' (no subsidy or
  subsidy lost) / 'moving' / 'unhappy' (q < 0) / 'other'; children in their notice period are absent ('family')
  with p .12 a scheduled day
- school leavers: on June 1 every child aged >= 4.6 on Sep 1 gets notice U(0, 50) days later, withdrawn_on the
  last weekday of August, reason 'school' (the big yearly churn spike)
- children: child_ref TEXT key 'C-00042'; classroom_id TODAY's (recomputed by age on the 1st of every month, the
  last room for a withdrawn child); days_per_week 2 (.25) / 3 (.35) / 5 (.4) on fixed weekdays; sickness
  proneness h ~ LogNormal(0, .5); allergy noise; withdrawn_on, withdraw_reason, notice_given_at filled at notice
- attendance: on a scheduled open weekday (closed Dec 24 - Jan 1 and 6 bank holidays a year) a child attends unless
  sick (new illness with p .03 h x winter season (1 + .9 cos, peak mid-January) x 1.5 for infants/toddlers, lasting
  1-3 days), on vacation or absent for family/other reasons; check_in = the family's habit N(8.2 h, .5 h) +
  N(0, .25 h), check_out habit N(16.8 h, .6 h) + N(0, .3 h) (5-day children leave .4 h later)
- absences: one row per scheduled missed day; reason MESSY ('sick', 'Sick', 'SICK', 'ill', 'vacation', 'Holiday',
  'family', 'Family reasons', 'other', NULL); sick reported the same morning (15% never reported: reported_at NULL);
  vacations: each family plans Poisson(2.3) blocks a year of 3-10 weekdays, x3 in Jul/Aug and x2 in late Dec,
  reported 3-60 days ahead for every child attending at the report (rows of a child who has left by then stay)
- waitlist: applications Poisson .2 a day per centre (x1.5 in Jan and Sep), centre 6 .3 a day from 2023-10 until
  90 days after it opens; 20% siblings from an attending family, else a new family (created at the application);
  child_birth_date from 120 days ahead to 540 days before (p .7) or 400-1300 days before; requested_start 30-270 days ahead (at least 6 months of
  age); priority MESSY ('sibling', 'Sibling', 'SIBLING', 'standard', 'Standard ', 'std', 'staff'); an entry is
  withdrawn with hazard 1/400 a day x (1 + days past its requested start / 60); offers on a weekday for a free seat
  of the child's age group (sibling and staff first, then by application) within 45 days of the requested start;
  the family answers Exp(3) days later and accepts with p sigmoid(.8 + 1.5 sibling + .8 staff + .9 e
  - .006 days waited - 1.5 (fee_level - 1.1)); accepted -> a child row (created_at = accepted_at, enrolled_on
  = the later of requested_start and 10 days on); status TODAY's ('waiting', 'offered', 'accepted', 'declined',
  'withdrawn'); offered_at, accepted_at, declined_at, withdrawn_at filled in later
- invoices: on the 1st of each month for every family with a child attending or starting that month: the sum over
  children of base (1400 / 1250 / 1100 / 950 / 900 by age group) x days_per_week / 5 x fee_level, x .35 if subsidised
  then; paid after Exp(6 exp(-1.1 r)) days x (direct debit .3 / card 1 / invoice 1.8) x 1.6 in January (+1 day
  unless direct debit); half paid first when the delay passes 20 days (p .5); late_fee = 25 + 2% of the amount
  when not fully paid 30 days after issue (filled in then); amount_paid and status ('open', 'paid', 'overdue')
  TODAY's; paid_at filled in later
- incidents (no primary key): p .004 x exp(-.5 q) x (1.8 / 2.0 / 1.5 / 1 / .8 by age group) per attended day;
  kind MESSY ('minor injury', 'Minor Injury', 'bite', 'Bite', 'illness sent home', 'behaviour', 'behavior');
  injuries raise withdrawal (above); parent_notified_at filled in later (NULL 5%)
- staff (12 per centre: 2 per room, a director, a cook): leave with hazard 1/600 a day (left_on filled in later),
  replaced 14-40 days later; role MESSY; hourly_rate noise. shifts: published 14 days ahead for every staff member
  employed at publication (part-time .3: 3 days a week, else 5); status TODAY's ('scheduled', 'worked', 'sick',
  'cancelled' when the staff member left first); a worked shift's clock_in_at filled in later; a staff member is
  sick with p .02 x the winter season
- keys: PK declared on centres, classrooms, families, children (child_ref VARCHAR), staff, attendance, absences,
  waitlist, invoices, shifts; incidents has none. REFERENCES only classrooms -> centres, families -> centres,
  children -> families, staff -> centres. Undeclared: attendance (child_ref TEXT, classroom_id), absences
  (child_ref, classroom_id), incidents (child_ref, classroom_id), waitlist (family_id, centre_id), invoices
  (family_id), children (classroom_id, waitlist_id), shifts (staff_id, classroom_id)
- `python daycare.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state,
  kept-up-to-date and filled-later column is as it stood at DATE (exact)
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
HOUR = 3600.0
YEAR = 365.25
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
NDT = ND + 200


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def dates(x):
    return pd.Series(ts(x)).dt.date


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
DOW = days.day_of_week.values
MONTH = days.month.values
DOM = days.day.values
WINTER = 1 + 0.9 * np.cos(2 * np.pi * (days.day_of_year.values - 15) / 365)
BANK = {"01-02", "04-07", "05-01", "05-27", "08-26", "04-01", "05-06", "05-29", "08-28", "04-10", "03-29"}
CLOSED = np.array(
    [
        (m == 12 and dd >= 24) or (m == 1 and dd == 1) or f"{m:02d}-{dd:02d}" in BANK
        for m, dd in zip(MONTH, DOM, strict=True)
    ]
)
OPEN = (DOW < 5) & ~CLOSED


def weekday_on_or_after(d):
    d = int(d)
    while d < NDT - 1 and DOW[d] >= 5:
        d += 1
    return d


# ---------------- centres and classrooms
NCEN = 6
q = rng.normal(0, 0.5, NCEN)
accr = np.where(q > 0.3, "gold", np.where(q > -0.3, "silver", "none")).astype(object)
flip = rng.random(NCEN) < 0.2
accr[flip] = rng.choice(["gold", "silver", "none"], flip.sum())
FEE = np.array([1.0, 1.15, 0.9, 1.3, 1.05, 1.2])
cen_open_day = np.array([-int(rng.uniform(800, 4000)) for _ in range(NCEN)])
cen_open_day[5] = (pd.Timestamp("2024-03-04") - START).days
cen_created = cen_open_day * DAY
cen_created[5] = secs("2023-09-01 10:00")  # announced, with its opening date set ahead
GROUPS = ["infant", "toddler", "twos", "preschool", "pre-k"]
CAP = np.array([8, 10, 12, 16, 16])
BASE_FEE = np.array([1400, 1250, 1100, 950, 900.0])
centres = pd.DataFrame(
    {
        "centre_id": np.arange(1, NCEN + 1),
        "name": ["Little Acorns", "Sunny Days", "Kite Hill", "Maple House", "Riverside", "Orchard Lane"],
        "region": rng.choice(["North", "north", "NORTH ", "South", "south", "East"], NCEN),
        "capacity": np.full(NCEN, CAP.sum()),
        "accreditation": accr,
        "fee_level": FEE,
        "opened_on": [(START + pd.Timedelta(days=int(x))).date() for x in cen_open_day],
    }
)
ROOMS = ["Bumblebees", "Ladybirds", "Caterpillars", "Butterflies", "Owls", "Foxes", "Hedgehogs", "Squirrels"]
classrooms = pd.DataFrame(
    {
        "classroom_id": np.arange(1, 5 * NCEN + 1),
        "centre_id": np.repeat(np.arange(1, NCEN + 1), 5),
        "age_group": np.tile(GROUPS, NCEN),
        "room_name": rng.choice(ROOMS, 5 * NCEN),
        "capacity": np.tile(CAP, NCEN),
    }
)


def room_of(c, g):
    return c * 5 + g  # 0-based classroom index


# ---------------- families (allocated as they appear)
MF, MC, MW = 3000, 3000, 3000
f_centre = np.zeros(MF, int)
f_created = np.zeros(MF)
f_r = rng.normal(0, 1, MF)
f_s = rng.normal(0, 1, MF)
f_e = rng.normal(0, 1, MF)
f_pay = rng.choice(3, MF, p=[0.45, 0.35, 0.2])
f_sub0 = rng.random(MF) < 0.25 + 0.15 * (f_r < 0)
f_sub = f_sub0.copy()
f_sub_lost = np.full(MF, -1e9)
f_injury = np.full(MF, -1e9)
f_in = rng.normal(8.2, 0.5, MF)
f_out = rng.normal(16.8, 0.6, MF)
f_vac_rate = rng.gamma(4, 2.3 / 4, MF)
NF = 0
sub_ev = []  # (family, t, value)


def new_family(c, t):
    global NF
    f = NF
    NF += 1
    f_centre[f] = c
    f_created[f] = t
    return f


# ---------------- children (allocated as they appear)
c_fam = np.zeros(MC, int)
c_birth = np.zeros(MC)  # day
c_enroll = np.zeros(MC)  # day they start
c_created = np.zeros(MC)  # secs
c_withdraw = np.full(MC, np.inf)  # day
c_notice = np.full(MC, np.inf)  # secs
c_reason = np.full(MC, None, object)
c_dpw = rng.choice([2, 3, 5], MC, p=[0.25, 0.35, 0.4])
c_sched = np.zeros((MC, 5), bool)
for i in range(MC):
    if c_dpw[i] == 5:
        c_sched[i] = True
    else:
        c_sched[i, rng.choice(5, c_dpw[i], replace=False)] = True
c_h = np.exp(rng.normal(0, 0.5, MC))
c_allergy = rng.random(MC) < 0.08
c_grp = np.zeros(MC, int)
c_centre = np.zeros(MC, int)
c_wl = np.full(MC, -1)
c_sick_until = np.full(MC, -1)
c_name = rng.choice(["Ava", "Noah", "Mia", "Leo", "Isla", "Oscar", "Ivy", "Theo", "Freya", "Arlo", "Zara"], MC)
NCH = 0
VAC = np.zeros((MC, NDT), bool)


def age_at(i, d):
    return (d - c_birth[i]) / YEAR


def new_child(f, birth_day, enroll_day, created_t, wl=-1):
    global NCH
    i = NCH
    NCH += 1
    c_fam[i] = f
    c_birth[i] = birth_day
    c_enroll[i] = enroll_day
    c_created[i] = created_t
    c_centre[i] = f_centre[f]
    c_grp[i] = int(np.clip(np.floor(age_at(i, enroll_day)), 0, 4))
    c_wl[i] = wl
    return i


# initial population: rooms ~85-100% full at START
for c in range(NCEN - 1):
    fams_here = []
    for g in range(5):
        for _ in range(int(CAP[g] * rng.uniform(0.85, 1.0))):
            age = g + rng.uniform(0.05, 0.95)
            birth = -age * YEAR
            enroll = -rng.uniform(0.05, min(max(age - 0.45, 0.1), 3.0)) * YEAR
            if fams_here and rng.random() < 0.15:
                f = fams_here[rng.integers(len(fams_here))]
            else:
                f = new_family(c, 0)
                fams_here.append(f)
            ct = enroll * DAY - rng.uniform(10, 60) * DAY
            f_created[f] = min(f_created[f], ct - rng.uniform(20, 240) * DAY)
            new_child(f, birth, enroll, ct)

# ---------------- waitlist store
w_fam = np.zeros(MW, int)
w_centre = np.zeros(MW, int)
w_birth = np.zeros(MW)
w_applied = np.zeros(MW)
w_req = np.zeros(MW)
w_prio = np.zeros(MW, int)  # 0 standard 1 sibling 2 staff
w_state = np.zeros(MW, int)  # 0 waiting 1 offered 2 accepted 3 declined 4 withdrawn
w_offered = np.full(MW, np.inf)
w_answer = np.full(MW, np.inf)
w_withdrawn = np.full(MW, np.inf)
w_child = np.full(MW, -1)
NWL = 0


def apply(c, t, sibling_of=-1):
    global NWL
    k = NWL
    NWL += 1
    f = sibling_of if sibling_of >= 0 else new_family(c, t)
    d = t / DAY
    w_fam[k] = f
    w_centre[k] = c
    w_birth[k] = d - (rng.uniform(-120, 540) if rng.random() < 0.7 else rng.uniform(400, 1300))
    w_applied[k] = t
    w_req[k] = weekday_on_or_after(max(d + rng.uniform(30, 270), w_birth[k] + 0.5 * YEAR))
    w_prio[k] = 1 if sibling_of >= 0 else (2 if rng.random() < 0.04 else 0)
    return k


# backlog at START
for c in range(NCEN - 1):
    for _ in range(12):
        apply(c, -rng.uniform(5, 200) * DAY)

answer_bucket = [[] for _ in range(NDT)]
vac_report_bucket = [[] for _ in range(NDT)]
ATT = []  # arrays per day: (child idx array, day, check_in, check_out)
ABS = []  # (child, classroom, day, reason code, reported_t)
INC = []  # (child, classroom, t, kind, severity, notified_t)
INV = []  # (family, issue_t, amount, paid parts list)


def plan_vacations(f, year_start_day):
    """Vacation blocks for one family for the year from year_start_day: reported ahead."""
    n = rng.poisson(f_vac_rate[f])
    w = np.ones(365)
    dd = np.arange(year_start_day, year_start_day + 365)
    m = MONTH[np.clip(dd, 0, NDT - 1)]
    dm = DOM[np.clip(dd, 0, NDT - 1)]
    w[(m == 7) | (m == 8)] = 3
    w[(m == 12) & (dm >= 15)] = 2
    for s in rng.choice(dd, n, p=w / w.sum()):
        length = int(rng.integers(3, 11))
        rep = max(s - rng.uniform(3, 60), year_start_day)
        if rep < 0 or s >= NDT - 15:
            continue
        vac_report_bucket[int(rep)].append((f, int(s), length, rep * DAY + rng.uniform(7, 21) * HOUR))


for f in range(NF):
    plan_vacations(f, 0)

# ---------------- staff
NS_MAX = 400
s_centre = np.zeros(NS_MAX, int)
s_room = np.full(NS_MAX, -1)
s_role = np.zeros(NS_MAX, int)  # 0 lead 1 assistant 2 director 3 cook
s_hired = np.zeros(NS_MAX)
s_left = np.full(NS_MAX, np.inf)
s_pt = rng.random(NS_MAX) < 0.3
s_days = np.zeros((NS_MAX, 5), bool)
for i in range(NS_MAX):
    s_days[i, rng.choice(5, 3, replace=False) if s_pt[i] else np.arange(5)] = True
NST = 0
hire_bucket = [[] for _ in range(NDT + 60)]


def hire(c, room, role, day):
    global NST
    i = NST
    NST += 1
    s_centre[i], s_room[i], s_role[i], s_hired[i] = c, room, role, day
    return i


for c in range(NCEN):
    h0 = cen_open_day[c] - (30 if c == 5 else rng.uniform(0, 1500))
    for g in range(5):
        for role in (0, 1):
            hire(c, room_of(c, g), role, h0 if c == 5 else -rng.uniform(0, 1500))
    hire(c, -1, 2, h0 if c == 5 else -rng.uniform(0, 2000))
    hire(c, -1, 3, h0 if c == 5 else -rng.uniform(0, 1500))
SH = []  # (staff, day, start_t, end_t, published_t, outcome, clock_in_t)

# ---------------- day loop
for d in range(ND):
    t0 = d * DAY
    enrolled = np.arange(NCH)[(c_enroll[:NCH] <= d) & (c_withdraw[:NCH] > d)]
    # subsidy switches
    act = np.arange(NF)
    u = rng.random(NF)
    on = (~f_sub[:NF]) & (u < 1 / 900)
    off = f_sub[:NF] & (u < 1 / 600)
    for f in act[on]:
        f_sub[f] = True
        sub_ev.append((f, t0 + 12 * HOUR, True))
    for f in act[off]:
        f_sub[f] = False
        f_sub_lost[f] = d
        sub_ev.append((f, t0 + 12 * HOUR, False))
    # family notices
    if len(enrolled):
        fams = np.unique(c_fam[enrolled[np.isinf(c_notice[enrolled])]])
        c_of = f_centre[fams]
        hz = (
            np.exp(-0.6 * f_s[fams] - 0.6 * q[c_of])
            * np.where(f_sub[fams], 1.0, np.exp(2.5 * (FEE[c_of] - 1.1)))
            * np.where(d - f_sub_lost[fams] <= 60, 4.0, 1.0)
            * np.where(d - f_injury[fams] <= 90, 2.0, 1.0)
            * np.where(f_r[fams] < -1.5, 1.5, 1.0)
            * (1.4 if MONTH[d] in (6, 7, 12) else 1.0)
            / 1100
        )
        for f in fams[rng.random(len(fams)) < hz]:
            nt = t0 + rng.uniform(8, 18) * HOUR
            wd = weekday_on_or_after(d + rng.uniform(14, 45))
            if (not f_sub[f]) and rng.random() < 0.5 or d - f_sub_lost[f] <= 60:
                why = "cost"
            else:
                why = rng.choice(["moving", "unhappy" if q[f_centre[f]] < 0 else "other", "other"])
            for i in enrolled[(c_fam[enrolled] == f) & np.isinf(c_notice[enrolled])]:
                c_notice[i], c_withdraw[i], c_reason[i] = nt, wd, why
    # school leavers
    if MONTH[d] == 6 and DOM[d] == 1:
        sep1 = (pd.Timestamp(f"{days[d].year}-09-01") - START).days
        lastaug = sep1 - 1
        while DOW[lastaug] >= 5:
            lastaug -= 1
        for i in np.arange(NCH)[(c_withdraw[:NCH] > d) & np.isinf(c_notice[:NCH])]:
            if age_at(i, sep1) >= 4.6:
                c_notice[i] = t0 + rng.uniform(0, 50) * DAY + rng.uniform(8, 18) * HOUR
                c_withdraw[i], c_reason[i] = lastaug, "school"
    # yearly vacation planning
    if MONTH[d] == 12 and DOM[d] == 1:
        for f in range(NF):
            plan_vacations(f, d + 31)
    # age-up on the 1st, and invoices
    if DOM[d] == 1:
        alive = np.arange(NCH)[c_withdraw[:NCH] > d]
        for i in alive:
            c_grp[i] = int(np.clip(np.floor(age_at(i, max(d, c_enroll[i]))), 0, 4))
        month_end = d + pd.Timestamp(days[d]).days_in_month
        billed = np.arange(NCH)[(c_withdraw[:NCH] > d) & (c_enroll[:NCH] < month_end)]
        for f in np.unique(c_fam[billed]):
            kids = billed[c_fam[billed] == f]
            amt = sum(BASE_FEE[c_grp[i]] * c_dpw[i] / 5 for i in kids) * FEE[f_centre[f]]
            amt = round(amt * (0.35 if f_sub[f] else 1.0), 2)
            it = t0 + rng.uniform(6, 8) * HOUR
            delay = rng.exponential(6 * np.exp(-1.1 * f_r[f])) * [0.3, 1.0, 1.8][f_pay[f]]
            delay = delay * (1.6 if MONTH[d] == 1 else 1.0) + (0 if f_pay[f] == 0 else 1)
            pt = it + delay * DAY + rng.uniform(0, 8) * HOUR
            parts = [(pt, amt)]
            if delay > 20 and rng.random() < 0.5:
                half = round(amt / 2, 2)
                parts = [(it + delay / 2 * DAY, half), (pt, round(amt - half, 2))]
            INV.append((f, it, amt, parts))
    # waitlist applications
    if True:
        for c in range(NCEN):
            lam = 0.2 * (1.5 if MONTH[d] in (1, 9) else 1.0)
            if c == 5:
                lam = (
                    0.3
                    if (pd.Timestamp("2023-10-01") - START).days <= d < cen_open_day[5] + 90
                    else (lam if d >= cen_open_day[5] else 0.0)
                )
            for _ in range(rng.poisson(lam)):
                here = enrolled[c_centre[enrolled] == c]
                sib = int(c_fam[rng.choice(here)]) if len(here) and rng.random() < 0.2 else -1
                k = apply(c, t0 + rng.uniform(7, 22) * HOUR, sib)
                if sib < 0:
                    plan_vacations(w_fam[k], d + 1)
    # waitlist withdrawals
    wk = np.nonzero(w_state[:NWL] == 0)[0]
    hz = (1 + np.maximum(d - w_req[wk], 0) / 60) / 400
    for k in wk[rng.random(len(wk)) < hz]:
        w_state[k] = 4
        w_withdrawn[k] = t0 + rng.uniform(8, 20) * HOUR
    # answers to offers
    for k in answer_bucket[d]:
        wait = (w_offered[k] - w_applied[k]) / DAY
        f = w_fam[k]
        pa = sig(
            0.8
            + 1.5 * (w_prio[k] == 1)
            + 0.8 * (w_prio[k] == 2)
            + 0.9 * f_e[f]
            - 0.006 * wait
            - 1.5 * (FEE[w_centre[k]] - 1.1)
        )
        w_answer[k] = max(w_offered[k] + 600, t0 + rng.uniform(8, 21) * HOUR)
        if rng.random() < pa:
            w_state[k] = 2
            ed = weekday_on_or_after(max(w_req[k], d + 10))
            w_child[k] = new_child(f, w_birth[k], ed, w_answer[k], k)
        else:
            w_state[k] = 3
    # offers
    if OPEN[d]:
        for c in range(NCEN):
            if d < cen_open_day[c] - 45:
                continue
            pend = np.nonzero((c_centre[:NCH] == c) & (c_withdraw[:NCH] > d))[0]
            held = np.bincount(c_grp[pend], minlength=5)
            offered = np.nonzero((w_state[:NWL] == 1) & (w_centre[:NWL] == c))[0]
            wk = np.nonzero((w_state[:NWL] == 0) & (w_centre[:NWL] == c) & (w_req[:NWL] <= d + 45))[0]
            if not len(wk):
                continue
            start = np.maximum(w_req[wk], max(d + 10, cen_open_day[c]))
            g_at = np.clip(np.floor((start - w_birth[wk]) / YEAR), 0, 4).astype(int)
            g_off = np.clip(np.floor((np.maximum(w_req[offered], d + 10) - w_birth[offered]) / YEAR), 0, 4).astype(int)
            for g in range(5):
                free = CAP[g] - held[g] - (g_off == g).sum()
                cand = wk[g_at == g]
                if free <= 0 or not len(cand):
                    continue
                order = np.lexsort((w_applied[cand], -np.minimum(w_prio[cand], 1)))
                for k in cand[order][:free]:
                    w_state[k] = 1
                    w_offered[k] = t0 + rng.uniform(9, 17) * HOUR
                    answer_bucket[min(d + 1 + int(rng.exponential(3)), NDT - 1)].append(k)
    # vacations reported today
    for f, s, length, rep in vac_report_bucket[d]:
        kids = np.arange(NCH)[
            (c_fam[:NCH] == f) & (c_enroll[:NCH] <= s) & (c_notice[:NCH] > rep) & (c_created[:NCH] <= rep)
        ]
        span = [x for x in range(s, min(s + length + 4, NDT)) if OPEN[x]][:length]
        for i in kids:
            for x in span:
                if c_sched[i, DOW[x]] and not VAC[i, x]:
                    VAC[i, x] = True
                    ABS.append((i, -1, x, 1, rep))
    # staff turnover and rota
    for i in np.nonzero((s_hired[:NST] <= d) & np.isinf(s_left[:NST]))[0]:
        if rng.random() < 1 / 600:
            s_left[i] = d + int(rng.integers(14, 30))
            hire_bucket[int(s_left[i]) + int(rng.integers(0, 26))].append(i)
    for i in hire_bucket[d]:
        hire(s_centre[i], s_room[i], s_role[i], d)
    pub = d + 14
    if DOW[d] == 0 and pub < NDT:
        for i in np.nonzero((s_hired[:NST] <= d + 1) & (s_left[:NST] > d))[0]:
            if cen_open_day[s_centre[i]] > pub + 7:
                continue
            for x in range(pub, min(pub + 5, NDT)):
                if OPEN[x] and s_days[i, DOW[x]]:
                    st = x * DAY + (7.0 if s_role[i] != 3 else 8.0) * HOUR + rng.choice([0, 1.5, 3]) * HOUR
                    SH.append([i, x, st, st + (8 if not s_pt[i] else 6) * HOUR, t0 + rng.uniform(9, 16) * HOUR])
    if not OPEN[d]:
        continue
    # attendance
    if len(enrolled) == 0:
        continue
    sched = enrolled[c_sched[enrolled, DOW[d]]]
    grp = c_grp[sched]
    sick_new = (c_sick_until[sched] < d) & (
        rng.random(len(sched)) < 0.03 * c_h[sched] * WINTER[d] * np.where(grp <= 1, 1.5, 1.0)
    )
    c_sick_until[sched[sick_new]] = d + rng.integers(0, 3, sick_new.sum())
    sick = c_sick_until[sched] >= d
    vac = VAC[sched, d]
    notice = c_notice[sched] <= t0
    fam_abs = rng.random(len(sched)) < np.where(notice, 0.12, 0.01)
    room = c_centre[sched] * 5 + grp
    for i, r_, why in zip(sched[sick & ~vac], room[sick & ~vac], [0] * int((sick & ~vac).sum()), strict=True):
        rep = t0 + rng.uniform(6.5, 9) * HOUR if rng.random() < 0.85 else np.nan
        ABS.append((i, r_, d, why, rep))
    other = fam_abs & ~sick & ~vac
    for i, r_ in zip(sched[other], room[other], strict=True):
        ABS.append(
            (
                i,
                r_,
                d,
                2 if notice[sched == i][0] or rng.random() < 0.5 else 3,
                t0 + rng.uniform(6.5, 9) * HOUR if rng.random() < 0.85 else np.nan,
            )
        )
    here = ~(sick | vac | fam_abs)
    att = sched[here]
    ci = t0 + (f_in[c_fam[att]] + rng.normal(0, 0.25, len(att))) * HOUR
    co = t0 + (f_out[c_fam[att]] + 0.4 * (c_dpw[att] == 5) + rng.normal(0, 0.3, len(att))) * HOUR
    co = np.maximum(co, ci + 3 * HOUR)
    ATT.append((att, room[here], np.full(len(att), d), ci, co))
    # incidents
    p_inc = 0.004 * np.exp(-0.5 * q[c_centre[att]]) * np.array([1.8, 2.0, 1.5, 1.0, 0.8])[c_grp[att]]
    for j in np.nonzero(rng.random(len(att)) < p_inc)[0]:
        kind = rng.choice(4, p=[0.45, 0.2, 0.2, 0.15])
        t_inc = rng.uniform(ci[j], co[j])
        sev = int(rng.choice([1, 2, 3], p=[0.7, 0.25, 0.05]))
        if kind == 0 and sev >= 2:
            f_injury[c_fam[att[j]]] = d
        notified = rng.uniform(t_inc, co[j]) if rng.random() < 0.95 else np.nan
        INC.append((att[j], room[here][j], t_inc, kind, sev, notified))

# ---------------- staff shift outcomes (drawn after the loop, all before any cut)
NSH = len(SH)
SH_s = np.array([x[0] for x in SH])
SH_d = np.array([x[1] for x in SH])
SH_st = np.array([x[2] for x in SH])
SH_en = np.array([x[3] for x in SH])
SH_pub = np.array([x[4] for x in SH])
sick_sh = rng.random(NSH) < 0.02 * WINTER[SH_d]
gone = s_left[SH_s] <= SH_d
SH_out = np.where(gone, "cancelled", np.where(sick_sh, "sick", "worked"))
SH_cin = np.where(SH_out == "worked", SH_st + rng.normal(-300, 240, NSH), np.nan)
SH_outcome_t = np.where(gone, s_left[SH_s] * DAY - 12 * HOUR, np.where(sick_sh, SH_st - 1.5 * HOUR, SH_cin))

# ---------------- tables as they stood at CUT


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


fam_ok = f_created[:NF] <= T
sub_at = f_sub0[:NF].copy()
for f, te, val in sub_ev:
    if te <= T:
        sub_at[f] = val

# invoices
I_f = np.array([x[0] for x in INV])
I_t = np.array([x[1] for x in INV])
I_amt = np.array([x[2] for x in INV])
I_paid = np.array([sum(a for pt, a in x[3] if pt <= T) for x in INV])
I_full = np.array([x[3][-1][0] for x in INV])
late = I_full > I_t + 30 * DAY
I_fee = np.where(late, np.round(25 + 0.02 * I_amt, 2), 0.0)
fee_known = I_t + 30 * DAY <= T
I_status = np.where(I_full <= T, "paid", np.where(fee_known, "overdue", "open"))
iv = I_t <= T
invoices = pd.DataFrame(
    {
        "invoice_id": np.arange(1, len(INV) + 1),
        "family_id": I_f + 1,
        "issued_at": ts(I_t),
        "due_on": dates(I_t + 14 * DAY),
        "amount": I_amt,
        "amount_paid": np.round(I_paid, 2),
        "late_fee": np.where(fee_known, I_fee, 0.0),
        "status": I_status,
        "paid_at": ts(known(I_full)),
    }
)[iv]
owed = pd.Series((I_amt - I_paid)[iv]).groupby(I_f[iv]).sum().reindex(range(NF), fill_value=0).to_numpy()

PAY = [["direct_debit", "Direct Debit", "DD"], ["card", "Card ", "CARD"], ["invoice", "Invoice"]]
PAYW = [[0.6, 0.3, 0.1], [0.7, 0.2, 0.1], [0.7, 0.3]]
families = pd.DataFrame(
    {
        "family_id": np.arange(1, NF + 1),
        "centre_id": f_centre[:NF] + 1,
        "contact_name": rng.choice(["Smith", "Jones", "Patel", "Khan", "Brown", "Garcia", "Nguyen", "Okafor"], NF),
        "billing_email": np.where(rng.random(NF) < 0.1, None, [f"family{i}@mail.example" for i in range(1, NF + 1)]),
        "postcode": [f"P{rng.integers(10, 99)} {rng.integers(1, 9)}{chr(65 + rng.integers(26))}" for _ in range(NF)],
        "payment_method": [rng.choice(PAY[k], p=PAYW[k]) for k in f_pay[:NF]],
        "subsidy": sub_at,
        "outstanding_balance": np.round(owed, 2),
        "created_at": ts(f_created[:NF]),
    }
)[fam_ok]

# children: classroom TODAY's = its group at CUT (recomputed on the 1st; the last one for a withdrawn child)
cut_day = int(T // DAY)
grp_cut = np.zeros(NCH, int)
for i in range(NCH):
    ref = min(cut_day, int(c_withdraw[i]) - 1 if np.isfinite(c_withdraw[i]) else cut_day)
    while ref > 0 and DOM[ref] != 1:
        ref -= 1
    grp_cut[i] = int(np.clip(np.floor(age_at(i, max(ref, c_enroll[i]))), 0, 4))
nk = c_notice[:NCH] <= T
children = pd.DataFrame(
    {
        "child_ref": [f"C-{i + 1:05d}" for i in range(NCH)],
        "family_id": c_fam[:NCH] + 1,
        "first_name": c_name[:NCH],
        "birth_date": dates(c_birth[:NCH] * DAY),
        "created_at": ts(c_created[:NCH]),
        "enrolled_on": dates(c_enroll[:NCH] * DAY),
        "days_per_week": c_dpw[:NCH],
        "classroom_id": c_centre[:NCH] * 5 + grp_cut + 1,
        "allergy": c_allergy[:NCH],
        "waitlist_id": pd.array(np.where(c_wl[:NCH] >= 0, c_wl[:NCH] + 1, -1), dtype="Int64"),
        "notice_given_at": ts(np.where(nk, c_notice[:NCH], np.nan)),
        "withdrawn_on": dates(np.where(nk, c_withdraw[:NCH] * DAY, np.nan)),
        "withdraw_reason": np.where(nk, c_reason[:NCH], None),
    }
)
children.loc[children.waitlist_id < 0, "waitlist_id"] = pd.NA
children = children[c_created[:NCH] <= T]

# waitlist as it stood
wo = known(w_offered[:NWL])
wa = known(w_answer[:NWL])
ww = known(w_withdrawn[:NWL])
st_ = np.where(
    ~np.isnan(wa),
    np.where(w_state[:NWL] == 2, "accepted", "declined"),
    np.where(~np.isnan(wo), "offered", np.where(~np.isnan(ww), "withdrawn", "waiting")),
)
PRIO = [["standard", "Standard ", "std"], ["sibling", "Sibling", "SIBLING"], ["staff", "Staff"]]
waitlist = pd.DataFrame(
    {
        "waitlist_id": np.arange(1, NWL + 1),
        "family_id": w_fam[:NWL] + 1,
        "centre_id": w_centre[:NWL] + 1,
        "child_birth_date": dates(w_birth[:NWL] * DAY),
        "applied_at": ts(w_applied[:NWL]),
        "requested_start": dates(w_req[:NWL] * DAY),
        "priority": [rng.choice(PRIO[k]) for k in w_prio[:NWL]],
        "status": st_,
        "offered_at": ts(wo),
        "accepted_at": ts(np.where(w_state[:NWL] == 2, wa, np.nan)),
        "declined_at": ts(np.where(w_state[:NWL] == 3, wa, np.nan)),
        "withdrawn_at": ts(ww),
    }
)[w_applied[:NWL] <= T]

# attendance
A_i = np.concatenate([a[0] for a in ATT])
A_r = np.concatenate([a[1] for a in ATT])
A_ci = np.concatenate([a[3] for a in ATT])
A_co = np.concatenate([a[4] for a in ATT])
ak = A_ci <= T
attendance = pd.DataFrame(
    {
        "attendance_id": np.arange(1, len(A_i) + 1),
        "child_ref": [f"C-{i + 1:05d}" for i in A_i],
        "classroom_id": A_r + 1,
        "check_in": ts(A_ci),
        "check_out": ts(known(A_co)),
    }
)[ak]

# absences
B_i = np.array([x[0] for x in ABS])
B_room = np.array([x[1] for x in ABS])
B_d = np.array([x[2] for x in ABS])
B_why = np.array([x[3] for x in ABS])
B_rep = np.array([x[4] for x in ABS], float)
B_room = np.where(
    B_room < 0, c_centre[B_i] * 5 + np.clip(np.floor((B_d - c_birth[B_i]) / YEAR), 0, 4).astype(int), B_room
)
# a vacation row's room: the child's age group on the absence date (known at the report: ages are fixed)
SPELLW = [
    (["sick", "Sick", "SICK", "ill", "sick "], [0.5, 0.25, 0.1, 0.1, 0.05]),
    (["vacation", "Vacation", "holiday", "Holiday", "VACATION"], [0.45, 0.2, 0.2, 0.1, 0.05]),
    (["family", "Family reasons", "family "], [0.6, 0.3, 0.1]),
    (["other", "Other", None], [0.6, 0.2, 0.2]),
]
B_text = np.array([rng.choice(SPELLW[k][0], p=SPELLW[k][1]) for k in B_why], dtype=object)
B_created = np.where(np.isnan(B_rep), B_d * DAY + 10 * HOUR, B_rep)
bo = np.lexsort((B_i, B_d))
B_i, B_room, B_d, B_text, B_rep, B_created = B_i[bo], B_room[bo], B_d[bo], B_text[bo], B_rep[bo], B_created[bo]
bk = B_created <= T
absences = pd.DataFrame(
    {
        "absence_id": np.arange(1, len(B_i) + 1),
        "child_ref": [f"C-{i + 1:05d}" for i in B_i],
        "classroom_id": B_room + 1,
        "absence_date": dates(B_d * DAY),
        "reason": B_text,
        "reported_at": ts(B_rep),
    }
)[bk]

KIND = [
    ["minor injury", "Minor Injury", "minor_injury"],
    ["bite", "Bite"],
    ["illness sent home", "Illness"],
    ["behaviour", "behavior", "Behaviour"],
]
N_i = np.array([x[0] for x in INC])
N_t = np.array([x[2] for x in INC])
incidents = pd.DataFrame(
    {
        "child_ref": [f"C-{i + 1:05d}" for i in N_i],
        "classroom_id": np.array([x[1] for x in INC]) + 1,
        "occurred_at": ts(N_t),
        "kind": [rng.choice(KIND[x[3]]) for x in INC],
        "severity": [x[4] for x in INC],
        "parent_notified_at": ts(known([x[5] for x in INC])),
    }
)[N_t <= T]

ROLE = [
    ["lead", "Lead", "lead teacher"],
    ["assistant", "Assistant", "asst"],
    ["director", "Director"],
    ["cook", "Cook"],
]
staff = pd.DataFrame(
    {
        "staff_id": np.arange(1, NST + 1),
        "centre_id": s_centre[:NST] + 1,
        "full_name": rng.choice(["A. Lee", "B. Shah", "C. Murphy", "D. Novak", "E. Adeyemi", "F. Rossi"], NST),
        "role": [rng.choice(ROLE[k]) for k in s_role[:NST]],
        "hired_on": dates(s_hired[:NST] * DAY),
        "left_on": dates(known(s_left[:NST] * DAY)),
        "hourly_rate": np.round(rng.normal(16, 2.5, NST), 2),
    }
)[s_hired[:NST] * DAY <= T]

sh_known = SH_outcome_t <= T
shifts = pd.DataFrame(
    {
        "shift_id": np.arange(1, NSH + 1),
        "staff_id": SH_s + 1,
        "classroom_id": pd.array(np.where(s_room[SH_s] >= 0, s_room[SH_s] + 1, -1), dtype="Int64"),
        "shift_date": dates(SH_d * DAY),
        "starts_at": ts(SH_st),
        "ends_at": ts(SH_en),
        "published_at": ts(SH_pub),
        "status": np.where(sh_known, SH_out, "scheduled"),
        "clock_in_at": ts(np.where(sh_known, SH_cin, np.nan)),
    }
)
shifts.loc[shifts.classroom_id < 0, "classroom_id"] = pd.NA
shifts = shifts[SH_pub <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE centres (centre_id INTEGER PRIMARY KEY, name VARCHAR, region VARCHAR, capacity INTEGER,
                      accreditation VARCHAR, fee_level DOUBLE, opened_on DATE);
CREATE TABLE classrooms (classroom_id INTEGER PRIMARY KEY, centre_id INTEGER REFERENCES centres(centre_id),
                         age_group VARCHAR, room_name VARCHAR, capacity INTEGER);
CREATE TABLE families (family_id INTEGER PRIMARY KEY, centre_id INTEGER REFERENCES centres(centre_id),
                       contact_name VARCHAR, billing_email VARCHAR, postcode VARCHAR, payment_method VARCHAR,
                       subsidy BOOLEAN, outstanding_balance DOUBLE, created_at TIMESTAMP);
CREATE TABLE children (child_ref VARCHAR PRIMARY KEY, family_id INTEGER REFERENCES families(family_id),
                       first_name VARCHAR, birth_date DATE, created_at TIMESTAMP, enrolled_on DATE,
                       days_per_week INTEGER, classroom_id INTEGER, allergy BOOLEAN, waitlist_id INTEGER,
                       notice_given_at TIMESTAMP, withdrawn_on DATE, withdraw_reason VARCHAR);
CREATE TABLE attendance (attendance_id INTEGER PRIMARY KEY, child_ref VARCHAR, classroom_id INTEGER,
                         check_in TIMESTAMP, check_out TIMESTAMP);
CREATE TABLE absences (absence_id INTEGER PRIMARY KEY, child_ref VARCHAR, classroom_id INTEGER, absence_date DATE,
                       reason VARCHAR, reported_at TIMESTAMP);
CREATE TABLE waitlist (waitlist_id INTEGER PRIMARY KEY, family_id INTEGER, centre_id INTEGER,
                       child_birth_date DATE, applied_at TIMESTAMP, requested_start DATE, priority VARCHAR,
                       status VARCHAR, offered_at TIMESTAMP, accepted_at TIMESTAMP, declined_at TIMESTAMP,
                       withdrawn_at TIMESTAMP);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, family_id INTEGER, issued_at TIMESTAMP, due_on DATE,
                       amount DOUBLE, amount_paid DOUBLE, late_fee DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE incidents (child_ref VARCHAR, classroom_id INTEGER, occurred_at TIMESTAMP, kind VARCHAR,
                        severity INTEGER, parent_notified_at TIMESTAMP);
CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, centre_id INTEGER REFERENCES centres(centre_id),
                    full_name VARCHAR, role VARCHAR, hired_on DATE, left_on DATE, hourly_rate DOUBLE);
CREATE TABLE shifts (shift_id INTEGER PRIMARY KEY, staff_id INTEGER, classroom_id INTEGER, shift_date DATE,
                     starts_at TIMESTAMP, ends_at TIMESTAMP, published_at TIMESTAMP, status VARCHAR,
                     clock_in_at TIMESTAMP);
""")
for name, df in [
    ("centres", centres[cen_created <= T]),
    ("classrooms", classrooms[np.repeat(cen_created <= T, 5)]),
    ("families", families),
    ("children", children),
    ("attendance", attendance),
    ("absences", absences),
    ("waitlist", waitlist),
    ("invoices", invoices),
    ("incidents", incidents),
    ("staff", staff),
    ("shifts", shifts),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
