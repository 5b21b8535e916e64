"""Alerts: the user's alert rules run against what the session sees, a log of what fired, notifications.

Fed by the session: each settled batch of changed rows (``tasks_changed``), and ``check`` every
CHECK_SECONDS with the monitor's queue lengths, the workers the session knows (by ping and by
heartbeat) and the schedule book's missed runs (read again every SCHEDULE_SECONDS while a rule
wants them). What fires goes to the log (newest first, capped) and, as a ``Notification``, to the
session's notification stream; listeners are told ``ALERTS``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping

from desktop.core.domain.alert_rules import (
    AlertEngine,
    AlertRule,
    FiredAlert,
    QueueSample,
    ScheduleMiss,
    TestAnswer,
    WorkerSeen,
    try_rule,
)
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.watch import Notification

ALERTS = "alerts"
CHECK_SECONDS = 1.0
SCHEDULE_SECONDS = 60.0
MAX_LOG = 500
MAX_WAITING = 20  # notifications kept for the desktop until taken (a log entry stays either way)


class Alerts:
    """The rules of one session at work. ``workers`` gives (hostname, online) for every worker the session knows."""

    def __init__(
        self,
        tasks: Mapping[str, TaskRecord],
        notify: Callable[..., None],
        *,
        queues: Callable[[], Iterable] = tuple,
        workers: Callable[[], Iterable[tuple[str, bool]]] = tuple,
        schedules=None,  # the session's ScheduleBook (rows with their missed runs; refresh())
        clock: Callable[[], float] = time.time,
    ):
        self.tasks = tasks
        self.notify = notify
        self.queues = queues
        self.workers = workers
        self.schedules = schedules
        self.clock = clock
        self.engine = AlertEngine(clock=clock)
        self.log: deque[FiredAlert] = deque(maxlen=MAX_LOG)  # newest first
        self.notifications: list[Notification] = []
        self._offline_since: dict[str, float] = {}
        self._schedules_read = 0.0

    @property
    def rules(self) -> list[AlertRule]:
        return self.engine.rules

    def set_rules(self, rules: Iterable[AlertRule]) -> None:
        """The rules from now on; a new one counts from now, not the rows that already are what it looks for."""
        self.engine.set_rules(rules, self.tasks.values())

    # -- fed by the session -----------------------------------------------------------------------

    def tasks_changed(self, changed: Iterable[str]) -> None:
        """A settled batch of changed rows (by id); a row that is gone is skipped."""
        if not self.engine.active:
            return
        tasks = self.tasks
        self.engine.tasks_changed(r for i in changed if (r := tasks.get(i)) is not None)
        self._tell(self.engine.due())

    async def check(self) -> None:
        """The periodic look: queues, workers, missed schedule runs, tasks running long, groups due."""
        workers = self.worker_states()  # kept up to date even with no rule: a rule added later knows since when
        if not self.engine.active:
            return
        if self.schedules is not None and self.engine.wants_schedules and self.clock() - self._schedules_read >= SCHEDULE_SECONDS:
            self._schedules_read = self.clock()
            await self.schedules.refresh()
        self.engine.sample(self.queue_samples(), workers, self.schedule_misses())
        self._tell(self.engine.due())

    def queue_samples(self) -> list[QueueSample]:
        return [QueueSample(q.name, q.ready) for q in self.queues()]

    def worker_states(self) -> list[WorkerSeen]:
        """Each known worker, offline since when the console first saw it so (it answered no ping and sent no heartbeat)."""
        now, seen = self.clock(), []
        online: dict[str, bool] = {}
        for hostname, up in self.workers():
            online[hostname] = online.get(hostname, False) or up
        for hostname, up in online.items():
            if up:
                self._offline_since.pop(hostname, None)
                seen.append(WorkerSeen(hostname, True))
            else:
                seen.append(WorkerSeen(hostname, False, self._offline_since.setdefault(hostname, now)))
        return seen

    def schedule_misses(self) -> list[ScheduleMiss] | None:
        if self.schedules is None or self.schedules.read_at is None:
            return None
        return [
            ScheduleMiss(row.entry.name, row.entry.task, row.missed.timestamp())
            for row in self.schedules.rows
            if row.missed is not None and row.entry.enabled
        ]

    def try_rule(self, rule: AlertRule) -> TestAnswer:
        """The Test button: the rule against the rows, queues, workers and schedule rows held now."""
        return try_rule(
            rule,
            list(self.tasks.values()),
            self.queue_samples(),
            self.worker_states(),
            self.schedule_misses() or (),
            now=self.clock(),
        )

    # -- told -------------------------------------------------------------------------------------

    def _tell(self, fired: list[FiredAlert]) -> None:
        if not fired:
            return
        for alert in fired:
            self.log.appendleft(alert)
        self.notifications = (self.notifications + [alert.notification() for alert in fired])[-MAX_WAITING:]
        self.notify(ALERTS)

    def take_notifications(self) -> list[Notification]:
        notes, self.notifications = self.notifications, []
        return notes

    def clear_log(self) -> None:
        self.log.clear()
        self.notify(ALERTS)
