"""``credtui profile list|show|add|remove|default|secure``: the config file's tenant profiles.

Changes go through :func:`credtui.config.update_config`, one change at a time
under the config's lock, with the same validation the TUI's profile form uses
(:func:`credtui.config.check_profile`). A client secret never comes from the
command line (shell history, process lists): ``--client-secret-env VAR`` keeps
the variable's *name* in the file, ``--client-secret-stdin`` reads the secret
from stdin and keeps it in the 0600 file, ``--client-secret-keyring`` reads it
from a prompt or stdin and keeps it in the system keyring, and
``--client-secret-command`` keeps a command that prints it
(:mod:`credtui.config.secret_sources`). ``profile secure`` moves a secret from the file
into the keyring. Secrets are never printed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from credtui.config import (
    AddProfile,
    ConfigError,
    Profile,
    RemoveProfile,
    SecretToKeyring,
    SetDefault,
    TokenSourceKind,
    profile_problems,
    secret_sources,
    update_config,
)
from credtui.exit_codes import EXIT_OK
from credtui.files import path_refusal
from credtui.headless.common import fail, load
from credtui.headless.output import emit_json, message, print_fields
from credtui.headless.table import Column, print_table


def profile_json(profile: Profile, default: bool) -> dict[str, Any]:
    """A profile without its secret: ``name, domain, token_source, secret_source, client_id,
    client_secret_env, client_secret_in_file, client_secret_keyring, client_secret_command,
    private_key_file, private_key_command, private_key_alg, private_key_kid, token_env,
    default``. ``secret_source`` is the config key the secret comes from; a command is
    shown (it names where the secret is, as a variable's name does), never its output."""
    uses_key = profile.token_source is TokenSourceKind.PRIVATE_KEY_JWT
    return {
        "name": profile.name,
        "domain": profile.domain,
        "token_source": profile.token_source.value,
        "secret_source": profile.secret_source,
        "client_id": profile.client_id,
        "client_secret_env": profile.client_secret_env,
        "client_secret_in_file": profile.client_secret is not None,
        "client_secret_keyring": profile.client_secret_keyring,
        "client_secret_command": _argv(profile.client_secret_command),
        "private_key_file": profile.private_key_file,
        "private_key_command": _argv(profile.private_key_command),
        "private_key_alg": profile.private_key_alg if uses_key else None,
        "private_key_kid": profile.private_key_kid,
        "token_env": profile.token_env,
        "default": default,
    }


def _argv(argv: tuple[str, ...] | None) -> list[str] | None:
    return list(argv) if argv is not None else None


def _command(option: str, line: str | None) -> tuple[str, ...] | None:
    """A command given as one shell-like line, split into its arguments (never run by a shell)."""
    if line is None:
        return None
    try:
        argv = tuple(shlex.split(line))
    except ValueError as exc:
        fail(f"{option}: cannot split the command into arguments ({exc})")
    if not argv:
        fail(f"{option} is empty; give the command that prints the secret")
    return argv


def _key_file(given: str | None) -> str | None:
    """``--private-key-file`` as an absolute path to a file that exists.

    Stored absolute: a relative path in the config would be read from the config's
    folder, not from where the command ran.
    """
    if given is None:
        return None
    refusal = path_refusal(given)
    if refusal is not None:  # a key pasted in place of its file: refused, never repeated
        fail(f"--private-key-file: {refusal}")
    path = Path(given).expanduser()
    path = path if path.is_absolute() else Path.cwd() / path
    if not path.is_file():
        fail(
            f"--private-key-file: no file at {path}"
            if not path.exists()
            else f"--private-key-file: {path} is not a file"
        )
    return str(path)


def cmd_list(args: argparse.Namespace) -> int:
    """Every profile, the default marked."""
    loaded = load(args)
    config = loaded.config
    rows = [profile_json(p, p.name == config.default) for p in config.profiles.values()]
    if args.json:
        emit_json(rows)
        return EXIT_OK
    if not rows:
        message(f"no profiles in {loaded.path}; add one with `credtui profile add`")
    print_table(
        (
            Column("default", keep=True),
            Column("name", min_width=12),
            Column("domain", min_width=20),
            Column("token source", keep=True),
        ),
        [("*" if r["default"] else "", r["name"], r["domain"], r["token_source"]) for r in rows],
    )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """One profile (the default when no name is given); a secret shows only as "in the file"."""
    loaded = load(args)
    name = args.name or getattr(args, "profile", None)
    try:
        profile = loaded.config.get(name)
    except ConfigError as exc:
        raise exc.at(loaded.path) from None
    data = profile_json(profile, profile.name == loaded.config.default)
    if args.json:
        emit_json(data)
        return EXIT_OK
    shown = {
        k: ("yes" if v else "no")
        if isinstance(v, bool)
        else shlex.join(v)
        if isinstance(v, list)
        else v
        for k, v in data.items()
    }
    print_fields([(k, "" if v is None else v) for k, v in shown.items()])
    return EXIT_OK


def _read_secret(option: str) -> str:
    if sys.stdin.isatty():
        import getpass

        secret = getpass.getpass("Client secret: ").strip()
    else:
        secret = sys.stdin.readline().strip()
    if not secret:
        fail(f"{option} read nothing" + ("" if sys.stdin.isatty() else " from stdin"))
    return secret


def cmd_add(args: argparse.Namespace) -> int:
    """Add a profile; every field checked as the TUI checks it, then saved under the lock."""
    if args.argv_secret is not None or args.argv_token is not None:
        fail(
            "a secret is never taken on the command line (it would stay in shell history and "
            "process lists); use --client-secret-env VAR, --client-secret-stdin or --token-env VAR"
        )
    given = [
        option
        for option, value in (
            ("--client-secret-env", args.client_secret_env),
            ("--client-secret-stdin", args.client_secret_stdin),
            ("--client-secret-keyring", args.client_secret_keyring),
            ("--client-secret-command", args.client_secret_command),
        )
        if value
    ]
    if len(given) > 1:
        fail(f"give one of {' and '.join(given)}, not both: a profile has one secret source")
    loaded = load(args)
    path = loaded.path
    keyring = args.client_secret_keyring
    fields: dict[str, Any] = {
        "client_id": args.client_id,
        "client_secret_env": args.client_secret_env,
        "client_secret_keyring": keyring,
        "client_secret_command": _command("--client-secret-command", args.client_secret_command),
        "private_key_file": _key_file(args.private_key_file),
        "private_key_command": _command("--private-key-command", args.private_key_command),
        "private_key_kid": args.private_key_kid,
        "token_env": args.token_env,
    }
    if args.private_key_alg:
        fields["private_key_alg"] = args.private_key_alg
    # Checked before reading a secret (a stand-in holds its place): a bad profile asks nothing.
    stand_in = "stand-in" if args.client_secret_stdin else None
    profile = Profile(args.name, args.domain, client_secret=stand_in, **fields)
    problems = profile_problems(profile, path)
    if len(problems) > 1:  # every one at once, as the form does: not the next after a fix
        fail("\n".join(str(problem) for problem in problems))
    if problems:
        raise problems[0]
    AddProfile(profile).apply(loaded.config)  # a name taken: refused before a secret is asked
    if keyring:
        problem = secret_sources.keyring_problem()
        if problem:  # said at once, before a secret is typed; never the file instead
            fail(f"--client-secret-keyring: {problem}")
        secret_sources.store_keyring_secret(args.name, _read_secret("--client-secret-keyring"))
    secret = _read_secret("--client-secret-stdin") if args.client_secret_stdin else None
    profile = Profile(args.name, args.domain, client_secret=secret, **fields)
    try:
        config = update_config(path, AddProfile(profile))
    except BaseException:
        if keyring:  # the file was not written: the secret does not stay behind
            secret_sources.forget_keyring_secret(args.name)
        raise
    if args.make_default and config.default != profile.name:
        config = update_config(path, SetDefault(profile.name))
    data = profile_json(profile, config.default == profile.name)
    if args.json:
        emit_json(data)
    else:
        message(f"added profile {profile.name} to {path}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove a profile (the default moves to the first remaining one), and its keyring secret."""
    loaded = load(args)
    removed = loaded.config.profiles.get(args.name)
    config = update_config(loaded.path, RemoveProfile(args.name))
    keyring_note = None
    if removed is not None and removed.client_secret_keyring:
        try:
            secret_sources.forget_keyring_secret(args.name)
        except secret_sources.SecretSourceError as exc:
            keyring_note = (
                f"its secret may remain in the system keyring (service "
                f"{secret_sources.KEYRING_SERVICE!r}, user {args.name!r}): {exc.message}"
            )
    if args.json:
        warning = {"warning": keyring_note} if keyring_note else {}
        emit_json({"removed": args.name, "default": config.default, **warning})
    else:
        message(f"removed profile {args.name}")
        if keyring_note:
            message(f"warning: {keyring_note}")
    return EXIT_OK


def cmd_secure(args: argparse.Namespace) -> int:
    """Move a profile's client secret from the file into the keyring.

    The keyring is written (and read back) first; the file is rewritten only then, and
    only if its secret is still the one moved (:class:`credtui.config.SecretToKeyring`).
    """
    loaded = load(args)
    try:
        profile = loaded.config.get(args.name)
    except ConfigError as exc:
        raise exc.at(loaded.path) from None
    if profile.client_secret_keyring:
        message(f"profile {profile.name} already keeps its secret in the system keyring")
        return EXIT_OK
    if profile.client_secret is None:
        fail(
            f"profile {profile.name} keeps no client secret in the file (it uses "
            f"{profile.secret_source}); there is nothing to move"
        )
    problem = secret_sources.keyring_problem()
    if problem:
        fail(problem)
    secret_sources.store_keyring_secret(profile.name, profile.client_secret)
    update_config(loaded.path, SecretToKeyring(profile.name, profile.client_secret))
    if args.json:
        emit_json({"secured": profile.name, "secret_source": "client_secret_keyring"})
    else:
        message(
            f"moved the client secret of {profile.name} into the system keyring and removed "
            f"it from {loaded.path}"
        )
    return EXIT_OK


def cmd_default(args: argparse.Namespace) -> int:
    """Make a profile the default."""
    path = load(args).path
    update_config(path, SetDefault(args.name))
    if args.json:
        emit_json({"default": args.name})
    else:
        message(f"{args.name} is now the default profile")
    return EXIT_OK
