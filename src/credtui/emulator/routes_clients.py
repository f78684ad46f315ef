"""``/api/v2/clients[/{client_id}]``: list, get, create, update and delete applications,
and ``POST /api/v2/clients/{client_id}/rotate-secret`` (:mod:`.client_secret`).

Besides the handlers: the list's two paging shapes (``page``/``per_page`` with an
RFC 8288 ``Link`` header or ``include_totals``; ``from``/``take`` checkpoints),
the ``fields``/``include_fields`` projection with its key-field access check, and
Auth0's query-parameter validation. The application rules are :mod:`.clients`.
"""

from __future__ import annotations

import base64
import math
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from credtui.emulator import client_secret, plans
from credtui.emulator import clients as client_ops
from credtui.emulator import rules as err
from credtui.emulator.client_filters import bool_param, client_filter, fields_param
from credtui.emulator.spec_client import GET_QUERY, LIST_QUERY
from credtui.emulator.store import Client
from credtui.emulator.web import authorize, client_or_404, json_body, json_response

if TYPE_CHECKING:
    from credtui.emulator.state import EmulatorState

READ_CLIENTS = (
    "read:clients",
    "read:client_keys",
    "read:client_credentials",
    "read:client_summary",
)
UPDATE_CLIENTS = (
    "update:clients",
    "update:client_keys",
    "update:client_credentials",
    "update:client_token_vault_privileged_access",
)
KEY_READERS = frozenset({"read:client_keys", "read:client_credentials"})
GLOBAL_NOT_DELETED = "The global client cannot be deleted"
"""Decision 31 (Auth0's answer is not recorded)."""


def routes(emu: EmulatorState) -> list[Route]:
    """The application routes bound to ``emu``."""

    async def list_clients(request: Request) -> Response:
        scopes = await authorize(emu.tokens, request, READ_CLIENTS)
        q = request.query_params
        fields, include = _fields(q, LIST_QUERY)
        can_read_keys = bool(scopes & KEY_READERS)
        _check_field_access(fields, include, can_read_keys)
        chosen_by = client_filter(q, emu.tenant)
        filtered = chosen_by is not None

        def keep(c: Client) -> bool:
            return chosen_by is None or chosen_by(c)

        def render(cs: list[Client]) -> list[dict[str, Any]]:
            return [
                client_ops.project(
                    emu.tenant.client_json(c, can_read_keys=can_read_keys), fields, include
                )
                for c in cs
            ]

        if "from" in q or "take" in q:
            take = _int_param(q, "take", 50, 1, 100, "Number of results per page. Defaults to 50.")
            start = 0
            if q.get("from"):
                start = emu.tenant.index_after_seq(_decode_checkpoint(q["from"]))
            picked: list[Client] = []
            more = False
            for c in (
                emu.tenant.page(start, emu.tenant.client_count())
                if filtered
                else emu.tenant.page(start, take + 1)
            ):
                if not keep(c):
                    continue
                if len(picked) == take:
                    more = True
                    break
                picked.append(c)
            out: dict[str, Any] = {"clients": render(picked)}
            if more:
                out["next"] = _encode_checkpoint(picked[-1].seq + 1)
            return json_response(out)

        per_page = _int_param(
            q,
            "per_page",
            50,
            0,
            100,
            "Number of results per page. Default value is 50, maximum value is 100",
        )
        page = _int_param(
            q, "page", 0, 0, None, "Page index of the results to return. First page is 0."
        )
        start = page * per_page
        if filtered:
            matching = [c for c in emu.tenant.iter_clients(with_global=True) if keep(c)]
            total = len(matching)
            chosen = matching[start : start + per_page]
        else:
            total = emu.tenant.client_count()
            chosen = emu.tenant.page(start, per_page)
        if bool_param(q, "include_totals"):
            return json_response(
                {"total": total, "start": start, "limit": per_page, "clients": render(chosen)}
            )
        headers = {}
        link = _link_header(request, page, per_page, total)
        if link:
            headers["Link"] = link
        return json_response(render(chosen), headers=headers)

    async def create_client(request: Request) -> Response:
        scopes = await authorize(emu.tokens, request, ("create:clients",))
        body = await json_body(request)
        if (
            client_ops.needs_create_credentials_scope(body)
            and "create:client_credentials" not in scopes
        ):
            raise err.insufficient_scope(["create:client_credentials"])
        plans.refuse(emu.plan, plans.client_body_keys(body))
        client, created = client_ops.create(emu.tenant, body)
        data = emu.tenant.client_json(client, can_read_keys=True, inline=created)
        return json_response(data, 201)

    async def get_client(request: Request) -> Response:
        scopes = await authorize(emu.tokens, request, READ_CLIENTS)
        fields, include = _fields(request.query_params, GET_QUERY)
        can_read_keys = bool(scopes & KEY_READERS)
        _check_field_access(fields, include, can_read_keys)
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        data = emu.tenant.client_json(client, can_read_keys=can_read_keys)
        return json_response(client_ops.project(data, fields, include))

    async def patch_client(request: Request) -> Response:
        scopes = await authorize(emu.tokens, request, UPDATE_CLIENTS)
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        body = await json_body(request)
        plans.refuse(emu.plan, plans.client_body_keys(body))
        client_ops.update(emu.tenant, client, body, scopes)
        return json_response(emu.tenant.client_json(client, can_read_keys=True))

    async def rotate_secret(request: Request) -> Response:
        await authorize(emu.tokens, request, client_secret.SCOPES)
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        client_secret.rotate(emu.tenant, client)  # no body: whatever is sent is ignored
        return json_response(emu.tenant.client_json(client, can_read_keys=True))

    async def delete_client(request: Request) -> Response:
        await authorize(emu.tokens, request, ("delete:clients",))
        client_id = request.path_params["client_id"]
        if client_id == emu.tenant.global_client.client_id:
            raise err.bad_request(GLOBAL_NOT_DELETED)
        emu.tenant.delete_client(client_id)
        return Response(status_code=204, media_type=err.JSON_CONTENT_TYPE)

    return [
        Route("/api/v2/clients", list_clients, methods=["GET"]),
        Route("/api/v2/clients", create_client, methods=["POST"]),
        Route("/api/v2/clients/{client_id}", get_client, methods=["GET"]),
        Route("/api/v2/clients/{client_id}", patch_client, methods=["PATCH"]),
        Route("/api/v2/clients/{client_id}", delete_client, methods=["DELETE"]),
        Route("/api/v2/clients/{client_id}/rotate-secret", rotate_secret, methods=["POST"]),
    ]


