"""merge_event_view: one row from the result backend's record and the events' record of one task.

Backend records are built the way the poller builds them (``record_from_meta``), event records the
way the session gets them (``EventStore.apply`` then ``to_record``), from events shaped as Celery
sends them. No network.
"""

from __future__ import annotations

import pytest

from desktop.core.domain.events import EventStore
from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.domain.results import merge_event_view, record_from_meta

TASK_ID = "0b7c6a3e-2f41-4a8e-9d7b-6b1f1c3a9e10"
WORKER = "w1@host"
SENT, RECEIVED, STARTED, DONE = 1_700_000_000.0, 1_700_000_000.5, 1_700_000_001.0, 1_700_000_003.5


def mine(**known) -> TaskRecord:
    """What the console tracks when it sends a call (session.track)."""
    return TaskRecord(id=TASK_ID, mine=True, sent_at=SENT - 0.01, **known)


def backend(meta: dict, base: TaskRecord | None = None) -> TaskRecord:
    """The poller's record after reading ``meta`` from the backend."""
    return record_from_meta(base or mine(name="tasks.add", args="2, 3"), meta)


def event(kind: str, timestamp: float, **fields) -> dict:
    return {"type": kind, "uuid": TASK_ID, "hostname": WORKER, "timestamp": timestamp, "local_received": timestamp, **fields}


def events_record(*events: dict) -> TaskRecord:
    store = EventStore()
    changes = store.apply(events)
    assert changes.ignored == 0, "a test event was malformed"
    record = store.to_record(TASK_ID)
    assert record is not None
    return record


RECEIVED_EVENT = event("task-received", RECEIVED, name="tasks.add", args="(2, 3)", kwargs="{}", retries=0)
STARTED_EVENT = event("task-started", STARTED)
SUCCEEDED_EVENT = event("task-succeeded", DONE, result="5", runtime=2.4)


# -- the state only moves forward ------------------------------------------------------------------


def test_pending_backend_and_started_event_is_started():
    row = merge_event_view(mine(name="tasks.add"), events_record(RECEIVED_EVENT, STARTED_EVENT))
    assert row.state == "STARTED"
    assert row.started_at == STARTED and row.worker == WORKER


def test_progress_backend_stays_progress_when_the_event_says_started():
    stored = backend({"status": "PROGRESS", "result": {"current": 3, "total": 10}})
    row = merge_event_view(stored, events_record(RECEIVED_EVENT, STARTED_EVENT))
    assert row.state == "PROGRESS"
    assert row.progress == Progress(3.0, 10.0)
    assert row.result == stored.result == '{"current": 3, "total": 10}'
    assert row.started_at == STARTED  # the task-started moment, not when a poll first saw it running


@pytest.mark.parametrize(
    "events",
    [
        (RECEIVED_EVENT,),
        (RECEIVED_EVENT, STARTED_EVENT),
        (RECEIVED_EVENT, STARTED_EVENT, event("task-failed", DONE, exception="ValueError('late')", traceback="Tb")),
        (event("task-revoked", DONE, terminated=True, signum=15),),
        (event("task-retried", DONE, exception="ConnectionError('x')", traceback="Tb"),),
    ],
    ids=["received", "started", "failed", "revoked", "retried"],
)
def test_a_stored_success_stands_whatever_the_event_says(events):
    stored = backend({"status": "SUCCESS", "result": 5, "date_done": "2023-11-14T22:13:23.500000"})
    row = merge_event_view(stored, events_record(*events))
    assert row.state == "SUCCESS" and row.ready
    assert row.result == "5"


def test_a_stored_failure_stands_when_a_success_event_comes():
    stored = backend({"status": "FAILURE", "result": {"exc_type": "KeyError", "exc_message": ["sku"]}, "traceback": "Tb"})
    row = merge_event_view(stored, events_record(RECEIVED_EVENT, STARTED_EVENT, SUCCEEDED_EVENT))
    assert (row.state, row.result, row.exc_type, row.traceback) == ("FAILURE", "KeyError: sku", "KeyError", "Tb")


