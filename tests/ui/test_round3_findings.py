"""Issue 22, round 3 (findings 2, 3, 5, 6, 10): what a new user trips on at 80x24.

Every assertion is on the rendered lines (:func:`tests.ui.scenarios.screen_lines`):
what a person at an 80x24 terminal sees, not a widget's state.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from credtui.ui.screens.rotation import RotationScreen
from tests.ui.changes_support import app_on
from tests.ui.rotation_scenarios import open_rotation, rotate_from
from tests.ui.scenarios import screen_lines, type_keys, wait_until

SMALL = (80, 24)
_FRAME = str.maketrans({c: " " for c in "█▀▄▊▎▔▁│─╭╮╰╯▇▃▂▁▆▅"})


def flat(text: str) -> str:
    """Rendered text as one line of words: frames dropped, wrapped lines rejoined."""
    return " ".join(text.translate(_FRAME).split())


async def _paged(pilot: Pilot[None], pages: int = 4) -> str:
    """Everything pagedown brings into view, from where the dialog is now."""
    seen = ["\n".join(screen_lines(pilot.app))]  # type: ignore[arg-type]
    for _ in range(pages):
        await pilot.press("pagedown")
        await pilot.pause()
        seen.append("\n".join(screen_lines(pilot.app)))  # type: ignore[arg-type]
    return "\n".join(seen)


async def test_rotation_text_follows_the_tenant_and_pagedown_reaches_the_end() -> None:
    """Finding 6: "billing-next ... is attached nowhere" goes once it is attached, and at
    80x24 pagedown (the focus on the step button) reaches the deploy step's text."""
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_rotation(pilot, "Billing Reconciler", "billing-primary")
        await wait_until(
            pilot, lambda: dialog.state is not None and dialog.state.step.value == "attach"
        )
        assert "is attached nowhere" in flat(await _paged(pilot))  # the note, while true
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, RotationScreen)
                and dialog.state is not None
                and dialog.state.step.value == "deploy"
                and not dialog.busy
            ),
        )
        dialog.query_one("#form-body").scroll_home(animate=False)
        await pilot.pause()
        seen = await _paged(pilot)
        assert "attached nowhere" not in flat(seen)
        assert "Paused: deploy" in flat(seen)
        assert "Confirm deployed Close" in flat(seen)  # the button's new label, whole


EXPIRES = "2027-02-21"  # FIXED_NOW + 90 days: the forms' default


async def test_the_default_expiry_is_seen_in_every_flow_at_80x24() -> None:
    """Finding 2: a, g and o set 90 days unless changed; each shows that date within the
    first screen at 80x24 (a's Expires field was below the fold, o's too)."""
    from credtui.ui.screens.add_credential import AddCredentialScreen
    from credtui.ui.screens.generate import GenerateScreen
    from tests.ui.changes_support import open_app

    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Payments API")
        for key, kind in (("a", AddCredentialScreen), ("g", GenerateScreen)):
            await pilot.press(key)
            await wait_until(pilot, lambda kind=kind: isinstance(app.screen, kind))  # type: ignore[misc]
            await pilot.pause()
            shown = flat("\n".join(screen_lines(app)))
            assert f"Expires 90 days, to {EXPIRES}" in shown, key
            await pilot.press("escape")
            await wait_until(pilot, lambda kind=kind: not isinstance(app.screen, kind))  # type: ignore[misc]
        dialog = await rotate_from(pilot, "payments-2025-q4")
        dialog.query_one("#source").value = "generate"  # type: ignore[attr-defined]
        await wait_until(
            pilot, lambda: dialog.state is not None and dialog.state.step.value == "make_room"
        )
        dialog.query_one("#form-body").scroll_home(animate=False)  # the plan, as it opens
        await pilot.pause()
        shown = flat("\n".join(screen_lines(app)))
        assert "Expires 90 days" not in shown  # the field is below the fold here...
        assert (
            f"Add the new credential (expires {EXPIRES}, in 3 months)" in shown
        )  # ...the plan says it


async def test_a_certificate_added_from_a_file_leaves_its_row_and_details_in_view(
    tmp_path: Path,
) -> None:
    """Finding 3: at 80x24, after adding a certificate from a file, the credential table
    keeps its rows and the detail pane shows issuer, serial and validity."""
    from credtui.ui.screens.add_credential import AddCredentialScreen
    from tests import keyfactory
    from tests.ui.changes_support import back_on_application, open_app, open_dialog, rows, set_value

    cert = keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 4))
    path = tmp_path / "fleet-next.pem"
    path.write_text(keyfactory.cert_pem(cert))
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", "x509_cert")
        await set_value(pilot, "#name", "batch-mtls")
        await set_value(pilot, "#pem-path", str(path))
        app.screen.query_one("#pem-path").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "BEGIN CERTIFICATE" in app.screen.query_one("#pem").text)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: "batch-mtls" in rows(s))
        await pilot.pause()
        lines = screen_lines(app)
        table = [line for line in lines if line.strip().startswith("batch-mtls ")]
        assert table and "Self-signed" in table[0]  # the row, not only the detail's title
        shown = flat("\n".join(lines))
        for wanted in ("Issuer", "CN=Developer Experience", "Serial", "Valid"):
            assert wanted in shown, wanted


