"""Which rows get a "worker lost" mark: pure logic over the event store's view of workers."""

from __future__ import annotations

from desktop.core.domain.events import EventStore
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.worker_loss import lost_note, on_a_worker, worker_losses

HOST = "w1@example"


def heartbeat(t: float, pid: int = 100, kind: str = "worker-heartbeat") -> dict:
    return {"type": kind, "hostname": HOST, "timestamp": t, "local_received": t, "freq": 2.0, "pid": pid}


def store_with(*events) -> EventStore:
    store = EventStore()
    store.apply(list(events))
    return store


def test_only_rows_a_worker_holds_can_be_lost():
    assert on_a_worker(TaskRecord(id="a", state="STARTED", worker=HOST))
    assert on_a_worker(TaskRecord(id="a", state="PROGRESS", worker=HOST))
    assert on_a_worker(TaskRecord(id="a", state="RECEIVED", worker=HOST))
    assert not on_a_worker(TaskRecord(id="a", state="STARTED"))  # no worker known
    for state in ("PENDING", "RETRY", "SUCCESS", "FAILURE", "REVOKED"):
        assert not on_a_worker(TaskRecord(id="a", state=state, worker=HOST))


def test_a_worker_whose_heartbeats_expired_lost_what_it_held():
    store = store_with(heartbeat(1000.0))
    (worker,) = store.workers(now=1003.0)
    assert worker.online and worker_losses([worker]) == {}  # first seen: no incarnation to compare
    (worker,) = store.workers(now=1010.0)
    loss = worker_losses([worker])[HOST]
    assert not loss.restarted and loss.at == worker.heartbeat_expires
    note = lost_note(TaskRecord(id="t", state="PROGRESS", worker=HOST), loss, held_since=999.0)
    assert note.startswith(f"worker lost: {HOST} went offline at ")
    assert lost_note(TaskRecord(id="t", state="SUCCESS", worker=HOST), loss, 999.0) == ""


def test_a_restart_loses_what_the_old_process_held_not_what_the_new_one_took():
    store = store_with(heartbeat(1000.0, pid=100), heartbeat(1002.0, pid=100), heartbeat(1010.0, pid=200, kind="worker-online"))
    (worker,) = store.workers(now=1011.0)
    assert worker.online and worker.online_since == 1010.0
    loss = worker_losses([worker])[HOST]
    assert loss.restarted
    running = TaskRecord(id="t", state="STARTED", worker=HOST)
    assert "restarted at" in lost_note(running, loss, held_since=1001.0)
    assert lost_note(running, loss, held_since=1010.5) == ""  # taken by the new process
    assert lost_note(running, loss, held_since=None) == ""  # cannot tell: no mark


def test_a_new_pid_alone_is_a_restart_but_a_silence_alone_is_not():
    store = store_with(heartbeat(1000.0, pid=100), heartbeat(1030.0, pid=100))  # 30 s of silence (broker outage?)
    (worker,) = store.workers(now=1031.0)
    assert worker.online_since is None
    store.apply([heartbeat(1032.0, pid=101)])
    (worker,) = store.workers(now=1033.0)
    assert worker.online_since == 1032.0


def test_a_worker_still_offline_keeps_the_moment_it_was_first_found_so():
    store = store_with(heartbeat(1000.0), heartbeat(1002.0, kind="worker-offline"))
    (worker,) = store.workers(now=1003.0)
    first = worker_losses([worker])[HOST]
    assert worker_losses([worker], {HOST: first})[HOST] is first
    store.apply([heartbeat(1010.0, pid=200, kind="worker-online")])
    (worker,) = store.workers(now=1011.0)
    assert worker_losses([worker], {HOST: first})[HOST].restarted  # back as a new process: a new loss
