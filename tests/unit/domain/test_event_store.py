"""EventStore against recorded event sequences, with celery.events.state.State as the reference."""

from __future__ import annotations

import itertools
import math
import tracemalloc
from datetime import datetime, timezone

import pytest
from celery import states
from celery.events.state import State
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.domain.events import EventStore, FinishedTask, StoreChanges, WorkerInfo
from desktop.core.domain.task_state import split_exception

WORKER = "celery@worker-1"
CLIENT = "gen42@web-1"
T0 = 1_795_600_000.0
TRACEBACK = (
    'Traceback (most recent call last):\n  File "tasks.py", line 3, in boom\n    raise ValueError("boom")\nValueError: boom\n'
)


class Events:
    """Builds events shaped as EventReceiver delivers them (localized timestamp, local_received, clock)."""

    def __init__(self) -> None:
        self.clock = 0

    def make(self, kind: str, timestamp: float, hostname: str = WORKER, latency: float = 0.01, **fields) -> dict:
        self.clock += 1
        return {
            "type": kind,
            "hostname": hostname,
            "utcoffset": 0,
            "pid": 4242,
            "clock": self.clock,
            "timestamp": timestamp,
            "local_received": timestamp + latency,
            **fields,
        }

    def call(self, task_id: str, **overrides) -> dict:
        fields = {
            "name": "tasks.add",
            "args": "(2, 2)",
            "kwargs": "{}",
            "retries": 0,
            "eta": None,
            "expires": None,
            "root_id": task_id,
            "parent_id": None,
        }
        fields.update(overrides)
        return fields

    def sent(self, task_id: str, at: float, **overrides) -> dict:
        return self.make(
            "task-sent",
            at,
            hostname=CLIENT,
            uuid=task_id,
            queue="celery",
            exchange="",
            routing_key="celery",
            **self.call(task_id, **overrides),
        )

    def received(self, task_id: str, at: float, **overrides) -> dict:
        return self.make("task-received", at, uuid=task_id, **self.call(task_id, **overrides))

    def started(self, task_id: str, at: float) -> dict:
        return self.make("task-started", at, uuid=task_id)

    def succeeded(self, task_id: str, at: float, result: str = "4", runtime: float = 0.5) -> dict:
        return self.make("task-succeeded", at, uuid=task_id, result=result, runtime=runtime)

    def failed(self, task_id: str, at: float, exception: str = "ValueError('boom')", traceback: str = TRACEBACK) -> dict:
        return self.make("task-failed", at, uuid=task_id, exception=exception, traceback=traceback)

    def retried(self, task_id: str, at: float) -> dict:
        return self.make(
            "task-retried",
            at,
            uuid=task_id,
            exception="ConnectionError('upstream not ready')",
            traceback="Traceback (most recent call last):\nConnectionError: upstream not ready\n",
        )

    def revoked(self, task_id: str, at: float, terminated=False, signum=None, expired=False) -> dict:
        return self.make("task-revoked", at, uuid=task_id, terminated=terminated, signum=signum, expired=expired)

    def lifecycle(self, task_id: str, at: float, final: str = "succeeded", **call) -> list[dict]:
        end = getattr(self, final)(task_id, at + 1.5)
        return [self.sent(task_id, at, **call), self.received(task_id, at + 0.5, **call), self.started(task_id, at + 1.0), end]

    def worker(self, kind: str, at: float, hostname: str = WORKER, latency: float = 0.01, **fields) -> dict:
        base = {
            "freq": 2.0,
            "sw_ident": "py-celery",
            "sw_ver": "5.7.0",
            "sw_sys": "Linux",
            "active": 1,
            "processed": 10,
            "loadavg": [0.5, 0.25, 0.1],
        }
        base.update(fields)
        return self.make(f"worker-{kind}", at, hostname=hostname, latency=latency, **base)


def feed(events: list[dict], batch: int | None = None, **kwargs) -> tuple[EventStore, list[StoreChanges]]:
    store = EventStore(**kwargs)
    size = batch or max(1, len(events))
    changes = [store.apply([dict(e) for e in events[i : i + size]]) for i in range(0, len(events), size)]
    return store, changes


def reference(events: list[dict]) -> State:
    state = State()
    for event in events:
        state.event(dict(event))  # State writes into the dict it is given
    return state


