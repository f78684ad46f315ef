"""What credtui knows about a tenant: applications, credentials, and what to change.

Frozen dataclasses built from Auth0's JSON with ``from_api()``; requests to change
things (:class:`CredentialDraft`, :class:`AuthChange`) build bodies with
``to_body()`` that leave out whatever the user did not set. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import islice
from typing import Any

from credtui import rules
from credtui.rules import format_timestamp
from credtui.text import safe_text

__all__ = [
    "Application",
    "ApplicationPage",
    "AuthChange",
    "AuthMethod",
    "Credential",
    "CredentialDraft",
    "CredentialType",
    "NewClientSecret",
    "Slot",
    "TokenVaultGrant",
    "format_timestamp",
    "parse_timestamp",
]


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
        return self in _CREDENTIAL_METHODS

    @property
    def credential_type(self) -> CredentialType | None:
        """The credential type this method accepts, or None for secret-based methods."""
        return _METHOD_TYPE.get(self)

    @property
    def label(self) -> str:
        """A short human name."""
        return _METHOD_LABELS[self]

    @property
    def uses_client_secret(self) -> bool:
        """True for the two methods that authenticate with the client secret."""
        return self in (AuthMethod.CLIENT_SECRET_POST, AuthMethod.CLIENT_SECRET_BASIC)


class CredentialType(StrEnum):
    """The three kinds of credential record."""

    PUBLIC_KEY = "public_key"
    X509_CERT = "x509_cert"
    CERT_SUBJECT_DN = "cert_subject_dn"


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


_SLOT_LABELS = {
    Slot.PRIVATE_KEY_JWT: ("Private Key JWT", "Private Key JWT"),
    Slot.TLS_CLIENT_AUTH: ("mTLS (CA-signed)", "mTLS (CA-signed)"),
    Slot.SELF_SIGNED_TLS_CLIENT_AUTH: ("mTLS (self-signed)", "mTLS (self-signed)"),
    Slot.SIGNED_REQUEST_OBJECT: ("JAR", "JAR (signed requests)"),
    Slot.TOKEN_VAULT_PRIVILEGED_ACCESS: ("Token Vault", "Token Vault (privileged access)"),
}


_CREDENTIAL_METHODS = frozenset(
    {AuthMethod.PRIVATE_KEY_JWT, AuthMethod.TLS_CLIENT_AUTH, AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH}
)
_METHOD_TYPE = {
    AuthMethod.PRIVATE_KEY_JWT: CredentialType.PUBLIC_KEY,
    AuthMethod.TLS_CLIENT_AUTH: CredentialType.CERT_SUBJECT_DN,
    AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH: CredentialType.X509_CERT,
}
SECRET_BY_DEFAULT_LABEL = "Client secret"
"""An application created without a method (:attr:`Application.secret_by_default`), in
the Dashboard's word: Auth0 takes its client secret, in the body or as Basic."""

_METHOD_LABELS = {
    AuthMethod.NONE: "None",
    AuthMethod.CLIENT_SECRET_POST: "Client secret (post)",
    AuthMethod.CLIENT_SECRET_BASIC: "Client secret (basic)",
    AuthMethod.PRIVATE_KEY_JWT: "Private Key JWT",
    AuthMethod.TLS_CLIENT_AUTH: "mTLS (CA-signed)",
    AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH: "mTLS (self-signed)",
}


def parse_timestamp(value: object) -> datetime | None:
    """Auth0's ``2023-04-18T13:44:26.279Z`` (or any ISO-8601) as an aware UTC datetime.

    None for anything that is not a timestamp. An instant that is valid as written
    but outside ``datetime``'s range once in UTC (``0001-01-01T00:00:00+01:00``)
    is clamped to ``datetime.min``/``max`` in UTC rather than refused: None would
    read as "never expires", while a year-1 expiry is long expired.
    """
    if not isinstance(value, str) or not value:
        return None
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        # Only the offset can push it out of range: a positive one at the start of
        # year 1, a negative one at the end of year 9999.
        offset = parsed.utcoffset()
        early = offset is not None and offset > timedelta(0)
        return (datetime.min if early else datetime.max).replace(tzinfo=UTC)


