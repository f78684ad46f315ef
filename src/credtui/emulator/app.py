"""The emulated tenant as an ASGI application (Starlette routes plus an outer wrapper).

The outer wrapper does what Auth0's edge does and what tests need: it logs every
request, applies injected latency and faults, and runs the tenant-wide rate
limit on ``/api/v2``. ``/__emulator/…`` (test controls) bypasses all of that.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from credtui import rules
from credtui.emulator import clients as client_ops
from credtui.emulator import credentials as cred_ops
from credtui.emulator import rules as err
from credtui.emulator.clock import TenantClock
from credtui.emulator.controls import FaultBook, LoggedRequest, RequestLog
from credtui.emulator.oauth import TokenService
from credtui.emulator.ratelimit import RateLimitSetting, TokenBucket, parse_rate_limit
from credtui.emulator.store import MANAGEMENT_SCOPES, Client, Credential, Tenant

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

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


class DroppedConnection(Exception):
    """Raised by the app to cut the connection (an injected ``drop`` fault).

    Over a socket, uvicorn closes the connection after the response head, so the
    client sees the peer hang up. In-process, the test transport turns it into
    :class:`httpx.RemoteProtocolError`.
    """


def dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(
    data: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
    content_type: str = err.JSON_CONTENT_TYPE,
) -> Response:
    return Response(dumps(data), status_code=status, headers=headers, media_type=content_type)


def error_response(exc: err.ApiError) -> Response:
    return json_response(exc.body(), exc.status, exc.headers)


def base_url_of(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def generate_signing_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Emulator:
    """One emulated tenant: state, token service, controls and the ASGI app.

    Call it as an ASGI app. ``management`` is the management application (all
    Management API scopes) whose ``client_id``/``client_secret`` get a token.
    """

    def __init__(
        self,
        *,
        tenant: Tenant | None = None,
        clock: TenantClock | None = None,
        signing_key: RSAPrivateKey | None = None,
        rate_limit: RateLimitSetting | str | None = None,
        latency_ms: int = 0,
        management_scopes: Iterable[str] = MANAGEMENT_SCOPES,
        rng_seed: int | None = None,
    ) -> None:
        self.tenant = tenant or Tenant(clock=clock, rng_seed=rng_seed)
        self.clock = self.tenant.clock
        self.tokens = TokenService(self.tenant, signing_key or generate_signing_key())
        if not self.tenant.signing_cert_pem:
            self.tenant.signing_cert_pem = _signing_cert(
                self.tokens.signing_key, self.tenant.domain
            )
        if isinstance(rate_limit, str):
            rate_limit = parse_rate_limit(rate_limit)
        self.bucket = TokenBucket(rate_limit, self.clock.timestamp)
        self.latency_ms = latency_ms
        self.log = RequestLog()
        self.faults = FaultBook()
        self.demo_private_keys: dict[str, str] = {}
        """Private keys (PEM) of seeded demo credentials, by credential id; memory only."""
        self.management = self.create_management_app(
            management_scopes, name="credtui Management API (emulator)"
        )
        self.router = Starlette(
            routes=self._routes(),
            exception_handlers={
                HTTPException: self._http_exception,
                err.ApiError: self._api_error,
                err.OAuthError: self._oauth_error,
            },
        )

    # --- direct helpers (for tests and seeding) ------------------------------

    def create_management_app(
        self, scopes: Iterable[str], *, name: str = "Management client"
    ) -> Client:
        """A machine-to-machine app with a Management API grant of ``scopes``."""
        client, _ = client_ops.create(
            self.tenant,
            {
                "name": name,
                "app_type": "non_interactive",
                "grant_types": ["client_credentials"],
                "jwt_configuration": {"alg": "RS256"},
                "token_endpoint_auth_method": "client_secret_post",
            },
        )
        self.tenant.grants[client.client_id] = tuple(scopes)
        return client

    def grant(self, client_id: str, scopes: Iterable[str]) -> None:
        """Give ``client_id`` a Management API client grant."""
        self.tenant.grants[client_id] = tuple(scopes)

    def create_application(
        self,
        name: str = "Test application",
        *,
        app_type: str = "non_interactive",
        method: str = "client_secret_post",
        credentials: list[dict[str, Any]] | None = None,
        unattached: list[dict[str, Any]] | None = None,
        jar: list[dict[str, Any]] | None = None,
        jar_required: bool | None = None,
        extra: dict[str, Any] | None = None,
        grant_scopes: Iterable[str] | None = None,
    ) -> Client:
        """Create an application directly (no HTTP), Auth0's rules applied.

        ``method`` is a ``token_endpoint_auth_method`` value or one of the three
        credential methods; ``credentials`` are inline definitions (as on
        ``POST /clients``) attached to that method; ``unattached`` are created
        afterwards through the credentials rules and left unattached; ``jar``
        inline ``public_key`` definitions for ``signed_request_object``.
        """
        body: dict[str, Any] = {
            "name": name,
            "app_type": app_type,
            "jwt_configuration": {"alg": "RS256"},
        }
        if app_type == "non_interactive":
            body["grant_types"] = ["client_credentials"]
        if method in rules.CREDENTIAL_METHODS:
            body["client_authentication_methods"] = {method: {"credentials": credentials or []}}
        else:
            body["token_endpoint_auth_method"] = method
        if jar is not None or jar_required is not None:
            sro: dict[str, Any] = {"credentials": jar or []}
            if jar_required is not None:
                sro["required"] = jar_required
            body["signed_request_object"] = sro
        body.update(extra or {})
        client, _ = client_ops.create(self.tenant, body)
        for item in unattached or []:
            cred_ops.create(self.tenant, client, item)
        if grant_scopes is not None:
            self.grant(client.client_id, grant_scopes)
        return client

    def add_credential(self, client_id: str, body: dict[str, Any]) -> Credential:
        """Create a credential directly (``POST …/credentials`` rules)."""
        client = self.tenant.get_client(client_id)
        if client is None:
            raise err.client_not_found()
        return cred_ops.create(self.tenant, client, body)

    def token(self, client_id: str | None = None, base_url: str = "http://127.0.0.1") -> str:
        """A Management API access token for ``client_id`` (default: the management app)."""
        return self.tokens.token_for(client_id or self.management.client_id, base_url)

    def set_rate_limit(self, setting: RateLimitSetting | str | None) -> None:
        if isinstance(setting, str):
            setting = parse_rate_limit(setting)
        self.bucket.configure(setting)

    # --- ASGI ----------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__emulator"):
            await self.router(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        method, path = scope["method"], scope["path"]
        entry = self.log.add(
            time=err.format_timestamp(datetime.now(UTC)),
            method=method,
            path=path,
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body.decode("utf-8", "replace"),
        )
        if self.latency_ms > 0:
            await asyncio.sleep(self.latency_ms / 1000)
        fault = self.faults.take(method, path)
        if fault is not None:
            if fault.delay_ms > 0:
                await asyncio.sleep(fault.delay_ms / 1000)
            if fault.drop and fault.after_processing:
                entry.fault = "drop after processing"
                await self._process_then_drop(scope, replay, send, entry)
            if fault.drop:
                entry.fault = entry.fault or "drop"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", b"1024"),
                        ],
                    }
                )
                raise DroppedConnection(f"{method} {path}")
            if fault.status is not None:
                entry.fault = f"status {fault.status}"
                entry.status = fault.status
                response = self._fault_response(fault.status, fault.body)
                await response(scope, replay, send)
                return
        extra_headers: dict[str, str] = {}
        if path.startswith("/api/v2"):
            allowed, extra_headers = self.bucket.take()
            if not allowed:
                entry.status = 429
                await error_response(err.rate_limited(extra_headers))(scope, replay, send)
                return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                if 200 <= message["status"] < 300 and extra_headers:
                    message = dict(message)
                    message["headers"] = list(message.get("headers", [])) + [
                        (k.encode(), v.encode()) for k, v in extra_headers.items()
                    ]
            await send(message)

        await self.router(scope, replay, send_wrapper)

    async def _process_then_drop(
        self, scope: Scope, receive: Receive, send: Send, entry: LoggedRequest
    ) -> None:
        """Act on the request, keep the answer from the client (then the caller cuts the line)."""

        async def swallow(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]

        await self.router(scope, receive, swallow)

    def _fault_response(self, status: int, body: Any) -> Response:
        if body is not None:
            return json_response(body, status)
        if status == 429:
            _, headers = self.bucket.take() if self.bucket.setting else (True, {})
            return error_response(err.rate_limited(headers))
        return error_response(err.ApiError(status, err.reason(status)))

    # --- exception handlers --------------------------------------------------

    async def _http_exception(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code in (404, 405):
            return error_response(err.not_found())
        return error_response(err.ApiError(exc.status_code, str(exc.detail)))

    async def _api_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, err.ApiError)
        return error_response(exc)

    async def _oauth_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, err.OAuthError)
        return json_response(exc.body(), exc.status, content_type="application/json")

    # --- routes ---------------------------------------------------------------

    def _routes(self) -> list[Route]:
        from credtui.emulator import control_routes

        return [
            Route("/oauth/token", self.oauth_token, methods=["POST"]),
            Route("/.well-known/jwks.json", self.jwks, methods=["GET"]),
            Route("/.well-known/openid-configuration", self.discovery, methods=["GET"]),
            Route("/api/v2/clients", self.list_clients, methods=["GET"]),
            Route("/api/v2/clients", self.create_client, methods=["POST"]),
            Route("/api/v2/clients/{client_id}", self.get_client, methods=["GET"]),
            Route("/api/v2/clients/{client_id}", self.patch_client, methods=["PATCH"]),
            Route("/api/v2/clients/{client_id}", self.delete_client, methods=["DELETE"]),
            Route("/api/v2/clients/{client_id}/credentials", self.list_credentials, methods=["GET"]),
            Route("/api/v2/clients/{client_id}/credentials", self.create_credential, methods=["POST"]),
            Route("/api/v2/clients/{client_id}/credentials/{credential_id}", self.get_credential, methods=["GET"]),
            Route("/api/v2/clients/{client_id}/credentials/{credential_id}", self.patch_credential, methods=["PATCH"]),
            Route("/api/v2/clients/{client_id}/credentials/{credential_id}", self.delete_credential, methods=["DELETE"]),
            *control_routes.routes(self),
        ]  # fmt: skip

    async def _authorize(self, request: Request, any_of: Iterable[str]) -> set[str]:
        scopes = self.tokens.authenticate(
            request.headers.get("authorization"), base_url_of(request)
        )
        wanted = tuple(any_of)
        if not scopes & set(wanted):
            raise err.insufficient_scope(wanted)
        return scopes

    async def _json_body(self, request: Request) -> Any:
        raw = await request.body()
        if not raw.strip():
            return {}
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            return dict(parse_qsl(raw.decode()))
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise err.ApiError(400, "Invalid request payload JSON format") from None

    def _client_or_404(self, client_id: str) -> Client:
        client = self.tenant.get_client(client_id)
        if client is None:
            raise err.client_not_found()
        return client

    # /oauth/token
    async def oauth_token(self, request: Request) -> Response:
        raw = await request.body()
        ctype = request.headers.get("content-type", "")
        form: dict[str, str]
        if ctype.startswith("application/json"):
            try:
                data = json.loads(raw or b"{}")
            except ValueError:
                raise err.OAuthError(400, "invalid_request", "Invalid JSON body") from None
            form = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        else:
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        headers = {k.lower(): v for k, v in request.headers.items()}
        result = self.tokens.token_endpoint(form, headers, base_url_of(request))
        return json_response(result, 200, content_type="application/json")

    async def jwks(self, request: Request) -> Response:
        from jwt.algorithms import RSAAlgorithm

        jwk = json.loads(RSAAlgorithm.to_jwk(self.tokens.public_key))
        jwk.update({"kid": self.tokens.kid, "use": "sig", "alg": "RS256"})
        return json_response({"keys": [jwk]}, content_type="application/json")

    async def discovery(self, request: Request) -> Response:
        base = base_url_of(request)
        return json_response(
            {
                "issuer": base + "/",
                "token_endpoint": base + "/oauth/token",
                "jwks_uri": base + "/.well-known/jwks.json",
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                    "private_key_jwt",
                    "tls_client_auth",
                    "self_signed_tls_client_auth",
                ],
                "token_endpoint_auth_signing_alg_values_supported": list(rules.ALGS),
                "tls_client_certificate_bound_access_tokens": True,
            },
            content_type="application/json",
        )

    # /api/v2/clients
    async def list_clients(self, request: Request) -> Response:
        scopes = await self._authorize(request, READ_CLIENTS)
        q = request.query_params
        fields, include = _fields(q)
        can_read_keys = bool(scopes & KEY_READERS)
        _check_field_access(fields, include, can_read_keys)
        app_types = set(q["app_type"].split(",")) if q.get("app_type") else None
        first_party = _bool_param(q, "is_first_party")
        if _bool_param(q, "is_global"):
            app_types = set()  # no global client in the emulator

        def keep(c: Client) -> bool:
            if app_types is not None and c.settings.get("app_type") not in app_types:
                return False
            return first_party is None or c.settings.get("is_first_party") == first_party

        filtered = app_types is not None or first_party is not None

        def render(cs: list[Client]) -> list[dict[str, Any]]:
            return [
                client_ops.project(
                    self.tenant.client_json(c, can_read_keys=can_read_keys), fields, include
                )
                for c in cs
            ]

        if "from" in q or "take" in q:
            take = _int_param(q, "take", 50, 1, 100, "Number of results per page. Defaults to 50.")
            start = 0
            if q.get("from"):
                start = self.tenant.index_after_seq(_decode_checkpoint(q["from"]))
            picked: list[Client] = []
            more = False
            for c in (
                self.tenant.page(start, self.tenant.client_count())
                if filtered
                else self.tenant.page(start, take + 1)
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
            matching = [c for c in self.tenant.iter_clients() if keep(c)]
            total = len(matching)
            chosen = matching[start : start + per_page]
        else:
            total = self.tenant.client_count()
            chosen = self.tenant.page(start, per_page)
        if _bool_param(q, "include_totals"):
            return json_response(
                {"total": total, "start": start, "limit": per_page, "clients": render(chosen)}
            )
        headers = {}
        link = _link_header(request, page, per_page, total)
        if link:
            headers["Link"] = link
        return json_response(render(chosen), headers=headers)

    async def create_client(self, request: Request) -> Response:
        scopes = await self._authorize(request, ("create:clients",))
        body = await self._json_body(request)
        if (
            client_ops.needs_create_credentials_scope(body)
            and "create:client_credentials" not in scopes
        ):
            raise err.insufficient_scope(["create:client_credentials"])
        client, created = client_ops.create(self.tenant, body)
        data = self.tenant.client_json(client, can_read_keys=True, inline=created)
        return json_response(data, 201)

    async def get_client(self, request: Request) -> Response:
        scopes = await self._authorize(request, READ_CLIENTS)
        fields, include = _fields(request.query_params)
        can_read_keys = bool(scopes & KEY_READERS)
        _check_field_access(fields, include, can_read_keys)
        client = self._client_or_404(request.path_params["client_id"])
        data = self.tenant.client_json(client, can_read_keys=can_read_keys)
        return json_response(client_ops.project(data, fields, include))

    async def patch_client(self, request: Request) -> Response:
        scopes = await self._authorize(request, UPDATE_CLIENTS)
        client = self._client_or_404(request.path_params["client_id"])
        body = await self._json_body(request)
        client_ops.update(self.tenant, client, body, scopes)
        return json_response(self.tenant.client_json(client, can_read_keys=True))

    async def delete_client(self, request: Request) -> Response:
        await self._authorize(request, ("delete:clients",))
        client_id = request.path_params["client_id"]
        self.tenant.delete_client(client_id)
        return Response(status_code=204, media_type=err.JSON_CONTENT_TYPE)

    # /api/v2/clients/{id}/credentials
    async def list_credentials(self, request: Request) -> Response:
        await self._authorize(request, ("read:client_credentials",))
        client = self._client_or_404(request.path_params["client_id"])
        return json_response([c.to_json() for c in client.credentials.values()])

    async def create_credential(self, request: Request) -> Response:
        await self._authorize(request, ("create:client_credentials",))
        client = self._client_or_404(request.path_params["client_id"])
        body = await self._json_body(request)
        cred = cred_ops.create(self.tenant, client, body)
        return json_response(cred.to_json(), 201)

    def _credential_or_404(self, request: Request) -> tuple[Client, Credential]:
        client = self._client_or_404(request.path_params["client_id"])
        cred = client.credentials.get(request.path_params["credential_id"])
        if cred is None:
            raise err.credential_not_found()
        return client, cred

    async def get_credential(self, request: Request) -> Response:
        await self._authorize(request, ("read:client_credentials",))
        _, cred = self._credential_or_404(request)
        return json_response(cred.to_json())

    async def patch_credential(self, request: Request) -> Response:
        await self._authorize(request, ("update:client_credentials",))
        _, cred = self._credential_or_404(request)
        body = await self._json_body(request)
        cred_ops.update(self.tenant, cred, body)
        return json_response(cred.to_json(), 200)

    async def delete_credential(self, request: Request) -> Response:
        await self._authorize(request, ("delete:client_credentials",))
        client = self._client_or_404(request.path_params["client_id"])
        cred_ops.delete(self.tenant, client, request.path_params["credential_id"])
        return Response(status_code=204, media_type=err.JSON_CONTENT_TYPE)


# --- query helpers -----------------------------------------------------------


def _bool_param(q: Any, name: str) -> bool | None:
    value = q.get(name)
    if value is None:
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise err.query_error("Expected type boolean but found type string", name)


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


def _fields(q: Any) -> tuple[list[str] | None, bool]:
    raw = q.get("fields")
    fields = [f.strip() for f in raw.split(",") if f.strip()] if raw else None
    include = _bool_param(q, "include_fields")
    return fields, include is not False


def _check_field_access(fields: list[str] | None, include: bool, can_read_keys: bool) -> None:
    if can_read_keys or not fields or not include:
        return
    denied = [f for f in fields if f in client_ops.KEY_FIELDS]
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


def _signing_cert(key: RSAPrivateKey, domain: str) -> str:
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()
