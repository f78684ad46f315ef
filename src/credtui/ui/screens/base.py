"""What every tenant screen shares: typed access to the app and its active client."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from credtui.api.client import ManagementClient

if TYPE_CHECKING:
    from credtui.ui.app import CredtuiApp


class TenantScreen(Screen[None]):
    """A screen showing data of the active tenant."""

    @property
    def tui(self) -> CredtuiApp:
        """The app, typed."""
        return cast("CredtuiApp", self.app)

    @property
    def client(self) -> ManagementClient:
        """The active profile's client (a tenant screen exists only while there is one)."""
        client = self.tui.client
        assert client is not None, "a tenant screen needs an active profile"
        return client
