"""Queue lengths, purges and the ETA timeline, counted the way kombu stores them.

Blocking functions, meant for ``ClusterClient.run_blocking``. Flower counts a
Redis queue with ``LLEN <name>``, which misses the priority sub-queues
(``<name><sep><step>``) and the ``global_keyprefix``; here every key comes from
kombu's own Redis channel, so the count is what kombu would deliver.

On RabbitMQ (``amqp://``, ``amqps://``) the broker counts itself: a passive ``queue_declare``
gives each queue's ready messages and consumers, live. What AMQP does not tell (unacked
messages, per-priority counts, queues nobody consumes) comes from the management API when the
connection has its URL (desktop.core.cluster.rabbitmq).

Every call here asks on a broker connection kept for the next call (``on_broker``): a console
refreshing every two seconds opens a handful of broker connections in all, not one per refresh.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary, WeakSet

from celery import Celery
from kombu.exceptions import LimitExceeded, OperationalError
from kombu.transport import redis as kombu_redis
from kombu.transport.virtual.exchange import TopicExchange

from desktop.core.domain.results import parse_timestamp, short_json
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

# Reading the unacked hash moves every held message body over the wire: above
# this many entries only its size is reported.
UNACKED_SCAN_LIMIT = 2000
CONTEXT = "queues"  # the catalogue's context (lupdate needs the literal at each call)
# In English here; a record's error or note says them translated (see amqp_unacked()).
NOT_REDIS = QT_TRANSLATE_NOOP("queues", "queue lengths need a Redis or RabbitMQ (amqp://) broker")
AMQP_UNACKED = QT_TRANSLATE_NOOP(
    "queues", "unacked: RabbitMQ tells only through its management API (add its URL to the connection)"
)
NOT_DECLARED = QT_TRANSLATE_NOOP("queues", "not declared on the broker yet")
SUMMARY_LIMIT = 200


def connect_once(conn) -> None:
    """Connect ``conn`` trying each URL of its list once, without pausing in between.

    kombu's ``connect()`` tries twice with a 2 s pause: against a server that accepts and never
    answers, two socket timeouts and the pause, longer than the console waits for the call.
    """
    conn.ensure_connection(
        max_retries=max(len(conn.alt), 1) - 1,
        interval_start=0,
        interval_step=0,
        interval_max=0,
        reraise_as_library_errors=False,
    )


# -- the broker connections the blocking calls share ------------------------------------------------

T = TypeVar("T")

KEPT_LIMIT = 8  # connections an app keeps at most: one per thread asking at once (the client's lanes allow 5)
POOL_WAIT = 10.0  # seconds a call waits for one of them when every one is in use
CLOSE_WITHIN = 2.0  # seconds the kept connections get to close properly when the client closes

_kept: WeakKeyDictionary[Celery, dict] = WeakKeyDictionary()  # app -> {broker: its pool (kombu's ConnectionPool)}
_users: WeakKeyDictionary[Celery, int] = WeakKeyDictionary()  # app -> clients using it and not closed yet
_closed_apps: WeakSet[Celery] = WeakSet()  # apps whose last client closed: no connection is kept for them again
_kept_lock = threading.Lock()


def _broker_of(conn) -> tuple:
    """What tells one broker connection's target apart from another's (the URL, credentials, TLS, options)."""
    return (
        conn.transport_cls,
        conn.hostname,
        conn.port,
        conn.userid,
        conn.password,
        conn.virtual_host,
        repr(conn.ssl),
        repr(conn.transport_options),
        tuple(conn.alt),
    )


def _kept_pool(app: Celery):
    """The pool of kept connections to the app's broker as it is configured now (made at first use).

    Not ``app.pool``: Celery takes that from kombu's process-wide pools, shared by every app with
    the same broker URL (a profile opened again, the event stream's), so closing it with one
    client would close it under the others. An app with ``broker_pool_limit`` 0 or None keeps
    none: each call opens and closes its own connection, as that setting asks.
    """
    with _kept_lock:
        if app in _closed_apps:
            raise RuntimeError(translate("queues", "the console's connections to this broker are closed"))
        connection = app.connection_for_write()
        pools = _kept.setdefault(app, {})
        broker = _broker_of(connection)
        if broker not in pools:
            pools[broker] = connection.Pool(limit=KEPT_LIMIT if app.conf.broker_pool_limit else 0)
        return pools[broker]


def keep_connections_for(app: Celery) -> None:
    """One more client uses ``app`` (a profile switch may give the same -A app to the next client)."""
    with _kept_lock:
        _users[app] = _users.get(app, 0) + 1
        _closed_apps.discard(app)


def _silent(exc: BaseException) -> bool:
    """The broker took the connection and then said nothing: asking again on a new one would only wait as long again."""
    import redis

    link: BaseException | None = exc
    while link is not None:
        if isinstance(link, (socket.timeout, TimeoutError, redis.exceptions.TimeoutError)):
            return True
        link = link.__cause__ or link.__context__
    return False


def _lost(conn, exc: BaseException) -> bool:
    """The connection itself failed (not one request on it): it cannot be used again as it is."""
    try:
        errors = tuple(conn.connection_errors) + tuple(conn.recoverable_connection_errors)
    except Exception:  # noqa: BLE001 - a transport whose client library is missing
        errors = ()
    return isinstance(exc, (*errors, OSError, OperationalError))


def _let_go(conn) -> None:
    """Drop a dead connection's sockets without a word to the broker; the next connect makes a new one."""
    try:
        conn.collect()
    except Exception:  # noqa: BLE001 - what is left of it goes with the garbage
        pass


def on_broker(app: Celery, use: Callable[[Any], T], *, read: bool = False) -> T:
    """``use(conn)`` on a connected broker connection the app keeps for the next call.

    The console asks the broker every few seconds (queue lengths, reachability): a connection of
    its own for each would be one more the broker opens, logs and closes, over a thousand an hour.
    The app's pool of kept connections lends each thread a connection of its own while it asks, so
    each is used by one thread at a time. A kept connection the broker dropped meanwhile (a
    restart, a forced close) is let go and the call made once more on a new one: only a broker that
    is really gone is reported, as a new connection finds it, and one that went silent is not
    waited for twice. After any other error kombu closes the connection (a reply may be half read)
    and the next call opens a new one. A read URL of its own (``broker_read_url``) is not kept: a
    read there opens a connection for the call.
    """
    pool = _kept_pool(app)
    if read and app.conf.broker_read_url != app.conf.broker_write_url:
        with app.connection_for_read() as conn:
            connect_once(conn)
            return use(conn)
    with pool.acquire(block=True, timeout=POOL_WAIT) as conn:
        kept = conn.connected  # no network: a socket the broker closed is found only when used
        try:
            connect_once(conn)
            return use(conn)
        except Exception as exc:
            if not _lost(conn, exc):
                raise
            _let_go(conn)
            if not kept or _silent(exc) or app in _closed_apps:
                raise
        connect_once(conn)
        try:
            return use(conn)
        except Exception as exc:
            if _lost(conn, exc):
                _let_go(conn)
            raise


def broker_round_trip(conn) -> None:
    """One exchange with the broker on a connected connection (a kept one's connect does not touch the network).

    RabbitMQ: a channel opened and closed. Redis: a PING. Other transports: their connect was the check.
    """
    if is_amqp(conn):
        conn.channel().close()
    elif not _redis_transport_or_reason(conn):
        # On the channel's own pool, as queue lengths ask (its ``client`` has a pool of its own: one more connection)
        with conn.default_channel.conn_or_acquire() as client:
            client.ping()


def close_kept_connections(app: Celery, within: float = CLOSE_WITHIN) -> None:
    """A client of ``app`` closes: the connections kept for it are closed.

    When it was the app's last client, every one is, and none is kept for the app again. When
    another client still uses the app (the next profile's, with the same -A app), only those to a
    broker the app no longer names are. Idle ones are closed properly while ``within`` lasts (the
    broker logs a clean close); the rest, in use by a call still running or left when time is up,
    lose their sockets without a word. Blocking: meant for a thread of its own, never the GUI's.
    """
    with _kept_lock:
        users = _users.get(app, 0) - 1
        _users[app] = max(users, 0)
        pools = _kept.get(app, {})
        if users <= 0:
            _closed_apps.add(app)
            names = list(pools)
        else:
            current = _broker_of(app.connection_for_write())
            names = [broker for broker in pools if broker != current]
        closing = [pools.pop(broker) for broker in names]
    deadline = time.monotonic() + within
    for pool in closing:
        _close_pool(pool, deadline)


def _close_pool(pool, deadline: float) -> None:
    taken = []
    if pool.limit:
        try:
            while True:  # every idle one, without waiting for those in use
                taken.append(pool.acquire(block=False))
        except LimitExceeded:
            pass
    for conn in taken:
        if conn.connected and time.monotonic() < deadline:
            try:
                conn.close()  # the connection's own close, not the pool's release
            except Exception:  # noqa: BLE001 - a broker that went away meanwhile
                _let_go(conn)
        else:
            _let_go(conn)
    pool.force_close_all()


@dataclass(frozen=True)
class QueueRecord:
    """One queue as the broker and the workers see it; ``None`` means not known."""

    name: str
    ready: int | None = None  # waiting in the broker, all priority sub-queues together
    by_priority: tuple[tuple[int, int], ...] = ()  # (priority step, count), non-empty steps only
    unacked: int | None = None  # delivered to a worker, not acked yet (includes the ETA tasks it holds)
    unacked_total: int | None = None  # the broker's whole unacked hash, every queue
    scheduled: int | None = None  # ETA/countdown tasks the workers hold, from inspect().scheduled()
    consumers: tuple[str, ...] = ()  # worker hostnames consuming it, from inspect().active_queues()
    error: str = ""  # why the broker's numbers could not be read
    note: str = ""  # why a number is missing or approximate
    broker_consumers: int | None = None  # consumers the broker itself counts (RabbitMQ); None on Redis
    dead_letter_of: tuple[str, ...] = ()  # RabbitMQ (management API): the queues that dead-letter into this one

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "ready": self.ready,
            "by_priority": [list(pair) for pair in self.by_priority],
            "unacked": self.unacked,
            "unacked_total": self.unacked_total,
            "scheduled": self.scheduled,
            "consumers": list(self.consumers),
            "error": self.error,
            "note": self.note,
            "broker_consumers": self.broker_consumers,
            "dead_letter_of": list(self.dead_letter_of),
        }


