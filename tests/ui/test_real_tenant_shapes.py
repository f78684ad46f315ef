"""The TUI on a tenant shaped like real ones (issue 20, findings 1 and 2).

* Applications created without ``token_endpoint_auth_method`` have neither method key
  (facts 3.1 [REC]: 75 recorded creates; terraform ``TestAccDataClients.yaml`` #10):
  the list and the application screen say "Client secret", as the Dashboard does,
  never "(not readable)".
* Every tenant has a ``global`` client, "All Applications", without ``app_type``
  (facts 3.1 [REC] ``TestAccGlobalClient.yaml``): it holds no credentials, so the list
  leaves it out; an application without ``app_type`` lists with "—".
"""

from __future__ import annotations

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.ui.scenarios import FIXED_NOW, list_loaded, make_app, open_application, wait_until


def tenant() -> Emulator:
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=3)
    emu.create_application("Reporting Worker", method=None)
    emu.create_application("fedcm-F1-repro", app_type=None, method=None)
    emu.create_application("Storefront SPA", app_type="spa", method="none")
    return emu


def rows(app: object) -> dict[str, list[str]]:
    table = app.screen.query_one(VirtualTable)  # type: ignore[attr-defined]
    return {r.cells[0].plain: [c.plain for c in r.cells] for r in table.rows}


async def test_list_and_application_screen_say_client_secret() -> None:
    app = make_app({"acme-prod": tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        listed = rows(app)
        assert listed["Reporting Worker"][2] == "Client secret"
        assert listed["fedcm-F1-repro"][1:3] == ["—", "Client secret"]
        assert listed["Storefront SPA"][2] == "None"
        picture = app.export_screenshot()
        assert "not readable" not in picture
        # The global client holds no credentials: it is not listed.
        assert "All Applications" not in listed
        assert len(listed) == 4  # the three and the management application
        await open_application(pilot, "Reporting Worker")
        assert isinstance(app.screen, ApplicationScreen)
        summary = str(app.screen.query_one("#app-summary").render())
        assert "Authentication: Client secret" in summary
        assert "not readable" not in app.export_screenshot()
