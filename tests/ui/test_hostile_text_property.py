"""Widen the net: generated hostile strings in every tenant field, seen on every surface.

Hypothesis builds strings from what makes a terminal act or text lie (C0 and C1
controls, ESC sequences: OSC 52 clipboard, OSC 8 links, OSC 0 titles, CSI 2J; bidi
overrides, zero-width, tag and other invisible characters; lone surrogates;
Textual/Rich markup such as ``[@click=app.pwned]x[/]`` and ``[b]``; strings of
100 KB) mixed with arbitrary Unicode. One example puts a batch of them in every
string field a tenant sends (application name and description, credential name,
kid and subject DN, an expiry, the Management API's error message, error and
errorCode, ``/oauth/token``'s error, error_description, token_type, scope and the
token's ``cnf``), served by :class:`tests.fake_tenant.FakeTenant`, and looks at:

* the command line, plain and ``--json``: ``apps list``, ``apps show``, ``creds
  list``, ``auth show``, ``check``, ``test`` (key and certificate) and a refused
  read; stdout and stderr are strict UTF-8 captures;
* the TUI, in one session per example: the application list, the application
  screen and its detail pane (every credential), the palette, an error toast and
  the refusal toasts, the token-test, expiry, delete, method and add dialogs, the
  rotation dialog and the expiry overview. What is checked is what Textual writes
  to the terminal (:mod:`tests.ui.terminal`), not the widgets' text.

Promises: no character a terminal acts on or that hides text reaches it, no
markup is interpreted (no click action or link comes from tenant text), nothing
crashes, every ``--json`` parses. CI runs the explicit corpus (every piece in every field);
``HYPOTHESIS_PROFILE=thorough`` adds 40 generated examples.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st
from textual.command import CommandInput, CommandList, CommandPalette
from textual.notifications import Notify
from textual.widgets import Input, Static

from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.delete import DeleteScreen
from credtui.ui.screens.overview import OverviewScreen
from credtui.ui.screens.rotation import RotationScreen
from credtui.ui.screens.token_test import TokenTestScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests import keyfactory as kf
from tests.fake_tenant import FakeTenant, Ran, cli_on, credential, fake_app, stamp, write_config
from tests.ui.scenarios import list_loaded, wait_until
from tests.ui.terminal import live_actions, problems, terminal_output

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
EXAMPLES = 40
"""Generated examples (one TUI session each) in the thorough profile, besides the explicit
one of every piece (the only one in CI)."""
FIELDS = 16
"""Strings per example: one for each tenant field below."""

PIECES = [
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]52;c;cHduZWQ=\x1b\\",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;owned\x07",
    "\x1bP+q544e\x1b\\",
    "\x9b2J",
    "\x9d0;owned\x9c",
    "\x00",
    "\x07",
    "\x08",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u061c",
    "\u200b",
    "\u200d",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\u180e",
    "\U000e0041",
    "\U000e007f",
    "\ufeff",
    "\ud800",
    "\udfff",
    "[@click=app.pwned]x[/]",
    "[@click=app.screenshot]shot[/]",
    "[link=https://evil.example]l[/link]",
    "[b]",
    "[/]",
    "[red on blue]",
    "[/b]",
    "\\",
    "$name",
    "[",
    "]",
    "日本語",
    "😀",
]
_piece = st.one_of(
    st.sampled_from(PIECES),
    st.text(st.characters(exclude_categories=[]), max_size=6),  # any code point, surrogates too
)


def _grow(parts: list[str], huge: bool) -> str:
    text = "".join(parts)
    if huge:  # a 100 KB name: repeated until it is
        text = (text or "x") * (100_000 // max(len(text), 1) + 1)
    return text


hostile = st.builds(
    _grow, st.lists(_piece, min_size=1, max_size=8), st.integers(0, 5).map(lambda n: n == 0)
)

CORPUS = [_grow(PIECES[i:] + PIECES[:i], huge=i % 5 == 0) for i in range(FIELDS)]
"""Every piece in every field (rotated), four fields at 100 KB: run first, every time."""

# The C0/C1 controls, bidi and the rest, as they must never reach a terminal.
_CLI_ACTS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\U000e0000-\U000e007f]"
)


def _tenant(texts: list[str]) -> FakeTenant:
    """The texts in every field: two applications, four credentials, an error, answers."""
    t = iter(texts)
    tenant = FakeTenant()
    key = credential("cred_key", f"Key {next(t)}", kid=next(t), expires_at=next(t))
    dn = credential(
        "cred_dn",
        f"DN {next(t)}",
        credential_type="cert_subject_dn",
        subject_dn=f"CN={next(t)}\nO={next(t)}",
        kid=None,
        alg=None,
    )
    cert = credential(
        "cred_cert",
        next(t),
        credential_type="x509_cert",
        thumbprint_sha256=next(t),
        kid=None,
        expires_at=stamp(5),
    )
    plain = credential("cred_plain", "plain-key", expires_at=stamp(-3))
    tenant.add("app1", f"App1 {next(t)}", [key, dn, cert, plain], description=next(t))
    tenant.add("app2", f"App2 {next(t)}", [], token_endpoint_auth_method="client_secret_post")
    message, error = next(t), next(t)
    tenant.failing["/api/v2/clients/broken"] = (
        400,
        {"statusCode": 400, "error": error, "message": message, "errorCode": error},
    )
    cnf = jwt.encode({"cnf": {"x5t#S256": next(t)}}, "k" * 32, algorithm="HS256")
    tenant.token_answer = (
        200,
        {"access_token": cnf, "token_type": next(t), "scope": next(t), "expires_in": 60},
    )
    tenant.answers = [tenant.token_answer, (401, {"error": error, "error_description": message})]
    return tenant


# --- the command line -------------------------------------------------------------------


def _inert(done: Ran) -> None:
    assert "Traceback" not in done.err and "Unexpected error" not in done.err, done.err[:500]
    for name, stream in (("stdout", done.out), ("stderr", done.err)):
        found = _CLI_ACTS.search(stream)
        assert found is None, f"credtui {' '.join(done.args[:3])} {name}: {found.group()!r}"


def _cli(run: Callable[..., Ran], tenant: FakeTenant, key: Path, cert: Path) -> int:
    commands: list[tuple[str, ...]] = [
        ("apps", "list"),
        ("apps", "show", "app1"),
        ("creds", "list", "app1"),
        ("auth", "show", "app1"),
        ("check",),
        ("apps", "show", "broken"),
        ("test", "app1", "--key", str(key)),
        ("test", "app1", "--cert", str(cert), "--key", str(key)),
    ]
    ran = 0
    for answer in tenant.answers:
        tenant.token_answer = answer
        for args in commands if not ran else commands[-2:]:
            for fmt in ((), ("--json",)):
                done = run(*args, *fmt)
                ran += 1
                _inert(done)
                assert done.code in (0, 1, 3), (args, done.code, done.err[:300])
                if fmt and done.out:
                    json.loads(done.out)
    return ran


# --- the TUI ----------------------------------------------------------------------------


class Seen:
    """Every surface looked at, and every notification's words."""

    def __init__(self) -> None:
        self.surfaces: list[str] = []
        self.notes: list[str] = []
        """Since the last ``clear()``: what the step being looked at notified."""
        self.every_note: list[str] = []

    def hook(self, message: object) -> None:
        if isinstance(message, Notify):
            words = [message.notification.message, message.notification.title or ""]
            self.notes += words
            self.every_note += words


