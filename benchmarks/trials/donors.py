"""A nonprofit's fundraising database (donors with households, campaigns, gifts with clearing, refunds and voided
duplicates, monthly recurring plans and their installments, pledges with due dates set ahead, events with a
many-to-many attendance table, email sends and opens), seeded: `python benchmarks/trials/donors.py PATH
[--as-of DATE]`. Written by a fresh-eyes trial (the truth it planted is in this docstring). Seed 0: 6,000 donors,
20 campaigns, 300 recurring plans, 18,328 gifts, 188 pledges, 49 events, 1,771 attendance rows, 100,679 email sends,
25,645 opens (about 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59. Gifts, sends, opens, registrations run 2022-01-01..NOW. Written
ahead of NOW: campaigns planned for 2025 (start/end after NOW; the capital campaign ends 2026-12-31), events in
Jan-Mar 2025 with registrations made before NOW (attended NULL), pledge due dates up to two years ahead.

Truth (seed 0):
- donors (6,000): 20% created 2019-01..2021-12 (their earlier gifts are not in the database; 70% of them still
  active on 2022-01-01), the rest 2022-01..2024-12 (rate rising over time). affinity a ~ LogNormal(0, 0.9);
  one-off gift rate lam = 1.1 * a gifts/year (x1.5 for the 2.5% major donors; foundations and corporations,
  5% and 3% of donors, x0.6); amount scale LogNormal(log 45, 0.8) x25 for majors, x10 for foundations/corps.
  A household member (15%) takes its household head's affinity (geometric mean with its own) and
  donors.household_id points to the head, an earlier donor (undeclared self-reference).
- a daily simulation 2022-01-01..2024-12-31, every draw made whatever --as-of says:
  - active donors give a one-off gift on a day with p = lam/365 * season * (1 + 2 * [attended an event in the last
    60 days]) * (0.5 if they have an active recurring plan); season by month Jan .8 Feb .7 Mar .9 Apr .9 May .9
    Jun .85 Jul .7 Aug .7 Sep .9 Oct 1.0 Nov 1.2 Dec 2.2, x2 more on Dec 26-31, x6 on Giving Tuesday
    (2022-11-29, 2023-11-28, 2024-12-03); new donors give a first gift on their creation day with p 0.6
  - lapse (the latent stop, not stored): an active donor stops for good with daily hazard
    0.0003 * (1 + days since last cleared gift / 150) / a^0.3 (rising with time since the last gift)
  - events (45 in 2022-2024 + 4 in Jan-Mar 2025): donors register with p = min(0.25, 0.012 * a * kind weight)
    (gala 1.5 and x5 for majors, webinar 1.0, volunteer_day 0.8, open_house 0.7; x0.2 for stopped donors),
    registered_at 1-40 days before the event (not before the donor's
    created_at); 85% of registrants attend (attended TRUE, filled in after the event);
    attending starts the 60-day x3 boost; a stopped donor who attends becomes active again with p 0.3
  - recurring plans: an active donor without a plan starts one with daily p 0.00012 * a^0.5; monthly amount from
    the donor's scale; an installment gift each month on the start day-of-month (<= 28), failing p 0.05 (card) /
    0.02 (ach); after a failed installment the plan cancels with p 0.4, 1-14 days later; otherwise it cancels with
    daily hazard 1/1100, and 0-30 days after its donor stops
  - email: a newsletter on the 5th of each month and campaign emails (email and online campaigns, twice) to the
    55% of donors with email_opt_in (static); open p = clip(0.05 + 0.25 * sqrt(a) * (1 if active else 0.25));
    opened 0-2 days later (exponential, mean 10 h)
- gifts: amount = scale * LogNormal(0, 0.6) (x1.4 in December), whole dollars, at least 5 (installments: the plan's
  amount); campaign: one of the campaigns running that day, weighted x4 for the donor's preferred channel and x3 for
  Year-End in December, NULL for 25% of one-off gifts and every installment (pledge payments: the capital campaign);
  payment_method: the donor's preferred one with p 0.75 (majors prefer stock/daf/wire/check); status 'pending' until
  it resolves (card/paypal/wire 1-3 days, ach 3-5, check 5-15, stock 3-10, daf 10-40), then 'cleared' (cleared_at
  set) or 'failed' (card .03, ach .02, check .015; cleared_at stays NULL); deleted_at: 1.5% of cleared gifts
  refunded 1-90 days after clearing, 40% of failed gifts voided 1-5 days after failing, and a voided duplicate entry
  of 1% of one-off gifts (deleted_at 1-10 days after its date)
- pledges: donors with scale > 300 pledge with p 0.15 a year; amount scale * 20 * LogNormal(0, .5); due_date
  (VARCHAR text 'YYYY-MM-DD') 90/180/365/730 days ahead; fulfilled (p 0.85 if the donor is still active at the due
  date, else 0.2) at a time uniform in 30-110% of the term (fulfilled_at; a gift row of the pledge's amount too,
  campaign the capital campaign); unfulfilled pledges are 'written_off' 120 days after due
- today's state (recomputed by --as-of): donors.tier ('major' >= 5000 given in the last 365 days, 'mid' >= 1000,
  'general' > 0, 'lapsed' when lapsed_at is set, 'prospect' never gave), donors.lapsed_at (last good gift + 365 days
  when that is passed, cleared when the donor gives again), campaigns.status (planned/active/closed), gifts.status,
  cleared_at, deleted_at, recurring_plans.status and cancelled_at, pledges.status, fulfilled_at, written_off_at,
  event_attendance.attended
- the view donor_summary holds each donor's lifetime totals (all of time: today's state, no time column)
- quirks: declared FKs gifts.donor_id, recurring_plans.donor_id, event_attendance.(event_id, donor_id); undeclared
  gifts.campaign_id, gifts.recurring_plan_id, pledges.donor_id, pledges.campaign_id, events.campaign_id,
  email_sends.donor_id / campaign_id, email_opens."Send ID", donors.household_id; email_opens has quoted mixed-case
  names ("Open ID", "Send ID", "Opened At", "Device"); gifts.gift_date DATE beside TIMESTAMP cleared_at / deleted_at;
  pledges.due_date VARCHAR; NULL-heavy donors.employer (75%), donors.birth_year (45%), gifts.tribute_name (96%),
  gifts.campaign_id
- traps found by the trial: donors.lapsed_at is inferred as the donors' end time, though a lapsed donor who gives
  again has it cleared (1,327 lapsed donors are never predicted); with that end time unset, donors.tier (today's
  state) is read at past anchors with no warning (lapse backtest AUROC 0.85 where the as-of copy scores 0.77)
- `--as-of DATE`: the same simulation as it stood at DATE (midnight): rows dated after it gone, the today's-state
  columns above as they were then (exact: every value is drawn before the cut)
"""