@dataclass(frozen=True)
class ScheduledTask:
    """A task a worker holds until its ETA: one row of the timeline."""

    id: str
    name: str
    eta: float  # epoch seconds
    seconds_until: float  # negative when overdue (a busy pool, or a worker clock ahead)
    args: str
    kwargs: str
    worker: str
    priority: int | None = None  # the message's priority (the timer's own priority is a constant)
    routing_key: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "eta": self.eta,
            "seconds_until": round(self.seconds_until, 3),
            "args": self.args,
            "kwargs": self.kwargs,
            "worker": self.worker,
            "priority": self.priority,
            "routing_key": self.routing_key,
        }


# -- what the workers report ---------------------------------------------------------------------


def _queue_entries(active_queues_replies: Any) -> Iterable[tuple[str, Mapping]]:
    """(hostname, queue dict) pairs from ``inspect().active_queues()``, garbage skipped."""
    if not isinstance(active_queues_replies, Mapping):
        return
    for hostname, entries in active_queues_replies.items():
        if not isinstance(hostname, str) or not isinstance(entries, list | tuple):
            continue
        for entry in entries:
            if isinstance(entry, Mapping) and isinstance(entry.get("name"), str) and entry["name"]:
                yield hostname, entry


def _exchange_of(entry: Mapping) -> tuple[str, str]:
    exchange = entry.get("exchange")
    if isinstance(exchange, Mapping):
        name, kind = exchange.get("name"), exchange.get("type")
        return (name if isinstance(name, str) else "", kind if isinstance(kind, str) else "")
    return (exchange if isinstance(exchange, str) else "", "")