async def test_every_field_error_shows_at_once() -> None:
    """Finding 5: an over-long name and a full slot are both said at once, not the
    slot's problem only after the name is fixed."""
    from credtui import rules
    from credtui.ui.screens.add_credential import AddCredentialScreen
    from tests import keyfactory
    from tests.ui.changes_support import open_app, open_dialog, paste_pem, set_value

    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Payments API")  # Private Key JWT holds two: full
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#name", "n" * (rules.NAME_MAX + 1))
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 21)))
        await set_value(pilot, "#attach", "private_key_jwt")
        app.screen.query_one("#name").focus()  # the text area takes pagedown for itself
        app.screen.query_one("#form-body").scroll_home(animate=False)
        await pilot.pause()
        seen = flat(await _paged(pilot))
        assert f"Auth0 allows at most {rules.NAME_MAX}" in seen
        assert "Private Key JWT already has 2 credentials attached" in seen


async def test_the_expiry_dialog_drops_its_refusal_once_a_valid_date_is_typed() -> None:
    """Finding 5: "Not sent: ... not in the future" goes once a valid date is typed."""
    from credtui.ui.screens.expiry import ExpiryScreen
    from tests.ui.changes_support import open_app, open_dialog, select_row

    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Payments API")
        select_row(screen, "payments-2025-q4")
        await open_dialog(pilot, "e", ExpiryScreen)
        await type_keys(pilot, *"2020-01-01", "ctrl+s")
        await pilot.pause()
        assert "Not sent" in flat("\n".join(screen_lines(app)))
        await type_keys(pilot, *["backspace"] * 10, *"2027-06-01")
        await pilot.pause()
        shown = flat("\n".join(screen_lines(app)))
        assert "New expiry: 2027-06-01" in shown
        assert "Not sent" not in shown and "not in the future" not in shown


async def test_a_file_that_fails_to_load_leaves_no_earlier_key_beside_its_error(
    tmp_path: Path,
) -> None:
    """Finding 5: a PEM file that fails to load empties the text area (the key loaded
    before is not left there, beside the error, as if it were the file's)."""
    from credtui.ui.screens.add_credential import AddCredentialScreen
    from tests import keyfactory
    from tests.ui.changes_support import open_app, open_dialog, set_value

    good = tmp_path / "good.pem"
    good.write_text(keyfactory.spki_pem(keyfactory.rsa_key(2048, 22)))
    (tmp_path / "bad.pem").write_text("not a key\n")
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        await open_dialog(pilot, "a", AddCredentialScreen)
        for name in ("good.pem", "bad.pem"):
            await set_value(pilot, "#pem-path", str(tmp_path / name))
            app.screen.query_one("#pem-path").focus()
            await pilot.press("enter")
            await pilot.pause()
            if name == "good.pem":
                shown = flat("\n".join(screen_lines(app)))
                assert "BEGIN PUBLIC KEY" in shown
        shown = flat("\n".join(screen_lines(app)))
        assert "bad.pem" in shown and "BEGIN PUBLIC KEY" not in shown


async def test_people_read_words_not_identifiers() -> None:
    """Finding 10: the preview says "can be attached to" (not "attaches to"), JAR's count
    is "1 key", an application with no credential names its method in words, and the
    add form's refusals name types in words, not Auth0's identifiers or schema text."""
    from credtui.ui.screens.add_credential import AddCredentialScreen
    from tests import keyfactory
    from tests.ui.changes_support import open_app, open_dialog, paste_pem, set_value
    from tests.ui.scenarios import snapshot_tenant

    emu = snapshot_tenant()
    emu.create_application("Lonely Worker", method="private_key_jwt")
    app, _ = app_on(emu)
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Partner Portal")
        assert "1 key attached" in flat("\n".join(screen_lines(app)))
        await pilot.press("escape")
        await open_app(pilot, "Lonely Worker")
        shown = flat("\n".join(screen_lines(app)))
        assert "it authenticates with Private Key JWT but no credential is attached" in shown
        assert "private_key_jwt" not in shown
        await pilot.press("escape")
        await open_app(pilot, "Payments API")
        await open_dialog(pilot, "a", AddCredentialScreen)
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 23)))
        app.screen.query_one("#name").focus()
        seen = flat(await _paged(pilot))
        assert "Can be attached to Private Key JWT or JAR" in seen
        await set_value(pilot, "#kind", "ca_dn")
        await set_value(pilot, "#subject-dn", "CN=client")
        await set_value(pilot, "#attach", "tls_client_auth")
        app.screen.query_one("#name").focus()
        app.screen.query_one("#form-body").scroll_home(animate=False)
        seen = flat(await _paged(pilot))
        assert "Can be attached to mTLS (CA-signed)" in seen
        for raw in ("public_key", "cert_subject_dn", "Array is too long"):
            assert raw not in seen, raw
