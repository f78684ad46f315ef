"""``o``: the guided zero-downtime rotation, driven by keys against the in-process emulator.

Between every two steps the application gets a real token (client_credentials
with a private_key_jwt assertion) with the key it has deployed at that moment;
the tests assert on what the tenant holds after each step, on the words the
dialog shows, on the key file written, and on what the tenant received (never a
private key).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from textual.pilot import Pilot
from textual.widgets import Input, Select

from credtui import keys
from credtui.emulator.app import Emulator
from credtui.emulator.store import Client
from credtui.ops.keyfiles import generate_key_files
from credtui.ops.plan import Effect
from credtui.ops.rotation import RotationStep
from credtui.ops.tokentest import try_credential
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.rotation import RotationScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests.keyfactory import rsa_key, spki_pem
from tests.ui.changes_support import (
    SIZE,
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    error_text,
    last_seq,
    open_app,
    rows,
    select_row,
    set_value,
    status_text,
    toasts,
    writes,
)
from tests.ui.rotation_scenarios import open_rotation
from tests.ui.scenarios import FIXED_NOW, screen_lines, snapshot_tenant, wait_until

WORKER = "Orders Worker"
BILLING = "Billing Worker"
PRIVATE = "PRIV" + "ATE KEY"  # built here so no file holds a private-key armour line


def _pk(index: int, name: str) -> dict[str, str]:
    return {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, index)), "name": name}


def tenant() -> Emulator:
    """The snapshot tenant plus two applications that can get tokens with their keys."""
    emu = snapshot_tenant()
    emu.create_application(
        WORKER,
        method="private_key_jwt",
        credentials=[_pk(70, "current"), _pk(71, "forgotten")],
        grant_scopes=["read:clients"],
    )
    emu.create_application(
        BILLING,
        method="private_key_jwt",
        credentials=[_pk(72, "billing-now")],
        grant_scopes=["read:clients"],
    )
    return emu


async def token_ok(app: CredtuiApp, client: Client, key: rsa.RSAPrivateKey) -> bool:
    """A real token request as the application, signed with ``key``."""
    assert app.client is not None
    result = await try_credential(app.client, client.client_id, key, now=FIXED_NOW)
    return result.ok


def text(dialog: RotationScreen, selector: str) -> str:
    widget = dialog.query_one(selector)
    return str(widget.render()) if widget.display else ""


def plan_rows(dialog: RotationScreen) -> list[str]:
    return [str(w.render()) for w in dialog.query(".plan-step")]


def current_row(dialog: RotationScreen) -> str:
    return str(dialog.query_one(".plan-step.-current").render())


def attached(client: Client, method: str = "private_key_jwt") -> list[str]:
    """The names of the credentials attached to ``method`` on the tenant."""
    ids = (client.auth_methods or {}).get(method, [])
    return [client.credentials[i].name or i for i in ids]


def names(client: Client) -> list[str]:
    return sorted(c.name or c.id for c in client.credentials.values())


def text_of(app: CredtuiApp) -> str:
    return "\n".join(screen_lines(app))


def logged(emu: Emulator) -> str:
    return "".join(repr(entry) for entry in emu.log.entries())


def pem_body_lines(path: Path) -> list[str]:
    return [x for x in path.read_text().splitlines() if x and not x.startswith("-----")]


async def load_pem(pilot: Pilot[None], path: Path) -> None:
    """Type a PEM file's path and press enter in it, as a person does."""
    field = pilot.app.screen.query_one("#pem-path", Input)
    field.focus()
    field.value = str(path)
    await pilot.pause()
    await pilot.press("enter")


async def next_step(
    pilot: Pilot[None], dialog: RotationScreen, *, breaking: bool = False
) -> RotationStep:
    """Press ctrl+s (a breaking step: and apply it anyway) and wait until the step is done and
    the tenant re-read."""
    assert dialog.state is not None
    before = dialog.state.step
    await pilot.press("ctrl+s")
    if breaking:
        question = await apply_anyway(pilot)
        assert question.plan.effect_names == (Effect.DETACHES_WORKING_CREDENTIAL,)
    await wait_until(
        pilot,
        lambda: (
            not dialog.busy
            and (
                dialog.failure is not None
                or dialog.state is None
                or dialog.state.step is not before
            )
        ),
    )
    return before


