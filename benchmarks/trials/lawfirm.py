"""A law firm (offices, attorneys, clients, conflict checks, matters opened and closed, time entries billed hourly,
invoices and payments, a client trust (IOLTA) ledger, court deadlines set ahead), seeded:
`python benchmarks/trials/lawfirm.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth
it planted in this docstring. Seed 0 (numpy default_rng(0)): 4 offices, 48 attorneys, 2,200 clients, 3.8k conflict
checks, 4,798 matters (1,188 migrated open at START), 106k time entries, 26.5k invoices, 28.0k payments, 11.4k trust
transactions, 9.1k court deadlines (about 192k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW (the firm's
system went live on 2023-01-01: matters open then were migrated with their opened_at, their hours and bills start
at START). Rows dated after NOW exist only where written ahead: invoices.due_on (issue date + 30 days) and
court_deadlines.due_at (set 14-120 days ahead). Every other column holding a later date of its row is filled in later.

Truth (seed 0):
- offices (4): collections_policy 'strict' / 'standard' / 'lenient' multiplies payment delays x.6 / x1 / x1.8 (a
  parent attribute that matters, reached client -> office); office 4 (Austin) opens 2023-09-01 with 11 attorneys and
  takes 35% of the clients created after; region is noise
- attorneys (48, attorney_code VARCHAR 'AT-007' is the key): per office 3 partners, 5 associates, 3 paralegals, plus
  4 hired during 2024; efficiency LogNormal(0, .25) multiplies the hours of every entry they write; diligence
  N(0, 1) (hidden) lowers missed court deadlines; hourly_rate TODAY's (the 2023 base raised 6% every January 1st;
  time_entries.rate holds the rate at the work date); 3 leave (left_on filled in later, status TODAY's), their
  open matters get a new lead (matters.lead_attorney TODAY's); bar_admitted is noise
- clients (2,200): 1,300 before the span, 900 during (each comes with a first matter request within hours);
  business .45 (size LogNormal(.3, .5)) / individual; loyalty l ~ N(0, 1) and pay p ~ N(0, 1) hidden; churn
  hazard 1/800 per day x exp(-.6 l), x4 for 120 days after a matter closed 'lost' (no new requests after);
  industry (business only) MESSY ('Technology', 'tech', 'TECH', 'Software', 'health care', 'mfg', 'retail ', ...);
  name, referral_source noise; status TODAY's ('active' with an open matter, 'inactive', 'prospect'),
  last_activity_at TODAY's, total_billed and trust_balance TODAY's running totals
- matter requests: per live client-weekday (1/300 business x size, 1/1100 individual) x exp(.5 l) x season, in
  the client's own area 60% of the time (business: corporate/litigation/employment/ip/real estate; individual:
  family/estate/litigation/real estate/employment); family x1.9 in January and x1.4 in September, corporate x1.4
  in Q4, estate x1.3 in January; x.3 Dec 20-Jan 2, x.75 in August
- conflict_checks: one per request; 'conflict' .05 (no matter), 'waived' .04, 'clear'; cleared_at (2 h +
  Exp(36 h)) and result ('pending' before) filled in later; matter_id filled in when the matter opens 0.5-3 days
  after clearing (a key filled in later); requested_by an attorney code; adverse_party noise
- matters: complexity k = LogNormal(0, .5) x 1.3 business x size^.5; open for median days litigation 330,
  employment 220, corporate 120, family 240, real estate 75, ip 180, estate 50, x k^.5 x LogNormal(0, .35);
  billing_type flat_fee (estate; real estate .5), contingency (individual litigation .45), else hourly; outcome at
  close for court areas settled .5 / won .2 / lost .18 / dismissed .12, else 'completed'; status, closed_at,
  outcome filled in at close; hours_to_date TODAY's counter; budget_estimate is the matter's planned scale x
  LogNormal(0, .6) (weakly informative)
- time_entries: Poisson per open matter-day, rate by area (.15 litigation .. .07 estate) x k^.4 x 1.6 in the first
  30 days x .6 in the last 20% of its life x season (weekends .05, Dec 20-Jan 2 .3, August .75) x 2.2 in the 10
  days before a court deadline that is due before the matter closes (deadlines are set ahead: known early); the
  lead writes half, the rest by its team (one associate p .6, one paralegal p .7), the lead when the member is gone;
  hours LogNormal(log 1.1, .6) x attorney efficiency, 0.1 steps; work_date the day, entered_at that evening, 12%
  entered Exp(3 days) late (a row written after its work_date); activity MESSY ('Research', 'research', 'RES',
  'DRAFT', 'court', 'review ', ...); billable .92; invoice_no filled in at billing, status TODAY's
  ('unbilled' / 'billed' / 'no_charge')
- invoices (invoice_no VARCHAR 'INV-000123', issue order): hourly matters monthly on the 3rd business morning, every
  billable entry of earlier work dates entered by then; flat fee 2,500 (estate) / 1,800 (real estate) x
  LogNormal(0, .3) at opening; contingency 33% of LogNormal(log 60,000, .9) x k^.5, 10-45 days after a close
  'settled' or 'won'; due_on issue + 30 days (set ahead); amount_paid TODAY's; paid_at filled in later; status
  TODAY's ('open', 'partial', 'overdue' once due_on passes, 'paid', 'written_off' 150 days after issue)
- payments: from trust when the matter's trust balance covers the invoice (1-4 days, method 'Trust'/'IOLTA'),
  else written off with p sigmoid(-3.8 - 1.3 p) (30% of those pay 30% first), else after (3 + Exp(20) x exp(-.5 p)
  x office policy) days, in two halves 15% of the time; method MESSY ('ACH', 'ach', 'Bank transfer', 'Wire
  Transfer', 'Check', 'cheque', 'CC', ...); reference noise
- trust_transactions: a retainer deposit (2,500 x round(2k)) at opening for 65% of hourly litigation, employment
  and family matters; 'transfer_to_operating' when an invoice is paid from trust; when the balance drops under
  1,000 the client tops it up with p sigmoid(.5 + p) after 1 + Exp(10) days; the rest refunded 40-50 days after
  close; balance_after the ledger's balance at the row (as of the row)
- court_deadlines (court areas): set on an open matter with p 1/55 per weekday, due 14-120 days ahead, kind by the
  matter's stage ('filing', 'discovery' early; 'motion', 'hearing', 'trial' late); missed with p sigmoid(-3 - .9
  diligence + .01 (lead's open matters - 40)); met: completed_at due - U(0, 4) days (filled in later); 'vacated'
  when the matter closes first; status TODAY's ('pending' / 'met' / 'missed' / 'vacated'); court MESSY
- keys: PKs declared on every table; REFERENCES only attorneys -> offices, clients -> offices, matters -> clients.
  Undeclared: matters.lead_attorney (text -> attorneys), conflict_checks (client_id, requested_by text, matter_id
  filled in later), time_entries (matter_id, attorney_code text, invoice_no text filled in later), invoices
  (matter_id, client_id), payments (invoice_no text, client_id), trust_transactions (client_id, matter_id),
  court_deadlines.matter_ref (a matter id stored as VARCHAR)
- `python lawfirm.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE (time entries by entered_at) are left out
  and every today's-state and filled-later column is as it stood at DATE (exact)
"""

