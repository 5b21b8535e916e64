"""ClusterClient: the one place that calls Celery's blocking APIs.

Every call runs in an executor with a timeout and comes back as a Reply value;
nothing raises into the GUI.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Generic, TypeVar

from celery import Celery
from celery.backends.base import BaseKeyValueStoreBackend, DisabledBackend
from celery.exceptions import SecurityError
from kombu.exceptions import ContentDisallowed, DecodeError, OperationalError

from desktop.core.cluster.celery_app import PICKLE_CONTENT, publish_retry_seconds
from desktop.core.cluster.queues import broker_round_trip, close_kept_connections, keep_connections_for, on_broker
from desktop.core.cluster.result_backend import is_database, ping_database, read_rows, record_from_row
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.sentinel import describe_sentinel_error, is_sentinel_url, missing_master
from desktop.core.connection.tls import describe_tls_error, exception_chain, tls_options, tls_required_hint
from desktop.core.connection.url_hints import login_refused, scheme_problem, user_name_hint
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import EndpointStatus, Reachability, RegisteredTask, TaskRecord, WorkerRecord
from desktop.core.domain.results import decode_error_message, record_from_decoded, record_from_raw
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

T = TypeVar("T")

log = logging.getLogger(__name__)

CONTEXT = "client"  # the catalogue's context (lupdate needs the literal at each call)
READ_ONLY = "read-only profile"  # how every refusal of a read-only profile begins (in English: the log's)
REFUSED = QT_TRANSLATE_NOOP("client", "read-only profile: {what} refused (profile {name} is read-only)")
ANSWERS = QT_TRANSLATE_NOOP("client", "answers")  # a reachable end's message (the connection bar says its own word)

PROBE_KEY_ID = "celery-desktop-reachability-probe"  # a key-value backend's key read (never decoded) to see it answer

# What `inspect().registered(*items)` is asked to report for each task.
TASK_INFO_ITEMS = (
    "rate_limit",
    "time_limit",
    "soft_time_limit",
    "max_retries",
    "default_retry_delay",
    "ignore_result",
    "serializer",
    "track_started",
    "acks_late",
    "queue",
)


@dataclass(frozen=True)
class Reply(Generic[T]):
    """A value, or the reason there is none."""

    value: T | None = None
    error: str | None = None
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


_OPTION = re.compile(r"(\w+)=(.*?)(?= \w+=|$)")


def parse_registered_entry(entry: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``'tasks.add [rate_limit=10/m max_retries=3]'`` -> name and options."""
    name, sep, rest = entry.partition(" [")
    if not sep or not rest.endswith("]"):
        return entry.strip(), ()
    return name.strip(), tuple(_OPTION.findall(rest[:-1]))


def merge_registered(replies: dict[str, list[str]]) -> list[RegisteredTask]:
    """One RegisteredTask per name, with every worker that has it."""
    workers_by_name: dict[str, list[str]] = {}
    options_by_name: dict[str, tuple[tuple[str, str], ...]] = {}
    for hostname in sorted(replies):
        entries = replies[hostname]
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, str):
                continue
            name, options = parse_registered_entry(entry)
            workers_by_name.setdefault(name, []).append(hostname)
            options_by_name.setdefault(name, options)
    return [
        RegisteredTask(name=name, workers=tuple(workers_by_name[name]), options=options_by_name[name])
        for name in sorted(workers_by_name)
    ]


def still_wanted() -> bool:
    """False once the running task was asked to stop.

    ``asyncio.wait_for`` (before Python 3.12) swallows a cancellation that arrives just as its
    inner future completes, so a ``while`` loop of awaits may go on after ``cancel()``; every
    long-running loop checks this instead of ``while True``.
    """
    task = asyncio.current_task()
    return task is None or not task.cancelling()


# What a backend raises for a stored value it cannot read (not for a backend it cannot reach).
UNREADABLE = (DecodeError, ContentDisallowed, SecurityError, ValueError, TypeError, LookupError, RecursionError)


_UNRESOLVED = re.compile(r"Error -?\d+ connecting to (?P<host>\S+?):(?P<port>\d+)\. (?P<reason>.+?)\.?$")
_DNS_REASONS = (
    "Name or service not known",
    "Temporary failure in name resolution",
    "nodename nor servname",
    "No address associated",
)


