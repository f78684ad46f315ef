"""Start-up: how long until a person sees rows, against what Textual and Python need anyway.

Every measurement is a fresh process, timed from its launch, with a baseline
measured in the same run (the machine is noisy; only the ratios mean anything):

- **first rows, local tenant**: ``credtui --config F`` on a running ``credtui
  emulator --seed demo`` (a subprocess; the profile file lives in a temp dir),
  until the first application's name is on the terminal; baseline: a bare
  Textual app showing one DataTable row, timed the same way. For scale, the
  **floor** row: the bare app whose rows are the names of the tenant's first page of
  applications, read with httpx (token and first page asked for in a thread started before Textual is
  imported, as credtui does): what any Textual app pays to show a row from a tenant.
- **first rows, demo**: ``credtui demo`` until the first application's name is on
  the terminal; same baseline. For scale, the **floor** row: the demo tenant's own
  process until it serves (its ready line), which the demo's rows must wait for.
- **--help**: ``credtui --help`` to exit; baseline ``python -c pass``.
- **apps list**: headless ``credtui apps list`` to exit; baseline ``python -c
  pass`` plus the tenant's round trips (the requests the command made, replayed
  on one connection from this process). For scale, the **floor** row: a Python
  that only imports asyncio and httpx and makes one ``httpx.AsyncClient``.

Subprocesses run with bytecode caching on (in a temp ``PYTHONPYCACHEPREFIX``), as an
installed credtui has it: with ``PYTHONDONTWRITEBYTECODE`` set, every start would
recompile credtui's own source (~100 ms) and measure that instead.

A TUI runs under a pseudo-terminal of a fixed size (120x36); "first rows" is the
moment the row's text appears in what it writes to the terminal. The process is
then killed: nothing after the first rows is measured.

``python benchmarks/startup.py [--quick]`` (``--quick``: 3 runs each, else 10).
"""

from __future__ import annotations

import argparse
import fcntl
import http.client
import json
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, Stats, emit, stats

COLUMNS, LINES = 120, 36
SCRIPT = Path(sys.executable).with_name("credtui")
CREDTUI: list[str] = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "credtui"]
FIRST_APP = b"Payments API"  # the demo tenant's first application
BARE_ROW = b"bare-first-row"

BARE_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import DataTable

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name")
        table.add_row({BARE_ROW.decode()!r})

Bare().run()
"""

# The least any app pays to show a row read from the tenant with httpx: the bare app,
# plus a thread started before Textual is imported that asks for the token and the
# first page of applications (as credtui's early token does), the row shown when both
# are in. The tenant is named by CREDTUI_BENCH_TENANT (its ready line, as JSON).
FETCHING_APP = """
import json, os, sys, threading
from concurrent.futures import Future
sys.modules["httpx._main"] = None
tenant = json.loads(os.environ["CREDTUI_BENCH_TENANT"])
first: Future[list[str]] = Future()

def fetch() -> None:
    import httpx
    base = tenant["base_url"]
    with httpx.Client() as http:
        token = http.post(base + "/oauth/token", json={
            "grant_type": "client_credentials", "client_id": tenant["client_id"],
            "client_secret": tenant["client_secret"], "audience": base + "/api/v2/",
        }).json()["access_token"]
        page = http.get(
            base + "/api/v2/clients", params={"page": 0, "per_page": 100, "include_totals": "true"},
            headers={"Authorization": "Bearer " + token},
        ).json()
    first.set_result([client["name"] for client in page["clients"]])

threading.Thread(target=fetch, daemon=True).start()

import asyncio
from textual.app import App, ComposeResult
from textual.widgets import DataTable