COMPARED = (
    "state",
    "name",
    "args",
    "kwargs",
    "retries",
    "result",
    "exception",
    "traceback",
    "runtime",
    "root_id",
    "parent_id",
    "client",
    "timestamp",
    "sent",
    "received",
    "started",
    "succeeded",
    "failed",
    "retried",
    "revoked",
    "rejected",
    "exchange",
    "routing_key",
)


def assert_same_as_state(store: EventStore, state: State) -> None:
    assert sorted(t.id for t in store) == sorted(state.tasks.keys())
    for task_id, expected in state.tasks.items():
        task = store.task(task_id)
        for field in COMPARED:
            assert getattr(task, field) == getattr(expected, field), (task_id, field)
        assert task.worker == (expected.worker.hostname if expected.worker else None)
        assert task.eta == (datetime.fromisoformat(expected.eta).timestamp() if expected.eta else None)


# ---------------------------------------------------------------------------------------- replays


def test_in_order_lifecycle_matches_state():
    ev = Events()
    events = ev.lifecycle("t1", T0) + ev.lifecycle("t2", T0 + 10, final="failed")
    store, (changes,) = feed(events)
    assert_same_as_state(store, reference(events))
    assert store.task("t1").state == states.SUCCESS
    assert store.task("t2").state == states.FAILURE
    assert changes.ingested == 8 and changes.ignored == 0
    assert changes.changed == ("t1", "t2")
    assert changes.workers == (WORKER,)


def test_every_order_of_one_lifecycle_matches_state():
    ev = Events()
    events = ev.lifecycle("t1", T0, eta="2026-11-25T10:00:00+00:00", parent_id="p0", root_id="p0")
    for order in itertools.permutations(events):
        store, _ = feed(list(order), batch=1)
        state = reference(list(order))
        assert_same_as_state(store, state)
        task = store.task("t1")
        assert task.state == states.SUCCESS  # nothing arriving late moves it back
        assert (task.name, task.args, task.parent_id) == ("tasks.add", "(2, 2)", "p0")  # late fields still merge in


def test_succeeded_before_received_and_started_keeps_success_and_merges_fields():
    ev = Events()
    sent, received, started, succeeded = ev.lifecycle("t1", T0)
    events = [succeeded, started, received, sent]
    store, (changes,) = feed(events)
    task = store.task("t1")
    assert task.state == states.SUCCESS
    assert (task.name, task.args, task.kwargs, task.result) == ("tasks.add", "(2, 2)", "{}", "4")
    assert (task.sent, task.received, task.started, task.succeeded) == (T0, T0 + 0.5, T0 + 1.0, T0 + 1.5)
    # the name came after the final event, in the same batch: the finished tuple still has it
    assert changes.finished == (FinishedTask(T0 + 1.5, "tasks.add", states.SUCCESS, 0.5),)
    assert_same_as_state(store, reference(events))


def test_duplicated_events_change_nothing_twice():
    ev = Events()
    once = ev.lifecycle("t1", T0)
    twice = [e for event in once for e in (event, dict(event))]
    store, (changes,) = feed(twice)
    assert_same_as_state(store, reference(twice))
    assert store.task("t1").state == states.SUCCESS
    assert len(changes.finished) == 1
    assert store.worker(WORKER, now=T0).succeeded == 1
    assert changes.ingested == 8


def test_retry_then_success():
    ev = Events()
    events = [
        ev.sent("t1", T0),
        ev.received("t1", T0 + 0.1),
        ev.started("t1", T0 + 0.2),
        ev.retried("t1", T0 + 0.3),
    ]
    store, _ = feed(events)
    record = store.to_record("t1")
    assert record.state == states.RETRY
    assert record.exc_type == "ConnectionError"
    assert record.result == "ConnectionError: upstream not ready"
    assert record.traceback.endswith("ConnectionError: upstream not ready\n")
    assert not record.ready

    events += [ev.received("t1", T0 + 1.3, retries=1), ev.started("t1", T0 + 1.4), ev.succeeded("t1", T0 + 1.6, result="'ok'")]
    store, _ = feed(events)
    assert_same_as_state(store, reference(events))
    record = store.to_record("t1")
    assert (record.state, record.retries, record.result, record.exc_type, record.traceback) == (states.SUCCESS, 1, "'ok'", "", "")
    assert store.task("t1").retried == T0 + 0.3


