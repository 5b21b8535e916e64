"""The window keeps at most ``max_rows`` of my tasks: the oldest finished leave it, unfinished ones never do."""

from __future__ import annotations

from desktop.core.domain.events import EventStore
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_rows import TaskRows
from tests.support.sessions import session_for


def test_past_the_limit_the_oldest_finished_rows_leave_and_unfinished_stay():
    session = session_for("redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")
    try:
        session.max_rows = 100
        session.track_many([TaskRecord(id=f"t{i:04d}", mine=True) for i in range(300)])
        # The backend answers: every task but each tenth one finished.
        session.apply_results(
            [TaskRecord(id=f"t{i:04d}", state="SUCCESS" if i % 10 else "STARTED", mine=True) for i in range(300)]
        )
        kept = set(session.tasks)
        assert len(session.poller.tracked) <= 100
        assert {f"t{i:04d}" for i in range(0, 300, 10)} <= kept  # unfinished: always kept
        assert "t0299" in kept and "t0001" not in kept  # newest kept, oldest finished gone
        assert kept == set(session.poller.tracked)
        assert "t0001" in session.removed_tasks  # the model is told to drop its row
    finally:
        session.client.close()


def test_a_finished_row_the_history_has_not_written_yet_stays():
    rows = TaskRows(keep_unsaved=True)  # as with history on
    rows.max_rows = 10
    tracked = [f"t{i}" for i in range(30)]
    for task_id in tracked:
        rows.put_tracked(TaskRecord(id=task_id, state="SUCCESS", mine=True))
    assert rows.to_trim(tracked) == []  # none written yet
    rows.take_unsaved()  # saved
    assert rows.to_trim(tracked) == tracked[:21]  # the oldest, down to the limit and a chunk (5 %, at least one) more


def test_a_lowered_event_store_bound_takes_effect_with_the_next_task():
    store = EventStore(max_tasks=1_000)
    sent = [{"type": "task-sent", "uuid": f"e{i}", "name": "t", "hostname": "c", "timestamp": 1000.0 + i} for i in range(100)]
    store.apply(sent)
    assert len(store) == 100
    store.max_tasks = 10
    changes = store.apply([{**sent[0], "uuid": "new", "timestamp": 2000.0}])
    assert len(store) == 10 and len(changes.removed) == 91


def test_a_workflow_leaves_the_window_whole_and_only_once_every_step_ended():
    from desktop.core.domain.calls import CallDraft
    from desktop.core.domain.canvas import Group, Step, validate
    from desktop.core.domain.workflows import plan

    session = session_for("redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")
    try:
        session.max_rows = 10
        node = Group(tuple(Step(CallDraft("tasks.add", args_json=f"[{i}, {i}]")) for i in range(4)))
        done, running = (plan(node, validate(node).specs) for _ in range(2))
        for p in (done, running):
            session.add_workflow(p.run, p.specs)
        steps = [*done.run.step_ids, *running.run.step_ids]
        # a failed step ends the second workflow (FAILURE) while its other steps still run
        states = ["SUCCESS"] * 4 + ["FAILURE", "STARTED", "STARTED", "STARTED"]
        session.apply_results([TaskRecord(id=i, state=s, mine=True) for i, s in zip(steps, states, strict=True)])
        assert session.tasks[running.run.id].state == "FAILURE"
        session.track_many([TaskRecord(id=f"t{i}", mine=True) for i in range(20)])
        session.apply_results([TaskRecord(id=f"t{i}", state="SUCCESS", mine=True) for i in range(20)])
        assert done.run.id not in session.tasks and not set(done.run.step_ids) & set(session.tasks)  # whole
        assert done.run.id not in session.workflows and done.run.id in session.removed_tasks
        assert running.run.id in session.tasks and set(running.run.step_ids) <= set(session.tasks)  # still running
    finally:
        session.client.close()
