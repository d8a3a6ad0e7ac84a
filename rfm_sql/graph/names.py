"""What names say, for inference: which column names a table or its key, which is a role-named key,
which names an event time. Pure functions of names (no data); `infer` weighs them with what the data says.

Rules, each general (no schema's names are listed here):
- a table's columns may share a short prefix (`o_orderkey`, `o_custkey`): it is stripped before matching;
- a column names a parent when, prefix stripped, it equals the parent's (non-generic) key name
  (`o_custkey` ~ `c_custkey`) or is the parent's singular name plus a key suffix, possibly after a role
  (`customer_id`, `OwnerUserId`, `RelatedPostId`);
- a role-named key ends in a key suffix without naming a table (`parent_id`, `manager_id`, `created_by`,
  `reports_to`); one whose stem is a category word (`LinkTypeId`, `status_id`) is a code, not a link.
"""

from __future__ import annotations

import os
import re

GENERIC_KEYS = {"id", "key", "code", "pk", "no", "nr", "num", "ref"}
ABBREVIATION = 3  # the fewest letters of a table's name a key's name may keep (dev_id for devices)
NUMBER_WORDS = ("no", "nr", "ref")  # order_no, loan_nr, campaign_ref
NAME_SUFFIXES = ("id", "key", "code") + NUMBER_WORDS  # customer_id, custkey, country_code, loan_no
ROLE_SUFFIXES = ("id", "key")
ACTOR_WORDS = ("by", "to")  # created_by, assigned_to, reports_to: a person (or row) acting on this row
CATEGORY_WORDS = (
    "type", "kind", "status", "state", "category", "class", "level", "grade", "rank", "mode", "flag", "reason",
    "format", "code", "version", "language", "currency", "unit",
)  # fmt: skip
NOT_KEY_NAMES = {"name", "title", "description", "label", "text", "comment", "comments", "address", "phone", "email"}

# Event times by name: exact names (best), name endings; words that mean another moment (never the event
# time: a birth, a bookkeeping write) and words that mean an end (only when nothing better is there).
EVENT_TIME_NAMES = (
    "timestamp",
    "time",
    "date",
    "datetime",
    "eventtime",
    "eventtimestamp",
    "eventdate",
    "createdat",
    "created",
    "creationdate",
    "ts",
    "at",  # logins(login_id, student_id, at): as a whole name, only ever a moment
    "when",
)
_TIME_ENDING = re.compile(r"((?i:time|date|timestamp|_at|_ts|_on|_dt)|[a-z]At)$")
# word beginnings (`endtime` is one word, `season_end` two)
_START_WORDS = ("start", "begin", "from", "open", "since", "first")
# never when a row happened: a birth, bookkeeping, and "last_login_at"-style columns that move with later activity
# (read as a row's time, they would hide the row at every earlier anchor)
_NEVER_EVENT = (
    "dob", "birth", "death", "died", "updat", "modif", "delet", "chang", "stored", "storet", "storage", "comment",
    "edit", "last",
)  # fmt: skip
# words that begin like one of those but mean something else: an edition's date is when it appeared
_NOT_NEVER = {"edition", "editions", "editor", "editors", "editorial"}
# of those, the acts a table can record rows of (comments, edits, changes): there they are the row's own time
_ACTS = ("updat", "modif", "delet", "chang", "stored", "comment", "edit")
# and a table named as a log of such acts records them too (application_events.changed_at: a stage-change log)
_LOGS = {"event", "events", "log", "logs", "history", "histories", "audit", "audits", "transitions", "journal", "trail"}
_END_WORDS = ("end", "stop", "until", "out", "disch", "clos", "finish", "expir", "due", "last")


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def words(name: str) -> list[str]:
    """`OwnerUserId` -> [owner, user, id]; `created_by` -> [created, by]."""
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)]


def table_prefix(columns) -> str:
    """The short prefix every column of a table shares (`o_` in o_orderkey, o_custkey, ...), else ""."""
    columns = list(columns)
    if len(columns) < 2:
        return ""
    first = re.match(r"^([A-Za-z]{1,3}_)", columns[0])
    if first and all(c.startswith(first.group(1)) and len(c) > len(first.group(1)) for c in columns):
        return first.group(1)
    return ""


def stripped(column: str, columns) -> str:
    prefix = table_prefix(columns)
    return column[len(prefix) :] if prefix and column.startswith(prefix) else column


def singulars(table: str) -> set[str]:
    t = norm(table)
    out = {t}
    if t.endswith("ies"):
        out.add(t[:-3] + "y")
    if t.endswith("es"):
        out.add(t[:-2])
    if t.endswith("s"):
        out.add(t[:-1])
    return {s for s in out if len(s) >= 2}


