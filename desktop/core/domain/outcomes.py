"""What follows from rows as they change, besides the rows: failure groups, the tray's counts, notifications."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.triage import FailureIndex
from desktop.core.domain.watch import Notification, TrayCounts, WatchList, coalesce
from desktop.core.domain.workflows import not_run


class Outcomes:
    """Failed rows grouped by cause (triage.py), my running tasks and new failures for the tray, and a
    notification when a watched row ends (watch.py), all kept up to date from the rows that changed.

    ``tasks`` are the rows, read by id.
    """

    def __init__(self, tasks: Mapping[str, TaskRecord]):
        self.tasks = tasks
        self.failures = FailureIndex()
        self.tray_counts = TrayCounts()
        self.watch = WatchList()
        self.notifications: list[Notification] = []  # for the desktop, until the Qt side takes them

    def update(self, changed: Iterable[str]) -> None:
        """Rows that changed since the last update (workflows settled); a row that is gone is skipped."""
        tasks = self.tasks
        records = [r for i in changed if (r := tasks.get(i)) is not None]
        self.failures.update(r for r in records if not r.container and not not_run(r))
        # A later step's stored failure may come before the failing step's: once that one is known, the
        # later step is marked never run (it changes again) and leaves the group it was counted in.
        self.failures.remove(r.id for r in records if not_run(r))
        self.tray_counts.update(records)
        notes = self.watch.notifications(records)
        if notes:
            self.notifications = coalesce(self.notifications + notes)  # never more than a few waiting

    def forget(self, ids: list[str]) -> None:
        """Rows that left the window leave every count and group, and are no longer watched."""
        self.failures.remove(ids)
        self.watch.forget(ids)
        self.tray_counts.forget(ids)

    def watch_rows(self, ids: Iterable[str], on: bool = True) -> None:
        """Watch rows (or stop): a row that already ended is marked, with nothing left to tell."""
        if on:
            self.watch.watch(ids, self.tasks)
        else:
            self.watch.unwatch(ids)

    def take_notifications(self) -> list[Notification]:
        """Watched rows that ended since the Qt side last looked (a burst already folded into one summary)."""
        notes, self.notifications = self.notifications, []
        return notes
