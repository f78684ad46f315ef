"""Loading the RSA private key that signs client assertions; errors never echo the key."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from credtui.keys.check import _article
from credtui.keys.errors import KeyLoadError


def load_private_key(
    path_or_bytes: str | os.PathLike[str] | bytes,
    password: str | bytes | None = None,
) -> rsa.RSAPrivateKey:
    """Load an RSA private key for signing client assertions.

    ``path_or_bytes`` is a file path (``str`` or path-like) or the file's
    contents. PEM (PKCS#8, PKCS#1, encrypted PKCS#8), DER and OpenSSH formats
    are read. Raises :class:`KeyLoadError` with code ``unreadable``,
    ``not_private_key``, ``password_required``, ``bad_password``, ``not_rsa``
    or ``bad_key``; messages never include the file's contents.
    """
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KeyLoadError(
                "unreadable", f"Cannot read {path}: {exc.strerror or exc}; check the path."
            ) from None
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
    return key


def _load_private(data: bytes, secret: bytes | None) -> PrivateKeyTypes:
    loader: Callable[[bytes, bytes | None], PrivateKeyTypes]
    if b"OPENSSH PRIVATE KEY" in data:
        loader = serialization.load_ssh_private_key
    elif b"-----BEGIN" in data:
        loader = serialization.load_pem_private_key
    else:
        loader = serialization.load_der_private_key
    try:
        return loader(data, secret)
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
