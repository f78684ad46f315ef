"""How applications and credentials read in a table: labels, expiry, attachment.

Cells are plain strings or ``rich.text.Text``, never markup strings, so names
from the tenant appear exactly as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.cells import cell_len
from rich.text import Text

from credtui import rules
from credtui.models import (
    SECRET_BY_DEFAULT_LABEL,
    Application,
    Credential,
    CredentialType,
)
from credtui.ops.findings import FindingKind, find_problems
from credtui.timefmt import EXPIRING_DAYS, ExpiryState, expiry_state, relative, strftime

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
    if app.secret_by_default:
        return SECRET_BY_DEFAULT_LABEL
    method = app.auth_method
    if method is None:
        return "—"
    return method.label


def authenticating_ids(app: Application) -> frozenset[str]:
    """The credentials that authenticate something: attached to the active method, to JAR
    or to Token Vault. One attached only to a method the application does not use
    authenticates nothing, like one attached nowhere."""
    method = app.auth_method
    active = app.credential_ids_for(method) if method is not None else ()
    return frozenset((*active, *app.jar_credential_ids, *app.token_vault_credential_ids))


@dataclass(frozen=True, slots=True)
class ExpirySummary:
    """One application's credentials, for a row of the list: what its expiry cell says
    and which quick filters keep it. Only credentials that authenticate count."""

    text: str
    """``in 12 days``, ``expired 9 days ago``, ``cannot authenticate``, ``never``,
    ``unreadable``, ``not attached`` or ``—``."""
    state: str | None
    """``expired``, ``expiring``, ``muted`` (only unattached credentials) or None."""
    nearest: datetime | None
    """The earliest expiry among the credentials that authenticate."""
    kinds: frozenset[FindingKind]
    """What :func:`credtui.ops.findings.find_problems` finds (expiring: within
    ``EXPIRING_DAYS``), where expired and expiring count only credentials that
    authenticate."""


def expiry_summary(
    app: Application, credentials: Sequence[Credential], now: datetime
) -> ExpirySummary:
    """The expiry cell and findings of one application (see :class:`ExpirySummary`).

    An application that cannot authenticate (its method needs a credential and every
    one attached has expired, or none is) says so instead of a date; credentials that
    authenticate nothing never raise the row's alarm: when they are all it has, the
    cell reads ``not attached``, dimmed.
    """
    counted = authenticating_ids(app)
    findings = find_problems(app, credentials, now, timedelta(days=EXPIRING_DAYS))
    kinds = frozenset(
        f.kind
        for f in findings
        if f.kind not in (FindingKind.EXPIRED, FindingKind.EXPIRING) or f.credential_id in counted
    )
    pool = [c for c in credentials if c.id in counted]
    dates = [c.expires_at for c in pool if c.expires_at is not None]
    nearest = min(dates) if dates else None
    if FindingKind.CANNOT_AUTHENTICATE in kinds:
        return ExpirySummary("cannot authenticate", "expired", nearest, kinds)
    if nearest is not None:
        cell, state = expiry_cell(nearest, now)
        return ExpirySummary(cell.plain, state, nearest, kinds)
    if any(c.expiry_unreadable for c in pool):
        cell, state = expiry_cell(None, now, unreadable=True)
        return ExpirySummary(cell.plain, state, None, kinds)
    if pool:
        return ExpirySummary("never", None, None, kinds)
    if credentials:
        return ExpirySummary("not attached", "muted", None, kinds)
    return ExpirySummary("—", None, None, kinds)


def fit_words(value: str, width: int) -> str:
    """``value`` cut after the last whole word that fits, with an ellipsis (never mid-word);
    unchanged when it fits, empty when not even one word does."""
    if cell_len(value) <= width:
        return value
    words = value.split(" ")
    while words and cell_len(" ".join(words)) + 1 > width:
        words.pop()
    return " ".join(words) + "…" if words else ""


_SHORTER = {
    "cannot authenticate": "cannot auth",
    "Client secret (post)": "Secret (post)",
    "Client secret (basic)": "Secret (basic)",
    SECRET_BY_DEFAULT_LABEL: "Secret",
    "mTLS (CA-signed)": "mTLS (CA)",
    "mTLS (self-signed)": "mTLS (self)",
    "not attached": "unattached",
    # A key or certificate another application uses too (the detail pane names which).
    "Public key, shared": "Shared key",
    "Self-signed cert, shared": "Shared cert",
}


def fit_expiry(value: str, width: int) -> str:
    """An expiry cell in ``width`` cells without cutting a word: ``expired 9 days ago``
    becomes ``9 days ago`` (the row's colour and "ago" still say expired)."""
    if cell_len(value) <= width:
        return value
    if value.startswith("expired ") and cell_len(value) - 8 <= width:
        return value[8:]
    return fit_label(value, width)


def fit_label(value: str, width: int) -> str:
    """A label in ``width`` cells: its shorter form when it has one, else cut at a word."""
    if cell_len(value) <= width:
        return value
    short = _SHORTER.get(value)
    if short is not None and cell_len(short) <= width:
        return short
    return fit_words(value, width)


def expiry_cell(
    expires_at: datetime | None,
    now: datetime,
    *,
    with_date: bool = False,
    unreadable: bool = False,
) -> tuple[Text, str | None]:
    """The expiry as text, and the row state (``expired``, ``expiring`` or None).

    An expiry the tenant sent in a form credtui cannot read (``unreadable``) reads
    ``unreadable`` and is marked as expiring: it may be past, and is never "never".
    """
    state = expiry_state(expires_at, now, unreadable=unreadable)
    if state is ExpiryState.UNREADABLE:
        return Text("unreadable"), ExpiryState.EXPIRING.value
    if expires_at is None:
        return Text("never"), None
    words = relative(expires_at, now)
    text = f"expired {words}" if state is ExpiryState.EXPIRED else words
    if with_date:
        text = f"{strftime(expires_at, '%Y-%m-%d')} · {text}"
    return Text(text), state.value if state in (ExpiryState.EXPIRED, ExpiryState.EXPIRING) else None


def type_label(cred: Credential) -> str:
    """``Public key``, ``Self-signed cert``, ``CA subject DN``, or Auth0's word for a new type."""
    ctype = cred.credential_type
    return CREDENTIAL_TYPES[ctype] if isinstance(ctype, CredentialType) else str(ctype)


def credential_identity(cred: Credential) -> str:
    """What identifies the credential: kid, certificate thumbprint, or subject DN on one line."""
    identity = cred.identity
    return ", ".join(identity[1].splitlines()) if identity else ""


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