def own_key_names(table: str) -> set[str]:
    """Names a table's own key would have: users -> {id, userid, userkey, usersid, ...}."""
    return {"id"} | {s + suffix for s in singulars(table) for suffix in ("id", "key")}


def key_name_score(table: str, column: str, columns) -> float:
    """How much a column's name says "primary key of this table" (0: nothing)."""
    name = norm(stripped(column, columns))
    if name in NOT_KEY_NAMES:
        return -10.0
    score = 0.0
    if name in own_key_names(table) or norm(column) in own_key_names(table):
        score += 3
    if looks_like_key(stripped(column, columns)):
        score += 2
    return score


# Words that end like a key suffix but are no key: a starting grid position, an amount paid, a valid flag
# (no three-letter word: mid, pid, bid may well be short for message, process, bundle id)
NOT_KEY_WORDS = {
    "acid", "afraid", "amid", "android", "arid", "asteroid", "avoid", "covid", "fluid", "grid", "humid", "hybrid",
    "invalid", "liquid", "lucid", "maid", "opioid", "orchid", "overpaid", "ovoid", "paid", "postpaid", "prepaid",
    "pyramid", "raid", "rapid", "repaid", "rigid", "said", "solid", "squid", "steroid", "tabloid", "thyroid",
    "timid", "underpaid", "unpaid", "valid", "vivid", "void", "donkey", "hockey", "jockey", "monkey", "turkey",
    "whiskey",
}  # fmt: skip


def looks_like_key(name: str) -> bool:
    n = name.lower()
    w = words(name)
    if w and w[-1] in NOT_KEY_WORDS:  # `grid`, `amount_paid`, `isValid`: the suffix is part of a word
        return False
    return n.endswith("id") or n.endswith("key") or n.endswith("code") or n == "key" or numbered(name)


def own_number(column: str, pkey: str | None) -> bool:
    """Whether a numbered column is its row's own place (installments.installment_no in a loan), not a role before
    its table's key (cards.replaces_card_no, the card it replaces: a transit trial's self-link)."""
    return numbered(column) and not column.lower().endswith(f"_{pkey}".lower())


def numbered(name: str) -> bool:
    """Whether a name ends with a number or reference word of its own: order_no, loan_nr, campaign_ref (a newsletter
    trial's purchases were keyed by a click's id, not their order_no; a lending trial's calls.loan_no went unlinked)."""
    w = words(name)
    return len(w) >= 2 and w[-1] in NUMBER_WORDS


# words that say which of several rows of one table a key means (a move's from and to department)
ROLE_WORDS = frozenset(
    ("from", "to", "src", "source", "dst", "dest", "destination", "origin", "target", "home", "away", "old", "new")
    + ("prev", "previous", "next", "current", "curr", "primary", "secondary", "main", "other", "original")
    + ("parent", "child", "before", "after")
)


_PAIR_SIDE = re.compile(r"(?:_[a-dA-D]|_?[12])(?=_?(?:id|ID|Id|key|Key)$)")


def names_parent(column: str, columns, parent: str, pkey: str, parent_columns, prefixes=frozenset()) -> str | None:
    """Why `column` names `parent` (whose key is `pkey`), or None. `prefixes`: the column prefixes whole tables
    use (o_ of o_orderkey, o_custkey, ...), dropped from a column that starts with one although its own
    table's columns share none (a view joining o_custkey onto line items: l_suppkey still names
    supplier.s_suppkey); other short prefixes carry meaning (ab_itemid, org_itemid: no d_items.itemid)."""
    forms = {norm(column), norm(stripped(column, columns))}
    forms |= {norm(column[len(p) :]) for p in prefixes if column.startswith(p) and len(column) > len(p)}
    keys = {norm(pkey), norm(stripped(pkey, parent_columns))} - GENERIC_KEYS
    if forms & keys:
        return f"name {column} ~ {parent}.{pkey}"
    side = _PAIR_SIDE.sub("", column)  # friendships.player_a_id, player_b_id; user1_id, user2_id: one side of a pair
    if side != column and norm(side) in keys:
        return f"name {column} ~ {parent}.{pkey} (one side of a pair)"
    # a role word before the parent's own key name (job_changes.from_dept_id, to_dept_id: departments.dept_id):
    # as a role-named key alone it went to the table its row already links to (employees, whose ids 1..796 held
    # 1..8); an abbreviation before it is no role (mimic's ab_itemid, org_itemid: no d_items.itemid)
    key_words, col_words = words(stripped(pkey, parent_columns)), words(stripped(column, columns))
    head = col_words[: len(col_words) - len(key_words)]
    named = norm(pkey) not in GENERIC_KEYS and head and col_words[len(head) :] == key_words
    if named and all(w in ROLE_WORDS for w in head):
        return f"role name {column} names {parent}.{pkey}"
    for s in singulars(parent):
        for suffix in NAME_SUFFIXES:
            named = s + suffix
            if named in forms:
                return f"name {column} ~ table {parent}"
            if any(f.endswith(named) and len(f) > len(named) for f in forms):
                return f"role name {column} names table {parent}"
    col_words = words(column)
    if len(col_words) == 2 and col_words[1] in NAME_SUFFIXES and len(col_words[0]) >= ABBREVIATION:
        stem = col_words[0]  # dev_id, stu_id, cust_id: the start of the table's first word (a school trial's stu_id)
        first = (words(parent) or [""])[0]  # a whole word is no abbreviation: job_id is not job_views'
        if any(s.startswith(stem) and len(s) > len(stem) for s in singulars(first)):
            return f"name {column} ~ table {parent} (abbreviated)"
    return None


