"""The rules of the house, checked: views hold no SQL, domain code no Flask, rooms stay small."""
import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "storyboard"
VIEWS = sorted((PACKAGE / "views").glob("*.py"))
# Modules that are the web's glue, and so may speak Flask.
WEB_GLUE = {"__init__.py", "web.py", "error_texts.py", "cli.py", "cli_workers.py",
            "printing/__init__.py"}
SHARED_VIEW_MODULES = {"scope", "shared", "downloads", "linkpages"}
SQL = re.compile(r"\b(select\b.+\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from)\b",
                 re.IGNORECASE)


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            yield base
            yield from (f"{base}.{alias.name}" if base.endswith(".") is False else
                        f"{base}{alias.name}" for alias in node.names)


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_views_hold_no_sql(path):
    source = path.read_text("utf-8")
    strings = [n.value for n in ast.walk(ast.parse(source))
               if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert [s for s in strings if SQL.search(s)] == []
    assert not re.search(r"\bdb\.(execute|query)\(|\bdb\[\"", source)


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_views_do_not_import_each_other(path):
    others = {p.stem for p in VIEWS} - SHARED_VIEW_MODULES - {path.stem}
    names = set(imported(path))
    assert not {n for n in names if n.lstrip(".").split(".")[-1] in others
                and n.startswith(".") and not n.startswith("..")}


@pytest.mark.parametrize("path", [p for p in modules() if p.parent.name != "views"
                                  and str(p.relative_to(PACKAGE)) not in WEB_GLUE],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_domain_code_never_imports_flask(path):
    assert not [n for n in imported(path) if n.split(".")[0] in ("flask", "flask_babel")]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_450_lines(path):
    assert len(path.read_text("utf-8").splitlines()) <= 450