import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
START = pd.Timestamp("2022-01-01")
NOW = pd.Timestamp("2024-12-31 23:59:00")
days = pd.date_range(START, NOW.normalize(), freq="D")
ND_ = len(days)
SEASON = np.array([0.8, 0.7, 0.9, 0.9, 0.9, 0.85, 0.7, 0.7, 0.9, 1.0, 1.2, 2.2])
GIVING_TUESDAY = [pd.Timestamp("2022-11-29"), pd.Timestamp("2023-11-28"), pd.Timestamp("2024-12-03")]
season = SEASON[days.month.values - 1] * np.where((days.month == 12) & (days.day >= 26), 2.0, 1.0)
season = season * np.where(days.isin(GIVING_TUESDAY), 6.0, 1.0)
CHANNELS = ["email", "direct_mail", "online", "phone", "event"]
METHODS = ["card", "check", "ach", "paypal", "stock", "daf", "wire"]

# ---------------- donors
N = 6000
old = rng.random(N) < 0.2
span_old = (START - pd.Timestamp("2019-01-01")).days
span_new = (NOW.normalize() - START).days
created_day = np.where(old, -(span_old * rng.random(N)).astype(int) - 1, (span_new * rng.beta(1.3, 1.0, N)).astype(int))
created_at = START + pd.to_timedelta(created_day, unit="D") + pd.to_timedelta(rng.integers(0, 86400, N), unit="s")
order = np.argsort(created_at.values, kind="stable")  # donor ids in creation order
created_at, created_day, old = created_at[order], created_day[order], old[order]
dtype = rng.choice(["individual", "foundation", "corporate"], N, p=[0.92, 0.05, 0.03])
aff = np.exp(rng.normal(0, 0.9, N))
major = (rng.random(N) < 0.025) & (dtype == "individual")
scale = np.exp(rng.normal(np.log(45), 0.8, N)) * np.where(major, 25.0, 1.0) * np.where(dtype != "individual", 10.0, 1.0)
household = np.full(N, -1)
member = (rng.random(N) < 0.15) & (np.arange(N) > 50) & (dtype == "individual")
for i in np.nonzero(member)[0]:
    household[i] = rng.integers(0, i)