def names_table(column: str, columns, parent: str) -> bool:
    """Whether `column` is the table's name and a key suffix (customer_id, custkey of customers)."""
    forms = {norm(column), norm(stripped(column, columns))}
    return any(s + suffix in forms for s in singulars(parent) for suffix in NAME_SUFFIXES)


def role(column: str) -> str | None:
    """ "actor" (created_by, reports_to), "role" (parent_id, manager_id) or None (not key-like, or a code)."""
    w = words(column)
    n = norm(column)
    if len(w) >= 2 and w[-1] in ACTOR_WORDS:
        return "actor"
    if not looks_like_key(column):
        return None
    for suffix in ROLE_SUFFIXES:
        if n.endswith(suffix) and len(n) > len(suffix) + 1:
            stem = n[: -len(suffix)]
            if any(stem.endswith(c) for c in CATEGORY_WORDS):
                return None
            return "role"
    return None


def names_other_table(column: str, table: str, tables) -> bool:
    """Whether a key-like column's whole name is another table's name plus a key suffix (`user_id` with a
    `users` table): it then means that table and no other, even when that table cannot be linked."""
    n = norm(column)
    for suffix in ROLE_SUFFIXES:
        if n.endswith(suffix):
            stem = n[: -len(suffix)]
            return any(stem in singulars(t) for t in tables if t != table)
    return False


# a key whose name says a person holds the role (posts.author_id, messages.sender_id, tasks.assignee_id) holds
# people's ids: it is linked to a table of people (PEOPLE) that holds them, if one does (posts.author_id was left
# unlinked; in a view of reactions it was linked to the view's own reaction ids, which happened to cover them)
PERSON_WORDS = (
    "author", "creator", "owner", "sender", "recipient", "receiver", "reviewer", "assignee", "reporter", "approver",
    "buyer", "seller", "host", "organizer", "organiser", "uploader", "commenter", "requester", "actor", "purchaser",
    "bidder", "payer", "payee", "holder", "borrower", "lender",  # not winner: lots.winner_id, set at the end, leaked
    # a person's own word where no table is named so (events.contact_id beside a subscribers table: it had been
    # linked to its own events by containment; an email-marketing trial)
    "contact", "subscriber", "customer", "client", "member", "user", "patient", "student", "guest", "employee",
)  # fmt: skip
PEOPLE = (
    "user", "member", "customer", "client", "employee", "staff", "person", "people", "player", "agent", "student",
    "patient", "author", "contact", "subscriber", "rider", "seller", "buyer", "guest", "visitor",
    "participant", "worker", "reviewer", "host", "listener", "viewer", "reader", "learner", "tenant", "traveler",
    "traveller", "fan", "follower", "shopper", "attendee", "applicant", "candidate", "volunteer", "donor",
)  # fmt: skip


def people_table(table: str) -> bool:
    """Whether a table's name (its last word) says its rows are people: users, app_members, staff."""
    ws = words(table)
    return bool(ws) and bool(singulars(ws[-1]) & set(PEOPLE))


def person_role(column: str) -> bool:
    """Whether a key-like column's name (less its key suffix) ends with a word for a person (author_id)."""
    if not looks_like_key(column):
        return False
    n = norm(column)
    for suffix in ROLE_SUFFIXES:
        if n.endswith(suffix):
            return n[: -len(suffix)].endswith(PERSON_WORDS)
    return False


