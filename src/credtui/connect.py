"""From a tenant profile to a Management API client: the one place both the TUI
and the headless CLI turn a :class:`~credtui.config.Profile` into a connection."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from credtui.api.client import ManagementClient
from credtui.api.tokens import (
    ClientSecretSource,
    PrivateKeyJwtSource,
    ReadyTokenSource,
    TokenSource,
)
from credtui.config import ConfigError, Profile
from credtui.config import TokenSource as ProfileSource


def token_source_for(
    profile: Profile, *, config_path: Path | None, environ: Mapping[str, str] | None = None
) -> TokenSource:
    """The token source a profile describes. Raises ConfigError for a missing secret."""
    if profile.token_source is ProfileSource.TOKEN:
        return ReadyTokenSource(profile.resolve_token(environ))
    if profile.client_id is None:
        raise ConfigError(config_path, "is missing", profile=profile.name, key="client_id")
    if profile.token_source is ProfileSource.PRIVATE_KEY_JWT:
        return PrivateKeyJwtSource(
            profile.client_id,
            private_key_path=profile.private_key_path(config_path),
            alg=profile.private_key_alg,
            kid=profile.private_key_kid,
        )
    return ClientSecretSource(profile.client_id, profile.resolve_secret(environ))


def client_for_profile(
    profile: Profile,
    *,
    config_path: Path | None,
    transport: httpx.AsyncBaseTransport | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> ManagementClient:
    """A :class:`ManagementClient` for ``profile`` (``options`` go to its constructor)."""
    source = token_source_for(profile, config_path=config_path, environ=environ)
    return ManagementClient(profile.base_url, source, transport=transport, **options)