import heapq
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
NDT = ND + 200
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


DAYS = pd.date_range(START, periods=NDT, freq="D")
DOW = DAYS.day_of_week.values
MON = DAYS.month.values
HOLIDAY = ((MON == 12) & (DAYS.day.values >= 20)) | ((MON == 1) & (DAYS.day.values <= 2))
WORK = np.where(DOW >= 5, 0.05, 1.0) * np.where(HOLIDAY, 0.3, 1.0) * np.where(MON == 8, 0.75, 1.0)

AREAS = np.array(["litigation", "employment", "corporate", "family", "real_estate", "ip", "estate"])
NA_ = len(AREAS)
LIT, EMP, CORP, FAM, RE, IP, EST = range(NA_)
COURT = np.array([LIT, EMP, FAM, IP])
MED_DUR = np.array([330, 220, 120, 240, 75, 180, 50.0])  # median days open
INTENS = np.array([0.15, 0.11, 0.12, 0.10, 0.08, 0.10, 0.07])  # time entries per open matter-weekday
# request seasonality per area and month (family: January and September; corporate: Q4)
AREA_SEASON = np.ones((12, NA_))
AREA_SEASON[0, FAM] = 1.9
AREA_SEASON[8, FAM] = 1.4
AREA_SEASON[9:12, CORP] = 1.4
AREA_SEASON[0, EST] = 1.3
BUS_AREAS = np.array([0.22, 0.2, 0.3, 0.0, 0.12, 0.16, 0.0])
IND_AREAS = np.array([0.2, 0.1, 0.0, 0.3, 0.15, 0.0, 0.25])

# ---------------- offices
NOF = 4
OF_CITY = np.array(["Boston", "Chicago", "Denver", "Austin"])
OF_POLICY = np.array(["strict", "standard", "lenient", "standard"])
PAY_MULT = np.array([0.6, 1.0, 1.8, 1.0])
of_open = np.array([secs("1998-04-01"), secs("2004-09-01"), secs("2011-02-01"), secs("2023-09-01") + 9 * 3600])
offices = pd.DataFrame(
    {
        "office_id": np.arange(1, NOF + 1),
        "city": OF_CITY,
        "region": rng.choice(["east", "central", "west"], NOF),
        "collections_policy": OF_POLICY,
        "opened_on": ts(of_open).date,
    }
)

# ---------------- attorneys: 3 partners, 5 associates, 3 paralegals per office, 4 hires during 2024
ROLE = np.array(["partner"] * 3 + ["associate"] * 5 + ["paralegal"] * 3)
a_office = np.concatenate([np.repeat(np.arange(NOF), 11), np.array([0, 1, 2, 0])])
a_role = np.concatenate([np.tile(ROLE, NOF), np.array(["associate", "associate", "partner", "paralegal"])])
NAT = len(a_office)
a_area = np.array(
    [rng.choice(NA_) if r != "paralegal" else -1 for r in a_role]
)  # partners and associates practise an area
for o in range(NOF):  # every office covers litigation, corporate and family with a partner
    idx = np.nonzero((a_office == o) & (a_role == "partner"))[0]
    a_area[idx[:3]] = [LIT, CORP, FAM]
a_eff = np.exp(rng.normal(0, 0.25, NAT))  # hours per entry multiplier
a_dil = rng.normal(0, 1, NAT)  # diligence: missed court deadlines
a_base = np.where(
    a_role == "partner", rng.uniform(450, 650, NAT), np.where(a_role == "associate", rng.uniform(250, 400, NAT), 0)
)
a_base = np.where(a_role == "paralegal", rng.uniform(120, 180, NAT), a_base)
a_hired = np.where(a_office == 3, of_open[3], secs("2005-01-01") + rng.uniform(0, 17.5 * 365, NAT) * DAY).astype(float)
a_hired = np.maximum(a_hired, of_open[a_office])
a_hired[NOF * 11 :] = secs("2024-02-01") + rng.uniform(0, 240, 4) * DAY
a_left = np.full(NAT, np.inf)
for i in rng.choice(np.nonzero((a_office < 3) & (np.arange(NAT) < NOF * 11))[0], 3, replace=False):
    a_left[i] = secs("2023-06-01") + rng.uniform(0, 480) * DAY
