"""Start the TUI: on the user's config, or on the built-in demo tenant.

Importing this module imports neither Textual nor the emulator, nor asyncio (~45
ms with what it brings): :func:`run_tui` and :func:`run_demo` first start what is
slow and does not need the UI (the management token request, the demo tenant's
process, the first page of applications), then import the app while that goes
on (issue 14).
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import ssl
    from concurrent.futures import Future

    import httpx

    from credtui.api.tokens import Token, TokenSource
    from credtui.config import Config, LoadedConfig, Profile
    from credtui.models import ApplicationPage

DEMO_PROFILE = "demo"
EARLY_TOKEN_TIMEOUT = 15.0
"""Seconds each phase of the early token request may take (as ``ManagementClient``'s)."""


class EarlyToken:
    """The start-up profile's management token and first page of applications, fetched
    in a thread while Textual loads.

    Textual and the app take a few hundred milliseconds to import and mount; the
    token request used to start only after that, and the first page after the mount.
    Here both start first, in their own thread and event loop, on one short-lived
    connection (on a tenant far away, the page's round trip is hidden too). The
    app's client takes the token through :meth:`wrap`: its first token request
    awaits this one and gets its token or its error (the same typed error the app's
    own request would have raised, so errors read exactly as before); any later
    request (a retry, a refresh) goes to the profile's token source as usual. The
    applications screen's first load takes :attr:`first_page` (see
    ``CredtuiApp.take_first_page``) the same way: its page, or the typed error the
    screen's own request would have raised.

    The thread also makes the TLS context that the app's clients then share
    (:meth:`ssl_context`): for an https tenant it loads the CA bundle (~30-50 ms).
    An http tenant (the local one, on loopback) is never spoken to over TLS, so its
    context loads no CA at all: it trusts nothing, and any https request made with
    it fails verification rather than being trusted.
    """

    def __init__(self, profile: Profile, source: TokenSource | None, base_url: str) -> None:
        self.profile = profile
        self.base_url = base_url
        self._source = source
        self._ssl: ssl.SSLContext | None = None
        self._ssl_made = threading.Event()
        from concurrent.futures import Future

        self.result: Future[Token] = Future()
        self.first_page: Future[ApplicationPage] = Future()
        """The first page of applications, asked for with the token (its error if it failed)."""
        threading.Thread(target=self._run, name="credtui-early-token", daemon=True).start()

    @classmethod
    def start(cls, loaded: LoadedConfig, profile_name: str | None) -> EarlyToken | None:
        """Start fetching the token of the profile the app opens on; None if there is none.

        A profile that cannot make a token source starts nothing: the app reports it.
        A ready token (``token_env``) needs no request: only the TLS context is made.
        """
        from credtui.api.tokens import ReadyTokenSource, base_url_from_domain, source_for_profile
        from credtui.config import ConfigError
        from credtui.errors import CredtuiError

        name = profile_name or loaded.config.default
        if name is None or name not in loaded.config.profiles:
            return None
        profile = loaded.config.profiles[name]
        try:
            source = source_for_profile(profile, config_path=loaded.path)
            base_url = base_url_from_domain(profile.domain)
        except (ConfigError, CredtuiError, ValueError):
            return None
        return cls(profile, None if isinstance(source, ReadyTokenSource) else source, base_url)

    def ssl_context(self, timeout: float = 5.0) -> ssl.SSLContext | None:
        """The TLS context made in the thread (None if it is not there in ``timeout`` s)."""
        self._ssl_made.wait(timeout)
        return self._ssl

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
        if self._source is None:
            self.result.cancel()
            self.first_page.cancel()
            return
        # The app may have stopped waiting (its deadline cancels the future): then the
        # answer is dropped quietly, never raised in this thread onto the screen.
        try:
            asyncio.run(self._fetch(self._source))
        except BaseException as exc:
            # The token's own error was handed over as it came (see _Announcing); this
            # settles the token only when it failed before it was asked for.
            _settle(self.result, exc)
            _settle(self.first_page, exc)

    async def _fetch(self, source: TokenSource) -> None:
        """The token (settling :attr:`result` as soon as it is in), then the first page.

        Both go through the API client on one connection, with its usual retries and
        deadline: the page's answer, or its typed error, is what the app's own first
        request would have had, and the app shows it as its own.
        """
        from credtui.api.client import ManagementClient

        async with ManagementClient(
            self.base_url,
            _Announcing(source, self.result),
            verify=self._ssl or True,
            timeout=EARLY_TOKEN_TIMEOUT,
        ) as client:
            page = await client.get_application_page()
        _settle(self.first_page, page)

    def wrap(self, source: TokenSource) -> TokenSource:
        """``source``, except that its first fetch is this early one (if there is one)."""
        return source if self._source is None else _FirstFetchEarly(self, source)


def _settle(future: Future[Any], outcome: object) -> None:
    """Give ``future`` its result (or exception), unless its waiter already gave up on it."""
    from concurrent.futures import InvalidStateError

    with contextlib.suppress(InvalidStateError):
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


class _Announcing:
    """A token source that settles ``result`` with its first answer, token or error
    (a refresh after a 401 is asked of ``source`` again, as the app's client would)."""

    def __init__(self, source: TokenSource, result: Future[Token]) -> None:
        self._source = source
        self._result = result
        self.refreshable = source.refreshable

    def __repr__(self) -> str:
        return repr(self._source)

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
        try:
            token = await self._source.fetch(http, base_url, now)
        except BaseException as exc:
            _settle(self._result, exc)
            raise
        _settle(self._result, token)
        return token


class _FirstFetchEarly:
    """A token source whose first fetch is the :class:`EarlyToken`'s."""

    def __init__(self, early: EarlyToken, source: TokenSource) -> None:
        self._early: EarlyToken | None = early
        self._source = source
        self.refreshable = source.refreshable

    def __repr__(self) -> str:
        return repr(self._source)

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
        import asyncio

        from credtui.errors import CredtuiError

        early, self._early = self._early, None
        if early is not None and base_url == early.base_url:
            try:
                return await asyncio.wrap_future(early.result)
            except CredtuiError:
                raise  # what this source would have raised: worded for a person, no secret
            except Exception:  # anything unforeseen: ask again the usual way
                pass
        return await self._source.fetch(http, base_url, now)


def run_tui(
    loaded: LoadedConfig, *, profile_name: str | None = None, timeout: float | None = None
) -> int:
    """Open the TUI on ``loaded``; the first run (no profiles) opens the profiles screen.

    ``timeout`` (``credtui --timeout``) is each action's time budget (default 60 s).
    """
    early = EarlyToken.start(loaded, profile_name)
    from credtui.api.budget import DEFAULT_BUDGET
    from credtui.ui.app import CredtuiApp  # imported while the token request is under way
    from credtui.ui.state import ConfigStore

    context = early.ssl_context() if early is not None else None
    app = CredtuiApp(
        ConfigStore(loaded.config, loaded.path),
        profile_name=profile_name,
        early_token=early,
        client_options={"verify": context} if context is not None else None,
        action_seconds=timeout if timeout is not None else DEFAULT_BUDGET,
    )
    for warning in loaded.warnings:
        app.call_later(app.notify, warning, severity="warning", markup=False, timeout=15)
    app.run()
    return app.exit_status  # non-zero after a crash (Textual's run() itself returns normally)


def demo_config(base_url: str, client_id: str, client_secret: str) -> Config:
    """An in-memory config whose only profile is the local demo tenant."""
    from credtui.config import Config, Profile

    profile = Profile(
        name=DEMO_PROFILE, domain=base_url, client_id=client_id, client_secret=client_secret
    )
    return Config().with_profile(profile)


class DemoInfo(NamedTuple):
    """Where the demo tenant listens and its management application (the ready line)."""

    base_url: str
    client_id: str
    client_secret: str

    def __repr__(self) -> str:  # never the secret
        return f"DemoInfo(base_url={self.base_url!r}, client_id={self.client_id!r})"


class DemoTenant:
    """The demo tenant, in its own process, started beside the UI rather than before it.

    The child (:func:`serve_demo`) imports the emulator and makes its first two RSA
    keys on the other core while this process imports Textual; it prints one JSON
    line when it serves, and stops when its stdin closes (this process ending,
    however it ends). The management token is asked for as soon as that line
    comes (:class:`EarlyToken`), so that it is in before the UI has mounted.
    """

    def __init__(self) -> None:
        import subprocess

        # First of all: every millisecond before this one is a millisecond later to rows.
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from credtui.ui.launch import serve_demo; serve_demo()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        from concurrent.futures import Future

        # What the reader thread and the early token's use, imported here while the
        # tenant starts (this process needs them anyway): two threads importing one
        # package at once can deadlock (Python then raises ImportError in one of them).
        import credtui.api.client  # asyncio, httpx and the API client
        import credtui.config  # noqa: F401  (the demo profile)

        self.ready: Future[DemoInfo] = Future()
        self.early: EarlyToken | None = None
        """The demo profile's token, asked for as soon as the tenant serves."""
        self._stderr: list[str] = []
        threading.Thread(target=self._read, name="credtui-demo", daemon=True).start()

    def _read(self) -> None:
        assert self._proc.stdout is not None and self._proc.stderr is not None
        line = self._proc.stdout.readline()
        try:
            ready = json.loads(line)
            info = DemoInfo(ready["base_url"], ready["client_id"], ready["client_secret"])
        except (ValueError, KeyError, TypeError):
            self._stderr = self._proc.stderr.read().splitlines()
            why = self._stderr[-1] if self._stderr else "it stopped"
            self.ready.set_exception(RuntimeError(why.removeprefix("credtui demo: ")))
            return
        from credtui.api.tokens import ClientSecretSource

        profile = demo_config(info.base_url, info.client_id, info.client_secret).get(DEMO_PROFILE)
        source = ClientSecretSource(info.client_id, info.client_secret)
        # Asked for at once, while the UI is still loading: the thread makes its TLS context.
        self.early = EarlyToken(profile, source, info.base_url)
        self.ready.set_result(info)
        self._stderr = self._proc.stderr.read().splitlines()  # drained: it never blocks

    def stop(self, timeout: float = 5.0) -> None:
        """Close the tenant's stdin (it stops) and wait for it."""
        import subprocess

        if self._proc.stdin is not None:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def serve_demo() -> int:
    """The demo tenant's process (see :class:`DemoTenant`): serve until stdin closes.

    It does not wait for all eight keys: once the first two exist, the demo is
    seeded with them standing in for the seven (``seed.stand_in_keys``) and the
    ready line is printed: the token and the application list are answered at
    once (all the first rows need; with stand-ins they are the same: the list
    shows credential ids only). Every other request waits until the seven keys
    are made and swapped in (``seed.adopt_demo_keys``), so no stand-in is ever
    seen: the credentials columns fill a moment after the names.
    """
    import asyncio
    from concurrent.futures import Future

    keys_in: Future[None] = Future()
    try:
        # The first two keys first: made by two threads (OpenSSL releases the GIL) while
        # this one imports the emulator; the threads import nothing, so no two import at once.
        from concurrent.futures import ThreadPoolExecutor

        from credtui.keys import generate_rsa_key as new_key

        pool = ThreadPoolExecutor(2, thread_name_prefix="credtui-keygen")
        first = [pool.submit(new_key) for _ in range(2)]

        from starlette.types import Receive, Scope, Send

        from credtui.emulator.app import Emulator
        from credtui.emulator.seed import DEMO_KEY_COUNT, adopt_demo_keys, seed_demo, stand_in_keys
        from credtui.emulator.server import start_in_thread

        assert DEMO_KEY_COUNT == _DEMO_KEYS

        class DemoEmulator(Emulator):
            """Serves the token and the application list at once; the rest once the
            demo's own keys are in (until then its credentials hold stand-ins)."""

            async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
                asked = (scope.get("method"), scope.get("path"))
                if not keys_in.done() and asked not in _AT_ONCE:
                    await asyncio.wrap_future(keys_in)
                await super().__call__(scope, receive, send)

        # The signing key, and a stand-in that is also one of the demo's seven.
        signing, stand_in = (key.result() for key in first)
        emulator = DemoEmulator(signing_key=signing, rate_limit="50/20")
        now = emulator.clock.now()
        seed_demo(emulator, stand_in_keys(signing, stand_in), now=now)
        running = start_in_thread(emulator=emulator)
    except Exception as exc:
        print(f"credtui demo: {exc}", file=sys.stderr, flush=True)
        return 1
    line = {
        "base_url": running.base_url,
        "client_id": running.client_id,
        "client_secret": running.client_secret,
    }
    print(json.dumps(line), flush=True)
    try:
        # The demo's other keys one at a time, here (OpenSSL releases the GIL: the server
        # thread answers meanwhile): the UI is still starting on the other core, and its
        # first rows need none of them.
        more = [new_key() for _ in range(_DEMO_KEYS - 1)]
        adopt_demo_keys(emulator, [stand_in, *more], now=now)
        keys_in.set_result(None)
    except Exception as exc:  # the waiting requests fail; the UI shows why
        keys_in.set_exception(exc)
    pool.shutdown()
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # until the UI closes it, or ends
    running.stop()
    return 0


_DEMO_KEYS = 7
"""``credtui.emulator.seed.DEMO_KEY_COUNT``, known before the emulator is imported."""
_AT_ONCE = {("POST", "/oauth/token"), ("GET", "/api/v2/clients")}
"""What the first rows need of the demo tenant: no credential, no key material
(the list shows credential ids, which the stand-ins already have)."""


def run_demo() -> int:
    """Start the local demo tenant on a free port and open the TUI on it; nothing is written.

    The app starts at once on an empty in-memory config; its first mount waits for
    the tenant (started beside it, see :class:`DemoTenant`), then opens the demo
    profile. A tenant that cannot start ends the app with the reason, exit status 1.
    """
    tenant = DemoTenant()
    try:
        import asyncio

        from textual import events, on

        from credtui.config import Config
        from credtui.ui.app import CredtuiApp
        from credtui.ui.state import ConfigStore

        class DemoApp(CredtuiApp):
            @on(events.Mount)
            async def _open_demo(self, event: events.Mount) -> None:
                try:
                    info = await asyncio.wrap_future(tenant.ready)
                except Exception as exc:
                    event.prevent_default()  # no profiles screen: there is nothing to show
                    self.exit(
                        return_code=1,
                        message=f"credtui demo: the demo tenant could not start ({exc})",
                    )
                    return
                self.store.config = demo_config(info.base_url, info.client_id, info.client_secret)
                self.profile_name = DEMO_PROFILE
                if tenant.early is not None:
                    self._early_token = tenant.early
                    context = tenant.early.ssl_context(timeout=1)
                    if context is not None:
                        self.client_options.setdefault("verify", context)
                # CredtuiApp.on_mount runs next (Textual calls each class's handler) and
                # opens the demo profile.

        app = DemoApp(ConfigStore(Config(), None), profile_name=DEMO_PROFILE)
        app.run()
    finally:
        tenant.stop()
    return app.exit_status
