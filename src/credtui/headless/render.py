"""The stable JSON shapes of ``--json`` and the human tables, for applications and credentials.

The field names here are documented in the README ("Command line"); scripts
depend on them, so change them only by adding fields. Timestamps are Auth0's
form (``2027-01-31T00:00:00.000Z``); absent values are ``null``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from credtui import rules
from credtui.headless.output import print_fields
from credtui.headless.table import Column, print_table
from credtui.models import SECRET_BY_DEFAULT_LABEL, Application, Credential, format_timestamp
from credtui.text import quoted
from credtui.timefmt import relative as _relative
from credtui.timefmt import strftime


def stamp(when: datetime | None) -> str | None:
    """Auth0's timestamp text, or None."""
    return format_timestamp(when) if when is not None else None


def method_text(app: Application) -> str:
    """The active method's name; ``Client secret`` for an application created without
    one (Auth0's default, as the Dashboard says); ``unknown`` for a value credtui does
    not know."""
    if app.secret_by_default:
        return SECRET_BY_DEFAULT_LABEL
    method = app.auth_method
    return method.value if method is not None else "unknown"


def application_json(app: Application) -> dict[str, Any]:
    """An application: ``client_id, name, app_type, auth_method, method_credentials,
    jar_required, jar_credential_ids, token_binding, require_proof_of_possession,
    token_vault_credential_ids, token_vault_ip_allowlist, token_vault_grants,
    secret_by_default`` (true: created without a method, so ``auth_method`` is
    ``client_secret_post``, Auth0's default; the tenant sent neither method field), and
    ``jwt_alg`` (the ID token algorithm, ``null`` when the tenant sent none: HS256)."""
    return {
        "client_id": app.client_id,
        "name": app.name,
        "app_type": app.app_type,
        "auth_method": app.auth_method.value if app.auth_method is not None else None,
        "method_credentials": {m.value: list(ids) for m, ids in app.method_credentials},
        "jar_required": app.jar_required,
        "jar_credential_ids": list(app.jar_credential_ids),
        "token_binding": app.token_binding,
        "require_proof_of_possession": app.require_proof_of_possession,
        "token_vault_credential_ids": list(app.token_vault_credential_ids),
        "token_vault_ip_allowlist": list(app.token_vault_ip_allowlist),
        "token_vault_grants": [g.to_json() for g in app.token_vault_grants],
        "secret_by_default": app.secret_by_default,
        "jwt_alg": app.jwt_alg,
    }


def credential_json(cred: Credential, app: Application | None = None) -> dict[str, Any]:
    """A credential: ``id, name, credential_type, kid, alg, subject_dn, thumbprint_sha256,
    created_at, updated_at, expires_at, expires_at_unreadable`` and, when the application
    is known, ``attached_to`` (the slots it is attached to; empty means it authenticates
    nothing). ``expires_at_unreadable`` is what the tenant sent as ``expires_at`` when it
    is not a time credtui can read (``expires_at`` is then null, which does not mean
    never); null otherwise."""
    data: dict[str, Any] = {
        "id": cred.id,
        "name": cred.name,
        "credential_type": str(cred.credential_type),
        "kid": cred.kid,
        "alg": cred.alg,
        "subject_dn": cred.subject_dn,
        "thumbprint_sha256": cred.thumbprint_sha256,
        "created_at": stamp(cred.created_at),
        "updated_at": stamp(cred.updated_at),
        "expires_at": stamp(cred.expires_at),
        "expires_at_unreadable": cred.expires_at_unreadable,
    }
    if app is not None:
        data["attached_to"] = [s.value for s in app.slots_of(cred.id)]
    return data


def identity(cred: Credential) -> str:
    """The kid, certificate thumbprint or subject DN (DN lines joined by commas)."""
    identity = cred.identity
    if identity is None:
        return ""
    what, value = identity
    return f"{_IDENTITY_PREFIX[what]} {', '.join(value.splitlines())}"


_IDENTITY_PREFIX = {"kid": "kid", "thumbprint": "sha256", "subject DN": "DN"}


def expiry_text(cred: Credential, now: datetime) -> str:
    """``2027-01-31 (in 3 months)``, ``2025-01-01 (expired 2 days ago)`` or ``never``."""
    if cred.expires_at_unreadable is not None:
        return f"UNREADABLE ({quoted(cred.expires_at_unreadable, 40)})"
    if cred.expires_at is None:
        return "never"
    day = strftime(cred.expires_at, "%Y-%m-%d")
    if cred.expires_at <= now:
        return f"{day} (EXPIRED {_relative(cred.expires_at, now)})"
    return f"{day} ({_relative(cred.expires_at, now)})"


CREDENTIAL_COLUMNS = (
    Column("id", keep=True),
    Column("name", min_width=12),
    Column("type", drop=2, min_width=15),
    Column("alg", drop=4, min_width=5),
    Column("expires", min_width=20),
    Column("attached to", min_width=15),
    Column("identity", drop=3, min_width=16),
)
"""The credentials table: on a narrow terminal alg, then identity, then type are left out."""


def print_credentials(app: Application, creds: Sequence[Credential], now: datetime) -> None:
    """The credentials table: id, name, type, alg, expiry, where attached, identity."""
    rows = [
        (
            c.id,
            c.name or "",
            str(c.credential_type),
            c.alg or "",
            expiry_text(c, now),
            ", ".join(s.value for s in app.slots_of(c.id)) or "NOT ATTACHED",
            identity(c),
        )
        for c in creds
    ]
    print_table(CREDENTIAL_COLUMNS, rows)


def print_auth(app: Application) -> None:
    """The authentication settings as ``key: value`` lines."""
    pairs: list[tuple[str, object]] = [
        ("application", f"{app.name} ({app.client_id})"),
        ("method", method_text(app)),
    ]
    for method, ids in app.method_credentials:
        pairs.append((f"{method.value} credentials", ", ".join(ids) or "none"))
    pairs.append(("JAR required", "yes" if app.jar_required else "no"))
    pairs.append(("JAR credentials", ", ".join(app.jar_credential_ids) or "none"))
    pairs.append(("token binding", "on" if app.token_binding else "off"))
    pairs.append(("Token Vault credentials", ", ".join(app.token_vault_credential_ids) or "none"))
    pairs.append(("Token Vault IP allowlist", ", ".join(app.token_vault_ip_allowlist) or "none"))
    grants = "; ".join(g.text() for g in app.token_vault_grants)
    pairs.append(("Token Vault grants", grants or "none"))
    if app.require_proof_of_possession:
        pairs.append(("proof of possession", "required"))
    pairs.append(("ID token signing", jwt_alg_text(app)))
    print_fields(pairs)


def jwt_alg_text(app: Application) -> str:
    """``RS256``, or ``HS256 (default)`` when the tenant sent no ``jwt_configuration.alg``."""
    return app.jwt_alg or f"{rules.JWT_DEFAULT_ALG} (default)"
