"""``credtui emulator --plan``: lower plans refuse credential writes as a tenant without the feature.

For each plan, credtui's API client meets the refusal through real HTTP and
explains it in words (``describe_error``); the headless CLI prints the same.
Nothing changes on the tenant when a write is refused.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from credtui.api import ClientSecretSource, ManagementClient
from credtui.emulator.plans import Plan, parse_plan
from credtui.errors import PlanRequiredError, describe_error
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType
from tests import keyfactory
from tests.cli.conftest import BASE_CMD, Cli, start_emulator, stop_emulator, write_profile
from tests.conftest import EmulatorHarness

REFUSED = "Entitlement is not enabled for this tenant. Please upgrade your subscription to enable"
"""The spec's documented 403 for a subscription-gated feature (POST /network-acls)."""
PKJWT = (
    "Private Key JWT needs the Enterprise plan, which this tenant does not have "
    f"(Auth0 answered 403: {REFUSED} Private Key JWT)."
)
MTLS = (
    "mTLS client authentication needs the Highly Regulated Identity add-on, which this tenant "
    f"does not have (Auth0 answered 403: {REFUSED} mTLS client authentication)."
)
JAR = (
    "JWT-secured authorization requests (JAR) needs the Highly Regulated Identity add-on, "
    f"which this tenant does not have (Auth0 answered 403: {REFUSED} JWT-secured "
    "authorization requests (JAR))."
)
VAULT = "token_vault_privileged_access"
PLANS = {
    "free": Plan("free", hri=False),
    "professional": Plan("professional", hri=False),
    "enterprise without HRI": Plan("enterprise", hri=False),
    "enterprise": Plan("enterprise", hri=True),
}


async def _explained(call: object) -> str | None:
    """The words credtui shows for a refused call, or None when the call went through."""
    try:
        await call  # type: ignore[misc]
    except PlanRequiredError as exc:
        return describe_error(exc)
    return None


@pytest.mark.parametrize("label", list(PLANS))
async def test_each_plan_is_explained_by_the_api_client(
    emulator: EmulatorHarness, label: str
) -> None:
    plan = PLANS[label]
    emulator.app.plan = plan
    # Seeding ignores the plan (a downgraded tenant keeps what it had).
    app = emulator.create_app("Plan target", unattached=[emulator.public_key_body(0)])
    (seeded,) = app.credentials
    client = ManagementClient(
        emulator.base_url,
        ClientSecretSource(emulator.client_id, emulator.client_secret),
        transport=emulator.transport,
    )
    pem = emulator.public_key_body(1)["pem"]
    cert = keyfactory.cert_pem(keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 2)))
    try:
        key = await _explained(
            client.create_credential(
                app.client_id, CredentialDraft(CredentialType.PUBLIC_KEY, pem=pem)
            )
        )
        x509 = await _explained(
            client.create_credential(
                app.client_id, CredentialDraft(CredentialType.X509_CERT, pem=cert)
            )
        )
        method = await _explained(
            client.update_authentication(
                app.client_id,
                AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=(seeded,)),
            )
        )
        jar = await _explained(
            client.update_authentication(app.client_id, AuthChange(jar_credential_ids=(seeded,)))
        )
        listed = await client.list_credentials(app.client_id)  # reads are never refused
    finally:
        await client.aclose()

    enterprise = plan.name == "enterprise"
    assert key == (None if enterprise else PKJWT)
    assert method == (None if enterprise else PKJWT)
    assert x509 == (None if plan.hri else MTLS)
    assert jar == (None if plan.hri else JAR)
    created = {c.credential_type for c in listed}
    assert (CredentialType.X509_CERT in created) is plan.hri
    assert len(listed) == 1 + enterprise + plan.hri
    assert (app.active_method == "private_key_jwt") is enterprise
    assert bool(app.signed_request_object) is plan.hri