@pytest.mark.slow
async def test_full_rotation_on_a_full_method_keeps_the_application_working(
    tmp_path: Path,
) -> None:
    app, emu = app_on(tenant())
    out = tmp_path / "orders-next.pem"
    seen: list[object] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        dialog = await open_rotation(pilot, WORKER, "current")
        client = client_named(emu, WORKER)
        # current and forgotten were added at the same moment: the tenant shows no rotation,
        # so nothing is chosen for the person, and the dialog says what it sees.
        assert dialog.state is not None and dialog.ambiguous
        assert dialog.query_one("#source", Select).value == Select.NULL
        note = text(dialog, "#rotation-candidate")
        assert note.startswith("Private Key JWT holds current (created 2026-11-23 12:00 UTC")
        assert "(both were added at the same time), so nothing is chosen" in note
        assert dialog.query_one("#form-send").disabled
        assert "Choose the new credential above" in status_text(pilot)
        assert not any("← next" in row for row in plan_rows(dialog))
        # Start afresh with a key made here: the plan begins with making room.
        await set_value(pilot, "#source", "generate")
        await set_value(pilot, "#key-path", str(out))
        await set_value(pilot, "#name", "next")
        assert dialog.state.step is RotationStep.MAKE_ROOM
        plan = plan_rows(dialog)
        assert len(plan) == 6
        assert plan[0].startswith("▶ 1. Detach forgotten from Private Key JWT to make room")
        assert plan[5] == "  6. Delete current"
        assert "Attached to Private Key JWT now: current and forgotten." in text(
            dialog, "#rotation-now"
        )

        deployed = rsa_key(2048, 70)
        assert await token_ok(app, client, deployed)
        done: list[RotationStep] = []
        for _ in range(8):
            assert dialog.state is not None
            if dialog.state.step is RotationStep.DONE:  # type: ignore[comparison-overlap]  # changed in the loop
                break
            if dialog.state.step is RotationStep.DEPLOY:  # type: ignore[comparison-overlap]  # changed in the loop
                assert "Paused: deploy next where the application runs and test it; press t" in (
                    text(dialog, "#deploy-text")
                )
                assert f"Its private key is in {out} (0600)." in text(dialog, "#deploy-text")
                assert str(dialog.query_one("#form-send").label) == "Confirm deployed"
                # t tests the new key from the dialog, its file filled in.
                await pilot.press("t")
                await wait_until(pilot, lambda: isinstance(app.screen, TokenTestScreen))
                tester = app.screen
                assert tester.query_one("#key-path", Input).value == str(out)
                await pilot.press("ctrl+s")
                assert isinstance(tester, TokenTestScreen)
                await wait_until(pilot, lambda t=tester: not t.busy and "Token" in text_of(app))
                assert "Token issued to Orders Worker." in text_of(app)
                await pilot.press("escape")
                await wait_until(pilot, lambda: app.screen is dialog)
                deployed = keys.load_private_key(out)  # the application now uses the new key
            seq = last_seq(emu)
            breaking = dialog.state.step in (RotationStep.MAKE_ROOM, RotationStep.DETACH_OLD)
            step = await next_step(pilot, dialog, breaking=breaking)
            done.append(step)
            # What the tenant holds after each step, and what the dialog says of it.
            now = text(dialog, "#rotation-now")
            if step is RotationStep.MAKE_ROOM:
                assert attached(client) == ["current"] and "forgotten" in names(client)
                assert "current carries on: nothing is broken" in now
            elif step is RotationStep.ADD:
                assert attached(client) == ["current"]
                (made,) = [c for c in client.credentials.values() if c.name == "next"]
                assert made.kid == keys.kid_for_public_key(keys.load_private_key(out).public_key())
                assert stat.S_IMODE(out.stat().st_mode) == 0o600
                assert "next exists but is not attached yet; current carries on" in now
            elif step is RotationStep.ATTACH:
                assert sorted(attached(client)) == ["current", "next"]
                assert "Both are attached; nothing is broken" in now
            elif step is RotationStep.DEPLOY:
                assert writes(emu, seq) == []  # the person's word changes nothing on the tenant
            elif step is RotationStep.DETACH_OLD:
                assert attached(client) == ["next"] and "current" in names(client)
                assert "current is detached and still exists" in now
            elif step is RotationStep.DELETE_OLD:
                assert names(client) == ["forgotten", "next"]
                assert "current was deleted; next carries on" in now
            # Every step was followed by a re-read of the application and its credentials.
            reads = [(m, p) for m, p in _api(emu, seq) if m == "GET"]
            assert ("GET", f"/api/v2/clients/{client.client_id}/credentials") in reads
            assert await token_ok(app, client, deployed), f"no token after {step}"
        assert done == [
            RotationStep.MAKE_ROOM,
            RotationStep.ADD,
            RotationStep.ATTACH,
            RotationStep.DEPLOY,
            RotationStep.DETACH_OLD,
            RotationStep.DELETE_OLD,
        ]
        assert all(row.startswith("✓") for row in plan_rows(dialog))
        assert "The rotation is complete." in text(dialog, "#rotation-now")
        assert dialog.query_one("#form-send").disabled
        assert not await token_ok(app, client, rsa_key(2048, 70))  # the old key is gone

        # The private key never reached the tenant nor the screen.
        body = pem_body_lines(out)
        assert PRIVATE not in logged(emu) and not any(line in logged(emu) for line in body)
        assert pem_body_lines(out.with_suffix(".pub"))[0] in logged(emu)
        shown = "\n".join(screen_lines(app))
        assert PRIVATE not in shown and not any(line in shown for line in body)

        # Closing refreshes the application screen; it says what was done.
        await pilot.press("escape")
        screen = await back_on_application(pilot, lambda s: "next" in rows(s))
        assert "current" not in rows(screen)
        assert rows(screen)["next"][4] == "Private Key JWT"
        assert "Rotated current to next on Private Key JWT." in toasts(seen)


