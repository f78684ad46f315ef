"""Loading, checking and saving the config file (the package's face re-exports it).

Tenant profiles: where the config file lives, loading it, and changing it safely.

The file is TOML (``config.example.toml`` at the project root documents every
field). It is found at ``--config FILE``, else ``$CREDTUI_CONFIG``, else
``config.toml`` in platformdirs' user config folder for ``credtui``. What it may
hold, and the checks, are in :mod:`credtui.config.schema` and
:mod:`credtui.config.toml` (re-exported here).

Loading never changes the file. Every problem is a :class:`ConfigError` that
names the file, the profile, the key and, for TOML syntax errors, the line, and
never a value. Only a regular file of at most 1 MiB is read (a FIFO would hang,
``/dev/zero`` never ends), and loose permissions come back as warnings.

Changing the file goes through :func:`update_config` with ONE change
(:class:`AddProfile`, :class:`EditProfile`, :class:`RemoveProfile`,
:class:`SetDefault`): under an exclusive lock on a file beside the config, it
re-reads the file, applies the change to what is there now and writes
atomically (a temporary file in the same folder, then a rename). Two credtui
processes saving at once therefore both keep their change. A symlinked config is
saved where the link leads (the link stays), with the lock beside that file; a
lock held too long is an error naming its holder (:mod:`credtui.config.lock`). The file is written
0600; a folder credtui creates is made 0700, an existing folder is never
changed. Comments in a hand-written file are not kept (tomli-w writes data only).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from credtui.config.changes import ConfigChange
from credtui.config.lock import LockWait, locked
from credtui.config.schema import Config, ConfigError, shown_name
from credtui.config.toml import parse_config, to_toml
from credtui.files import FileRefused, path_refusal, read_small_file

ENV_CONFIG = "CREDTUI_CONFIG"
MAX_CONFIG_BYTES = 1 << 20
"""The most credtui reads from a config file; a real one is a few kilobytes."""


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
    """Where the config file is: ``--config``, else ``$CREDTUI_CONFIG``, else the user config dir.

    Raises :class:`ConfigError` when what was given cannot be a path (a PEM key, say:
    :func:`credtui.files.path_refusal`), without repeating it.
    """
    env = os.environ if environ is None else environ
    given, where = (explicit, "--config") if explicit else (env.get(ENV_CONFIG), f"${ENV_CONFIG}")
    if given:
        refusal = path_refusal(given)
        if refusal is not None:
            raise ConfigError(None, f"{where}: {refusal}")
        return Path(given).expanduser()
    return platformdirs.user_config_path("credtui") / "config.toml"


def load_config(path: Path) -> LoadedConfig:
    """Read and check the config file. A missing file is an empty config."""
    read = _read_regular_file(path)
    if read is None:
        return LoadedConfig(Config(), path, exists=False)
    raw, info = read
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
        raise ConfigError(
            path, f"is not valid TOML{column}: {_without_quoted(msg)}", line=line
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively: a few hundred
        # ``[`` exhaust Python's stack. No config nests more than a table or two.
        raise ConfigError(
            path,
            "cannot be read: its arrays or inline tables are nested hundreds of levels deep "
            "(a credtui config nests at most two); check that this is the right file",
        ) from None
    config = parse_config(data, path)
    return LoadedConfig(config, path, _warnings(config, path, info))


def _without_quoted(message: str) -> str:
    """tomllib's message with the keys it quotes removed: a key may be a pasted secret."""
    return re.sub(
        r"'[^']*'|\"[^\"]*\"|\([^)]*\)",
        lambda m: m.group(0) if len(m.group(0)) <= 3 else "(…)",
        message,
    )[:200]


