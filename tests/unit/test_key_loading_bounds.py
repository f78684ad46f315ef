"""Loading a private key is bounded and never freezes the event loop (issue 8, finding 12).

A 16,384-bit key took ~42 s to validate on the event loop; a FIFO as a key file
hung. Keys larger than Auth0 accepts are refused before any expensive work,
odd files are refused without a read, damaged keys are still caught, and the
token source loads its key off the event loop.
"""

from __future__ import annotations

import asyncio
import math
import os
import secrets
import threading
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from tests import keyfactory as kf

from credtui import keys
from credtui.api.tokens import PrivateKeyJwtSource
from credtui.keys import KeyLoadError


def _der_len(n: int) -> bytes:
    if n < 128:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _der_int(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return b"\x02" + _der_len(len(raw)) + raw


def _pkcs1(*numbers: int) -> bytes:
    body = _der_int(0) + b"".join(_der_int(v) for v in numbers)
    return b"\x30" + _der_len(len(body)) + body


def fake_private_key_der(bits: int) -> bytes:
    """PKCS#1 DER shaped like an RSA private key of ``bits`` bits (random numbers:
    generating a real 16,384-bit key takes minutes)."""
    n = secrets.randbits(bits) | (1 << (bits - 1)) | 1
    half = bits // 2
    p, q = (secrets.randbits(half) | (1 << (half - 1)) | 1 for _ in range(2))
    return _pkcs1(
        n, 65537, secrets.randbits(bits - 8), p, q, *(secrets.randbits(half - 8) for _ in range(3))
    )


def as_pem(der: bytes) -> bytes:
    return kf.armour(f"RSA {kf.PRIVATE} KEY", der).encode()


@pytest.mark.parametrize("bits", [16384, 8192, 4097])
def test_a_key_larger_than_auth0_accepts_is_refused_before_validation(bits: int) -> None:
    data = as_pem(fake_private_key_der(bits))
    started = time.perf_counter()
    with pytest.raises(KeyLoadError) as caught:
        keys.load_private_key(data)
    assert time.perf_counter() - started < 1.0
    assert caught.value.code == "key_too_large"
    assert f"{bits}-bit RSA key; Auth0 accepts 2048 to 4096 bits" in caught.value.message


def test_a_damaged_key_is_still_refused() -> None:
    good = kf.rsa_key().private_numbers()
    p, q, n = good.p, good.q, good.public_numbers.n
    intact = _pkcs1(n, 65537, good.d, p, q, good.dmp1, good.dmq1, good.iqmp)
    assert keys.load_private_key(intact).private_numbers() == good
    # One CRT value off by two: OpenSSL's check refused this, and so does credtui's.
    damaged = _pkcs1(n, 65537, good.d, p, q, good.dmp1 + 2, good.dmq1, good.iqmp)
    with pytest.raises(KeyLoadError) as caught:
        keys.load_private_key(damaged)
    assert caught.value.code == "bad_key"


def test_a_key_whose_p_is_not_prime_is_refused() -> None:
    q = kf.rsa_key().private_numbers().q
    other = kf.rsa_key(2048, 1).private_numbers().p
    composite = next(other * k for k in (3, 5, 7, 11, 13) if math.gcd(65537, other * k - 1) == 1)
    lam = math.lcm(composite - 1, q - 1)
    d = pow(65537, -1, lam)
    # Every value fits together: only a primality test tells this key is not RSA.
    der = _pkcs1(
        composite * q,
        65537,
        d,
        composite,
        q,
        d % (composite - 1),
        d % (q - 1),
        pow(q, -1, composite),
    )
    with pytest.raises(KeyLoadError) as caught:
        keys.load_private_key(der)
    assert caught.value.code == "bad_key"


def test_a_fifo_as_key_file_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "mgmt.pem"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []

    def load() -> None:
        try:
            outcome.append(keys.load_private_key(fifo))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the test run can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("loading a FIFO as a private key hung")
    error = outcome[0]
    assert isinstance(error, KeyLoadError)
    assert error.code == "unreadable"
    assert "is not a regular file (it is a FIFO)" in error.message


def test_a_huge_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.pem"
    path.write_bytes(b"#" * (65 * 1024))
    with pytest.raises(KeyLoadError, match="over the 64 KiB limit"):
        keys.load_private_key(path)


async def test_the_token_source_loads_its_key_off_the_event_loop(tmp_path: Path) -> None:
    key: rsa.RSAPrivateKey = kf.rsa_key(4096, 0)
    path = tmp_path / "mgmt.pem"
    path.write_text(kf.private_pem(key))
    os.chmod(path, 0o600)
    answer = {"access_token": "tok", "expires_in": 86400, "token_type": "Bearer"}
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda _: httpx.Response(200, json=answer))
    )
    source = PrivateKeyJwtSource("abc", private_key_path=path)
    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0.02)
    started = time.perf_counter()
    async with http:
        token = await source.fetch(http, "http://127.0.0.1:9", time.time())
    took = time.perf_counter() - started
    done.set()
    await ticker
    assert token.value == "tok"
    # Loading and checking a 4096-bit key takes a good part of a second; the loop
    # kept ticking all the while (the longest pause is a small part of it).
    assert max(gaps) < 0.2, (max(gaps), took)
