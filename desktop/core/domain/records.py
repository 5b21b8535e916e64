"""Frozen records the views show. Built by the core, never mutated by a view."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from typing import Any

import orjson
from celery import states


class Reachability(str, Enum):
    UNKNOWN = "unknown"
    CHECKING = "checking"
    OK = "ok"
    FAILED = "failed"
    NOT_CONFIGURED = "not configured"


@dataclass(frozen=True)
class EndpointStatus:
    """Whether the broker or the result backend answers, and what went wrong if not."""

    role: str  # "broker" | "backend"
    url: str  # always masked
    reachability: Reachability = Reachability.UNKNOWN
    message: str = ""
    latency_ms: float | None = None
    checked_at: float | None = None

    @property
    def ok(self) -> bool:
        return self.reachability is Reachability.OK

    def to_dict(self) -> dict:
        return {
            "url": self.url,
            "reachable": None if self.reachability in (Reachability.UNKNOWN, Reachability.CHECKING) else self.ok,
            "status": self.reachability.value,
            "message": self.message,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 2),
        }


@dataclass(frozen=True)
class WorkerRecord:
    hostname: str
    online: bool
    ping_ms: float | None = None
    registered_count: int | None = None
    last_seen: float | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.ping_ms is not None:
            d["ping_ms"] = round(self.ping_ms, 2)
        return d


@dataclass(frozen=True)
class RegisteredTask:
    """A task name and what the workers that have it report about it."""

    name: str
    workers: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()

    @property
    def builtin(self) -> bool:
        return self.name.startswith("celery.")

    def option(self, key: str, default: str = "") -> str:
        return dict(self.options).get(key, default)

    def to_dict(self) -> dict:
        return {"name": self.name, "workers": list(self.workers), "options": dict(self.options)}


@dataclass(frozen=True)
class Progress:
    current: float
    total: float

    @property
    def fraction(self) -> float:
        if self.total <= 0:
            return 0.0
        return max(0.0, min(1.0, self.current / self.total))


class StoredMeta(Mapping):
    """A task's meta as the result backend stored it in JSON, decoded when something reads it.

    A row shows a few fields of a payload (decoded as it arrives, see results.py); the whole
    tree is read by the detail pane, a re-send or the history, for the few tasks anyone opens.
    Kept as the stored bytes, 10,000 tracked tasks hold no decoded trees for the garbage
    collector to walk, and a traceback is not held twice. Only for payloads that are a plain JSON
    object (no kombu-typed values): decoding them again runs no code and needs no connection.
    """

    __slots__ = ("_value", "raw")

    def __init__(self, raw: bytes):
        self.raw = raw
        self._value: dict | None = None

    def _meta(self) -> dict:
        if self._value is None:
            try:
                value = orjson.loads(self.raw)
            except orjson.JSONDecodeError:
                value = {}
            self._value = value if isinstance(value, dict) else {}
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._meta()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._meta())

    def __len__(self) -> int:
        return len(self._meta())

    def __repr__(self) -> str:
        return f"StoredMeta({len(self.raw)} bytes)"


@dataclass(frozen=True)
class TaskRecord:
    """The last known state of one task, as the result backend (or the console) tells it."""

    id: str
    name: str = ""
    state: str = states.PENDING
    args: str = ""  # a one-line summary for the table
    kwargs: str = ""
    progress: Progress | None = None
    result: str = ""  # one line: the JSON of the result, or "ExcType: message"
    exc_type: str = ""
    traceback: str = ""
    worker: str = ""
    retries: int | None = None
    error: str = ""  # why the backend's answer could not be read, if it could not
    warning: str = ""  # what the console noticed about it, e.g. "worker lost: …" (core/worker_loss.py)
    parent_id: str | None = None
    children: tuple[str, ...] = ()
    eta: float | None = None  # epoch seconds, for calls the console scheduled
    sent_at: float | None = None
    started_at: float | None = None  # first seen running (STARTED/PROGRESS/custom), when seen
    date_done: float | None = None
    mine: bool = False  # sent or tracked from this console (the "mine" view), not only seen in events
    container: str = ""  # "chain", "group" or "chord": a row standing for a workflow (or part of one), not a Celery task
    updated_at: float | None = field(default=None, compare=False)
    meta: Mapping = field(default_factory=dict, compare=False, repr=False)  # a dict, or the stored bytes (StoredMeta)

    @property
    def ready(self) -> bool:
        return self.state in states.READY_STATES

    def evolve(self, changes: dict) -> TaskRecord:
        """This record with ``changes`` (field names to values): ``dataclasses.replace`` at a fifth of its cost.

        The result path builds one record per stored payload, tens of thousands a second in a
        burst; replace() walks the fields and the frozen __init__ sets each through
        object.__setattr__. A record has no __post_init__ and no slots, so its __dict__ is all it is.
        """
        if not changes.keys() <= _TASK_FIELDS:
            raise TypeError(f"TaskRecord has no field {sorted(changes.keys() - _TASK_FIELDS)[0]!r}")
        record = object.__new__(TaskRecord)
        values = self.__dict__.copy()
        values.update(changes)
        object.__setattr__(record, "__dict__", values)
        return record

    @property
    def runtime(self) -> float | None:
        if self.started_at is not None and self.date_done is not None and self.date_done >= self.started_at:
            return self.date_done - self.started_at
        return None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "args": self.args,
            "kwargs": self.kwargs,
            "progress": None if self.progress is None else {"current": self.progress.current, "total": self.progress.total},
            "result": self.result,
            "exc_type": self.exc_type,
            "traceback": self.traceback,
            "worker": self.worker,
            "retries": self.retries,
            "parent_id": self.parent_id,
            "children": list(self.children),
            "date_done": self.date_done,
            "runtime": self.runtime,
            "error": self.error,
            "warning": self.warning,
            **({"container": self.container} if self.container else {}),
        }


_TASK_FIELDS = frozenset(f.name for f in fields(TaskRecord))
