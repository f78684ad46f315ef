"""Starting the TUI early (issue 14): the token and first page asked for while Textual
loads (a head start, handed to the client through its constructor: issue 23), the demo
tenant started beside the UI. What the tenant receives, and what a person sees."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from credtui.config import Config, LoadedConfig, Profile
from credtui.connect import HeadStart, connect
from credtui.emulator import Emulator
from credtui.emulator.server import RunningEmulator, start_in_thread
from credtui.errors import ApiError, describe_error
from tests import keyfactory
from tests.conftest import signing_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tenant() -> Iterator[RunningEmulator]:
    running = start_in_thread(emulator=Emulator(signing_key=signing_key()))
    try:
        yield running
    finally:
        running.stop()


def loaded_for(tenant: RunningEmulator, secret: str) -> LoadedConfig:
    profile = Profile(
        name="local", domain=tenant.base_url, client_id=tenant.client_id, client_secret=secret
    )
    return LoadedConfig(Config().with_profile(profile), Path("unused.toml"))


def token_requests(tenant: RunningEmulator) -> int:
    return sum(1 for e in tenant.emulator.log.entries() if e.path == "/oauth/token")


def head_start_for(loaded: LoadedConfig) -> HeadStart:
    head_start = HeadStart.start(loaded.config, None, config_path=loaded.path)
    assert head_start is not None
    return head_start


async def first_token(head_start: HeadStart) -> str:
    async with connect(head_start.profile, head_start=head_start) as client:
        return (await client.token()).value


def test_the_app_takes_the_early_token_and_the_tenant_is_asked_once(
    tenant: RunningEmulator,
) -> None:
    head_start = head_start_for(loaded_for(tenant, tenant.client_secret))
    token = asyncio.run(first_token(head_start))
    same = token == head_start.token.result().value  # a bool: no token in a failure's output
    assert same, "the app's first token is not the early one"
    assert token_requests(tenant) == 1


def test_an_early_refusal_is_the_error_the_app_would_have_shown(tenant: RunningEmulator) -> None:
    head_start = head_start_for(loaded_for(tenant, "wrong-secret"))
    with pytest.raises(ApiError) as caught:
        asyncio.run(first_token(head_start))
    assert caught.value.status == 401
    assert "wrong-secret" not in describe_error(caught.value)
    assert token_requests(tenant) == 1  # not asked again behind the user's back


def test_no_profile_starts_nothing() -> None:
    assert HeadStart.start(Config(), None) is None


class CountingEnviron(Mapping[str, str]):
    """An environment that counts how often the secret is read from it."""

    def __init__(self, values: dict[str, str]) -> None:
        self._values = values  # not ``values``: that would hide Mapping.values()
        self.reads = 0

    def __getitem__(self, key: str) -> str:
        self.reads += key == "S"
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def test_the_start_up_profile_s_secret_is_resolved_once(tenant: RunningEmulator) -> None:
    """The head start resolves the secret; the app's client takes its token source
    rather than resolving the profile again (issue 23). The rows still come."""
    from credtui.emulator.seed import seed_generated
    from credtui.ui.app import CredtuiApp
    from credtui.ui.state import ConfigStore
    from tests.ui.scenarios import wait_until

    profile = Profile(
        name="local", domain=tenant.base_url, client_id=tenant.client_id, client_secret_env="S"
    )
    config = Config().with_profile(profile)
    seed_generated(tenant.emulator, 3)
    environ = CountingEnviron({"S": tenant.client_secret})
    head_start = HeadStart.start(config, None, environ=environ)
    app = CredtuiApp(
        ConfigStore(config, None), head_start=head_start, cursor_blink=False, environ=environ
    )
    name = next(tenant.emulator.tenant.iter_clients()).name

    async def run() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_until(
                pilot,
                lambda: any(
                    name[:20] in strip.text for strip in app.screen._compositor.render_strips()
                ),
                10,
            )

    asyncio.run(run())
    assert environ.reads == 1
    assert (token_requests(tenant), list_requests(tenant)) == (1, 1)


def test_a_loopback_start_up_tenant_s_tls_context_is_not_shared_with_other_profiles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The local tenant's TLS context trusts no CA: another profile (an https tenant)
    switched to in the same session must not be given it, or it could never connect."""
    from credtui.ui.app import CredtuiApp
    from credtui.ui.launch import run_tui

    local = Profile(name="local", domain="http://127.0.0.1:9", client_id="c", client_secret="s")
    cloud = Profile(name="cloud", domain="acme.eu.auth0.com", client_id="c", client_secret="s")
    config = Config(default="local").with_profile(local).with_profile(cloud)
    shared: list[object] = []

    def run(self: CredtuiApp) -> None:
        shared.append(self.client_options.get("verify"))

    monkeypatch.setattr(CredtuiApp, "run", run)
    run_tui(LoadedConfig(config, Path("unused.toml")))
    assert shared == [None]  # each other profile's client makes its own (with the CAs)


