"""Tables on a terminal and in a pipe, and ``apps list`` printing page by page.

Against a real ``credtui emulator`` (the demo tenant plus 250 generated
applications and one with a very long name). The terminal runs are real
processes whose stdout is a pty of a set size; the streaming runs are in this
process, watching what was printed each time the command asks for another page.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import termios
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from credtui.api.client import ManagementClient
from credtui.headless.table import cell_width
from tests.cli.conftest import BASE_CMD, Cli, Tenant, drain_pty, run_in_process

LONG = "Quarterly Settlement Reconciliation Service for the European Payments Platform"


@pytest.fixture(scope="module", autouse=True)
def big_tenant(tenant: Tenant) -> str:
    tenant.control("POST", "seed", {"count": 250})
    return tenant.create_app(LONG)


def on_terminal(cli: Cli, *args: str, columns: int) -> tuple[list[str], str, int]:
    """``credtui ARGS`` with stdout on a pty of ``columns`` x 24: its lines, stderr, status."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(
        [*BASE_CMD, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE,
        env=cli.env,
    )  # fmt: skip
    os.close(slave)  # the child holds it; reading ends when the child closes it
    shown = drain_pty(master).decode()
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.wait(60)
    return shown.replace("\r\n", "\n").splitlines(), err, proc.returncode


def test_apps_list_fits_80_columns_and_keeps_client_ids_whole(cli: Cli, tenant: Tenant) -> None:
    lines, err, code = on_terminal(cli, "apps", "list", columns=80)
    assert code == 0, err
    assert max(cell_width(line) for line in lines) <= 80
    assert lines[0].split() == ["CLIENT", "ID", "NAME", "METHOD"]  # type, jar, binding left out
    assert sum(1 for line in lines if line.startswith("CLIENT ID")) == 1
    listed = json.loads(cli("apps", "list", "--json").out)
    assert [line.split()[0] for line in lines[1:]] == [a["client_id"] for a in listed]
    long = next(line for line in lines if LONG[:20] in line)
    assert "…" in long and LONG not in long


def test_apps_list_at_200_columns_shows_everything(cli: Cli) -> None:
    lines, _, code = on_terminal(cli, "apps", "list", columns=200)
    assert code == 0
    assert lines[0].split() == ["CLIENT", "ID", "NAME", "TYPE", "METHOD", "JAR", "BINDING"]
    assert max(map(cell_width, lines)) <= 200
    # Rows are printed as pages arrive, so the widths come from the first page, with 40
    # cells kept for names: a longer name on a later page is cut there.
    long = next(line for line in lines if LONG[:20] in line)
    assert long.split("  ")[1] == LONG[:39] + "…"


def test_creds_list_and_check_fit_80_columns(cli: Cli, tenant: Tenant) -> None:
    fraud = tenant.app_by_name("Fraud Scoring Service")["client_id"]
    lines, _, code = on_terminal(cli, "creds", "list", fraud, columns=80)
    assert code == 0 and max(map(cell_width, lines)) <= 80
    ids = {c["id"] for c in tenant.credentials(fraud)}
    assert {line.split()[0] for line in lines[1:]} == ids  # credential ids whole
    checked, err, code = on_terminal(cli, "check", "--client", fraud, columns=80)
    assert code == 1 and max(map(cell_width, checked)) <= 80
    assert checked[0].split() == ["KIND", "APPLICATION", "PROBLEM"]
    assert "problems in 1 application" in err


def test_piped_tables_are_tab_separated_and_untruncated(cli: Cli, big_tenant: str) -> None:
    done = cli("apps", "list", env={"COLUMNS": "40"})
    assert done.code == 0
    rows = [line.split("\t") for line in done.out.splitlines()]
    assert all(len(r) == 6 for r in rows) and "CLIENT ID" not in done.out
    assert [big_tenant, LONG, "non_interactive", "client_secret_post", "", ""] in rows
    assert "…" not in done.out


# --- apps list streams ------------------------------------------------------------------


@pytest.fixture
def pages_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Callable[[int], None]]]:
    """Calls each listener with n when ``apps list`` asks for the page after the n-th."""
    listeners: list[Callable[[int], None]] = []
    original = ManagementClient.iter_application_pages

    async def watched(self: ManagementClient, **kw: Any) -> Any:
        n = 0
        async for page in original(self, **kw):
            yield page
            n += 1
            for listen in listeners:
                listen(n)

    monkeypatch.setattr(ManagementClient, "iter_application_pages", watched)
    yield listeners


def test_rows_are_printed_page_by_page(
    cli: Cli, capsys: pytest.CaptureFixture[str], pages_asked: list[Callable[[int], None]]
) -> None:
    printed: list[str] = []
    pages_asked.append(lambda n: printed.append(capsys.readouterr().out))
    done = run_in_process(["apps", "list", "--config", str(cli.config)], capsys)
    assert done.code == 0
    # Asking for the second page, the first page's 100 rows were already out; and so on.
    assert [p.count("\n") for p in printed[:2]] == [100, 100]
    whole = "".join(printed) + done.out
    assert whole.count("\n") == len(json.loads(cli("apps", "list", "--json").out))


def test_json_streams_the_same_text_as_one_array(
    cli: Cli, capsys: pytest.CaptureFixture[str], pages_asked: list[Callable[[int], None]]
) -> None:
    printed: list[str] = []
    pages_asked.append(lambda n: printed.append(capsys.readouterr().out))
    done = run_in_process(["apps", "list", "--json", "--config", str(cli.config)], capsys)
    assert done.code == 0
    whole = "".join(printed) + done.out
    apps = json.loads(whole)
    assert whole == json.dumps(apps, indent=2, ensure_ascii=False) + "\n"  # as before
    assert printed[0].startswith("[\n  {") and printed[0].count('"client_id"') == 100
    empty = run_in_process(["apps", "list", "--json", "--filter", "no such app anywhere",
                            "--config", str(cli.config)], capsys)  # fmt: skip
    assert empty.code == 0 and empty.out == "[]\n"


def test_a_listing_that_fails_part_way_keeps_what_was_printed(
    cli: Cli,
    tenant: Tenant,
    capsys: pytest.CaptureFixture[str],
    pages_asked: list[Callable[[int], None]],
) -> None:
    printed: list[str] = []

    def break_the_third_page(n: int) -> None:
        printed.append(capsys.readouterr().out)
        if n == 1:  # the second page is already asked for; the third is not
            tenant.control("POST", "faults", {"method": "GET", "path": "/api/v2/clients",
                                              "status": 403, "times": 1})  # fmt: skip

    pages_asked.append(break_the_third_page)
    mark = tenant.log_mark()
    done = run_in_process(["apps", "list", "--json", "--config", str(cli.config)], capsys)
    assert done.code == 3 and done.err.startswith("credtui: ")
    out = "".join(printed) + done.out
    assert out.count('"client_id"') == 200  # two pages printed before the refusal
    assert not out.rstrip().endswith("]")
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)  # never taken for the whole list
    lists = [e for e in tenant.requests_since(mark) if e["path"] == "/api/v2/clients"]
    assert [e["status"] for e in lists] == [200, 200, 403]
