"""Layers point one way: gui/cli → services → documents/store → content → domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "consult_app"
SHARED = {"consult_app", "consult_app.errors", "consult_app.paths"}

# For each layer: our own packages it may import, and the third-party roots it may import.
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    "domain": ({"domain"}, set()),
    "content": ({"domain", "content"}, set()),
    "store": (
        {"domain", "store"},
        {"sqlalchemy", "alembic", "platformdirs", "sqlcipher3", "argon2", "cryptography"},
    ),
    # pikepdf writes the consent's PDF/A form; PIL (ReportLab's own) lays pictures on white.
    "documents": ({"domain", "documents"}, {"reportlab", "uharfbuzz", "bidi", "pikepdf", "PIL"}),
    "services": ({"domain", "content", "store", "documents", "services"}, {"argon2"}),
    "gui": ({"domain", "services", "gui"}, {"PySide6", "shiboken6"}),
    "cli": ({"domain", "services", "gui", "cli", "cli_recall"}, set()),
    "cli_recall": ({"domain", "services"}, set()),  # cli.py's commands after the consultation
    "paths": (set(), {"platformdirs"}),
    "errors": (set(), set()),
    "__init__": (set(), set()),
    "__main__": ({"cli"}, set()),
}
STDLIB = set(__import__("sys").stdlib_module_names)
MODULES = sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _base(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an `ImportFrom` names: `from ..store import x` in services/a.py is
    consult_app.store."""
    if node.level == 0:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]  # a module's own package is level 1
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, relative imports made absolute; `from pkg import mod`
    counts as importing pkg.mod when that is a module of ours."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _base(path, node)
            names.add(base)
            names.update(
                f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in OURS
            )
    return names


OURS = {_module_name(p) for p in MODULES}


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_what_its_layer_may(path: Path) -> None:
    layer = _layer(path)
    own, third_party = ALLOWED[layer]
    wrong = []
    for name in sorted(_imports(path)):
        root = name.split(".")[0]
        if name in SHARED or root in STDLIB or root == "__future__":
            continue
        if root == "consult_app":
            if name.split(".")[1] not in own:
                wrong.append(name)
        elif root not in third_party:
            wrong.append(name)
    assert wrong == [], f"{layer}/ must not import {', '.join(wrong)}"


def test_every_layer_has_a_rule() -> None:
    assert {_layer(p) for p in MODULES} <= set(ALLOWED)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the package is shallow enough to recurse
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
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1 or node in graph[node]:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _graph() -> dict[str, set[str]]:
    """Module -> our modules it imports (at any depth of the file: inside functions and under
    TYPE_CHECKING too, because a circle of those is still a circle of design)."""
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        name = _module_name(path)
        targets = {n for n in _imports(path) if n in OURS}
        # A package's face (__init__.py) is loaded by each of its modules: not an edge of design.
        graph[name] = {t for t in targets if not name.startswith(t + ".")} - {name}
    return graph


def test_the_import_circle_finder_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]


def test_relative_imports_are_read_as_the_modules_they_name(tmp_path: Path) -> None:
    path = PACKAGE / "services" / "clients.py"
    node = ast.parse("from ..store import rows").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _base(path, node) == "consult_app.store"
    package = PACKAGE / "gui" / "__init__.py"
    node = ast.parse("from .wizard import state").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _base(package, node) == "consult_app.gui.wizard"


def test_no_import_circle_in_consult_app() -> None:
    circles = _circles(_graph())
    assert circles == [], "import circles: " + "; ".join(" <-> ".join(c) for c in circles)


def _store_names(path: Path) -> set[str]:
    """The names a module takes from consult_app.store."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and _base(path, node).startswith("consult_app.store"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def test_store_types_are_not_handed_on_through_services() -> None:
    """Services speak in domain types; a store class reaching gui/ or cli/ through a service
    module would be the store leaking past its layer unseen."""
    services = {_module_name(p): _store_names(p) for p in MODULES if _layer(p) == "services"}
    leaks = []
    for path in MODULES:
        if _layer(path) in ("services", "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _base(path, node) in services:
                taken = {a.name for a in node.names} & services[_base(path, node)]
                leaks += [f"{_module_name(path)}: {_base(path, node)}.{n}" for n in taken]
    for path in MODULES:
        if _layer(path) != "services":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _base(path, node).startswith(
                "consult_app.store"
            ):
                # `import X as X` is the spelling of a deliberate re-export.
                leaks += [
                    f"{_module_name(path)} re-exports {a.name}"
                    for a in node.names
                    if a.asname == a.name
                ]
    assert leaks == []
