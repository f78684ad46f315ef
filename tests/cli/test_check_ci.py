"""``credtui check`` for CI systems: formats, severity, ``--ignore``, errors entries, all profiles.

Against a real ``credtui emulator`` (the demo tenant); the command runs in this
process (``run_in_process``), so stdout (piped: not a terminal) and stderr are
read separately. ``--all-profiles`` adds a second tenant and an unreachable one.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from credtui.headless.check_report import escape_data, escape_property
from credtui.headless.parsers import FINDING_KINDS
from credtui.ops.findings import SEVERITY, FindingKind, Severity
from tests import keyfactory as kf
from tests.cli.conftest import (
    Cli,
    Result,
    Tenant,
    run_in_process,
    start_emulator,
    stop_emulator,
    table_rows,
)

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "junit.xsd"
HOSTILE = "Evil\n::error::pwned 100%, a:b\r\x1b[31m"
ANNOTATION = re.compile(r"::(error|warning) title=([^:,\r\n]*)::([^\r\n]*)")


Run = Callable[..., Result]


@pytest.fixture
def run(cli: Cli, capsys: pytest.CaptureFixture[str]) -> Run:
    """``credtui ARGS --config FILE`` in this process (the module tenant's config by default)."""

    def go(*args: str, config: Path | None = None) -> Result:
        return run_in_process([*args, "--config", str(config or cli.config)], capsys)

    return go


def unescape(text: str) -> str:
    """GitHub's runner's unescaping of workflow command data and properties."""
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, ch)
    return text


def test_workflow_command_escaping() -> None:
    assert escape_data("50%\r\n::error::x") == "50%25%0D%0A::error::x"
    assert escape_property("a:b, 50%\n") == "a%3Ab%2C 50%25%0A"
    assert unescape(escape_property("t: 1, 2%0A\n")) == "t: 1, 2%0A\n"


def test_severity_is_one_per_kind_and_the_parser_knows_every_kind() -> None:
    assert set(SEVERITY) == set(FindingKind)
    assert {k for k, s in SEVERITY.items() if s is Severity.ERROR} == {
        FindingKind.EXPIRED,
        FindingKind.UNREADABLE_EXPIRY,
        FindingKind.CANNOT_AUTHENTICATE,
    }
    assert set(k.value for k in FindingKind) == set(FINDING_KINDS)


def test_format_json_is_json_and_findings_carry_severity(run: Run, tenant: Tenant) -> None:
    flag, fmt = run("check", "--json"), run("check", "--format", "json")
    assert flag.code == fmt.code == 1
    a, b = flag.json(), fmt.json()
    a.pop("checked_at"), b.pop("checked_at")
    assert a == b
    assert {(f["kind"], f["severity"]) for f in a["findings"]} >= {
        ("expired", "error"),
        ("cannot_authenticate", "error"),
        ("expiring", "warning"),
        ("unattached", "warning"),
    }
    assert all(f["profile"] == "local" for f in a["findings"])
    assert a["profiles"] == [
        {
            "profile": "local",
            "domain": tenant.base_url,
            "applications": a["applications"],
            "findings": len(a["findings"]),
            "errors": 0,
        }
    ]
    months = a["expiring_by_month"]
    assert len(months) == 12 and all(re.fullmatch(r"\d{4}-\d\d", m["month"]) for m in months)
    assert sum(m["count"] for m in months) >= 3  # the demo's keys expiring in days and months


def test_json_and_another_format_is_refused_before_sending(run: Run, tenant: Tenant) -> None:
    mark = tenant.log_mark()
    done = run("check", "--json", "--format", "github")
    assert done.code == 2 and done.out == ""
    assert "--json is --format json" in done.err
    bad = run("check", "--ignore", "soon")
    assert bad.code == 2 and "invalid choice: 'soon'" in bad.err
    assert tenant.requests_since(mark) == []


