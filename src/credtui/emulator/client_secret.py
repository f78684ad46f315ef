"""``POST /api/v2/clients/{id}/rotate-secret``: a new client secret, the old one refused at once.

Auth0's endpoint (``post_rotate-secret``, scope ``update:client_keys``) takes no
body and answers 200 with the whole client, its new ``client_secret`` included.
It "cannot be used with clients configured with Private Key JWT"; the new
secret is "NOT base64 encoded". The secret is the one :class:`~.store.Client`
holds, so ``/oauth/token`` accepts only the new one from the moment it is made
(decision 35 in :mod:`credtui.emulator`).
"""

from __future__ import annotations

from credtui.emulator import rules as err
from credtui.emulator.store import Client, Tenant

SCOPES = ("update:client_keys",)
"""The spec's only scope for the endpoint (``update:clients`` is not enough)."""


def refusal_text(method: str) -> str:
    """The 400 for a client whose credential method makes its secret unused."""
    return (
        "The client secret cannot be rotated while client_authentication_methods is "
        f"configured ({method}); switch the client to a token_endpoint_auth_method first"
    )


def rotate(tenant: Tenant, client: Client) -> Client:
    """Give ``client`` a new secret (the old one stops working now); 400 for a credential method."""
    method = client.active_method
    if method is not None:
        raise err.bad_request(refusal_text(method))
    with tenant.lock:
        client.client_secret = tenant.new_secret()
        client.updated_at = tenant.clock.now()
    return client
