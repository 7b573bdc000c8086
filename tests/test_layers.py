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
    "cli": ({"domain", "services", "gui", "cli"}, set()),
    "paths": (set(), {"platformdirs"}),
    "errors": (set(), set()),
    "__init__": (set(), set()),
    "__main__": ({"cli"}, set()),
}
STDLIB = set(__import__("sys").stdlib_module_names)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


MODULES = sorted(PACKAGE.rglob("*.py"))


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
