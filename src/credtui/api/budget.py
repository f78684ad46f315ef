"""Time budgets: how long one call, one action or one command may spend on the tenant in all.

Each attempt of a request already has a deadline, but attempts are retried, the
token request too, and rate limits are waited for: a tenant trickling one byte
every few seconds could keep a command running for minutes. A :class:`Budget`
is a total allowance that started when it was made; :class:`~credtui.api._http.HttpCore`
caps every attempt's deadline, every retry pause and every rate-limit wait by the
tightest budget in force, and when one runs out it raises
:class:`~credtui.errors.BudgetExceededError` naming it. Three can be in force at once:

* the client's per-call budget (``ManagementClient(call_budget=...)``, 60 s by default):
  one operation, with its token request, retries and waits;
* the client's own (``ManagementClient(budget=...)``): the command line gives
  each command one, ``--timeout SECONDS``, shared by every call it makes;
* a scoped one (:meth:`~credtui.api.client.ManagementClient.budget`, a context
  variable): the TUI gives each action one, shared by the calls inside the block,
  including tasks started there.

A budget measures time on its own clock (the client's, injected in tests), so
tests spend budgets without waiting for real time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["DEFAULT_BUDGET", "Budget", "Budgets", "scoped", "within"]

DEFAULT_BUDGET = 60.0
"""Seconds one command (``--timeout``), one TUI action or one call may take by default."""


class Budget:
    """``seconds`` in all, from when it is made, measured on ``clock``."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if not seconds > 0 or math.isinf(seconds):
            raise ValueError(f"a time budget is a positive number of seconds, not {seconds}")
        self.seconds = float(seconds)
        self.clock = clock
        self.ends = clock() + self.seconds

    def left(self) -> float:
        """Seconds still to spend (0 or less: spent)."""
        return self.ends - self.clock()

    def __repr__(self) -> str:
        return f"Budget({self.seconds:g} s, {self.left():.1f} s left)"


class Budgets:
    """The budgets in force for one call: what is left is what the tightest leaves."""

    def __init__(self, *budgets: Budget | None) -> None:
        self.budgets = tuple(b for b in budgets if b is not None)

    def left(self) -> float:
        """Seconds left before one of them runs out (infinite when there is none)."""
        return min((b.left() for b in self.budgets), default=math.inf)

    def tightest(self) -> Budget | None:
        """The budget that runs out first (None when there is none)."""
        return min(self.budgets, key=Budget.left, default=None)

    def cap(self, seconds: float | None) -> float | None:
        """``seconds`` (None: unbounded) cut to what is left."""
        left = self.left()
        if seconds is None:
            return None if math.isinf(left) else max(left, 0.0)
        return max(min(seconds, left), 0.0)


_SCOPED: ContextVar[Budget | None] = ContextVar("credtui_budget", default=None)


def scoped() -> Budget | None:
    """The budget of the block this code runs in (see :func:`within`), if any."""
    return _SCOPED.get()


@contextmanager
def within(budget: Budget) -> Iterator[Budget]:
    """Every call made inside the block (tasks started there too) shares ``budget``.

    A block inside another keeps the outer budget too: what is left is the least of both.
    """
    outer = _SCOPED.get()
    token = _SCOPED.set(budget if outer is None or budget.left() < outer.left() else outer)
    try:
        yield budget
    finally:
        _SCOPED.reset(token)