def _api(emu: Emulator, since: int) -> list[tuple[str, str]]:
    return [
        (e.method, e.path)
        for e in emu.log.entries()
        if e.seq > since and e.path.startswith("/api/v2")
    ]


@pytest.mark.slow
async def test_an_interrupted_rotation_says_the_state_and_resumes_after_reopening(
    tmp_path: Path,
) -> None:
    app, emu = app_on(tenant())
    out = tmp_path / "billing-next.pem"
    taken = tmp_path / "taken.pem"
    taken.write_text("not a key, but somebody's file\n")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_rotation(pilot, BILLING, "billing-now")
        client = client_named(emu, BILLING)
        old_key = rsa_key(2048, 72)
        assert dialog.state is not None and dialog.state.step is RotationStep.ADD
        assert text(dialog, "#rotation-candidate") == ""

        # A key file is never written over an existing file: refused before anything is sent.
        await set_value(pilot, "#key-path", str(taken))
        seq = last_seq(emu)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "already exists" in error_text(pilot, "path"))
        assert "credtui never overwrites a key file" in error_text(pilot, "path")
        assert "Nothing was changed on the tenant." in status_text(pilot)
        assert taken.read_text() == "not a key, but somebody's file\n"
        assert not taken.with_suffix(".pub").exists()
        assert writes(emu, seq) == [] and names(client) == ["billing-now"]
        assert dialog.state.step is RotationStep.ADD

        await set_value(pilot, "#key-path", str(out))
        await set_value(pilot, "#name", "billing-next")
        await next_step(pilot, dialog)
        assert dialog.state.step is RotationStep.ATTACH  # type: ignore[comparison-overlap]  # changed by the await above
        assert error_text(pilot, "path") == ""
        assert stat.S_IMODE(out.stat().st_mode) == 0o600

        # The tenant fails every change of the application for a while: attach fails.
        emu.faults.add(
            method="PATCH", path=f"/api/v2/clients/{client.client_id}", status=500, times=50
        )
        seq = last_seq(emu)
        await next_step(pilot, dialog)
        await wait_until(pilot, lambda: "Could not attach" in status_text(pilot))
        assert any(m == "PATCH" for m, _ in writes(emu, seq))
        assert app.screen is dialog and dialog.state.step is RotationStep.ATTACH
        status = status_text(pilot)
        assert (
            "Press ctrl+s to try again, or close with escape and press o on billing-now" in status
        )
        assert "the rotation resumes from the tenant's state" in status
        assert text(dialog, "#rotation-now") == (
            "Attached to Private Key JWT now: billing-now. billing-next exists but is not "
            "attached yet; billing-now carries on: nothing is broken."
        )
        assert attached(client) == ["billing-now"]
        assert await token_ok(app, client, old_key)
        emu.faults.clear()

        # Closed mid-way: nothing is lost, the tenant holds it; reopening resumes at attach.
        await pilot.press("escape")
        screen = await back_on_application(pilot, lambda s: "billing-next" in rows(s))
        select_row(screen, "billing-now")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, RotationScreen))
        again = app.screen
        assert isinstance(again, RotationScreen)
        await wait_until(pilot, lambda: again.fresh and not again.busy)
        assert again.state is not None and again.state.step is RotationStep.ATTACH
        assert text(again, "#rotation-candidate") == (
            "This session's rotation of billing-now to billing-next on Private Key JWT "
            "resumes: billing-now stays the old credential."
        )
        assert [r[:1] for r in plan_rows(again)] == ["✓", "✓", "▶", " ", " ", " "]
        await next_step(pilot, again)
        assert again.state.step is RotationStep.DEPLOY
        assert sorted(attached(client)) == ["billing-next", "billing-now"]
        assert "Both are attached; nothing is broken" in text(again, "#rotation-now")
        assert await token_ok(app, client, keys.load_private_key(out))
        assert await token_ok(app, client, old_key)