# --- query helpers -----------------------------------------------------------


def _int_param(
    q: Any, name: str, default: int, minimum: int, maximum: int | None, description: str
) -> int:
    raw = q.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise err.query_error(
            "Expected type integer but found type string", name, description
        ) from None
    if value < minimum:
        raise err.query_error(f"Value {value} is less than minimum {minimum}", name, description)
    if maximum is not None and value > maximum:
        raise err.query_error(f"Value {value} is greater than maximum {maximum}", name, description)
    return value


def _fields(q: Any, params: dict[str, Any]) -> tuple[list[str] | None, bool]:
    fields = fields_param(q, params)
    include = bool_param(q, "include_fields")
    return fields, include is not False


def _check_field_access(fields: list[str] | None, include: bool, can_read_keys: bool) -> None:
    if can_read_keys or not fields or not include:
        return
    denied = [f for f in fields if f.partition(".")[0] in client_ops.KEY_FIELDS]
    if denied:
        raise err.ApiError(
            403, "You cannot read the following fields: " + ", ".join(denied), "insufficient_scope"
        )


def _encode_checkpoint(seq: int) -> str:
    return base64.urlsafe_b64encode(f"c:{seq}".encode()).decode().rstrip("=")


def _decode_checkpoint(token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, seq = raw.partition(":")
        if kind != "c":
            raise ValueError
        return int(seq)
    except (ValueError, UnicodeDecodeError):
        raise err.query_error("Invalid checkpoint", "from") from None


def _link_header(request: Request, page: int, per_page: int, total: int) -> str:
    if per_page <= 0:
        return ""
    last = max(0, math.ceil(total / per_page) - 1)
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    base = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"

    def url(p: int) -> str:
        out: list[tuple[str, str]] = []
        seen_page = seen_per = False
        for k, v in pairs:
            if k == "page":
                out.append(("page", str(p)))
                seen_page = True
            elif k == "per_page":
                out.append(("per_page", str(per_page)))
                seen_per = True
            else:
                out.append((k, v))
        if not seen_page:
            out.append(("page", str(p)))
        if not seen_per:
            out.append(("per_page", str(per_page)))
        return f"<{base}?{urlencode(out)}>"

    links = [f'{url(0)}; rel="first"']
    if page > 0:
        links.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{url(page + 1)}; rel="next"')
    links.append(f'{url(last)}; rel="last"')
    return ", ".join(links)
