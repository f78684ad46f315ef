"""Tenant profiles: where the config file lives, loading, checking and saving it.

The file is TOML (``config.example.toml`` at the project root documents every
field). It is found at ``--config FILE``, else ``$CREDTUI_CONFIG``, else
``config.toml`` in platformdirs' user config folder for ``credtui``.

Loading never changes the file. Every problem is a :class:`ConfigError` that
names the file, the profile, the key and, for TOML syntax errors, the line.
Saving is atomic (a temporary file in the same folder, then a rename), the file
is created 0600 and its folder 0700. Comments in a hand-written file are not
kept by a save (tomli-w writes data only).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from credtui.domains import DomainError, parse_domain

ENV_CONFIG = "CREDTUI_CONFIG"
ALGORITHMS = ("RS256", "RS384", "PS256")
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class TokenSource(StrEnum):
    """How a profile obtains a Management API token."""

    CLIENT_SECRET = "client_secret"
    PRIVATE_KEY_JWT = "private_key_jwt"
    TOKEN = "token"


class ConfigError(ValueError):
    """A config file credtui cannot use. ``str()`` names file, profile, key and line."""

    def __init__(
        self,
        path: Path | None,
        message: str,
        *,
        profile: str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = path
        self.profile = profile
        self.key = key
        self.line = line
        self.reason = message
        where = [str(path) if path is not None else "config"]
        if line is not None:
            where.append(f"line {line}")
        if profile is not None:
            where.append(f"profile '{profile}'")
        if key is not None:
            where.append(f"key '{key}'")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class Profile:
    """A named connection to one Auth0 tenant."""

    name: str
    """The profile's name, as in ``[profiles.NAME]``."""
    domain: str
    """Tenant domain (``acme.eu.auth0.com``), or ``http://127.0.0.1:N`` for the local tenant."""
    client_id: str | None = None
    """The Management API client's id (client secret and private_key_jwt sources)."""
    client_secret: str | None = None
    """The client secret itself, kept in the file (the file must then be 0600)."""
    client_secret_env: str | None = None
    """The name of an environment variable holding the client secret."""
    private_key_file: str | None = None
    """A PEM private key for private_key_jwt; relative paths are from the config's folder."""
    private_key_alg: str = "RS256"
    """The assertion's algorithm: RS256, RS384 or PS256."""
    private_key_kid: str | None = None
    """The credential's kid, sent in the assertion header when set."""
    token_env: str | None = None
    """The name of an environment variable holding a ready Management API token."""

    def __repr__(self) -> str:  # never show a secret, even in a traceback
        return (
            f"Profile(name={self.name!r}, domain={self.domain!r}, "
            f"token_source={self.token_source.value!r})"
        )

    @property
    def token_source(self) -> TokenSource:
        """Which of the three ways this profile gets a token."""
        if self.token_env is not None:
            return TokenSource.TOKEN
        if self.private_key_file is not None:
            return TokenSource.PRIVATE_KEY_JWT
        return TokenSource.CLIENT_SECRET

    @property
    def base_url(self) -> str:
        """The tenant's base URL (``https://acme.eu.auth0.com``)."""
        return parse_domain(self.domain).base_url

    def resolve_secret(self, environ: Mapping[str, str] | None = None) -> str:
        """The client secret, from the file or the named environment variable."""
        if self.client_secret is not None:
            return self.client_secret
        return _from_env(self, self.client_secret_env, "client_secret_env", environ)

    def resolve_token(self, environ: Mapping[str, str] | None = None) -> str:
        """The ready token from the environment variable named by ``token_env``."""
        return _from_env(self, self.token_env, "token_env", environ)

    def private_key_path(self, config_path: Path | None) -> Path:
        """The private key's path, relative paths taken from the config file's folder."""
        if self.private_key_file is None:
            raise ConfigError(config_path, "no private_key_file is set", profile=self.name)
        path = Path(self.private_key_file).expanduser()
        if not path.is_absolute() and config_path is not None:
            path = config_path.parent / path
        return path


def _from_env(
    profile: Profile, var: str | None, key: str, environ: Mapping[str, str] | None
) -> str:
    env = os.environ if environ is None else environ
    if var is None:
        raise ConfigError(None, f"no {key} is set", profile=profile.name, key=key)
    value = env.get(var, "")
    if not value:
        raise ConfigError(
            None,
            f"the environment variable {var} is not set or is empty",
            profile=profile.name,
            key=key,
        )
    return value


