"""What a config file may hold: profiles, their checks, and the errors that name a problem.

Pure data and checks, no file access (that is :mod:`credtui.config`) and no TOML
(that is :mod:`credtui.config.toml`). Import these names from :mod:`credtui.config`.

Error messages name the file, the profile, the key and what is expected, and
never repeat the value of a key: a client secret or a token pasted under the
wrong key must not reach the screen or a log (issue 8). The only text from the
file they show is a short profile name or key name, and only when it looks like
one (:func:`shown_name`); any other profile is named by its position.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path

from credtui.domains import DomainError, parse_domain
from credtui.files import path_refusal, shown_path
from credtui.vocabulary import ALGS, DEFAULT_ALG, AuthMethod

PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Auth0 client secrets are 64 characters and tokens longer; a name this short is
# shown, a longer one may be a secret pasted in the wrong place, so it is not.
_SHOWN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


def shown_name(name: object) -> str | None:
    """``'name'`` when ``name`` is short enough and shaped like a name to be shown, else None."""
    if isinstance(name, str) and _SHOWN.match(name):
        return f"'{name}'"
    return None


def profile_names(names: Iterable[str]) -> str:
    """Profile names for a message: the showable ones, the rest by position."""
    shown = [shown_name(n) or f"#{i}" for i, n in enumerate(names, start=1)]
    return ", ".join(s.strip("'") for s in shown) or "none"


class TokenSourceKind(StrEnum):
    """How a profile obtains a Management API token: which kind of
    :class:`credtui.api.tokens.TokenSource` it makes (the value is ``token_source`` in
    ``profile show --json``)."""

    CLIENT_SECRET = "client_secret"
    PRIVATE_KEY_JWT = AuthMethod.PRIVATE_KEY_JWT.value
    TOKEN = "token"


SOURCE_KEYS = (
    "client_secret",
    "client_secret_env",
    "client_secret_keyring",
    "client_secret_command",
    "private_key_file",
    "private_key_command",
    "token_env",
)
"""The keys that say where a profile's token comes from: a profile sets exactly one."""


class ConfigError(ValueError):
    """A config file credtui cannot use. ``str()`` names file, profile, key and line.

    ``profile`` holds the profile's name only when it is safe to show
    (:func:`shown_name`); otherwise ``position`` says which profile it is.
    """

    def __init__(
        self,
        path: Path | None,
        message: str,
        *,
        profile: str | None = None,
        key: str | None = None,
        line: int | None = None,
        position: int | None = None,
    ) -> None:
        self.path = path
        self.profile = profile if shown_name(profile) else None
        self.position = position
        self.key = key if key is None or shown_name(key) else None
        self.line = line
        self.reason = message
        place = [f"line {line}"] if line is not None else []
        if self.profile is not None:
            place.append(f"profile '{self.profile}'")
        elif position is not None:
            place.append(f"profile #{position}")
        elif profile is not None:
            place.append("a profile whose name is not shown")
        if self.key is not None:
            place.append(f"key '{self.key}'")
        elif key is not None:
            place.append("a key whose name is not shown")
        self._place = tuple(place)
        super().__init__(self._text())

    def _text(self) -> str:
        where = [shown_path(self.path) if self.path is not None else "config", *self._place]
        return f"{', '.join(where)}: {self.reason}"

    def at(self, path: Path) -> ConfigError:
        """The same error, naming ``path`` as the file."""
        error = ConfigError.__new__(ConfigError)
        error.__dict__.update(self.__dict__)
        error.path = path
        ValueError.__init__(error, error._text())
        return error


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
    client_secret_keyring: bool = False
    """The client secret is in the OS keyring (:mod:`credtui.config.secret_sources`)."""
    client_secret_command: tuple[str, ...] | None = None
    """A command (argument list, no shell) whose first line of output is the client secret."""
    private_key_file: str | None = None
    """A PEM private key for private_key_jwt; relative paths are from the config's folder."""
    private_key_command: tuple[str, ...] | None = None
    """A command printing the PEM private key for private_key_jwt (kept in memory only)."""
    private_key_alg: str = DEFAULT_ALG
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
    def token_source(self) -> TokenSourceKind:
        """Which of the three ways this profile gets a token."""
        if self.token_env is not None:
            return TokenSourceKind.TOKEN
        if self.private_key_file is not None or self.private_key_command is not None:
            return TokenSourceKind.PRIVATE_KEY_JWT
        return TokenSourceKind.CLIENT_SECRET

    @property
    def secret_source(self) -> str:
        """The config key that says where the secret (or key, or token) comes from."""
        for key in SOURCE_KEYS:
            value = getattr(self, key)
            if value is not None and value is not False:
                return key
        return "client_secret"

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


PROFILE_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Profile) if f.name != "name")
"""The keys a ``[profiles.NAME]`` table may hold, in the order written: :class:`Profile`'s
fields, the one list of them (the name is the table's own)."""
COMMAND_KEYS = ("client_secret_command", "private_key_command")
"""The keys that hold a command: a list of arguments, run without a shell."""
FLAG_KEYS = ("client_secret_keyring",)
"""The keys that hold true or false."""
TEXT_KEYS = tuple(k for k in PROFILE_KEYS if k not in COMMAND_KEYS + FLAG_KEYS)
"""The keys that hold a string."""


