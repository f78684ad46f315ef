"""The ``auth0_tenant`` pytest plugin, used as another project uses it.

``examples/test_auth0_python.py`` (shown in the README) runs in a directory of its
own, outside this repository's tests and helpers, with the plugin loaded through
its ``pytest11`` entry point; ``examples/local_tenant.mjs`` (also in the README)
runs where ``node`` exists. Loading the plugin imports neither the emulator nor httpx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CREDTUI = Path(sys.executable).with_name("credtui")


def test_the_entry_point_is_declared_and_loading_it_is_cheap() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["entry-points"]["pytest11"] == {"credtui": "credtui.pytest_plugin"}
    probe = (
        "import sys, credtui.pytest_plugin as p; "
        "print(sorted(m for m in sys.modules if m.startswith(('credtui.emulator', 'httpx', 'uvicorn'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


@pytest.mark.slow
def test_the_python_example_runs_as_another_projects_test(tmp_path: Path) -> None:
    if not any(e.name == "credtui" for e in entry_points(group="pytest11")):
        pytest.skip("reinstall credtui (pip install -e .) to register its pytest11 entry point")
    shutil.copy(EXAMPLES / "test_auth0_python.py", tmp_path / "test_example.py")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_node_example_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        ["node", str(EXAMPLES / "local_tenant.mjs")],
        env={**os.environ, "CREDTUI": str(CREDTUI) if CREDTUI.exists() else "credtui"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok"


def test_the_readme_shows_the_examples_as_they_run() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in ("test_auth0_python.py", "local_tenant.mjs"):
        assert (EXAMPLES / name).read_text().strip() in readme, name
