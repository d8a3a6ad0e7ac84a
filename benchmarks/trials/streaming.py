"""A music-streaming database (listeners on free/premium/family plans, artists, albums, tracks released over time
and announced ahead, plays, playlists and their follows, subscriptions that end with an upgrade, downgrade or
cancel), seeded: `python benchmarks/trials/streaming.py PATH`. Written by a fresh-eyes trial (2026-12-05), kept
for benchmarks/trials.py (the truth it planted is in this docstring).

Truth (seed 0), data 2023-01-01 .. 2024-12-31 (plays); listeners sign up 2021-07 .. 2024-12:
- listeners: latent play rate lam ~ LogNormal(log .12, 1.0) plays/day; skip latent z ~ N(0, 1); a favourite
  genre drawn from a country prior (BR/MX: latin, US: hip-hop, DE/SE: electronic, JP: j-pop, ...); 12% switch
  favourite genre once at a uniform time (unforeseeable). birth_year (15% NULL): born after 1995 → pop/hip-hop
  more likely favourite. gender (20% NULL) is noise. referral 'friend' halves the dormancy hazard.
- daily plays ~ Poisson(lam * plan * dow * season * honeymoon * burst), plan: premium/family x1.5 (while on
  it); dow: Sat 1.25, Sun 1.2, Fri 1.1, others 0.9; season: Dec x1.2, Jul-Aug x0.9; honeymoon: 1 + 0.7 *
  exp(-tenure/60 days); burst: a Gamma(2, 1/2) factor per listener-week.
- dormancy (plays stop for good, not stored): hazard per day 1/250 free, 1/700 premium/family, x1.5 when lam
  below the median, x0.5 for friend referrals.
- track choice: 35% from the listener's rotation (8 tracks, each replaced with p .3 every 30 days), else a
  genre from the listener's preference (0.6 on the favourite, the rest by the country prior), then a track of
  that genre by popularity = artist_pop (Gamma(.8)) * track quality (LogNormal(0, .7)) * (1 + 4 exp(-age/20
  days)), among tracks released before the play's week. So next plays (rankings) = rotation + new releases of
  the favourite genre; a new track's first-month plays = its artist's popularity (seen on the artist's older
  tracks, two hops away) times a newness burst.
- skipped ~ Bernoulli(sigmoid(-1.2 + 0.8 z + 1.0 [genre != favourite])); seconds_played: skipped → U(3, 30),
  else duration * Beta(8, 1); 1% of seconds_played NULL (logging loss). device by listener (mobile-heavy), noise.
- subscriptions (rows that end: ended_at, end_reason): sign up on free 75%, premium 20%, family 5%.
  free → premium (upgrade): hazard .0015/day * (lam/.12)^.6 while active; half of upgrades start a 30-day
  trial (is_trial, trial_ends_at known in advance): at trial end 45% cancel (within 3 days).
  premium → family (upgrade) .0004/day; family → premium (downgrade) .001/day.
  cancel (premium/family → free): .0012/day * exp(.4 z) * 1.5 in BR/MX; 1/40 per day once dormant.
  Every change ends the current subscription row and opens the next; subscription_events holds one row per
  change (event_type upgrade/downgrade/cancel) pointing at the ended subscription.
- listeners.plan is the plan at the end of the data (a current-state column: reads the future before then).
- subscriptions.end_reason (upgrade/downgrade/cancel) is written with ended_at: at an anchor before ended_at it
  reads the future (a trial found rfm_sql reading it: cancel AUROC .97 with it, .59 with it and plan NULLed).
- playlists: 40 editorial (owner_id NULL) + 160 by listeners (owner_id, an undeclared key); each has a genre
  named in its title; playlist_follows (keys undeclared): a listener follows at .006/day * lam^.3 while active,
  choosing a playlist by (5 if its genre is the favourite else 1) * popularity * (3 if editorial);
  20% unfollow later (unfollowed_at).
- noise: tracks.explicit, artists.verified, listeners.gender, plays.device, albums.title.
"""

