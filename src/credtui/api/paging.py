"""Paging that always ends: the checks that stop a listing a tenant would keep going.

A broken or hostile tenant can answer ``next`` cursors that cycle (A, B, A…),
offset pages that repeat forever, or a total that keeps growing. Each listing
gets a :class:`PagingGuard`; it raises :class:`PagingError` at the first sign
of a loop, so a listing costs at most ``max_pages`` requests.
"""

from __future__ import annotations

from credtui.errors import PagingError
from credtui.models import ApplicationPage

__all__ = ["MAX_CURSOR", "MAX_PAGES", "PagingGuard"]

MAX_PAGES = 10_000
"""Pages one listing may take (a million applications at 100 a page) before it stops."""
MAX_CURSOR = 1024
"""The longest ``next`` checkpoint believed (Auth0's are short opaque strings)."""


class PagingGuard:
    """Watches the pages of one listing and stops it when it would never end.

    It stops on a cursor seen before (or pointing at its own page), on a page
    with exactly the applications of an earlier one, on more offset pages than
    the first reported total allows (one spare, for applications created
    meanwhile), and after ``max_pages`` pages.
    """

    def __init__(self, path: str, page_size: int, max_pages: int = MAX_PAGES) -> None:
        self.path = path
        self.page_size = page_size
        self.max_pages = max_pages
        self.pages = 0
        self._cursors: set[str] = set()
        self._fingerprints: set[int] = set()
        self._allowed: int | None = None

    def _stop(self, message: str) -> PagingError:
        return PagingError(message, pages=self.pages, status=200, method="GET", path=self.path)

    def arrived(self, page: ApplicationPage) -> None:
        """Count a page that just arrived; raise if it repeats an earlier one."""
        self.pages += 1
        # One small int a page, not every client id: a hash of the page's ids.
        fingerprint = hash(tuple(a.client_id for a in page.applications))
        if page.applications and fingerprint in self._fingerprints:
            raise self._stop("The tenant sent the same applications again")
        self._fingerprints.add(fingerprint)
        if page.total is not None and self._allowed is None:
            self._allowed = -(-page.total // self.page_size) + 1

    def follow(self, page: ApplicationPage, requested: str | None) -> str:
        """The cursor to ask for next, after ``page`` (asked for with ``requested``)."""
        nxt = page.next_from
        assert nxt is not None
        self.check(nxt, requested, pages=self.pages, total=page.total)
        self._cursors.add(nxt)
        return nxt

    def check(self, nxt: str, requested: str | None, *, pages: int, total: int | None) -> None:
        """Raise if ``nxt`` may not be followed once ``pages`` pages have arrived.

        :meth:`follow` checks with the pages counted; a caller asking for the next page
        before this one is counted (to save a round trip) checks with one more.
        """
        if nxt == requested or nxt in self._cursors:
            raise self._stop("The tenant repeated a page cursor it had sent before")
        if self._allowed is not None and pages >= self._allowed:
            raise self._stop(
                f"The tenant sent more pages than its reported total of {total or 0:,} "
                "applications allows"
            )
        if pages >= self.max_pages:
            raise self._stop(f"The listing passed {self.max_pages:,} pages")
