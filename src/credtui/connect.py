"""Connect a tenant profile: where a :class:`~credtui.config.Profile` becomes a client.

The API layer (:mod:`credtui.api`) takes plain values (a base URL, a token
source); the config layer knows profiles, secrets in the keyring, commands and
environment variables. This module, above both, joins them: :func:`source_for_profile`
(the token source a profile describes), :func:`connect` (a
:class:`~credtui.api.client.ManagementClient` for a profile) and :class:`HeadStart`
(the start-up profile's token and first page, asked for in a thread while the UI
loads, then handed to the client :func:`connect` makes).

Importing this module imports the API client (httpx, asyncio), not Textual.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from concurrent.futures import Future, InvalidStateError
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from credtui.api.client import ManagementClient
from credtui.api.tokens import (
    ClientSecretSource,
    PrivateKeyJwtSource,
    ReadyTokenSource,
    Token,
    TokenSource,
    base_url_from_domain,
)
from credtui.config import Config, ConfigError, Profile, secret_sources
from credtui.config import TokenSourceKind as Kind
from credtui.errors import CredtuiError

if TYPE_CHECKING:
    import ssl

    from credtui.models import ApplicationPage

__all__ = ["HEAD_START_TIMEOUT", "HeadStart", "Opening", "connect", "source_for_profile"]

HEAD_START_TIMEOUT = 15.0
"""Seconds each phase of the head start's requests may take (as ``ManagementClient``'s)."""


def source_for_profile(
    profile: Profile, *, config_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> TokenSource:
    """The token source a tenant profile describes (raises ``ConfigError`` if incomplete).

    A secret in the environment or the file is read now; one in the keyring or given
    by a command is asked for when a token is needed (off the event loop).
    """
    kind = profile.token_source
    if kind is Kind.TOKEN:
        return ReadyTokenSource(profile.resolve_token(environ))
    if not profile.client_id:
        raise ConfigError(config_path, "no client_id is set", profile=profile.name, key="client_id")
    if kind is Kind.PRIVATE_KEY_JWT:
        command = profile.private_key_command
        key: dict[str, Any] = (
            {"private_key_pem": partial(secret_sources.command_private_key, command)}
            if command is not None
            else {"private_key_path": profile.private_key_path(config_path)}
        )
        return PrivateKeyJwtSource(
            profile.client_id, alg=profile.private_key_alg, kid=profile.private_key_kid, **key
        )
    if profile.client_secret_keyring:
        return ClientSecretSource(
            profile.client_id, partial(secret_sources.keyring_secret, profile.name)
        )
    if profile.client_secret_command is not None:
        return ClientSecretSource(
            profile.client_id, partial(secret_sources.command_secret, profile.client_secret_command)
        )
    return ClientSecretSource(profile.client_id, profile.resolve_secret(environ))


def connect(
    profile: Profile,
    *,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    head_start: HeadStart | None = None,
    **kwargs: Any,
) -> ManagementClient:
    """A client for a tenant profile (its domain and token source).

    ``kwargs`` go to the :class:`ManagementClient` constructor (``transport``,
    ``clock``, ``total_budget``...). With a ``head_start`` begun for this very
    profile, the client takes its token source (the secret is not resolved again),
    its token, first page and TLS context; for any other profile it is ignored.
    Raises ``ConfigError`` for an incomplete profile, LocalValidationError for a
    bad domain; a private key is read at the first token request.
    """
    if head_start is not None and head_start.profile == profile:
        kwargs.setdefault("verify", head_start.ssl_context() or True)
        fetching = head_start.fetching
        return ManagementClient(
            head_start.base_url,
            head_start.source,
            prefetched_token=head_start.token if fetching else None,
            prefetched_page=head_start.first_page if fetching else None,
            **kwargs,
        )
    source = source_for_profile(profile, config_path=config_path, environ=environ)
    return ManagementClient(base_url_from_domain(profile.domain), source, **kwargs)


class HeadStart:
    """The start-up profile's management token and first page of applications, fetched
    in a thread while the UI loads.

    Textual and the app take a few hundred milliseconds to import and mount; the
    token request used to start only after that, and the first page after the mount.
    Here both start first, in their own thread and event loop, on one short-lived
    connection (on a tenant far away, the page's round trip is hidden too).
    :func:`connect` hands the app's client the token source (the secret resolved
    here, once), :attr:`token` and :attr:`first_page`: the client's first token
    request and first listing await them and get their answer or the typed error
    the client's own request would have raised (so errors read exactly as before);
    any later request (a retry, a refresh) goes to the source as usual.

    The thread also makes a TLS context (:meth:`ssl_context`): for an https tenant
    it loads the CA bundle (~30-50 ms), and the app's clients of every profile may
    share it (:meth:`shared_context`). An http tenant (the local one, on loopback)
    is never spoken to over TLS, so its context loads no CA at all: it trusts
    nothing, and only this profile's client uses it.
    """

    def __init__(self, profile: Profile, source: TokenSource, base_url: str) -> None:
        self.profile = profile
        self.source = source
        self.base_url = base_url
        self.fetching = source.refreshable
        """Whether anything is asked for (a ready token needs no request)."""
        self._ssl: ssl.SSLContext | None = None
        self._ssl_made = threading.Event()
        self.token: Future[Token] = Future()
        """The token, or the typed error its request raised."""
        self.first_page: Future[ApplicationPage] = Future()
        """The first page of applications, asked for with the token (its error if it failed)."""
        threading.Thread(target=self._run, name="credtui-head-start", daemon=True).start()

    @classmethod
    def start(
        cls,
        config: Config,
        profile_name: str | None,
        *,
        config_path: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> HeadStart | None:
        """Start fetching for the profile the app opens on (``profile_name``, else the
        default); None if there is none.

        A profile that cannot make a token source starts nothing: the app reports it.
        A ready token (``token_env``) needs no request: only the TLS context is made.
        """
        name = profile_name or config.default
        if name is None or name not in config.profiles:
            return None
        profile = config.profiles[name]
        try:
            source = source_for_profile(profile, config_path=config_path, environ=environ)
            base_url = base_url_from_domain(profile.domain)
        except (ConfigError, CredtuiError, ValueError):
            return None
        return cls(profile, source, base_url)

    def ssl_context(self, timeout: float = 5.0) -> ssl.SSLContext | None:
        """The TLS context made in the thread (None if it is not there in ``timeout`` s)."""
        self._ssl_made.wait(timeout)
        return self._ssl

    def shared_context(self, timeout: float = 5.0) -> ssl.SSLContext | None:
        """The TLS context every profile's client may use: an https tenant's (it holds
        the usual CAs); None for a loopback tenant, whose context trusts nothing."""
        return None if self.base_url.startswith("http://") else self.ssl_context(timeout)

    def _run(self) -> None:
        import asyncio

        import httpx

        try:
            if self.base_url.startswith("http://"):
                import ssl

                self._ssl = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, trusts nothing
            else:
                self._ssl = httpx.create_ssl_context()
        except Exception:  # the app's clients then make their own, and report
            pass
        finally:
            self._ssl_made.set()
        if not self.fetching:  # a ready token: nothing to ask for
            self.token.cancel()
            self.first_page.cancel()
            return
        # The app may have stopped waiting (its deadline cancels the future): then the
        # answer is dropped quietly, never raised in this thread onto the screen.
        try:
            asyncio.run(self._fetch())
        except BaseException as exc:
            _settle(self.token, exc)  # a no-op once the token's own outcome is in
            _settle(self.first_page, exc)

    async def _fetch(self) -> None:
        """The token (settling :attr:`token` as soon as it is in), then the first page.

        Both go through the API client on one connection, with its usual retries and
        deadline: the answers, or their typed errors, are what the app's own first
        requests would have had, and the app shows them as its own.
        """
        async with ManagementClient(
            self.base_url,
            self.source,
            verify=self._ssl or True,
            timeout=HEAD_START_TIMEOUT,
        ) as client:
            try:
                token = await client.token()
            except BaseException as exc:
                _settle(self.token, exc)
                raise
            _settle(self.token, token)
            page = await client.get_application_page()
        _settle(self.first_page, page)


class Opening(NamedTuple):
    """What the TUI opens on when it is known only after the app started (the demo's
    profile, once its tenant serves): handed to ``CredtuiApp(opening=...)`` as a future,
    whose exception, if it has one, ends the app with that message."""

    config: Config
    profile_name: str
    head_start: HeadStart | None


def _settle(future: Future[Any], outcome: object) -> None:
    """Give ``future`` its result (or exception), unless its waiter already gave up on it."""
    with contextlib.suppress(InvalidStateError):
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
