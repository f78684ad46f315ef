"""Reading every credential of a tenant at the pace of its rate limit (issues 13 and 14).

Against ``credtui emulator`` subprocesses (a real socket, the real token bucket):

- **sweep**: ``credtui.ops.findings.sweep_tenant`` (what the overview ``x`` and
  ``credtui check`` run) on ``--seed 2000`` at ``--rate-limit 50/20 --latency 20``
  and at ``200/100``: wall time against the rate-limit bound, the 429 answers
  (must be 0), the same read with the limit off (this machine's own pace: the
  bound cannot be met if that is near it), and with Auth0's Python SDK
  (``auth0-python``, one call after another as a script would) for the ratio;
- **overview**: the expiry overview in the TUI itself (headless, Textual's Pilot)
  on ``--seed 2000 --rate-limit 50/20``: progress shown (done/total, time left),
  a quick filter typed while it loads changes the rows, 429s from the tenant's
  own request log, total time against the bound;
- **growth**: 1,000, 10,000 and 50,000 applications at 200/100 (time per request
  past the first bucket, which must stay flat; 50,000 takes ~9 minutes);
- **nodelay**: 10 sequential GETs on one connection to the emulator listening on
  a socket made with ``proto=0`` (asyncio then does not set TCP_NODELAY) and with
  IPPROTO_TCP, and loading every page of 50,000 applications from each.

The **rate-limit bound** of a read of N requests from a bucket of B refilled at
R per second, starting full, is ``(N - B) / R``: no client can be faster.

``python benchmarks/sweep.py [--quick] [--no-sdk] [--only sweep,overview,growth,nodelay]``;
``--quick`` uses small tenants and skips the SDK so the whole file runs in under
a minute (a smoke check; its ratios mean little, the bound being short).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import Row, emit, stats  # noqa: E402

from credtui.api import ClientSecretSource, ManagementClient  # noqa: E402
from credtui.ops.findings import Sweep, sweep_tenant  # noqa: E402

CREDTUI = [sys.executable, "-m", "credtui"]
NO_SDK = False


def target_for(quick: bool) -> float | None:
    """The issue's 1.1x of the bound; none for ``--quick`` (its bounds are a second or two)."""
    return None if quick else 1.1


# --- a tenant in a subprocess ------------------------------------------------------------


@dataclass
class Tenant:
    """A running ``credtui emulator``: its ready line, and its control plane."""

    proc: subprocess.Popen[str]
    base_url: str
    client_id: str
    client_secret: str
    control_token: str
    burst: int
    per_second: float

    def control(self, method: str, path: str, body: Any = None) -> Any:
        r = httpx.request(
            method,
            f"{self.base_url}/__emulator/{path}",
            headers={"X-Emulator-Token": self.control_token},
            json=body,
            timeout=60,
        )
        r.raise_for_status()
        return r.json() if r.content else None

    def refill(self) -> None:
        """Start the next read from a full bucket (as an idle tenant's is)."""
        self.control("PUT", "rate-limit", {"value": f"{self.burst}/{self.per_second:g}"})

    def clear_log(self) -> None:
        self.control("DELETE", "requests")

    def statuses(self) -> list[int]:
        """Statuses of the Management API requests in the tenant's log (last 10,000)."""
        log = self.control("GET", "requests")["requests"]
        return [e["status"] for e in log if e["path"].startswith("/api/v2")]

    def bound(self, requests: int) -> float:
        return max(0.0, (requests - self.burst) / self.per_second)

    @property
    def token_form(self) -> dict[str, str]:
        """The client-credentials form for a Management API token (the seeded M2M client)."""
        return {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "audience": f"{self.base_url}/api/v2/",
        }


