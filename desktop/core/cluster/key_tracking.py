"""ChangedKeyReader: read only the result keys that changed, told by Redis itself.

A poll set of thousands of running tasks is mostly unchanged from one tick to the next, yet a
plain MGET moves every value every tick (megabytes at 10,000 tasks with tracebacks in them).
Redis's server-assisted client-side caching (``CLIENT TRACKING`` over RESP3, Redis ≥ 6)
remembers which keys this connection read and pushes an ``invalidate`` message when one of
them is written, deleted, expired or flushed. So a tick reads the keys never read before and
the ones invalidated since; everything else is known to be as it was.

Correctness does not rest on timing: a key is marked dirty before it is re-read, invalidations
arrive on the same connection in order with replies, and any connection error forgets
everything so the next read is a full one. Where the server or a proxy refuses RESP3 or
tracking, every read is a full MGET (the old behaviour), and a full read also happens every
``full_sweep_seconds`` as a safety net.

Blocking; runs in the cluster client's executor, one read at a time (a lock).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from desktop.core.domain.translatable import translate

log = logging.getLogger(__name__)

FULL_SWEEP_SECONDS = 300.0


@dataclass
class KeyRead:
    """What one read returned: values of the keys read (None: no such key)."""

    values: dict[bytes, bytes | None] = field(default_factory=dict)
    full: bool = False  # every key asked for was read (first read, reconnect, no tracking, sweep)
    tracking: bool = True  # the server tells us about changes


def connection_for(connparams: dict, protocol: int):
    """One redis-py connection with the backend's settings (db, auth, TLS, unix socket)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    params = {k: v for k, v in connparams.items() if v is not None}
    connection_class = params.pop("connection_class", redis.Connection)
    for pool_only in ("max_connections", "retry_on_timeout", "retry", "retry_on_error"):
        params.pop(pool_only, None)
    params.setdefault("socket_connect_timeout", 3.0)
    params.setdefault("socket_timeout", 5.0)
    # Errors surface at once: a silent reconnect would lose the server's tracking state.
    return connection_class(protocol=protocol, retry=Retry(NoBackoff(), 0), **params)


def parsed_replies(connection) -> Iterator:
    """The replies hiredis already parsed off a redis-py connection (sync or asyncio), taken without a read each.

    redis-py's read_response (and on asyncio, get_message's chain of coroutines) costs tens of
    microseconds a reply, most of a reply's cost in a burst; hiredis has parsed a whole socket
    read (64 KB, a hundred results) by the time one of them is returned. A pushed message is the
    same list over RESP2 and RESP3 (hiredis's PushNotification is a list). Only with the hiredis
    parser (the default when hiredis is installed); with any other this yields nothing. An error
    reply is raised, as redis-py raises it.
    """
    from redis._parsers.hiredis import NOT_ENOUGH_DATA, _AsyncHiredisParser, _HiredisParser

    parser = getattr(connection, "_parser", None)
    reader = getattr(parser, "_reader", None)
    if reader is None or not isinstance(parser, (_HiredisParser, _AsyncHiredisParser)):
        return
    while (reply := reader.gets()) is not NOT_ENOUGH_DATA:
        if isinstance(reply, Exception):
            raise reply
        yield reply


