"""Internals of the dependencies the console leans on, checked as they are relied on.

Each test names the internal and the installed version of its package when it fails: an upgrade
that changes one of them shows up here, not as a silent loss (change tracking falling back to full
reads) or a crash of the window. The upper bounds in pyproject.toml point here.

- redis-py: ``desktop/core/cluster/key_tracking.py`` hands its RESP3 parser an invalidation push handler
  (``conn._parser.set_invalidation_push_handler``) and drains pushes with ``can_read`` /
  ``read_response(push_request=True)``.
- redis-py: ``desktop/core/cluster/key_tracking.py`` (``parsed_replies``) takes the replies hiredis already parsed
  (``connection._parser._reader.gets()`` until ``NOT_ENOUGH_DATA``): the poller's pub/sub messages and the
  key reader's invalidations, instead of a get_message or read_response each.
- PySide6: ``desktop/app/run.py`` turns off the source scan of ``shibokensupport.feature._mod_uses_pyside``
  (it read every module imported after PySide6 into linecache).
- qasync: ``desktop/app/qt_loop.py`` overrides ``call_soon_threadsafe`` and the loop's reader/writer
  registration (``_add_reader`` … ``_remove_writer``, the ``_read_notifiers`` / ``_write_notifiers``
  maps of QSocketNotifiers).
- Celery: ``desktop/core/cluster/rabbitmq.py`` wraps ``app.amqp.send_task_message`` to give ``declare=[]``
  for a queue RabbitMQ already has.
- kombu: ``desktop/core/cluster/redis_events.py`` asks a Redis channel for its fanout topics
  (``Channel._get_publish_topics``) and whether a Sentinel channel publishes to a second, legacy one
  (``_fanout_compat_active``); without them the events go through kombu's consumer again.
- kombu: ``desktop/core/cluster/celery_app.py`` counts a Sentinel broker's publish retries in rounds of its
  URL list (kombu waits between retries only once it has tried every URL).
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import time
from importlib.metadata import version

import pytest

# -- what a failure says -----------------------------------------------------------------------------


def changed(internal: str, package: str, relied_on: str) -> str:
    return f"{package} {version(package)}: {internal} changed, and {relied_on} relies on it (see {__name__})"


def parameters(function) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(function).parameters)


def takes(function, *names: str, var_positional: bool = False, var_keyword: bool = False) -> bool:
    """``function`` accepts each of ``names`` by keyword (or position), and ``*args`` / ``**kwargs`` when asked."""
    params = parameters(function)
    kinds = {p.kind for p in params.values()}
    by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_ONLY)
    return (
        all(name in params and params[name].kind in by_name for name in names)
        and (not var_positional or inspect.Parameter.VAR_POSITIONAL in kinds)
        and (not var_keyword or inspect.Parameter.VAR_KEYWORD in kinds)
    )


# -- redis-py: the RESP3 parser's invalidation push handler (key_tracking.py) ------------------------

KEY_TRACKING = "desktop/core/cluster/key_tracking.py (change tracking)"


def _parser_classes() -> list:
    from redis._parsers import _RESP3Parser

    classes = [_RESP3Parser]
    try:
        from redis._parsers import _HiredisParser
        from redis.utils import HIREDIS_AVAILABLE
    except ImportError:
        return classes
    return [*classes, _HiredisParser] if HIREDIS_AVAILABLE else classes


@pytest.mark.parametrize("parser_class", _parser_classes(), ids=lambda c: c.__name__)
def test_the_resp3_parsers_take_an_invalidation_push_handler(parser_class):
    import redis

    handler = getattr(parser_class, "set_invalidation_push_handler", None)
    assert callable(handler), changed(f"{parser_class.__name__}.set_invalidation_push_handler", "redis", KEY_TRACKING)
    assert len(parameters(handler)) == 2, changed(
        f"{parser_class.__name__}.set_invalidation_push_handler(handler)'s signature", "redis", KEY_TRACKING
    )
    connection = redis.Connection(protocol=3, parser_class=parser_class)
    assert hasattr(connection, "_parser"), changed("redis.Connection._parser", "redis", KEY_TRACKING)
    for method, names in (("can_read", ("timeout",)), ("read_response", ("push_request",))):
        assert takes(getattr(connection, method), *names), changed(
            f"redis.Connection.{method}({', '.join(names)})", "redis", KEY_TRACKING
        )


class _Resp3Server:
    """Just enough of a Redis server for ChangedKeyReader, on 127.0.0.1: HELLO, CLIENT …, MGET; pushes on demand.

    ``hello`` False answers HELLO as a server without RESP3 does (Redis < 6, some proxies).
    """

    def __init__(self, values: dict[bytes, bytes], hello: bool = True):
        self.values, self.hello = values, hello
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.commands: list[list[bytes]] = []
        self.client: socket.socket | None = None
        self.listener.settimeout(0.05)  # accept() wakes up to see close()
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self.client = client
            with client, client.makefile("rb") as reader:
                while (command := self._command(reader)) is not None:
                    self.commands.append(command)
                    client.sendall(self._reply(command))

    @staticmethod
    def _command(reader) -> list[bytes] | None:
        line = reader.readline()
        if not line.startswith(b"*"):
            return None
        parts = []
        for _ in range(int(line[1:])):
            length = int(reader.readline()[1:])
            parts.append(reader.read(length + 2)[:-2])
        return parts

    def _reply(self, command: list[bytes]) -> bytes:
        name = command[0].upper()
        if name == b"HELLO":
            if not self.hello:
                return b"-ERR unknown command 'HELLO'\r\n"
            return b"%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n"
        if name == b"MGET":
            return b"*%d\r\n" % (len(command) - 1) + b"".join(_bulk(self.values.get(key)) for key in command[1:])
        return b"+OK\r\n"

    def invalidate(self, *keys: bytes) -> None:
        """What Redis pushes to a tracking connection when keys it read change."""
        frame = b">2\r\n$10\r\ninvalidate\r\n*%d\r\n" % len(keys) + b"".join(_bulk(k) for k in keys)
        self.client.sendall(frame)

    def close(self) -> None:
        self.closed.set()
        if self.client is not None:
            try:
                self.client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.thread.join(5)
        self.listener.close()


def _bulk(value: bytes | None) -> bytes:
    return b"$-1\r\n" if value is None else b"$%d\r\n%s\r\n" % (len(value), value)


@pytest.mark.parametrize("parser_class", _parser_classes(), ids=lambda c: c.__name__)
def test_an_invalidation_pushed_by_the_server_reaches_the_change_reader(parser_class):
    from desktop.core.cluster.key_tracking import ChangedKeyReader

    server = _Resp3Server({b"a": b"1", b"b": b"2"})
    reader = ChangedKeyReader({"host": "127.0.0.1", "port": server.port, "parser_class": parser_class})
    try:
        first = reader.read([b"a", b"b"])
        assert first.tracking, changed(
            "conn._parser.set_invalidation_push_handler (tracking did not start)", "redis", KEY_TRACKING
        )
        assert [b"CLIENT", b"TRACKING", b"ON"] in server.commands
        assert reader.read([b"a", b"b"]).values == {}  # nothing changed: nothing read
        server.values[b"b"] = b"3"
        server.invalidate(b"b")
        deadline = time.monotonic() + 5
        while not (after := reader.read([b"a", b"b"])).values and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        reader.close()
        server.close()
    assert first.full and first.values == {b"a": b"1", b"b": b"2"}
    assert after.values == {b"b": b"3"}, changed(
        "the invalidation push handler (a pushed 'invalidate' never reached it)", "redis", KEY_TRACKING
    )


def test_a_server_without_resp3_is_read_without_tracking_not_silently_downgraded():
    """protocol=3 given explicitly: redis-py raises on a refused HELLO (it would fall back to RESP2 on its own otherwise)."""
    from desktop.core.cluster.key_tracking import ChangedKeyReader

    server = _Resp3Server({b"a": b"1"}, hello=False)
    reader = ChangedKeyReader({"host": "127.0.0.1", "port": server.port})
    try:
        read = reader.read([b"a"])
    finally:
        reader.close()
        server.close()
    assert read.values == {b"a": b"1"} and read.full
    assert not read.tracking and [b"CLIENT", b"TRACKING", b"ON"] not in server.commands, changed(
        "redis.Connection(protocol=3) on a server refusing HELLO", "redis", KEY_TRACKING
    )


# -- qasync: the loop internals qt_loop.py overrides ---------------------------------------------------

QT_LOOP = "desktop/app/qt_loop.py (QtAsyncioLoop)"


def test_qasync_still_has_the_methods_the_loop_overrides():
    import qasync

    loop_class = qasync.QEventLoop
    for name, names, var_positional in (
        ("_add_reader", ("fd", "callback"), True),
        ("_add_writer", ("fd", "callback"), True),
        ("_remove_reader", ("fd",), False),
        ("_remove_writer", ("fd",), False),
        ("call_soon", ("callback", "context"), True),
        ("call_soon_threadsafe", ("callback", "context"), True),
    ):
        method = getattr(loop_class, name, None)
        assert callable(method), changed(f"qasync.QEventLoop.{name}", "qasync", QT_LOOP)
        assert takes(method, *names, var_positional=var_positional), changed(
            f"qasync.QEventLoop.{name}'s signature", "qasync", QT_LOOP
        )
        if name.startswith("_"):  # qasync's own, not asyncio's: it keeps the notifiers the override retires
            assert getattr(asyncio.BaseEventLoop, name, None) is not method, changed(
                f"qasync.QEventLoop.{name} (no longer qasync's own)", "qasync", QT_LOOP
            )
    # Every reader/writer, public or a transport's, goes through the private methods overridden.
    for public, private in (("add_reader", "_add_reader"), ("remove_reader", "_remove_reader")):
        names = getattr(getattr(loop_class, public), "__code__", None)
        assert names is not None and private in names.co_names, changed(
            f"qasync.QEventLoop.{public} (no longer calls {private})", "qasync", QT_LOOP
        )


def test_the_loop_on_qt_keeps_its_notifiers_where_the_overrides_look(qapp):
    """The overrides' behaviour on qasync: notifiers in ``_read_notifiers``, foreign threads' calls run on the loop's."""
    from PySide6.QtCore import QSocketNotifier

    from desktop.app.qt_loop import QtAsyncioLoop

    loop = QtAsyncioLoop(qapp)
    left, right = socket.socketpair()
    seen: dict[str, object] = {}

    async def scenario() -> None:
        assert isinstance(loop._read_notifiers, dict) and isinstance(loop._write_notifiers, dict), changed(
            "QEventLoop._read_notifiers / _write_notifiers", "qasync", QT_LOOP
        )
        readable = loop.create_future()
        loop.add_reader(left.fileno(), lambda: readable.done() or readable.set_result(left.recv(10)))
        notifier = loop._read_notifiers.get(left.fileno())
        seen["notifier"] = notifier
        right.send(b"ping")
        seen["read"] = await asyncio.wait_for(readable, 5)
        ran_in: list[threading.Thread] = []
        done = loop.create_future()

        def from_a_thread() -> bool:
            loop.call_soon_threadsafe(lambda: (ran_in.append(threading.current_thread()), done.set_result(True)))
            return loop.remove_reader(left.fileno())  # passed to the loop's thread

        seen["removed"] = await asyncio.to_thread(from_a_thread)
        await asyncio.wait_for(done, 5)
        for _ in range(50):
            if left.fileno() not in loop._read_notifiers:
                break
            await asyncio.sleep(0.01)
        seen["ran_in"] = ran_in
        seen["still_there"] = left.fileno() in loop._read_notifiers

    try:
        loop.run_until_complete(scenario())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
        left.close()
        right.close()
    assert isinstance(seen["notifier"], QSocketNotifier), changed("QEventLoop._read_notifiers[fd]", "qasync", QT_LOOP)
    assert seen["read"] == b"ping"
    assert seen["ran_in"] == [threading.main_thread()], changed("QEventLoop.call_soon_threadsafe", "qasync", QT_LOOP)
    assert seen["removed"] is True and not seen["still_there"], changed("QEventLoop._remove_reader", "qasync", QT_LOOP)
    assert loop._read_notifiers is None, changed("QEventLoop.close (notifier maps set to None)", "qasync", QT_LOOP)


