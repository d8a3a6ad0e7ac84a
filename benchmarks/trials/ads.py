"""A self-serve advertising platform's database (advertisers, their campaigns with flight dates set ahead and a
budget rewritten when changed plus a log of the changes, ad groups, ads, a daily reporting table with one row per
ad per day it served, monthly invoices and their payments), seeded: `python benchmarks/trials/ads.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy
default_rng(0)): 1,500 advertisers (1,068 active, 42 paused, 390 churned today), 6.9k campaigns, 10.5k budget changes,
13.9k ad groups, 27.6k ads, 439k daily_stats rows (the top 5% of advertisers spend 70%), 10.6k invoices, 10.2k
payments (about 4 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; serving is simulated day by day over 2023-01-01..2024-12-31.
Rows dated after NOW exist only where written ahead: campaigns.starts_on / ends_on (set when the campaign is
created), invoices.due_at (issued_at + 30 days). Every other column holding a later date of its row is filled in
later (ads.paused_at, invoices.paid_at).

Truth (seed 0):
- advertisers (1,500): 600 signed up before 2023 (2021-06..2022-12), 900 during the span (rate rising); size =
  potential spend per day LogNormal(log 20, 1.5) (very heavy tail: the top 5% spend most); growth trend per year
  N(0.15, 0.5) (spend x exp(g x years since 2023-01-01)); creative skill N(0, 1) (drives CTR); payment risk N(0, 1)
  - 0.3 z(log size); industry (ecommerce / apps / brand / local_services / b2b) sets the objective mix and the CPM;
  billing_tier: 'enterprise' for the top 5% by size, 'invoice' for the next 35%, else 'card' (static);
  country, referral_source, noise_score: noise
  account_status holds TODAY's state: 'churned' (churned by then), 'paused' (inside a pause spell), else 'active';
  lifetime_spend is TODAY's running total of the spend reported so far
- pause spells: Poisson(0.5 / year) per advertiser, each lasting 3 + Exp(20) days: no serving while paused
- churn: monthly hazard from the previous month's CTR: 0.015 x (0.012 / ctr)^2 (capped .6; 0.01 in a month with
  no impressions); a churned advertiser never serves, creates or changes anything again
- seasonality: month factor Jan .85 .. Oct 1.2, Nov 1.45, Dec 1.6 (Q4 peak); weekends x0.7
- campaigns: per advertiser a Poisson process from max(sign-up, 2023-01-01) at 0.25 / month x (size / 20)^0.25
  x season (thinned), plus a first campaign within 3 days of a sign-up inside the span; starts_on = created + 0-6
  days (DATE, set ahead); ends_on = starts_on + U(7, 90) days (set ahead), NULL for 30% (open-ended; such a
  campaign stops, unrecorded, after Exp(150) days); objective: 60% the advertiser's previous campaign's, else drawn
  from the advertiser's mix (Dirichlet(.5) blended 50/50 with its industry's); daily_budget = size x
  LogNormal(0, .5) at creation, multiplied by LogNormal(0, .35) at each change (Poisson(1 per 40 live days),
  logged in budget_changes) and holds TODAY's budget; status holds TODAY's state: 'scheduled' / 'active' /
  'ended' (ends_on passed) / 'paused' (advertiser paused or churned, or an open-ended campaign stopped)
- ad_groups: 1-3 per campaign; targeting (age_range, geo, device, audience) is noise
- ads: 1-3 per ad group, created_at = the group's + 0-5 days; format image/video/carousel/text (CTR x 1, 1.3, 1.15,
  .7); quality = advertiser skill + N(0, .6); CTR = 1.2% x exp(.45 quality) x format; 50% of ads are paused at
  created + Exp(50 days x exp(.5 quality)) (paused_at, status hold TODAY's state)
- daily_stats: per live ad-day (campaign flight, ad not paused, advertiser neither paused nor churned), with B =
  campaign budget that day / its ads and f = season x weekday x growth, the ad serves with p = 1 - exp(-B f / 40)
  and then spends B f U(.3, 1); impressions = spend / CPM (industry 4-14 $) x 1000, clicks ~ impressions x CTR,
  conversions ~ clicks x CVR (conversions objective 6%, apps 4%, traffic 2%, awareness .5%). daily_stats.date is a
  DATE: a day's row is written the next morning at 06:00 (a reporting lag; no column says so)
- invoices: per advertiser and month with spend, issued on the 1st-3rd of the next month, amount = the month's
  spend, due_at = issued_at + 30 days; paid after LogNormal(log 12 + .6 risk + .8 churned + tier (card -2.2,
  enterprise +.3), .6) days, never with p sigmoid(-4 + 1.2 risk + 2.5 churned); paid_at and status
  ('paid' / 'open' / 'overdue') hold TODAY's state; payments: one row per paid invoice at paid_at
- `python ads.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
  first, then rows created after DATE are left out (a daily_stats row exists from its day's next 06:00) and every
  today's-state column (account_status, lifetime_spend, daily_budget, campaign status, ad paused_at and status,
  invoice paid_at and status) is as it stood at DATE (exact)
"""

