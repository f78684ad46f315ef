"""Fixed tenants and apps for the UI tests, the snapshots and ``screenshots/``.

Everything a picture depends on is fixed here: the tenant's ids (seeded RNG), its
clock, the public keys and certificates (recorded public PEMs, no private key),
the app's clock, theme, animation level and cursor blink.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from textual.app import App
from textual.pilot import Pilot

from credtui.config import Config, Profile
from credtui.emulator.app import DroppedConnection, Emulator
from credtui.emulator.clock import TenantClock
from credtui.ui.app import CredtuiApp
from credtui.ui.state import ConfigStore

FIXED_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE_URL = "http://127.0.0.1:8765"
DATA = Path(__file__).resolve().parents[1] / "data" / "recorded_public"
DAY = timedelta(days=1)


def pem(name: str) -> str:
    return (DATA / name).read_text()


def _pk(name: str, file: str, expires: datetime | None) -> dict[str, Any]:
    body: dict[str, Any] = {"credential_type": "public_key", "name": name, "pem": pem(file)}
    if expires is not None:
        body["expires_at"] = expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return body


def snapshot_tenant(**options: Any) -> Emulator:
    """A small tenant with every state worth seeing, identical on every run.

    Its pictures go in the README, so its data is what a real tenant holds: markup-laden
    names and other fixtures for markup safety live in the tests that check it
    (``tests/ui/test_tenant_text.py``, ``test_list_screen.py``), not here.
    """
    clock = TenantClock(frozen_at=FIXED_NOW - 200 * DAY)
    emu = Emulator(clock=clock, rng_seed=7, **options)
    emu.create_application(
        "Payments API",
        method="private_key_jwt",
        credentials=[
            _pk("payments-2025-q4", "go_create_credential_first_spki.pem", FIXED_NOW + 12 * DAY),
            _pk("payments-2026-q1", "go_create_credential_second_spki.pem", FIXED_NOW + 365 * DAY),
        ],
    )
    emu.create_application(
        "Ledger Export",
        method="private_key_jwt",
        credentials=[_pk("ledger-2025", "go_tlsclientauth_cert.pem", FIXED_NOW - 9 * DAY)],
    )
    emu.create_application(
        "Billing Reconciler",
        method="private_key_jwt",
        credentials=[_pk("billing-primary", "tf_credentials_2_cert.pem", FIXED_NOW + 200 * DAY)],
        unattached=[
            _pk(
                "billing-next (staged)", "tf_rotation_credentials_3_cert.pem", FIXED_NOW + 565 * DAY
            ),
            _pk("billing-old", "tf_rotation_credentials_4_cert.pem", FIXED_NOW - 40 * DAY),
        ],
    )
    emu.create_application(
        "Treasury Gateway (mTLS)",
        method="tls_client_auth",
        credentials=[
            {
                "credential_type": "cert_subject_dn",
                "name": "treasury-gateway",
                "subject_dn": "C=GB\nO=Acme Corp\nOU=Treasury\nCN=treasury-gateway.acme.example",
            }
        ],
        extra={"access_token": {"tls_client_certificate_binding": True}},
    )
    emu.create_application(
        "Thermostat Fleet",
        method="self_signed_tls_client_auth",
        credentials=[
            {
                "credential_type": "x509_cert",
                "name": "fleet-cert",
                # Auth0 takes an x509_cert's expiry from the certificate: this one was issued
                # 2023-05-16 for ten years (the go-auth0 one runs to 9999, "in 7973 years").
                "pem": pem("tf_credentials_1_cert.pem"),
            }
        ],
    )
    emu.create_application(
        "Partner Portal",
        app_type="regular_web",
        method="client_secret_post",
        jar=[_pk("partner-jar", "go_create_credential_second_spki.pem", FIXED_NOW + 20 * DAY)],
        jar_required=True,
    )
    emu.create_application("Storefront SPA", app_type="spa", method="none")
    emu.create_application("Nightly Batch (legacy)", method="client_secret_basic")
    clock.freeze(FIXED_NOW)
    return emu


def other_tenant() -> Emulator:
    """A second tenant, to show switching profiles."""
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=11)
    emu.create_application("Staging Orders Service", method="client_secret_post")
    emu.create_application("Staging Search Indexer", method="client_secret_basic")
    return emu


class Routed(httpx.AsyncBaseTransport):
    """Sends each request to the emulator serving its host (two tenants in one test)."""

    def __init__(self, tenants: Mapping[str, Emulator]) -> None:
        self.transports = {
            httpx.URL(base).netloc: httpx.ASGITransport(app=emu) for base, emu in tenants.items()
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.netloc)
        if transport is None:
            raise httpx.ConnectError("nothing listens there", request=request)
        try:
            return await transport.handle_async_request(request)
        except DroppedConnection as exc:  # the emulator cut the connection, as a socket would
            raise httpx.RemoteProtocolError(str(exc), request=request) from None


def profile_for(name: str, emu: Emulator, base_url: str) -> Profile:
    return Profile(
        name=name,
        domain=base_url,
        client_id=emu.management.client_id,
        client_secret=emu.management.client_secret,
    )


async def no_sleep(seconds: float) -> None:
    """The client's sleep between retries, without the wait (tests never wait for real time)."""
    await asyncio.sleep(0)


