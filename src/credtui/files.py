"""Reading the small local files credtui trusts (its config, a private key), safely.

A path given by a person may name a FIFO (reading would wait forever), a device
such as ``/dev/zero`` (reading never ends) or a folder. :func:`read_small_file`
opens without blocking, checks with ``fstat`` that it is a regular file, and
reads at most a cap, so none of those can hang credtui or exhaust its memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(ValueError):
    """A path that is not a regular file, or a file over the cap; ``str()`` says which."""


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words: ``a folder``, ``a FIFO``, ``a device``..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_small_file(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` (at most ``max_bytes``) and its status.

    Raises :class:`FileNotFoundError` and other :class:`OSError` as ``open`` does,
    and :class:`FileRefused` for anything but a regular file, or one over the cap.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"is not a regular file (it is {file_kind(info.st_mode)})")
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > max_bytes:
        raise FileRefused(f"is over the {_size(max_bytes)} limit")
    return b"".join(chunks), info


def _size(n: int) -> str:
    if n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n % (1 << 10) == 0:
        return f"{n >> 10} KiB"
    return f"{n:,}-byte"
