"""The core knows nothing of Textual: everything outside credtui.ui imports without it.

httpx imports its optional command-line module (``httpx._main``), which loads
rich, whenever rich happens to be installed, as it is beside Textual. That is
httpx's doing, not credtui's, so the import check runs with that one module
blocked; a second, static check makes sure no core module names textual or rich.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "credtui"


def test_core_modules_load_neither_textual_nor_rich() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        sys.modules["httpx._main"] = None  # httpx's optional CLI loads rich by itself
        import credtui
        names = []
        for info in pkgutil.walk_packages(credtui.__path__, "credtui."):
            if info.name.startswith("credtui.ui") or info.name == "credtui.__main__":
                continue
            importlib.import_module(info.name)
            names.append(info.name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
        print(len(names), ",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    count, _, loaded = result.stdout.strip().partition(" ")
    assert int(count) >= 20  # config, keys, api, emulator... every core module was imported
    assert loaded == ""


def test_no_core_module_names_textual_or_rich() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if "ui" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in ("textual", "rich")
            ]
    assert offenders == []


def test_the_ui_does_load_textual() -> None:
    """The checks above would pass vacuously if nothing in the tree used Textual."""
    script = "import credtui.ui.app, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr


def test_headless_commands_load_neither_textual_nor_rich(tmp_path: Path) -> None:
    """A headless command run end to end (to an unreachable tenant) imports no UI library."""
    config = tmp_path / "config.toml"
    config.write_text('[profiles.p]\ndomain = "http://127.0.0.1:9"\ntoken_env = "T"\n')
    script = textwrap.dedent(
        """
        import sys
        from credtui.cli import main
        code = main(["check", "--config", sys.argv[1]])
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
        print(code, "httpx" in sys.modules, ",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "T": "not-a-real-token"},
    )
    # Exit 4 proves the command went all the way to the network (httpx loaded).
    assert result.stdout.split() == ["4", "True"], result.stderr