def is_task_queue(name: str, exchange_type: str = "") -> bool:
    """Remote control (``*.pidbox``), events (``celeryev.*``) and broadcast (fanout) queues hold no countable tasks."""
    return not (name.endswith(".pidbox") or name.startswith("celeryev.") or exchange_type == "fanout")


def _app_queues(app: Celery) -> list[tuple[str, str, str]]:
    """(queue, exchange, exchange type) of the app's ``task_queues`` (or its default queue)."""
    found = []
    for queue in app.amqp.queues.values():
        exchange = queue.exchange
        found.append((queue.name, exchange.name if exchange else "", exchange.type if exchange else ""))
    return found


def queues_to_watch(app: Celery, active_queues_replies: Any) -> list[str]:
    """The task queues worth counting: what the workers consume plus what the app routes to."""
    names = {
        entry["name"]
        for _hostname, entry in _queue_entries(active_queues_replies)
        if is_task_queue(entry["name"], _exchange_of(entry)[1])
    }
    names.update(name for name, _exchange, kind in _app_queues(app) if name and is_task_queue(name, kind))
    default = app.conf.task_default_queue
    if isinstance(default, str) and default:
        names.add(default)
    return sorted(names)


def _consumers_by_queue(active_queues_replies: Any) -> dict[str, tuple[str, ...]]:
    hosts: dict[str, set[str]] = {}
    for hostname, entry in _queue_entries(active_queues_replies):
        hosts.setdefault(entry["name"], set()).add(hostname)
    return {name: tuple(sorted(found)) for name, found in hosts.items()}


