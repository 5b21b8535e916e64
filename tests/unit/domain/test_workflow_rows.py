"""WorkflowRows: which rows belong to which sent workflow, its parts recomputed as its steps change."""

from __future__ import annotations

import json

from desktop.core.domain.calls import CallDraft
from desktop.core.domain.canvas import Chain, Group, Step, validate
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_rows import TaskRows
from desktop.core.domain.workflow_rows import WorkflowRows
from desktop.core.domain.workflows import NOT_RUN, plan


def step(task: str, *args) -> Step:
    return Step(CallDraft(task, args_json=json.dumps(list(args))))


def shown(node, keep_unsaved: bool = False):
    """A workflow added as the session adds a sent one: parts placed, steps tracked, all announced."""
    run = plan(node, validate(node).specs, sent_at=100.0).run
    rows = TaskRows(keep_unsaved=keep_unsaved)
    part = WorkflowRows(rows)
    part.add(run)
    for step_id in run.step_ids:
        rows.put_tracked(TaskRecord(id=step_id, name="tasks.add", mine=True, parent_id=run.step_parent[step_id]))
    rows.announce(run.order)
    part.settle(rows.take_unsettled())
    return run, rows, part


def results(rows: TaskRows, part: WorkflowRows, **states: str) -> dict[str, None]:
    """The backend's word on some steps, settled as the session settles a batch; returns the settled ids."""
    for step_id, state in states.items():
        rows.put_tracked(TaskRecord(id=step_id, name="tasks.add", state=state, mine=True))
    changed = rows.take_unsettled()
    part.settle(changed)
    return changed


def test_every_row_of_a_workflow_knows_its_workflow():
    node = Chain((step("tasks.add", 1, 1), Group((step("tasks.mul", 2), step("tasks.mul", 3)))))
    run, rows, part = shown(node)
    top, inner = run.parts
    assert all(part.workflow_of(i) is run for i in run.row_ids) and part.workflow_of("other") is None
    assert [r.id for r in rows.take_changes()] == list(run.order)  # parents before children
    assert rows.tasks[top.id].container == "chain" and rows.tasks[inner.id].container == "group"
    assert part.with_workflows([inner.id]) == [inner.id, top.id, *(i for i in run.row_ids if i not in (top.id, inner.id))]
    assert part.with_workflows([run.step_ids[0]]) == [run.step_ids[0]]  # a step stands for itself
    assert part.step_ids([top.id, "other"]) == ["other", *run.step_ids]  # Celery ids only


def test_a_step_that_ends_settles_its_parts():
    node = Group((step("tasks.add", 1, 1), step("tasks.add", 2, 2)))
    run, rows, part = shown(node)
    a, b = run.step_ids
    results(rows, part, **{a: "SUCCESS"})
    assert not rows.tasks[run.id].ready
    rows.take_changes()
    changed = results(rows, part, **{b: "SUCCESS"})
    assert rows.tasks[run.id].state == "SUCCESS" and run.id in changed  # the top row is settled with its step
    assert run.id in {r.id for r in rows.take_changes()}
    assert rows.tasks[b].parent_id == run.id  # under its part, whatever parent Celery names


def test_a_failure_marks_the_steps_after_it_that_never_run():
    node = Chain((step("tasks.add", 1, 1), step("tasks.add", 2, 2), step("tasks.add", 3, 3)))
    run, rows, part = shown(node, keep_unsaved=True)
    first, second, third = run.step_ids
    rows.take_unsaved()
    results(rows, part, **{first: "FAILURE"})
    assert rows.tasks[second].warning.startswith(NOT_RUN) and rows.tasks[third].warning.startswith(NOT_RUN)
    assert {first, second, third} <= set(rows.unsaved)  # the marked steps are written too
    assert rows.tasks[run.id].state == "FAILURE"


def test_a_workflow_leaves_whole_and_only_once_it_is_over_and_written():
    node = Group((step("tasks.add", 1, 1), step("tasks.add", 2, 2)))
    run, rows, part = shown(node, keep_unsaved=True)
    a, b = run.step_ids
    assert part.leaving_with("other") == ("other",)
    results(rows, part, **{a: "SUCCESS"})
    assert part.leaving_with(a) is None  # b still runs
    results(rows, part, **{b: "SUCCESS"})
    assert part.leaving_with(a) is None  # not written yet
    rows.take_unsaved()
    assert list(part.leaving_with(a)) == list(run.row_ids)
    part.drop([a])
    assert part.runs == {} and part.workflow_of(run.id) is None and part.workflow_of(b) is None
