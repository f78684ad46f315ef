"""``/api/v2/clients/{client_id}/credentials[/{credential_id}]``: the five credential endpoints.

Each checks the bearer token's scope, finds the client (404 ``inexistent_client``)
and, for one credential, the credential (404 ``The credential does not exist``);
the rules themselves are :mod:`.credentials`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from credtui.emulator import credentials as cred_ops
from credtui.emulator import plans
from credtui.emulator import rules as err
from credtui.emulator.store import Client, Credential
from credtui.emulator.web import authorize, client_or_404, json_body, json_response

if TYPE_CHECKING:
    from credtui.emulator.state import EmulatorState

COLLECTION = "/api/v2/clients/{client_id}/credentials"
ITEM = COLLECTION + "/{credential_id}"


def routes(emu: EmulatorState) -> list[Route]:
    """The credential routes bound to ``emu``."""

    def credential_or_404(request: Request) -> tuple[Client, Credential]:
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        cred = client.credentials.get(request.path_params["credential_id"])
        if cred is None:
            raise err.credential_not_found()
        return client, cred

    async def list_credentials(request: Request) -> Response:
        await authorize(emu.tokens, request, ("read:client_credentials",))
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        return json_response([c.to_json() for c in client.credentials.values()])

    async def create_credential(request: Request) -> Response:
        await authorize(emu.tokens, request, ("create:client_credentials",))
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        body = await json_body(request)
        plans.refuse(emu.plan, plans.credential_body_keys(body))
        cred = cred_ops.create(emu.tenant, client, body)
        return json_response(cred.to_json(), 201)

    async def get_credential(request: Request) -> Response:
        await authorize(emu.tokens, request, ("read:client_credentials",))
        _, cred = credential_or_404(request)
        return json_response(cred.to_json())

    async def patch_credential(request: Request) -> Response:
        await authorize(emu.tokens, request, ("update:client_credentials",))
        _, cred = credential_or_404(request)
        body = await json_body(request)
        cred_ops.update(emu.tenant, cred, body)
        return json_response(cred.to_json(), 200)

    async def delete_credential(request: Request) -> Response:
        await authorize(emu.tokens, request, ("delete:client_credentials",))
        client = client_or_404(emu.tenant, request.path_params["client_id"])
        cred_ops.delete(emu.tenant, client, request.path_params["credential_id"])
        return Response(status_code=204, media_type=err.JSON_CONTENT_TYPE)

    return [
        Route(COLLECTION, list_credentials, methods=["GET"]),
        Route(COLLECTION, create_credential, methods=["POST"]),
        Route(ITEM, get_credential, methods=["GET"]),
        Route(ITEM, patch_credential, methods=["PATCH"]),
        Route(ITEM, delete_credential, methods=["DELETE"]),
    ]
