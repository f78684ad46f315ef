"""``g`` (generate locally, upload the public part) and ``t`` (a real token request with a local key).

Driven by keys against the in-process emulator; asserts on what the tenant stored
and received, on the key files written, and on what the screen shows (never the
private key, never the token).
"""

from __future__ import annotations

import stat
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from credtui import keys
from credtui.config import Config
from credtui.emulator.app import Emulator
from credtui.models import Application, Credential, CredentialType
from credtui.ops.keyfiles import generate_key_files
from credtui.ui.app import CredtuiApp
from credtui.ui.screens import generate as generate_module
from credtui.ui.screens.generate import GenerateScreen
from credtui.ui.screens.token_test import MTLS_NOTE, TokenTestScreen
from tests import keyfactory as kf
from tests.ui.changes_support import (
    SIZE,
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    error_text,
    last_seq,
    open_app,
    open_dialog,
    rows,
    select_row,
    set_value,
    status_text,
    writes,
)
from tests.ui.scenarios import (
    DAY,
    FIXED_NOW,
    make_app,
    profile_for,
    screen_lines,
    snapshot_tenant,
    wait_until,
)

APP = "Token Tester"


def tenant() -> Emulator:
    """The snapshot tenant plus an application with a client grant, so it can get tokens."""
    emu = snapshot_tenant()
    emu.create_application(APP, method="client_secret_post", grant_scopes=["read:clients"])
    return emu


def pem_body_lines(path: Path) -> list[str]:
    """The base64 lines of a PEM file (the key material itself)."""
    return [x for x in path.read_text().splitlines() if x and not x.startswith("-----")]


def screen_text(app: CredtuiApp) -> str:
    return app.export_screenshot()


async def generate(
    pilot: Pilot[None], path: Path, *, name: str, attach: str, breaking: bool = False
) -> GenerateScreen:
    """Open ``g``, fill it and send it (``breaking``: and apply the breaking change anyway)."""
    dialog = await open_dialog(pilot, "g", GenerateScreen)
    await set_value(pilot, "#key-path", str(path))
    await set_value(pilot, "#name", name)
    await set_value(pilot, "#attach", attach)
    await pilot.press("ctrl+s")
    if breaking:
        await apply_anyway(pilot)
    assert isinstance(dialog, GenerateScreen)
    return dialog


@pytest.mark.slow
async def test_generate_uploads_only_the_public_part_and_never_overwrites(tmp_path: Path) -> None:
    app, emu = app_on(tenant())
    out = tmp_path / "tester.pem"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, APP)
        client = client_named(emu, APP)
        await generate(pilot, out, name="gen-key", attach="private_key_jwt", breaking=True)
        await back_on_application(pilot, lambda s: "gen-key" in rows(s))

        # The tenant holds the public key of the file written, attached to Private Key JWT.
        (cid,) = list(client.credentials)
        stored = client.credentials[cid]
        private = keys.load_private_key(out)
        assert stored.kid == keys.kid_for_public_key(private.public_key())
        assert client.auth_methods == {"private_key_jwt": [cid]}
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert out.with_suffix(".pub").exists()

        # No line of the private key reached the tenant or the screen.
        body = pem_body_lines(out)
        logged = "".join(repr(entry) for entry in emu.log.entries())
        assert "PRIVATE KEY" not in logged and not any(line in logged for line in body)
        # The log redacts a private PEM block: finding its mark would mean one was sent.
        assert "redacted private key" not in logged
        # The scan sees request bodies: the public part uploaded is there.
        assert pem_body_lines(out.with_suffix(".pub"))[0] in logged
        assert not any(line in screen_text(app) for line in body)
        assert "PRIVATE KEY" not in screen_text(app)

        # A second generate to the same path is refused before anything is made or sent.
        before = out.read_bytes()
        seq = last_seq(emu)
        dialog = await generate(pilot, out, name="again", attach="none")
        await wait_until(pilot, lambda: "already exists" in error_text(pilot, "path"))
        assert "never overwrites" in error_text(pilot, "path")
        assert app.screen is dialog and not dialog.busy
        assert out.read_bytes() == before
        assert writes(emu, seq) == [] and list(client.credentials) == [cid]