@dataclass(frozen=True)
class Config:
    """Everything in the config file. Immutable: edits return a new Config."""

    profiles: Mapping[str, Profile] = field(default_factory=dict)
    """Profiles by name, in file order."""
    default: str | None = None
    """The profile ``credtui`` opens when no ``--profile`` is given."""
    theme: str | None = None
    """A Textual theme name for the TUI."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Key remaps: binding id -> key(s), such as ``delete = "ctrl+d"``."""

    @property
    def default_profile(self) -> Profile | None:
        """The default profile, or None when there are no profiles."""
        return self.profiles.get(self.default) if self.default else None

    def get(self, name: str | None) -> Profile:
        """The named profile, or the default one when ``name`` is None."""
        wanted = name or self.default
        if wanted is None:
            raise ConfigError(None, "there are no tenant profiles yet; add one with the TUI (p)")
        try:
            return self.profiles[wanted]
        except KeyError:
            known = ", ".join(self.profiles) or "none"
            raise ConfigError(None, f"no profile named '{wanted}' (profiles: {known})") from None

    def with_profile(self, profile: Profile, *, replacing: str | None = None) -> Config:
        """Add ``profile``, or replace the one named ``replacing`` (which may be renamed)."""
        check_profile(profile)
        old = replacing or profile.name
        if profile.name != old and profile.name in self.profiles:
            raise ConfigError(None, f"a profile named '{profile.name}' already exists")
        profiles: dict[str, Profile] = {}
        for name, existing in self.profiles.items():
            profiles[profile.name if name == old else name] = profile if name == old else existing
        profiles.setdefault(profile.name, profile)
        default = self.default
        if default is None or default == old:
            default = profile.name
        return replace(self, profiles=profiles, default=default)

    def without_profile(self, name: str) -> Config:
        """Remove a profile; the default moves to the first remaining one."""
        if name not in self.profiles:
            raise ConfigError(None, f"no profile named '{name}'")
        profiles = {k: v for k, v in self.profiles.items() if k != name}
        default = self.default if self.default != name else next(iter(profiles), None)
        return replace(self, profiles=profiles, default=default)

    def with_default(self, name: str) -> Config:
        """Make ``name`` the default profile."""
        if name not in self.profiles:
            raise ConfigError(None, f"no profile named '{name}'")
        return replace(self, default=name)


@dataclass(frozen=True)
class LoadedConfig:
    """A loaded config and the warnings worth showing (such as file permissions)."""

    config: Config
    path: Path
    warnings: tuple[str, ...] = ()
    exists: bool = True


