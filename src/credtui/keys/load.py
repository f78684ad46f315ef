"""Loading the RSA private key that signs client assertions; errors never echo the key.

OpenSSL's validation of an RSA key (``RSA_check_key``) holds the GIL and grows
steeply with the size: ~0.7 s at 4096 bits, ~10 s at 8192, ~42 s at 16,384, so a
key is parsed unvalidated first, refused if it is larger than Auth0 accepts,
and then checked here in Python (consistency of n, p, q and the CRT values, and
a probable-prime test of p and q), which a worker thread can run without
freezing an event loop.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Final

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import rules
from credtui.files import FileRefused, path_refusal, read_small_file, shown_path
from credtui.keys.check import _article
from credtui.keys.errors import KeyLoadError

MAX_KEY_FILE_BYTES: Final = 64 * 1024
"""The most read from a private key file; an 8192-bit PEM key is under 7 KiB."""


def load_private_key(
    path_or_bytes: str | os.PathLike[str] | bytes,
    password: str | bytes | None = None,
) -> rsa.RSAPrivateKey:
    """Load an RSA private key for signing client assertions.

    ``path_or_bytes`` is a file path (``str`` or path-like) or the file's
    contents. PEM (PKCS#8, PKCS#1, encrypted PKCS#8), DER and OpenSSH formats
    are read. Raises :class:`KeyLoadError` with code ``not_a_path`` (PEM text given
    as the path: :func:`credtui.files.path_refusal`), ``unreadable``,
    ``not_private_key``, ``password_required``, ``bad_password``, ``not_rsa``,
    ``key_too_large`` or ``bad_key``; messages never include the file's contents.
    """
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        refusal = path_refusal(path_or_bytes)
        if refusal is not None:
            raise KeyLoadError("not_a_path", refusal)
        path = Path(path_or_bytes)
        try:
            data, _ = read_small_file(path, MAX_KEY_FILE_BYTES)
        except FileRefused as exc:
            raise KeyLoadError(
                "unreadable",
                f"Cannot use {shown_path(path)}: it {exc}; give a PEM private key file.",
            ) from None
        except OSError as exc:
            raise KeyLoadError(
                "unreadable",
                f"Cannot read {shown_path(path)}: {exc.strerror or 'unreadable'}; check the path.",
            ) from None
        except ValueError:  # a NUL character: no file can have this name
            raise KeyLoadError(
                "unreadable", "The private key path is not a valid file name; check the path."
            ) from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyLoadError(
            "unreadable",
            f"This is over {MAX_KEY_FILE_BYTES // 1024} KiB, far more than a private key; "
            "give a PEM private key file.",
        )
    secret = password.encode("utf-8") if isinstance(password, str) else password
    key = _load_private(data, secret)
    if not isinstance(key, rsa.RSAPrivateKey):
        key_type = type(key).__name__.replace("PrivateKey", "").replace("EllipticCurve", "EC")
        raise KeyLoadError(
            "not_rsa",
            f"This is {_article(key_type)} {key_type} private key; Auth0 client assertions need "
            "an RSA key "
            "(RS256, RS384 or PS256).",
        )
    too_large = key.key_size > rules.RSA_MAX_BITS and rules.check_rsa_key_size(key.key_size)
    if too_large:
        raise KeyLoadError("key_too_large", too_large)
    _check_rsa_private(key)
    return key


def _check_rsa_private(key: rsa.RSAPrivateKey) -> None:
    """What OpenSSL's validation would refuse, in Python (see the module docstring)."""
    numbers = key.private_numbers()
    p, q, n, e = numbers.p, numbers.q, numbers.public_numbers.n, numbers.public_numbers.e
    consistent = (
        1 < p < n
        and 1 < q < n
        and p * q == n
        and e > 1
        and (e * numbers.dmp1) % (p - 1) == 1
        and (e * numbers.dmq1) % (q - 1) == 1
        and (numbers.iqmp * q) % p == 1
        and numbers.d % (p - 1) == numbers.dmp1
        and numbers.d % (q - 1) == numbers.dmq1
    )
    if not consistent or not (_probably_prime(p) and _probably_prime(q)):
        raise KeyLoadError(
            "bad_key",
            "This RSA private key is damaged (its numbers do not fit together); "
            "use an intact copy of the key file.",
        )


def _probably_prime(n: int, rounds: int = 5) -> bool:
    """Miller-Rabin with random bases: composite ``n`` passes with odds below 4**-rounds."""
    if n < 4 or n % 2 == 0:
        return n in (2, 3)
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(2 + secrets.randbelow(n - 3), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _load_private(data: bytes, secret: bytes | None) -> object:
    """The key the data holds, of whatever type: each cryptography release widens these
    loaders' return unions (ML-DSA and hybrids, not all of them ``PrivateKeyTypes``), so
    the caller narrows it with ``isinstance``, as load_private_key does."""
    loaders: dict[str, Callable[..., object]] = {
        "ssh": serialization.load_ssh_private_key,
        "pem": serialization.load_pem_private_key,
        "der": serialization.load_der_private_key,
    }
    form = "ssh" if b"OPENSSH PRIVATE KEY" in data else "pem" if b"-----BEGIN" in data else "der"
    try:
        # Unvalidated here: load_private_key bounds the size, then checks the key.
        return loaders[form](data, secret, unsafe_skip_rsa_key_validation=True)
    except TypeError:
        if secret is None:
            raise KeyLoadError(
                "password_required",
                "This private key is encrypted; give its password (--password or the prompt).",
            ) from None
        return _load_private(data, None)  # not encrypted: the password is not needed
    except UnsupportedAlgorithm:
        raise KeyLoadError(
            "bad_key",
            "This private key uses a format or cipher credtui cannot read; convert it to "
            "PKCS#8 PEM (e.g. `openssl pkey -in KEY -out key.pem`).",
        ) from None
    except ValueError:
        if secret is not None and (b"ENCRYPTED" in data or b"OPENSSH" in data):
            raise KeyLoadError(
                "bad_password", "The password does not decrypt this private key; try again."
            ) from None
    if re.search(rb"-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----", data):
        raise KeyLoadError(
            "not_private_key",
            "This file holds a public key or certificate; signing needs the matching private key.",
        )
    raise KeyLoadError(
        "bad_key",
        "This is not a private key credtui can read; give a PEM (PKCS#8 or PKCS#1), DER or "
        "OpenSSH RSA private key.",
    )
