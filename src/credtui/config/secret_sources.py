"""Where a profile's secret lives besides the config file: the OS keyring, or a command.

Two sources for administrators who keep secrets where they already trust them:

- **The system keyring** (``client_secret_keyring = true``): the client secret is
  kept by the operating system's keyring (macOS Keychain, Windows Credential
  Locker, Secret Service on Linux) through the ``keyring`` library, under the
  service :data:`KEYRING_SERVICE` and the profile's name. Where no keyring backend
  exists (a headless server without Secret Service) every use says so in words
  and names the other sources; credtui never falls back to the file.
- **A command** (``client_secret_command = ["op", "read", "op://prod/auth0/secret"]``
  or ``private_key_command``): an argument list run without a shell when a token
  is needed, as the AWS CLI's ``credential_process`` and git's credential helpers
  do. Its stdout is read with a size bound (the first line is the secret; for a
  private key, the PEM), within :data:`COMMAND_TIMEOUT` seconds. On failure its
  stderr is shown, cut short, sanitised, and with anything the command printed on
  stdout blanked out (a helper that echoes the secret on stderr never shows it).
  A private key from a command stays in memory: it is never written to disk.

``keyring`` costs ~65 ms to import, so it is imported only when a keyring profile
is used. Errors are :class:`SecretSourceError` (nothing was sent: exit 2 headless).
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Sequence
from typing import IO, Any

from credtui.errors import LocalValidationError
from credtui.text import safe_text

KEYRING_SERVICE = "credtui"
"""The keyring service every credtui secret is stored under (the user name is the profile's)."""
COMMAND_TIMEOUT = 10.0
"""Seconds a secret command may take (a password manager may ask to unlock first)."""
MAX_OUTPUT = 64 * 1024
"""The most a secret command may print on stdout: a PEM key is a few kilobytes."""
_STDERR_SHOWN = 300

NO_KEYRING = (
    "no system keyring is available here (no Keychain, Credential Locker or Secret Service "
    "backend); keep the secret in an environment variable (client_secret_env) or have a "
    "command print it (client_secret_command) instead"
)


class SecretSourceError(LocalValidationError):
    """A secret could not be had from the keyring or a command; nothing was sent.

    ``field`` is the config key (``client_secret_keyring``, ``client_secret_command``,
    ``private_key_command``); the message never holds the secret.
    """

    def __init__(self, field: str, message: str, *, code: str = "secret_source") -> None:
        super().__init__(field, message, code=code)


# --- the keyring ----------------------------------------------------------------------------


def _keyring() -> Any:
    """The keyring library's active backend; raises when there is none."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise SecretSourceError("client_secret_keyring", NO_KEYRING, code="no_keyring") from None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise SecretSourceError("client_secret_keyring", NO_KEYRING, code="no_keyring")
    return backend


def keyring_problem() -> str | None:
    """Why the keyring cannot be used here, or None when it can (asked before a secret is)."""
    try:
        _keyring()
    except SecretSourceError as exc:
        return exc.message
    return None


def _keyring_call(action: str, call: Any, *args: str) -> Any:
    from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

    try:
        return call(KEYRING_SERVICE, *args)
    except PasswordDeleteError:
        raise  # nothing to remove: the caller's answer, not a failure
    except NoKeyringError:
        raise SecretSourceError("client_secret_keyring", NO_KEYRING, code="no_keyring") from None
    except KeyringError as exc:
        # The backend's own words (a locked keychain, a refused prompt), never a secret.
        raise SecretSourceError(
            "client_secret_keyring",
            f"the system keyring refused to {action}: {safe_text(str(exc), limit=200)}",
        ) from None


def keyring_secret(profile: str) -> str:
    """The client secret the keyring holds for ``profile``."""
    secret = _keyring_call("read the secret", _keyring().get_password, profile)
    if not secret:
        raise SecretSourceError(
            "client_secret_keyring",
            f"the system keyring holds no secret for this profile (service "
            f"{KEYRING_SERVICE!r}); store it again with the profile form or "
            "`credtui profile add --client-secret-keyring`",
            code="missing",
        )
    return str(secret)


def store_keyring_secret(profile: str, secret: str) -> None:
    """Keep ``secret`` in the keyring for ``profile``, and check it reads back."""
    backend = _keyring()
    _keyring_call("store the secret", backend.set_password, profile, secret)
    if _keyring_call("read the secret back", backend.get_password, profile) != secret:
        raise SecretSourceError(
            "client_secret_keyring", "the system keyring did not keep the secret"
        )


def forget_keyring_secret(profile: str) -> bool:
    """Remove ``profile``'s secret from the keyring; False when it held none."""
    from keyring.errors import PasswordDeleteError

    backend = _keyring()
    try:
        _keyring_call("remove the secret", backend.delete_password, profile)
    except PasswordDeleteError:
        return False
    return True


def move_keyring_secret(old: str, new: str) -> None:
    """A renamed profile: its secret moves to the new name (stored first, then removed)."""
    if old == new:
        return
    store_keyring_secret(new, keyring_secret(old))
    forget_keyring_secret(old)


# --- commands -------------------------------------------------------------------------------


def _pump(
    stream: IO[bytes], limit: int, sink: bytearray, over: threading.Event, *, drain: bool
) -> None:
    """Read ``stream``, keeping at most ``limit`` bytes (``over`` set past it).

    Past the limit, stdout stops being read (the caller stops the command); stderr
    (``drain``) is read on and dropped, so a chatty helper never blocks on it.
    """
    while chunk := stream.read(8192):
        room = limit - len(sink)
        if len(chunk) > room:
            sink.extend(chunk[: max(room, 0)])
            over.set()
            if not drain:
                return
            continue
        sink.extend(chunk)


def run_command(
    argv: Sequence[str],
    *,
    field: str,
    timeout: float = COMMAND_TIMEOUT,
    max_bytes: int = MAX_OUTPUT,
) -> bytes:
    """Run ``argv`` (no shell, no stdin) and return its stdout, within a time and size bound.

    Raises :class:`SecretSourceError` naming ``field`` when the command cannot start,
    exits non-zero, runs past ``timeout`` seconds or prints more than ``max_bytes``.
    """
    name = safe_text(argv[0], limit=80) if argv else ""
    if not argv or not argv[0]:
        raise SecretSourceError(field, "is empty; give the command as a list of arguments")
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,
        )
    except FileNotFoundError:
        raise SecretSourceError(field, f"cannot run {name}: no such command") from None
    except OSError as exc:
        raise SecretSourceError(field, f"cannot run {name}: {exc.strerror}") from None
    out, err = bytearray(), bytearray()
    out_over, err_over = threading.Event(), threading.Event()
    assert proc.stdout is not None and proc.stderr is not None
    readers = [
        threading.Thread(
            target=_pump,
            args=(proc.stdout, max_bytes, out, out_over),
            kwargs={"drain": False},
            daemon=True,
        ),
        threading.Thread(
            target=_pump,
            args=(proc.stderr, 4096, err, err_over),
            kwargs={"drain": True},
            daemon=True,
        ),
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        # Poll so that a flood of output stops the command at once, not at the deadline.
        deadline = time.monotonic() + timeout
        while proc.poll() is None and not out_over.is_set():
            if time.monotonic() >= deadline:
                timed_out = True
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.02)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for reader in readers:
            reader.join(timeout=1.0)
        proc.stdout.close()
        proc.stderr.close()
    if timed_out:
        raise SecretSourceError(
            field, f"{name} did not finish within {timeout:g} s", code="timeout"
        )
    if out_over.is_set():
        raise SecretSourceError(
            field,
            f"{name} printed more than {max_bytes // 1024} KB; a secret or a PEM key is far "
            "shorter, so check that this is the right command",
            code="too_large",
        )
    if proc.returncode != 0:
        said = _shown_stderr(bytes(err), bytes(out))
        raise SecretSourceError(
            field,
            f"{name} failed (exit status {proc.returncode})" + (f": {said}" if said else ""),
            code="failed",
        )
    return bytes(out)


def _shown_stderr(err: bytes, out: bytes) -> str:
    """The command's stderr for a message: anything it printed on stdout blanked out first."""
    text = err.decode("utf-8", "replace")
    for line in out.decode("utf-8", "replace").splitlines():
        if len(line.strip()) >= 4:
            text = text.replace(line.strip(), "***")
    return safe_text(text.strip(), limit=_STDERR_SHOWN)


def command_secret(argv: Sequence[str], *, field: str = "client_secret_command") -> str:
    """The first line a command prints: a client secret (or a token)."""
    out = run_command(argv, field=field)
    lines = out.decode("utf-8", "replace").splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        name = safe_text(argv[0], limit=80)
        raise SecretSourceError(field, f"{name} printed nothing on its first line", code="empty")
    return secret


def command_private_key(argv: Sequence[str]) -> bytes:
    """The PEM private key a command prints (kept in memory, never written to disk)."""
    out = run_command(argv, field="private_key_command")
    if b"-----BEGIN" not in out:
        name = safe_text(argv[0], limit=80)
        raise SecretSourceError(
            "private_key_command",
            f"{name} printed no PEM block; it should print the private key "
            "(-----BEGIN PRIVATE KEY----- ...)",
            code="empty",
        )
    return out
