"""How applications and credentials read in a table: labels, expiry, attachment.

Every cell is a ``rich.text.Text`` (never a markup string), so names from the
tenant appear exactly as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from credtui import rules
from credtui.models import Application, AuthMethod, Credential, CredentialType
from credtui.timefmt import ExpiryState, expiry_state, relative

APP_TYPES = {
    "non_interactive": "M2M",
    "spa": "SPA",
    "regular_web": "Regular web",
    "native": "Native",
    "resource_server": "Resource server",
    "express_configuration": "Express config",
    "sso_integration": "SSO integration",
}
CREDENTIAL_TYPES = {
    CredentialType.PUBLIC_KEY: "Public key",
    CredentialType.X509_CERT: "Self-signed cert",
    CredentialType.CERT_SUBJECT_DN: "CA subject DN",
}


def app_type_label(app: Application) -> str:
    """``M2M``, ``SPA``... or Auth0's own word for the rarer types."""
    if app.app_type is None:
        return "—"
    return APP_TYPES.get(app.app_type, app.app_type)


def method_label(app: Application) -> str:
    """The active authentication method in words."""
    method = app.auth_method
    if method is None:
        return "—" if app.auth_methods_readable else "(not readable)"
    return method.label


def nearest_expiry(app: Application, credentials: Sequence[Credential]) -> datetime | None:
    """The earliest ``expires_at`` among the attached credentials (those that authenticate),
    or among all of them when none is attached."""
    attached = app.attachments()
    pool = [c for c in credentials if c.id in attached] or list(credentials)
    dates = [c.expires_at for c in pool if c.expires_at is not None]
    return min(dates) if dates else None


def expiry_cell(
    expires_at: datetime | None, now: datetime, *, with_date: bool = False
) -> tuple[Text, str | None]:
    """The expiry as text, and the row state (``expired``, ``expiring`` or None)."""
    state = expiry_state(expires_at, now)
    if expires_at is None:
        return Text("never"), None
    words = relative(expires_at, now)
    text = f"expired {words}" if state is ExpiryState.EXPIRED else words
    if with_date:
        text = f"{expires_at:%Y-%m-%d} · {text}"
    return Text(text), state.value if state in (ExpiryState.EXPIRED, ExpiryState.EXPIRING) else None


def type_label(cred: Credential) -> str:
    """``Public key``, ``Self-signed cert``, ``CA subject DN``, or Auth0's word for a new type."""
    ctype = cred.credential_type
    return CREDENTIAL_TYPES[ctype] if isinstance(ctype, CredentialType) else str(ctype)


def credential_identity(cred: Credential) -> str:
    """What identifies the credential: kid, certificate thumbprint, or subject DN on one line."""
    if cred.kid:
        return cred.kid
    if cred.thumbprint_sha256:
        return cred.thumbprint_sha256
    if cred.subject_dn:
        return ", ".join(cred.subject_dn.splitlines())
    return ""


def attachment_label(app: Application, cred: Credential) -> str:
    """Where the credential is attached, or that it authenticates nothing."""
    slots = app.slots_of(cred.id)
    if not slots:
        return "not attached: authenticates nothing"
    return ", ".join(s.label for s in slots)


def room_summary(app: Application, credentials: Sequence[Credential]) -> str:
    """How much room is left: attached per method (max 2) and records per application (max 4)."""
    parts = []
    method = app.auth_method
    if method is not None and method.uses_credentials:
        parts.append(
            f"{method.label}: {len(app.credential_ids_for(method))} of {rules.MAX_ATTACHED_PER_METHOD} attached"
        )
    if app.jar_credential_ids or app.jar_required:
        parts.append(
            f"JAR: {len(app.jar_credential_ids)} of {rules.MAX_ATTACHED_PER_METHOD} attached"
        )
    if app.token_vault_credential_ids:
        parts.append(
            f"Token Vault: {len(app.token_vault_credential_ids)} of "
            f"{rules.MAX_ATTACHED_PER_METHOD} attached"
        )
    count = len(credentials)
    room = rules.MAX_CREDENTIALS_PER_CLIENT - count
    parts.append(
        f"{count} of {rules.MAX_CREDENTIALS_PER_CLIENT} credentials on this application"
        + (f" (room for {room} more)" if room > 0 else " (full: delete one before adding)")
    )
    return " · ".join(parts)


def is_credential_method(method: AuthMethod | None) -> bool:
    """Whether the method authenticates with credentials (keys or certificates)."""
    return method is not None and method.uses_credentials
