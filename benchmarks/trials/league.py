"""A professional basketball league's database (teams, players, seasons, games scheduled ahead, box scores per
player and game, injuries, transactions, awards), seeded: `python benchmarks/trials/league.py PATH [--as-of DATE]`.
Written by a fresh-eyes trial (2026-12-06); the truth it planted is in this docstring. Seed 0: 30 teams, 660 players,
3 seasons, 2,970 games (2,389 played), 71,760 box-score rows, 681 injuries, 677 transactions, 78 awards (about 5 s).

The snapshot is taken at NOW = 2024-12-31: seasons 2022-23, 2023-24 and 2024-25 (Oct..Apr, no playoffs); the
2024-25 schedule runs to April 2025, its games after NOW with NULL scores, winner and attendance and status
'scheduled'. Nothing else is dated after NOW except injuries.expected_return.

Truth (seed 0):
- teams: 30 in 2 conferences x 3 divisions of 5; per team a pace latent N(0, 2.5) points; arena capacity noise
- schedule per season: every pair twice (home and away) + division pairs twice more = 66 games per team, 990
  games, spread over the season's days (about 5.7 a day); back-to-backs happen where the draw gives them
- players: talent t ~ N(0, 1) (rookies N(-0.3, 0.9)); skill in a season = t + dev_season N(0, 0.25)
  - 0.018 * (age - 27)^2 (peak at 27) - the injury penalty below
- rosters of 15; minutes per game: the team's available players ranked by skill + coach trust + N(0, 0.3)
  (trust N(0, 0.4) drawn when a player joins a team, +0.1 per season with it, up to +0.3); minutes by rank
  36 34 32 31 30 24 20 16 12 (x LogNormal(0, 0.1)), the 10th man 4-8 minutes half the time, the rest DNP with 0
  minutes (dnp_reason 'coach'); injured players DNP with dnp_reason 'injury'; the first 8 games after an injury
  minutes x (0.55 + 0.45 * games_back / 8)
- team strength S = sum(minutes * skill) / 48 of the players who play; home margin = 2.5 * (S_home - S_away)
  + 2.5 (home advantage) - 2.5 * b2b_home + 2.5 * b2b_away + N(0, 11); b2b = the team played the day before
- scores: each side 112 + pace_home + pace_away + N(0, 6) +- margin / 2 (a tie goes to overtime: +3 to the
  side a coin picks); winner_team_id set on played games
- points: the team's score split multinomially by minutes * exp(0.45 * skill) (x0.94 on a back-to-back);
  rebounds Poisson(minutes * (C .32, F .20, G .12) * exp(0.15 * skill)); assists Poisson(minutes * (G .17, F .08,
  C .06) * exp(0.2 * skill)); fouls min(6, Poisson(minutes * 0.065 * foul latent LogNormal(0, .3)));
  plus_minus = round(margin * minutes / 48 + N(0, 3)); starters = the 5 who play most
- injuries: per game played, hazard 0.01 * fragility LogNormal(0, .6) * (1 + 0.08 * max(age - 28, 0))
  * minutes / 30 * (1.4 on a back-to-back) * (1 + 0.5 * injuries in the last 365 days); out
  LogNormal(log 12, .9) days (3..200); expected_return = start + out * LogNormal(-0.1, .35) (set on the day, may lie
  after NOW); actual_return filled when the player returns (NULL while out); skill -0.1 per injury of 30+ days
  for the rest of the season
- transactions (the change log of players.current_team_id, except retirements): 'draft' (June 25, 2 rookies per
  team, worst record first), offseason 'signing' from team to team (12% of rostered players, July), rosters
  refilled/trimmed to 15 in July ('signing' from free agency, 'waiver' to free agency, worst skill first),
  in season 20 'trade's (two players swapped, Dec 15 .. trade deadline) and 15 waiver + signing pairs (Nov 1 ..
  Mar 15) per season
- retirement on July 1: logit = 0.8 * (age - 35) - 0.8 * skill - 1.5 (free agents +1.5); NOT logged in
  transactions: players.status 'retired' and current_team_id NULL are its only trace (no date)
- awards (season_id, announced_on): MVP (best ppg, 45+ games, May 20), DPOY (best rebounds per game, May 15),
  ROY (best ppg of the season's rookies, May 15), All-Star (24 best ppg on Jan 31 with 20+ games, Feb 2),
  Player of the Month (best ppg per conference in the month with 8+ games; Oct is in Nov; announced on the 3rd)
- today's-state columns: players.current_team_id (the team at NOW; NULL retired or free agent), players.status
  ('active', 'injured' while an injury is open at NOW, 'retired'), injuries.actual_return, games' scores, winner,
  attendance and status
- noise columns: players.name, players.height_cm (by position), players.college (30% NULL), teams.founded_year
- `python league.py OUT --as-of DATE`: the same simulation as it stood at DATE (every value drawn before the cut):
  rows dated after DATE deleted (box scores, injuries, transactions, awards, players drafted after it, seasons and
  their games whose schedule came out after it: Aug 15), games after DATE 'scheduled' with NULL results,
  actual_return after DATE NULL, current_team_id and status as they were at DATE
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
AS_OF = pd.Timestamp(sys.argv[sys.argv.index("--as-of") + 1]) if "--as-of" in sys.argv else None
NOW = pd.Timestamp("2024-12-31")
SEASONS = [  # (season_id, name, first day, last day, trade deadline, schedule released)
    (1, "2022-23", "2022-10-18", "2023-04-09", "2023-02-09", "2022-08-17"),
    (2, "2023-24", "2023-10-24", "2024-04-14", "2024-02-08", "2023-08-15"),
    (3, "2024-25", "2024-10-22", "2025-04-13", "2025-02-06", "2024-08-15"),
]
CITIES = [
    "Boston", "Brooklyn", "New York", "Philadelphia", "Toronto", "Chicago", "Cleveland", "Detroit", "Indiana",
    "Milwaukee", "Atlanta", "Charlotte", "Miami", "Orlando", "Washington", "Denver", "Minnesota", "Oklahoma City",
    "Portland", "Utah", "Golden State", "Los Angeles", "Phoenix", "Sacramento", "San Francisco", "Dallas", "Houston",
    "Memphis", "New Orleans", "San Antonio",
]  # fmt: skip
NAMES = ["Hawks", "Owls", "Comets", "Rangers", "Pilots", "Bears", "Kings", "Storm", "Titans", "Wolves"]
POS = np.array(["G", "F", "C"])
REB = {"G": 0.12, "F": 0.20, "C": 0.32}
AST = {"G": 0.17, "F": 0.08, "C": 0.06}
TEMPLATE = np.array([36, 34, 32, 31, 30, 24, 20, 16, 12], dtype=float)

# ---------------- teams
NT = 30
t_pace = rng.normal(0, 2.5, NT)
teams = pd.DataFrame(
    {
        "team_id": np.arange(1, NT + 1),
        "name": [f"{c} {NAMES[i % len(NAMES)]}" for i, c in enumerate(CITIES)],
        "city": CITIES,
        "conference": ["East"] * 15 + ["West"] * 15,
        "division": [
            ["Atlantic", "Central", "Southeast", "Northwest", "Pacific", "Southwest"][i // 5] for i in range(NT)
        ],
        "founded_year": rng.integers(1946, 2005, NT),
        "arena_capacity": rng.integers(17000, 21000, NT),
    }
)
t_div = np.arange(NT) // 5
t_conf = teams.conference.values

# ---------------- players (a pool large enough for the initial rosters and three drafts)
NP0, NDRAFT = 480, 60
NPMAX = NP0 + 3 * NDRAFT
age0 = np.clip(19.5 + rng.gamma(2.5, 2.6, NP0), 19.5, 38.5)  # age on 2022-07-01
born = np.empty(NPMAX, dtype="datetime64[D]")
born[:NP0] = (np.datetime64("2022-07-01") - (age0 * 365.25).astype("timedelta64[D]")).astype("datetime64[D]")
talent = np.empty(NPMAX)
talent[:NP0] = rng.normal(0, 1, NP0)
talent[NP0:] = rng.normal(-0.3, 0.9, NPMAX - NP0)
dev = rng.normal(0, 0.25, (NPMAX, len(SEASONS)))
pos = rng.choice(3, NPMAX, p=[0.42, 0.38, 0.20])
fragility = rng.lognormal(0, 0.6, NPMAX)
foul_lat = rng.lognormal(0, 0.3, NPMAX)
height = np.round(np.array([191, 203, 211])[pos] + rng.normal(0, 4, NPMAX)).astype(int)
college = rng.choice(["Duke", "Kentucky", "UCLA", "Kansas", "Gonzaga", "Villanova", "Arizona", "Texas"], NPMAX)
college = college.astype(object)
college[rng.random(NPMAX) < 0.3] = None
FIRST = ["James", "Luka", "Jalen", "Tyrese", "Anthony", "Devin", "Marcus", "Chris", "Nikola", "Paolo", "Scottie"]
LAST = ["Smith", "Johnson", "Brown", "Williams", "Green", "Murray", "Jones", "Harris", "White", "Banks", "Young"]
pname = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(NPMAX)]
draft_year = np.empty(NPMAX, dtype=int)
draft_year[:NP0] = np.minimum(born[:NP0].astype("datetime64[Y]").astype(int) + 1970 + rng.integers(19, 23, NP0), 2021)

team = np.full(NPMAX, -1)  # -1 free agent, -2 retired, -3 not drafted yet
team[NP0:] = -3
order = rng.permutation(NP0)
team[order[: NT * 15]] = np.repeat(np.arange(NT), 15)
trust = rng.normal(0, 0.4, NPMAX)
trust_draws = rng.normal(0, 0.4, 4000)  # trust for each later team change, in order
trust_i = 0
tenure = np.zeros(NPMAX)
inj_until = np.full(NPMAX, np.datetime64("1900-01-01"), dtype="datetime64[D]")
games_back = np.full(NPMAX, 99)
inj_penalty = np.zeros(NPMAX)
n_active = NP0

history = []  # (date, player, team or -1): every change of team (current_team_id), retirement apart
tx = []  # (date, player, type, from, to)
injuries = []  # [player, start, type, expected, actual]
player_inj_dates = [[] for _ in range(NPMAX)]
INJ_TYPES = ["ankle sprain", "hamstring", "knee", "back spasms", "concussion", "calf strain", "illness"]


def age_at(p, day):
    return (np.datetime64(day, "D") - born[p]).astype(int) / 365.25


def skill_of(p, s, day):
    a = age_at(p, day)
    return talent[p] + dev[p, s] - 0.018 * (a - 27) ** 2 - inj_penalty[p]


def move(day, p, kind, to):
    global trust_i
    frm = team[p]
    tx.append((day, p, kind, frm if frm >= 0 else None, to if to >= 0 else None))
    team[p] = to
    history.append((day, p, to))
    trust[p] = trust_draws[trust_i]
    trust_i += 1
    tenure[p] = 0


def refill(day, s):
    """Rosters to 15: waive the worst beyond 15, sign the best free agents below."""
    for tm in rng.permutation(NT):
        members = np.flatnonzero(team == tm)
        while len(members) > 15:
            sk = np.array([skill_of(p, s, day) for p in members])
            move(day, members[sk.argmin()], "waiver", -1)
            members = np.flatnonzero(team == tm)
        while len(members) < 15:
            fa = np.flatnonzero(team == -1)
            if len(fa) == 0:
                break
            sk = np.array([skill_of(p, s, day) for p in fa]) + rng.normal(0, 0.3, len(fa))
            move(day, fa[sk.argmax()], "signing", tm)
            members = np.flatnonzero(team == tm)


def schedule(s):
    sid, _, first, last, *_ = SEASONS[s]
    games = [(i, j) for i in range(NT) for j in range(NT) if i != j]
    games += [(i, j) for i in range(NT) for j in range(NT) if i != j and t_div[i] == t_div[j]]
    pool = [games[k] for k in rng.permutation(len(games))]
    days = pd.date_range(first, last, freq="D")
    out = []
    for d, day in enumerate(days):
        quota = rng.poisson(len(pool) / (len(days) - d)) if d < len(days) - 1 else len(pool)
        busy, keep = set(), []
        for g in pool:
            if quota > 0 and g[0] not in busy and g[1] not in busy:
                busy.update(g)
                out.append((sid, day, g[0], g[1]))
                quota -= 1
            else:
                keep.append(g)
        pool = keep
    extra = pd.Timestamp(last)
    while pool:  # what the last day could not hold
        extra += pd.Timedelta(days=1)
        busy, keep = set(), []
        for g in pool:
            if g[0] not in busy and g[1] not in busy:
                busy.update(g)
                out.append((sid, extra, g[0], g[1]))
            else:
                keep.append(g)
        pool = keep
    return out


all_games = []  # dicts
stats = []  # tuples
awards = []  # (season, player, award, date)
record = np.zeros(NT)
for s, (sid, sname, _, _, deadline, _) in enumerate(SEASONS):
    year = int(sname[:4])
    # ---------------- offseason
    if s > 0:
        jul1 = np.datetime64(f"{year}-07-01")
        for p in np.flatnonzero(team >= -1):
            a = age_at(p, jul1)
            logit = 0.8 * (a - 35) - 0.8 * skill_of(p, s - 1, jul1) - 1.5 + (1.5 if team[p] == -1 else 0)
            if rng.random() < 1 / (1 + np.exp(-logit)):
                team[p] = -2
                history.append((jul1, p, -2))
    draft_day = np.datetime64(f"{year}-06-25")
    picks = np.repeat(np.argsort(record, kind="stable"), 2)  # worst record first, 2 rounds
    new = np.arange(n_active, n_active + NDRAFT)
    born[new] = draft_day - (rng.uniform(19, 22.5, NDRAFT) * 365.25).astype("timedelta64[D]")
    draft_year[new] = year
    new = new[np.argsort(-(talent[new] + rng.normal(0, 0.5, NDRAFT)))]  # best prospect first
    for p, tm in zip(new, picks, strict=True):
        team[p] = -1
        move(draft_day, p, "draft", tm)
    n_active += NDRAFT
    if s > 0:
        for p in np.flatnonzero(team >= 0):
            if rng.random() < 0.12:
                to = rng.choice([t for t in range(NT) if t != team[p]])
                move(np.datetime64(f"{year}-07-{rng.integers(6, 31):02d}"), p, "signing", to)
    refill(np.datetime64(f"{year}-07-31"), s)
    tenure[team >= 0] += 1
    record[:] = 0

    # ---------------- in-season moves, drawn ahead
    sched = schedule(s)
    trade_days = np.sort(rng.choice(pd.date_range(f"{year}-12-15", deadline).values, 20)).astype("datetime64[D]")
    waive_days = np.sort(rng.choice(pd.date_range(f"{year}-11-01", f"{year + 1}-03-15").values, 15))
    waive_days = waive_days.astype("datetime64[D]")
    last_played = np.full(NT, np.datetime64("1900-01-01"), dtype="datetime64[D]")
    for sid_, day, h, a in sched:
        day64 = np.datetime64(day.date())
        g = {"season_id": sid_, "game_date": day.date(), "home": h, "away": a}
        all_games.append(g)
        if day > NOW:
            continue
        while len(trade_days) and trade_days[0] <= day64:
            t1, t2 = rng.choice(NT, 2, replace=False)
            outs = []
            for tm in (t1, t2):
                m = np.flatnonzero((team == tm) & (inj_until <= trade_days[0]))
                sk = np.array([skill_of(p, s, day64) for p in m])
                outs.append(m[np.argsort(-sk)][rng.integers(2, min(12, len(m)))])
            move(trade_days[0], outs[0], "trade", t2)
            move(trade_days[0], outs[1], "trade", t1)
            trade_days = trade_days[1:]
        while len(waive_days) and waive_days[0] <= day64:
            tm = rng.integers(NT)
            m = np.flatnonzero(team == tm)
            sk = np.array([skill_of(p, s, day64) for p in m])
            gone = m[sk.argmin()]
            move(waive_days[0], gone, "waiver", -1)
            fa = np.flatnonzero((team == -1) & (np.arange(NPMAX) != gone))
            fsk = np.array([skill_of(p, s, day64) for p in fa]) + rng.normal(0, 0.3, len(fa))
            move(waive_days[0], fa[fsk.argmax()], "signing", tm)
            waive_days = waive_days[1:]
        b2b = [last_played[h] == day64 - 1, last_played[a] == day64 - 1]
        last_played[h] = last_played[a] = day64
        side = []
        for tm in (h, a):
            m = np.flatnonzero(team == tm)
            sk = np.array([skill_of(p, s, day64) for p in m])
            avail = inj_until[m] <= day64
            rank_score = sk + trust[m] + 0.1 * np.minimum(tenure[m], 3) + rng.normal(0, 0.3, len(m))
            rank_score[~avail] = -np.inf
            ranks = np.empty(len(m), dtype=int)
            ranks[np.argsort(-rank_score)] = np.arange(len(m))
            noise = rng.lognormal(0, 0.1, len(m))
            tenth = rng.random() < 0.5
            tenth_min = rng.uniform(4, 8)
            minutes = np.where(ranks < 9, TEMPLATE[np.minimum(ranks, 8)] * noise, 0.0)
            minutes[(ranks == 9) & tenth] = tenth_min
            minutes[~avail] = 0.0
            minutes *= np.where(games_back[m] < 8, 0.55 + 0.45 * games_back[m] / 8, 1.0)
            minutes = np.round(minutes, 1)
            strength = (minutes * sk).sum() / 48
            side.append((tm, m, sk, avail, minutes, strength))
        margin = 2.5 * (side[0][5] - side[1][5]) + 2.5 - 2.5 * b2b[0] + 2.5 * b2b[1] + rng.normal(0, 11)
        level = 112 + t_pace[h] + t_pace[a] + rng.normal(0, 6)
        hs, as_ = int(round(level + margin / 2)), int(round(level - margin / 2))
        coin = rng.random() < 0.5
        if hs == as_:
            hs, as_ = (hs + 3, as_) if coin else (hs, as_ + 3)
        g.update(home_score=hs, away_score=as_)
        record[h] += hs > as_
        record[a] += as_ > hs
        for k, (tm, m, sk, avail, minutes, _) in enumerate(side):
            score, diff = (hs, hs - as_) if k == 0 else (as_, as_ - hs)
            w = minutes * np.exp(0.45 * sk) * (0.94 if b2b[k] else 1.0)
            pts = rng.multinomial(score, w / w.sum())
            p_pos = POS[pos[m]]
            reb = rng.poisson(minutes * np.array([REB[x] for x in p_pos]) * np.exp(0.15 * sk))
            ast = rng.poisson(minutes * np.array([AST[x] for x in p_pos]) * np.exp(0.2 * sk))
            fouls = np.minimum(6, rng.poisson(minutes * 0.065 * foul_lat[m]))
            pm = np.round(diff * minutes / 48 + rng.normal(0, 3, len(m))).astype(int)
            starters = set(m[np.argsort(-minutes)[:5]])
            hz = rng.random(len(m))
            out_days = np.clip(rng.lognormal(np.log(12), 0.9, len(m)), 3, 200).astype(int)
            est = rng.lognormal(-0.1, 0.35, len(m))
            itype = rng.choice(len(INJ_TYPES), len(m))
            for i, p in enumerate(m):
                played = minutes[i] > 0
                reason = None if played else ("injury" if not avail[i] else "coach")
                stats.append(
                    (len(all_games), p + 1, tm + 1, day.date(), p in starters and played, minutes[i],
                     int(pts[i]) if played else 0, int(reb[i]) if played else 0, int(ast[i]) if played else 0,
                     int(fouls[i]) if played else 0, int(pm[i]) if played else 0, reason)
                )  # fmt: skip
                if not played:
                    continue
                games_back[p] += 1
                recent = sum(1 for d0 in player_inj_dates[p] if (day64 - d0).astype(int) <= 365)
                hazard = (
                    0.01 * fragility[p] * (1 + 0.08 * max(age_at(p, day64) - 28, 0)) * minutes[i] / 30
                    * (1.4 if b2b[k] else 1.0) * (1 + 0.5 * recent)
                )  # fmt: skip
                if hz[i] < hazard:
                    inj_until[p] = day64 + out_days[i]
                    games_back[p] = 0
                    player_inj_dates[p].append(day64)
                    if out_days[i] >= 30:
                        inj_penalty[p] += 0.1
                    injuries.append(
                        [p + 1, day64, INJ_TYPES[itype[i]], day64 + max(2, int(round(out_days[i] * est[i]))),
                         day64 + out_days[i]]
                    )  # fmt: skip
    inj_penalty[:] = 0

    # ---------------- awards (from the box scores of the season)
    st = pd.DataFrame(
        [r for r in stats if r[0] > len(all_games) - len(sched)],
        columns=["g", "player", "team", "date", "starter", "min", "pts", "reb", "ast", "pf", "pm", "dnp"],
    )
    st = st[st["min"] > 0]
    st["date"] = pd.to_datetime(st["date"])
    st["conf"] = t_conf[st.team.values - 1]
    for mo, mlast in [(11, 11), (12, 12), (1, 1), (2, 2), (3, 3), (4, 4)]:
        y = year if mo >= 10 else year + 1
        ann = pd.Timestamp(y + (mo == 12), 1 if mo == 12 else mo + 1, 3)
        sel = st[(st.date.dt.month == mlast) | ((mo == 11) & (st.date.dt.month == 10))]
        sel = sel[sel.date.dt.year == y]
        for conf in ("East", "West"):
            c = sel[sel.conf == conf].groupby("player").pts.agg(["mean", "size"])
            c = c[c["size"] >= 8]
            if len(c):
                awards.append((sid, int(c["mean"].idxmax()), "Player of the Month", ann))
    jan31 = st[st.date <= pd.Timestamp(year + 1, 1, 31)].groupby("player").pts.agg(["mean", "size"])
    for p in jan31[jan31["size"] >= 20].sort_values("mean", ascending=False).index[:24]:
        awards.append((sid, int(p), "All-Star", pd.Timestamp(year + 1, 2, 2)))
    per = st.groupby("player").agg(ppg=("pts", "mean"), rpg=("reb", "mean"), n=("pts", "size"))
    full = per[per.n >= 45]
    if len(full):
        awards.append((sid, int(full.ppg.idxmax()), "MVP", pd.Timestamp(year + 1, 5, 20)))
        awards.append((sid, int(full.rpg.idxmax()), "DPOY", pd.Timestamp(year + 1, 5, 15)))
        rook = per[draft_year[per.index.values - 1] == year]
        if len(rook):
            awards.append((sid, int(rook.ppg.idxmax()), "ROY", pd.Timestamp(year + 1, 5, 15)))

# ---------------- tables
NPL = n_active
games = pd.DataFrame(all_games)
games.insert(0, "game_id", np.arange(1, len(games) + 1))
played = games.home_score.notna()
games["home_team_id"] = games.home + 1
games["away_team_id"] = games.away + 1
games["winner_team_id"] = np.where(
    played, np.where(games.home_score > games.away_score, games.home_team_id, games.away_team_id), np.nan
)
cap = teams.arena_capacity.values[games.home.values]
games["attendance"] = np.where(played, np.round(cap * np.minimum(1, rng.beta(12, 1.2, len(games)))), np.nan)
games["status"] = np.where(played, "final", "scheduled")
games = games[
    ["game_id", "season_id", "game_date", "home_team_id", "away_team_id", "home_score", "away_score",
     "winner_team_id", "attendance", "status"]
]  # fmt: skip
seasons = pd.DataFrame(
    {
        "season_id": [x[0] for x in SEASONS],
        "name": [x[1] for x in SEASONS],
        "start_date": pd.to_datetime([x[2] for x in SEASONS]),
        "end_date": pd.to_datetime(games.groupby("season_id").game_date.max().values),
        "trade_deadline": pd.to_datetime([x[4] for x in SEASONS]),
    }
)
released = pd.to_datetime([x[5] for x in SEASONS])
box = pd.DataFrame(
    stats,
    columns=["game_id", "player_id", "team_id", "game_date", "starter", "minutes", "points", "rebounds", "assists",
             "fouls", "plus_minus", "dnp_reason"],
)  # fmt: skip
box.insert(0, "stat_id", np.arange(1, len(box) + 1))
box["game_date"] = pd.to_datetime(box.game_date)
games["game_date"] = pd.to_datetime(games.game_date)
inj = pd.DataFrame(injuries, columns=["player_id", "start_date", "injury_type", "expected_return", "actual_return"])
inj.loc[inj.actual_return > np.datetime64(NOW.date()), "actual_return"] = pd.NaT
inj.insert(0, "injury_id", np.arange(1, len(inj) + 1))
trans = pd.DataFrame(tx, columns=["transaction_date", "player", "type", "from_team_id", "to_team_id"])
trans = trans[trans.transaction_date <= np.datetime64(NOW.date())].sort_values("transaction_date", kind="stable")
trans.insert(0, "transaction_id", np.arange(1, len(trans) + 1))
trans.insert(1, "player_id", trans.pop("player") + 1)
trans["from_team_id"] = trans.from_team_id.astype("Int64") + 1
trans["to_team_id"] = trans.to_team_id.astype("Int64") + 1
aw = pd.DataFrame(awards, columns=["season_id", "player_id", "award", "announced_on"])
aw = aw[aw.announced_on <= NOW].reset_index(drop=True)
aw.insert(0, "award_id", np.arange(1, len(aw) + 1))

CUT = AS_OF if AS_OF is not None else NOW
cut = np.datetime64(CUT.date())
hist = pd.DataFrame(history, columns=["date", "player", "team"])
hist = hist[hist.date <= cut]
init = np.full(NPL, -3)
init[order[: NT * 15]] = np.repeat(np.arange(NT), 15)
init[order[NT * 15 :]] = -1
last = hist.groupby("player").team.last()
team_then = init.copy()
team_then[last.index.values] = last.values
open_inj = inj[(inj.start_date <= cut) & (inj.actual_return.isna() | (inj.actual_return > cut))].player_id - 1
status = np.where(team_then == -2, "retired", "active").astype(object)
status[open_inj.values] = np.where(team_then[open_inj.values] == -2, "retired", "injured")
players = pd.DataFrame(
    {
        "player_id": np.arange(1, NPL + 1),
        "name": pname[:NPL],
        "born": born[:NPL],
        "draft_year": draft_year[:NPL],
        "position": POS[pos[:NPL]],
        "height_cm": height[:NPL],
        "college": college[:NPL],
        "current_team_id": pd.array(np.where(team_then >= 0, team_then + 1, -1), dtype="Int64"),
        "status": status,
    }
)
players.loc[players.current_team_id < 0, "current_team_id"] = pd.NA
players = players[team_then != -3]  # drafted after the cut

if AS_OF is not None:  # the database as it stood at the cut: rows written since gone, today's state as it was
    day = pd.Timestamp(cut)
    keep_seasons = seasons.season_id[released <= day].values
    seasons = seasons[seasons.season_id.isin(keep_seasons)]
    games = games[games.season_id.isin(keep_seasons)].copy()
    later = pd.to_datetime(games.game_date) > day
    games.loc[later, ["home_score", "away_score", "winner_team_id", "attendance"]] = np.nan
    games.loc[later, "status"] = "scheduled"
    box = box[pd.to_datetime(box.game_date) <= day]
    inj = inj[inj.start_date <= cut].copy()
    inj.loc[inj.actual_return > cut, "actual_return"] = pd.NaT
    trans = trans[trans.transaction_date <= cut]
    aw = aw[aw.announced_on <= day]

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE teams (team_id INTEGER PRIMARY KEY, name VARCHAR, city VARCHAR, conference VARCHAR, division VARCHAR,
                    founded_year INTEGER, arena_capacity INTEGER);
CREATE TABLE players (player_id INTEGER PRIMARY KEY, name VARCHAR, born DATE, draft_year INTEGER, position VARCHAR,
                      height_cm INTEGER, college VARCHAR, current_team_id INTEGER REFERENCES teams(team_id),
                      status VARCHAR);
CREATE TABLE seasons (season_id INTEGER PRIMARY KEY, name VARCHAR, start_date DATE, end_date DATE, trade_deadline DATE);
CREATE TABLE games (game_id INTEGER PRIMARY KEY, season_id INTEGER REFERENCES seasons(season_id), game_date DATE,
                    home_team_id INTEGER REFERENCES teams(team_id), away_team_id INTEGER REFERENCES teams(team_id),
                    home_score INTEGER, away_score INTEGER, winner_team_id INTEGER REFERENCES teams(team_id),
                    attendance INTEGER, status VARCHAR);
CREATE TABLE player_game_stats (stat_id INTEGER PRIMARY KEY, game_id INTEGER REFERENCES games(game_id),
                                player_id INTEGER REFERENCES players(player_id), team_id INTEGER REFERENCES teams(team_id),
                                game_date DATE, starter BOOLEAN, minutes DOUBLE, points INTEGER, rebounds INTEGER,
                                assists INTEGER, fouls INTEGER, plus_minus INTEGER, dnp_reason VARCHAR);
CREATE TABLE injuries (injury_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players(player_id), start_date DATE,
                       injury_type VARCHAR, expected_return DATE, actual_return DATE);
CREATE TABLE transactions (transaction_id INTEGER PRIMARY KEY, player_id INTEGER REFERENCES players(player_id),
                           transaction_date DATE, type VARCHAR, from_team_id INTEGER REFERENCES teams(team_id),
                           to_team_id INTEGER REFERENCES teams(team_id));
CREATE TABLE awards (award_id INTEGER PRIMARY KEY, season_id INTEGER REFERENCES seasons(season_id),
                     player_id INTEGER REFERENCES players(player_id), award VARCHAR, announced_on DATE);
""")
for name, df in [
    ("teams", teams),
    ("players", players),
    ("seasons", seasons),
    ("games", games),
    ("player_game_stats", box),
    ("injuries", inj),
    ("transactions", trans),
    ("awards", aw),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
