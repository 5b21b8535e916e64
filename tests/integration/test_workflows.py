"""Workflows sent through Celery's canvas to a real worker, shown as one tree each.

A private Redis and a real ``celery worker`` running the demo tasks; the console sends
chains, groups and chords built in ``core/canvas.py`` and follows them by the ids it chose.
"""

from __future__ import annotations

import json

import pytest
import redis

from desktop.core.domain.calls import CallContext, CallDraft, signature_of
from desktop.core.domain.canvas import Chain, Chord, Group, Step, validate
from desktop.core.domain.triage import FailureKey, normalise_message
from desktop.core.store.history import open_recorder
from tests.support.clusters import PrivateCluster
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration


def step(task: str, immutable: bool = False, **kwargs) -> Step:
    return Step(CallDraft(task, kwargs_json=json.dumps(kwargs)), immutable)


def args_step(task: str, *args) -> Step:
    return Step(CallDraft(task, args_json=json.dumps(list(args))))


@pytest.fixture(scope="module")
def cluster(module_cluster_on) -> PrivateCluster:
    return module_cluster_on("desktop.tasks", "canvas")


def send_and_wait(cluster: PrivateCluster, node, until, history=None, timeout: float = 60.0):
    """Send ``node`` from a fresh session and wait until ``until(session, run)``; returns (session, run)."""
    session = session_for(cluster.broker_url, cluster.backend_url, history=history)
    outcome = {}

    async def scenario():
        async with running(session, monitor=False):
            result = validate(node)
            assert result.ok, result.errors
            reply = await session.send_workflow(node, result.specs)
            assert reply.ok, reply.error
            outcome["run"] = reply.value
            await wait_until(lambda: until(session, reply.value), timeout, "the workflow to get there")
            outcome["changes"] = session.take_task_changes()

    run(session, scenario)
    return session, outcome["run"]


def test_a_chain_ends_success_16_as_one_tree(cluster):
    node = Chain((args_step("tasks.add", 2, 2), args_step("tasks.mul", 4)))
    session, wf = send_and_wait(cluster, node, lambda s, r: s.tasks[r.id].ready)
    top = session.tasks[wf.id]
    assert top.container == "chain" and top.name == "chain(add, mul)"
    assert top.state == "SUCCESS" and top.result == "16"
    assert top.progress.current == top.progress.total == 2
    add_id, mul_id = wf.step_ids
    assert session.tasks[add_id].result == "4" and session.tasks[mul_id].result == "16"
    # one tree: both steps sit under the workflow's row, in order, whatever parent Celery names
    assert session.tasks[add_id].parent_id == wf.id and session.tasks[mul_id].parent_id == wf.id
    assert session.tasks[mul_id].worker == cluster.worker.hostname


def test_a_group_of_ten_shows_ten_children_and_the_overall_progress(cluster):
    node = Group(tuple(args_step("tasks.add", i, i) for i in range(10)))
    seen_progress = []

    def until(session, wf):
        top = session.tasks[wf.id]
        seen_progress.append(top.progress.current)
        return top.ready

    session, wf = send_and_wait(cluster, node, until)
    top = session.tasks[wf.id]
    assert top.container == "group" and top.name == "group(add × 10)" and top.args == "10 steps"
    children = [r for r in session.tasks.values() if r.parent_id == wf.id]
    assert len(children) == 10 and {r.state for r in children} == {"SUCCESS"}
    assert sorted(int(r.result) for r in children) == [2 * i for i in range(10)]
    assert top.state == "SUCCESS" and top.progress.current == 10 and top.progress.total == 10
    assert seen_progress[0] < 10 and seen_progress == sorted(seen_progress)  # counted up, never back
    client = redis.Redis.from_url(cluster.backend_url)  # the states shown are the backend's
    assert all(client.exists(f"celery-task-meta-{i}") for i in wf.step_ids)


def test_a_chord_body_receives_the_header_results(cluster):
    node = Chord(tuple(args_step("tasks.add", i, 10 * i) for i in range(1, 6)), Step(CallDraft("tasks.xsum")))
    session, wf = send_and_wait(cluster, node, lambda s, r: s.tasks[r.id].ready)
    top = session.tasks[wf.id]
    header = wf.parts[1]
    body_id = wf.step_ids[-1]
    assert top.container == "chord" and top.state == "SUCCESS"
    assert session.tasks[header.id].container == "group" and session.tasks[header.id].parent_id == wf.id
    assert [session.tasks[i].parent_id for i in header.steps] == [header.id] * 5
    assert session.tasks[body_id].parent_id == wf.id
    assert session.tasks[body_id].result == str(sum(11 * i for i in range(1, 6)))  # the list of header results, summed
    assert top.result == "165"


