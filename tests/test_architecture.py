"""The package boundaries of ARCHITECTURE.md, checked on the source (imports via the AST)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY_OR_SQL = {"torch", "tensorflow", "keras", "sklearn", "sqlalchemy"}


def _imported_roots(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        roots: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = roots
    return found


def test_the_checker_sees_imports() -> None:
    assert "telegram" in _imported_roots("handlers")["handlers/platform/onboarding.py"]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("handlers", HEAVY_OR_SQL | {"bot"}),
        ("inference", {"telegram", "storage", "sqlalchemy", "handlers", "bot"}),
        ("storage", {"handlers", "inference", "bot"}),
        ("models", {"bot", "handlers", "storage", "telegram"}),
    ],
)
def test_packages_never_import_what_they_must_not(package: str, forbidden: set[str]) -> None:
    offenders = {
        path: sorted(roots & forbidden)
        for path, roots in _imported_roots(package).items()
        if roots & forbidden
    }
    assert offenders == {}


def test_only_storage_speaks_sql() -> None:
    for package in ("bot", "handlers", "inference", "models"):
        for path, roots in _imported_roots(package).items():
            assert "sqlalchemy" not in roots or path.startswith("storage"), path


def test_only_settings_reads_the_environment() -> None:
    for package in ("bot", "handlers", "inference", "storage", "models"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "settings.py":
                continue
            text = path.read_text(encoding="utf-8")
            assert "os.environ" not in text and "getenv(" not in text, path