TEXT_MAX = 1024
"""The most of a tenant's text field (a name, kid, DN...) credtui keeps, cut with …: far
beyond Auth0's own limits (names 128, DNs 256), so only a broken or hostile tenant
reaches it, and a 100 KB name cannot slow every screen and dialog that shows it.
Identifiers (``id``, ``client_id``) are kept whole: they address the tenant."""


def _str(
    data: Mapping[str, Any], key: str, *, multiline: bool = False, limit: int | None = TEXT_MAX
) -> str | None:
    """A string field of a tenant's answer, safe to show (see :mod:`credtui.text`), at most
    ``limit`` characters."""
    value = data.get(key)
    return safe_text(value, multiline=multiline, limit=limit) if isinstance(value, str) else None


UNREADABLE_SHOWN_MAX = 40
"""The most of an unreadable ``expires_at`` kept to show."""


def _unreadable(raw: object, parsed: datetime | None) -> str | None:
    """What the tenant sent as ``expires_at``, when it is there but not a readable time."""
    if raw is None or parsed is not None:
        return None
    text = raw if isinstance(raw, str) else repr(raw)[: UNREADABLE_SHOWN_MAX + 1]
    return safe_text(text, limit=UNREADABLE_SHOWN_MAX)


def _ids(block: object) -> tuple[str, ...]:
    if not isinstance(block, Mapping):
        return ()
    creds = block.get("credentials")
    if not isinstance(creds, list):
        return ()
    return tuple(
        safe_text(c["id"]) for c in creds if isinstance(c, Mapping) and isinstance(c.get("id"), str)
    )


def _texts(values: object, limit: int) -> tuple[str, ...]:
    """At most ``limit`` strings of a tenant's list, each safe to show and bounded in length."""
    if not isinstance(values, list):
        return ()
    texts = islice((v for v in values if isinstance(v, str)), limit)
    return tuple(safe_text(v, limit=rules.TOKEN_VAULT_TEXT_MAX) for v in texts)


@dataclass(frozen=True)
class TokenVaultGrant:
    """One ``token_vault_privileged_access.grants`` entry: a connection and its scopes."""

    connection: str
    scopes: tuple[str, ...] = ()

    @classmethod
    def all_from_api(cls, values: object) -> tuple[TokenVaultGrant, ...]:
        """The grants of a tenant's answer, bounded as Auth0 bounds them (5 grants, 20 scopes)."""
        if not isinstance(values, list):
            return ()
        out: list[TokenVaultGrant] = []
        room = rules.TOKEN_VAULT_SCOPES_MAX
        for value in values:
            if len(out) == rules.TOKEN_VAULT_GRANTS_MAX:
                break
            if not isinstance(value, Mapping) or not isinstance(value.get("connection"), str):
                continue
            scopes = _texts(value.get("scopes"), room)
            room -= len(scopes)
            connection = safe_text(value["connection"], limit=rules.TOKEN_VAULT_TEXT_MAX)
            out.append(cls(connection, scopes))
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """``{"connection": ..., "scopes": [...]}``, as Auth0 writes it."""
        return {"connection": self.connection, "scopes": list(self.scopes)}

    def text(self) -> str:
        """``github: repo, read:user`` (``github: no scopes`` when it has none)."""
        return f"{self.connection}: {', '.join(self.scopes) or 'no scopes'}"


