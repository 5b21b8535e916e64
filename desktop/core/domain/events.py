"""Celery events folded into bounded, compact task and worker state, for the live views.

Same rules as ``celery.events.state.State`` (the reference the tests compare with): the state
comes from the event type, ``states.precedence`` keeps a late event from moving a task back (its
fields still merge in; a late ``task-received`` only brings the call's fields), RETRY always
applies, a worker is alive until ``freq * HEARTBEAT_EXPIRE_WINDOW %`` after its last sign of
life on *our* clock (``local_received``), so a worker with a skewed clock still counts as online.

Where it differs, on purpose:

- a field that is missing *or None* keeps the earlier value (State overwrites with None);
- an event with a wrong-typed field is ignored whole and counted, never half applied;
- a task event's ``local_received`` (not its ``timestamp``, as State does) refreshes its worker;
- bounded by count with finished tasks dropped first (State is an LRU that drops any task);
- ``eta``/``expires`` are kept as epoch seconds, not strings; per-task ``pid``/``clock`` are not kept
  (``pid`` is the worker's main process, kept on the worker).

It runs about five times faster than State and holds a task in a fifth of the memory (bench/events.py):
``__slots__`` objects with every field a reference to what the event already carried (one float
object, one string), repeated strings (names, queues, hostnames) shared, no per-task dict,
weak sets or heap entries. Call it from one thread.
"""

from __future__ import annotations

import ast
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from celery import states
from celery.events.state import HEARTBEAT_DRIFT_MAX, HEARTBEAT_EXPIRE_WINDOW

from desktop.core.domain.records import TaskRecord, WorkerRecord
from desktop.core.domain.results import LATEST_TIME, MAX_RETRIES, MAX_TEXT, clean_text, encodable, parse_timestamp, task_id_from

__all__ = ("EventStore", "FinishedTask", "StoreChanges", "TaskState", "WorkerInfo", "record_for")

MAX_TASKS = 100_000
MAX_WORKERS = 5_000  # as State: hostnames come off the wire, so they are bounded too
MAX_HOSTNAME_LENGTH = 1_000
MAX_LITERAL = 10_000  # an exception's arguments longer than this are not evaluated (ast.literal_eval)
MAX_TRACEBACK = 200_000  # as results.py, for the record; the store keeps the whole text
# argsrepr/kwargsrepr as an event carries them: Celery's own workers cut them at 1,024 characters
# (argsrepr_maxsize), so a longer one comes from an older client or a hostile sender, and each of
# up to MAX_TASKS rows would hold it whole.
MAX_CALL_TEXT = 10_000
DEFAULT_FREQ = 60.0  # State's default for a worker seen only through task events
_INTERNED_LIMIT = 100_000  # distinct strings shared before the table starts over (garbage names)

PENDING, RECEIVED, STARTED = states.PENDING, states.RECEIVED, states.STARTED
SUCCESS, FAILURE, RETRY = states.SUCCESS, states.FAILURE, states.RETRY
REVOKED, REJECTED = states.REVOKED, states.REJECTED
READY_STATES = states.READY_STATES
_PRECEDENCE = dict(states.PRECEDENCE_LOOKUP)
_CUSTOM_PRECEDENCE = states.NONE_PRECEDENCE
_CUSTOM_SUBJECT = re.compile(r"[a-z][a-z0-9_]{0,39}")  # task-cancelled and the like: State makes them states
_EXCEPTION_REPR = re.compile(r"\s*([A-Za-z_][\w.]*)\((.*)\)\s*", re.DOTALL)
_TRACEBACK_LAST_LINE = re.compile(r"([A-Za-z_][\w.]*)(?::|$)")


class FinishedTask(NamedTuple):
    """One task reaching SUCCESS/FAILURE/REVOKED, for throughput and runtime graphs.

    Same order as ``metrics.Metrics.task_finished(timestamp, name, state, runtime)``.
    """

    timestamp: float
    name: str
    state: str
    runtime: float | None


