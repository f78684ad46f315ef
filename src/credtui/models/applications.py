"""Applications: an Auth0 client as credtui lists it, its Token Vault grants, a page
of them, and a client secret just rotated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from credtui import rules
from credtui.models.fields import bounded_texts, credential_ids, text_field
from credtui.text import safe_text
from credtui.vocabulary import AuthMethod, Slot

SECRET_BY_DEFAULT_LABEL = "Client secret"
"""An application created without a method (:attr:`Application.secret_by_default`), in
the Dashboard's word: Auth0 takes its client secret, in the body or as Basic."""


@dataclass(frozen=True)
class TokenVaultGrant:
    """One ``token_vault_privileged_access.grants`` entry: a connection and its scopes."""

    connection: str
    scopes: tuple[str, ...] = ()

    @classmethod
    def all_from_api(cls, values: object) -> tuple[TokenVaultGrant, ...]:
        """The grants of a tenant's answer, bounded as Auth0 bounds them (5 grants, 20 scopes)."""
        if not isinstance(values, list):
            return ()
        out: list[TokenVaultGrant] = []
        room = rules.TOKEN_VAULT_SCOPES_MAX
        for value in values:
            if len(out) == rules.TOKEN_VAULT_GRANTS_MAX:
                break
            if not isinstance(value, Mapping) or not isinstance(value.get("connection"), str):
                continue
            scopes = bounded_texts(value.get("scopes"), room)
            room -= len(scopes)
            connection = safe_text(value["connection"], limit=rules.TOKEN_VAULT_TEXT_MAX)
            out.append(cls(connection, scopes))
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """``{"connection": ..., "scopes": [...]}``, as Auth0 writes it."""
        return {"connection": self.connection, "scopes": list(self.scopes)}

    def text(self) -> str:
        """``github: repo, read:user`` (``github: no scopes`` when it has none)."""
        return f"{self.connection}: {', '.join(self.scopes) or 'no scopes'}"


