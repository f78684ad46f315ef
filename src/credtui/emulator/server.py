"""Serving the emulator with uvicorn on 127.0.0.1: blocking (``credtui emulator``) or in a thread.

``run_emulator`` prints exactly one JSON line when ready, e.g.
``{"base_url": "http://127.0.0.1:8765", "client_id": "…", "client_secret": "…",
"control_token": "…"}`` (the management application, and the token the
``/__emulator`` controls need in ``X-Emulator-Token``), and returns 0 when
stopped by SIGINT or SIGTERM: a request held by an injected delay answers 503 at
once, anything else in flight gets :data:`GRACE_SECONDS`, then is cut off. ``start_in_thread`` serves the
same app from a background thread (``credtui demo``, loopback tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from types import TracebackType
from typing import IO

import uvicorn

from credtui.emulator.app import DroppedConnection, Emulator
from credtui.emulator.plans import parse_plan
from credtui.emulator.ratelimit import parse_rate_limit
from credtui.emulator.seed import apply_seed, parse_seed

HOST = "127.0.0.1"
GRACE_SECONDS = 2
"""How long stopping waits for requests in flight before it cancels them."""

__all__ = [
    "RunningEmulator",
    "build_emulator",
    "parse_rate_limit",
    "parse_seed",
    "run_emulator",
    "start_in_thread",
]


class _QuietDrops(logging.Filter):
    """Keep injected dropped connections out of uvicorn's error log."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection)


def _install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietDrops) for f in logger.filters):
        logger.addFilter(_QuietDrops())


class _Server(uvicorn.Server):
    """uvicorn without its signal capture (we handle signals and exit 0 ourselves), whose
    shutdown first ends the emulator's injected delays."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if isinstance(self.config.app, Emulator):
            self.config.app.stop_waiting()
        await super().shutdown(sockets)


def build_emulator(
    *,
    seed: str | int = "demo",
    rate_limit: str | None = "50/20",
    latency_ms: int = 0,
    plan: str = "enterprise",
    token_vault: bool = True,
) -> Emulator:
    """An emulator with its seed applied (arguments as on the command line)."""
    parsed_seed = parse_seed(seed) if isinstance(seed, str) else seed
    setting = parse_rate_limit(rate_limit) if rate_limit is not None else None
    if latency_ms < 0:
        raise ValueError(f"--latency must be 0 or more milliseconds, not {latency_ms}")
    emulator = Emulator(
        rate_limit=setting, latency_ms=latency_ms, plan=parse_plan(plan, token_vault=token_vault)
    )
    apply_seed(emulator, parsed_seed)
    return emulator


def _config(emulator: Emulator, port: int) -> uvicorn.Config:
    _install_log_filter()
    return uvicorn.Config(
        emulator,
        host=HOST,
        port=port,
        log_level="warning",
        lifespan="off",
        access_log=False,
        # Stopping ends the emulator's own delays at once (_Server.shutdown); this bounds
        # the wait for anything else in flight, such as a client still sending its body.
        timeout_graceful_shutdown=GRACE_SECONDS,
    )


def _bind(port: int) -> socket.socket:
    """Listen on 127.0.0.1:``port`` (0: a free port); raise OSError if taken.

    The protocol is named: asyncio sets TCP_NODELAY only on sockets whose ``proto``
    is IPPROTO_TCP, and without it every response after the first on a connection
    waits ~40 ms for Nagle's algorithm and delayed ACKs.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def run_emulator(
    *,
    port: int = 0,
    seed: str = "demo",
    rate_limit: str = "50/20",
    latency_ms: int = 0,
    plan: str = "enterprise",
    token_vault: bool = True,
    stdout: IO[str] | None = None,
) -> int:
    """Serve until SIGINT/SIGTERM; print the ready line; return the exit status."""
    out = stdout or sys.stdout
    try:
        emulator = build_emulator(
            seed=seed,
            rate_limit=rate_limit,
            latency_ms=latency_ms,
            plan=plan,
            token_vault=token_vault,
        )
    except ValueError as exc:
        print(f"credtui emulator: {exc}", file=sys.stderr)
        return 2
    try:
        sock = _bind(port)
    except OSError as exc:
        print(f"credtui emulator: cannot listen on {HOST}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    bound = int(sock.getsockname()[1])
    server = _Server(_config(emulator, bound))

    async def main() -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if task.done():
                await task
                return 1
            await asyncio.sleep(0.01)
        line = {
            "base_url": f"http://{HOST}:{bound}",
            "client_id": emulator.management.client_id,
            "client_secret": emulator.management.client_secret,
            "control_token": emulator.control_token,
        }
        out.write(json.dumps(line) + "\n")
        out.flush()
        await task
        return 0

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        return 0


class RunningEmulator:
    """An emulator served from a background thread; also a context manager."""

    def __init__(
        self, emulator: Emulator, server: uvicorn.Server, thread: threading.Thread, port: int
    ) -> None:
        self.emulator = emulator
        self._server = server
        self._thread = thread
        self.port = port
        self.base_url = f"http://{HOST}:{self.port}"
        self.client_id = emulator.management.client_id
        self.client_secret = emulator.management.client_secret
        self.control_token = emulator.control_token
        """Send as ``X-Emulator-Token`` to use the ``/__emulator`` controls."""

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout)

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_in_thread(
    *,
    seed: str | int = "demo",
    port: int = 0,
    rate_limit: str | None = "50/20",
    latency_ms: int = 0,
    emulator: Emulator | None = None,
    timeout: float = 15.0,
) -> RunningEmulator:
    """Serve on 127.0.0.1 from a daemon thread; return once it accepts connections.

    Raises :class:`OSError` if the port is taken, :class:`ValueError` for a bad
    ``seed``/``rate_limit``/``latency_ms``.

    Pass ``emulator`` to serve an existing one (``seed``/``rate_limit``/``latency_ms``
    are then ignored).
    """
    emu = emulator or build_emulator(seed=seed, rate_limit=rate_limit, latency_ms=latency_ms)
    sock = _bind(port)
    bound = int(sock.getsockname()[1])
    server = _Server(_config(emu, bound))
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=run, name="credtui-emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if failure or not thread.is_alive():
            raise RuntimeError(f"the emulator could not start on {HOST}:{port}") from (
                failure[0] if failure else None
            )
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the emulator did not start in time")
        time.sleep(0.01)
    return RunningEmulator(emu, server, thread, bound)