@contextmanager
def tenant(seed: int, rate: str, latency: int = 0) -> Iterator[Tenant]:
    cmd = [*CREDTUI, "emulator", "--seed", str(seed), "--rate-limit", rate]
    cmd += ["--latency", str(latency)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = json.loads(proc.stdout.readline())
        burst, per_second = rate.split("/")
        yield Tenant(
            proc,
            line["base_url"],
            line["client_id"],
            line["client_secret"],
            line["control_token"],
            int(burst),
            float(per_second),
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Counting(httpx.AsyncBaseTransport):
    """The client's side of the wire: Management API answers by status."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.statuses: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.startswith("/api/v2"):
            self.statuses.append(response.status_code)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class Read:
    seconds: float
    ok: int
    """Management API answers that were not 429 (what the bound counts)."""
    limited: int
    """429 answers."""
    applications: int
    failed: int
    """Applications whose credentials could not be read."""


def credtui_read(t: Tenant, *, refill: bool = True, **client_kw: Any) -> Read:
    """``sweep_tenant`` on a fresh client, from a full bucket."""
    if refill:
        t.refill()

    async def run() -> tuple[Read, Sweep]:
        wire = Counting()
        source = ClientSecretSource(t.client_id, t.client_secret)
        start = time.perf_counter()
        async with ManagementClient(t.base_url, source, transport=wire, **client_kw) as client:
            sweep = await sweep_tenant(client)
        seconds = time.perf_counter() - start
        ok = sum(1 for s in wire.statuses if s != 429)
        read = Read(
            seconds, ok, len(wire.statuses) - ok, len(sweep.applications), len(sweep.errors)
        )
        return read, sweep

    read, _ = asyncio.run(run())
    return read


def sdk_read(t: Tenant) -> Read:
    """The same read with auth0-python: list the applications, then each one's credentials."""
    from auth0.management import AsyncAuth0

    t.refill()

    async def run() -> Read:
        wire = Counting()
        async with httpx.AsyncClient(transport=wire, timeout=60) as http:
            start = time.perf_counter()
            token = (await http.post(f"{t.base_url}/oauth/token", data=t.token_form)).json()[
                "access_token"
            ]
            sdk = AsyncAuth0(base_url=f"{t.base_url}/api/v2", token=token, httpx_client=http)
            ids: list[str] = []
            pager = await sdk.clients.list(per_page=100, fields="client_id", include_fields=True)
            async for app in pager:
                ids.append(str(app.client_id))
            failed = 0
            for cid in ids:
                try:
                    await sdk.clients.credentials.list(cid)
                except Exception:  # the SDK gave up (retries exhausted): count it
                    failed += 1
            seconds = time.perf_counter() - start
        ok = sum(1 for s in wire.statuses if s != 429)
        return Read(seconds, ok, len(wire.statuses) - ok, len(ids), failed)

    return asyncio.run(run())


def read_rows(label: str, t: Tenant, reads: list[Read], *, target: float | None) -> list[Row]:
    """Wall time against the bound (each run's own bound), and the 429s."""
    bound = stats(t.bound(r.ok) for r in reads)
    rows = [
        Row.of(
            "sweep",
            f"{label}: read every credential",
            "s",
            stats(r.seconds for r in reads),
            baseline_name="rate-limit bound",
            baseline=bound.median,
            target=target,
        ),
        Row.of("sweep", f"{label}: 429 answers", "", stats(r.limited for r in reads)),
    ]
    if any(r.failed for r in reads):
        rows.append(Row.of("sweep", f"{label}: apps not read", "", stats(r.failed for r in reads)))
    return rows


def bench_sweep(quick: bool) -> list[Row]:
    rows: list[Row] = []
    for rate in ("50/20", "200/100"):
        seed = (100 if rate == "50/20" else 300) if quick else 2000
        with tenant(seed, rate, latency=20) as t:
            label = f"{seed:,} apps {rate} lat 20"
            reads = [credtui_read(t) for _ in range(1 if quick else 2)]
            rows += read_rows(f"credtui {label}", t, reads, target=target_for(quick))
            print(f"# {label}: {reads}", file=sys.stderr, flush=True)
            # What this machine manages with no limit at all: if it is near the bound,
            # the bound cannot be met however the client paces.
            t.control("PUT", "rate-limit", {"value": "off"})
            free = credtui_read(t, refill=False)
            print(f"# {label} with the limit off: {free}", file=sys.stderr, flush=True)
            rows.append(
                Row.of(
                    "sweep",
                    f"credtui {label}: the same with the limit off",
                    "s",
                    stats([free.seconds]),
                    baseline_name="rate-limit bound",
                    baseline=t.bound(free.ok),
                )
            )
            if not quick and not NO_SDK:
                sdk = [sdk_read(t)]
                print(f"# {label} SDK: {sdk}", file=sys.stderr, flush=True)
                rows += read_rows(f"auth0-python {label}", t, sdk, target=None)
                rows.append(
                    Row.of(
                        "sweep",
                        f"credtui {label}: time vs auth0-python",
                        "s",
                        stats(r.seconds for r in reads),
                        baseline_name="auth0-python",
                        baseline=sdk[0].seconds,
                    )
                )
    return rows


# --- the overview in the TUI -------------------------------------------------------------


def _ui_status(app: Any) -> str:
    return str(app.screen.query_one("#overview-status").render())


def _ui_rows(app: Any) -> int:
    from credtui.ui.widgets.virtual_table import VirtualTable

    return len(app.screen.query_one(VirtualTable).rows)


async def _overview(t: Tenant, filter_key: str) -> dict[str, Any]:
    from tests.ui.scenarios import list_loaded, wait_until

    from credtui.config import Config, Profile
    from credtui.ui.app import CredtuiApp
    from credtui.ui.screens.overview import OverviewScreen
    from credtui.ui.state import ConfigStore

    profile = Profile(
        name="bench", domain=t.base_url, client_id=t.client_id, client_secret=t.client_secret
    )
    app = CredtuiApp(ConfigStore(Config().with_profile(profile), None), environ={})
    out: dict[str, Any] = {"statuses": []}
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), timeout=120)
        # The list read the visible rows' credentials: let the bucket fill up again on
        # its own (refilling it by hand would look, to the client, like a faster refill).
        await asyncio.sleep(t.burst / t.per_second + 1)
        t.clear_log()
        start = time.perf_counter()
        await pilot.press("x")

        def sweeping() -> bool:
            return isinstance(app.screen, OverviewScreen) and app.screen.sweeping

        await wait_until(pilot, sweeping, timeout=30)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        # Type a quick filter once a tenth of the tenant is in: the rows must change.
        await wait_until(pilot, lambda: _ui_rows(app) > 150, 120)
        before = _ui_rows(app)
        t0 = time.perf_counter()
        await pilot.press(filter_key)
        await wait_until(pilot, lambda: _ui_rows(app) != before, timeout=30)
        out["filter_s"] = time.perf_counter() - t0
        out["filter_rows"] = (before, _ui_rows(app))
        out["filter_status"] = _ui_status(app)
        out["filter_while_sweeping"] = screen.sweeping
        await pilot.press("1")
        while screen.sweeping:
            out["statuses"].append(_ui_status(app))
            await pilot.pause(0.5)
        out["seconds"] = time.perf_counter() - start
        out["final_status"] = _ui_status(app)
        out["rows"] = _ui_rows(app)
    return out


