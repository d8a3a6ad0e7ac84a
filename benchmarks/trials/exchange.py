"""A crypto exchange's production database (users, wallets, deposits, withdrawals, trades timed in epoch
milliseconds, hourly price ticks, support tickets), seeded: `python benchmarks/trials/exchange.py OUT.duckdb
[--as-of DATE]`. Written by a fresh-eyes trial (2026-12), the truth it planted in this docstring. Seed 0 (numpy
default_rng(0)): 1,500 users, 5 markets, ~88k price ticks, trades/deposits/withdrawals as printed.

The snapshot is taken at NOW = 2024-12-31 23:59:59; the simulation runs day by day over 2023-01-01..NOW.

Truth (seed 0):
- markets BTC-USD, ETH-USD, SOL-USD, DOGE-USD, XRP-USD; hourly log-price random walk with a market-wide
  log-volatility (OU, daily step, jumps with p .02/day) times a per-market multiplier (1, 1.2, 1.8, 2.2, 1.6)
- market-wide activity factor vf(day) = (vol(day) / median vol) ^ 1.0: every user's trade rate scales with it
- users (1,500): created uniformly 2022-06-01..2024-12-15 (those before 2023-01-01 start active); trade rate
  lam = exp(N(-2.0, 1.1)) per day (heavy tailed), trade size s = exp(N(log 250, 1.0)), 2% whales s x 40;
  market preference Dirichlet(.6); 35% of users created after 2023-03-01 are referred (referred_by) by an
  earlier user: log lam = .7 log lam_ref + .3 N(-2.0, 1.1), log s likewise, preference .6 ref + .4 Dirichlet,
  country = referrer's with p .7
- trades per active user-day Poisson(lam x vf); market from preference; side buy (or sell w.p. .45 when the
  user holds the asset); notional s x LogNormal(0, .5); fee = notional x (.001 or .002); qty = notional / price
- deposits (USD): a buy that exceeds the USD balance is preceded by a deposit of the shortfall + s x LN(0,.5),
  created U(5, 60) min before the trade; 4% of attempts first fail (status 'failed', completed_at NULL)
  and are retried; completed_at = created + Exp(10 min) (status 'pending' until then)
- churn: per active user-day hazard .001 + .06 x max(0, -pnl_7d / (equity + 100)) (pnl_7d: mark-to-market of
  held positions over the last 7 days); a churned user withdraws every wallet in full within Exp(2 days)
  and never trades again
- withdrawals: an active user withdraws U(.2, .8) of the USD balance with hazard .008/day (if > 50);
  completed_at = created + Exp(6 h) (pending until), 3% 'failed' (amount returned, completed_at NULL)
- support tickets: hazard .002 + .03 x loss fraction per user-day (categories 'withdrawal', 'trade',
  'account', 'kyc'), closed_at filled later (Exp(2 days), 5% never)
- users.kyc_level is TODAY's level (1 at signup, 10% start 0; 2 once completed deposits pass 5,000 USD, 3 past
  50,000); wallets.balance is TODAY's balance; deposits/withdrawals status and completed_at are filled later
- keys: users.user_id is text 'U000123'; wallets.user_id, deposits.wallet_id, withdrawals.wallet_id,
  trades.user_id, tickets.user_id and users.referred_by are undeclared links; deposits/withdrawals reach users
  only through wallets (two hops); trades.ts is an epoch-ms BIGINT; price_ticks has no link to users;
  deposits/withdrawals.created_at are TIMESTAMPTZ, a fifth of them written with non-UTC offsets (same instant)
- `--as-of DATE` writes the same simulation as it stood at DATE (every random value drawn first)
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
ND = (NOW.normalize() - START).days + 1
T = (CUT - START).total_seconds()
EPOCH_MS0 = int((START - pd.Timestamp("1970-01-01")).total_seconds() * 1000)

MARKETS = ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD", "XRP-USD"]
ASSETS = [m.split("-")[0] for m in MARKETS]
NM = len(MARKETS)
P0 = np.array([16600.0, 1200.0, 10.0, 0.07, 0.34])
VMULT = np.array([1.0, 1.2, 1.8, 2.2, 1.6])

# ---------------- prices (hourly)
logvol = np.zeros(ND)
x = 0.0
for d in range(ND):
    x = 0.9 * x + rng.normal(0, 0.15) + (rng.random() < 0.02) * rng.uniform(0.5, 1.2)
    logvol[d] = x
dvol = 0.006 * np.exp(logvol)  # hourly sd of BTC
NH = ND * 24
rets = rng.normal(0, 1, (NH, NM)) * (np.repeat(dvol, 24)[:, None] * VMULT[None, :])
rets += 0.3 * rng.normal(0, 1, (NH, 1)) * np.repeat(dvol, 24)[:, None]
price = P0[None, :] * np.exp(np.cumsum(rets, axis=0) + 0.00002 * np.arange(NH)[:, None])
vf = dvol / np.median(dvol)

# ---------------- users
NU = 1500
u_created = (pd.Timestamp("2022-06-01") - START).total_seconds() + rng.uniform(0, 1, NU) * (
    (pd.Timestamp("2024-12-15") - pd.Timestamp("2022-06-01")).total_seconds()
)
u_created = np.sort(u_created)
u_lam = np.exp(rng.normal(-2.0, 1.1, NU))
u_size = np.exp(rng.normal(np.log(250), 1.0, NU))
u_size[rng.random(NU) < 0.02] *= 40
u_pref = rng.dirichlet(np.full(NM, 0.6), NU)
COUNTRIES = np.array(["US", "GB", "DE", "TR", "NG", "BR", "KR", "SG"])
u_country = rng.choice(COUNTRIES, NU, p=[0.25, 0.12, 0.12, 0.12, 0.1, 0.12, 0.1, 0.07])
u_ref = np.full(NU, -1)
ref_u = rng.random(NU)
ref_pick = rng.random(NU)
noise_l = rng.normal(-2.0, 1.1, NU)
noise_s = rng.normal(np.log(250), 1.0, NU)
noise_p = rng.dirichlet(np.full(NM, 0.6), NU)
ref_c = rng.random(NU)
for i in range(NU):
    if u_created[i] > (pd.Timestamp("2023-03-01") - START).total_seconds() and ref_u[i] < 0.35 and i > 10:
        r = int(ref_pick[i] * i)
        u_ref[i] = r
        u_lam[i] = np.exp(0.7 * np.log(u_lam[r]) + 0.3 * noise_l[i])
        u_size[i] = np.exp(0.7 * np.log(u_size[r]) + 0.3 * noise_s[i])
        u_pref[i] = 0.6 * u_pref[r] + 0.4 * noise_p[i]
        if ref_c[i] < 0.7:
            u_country[i] = u_country[r]
u_kyc0 = np.where(rng.random(NU) < 0.1, 0, 1)
u_email = [f"{rng.integers(10**9, 10**10):x}@mail.example" for _ in range(NU)]
u_optin = rng.random(NU) < 0.4

# ---------------- simulation
churned = np.full(NU, np.inf)
pos = np.zeros((NU, NM))
usd = np.zeros(NU)
cum_dep = np.zeros(NU)
kyc_up = [[] for _ in range(NU)]  # (t, level)
pnl_hist = np.zeros((NU, 7))
wallet_of = {}  # (u, asset) -> index
W = {k: [] for k in ["u", "asset", "t"]}
DEP = {k: [] for k in ["w", "t", "amt", "done", "status", "tzoff"]}
WD = {k: [] for k in ["w", "t", "amt", "done", "status", "tzoff", "addr"]}
TR = {k: [] for k in ["u", "m", "side", "qty", "price", "fee", "t"]}
TK = {k: [] for k in ["u", "t", "cat", "closed"]}
flows = []  # (t, wallet, delta) balance changes, to rebuild today's balance at CUT
TZ = [0, 0, 0, 0, 120, -300, 540, 330]


def wallet(u, asset, t):
    k = (u, asset)
    if k not in wallet_of:
        wallet_of[k] = len(W["u"])
        W["u"].append(u)
        W["asset"].append(asset)
        W["t"].append(t)
    return wallet_of[k]


def tzoff():
    return TZ[rng.integers(0, len(TZ))]


def deposit(u, t, amt):
    w = wallet(u, "USD", t - 60)
    if rng.random() < 0.04:
        DEP["w"].append(w), DEP["t"].append(t - rng.uniform(60, 600)), DEP["amt"].append(amt)
        DEP["done"].append(np.inf), DEP["status"].append("failed"), DEP["tzoff"].append(tzoff())
    done = t + rng.exponential(600)
    DEP["w"].append(w), DEP["t"].append(t), DEP["amt"].append(amt)
    DEP["done"].append(done), DEP["status"].append("completed"), DEP["tzoff"].append(tzoff())
    flows.append((done, w, amt))
    before = cum_dep[u]
    cum_dep[u] += amt
    for lvl, thr in [(2, 5000.0), (3, 50000.0)]:
        if before < thr <= cum_dep[u]:
            kyc_up[u].append((done + rng.exponential(DAY), lvl))


def withdraw(u, asset, t, amt):
    w = wallet(u, asset, t)
    failed = rng.random() < 0.03
    done = t + rng.exponential(6 * 3600)
    WD["w"].append(w), WD["t"].append(t), WD["amt"].append(amt)
    WD["done"].append(np.inf if failed else done), WD["status"].append("failed" if failed else "completed")
    WD["tzoff"].append(tzoff()), WD["addr"].append(f"0x{rng.integers(16**8, 16**9):x}")
    if not failed:
        flows.append((t, w, -amt))
    return failed


for d in range(ND):
    t0 = d * DAY
    ph = price[d * 24 : d * 24 + 24]
    prev = price[d * 24 - 1] if d else price[0]
    alive = (u_created < t0 + DAY) & (churned > t0)
    # pnl and churn (start of day, on yesterday's moves)
    pnl = pos @ (ph[-1] - prev)
    pnl_hist[:, d % 7] = pnl
    equity = usd + pos @ ph[-1]
    loss = np.maximum(0, -pnl_hist.sum(1) / (equity + 100))
    h = 0.001 + 0.06 * loss
    uc = rng.random(NU)
    ut = rng.random(NU)
    tk_cat = rng.integers(0, 4, NU)
    n_tr = rng.poisson(u_lam * vf[d], NU)
    u_wd = rng.random(NU)
    for u in np.flatnonzero(alive):
        start = max(t0, u_created[u])
        if ut[u] < 0.002 + 0.03 * loss[u]:
            tt = start + rng.uniform(0, t0 + DAY - start)
            TK["u"].append(u), TK["t"].append(tt), TK["cat"].append(["withdrawal", "trade", "account", "kyc"][tk_cat[u]])
            TK["closed"].append(np.inf if rng.random() < 0.05 else tt + rng.exponential(2 * DAY))
        if uc[u] < h[u] and u_created[u] < t0:
            tc = t0 + rng.uniform(0, DAY)
            churned[u] = tc
            for j in range(NM):
                if pos[u, j] > 1e-12:
                    withdraw(u, ASSETS[j], tc + rng.exponential(2 * DAY), pos[u, j])
                    pos[u, j] = 0.0
            if usd[u] > 0.01 and not withdraw(u, "USD", tc + rng.exponential(2 * DAY), usd[u]):
                usd[u] = 0.0
            continue
        times = np.sort(start + rng.uniform(0, 1, n_tr[u]) * (t0 + DAY - start))
        for tt in times:
            m = rng.choice(NM, p=u_pref[u] / u_pref[u].sum())
            px = ph[int((tt - t0) // 3600)][m] * (1 + rng.normal(0, 0.0005))
            notional = u_size[u] * np.exp(rng.normal(0, 0.5))
            feer = 0.001 if rng.random() < 0.5 else 0.002
            if pos[u, m] * px > 1 and rng.random() < 0.45:
                qty = min(pos[u, m], notional / px)
                side = "sell"
                pos[u, m] -= qty
                fee = qty * px * feer
                usd[u] += qty * px - fee
                flows.append((tt, wallet(u, "USD", tt), qty * px - fee))
                flows.append((tt, wallet(u, ASSETS[m], tt), -qty))
            else:
                side = "buy"
                fee = notional * feer
                need = notional + fee
                if usd[u] < need:
                    deposit(u, tt - rng.uniform(5, 60) * 60, round(need - usd[u] + u_size[u] * np.exp(rng.normal(0, 0.5)), 2))
                    usd[u] += DEP["amt"][-1]
                qty = notional / px
                usd[u] -= need
                pos[u, m] += qty
                flows.append((tt, wallet(u, "USD", tt), -need))
                flows.append((tt, wallet(u, ASSETS[m], tt), qty))
            TR["u"].append(u), TR["m"].append(m), TR["side"].append(side), TR["qty"].append(qty)
            TR["price"].append(px), TR["fee"].append(fee), TR["t"].append(tt)
        if u_wd[u] < 0.008 and usd[u] > 50:
            amt = round(usd[u] * rng.uniform(0.2, 0.8), 2)
            if not withdraw(u, "USD", t0 + rng.uniform(0, DAY), amt):
                usd[u] -= amt

# ---------------- tables as they stood at CUT
def tstz(secs_, offs):
    out = []
    for s, o in zip(secs_, offs, strict=True):
        t = START + pd.Timedelta(seconds=float(s)) + pd.Timedelta(minutes=int(o))
        t = t.floor("ms")
        sign = "+" if o >= 0 else "-"
        out.append(f"{t:%Y-%m-%d %H:%M:%S.%f}"[:-3] + f"{sign}{abs(o) // 60:02d}:{abs(o) % 60:02d}")
    return out


def ts(x):
    return (START + pd.to_timedelta(np.asarray(x, float), unit="s")).floor("s")


def known(x):
    x = np.asarray(x, float)
    return np.where(x <= T, x, np.nan)


uid = np.array([f"U{i + 1:06d}" for i in range(NU)])
kyc_now = u_kyc0.copy()
for u in range(NU):
    for t, lvl in kyc_up[u]:
        if t <= T:
            kyc_now[u] = max(kyc_now[u], lvl)
keep_u = u_created <= T
users = pd.DataFrame(
    {
        "user_id": uid,
        "email": u_email,
        "country": u_country,
        "created_at": tstz(u_created, np.zeros(NU, int)),
        "kyc_level": kyc_now,
        "referred_by": np.where(u_ref >= 0, uid[np.maximum(u_ref, 0)], None),
        "marketing_opt_in": u_optin,
    }
)[keep_u]

W = pd.DataFrame(W)
W["wallet_id"] = np.arange(1, len(W) + 1)
fl = pd.DataFrame(flows, columns=["t", "w", "delta"])
bal = fl[fl.t <= T].groupby("w").delta.sum().reindex(np.arange(len(W))).fillna(0.0).clip(lower=0).round(8)
wal = W[W.t <= T]
wallets = pd.DataFrame(
    {
        "wallet_id": wal.wallet_id,
        "user_id": uid[wal.u],
        "asset": wal.asset,
        "balance": bal.to_numpy()[wal.index],
        "created_at": ts(wal.t),
    }
)

DEP = pd.DataFrame(DEP).sort_values("t", kind="stable").reset_index(drop=True)
DEP["id"] = np.arange(1, len(DEP) + 1)
dp = DEP[DEP.t <= T]
deposits = pd.DataFrame(
    {
        "deposit_id": dp.id,
        "wallet_id": dp.w + 1,
        "amount": dp.amt,
        "status": np.where(dp.status == "failed", "failed", np.where(dp.done <= T, "completed", "pending")),
        "created_at": tstz(dp.t, dp.tzoff),
        "completed_at": ts(known(dp.done)),
        "method": rng.choice(["card", "bank_transfer", "sepa", None], len(dp)),
    }
)
WD = pd.DataFrame(WD).sort_values("t", kind="stable").reset_index(drop=True)
WD["id"] = np.arange(1, len(WD) + 1)
wd = WD[WD.t <= T]
withdrawals = pd.DataFrame(
    {
        "withdrawal_id": wd.id,
        "wallet_id": wd.w + 1,
        "amount": wd.amt,
        "status": np.where(wd.status == "failed", "failed", np.where(wd.done <= T, "completed", "pending")),
        "created_at": tstz(wd.t, wd.tzoff),
        "completed_at": ts(known(wd.done)),
        "dest_address": wd.addr,
    }
)
TR = pd.DataFrame(TR).sort_values("t", kind="stable").reset_index(drop=True)
TR["id"] = np.arange(1, len(TR) + 1)
tr = TR[TR.t <= T]
trades = pd.DataFrame(
    {
        "trade_id": tr.id,
        "user_id": uid[tr.u],
        "market": np.array(MARKETS)[tr.m],
        "side": tr.side,
        "qty": tr.qty.round(8),
        "price": tr.price.round(6),
        "fee": tr.fee.round(6),
        "ts": (EPOCH_MS0 + np.round(tr.t.to_numpy() * 1000)).astype(np.int64),
    }
)
hrs = np.arange(NH) * 3600.0
hk = hrs <= T
price_ticks = pd.DataFrame(
    {
        "market": np.repeat(np.array(MARKETS)[None, :], hk.sum(), 0).ravel(),
        "ts": np.repeat((EPOCH_MS0 + hrs[hk] * 1000).astype(np.int64), NM),
        "price": price[hk].ravel().round(6),
    }
)
TK = pd.DataFrame(TK).sort_values("t", kind="stable").reset_index(drop=True)
TK["id"] = np.arange(1, len(TK) + 1)
tk = TK[TK.t <= T]
tickets = pd.DataFrame(
    {
        "ticket_id": tk.id,
        "user_id": uid[tk.u],
        "category": tk.cat,
        "opened_at": ts(tk.t),
        "closed_at": ts(known(tk.closed)),
    }
)

Path(OUT).unlink(missing_ok=True)
con = duckdb.connect(OUT)
con.execute("SET TimeZone='UTC'")
con.execute("""
CREATE TABLE users (user_id VARCHAR PRIMARY KEY, email VARCHAR, country VARCHAR, created_at TIMESTAMPTZ,
                    kyc_level INTEGER, referred_by VARCHAR, marketing_opt_in BOOLEAN);
