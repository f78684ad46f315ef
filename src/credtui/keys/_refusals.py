"""The refusals of :func:`credtui.keys.inspect_pem`: private material, wrong types, damage.

Nothing here echoes the input: a private key is named by its kind only.
"""

from __future__ import annotations

import json
import re
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
        serialization.load_der_private_key(der, password=None)
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