def bench_overview(quick: bool) -> list[Row]:
    seed = 200 if quick else 2000
    with tenant(seed, "50/20") as t:
        result = asyncio.run(_overview(t, "2"))
        statuses = t.statuses()
    limited_at = [i for i, s in enumerate(statuses) if s == 429]
    if limited_at:
        print(f"# overview: 429 at requests {limited_at} of {len(statuses)}", file=sys.stderr)
    progress = [s for s in result["statuses"] if "Sweeping: read" in s]
    with_eta = [s for s in progress if "s left" in s]
    ok = sum(1 for s in statuses if s != 429)
    print(
        f"# overview {seed:,}: {result['seconds']:.1f} s; {len(progress)} progress samples, "
        f"{len(with_eta)} with time left, e.g. {with_eta[len(with_eta) // 2] if with_eta else ''!r}; "
        f"filter '2' while sweeping={result['filter_while_sweeping']}: rows "
        f"{result['filter_rows'][0]} -> {result['filter_rows'][1]} in "
        f"{result['filter_s'] * 1000:.0f} ms ({result['filter_status']!r}); "
        f"final {result['final_status']!r}",
        file=sys.stderr,
        flush=True,
    )
    one = lambda v: stats([v])  # noqa: E731
    label = f"overview x, {seed:,} apps 50/20"
    return [
        Row.of(
            "overview",
            f"{label}: sweep in the TUI",
            "s",
            one(result["seconds"]),
            baseline_name="rate-limit bound",
            baseline=t.bound(ok),
            target=target_for(quick),
        ),
        Row.of("overview", f"{label}: 429 answers (tenant's log)", "", one(len(statuses) - ok)),
        Row.of("overview", f"{label}: status lines with done/total", "", one(len(progress))),
        Row.of("overview", f"{label}: ... and time left", "", one(len(with_eta))),
        Row.of(
            "overview",
            f"{label}: filter key to rows changed, mid-sweep",
            "ms",
            one(result["filter_s"] * 1000),
        ),
    ]


# --- growth ------------------------------------------------------------------------------


