"""Generating a key pair (or a self-signed certificate) into files, safely.

The private key is written with ``O_CREAT | O_EXCL`` and mode 0600: an existing
file is never overwritten, and no other user can read the key at any moment.
The public part goes beside it: ``NAME.pub`` (SPKI ``PUBLIC KEY``) or, with a
certificate, ``NAME.crt``; for ``key.pem`` these are ``key.pub``/``key.crt``.
Generation itself is :mod:`credtui.keys` (one implementation for TUI and CLI).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from credtui import keys
from credtui.checks import refusal
from credtui.errors import LocalValidationError
from credtui.files import path_refusal, shown_path

__all__ = ["GeneratedFiles", "default_key_name", "generate_key_files", "public_path_for"]

RSA_SIZES = (2048, 3072, 4096)


@dataclass(frozen=True)
class GeneratedFiles:
    """What :func:`generate_key_files` wrote and what identifies the key."""

    private_key: Path
    public_file: Path
    """The public key PEM, or the certificate PEM with ``certificate=True``."""
    bits: int
    kid: str
    """The RFC 7638 thumbprint Auth0 gives a public_key credential of this key."""
    certificate: bool
    thumbprint_sha256: str | None = None
    subject_dn: str | None = None
    not_after: datetime | None = None


def public_path_for(private_key: Path, certificate: bool) -> Path:
    """Where the public part goes: the key's path with ``.crt`` or ``.pub`` as suffix."""
    return private_key.with_suffix(".crt" if certificate else ".pub")


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` holding ``data`` with ``mode``; refuse if anything is there already."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, mode)
    try:
        os.fchmod(fd, mode)  # umask may have narrowed it; never widened past ``mode``
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        if fd != -1:
            os.close(fd)


def _write_orrefusal(path: Path, data: bytes, mode: int) -> None:
    try:
        _write_new(path, data, mode)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise refusal(
            "out", f"cannot write {shown_path(path)}: {exc.strerror or 'unwritable'}.", "unwritable"
        ) from None


def _exists(path: Path) -> LocalValidationError:
    return refusal(
        "out", f"{shown_path(path)} already exists; credtui never overwrites a key file.", "exists"
    )


def generate_key_files(
    out: Path,
    *,
    bits: int = 2048,
    certificate: bool = False,
    days: int = 365,
    subject: str | None = None,
    now: datetime | None = None,
) -> GeneratedFiles:
    """Generate an RSA key (and optionally a self-signed certificate) into new files.

    Raises :class:`LocalValidationError` before writing anything when a file
    exists already, the folder is missing, or the size, days or subject are
    refused; if the public part cannot be written, the private key just
    written is removed again.
    """
    problem = path_refusal(out)
    if problem is not None:
        raise refusal("out", problem, "not_a_path")
    public = public_path_for(out, certificate)
    if public == out:
        raise refusal(
            "out",
            f"{shown_path(out)} ends in {out.suffix}; name the key file e.g. key.pem.",
            "bad_name",
        )
    for path in (out, public):
        if path.exists() or path.is_symlink():
            raise _exists(path)
    if not out.parent.is_dir():
        raise refusal("out", f"the folder {shown_path(out.parent)} does not exist.", "no_folder")
    if bits not in RSA_SIZES:
        raise refusal("bits", f"use 2048, 3072 or 4096 bits, not {bits}.", "bad_key_size")
    when = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        key = keys.generate_rsa_key(bits)
        cert = (
            keys.generate_self_signed_certificate(key, subject or f"CN={out.stem}", days, now=when)
            if certificate
            else None
        )
    except keys.KeyMaterialError as exc:
        raise refusal("subject" if certificate else "bits", exc.message, exc.code) from None
    public_pem = keys.certificate_to_pem(cert) if cert is not None else keys.public_key_to_pem(key)
    _write_orrefusal(out, keys.private_key_to_pem(key), 0o600)
    try:
        _write_orrefusal(public, public_pem.encode("ascii"), 0o644)
    except BaseException:
        out.unlink(missing_ok=True)  # no private key without its public half
        raise
    info = keys.inspect_pem(public_pem)
    return GeneratedFiles(
        private_key=out,
        public_file=public,
        bits=bits,
        kid=keys.kid_for_public_key(key.public_key()),
        certificate=certificate,
        thumbprint_sha256=info.thumbprint_sha256,
        subject_dn=info.subject_dn,
        not_after=info.not_after,
    )


def default_key_name(application_name: str, when: str) -> str:
    """``<app-name>-<date>.pem`` with the name reduced to a safe file name (its stem is
    also the new credential's default name)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", application_name).strip("-").lower() or "key"
    return f"{slug[:40]}-{when}.pem"
