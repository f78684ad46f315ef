"""What a change wants: the intents :func:`~credtui.ops.plan.make_plan` plans, and the
effects a plan can have."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from credtui.checks import CheckedCredential, check_credential_draft
from credtui.models import AuthChange, AuthMethod, CredentialDraft, Slot

NEW_ID = "(new)"
"""Stands for the credential an add will create, in a plan made before it exists."""


class Effect(StrEnum):
    """What a change does that can break an application (``../shared/product.md``)."""

    DETACHES_WORKING_CREDENTIAL = "detaches-working-credential"
    SWITCHES_METHOD = "switches-method"
    HIDES_CLIENT_SECRET = "hides-client-secret"
    CANNOT_AUTHENTICATE = "cannot-authenticate"
    CHANGES_ID_TOKEN_SIGNING = "changes-id-token-signing"
    LOCKS_OUT_CREDTUI = "locks-out-credtui"
    INVALIDATES_CLIENT_SECRET = "invalidates-client-secret"
    """A new client secret: whatever authenticates with the current one is refused."""


# --- intents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddCredential:
    """Create a credential, then (``attach``) attach it to a slot beside what the slot holds.

    ``draft`` is a credential a form or command checked already (planned and sent as
    it is: no PEM is parsed again), or a bare draft, checked when it is planned.
    """

    draft: CredentialDraft | CheckedCredential
    attach: Slot | None = None

    def checked(self, now: datetime) -> CheckedCredential:
        """The credential to send, checked (once) and still current at ``now``."""
        if isinstance(self.draft, CheckedCredential):
            self.draft.check_still_current(now)
            return self.draft
        return check_credential_draft(self.draft, now)


@dataclass(frozen=True)
class Attach:
    """Attach credentials to a slot beside what it holds (switching method for an inactive one)."""

    slot: Slot
    credential_ids: tuple[str, ...]


@dataclass(frozen=True)
class Detach:
    """Detach one credential from every slot, or from ``only`` (``fallback``: see detach_change)."""

    credential_id: str
    only: Slot | None = None
    fallback: AuthMethod | None = None


@dataclass(frozen=True)
class SetAuth:
    """Set the method and its credentials, JAR, binding or Token Vault as ``change`` says."""

    change: AuthChange


@dataclass(frozen=True)
class DeleteCredential:
    """Delete a credential; ``detach`` first detaches it from every slot (Auth0 requires it)."""

    credential_id: str
    detach: bool = True
    fallback: AuthMethod | None = None


@dataclass(frozen=True)
class SetExpiry:
    """Set (or with None, clear) a ``public_key`` credential's expiry."""

    credential_id: str
    expires_at: datetime | None


@dataclass(frozen=True)
class RotateClientSecret:
    """Have the tenant make a new client secret; the current one stops working at once."""


Intent = (
    AddCredential | Attach | Detach | SetAuth | DeleteCredential | SetExpiry | RotateClientSecret
)
