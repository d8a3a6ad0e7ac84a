"""What to do when a query aggregates a table that does not link to the entity table.

Most often the table reaches the entity through one more table: events -> users -> accounts, asked per account.
PQL aggregates one foreign key away, so the fix is a view that carries the entity's key down to the rows (rfm_sql
finds the view's link by itself); adding a link from the table, which has no such column, cannot work.
"""

from __future__ import annotations

import duckdb
from sqlglot import exp

from rfm_sql.graph import Graph, SType
from rfm_sql.graph.link_check import CONTAINED, contained
from rfm_sql.graph.model import keys_compatible
from rfm_sql.pql.parent_column import path_view, route
from rfm_sql.pql.views import borrowing_view, casting_view

FITS = 0.95  # of a column's distinct values that are the entity's keys, for the error to name it
MAX_PROBED = 8  # columns probed, one query each
HELD = 0.95  # of a column's values another table's key holds, for `keys_elsewhere` to name it


def not_linked_problem(graph: Graph, table: str, entity: str, column: str | None = None) -> str:
    """The message for aggregating `table` (its `column`) per `entity` without a link between them."""
    linked = sorted({lk.child for lk in graph.children(entity)})
    head = (
        f'Table "{table}" is not linked to the entity table "{entity}" by a foreign key, so it cannot be aggregated '
        f"per entity. Tables linked to {entity}: {', '.join(linked) or 'none'}. "
    )
    if (back := graph.links_between(entity, table)) and table != entity:  # the entity references the table
        pkey = graph.table(table).primary_key  # a veterinary trial's COUNT(pets.*) FOR EACH visits was told to link
        return head + (  # pets to visits, the wrong way round
            f"It is the other way round: {entity}.{back[0].fkey} references {table}, one {table} row for each "
            f"{entity} row, not rows to aggregate. To count or sum {entity} rows for each {table} row, predict FOR "
            f"EACH {table}.{pkey} and aggregate {entity} (e.g. COUNT({entity}.*, 0, 30, days))."
        )
    # a text column describe() found holding the entity's keys: the view that reads it, before any column of numbers
    # that fits by chance (a ski resort's rentals.locker_no, 1-399, was offered over rentals.guest_ref)
    key = (graph.table(entity).primary_key or "").lower()  # one named as the key: its view links by itself (below)
    noted = {c for t, c in graph.text_keys if t == table and c.lower() != key}  # whose keys they hold: the data says
    if noted and (cast := _stored_otherwise(graph, table, entity, noted)):
        return head + cast
    # a column holding a unique code of the entity's rows names them directly, before any path through other tables
    # (a freight trial's bids.carrier_mc, carriers.mc_number: told to reach carriers through the load's winner)
    if coded := _held_by_another_column(graph, table, entity):
        return head + coded
    for up in graph.parents(table):  # table -> middle -> entity: two hops
        hops = [lk for lk in graph.parents(up.parent) if lk.parent == entity and lk.parent != up.parent]
        columns = graph.table(table).column_names
        if not hops or hops[0].fkey in columns:
            continue
        middle = graph.table(up.parent)
        view = f"{table}_by_{entity}"
        if made := _made(graph, view, table, entity, column):
            return head + made
        key = hops[0].fkey
        # rows with no time of their own (order lines) happen when their middle row does: the view carries that
        # time too, or naming it gets the next error, asking for the time
        when = middle.time_column
        timed = graph.table(table).time_column is None and when is not None and when not in columns
        borrowed = (key, when) if timed else key
        # without the key of the middle row: the view would also be a second child of the middle table (a copy of
        # `table`), and every query per middle row (per user, per device) would read its rows twice over
        drop = up.fkey if up.fkey != column else None  # unless it is the column the query aggregates
        create = borrowing_view(
            view, table, up.fkey, middle.name, middle.primary_key, borrowed, aliases=("t", "m"), drop=drop
        )
        carries = f"the {entity} key and {middle.name}.{when}" if timed else f"the {entity} key"
        return head + (
            f"It reaches {entity} in two steps ({table}.{up.fkey} -> {middle.name}, {middle.name}.{key} -> "
            f"{entity}), and PQL aggregates one link away: give its rows {carries} with a view, "
            f"{create}; then name {view} in the query (rfm_sql finds the view's links)."
        )
    if (chain := _three_links(graph, table, entity, column)) is not None:
        return head + chain
    dimension = _through_a_fact(graph, table, entity, column)
    if dimension:
        return head + dimension
    same = _same_key_column(graph, table, entity)
    if same is not None:
        return head + same
    own = [f"{lk.fkey} -> {lk.parent}" for lk in graph.parents(table)]
    # a key inferred to the wrong table (follower_id -> the follows table's own ids) is why, more often than not
    links = f"Its links now: {', '.join(own)} (unlink one that is wrong). " if own else ""
    probed = _probed(graph, table, entity)
    if probed is not None and not own and not any(hit for _, hit in probed.values()):
        key = graph.table(entity).primary_key  # an exchange's hourly price_ticks (market, ts, price), per user
        if cast := _stored_otherwise(graph, table, entity):
            return head + cast
        return head + (
            f"No column of {table} holds {entity}.{key} values: its rows are not about each {entity} row. Give "
            f"{entity} rows its values with a view that joins it by a column they share (e.g. a market or a date), "
            f"or predict for each row of a table that {table} links to."
        )
    # a text column of the entity's integer keys beside the table's other links (a caterer's events.quote_ref, a
    # waste hauler's complaints.pickup_ref: two trials were told to link "<fk column>", which no link can match)
    if own and (cast := _stored_otherwise(graph, table, entity)):
        return head + cast
    ids = {c.name for c in graph.table(table).columns if c.stype is SType.ID}  # a school's attendance_daily.stu_id
    if fits := [c for c, (n, hit) in (probed or {}).items() if c in ids and n and hit >= FITS * n]:
        said = " or ".join(f'rfm.graph.link("{table}", "{c}", "{entity}")' for c in fits)
        key = graph.table(entity).primary_key
        return head + links + f"Its {', '.join(fits)} hold{'s' * (len(fits) == 1)} {entity}.{key} values: {said}."
    return head + links + f'If a link is missing, add it: rfm.graph.link("{table}", "<fk column>", "{entity}").'


