"""Token Vault privileged access: what credtui reads of it, and where its one rule lives."""

from __future__ import annotations

import pytest

from credtui import rules
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, Slot, TokenVaultGrant
from credtui.ops.changes import check_slot_credentials, slots_for
from credtui.ops.rotation import rotatable_slots


def test_the_allowlist_and_grants_are_read_safe_and_bounded() -> None:
    app = Application.from_api(
        {
            "client_id": "c",
            "token_vault_privileged_access": {
                "credentials": [{"id": "cred_1"}],
                "ip_allowlist": ["10.0.0.1", 7, "\x1b]52;c;x\x07", "a" * 5000, *["10.0.0.2"] * 20],
                "grants": [
                    {"connection": "github", "scopes": ["repo", None, "read:user"]},
                    {"scopes": ["no connection"]},
                    *({"connection": f"c{i}", "scopes": [f"s{i}"] * 8} for i in range(9)),
                ],
            },
        }
    )
    assert app.token_vault_credential_ids == ("cred_1",)
    allow = app.token_vault_ip_allowlist
    assert len(allow) == rules.TOKEN_VAULT_IP_ALLOWLIST_MAX
    assert allow[:2] == ("10.0.0.1", "\ufffd]52;c;x\ufffd")  # a non-string dropped, controls shown
    assert len(allow[2]) == rules.TOKEN_VAULT_TEXT_MAX and allow[2].endswith("…")
    grants = app.token_vault_grants
    assert grants[0] == TokenVaultGrant("github", ("repo", "read:user"))
    assert len(grants) == rules.TOKEN_VAULT_GRANTS_MAX
    assert sum(len(g.scopes) for g in grants) == rules.TOKEN_VAULT_SCOPES_MAX
    assert grants[0].to_json() == {"connection": "github", "scopes": ["repo", "read:user"]}
    assert grants[0].text() == "github: repo, read:user"
    # Absent, null or malformed: nothing, never an error.
    for value in (None, "x", {"credentials": "x", "ip_allowlist": "1.2.3.4", "grants": {}}):
        empty = Application.from_api({"client_id": "c", "token_vault_privileged_access": value})
        assert (empty.token_vault_ip_allowlist, empty.token_vault_grants) == ((), ())


def test_token_vault_takes_public_keys_and_is_set_only_on_its_own() -> None:
    assert rules.credential_type_for_method(Slot.TOKEN_VAULT_PRIVILEGED_ACCESS) == "public_key"
    key = Credential("cred_k", "public_key", name="k")
    cert = Credential("cred_c", "x509_cert", name="c")
    app = Application(
        "c",
        "Broker",
        method_credentials=(),
        token_vault_credential_ids=("cred_k",),
    )
    with pytest.raises(LocalValidationError) as refused:
        check_slot_credentials(app, Slot.TOKEN_VAULT_PRIVILEGED_ACCESS, ["cred_c"], [key, cert])
    assert refused.value.field == "token_vault_credentials"
    assert "takes public keys" in refused.value.message
    check_slot_credentials(app, Slot.TOKEN_VAULT_PRIVILEGED_ACCESS, ["cred_k"], [key, cert])
    # Not offered when adding a key, and never rotated there.
    assert Slot.TOKEN_VAULT_PRIVILEGED_ACCESS not in slots_for("public_key")
    assert rotatable_slots(app, key) == ()
