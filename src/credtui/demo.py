"""``credtui demo``: the TUI on a local demo tenant, started beside it; nothing is written.

The demo tenant runs in its own process (:func:`serve_demo`, the emulator seeded
with the demo applications); this process starts it first, then loads the UI,
and hands the UI the demo profile once the tenant serves (a
:class:`~credtui.connect.Opening`). The UI never imports the emulator: this
module, beside the command line, joins the two.

Importing this module imports neither Textual nor the emulator, nor asyncio.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from concurrent.futures import Future

    from credtui.config import Config
    from credtui.connect import Opening

__all__ = ["DEMO_PROFILE", "DemoInfo", "DemoTenant", "demo_config", "run_demo", "serve_demo"]

DEMO_PROFILE = "demo"


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
    however it ends). The management token and the first page are asked for as
    soon as that line comes (a :class:`~credtui.connect.HeadStart`), so that they
    are in before the UI has mounted; :attr:`opening` is what the UI then opens.
    """

    def __init__(self) -> None:
        import subprocess

        # First of all: every millisecond before this one is a millisecond later to rows.
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from credtui.demo import serve_demo; serve_demo()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        from concurrent.futures import Future

        # What the reader thread and the head start use, imported here while the
        # tenant starts (this process needs them anyway): two threads importing one
        # package at once can deadlock (Python then raises ImportError in one of them).
        import credtui.connect  # noqa: F401  (asyncio, httpx, the API client and the config)

        self.opening: Future[Opening] = Future()
        """The demo profile and its head start, once the tenant serves; the reason it
        could not start, else."""
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
            why = why.removeprefix("credtui demo: ")
            self.opening.set_exception(
                RuntimeError(f"credtui demo: the demo tenant could not start ({why})")
            )
            return
        from credtui.connect import HeadStart, Opening

        config = demo_config(info.base_url, info.client_id, info.client_secret)
        # Asked for at once, while the UI is still loading: the thread makes its TLS context.
        head_start = HeadStart.start(config, DEMO_PROFILE)
        self.opening.set_result(Opening(config, DEMO_PROFILE, head_start))
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

        from credtui.keys.generate import generate_rsa_key as new_key

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
        from credtui.config import Config
        from credtui.ui.app import CredtuiApp
        from credtui.ui.state import ConfigStore

        app = CredtuiApp(
            ConfigStore(Config(), None), profile_name=DEMO_PROFILE, opening=tenant.opening
        )
        app.run()
    finally:
        tenant.stop()
    return app.exit_status
