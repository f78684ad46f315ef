"""The async Management API client: the one path by which credtui talks to a tenant.

``ManagementClient`` offers typed operations; ``ClientSecretSource``,
``PrivateKeyJwtSource`` and ``ReadyTokenSource`` are the three ways to get a
management token (each from plain values: a profile becomes a client in
:mod:`credtui.connect`); ``base_url_from_domain`` turns a domain into the
tenant's base URL. Errors are those of :mod:`credtui.errors`.
"""

from credtui.api._wire import Answer
from credtui.api.client import APP_FIELDS, CredentialsResult, ManagementClient
from credtui.api.ratelimit import WaitObserver, WaitReason
from credtui.api.token_cache import TokenCache
from credtui.api.tokens import (
    ClientSecretSource,
    PrivateKeyJwtSource,
    ReadyTokenSource,
    Token,
    TokenSource,
    base_url_from_domain,
    management_audience,
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
]