class ChangedKeyReader:
    def __init__(self, connparams: dict | Callable[[], dict], chunk: int = 2000, full_sweep_seconds: float = FULL_SWEEP_SECONDS):
        # A callable is asked on every (re)connect: behind Sentinel, where the master is now.
        self.connparams = connparams
        self.chunk = chunk
        self.full_sweep_seconds = full_sweep_seconds
        self._lock = threading.Lock()
        self._conn = None
        self._tracking = False
        self._known: set[bytes] = set()  # read since tracking went on, not invalidated since
        self._dirty: set[bytes] = set()
        self._last_full = 0.0

    @property
    def tracking(self) -> bool:
        return self._tracking

    def read(self, keys: list[bytes], must_read: Iterable[bytes] = ()) -> KeyRead:
        """Values of the keys that changed (or were never read); ``must_read`` are read regardless."""
        with self._lock:
            try:
                return self._read(keys, set(must_read))
            except Exception:
                self._reset()
                raise

    def close(self) -> None:
        with self._lock:
            self._reset()
        close = getattr(self.connparams, "close", None)
        if callable(close):
            close()

    # -- inside the lock ---------------------------------------------------------

    def _read(self, keys: list[bytes], must_read: set[bytes]) -> KeyRead:
        if self._conn is None:
            self._connect()
        conn = self._conn
        self._drain_pushes(conn)
        now = time.monotonic()
        full = not self._tracking or now - self._last_full >= self.full_sweep_seconds
        if full:
            wanted = keys
            self._dirty.clear()
        else:
            known, dirty = self._known, self._dirty
            wanted = [k for k in keys if k in must_read or k in dirty or k not in known]
            self._dirty = set()  # an invalidation read with the replies below lands in the new set
        values: dict[bytes, bytes | None] = {}
        if wanted:
            commands = [("MGET", *wanted[start : start + self.chunk]) for start in range(0, len(wanted), self.chunk)]
            conn.send_packed_command(conn.pack_commands(commands))
            for command in commands:
                reply = conn.read_response()
                values.update(zip(command[1:], reply, strict=True))
        if self._tracking:
            if full:
                self._known = set(wanted)  # also forgets keys no longer polled
            else:
                self._known.update(wanted)
            self._known.difference_update(self._dirty)  # invalidated while we read: read again
        if full:
            self._last_full = now
        return KeyRead(values, full, self._tracking)

    def _connect(self) -> None:
        self._known.clear()
        self._dirty.clear()
        params = self.connparams() if callable(self.connparams) else self.connparams
        conn = connection_for(params, protocol=3)
        try:
            conn.connect()
            conn._parser.set_invalidation_push_handler(self._on_invalidate)
            conn.send_command("CLIENT", "TRACKING", "ON")
            conn.read_response()
            self._conn, self._tracking = conn, True
            return
        except Exception as exc:
            import redis

            conn.disconnect()
            if isinstance(exc, (redis.ConnectionError, redis.TimeoutError)) and not _refused_resp3(exc):
                raise
            log.info("no change tracking on this server (%s); every poll reads every key", exc)
        conn = connection_for(params, protocol=2)
        conn.connect()
        self._conn, self._tracking = conn, False

    def _drain_pushes(self, conn) -> None:
        """Handle the invalidations that arrived since the last read, before choosing what to read."""
        if not self._tracking:
            return
        while conn.can_read(timeout=0):
            conn.read_response(push_request=True)
            self._take_parsed_pushes(conn)

    def _take_parsed_pushes(self, conn) -> None:
        """The invalidations hiredis parsed along with the one just read, taken in a loop.

        A burst of results (a group of 1,000 finishing) is as many invalidations; redis-py's
        read_response costs tens of microseconds each, hiredis has them parsed already. Nothing
        but pushes comes between two reads (no command is in flight): anything else means the
        connection is not where it should be, and it is dropped (the next read is a full one).
        """
        import redis

        for reply in parsed_replies(conn):
            if isinstance(reply, list) and reply and reply[0] in (b"invalidate", "invalidate"):
                self._on_invalidate(reply)
            else:
                said = translate("key_tracking", "unexpected reply between reads: {kind}")  # the poll's status: reconnecting…
                raise redis.ConnectionError(said.format(kind=type(reply).__name__))

    def _on_invalidate(self, message) -> None:
        keys = message[1] if len(message) > 1 else None
        if keys is None:  # FLUSHDB / FLUSHALL, or the server dropped its tracking table
            self._known.clear()
            return
        self._dirty.update(keys)

    def _reset(self) -> None:
        if self._conn is not None:
            try:
                self._conn.disconnect()
            except Exception:  # noqa: BLE001 - already broken
                pass
        self._conn = None
        self._tracking = False
        self._known.clear()
        self._dirty.clear()
        self._last_full = 0.0


def _refused_resp3(exc: Exception) -> bool:
    """True when the server answered but does not speak RESP3 or tracking (Redis < 6, proxies)."""
    text = str(exc).lower()
    return any(word in text for word in ("hello", "unknown command", "tracking", "protocol"))
