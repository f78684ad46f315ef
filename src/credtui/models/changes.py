"""A change to an application's authentication settings, as the PATCH body it sends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from credtui.vocabulary import AuthMethod


@dataclass(frozen=True)
class AuthChange:
    """A change to an application's authentication settings; None fields are not sent.

    ``method`` switches the method: a credential method (with ``credential_ids``)
    sets ``client_authentication_methods`` and nulls ``token_endpoint_auth_method``;
    a secret method (or ``none``) does the reverse. ``jar_credential_ids`` /
    ``jar_required`` merge into ``signed_request_object``; ``clear_jar`` sends null.
    ``token_vault_credential_ids`` replaces ``token_vault_privileged_access``'s
    credentials (its other settings are kept; the tenant asks for the scope
    ``update:client_token_vault_privileged_access``).
    """

    method: AuthMethod | None = None
    credential_ids: tuple[str, ...] = ()
    jar_required: bool | None = None
    jar_credential_ids: tuple[str, ...] | None = None
    clear_jar: bool = False
    token_binding: bool | None = None
    require_proof_of_possession: bool | None = None
    token_vault_credential_ids: tuple[str, ...] | None = None
    jwt_alg: str | None = None
    """``jwt_configuration.alg`` (merged by Auth0, so its other settings are kept): an
    HS256 application needs RS256 before any credential method is accepted."""

    def to_body(self) -> dict[str, Any]:
        """The PATCH body for ``/clients/{id}``."""
        body: dict[str, Any] = {}
        if self.jwt_alg is not None:
            body["jwt_configuration"] = {"alg": self.jwt_alg}
        if self.method is not None:
            if self.method.uses_credentials:
                body["client_authentication_methods"] = {
                    self.method.value: {"credentials": [{"id": c} for c in self.credential_ids]}
                }
                body["token_endpoint_auth_method"] = None
            else:
                body["client_authentication_methods"] = None
                body["token_endpoint_auth_method"] = self.method.value
        if self.clear_jar:
            body["signed_request_object"] = None
        elif self.jar_required is not None or self.jar_credential_ids is not None:
            sro: dict[str, Any] = {}
            if self.jar_required is not None:
                sro["required"] = self.jar_required
            if self.jar_credential_ids is not None:
                sro["credentials"] = [{"id": c} for c in self.jar_credential_ids]
            body["signed_request_object"] = sro
        if self.token_binding is not None:
            body["access_token"] = {"tls_client_certificate_binding": self.token_binding}
        if self.require_proof_of_possession is not None:
            body["require_proof_of_possession"] = self.require_proof_of_possession
        if self.token_vault_credential_ids is not None:
            body["token_vault_privileged_access"] = {
                "credentials": [{"id": c} for c in self.token_vault_credential_ids]
            }
        return body

    @property
    def plan_keys(self) -> tuple[str, ...]:
        """The plan-gated features this change touches (for explaining a 403)."""
        keys: list[str] = []
        if self.method is not None and self.method.uses_credentials:
            keys.append(self.method.value)
        if self.jar_required or self.jar_credential_ids:
            keys.append("signed_request_object")
        if self.token_binding:
            keys.append("token_binding")
        if self.token_vault_credential_ids is not None:
            keys.append("token_vault_privileged_access")
        return tuple(keys)
