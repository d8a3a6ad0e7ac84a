"""Names of numbers a database keeps up to date as rows come in: running totals (runtime.running_totals) and
running averages (runtime.running_means)."""

from __future__ import annotations

from rfm_sql.graph.names import stripped, words

# numbers a database keeps up to date as rows come in (a post's score, a user's reputation, applicant_count, an
# agent's closed_deals, a listing's days_on_market: a real-estate trial's backtests read both)
_RUNNING = frozenset(
    ("count", "counts", "cnt", "total", "totals", "num", "score", "reputation", "karma", "points", "views", "likes")
    + ("followers", "balance", "lifetime", "remaining", "tally", "odometer", "mileage", "days", "tenure", "streak")
    + ("deals", "sales", "orders", "purchases", "visits", "sessions", "logins", "bookings", "trips", "transactions")
    + ("jobs", "completed", "reviews", "posts", "comments", "hires", "claims", "payments", "clicks", "opens", "wins")
    + ("ytd", "mtd", "qtd", "rounds", "games", "rides")  # a golf club's rounds_ytd
)


# ... unless another word says the number is a setting, not a tally (a study's planned_visits, a protocol's
# visit_interval_days, a plan's sessions_allowed: a clinical trial's backtests were told they were running totals)
_SETTING = frozenset(
    ("planned", "expected", "scheduled", "allowed", "limit", "quota", "interval", "required", "capacity")
    + ("advance", "notice", "grace", "cutoff")  # a membership category's advance_booking_days
)
# ... but a word of a tally beside it makes one again (budget_remaining, quota_used_count)
_TALLY = frozenset(("remaining", "used", "spent", "left", "hit", "achieved", "reached"))

_MEAN = frozenset(("avg", "average", "mean", "rating", "stars", "gpa"))
# ... a tally since the period began: today's, but no sum of rows to take the later ones from (a golf club's
# rounds_ytd, rewound, read the rounds since an anchor of the year before, negated)
_TO_DATE = frozenset(("ytd", "mtd", "qtd", "wtd"))


def to_date(column: str, columns) -> bool:
    """Whether a number's name says it counts since its period began (rounds_ytd): a running total that resets."""
    return any(w in _TO_DATE for w in words(stripped(column, columns)))


def running_mean(column: str, columns) -> bool:
    """Whether a number's name says it is an average, which a database may keep up to date as rows come in (a
    freelancer's rating over its reviews, runtime.running_means): avg, mean, rating, stars, gpa."""
    return any(w in _MEAN for w in words(stripped(column, columns)))


def running_total(column: str, columns) -> bool:
    """Whether a number's name says it is kept up to date as rows come in (runtime.running_totals): a word such as
    count, total, score, balance, days or a plural of events (deals, visits), or a leading n (n_orders); not one a word
    says is a setting (`_SETTING`: planned_visits, visit_interval_days)."""
    parts = words(stripped(column, columns))
    if any(w in _SETTING for w in parts) and not any(w in _TALLY for w in parts):
        return False
    return bool(parts) and (parts[0] == "n" and len(parts) > 1 or any(w in _RUNNING for w in parts))
