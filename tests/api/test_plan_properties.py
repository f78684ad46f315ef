"""A stateful property test of change safety: no change has an effect nobody accepted.

Random sequences of adds (with and without attach), method switches, JAR, Token
Vault, detaches, deletes, expiry edits and rotation steps run through
:func:`credtui.ops.plan.execute` exactly as the TUI and the CLI call it, on
applications in every method (client secret, Private Key JWT, both mTLS kinds, an
HS256 application, and the profile's own management application), with faults
injected at random and the clock moved so that credentials expire. After every
step, read straight from the emulator's store:

* every effect that happened (computed here by a second, independent reading of
  the contract in ``../shared/product.md``) was named by the plan and accepted;
* a refused change changed nothing and sent no write (no orphan either);
* a reported outcome is what the tenant holds;
* a credential reported as created did not exist before.

``HYPOTHESIS_PROFILE=thorough`` runs many more and longer sequences locally.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from credtui.api.client import ManagementClient
from credtui.errors import CredtuiError, LocalValidationError
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType, Slot
from credtui.ops.plan import (
    AddCredential,
    Attach,
    DeleteCredential,
    Detach,
    Effect,
    Intent,
    Outcome,
    SetAuth,
    SetExpiry,
    execute,
    make_plan,
)
from credtui.ops.rotation import RotationStep, locate, step_intent
from tests.api.harness import TENANT_NOW
from tests.conftest import EmulatorHarness
from tests.keyfactory import cert_pem, rsa_key, self_signed_cert, spki_pem

SECRET = {"client_secret_post", "client_secret_basic"}
CREDENTIAL_METHODS = {"private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth"}
APPS = ("Secret", "Keys", "CA mTLS", "Self mTLS", "HS256", "OWN")
KEYS = 6
"""Keys in the pool: few enough that the same key comes back (duplicates are refused)."""


def _pk(index: int) -> dict[str, Any]:
    return {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 200 + index))}


def _cert(index: int) -> str:
    return cert_pem(self_signed_cert(rsa_key(2048, 200 + index)))


@dataclass(frozen=True)
class Raw:
    """An application as the emulator's store holds it (not as credtui reads it)."""

    method: str | None
    slots: dict[str, tuple[str, ...]]
    jar_required: bool
    alg: str
    expiry: dict[str, datetime | None]

    @classmethod
    def of(cls, client: Any) -> Raw:
        slots: dict[str, tuple[str, ...]] = {}
        if client.auth_methods:
            for method, ids in client.auth_methods.items():
                slots[method] = tuple(ids)
        sro = client.signed_request_object or {}
        slots["jar"] = tuple(sro.get("credentials", []))
        slots["vault"] = tuple((client.token_vault or {}).get("credentials", []))
        return cls(
            method=client.active_method or client.token_endpoint_auth_method,
            slots=slots,
            jar_required=bool(sro.get("required")),
            alg=(client.settings.get("jwt_configuration") or {}).get("alg", "HS256"),
            expiry={cid: c.expires_at for cid, c in client.credentials.items()},
        )


def happened(before: Raw, after: Raw, now: datetime, own: bool) -> set[Effect]:
    """The contract's effects, read independently of credtui from two store snapshots."""

    def working(state: Raw, cid: str) -> bool:
        when = state.expiry.get(cid, before.expiry.get(cid))
        return when is None or when > now

    def can_authenticate(state: Raw) -> bool:
        if state.method == "none":
            return False
        if state.method in SECRET:
            return True
        return any(working(state, c) for c in state.slots.get(str(state.method), ()))

    def jar_usable(state: Raw) -> bool:
        return not state.jar_required or any(working(state, c) for c in state.slots["jar"])

    out: set[Effect] = set()
    lost_from_method = False
    for slot, ids in before.slots.items():
        for cid in ids:
            if cid not in after.slots.get(slot, ()) and working(before, cid):
                out.add(Effect.DETACHES_WORKING_CREDENTIAL)
                lost_from_method |= slot == before.method
    if before.method != after.method:
        out.add(Effect.SWITCHES_METHOD)
    if before.method in SECRET and after.method in CREDENTIAL_METHODS:
        out.add(Effect.HIDES_CLIENT_SECRET)
    method_broken = can_authenticate(before) and not can_authenticate(after)
    if method_broken or (jar_usable(before) and not jar_usable(after)):
        out.add(Effect.CANNOT_AUTHENTICATE)
    if before.alg != after.alg:
        out.add(Effect.CHANGES_ID_TOKEN_SIGNING)
    if own and (before.method != after.method or lost_from_method or method_broken):
        out.add(Effect.LOCKS_OUT_CREDTUI)
    return out