def _exchange_types(app: Celery, active_queues_replies: Any) -> dict[str, str]:
    """Exchange name -> type; the Redis binding table does not keep the type, so topic routing needs this."""
    types = {exchange: kind for _name, exchange, kind in _app_queues(app) if exchange and kind}
    for _hostname, entry in _queue_entries(active_queues_replies):
        exchange, kind = _exchange_of(entry)
        if exchange and kind:
            types[exchange] = kind
    return types


# -- the scheduled (ETA) timeline -----------------------------------------------------------------


def _args_text(value: Any) -> str:
    if isinstance(value, str):  # a worker that reports argsrepr
        return value[:SUMMARY_LIMIT]
    if isinstance(value, list | tuple):
        return _join(short_json(a, 60) for a in value)
    return "" if value is None else short_json(value, SUMMARY_LIMIT)


def _kwargs_text(value: Any) -> str:
    if isinstance(value, str):
        return value[:SUMMARY_LIMIT]
    if isinstance(value, Mapping):
        return _join(f"{k}={short_json(v, 60)}" for k, v in value.items())
    return "" if value is None else short_json(value, SUMMARY_LIMIT)


def _join(parts: Iterable[str]) -> str:
    text = ", ".join(parts)
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _scheduled_entries(scheduled_replies: Any) -> Iterable[tuple[str, Mapping, Mapping]]:
    """(worker, entry, request) from ``inspect().scheduled()``, garbage skipped."""
    if not isinstance(scheduled_replies, Mapping):
        return
    for worker, entries in scheduled_replies.items():
        if not isinstance(worker, str) or not isinstance(entries, list | tuple):
            continue
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            request = entry.get("request")
            if isinstance(request, Mapping) and isinstance(request.get("id"), str) and request["id"]:
                yield worker, entry, request


def _delivery_info(request: Mapping) -> Mapping:
    info = request.get("delivery_info")
    return info if isinstance(info, Mapping) else {}


def scheduled_timeline(scheduled_replies: Any, now: float) -> list[ScheduledTask]:
    """What the workers will run and when, soonest first; an entry that cannot be placed is left out."""
    timeline = []
    for worker, entry, request in _scheduled_entries(scheduled_replies):
        eta = parse_timestamp(entry.get("eta"))
        if eta is None:
            continue
        name = request.get("name")
        routing_key = _delivery_info(request).get("routing_key")
        timeline.append(
            ScheduledTask(
                id=request["id"],
                name=name if isinstance(name, str) else "",
                eta=eta,
                seconds_until=eta - now,
                args=_args_text(request.get("args")),
                kwargs=_kwargs_text(request.get("kwargs")),
                worker=worker,
                priority=_int_or_none(_delivery_info(request).get("priority")),
                routing_key=routing_key if isinstance(routing_key, str) else "",
            )
        )
    timeline.sort(key=lambda task: (task.eta, task.worker, task.id))
    return timeline


