"""The task rows a window shows, and what changed in them since each of their readers last looked."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.worker_loss import on_a_worker

MAX_SEEN_SHOWN = 5000  # tasks seen only through events kept as rows (the event store holds many more)
MAX_FORGOTTEN = 100_000  # forgotten ids kept out of the window, the oldest let go first
DEFAULT_MAX_ROWS = 10_000  # my tasks kept in the window; older finished ones leave it (the history keeps them)


def pasted_ids(text: str) -> tuple[list[str], list[str]]:
    """Task ids a user pasted, spaces, commas or lines between them: (each id once, the tokens no id can be)."""
    ids: dict[str, None] = {}
    rejected = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        if len(token) > 255 or not token.isprintable():
            rejected.append(token[:40])
            continue
        ids[token] = None
    return list(ids), rejected


def no_warning(record: TaskRecord) -> str:
    return ""


def alone(task_id: str) -> tuple[str, ...]:
    return (task_id,)


class TaskRows:
    """Rows by task id, and what follows each change, kept in step in this one place.

    A row that changes is repainted (``take_changes``), settled (``take_unsettled``: its workflow,
    the failure groups, notifications) and, with ``keep_unsaved``, written to the history
    (``take_unsaved``). While a worker holds it, it carries the warning ``warning_for`` gives it
    (its worker was lost). A row that leaves goes from all of these, and the window is told
    (``take_removed``).
    """

    def __init__(self, keep_unsaved: bool = False, warning_for: Callable[[TaskRecord], str] = no_warning):
        self.keep_unsaved = keep_unsaved
        self.warning_for = warning_for
        self.tasks: dict[str, TaskRecord] = {}
        self.changes: dict[str, None] = {}  # ids changed since the Qt side last looked, in order
        self.removed: set[str] = set()  # ids whose rows the Qt side is still to remove
        self.unsettled: dict[str, None] = {}  # ids changed since the last settling
        self.unsaved: dict[str, None] = {}  # ids changed since the history's last save
        self.seen_only: dict[str, None] = {}  # rows that come from events alone, oldest first
        self.on_workers: dict[str, None] = {}  # rows a worker holds (received, started, progress): checked for loss
        self.max_rows = DEFAULT_MAX_ROWS
        self.max_seen = MAX_SEEN_SHOWN
        self.forgotten: dict[str, None] = {}  # ids the user forgot, oldest first: events do not bring them back

    # -- rows in -------------------------------------------------------------
    def mark(self, task_id: str) -> None:
        """A task's row changed: the window repaints it, it is settled, the history writes it."""
        self.changes[task_id] = None
        self.unsettled[task_id] = None
        if self.keep_unsaved:
            self.unsaved[task_id] = None
        record = self.tasks.get(task_id)
        if record is not None and on_a_worker(record):
            self.on_workers[task_id] = None
            note = self.warning_for(record)
            if note != record.warning:
                self.tasks[task_id] = replace(record, warning=note)
        else:
            self.on_workers.pop(task_id, None)

    def put(self, record: TaskRecord) -> None:
        self.tasks[record.id] = record
        self.mark(record.id)

    def put_tracked(self, record: TaskRecord) -> None:
        """A row the console follows (polls): no longer one seen only through events, nor forgotten."""
        self.forgotten.pop(record.id, None)
        self.seen_only.pop(record.id, None)
        self.put(record)

    def put_seen(self, record: TaskRecord) -> None:
        """A row only events tell of: the newest of them, the last to leave past ``max_seen``.

        A task the user forgot stays out: a late event (a retry, a worker's final word) does not bring it back.
        """
        if record.id in self.forgotten:
            return
        self.seen_only.pop(record.id, None)
        self.seen_only[record.id] = None
        self.put(record)

    def amend(self, record: TaskRecord, save: bool = False) -> None:
        """A row changed by settling (or a worker-loss check): repainted, not settled again; ``save``: written too."""
        self.tasks[record.id] = record
        self.changes[record.id] = None
        if save and self.keep_unsaved:
            self.unsaved[record.id] = None

    def place(self, records: Iterable[TaskRecord]) -> None:
        """Rows stored before they are announced (``announce``), so the window gets them in an order of their own."""
        for record in records:
            self.tasks[record.id] = record

    def announce(self, ids: Iterable[str]) -> None:
        """Mark these rows, in this order: the window shows rows in the order they first change."""
        for task_id in ids:
            self.changes.pop(task_id, None)
            self.mark(task_id)

    def restore(self, records: Iterable[TaskRecord]) -> list[TaskRecord]:
        """Rows an earlier session left (not those live already): shown and settled, not written again.

        Returns the ones that are mine, for the poller: the unfinished are polled again.
        """
        mine = []
        for record in records:
            if record.id in self.tasks:
                continue  # already live in this session
            self.tasks[record.id] = record
            self.changes[record.id] = None
            self.unsettled[record.id] = None
            if record.mine:
                mine.append(record)
            else:
                self.seen_only[record.id] = None
        return mine

    def rewarn(self) -> bool:
        """Each row a worker holds with the warning it should carry now; whether any changed.

        A row no worker holds any more leaves the rows checked.
        """
        changed = False
        for task_id in list(self.on_workers):
            record = self.tasks.get(task_id)
            if record is None or not on_a_worker(record):
                self.on_workers.pop(task_id, None)
                continue
            note = self.warning_for(record)
            if note != record.warning:
                self.amend(replace(record, warning=note))
                changed = True
        return changed

    def rewarn_ids(self, ids: Iterable[str]) -> bool:
        """These rows (in any state) with the warning they should carry now; whether any changed."""
        changed = False
        for task_id in ids:
            record = self.tasks.get(task_id)
            if record is None:
                continue
            note = self.warning_for(record)
            if note != record.warning:
                self.amend(replace(record, warning=note))
                changed = True
        return changed

    def keep_out(self, ids: Iterable[str]) -> None:
        """The user forgot these tasks: events alone never show them again (tracking them does)."""
        for task_id in ids:
            self.forgotten.pop(task_id, None)
            self.forgotten[task_id] = None
        while len(self.forgotten) > MAX_FORGOTTEN:
            del self.forgotten[next(iter(self.forgotten))]

    # -- rows out ------------------------------------------------------------
    def drop(self, ids: Iterable[str]) -> None:
        """These rows leave the window (and the history's next batch); the window is told to remove them."""
        ids = list(ids)
        for task_id in ids:
            self.seen_only.pop(task_id, None)
            self.on_workers.pop(task_id, None)
            self.tasks.pop(task_id, None)
            self.changes.pop(task_id, None)
            self.unsaved.pop(task_id, None)
            self.unsettled.pop(task_id, None)
        self.removed.update(ids)

    def to_trim(self, tracked: Collection[str], leaving_with: Callable[[str], Iterable[str] | None] = alone) -> list[str]:
        """Past ``max_rows`` tracked, my oldest finished rows leave the window, a chunk at a time.

        A console open for days at tens of tasks a second must not grow without end. ``tracked`` is
        the poller's, oldest first. Unfinished tasks always stay, and so does a finished one until
        the history has written its final state. ``leaving_with`` names the rows that go with a
        finished one (a whole workflow), or None while they cannot go yet.
        """
        excess = len(tracked) - self.max_rows
        if excess <= 0:
            return []
        excess += max(1, self.max_rows // 20)
        gone: list[str] = []
        taken: set[str] = set()
        tasks, unsaved = self.tasks, self.unsaved
        for task_id in tracked:
            record = tasks.get(task_id)
            if record is None or not record.ready or task_id in unsaved:
                continue
            together = leaving_with(task_id)
            if together is None:
                continue
            for row_id in together:
                if row_id not in taken:
                    gone.append(row_id)
                    taken.add(row_id)
            if len(gone) >= excess:
                break
        return gone

    def oldest_seen(self, keep: int) -> list[str]:
        """The rows seen only through events beyond the newest ``keep``, oldest first."""
        return [i for _, i in zip(range(max(0, len(self.seen_only) - keep)), self.seen_only, strict=False)]

    def seen_to_evict(self) -> list[str]:
        """Past ``max_seen``, down to 90 %: evictions come in chunks, not one row a batch."""
        if len(self.seen_only) <= self.max_seen:
            return []
        return self.oldest_seen(self.max_seen * 9 // 10)

    # -- what each reader takes ----------------------------------------------
    def take_changes(self) -> list[TaskRecord]:
        """The rows changed since the last call, in the order they first changed (for the window)."""
        changed, self.changes = self.changes, {}
        return [self.tasks[i] for i in changed if i in self.tasks]

    def take_removed(self) -> set[str]:
        removed, self.removed = self.removed, set()
        return removed

    def take_unsettled(self) -> dict[str, None]:
        unsettled, self.unsettled = self.unsettled, {}
        return unsettled

    def take_unsaved(self) -> list[TaskRecord]:
        """The rows changed since the last call, for the history (a workflow's own rows are not written)."""
        unsaved, self.unsaved = self.unsaved, {}
        return [r for i in unsaved if (r := self.tasks.get(i)) is not None and not r.container]