def _look(app: Any, seen: Seen, where: str) -> None:
    found = problems(terminal_output(app))
    assert found == [], f"{where}: {found[:5]}"
    actions = [a for a in live_actions(app) if "pwned" in a or "evil" in a or "screenshot" in a]
    assert actions == [], f"{where}: tenant text made {actions[:3]}"
    seen.surfaces.append(where)


async def _close(pilot: Any) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ApplicationScreen))


def _select(screen: ApplicationScreen, cred_id: str) -> None:
    table = screen.query_one(VirtualTable)
    index = table.key_index(cred_id)
    assert index is not None
    table.cursor = index


async def _tui(tenant: FakeTenant, key: Path, seen: Seen) -> None:
    app = fake_app(tenant)
    async with app.run_test(size=(120, 36), message_hook=seen.hook) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        _look(app, seen, "list")

        # The palette: search by the plain prefix; the hostile rest is listed as typed.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(CommandInput).value = "App1"
        listing = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: listing.option_count > 0)
        await pilot.pause()
        _look(app, seen, "palette")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))

        table = app.screen.query_one(VirtualTable)
        table.cursor = table.key_index("app1") or 0
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ApplicationScreen) and app.screen.fresh
        )
        screen = app.screen
        assert isinstance(screen, ApplicationScreen)
        for cred_id in ("cred_key", "cred_dn", "cred_cert", "cred_plain"):
            _select(screen, cred_id)
            await pilot.pause()
            _look(app, seen, f"application screen, detail of {cred_id}")

        # Dialogs and the toasts of refusals, on each credential where they apply.
        for cred_id, key_press, kind in (
            ("cred_key", "e", object),
            ("cred_dn", "e", object),
            ("cred_key", "d", DeleteScreen),
            ("cred_cert", "d", DeleteScreen),
            ("cred_key", "m", AuthMethodScreen),
            ("cred_key", "a", AddCredentialScreen),
        ):
            _select(screen, cred_id)
            seen.notes.clear()
            await pilot.press(key_press)
            await wait_until(pilot, lambda: app.screen is not screen or bool(seen.notes))
            await pilot.pause()
            _look(app, seen, f"{key_press} on {cred_id}")
            if app.screen is not screen:
                assert kind is object or isinstance(app.screen, kind)
                await _close(pilot)

        # The token test: the issued token's words, then the refusal's.
        for answer in tenant.answers:
            tenant.token_answer = answer
            _select(screen, "cred_key")
            await pilot.press("t")
            await wait_until(pilot, lambda: isinstance(app.screen, TokenTestScreen))
            dialog = app.screen
            assert isinstance(dialog, TokenTestScreen)
            dialog.query_one("#key-path", Input).value = str(key)
            await pilot.press("ctrl+s")
            result = dialog.query_one("#test-result", Static)

            # The token endpoint's words, or a refusal before sending (a hostile kid, say).
            def answered(d: TokenTestScreen = dialog, r: Static = result) -> bool:
                return (r.display or bool(d.status_text)) and not d.busy

            await wait_until(pilot, answered)
            await pilot.pause()
            _look(app, seen, f"token test ({answer[0]})")
            await _close(pilot)

        # Rotation from the key.
        _select(screen, "cred_key")
        seen.notes.clear()
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, RotationScreen) or bool(seen.notes))
        if isinstance(app.screen, RotationScreen):
            rotation = app.screen
            await wait_until(pilot, lambda: rotation.fresh and not rotation.busy)
        await pilot.pause()
        _look(app, seen, "rotation")
        if app.screen is not screen:
            await _close(pilot)

        # An error toast: the tenant refuses the next read with hostile words.
        tenant.failing["/api/v2/clients/app1"] = tenant.failing["/api/v2/clients/broken"]
        seen.notes.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(seen.notes))
        await pilot.pause()
        _look(app, seen, "error toast")
        del tenant.failing["/api/v2/clients/app1"]

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        overview = app.screen
        await wait_until(
            pilot,
            lambda: not overview.sweeping and overview.query_one(VirtualTable).rows != [],
        )
        await pilot.pause()
        _look(app, seen, "overview")
    assert seen.every_note, "no toast was seen"
    for words in seen.every_note:
        assert _CLI_ACTS.search(words) is None, repr(words[:200])


