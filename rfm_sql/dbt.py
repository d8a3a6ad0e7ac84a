"""A dbt-duckdb plugin: `plugins: [{module: rfm_sql.dbt}]` in profiles.yml makes `rfm_predict(...)`,
`rfm_evaluate(...)` and `rfm_labels(...)` available to every model.

dbt runs `configure_connection` once on its parent connection (where the UDFs are registered) and
`configure_cursor` on each thread's cursor, which only gets the per-connection macros (DUCKDB.md: never
register functions on cursors).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

import rfm_sql
from rfm_sql import udf


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]):
        self.rfm = None

    def configure_connection(self, conn):
        self.rfm = rfm_sql.attach(conn)

    def configure_cursor(self, cursor):
        if self.rfm is not None:
            udf.install_macros(cursor, self.rfm)