@dataclass(frozen=True, slots=True)
class StoreChanges:
    """What one ``apply`` changed, so views update only those rows.

    ``changed`` ids are held after the batch (new ones included); ``removed`` ids were dropped
    to stay within the bound and are not held any more.
    """

    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    workers: tuple[str, ...] = ()
    workers_removed: tuple[str, ...] = ()
    finished: tuple[FinishedTask, ...] = ()
    ingested: int = 0
    ignored: int = 0


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """One worker as its events describe it, liveness judged at ``now``."""

    hostname: str
    online: bool
    last_heartbeat: float | None  # our clock (local_received); None after worker-offline
    heartbeat_age: float | None
    heartbeat_expires: float | None
    freq: float
    active: int | None
    processed: int | None
    loadavg: tuple[float, ...]
    sw_ident: str
    sw_ver: str
    sw_sys: str
    pid: int | None
    clock_skew: float | None  # its timestamp minus our receive time: > 0 when its clock is ahead
    succeeded: int  # tasks seen reaching SUCCESS on it through events
    failed: int
    task_events: int = 0  # task events it sent (none: started without -E, or events disabled)
    online_since: float | None = None  # our clock: when this incarnation started (worker-online, a new pid); None: not seen

    @property
    def clock_out_of_sync(self) -> bool:
        return self.clock_skew is not None and abs(self.clock_skew) > HEARTBEAT_DRIFT_MAX

    def to_record(self) -> WorkerRecord:
        return WorkerRecord(hostname=self.hostname, online=self.online, last_seen=self.last_heartbeat)


class _Rare:
    """Fields only retried, revoked and rejected tasks have: kept out of every other task."""

    __slots__ = ("retried", "revoked", "rejected", "terminated", "signum", "expired", "requeue")

    def __init__(self) -> None:
        self.retried = self.revoked = self.rejected = None
        self.terminated = self.signum = self.expired = self.requeue = None


class TaskState:
    """One task as its events tell it. Read it; only the store writes it.

    Timestamps are the events' own (worker or client clock, as EventReceiver localized them).
    ``args``/``kwargs`` are the events' argsrepr/kwargsrepr strings, kept whole up to MAX_CALL_TEXT.
    """

    __slots__ = (
        "id",
        "name",
        "state",
        "client",
        "worker",
        "args",
        "kwargs",
        "retries",
        "eta",
        "expires",
        "queue",
        "exchange",
        "routing_key",
        "root_id",
        "parent_id",
        "sent",
        "received",
        "started",
        "succeeded",
        "failed",
        "result",
        "exception",
        "traceback",
        "runtime",
        "timestamp",
        "_rare",
    )

    def __init__(self, task_id: str) -> None:
        self.id = task_id
        self.state = PENDING
        self.name = self.client = self.worker = self.args = self.kwargs = self.retries = None
        self.eta = self.expires = self.queue = self.exchange = self.routing_key = None
        self.root_id = self.parent_id = self.sent = self.received = self.started = None
        self.succeeded = self.failed = self.result = self.exception = self.traceback = None
        self.runtime = self.timestamp = self._rare = None

    @property
    def ready(self) -> bool:
        return self.state in READY_STATES

    @property
    def done_at(self) -> float | None:
        """When it reached its final state (None while it has not)."""
        state = self.state
        if state == SUCCESS:
            return self.succeeded
        if state == FAILURE:
            return self.failed
        if state == REVOKED:
            return self.revoked
        return None

    # The rare fields read like the others.
    retried = property(lambda self: self._rare and self._rare.retried)
    revoked = property(lambda self: self._rare and self._rare.revoked)
    rejected = property(lambda self: self._rare and self._rare.rejected)
    terminated = property(lambda self: self._rare and self._rare.terminated)
    signum = property(lambda self: self._rare and self._rare.signum)
    expired = property(lambda self: self._rare and self._rare.expired)
    requeue = property(lambda self: self._rare and self._rare.requeue)

    def rare(self) -> _Rare:
        if self._rare is None:
            self._rare = _Rare()
        return self._rare

    def __repr__(self) -> str:
        return f"<TaskState {self.name}[{self.id}] {self.state}>"