import sys

import duckdb
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
OUT = sys.argv[1]
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
ND = (END - START).days + 1
days = pd.date_range(START, END, freq="D")
DOW = np.array([0.9, 0.9, 0.9, 0.9, 1.1, 1.25, 1.2])
season = np.where(days.month == 12, 1.2, np.where(days.month.isin([7, 8]), 0.9, 1.0))
daymul = DOW[days.day_of_week.values] * season

GENRES = ["pop", "hip-hop", "rock", "electronic", "latin", "jazz", "classical", "indie", "j-pop", "metal"]
NG = len(GENRES)
G = {g: i for i, g in enumerate(GENRES)}
COUNTRIES = ["US", "BR", "DE", "IN", "MX", "GB", "SE", "JP"]
C_P = [0.28, 0.15, 0.12, 0.1, 0.08, 0.12, 0.07, 0.08]
base_prior = np.array([3, 2.5, 2, 1.5, 1, 0.6, 0.5, 1.2, 0.3, 0.8])
C_BOOST = {
    "US": "hip-hop",
    "BR": "latin",
    "MX": "latin",
    "DE": "electronic",
    "SE": "electronic",
    "JP": "j-pop",
    "GB": "indie",
    "IN": "pop",
}
prior = {}
for c in COUNTRIES:
    p = base_prior.copy()
    p[G[C_BOOST[c]]] += 4
    prior[c] = p / p.sum()

# ---------------- artists, albums, tracks
NA = 200
art_genre = rng.choice(NG, NA, p=base_prior / base_prior.sum())
art_pop = rng.gamma(0.8, 1.0, NA)
artists = pd.DataFrame(
    {
        "artist_id": np.arange(1, NA + 1),
        "name": [f"Artist {i}" for i in range(1, NA + 1)],
        "country": rng.choice(COUNTRIES, NA, p=C_P),
        "primary_genre": [GENRES[g] for g in art_genre],
        "verified": rng.random(NA) < 0.6,
    }
)
alb_rows, trk_rows = [], []
tid = 0
for a in range(NA):
    for _ in range(rng.integers(1, 6)):
        aid = len(alb_rows) + 1
        if rng.random() < 0.3:
            rel = pd.Timestamp("2015-01-01") + pd.Timedelta(days=int(rng.integers(0, 2900)))
        else:
            rel = START + pd.Timedelta(days=int(rng.integers(0, ND + 60)))  # some announced past the end
        n_tr = int(rng.integers(1, 13))
        alb_rows.append((aid, a + 1, f"Album {aid}", "single" if n_tr == 1 else "album", rel))
        for _ in range(n_tr):
            tid += 1
            g = art_genre[a] if rng.random() < 0.85 else rng.integers(NG)
            trk_rows.append(
                (
                    tid,
                    aid,
                    a + 1,
                    f"Track {tid}",
                    GENRES[g],
                    rel,
                    int(np.clip(rng.normal(210, 50), 90, 600)),
                    bool(rng.random() < 0.2),
                    art_pop[a] * rng.lognormal(0, 0.7),
                    g,
                )
            )
albums = pd.DataFrame(alb_rows, columns=["album_id", "artist_id", "title", "album_type", "release_date"])
T = pd.DataFrame(
    trk_rows,
    columns=[
        "track_id",
        "album_id",
        "artist_id",
        "title",
        "genre",
        "release_date",
        "duration_s",
        "explicit",
        "quality",
        "g",
    ],
)
NT = len(T)
t_rel_day = ((T.release_date - START).dt.days).values  # negative: back catalogue
t_g = T.g.values
t_q = T.quality.values
t_dur = T.duration_s.values
tracks = T.drop(columns=["quality", "g"]).copy()
tracks.loc[rng.random(NT) < 0.04, "genre"] = None  # untagged tracks

