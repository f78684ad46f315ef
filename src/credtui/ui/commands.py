"""Command palette: switch to a profile, open an application by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from credtui.ui.app import CredtuiApp

MAX_APP_HITS = 20


class TenantCommands(Provider):
    """Profiles and the applications loaded so far."""

    @property
    def _app(self) -> CredtuiApp:
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        for name in self._app.store.config.profiles:
            yield DiscoveryHit(
                f"Switch to profile: {name}",
                partial(self._app.switch_profile, name),
                help="Tenant profile",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = self._app
        for name, profile in app.store.config.profiles.items():
            title = f"Switch to profile: {name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(app.switch_profile, name),
                    help=profile.domain,
                )
        if len(query) < 2:
            return
        from credtui.ui.screens.applications import ApplicationsScreen

        screens = [s for s in app.screen_stack if isinstance(s, ApplicationsScreen)]
        if not screens:
            return
        screen = screens[0]
        needle = query.casefold()
        hits = 0
        for application in screen.applications:
            if needle in application.name.casefold():
                title = f"Open application: {application.name}"
                yield Hit(
                    matcher.match(title) or 0.1,
                    matcher.highlight(title),
                    partial(self._open, application.client_id),
                    help=application.client_id,
                )
                hits += 1
                if hits >= MAX_APP_HITS:
                    return

    def _open(self, client_id: str) -> None:
        from credtui.ui.screens.application import ApplicationScreen
        from credtui.ui.screens.applications import ApplicationsScreen

        app = self._app
        found = [s for s in app.screen_stack if isinstance(s, ApplicationsScreen)]
        if not found:
            return
        screen: ApplicationsScreen = found[0]
        application = next((a for a in screen.applications if a.client_id == client_id), None)
        if application is None:
            return
        while app.screen is not screen:
            app.pop_screen()
        app.push_screen(ApplicationScreen(application))