a_code = np.array([f"AT-{i:03d}" for i in range(1, NAT + 1)])
a_bar = rng.integers(1985, 2022, NAT)  # noise
a_name = [
    f"{f} {s}"
    for f, s in zip(
        rng.choice(["A.", "B.", "C.", "D.", "E.", "J.", "K.", "M.", "R.", "S."], NAT),
        rng.choice(["Garcia", "Nguyen", "Cohen", "Okafor", "Murphy", "Schmidt", "Rossi", "Kim", "Silva", "Baker"], NAT),
        strict=True,
    )
]


def employed(a, t):
    return (a_hired[a] <= t) & (a_left[a] > t)


# ---------------- clients
NCL = 2200
c_old = np.arange(NCL) < 1300
c_created = np.where(
    c_old, secs("2012-01-01") + rng.uniform(0, 11 * 365 - 2, NCL) * DAY, rng.uniform(0, ND - 3, NCL) * DAY
)
c_bus = rng.random(NCL) < 0.45
c_loy = rng.normal(0, 1, NCL)
c_pay = rng.normal(0, 1, NCL)
c_office = rng.choice(3, NCL, p=[0.4, 0.35, 0.25])
austin = (c_created > of_open[3]) & (rng.random(NCL) < 0.35)
c_office[austin] = 3
share = np.where(c_bus[:, None], BUS_AREAS, IND_AREAS)
c_pref = np.array([rng.choice(NA_, p=s) for s in share])
c_share = 0.4 * share + 0.6 * np.eye(NA_)[c_pref]  # 60% of requests in the client's own area
c_size = np.where(c_bus, np.exp(rng.normal(0.3, 0.5, NCL)), 1.0)
IND = {
    "tech": ["Technology", "tech", "TECH", "Software"],
    "health": ["Healthcare", "health care", "Health Care "],
    "mfg": ["Manufacturing", "mfg", "MANUFACTURING"],
    "retail": ["Retail", "retail ", "Retail Trade"],
    "realty": ["Real Estate", "real estate", "RE Development"],
    "finance": ["Finance", "financial services", "FINANCE"],
}
IND_K = list(IND)
c_industry = np.array([rng.choice(IND[IND_K[rng.integers(6)]]) for _ in range(NCL)], dtype=object)
c_industry[~c_bus] = None
c_industry[c_bus & (rng.random(NCL) < 0.05)] = None
c_ref = rng.choice(["referral", "website", "bar directory", "event", "Referral", "existing client"], NCL)
c_name = np.where(
    c_bus,
    np.array(
        [
            f"{w} {s}"
            for w, s in zip(
                rng.choice(
                    ["Acme", "Blue Ridge", "Northwind", "Summit", "Harbor", "Pioneer", "Granite", "Vertex"], NCL
                ),
                rng.choice(["LLC", "Inc.", "Holdings", "Group", "Partners", "Co."], NCL),
                strict=True,
            )
        ]
    ),
    np.array(
        [
            f"{f} {s}"
            for f, s in zip(
                rng.choice(["Alex", "Maria", "John", "Priya", "Wei", "Fatima", "Liam", "Sofia"], NCL),
                rng.choice(["Lopez", "Smith", "Chen", "Patel", "Walsh", "Haddad", "Novak", "Ivanova"], NCL),
                strict=True,
            )
        ]
    ),
)
c_churn = np.full(NCL, np.inf)
c_boost = np.full(NCL, -np.inf)  # until when a 'lost' matter multiplies churn by 4
c_first_req = np.where(c_old, np.inf, c_created + rng.uniform(0.5, 6, NCL) * 3600)  # new clients come with a matter

# ---------------- matters (preallocated), filled as the simulation opens them
MM = 9000
m_client = np.zeros(MM, int)
m_area = np.zeros(MM, int)
m_open = np.full(MM, np.inf)
m_close = np.full(MM, np.inf)
m_k = np.ones(MM)
m_bill = np.zeros(MM, int)  # 0 hourly 1 flat 2 contingency
m_out = np.empty(MM, dtype=object)
m_lead = np.zeros(MM, int)
m_team = [[] for _ in range(MM)]
m_budget = np.zeros(MM)
m_retainer = np.zeros(MM)
lead_hist = [[] for _ in range(MM)]  # (t, attorney)
rush = np.zeros((MM, NDT), np.int8)
NM = 0
OUTC = np.array(["settled", "won", "lost", "dismissed"])


def pick_lead(o, area, t):
    ok = np.nonzero((a_office == o) & (a_area == area) & employed(np.arange(NAT), t))[0]
    if not len(ok):
        ok = np.nonzero((a_office == o) & (a_role == "partner") & employed(np.arange(NAT), t))[0]
    return int(rng.choice(ok))


def open_matter(c, area, t, migrated_age=0.0):
    global NM
    m = NM
    NM += 1
    o = c_office[c]
    m_client[m] = c
    m_area[m] = area
    m_open[m] = t
    k = np.exp(rng.normal(0, 0.5)) * (1.3 if c_bus[c] else 1.0) * c_size[c] ** 0.5
    m_k[m] = k
    dur = MED_DUR[area] * k**0.5 * np.exp(rng.normal(0, 0.35))
    m_close[m] = t + max(dur, migrated_age + rng.uniform(5, 60)) * DAY
    if area == EST:
        m_bill[m] = 1
    elif area == RE:
        m_bill[m] = int(rng.random() < 0.5)
    elif area == LIT and not c_bus[c]:
        m_bill[m] = 2 * int(rng.random() < 0.45)
    m_out[m] = rng.choice(OUTC, p=[0.5, 0.2, 0.18, 0.12]) if area in COURT else "completed"
    lead = pick_lead(o, area, max(t, 0.0))
    m_lead[m] = lead
    lead_hist[m].append((t, lead))
    team = [lead]
    emp = employed(np.arange(NAT), max(t, 0.0))
    assoc = np.nonzero((a_office == o) & (a_role == "associate") & emp)[0]
    para = np.nonzero((a_office == o) & (a_role == "paralegal") & emp)[0]
    if rng.random() < 0.6 and len(assoc):
        team.append(int(rng.choice(assoc)))
    if rng.random() < 0.7 and len(para):
        team.append(int(rng.choice(para)))
    m_team[m] = list(dict.fromkeys(team))
    m_budget[m] = np.round(INTENS[area] * dur * 1.2 * a_base[lead] * 0.7 * np.exp(rng.normal(0, 0.6)), -2)
    if m_bill[m] == 0 and area in (LIT, EMP, FAM) and rng.random() < 0.65:
        m_retainer[m] = 2500 * max(1, round(2 * k))
    return m


