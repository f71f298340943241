"""Timer index on a Redis sorted set, shared by several worker processes.

Keys (under `prefix`):
- `<prefix>:due`       ZSET timer id -> due time (epoch ms)
- `<prefix>:fence`     HASH timer id -> fence of the armed timer
- `<prefix>:inflight`  ZSET timer id -> lease end (epoch ms) of a claimed, not yet acknowledged timer
- `<prefix>:claimed`   HASH timer id -> "<fence>|<due ms>" of that claim
- `<prefix>:wake`      channel (or `channel`): published when a timer becomes the earliest, so sleeping loops wake

Claiming is one Lua script (ZRANGEBYSCORE + ZREM + move to in-flight), so two processes never claim the
same timer. A claim is a lease: a process that dies before acknowledging leaves the timer in flight,
and the next claim after the lease ends puts it back (the consumer's fence check makes that repeat
harmless). Due times come from the caller's Clock, never from Redis's own clock.

One round trip per loop step: acknowledgements are buffered and travel with the next claim (the loop's
`max_wait`, far below the lease, bounds the delay; `flush()` sends them at once), and the claim answers
with the next due moment, which `next_due()` then uses once instead of asking again.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

import redis

from casework.clock import as_utc

from .timers import DueTimer

log = logging.getLogger(__name__)

_ARM = """
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current and tonumber(current) > tonumber(ARGV[3]) then return -1 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local head = redis.call('ZRANGE', KEYS[1], 0, 0)
if head[1] == ARGV[1] then return 1 end
return 0
"""

_CLAIM = """
for i = 4, #ARGV, 2 do
  local meta = redis.call('HGET', KEYS[4], ARGV[i])
  if meta and string.sub(meta, 1, string.len(ARGV[i + 1]) + 1) == ARGV[i + 1] .. '|' then
    redis.call('ZREM', KEYS[3], ARGV[i])
    redis.call('HDEL', KEYS[4], ARGV[i])
  end
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(expired) do
  local meta = redis.call('HGET', KEYS[4], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  if meta and not redis.call('ZSCORE', KEYS[1], id) then
    local sep = string.find(meta, '|', 1, true)
    redis.call('ZADD', KEYS[1], string.sub(meta, sep + 1), id)
    redis.call('HSET', KEYS[2], id, string.sub(meta, 1, sep - 1))
  end
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
local out = {'', ''}
for i = 1, #due, 2 do
  local id, score = due[i], due[i + 1]
  local fence = redis.call('HGET', KEYS[2], id) or '0'
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZADD', KEYS[3], ARGV[3], id)
  redis.call('HSET', KEYS[4], id, fence .. '|' .. score)
  out[#out + 1] = id
  out[#out + 1] = fence
  out[#out + 1] = score
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local lease = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if head[2] then out[1] = head[2] end
if lease[2] then out[2] = lease[2] end
return out
"""

_ACK = """
local done = 0
for i = 1, #ARGV, 2 do
  local meta = redis.call('HGET', KEYS[2], ARGV[i])
  if meta and string.sub(meta, 1, string.len(ARGV[i + 1]) + 1) == ARGV[i + 1] .. '|' then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
    done = done + 1
  end
end
return done
"""

_RELEASE = """
local meta = redis.call('HGET', KEYS[4], ARGV[1])
if not meta or string.sub(meta, 1, string.len(ARGV[2]) + 1) ~= ARGV[2] .. '|' then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
"""


def _ms(moment: datetime) -> float:
    return round(as_utc(moment).timestamp() * 1000, 3)


def _moment(ms: float | bytes | str) -> datetime:
    return datetime.fromtimestamp(float(ms) / 1000, timezone.utc)


def _subscriber_failed(error: Exception, _pubsub: object, _thread: object) -> None:
    """Redis away: say so and pause; the loop's `max_wait` keeps timers firing meanwhile."""
    log.warning("timer wake-up subscriber: %s", error)
    time.sleep(1.0)


def _ack_args(timers: list[DueTimer]) -> list[str | int]:
    args: list[str | int] = []
    for timer in timers:
        args += [timer.timer_id, timer.fence]
    return args


class RedisTimerIndex:
    def __init__(self, client: redis.Redis | str, *, prefix: str = "smartbrain:timers", lease: float = 30.0,
                 chunk: int = 1000, poll_interval: float = 1.0, channel: str | None = None) -> None:
        if not 0 < poll_interval < lease:
            raise ValueError("poll_interval must be positive and shorter than the lease")
        self.poll_interval = poll_interval
        self._redis = redis.Redis.from_url(client, socket_timeout=5, socket_connect_timeout=2) \
            if isinstance(client, str) else client
        self.prefix, self.lease, self.chunk = prefix, lease, chunk
        self._due, self._fence = f"{prefix}:due", f"{prefix}:fence"
        self._inflight, self._claimed = f"{prefix}:inflight", f"{prefix}:claimed"
        self._channel = channel or f"{prefix}:wake"  # pub/sub is not per database: callers namespace it
        self._arm = self._redis.register_script(_ARM)
        self._claim = self._redis.register_script(_CLAIM)
        self._ack = self._redis.register_script(_ACK)
        self._release = self._redis.register_script(_RELEASE)
        self._listeners: list[Callable[[], None]] = []
        self._pending_acks: list[DueTimer] = []
        self._known_head: tuple[float | None] | None = None  # next due (ms) as the last claim saw it
        self._pubsub: redis.client.PubSub | None = None
        self._subscriber: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- writing ---------------------------------------------------------------------------------

    def arm(self, timer_id: str, due_at: datetime, fence: int) -> None:
        self._known_head = None
        if self._arm(keys=[self._due, self._fence], args=[timer_id, _ms(due_at), fence]) == 1:
            self._announce()

    def arm_many(self, entries: Iterable[tuple[str, datetime, int]]) -> None:
        self._known_head = None
        became_head = False
        batch: list[tuple[str, datetime, int]] = []
        for entry in entries:
            batch.append(entry)
            if len(batch) >= self.chunk:
                became_head |= self._arm_batch(batch)
                batch = []
        if batch:
            became_head |= self._arm_batch(batch)
        if became_head:
            self._announce()

    def _arm_batch(self, batch: list[tuple[str, datetime, int]]) -> bool:
        pipe = self._redis.pipeline(transaction=False)
        for timer_id, due_at, fence in batch:
            self._arm(keys=[self._due, self._fence], args=[timer_id, _ms(due_at), fence], client=pipe)
        return any(result == 1 for result in pipe.execute())

    def cancel(self, timer_id: str) -> None:
        self._known_head = None
        pipe = self._redis.pipeline(transaction=True)
        pipe.zrem(self._due, timer_id)
        pipe.hdel(self._fence, timer_id)
        pipe.execute()

    def rebuild(self, entries: Iterable[tuple[str, datetime, int]]) -> None:
        """Replace every timer: build the new set under scratch keys, then swap it in atomically.

        Timers other processes arm while the scratch set is built are lost, so use this only when nothing
        else arms (a cold start, a clean-up); a leader taking over uses `arm_many` (TimerLoop.start)."""
        self._known_head = None
        with self._lock:
            self._pending_acks.clear()
        scratch_due, scratch_fence = f"{self._due}:rebuild", f"{self._fence}:rebuild"
        self._redis.delete(scratch_due, scratch_fence)
        count, chunk = 0, []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= self.chunk:
                count += self._write_scratch(scratch_due, scratch_fence, chunk)
                chunk = []
        count += self._write_scratch(scratch_due, scratch_fence, chunk)
        pipe = self._redis.pipeline(transaction=True)
        pipe.delete(self._due, self._fence, self._inflight, self._claimed)
        if count:
            pipe.rename(scratch_due, self._due)
            pipe.rename(scratch_fence, self._fence)
        pipe.execute()
        self._announce()

    def _write_scratch(self, due_key: str, fence_key: str, chunk: list[tuple[str, datetime, int]]) -> int:
        if not chunk:
            return 0
        pipe = self._redis.pipeline(transaction=False)
        pipe.zadd(due_key, {timer_id: _ms(due_at) for timer_id, due_at, _ in chunk})
        pipe.hset(fence_key, mapping={timer_id: fence for timer_id, _, fence in chunk})
        pipe.execute()
        return len(chunk)

    # -- firing ----------------------------------------------------------------------------------

    def next_due(self) -> datetime | None:
        known, self._known_head = self._known_head, None
        if known is not None:  # fresh from the claim just made
            return None if known[0] is None else _moment(known[0])
        pipe = self._redis.pipeline(transaction=False)
        pipe.zrange(self._due, 0, 0, withscores=True)
        pipe.zrange(self._inflight, 0, 0, withscores=True)  # a lease that ends needs a claim too
        heads = [rows[0][1] for rows in pipe.execute() if rows]
        return _moment(min(heads)) if heads else None

    def claim_due(self, now: datetime, limit: int) -> list[DueTimer]:
        with self._lock:
            acks, self._pending_acks = self._pending_acks, []
        now_ms = _ms(now)
        try:
            flat = self._claim(keys=[self._due, self._fence, self._inflight, self._claimed],
                               args=[now_ms, limit, now_ms + self.lease * 1000, *_ack_args(acks)])
        except Exception:
            with self._lock:
                self._pending_acks[:0] = acks
            raise
        heads = [float(value) for value in flat[:2] if value]
        self._known_head = (min(heads) if heads else None,)
        return [DueTimer(flat[i].decode(), _moment(flat[i + 2].decode()), int(flat[i + 1]))
                for i in range(2, len(flat), 3)]

    def ack(self, timers: list[DueTimer]) -> None:
        """Buffered: sent with the next claim, or now if many are waiting."""
        with self._lock:
            self._pending_acks.extend(timers)
            full = len(self._pending_acks) >= self.chunk
        if full:
            self.flush()

    def flush(self) -> None:
        """Send buffered acknowledgements now."""
        with self._lock:
            acks, self._pending_acks = self._pending_acks, []
        for start in range(0, len(acks), self.chunk):
            self._ack(keys=[self._inflight, self._claimed], args=_ack_args(acks[start:start + self.chunk]))

    def release(self, timer: DueTimer, retry_at: datetime) -> None:
        self._known_head = None
        if self._release(keys=[self._due, self._fence, self._inflight, self._claimed],
                         args=[timer.timer_id, timer.fence, _ms(retry_at)]) == 1:
            self._announce()

    # -- waking ----------------------------------------------------------------------------------

    def add_wake_listener(self, listener: Callable[[], None]) -> None:
        """Local listeners, and (once) a subscriber thread for timers armed by other processes."""
        with self._lock:
            self._listeners.append(listener)
            if self._subscriber is None:
                self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                self._pubsub.subscribe(**{self._channel: lambda _message: self._wake_local()})
                self._subscriber = self._pubsub.run_in_thread(
                    sleep_time=0.25, daemon=True, exception_handler=_subscriber_failed)

    def _announce(self) -> None:
        self._wake_local()
        try:
            self._redis.publish(self._channel, b"1")
        except redis.RedisError:  # the loop's max_wait still bounds the delay
            log.warning("could not publish a timer wake-up", exc_info=True)

    def _wake_local(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- the rest --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._redis.zcard(self._due))

    def in_flight(self) -> int:
        self.flush()
        return int(self._redis.zcard(self._inflight))

    def healthy(self) -> bool:
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def close(self) -> None:
        try:
            self.flush()
        except redis.RedisError:  # unacknowledged claims come back after their lease
            log.warning("could not send timer acknowledgements on close", exc_info=True)
        with self._lock:
            if self._subscriber is not None:
                self._subscriber.stop()
                self._subscriber.join(timeout=3)
                self._subscriber = None
            if self._pubsub is not None:
                self._pubsub.close()
                self._pubsub = None