# weekly CDF per genre of track choice
NW = ND // 7 + 1
week_cdf = {}
for w in range(NW):
    d0 = w * 7
    age = d0 - t_rel_day
    wt = np.where(age >= 0, t_q * (1 + 4 * np.exp(-np.maximum(age, 0) / 20)), 0.0)
    for g in range(NG):
        idx = np.where((t_g == g) & (wt > 0))[0]
        if len(idx):
            c = np.cumsum(wt[idx])
            week_cdf[w, g] = (idx, c / c[-1])


def pick_tracks(week, genre):
    out = np.empty(len(week), dtype=np.int64)
    for k in range(len(week)):
        key = (week[k], genre[k])
        if key not in week_cdf:
            key = (week[k], 0)
        idx, c = week_cdf[key]
        out[k] = idx[min(np.searchsorted(c, rng.random()), len(idx) - 1)]
    return out


# ---------------- listeners
NL = 3000
pre = rng.random(NL) < 0.3
signup = np.where(pre, rng.integers(-540, 0, NL), (ND * np.sqrt(rng.random(NL))).astype(int))  # growing signups
signup = np.sort(signup)
country = rng.choice(COUNTRIES, NL, p=C_P)
birth = rng.integers(1955, 2008, NL).astype(float)
lam = rng.lognormal(np.log(0.12), 1.0, NL)
z = rng.normal(0, 1, NL)
referral = rng.choice(["organic", "ad", "friend"], NL, p=[0.5, 0.3, 0.2]).astype(object)
fav = np.empty(NL, dtype=int)
for i in range(NL):
    p = prior[country[i]].copy()
    if birth[i] > 1995:
        p[G["pop"]] *= 2
        p[G["hip-hop"]] *= 2
    fav[i] = rng.choice(NG, p=p / p.sum())
fav2 = np.array([rng.choice(NG, p=prior[c]) for c in country])
switch = np.where(rng.random(NL) < 0.12, rng.integers(0, ND, NL), 10**6)
med_lam = np.median(lam)

