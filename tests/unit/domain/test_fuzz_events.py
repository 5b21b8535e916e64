"""Property-based: any event (task-* and worker-*, every field of every JSON type, fields missing, not a
dict at all) folded into the EventStore and through the monitor into a ConsoleSession's rows.
Nothing raises, garbage is counted in ``ignored``, and the store stays consistent: good events after
the garbage still apply, and every row is fit for the views, the dump and the history."""

from __future__ import annotations

import json
import math
import tempfile
import uuid
from pathlib import Path

import pytest
from celery import states
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.domain.events import EventStore
from desktop.core.store.history import HistoryDatabase
from tests.support import garbage
from tests.support.fuzzing import tried
from tests.support.record_checks import assert_showable
from tests.support.sessions import session_for

T0 = garbage.T0
TRACKED = garbage.TRACKED
TASK_KINDS, WORKER_KINDS = garbage.TASK_KINDS, garbage.WORKER_KINDS
events = garbage.events
FUZZ = settings(max_examples=200, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])


BROKEN = {
    "uuid": st.one_of(st.sampled_from(["", "x" * 513, "id-\ud800"]), garbage.json_values.filter(lambda v: type(v) is not str)),
    "hostname": st.one_of(st.sampled_from(["x" * 1001, "w\udfff@h"]), garbage.json_values.filter(lambda v: type(v) is not str)),
    "timestamp": st.one_of(
        st.sampled_from([math.nan, math.inf, -1.0, 1e20, 10**400, 2**64, True, "yesterday", None]),
        garbage.json_values.filter(lambda v: not isinstance(v, int | float) or isinstance(v, bool)),
    ),
    "retries": st.sampled_from([-1, 2**31, 10**30, 1.5, "1", True]),
    "eta": st.sampled_from([-5.0, 1e20, 10**400, math.nan, ["2026"], {"at": 1}]),
    "parent_id": st.sampled_from(["", "p\ud800", "x" * 513, 7, ["p"]]),
}


@st.composite
def broken_events(draw):
    """An event that must be ignored: not a dict, no type, or a field no store can take."""
    shape = draw(st.sampled_from(["not a dict", "no type", "type", *BROKEN]))
    if shape == "not a dict":
        return draw(garbage.json_values.filter(lambda v: not isinstance(v, dict)))
    kind = draw(st.sampled_from(TASK_KINDS[:8] + WORKER_KINDS[:2]))
    event = {"type": kind, "uuid": "victim", "hostname": "w1@h", "timestamp": T0, "name": "tasks.add"}
    if shape == "no type":
        del event["type"]
    elif shape == "type":
        event["type"] = draw(garbage.json_values.filter(lambda v: not isinstance(v, str)))
    else:
        if shape in ("retries", "eta", "parent_id"):
            event["type"] = draw(st.sampled_from(["task-sent", "task-received"]))
        if shape == "uuid" and kind.startswith("worker-"):
            event["type"] = "task-started"
        event[shape] = draw(BROKEN[shape])
    return event


def good_events(task_id: str, hostname: str) -> list[dict]:
    w = {"hostname": hostname}
    return [
        {"type": "worker-online", "timestamp": T0, "freq": 2.0, **w},
        {"type": "task-received", "uuid": task_id, "timestamp": T0, "name": "tasks.add", "args": "(1, 2)", **w},
        {"type": "task-started", "uuid": task_id, "timestamp": T0 + 1, **w},
        {"type": "task-succeeded", "uuid": task_id, "timestamp": T0 + 2, "result": "3", "runtime": 1.0, **w},
    ]


@pytest.fixture(scope="module")
def history():
    with tempfile.TemporaryDirectory() as folder:
        database = HistoryDatabase(Path(folder) / "history.sqlite3")
        database.open()
        yield database
        database.close()


def check_store(store: EventStore) -> None:
    """Every held task makes a record; the parent index names held children of that parent, none twice."""
    for task in store:
        store.to_record(task.id)
    for parent_id, children in store._children.items():
        assert len(children) == len(set(children)), parent_id
        for child in children:
            assert store.task(child) is not None and store.task(child).parent_id == parent_id, (parent_id, child)
            assert child != parent_id
    assert len(store) <= store.max_tasks