async def test_the_plan_control_and_the_403_body(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    assert (await ctl.get("/__emulator/plan")).json() == {
        "plan": "enterprise",
        "hri": True,
        "token_vault": True,
    }
    assert (await ctl.put("/__emulator/plan", json={"plan": "free"})).json() == {
        "plan": "free",
        "hri": False,
        "token_vault": True,
    }
    refused = await mgmt.post(
        "/api/v2/clients",
        json={
            "name": "Inline mTLS",
            "jwt_configuration": {"alg": "RS256"},
            "client_authentication_methods": {
                "self_signed_tls_client_auth": {"credentials": [emulator.x509_body(0)]}
            },
        },
    )
    assert refused.status_code == 403
    assert refused.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": f"{REFUSED} mTLS client authentication.",
    }
    assert emulator.tenant.created_count() == 1  # nothing created
    plain = await mgmt.post("/api/v2/clients", json={"name": "Secret only"})
    assert plain.status_code == 201  # what every plan has is never refused
    for bad in ({"plan": "gold"}, {"plan": "free", "hri": True}, {"plan": "enterprise", "hri": 1}):
        assert (await ctl.put("/__emulator/plan", json=bad)).status_code == 400
    assert emulator.app.plan == Plan("free", hri=False)


def test_parse_plan() -> None:
    assert parse_plan("enterprise") == Plan("enterprise", hri=True)
    assert parse_plan(" Professional ") == Plan("professional", hri=False)
    with pytest.raises(ValueError, match="--plan must be one of free, professional, enterprise"):
        parse_plan("startup")


@pytest.mark.parametrize("plan", ["free", "professional", "enterprise"])
def test_the_cli_explains_each_plan(tmp_path: Path, plan: str) -> None:
    """``credtui emulator --plan P``, then ``credtui creds add``: exit 3 and the reason, or 0."""
    proc, ready = start_emulator("--plan", plan, "--seed", "empty", "--rate-limit", "off")
    try:

        class Ready:
            base_url = ready["base_url"]
            client_id = ready["client_id"]
            client_secret = ready["client_secret"]

        info = httpx.get(
            f"{ready['base_url']}/__emulator", headers={"X-Emulator-Token": ready["control_token"]}
        ).json()
        assert (info["plan"], info["hri"]) == (plan, plan == "enterprise")
        config = tmp_path / "credtui.toml"
        write_profile(config, Ready)  # type: ignore[arg-type]
        cli = Cli(config, tmp_path)
        pem = tmp_path / "key.pem"
        pem.write_text(keyfactory.spki_pem(keyfactory.rsa_key(2048, 5)))
        cert = tmp_path / "cert.pem"
        cert.write_text(
            keyfactory.cert_pem(keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 6)))
        )
        cid = ready["client_id"]
        key_done = cli("creds", "add", cid, "--type", "public_key", "--pem", str(pem))
        cert_done = cli("creds", "add", cid, "--type", "x509_cert", "--pem", str(cert))
    finally:
        stop_emulator(proc)
    if plan == "enterprise":
        assert (key_done.code, cert_done.code) == (0, 0), key_done.err + cert_done.err
        return
    assert (key_done.code, cert_done.code) == (3, 3)
    assert PKJWT in " ".join(key_done.err.split())
    assert MTLS in " ".join(cert_done.err.split())


def test_the_cli_refuses_an_unknown_plan() -> None:
    import subprocess

    done = subprocess.run(
        [*BASE_CMD, "emulator", "--plan", "gold"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "invalid choice: 'gold'" in done.stderr


@pytest.mark.parametrize("label", list(PLANS))
async def test_an_inline_token_vault_key_follows_the_public_key_row(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, label: str
) -> None:
    """Issue 20, finding 6: the plan table has one row for ``public_key`` credentials; an
    inline Token Vault key (``POST /clients``, spec ``…WithPublicKey``) creates one, so it
    is refused where ``POST …/credentials`` of a public key is (Enterprise only), with the
    spec's documented subscription 403 (``POST /network-acls``); attaching by id is not."""
    plan = PLANS[label]
    emulator.app.plan = plan
    vault = {"credentials": [emulator.public_key_body(0, name="vault")]}
    inline = await mgmt.post("/api/v2/clients", json={"name": "Vault", VAULT: vault})
    direct = await mgmt.post(
        f"/api/v2/clients/{emulator.client_id}/credentials", json=emulator.public_key_body(1)
    )
    assert inline.status_code == direct.status_code == (201 if plan.name == "enterprise" else 403)
    if plan.name != "enterprise":
        assert inline.json()["message"] == direct.json()["message"] == f"{REFUSED} Private Key JWT."
    app = emulator.create_app("By id", unattached=[emulator.public_key_body(2)])
    (key,) = app.credentials
    by_id = await mgmt.patch(
        f"/api/v2/clients/{app.client_id}", json={VAULT: {"credentials": [{"id": key}]}}
    )
    assert by_id.status_code == 200