def test_retried_after_success_applies_as_in_state():
    """RETRY is exempt from precedence in State (a retry leaves the ready states); so it is here."""
    ev = Events()
    events = ev.lifecycle("t1", T0) + [ev.retried("t1", T0 + 2)]
    store, _ = feed(events)
    assert store.task("t1").state == states.RETRY
    assert_same_as_state(store, reference(events))


@pytest.mark.parametrize(
    "fields, result",
    [
        ({"terminated": True, "signum": 15}, "TaskRevokedError: terminated (signal 15)"),
        ({"expired": True}, "TaskRevokedError: expired"),
        ({}, "TaskRevokedError: revoked"),
    ],
)
def test_revoked(fields, result):
    ev = Events()
    events = [ev.sent("t1", T0), ev.received("t1", T0 + 0.1), ev.started("t1", T0 + 0.2), ev.revoked("t1", T0 + 0.5, **fields)]
    store, (changes,) = feed(events)
    assert_same_as_state(store, reference(events))
    record = store.to_record("t1")
    assert (record.state, record.result, record.exc_type) == (states.REVOKED, result, "TaskRevokedError")
    assert record.date_done == T0 + 0.5 and record.ready
    assert changes.finished == (FinishedTask(T0 + 0.5, "tasks.add", states.REVOKED, pytest.approx(0.3)),)


def test_revoked_before_received_stays_revoked():
    ev = Events()
    events = [ev.revoked("t1", T0 + 0.5, expired=True), ev.received("t1", T0)]
    store, _ = feed(events)
    assert store.task("t1").state == states.REVOKED
    assert store.task("t1").name == "tasks.add"
    assert_same_as_state(store, reference(events))


def test_rejected_and_custom_task_event_as_state():
    ev = Events()
    events = [
        ev.received("t1", T0),
        ev.make("task-rejected", T0 + 1, uuid="t1", requeue=False),
        ev.received("t2", T0),
        ev.make("task-cancelled", T0 + 1, uuid="t2"),
    ]
    store, changes = feed(events, batch=1)
    assert_same_as_state(store, reference(events))
    # REJECTED ranks below RECEIVED in states.precedence: State keeps RECEIVED, and so does the store
    assert (store.task("t1").state, store.task("t1").rejected, store.task("t1").requeue) == (states.RECEIVED, T0 + 1, False)
    assert store.task("t2").state == "CANCELLED"
    assert sum(c.ignored for c in changes) == 0
    alone, _ = feed([events[1]])
    assert alone.task("t1").state == states.REJECTED


def test_random_orders_of_many_tasks_match_state():
    import random

    rng = random.Random(3)
    ev = Events()
    events = []
    for i in range(60):
        final = ("succeeded", "failed", "revoked")[i % 3]
        call = {"parent_id": f"t{i - 1}" if i % 4 else None}
        lifecycle = ev.lifecycle(f"t{i}", T0 + i, final=final, **call)
        if i % 5 == 0:
            lifecycle[2:2] = [ev.retried(f"t{i}", T0 + i + 0.7), ev.received(f"t{i}", T0 + i + 0.8, retries=1, **call)]
        events += lifecycle
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        shuffled += rng.sample(events, 30)  # and some delivered twice
        store, _ = feed(shuffled, batch=37)
        assert_same_as_state(store, reference(shuffled))


# ---------------------------------------------------------------------------------------- records


def test_record_of_a_failure():
    ev = Events()
    events = [
        ev.sent("t1", T0, eta="2026-11-25T10:00:00+00:00", parent_id="p1", root_id="p1", retries=2),
        ev.received("t1", T0 + 0.5, eta="2026-11-25T10:00:00+00:00", parent_id="p1", root_id="p1", retries=2),
        ev.started("t1", T0 + 1),
        ev.failed("t1", T0 + 3),
    ]
    store, _ = feed(events)
    record = store.to_record("t1")
    assert record.state == states.FAILURE and record.ready
    assert (record.exc_type, record.result, record.traceback) == ("ValueError", "ValueError: boom", TRACEBACK)
    assert (record.name, record.args, record.kwargs, record.worker, record.retries) == (
        "tasks.add",
        "(2, 2)",
        "",
        WORKER,
        2,
    )  # no kwargs: nothing to show
    assert (record.sent_at, record.started_at, record.date_done, record.runtime) == (T0, T0 + 1, T0 + 3, 2.0)
    assert record.eta == datetime(2026, 11, 25, 10, tzinfo=timezone.utc).timestamp()
    assert record.parent_id == "p1"
    assert record.meta["queue"] == "celery" and record.meta["root_id"] == "p1"
    assert "result" not in record.meta  # the detail view shows meta["result"] in preference to the record's
    assert store.to_record("nope") is None