class _WorkerState:
    __slots__ = (
        "hostname",
        "pid",
        "freq",
        "active",
        "processed",
        "loadavg",
        "sw_ident",
        "sw_ver",
        "sw_sys",
        "last_heartbeat",
        "online_since",
        "clock_skew",
        "succeeded",
        "failed",
        "task_events",
    )

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        self.freq = DEFAULT_FREQ
        self.pid = self.active = self.processed = self.last_heartbeat = self.clock_skew = self.online_since = None
        self.loadavg = ()
        self.sw_ident = self.sw_ver = self.sw_sys = ""
        self.succeeded = self.failed = self.task_events = 0

    def info(self, now: float) -> WorkerInfo:
        last = self.last_heartbeat
        expires = None if last is None else last + self.freq * HEARTBEAT_EXPIRE_WINDOW / 100.0
        return WorkerInfo(
            hostname=self.hostname,
            online=expires is not None and now < expires,
            last_heartbeat=last,
            heartbeat_age=None if last is None else now - last,
            heartbeat_expires=expires,
            freq=self.freq,
            active=self.active,
            processed=self.processed,
            loadavg=self.loadavg,
            sw_ident=self.sw_ident,
            sw_ver=self.sw_ver,
            sw_sys=self.sw_sys,
            pid=self.pid,
            online_since=self.online_since,
            clock_skew=self.clock_skew,
            succeeded=self.succeeded,
            failed=self.failed,
            task_events=self.task_events,
        )


class _Batch:
    """What one apply() touched; dicts keep first-touch order and drop repeats."""

    __slots__ = ("touched", "removed", "workers", "workers_removed", "finishing", "timestamp")

    def __init__(self) -> None:
        self.timestamp = 0.0  # of the event _task_for last accepted
        self.touched: dict[str, None] = {}
        self.removed: dict[str, None] = {}
        self.workers: dict[str, None] = {}
        self.workers_removed: dict[str, None] = {}
        self.finishing: list[tuple[TaskState, str, float]] = []


_BAD = object()  # a value of the wrong type: the event is ignored


def _number(value: Any) -> float | None:
    """A finite float from an int, float or Decimal (some JSON decoders give those); else None."""
    kind = type(value)
    if kind is float or kind is int or kind is Decimal:
        try:
            number = float(value)
        except (OverflowError, ValueError):
            return None
        if number - number == 0.0:  # not nan, not inf
            return number
    return None


def _when(value: Any) -> Any:
    """eta/expires as epoch seconds: ISO text or a number; unparseable text is None, other types _BAD."""
    if type(value) is str:
        return parse_timestamp(value[:64])
    number = _number(value)
    return number if number is not None and 0.0 <= number < LATEST_TIME else _BAD


def _moment(value: Any) -> float | None:
    """An event's own time (timestamp, local_received): epoch seconds a view can show, else None."""
    value = _number(value)
    return value if value is not None and 0.0 <= value < LATEST_TIME else None


def _optional_int(value: Any) -> bool:
    return value is None or type(value) is int


def _id_fits(task_id: str) -> bool:
    """A task id named by an event (its own, a parent, a root) is held to what an id from the backend is
    (results.task_id_from): not empty, at most 255 characters, printable (no control, format or bidi
    character), encodable."""
    return task_id_from(task_id) is not None