# -- the broker -----------------------------------------------------------------------------------


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or repr(exc)
    return f"{type(exc).__name__}: {text}"


def is_amqp(conn) -> bool:
    """A RabbitMQ (AMQP 0-9-1) broker connection: py-amqp (``amqp://``, ``amqps://``, ``pyamqp://``) or librabbitmq."""
    try:
        transport = conn.transport
    except Exception:  # noqa: BLE001 - a transport whose client library is missing
        return False
    return getattr(transport, "driver_type", None) == "amqp"


def _redis_transport_or_reason(conn) -> str:
    """'' for a Redis broker, else why queue lengths cannot be counted."""
    try:
        transport = conn.transport
    except Exception as exc:  # noqa: BLE001 - a transport whose client library is missing
        return translate("queues", "{not_redis} ({error})").format(not_redis=translate(CONTEXT, NOT_REDIS), error=_describe(exc))
    if isinstance(transport, kombu_redis.Transport):
        return ""
    kind = getattr(transport, "driver_type", None) or conn.transport_cls
    return translate("queues", "{not_redis} (this broker is {kind})").format(not_redis=translate(CONTEXT, NOT_REDIS), kind=kind)


def amqp_unacked() -> str:
    """The note that RabbitMQ's unacked counts need its management API, in the window's language (rabbitmq drops it)."""
    return translate(CONTEXT, AMQP_UNACKED)


def _could_not_read(name: str, failure: BaseException) -> str:
    return translate("queues", "could not read {queue}: {error}").format(queue=repr(name), error=_describe(failure))


def _key_for(client, channel, command: str, key: str) -> str:
    """The key to pass for a command kombu's prefixed client does not prefix itself (HVALS)."""
    prefixed = command in getattr(client, "PREFIXED_SIMPLE_COMMANDS", ()) or command in getattr(
        client, "PREFIXED_COMPLEX_COMMANDS", {}
    )
    return key if prefixed else channel.global_keyprefix + key


class _Router:
    """Which queues a message delivered from ``(exchange, routing_key)`` came from, as kombu's restore decides."""

    def __init__(self, channel, exchange_types: Mapping[str, str]):
        self.channel = channel
        self.exchange_types = exchange_types
        self.cache: dict[tuple[str, str], frozenset[str]] = {}
        self.errors: list[str] = []

    def queues(self, exchange: Any, routing_key: Any) -> frozenset[str]:
        exchange = exchange if isinstance(exchange, str) else ""
        routing_key = routing_key if isinstance(routing_key, str) else ""
        key = (exchange, routing_key)
        if key not in self.cache:
            self.cache[key] = self._lookup(exchange, routing_key)
        return self.cache[key]

    def _lookup(self, exchange: str, routing_key: str) -> frozenset[str]:
        if not exchange:  # the anonymous exchange routes to the queue named by the key
            return frozenset([routing_key]) if routing_key else frozenset()
        kinds = self.channel.exchange_types
        kind = kinds.get(self.exchange_types.get(exchange, "direct")) or kinds["direct"]
        try:
            return frozenset(kind.lookup(self.channel.get_table(exchange), exchange, routing_key, None) or ())
        except Exception as exc:  # noqa: BLE001 - one unreadable binding table costs only its attribution
            self.errors.append(
                translate("queues", "bindings of exchange {exchange}: {error}").format(
                    exchange=repr(exchange), error=_describe(exc)
                )
            )
            return frozenset()


def _count_unacked(raw_values: Iterable[Any], router: _Router, wanted: set[str]) -> tuple[Counter, int]:
    """Per-queue counts of kombu's unacked hash values (JSON ``[message, exchange, routing_key]``)."""
    counts: Counter = Counter()
    unattributed = 0
    for raw in raw_values:
        try:
            entry = json.loads(raw)
        except (TypeError, ValueError):
            entry = None
        if not isinstance(entry, list) or len(entry) != 3:
            unattributed += 1
            continue
        _message, exchange, routing_key = entry
        queues = router.queues(exchange, routing_key) & wanted
        if not queues:
            unattributed += 1
        for queue in queues:
            counts[queue] += 1
    return counts, unattributed


