"""The credtui application shell: header, footer, keys, profiles, the active client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from rich.segment import Segments
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from credtui.api.budget import DEFAULT_BUDGET
from credtui.api.client import ManagementClient
from credtui.config import ConfigError
from credtui.connect import connect
from credtui.errors import CredtuiError, describe_error
from credtui.models import Application, Credential, Slot
from credtui.ui.commands import PaletteApp, TenantCommands
from credtui.ui.crash import EXIT_CRASH, crash_report
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.base import TenantApp
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.help import HelpScreen
from credtui.ui.screens.profiles import ProfilesScreen
from credtui.ui.state import ConfigStore

if TYPE_CHECKING:  # not loaded to start: keys pulls in cryptography and PyJWT
    from concurrent.futures import Future

    from credtui.connect import HeadStart, Opening
    from credtui.keys import PemInfo
    from credtui.ops.findings import Sweep

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class CredtuiApp(App[None]):
    """The TUI. Everything that varies (transport, clock, theme, environment) is injected."""

    CSS_PATH = "credtui.tcss"
    CSS = """
    /* Textual's header icon is U+2B58, which many terminal fonts lack (a missing-glyph
       box); it only opens the palette, which ctrl+p does. Hidden, its space kept, so the
       title stays centred. */
    HeaderIcon { visibility: hidden; }
    """
    TITLE = "credtui"
    COMMANDS = App.COMMANDS | {TenantCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("p", "profiles", "Profiles", id="profiles"),
    ]

    def __init__(
        self,
        store: ConfigStore,
        *,
        profile_name: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = _utcnow,
        environ: Mapping[str, str] | None = None,
        client_options: Mapping[str, Any] | None = None,
        cursor_blink: bool = True,
        head_start: HeadStart | None = None,
        opening: Future[Opening] | None = None,
        action_seconds: float = DEFAULT_BUDGET,
    ) -> None:
        super().__init__()
        self.store = store
        self.profile_name = profile_name or store.config.default
        self.transport = transport
        self._clock = clock
        self.environ = environ
        self.client_options = dict(client_options or {})
        self.client_options.setdefault("call_budget", action_seconds)
        self.action_seconds = action_seconds
        """The time budget of one action (opening an application, saving a change), and
        of each request of a listing (``credtui --timeout``; :mod:`credtui.api.budget`)."""
        self.cursor_blink = cursor_blink
        self._head_start = head_start
        """The start-up profile's token and first page, asked for before Textual loaded
        (``credtui.ui.launch``): the first client made for that profile takes them."""
        self._opening = opening
        """What to open once it is known (the demo's profile, once its tenant serves)."""
        self.client: ManagementClient | None = None
        self._crash: Exception | None = None
        self.credentials: dict[str, tuple[Credential, ...]] = {}
        """Credentials by client id, as last read: shared by the screens."""
        self.sweeps: dict[str, Sweep] = {}
        """The expiry overview's last finished sweep, by profile name: reopening is instant."""
        self.sweeps_reading: dict[str, Sweep] = {}
        """A sweep the overview is still reading, by profile name (it moves to ``sweeps``)."""
        self.local_certificates: dict[str, PemInfo] = {}
        """Certificates added from this machine, by credential id (Auth0 keeps only
        thumbprint, DN and expiry; these show subject, issuer, serial and validity)."""
        self.rotations: dict[tuple[str, Slot], tuple[str, str]] = {}
        """Rotations this session added or chose a new credential for, until done:
        (client id, slot) -> (old credential id, new credential id). ``o`` on either
        resumes that rotation, the old one staying old (``credtui.ops.rotation``)."""
        self.key_files: dict[str, Path] = {}
        """Private key files generated this session, by the credential id of their public
        part: a resumed rotation offers the file to its token test (the key stays on disk)."""
        if store.config.theme:
            self.theme = store.config.theme

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's line: "Applications · acme-prod (acme.eu.auth0.com)", in one style.

        Textual joins with a dimmed em dash, which some fonts draw two cells wide; and a
        style change at the joiner makes SVG renderers (rsvg) drop the space before it.
        """
        return Content(f"{title} · {sub_title}" if sub_title else title)

    def now(self) -> datetime:
        """The injected clock (aware UTC)."""
        return self._clock()

    @property
    def exit_status(self) -> int:
        """The process exit status once the app has stopped: ``EXIT_CRASH`` after a crash."""
        if self._crash is not None:
            return EXIT_CRASH
        return self.return_code or 0

    def _handle_exception(self, error: Exception) -> None:
        # Kept for _fatal_error, which Textual calls without the error.
        if self._crash is None:
            self._crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual's crash exit, printing :func:`crash_report` instead of its traceback.

        Textual renders ``Traceback(show_locals=True)``: the locals of any frame
        near a profile would print its client secret (issue 8).
        """
        self.bell()
        if self._crash is not None:
            report = crash_report(self._crash)
            self._exit_renderables.append(
                Segments(self.console.render(report, self.console.options))
            )
        self._close_messages_no_wait()

    async def on_mount(self) -> None:
        if self._opening is not None and not await self._opened(self._opening):
            return
        if self.store.config.keys:
            self.set_keymap(dict(self.store.config.keys))
        if self.profile_name is None or self.profile_name not in self.store.config.profiles:
            self.push_screen(ProfilesScreen(self.store, active=None, first_run=True))
        else:
            self.switch_profile(self.profile_name, reconnect=True)

    def switch_profile(self, name: str, *, reconnect: bool = False) -> None:
        """Connect to the profile ``name`` and show its applications."""
        if name == self.profile_name and self.client is not None and not reconnect:
            self._show_applications()
            return
        profile = self.store.config.get(name)
        head_start, self._head_start = self._head_start, None
        try:
            client = connect(
                profile,
                config_path=self.store.path,
                transport=self.transport,
                environ=self.environ,
                head_start=head_start,
                **self.client_options,
            )
        except (ConfigError, CredtuiError, ValueError) as exc:
            # credtui's own errors are worded safely; another library's may quote its input.
            why = (
                str(exc)
                if isinstance(exc, ConfigError | CredtuiError)
                else f"its settings could not be used ({type(exc).__name__})"
            )
            self.notify(
                f"Cannot use profile {name}: {why}", severity="error", markup=False, timeout=10
            )
            return
        old = self.client
        self.client = client
        self.profile_name = name
        self.credentials.clear()
        self.sub_title = f"{name} ({profile.domain})"
        if old is not None:
            self.run_worker(old.aclose(), group="close-client", exit_on_error=False)
        self._show_applications()

    async def _opened(self, opening: Future[Opening]) -> bool:
        """Wait for what to open (the demo's tenant starting beside the app) and take it;
        False when it failed: the app then ends with the reason, status 1."""
        self._opening = None
        try:
            opened = await asyncio.wrap_future(opening)
        except Exception as exc:
            self.exit(return_code=1, message=str(exc))
            return False
        self.store.config = opened.config
        self.profile_name = opened.profile_name
        self._head_start = opened.head_start
        return True

    # --- what the session read of the tenant ---------------------------------------------

    def _session_sweeps(self) -> list[Sweep]:
        key = self.profile_name or ""
        return [s for s in (self.sweeps.get(key), self.sweeps_reading.get(key)) if s is not None]

    def application_read(
        self, application: Application, credentials: tuple[Credential, ...]
    ) -> None:
        """``application`` and its credentials as just read from the tenant: every view of
        this session learns it (the screens' shared credentials, the overview's sweep)."""
        self.credentials[application.client_id] = credentials
        for sweep in self._session_sweeps():
            sweep.update(application, credentials)

    def application_changed(self, client_id: str) -> None:
        """A change was sent for ``client_id``: what the sweeps read of it no longer holds
        until it is read again (:meth:`application_read`), so none of it is shown."""
        reason = CredtuiError("changed in this session, and not read again since")
        for sweep in self._session_sweeps():
            sweep.forget(client_id, reason)

    def _show_applications(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(ApplicationsScreen())
        else:
            self.push_screen(ApplicationsScreen())

    # --- moving between screens (screens ask the app: none imports another) --------------

    def listed_applications(self) -> list[Application]:
        """The applications the list has read so far, in the tenant's order (none while
        no list is open)."""
        lists = (s for s in self.screen_stack if isinstance(s, ApplicationsScreen))
        return next((s.applications for s in lists), [])

    def open_application(self, application: Application, *, from_list: bool = False) -> None:
        """Show ``application``: over the current screen, or (``from_list``) over the
        applications list, closing what stands above it."""
        # Imported when first opened: its dialogs load keys (cryptography, PyJWT), which
        # listing applications never needs (tests/unit/test_layering.py).
        from credtui.ui.screens.application import ApplicationScreen

        if from_list:
            lists = [s for s in self.screen_stack if isinstance(s, ApplicationsScreen)]
            if not lists:
                return
            while self.screen is not lists[0]:
                self.pop_screen()
        self.push_screen(ApplicationScreen(application))

    def open_overview(self) -> None:
        """Show the expiry overview of the active tenant."""
        from credtui.ui.screens.overview import OverviewScreen  # start-up loads only the list

        self.push_screen(OverviewScreen())

    def report_failure(self, action: str, error: CredtuiError) -> str:
        """A failed call to the tenant as a toast, in one sentence (never a secret).

        Returns the sentence, for a screen to keep in view once the toast is gone.
        """
        sentence = describe_error(error, now=self.now())
        self.notify(
            sentence,
            title=f"Could not {action}",
            severity="error",
            markup=False,
            timeout=8,
        )
        return sentence

    async def action_quit(self) -> None:
        """Quit; when a dialog holds unsaved input, ask first (``q`` and ``ctrl+q``)."""
        unsaved = getattr(self.screen, "has_unsaved_input", None)
        if callable(unsaved) and unsaved():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.exit()

            self.push_screen(
                ConfirmScreen("Quit and lose what you typed in this form?", yes_label="Quit"),
                answered,
            )
            return
        self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_profiles(self) -> None:
        if not isinstance(self.screen, ProfilesScreen):
            self.push_screen(ProfilesScreen(self.store, active=self.profile_name))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's "Keys" (its key panel) would stand beside credtui's Help, which lists
        # the same keys with their binding ids: one entry, not two.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield SystemCommand("Profiles", "Switch, add or edit tenant profiles", self.action_profiles)
        yield SystemCommand(
            "Help", "Every key of this screen, with its binding id (?)", self.action_help
        )
        # Wherever r refreshes (the list, an application, the overview), so does the palette.
        refresh = next(
            (a for a in screen.active_bindings.values() if a.binding.id == "refresh"), None
        )
        action_refresh = getattr(screen, "action_refresh", None)
        if refresh is not None and refresh.enabled and callable(action_refresh):
            yield SystemCommand(
                "Refresh", f"{refresh.binding.description} from the tenant (r)", action_refresh
            )
        if isinstance(screen, ApplicationsScreen):
            yield SystemCommand(
                "Filter", "Filter applications by name or client ID", screen.action_filter
            )

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.aclose()


if TYPE_CHECKING:  # mypy holds the app to what the screens and the palette take it for

    def _screens_see(app: CredtuiApp) -> TenantApp:
        return app

    def _palette_sees(app: CredtuiApp) -> PaletteApp:
        return app
