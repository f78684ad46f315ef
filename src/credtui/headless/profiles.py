"""``credtui profile list|show|add|remove|default``: the config file's tenant profiles.

Changes go through :func:`credtui.config.update_config`, one change at a time
under the config's lock, with the same validation the TUI's profile form uses
(:func:`credtui.config.check_profile`). A client secret never comes from the
command line (shell history, process lists): ``--client-secret-env VAR`` keeps
the variable's *name* in the file, ``--client-secret-stdin`` reads the secret
from stdin and keeps it in the 0600 file. Secrets are never printed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from credtui.config import (
    AddProfile,
    ConfigError,
    Profile,
    RemoveProfile,
    SetDefault,
    check_profile,
    update_config,
)
from credtui.headless.common import (
    EXIT_OK,
    emit_json,
    fail,
    load,
    message,
    print_fields,
    print_table,
)


def profile_json(profile: Profile, default: bool) -> dict[str, Any]:
    """A profile without its secret: ``name, domain, token_source, client_id,
    client_secret_env, client_secret_in_file, private_key_file, private_key_alg,
    private_key_kid, token_env, default``."""
    return {
        "name": profile.name,
        "domain": profile.domain,
        "token_source": profile.token_source.value,
        "client_id": profile.client_id,
        "client_secret_env": profile.client_secret_env,
        "client_secret_in_file": profile.client_secret is not None,
        "private_key_file": profile.private_key_file,
        "private_key_alg": profile.private_key_alg if profile.private_key_file else None,
        "private_key_kid": profile.private_key_kid,
        "token_env": profile.token_env,
        "default": default,
    }


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
        ("default", "name", "domain", "token source"),
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
    shown = {**data, "client_secret_in_file": "yes" if data["client_secret_in_file"] else "no"}
    print_fields([(k, "" if v is None else v) for k, v in shown.items()])
    return EXIT_OK


def _read_secret() -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Client secret: ")
    secret = sys.stdin.readline().strip()
    if not secret:
        fail("--client-secret-stdin read nothing from stdin")
    return secret


def cmd_add(args: argparse.Namespace) -> int:
    """Add a profile; every field checked as the TUI checks it, then saved under the lock."""
    if args.argv_secret is not None or args.argv_token is not None:
        fail(
            "a secret is never taken on the command line (it would stay in shell history and "
            "process lists); use --client-secret-env VAR, --client-secret-stdin or --token-env VAR"
        )
    if args.client_secret_stdin and args.client_secret_env:
        fail("give --client-secret-env or --client-secret-stdin, not both")
    path = load(args).path
    fields: dict[str, Any] = {
        "client_id": args.client_id,
        "client_secret_env": args.client_secret_env,
        "private_key_file": args.private_key_file,
        "private_key_kid": args.private_key_kid,
        "token_env": args.token_env,
    }
    if args.private_key_alg:
        fields["private_key_alg"] = args.private_key_alg
    # Checked before reading a secret (a stand-in holds its place): a bad profile asks nothing.
    stand_in = "stand-in" if args.client_secret_stdin else None
    check_profile(Profile(args.name, args.domain, client_secret=stand_in, **fields), path)
    secret = _read_secret() if args.client_secret_stdin else None
    profile = Profile(args.name, args.domain, client_secret=secret, **fields)
    check_profile(profile, path)
    config = update_config(path, AddProfile(profile))
    if args.make_default and config.default != profile.name:
        config = update_config(path, SetDefault(profile.name))
    data = profile_json(profile, config.default == profile.name)
    if args.json:
        emit_json(data)
    else:
        message(f"added profile {profile.name} to {path}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove a profile (the default moves to the first remaining one)."""
    path = load(args).path
    config = update_config(path, RemoveProfile(args.name))
    if args.json:
        emit_json({"removed": args.name, "default": config.default})
    else:
        message(f"removed profile {args.name}")
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