def _read_regular_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and status, or None when it does not exist (see :mod:`credtui.files`)."""
    try:
        return read_small_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return None
    except FileRefused as exc:
        hint = (
            "a real config is a few kilobytes, so check that this is the right file"
            if "limit" in str(exc)
            else "give the path of a TOML config file"
        )
        raise ConfigError(path, f"{exc}; {hint}") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot be read: {exc.strerror}") from None


def _warnings(config: Config, path: Path, info: os.stat_result) -> tuple[str, ...]:
    """What about the file's permissions deserves a word before it is trusted."""
    if os.name != "posix":
        return ()
    warnings = []
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        warnings.append(
            f"{path} can be changed by other users, who could point a profile at another "
            f"tenant; fix it with: chmod 600 {path}"
        )
    if info.st_uid not in (os.getuid(), 0):
        warnings.append(
            f"{path} is owned by another user (uid {info.st_uid}), who can change it; "
            "use a config file of your own"
        )
    if _has_secret(config) and info.st_mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.append(
            f"{path} holds a client secret and can be read by other users; "
            f"fix it with: chmod 600 {path}"
        )
    folder = Path(os.path.realpath(path)).parent
    try:
        folder_mode = folder.stat().st_mode
    except OSError:
        folder_mode = 0
    # In a sticky folder (like /tmp) others cannot rename or delete our file.
    if folder_mode & (stat.S_IWGRP | stat.S_IWOTH) and not folder_mode & stat.S_ISVTX:
        warnings.append(
            f"the folder {folder} can be changed by other users, who could replace {path.name}; "
            f"fix it with: chmod go-w {folder}"
        )
    for profile in config.profiles.values():
        if profile.private_key_file is None:
            continue
        key = profile.private_key_path(path)
        try:
            key_mode = key.stat().st_mode
        except (OSError, ValueError):
            continue  # a missing or impossible path is reported when the key is used
        if key_mode & (stat.S_IRGRP | stat.S_IROTH):
            name = shown_name(profile.name) or "a profile"
            warnings.append(
                f"profile {name}: the private key file {key} can be read by other users; "
                f"fix it with: chmod 600 {key}"
            )
    return tuple(warnings)


def _has_secret(config: Config) -> bool:
    return any(p.client_secret is not None for p in config.profiles.values())


def update_config(path: Path, change: ConfigChange, *, wait: LockWait | None = None) -> Config:
    """Apply one change to the config file as it is now, and return what was written.

    Under an exclusive lock: re-read the file, apply ``change``, write atomically.
    A symlinked config is changed where the link leads (see :func:`_save_target`).
    Raises :class:`ConfigError` (the file is unusable, the change no longer fits
    it, or another process held the lock past ``wait``; nothing is written) or
    :class:`OSError`.
    """
    target = _save_target(path)
    _ensure_folder(target.parent)
    with locked(target, path, wait):
        current = load_config(path).config
        try:
            config = change.apply(current)
        except ConfigError as exc:
            raise exc.at(path) from None
        _write(config, target)
    return config


def save_config(config: Config, path: Path, *, wait: LockWait | None = None) -> None:
    """Write a whole config (creating a file): locked, atomic, 0600.

    To change an existing file use :func:`update_config`, which keeps what
    other processes saved meanwhile; this replaces whatever is there.
    """
    target = _save_target(path)
    _ensure_folder(target.parent)
    with locked(target, path, wait):
        _read_regular_file(path)  # refuses a FIFO, a device or a folder in the way
        _write(config, target)


def _save_target(path: Path) -> Path:
    """The file a save replaces: ``path``, or where its symbolic links lead.

    Dotfile managers keep the config as a link into a repository; replacing the
    link by a regular file would silently part the two. The lock sits beside
    this file too, so two links to one config share one lock.
    """
    return Path(os.path.realpath(path))


def _ensure_folder(folder: Path) -> None:
    """Create the config's folder 0700 if it is missing; never touch an existing one."""
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return  # created meanwhile by someone else: not ours to change
    if os.name == "posix":
        os.chmod(folder, 0o700)  # the umask may have taken bits from the mode


def _write(config: Config, path: Path) -> None:
    text = to_toml(config)
    parse_config(tomllib.loads(text), path)  # never write what we could not read back
    fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".toml.tmp", dir=path.parent)
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
