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
weak sets or heap entries. Which fields each task event may set, and the check each must pass, is a
table (TASK_EVENT_RULES), as ``State``'s ``merge_rules``. Call it from one thread.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import MethodType
from typing import Any, NamedTuple

from celery import states
from celery.events.state import HEARTBEAT_DRIFT_MAX, HEARTBEAT_EXPIRE_WINDOW

from desktop.core.domain.display import length_said
from desktop.core.domain.records import TaskRecord, WorkerRecord
from desktop.core.domain.results import LATEST_TIME, MAX_RETRIES, clean_text, encodable, parse_timestamp, task_id_from
from desktop.core.domain.task_state import TaskState, record_for

__all__ = ("TASK_EVENT_RULES", "EventStore", "FinishedTask", "StoreChanges", "WorkerInfo")

MAX_TASKS = 100_000
MAX_WORKERS = 5_000  # as State: hostnames come off the wire, so they are bounded too
MAX_HOSTNAME_LENGTH = 1_000
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


def _capped(text: str, limit: int = MAX_CALL_TEXT) -> str:
    """An args/kwargs text cut to ``limit`` characters, its whole length said."""
    if len(text) <= limit:
        return text
    return text[:limit] + length_said(len(text))


# -- what each task event may set ----------------------------------------------------------------
#
# Rules as data, as ``celery.events.state.Task.merge_rules`` is: the fields each task event may
# carry besides uuid, hostname and timestamp, the check each must pass, and how the task keeps it
# (under the field's own name). A field that is missing or None leaves the task's value alone; one
# that fails its check has the whole event ignored, before anything is written.


def _text(value: Any) -> Any:
    return value if type(value) is str else _BAD


def _call_text(value: Any) -> Any:
    return _capped(value) if type(value) is str else _BAD


def _related_id(value: Any) -> Any:
    return value if type(value) is str and _id_fits(value) else _BAD


def _retries(value: Any) -> Any:
    return value if type(value) is int and 0 <= value <= MAX_RETRIES else _BAD


def _seconds(value: Any) -> Any:
    number = _number(value)
    return _BAD if number is None else number


def _flag(value: Any) -> Any:
    return value if type(value) is bool else _BAD


def _signal(value: Any) -> Any:
    return value if type(value) is int or type(value) is str else _BAD


# How a task keeps a field's value, under the field's own name: the statement its handler runs
# once the whole event passed its checks (a field that is missing or None runs none).
_AS_IS = "task.{name} = {name}"
_SHARED = "task.{name} = self._intern({name}, {name})"  # one string object for every task that repeats it
_RARE = "task.rare().{name} = {name}"  # only retried, revoked and rejected tasks have the rare part
_ROOT = "task.{name} = task.id if {name} == task.id else {name}"  # a top task is its own root: one string
_PARENT = "self._adopt(task, {name})"  # the parent's list of children follows


class _Field(NamedTuple):
    name: str
    check: Callable[[Any], Any]  # the value to keep; None keeps nothing (an eta that is no date); _BAD ignores the event
    keep: str = _AS_IS


class _TaskEventRule(NamedTuple):
    state: str
    stamp: str  # the field that records when it happened (the event's timestamp)
    fields: tuple[_Field, ...] = ()
    stamp_is_rare: bool = False
    from_client: bool = False  # task-sent: its hostname is the sender's, not a worker's


# The call's own fields, which task-sent and task-received both carry (merge_rules' RECEIVED).
_CALL_FIELDS = (
    _Field("name", _text, _SHARED),
    _Field("args", _call_text),
    _Field("kwargs", _call_text),
    _Field("retries", _retries),
    _Field("eta", _when),
    _Field("expires", _when),
    _Field("root_id", _related_id, _ROOT),
    _Field("parent_id", _related_id, _PARENT),
)
_ROUTE_FIELDS = (_Field("queue", _text, _SHARED), _Field("exchange", _text, _SHARED), _Field("routing_key", _text, _SHARED))
_EXCEPTION_FIELDS = (_Field("exception", _text), _Field("traceback", _text))
_REVOKE_FIELDS = (_Field("terminated", _flag, _RARE), _Field("signum", _signal, _RARE), _Field("expired", _flag, _RARE))

TASK_EVENT_RULES = {
    "task-sent": _TaskEventRule(PENDING, "sent", _CALL_FIELDS + _ROUTE_FIELDS, from_client=True),
    "task-received": _TaskEventRule(RECEIVED, "received", _CALL_FIELDS),
    "task-started": _TaskEventRule(STARTED, "started"),
    "task-succeeded": _TaskEventRule(SUCCESS, "succeeded", (_Field("result", _text), _Field("runtime", _seconds))),
    "task-failed": _TaskEventRule(FAILURE, "failed", _EXCEPTION_FIELDS),
    "task-retried": _TaskEventRule(RETRY, "retried", _EXCEPTION_FIELDS, stamp_is_rare=True),
    "task-revoked": _TaskEventRule(REVOKED, "revoked", _REVOKE_FIELDS, stamp_is_rare=True),
    "task-rejected": _TaskEventRule(REJECTED, "rejected", (_Field("requeue", _flag, _RARE),), stamp_is_rare=True),
}
_HANDLER_NAMES = frozenset(("self", "event", "batch", "get", "task"))


def _handler_for(kind: str, rule: _TaskEventRule) -> Callable[[EventStore, dict, _Batch], bool]:
    """``rule`` written out as the straight-line handler one would write by hand, compiled once at import.

    Going through the table for each event (a loop over its fields) cost about a quarter of the
    ingest rate (bench/events.py); this costs nothing per event. ``handler.source`` shows the code.
    """
    lines = ["def handler(self, event, batch):"]
    if rule.fields:
        lines.append("    get = event.get")
    for name, check, _ in rule.fields:
        assert name.isidentifier() and name not in _HANDLER_NAMES, name
        # the usual check written inline (no call); any other is called
        failed = f"type({name}) is not str" if check is _text else f"({name} := {check.__name__}({name})) is _BAD"
        lines += [f"    {name} = get({name!r})", f"    if {name} is not None and {failed}:", "        return False"]
    lines += [
        f"    task = self._task_for(event, {rule.state!r}, batch, {rule.from_client})",
        "    if task is None:",
        "        return False",
        f"    {'task.rare()' if rule.stamp_is_rare else 'task'}.{rule.stamp} = batch.timestamp",
    ]
    for name, _, keep in rule.fields:
        lines += [f"    if {name} is not None:", "        " + keep.format(name=name)]
    lines.append("    return True")
    source = "\n".join(lines)
    namespace = {"_BAD": _BAD, **{check.__name__: check for _, check, _ in rule.fields}}
    exec(compile(source, f"<{kind} rule>", "exec"), namespace)  # the table's own code: nothing from an event
    handler = namespace["handler"]
    handler.source = source
    return handler


_TASK_EVENT_HANDLERS = {kind: _handler_for(kind, rule) for kind, rule in TASK_EVENT_RULES.items()}


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
            **{kind: MethodType(handler, self) for kind, handler in _TASK_EVENT_HANDLERS.items()},
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
        if parent_id == task.parent_id or parent_id == task.id:  # known already; a task is not its own child
            return
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
