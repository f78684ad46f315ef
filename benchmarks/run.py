"""Run every benchmark and print one table: ``python benchmarks/run.py [--quick]``.

Runs each ``benchmarks/*.py`` script (all but this one and ``common.py``) in its
own process, with ``CREDTUI_BENCH_OUT`` naming a temp file the scripts append
their rows to (:func:`common.emit`) and ``--quick`` passed through. Then prints
one Markdown table of every row, and a line naming the machine it ran on.
Figures, not pass/fail: a script that fails is reported and the others still run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import OUT_ENV, Row, table  # noqa: E402

NOT_BENCHMARKS = {"run.py", "common.py", "__init__.py"}


def scripts() -> list[Path]:
    """Every benchmark script, in name order."""
    return [p for p in sorted(HERE.glob("*.py")) if p.name not in NOT_BENCHMARKS]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line() -> str:
    """CPU model, cores, Python, Textual, date: where the figures come from."""
    try:
        textual = metadata.version("textual")
    except metadata.PackageNotFoundError:
        textual = "not installed"
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()}; "
        f"Python {platform.python_version()}; Textual {textual}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def read_rows(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(Row(**json.loads(line)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark; print one table.")
    parser.add_argument("--quick", action="store_true", help="fewer runs and sizes (passed on)")
    args = parser.parse_args(argv)
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="credtui-bench-run-") as tmp:
        out = Path(tmp) / "rows.jsonl"
        out.touch()
        env = {**os.environ, OUT_ENV: str(out)}
        for script in scripts():
            cmd = [sys.executable, str(script), *(["--quick"] if args.quick else [])]
            print(f"== {script.name}", flush=True)
            started = time.perf_counter()
            done = subprocess.run(cmd, env=env, check=False)
            took = time.perf_counter() - started
            print(f"== {script.name}: exit {done.returncode} in {took:.0f} s", flush=True)
            if done.returncode != 0:
                failed.append(script.name)
        rows = read_rows(out)
    print()
    print(table(rows))
    print()
    print(machine_line())
    if failed:
        print(f"Failed (no rows or only some): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
