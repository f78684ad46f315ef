"""The hostile PEM corpus through ``credtui creds add``: exit 2, the specific words, nothing sent.

The corpus is the one ``tests/unit/test_pem_refusals.py`` checks against
``credtui.keys``. Every case runs in-process through ``credtui.cli.main`` (a
subprocess each would cost a minute); a few run through the real entry point.
After each, the emulator's request log must hold no request at all: not even a
token request, since the PEM is refused before a profile is used.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credtui.cli import main
from tests.cli.conftest import Cli, Tenant
from tests.unit.test_pem_refusals import CASES, Case, _material

SEED = "empty"  # every test here makes its own applications

USABLE = [c for c in CASES if c.max_bytes is None and c.credential_type != "client_secret"]
PHRASE = {"empty-bytes": "The PEM is empty"}
"""An empty file is empty text: the CLI cannot tell empty bytes from an empty string."""
SUBPROCESS = {"pkcs8-rsa", "binary-junk", "ec-p256-for-public-key", "openssh-ed25519"}


def _file(tmp_path: Path, case: Case) -> Path:
    data = case.make()
    path = tmp_path / "input.pem"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _check(case: Case, code: int, out: str, err: str, data: bytes) -> None:
    assert code == 2, err
    assert out == ""
    assert err.startswith("credtui: Not sent: pem — ") or "Not sent: pem" in err, err
    assert PHRASE.get(case.id, case.phrase).lower() in err.lower(), err
    for run in _material(data):
        assert run not in err


def test_the_corpus_is_all_there() -> None:
    assert len(USABLE) >= 60


@pytest.fixture(scope="module")
def app(tenant: Tenant) -> str:
    return tenant.create_app("corpus target")


@pytest.mark.parametrize("case", USABLE, ids=[c.id for c in USABLE])
def test_refused_in_process(
    case: Case,
    app: str,
    cli: Cli,
    tenant: Tenant,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _file(tmp_path, case)
    ctype = case.credential_type or "public_key"
    mark = tenant.log_mark()
    code = main(["creds", "add", app, "--type", ctype, "--pem", str(path),
                 "--config", str(cli.config), "--expires", "+30d" if ctype == "public_key" else "never"])  # fmt: skip
    captured = capsys.readouterr()
    _check(case, code, captured.out, captured.err, path.read_bytes())
    assert tenant.requests_since(mark) == []


@pytest.mark.parametrize("case_id", sorted(SUBPROCESS))
def test_refused_through_the_real_entry_point(
    case_id: str, app: str, cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    case = next(c for c in USABLE if c.id == case_id)
    data = _file(tmp_path, case).read_bytes()
    mark = tenant.log_mark()
    done = cli("creds", "add", app, "--type", case.credential_type or "public_key",
               "--pem", "-", "--expires", "+30d", stdin=data)  # fmt: skip
    _check(case, done.code, done.out, done.err, data)
    assert tenant.requests_since(mark) == []