@dataclass(frozen=True)
class Credential:
    """One record under ``/clients/{id}/credentials``. Never holds a PEM."""

    id: str
    credential_type: CredentialType | str
    """A :class:`CredentialType`, or the raw string for a type credtui does not know."""
    name: str | None = None
    """None when Auth0 sent no ``name`` key (created without one)."""
    kid: str | None = None
    alg: str | None = None
    subject_dn: str | None = None
    thumbprint_sha256: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    expires_at: datetime | None = None
    """None means it never expires, unless :attr:`expires_at_unreadable` is set."""
    expires_at_unreadable: str | None = None
    """The tenant's ``expires_at`` when it is not a timestamp credtui can read (safe to
    show, at most 40 characters). ``expires_at`` is then None, which does not mean
    "never": the credential may have expired. Shown and reported as unreadable."""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Credential:
        """Build from Auth0's credential JSON (missing keys become None)."""
        raw_type = _str(data, "credential_type") or ""
        raw_expiry = data.get("expires_at")
        expires_at = parse_timestamp(raw_expiry)
        try:
            ctype: CredentialType | str = CredentialType(raw_type)
        except ValueError:
            ctype = raw_type
        return cls(
            id=_str(data, "id", limit=None) or "",
            credential_type=ctype,
            name=_str(data, "name"),
            kid=_str(data, "kid"),
            alg=_str(data, "alg"),
            subject_dn=_str(data, "subject_dn", multiline=True),
            thumbprint_sha256=_str(data, "thumbprint_sha256"),
            created_at=parse_timestamp(data.get("created_at")),
            updated_at=parse_timestamp(data.get("updated_at")),
            expires_at=expires_at,
            expires_at_unreadable=_unreadable(raw_expiry, expires_at),
        )

    @property
    def expiry_unreadable(self) -> bool:
        """The tenant sent an expiry credtui cannot read (see :attr:`expires_at_unreadable`)."""
        return self.expires_at_unreadable is not None

    @property
    def display_name(self) -> str:
        """The name, or the kid/thumbprint/DN/id when it has none."""
        return self.name or self.kid or self.thumbprint_sha256 or self.subject_dn or self.id

    def is_expired(self, now: datetime) -> bool:
        """Whether ``expires_at`` is at or before ``now`` (aware UTC)."""
        return self.expires_at is not None and self.expires_at <= now

    def expires_within(self, now: datetime, seconds: float) -> bool:
        """Whether it expires within ``seconds`` from ``now`` (expired counts)."""
        return self.expires_at is not None and (self.expires_at - now).total_seconds() <= seconds


