"""A dbt-duckdb plugin: `plugins: [{module: rfm_sql.dbt}]` in profiles.yml makes `rfm_predict(...)`,
`rfm_evaluate(...)` and `rfm_labels(...)` available to every model. `config: {graph: graph.json}` on the plugin
applies a graph file (`rfm-sql graph DB --save graph.json`) where inference needs fixes.

dbt runs `configure_connection` once on its parent connection (where the UDFs are registered) and
`configure_cursor` on each thread's cursor, which only gets the per-connection macros (DUCKDB.md: never
register functions on cursors).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

import rfm_sql
from rfm_sql import udf
from rfm_sql.databases import apply_graph_file


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]):
        self.rfm = None
        self.graph_file = (plugin_config or {}).get("graph")  # fixes from `rfm-sql graph DB --save FILE`

    def configure_connection(self, conn):
        self.rfm = rfm_sql.attach(conn)
        if self.graph_file:
            apply_graph_file(self.rfm.graph, self.graph_file)

    def configure_cursor(self, cursor):
        if self.rfm is not None:
            udf.install_macros(cursor, self.rfm)