@pytest.mark.slow
async def test_two_slots_a_pem_file_and_an_unattached_credential_at_200x50(
    tmp_path: Path,
) -> None:
    app, emu = app_on(tenant())
    client = client_named(emu, BILLING)
    (cid,) = list(client.credentials)
    client.signed_request_object = {"credentials": [cid]}  # also the JAR key
    seen: list[object] = []
    async with app.run_test(size=(200, 50), message_hook=seen.append) as pilot:
        dialog = await open_rotation(pilot, BILLING, "billing-now")
        shown = "\n".join(screen_lines(app))
        assert "Rotate billing-now of Billing Worker" in shown
        assert "6. Delete billing-now" in shown and "Do next step" in shown
        # Attached to Private Key JWT and JAR: the person chooses which one to rotate.
        assert dialog.query_one("#field-slot").display
        assert "Attached to Private Key JWT now: billing-now." in text(dialog, "#rotation-now")
        await set_value(pilot, "#slot", "signed_request_object")
        assert "Attached to JAR (signed requests) now: billing-now." in text(
            dialog, "#rotation-now"
        )
        assert (
            "Attach the new credential to JAR (signed requests) beside billing-now"
            in (plan_rows(dialog)[2])
        )
        assert dialog.query_one("#source", Select).value == "generate"

        # The new key from a PEM file, checked as the add form checks it: a private key is
        # refused unread (never on screen), the public part is previewed and added.
        files = generate_key_files(tmp_path / "jar-next.pem")
        await set_value(pilot, "#source", "pem")
        await load_pem(pilot, files.private_key)
        await wait_until(pilot, lambda: "private key" in error_text(pilot, "pem").lower())
        shown = "\n".join(screen_lines(app))
        assert not any(line in shown for line in pem_body_lines(files.private_key))
        await load_pem(pilot, files.public_file)
        await wait_until(pilot, lambda: files.kid in text(dialog, "#rotation-preview"))
        assert error_text(pilot, "pem") == ""
        seq = last_seq(emu)
        await next_step(pilot, dialog)
        assert dialog.state is not None and dialog.state.step is RotationStep.ATTACH
        assert [m for m, _ in writes(emu, seq)] == ["POST"]
        (made,) = [c for c in client.credentials.values() if c.kid == files.kid]
        assert made.name == "billing-worker-20261123" and made.id not in client.attached_ids()
        await pilot.press("escape")
        await back_on_application(pilot, lambda s: "billing-worker-20261123" in rows(s))

        # A credential attached nowhere cannot be rotated: said in words, nothing opens.
        await pilot.press("escape")
        screen = await open_app(pilot, "Billing Reconciler")
        select_row(screen, "billing-old")
        await pilot.press("o")
        await wait_until(pilot, lambda: any("nothing to rotate" in t for t in toasts(seen)))
        (said,) = [t for t in toasts(seen) if "nothing to rotate" in t]
        assert said.startswith("billing-old is not attached to Private Key JWT")
        assert app.screen is screen


@pytest.mark.slow
async def test_the_plan_at_80x24_shows_every_step_and_reaches_every_field() -> None:
    app, _ = app_on(tenant())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rotation(pilot, WORKER, "current")
        await set_value(pilot, "#source", "generate")
        # Choosing (the focus on the field, below the plan) scrolled the body: back to the top.
        app.screen.query_one("#form-body").scroll_home(animate=False)
        await pilot.pause()
        # The footer is drawn after the dialog's body: wait for it on a loaded machine.
        await wait_until(pilot, lambda: screen_lines(app)[-1].split()[:2] == ["^s", "Do"])
        lines = screen_lines(app)
        shown = "\n".join(lines)
        for number in range(1, 7):
            assert f"{number}. " in shown, f"step {number} not on screen"
        assert "Delete current" in shown
        assert any("Do next step" in line and "Close" in line for line in lines)
        assert lines[-1].split()[:2] == ["^s", "Do"]
        # Every field and button can be reached with tab, and is on screen when focused.
        wanted = {"source", "key-path", "bits", "name", "expiry-choice", "form-send", "form-cancel"}
        reached: set[str] = set()
        for _ in range(9):
            if reached == wanted:
                break
            await pilot.press("tab")
            focused = app.screen.focused
            assert focused is not None
            if focused.id in wanted:
                await pilot.pause()
                region = focused.region
                assert region.height and 0 <= region.y < 23, focused.id
                reached.add(focused.id)
        assert reached == wanted
        # The last field scrolled into view: its label is on the rendered line.
        app.screen.query_one("#name").focus()
        await pilot.pause()
        row = screen_lines(app)[app.screen.query_one("#name").region.y]
        assert row.split("Name")[1].strip().startswith("orders-worker-20261123"), row