# --- the property -------------------------------------------------------------------------

RUNS: list[tuple[int, int, float, float]] = []
"""(CLI runs, TUI surfaces, CLI seconds, TUI seconds) of each example, for the report below."""


@pytest.fixture(scope="module")
def key_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("keys")
    private = kf.rsa_key(2048, 74)
    key = folder / "svc.pem"
    key.write_text(kf.private_pem(private))
    key.chmod(0o600)
    cert = folder / "svc.crt"
    cert.write_text(kf.cert_pem(kf.self_signed_cert(private)))
    return key, cert


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
    # A failing example is reported as found: shrinking TUI sessions takes many minutes.
    # In CI only the explicit corpus runs (every piece in every field, four at 100 KB: one
    # TUI session of about 10 s); generated examples are for the thorough profile.
    phases=[Phase.explicit, Phase.generate] if THOROUGH else [Phase.explicit],
)
@given(texts=st.lists(hostile, min_size=FIELDS, max_size=FIELDS))
@example(texts=CORPUS)
def test_hostile_tenant_text_reaches_no_terminal_raw(
    texts: list[str],
    key_files: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    note(f"texts (first 80 characters each): {[t[:80] for t in texts]!r}")
    key, cert = key_files
    tenant = _tenant(texts)
    config = tmp_path / "config.toml"
    if not config.exists():
        write_config(config)
    with monkeypatch.context() as patched:
        ran = _cli(cli_on(tenant, config, patched, capsys), tenant, key, cert)
    cli_done = time.monotonic()
    seen = Seen()
    asyncio.run(_tui(_tenant(texts), key, seen))
    RUNS.append((ran, len(seen.surfaces), cli_done - started, time.monotonic() - cli_done))


def test_the_property_ran_every_surface() -> None:
    """Runs after the property (same module, same worker): it looked where it says it did."""
    if not RUNS:
        pytest.skip("the property test did not run in this session")
    assert len(RUNS) >= 1
    for cli_runs, surfaces, _, _ in RUNS:
        assert cli_runs == 20 and surfaces == 17, (cli_runs, surfaces)
    cases = len(RUNS) * FIELDS  # the explicit corpus counts as one example
    print(  # seen with -s: the figures for the issue's note
        f"\n{len(RUNS)} examples, {cases} hostile strings, "
        f"{sum(r[0] for r in RUNS)} CLI runs in {sum(r[2] for r in RUNS):.1f} s, "
        f"{sum(r[1] for r in RUNS)} TUI surfaces in {sum(r[3] for r in RUNS):.1f} s"
    )