# -- Celery: app.amqp.send_task_message, wrapped for RabbitMQ (rabbitmq.py) ------------------------------

RABBITMQ = "desktop/core/cluster/rabbitmq.py (declare_only_missing_queues)"


def _memory_app():
    from celery import Celery

    app = Celery("contracts", broker="memory://", set_as_current=False)
    app.conf.task_routes = {"tasks.routed": {"queue": "routed"}}
    return app


def test_send_task_message_takes_the_arguments_the_wrapper_passes():
    app = _memory_app()
    try:
        send = app.amqp.send_task_message
        params = list(parameters(send))
        assert params[:3] == ["producer", "name", "message"], changed(
            "app.amqp.send_task_message(producer, name, message, …)", "celery", RABBITMQ
        )
        assert takes(send, "exchange", "routing_key", "queue", "declare", var_keyword=True), changed(
            "app.amqp.send_task_message's exchange/routing_key/queue/declare/**options", "celery", RABBITMQ
        )
    finally:
        app.close()


def test_send_task_goes_through_the_apps_send_task_message_with_the_routed_queue_and_honours_declare():
    """app.send_task looks ``app.amqp.send_task_message`` up when it sends (a wrapper set later is used), after routing;
    ``declare=[]`` reaches the producer as is, and ``declare=None`` becomes the queue (Celery declares it)."""
    app = _memory_app()
    seen, published = [], []
    send = app.amqp.send_task_message

    def wrapper(producer, name, message, exchange=None, routing_key=None, queue=None, declare=None, **options):
        seen.append((name, getattr(queue, "name", queue), declare))
        if name == "tasks.routed":
            declare = []
        return send(producer, name, message, exchange=exchange, routing_key=routing_key, queue=queue, declare=declare, **options)

    app.amqp.send_task_message = wrapper
    try:
        with app.producer_or_acquire() as producer:
            producer.publish = lambda body, **kwargs: published.append(kwargs)
            app.send_task("tasks.routed", producer=producer)
            app.send_task("tasks.plain", producer=producer)
    finally:
        app.close()
    assert seen == [("tasks.routed", "routed", None), ("tasks.plain", "celery", None)], changed(
        "app.send_task → app.amqp.send_task_message (looked up at send time, after routing)", "celery", RABBITMQ
    )
    assert published[0]["declare"] == [], changed("send_task_message(declare=[])", "celery", RABBITMQ)
    assert [q.name for q in published[1]["declare"]] == ["celery"], changed(
        "send_task_message(declare=None) declaring the queue", "celery", RABBITMQ
    )


