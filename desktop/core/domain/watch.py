"""Watched tasks and workflows: what to tell the user when they finish, and the counts the tray shows.

The user watches rows (or switches on "watch everything I send"); when a watched row reaches
an end state the console says so once, on the desktop. A burst of endings (a group of 500
finishing in one poll) becomes one summary instead of 500 popups.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from celery import states

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import translate
from desktop.core.domain.workflows import not_run

FAILED_STATES = frozenset({states.FAILURE, states.REVOKED, states.REJECTED})
ENDED_STATES = states.READY_STATES | FAILED_STATES  # REJECTED is not "ready" to Celery, but nothing follows it here
RUNNING_STATES = frozenset({states.RECEIVED, states.STARTED, "PROGRESS"})
SUMMARY_OVER = 3  # more endings than this at once: one summary (a toast stack holds 3)
MAX_BODY = 160
MAX_TITLE = 120

Callbacks = tuple[tuple[str, ...], tuple[str, ...]]  # a call's (link ids, link_error ids)


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
        return translate("watch", "{kind} workflow").format(kind=record.container)
    return translate("watch", "task {id}").format(id=record.id[:8])


def notification_for(record: TaskRecord) -> Notification:
    """What the user reads when this row ended: the result, or the exception line."""
    if record.state in FAILED_STATES:
        exception_line = next((line for line in record.result.splitlines() if line.strip()), "") or record.exc_type
        if not exception_line and record.traceback:
            exception_line = record.traceback.strip().splitlines()[-1]
        body = exception_line or record.error or record.state.lower()
        if record.state != states.FAILURE:
            body = f"{record.state.lower()} · {body}" if exception_line else record.state.lower()
        title = translate("watch", "{what} failed").format(what=_what(record))
        return Notification(_one_line(title, MAX_TITLE), _one_line(body), record.id, failed=True, failures=1)
    parts = [translate("watch", "result {result}").format(result=record.result) if record.result else record.state.lower()]
    if record.runtime is not None:
        seconds = f"{record.runtime:.2f}" if record.runtime < 10 else f"{record.runtime:.0f}"
        parts.append(translate("watch", "took {seconds} s").format(seconds=seconds))
    title = translate("watch", "{what} finished").format(what=_what(record))
    return Notification(_one_line(title, MAX_TITLE), _one_line(" · ".join(parts)), record.id, failed=False)


def coalesce(notes: list[Notification], limit: int = SUMMARY_OVER) -> list[Notification]:
    """At most ``limit`` messages; past that, one summary that opens the first failure (or the latest ending)."""
    if len(notes) <= limit:
        return notes
    total = sum(n.tasks for n in notes)
    failures = sum(n.failures for n in notes)
    first_failure = next((n for n in notes if n.failed), None)
    if failures:
        title = translate("watch", "{total} watched tasks finished ({failures} failed)")
    else:
        title = translate("watch", "{total} watched tasks finished")
    title = title.format(total=f"{total:,}", failures=f"{failures:,}")
    shown = first_failure or notes[-1]
    if shown.tasks != 1:
        body = _one_line(shown.body)
    elif first_failure:
        body = _one_line(translate("watch", "first failure: {title} · {body}").format(title=shown.title, body=shown.body))
    else:
        body = _one_line(translate("watch", "latest: {title} · {body}").format(title=shown.title, body=shown.body))
    return [Notification(title, body, shown.task_id, failed=bool(failures), tasks=total, failures=failures)]


class WatchList:
    """Which rows the user watches, and which of them still owe a notification.

    A watched call sent with callbacks (``link``, ``link_error``) has them watched too; once the
    call ends, the ones that will never run (a success's errbacks, a failure's callbacks) have
    nothing left to tell. ``revision`` moves with every change to what is owed, so the session
    saves the watches (``saved``) only when they changed.
    """

    def __init__(self) -> None:
        self.watch_sent = False  # "watch everything I send": tasks and workflows sent from now on
        self._watched: dict[str, None] = {}  # the rows marked as watched, in the order watched
        self._pending: set[str] = set()  # watched rows that have not ended yet (or ended unseen)
        self._callbacks: dict[str, Callbacks] = {}  # a watched call not ended yet -> its (link, link_error) ids
        self.revision = 0

    def __len__(self) -> int:
        return len(self._watched)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._watched

    def is_watched(self, task_id: str) -> bool:
        return task_id in self._watched

    def watch(
        self, ids: Iterable[str], known: Mapping[str, TaskRecord] | None = None, calls: Mapping[str, CallSpec] | None = None
    ) -> None:
        """Watch these rows. One that ``known`` shows already ended is marked, but has nothing left to tell.

        ``calls``: the calls sent, by id; a watched row's callbacks are watched with it (those that may still run).
        """
        for task_id in ids:
            self._watched[task_id] = None
            record = known.get(task_id) if known is not None else None
            if record is None or not ended(record):
                self._pending.add(task_id)
            spec = calls.get(task_id) if calls is not None else None
            if spec is not None and (spec.link or spec.link_error):
                links = tuple(link.task_id for link in spec.link if link.task_id)
                errbacks = tuple(link.task_id for link in spec.link_error if link.task_id)
                parent_ended = record is not None and ended(record)
                unrun = set(_unrun(record, links, errbacks)) if parent_ended else set()
                if not parent_ended:
                    self._callbacks[task_id] = (links, errbacks)
                self.watch([i for i in (*links, *errbacks) if i not in unrun], known)
        self.revision += 1

    def watch_calls(self, calls: Iterable[CallSpec]) -> None:
        """Calls just sent, watched with their callbacks."""
        calls = {sent.task_id: sent for sent in calls if sent.task_id}
        self.watch(calls, calls=calls)

    def restore(
        self,
        ids: Iterable[str],
        callbacks: Mapping[str, Callbacks],
        known: Mapping[str, TaskRecord],
        skip: Collection[str] | None = None,
    ) -> list[str]:
        """Watches an earlier session kept: those ``known`` shows ended are dropped (nothing left to tell), and so are
        the callbacks such a call will never run; returns the rest, to be followed again.

        ``skip``: ``never_run`` of every callback kept, when the ids come a slice at a time.
        """
        skip = never_run(callbacks, known) if skip is None else skip
        kept = [i for i in ids if i not in skip and ((record := known.get(i)) is None or not ended(record))]
        watched, pending = self._watched, self._pending
        for task_id in kept:
            watched[task_id] = None
            pending.add(task_id)
        for parent, (links, errbacks) in callbacks.items():
            if parent in pending:
                self._callbacks[parent] = (tuple(links), tuple(errbacks))
        self.revision += 1
        return kept

    def unwatch(self, ids: Iterable[str]) -> None:
        """Stop watching these rows, and the callbacks watched with them."""
        for task_id in ids:
            self._watched.pop(task_id, None)
            self._pending.discard(task_id)
            links, errbacks = self._callbacks.pop(task_id, ((), ()))
            if links or errbacks:
                self.unwatch((*links, *errbacks))
        self.revision += 1

    def forget(self, ids: Iterable[str]) -> None:
        """The rows left the window: nothing to watch any more (their callbacks, still rows of their own, stay watched)."""
        for task_id in ids:
            self._watched.pop(task_id, None)
            self._pending.discard(task_id)
            self._callbacks.pop(task_id, None)
        self.revision += 1

    def on_sent(self, ids: Iterable[str]) -> None:
        """The console just sent these (tasks, or a workflow's row): watched when "watch everything I send" is on.

        A task that ended before its row was known (events can be faster than the send's reply)
        is still told, since the batch that shows it comes after this call.
        """
        if self.watch_sent:
            self.watch(ids)

    def on_sent_calls(self, calls: Iterable[CallSpec]) -> None:
        """Calls the console just sent: watched, with their callbacks, when "watch everything I send" is on."""
        if self.watch_sent:
            self.watch_calls(calls)

    def notifications(self, changed: Iterable[TaskRecord]) -> list[Notification]:
        """What a batch of changed rows has to tell: each watched row once, when it ends; a burst as one summary."""
        if not self._pending:
            return []
        pending, callbacks, notes = self._pending, self._callbacks, []
        for record in changed:
            if record.id in pending and ended(record):
                pending.discard(record.id)
                notes.append(notification_for(record))
                self.revision += 1
                if record.id in callbacks:
                    links, errbacks = callbacks.pop(record.id)
                    self._drop_pending(_unrun(record, links, errbacks))
        return coalesce(notes)

    def _drop_pending(self, ids: Iterable[str]) -> None:
        for task_id in ids:
            self._pending.discard(task_id)
            self._callbacks.pop(task_id, None)
        self.revision += 1

    def saved(self) -> tuple[list[str], dict[str, Callbacks]]:
        """What to keep for the next start: the watched rows still owed a notification (oldest watched first), and
        the callbacks of those that are calls."""
        pending = self._pending
        ids = [i for i in self._watched if i in pending]
        return ids, {p: c for p, c in self._callbacks.items() if p in pending}


def never_run(callbacks: Mapping[str, Callbacks], known: Mapping[str, TaskRecord]) -> set[str]:
    """The callbacks of the calls ``known`` shows ended that will never run (the call ended while the console was closed)."""
    return {
        i
        for parent, (links, errbacks) in callbacks.items()
        if (record := known.get(parent)) is not None and ended(record)
        for i in _unrun(record, tuple(links), tuple(errbacks))
    }


def _unrun(record: TaskRecord, links: tuple[str, ...], errbacks: tuple[str, ...]) -> tuple[str, ...]:
    """The callbacks of an ended call that will never run: Celery runs ``link`` on success, ``link_error`` on failure."""
    if record.state == states.SUCCESS:
        return errbacks
    if record.state == states.FAILURE:
        return links
    return (*links, *errbacks)  # revoked or rejected: neither


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
        parts = [translate("watch", "{count} running").format(count=f"{self.running:,}")]
        if self.newly_failed:
            parts.append(translate("watch", "{count} newly failed").format(count=f"{self.newly_failed:,}"))
        return " · ".join(parts)
