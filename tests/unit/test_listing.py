"""The applications list as data (credtui.ui.listing): no app, no Textual, every rule."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

from credtui.api.client import CredentialsResult
from credtui.errors import CredtuiError
from credtui.models import Application, AuthMethod, Credential, CredentialType
from credtui.ui.listing import AppListing

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def app(n: int, name: str) -> Application:
    return Application(
        f"client{n:03d}",
        name,
        method_credentials=((AuthMethod.PRIVATE_KEY_JWT, (f"cred{n}",)),),
    )


def creds(n: int, expires_in: timedelta | None) -> tuple[Credential, ...]:
    when = None if expires_in is None else NOW + expires_in
    return (Credential(f"cred{n}", CredentialType.PUBLIC_KEY, expires_at=when),)


def names(listing: AppListing) -> list[str]:
    return [row.app.name for row in listing.shown]


def loaded(*pages: list[Application]) -> AppListing:
    listing = AppListing()
    listing.loading = True
    for i, page in enumerate(pages):
        listing.add_page(i, page, {}, NOW)
    listing.all_listed(sum(len(p) for p in pages))
    return listing


def test_the_model_loads_without_textual() -> None:
    script = textwrap.dedent(
        """
        import sys
        import credtui.ui.listing
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "textual")))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_pages_append_and_a_first_page_starts_again() -> None:
    listing = AppListing()
    listing.loading = True
    assert listing.add_page(0, [app(1, "Beta"), app(2, "alpha")], {}, NOW)
    assert listing.add_page(1, [app(2, "alpha"), app(3, "Gamma")], {}, NOW)  # 2 is known
    assert names(listing) == ["Beta", "alpha", "Gamma"]
    assert listing.status(read=0) == "Loading… 3 applications so far (2 pages)"
    assert listing.widest == len("Gamma")
    listing.add_page(0, [app(9, "Only")], {}, NOW)
    assert names(listing) == ["Only"] and listing.pages == 1
    listing.all_listed(1)
    assert listing.status(read=0) == "1 application" and not listing.loading
    assert listing.passes == 0  # pages are placed without a pass over every row


def test_sorts_cycle_and_keep_the_filter() -> None:
    listing = loaded([app(1, "Beta"), app(2, "alpha"), app(3, "Gamma")])
    listing.filter("a")
    assert names(listing) == ["Beta", "alpha", "Gamma"]
    listing.next_sort()
    assert listing.sort == "name" and names(listing) == ["alpha", "Beta", "Gamma"]
    assert "sorted by name" in listing.status(read=3)
    listing.next_sort()
    assert listing.sort == "expiry" and listing.needs_all
    assert listing.unread({}) == ["client002", "client001", "client003"]  # by name: unread
    listing.next_sort()
    listing.next_sort()
    assert listing.sort == "listed" and names(listing) == ["Beta", "alpha", "Gamma"]


def test_a_narrower_query_looks_only_at_the_rows_shown_and_erasing_costs_nothing() -> None:
    listing = loaded([app(i, f"app {i}") for i in range(30)])
    assert listing.filter("app 1")
    assert len(listing.shown) == 11 and listing.passes == 1
    assert not listing.filter("app 1")  # the same query: nothing to do
    listing.filter("app 12")
    assert names(listing) == ["app 12"] and listing.passes == 2
    listing.filter("app 1")
    listing.filter("")
    assert len(listing.shown) == 30 and listing.passes == 3  # "app 1" was known
    assert listing.filter("client007")  # the client id is searched too
    assert names(listing) == ["app 7"]
    assert listing.status(read=30) == "30 applications · 1 match “client007”"


def test_credentials_move_rows_in_the_expiry_sort_and_feed_the_quick_filters() -> None:
    listing = loaded([app(1, "later"), app(2, "soon"), app(3, "gone"), app(4, "unread")])
    listing.next_sort()
    listing.next_sort()  # by nearest expiry
    known: dict[str, tuple[Credential, ...]] = {}
    errors = listing.credentials_read(
        [
            CredentialsResult(0, "client001", creds(1, 90 * DAY)),
            CredentialsResult(1, "client002", creds(2, 3 * DAY)),
            CredentialsResult(2, "client003", creds(3, -DAY)),
            CredentialsResult(3, "client004", None, CredtuiError("boom")),
        ],
        known,
        NOW,
    )
    assert [str(e) for e in errors] == ["boom"]
    assert set(known) == {"client001", "client002", "client003"}
    # Cannot authenticate first, then soonest; unread last. Each row once: a row whose
    # credentials arrive moves, it is not copied (it was, before the model was split out).
    assert names(listing) == ["gone", "soon", "later", "unread"]
    assert [r.app.name for r in listing.rows] == ["later", "soon", "gone", "unread"]
    assert listing.unread(known) == []  # the one that failed waits for a refresh
    listing.show_only("30")
    assert names(listing) == ["soon"]
    assert listing.status(read=3) == (
        "4 applications · sorted by nearest expiry · showing expiring within 30 days: 1"
        " · credentials read for 3 of 4"
    )
    listing.update(listing.rows[1], creds(2, 200 * DAY), NOW)  # rotated: no longer soon
    assert names(listing) == []
    listing.show_only("noauth")
    assert names(listing) == ["gone"]
    listing.refresh(known)
    assert listing.unread({}) and listing.previous.keys() == known.keys()


def test_what_the_empty_table_and_the_status_say_of_failures() -> None:
    listing = AppListing()
    listing.loading = True
    assert listing.empty_text(reading_all=False) == "Loading…"
    listing.list_failed("the tenant did not answer.")
    assert listing.empty_text(reading_all=False) == "Could not load applications."
    assert listing.status(read=0) == (
        "Could not load applications: the tenant did not answer. Press r to retry."
    )
    listing.add_page(0, [app(1, "one")], {}, NOW)
    assert listing.failed is None
    listing.show_only("expired")
    assert listing.empty_text(reading_all=True) == "Reading credentials…"
    assert listing.empty_text(reading_all=False) == "No application matches"
    assert listing.status(read=0, waiting="Waiting 3 s") == (
        "1 application · showing expired: 0 · credentials read for 0 of 1 · Waiting 3 s"
    )
