"""Watched tasks and workflows: what to tell the user when they finish, and the counts the tray shows.

The user watches rows (or switches on "watch everything I send"); when a watched row reaches
an end state the console says so once, on the desktop. A burst of endings (a group of 500
finishing in one poll) becomes one summary instead of 500 popups.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from celery import states

from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.workflows import not_run

FAILED_STATES = frozenset({states.FAILURE, states.REVOKED, states.REJECTED})
ENDED_STATES = states.READY_STATES | FAILED_STATES  # REJECTED is not "ready" to Celery, but nothing follows it here
RUNNING_STATES = frozenset({states.RECEIVED, states.STARTED, "PROGRESS"})
SUMMARY_OVER = 3  # more endings than this at once: one summary (a toast stack holds 3)
MAX_BODY = 160
MAX_TITLE = 120


@dataclass(frozen=True)
class Notification:
    """One message for the desktop; clicking it opens ``task_id``."""

    title: str
    body: str
    task_id: str
    failed: bool
    tasks: int = 1  # how many endings it tells of (more than one for a summary)
    failures: int = 0  # of which failed


def ended(record: TaskRecord) -> bool:
    return record.state in ENDED_STATES


def _one_line(text: str, limit: int = MAX_BODY) -> str:
    """Whitespace runs as one space, and what the cluster sent shown as text (display_text): the desktop's
    notification server draws the title and body as they come, bidi overrides and all."""
    return display_text(" ".join(text.split()), limit)


def _what(record: TaskRecord) -> str:
    if record.name:
        return record.name
    if record.container:
        return f"{record.container} workflow"
    return f"task {record.id[:8]}"


def notification_for(record: TaskRecord) -> Notification:
    """What the user reads when this row ended: the result, or the exception line."""
    if record.state in FAILED_STATES:
        exception_line = next((line for line in record.result.splitlines() if line.strip()), "") or record.exc_type
        if not exception_line and record.traceback:
            exception_line = record.traceback.strip().splitlines()[-1]
        body = exception_line or record.error or record.state.lower()
        if record.state != states.FAILURE:
            body = f"{record.state.lower()} · {body}" if exception_line else record.state.lower()
        return Notification(_one_line(f"{_what(record)} failed", MAX_TITLE), _one_line(body), record.id, failed=True, failures=1)
    parts = [f"result {record.result}" if record.result else record.state.lower()]
    if record.runtime is not None:
        parts.append(f"took {record.runtime:.2f} s" if record.runtime < 10 else f"took {record.runtime:.0f} s")
    return Notification(_one_line(f"{_what(record)} finished", MAX_TITLE), _one_line(" · ".join(parts)), record.id, failed=False)


def coalesce(notes: list[Notification], limit: int = SUMMARY_OVER) -> list[Notification]:
    """At most ``limit`` messages; past that, one summary that opens the first failure (or the latest ending)."""
    if len(notes) <= limit:
        return notes
    total = sum(n.tasks for n in notes)
    failures = sum(n.failures for n in notes)
    first_failure = next((n for n in notes if n.failed), None)
    title = f"{total:,} watched tasks finished" + (f" ({failures:,} failed)" if failures else "")
    shown = first_failure or notes[-1]
    lead = "first failure" if first_failure else "latest"
    body = _one_line(f"{lead}: {shown.title} · {shown.body}" if shown.tasks == 1 else shown.body)
    return [Notification(title, body, shown.task_id, failed=bool(failures), tasks=total, failures=failures)]


class WatchList:
    """Which rows the user watches, and which of them still owe a notification."""

    def __init__(self) -> None:
        self.watch_sent = False  # "watch everything I send": tasks and workflows sent from now on
        self._watched: dict[str, None] = {}  # the rows marked as watched, in the order watched
        self._pending: set[str] = set()  # watched rows that have not ended yet (or ended unseen)

    def __len__(self) -> int:
        return len(self._watched)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._watched

    def is_watched(self, task_id: str) -> bool:
        return task_id in self._watched

    def watch(self, ids: Iterable[str], known: Mapping[str, TaskRecord] | None = None) -> None:
        """Watch these rows. One that ``known`` shows already ended is marked, but has nothing left to tell."""
        for task_id in ids:
            self._watched[task_id] = None
            record = known.get(task_id) if known is not None else None
            if record is None or not ended(record):
                self._pending.add(task_id)

    def unwatch(self, ids: Iterable[str]) -> None:
        for task_id in ids:
            self._watched.pop(task_id, None)
            self._pending.discard(task_id)

    forget = unwatch  # the rows left the window: nothing to watch any more

    def on_sent(self, ids: Iterable[str]) -> None:
        """The console just sent these (tasks, or a workflow's row): watched when "watch everything I send" is on.

        A task that ended before its row was known (events can be faster than the send's reply)
        is still told, since the batch that shows it comes after this call.
        """
        if self.watch_sent:
            self.watch(ids)

    def notifications(self, changed: Iterable[TaskRecord]) -> list[Notification]:
        """What a batch of changed rows has to tell: each watched row once, when it ends; a burst as one summary."""
        if not self._pending:
            return []
        pending, notes = self._pending, []
        for record in changed:
            if record.id in pending and ended(record):
                pending.discard(record.id)
                notes.append(notification_for(record))
        return coalesce(notes)


class TrayCounts:
    """My tasks running now, and the ones that failed since the user last looked.

    Updated from each batch of changed rows, never by scanning every row. A row counts as newly
    failed once: when it is seen failing after being seen unfinished, or when it failed after the
    console started (a fast task whose first news is its failure). Rows an earlier session left
    in the history, failed long ago, do not count. Workflow rows do not count: their tasks do (not the
    steps that never ran because one before them failed, though Celery stores that failure for them too).
    """

    def __init__(self, since: float | None = None) -> None:
        self.since = time.time() if since is None else since
        self._running: set[str] = set()
        self._unfinished: set[str] = set()
        self._counted: set[str] = set()  # failures already counted, acknowledged or not
        self._new_failures: dict[str, None] = {}

    @property
    def running(self) -> int:
        return len(self._running)

    @property
    def newly_failed(self) -> int:
        return len(self._new_failures)

    @property
    def newest_failure(self) -> str | None:
        return next(reversed(self._new_failures), None)

    def update(self, changed: Iterable[TaskRecord]) -> None:
        for record in changed:
            task_id = record.id
            if not record.mine or record.container:
                continue
            if record.state in RUNNING_STATES:
                self._running.add(task_id)
            else:
                self._running.discard(task_id)
            if not ended(record):
                self._unfinished.add(task_id)
                continue
            seen_unfinished = task_id in self._unfinished
            self._unfinished.discard(task_id)
            if record.state in FAILED_STATES and task_id not in self._counted and not not_run(record):
                recent = record.date_done is not None and record.date_done >= self.since
                if seen_unfinished or recent:
                    self._counted.add(task_id)
                    self._new_failures[task_id] = None

    def acknowledge(self) -> None:
        """The user looked: the failures so far are no longer new."""
        self._new_failures.clear()

    def forget(self, ids: Iterable[str]) -> None:
        for task_id in ids:
            self._running.discard(task_id)
            self._unfinished.discard(task_id)
            self._counted.discard(task_id)
            self._new_failures.pop(task_id, None)

    def text(self) -> str:
        """For the tray's tooltip: "2 running · 1 newly failed"."""
        parts = [f"{self.running:,} running"]
        if self.newly_failed:
            parts.append(f"{self.newly_failed:,} newly failed")
        return " · ".join(parts)
