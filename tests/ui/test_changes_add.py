"""Adding credentials from the TUI, one test per flow in the seeds, checked on the tenant.

Each test drives the add dialog by keys (paste for the PEM), then asserts on the
emulator's state and request log, and on what the screen shows after its re-read.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual import events
from textual.widgets import Input, TextArea

from credtui import keys
from credtui.rules import format_timestamp
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.application import ApplicationScreen
from tests import keyfactory
from tests.ui.changes_support import (
    SIZE,
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    last_seq,
    open_app,
    open_dialog,
    paste_pem,
    rows,
    set_value,
    writes,
)
from tests.ui.scenarios import FIXED_NOW, wait_until

LEGACY = "Nightly Batch (legacy)"


def text_of(app: object, selector: str) -> str | None:
    """An Input's value or a TextArea's text, None while the dialog is still being built."""
    found = app.screen.query(selector)  # type: ignore[attr-defined]
    if not found:
        return None
    widget = found.first()
    return (
        widget.value
        if isinstance(widget, Input)
        else widget.text
        if isinstance(widget, TextArea)
        else None
    )


def new_ids(before: set[str], after: set[str]) -> list[str]:
    return sorted(after - before)


@pytest.mark.slow
async def test_add_a_public_key_and_enable_private_key_jwt_in_one_flow() -> None:
    app, emu = app_on()
    key = keyfactory.rsa_key(2048, 3)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, LEGACY)
        client = client_named(emu, LEGACY)
        before = set(client.credentials)
        seq = last_seq(emu)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#name", "batch-2026")
        await paste_pem(pilot, keyfactory.spki_pem(key))
        await set_value(pilot, "#attach", "private_key_jwt")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview").render())
        kid = keys.kid_for_public_key(key.public_key())
        assert kid in preview and "RSA 2048-bit" in preview
        assert "Can be attached to Private Key JWT or JAR (signed requests)" in preview
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # from a client secret: breaking, confirmed
        screen = await back_on_application(pilot, lambda s: "batch-2026" in rows(s))

        (cid,) = new_ids(before, set(client.credentials))
        stored = client.credentials[cid]
        assert stored.kid == kid and stored.name == "batch-2026" and stored.alg == "RS256"
        assert stored.expires_at == FIXED_NOW + timedelta(days=90)  # the default quick choice
        assert client.auth_methods == {"private_key_jwt": [cid]}
        assert client.token_endpoint_auth_method is None
        assert writes(emu, seq) == [
            ("POST", f"/api/v2/clients/{client.client_id}/credentials"),
            ("PATCH", f"/api/v2/clients/{client.client_id}"),
        ]
        assert rows(screen)["batch-2026"][4] == "Private Key JWT"
        assert "Private Key JWT" in str(screen.query_one("#app-summary").render())


@pytest.mark.slow
async def test_add_a_self_signed_certificate_and_enable_self_signed_mtls() -> None:
    app, emu = app_on()
    cert = keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 4))
    info = keys.inspect_pem(keyfactory.cert_pem(cert))
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, LEGACY)
        client = client_named(emu, LEGACY)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", "x509_cert")
        await set_value(pilot, "#name", "batch-mtls")
        await paste_pem(pilot, keyfactory.cert_pem(cert))
        await set_value(pilot, "#attach", "self_signed_tls_client_auth")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview").render())
        assert info.thumbprint_sha256 and info.thumbprint_sha256 in preview
        assert "mTLS (self-signed)" in preview and "(the certificate's)" in preview
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # breaking: confirmed with "Apply anyway"
        screen = await back_on_application(pilot, lambda s: "batch-mtls" in rows(s))

        (stored,) = client.credentials.values()
        assert stored.credential_type == "x509_cert"
        assert stored.thumbprint_sha256 == info.thumbprint_sha256
        assert stored.expires_at == info.not_after
        assert client.auth_methods == {"self_signed_tls_client_auth": [stored.id]}
        # The certificate is known on this machine: the detail pane shows what Auth0 does not keep.
        detail = str(screen.query_one("#cred-detail").render())
        assert "Issuer" in detail and "Serial" in detail and "Valid" in detail
        assert "CN=Developer Experience" in detail


@pytest.mark.slow
async def test_add_ca_signed_by_typed_dn_then_by_pem_and_enable_tls_client_auth() -> None:
    app, emu = app_on()
    leaf = keyfactory.ca_signed_cert(keyfactory.rsa_key(2048, 5).public_key())
    leaf_dn = keys.inspect_pem(keyfactory.cert_pem(leaf)).subject_dn
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, LEGACY)
        client = client_named(emu, LEGACY)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", "ca_dn")
        await set_value(pilot, "#name", "by-dn")
        await set_value(pilot, "#subject-dn", "C=GB, O=Acme Corp, CN=batch.acme.example")
        await set_value(pilot, "#attach", "tls_client_auth")
        await pilot.pause()
        assert "O=Acme Corp" in str(app.screen.query_one("#preview").render())
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # breaking: confirmed with "Apply anyway"
        await back_on_application(pilot, lambda s: "by-dn" in rows(s))
        (by_dn,) = client.credentials.values()
        assert by_dn.subject_dn == "C=GB\nO=Acme Corp\nCN=batch.acme.example"  # Auth0's form

        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", "ca_pem")
        await set_value(pilot, "#name", "by-pem")
        await paste_pem(pilot, keyfactory.cert_pem(leaf))
        await set_value(pilot, "#attach", "tls_client_auth")
        await pilot.press("ctrl+s")
        screen = await back_on_application(pilot, lambda s: "by-pem" in rows(s))
        by_pem = next(c for c in client.credentials.values() if c.name == "by-pem")
        assert by_pem.credential_type == "cert_subject_dn"
        assert by_pem.subject_dn == leaf_dn
        # Both attached, beside each other, in the one CA-signed slot.
        assert client.auth_methods == {"tls_client_auth": [by_dn.id, by_pem.id]}
        assert rows(screen)["by-pem"][4] == "mTLS (CA-signed)"


@pytest.mark.slow
async def test_expiry_typed_as_a_date_and_never_with_the_warning() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, LEGACY)
        client = client_named(emu, LEGACY)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 6)))
        await set_value(pilot, "#expiry-choice", "never")
        await pilot.pause()
        assert "never expire" in str(app.screen.query_one("#preview").render())
        await set_value(pilot, "#expiry-choice", "typed")
        await set_value(pilot, "#expires", "2027-03-01")
        assert "2027-03-01 00:00 UTC" in str(app.screen.query_one("#preview").render())
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: len(rows(s)) == 1)
        (stored,) = client.credentials.values()
        assert stored.expires_at is not None
        assert format_timestamp(stored.expires_at) == "2027-03-01T00:00:00.000Z"
        assert client.auth_methods is None  # not attached: "Don't attach now" was left


@pytest.mark.slow
async def test_keys_typed_right_after_a_opens_the_form_are_not_lost() -> None:
    """A fast typist (or a paste as keys): every key is queued before the form has focus."""
    app, _ = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, LEGACY)
        typed = [("a", "a"), ("k", "k"), ("e", "e"), ("y", "y"), ("minus", "-"), ("one", "1")]
        # Tabs typed that early move on, as expected: past the expiry to the PEM file.
        typed += [("tab", "\t"), ("tab", "\t"), ("k", "k")]
        for key, char in typed:
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: isinstance(app.screen, AddCredentialScreen))
        await wait_until(pilot, lambda: text_of(app, "#pem-path") == "k")
        assert text_of(app, "#name") == "key-1"
        # A paste right after opening goes where a PEM goes.
        await pilot.press("escape", "y")  # escape asks before throwing "key-1" away
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationScreen))
        pem = keyfactory.spki_pem(keyfactory.rsa_key(2048, 7))
        app.post_message(events.Key("a", "a"))
        app.post_message(events.Paste(pem))
        await wait_until(pilot, lambda: isinstance(app.screen, AddCredentialScreen))
        await wait_until(pilot, lambda: (text_of(app, "#pem") or "").strip() == pem.strip())
        assert text_of(app, "#name") == ""
