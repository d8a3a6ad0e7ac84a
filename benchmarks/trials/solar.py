"""A residential solar installer that also monitors what it installed (customers, sites, installation jobs with
their milestones, inverters, weekly energy readings per inverter, service tickets, referrals, invoices and payments),
seeded: `python benchmarks/trials/solar.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 3,103 customers and sites, 3,089 quotes
(installations), 8.8k milestones, 2,888 inverters, 162.5k weekly readings, 6.3k service tickets, 596 referrals,
4.4k invoices, 4.8k payments (about 200k rows, 3 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2022-01-01..NOW (the CRM and
service desk moved to this system on 2022-01-01: no ticket or referral before it; the installed base of 450
customers, quoted, signed and installed 2018..2021, comes with its old jobs, milestones and invoices). The
monitoring platform went live on 2023-01-02: energy_readings are weekly rollups written on Mondays 00:00
(reading_date, a DATE) covering the 7 days before it, so no reading is dated before 2023-01-02. Rows dated after NOW
exist only where written ahead: invoices.due_date (issued + 30 days). Every other column holding a later date of
its row is filled in later.

Truth (seed 0):
- customers: latent referral propensity r, payment reliability pay, fussiness fuss, engagement eng ~ N(0, 1) (hidden);
  credit_band A/B/C/D from pay + N(0, .7) (a noisy view of pay); billing_state messy ('CA', 'ca', 'California',
  'Calif.', 'AZ', 'Arizona', 'TX', 'Texas', 'TX ', 'NV', 'Nevada'); acquisition_channel messy ('Web', 'web',
  'WEB ', 'Door-to-door', 'D2D', 'door to door', 'Partner', 'partner', 'Event', 'Referral', 'referral', 'Referred');
  phone is noise; referred_by (an undeclared self-reference, set at creation)
- organic leads Poisson(1.8 x (1 + .35 cos(2 pi (doy - 110) / 365))) a day (spring peak), each one customer + one
  site + one quote (an installation row) 1-10 days later; states CA .45 / AZ .2 / TX .25 / NV .1
- sites: roof_type shingle .6 / tile .2 / metal .12 / flat .08 stored messy ('Asphalt Shingle', 'asphalt shingle',
  'shingle', 'Tile', 'clay tile', 'Metal', 'standing seam', 'Flat', 'flat/TPO'); roof_age_years U(0, 25); azimuth
  180 (.5) / 135 / 225 (.15) / 90 / 270 (.1): output x (1 - .25 (1 - cos(az - 180))); shading s ~ Beta(2, 8)
  (hidden), shading_pct = 100 s + N(0, 4) measured at the survey; wifi quality (hidden) drives monitoring-offline
  tickets; system_kw LogNormal(log 7.5, .3) in 3..16, panel_count = round(kw / .4); hoa and tilt_deg are noise
- quote: price_per_watt 2.7 + U(0, .5) + .3 CA; financing cash/loan/lease (noise); sales_rep noise (messy names);
  sign logit -.6 + 1.3 referral + .4 partner - .6 door-to-door + .5 pay - 1.8 (ppw - 3) + .4 CA - .3 NV
  + .3 spring + N(0, .7); sign delay Gamma(1.5, 12) days (over 150: lost); unsigned quotes are lost 40-140 days
  after the quote (milestone 'lost'); 5% of signed jobs cancel 5-40 days after signing; then permit_submitted
  +U(2, 10), permit_approved + Gamma(3, AHJ/3) with AHJ latency CA 36 / AZ 15 / TX 10 / NV 20 days, installed
  +U(7, 35), pto +U(7, 30). crew_id (1..8) is set at signing (NULL before: filled in later); crews 3 and 7 are
  sloppy (x2.7 roof leaks), the rest quality N(0, .3)
- installations.status TODAY's ('quoted', 'signed', 'permitted', 'installed', 'active', 'lost', 'cancelled');
  signed_at, permit_submitted_at, permitted_at, installed_at, pto_at, closed_lost_at filled in later;
  project_milestones holds the same dates as rows (milestone 'signed', 'permit_submitted', 'permit_approved',
  'installed', 'pto', 'lost', 'cancelled'); entered_by noise
- inverters: ceil(kw / 7.6) per site, installed at the job's installed_at, producing from pto; serial_no TEXT PK
  ('SW7-000123'); models 'SunWave SW7600' (fault .6 / yr; used by jobs installed before mid-2022 with p .5, .1
  after), 'VoltArc VA-8K' (.3 / yr), 'Helios H7' (.15 / yr), stored messy ('Sunwave SW-7600', 'SUNWAVE SW7600',
  'helios h7', 'Helios-H7', 'Voltarc VA8K'); fault hazard x (1 + 1.2 summer) x (1 + .1 age years) x 1.5 after
  a first fault; a fault (p .7 full, else 50% derate) opens an 'inverter fault' ticket (channel 'auto-alert' p .6)
  after .3 + Exp(1.5 exp(-.5 eng)) days, fixed at its close Gamma(2, 3) days later (x1.5 in Jun-Sep backlog); the
  inverter's 2nd fault gets it replaced at that close (removed_at filled later, a new Helios H7 row)
- inverters.status TODAY's ('active', 'fault', 'removed'), firmware TODAY's (OTA rollouts 2.1 -> 2.2 on
  2023-05-15 -> 2.3 on 2024-02-01 -> 2.4 on 2024-10-10, each reaching an inverter U(0, 30) days after; noise)
- energy: daily kWh = capacity x PSH(state, doy) x .82 x (1 - s) x azimuth x (1 - .006 age years) x weather x up,
  PSH CA 5.4 / AZ 6.3 / TX 5.0 / NV 6.0 x (1 + amp cos(2 pi (doy - 172) / 365)), amp .3 / .2 / .25 / .3;
  weather LogNormal per state and day (sd .25, CA winter clouds x.8 Dec-Feb, TX storm days x.5); readings carry
  site_id too (denormalised); kwh, peak_kw, uptime_pct (share of the week's days producing)
- sites.monitoring_status TODAY's ('none' unsigned or lost, 'pending' signed before pto, 'online', 'fault' with an inverter down, 'offline' with an
  open monitoring ticket); sites.lifetime_kwh TODAY's (the sum of its readings so far)
- other tickets per installed site-day: roof leak .08 / 365 x roof (shingle 1, tile 3, metal .6, flat 2) x
  (1 + roof_age / 20) x crew x (1 + 1.5 Nov-Mar rain) x 4 in the first 90 days after install; panel damage
  .04 / 365 + .02 on a storm day of its state (TX Mar-Jun .06 of days, CA Dec-Feb .03, else .01); monitoring
  offline .25 / 365 x exp(.8 wifi); performance .15 / 365 x exp(.8 fuss) x (1 + 2 s) x (1 + summer); billing
  .1 / 365 x exp(.8 fuss) x 4 within 30 days of an invoice. category messy (~8%: 'Inverter Fault',
  'inverter-fault', 'Roof Leak', 'Monitoring Offline', 'offline', 'Billing', 'Panel Damage'); closed after
  Gamma(2, k) days by category; service_tickets.status TODAY's ('open', 'closed'), closed_at filled later;
  technician noise
- referrals: an installed customer (site at pto) refers with hazard .12 / 365 x exp(.9 r) x 2.5 in its first 180
  days after pto x .4 with a ticket in the last 30 days x 1.8 in the Apr-Jun 2024 promo (reward 500, else 250);
  each referral is a new lead (channel 'Referral'); reward_paid_at filled later (the referred job's pto + 7-30
  days), reward_status TODAY's ('pending', 'paid', 'void' once the referred quote is lost or cancelled)
- invoices per job: deposit 10% at signing, progress 60% at install, final 30% at pto (invoice_no TEXT
  'SI-000123' in issue order); due_date written ahead; payment after Exp(6 exp(-.6 pay)) days, 8% in two parts,
  p sigmoid(-3.5 - 1.5 pay) stop after half; invoices.amount_paid and status ('open', 'partial', 'paid') TODAY's;
  customers.lifetime_paid TODAY's (running total of payments); customers.status TODAY's ('lead', 'customer',
  'lost'); payments.method messy ('ACH', 'ach', 'Card', 'credit card', 'Check', 'check ', 'Financing')
- keys: PKs declared on customers, sites, installations, project_milestones, inverters (serial_no VARCHAR),
  service_tickets, referrals, invoices (invoice_no VARCHAR), payments; energy_readings has none. REFERENCES only
  sites.customer_id, installations.site_id, invoices.customer_id. Undeclared: customers.referred_by,
  project_milestones.install_id, inverters.site_id, energy_readings (inverter_sn -> inverters.serial_no, site_id),
  service_tickets (site_id, inverter_sn), referrals (referrer_id, referred_customer_id -> customers),
  invoices.install_id, payments.invoice_no (text)
- `python solar.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import math
import os
import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
SIM0 = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
ND = (NOW.normalize() - SIM0).days + 1
T = (CUT - SIM0).total_seconds() / 86400.0  # time in days since SIM0
TN = (NOW - SIM0).total_seconds() / 86400.0
INF = np.inf


def dd(t) -> float:
    return (pd.Timestamp(t) - SIM0).total_seconds() / 86400.0


def ts(x):
    return (SIM0 + pd.to_timedelta(np.asarray(x, float) * 86400.0, unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


DAYS = pd.date_range(SIM0, periods=ND, freq="D")
DOY = DAYS.day_of_year.values
MON = DAYS.month.values
SUMMER = np.clip(np.cos(2 * np.pi * (DOY - 200) / 365), 0, None)
RAIN = np.isin(MON, [11, 12, 1, 2, 3])

STATES = np.array(["CA", "AZ", "TX", "NV"])
ST_P = [0.45, 0.2, 0.25, 0.1]
ST_MESSY = {
    0: (["CA", "ca", "California", "Calif."], [0.6, 0.1, 0.25, 0.05]),
    1: (["AZ", "Arizona", "az"], [0.65, 0.3, 0.05]),
    2: (["TX", "Texas", "tx", "TX "], [0.6, 0.3, 0.05, 0.05]),
    3: (["NV", "Nevada"], [0.7, 0.3]),
}
CITIES = {
    0: ["Fresno", "Riverside", "Sacramento", "San Jose"],
    1: ["Phoenix", "Tucson", "Mesa"],
    2: ["Austin", "San Antonio", "Houston"],
    3: ["Las Vegas", "Henderson", "Reno"],
}
PSH = np.array([5.4, 6.3, 5.0, 6.0])
AMP = np.array([0.3, 0.2, 0.25, 0.3])
AHJ = np.array([36.0, 15.0, 10.0, 20.0])
CH = np.array(["Web", "Door-to-door", "Partner", "Event", "Referral"])
CH_MESSY = {
    0: (["Web", "web", "WEB "], [0.7, 0.2, 0.1]),
    1: (["Door-to-door", "D2D", "door to door"], [0.6, 0.3, 0.1]),
    2: (["Partner", "partner"], [0.8, 0.2]),
    3: (["Event"], [1.0]),
    4: (["Referral", "referral", "Referred"], [0.7, 0.2, 0.1]),
}
ROOF = np.array(["shingle", "tile", "metal", "flat"])
ROOF_M = np.array([1.0, 3.0, 0.6, 2.0])
ROOF_MESSY = {
    0: (["Asphalt Shingle", "asphalt shingle", "shingle"], [0.6, 0.25, 0.15]),
    1: (["Tile", "clay tile"], [0.75, 0.25]),
    2: (["Metal", "standing seam"], [0.7, 0.3]),
    3: (["Flat", "flat/TPO"], [0.7, 0.3]),
}
MODELS = np.array(["SunWave SW7600", "VoltArc VA-8K", "Helios H7"])
MODEL_FAULT = np.array([0.6, 0.3, 0.15])
MODEL_PREFIX = np.array(["SW7", "VA8", "HH7"])
MODEL_MESSY = {
    0: (["SunWave SW7600", "Sunwave SW-7600", "SUNWAVE SW7600"], [0.7, 0.2, 0.1]),
    1: (["VoltArc VA-8K", "Voltarc VA8K"], [0.8, 0.2]),
    2: (["Helios H7", "helios h7", "Helios-H7"], [0.75, 0.15, 0.1]),
}
CREW_Q = np.exp(rng.normal(0, 0.3, 8))
CREW_Q[[2, 6]] = 2.7

# storm days per state
STORM = np.zeros((4, ND), bool)
STORM[2] = rng.random(ND) < np.where(np.isin(MON, [3, 4, 5, 6]), 0.06, 0.01)
STORM[0] = rng.random(ND) < np.where(np.isin(MON, [12, 1, 2]), 0.03, 0.01)
STORM[1] = rng.random(ND) < 0.01
STORM[3] = rng.random(ND) < 0.01
WEATHER = np.exp(rng.normal(0, 0.25, (4, ND)))
WEATHER[0, np.isin(MON, [12, 1, 2])] *= 0.8
WEATHER[STORM] *= 0.5
WEATHER = np.minimum(WEATHER, 1.25)

# ---------------- growing stores
MAXC = 8000
C_t = np.full(MAXC, INF)
C_ch = np.zeros(MAXC, int)
C_st = np.zeros(MAXC, int)
C_r = rng.normal(0, 1, MAXC)
C_pay = rng.normal(0, 1, MAXC)
C_fuss = rng.normal(0, 1, MAXC)
C_eng = rng.normal(0, 1, MAXC)
C_ref = np.full(MAXC, -1)
nc = 0
MAXS = 8200
S_c = np.zeros(MAXS, int)
S_t = np.full(MAXS, INF)
S_roof = rng.choice(4, MAXS, p=[0.6, 0.2, 0.12, 0.08])
S_rage = rng.uniform(0, 25, MAXS)
S_az = rng.choice([180, 135, 225, 90, 270], MAXS, p=[0.5, 0.15, 0.15, 0.1, 0.1])
S_shade = rng.beta(2, 8, MAXS)
S_wifi = rng.normal(0, 1, MAXS)
S_kw = np.clip(np.exp(rng.normal(np.log(7.5), 0.3, MAXS)), 3, 16)
S_st = np.zeros(MAXS, int)
# the job (one per site)
J_q = np.full(MAXS, INF)
J_sign = np.full(MAXS, INF)
J_lost = np.full(MAXS, INF)
J_cancel = np.full(MAXS, INF)
J_psub = np.full(MAXS, INF)
J_papp = np.full(MAXS, INF)
J_inst = np.full(MAXS, INF)
J_pto = np.full(MAXS, INF)
J_ppw = np.zeros(MAXS)
J_crew = np.zeros(MAXS, int)
J_fin = rng.choice(["cash", "loan", "lease"], MAXS, p=[0.3, 0.5, 0.2])
ns = 0
MAXI = 14000
I_site = np.zeros(MAXI, int)
I_model = np.zeros(MAXI, int)
I_cap = np.zeros(MAXI)
I_inst = np.full(MAXI, INF)
I_on = np.full(MAXI, INF)
I_off = np.full(MAXI, INF)
I_nf = np.zeros(MAXI, int)
I_down = np.zeros(MAXI)  # down until (days)
ni = 0
FAULTS = []  # (inv, start, end, severity)
TK = []  # (site, inv or -1, category, opened, closed, channel)
REF = []  # (referrer cust, referred cust, t)


def new_lead(t, ch, st, referrer=-1, pre=False):
    global nc, ns, ni
    c = nc
    nc += 1
    C_t[c], C_ch[c], C_st[c], C_ref[c] = t, ch, st, referrer
    s = ns
    ns += 1
    S_c[s], S_t[s], S_st[s] = c, t + rng.uniform(0, 0.2), st
    q = t + rng.uniform(1, 10)
    J_q[s] = q
    ppw = round((2.7 + rng.uniform(0, 0.5) + 0.3 * (st == 0)) * 20) / 20
    J_ppw[s] = ppw
    doy = (SIM0 + pd.Timedelta(days=q)).day_of_year
    spring = math.cos(2 * math.pi * (doy - 110) / 365)
    z = (
        -0.6
        + 1.3 * (ch == 4)
        + 0.4 * (ch == 2)
        - 0.6 * (ch == 1)
        + 0.5 * C_pay[c]
        - 1.8 * (ppw - 3.0)
        + 0.4 * (st == 0)
        - 0.3 * (st == 3)
        + 0.3 * spring
        + rng.normal(0, 0.7)
    )
    u = rng.random()
    delay = rng.gamma(1.5, 12)
    lost_at = q + rng.uniform(40, 140)
    crew = int(rng.integers(0, 8))
    canc = rng.random() < 0.05
    canc_d = rng.uniform(5, 40)
    psub, papp = rng.uniform(2, 10), rng.gamma(3, AHJ[st] / 3)
    inst, pto = rng.uniform(7, 35), rng.uniform(7, 30)
    if pre or (u < sig(z) and delay <= 150):
        J_sign[s] = q + delay
        J_crew[s] = crew + 1
        if canc and not pre:
            J_cancel[s] = J_sign[s] + canc_d
        else:
            J_psub[s] = J_sign[s] + psub
            J_papp[s] = J_psub[s] + papp
            J_inst[s] = J_papp[s] + inst
            J_pto[s] = J_inst[s] + pto
            n = math.ceil(S_kw[s] / 7.6)
            early = J_inst[s] < dd("2022-07-01")
            for _ in range(n):
                m = rng.choice(3, p=[0.5, 0.3, 0.2] if early else [0.1, 0.4, 0.5])
                I_site[ni], I_model[ni], I_cap[ni] = s, m, S_kw[s] / n
                I_inst[ni], I_on[ni] = J_inst[s], J_pto[s]
                ni += 1
    else:
        J_lost[s] = lost_at
    return c


# installed base: 450 customers quoted 2018..2021, all installed
for _ in range(450):
    new_lead(
        dd("2018-01-01") + rng.uniform(0, 1300),
        int(rng.choice(4, p=[0.45, 0.3, 0.15, 0.1])),
        int(rng.choice(4, p=ST_P)),
        pre=True,
    )

PROMO = (DAYS >= "2024-04-01") & (DAYS < "2024-07-01")
last_tk = np.full(MAXS, -INF)
ROOF_EARLY = 90
for d in range(ND):
    t0 = float(d)
    # organic leads
    for _ in range(rng.poisson(1.8 * (1 + 0.35 * math.cos(2 * math.pi * (DOY[d] - 110) / 365)))):
        new_lead(t0 + rng.uniform(0.3, 0.85), int(rng.choice(4, p=[0.45, 0.3, 0.15, 0.1])), int(rng.choice(4, p=ST_P)))
    S = slice(0, ns)
    live = J_pto[S] <= t0
    # referrals
    h = (
        0.12
        / 365
        * np.exp(0.9 * C_r[S_c[S]])
        * np.where(t0 - J_pto[S] < 180, 2.5, 1.0)
        * np.where(t0 - last_tk[S] < 30, 0.4, 1.0)
        * (1.8 if PROMO[d] else 1.0)
    )
    hit = live & (rng.random(ns) < h)
    for s in np.nonzero(hit)[0]:
        st = S_st[s] if rng.random() < 0.8 else int(rng.choice(4, p=ST_P))
        tr = t0 + rng.uniform(0.3, 0.9)
        c2 = new_lead(tr, 4, st, referrer=S_c[s])
        REF.append((S_c[s], c2, tr))
    # inverter faults
    II = slice(0, ni)
    act = (I_on[II] <= t0) & (I_off[II] > t0) & (I_down[II] <= t0)
    age = np.maximum(t0 - I_inst[II], 0) / 365
    p = MODEL_FAULT[I_model[II]] / 365 * (1 + 1.2 * SUMMER[d]) * (1 + 0.1 * age) * np.where(I_nf[II] > 0, 1.5, 1.0)
    for i in np.nonzero(act & (rng.random(ni) < p))[0]:
        s = I_site[i]
        tf = t0 + rng.random()
        sev = 1.0 if rng.random() < 0.7 else 0.5
        op = tf + 0.3 + rng.exponential(1.5 * math.exp(-0.5 * C_eng[S_c[s]]))
        cl = op + rng.gamma(2, 3) * (1.5 if MON[d] in (6, 7, 8, 9) else 1.0)
        chan = "auto-alert" if rng.random() < 0.6 else str(rng.choice(["phone", "app", "email"]))
        TK.append((s, i, 0, op, cl, chan))
        last_tk[s] = op
        FAULTS.append((i, tf, cl, sev))
        I_down[i] = cl
        I_nf[i] += 1
        if I_nf[i] == 2:
            I_off[i] = cl
            I_site[ni], I_model[ni], I_cap[ni] = s, 2, I_cap[i]
            I_inst[ni] = I_on[ni] = cl
            ni += 1
    # other tickets on installed sites
    inst = J_inst[S] <= t0
    since_inv = np.minimum.reduce([np.where(x <= t0, t0 - x, INF) for x in (J_sign[S], J_inst[S], J_pto[S])])
    rates = np.stack(
        [
            0.08
            / 365
            * ROOF_M[S_roof[S]]
            * (1 + S_rage[S] / 20)
            * CREW_Q[np.maximum(J_crew[S] - 1, 0)]
            * (2.5 if RAIN[d] else 1.0)
            * np.where(t0 - J_inst[S] < ROOF_EARLY, 4.0, 1.0),
            0.04 / 365 + 0.02 * STORM[S_st[S], d],
            0.25 / 365 * np.exp(0.8 * S_wifi[S]) * live,
            0.15 / 365 * np.exp(0.8 * C_fuss[S_c[S]]) * (1 + 2 * S_shade[S]) * (1 + SUMMER[d]) * live,
            0.1 / 365 * np.exp(0.8 * C_fuss[S_c[S]]) * np.where(since_inv < 30, 4.0, 1.0),
        ]
    )
    hits = (rng.random(rates.shape) < rates) & inst
    for k, s in zip(*np.nonzero(hits), strict=True):
        op = t0 + rng.uniform(0.3, 0.9)
        cl = op + rng.gamma(2, [4, 6, 2, 5, 2][k])
        chan = str(rng.choice(["phone", "app", "email"], p=[0.5, 0.3, 0.2]))
        if k == 2 and rng.random() < 0.5:
            chan = "auto-alert"
        TK.append((s, -1, k + 1, op, cl, chan))
        last_tk[s] = op

CAT = np.array(["inverter fault", "roof leak", "panel damage", "monitoring offline", "performance", "billing"])
CAT_MESSY = {
    0: (["inverter fault", "Inverter Fault", "inverter-fault"], [0.92, 0.05, 0.03]),
    1: (["roof leak", "Roof Leak"], [0.92, 0.08]),
    2: (["panel damage", "Panel Damage"], [0.93, 0.07]),
    3: (["monitoring offline", "Monitoring Offline", "offline"], [0.9, 0.05, 0.05]),
    4: (["performance"], [1.0]),
    5: (["billing", "Billing"], [0.92, 0.08]),
}


def messy(codes, table):
    return np.array([rng.choice(table[k][0], p=table[k][1]) for k in codes], dtype=object)


# ---------------- derived draws (all before any cut)
C = slice(0, nc)
c_state = messy(C_st[C], ST_MESSY)
c_chan = messy(C_ch[C], CH_MESSY)
c_credit = np.array(["D", "C", "B", "A"])[np.digitize(C_pay[C] + rng.normal(0, 0.7, nc), [-1.0, 0.0, 0.9])]
c_phone = [f"({rng.integers(200, 999)}) 555-{rng.integers(1000, 9999)}" for _ in range(nc)]
FIRST = ["Maria", "James", "Wei", "Priya", "Jose", "Emily", "Ahmed", "Laura", "Kevin", "Sofia", "Daniel", "Aisha"]
LAST = ["Garcia", "Smith", "Chen", "Patel", "Lopez", "Johnson", "Khan", "Nguyen", "Brown", "Rossi", "Kim", "Diaz"]
c_name = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(nc)]

Sx = slice(0, ns)
s_roof = messy(S_roof[Sx], ROOF_MESSY)
s_city = [str(rng.choice(CITIES[k])) for k in S_st[Sx]]
s_street = [
    f"{rng.integers(100, 9999)} {rng.choice(['Oak', 'Palm', 'Mesa', 'Sunset', 'Cedar', 'Vista'])} "
    f"{rng.choice(['St', 'Ave', 'Dr', 'Ln'])}"
    for _ in range(ns)
]
s_zip = [f"{[9, 8, 7, 8][k]}{rng.integers(1000, 9999)}" for k in S_st[Sx]]
s_shpct = np.round(np.clip(100 * S_shade[Sx] + rng.normal(0, 4, ns), 0, 90), 0)
s_tilt = rng.choice([10, 15, 20, 25, 30], ns)
s_hoa = rng.random(ns) < 0.3
j_rep = rng.choice(["J. Ortiz", "j ortiz", "M. Chen", "S. Patel", "s.patel", "R. Lee", "A. Brooks"], ns)

# milestones
MS = []  # (site, milestone, t)
for name, arr in [
    ("signed", J_sign),
    ("permit_submitted", J_psub),
    ("permit_approved", J_papp),
    ("installed", J_inst),
    ("pto", J_pto),
    ("lost", J_lost),
    ("cancelled", J_cancel),
]:
    for s in np.nonzero(arr[Sx] < INF)[0]:
        MS.append((s, name, arr[s] + rng.uniform(0.01, 0.3)))
MS.sort(key=lambda x: x[2])
ms_site = np.array([m[0] for m in MS])
ms_name = np.array([m[1] for m in MS], dtype=object)
ms_t = np.array([m[2] for m in MS])
ms_by = rng.choice(["ops1", "ops2", "pm_anna", "pm_raj", "system"], len(MS))

# invoices and payments
INVS = []  # (site, kind, t, amount)
for s in range(ns):
    total = J_ppw[s] * S_kw[s] * 1000
    for kind, arr, share in [("deposit", J_sign, 0.1), ("progress", J_inst, 0.6), ("final", J_pto, 0.3)]:
        if arr[s] < INF:
            INVS.append((s, kind, arr[s] + rng.uniform(0.05, 0.5), round(total * share, 2)))
INVS.sort(key=lambda x: x[2])
NIV = len(INVS)
iv_site = np.array([x[0] for x in INVS])
iv_kind = np.array([x[1] for x in INVS], dtype=object)
iv_t = np.array([x[2] for x in INVS])
iv_amt = np.array([x[3] for x in INVS])
iv_pay = C_pay[S_c[iv_site]]
PAY = []  # (invoice, t, amount)
for k in range(NIV):
    t1 = iv_t[k] + rng.exponential(6 * math.exp(-0.6 * iv_pay[k]))
    stop = rng.random() < sig(-3.5 - 1.5 * iv_pay[k])
    split = rng.random() < 0.08
    t2 = t1 + rng.uniform(10, 40)
    if stop:
        PAY.append((k, t1, round(iv_amt[k] / 2, 2)))
    elif split:
        a1 = round(iv_amt[k] * rng.uniform(0.3, 0.7), 2)
        PAY.append((k, t1, a1))
        PAY.append((k, t2, round(iv_amt[k] - a1, 2)))
    else:
        PAY.append((k, t1, iv_amt[k]))
PAY.sort(key=lambda x: x[1])
py_inv = np.array([x[0] for x in PAY])
py_t = np.array([x[1] for x in PAY])
py_amt = np.array([x[2] for x in PAY])
py_meth = rng.choice(
    ["ACH", "ach", "Card", "credit card", "Check", "check ", "Financing"],
    len(PAY),
    p=[0.35, 0.1, 0.2, 0.05, 0.1, 0.05, 0.15],
)

# tickets
NT = len(TK)
tk_site = np.array([x[0] for x in TK])
tk_inv = np.array([x[1] for x in TK])
tk_cat = np.array([x[2] for x in TK])
tk_op = np.array([x[3] for x in TK])
tk_cl = np.array([x[4] for x in TK])
tk_chan = np.array([x[5] for x in TK], dtype=object)
o = np.argsort(tk_op, kind="stable")
tk_site, tk_inv, tk_cat, tk_op, tk_cl, tk_chan = tk_site[o], tk_inv[o], tk_cat[o], tk_op[o], tk_cl[o], tk_chan[o]
tk_catm = messy(tk_cat, CAT_MESSY)
tk_prio = np.where(np.isin(tk_cat, [0, 1]), "high", rng.choice(["normal", "low"], NT, p=[0.7, 0.3]))
tk_tech = rng.choice(["T-Alvarez", "T-Brooks", "T-Cho", "T-Dunn", "T-Eze", None], NT)

# referrals
NR = len(REF)
rf_from = np.array([x[0] for x in REF], int)
rf_to = np.array([x[1] for x in REF], int)
rf_t = np.array([x[2] for x in REF])
rf_site = rf_to.copy()  # the referred customer's site index equals its customer index (one site per lead)
rf_amt = np.where(PROMO[np.minimum(rf_t.astype(int), ND - 1)], 500, 250)
rf_paid = J_pto[rf_site] + rng.uniform(7, 30, NR)
rf_void = np.minimum(J_lost[rf_site], J_cancel[rf_site])

# inverters
Ix = slice(0, ni)
i_serial = np.array([f"{MODEL_PREFIX[m]}-{k + 100001:06d}" for k, m in enumerate(I_model[Ix])], dtype=object)
i_model = messy(I_model[Ix], MODEL_MESSY)
FW = [("2.1", -INF), ("2.2", dd("2023-05-15")), ("2.3", dd("2024-02-01")), ("2.4", dd("2024-10-10"))]
fw_lag = rng.uniform(0, 30, (ni, len(FW)))

# readings: weekly rollups on Mondays from 2023-01-02, covering the 7 days before
R0 = int(dd("2023-01-02"))
up = np.ones((ni, ND))
for i, a, b, sev in FAULTS:
    a0, b0 = int(math.floor(a)), int(math.ceil(min(b, ND)))
    if a0 < ND:
        up[i, a0:b0] = np.minimum(up[i, a0:b0], 1 - sev)
dayix = np.arange(ND)
on = (dayix[None, :] >= np.ceil(I_on[Ix])[:, None]) & (dayix[None, :] < np.floor(I_off[Ix])[:, None])
up = up * on
s_of = I_site[Ix]
psh = PSH[S_st[s_of]][:, None] * (1 + AMP[S_st[s_of]][:, None] * np.cos(2 * np.pi * (DOY[None, :] - 172) / 365))
azf = 1 - 0.25 * (1 - np.cos(np.radians(S_az[s_of] - 180)))
agey = np.maximum(dayix[None, :] - I_inst[Ix][:, None], 0) / 365
daily = (
    I_cap[Ix][:, None]
    * psh
    * 0.82
    * (1 - S_shade[s_of])[:, None]
    * azf[:, None]
    * (1 - 0.006 * agey)
    * WEATHER[S_st[s_of]]
    * up
    * np.exp(rng.normal(0, 0.05, (ni, ND)))
)
RD, RI, RK, RP, RU = [], [], [], [], []
for m in range(R0, ND, 7):
    w = slice(m - 7, m)
    seen = on[:, w].any(axis=1)
    idx = np.nonzero(seen)[0]
    RD.append(np.full(len(idx), m))
    RI.append(idx)
    RK.append(daily[idx, w].sum(axis=1))
    RP.append(daily[idx, w].max(axis=1) / np.maximum(psh[idx, w].mean(axis=1), 1) * 1.25)
    RU.append((up[idx, w] > 0).mean(axis=1))
rd_t = np.concatenate(RD).astype(float)
rd_i = np.concatenate(RI)
rd_k = np.round(np.concatenate(RK), 1)
rd_p = np.round(np.concatenate(RP) * rng.uniform(0.95, 1.05, len(rd_t)), 2)
rd_u = np.round(100 * np.concatenate(RU), 0)

# ---------------- tables as they stood at CUT
cust_ok = C_t[C] <= T
signed_now = (J_sign[Sx] <= T) & (J_cancel[Sx] > T)
lost_now = (J_lost[Sx] <= T) | (J_cancel[Sx] <= T)
c_signed = np.bincount(S_c[Sx], weights=signed_now, minlength=nc) > 0
c_lost = np.bincount(S_c[Sx], weights=lost_now, minlength=nc) > 0
pk = py_t <= T
c_paid = np.bincount(S_c[iv_site[py_inv[pk]]], weights=py_amt[pk], minlength=nc)
customers = pd.DataFrame(
    {
        "customer_id": np.arange(1, nc + 1),
        "full_name": c_name,
        "email": [f"cust{k + 1}@mail.example" for k in range(nc)],
        "phone": c_phone,
        "billing_state": c_state,
        "acquisition_channel": c_chan,
        "credit_band": c_credit,
        "referred_by": pd.array(np.where(C_ref[C] >= 0, C_ref[C] + 1, 0), dtype="Int64"),
        "created_at": ts(C_t[C]),
        "status": np.where(c_signed, "customer", np.where(c_lost, "lost", "lead")),
        "lifetime_paid": np.round(c_paid, 2),
    }
)
customers.loc[C_ref[C] < 0, "referred_by"] = pd.NA
customers = customers[cust_ok]

# sites
rk = rd_t <= T
s_kwh = np.bincount(s_of[rd_i[rk]], weights=rd_k[rk], minlength=ns)
i_known = I_inst[Ix] <= T
fault_at_T = np.zeros(ni, bool)
for i, a, b, _sev in FAULTS:
    if a <= T < b:
        fault_at_T[i] = True
site_fault = np.bincount(s_of, weights=fault_at_T & (I_off[Ix] > T), minlength=ns) > 0
mon_open = (tk_cat == 3) & (tk_op <= T) & (tk_cl > T)
site_off = np.bincount(tk_site, weights=mon_open, minlength=ns) > 0
mstat = np.where(
    J_pto[Sx] > T,
    np.where(signed_now, "pending", "none"),
    np.where(site_fault, "fault", np.where(site_off, "offline", "online")),
)
sites = pd.DataFrame(
    {
        "site_id": np.arange(1, ns + 1),
        "customer_id": S_c[Sx] + 1,
        "street": s_street,
        "city": s_city,
        "state": STATES[S_st[Sx]],
        "zip": s_zip,
        "roof_type": s_roof,
        "roof_age_years": np.round(S_rage[Sx]).astype(int),
        "azimuth_deg": S_az[Sx],
        "tilt_deg": s_tilt,
        "shading_pct": s_shpct,
        "panel_count": np.round(S_kw[Sx] / 0.4).astype(int),
        "system_kw": np.round(S_kw[Sx], 2),
        "hoa": s_hoa,
        "created_at": ts(S_t[Sx]),
        "monitoring_status": mstat,
        "lifetime_kwh": np.round(s_kwh, 1),
    }
)[S_t[Sx] <= T]

# installations
jst = np.select(
    [J_cancel[Sx] <= T, J_lost[Sx] <= T, J_pto[Sx] <= T, J_inst[Sx] <= T, J_papp[Sx] <= T, J_sign[Sx] <= T],
    ["cancelled", "lost", "active", "installed", "permitted", "signed"],
    "quoted",
)
installations = pd.DataFrame(
    {
        "install_id": np.arange(5001, 5001 + ns),
        "site_id": np.arange(1, ns + 1),
        "quoted_at": ts(J_q[Sx]),
        "quote_amount": np.round(J_ppw[Sx] * S_kw[Sx] * 1000, 2),
        "price_per_watt": J_ppw[Sx],
        "financing": J_fin[Sx],
        "sales_rep": j_rep,
        "crew_id": pd.array(np.where(J_sign[Sx] <= T, J_crew[Sx], 0), dtype="Int64"),
        "status": jst,
        "signed_at": ts(known(J_sign[Sx])),
        "permit_submitted_at": ts(known(J_psub[Sx])),
        "permitted_at": ts(known(J_papp[Sx])),
        "installed_at": ts(known(J_inst[Sx])),
        "pto_at": ts(known(J_pto[Sx])),
        "closed_lost_at": ts(known(np.minimum(J_lost[Sx], J_cancel[Sx]))),
    }
)
installations.loc[J_sign[Sx] > T, "crew_id"] = pd.NA
installations = installations[J_q[Sx] <= T]

project_milestones = pd.DataFrame(
    {
        "milestone_id": np.arange(1, len(MS) + 1),
        "install_id": ms_site + 5001,
        "milestone": ms_name,
        "completed_at": ts(ms_t),
        "entered_by": ms_by,
    }
)[ms_t <= T]


def fw_at(i):
    v = FW[0][0]
    for k, (name, t) in enumerate(FW):
        if max(t + fw_lag[i, k], I_inst[i]) <= T:
            v = name
    return v


inverters = pd.DataFrame(
    {
        "serial_no": i_serial,
        "site_id": s_of + 1,
        "model": i_model,
        "capacity_kw": np.round(I_cap[Ix], 2),
        "installed_at": ts(I_inst[Ix]),
        "removed_at": ts(known(I_off[Ix])),
        "status": np.where(I_off[Ix] <= T, "removed", np.where(fault_at_T, "fault", "active")),
        "firmware": [fw_at(i) for i in range(ni)],
    }
)[i_known]

energy_readings = pd.DataFrame(
    {
        "inverter_sn": i_serial[rd_i],
        "site_id": s_of[rd_i] + 1,
        "reading_date": ts(rd_t).date,
        "kwh": rd_k,
        "peak_kw": rd_p,
        "uptime_pct": rd_u,
    }
)[rk]

service_tickets = pd.DataFrame(
    {
        "ticket_id": np.arange(1, NT + 1),
        "site_id": tk_site + 1,
        "inverter_sn": np.where(tk_inv >= 0, i_serial[np.maximum(tk_inv, 0)], None),
        "opened_at": ts(tk_op),
        "category": tk_catm,
        "priority": tk_prio,
        "channel": tk_chan,
        "technician": tk_tech,
        "status": np.where(tk_cl <= T, "closed", "open"),
        "closed_at": ts(known(tk_cl)),
    }
)[tk_op <= T]

referrals = pd.DataFrame(
    {
        "referral_id": np.arange(1, NR + 1),
        "referrer_id": rf_from + 1,
        "referred_customer_id": rf_to + 1,
        "referred_at": ts(rf_t),
        "reward_amount": rf_amt,
        "reward_status": np.where(rf_paid <= T, "paid", np.where(rf_void <= T, "void", "pending")),
        "reward_paid_at": ts(known(rf_paid)),
    }
)[rf_t <= T]

iv_paid = np.bincount(py_inv[pk], weights=py_amt[pk], minlength=NIV)
invoices = pd.DataFrame(
    {
        "invoice_no": [f"SI-{k + 1:06d}" for k in range(NIV)],
        "install_id": iv_site + 5001,
        "customer_id": S_c[iv_site] + 1,
        "kind": iv_kind,
        "issued_at": ts(iv_t),
        "due_date": ts(iv_t + 30).date,
        "amount": iv_amt,
        "amount_paid": np.round(iv_paid, 2),
        "status": np.where(iv_paid >= iv_amt - 0.005, "paid", np.where(iv_paid > 0, "partial", "open")),
    }
)[iv_t <= T]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(PAY) + 1),
        "invoice_no": [f"SI-{k + 1:06d}" for k in py_inv],
        "paid_at": ts(py_t),
        "amount": py_amt,
        "method": py_meth,
    }
)[pk]

if os.path.exists(OUT):
    os.remove(OUT)
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, full_name VARCHAR, email VARCHAR, phone VARCHAR,
                        billing_state VARCHAR, acquisition_channel VARCHAR, credit_band VARCHAR, referred_by INTEGER,
                        created_at TIMESTAMP, status VARCHAR, lifetime_paid DOUBLE);
CREATE TABLE sites (site_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
                    street VARCHAR, city VARCHAR, state VARCHAR, zip VARCHAR, roof_type VARCHAR,
                    roof_age_years INTEGER, azimuth_deg INTEGER, tilt_deg INTEGER, shading_pct DOUBLE,
                    panel_count INTEGER, system_kw DOUBLE, hoa BOOLEAN, created_at TIMESTAMP,
                    monitoring_status VARCHAR, lifetime_kwh DOUBLE);
CREATE TABLE installations (install_id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites(site_id),
                            quoted_at TIMESTAMP, quote_amount DOUBLE, price_per_watt DOUBLE, financing VARCHAR,
                            sales_rep VARCHAR, crew_id INTEGER, status VARCHAR, signed_at TIMESTAMP,
                            permit_submitted_at TIMESTAMP, permitted_at TIMESTAMP, installed_at TIMESTAMP,
                            pto_at TIMESTAMP, closed_lost_at TIMESTAMP);
CREATE TABLE project_milestones (milestone_id INTEGER PRIMARY KEY, install_id INTEGER, milestone VARCHAR,
                                 completed_at TIMESTAMP, entered_by VARCHAR);
CREATE TABLE inverters (serial_no VARCHAR PRIMARY KEY, site_id INTEGER, model VARCHAR, capacity_kw DOUBLE,
                        installed_at TIMESTAMP, removed_at TIMESTAMP, status VARCHAR, firmware VARCHAR);
CREATE TABLE energy_readings (inverter_sn VARCHAR, site_id INTEGER, reading_date DATE, kwh DOUBLE, peak_kw DOUBLE,
                              uptime_pct DOUBLE);
CREATE TABLE service_tickets (ticket_id INTEGER PRIMARY KEY, site_id INTEGER, inverter_sn VARCHAR,
                              opened_at TIMESTAMP, category VARCHAR, priority VARCHAR, channel VARCHAR,
                              technician VARCHAR, status VARCHAR, closed_at TIMESTAMP);
CREATE TABLE referrals (referral_id INTEGER PRIMARY KEY, referrer_id INTEGER, referred_customer_id INTEGER,
                        referred_at TIMESTAMP, reward_amount DOUBLE, reward_status VARCHAR,
                        reward_paid_at TIMESTAMP);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, install_id INTEGER,
                       customer_id INTEGER REFERENCES customers(customer_id), kind VARCHAR, issued_at TIMESTAMP,
                       due_date DATE, amount DOUBLE, amount_paid DOUBLE, status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
""")
total = 0
for name, df in [
    ("customers", customers),
    ("sites", sites),
    ("installations", installations),
    ("project_milestones", project_milestones),
    ("inverters", inverters),
    ("energy_readings", energy_readings),
    ("service_tickets", service_tickets),
    ("referrals", referrals),
    ("invoices", invoices),
    ("payments", payments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    total += len(df)
    print(name, len(df))
print("total", total)
con.close()
