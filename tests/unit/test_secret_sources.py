"""The keyring and command sources of a profile's secret (``credtui.config.secret_sources``).

Commands are small Python scripts run with this interpreter; the keyring is the
in-memory backend of ``tests/keyring_support.py`` (no real keyring needed).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from tests import keyfactory
from tests.keyring_support import MemoryKeyring, memory_keyring, no_keyring

from credtui.api.tokens import ClientSecretSource, PrivateKeyJwtSource
from credtui.config import Profile
from credtui.config import secret_sources as ss
from credtui.connect import source_for_profile

__all__ = ["memory_keyring", "no_keyring"]  # fixtures

SECRET = "kR9-the-client-secret-that-must-never-show-0123456789abcdefABCDEF"


def script(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_the_first_line_of_stdout_is_the_secret() -> None:
    assert ss.command_secret(script(f"print({SECRET!r}); print('second line')")) == SECRET


def test_a_failing_command_shows_its_stderr_without_the_secret() -> None:
    # A helper that prints the secret on stdout AND repeats it on stderr, then fails.
    code = (
        f"import sys; print({SECRET!r}); "
        f"sys.stderr.write('vault: token {SECRET} expired, sign in again'); sys.exit(3)"
    )
    with pytest.raises(ss.SecretSourceError) as caught:
        ss.command_secret(script(code))
    text = caught.value.message
    assert "failed (exit status 3)" in text and "expired, sign in again" in text
    assert SECRET not in text and "***" in text
    assert caught.value.field == "client_secret_command"


def test_a_command_past_its_deadline_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(ss.SecretSourceError, match=r"did not finish within 0.3 s"):
        ss.run_command(script("import time; time.sleep(30)"), field="f", timeout=0.3)
    assert time.monotonic() - started < 5


def test_empty_output_is_refused() -> None:
    with pytest.raises(ss.SecretSourceError, match="printed nothing on its first line"):
        ss.command_secret(script("print()"))


def test_a_flood_of_output_is_cut_at_the_bound_and_the_command_stopped() -> None:
    started = time.monotonic()
    flood = "import sys\nwhile True: sys.stdout.write('x' * 65536)"
    with pytest.raises(ss.SecretSourceError, match="printed more than 64 KB") as caught:
        ss.command_secret(script(flood))
    assert caught.value.code == "too_large"
    assert time.monotonic() - started < 5


def test_a_missing_command_is_named() -> None:
    with pytest.raises(ss.SecretSourceError, match="cannot run no-such-helper-xyz: no such"):
        ss.command_secret(["no-such-helper-xyz", "read"])


def test_a_private_key_command_must_print_a_pem() -> None:
    with pytest.raises(ss.SecretSourceError, match="printed no PEM block"):
        ss.command_private_key(script("print('not a key')"))


async def test_a_private_key_from_a_command_signs_without_touching_disk(tmp_path: Path) -> None:
    key = keyfactory.rsa_key(2048, 41)
    pem_file = tmp_path / "key.pem"
    pem_file.write_text(keyfactory.private_pem(key))
    profile = Profile(
        "p",
        "acme.eu.auth0.com",
        client_id="abc",
        private_key_command=tuple(script(f"print(open({str(pem_file)!r}).read())")),
    )
    source = source_for_profile(profile)
    assert isinstance(source, PrivateKeyJwtSource)
    before = set(tmp_path.iterdir())
    assertion = source.assertion("https://acme.eu.auth0.com", time.time())
    assert assertion.count(".") == 2
    assert set(tmp_path.iterdir()) == before  # nothing written


async def test_the_secret_command_runs_when_a_token_is_needed_not_before(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').write('x'); print({SECRET!r})"
    profile = Profile("p", "acme.eu.auth0.com", client_id="abc",
                      client_secret_command=tuple(script(code)))  # fmt: skip
    source = source_for_profile(profile)
    assert isinstance(source, ClientSecretSource)
    assert not marker.exists()  # making the source asks for nothing
    secret = source._secret
    assert callable(secret) and secret() == SECRET and marker.exists()


def test_keyring_store_read_move_forget(memory_keyring: MemoryKeyring) -> None:
    ss.store_keyring_secret("prod", SECRET)
    assert memory_keyring.store == {("credtui", "prod"): SECRET}
    assert ss.keyring_secret("prod") == SECRET
    ss.move_keyring_secret("prod", "production")
    assert memory_keyring.store == {("credtui", "production"): SECRET}
    assert ss.forget_keyring_secret("production") is True
    assert ss.forget_keyring_secret("production") is False
    with pytest.raises(ss.SecretSourceError, match="holds no secret for this profile"):
        ss.keyring_secret("production")


def test_no_keyring_backend_is_said_in_words(no_keyring: None) -> None:
    problem = ss.keyring_problem()
    assert problem is not None and "no system keyring is available here" in problem
    assert "client_secret_env" in problem and "client_secret_command" in problem
    with pytest.raises(ss.SecretSourceError) as caught:
        ss.store_keyring_secret("prod", SECRET)
    assert caught.value.code == "no_keyring" and SECRET not in caught.value.message
