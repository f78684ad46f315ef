"""What every tenant screen shares: typed access to the app and its active client.

A screen sees the app as :class:`TenantApp`, what the session holds and the ways to
move between screens, never as the app's class: screens are below the app, which
imports them, and a screen that wants another screen asks the app to open it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual.message_pump import MessagePump
from textual.screen import Screen

from credtui.api.client import ManagementClient
from credtui.errors import CredtuiError
from credtui.models import Application, Credential, Slot

if TYPE_CHECKING:  # not loaded to start: keys pulls in cryptography and PyJWT
    from credtui.keys import PemInfo
    from credtui.ops.findings import Sweep
    from credtui.ui.state import ConfigStore


class TenantApp(Protocol):
    """What the screens use of the app (:class:`~credtui.ui.app.CredtuiApp` is one)."""

    store: ConfigStore
    profile_name: str | None
    client: ManagementClient | None
    environ: Mapping[str, str] | None
    cursor_blink: bool
    action_seconds: float
    credentials: dict[str, tuple[Credential, ...]]
    sweeps: dict[str, Sweep]
    sweeps_reading: dict[str, Sweep]
    local_certificates: dict[str, PemInfo]
    rotations: dict[tuple[str, Slot], tuple[str, str]]
    key_files: dict[str, Path]

    def now(self) -> datetime: ...

    def application_read(
        self, application: Application, credentials: tuple[Credential, ...]
    ) -> None: ...

    def application_changed(self, client_id: str) -> None: ...

    def report_failure(self, action: str, error: CredtuiError) -> str: ...

    def listed_applications(self) -> list[Application]: ...

    def open_application(self, application: Application) -> None: ...

    def open_overview(self) -> None: ...


class TenantAccess:
    """Typed access to the app and its active client, for screens and dialogs alike."""

    @property
    def tui(self) -> TenantApp:
        """The app, as the screens see it."""
        return cast("TenantApp", cast("MessagePump", self).app)

    @property
    def client(self) -> ManagementClient:
        """The active profile's client (these screens open only while there is one)."""
        client = self.tui.client
        assert client is not None, "this screen needs an active profile"
        return client


class TenantScreen(TenantAccess, Screen[None]):
    """A screen showing data of the active tenant."""
