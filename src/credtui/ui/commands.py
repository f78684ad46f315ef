"""Command palette: switch to a profile, open an application by name.

Application names and client ids come from the tenant, so nothing here is ever
parsed as markup: an application named ``Payroll [@click=app.quit]Run[/]`` is
listed as typed (Textual's ``Matcher.highlight`` and a string ``help`` would
both parse it, making the name a live action or, with a stray ``[/]``, an error).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from credtui.text import safe_text

if TYPE_CHECKING:
    from credtui.ui.app import CredtuiApp

MAX_APP_HITS = 20
TITLE_MAX = 120
"""The most of a name a palette line shows (a tenant's name can be 100 KB long)."""


def plain(text: str) -> Content:
    """``text`` as Content, literally: no markup, one bounded safe line."""
    return Content(safe_text(text, limit=TITLE_MAX))


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` literally, with the letters the query matched highlighted, as
    ``Matcher.highlight`` does but without reading ``text`` as markup."""
    content = plain(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    if score:
        for offset in offsets:
            if not content.plain[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def plain_help(text: str) -> str:
    """A hit's help line, never read as markup.

    Textual renders ``help`` with ``Content.from_markup``, which hands back a Content
    unmodified (as documented), so the text goes as Content; the annotation says str.
    """
    return cast(str, plain(text))


class TenantCommands(Provider):
    """Profiles and the applications loaded so far."""

    @property
    def _app(self) -> CredtuiApp:
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        for name in self._app.store.config.profiles:
            yield DiscoveryHit(
                plain(f"Switch to profile: {name}"),
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
                    highlighted(matcher, title),
                    partial(app.switch_profile, name),
                    help=plain_help(profile.domain),
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
                shown = highlighted(matcher, title)
                yield Hit(
                    matcher.match(shown.plain) or 0.1,
                    shown,
                    partial(self._open, application.client_id),
                    text=shown.plain,
                    help=plain_help(application.client_id),
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