def credentials(emu: Emulator) -> list[tuple[str, dict[str, object]]]:
    """Every credential as the Management API shows it, with its application's name."""
    return [
        (client.name, cred.to_json())
        for client in emu.tenant.iter_clients()
        for cred in client.credentials.values()
    ]


def shown(emu: Emulator) -> list[tuple[str, dict[str, object]]]:
    """What a user sees of them, but for what differs in every seed: ids, certificate
    thumbprints (random serials) and the moment each record was made."""
    random = ("id", "thumbprint_sha256", "created_at", "updated_at")
    return [(name, {k: v for k, v in c.items() if k not in random}) for name, c in credentials(emu)]


def kid_of_private(pem: str) -> str | None:
    from cryptography.hazmat.primitives import serialization

    from credtui.keys import inspect_pem

    key = serialization.load_pem_private_key(pem.encode(), None)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return inspect_pem(public.decode()).kid


def test_the_demo_seeded_with_stand_ins_then_given_its_keys_is_the_demo() -> None:
    """``credtui demo`` lists applications before its keys exist, then swaps them in."""
    from credtui.emulator.seed import adopt_demo_keys, seed_demo, stand_in_keys

    keys = [keyfactory.rsa_key(2048, 200 + i) for i in range(7)]
    stand_ins = stand_in_keys(keyfactory.rsa_key(2048, 210), keyfactory.rsa_key(2048, 211))
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    two_step = Emulator(signing_key=signing_key())
    seed_demo(two_step, stand_ins, now=now)
    ids = [c["id"] for _, c in credentials(two_step)]
    stand_in_kids = {c.get("kid") for _, c in credentials(two_step)} - {None}
    adopt_demo_keys(two_step, keys, now=now)
    one_step = Emulator(signing_key=signing_key())
    seed_demo(one_step, keys, now=now)

    assert [c["id"] for _, c in credentials(two_step)] == ids  # the same records, in place
    assert len(ids) > 10 and shown(two_step) == shown(one_step)
    assert stand_in_kids and not stand_in_kids & {c.get("kid") for _, c in credentials(two_step)}
    held = 0
    for client in two_step.tenant.iter_clients():  # each private key matches its credential
        for cred in client.credentials.values():
            if cred.id in two_step.demo_private_keys:
                held += 1
                assert kid_of_private(two_step.demo_private_keys[cred.id]) == cred.kid
    assert held == len(one_step.demo_private_keys) > 0


def test_credtui_demo_shows_the_demo_applications_and_quits() -> None:
    """The real entry point under a terminal: rows appear, q quits with status 0."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    # COLUMNS/LINES (set by some runners) would override the terminal's own size.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CREDTUI_", "TEXTUAL")) and k not in ("COLUMNS", "LINES")
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "credtui", "demo"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env={**env, "TERM": "xterm-256color"},
    )
    os.close(slave)
    written = b""
    # The first and last of the demo's applications, and the first one's credentials
    # counted (they come once the demo's own keys are in: "…" until then).
    wanted = (
        "Payments API",
        "Inventory Sync",
        re.compile(r"Payments API +(M2M +)?Private Key JWT +2 "),  # Type goes first when narrow
    )
    text = ""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", written.decode(errors="replace"))
            if all(w in text if isinstance(w, str) else w.search(text) for w in wanted):
                break
            if select.select([master], [], [], 1)[0]:
                try:
                    written += os.read(master, 65536)
                except OSError:
                    break
        assert all(w in text if isinstance(w, str) else w.search(text) for w in wanted), text[
            -3000:
        ]
        os.write(master, b"q")
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_an_early_token_nobody_waits_for_any_more_is_dropped_quietly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app's deadline cancels its wait: the late answer must not raise in the thread
    (a thread's traceback would be printed over the TUI)."""
    import threading

    raised: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    answered = threading.Event()

    class SlowSource:
        refreshable = True

        async def fetch(self, http: object, base_url: str, now: float) -> object:
            await asyncio.sleep(0.2)
            answered.set()
            return "a token"

    profile = Profile(name="p", domain="http://127.0.0.1:9", token_env="X")
    early = HeadStart(profile, SlowSource(), "http://127.0.0.1:9")  # type: ignore[arg-type]
    assert early.token.cancel()  # what asyncio.wrap_future does when its waiter is cancelled
    assert answered.wait(5)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(
        t.name == "credtui-head-start" for t in threading.enumerate()
    ):
        time.sleep(0.02)
    assert raised == []
    assert early.token.cancelled()