import sys
from pathlib import Path

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
ND = (NOW.normalize() - START).days + 1  # 731 simulated days
T = (CUT - START).total_seconds()  # the cut, in seconds since START
days = pd.date_range(START, periods=ND, freq="D")
MONTH = days.month.to_numpy() - 1
MIDX = (days.year.to_numpy() - 2023) * 12 + MONTH  # month index 0..23
SEASON = np.array([0.85, 0.85, 0.95, 0.95, 1.0, 1.0, 0.95, 0.95, 1.05, 1.2, 1.45, 1.6])
WEEKDAY = np.where(days.day_of_week.to_numpy() >= 5, 0.7, 1.0)
DAYF = SEASON[MONTH] * WEEKDAY


def ts(x):
    """Seconds since START -> timestamps (NaN/inf -> NaT), to the second."""
    x = np.asarray(x, float)
    out = pd.to_datetime(START) + pd.to_timedelta(np.where(np.isfinite(x), x, np.nan), unit="s")
    return pd.Series(out).dt.floor("s").to_numpy()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ---------------- advertisers
NA = 1500
INDUSTRIES = np.array(["ecommerce", "apps", "brand", "local_services", "b2b"])
OBJECTIVES = np.array(["conversions", "app_installs", "awareness", "traffic"])
IND_MIX = np.array(
    [
        [0.6, 0.05, 0.15, 0.2],
        [0.15, 0.65, 0.1, 0.1],
        [0.1, 0.05, 0.7, 0.15],
        [0.3, 0.0, 0.1, 0.6],
        [0.45, 0.0, 0.2, 0.35],
    ]
)
CPM = np.array([8.0, 6.0, 4.0, 10.0, 14.0])
CVR = np.array([0.06, 0.04, 0.005, 0.02])
FORMATS = np.array(["image", "video", "carousel", "text"])
FMT_CTR = np.array([1.0, 1.3, 1.15, 0.7])

old = np.arange(NA) < 600
a_signup = np.where(
    old,
    (pd.Timestamp("2021-06-01") - START).total_seconds()
    + rng.random(NA) * (START - pd.Timestamp("2021-06-01")).total_seconds(),
    rng.beta(1.3, 1.0, NA) * (ND - 20) * DAY,
)
a_size = np.exp(rng.normal(np.log(20), 1.5, NA))
a_growth = rng.normal(0.15, 0.5, NA)
a_skill = rng.normal(0, 1, NA)
zsize = (np.log(a_size) - np.log(a_size).mean()) / np.log(a_size).std()
a_risk = rng.normal(0, 1, NA) - 0.3 * zsize
a_ind = rng.choice(5, NA, p=[0.35, 0.15, 0.15, 0.2, 0.15])
a_mix = 0.5 * rng.dirichlet(np.full(4, 0.5), NA) + 0.5 * IND_MIX[a_ind]
rank = np.argsort(np.argsort(-a_size))
a_tier = np.where(rank < 75, "enterprise", np.where(rank < 600, "invoice", "card"))
a_country = rng.choice(["US", "UK", "DE", "FR", "BR", "IN"], NA, p=[0.4, 0.15, 0.12, 0.1, 0.12, 0.11])
a_ref = rng.choice(["search", "partner", "social", "sales"], NA)
a_noise = np.round(rng.normal(50, 15, NA), 1)
a_signup = np.floor(a_signup)

