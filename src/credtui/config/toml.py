"""Reading and writing the config's TOML document: checks every key, names every problem.

:func:`parse_config` turns a decoded document into a :class:`~credtui.config.schema.Config`
(or a :class:`~credtui.config.schema.ConfigError` that names the key and never its
value); :func:`to_toml` writes one back. Import these from :mod:`credtui.config`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli_w

from credtui.bindings import BINDING_IDS
from credtui.config.schema import (
    COMMAND_KEYS,
    FLAG_KEYS,
    PROFILE_KEYS,
    PROFILE_NAME,
    PROFILE_NAME_RULE,
    Config,
    ConfigError,
    Profile,
    TokenSourceKind,
    check_profile,
    profile_names,
    shown_name,
)

_TOP_KEYS = {"default", "theme", "profiles", "keys"}
_MAX_ARGS = 64


def parse_config(data: Mapping[str, Any], path: Path | None = None) -> Config:
    """Check a decoded TOML document and build a :class:`Config`."""
    _no_unknown(data, _TOP_KEYS, path, None, None, "top-level key")
    default = data.get("default")
    if default is not None and not isinstance(default, str):
        raise ConfigError(path, f"must be a string, not {_type_name(default)}", key="default")
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(path, f"must be a string, not {_type_name(theme)}", key="theme")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(
            path, f"must be a table of binding ids, not {_type_name(keys)}", key="keys"
        )
    for binding_id, key in keys.items():
        if binding_id not in BINDING_IDS:
            # Textual ignores an id no binding has: the remap would silently do nothing.
            raise ConfigError(
                path,
                f"is not a binding id; the ids are: {', '.join(sorted(BINDING_IDS))} "
                "(? in the TUI shows each screen's)",
                key=f"keys.{binding_id}",
            )
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(path, 'must be a key such as "ctrl+d"', key=f"keys.{binding_id}")
    raw_profiles = data.get("profiles", {})
    if not isinstance(raw_profiles, dict):
        raise ConfigError(
            path, f"must be a table of profiles, not {_type_name(raw_profiles)}", key="profiles"
        )
    profiles: dict[str, Profile] = {}
    for position, (name, raw) in enumerate(raw_profiles.items(), start=1):
        if not PROFILE_NAME.match(name):
            raise ConfigError(
                path,
                PROFILE_NAME_RULE,
                profile=name,
                position=position,
            )
        if not isinstance(raw, dict):
            raise ConfigError(
                path, f"must be a table, not {_type_name(raw)}", profile=name, position=position
            )
        profiles[name] = _parse_profile(name, raw, path, position)
    if default is not None and default not in profiles:
        shown = shown_name(default)
        raise ConfigError(
            path,
            f"names {'profile ' + shown if shown else 'a profile'}, which does not exist "
            f"(profiles: {profile_names(profiles)})",
            key="default",
        )
    if default is None and len(profiles) > 1:
        raise ConfigError(
            path,
            f"is missing: with several profiles, set default to one of: {profile_names(profiles)}",
            key="default",
        )
    if default is None and profiles:
        default = next(iter(profiles))
    return Config(profiles=profiles, default=default, theme=theme, keys=dict(keys))


def _parse_profile(name: str, raw: Mapping[str, Any], path: Path | None, position: int) -> Profile:
    _no_unknown(raw, PROFILE_KEYS, path, name, position, "key")
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if key in FLAG_KEYS:
            expected, ok = "true or false", isinstance(value, bool)
        elif key in COMMAND_KEYS:
            expected = 'a list of arguments such as ["op", "read", "op://prod/auth0/secret"]'
            ok = (
                isinstance(value, list)
                and 0 < len(value) <= _MAX_ARGS
                and all(isinstance(a, str) for a in value)
            )
            value = tuple(value) if ok else value
        else:
            expected, ok = "a string", isinstance(value, str)
        if not ok:
            raise ConfigError(
                path,
                f"must list 1-{_MAX_ARGS} arguments, each a string"
                if key in COMMAND_KEYS and isinstance(value, list)
                else f"must be {expected}, not {_type_name(value)}",
                profile=name,
                key=key,
                position=position,
            )
        fields[key] = value
    if "domain" not in raw:
        raise ConfigError(
            path,
            "is missing: every profile needs the tenant domain",
            profile=name,
            key="domain",
            position=position,
        )
    profile = Profile(name=name, **fields)
    check_profile(profile, path, position=position)
    return profile


def _no_unknown(
    data: Mapping[str, Any],
    allowed: Iterable[str],
    path: Path | None,
    profile: str | None,
    position: int | None,
    what: str,
) -> None:
    allowed_set = set(allowed)
    for key in data:
        if key not in allowed_set:
            raise ConfigError(
                path,
                f"unknown {what}; expected one of: {', '.join(sorted(allowed_set))}",
                profile=profile,
                key=key,
                position=position,
            )


def _type_name(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def to_toml(config: Config) -> str:
    """The config as TOML text, in a stable order (what a save writes)."""
    doc: dict[str, Any] = {}
    if config.default is not None:
        doc["default"] = config.default
    if config.theme is not None:
        doc["theme"] = config.theme
    profiles: dict[str, Any] = {}
    for name, profile in config.profiles.items():
        entry: dict[str, Any] = {}
        for key in PROFILE_KEYS:
            value = getattr(profile, key)
            if (
                key == "private_key_alg"
                and profile.token_source is not TokenSourceKind.PRIVATE_KEY_JWT
            ):
                continue  # only a key signs with it: no alg beside a secret or a token
            if value is not None and value is not False:
                entry[key] = list(value) if isinstance(value, tuple) else value
        profiles[name] = entry
    if profiles:
        doc["profiles"] = profiles
    if config.keys:
        doc["keys"] = dict(config.keys)
    return tomli_w.dumps(doc)
