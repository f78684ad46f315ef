"""A test in your project, against a local Auth0 tenant (``pip install credtui auth0-python``)."""

import pytest
from auth0.management import Auth0
from auth0.management.core.api_error import ApiError


def test_the_sdk_creates_and_finds_an_application(auth0_tenant):
    sdk = Auth0(base_url=auth0_tenant.api_url, token=auth0_tenant.token(), max_retries=0)
    created = sdk.clients.create(name="Billing worker", app_type="non_interactive")
    assert created.name in [c.name for c in sdk.clients.list(is_global=False)]

    # The controls: what the tenant received, and a fault on the next matching request.
    sent = [(r["method"], r["path"]) for r in auth0_tenant.requests()]
    assert ("POST", "/api/v2/clients") in sent
    auth0_tenant.fault("GET", "/api/v2/clients/*", status=503)
    with pytest.raises(ApiError) as refused:
        sdk.clients.get(created.client_id)
    assert refused.value.status_code == 503
