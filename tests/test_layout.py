"""The package's import structure: folders in data-flow order, no cycles, no imports hidden in functions, the
session object never passed below the surface, and modules that stay small."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rfm_sql"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text()) for p in PACKAGE.rglob("*.py")}


def _imported(node, modules: set[str]) -> set[str]:
    """The rfm_sql modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = node.module or ""
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
    return {n for n in names if n.startswith("rfm_sql")}


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    graph = {}
    for name, tree in modules.items():
        deps = set()
        for node in tree.body:  # module level only: function-level imports are refused below
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                deps |= _imported(node, names)
        graph[name] = {d for d in deps if d != name}
    return graph


def test_no_rfm_sql_import_inside_a_function():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)) and _imported(inner, {"rfm_sql"}):
                        offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not offenders, offenders


def test_no_import_cycle():
    graph = _import_graph()
    # a package's __init__ may re-export its modules; what matters is that no module reaches itself
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for dep in graph.get(node, ()):
            if dep not in graph or dep == "rfm_sql":
                continue
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, dep]))
            if dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def test_the_back_half_never_sees_the_session():
    graph = _import_graph()
    for name, deps in graph.items():
        if name.startswith(("rfm_sql.runtime", "rfm_sql.compile", "rfm_sql.graph", "rfm_sql.pql")):
            surface = {d for d in deps if d in ("rfm_sql", "rfm_sql.session", "rfm_sql.udf", "rfm_sql.cli")}
            assert not surface, f"{name} imports {surface}"
    for path in [*(PACKAGE / "runtime").glob("*.py"), *(PACKAGE / "compile").glob("*.py")]:
        names = {n.id for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Name)}
        names |= {a.arg for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.arg) for a in [n]}
        assert not names & {"rfm", "session"}, f"{path.name} receives a session object"


def test_modules_stay_small():
    big = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 440}
    assert not big, big
