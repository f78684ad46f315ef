"""``credtui check`` over the demo tenant: what it finds, its exit status, its JSON."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from tests.cli.conftest import BASE_CMD, Cli, Tenant, drain_pty, table_rows

FINDING_KEYS = [
    "kind", "client_id", "application", "credential_id", "credential_name", "expires_at",
    "message", "severity", "profile",
]  # fmt: skip
REPORT_KEYS = [
    "checked_at", "within_days", "applications", "findings", "errors", "profiles", "ignored",
    "expiring_by_month",
]  # fmt: skip


def test_the_demo_tenant_has_problems_exit_1(cli: Cli, tenant: Tenant) -> None:
    done = cli("check", "--json")
    assert done.code == 1, done.err
    data = done.json()
    assert list(data) == REPORT_KEYS
    assert data["within_days"] == 30 and data["errors"] == []
    # Every application but the global client (no credentials; issue 20, finding 2).
    everyone = tenant.api("GET", "clients")
    assert data["applications"] == len([c for c in everyone if not c["global"]])
    found = {(f["kind"], f["application"], f["credential_name"]) for f in data["findings"]}
    assert ("expired", "Ledger Export", "ledger-2025") in found
    assert ("cannot_authenticate", "Ledger Export", None) in found
    assert ("expiring", "Payments API", "payments-2025-q4") in found
    assert ("unattached", "Billing Reconciler", "billing-next (staged)") in found
    assert ("expired", "Door Sensor Fleet", "sensors-2024") in found
    # Valid, attached, far from expiry: not reported.
    assert not any(f["credential_name"] == "payments-2026-q1" for f in data["findings"])
    assert all(list(f) == FINDING_KEYS for f in data["findings"])
    assert "problems in" in done.err


def test_applications_without_a_method_and_the_global_client(cli: Cli, tenant: Tenant) -> None:
    """Issue 20, findings 1 and 2 (facts 3.1 [REC]). Fraud Scoring Service was created
    without a method (neither key): it authenticates with its client secret, so its
    unattached keys are reported and nothing says it cannot authenticate. The global
    client (``TestAccGlobalClient.yaml``) holds no credentials: not checked, not read."""
    fraud = tenant.app_by_name("Fraud Scoring Service")["client_id"]
    (glob,) = tenant.api("GET", "clients?is_global=true")
    mark = tenant.log_mark()
    done = cli("check", "--json")
    kinds = {
        (f["kind"], f["credential_name"])
        for f in done.json()["findings"]
        if f["client_id"] == fraud
    }
    assert kinds == {
        ("unattached", "fraud-key-staged"),
        ("unattached", "fraud-key-old"),
        ("expired", "fraud-key-old"),
    }
    assert all(f["client_id"] != glob["client_id"] for f in done.json()["findings"])
    read = {e["path"] for e in tenant.requests_since(mark)}
    assert f"/api/v2/clients/{glob['client_id']}/credentials" not in read
    assert f"/api/v2/clients/{fraud}/credentials" in read
    one = cli("check", "--client", fraud)
    assert "not readable" not in one.out + one.err and "unknown" not in one.out


def test_human_table_window_and_clients(cli: Cli, tenant: Tenant) -> None:
    ledger = tenant.app_by_name("Ledger Export")["client_id"]
    done = cli("check", "--client", ledger)
    assert done.code == 1
    assert sorted(r[1] for r in table_rows(done.out)) == ["cannot_authenticate", "expired"]
    portal = tenant.app_by_name("Partner Portal")["client_id"]
    clean = cli("check", "--client", portal, "--json")
    assert clean.code == 0, clean.err
    assert clean.json()["findings"] == [] and clean.json()["applications"] == 1
    wide = cli("check", "--client", portal, "--within", "120d")  # its JAR key: 90 days
    assert wide.code == 1 and "partner-jar-signing" in wide.out
    bad = cli("check", "--within", "soon")
    assert bad.code == 2 and "--within" in bad.err


def test_a_management_app_without_the_scopes_exits_3(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    weak = tenant.control("POST", "management-apps", {"scopes": ["read:clients"]})
    config = tmp_path / "weak.toml"
    config.write_text(
        f'[profiles.weak]\ndomain = "{tenant.base_url}"\nclient_id = "{weak["client_id"]}"\n'
        f'client_secret_env = "WEAK_SECRET"\n'
    )
    done = Cli(config, tmp_path)("check", "--json", env={"WEAK_SECRET": weak["client_secret"]})
    assert done.code == 3, done.err
    assert done.out == ""  # listing the applications' auth fields needs read:client_keys
    assert "lacks the scope read:client_keys or read:client_credentials" in done.err
    assert weak["client_secret"] not in done.out + done.err


def test_progress_only_on_a_terminal(cli: Cli) -> None:
    master, slave = pty.openpty()
    proc = subprocess.run(
        [*BASE_CMD, "check", "--json"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=slave, env=cli.env, timeout=60,
    )  # fmt: skip
    os.close(slave)
    shown = drain_pty(master)
    assert proc.returncode == 1
    assert b"\rreading credentials" in shown and b"problems in" in shown
    piped = cli("check", "--json")
    assert "reading credentials" not in piped.err and "\r" not in piped.err
