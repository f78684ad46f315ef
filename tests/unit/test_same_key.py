"""One duplicate-key rule: the client's check_add and the emulator's check_room agree.

Both call :func:`credtui.rules.same_key`; the emulator knows every key's SPKI digest,
the client only what Auth0 lists of a credential already there (kid, certificate
thumbprint). Where that listing hides the key (a custom kid, another certificate
over the same key) the client lets the tenant refuse; it never refuses what the
tenant would take.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests import keyfactory
from tests.keyfactory import FIXED_NOW, cert_pem, rsa_key, self_signed_cert, spki_pem

from credtui import rules
from credtui.checks import CheckedCredential, check_credential_draft
from credtui.emulator import credentials as emu_credentials
from credtui.emulator.app import Emulator
from credtui.emulator.rules import ApiError
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, CredentialDraft, CredentialType
from credtui.ops.changes import check_add

NOW = FIXED_NOW + timedelta(days=1)

# Two keys, each as a bare key and under two certificates: generated once per module.
_KEYS = [rsa_key(2048, 70), rsa_key(2048, 71)]
_PEMS: dict[tuple[int, str], str] = {}
for _i, _key in enumerate(_KEYS):
    _PEMS[(_i, "spki")] = spki_pem(_key)
    for _cn in ("a", "b"):
        _subject = keyfactory.name((NameOID.COMMON_NAME, f"same-key-{_i}-{_cn}"))
        _PEMS[(_i, _cn)] = cert_pem(self_signed_cert(_key, subject=_subject))

_EMULATOR = Emulator(signing_key=rsa_key(2048, 0))


@dataclass(frozen=True)
class Spec:
    """One credential to add: its type, which key, which PEM of it, and a custom kid."""

    ctype: str
    key: int
    pem: str  # "spki", "a" or "b" (a certificate)
    kid: str | None = None

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"credential_type": self.ctype, "pem": _PEMS[(self.key, self.pem)]}
        if self.kid is not None:
            out["kid"] = self.kid
        return out

    def draft(self) -> CredentialDraft:
        return CredentialDraft(
            CredentialType(self.ctype), pem=_PEMS[(self.key, self.pem)], kid=self.kid
        )


_PEMS_OF = {rules.PUBLIC_KEY: ["spki", "a", "b"], rules.X509_CERT: ["a", "b"]}
_PEMS_OF[rules.CERT_SUBJECT_DN] = ["a", "b"]


@st.composite
def _spec(draw: st.DrawFn, ctype: str) -> Spec:
    kid = draw(st.sampled_from([None, "custom-kid-0001"])) if ctype == rules.PUBLIC_KEY else None
    return Spec(ctype, draw(st.integers(0, 1)), draw(st.sampled_from(_PEMS_OF[ctype])), kid)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Spec, Spec]:
    """A held credential and a new one, mostly of the same type (where duplicates are)."""
    held_type = draw(st.sampled_from(rules.CREDENTIAL_TYPES))
    new_type = draw(st.sampled_from([held_type] * 3 + list(rules.CREDENTIAL_TYPES)))
    return draw(_spec(held_type)), draw(_spec(new_type))


def tenant_refuses(held: Spec, new: Spec) -> bool:
    """The emulator, holding ``held``, asked to create ``new``: refused as a duplicate?"""
    client = _EMULATOR.create_application("Same key", unattached=[held.body()])
    try:
        emu_credentials.create(_EMULATOR.tenant, client, new.body())
    except ApiError as exc:
        assert exc.message == rules.MSG_DUPLICATE_PUBLIC_KEY
        return True
    return False


def client_refuses(held: Spec, new: Spec) -> bool:
    """check_add over what Auth0 lists of ``held``: refused as a duplicate?"""
    client = _EMULATOR.create_application("Listed", unattached=[held.body()])
    (stored,) = client.credentials.values()
    listed = Credential.from_api(stored.to_json())
    try:
        check_add(Application(client.client_id, "App"), [listed], _checked(new), None)
    except LocalValidationError as exc:
        assert exc.code == "duplicate"
        assert rules.MSG_DUPLICATE_PUBLIC_KEY in exc.message
        return True
    return False


def _checked(spec: Spec) -> CheckedCredential:
    return check_credential_draft(spec.draft(), NOW)


def hidden_from_the_client(held: Spec, new: Spec) -> bool:
    """The listing does not show the held key: a custom kid, or another certificate."""
    if held.ctype != new.ctype or held.key != new.key:
        return False
    if held.ctype == rules.PUBLIC_KEY:
        return held.kid is not None
    return held.ctype == rules.X509_CERT and held.pem != new.pem


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=_pairs())
@example(  # one custom kid over two keys: two keys, whatever the kid says
    pair=(
        Spec(rules.PUBLIC_KEY, 0, "spki", "custom-kid-0001"),
        Spec(rules.PUBLIC_KEY, 1, "spki", "custom-kid-0001"),
    )
)
def test_client_and_tenant_agree_on_duplicates(pair: tuple[Spec, Spec]) -> None:
    held, new = pair
    tenant = tenant_refuses(held, new)
    client = client_refuses(held, new)
    # The tenant's rule: the same type over the same key, a DN keeping no key.
    assert tenant == (
        held.ctype == new.ctype and held.ctype != rules.CERT_SUBJECT_DN and held.key == new.key
    )
    if client:
        assert tenant, "the client refused what the tenant takes"
    if not hidden_from_the_client(held, new):
        assert client == tenant


EXAMPLES = [
    # (held, new, the tenant refuses, the client refuses)
    # the same custom kid over two keys is not the same key: both take it
    (
        Spec(rules.PUBLIC_KEY, 0, "spki", "custom-kid-0001"),
        Spec(rules.PUBLIC_KEY, 1, "spki", "custom-kid-0001"),
        False,
        False,
    ),
    # a certificate and its bare key are one key as public_key (the automatic kid shows it)
    (Spec(rules.PUBLIC_KEY, 0, "a"), Spec(rules.PUBLIC_KEY, 0, "spki"), True, True),
    # the same key under a custom kid: only the tenant sees the key
    (
        Spec(rules.PUBLIC_KEY, 0, "a", "custom-kid-0001"),
        Spec(rules.PUBLIC_KEY, 0, "b"),
        True,
        False,
    ),
    # the same certificate twice as x509_cert: the thumbprint shows it
    (Spec(rules.X509_CERT, 0, "a"), Spec(rules.X509_CERT, 0, "a"), True, True),
    # another certificate over the same key: only the tenant sees the key
    (Spec(rules.X509_CERT, 0, "a"), Spec(rules.X509_CERT, 0, "b"), True, False),
    # one key as public_key and as x509_cert: different types never collide
    (Spec(rules.PUBLIC_KEY, 0, "a"), Spec(rules.X509_CERT, 0, "a"), False, False),
    # one DN twice: cert_subject_dn keeps no key
    (Spec(rules.CERT_SUBJECT_DN, 0, "a"), Spec(rules.CERT_SUBJECT_DN, 0, "a"), False, False),
]


def test_examples_where_the_listing_shows_the_key_and_where_it_does_not() -> None:
    got = [(h, n, tenant_refuses(h, n), client_refuses(h, n)) for h, n, _, _ in EXAMPLES]
    assert got == EXAMPLES


def test_same_key_decides_on_digests_when_both_are_known() -> None:
    a = rules.KeyFacts("public_key", kid="k" * 10, public_key_sha256="d1", key_kid="j1")
    b = rules.KeyFacts("public_key", kid="k" * 10, public_key_sha256="d2", key_kid="j2")
    assert not rules.same_key(a, b)  # one custom kid, two keys
    assert rules.same_key(
        a, rules.KeyFacts("public_key", kid="other-kid-1", public_key_sha256="d1")
    )
    listed = rules.KeyFacts("public_key", kid="j1")  # Auth0's automatic kid of a's key
    assert rules.same_key(listed, a) and rules.same_key(a, listed)
    assert not rules.same_key(rules.KeyFacts("x509_cert", thumbprint_sha256="t"), listed)