def test_text_rows_severity_and_the_expiry_bar(run: Run) -> None:
    done = run("check")
    assert done.code == 1
    rows = table_rows(done.out)
    assert rows and all(len(r) == 6 for r in rows)
    assert {(r[0], r[1]) for r in rows} >= {("error", "expired"), ("warning", "unattached")}
    lines = done.err.splitlines()
    assert re.fullmatch(
        r"credtui: \d+ problems in \d+ applications: \d+ errors, \d+ warnings "
        r"\(expiry window 30d\)",
        lines[-2],
    )
    bar = re.fullmatch(
        r"credtui: expiring per month, \w{3} \d{4} to \w{3} \d{4}: (\S{12}) "
        r"\(((?:\d+ ){11}\d+); (\d+) in all\)",
        lines[-1],
    )
    assert bar, lines[-1]
    counts = [int(n) for n in bar.group(2).split()]
    assert sum(counts) == int(bar.group(3))
    assert [c == "·" for c in bar.group(1)] == [n == 0 for n in counts]
    assert "█" in bar.group(1)  # the busiest month is a full block
    assert "expiring per month" not in run("check", "--json").err  # the bar is text only


def test_ignore_leaves_kinds_out_of_the_report_and_the_status(run: Run, tenant: Tenant) -> None:
    done = run("check", "--json", "--ignore", "unattached", "--ignore", "expiring")
    assert done.code == 1
    data = done.json()
    assert data["ignored"] == ["expiring", "unattached"]
    assert {f["kind"] for f in data["findings"]} == {"expired", "cannot_authenticate"}
    assert "ignoring expiring, unattached" in done.err
    ledger = tenant.app_by_name("Ledger Export")["client_id"]
    quiet = run("check", "--client", ledger, "--ignore", "expired", "--ignore",
                "cannot_authenticate")  # fmt: skip
    assert quiet.code == 0 and quiet.out == ""
    assert "no problems in 1 application;" in quiet.err


def test_an_unknown_client_is_an_errors_entry_beside_the_findings(run: Run, tenant: Tenant) -> None:
    ledger = tenant.app_by_name("Ledger Export")["client_id"]
    portal = tenant.app_by_name("Partner Portal")["client_id"]
    mark = tenant.log_mark()
    done = run("check", "--json", "--client", "no-such-client", "--client", ledger)
    assert done.code == 1  # findings first: a partial read with findings is still a failure
    data = done.json()
    assert {f["kind"] for f in data["findings"]} == {"expired", "cannot_authenticate"}
    assert data["errors"] == [
        {
            "client_id": "no-such-client",
            "message": data["errors"][0]["message"],
            "profile": "local",
            "status": 3,
        }
    ]
    assert "does not exist" in data["errors"][0]["message"]
    assert "credtui: no-such-client: not checked: " in done.err
    sent = [(e["method"], e["path"], e["status"]) for e in tenant.requests_since(mark)]
    assert ("GET", "/api/v2/clients/no-such-client", 404) in sent
    assert ("GET", f"/api/v2/clients/{ledger}/credentials", 200) in sent
    # No findings, one client not checked: the tenant's refusal is the status (3).
    clean = run("check", "--json", "--client", portal, "--client", "no-such-client")
    assert clean.code == 3
    assert clean.json()["findings"] == [] and clean.json()["applications"] == 1


def test_credentials_the_tenant_refuses_are_an_errors_entry(run: Run, tenant: Tenant) -> None:
    portal = tenant.app_by_name("Partner Portal")["client_id"]
    tenant.control("POST", "faults", {"method": "GET", "path": f"/api/v2/clients/{portal}/credentials",
                                      "status": 403, "times": 1})  # fmt: skip
    done = run("check", "--format", "junit")
    assert done.code == 1
    root = ET.fromstring(done.out)
    errors = [c for c in root.iter("testcase") if c.find("error") is not None]
    assert [c.get("name") for c in errors] == [f"client {portal}"]
    assert root.get("errors") == "1"
    xmlschema.XMLSchema(SCHEMA).validate(done.out)


def _hostile_app(tenant: Tenant) -> str:
    cid = tenant.create_app(HOSTILE)
    tenant.api("POST", f"clients/{cid}/credentials", {
        "credential_type": "public_key", "name": "staged 50%: a,b",
        "pem": kf.spki_pem(kf.rsa_key(index=41))})  # fmt: skip
    return cid


