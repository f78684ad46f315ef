"""Issue 8, findings 5-7: a deadline on every request, paging that ends, bounded bodies.

The trickled body runs over a real loopback socket (a raw asyncio server, real
time): httpx's read timeout restarts with every byte, so only a total deadline
ends it. The rest uses the hostile tenant on ``httpx.MockTransport``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import httpx
import pytest

from credtui.api import ClientSecretSource, ManagementClient
from credtui.errors import (
    MalformedResponseError,
    PagingError,
    RequestTimeoutError,
    ResponseTooLargeError,
    describe_error,
)
from tests.api.hostile import Counted, Hostile, good_token, json_response

CLIENT = "a" * 32
MiB = 1024 * 1024


@pytest.fixture
async def t() -> AsyncIterator[Hostile]:
    tenant = Hostile()
    yield tenant
    await tenant.close()


# --- 5. a total deadline ----------------------------------------------------------------


class Trickler:
    """A loopback HTTP server that answers ``trickle_path`` one byte every ``interval`` s."""

    def __init__(self, trickle_path: str, interval: float) -> None:
        self.trickle_path = trickle_path
        self.interval = interval
        self.bytes_sent = 0
        self.server: asyncio.Server | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode().split("?")[0]
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                if path == self.trickle_path:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
                    writer.write(b"Content-Length: 1000\r\n\r\n")
                    for _ in range(1000):
                        await writer.drain()
                        await asyncio.sleep(self.interval)
                        writer.write(b" ")
                        self.bytes_sent += 1
                    return
                body = (
                    b'{"access_token":"not-a-real-token","expires_in":86400}'
                    if path == "/oauth/token"
                    else b"[]"
                )
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()
            self.tasks.discard(task)

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/oauth/token", False),
        (f"/api/v2/clients/{CLIENT}/credentials", False),
        ("/oauth/token", True),
    ],
    ids=["token", "api", "post_token_form"],
)
async def test_a_trickled_body_ends_at_the_deadline_over_a_real_socket(
    path: str, raw: bool
) -> None:
    trickler = Trickler(path, interval=0.2)
    base = await trickler.start()
    try:
        client = ManagementClient(
            base,
            ClientSecretSource("id", "not-a-real-secret"),
            timeout=5.0,  # each byte comes well within the read timeout
            deadline=1.0,
            max_retries=0,
        )
        async with client:
            start = time.monotonic()
            with pytest.raises(RequestTimeoutError) as info:
                # the test's own guard: without a deadline this would take 200 s
                call = client.post_token_form({}) if raw else client.list_credentials(CLIENT)
                await asyncio.wait_for(call, 10)
            elapsed = time.monotonic() - start
    finally:
        await trickler.stop()
    assert info.value.path == path and info.value.seconds == 1.0
    assert 0.9 < elapsed < 4.0, elapsed  # 1 s deadline; slack for a loaded machine
    assert 1 <= trickler.bytes_sent <= 20  # it was trickling when the deadline struck
    assert "did not answer" in describe_error(info.value)


# --- 6. paging that never ends ----------------------------------------------------------


def _app(i: int | str) -> dict[str, str]:
    return {"client_id": f"{i:0>32}", "name": f"App {i}"}


async def test_a_cursor_alternating_a_b_is_stopped(t: Hostile) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if len(t.api_requests()) > 200:  # the old client never stopped: end it for it
            return json_response({"clients": []})
        frm = request.url.params.get("from")
        page = [_app(len(t.api_requests()))]  # new applications on every page
        return json_response({"clients": page, "next": "B" if frm == "A" else "A"})

    t.api = answer
    client = t.client()
    with pytest.raises(PagingError) as info:
        await client.list_applications()
    assert len(t.api_requests()) == 3  # first, A, B: B points back to A
    assert info.value.pages == 3
    assert "repeated" in describe_error(info.value)


async def test_a_cursor_pointing_at_itself_is_an_error_not_a_silent_end(t: Hostile) -> None:
    t.api = lambda r: json_response({"clients": [_app(1)], "next": "A"})
    client = t.client()
    with pytest.raises(PagingError):
        await client.list_applications()
    assert len(t.api_requests()) == 2


async def test_offset_paging_with_full_pages_and_no_total_is_stopped(t: Hostile) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if len(t.api_requests()) > 200:
            return json_response([])
        # a tenant that ignores both checkpoint and offset paging: always the same 100
        return json_response([_app(i) for i in range(100)])

    t.api = answer
    client = t.client()
    with pytest.raises(PagingError) as info:
        await client.list_applications()
    assert len(t.api_requests()) == 3  # the checkpoint try, page 0, page 1 (the same again)
    assert "same applications" in describe_error(info.value)


async def test_pages_beyond_the_cap_stop(t: Hostile) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        n = len(t.api_requests())
        if n > 200:
            return json_response({"clients": []})
        return json_response({"clients": [_app(n)], "next": f"c{n}"})

    t.api = answer
    client = t.client()
    client.max_pages = 50
    with pytest.raises(PagingError) as info:
        await client.list_applications()
    assert len(t.api_requests()) == 50 and info.value.pages == 50


async def test_offset_pages_are_capped_against_the_reported_total(t: Hostile) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if "take" in request.url.params:
            return json_response([])  # no checkpoint paging
        page = int(request.url.params["page"])
        if page > 200:
            return json_response({"total": 250, "clients": []})
        # a total that grows with every page: it would never be reached
        rows = [_app(page * 100 + i) for i in range(100)]
        return json_response({"total": 250 + page * 100, "start": page * 100, "clients": rows})

    t.api = answer
    client = t.client()
    with pytest.raises(PagingError) as info:
        await client.list_applications()
    assert "total" in describe_error(info.value)
    assert len(t.api_requests()) <= 5  # 250 first reported: 3 pages, one more to notice


# --- 7. unbounded bodies ----------------------------------------------------------------


@pytest.mark.parametrize("declared", [False, True], ids=["chunked", "content-length"])
async def test_a_50_mb_body_is_refused_without_reading_it_all(t: Hostile, declared: bool) -> None:
    body = Counted(50 * 1000 * 1000)
    headers = {"content-length": str(body.total)} if declared else {}
    t.api = lambda _: httpx.Response(200, content=body, headers=headers)
    client = t.client()
    with pytest.raises(ResponseTooLargeError) as info:
        await client.list_credentials(CLIENT)
    assert info.value.limit == 10 * MiB
    if declared:
        assert body.pulled == 0  # refused on the header alone
    else:
        assert 10 * MiB < body.pulled <= 10 * MiB + body.chunk
    assert "larger than" in describe_error(info.value)


async def test_the_token_answer_is_capped_at_1_mib(t: Hostile) -> None:
    body = Counted(5 * MiB, prefix=b"{")
    t.token = lambda _: httpx.Response(200, content=body)
    client = t.client(max_retries=0)
    with pytest.raises(ResponseTooLargeError) as info:
        await client.list_credentials(CLIENT)
    assert info.value.path == "/oauth/token" and info.value.limit == MiB
    assert body.pulled <= MiB + body.chunk and t.api_requests() == []


async def test_the_size_cap_is_configurable(t: Hostile) -> None:
    body = Counted(2 * MiB)
    t.api = lambda _: httpx.Response(200, content=body)
    client = t.client(max_response_bytes=MiB)
    with pytest.raises(ResponseTooLargeError) as info:
        await client.list_credentials(CLIENT)
    assert info.value.limit == MiB and body.pulled <= MiB + body.chunk


async def test_a_page_longer_than_asked_is_refused(t: Hostile) -> None:
    rows = [_app(i) for i in range(1000)]
    t.api = lambda _: json_response({"clients": rows, "next": "x"})
    client = t.client()
    with pytest.raises(MalformedResponseError) as info:
        await client.get_application_page()
    assert "asked for 100 applications and got 1,000" in describe_error(info.value)
    t.api = lambda r: json_response(
        {"total": 1000, "clients": rows} if "page" in r.url.params else rows
    )
    with pytest.raises(MalformedResponseError):
        await client.get_application_page()
    query = parse_qs(t.api_requests()[-1].url.query.decode())
    assert query["per_page"] == ["100"]


async def test_post_token_form_is_bounded_too(t: Hostile) -> None:
    """The raw token request (``credtui test``) has the same cap and deadline."""
    t.token = lambda _: json_response({"error": "invalid_client"}, 401)
    client = t.client()
    answer = await client.post_token_form({"grant_type": "client_credentials"})
    assert answer.status == 401 and answer.json(dict) == {"error": "invalid_client"}
    body = Counted(50 * MiB, prefix=b"{")
    t.token = lambda _: httpx.Response(200, content=body)
    with pytest.raises(ResponseTooLargeError):
        await client.post_token_form({"grant_type": "client_credentials"})
    assert body.pulled <= MiB + body.chunk


async def test_a_normal_token_still_works(t: Hostile) -> None:
    t.token = good_token
    client = t.client()
    assert await client.list_credentials(CLIENT) == []
