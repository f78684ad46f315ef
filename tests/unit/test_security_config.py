"""The config file under attack or accident (issue 8, findings 1, 2, 9, 10, 11).

Secrets are never echoed by an error; a bad port is a clear message and exit 2;
concurrent saves keep every profile; only a folder credtui created is tightened;
loose permissions and odd files are reported instead of trusted or hung on.
"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from credtui.config import (
    AddProfile,
    Config,
    ConfigError,
    EditProfile,
    Profile,
    RemoveProfile,
    SetDefault,
    load_config,
    save_config,
    update_config,
)
from credtui.domains import DomainError, parse_domain

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """``python -m credtui ARGS`` with memory capped, so a runaway read fails fast."""

    def limit() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDTUI_")}
    return subprocess.run(
        [sys.executable, "-m", "credtui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        preexec_fn=limit,
    )


# --- finding 1: ports are ASCII digits, and a bad one is a message, not a crash


@pytest.mark.parametrize("port", ["1²", "٣٠٠٠", "８０", "+80", " 80", "80 ", "0x50", "", "-1"])
def test_a_port_that_is_not_ascii_digits_is_a_domain_error(port: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_domain(f"http://127.0.0.1:{port}")
    assert "port" in str(caught.value) or "white space" in str(caught.value)


def test_a_bad_port_in_the_config_file_exits_2_with_a_sentence_and_no_traceback(
    tmp_path: Path,
) -> None:
    secret = secrets.token_urlsafe(48)
    path = tmp_path / "config.toml"
    path.write_text(
        "[profiles.local]\n"
        'domain = "http://127.0.0.1:1²"\n'
        'client_id = "abc"\n'
        f'client_secret = "{secret}"\n',
        encoding="utf-8",
    )
    os.chmod(path, 0o600)
    done = run_cli("--config", str(path))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert secret not in done.stderr + done.stdout
    assert f"{path}, profile 'local', key 'domain'" in done.stderr
    assert "port" in done.stderr and "1 to 65535" in done.stderr


# --- finding 2: no error echoes a value that may be a secret

SECRET = "Zq8" + secrets.token_urlsafe(45).replace("-", "x").replace("_", "y")  # 64 chars
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0." + secrets.token_urlsafe(40)
BASE = 'domain = "acme.eu.auth0.com"\nclient_id = "abc"\n'

SECRET_PLACEMENTS: list[tuple[str, str, str, str]] = [
    # (id, file text, secret, a phrase the message must still contain)
    (
        "client-secret-env-holds-a-token",
        f'[profiles.p]\n{BASE}client_secret_env = "{JWT}"\n',
        JWT,
        "key 'client_secret_env'",
    ),
    (
        "client-secret-env-holds-a-secret-with-dashes",
        f'[profiles.p]\n{BASE}client_secret_env = "{SECRET[:20]}-{SECRET[20:]}"\n',
        SECRET[20:],
        "environment variable",
    ),
    (
        "token-env-holds-a-token",
        f'[profiles.p]\ndomain = "acme.eu.auth0.com"\ntoken_env = "{JWT}"\n',
        JWT,
        "key 'token_env'",
    ),
    (
        "domain-holds-the-secret",
        f'[profiles.p]\ndomain = "{SECRET}"\nclient_id = "abc"\nclient_secret_env = "S"\n',
        SECRET,
        "key 'domain'",
    ),
    (
        "domain-holds-the-secret-with-underscore",
        f'[profiles.p]\ndomain = "a.{SECRET}_x.com"\nclient_id = "abc"\nclient_secret_env = "S"\n',
        SECRET,
        "key 'domain'",
    ),
    (
        "domain-holds-the-secret-as-http-host",
        f'[profiles.p]\ndomain = "http://{SECRET.lower()}.com"\nclient_id = "a"\ntoken_env = "T"\n',
        SECRET.lower(),
        "only for the local tenant",
    ),
    (
        "domain-holds-the-secret-as-port",
        f'[profiles.p]\ndomain = "http://127.0.0.1:{SECRET}"\ntoken_env = "T"\n',
        SECRET,
        "port",
    ),
    (
        "private-key-alg-holds-the-secret",
        f'[profiles.p]\n{BASE}private_key_file = "k.pem"\nprivate_key_alg = "{SECRET}"\n',
        SECRET,
        "key 'private_key_alg'",
    ),
    (
        "profile-name-is-the-secret",
        f'[profiles.{SECRET}]\nclient_id = "abc"\nclient_secret_env = "S"\n',
        SECRET,
        "profile #1, key 'domain'",
    ),
    (
        "profile-name-is-a-token",
        f'[profiles."{JWT}"]\n{BASE}client_secret_env = "S"\n',
        JWT,
        "profile #1",
    ),
    (
        "second-profile-name-is-the-secret",
        f'[profiles.ok]\n{BASE}client_secret_env = "S"\n[profiles.{SECRET}]\n{BASE}',
        SECRET,
        "profile #2",
    ),
    (
        "default-is-the-secret",
        f'default = "{SECRET}"\n[profiles.p]\n{BASE}client_secret_env = "S"\n',
        SECRET,
        "key 'default'",
    ),
    (
        "unknown-key-is-the-secret",
        f'[profiles.p]\n{BASE}client_secret_env = "S"\n{SECRET} = "x"\n',
        SECRET,
        "unknown key",
    ),
    (
        "table-declared-twice-with-the-secret",
        f"[profiles.{SECRET}]\n{BASE}[profiles.{SECRET}]\n{BASE}",
        SECRET,
        "line 4",
    ),
]


@pytest.mark.parametrize(
    ("text", "secret", "phrase"),
    [c[1:] for c in SECRET_PLACEMENTS],
    ids=[c[0] for c in SECRET_PLACEMENTS],
)
def test_config_errors_never_echo_a_value(
    tmp_path: Path, text: str, secret: str, phrase: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o600)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    shown = " ".join([str(error), repr(error), *map(str, error.args), str(error.profile)])
    assert secret not in shown
    assert secret[:16] not in shown  # not even a recognisable part of it
    assert str(error).startswith(str(path))
    assert phrase in str(error)


def test_a_secret_that_is_a_valid_variable_name_is_not_echoed_when_the_variable_is_unset() -> None:
    profile = Profile(name="p", domain="a.auth0.com", client_id="x", client_secret_env=SECRET)
    with pytest.raises(ConfigError) as caught:
        profile.resolve_secret({})
    assert SECRET[:16] not in str(caught.value)
    assert "the environment variable named by client_secret_env is not set" in str(caught.value)
    short = Profile(name="p", domain="a.auth0.com", client_id="x", client_secret_env="MY_SECRET")
    with pytest.raises(ConfigError, match="environment variable MY_SECRET is not set"):
        short.resolve_secret({})


def test_an_unknown_profile_asked_for_by_name_is_not_echoed_when_it_may_be_a_secret() -> None:
    config = Config().with_profile(Profile(name="prod", domain="a.auth0.com", token_env="T"))
    with pytest.raises(ConfigError) as caught:
        config.get(SECRET)
    assert SECRET[:16] not in str(caught.value)
    assert "(profiles: prod)" in str(caught.value)
    with pytest.raises(ConfigError, match="no profile named 'staging'"):
        config.get("staging")


# --- finding 9: concurrent saves keep every profile

ADD_ONE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from credtui.config import AddProfile, Profile, update_config
    path, index, go = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    update_config(path, AddProfile(Profile(
        name=f"p{index:02d}", domain="acme.eu.auth0.com", token_env="T")))
    """
)


