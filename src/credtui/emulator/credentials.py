"""The credential rules: create, update, delete, as Auth0 applies them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from credtui import rules
from credtui.emulator import rules as err
from credtui.emulator.pem import ParsedPem, PemProblem, parse_pem
from credtui.emulator.store import Client, Credential, Tenant

_NAME = {
    "type": "string",
    "maxLength": rules.NAME_MAX,
    "description": "Friendly name for a credential.",
}
_PEM_DESC = "PEM-formatted public key (SPKI and PKCS1) or X509 certificate. Must be JSON escaped."
_ALG = {
    "type": "string",
    "enum": list(rules.ALGS),
    "description": "Algorithm which will be used with the credential. Can be one of RS256, "
    "RS384, PS256. If not specified, RS256 will be used.",
}
_PARSE_EXPIRY = {
    "type": "boolean",
    "description": "Parse expiry from x509 certificate. If true, attempts to parse the expiry "
    "date from the provided PEM. Applies to `public_key` credential type.",
}
_EXPIRES_AT = {
    "type": "string",
    "format": "date-time",
    "description": "The ISO 8601 formatted date representing the expiration of the credential. "
    "If not specified (not recommended), the credential never expires. Applies to "
    "`public_key` credential type.",
}
_KID = {
    "type": "string",
    "minLength": rules.KID_MIN,
    "maxLength": rules.KID_MAX,
    "pattern": rules.KID_PATTERN,
    "description": "Optional kid (Key ID), used to uniquely identify the credential. If not "
    "specified, a kid value will be auto-generated. The kid header parameter in JWTs sent by "
    "your client should match this value. Valid format is [0-9a-zA-Z-_]{10,64}",
}
_SUBJECT_DN = {
    "type": "string",
    "minLength": rules.SUBJECT_DN_MIN,
    "maxLength": rules.SUBJECT_DN_MAX,
    "description": "Subject Distinguished Name. Mutually exclusive with `pem` property. "
    "Applies to `cert_subject_dn` credential type.",
}

POST_CREDENTIAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["credential_type"],
    "properties": {
        "credential_type": {"type": "string", "enum": list(rules.CREDENTIAL_TYPES)},
        "name": _NAME,
        "subject_dn": _SUBJECT_DN,
        "pem": {"type": "string", "description": _PEM_DESC},
        "alg": _ALG,
        "parse_expiry_from_cert": _PARSE_EXPIRY,
        "expires_at": _EXPIRES_AT,
        "kid": _KID,
    },
}

PATCH_CREDENTIAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {"expires_at": {**_EXPIRES_AT, "type": ["string", "null"]}},
}

_CERT_PEM = {
    "type": "string",
    "minLength": 1,
    "maxLength": rules.MAX_CERT_PEM_CHARS,
    "description": "PEM-formatted X509 certificate. Must be JSON escaped.",
}

INLINE_SCHEMAS: dict[str, dict[str, Any]] = {
    rules.PUBLIC_KEY: {
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_type", "pem"],
        "properties": {
            "credential_type": {"type": "string", "enum": [rules.PUBLIC_KEY]},
            "name": _NAME,
            "pem": {"type": "string", "description": _PEM_DESC},
            "alg": _ALG,
            "parse_expiry_from_cert": _PARSE_EXPIRY,
            "expires_at": _EXPIRES_AT,
            "kid": _KID,
        },
    },
    rules.CERT_SUBJECT_DN: {
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_type"],
        "properties": {
            "credential_type": {"type": "string", "enum": [rules.CERT_SUBJECT_DN]},
            "name": _NAME,
            "subject_dn": _SUBJECT_DN,
            "pem": {
                **_CERT_PEM,
                "description": "PEM-formatted X509 certificate. Must be JSON escaped. "
                "Mutually exclusive with `subject_dn` property.",
            },
        },
    },
    rules.X509_CERT: {
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_type", "pem"],
        "properties": {
            "credential_type": {"type": "string", "enum": [rules.X509_CERT]},
            "name": _NAME,
            "pem": _CERT_PEM,
        },
    },
}

_PUBLIC_KEY_ONLY = ("alg", "parse_expiry_from_cert", "expires_at", "kid")


@dataclass
class PreparedCredential:
    """A create request that passed every check; :func:`commit` stores it."""

    credential_type: str
    name: str | None
    kid: str | None
    alg: str | None
    subject_dn: str | None
    thumbprint_sha256: str | None
    expires_at: datetime | None
    parsed: ParsedPem | None

    def key_facts(self) -> rules.KeyFacts:
        """Everything about its key, for :func:`credtui.rules.same_key`."""
        return rules.KeyFacts(
            self.credential_type,
            kid=self.kid,
            thumbprint_sha256=self.thumbprint_sha256,
            public_key_sha256=self.parsed.public_key_sha256 if self.parsed else None,
            key_kid=self.parsed.kid if self.parsed else None,
        )


def prepare(body: dict[str, Any], path: str = "") -> PreparedCredential:
    """Check a (schema-valid) credential definition and derive what Auth0 derives."""
    ctype = body["credential_type"]
    pem = body.get("pem")
    if ctype != rules.PUBLIC_KEY:
        for key in _PUBLIC_KEY_ONLY:
            if key in body:
                raise err.bad_request(
                    f"{key} applies only to credentials of type {rules.PUBLIC_KEY}"
                )
    if ctype != rules.CERT_SUBJECT_DN and "subject_dn" in body:
        raise err.bad_request(
            f"subject_dn applies only to credentials of type {rules.CERT_SUBJECT_DN}"
        )
    if ctype == rules.CERT_SUBJECT_DN:
        if pem is not None and "subject_dn" in body:
            raise err.bad_request("subject_dn and pem are mutually exclusive")
        if pem is None and "subject_dn" not in body:
            raise err.payload_error("Missing required property: pem or subject_dn")
    elif pem is None:
        raise err.payload_error("Missing required property: pem", path or None)

    parsed: ParsedPem | None = None
    if pem is not None:
        try:
            parsed = parse_pem(pem, ctype)
        except PemProblem as exc:
            raise err.bad_request(str(exc), "invalid_body") from exc

    if ctype == rules.PUBLIC_KEY:
        assert parsed is not None
        parse_expiry = bool(body.get("parse_expiry_from_cert", False))
        expires_at: datetime | None = None
        if parse_expiry and "expires_at" in body:
            raise err.bad_request("parse_expiry_from_cert and expires_at are mutually exclusive")
        if parse_expiry:
            if parsed.kind != "certificate" or parsed.not_after is None:
                raise err.bad_request(
                    "parse_expiry_from_cert requires the pem to be an X.509 certificate"
                )
            expires_at = parsed.not_after
        elif "expires_at" in body:
            expires_at = err.parse_date_time(body["expires_at"])
        kid = body.get("kid") or parsed.kid
        return PreparedCredential(
            ctype,
            body.get("name"),
            kid,
            body.get("alg", rules.DEFAULT_ALG),
            None,
            None,
            expires_at,
            parsed,
        )
    if ctype == rules.X509_CERT:
        assert parsed is not None
        return PreparedCredential(
            ctype,
            body.get("name"),
            None,
            None,
            None,
            parsed.thumbprint_sha256,
            parsed.not_after,
            parsed,
        )
    # cert_subject_dn
    subject_dn = parsed.subject_dn or "" if parsed is not None else body["subject_dn"]
    # Only the DN is kept: no key, no expiry (even for an expired certificate).
    return PreparedCredential(ctype, body.get("name"), None, None, subject_dn, None, None, None)


def check_room(client: Client, prepared: list[PreparedCredential]) -> None:
    """The 4-per-client cap and the per-client duplicate-key rule (:func:`rules.same_key`)."""
    problem = rules.check_credential_count(len(client.credentials) + len(prepared) - 1)
    if problem:
        raise err.bad_request(problem)
    held = [_held_key_facts(cred) for cred in client.credentials.values()]
    for p in prepared:
        facts = p.key_facts()
        if any(rules.same_key(facts, other) for other in held):
            raise err.bad_request(rules.MSG_DUPLICATE_PUBLIC_KEY)
        held.append(facts)


def _held_key_facts(cred: Credential) -> rules.KeyFacts:
    """A stored credential's key: the tenant kept its SPKI digest, so that decides."""
    return rules.KeyFacts(
        cred.credential_type,
        kid=cred.kid,
        thumbprint_sha256=cred.thumbprint_sha256,
        public_key_sha256=cred.key_thumbprint,
    )


