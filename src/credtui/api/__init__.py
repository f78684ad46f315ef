"""The async Management API client: the one path by which credtui talks to a tenant.

``ManagementClient`` offers typed operations; ``ClientSecretSource``,
``PrivateKeyJwtSource`` and ``ReadyTokenSource`` are the three ways to get a
management token; ``base_url_from_domain`` turns a profile's domain into the
tenant's base URL. Errors are those of :mod:`credtui.errors`.
"""

from credtui.api._wire import Answer
from credtui.api.client import APP_FIELDS, CredentialsResult, ManagementClient
from credtui.api.ratelimit import WaitObserver, WaitReason
from credtui.api.tokens import (
    ClientSecretSource,
    PrivateKeyJwtSource,
    ReadyTokenSource,
    Token,
    TokenCache,
    TokenSource,
    base_url_from_domain,
    management_audience,
    source_for_profile,
)

__all__ = [
    "APP_FIELDS",
    "Answer",
    "ClientSecretSource",
    "CredentialsResult",
    "ManagementClient",
    "PrivateKeyJwtSource",
    "ReadyTokenSource",
    "Token",
    "TokenCache",
    "TokenSource",
    "WaitObserver",
    "WaitReason",
    "base_url_from_domain",
    "management_audience",
    "source_for_profile",
]
