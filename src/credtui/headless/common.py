"""What every headless command shares: its profile and client, and how a failure ends it.

:func:`fail` refuses the command line itself; :func:`exit_status` and
:func:`error_text` turn any error into the documented exit status
(:mod:`credtui.exit_codes`) and one sentence. What is printed, and where, is
:mod:`credtui.headless.output`.
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NoReturn

from credtui.config import Config, ConfigError, LoadedConfig, Profile, config_path, load_config
from credtui.config.env import environment_profile, profile_name
from credtui.errors import (
    ApiError,
    BudgetExceededError,
    CredtuiError,
    LocalValidationError,
    NotFoundError,
    PartialChangeError,
    RequestTimeoutError,
    UnreachableError,
    describe_error,
)
from credtui.exit_codes import EXIT_TENANT_ERROR, EXIT_UNREACHABLE, EXIT_USAGE
from credtui.files import shown_path
from credtui.headless.options import DEFAULT_TIMEOUT
from credtui.headless.output import clean, message

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = [
    "CommandError",
    "error_text",
    "exit_status",
    "fail",
    "load",
    "now_utc",
    "open_client",
    "profile_for",
]


class CommandError(Exception):
    """A refusal of the command line itself (bad usage, unreadable file): message and status."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def fail(message: str, status: int = EXIT_USAGE) -> NoReturn:
    """Stop the command with ``message`` on stderr and exit ``status``."""
    raise CommandError(message, status)


def exit_status(exc: BaseException) -> int:
    """The documented exit status for an error (2 refused, 3 tenant error, 4 unreachable)."""
    if isinstance(exc, CommandError):
        return exc.status
    if isinstance(exc, PartialChangeError):
        # Part of the change was sent: never 2 ("nothing was sent"), whatever stopped the rest.
        return (
            EXIT_UNREACHABLE
            if isinstance(exc.cause, UnreachableError | RequestTimeoutError)
            else EXIT_TENANT_ERROR
        )
    if isinstance(exc, LocalValidationError | ConfigError | OSError):
        return EXIT_USAGE
    if isinstance(exc, UnreachableError | RequestTimeoutError):
        return EXIT_UNREACHABLE
    if isinstance(exc, ApiError):
        return EXIT_TENANT_ERROR
    cause = getattr(exc, "cause", None)
    if isinstance(cause, BaseException) and cause is not exc:
        return exit_status(cause)  # a partial change: as the failure that stopped it
    # Anything else is a failure after the input was accepted: never 0, never "refused".
    return EXIT_TENANT_ERROR


def error_text(exc: BaseException) -> str:
    """The one sentence shown for an error (never a secret, never a traceback)."""
    if isinstance(exc, CommandError):
        return exc.message
    if isinstance(exc, ConfigError):
        return str(exc)
    if isinstance(exc, BudgetExceededError):
        return f"{describe_error(exc)} Give it longer with --timeout SECONDS."
    if isinstance(exc, NotFoundError) and (said := _not_found(exc)):
        return said
    if isinstance(exc, UnreachableError):
        return _unreachable(exc)
    if isinstance(exc, CredtuiError):
        return describe_error(exc, now=datetime.now(UTC))
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{shown_path(exc.filename)}: " if isinstance(exc.filename, str) else ""
        return f"{where}{exc.strerror}"
    return describe_error(exc)


_CLIENT_PATH = re.compile(r"^/api/v2/clients/([^/?]+)(?:/credentials/([^/?]+))?$")


def _not_found(exc: NotFoundError) -> str | None:
    """A missing application or credential, named by its id, with the command that finds it."""
    found = _CLIENT_PATH.match(exc.path or "")
    if found is None:
        return None
    client_id, credential_id = (clean(g) if g else g for g in found.groups())
    said = clean(exc.message).rstrip(".") or "not found"
    if credential_id:
        return (
            f"no credential {credential_id} on application {client_id} (the tenant answered "
            f"404: {said}); `credtui creds list {client_id}` lists its credentials"
        )
    return (
        f"no application with client ID {client_id} on this tenant (the tenant answered "
        f"404: {said}); find it with `credtui apps list --filter NAME`"
    )


def _unreachable(exc: UnreachableError) -> str:
    """Which host could not be reached, and what to check (never an exception class name)."""
    url = getattr(exc, "url", None) or "the tenant"
    how = "dropped the connection" if "dropped" in exc.message else "could not be reached"
    return (
        f"{url} {how}: check the tenant domain (the profile's domain or CREDTUI_DOMAIN), "
        "the network and any proxy (HTTPS_PROXY), and that the tenant is up"
    )


def now_utc() -> datetime:
    """The current time, aware UTC (whole milliseconds are all Auth0 keeps)."""
    return datetime.now(UTC)


# --- config and client ------------------------------------------------------------------


def load(args: argparse.Namespace) -> LoadedConfig:
    """The config file the command names (``--config``, ``$CREDTUI_CONFIG``, the default)."""
    loaded = load_config(config_path(getattr(args, "config", None)))
    for warning in loaded.warnings:
        message(f"warning: {warning}")
    return loaded


def profile_for(args: argparse.Namespace) -> tuple[LoadedConfig, Profile]:
    """The config and the profile the command uses.

    ``--profile``, else the environment's profile when ``CREDTUI_DOMAIN`` is set (no
    config file is read: :mod:`credtui.config.env`), else ``$CREDTUI_PROFILE``, else
    the config's default.
    """
    name = getattr(args, "profile", None)
    if name is None:
        from_env = environment_profile()
        if from_env is not None:
            return LoadedConfig(Config(), config_path(None), exists=False), from_env
        name = profile_name()
    loaded = load(args)
    try:
        return loaded, loaded.config.get(name)
    except ConfigError as exc:
        if not loaded.config.profiles:
            fail(
                f"{loaded.path}: there are no tenant profiles yet; add one with "
                "`credtui profile add NAME --domain ...`"
            )
        raise exc.at(loaded.path) from None


def open_client(args: argparse.Namespace) -> ManagementClient:
    """A :class:`~credtui.api.client.ManagementClient` for the command's profile.

    Every call it makes shares the command's one budget, ``--timeout`` (default 60 s),
    counted from now: token, requests, retries and waits together.
    """
    from credtui.connect import connect

    loaded, profile = profile_for(args)
    seconds = getattr(args, "timeout", None) or DEFAULT_TIMEOUT
    return connect(profile, config_path=loaded.path, total_budget=seconds, call_budget=None)
