""":func:`inspect_pem`: what a user pasted or a file holds, read as Auth0 would.

The refusals it raises are built in :mod:`credtui.keys._refusals`; the result is a
:class:`credtui.keys.info.PemInfo`.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Final

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from credtui.keys._refusals import (
    _bad_der,
    _check_jwk,
    _der_is_private_key,
    _looks_like_pkcs12,
    _private_key_error,
    _refuse_label,
    _ssh_public_error,
    _truncated,
    refuse_private_material,
)
from credtui.keys.errors import PemError
from credtui.keys.info import PemInfo, _armour, _info_from_certificate, _info_from_public_key
from credtui.keys.thumbprints import _spki_der

DEFAULT_MAX_BYTES: Final = 16 * 1024
"""Default input cap for :func:`inspect_pem`; a leaf certificate is a few KiB at most."""


_ACCEPTED_LABELS: Final = ("PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE")
# Any armour-looking marker, loosely: wrong dash counts, spacing and case included.
_LOOSE_MARKER: Final = re.compile(
    r"-{2,}[ \t]*(BEGIN|END)[ \t]+([A-Za-z0-9][A-Za-z0-9 ._#/-]{0,60}?)[ \t]*-{2,}",
    re.IGNORECASE,
)
_STRICT_MARKER: Final = re.compile(r"-----(BEGIN|END) ([A-Z0-9]+(?: [A-Z0-9]+)*)-----")
_B64_CHARS: Final = re.compile(r"[A-Za-z0-9+/=]+")
_SSH_PUBLIC: Final = re.compile(
    r"^\s*(ssh-rsa|ssh-dss|ssh-ed25519|ssh-ed448|ecdsa-sha2-[\w-]+|sk-[\w@.-]+)\s+AAAA", re.M
)
_ESCAPED_NEWLINE: Final = re.compile(r"\\r\\n|\\n|\\r")


def _try_der(der: bytes) -> PemInfo | None:
    """Classify DER bytes: refuse private material, accept a certificate or SPKI."""
    if _looks_like_pkcs12(der):
        raise _private_key_error(
            "a PKCS#12/PFX bundle", "openssl pkcs12 -in FILE.p12 -clcerts -nokeys -out cert.pem"
        )
    if _der_is_private_key(der):
        raise _private_key_error("DER-encoded")
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        pass
    else:
        return _info_from_certificate(cert)
    try:
        key = serialization.load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm):
        return None
    return _info_from_public_key(key, "PUBLIC KEY", _armour("PUBLIC KEY", _spki_der(key)))


def _unescape(text: str) -> str:
    """Undo the JSON escaping of Auth0's docs (literal ``\\r\\n``, ``\\n``, ``\\/``)."""
    if "\\" not in text:
        return text
    if _ESCAPED_NEWLINE.search(text) and ("BEGIN" in text.upper() or "-----" in text):
        text = _ESCAPED_NEWLINE.sub("\n", text)
        text = text.replace("\\/", "/")
    return text


