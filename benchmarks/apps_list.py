"""``credtui apps list`` on large tenants: time to the first line and peak memory, streamed.

For each size (1,000, 50,000 and 1,000,000 applications by default) a local tenant
is started in its own process (``credtui emulator --seed``, topped up through
``POST /__emulator/seed`` past its 100,000 seed limit; rate limit off), and
``credtui apps list`` (and ``--json``) runs as a fresh process with stdout on a
pipe this script reads, as a script piping it on would:

- **first line**: seconds from launch until the first complete line arrived,
  against the **whole listing** (launch to exit) of the same run;
- **peak memory**: the command's peak resident set (``VmHWM``, read as its output
  arrives), against the same figure at the smallest size (flat means streaming works);
- **CPU**: the command's user and system seconds (less noisy than wall time on a
  shared machine; the tenant's own work is not in it).

The output is checked: one line per application (table), or a JSON array of them.
``--compare SRC`` also runs the ``src`` folder of another version (``PYTHONPATH``),
such as the last commit before streaming (``git archive REV src | tar -x -C DIR``),
in the same turns. ``--quick``: 1,000 and 50,000 only, one run each.

``python benchmarks/apps_list.py [--quick] [--sizes 1000,50000,1000000] [--compare SRC]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, emit, stats

SCRIPT = Path(sys.executable).with_name("credtui")
CREDTUI: list[str] = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "credtui"]
SEED_LIMIT = 100_000


@dataclass(frozen=True)
class Run:
    first_line: float
    total: float
    peak_mb: float
    cpu: float
    lines: int
    size_bytes: int


def _control(ready: dict[str, str], path: str, body: object) -> object:
    request = urllib.request.Request(
        f"{ready['base_url']}/__emulator/{path}",
        data=json.dumps(body).encode(),
        headers={"X-Emulator-Token": ready["control_token"], "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=600) as answer:
        return json.loads(answer.read())


@contextlib.contextmanager
def tenant(count: int) -> Iterator[dict[str, str]]:
    """A local tenant of ``count`` applications: its management app and generated ones.

    1,000,000 is exactly the 10,000 pages of 100 that one listing may take
    (:data:`credtui.api.paging.MAX_PAGES`); one more and ``apps list`` stops, exit 3.
    """
    first = min(count - 1, SEED_LIMIT)
    proc = subprocess.Popen(
        [*CREDTUI, "emulator", "--seed", str(first), "--rate-limit", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready: dict[str, str] = json.loads(proc.stdout.readline())
        left = count - 1 - first  # the management application is the tenant's too
        while left > 0:
            step = min(left, SEED_LIMIT)
            _control(ready, "seed", {"count": step})
            left -= step
        yield ready
    finally:
        proc.terminate()
        proc.wait()


def list_once(config: Path, extra: list[str], env: dict[str, str]) -> Run:
    """One ``credtui apps list`` process: first line, total, peak memory, output size."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*CREDTUI, "apps", "list", "--config", str(config), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    first: float | None = None
    lines = size = 0
    hwm = 0.0
    while True:
        select.select([fd], [], [])
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        if first is None and b"\n" in chunk:
            first = time.perf_counter() - started
        lines += chunk.count(b"\n")  # counted, not kept: this process stays small
        size += len(chunk)
        hwm = max(hwm, _hwm_mb(proc.pid))
    _, status, usage = os.wait4(proc.pid, 0)
    total = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    if proc.returncode != 0:
        raise RuntimeError(f"apps list exited {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(first or total, total, hwm or usage.ru_maxrss / 1024, cpu, lines, size)


def _hwm_mb(pid: int) -> float:
    """The process's own peak resident memory (``VmHWM``), 0 once it is gone.

    Not ``wait4``'s ``ru_maxrss``: Linux carries the parent's peak over into a child
    it starts (through ``exec``), so that figure is never below this script's own.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _config(ready: dict[str, str], folder: Path) -> Path:
    path = folder / "bench.toml"
    path.write_text(
        f'[profiles.bench]\ndomain = "{ready["base_url"]}"\nclient_id = "{ready["client_id"]}"\n'
        f'client_secret = "{ready["client_secret"]}"\n'
    )
    path.chmod(0o600)
    return path


def _check(run: Run, count: int, json_out: bool) -> None:
    if json_out:
        if run.size_bytes < 100 * count:
            raise RuntimeError(f"--json printed only {run.size_bytes} bytes for {count:,} apps")
    elif run.lines not in (count, count + 1):  # versions before streaming: a header line
        raise RuntimeError(f"apps list printed {run.lines:,} lines for {count:,} applications")


def measure(sizes: list[int], repeat: int, compare: str | None) -> list[Row]:
    versions: list[tuple[str, dict[str, str]]] = [("", {**os.environ})]
    if compare:
        versions.append((f" [{compare}]", {**os.environ, "PYTHONPATH": compare}))
    runs: dict[tuple[str, int, str], list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="credtui-bench-list-") as tmp:
        for count in sizes:
            started = time.perf_counter()
            with tenant(count) as ready:
                print(f"  {count:,} applications seeded in {time.perf_counter() - started:.0f} s",
                      flush=True)  # fmt: skip
                config = _config(ready, Path(tmp))
                modes = [("table", [])] + ([("json", ["--json"])] if count <= 50_000 else [])
                for _ in range(repeat if count <= 50_000 else 1):
                    for label, env in versions:  # taken in turns: the machine's noise is shared
                        for mode, extra in modes:
                            run = list_once(config, extra, env)
                            _check(run, count, mode == "json")
                            runs.setdefault((label, count, mode), []).append(run)
                            print(f"  {count:,} {mode}{label}: first line {run.first_line:.2f} s, "
                                  f"all {run.total:.2f} s, cpu {run.cpu:.2f} s, "
                                  f"peak {run.peak_mb:.0f} MB", flush=True)  # fmt: skip
    rows: list[Row] = []
    for label, _ in versions:
        for mode in ("table", "json"):
            smallest = runs.get((label, sizes[0], mode))
            for count in sizes:
                got = runs.get((label, count, mode))
                if not got:
                    continue
                whole = stats(r.total for r in got)
                name = f"apps list{' --json' if mode == 'json' else ''} {count:,}{label}"
                rows.append(Row.of(name, "first line", "s", stats(r.first_line for r in got),
                                   baseline_name="whole listing", baseline=whole.median))  # fmt: skip
                rows.append(Row.of(name, "whole listing", "s", whole))
                rows.append(Row.of(name, "CPU (user+sys)", "s", stats(r.cpu for r in got)))
                base = stats(r.peak_mb for r in smallest).median if smallest else None
                rows.append(Row.of(name, "peak memory", "MB", stats(r.peak_mb for r in got),
                                   baseline_name=f"at {sizes[0]:,}", baseline=base))  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 50,000, one run each")
    parser.add_argument("--sizes", help="comma-separated sizes (default 1000,50000,1000000)")
    parser.add_argument("--compare", metavar="SRC", help="also time another version's src")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [1_000, 50_000] if args.quick else [1_000, 50_000, 1_000_000]
    emit(measure(sorted(sizes), 1 if args.quick else 3, args.compare))


if __name__ == "__main__":
    main()