def test_record_of_a_success_and_of_a_running_task():
    ev = Events()
    store, _ = feed(ev.lifecycle("t1", T0) + [ev.received("t2", T0), ev.started("t2", T0 + 1)])
    done = store.to_record("t1")
    assert (done.state, done.result, done.exc_type, done.traceback, done.date_done) == (states.SUCCESS, "4", "", "", T0 + 1.5)
    running = store.to_record("t2")
    assert (running.state, running.result, running.date_done, running.started_at, running.sent_at) == (
        states.STARTED,
        "",
        None,
        T0 + 1,
        None,
    )


@pytest.mark.parametrize(
    "exception, traceback, expected",
    [
        ("ValueError('boom')", None, ("ValueError", "boom")),
        ("KeyError('a', 2)", None, ("KeyError", "a, 2")),
        ("RuntimeError()", None, ("RuntimeError", "")),
        ("Oops(<object at 0x1>)", None, ("Oops", "<object at 0x1>")),
        ("no parens here", "Traceback...\nmod.Custom: bad\n", ("mod.Custom", "no parens here")),
        (None, None, ("", "")),
    ],
)
def test_split_exception(exception, traceback, expected):
    assert split_exception(exception, traceback) == expected


def test_children_by_parent_id():
    ev = Events()
    events = ev.lifecycle("p", T0) + ev.lifecycle("c1", T0 + 1, parent_id="p", root_id="p")
    events += ev.lifecycle("c2", T0 + 2, parent_id="p", root_id="p") + ev.lifecycle("g", T0 + 3, parent_id="c1", root_id="p")
    store, _ = feed(events)
    assert store.children("p") == ("c1", "c2")
    assert store.to_record("p").children == ("c1", "c2")
    assert store.children("c1") == ("g",)
    assert store.task("g").root_id == "p"
    assert store.task("p").root_id is store.task("p").id  # a top task's root is its own id, not a second string


def test_an_argsrepr_within_the_cap_is_kept_whole_and_not_copied():
    from desktop.core.domain.events import MAX_CALL_TEXT

    ev = Events()
    big = "(" + "x" * (MAX_CALL_TEXT - 3) + ",)"
    events = [ev.received("t1", T0, args=big), ev.started("t1", T0 + 1)]
    store = EventStore()
    batch = [dict(e) for e in events]
    kept = batch[0]["args"]
    store.apply(batch)
    assert store.task("t1").args is kept
    assert store.to_record("t1").args is kept
    assert len(store.to_record("t1").args) == len(big)


def test_iteration_newest_first():
    ev = Events()
    store, _ = feed([ev.received(f"t{i}", T0 + i) for i in range(5)])
    assert [t.id for t in store] == ["t4", "t3", "t2", "t1", "t0"]
    assert [t.id for t in store.tasks(newest_first=False)] == ["t0", "t1", "t2", "t3", "t4"]
    assert len(store) == 5 and "t3" in store and "t9" not in store


def test_finished_tuples_for_graphs():
    ev = Events()
    events = ev.lifecycle("ok", T0) + ev.lifecycle("bad", T0 + 10, final="failed") + [ev.received("run", T0)]
    _, (changes,) = feed(events)
    assert changes.finished == (
        FinishedTask(T0 + 1.5, "tasks.add", states.SUCCESS, 0.5),  # the worker's own runtime
        FinishedTask(T0 + 11.5, "tasks.add", states.FAILURE, 0.5),  # failed - started
    )


# ---------------------------------------------------------------------------------------- workers


