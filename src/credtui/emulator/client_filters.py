"""The filters of ``GET /api/v2/clients``, as Auth0's spec declares them.

``app_type`` (a comma-separated list), ``is_first_party``, ``is_global``,
``external_client_id``, and ``q``: a Lucene query of which only
``client_grant.organization_id:{id}`` and ``client_grant.allow_any_organization:true``
are permitted, never with another filter, and only with checkpoint paging
(``from``/``take``). ``q`` is not a name search. Decision 30 in :mod:`credtui.emulator`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from credtui.emulator import rules as err
from credtui.emulator.client_schema import APP_TYPES
from credtui.emulator.store import Client, Tenant

ClientFilter = Callable[[Client], bool]

_OTHER_FILTERS = ("app_type", "is_first_party", "is_global", "external_client_id")
_Q = re.compile(
    r"^client_grant\.(?:organization_id:(?P<org>[A-Za-z0-9_-]+)"
    r"|allow_any_organization:(?P<any>true))$"
)
_Q_DESC = (
    "Advanced Query in Lucene syntax. Permitted Queries: "
    "client_grant.organization_id:{organization_id}, client_grant.allow_any_organization:true"
)


def bool_param(q: Mapping[str, str], name: str) -> bool | None:
    """A ``true``/``false`` query parameter (None when absent); 400 otherwise."""
    value = q.get(name)
    if value is None:
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise err.query_error("Expected type boolean but found type string", name)


def client_filter(q: Mapping[str, str], tenant: Tenant) -> ClientFilter | None:
    """The filter the query asks for (None: every client); Auth0's 400 for a bad one."""
    if "q" in q:
        return _lucene(q, tenant)
    app_types: set[str] | None = None
    if q.get("app_type"):
        app_types = {t.strip() for t in q["app_type"].split(",") if t.strip()}
        unknown = sorted(app_types - set(APP_TYPES))
        if unknown:
            raise err.query_error(f"No enum match for: {unknown[0]}", "app_type")
    first_party = bool_param(q, "is_first_party")
    is_global = bool_param(q, "is_global")
    external = q.get("external_client_id")
    if app_types is None and first_party is None and is_global is None and external is None:
        return None

    def keep(c: Client) -> bool:
        if app_types is not None and c.settings.get("app_type") not in app_types:
            return False
        if first_party is not None and c.settings.get("is_first_party", True) != first_party:
            return False
        if is_global is not None and c.is_global != is_global:
            return False
        return external is None or c.settings.get("external_client_id") == external

    return keep


def _lucene(q: Mapping[str, str], tenant: Tenant) -> ClientFilter:
    mixed = [name for name in _OTHER_FILTERS if name in q]
    if mixed:
        raise err.query_error(
            f"q cannot be used in combination with other filters ({', '.join(mixed)})", "q"
        )
    if "from" not in q and "take" not in q:
        raise err.query_error("q requires checkpoint pagination (from and take)", "q")
    match = _Q.match(q["q"].strip())
    if match is None:
        raise err.query_error(f"Query not permitted: {q['q'][:100]}", "q", _Q_DESC)
    org = match.group("org")
    if org is not None:
        return lambda c: org in tenant.organization_grants.get(c.client_id, set())
    return lambda c: c.client_id in tenant.any_organization_grants