class EventStore:
    """Task and worker state from Celery events, bounded to ``max_tasks`` tasks.

    Over the bound, the task that finished longest ago goes first (a finished task is history; an
    unfinished one is what the user watches), and only when every held task is unfinished the
    task first seen longest ago.
    """

    def __init__(self, max_tasks: int = MAX_TASKS, max_workers: int = MAX_WORKERS) -> None:
        if max_tasks < 1 or max_workers < 1:
            raise ValueError("max_tasks and max_workers must be at least 1")
        self.max_tasks = max_tasks
        self.max_workers = max_workers
        self.ingested = 0  # events since the store was made
        self.ignored = 0
        self._tasks: dict[str, TaskState] = {}  # insertion order = first seen
        self._workers: dict[str, _WorkerState] = {}
        self._children: dict[str, list[str]] = {}  # parent id -> ids of held children
        # Eviction queues of task ids. An entry is live while the held task's id *is* that string
        # object; stale ones are skipped on the way and squeezed out when they pile up.
        self._order: deque[str] = deque()  # first seen
        self._finished: deque[str] = deque()  # reached a ready state
        self._strings: dict[str, str] = {}
        self._intern = self._strings.setdefault
        self._handlers = {
            "task-sent": self._on_task_sent,
            "task-received": self._on_task_received,
            "task-started": self._on_task_started,
            "task-succeeded": self._on_task_succeeded,
            "task-failed": self._on_task_failed,
            "task-retried": self._on_task_retried,
            "task-revoked": self._on_task_revoked,
            "task-rejected": self._on_task_rejected,
            "worker-online": self._on_worker_event,
            "worker-heartbeat": self._on_worker_event,
            "worker-offline": self._on_worker_event,
        }

    # ------------------------------------------------------------------ ingest

    def apply(self, events: Iterable[Any]) -> StoreChanges:
        """Fold a batch of events in. Garbage is counted in ``ignored``, never raised."""
        batch = _Batch()
        handlers_get = self._handlers.get
        ingested = ignored = 0
        for event in events:
            try:
                handler = handlers_get(event["type"])
                ok = handler(event, batch) if handler is not None else self._on_task_custom(event, batch)
            except Exception:  # noqa: BLE001 - anything off the wire; handlers validate before they write
                ok = False
            if ok:
                ingested += 1
            else:
                ignored += 1
        self.ingested += ingested
        self.ignored += ignored
        if len(self._strings) > _INTERNED_LIMIT:
            self._strings.clear()
        self._squeeze_queues()
        return self._changes(batch, ingested, ignored)

    def _changes(self, batch: _Batch, ingested: int, ignored: int) -> StoreChanges:
        tasks, workers = self._tasks, self._workers
        finished = []
        for task, state, timestamp in batch.finishing:
            runtime = task.runtime if state == SUCCESS else None
            if runtime is None and task.started is not None and timestamp >= task.started:
                runtime = timestamp - task.started
            finished.append(FinishedTask(timestamp, task.name or "", state, runtime))
        return StoreChanges(
            changed=tuple(i for i in batch.touched if i in tasks),
            removed=tuple(i for i in batch.removed if i not in tasks),
            workers=tuple(h for h in batch.workers if h in workers),
            workers_removed=tuple(h for h in batch.workers_removed if h not in workers),
            finished=tuple(finished),
            ingested=ingested,
            ignored=ignored,
        )

    def _task_for(self, event: dict, state: str, batch: _Batch, from_client: bool = False) -> TaskState | None:
        """Check the fields every task event has, then find or make its task and move its state.

        Returns None (nothing written) when the event is malformed.
        """
        task_id = event["uuid"]  # a KeyError is garbage: apply() counts it
        if type(task_id) is not str or not _id_fits(task_id):
            return None
        hostname = event["hostname"]
        if type(hostname) is not str or len(hostname) > MAX_HOSTNAME_LENGTH:
            return None
        worker = None if from_client else self._workers.get(hostname)
        if worker is None and not (hostname.isascii() or encodable(hostname)):  # a known worker's name was checked
            return None
        timestamp = event["timestamp"]
        if type(timestamp) is not float or not 0.0 <= timestamp < LATEST_TIME:  # the usual case: two checks
            timestamp = _moment(timestamp)
            if timestamp is None:
                return None
        received_at = event.get("local_received")
        if received_at is None:
            received_at = timestamp
        elif type(received_at) is not float or not 0.0 <= received_at < LATEST_TIME:
            received_at = _moment(received_at)
            if received_at is None:
                return None

        batch.timestamp = timestamp
        tasks = self._tasks
        task = tasks.get(task_id)
        if task is None:
            while len(tasks) >= self.max_tasks:  # a lowered bound takes effect with the next new task
                before = len(tasks)
                self._evict_one(batch)
                if len(tasks) == before:
                    break
            task = tasks[task_id] = TaskState(task_id)
            self._order.append(task_id)
        if from_client:
            task.client = self._intern(hostname, hostname)
        else:
            if worker is None:
                worker = self._add_worker(hostname, batch)
            last = worker.last_heartbeat
            if last is None or received_at > last:  # any event from a worker is a sign of life
                worker.last_heartbeat = received_at
            batch.workers[worker.hostname] = None
            worker.task_events += 1
            task.worker = worker.hostname

        current = task.state
        if (
            state != RETRY
            and current != RETRY
            and _PRECEDENCE.get(state, _CUSTOM_PRECEDENCE) > _PRECEDENCE.get(current, _CUSTOM_PRECEDENCE)
        ):
            # Logically before the current state: its fields merge, the state stays.
            if state != RECEIVED:
                task.timestamp = timestamp
        else:
            task.state = state
            task.timestamp = timestamp
            if state in READY_STATES and current not in READY_STATES:
                self._finished.append(task.id)
                batch.finishing.append((task, state, timestamp))
                if worker is not None:
                    if state == SUCCESS:
                        worker.succeeded += 1
                    elif state == FAILURE:
                        worker.failed += 1
        batch.touched[task.id] = None
        return task

    def _set_call(self, task: TaskState, name, args, kwargs, retries, eta, expires, root_id, parent_id) -> None:
        """The call's own fields, which task-sent and task-received both carry."""
        if name is not None:
            task.name = self._intern(name, name)
        if args is not None:
            task.args = _capped(args)
        if kwargs is not None:
            task.kwargs = _capped(kwargs)
        if retries is not None:
            task.retries = retries
        if eta is not None:
            task.eta = eta
        if expires is not None:
            task.expires = expires
        if root_id is not None:
            task.root_id = task.id if root_id == task.id else root_id  # a top task is its own root
        if parent_id is not None and parent_id != task.parent_id and parent_id != task.id:
            self._adopt(task, parent_id)

    def _on_task_sent(self, event: dict, batch: _Batch) -> bool:
        get = event.get
        name, args, kwargs, root_id, parent_id = get("name"), get("args"), get("kwargs"), get("root_id"), get("parent_id")
        queue, exchange, routing_key = get("queue"), get("exchange"), get("routing_key")
        for value in (name, args, kwargs, root_id, parent_id, queue, exchange, routing_key):
            if value is not None and type(value) is not str:
                return False
        if (root_id is not None and not _id_fits(root_id)) or (parent_id is not None and not _id_fits(parent_id)):
            return False
        retries, eta, expires = get("retries"), get("eta"), get("expires")
        if retries is not None and (type(retries) is not int or not 0 <= retries <= MAX_RETRIES):
            return False
        if eta is not None and (eta := _when(eta)) is _BAD:
            return False
        if expires is not None and (expires := _when(expires)) is _BAD:
            return False
        task = self._task_for(event, PENDING, batch, from_client=True)
        if task is None:
            return False
        task.sent = batch.timestamp
        self._set_call(task, name, args, kwargs, retries, eta, expires, root_id, parent_id)
        intern = self._intern
        if queue is not None:
            task.queue = intern(queue, queue)
        if exchange is not None:
            task.exchange = intern(exchange, exchange)
        if routing_key is not None:
            task.routing_key = intern(routing_key, routing_key)
        return True

    def _on_task_received(self, event: dict, batch: _Batch) -> bool:
        get = event.get
        name, args, kwargs, root_id, parent_id = get("name"), get("args"), get("kwargs"), get("root_id"), get("parent_id")
        for value in (name, args, kwargs, root_id, parent_id):
            if value is not None and type(value) is not str:
                return False
        if (root_id is not None and not _id_fits(root_id)) or (parent_id is not None and not _id_fits(parent_id)):
            return False
        retries, eta, expires = get("retries"), get("eta"), get("expires")
        if retries is not None and (type(retries) is not int or not 0 <= retries <= MAX_RETRIES):
            return False
        if eta is not None and (eta := _when(eta)) is _BAD:
            return False
        if expires is not None and (expires := _when(expires)) is _BAD:
            return False
        task = self._task_for(event, RECEIVED, batch)
        if task is None:
            return False
        task.received = batch.timestamp
        self._set_call(task, name, args, kwargs, retries, eta, expires, root_id, parent_id)
        return True

    def _on_task_started(self, event: dict, batch: _Batch) -> bool:
        task = self._task_for(event, STARTED, batch)
        if task is None:
            return False
        task.started = batch.timestamp
        return True

    def _on_task_succeeded(self, event: dict, batch: _Batch) -> bool:
        get = event.get
        result, runtime = get("result"), get("runtime")
        if result is not None and type(result) is not str:
            return False
        if runtime is not None and (runtime := _number(runtime)) is None:
            return False
        task = self._task_for(event, SUCCESS, batch)
        if task is None:
            return False
        task.succeeded = batch.timestamp
        if result is not None:
            task.result = result
        if runtime is not None:
            task.runtime = runtime
        return True

    def _on_task_failed(self, event: dict, batch: _Batch) -> bool:
        return self._exception_event(event, batch, FAILURE)

    def _on_task_retried(self, event: dict, batch: _Batch) -> bool:
        return self._exception_event(event, batch, RETRY)

    def _exception_event(self, event: dict, batch: _Batch, state: str) -> bool:
        get = event.get
        exception, traceback = get("exception"), get("traceback")
        if (exception is not None and type(exception) is not str) or (traceback is not None and type(traceback) is not str):
            return False
        task = self._task_for(event, state, batch)
        if task is None:
            return False
        if state == FAILURE:
            task.failed = batch.timestamp
        else:
            task.rare().retried = batch.timestamp
        if exception is not None:
            task.exception = exception
        if traceback is not None:
            task.traceback = traceback
        return True

    def _on_task_revoked(self, event: dict, batch: _Batch) -> bool:
        get = event.get
        terminated, signum, expired = get("terminated"), get("signum"), get("expired")
        if not (terminated is None or type(terminated) is bool) or not (expired is None or type(expired) is bool):
            return False
        if not (signum is None or type(signum) is int or type(signum) is str):
            return False
        task = self._task_for(event, REVOKED, batch)
        if task is None:
            return False
        rare = task.rare()
        rare.revoked = batch.timestamp
        if terminated is not None:
            rare.terminated = terminated
        if signum is not None:
            rare.signum = signum
        if expired is not None:
            rare.expired = expired
        return True

    def _on_task_rejected(self, event: dict, batch: _Batch) -> bool:
        requeue = event.get("requeue")
        if requeue is not None and type(requeue) is not bool:
            return False
        task = self._task_for(event, REJECTED, batch)
        if task is None:
            return False
        rare = task.rare()
        rare.rejected = batch.timestamp
        if requeue is not None:
            rare.requeue = requeue
        return True

    def _on_task_custom(self, event: dict, batch: _Batch) -> bool:
        """``task-<name>`` events Celery does not define (task-cancelled, an app's own): State makes NAME the state."""
        kind = event["type"]
        if type(kind) is not str or not kind.startswith("task-") or not _CUSTOM_SUBJECT.fullmatch(kind, 5):
            return False
        state = kind[5:].upper()
        return self._task_for(event, self._intern(state, state), batch) is not None

    def _on_worker_event(self, event: dict, batch: _Batch) -> bool:
        get = event.get
        hostname = get("hostname")
        if type(hostname) is not str or len(hostname) > MAX_HOSTNAME_LENGTH or not (hostname.isascii() or encodable(hostname)):
            return False
        timestamp = get("timestamp")
        if type(timestamp) is not float or not 0.0 <= timestamp < LATEST_TIME:
            timestamp = _moment(timestamp)
            if timestamp is None:
                return False
        received_at = get("local_received")
        if received_at is not None and (received_at := _moment(received_at)) is None:
            return False
        freq = get("freq")
        if freq is not None and ((freq := _number(freq)) is None or freq < 0):
            return False
        pid, active, processed = get("pid"), get("active"), get("processed")
        if not (_optional_int(pid) and _optional_int(active) and _optional_int(processed)):
            return False
        sw_ident, sw_ver, sw_sys = get("sw_ident"), get("sw_ver"), get("sw_sys")
        for value in (sw_ident, sw_ver, sw_sys):
            if value is not None and type(value) is not str:
                return False
        loadavg = get("loadavg")
        if loadavg is not None:
            if type(loadavg) not in (list, tuple) or len(loadavg) > 8:
                return False
            loadavg = tuple(_number(x) for x in loadavg)
            if None in loadavg:
                return False

        offline = event["type"] == "worker-offline"
        worker = self._workers.get(hostname)
        if worker is None:
            if offline:  # as State: a worker we never saw going away is not worth a row
                return True
            worker = self._add_worker(hostname, batch)
        if freq is not None:
            worker.freq = freq
        restarted = event["type"] == "worker-online" or (pid is not None and worker.pid is not None and pid != worker.pid)
        if pid is not None:
            worker.pid = pid
        if active is not None:
            worker.active = active
        if processed is not None:
            worker.processed = processed
        if loadavg is not None:
            worker.loadavg = loadavg
        intern = self._intern
        if sw_ident is not None:
            worker.sw_ident = intern(sw_ident, clean_text(sw_ident[:MAX_HOSTNAME_LENGTH]))
        if sw_ver is not None:
            worker.sw_ver = intern(sw_ver, clean_text(sw_ver[:MAX_HOSTNAME_LENGTH]))
        if sw_sys is not None:
            worker.sw_sys = intern(sw_sys, clean_text(sw_sys[:MAX_HOSTNAME_LENGTH]))
        if offline:
            worker.last_heartbeat = None
        else:
            if received_at is not None:
                worker.clock_skew = timestamp - received_at
            else:
                received_at = timestamp
            last = worker.last_heartbeat
            if restarted:  # a silence alone is not a restart: the event stream itself may have been down
                worker.online_since = received_at
            if last is None or received_at > last:
                worker.last_heartbeat = received_at
        batch.workers[worker.hostname] = None
        return True

    # ------------------------------------------------------------------ bounds

    def _add_worker(self, hostname: str, batch: _Batch) -> _WorkerState:
        workers = self._workers
        if len(workers) >= self.max_workers:
            # Rare: drop the worker silent longest (offline ones first).
            gone = min(workers.values(), key=lambda w: -1.0 if w.last_heartbeat is None else w.last_heartbeat)
            del workers[gone.hostname]
            batch.workers_removed[gone.hostname] = None
        worker = workers[hostname] = _WorkerState(hostname)
        return worker

    def _evict_one(self, batch: _Batch) -> None:
        tasks = self._tasks
        finished = self._finished
        while finished:
            task_id = finished.popleft()
            task = tasks.get(task_id)
            if task is not None and task.id is task_id and task.state in READY_STATES:
                self._remove(task, batch)
                return
        order = self._order
        while order:
            task_id = order.popleft()
            task = tasks.get(task_id)
            if task is not None and task.id is task_id:
                self._remove(task, batch)
                return

    def _remove(self, task: TaskState, batch: _Batch) -> None:
        del self._tasks[task.id]
        if task.parent_id is not None:
            self._disown(task)
        batch.removed[task.id] = None

    def _squeeze_queues(self) -> None:
        """Stale entries keep dead id strings alive: drop them once they are a third of a queue."""
        most = len(self._tasks) * 3 // 2 + 1024
        if len(self._order) > most:
            self._order = self._live(self._order, lambda task: True)
        if len(self._finished) > most:
            self._finished = self._live(self._finished, lambda task: task.state in READY_STATES)

    def _live(self, queue: deque[str], keep) -> deque[str]:
        tasks, seen = self._tasks, set()
        live = deque()
        for task_id in queue:
            task = tasks.get(task_id)
            if task is not None and task.id is task_id and task_id not in seen and keep(task):
                seen.add(task_id)
                live.append(task_id)
        return live

    def _adopt(self, task: TaskState, parent_id: str) -> None:
        if task.parent_id is not None:
            self._disown(task)
        task.parent_id = parent_id
        self._children.setdefault(parent_id, []).append(task.id)

    def _disown(self, task: TaskState) -> None:
        siblings = self._children.get(task.parent_id)
        if siblings is not None:
            try:
                siblings.remove(task.id)
            except ValueError:
                pass
            if not siblings:
                del self._children[task.parent_id]

    # ------------------------------------------------------------------ read side

    def __len__(self) -> int:
        return len(self._tasks)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._tasks

    def __iter__(self) -> Iterator[TaskState]:
        """Newest first: what a live list shows at the top."""
        return self.tasks()

    def task(self, task_id: str) -> TaskState | None:
        return self._tasks.get(task_id)

    def tasks(self, newest_first: bool = True) -> Iterator[TaskState]:
        """Held tasks by when they were first seen. Do not apply() while iterating."""
        values = self._tasks.values()
        return reversed(values) if newest_first else iter(values)

    def children(self, task_id: str) -> tuple[str, ...]:
        """Ids of held tasks whose parent_id is ``task_id`` (held or not), in the order they came."""
        return tuple(self._children.get(task_id, ()))

    def to_record(self, task_id: str) -> TaskRecord | None:
        task = self._tasks.get(task_id)
        return None if task is None else record_for(task, self.children(task_id))

    def workers(self, now: float | None = None) -> tuple[WorkerInfo, ...]:
        """Every known worker by hostname; online judged at ``now`` (default: the wall clock)."""
        now = time.time() if now is None else now
        return tuple(self._workers[h].info(now) for h in sorted(self._workers))

    def worker(self, hostname: str, now: float | None = None) -> WorkerInfo | None:
        worker = self._workers.get(hostname)
        return None if worker is None else worker.info(time.time() if now is None else now)


