"""One task as its events tell it (TaskState), and the TaskRecord the views show made from it."""

from __future__ import annotations

import ast
import re

from celery import states

from desktop.core.domain.display import length_said
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import MAX_TEXT, clean_text

MAX_LITERAL = 10_000  # an exception's arguments longer than this are not evaluated (ast.literal_eval)
MAX_TRACEBACK = 200_000  # as results.py, for the record; the store keeps the whole text

PENDING, SUCCESS, FAILURE, REVOKED = states.PENDING, states.SUCCESS, states.FAILURE, states.REVOKED
READY_STATES = states.READY_STATES
_EXCEPTION_REPR = re.compile(r"\s*([A-Za-z_][\w.]*)\((.*)\)\s*", re.DOTALL)
_TRACEBACK_LAST_LINE = re.compile(r"([A-Za-z_][\w.]*)(?::|$)")


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


def _one_line(text: str, limit: int = MAX_TEXT) -> str:
    """The text, or as much of it as ``limit`` holds with how long it was (the traceback holds all of it)."""
    if len(text) <= limit:
        return clean_text(text)
    said = length_said(len(text))
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