def participant(column: str, table: str) -> bool:
    """Whether a key names a party to the action its table records (follows.follower_id, follows.followee_id,
    invites.inviter_id, referrals.referrer_id): the table's verb plus an agent or patient ending. Such a key
    holds the parties' ids (users), never the table's own rows."""
    n = norm(column)
    for suffix in ROLE_SUFFIXES:
        if n.endswith(suffix):
            n = n[: -len(suffix)]
            break
    if any(verb.startswith(n) for verb in singulars(table)):
        return False  # order_items.order_id, memberships.member_id: the table's own word, not a party's
    for ending in ("er", "ee", "or"):
        if n.endswith(ending) and len(n) > len(ending) + 2:
            stem = n[: -len(ending)]
            for verb in singulars(table):
                common = len(os.path.commonprefix([stem, verb]))
                if common >= 3 and common >= min(len(stem), len(verb)) - 1:
                    return True
    return False


def _never_event(word: str, table: str) -> bool:
    """Whether a word of a column's name means a moment other than the row's own (a birth, an edit) for a row of
    `table`: not where the table is named for that very act (comments.commented_at, edits.edited_at)."""
    if word in _NOT_NEVER:
        return False
    hit = next((p for p in _NEVER_EVENT if word.startswith(p)), None)
    if hit is None:
        return False
    if hit not in _ACTS:
        return True
    named = [w for w in words(table) if w not in _NOT_NEVER]
    return not any(w.startswith(hit) or w in _LOGS for w in named)


def time_name_score(column: str, columns, table: str = "", tables=()) -> float | None:
    """How much a name says "when this row happened" for a row of `table`; None: never (a birth, a bookkeeping
    time). `tables`: the database's tables, which a summary of another table's rows names (`summarizes`)."""
    name = stripped(column, columns)
    ws = words(name)
    if any(_never_event(w, table) for w in ws):
        return None
    if norm(name) in EVENT_TIME_NAMES:
        return 3.0
    score = 2.0 if _TIME_ENDING.search(name) else 0.0
    if any(w.startswith(_START_WORDS) for w in ws):
        score += 1
    elif any(w.startswith(_END_WORDS) or w == "to" for w in ws):
        score -= 3
    return score - 1.5 if summarizes(name, table, tables) else score  # below a plain signup_at, not a start


def summarizes(name: str, table: str, tables) -> bool:
    """Whether a date is the first or last of another table's rows (customers.first_order_at, of fct_orders), not
    when its own row began, whatever "first" says: NULL for a customer who never ordered, late for the others."""
    if len(ws := words(name)) < 3 or ws[0] not in ("first", "last", "earliest", "latest") or ws[-1] not in _TIME_WORDS:
        return False
    said = {norm(w) for w in ws[1:-1]} | {norm("".join(ws[1:-1]))}  # first_order_at, first_order_line_at
    kinds = {s for t in tables if t != table and words(t) for s in singulars(words(t)[-1]) if len(s) > 2}
    return any(s in said or any(_abbreviates(w, s) for w in said) for s in kinds)


def _abbreviates(short: str, word: str) -> bool:
    """Whether `short` is `word` with letters left out, first letter kept (msg, message; qty, quantity)."""
    rest = iter(word[1:])
    return len(short) >= ABBREVIATION and short[0] == word[0] and all(c in rest for c in short[1:])


# when a row's life ended: an employee's termination, a subscription's cancellation (the entity's end time,
# inferred: graph/infer.py); and words that may say so (a ticket's closing, a stay's discharge), which only a
# warning names (runtime/ended.py): closed tickets may still be what a user asks about. Only names made of such
# words (and a time word): trial_ends_at, password_expires_at or last_cancelled_order_at end no user
_ENDS = (
    "terminat", "churn", "cancel", "deactivat", "resign", "retir", "ended", "expir", "delet", "withdrawn", "withdrew",
    "unsubscrib", "unenrol", "unregist", "deregist", "offboard", "archiv", "remov", "revok", "discontinu", "dissolv",
    "dropout", "lapsed", "unfollow", "unmatch", "unpublish", "unlist", "decommission", "deceas", "died", "death",
)  # fmt: skip
_ENDS_EXACT = ("end", "ends", "left", "quit", "quitted", "dropped", "banned", "dod")
_MAY_END = ("clos", "disch", "finish", "stopp", "checkout", "checkedout", "outtime", "suspend", "disabl", "graduat")
_MAY_END_EXACT = ("stop", "out", "until", "checked", "inactive", "inactivated")
_TIME_WORDS = ("at", "on", "date", "time", "ts", "dt", "timestamp", "day", "dttm", "datetime")


