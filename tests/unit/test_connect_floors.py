"""Issue 23: the API takes plain values (a profile becomes a client in credtui.connect),
and the UI never starts the emulator (the demo does, from credtui.demo)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "credtui"


def imported(folder: Path) -> list[tuple[str, str]]:
    """(file, module) for every import in ``folder``, function-local and TYPE_CHECKING ones too."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found += [(path.name, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path.name, node.module))
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("api", ("credtui.config", "credtui.connect", "credtui.ops", "credtui.ui")),
        ("ui", ("credtui.emulator", "credtui.demo")),
    ],
)
def test_a_floor_names_nothing_above_it(folder: str, forbidden: tuple[str, ...]) -> None:
    offenders = [
        f"{name}: {module}"
        for name, module in imported(SRC / folder)
        if module.startswith(forbidden)
    ]
    assert offenders == []
