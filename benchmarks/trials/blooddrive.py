"""A regional blood service (donation centres, partner sites hosting mobile drives, donors with blood type and
eligibility, appointments booked ahead, donations with deferrals for low haemoglobin, a minimum gap between
whole-blood donations, lab results arriving days after a donation, invitations), seeded:
`python benchmarks/trials/blooddrive.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 8 centres, 30 partner sites, 4,000
donors, 290 drives, 17.5k appointments, 14.5k donations, 1.7k deferrals, 12.8k lab results, 6.6k invitations (about
57k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2023-01-01..NOW, donor by donor, event
by event. Rows dated after NOW exist only where written ahead: appointments.slot_at (booked 1-40 days ahead),
drives.drive_date (planned 30-60 days ahead; drives.planned_at is when the row was written) and deferrals.until_date
(a DATE set at the deferral). Every other column holding a later date of its row is filled in later. Donors
registered before the span start their first cycle up to 150 days before it, so donations begin in mid-2022.

Truth (seed 0):
- centres (8): reminder_policy 'sms' (3) / 'email' (3) / 'none' (2) drives no-shows and how fast invitations are
  answered (a parent-table attribute); plasma only at centres 1, 3, 5; centre 8 opens 2024-05-01 and takes half the
  new donors of its city after; region is noise
- partner_sites (30, text PK site_code 'PS-007'): kind stored messy ('University', 'university ', 'UNI', 'Office',
  'office', 'Church', 'church hall', 'Community', 'Sports club'); universities host no drive in July-August;
  contact_email noise
- drives: each site every U(45, 120) days, planned_at 30-60 days before drive_date; cancelled p .07 (cancelled_at
  between planned and the date, filled later); status TODAY's ('planned' / 'held' / 'cancelled'); collected_units
  filled in later (the drive's collected donations, written the day after)
- donors (4,000): 2,500 registered 2012-2022 (prior_donations hidden, Poisson by tenure; 22% already lapsed at START,
  they never come back), 1,500 registered in the span (40% of them at a drive: first appointment at that drive);
  commitment c ~ N(0, 1) (hidden) drives waiting time, no-shows, invitation answers and lapsing; iron reserve
  r ~ N(0, 1) (hidden) drives haemoglobin and ferritin; sex F/M; blood type O+ .38 A+ .34 B+ .09 O- .07 A- .06 AB+ .03
  B- .02 AB- .01 stored messy ('O+', 'O POS', 'o+', 'O Rh+', 'Opos' ...); a new donor's blood_type is NULL until its
  first lab result arrives (filled in later); donation_pref 'plasma' (12% of donors of plasma centres), 'platelets'
  (5%), else 'whole_blood' (static); postcode noise; email NULL 12%
- cycle: wait for booking from eligibility Exp(mean 25 exp(-.8 c) days) (plasma 9 exp(-.5 c)), thinned by season
  (July-August x.65, Dec 15-Jan 5 x.6); an invitation is sent 14 days after eligibility if not booked (channel
  of the centre, 'letter' where 'none'), answered (booking within Exp(3) days, invitations.responded_at filled
  later) with p sigmoid(.3 + c + .5 sms); before each cycle the donor lapses for good with p
  sigmoid(-2.8 - .9 c + 1.2 deferred last time + .5 no-show last time) (plasma x.4)
- appointments: slot 1-21 days after booking (not before eligibility), 25% of whole-blood bookings at a drive in the
  donor's city 3-40 days ahead (drive_id NULL otherwise); cancelled p .06 (cancelled_at filled later); no-show logit
  -2.3 - .8 c + .7 policy 'none' - .4 'sms' + .3 drive; status TODAY's ('booked' / 'attended' / 'no_show' /
  'cancelled'), checked_in_at filled in later
- donations (one per attended appointment; appt_ref the appointment id as VARCHAR): hb_g_dl = 13.7 (F) / 15.0 (M)
  + .6 r - .25 x (collected whole-blood donations in the last 365 days) - .25 in Dec-Feb + N(0, .45); outcome
  'deferred_low_hb' when hb < 12.5 (F) / 13.5 (M), else 'deferred_other' p .03, else 'collected'; volume_ml
  (collected only: whole blood ~470, plasma ~720, platelets ~260; 0 otherwise); nurse_initials noise;
  lab_status TODAY's ('pending' until the lab result arrives, 'cleared', 'reactive'; NULL when not collected)
- minimum gap after a collected donation: whole blood 84 days (M) / 112 days (F), plasma 14, platelets 28
- deferrals (one per deferred donation): reason 'low_hb' (until + 90 days) or travel / medication / low_bp
  (7-28 days); until_date is the next eligibility
- lab_results (one per collected donation): received_at = donated + 1 + Exp(1.5) days (+2 over a weekend);
  ferritin (whole blood only) exp(3.6 + .35 r - .12 x recent) ; screen messy ('negative', 'NEG', 'Negative');
  reactive p .003: the donor is permanently deferred from received_at
- donors TODAY's: status ('permanently_deferred' / 'deferred' while a deferral runs / 'lapsed' no donation in 365
  days / 'active'), badge_level by lifetime collected donations incl. prior ('none' < 5, 'bronze' 5-9, 'silver'
  10-24, 'gold' 25+), total_donations, last_donation_at; drives.status, collected_units; appointments.status;
  donations.lab_status
- keys: PK declared on centres, partner_sites (site_code VARCHAR), drives, donors, appointments, donations,
  deferrals, lab_results, invitations; REFERENCES only donors -> centres, drives -> centres. Undeclared:
  drives.site_code -> partner_sites, appointments (donor_id, centre_id, drive_id), donations (appt_ref VARCHAR ->
  appointments, donor_id, centre_id, drive_id), deferrals (donation_id, donor_id), lab_results.donation_id,
  invitations.donor_id
- `python blooddrive.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is
  drawn first (the simulation always runs to NOW), then rows created after DATE are left out and every
  today's-state and filled-later column is as it stood at DATE (exact)
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
TN = (NOW - START).total_seconds()


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


def month_of(t):
    return (START + pd.Timedelta(seconds=float(t))).month


def season(t):
    d = START + pd.Timedelta(seconds=float(t))
    if d.month in (7, 8):
        return 0.65
    if (d.month == 12 and d.day >= 15) or (d.month == 1 and d.day <= 5):
        return 0.6
    return 1.0


# ---------------- centres
NCE = 8
CITY = np.array(["Leeds", "Leeds", "York", "Sheffield", "Sheffield", "Hull", "Bradford", "Leeds"])
CITIES = ["Leeds", "York", "Sheffield", "Hull", "Bradford"]
city_ix = np.array([CITIES.index(c) for c in CITY])
POLICY = np.array(["sms", "email", "none", "sms", "email", "none", "email", "sms"])
PLASMA = np.array([True, False, True, False, True, False, False, False])
ce_open = np.array([secs("2005-01-01") + rng.uniform(0, 5000) * DAY for _ in range(NCE)])
ce_open[7] = secs("2024-05-01") + 8 * 3600
centres = pd.DataFrame(
    {
        "centre_id": np.arange(1, NCE + 1),
        "name": [
            f"{CITY[i]} {n}"
            for i, n in enumerate(["Central", "North", "Minster", "Hallam", "Park", "Dock", "City", "Headingley"])
        ],
        "city": CITY,
        "region": rng.choice(["north", "east", "west"], NCE),
        "reminder_policy": POLICY,
        "opened_on": ts(ce_open).date,
    }
)

# ---------------- partner sites
NS = 30
s_kind = rng.choice(5, NS, p=[0.25, 0.3, 0.15, 0.2, 0.1])  # university office church community sports
KIND_SPELL = {
    0: ["University", "university ", "UNI"],
    1: ["Office", "office"],
    2: ["Church", "church hall"],
    3: ["Community", "community"],
    4: ["Sports club", "sports"],
}
s_city = rng.choice(len(CITIES), NS, p=[0.35, 0.15, 0.25, 0.12, 0.13])
partner_sites = pd.DataFrame(
    {
        "site_code": [f"PS-{i:03d}" for i in range(1, NS + 1)],
        "name": [f"Site {i}" for i in range(1, NS + 1)],
        "kind": [rng.choice(KIND_SPELL[k]) for k in s_kind],
        "city": np.array(CITIES)[s_city],
        "contact_email": [f"host{rng.integers(100, 999)}@partner.example" for _ in range(NS)],
    }
)

# ---------------- drives (simulated to NOW + 60 days: planned ones exist ahead)
DR = []  # site, centre, planned_t, date_t, cancel_t
for s in range(NS):
    t = rng.uniform(-60, 60) * DAY
    while t < TN + 60 * DAY:
        d = START + pd.Timedelta(seconds=t)
        if not (s_kind[s] == 0 and d.month in (7, 8)):
            cands = np.nonzero((city_ix == s_city[s]) & (ce_open <= t))[0]
            c = int(rng.choice(cands))
            planned = t - rng.uniform(30, 60) * DAY
            canc = planned + rng.uniform(0, 1) * (t - planned) if rng.random() < 0.07 else np.inf
            DR.append((s, c, planned, np.floor(t / DAY) * DAY + 9 * 3600, canc))
        t += rng.uniform(45, 120) * DAY
DR = [x for x in DR if x[2] <= TN]  # written by NOW
NDR = len(DR)
DR_s = np.array([x[0] for x in DR])
DR_c = np.array([x[1] for x in DR])
DR_p = np.array([x[2] for x in DR])
DR_t = np.array([x[3] for x in DR])
DR_x = np.array([x[4] for x in DR])
DR_city = s_city[DR_s]
drives_by_city = {k: np.nonzero((DR_city == k) & np.isinf(DR_x))[0] for k in range(len(CITIES))}

# ---------------- donors
ND_ = 4000
d_old = np.arange(ND_) < 2500
d_city = rng.choice(len(CITIES), ND_, p=[0.35, 0.15, 0.25, 0.12, 0.13])
d_reg = np.where(d_old, secs("2012-01-01") + rng.uniform(0, 11 * 365, ND_) * DAY, rng.uniform(0, ND - 20, ND_) * DAY)
d_c = rng.normal(0, 1, ND_)
d_r = rng.normal(0, 1, ND_)
d_male = rng.random(ND_) < 0.48
BT = ["O+", "A+", "B+", "O-", "A-", "AB+", "B-", "AB-"]
BT_SPELL = {
    "O+": ["O+", "O POS", "o+", "O Rh+", "Opos"],
    "A+": ["A+", "A POS", "a+", "A Rh+"],
    "B+": ["B+", "B POS", "b+"],
    "O-": ["O-", "O NEG", "o-", "Oneg"],
    "A-": ["A-", "A NEG"],
    "AB+": ["AB+", "AB POS"],
    "B-": ["B-", "B NEG"],
    "AB-": ["AB-", "AB NEG"],
}
d_bt = rng.choice(8, ND_, p=[0.38, 0.34, 0.09, 0.07, 0.06, 0.03, 0.02, 0.01])
d_bt_sp = np.array([rng.choice(BT_SPELL[BT[b]], p=None) for b in d_bt], dtype=object)
d_centre = np.array([int(rng.choice(np.nonzero((city_ix == k) & (np.arange(NCE) < 7))[0])) for k in d_city])
to8 = (d_city == 0) & (d_reg > ce_open[7]) & (rng.random(ND_) < 0.5)
d_centre[to8] = 7
u = rng.random(ND_)
d_pref = np.where(PLASMA[d_centre] & (u < 0.12), "plasma", np.where(u > 0.95, "platelets", "whole_blood"))
tenure_y = np.maximum(0, -d_reg / DAY / 365)
d_prior = np.where(d_old, rng.poisson(1.8 * tenure_y * np.exp(0.3 * d_c)), 0)
d_lapsed0 = d_old & (rng.random(ND_) < sig(-1.3 - 0.7 * d_c))
d_at_drive = (~d_old) & (rng.random(ND_) < 0.4)
d_birth = rng.integers(1950, 2006, ND_)
d_post = [
    f"{['LS', 'YO', 'S', 'HU', 'BD'][k]}{rng.integers(1, 30)} {rng.integers(1, 9)}{chr(65 + rng.integers(26))}"
    f"{chr(65 + rng.integers(26))}"
    for k in d_city
]
d_email = np.where(rng.random(ND_) < 0.12, None, np.array([f"donor{i}@mail.example" for i in range(1, ND_ + 1)]))

GAP = {"whole_blood": None, "plasma": 14, "platelets": 28}
VOL = {"whole_blood": (470, 8), "plasma": (720, 30), "platelets": (260, 15)}

A = []  # donor, centre, drive, booked_t, slot_t, type, cancel_t, outcome('cancelled','no_show','attended')
DN = []  # appt, donor, centre, drive, t, type, hb, outcome, volume, nurse
DF = []  # donation idx, donor, reason, t, until_t
LB = []  # donation idx, received_t, ferritin, screen, reactive
INV = []  # donor, channel, sent_t, responded_t
d_perm = np.full(ND_, np.inf)  # permanently deferred from

for i in range(ND_):
    if d_lapsed0[i]:
        continue
    pref = str(d_pref[i])
    c = d_centre[i]
    wb_hist = []  # times of collected whole-blood donations
    if d_old[i]:
        elig = rng.uniform(-120, 60) * DAY
        t = elig - 30 * DAY
        first = False
    else:
        elig = d_reg[i]
        t = d_reg[i]
        first = True
    last_def = 0
    last_ns = 0
    n_cycles = 0
    while t < TN:
        if not first:
            p_l = sig(-2.8 - 0.9 * d_c[i] + 1.2 * last_def + 0.5 * last_ns) * (0.4 if pref == "plasma" else 1.0)
            if rng.random() < p_l:
                break
        # decision time
        if first:
            dt = t
        else:
            mean = (9 * np.exp(-0.5 * d_c[i])) if pref == "plasma" else 25 * np.exp(-0.8 * d_c[i])
            dt = max(t, elig) + rng.exponential(mean) * DAY
            while rng.random() > season(dt):
                dt += rng.exponential(7) * DAY
            inv_t = max(t, elig) + 14 * DAY
            if dt > inv_t and inv_t > 0:
                ch = {"sms": "sms", "email": "email", "none": "letter"}[POLICY[c]]
                if rng.random() < sig(0.3 + d_c[i] + 0.5 * (POLICY[c] == "sms")):
                    dt = min(dt, inv_t + rng.exponential(3) * DAY)
                    INV.append((i, ch, inv_t, dt))
                else:
                    INV.append((i, ch, inv_t, np.inf))
        if dt >= TN:
            break
        # slot
        drive = -1
        if first and d_at_drive[i]:
            cand = drives_by_city[d_city[i]]
            cand = cand[(DR_t[cand] > dt) & (DR_t[cand] - DR_p[cand] > 0) & (DR_p[cand] < dt)]
            if len(cand):
                drive = int(cand[0])
        elif pref == "whole_blood" and rng.random() < 0.25:
            cand = drives_by_city[d_city[i]]
            cand = cand[(DR_t[cand] >= max(dt + 3 * DAY, elig)) & (DR_t[cand] <= dt + 40 * DAY) & (DR_p[cand] < dt)]
            if len(cand):
                drive = int(rng.choice(cand))
        if drive >= 0:
            slot = DR_t[drive] + rng.uniform(0, 7) * 3600
            cc = DR_c[drive]
        else:
            slot = max(dt + rng.uniform(1, 21) * DAY, elig)
            slot = np.floor(slot / DAY) * DAY + rng.uniform(8, 18) * 3600
            slot = max(slot, dt + 3600)
            cc = c
        n_cycles += 1
        first = False
        if rng.random() < 0.06:
            ct = dt + rng.uniform(0, 1) * (slot - dt)
            A.append((i, cc, drive, dt, slot, pref, ct, "cancelled"))
            t = ct
            last_ns = 0
            continue
        p_ns = sig(
            -2.3 - 0.8 * d_c[i] + 0.7 * (POLICY[cc] == "none") - 0.4 * (POLICY[cc] == "sms") + 0.3 * (drive >= 0)
        )
        if rng.random() < p_ns:
            A.append((i, cc, drive, dt, slot, pref, np.inf, "no_show"))
            t = slot
            last_ns = 1
            last_def = 0
            continue
        last_ns = 0
        ai = len(A)
        A.append((i, cc, drive, dt, slot, pref, np.inf, "attended"))
        tdon = slot + rng.uniform(5, 40) * 60
        if tdon > d_perm[i]:
            break
        recent = sum(1 for x in wb_hist if tdon - x < 365 * DAY)
        winter = month_of(tdon) in (12, 1, 2)
        hb = (15.0 if d_male[i] else 13.7) + 0.6 * d_r[i] - 0.25 * recent - 0.25 * winter + rng.normal(0, 0.45)
        thr = 13.5 if d_male[i] else 12.5
        u2 = rng.random()
        di = len(DN)
        if hb < thr:
            out = "deferred_low_hb"
        elif u2 < 0.03:
            out = "deferred_other"
        else:
            out = "collected"
        vol = max(0.0, round(rng.normal(*VOL[pref]))) if out == "collected" else 0.0
        DN.append((ai, i, cc, drive, tdon, pref, round(hb, 1), out, vol, rng.choice(["AB", "JK", "MR", "SP", "TW"])))
        if out == "collected":
            gap = (84 if d_male[i] else 112) if pref == "whole_blood" else GAP[pref]
            elig = tdon + gap * DAY
            if pref == "whole_blood":
                wb_hist.append(tdon)
            rec = tdon + (1 + rng.exponential(1.5)) * DAY
            if (START + pd.Timedelta(seconds=rec)).day_of_week >= 5:
                rec += 2 * DAY
            fer = (
                round(float(np.exp(3.6 + 0.35 * d_r[i] - 0.12 * recent + rng.normal(0, 0.3))), 1)
                if pref == "whole_blood"
                else None
            )
            reactive = rng.random() < 0.003
            scr = "REACTIVE" if reactive else rng.choice(["negative", "NEG", "Negative"], p=[0.7, 0.2, 0.1])
            LB.append((di, rec, fer, scr, reactive))
            if reactive:
                d_perm[i] = rec
                break
            last_def = 0
        else:
            if out == "deferred_low_hb":
                reason, until = "low_hb", 90
            else:
                reason = rng.choice(["travel", "medication", "low_bp"])
                until = int(rng.integers(7, 29))
            elig = np.floor((tdon + until * DAY) / DAY) * DAY
            DF.append((di, i, reason, tdon + rng.uniform(1, 10) * 60, elig))
            last_def = 1
        t = tdon + 3600

# ---------------- arrays
NA = len(A)
A_d = np.array([x[0] for x in A])
A_c = np.array([x[1] for x in A])
A_dr = np.array([x[2] for x in A])
A_bt = np.array([x[3] for x in A])
A_st = np.array([x[4] for x in A])
A_type = np.array([x[5] for x in A], dtype=object)
A_ct = np.array([x[6] for x in A])
A_out = np.array([x[7] for x in A], dtype=object)
A_ci = np.where(A_out == "attended", A_st + rng.uniform(-10, 10, NA) * 60, np.inf)

NDN = len(DN)
N_a = np.array([x[0] for x in DN])
N_d = np.array([x[1] for x in DN])
N_c = np.array([x[2] for x in DN])
N_dr = np.array([x[3] for x in DN])
N_t = np.array([x[4] for x in DN])
N_type = np.array([x[5] for x in DN], dtype=object)
N_hb = np.array([x[6] for x in DN])
N_out = np.array([x[7] for x in DN], dtype=object)
N_vol = np.array([x[8] for x in DN])
N_nurse = np.array([x[9] for x in DN], dtype=object)

L_n = np.array([x[0] for x in LB])
L_t = np.array([x[1] for x in LB])
L_fer = [x[2] for x in LB]
L_scr = np.array([x[3] for x in LB], dtype=object)
L_re = np.array([x[4] for x in LB])

F_n = np.array([x[0] for x in DF])
F_d = np.array([x[1] for x in DF])
F_reason = np.array([x[2] for x in DF], dtype=object)
F_t = np.array([x[3] for x in DF])
F_until = np.array([x[4] for x in DF])

I_d = np.array([x[0] for x in INV])
I_ch = np.array([x[1] for x in INV], dtype=object)
I_t = np.array([x[2] for x in INV])
I_r = np.array([x[3] for x in INV])
io = np.argsort(I_t, kind="stable")
I_d, I_ch, I_t, I_r = I_d[io], I_ch[io], I_t[io], I_r[io]

# ---------------- tables as they stood at CUT
centres_out = centres[ce_open <= T]

dk = N_t <= T
coll_k = dk & (N_out == "collected")
dr_units = np.bincount(N_dr[coll_k & (N_dr >= 0)], minlength=NDR).astype(float)
dr_cancel_k = DR_x <= T
dr_held = (~dr_cancel_k) & (DR_t <= T)
dr_status = np.where(dr_cancel_k, "cancelled", np.where(dr_held, "held", "planned"))
units_known = dr_held & (DR_t + DAY <= T)
drives = pd.DataFrame(
    {
        "drive_id": np.arange(1, NDR + 1),
        "centre_id": DR_c + 1,
        "site_code": [f"PS-{s + 1:03d}" for s in DR_s],
        "planned_at": ts(DR_p),
        "drive_date": ts(DR_t).date,
        "status": dr_status,
        "cancelled_at": ts(known(DR_x)),
        "collected_units": pd.array(np.where(units_known, dr_units, np.nan), dtype="Int64"),
    }
)[DR_p <= T]

# donors' state at CUT
lab_k = L_t <= T
first_lab = pd.Series(L_t[lab_k]).groupby(N_d[L_n[lab_k]]).min().reindex(range(ND_)).to_numpy()
n_coll = np.bincount(N_d[coll_k], minlength=ND_)
last_don = pd.Series(N_t[dk]).groupby(N_d[dk]).max().reindex(range(ND_)).to_numpy()
last_coll = pd.Series(N_t[coll_k]).groupby(N_d[coll_k]).max().reindex(range(ND_)).to_numpy()
fk = F_t <= T
def_until = pd.Series(F_until[fk]).groupby(F_d[fk]).max().reindex(range(ND_)).to_numpy()
total = d_prior + n_coll
badge = np.select([total >= 25, total >= 10, total >= 5], ["gold", "silver", "bronze"], "none")
ref = np.where(np.isnan(last_don), np.where(d_old, np.minimum(d_reg, -200 * DAY), d_reg), last_don)
ref = np.where(d_lapsed0, np.minimum(ref, -400 * DAY), ref)
status = np.where(
    d_perm <= T,
    "permanently_deferred",
    np.where(np.nan_to_num(def_until, nan=-np.inf) > T, "deferred", np.where(T - ref > 365 * DAY, "lapsed", "active")),
)
bt_known = d_old | (first_lab <= T)
donors = pd.DataFrame(
    {
        "donor_id": np.arange(1, ND_ + 1),
        "home_centre_id": d_centre + 1,
        "sex": np.where(d_male, "M", "F"),
        "birth_year": d_birth,
        "blood_type": np.where(bt_known, d_bt_sp, None),
        "donation_pref": d_pref,
        "postcode": d_post,
        "email": d_email,
        "registered_at": ts(d_reg),
        "status": status,
        "badge_level": badge,
        "total_donations": total,
        "last_donation_at": ts(last_coll),
    }
)[d_reg <= T]

a_cancel_k = A_ct <= T
a_status = np.where(a_cancel_k, "cancelled", np.where(A_st <= T, A_out, "booked"))
a_status = np.where(a_status == "cancelled", np.where(a_cancel_k, "cancelled", "booked"), a_status)
appointments = pd.DataFrame(
    {
        "appt_id": np.arange(1, NA + 1),
        "donor_id": A_d + 1,
        "centre_id": A_c + 1,
        "drive_id": pd.array(np.where(A_dr >= 0, A_dr + 1, np.nan), dtype="Int64"),
        "booked_at": ts(A_bt),
        "slot_at": ts(A_st),
        "donation_type": A_type,
        "status": a_status,
        "checked_in_at": ts(known(A_ci)),
        "cancelled_at": ts(known(A_ct)),
    }
)[A_bt <= T]

lab_of = np.full(NDN, np.inf)
lab_of[L_n] = L_t
lab_re = np.zeros(NDN, bool)
lab_re[L_n] = L_re
lab_status = np.where(
    N_out != "collected", None, np.where(lab_of <= T, np.where(lab_re, "reactive", "cleared"), "pending")
)
donations = pd.DataFrame(
    {
        "donation_id": np.arange(1, NDN + 1),
        "appt_ref": (N_a + 1).astype(str),
        "donor_id": N_d + 1,
        "centre_id": N_c + 1,
        "drive_id": pd.array(np.where(N_dr >= 0, N_dr + 1, np.nan), dtype="Int64"),
        "donated_at": ts(N_t),
        "donation_type": N_type,
        "hb_g_dl": N_hb,
        "outcome": N_out,
        "volume_ml": N_vol,
        "nurse_initials": N_nurse,
        "lab_status": lab_status,
    }
)[dk]

deferrals = pd.DataFrame(
    {
        "deferral_id": np.arange(1, len(DF) + 1),
        "donation_id": F_n + 1,
        "donor_id": F_d + 1,
        "reason": F_reason,
        "deferred_at": ts(F_t),
        "until_date": ts(F_until).date,
    }
)[fk]

lo = np.argsort(L_t, kind="stable")
lab_results = pd.DataFrame(
    {
        "result_id": np.arange(1, len(LB) + 1),
        "donation_id": L_n[lo] + 1,
        "received_at": ts(L_t[lo]),
        "ferritin_ug_l": np.array(L_fer, dtype=float)[lo],
        "screen": L_scr[lo],
    }
)[L_t[lo] <= T]

invitations = pd.DataFrame(
    {
        "invite_id": np.arange(1, len(I_t) + 1),
        "donor_id": I_d + 1,
        "channel": I_ch,
        "sent_at": ts(I_t),
        "responded_at": ts(known(I_r)),
    }
)[I_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE centres (centre_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, region VARCHAR,
                      reminder_policy VARCHAR, opened_on DATE);
CREATE TABLE partner_sites (site_code VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, city VARCHAR,
                            contact_email VARCHAR);
CREATE TABLE drives (drive_id INTEGER PRIMARY KEY, centre_id INTEGER REFERENCES centres(centre_id), site_code VARCHAR,
                     planned_at TIMESTAMP, drive_date DATE, status VARCHAR, cancelled_at TIMESTAMP,
                     collected_units INTEGER);
CREATE TABLE donors (donor_id INTEGER PRIMARY KEY, home_centre_id INTEGER REFERENCES centres(centre_id), sex VARCHAR,
                     birth_year INTEGER, blood_type VARCHAR, donation_pref VARCHAR, postcode VARCHAR, email VARCHAR,
                     registered_at TIMESTAMP, status VARCHAR, badge_level VARCHAR, total_donations INTEGER,
                     last_donation_at TIMESTAMP);
CREATE TABLE appointments (appt_id INTEGER PRIMARY KEY, donor_id INTEGER, centre_id INTEGER, drive_id INTEGER,
                           booked_at TIMESTAMP, slot_at TIMESTAMP, donation_type VARCHAR, status VARCHAR,
                           checked_in_at TIMESTAMP, cancelled_at TIMESTAMP);
CREATE TABLE donations (donation_id INTEGER PRIMARY KEY, appt_ref VARCHAR, donor_id INTEGER, centre_id INTEGER,
                        drive_id INTEGER, donated_at TIMESTAMP, donation_type VARCHAR, hb_g_dl DOUBLE, outcome VARCHAR,
                        volume_ml DOUBLE, nurse_initials VARCHAR, lab_status VARCHAR);
CREATE TABLE deferrals (deferral_id INTEGER PRIMARY KEY, donation_id INTEGER, donor_id INTEGER, reason VARCHAR,
                        deferred_at TIMESTAMP, until_date DATE);
CREATE TABLE lab_results (result_id INTEGER PRIMARY KEY, donation_id INTEGER, received_at TIMESTAMP,
                          ferritin_ug_l DOUBLE, screen VARCHAR);
CREATE TABLE invitations (invite_id INTEGER PRIMARY KEY, donor_id INTEGER, channel VARCHAR, sent_at TIMESTAMP,
                          responded_at TIMESTAMP);
""")
for name, df in [
    ("centres", centres_out),
    ("partner_sites", partner_sites),
    ("drives", drives),
    ("donors", donors),
    ("appointments", appointments),
    ("donations", donations),
    ("deferrals", deferrals),
    ("lab_results", lab_results),
    ("invitations", invitations),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