def describe_error(exc: BaseException) -> str:
    tls = describe_tls_error(exc)
    if tls:
        return tls
    unresolved = _dns_failure(exc)
    if unresolved:
        return unresolved
    sentinel = describe_sentinel_error(exc)
    if sentinel:
        return sentinel
    silent = _silent_server(exc)
    if silent:
        return silent
    text = str(exc).strip() or repr(exc)
    return f"{type(exc).__name__}: {text}"


def _silent_server(exc: BaseException) -> str:
    """A connection made, then no answer within the socket timeout: said as the console's own timeouts say it."""
    import redis

    for cause in exception_chain(exc):
        if isinstance(cause, redis.exceptions.TimeoutError) or (
            isinstance(cause, (socket.timeout, TimeoutError)) and "connect" not in str(cause).lower()
        ):
            detail = str(cause).strip()
            if not detail:
                return translate("client", "no reply")
            return translate("client", "no reply ({detail})").format(detail=detail[0].lower() + detail[1:])
    return ""


def _dns_failure(exc: BaseException) -> str:
    """'cannot resolve host …' for a name DNS does not know, however redis-py or kombu wrapped it."""
    for cause in exception_chain(exc):
        text = str(cause)
        if isinstance(cause, socket.gaierror) or any(r in text for r in _DNS_REASONS):
            match = _UNRESOLVED.search(text)
            reason = (match.group("reason") if match else getattr(cause, "strerror", None) or text).strip()
            if not match:
                return translate("client", "cannot resolve host (DNS): {reason}").format(reason=reason)
            return translate("client", "cannot resolve host {host} (DNS): {reason}").format(
                host=repr(match.group("host")), reason=reason
            )
    return ""


def _not_waiting(backend: Any) -> None:
    """The console polls results itself: Celery's result consumer must not start for what it sends.

    Without this the Redis backend subscribes to every sent task's channel and never lets go,
    and a group's results (``then`` on each) unsubscribe over the network when they are
    garbage collected, on whichever thread that happens, the GUI thread included.
    """
    backend.on_task_call = lambda producer, task_id: None
    backend.add_pending_result = lambda result, weak=False, start_drainer=True: result
    backend.add_pending_results = lambda results, weak=False: results
    backend.remove_pending_result = lambda result: result


# The kinds of blocking call, each with the threads it may hold at once (see _Lane). Checks: what
# the console asks on its own, again and again (reachability, pings, inspect, queue lengths);
# broker: sends, revokes, purges, worker commands; other: result polls, the backend, local files.
CHECK, BROKER, OTHER = "check", "broker", "other"
LANE_THREADS = {CHECK: 3, BROKER: 2}
LANE_CALLS = {  # what a lane's calls are called when they keep a call waiting (translated where said)
    CHECK: QT_TRANSLATE_NOOP("client", "checks"),
    BROKER: QT_TRANSLATE_NOOP("client", "calls to the broker"),
    OTHER: QT_TRANSLATE_NOOP("client", "calls"),
}