def end_name(column: str, columns) -> str | None:
    """Whether a name says only "when this row stopped existing" ("ends"), may say so ("may"), or neither (None)."""
    ws = [w for w in words(stripped(column, columns)) if w not in _TIME_WORDS]
    ends = [w.startswith(_ENDS) or w in _ENDS_EXACT for w in ws]
    may = [w.startswith(_MAY_END) or w in _MAY_END_EXACT for w in ws]
    if ws and all(ends):
        return "ends"
    if ws and all(e or m for e, m in zip(ends, may, strict=True)):
        return "may"
    return None


_EPOCH_UNITS = {"s": "s", "sec": "s", "secs": "s", "ms": "ms", "millis": "ms", "us": "us", "micros": "us"}


def epoch_unit_named(column: str) -> str | None:
    """The epoch unit a name ends in (ts_ms: "ms", created_at_us: "us"), else None."""
    ws = words(column)
    return _EPOCH_UNITS.get(ws[-1]) if len(ws) > 1 else None


def epoch_named(column: str, columns) -> bool:
    """An integer column is read as a time only if its name says so (ids and counts are integers too), a unit it
    ends in aside (a fleet trial's telemetry.ts_ms, 448k readings, was read as a number and the table never)."""
    name = stripped(column, columns)
    ws = words(name)
    if epoch_unit_named(name):
        name, ws = "_".join(ws[:-1]), ws[:-1]
    return (
        norm(name) in EVENT_TIME_NAMES
        or bool(_TIME_ENDING.search(name))
        or any(w.startswith(_START_WORDS + _END_WORDS + ("epoch",)) for w in ws)
    )


# dates set ahead of the time they name (a loan's due date, a planned start): known when the row is written, so
# an entity filter reads them as they are; any other date is written when it happens (returned_at, paid_at,
# resolved_at) and is not known before it (compile/labels.py `filter_operand`, graph/ahead.py)
_SCHEDULED = ("due", "deadline", "schedul", "plann", "expect", "estimat")
_SCHEDULED_EXACT = ("plan", "by", "eta", "target")
_PLAN_PARTICIPLES = ("scheduled", "planned", "expected", "estimated")
# dates rewritten as time goes on (a subscription's valid_until pushed on at each renewal, next_billing_at): today's
# value at a past anchor would tell the renewals after it, so they are never set ahead
_MOVING = ("renew", "next", "valid", "until", "current", "latest", "last", "updat", "modif", "chang", "expir")


def scheduled_name(column: str, columns) -> bool:
    """Whether a date's name says it is set ahead (due_date, planned_start, eta): not one that says something
    happened (renewed_at, validated_at, paid_by) nor one rewritten as time goes on (`moving_name`)."""
    ws = words(stripped(column, columns))
    if moving_name(column, columns):
        return False
    if len(ws) > 1 and ws[-1] == "for":  # the time a row is for (reserved_for, booked_for): a restaurant trial's
        return True  # reservations read theirs as not known until it came, and it went unread as today's state
    if any(_happened(w) and w not in _PLAN_PARTICIPLES for w in ws):
        return False
    return any(w.startswith(_SCHEDULED) or w in _SCHEDULED_EXACT for w in ws)


def moving_name(column: str, columns) -> bool:
    """Whether a date's name says it is rewritten as time goes on (valid_until, next_billing_at, renews_at)."""
    return any(w.startswith(_MOVING) for w in words(stripped(column, columns)))


# of those, the dates a row's own feature never reads: rewritten each time what they name recurs (last_active_at,
# updated_at, next_billing_at), so at a past anchor today's value tells what came after it
_REWRITTEN = ("last", "latest", "updat", "modif", "chang", "next", "current", "renew")


def rewritten_name(column: str, columns) -> bool:
    """Whether a date's name says it is rewritten as what it names recurs (last_active_at, updated_at): today's
    state, which features of a row do not read (compile.features; a recruiting trial's candidates.last_active_at
    told at every past anchor who did nothing after it)."""
    return any(w.startswith(_REWRITTEN) for w in words(stripped(column, columns)))


_EVENT_EXACT = ("paid", "sent", "done", "made", "won", "lost", "left", "seen", "read", "taken", "given", "shipped")


def event_name(column: str, columns) -> bool:
    """Whether a date's name says something happened (returned_at, paid_at, resolved_on): a past participle.
    Such a date is never taken as set ahead from its data alone (graph/ahead.py): values beyond the present there
    are a late export, not a schedule."""
    return any(_happened(w) for w in words(stripped(column, columns)) if w not in _TIME_WORDS)


def _happened(word: str) -> bool:
    return word.endswith("ed") or word in _EVENT_EXACT