# -- kombu: publish retries in rounds of the URL list (celery_app._publish_across_a_failover) -----------

PUBLISH_RETRIES = "desktop/core/cluster/celery_app.py (task_publish_retry_policy through Sentinel)"


def test_kombu_waits_between_retries_only_after_a_round_of_the_url_list():
    from kombu import Connection

    connection = Connection("sentinel://127.0.0.1:26379;sentinel://127.0.0.1:26380;sentinel://127.0.0.1:26381")
    try:
        assert len(connection.alt) == 3, changed("kombu.Connection.alt (a ;-separated URL list)", "kombu", PUBLISH_RETRIES)
        assert [connection.completes_cycle(retries) for retries in range(6)] == [False, False, True] * 2, changed(
            "kombu.Connection.completes_cycle (a wait after each round of the URLs)", "kombu", PUBLISH_RETRIES
        )
    finally:
        connection.release()


PARSED_REPLIES = "desktop/core/cluster/key_tracking.py parsed_replies"


@pytest.mark.parametrize("protocol", [2, 3])
def test_a_burst_of_pubsub_messages_is_taken_from_hiredis_in_order(protocol):
    import redis
    import redis.asyncio as aioredis

    from desktop.core.cluster.key_tracking import parsed_replies
    from desktop.core.runtime.demo import RedisServer

    server = RedisServer()
    server.start()
    sent = [b"%05d" % i + b"x" * 1000 for i in range(300)]

    async def receive() -> tuple[list, int, set]:
        client = aioredis.Redis(host="127.0.0.1", port=server.port, password=server.password, protocol=protocol)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe("ch", "other")
        publisher = redis.Redis(host="127.0.0.1", port=server.port, password=server.password)
        with publisher.pipeline(transaction=False) as pipe:
            for data in sent:
                pipe.publish("ch", data)
            pipe.execute()
        publisher.close()
        got, taken = [], 0
        deadline = time.monotonic() + 10
        while len(got) < len(sent) and time.monotonic() < deadline:
            message = await pubsub.get_message(timeout=1)
            if message is not None:
                got.append(message["data"])
            for reply in parsed_replies(pubsub.connection):
                if reply[:2] == [b"message", b"ch"]:
                    got.append(reply[2])
                    taken += 1
                else:
                    await pubsub.handle_message(reply, ignore_subscribe_messages=True)
        subscribed = set(pubsub.channels)
        await pubsub.aclose()
        await client.aclose()
        return got, taken, subscribed

    try:
        got, taken, subscribed = asyncio.run(receive())
    finally:
        server.stop()
    assert got == sent
    assert subscribed == {b"ch", b"other"}
    assert taken > len(sent) // 2, changed(
        "pubsub.connection._parser._reader (no message was taken from hiredis's parsed replies)", "redis", PARSED_REPLIES
    )


