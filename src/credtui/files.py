"""Reading the small local files credtui trusts (its config, a private key), safely.

A path given by a person may name a FIFO (reading would wait forever), a device
such as ``/dev/zero`` (reading never ends) or a folder. :func:`read_small_file`
opens without blocking, checks with ``fstat`` that it is a regular file, and
reads at most a cap, so none of those can hang credtui or exhaust its memory.

What a person types where a file path belongs is checked by :func:`path_refusal`
first, everywhere (command line, config, TUI forms): a PEM key pasted there is
refused without a word of it repeated, and :func:`shown_path` is how a path
appears in any message, so no message carries a key whatever was typed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from credtui.text import safe_text

__all__ = [
    "PATH_SHOWN_MAX",
    "FileRefused",
    "file_kind",
    "path_refusal",
    "read_small_file",
    "shown_path",
]

PATH_TYPED_MAX = 1024
"""Longer than any path a person gives (Linux allows 4096 bytes), and shorter than a
private key's base64 on one line (a 2048-bit RSA key is about 1,600 characters)."""
NAME_MAX_BYTES = 255
"""The longest file or folder name the common file systems allow."""
PATH_SHOWN_MAX = 160
"""The most of a path a message shows (the rest is cut, ending in …)."""


def path_refusal(text: str | os.PathLike[str]) -> str | None:
    """Why ``text``, given where a file path belongs, cannot be one; None when it can.

    Refused: the text of a PEM key or certificate (pasted in place of its file), line
    breaks, a NUL, and anything too long to name a file (a key's base64 on one line).
    The sentence never repeats ``text``: it may be a private key.
    """
    value = os.fspath(text)
    if "-----BEGIN" in value or "-----END" in value:
        return (
            "This is the text of a PEM key or certificate, not a file path; save it in a "
            "file and give that file's path."
        )
    if "\n" in value or "\r" in value:
        return "A file path has no line breaks; give the file's path."
    if "\x00" in value:
        return "This is not a valid file name (it holds a NUL character); check the path."
    encoded = value.encode("utf-8", "surrogatepass")
    if len(value) > PATH_TYPED_MAX or any(
        len(part) > NAME_MAX_BYTES for part in encoded.split(b"/")
    ):
        return "This is too long to be a file path; give the file's path."
    return None


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as a message shows it: one safe line, at most :data:`PATH_SHOWN_MAX` long.

    Text refused by :func:`path_refusal` is never shown, only said to be refused.
    """
    value = os.fspath(path)
    if path_refusal(value) is not None:
        return "(the text given as a path)"
    return safe_text(value, limit=PATH_SHOWN_MAX)


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
