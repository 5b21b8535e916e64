"""Workers lost under the tasks they held, as the event stream tells it (the rules are domain/worker_loss.py)."""

from __future__ import annotations

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.worker_loss import WorkerLoss, lost_note, worker_losses
from desktop.core.live.monitor import ClusterMonitor


class LostWorkers:
    """Which workers went offline or restarted, and what a row one of them held says about it.

    Judged only while events arrive (``update``): during a broker outage every worker's heartbeats
    stop, and that says nothing about the workers.
    """

    def __init__(self, monitor: ClusterMonitor):
        self.monitor = monitor
        self.losses: dict[str, WorkerLoss] = {}
        self.skews: dict[str, float | None] = {}  # each worker's clock ahead of ours, in seconds

    def update(self) -> None:
        workers = self.monitor.workers()
        if self.monitor.receiving_for(max((w.freq for w in workers), default=2.0) * 2.5):
            self.losses = worker_losses(workers, self.losses)
            self.skews = {w.hostname: w.clock_skew for w in workers}

    def note(self, record: TaskRecord) -> str:
        """The warning a row a worker holds carries: its worker lost, and since when it held the task ("" if not lost)."""
        loss = self.losses.get(record.worker)
        if loss is None:
            return ""
        held_since = None
        task = self.monitor.store.task(record.id)
        if task is not None and (task.received or task.started):
            skew = self.skews.get(record.worker) or 0.0
            held_since = min(t for t in (task.received, task.started) if t) - skew  # its clock to ours
        return lost_note(record, loss, held_since)
