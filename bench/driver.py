"""A bounded HTTP load driver on loopback: asyncio, raw HTTP/1.1, requests built before the run.

Open loop (`rate` set): request n is due at start + n / rate whatever happened to the earlier ones, and its
answer time is counted from that due moment, so a server that falls behind shows it (no coordinated
omission); at most `connections` requests are in flight, the rest wait their turn, still on the clock.
Closed loop (`rate` None): `connections` clients each send the next request when the last one answered.
Python's requests in threads cost more CPU per request than the server under test; this costs little.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def encode(self, host: str) -> bytes:
        head = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", f"Content-Type: {self.content_type}",
                f"Content-Length: {len(self.body)}", *(f"{k}: {v}" for k, v in self.headers)]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + self.body


@dataclass
class Outcome:
    statuses: dict[int, int] = field(default_factory=dict)
    answer_ms: list[float] = field(default_factory=list)  # 2xx only
    errors: int = 0
    abandoned: int = 0  # never sent: their turn came after the run's deadline (the server fell behind)
    seconds: float = 0.0

    @property
    def accepted(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)


async def _exchange(host: str, port: int, payload: bytes, timeout: float) -> int:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(payload)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length:
            await asyncio.wait_for(reader.readexactly(length), timeout)
        return status
    finally:
        writer.close()


async def _drive(ports: list[int], requests: list[Request], rate: float | None, connections: int,
                 timeout: float, seconds: float | None, grace: float) -> Outcome:
    host = "127.0.0.1"
    payloads = [r.encode(f"{host}:{ports[0]}") for r in requests]
    outcome = Outcome()
    gate = asyncio.Semaphore(connections)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.1
    deadline = start + seconds + grace if seconds else float("inf")

    async def one(n: int) -> None:
        due = start + n / rate if rate else loop.time()
        async with gate:
            if loop.time() > deadline:
                outcome.abandoned += 1
                return
            try:
                status = await _exchange(host, ports[n % len(ports)], payloads[n], timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
                outcome.errors += 1
                return
        outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
        if 200 <= status < 300:
            outcome.answer_ms.append((loop.time() - due) * 1000)

    began = time.perf_counter()
    if rate:
        tasks = []
        for n in range(len(payloads)):
            delay = start + n / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)
    else:
        counter = iter(range(len(payloads)))

        async def client() -> None:
            for n in counter:
                if seconds and loop.time() > start + seconds:
                    return
                await one(n)

        await asyncio.gather(*(client() for _ in range(connections)))
    outcome.seconds = time.perf_counter() - began
    return outcome


def drive(ports: list[int], requests: list[Request], *, rate: float | None = None, connections: int = 64,
          timeout: float = 10.0, seconds: float | None = None, grace: float = 3.0) -> Outcome:
    """Send the requests (spread over `ports` in turn); returns statuses and answer times.

    `seconds`: closed loop stops sending after that long; open loop sends none whose turn comes more
    than `grace` seconds after the last one was due (counted as abandoned)."""
    return asyncio.run(_drive(ports, requests, rate, connections, timeout, seconds, grace))