@pytest.mark.parametrize(
    ("base_url", "loads_cas"),
    [("http://127.0.0.1:9", False), ("https://example.eu.auth0.com", True)],
)
def test_the_shared_tls_context_trusts_the_usual_cas_and_nothing_for_a_loopback_tenant(
    base_url: str, loads_cas: bool
) -> None:
    """An http tenant is never spoken to over TLS: its context loads no CA (~30-50 ms
    saved at start) and so refuses every https server; an https tenant's trusts the CAs."""
    import ssl

    from credtui.api.tokens import ReadyTokenSource

    profile = Profile(name="p", domain=base_url, token_env="X")
    early = HeadStart(profile, ReadyTokenSource("t"), base_url)  # no request: the context only
    context = early.ssl_context(timeout=10)
    assert context is not None
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert (context.cert_store_stats()["x509_ca"] > 0) is loads_cas


def list_requests(tenant: RunningEmulator) -> int:
    return sum(
        1 for e in tenant.emulator.log.entries() if (e.method, e.path) == ("GET", "/api/v2/clients")
    )


async def shown_with_early_start(tenant: RunningEmulator, until: str | None = None) -> list[str]:
    """Open the app as ``credtui`` does (early token and first page); the screen's lines
    once every application of the tenant is on it (or once ``until`` is)."""
    from credtui.ui.app import CredtuiApp
    from credtui.ui.state import ConfigStore
    from tests.ui.scenarios import wait_until

    loaded = loaded_for(tenant, tenant.client_secret)
    head_start = head_start_for(loaded)
    names = [client.name for client in tenant.emulator.tenant.iter_clients()]
    app = CredtuiApp(
        ConfigStore(loaded.config, None), head_start=head_start, cursor_blink=False, environ={}
    )

    def lines() -> list[str]:
        return [strip.text for strip in app.screen._compositor.render_strips()]

    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(
            pilot,
            lambda: (
                any(until in line for line in lines())
                if until is not None
                else all(any(n[:20] in line for line in lines()) for n in names)
            ),
            10,
        )
        await pilot.pause(0.2)  # anything asked for after the rows has had time to be asked
        return lines()


def test_the_app_shows_the_early_first_page_and_the_tenant_is_asked_once(
    tenant: RunningEmulator,
) -> None:
    from credtui.emulator.seed import seed_generated

    seed_generated(tenant.emulator, 5)
    asyncio.run(shown_with_early_start(tenant))
    assert (token_requests(tenant), list_requests(tenant)) == (1, 1)


def test_an_early_first_page_that_failed_is_asked_for_again_and_no_error_is_shown(
    tenant: RunningEmulator,
) -> None:
    from credtui.emulator.seed import seed_generated

    seed_generated(tenant.emulator, 5)
    tenant.emulator.faults.add(method="GET", path="/api/v2/clients", status=500, times=1)
    screen = asyncio.run(shown_with_early_start(tenant))
    assert (token_requests(tenant), list_requests(tenant)) == (1, 2)
    assert not [line for line in screen if "Could not" in line or "500" in line]


def test_an_early_first_page_refused_is_the_error_shown_and_not_asked_again(
    tenant: RunningEmulator,
) -> None:
    """A refusal the app's own request would not retry (403) is shown as the app's own
    error, once: the tenant is not asked a second time behind the user's back."""
    tenant.emulator.faults.add(method="GET", path="/api/v2/clients", status=403, times=5)
    screen = asyncio.run(shown_with_early_start(tenant, until="Could not load applications"))
    assert list_requests(tenant) == 1
    assert any("Could not load applications" in line for line in screen)


def test_an_opening_that_failed_ends_the_app_with_its_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The demo's tenant could not start: the app says why and ends with status 1,
    without showing the first-run profiles screen."""
    from concurrent.futures import Future

    from credtui.connect import Opening
    from credtui.ui.app import CredtuiApp
    from credtui.ui.screens.profiles import ProfilesScreen
    from credtui.ui.state import ConfigStore

    opening: Future[Opening] = Future()
    opening.set_exception(RuntimeError("credtui demo: the demo tenant could not start (no port)"))
    app = CredtuiApp(ConfigStore(Config(), None), opening=opening, cursor_blink=False)
    screens: list[object] = []

    async def run() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            screens.extend(app.screen_stack)

    asyncio.run(run())
    assert app.exit_status == 1
    assert not any(isinstance(s, ProfilesScreen) for s in screens)
    assert "the demo tenant could not start (no port)" in capsys.readouterr().err
