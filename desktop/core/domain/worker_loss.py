"""Tasks whose worker died under them: flagged, never shown as running forever.

A worker killed mid-task (SIGKILL, OOM killer, a lost machine) writes no final state: the
backend keeps STARTED or PROGRESS for good. The events still tell what happened: its
heartbeats stop (offline once they expire), or it comes back as a new process (a new
``worker-online``, a new pid) that knows nothing of the task. Either way the row gets a
"worker lost" mark. The mark goes away by itself when the task moves on: with ``acks_late``
the message is delivered again and runs to a final state, on the same worker or another.

Liveness is judged only while the event stream has been receiving for a whole expiry
window: during a broker outage every worker's heartbeats stop arriving, and that says
nothing about the workers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from celery import states

from desktop.core.domain.events import WorkerInfo
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import translate

RESTART_SLACK = 1.0  # seconds between a task's start and its worker's restart that still count as "before"
_NOT_ON_A_WORKER = frozenset({states.PENDING, states.RETRY, "SENT"}) | states.READY_STATES


def on_a_worker(record: TaskRecord) -> bool:
    """Received, started, or in a custom state (PROGRESS …): a worker holds it and owes it a final state."""
    return bool(record.worker) and record.state not in _NOT_ON_A_WORKER


@dataclass(frozen=True)
class WorkerLoss:
    hostname: str
    at: float  # our clock
    restarted: bool  # a new process under the same name; else gone (heartbeats expired)

    def note(self) -> str:
        moment = time.strftime("%H:%M:%S", time.localtime(self.at))
        if self.restarted:
            note = translate("worker_loss", "worker lost: {worker} restarted at {moment} while it held this task")
        else:
            note = translate("worker_loss", "worker lost: {worker} went offline at {moment} while it held this task")
        return note.format(worker=self.hostname, moment=moment)


def worker_losses(workers: Iterable[WorkerInfo], before: Mapping[str, WorkerLoss] | None = None) -> dict[str, WorkerLoss]:
    """Per hostname, how its earlier tasks could have been lost: gone offline, or restarted since.

    A worker still offline keeps the moment it was first found so (``before``): a worker-offline
    event leaves no heartbeat to date it, and the mark must not change every time it is checked.
    """
    losses = {}
    for worker in workers:
        if not worker.online:
            earlier = (before or {}).get(worker.hostname)
            if earlier is not None and not earlier.restarted:
                losses[worker.hostname] = earlier
                continue
            at = worker.heartbeat_expires or worker.last_heartbeat or time.time()
            losses[worker.hostname] = WorkerLoss(worker.hostname, at, restarted=False)
        elif worker.online_since is not None:
            losses[worker.hostname] = WorkerLoss(worker.hostname, worker.online_since, restarted=True)
    return losses


def lost_note(record: TaskRecord, loss: WorkerLoss | None, held_since: float | None) -> str:
    """The mark for this row, or "" when its worker is alive and is the one that took it.

    ``held_since`` is when the worker took the task, on our clock (received or started).
    """
    if loss is None or not on_a_worker(record):
        return ""
    if loss.restarted:
        if held_since is None or held_since >= loss.at - RESTART_SLACK:
            return ""  # taken by this incarnation (or we cannot tell): not lost
    return loss.note()