def bench_growth(quick: bool) -> list[Row]:
    rows: list[Row] = []
    sizes = [200, 600] if quick else [1000, 10_000, 50_000]
    per_app: dict[int, float] = {}
    for size in sizes:
        with tenant(size, "200/100", latency=20) as t:
            read = credtui_read(t)
            print(f"# growth {size:,}: {read}", file=sys.stderr, flush=True)
            # Past the first bucket every request waits for the refill: this is what
            # must stay flat as the tenant grows.
            per_app[size] = read.seconds / max(1, read.ok - t.burst) * 1000
            rows.append(
                Row.of(
                    "growth",
                    f"{size:,} apps 200/100 lat 20: read every credential",
                    "s",
                    stats([read.seconds]),
                    baseline_name="rate-limit bound",
                    baseline=t.bound(read.ok),
                    target=target_for(quick),
                )
            )
            rows.append(Row.of("growth", f"{size:,} apps: 429 answers", "", stats([read.limited])))
    small = sizes[0]
    for big in sizes[1:]:
        rows.append(
            Row.of(
                "growth",
                f"ms per request past the first bucket, at {big:,}",
                "ms",
                stats([per_app[big]]),
                baseline_name=f"at {small:,}",
                baseline=per_app[small],
            )
        )
    return rows


# --- TCP_NODELAY on the emulator's socket ------------------------------------------------

_SERVE = """
import socket, sys
from credtui.emulator import server
proto = int(sys.argv[1])
def bind(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((server.HOST, port))
    sock.listen(128)
    return sock
server._bind = bind
sys.exit(server.run_emulator(seed=sys.argv[2], rate_limit="off"))
"""


@contextmanager
def served_with(proto: int, seed: int) -> Iterator[Tenant]:
    cmd = [sys.executable, "-c", _SERVE, str(proto), str(seed)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = json.loads(proc.stdout.readline())
        yield Tenant(
            proc,
            line["base_url"],
            line["client_id"],
            line["client_secret"],
            line["control_token"],
            1,
            1.0,
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def _one_connection_gets(t: Tenant, count: int = 10) -> list[float]:
    """Milliseconds of each of ``count`` sequential GETs on one keep-alive connection."""
    with httpx.Client(base_url=t.base_url, limits=httpx.Limits(max_connections=1)) as http:
        token = http.post("/oauth/token", data=t.token_form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        http.get("/api/v2/clients", headers=headers, params={"per_page": 1})  # warm
        out = []
        for _ in range(count):
            t0 = time.perf_counter()
            http.get("/api/v2/clients", headers=headers, params={"per_page": 1})
            out.append((time.perf_counter() - t0) * 1000)
    return out


async def _load_pages(t: Tenant) -> tuple[float, int]:
    source = ClientSecretSource(t.client_id, t.client_secret)
    async with ManagementClient(t.base_url, source) as client:
        start = time.perf_counter()
        apps = len(await client.list_applications())
        return time.perf_counter() - start, apps


def bench_nodelay(quick: bool) -> list[Row]:
    rows: list[Row] = []
    seed = 2000 if quick else 50_000
    results: dict[str, tuple[list[float], float, int]] = {}
    for name, proto in (("proto=0 (before)", 0), ("IPPROTO_TCP (after)", socket.IPPROTO_TCP)):
        with served_with(proto, seed) as t:
            gets = _one_connection_gets(t)
            seconds, apps = asyncio.run(_load_pages(t))
        results[name] = (gets, seconds, apps)
        print(
            f"# nodelay {name}: GETs {[round(g, 1) for g in gets]} ms; "
            f"{apps:,} applications' pages in {seconds:.2f} s",
            file=sys.stderr,
            flush=True,
        )
    (b_gets, b_load, _), (a_gets, a_load, apps) = results.values()
    rows.append(
        Row.of(
            "nodelay",
            "GET on one connection, IPPROTO_TCP",
            "ms",
            stats(a_gets),
            baseline_name="proto=0",
            baseline=stats(b_gets).median,
        )
    )
    rows.append(
        Row.of(
            "nodelay",
            f"every page of {apps:,} applications, IPPROTO_TCP",
            "s",
            stats([a_load]),
            baseline_name="proto=0",
            baseline=b_load,
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small tenants, one repeat")
    parser.add_argument("--only", default="sweep,overview,growth,nodelay")
    parser.add_argument("--no-sdk", action="store_true", help="skip auth0-python (slow)")
    args = parser.parse_args()
    global NO_SDK
    NO_SDK = args.no_sdk
    parts: dict[str, Callable[[bool], list[Row]]] = {
        "sweep": bench_sweep,
        "overview": bench_overview,
        "growth": bench_growth,
        "nodelay": bench_nodelay,
    }
    rows: list[Row] = []
    for name in args.only.split(","):
        if name in parts:
            rows += parts[name](args.quick)
    emit(rows)


if __name__ == "__main__":
    main()