def inspect_pem(text: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> PemInfo:
    """Parse what a user pasted or a file holds into a :class:`PemInfo`.

    Accepts one SPKI ``PUBLIC KEY``, PKCS#1 ``RSA PUBLIC KEY`` or X.509
    ``CERTIFICATE`` block, tolerating indentation, CRLF, the JSON-escaped form
    of Auth0's docs (literal ``\\r\\n``/``\\n``), text around the block and
    blank lines; also bare DER or bare base64 of a certificate or SPKI key.

    Raises :class:`PemError` with one of these codes: ``empty``, ``too_large``,
    ``not_text``, ``no_pem_block``, ``truncated``, ``label_mismatch``,
    ``bad_armour``, ``bad_base64``, ``bad_der``, ``multiple_blocks``,
    ``certificate_chain``, ``private_key``, ``certificate_request``, ``jwk``,
    ``ssh_public_key``, ``unsupported_type``, ``unsupported_key``.
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "replace"))
    if size > max_bytes:
        raise PemError(
            "too_large",
            f"The input is {size:,} bytes, over the {max_bytes:,}-byte limit; give a single "
            "PEM public key or certificate, which is a few kilobytes at most.",
        )
    if isinstance(text, bytes):
        decoded = _decode_bytes(text)
        if isinstance(decoded, PemInfo):
            return decoded
        text = decoded
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PemError("empty", "The PEM is empty; give a PEM public key or certificate.")
    text = _unescape(text).replace("\r\n", "\n").replace("\r", "\n")

    # Private material first, anywhere in the text and however disguised, so that
    # it is never parsed further.
    refuse_private_material(text)
    loose = list(_LOOSE_MARKER.finditer(text))
    if any(" ".join(m.group(2).upper().split()) == "SSH2 PUBLIC KEY" for m in loose):
        raise _ssh_public_error()
    for m in loose:
        if not _STRICT_MARKER.fullmatch(m.group(0)):
            label = " ".join(m.group(2).upper().split())
            raise PemError(
                "bad_armour",
                f"The {m.group(1).upper()} {label} line is malformed; PEM armour is exactly "
                f"'-----{m.group(1).upper()} {label}-----' with five dashes on each side.",
            )
    if not loose:
        return _no_block(text)

    blocks = _pair_blocks(loose, text)
    if len(blocks) > 1:
        labels = [label for label, _ in blocks]
        if all(label == "CERTIFICATE" for label in labels):
            raise PemError(
                "certificate_chain",
                f"This holds {len(blocks)} certificates (a chain); give only the leaf "
                "certificate, the one issued to your client, which is usually the first block.",
            )
        raise PemError(
            "multiple_blocks",
            f"This holds {len(blocks)} PEM blocks ({', '.join(labels)}); give exactly one "
            "public key or certificate.",
        )
    label, body = blocks[0]
    if label not in _ACCEPTED_LABELS:
        raise _refuse_label(label)
    der = _decode_base64(body, label)
    return _parse_block(label, der)


def _decode_bytes(data: bytes) -> str | PemInfo:
    """Bytes from a file: text if it decodes as such, else classify as DER."""
    if not data.strip():
        raise PemError("empty", "The file is empty; give a PEM public key or certificate instead.")
    if data[:1] == b"\x30":
        info = _try_der(data)
        if info is not None:
            return info
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        decoded = None
    if decoded is None or "\x00" in decoded:
        raise PemError(
            "not_text",
            "This is binary data that is neither PEM nor a DER certificate or public key; "
            "give a PEM public key or certificate.",
        )
    return decoded


def _no_block(text: str) -> PemInfo:
    _check_jwk(text)
    if _SSH_PUBLIC.search(text):
        raise _ssh_public_error()
    compact = "".join(text.split())
    if len(compact) >= 32 and _B64_CHARS.fullmatch(compact):
        try:
            der = base64.b64decode(compact, validate=True)
        except (binascii.Error, ValueError):
            der = b""
        if der[:1] == b"\x30":
            info = _try_der(der)
            if info is not None:
                return info
    raise PemError(
        "no_pem_block",
        "No PEM block was found; paste the whole key or certificate including its "
        "-----BEGIN ...----- and -----END ...----- lines.",
    )


def _pair_blocks(markers: list[re.Match[str]], text: str) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    open_marker: re.Match[str] | None = None
    for m in markers:
        kind, label = m.group(1), m.group(2)
        if kind == "BEGIN":
            if open_marker is not None:
                raise _truncated(open_marker.group(2))
            open_marker = m
            continue
        if open_marker is None:
            raise PemError(
                "truncated",
                f"An END {label} line has no BEGIN line before it; paste the whole block.",
            )
        if label != open_marker.group(2):
            raise PemError(
                "label_mismatch",
                f"The block begins as {open_marker.group(2)} but ends as {label}; the BEGIN "
                "and END lines must match, so paste the block again unedited.",
            )
        blocks.append((label, text[open_marker.end() : m.start()]))
        open_marker = None
    if open_marker is not None:
        raise _truncated(open_marker.group(2))
    return blocks


def _decode_base64(body: str, label: str) -> bytes:
    lines = [line.strip() for line in body.split("\n")]
    if any(":" in line for line in lines):
        raise PemError(
            "bad_base64",
            f"The {label} block has PEM headers inside it, which Auth0 does not accept; "
            "give a plain block.",
        )
    compact = "".join(body.split())
    if not compact:
        raise PemError(
            "bad_base64", f"The {label} block is empty; paste the whole block, contents included."
        )
    try:
        der = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        der = b""
    if not der:
        raise PemError(
            "bad_base64",
            f"The {label} block's contents are not valid base64 (damaged or edited text); "
            "copy the block again from the original file.",
        )
    return der


def _parse_block(label: str, der: bytes) -> PemInfo:
    if _looks_like_pkcs12(der):
        raise _private_key_error(
            "a PKCS#12/PFX bundle", "openssl pkcs12 -in FILE.p12 -clcerts -nokeys -out cert.pem"
        )
    if label == "CERTIFICATE":
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError:
            if _der_is_private_key(der):
                raise _private_key_error("mislabelled as a certificate") from None
            raise _bad_der(label) from None
        return _info_from_certificate(cert)
    try:
        key = serialization.load_der_public_key(der)
    except UnsupportedAlgorithm:
        raise PemError(
            "unsupported_key",
            "This public key's algorithm is not one credtui can read; use an RSA key.",
        ) from None
    except ValueError:
        if _der_is_private_key(der):
            raise _private_key_error("mislabelled as a public key") from None
        raise _bad_der(label) from None
    # Label by what the DER really is: SPKI is PUBLIC KEY, PKCS#1 is RSA PUBLIC KEY
    # (both accepted by Auth0); a mislabelled block is relabelled, not refused.
    spki = _spki_der(key)
    if der == spki:
        label = "PUBLIC KEY"
    elif isinstance(key, rsa.RSAPublicKey) and der == key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1
    ):
        label = "RSA PUBLIC KEY"
    else:  # a loose (non-DER) encoding: send the canonical SPKI instead
        der, label = spki, "PUBLIC KEY"
    return _info_from_public_key(key, label, _armour(label, der))