@pytest.mark.slow
def test_twenty_processes_each_adding_a_profile_keep_all_twenty(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    path = folder / "config.toml"
    save_config(
        Config().with_profile(Profile(name="first", domain="a.auth0.com", token_env="T")), path
    )
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_ONE, str(path), str(i), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(20)
    ]
    for proc in procs:  # every process has imported credtui: now they all save at once
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, errors
    config = load_config(path).config
    assert sorted(config.profiles) == ["first", *(f"p{i:02d}" for i in range(20))]
    assert config.default == "first"
    assert mode(path) == 0o600
    leftovers = sorted(p.name for p in folder.iterdir() if p.name != "config.toml")
    assert leftovers == [".config.toml.lock"]


def test_each_change_applies_to_what_is_on_disk_not_to_a_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    a = Profile(name="a", domain="a.auth0.com", token_env="T")
    snapshot = update_config(path, AddProfile(a))
    # Another process adds b meanwhile; every change here must keep it.
    update_config(path, AddProfile(Profile(name="b", domain="b.auth0.com", token_env="T")))
    assert list(snapshot.profiles) == ["a"]
    edited = update_config(
        path, EditProfile("a", Profile(name="a2", domain="a.auth0.com", token_env="U"))
    )
    assert list(edited.profiles) == ["a2", "b"]
    assert update_config(path, SetDefault("b")).default == "b"
    assert list(update_config(path, RemoveProfile("a2")).profiles) == ["b"]
    assert list(load_config(path).config.profiles) == ["b"]


