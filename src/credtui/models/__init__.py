"""What credtui knows about a tenant: applications, credentials, and what to change.

Frozen dataclasses built from Auth0's JSON with ``from_api()``; requests to change
things (:class:`CredentialDraft`, :class:`AuthChange`) build bodies with ``to_body()``
that leave out whatever the user did not set. Pure: no I/O. One package, one face:
import from ``credtui.models``. The enums are Auth0's words (:mod:`credtui.vocabulary`).
"""

from credtui.models.applications import (
    SECRET_BY_DEFAULT_LABEL,
    Application,
    ApplicationPage,
    NewClientSecret,
    TokenVaultGrant,
)
from credtui.models.changes import AuthChange
from credtui.models.credentials import Credential, CredentialDraft
from credtui.models.fields import TEXT_MAX, UNREADABLE_SHOWN_MAX, parse_timestamp
from credtui.rules import format_timestamp
from credtui.vocabulary import AuthMethod, CredentialType, Slot, type_words

__all__ = [
    "SECRET_BY_DEFAULT_LABEL",
    "TEXT_MAX",
    "UNREADABLE_SHOWN_MAX",
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
    "type_words",
]
