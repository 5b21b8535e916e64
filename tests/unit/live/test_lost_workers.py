"""LostWorkers: the warning a row gets when its worker is lost, judged only while events arrive."""

from __future__ import annotations

from desktop.core.domain.events import EventStore
from desktop.core.domain.records import TaskRecord
from desktop.core.live.lost_workers import LostWorkers

HOST = "w1@example"


class StandInMonitor:
    """The event store and whether events have been arriving, as ClusterMonitor tells them."""

    def __init__(self) -> None:
        self.store = EventStore()
        self.now = 1000.0
        self.receiving = True

    def workers(self):
        return self.store.workers(self.now)

    def receiving_for(self, seconds: float) -> bool:
        return self.receiving


def heartbeat(t: float, pid: int = 100, kind: str = "worker-heartbeat") -> dict:
    return {"type": kind, "hostname": HOST, "timestamp": t, "local_received": t, "freq": 2.0, "pid": pid}


def test_a_row_on_a_worker_that_went_offline_is_warned_and_others_are_not():
    monitor = StandInMonitor()
    monitor.store.apply(
        [
            heartbeat(1000.0),
            {"type": "task-started", "uuid": "t", "hostname": HOST, "timestamp": 1000.5, "local_received": 1000.5},
        ]
    )
    lost = LostWorkers(monitor)
    running = TaskRecord(id="t", state="STARTED", worker=HOST)
    lost.update()
    assert lost.losses == {} and lost.note(running) == ""
    monitor.now = 1010.0  # heartbeats expired
    lost.update()
    assert lost.note(running).startswith(f"worker lost: {HOST} went offline at ")
    assert lost.note(TaskRecord(id="u", state="STARTED", worker="w2@example")) == ""


def test_nothing_is_judged_while_no_events_arrive():
    monitor = StandInMonitor()
    monitor.store.apply([heartbeat(1000.0)])
    lost = LostWorkers(monitor)
    monitor.now, monitor.receiving = 1010.0, False  # a broker outage stops every heartbeat
    lost.update()
    assert lost.losses == {}
