"""A child process that takes a config file's lock and stops itself (SIGSTOP) holding it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HOLD = """
import os, signal, sys
from pathlib import Path
from credtui.config.lock import locked
path = Path(sys.argv[1])
with locked(path, path):
    print("holding", flush=True)
    os.kill(os.getpid(), signal.SIGSTOP)
"""


@contextmanager
def stopped_holder(path: Path) -> Iterator[int]:
    """Hold ``path``'s lock in a stopped child for the block; yields the child's pid."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "holding\n"
        yield child.pid
    finally:
        child.kill()  # SIGKILL ends a stopped process too
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