class Fetching(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name")
        table.add_rows([name] for name in await asyncio.wrap_future(first))

Fetching().run()
"""

# The demo tenant's own process, to its ready line: the demo cannot show rows sooner.
DEMO_TENANT = "from credtui.demo import serve_demo; serve_demo()"

# What any httpx-based command pays before its first byte: the imports and the client
# (its TLS context loads the CA bundle even for http://), httpx's own CLI kept out.
HTTPX_FLOOR = (
    "import sys; sys.modules['httpx._main'] = None; import asyncio, httpx; httpx.AsyncClient()"
)


def _pty_until(cmd: Sequence[str], marker: bytes, env: dict[str, str], timeout: float) -> float:
    """Seconds from launching ``cmd`` under a pty until ``marker`` is written to it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    shown = b""
    try:
        deadline = start + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise RuntimeError(f"{cmd[-1]!r}: {marker!r} not shown in {timeout} s")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed (EIO on Linux)
                chunk = b""
            if not chunk:
                tail = shown[-400:].decode(errors="replace")
                raise RuntimeError(f"{cmd[-1]!r} stopped before showing {marker!r}: {tail}")
            # A marker may straddle two reads; keep enough of the previous one.
            shown = shown[-len(marker) :] + chunk
            if marker in shown:
                return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def _run(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Seconds ``cmd`` takes to run to its end (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(list(cmd), env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _until_line(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from launching ``cmd`` until it prints its first line (then it is stopped)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdin is not None
    line = proc.stdout.readline()
    took = time.perf_counter() - start
    proc.stdin.close()  # the demo tenant stops when its stdin closes
    proc.wait(10)
    if not line:
        raise RuntimeError(f"{cmd[-1]!r} printed nothing")
    return took


def _interleaved(measures: dict[str, Callable[[], float]], n: int) -> dict[str, Stats]:
    """``n`` runs of each measure, taken in turns (A B C, A B C...) after one warm-up round.

    The machine is shared and its load changes by the second: taking a measure and
    its baseline in turns exposes both to the same load, so their ratio holds.
    """
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for round_ in range(n + 1):
        for name, fn in measures.items():
            value = fn()
            if round_:  # round 0 warms file caches and writes the bytecode cache
                samples[name].append(value)
    return {name: stats(values) for name, values in samples.items()}


class Tenant:
    """``credtui emulator --seed demo`` in a subprocess, and a profile for it."""

    def __init__(self, home: Path, latency_ms: int = 0) -> None:
        self.proc = subprocess.Popen(
            [*CREDTUI, "emulator", "--seed", "demo", "--latency", str(latency_ms)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        self.ready = json.loads(self.proc.stdout.readline())
        self.config = home / "credtui.toml"
        self.config.write_text(
            f'default = "local"\n[profiles.local]\ndomain = "{self.ready["base_url"]}"\n'
            f'client_id = "{self.ready["client_id"]}"\n'
            f'client_secret = "{self.ready["client_secret"]}"\n'
        )
        self.config.chmod(0o600)
        url = urlsplit(self.ready["base_url"])
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80

    def _control(self, conn: http.client.HTTPConnection, path: str) -> dict[str, object]:
        conn.request("GET", path, headers={"X-Emulator-Token": self.ready["control_token"]})
        answer = conn.getresponse()
        return dict(json.loads(answer.read()))

    def requests_of(self, run: Callable[[], float]) -> list[tuple[str, str]]:
        """``(method, path)`` of every request ``run`` made to the tenant."""
        conn = http.client.HTTPConnection(self.host, self.port)
        before = self._control(conn, "/__emulator/requests")["requests"]
        assert isinstance(before, list)
        mark = max((int(e["seq"]) for e in before), default=0)
        run()
        after = self._control(conn, f"/__emulator/requests?since={mark}")["requests"]
        conn.close()
        assert isinstance(after, list)
        return [
            (str(e["method"]), str(e["path"]) + (f"?{e['query']}" if e["query"] else ""))
            for e in after
        ]

    def round_trips(self, requests: list[tuple[str, str]]) -> float:
        """Seconds to make ``requests`` again on one new connection (token first)."""
        start = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, self.port)
        token = ""
        for method, path in requests:
            if path == "/oauth/token":
                body = json.dumps(
                    {
                        "grant_type": "client_credentials",
                        "client_id": self.ready["client_id"],
                        "client_secret": self.ready["client_secret"],
                        "audience": f"{self.ready['base_url']}/api/v2/",
                    }
                )
                conn.request(method, path, body, {"Content-Type": "application/json"})
                answer = conn.getresponse()
                token = json.loads(answer.read())["access_token"]
            else:
                conn.request(method, path, headers={"Authorization": f"Bearer {token}"})
                conn.getresponse().read()
        conn.close()
        return time.perf_counter() - start

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each, not 10")
    parser.add_argument("--only", help="comma-separated: local,demo,help,list")
    parser.add_argument(
        "--latency",
        type=int,
        default=0,
        metavar="MS",
        help="the local tenant answers each request MS ms late, as a tenant far away would",
    )
    parser.add_argument(
        "--compare",
        metavar="SRC",
        help="also time credtui from SRC (a `src` folder of another version, e.g. from "
        "`git archive HEAD src | tar -x -C BEFORE_DIR`), in the same turns",
    )
    args = parser.parse_args(argv)
    n = 3 if args.quick else 10
    only = set(args.only.split(",")) if args.only else {"local", "demo", "help", "list"}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="credtui-bench-") as tmp:
        home = Path(tmp)
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
        }
        env.pop("CREDTUI_CONFIG", None)
        # Bytecode cached as an installed credtui has it (pip compiles on install), in the
        # temp dir: with PYTHONDONTWRITEBYTECODE every start would recompile credtui's source.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
        tenant = Tenant(home, args.latency) if only & {"local", "list"} else None
        try:
            measures: dict[str, Callable[[], float]] = {
                "pass": lambda: _run([sys.executable, "-c", "pass"], env)
            }
            if only & {"local", "demo"}:
                bare_cmd = [sys.executable, "-c", BARE_APP]
                measures["bare"] = lambda: _pty_until(bare_cmd, BARE_ROW, env, 60)
            if tenant is not None and "local" in only:
                local_cmd = [*CREDTUI, "--config", str(tenant.config)]
                fetching = {**env, "CREDTUI_BENCH_TENANT": json.dumps(tenant.ready)}
                fetching_cmd = [sys.executable, "-c", FETCHING_APP]
                measures["fetching"] = lambda: _pty_until(fetching_cmd, FIRST_APP, fetching, 60)
                measures["local"] = lambda: _pty_until(local_cmd, FIRST_APP, env, 60)
            if "demo" in only:
                demo_tenant = [sys.executable, "-c", DEMO_TENANT]
                measures["demo_tenant"] = lambda: _until_line(demo_tenant, env)
                measures["demo"] = lambda: _pty_until([*CREDTUI, "demo"], FIRST_APP, env, 60)
            if "help" in only:
                measures["help"] = lambda: _run([*CREDTUI, "--help"], env)
            sent: list[tuple[str, str]] = []
            if tenant is not None and "list" in only:
                list_cmd = [*CREDTUI, "--config", str(tenant.config), "apps", "list"]
                sent = tenant.requests_of(lambda: _run(list_cmd, env))
                running = tenant
                measures["floor"] = lambda: _run([sys.executable, "-c", HTTPX_FLOOR], env)
                measures["trips"] = lambda: running.round_trips(sent)
                measures["list"] = lambda: _run(list_cmd, env)
            if args.compare:
                other = {**env, "PYTHONPATH": args.compare}
                if "local" in measures:
                    measures["local*"] = lambda: _pty_until(local_cmd, FIRST_APP, other, 60)
                if "demo" in measures:
                    measures["demo*"] = lambda: _pty_until([*CREDTUI, "demo"], FIRST_APP, other, 60)
                if "help" in measures:
                    measures["help*"] = lambda: _run([*CREDTUI, "--help"], other)
                if "list" in measures:
                    measures["list*"] = lambda: _run(list_cmd, other)
            got = _interleaved(measures, n)
        finally:
            if tenant is not None:
                tenant.stop()
    python = {"baseline_name": "python -c pass", "baseline": got["pass"].median}
    if "bare" in got:
        rows.append(Row.of("startup", "bare Textual app, first row", "s", got["bare"]))
        bare = {"baseline_name": "bare Textual app", "baseline": got["bare"].median}
    if "fetching" in got:
        rows.append(
            Row.of(
                "startup",
                "floor: bare app, its rows read from the tenant with httpx",
                "s",
                got["fetching"],
                **bare,
            )
        )
    if "local" in got:
        rows.append(
            Row.of(
                "startup",
                "credtui, local tenant: first rows"
                + (f" ({args.latency} ms a request)" if args.latency else ""),
                "s",
                got["local"],
                **bare,
                target=1.3,
            )
        )
    if "demo_tenant" in got:
        rows.append(
            Row.of(
                "startup",
                "floor: the demo tenant's process, ready",
                "s",
                got["demo_tenant"],
                **bare,
            )
        )
    if "demo" in got:
        rows.append(
            Row.of("startup", "credtui demo: first rows", "s", got["demo"], **bare, target=1.6)
        )
    if "help" in got:
        rows.append(Row.of("startup", "credtui --help", "s", got["help"], **python))
    if "list" in got:
        rows.append(
            Row.of(
                "startup",
                "floor: import asyncio + httpx, one AsyncClient",
                "s",
                got["floor"],
                **python,
            )
        )
        rows.append(
            Row.of(
                "startup",
                f"credtui apps list ({len(sent)} requests)",
                "s",
                got["list"],
                baseline_name="python -c pass + round trips",
                baseline=got["pass"].median + got["trips"].median,
                target=3.0,
            )
        )
    if args.compare:
        label = f" [{args.compare}]"
        for key, row in list(_compared(got, rows)):
            rows.append(
                Row.of(
                    row.benchmark,
                    row.measure + label,
                    row.unit,
                    got[key + "*"],
                    baseline_name=row.baseline_name,
                    baseline=row.baseline,
                    target=row.target,
                )
            )
    emit(rows)


def _compared(got: dict[str, Stats], rows: list[Row]) -> list[tuple[str, Row]]:
    """The rows that have a ``--compare`` twin, with their measure's key."""
    prefixes = {
        "credtui, local tenant: first rows": "local",
        "credtui demo: first rows": "demo",
        "credtui --help": "help",
        "credtui apps list": "list",
    }
    out = []
    for row in rows:
        key = next((k for p, k in prefixes.items() if row.measure.startswith(p)), "")
        if key and key + "*" in got:
            out.append((key, row))
    return out


if __name__ == "__main__":
    main()
