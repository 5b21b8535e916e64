"""The rows that show a sent workflow: ids chosen before sending, tree layout, overall state and progress."""

from __future__ import annotations

import json

import pytest
from celery import Celery

from desktop.core.domain.calls import CallDraft
from desktop.core.domain.canvas import Chain, Chord, Group, Step, to_signature, validate
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.workflows import WorkflowRun, never_run, placed, plan, rows, shape


def step(task: str, *args) -> Step:
    return Step(CallDraft(task, args_json=json.dumps(list(args))))


def planned(node):
    result = validate(node)
    assert result.ok, result.errors
    return plan(node, result.specs, sent_at=100.0)


def test_shape_counts_runs_of_the_same_task():
    assert shape(Chain((step("tasks.add", 2, 2), step("tasks.mul", 4)))) == "chain(add, mul)"
    assert shape(Group(tuple(step("tasks.add", i, i) for i in range(10)))) == "group(add × 10)"
    node = Chord((step("tasks.add", 1, 1), step("tasks.add", 2, 2), step("my-task")), Step(CallDraft("tasks.xsum")))
    assert shape(node) == "chord([add × 2, my-task], xsum)"
    assert len(shape(Group(tuple(step(f"t.task{i}") for i in range(50))))) <= 90


def test_plan_lays_out_parts_before_their_steps_in_tree_order():
    node = Chain((step("tasks.add", 1, 1), Group((step("tasks.mul", 2), step("tasks.mul", 3))), step("tasks.xsum")))
    p = planned(node)
    run = p.run
    top, inner = run.parts
    assert top.kind == "chain" and top.parent is None and inner.kind == "group" and inner.parent == top.id
    first, a, b, last = run.step_ids
    assert top.items == (first, inner.id, last) and inner.items == (a, b)
    assert top.steps == (first, a, b, last) and inner.steps == (a, b)
    assert run.order == (top.id, first, inner.id, a, b, last)
    assert run.step_parent == {first: top.id, a: inner.id, b: inner.id, last: top.id}
    assert [s.task_id for s in p.specs] == list(run.step_ids) and len(set(run.step_ids)) == 4
    assert p.group_ids == {("chain[1]",): inner.id}  # the group's row is the Celery group


def test_a_chord_gets_a_header_row():
    node = Chord((step("tasks.add", 1, 1), step("tasks.add", 2, 2)), Step(CallDraft("tasks.xsum")))
    run = planned(node).run
    top, header = run.parts
    assert top.kind == "chord" and header.kind == "group" and header.label == "header: group(add × 2)"
    assert top.items == (header.id, run.step_ids[-1]) and header.items == run.step_ids[:2]


def test_a_user_chosen_task_id_is_kept():
    node = Group((Step(CallDraft("tasks.add", args_json="[1, 1]", task_id="mine-1")), step("tasks.add", 2, 2)))
    assert planned(node).run.step_ids[0] == "mine-1"


def test_the_signature_carries_every_chosen_id():
    app = Celery("t", set_as_current=False)
    node = Group((step("tasks.add", 1, 1), Group((step("tasks.mul", 2), step("tasks.mul", 3)))))
    p = planned(node)
    signature = to_signature(node, app, p.specs, p.group_ids)
    top, inner = p.run.parts
    assert signature.options["task_id"] == top.id  # a group's row is the Celery group
    first, nested = signature.tasks
    assert first.options["task_id"] == p.run.step_ids[0]
    assert nested.options["task_id"] == inner.id
    assert [t.options["task_id"] for t in nested.tasks] == list(p.run.step_ids[1:])


def records(run: WorkflowRun, **states) -> dict[str, TaskRecord]:
    out = {}
    for i, step_id in enumerate(run.step_ids):
        state = states.get(f"s{i}", "PENDING")
        result = {"SUCCESS": str(i), "FAILURE": "KeyError: 'x'"}.get(state, "")
        out[step_id] = TaskRecord(
            id=step_id, name=f"t{i}", state=state, result=result, date_done=float(i) if state in ("SUCCESS", "FAILURE") else None
        )
    return out


def test_overall_state_and_progress():
    node = Chain((step("tasks.add", 1, 1), step("tasks.mul", 2), step("tasks.mul", 3)))
    run = planned(node).run
    top = rows(run, records(run))[0]
    assert (top.state, top.progress.current, top.progress.total, top.container) == ("PENDING", 0, 3, "chain")
    top = rows(run, records(run, s0="SUCCESS", s1="STARTED"))[0]
    assert (top.state, top.progress.current) == ("STARTED", 1)
    top = rows(run, records(run, s0="SUCCESS", s1="SUCCESS", s2="SUCCESS"))[0]
    assert (top.state, top.result, top.date_done, top.args) == ("SUCCESS", "2", 2.0, "3 steps")  # the last step's result
    top = rows(run, records(run, s0="SUCCESS", s1="FAILURE"))[0]
    assert top.state == "FAILURE" and top.result == "t1 failure: KeyError: 'x'" and top.progress.current == 2


def test_a_group_result_is_every_result():
    node = Group((step("tasks.add", 1, 1), step("tasks.add", 2, 2)))
    run = planned(node).run
    assert rows(run, records(run, s0="SUCCESS", s1="SUCCESS"))[0].result == "[0, 1]"


def test_steps_after_a_failure_never_run_and_celerys_copies_of_the_failure_are_not_their_own():
    node = Chain((step("tasks.add", 1, 1), step("tasks.mul", 2), step("tasks.mul", 3)))
    run = planned(node).run
    tasks = records(run, s0="FAILURE")
    first, second, third = run.step_ids
    assert never_run(run, tasks) == {
        second: "not run: t0 failed before it",
        third: "not run: t0 failed before it",
    }
    # Celery stores the same failure for the later steps of the chain
    from dataclasses import replace

    tasks[second] = replace(tasks[first], id=second, name="t1")
    blocked = never_run(run, tasks)
    assert blocked[second] == "not run: t0 failed before it"
    marked = placed(tasks[second], run, blocked[second])
    assert marked.warning == blocked[second] and marked.parent_id == run.id
    assert placed(marked, run, "").warning == ""  # re-sent and running: the mark goes


def test_a_chord_body_after_a_failed_header_never_ran():
    node = Chord((step("tasks.add", 1, 1), step("tasks.add", 2, 2)), Step(CallDraft("tasks.xsum")))
    run = planned(node).run
    tasks = records(run, s1="FAILURE")
    body = run.step_ids[-1]
    from dataclasses import replace

    tasks[body] = replace(tasks[body], state="FAILURE", result="ChordError: Dependency x raised KeyError('x')")
    assert never_run(run, tasks) == {body: "not run: t1 failed before it"}
    (header_row,) = [r for r in rows(run, tasks) if r.id == run.parts[1].id]
    assert header_row.state == "FAILURE"


def test_a_sent_workflow_round_trips_as_json():
    node = Chord((step("tasks.add", 1, 1),), Step(CallDraft("tasks.xsum")))
    run = planned(node).run
    again = WorkflowRun.from_json(json.loads(json.dumps(run.to_json())))
    assert again == run and again.order == run.order
    with pytest.raises(ValueError):
        WorkflowRun.from_json({"workflow": run.to_json()["workflow"], "parts": [{"id": 1}]})


def test_a_single_step_is_not_a_workflow():
    with pytest.raises(ValueError):
        plan(step("tasks.add", 1, 1), validate(step("tasks.add", 1, 1)).specs)
