"""EventStream: the cluster's events, received off the GUI thread and handed over in batches.

``celery.events.EventReceiver`` blocks in ``drain_events``; it runs in its own thread. Events
are collected there and handed to the asyncio loop with one ``call_soon_threadsafe`` per
batch (every ``batch_seconds``, or sooner when ``max_batch`` pile up), so a burst of thousands
of events a second costs the loop a few calls, not thousands. A lost broker connection is
retried with backoff and reported through ``on_status``; nothing is raised into the loop. On a
Redis broker the events are read off the pub/sub connection directly (cluster/redis_events.py, a
tenth of kombu's cost an event); elsewhere (RabbitMQ) through kombu's consumer.

Whatever arrives on the event exchange is only ever decoded with the app's accepted
serializers (never pickle unless the connection opted in). A message that is not an event (a
body no accepted serializer reads, an envelope the transport cannot parse, something other
than an event dict, a ``clock`` or ``utcoffset`` that is no number) is handed over as ``None``
in its batch, so the store counts it with the rest of the garbage, and receiving goes on.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

from celery import Celery
from celery.events import EventReceiver
from kombu.serialization import prepare_accept_content

from desktop.core.cluster.client import describe_error
from desktop.core.cluster.redis_events import RedisEventFeed, decode_event_message
from desktop.core.domain.payloads import NotDecompressed, TooLarge
from desktop.core.domain.translatable import translate

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.05
MAX_BATCH = 5000
DRAIN_SECONDS = 0.05  # how long one drain may block: the longest a finished batch waits
IDLE_SECONDS = 0.25  # how long a read from Redis waits with no batch pending: how soon stop() is noticed
RETRY_SECONDS = (0.5, 1.0, 2.0)


class StreamState(str, Enum):
    CONNECTING = "connecting"
    RECEIVING = "receiving"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


@dataclass(frozen=True)
class StreamStatus:
    state: StreamState
    message: str = ""
    events: int = 0  # received since the stream started
    last_event_at: float | None = None


class _BatchingReceiver(EventReceiver):
    """An EventReceiver that gives its owner a turn on every drain iteration, events or not,
    and reports each message that is not an event to ``on_unreadable`` instead of raising."""

    def __init__(
        self,
        *args,
        on_iteration: Callable[[], None],
        on_unreadable: Callable[[], None],
        on_listening: Callable[[], None],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._on_iteration = on_iteration
        self._on_unreadable = on_unreadable
        self._on_listening = on_listening
        self._iterations = 0

    def on_iteration(self) -> None:
        """Called before each drain. The Redis transport subscribes to the event exchange in the first
        drain, so only from the second call on is every event sent from now on received."""
        self._iterations += 1
        if self._iterations == 2:
            self._on_listening()
        self._on_iteration()

    def on_decode_error(self, message, exc: Exception) -> None:
        """A body no accepted serializer reads (pickle without the opt-in, bad JSON, an unknown content type),
        or one compressed past the limit (payloads.cap_message_decompression: kombu stopped decompressing it)."""
        self.unreadable(exc, message.content_type)

    def unreadable(self, exc: Exception, content_type: str | None = None) -> None:
        if isinstance(exc, (TooLarge, NotDecompressed)):
            log.warning("events: a message was dropped: %s", exc)
        else:
            log.debug("events: a message was not decoded (%s): %s", content_type, exc)
        self._on_unreadable()

    def receive_message(self, data: bytes, accept: frozenset[str]) -> None:
        """One message read off Redis by a RedisEventFeed: decoded there, then handled as kombu's consumer would."""
        try:
            body = decode_event_message(data, accept)
        except Exception as exc:  # noqa: BLE001 - anything at all may be published on the event channels
            self.unreadable(exc)
        else:
            self._receive(body, None)

    def _receive(self, body, message) -> None:
        for event in body if isinstance(body, list) else (body,):
            try:
                self.process(*self.event_from_message(event))
            except Exception as exc:  # noqa: BLE001 - not an event dict, or its clock/utcoffset is no number
                log.debug("events: not an event: %s", exc)
                self._on_unreadable()

    @contextmanager
    def extra_context(self, connection, channel) -> Iterator[None]:
        """A virtual transport (Redis) parses each message's envelope before any consumer sees it:
        one that is not kombu's envelope would end the whole consume, so it is dropped here.
        py-amqp (RabbitMQ) has no such step (no ``_deliver``): nothing is wrapped, and a body it
        cannot decode reaches ``on_decode_error`` like any other."""
        transport = connection.transport
        deliver = getattr(transport, "_deliver", None)
        if deliver is not None:

            def guarded(message, queue) -> None:
                try:
                    deliver(message, queue)
                except Exception as exc:  # noqa: BLE001 - a message kombu itself cannot parse
                    log.debug("events: an unreadable message was dropped: %s", exc)
                    self._on_unreadable()

            transport._deliver = guarded
        try:
            yield
        finally:
            if deliver is not None:
                transport._deliver = deliver


