"""No import circles in the lifecycle core (``credtui.ops``), the checks or the emulator.

Every import counts, wherever it stands: at the top, under ``TYPE_CHECKING``, or
inside a function (a function-local import that closes a loop only hides it).
A package's face (``__init__``) importing its own parts is no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
AREAS = ("credtui/ops", "credtui/emulator", "credtui/checks.py")


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    files: list[Path] = []
    for area in AREAS:
        root = SRC / area
        files += [root] if root.suffix == ".py" else sorted(root.glob("**/*.py"))
    names = {_module(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                subs = {f"{base}.{a.name}" for a in node.names}
                # ``from pkg import module`` names the module, not the package's face.
                targets |= subs if subs & names.keys() else {base}
        graph[name] = {t for t in targets if t in names and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_core_and_the_emulator_import_in_one_direction() -> None:
    graph = _graph()
    assert len(graph) > 40  # ops, checks and the emulator were all read
    assert _cycles(graph) == []


def test_a_hidden_circle_would_be_seen() -> None:
    """The check finds a loop closed by an import inside a function (as the emulator's
    store -> token_vault -> credentials -> store was)."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
