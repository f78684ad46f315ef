"""The README's shell session, run exactly as written: emulator to a tested, checked key."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "### From nothing to a tested key"


def session() -> str:
    """The first ``sh`` block after the heading."""
    text = README.read_text()
    assert HEADING in text, "the README lost its walk-through"
    block = re.search(r"```sh\n(.*?)```", text[text.index(HEADING) :], re.DOTALL)
    assert block is not None
    return block.group(1)


def test_the_session_uses_only_documented_commands() -> None:
    text = README.read_text()
    synopsis = text[text.index("## Command line") : text.index(HEADING)]
    used = re.findall(r"^\S*credtui ([a-z]+(?: [a-z]+)?)", session(), re.MULTILINE)
    used += re.findall(r"\$\(credtui ([a-z]+ [a-z]+)", session())
    assert len(used) >= 7
    for command in used:
        assert f"credtui {command}" in synopsis, command


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("jq") is None, reason="the README session reads JSON with jq")
def test_the_readme_session_runs(tmp_path: Path) -> None:
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / ".config"),
    }
    env.pop("CREDTUI_CONFIG", None)
    # Files, not pipes: an emulator left running by a failed step must not keep a pipe open.
    out_file, err_file = tmp_path / "session.out", tmp_path / "session.err"
    with out_file.open("w") as out_handle, err_file.open("w") as err_handle:
        proc = subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", session()],
            cwd=tmp_path,
            env=env,
            stdout=out_handle,
            stderr=err_handle,
            start_new_session=True,  # its emulator is in this group: killed below, always
        )
        try:
            proc.wait(timeout=120)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    out, err = out_file.read_text(), err_file.read_text()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "token issued" in out and "read:clients" in out
    assert "no problems in 1 application" in err
    assert "created cred_" in err and "attached to Private Key JWT" in err
    assert stat.S_IMODE((tmp_path / "nightly.pem").stat().st_mode) == 0o600
    assert (tmp_path / "credtui.toml").exists()
    assert not (tmp_path / ".config" / "credtui").exists()  # the user's config was not touched