def split_exception(exception: str | None, traceback: str | None = None) -> tuple[str, str]:
    """``"ValueError('boom')"`` (a task event's safe_repr of the exception) -> ``("ValueError", "boom")``.

    Falls back to the traceback's last line for the type, and to the text itself for the message.
    """
    text = exception or ""
    match = _EXCEPTION_REPR.fullmatch(text) if len(text) <= 100_000 else None
    if match:
        exc_type, inner = match.groups()
        if len(inner) > MAX_LITERAL:  # too long to evaluate: shown as it came, not dropped
            return exc_type, inner
        try:
            arguments = ast.literal_eval(f"({inner},)") if inner.strip() else ()
        except Exception:  # noqa: BLE001 - not literals (an object's repr): show it as it came
            return exc_type, inner
        return exc_type, ", ".join(str(a) for a in arguments)
    exc_type = ""
    if traceback:
        last = traceback.rstrip().rpartition("\n")[2].strip()
        found = _TRACEBACK_LAST_LINE.match(last)
        exc_type = found.group(1) if found else ""
    return exc_type, text


def _capped(text: str, limit: int = MAX_CALL_TEXT) -> str:
    """An args/kwargs text cut to ``limit`` characters, its whole length said."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def _one_line(text: str, limit: int = MAX_TEXT) -> str:
    """The text, or as much of it as ``limit`` holds with how long it was (the traceback holds all of it)."""
    if len(text) <= limit:
        return clean_text(text)
    said = f"… ({len(text):,} characters)"
    return clean_text(text[: limit - len(said)] + said)


def record_for(task: TaskState, children: tuple[str, ...] = ()) -> TaskRecord:
    """A TaskRecord from events, shaped as results.py shapes one from the backend's meta."""
    state = task.state
    result = exc_type = traceback = ""
    if state == SUCCESS:
        result = _one_line(task.result) if task.result is not None else ""
    elif state == REVOKED:
        exc_type = "TaskRevokedError"
        reason = "expired" if task.expired else "terminated" if task.terminated else "revoked"
        if task.terminated and task.signum is not None:
            reason += f" (signal {task.signum})"
        result = _one_line(f"{exc_type}: {reason}")
    elif state in states.EXCEPTION_STATES:
        exc_type, message = split_exception(task.exception, task.traceback)
        if exc_type:
            result = _one_line(f"{exc_type}: {message}" if message else exc_type)
        else:
            result = _one_line(message)
        traceback = clean_text((task.traceback or "")[:MAX_TRACEBACK])
    extra = {
        "queue": task.queue,
        "exchange": task.exchange,
        "routing_key": task.routing_key,
        "root_id": task.root_id,
        "client": task.client,
        "received": task.received,
        "expires": task.expires,
        "runtime": task.runtime,
        "retried": task.retried,
        "rejected": task.rejected,
        "requeue": task.requeue,
        "revoked": task.revoked,
        "terminated": task.terminated,
        "signum": task.signum,
        "expired": task.expired,
    }
    return TaskRecord(
        id=task.id,
        name=clean_text(task.name) if task.name else "",
        state=state,
        args=clean_text(task.args) if task.args not in (None, "()", "[]") else "",
        kwargs=clean_text(task.kwargs) if task.kwargs not in (None, "{}") else "",
        result=result,
        exc_type=clean_text(exc_type),
        traceback=traceback,
        worker=task.worker or "",
        retries=task.retries,
        parent_id=task.parent_id,
        children=children,
        eta=task.eta,
        sent_at=task.sent,
        started_at=task.started,
        date_done=task.done_at,
        updated_at=task.timestamp,
        meta={"source": "events", **{k: v for k, v in extra.items() if v is not None}},
    )