@pytest.mark.slow
async def test_generate_a_self_signed_certificate_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, emu = app_on(tenant())
    during: list[tuple[bool, str]] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        # What the person sees while the key is being made, and on which thread it is made.
        status = str(app.screen.query_one("#form-status").render())
        during.append((threading.current_thread() is threading.main_thread(), status))
        return generate_key_files(*args, **kwargs)

    monkeypatch.setattr(generate_module, "generate_key_files", watched)
    out = tmp_path / "cert-key.pem"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, APP)
        client = client_named(emu, APP)
        dialog = await open_dialog(pilot, "g", GenerateScreen)
        await set_value(pilot, "#kind", "x509_cert")
        assert dialog.query_one("#field-subject").display
        assert not dialog.query_one("#field-expiry").display
        await set_value(pilot, "#subject", "CN=tester.acme.example")
        await set_value(pilot, "#key-path", str(out))
        await set_value(pilot, "#name", "gen-cert")
        await set_value(pilot, "#attach", "self_signed_tls_client_auth")
        await set_value(pilot, "#bits", 4096)
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # from a client secret: breaking, confirmed
        await back_on_application(pilot, lambda s: "gen-cert" in rows(s))
        # The key was made off the UI thread, with the dialog saying so meanwhile.
        assert during == [(False, "Generating a 4096-bit key and a self-signed certificate…")]
        (cid,) = list(client.credentials)
        stored = client.credentials[cid]
        info = keys.inspect_pem(out.with_suffix(".crt").read_text())
        assert stored.credential_type == "x509_cert"
        assert stored.thumbprint_sha256 == info.thumbprint_sha256
        assert client.auth_methods == {"self_signed_tls_client_auth": [cid]}
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.slow
async def test_token_test_passes_for_the_attached_key_and_explains_a_foreign_one(
    tmp_path: Path,
) -> None:
    app, emu = app_on(tenant())
    out = tmp_path / "tester.pem"
    stranger = generate_key_files(tmp_path / "stranger.pem").private_key
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, APP)
        await generate(pilot, out, name="gen-key", attach="private_key_jwt", breaking=True)
        screen = await back_on_application(pilot, lambda s: "gen-key" in rows(s))
        select_row(screen, "gen-key")

        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        # The key g just wrote is offered (issue 22, finding 8): nothing to type.
        await pilot.pause()
        shown_lines = [line for line in screen_lines(app) if "Private key file" in line]
        assert any(str(out)[:30] in line for line in shown_lines), shown_lines
        assert dialog.query_one("#key-path", Input).value == str(out)
        await pilot.press("ctrl+s")
        result = dialog.query_one("#test-result")
        await wait_until(pilot, lambda: result.display and not dialog.busy)
        shown = str(result.render())
        assert "Token issued to Token Tester." in shown
        assert "Type: Bearer" in shown and "Scopes: read:clients" in shown
        assert "Passed" in status_text(pilot)
        tokens = [e for e in emu.log.entries() if e.path == "/oauth/token"]
        assert tokens and tokens[-1].status == 200
        assert "eyJ" not in screen_text(app)  # no token (nor assertion) on screen

        # A key the application does not hold: refused, and the reason in words.
        seq = last_seq(emu)
        await set_value(pilot, "#key-path", str(stranger))
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: not dialog.busy and last_seq(emu) > seq and "Refused" in str(result.render()),
        )
        shown = str(result.render())
        assert "Refused (401" in shown
        # The kid sent is gen-key's (the default), so the tenant finds it and the signature fails.
        assert "the key does not match what the application holds" in shown
        assert "Failed" in status_text(pilot)

        # Without the kid, the key is judged by itself: not one of the application's keys.
        seq = last_seq(emu)
        await set_value(pilot, "#kid", "")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not dialog.busy and last_seq(emu) > seq)
        await wait_until(pilot, lambda: "not one of" in str(result.render()))
        shown = str(result.render())
        assert "This key is not one of Token Tester's credentials" in shown
        assert "Failed" in status_text(pilot)
        assert not any(line in screen_text(app) for line in pem_body_lines(stranger))


async def test_token_test_refuses_a_missing_file_before_sending(tmp_path: Path) -> None:
    app, emu = app_on(tenant())
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Billing Reconciler")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        seq = last_seq(emu)
        await set_value(pilot, "#key-path", str(tmp_path / "missing.pem"))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Cannot read" in error_text(pilot, "key"))
        assert last_seq(emu) == seq  # nothing was sent
        assert not dialog.query_one("#test-result").display


# --- every explanation, as the dialog shows it ----------------------------------------------


def shown(widget: Widget) -> str:
    """A widget's rendered lines as one text (wrapped lines joined), as the screen shows it."""
    lines = [widget.render_line(y).text.strip() for y in range(widget.size.height)]
    return " ".join(" ".join(lines).split())


