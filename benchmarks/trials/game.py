"""A free-to-play mobile game's database (countries, players, sessions, 1v1 matches through a match_players link
table, in-app purchases, friendships as a self-link of players, guilds with memberships that end, events announced
ahead with registrations), seeded: `python benchmarks/trials/game.py PATH`. Written by a fresh-eyes trial
(2026-12-05), kept for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), span 2024-01-01 .. 2025-06-30 (installs until 2025-06-15):
- installs: 3,000 players, install rate grows linearly x1 -> x2 over the span, plus a paid campaign
  2024-09-01..09-21 (x3 installs, all 'paid_social'/'ad_network').
- acquisition_channel: organic .40, paid_social .25, ad_network .25, referral .10 (campaign: paid only).
  channel drives: engagement multiplier organic 1.0, paid_social 0.9, ad_network 0.55, referral 1.3;
  payer propensity x1.0 / x1.8 / x0.6 / x1.2; referral players get a friend (their referrer) at install.
  device: ios .45 / android .55 (paid_social .65 ios); ios payer propensity x1.6. country: 8 codes, weighted;
  country has no effect except JP/KR payer propensity x1.5. age: NULL for 35%, no effect. language, opt_in: noise.
- engagement e ~ LogNormal(log 0.45, 0.8) * channel mult; session rate/day =
  e * (0.35 + 0.65 * exp(-days_since_install / tau)), tau ~ U(60, 300)  (novelty decays)
  * weekday factor Mon..Sun .85 .85 .85 .90 1.10 1.40 1.35 (weekend peak)
  * 1.25 during the two big tournaments for everyone, x2.0 more for players registered to them.
- churn: daily hazard = 0.004 * e^-0.6 * (1 + 2.0 * share of the player's friends (existing by then) already
  churned) * 1.5 for ad_network; a churned player has no more sessions, matches or purchases. 6% of churned
  players delete their account: players.deleted_at = churn day + U(5, 60) days (an end time).
- level: +1 per session w.p. skill-dependent 0.25..0.55; sessions.level_reached = level after the session
  (NULL for 1.5%); ended_at NULL for 3% of sessions (crash), duration LogNormal(log 14 min, 0.7).
- matches (1v1, mode ranked/casual/tournament): each session plays Poisson(0.35) matches (0.9 extra
  tournament matches per session for registered players during an event). Opponent: a friend (existing, alive)
  w.p. 0.45 (if any), else a current guild mate w.p. 0.25 (if any), else a random alive player.
  P(win for A) = sigmoid(1.2*(skill_A + 0.03*level_A - skill_B - 0.03*level_B)) with draws 8%; skill ~ N(0,1).
  match_players: (match_id, player_id) PK, team 1/2, result win/loss/draw, score; no time column of its own
  (the time is matches.started_at).
- purchases: payer propensity p0 = 0.006 * channel * device * country; 3% whales (p0 x4); per session
  P(purchase) = p0 * (1 + 2.5 * [3+ losses in a row before this session]) * (1 + 5 * [level milestone (mult of
  10) reached this session]) * (1.5 on the first 3 days after install: starter bundle offers).
  amount: product by level/whale (starter_bundle 2.99, gem packs 4.99/19.99/49.99/99.99, battle_pass 9.99,
  skins 7.99) * whales buy the 49.99/99.99 packs 60% of the time; 4% refunded (refunded_at set).
- friendships: both directions stored (player_id, friend_id, created_at); each player makes Poisson(1.6)
  friends over time (same country w.p. .6) at install + Exp(30 days) (created after both installs).
- guilds: 60 guilds (region, activity latent ~ Gamma(2,1)); a player joins one w.p. 0.8*min(1, 2e) some
  Exp(20) days after install, weighted by activity and same region; leaves (left_at) at Exp(150) days or
  at churn + U(0, 30) days w.p. 0.7; 40% of leavers join another guild.
- events: a 'weekend_cup' every 4 weeks (Sat-Sun), 2 'championship's (2024-07-13..07-21, 2025-01-18..01-26)
  announced 21 days ahead, 1 'championship' starting 2025-07-12 announced 2025-06-21 (after the data's
  present for its start, registrations open now). Registrations: alive players, p = 0.3 * min(3, e) *
  (1 + 0.3 * skill) for championships, a third of that for cups; registered_at between announced and start.
Views (created at the end): match_players_timed, sessions_by_countries, opponents (player_id, opponent_id, started_at).
Targets: churn (no session in 14/30 days) <- engagement, novelty decay, friends churned, channel; spend
  <- whale/payer latent (past spend), losing streaks, milestones; guild/friend ranking <- friends and guild
  mates are opponents; match result <- skill (past win rate) and level; daily sessions per country <- weekday
  factor, growth of installs, tournaments; acquisition_channel <- engagement/churn, device, referral friendship.
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-06-30")
ND = (END - START).days + 1
days = pd.date_range(START, END, freq="D")
DOWF = np.array([0.85, 0.85, 0.85, 0.90, 1.10, 1.40, 1.35])[days.day_of_week.values]

# ---------------------------------------------------------------- countries
COUNTRIES = [
    ("US", "United States", "NA", 0.30),
    ("BR", "Brazil", "LATAM", 0.15),
    ("DE", "Germany", "EU", 0.12),
    ("FR", "France", "EU", 0.08),
    ("JP", "Japan", "APAC", 0.10),
    ("KR", "South Korea", "APAC", 0.07),
    ("IN", "India", "APAC", 0.12),
    ("MX", "Mexico", "LATAM", 0.06),
]
CC = np.array([c[0] for c in COUNTRIES])
CP = np.array([c[3] for c in COUNTRIES])
CREG = {c[0]: c[2] for c in COUNTRIES}

# ---------------------------------------------------------------- events (fixed schedule)
events = []
d = pd.Timestamp("2024-01-06")
while d <= END:
    events.append(("weekend_cup", d, d + pd.Timedelta(days=1), d - pd.Timedelta(days=7), 500.0))
    d += pd.Timedelta(days=28)
for s, e in [("2024-07-13", "2024-07-21"), ("2025-01-18", "2025-01-26"), ("2025-07-12", "2025-07-20")]:
    s, e = pd.Timestamp(s), pd.Timestamp(e)
    events.append(("championship", s, e, s - pd.Timedelta(days=21), 25000.0))
events.sort(key=lambda x: x[1])
ev = pd.DataFrame(events, columns=["event_type", "starts_at", "ends_at", "announced_at", "prize_pool"])
ev.insert(0, "event_id", np.arange(1, len(ev) + 1))
ev["name"] = [
    f"{'Weekend Cup' if t == 'weekend_cup' else 'Championship'} {s:%Y-%m-%d}"
    for t, s in zip(ev.event_type, ev.starts_at, strict=True)
]
ev["ends_at"] = ev["ends_at"] + pd.Timedelta(hours=23, minutes=59)

# ---------------------------------------------------------------- players
NP = 3000
idx = np.arange(ND - 15)
w = 1 + idx / len(idx)
camp = (days[: ND - 15] >= "2024-09-01") & (days[: ND - 15] <= "2024-09-21")
w = w * np.where(camp, 3.0, 1.0)
inst_day = np.sort(rng.choice(len(idx), size=NP, p=w / w.sum()))
in_camp = camp[inst_day]
CH = np.array(["organic", "paid_social", "ad_network", "referral"])
ch = np.where(
    in_camp & (rng.random(NP) < 0.8),
    rng.choice(CH[1:3], size=NP),
    rng.choice(CH, size=NP, p=[0.40, 0.25, 0.25, 0.10]),
)
ENG_M = {"organic": 1.0, "paid_social": 0.9, "ad_network": 0.55, "referral": 1.3}
PAY_M = {"organic": 1.0, "paid_social": 1.8, "ad_network": 0.6, "referral": 1.2}
dev = np.where(rng.random(NP) < np.where(ch == "paid_social", 0.65, 0.45), "ios", "android")
country = rng.choice(CC, size=NP, p=CP)
eng = np.exp(rng.normal(np.log(0.45), 0.8, NP)) * np.vectorize(ENG_M.get)(ch)
tau = rng.uniform(60, 300, NP)
skill = rng.normal(0, 1, NP)
whale = rng.random(NP) < 0.03
p0 = (
    0.006
    * np.vectorize(PAY_M.get)(ch)
    * np.where(dev == "ios", 1.6, 1.0)
    * np.where(np.isin(country, ["JP", "KR"]), 1.5, 1.0)
    * np.where(whale, 4.0, 1.0)
)
inst_ts = days[inst_day] + pd.to_timedelta(rng.integers(0, 86400, NP), unit="s")

# ---------------------------------------------------------------- friendships (edges with a day)
edges = []  # (a, b, day)
ref_of = np.full(NP, -1)
for i in range(NP):
    if ch[i] == "referral" and i > 0:
        j = int(rng.integers(0, i))  # referrer: an earlier player
        ref_of[i] = j
        edges.append((i, j, inst_day[i]))
    for _ in range(rng.poisson(1.6)):
        same = np.flatnonzero(country == country[i]) if rng.random() < 0.6 else np.arange(NP)
        j = int(rng.choice(same))
        if j == i:
            continue
        dday = max(inst_day[i], inst_day[j]) + int(rng.exponential(30))
        if dday < ND:
            edges.append((i, j, dday))
ed = pd.DataFrame(edges, columns=["a", "b", "day"]).sort_values("day")
ed["k"] = np.minimum(ed.a, ed.b).astype(str) + "-" + np.maximum(ed.a, ed.b).astype(str)
ed = ed.drop_duplicates("k")
ea = np.concatenate([ed.a.values, ed.b.values])
eb = np.concatenate([ed.b.values, ed.a.values])
eday = np.concatenate([ed.day.values, ed.day.values])

# ---------------------------------------------------------------- guilds
NG = 60
REGIONS = ["NA", "LATAM", "EU", "APAC"]
g_region = rng.choice(REGIONS, size=NG, p=[0.3, 0.25, 0.2, 0.25])
g_act = rng.gamma(2.0, 1.0, NG)
g_created = rng.integers(0, 200, NG)
ADJ = ["Iron", "Shadow", "Crimson", "Silent", "Golden", "Frost", "Storm", "Wild", "Night", "Solar"]
NOUN = ["Wolves", "Legion", "Dragons", "Ravens", "Knights", "Titans", "Vipers", "Owls", "Lancers", "Phoenix"]
g_name = [f"{ADJ[i % 10]} {NOUN[(i * 7 + i // 10) % 10]}" + ("" if i < 50 else f" {i}") for i in range(NG)]

# ---------------------------------------------------------------- daily simulation of sessions and churn
alive = np.zeros(NP, bool)
churned = np.zeros(NP, bool)
churn_day = np.full(NP, -1)
base_h = 0.004 * eng**-0.6 * np.where(ch == "ad_network", 1.5, 1.0)
champ_days = np.zeros(ND, bool)
for _, r in ev[ev.event_type == "championship"].iterrows():
    a, b = (r.starts_at - START).days, (r.ends_at - START).days
    if a < ND:
        champ_days[a : min(b + 1, ND)] = True
# registrations decided up front (need eng/skill), filtered for alive at registration below
sess_day = []
sess_player = []
reg_sets = {}  # event_id -> set of players registered (decided when announced)
reg_rows = []
ev_by_ann = {int((r.announced_at - START).days): r for _, r in ev.iterrows()}
guild_of = np.full(NP, -1)
mem_rows = []  # player, guild, join_day, left_day (None)
join_plan = np.where(
    rng.random(NP) < 0.8 * np.minimum(1, 2 * eng), inst_day + rng.exponential(20, NP).astype(int), 10**6
)
reg_active = np.zeros(NP, bool)
active_event = {}
for dd in range(ND):
    alive[inst_day == dd] = True
    # guild joins
    for i in np.flatnonzero(join_plan == dd):
        if alive[i] and guild_of[i] < 0:
            wg = g_act * np.where(g_region == CREG[country[i]], 3.0, 1.0) * (g_created <= dd)
            if wg.sum() > 0:
                g = int(rng.choice(NG, p=wg / wg.sum()))
                guild_of[i] = g
                mem_rows.append([i, g, dd, None])
    # registrations: when an event is announced, decide who registers (alive now or installed before start)
    if dd in ev_by_ann:
        r = ev_by_ann[dd]
        start = (r.starts_at - START).days
        base = 0.3 if r.event_type == "championship" else 0.1
        p = base * np.minimum(3, eng) * np.clip(1 + 0.3 * skill, 0.2, None)
        who = np.flatnonzero(alive & (rng.random(NP) < p))
        reg_sets[r.event_id] = set(who.tolist())
        for i in who:
            rd = dd + int(rng.integers(0, max(1, min(start, ND) - dd)))
            reg_rows.append([r.event_id, i, rd])
    # sessions
    age = dd - inst_day
    rate = eng * (0.35 + 0.65 * np.exp(-np.maximum(age, 0) / tau)) * DOWF[dd]
    if champ_days[dd]:
        rate = rate * 1.25
        eid = int(ev[(ev.starts_at <= days[dd]) & (ev.ends_at >= days[dd])].event_id.iloc[0])
        regs = np.zeros(NP, bool)
        regs[list(reg_sets.get(eid, set()))] = True
        rate = rate * np.where(regs, 2.0, 1.0)
    n = rng.poisson(rate * alive)
    who = np.flatnonzero(n)
    sess_player.append(np.repeat(who, n[who]))
    sess_day.append(np.full(n.sum(), dd))
    # churn
    m = eday <= dd
    nf = np.bincount(ea[m], minlength=NP)
    nc = np.bincount(ea[m], weights=churned[eb[m]], minlength=NP)
    share = np.where(nf > 0, nc / np.maximum(nf, 1), 0)
    h = base_h * (1 + 2.0 * share)
    new = alive & (rng.random(NP) < h)
    alive[new] = False
    churned[new] = True
    churn_day[new] = dd
    # guild leaves
    for row in mem_rows:
        if row[3] is None:
            i = row[0]
            if (new[i] and rng.random() < 0.7) or rng.random() < 1 / 150:
                extra = int(rng.uniform(0, 30)) if new[i] else 0
                row[3] = dd + extra
                guild_of[i] = -1
                if alive[i] and rng.random() < 0.4:
                    join_plan[i] = dd + 1 + int(rng.exponential(15))

sp = np.concatenate(sess_player)
sd = np.concatenate(sess_day)
HOURS = np.array([2, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 5, 6, 5, 5, 5, 6, 7, 8, 9, 9, 8, 6, 3], float)
hour = rng.choice(24, size=len(sp), p=HOURS / HOURS.sum())
st = days[sd] + pd.to_timedelta(hour * 3600 + rng.integers(0, 3600, len(sp)), unit="s")
st = np.maximum(st.values, inst_ts.values[sp])
order = np.lexsort((st, sp))
sp, sd, st = sp[order], sd[order], st[order]
NS = len(sp)
dur = pd.to_timedelta(np.exp(rng.normal(np.log(14 * 60), 0.7, NS)), unit="s")
ended = pd.Series(st + dur.values)
ended[rng.random(NS) < 0.03] = pd.NaT

# guild membership intervals per player for opponent choice
mem = pd.DataFrame(mem_rows, columns=["p", "g", "j", "l"])
mem["l2"] = mem.l.fillna(10**6).astype(int)
mem_by_p = {p: g[["g", "j", "l2"]].values for p, g in mem.groupby("p")}
mem_by_g = {g: grp[["p", "j", "l2"]].values for g, grp in mem.groupby("g")}
friends_of = {}
for a_, b_, d_ in zip(ea, eb, eday, strict=True):
    friends_of.setdefault(int(a_), []).append((int(b_), int(d_)))
last_day = np.where(churned, churn_day, ND)

# ---------------------------------------------------------------- per-session: levels, matches, purchases
level = np.ones(NP, int)
loss_streak = np.zeros(NP, int)
pskill = np.clip(0.4 + 0.1 * skill, 0.25, 0.55)
lvl_col = np.zeros(NS, int)
matches, mplayers, purchases = [], [], []
day_event = {}
for _, r in ev.iterrows():
    for k in range((r.starts_at - START).days, (r.ends_at - START).days + 1):
        if 0 <= k < ND:
            day_event[k] = r.event_id
u = rng.random((NS, 6))
PRODUCTS = [
    ("gem_pack_s", 4.99),
    ("gem_pack_m", 19.99),
    ("gem_pack_l", 49.99),
    ("gem_pack_xl", 99.99),
    ("battle_pass", 9.99),
    ("skin", 7.99),
    ("starter_bundle", 2.99),
]
mid = 0
for s in range(NS):
    i, dd, t0 = sp[s], sd[s], st[s]
    streak_before = loss_streak[i]
    old = level[i]
    if u[s, 0] < pskill[i]:
        level[i] += 1
    milestone = level[i] // 10 > old // 10
    lvl_col[s] = level[i]
    nm = rng.poisson(0.35)
    eid = day_event.get(dd)
    if eid is not None and i in reg_sets.get(eid, ()):
        nm += rng.poisson(0.9)
    for k in range(nm):
        mid += 1
        cand = [f for f, fd in friends_of.get(i, []) if fd <= dd and last_day[f] > dd]
        opp = -1
        if cand and rng.random() < 0.45:
            opp = cand[int(rng.integers(len(cand)))]
        elif i in mem_by_p and rng.random() < 0.25:
            cur = [g for g, j, lv in mem_by_p[i] if j <= dd < lv]
            if cur:
                mates = [p for p, j, lv in mem_by_g[cur[0]] if j <= dd < lv and p != i and last_day[p] > dd]
                if mates:
                    opp = mates[int(rng.integers(len(mates)))]
        if opp < 0:
            for _ in range(200):  # a random live player
                opp = int(rng.integers(NP))
                if opp != i and inst_day[opp] <= dd and last_day[opp] > dd:
                    break
            else:
                continue  # nobody to play: no match
        mode = "tournament" if (eid is not None and k > 0) else ("ranked" if rng.random() < 0.55 else "casual")
        mt = t0 + np.timedelta64(int(60 + 240 * k + rng.integers(0, 200)), "s")
        matches.append(
            [
                mid,
                mt,
                mode,
                eid if mode == "tournament" else None,
                rng.choice(["Harbor", "Citadel", "Dunes", "Glacier", "Jungle"]),
            ]
        )
        diff = 1.2 * (skill[i] + 0.03 * level[i] - skill[opp] - 0.03 * level[opp])
        r = rng.random()
        if r < 0.08:
            ra, rb = "draw", "draw"
        elif r < 0.08 + 0.92 / (1 + np.exp(-diff)):
            ra, rb = "win", "loss"
        else:
            ra, rb = "loss", "win"
        sa = int(max(0, rng.normal(1000 + 150 * (ra == "win") + 30 * skill[i], 120)))
        sb = int(max(0, rng.normal(1000 + 150 * (rb == "win") + 30 * skill[opp], 120)))
        mplayers.append([mid, i, 1, ra, sa])
        mplayers.append([mid, opp, 2, rb, sb])
        for pl, res in ((i, ra), (opp, rb)):
            loss_streak[pl] = loss_streak[pl] + 1 if res == "loss" else 0
    # purchase
    p = p0[i] * (1 + 2.5 * (streak_before >= 3)) * (1 + 5 * milestone) * (1.5 if dd - inst_day[i] < 3 else 1)
    if u[s, 1] < p:
        if dd - inst_day[i] < 3 and u[s, 2] < 0.5:
            prod = 6
        elif whale[i] and u[s, 2] < 0.6:
            prod = 2 + int(u[s, 3] < 0.4)
        else:
            prod = int(rng.choice([0, 1, 2, 4, 5], p=[0.45, 0.2, 0.05, 0.15, 0.15]))
        name, amt = PRODUCTS[prod]
        pt = t0 + np.timedelta64(int(30 + u[s, 4] * 600), "s")
        ref = pt + np.timedelta64(int(1 + u[s, 5] * 5), "D") if rng.random() < 0.04 else None
        purchases.append([i, pt, name, amt, "app_store" if dev[i] == "ios" else "google_play", ref])

# ---------------------------------------------------------------- frames
pid = np.arange(1, NP + 1) * 7 + 1000  # player ids are not 1..N
deleted = pd.Series([pd.NaT] * NP, dtype="datetime64[ns]")
dele = churned & (rng.random(NP) < 0.06)
deleted[dele] = days[0] + pd.to_timedelta(churn_day[dele] + rng.integers(5, 60, dele.sum()), unit="D")
deleted[deleted > END] = pd.NaT
age = rng.integers(13, 60, NP).astype(float)
age[rng.random(NP) < 0.35] = np.nan
ctry = country.astype(object)
ctry[rng.random(NP) < 0.02] = None
players = pd.DataFrame(
    {
        "player_id": pid,
        "username": [f"player_{x:05d}" for x in rng.permutation(NP)],
        "country": ctry,
        "device": dev,
        "os_version": np.where(
            dev == "ios", rng.choice(["17.2", "17.5", "18.0"], NP), rng.choice(["12", "13", "14"], NP)
        ),
        "install_date": inst_ts,
        "acquisition_channel": ch,
        "referrer_id": np.where(ref_of >= 0, pid[np.maximum(ref_of, 0)], None),
        "age": pd.array(age, dtype="Int64"),
        "language": rng.choice(["en", "pt", "de", "fr", "ja", "ko", "hi", "es"], NP),
        "push_opt_in": rng.random(NP) < 0.6,
        "deleted_at": deleted,
    }
)
lv = lvl_col.astype(float)
lv[rng.random(NS) < 0.015] = np.nan
sessions = pd.DataFrame(
    {
        "session_id": np.arange(1, NS + 1),
        "player_id": pid[sp],
        "started_at": st,
        "ended_at": ended.values,
        "level_reached": pd.array(lv, dtype="Int64"),
        "app_version": np.where(sd < 250, "3.1", np.where(sd < 420, "3.2", "3.3")),
    }
).sort_values("started_at")
sessions["session_id"] = np.arange(1, NS + 1)
m = pd.DataFrame(matches, columns=["match_id", "started_at", "mode", "event_id", "map"])
m["event_id"] = m["event_id"].astype("Int64")
mp = pd.DataFrame(mplayers, columns=["match_id", "player_id", "team", "result", "score"])
mp = mp.drop_duplicates(["match_id", "player_id"])
early = mp.merge(m[["match_id", "started_at"]], on="match_id")
early = early[early.started_at.values < inst_ts.values[early.player_id.values]].match_id.unique()  # same-day opponents
m, mp = m[~m.match_id.isin(early)], mp[~mp.match_id.isin(early)].copy()
mp["player_id"] = pid[mp.player_id.values]
pu = pd.DataFrame(purchases, columns=["p", "purchased_at", "product", "amount_usd", "store", "refunded_at"])
pu = pu.sort_values("purchased_at")
pu.insert(0, "purchase_id", np.arange(1, len(pu) + 1))
pu.insert(1, "player_id", pid[pu.pop("p").values])
fr = pd.DataFrame(
    {
        "player_id": pid[ea],
        "friend_id": pid[eb],
        "created_at": days[eday] + pd.to_timedelta(rng.integers(0, 86400, len(ea)), unit="s"),
    }
)
fr["created_at"] = np.maximum(fr.created_at.values, np.maximum(inst_ts.values[ea], inst_ts.values[eb]))
guilds = pd.DataFrame(
    {
        "guild_id": np.arange(1, NG + 1),
        "name": g_name,
        "region": g_region,
        "created_at": days[g_created],
        "max_members": rng.choice([30, 50, 100], NG),
    }
)
mem = mem.sort_values("j").reset_index(drop=True)
gm = pd.DataFrame(
    {
        "membership_id": np.arange(1, len(mem) + 1),
        "player_id": pid[mem.p.values],
        "guild_id": mem.g.values + 1,
        "joined_at": np.maximum(
            days[np.minimum(mem.j.values, ND - 1)] + pd.to_timedelta(rng.integers(0, 86400, len(mem)), unit="s"),
            inst_ts.values[mem.p.values],
        ),
        "left_at": [
            days[0] + pd.Timedelta(days=int(x)) + pd.Timedelta(hours=int(rng.integers(0, 24)))
            if x == x and x is not None and x < ND
            else pd.NaT
            for x in mem.l.values
        ],
        "role": np.where(rng.random(len(mem)) < 0.08, "officer", "member"),
    }
)
gm["left_at"] = gm.left_at.where(gm.left_at.isna() | (gm.left_at > gm.joined_at), gm.joined_at + pd.Timedelta(hours=2))
regs = pd.DataFrame(reg_rows, columns=["event_id", "p", "d"]).sort_values("d")
registrations = pd.DataFrame(
    {
        "registration_id": np.arange(1, len(regs) + 1),
        "event_id": regs.event_id.values,
        "player_id": pid[regs.p.values],
        "registered_at": np.maximum(
            days[np.minimum(regs.d.values, ND - 1)] + pd.to_timedelta(rng.integers(0, 86400, len(regs)), unit="s"),
            inst_ts.values[regs.p.values],
        ),
    }
)
countries = pd.DataFrame({"country_code": CC, "name": [c[1] for c in COUNTRIES], "region": [c[2] for c in COUNTRIES]})

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE countries (country_code VARCHAR PRIMARY KEY, name VARCHAR, region VARCHAR);
CREATE TABLE players (player_id INTEGER PRIMARY KEY, username VARCHAR, country VARCHAR REFERENCES countries,
  device VARCHAR, os_version VARCHAR, install_date TIMESTAMP, acquisition_channel VARCHAR, referrer_id INTEGER,
  age INTEGER, language VARCHAR, push_opt_in BOOLEAN, deleted_at TIMESTAMP);
CREATE TABLE sessions (session_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players, started_at TIMESTAMP,
  ended_at TIMESTAMP, level_reached INTEGER, app_version VARCHAR);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, event_type VARCHAR, starts_at TIMESTAMP, ends_at TIMESTAMP,
  announced_at TIMESTAMP, prize_pool DOUBLE, name VARCHAR);
CREATE TABLE matches (match_id INTEGER PRIMARY KEY, started_at TIMESTAMP, mode VARCHAR,
  event_id INTEGER REFERENCES events, map VARCHAR);
CREATE TABLE match_players (match_id INTEGER REFERENCES matches, player_id INTEGER REFERENCES players,
  team INTEGER, result VARCHAR, score INTEGER, PRIMARY KEY (match_id, player_id));
CREATE TABLE purchases (purchase_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players,
  purchased_at TIMESTAMP, product VARCHAR, amount_usd DOUBLE, store VARCHAR, refunded_at TIMESTAMP);
CREATE TABLE friendships (player_id INTEGER REFERENCES players, friend_id INTEGER REFERENCES players,
  created_at TIMESTAMP, PRIMARY KEY (player_id, friend_id));
CREATE TABLE guilds (guild_id INTEGER PRIMARY KEY, name VARCHAR, region VARCHAR, created_at TIMESTAMP,
  max_members INTEGER);
CREATE TABLE guild_memberships (membership_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players,
  guild_id INTEGER REFERENCES guilds, joined_at TIMESTAMP, left_at TIMESTAMP, role VARCHAR);
CREATE TABLE event_registrations (registration_id INTEGER PRIMARY KEY, event_id INTEGER, player_id INTEGER,
  registered_at TIMESTAMP);
""")  # event_registrations' keys left undeclared, as in many real databases
for name, df in [
    ("countries", countries),
    ("players", players),
    ("sessions", sessions),
    ("events", ev[["event_id", "event_type", "starts_at", "ends_at", "announced_at", "prize_pool", "name"]]),
    ("matches", m),
    ("match_players", mp),
    ("purchases", pu),
    ("friendships", fr),
    ("guilds", guilds),
    ("guild_memberships", gm),
    ("event_registrations", registrations),
]:
    con.register("df", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM df")
    con.unregister("df")
    print(name, len(df))
# views an analyst adds for PQL (the first two as rfm_sql's own errors suggest them): match rows with their time,
# sessions one link from countries, and each player's opponents (the many-to-many link read both ways)
con.execute("""
CREATE VIEW match_players_timed AS SELECT c.*, p.started_at FROM match_players AS c JOIN matches AS p ON c.match_id = p.match_id;
CREATE VIEW sessions_by_countries AS SELECT t.* EXCLUDE (player_id), m.country FROM sessions AS t
  JOIN players AS m ON t.player_id = m.player_id;
CREATE VIEW opponents AS SELECT a.player_id, b.player_id AS opponent_id, m.started_at FROM match_players a
  JOIN match_players b ON a.match_id = b.match_id AND a.player_id <> b.player_id JOIN matches m ON m.match_id = a.match_id;
""")
con.close()