def _from_env(
    profile: Profile, var: str | None, key: str, environ: Mapping[str, str] | None
) -> str:
    env = os.environ if environ is None else environ
    if var is None:
        raise ConfigError(None, f"no {key} is set", profile=profile.name, key=key)
    value = env.get(var, "")
    if not value:
        # A long "name" may be a secret pasted in the wrong place: name the key instead.
        shown = var if shown_name(var) else f"named by {key}"
        raise ConfigError(
            None,
            f"the environment variable {shown} is not set or is empty",
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
    """Key remaps: binding id -> key(s), such as ``delete-credential = "ctrl+d"``.

    Every id is one of :data:`credtui.bindings.BINDING_IDS` (checked on load)."""

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
            raise ConfigError(
                None, f"{_no_profile(wanted)} (profiles: {profile_names(self.profiles)})"
            ) from None

    def with_profile(self, profile: Profile, *, replacing: str | None = None) -> Config:
        """Add ``profile``, or replace the one named ``replacing`` (which may be renamed)."""
        check_profile(profile)
        old = replacing or profile.name
        if profile.name != old and profile.name in self.profiles:
            raise ConfigError(
                None, f"a profile named {shown_name(profile.name)} already exists", key="name"
            )
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
            raise ConfigError(None, _no_profile(name))
        profiles = {k: v for k, v in self.profiles.items() if k != name}
        default = self.default if self.default != name else next(iter(profiles), None)
        return replace(self, profiles=profiles, default=default)

    def with_default(self, name: str) -> Config:
        """Make ``name`` the default profile."""
        if name not in self.profiles:
            raise ConfigError(None, _no_profile(name))
        return replace(self, default=name)


def _no_profile(name: str) -> str:
    shown = shown_name(name)
    return f"no profile named {shown}" if shown else "no profile has that name"


def check_profile(
    profile: Profile, path: Path | None = None, *, position: int | None = None
) -> None:
    """Check one profile's fields together; raise the first :class:`ConfigError`, naming the key."""
    problems = profile_problems(profile, path, position=position)
    if problems:
        raise problems[0]


PROFILE_NAME_RULE = "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
"""What a profile name may be, as the reason of an error naming the key (a form's field)."""


def profile_problems(
    profile: Profile, path: Path | None = None, *, position: int | None = None
) -> list[ConfigError]:
    """Every problem of one profile, one per key, in the order of the profile's fields.

    Each reason reads after the key's name ("key 'name': use 1-64 letters, ...";
    a form shows it after the field's label), and never repeats a value.
    """
    problems: dict[str, ConfigError] = {}

    def fail(key: str, message: str) -> None:
        if key not in problems:  # one problem per key: the first found says what to fix
            problems[key] = ConfigError(
                path, message, profile=profile.name, key=key, position=position
            )

    if not PROFILE_NAME.match(profile.name):
        fail("name", PROFILE_NAME_RULE)
    try:
        parse_domain(profile.domain)
    except DomainError as exc:
        fail("domain", str(exc))  # DomainError never repeats the domain
    sources = [key for key in SOURCE_KEYS if getattr(profile, key) not in (None, False)]
    if not sources:
        fail(
            "client_secret",
            f"no way to get a token: set one of {', '.join(SOURCE_KEYS)}",
        )
    if len(sources) > 1:
        fail(sources[1], f"{sources[0]} and {sources[1]} are both set; a profile uses exactly one")
    for key in TEXT_KEYS:
        value = getattr(profile, key)
        if value is not None and value.strip() == "":
            fail(key, "is empty; give a value or leave the key out")
    if profile.token_env is not None:
        if profile.client_id is not None:
            fail("client_id", "is not used with token_env (a ready token); remove it")
    elif profile.client_id is None:
        fail(
            "client_id",
            "is missing; it names the Management API client that credtui signs in as",
        )
    for key in ("client_secret_env", "token_env"):
        var = getattr(profile, key)
        if var is not None and var.strip() and not _ENV_NAME.match(var):
            # Often the secret itself, pasted here by mistake: never repeat it.
            fail(
                key,
                "must be the name of an environment variable (letters, digits and _, not "
                "starting with a digit), such as AUTH0_SECRET; the value itself goes in "
                "that variable, never here",
            )
    if profile.private_key_file is not None and profile.private_key_file.strip():
        refusal = path_refusal(profile.private_key_file)
        if refusal is not None:  # a key pasted in place of its file: refused, never stored
            fail("private_key_file", refusal[0].lower() + refusal[1:])
    for key in COMMAND_KEYS:
        argv = getattr(profile, key)
        if argv is not None and (not argv or not argv[0].strip()):
            fail(
                key,
                "is empty; give the command as a list of arguments, such as "
                '["op", "read", "op://prod/auth0/secret"]',
            )
    uses_key = profile.token_source is TokenSourceKind.PRIVATE_KEY_JWT
    if profile.private_key_alg not in ALGS:
        fail("private_key_alg", f"must be one of {', '.join(ALGS)}")
    elif not uses_key and profile.private_key_alg != DEFAULT_ALG:
        fail("private_key_alg", "is only used with private_key_file or private_key_command")
    order = ("name", *PROFILE_KEYS)
    return sorted(problems.values(), key=lambda e: order.index(e.key) if e.key in order else 99)
