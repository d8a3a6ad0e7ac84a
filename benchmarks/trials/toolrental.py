"""An equipment and tool rental chain (depots, a catalogue of models by category with day rates, equipment items,
contractor and homeowner customers with credit accounts, reservations booked ahead, rental contracts with their
items, damage reports, service records with the hours meter, invoices with payments), seeded:
`python benchmarks/trials/toolrental.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)); row counts are printed (about 80k rows: 16.5k
contracts, 25.3k contract lines, 16.4k invoices, 9.9k reservations, 5.4k service records; ~6 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs over 2022-01-01..NOW. Rows dated after NOW
exist only where written ahead: reservations.start_date (booked 1-30 days ahead), rental_contracts.due_at (set when
the contract goes out), invoices.due_on (issue + 30 days for accounts). Every other later date of a row is filled in
later: rental_contracts.returned_at, late_fee; damage_reports.repaired_at; invoices.paid_at; items.retired_at.

Truth (seed 0):
- depots (8): size drives fleet and customers; depot 8 (Riverside) opens 2023-09-01 with its own fleet and takes
  30% of new customers after; region, phone noise
- categories (8, stored as text on models): monthly demand factors: landscaping Apr-May x1.8-2.0, Dec-Jan x.3;
  heating Nov-Feb x1.8-2.9, May-Aug x.05-.1; concrete/earthmoving summer x1.3-1.4, winter x.5-.6; power_tools,
  floor_care flat; access_lifts, generators mild. Category sets rental length (heating +.8, earthmoving +.4 log
  days), usage hours per day on the meter (heating 14, generators 10, earthmoving 6, others 3-5) and damage (+.5
  logit for earthmoving, access_lifts, concrete)
- models (44, PK model_code TEXT 'M-007'): the catalogue; category, day_rate (base 35-320 by category x
  LogNormal(0, .25)) TODAY's: the list rate rises 4% on 2023-01-01 and 6% more on 2024-01-01 (contract_items.day_rate
  holds the rate charged then); service_interval_hours, life_hours; 4 models added mid-span (added_on);
  manufacturer MESSY ('Bobcat', 'BOBCAT', 'bobcat ', 'Honda', 'honda', ..., NULL); weight_kg noise. The category and
  rate are a two-hop parent attribute of a contract line (contract_items -> items -> models)
- items (~420 at START, ~780 added: replacements, the new depot's and new models' stock): fragility f ~ N(0, 1)
  (hidden) raises damage (+.6f logit) and breakdowns (+.7f);
  hours_meter TODAY's (a running counter: + rental days x category hours/day x U(.6, 1.2) at each return);
  status TODAY's ('available', 'on_rent', 'in_repair', 'retired'); retired_at filled later (meter past the item's
  life, or a 'total loss' damage); a replacement item arrives 10-40 days after a retirement; serial_no noise
- customers (~4,000: 1,200 before the span): contractors 30% (customer_type MESSY 'Contractor', 'contractor',
  'CONTRACTOR ', 'Homeowner', 'homeowner', 'home owner', 'HOMEOWNER'); trade (contractors: landscaper, general,
  concrete, hvac, events) sets the category mix, homeowners mostly landscaping / power_tools / floor_care; rate
  (contractors .02/day x LogNormal(0, .6), homeowners .0025/day x LogNormal(0, .7)) x exp(g years since signup),
  g ~ N(0, .25), x the mix's season x weekday (contractors Mon-Fri, Monday x1.5; homeowners Saturday x2.2); a new
  customer rents within Exp(2) days of signing up; loyalty l, sloppiness s, slow payer p ~ N(0, 1) hidden; churn
  hazard per day exp(-.5 l + .5 p) / 900 for contractors, exp(-.5 l) / 700 for homeowners; TODAY's: status
  ('active' a rental in the last 180 days, 'dormant', 'on_hold' balance over credit limit), balance (contractors:
  unpaid invoices), tier (rental spend in the last 365 days: bronze/silver/gold, contractors), lifetime_rentals
  (a counter), last_rental_at; account_no TEXT ('AC-0123') and credit_limit only for contractors; zip, email noise
- reservations: 55% of contractor rentals and 40% of homeowner ones are reserved 1 + Exp(4 / 8) days ahead
  (heating in Oct-Dec Exp(12)); 12% more reservations are cancelled before start, 4% no-show (no contract); status
  TODAY's ('booked', 'converted', 'cancelled', 'no_show'); model_code TEXT
- rental_contracts: out 6:30-9:30 (contractors) or 8-16 (homeowners); planned days LogNormal(log 4 contractors /
  log 1.5 homeowners + category, .7); rate_plan 'daily' (<5 days), 'weekly' (<21), 'monthly' (discount 1 / .7 /
  .45); returned late with p sigmoid(-2.2 + .9 s + .3 contractor) by 0.1 + Exp(1.5) days (late_fee .5 x rate per
  late day per line), early with p .15; status TODAY's ('open', 'overdue', 'closed'); po_number noise; an item with
  none free at the depot is fetched from another depot, else the line is lost (a contract with no line is dropped)
- contract_items (link table, no PK): one row per item on a contract; lines 1 + Poisson(.7 / .2); day_rate
- damage_reports: at return per line p sigmoid(-3.6 + .9 s + .6 f + .5 heavy); severity MESSY ('minor', 'Minor',
  'major', 'MAJOR', 'total loss', 'Total Loss'); repair_cost LogNormal(log(value x .03 / .15 / .8), .6) heavy-tailed;
  charged_to_customer with p .6 (added to the invoice); repaired_at filled later
- service_records (no PK): 'scheduled' when the meter passes the model's interval since the last service, 'repair'
  after damage or a breakdown (p sigmoid(-4.2 + .7 f + 1.2 hours since service / interval) per rental), 'inspection'
  every ~182 days for access_lifts; hours_at_service is the meter then; cost heavy-tailed; technician noise
- invoices (PK invoice_no TEXT 'INV-000123'): one per contract at its return: rental + late fees + charged damage,
  x 1.08 tax (heavy-tailed); accounts pay 30 x exp(.5 p + N(0, .4)) days after issue (write-off p sigmoid(-4.5 +
  p)), homeowners by card at once; paid_at filled later; status TODAY's ('open', 'overdue', 'paid', 'written_off');
  payment_method MESSY ('card', 'Card', 'VISA', 'ach', 'ACH', 'check', 'Cheque')
- keys: PK declared on depots, models (model_code TEXT), items, customers, reservations, rental_contracts,
  damage_reports, invoices (invoice_no TEXT); REFERENCES only items.depot_id -> depots, rental_contracts.customer_id
  -> customers, contract_items.contract_id -> rental_contracts. Undeclared: items.model_code (TEXT),
  customers.home_depot_id, reservations (customer_id, depot_id, model_code TEXT), rental_contracts (depot_id,
  reservation_id), contract_items.item_id, damage_reports (contract_id, item_id), service_records.item_id, invoices
  (contract_id, customer_id)
- `python toolrental.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first (the simulation always runs to NOW), then rows created after DATE are left out and every today's-state and
  filled-later column is as it stood at DATE (exact)
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:59")
CUT = NOW if AS_OF is None else min(AS_OF, NOW)
T = (CUT - START).total_seconds() / 86400
TN = (NOW - START).total_seconds() / 86400
ND = int(TN) + 61  # events run 60 days past NOW so that reservations booked ahead exist
INF = np.inf
DATES = START + pd.to_timedelta(np.arange(ND), unit="D")
MON = DATES.month.to_numpy() - 1
DOW = DATES.day_of_week.to_numpy()


def day(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds() / 86400


def ts(x):
    x = np.asarray(x, float)
    return (START + pd.to_timedelta(np.where(np.isfinite(x), x, np.nan) * 86400, unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


def rate_mult(t):
    return np.where(t >= day("2024-01-01"), 1.04 * 1.06, np.where(t >= day("2023-01-01"), 1.04, 1.0))


# ---------------- depots
DEP = ["Northgate", "Southside", "East Park", "Westfield", "Harbor", "Airport", "Lakeview", "Riverside"]
ND_ = len(DEP)
d_size = np.array([1.4, 1.2, 1.0, 1.0, 0.8, 0.7, 0.6, 0.8])
d_open = np.array([day("2008-03-01") + rng.uniform(0, 4000) for _ in range(ND_)])
d_open[7] = day("2023-09-01")
# fmt: off
depots = pd.DataFrame({
    "depot_id": np.arange(1, ND_ + 1), "name": DEP, "region": rng.choice(["north", "south", "central"], ND_),
    "phone": [f"555-{rng.integers(1000, 9999)}" for _ in range(ND_)], "opened_on": ts(d_open).date,
})
# fmt: on

# ---------------- categories and the catalogue
CAT = ["landscaping", "heating", "concrete", "earthmoving", "power_tools", "access_lifts", "floor_care", "generators"]
NC = len(CAT)
# fmt: off
S = np.array([
    [0.3, 0.4, 0.9, 1.8, 2.0, 1.5, 1.1, 1.0, 1.1, 1.2, 0.6, 0.3],
    [2.8, 2.4, 1.3, 0.5, 0.1, 0.05, 0.05, 0.05, 0.2, 0.8, 1.8, 2.9],
    [0.5, 0.6, 0.9, 1.1, 1.3, 1.4, 1.4, 1.4, 1.3, 1.1, 0.8, 0.5],
    [0.6, 0.6, 0.9, 1.2, 1.3, 1.3, 1.2, 1.2, 1.2, 1.1, 0.8, 0.6],
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8],
    [0.8, 0.8, 1.0, 1.1, 1.1, 1.2, 1.2, 1.2, 1.1, 1.0, 0.9, 0.7],
    [1.1, 1.0, 1.2, 1.1, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.1, 1.2],
    [1.4, 1.2, 1.0, 0.9, 0.9, 1.1, 1.2, 1.3, 1.3, 1.0, 1.1, 1.4],
])
# fmt: on
CAT_RATE = np.array([60, 45, 90, 320, 35, 180, 55, 110.0])
CAT_DUR = np.array([0.0, 0.8, 0.2, 0.4, -0.3, 0.3, -0.2, 0.2])
CAT_HPD = np.array([4, 14, 4, 6, 3, 4, 5, 10.0])
CAT_HEAVY = np.array([0, 0, 1, 1, 0, 1, 0, 0.0])
# fmt: off
MAKERS = {
    "landscaping": ["Husqvarna", "husqvarna", "Stihl", "STIHL", "Honda"],
    "heating": ["Master", "MASTER", "Heatstar", "heatstar"],
    "concrete": ["Wacker", "wacker neuson", "Makita", "makita "],
    "earthmoving": ["Bobcat", "BOBCAT", "bobcat ", "Kubota", "kubota"],
    "power_tools": ["Makita", "DeWalt", "DEWALT", "Hilti", "hilti"], "access_lifts": ["Genie", "GENIE", "JLG", "jlg"],
    "floor_care": ["Clarke", "clarke", "Karcher", "Kärcher"], "generators": ["Honda", "honda", "Generac", "GENERAC"],
}
# fmt: on
m_cat = np.concatenate([np.repeat(np.arange(NC), 5), [0, 0, 7, 3]])
NM = len(m_cat)
m_code = np.array([f"M-{i:03d}" for i in range(1, NM + 1)])
m_base = np.round(CAT_RATE[m_cat] * rng.lognormal(0, 0.25, NM), 0)
m_pop = rng.gamma(2, 1, NM)
m_added = np.full(NM, -INF)
m_added[NC * 5 :] = [day("2023-03-01"), day("2024-02-15"), day("2023-10-01"), day("2024-05-01")]
m_interval = rng.choice([100, 150, 250], NM)
m_life = rng.choice([1500, 2500, 4000], NM)
m_maker = np.array([rng.choice(MAKERS[CAT[k]]) for k in m_cat], dtype=object)
m_maker[rng.random(NM) < 0.08] = None
# fmt: off
models = pd.DataFrame({
    "model_code": m_code,
    "name": [f"{CAT[k].replace('_', ' ').title()} {chr(65 + i % 26)}{rng.integers(10, 99)}" for i, k in enumerate(m_cat)],
    "category": [CAT[k] for k in m_cat], "manufacturer": m_maker, "day_rate": np.round(m_base * rate_mult(T), 2),
    "weight_kg": np.round(rng.lognormal(3.5, 1.0, NM), 1), "service_interval_hours": m_interval, "life_hours": m_life,
    "added_on": ts(np.where(np.isfinite(m_added), m_added, day("2019-01-01"))).date,
})
# fmt: on

# ---------------- items (the initial fleet; replacements are appended during the simulation)
I_model, I_depot, I_acq, I_h0, I_frag = [], [], [], [], []
cat_w = np.array([1.6, 1.0, 0.8, 0.9, 1.5, 0.7, 0.8, 0.6])
for m in range(NM):
    share = m_pop[m] / m_pop[m_cat == m_cat[m]].sum()
    for d in range(ND_):
        n = 1 + rng.poisson(3.2 * share * d_size[d] * cat_w[m_cat[m]])
        for _ in range(n):
            a = max(d_open[d], m_added[m]) if max(d_open[d], m_added[m]) > 0 else rng.uniform(-1400, -10)
            I_model.append(m)
            I_depot.append(d)
            I_acq.append(a + rng.uniform(0, 3))
            I_h0.append(min(max(0.0, -a) * rng.uniform(0.3, 1.5) * CAT_HPD[m_cat[m]] / 4, 0.7 * m_life[m]))
            I_frag.append(rng.normal())
I_ret = [INF] * len(I_model)
I_serial = [f"SN{rng.integers(10**6, 10**7)}" for _ in I_model]
by_md = {}
for i, (m, d) in enumerate(zip(I_model, I_depot, strict=True)):
    by_md.setdefault((m, d), []).append(i)

# ---------------- customers
N0, N1 = 1200, 2800
arr = np.arange(int(TN) + 1)
w_arr = np.array([1.0, 1.0, 1.3, 1.6, 1.6, 1.3, 1.1, 1.0, 1.0, 0.9, 0.8, 0.7])[MON[arr]]
c_created = np.concatenate(
    [rng.uniform(day("2018-01-01"), -1, N0), rng.choice(arr, N1, p=w_arr / w_arr.sum()) + rng.uniform(0.3, 0.7, N1)]
)
NCU = N0 + N1
c_con = rng.random(NCU) < 0.3
c_l, c_s, c_p = rng.normal(0, 1, (3, NCU))
c_g = rng.normal(0, 0.25, NCU)
# fmt: off
TRADES = {
    "landscaper": [0.7, 0.02, 0.05, 0.1, 0.08, 0.0, 0.0, 0.05],
    "general": [0.05, 0.15, 0.15, 0.1, 0.25, 0.15, 0.1, 0.05],
    "concrete": [0.0, 0.1, 0.5, 0.25, 0.1, 0.02, 0.0, 0.03], "hvac": [0.0, 0.6, 0.0, 0.0, 0.2, 0.15, 0.0, 0.05],
    "events": [0.05, 0.25, 0.0, 0.0, 0.05, 0.15, 0.1, 0.4],
}
# fmt: on
HOME = [0.35, 0.08, 0.04, 0.0, 0.25, 0.03, 0.2, 0.05]
c_trade = np.where(c_con, rng.choice(list(TRADES), NCU, p=[0.25, 0.35, 0.2, 0.1, 0.1]), None)
c_pref = np.array([TRADES[t] if t else HOME for t in c_trade])
c_pref = c_pref / c_pref.sum(1, keepdims=True)
c_base = np.where(c_con, 0.02 * rng.lognormal(0, 0.6, NCU), 0.0025 * rng.lognormal(0, 0.7, NCU))
c_churn = c_created + np.where(
    c_con, rng.exponential(900 * np.exp(0.5 * c_l - 0.5 * c_p)), rng.exponential(700 * np.exp(0.5 * c_l))
)
open_now = lambda t: np.nonzero(d_open <= t)[0]  # noqa: E731
c_depot = np.array([rng.choice(open_now(t), p=d_size[open_now(t)] / d_size[open_now(t)].sum()) for t in c_created])
new_dep8 = (c_created > d_open[7]) & (rng.random(NCU) < 0.3)
c_depot[new_dep8] = 7
c_limit = np.where(c_con, np.round(rng.lognormal(8.5, 0.8, NCU), -2), np.nan)

# ---------------- rental events: a Poisson day rate per customer
W = np.array([[1.5, 1.2, 1.1, 1.1, 1.0, 0.3, 0.05], [0.6, 0.6, 0.6, 0.7, 1.1, 2.2, 1.2]])
days = np.arange(ND)
seas = c_pref @ S  # customer x month
R = c_base[:, None] * np.exp(c_g[:, None] * np.maximum(days[None, :] - c_created[:, None], 0) / 365)
R *= seas[:, MON] * W[np.where(c_con, 0, 1)][:, DOW]
R *= (days[None, :] >= np.floor(c_created)[:, None]) & (days[None, :] < c_churn[:, None])
cnt = rng.poisson(R)
nz = np.nonzero(cnt)
ev_c, ev_d = np.repeat(nz[0], cnt[nz]), np.repeat(nz[1], cnt[nz])
first = np.nonzero(c_created > 0)[0]
first_d = np.floor(c_created[first] + rng.exponential(2, len(first)))
ok = first_d < ND
ev_c = np.concatenate([ev_c, first[ok]])
ev_d = np.concatenate([ev_d, first_d[ok]]).astype(int)
NE = len(ev_c)
con_e = c_con[ev_c]
ev_out = ev_d + np.where(con_e, rng.uniform(6.5, 9.5, NE), rng.uniform(8, 16, NE)) / 24
cp = c_pref[ev_c] * S[:, MON[ev_d]].T
ev_cat = (rng.random(NE)[:, None] > np.cumsum(cp / cp.sum(1, keepdims=True), 1)).sum(1)
ev_cat = np.minimum(ev_cat, NC - 1)
ev_lines = 1 + rng.poisson(np.where(con_e, 0.7, 0.2))
ev_depot = np.where(rng.random(NE) < 0.88, c_depot[ev_c], -1)
ev_depot = np.array([d if d >= 0 else rng.choice(open_now(t)) for d, t in zip(ev_depot, ev_d, strict=True)])
ev_plan_days = np.maximum(1, np.ceil(rng.lognormal(np.where(con_e, np.log(4), np.log(1.5)) + CAT_DUR[ev_cat], 0.7)))
ev_plan = np.where(ev_plan_days < 5, "daily", np.where(ev_plan_days < 21, "weekly", "monthly"))
DISC = {"daily": 1.0, "weekly": 0.7, "monthly": 0.45}
ev_late = rng.random(NE) < sig(-2.2 + 0.9 * c_s[ev_c] + 0.3 * con_e)
ev_early = ~ev_late & (rng.random(NE) < 0.15)
ev_ret = (
    ev_out
    + ev_plan_days * np.where(ev_early, rng.uniform(0.5, 1, NE), 1)
    + np.where(ev_late, 0.1 + rng.exponential(1.5, NE), 0)
)
ev_ret += np.where(ev_late | ev_early, rng.uniform(-0.1, 0.1, NE), 0)
lead_scale = np.where(con_e, 4, 8) * np.where((ev_cat == 1) & np.isin(MON[ev_d], [9, 10, 11]), 3, 1)
ev_res = rng.random(NE) < np.where(con_e, 0.55, 0.4)
ev_booked = np.minimum(ev_d - 1 - np.minimum(rng.exponential(lead_scale), 29) + rng.uniform(0.3, 0.7, NE), ev_out - 0.5)
ev_res &= ev_booked > c_created[ev_c]
o = np.argsort(ev_out, kind="stable")
ev_c, ev_d, ev_out, ev_cat, ev_lines, ev_depot, ev_plan_days, ev_plan = (
    x[o] for x in (ev_c, ev_d, ev_out, ev_cat, ev_lines, ev_depot, ev_plan_days, ev_plan)
)
ev_late, ev_ret, ev_res, ev_booked, con_e = ev_late[o], ev_ret[o], ev_res[o], ev_booked[o], con_e[o]

# ---------------- assigning items, wear, damage, service and retirement (chronological)
busy = [-INF] * len(I_model)
hours = list(I_h0)
last_sv = list(I_h0)
last_insp = [a for a in I_acq]
CON, LINE, DMG, SVC = [], [], [], []
# CON: (event, depot, res?) LINE: (con, item, rate, hours_added, return) DMG: (con, item, t, sev, cost, charged, fixed)
# SVC: (item, t, type, hours_at, cost)


def pick(m, d, t):
    for i in by_md.get((m, d), []):
        if I_acq[i] <= t and I_ret[i] > t and busy[i] <= t:
            return i
    return -1


for e in range(NE):
    t = ev_out[e]
    if t > TN:
        break
    c = ev_c[e]
    dep = ev_depot[e]
    lines = []
    for j in range(ev_lines[e]):
        k = ev_cat[e] if j == 0 or rng.random() < 0.6 else rng.choice(NC, p=c_pref[c])
        ms = np.nonzero((m_cat == k) & (m_added <= t))[0]
        m = rng.choice(ms, p=m_pop[ms] / m_pop[ms].sum())
        i = pick(m, dep, t)
        if i < 0:
            for d2 in rng.permutation(open_now(t)):
                i = pick(m, d2, t)
                if i >= 0:
                    break
        if i >= 0:
            busy[i] = ev_ret[e]
            lines.append((i, m))
    if not lines:
        continue
    ci = len(CON)
    CON.append((e, dep))
    r = ev_ret[e]
    for i, m in lines:
        k = m_cat[m]
        hadd = round((r - t) * CAT_HPD[k] * rng.uniform(0.6, 1.2), 1)
        LINE.append((ci, i, round(float(m_base[m] * rate_mult(t)), 2), hadd, r))
        hours[i] += hadd
        ready = r
        f = I_frag[i]
        if rng.random() < sig(-3.6 + 0.9 * c_s[c] + 0.6 * f + 0.5 * CAT_HEAVY[k]):
            sev = rng.choice(3, p=[0.7, 0.25, 0.05])
            cost = round(rng.lognormal(np.log(m_base[m] * 40 * [0.03, 0.15, 0.8][sev]), 0.6), 2)
            fix = r + rng.uniform(0.1, 1) + rng.exponential([3, 10, 1][sev])
            DMG.append((ci, i, r + rng.uniform(0.01, 0.2), sev, cost, rng.random() < 0.6, fix))
            ready = fix
            if sev == 2:
                I_ret[i] = fix
            else:
                SVC.append((i, fix, "repair", hours[i], cost))
                last_sv[i] = hours[i]
        elif rng.random() < sig(-4.2 + 0.7 * f + 1.2 * (hours[i] - last_sv[i]) / m_interval[m]):
            ready = r + rng.uniform(0.3, 3)
            SVC.append((i, ready, "repair", hours[i], round(rng.lognormal(np.log(m_base[m] * 2), 0.8), 2)))
            last_sv[i] = hours[i]
        if np.isfinite(I_ret[i]):
            pass
        elif hours[i] - last_sv[i] >= m_interval[m]:
            ready = max(ready, r) + rng.uniform(0.2, 2)
            SVC.append((i, ready, "scheduled", hours[i], round(rng.lognormal(np.log(80 + m_base[m] * 0.5), 0.3), 2)))
            last_sv[i] = hours[i]
        if k == 5 and ready - last_insp[i] > 182:
            last_insp[i] = ready = ready + rng.uniform(0.2, 1)
            SVC.append((i, ready, "inspection", hours[i], 95.0))
        if np.isinf(I_ret[i]) and hours[i] > m_life[m] * np.exp(0.3 * rng.normal() - 0.2 * f):
            I_ret[i] = ready + rng.uniform(1, 20)
        busy[i] = ready
        if np.isfinite(I_ret[i]):  # a replacement arrives
            n = len(I_model)
            I_model.append(m)
            I_depot.append(I_depot[i])
            I_acq.append(I_ret[i] + rng.uniform(10, 40))
            I_h0.append(0.0)
            I_frag.append(rng.normal())
            I_ret.append(INF)
            I_serial.append(f"SN{rng.integers(10**6, 10**7)}")
            busy.append(-INF)
            hours.append(0.0)
            last_sv.append(0.0)
            last_insp.append(I_acq[-1])
            by_md[(m, I_depot[i])].append(n)

# ---------------- tables as they stood at CUT
C_e = np.array([x[0] for x in CON])
C_dep = np.array([x[1] for x in CON])
C_c, C_out, C_ret, C_plan_days = ev_c[C_e], ev_out[C_e], ev_ret[C_e], ev_plan_days[C_e]
NCO = len(CON)
L_c = np.array([x[0] for x in LINE])
L_i = np.array([x[1] for x in LINE])
L_rate = np.array([x[2] for x in LINE])
L_h = np.array([x[3] for x in LINE])
L_late_days = np.ceil(np.maximum(C_ret[L_c] - (C_out[L_c] + C_plan_days[L_c]), 0) - 0.05).clip(0)
L_amt = L_rate * C_plan_days[L_c] * np.array([DISC[p] for p in ev_plan[C_e][L_c]])
C_late_fee = np.bincount(L_c, weights=0.5 * L_rate * L_late_days, minlength=NCO)
D = pd.DataFrame(DMG, columns=["con", "item", "t", "sev", "cost", "charged", "fix"])
C_dmg = np.bincount(D.con, weights=D.cost * D.charged, minlength=NCO)
C_inv_t = C_ret + rng.uniform(0.01, 0.5, NCO)
C_inv_amt = np.round((np.bincount(L_c, weights=L_amt, minlength=NCO) + C_late_fee + C_dmg) * 1.08, 2)
con_c = c_con[C_c]
C_paid = np.where(con_c, C_inv_t + 30 * np.exp(0.5 * c_p[C_c] + rng.normal(0, 0.4, NCO)), C_inv_t + 0.001)
C_paid = np.where(con_c & (rng.random(NCO) < sig(-4.5 + c_p[C_c])), INF, C_paid)
C_due_on = np.floor(C_inv_t) + np.where(con_c, 30, 0)

c_in = c_created <= T
out_in = C_out <= T
spend365 = np.bincount(
    C_c[(C_inv_t <= T) & (C_inv_t > T - 365)], weights=C_inv_amt[(C_inv_t <= T) & (C_inv_t > T - 365)], minlength=NCU
)
unpaid = (C_inv_t <= T) & (C_paid > T)
balance = np.bincount(C_c[unpaid], weights=C_inv_amt[unpaid], minlength=NCU)
last_rent = np.full(NCU, np.nan)
np.fmax.at(last_rent, C_c[out_in], C_out[out_in])
c_status = np.where(
    balance > np.nan_to_num(c_limit, nan=INF), "on_hold", np.where(last_rent > T - 180, "active", "dormant")
)
CTYPE = (["Contractor", "contractor", "CONTRACTOR "], ["Homeowner", "homeowner", "home owner", "HOMEOWNER"])
# fmt: off
customers = pd.DataFrame({
    "customer_id": np.arange(1, NCU + 1),
    "customer_type": [rng.choice(CTYPE[0] if x else CTYPE[1], p=[0.7, 0.2, 0.1] if x else [0.6, 0.2, 0.1, 0.1]) for x in c_con],
    "company_name": [f"{rng.choice(['Acme', 'Summit', 'Oak', 'Prime', 'Blue Ridge'])} {t.title()} {i}" if t else None for i, t in enumerate(c_trade)],
    "account_no": [f"AC-{i:04d}" if x else None for i, x in enumerate(c_con)], "created_at": ts(c_created),
    "home_depot_id": c_depot + 1,
    "zip": [f"{rng.integers(10000, 99999)}" if rng.random() > 0.05 else None for _ in range(NCU)],
    "email": [f"c{i}@mail.example" if rng.random() > 0.15 else None for i in range(NCU)], "credit_limit": c_limit,
    "balance": np.where(c_con, np.round(balance, 2), np.nan),
    "tier": np.where( c_con, np.where(spend365 > 20000, "gold", np.where(spend365 > 5000, "silver", "bronze")), None ),
    "status": c_status, "lifetime_rentals": np.bincount(C_c[out_in], minlength=NCU), "last_rental_at": ts(last_rent),
})[c_in]
# fmt: on

I_model, I_depot, I_acq, I_ret, I_h0 = map(np.array, (I_model, I_depot, I_acq, I_ret, I_h0))
NI = len(I_model)
L_back = C_ret[L_c] <= T
meter = I_h0 + np.bincount(L_i[L_back], weights=L_h[L_back], minlength=NI)
on_rent = np.zeros(NI, bool)
on_rent[L_i[(C_out[L_c] <= T) & (C_ret[L_c] > T)]] = True
V = pd.DataFrame(SVC, columns=["item", "t", "type", "hours", "cost"])
fix_t = np.concatenate([D.fix[D.sev < 2], V.t[V.type != "inspection"]])
fix_from = np.concatenate([D.t[D.sev < 2], V.t[V.type != "inspection"] - 2])
fix_i = np.concatenate([D.item[D.sev < 2], V.item[V.type != "inspection"]])
in_repair = np.zeros(NI, bool)
in_repair[fix_i[(fix_from <= T) & (fix_t > T)]] = True
# fmt: off
items = pd.DataFrame({
    "item_id": np.arange(1, NI + 1), "model_code": m_code[I_model], "depot_id": I_depot + 1, "serial_no": I_serial,
    "acquired_at": ts(I_acq), "hours_meter": np.round(meter, 1),
    "status": np.where(I_ret <= T, "retired", np.where(on_rent, "on_rent", np.where(in_repair, "in_repair", "available"))),
    "retired_at": ts(known(I_ret)),
})[I_acq <= T]
# fmt: on

# reservations: converted ones from contracts (and lost ones), plus cancellations and no-shows
RES_MADE = np.zeros(NE, bool)
RES_MADE[C_e] = True
ev_has_con = RES_MADE.copy()
ev_first_model = np.full(NE, -1)
ev_first_model[C_e] = I_model[L_i[np.searchsorted(L_c, np.arange(NCO))]]
NX = int(NE * 0.16)
x_ev = rng.integers(0, NE, NX)
x_ns = rng.random(NX) < 0.25
x_start = np.minimum(ev_d[x_ev] + rng.integers(2, 20, NX), ND - 1)
x_booked = x_start - 1 - np.minimum(rng.exponential(np.where(con_e[x_ev], 4, 8)), 29) + rng.uniform(0.3, 0.7, NX)
x_cancel = x_booked + rng.uniform(0, 1, NX) * (x_start - x_booked)
r_ev = np.concatenate([np.nonzero(ev_res)[0], x_ev])
kind = np.concatenate([np.zeros(ev_res.sum(), int), np.where(x_ns, 2, 1)])  # 0 kept, 1 cancelled, 2 no-show
r_cancel = np.concatenate([np.full(ev_res.sum(), INF), np.where(x_ns, x_start + 1, x_cancel)])
r_booked = np.concatenate([ev_booked[ev_res], x_booked])
r_start = np.concatenate([ev_d[ev_res], x_start])
r_model = np.array([ev_first_model[e] if ev_first_model[e] >= 0 else -1 for e in r_ev])
for j in np.nonzero(r_model < 0)[0]:
    ms = np.nonzero((m_cat == ev_cat[r_ev[j]]) & (m_added <= ev_out[r_ev[j]]))[0]
    r_model[j] = rng.choice(ms)
lost = (kind == 0) & ~ev_has_con[r_ev] & (ev_out[r_ev] <= TN)
kind[lost] = 1
r_cancel[lost] = ev_out[r_ev[lost]] - 0.1
keep = (r_booked <= T) & (r_booked <= TN) & (r_booked > c_created[ev_c[r_ev]])
r_status = np.where(
    r_cancel <= T,
    np.where(kind == 2, "no_show", "cancelled"),
    np.where((kind == 0) & (ev_out[r_ev] <= T), "converted", "booked"),
)
o = np.argsort(r_booked, kind="stable")
# fmt: off
res = pd.DataFrame({
    "customer_id": ev_c[r_ev] + 1, "depot_id": np.where(ev_depot[r_ev] >= 0, ev_depot[r_ev], c_depot[ev_c[r_ev]]) + 1,
    "model_code": m_code[r_model], "booked_at": ts(r_booked), "start_date": ts(r_start).date,
    "days_requested": ev_plan_days[r_ev].astype(int), "status": r_status, "ev": r_ev, "kept": kind == 0,
}).iloc[o]
# fmt: on
res["reservation_id"] = np.arange(1, len(res) + 1)
ev_res_id = dict(zip(res.ev[res.kept], res.reservation_id[res.kept], strict=True))
reservations = res[keep[o]].drop(columns=["ev", "kept"])
reservations = reservations[["reservation_id"] + [c for c in reservations.columns if c != "reservation_id"]]

C_status = np.where(C_ret <= T, "closed", np.where(C_out + C_plan_days < T, "overdue", "open"))
# fmt: off
rental_contracts = pd.DataFrame({
    "contract_id": np.arange(1, NCO + 1), "customer_id": C_c + 1, "depot_id": C_dep + 1,
    "reservation_id": pd.array([ev_res_id.get(e) for e in C_e], dtype="Int64"), "out_at": ts(C_out),
    "due_at": ts(C_out + C_plan_days), "rate_plan": ev_plan[C_e], "returned_at": ts(known(C_ret)),
    "late_fee": np.where(C_ret <= T, np.round(C_late_fee, 2), np.nan), "status": C_status,
    "po_number": [f"PO{rng.integers(1000, 99999)}" if x and rng.random() < 0.6 else None for x in con_c],
})[out_in]
# fmt: on
contract_items = pd.DataFrame({"contract_id": L_c + 1, "item_id": L_i + 1, "day_rate": L_rate})[C_out[L_c] <= T]
SEV = (["minor", "Minor"], ["major", "MAJOR", "Major"], ["total loss", "Total Loss"])
# fmt: off
damage_reports = pd.DataFrame({
    "damage_id": np.arange(1, len(D) + 1), "contract_id": D.con + 1, "item_id": D.item + 1, "reported_at": ts(D.t),
    "severity": [rng.choice(SEV[s]) for s in D.sev], "repair_cost": D.cost, "charged_to_customer": D.charged,
    "repaired_at": ts(known(D.fix)),
})[D.t.to_numpy() <= T]
# fmt: on
V = V.sort_values("t", kind="stable")
# fmt: off
service_records = pd.DataFrame({
    "item_id": V.item + 1, "serviced_at": ts(V.t), "service_type": V.type, "hours_at_service": V.hours.round(1),
    "cost": V.cost, "technician": rng.choice(["T. Alvarez", "J. Chen", "M. Okoro", "S. Patel", None], len(V)),
})[(V.t.to_numpy() <= T) & (V.t.to_numpy() <= TN)]
# fmt: on
o = np.argsort(C_inv_t, kind="stable")
PM = np.where(
    con_c, rng.choice(["ach", "ACH", "check", "Cheque", "card"], NCO), rng.choice(["card", "Card", "VISA"], NCO)
)
inv_status = np.where(
    C_paid <= T, "paid", np.where(T - C_inv_t > 180, "written_off", np.where(C_due_on + 1 <= T, "overdue", "open"))
)
# fmt: off
invoices = pd.DataFrame({
    "invoice_no": [f"INV-{i:06d}" for i in range(1, NCO + 1)], "contract_id": o + 1, "customer_id": C_c[o] + 1,
    "issued_at": ts(C_inv_t[o]), "due_on": ts(C_due_on[o]).date, "amount": C_inv_amt[o],
    "payment_method": np.where(C_paid[o] <= T, PM[o], None), "paid_at": ts(known(C_paid[o])), "status": inv_status[o],
})[(C_inv_t[o] <= T) & (C_inv_t[o] <= TN)]
# fmt: on

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE depots (depot_id INTEGER PRIMARY KEY, name VARCHAR, region VARCHAR, phone VARCHAR, opened_on DATE);
CREATE TABLE models (model_code VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, manufacturer VARCHAR,
                     day_rate DOUBLE, weight_kg DOUBLE, service_interval_hours INTEGER, life_hours INTEGER,
                     added_on DATE);
CREATE TABLE items (item_id INTEGER PRIMARY KEY, model_code VARCHAR, depot_id INTEGER REFERENCES depots(depot_id),
                    serial_no VARCHAR, acquired_at TIMESTAMP, hours_meter DOUBLE, status VARCHAR, retired_at TIMESTAMP);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, customer_type VARCHAR, company_name VARCHAR,
                        account_no VARCHAR, created_at TIMESTAMP, home_depot_id INTEGER, zip VARCHAR, email VARCHAR,
                        credit_limit DOUBLE, balance DOUBLE, tier VARCHAR, status VARCHAR, lifetime_rentals INTEGER,
                        last_rental_at TIMESTAMP);
CREATE TABLE reservations (reservation_id INTEGER PRIMARY KEY, customer_id INTEGER, depot_id INTEGER,
                           model_code VARCHAR, booked_at TIMESTAMP, start_date DATE, days_requested INTEGER,
                           status VARCHAR);
CREATE TABLE rental_contracts (contract_id INTEGER PRIMARY KEY,
                               customer_id INTEGER REFERENCES customers(customer_id), depot_id INTEGER,
                               reservation_id INTEGER, out_at TIMESTAMP, due_at TIMESTAMP, rate_plan VARCHAR,
                               returned_at TIMESTAMP, late_fee DOUBLE, status VARCHAR, po_number VARCHAR);
CREATE TABLE contract_items (contract_id INTEGER REFERENCES rental_contracts(contract_id), item_id INTEGER,
                             day_rate DOUBLE);
CREATE TABLE damage_reports (damage_id INTEGER PRIMARY KEY, contract_id INTEGER, item_id INTEGER,
                             reported_at TIMESTAMP, severity VARCHAR, repair_cost DOUBLE,
                             charged_to_customer BOOLEAN, repaired_at TIMESTAMP);
CREATE TABLE service_records (item_id INTEGER, serviced_at TIMESTAMP, service_type VARCHAR,
                              hours_at_service DOUBLE, cost DOUBLE, technician VARCHAR);
CREATE TABLE invoices (invoice_no VARCHAR PRIMARY KEY, contract_id INTEGER, customer_id INTEGER,
                       issued_at TIMESTAMP, due_on DATE, amount DOUBLE, payment_method VARCHAR, paid_at TIMESTAMP,
                       status VARCHAR);
""")
for name, df in [
    ("depots", depots[d_open <= T]),
    ("models", models[m_added <= T]),
    ("items", items),
    ("customers", customers),
    ("reservations", reservations),
    ("rental_contracts", rental_contracts),
    ("contract_items", contract_items),
    ("damage_reports", damage_reports),
    ("service_records", service_records),
    ("invoices", invoices),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