aff = np.where(household >= 0, np.sqrt(aff * aff[np.maximum(household, 0)]), aff)
lam = 1.1 * aff * np.where(major, 1.5, 1.0) * np.where(dtype != "individual", 0.6, 1.0)
pref_channel = rng.choice(len(CHANNELS), N, p=[0.3, 0.25, 0.25, 0.1, 0.1])
pref_method = np.where(
    major | (dtype != "individual"),
    rng.choice(len(METHODS), N, p=[0.15, 0.25, 0.05, 0.0, 0.25, 0.2, 0.1]),
    rng.choice(len(METHODS), N, p=[0.55, 0.15, 0.1, 0.2, 0.0, 0.0, 0.0]),
)
opt_in = rng.random(N) < 0.55
birth = rng.integers(1940, 2004, N).astype(float)
birth[rng.random(N) < 0.45] = np.nan
employer = rng.choice(["Acme Corp", "City Hospital", "State University", "Globex", "Initech", "Self"], N).astype(object)
employer[rng.random(N) < 0.75] = None
state = rng.choice(["CA", "NY", "TX", "WA", "IL", "MA", "OR", "CO"], N)
source = rng.choice(["web", "event", "mail", "referral"], N, p=[0.4, 0.2, 0.25, 0.15])
first_gift_at_signup = rng.random(N) < 0.6

# ---------------- campaigns (id, name, channel, start, end, planned days ahead, goal)
camp = []
for y in (2022, 2023, 2024, 2025):
    gt = {2022: "2022-11-29", 2023: "2023-11-28", 2024: "2024-12-03", 2025: "2025-12-02"}[y]
    camp += [
        (f"Spring Appeal {y}", "direct_mail", f"{y}-03-01", f"{y}-04-30"),
        (f"Summer Match {y}", "online", f"{y}-06-01", f"{y}-07-15"),
        (f"Phonathon {y}", "phone", f"{y}-09-01", f"{y}-09-30"),
        (f"Annual Gala {y}", "event", f"{y}-10-01", f"{y}-10-31"),
        (f"Giving Tuesday {y}", "online", str((pd.Timestamp(gt) - pd.Timedelta(days=7)).date()), gt),
        (f"Year-End {y}", "email", f"{y}-11-15", f"{y}-12-31"),
    ]
camp = [c for c in camp if c[0] in ("Spring Appeal 2025", "Summer Match 2025") or not c[0].endswith("2025")]
camp.append(("Capital Campaign", "direct_mail", "2023-01-01", "2026-12-31"))
NC = len(camp)
campaigns = pd.DataFrame(camp, columns=["name", "channel", "start_date", "end_date"])
campaigns.insert(0, "campaign_id", np.arange(1, NC + 1))
campaigns["start_date"] = pd.to_datetime(campaigns.start_date)
campaigns["end_date"] = pd.to_datetime(campaigns.end_date)
campaigns["planned_at"] = campaigns.start_date - pd.to_timedelta(rng.integers(30, 120, NC), unit="D")
campaigns["goal_amount"] = np.round(rng.uniform(20, 400, NC)) * 1000
c_start = ((campaigns.start_date - START).dt.days).values
c_end = ((campaigns.end_date - START).dt.days).values
c_chan = np.array([CHANNELS.index(c) for c in campaigns.channel])
capital = NC  # id of the capital campaign

# ---------------- events (45 in 2022-2024, 4 ahead in 2025)
EV_KINDS = {"gala": 1.5, "webinar": 1.0, "volunteer_day": 0.8, "open_house": 0.7}
ev_rows = []
for y in (2022, 2023, 2024):
    ev_rows.append((f"Annual Gala {y}", "gala", pd.Timestamp(f"{y}-10-20"), f"Annual Gala {y}"))
    for k in range(14):
        kind = rng.choice(["webinar", "volunteer_day", "open_house"])
        ev_rows.append(
            (
                f"{kind.replace('_', ' ').title()} {y}-{k + 1}",
                kind,
                pd.Timestamp(f"{y}-01-10") + pd.Timedelta(days=int(rng.integers(0, 340))),
                None,
            )
        )
for k, d in enumerate(["2025-01-22", "2025-02-12", "2025-03-05", "2025-03-26"]):
    ev_rows.append((f"Webinar 2025-{k + 1}", "webinar", pd.Timestamp(d), None))