class _Lane:
    """Calls of one kind: at most ``limit`` of them hold a thread at once.

    A call's slot comes back when its thread is done, not when its caller stops waiting: calls a
    silent server holds keep their slots until their socket timeouts end them, so they can never
    take the threads of the other kinds (a check that hangs never stops a poll, a send or a revoke).
    A call waits for a slot without a thread. Safe across threads and event loops.
    """

    def __init__(self, what: str, limit: int):
        self.what = what
        self.limit = limit
        self.held = 0
        self._lock = threading.Lock()
        self._waiters: deque[asyncio.Future] = deque()

    async def acquire(self, timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._lock:
                if self.held < self.limit:
                    self.held += 1
                    return True
                waiter = loop.create_future()
                self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                return False
            finally:
                with self._lock:
                    if waiter in self._waiters:
                        self._waiters.remove(waiter)

    def release(self) -> None:
        """From any thread: the slot is free; every waiter looks again."""
        with self._lock:
            self.held -= 1
            waiters, self._waiters = list(self._waiters), deque()
        for waiter in waiters:
            try:
                waiter.get_loop().call_soon_threadsafe(_wake, waiter)
            except RuntimeError:  # its loop closed meanwhile
                pass


def _wake(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_result(None)


def answers() -> str:
    """A reachable end's message, in the window's language (the connection bar matches it to say only its own word)."""
    return translate(CONTEXT, ANSWERS)


class ClusterClient:
    """Async façade over one Celery app's broker, backend and remote control.

    Its threads are named ``celery-desktop-cluster-<number>_<i>``: ``number`` tells the clients
    of one process apart (a profile switch makes a new one), ``made`` is how many were made.
    """

    made = 0

    def __init__(self, app: Celery, profile: ConnectionProfile, *, timeout: float = 5.0, max_workers: int = 4):
        self.app = app
        self.profile = profile
        self.timeout = timeout
        ClusterClient.made += 1
        self.number = ClusterClient.made
        self._lanes = {
            CHECK: _Lane(LANE_CALLS[CHECK], LANE_THREADS[CHECK]),
            BROKER: _Lane(LANE_CALLS[BROKER], LANE_THREADS[BROKER]),
            OTHER: _Lane(LANE_CALLS[OTHER], max_workers),
        }
        self._closed = False
        keep_connections_for(app)
        # A thread for every slot: a call that has its slot never waits for a thread.
        self._executor = ThreadPoolExecutor(
            max_workers=sum(lane.limit for lane in self._lanes.values()),
            thread_name_prefix=f"celery-desktop-cluster-{self.number}",
        )

    async def run_blocking(self, fn: Callable[[], T], timeout: float | None = None, *, lane: str = OTHER) -> Reply[T]:
        """Run a blocking call off the loop; a hang becomes 'no reply in N s'.

        ``lane`` says what kind of call it is (CHECK, BROKER, OTHER): it waits up to ``timeout`` for
        a thread of its kind, then up to ``timeout`` for its reply.
        """
        timeout = self.timeout if timeout is None else timeout
        kind = self._lanes[lane]
        started = time.perf_counter()
        if not await kind.acquire(timeout):
            waiting = translate("client", "not started in {seconds} s: {count} earlier {calls} still wait for a reply")
            return Reply(
                error=waiting.format(seconds=f"{timeout:g}", count=kind.limit, calls=translate(CONTEXT, kind.what)),
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )
        started = time.perf_counter()
        try:
            try:
                future = self._executor.submit(fn)
            except BaseException:
                kind.release()
                raise
            future.add_done_callback(lambda _: kind.release())
            value = await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except asyncio.TimeoutError:
            return Reply(
                error=translate("client", "no reply in {seconds} s").format(seconds=f"{timeout:g}"),
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )
        except Exception as exc:  # noqa: BLE001 - errors are values here
            return Reply(
                error=self.profile.redact(describe_error(exc)),
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )
        return Reply(value=value, elapsed_ms=(time.perf_counter() - started) * 1000)

    def read_only_refusal(self, what: str) -> str:
        """Why ``what`` (a change to the cluster) may not be done on this profile, logged; "" when it may.

        The log says it in English (``read-only profile: …``), the window in its language.
        """
        if not self.profile.read_only:
            return ""
        name = repr(self.profile.name)
        log.warning("%s", REFUSED.format(what=what, name=name))
        return translate(CONTEXT, REFUSED).format(what=what, name=name)

    async def run_mutation(
        self, what: str, fn: Callable[[], T], timeout: float | None = None, *, lane: str = OTHER, changes: bool = True
    ) -> Reply[T]:
        """The one way the core changes the cluster: ``run_blocking``, unless the profile is read-only.

        On a read-only profile nothing runs: the Reply's error says why (``read-only profile: …``) and
        the refusal is logged. ``changes=False`` is for a call made through a mutating API that
        changes nothing (a worker command such as ping). ``tests/unit/test_read_only_paths.py``
        finds every call that changes the broker, the backend, a worker or a schedule in the core
        and holds it to passing through here.
        """
        if changes and (refusal := self.read_only_refusal(what)):
            return Reply(error=refusal)
        return await self.run_blocking(fn, timeout, lane=lane)

    async def check_broker(self) -> EndpointStatus:
        url = self.profile.masked_broker
        if not self.profile.broker_url:
            return EndpointStatus("broker", url, Reachability.NOT_CONFIGURED, translate("client", "no broker configured"))
        if problem := scheme_problem("broker", self.profile.broker_url):  # said before any connection is tried
            return EndpointStatus("broker", url, Reachability.FAILED, problem, None, time.time())
        if is_sentinel_url(self.profile.broker_url) and not (self.app.conf.broker_transport_options or {}).get("master_name"):
            return self._status("broker", url, Reply(error=missing_master("broker")))

        def connect() -> None:
            on_broker(self.app, broker_round_trip)  # a kept connection, asked once more: not one per check

        reply = await self._explained(self.profile.broker_url, await self.run_blocking(connect, lane=CHECK))
        return self._status("broker", url, reply)

    async def check_backend(self) -> EndpointStatus:
        url = self.profile.masked_backend
        if not self.profile.backend_url:
            return EndpointStatus(
                "backend", url, Reachability.NOT_CONFIGURED, translate("client", "no result backend configured")
            )
        if problem := scheme_problem("backend", self.profile.backend_url):
            return EndpointStatus("backend", url, Reachability.FAILED, problem, None, time.time())
        if self.profile.backend_url.startswith("rpc://"):
            return EndpointStatus(
                "backend",
                url,
                Reachability.OK,
                translate(
                    "client",
                    "rpc:// sends results only to the client that sent the task; the console can show results of tasks it sent itself",
                ),
            )
        if is_sentinel_url(self.profile.backend_url) and not (self.app.conf.result_backend_transport_options or {}).get(
            "master_name"
        ):
            return self._status("backend", url, Reply(error=missing_master("result backend")))

        def probe() -> None:
            # Reachable, without reading a task: what a task's row or key holds is anyone's to write.
            backend = self.app.backend
            client = getattr(backend, "client", None)
            if client is not None and hasattr(client, "ping"):
                client.ping()
            elif is_database(backend):
                ping_database(backend)
            elif isinstance(backend, BaseKeyValueStoreBackend):
                backend.get(backend.get_key_for_task(PROBE_KEY_ID))  # the stored bytes, never decoded
            else:  # any other backend: a read through its API, on an instance that decodes the console's way
                backend.get_task_meta(PROBE_KEY_ID, cache=False)

        reply = await self._explained(self.profile.backend_url, await self.run_blocking(probe, lane=CHECK))
        return self._status("backend", url, reply)

    async def _explained(self, url: str, reply: Reply) -> Reply:
        """A plain redis:// connection the server dropped at once: say so when the server wants TLS."""
        if reply.ok:
            return reply
        hint = await self.run_blocking(partial(tls_required_hint, url, reply.error), 2.0, lane=CHECK)
        if not hint.value:  # redis://auth:PASSWORD@…: would the password alone be taken? (one AUTH)
            hint = await self.run_blocking(partial(self._user_name_hint, url, reply.error), 3.0, lane=CHECK)
        return Reply(error=hint.value, elapsed_ms=reply.elapsed_ms) if hint.value else reply

    @staticmethod
    def _user_name_hint(url: str, error: str | None) -> str | None:
        tls = tls_options(url, check_files=False) if url.lower().startswith("rediss") else None
        return user_name_hint(url, error, tls_kwargs=tls.connection_kwargs() if tls else None)

    @staticmethod
    def _status(role: str, url: str, reply: Reply) -> EndpointStatus:
        if reply.ok:
            return EndpointStatus(role, url, Reachability.OK, answers(), reply.elapsed_ms, time.time())
        if reply.error.startswith(login_refused()):
            said = reply.error
        elif role == "broker":
            said = translate("client", "broker unreachable: {error}").format(error=reply.error)
        else:
            said = translate("client", "backend unreachable: {error}").format(error=reply.error)
        return EndpointStatus(role, url, Reachability.FAILED, said, None, time.time())

    async def ping_workers(self, timeout: float = 1.0, limit: int | None = None) -> Reply[list[WorkerRecord]]:
        """Ping every worker; with ``limit`` (the known worker count) it returns as soon as all answered."""

        def ping() -> list[WorkerRecord]:
            started = time.perf_counter()
            arrivals: dict[str, float] = {}

            def on_reply(reply: dict) -> None:
                for hostname in reply:
                    arrivals.setdefault(hostname, (time.perf_counter() - started) * 1000)

            replies = self.app.control.ping(timeout=timeout, limit=limit, callback=on_reply)
            now = time.time()
            hostnames = sorted({h for r in replies if isinstance(r, dict) for h in r})
            return [WorkerRecord(h, True, arrivals.get(h), None, now) for h in hostnames]

        return await self.run_blocking(ping, timeout + self.timeout, lane=CHECK)

    async def registered(self, hostnames: Iterable[str], timeout: float = 1.0) -> Reply[dict[str, list[str]]]:
        hosts = sorted(hostnames)

        def ask() -> dict[str, list[str]]:
            inspector = self.app.control.inspect(destination=hosts, timeout=timeout, limit=len(hosts))
            return inspector.registered(*TASK_INFO_ITEMS) or {}

        return await self.run_blocking(ask, timeout + self.timeout, lane=CHECK)

    def pickle_refusal(self, spec: CallSpec) -> str:
        """Why this call may not be sent (it would go pickled without the opt-in), or ""."""
        serializer = spec.serializer or self.app.conf.task_serializer
        if serializer in PICKLE_CONTENT and not self.profile.allow_pickle:
            if spec.serializer:
                return translate(
                    "client",
                    "not sent: it would go pickled and pickle is off for this connection "
                    "(choose another serializer, or start with --allow-pickle to opt in)",
                )
            return translate(
                "client",
                "not sent: it would go pickled (the app's task_serializer) and pickle is off for this connection "
                "(choose another serializer, or start with --allow-pickle to opt in)",
            )
        return ""

    async def send_call(self, spec: CallSpec, count: int = 1) -> Reply[list[CallSpec]]:
        """Send a call ``count`` times over one producer; each copy gets fresh task ids."""
        if refusal := self.pickle_refusal(spec):
            return Reply(error=refusal)

        def send() -> list[CallSpec]:
            _not_waiting(self.app.backend)
            sent = []
            with self.app.producer_or_acquire() as producer:
                for _ in range(count):
                    copy = spec.with_ids()
                    self.app.send_task(copy.task, producer=producer, **copy.send_task_kwargs(self.app))
                    sent.append(copy)
            return sent

        what = translate("client", "sending {task}").format(task=spec.task)
        return await self._publish(what, send, self._retry_seconds([spec]), 2.0 * count / 100)

    async def send_calls(self, specs: list[CallSpec]) -> Reply[list[CallSpec]]:
        """Send different calls in order over one producer (a bulk re-send is one round trip, not one per call).

        Each call keeps the task id it has, or gets a fresh one; nothing goes out if any would go pickled.
        """
        refusal = next((r for spec in specs if (r := self.pickle_refusal(spec))), "")
        if refusal:
            return Reply(error=refusal)

        def send() -> list[CallSpec]:
            self.app.backend.on_task_call = lambda producer, task_id: None  # the console polls; see send_call
            sent = []
            with self.app.producer_or_acquire() as producer:
                for spec in specs:
                    copy = spec.with_ids()
                    self.app.send_task(copy.task, producer=producer, **copy.send_task_kwargs(self.app))
                    sent.append(copy)
            return sent

        what = translate("client", "sending {count} call(s)").format(count=f"{len(specs):,}")
        return await self._publish(what, send, self._retry_seconds(specs), 2.0 * len(specs) / 100)

    async def send_signature(self, build: Callable[[Any], Any], steps: int = 1) -> Reply[None]:
        """Send a canvas (chain, group, chord) that ``build(app)`` makes, through Celery's own ``apply_async``."""

        def send() -> None:
            _not_waiting(self.app.backend)
            build(self.app).apply_async()

        what = translate("client", "sending a workflow")
        return await self._publish(what, send, publish_retry_seconds(self.app), 2.0 * steps / 100)

    def _retry_seconds(self, specs: Iterable[CallSpec]) -> float:
        return max(
            (publish_retry_seconds(self.app, s.retry, s.retry_policy.as_dict() if s.retry_policy else None) for s in specs),
            default=0.0,
        )

    async def _publish(self, what: str, send: Callable[[], T], retry_seconds: float, extra: float) -> Reply[T]:
        """Run a send, waiting as long as Celery may retry its publish (``publish_retry_seconds``) on top of the timeout.

        A call still being retried is not reported as failed (to be published after all). One
        given up on after retries of a second or more says so: through Sentinel, the new master
        did not come within the policy's bounds.
        """
        failed: dict[str, float] = {}

        def sending() -> T:
            started = time.monotonic()
            try:
                return send()
            except Exception as exc:
                if any(isinstance(link, (OperationalError, OSError)) for link in exception_chain(exc)):
                    failed["after"] = time.monotonic() - started
                raise

        reply = await self.run_mutation(what, sending, self.timeout + retry_seconds + extra, lane=BROKER)
        if reply.error and retry_seconds >= 1.0 and "after" in failed:
            given_up = translate("client", "{error} (given up after {seconds} s of retries, as task_publish_retry_policy allows)")
            return replace(reply, error=given_up.format(error=reply.error, seconds=f"{failed['after']:.1f}"))
        return reply

    async def revoke(self, ids: list[str], terminate: bool = False, signal: str = "SIGTERM") -> Reply[None]:
        """Revoke (and optionally terminate with ``signal``) tasks on every worker."""

        def revoke() -> None:
            self.app.control.revoke(list(ids), terminate=terminate, signal=signal)

        if terminate:
            what = translate("client", "terminate of {count} task(s)")
        else:
            what = translate("client", "revoke of {count} task(s)")
        return await self.run_mutation(what.format(count=f"{len(ids):,}"), revoke, lane=BROKER)

    async def forget(self, ids: list[str]) -> Reply[None]:
        def forget() -> None:
            backend = self.app.backend
            for task_id in ids:
                backend.forget(task_id)

        what = translate("client", "forget of {count} result(s)").format(count=f"{len(ids):,}")
        return await self.run_mutation(what, forget)

    async def worker_conf(self, hostnames: Iterable[str], timeout: float = 1.0) -> Reply[dict[str, dict]]:
        """Each worker's configuration (Celery masks its secrets), e.g. for accept_content."""
        hosts = sorted(hostnames)

        def ask() -> dict[str, dict]:
            return self.app.control.inspect(destination=hosts, timeout=timeout, limit=len(hosts)).conf() or {}

        return await self.run_blocking(ask, timeout + self.timeout, lane=CHECK)

    async def fetch_results(self, records: list[TaskRecord]) -> Reply[list[TaskRecord]]:
        """Read the backend's meta for each record: one round trip for key-value backends, one query (per 500) for a database."""

        def fetch() -> list[TaskRecord]:
            backend = self.app.backend
            if isinstance(backend, DisabledBackend):
                raise RuntimeError(translate("client", "no result backend configured"))
            if isinstance(backend, BaseKeyValueStoreBackend):
                raws = backend.mget([backend.get_key_for_task(r.id) for r in records])
                allow_pickle = self.profile.allow_pickle
                return [
                    record if raw is None else record_from_raw(record, raw, backend, allow_pickle)
                    for record, raw in zip(records, raws, strict=True)
                ]
            if is_database(backend):
                rows = read_rows(backend, [r.id for r in records])
                return [record_from_row(r, rows.get(r.id), backend, self.profile.allow_pickle) for r in records]
            return [self._read_meta(backend, r) for r in records]

        return await self.run_blocking(fetch)

    def _read_meta(self, backend, record: TaskRecord) -> TaskRecord:
        """One task through the backend's own API (a backend neither key-value nor a database: MongoDB, Cassandra, …).

        The instance is guarded (result_backend.guard): the console's accept list, no exception rebuilt.
        A stored value it cannot read becomes the row's message.
        """
        try:
            meta = backend.get_task_meta(record.id, cache=False)
        except UNREADABLE as exc:  # a lost database still raises: the poller says "reconnecting"
            return replace(record, error=decode_error_message(b"", exc, self.profile.allow_pickle))
        return record_from_decoded(record, meta)

    def close(self) -> None:
        """Stop taking calls and close the broker connections kept for them (in a thread: closing waits on the broker)."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)
        threading.Thread(
            target=close_kept_connections,
            args=(self.app,),
            name=f"celery-desktop-cluster-{self.number}-closing",
            daemon=True,
        ).start()