def _count_scheduled(scheduled_replies: Any, router: _Router, wanted: set[str]) -> Counter:
    counts: Counter = Counter()
    for _worker, _entry, request in _scheduled_entries(scheduled_replies):
        info = _delivery_info(request)
        for queue in router.queues(info.get("exchange"), info.get("routing_key")) & wanted:
            counts[queue] += 1
    return counts


def queue_lengths(
    app: Celery,
    queue_names: Iterable[str],
    *,
    active_queues: Any = None,
    scheduled: Any = None,
    unacked_scan_limit: int = UNACKED_SCAN_LIMIT,
) -> list[QueueRecord]:
    """Count each queue with kombu's own keys, in one round trip for all of them.

    ``active_queues`` and ``scheduled`` are the workers' ``inspect()`` replies, if
    the caller has them. A broker that is not Redis gives records with ``error``;
    a broker that does not answer raises (``run_blocking`` makes it the Reply's error).
    """
    names = list(dict.fromkeys(n for n in queue_names if isinstance(n, str) and n))
    consumers = _consumers_by_queue(active_queues)
    if not names:
        return []
    with app.connection_for_read() as unopened:  # which transport, without connecting
        amqp = is_amqp(unopened)
        reason = "" if amqp else _redis_transport_or_reason(unopened)
    if amqp:
        return on_broker(app, lambda conn: _amqp_queue_lengths(app, conn, names, consumers, active_queues, scheduled), read=True)
    if reason:
        return [QueueRecord(name, consumers=consumers.get(name, ()), error=reason) for name in names]
    return on_broker(
        app,
        lambda conn: _redis_queue_lengths(app, conn, names, consumers, active_queues, scheduled, unacked_scan_limit),
        read=True,
    )


def _redis_queue_lengths(
    app: Celery,
    conn,
    names: list[str],
    consumers: dict[str, tuple[str, ...]],
    active_queues: Any,
    scheduled: Any,
    unacked_scan_limit: int,
) -> list[QueueRecord]:
    channel = conn.default_channel
    with channel.conn_or_acquire() as client:
        keys_by_queue = {name: _priority_keys(channel, name) for name in names}
        with client.pipeline() as pipe:
            for keys in keys_by_queue.values():
                for _step, key in keys:
                    pipe.llen(key)
            if channel.ack_emulation:
                pipe.hlen(channel.unacked_key)
            replies = pipe.execute(raise_on_error=False)
        unacked_total = replies[-1] if channel.ack_emulation else None

        wanted = set(names)
        router = _Router(channel, _exchange_types(app, active_queues))
        notes: list[str] = []
        unacked_counts: Counter | None = None
        if not channel.ack_emulation:
            notes.append(translate("queues", "ack emulation is off: the broker keeps no unacked messages"))
        elif isinstance(unacked_total, Exception):
            notes.append(translate("queues", "unacked hash unreadable: {error}").format(error=_describe(unacked_total)))
            unacked_total = None
        elif unacked_total > unacked_scan_limit:
            too_many = translate("queues", "{count} unacked in all queues: too many to read per queue (limit {limit})")
            notes.append(too_many.format(count=unacked_total, limit=unacked_scan_limit))
        elif unacked_total == 0:
            unacked_counts = Counter()
        else:
            raw_values = client.hvals(_key_for(client, channel, "HVALS", channel.unacked_key))
            unacked_counts, unattributed = _count_unacked(raw_values, router, wanted)
            if unattributed:
                notes.append(
                    translate("queues", "{count} unacked message(s) belong to none of these queues").format(count=unattributed)
                )
        scheduled_counts = None if scheduled is None else _count_scheduled(scheduled, router, wanted)
        notes.extend(router.errors)

    records = []
    position = 0
    note = "; ".join(notes)
    for name in names:
        keys = keys_by_queue[name]
        sizes = replies[position : position + len(keys)]
        position += len(keys)
        failure = next((s for s in sizes if isinstance(s, Exception)), None)
        records.append(
            QueueRecord(
                name=name,
                ready=None if failure else sum(sizes),
                by_priority=()
                if failure
                else tuple((step, size) for (step, _key), size in zip(keys, sizes, strict=True) if size),
                unacked=None if unacked_counts is None else unacked_counts[name],
                unacked_total=unacked_total,
                scheduled=None if scheduled_counts is None else scheduled_counts[name],
                consumers=consumers.get(name, ()),
                error=_could_not_read(name, failure) if failure else "",
                note=note,
            )
        )
    return records


