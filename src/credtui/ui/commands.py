"""Command palette: switch to a profile, open an application by name.

Application names and client ids come from the tenant, so nothing here is ever
parsed as markup: an application named ``Payroll [@click=app.quit]Run[/]`` is
listed as typed (Textual's ``Matcher.highlight`` and a string ``help`` would
both parse it, making the name a live action or, with a stray ``[/]``, an error).
"""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from credtui.models import Application
from credtui.text import safe_text
from credtui.ui.state import ConfigStore

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


class PaletteApp(Protocol):
    """What the palette uses of the app (:class:`~credtui.ui.app.CredtuiApp` is one)."""

    store: ConfigStore

    def switch_profile(self, name: str, *, reconnect: bool = False) -> None: ...

    def listed_applications(self) -> list[Application]: ...

    def open_application(self, application: Application, *, from_list: bool = False) -> None: ...


class TenantCommands(Provider):
    """Profiles and the applications loaded so far."""

    @property
    def _app(self) -> PaletteApp:
        return cast(PaletteApp, self.app)

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
        listed = app.listed_applications()
        needle = query.casefold()
        hits = 0
        for application in listed:
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
        app = self._app
        listed = app.listed_applications()
        application = next((a for a in listed if a.client_id == client_id), None)
        if application is not None:
            app.open_application(application, from_list=True)
