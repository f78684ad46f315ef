"""Rotating an application's client secret: whether it can be, who uses the secret, and
keeping credtui's own profiles working afterwards.

One implementation for the TUI's dialog and ``credtui creds rotate-secret``. The
rotation itself is planned and sent through :mod:`credtui.ops.plan`
(:class:`~credtui.ops.plan.RotateClientSecret`). A credtui profile "uses" the secret
when its ``client_id`` is the application's and its token comes from a client secret;
how it can take the new one depends on where the profile keeps it:

* in the config file: credtui writes it there (:class:`~credtui.config.SetClientSecret`
  through :func:`~credtui.config.update_config`, as every profile change);
* in the system keyring: credtui stores it there (the file is unchanged);
* in an environment variable or behind a command: credtui cannot; it says what to change.

The secret itself is only ever passed through, never kept, logged or put in an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from credtui.config import (
    Config,
    ConfigChange,
    Profile,
    SetClientSecret,
    TokenSourceKind,
    secret_sources,
)
from credtui.errors import LocalValidationError
from credtui.models import Application, AuthMethod

__all__ = [
    "SecretUser",
    "rotation_refusal",
    "secret_users",
    "update_profile_secret",
]


def rotation_refusal(app: Application) -> str | None:
    """Why ``app``'s client secret cannot be rotated, in words (None: it can).

    Only applications that authenticate with their client secret (post or basic) are
    offered: Auth0 refuses the rotation while Private Key JWT is configured (and hides
    the secret under any credential method); a public client uses no secret.
    """
    name = app.name or app.client_id
    method = app.auth_method
    if method is not None and method.uses_client_secret:
        return None
    if method is None:
        return (
            f"credtui could not read how {name} authenticates, so it does not know whether "
            "a client secret is in use; refresh (r) and try again."
        )
    if method is AuthMethod.NONE:
        return (
            f"{name} is a public client (authentication: none): it does not authenticate "
            "with a client secret, so there is none in use to rotate."
        )
    return (
        f"{name} authenticates with {method.label}, not its client secret: Auth0 hides the "
        "secret and refuses to rotate it while a credential method is configured. Rotate "
        "its credentials instead, or switch it to a client secret method first."
    )


@dataclass(frozen=True)
class SecretUser:
    """A credtui profile that gets its management token with the application's secret."""

    profile: str
    where: str
    """Where the profile keeps the secret, in words: "the config file", "$AUTH0_SECRET"."""
    updatable: bool
    """Whether credtui can give it the new secret (config file or system keyring)."""
    advice: str
    """What to do, in one sentence (for one credtui cannot update: what to change by hand)."""


def _user(profile: Profile) -> SecretUser:
    name = profile.name
    if profile.client_secret is not None:
        return SecretUser(
            name,
            "the config file",
            True,
            f"credtui can write the new secret into profile {name} (config file, 0600).",
        )
    if profile.client_secret_keyring:
        return SecretUser(
            name,
            "the system keyring",
            True,
            f"credtui can store the new secret in the system keyring for profile {name}.",
        )
    if profile.client_secret_env:
        var = profile.client_secret_env
        return SecretUser(
            name,
            f"${var}",
            False,
            f"profile {name} reads ${var}: set ${var} to the new secret wherever it is set "
            "(shell profile, CI secret store).",
        )
    if profile.client_secret_command is not None:
        return SecretUser(
            name,
            "a command",
            False,
            f"profile {name} runs a command for its secret: store the new secret where that "
            "command reads it (password manager, vault).",
        )
    return SecretUser(  # pragma: no cover - a client-secret profile has one of the above
        name, "unknown", False, f"give profile {name} the new secret."
    )


def secret_users(profiles: Iterable[Profile], client_id: str) -> list[SecretUser]:
    """The profiles among ``profiles`` whose management token comes from ``client_id``'s
    client secret (client IDs are unique across Auth0 tenants, so the ID alone decides)."""
    return [
        _user(p)
        for p in profiles
        if p.client_id == client_id and p.token_source is TokenSourceKind.CLIENT_SECRET
    ]


def update_profile_secret(
    profile: Profile,
    secret: str,
    apply: Callable[[ConfigChange], Config] | None,
) -> str:
    """Give ``profile`` the new ``secret`` where it keeps its secret; returns what was done.

    ``apply`` writes one change to the config (``ConfigStore.apply``, or
    :func:`~credtui.config.update_config` bound to a path); None when there is no file
    (the environment profile). Raises :class:`~credtui.config.ConfigError`, ``OSError``,
    :class:`~credtui.config.secret_sources.SecretSourceError` or, for a profile credtui cannot
    update, :class:`LocalValidationError` with the advice.
    """
    user = _user(profile)
    if profile.client_secret is not None:
        if apply is None or profile.client_id is None:
            raise LocalValidationError(
                "profile", f"profile {profile.name} is not in a config file", code="no_file"
            )
        apply(SetClientSecret(profile.name, profile.client_id, secret))
        return f"profile {profile.name} now has the new secret (config file)"
    if profile.client_secret_keyring:
        secret_sources.store_keyring_secret(profile.name, secret)
        return f"profile {profile.name} now has the new secret (system keyring)"
    raise LocalValidationError("profile", user.advice, code="not_updatable")