# -- RabbitMQ: the broker counts -------------------------------------------------------------------


@dataclass(frozen=True)
class PassiveCount:
    """What a passive ``queue_declare`` says of one queue."""

    ready: int | None  # messages ready for delivery (not the unacked ones)
    consumers: int | None
    missing: bool = False  # no such queue (404): nothing can wait in it
    error: str = ""


def _close_quietly(channel) -> None:
    try:
        channel.close()
    except Exception:  # noqa: BLE001 - a channel the broker already closed
        pass


def passive_counts(conn, names: Iterable[str]) -> dict[str, PassiveCount]:
    """Ready messages and consumers of each queue, from the broker itself (one round trip a queue).

    A passive declare changes nothing; for a queue that does not exist the broker answers 404 and
    closes the channel, so the next queue is asked on a new one. A lost connection raises.
    """
    counts: dict[str, PassiveCount] = {}
    channel = conn.channel()
    try:
        for name in names:
            try:
                _queue, ready, consumers = channel.queue_declare(queue=name, passive=True)
                counts[name] = PassiveCount(ready, consumers)
                continue
            except conn.channel_errors as exc:
                if getattr(exc, "code", None) == 404:
                    counts[name] = PassiveCount(0, 0, missing=True)
                else:  # e.g. 403 ACCESS_REFUSED, 405 RESOURCE_LOCKED (another connection's exclusive queue)
                    counts[name] = PassiveCount(None, None, error=_could_not_read(name, exc))
            _close_quietly(channel)
            channel = conn.channel()
    finally:
        _close_quietly(channel)
    return counts


class _BindingRouter:
    """Which queues ``(exchange, routing_key)`` reaches, from the bindings the app and the workers declare.

    AMQP has no binding table a client can read; what the workers report (``active_queues``)
    and the app's own queues are the bindings that matter for the tasks the workers hold.
    """

    def __init__(self, app: Celery, active_queues_replies: Any):
        self.errors: list[str] = []
        self.bindings: set[tuple[str, str, str, str]] = set()  # (exchange, type, routing key, queue)
        for queue in app.amqp.queues.values():
            exchange = queue.exchange
            if exchange is not None and exchange.name:
                self.bindings.add((exchange.name, exchange.type or "direct", queue.routing_key or "", queue.name))
        for _hostname, entry in _queue_entries(active_queues_replies):
            exchange, kind = _exchange_of(entry)
            routing_key = entry.get("routing_key")
            if exchange:
                self.bindings.add(
                    (exchange, kind or "direct", routing_key if isinstance(routing_key, str) else "", entry["name"])
                )
        self._topic = TopicExchange(None)

    def queues(self, exchange: Any, routing_key: Any) -> frozenset[str]:
        exchange = exchange if isinstance(exchange, str) else ""
        routing_key = routing_key if isinstance(routing_key, str) else ""
        if not exchange:  # the default exchange routes to the queue named by the key
            return frozenset([routing_key]) if routing_key else frozenset()
        found = set()
        for bound_exchange, kind, key, queue in self.bindings:
            if bound_exchange != exchange:
                continue
            if (
                kind == "fanout"
                or (kind == "topic" and self._topic._match(self._topic.key_to_pattern(key), routing_key))
                or kind not in ("fanout", "topic")
                and key == routing_key
            ):
                found.add(queue)
        return frozenset(found)