events = pd.DataFrame(ev_rows, columns=["name", "kind", "event_date", "camp"]).sort_values("event_date")
events = events.reset_index(drop=True)
NE = len(events)
events.insert(0, "event_id", np.arange(1, NE + 1))
name_to_id = dict(zip(campaigns.name, campaigns.campaign_id, strict=True))
events["campaign_id"] = [name_to_id.get(c) if c else None for c in events.camp]
events["planned_at"] = events.event_date - pd.to_timedelta(rng.integers(60, 200, NE), unit="D")
events["capacity"] = np.where(events.kind == "gala", 400, rng.choice([50, 100, 200], NE)).astype(float)
events.loc[rng.random(NE) < 0.3, "capacity"] = np.nan
ev_day = ((events.event_date - START).dt.days).values
ev_w = events.kind.map(EV_KINDS).values

# email send days: the 5th of each month (newsletter, campaign NULL) + email/online campaigns' start and start+14
send_plan = [(int(d), -1) for d in np.nonzero(days.day == 5)[0]]
for c in range(NC):
    if CHANNELS[c_chan[c]] in ("email", "online") and c_start[c] < ND_:
        for off in (0, 14):
            if 0 <= c_start[c] + off < ND_:
                send_plan.append((int(c_start[c] + off), c + 1))
send_by_day = {}
for d, c in send_plan:
    send_by_day.setdefault(d, []).append(c)

# ---------------- the daily simulation
active = np.where(old, rng.random(N) < 0.7, True)
since = np.where(old, rng.uniform(0, 500, N), 0.0)
boost_until = np.full(N, -1)
plan_of = np.full(N, -1)  # active plan index per donor
plans = []  # [donor, start_day, method, amount, cancel_day]
pending_cancel = {}  # plan -> day
stop_day = np.full(N, 10**6)
gift_rec = []  # (donor, day, plan or -1, failed flag for installments)
reg_rec = []  # (event, donor, registered day offset, attended)
send_rec = []  # (donor, day, campaign, opened, open delay hours)
for d in range(ND_):
    exists = created_day <= d
    new = created_day == d
    if new.any():
        for i in np.nonzero(new & first_gift_at_signup)[0]:
            gift_rec.append((i, d, -1, False))
    for e in np.nonzero(ev_day == d)[0]:
        w = ev_w[e] * np.where(major & (events.kind[e] == "gala"), 5.0, 1.0)
        p = np.minimum(0.25, 0.012 * aff * w) * np.where(active, 1.0, 0.2)
        reg = exists & (rng.random(N) < p)
        att = reg & (rng.random(N) < 0.85)
        lead = rng.integers(1, 41, N)
        revive = att & ~active & (rng.random(N) < 0.3)
        active |= revive
        since[revive] = 0
        boost_until[att] = d + 60
        for i in np.nonzero(reg)[0]:
            reg_rec.append((e, i, lead[i], bool(att[i])))
    for c in send_by_day.get(d, []):
        to = exists & opt_in
        p_open = np.clip(0.05 + 0.25 * np.sqrt(aff) * np.where(active, 1.0, 0.25), 0, 0.9)
        op = rng.random(N) < p_open
        delay = rng.exponential(10, N)
        for i in np.nonzero(to)[0]:
            send_rec.append((i, d, c, bool(op[i]), delay[i]))
    live = exists & active
    has_plan = plan_of >= 0
    p = lam / 365 * season[d] * (1 + 2 * (boost_until >= d)) * np.where(has_plan, 0.5, 1.0)
    give = live & (rng.random(N) < p)
    for i in np.nonzero(give)[0]:
        gift_rec.append((i, d, -1, False))
    since += 1
    since[give] = 0
    # recurring plans: starts, installments, cancellations
    start = live & ~has_plan & (rng.random(N) < 0.00012 * np.sqrt(aff))
    for i in np.nonzero(start)[0]:
        m = METHODS.index("ach") if rng.random() < 0.3 else METHODS.index("card")
        amt = float(np.clip(np.round(scale[i] * 0.4 / 5) * 5, 5, 500))
        plans.append([i, d, m, amt, None])
        plan_of[i] = len(plans) - 1
    dom = min(days[d].day, 29)
    u_fail, u_cancel, u_gap = rng.random(N), rng.random(N), rng.integers(1, 15, N)
    for i in np.nonzero(plan_of >= 0)[0]:
        k = plan_of[i]
        pl = plans[k]
        if pl[1] != d and min(days[pl[1]].day, 28) == dom and dom <= 28:
            failed = u_fail[i] < (0.05 if pl[2] == 0 else 0.02)
            gift_rec.append((i, d, k, failed))
            if not failed:
                since[i] = 0
            elif u_cancel[i] < 0.4 and k not in pending_cancel:
                pending_cancel[k] = d + int(u_gap[i])
        if pending_cancel.get(k) == d or (k not in pending_cancel and u_cancel[i] > 1 - 1 / 1100):
            pl[4] = d
            plan_of[i] = -1
            pending_cancel.pop(k, None)
    # lapse: hazard rising with time since the last gift
    h = 0.0003 * (1 + since / 150) / aff**0.3
    stop = live & (rng.random(N) < h)
    active &= ~stop
    stop_day[stop] = d
    for i in np.nonzero(stop & (plan_of >= 0))[0]:
        pending_cancel.setdefault(plan_of[i], d + int(rng.integers(0, 31)))
    for k, cd in list(pending_cancel.items()):
        if cd == d and plans[k][4] is None:
            plans[k][4] = d
            plan_of[plans[k][0]] = -1
            del pending_cancel[k]