def _through_a_fact(graph: Graph, table: str, entity: str, column: str | None) -> str | None:
    """Where `table` is what the entity's rows of another table reference (a product, per store, through its
    sales): no link from it can help (a product is no one store's); its column joined onto those rows can."""
    key = graph.table(table).primary_key
    if key is None or column in (None, "*"):
        return None
    facts = [
        (lk, up[0])
        for lk in graph.children(entity)
        if (up := [u for u in graph.parents(lk.child) if u.parent == table])
        and column not in graph.table(lk.child).column_names
    ]
    further = _two_links_down(graph, table, entity, column)
    if not facts:
        return further or None
    (fact, up), others = facts[0], sorted({lk.child for lk, _ in facts[1:]})
    view = f"{fact.child}_with_{table}"
    borrowed: tuple[str, ...] = (column,)
    when = graph.table(table).time_column  # rows without a time of their own (match_players) take the parent's
    if graph.table(fact.child).time_column is None and when and when not in graph.table(fact.child).column_names:
        borrowed += (when,)  # else the next query fails for a view with no time column (a game trial)
    create = borrowing_view(view, fact.child, up.fkey, table, key, borrowed)
    also = f" Through {' or '.join(others)} instead: the same with that table." if others else ""
    return (
        f"It is what the {fact.child} rows of {entity} reference ({fact.child}.{fact.fkey} -> {entity}, "
        f"{fact.child}.{up.fkey} -> {table}), not a row of one {entity}, so no link from it can help. To read "
        f"{table}.{column} over an entity's {fact.child} rows, give them the column with a view, {create}; then "
        f"aggregate {view}.{column} (e.g. LAST({view}.{column}, 0, 30, days)).{also}{further}"
    )


def _two_links_down(graph: Graph, table: str, entity: str, column: str) -> str:
    """The entity's rows of another table that reach `table` through one more (loans -> copies -> books, for a
    member's books' genre), with the view for each: a library trial's advice offered only the holds, which
    reference books directly, and following it predicted the next hold's genre instead of the next loan's."""
    out = []
    for lk in graph.children(entity):
        for up in graph.parents(lk.child):
            for upper in graph.parents(up.parent):
                if (
                    upper.parent == table
                    and up.parent not in (entity, table)
                    and column not in graph.table(lk.child).column_names
                ):
                    view, create = path_view(graph, lk.child, (up, upper), column)
                    out.append(
                        f" Through {lk.child}, two links from {table} ({route(lk.child, (up, upper))}): {create}; then "
                        f"aggregate {view}.{column}."
                    )
    return "".join(out[:2])


