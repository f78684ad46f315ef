"""Tenant profiles: loading, checking, saving, and the messages for bad files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from credtui.config import (
    Config,
    ConfigError,
    Profile,
    TokenSourceKind,
    config_path,
    load_config,
    save_config,
)

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_example_config_loads_and_documents_every_source() -> None:
    loaded = load_config(ROOT / "config.example.toml")
    config = loaded.config
    assert config.default == "acme-prod"
    assert config.default_profile is not None
    assert config.default_profile.domain == "acme.eu.auth0.com"
    sources = {p.token_source for p in config.profiles.values()}
    assert sources == {
        TokenSourceKind.CLIENT_SECRET,
        TokenSourceKind.PRIVATE_KEY_JWT,
        TokenSourceKind.TOKEN,
    }
    assert config.profiles["local"].base_url == "http://127.0.0.1:8765"
    assert config.keys == {"delete-credential": "d,delete"}
    # Every profile field appears in the example, so it documents them all.
    text = (ROOT / "config.example.toml").read_text()
    for field_name in Profile.__dataclass_fields__:
        if field_name != "name":
            assert field_name in text, field_name


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "nope.toml")
    assert not loaded.exists
    assert loaded.config.profiles == {}
    assert loaded.config.default_profile is None
    with pytest.raises(ConfigError, match="no tenant profiles yet"):
        loaded.config.get(None)


def test_profile_round_trip_create_edit_switch_delete(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "config.toml"
    config = Config()
    prod = Profile(
        name="prod", domain="acme.eu.auth0.com", client_id="abc", client_secret_env="PROD_SECRET"
    )
    config = config.with_profile(prod)
    save_config(config, path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert load_config(path).config.default == "prod"

    staging = Profile(
        name="staging",
        domain="https://acme-staging.us.auth0.com/",
        client_id="def",
        private_key_file="keys/mgmt.pem",
        private_key_alg="PS256",
    )
    config = load_config(path).config.with_profile(staging)
    save_config(config, path)
    assert mode(path) == 0o600
    loaded = load_config(path).config
    assert list(loaded.profiles) == ["prod", "staging"]
    assert loaded.profiles["staging"].private_key_alg == "PS256"
    assert loaded.profiles["staging"].base_url == "https://acme-staging.us.auth0.com"
    assert loaded.profiles["staging"].private_key_path(path) == path.parent / "keys" / "mgmt.pem"

    # Edit: rename staging to stage and switch it to a ready token.
    edited = Profile(name="stage", domain="acme-staging.us.auth0.com", token_env="STAGE_TOKEN")
    config = loaded.with_profile(edited, replacing="staging")
    save_config(config, path)
    loaded = load_config(path).config
    assert list(loaded.profiles) == ["prod", "stage"]
    assert loaded.profiles["stage"].token_source is TokenSourceKind.TOKEN
    assert loaded.profiles["stage"].resolve_token({"STAGE_TOKEN": "tok"}) == "tok"

    # Switch default.
    save_config(loaded.with_default("stage"), path)
    assert mode(path) == 0o600
    assert load_config(path).config.default == "stage"

    # Delete the default: the next one becomes default.
    save_config(load_config(path).config.without_profile("stage"), path)
    assert mode(path) == 0o600
    final = load_config(path).config
    assert list(final.profiles) == ["prod"]
    assert final.default == "prod"
    # No temporary files are left behind; the lock file stays (deleting it would be racy).
    assert sorted(p.name for p in path.parent.iterdir()) == [".config.toml.lock", "config.toml"]


def test_save_leaves_an_existing_folder_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    path = folder / "config.toml"
    save_config(Config().with_profile(Profile(name="a", domain="a.auth0.com", token_env="T")), path)
    assert mode(folder) == 0o755  # maybe the home folder: never credtui's to change
    assert mode(path) == 0o600


def test_rename_onto_an_existing_name_is_refused() -> None:
    config = (
        Config()
        .with_profile(Profile(name="a", domain="a.auth0.com", token_env="T"))
        .with_profile(Profile(name="b", domain="b.auth0.com", token_env="T"))
    )
    with pytest.raises(ConfigError, match="'b' already exists"):
        config.with_profile(Profile(name="b", domain="c.auth0.com", token_env="T"), replacing="a")


def test_secret_in_a_world_readable_file_warns_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret = "s3cr3t-value"\n'
    )
    os.chmod(path, 0o644)
    loaded = load_config(path)
    assert len(loaded.warnings) == 1
    assert str(path) in loaded.warnings[0]
    assert f"chmod 600 {path}" in loaded.warnings[0]
    assert "s3cr3t-value" not in loaded.warnings[0]
    os.chmod(path, 0o600)
    assert load_config(path).warnings == ()


def test_env_secret_without_a_secret_in_file_does_not_warn(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n'
    )
    os.chmod(path, 0o644)
    assert load_config(path).warnings == ()


def test_secrets_resolve_from_file_or_environment() -> None:
    in_file = Profile(name="p", domain="a.auth0.com", client_id="x", client_secret="s")
    assert in_file.resolve_secret({}) == "s"
    from_env = Profile(name="p", domain="a.auth0.com", client_id="x", client_secret_env="MY_SECRET")
    assert from_env.resolve_secret({"MY_SECRET": "v"}) == "v"
    with pytest.raises(ConfigError, match="MY_SECRET is not set"):
        from_env.resolve_secret({})


def test_repr_never_shows_the_secret() -> None:
    profile = Profile(name="p", domain="a.auth0.com", client_id="x", client_secret="hunter2-secret")
    assert "hunter2-secret" not in repr(profile)
    assert "hunter2-secret" not in repr(Config(profiles={"p": profile}, default="p"))


def test_config_path_precedence(tmp_path: Path) -> None:
    assert (
        config_path(tmp_path / "a.toml", {"CREDTUI_CONFIG": "/elsewhere.toml"})
        == tmp_path / "a.toml"
    )
    assert config_path(None, {"CREDTUI_CONFIG": str(tmp_path / "b.toml")}) == tmp_path / "b.toml"
    default = config_path(None, {})
    assert default.name == "config.toml"
    assert default.parent.name == "credtui"


GOOD = 'domain = "acme.eu.auth0.com"\nclient_id = "abc"\nclient_secret_env = "S"\n'

BAD_CASES: list[tuple[str, str, str]] = [
    # (id, file text, what the message must contain)
    ("toml-unclosed-string", '[profiles.p]\ndomain = "acme\n', "line 2"),
    ("toml-missing-equals", "[profiles.p]\ndomain\n", "line 2"),
    (
        "toml-duplicate-key",
        '[profiles.p]\ndomain = "a.auth0.com"\ndomain = "b.auth0.com"\n',
        "line 3",
    ),
    ("toml-duplicate-table", f"[profiles.p]\n{GOOD}[profiles.p]\n{GOOD}", "line 5"),
    ("toml-bad-table-header", "[profiles.p\n", "line 1"),
    ("not-utf8", b'[profiles.p]\ndomain = "\xff"\n', "not UTF-8"),  # type: ignore[list-item]
    (
        "unknown-top-level",
        f'colour = "red"\n[profiles.p]\n{GOOD}',
        "key 'colour': unknown top-level key",
    ),
    (
        "unknown-profile-key",
        f'[profiles.p]\n{GOOD}audience = "x"\n',
        "profile 'p', key 'audience': unknown key",
    ),
    (
        "typo-client-secret",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_scret = "s"\n',
        "key 'client_scret'",
    ),
    (
        "profiles-not-table",
        'profiles = "p"\n',
        "key 'profiles': must be a table of profiles, not a string",
    ),
    ("profile-not-table", "profiles = { p = 3 }\n", "profile 'p': must be a table, not a number"),
    (
        "default-not-string",
        f"default = 1\n[profiles.p]\n{GOOD}",
        "key 'default': must be a string, not a number",
    ),
    (
        "theme-not-string",
        f"theme = true\n[profiles.p]\n{GOOD}",
        "key 'theme': must be a string, not a boolean",
    ),
    ("keys-not-table", f'keys = ["d"]\n[profiles.p]\n{GOOD}', "key 'keys': must be a table"),
    (
        "key-remap-empty",
        f'[keys]\ndelete-credential = ""\n[profiles.p]\n{GOOD}',
        "key 'keys.delete-credential': must be a key",
    ),
    (
        "domain-number",
        '[profiles.p]\ndomain = 42\nclient_id = "x"\nclient_secret_env = "S"\n',
        "key 'domain': must be a string, not a number",
    ),
    (
        "client-id-array",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = ["x"]\nclient_secret_env = "S"\n',
        "key 'client_id': must be a string, not an array",
    ),
    (
        "secret-boolean",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret = true\n',
        "key 'client_secret': must be a string, not a boolean",
    ),
    (
        "domain-missing",
        '[profiles.p]\nclient_id = "x"\nclient_secret_env = "S"\n',
        "key 'domain': is missing",
    ),
    (
        "domain-empty",
        '[profiles.p]\ndomain = ""\nclient_id = "x"\nclient_secret_env = "S"\n',
        "domain is empty",
    ),
    (
        "domain-path",
        '[profiles.p]\ndomain = "acme.auth0.com/api/v2"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "must not contain a path",
    ),
    (
        "domain-query",
        '[profiles.p]\ndomain = "acme.auth0.com?x=1"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "query",
    ),
    (
        "domain-fragment",
        '[profiles.p]\ndomain = "acme.auth0.com#x"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "fragment",
    ),
    (
        "domain-userinfo",
        '[profiles.p]\ndomain = "https://me:pw@acme.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "user information",
    ),
    (
        "domain-whitespace",
        '[profiles.p]\ndomain = "acme .auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "white space",
    ),
    (
        "domain-trailing-newline",
        '[profiles.p]\ndomain = "acme.auth0.com\\n"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "white space",
    ),
    (
        "domain-http-remote",
        '[profiles.p]\ndomain = "http://acme.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "http:// is allowed only for the local tenant",
    ),
    (
        "domain-http-private-ip",
        '[profiles.p]\ndomain = "http://10.0.0.5:8080"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "only for the local tenant",
    ),
    (
        "domain-ftp",
        '[profiles.p]\ndomain = "ftp://acme.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "scheme ftp:// is not supported",
    ),
    (
        "domain-single-label",
        '[profiles.p]\ndomain = "acme"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "not a full domain",
    ),
    (
        "domain-bad-chars",
        '[profiles.p]\ndomain = "ac_me.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "not a valid host name",
    ),
    (
        "domain-bad-port",
        '[profiles.p]\ndomain = "http://127.0.0.1:99999"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "port is not a number from 1 to 65535",
    ),
    (
        "domain-label-hyphen",
        '[profiles.p]\ndomain = "-acme.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\n',
        "not a valid host name",
    ),
    (
        "no-secret-source",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\n',
        "no way to get a token",
    ),
    (
        "two-sources-secret-and-env",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret = "s"\nclient_secret_env = "S"\n',
        "client_secret and client_secret_env are both set",
    ),
    (
        "two-sources-secret-and-key",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret = "s"\nprivate_key_file = "k.pem"\n',
        "client_secret and private_key_file are both set",
    ),
    (
        "two-sources-key-and-token",
        '[profiles.p]\ndomain = "a.auth0.com"\nprivate_key_file = "k.pem"\ntoken_env = "T"\n',
        "private_key_file and token_env are both set",
    ),
    (
        "client-id-missing",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_secret_env = "S"\n',
        "key 'client_id': is missing",
    ),
    (
        "client-id-with-token",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\ntoken_env = "T"\n',
        "not used with token_env",
    ),
    (
        "client-id-blank",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "  "\nclient_secret_env = "S"\n',
        "key 'client_id': is empty",
    ),
    (
        "secret-empty",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret = ""\n',
        "key 'client_secret': is empty",
    ),
    (
        "env-name-invalid",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret_env = "MY-SECRET"\n',
        "must be the name of an environment variable",
    ),
    (
        "token-env-invalid",
        '[profiles.p]\ndomain = "a.auth0.com"\ntoken_env = "$TOKEN"\n',
        "the value itself goes in that variable",
    ),
    (
        "alg-unknown",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nprivate_key_file = "k.pem"\nprivate_key_alg = "HS256"\n',
        "must be one of RS256, RS384, PS256",
    ),
    (
        "alg-without-key",
        '[profiles.p]\ndomain = "a.auth0.com"\nclient_id = "x"\nclient_secret_env = "S"\nprivate_key_alg = "PS256"\n',
        "only used with private_key_file",
    ),
    (
        "default-unknown",
        f'default = "prod"\n[profiles.p]\n{GOOD}',
        "names profile 'prod', which does not exist",
    ),
    (
        "default-missing-many",
        f"[profiles.a]\n{GOOD}[profiles.b]\n{GOOD}",
        "key 'default': is missing",
    ),
    ("default-with-no-profiles", 'default = "p"\n', "does not exist (profiles: none)"),
    ("profile-name-spaces", f'[profiles."my prod"]\n{GOOD}', "profile #1: use 1-64 letters"),
    ("profile-name-empty", f'[profiles.""]\n{GOOD}', "use 1-64 letters, digits"),
    # Once RecursionError: "Unexpected error" headless, a traceback in the TUI.
    ("nested-arrays", "x = " + "[" * 50_000, "nested hundreds of levels deep"),
    ("nested-inline-tables", "x = " + "{a=" * 2_000, "nested hundreds of levels deep"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
)
def test_bad_config_is_refused_specifically_and_left_untouched(
    tmp_path: Path, text: str | bytes, expected: str
) -> None:
    path = tmp_path / "config.toml"
    raw = text.encode() if isinstance(text, str) else text
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    before = path.stat()
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert expected in message
    assert message.startswith(str(path))
    # The file is never rewritten or lost because of a load error.
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_there_are_at_least_thirty_bad_cases_with_distinct_messages() -> None:
    assert len(BAD_CASES) >= 30
    assert len({c[0] for c in BAD_CASES}) == len(BAD_CASES)


def test_profile_errors_name_the_profile_and_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'default = "p"\n[profiles.p]\ndomain = "http://example.com"\nclient_id = "x"\nclient_secret_env = "S"\n'
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.profile == "p"
    assert info.value.key == "domain"
    assert "profile 'p', key 'domain'" in str(info.value)


def test_toml_errors_carry_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('default = "p"\n\n[profiles.p]\ndomain = = "x"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.line == 4
    assert "line 4" in str(info.value)


def test_invalid_profile_is_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    good = Config().with_profile(Profile(name="p", domain="a.auth0.com", token_env="T"))
    save_config(good, path)
    before = path.read_bytes()
    with pytest.raises(ConfigError, match="http:// is allowed only"):
        good.with_profile(Profile(name="q", domain="http://evil.example", token_env="T"))
    assert path.read_bytes() == before


def test_profile_problems_names_every_bad_key_at_once_in_field_order() -> None:
    from credtui.config import check_profile, profile_problems

    bad = Profile(name="my prod", domain="", private_key_alg="HS256", token_env="1-BAD")
    problems = profile_problems(bad)
    assert [p.key for p in problems] == ["name", "domain", "private_key_alg", "token_env"]
    assert problems[0].reason == (
        "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
    )
    assert all("1-BAD" not in str(p) for p in problems)
    with pytest.raises(ConfigError) as first:
        check_profile(bad)
    assert str(first.value) == str(problems[0])  # the CLI reports the first, worded the same
    # No source and no client ID: both are said, not one after the other.
    keys = [p.key for p in profile_problems(Profile(name="p", domain="a.auth0.com"))]
    assert keys == ["client_id", "client_secret"]
    assert profile_problems(Profile(name="p", domain="a.auth0.com", token_env="T")) == []
