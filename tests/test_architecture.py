"""The layout's rules: no import circles (counting imports inside functions) and no
catch-all modules. See ARCHITECTURE.md."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "pages", "api", "search")
#: Demo content and migrations are data, not code to read through.
LONG_ALLOWED = ("/migrations/", "pages/demo/")
MAX_LINES = 450


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The project modules ``path`` imports, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else base)
    return {target for target in targets if target in known and target != name}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, name, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_checker_finds_a_circle_hidden_in_a_function(tmp_path):
    graph = {"a.models": {"a.services"}, "a.services": {"a.models"}, "a.views": {"a.services"}}
    assert cycles(graph) == [["a.models", "a.services"]]
    source = tmp_path / "services.py"
    source.write_text("def f():\n    from a.models import Page\n")
    known = {"a.models": tmp_path / "models.py", "a.services": source}
    assert imports(source, "a.services", known) == {"a.models"}


def test_no_module_imports_back_into_a_circle():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize("app", [*APPS, "benchmarks", "tests"])
def test_no_module_outside_demo_data_and_migrations_is_a_catch_all(app):
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in (ROOT / app).rglob("*.py")
        if not any(part in str(path.relative_to(ROOT)) for part in LONG_ALLOWED)
        and (length := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}