def test_worker_online_heartbeat_offline_and_expiry():
    ev = Events()
    store = EventStore()
    changes = store.apply([ev.worker("online", T0, pid=777, processed=0, active=0)])
    assert changes.workers == (WORKER,)
    info = store.worker(WORKER, now=T0 + 1)
    assert isinstance(info, WorkerInfo)
    assert (info.online, info.pid, info.freq, info.processed, info.sw_ver) == (True, 777, 2.0, 0, "5.7.0")
    assert info.last_heartbeat == T0 + 0.01  # our clock: local_received

    store.apply([ev.worker("heartbeat", T0 + 2, active=3, processed=12, loadavg=[1.5, 1.0, 0.5])])
    info = store.worker(WORKER, now=T0 + 3)
    assert (info.active, info.processed, info.loadavg, info.heartbeat_age) == (3, 12, (1.5, 1.0, 0.5), pytest.approx(0.99))
    # expiry: freq 2 s, HEARTBEAT_EXPIRE_WINDOW 200 % -> 4 s after the last heartbeat
    assert info.heartbeat_expires == pytest.approx(T0 + 2.01 + 4.0)
    assert store.worker(WORKER, now=T0 + 6.0).online
    assert not store.worker(WORKER, now=T0 + 6.02).online
    assert store.worker(WORKER, now=T0 + 6.02).to_record().online is False

    events = [ev.worker("online", T0), ev.worker("heartbeat", T0 + 2)]
    state = reference(events)
    assert store.worker(WORKER, now=T0).heartbeat_expires == pytest.approx(state.workers[WORKER].heartbeat_expires)

    store.apply([ev.worker("offline", T0 + 3)])
    info = store.worker(WORKER, now=T0 + 3.1)
    assert (info.online, info.last_heartbeat) == (False, None)
    assert [w.hostname for w in store.workers(now=T0)] == [WORKER]


def test_worker_offline_for_unknown_worker_adds_nothing():
    ev = Events()
    store = EventStore()
    changes = store.apply([ev.worker("offline", T0)])
    assert (changes.ingested, changes.ignored, changes.workers, store.workers(now=T0)) == (1, 0, (), ())


def test_task_events_keep_worker_alive_and_count_outcomes():
    ev = Events()
    events = [ev.worker("online", T0)] + ev.lifecycle("t1", T0 + 30) + ev.lifecycle("t2", T0 + 31, final="failed")
    store, _ = feed(events)
    info = store.worker(WORKER, now=T0 + 33)
    assert info.online  # the heartbeat alone expired at T0 + 4
    assert info.last_heartbeat == pytest.approx(T0 + 32.51)
    assert (info.succeeded, info.failed) == (1, 1)
    assert [w.hostname for w in store.workers(now=T0)] == [WORKER]  # the client that sent them is no worker


def test_worker_with_skewed_clock_is_online_and_reports_skew():
    ev = Events()
    store = EventStore()
    # its clock is an hour ahead: timestamps say T0 + 3600, we receive at T0
    store.apply([ev.worker("online", T0 + 3600, latency=-3600), ev.worker("heartbeat", T0 + 3602, latency=-3600)])
    info = store.worker(WORKER, now=T0 + 3)
    assert info.online
    assert info.clock_skew == pytest.approx(3600)
    assert info.clock_out_of_sync
    assert info.last_heartbeat == pytest.approx(T0 + 2)
    assert not store.worker(WORKER, now=T0 + 7).online
    store.apply([ev.worker("heartbeat", T0 + 4, latency=0.05)])
    assert not store.worker(WORKER, now=T0 + 7).clock_out_of_sync


# ---------------------------------------------------------------------------------------- bound


def test_eviction_drops_finished_first_in_finishing_order_then_oldest():
    ev = Events()
    store = EventStore(max_tasks=3)
    store.apply([ev.received("a", T0), ev.received("b", T0 + 1), ev.received("c", T0 + 2)])
    store.apply([ev.succeeded("b", T0 + 3), ev.succeeded("a", T0 + 4)])  # b finished first, a created first
    changes = store.apply([ev.received("d", T0 + 5)])
    assert changes.removed == ("b",)
    assert changes.changed == ("d",)
    changes = store.apply([ev.received("e", T0 + 6)])
    assert changes.removed == ("a",)
    assert [t.id for t in store] == ["e", "d", "c"]
    # everything held is unfinished: the oldest goes
    changes = store.apply([ev.received("f", T0 + 7)])
    assert changes.removed == ("c",)
    assert len(store) == 3


