"""ResultPoller: the one reader of task state from the result backend.

For a Redis backend one tick is one round trip in the executor: MGET (in chunks, one
pipeline) of the tracked keys Redis reported changed since they were last read, through
server-assisted tracking (see key_tracking), or of every tracked key where the server cannot
track. A value is decoded only when its bytes changed; finished tasks leave the poll set. The
backend also PUBLISHes every state write on a channel named like the key, so a subscriber
hears changes within milliseconds; polling stays as the safety net. Other backends are read in
the executor: a database's rows with one query, other key-value backends' values with their mget,
anything else through its API (see result_backend). Every value is decoded with the console's own
accept list, whatever the -A app's backend accepts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import partial

from celery.backends.base import BaseKeyValueStoreBackend, DisabledBackend

from desktop.core.cluster.client import describe_error, still_wanted
from desktop.core.cluster.key_tracking import ChangedKeyReader, parsed_replies
from desktop.core.connection.sentinel import (
    MasterLocator,
    SentinelSetupError,
    async_master_client,
    close_async_sentinels,
    is_sentinel_backend,
)
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import record_from_raw
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

MGET_CHUNK = 2000
DECODE_SLICE_SECONDS = 0.008  # decode at most this long before letting Qt paint
PUSH_BATCH_SECONDS = 0.005  # collect pushed messages this long into one batch
# Between slices: a real (if tiny) sleep, so Qt's own timers and paint events get their turn;
# sleep(0) only re-queues the task behind other ready callbacks.
YIELD_SECONDS = 0.001
# The listener waits for a pushed message this long at a time, holding the pub/sub connection;
# a (un)subscribe waits at most this long for its turn on it.
LISTEN_SLICE_SECONDS = 0.25
DEFAULT_INTERVALS = {"redis": 0.5, "kv": 1.0, "meta": 5.0}  # polling a database is expensive
SUBSCRIBE_CHUNK = 1000
# Above this many unfinished tasks, one pattern subscription replaces the per-task channels: the
# confirmations of 100,000 SUBSCRIBEs alone overflow Redis's pub/sub output buffer (8 MB for 60 s
# by default), the server drops the connection, and every push is lost.
MAX_CHANNELS = 5000


class BackendKind(str, Enum):
    REDIS = "redis"  # redis.asyncio MGET + pub/sub
    KV = "kv"  # another key-value backend: its mget in the executor
    META = "meta"  # any other backend (database, MongoDB, …): read in the executor (ClusterClient.fetch_results)
    RPC = "rpc"
    NONE = "none"


class PollState(str, Enum):
    OK = "ok"
    RECONNECTING = "reconnecting"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class PollerStatus:
    state: PollState = PollState.OK
    message: str = ""
    kind: BackendKind = BackendKind.REDIS
    polling: int = 0  # ids in the poll set (not finished)
    subscribed: int = 0
    last_tick_ms: float | None = None
    decoded_last_tick: int = 0
    read_last_tick: int = 0  # values transferred by the last tick
    change_tracking: bool = False  # Redis reports which keys changed (CLIENT TRACKING)


# Why results are not polled, shown where the backend's state is (translated when the poller is made).
RPC_EXPLANATION = QT_TRANSLATE_NOOP(
    "poller",
    "rpc:// result backend: results travel as messages to the client that sent the task, "
    "so the console cannot read the results of tasks other programs sent. States still come from events.",
)
NO_BACKEND_EXPLANATION = QT_TRANSLATE_NOOP(
    "poller", "no result backend configured: results and states cannot be read (only events can show them)"
)


def backend_kind(backend) -> BackendKind:
    name = type(backend).__name__
    if isinstance(backend, DisabledBackend):
        return BackendKind.NONE
    if name == "RPCBackend":
        return BackendKind.RPC
    if name in ("RedisBackend", "SentinelBackend") and hasattr(backend, "connparams"):
        return BackendKind.REDIS
    if isinstance(backend, BaseKeyValueStoreBackend):
        return BackendKind.KV
    return BackendKind.META


def async_redis_for(backend):
    """A redis.asyncio client with the backend's own connection settings (db, auth, TLS, socket).

    Behind Sentinel its connections ask the sentinels where the master is each time they connect.
    """
    import redis
    import redis.asyncio as aioredis

    if is_sentinel_backend(backend):
        return async_master_client(backend)

    params = {k: v for k, v in backend.connparams.items() if v is not None}
    sync_class = params.pop("connection_class", None)
    if sync_class is not None:
        if issubclass(sync_class, redis.SSLConnection):
            params["connection_class"] = aioredis.SSLConnection
        elif issubclass(sync_class, redis.UnixDomainSocketConnection):
            params["connection_class"] = aioredis.UnixDomainSocketConnection
    params.setdefault("socket_connect_timeout", 3.0)
    params.setdefault("socket_timeout", 5.0)
    params.pop("max_connections", None)
    return aioredis.Redis(connection_pool=aioredis.ConnectionPool(max_connections=4, **params))


@dataclass(slots=True)
class _Tracked:
    record: TaskRecord
    key: bytes
    raw: bytes | None = None
    seq: int = 0  # when its bytes were last applied (the poller's change counter)


class ResultPoller:
    """Tracks task ids; hands each tick's changed records to ``on_records`` in one batch."""

    def __init__(
        self,
        client,
        on_records: Callable[[list[TaskRecord]], None],
        on_status: Callable[[PollerStatus], None] | None = None,
        interval: float | None = None,
    ):
        self.client = client
        self.backend = client.app.backend
        self.kind = backend_kind(self.backend)
        self.default_interval = DEFAULT_INTERVALS.get(self.kind.value, 1.0)
        self.interval = interval or self.default_interval
        self.allow_pickle = client.profile.allow_pickle
        self.on_records = on_records
        self.on_status = on_status or (lambda status: None)
        self.tracked: dict[str, _Tracked] = {}
        self._pending: dict[str, _Tracked] = {}  # the poll set: tracked and not finished
        self._handed_early: list[TaskRecord] = []  # this tick's slices already handed on
        self._seq = 0
        self._subscriptions_stale = False
        self._key_to_id: dict[bytes, str] = {}
        self._unread: set[bytes] = set()  # newly tracked: read whatever the key reader remembers
        self._reader: ChangedKeyReader | None = None
        self._change_tracking = False
        self._redis = None
        self._pubsub = None
        # One coroutine at a time on the pub/sub connection: after a reconnect, a subscribe's
        # AUTH/HELLO reply and the listener's read would otherwise wait on the same socket
        # ("read() called while another coroutine is already waiting"), and push stayed down.
        self._pubsub_lock = asyncio.Lock()
        self._subscribed: set[bytes] = set()
        self._follow_all = False
        self._pattern: bytes | None = None
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._key_prefix = self._plain_key_prefix()
        explanation = {BackendKind.RPC: RPC_EXPLANATION, BackendKind.NONE: NO_BACKEND_EXPLANATION}.get(self.kind)
        message = translate("poller", explanation) if explanation else ""
        self.status = PollerStatus(PollState.UNSUPPORTED if message else PollState.OK, message, self.kind)

    # -- what is tracked ---------------------------------------------------------

    def track(self, records: Iterable[TaskRecord]) -> None:
        for record in records:
            if record.id in self.tracked:
                continue
            key = self._key(record.id)
            entry = _Tracked(record, key)
            self.tracked[record.id] = entry
            self._key_to_id[key] = record.id
            self._unread.add(key)
            if not record.ready:
                self._pending[record.id] = entry
        self._subscriptions_stale = True
        self._wake.set()

    def untrack(self, ids: Iterable[str]) -> None:
        for task_id in ids:
            entry = self.tracked.pop(task_id, None)
            self._pending.pop(task_id, None)
            if entry is not None:
                self._key_to_id.pop(entry.key, None)
        self._subscriptions_stale = True

    def _key(self, task_id: str) -> bytes:
        if self._key_prefix is not None:
            return self._key_prefix + task_id.encode()
        if self.kind in (BackendKind.REDIS, BackendKind.KV):
            key = self.backend.get_key_for_task(task_id)
            return key if isinstance(key, bytes) else str(key).encode()
        return task_id.encode()

    def _plain_key_prefix(self) -> bytes | None:
        """The backend's key prefix, when its keys are that prefix plus the id (checked on two ids).

        Celery's ``get_key_for_task`` costs microseconds per id, most of a 10,000-id paste;
        a backend naming its keys any other way keeps being asked.
        """
        if self.kind not in (BackendKind.REDIS, BackendKind.KV):
            return None

        def key(task_id: str) -> bytes:
            value = self.backend.get_key_for_task(task_id)
            return value if isinstance(value, bytes) else str(value).encode()

        try:
            probe = "0f1e2d3c-probe"
            prefix = key(probe)[: -len(probe)]
            if all(key(p) == prefix + p.encode() for p in (probe, "ü-é", "a")):
                return prefix
        except Exception:  # noqa: BLE001 - any surprise: ask the backend for every key
            pass
        return None

    @property
    def polling(self) -> list[_Tracked]:
        return list(self._pending.values())

    def set_follow_all(self, on: bool) -> None:
        """Also follow every task whose state any worker writes (a pattern subscription)."""
        self._follow_all = on
        self._subscriptions_stale = True
        self._wake.set()

    # -- loop ----------------------------------------------------------------------

    def start(self) -> None:
        if self.status.state is PollState.UNSUPPORTED:
            self.on_status(self.status)
            return
        self._tasks = [asyncio.ensure_future(self._run())]
        if self.kind is BackendKind.REDIS:
            self._tasks.append(asyncio.ensure_future(self._listen()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        # Close every socket now, on this loop: the pool was passed in, so Redis.aclose() would
        # leave its connections to the garbage collector, which may run in any thread.
        closers = []
        if self._pubsub is not None:
            closers.append(self._pubsub.aclose())
        if self._redis is not None:
            closers += [self._redis.aclose(), self._redis.connection_pool.disconnect(), close_async_sentinels(self._redis)]
        for closer in closers:
            try:
                await asyncio.wait_for(closer, 2)
            except Exception:  # noqa: BLE001 - shutting down
                pass
        self._pubsub = self._redis = None
        if self._reader is not None:
            await self.client.run_blocking(self._reader.close, timeout=2.0)
            self._reader = None

    async def _run(self) -> None:
        while still_wanted():
            self._wake.clear()  # before the tick: a task tracked during it wakes the next one at once
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the loop outlives any one tick
                text = str(exc) if isinstance(exc, (BackendUnreachable, SentinelSetupError)) else describe_error(exc)
                unreachable = translate("poller", "result backend: {error}")
                self._set_status(PollState.RECONNECTING, unreachable.format(error=self.client.profile.redact(text)))
            if not still_wanted():
                break
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except asyncio.TimeoutError:
                pass

    async def tick(self) -> list[TaskRecord]:
        """One poll of every unfinished tracked task; returns (and hands on) what changed."""
        pending = self.polling
        if not pending:
            await self._sync_subscriptions()  # drop the channels of tasks that just finished
            self._set_status(PollState.OK, "", last_tick_ms=0.0)
            return []
        started = time.perf_counter()
        if self.kind is BackendKind.REDIS:
            changed, decoded, read = await self._tick_redis(pending)
        else:
            changed, decoded = await self._tick_executor(pending)
            read = decoded
        elapsed = (time.perf_counter() - started) * 1000
        self._set_status(PollState.OK, "", last_tick_ms=elapsed, decoded=decoded, read=read)
        if changed:
            self.on_records(changed)
        early, self._handed_early = self._handed_early, []
        return early + changed

    async def _tick_redis(self, pending: list[_Tracked]) -> tuple[list[TaskRecord], int, int]:
        if self._redis is None:
            self._redis = async_redis_for(self.backend)
        if self._reader is None:
            # Behind Sentinel, every (re)connect asks where the master is now.
            params = MasterLocator(self.backend) if is_sentinel_backend(self.backend) else self.backend.connparams
            self._reader = ChangedKeyReader(params, MGET_CHUNK)
        await self._sync_subscriptions()
        snapshot = self._seq  # a push applied after this is newer than what MGET returns
        must_read, self._unread = self._unread, set()
        # The read runs on a sync hiredis connection in the executor: it parses megabytes about
        # twice as fast as redis.asyncio, and not on the GUI thread.
        reply = await self.client.run_blocking(partial(self._reader.read, [t.key for t in pending], must_read))
        if not reply.ok:
            self._unread |= must_read
            raise BackendUnreachable(reply.error)
        values = reply.value.values
        self._change_tracking = reply.value.tracking
        changed, handed, decoded = [], [], 0
        slice_started = time.perf_counter()
        for key, raw in values.items():
            entry = self._pending.get(self._key_to_id.get(key, ""))
            if entry is None or raw is None or raw == entry.raw or entry.seq > snapshot or entry.record.ready:
                continue
            decoded += 1
            record = self._apply_raw(entry, raw)
            if record is not None:
                changed.append(record)
            if time.perf_counter() - slice_started > DECODE_SLICE_SECONDS:
                # Many changes at once (a first tick, a burst): hand them on in slices and let
                # the window breathe in between instead of blocking it for the whole tick.
                if changed:
                    self.on_records(changed)
                    handed += changed
                    changed = []
                await asyncio.sleep(YIELD_SECONDS)
                slice_started = time.perf_counter()
        self._handed_early = handed
        return changed, decoded, len(values)

    def _apply_raw(self, entry: _Tracked, raw: bytes) -> TaskRecord | None:
        """Decode one changed payload into the entry; None when nothing visible changed."""
        self._seq += 1
        entry.raw, entry.seq = raw, self._seq
        record = record_from_raw(entry.record, raw, self.backend, self.allow_pickle)
        if record.ready:
            entry.raw = None  # it leaves the poll set; no need to remember its bytes
            self._pending.pop(record.id, None)
            self._subscriptions_stale = True
        if record == entry.record:
            return None
        entry.record = record
        return record

    async def _tick_executor(self, pending: list[_Tracked]) -> tuple[list[TaskRecord], int]:
        reply = await self.client.fetch_results([t.record for t in pending])
        if not reply.ok:
            raise BackendUnreachable(reply.error)
        changed = []
        for entry, record in zip(pending, reply.value, strict=True):
            if record.ready:
                self._pending.pop(record.id, None)
            if record != entry.record:
                entry.record = record
                changed.append(record)
        return changed, len(pending)

    # -- push ----------------------------------------------------------------------

    async def _sync_subscriptions(self) -> None:
        """Subscribe to the channels of unfinished tasks, and drop those of finished ones."""
        if self._redis is None:
            return
        if self._pubsub is None:
            self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        if not self._subscriptions_stale:
            return
        self._subscriptions_stale = False
        try:
            async with self._pubsub_lock:
                await self._apply_subscriptions()
        except BaseException:
            # Redis went away mid-way (a failover, a restart): what did not go through is tried
            # again on the next tick, on the connection the pub/sub makes then.
            self._subscriptions_stale = True
            raise

    async def _apply_subscriptions(self) -> None:
        use_pattern = self._follow_all or len(self._pending) > MAX_CHANNELS
        wanted = set() if use_pattern else {t.key for t in self._pending.values()}
        new, gone = wanted - self._subscribed, self._subscribed - wanted
        if use_pattern and self._pattern is None:
            pattern = self.backend.get_key_for_task("*")
            pattern = pattern if isinstance(pattern, bytes) else str(pattern).encode()
            await self._pubsub.psubscribe(pattern)
            self._pattern = pattern  # only once it went through: a failed one is asked again
        new_list, gone_list = sorted(new), sorted(gone)
        for start in range(0, len(new_list), SUBSCRIBE_CHUNK):  # the new channels first, then let go of the old
            await self._pubsub.subscribe(*new_list[start : start + SUBSCRIBE_CHUNK])
        if not use_pattern and self._pattern is not None:
            await self._pubsub.punsubscribe(self._pattern)
            self._pattern = None
        for start in range(0, len(gone_list), SUBSCRIBE_CHUNK):
            await self._pubsub.unsubscribe(*gone_list[start : start + SUBSCRIBE_CHUNK])
        self._subscribed = (self._subscribed | new) - gone

    async def _listen(self) -> None:
        while still_wanted():
            pubsub = self._pubsub
            if pubsub is None or not pubsub.subscribed:
                await asyncio.sleep(0.05)
                continue
            batch: list[TaskRecord] = []
            try:
                async with self._pubsub_lock:
                    # get_message's own two steps: it gives None for a (un)subscribe confirmation
                    # as for nothing at all, and 5,000 confirmations would take 5,000 turns of this
                    # loop, every result pushed meanwhile waiting behind them.
                    response = await pubsub.parse_response(block=False, timeout=LISTEN_SLICE_SECONDS)
                    deadline = time.perf_counter() + PUSH_BATCH_SECONDS
                    while response:
                        message = await pubsub.handle_message(response, ignore_subscribe_messages=True)
                        if message is not None:
                            self._on_push(message, batch)
                        for reply in parsed_replies(pubsub.connection):
                            kind = reply[0] if isinstance(reply, list) and reply else None
                            if kind == b"message" and len(reply) == 3:
                                self._on_pushed(reply[1], reply[2], batch)
                            elif kind == b"pmessage" and len(reply) == 4:
                                self._on_pushed(reply[2], reply[3], batch)
                            else:  # a (un)subscribe confirmation: redis-py keeps its books on those
                                await pubsub.handle_message(reply, ignore_subscribe_messages=True)
                        if time.perf_counter() > deadline:
                            break
                        response = await pubsub.parse_response(block=False, timeout=0)  # what is already buffered
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis went away; the poll loop reports it
                log.debug("pub/sub: %s", exc)
                if batch:
                    self.on_records(batch)  # what came before the connection went
                await asyncio.sleep(0.5)
                continue
            if batch:
                self.on_records(batch)
            await asyncio.sleep(YIELD_SECONDS)  # one batch at a time: the window paints in between

    def _on_push(self, message: dict, batch: list[TaskRecord]) -> None:
        if message.get("type") in ("message", "pmessage"):
            self._on_pushed(message["channel"], message["data"], batch)

    def _on_pushed(self, channel: bytes, data: bytes, batch: list[TaskRecord]) -> None:
        task_id = self._key_to_id.get(channel)
        if task_id is None:
            if not self._follow_all:
                return
            task_id = self._id_from_key(channel)
            if task_id is None:
                return
            self.track([TaskRecord(id=task_id)])
        entry = self.tracked[task_id]
        if entry.record.ready or data == entry.raw:
            return  # already final, or the same bytes the last poll decoded
        record = self._apply_raw(entry, data)
        if record is not None:
            batch.append(record)
        if entry.record.ready:
            self._wake.set()  # let the loop drop its subscription

    def _id_from_key(self, key: bytes) -> str | None:
        """The task id inside a meta key, whatever prefix the backend puts in front."""
        template = self.backend.get_key_for_task("X")
        template = template if isinstance(template, bytes) else str(template).encode()
        head = template[:-1]
        if not key.startswith(head):
            return None
        return key[len(head) :].decode(errors="replace") or None

    def _set_status(
        self, state: PollState, message: str, last_tick_ms: float | None = None, decoded: int = 0, read: int = 0
    ) -> None:
        status = PollerStatus(
            state,
            message,
            self.kind,
            polling=len(self._pending),
            subscribed=len(self._subscribed),
            last_tick_ms=last_tick_ms if last_tick_ms is not None else self.status.last_tick_ms,
            decoded_last_tick=decoded,
            read_last_tick=read,
            change_tracking=self._change_tracking,
        )
        changed = (status.state, status.message) != (self.status.state, self.status.message)
        self.status = status
        if changed:
            self.on_status(status)


class BackendUnreachable(ConnectionError):
    """A read of the result backend failed; the message already says how."""
