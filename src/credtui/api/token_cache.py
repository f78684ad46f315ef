"""The management token in use: fetched once, shared, refreshed shortly before it expires.

The :class:`TokenCache` keeps the token of one :class:`~credtui.api.tokens.TokenSource`
until shortly before it expires, lets only one fetch run at a time however many
calls wait for it, and drops a token the tenant answered 401 to, so the next call
fetches a fresh one. Its first token may have been asked for ahead (``prefetched``:
the TUI asks for it while Textual loads, see :class:`credtui.connect.HeadStart`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Future

import httpx

from credtui.api._wire import taken_ahead
from credtui.api.tokens import Token, TokenSource, jwt_client_id
from credtui.errors import ApiError

__all__ = ["TokenCache"]


class TokenCache:
    """The current token: fetched once, shared, refreshed shortly before it expires.

    ``margin`` seconds before expiry (or 10 % of the lifetime if shorter) the token
    counts as stale. Concurrent callers wait on one fetch. ``prefetched`` is a token
    already asked for of ``source`` (in another thread): the first fetch takes its
    answer, token or credtui error, instead of asking again; anything else it ended
    with (it was dropped, say) and the source is asked as usual.
    """

    def __init__(
        self,
        source: TokenSource,
        *,
        clock: Callable[[], float] = time.time,
        margin: float = 60.0,
        prefetched: Future[Token] | None = None,
    ) -> None:
        self.source = source
        self._clock = clock
        self._margin = margin
        self._prefetched = prefetched
        self._token: Token | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        self.fetch_count = 0
        """How many tokens were asked for (a prefetched one counts; for tests and diagnostics)."""

    def __repr__(self) -> str:
        return f"TokenCache(source={self.source!r}, cached={self._token is not None})"

    def change_source(self, source: TokenSource) -> None:
        """Ask ``source`` for every token from now on (the profile's secret was rotated).

        The token in hand stays until it is stale (the tenant still honours it); the
        next fetch, a refresh or a retry after a 401, asks the new source. A prefetched
        answer not yet taken is dropped: it came from the old source.
        """
        self.source = source
        self._prefetched = None

    def _fresh(self, token: Token | None) -> bool:
        if token is None:
            return False
        if token.expires_at is None:
            return True
        lifetime = token.expires_at - self._fetched_at
        margin = min(self._margin, max(lifetime * 0.1, 0.0))
        return self._clock() < token.expires_at - margin

    async def get(self, http: httpx.AsyncClient, base_url: str) -> Token:
        """A usable token, fetching one if there is none or it is about to expire."""
        token = self._token
        if self._fresh(token):
            assert token is not None
            return token
        async with self._lock:
            if self._fresh(self._token):
                assert self._token is not None
                return self._token
            now = self._clock()
            self.fetch_count += 1
            try:
                token = await self._prefetched_token()
                if token is None:
                    token = await self.source.fetch(http, base_url, now)
            except ApiError:
                self._token = None
                raise
            self._token, self._fetched_at = token, now
            return token

    async def _prefetched_token(self) -> Token | None:
        """The prefetched token, once (see :func:`~credtui.api._wire.taken_ahead`)."""
        prefetched, self._prefetched = self._prefetched, None
        if prefetched is None or prefetched.cancelled():
            return None
        return await taken_ahead(asyncio.wrap_future(prefetched))

    @property
    def client_id(self) -> str | None:
        """The application this profile gets its management token with, when known.

        A client-secret or Private Key JWT source names it; a ready token says it in
        its ``azp`` claim once fetched. A change to that application can lock
        credtui out (:data:`credtui.ops.plan.Effect.LOCKS_OUT_CREDTUI`).
        """
        found = getattr(self.source, "client_id", None)
        if isinstance(found, str) and found:
            return found
        return jwt_client_id(self._token.value) if self._token is not None else None

    def invalidate(self, token: Token) -> bool:
        """Forget ``token`` after a 401, unless another call already replaced it.

        Returns whether a retry can bring a different token.
        """
        if not self.source.refreshable:
            return False
        if self._token is token:
            self._token = None
        return True
