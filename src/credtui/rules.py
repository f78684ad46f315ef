"""Auth0's credential rules: the constants, exact error texts and small checks.

This module is the single place where credtui writes down what Auth0 allows for
client credentials (see ``reference/auth0-api-facts.md`` sections 2.2, 2.3, 2.7
and 4.2). The API client imports it to check input before sending; the emulator
imports it to answer as Auth0 does. It holds data and tiny pure functions only:
no third-party imports, no I/O. Key and certificate parsing lives in
:mod:`credtui.keys`, which uses these limits.

The ``check_*`` functions return ``None`` when the value is acceptable and a
one-sentence message for a person otherwise; callers decide how to raise or
display it. The ``MSG_*`` constants are Auth0's own response texts, quoted
exactly, for the emulator to wrap into Auth0's error bodies.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from credtui import vocabulary
from credtui.text import quoted
from credtui.timefmt import strftime
from credtui.vocabulary import CredentialType, Slot

# --- Auth0's vocabulary ------------------------------------------------------
# Written once in :mod:`credtui.vocabulary` (cheap to import, for the command line's
# parsers); named here too because every rule below, and the emulator, speaks it.

PUBLIC_KEY: Final = CredentialType.PUBLIC_KEY.value
X509_CERT: Final = CredentialType.X509_CERT.value
CERT_SUBJECT_DN: Final = CredentialType.CERT_SUBJECT_DN.value
PRIVATE_KEY_JWT: Final = Slot.PRIVATE_KEY_JWT.value
TLS_CLIENT_AUTH: Final = Slot.TLS_CLIENT_AUTH.value
SELF_SIGNED_TLS_CLIENT_AUTH: Final = Slot.SELF_SIGNED_TLS_CLIENT_AUTH.value
SIGNED_REQUEST_OBJECT: Final = Slot.SIGNED_REQUEST_OBJECT.value
TOKEN_VAULT_PRIVILEGED_ACCESS: Final = Slot.TOKEN_VAULT_PRIVILEGED_ACCESS.value
CREDENTIAL_TYPES: Final = vocabulary.CREDENTIAL_TYPES
CREDENTIAL_METHODS: Final = vocabulary.CREDENTIAL_METHODS
TOKEN_ENDPOINT_AUTH_METHODS: Final = vocabulary.TOKEN_ENDPOINT_AUTH_METHODS
CREDENTIAL_TYPE_FOR_SLOT: Final = vocabulary.CREDENTIAL_TYPE_FOR_SLOT
ALGS: Final = vocabulary.ALGS
DEFAULT_ALG: Final = vocabulary.DEFAULT_ALG
JWT_ALGS: Final = vocabulary.JWT_ALGS
JWT_ALG_CHOICES: Final = vocabulary.JWT_ALG_CHOICES
JWT_DEFAULT_ALG: Final = vocabulary.JWT_DEFAULT_ALG
SYMMETRIC_JWT_ALG: Final = vocabulary.SYMMETRIC_JWT_ALG

# --- ID token signing (jwt_configuration.alg, facts 3.1) --------------------

JWT_ALG_LABELS: Final[dict[str, str]] = {
    "HS256": "HS256 (signed with the client secret)",
    "RS256": "RS256 (signed with the tenant's private key)",
    "RS512": "RS512 (signed with the tenant's private key)",
    "PS256": "PS256 (tenant's private key, RSA-PSS; needs an Auth0 add-on)",
}


def check_jwt_alg(alg: str, method_label: str | None) -> str | None:
    """Check ``alg`` for ``jwt_configuration.alg`` while the application authenticates with
    the credential method ``method_label`` (None: a secret method, ``none``, or unknown).

    Auth0 accepts a credential method only with an asymmetric algorithm (the spec: "must
    be set to RS256"; PS256 was recorded working), so HS256 is refused beside one.
    """
    if alg not in JWT_ALGS:
        return f"Unknown ID token algorithm {quoted(alg)}; Auth0 accepts {', '.join(JWT_ALGS)}."
    if alg == SYMMETRIC_JWT_ALG and method_label is not None:
        return (
            f"HS256 cannot be used with {method_label}: Auth0 needs RS256 or PS256 while a "
            "credential method (Private Key JWT, mTLS) is in use. Switch the application to "
            "a client secret method first."
        )
    return None


# --- Field limits (POST /clients/{id}/credentials) --------------------------

NAME_MAX: Final = 128
KID_MIN: Final = 10
KID_MAX: Final = 64
KID_PATTERN: Final = r"^([0-9a-zA-Z-_]{10,64})$"
"""Auth0's kid pattern exactly as the OpenAPI spec writes it (``-`` and ``_`` literal)."""
_KID_RE: Final = re.compile(r"[0-9A-Za-z_-]+")
SUBJECT_DN_MIN: Final = 1
SUBJECT_DN_MAX: Final = 256
MAX_CERT_PEM_CHARS: Final = 4096
"""Auth0's cert credential schemas (inline on POST /clients) cap ``pem`` at 4096 chars.

The ``public_key`` schema has no cap. Callers check this per type with
:func:`check_cert_pem_length`.
"""

# --- Counts -----------------------------------------------------------------

CREDENTIAL_ID_PATTERN: Final = r"^cred_[1-9A-HJ-NP-Za-km-z]{22}$"
"""A credential id (the spec's ``credential-id`` format): ``cred_`` and 22 base58
characters, the shape of every recorded id (the spec names the format, not its rule)."""

MAX_ATTACHED_PER_METHOD: Final = 2
"""Credentials attached to one slot (e.g. ``private_key_jwt``) at a time."""
MAX_CREDENTIALS_PER_CLIENT: Final = 4
"""Credential records a client may hold, attached or not, across all slots."""

# --- RSA key size (public_key credentials) ----------------------------------

RSA_MIN_BITS: Final = 2048
RSA_MAX_BITS: Final = 4096

# --- Client assertions (RFC 7523, facts 4.2) --------------------------------

CLIENT_ASSERTION_TYPE: Final = vocabulary.CLIENT_ASSERTION_TYPE
ASSERTION_MAX_BYTES: Final = 2048
ASSERTION_CLAIM_MAX: Final = 64
"""Maximum length of ``iss``, ``sub`` and ``jti``."""
ASSERTION_MAX_LIFETIME_SECONDS: Final = 300
ASSERTION_CLOCK_SKEW_SECONDS: Final = 10

# --- Token Vault privileged access (facts: token_vault_privileged_access) ----

TOKEN_VAULT_IP_ALLOWLIST_MAX: Final = 10
"""``ip_allowlist`` entries (IPv4/IPv6 addresses or CIDR ranges) Auth0 allows."""
TOKEN_VAULT_GRANTS_MAX: Final = 5
"""``grants`` entries (one a connection) Auth0 allows."""
TOKEN_VAULT_SCOPES_MAX: Final = 20
"""Scopes across all ``grants`` Auth0 allows."""
IP_OR_CIDR_FORMAT: Final = "ip-or-cidr"
"""The format name of a Token Vault ``ip_allowlist`` entry (Auth0's own is not published)."""


def is_ip_or_cidr(text: str) -> bool:
    """An IPv4/IPv6 address or CIDR range, as Token Vault's ``ip_allowlist`` takes
    (``10.0.0.1``, ``192.168.1.0/24``, ``2001:db8::/32``; host bits may be set)."""
    if not text or text != text.strip():
        return False
    try:
        if "/" in text:
            ipaddress.ip_network(text, strict=False)
        else:
            ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def token_vault_scope_count(grants: Sequence[Mapping[str, Any]]) -> int:
    """Scopes across every grant (Auth0 allows :data:`TOKEN_VAULT_SCOPES_MAX` in all)."""
    return sum(len(g.get("scopes") or ()) for g in grants)


TOKEN_VAULT_TEXT_MAX: Final = 256
"""The longest address, connection or scope credtui keeps from a tenant's answer (display bound)."""

# --- Auth0's exact texts ----------------------------------------------------

MSG_TOO_MANY_CREDENTIALS: Final = (
    f"A client can have a maximum of {MAX_CREDENTIALS_PER_CLIENT} credentials."
)
MSG_DUPLICATE_PUBLIC_KEY: Final = "credentials contains public keys that already exist in client"
MSG_CREDENTIAL_STILL_ASSOCIATED: Final = "Cannot delete credential still associated with a client"
MSG_CLIENT_NOT_FOUND: Final = "The client does not exist"
MSG_CREDENTIAL_NOT_FOUND: Final = "The credential does not exist"
ERROR_CODE_INEXISTENT_CLIENT: Final = "inexistent_client"


def array_too_long_message(n: int, maximum: int = MAX_ATTACHED_PER_METHOD) -> str:
    """Auth0's schema text for an over-long array, e.g. ``Array is too long (3), maximum 2``."""
    return f"Array is too long ({n}), maximum {maximum}"


# --- Checks -----------------------------------------------------------------


def credential_type_for_method(method: str) -> str | None:
    """The credential type a slot takes, or ``None`` if ``method`` takes no credentials."""
    return CREDENTIAL_TYPE_FOR_SLOT.get(method)


def check_credential_type(credential_type: str) -> str | None:
    """Check a ``credential_type`` value."""
    if credential_type in CREDENTIAL_TYPES:
        return None
    return f"Unknown credential type {quoted(credential_type)}; use one of {', '.join(CREDENTIAL_TYPES)}."


def check_name(name: str) -> str | None:
    """Check a credential name: optional, at most :data:`NAME_MAX` characters."""
    if len(name) > NAME_MAX:
        return f"The name is {len(name)} characters long; Auth0 allows at most {NAME_MAX}."
    return None


def check_kid(kid: str) -> str | None:
    """Check a custom kid against Auth0's pattern ``^([0-9a-zA-Z-_]{10,64})$``."""
    if len(kid) < KID_MIN:
        return f"The kid is {len(kid)} characters long; Auth0 needs {KID_MIN} to {KID_MAX}."
    if len(kid) > KID_MAX:
        return f"The kid is {len(kid)} characters long; Auth0 allows at most {KID_MAX}."
    if not _KID_RE.fullmatch(kid):
        return "The kid may contain only letters, digits, '-' and '_'."
    return None


def check_subject_dn_length(subject_dn: str) -> str | None:
    """Check a subject DN's length (1 to 256 characters, as Auth0's schema says)."""
    if len(subject_dn) < SUBJECT_DN_MIN:
        return "The subject DN is empty; give at least one attribute, e.g. CN=my-client."
    if len(subject_dn) > SUBJECT_DN_MAX:
        return (
            f"The subject DN is {len(subject_dn)} characters long; "
            f"Auth0 allows at most {SUBJECT_DN_MAX}."
        )
    return None


def check_cert_pem_length(pem: str) -> str | None:
    """Check a certificate PEM against the 4096-character cap of the cert schemas."""
    if len(pem) > MAX_CERT_PEM_CHARS:
        return (
            f"The certificate PEM is {len(pem)} characters long; Auth0 accepts at most "
            f"{MAX_CERT_PEM_CHARS}, so give the leaf certificate alone."
        )
    return None


def check_alg(alg: str) -> str | None:
    """Check a signing algorithm for a public_key credential or a client assertion."""
    if alg in ALGS:
        return None
    return f"Unsupported algorithm {quoted(alg)}; Auth0 accepts {', '.join(ALGS)}."


def check_rsa_key_size(bits: int) -> str | None:
    """Check an RSA key size for a public_key credential (2048 to 4096 bits)."""
    if bits < RSA_MIN_BITS or bits > RSA_MAX_BITS:
        return (
            f"This is a {bits}-bit RSA key; Auth0 accepts {RSA_MIN_BITS} to "
            f"{RSA_MAX_BITS} bits, so use a key of that size."
        )
    return None


def check_expiry(expires_at: datetime, now: datetime) -> str | None:
    """Check that an expiry is timezone-aware and in the future relative to ``now``."""
    if expires_at.tzinfo is None or expires_at.utcoffset() is None:
        return "The expiry has no time zone; give it in UTC, e.g. 2030-01-31T00:00:00Z."
    if expires_at <= now:
        when = strftime(expires_at.astimezone(UTC), "%Y-%m-%d %H:%M UTC")
        return f"The expiry {when} is not in the future; choose a later date."
    return None


def check_attached_count(n: int) -> str | None:
    """Check how many credentials one slot would hold, in words (Auth0 itself answers
    :func:`array_too_long_message`, which names no method and reaches no person)."""
    if n > MAX_ATTACHED_PER_METHOD:
        return f"Auth0 allows at most {MAX_ATTACHED_PER_METHOD} credentials on one method, not {n}."
    return None


def check_credential_count(existing: int) -> str | None:
    """Check whether a client holding ``existing`` credentials may get one more."""
    if existing >= MAX_CREDENTIALS_PER_CLIENT:
        return MSG_TOO_MANY_CREDENTIALS
    return None


@dataclass(frozen=True)
class KeyFacts:
    """What one side knows of the key behind a credential, for :func:`same_key`.

    The emulator holds every PEM it was given, so it knows all of these. The client
    knows all of them for the PEM it is about to send, but of a credential already on
    the application only what Auth0 lists: ``kid`` (``public_key``) or
    ``thumbprint_sha256`` (``x509_cert``), never the PEM, so ``public_key_sha256`` and
    ``key_kid`` are None there.
    """

    credential_type: str
    kid: str | None = None
    """The credential's kid as Auth0 lists it: the key's RFC 7638 thumbprint, or a custom one."""
    thumbprint_sha256: str | None = None
    """x509_cert: base64url SHA-256 of the certificate's DER."""
    public_key_sha256: str | None = None
    """base64url SHA-256 of the key's SPKI DER: known only with the PEM in hand."""
    key_kid: str | None = None
    """The RFC 7638 thumbprint of the key itself (Auth0's automatic kid): only with the PEM."""


def same_key(a: KeyFacts, b: KeyFacts) -> bool:
    """Whether Auth0 would refuse ``a`` and ``b`` on one client as the same key.

    Auth0 refuses a second credential of the same type over the same public key
    (:data:`MSG_DUPLICATE_PUBLIC_KEY`), whatever its kid, name or certificate. So:

    * different types never collide (a certificate's key may be a ``public_key``
      and an ``x509_cert`` credential at once); ``cert_subject_dn`` keeps no key
      and never collides (one DN may be held twice);
    * when both SPKI digests are known (the emulator, always), they alone decide;
    * otherwise (the client, about a listed credential) the facts that imply the
      same key decide: the same certificate thumbprint, or a listed kid equal to
      the other key's RFC 7638 thumbprint (Auth0's automatic kid).

    What the client cannot see, so only the tenant refuses: a ``public_key``
    listed under a custom kid holding the same key, and an ``x509_cert`` whose
    certificate differs but whose key is the same. A custom kid shared by two
    different keys is not the same key.
    """
    if a.credential_type != b.credential_type or a.credential_type == CERT_SUBJECT_DN:
        return False
    if a.public_key_sha256 is not None and b.public_key_sha256 is not None:
        return a.public_key_sha256 == b.public_key_sha256
    if a.thumbprint_sha256 is not None and a.thumbprint_sha256 == b.thumbprint_sha256:
        return True
    return (a.key_kid is not None and a.key_kid == b.kid) or (
        b.key_kid is not None and b.key_kid == a.kid
    )


def format_timestamp(when: datetime) -> str:
    """Auth0's timestamp form: UTC, exactly three fractional digits, ``Z``.

    ``2023-05-16T11:07:30.535694+02:00`` becomes ``2023-05-16T09:07:30.535Z``
    (truncated, not rounded). A naive datetime is taken to be UTC.
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    utc = when.astimezone(UTC)
    return strftime(utc, "%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