def test_a_failing_step_fails_the_workflow_and_lands_in_its_triage_group(cluster):
    node = Chain((step("tasks.always_fails", sku="SKU-77", quantity=5), args_step("tasks.mul", 3)))
    # Celery stores the first step's failure for the rest of the chain as well, a moment after the step's own
    session, wf = send_and_wait(cluster, node, lambda s, r: s.tasks[r.id].ready and s.tasks[r.step_ids[1]].ready)
    top = session.tasks[wf.id]
    failed_id, never_id = wf.step_ids
    assert top.state == "FAILURE" and top.progress.total == 2
    assert top.result.startswith("tasks.always_fails failure: InventoryError: cannot reserve 5 x SKU-77")
    # ... and the step that never ran shows it as what it is
    assert session.tasks[never_id].state == "FAILURE"
    assert session.tasks[never_id].warning == "not run: tasks.always_fails failed before it"
    groups = session.failures.groups()
    assert [g.key for g in groups] == [
        FailureKey("tasks.always_fails", "InventoryError", normalise_message("cannot reserve 5 x SKU-77: only 0 left in stock"))
    ]
    assert groups[0].task_ids == (failed_id,)  # the workflow's own row is not a second failure


def test_a_sent_workflow_comes_back_from_the_history_as_one_tree(cluster, tmp_path):
    key = session_for(cluster.broker_url, cluster.backend_url).profile.history_key
    recorder, _ = open_recorder(key, tmp_path / "history.sqlite3")
    node = Chord(tuple(args_step("tasks.add", i, i) for i in range(3)), Step(CallDraft("tasks.xsum")))
    _, wf = send_and_wait(cluster, node, lambda s, r: s.tasks[r.id].ready and not s.rows.unsaved, history=recorder)
    recorder.stop()
    recorder, _ = open_recorder(key, tmp_path / "history.sqlite3")
    later = session_for(cluster.broker_url, cluster.backend_url, history=recorder)

    async def scenario():
        await later.load_history()

    try:
        run(later, scenario)
    finally:
        recorder.stop()
    again = later.workflow_of(wf.id)
    assert again is not None and again.node == node and again.step_ids == wf.step_ids
    top = later.tasks[wf.id]
    assert top.state == "SUCCESS" and top.result == "6" and top.container == "chord"
    assert {later.tasks[i].parent_id for i in wf.parts[1].steps} == {wf.parts[1].id}
    assert later.call_to_resend(wf.step_ids[0]).args == (0, 0)  # each step's exact call came back too


def test_terminating_a_workflow_stops_every_step(cluster):
    node = Group(tuple(step("tasks.long_progress", total=600, delay=0.1) for _ in range(2)))
    session = session_for(cluster.broker_url, cluster.backend_url)
    seen = {}

    async def scenario():
        async with running(session, monitor=False):
            result = validate(node)
            reply = await session.send_workflow(node, result.specs)
            wf = reply.value
            await wait_until(lambda: {session.tasks[i].state for i in wf.step_ids} == {"PROGRESS"}, 30, "both running")
            revoked = await session.revoke([wf.id], terminate=True)  # the workflow's row stands for its steps
            assert revoked.ok, revoked.error
            await wait_until(lambda: session.tasks[wf.id].ready, 30, "the workflow to end")
            seen["top"] = session.tasks[wf.id]
            seen["steps"] = [session.tasks[i].state for i in wf.step_ids]

    run(session, scenario)
    assert seen["top"].state == "REVOKED" and seen["top"].container == "group"
    assert "REVOKED" in seen["steps"]


def test_watching_everything_sent_tells_of_the_workflow_once_not_of_each_step(cluster):
    node = Chain((args_step("tasks.add", 2, 2), args_step("tasks.mul", 4)))
    session = session_for(cluster.broker_url, cluster.backend_url)
    session.watch.watch_sent = True
    told = []

    async def scenario():
        async with running(session, monitor=False):
            reply = await session.send_workflow(node, validate(node).specs)
            wf = reply.value
            await wait_until(lambda: session.tasks[wf.id].ready, 30, "the chain to end")
            told.extend(session.take_notifications())
            told.append(wf.id)

    run(session, scenario)
    *notes, wf_id = told
    assert [(n.task_id, n.failed) for n in notes] == [(wf_id, False)]
    assert notes[0].title.startswith("chain(add, mul)") and "16" in notes[0].body


def test_steps_built_from_task_signatures_get_the_previous_result_as_their_first_argument(cluster):
    """The composer's form for a step after another leaves its first parameter to Celery: mul(<sum>, 10)."""
    import desktop.tasks as demo

    signatures = {
        name: signature_of(task.run)
        for name, task in (("tasks.add", demo.add), ("tasks.xsum", demo.xsum), ("tasks.mul", demo.mul))
    }
    context = lambda task: CallContext(signature=signatures.get(task))  # noqa: E731
    adds = tuple(Step(CallDraft("tasks.add", params=(("x", str(n)), ("y", str(10 * n))))) for n in (1, 2))
    node = Chain((Chord(adds, Step(CallDraft("tasks.xsum"))), Step(CallDraft("tasks.mul", params=(("y", "10"),)))))
    result = validate(node, context)
    assert result.ok, result.errors
    session = session_for(cluster.broker_url, cluster.backend_url)
    outcome = {}

    async def scenario():
        async with running(session, monitor=False):
            reply = await session.send_workflow(node, result.specs)
            assert reply.ok, reply.error
            await wait_until(lambda: session.tasks[reply.value.id].ready, 60, "the workflow to end")
            outcome["top"] = session.tasks[reply.value.id]

    run(session, scenario)
    assert outcome["top"].state == "SUCCESS" and outcome["top"].result == str((11 + 22) * 10)
