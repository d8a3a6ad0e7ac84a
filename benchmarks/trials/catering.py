"""A catering business (corporate and private clients, menus and menu items, quotes that become booked events with a
headcount, tastings, staff assignments, invoices with deposits, payments, reviews), seeded:
`python benchmarks/trials/catering.py OUT.duckdb [--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the
truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 2,400 clients, 245 staff rows (hired since
2015, many left before the span), 24 menus, 277 menu items, 13.1k quotes, 9.9k events, 66.4k staff assignments, 1.7k
tastings, 11.2k invoices, 12.1k payments, 3.2k reviews (about 121k rows, 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the business runs over 2022-01-01..NOW (no row before). Rows dated
after NOW exist only where written ahead: quotes.event_date and quotes.valid_until (set at the quote),
events.event_date (set at booking, up to ~13 months ahead), tastings.scheduled_for, staff_assignments.shift_start
(the event's time, assigned 2-14 days before), invoices.due_date (DATE, 14/30 days after issue). Every other column
holding a later date of its row is filled in later.

Truth (seed 0):
- clients (2,400): 1,000 created 2018-2021, 1,400 during the span; client_type 'corporate' p .4 else 'private';
  quote rate per year corporate exp(N(log 9, .6)), private exp(N(log .9, .5)) (a private client's first quote is
  on its creation day); price sensitivity ps ~ N(0, 1) (hidden) lowers acceptance of dear menus; pay latency
  LogNormal (hidden; corporate ~3x slower); favourite cuisine (hidden); industry (corporate only) MESSY
  ('Finance', 'finance', 'FINANCE', 'Banking', 'Tech', 'Technology', 'tech ', 'Law', 'Legal', ...; NULL for
  private) drives the December holiday party: finance 1.0, law .9, tech .7, other .45; referral_code and fax noise
- quote timing: corporate x1.6 Sep 15-Nov 30 (holiday-party quotes), x.6 January; private x1.5 Jan-Apr (wedding
  planning); event_type corporate: holiday_party (Sep 15-Nov 30 quotes, p .6 x industry; event Dec 3-22),
  corporate_lunch .5, conference .3, gala .2; private: wedding .4 (event May-Oct Saturdays, 90-400 days ahead),
  birthday .35, anniversary .15, memorial .1 (3-10 days ahead); headcount LogNormal by type (wedding ~110, gala
  ~150, lunch ~30)
- churn (hidden): base hazard corporate 1/1100 per day, private 1/500; after an event whose quality q < -1.3 (rating
  <= 2, 'bad') the client leaves with p .5 within 3-45 days; a churned client sends no more quotes (its booked
  events still happen)
- quality of an event q = .8 chef skill + .4 coordinator skill + .3 menu quality - .3 (headcount > 150) + N(0, .6);
  rating = clip(round(4.1 + q), 1, 5); reviews written by p .3 (corporate) / .55 (private) + .25 when bad,
  Exp(4 days) after the event
- menu choice: a repeat client reuses its last booked menu with p .65 (if still active), else by exp(1.5 x
  favourite cuisine + tier fit); menus.cuisine MESSY ('Italian', 'italian ', 'ITALIAN', 'BBQ', 'Barbecue', ...);
  menu quality (hidden) N(0, .5); 4 menus introduced during the span, 3 retired (retired_at filled later, active
  TODAY's); menus.avg_rating a running mean of its reviews (TODAY's)
- acceptance p = sig(.3 - .9 ps (price/50 - 1) + .7 repeat + .9 tasting attended - .6 tasting no-show + .3 corporate);
  decided Exp(6 days) after the quote (after the tasting where one is held); declined p .55 of the rest (decided_at
  set), else no answer (status 'expired' after valid_until); quotes.status TODAY's ('open', 'accepted', 'declined',
  'expired'), decided_at filled later
- tastings: weddings and galas get one with p .6, booked 1-4 days after the quote, held 5-25 days after it;
  attended p sig(1.5); status TODAY's ('scheduled', 'attended', 'no_show')
- events: booked_at = the quote's decided_at; cancelled with p .05 corporate / .09 private at a uniform time between
  booking and the event (cancelled_at filled later); status TODAY's ('confirmed', 'completed', 'cancelled');
  headcount_final filled in later (at the event: the estimate x LogNormal(0, .1)); bar_service p .45 corporate, .7
  weddings; venue_type messy noise; quote_ref is the quote's id stored as VARCHAR (a text key)
- staff: ~110 at the start (22 chefs, 64 servers, 14 bartenders, 10 coordinators), each leaves with hazard
  exp(-.3 skill)/900 per day and is replaced (same role) 7-30 days later; skill ~ N(0, 1) (hidden), availability
  LogNormal(0, .5) (hidden) weights how often one is picked; left_on filled later; shirt_size noise; staff_code a
  text PK 'ST-0012'
- staff_assignments: 2-14 days before the event (not for events cancelled before): 1 coordinator, 1 chef (+1 per
  80 guests), a server per 20 guests, a bartender per 60 with bar service; hours_worked filled in later (after the
  event; NULL when the event is cancelled after the assignment)
- invoices: weddings and galas a 'deposit' of 25% of the quote 0-2 days after booking; every held event a 'final'
  invoice .5-3 days after it: headcount_final x price_per_head x 1.18 (+ 15 per head with bar) - deposit; due_date
  +30 days corporate, +14 private; status TODAY's ('open', 'paid', 'overdue'), paid_at filled later; 3% never paid
- payments: one (p .85) or two halves; paid Exp(pay latency) after issue; method MESSY ('card', 'Card', 'CARD',
  'bank transfer', 'Bank Transfer', 'wire', 'cheque', 'Check')
- today's state on clients: status ('active' a quote in the last 365 days, else 'inactive'), last_event_at,
  lifetime_spend (payments so far), tier (bronze/silver/gold by lifetime_spend)
- keys: PKs declared on every table but reviews (none); REFERENCES only menu_items -> menus, quotes -> clients,
  quotes -> menus. Undeclared: events (client_id, menu_id, quote_ref VARCHAR -> quotes.quote_id), tastings
  (quote_id, client_id, menu_id), staff_assignments (event_id, staff_code -> staff.staff_code text), invoices
  (event_id, client_id), payments.invoice_id, reviews (event_id, client_id)
- `python catering.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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
DAY = 86400.0
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
TN = (NOW - START).total_seconds()
NDT = ND + 420


def secs(t) -> float:
    return (pd.Timestamp(t) - START).total_seconds()


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


def sig(x):
    return 1 / (1 + np.exp(-x))


days = pd.date_range(START, periods=NDT, freq="D")
MON = days.month.values
DOM = days.day.values
DOW = days.day_of_week.values
HOLQ = ((MON == 9) & (DOM >= 15)) | (MON == 10) | (MON == 11)  # holiday-party quoting season

# ---------------- menus
CUIS = ["italian", "mexican", "bbq", "mediterranean", "asian", "french", "vegan", "american"]
CUIS_MESSY = {
    "italian": ["Italian", "italian ", "ITALIAN"],
    "mexican": ["Mexican", "mexican", "Tex-Mex"],
    "bbq": ["BBQ", "Barbecue", "bbq"],
    "mediterranean": ["Mediterranean", "mediterranean", "Med"],
    "asian": ["Asian", "Asian Fusion", "asian"],
    "french": ["French", "french", "FRENCH"],
    "vegan": ["Vegan", "Plant-based", "vegan"],
    "american": ["American", "american", "Classic American"],
}
NM = 24
m_cuis = np.array([i % 8 for i in range(NM)])
m_price = np.round(np.exp(rng.normal(np.log(40), 0.45, NM)), 0)
m_quality = rng.normal(0, 0.5, NM)
m_intro = np.where(np.arange(NM) < 20, secs("2019-06-01") + rng.uniform(0, 900, NM) * DAY, 0.0)
m_intro[20:] = secs("2022-06-01") + np.sort(rng.uniform(0, 800, 4)) * DAY
m_retire = np.full(NM, np.inf)
m_retire[rng.choice(20, 3, replace=False)] = secs("2023-01-01") + rng.uniform(0, 600, 3) * DAY
m_name = [
    f"{CUIS[c].title()} {w}"
    for c, w in zip(m_cuis, rng.choice(["Classic", "Deluxe", "Feast", "Table", "Buffet", "Signature"], NM), strict=True)
]
m_spelled = [rng.choice(CUIS_MESSY[CUIS[c]]) for c in m_cuis]
m_min_guests = rng.choice([10, 20, 30, 50], NM)

COURSES = ["starter", "main", "side", "dessert"]
mi_menu, mi_name, mi_course, mi_cost, mi_vegan = [], [], [], [], []
for m in range(NM):
    for _ in range(rng.integers(8, 16)):
        mi_menu.append(m)
        co = rng.choice(COURSES, p=[0.3, 0.3, 0.2, 0.2])
        mi_course.append(co)
        mi_name.append(f"{CUIS[m_cuis[m]]} {co} {rng.integers(1, 99)}")
        mi_cost.append(round(m_price[m] * rng.uniform(0.05, 0.2), 2))
        mi_vegan.append(bool(rng.random() < (0.9 if m_cuis[m] == 6 else 0.2)))

# ---------------- staff (positions with turnover; replacements)
ROLES = ["chef", "server", "bartender", "coordinator"]
S_role, S_hired, S_left, S_skill, S_avail = [], [], [], [], []
for r, n in zip(range(4), [22, 64, 14, 10], strict=True):
    for _ in range(n):
        h = secs("2015-01-01") + rng.uniform(0, 2500) * DAY
        while h < TN + 420 * DAY:
            sk = rng.normal(0, 1)
            lt = max(h, 0.0) + rng.exponential(900 / np.exp(-0.3 * sk)) * DAY
            S_role.append(r)
            S_hired.append(h)
            S_skill.append(sk)
            S_avail.append(np.exp(rng.normal(0, 0.5)))
            S_left.append(lt if lt < TN + 420 * DAY else np.inf)
            h = lt + rng.uniform(7, 30) * DAY
S_role = np.array(S_role)
S_hired = np.array(S_hired)
S_left = np.array(S_left)
S_skill = np.array(S_skill)
S_avail = np.array(S_avail)
NS = len(S_role)


def pick_staff(role, t_assign, t_event, k=1, exclude=()):
    ok = (S_role == role) & (S_hired <= t_assign) & (S_left > t_event)
    if exclude:
        ok[list(exclude)] = False
    idx = np.nonzero(ok)[0]
    if len(idx) == 0:
        return []
    w = S_avail[idx] / S_avail[idx].sum()
    return list(rng.choice(idx, min(k, len(idx)), replace=False, p=w))


# ---------------- clients
NCL = 2400
c_old = np.arange(NCL) < 1000
c_created = np.where(
    c_old,
    secs("2018-01-01") + rng.uniform(0, 4 * 365 - 1, NCL) * DAY,
    rng.uniform(0, ND - 20, NCL) * DAY + rng.uniform(8, 18, NCL) * 3600,
)
c_corp = rng.random(NCL) < 0.4
c_rate = np.where(c_corp, np.exp(rng.normal(np.log(9), 0.6, NCL)), np.exp(rng.normal(np.log(0.9), 0.5, NCL)))
c_ps = rng.normal(0, 1, NCL)
c_lat = np.exp(rng.normal(0, 0.5, NCL)) * np.where(c_corp, 18, 6)
c_fav = rng.integers(0, 8, NCL)
IND = ["finance", "tech", "law", "healthcare", "education", "retail"]
IND_HOL = np.array([1.0, 0.7, 0.9, 0.45, 0.45, 0.45])
IND_MESSY = {
    "finance": ["Finance", "finance", "FINANCE", "Banking"],
    "tech": ["Tech", "Technology", "tech "],
    "law": ["Law", "Legal", "law"],
    "healthcare": ["Healthcare", "Health Care", "healthcare"],
    "education": ["Education", "education"],
    "retail": ["Retail", "retail", "RETAIL"],
}
c_ind = rng.choice(6, NCL, p=[0.2, 0.25, 0.15, 0.15, 0.1, 0.15])
c_ind_s = np.array(
    [rng.choice(IND_MESSY[IND[i]]) if c else None for i, c in zip(c_ind, c_corp, strict=True)], dtype=object
)
c_churn = np.maximum(c_created, 0) + rng.exponential(np.where(c_corp, 1100, 500)) * DAY
c_city = rng.choice(["Austin", "Dallas", "Houston", "San Antonio"], NCL, p=[0.4, 0.25, 0.25, 0.1])
c_ref = [f"R{rng.integers(100000, 999999)}" if rng.random() < 0.3 else None for _ in range(NCL)]
c_fax = [f"512-555-{rng.integers(1000, 9999)}" if rng.random() < 0.15 else None for _ in range(NCL)]
c_name = [f"{'Corp' if c else 'Client'} {i + 1}" for i, c in enumerate(c_corp)]

PT = ["corporate_lunch", "conference", "gala", "holiday_party"]
PV = ["wedding", "birthday", "anniversary", "memorial"]
HC = {
    "corporate_lunch": 30,
    "conference": 90,
    "gala": 150,
    "holiday_party": 70,
    "wedding": 110,
    "birthday": 35,
    "anniversary": 40,
    "memorial": 45,
}
LEAD = {
    "corporate_lunch": (7, 30),
    "conference": (30, 120),
    "gala": (60, 150),
    "birthday": (14, 60),
    "anniversary": (14, 60),
    "memorial": (3, 10),
}
WED_MON = np.array([0, 0, 0, 0.3, 1, 1, 1, 0.8, 1, 0.9, 0.2, 0, 0.0])  # index month 1..12

Q = {k: [] for k in ["c", "m", "t", "type", "et", "hc", "tot", "dec", "acc"]}
E = {k: [] for k in ["q", "c", "m", "bt", "et", "type", "hc", "cancel", "bar", "q_", "chef", "coord", "rating", "bad"]}
TS = {k: [] for k in ["q", "c", "m", "bt", "st", "att"]}
last_menu = {}

for c in range(NCL):
    d0 = max(0, int(np.ceil(c_created[c] / DAY)))
    if d0 >= ND:
        continue
    dd = np.arange(d0, ND)
    if c_corp[c]:
        sea = np.where(HOLQ[dd], 1.6, 1.0) * np.where(MON[dd] == 1, 0.6, 1.0)
    else:
        sea = np.where(MON[dd] <= 4, 1.5, 1.0)
    n = rng.poisson(c_rate[c] / 365 * sea.sum())
    qd = list(np.sort(rng.choice(dd, n, p=sea / sea.sum()))) if n else []
    if not c_corp[c] and c_created[c] >= 0:
        qd = [d0 - 1 if c_created[c] < d0 * DAY else d0] + qd
    churn_t = c_churn[c]
    pending = []
    nacc = 0
    for d in qd:
        qt = max(d * DAY + rng.uniform(8, 18) * 3600, c_created[c] + 60)
        for et_, bad in pending:
            if et_ <= qt and bad and rng.random() < 0.5:
                churn_t = min(churn_t, et_ + rng.uniform(3, 45) * DAY)
        pending = [p for p in pending if p[0] > qt]
        if qt >= churn_t or qt > TN:
            break
        # event type and date
        if c_corp[c]:
            if HOLQ[d] and rng.random() < 0.6 * IND_HOL[c_ind[c]]:
                typ = "holiday_party"
                y = days[d].year
                ed = int((pd.Timestamp(f"{y}-12-03") - START).days + rng.integers(0, 20))
            else:
                typ = rng.choice(PT[:3], p=[0.5, 0.3, 0.2])
                ed = d + int(rng.uniform(*LEAD[typ]))
        else:
            typ = rng.choice(PV, p=[0.4, 0.35, 0.15, 0.1])
            if typ == "wedding":
                for _ in range(30):
                    ed = d + int(rng.uniform(90, 400))
                    if DOW[min(ed, NDT - 1)] == 5 and rng.random() < WED_MON[MON[min(ed, NDT - 1)]]:
                        break
            else:
                ed = d + int(rng.uniform(*LEAD[typ]))
        ed = min(ed, NDT - 1)
        et = ed * DAY + (rng.uniform(11, 13) if typ == "corporate_lunch" else rng.uniform(17, 19.5)) * 3600
        hc = max(8, int(round(HC[typ] * np.exp(rng.normal(0, 0.45)))))
        # menu
        act = np.nonzero((m_intro <= qt) & (m_retire > qt))[0]
        lm = last_menu.get(c)
        if lm is not None and lm in act and rng.random() < 0.65:
            m = lm
        else:
            fit = -np.abs(np.log(m_price[act] / (45 if c_corp[c] else 38)))
            w = np.exp(1.5 * (m_cuis[act] == c_fav[c]) + fit)
            m = int(rng.choice(act, p=w / w.sum()))
        tot = round(hc * m_price[m] * 1.18 * (0.95 if nacc else 1.0), 2)
        # tasting
        tast = 0.0
        dec_t = qt + rng.exponential(6) * DAY
        if typ in ("wedding", "gala") and rng.random() < 0.6:
            tb = qt + rng.uniform(1, 4) * DAY
            tst = (d + int(rng.uniform(5, 25))) * DAY + rng.uniform(11, 17) * 3600
            att = rng.random() < sig(1.5)
            TS["q"].append(len(Q["c"]))
            TS["c"].append(c)
            TS["m"].append(m)
            TS["bt"].append(tb)
            TS["st"].append(tst)
            TS["att"].append(att)
            tast = 0.9 if att else -0.6
            dec_t = tst + rng.exponential(4) * DAY
        dec_t = min(dec_t, qt + 29.5 * DAY, et - DAY)
        pa = sig(0.3 - 0.9 * c_ps[c] * (m_price[m] / 50 - 1) + 0.7 * (nacc > 0) + tast + 0.3 * c_corp[c])
        u = rng.random()
        acc = 1 if u < pa else (2 if rng.random() < 0.55 else 3)  # accepted / declined / expired
        Q["c"].append(c)
        Q["m"].append(m)
        Q["t"].append(qt)
        Q["type"].append(typ)
        Q["et"].append(et)
        Q["hc"].append(hc)
        Q["tot"].append(tot)
        Q["dec"].append(dec_t if acc < 3 else np.inf)
        Q["acc"].append(acc)
        if acc != 1:
            continue
        nacc += 1
        last_menu[c] = m
        cp = 0.05 if c_corp[c] else 0.09
        ct = dec_t + rng.uniform(0, 1) * (et - dec_t) if rng.random() < cp else np.inf
        bar = rng.random() < (0.7 if typ == "wedding" else 0.45)
        ch = pick_staff(0, et - 14 * DAY, et)
        co = pick_staff(3, et - 14 * DAY, et)
        sk_ch = S_skill[ch[0]] if ch else 0.0
        sk_co = S_skill[co[0]] if co else 0.0
        q = 0.8 * sk_ch + 0.4 * sk_co + 0.3 * m_quality[m] - 0.3 * (hc > 150) + rng.normal(0, 0.6)
        rating = int(np.clip(round(4.1 + q), 1, 5))
        bad = q < -1.3
        for k, v in [
            ("q", len(Q["c"]) - 1),
            ("c", c),
            ("m", m),
            ("bt", dec_t),
            ("et", et),
            ("type", typ),
            ("hc", hc),
            ("cancel", ct),
            ("bar", bar),
            ("q_", q),
            ("chef", ch[0] if ch else -1),
            ("coord", co[0] if co else -1),
            ("rating", rating),
            ("bad", bad),
        ]:
            E[k].append(v)
        if ct == np.inf:
            pending.append((et, bad))

# ---------------- derived draws (every random value before any cut)
NQ = len(Q["c"])
Q = {k: np.array(v) for k, v in Q.items()}
NE = len(E["c"])
E = {k: np.array(v) for k, v in E.items()}
held = ~np.isfinite(E["cancel"])
E_hcf = np.maximum(5, np.round(E["hc"] * np.exp(rng.normal(0, 0.1, NE)))).astype(int)
VEN = ["Hotel", "hotel", "Office", "office ", "Outdoor", "outdoor", "Private Home", "private home", "Venue Hall"]
E_ven = rng.choice(VEN, NE)
ord_e = np.argsort(E["bt"], kind="stable")  # event ids in booking order
E_id = np.empty(NE, int)
E_id[ord_e] = np.arange(1, NE + 1)

# staff assignments
SA = {k: [] for k in ["e", "s", "role", "at", "hours"]}
for e in range(NE):
    et = E["et"][e]
    at = et - rng.uniform(2, 14) * DAY
    if E["cancel"][e] <= at:
        continue
    hcf = E_hcf[e]
    crew = []
    if E["coord"][e] >= 0:
        crew.append((E["coord"][e], 3))
    if E["chef"][e] >= 0:
        crew.append((E["chef"][e], 0))
    used = {s for s, _ in crew}
    for r, k in [(0, hcf // 80), (1, max(1, int(round(hcf / 20)))), (2, (hcf // 60 + 1) if E["bar"][e] else 0)]:
        if k:
            for s in pick_staff(r, at, et, k, used):
                crew.append((s, r))
                used.add(s)
    dur = 3 if E["type"][e] == "corporate_lunch" else 5
    for s, r in crew:
        SA["e"].append(e)
        SA["s"].append(s)
        SA["role"].append(r)
        SA["at"].append(at + rng.uniform(0, 3600))
        SA["hours"].append(round(dur + 1.5 + rng.normal(0, 0.7), 1) if E["cancel"][e] > et else np.nan)
SA = {k: np.array(v) for k, v in SA.items()}

# invoices
deposit = np.isin(E["type"], ["wedding", "gala"])
q_tot = Q["tot"][E["q"]]
I_e = np.concatenate([np.nonzero(deposit)[0], np.nonzero(held)[0]])
I_kind = np.concatenate([np.full(deposit.sum(), "deposit"), np.full(held.sum(), "final")])
dep_amt = np.round(0.25 * q_tot, 2)
I_t = np.concatenate(
    [E["bt"][deposit] + rng.uniform(0, 2, deposit.sum()) * DAY, E["et"][held] + rng.uniform(0.5, 3, held.sum()) * DAY]
)
fin = E_hcf * m_price[E["m"]] * 1.18 + 15 * E_hcf * E["bar"] - np.where(deposit, dep_amt, 0)
I_amt = np.round(np.concatenate([dep_amt[deposit], np.maximum(fin[held], 50)]), 2)
I_c = E["c"][I_e]
I_due = I_t + np.where(c_corp[I_c], 30, 14) * DAY
NI = len(I_e)
never = rng.random(NI) < 0.03
I_pay1 = I_t + rng.exponential(c_lat[I_c]) * DAY
split = rng.random(NI) < 0.15
I_pay2 = np.where(split, I_pay1 + rng.exponential(10, NI) * DAY, np.nan)
I_pay1 = np.where(never, np.inf, I_pay1)
I_pay2 = np.where(never, np.nan, I_pay2)
I_paid = np.where(split, I_pay2, I_pay1)  # fully paid at
ord_i = np.argsort(I_t, kind="stable")
I_id = np.empty(NI, int)
I_id[ord_i] = np.arange(1, NI + 1)

P_i = np.concatenate([np.nonzero(~never)[0], np.nonzero(split & ~never)[0]])
P_t = np.concatenate([I_pay1[~never], I_pay2[split & ~never]])
P_amt = np.concatenate(
    [np.where(split, np.round(I_amt / 2, 2), I_amt)[~never], (I_amt - np.round(I_amt / 2, 2))[split & ~never]]
)
METH = ["card", "Card", "CARD", "bank transfer", "Bank Transfer", "wire", "cheque", "Check"]
P_meth = np.where(c_corp[I_c[P_i]], rng.choice(METH[3:], len(P_i)), rng.choice(METH, len(P_i)))
ord_p = np.argsort(P_t, kind="stable")
P_i, P_t, P_amt, P_meth = P_i[ord_p], P_t[ord_p], P_amt[ord_p], P_meth[ord_p]

# reviews
pr = np.where(c_corp[E["c"]], 0.3, 0.55) + 0.25 * E["bad"]
R_e = np.nonzero(held & (rng.random(NE) < pr))[0]
R_t = E["et"][R_e] + (0.5 + rng.exponential(4, len(R_e))) * DAY
R_rating = E["rating"][R_e]
R_txt = rng.choice(["Great food", "Staff were late", "Lovely evening", "", "Would book again", "Cold mains"], len(R_e))
o = np.argsort(R_t, kind="stable")
R_e, R_t, R_rating, R_txt = R_e[o], R_t[o], R_rating[o], R_txt[o]

S_shirt = rng.choice(["S", "M", "L", "XL"], NS)
S_rate = np.round(np.array([24, 17, 19, 28])[S_role] * np.exp(rng.normal(0, 0.1, NS)), 2)
S_name = [f"Staff {i}" for i in range(NS)]
TS = {k: np.array(v) for k, v in TS.items()}

# ---------------- tables as they stood at CUT
menus = pd.DataFrame(
    {
        "menu_id": np.arange(1, NM + 1),
        "name": m_name,
        "cuisine": m_spelled,
        "price_per_head": m_price,
        "min_guests": m_min_guests,
        "created_at": ts(m_intro),
        "retired_at": ts(known(m_retire)),
        "active": m_retire > T,
    }
)
rv = R_t <= T
rsum = np.bincount(E["m"][R_e[rv]], weights=R_rating[rv], minlength=NM)
rcnt = np.bincount(E["m"][R_e[rv]], minlength=NM)
menus["avg_rating"] = np.where(rcnt > 0, np.round(rsum / np.maximum(rcnt, 1), 2), np.nan)
menus = menus[m_intro <= T]

mi_menu = np.array(mi_menu)
menu_items = pd.DataFrame(
    {
        "item_id": np.arange(1, len(mi_menu) + 1),
        "menu_id": mi_menu + 1,
        "name": mi_name,
        "course": mi_course,
        "cost_per_head": mi_cost,
        "vegan": mi_vegan,
    }
)[m_intro[mi_menu] <= T]

sk = S_hired <= T
staff = pd.DataFrame(
    {
        "staff_code": [f"ST-{i + 1:04d}" for i in range(NS)],
        "full_name": S_name,
        "role": np.array(ROLES)[S_role],
        "hourly_rate": S_rate,
        "shirt_size": S_shirt,
        "hired_on": ts(S_hired).date,
        "left_on": pd.Series(ts(known(S_left))).dt.date,
    }
)[sk]

qk = Q["t"] <= T
Q_status = np.where(
    Q["dec"] <= T,
    np.array(["", "accepted", "declined", "expired"])[Q["acc"]],
    np.where((Q["acc"] == 3) & (Q["t"] + 30 * DAY <= T), "expired", "open"),
)
quotes = pd.DataFrame(
    {
        "quote_id": np.arange(1, NQ + 1),
        "client_id": Q["c"] + 1,
        "menu_id": Q["m"] + 1,
        "created_at": ts(Q["t"]),
        "event_type": Q["type"],
        "event_date": ts(Q["et"]),
        "headcount_est": Q["hc"],
        "quoted_total": Q["tot"],
        "valid_until": ts(Q["t"] + 30 * DAY).date,
        "status": Q_status,
        "decided_at": ts(known(Q["dec"])),
    }
)[qk]

ek = E["bt"] <= T
canc_k = E["cancel"] <= T
E_status = np.where(canc_k, "cancelled", np.where(E["et"] <= T, "completed", "confirmed"))
events = pd.DataFrame(
    {
        "event_id": E_id,
        "quote_ref": (E["q"] + 1).astype(str),
        "client_id": E["c"] + 1,
        "menu_id": E["m"] + 1,
        "event_type": E["type"],
        "venue_type": E_ven,
        "booked_at": ts(E["bt"]),
        "event_date": ts(E["et"]),
        "headcount_est": E["hc"],
        "headcount_final": np.where(held & (E["et"] <= T), E_hcf, np.nan),
        "bar_service": E["bar"],
        "status": E_status,
        "cancelled_at": ts(known(E["cancel"])),
    }
).iloc[ord_e]
events = events[E["bt"][ord_e] <= T]
events["headcount_final"] = events["headcount_final"].astype("Int64")

tk = TS["bt"] <= T
tastings = pd.DataFrame(
    {
        "tasting_id": np.arange(1, len(TS["q"]) + 1),
        "quote_id": TS["q"] + 1,
        "client_id": TS["c"] + 1,
        "menu_id": TS["m"] + 1,
        "booked_at": ts(TS["bt"]),
        "scheduled_for": ts(TS["st"]),
        "status": np.where(TS["st"] <= T, np.where(TS["att"], "attended", "no_show"), "scheduled"),
    }
)[tk]

sak = SA["at"] <= T
sa_done = E["et"][SA["e"]] <= T
staff_assignments = pd.DataFrame(
    {
        "assignment_id": np.arange(1, len(SA["e"]) + 1),
        "event_id": E_id[SA["e"]],
        "staff_code": [f"ST-{s + 1:04d}" for s in SA["s"]],
        "role": np.array(ROLES)[SA["role"]],
        "assigned_at": ts(SA["at"]),
        "shift_start": ts(E["et"][SA["e"]] - 2 * 3600),
        "hours_worked": np.where(sa_done, SA["hours"], np.nan),
    }
)[sak]

paid_k = I_paid <= T
I_status = np.where(paid_k, "paid", np.where(I_due <= T, "overdue", "open"))
invoices = pd.DataFrame(
    {
        "invoice_id": I_id,
        "event_id": E_id[I_e],
        "client_id": I_c + 1,
        "kind": I_kind,
        "issued_at": ts(I_t),
        "due_date": ts(I_due).date,
        "amount": I_amt,
        "status": I_status,
        "paid_at": ts(np.where(paid_k, I_paid, np.nan)),
    }
).iloc[ord_i]
invoices = invoices[I_t[ord_i] <= T]

payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(P_i) + 1),
        "invoice_id": I_id[P_i],
        "paid_at": ts(P_t),
        "amount": P_amt,
        "method": P_meth,
    }
)[P_t <= T]

reviews = pd.DataFrame(
    {
        "event_id": E_id[R_e],
        "client_id": E["c"][R_e] + 1,
        "rating": R_rating,
        "comment": R_txt,
        "submitted_at": ts(R_t),
    }
)[rv]

# clients' today's state
ck = c_created <= T
q_last = pd.Series(Q["t"][qk]).groupby(Q["c"][qk]).max().reindex(range(NCL)).to_numpy()
eh = held & (E["et"] <= T) & ek
e_last = pd.Series(E["et"][eh]).groupby(E["c"][eh]).max().reindex(range(NCL)).to_numpy()
pk = P_t <= T
spend = np.bincount(I_c[P_i[pk]], weights=P_amt[pk], minlength=NCL)
clients = pd.DataFrame(
    {
        "client_id": np.arange(1, NCL + 1),
        "name": c_name,
        "client_type": np.where(c_corp, "corporate", "private"),
        "industry": c_ind_s,
        "city": c_city,
        "referral_code": c_ref,
        "fax": c_fax,
        "created_at": ts(c_created),
        "status": np.where(T - np.nan_to_num(q_last, nan=-1e18) <= 365 * DAY, "active", "inactive"),
        "last_event_at": ts(e_last),
        "lifetime_spend": np.round(spend, 2),
        "tier": np.where(spend >= 20000, "gold", np.where(spend >= 5000, "silver", "bronze")),
    }
)[ck]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, name VARCHAR, client_type VARCHAR, industry VARCHAR,
                      city VARCHAR, referral_code VARCHAR, fax VARCHAR, created_at TIMESTAMP, status VARCHAR,
                      last_event_at TIMESTAMP, lifetime_spend DOUBLE, tier VARCHAR);
CREATE TABLE menus (menu_id INTEGER PRIMARY KEY, name VARCHAR, cuisine VARCHAR, price_per_head DOUBLE,
                    min_guests INTEGER, created_at TIMESTAMP, retired_at TIMESTAMP, active BOOLEAN,
                    avg_rating DOUBLE);
CREATE TABLE menu_items (item_id INTEGER PRIMARY KEY, menu_id INTEGER REFERENCES menus(menu_id), name VARCHAR,
                         course VARCHAR, cost_per_head DOUBLE, vegan BOOLEAN);
CREATE TABLE staff (staff_code VARCHAR PRIMARY KEY, full_name VARCHAR, role VARCHAR, hourly_rate DOUBLE,
                    shirt_size VARCHAR, hired_on DATE, left_on DATE);
CREATE TABLE quotes (quote_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
                     menu_id INTEGER REFERENCES menus(menu_id), created_at TIMESTAMP, event_type VARCHAR,
                     event_date TIMESTAMP, headcount_est INTEGER, quoted_total DOUBLE, valid_until DATE,
                     status VARCHAR, decided_at TIMESTAMP);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, quote_ref VARCHAR, client_id INTEGER, menu_id INTEGER,
                     event_type VARCHAR, venue_type VARCHAR, booked_at TIMESTAMP, event_date TIMESTAMP,
                     headcount_est INTEGER, headcount_final INTEGER, bar_service BOOLEAN, status VARCHAR,
                     cancelled_at TIMESTAMP);
CREATE TABLE tastings (tasting_id INTEGER PRIMARY KEY, quote_id INTEGER, client_id INTEGER, menu_id INTEGER,
                       booked_at TIMESTAMP, scheduled_for TIMESTAMP, status VARCHAR);
CREATE TABLE staff_assignments (assignment_id INTEGER PRIMARY KEY, event_id INTEGER, staff_code VARCHAR,
                                role VARCHAR, assigned_at TIMESTAMP, shift_start TIMESTAMP, hours_worked DOUBLE);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, event_id INTEGER, client_id INTEGER, kind VARCHAR,
                       issued_at TIMESTAMP, due_date DATE, amount DOUBLE, status VARCHAR, paid_at TIMESTAMP);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_id INTEGER, paid_at TIMESTAMP, amount DOUBLE,
                       method VARCHAR);
CREATE TABLE reviews (event_id INTEGER, client_id INTEGER, rating INTEGER, comment VARCHAR, submitted_at TIMESTAMP);
""")
for name, df in [
    ("clients", clients),
    ("menus", menus),
    ("menu_items", menu_items),
    ("staff", staff),
    ("quotes", quotes),
    ("events", events),
    ("tastings", tastings),
    ("staff_assignments", staff_assignments),
    ("invoices", invoices),
    ("payments", payments),
    ("reviews", reviews),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
