"""Round 3 of tenant text on the command line: what a hostile tenant sends stays inert.

Each test runs the real ``credtui`` entry point in this process against
:class:`tests.fake_tenant.FakeTenant`, which serves what Auth0's rules never let
through (a lone surrogate, escape sequences in ``/oauth/token`` answers, an
``expires_at`` that is not a time). stdout and stderr are strict UTF-8 captures,
as a terminal is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jwt
import pytest

from credtui.headless.output import emit_json
from tests import keyfactory as kf
from tests.fake_tenant import FakeTenant, Ran, cli_on, credential, write_config

# What a terminal acts on, hides or cannot be sent: C0/C1 controls (ESC, CSI U+009B...),
# format characters (bidi, zero-width, tags, soft hyphen), line separators, surrogates.
ACTS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\U000e0000-\U000e007f]"
)
ESCAPES = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\x9b2J\x9d0;t\x9c\u202e\U000e0041"
"""OSC 52 (clipboard), OSC 0 (title), CSI 2J (clear) in 7-bit and C1 forms, bidi, a tag."""


def _pem_body(pem: str) -> str:
    return [line for line in pem.splitlines() if line and not line.startswith("-----")][1][:48]


@pytest.fixture
def tenant() -> FakeTenant:
    return FakeTenant()


@pytest.fixture
def run(
    tenant: FakeTenant,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., Ran]:
    return cli_on(tenant, write_config(tmp_path / "config.toml"), monkeypatch, capsys)


def _inert(done: Ran) -> None:
    assert "Traceback" not in done.err and "Unexpected error" not in done.err, done.err
    for stream in (done.out, done.err):
        found = ACTS.search(stream)
        assert found is None, f"{done.args}: {found.group()!r} in {stream[:300]!r}"


# --- finding 1: /oauth/token answers ---------------------------------------------------


def _key_files(tmp_path: Path) -> tuple[Path, Path]:
    key = kf.rsa_key(2048, 70)
    private = tmp_path / "svc.pem"
    private.write_text(kf.private_pem(key))
    private.chmod(0o600)
    cert = tmp_path / "svc.crt"
    cert.write_text(kf.cert_pem(kf.self_signed_cert(key)))
    return private, cert


def test_a_refused_token_request_prints_the_tenant_words_inert(
    run: Callable[..., Ran], tenant: FakeTenant, tmp_path: Path
) -> None:
    tenant.add("app1", "Payroll", [credential("cred_1", "payroll-key")])
    tenant.token_answer = (
        401,
        {"error": f"invalid_client{ESCAPES}", "error_description": f"Unauthorized{ESCAPES}"},
    )
    private, _ = _key_files(tmp_path)
    as_json = run("test", "app1", "--key", str(private), "--json")
    assert as_json.code == 3
    _inert(as_json)
    answer = as_json.json()
    assert answer["error"].startswith("invalid_client\ufffd]52;c;")
    assert answer["error_description"].startswith("Unauthorized\ufffd]52;c;")
    plain = run("test", "app1", "--key", str(private))
    assert plain.code == 3 and "invalid_client" in plain.out
    _inert(plain)


def test_an_issued_token_prints_its_type_scope_and_binding_inert(
    run: Callable[..., Ran], tenant: FakeTenant, tmp_path: Path
) -> None:
    tenant.add("app1", "Payroll", [credential("cred_1", "payroll-key")])
    token = jwt.encode({"cnf": {"x5t#S256": f"thumb{ESCAPES}"}}, "k" * 32, algorithm="HS256")
    tenant.token_answer = (
        200,
        {
            "access_token": token,
            "expires_in": 60,
            "token_type": f"Bearer{ESCAPES}",
            "scope": f"read:clients{ESCAPES}",
        },
    )
    private, cert = _key_files(tmp_path)
    for args in (
        ("test", "app1", "--key", str(private)),
        ("test", "app1", "--cert", str(cert), "--key", str(private)),
    ):
        for fmt in ((), ("--json",)):
            done = run(*args, *fmt)
            assert done.code == 0, done.err
            _inert(done)
            if fmt:
                answer = done.json()
                assert answer["token_type"].startswith("Bearer\ufffd]52")
                assert answer["scope"].startswith("read:clients\ufffd]52")
                if "--cert" in args:
                    assert answer["cnf_x5t_s256"].startswith("thumb\ufffd]52")
                    assert answer["cnf_matches"] is False


def test_json_output_escapes_c1_controls_format_characters_and_lone_surrogates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = {"name": "a\x9b2J\x9d0;t\x9c\u202e\u2028\U000e0041\ud800b\x1b[2J", "ok": "é😀"}
    emit_json(data)
    out = capsys.readouterr().out
    assert ACTS.search(out) is None, repr(out)
    assert json.loads(out) == data  # the same data, only written as escapes
    assert '"ok": "é😀"' in out  # readable text stays readable


# --- finding 4: a private key where a path belongs ---------------------------------------


def test_a_private_key_given_as_a_path_is_refused_and_never_repeated(
    run: Callable[..., Ran], tenant: FakeTenant, tmp_path: Path
) -> None:
    tenant.add("app1", "Payroll", [credential("cred_1", "payroll-key")])
    pem = kf.private_pem(kf.rsa_key(2048, 71))
    body = _pem_body(pem)
    one_line = "".join(pem.splitlines()[1:-1])  # the base64 alone, on one line
    config = tmp_path / "config.toml"
    before = config.read_text()
    runs = [
        run("test", "app1", "--key", pem),
        run("test", "app1", "--key", one_line),
        run("test", "app1", "--cert", pem, "--key", pem),
        run("creds", "add", "app1", "--type", "public_key", "--pem", pem),
        run("keygen", "--out", pem),
        run(
            "profile",
            "add",
            "leak",
            "--domain",
            "example.auth0.com",
            "--client-id",
            "x",
            "--private-key-file",
            pem,
        ),
        run("--config", pem, "apps", "list"),
    ]
    for done in runs:
        assert done.code == 2, (done.args[:3], done.err)
        assert body not in done.out + done.err and one_line[:40] not in done.err, done.args[:3]
        _inert(done)
    assert "not a file path" in runs[0].err and "too long to be a file path" in runs[1].err
    assert config.read_text() == before  # nothing stored
    assert not [r for r in tenant.requests if r.url.path != "/oauth/token"][2:]
    assert not [r for r in tenant.requests if r.method == "POST" and "credentials" in r.url.path]


# --- finding 5: a lone surrogate ------------------------------------------------------


def test_a_lone_surrogate_in_a_name_breaks_no_json(
    run: Callable[..., Ran], tenant: FakeTenant
) -> None:
    tenant.add("app1", "\ud800", [credential("cred_1", "key\udfff", kid="kid\ud800")])
    tenant.add("app2", "Ledger", [credential("cred_2", "ledger-key")])
    for args in (
        ("apps", "list"),
        ("apps", "show", "app1"),
        ("creds", "list", "app1"),
        ("auth", "show", "app1"),
        ("check",),
    ):
        for fmt in ((), ("--json",)):
            done = run(*args, *fmt)
            assert done.code in (0, 1), (args, done.err)  # check: 1 = problems found
            _inert(done)
            if fmt:
                done.json()
    names = [a["name"] for a in run("apps", "list", "--json").json()]
    assert names == ["\ufffd", "Ledger"]


# --- finding 11: an expiry that cannot be read; years before 1000 --------------------------


def test_an_unreadable_expiry_is_shown_and_reported_never_read_as_never(
    run: Callable[..., Ran], tenant: FakeTenant
) -> None:
    tenant.add(
        "app1",
        "Payroll",
        [
            credential("cred_1", "odd", expires_at="next tuesday\x1b[2J"),
            credential("cred_2", "ancient", expires_at="0001-01-01T00:00:00.000Z"),
            credential("cred_3", "forever", expires_at=None),
        ],
    )
    listed = {c["id"]: c for c in run("creds", "list", "app1", "--json").json()}
    assert listed["cred_1"]["expires_at"] is None
    assert listed["cred_1"]["expires_at_unreadable"] == "next tuesday\ufffd[2J"
    assert listed["cred_2"]["expires_at"] == "0001-01-01T00:00:00.000Z"
    assert (
        listed["cred_3"]["expires_at"] is None and listed["cred_3"]["expires_at_unreadable"] is None
    )
    table = run("creds", "list", "app1").out
    assert (
        "UNREADABLE ('next tuesday?[2J')" in table
        or "UNREADABLE ('next tuesday\ufffd[2J')" in table
    )
    assert "0001-01-01 (EXPIRED" in table
    check = run("check", "--json")
    assert check.code == 1
    kinds = {(f["kind"], f["credential_id"]) for f in check.json()["findings"]}
    assert ("unreadable_expiry", "cred_1") in kinds and ("expired", "cred_2") in kinds
    expired = next(f for f in check.json()["findings"] if f["credential_id"] == "cred_2")
    assert expired["expires_at"] == "0001-01-01T00:00:00.000Z"
    assert "unreadable_expiry" in run("check").out