def test_github_annotations_line_by_line(run: Run, tenant: Tenant) -> None:
    hostile = _hostile_app(tenant)
    data = run("check", "--json", "--client", "ghost").json() | run("check", "--json").json()
    done = run("check", "--format", "github")
    assert done.code == 1
    lines = done.out.split("\n")
    assert lines.pop() == ""  # every line ends with a newline
    expected = [
        (
            "error" if f["severity"] == "error" else "warning",
            f"credtui check: {f['kind']}",
            f"{f['application']} ({f['client_id']}): {f['message']}",
        )
        for f in data["findings"]
    ]
    seen = []
    for line in lines:
        m = ANNOTATION.fullmatch(line)
        assert m, repr(line)  # one command a line; the title holds no raw ':' or ','
        seen.append((m.group(1), unescape(m.group(2)), unescape(m.group(3))))
    assert seen == expected  # what the runner unescapes is the finding, word for word
    # The tenant's text reaches credtui with its line breaks already made harmless; what
    # is left of the hostile name is escaped and starts no command of its own.
    (evil,) = [line for line in lines if hostile in line]
    assert "Evil ::error::pwned 100%25, a:b" in evil
    assert evil.startswith("::warning title=credtui check%3A unattached::Evil ")
    assert "staged 50%25: a,b is attached to nothing" in evil


def test_github_unreadable_client_is_an_error_annotation(run: Run) -> None:
    (error,) = run("check", "--json", "--client", "ghost").json()["errors"]
    done = run("check", "--format", "github", "--client", "ghost")
    assert done.code == 3
    assert done.out == (
        "::error title=credtui check%3A not checked::client ghost could not be read: "
        f"{escape_data(error['message'])}\n"
    )
    assert "does not exist" in done.out


def test_junit_validates_and_has_one_testcase_per_application(run: Run, tenant: Tenant) -> None:
    data = run("check", "--json").json()
    done = run("check", "--format", "junit", "--client", "ghost")
    assert done.code == 3  # the demo's clients are not in this run: only ghost, unreadable
    xmlschema.XMLSchema(SCHEMA).validate(done.out)
    full = run("check", "--format", "junit")
    assert full.code == 1 and full.err.startswith("credtui: ")
    xmlschema.XMLSchema(SCHEMA).validate(full.out)
    root = ET.fromstring(full.out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "local"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"domain": tenant.base_url, "within_days": "30", "ignored": ""}
    cases = suite.findall("testcase")
    assert len(cases) == data["applications"] == int(suite.get("tests", ""))
    by_client: dict[str, list[dict[str, str]]] = {}
    for f in data["findings"]:
        by_client.setdefault(f["client_id"], []).append(f)
    failing = 0
    for case in cases:
        cid = re.fullmatch(r".* \((\w+)\)", case.get("name", ""), re.S)
        assert cid, case.get("name")
        failures = case.findall("failure")
        found = by_client.get(cid.group(1), [])
        assert len(failures) == (1 if found else 0)  # GitLab shows one failure a case
        if found:
            failing += 1
            worst = next((f for f in found if f["severity"] == "error"), found[0])
            assert failures[0].get("type") == worst["kind"]
            body = (failures[0].text or "").splitlines()
            assert len(body) == len(found)
            assert all(
                f"[{f['severity']}] {f['kind']}: " in b for f, b in zip(found, body, strict=True)
            )
    assert failing == int(suite.get("failures", "")) == int(root.get("failures", ""))
    assert suite.get("errors") == "0"


def _config(tmp_path: Path, profiles: dict[str, tuple[str, str, str]]) -> Path:
    path = tmp_path / "all.toml"
    path.write_text('default = "local"\n' + "".join(
        f'[profiles.{name}]\ndomain = "{d}"\nclient_id = "{c}"\nclient_secret = "{s}"\n'
        for name, (d, c, s) in profiles.items()
    ))  # fmt: skip
    path.chmod(0o600)
    return path


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def no_retry_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unreachable profile's retries without their real back-off sleeps."""
    import credtui.connect
    from credtui.api.client import ManagementClient

    made = credtui.connect.connect

    async def no_sleep(_: float) -> None:
        return None

    def connect(*a: Any, **kw: Any) -> ManagementClient:
        return made(*a, sleep=no_sleep, **kw)

    monkeypatch.setattr(credtui.connect, "connect", connect)