@dataclass(frozen=True)
class Application:
    """An Auth0 client as credtui lists it."""

    client_id: str
    name: str
    app_type: str | None = None
    token_endpoint_auth_method: str | None = None
    """Auth0's field as sent (absent while a credential method is active)."""
    method_credentials: tuple[tuple[AuthMethod, tuple[str, ...]], ...] = ()
    """``client_authentication_methods`` as (method, credential ids) pairs."""
    jar_required: bool = False
    jar_credential_ids: tuple[str, ...] = ()
    token_vault_credential_ids: tuple[str, ...] = ()
    """``token_vault_privileged_access.credentials`` (empty when absent)."""
    token_vault_ip_allowlist: tuple[str, ...] = ()
    """``token_vault_privileged_access.ip_allowlist``: addresses or CIDR ranges (at most 10)."""
    token_vault_grants: tuple[TokenVaultGrant, ...] = ()
    """``token_vault_privileged_access.grants`` (at most 5, 20 scopes in all)."""
    token_binding: bool = False
    """``access_token.tls_client_certificate_binding`` (certificate-bound tokens)."""
    require_proof_of_possession: bool = False
    jwt_alg: str | None = None
    is_global: bool = False
    """Auth0's ``global`` client ("All Applications"): it holds no credentials and
    credtui changes nothing on it (it is left out of lists, and changes are refused)."""
    secret_by_default: bool = False
    """The answer had neither ``token_endpoint_auth_method`` nor
    ``client_authentication_methods``: the application was created without a method, as
    the API leaves it (75 recorded creates; facts 3.1), and Auth0 takes its client
    secret (in the body or Basic). credtui asks for both fields, and a token that may
    not read them gets a 403, so "neither" never means "not readable". Shown as the
    Dashboard does, "Client secret"; :attr:`auth_method` treats it as ``client_secret_post``."""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Application:
        """Build from Auth0's client JSON (a full object or a ``fields`` subset)."""
        cam = data.get("client_authentication_methods")
        pairs: list[tuple[AuthMethod, tuple[str, ...]]] = []
        if isinstance(cam, Mapping):
            for key, block in cam.items():
                try:
                    method = AuthMethod(key)
                except ValueError:
                    continue
                if method.uses_credentials:
                    pairs.append((method, credential_ids(block)))
        sro = data.get("signed_request_object")
        access = data.get("access_token")
        jwt = data.get("jwt_configuration")
        vault = data.get("token_vault_privileged_access")
        vault = vault if isinstance(vault, Mapping) else {}
        return cls(
            client_id=text_field(data, "client_id", limit=None) or "",
            name=text_field(data, "name") or "",
            app_type=text_field(data, "app_type"),
            token_endpoint_auth_method=text_field(data, "token_endpoint_auth_method"),
            method_credentials=tuple(pairs),
            jar_required=bool(isinstance(sro, Mapping) and sro.get("required") is True),
            jar_credential_ids=credential_ids(sro),
            token_vault_credential_ids=credential_ids(vault),
            token_vault_ip_allowlist=bounded_texts(
                vault.get("ip_allowlist"), rules.TOKEN_VAULT_IP_ALLOWLIST_MAX
            ),
            token_vault_grants=TokenVaultGrant.all_from_api(vault.get("grants")),
            token_binding=bool(
                isinstance(access, Mapping) and access.get("tls_client_certificate_binding") is True
            ),
            require_proof_of_possession=data.get("require_proof_of_possession") is True,
            jwt_alg=text_field(jwt, "alg") if isinstance(jwt, Mapping) else None,
            is_global=data.get("global") is True,
            secret_by_default=(
                "client_authentication_methods" not in data
                and "token_endpoint_auth_method" not in data
            ),
        )

    @property
    def auth_method(self) -> AuthMethod | None:
        """The active method: the credential method if one is set, else the token endpoint one.

        With neither field set (:attr:`secret_by_default`), ``client_secret_post``: Auth0
        takes the secret, and the Dashboard shows such applications as "Client Secret
        (Post)". None when the value is one credtui does not know.
        """
        if self.method_credentials:
            return self.method_credentials[0][0]
        if self.secret_by_default:
            return AuthMethod.CLIENT_SECRET_POST
        try:
            return (
                AuthMethod(self.token_endpoint_auth_method)
                if self.token_endpoint_auth_method
                else None
            )
        except ValueError:
            return None

    @property
    def method_in_words(self) -> str:
        """What it authenticates with, for a sentence: ``private_key_jwt``, ``its client
        secret (no method set: Auth0's default)`` or ``an unknown method``."""
        if self.secret_by_default:
            return "its client secret (no method set: Auth0's default)"
        method = self.auth_method
        return method.value if method is not None else "an unknown method"

    def credential_ids_for(self, method: AuthMethod | Slot) -> tuple[str, ...]:
        """The credential ids attached to one method or slot (empty when none)."""
        if method == Slot.SIGNED_REQUEST_OBJECT:
            return self.jar_credential_ids
        if method == Slot.TOKEN_VAULT_PRIVILEGED_ACCESS:
            return self.token_vault_credential_ids
        for m, ids in self.method_credentials:
            if m.value == method.value:
                return ids
        return ()

    @property
    def attached_credential_ids(self) -> tuple[str, ...]:
        """The active method's credential ids."""
        return self.method_credentials[0][1] if self.method_credentials else ()

    def attachments(self) -> dict[str, tuple[Slot, ...]]:
        """For each attached credential id, the slots it is attached to."""
        out: dict[str, list[Slot]] = {}
        for method, ids in self.method_credentials:
            for cid in ids:
                out.setdefault(cid, []).append(Slot(method.value))
        for cid in self.jar_credential_ids:
            out.setdefault(cid, []).append(Slot.SIGNED_REQUEST_OBJECT)
        for cid in self.token_vault_credential_ids:
            out.setdefault(cid, []).append(Slot.TOKEN_VAULT_PRIVILEGED_ACCESS)
        return {cid: tuple(slots) for cid, slots in out.items()}

    def slots_of(self, credential_id: str) -> tuple[Slot, ...]:
        """Where one credential is attached; empty means it authenticates nothing."""
        return self.attachments().get(credential_id, ())


@dataclass(frozen=True)
class NewClientSecret:
    """What a rotation of the client secret answered: the application and its new secret.

    The secret is never in a repr; whoever holds this shows it once and drops it.
    """

    application: Application
    secret: str = field(repr=False)


@dataclass(frozen=True)
class ApplicationPage:
    """One page of applications as it arrived."""

    applications: tuple[Application, ...]
    index: int
    """0-based page number in this listing."""
    next_from: str | None = None
    """The checkpoint for the next page (checkpoint paging), None on the last page."""
    total: int | None = None
    """The total count when the tenant said (offset paging)."""

    @property
    def is_last(self) -> bool:
        """Whether no page follows."""
        return self.next_from is None