@dataclass(frozen=True)
class Application:
    """An Auth0 client as credtui lists it."""

    client_id: str
    name: str
    app_type: str | None = None
    token_endpoint_auth_method: str | None = None
    """Auth0's field as sent (absent while a credential method is active)."""
    method_credentials: tuple[tuple[AuthMethod, tuple[str, ...]], ...] = ()
    """``client_authentication_methods`` as (method, credential ids) pairs."""
    jar_required: bool = False
    jar_credential_ids: tuple[str, ...] = ()
    token_vault_credential_ids: tuple[str, ...] = ()
    """``token_vault_privileged_access.credentials`` (empty when absent)."""
    token_vault_ip_allowlist: tuple[str, ...] = ()
    """``token_vault_privileged_access.ip_allowlist``: addresses or CIDR ranges (at most 10)."""
    token_vault_grants: tuple[TokenVaultGrant, ...] = ()
    """``token_vault_privileged_access.grants`` (at most 5, 20 scopes in all)."""
    token_binding: bool = False
    """``access_token.tls_client_certificate_binding`` (certificate-bound tokens)."""
    require_proof_of_possession: bool = False
    jwt_alg: str | None = None
    is_global: bool = False
    """Auth0's ``global`` client ("All Applications"): it holds no credentials and
    credtui changes nothing on it (it is left out of lists, and changes are refused)."""
    secret_by_default: bool = False
    """The answer had neither ``token_endpoint_auth_method`` nor
    ``client_authentication_methods``: the application was created without a method, as
    the API leaves it (75 recorded creates; facts 3.1), and Auth0 takes its client
    secret (in the body or Basic). credtui asks for both fields, and a token that may
    not read them gets a 403, so "neither" never means "not readable". Shown as the
    Dashboard does, "Client secret"; :attr:`auth_method` treats it as ``client_secret_post``."""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Application:
        """Build from Auth0's client JSON (a full object or a ``fields`` subset)."""
        cam = data.get("client_authentication_methods")
        pairs: list[tuple[AuthMethod, tuple[str, ...]]] = []
        if isinstance(cam, Mapping):
            for key, block in cam.items():
                try:
                    method = AuthMethod(key)
                except ValueError:
                    continue
                if method.uses_credentials:
                    pairs.append((method, _ids(block)))
        sro = data.get("signed_request_object")
        access = data.get("access_token")
        jwt = data.get("jwt_configuration")
        vault = data.get("token_vault_privileged_access")
        vault = vault if isinstance(vault, Mapping) else {}
        return cls(
            client_id=_str(data, "client_id", limit=None) or "",
            name=_str(data, "name") or "",
            app_type=_str(data, "app_type"),
            token_endpoint_auth_method=_str(data, "token_endpoint_auth_method"),
            method_credentials=tuple(pairs),
            jar_required=bool(isinstance(sro, Mapping) and sro.get("required") is True),
            jar_credential_ids=_ids(sro),
            token_vault_credential_ids=_ids(vault),
            token_vault_ip_allowlist=_texts(
                vault.get("ip_allowlist"), rules.TOKEN_VAULT_IP_ALLOWLIST_MAX
            ),
            token_vault_grants=TokenVaultGrant.all_from_api(vault.get("grants")),
            token_binding=bool(
                isinstance(access, Mapping) and access.get("tls_client_certificate_binding") is True
            ),
            require_proof_of_possession=data.get("require_proof_of_possession") is True,
            jwt_alg=_str(jwt, "alg") if isinstance(jwt, Mapping) else None,
            is_global=data.get("global") is True,
            secret_by_default=(
                "client_authentication_methods" not in data
                and "token_endpoint_auth_method" not in data
            ),
        )

    @property
    def auth_method(self) -> AuthMethod | None:
        """The active method: the credential method if one is set, else the token endpoint one.

        With neither field set (:attr:`secret_by_default`), ``client_secret_post``: Auth0
        takes the secret, and the Dashboard shows such applications as "Client Secret
        (Post)". None when the value is one credtui does not know.
        """
        if self.method_credentials:
            return self.method_credentials[0][0]
        if self.secret_by_default:
            return AuthMethod.CLIENT_SECRET_POST
        try:
            return (
                AuthMethod(self.token_endpoint_auth_method)
                if self.token_endpoint_auth_method
                else None
            )
        except ValueError:
            return None

    @property
    def method_in_words(self) -> str:
        """What it authenticates with, for a sentence: ``private_key_jwt``, ``its client
        secret (no method set: Auth0's default)`` or ``an unknown method``."""
        if self.secret_by_default:
            return "its client secret (no method set: Auth0's default)"
        method = self.auth_method
        return method.value if method is not None else "an unknown method"

    def credential_ids_for(self, method: AuthMethod | Slot) -> tuple[str, ...]:
        """The credential ids attached to one method or slot (empty when none)."""
        if method == Slot.SIGNED_REQUEST_OBJECT:
            return self.jar_credential_ids
        if method == Slot.TOKEN_VAULT_PRIVILEGED_ACCESS:
            return self.token_vault_credential_ids
        for m, ids in self.method_credentials:
            if m.value == method.value:
                return ids
        return ()

    @property
    def attached_credential_ids(self) -> tuple[str, ...]:
        """The active method's credential ids."""
        return self.method_credentials[0][1] if self.method_credentials else ()

    def attachments(self) -> dict[str, tuple[Slot, ...]]:
        """For each attached credential id, the slots it is attached to."""
        out: dict[str, list[Slot]] = {}
        for method, ids in self.method_credentials:
            for cid in ids:
                out.setdefault(cid, []).append(Slot(method.value))
        for cid in self.jar_credential_ids:
            out.setdefault(cid, []).append(Slot.SIGNED_REQUEST_OBJECT)
        for cid in self.token_vault_credential_ids:
            out.setdefault(cid, []).append(Slot.TOKEN_VAULT_PRIVILEGED_ACCESS)
        return {cid: tuple(slots) for cid, slots in out.items()}

    def slots_of(self, credential_id: str) -> tuple[Slot, ...]:
        """Where one credential is attached; empty means it authenticates nothing."""
        return self.attachments().get(credential_id, ())


@dataclass(frozen=True)
class NewClientSecret:
    """What a rotation of the client secret answered: the application and its new secret.

    The secret is never in a repr; whoever holds this shows it once and drops it.
    """

    application: Application
    secret: str = field(repr=False)


@dataclass(frozen=True)
class ApplicationPage:
    """One page of applications as it arrived."""

    applications: tuple[Application, ...]
    index: int
    """0-based page number in this listing."""
    next_from: str | None = None
    """The checkpoint for the next page (checkpoint paging), None on the last page."""
    total: int | None = None
    """The total count when the tenant said (offset paging)."""

    @property
    def is_last(self) -> bool:
        """Whether no page follows."""
        return self.next_from is None


