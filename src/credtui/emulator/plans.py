"""The tenant's plan: which credential features a write may use (``credtui emulator --plan``).

Private Key JWT needs the Enterprise plan; mTLS client authentication, JAR and
certificate-bound tokens need the Highly Regulated Identity add-on as well
(the feature and plan names are :func:`credtui.errors.plan_feature_for`'s, the
table credtui explains a refusal with). On a plan without a feature, a write
that would use it (a credential of that type, a method, JAR, token binding) is
refused with 403 and nothing changes; reads and existing settings are left
alone, as for a tenant that was downgraded. Decision 28 in :mod:`credtui.emulator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from credtui import rules
from credtui.emulator import rules as err
from credtui.errors import plan_feature_for

PLAN_NAMES = ("free", "professional", "enterprise")
TOKEN_VAULT_FEATURE = "Token Vault privileged access"

_NEEDS_HRI = frozenset(
    {
        rules.TLS_CLIENT_AUTH,
        rules.SELF_SIGNED_TLS_CLIENT_AUTH,
        rules.X509_CERT,
        rules.CERT_SUBJECT_DN,
        rules.SIGNED_REQUEST_OBJECT,
        "token_binding",
    }
)
_NEEDS_ENTERPRISE = frozenset({rules.PRIVATE_KEY_JWT, rules.PUBLIC_KEY})


@dataclass(frozen=True)
class Plan:
    """A tenant's plan; ``hri`` is the Highly Regulated Identity add-on (Enterprise only);
    ``token_vault`` the Token Vault privileged access Early Access entitlement (any plan)."""

    name: str = "enterprise"
    hri: bool = True
    token_vault: bool = True

    def __post_init__(self) -> None:
        if self.name not in PLAN_NAMES:
            raise ValueError(f"--plan must be one of {', '.join(PLAN_NAMES)}, not {self.name!r}")
        if self.hri and self.name != "enterprise":
            raise ValueError("the Highly Regulated Identity add-on needs the Enterprise plan")

    def allows(self, key: str) -> bool:
        """Whether a method, credential type or setting (``token_binding``) is available."""
        if key == rules.TOKEN_VAULT_PRIVILEGED_ACCESS:
            return self.token_vault
        if key in _NEEDS_HRI:
            return self.hri
        if key in _NEEDS_ENTERPRISE:
            return self.name == "enterprise"
        return True

    def to_json(self) -> dict[str, Any]:
        return {"plan": self.name, "hri": self.hri, "token_vault": self.token_vault}


ENTERPRISE_HRI = Plan()
"""The default: Enterprise with the HRI add-on (every feature)."""


def parse_plan(text: str, *, token_vault: bool = True) -> Plan:
    """``free``, ``professional`` or ``enterprise`` (with the HRI add-on), as on the command
    line; ``token_vault=False`` (``--no-token-vault``): without the Early Access entitlement."""
    name = text.strip().lower()
    if name not in PLAN_NAMES:
        raise ValueError(f"--plan must be one of {', '.join(PLAN_NAMES)}, not {text!r}")
    return Plan(name, hri=name == "enterprise", token_vault=token_vault)


def refuse(plan: Plan, keys: list[str]) -> None:
    """Raise the 403 for the first of ``keys`` the plan lacks (nothing when all are allowed)."""
    for key in keys:
        if plan.allows(key):
            continue
        if key == rules.TOKEN_VAULT_PRIVILEGED_ACCESS:
            # Modelled on the spec's 403 for other features a tenant is not entitled to
            # ("Synchronized groups selection is not enabled for this tenant"): a guess.
            raise err.ApiError(403, f"{TOKEN_VAULT_FEATURE} is not enabled for this tenant")
        feature, _ = plan_feature_for(key) or (key.replace("_", " "), "a higher plan")
        raise err.ApiError(403, plan_refusal(feature))


def plan_refusal(feature: str) -> str:
    """The 403 text for a feature the tenant's subscription lacks.

    No client or credential endpoint documents a plan 403; this is the spec's documented
    wording for another subscription-gated feature (``POST /network-acls``: "Entitlement
    is not enabled for this tenant. Please upgrade your subscription to enable Tenant ACL
    Management."), with the feature's name in its place. Decision 28.
    """
    return (
        "Entitlement is not enabled for this tenant. Please upgrade your subscription "
        f"to enable {feature}."
    )


def client_body_keys(body: Any) -> list[str]:
    """The plan-gated features a ``POST``/``PATCH /clients`` body turns on."""
    if not isinstance(body, dict):
        return []
    keys: list[str] = []
    methods = body.get("client_authentication_methods")
    if isinstance(methods, dict):
        keys.extend(str(m) for m in methods)
    sro = body.get("signed_request_object")
    if isinstance(sro, dict) and (sro.get("credentials") or sro.get("required") is True):
        keys.append(rules.SIGNED_REQUEST_OBJECT)
    access = body.get("access_token")
    if isinstance(access, dict) and access.get("tls_client_certificate_binding") is True:
        keys.append("token_binding")
    vault = body.get(rules.TOKEN_VAULT_PRIVILEGED_ACCESS)
    if vault is not None:
        keys.append(rules.TOKEN_VAULT_PRIVILEGED_ACCESS)  # the entitlement; null detaches
        creds = vault.get("credentials") if isinstance(vault, dict) else None
        if isinstance(creds, list) and any(isinstance(c, dict) and "id" not in c for c in creds):
            # An inline definition creates a public_key credential, as POST …/credentials
            # would: the same plan rule (the plan table has one row for public_key).
            keys.append(rules.PUBLIC_KEY)
    return keys


def credential_body_keys(body: Any) -> list[str]:
    """The plan-gated credential type a ``POST …/credentials`` body creates."""
    if isinstance(body, dict) and isinstance(body.get("credential_type"), str):
        return [body["credential_type"]]
    return []