def test_a_task_that_came_back_from_ready_is_not_dropped_as_finished():
    ev = Events()
    store = EventStore(max_tasks=2)
    store.apply([ev.received("a", T0), ev.succeeded("a", T0 + 1), ev.retried("a", T0 + 2), ev.received("b", T0 + 3)])
    changes = store.apply([ev.received("c", T0 + 4)])
    assert changes.removed == ("a",)  # no finished task left: the oldest goes, a is it
    store.apply([ev.succeeded("b", T0 + 5)])
    assert store.apply([ev.received("d", T0 + 6)]).removed == ("b",)


def test_evicted_then_seen_again_in_one_batch_is_changed_not_removed():
    ev = Events()
    store = EventStore(max_tasks=1)
    store.apply([ev.received("a", T0), ev.succeeded("a", T0 + 1)])
    changes = store.apply([ev.received("b", T0 + 2), ev.started("a", T0 + 0.5)])
    assert (changes.removed, set(changes.changed), len(store)) == (("b",), {"a"}, 1)


def test_eviction_forgets_children_links():
    ev = Events()
    store = EventStore(max_tasks=2)
    store.apply(ev.lifecycle("c1", T0, parent_id="p") + [ev.received("x", T0 + 5)])
    assert store.children("p") == ("c1",)
    store.apply([ev.received("y", T0 + 6)])
    assert store.children("p") == ()


def test_bound_holds_and_memory_stays_flat():
    ev = Events()
    store = EventStore(max_tasks=2000)

    def one_round(r: int) -> None:
        for start in range(0, 4000, 500):
            store.apply([e for i in range(start, start + 500) for e in ev.lifecycle(f"{r}-{i}", T0 + i, final="succeeded")])

    traced = []
    tracemalloc.start()
    try:
        for r in range(6):
            one_round(r)
            traced.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    assert len(store) == 2000
    assert {t.id.split("-")[0] for t in store} == {"5"}  # the newest round
    # dead ids wait in the eviction queues until they are squeezed out, so it wobbles; it does not grow
    assert max(traced[3:]) < max(traced[:3]) * 1.05


def test_max_tasks_must_be_positive():
    with pytest.raises(ValueError):
        EventStore(max_tasks=0)


# ---------------------------------------------------------------------------------------- garbage


def _valid() -> dict:
    return Events().received("t1", T0)


MALFORMED = [
    None,
    42,
    "task-received",
    ["type", "task-received"],
    {},
    {"type": None},
    {"type": ["task-sent"]},
    {**_valid(), "type": "task-exploded-!"},
    {**_valid(), "type": "something-else"},
    {**_valid(), "type": "worker-restarted"},
    {k: v for k, v in _valid().items() if k != "uuid"},
    {k: v for k, v in _valid().items() if k != "hostname"},
    {k: v for k, v in _valid().items() if k != "timestamp"},
    {**_valid(), "uuid": 12},
    {**_valid(), "uuid": ""},
    {**_valid(), "uuid": "x" * 10_000},
    {**_valid(), "hostname": None},
    {**_valid(), "timestamp": "yesterday"},
    {**_valid(), "timestamp": math.nan},
    {**_valid(), "timestamp": math.inf},
    {**_valid(), "timestamp": True},
    {**_valid(), "local_received": "now"},
    {**_valid(), "retries": "1"},
    {**_valid(), "retries": 1.0},
    {**_valid(), "args": ["a"]},
    {**_valid(), "name": 3},
    {**_valid(), "eta": ["2026"]},
    {**Events().succeeded("t1", T0), "runtime": "fast"},
    {**Events().succeeded("t1", T0), "result": {"a": 1}},
    {**Events().failed("t1", T0), "traceback": 7},
    {**Events().revoked("t1", T0), "terminated": "yes"},
    {**Events().make("task-rejected", T0, uuid="t1"), "requeue": 1},
    Events().worker("heartbeat", T0, freq=-2),
    Events().worker("heartbeat", T0, loadavg="0.1 0.2 0.3"),
    Events().worker("heartbeat", T0, loadavg=[0.1, "high"]),
    Events().worker("heartbeat", T0, processed="12"),
    Events().worker("online", T0, sw_ver=5.7),
    {**Events().worker("online", T0), "timestamp": None},
]


