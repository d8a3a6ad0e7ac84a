"""The feature families past the entity's row, its children and its lagged targets, each in a module of its own,
added to the builder (`compile.features`) in a fixed order: the feature order is part of what the model reads."""

from __future__ import annotations

from rfm_sql.compile import (
    anchor_cycles,
    grandchildren,
    peers,
    row_spans,
    scheduled,
    sibling_labels,
    siblings,
    target_history,
    under_parents,
    week_cycle,
)


def add(b) -> None:
    week_cycle.add(b)  # windows under a week: the target whole weeks back
    peers.add(b)  # through the target table's other parents
    siblings.add(b)  # the target table's rows under the entity's parents and grandparents
    grandchildren.add(b)  # the rows two links below the entity
    row_spans.add(b)  # days between the entity row's own dates
    anchor_cycles.add(b)  # the anchor's time of year, where the context holds a year-ago season
    sibling_labels.add(b)  # a static target as it reads on the entity's earlier siblings
    scheduled.add(b)  # rows already on the books for the target's window (a date set ahead)
    target_history.add(b)  # an AVG target over all of the entity's history, pooled
    under_parents.add(b)  # the dated rows under the entity's parents