ACCEPT = st.sampled_from(["nothing", "the plan", "everything"])


class ChangeSafety(RuleBasedStateMachine):
    """One tenant, six applications, and every change credtui can make."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.emu = EmulatorHarness()
        self.emu.clock.freeze(TENANT_NOW)
        app = self.emu.app

        async def sleep(seconds: float) -> None:
            self.emu.clock.advance(seconds)

        m = app.management
        from credtui.api import ClientSecretSource

        self.client = ManagementClient(
            self.emu.base_url,
            ClientSecretSource(m.client_id, m.client_secret),
            transport=self.emu.transport,
            clock=self.emu.clock.timestamp,
            sleep=sleep,
            max_retries=2,
        )
        self.ids: dict[str, str] = {"OWN": m.client_id}
        self.checked = 0

    def teardown(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()

    @initialize()
    def tenant(self) -> None:
        app = self.emu.app
        made = {
            "Secret": app.create_application(
                "Secret",
                unattached=[_pk(0)],
                extra={"token_vault_privileged_access": {"credentials": [_pk(5)]}},
            ),
            "Keys": app.create_application(
                "Keys",
                method="private_key_jwt",
                credentials=[_pk(1)],
                jar=[_pk(4)],
                jar_required=True,
            ),
            "CA mTLS": app.create_application(
                "CA mTLS",
                method="tls_client_auth",
                credentials=[{"credential_type": "cert_subject_dn", "subject_dn": "CN=a,O=Acme"}],
            ),
            "Self mTLS": app.create_application(
                "Self mTLS",
                method="self_signed_tls_client_auth",
                credentials=[{"credential_type": "x509_cert", "pem": _cert(3)}],
            ),
            "HS256": app.create_application("HS256", extra={"jwt_configuration": {"alg": "HS256"}}),
        }
        self.ids.update({name: c.client_id for name, c in made.items()})

    # --- what the machine does ---------------------------------------------------------------

    def _store(self, name: str) -> Any:
        client = self.emu.tenant.get_client(self.ids[name])
        assert client is not None
        return client

    def _writes(self) -> int:
        return sum(1 for e in self.emu.app.log.entries() if e.method in ("POST", "PATCH", "DELETE")
                   and e.path.startswith("/api/v2"))  # fmt: skip

    def _cred(self, name: str, pick: int) -> str | None:
        ids = list(self._store(name).credentials)
        return ids[pick % len(ids)] if ids else None

    def _run(self, name: str, intent: Intent, accept: str) -> None:
        """Run ``intent`` as the TUI or the CLI would, and check every promise."""
        store = self._store(name)
        before = Raw.of(store)
        writes_before = self._writes()
        now = self.emu.clock.now()
        own = name == "OWN"
        accepted: tuple[Effect, ...] = ()
        if accept == "everything":
            accepted = tuple(Effect)
        elif accept == "the plan":  # what a person saw and confirmed (the TUI), or --allow-breaking
            try:
                seen = self.loop.run_until_complete(self._plan(name, intent, now))
                accepted = seen.effect_names
            except CredtuiError:
                accepted = ()
        outcome: Outcome | None = None
        error: CredtuiError | None = None
        try:
            outcome = self.loop.run_until_complete(
                execute(self.client, self.ids[name], intent, accept=accepted, now=now)
            )
        except CredtuiError as exc:
            error = exc
        after = Raw.of(self._store(name))
        effects = happened(before, after, now, own)
        assert effects <= set(accepted), (intent, effects, accepted, error)
        if isinstance(error, LocalValidationError):
            assert after == before and self._writes() == writes_before, (intent, error)
        if outcome is not None:
            assert effects <= set(outcome.plan.effect_names), (intent, effects, outcome.plan)
            held = outcome.application
            if outcome.error is None:
                assert Raw.of(self._store(name)).method == (
                    held.auth_method.value if held.auth_method else None
                )
                assert {c.id for c in outcome.credentials} == set(after.expiry)
                for slot in (Slot.SIGNED_REQUEST_OBJECT, Slot.TOKEN_VAULT_PRIVILEGED_ACCESS):
                    key = "jar" if slot is Slot.SIGNED_REQUEST_OBJECT else "vault"
                    assert held.credential_ids_for(slot) == after.slots[key]
            if outcome.created is not None:
                assert outcome.created.id not in before.expiry
                assert outcome.created.id in after.expiry
        self.checked += 1

    async def _plan(self, name: str, intent: Intent, now: datetime) -> Any:
        app = await self.client.get_application(self.ids[name])
        creds = await self.client.list_credentials(self.ids[name])
        return make_plan(intent, app, creds, now=now, own_client_id=self.client.tokens.client_id)

    @rule(
        name=st.sampled_from(APPS),
        kind=st.sampled_from(["public_key", "x509_cert", "cert_subject_dn"]),
        key=st.integers(0, KEYS - 1),
        attach=st.sampled_from([None, "method", "jar", "vault"]),
        days=st.sampled_from([None, 1, 30, 400]),
        accept=ACCEPT,
    )
    def add(
        self, name: str, kind: str, key: int, attach: str | None, days: int | None, accept: str
    ) -> None:
        ctype = CredentialType(kind)
        when = self.emu.clock.now() + timedelta(days=days) if days else None
        if ctype is CredentialType.PUBLIC_KEY:
            draft = CredentialDraft(ctype, pem=_pk(key)["pem"], expires_at=when)
        elif ctype is CredentialType.X509_CERT:
            draft = CredentialDraft(ctype, pem=_cert(key))
        else:
            draft = CredentialDraft(ctype, subject_dn=f"CN=host{key},O=Acme")
        slot = {
            None: None,
            "jar": Slot.SIGNED_REQUEST_OBJECT,
            "vault": Slot.TOKEN_VAULT_PRIVILEGED_ACCESS,
            "method": {
                CredentialType.PUBLIC_KEY: Slot.PRIVATE_KEY_JWT,
                CredentialType.X509_CERT: Slot.SELF_SIGNED_TLS_CLIENT_AUTH,
                CredentialType.CERT_SUBJECT_DN: Slot.TLS_CLIENT_AUTH,
            }[ctype],
        }[attach]
        self._run(name, AddCredential(draft, slot), accept)

    @rule(
        name=st.sampled_from(APPS),
        method=st.sampled_from(list(AuthMethod)),
        picks=st.lists(st.integers(0, 3), max_size=2, unique=True),
        accept=ACCEPT,
    )
    def set_method(self, name: str, method: AuthMethod, picks: list[int], accept: str) -> None:
        ids = tuple(dict.fromkeys(c for p in picks if (c := self._cred(name, p))))
        change = AuthChange(method=method, credential_ids=ids if method.uses_credentials else ())
        self._run(name, SetAuth(change), accept)

    @rule(
        name=st.sampled_from(APPS),
        required=st.booleans(),
        picks=st.lists(st.integers(0, 3), max_size=2, unique=True),
        vault=st.booleans(),
        accept=ACCEPT,
    )
    def jar_or_vault(
        self, name: str, required: bool, picks: list[int], vault: bool, accept: str
    ) -> None:
        ids = tuple(dict.fromkeys(c for p in picks if (c := self._cred(name, p))))
        change = (
            AuthChange(token_vault_credential_ids=ids)
            if vault
            else AuthChange(jar_required=required, jar_credential_ids=ids)
        )
        self._run(name, SetAuth(change), accept)

    @rule(
        name=st.sampled_from(APPS),
        pick=st.integers(0, 3),
        slot=st.sampled_from([None, *Slot]),
        accept=ACCEPT,
    )
    def attach(self, name: str, pick: int, slot: Slot | None, accept: str) -> None:
        cid = self._cred(name, pick)
        if cid is not None and slot is not None:
            self._run(name, Attach(slot, (cid,)), accept)

    @rule(
        name=st.sampled_from(APPS),
        pick=st.integers(0, 3),
        only=st.sampled_from([None, *Slot]),
        fallback=st.sampled_from([None, AuthMethod.CLIENT_SECRET_POST, AuthMethod.NONE]),
        delete=st.booleans(),
        accept=ACCEPT,
    )
    def detach_or_delete(
        self,
        name: str,
        pick: int,
        only: Slot | None,
        fallback: AuthMethod | None,
        delete: bool,
        accept: str,
    ) -> None:
        cid = self._cred(name, pick)
        if cid is None:
            return
        intent: Intent = (
            DeleteCredential(cid, fallback=fallback) if delete else Detach(cid, only, fallback)
        )
        self._run(name, intent, accept)

    @rule(name=st.sampled_from(APPS), pick=st.integers(0, 3), days=st.sampled_from([None, 2, 90]))
    def expiry(self, name: str, pick: int, days: int | None) -> None:
        cid = self._cred(name, pick)
        if cid is not None:
            when = self.emu.clock.now() + timedelta(days=days) if days else None
            self._run(name, SetExpiry(cid, when), "nothing")

    @rule(name=st.sampled_from(APPS), pick=st.integers(0, 3), accept=ACCEPT)
    def rotation_step(self, name: str, pick: int, accept: str) -> None:
        """The step a rotation of one attached credential would take next, as its intent."""
        cid = self._cred(name, pick)
        if cid is None:
            return
        try:
            app, creds = self.loop.run_until_complete(self._read(name))
        except CredtuiError:  # credtui locked itself out, as it was allowed to: nothing to do
            return
        slots = [s for s in app.slots_of(cid) if s is not Slot.TOKEN_VAULT_PRIVILEGED_ACCESS]
        if not slots:
            return
        try:
            state = locate(app, creds, slot=slots[0], old_id=cid, deployed=True)
        except LocalValidationError:
            return
        if state.step is RotationStep.ADD:
            return  # adds are the add rule's; the rotation's own intents are the rest
        chosen = step_intent(state)
        if chosen is not None:
            self._run(name, chosen, accept)

    async def _read(self, name: str) -> Any:
        app = await self.client.get_application(self.ids[name])
        return app, await self.client.list_credentials(self.ids[name])

    @rule(
        method=st.sampled_from(["POST", "PATCH", "DELETE"]),
        fault=st.sampled_from(["500", "503", "400", "drop", "drop after"]),
    )
    def fault(self, method: str, fault: str) -> None:
        """The next matching write fails (and may have been done, for a drop after)."""
        kw: dict[str, Any] = {"method": method, "path": "/api/v2/clients*", "times": 1}
        if fault.startswith("drop"):
            kw.update(drop=True, after_processing=fault == "drop after")
        else:
            kw["status"] = int(fault)
        self.emu.app.faults.add(**kw)

    @rule(days=st.sampled_from([1, 3, 31]))
    def time_passes(self, days: int) -> None:
        self.emu.clock.freeze(self.emu.clock.now() + timedelta(days=days))

    @invariant()
    def every_application_is_readable(self) -> None:
        for name in self.ids:
            Raw.of(self._store(name))


THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
TestChangeSafety = ChangeSafety.TestCase
TestChangeSafety.settings = settings(
    max_examples=300 if THOROUGH else 25,
    stateful_step_count=50 if THOROUGH else 20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
