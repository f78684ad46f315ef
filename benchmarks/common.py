"""What every benchmark shares: repeated timings, their figures, one table.

A benchmark script measures its subject and a baseline *in the same run* (the
machine is noisy; only ratios taken together mean anything), builds
:class:`Row` objects and calls :func:`emit`. ``emit`` prints the rows as a
table and, when ``CREDTUI_BENCH_OUT`` names a file, appends them to it as JSON
lines, so ``python benchmarks/run.py`` can print one table for every script.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

__all__ = ["Row", "Stats", "emit", "stats", "table", "timed"]

OUT_ENV = "CREDTUI_BENCH_OUT"


@dataclass(frozen=True)
class Stats:
    """Median, min and max of repeated measurements, in one unit."""

    median: float
    min: float
    max: float
    n: int


def stats(values: Iterable[float]) -> Stats:
    data = list(values)
    if not data:
        raise ValueError("no measurements")
    return Stats(statistics.median(data), min(data), max(data), len(data))


def timed(fn: Callable[[], object], repeat: int) -> Stats:
    """Run ``fn`` ``repeat`` times; wall-clock seconds of each run."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return stats(runs)


@dataclass(frozen=True)
class Row:
    """One line of the table.

    ``baseline`` is what the measurement is compared with (a bare Textual app,
    the rate-limit bound, ``python -c pass``...), measured in the same run when it
    is a measurement; ``target`` is the ratio the issue asks for (``None``: none).
    """

    benchmark: str
    measure: str
    unit: str
    median: float
    min: float
    max: float
    n: int
    baseline_name: str = ""
    baseline: float | None = None
    target: float | None = None

    @classmethod
    def of(cls, benchmark: str, measure: str, unit: str, s: Stats, **more: object) -> Row:
        return cls(benchmark, measure, unit, s.median, s.min, s.max, s.n, **more)  # type: ignore[arg-type]

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.median / self.baseline  # type: ignore[operator]

    @property
    def met(self) -> str:
        if self.target is None or self.ratio is None:
            return ""
        return "yes" if self.ratio <= self.target else "NO"


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(rows: Iterable[Row]) -> str:
    """A Markdown table of ``rows`` (the README shows the same)."""
    head = (
        "| benchmark | measure | median | min | max | n | baseline | ratio | target | met |\n"
        "|---|---|---:|---:|---:|---:|---|---:|---:|---|\n"
    )
    lines = []
    for r in rows:
        base = f"{r.baseline_name} {_fmt(r.baseline)} {r.unit}".strip() if r.baseline_name else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        target = f"≤{r.target:.2f}x" if r.target is not None else ""
        lines.append(
            f"| {r.benchmark} | {r.measure} | {_fmt(r.median)} {r.unit} | {_fmt(r.min)} | "
            f"{_fmt(r.max)} | {r.n} | {base} | {ratio} | {target} | {r.met} |"
        )
    return head + "\n".join(lines)


def emit(rows: list[Row]) -> None:
    """Print ``rows`` as a table; append them to ``$CREDTUI_BENCH_OUT`` if set."""
    print(table(rows), flush=True)
    out = os.environ.get(OUT_ENV)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(asdict(r)) + "\n")