class EventStream:
    def __init__(
        self,
        app: Celery,
        on_batch: Callable[[list[dict | None]], None],
        on_status: Callable[[StreamStatus], None] | None = None,
        *,
        redact: Callable[[str], str] = lambda text: text,
        batch_seconds: float = BATCH_SECONDS,
        max_batch: int = MAX_BATCH,
        read_redis_directly: bool = True,
    ):
        self.app = app
        self.read_redis_directly = read_redis_directly  # False: kombu's consumer on Redis too (the benches' anchor)
        self.reading_redis_directly = False  # since the last connect: through a RedisEventFeed, not kombu's consumer
        self.on_batch = on_batch
        self.on_status = on_status or (lambda status: None)
        self.redact = redact
        self.batch_seconds = batch_seconds
        self.max_batch = max_batch
        self.status = StreamStatus(StreamState.STOPPED)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._receiver: _BatchingReceiver | None = None
        self._batch: list[dict | None] = []
        self._batch_started = 0.0
        self._events = 0
        self._last_event_at: float | None = None

    # -- loop side ---------------------------------------------------------------

    def start(self) -> None:
        """Start receiving; batches and status changes arrive on the running loop."""
        if self._thread is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="celery-desktop-events", daemon=True)
        self._thread.start()

    async def stop(self, timeout: float = 2.0) -> None:
        """Stop and wait (off the loop) for the thread to let go of its connection."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        if self._receiver is not None:
            self._receiver.should_stop = True
        deadline = time.monotonic() + timeout
        while thread.is_alive() and time.monotonic() < deadline:  # it notices within one drain interval
            await asyncio.sleep(DRAIN_SECONDS / 2)
        self.status = StreamStatus(StreamState.STOPPED, "", self._events, self._last_event_at)

    @property
    def running(self) -> bool:
        return self._thread is not None

    # -- receiver thread ---------------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        self._publish_status(StreamState.CONNECTING, "")
        while not self._stop.is_set():
            try:
                with self.app.connection_for_read() as connection:
                    connection.ensure_connection(max_retries=1)
                    self._receiver = _BatchingReceiver(
                        connection,
                        handlers={"*": self._collect},
                        app=self.app,
                        on_iteration=self._flush_if_due,
                        on_unreadable=self._collect_unreadable,
                        on_listening=lambda: self._publish_status(StreamState.RECEIVING, ""),
                    )
                    if self._stop.is_set():
                        break
                    feed = RedisEventFeed.open(connection, self._receiver.exchange.name) if self.read_redis_directly else None
                    self.reading_redis_directly = feed is not None
                    attempt = 0
                    if feed is not None:
                        self._read_feed(feed, self._receiver)
                    else:
                        self._consume(self._receiver)
            except Exception as exc:  # noqa: BLE001 - the stream outlives a broker outage
                if self._stop.is_set():
                    break
                delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                attempt += 1
                error = self.redact(describe_error(exc))
                log.warning("events: %s; retrying in %g s", error, delay)
                retrying = translate("event_receiver", "events: {error}; retrying in {delay} s")
                self._publish_status(StreamState.RECONNECTING, retrying.format(error=error, delay=f"{delay:g}"))
                self._stop.wait(delay)
            finally:
                self._flush()
                self._receiver = None

    def _consume(self, receiver: _BatchingReceiver) -> None:
        for _ in receiver.consume(limit=None, timeout=None, safety_interval=DRAIN_SECONDS, wakeup=True):
            if self._stop.is_set():
                break
            self._flush_if_due()

    def _read_feed(self, feed: RedisEventFeed, receiver: _BatchingReceiver) -> None:
        accept = prepare_accept_content(receiver.accept)
        listening = False
        while not self._stop.is_set():
            wait = IDLE_SECONDS
            if self._batch:
                wait = max(0.0, min(wait, self._batch_started + self.batch_seconds - time.monotonic()))
            messages = feed.read(wait)
            for data in messages:
                receiver.receive_message(data, accept)
            if feed.subscribed and not listening:
                listening = True
                self._publish_status(StreamState.RECEIVING, "")
            self._flush_if_due()
            if messages and self._batch:
                # The next messages gather in the socket until the batch is due: it would not be handed over
                # sooner, and one read of many costs a fifth of what a read each costs.
                self._stop.wait(self._batch_started + self.batch_seconds - time.monotonic())

    def _collect_unreadable(self) -> None:
        self._collect(None)

    def _collect(self, event: dict | None) -> None:
        if not self._batch:
            self._batch_started = time.monotonic()
        self._batch.append(event)
        self._events += 1
        if len(self._batch) >= self.max_batch:
            self._flush()

    def _flush_if_due(self) -> None:
        if self._batch and time.monotonic() - self._batch_started >= self.batch_seconds:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        self._last_event_at = time.time()
        self._call_on_loop(self.on_batch, batch)

    def _publish_status(self, state: StreamState, message: str) -> None:
        status = StreamStatus(state, message, self._events, self._last_event_at)
        self.status = status
        self._call_on_loop(self.on_status, status)

    def _call_on_loop(self, fn: Callable, arg) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(fn, arg)
        except RuntimeError:  # the loop closed between the check and the call
            pass
