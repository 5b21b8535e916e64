"""A hostile party on a real broker and result backend, and a console session to aim at.

``Evil`` pickles into a payload that creates a file when it is unpickled: the file's existence is
the proof that code from the broker or backend ran. ``RogueWorker`` answers the console's
broadcasts (ping, inspect) on the real broker with whatever a test gives it, pickled or not.
``SessionThread`` keeps one ConsoleSession running on an asyncio loop in a thread of its own, so a
property-based test can play the other side across many examples without restarting it.
``ImportRecorder`` remembers every import attempted while it is installed (a module a payload names).
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kombu import Connection, Consumer, Exchange, Producer
from kombu.pidbox import Mailbox

from desktop.core.live.session import ConsoleSession


class Evil:
    """Unpickling this opens ``path`` for writing, which creates it."""

    def __init__(self, path: Path | str):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def evil_pickle(path: Path | str, protocol: int = pickle.HIGHEST_PROTOCOL) -> bytes:
    return pickle.dumps(Evil(path), protocol=protocol)


EVENT_EXCHANGE = Exchange("celeryev", type="fanout")  # Celery's event exchange on Redis is a fanout


def publish_events(broker_url: str, messages: Iterable[dict[str, Any]], routing_key: str = "worker.heartbeat") -> None:
    """Publish each message (``kombu.Producer.publish`` keyword arguments: body, serializer, content_type, …)."""
    with Connection(broker_url) as conn:
        producer = Producer(conn.default_channel, exchange=EVENT_EXCHANGE)
        for message in messages:
            producer.publish(routing_key=message.pop("routing_key", routing_key), declare=[EVENT_EXCHANGE], **message)


Reply = tuple[Any, dict[str, Any]]  # a reply body and the publish options it goes out with (serializer, …)


class RogueWorker:
    """A "worker" on the real broker's pidbox that answers each broadcast with ``answer(method, arguments)``.

    ``answer`` returns a list of replies, each a (body, publish options) pair: a body is what a
    worker sends, ``{hostname: value}``, or anything at all; options such as ``serializer="pickle"``
    or a raw ``content_type`` go to ``Producer.publish``, and ``headers`` (a ``compression`` the body
    claims) go with the reply's own.
    """

    def __init__(self, broker_url: str, hostname: str, answer: Callable[[str, dict], list[Reply]]):
        self.broker_url, self.hostname, self.answer = broker_url, hostname, answer
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rogue-worker", daemon=True)
        self.error: BaseException | None = None

    def __enter__(self) -> RogueWorker:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"the rogue worker did not start: {self.error!r}")
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        try:
            with Connection(self.broker_url) as conn:
                mailbox = Mailbox("celery", type="fanout", accept=["json"])(conn)
                channel = conn.default_channel
                queue = mailbox.get_queue(self.hostname)

                def on_request(body, message) -> None:
                    if not isinstance(body, dict):
                        return
                    destination = body.get("destination")
                    if destination and self.hostname not in destination:
                        return
                    method = body.get("method")
                    self.requests.append(method)
                    reply_to, ticket = body.get("reply_to"), body.get("ticket")
                    if not reply_to:
                        return
                    for reply, options in self.answer(method, body.get("arguments") or {}):
                        if "headers" in options:  # kombu's _publish_reply sets the headers itself
                            exchange = Exchange(reply_to["exchange"], type="direct", durable=False, delivery_mode="transient")
                            Producer(channel).publish(
                                reply,
                                exchange=exchange,
                                routing_key=reply_to["routing_key"],
                                declare=[exchange],
                                **{**options, "headers": {"ticket": ticket, "clock": 1, **options["headers"]}},
                            )
                            continue
                        mailbox._publish_reply(
                            reply, reply_to["exchange"], reply_to["routing_key"], ticket, channel=channel, **options
                        )

                # the console sends pickled requests when its app says so (the opt-in test)
                with Consumer(channel, [queue], callbacks=[on_request], no_ack=True, accept=["json", "pickle"]):
                    while not self._stop.is_set():
                        try:
                            conn.drain_events(timeout=0.05)
                        except socket.timeout:
                            pass
                        self._ready.set()  # subscribed: the first drain registers the fanout subscription
        except BaseException as exc:  # noqa: BLE001 - reported by __enter__ or the test
            self.error = exc
            self._ready.set()


class ImportRecorder:
    """A meta path finder that finds nothing and remembers every module name it was asked for."""

    def __init__(self):
        self.names: list[str] = []

    def find_spec(self, fullname, path=None, target=None):
        self.names.append(fullname)
        return None

    def __enter__(self):
        sys.meta_path.insert(0, self)
        return self

    def __exit__(self, *exc_info):
        sys.meta_path.remove(self)


class SessionThread:
    """A ConsoleSession started on a loop in its own thread; ``call`` runs a coroutine function there."""

    def __init__(self, session: ConsoleSession, start: Callable[[ConsoleSession], None] | None = None):
        self.session = session
        self._start = start or (lambda s: s.start())
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="console-session", daemon=True)

    def __enter__(self) -> SessionThread:
        self._thread.start()
        self.call(self._started)
        return self

    async def _started(self) -> None:
        self._start(self.session)

    def __exit__(self, *exc_info) -> None:
        try:
            self.call(self.session.stop, timeout=30)
        finally:
            self.session.client.close()
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()

    def call(self, coroutine_function: Callable[[], Any], timeout: float = 30.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine_function(), self.loop).result(timeout)

    def run(self, fn: Callable[[], Any], timeout: float = 30.0) -> Any:
        """A plain function on the loop's thread (the session is not thread-safe)."""

        async def call():
            return fn()

        return self.call(call, timeout)

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str | Callable[[], str]) -> float:
        """Poll ``condition`` on the loop's thread until it holds; the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.run(condition):
                return time.monotonic() - started
            time.sleep(0.01)
        raise AssertionError(f"not within {timeout} s: {what() if callable(what) else what}")
