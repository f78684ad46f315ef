"""The config file's lock: exclusive, bounded, and it says who holds it.

A save holds an exclusive ``flock`` on ``.NAME.lock`` beside the file it replaces
for the few milliseconds of read, change, write. A holder that is stopped
(``kill -STOP``, a suspended laptop job, a debugger) would make the next save wait
forever, so :func:`locked` waits at most :attr:`LockWait.seconds`; then it raises
:class:`~credtui.config.schema.ConfigError` naming the lock and the pid its holder
wrote into it. The clock and the sleep are injected, so tests take no real time.

The lock file is never deleted: deleting it would let two processes lock two
different files of the same name.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from credtui.config.schema import ConfigError

__all__ = ["LOCK_WAIT_SECONDS", "LockWait", "lock_path", "locked"]

LOCK_WAIT_SECONDS = 5.0
"""How long a save waits for another one; a healthy save holds the lock for milliseconds."""
_POLL_SECONDS = (0.005, 0.02, 0.05, 0.1)
"""The pauses between tries: quick at first (the usual holder is about to finish)."""


@dataclass(frozen=True)
class LockWait:
    """How long :func:`locked` waits for the lock, and the clock and sleep it waits with."""

    seconds: float = LOCK_WAIT_SECONDS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def lock_path(target: Path) -> Path:
    """The lock file of the config file ``target`` (the file a save replaces)."""
    return target.parent / f".{target.name}.lock"


@contextmanager
def locked(target: Path, shown: Path, wait: LockWait | None = None) -> Iterator[None]:
    """Hold the exclusive lock beside ``target``; ``shown`` is the path errors name.

    Raises :class:`ConfigError` when another process holds it past ``wait.seconds``.
    """
    if sys.platform == "win32":  # pragma: no cover - credtui saves unlocked there
        yield
        return
    import fcntl

    wait = wait or LockWait(LOCK_WAIT_SECONDS)  # read now: tests may lower it
    lock = lock_path(target)
    writable = True
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except PermissionError:
        fd = os.open(lock, os.O_RDONLY | os.O_CLOEXEC)  # someone else's, in a shared folder
        writable = False
    try:
        deadline = wait.clock() + wait.seconds
        tries = 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if wait.clock() >= deadline:
                    raise _busy(shown, lock, fd, wait.seconds) from None
                wait.sleep(_POLL_SECONDS[min(tries, len(_POLL_SECONDS) - 1)])
                tries += 1
        if writable:  # who holds it, for the message a waiting save gives
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            if writable:
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock


def _busy(shown: Path, lock: Path, fd: int, seconds: float) -> ConfigError:
    holder = _holder(fd)
    who = f"process {holder}" if holder else "another process"
    end = f"end it (kill {holder})" if holder else "end it"
    return ConfigError(
        shown,
        f"is locked by {who}, which has held the lock ({lock}) for over {seconds:g} s; "
        f"nothing was saved. If that process is stopped or hung, {end} and save again",
    )


def _holder(fd: int) -> int | None:
    """The pid the lock's holder wrote into it (None when unreadable or not a pid)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and 0 < int(text) < 1 << 31 else None
