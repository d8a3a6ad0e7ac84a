"""PQL -> SQL compilers (sqlglot expression trees; text is produced once, at the end)."""