@FUZZ
@given(st.lists(broken_events(), min_size=1, max_size=15), st.lists(events(), max_size=25))
def test_fuzz_events_through_the_monitor_into_the_rows(history, broken, anything_goes):
    tried("events (monitor + session)", len(broken) + len(anything_goes))
    session = session_for("redis://127.0.0.1:9/0", "redis://127.0.0.1:9/1")
    try:
        for task_id in TRACKED:
            session.track(task_id)
        monitor, store = session.monitor, session.monitor.store
        monitor._on_events(broken)
        assert (store.ingested, store.ignored, len(store)) == (0, len(broken), 0), broken
        monitor._on_events(anything_goes)
        assert store.ingested + store.ignored == len(broken) + len(anything_goes)
        check_store(store)
        good, hostname = f"good-{uuid.uuid4()}", f"good-{uuid.uuid4().hex[:6]}@h"
        ingested = store.ingested
        monitor._on_events(good_events(good, hostname))
        assert store.ingested == ingested + 4  # after any garbage, good events still apply
        assert store.task(good).state == states.SUCCESS and session.tasks[good].state == states.SUCCESS
        assert session.tasks[good].worker == hostname and store.worker(hostname, now=T0 + 3).online
        check_store(store)
        assert_showable(session.tasks.values(), history)
        assert_showable([store.to_record(task.id) for task in store])
        json.dumps(monitor.to_dict(session.workers), ensure_ascii=False).encode()
        session.dump_json().encode()
    finally:
        session.client.close()


@FUZZ
@given(st.lists(st.one_of(events(), broken_events()), max_size=40), st.integers(1, 6))
def test_fuzz_a_small_store_stays_bounded_and_consistent(batch, max_tasks):
    tried("events (store)", len(batch))
    store = EventStore(max_tasks=max_tasks, max_workers=3)
    changes = store.apply(batch)
    assert changes.ingested + changes.ignored == len(batch)
    assert len(store.workers(now=T0)) <= 3
    check_store(store)
    assert_showable([store.to_record(task.id) for task in store])
    ingested = store.ingested
    store.apply(good_events("good", "good@h"))
    assert store.ingested == ingested + 4 and store.task("good").state == states.SUCCESS


# -- what the fuzzing found, one case each --------------------------------------------------------


def test_an_event_time_no_view_can_show_is_ignored():
    # a timestamp of 1e20 was kept, and time.localtime() raised when the table drew the row
    store = EventStore()
    for timestamp in (1e20, -5.0, 10**400):
        ev = {"type": "task-started", "uuid": "t", "hostname": "w", "timestamp": timestamp}
        assert store.apply([ev]).ignored == 1
        assert store.apply([{"type": "worker-heartbeat", "hostname": "w", "timestamp": timestamp}]).ignored == 1
    assert store.apply([{"type": "task-received", "uuid": "t", "hostname": "w", "timestamp": T0, "eta": 1e20}]).ignored == 1


def test_retries_that_fit_no_cell_are_ignored():
    # SQLite refuses an int over 2**63: the history's writer thread died on it
    store = EventStore()
    for retries in (2**63, -1):
        assert (
            store.apply([{"type": "task-received", "uuid": "t", "hostname": "w", "timestamp": T0, "retries": retries}]).ignored
            == 1
        )


def test_ids_and_hostnames_utf8_cannot_hold_are_ignored_and_text_is_cleaned():
    # a lone surrogate ("\ud800" is valid JSON) in an id reached SQLite and the dump, which raised
    store = EventStore()
    bad = [
        {"type": "task-started", "uuid": "t\ud800", "hostname": "w", "timestamp": T0},
        {"type": "task-started", "uuid": "t", "hostname": "w\ud800", "timestamp": T0},
        {"type": "worker-online", "hostname": "w\ud800", "timestamp": T0},
        {"type": "task-received", "uuid": "t", "hostname": "w", "timestamp": T0, "parent_id": "p\ud800"},
    ]
    assert store.apply(bad).ignored == 4
    store.apply([{"type": "task-failed", "uuid": "t", "hostname": "w", "timestamp": T0, "exception": "E\ud800('x')",
                  "traceback": "tb\ud800"}])  # fmt: skip
    record = store.to_record("t")
    assert record.traceback == "tb\ufffd" and "\ud800" not in record.result
    assert_showable([record])


def test_a_task_is_never_its_own_parent():
    # a task-received naming the task itself as parent put it in its own children: a cycle for the tree
    store = EventStore()
    store.apply([{"type": "task-received", "uuid": "t", "hostname": "w", "timestamp": T0, "parent_id": "t"}])
    assert store.task("t").parent_id is None and store.children("t") == ()
