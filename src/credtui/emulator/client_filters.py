"""The filters of ``GET /api/v2/clients``, and its ``fields``, as Auth0's spec declares them.

``app_type`` (a comma-separated list, the spec's pattern: no spaces, not empty),
``is_first_party``, ``is_global``, ``external_client_id`` (1-120 characters), and
``q``: a Lucene query of which only ``client_grant.organization_id:{id}`` and
``client_grant.allow_any_organization:true`` are permitted, never with another
filter, and only with checkpoint paging (``from``/``take``). ``q`` is not a name
search. ``fields`` names must be the spec's (dotted sub-fields included). The
schemas are :mod:`.spec_client`'s, generated from the spec. Decisions 30 and 32 in
:mod:`credtui.emulator`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from credtui.emulator import rules as err
from credtui.emulator.spec_client import CLIENT_FIELDS, LIST_QUERY
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


EXTRA_FIELDS = frozenset({"access_token"})
"""Besides the spec's: the legacy token-binding toggle the emulator accepts (decision 13)."""
_FIELD_NAMES = frozenset(CLIENT_FIELDS) | EXTRA_FIELDS


def _string_param(q: Mapping[str, str], name: str, params: Mapping[str, Any]) -> str | None:
    """A string query parameter checked against its spec schema (None when absent)."""
    value = q.get(name)
    if value is not None:
        err.validate(value, params[name], name, query=True)
    return value


def fields_param(q: Mapping[str, str], params: Mapping[str, Any] = LIST_QUERY) -> list[str] | None:
    """``fields`` as names (None: all fields): 400 ``invalid_query_string`` for a name the
    spec's pattern does not allow (spaces included); empty means all, as the spec says."""
    raw = q.get("fields")
    if not raw:
        return None
    names = raw.split(",")
    if not all(n in _FIELD_NAMES for n in names):
        schema = params["fields"]
        desc = schema.get("description")
        raise err.query_error(
            f"String does not match pattern {schema['pattern']}: {raw}", "fields", desc
        )
    return names


def client_filter(q: Mapping[str, str], tenant: Tenant) -> ClientFilter | None:
    """The filter the query asks for (None: every client); Auth0's 400 for a bad one."""
    if "q" in q:
        return _lucene(q, tenant)
    app_types: set[str] | None = None
    raw_types = _string_param(q, "app_type", LIST_QUERY)
    if raw_types is not None:
        app_types = set(raw_types.split(","))
    first_party = bool_param(q, "is_first_party")
    is_global = bool_param(q, "is_global")
    external = _string_param(q, "external_client_id", LIST_QUERY)
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
