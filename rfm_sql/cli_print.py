"""How `rfm-sql` prints its results: tables as aligned columns, a backtest's metrics one per line."""

from __future__ import annotations

from rfm_sql import baselines


def print_evaluation(evaluation, indent: str = "") -> None:
    lines = baselines.readable(evaluation.to_dict())
    w = max(14, *map(len, lines))
    for key, value in lines.items():
        print(f"{indent}{key:<{w}} {value:.4f}" if isinstance(value, float) else f"{indent}{key:<{w}} {value}")


def print_table(table, limit: int) -> None:
    rows = table.slice(0, limit).to_pylist()
    names = table.column_names
    cells = [[fmt(r[n]) for n in names] for r in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    print("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)))
    if table.num_rows > limit:
        print(f"... {table.num_rows - limit} more rows ({table.num_rows} in all)")
    elif not rows:
        print("(no rows)")


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
