"""Carries the session's changes to the Qt models and views, coalesced: wiring, not a model."""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.live.monitor import EVENTS, MONITOR_WORKERS, QUEUES
from desktop.core.live.schedule_book import SCHEDULES
from desktop.core.live.session import CATALOG, CONNECTION, ERRORS, TASKS, WORKERS, ConsoleSession
from desktop.models import (
    command_replies_model,
    monitor_workers_model,
    queues_model,
    registered_tasks_model,
    scheduled_model,
    schedules_model,
    workers_model,
)
from desktop.task_models import tasks_model

BUSY_FLUSHES = 12  # flushes of one part within a second that make it a busy part
BUSY_MS = 100  # a busy part's interval


class SessionBridge(QObject):
    """Carries ConsoleSession changes to Qt, coalesced to at most ~30 updates a second (~10 while busy)."""

    connectionChanged = Signal()
    errorsChanged = Signal()
    catalogChanged = Signal()
    tasksChanged = Signal()
    eventsChanged = Signal()  # the event stream's state and counters
    monitorWorkersChanged = Signal()
    queuesChanged = Signal()
    schedulesChanged = Signal()

    def __init__(self, session: ConsoleSession, parent: QObject | None = None, interval_ms: int = 33):
        super().__init__(parent)
        self.session = session
        self.workers = workers_model(self)
        self.registered = registered_tasks_model(self)
        self.tasks = tasks_model(self)
        self.queues = queues_model(self)
        self.scheduled = scheduled_model(self)
        self.schedules = schedules_model(self)
        self.monitor_workers = monitor_workers_model(self)
        self.command_replies = command_replies_model(self)
        self._dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._interval_ms = interval_ms
        self._recent: dict[str, deque[float]] = {}  # each part's flushes in the last second (monotonic seconds)
        self._busy: set[str] = set()  # parts shown BUSY_MS apart until they have a quiet second
        self._timer.timeout.connect(self.flush)
        session.subscribe(self._on_changed)

    def detach(self) -> None:
        """Stop carrying changes (the window is going away)."""
        self.session.unsubscribe(self._on_changed)
        self._timer.stop()
        self._dirty.clear()

    def _on_changed(self, parts: set[str]) -> None:
        self._dirty |= parts
        if self._timer.isActive():
            return
        # A part's first change after a quiet spell of its own shows at once; what follows within
        # the interval waits for the timer, so a burst still costs at most ~30 updates a second.
        # Each part keeps its own clock: the event counters or the workers' ages, flushed a
        # moment ago, don't hold back a task's new state for the rest of the interval.
        now = time.monotonic()
        wait = min(self._interval(part, now) - (now - self._last_flush(part)) for part in self._dirty)
        self._timer.start(max(0, int(wait * 1000)))

    def _last_flush(self, part: str) -> float:
        """When the part was last flushed; 0 once that is out of the last second (longer ago than any interval)."""
        recent = self._recent.get(part)
        return recent[-1] if recent else 0.0

    def _interval(self, part: str, now: float) -> float:
        """Seconds between two flushes of a part: longer while it keeps changing.

        A repaint of the results table is most of the console's CPU while tasks stream in (text
        layout of every visible cell). A part flushed BUSY_FLUSHES times in the last second is
        shown BUSY_MS apart, about ten times a second; a part changing now and then (one task's
        progress) still shows each change at once. A busy part stays busy until it has had a quiet
        second: shown ten times a second it no longer reaches BUSY_FLUSHES, and would otherwise
        go back and forth between the two paces.
        """
        recent = self._recent.get(part)
        if recent is None:
            return self._interval_ms / 1000
        while recent and now - recent[0] > 1.0:
            recent.popleft()
        if len(recent) >= BUSY_FLUSHES:
            self._busy.add(part)
        elif not recent:
            self._busy.discard(part)
        return max(self._interval_ms, BUSY_MS if part in self._busy else 0) / 1000

    def refresh_worker_rows(self) -> None:
        """The workers table again (also every second while it is shown: ages move with the clock)."""
        self.monitor_workers.set_records(self.session.monitor.worker_rows(self.session.workers))

    def flush(self) -> None:
        now = time.monotonic()
        dirty, self._dirty = self._dirty, set()
        for part in dirty:
            self._recent.setdefault(part, deque(maxlen=4 * BUSY_FLUSHES)).append(now)
        s = self.session
        if WORKERS in dirty:
            self.workers.set_records(sorted(s.workers.values(), key=lambda w: w.hostname))
        if CATALOG in dirty:
            self.registered.set_records(s.catalog)
            self.catalogChanged.emit()
        if TASKS in dirty:
            removed = s.take_removed_tasks()
            if removed:
                self.tasks.remove(removed)
            self.tasks.apply(s.take_task_changes())
            self.tasksChanged.emit()
        if QUEUES in dirty:
            self.queues.set_records(s.monitor.queues)
            self.scheduled.set_records(s.monitor.scheduled)
            self.queuesChanged.emit()
        if SCHEDULES in dirty:
            self.schedules.set_records(s.schedules.rows)
            self.schedulesChanged.emit()
        if MONITOR_WORKERS in dirty or WORKERS in dirty:
            self.refresh_worker_rows()
            self.monitorWorkersChanged.emit()
        if EVENTS in dirty:
            self.eventsChanged.emit()
        if CONNECTION in dirty:
            self.connectionChanged.emit()
        if ERRORS in dirty:
            self.errorsChanged.emit()