def _same_key_column(graph: Graph, table: str, entity: str) -> str | None:
    """Advice for a `table` column named as the entity's key: its link, or, where it is stored as another type
    (buyer ids as text against an integer key, which no link can match), a view that casts it."""
    key = graph.table(entity).primary_key
    if key is None:
        return None
    pkey = graph.table(entity).column(key)
    found = [c for c in graph.table(table).columns if c.name.lower() == key.lower()]
    if not found:
        return None
    column = found[0]
    if keys_compatible(column.dtype, pkey.dtype):
        link = f'rfm.graph.link("{table}", "{column.name}", "{entity}"'
        n, hit = _held(graph, table, column.name, entity, key)
        if n and hit < CONTAINED * n:  # the link's own check would refuse it (a parking trial's sessions.plate)
            return (
                f"Its column {column.name} looks like {entity}.{key}, but only {hit:,} of its {n:,} distinct values "
                f"({hit / n:.0%}) are {entity}.{key} values, fewer than a link's check asks: if the others are "
                f"{entity} rows the table lacks, link it anyway, {link}, check=False), and rows with them count for none."
            )
        return f"Its column {column.name} looks like {entity}.{key}: link it, {link})."
    view = f"{table}_keyed"
    return (
        f"Its column {column.name} is {column.dtype} while {entity}.{key} is {pkey.dtype}, so no link can match them: "
        f"read it as {pkey.dtype} in a view, {casting_view(view, table, column.name, pkey.dtype)}; then name {view} "
        "in the query (rfm_sql finds the view's links)."
    )


def other_tables_column(graph: Graph, entity: str, node, section: str) -> str:
    """The message for another table's column outside an aggregation. A table the entity's rows reference (a
    device's site) has one row per entity, which no window aggregates: the entities are listed instead, with
    the SQL that finds them (the advice to aggregate it, MAX(sites.region, -30, 0, days), was refused in turn:
    sites is not linked to devices that way; a view with the column as the entity table would lose the links
    into devices). Any other table's column is aggregated over a window (one that looks back in
    an entity filter)."""
    head = (
        f"{node} is a column of another table; outside an aggregation only columns of the entity table {entity} "
        "can be used."
    )
    up = next((lk for lk in graph.parents(entity) if lk.parent == node.table and lk.child != lk.parent), None)
    if up is not None:
        parent, key = graph.table(node.table), graph.table(entity).primary_key
        join = (
            exp.select(exp.column(key, "e"))
            .from_(exp.Table(this=exp.to_identifier(entity)).as_("e"))
            .join(
                exp.Table(this=exp.to_identifier(parent.name)).as_("p"),
                on=exp.EQ(this=exp.column(up.fkey, "e"), expression=exp.column(parent.primary_key, "p")),
            )
            .sql("duckdb")
        )
        if section == "target":  # a column of the row each entity references: that table's to predict
            return head + (
                f" {entity}.{up.fkey} references {node.table}, so each {entity} row has one {node}: to predict it, "
                f"ask FOR EACH {node.table}.{parent.primary_key}."
            )
        return head + (
            f" {entity}.{up.fkey} references {node.table}, so each {entity} row has one {node}, which no window "
            f"aggregates: list the {entity} rows instead of filtering them, entities=[...] or FOR {entity}.{key} "
            f"IN (...), with the keys of {join} WHERE <your condition on p.{node.column}>."
        )
    window = "-30, 0" if section == "filter" else "0, 30"  # a filter looks back
    if graph.table(node.table).column(node.column).stype is SType.NUMERICAL:
        return head + f" Aggregate it over a window instead, e.g. MAX({node}, {window}, days)."
    if section == "target":  # a category's next value; a category in a filter: its rows counted (an ads trial was
        # told to take the MAX of an invoice's status)
        return head + f" Aggregate it over a window instead, e.g. FIRST({node}, {window}, days) (its next value)."
    return head + (
        f" Count its rows with that value over a window instead, e.g. COUNT({node.table}.* WHERE {node} = 'value', "
        f"{window}, days) > 0."
    )