stop_day[active] = 10**6

# ---------------- pledges
pl_rows = []
for i in np.nonzero(scale > 300)[0]:
    for y in range(3):
        if rng.random() < 0.15:
            d = int(rng.integers(365 * y, 365 * y + 365))
            d = min(max(d, created_day[i] + 1, 0), ND_ - 1)
            if stop_day[i] <= d:
                continue
            term = int(rng.choice([90, 180, 365, 730]))
            amt = round(float(scale[i] * 20 * rng.lognormal(0, 0.5)), -1)
            ok = rng.random() < (0.85 if stop_day[i] > d + term else 0.2)
            f_day = d + term * rng.uniform(0.3, 1.1)
            pl_rows.append((i, d, term, amt, ok, f_day, rng.integers(0, 86400)))
pledges = pd.DataFrame(pl_rows, columns=["donor", "day", "term", "amount", "ok", "f_day", "sec"])
NP = len(pledges)
pledges["pledge_id"] = np.arange(1, NP + 1)
pledged_at = START + pd.to_timedelta(pledges.day, unit="D") + pd.to_timedelta(pledges.sec, unit="s")
due = (START + pd.to_timedelta(pledges.day + pledges.term, unit="D")).dt.normalize()
fulfilled_at = START + pd.to_timedelta(pledges.f_day, unit="D")
fulfilled_at = fulfilled_at.where(pledges.ok & (fulfilled_at <= NOW))
written_off_at = (due + pd.Timedelta(days=120)).where(~pledges.ok)
written_off_at = written_off_at.where(written_off_at <= NOW)

# ---------------- gifts
g = pd.DataFrame(gift_rec, columns=["donor", "day", "plan", "failed_inst"])
pf = pledges[pledges.ok & fulfilled_at.notna()]
g = pd.concat(
    [g, pd.DataFrame({"donor": pf.donor, "day": pf.f_day.astype(int), "plan": -2, "failed_inst": False})],
    ignore_index=True,
)
NG = len(g)
gd = g.donor.values
gdate = START + pd.to_timedelta(g.day.values, unit="D")
one_off = g.plan.values == -1
dec = gdate.month == 12
amount = np.maximum(5, np.round(scale[gd] * rng.lognormal(0, 0.6, NG) * np.where(dec, 1.4, 1.0)))
plan_amt = np.array([p[3] for p in plans]) if plans else np.zeros(0)
inst = g.plan.values >= 0
amount[inst] = plan_amt[g.plan.values[inst]]
amount[g.plan.values == -2] = pf.amount.values
# campaign: one of the campaigns running that day
u_null, u_camp = rng.random(NG), rng.random(NG)
camp_id = np.full(NG, -1)
for j in range(NG):
    if not one_off[j] or u_null[j] < 0.25:
        continue
    d = g.day.values[j]
    run = np.nonzero((c_start <= d) & (c_end >= d))[0]
    if len(run) == 0:
        continue
    w = np.where(c_chan[run] == pref_channel[gd[j]], 4.0, 1.0)
    w = w * np.where(campaigns.name.values[run].astype(str) == f"Year-End {gdate[j].year}", 3.0 if dec[j] else 1.0, 1.0)
    camp_id[j] = run[np.searchsorted(np.cumsum(w) / w.sum(), u_camp[j])] + 1