def test_pending_backend_and_success_event_is_success_with_the_events_result():
    row = merge_event_view(mine(name="tasks.add"), events_record(RECEIVED_EVENT, STARTED_EVENT, SUCCEEDED_EVENT))
    assert row.state == "SUCCESS" and row.ready
    assert row.result == "5"
    assert (row.started_at, row.date_done) == (STARTED, DONE)
    assert row.runtime == pytest.approx(DONE - STARTED)


def test_pending_backend_and_failure_event_is_failure_with_the_events_exception():
    failed = event(
        "task-failed", DONE, exception="InventoryError('only 0 left')", traceback="Traceback …\nInventoryError: only 0 left"
    )
    row = merge_event_view(mine(name="tasks.add"), events_record(RECEIVED_EVENT, STARTED_EVENT, failed))
    assert (row.state, row.exc_type, row.result) == ("FAILURE", "InventoryError", "InventoryError: only 0 left")
    assert row.traceback.endswith("InventoryError: only 0 left")
    assert row.date_done == DONE


def test_started_backend_and_received_event_stays_started():
    stored = backend({"status": "STARTED", "result": {"pid": 4242, "hostname": WORKER}})
    row = merge_event_view(stored, events_record(RECEIVED_EVENT))
    assert row.state == "STARTED"


def test_retry_backend_moves_on_to_started_when_the_retry_starts():
    stored = backend({"status": "RETRY", "result": {"exc_type": "ConnectionError", "exc_message": ["attempt 1"]}, "retries": 1})
    started_again = events_record(
        event("task-retried", STARTED, exception="ConnectionError('attempt 1')", traceback="Tb"),
        event("task-received", STARTED + 1.0, name="tasks.add", retries=1),
        event("task-started", STARTED + 1.1),
    )
    row = merge_event_view(stored, started_again)
    assert row.state == "STARTED"
    assert row.retries == 1


def test_no_event_record_gives_the_backend_record_back():
    stored = backend({"status": "SUCCESS", "result": 5})
    assert merge_event_view(stored, None) is stored


# -- what comes from where -----------------------------------------------------------------------


def test_backend_result_meta_and_progress_win_over_the_events():
    """Same SUCCESS both ways: the backend's JSON text, meta and completed progress, not the event's repr."""
    running = backend({"status": "PROGRESS", "result": {"current": 1, "total": 2}})
    done = backend({"status": "SUCCESS", "result": {"current": 2, "total": 2, "status": "done"}}, running)
    seen = events_record(
        RECEIVED_EVENT, STARTED_EVENT, event("task-succeeded", DONE, result="{'current': 2, 'total': 2, 'status': 'done'}")
    )
    row = merge_event_view(done, seen)
    assert row.result == '{"current": 2, "total": 2, "status": "done"}'
    assert row.progress == Progress(2.0, 2.0)
    assert row.meta == done.meta and row.meta["status"] == "SUCCESS" and "source" not in row.meta


def test_the_events_moments_and_worker_are_used():
    stored = backend(
        {
            "status": "SUCCESS",
            "result": 5,
            "worker": "stored-name@host",
            "date_started": "2023-11-14T22:13:19",  # a poll's idea of the start: seconds off
            "date_done": "2023-11-14T22:13:24",
        }
    )
    row = merge_event_view(stored, events_record(RECEIVED_EVENT, STARTED_EVENT, SUCCEEDED_EVENT))
    assert row.worker == WORKER
    assert row.started_at == STARTED and row.date_done == DONE
    assert row.runtime == pytest.approx(2.5)


def test_the_backends_moments_and_worker_stay_where_the_events_have_none():
    stored = backend(
        {"status": "SUCCESS", "result": 5, "worker": "stored@host", "date_started": 1_700_000_001.0, "date_done": 1_700_000_002.0}
    )
    sent_only = events_record(
        {"type": "task-sent", "uuid": TASK_ID, "hostname": "client@host", "timestamp": SENT, "name": "tasks.add"}
    )
    row = merge_event_view(stored, sent_only)
    assert row.worker == "stored@host"  # a task-sent event names the client, never the worker
    assert (row.started_at, row.date_done) == (1_700_000_001.0, 1_700_000_002.0)
    assert row.sent_at == SENT