def _amqp_queue_lengths(
    app: Celery, conn, names: list[str], consumers: dict[str, tuple[str, ...]], active_queues: Any, scheduled: Any
) -> list[QueueRecord]:
    counts = passive_counts(conn, names)
    router = _BindingRouter(app, active_queues)
    scheduled_counts = None if scheduled is None else _count_scheduled(scheduled, router, set(names))
    records = []
    for name in names:
        count = counts[name]
        records.append(
            QueueRecord(
                name=name,
                ready=count.ready,
                scheduled=None if scheduled_counts is None else scheduled_counts[name],
                consumers=consumers.get(name, ()),
                broker_consumers=count.consumers,
                error=count.error,
                note="; ".join(([translate(CONTEXT, NOT_DECLARED)] if count.missing else []) + [amqp_unacked()]),
            )
        )
    return records


# Priorities any producer may have used: a producer with other priority_steps than ours (often
# range(10)) writes sub-queues ours would never name. Counting an absent key costs nothing.
ANY_PRIORITY = range(10)


def _priority_keys(channel, queue: str) -> list[tuple[int, str]]:
    """(step, key) of each priority sub-queue, as kombu's ``_put`` names them, for our steps and any producer's."""
    seen: dict[str, int] = {}
    for step in channel.priority_steps:
        seen.setdefault(channel._q_for_pri(queue, step), step)
    for priority in ANY_PRIORITY:
        key = queue if priority == 0 else f"{queue}{channel.sep}{priority}"
        seen.setdefault(key, priority)
    return sorted(((step, key) for key, step in seen.items()), key=lambda pair: pair[0])


MAX_DECLARED = 500


def declared_queues(app: Celery) -> list[str]:
    """Every queue a producer declared on this Redis broker (kombu's binding table), consumed or not.

    A queue nobody consumes is where messages pile up unseen: workers' ``active_queues`` cannot
    name it. Not Redis, or not readable: an empty list.
    """
    with app.connection_for_read() as unopened:  # which transport, without connecting
        if _redis_transport_or_reason(unopened):
            return []

    def read_tables(conn) -> tuple[list, str]:
        channel = conn.default_channel
        with channel.conn_or_acquire() as client:
            table_prefix = channel.keyprefix_queue.split("%s")[0]  # "_kombu.binding."
            pattern = _key_for(client, channel, "SCAN", table_prefix) + "*"
            keys = []
            for key in client.scan_iter(match=pattern, count=1000):
                keys.append(key.decode() if isinstance(key, bytes) else key)
                if len(keys) >= MAX_DECLARED:
                    break
            prefix = channel.global_keyprefix or ""
            with client.pipeline() as pipe:
                for key in keys:  # SCAN gave full keys; kombu's client adds the prefix to SMEMBERS itself
                    pipe.smembers(key[len(prefix) :] if prefix and key.startswith(prefix) else key)
                return pipe.execute(raise_on_error=False), channel.sep

    members, sep = on_broker(app, read_tables, read=True)
    queues: set[str] = set()
    for entries in members:
        if isinstance(entries, Exception):
            continue
        for entry in entries:
            text = entry.decode(errors="replace") if isinstance(entry, bytes) else str(entry)
            queue = text.split(sep)[-1]
            if queue and is_task_queue(queue):
                queues.add(queue)
    return sorted(queues)


def purge_queue(app: Celery, name: str) -> int:
    """Drop every ready message of ``name`` (on Redis every priority sub-queue any producer used); messages workers hold stay.

    On RabbitMQ the broker purges (every priority at once) and says how many went; unacked messages stay.
    """

    def purge(conn) -> int:
        if is_amqp(conn):
            channel = conn.channel()
            try:
                return channel.queue_purge(name) or 0
            except conn.channel_errors as exc:
                if getattr(exc, "code", None) == 404:  # no such queue: nothing waited in it
                    return 0
                raise
            finally:
                _close_quietly(channel)
        channel = conn.default_channel
        if _redis_transport_or_reason(conn):
            return channel.queue_purge(name) or 0
        keys = [key for _step, key in _priority_keys(channel, name)]
        with channel.conn_or_acquire() as client, client.pipeline() as pipe:  # MULTI: what is counted is what goes
            for key in keys:
                pipe.llen(key)
            for key in keys:
                pipe.delete(key)
            replies = pipe.execute()
        return sum(replies[: len(keys)])

    return on_broker(app, purge)
