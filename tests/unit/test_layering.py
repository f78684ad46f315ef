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

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "credtui"

_NOT_AT_START = ("credtui.keys", "cryptography", "jwt", "click", "pygments", "rich.traceback")
"""Loaded by nothing that lists applications: keys and PyJWT (adding credentials),
httpx's own CLI (click, pygments), Rich's traceback (a crash)."""


def _loaded(modules: str, names: tuple[str, ...]) -> list[str]:
    present = set(modules.split(","))
    return sorted(n for n in names if n in present)


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


@pytest.mark.slow
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
        print(",".join(sorted(sys.modules)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "T": "not-a-real-token"},
    )
    # Exit 4 proves the command went all the way to the network (httpx loaded).
    first, _, modules = result.stdout.partition("\n")
    assert first.split() == ["4", "True"], result.stderr
    # Nor keys and PyJWT (reading needs neither), nor httpx's own CLI (click, pygments).
    assert _loaded(modules.strip(), _NOT_AT_START) == []


def test_help_loads_no_config_no_httpx_no_textual() -> None:
    script = textwrap.dedent(
        """
        import contextlib, io, sys
        from credtui.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
            main(["--help"])
        assert "usage: credtui" in out.getvalue()
        print(",".join(sorted(sys.modules)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "credtui.cli" in result.stdout.split(",")  # the check ran on the real entry point
    heavy = ("credtui.config", "tomllib", "platformdirs", "httpx", "textual", "rich")
    assert _loaded(result.stdout.strip(), heavy) == []


def test_the_tui_shows_its_first_rows_without_keys_or_httpx_cli(tmp_path: Path) -> None:
    """``credtui --config F`` up to the first rows (the tenant faked at the transport)."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.p]\ndomain = "http://127.0.0.1:9"\nclient_id = "id"\nclient_secret = "s"\n'
    )
    config.chmod(0o600)
    script = textwrap.dedent(
        """
        import sys
        import credtui.ui.launch as launch
        from credtui.cli import main

        def run_tui(loaded, *, profile_name=None, timeout=None):
            import httpx
            from credtui.ui.app import CredtuiApp
            from credtui.ui.state import ConfigStore

            def tenant(request):
                if request.url.path == "/oauth/token":
                    return httpx.Response(200, json={"access_token": "t", "expires_in": 600})
                if request.url.path == "/api/v2/clients":
                    app = {"client_id": "c1", "name": "Payments API",
                           "app_type": "non_interactive",
                           "token_endpoint_auth_method": "client_secret_post"}
                    return httpx.Response(200, json={"clients": [app]})
                return httpx.Response(200, json=[])

            app = CredtuiApp(
                ConfigStore(loaded.config, loaded.path), transport=httpx.MockTransport(tenant)
            )

            async def until_rows():
                async with app.run_test(size=(100, 30)) as pilot:
                    shown = False
                    for _ in range(1000):
                        await pilot.pause(0.01)
                        table = app.screen.query("#apps-table")
                        lines = [table.first().render_line(y) for y in range(3)] if table else []
                        if any("Payments API" in "".join(s.text for s in line) for line in lines):
                            shown = True
                            break
                    print(shown, ",".join(sorted(sys.modules)))

            import asyncio
            asyncio.run(until_rows())
            return 0

        launch.run_tui = run_tui
        sys.stdin.isatty = sys.stdout.isatty = lambda: True  # as in a terminal
        main(["--config", sys.argv[1]])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(config)], capture_output=True, text=True, timeout=120
    )
    shown, _, modules = result.stdout.strip().partition(" ")
    assert shown == "True", result.stdout[-2000:] + result.stderr[-2000:]
    assert "textual" in modules.split(",")
    assert _loaded(modules, _NOT_AT_START) == []