sub_rows, ev_rows, play_parts = [], [], []
dormant_day = np.zeros(NL, dtype=int)
final_plan = []
sid = 0
for i in range(NL):
    s = int(signup[i])
    plan = rng.choice(["free", "premium", "family"], p=[0.75, 0.2, 0.05])
    t = float(s)
    dormant = None
    seg = []  # (start, end, plan)
    sub_start, trial_end = t, None
    while True:
        rates = {}
        mult = (1.5 if lam[i] < med_lam else 1.0) * (0.5 if referral[i] == "friend" else 1.0)
        if dormant is None:
            rates["dormant"] = (1 / 250 if plan == "free" else 1 / 700) * mult
        if plan == "free":
            if dormant is None:
                rates["up_premium"] = 0.0015 * (lam[i] / 0.12) ** 0.6
        else:
            rates["cancel"] = (
                1 / 40
                if dormant is not None
                else (0.0012 * np.exp(0.4 * z[i]) * (1.5 if country[i] in ("BR", "MX") else 1.0))
            )
            if plan == "premium":
                rates["up_family"] = 0.0004
            else:
                rates["down"] = 0.001
        tot = sum(rates.values())
        if tot == 0:  # dormant on the free plan: nothing more happens
            break
        dt = rng.exponential(1 / tot)
        ev = rng.choice(list(rates), p=np.array(list(rates.values())) / tot)
        if trial_end is not None and t + dt >= trial_end:
            trial_end_at = trial_end
            trial_end = None
            if rng.random() < 0.45:
                dt, ev = trial_end_at - t + rng.random() * 3, "cancel"
            else:
                continue  # memoryless: redraw from the trial end... approximated by redrawing from t
        t += dt
        if t > ND:
            break
        if ev == "dormant":
            dormant = t
            continue
        new = {"up_premium": "premium", "up_family": "family", "down": "premium", "cancel": "free"}[ev]
        etype = {"up_premium": "upgrade", "up_family": "upgrade", "down": "downgrade", "cancel": "cancel"}[ev]
        sid += 1
        seg.append((sub_start, t, plan, sid, etype))
        plan, sub_start = new, t
        trial_end = t + 30 if (ev == "up_premium" and rng.random() < 0.5) else None
        seg[-1] = seg[-1] + (trial_end,)
    sid += 1
    seg.append((sub_start, None, plan, sid, None, trial_end))
    final_plan.append(plan)
    dormant_day[i] = int(dormant) if dormant is not None else ND
    # subscription rows: the trial flag belongs to the row that starts with a trial
    prev_trial = None
    for a, b, pl, sid_k, et, tr_next in seg:
        tr = prev_trial
        sub_rows.append((sid_k, i + 1, pl, a, b, et, tr is not None, tr))
        if b is not None:
            ev_rows.append((sid_k, i + 1, et, b))
        prev_trial = tr_next
    # plays
    d0, d1 = max(s, 0), min(dormant_day[i], ND)
    if d1 <= d0:
        continue
    dd = np.arange(d0, d1)
    pm = np.ones(len(dd))
    for a, b, pl, *_ in seg:
        if pl != "free":
            bb = ND if b is None else b
            pm[(dd >= a) & (dd < bb)] = 1.5
    tenure = dd - s
    burst = rng.gamma(2, 0.5, NW)[dd // 7]
    rate = lam[i] * pm * daymul[dd] * (1 + 0.7 * np.exp(-tenure / 60)) * burst
    n = rng.poisson(rate)
    pd_day = np.repeat(dd, n)
    if len(pd_day) == 0:
        continue
    m = len(pd_day)
    favs = np.where(pd_day >= switch[i], fav2[i], fav[i])
    pref_other = prior[country[i]]
    genre = np.where(rng.random(m) < 0.6, favs, rng.choice(NG, m, p=pref_other))
    wk = pd_day // 7
    trk = pick_tracks(wk, genre)
    # rotation
    blocks = pd_day // 30
    rot = {}
    cur = None
    for b in np.unique(blocks):
        wb = int(b * 30 // 7)
        fresh = pick_tracks(np.full(8, wb), np.where(rng.random(8) < 0.7, favs[blocks == b][0], rng.choice(NG, 8)))
        cur = fresh if cur is None else np.where(rng.random(8) < 0.3, fresh, cur)
        rot[b] = cur
    use_rot = rng.random(m) < 0.35
    if use_rot.any():
        rsel = np.array([rot[b][rng.integers(8)] for b in blocks[use_rot]])
        ok = t_rel_day[rsel] <= pd_day[use_rot]
        tmp = trk[use_rot]
        tmp[ok] = rsel[ok]
        trk[use_rot] = tmp
    skip_p = 1 / (1 + np.exp(-(-1.2 + 0.8 * z[i] + 1.0 * (t_g[trk] != favs))))
    skipped = rng.random(m) < skip_p
    secs = np.where(skipped, rng.integers(3, 31, m), (t_dur[trk] * rng.beta(8, 1, m)).astype(int)).astype(float)
    secs[rng.random(m) < 0.01] = np.nan
    hour = rng.choice(
        24,
        m,
        p=np.r_[np.full(6, 0.01), np.full(6, 0.04), np.full(6, 0.05), np.full(6, 0.06)]
        / np.r_[np.full(6, 0.01), np.full(6, 0.04), np.full(6, 0.05), np.full(6, 0.06)].sum(),
    )
    ts = START + pd.to_timedelta(pd_day, "D") + pd.to_timedelta(hour * 3600 + rng.integers(0, 3600, m), "s")
    dev_p = rng.dirichlet([6, 2, 1.5, 0.5])
    play_parts.append(
        pd.DataFrame(
            {
                "listener_id": i + 1,
                "track_id": T.track_id.values[trk],
                "played_at": ts,
                "seconds_played": secs,
                "skipped": skipped,
                "device": rng.choice(["mobile", "desktop", "web", "smart_speaker"], m, p=dev_p),
            }
        )
    )

plays = pd.concat(play_parts, ignore_index=True).sort_values(["played_at", "listener_id"]).reset_index(drop=True)
plays.insert(0, "play_id", np.arange(1, len(plays) + 1))
plays["seconds_played"] = plays.seconds_played.astype("Int64")


def day_ts(x):
    return START + pd.to_timedelta(np.asarray(x, dtype=float), "D")


listeners = pd.DataFrame(
    {
        "listener_id": np.arange(1, NL + 1),
        "signup_date": (START + pd.to_timedelta(signup, "D")).normalize(),
        "country": country,
        "birth_year": pd.array(np.where(rng.random(NL) < 0.15, np.nan, birth), dtype="Int64"),
        "gender": np.where(rng.random(NL) < 0.2, None, rng.choice(["f", "m", "x"], NL, p=[0.48, 0.48, 0.04])),
        "referral": referral,
        "plan": final_plan,
    }
)
subs = pd.DataFrame(
    sub_rows,
    columns=[
        "subscription_id",
        "listener_id",
        "plan",
        "started_at",
        "ended_at",
        "end_reason",
        "is_trial",
        "trial_ends_at",
    ],
)
subs["started_at"] = day_ts(subs.started_at).round("s")
subs["ended_at"] = day_ts(subs.ended_at.astype(float)).round("s")
subs["trial_ends_at"] = day_ts(subs.trial_ends_at.astype(float)).round("s")
subs["price"] = subs.plan.map({"free": 0.0, "premium": 10.99, "family": 16.99})
subs.loc[
    subs.listener_id.map(dict(zip(listeners.listener_id, country, strict=True))).isin(["IN", "BR", "MX"])
    & (subs.plan != "free"),
    "price",
] *= 0.5
subs = subs.sort_values(["subscription_id"]).reset_index(drop=True)
events = pd.DataFrame(ev_rows, columns=["subscription_id", "listener_id", "event_type", "event_at"])
events["event_at"] = day_ts(events.event_at).round("s")
events = events.sort_values("event_at").reset_index(drop=True)
events.insert(0, "event_id", np.arange(1, len(events) + 1))

# playlists
NP_ = 200
pl_genre = rng.choice(NG, NP_, p=base_prior / base_prior.sum())
editorial = np.arange(NP_) < 40
pl_created = np.where(editorial, rng.integers(-400, 100, NP_), rng.integers(-200, ND - 30, NP_))
owner = np.where(editorial, 0, rng.integers(1, NL + 1, NP_))
owner = np.where(editorial, 0, np.maximum(owner, 1))
for k in range(NP_):  # an owner must have signed up before creating
    if not editorial[k] and signup[owner[k] - 1] > pl_created[k]:
        pl_created[k] = signup[owner[k] - 1] + 1
pl_pop = rng.gamma(1.0, 1.0, NP_) * np.where(editorial, 3, 1)
ADJ = ["Chill", "Late Night", "Morning", "Essential", "Fresh", "Workout", "Road Trip", "Deep"]
playlists = pd.DataFrame(
    {
        "playlist_id": np.arange(1, NP_ + 1),
        "owner_id": pd.array(np.where(editorial, np.nan, owner), dtype="Int64"),
        "title": [f"{rng.choice(ADJ)} {GENRES[g].title()}" for g in pl_genre],
        "is_editorial": editorial,
        "created_at": day_ts(pl_created).round("s"),
    }
)
pt_rows = []
for k in range(NP_):
    cand = np.where((t_g == pl_genre[k]) & (t_rel_day <= pl_created[k]))[0]
    if len(cand) == 0:
        continue
    for j, tt in enumerate(rng.choice(cand, min(len(cand), int(rng.integers(10, 30))), replace=False)):
        pt_rows.append((k + 1, int(T.track_id.values[tt]), j + 1, day_ts(pl_created[k] + rng.random() * 20)))
playlist_tracks = pd.DataFrame(pt_rows, columns=["playlist_id", "track_id", "position", "added_at"])
playlist_tracks["added_at"] = playlist_tracks.added_at.dt.round("s")
fo_rows = []
for i in range(NL):
    a, b = max(signup[i], -400), min(dormant_day[i], ND)
    if b <= a:
        continue
    n = rng.poisson(0.006 * lam[i] ** 0.3 * (b - a))
    for tt in np.sort(rng.uniform(a, b, n)):
        f = fav2[i] if tt >= switch[i] else fav[i]
        w = np.where(pl_created < tt, pl_pop * np.where(pl_genre == f, 5, 1), 0)
        if w.sum() == 0:
            continue
        p = int(rng.choice(NP_, p=w / w.sum()))
        un = tt + rng.exponential(120) if rng.random() < 0.2 else np.nan
        fo_rows.append((i + 1, p + 1, tt, un))
fol = pd.DataFrame(fo_rows, columns=["listener_id", "playlist_id", "followed_at", "unfollowed_at"])
fol = fol.drop_duplicates(["listener_id", "playlist_id"])
fol["followed_at"] = day_ts(fol.followed_at).round("s")
fol["unfollowed_at"] = day_ts(fol.unfollowed_at).round("s")
fol.loc[fol.unfollowed_at > END + pd.Timedelta(days=1), "unfollowed_at"] = pd.NaT
fol = fol[fol.followed_at <= END + pd.Timedelta(days=1)].reset_index(drop=True)

con = duckdb.connect(OUT)
con.execute("""
CREATE TABLE listeners (listener_id INTEGER PRIMARY KEY, signup_date DATE, country VARCHAR, birth_year INTEGER,
  gender VARCHAR, referral VARCHAR, plan VARCHAR);
CREATE TABLE artists (artist_id INTEGER PRIMARY KEY, name VARCHAR, country VARCHAR, primary_genre VARCHAR,
  verified BOOLEAN);
CREATE TABLE albums (album_id INTEGER PRIMARY KEY, artist_id INTEGER REFERENCES artists(artist_id), title VARCHAR,
  album_type VARCHAR, release_date DATE);
CREATE TABLE tracks (track_id INTEGER PRIMARY KEY, album_id INTEGER REFERENCES albums(album_id),
  artist_id INTEGER REFERENCES artists(artist_id), title VARCHAR, genre VARCHAR, release_date DATE,
  duration_s INTEGER, explicit BOOLEAN);
CREATE TABLE plays (play_id BIGINT PRIMARY KEY, listener_id INTEGER REFERENCES listeners(listener_id),
  track_id INTEGER REFERENCES tracks(track_id), played_at TIMESTAMP, seconds_played INTEGER, skipped BOOLEAN,
  device VARCHAR);
CREATE TABLE subscriptions (subscription_id INTEGER PRIMARY KEY,
  listener_id INTEGER REFERENCES listeners(listener_id), plan VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP,
  end_reason VARCHAR, is_trial BOOLEAN, trial_ends_at TIMESTAMP, price DOUBLE);
CREATE TABLE subscription_events (event_id INTEGER PRIMARY KEY,
  subscription_id INTEGER REFERENCES subscriptions(subscription_id), listener_id INTEGER, event_type VARCHAR,
  event_at TIMESTAMP);
CREATE TABLE playlists (playlist_id INTEGER PRIMARY KEY, owner_id INTEGER, title VARCHAR, is_editorial BOOLEAN,
  created_at TIMESTAMP);
CREATE TABLE playlist_tracks (playlist_id INTEGER REFERENCES playlists(playlist_id),
  track_id INTEGER REFERENCES tracks(track_id), position INTEGER, added_at TIMESTAMP);
CREATE TABLE playlist_follows (listener_id INTEGER, playlist_id INTEGER, followed_at TIMESTAMP,
  unfollowed_at TIMESTAMP);
""")
for name, df in [
    ("listeners", listeners),
    ("artists", artists),
    ("albums", albums),
    ("tracks", tracks),
    ("plays", plays),
    ("subscriptions", subs),
    ("subscription_events", events),
    ("playlists", playlists),
    ("playlist_tracks", playlist_tracks),
    ("playlist_follows", fol),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
con.close()