def test_name_and_args_fill_from_events_when_the_backend_has_none():
    tracked_by_id = TaskRecord(id=TASK_ID, mine=True)  # an id pasted by the user: nothing known yet
    stored = record_from_meta(tracked_by_id, {"status": "PENDING", "result": None})
    seen = events_record(
        event("task-received", RECEIVED, name="tasks.add", args="(2, 3)", kwargs="{'z': 1}", retries=0), STARTED_EVENT
    )
    row = merge_event_view(stored, seen)
    assert (row.name, row.args, row.kwargs) == ("tasks.add", "(2, 3)", "{'z': 1}")


def test_name_and_args_the_backend_has_are_kept():
    stored = backend({"status": "STARTED", "result": None, "name": "tasks.add", "args": [2, 3]})
    seen = events_record(event("task-received", RECEIVED, name="renamed.by.event", args="(9, 9)", kwargs="{'k': 0}"))
    row = merge_event_view(stored, seen)
    assert (row.name, row.args) == ("tasks.add", "2, 3")
    assert row.kwargs == "{'k': 0}"  # the backend had none


@pytest.mark.parametrize("is_mine", [True, False])
def test_mine_is_kept_from_the_backend_record(is_mine):
    stored = TaskRecord(id=TASK_ID, mine=is_mine)
    seen = events_record(RECEIVED_EVENT, STARTED_EVENT, SUCCEEDED_EVENT)
    assert seen.mine is False
    assert merge_event_view(stored, seen).mine is is_mine


def test_the_backends_read_error_and_eta_are_kept():
    stored = TaskRecord(id=TASK_ID, mine=True, eta=SENT + 60, error="unreadable result: expected a task meta object, got 42")
    row = merge_event_view(stored, events_record(event("task-received", RECEIVED, name="tasks.add", eta=SENT + 90)))
    assert row.error == stored.error
    assert row.eta == SENT + 60


# -- the exception and progress belong to the state they came with --------------------------------


def test_a_success_that_comes_from_the_events_completes_the_progress_bar():
    stored = backend({"status": "PROGRESS", "result": {"current": 3, "total": 10}})
    row = merge_event_view(stored, events_record(RECEIVED_EVENT, STARTED_EVENT, SUCCEEDED_EVENT))
    assert row.state == "SUCCESS"
    assert row.progress == Progress(10, 10), row.progress  # the backend's 3 of 10, completed


def test_a_failure_that_comes_from_the_events_shows_its_own_traceback():
    stored = backend(
        {
            "status": "RETRY",
            "result": {"exc_type": "ConnectionError", "exc_message": ["attempt 1"]},
            "traceback": "Traceback (attempt 1)\nConnectionError: attempt 1",
            "retries": 1,
        }
    )
    final = event("task-failed", DONE, exception="ValueError('gave up')", traceback="Traceback (final)\nValueError: gave up")
    row = merge_event_view(stored, events_record(RECEIVED_EVENT, STARTED_EVENT, final))
    assert (row.state, row.exc_type, row.result) == ("FAILURE", "ValueError", "ValueError: gave up")
    assert row.traceback.endswith("ValueError: gave up"), row.traceback


def test_a_stored_success_shows_no_exception_from_a_retried_event():
    stored = backend({"status": "SUCCESS", "result": 5, "retries": 1})
    retried = events_record(
        RECEIVED_EVENT,
        STARTED_EVENT,
        event("task-retried", DONE, exception="ConnectionError('upstream not ready')", traceback="Tb\nConnectionError: x"),
    )
    row = merge_event_view(stored, retried)
    assert row.state == "SUCCESS" and row.result == "5"
    assert (row.exc_type, row.traceback) == ("", ""), (row.exc_type, row.traceback)
