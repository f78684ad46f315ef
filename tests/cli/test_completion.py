"""``credtui completion bash|zsh|fish`` (issue 21): scripts from argcomplete, that complete.

The bash script is loaded into a real bash and asked to complete, as a person's
Tab would; zsh and fish (not on every machine) are checked by their script and
by the completions the program itself answers with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import BASE_CMD


def credtui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BASE_CMD, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})  # fmt: skip


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nospace"), ("zsh", "#compdef credtui"),
     ("fish", "complete --command credtui")],
)  # fmt: skip
def test_each_shell_gets_its_script(shell: str, marker: str) -> None:
    done = credtui("completion", shell)
    assert done.returncode == 0 and marker in done.stdout and done.stderr == ""


def answers(line: str, tmp_path: Path) -> list[str]:
    """What credtui answers a shell completing ``line`` (cursor at the end)."""
    out = tmp_path / "completions.txt"
    done = credtui(env={"_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)),
                        "_ARGCOMPLETE_STDOUT_FILENAME": str(out)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    return sorted(out.read_text().replace("\x0b", "\n").split())


def test_commands_options_and_choices_complete(tmp_path: Path) -> None:
    assert answers("credtui creds ro", tmp_path) == ["rotate", "rotate-secret"]
    assert "--until" in answers("credtui creds rotate APP CRED --un", tmp_path)
    assert answers("credtui creds rotate APP CRED --until ", tmp_path) == ["attached", "done"]
    assert {"bash", "fish", "zsh"} <= set(answers("credtui completion ", tmp_path))


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_with_the_printed_script() -> None:
    bindir = Path(BASE_CMD[0]).parent if len(BASE_CMD) == 1 else Path(sys.executable).parent
    script = (
        'eval "$(credtui completion bash)"; COMP_WORDS=(credtui creds exp); COMP_CWORD=2; '
        'COMP_LINE="credtui creds exp"; COMP_POINT=17; _python_argcomplete credtui; '
        'echo "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"})  # fmt: skip
    assert done.stdout.split() == ["expire"], done.stderr