# pause spells: a boolean per advertiser-day
paused_day = np.zeros((NA, ND), bool)
n_sp = rng.poisson(0.5 * 2.0, NA)
sp_start = rng.random(n_sp.sum()) * ND
sp_len = 3 + rng.exponential(20, n_sp.sum())
sp_adv = np.repeat(np.arange(NA), n_sp)
for a, s, ln in zip(sp_adv, sp_start, sp_len, strict=True):
    paused_day[a, int(s) : int(min(ND, s + ln)) + 1] = True
# churn uniforms, drawn up front (per advertiser and month)
churn_u = rng.random((NA, 25))
churn_when = rng.random((NA, 25))

# ---------------- campaigns (drawn up front; those after an advertiser's churn are dropped later)
first_c = np.maximum(a_signup, 0.0)
rate = 0.25 / 30.4 * (a_size / 20) ** 0.25  # per day
span = ND * DAY - first_c
n_c = rng.poisson(rate * 1.6 * span / DAY)
c_adv = np.repeat(np.arange(NA), n_c)
c_created = first_c[c_adv] + rng.random(n_c.sum()) * span[c_adv]
keep = rng.random(n_c.sum()) < SEASON[MONTH[np.minimum((c_created // DAY).astype(int), ND - 1)]] / 1.6
c_adv, c_created = c_adv[keep], c_created[keep]
newc = np.flatnonzero(a_signup >= 0)  # a first campaign just after a sign-up inside the span
c_adv = np.concatenate([c_adv, newc])
c_created = np.concatenate([c_created, a_signup[newc] + rng.random(len(newc)) * 3 * DAY])
o = np.lexsort((c_created, c_adv))
c_adv, c_created = c_adv[o], np.floor(c_created[o])
c_created = np.minimum(c_created, ND * DAY - 1)
NC = len(c_adv)
c_start = (c_created // DAY).astype(int) + rng.integers(0, 7, NC)  # day index (DATE)
c_open = rng.random(NC) < 0.3
c_len = rng.integers(7, 91, NC)
c_end = np.where(c_open, 10**6, c_start + c_len)  # last day of the flight (inclusive)
c_stop = np.where(c_open, c_start + rng.exponential(150, NC).astype(int), 10**6)  # unrecorded stop of an open one
c_budget0 = np.round(a_size[c_adv] * np.exp(rng.normal(0, 0.5, NC)), 2)
pick_u = rng.random(NC)
mix_draw = np.array([rng.choice(4, p=a_mix[a]) for a in c_adv])
c_obj = np.empty(NC, int)
for i in range(NC):
    same = i > 0 and c_adv[i - 1] == c_adv[i]
    c_obj[i] = c_obj[i - 1] if same and pick_u[i] < 0.6 else mix_draw[i]
c_name_noise = rng.integers(100, 999, NC)

# budget changes (drawn up front)
live_days = np.maximum(1, np.minimum(np.minimum(c_end, c_stop), ND - 1) - c_start)
n_b = rng.poisson(live_days / 40.0)
b_camp = np.repeat(np.arange(NC), n_b)
b_time = np.floor((c_start[b_camp] * DAY) + rng.random(n_b.sum()) * live_days[b_camp] * DAY)
b_factor = np.exp(rng.normal(0, 0.35, n_b.sum()))
o = np.lexsort((b_time, b_camp))
b_camp, b_time, b_factor = b_camp[o], b_time[o], b_factor[o]

# ad groups and ads
n_g = rng.integers(1, 4, NC)
g_camp = np.repeat(np.arange(NC), n_g)
NG = len(g_camp)
g_created = c_created[g_camp] + np.floor(rng.random(NG) * 3600)
n_ad = rng.integers(1, 4, NG)
ad_group = np.repeat(np.arange(NG), n_ad)
NAD = len(ad_group)
ad_camp = g_camp[ad_group]
ad_adv = c_adv[ad_camp]
ad_created = g_created[ad_group] + np.floor(rng.random(NAD) * 5 * DAY)
ad_fmt = rng.choice(4, NAD, p=[0.45, 0.2, 0.2, 0.15])
ad_quality = a_skill[ad_adv] + rng.normal(0, 0.6, NAD)
ad_ctr = 0.012 * np.exp(0.45 * ad_quality) * FMT_CTR[ad_fmt]
ad_pauses = rng.random(NAD) < 0.5
ad_paused = np.where(
    ad_pauses, ad_created + np.floor(rng.exponential(50, NAD) * np.exp(0.5 * ad_quality) * DAY), np.inf
)

# candidate ad-days (the upper bound; churn and pauses are applied in the simulation)
a0 = np.maximum((ad_created // DAY).astype(int) + 1, c_start[ad_camp])
a1 = np.minimum.reduce(
    [
        c_end[ad_camp],
        c_stop[ad_camp] - 1,
        np.where(np.isfinite(ad_paused), np.nan_to_num(ad_paused, posinf=0) // DAY - 1, 10**6).astype(int),
        np.full(NAD, ND - 1),
    ]
)
cnt = np.maximum(0, a1 - a0 + 1)
p_ad = np.repeat(np.arange(NAD), cnt)
p_day = np.repeat(a0, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
NP = len(p_ad)
u_serve = rng.random(NP)
u_spend = rng.uniform(0.3, 1.0, NP)
z_click = rng.normal(0, 1, NP)
z_conv = rng.normal(0, 1, NP)
z_cpm = np.exp(rng.normal(0, 0.15, NP))

# invoice / payment draws per advertiser-month
inv_z = rng.normal(0, 1, (NA, 24))
inv_never = rng.random((NA, 24))
inv_issue = rng.random((NA, 24)) * 2 * DAY + DAY * 0 + 6 * 3600
pay_method = rng.choice(["card", "wire", "ach"], (NA, 24))

# ---------------- the simulation, month by month (churn reacts to the previous month's CTR)
# budget in force on each pair's day: initial x the changes logged before that day
logf = np.log(b_factor)
cum = np.concatenate([[0.0], np.cumsum(logf)])
key_b = b_camp.astype(np.int64) * 10**9 + b_time.astype(np.int64)
p_camp = ad_camp[p_ad]
key_p = p_camp.astype(np.int64) * 10**9 + (p_day.astype(np.int64) * int(DAY))
first_idx = np.searchsorted(key_b, p_camp.astype(np.int64) * 10**9, side="left")
upto = np.searchsorted(key_b, key_p, side="right")
p_budget = c_budget0[p_camp] * np.exp(cum[upto] - cum[first_idx])
# ads live on the day in the same campaign (bound): share of the budget
live_per_cd = pd.Series(1, index=pd.MultiIndex.from_arrays([p_camp, p_day])).groupby(level=[0, 1]).transform("size")
p_share = p_budget / live_per_cd.to_numpy()
p_adv = ad_adv[p_ad]
p_f = DAYF[p_day] * np.exp(a_growth[p_adv] * p_day / 365.0)
p_mean = p_share * p_f
p_served = u_serve < 1 - np.exp(-p_mean / 40.0)
p_spend = np.round(p_mean * u_spend, 2)
p_cpm = CPM[a_ind[p_adv]] * z_cpm
p_impr = np.round(p_spend / p_cpm * 1000).astype(np.int64)
lam = p_impr * ad_ctr[p_ad]
p_clicks = np.clip(np.round(lam + np.sqrt(lam) * z_click), 0, p_impr).astype(np.int64)
lamc = p_clicks * CVR[c_obj[p_camp]]
p_conv = np.clip(np.round(lamc + np.sqrt(lamc) * z_conv), 0, p_clicks).astype(np.int64)

churn_day = np.full(NA, 10**6)
p_month = MIDX[p_day]
ok = np.zeros(NP, bool)
for m in range(24):
    sel = np.flatnonzero(p_month == m)
    alive = (churn_day[p_adv[sel]] > p_day[sel]) & ~paused_day[p_adv[sel], p_day[sel]]
    ok[sel] = alive & p_served[sel]
    s = sel[ok[sel]]
    impr = np.bincount(p_adv[s], weights=p_impr[s], minlength=NA)
    clk = np.bincount(p_adv[s], weights=p_clicks[s], minlength=NA)
    ctr = np.where(impr > 0, clk / np.maximum(impr, 1), np.nan)
    h = np.where(impr > 0, np.minimum(0.6, 0.015 * (0.012 / np.maximum(ctr, 1e-4)) ** 2), 0.01)
    mdays = np.flatnonzero(m + 1 == MIDX)
    if len(mdays) == 0:
        continue
    eligible = (churn_day == 10**6) & (a_signup < mdays[0] * DAY)
    hit = eligible & (churn_u[:, m] < h)
    churn_day[hit] = mdays[0] + (churn_when[hit, m] * len(mdays)).astype(int)
churn_t = np.where(churn_day < 10**6, churn_day * DAY + 3600 * 10, np.inf)  # churn noted at 10:00 that day

# drop what came after an advertiser's churn
c_ok = c_created < churn_t[c_adv]
b_ok = c_ok[b_camp] & (b_time < churn_t[c_adv[b_camp]])

# ---------------- the cut: rows as they stood at T
st = pd.DataFrame(
    {
        "ad": p_ad[ok],
        "day": p_day[ok],
        "spend": p_spend[ok],
        "impressions": p_impr[ok],
        "clicks": p_clicks[ok],
        "conversions": p_conv[ok],
    }
)
st = st[st.spend > 0]
st_all = st  # invoices are computed from every served day, then cut by issue time
written = (st.day.to_numpy() + 1) * DAY + 6 * 3600  # the next morning at 06:00
st = st[written <= T].sort_values(["day", "ad"], kind="stable")
daily_stats = pd.DataFrame(
    {
        "ad_id": st.ad.to_numpy() + 1,
        "date": days[st.day.to_numpy()].date,
        "campaign_id": ad_camp[st.ad.to_numpy()] + 1,
        "advertiser_id": ad_adv[st.ad.to_numpy()] + 1,
        "impressions": st.impressions.to_numpy(),
        "clicks": st.clicks.to_numpy(),
        "spend": st.spend.to_numpy(),
        "conversions": st.conversions.to_numpy(),
    }
)

lifetime = np.bincount(daily_stats.advertiser_id.to_numpy() - 1, weights=daily_stats.spend.to_numpy(), minlength=NA)
in_pause = np.zeros(NA, bool)
cut_day = int(T // DAY)
if 0 <= cut_day < ND:
    in_pause = paused_day[:, cut_day]
advertisers = pd.DataFrame(
    {
        "advertiser_id": np.arange(1, NA + 1),
        "company_name": [f"Advertiser {i:04d}" for i in range(1, NA + 1)],
        "signed_up_at": ts(a_signup),
        "industry": INDUSTRIES[a_ind],
        "billing_tier": a_tier,
        "country": a_country,
        "referral_source": a_ref,
        "noise_score": a_noise,
        "account_status": np.where(churn_t <= T, "churned", np.where(in_pause, "paused", "active")),
        "lifetime_spend": np.round(lifetime, 2),
    }
)[a_signup <= T]

# today's budget: the initial one times the changes logged by the cut
kept = b_ok & (b_time <= T)
c_budget_now = c_budget0 * np.exp(np.bincount(b_camp[kept], weights=logf[kept], minlength=NC))
adv_gone = churn_t[c_adv] <= T
c_status = np.where(
    c_start * DAY > T,
    "scheduled",
    np.where(
        (c_end + 1) * DAY <= T,
        "ended",
        np.where(adv_gone | in_pause[c_adv] | (c_stop * DAY <= T), "paused", "active"),
    ),
)
end_dates = pd.Series(pd.NaT, index=range(NC), dtype="datetime64[ns]")
end_dates[~c_open] = (START + pd.to_timedelta(c_end[~c_open], unit="D")).to_numpy()
campaigns = pd.DataFrame(
    {
        "campaign_id": np.arange(1, NC + 1),
        "advertiser_id": c_adv + 1,
        "name": [f"{OBJECTIVES[o_]}-{n}" for o_, n in zip(c_obj, c_name_noise, strict=True)],
        "objective": OBJECTIVES[c_obj],
        "created_at": ts(c_created),
        "starts_on": (START + pd.to_timedelta(c_start, unit="D")).date,
        "ends_on": end_dates.dt.date.to_numpy(),
        "daily_budget": np.round(c_budget_now, 2),
        "status": c_status,
    }
)[c_ok & (c_created <= T)]

budget_changes = pd.DataFrame(
    {
        "change_id": np.arange(1, len(b_camp) + 1),
        "campaign_id": b_camp + 1,
        "changed_at": ts(b_time),
        "old_budget": np.round(c_budget0[b_camp] * np.exp(cum[:-1] - cum[np.searchsorted(b_camp, b_camp)]), 2),
        "new_budget": np.round(c_budget0[b_camp] * np.exp(cum[1:] - cum[np.searchsorted(b_camp, b_camp)]), 2),
    }
)[b_ok & (b_time <= T)]
# old/new: the chain over every logged change of the campaign (changes after a churn are dropped, and they come last)

g_ok = c_ok[g_camp] & (g_created <= T)
ad_groups = pd.DataFrame(
    {
        "ad_group_id": np.arange(1, NG + 1),
        "campaign_id": g_camp + 1,
        "created_at": ts(g_created),
        "age_range": rng.choice(["18-24", "25-34", "35-44", "45+", "all"], NG),
        "geo": rng.choice(["national", "regional", "city", "international"], NG),
        "device": rng.choice(["all", "mobile", "desktop"], NG),
        "audience": rng.choice(["broad", "interest", "lookalike", "retargeting"], NG),
    }
)
ad_groups = ad_groups[g_ok]

paused_now = np.where(ad_paused <= T, ad_paused, np.nan)
ad_ok = c_ok[ad_camp] & (ad_created <= T)
ads = pd.DataFrame(
    {
        "ad_id": np.arange(1, NAD + 1),
        "ad_group_id": ad_group + 1,
        "format": FORMATS[ad_fmt],
        "headline_len": rng.integers(10, 90, NAD),
        "created_at": ts(ad_created),
        "paused_at": ts(paused_now),
        "status": np.where(np.isnan(paused_now), "active", "paused"),
    }
)[ad_ok]

# invoices: per advertiser-month with spend (every served day counts; issued after the month closes)
sa = st_all.assign(adv=ad_adv[st_all.ad.to_numpy()], m=MIDX[st_all.day.to_numpy()])
monthly = sa.groupby(["adv", "m"]).spend.sum().reset_index()
iv_adv, iv_m = monthly.adv.to_numpy(), monthly.m.to_numpy()
month_start = np.array([(pd.Timestamp(2023 + (k // 12), k % 12 + 1, 1) - START).total_seconds() for k in range(25)])
iv_issued = np.floor(month_start[iv_m + 1] + inv_issue[iv_adv, iv_m])
churned_then = churn_t[iv_adv] <= iv_issued
tier_shift = np.select([a_tier[iv_adv] == "card", a_tier[iv_adv] == "enterprise"], [-2.2, 0.3], 0.0)
delay = np.exp(np.log(12) + 0.6 * a_risk[iv_adv] + 0.8 * churned_then + tier_shift + 0.6 * inv_z[iv_adv, iv_m])
never = inv_never[iv_adv, iv_m] < sigmoid(-4 + 1.2 * a_risk[iv_adv] + 2.5 * churned_then)
iv_paid = np.where(never, np.inf, iv_issued + np.floor(delay * DAY))
iv_due = iv_issued + 30 * DAY
o = np.argsort(iv_issued, kind="stable")
iv_adv, iv_m, iv_issued, iv_paid, iv_due = iv_adv[o], iv_m[o], iv_issued[o], iv_paid[o], iv_due[o]
iv_amount = np.round(monthly.spend.to_numpy()[o], 2)
NI = len(iv_adv)
paid_now = iv_paid <= T
invoices = pd.DataFrame(
    {
        "invoice_id": np.arange(1, NI + 1),
        "advertiser_id": iv_adv + 1,
        "month": [pd.Timestamp(2023 + (k // 12), k % 12 + 1, 1).date() for k in iv_m],
        "amount": iv_amount,
        "issued_at": ts(iv_issued),
        "due_at": ts(iv_due),
        "paid_at": ts(np.where(paid_now, iv_paid, np.nan)),
        "status": np.where(paid_now, "paid", np.where(iv_due <= T, "overdue", "open")),
    }
)
inv_keep = iv_issued <= T
invoices = invoices[inv_keep]
pm = np.flatnonzero(inv_keep & paid_now)
pm = pm[np.argsort(iv_paid[pm], kind="stable")]
payments = pd.DataFrame(
    {
        "payment_id": np.arange(1, len(pm) + 1),
        "invoice_id": pm + 1,
        "advertiser_id": iv_adv[pm] + 1,
        "paid_at": ts(iv_paid[pm]),
        "amount": iv_amount[pm],
        "method": pay_method[iv_adv[pm], iv_m[pm]],
    }
)

Path(OUT).unlink(missing_ok=True)  # written anew
con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE advertisers (advertiser_id INTEGER PRIMARY KEY, company_name VARCHAR, signed_up_at TIMESTAMP,
                          industry VARCHAR, billing_tier VARCHAR, country VARCHAR, referral_source VARCHAR,
                          noise_score DOUBLE, account_status VARCHAR, lifetime_spend DOUBLE);
CREATE TABLE campaigns (campaign_id INTEGER PRIMARY KEY, advertiser_id INTEGER REFERENCES advertisers(advertiser_id),
                        name VARCHAR, objective VARCHAR, created_at TIMESTAMP, starts_on DATE, ends_on DATE,
                        daily_budget DOUBLE, status VARCHAR);
CREATE TABLE budget_changes (change_id INTEGER PRIMARY KEY, campaign_id INTEGER REFERENCES campaigns(campaign_id),
                             changed_at TIMESTAMP, old_budget DOUBLE, new_budget DOUBLE);
CREATE TABLE ad_groups (ad_group_id INTEGER PRIMARY KEY, campaign_id INTEGER REFERENCES campaigns(campaign_id),
                        created_at TIMESTAMP, age_range VARCHAR, geo VARCHAR, device VARCHAR, audience VARCHAR);
CREATE TABLE ads (ad_id INTEGER PRIMARY KEY, ad_group_id INTEGER REFERENCES ad_groups(ad_group_id), format VARCHAR,
                  headline_len INTEGER, created_at TIMESTAMP, paused_at TIMESTAMP, status VARCHAR);
CREATE TABLE daily_stats (ad_id INTEGER, date DATE, campaign_id INTEGER, advertiser_id INTEGER,
                          impressions BIGINT, clicks BIGINT, spend DOUBLE, conversions BIGINT,
                          PRIMARY KEY (ad_id, date));
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, advertiser_id INTEGER REFERENCES advertisers(advertiser_id),
                       month DATE, amount DOUBLE, issued_at TIMESTAMP, due_at TIMESTAMP, paid_at TIMESTAMP,
                       status VARCHAR);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, invoice_id INTEGER REFERENCES invoices(invoice_id),
                       advertiser_id INTEGER, paid_at TIMESTAMP, amount DOUBLE, method VARCHAR);
""")
for name, df in [
    ("advertisers", advertisers),
    ("campaigns", campaigns),
    ("budget_changes", budget_changes),
    ("ad_groups", ad_groups),
    ("ads", ads),
    ("daily_stats", daily_stats),
    ("invoices", invoices),
    ("payments", payments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
