"""A profile's keys are written once (the Profile dataclass); the file reads and writes them all."""

from __future__ import annotations

import ast
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from credtui.config import PROFILE_KEYS, Config, Profile, parse_config, to_toml

SRC = Path(__file__).resolve().parents[2] / "src" / "credtui"

BY_KEY: dict[str, Profile] = {
    "client_id": Profile("p", "acme.eu.auth0.com", client_id="c", client_secret_env="S"),
    "client_secret": Profile("p", "acme.eu.auth0.com", client_id="c", client_secret="s"),
    "client_secret_env": Profile("p", "acme.eu.auth0.com", client_id="c", client_secret_env="S"),
    "client_secret_keyring": Profile(
        "p", "acme.eu.auth0.com", client_id="c", client_secret_keyring=True
    ),
    "client_secret_command": Profile(
        "p", "acme.eu.auth0.com", client_id="c", client_secret_command=("op", "read", "x")
    ),
    "private_key_file": Profile("p", "acme.eu.auth0.com", client_id="c", private_key_file="k"),
    "private_key_command": Profile(
        "p", "acme.eu.auth0.com", client_id="c", private_key_command=("op", "read", "k")
    ),
    "private_key_alg": Profile(
        "p", "acme.eu.auth0.com", client_id="c", private_key_file="k", private_key_alg="PS256"
    ),
    "private_key_kid": Profile(
        "p", "acme.eu.auth0.com", client_id="c", private_key_file="k", private_key_kid="kid-1"
    ),
    "token_env": Profile("p", "acme.eu.auth0.com", token_env="T"),
    "domain": Profile("p", "http://127.0.0.1:8765", token_env="T"),
}


def test_the_keys_are_the_profiles_fields() -> None:
    assert tuple(f.name for f in fields(Profile))[1:] == PROFILE_KEYS
    assert set(BY_KEY) == set(PROFILE_KEYS)


@pytest.mark.parametrize("key", PROFILE_KEYS)
def test_every_key_is_written_and_read_back(key: str) -> None:
    profile = BY_KEY[key]
    text = to_toml(Config(profiles={"p": profile}, default="p"))
    assert f"\n{key} = " in text
    assert parse_config(tomllib.loads(text)).profiles["p"] == profile


def test_no_module_but_the_schema_lists_the_profiles_keys() -> None:
    """A literal list of four keys or more is a second list that a new key would miss."""
    keys = set(PROFILE_KEYS)
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).as_posix() == "config/schema.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if len(values & keys) >= 4:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
