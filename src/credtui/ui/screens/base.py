"""What every tenant screen shares: typed access to the app and its active client."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.message_pump import MessagePump
from textual.screen import Screen

from credtui.api.client import ManagementClient

if TYPE_CHECKING:
    from credtui.ui.app import CredtuiApp


class TenantAccess:
    """Typed access to the app and its active client, for screens and dialogs alike."""

    @property
    def tui(self) -> CredtuiApp:
        """The app, typed."""
        return cast("CredtuiApp", cast("MessagePump", self).app)

    @property
    def client(self) -> ManagementClient:
        """The active profile's client (these screens open only while there is one)."""
        client = self.tui.client
        assert client is not None, "this screen needs an active profile"
        return client


class TenantScreen(TenantAccess, Screen[None]):
    """A screen showing data of the active tenant."""