def _made(graph: Graph, view: str, table: str, entity: str, column: str | None) -> str | None:
    """Where the view this message would suggest exists and links to `entity` (made after an earlier message: a
    wholesale trial was told to create it again), the name to use instead, else None."""
    if view not in graph.tables or not any(lk.parent == entity for lk in graph.parents(view)):
        return None
    return (
        f"The view {view} gives the {table} rows the {entity} key and is linked to {entity}: name it instead of "
        f"{table}, e.g. {view}.{column or '*'}."
    )


def _three_links(graph: Graph, table: str, entity: str, column: str | None) -> str | None:
    """The view for a dated table that reaches the entity through three links (a charge's lease's unit's building):
    PQL aggregates one link away, and `graph.link` has no column to link."""
    if graph.table(table).time_column is None:
        return None
    for a in graph.parents(table):
        for b in graph.parents(a.parent):
            for c in graph.parents(b.parent):
                if c.parent != entity or len({table, a.parent, b.parent, entity}) < 4:
                    continue
                if made := _made(graph, f"{table}_by_{entity}", table, entity, column):
                    return made
                drop = a.fkey if a.fkey != column else None  # not a second child of the first row it links to
                view, create = path_view(graph, table, (a, b), c.fkey, view=f"{table}_by_{entity}", drop=drop)
                return (
                    f"It reaches {entity} in three steps ({table}.{a.fkey} -> {a.parent}, {a.parent}.{b.fkey} -> "
                    f"{b.parent}, {b.parent}.{c.fkey} -> {entity}), and PQL aggregates one link away: give its rows "
                    f"the {entity} key with a view, {create}; then name {view} in the query (rfm_sql finds the view's "
                    "links)."
                )
    return None


def _stored_otherwise(graph: Graph, table: str, entity: str, only: set[str] | None = None) -> str | None:
    """Advice for a column of `table` that holds the entity's keys stored as another type (a podcast trial's
    sessions.listener_ref, text of integer ids: "no column holds listeners.listener_id values" had been said of it):
    the view that casts it; None where none does (FITS of its distinct values, read as the key's type)."""
    tab, pkey = graph.table(table), graph.table(entity).column(graph.table(entity).primary_key)
    others = [c for c in tab.columns if c.name != tab.primary_key and not keys_compatible(c.dtype, pkey.dtype)]
    others = [
        c for c in others if c.stype in (SType.ID, SType.CATEGORICAL, SType.TEXT) and (only is None or c.name in only)
    ]
    others = others[:MAX_PROBED]
    try:
        with graph.reader() as cur:
            held = {c.name: contained(cur, table, c.name, entity, pkey.name, pkey.dtype) for c in others}
    except duckdb.Error:  # a view not readable here, a type that does not cast: no advice from the data
        return None
    fits = [c for c in others if held[c.name][0] and held[c.name][1] >= FITS * held[c.name][0]]
    if not fits:
        return None
    c, view = fits[0], f"{table}_keyed"
    # the link to make too: a theatre trial's view of donations.donor_ref, a name of no table, was not linked by itself
    return (
        f"Its column {c.name} holds {entity}.{pkey.name} values stored as {c.dtype} ({pkey.name} is {pkey.dtype}), "
        f"which no link can match: read it as {pkey.dtype} in a view, {casting_view(view, table, c.name, pkey.dtype)}; "
        f'then rfm.graph.link("{view}", "{c.name}", "{entity}") and name {view} in the query.'
    )


def _held(graph: Graph, table: str, column: str, entity: str, key: str) -> tuple[int, int]:
    """(distinct values of `table.column`, how many are `entity.key` values); (0, 0) where the data cannot be read."""
    if graph.reader is None:
        return 0, 0
    try:
        with graph.reader() as cur:
            return contained(cur, table, column, entity, key)
    except duckdb.Error:
        return 0, 0


