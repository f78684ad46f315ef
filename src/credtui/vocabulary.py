"""Auth0's words for application credentials, each written once.

The credential types, the authentication methods and the slots a credential is
attached to, the signing algorithms and the client-assertion type are Auth0's own
vocabulary (``reference/auth0-api-facts.md`` sections 2.2, 3.1 and 4.2). The rules
(:mod:`credtui.rules`), the models (:mod:`credtui.models`), the config, the command
line's parsers and the API client all take them from here.

Cheap to import, so that ``credtui --help`` can build its choices from it: nothing
beyond ``enum``, which ``argparse`` loads anyway (not even ``typing``, ~10 ms: hence
no ``Final`` here; the names are constants all the same).
"""

from __future__ import annotations

from enum import StrEnum

# --- Credential types (POST /clients/{id}/credentials, facts 2.2) --------------------


class CredentialType(StrEnum):
    """The three kinds of credential record."""

    PUBLIC_KEY = "public_key"
    """Private Key JWT / JAR / Token Vault: an RSA public key or a certificate carrying one."""
    X509_CERT = "x509_cert"
    """Self-signed mTLS: the certificate itself, matched by SHA-256 thumbprint."""
    CERT_SUBJECT_DN = "cert_subject_dn"
    """CA-signed mTLS: a subject DN, given literally or taken from a certificate."""


CREDENTIAL_TYPES: tuple[str, ...] = tuple(t.value for t in CredentialType)
"""Every ``credential_type`` value, as plain strings (``public_key``, ``x509_cert``, ...)."""
CERTIFICATE_CREDENTIAL_TYPES: frozenset[str] = frozenset(
    {CredentialType.X509_CERT.value, CredentialType.CERT_SUBJECT_DN.value}
)
"""The two mTLS types: a certificate, or the subject DN of a CA-signed one."""


_TYPE_WORDS = {
    CredentialType.PUBLIC_KEY: ("a public key", "public keys"),
    CredentialType.X509_CERT: ("a self-signed certificate", "self-signed certificates"),
    CredentialType.CERT_SUBJECT_DN: (
        "a CA-signed certificate (by subject DN)",
        "CA-signed certificates (by subject DN)",
    ),
}


def type_words(credential_type: CredentialType | str, *, plural: bool = False) -> str:
    """A credential type for a sentence ("a public key", "self-signed certificates"); a
    type credtui does not know is named as Auth0 sends it."""
    try:
        words = _TYPE_WORDS[CredentialType(credential_type)]
    except ValueError:
        return f"{credential_type} credentials" if plural else f"a {credential_type} credential"
    return words[1] if plural else words[0]


# --- Authentication methods and slots (facts 3.1) ------------------------------------


class AuthMethod(StrEnum):
    """How an application authenticates at the token endpoint."""

    NONE = "none"
    CLIENT_SECRET_POST = "client_secret_post"
    CLIENT_SECRET_BASIC = "client_secret_basic"
    PRIVATE_KEY_JWT = "private_key_jwt"
    TLS_CLIENT_AUTH = "tls_client_auth"
    SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth"

    @property
    def uses_credentials(self) -> bool:
        """True for the methods set through ``client_authentication_methods``."""
        return self.value in CREDENTIAL_METHODS

    @property
    def credential_type(self) -> CredentialType | None:
        """The credential type this method accepts, or None for secret-based methods."""
        return CREDENTIAL_TYPE_FOR_SLOT.get(self.value)

    @property
    def label(self) -> str:
        """A short human name."""
        return _METHOD_LABELS[self]

    @property
    def uses_client_secret(self) -> bool:
        """True for the two methods that authenticate with the client secret."""
        return self in (AuthMethod.CLIENT_SECRET_POST, AuthMethod.CLIENT_SECRET_BASIC)


class Slot(StrEnum):
    """A place on an application where a credential can be attached."""

    PRIVATE_KEY_JWT = "private_key_jwt"
    TLS_CLIENT_AUTH = "tls_client_auth"
    SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth"
    SIGNED_REQUEST_OBJECT = "signed_request_object"
    """JAR: verifies signed authorization requests, not client authentication."""
    TOKEN_VAULT_PRIVILEGED_ACCESS = "token_vault_privileged_access"
    """Token Vault privileged access: ``public_key`` credentials, not client authentication."""

    @property
    def label(self) -> str:
        """A short name, for a table cell: "Private Key JWT", "JAR", "Token Vault"."""
        return _SLOT_LABELS[self][0]

    @property
    def long_label(self) -> str:
        """The name for a sentence: "JAR (signed requests)", "Token Vault (privileged access)"."""
        return _SLOT_LABELS[self][1]


