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
        feature, needs = plan_feature_for(key) or (key.replace("_", " "), "a higher plan")
        raise err.ApiError(
            403,
            f"{feature} is not available on this tenant's {plan.name.capitalize()} plan: "
            f"it needs {needs}",
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
    if body.get(rules.TOKEN_VAULT_PRIVILEGED_ACCESS) is not None:
        keys.append(rules.TOKEN_VAULT_PRIVILEGED_ACCESS)  # the entitlement; null detaches
    return keys


def credential_body_keys(body: Any) -> list[str]:
    """The plan-gated credential type a ``POST …/credentials`` body creates."""
    if isinstance(body, dict) and isinstance(body.get("credential_type"), str):
        return [body["credential_type"]]
    return []
