"""The "may import" column of ARCHITECTURE.md, enforced."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"casework", "realtime", "geo", "adapters", "insight", "dashboard"}
MAY_IMPORT = {
    "casework": set(),
    "geo": {"casework"},
    "realtime": {"casework", "geo"},
    "adapters": {"casework", "geo"},
    "insight": {"casework", "geo"},
    "dashboard": OURS,
}
FORBIDDEN_THIRD_PARTY = {"casework": {"dash", "flask", "flask_socketio", "socketio", "redis", "plotly"}}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_package_imports_only_what_it_may(package: str) -> None:
    violations = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        imported = imported_top_levels(path)
        ours = (imported & OURS) - {package} - MAY_IMPORT[package]
        banned = imported & FORBIDDEN_THIRD_PARTY.get(package, set())
        if ours or banned:
            violations.append(f"{path.relative_to(ROOT)}: {sorted(ours | banned)}")
    assert not violations, "imports across the boundaries:\n" + "\n".join(violations)


def test_the_checker_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from dashboard import server\nimport redis\n")
    assert imported_top_levels(bad) == {"dashboard", "redis"}