CREDENTIAL_METHODS: tuple[str, ...] = (
    AuthMethod.PRIVATE_KEY_JWT.value,
    AuthMethod.TLS_CLIENT_AUTH.value,
    AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH.value,
)
"""Keys of ``client_authentication_methods`` (exactly one may be set)."""
TOKEN_ENDPOINT_AUTH_METHODS: tuple[str, ...] = (
    AuthMethod.CLIENT_SECRET_POST.value,
    AuthMethod.CLIENT_SECRET_BASIC.value,
    AuthMethod.NONE.value,
)
"""Values of ``token_endpoint_auth_method`` (null while a credential method is set)."""
CREDENTIAL_TYPE_FOR_SLOT: dict[str, CredentialType] = {
    Slot.PRIVATE_KEY_JWT: CredentialType.PUBLIC_KEY,
    Slot.TLS_CLIENT_AUTH: CredentialType.CERT_SUBJECT_DN,
    Slot.SELF_SIGNED_TLS_CLIENT_AUTH: CredentialType.X509_CERT,
    Slot.SIGNED_REQUEST_OBJECT: CredentialType.PUBLIC_KEY,
    Slot.TOKEN_VAULT_PRIVILEGED_ACCESS: CredentialType.PUBLIC_KEY,
}
"""The credential type each slot takes (the three methods, JAR and Token Vault)."""

_METHOD_LABELS = {
    AuthMethod.NONE: "None",
    AuthMethod.CLIENT_SECRET_POST: "Client secret (post)",
    AuthMethod.CLIENT_SECRET_BASIC: "Client secret (basic)",
    AuthMethod.PRIVATE_KEY_JWT: "Private Key JWT",
    AuthMethod.TLS_CLIENT_AUTH: "mTLS (CA-signed)",
    AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH: "mTLS (self-signed)",
}
_SLOT_LABELS = {
    Slot.PRIVATE_KEY_JWT: ("Private Key JWT", "Private Key JWT"),
    Slot.TLS_CLIENT_AUTH: ("mTLS (CA-signed)", "mTLS (CA-signed)"),
    Slot.SELF_SIGNED_TLS_CLIENT_AUTH: ("mTLS (self-signed)", "mTLS (self-signed)"),
    Slot.SIGNED_REQUEST_OBJECT: ("JAR", "JAR (signed requests)"),
    Slot.TOKEN_VAULT_PRIVILEGED_ACCESS: ("Token Vault", "Token Vault (privileged access)"),
}

# --- Algorithms -----------------------------------------------------------------------

ALGS: tuple[str, ...] = ("RS256", "RS384", "PS256")
"""A ``public_key`` credential's ``alg``, and so a client assertion's (facts 2.2, 4.2)."""
DEFAULT_ALG = "RS256"
"""What Auth0 records when a ``public_key`` credential is created without ``alg``."""

JWT_ALGS: tuple[str, ...] = ("HS256", "RS256", "RS512", "PS256")
"""Values of ``jwt_configuration.alg`` Auth0 accepts (PS256 needs an add-on; facts 3.1)."""
JWT_ALG_CHOICES: tuple[str, ...] = ("RS256", "PS256", "HS256")
"""What credtui offers to switch to (an RS512 the tenant holds is shown and kept)."""
JWT_DEFAULT_ALG = "HS256"
"""What an application without ``jwt_configuration.alg`` signs its ID tokens with."""
SYMMETRIC_JWT_ALG = "HS256"
"""The one algorithm that signs with the client secret: no credential method with it."""

# --- Client assertions (RFC 7523, facts 4.2) ------------------------------------------

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
"""The ``client_assertion_type`` form field of a ``private_key_jwt`` token request."""
ASSERTION_LIFETIME_SECONDS = 60
"""How long credtui's assertions are valid: Auth0 allows 5 minutes and recommends at most one."""