camp_id[g.plan.values == -2] = capital
method = np.where(rng.random(NG) < 0.75, pref_method[gd], rng.choice(len(METHODS), NG, p=[0.5, 0.2, 0.1, 0.2, 0, 0, 0]))
method[inst] = np.array([p[2] for p in plans])[g.plan.values[inst]]
method[g.plan.values == -2] = rng.choice([1, 4, 6], (g.plan.values == -2).sum())
DELAY = {0: (1, 3), 1: (5, 15), 2: (3, 5), 3: (1, 3), 4: (3, 10), 5: (10, 40), 6: (1, 3)}
FAIL = {0: 0.03, 1: 0.015, 2: 0.02}
lo = np.array([DELAY[m][0] for m in method])
hi = np.array([DELAY[m][1] for m in method])
resolve = gdate + pd.to_timedelta((lo + (hi - lo + 1) * rng.random(NG)) * 86400, unit="s")
failed = np.where(inst, g.failed_inst.values, rng.random(NG) < np.array([FAIL.get(m, 0.0) for m in method]))
deleted = np.where(
    failed & (rng.random(NG) < 0.4),
    resolve + pd.to_timedelta(rng.uniform(1, 5, NG) * 86400, unit="s"),
    pd.NaT,
)
refund = ~failed & (rng.random(NG) < 0.015)
refund_at = resolve + pd.to_timedelta(rng.uniform(1, 90, NG) * 86400, unit="s")
deleted = pd.to_datetime(np.where(refund, refund_at, deleted))
tribute = rng.choice(["In memory of a parent", "In honor of a teacher", "For the kids"], NG).astype(object)
tribute[rng.random(NG) < 0.96] = None
gifts = pd.DataFrame(
    {
        "donor_id": gd + 1,
        "campaign_id": pd.array(np.where(camp_id > 0, camp_id, 0), dtype="Int64"),
        "recurring_plan_id": pd.array(np.where(inst, g.plan.values + 1, 0), dtype="Int64"),
        "gift_date": gdate,
        "amount": amount,
        "payment_method": np.array(METHODS)[method],
        "resolve_at": resolve.floor("s"),
        "failed": failed,
        "deleted_at": deleted.floor("s"),
        "tribute_name": tribute,
    }
)
gifts.loc[gifts.campaign_id == 0, "campaign_id"] = pd.NA
gifts.loc[gifts.recurring_plan_id == 0, "recurring_plan_id"] = pd.NA
dup = gifts[one_off & (rng.random(NG) < 0.01)].copy()
dup["deleted_at"] = (dup.gift_date + pd.to_timedelta(rng.uniform(1, 10, len(dup)) * 86400, unit="s")).dt.floor("s")
gifts = pd.concat([gifts, dup]).sort_values(["gift_date", "donor_id"], kind="stable").reset_index(drop=True)
gifts.insert(0, "gift_id", np.arange(1, len(gifts) + 1))

# recurring plans, registrations, sends, opens
plans_df = pd.DataFrame(plans, columns=["donor", "day", "method", "amount", "cancel_day"])
recurring_plans = pd.DataFrame(
    {
        "plan_id": np.arange(1, len(plans_df) + 1),
        "donor_id": plans_df.donor.values + 1,
        "start_date": (START + pd.to_timedelta(plans_df.day, unit="D")),
        "monthly_amount": plans_df.amount.values,
        "payment_method": np.array(METHODS)[plans_df.method.values],
        "cancelled_at": START
        + pd.to_timedelta(plans_df.cancel_day.astype(float), unit="D")
        + pd.to_timedelta(rng.integers(8 * 3600, 20 * 3600, len(plans_df)), unit="s"),
    }
)
reg = pd.DataFrame(reg_rec, columns=["e", "donor", "lead", "att"])
attendance = pd.DataFrame(
    {
        "event_id": reg.e.values + 1,
        "donor_id": reg.donor.values + 1,
        "registered_at": events.event_date.values[reg.e.values]
        - pd.to_timedelta(reg.lead.values, unit="D")
        + pd.to_timedelta(rng.integers(0, 86400, len(reg)), unit="s"),
        "attended": reg.att.values,
    }
)
# registrations for the 2025 events, made before NOW by donors active at NOW
for e in np.nonzero(ev_day >= ND_)[0]:
    p = np.minimum(0.25, 0.012 * aff * ev_w[e]) * np.where(active, 1.0, 0.2)
    r = rng.random(N) < p
    when = events.event_date[e] - pd.to_timedelta(rng.integers(1, 41, N), unit="D")
    when = when + pd.to_timedelta(rng.integers(0, 86400, N), unit="s")
    keep = r & (when <= NOW)
    extra = pd.DataFrame(
        {"event_id": e + 1, "donor_id": np.nonzero(keep)[0] + 1, "registered_at": when[keep], "attended": False}
    )
    attendance = pd.concat([attendance, extra], ignore_index=True)
