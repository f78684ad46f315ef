"""``credtui creds rotate-secret``: a new client secret, shown only where asked for.

The rotation is planned and sent through :mod:`credtui.ops.plan`
(:class:`~credtui.ops.plan.RotateClientSecret`): ``--dry-run`` prints the plan;
the plan's ``invalidates-client-secret`` is the command's own meaning, so the
verb (confirmed on a terminal, or ``--yes``) is consent to it, as ``creds
rotate`` consents to detaching the credential it replaces; any other effect
(``locks-out-credtui``: the secret this profile authenticates with) needs
``--allow-breaking``.

The new secret goes only where the command says: stdout with ``--show-secret``
(alone on its line, or ``client_secret`` in ``--json``), a new 0600 file with
``--secret-file`` (created before the rotation is sent, so an existing file is
refused with nothing sent), and the credtui profiles that use it with
``--update-profile`` (:func:`credtui.ops.client_secret.update_profile_secret`).
Otherwise it is not shown, and the command says so. It is never in a message.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from credtui.config import ConfigChange, ConfigError, Profile, update_config
from credtui.errors import CredtuiError
from credtui.exit_codes import EXIT_OK, EXIT_TENANT_ERROR, EXIT_USAGE
from credtui.headless.common import CommandError, fail, now_utc, profile_for
from credtui.headless.output import emit_json, message
from credtui.headless.planned import plan_json
from credtui.ops.client_secret import SecretUser, secret_users, update_profile_secret
from credtui.ops.plan import Effect, Plan, RotateClientSecret, execute, make_plan

__all__ = ["cmd_rotate_secret"]

CONSENTED = frozenset({Effect.INVALIDATES_CLIENT_SECRET})
"""What the verb itself consents to: replacing the secret it was asked to replace."""


def _clean(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


def _print_plan(plan: Plan, users: list[SecretUser], update: bool, *, to_stdout: bool) -> None:
    out = sys.stdout if to_stdout else sys.stderr
    prefix = "" if to_stdout else "credtui: "
    for line in [*plan.lines(), *_user_lines(users, update)]:
        out.write(f"{prefix}{_clean(line)}\n")
    out.flush()


def _user_lines(users: list[SecretUser], update: bool) -> list[str]:
    """Who uses the secret and what becomes of each (``update``: ``--update-profile``)."""
    if not users:
        return ["No credtui profile in this config uses this secret."]

    def fate(user: SecretUser) -> str:
        if not user.updatable:
            return user.advice
        if update:
            return "--update-profile gives it the new secret."
        return "it keeps the old secret unless --update-profile is given."

    return ["credtui profiles that use this secret:"] + [
        f"  {u.profile} ({u.where}): {fate(u)}" for u in users
    ]


def _ask(question: str) -> bool:
    sys.stderr.write(f"credtui: {question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _open_secret_file(spec: str) -> tuple[Path, int]:
    """Create ``spec`` empty, 0600, refusing anything already there (nothing is sent then)."""
    path = Path(spec).expanduser()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        fail(f"--secret-file {path} already exists; credtui never overwrites a file")
    except OSError as exc:
        fail(f"--secret-file {path}: cannot create it ({exc.strerror or exc})")
    os.fchmod(fd, 0o600)  # the umask may have narrowed it; never wider
    return path, fd


def _write_secret(fd: int, secret: str) -> None:
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _profiles(args: argparse.Namespace) -> tuple[Path, Path | None, Profile, list[Profile]]:
    """The config's path, the file to update (None: none was read), the profile in use,
    and every profile that may use the secret (the environment's one included)."""
    loaded, profile = profile_for(args)
    known = list(loaded.config.profiles.values())
    if loaded.config.profiles.get(profile.name) is not profile:
        known.append(profile)  # the environment's profile is not in the file
    return loaded.path, (loaded.path if loaded.exists else None), profile, known


def _update(
    users: list[SecretUser], known: list[Profile], path: Path | None, secret: str
) -> dict[str, str | None]:
    """Give each updatable profile the new secret; its name -> None, or why it failed."""
    by_name = {p.name: p for p in known}

    def apply(change: ConfigChange) -> Any:
        assert path is not None
        return update_config(path, change)

    done: dict[str, str | None] = {}
    for user in users:
        if not user.updatable:
            continue
        profile = by_name[user.profile]
        in_file = path is not None and profile.client_secret is not None
        try:
            said = update_profile_secret(profile, secret, apply if in_file else None)
        except (CredtuiError, ConfigError, OSError) as exc:
            done[user.profile] = str(exc)
            message(f"profile {user.profile} was not updated: {exc}", error=True)
        else:
            done[user.profile] = None
            message(said)
    return done


async def cmd_rotate_secret(args: argparse.Namespace) -> int:
    """Rotate the client secret of ``CLIENT_ID`` (see the module's docstring)."""
    from credtui.connect import connect

    on_terminal = sys.stdin.isatty() and sys.stderr.isatty()
    if not args.yes and not on_terminal and not args.dry_run:
        fail("rotating a client secret needs confirmation: pass --yes (stdin is not a terminal)")
    config_path, path, profile, known = _profiles(args)
    now = now_utc()
    async with connect(profile, config_path=config_path) as client:
        app = await client.get_application(args.client_id)
        creds = await client.list_credentials(args.client_id)
        plan = make_plan(
            RotateClientSecret(), app, creds, now=now, own_client_id=client.tokens.client_id
        )
        users = secret_users(known, args.client_id)
        if args.dry_run:
            if args.json:
                emit_json(plan_json(plan, sent=False))
            else:
                _print_plan(plan, users, args.update_profile, to_stdout=True)
            return EXIT_OK
        extra = [e for e in plan.effect_names if e not in CONSENTED]
        if extra and not args.allow_breaking:
            if args.json:
                emit_json(plan_json(plan, sent=False))
            _print_plan(plan, users, args.update_profile, to_stdout=False)
            names = ", ".join(e.value for e in extra)
            hint = (
                " (--update-profile gives this profile the new secret)"
                if any(u.profile == profile.name and u.updatable for u in users)
                else ""
            )
            raise CommandError(
                f"refused: this rotation is breaking beyond replacing the secret ({names}; see "
                f"the plan above). Nothing was sent; add --allow-breaking to rotate it "
                f"anyway{hint}.",
                EXIT_USAGE,
            )
        for effect, why in plan.effects:
            message(f"warning: {effect.value}: {why}")
        for line in _user_lines(users, args.update_profile):
            message(line)
        if not args.yes and not _ask(f"{plan.summary}? The current secret stops working now."):
            raise CommandError("nothing changed", EXIT_USAGE)
        opened = _open_secret_file(args.secret_file) if args.secret_file else None
        try:
            outcome = await execute(
                client,
                args.client_id,
                RotateClientSecret(),
                accept=plan.effect_names,
                now=now,
                seen=plan,
                state=(app, creds),
            )
        except BaseException:
            if opened is not None:
                os.close(opened[1])
                opened[0].unlink(missing_ok=True)  # empty: no secret was made for it
            raise
    secret = outcome.new_secret
    assert secret is not None  # a rotation that was sent made one, or raised
    if opened is not None:
        _write_secret(opened[1], secret)
        message(f"the new secret is in {opened[0]} (0600, only for you)")
    updated = _update(users, known, path, secret) if args.update_profile else {}
    name = outcome.application.name or args.client_id
    message(f"rotated the client secret of {name} ({args.client_id})")
    if not args.show_secret and opened is None and not any(v is None for v in updated.values()):
        message(
            "the new secret was not shown or written anywhere (no --show-secret or "
            "--secret-file); read it in the Auth0 Dashboard (Applications > Credentials)"
        )
    for user in users:
        if user.profile in updated:
            continue
        if user.updatable:
            message(
                f"profile {user.profile} ({user.where}) still has the old secret: give it the "
                "new one (in the TUI: p, then e on the profile)"
            )
        else:
            message(f"profile {user.profile} still has the old secret: {user.advice}")
    if args.json:
        result: dict[str, Any] = {
            "client_id": args.client_id,
            "application": outcome.application.name,
            "rotated": True,
            "secret_shown": bool(args.show_secret),
            "secret_file": str(opened[0]) if opened is not None else None,
            "profiles": [
                {
                    "name": u.profile,
                    "where": u.where,
                    "updatable": u.updatable,
                    "updated": u.profile in updated and updated[u.profile] is None,
                    "advice": u.advice,
                }
                for u in users
            ],
        }
        if args.show_secret:
            result["client_secret"] = secret
        emit_json({**result, **plan_json(outcome.plan, sent=True)})
    elif args.show_secret:
        sys.stdout.write(secret + "\n")
        sys.stdout.flush()
    if outcome.error is not None:
        raise outcome.error
    failed = [name for name, why in updated.items() if why is not None]
    if failed:
        raise CommandError(
            f"the secret was rotated, but profile {', '.join(failed)} could not be given it "
            "(see above)",
            EXIT_TENANT_ERROR,
        )
    return EXIT_OK
