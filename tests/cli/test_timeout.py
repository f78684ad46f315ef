"""``--timeout SECONDS``: one budget for a whole command, retries and the token included.

Once, a tenant that stopped answering kept a command running for minutes: each
attempt had a deadline (30 s), but timeouts were retried three more times, and the
token request had its own four. Here the tenant holds a request for ten minutes and
the command is given a second: it ends in about that, exit 4, naming the budget.
"""

from __future__ import annotations

import time

import pytest

from tests.cli.conftest import Cli, Tenant

SEED = "empty"
HELD = 600_000
"""How long the tenant holds the request (ms): far past any budget."""


def hold(tenant: Tenant, method: str, path: str) -> None:
    tenant.control("POST", "faults", {"method": method, "path": path, "delay_ms": HELD})


@pytest.mark.parametrize(
    ("where", "method", "path"),
    [
        ("before", "GET", "/api/v2/clients"),
        ("after", "GET", "/api/v2/clients"),
        ("after", "POST", "/oauth/token"),
    ],
    ids=["before-the-command", "after-the-command", "token-request"],
)
def test_a_tenant_that_stops_answering_ends_the_command_at_its_budget(
    cli: Cli, tenant: Tenant, where: str, method: str, path: str
) -> None:
    hold(tenant, method, path)
    args = ["--timeout", "1", "apps", "list"] if where == "before" else ["apps", "list"]
    if where == "after":
        args += ["--timeout", "1"]
    started = time.monotonic()
    done = cli(*args, timeout=20)
    elapsed = time.monotonic() - started
    assert done.code == 4, done.err
    assert done.out == ""
    assert (
        f"stopped answering: {method} {path} did not finish within 1 s, retries included. "
        "Give it longer with --timeout SECONDS." in done.err
    )
    assert elapsed < 5  # 1 s budget; the rest is the process starting (a loaded machine)
    tenant.control("DELETE", "faults")


@pytest.mark.parametrize("value", ["0", "-5", "abc", "nan", "inf", "100000"])
def test_a_bad_timeout_is_refused_before_anything_is_sent(
    cli: Cli, tenant: Tenant, value: str
) -> None:
    mark = tenant.log_mark()
    done = cli("apps", "list", "--timeout", value)
    assert done.code == 2
    assert "--timeout: must be a number of seconds above 0" in done.err
    assert tenant.requests_since(mark) == []


def test_the_default_budget_is_the_api_layers() -> None:
    from credtui.api.budget import DEFAULT_BUDGET
    from credtui.headless.options import DEFAULT_TIMEOUT

    assert DEFAULT_TIMEOUT == DEFAULT_BUDGET == 60
