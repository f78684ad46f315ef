"""The core knows nothing of Textual: everything outside credtui.ui imports without it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_modules_load_neither_textual_nor_rich() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
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
    # config, domains, cli at least; the list grows as the core does.
    assert int(count) >= 3
    assert loaded == ""


def test_the_ui_does_load_textual() -> None:
    """The check above would pass vacuously if the walk imported nothing heavy anywhere."""
    script = "import credtui.ui.app, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if result.returncode != 0 and "No module named 'credtui.ui.app'" in result.stderr:
        import pytest

        pytest.skip("the UI package has no app module yet")
    assert result.stdout.strip() == "True"
