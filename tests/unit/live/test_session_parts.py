"""ConsoleSession over its parts: the names callers used before still read the part that holds each, nothing is copied."""

from __future__ import annotations

import json

import pytest

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_rows import pasted_ids
from desktop.core.live.forwarded import Forwarded
from tests.support.sessions import session_for


@pytest.fixture
def session():
    session = session_for("redis://:s3cret@127.0.0.1:1/0", "redis://:s3cret@127.0.0.1:1/1")  # nothing is contacted
    yield session
    session.client.close()


def test_the_old_names_read_the_parts(session):
    assert session.tasks is session.rows.tasks and session.workers is session.endpoints.workers
    assert session.errors is session.error_log.lines and session.sent_calls is session.calls.sent
    assert session.failures is session.outcomes.failures and session.workflows is session.workflow_rows.runs
    session.track("a", "tasks.add")
    assert [r.id for r in session.take_task_changes()] == ["a"] and session.take_task_changes() == []
    session.untrack(["a"])
    assert session.take_removed_tasks() == {"a"} and "a" not in session.tasks


def test_only_the_row_limit_is_set_through_the_session(session):
    session.max_rows = 7
    assert session.rows.max_rows == 7
    with pytest.raises(AttributeError, match="workers is endpoints.workers: set it there"):
        session.workers = {}
    assert isinstance(type(session).__dict__["broker"], Forwarded)


def test_errors_reach_the_error_log_and_the_listeners(session):
    told = []
    session.subscribe(told.append)
    session.report_error("refused by redis://:s3cret@127.0.0.1:1/0")
    assert "s3cret" not in session.errors[0] and told == [{"errors"}]
    session.clear_errors()
    assert session.errors == [] and session.error_log.lines == []


def test_the_dump_keeps_its_keys_in_their_order_and_no_password(session):
    session.track("a", "tasks.add")
    dump = session.dump_json()
    assert list(json.loads(dump)) == [
        "celery_desktop", "connection", "broker", "backend", "workers", "registered_tasks",
        "tracked_tasks", "seen_tasks", "history", "results", "monitor", "schedules", "errors",
    ]  # fmt: skip
    assert "s3cret" not in dump and json.loads(dump)["tracked_tasks"][0]["id"] == "a"


def test_pasted_ids_are_tracked_once_and_what_no_id_can_be_is_rejected(session):
    ids, rejected = pasted_ids("a, b\n\na;\tc " + "x" * 300 + " bad\x07id")
    assert ids == ["a", "b", "c"] and rejected == ["x" * 40, "bad\x07id"]
    session.track_many([TaskRecord(id="b", mine=True)])
    assert session.track_ids("a b c a") == (["a", "c"], [])  # b is tracked already


def test_a_big_paste_is_tracked_a_slice_at_a_time_and_all_of_it(session):
    """10,000 pasted ids at once held the window 90 ms; the first slice now, the rest in later turns of the loop."""
    import asyncio

    from desktop.core.live.session import PASTE_SLICE

    ids = [f"id-{i}" for i in range(PASTE_SLICE * 2 + 10)]

    async def paste() -> tuple[list[str], int, int]:
        tracked, _ = session.track_ids(" ".join(ids))
        at_once = len(session.tasks)
        for _ in range(200):
            if len(session.tasks) == len(ids):
                break
            await asyncio.sleep(0.01)
        return tracked, at_once, len(session.poller.tracked)

    tracked, at_once, polled = asyncio.run(paste())
    assert tracked == ids and at_once == PASTE_SLICE
    assert list(session.tasks) == ids and polled == len(ids)
    assert all(session.tasks[i].mine and session.tasks[i].sent_at for i in ids)