def commit(tenant: Tenant, client: Client, p: PreparedCredential) -> Credential:
    now = tenant.clock.now()
    cred = Credential(
        id=tenant.new_credential_id(),
        credential_type=p.credential_type,
        created_at=now,
        updated_at=now,
        name=p.name,
        kid=p.kid,
        alg=p.alg,
        subject_dn=p.subject_dn,
        thumbprint_sha256=p.thumbprint_sha256,
        expires_at=p.expires_at,
        key_thumbprint=p.parsed.public_key_sha256 if p.parsed is not None else None,
        public_key=p.parsed.public_key() if p.parsed is not None else None,
    )
    client.credentials[cred.id] = cred
    return cred


GLOBAL_HOLDS_NONE = "The global client cannot hold credentials"
"""Decision 31: the global client holds no credentials (Auth0's text is not recorded)."""


def create(tenant: Tenant, client: Client, body: Any) -> Credential:
    """``POST /clients/{id}/credentials``."""
    err.validate(body, POST_CREDENTIAL_SCHEMA)
    if client.is_global:
        raise err.bad_request(GLOBAL_HOLDS_NONE)
    prepared = prepare(body)
    with tenant.lock:
        check_room(client, [prepared])
        return commit(tenant, client, prepared)


def update(tenant: Tenant, cred: Credential, body: Any) -> Credential:
    """``PATCH /clients/{id}/credentials/{cid}``: only ``expires_at`` may change."""
    err.validate(body, PATCH_CREDENTIAL_SCHEMA)
    if cred.credential_type != rules.PUBLIC_KEY:
        raise err.bad_request(
            f"expires_at cannot be changed for credentials of type {cred.credential_type}"
        )
    value = body["expires_at"]
    cred.expires_at = None if value is None else err.parse_date_time(value)
    cred.updated_at = tenant.clock.now()
    return cred


def delete(tenant: Tenant, client: Client, credential_id: str) -> None:
    """``DELETE``: idempotent, refused while the credential is attached."""
    with tenant.lock:
        if credential_id not in client.credentials:
            return
        if credential_id in client.attached_ids():
            raise err.bad_request(rules.MSG_CREDENTIAL_STILL_ASSOCIATED)
        del client.credentials[credential_id]
