"""Start the TUI: on the user's config, or on the built-in demo tenant.

Importing this module imports neither Textual nor the emulator: :func:`run_tui`
and :func:`run_demo` first start what is slow and does not need the UI (the
management token request, the demo tenant's process), then import the app while
that goes on (issue 14).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import threading
import time
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ssl

    import httpx
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    from credtui.api.tokens import Token, TokenSource
    from credtui.config import Config, LoadedConfig, Profile

DEMO_PROFILE = "demo"
EARLY_TOKEN_TIMEOUT = 15.0
"""Seconds each phase of the early token request may take (as ``ManagementClient``'s)."""


class EarlyToken:
    """The start-up profile's management token, fetched in a thread while Textual loads.

    Textual and the app take a few hundred milliseconds to import and mount; the
    token request used to start only after that. Here it starts first, in its own
    thread and event loop, on its own short-lived connection. The app's client then
    takes it through :meth:`wrap`: its first token request awaits this one and gets
    its token or its error (the same typed error the app's own request would have
    raised, so errors read exactly as before); any later request (a retry, a
    refresh) goes to the profile's token source as usual.

    The thread also makes the TLS context (loading the CA bundle, ~50 ms) that the
    app's clients then share (:meth:`ssl_context`).
    """

    def __init__(
        self,
        profile: Profile,
        source: TokenSource | None,
        base_url: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.profile = profile
        self.base_url = base_url
        self._source = source
        self._ssl = ssl_context
        self._ssl_made = threading.Event()
        self.result: Future[Token] = Future()
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
        import httpx

        try:
            if self._ssl is None:
                self._ssl = httpx.create_ssl_context()
        except Exception:  # the app's clients then make their own, and report
            pass
        finally:
            self._ssl_made.set()
        if self._source is None:
            self.result.cancel()
            return
        # The app may have stopped waiting (its deadline cancels the future): then the
        # answer is dropped quietly, never raised in this thread onto the screen.
        try:
            token = asyncio.run(self._fetch(self._source))
        except BaseException as exc:  # handed to the app's first token request
            with contextlib.suppress(InvalidStateError):
                self.result.set_exception(exc)
        else:
            with contextlib.suppress(InvalidStateError):
                self.result.set_result(token)

    async def _fetch(self, source: TokenSource) -> Token:
        import httpx

        async with httpx.AsyncClient(
            verify=self._ssl or True,
            timeout=httpx.Timeout(EARLY_TOKEN_TIMEOUT),
            headers={"User-Agent": "credtui", "Accept": "application/json"},
            follow_redirects=False,
        ) as http:
            return await source.fetch(http, self.base_url, time.time())

    def wrap(self, source: TokenSource) -> TokenSource:
        """``source``, except that its first fetch is this early one (if there is one)."""
        return source if self._source is None else _FirstFetchEarly(self, source)


class _FirstFetchEarly:
    """A token source whose first fetch is the :class:`EarlyToken`'s."""

    def __init__(self, early: EarlyToken, source: TokenSource) -> None:
        self._early: EarlyToken | None = early
        self._source = source
        self.refreshable = source.refreshable

    def __repr__(self) -> str:
        return repr(self._source)

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
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


def run_tui(loaded: LoadedConfig, *, profile_name: str | None = None) -> int:
    """Open the TUI on ``loaded``; the first run (no profiles) opens the profiles screen."""
    early = EarlyToken.start(loaded, profile_name)
    from credtui.ui.app import CredtuiApp  # imported while the token request is under way
    from credtui.ui.state import ConfigStore

    context = early.ssl_context() if early is not None else None
    app = CredtuiApp(
        ConfigStore(loaded.config, loaded.path),
        profile_name=profile_name,
        early_token=early,
        client_options={"verify": context} if context is not None else None,
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


@dataclass(frozen=True)
class DemoInfo:
    """Where the demo tenant listens and its management application (the ready line)."""

    base_url: str
    client_id: str
    client_secret: str = field(repr=False)


class DemoTenant:
    """The demo tenant, in its own process, started beside the UI rather than before it.

    The child (:func:`serve_demo`) imports the emulator and makes the eight RSA keys
    (the token signing key and the demo's seven, ~80 ms each) on the other core
    while this process imports Textual; it prints one JSON line when it serves,
    and stops when its stdin closes (this process ending, however it ends).
    """

    def __init__(self) -> None:
        import subprocess

        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from credtui.ui.launch import serve_demo; serve_demo()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.ready: Future[DemoInfo] = Future()
        self.early: EarlyToken | None = None
        """The demo profile's token, asked for as soon as the tenant serves."""
        self._stderr: list[str] = []
        self._ssl: ssl.SSLContext | None = None
        self._go = threading.Event()
        threading.Thread(target=self._read, name="credtui-demo", daemon=True).start()

    def ui_imported(self) -> None:
        """The UI's imports are done: make the TLS context now, before the tenant is up.

        httpx loads its CA bundle (~50 ms) even for an http:// tenant; made here it is
        ready when the app connects. Not earlier: two threads importing httpx at once
        is best avoided.
        """
        self._go.set()

    def _read(self) -> None:
        assert self._proc.stdout is not None and self._proc.stderr is not None
        if self._go.wait(60):
            import httpx

            with contextlib.suppress(Exception):  # the app then makes its own
                self._ssl = httpx.create_ssl_context()
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
        self.early = EarlyToken(profile, source, info.base_url, ssl_context=self._ssl)
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
    keys_in: Future[None] = Future()
    try:
        # The keys first: made by two threads (OpenSSL releases the GIL) while this one
        # imports the emulator; the threads import nothing, so no two import at once.
        from concurrent.futures import ThreadPoolExecutor, as_completed

        from cryptography.hazmat.primitives.asymmetric import rsa

        def new_key() -> RSAPrivateKey:
            return rsa.generate_private_key(public_exponent=65537, key_size=2048)

        pool = ThreadPoolExecutor(2, thread_name_prefix="credtui-keygen")
        keys = [pool.submit(new_key) for _ in range(1 + _DEMO_KEYS)]

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

        # The first two keys made (a key can take 20 ms or 300 ms): the signing key,
        # and a stand-in that is also one of the demo's seven.
        made = as_completed(keys)
        signing_future, stand_in = next(made), next(made).result()
        demo_keys = [k for k in keys if k is not signing_future]
        signing = signing_future.result()
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
        adopt_demo_keys(emulator, [k.result() for k in demo_keys], now=now)
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
        from textual import events, on

        from credtui.config import Config
        from credtui.ui.app import CredtuiApp
        from credtui.ui.state import ConfigStore

        tenant.ui_imported()

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
                    context = tenant.early.ssl_context(timeout=0)
                    if context is not None:
                        self.client_options.setdefault("verify", context)
                # CredtuiApp.on_mount runs next (Textual calls each class's handler) and
                # opens the demo profile.

        app = DemoApp(ConfigStore(Config(), None), profile_name=DEMO_PROFILE)
        app.run()
    finally:
        tenant.stop()
    return app.exit_status