def _held_by_another_column(graph: Graph, table: str, entity: str) -> str | None:
    """Advice for a column of `table` that holds the values of a unique column of the entity table other than its
    key (a coworking trial's bookings.member_ref, members.badge_code values): a link reaches only the key, so a view
    that joins the entity's rows by that column gives each row the key; None where no column does (FITS of its
    distinct values; MAX_PROBED columns each side)."""
    tab, ent = graph.table(table), graph.table(entity)
    if ent.primary_key is None or graph.reader is None:
        return None
    linked = {lk.fkey for lk in graph.parents(table)}
    mine = [c for c in tab.columns if c.stype in (SType.ID, SType.CATEGORICAL, SType.TEXT) and c.name not in linked]
    theirs = [c for c in ent.columns if c.name != ent.primary_key and c.stype in (SType.ID, SType.TEXT)]
    try:
        with graph.reader() as cur:
            for code in theirs[:MAX_PROBED]:
                if not _unique(cur, entity, code.name):
                    continue
                for c in [c for c in mine if keys_compatible(c.dtype, code.dtype)][:MAX_PROBED]:
                    n, hit = contained(cur, table, c.name, entity, code.name)
                    if n and hit >= FITS * n:
                        view = f"{table}_by_{entity}"
                        create = borrowing_view(view, table, c.name, entity, code.name, ent.primary_key)
                        return (
                            f"Its {c.name} holds {entity}.{code.name} values, not the key {entity}.{ent.primary_key}, "
                            f"which is all a link can reach: give its rows the key with a view, "
                            f"{create}; then name {view} in the query (rfm_sql finds the view's links)."
                        )
    except duckdb.Error:  # a view not readable here: no advice from the data
        return None
    return None


def _unique(cur, table: str, column: str) -> bool:
    """Whether `table.column` holds a different value on every row."""
    distinct = exp.Count(this=exp.Distinct(expressions=[exp.column(column, quoted=True)]))
    query = exp.select(exp.EQ(this=distinct, expression=exp.Count(this=exp.Star())))
    query = query.from_(exp.Table(this=exp.to_identifier(table, quoted=True)))
    return bool(cur.execute(query.sql("duckdb")).fetchall()[0][0])


def _probed(graph: Graph, table: str, entity: str) -> dict[str, tuple[int, int]] | None:
    """{column: (its distinct values, how many are keys of `entity`)} for the columns of `table` that could hold
    them: of a comparable type, not its own key, unlinked or linked to their own table (stu_id, whose values lie in
    the table's own row ids too: a self-link may be a wrong guess); None where the data cannot be read."""
    key = graph.table(entity).primary_key
    if key is None or graph.reader is None:
        return None
    linked = {lk.fkey for lk in graph.parents(table) if lk.parent != table}
    tab = graph.table(table)
    key_type = graph.table(entity).column(key).dtype
    columns = [
        c.name
        for c in tab.columns
        if c.stype in (SType.ID, SType.CATEGORICAL, SType.TEXT)
        and c.name not in linked
        and c.name != tab.primary_key
        and keys_compatible(c.dtype, key_type)
    ]
    try:
        with graph.reader() as cur:
            return {c: contained(cur, table, c, entity, key) for c in columns[:MAX_PROBED]}
    except duckdb.Error:  # a view not readable here: no advice from the data
        return None


def keys_elsewhere(graph: Graph, table: str, column: str) -> str | None:
    """Where `table.column` (asked FOR EACH, not `table`'s key) holds another table's keys, what to write instead: a
    subscription-box trial's `FOR EACH support_contacts.acct_no` was told to make a table of its distinct values,
    where its values were the subscribers' ids, unlinked. Of the tables whose key holds them, the smallest (reviews
    numbered 1..14,000 hold subscriber ids too); None where none does (or there is no data)."""
    dtype = graph.table(table).column(column).dtype
    keyed = [t for t in graph.tables.values() if t.name != table and t.primary_key]
    keyed = [t for t in keyed if keys_compatible(dtype, t.column(t.primary_key).dtype)]
    if graph.reader is None or not keyed:
        return None
    try:
        with graph.reader() as cur:
            held = [(t, *contained(cur, table, column, t.name, t.primary_key)) for t in keyed]
    except duckdb.Error:  # a view not readable here: no advice from the data
        return None
    fits = [t for t, n, hit in held if n and hit >= HELD * n]
    if not fits:
        return None
    other = min(fits, key=lambda t: t.num_rows or 0)
    target = f"FOR EACH {other.name}.{other.primary_key}"
    if any(lk.fkey == column and lk.parent == other.name for lk in graph.parents(table)):  # linked already (a
        return f"{table}.{column} links to {other.name}: write {target}"  # telehealth trial was told to link it)
    link = f'rfm.graph.link("{table}", "{column}", "{other.name}")'
    return f"{table}.{column} holds {other.name}.{other.primary_key} values: {link}, then {target}"