CREATE TABLE wallets (wallet_id INTEGER PRIMARY KEY, user_id VARCHAR, asset VARCHAR, balance DECIMAL(38,18),
                      created_at TIMESTAMP);
CREATE TABLE deposits (deposit_id INTEGER PRIMARY KEY, wallet_id INTEGER, amount DECIMAL(38,18), status VARCHAR,
                       created_at TIMESTAMPTZ, completed_at TIMESTAMP, method VARCHAR);
CREATE TABLE withdrawals (withdrawal_id INTEGER PRIMARY KEY, wallet_id INTEGER, amount DECIMAL(38,18),
                          status VARCHAR, created_at TIMESTAMPTZ, completed_at TIMESTAMP, dest_address VARCHAR);
CREATE TABLE trades (trade_id BIGINT PRIMARY KEY, user_id VARCHAR, market VARCHAR, side VARCHAR,
                     qty DECIMAL(38,18), price DECIMAL(38,18), fee DECIMAL(38,18), ts BIGINT);
CREATE TABLE price_ticks (market VARCHAR, ts BIGINT, price DOUBLE);
CREATE TABLE support_tickets (ticket_id INTEGER PRIMARY KEY, user_id VARCHAR, category VARCHAR,
                              opened_at TIMESTAMP, closed_at TIMESTAMP);
""")
for name, df in [
    ("users", users),
    ("wallets", wallets),
    ("deposits", deposits),
    ("withdrawals", withdrawals),
    ("trades", trades),
    ("price_ticks", price_ticks),
    ("support_tickets", tickets),
]:
    con.register("tmp", df)
    con.execute(f"INSERT INTO {name} SELECT * FROM tmp")
    con.unregister("tmp")
    print(name, len(df))
con.close()