@dataclass(frozen=True)
class CredentialDraft:
    """A credential to create. Fields left at None are not sent."""

    credential_type: CredentialType
    pem: str | None = field(default=None, repr=False)
    subject_dn: str | None = None
    name: str | None = None
    alg: str | None = None
    kid: str | None = None
    expires_at: datetime | None = None
    parse_expiry_from_cert: bool = False

    def to_body(self) -> dict[str, Any]:
        """The POST body: only what was set (``parse_expiry_from_cert`` only when true)."""
        body: dict[str, Any] = {"credential_type": self.credential_type.value}
        if self.name is not None:
            body["name"] = self.name
        if self.pem is not None:
            body["pem"] = self.pem
        if self.subject_dn is not None:
            body["subject_dn"] = self.subject_dn
        if self.alg is not None:
            body["alg"] = self.alg
        if self.kid is not None:
            body["kid"] = self.kid
        if self.parse_expiry_from_cert:
            body["parse_expiry_from_cert"] = True
        if self.expires_at is not None:
            body["expires_at"] = format_timestamp(self.expires_at)
        return body


@dataclass(frozen=True)
class AuthChange:
    """A change to an application's authentication settings; None fields are not sent.

    ``method`` switches the method: a credential method (with ``credential_ids``)
    sets ``client_authentication_methods`` and nulls ``token_endpoint_auth_method``;
    a secret method (or ``none``) does the reverse. ``jar_credential_ids`` /
    ``jar_required`` merge into ``signed_request_object``; ``clear_jar`` sends null.
    ``token_vault_credential_ids`` replaces ``token_vault_privileged_access``'s
    credentials (its other settings are kept; the tenant asks for the scope
    ``update:client_token_vault_privileged_access``).
    """

    method: AuthMethod | None = None
    credential_ids: tuple[str, ...] = ()
    jar_required: bool | None = None
    jar_credential_ids: tuple[str, ...] | None = None
    clear_jar: bool = False
    token_binding: bool | None = None
    require_proof_of_possession: bool | None = None
    token_vault_credential_ids: tuple[str, ...] | None = None
    jwt_alg: str | None = None
    """``jwt_configuration.alg`` (merged by Auth0, so its other settings are kept): an
    HS256 application needs RS256 before any credential method is accepted."""

    def to_body(self) -> dict[str, Any]:
        """The PATCH body for ``/clients/{id}``."""
        body: dict[str, Any] = {}
        if self.jwt_alg is not None:
            body["jwt_configuration"] = {"alg": self.jwt_alg}
        if self.method is not None:
            if self.method.uses_credentials:
                body["client_authentication_methods"] = {
                    self.method.value: {"credentials": [{"id": c} for c in self.credential_ids]}
                }
                body["token_endpoint_auth_method"] = None
            else:
                body["client_authentication_methods"] = None
                body["token_endpoint_auth_method"] = self.method.value
        if self.clear_jar:
            body["signed_request_object"] = None
        elif self.jar_required is not None or self.jar_credential_ids is not None:
            sro: dict[str, Any] = {}
            if self.jar_required is not None:
                sro["required"] = self.jar_required
            if self.jar_credential_ids is not None:
                sro["credentials"] = [{"id": c} for c in self.jar_credential_ids]
            body["signed_request_object"] = sro
        if self.token_binding is not None:
            body["access_token"] = {"tls_client_certificate_binding": self.token_binding}
        if self.require_proof_of_possession is not None:
            body["require_proof_of_possession"] = self.require_proof_of_possession
        if self.token_vault_credential_ids is not None:
            body["token_vault_privileged_access"] = {
                "credentials": [{"id": c} for c in self.token_vault_credential_ids]
            }
        return body

    @property
    def plan_keys(self) -> tuple[str, ...]:
        """The plan-gated features this change touches (for explaining a 403)."""
        keys: list[str] = []
        if self.method is not None and self.method.uses_credentials:
            keys.append(self.method.value)
        if self.jar_required or self.jar_credential_ids:
            keys.append("signed_request_object")
        if self.token_binding:
            keys.append("token_binding")
        if self.token_vault_credential_ids is not None:
            keys.append("token_vault_privileged_access")
        return tuple(keys)