FEATURE_SCAN = "desktop/app/run.py skip_pyside_feature_scan"

_SCAN_PROBE = """
import linecache, sys
sys.path.insert(0, sys.argv[2])
import PySide6.QtCore
if sys.argv[1] == "skip":
    from desktop.app.run import skip_pyside_feature_scan
    skip_pyside_feature_scan()
import probe_module
print(any(name.endswith("probe_module.py") for name in linecache.cache))
"""


@pytest.mark.parametrize("mode", ["scan", "skip"])
def test_pyside_reads_the_source_of_later_imports_unless_told_not_to(tmp_path, mode):
    import os
    import subprocess
    import sys

    (tmp_path / "probe_module.py").write_text("# mentions PySide6\nVALUE = 1\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", _SCAN_PROBE, mode, str(tmp_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    read = out.stdout.strip() == "True"
    if mode == "scan":
        assert read, changed("shibokensupport.feature._mod_uses_pyside (no longer reads sources)", "PySide6", FEATURE_SCAN)
    else:
        assert not read, changed("shibokensupport.feature._mod_uses_pyside (the scan still runs)", "PySide6", FEATURE_SCAN)


REDIS_EVENTS = "desktop/core/cluster/redis_events.py RedisEventFeed.open"


def test_a_redis_channel_still_says_which_topics_an_exchange_publishes_to():
    from kombu.transport.redis import Channel, SentinelChannel

    assert callable(getattr(Channel, "_get_publish_topics", None)), changed(
        "kombu.transport.redis.Channel._get_publish_topics", "kombu", REDIS_EVENTS
    )
    assert isinstance(getattr(SentinelChannel, "_fanout_compat_active", None), property), changed(
        "kombu.transport.redis.SentinelChannel._fanout_compat_active", "kombu", REDIS_EVENTS
    )