reg_floor = pd.Series(created_at.floor("s"), index=np.arange(1, N + 1))  # registered once the donor exists
attendance["registered_at"] = np.maximum(attendance.registered_at.values, reg_floor[attendance.donor_id].values)
attendance = attendance[attendance.registered_at >= pd.Timestamp("2021-12-01")]  # registrations kept since Dec 2021
attendance = attendance.sort_values("registered_at").reset_index(drop=True)
s = pd.DataFrame(send_rec, columns=["donor", "day", "camp", "opened", "delay"])
sent_at = (
    START + pd.to_timedelta(s.day, unit="D") + pd.to_timedelta(rng.integers(9 * 3600, 11 * 3600, len(s)), unit="s")
)
email_sends = pd.DataFrame(
    {
        "send_id": np.arange(1, len(s) + 1),
        "donor_id": s.donor.values + 1,
        "campaign_id": pd.array(np.where(s.camp.values > 0, s.camp.values, 0), dtype="Int64"),
        "sent_at": sent_at,
        "subject_line": rng.choice(
            ["Your impact this month", "A story from the field", "Double your gift", "Last chance", "Thank you"], len(s)
        ),
    }
)
email_sends.loc[email_sends.campaign_id == 0, "campaign_id"] = pd.NA
o = s.opened.values
email_opens = pd.DataFrame(
    {
        "Open ID": np.arange(1, o.sum() + 1),
        "Send ID": email_sends.send_id.values[o],
        "Opened At": (sent_at[o] + pd.to_timedelta(np.minimum(s.delay.values[o], 48) * 3600, unit="s")).dt.floor("s"),
        "Device": rng.choice(["mobile", "desktop", "tablet"], o.sum(), p=[0.6, 0.32, 0.08]),
    }
)

# ---------------- the cut: everything as it stood at T (NOW unless --as-of)
T = AS_OF if AS_OF is not None else NOW
donors = pd.DataFrame(
    {
        "donor_id": np.arange(1, N + 1),
        "household_id": pd.array(np.where(household >= 0, household + 1, 0), dtype="Int64"),
        "created_at": created_at.floor("s"),
        "donor_type": dtype,
        "state": state,
        "birth_year": birth,
        "employer": employer,
        "email_opt_in": opt_in,
        "acquisition_source": source,
    }
)
donors.loc[donors.household_id == 0, "household_id"] = pd.NA
donors = donors[donors.created_at <= T].copy()
gifts = gifts[(gifts.gift_date <= T) & gifts.donor_id.isin(donors.donor_id)].copy()  # a signup gift: its donor's day
known_failed = gifts.failed & (gifts.resolve_at <= T)
gifts["status"] = np.where(gifts.resolve_at > T, "pending", np.where(gifts.failed, "failed", "cleared"))
gifts["cleared_at"] = gifts.resolve_at.where(gifts.status == "cleared")
gifts["deleted_at"] = gifts.deleted_at.where(gifts.deleted_at <= T)
good = gifts[~known_failed & gifts.deleted_at.isna()]
last_good = good.groupby("donor_id").gift_date.max()
recent = good[good.gift_date > T - pd.Timedelta(days=365)].groupby("donor_id").amount.sum()
lapse = last_good + pd.Timedelta(days=365)
donors["lapsed_at"] = donors.donor_id.map(lapse.where(lapse <= T))
tot = donors.donor_id.map(recent).fillna(0)
donors["tier"] = np.select(
    [tot >= 5000, tot >= 1000, tot > 0, donors.lapsed_at.notna()], ["major", "mid", "general", "lapsed"], "prospect"
)
campaigns = campaigns[campaigns.planned_at <= T].copy()
campaigns["status"] = np.where(
    campaigns.start_date > T, "planned", np.where(campaigns.end_date >= T.normalize(), "active", "closed")
)
recurring_plans = recurring_plans[
    (recurring_plans.start_date <= T) & recurring_plans.donor_id.isin(donors.donor_id)
].copy()
recurring_plans["cancelled_at"] = recurring_plans.cancelled_at.where(recurring_plans.cancelled_at <= T)
recurring_plans["status"] = np.where(recurring_plans.cancelled_at.notna(), "cancelled", "active")
keep = pledged_at <= T
pledge_tab = pd.DataFrame(
    {
        "pledge_id": pledges.pledge_id,
        "donor_id": pledges.donor + 1,
        "campaign_id": capital,
        "pledged_at": pledged_at.dt.floor("s"),
        "amount": pledges.amount,
        "due_date": due.dt.strftime("%Y-%m-%d"),
        "fulfilled_at": fulfilled_at.where(fulfilled_at <= T).dt.floor("s"),
        "written_off_at": written_off_at.where(written_off_at <= T),
    }
)[keep.values]
pledge_tab["status"] = np.where(
    pledge_tab.fulfilled_at.notna(), "fulfilled", np.where(pledge_tab.written_off_at.notna(), "written_off", "open")
)
events = events[events.planned_at <= T].copy()
attendance = attendance[attendance.registered_at <= T].copy()
past_event = attendance.event_id.map(events.set_index("event_id").event_date) < T.normalize()
attendance["attended"] = attendance.attended.where(past_event)
email_sends = email_sends[email_sends.sent_at <= T]
email_opens = email_opens[email_opens["Opened At"] <= T]

