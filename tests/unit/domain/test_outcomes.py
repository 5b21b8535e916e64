"""Outcomes: failure groups, tray counts and notifications follow the rows that changed, and forget rows that left."""

from __future__ import annotations

import time

from desktop.core.domain.outcomes import Outcomes
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.workflows import NOT_RUN


def failed(task_id: str, **known) -> TaskRecord:
    """A failure that ended after the counts began (the tray counts only those)."""
    return TaskRecord(id=task_id, name="tasks.charge", state="FAILURE", result="ValueError: card declined",
                      exc_type="ValueError", mine=True, date_done=time.time() + 1, **known)  # fmt: skip


def test_failures_are_grouped_but_not_a_workflows_own_row_nor_a_step_that_never_ran():
    tasks = {
        "a": failed("a"),
        "wf": TaskRecord(id="wf", container="chain", state="FAILURE", mine=True),
        "later": failed("later", warning=f"{NOT_RUN} tasks.charge failed before it"),
    }
    outcomes = Outcomes(tasks)
    outcomes.update(["a", "wf", "later", "gone"])
    [group] = outcomes.failures.groups()
    assert group.task_ids == ("a",) and outcomes.tray_counts.newly_failed == 1
    outcomes.forget(["a"])
    assert outcomes.failures.groups() == [] and outcomes.tray_counts.newly_failed == 0


def test_a_later_step_counted_first_leaves_the_group_once_the_failing_step_is_known():
    """Celery stores the failing step's exception for the steps after it; the poll may bring one of those first."""
    tasks = {"later": failed("later")}
    outcomes = Outcomes(tasks)
    outcomes.update(["later"])
    assert [g.task_ids for g in outcomes.failures.groups()] == [("later",)]  # nothing says yet that it never ran
    tasks["a"] = failed("a")
    tasks["later"] = failed("later", warning=f"{NOT_RUN} tasks.charge failed before it")  # the workflow settled
    outcomes.update(["a", "later"])
    assert [g.task_ids for g in outcomes.failures.groups()] == [("a",)]


def test_a_watched_row_that_ends_is_told_once_and_taken_once():
    tasks = {"a": TaskRecord(id="a", name="tasks.add", state="STARTED", mine=True)}
    outcomes = Outcomes(tasks)
    outcomes.watch_rows(["a"])
    outcomes.update(["a"])
    assert outcomes.take_notifications() == [] and outcomes.tray_counts.running == 1
    tasks["a"] = TaskRecord(id="a", name="tasks.add", state="SUCCESS", result="4", mine=True)
    outcomes.update(["a"])
    assert [n.task_id for n in outcomes.take_notifications()] == ["a"] and outcomes.take_notifications() == []
    outcomes.watch_rows(["a"], on=False)
    assert not outcomes.watch.is_watched("a")