def test_a_change_that_no_longer_fits_the_file_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    update_config(path, AddProfile(Profile(name="a", domain="a.auth0.com", token_env="T")))
    before = path.read_bytes()
    with pytest.raises(ConfigError, match="already exists"):
        update_config(path, AddProfile(Profile(name="a", domain="evil.auth0.com", token_env="T")))
    with pytest.raises(ConfigError, match="no profile named 'gone'"):
        update_config(
            path, EditProfile("gone", Profile(name="x", domain="x.auth0.com", token_env="T"))
        )
    with pytest.raises(ConfigError, match="no profile named 'gone'"):
        update_config(path, RemoveProfile("gone"))
    assert path.read_bytes() == before


# --- finding 10: only a folder credtui created is made 0700


@pytest.mark.parametrize("folder_mode", [0o755, 0o1777], ids=["0755", "sticky-1777"])
def test_saving_into_an_existing_folder_never_changes_its_mode(
    tmp_path: Path, folder_mode: int
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, folder_mode)
    path = folder / "credtui.toml"
    update_config(path, AddProfile(Profile(name="a", domain="a.auth0.com", token_env="T")))
    assert mode(folder) == folder_mode
    assert mode(path) == 0o600
    assert list(load_config(path).config.profiles) == ["a"]


def test_a_folder_credtui_creates_is_0700(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    update_config(path, AddProfile(Profile(name="a", domain="a.auth0.com", token_env="T")))
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600


# --- finding 11: loose permissions warn; odd files are refused


def write(path: Path, text: str, file_mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, file_mode)
    return path


ENV_PROFILE = f'[profiles.p]\n{BASE}client_secret_env = "S"\n'


def test_a_config_others_can_write_warns(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", ENV_PROFILE, 0o622)
    warnings = load_config(path).warnings
    assert len(warnings) == 1
    assert "can be changed by other users" in warnings[0]
    assert f"chmod 600 {path}" in warnings[0]


def test_a_folder_others_can_write_warns_unless_sticky(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    path = write(folder / "config.toml", ENV_PROFILE)
    os.chmod(folder, 0o777)
    warnings = load_config(path).warnings
    assert len(warnings) == 1
    assert f"folder {folder} can be changed by other users" in warnings[0]
    os.chmod(folder, 0o1777)  # sticky: others cannot replace our file
    assert load_config(path).warnings == ()


def test_a_config_owned_by_another_user_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "config.toml", ENV_PROFILE)
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 4242)
    if owner == 0:  # root's files are trusted, so give the file to someone else
        os.chown(path, 4242, 4242)
        monkeypatch.setattr(os, "getuid", lambda: 0)
    warnings = load_config(path).warnings
    assert len(warnings) == 1
    assert "is owned by another user" in warnings[0]


def test_a_private_key_file_others_can_read_warns(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "mgmt.pem"
    key.parent.mkdir()
    key.write_text("not read at load time")
    os.chmod(key, 0o644)
    path = write(
        tmp_path / "config.toml",
        f'[profiles.p]\n{BASE}private_key_file = "keys/mgmt.pem"\n',
    )
    warnings = load_config(path).warnings
    assert len(warnings) == 1
    assert "profile 'p'" in warnings[0] and str(key) in warnings[0]
    assert f"chmod 600 {key}" in warnings[0]
    os.chmod(key, 0o600)
    assert load_config(path).warnings == ()


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    done = run_cli("--config", str(fifo), timeout=20)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{fifo}: is not a regular file" in done.stderr


def test_dev_zero_is_refused_without_reading_it() -> None:
    done = run_cli("--config", os.devnull.replace("null", "zero"), timeout=20)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert "is not a regular file" in done.stderr


def test_a_huge_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", ENV_PROFILE + "#" * (2 << 20) + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "over the 1 MiB limit" in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_folder_as_config_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_config(tmp_path)