def key_file(tmp_path: Path, name: str, index: int) -> tuple[Path, str]:
    """A private key file (0600) from the test key cache, and its public PEM."""
    key = kf.rsa_key(2048, index)
    path = tmp_path / f"{name}.pem"
    path.write_text(kf.private_pem(key))
    path.chmod(0o600)
    return path, kf.spki_pem(key)


def public_key(name: str, pem: str, expires: datetime) -> dict[str, str]:
    stamp = expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {"credential_type": "public_key", "name": name, "pem": pem, "expires_at": stamp}


async def run_test(pilot: Pilot[None], dialog: TokenTestScreen, emu: Emulator) -> str:
    """Send the dialog as filled, wait for the tenant's answer, return the result as shown."""
    seq = last_seq(emu)
    await pilot.press("ctrl+s")
    result = dialog.query_one("#test-result")
    await wait_until(pilot, lambda: last_seq(emu) > seq and not dialog.busy and result.display)
    await pilot.pause()
    return shown(result)


@pytest.mark.slow
async def test_token_test_explains_each_refusal_in_words(tmp_path: Path) -> None:
    emu = tenant()
    key_a, pem_a = key_file(tmp_path, "a", 301)
    key_b, pem_b = key_file(tmp_path, "b", 302)
    key_c, pem_c = key_file(tmp_path, "c", 303)
    key_d, pem_d = key_file(tmp_path, "d", 304)
    # Made while the tenant's clock is a month earlier, so c may expire before "now".
    emu.clock.freeze(FIXED_NOW - 30 * DAY)
    emu.create_application(
        "Key Tester",
        method="private_key_jwt",
        credentials=[
            public_key("a", pem_a, FIXED_NOW + 30 * DAY),
            public_key("c", pem_c, FIXED_NOW - 10 * DAY),
        ],
        unattached=[public_key("b", pem_b, FIXED_NOW + 30 * DAY)],
        grant_scopes=["read:clients"],
    )
    emu.create_application(
        "Secret Tester",
        method="client_secret_post",
        unattached=[public_key("d", pem_d, FIXED_NOW + 30 * DAY)],
        grant_scopes=["read:clients"],
    )
    emu.clock.freeze(FIXED_NOW)
    creds = {c.name: c for c in client_named(emu, "Key Tester").credentials.values()}
    app, _ = app_on(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Key Tester")
        select_row(screen, "a")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        await set_value(pilot, "#key-path", str(key_a))

        # Kid mismatch: a kid that names no credential.
        await set_value(pilot, "#kid", "not-the-kid-123")
        text = await run_test(pilot, dialog, emu)
        assert text.startswith("Refused (401 access_denied).")
        assert (
            "The assertion's kid not-the-kid-123 is not the kid of a "
            f"({creds['a'].id}) ({creds['a'].kid}); Auth0 looks the key up by kid" in text
        )
        assert "Failed: see why above." in status_text(pilot)

        # Wrong algorithm: a is registered for RS256.
        await set_value(pilot, "#kid", creds["a"].kid)
        await set_value(pilot, "#alg", "PS256")
        text = await run_test(pilot, dialog, emu)
        assert (
            f"a ({creds['a'].id}) is registered for RS256 but the assertion was signed with "
            "PS256" in text
        )
        await set_value(pilot, "#alg", "RS256")

        # Key not attached: b is uploaded but attached to nothing.
        await set_value(pilot, "#key-path", str(key_b))
        await set_value(pilot, "#kid", "")
        text = await run_test(pilot, dialog, emu)
        assert (
            f"The key is uploaded as b ({creds['b'].id}) but not attached to Private Key JWT "
            "(it is attached to nothing); Auth0 verifies assertions only with attached "
            "credentials." in text
        )

        # Expired credential: c expired ten days ago.
        await set_value(pilot, "#key-path", str(key_c))
        text = await run_test(pilot, dialog, emu)
        assert (
            f"c ({creds['c'].id}) expired on 2026-11-13 12:00 UTC; Auth0 ignores expired "
            "credentials." in text
        )

        # Clock skew: the tenant's clock runs two hours ahead of this machine's.
        emu.clock.freeze(FIXED_NOW + timedelta(hours=2))
        await set_value(pilot, "#key-path", str(key_a))
        text = await run_test(pilot, dialog, emu)
        assert (
            "The tenant judged the assertion's times (iat/exp) wrong: the clocks disagree by "
            "more than Auth0's 10 s tolerance." in text
        )
        assert "Synchronise this machine's clock (NTP) and try again." in text
        emu.clock.freeze(FIXED_NOW)

        # Method not enabled: Secret Tester authenticates with a client secret.
        await pilot.press("escape")
        await back_on_application(pilot)
        await pilot.press("escape")
        screen = await open_app(pilot, "Secret Tester")
        select_row(screen, "d")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        await set_value(pilot, "#key-path", str(key_d))
        text = await run_test(pilot, dialog, emu)
        secret_id = client_named(emu, "Secret Tester").client_id
        assert (
            "Private Key JWT is not enabled for Secret Tester: it authenticates with "
            f"client_secret_post. Enable it with `credtui auth set {secret_id} --method "
            "private_key_jwt --credential CREDENTIAL_ID`." in text
        )
        picture = screen_text(app)
        for path in (key_a, key_b, key_c, key_d):
            assert not any(line in picture for line in pem_body_lines(path))


# --- mTLS: the certificate as the edge forwards it, on a local tenant only -----------------


def cert_files(tmp_path: Path, name: str, index: int) -> tuple[Path, Path, keys.PemInfo]:
    """A self-signed certificate file and its private key file (0600)."""
    key = kf.rsa_key(2048, index)
    cert, pem = tmp_path / f"{name}.crt", tmp_path / f"{name}.pem"
    cert.write_text(kf.cert_pem(kf.self_signed_cert(key)))
    pem.write_text(kf.private_pem(key))
    pem.chmod(0o600)
    return cert, pem, keys.inspect_pem(cert.read_text())


@pytest.mark.slow
async def test_token_test_mtls_bound_token_and_refusals(tmp_path: Path) -> None:
    emu = tenant()
    cert, key, info = cert_files(tmp_path, "fleet", 305)
    other_cert, other_key, _ = cert_files(tmp_path, "other", 306)
    emu.create_application(
        "Fleet Tester",
        method="self_signed_tls_client_auth",
        credentials=[{"credential_type": "x509_cert", "name": "fleet", "pem": info.pem}],
        extra={"access_token": {"tls_client_certificate_binding": True}},
        grant_scopes=["read:clients"],
    )
    app, _ = app_on(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Fleet Tester")
        select_row(screen, "fleet")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        assert app.screen.focused is dialog.query_one("#cert-path")
        assert shown(dialog.query_one("#test-note")) == MTLS_NOTE
        assert not dialog.query("#alg") and not dialog.query("#kid")

        # A key that is not the certificate's: refused under its field, nothing sent.
        seq = last_seq(emu)
        await set_value(pilot, "#cert-path", str(cert))
        await set_value(pilot, "#key-path", str(other_key))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "does not belong" in error_text(pilot, "key"))
        assert error_text(pilot, "key").startswith(
            "This private key does not belong to the certificate: the certificate holds another "
            "public key, so the TLS handshake would fail at the edge."
        )
        assert "Not sent: fix the field marked above." in status_text(pilot)
        assert last_seq(emu) == seq and not dialog.query_one("#test-result").display

        # The right pair: a token bound to the certificate.
        await set_value(pilot, "#key-path", str(key))
        text = await run_test(pilot, dialog, emu)
        assert text.startswith(
            "Token issued to Fleet Tester. Sent as the edge would: "
            "client-certificate-ca-verified: FAILED: self signed certificate Type: Bearer "
            "Expires in: 86400 s Scopes: read:clients"
        )
        assert text.endswith(
            "Bound to this certificate: the token's cnf.x5t#S256 matches the certificate's "
            "thumbprint."
        )
        assert "Passed: the tenant issued a token." in status_text(pilot)
        token_calls = [e for e in emu.log.entries() if e.path == "/oauth/token" and e.seq > seq]
        assert [e.status for e in token_calls] == [200]
        assert error_text(pilot, "key") == ""

        # A certificate the application does not hold: refused, and why.
        await set_value(pilot, "#cert-path", str(other_cert))
        await set_value(pilot, "#key-path", str(other_key))
        text = await run_test(pilot, dialog, emu)
        assert text.startswith("Refused (401 access_denied).")
        assert "This certificate is not one of Fleet Tester's credentials" in text
        assert "Failed: see why above." in status_text(pilot)

        # No private key on screen nor in the tenant's log; no token on screen.
        picture = screen_text(app)
        logged = "".join(repr(entry) for entry in emu.log.entries())
        for path in (key, other_key):
            body = pem_body_lines(path)
            assert not any(line in picture for line in body)
            assert not any(line in logged for line in body)
        assert "eyJ" not in picture


@pytest.mark.slow
async def test_token_test_mtls_on_a_real_tenant_says_why_and_sends_nothing(
    tmp_path: Path,
) -> None:
    emu = snapshot_tenant()
    config = Config().with_profile(profile_for("acme-prod", emu, "https://acme.eu.auth0.com"))
    app = make_app({"acme-prod": emu}, config=config)
    cert, key, _ = cert_files(tmp_path, "edge", 307)
    fleet = client_named(emu, "Thermostat Fleet")
    (cred_id,) = fleet.credentials
    credential = Credential(cred_id, CredentialType.X509_CERT, name="fleet-cert")
    async with app.run_test(size=SIZE) as pilot:
        # The local tenant answers only loopback names, so this "real" one lists nothing:
        # the dialog is opened for the application directly, as `t` would open it.
        await wait_until(pilot, lambda: "Could not load" in "".join(screen_lines(app)))
        application = Application(fleet.client_id, "Thermostat Fleet")
        dialog = TokenTestScreen(application, credential, tmp_path)
        await app.push_screen(dialog)
        await wait_until(pilot, lambda: app.screen is dialog and dialog.focused is not None)
        note = shown(dialog.query_one("#test-note"))
        assert note.startswith(
            "An mTLS test has to go through your edge: acme.eu.auth0.com is a real tenant, and "
            "Auth0 takes a client certificate only from the customer's edge"
        )
        seq = last_seq(emu)
        await set_value(pilot, "#cert-path", str(cert))
        await set_value(pilot, "#key-path", str(key))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Not sent" in status_text(pilot))
        assert status_text(pilot).startswith("Not sent: An mTLS test has to go through your edge")
        assert last_seq(emu) == seq and not dialog.busy


# --- both dialogs at 80x24 ------------------------------------------------------------------


async def reach_every_field(pilot: Pilot[None], dialog: Any, labels: dict[str, str]) -> None:
    """Tab through the dialog: each field, when focused, is drawn with its label on screen."""
    app = pilot.app
    for widget_id, label in labels.items():
        widget = dialog.query_one(f"#{widget_id}")
        widget.focus()
        await pilot.pause()
        lines = screen_lines(app)
        row = widget.region.y
        assert 0 < row < 23 and widget.region.height, f"{widget_id} is off screen"
        assert label in lines[row], f"{label!r} not drawn beside {widget_id}: {lines[row]!r}"
    box = dialog.query_one("#form-box").region
    assert box.right <= 80 and box.bottom <= 23
    lines = screen_lines(app)
    send = dialog.query_one("#form-send")
    assert send.region.bottom <= box.bottom and str(send.label) in lines[send.region.y]
    assert "Cancel" in lines[send.region.y]
    # The footer names ctrl+s as the send button does ("Generate and add", "Request a token").
    assert f"^s {send.label}" in lines[23] and "esc Cancel" in lines[23]


@pytest.mark.slow
async def test_generate_and_test_dialogs_at_80x24(tmp_path: Path) -> None:
    app, emu = app_on(tenant())
    taken = tmp_path / "taken.pem"
    taken.write_text("not a key")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, "Payments API")
        generate = await open_dialog(pilot, "g", GenerateScreen)
        await set_value(pilot, "#kind", "x509_cert")
        # The tallest state: a certificate's fields, a two-line error and the status line.
        await set_value(pilot, "#key-path", str(taken))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "already exists" in error_text(pilot, "path"))
        fields = {
            "kind": "Generate",
            "bits": "Key size",
            "subject": "Subject",
            "days": "Valid days",
            "key-path": "Private key file",
            "name": "Name",
            "attach": "Attach now",
        }
        await reach_every_field(pilot, generate, fields)
        assert "Not sent: fix the field marked above." in "".join(screen_lines(app))
        await pilot.press("escape")
        await back_on_application(pilot)

        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        fields = {"key-path": "Private key file", "alg": "Algorithm", "kid": "Key ID"}
        await reach_every_field(pilot, dialog, fields)
        await pilot.press("escape")
        await back_on_application(pilot)
        await pilot.press("escape")

        await open_app(pilot, "Thermostat Fleet")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        # A long refusal below the fields still leaves them and the buttons on screen.
        other, other_key, _ = cert_files(tmp_path, "stranger", 308)
        await set_value(pilot, "#cert-path", str(other))
        await set_value(pilot, "#key-path", str(other_key))
        text = await run_test(pilot, dialog, emu)
        assert "This certificate is not one of Thermostat Fleet's credentials" in text
        lines = screen_lines(app)
        result = dialog.query_one("#test-result")
        assert "Refused (401 access_denied)." in lines[result.region.y]
        await reach_every_field(
            pilot, dialog, {"cert-path": "Certificate file", "key-path": "Private key file"}
        )