def config_path(
    explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """Where the config file is: ``--config``, else ``$CREDTUI_CONFIG``, else the user config dir."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit).expanduser()
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    return platformdirs.user_config_path("credtui") / "config.toml"


_TOP_KEYS = {"default", "theme", "profiles", "keys"}
_PROFILE_KEYS = {
    "domain",
    "client_id",
    "client_secret",
    "client_secret_env",
    "private_key_file",
    "private_key_alg",
    "private_key_kid",
    "token_env",
}


def load_config(path: Path) -> LoadedConfig:
    """Read and check the config file. A missing file is an empty config."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedConfig(Config(), path, exists=False)
    except OSError as exc:
        raise ConfigError(path, f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, "is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno attribute; its text ends
        # with "(at line L, column C)".
        found = re.search(r"\(at line (\d+), column (\d+)\)$", str(exc))
        msg = str(exc)[: found.start()].strip() if found else str(exc)
        line = int(found.group(1)) if found else None
        column = f", column {found.group(2)}" if found else ""
        raise ConfigError(path, f"is not valid TOML{column}: {msg}", line=line) from None
    config = parse_config(data, path)
    warnings = []
    if _has_secret(config) and _readable_by_others(path):
        warnings.append(
            f"{path} holds a client secret and can be read by other users; "
            f"fix it with: chmod 600 {path}"
        )
    return LoadedConfig(config, path, tuple(warnings))


def _has_secret(config: Config) -> bool:
    return any(p.client_secret is not None for p in config.profiles.values())


def _readable_by_others(path: Path) -> bool:
    if os.name != "posix":
        return False
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def parse_config(data: Mapping[str, Any], path: Path | None = None) -> Config:
    """Check a decoded TOML document and build a :class:`Config`."""
    _no_unknown(data, _TOP_KEYS, path, None, "top-level key")
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
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(path, 'must be a key such as "ctrl+d"', key=f"keys.{binding_id}")
    raw_profiles = data.get("profiles", {})
    if not isinstance(raw_profiles, dict):
        raise ConfigError(
            path, f"must be a table of profiles, not {_type_name(raw_profiles)}", key="profiles"
        )
    profiles: dict[str, Profile] = {}
    for name, raw in raw_profiles.items():
        if not _PROFILE_NAME.match(name):
            raise ConfigError(
                path,
                "profile names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                profile=name,
            )
        if not isinstance(raw, dict):
            raise ConfigError(path, f"must be a table, not {_type_name(raw)}", profile=name)
        profiles[name] = _parse_profile(name, raw, path)
    if default is not None and default not in profiles:
        known = ", ".join(profiles) or "none"
        raise ConfigError(
            path,
            f"names profile '{default}', which does not exist (profiles: {known})",
            key="default",
        )
    if default is None and len(profiles) > 1:
        raise ConfigError(
            path,
            f"is missing: with several profiles, set default to one of: {', '.join(profiles)}",
            key="default",
        )
    if default is None and profiles:
        default = next(iter(profiles))
    return Config(profiles=profiles, default=default, theme=theme, keys=dict(keys))


def _parse_profile(name: str, raw: Mapping[str, Any], path: Path | None) -> Profile:
    _no_unknown(raw, _PROFILE_KEYS, path, name, "key")
    for key, value in raw.items():
        if not isinstance(value, str):
            raise ConfigError(
                path, f"must be a string, not {_type_name(value)}", profile=name, key=key
            )
    if "domain" not in raw:
        raise ConfigError(
            path, "is missing: every profile needs the tenant domain", profile=name, key="domain"
        )
    profile = Profile(name=name, **raw)
    check_profile(profile, path)
    return profile


def check_profile(profile: Profile, path: Path | None = None) -> None:
    """Check one profile's fields together; raise :class:`ConfigError` naming the key."""

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(path, message, profile=profile.name, key=key)

    if not _PROFILE_NAME.match(profile.name):
        raise fail("name", "profile names are 1-64 letters, digits, '.', '_' or '-'")
    try:
        parse_domain(profile.domain)
    except DomainError as exc:
        raise fail("domain", str(exc)) from None
    sources = [
        key
        for key in ("client_secret", "client_secret_env", "private_key_file", "token_env")
        if getattr(profile, key) is not None
    ]
    if not sources:
        raise fail(
            "client_secret",
            "no way to get a token: set one of client_secret, client_secret_env, "
            "private_key_file or token_env",
        )
    if len(sources) > 1:
        raise fail(
            sources[1], f"{sources[0]} and {sources[1]} are both set; a profile uses exactly one"
        )
    for key in (
        "client_id",
        "client_secret",
        "client_secret_env",
        "private_key_file",
        "token_env",
        "private_key_kid",
    ):
        value = getattr(profile, key)
        if value is not None and value.strip() == "":
            raise fail(key, "is empty")
    if profile.token_env is not None:
        if profile.client_id is not None:
            raise fail("client_id", "is not used with token_env (a ready token); remove it")
    elif profile.client_id is None:
        raise fail("client_id", f"is missing: {sources[0]} needs the Management API client's id")
    for key in ("client_secret_env", "token_env"):
        var = getattr(profile, key)
        if var is not None and not _ENV_NAME.match(var):
            raise fail(key, f"{var!r} is not an environment variable name (letters, digits, _)")
    if profile.private_key_alg not in ALGORITHMS:
        raise fail(
            "private_key_alg",
            f"must be one of {', '.join(ALGORITHMS)}, not {profile.private_key_alg!r}",
        )
    if profile.private_key_file is None and profile.private_key_alg != "RS256":
        raise fail("private_key_alg", "is only used with private_key_file")


def _no_unknown(
    data: Mapping[str, Any],
    allowed: Iterable[str],
    path: Path | None,
    profile: str | None,
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
    """The config as TOML text, in a stable order (what :func:`save_config` writes)."""
    doc: dict[str, Any] = {}
    if config.default is not None:
        doc["default"] = config.default
    if config.theme is not None:
        doc["theme"] = config.theme
    profiles: dict[str, Any] = {}
    for name, profile in config.profiles.items():
        entry: dict[str, str] = {"domain": profile.domain}
        for key in (
            "client_id",
            "client_secret",
            "client_secret_env",
            "private_key_file",
            "private_key_kid",
            "token_env",
        ):
            value = getattr(profile, key)
            if value is not None:
                entry[key] = value
        if profile.private_key_file is not None:
            entry["private_key_alg"] = profile.private_key_alg
        profiles[name] = entry
    if profiles:
        doc["profiles"] = profiles
    if config.keys:
        doc["keys"] = dict(config.keys)
    return tomli_w.dumps(doc)


def save_config(config: Config, path: Path) -> None:
    """Write the config atomically: 0600 file, 0700 folder, never half a file."""
    text = to_toml(config)
    parse_config(tomllib.loads(text), path)  # never write what we could not read back
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".toml.tmp", dir=folder)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