def test_malformed_events_are_ignored_and_counted():
    store = EventStore()
    changes = store.apply(MALFORMED)
    assert (changes.ingested, changes.ignored) == (0, len(MALFORMED))
    assert (len(store), store.workers(now=T0), changes.changed, changes.workers) == (0, (), (), ())
    assert (store.ingested, store.ignored) == (0, len(MALFORMED))


@pytest.mark.parametrize(
    "task_id",
    ["spoof\u202eexe.txt", "bell\x07", "two\nlines", "zero\u200bwidth", "x" * 256, "\u2066isolate\u2069"],
)
def test_an_id_from_an_event_is_held_to_what_an_id_from_the_backend_is(task_id):
    """A uuid, parent_id or root_id that results.task_id_from refuses makes the event garbage."""
    from desktop.core.domain.results import task_id_from

    assert task_id_from(task_id) is None
    ev = Events()
    store = EventStore()
    events = [
        ev.received(task_id, T0),
        ev.started(task_id, T0 + 1),
        ev.sent("child", T0, parent_id=task_id),
        ev.received("child2", T0, root_id=task_id),
    ]
    changes = store.apply(events)
    assert (changes.ingested, changes.ignored, len(store)) == (0, len(events), 0)
    assert store.apply([ev.received("x" * 255, T0), ev.received("ok-\u00e9t\u00e9 id", T0)]).ingested == 2


def test_a_long_exception_message_from_an_event_is_kept_and_cut_with_its_length_said():
    """ValueError('<20,000 characters>'): too long to evaluate, so it was dropped and the Failures cell was empty."""
    from desktop.core.domain.results import MAX_TEXT
    from tests.support.record_checks import record_problems

    message = "m" * 20_000
    assert split_exception(f"ValueError('{message}')") == ("ValueError", f"'{message}'")
    ev = Events()
    store, _ = feed([ev.received("t1", T0), ev.failed("t1", T0 + 1, exception=f"ValueError('{message}')")])
    record = store.to_record("t1")
    assert record.exc_type == "ValueError"
    assert record.result.startswith("ValueError: 'mmm") and record.result.endswith("… (20,014 characters)")
    assert len(record.result) == MAX_TEXT and record_problems(record) == []  # what a record holds of a one-line text


def test_an_events_args_longer_than_any_worker_sends_are_held_cut_with_their_length_said():
    """Celery's workers cut argsrepr at 1,024 characters; a hostile sender's 1 MB must not sit in each row."""
    from desktop.core.domain.events import MAX_CALL_TEXT

    huge_args, huge_kwargs = "(" + "a" * 1_000_000 + ",)", "{'k': '" + "b" * 50_000 + "'}"
    ev = Events()
    store, _ = feed([ev.sent("t1", T0, args=huge_args, kwargs=huge_kwargs), ev.received("t2", T0, args="(2, 2)")])
    held = store.task("t1")
    assert held.args == huge_args[:MAX_CALL_TEXT] + "… (1,000,003 characters)"
    assert held.kwargs == huge_kwargs[:MAX_CALL_TEXT] + "… (50,009 characters)"
    assert store.to_record("t1").args.endswith("… (1,000,003 characters)")
    assert store.task("t2").args == "(2, 2)"  # a worker's own argsrepr is kept as it came


def test_malformed_event_leaves_the_task_as_it_was():
    ev = Events()
    store = EventStore()
    store.apply(ev.lifecycle("t1", T0))
    before = store.to_record("t1")
    changes = store.apply([{**ev.failed("t1", T0 + 9), "traceback": 7}, {**ev.received("t1", T0 + 9), "retries": "x"}])
    assert changes.ignored == 2 and changes.changed == ()
    assert store.to_record("t1") == before


def test_unparseable_eta_is_kept_as_none_not_an_error():
    store, (changes,) = feed([Events().received("t1", T0, eta="whenever")])
    assert (changes.ingested, store.task("t1").eta) == (1, None)