@pytest.mark.slow
@pytest.mark.usefixtures("no_retry_wait")
def test_all_profiles_one_report_each_tenant_at_its_own_pace(
    run: Run, tenant: Tenant, tmp_path: Path
) -> None:
    proc, ready = start_emulator("--seed", "empty", "--rate-limit", "off")
    other = Tenant(proc, ready)
    try:
        staged = other.create_app("Other Staged")
        other.api("POST", f"clients/{staged}/credentials", {
            "credential_type": "public_key", "name": "other-staged",
            "pem": kf.spki_pem(kf.rsa_key(index=42))})  # fmt: skip
        other.create_app("Other Clean")
        dead = f"http://127.0.0.1:{_closed_port()}"
        config = _config(tmp_path, {
            "other": (other.base_url, other.client_id, other.client_secret),
            "local": (tenant.base_url, tenant.client_id, tenant.client_secret),
            "gone": (dead, "x", "y"),
        })  # fmt: skip
        # The first profile's tenant is slow to list its applications.
        other.control("POST", "faults", {"method": "GET", "path": "/api/v2/clients",
                                         "delay_ms": 800})  # fmt: skip
        mark, other_mark = tenant.log_mark(), other.log_mark()
        done = run("check", "--all-profiles", "--json", config=config)
        assert done.code == 1, done.err
        data = done.json()
        assert [(p["profile"], p["domain"]) for p in data["profiles"]] == [
            ("other", other.base_url), ("local", tenant.base_url), ("gone", dead),
        ]  # fmt: skip
        assert data["applications"] == sum(p["applications"] for p in data["profiles"])
        mine = [f for f in data["findings"] if f["profile"] == "other"]
        assert [(f["kind"], f["application"]) for f in mine] == [("unattached", "Other Staged")]
        assert {f["profile"] for f in data["findings"]} == {"local", "other"}
        (gone,) = data["errors"]
        assert gone["profile"] == "gone" and gone["client_id"] is None and gone["status"] == 4
        assert "gone: applications not listed: " in done.err
        # Each tenant was read by its own client: one token each, every application's
        # credentials once; and at its own pace: the second profile's tenant was read
        # whole while the first one's listing was still on its way.
        logs = {"other": other.requests_since(other_mark), "local": tenant.requests_since(mark)}
        for p, log in zip(data["profiles"], logs.values(), strict=False):
            assert sum(e["path"] == "/oauth/token" for e in log) == 1
            read = [e["path"] for e in log if e["path"].endswith("/credentials")]
            assert len(read) == len(set(read)) == p["applications"]
        first_other_read = min(
            e["time"] for e in logs["other"] if e["path"].endswith("/credentials")
        )
        assert max(e["time"] for e in logs["local"]) < first_other_read
        # Nothing found anywhere, one tenant unreachable: exit 4, never 0.
        kinds = [a for k in FINDING_KINDS for a in ("--ignore", k)]
        quiet = run("check", "--all-profiles", "--format", "junit", *kinds, config=config)
        assert quiet.code == 4
        xmlschema.XMLSchema(SCHEMA).validate(quiet.out)
        suites = ET.fromstring(quiet.out).findall("testsuite")
        assert [s.get("name") for s in suites] == ["other", "local", "gone"]
        assert [c.get("name") for c in suites[2].iter("testcase")] == ["applications listing"]
        github = run("check", "--all-profiles", "--format", "github", config=config)
        assert "::warning title=credtui check%3A unattached::other: Other Staged (" in github.out
        assert (
            "::error title=credtui check%3A not checked::gone: the applications could not be read"
            in github.out
        )
    finally:
        other.close()
        stop_emulator(proc)


def test_all_profiles_refuses_client_and_profile(run: Run, tenant: Tenant) -> None:
    mark = tenant.log_mark()
    with_client = run("check", "--all-profiles", "--client", "x")
    assert with_client.code == 2 and "--client" in with_client.err and with_client.out == ""
    with_profile = run("--profile", "local", "check", "--all-profiles")
    assert with_profile.code == 2 and "--profile" in with_profile.err
    assert tenant.requests_since(mark) == []
