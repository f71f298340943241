"""Redis Streams bus: one stream per partition, entry id `<seq>-0`, so a replay is refused by Redis."""
from __future__ import annotations

import json
import logging
import threading

import redis

from casework.envelope import Envelope

from .bus import Handler, _deliver

log = logging.getLogger(__name__)


class RedisStreamBus:
    def __init__(self, url: str, *, stream: str = "smartbrain:events:county", maxlen: int = 100_000) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        self._stream = stream
        self._maxlen = maxlen
        self._handlers: list[Handler] = []
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None

    def publish(self, envelopes: list[Envelope]) -> int:
        published = 0
        pipe = self._redis.pipeline(transaction=False)
        for envelope in envelopes:
            pipe.xadd(self._stream, {"e": envelope.model_dump_json()}, id=f"{envelope.seq}-0",
                      maxlen=self._maxlen, approximate=True)
        for result in pipe.execute(raise_on_error=False):
            if isinstance(result, redis.ResponseError):
                if "equal or smaller" not in str(result):
                    raise result
            else:
                published += 1
        return published

    def subscribe(self, handler: Handler) -> None:
        self._handlers.append(handler)
        if self._reader is None:
            self._reader = threading.Thread(target=self._read_loop, name="redis-bus-reader", daemon=True)
            self._reader.start()

    def last_seq(self) -> int:
        entries = self._redis.xrevrange(self._stream, count=1)
        return int(entries[0][0].split(b"-")[0]) if entries else 0

    def healthy(self) -> bool:
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def close(self) -> None:
        self._stop.set()
        if self._reader is not None:
            self._reader.join(timeout=3)
        self._redis.close()

    def _read_loop(self) -> None:
        last_id = "$"
        while not self._stop.is_set():
            try:
                response = self._redis.xread({self._stream: last_id}, block=1000, count=500)
            except redis.RedisError:
                log.warning("redis bus read failed; retrying", exc_info=True)
                self._stop.wait(1)
                continue
            for _stream, entries in response or []:
                batch = [Envelope.model_validate(json.loads(fields[b"e"])) for _id, fields in entries]
                last_id = entries[-1][0]
                for handler in list(self._handlers):
                    _deliver(handler, batch)