tables = {
    "donors": donors[
        [
            "donor_id",
            "household_id",
            "created_at",
            "donor_type",
            "tier",
            "lapsed_at",
            "state",
            "birth_year",
            "employer",
            "email_opt_in",
            "acquisition_source",
        ]
    ],
    "campaigns": campaigns[
        ["campaign_id", "name", "channel", "start_date", "end_date", "planned_at", "goal_amount", "status"]
    ],
    "recurring_plans": recurring_plans,
    "gifts": gifts[
        [
            "gift_id",
            "donor_id",
            "campaign_id",
            "recurring_plan_id",
            "gift_date",
            "amount",
            "payment_method",
            "status",
            "cleared_at",
            "deleted_at",
            "tribute_name",
        ]
    ],
    "pledges": pledge_tab,
    "events": events[["event_id", "name", "kind", "event_date", "campaign_id", "planned_at", "capacity"]],
    "event_attendance": attendance,
    "email_sends": email_sends,
    "email_opens": email_opens,
}
Path(OUT).unlink(missing_ok=True)  # a new file each run
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE donors (donor_id INTEGER PRIMARY KEY, household_id INTEGER, created_at TIMESTAMP, donor_type VARCHAR,
                     tier VARCHAR, lapsed_at TIMESTAMP, state VARCHAR, birth_year INTEGER, employer VARCHAR,
                     email_opt_in BOOLEAN, acquisition_source VARCHAR);
CREATE TABLE campaigns (campaign_id INTEGER PRIMARY KEY, name VARCHAR, channel VARCHAR, start_date DATE,
                        end_date DATE, planned_at DATE, goal_amount DECIMAL(12, 2), status VARCHAR);
CREATE TABLE recurring_plans (plan_id INTEGER PRIMARY KEY, donor_id INTEGER REFERENCES donors(donor_id),
                              start_date DATE, monthly_amount DECIMAL(10, 2), payment_method VARCHAR,
                              cancelled_at TIMESTAMP, status VARCHAR);
CREATE TABLE gifts (gift_id INTEGER PRIMARY KEY, donor_id INTEGER REFERENCES donors(donor_id), campaign_id INTEGER,
                    recurring_plan_id INTEGER, gift_date DATE, amount DECIMAL(12, 2), payment_method VARCHAR,
                    status VARCHAR, cleared_at TIMESTAMP, deleted_at TIMESTAMP, tribute_name VARCHAR);
CREATE TABLE pledges (pledge_id INTEGER PRIMARY KEY, donor_id INTEGER, campaign_id INTEGER, pledged_at TIMESTAMP,
                      amount DECIMAL(12, 2), due_date VARCHAR, fulfilled_at TIMESTAMP, written_off_at DATE,
                      status VARCHAR);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, name VARCHAR, kind VARCHAR, event_date DATE, campaign_id INTEGER,
                     planned_at DATE, capacity INTEGER);
CREATE TABLE event_attendance (event_id INTEGER REFERENCES events(event_id),
                               donor_id INTEGER REFERENCES donors(donor_id), registered_at TIMESTAMP, attended BOOLEAN,
                               PRIMARY KEY (event_id, donor_id));
CREATE TABLE email_sends (send_id BIGINT PRIMARY KEY, donor_id INTEGER, campaign_id INTEGER, sent_at TIMESTAMP,
                          subject_line VARCHAR);
CREATE TABLE email_opens ("Open ID" BIGINT PRIMARY KEY, "Send ID" BIGINT, "Opened At" TIMESTAMP, "Device" VARCHAR);
""")
for name, df in tables.items():
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.execute("""
CREATE VIEW donor_summary AS
SELECT donor_id, COUNT(*) AS gift_count, SUM(amount) AS lifetime_total, MAX(gift_date) AS last_gift_date
FROM gifts WHERE deleted_at IS NULL AND status <> 'failed' GROUP BY donor_id
""")
con.close()
