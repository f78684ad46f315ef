"""Fixed tenants and apps for the UI tests, the snapshots and ``screenshots/``.

Everything a picture depends on is fixed here: the tenant's ids (seeded RNG), its
clock, the public keys and certificates (recorded public PEMs, no private key),
the app's clock, theme, animation level and cursor blink.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from credtui.config import Config, Profile
from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.ui.app import CredtuiApp
from credtui.ui.state import ConfigStore

FIXED_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE_URL = "http://127.0.0.1:8765"
OTHER_BASE_URL = "http://127.0.0.1:8766"
DATA = Path(__file__).resolve().parents[1] / "data" / "recorded_public"
DAY = timedelta(days=1)


def pem(name: str) -> str:
    return (DATA / name).read_text()


def _pk(name: str, file: str, expires: datetime | None) -> dict[str, Any]:
    body: dict[str, Any] = {"credential_type": "public_key", "name": name, "pem": pem(file)}
    if expires is not None:
        body["expires_at"] = expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return body


def snapshot_tenant(**options: Any) -> Emulator:
    """A small tenant with every state worth seeing, identical on every run."""
    clock = TenantClock(frozen_at=FIXED_NOW - 200 * DAY)
    emu = Emulator(clock=clock, rng_seed=7, **options)
    emu.create_application(
        "Payments API",
        method="private_key_jwt",
        credentials=[
            _pk("payments-2025-q4", "go_create_credential_first_spki.pem", FIXED_NOW + 12 * DAY),
            _pk("payments-2026-q1", "go_create_credential_second_spki.pem", FIXED_NOW + 365 * DAY),
        ],
    )
    emu.create_application(
        "Ledger Export",
        method="private_key_jwt",
        credentials=[_pk("ledger-2025", "tf_credentials_1_cert.pem", FIXED_NOW - 9 * DAY)],
    )
    emu.create_application(
        "Billing Reconciler",
        method="private_key_jwt",
        credentials=[_pk("billing-primary", "tf_credentials_2_cert.pem", FIXED_NOW + 200 * DAY)],
        unattached=[
            _pk(
                "billing-next (staged)", "tf_rotation_credentials_3_cert.pem", FIXED_NOW + 565 * DAY
            ),
            _pk("billing-old", "tf_rotation_credentials_4_cert.pem", FIXED_NOW - 40 * DAY),
        ],
    )
    emu.create_application(
        "Treasury Gateway (mTLS)",
        method="tls_client_auth",
        credentials=[
            {
                "credential_type": "cert_subject_dn",
                "name": "treasury-gateway",
                "subject_dn": "C=GB\nO=Acme Corp\nOU=Treasury\nCN=treasury-gateway.acme.example",
            }
        ],
        extra={"access_token": {"tls_client_certificate_binding": True}},
    )
    emu.create_application(
        "Thermostat Fleet",
        method="self_signed_tls_client_auth",
        credentials=[
            {
                "credential_type": "x509_cert",
                "name": "fleet-cert",
                "pem": pem("go_selfsigned_x509_cert.pem"),
            }
        ],
    )
    emu.create_application(
        "Partner Portal",
        app_type="regular_web",
        method="client_secret_post",
        jar=[_pk("partner-jar", "go_create_credential_second_spki.pem", FIXED_NOW + 20 * DAY)],
        jar_required=True,
    )
    emu.create_application("Storefront SPA", app_type="spa", method="none")
    emu.create_application("Nightly Batch (legacy)", method="client_secret_basic")
    emu.create_application(
        "[prod] Admin [red]Console[/]", app_type="regular_web", method="client_secret_post"
    )
    clock.freeze(FIXED_NOW)
    return emu


def other_tenant() -> Emulator:
    """A second tenant, to show switching profiles."""
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=11)
    emu.create_application("Staging Orders Service", method="client_secret_post")
    emu.create_application("Staging Search Indexer", method="client_secret_basic")
    return emu


class Routed(httpx.AsyncBaseTransport):
    """Sends each request to the emulator serving its host (two tenants in one test)."""

    def __init__(self, tenants: Mapping[str, Emulator]) -> None:
        self.transports = {
            httpx.URL(base).netloc: httpx.ASGITransport(app=emu) for base, emu in tenants.items()
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.netloc)
        if transport is None:
            raise httpx.ConnectError("nothing listens there", request=request)
        return await transport.handle_async_request(request)


def profile_for(name: str, emu: Emulator, base_url: str) -> Profile:
    return Profile(
        name=name,
        domain=base_url,
        client_id=emu.management.client_id,
        client_secret=emu.management.client_secret,
    )


def make_app(
    tenants: Mapping[str, Emulator] | None = None,
    *,
    config: Config | None = None,
    path: Path | None = None,
    profile: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    **options: Any,
) -> CredtuiApp:
    """The app on ``tenants`` (profile name -> emulator), with everything a picture needs fixed."""
    tenants = tenants if tenants is not None else {"acme-prod": snapshot_tenant()}
    if config is None:
        config = Config()
        for i, (name, emu) in enumerate(tenants.items()):
            base = BASE_URL if i == 0 else f"http://127.0.0.1:{8766 + i}"
            config = config.with_profile(profile_for(name, emu, base))
    if transport is None:
        bases = {p.base_url: tenants[n] for n, p in config.profiles.items() if n in tenants}
        transport = Routed(bases)
    app = CredtuiApp(
        ConfigStore(config, path),
        profile_name=profile,
        transport=transport,
        clock=lambda: FIXED_NOW,
        cursor_blink=False,
        environ={},
        **options,
    )
    app.animation_level = "none"
    app.theme = "textual-dark"
    return app