# Which types each field may have (None means "not given" for every optional field).
NUMBER = (int, float)
TASK_FIELDS = {
    "task-sent": {
        "name": str,
        "args": str,
        "kwargs": str,
        "retries": int,
        "root_id": str,
        "parent_id": str,
        "queue": str,
        "exchange": str,
        "routing_key": str,
    },
    "task-received": {"name": str, "args": str, "kwargs": str, "retries": int, "root_id": str, "parent_id": str},
    "task-started": {},
    "task-succeeded": {"result": str, "runtime": NUMBER},
    "task-failed": {"exception": str, "traceback": str},
    "task-retried": {"exception": str, "traceback": str},
    "task-revoked": {"terminated": bool, "expired": bool, "signum": (int, str)},
    "task-rejected": {"requeue": bool},
}
REQUIRED_TASK = {"uuid": str, "hostname": str, "timestamp": NUMBER}
WORKER_FIELDS = {"pid": int, "active": int, "processed": int, "freq": NUMBER, "sw_ident": str, "sw_ver": str, "sw_sys": str}
REQUIRED_WORKER = {"hostname": str, "timestamp": NUMBER}

any_value = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _wrong_for(allowed):
    allowed = allowed if isinstance(allowed, tuple) else (allowed,)

    def fits(value) -> bool:
        if isinstance(value, bool):
            return bool in allowed
        return isinstance(value, allowed)

    return any_value.filter(lambda v: not fits(v))


def _template(kind: str) -> dict:
    ev = Events()
    if kind.startswith("worker-"):
        return ev.worker(kind[7:], T0)
    return {
        "task-sent": ev.sent("t1", T0),
        "task-received": ev.received("t1", T0),
        "task-started": ev.started("t1", T0),
        "task-succeeded": ev.succeeded("t1", T0),
        "task-failed": ev.failed("t1", T0),
        "task-retried": ev.retried("t1", T0),
        "task-revoked": ev.revoked("t1", T0, terminated=True, signum=15),
        "task-rejected": ev.make("task-rejected", T0, uuid="t1", requeue=True),
    }[kind]


@st.composite
def one_field_wrong(draw):
    kind = draw(st.sampled_from([*TASK_FIELDS, "worker-online", "worker-heartbeat", "worker-offline"]))
    spec = {**REQUIRED_TASK, **TASK_FIELDS[kind]} if kind.startswith("task-") else {**REQUIRED_WORKER, **WORKER_FIELDS}
    field = draw(st.sampled_from(sorted(spec)))
    event = _template(kind)
    required = REQUIRED_TASK if kind.startswith("task-") else REQUIRED_WORKER
    if field in required and draw(st.booleans()):
        del event[field]
    else:
        event[field] = draw(_wrong_for(spec[field]))
    return event


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(one_field_wrong())
def test_property_a_wrong_typed_or_missing_field_is_ignored(event):
    store = EventStore()
    changes = store.apply([event])
    assert (changes.ingested, changes.ignored) == (0, 1)
    assert len(store) == 0 and store.workers(now=T0) == ()


field_names = st.sampled_from(
    sorted({"type", "local_received", "clock", "pid", "utcoffset", "freq", "loadavg", "eta", "expires"} | set(REQUIRED_TASK))
    + sorted({f for fields in TASK_FIELDS.values() for f in fields} | set(WORKER_FIELDS))
)
random_event = st.one_of(
    any_value,
    st.dictionaries(field_names, st.one_of(st.none(), any_value), max_size=12),
    st.builds(
        lambda kind, fields, base: {**base(kind), **fields},
        st.sampled_from([*TASK_FIELDS, "worker-online", "worker-heartbeat", "worker-offline"]),
        st.dictionaries(field_names.filter(lambda f: f != "type"), st.one_of(st.none(), any_value), max_size=4),
        st.just(_template),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(random_event, max_size=30))
def test_property_random_events_never_raise_and_are_all_counted(events):
    store = EventStore(max_tasks=5)
    valid_before = store.apply([_valid()])
    changes = store.apply(events)
    assert changes.ingested + changes.ignored == len(events)
    assert store.ingested + store.ignored == len(events) + 1 and valid_before.ingested == 1
    assert len(store) <= 5
    for task in store:  # whatever got in still makes a record
        store.to_record(task.id)
    store.workers(now=T0)


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(Events().lifecycle("a", T0, final="failed") + Events().lifecycle("b", T0, parent_id="a")), st.integers(1, 8)
)
def test_property_any_arrival_order_matches_state(events, batch):
    store, changes = feed(events, batch=batch)
    assert_same_as_state(store, reference(events))
    assert sum(c.ignored for c in changes) == 0
    assert sorted(f.state for c in changes for f in c.finished) == [states.FAILURE, states.SUCCESS]