# migrated open matters: open at START, opened before it, entries only from START
REQ_RATE = np.where(c_bus, 1 / 300, 1 / 1100) * np.exp(0.5 * c_loy) * c_size
for c in np.nonzero(c_old)[0]:
    for area in range(NA_):
        n = rng.poisson(REQ_RATE[c] * c_share[c, area] * MED_DUR[area] * 1.5)
        for _ in range(n):
            age = rng.uniform(0, MED_DUR[area] * 1.2)
            t_open = -age * DAY + rng.uniform(9, 17) * 3600
            if t_open > c_created[c]:
                open_matter(c, area, t_open, migrated_age=age)

# ---------------- the day-by-day simulation
CC = []  # conflict checks: (client, area, requested_by, t_req, t_cleared, result, matter or -1)
DL = []  # court deadlines: (matter, set_t, due_t, kind, missed)
TE = []  # time entries as arrays per day
open_bucket = [[] for _ in range(NDT)]  # (cc index)
close_bucket = [[] for _ in range(NDT)]
for m in range(NM):
    close_bucket[min(int(m_close[m] // DAY), NDT - 1)].append(m)
KINDS = np.array(["filing", "discovery", "motion", "hearing", "trial"])
ACT = np.array(
    [
        "Research",
        "research",
        "RES",
        "Drafting",
        "drafting",
        "DRAFT",
        "Court Appearance",
        "court",
        "Client Call",
        "call",
        "Review",
        "review ",
        "Email",
    ]
)
ACT_P = np.array([0.14, 0.06, 0.03, 0.16, 0.06, 0.03, 0.06, 0.02, 0.12, 0.04, 0.14, 0.04, 0.10])


def request(c, area, t):
    lead = pick_lead(c_office[c], area, t)
    res = rng.choice(["clear", "conflict", "waived"], p=[0.91, 0.05, 0.04])
    cleared = t + (2 + rng.exponential(36)) * 3600
    CC.append([c, area, lead, t, cleared, res, -1])
    if res != "conflict":
        t_open = cleared + rng.uniform(0.5, 3) * DAY
        open_bucket[min(int(t_open // DAY), NDT - 1)].append((len(CC) - 1, t_open))


for d in range(ND):
    t0 = d * DAY
    mon = MON[d] - 1
    # attorneys leaving: their matters get a new lead (matters.lead_attorney is today's)
    for a in np.nonzero((a_left >= t0) & (a_left < t0 + DAY))[0]:
        for m in range(NM):
            if m_lead[m] == a and m_close[m] > a_left[a]:
                nl = pick_lead(a_office[a], m_area[m], a_left[a] + 1)
                m_lead[m] = nl
                lead_hist[m].append((a_left[a] + 1, nl))
                if nl not in m_team[m]:
                    m_team[m].append(nl)
    # churn (hidden): no new requests afterwards
    live = (c_created <= t0) & (c_churn > t0)
    hz = 1 / 800 * np.exp(-0.6 * c_loy) * np.where(c_boost > t0, 4.0, 1.0)
    gone = live & (rng.random(NCL) < hz)
    c_churn[gone] = t0 + rng.uniform(0, DAY)
    # new-matter requests (conflict checks), seasonal by area, weekdays
    lam = REQ_RATE[:, None] * c_share * AREA_SEASON[mon][None, :] * WORK[d] * np.where(DOW[d] >= 5, 0.0, 1.4)
    lam[~live] = 0
    hit = rng.random(NCL) < lam.sum(1)
    for c in np.nonzero(hit)[0]:
        request(c, rng.choice(NA_, p=lam[c] / lam[c].sum()), t0 + rng.uniform(9, 18) * 3600)
    for c in np.nonzero((c_first_req >= t0) & (c_first_req < t0 + DAY))[0]:
        request(c, rng.choice(NA_, p=c_share[c]), c_first_req[c])
    # matters opening today
    for i, t_open in open_bucket[d]:
        c, area = CC[i][0], CC[i][1]
        m = open_matter(c, area, t_open)
        CC[i][6] = m
        close_bucket[min(int(m_close[m] // DAY), NDT - 1)].append(m)
    # matters closing today
    for m in close_bucket[d]:
        if m_out[m] == "lost":
            c_boost[m_client[m]] = m_close[m] + 120 * DAY
    # court deadlines set ahead on open court matters
    om = np.nonzero((m_open[:NM] <= t0 + DAY) & (m_close[:NM] > t0))[0]
    if DOW[d] < 5:
        cm = om[np.isin(m_area[om], COURT) & (rng.random(len(om)) < 1 / 55)]
        for m in cm:
            st = max(t0 + rng.uniform(9, 18) * 3600, m_open[m] + 3600)
            due = st + rng.uniform(14, 120) * DAY
            el = (st - m_open[m]) / (m_close[m] - m_open[m])
            kind = rng.choice(KINDS, p=[0.4, 0.35, 0.15, 0.1, 0.0] if el < 0.4 else [0.1, 0.2, 0.3, 0.25, 0.15])
            load = np.sum((m_lead[:NM] == m_lead[m]) & (m_open[:NM] <= st) & (m_close[:NM] > st))
            missed = rng.random() < sig(-3.0 - 0.9 * a_dil[m_lead[m]] + 0.01 * (load - 40))
            DL.append((m, st, due, kind, missed))
            if due < m_close[m]:
                dd = int(due // DAY)
                rush[m, max(dd - 10, 0) : max(dd, 0)] = 1
    # time entries
    om = om[m_open[om] <= t0 + 12 * 3600]
    if len(om):
        el = np.clip((t0 - m_open[om]) / (m_close[om] - m_open[om]), 0, 1)
        phase = np.where(t0 - m_open[om] < 30 * DAY, 1.6, 1.0) * np.where(el > 0.8, 0.6, 1.0)
        lam = INTENS[m_area[om]] * m_k[om] ** 0.4 * phase * WORK[d] * (1 + 1.2 * rush[om, d])
        n = rng.poisson(lam)
        em = np.repeat(om, n)
        ne = len(em)
        if ne:
            u = rng.random(ne)
            who = np.array(
                [
                    m_team[m][0]
                    if (x < 0.5 or len(m_team[m]) == 1)
                    else m_team[m][1 + int(rng.integers(len(m_team[m]) - 1))]
                    for m, x in zip(em, u, strict=True)
                ]
            )
            cur = np.array([lead_hist[m][-1][1] if lead_hist[m][-1][0] <= t0 else lead_hist[m][0][1] for m in em])
            ok = employed(who, t0 + 12 * 3600)
            who = np.where(ok, who, cur)
            hrs = np.maximum(0.1, np.round(np.exp(rng.normal(np.log(1.1), 0.6, ne)) * a_eff[who], 1))
            ent = t0 + rng.uniform(16, 23, ne) * 3600 + np.where(rng.random(ne) < 0.12, rng.exponential(3, ne), 0) * DAY
            act = rng.choice(ACT, ne, p=ACT_P)
            billable = rng.random(ne) < 0.92
            TE.append((em, who, np.full(ne, d), ent, hrs, act, billable))

# ---------------- time entries
te_m = np.concatenate([x[0] for x in TE])
te_a = np.concatenate([x[1] for x in TE])
te_d = np.concatenate([x[2] for x in TE])
te_ent = np.concatenate([x[3] for x in TE])
te_h = np.concatenate([x[4] for x in TE])
te_act = np.concatenate([x[5] for x in TE])
te_bill = np.concatenate([x[6] for x in TE])
YR = DAYS.year.values
te_rate = np.round(a_base[te_a] * 1.06 ** (YR[te_d] - 2023) / 5) * 5
NE = len(te_m)

# ---------------- invoices: hourly monthly (run on the 3rd business morning), flat at opening, contingency at close
months = pd.date_range("2023-01-01", periods=30, freq="MS")
run = []
for ms in months:
    r = ms + pd.Timedelta(days=2, hours=9)
    while r.day_of_week >= 5:
        r += pd.Timedelta(days=1)
    run.append((r - START).total_seconds())
run = np.array(run)
mi = (YR[te_d] - 2023) * 12 + MON[te_d]  # the month after the work date
for _ in range(3):
    mi = np.where(te_ent > run[np.minimum(mi, len(run) - 1)], mi + 1, mi)
hourly = (m_bill[te_m] == 0) & te_bill
te_inv_t = np.where(hourly & (run[np.minimum(mi, len(run) - 1)] <= TN), run[np.minimum(mi, len(run) - 1)], np.inf)
grp = pd.DataFrame({"m": te_m, "mi": mi, "amt": te_h * te_rate, "ok": np.isfinite(te_inv_t)})
hv = grp[grp.ok].groupby(["m", "mi"], sort=True).amt.sum().reset_index()
inv_mi = [hv.mi.to_numpy()]
inv_m = [hv.m.to_numpy()]
inv_t = [run[hv.mi.to_numpy()] + rng.uniform(0, 6 * 3600, len(hv))]
inv_amt = [np.round(hv.amt.to_numpy(), 2)]
inv_kind = [np.zeros(len(hv), int)]
fm = np.nonzero(m_bill[:NM] == 1)[0]
fm = fm[m_open[fm] >= 0]
inv_m.append(fm)
inv_t.append(m_open[fm] + rng.uniform(0.2, 2, len(fm)) * DAY)
inv_amt.append(np.round(np.where(m_area[fm] == EST, 2500, 1800) * np.exp(rng.normal(0, 0.3, len(fm))) / 50) * 50)
inv_kind.append(np.ones(len(fm), int))
inv_mi.append(np.full(len(fm), -1))
cm = np.nonzero((m_bill[:NM] == 2) & np.isin(m_out[:NM], ["settled", "won"]))[0]
inv_m.append(cm)
inv_t.append(m_close[cm] + rng.uniform(10, 45, len(cm)) * DAY)
inv_amt.append(np.round(0.33 * np.exp(rng.normal(np.log(60000), 0.9, len(cm))) * m_k[cm] ** 0.5, 2))
inv_kind.append(np.full(len(cm), 2))
inv_mi.append(np.full(len(cm), -1))
inv_m = np.concatenate(inv_m)
inv_t = np.concatenate(inv_t)
inv_amt = np.concatenate(inv_amt)
inv_kind = np.concatenate(inv_kind)
inv_mi = np.concatenate(inv_mi)
keep = inv_t <= TN
inv_m, inv_t, inv_amt, inv_kind, inv_mi = inv_m[keep], inv_t[keep], inv_amt[keep], inv_kind[keep], inv_mi[keep]
o = np.argsort(inv_t, kind="stable")
inv_m, inv_t, inv_amt, inv_kind, inv_mi = inv_m[o], inv_t[o], inv_amt[o], inv_kind[o], inv_mi[o]
NI = len(inv_m)
inv_no = np.array([f"INV-{i + 1:06d}" for i in range(NI)])
inv_c = m_client[inv_m]
inv_due = np.floor(inv_t / DAY) * DAY + 30 * DAY
# the entry -> invoice key (filled in when the invoice is issued)
inv_lookup = pd.DataFrame({"m": inv_m, "mi": inv_mi, "i": np.arange(NI)})[inv_kind == 0]
te_inv = np.full(NE, -1)
lk = pd.DataFrame({"m": te_m, "mi": mi, "row": np.arange(NE)})[np.isfinite(te_inv_t)]
lk = lk.merge(inv_lookup[["m", "mi", "i"]], on=["m", "mi"], how="left")
te_inv[lk.row.to_numpy()] = lk.i.fillna(-1).astype(int).to_numpy()

# ---------------- payments and the trust ledger (event-driven: retainers, invoices paid from trust, top-ups, refunds)
inv_wo = rng.random(NI) < sig(-3.8 - 1.3 * c_pay[inv_c])
inv_delay = (3 + rng.exponential(20, NI) * np.exp(-0.5 * c_pay[inv_c]) * PAY_MULT[c_office[inv_c]]) * DAY
inv_split = rng.random(NI) < 0.15
inv_gap = rng.exponential(20, NI) * DAY
PAY = []  # (invoice, t, amount, method)
TR = []  # (matter, t, kind, amount)
ev = []
for m in np.nonzero(m_retainer[:NM] > 0)[0]:
    heapq.heappush(ev, (max(m_open[m], 0.0) + rng.uniform(0, 3) * DAY, 0, int(m), m_retainer[m]))
for m in np.nonzero(m_retainer[:NM] > 0)[0]:
    heapq.heappush(ev, (m_close[m] + (40 + rng.uniform(0, 10)) * DAY, 2, int(m), 0.0))
for i in range(NI):
    heapq.heappush(ev, (inv_t[i] + 1, 1, i, 0.0))
bal = np.zeros(MM)
topup_u = rng.random(20000)
topup_d = rng.exponential(10, 20000)
nt = 0
while ev:
    t, kind, x, amt = heapq.heappop(ev)
    if t > TN:
        break
    if kind == 0:  # deposit (retainer or top-up)
        bal[x] += amt
        TR.append((x, t, "deposit", amt))
    elif kind == 2:  # refund of what is left at close
        if bal[x] > 0:
            TR.append((x, t, "refund", -bal[x]))
            bal[x] = 0
    else:
        m = inv_m[x]
        if m_retainer[m] > 0 and bal[m] >= inv_amt[x]:
            tt = t + rng.uniform(1, 4) * DAY
            bal[m] -= inv_amt[x]
            TR.append((m, tt, "transfer_to_operating", -inv_amt[x]))
            PAY.append((x, tt, inv_amt[x], "trust"))
            if bal[m] < 1000 and m_close[m] > tt:
                if topup_u[nt] < sig(0.5 + c_pay[m_client[m]]):
                    heapq.heappush(ev, (tt + (1 + topup_d[nt]) * DAY, 0, int(m), m_retainer[m]))
                nt += 1
        elif inv_wo[x]:
            if rng.random() < 0.3:
                PAY.append((x, t + inv_delay[x], np.round(0.3 * inv_amt[x], 2), "card"))
        elif inv_split[x]:
            half = np.round(inv_amt[x] / 2, 2)
            PAY.append((x, t + inv_delay[x], half, "check"))
            PAY.append((x, t + inv_delay[x] + inv_gap[x], np.round(inv_amt[x] - half, 2), "check"))
        else:
            PAY.append((x, t + inv_delay[x], inv_amt[x], "ach"))
PAY = [p for p in PAY if p[1] <= TN]
TR = [r for r in TR if r[1] <= TN]
p_inv = np.array([p[0] for p in PAY])
p_t = np.array([p[1] for p in PAY])
p_amt = np.array([p[2] for p in PAY])
p_kind = np.array([p[3] for p in PAY])
o = np.argsort(p_t, kind="stable")
p_inv, p_t, p_amt, p_kind = p_inv[o], p_t[o], p_amt[o], p_kind[o]
NP = len(p_t)
METH = {
    "ach": (["ACH", "ach", "Bank transfer", "wire", "Wire Transfer"], [0.45, 0.15, 0.15, 0.15, 0.1]),
    "check": (["Check", "check", "cheque", "CHECK"], [0.55, 0.2, 0.15, 0.1]),
    "card": (["Card", "credit card", "CC"], [0.5, 0.3, 0.2]),
    "trust": (["Trust", "trust transfer", "IOLTA"], [0.6, 0.3, 0.1]),
}
p_method = np.array([rng.choice(METH[k][0], p=METH[k][1]) for k in p_kind], dtype=object)
p_ref = np.array([f"{rng.integers(10**7, 10**8)}" for _ in range(NP)])  # noise
# an invoice is paid when its payments add up; written off 150 days after issue
paid_sum = pd.Series(p_amt).groupby(p_inv).cumsum().to_numpy()
full = paid_sum >= inv_amt[p_inv] - 0.01
inv_paid = np.full(NI, np.inf)
inv_paid_s = pd.Series(p_t[full]).groupby(p_inv[full]).min()
inv_paid[inv_paid_s.index.to_numpy()] = inv_paid_s.to_numpy()
inv_wo_t = np.where(inv_wo & ~np.isfinite(inv_paid), inv_t + 150 * DAY, np.inf)

tr_m = np.array([r[0] for r in TR])
tr_t = np.array([r[1] for r in TR])
tr_kind = np.array([r[2] for r in TR], dtype=object)
tr_amt = np.round(np.array([r[3] for r in TR]), 2)
o = np.argsort(tr_t, kind="stable")
tr_m, tr_t, tr_kind, tr_amt = tr_m[o], tr_t[o], tr_kind[o], tr_amt[o]
tr_bal = np.round(pd.Series(tr_amt).groupby(tr_m).cumsum().to_numpy(), 2)

# ---------------- court deadlines
dl_m = np.array([x[0] for x in DL])
dl_set = np.array([x[1] for x in DL])
dl_due = np.array([x[2] for x in DL])
dl_kind = np.array([x[3] for x in DL], dtype=object)
dl_miss = np.array([x[4] for x in DL])
dl_done = np.maximum(dl_due - rng.uniform(0, 4, len(DL)) * DAY, dl_set + 3600)
dl_done = np.where(dl_miss, np.inf, dl_done)
dl_vac = np.where((m_close[dl_m] < dl_due) & ~(dl_done < m_close[dl_m]), m_close[dl_m], np.inf)
dl_done = np.where(np.isfinite(dl_vac), np.inf, dl_done)
COURTS = {
    LIT: ["Superior Court", "superior ct", "SUPERIOR COURT", "U.S. District Court", "US Dist. Ct."],
    EMP: ["U.S. District Court", "EEOC", "eeoc", "Superior Court"],
    FAM: ["Family Court", "family court ", "Probate & Family Ct"],
    IP: ["USPTO", "uspto", "U.S. District Court", "PTAB"],
}
dl_court = np.array([rng.choice(COURTS[m_area[m]]) for m in dl_m], dtype=object)

# ---------------- tables as they stood at CUT
NCC = len(CC)
cc = pd.DataFrame(CC, columns=["c", "area", "lead", "t", "cleared", "res", "m"])
cc_adv = np.array(
    [f"{rng.choice(['Smith', 'Jones', 'Acme', 'Delta', 'Orion', 'Baxter'])} {rng.integers(1, 999)}" for _ in range(NCC)]
)  # noise
cc_known = cc.cleared.to_numpy() <= T
cc_mt = np.where(cc.m.to_numpy() >= 0, m_open[np.maximum(cc.m.to_numpy(), 0)], np.inf)
conflict_checks = pd.DataFrame(
    {
        "check_id": np.arange(1, NCC + 1),
        "client_id": cc.c.to_numpy() + 1,
        "requested_by": a_code[cc.lead.to_numpy()],
        "adverse_party": cc_adv,
        "requested_at": ts(cc.t.to_numpy()),
        "cleared_at": ts(known(cc.cleared.to_numpy())),
        "result": np.where(cc_known, cc.res.to_numpy(), "pending"),
        "matter_id": pd.array(np.where(cc_mt <= T, cc.m.to_numpy() + 1, 0), dtype="Int64"),
    }
)
conflict_checks.loc[~(cc_mt <= T), "matter_id"] = pd.NA
conflict_checks = conflict_checks[cc.t.to_numpy() <= T]

te_known = te_ent <= T
hrs_to_date = np.bincount(te_m[te_known], weights=te_h[te_known], minlength=MM)[:NM]
lead_now = np.array([[a for t, a in lead_hist[m] if t <= max(T, m_open[m])][-1] for m in range(NM)])
matters = pd.DataFrame(
    {
        "matter_id": np.arange(1, NM + 1),
        "client_id": m_client[:NM] + 1,
        "lead_attorney": a_code[lead_now],
        "practice_area": AREAS[m_area[:NM]],
        "billing_type": np.array(["hourly", "flat_fee", "contingency"])[m_bill[:NM]],
        "budget_estimate": m_budget[:NM],
        "opened_at": ts(m_open[:NM]),
        "status": np.where(m_close[:NM] <= T, "closed", "open"),
        "closed_at": ts(known(m_close[:NM])),
        "outcome": np.where(m_close[:NM] <= T, m_out[:NM], None),
        "hours_to_date": np.round(hrs_to_date, 1),
    }
)[m_open[:NM] <= T]

inv_known = inv_t <= T
inv_ik = te_inv >= 0
te_inv_known = np.where(inv_ik, inv_t[np.maximum(te_inv, 0)] <= T, False)
time_entries = pd.DataFrame(
    {
        "entry_id": np.arange(1, NE + 1),
        "matter_id": te_m + 1,
        "attorney_code": a_code[te_a],
        "work_date": DAYS[te_d].date,
        "entered_at": ts(te_ent),
        "hours": te_h,
        "rate": te_rate,
        "amount": np.round(te_h * te_rate, 2),
        "activity": te_act,
        "billable": te_bill,
        "invoice_no": np.where(te_inv_known, inv_no[np.maximum(te_inv, 0)], None),
        "status": np.where(~te_bill, "no_charge", np.where(te_inv_known, "billed", "unbilled")),
    }
)
ord_te = np.lexsort((te_ent, te_d))  # ids in work-date order, the same in every --as-of copy
time_entries["entry_id"] = np.argsort(ord_te) + 1
time_entries = time_entries.iloc[ord_te][te_known[ord_te]]

pk = p_t <= T
paid_to_date = np.bincount(p_inv[pk], weights=p_amt[pk], minlength=NI)
due_dt = ts(inv_due)
inv_status = np.where(
    inv_paid <= T,
    "paid",
    np.where(
        inv_wo_t <= T,
        "written_off",
        np.where(inv_due < T, "overdue", np.where(paid_to_date > 0, "partial", "open")),
    ),
)
invoices = pd.DataFrame(
    {
        "invoice_no": inv_no,
        "matter_id": inv_m + 1,
        "client_id": inv_c + 1,
        "issued_at": ts(inv_t),
        "due_on": due_dt.date,
        "amount": inv_amt,
        "amount_paid": np.round(paid_to_date, 2),
        "status": inv_status,
        "paid_at": ts(known(inv_paid)),
    }
)[inv_known]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, NP + 1),
        "invoice_no": inv_no[p_inv],
        "client_id": inv_c[p_inv] + 1,
        "received_at": ts(p_t),
        "amount": p_amt,
        "method": p_method,
        "reference": p_ref,
    }
)[pk]

trust = pd.DataFrame(
    {
        "txn_id": np.arange(1, len(tr_t) + 1),
        "client_id": m_client[tr_m] + 1,
        "matter_id": tr_m + 1,
        "posted_at": ts(tr_t),
        "kind": tr_kind,
        "amount": tr_amt,
        "balance_after": tr_bal,
    }
)[tr_t <= T]

dl_status = np.where(
    dl_done <= T, "met", np.where(dl_vac <= T, "vacated", np.where(dl_miss & (dl_due <= T), "missed", "pending"))
)
court_deadlines = pd.DataFrame(
    {
        "deadline_id": np.arange(1, len(DL) + 1),
        "matter_ref": (dl_m + 1).astype(str),
        "kind": dl_kind,
        "court": dl_court,
        "set_at": ts(dl_set),
        "due_at": ts(dl_due),
        "status": dl_status,
        "completed_at": ts(known(dl_done)),
    }
)[dl_set <= T]

# clients: today's status, last activity, billed total and trust balance
mk = m_open[:NM] <= T
open_now = np.bincount(m_client[:NM][mk & (m_close[:NM] > T)], minlength=NCL)
any_m = np.bincount(m_client[:NM][mk], minlength=NCL)
last_act = pd.Series(te_ent[te_known]).groupby(m_client[te_m[te_known]]).max().reindex(range(NCL)).to_numpy()
billed = np.bincount(inv_c[inv_known], weights=inv_amt[inv_known], minlength=NCL)
tk = tr_t <= T
tbal = np.bincount(m_client[tr_m[tk]], weights=tr_amt[tk], minlength=NCL)
clients = pd.DataFrame(
    {
        "client_id": np.arange(1, NCL + 1),
        "office_id": c_office + 1,
        "name": c_name,
        "client_type": np.where(c_bus, "business", "individual"),
        "industry": c_industry,
        "referral_source": c_ref,
        "created_at": ts(c_created),
        "status": np.where(open_now > 0, "active", np.where(any_m > 0, "inactive", "prospect")),
        "last_activity_at": ts(last_act),
        "total_billed": np.round(billed, 2),
        "trust_balance": np.round(tbal, 2),
    }
)[c_created <= T]

yr_cut = CUT.year
attorneys = pd.DataFrame(
    {
        "attorney_code": a_code,
        "office_id": a_office + 1,
        "full_name": a_name,
        "role": a_role,
        "practice_area": np.where(a_area >= 0, AREAS[np.maximum(a_area, 0)], None),
        "bar_admitted": a_bar,
        "hourly_rate": np.round(a_base * 1.06 ** (yr_cut - 2023) / 5) * 5,
        "hired_on": ts(a_hired).date,
        "left_on": pd.Series(ts(known(a_left))).dt.date,
        "status": np.where(a_left <= T, "departed", "active"),
    }
)[a_hired <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE offices (office_id INTEGER PRIMARY KEY, city VARCHAR, region VARCHAR, collections_policy VARCHAR,
                      opened_on DATE);
CREATE TABLE attorneys (attorney_code VARCHAR PRIMARY KEY, office_id INTEGER REFERENCES offices(office_id),
                        full_name VARCHAR, role VARCHAR, practice_area VARCHAR, bar_admitted INTEGER,
                        hourly_rate DOUBLE, hired_on DATE, left_on DATE, status VARCHAR);
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, office_id INTEGER REFERENCES offices(office_id), name VARCHAR,
                      client_type VARCHAR, industry VARCHAR, referral_source VARCHAR, created_at TIMESTAMP,
                      status VARCHAR, last_activity_at TIMESTAMP, total_billed DOUBLE, trust_balance DOUBLE);
CREATE TABLE conflict_checks (check_id INTEGER PRIMARY KEY, client_id INTEGER, requested_by VARCHAR,
                              adverse_party VARCHAR, requested_at TIMESTAMP, cleared_at TIMESTAMP, result VARCHAR,
                              matter_id INTEGER);
CREATE TABLE matters (matter_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
                      lead_attorney VARCHAR, practice_area VARCHAR, billing_type VARCHAR, budget_estimate DOUBLE,
                      opened_at TIMESTAMP, status VARCHAR, closed_at TIMESTAMP, outcome VARCHAR,
                      hours_to_date DOUBLE);
CREATE TABLE time_entries (entry_id INTEGER PRIMARY KEY, matter_id INTEGER, attorney_code VARCHAR, work_date DATE,
                           entered_at TIMESTAMP, hours DOUBLE, rate DOUBLE, amount DOUBLE, activity VARCHAR,
                           billable BOOLEAN, invoice_no VARCHAR, status VARCHAR);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, matter_id INTEGER, client_id INTEGER, issued_at TIMESTAMP,
                       due_on DATE, amount DOUBLE, amount_paid DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_no VARCHAR, client_id INTEGER, received_at TIMESTAMP,
                       amount DOUBLE, method VARCHAR, reference VARCHAR);
CREATE TABLE trust_transactions (txn_id INTEGER PRIMARY KEY, client_id INTEGER, matter_id INTEGER,
                                 posted_at TIMESTAMP, kind VARCHAR, amount DOUBLE, balance_after DOUBLE);
CREATE TABLE court_deadlines (deadline_id INTEGER PRIMARY KEY, matter_ref VARCHAR, kind VARCHAR, court VARCHAR,
                              set_at TIMESTAMP, due_at TIMESTAMP, status VARCHAR, completed_at TIMESTAMP);
""")
for name, df in [
    ("offices", offices[of_open <= T]),
    ("attorneys", attorneys),
    ("clients", clients),
    ("conflict_checks", conflict_checks),
    ("matters", matters),
    ("time_entries", time_entries),
    ("invoices", invoices),
    ("payments", payments),
    ("trust_transactions", trust),
    ("court_deadlines", court_deadlines),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