def make_app(
    tenants: Mapping[str, Emulator] | None = None,
    *,
    config: Config | None = None,
    path: Path | None = None,
    profile: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    **options: Any,
) -> CredtuiApp:
    """The app on ``tenants`` (profile name -> emulator), with everything a picture needs fixed.

    The client retries without waiting (``no_sleep``) unless ``client_options`` names a sleep.
    """
    options["client_options"] = {"sleep": no_sleep, **options.get("client_options", {})}
    tenants = tenants if tenants is not None else {"acme-prod": snapshot_tenant()}
    if config is None:
        config = Config()
        for i, (name, emu) in enumerate(tenants.items()):
            base = BASE_URL if i == 0 else f"http://127.0.0.1:{8766 + i}"
            config = config.with_profile(profile_for(name, emu, base))
    if transport is None:
        bases = {p.base_url: tenants[n] for n, p in config.profiles.items() if n in tenants}
        transport = Routed(bases)
    app = CredtuiApp(
        ConfigStore(config, path),
        profile_name=profile,
        transport=transport,
        clock=lambda: FIXED_NOW,
        cursor_blink=False,
        environ={},
        **options,
    )
    app.animation_level = "none"
    app.theme = "textual-dark"
    return app


async def wait_until(
    pilot: Pilot[None], predicate: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Pause until ``predicate()`` holds; fail after ``timeout`` seconds (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.005)


def post_keys(pilot: Pilot[None], *keys: str) -> None:
    """Post ``keys`` to the app at once, as a fast typist or a paste-as-keys sends them:
    a one-character key is that character, a longer one a key name (``backspace``).

    ``pilot.press`` waits for the CPU to go idle twice per key (at least 40 ms each):
    for a client ID, a secret or a date that was seconds of a test spent asleep. The
    caller waits for what the keys should show (:func:`type_keys`, :func:`fill`).
    """
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        if len(key) == 1:
            name = key if key.isalnum() and key.isascii() else _character_to_key(key)
            pilot.app.post_message(events.Key(name, key))
        else:
            pilot.app.post_message(events.Key(key, None))


async def type_keys(pilot: Pilot[None], *keys: str) -> None:
    """:func:`post_keys`, then wait until the app has handled them all (idle once)."""
    post_keys(pilot, *keys)
    await pilot.pause()


async def fill(pilot: Pilot[None], field: str, text: str) -> None:
    """Empty the screen's ``#field`` input and type ``text`` into it, a key per character
    (:func:`post_keys`), then wait until the field shows it all."""
    from textual.widgets import Input

    box = pilot.app.screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = ""
    await pilot.pause()
    post_keys(pilot, *text)
    await wait_until(pilot, lambda: box.value == text)


async def add_token_env_profile(pilot: Pilot[None], name: str, domain: str, env: str) -> None:
    """From the profiles screen: ``a``, a profile whose token comes from ``env``, ``ctrl+s``."""
    from textual.widgets import Select

    from credtui.ui.screens.profile_form import ProfileFormScreen

    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProfileFormScreen))
    pilot.app.screen.query_one("#source", Select).value = "token_env"
    await pilot.pause()
    await fill(pilot, "name", name)
    await fill(pilot, "domain", domain)
    await fill(pilot, "token_env", env)
    await pilot.press("ctrl+s")


def list_loaded(app: CredtuiApp) -> bool:
    """The applications screen is up, every page is in, and the rows on screen have their credentials."""
    from credtui.ui.screens.applications import ApplicationsScreen
    from credtui.ui.widgets.virtual_table import VirtualTable

    screen = app.screen
    if not isinstance(screen, ApplicationsScreen) or screen.loading_pages:
        return False
    rows = screen.query_one(VirtualTable).rows
    return bool(rows) and all(row.cells[4].plain != "…" for row in rows[:20])


def application_loaded(app: CredtuiApp, name: str) -> bool:
    """The application screen for ``name`` shows its freshly read credentials."""
    from credtui.ui.screens.application import ApplicationScreen

    screen = app.screen
    return (
        isinstance(screen, ApplicationScreen) and screen.application.name == name and screen.fresh
    )


async def open_application(pilot: Pilot[None], name: str) -> None:
    """From the applications list, open ``name``."""
    from credtui.ui.widgets.virtual_table import VirtualTable

    app = pilot.app
    await wait_until(pilot, lambda: list_loaded(app))  # type: ignore[arg-type]
    table = app.screen.query_one(VirtualTable)
    table.cursor = [r.cells[0].plain for r in table.rows].index(name)
    await pilot.press("enter")
    await wait_until(pilot, lambda: application_loaded(app, name))  # type: ignore[arg-type]


# --- the pictures: one definition serves the snapshot tests and screenshots/ ---------------

RunBefore = Callable[[Pilot[None]], Any]


def _list() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))

    return app, run_before


