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
from credtui.headless.common import print_fields, print_table
from credtui.models import Application, Credential, format_timestamp
from credtui.timefmt import relative as _relative


def stamp(when: datetime | None) -> str | None:
    """Auth0's timestamp text, or None."""
    return format_timestamp(when) if when is not None else None


def method_text(app: Application) -> str:
    """The active method's name, or ``unknown`` when it could not be read."""
    method = app.auth_method
    return method.value if method is not None else "unknown"


def application_json(app: Application) -> dict[str, Any]:
    """An application: ``client_id, name, app_type, auth_method, method_credentials,
    jar_required, jar_credential_ids, token_binding, require_proof_of_possession,
    token_vault_credential_ids, token_vault_ip_allowlist, token_vault_grants, jwt_alg``
    (``jwt_alg``: the ID token algorithm, ``null`` when the tenant sent none, which means
    HS256)."""
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
        "jwt_alg": app.jwt_alg,
    }


def credential_json(cred: Credential, app: Application | None = None) -> dict[str, Any]:
    """A credential: ``id, name, credential_type, kid, alg, subject_dn, thumbprint_sha256,
    created_at, updated_at, expires_at`` and, when the application is known, ``attached_to``
    (the slots it is attached to; empty means it authenticates nothing)."""
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
    }
    if app is not None:
        data["attached_to"] = [s.value for s in app.slots_of(cred.id)]
    return data


def identity(cred: Credential) -> str:
    """The kid, certificate thumbprint or subject DN (DN lines joined by commas)."""
    if cred.kid:
        return f"kid {cred.kid}"
    if cred.thumbprint_sha256:
        return f"sha256 {cred.thumbprint_sha256}"
    if cred.subject_dn:
        return "DN " + ", ".join(cred.subject_dn.splitlines())
    return ""


def expiry_text(cred: Credential, now: datetime) -> str:
    """``2027-01-31 (in 3 months)``, ``2025-01-01 (expired 2 days ago)`` or ``never``."""
    if cred.expires_at is None:
        return "never"
    day = cred.expires_at.strftime("%Y-%m-%d")
    if cred.expires_at <= now:
        return f"{day} (EXPIRED {_relative(cred.expires_at, now)})"
    return f"{day} ({_relative(cred.expires_at, now)})"


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
    print_table(("id", "name", "type", "alg", "expires", "attached to", "identity"), rows)


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
