"""The client secret's rotation and the ID token algorithm, in the core, against the emulator.

Rotation is a plan (:class:`~credtui.ops.plan.RotateClientSecret`) whose effect
``invalidates-client-secret`` (and, for credtui's own application,
``locks-out-credtui``) must be accepted; the tenant's answer carries the secret, which
the outcome holds (never in a repr); an answer lost on the way is never resent. The
profiles that use a secret, and giving them the new one, are
:mod:`credtui.ops.client_secret`. The algorithm is :func:`credtui.rules.check_jwt_alg`
through the plan: HS256 beside a credential method is refused before sending.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credtui.api import ClientSecretSource
from credtui.config import (
    Config,
    ConfigError,
    Profile,
    SetClientSecret,
    load_config,
    save_config,
    update_config,
)
from credtui.errors import LocalValidationError, PartialChangeError, TokenError
from credtui.models import AuthChange
from credtui.ops.client_secret import rotation_refusal, secret_users, update_profile_secret
from credtui.ops.plan import Effect, RotateClientSecret, SetAuth, execute, make_plan
from tests.api.harness import TENANT_NOW, Harness
from tests.keyfactory import rsa_key, spki_pem
from tests.keyring_support import MemoryKeyring, memory_keyring  # noqa: F401

INVALIDATES = (Effect.INVALIDATES_CLIENT_SECRET,)


async def _token_status(h: Harness, client_id: str, secret: str) -> int:
    client = h.client()
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": secret,
        "audience": f"{h.base_url}/api/v2/",
    }
    return (await client.post_token_form(form)).status


def _rotations(h: Harness) -> list[str]:
    return [e.path for e in h.api_log() if e.path.endswith("/rotate-secret")]


async def test_rotation_is_planned_accepted_sent_and_the_old_secret_refused(h: Harness) -> None:
    emu_app = h.emu.create_application("Batch", grant_scopes=["read:clients"])
    old = emu_app.client_secret
    client = h.client()
    app = await client.get_application(emu_app.client_id)
    plan = make_plan(RotateClientSecret(), app, [], now=TENANT_NOW)
    assert plan.effect_names == INVALIDATES and plan.breaking
    assert [(r.verb, r.path) for r in plan.requests] == [
        ("POST", f"/api/v2/clients/{emu_app.client_id}/rotate-secret")
    ]
    with pytest.raises(LocalValidationError) as refused:
        await execute(client, emu_app.client_id, RotateClientSecret(), now=TENANT_NOW)
    assert refused.value.code == "breaking" and _rotations(h) == []

    outcome = await execute(
        client, emu_app.client_id, RotateClientSecret(), accept=INVALIDATES, now=TENANT_NOW
    )

    new = outcome.new_secret
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None
    assert new is not None and new == stored.client_secret
    assert new != old and new not in repr(outcome)
    assert outcome.error is None and outcome.application.client_id == emu_app.client_id
    assert await _token_status(h, emu_app.client_id, old) == 401
    assert await _token_status(h, emu_app.client_id, new) == 200


async def test_credtuis_own_application_locks_out_until_the_profile_has_the_new_secret(
    h: Harness,
) -> None:
    me = h.emu.management
    client = h.client()
    app = await client.get_application(me.client_id)
    plan = make_plan(RotateClientSecret(), app, [], now=TENANT_NOW, own_client_id=me.client_id)
    assert plan.effect_names == (Effect.INVALIDATES_CLIENT_SECRET, Effect.LOCKS_OUT_CREDTUI)
    with pytest.raises(LocalValidationError):  # the lock-out must be accepted too
        await execute(
            client, me.client_id, RotateClientSecret(), accept=INVALIDATES, now=TENANT_NOW
        )
    outcome = await execute(
        client, me.client_id, RotateClientSecret(), accept=plan.effect_names, now=TENANT_NOW
    )
    # The token in hand still works; the next one cannot be had with the old secret...
    await client.get_application(me.client_id)
    h.emu.clock.advance(86400)
    with pytest.raises(TokenError):
        await client.get_application(me.client_id)
    # ...and can with the new one.
    assert outcome.new_secret is not None
    client.tokens.source = ClientSecretSource(me.client_id, outcome.new_secret)
    assert (await client.get_application(me.client_id)).client_id == me.client_id


async def test_applications_without_a_secret_in_use_are_refused_before_sending(
    h: Harness,
) -> None:
    signed = h.emu.create_application(
        "Signed",
        method="private_key_jwt",
        credentials=[{"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 40))}],
    )
    public = h.emu.create_application("SPA", app_type="spa", method="none")
    client = h.client()
    h.clear()
    for emu_app, words in ((signed, "Private Key JWT"), (public, "public client")):
        app = await client.get_application(emu_app.client_id)
        assert words in (rotation_refusal(app) or "")
        with pytest.raises(LocalValidationError) as refused:
            await execute(
                client,
                emu_app.client_id,
                RotateClientSecret(),
                accept=tuple(Effect),
                now=TENANT_NOW,
            )
        assert refused.value.code == "no_client_secret" and words in refused.value.message
    assert _rotations(h) == []


async def test_a_lost_answer_is_never_resent_and_says_what_to_do(h: Harness) -> None:
    emu_app = h.emu.create_application("Batch")
    old = emu_app.client_secret
    client = h.client()
    h.clear()
    h.wire.lose_next_answer("POST", "*/rotate-secret")
    with pytest.raises(PartialChangeError) as lost:
        await execute(
            client, emu_app.client_id, RotateClientSecret(), accept=INVALIDATES, now=TENANT_NOW
        )
    assert len(_rotations(h)) == 1  # sent once: a second would lose the first one's secret
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None and stored.client_secret != old
    assert "may have made a new secret" in str(lost.value)
    assert "Dashboard" in str(lost.value) and "rather than rotating again" in str(lost.value)


async def test_an_answer_without_a_usable_secret_is_not_taken_for_success(h: Harness) -> None:
    emu_app = h.emu.create_application("Batch")
    client = h.client()
    for body in ({"client_id": emu_app.client_id}, {"client_secret": "two words"}):
        h.emu.faults.add(method="POST", path="*/rotate-secret", status=200, body=body)
        with pytest.raises(PartialChangeError) as caught:
            await execute(
                client, emu_app.client_id, RotateClientSecret(), accept=INVALIDATES, now=TENANT_NOW
            )
        assert "without a usable new client_secret" in str(caught.value)


# --- jwt_configuration.alg ---------------------------------------------------------------


async def test_the_id_token_algorithm_changes_through_the_plan(h: Harness) -> None:
    emu_app = h.emu.create_application("Batch")  # RS256
    client = h.client()
    for alg, words in (
        ("PS256", "instead of RS256 (still the tenant's key)"),
        ("HS256", "using its client secret instead of the tenant's private key"),
        ("RS256", "verifies Batch's ID tokens with the client secret must switch"),
    ):
        app = await client.get_application(emu_app.client_id)
        plan = make_plan(SetAuth(AuthChange(jwt_alg=alg)), app, [], now=TENANT_NOW)
        ((effect, why),) = plan.effects
        assert effect is Effect.CHANGES_ID_TOKEN_SIGNING and words in why
        assert plan.summary == f"Sign Batch's ID tokens with {alg}"
        assert any("add-on" in n for n in plan.notes) == (alg == "PS256")
        await execute(
            client,
            emu_app.client_id,
            SetAuth(AuthChange(jwt_alg=alg)),
            accept=plan.effect_names,
            now=TENANT_NOW,
        )
        client_stored = h.emu.tenant.get_client(emu_app.client_id)
        assert client_stored is not None
        stored = client_stored.settings["jwt_configuration"]
        assert stored["alg"] == alg and stored["secret_encoded"] is False  # merged


async def test_hs256_beside_a_credential_method_is_refused_before_sending(h: Harness) -> None:
    signed = h.emu.create_application(
        "Signed",
        method="private_key_jwt",
        credentials=[{"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 41))}],
    )
    client = h.client()
    app = await client.get_application(signed.client_id)
    h.clear()
    with pytest.raises(LocalValidationError) as refused:
        await execute(
            client,
            signed.client_id,
            SetAuth(AuthChange(jwt_alg="HS256")),
            accept=tuple(Effect),
            now=TENANT_NOW,
        )
    assert refused.value.field == "jwt_alg"
    assert refused.value.message.startswith("HS256 cannot be used with Private Key JWT")
    assert h.api_log() and all(e.method == "GET" for e in h.api_log())
    # Switching to a secret method and to HS256 in one change is fine.
    from credtui.models import AuthMethod

    both = AuthChange(method=AuthMethod.CLIENT_SECRET_POST, jwt_alg="HS256")
    assert make_plan(SetAuth(both), app, [], now=TENANT_NOW).after.jwt_alg == "HS256"


# --- the profiles that use a secret ------------------------------------------------------


def _profiles() -> list[Profile]:
    def p(name: str, **kw: object) -> Profile:
        return Profile(name=name, domain="acme.eu.auth0.com", **kw)  # type: ignore[arg-type]

    return [
        p("file", client_id="A", client_secret="s1"),
        p("ring", client_id="A", client_secret_keyring=True),
        p("env", client_id="A", client_secret_env="AUTH0_SECRET"),
        p("cmd", client_id="A", client_secret_command=("op", "read", "x")),
        p("key", client_id="A", private_key_file="/k.pem"),
        p("other", client_id="B", client_secret="s2"),
    ]


def test_secret_users_are_the_secret_profiles_of_that_client() -> None:
    users = {u.profile: u for u in secret_users(_profiles(), "A")}
    assert list(users) == ["file", "ring", "env", "cmd"]
    assert users["file"].updatable and users["ring"].updatable
    assert not users["env"].updatable and "set $AUTH0_SECRET" in users["env"].advice
    assert not users["cmd"].updatable and "where that command reads it" in users["cmd"].advice


def test_giving_profiles_the_new_secret(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    path = tmp_path / "config.toml"
    profiles = _profiles()
    config = Config()
    for profile in profiles:
        config = config.with_profile(profile)
    save_config(config, path)

    def apply(change: object) -> Config:
        return update_config(path, change)  # type: ignore[arg-type]

    by_name = {p.name: p for p in profiles}
    said = update_profile_secret(by_name["file"], "n" * 64, apply)
    assert said == "profile file now has the new secret (config file)"
    assert load_config(path).config.profiles["file"].client_secret == "n" * 64
    assert load_config(path).config.profiles["other"].client_secret == "s2"  # untouched
    update_profile_secret(by_name["ring"], "r" * 64, apply)
    assert "r" * 64 in memory_keyring.store.values()
    with pytest.raises(LocalValidationError) as refused:
        update_profile_secret(by_name["env"], "e" * 64, apply)
    assert "set $AUTH0_SECRET" in refused.value.message and "e" * 64 not in str(refused.value)
    # Changed meanwhile (now a variable): the file is not touched, and the secret is not said.
    with pytest.raises(ConfigError) as stale:
        update_config(path, SetClientSecret("env", "A", "z" * 64))
    assert "changed meanwhile" in str(stale.value) and "z" * 64 not in str(stale.value)
    assert "z" * 64 not in repr(SetClientSecret("env", "A", "z" * 64))
