"""The refusals of :func:`credtui.keys.inspect_pem`: private material, wrong types, damage.

Nothing here echoes the input: a private key is named by its kind only.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from typing import Final

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from credtui.keys.errors import PemError

_PUBKEY_HINT: Final = "openssl pkey -in KEY.pem -pubout -out public.pem"


_PKCS12_VERSION: Final = b"\x02\x01\x03\x30"
_PKCS7_OID_PREFIX: Final = b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07"


def _private_key_error(what: str, hint: str = _PUBKEY_HINT) -> PemError:
    return PemError(
        "private_key",
        f"This is a private key ({what}); private keys never leave this machine, so give "
        f"the public key or certificate instead (e.g. `{hint}`).",
    )


def _looks_like_pkcs12(der: bytes) -> bool:
    return _PKCS12_VERSION in der[:8] and _PKCS7_OID_PREFIX in der[:40]


def _der_is_private_key(der: bytes) -> bool:
    try:
        # Only classifying: skipping RSA validation keeps a huge key from costing
        # seconds (a 16,384-bit one took ~42 s to validate).
        serialization.load_der_private_key(der, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:
        return True  # encrypted: a password is needed, so it is a private key
    except (ValueError, UnsupportedAlgorithm):
        return False
    return True


def _refuse_label(label: str) -> PemError:
    """The refusal for a well-formed block whose label credtui does not accept."""
    if "PRIVATE KEY" in label:
        what = {
            "PRIVATE KEY": "PKCS#8 PRIVATE KEY",
            "RSA PRIVATE KEY": "PKCS#1 RSA PRIVATE KEY",
            "EC PRIVATE KEY": "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY": "encrypted PKCS#8",
            "DSA PRIVATE KEY": "DSA PRIVATE KEY",
        }.get(label, label)
        if label == "OPENSSH PRIVATE KEY":
            return _private_key_error("OpenSSH", "ssh-keygen -e -m PKCS8 -f KEY > public.pem")
        return _private_key_error(what)
    if label in ("PKCS12", "PFX"):
        return _private_key_error(
            "a PKCS#12/PFX bundle", "openssl pkcs12 -in FILE.p12 -clcerts -nokeys -out cert.pem"
        )
    if "CERTIFICATE REQUEST" in label:
        return PemError(
            "certificate_request",
            "This is a certificate signing request (CSR), not a certificate; give the "
            "certificate issued for it, or the public key (`openssl req -in FILE -pubkey -noout`).",
        )
    if label in ("PKCS7", "CMS"):
        return PemError(
            "unsupported_type",
            f"This is a {label} bundle; extract the leaf certificate with "
            "`openssl pkcs7 -in FILE -print_certs` and give that alone.",
        )
    if label == "SSH2 PUBLIC KEY":
        return _ssh_public_error()
    return PemError(
        "unsupported_type",
        f"A '{label}' block is not something Auth0 accepts; give a PUBLIC KEY, "
        "RSA PUBLIC KEY or CERTIFICATE block.",
    )


def _ssh_public_error() -> PemError:
    return PemError(
        "ssh_public_key",
        "This is an SSH public key, which Auth0 does not accept; convert it to PEM with "
        "`ssh-keygen -e -m PKCS8 -f KEY.pub`.",
    )


def _check_jwk(text: str) -> None:
    stripped = text.strip()
    if not stripped.startswith("{") or ('"kty"' not in stripped and '"keys"' not in stripped):
        return
    private = False
    try:
        obj = json.loads(stripped)
    except ValueError:
        private = re.search(r'"(d|p|q|dp|dq|qi|k)"\s*:', stripped) is not None
    else:
        candidates = obj.get("keys", [obj]) if isinstance(obj, dict) else []
        private = any(
            isinstance(k, dict) and any(m in k for m in ("d", "p", "q", "k")) for k in candidates
        )
    if private:
        raise _private_key_error("a private JWK")
    raise PemError(
        "jwk",
        "This is a JWK (JSON), not PEM; give the key as a PEM public key or certificate "
        "(e.g. export it with your key tool as -----BEGIN PUBLIC KEY-----).",
    )


def _truncated(label: str) -> PemError:
    return PemError(
        "truncated",
        f"The {label} block has no END line, so it was cut short; paste the whole block "
        f"through -----END {label}-----.",
    )


def _bad_der(label: str) -> PemError:
    return PemError(
        "bad_der",
        f"The {label} block decodes but is not a valid {label.lower()}; the data is damaged "
        "or mislabelled, so export it again.",
    )


# Look-alikes of '-' that a word processor or a chat client puts in armour lines.
_DASHES: Final = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
_PRIVATE_ARMOUR: Final = re.compile(
    r"\b(?:BEGIN|END)[ \t_]*((?:[A-Z0-9]+[ \t_]+){0,3}?)PRIVATE[ \t_]*KEY|"
    r"\b(?:BEGIN|END)[ \t_]+(PKCS12|PFX)\b"
)
_B64_LINE: Final = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_B64_BLOB: Final = re.compile(r"[A-Za-z0-9+/]{64,}={0,2}")
_BEGIN_LABEL: Final = re.compile(r"BEGIN[ \t]+([A-Z0-9]+(?:[ \t]+[A-Z0-9]+)*)")
_PRIVATE_JWK_MEMBER: Final = re.compile(r'"(d|p|q|dp|dq|qi|k)"\s*:')


def _normalised(text: str) -> str:
    """``text`` with look-alikes made plain: NFKC (no-break and other spaces, full-width
    letters), dashes and minus signs as '-', invisible format characters removed."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def refuse_private_material(text: str) -> None:
    """Refuse ``text`` if it holds private material anywhere, however it is disguised.

    Checked before any block is parsed, over the whole text (so a private key
    after a public one counts): armour naming a private key or PKCS#12, after
    look-alike dashes and spaces are made plain; a PuTTY key; a private JWK;
    and any run of base64 (lines, or one long token) that decodes to
    private-key or PKCS#12 DER.
    """
    plain = _normalised(text)
    upper = plain.upper()
    found = _PRIVATE_ARMOUR.search(upper)
    if found:
        if found.group(2):
            raise _refuse_label(found.group(2))
        raise _refuse_label(" ".join((found.group(1) + "PRIVATE KEY").replace("_", " ").split()))
    if "PUTTY-USER-KEY-FILE-" in upper:
        raise _private_key_error("a PuTTY .ppk key", "puttygen KEY.ppk -O public-openssh")
    if '"kty"' in plain and _PRIVATE_JWK_MEMBER.search(plain):
        raise _private_key_error("a private JWK")
    for der, label in _base64_runs(plain):
        if _looks_like_pkcs12(der):
            raise _private_key_error(
                "a PKCS#12/PFX bundle", "openssl pkcs12 -in FILE.p12 -clcerts -nokeys -out cert.pem"
            )
        if _der_is_private_key(der):
            if label is None:
                raise _private_key_error("base64-encoded DER")
            kind = {"CERTIFICATE": "a certificate", "PUBLIC KEY": "a public key"}
            raise _private_key_error(f"mislabelled as {kind.get(label, label)}")


def _base64_runs(text: str) -> list[tuple[bytes, str | None]]:
    """DER decoded from each run of base64 lines and each long base64 token in ``text``,
    with the label of the BEGIN line just before a run (None if there is none)."""
    candidates: list[tuple[str, str | None]] = []
    run: list[str] = []
    before: str | None = None
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and _B64_LINE.fullmatch(stripped):
            run.append(stripped)
            continue
        if run:
            candidates.append(("".join(run), before))
            run = []
        candidates.extend((blob, None) for blob in _B64_BLOB.findall(line))
        begin = _BEGIN_LABEL.search(stripped.upper())
        before = begin.group(1).replace("RSA PUBLIC KEY", "PUBLIC KEY") if begin else None
    if run:
        candidates.append(("".join(run), before))
    decoded = []
    for candidate, label in candidates:
        if len(candidate) < 64:  # shorter than any private key's DER in base64
            continue
        try:
            der = base64.b64decode(candidate, validate=True)
        except (binascii.Error, ValueError):
            continue
        if der[:1] == b"\x30":
            decoded.append((der, label))
    return decoded
