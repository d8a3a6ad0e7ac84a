"""A reward-based crowdfunding platform (creators, campaigns with goals and deadlines, reward tiers, backers, pledges,
campaign updates, comments), seeded: `python benchmarks/trials/crowdfund.py OUT.duckdb [--as-of DATE]`. Written by a
fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy default_rng(0)): 600 creators,
1,355 campaigns (245 successful, 786 failed, 262 cancelled, 62 live), 6.7k reward tiers, 5,000 backers, 43k
pledges, 4.4k updates, 19k comments (about 10 s).

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW. Rows dated
after NOW exist only where written ahead: campaigns.deadline_at (set at launch, 30/45/60 days on) and
reward_tiers.est_delivery (a DATE 60-240 days after the deadline). Every other column holding a later date of its
row is filled in later.

Truth (seed 0):
- creators (600): joined 2020-01..2024-10; account_type 'company' p .25 else 'individual' (static, set at join);
  skill ~ N(0, 1); reliability rel ~ N(0, 1) + .8 x company; country messy ('US', 'usa', 'United States', 'U.S.',
  'GB', 'uk', 'DE', 'Germany', ...); handle and website are noise
- launches: a creator with no live campaign launches with hazard 1/150 per day (x1.6 after a successful campaign,
  x.5 after a failed or cancelled one, none within 21 days of the last close)
- campaign: category of 8 (games, tech, design, film, music, publishing, food, art) with appeal
  +.5 +.3 +.2 -.2 -.3 -.1 -.2 -.4, stored messy (case, trailing space, 'Tabletop Games', 'Technology', 'FILM'); goal
  LogNormal(log 1500 x category scale, .8) rounded to 100 (tech x3, games x2, film x1.5, art x.5); duration
  30 (.6) / 45 (.2) / 60 (.2) days; appeal a = .6 skill + category + .3 company + N(0, .6)
- backers (5,000): 3,000 signed up 2021-2022, 2,000 during the span (each pledges on its signup day); generosity
  g ~ LogNormal(0, .7); favourite category; country with NULLs (5%) and messy values
- backer activity (hidden): active -> dormant hazard 1/300 per day x (1 + 1.5 x bad), bad = the number of
  successful campaigns it backed whose creator's rel < -.5 (a two-hop signal: backer -> pledges -> campaigns ->
  creators; seen through refunds and account_type); dormant -> active 1/180
- pledging: an active backer pledges with hazard .016 x g x month (Nov 1.3, Dec 1.5, Jan .8, Jul .85, Aug .85)
  x weekday (Sat/Sun .75) x 2.2 within 14 days of its last pledge (recency); the campaign among the live ones by
  exp(a) x momentum (first 3 days x2.5, last 2 days x2) x (1 + .4 x updates in the last 7 days) x (1 + funded
  share, capped at 1: social proof) x 4 in the backer's favourite category x 3 for a creator it backed before
- tier: index round(N(1 + .8 log g, 1)) of the campaign's 3-7 tiers (minimum 5..800 x scale); 8% pledge without a
  reward (tier NULL, 1-20 USD); 30% add a tip of up to 50%
- cancellation: a pledge is cancelled Exp(350 days) after it was made if the campaign is still live then
  (pledges.cancelled_at filled later); a creator cancels its campaign on day 10 with p .3 if under 10% funded
- at the deadline: successful if the live (uncancelled) pledges reach the goal (funded_at = the first time they
  did, filled later, kept if they dip below), else failed; pledges 'collected' U(0, 2) days after a successful
  close (4% 'payment_failed'), 'void' at a failed or cancelled close; campaigns.closed_at filled later
- refunds: a collected pledge is refunded with p sigmoid(-2.2 - rel) U(20, 300) days after collection
  (pledges.refunded_at filled later, status 'refunded')
- delivery: campaigns.delivered_at = the latest tier's est_delivery + Exp(30 x exp(-.8 rel)) days (filled later)
- updates: a live campaign posts with p .06 x exp(.5 skill) a day; a successful one until delivered with
  p .02 x exp(.5 rel) a day; backers_only p .3
- comments: Poisson(.3) per pledge within Exp(5) days of it; a successful campaign of a creator with rel < -.5 draws
  complaints, Poisson(2) a week from 90 days after its close until delivered; creator replies (author_kind
  'creator', user_id NULL) to 25% of comments
- today's state: campaigns.status ('live', 'successful', 'failed', 'cancelled'), pledged_usd, backers_count;
  creators.tier ('new', 'rising' 1-2 successes, 'star' 3+), verified (set at a first success p .7 U(1, 30) days
  later, or at join p .15); backers.last_pledge_at, lifetime_pledged_usd; pledges.status ('active', 'cancelled',
  'collected', 'payment_failed', 'void', 'refunded'); reward_tiers.claimed
- filled later: campaigns.funded_at, closed_at, delivered_at; pledges.cancelled_at, collected_at, refunded_at;
  comments.edited_at
- keys: PKs declared on creators, campaigns (a text campaign_code 'CF-00042'), reward_tiers and backers; REFERENCES
  from campaigns (creator_id) and reward_tiers (campaign_code) only; pledges (backer, campaign_code,
  reward_tier_id), updates (campaign_code) and comments (campaign, user_id -> backers) keep their links
  undeclared; comments has no primary key; pledges.client_ip_hash, campaigns.video_url are noise
- `python crowdfund.py OUT --as-of DATE` writes the same simulation as it stood at DATE: every random value is drawn
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


MONTH = np.array([0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 0.85, 0.85, 1.0, 1.0, 1.3, 1.5])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.75])
DAYS = pd.date_range(START, periods=ND, freq="D")
SEASON = MONTH[DAYS.month - 1] * WEEKDAY[DAYS.day_of_week]

CATS = np.array(["games", "tech", "design", "film", "music", "publishing", "food", "art"])
CAT_A = np.array([0.5, 0.3, 0.2, -0.2, -0.3, -0.1, -0.2, -0.4])
CAT_SCALE = np.array([2.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 0.5])
CAT_P = np.array([0.22, 0.15, 0.13, 0.1, 0.1, 0.12, 0.08, 0.1])
MESSY = {
    "games": ["Games", "games", "Tabletop Games", "GAMES"],
    "tech": ["Technology", "tech", "Tech ", "Technology"],
    "design": ["Design", "design", "Design "],
    "film": ["Film & Video", "film", "FILM"],
    "music": ["Music", "music", "Music "],
    "publishing": ["Publishing", "publishing", "Books"],
    "food": ["Food", "food", "Food & Drink"],
    "art": ["Art", "art", "ART"],
}
COUNTRY = ["US", "usa", "United States", "U.S.", "GB", "uk", "DE", "Germany", "CA", "FR", "AU", "NL"]
COUNTRY_P = np.array([0.25, 0.06, 0.05, 0.03, 0.12, 0.04, 0.1, 0.03, 0.1, 0.08, 0.08, 0.06])

# ---------------- creators
NC = 600
c_join = secs("2020-01-01") + rng.uniform(0, secs("2024-10-01") - secs("2020-01-01"), NC)
c_company = rng.random(NC) < 0.25
c_skill = rng.normal(0, 1, NC)
c_rel = rng.normal(0, 1, NC) + 0.8 * c_company
c_country = rng.choice(COUNTRY, NC, p=COUNTRY_P)
c_handle = [f"maker{rng.integers(10**4, 10**5)}" for _ in range(NC)]
c_site = np.where(rng.random(NC) < 0.4, None, np.array([f"https://{h}.example" for h in c_handle], dtype=object))
c_verified_join = rng.random(NC) < 0.15
c_ver_t = np.where(c_verified_join, c_join + rng.uniform(0, 5, NC) * DAY, np.nan)
c_state = np.zeros(NC, int)  # 0 idle, 1 live
c_next_ok = np.maximum(c_join, 0.0)
c_mult = np.ones(NC)

# ---------------- backers
NB = 5000
b_old = np.arange(NB) < 3000
b_signup = np.where(b_old, secs("2021-01-01") + rng.uniform(0, 730, NB) * DAY, rng.uniform(0, ND - 1, NB) * DAY)
b_g = np.exp(rng.normal(0, 0.7, NB))
b_fav = rng.choice(len(CATS), NB, p=CAT_P)
b_country = rng.choice(COUNTRY, NB, p=COUNTRY_P).astype(object)
b_country[rng.random(NB) < 0.05] = None
b_email_dom = rng.choice(["gmail.com", "yahoo.com", "outlook.com", "proton.me", "icloud.com"], NB)
b_dormant = rng.random(NB) < 0.3  # at START
b_last = np.full(NB, -1e12)
b_bad = np.zeros(NB)
b_creators = [set() for _ in range(NB)]
b_camps = [set() for _ in range(NB)]

# ---------------- campaigns (filled as launched)
K = dict(
    creator=[],
    cat=[],
    goal=[],
    launch=[],
    dur=[],
    a=[],
    deadline=[],
    close=[],
    outcome=[],
    funded=[],
    amt=[],
    variant=[],
    video=[],
)
tiers = dict(camp=[], idx=[], min=[], limit=[], added=[], est=[])
camp_tiers = []
upd = []  # (camp, t, backers_only)
pl = dict(b=[], c=[], t=[], tier=[], amt=[], cancel=[])
pend_cancel = {}  # day -> [pledge]
live = []  # campaign indices
c_upd_times = []
camp_backers = []


def launch(c, t):
    k = len(K["creator"])
    cat = rng.choice(len(CATS), p=CAT_P)
    K["creator"].append(c)
    K["cat"].append(cat)
    K["goal"].append(max(500.0, round(np.exp(rng.normal(np.log(1500 * CAT_SCALE[cat]), 0.8)) / 100) * 100))
    dur = rng.choice([30, 45, 60], p=[0.6, 0.2, 0.2])
    K["launch"].append(t)
    K["dur"].append(dur)
    K["a"].append(0.6 * c_skill[c] + CAT_A[cat] + 0.3 * c_company[c] + rng.normal(0, 0.6))
    K["deadline"].append(t + dur * DAY)
    K["close"].append(np.nan)
    K["outcome"].append(0)  # 0 live 1 successful 2 failed 3 cancelled
    K["funded"].append(np.nan)
    K["amt"].append(0.0)
    K["variant"].append(rng.choice(MESSY[CATS[cat]]) if rng.random() < 0.35 else MESSY[CATS[cat]][0])
    K["video"].append(None if rng.random() < 0.3 else f"https://video.example/{rng.integers(10**6, 10**7)}")
    nt = rng.integers(3, 8)
    mins = np.array([5, 15, 35, 75, 150, 300, 800])[:nt] * max(1.0, CAT_SCALE[cat] / 1.5)
    est0 = t + dur * DAY + rng.uniform(60, 240) * DAY
    ids = []
    for i in range(nt):
        ids.append(len(tiers["camp"]))
        tiers["camp"].append(k)
        tiers["idx"].append(i)
        tiers["min"].append(float(mins[i]))
        tiers["limit"].append(np.nan if rng.random() < 0.6 else float(rng.integers(5, 50) * 10))
        late = rng.random() < 0.12 and i == nt - 1
        tiers["added"].append(t + (rng.uniform(3, dur - 2) * DAY if late else 0.0))
        tiers["est"].append(np.floor((est0 + i * rng.uniform(0, 30) * DAY) / DAY) * DAY)
    camp_tiers.append(ids)
    c_upd_times.append([])
    camp_backers.append([])
    live.append(k)
    c_state[c] = 1


for d in range(ND):
    t0 = d * DAY
    # launches
    u = rng.random(NC)
    for c in np.nonzero((c_state == 0) & (c_next_ok <= t0) & (u < c_mult / 150))[0]:
        launch(c, t0 + rng.uniform(8, 20) * 3600)
    # pledge cancellations due today
    for p in pend_cancel.pop(d, []):
        k = pl["c"][p]
        if K["outcome"][k] == 0 and pl["cancel"][p] < K["deadline"][k]:
            K["amt"][k] -= pl["amt"][p]
        else:
            pl["cancel"][p] = np.nan
    # campaign day-10 cancellations and closes
    closed_today = []
    for k in list(live):
        age = t0 - np.floor(K["launch"][k] / DAY) * DAY
        c = K["creator"][k]
        if abs(age - 10 * DAY) < 1 and K["amt"][k] < 0.1 * K["goal"][k] and rng.random() < 0.3:
            K["close"][k] = t0 + rng.uniform(9, 18) * 3600
            K["outcome"][k] = 3
        elif K["deadline"][k] < t0 + DAY:
            K["close"][k] = K["deadline"][k]
            K["outcome"][k] = 1 if K["amt"][k] >= K["goal"][k] else 2
        if K["outcome"][k] != 0:
            closed_today.append(k)
            live.remove(k)
            c_state[c] = 0
            c_next_ok[c] = K["close"][k] + 21 * DAY
            c_mult[c] = 1.6 if K["outcome"][k] == 1 else 0.5
    # updates
    for k in live:
        if rng.random() < 0.06 * np.exp(0.5 * c_skill[K["creator"][k]]):
            tt = t0 + rng.uniform(9, 22) * 3600
            if K["launch"][k] < tt < K["deadline"][k]:
                upd.append((k, tt, rng.random() < 0.3))
                c_upd_times[k].append(tt)
    # backer states
    signed = b_signup <= t0 + DAY
    u = rng.random(NB)
    go = signed & ~b_dormant & (u < (1 + 1.5 * b_bad) / 300)
    wake = b_dormant & (u < 1 / 180)
    b_dormant = (b_dormant | go) & ~wake
    newb = (b_signup > t0) & (b_signup <= t0 + DAY)
    b_dormant[newb] = False
    h = 0.016 * b_g * SEASON[d] * np.where(t0 - b_last < 14 * DAY, 2.2, 1.0)
    pledgers = np.nonzero((signed & ~b_dormant & (rng.random(NB) < h)) | newb)[0]
    if live and len(pledgers):
        L = np.array(live)
        la = np.array([K["launch"][k] for k in L])
        dl = np.array([K["deadline"][k] for k in L])
        mom = np.where(t0 - la < 3 * DAY, 2.5, 1.0) * np.where(dl - t0 < 2 * DAY, 2.0, 1.0)
        nu = np.array([sum(1 for x in c_upd_times[k] if t0 - 7 * DAY <= x < t0) for k in L])
        prog = np.minimum(np.array([K["amt"][k] / K["goal"][k] for k in L]), 1.0)
        w0 = np.exp(np.array([K["a"][k] for k in L])) * mom * (1 + 0.4 * nu) * (1 + prog)
        Lcat = np.array([K["cat"][k] for k in L])
        Lcre = np.array([K["creator"][k] for k in L])
        for b in pledgers:
            tt = max(t0 + rng.uniform(6, 23.5) * 3600, b_signup[b] + 60)
            ok = (la < tt) & (dl > tt)
            w = w0 * ok * np.where(Lcat == b_fav[b], 4.0, 1.0) * np.where(np.isin(Lcre, list(b_creators[b])), 3.0, 1.0)
            w[np.isin(L, list(b_camps[b]))] = 0
            if w.sum() <= 0:
                continue
            k = L[rng.choice(len(L), p=w / w.sum())]
            ids = [i for i in camp_tiers[k] if tiers["added"][i] < tt]
            if rng.random() < 0.08:
                tier, amt = None, float(rng.integers(1, 21))
            else:
                j = int(np.clip(round(rng.normal(1 + 0.8 * np.log(b_g[b]), 1)), 0, len(ids) - 1))
                tier = ids[j]
                amt = tiers["min"][tier] * (1 + (rng.uniform(0, 0.5) if rng.random() < 0.3 else 0))
            amt = round(amt, 2)
            p = len(pl["b"])
            pl["b"].append(b)
            pl["c"].append(k)
            pl["t"].append(tt)
            pl["tier"].append(tier)
            pl["amt"].append(amt)
            ct = tt + rng.exponential(350) * DAY
            pl["cancel"].append(ct)
            if ct < K["deadline"][k]:
                pend_cancel.setdefault(int(ct // DAY), []).append(p)
            K["amt"][k] += amt
            if np.isnan(K["funded"][k]) and K["amt"][k] >= K["goal"][k]:
                K["funded"][k] = tt
            b_last[b] = tt
            b_creators[b].add(K["creator"][k])
            b_camps[b].add(k)
            camp_backers[k].append(b)
    # bad experiences: successful closes today of unreliable creators
    for k in closed_today:
        if K["outcome"][k] == 1 and c_rel[K["creator"][k]] < -0.5:
            for b in camp_backers[k]:
                b_bad[b] += 1

# cancellations due after NOW never applied
for ps in pend_cancel.values():
    for p in ps:
        pl["cancel"][p] = np.nan

# ---------------- derived values (every random draw before any cut)
NK = len(K["creator"])
K = {k: np.array(v, dtype=object if k in ("variant", "video") else None) for k, v in K.items()}
K_creator = K["creator"].astype(int)
K_close = K["close"].astype(float)
K_out = K["outcome"].astype(int)
NP = len(pl["b"])
P_b = np.array(pl["b"])
P_c = np.array(pl["c"])
P_t = np.array(pl["t"])
P_tier = np.array([np.nan if x is None else x for x in pl["tier"]])
P_amt = np.array(pl["amt"])
P_cancel = np.array(pl["cancel"], float)
P_cancel = np.where(P_cancel < np.where(np.isnan(K_close[P_c]), np.inf, K_close[P_c]), P_cancel, np.nan)
# uncancelled pledges of closed campaigns
succ = K_out[P_c] == 1
P_collect = np.where(succ & np.isnan(P_cancel), K_close[P_c] + rng.uniform(0, 2, NP) * DAY, np.nan)
P_payfail = rng.random(NP) < 0.04
P_void = np.where(np.isin(K_out[P_c], [2, 3]) & np.isnan(P_cancel), K_close[P_c], np.nan)
p_ref = 1 / (1 + np.exp(2.2 + c_rel[K_creator[P_c]]))
P_refund = np.where(
    ~np.isnan(P_collect) & ~P_payfail & (rng.random(NP) < p_ref), P_collect + rng.uniform(20, 300, NP) * DAY, np.nan
)
P_ip = [f"{rng.integers(0, 16**8):08x}" for _ in range(NP)]

NT = len(tiers["camp"])
TR_camp = np.array(tiers["camp"])
TR_est = np.array(tiers["est"])
TR_added = np.array(tiers["added"])
est_max = np.full(NK, -np.inf)
np.maximum.at(est_max, TR_camp, TR_est)
K_deliv = np.where(K_out == 1, est_max + rng.exponential(30 * np.exp(-0.8 * c_rel[K_creator])) * DAY, np.nan)
K_deliv = np.where(K_deliv > TN, np.nan, K_deliv)

# updates after success, until delivered (or NOW)
for k in np.nonzero(K_out == 1)[0]:
    c = K_creator[k]
    end = min(K_deliv[k] if not np.isnan(K_deliv[k]) else TN, TN)
    d0 = int(K_close[k] // DAY) + 1
    n = max(0, int(end // DAY) - d0)
    hits = np.nonzero(rng.random(n) < 0.02 * np.exp(0.5 * c_rel[c]))[0]
    for h in hits:
        upd.append((k, (d0 + h) * DAY + rng.uniform(9, 22) * 3600, rng.random() < 0.3))
upd.sort(key=lambda x: x[1])
U_c = np.array([x[0] for x in upd])
U_t = np.array([x[1] for x in upd])
U_bo = np.array([x[2] for x in upd])

# comments
cm_c, cm_u, cm_t = [], [], []
nper = rng.poisson(0.3, NP)
for p in np.nonzero(nper)[0]:
    for _ in range(nper[p]):
        cm_c.append(P_c[p])
        cm_u.append(P_b[p])
        cm_t.append(P_t[p] + rng.exponential(5) * DAY)
for k in np.nonzero((K_out == 1) & (c_rel[K_creator] < -0.5))[0]:
    bk = P_b[P_c == k]
    w = K_close[k] + 90 * DAY
    end = K_deliv[k] if not np.isnan(K_deliv[k]) else TN
    while w < end and len(bk):
        for _ in range(rng.poisson(2)):
            cm_c.append(k)
            cm_u.append(rng.choice(bk))
            cm_t.append(w + rng.uniform(0, 7) * DAY)
        w += 7 * DAY
CM_c = np.array(cm_c)
CM_u = np.array(cm_u, float)
CM_t = np.array(cm_t)
reply = rng.random(len(CM_c)) < 0.25
RP_t = CM_t[reply] + rng.exponential(1.5, reply.sum()) * DAY
CM_c = np.concatenate([CM_c, CM_c[reply]])
CM_u = np.concatenate([CM_u, np.full(reply.sum(), np.nan)])
CM_t = np.concatenate([CM_t, RP_t])
CM_kind = np.where(np.isnan(CM_u), "creator", "backer")
NCM = len(CM_c)
CM_body = rng.choice(["Can't wait!", "Any update on shipping?", "Love this", "When will it ship??", "Backed!", ""], NCM)
CM_edit = np.where(rng.random(NCM) < 0.1, CM_t + rng.exponential(2, NCM) * DAY, np.nan)
o = np.argsort(CM_t, kind="stable")
CM_c, CM_u, CM_t, CM_kind, CM_body, CM_edit = CM_c[o], CM_u[o], CM_t[o], CM_kind[o], CM_body[o], CM_edit[o]

# verification: at a first success p .7, U(1, 30) days later
first_succ = np.full(NC, np.inf)
for k in np.nonzero(K_out == 1)[0]:
    first_succ[K_creator[k]] = min(first_succ[K_creator[k]], K_close[k])
ver_draw = rng.random(NC) < 0.7
ver_lag = rng.uniform(1, 30, NC) * DAY
c_ver_t = np.where(np.isnan(c_ver_t) & np.isfinite(first_succ) & ver_draw, first_succ + ver_lag, c_ver_t)

# ---------------- tables as they stood at CUT
kk = K["launch"] <= T
closed = K_close <= T
status_k = np.where(closed, np.array(["live", "successful", "failed", "cancelled"])[K_out], "live")
live_pledge = (P_t <= T) & ~(P_cancel <= T)
pledged_cut = np.bincount(P_c[live_pledge], weights=P_amt[live_pledge], minlength=NK)
backers_cut = np.bincount(P_c[live_pledge], minlength=NK)
campaigns = pd.DataFrame(
    {
        "campaign_code": [f"CF-{i:05d}" for i in range(1, NK + 1)],
        "creator_id": K_creator + 1,
        "title": [f"Project {i}" for i in range(1, NK + 1)],
        "category": K["variant"],
        "goal_usd": K["goal"].astype(float),
        "launched_at": ts(K["launch"].astype(float)),
        "deadline_at": ts(K["deadline"].astype(float)),
        "status": status_k,
        "pledged_usd": pledged_cut.round(2),
        "backers_count": backers_cut,
        "funded_at": ts(known(K["funded"].astype(float))),
        "closed_at": ts(known(K_close)),
        "delivered_at": ts(known(K_deliv)),
        "video_url": K["video"],
    }
)[kk]

n_succ_cut = np.bincount(K_creator[closed & (K_out == 1)], minlength=NC)
ckeep = c_join <= T
creators = pd.DataFrame(
    {
        "creator_id": np.arange(1, NC + 1),
        "handle": c_handle,
        "account_type": np.where(c_company, "company", "individual"),
        "country": c_country,
        "website": c_site,
        "joined_at": ts(c_join),
        "tier": np.select([n_succ_cut >= 3, n_succ_cut >= 1], ["star", "rising"], "new"),
        "verified": c_ver_t <= T,
    }
)[ckeep]

tkeep = TR_added <= T
claimed_cut = np.bincount(P_tier[live_pledge & ~np.isnan(P_tier)].astype(int), minlength=NT)
reward_tiers = pd.DataFrame(
    {
        "tier_id": np.arange(1, NT + 1) + 5000,
        "campaign_code": [f"CF-{k + 1:05d}" for k in TR_camp],
        "title": [f"Tier {i + 1}" for i in tiers["idx"]],
        "min_pledge_usd": np.round(tiers["min"], 2),
        "limit_qty": tiers["limit"],
        "est_delivery": ts(TR_est).date,
        "added_at": ts(TR_added),
        "claimed": claimed_cut,
    }
)[tkeep]

bkeep = b_signup <= T
pk = P_t <= T
last_cut = np.full(NB, np.nan)
for b, t in zip(P_b[pk], P_t[pk], strict=True):
    last_cut[b] = max(t, last_cut[b]) if not np.isnan(last_cut[b]) else t
life_cut = np.bincount(P_b[live_pledge], weights=P_amt[live_pledge], minlength=NB)
backers = pd.DataFrame(
    {
        "backer_id": np.arange(1, NB + 1),
        "email_domain": b_email_dom,
        "country": b_country,
        "signed_up_at": ts(b_signup),
        "last_pledge_at": ts(last_cut),
        "lifetime_pledged_usd": life_cut.round(2),
    }
)[bkeep]


def at(x):
    return np.asarray(x, float) <= T


p_status = np.select(
    [
        at(P_cancel),
        at(P_refund),
        at(P_collect) & P_payfail,
        at(P_collect),
        at(P_void),
    ],
    ["cancelled", "refunded", "payment_failed", "collected", "void"],
    "active",
)
pledges = pd.DataFrame(
    {
        "pledge_id": np.arange(1, NP + 1),
        "backer": P_b + 1,
        "campaign_code": [f"CF-{k + 1:05d}" for k in P_c],
        "reward_tier_id": pd.array(np.where(np.isnan(P_tier), np.nan, P_tier + 5001), dtype="Int64"),
        "amount_usd": P_amt,
        "pledged_at": ts(P_t),
        "status": p_status,
        "cancelled_at": ts(known(P_cancel)),
        "collected_at": ts(known(P_collect)),
        "refunded_at": ts(known(P_refund)),
        "client_ip_hash": P_ip,
    }
)[pk]

updates = pd.DataFrame(
    {
        "update_id": np.arange(1, len(U_c) + 1),
        "campaign_code": [f"CF-{k + 1:05d}" for k in U_c],
        "posted_at": ts(U_t),
        "title": [f"Update #{i}" for i in range(1, len(U_c) + 1)],
        "backers_only": U_bo,
    }
)[U_t <= T]

comments = pd.DataFrame(
    {
        "campaign": [f"CF-{k + 1:05d}" for k in CM_c],
        "user_id": pd.array(CM_u + 1, dtype="Int64"),
        "author_kind": CM_kind,
        "body": CM_body,
        "posted_at": ts(CM_t),
        "edited_at": ts(known(CM_edit)),
    }
)[CM_t <= T]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE creators (creator_id INTEGER PRIMARY KEY, handle VARCHAR, account_type VARCHAR, country VARCHAR,
                       website VARCHAR, joined_at TIMESTAMP, tier VARCHAR, verified BOOLEAN);
CREATE TABLE campaigns (campaign_code VARCHAR PRIMARY KEY, creator_id INTEGER REFERENCES creators(creator_id),
                        title VARCHAR, category VARCHAR, goal_usd DOUBLE, launched_at TIMESTAMP, deadline_at TIMESTAMP,
                        status VARCHAR, pledged_usd DOUBLE, backers_count INTEGER, funded_at TIMESTAMP,
                        closed_at TIMESTAMP, delivered_at TIMESTAMP, video_url VARCHAR);
CREATE TABLE reward_tiers (tier_id INTEGER PRIMARY KEY, campaign_code VARCHAR REFERENCES campaigns(campaign_code),
                           title VARCHAR, min_pledge_usd DOUBLE, limit_qty DOUBLE, est_delivery DATE,
                           added_at TIMESTAMP, claimed INTEGER);
CREATE TABLE backers (backer_id INTEGER PRIMARY KEY, email_domain VARCHAR, country VARCHAR, signed_up_at TIMESTAMP,
                      last_pledge_at TIMESTAMP, lifetime_pledged_usd DOUBLE);
CREATE TABLE pledges (pledge_id INTEGER PRIMARY KEY, backer INTEGER, campaign_code VARCHAR, reward_tier_id INTEGER,
                      amount_usd DOUBLE, pledged_at TIMESTAMP, status VARCHAR, cancelled_at TIMESTAMP,
                      collected_at TIMESTAMP, refunded_at TIMESTAMP, client_ip_hash VARCHAR);
CREATE TABLE updates (update_id INTEGER PRIMARY KEY, campaign_code VARCHAR, posted_at TIMESTAMP, title VARCHAR,
                      backers_only BOOLEAN);
CREATE TABLE comments (campaign VARCHAR, user_id INTEGER, author_kind VARCHAR, body VARCHAR, posted_at TIMESTAMP,
                       edited_at TIMESTAMP);
""")
for name, df in [
    ("creators", creators),
    ("campaigns", campaigns),
    ("reward_tiers", reward_tiers),
    ("backers", backers),
    ("pledges", pledges),
    ("updates", updates),
    ("comments", comments),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