def _filtered() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        from credtui.ui.widgets.virtual_table import VirtualTable

        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("slash", *"pay")
        await wait_until(pilot, lambda: app.screen.query_one(VirtualTable).row_count == 1)

    return app, run_before


def _application(name: str) -> Callable[[], tuple[CredtuiApp, RunBefore]]:
    def build() -> tuple[CredtuiApp, RunBefore]:
        app = make_app()

        async def run_before(pilot: Pilot[None]) -> None:
            await open_application(pilot, name)

        return app, run_before

    return build


def _profiles() -> tuple[CredtuiApp, RunBefore]:
    from credtui.ui.screens.profiles import ProfilesScreen

    app = make_app({"acme-prod": snapshot_tenant(), "acme-staging": other_tenant()})

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))

    return app, run_before


def _help() -> tuple[CredtuiApp, RunBefore]:
    from credtui.ui.screens.help import HelpScreen

    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))

    return app, run_before


def _overview() -> tuple[CredtuiApp, RunBefore]:
    from credtui.ui.screens.overview import OverviewScreen
    from credtui.ui.widgets.virtual_table import VirtualTable

    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("x")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, OverviewScreen)
                and not app.screen.sweeping
                and app.screen.query_one("#overview-table", VirtualTable).row_count == 9
            ),
        )
        await pilot.press(*["down"] * 5)  # onto payments-2026-q1: its shared key is named below

    return app, run_before


async def _no_wait(_seconds: float) -> None:
    """The client's back-off between retries, skipped: the picture is of the end."""


def _error_toast() -> tuple[CredtuiApp, RunBefore]:
    config = Config().with_profile(
        Profile(
            name="offline", domain="http://127.0.0.1:9", client_id="x", client_secret="not-shown"
        )
    )
    app = make_app({}, config=config, transport=Routed({}), client_options={"sleep": _no_wait})

    async def run_before(pilot: Pilot[None]) -> None:
        from textual.widgets._toast import Toast

        # The picture is of the toast: wait for it on screen (its 8 s are far from over
        # then). Toasts show under snap_compare and in run_test(notifications=True) only.
        await wait_until(
            pilot, lambda: "retry" in str(app.screen.query_one("#apps-status").render())
        )
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))

    return app, run_before


SCENARIOS: dict[str, Callable[[], tuple[CredtuiApp, RunBefore]]] = {
    "applications": _list,
    "filtered": _filtered,
    "application-mixed": _application("Billing Reconciler"),
    "expired-credential": _application("Ledger Export"),
    "profiles": _profiles,
    "help": _help,
    "error-toast": _error_toast,
    "overview": _overview,
}
"""Name -> (app, run_before). Terminal size for all of them: ``SIZE``."""
SIZE = (120, 36)


def _profile_form_small() -> tuple[CredtuiApp, RunBefore]:
    from textual.widgets import Input, Select

    from credtui.ui.screens.profile_form import ProfileFormScreen
    from credtui.ui.screens.profiles import ProfilesScreen

    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        form = app.screen
        form.query_one("#source", Select).value = "private_key"
        form.query_one("#name", Input).value = "acme-dev"
        form.query_one("#domain", Input).value = "acme-dev.eu.auth0.com"
        await pilot.pause()
        form.query_one("#private_key_kid", Input).focus()
        await pilot.pause()

    return app, run_before


def _help_small() -> tuple[CredtuiApp, RunBefore]:
    from credtui.ui.screens.help import HelpScreen

    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await open_application(pilot, "Billing Reconciler")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))

    return app, run_before


def _list_small() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("down", "down")  # onto Ledger Export: the cursor row keeps its red

    return app, run_before


def _overview_small() -> tuple[CredtuiApp, RunBefore]:
    from credtui.ui.screens.overview import OverviewScreen
    from credtui.ui.widgets.timeline import TimelineChart
    from credtui.ui.widgets.virtual_table import VirtualTable

    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("x")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, OverviewScreen)
                and not app.screen.sweeping
                and app.screen.query_one(VirtualTable).row_count == 9
            ),
        )
        # On the timeline, the second bar (7-20 December: partner-jar) picked, then back
        # to the table, whose one row's shared key is named on the line below it.
        await pilot.press("tab")
        await wait_until(pilot, lambda: app.screen.query_one(TimelineChart).has_focus)
        await pilot.press("right", "enter")
        await wait_until(pilot, lambda: app.screen.query_one(VirtualTable).row_count == 1)
        await pilot.press("tab")
        await wait_until(pilot, lambda: app.screen.query_one(VirtualTable).has_focus)

    return app, run_before


SMALL_SCENARIOS: dict[str, Callable[[], tuple[CredtuiApp, RunBefore]]] = {
    "application-80x24": _application("Payments API"),
    "profile-form-80x24": _profile_form_small,
    "help-80x24": _help_small,
    "applications-80x24": _list_small,
    "overview-80x24": _overview_small,
}
"""The same, at ``SMALL_SIZE``: what a person sees in the smallest terminal credtui supports."""
SMALL_SIZE = (80, 24)


def screen_lines(app: App[Any]) -> list[str]:
    """The terminal as a person sees it, one string a line (dialogs over their screens)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()
