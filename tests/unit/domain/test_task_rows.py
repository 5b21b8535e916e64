"""TaskRows: the window's rows and what changed in them, each change seen once by each of its readers."""

from __future__ import annotations

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_rows import TaskRows

HOST = "w1@example"


def row(task_id: str, state: str = "PENDING", **known) -> TaskRecord:
    return TaskRecord(id=task_id, name="tasks.add", state=state, mine=known.pop("mine", True), **known)


def test_a_change_is_taken_once_by_each_reader_in_the_order_rows_first_changed():
    rows = TaskRows(keep_unsaved=True)
    for task_id in ("b", "a", "b"):
        rows.put_tracked(row(task_id))
    assert [r.id for r in rows.take_changes()] == ["b", "a"] and rows.take_changes() == []
    assert list(rows.take_unsettled()) == ["b", "a"] and rows.take_unsettled() == {}
    assert [r.id for r in rows.take_unsaved()] == ["b", "a"] and rows.take_unsaved() == []


def test_without_a_history_nothing_waits_to_be_written():
    rows = TaskRows()
    rows.put_tracked(row("a"))
    rows.amend(row("a", "STARTED"), save=True)
    assert rows.unsaved == {} and rows.take_unsaved() == []


def test_a_workflows_own_row_is_not_written():
    rows = TaskRows(keep_unsaved=True)
    rows.put(TaskRecord(id="wf", container="group", mine=True))
    rows.put(row("step"))
    assert [r.id for r in rows.take_unsaved()] == ["step"]


def test_an_amended_row_is_repainted_but_not_settled_again():
    rows = TaskRows(keep_unsaved=True)
    rows.amend(row("a", "STARTED"))
    rows.amend(row("b", "STARTED"), save=True)
    assert rows.unsettled == {} and list(rows.changes) == ["a", "b"] and list(rows.unsaved) == ["b"]


def test_placed_rows_show_in_the_order_they_are_announced():
    rows = TaskRows()
    rows.put_tracked(row("step"))
    rows.place([TaskRecord(id="top", container="chain", mine=True)])
    assert "top" in rows.tasks and "top" not in rows.changes
    rows.announce(["top", "step"])
    assert [r.id for r in rows.take_changes()] == ["top", "step"]


def test_dropped_rows_leave_every_set_and_the_window_is_told_once():
    rows = TaskRows(keep_unsaved=True)
    rows.put_tracked(row("mine", "STARTED", worker=HOST))
    rows.put_seen(row("theirs", mine=False))
    assert "mine" in rows.on_workers and "theirs" in rows.seen_only
    rows.drop(["mine", "theirs"])
    for kept in (rows.tasks, rows.changes, rows.unsettled, rows.unsaved, rows.seen_only, rows.on_workers):
        assert not kept
    assert rows.take_removed() == {"mine", "theirs"} and rows.take_removed() == set()


def test_a_seen_row_tracked_later_is_no_longer_seen_only():
    rows = TaskRows()
    rows.put_seen(row("a", mine=False))
    rows.put_tracked(row("a"))
    assert rows.seen_only == {}


def test_seen_only_rows_past_the_bound_leave_in_a_chunk_oldest_first():
    rows = TaskRows()
    rows.max_seen = 10
    for i in range(10):
        rows.put_seen(row(f"e{i}", mine=False))
    assert rows.seen_to_evict() == []
    rows.put_seen(row("e0", mine=False))  # seen again: the newest now
    rows.put_seen(row("e10", mine=False))
    assert rows.seen_to_evict() == ["e1", "e2"]  # down to 90 %
    assert rows.oldest_seen(keep=8) == ["e1", "e2", "e3"]


def test_past_the_row_limit_the_oldest_finished_leave_and_the_unfinished_stay():
    rows = TaskRows()
    rows.max_rows = 20
    tracked = [f"t{i:02d}" for i in range(30)]
    for i, task_id in enumerate(tracked):
        rows.put_tracked(row(task_id, "STARTED" if i % 5 == 0 else "SUCCESS"))
    gone = rows.to_trim(tracked)
    assert len(gone) == 30 - 20 + 1  # down to the limit and a chunk (5 %) more
    assert not any(rows.tasks[i].state == "STARTED" for i in gone) and gone == sorted(gone)  # finished, oldest first
    assert rows.to_trim(tracked[:20]) == []  # within the limit: nothing leaves


def test_rows_that_leave_together_go_whole_or_not_at_all():
    rows = TaskRows()
    rows.max_rows = 3
    tracked = ["a", "b", "c", "d", "e"]
    for task_id in tracked:
        rows.put_tracked(row(task_id, "SUCCESS"))
    groups = {"a": None, "b": ("b", "x", "y")}  # a cannot go yet; b takes its workflow's rows with it
    assert rows.to_trim(tracked, lambda i: groups.get(i, (i,))) == ["b", "x", "y"]


def test_restored_rows_are_shown_and_settled_but_not_written_again():
    rows = TaskRows(keep_unsaved=True)
    rows.put_tracked(row("live", "STARTED"))
    rows.take_changes()
    mine = rows.restore([row("live", "SUCCESS"), row("old", "SUCCESS"), row("other", mine=False)])
    assert [r.id for r in mine] == ["old"] and rows.tasks["live"].state == "STARTED"  # the live row stays
    assert list(rows.changes) == ["old", "other"] and list(rows.unsettled) == ["live", "old", "other"]
    assert list(rows.unsaved) == ["live"] and list(rows.seen_only) == ["other"]


def test_a_row_a_worker_holds_carries_its_warning_until_it_moves_on():
    lost: set[str] = set()
    rows = TaskRows(warning_for=lambda r: f"worker lost: {r.worker}" if r.worker in lost else "")
    rows.put_tracked(row("a", "STARTED", worker=HOST))
    assert rows.tasks["a"].warning == "" and list(rows.on_workers) == ["a"]
    rows.take_changes()
    lost.add(HOST)
    assert rows.rewarn() and rows.tasks["a"].warning == f"worker lost: {HOST}"
    assert [r.id for r in rows.take_changes()] == ["a"] and rows.unsettled == {"a": None}  # settled from the first put only
    assert not rows.rewarn()  # nothing new to say
    rows.put_tracked(row("a", "STARTED", worker=HOST))  # a fresh record from the backend keeps the warning
    assert rows.tasks["a"].warning == f"worker lost: {HOST}"
    rows.put_tracked(row("a", "SUCCESS", worker=HOST))
    assert rows.tasks["a"].warning == "" and rows.on_workers == {}
    assert not rows.rewarn()


def test_a_forgotten_task_stays_out_until_it_is_tracked_again(monkeypatch):
    from desktop.core.domain import task_rows

    rows = TaskRows()
    rows.put_seen(row("late", state="RETRY", mine=False))
    rows.drop(["late"])
    rows.keep_out(["late"])
    rows.put_seen(row("late", state="STARTED", mine=False))  # a retry's event, after the user forgot it
    assert "late" not in rows.tasks and "late" not in rows.seen_only
    rows.put_tracked(row("late", state="STARTED"))  # tracked again on purpose: shown, and events count again
    assert rows.tasks["late"].state == "STARTED" and "late" not in rows.forgotten
    monkeypatch.setattr(task_rows, "MAX_FORGOTTEN", 3)
    rows.keep_out(["a", "b", "c", "d"])
    assert list(rows.forgotten) == ["b", "c", "d"]  # the oldest let go first
