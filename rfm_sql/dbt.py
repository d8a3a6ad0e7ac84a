"""A dbt-duckdb plugin: `plugins: [{module: rfm_sql.dbt}]` in profiles.yml makes `rfm_predict(...)`,
`rfm_evaluate(...)` and `rfm_labels(...)` available to every model. Its config:

- `tables: [users, orders, ...]`: the tables the graph holds (the project's sources, or the models the
  predictions should read), each taken in as soon as it exists (a query naming another is refused). Without it the
  graph holds every table of the schema, the project's other models too, which add features: a second
  `dbt build` would then predict differently from the first (graph/scope.py).
- `graph: graph.json`: a graph file (`rfm-sql graph DB --save graph.json`) where inference needs fixes; the
  entries of tables that do not exist yet (models this run creates) apply when the table appears.

dbt runs `configure_connection` once on its parent connection (where the UDFs are registered) and
`configure_cursor` on each thread's cursor, which only gets the per-connection macros (DUCKDB.md: never
register functions on cursors).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

import rfm_sql
from rfm_sql import udf
from rfm_sql.graph.files import read_graph_file


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]):
        config = plugin_config or {}
        self.rfm = None
        self.graph_file = config.get("graph")  # fixes from `rfm-sql graph DB --save FILE`
        self.tables = config.get("tables")  # the graph's tables; None: every table of the schema

    def configure_connection(self, conn):
        self.rfm = rfm_sql.attach(conn, tables=self.tables)
        if self.graph_file:
            self.rfm.scope.defer(read_graph_file(self.graph_file), self.graph_file, self.rfm.graph)

    def configure_cursor(self, cursor):
        if self.rfm is not None:
            udf.install_macros(cursor, self.rfm)
