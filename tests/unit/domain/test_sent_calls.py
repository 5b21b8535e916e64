"""SentCalls: what the console sent, the rows it shows at once, and what re-sending would send."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.sent_calls import SentCalls, args_summary


def test_a_sent_call_and_its_callbacks_show_as_rows_under_it():
    calls = SentCalls({})
    sent = CallSpec("tasks.add", (2, 2), {"x": "y"}, countdown=30, link=(LinkSpec("tasks.mul", (3,)),)).with_ids()
    before = time.time()
    call_row, callback_row = calls.keep([sent], parent_of={sent.task_id: "wf-part"})
    assert (call_row.id, call_row.name, call_row.args, call_row.kwargs) == (sent.task_id, "tasks.add", "2, 2", 'x="y"')
    assert call_row.mine and call_row.parent_id == "wf-part" and call_row.eta >= before + 30
    assert (callback_row.id, callback_row.parent_id, callback_row.eta) == (sent.link[0].task_id, sent.task_id, None)
    assert calls.sent == {sent.task_id: sent}


def test_a_row_already_mine_is_not_shown_again():
    sent = CallSpec("tasks.add", (1, 1)).with_ids()
    calls = SentCalls({sent.task_id: TaskRecord(id=sent.task_id, state="SUCCESS", mine=True)})
    assert calls.keep([sent]) == [] and sent.task_id in calls.sent


def test_the_exact_call_is_resent_with_fresh_ids_and_a_passed_eta_left_out():
    sent = CallSpec(
        "tasks.add", (1, 2), eta=datetime.now(UTC) - timedelta(hours=1), link=(LinkSpec("tasks.mul", (3,)),)
    ).with_ids()
    calls = SentCalls({})
    calls.keep([sent])
    plan = calls.resend_plan([sent.task_id, sent.task_id, "unknown"])
    again = plan.calls[sent.task_id]
    assert again.task_id is None and again.link[0].task_id is None and again.eta is None
    assert (again.task, again.args) == ("tasks.add", (1, 2))
    assert plan.unknown == ("unknown",) and plan.rebuilt == frozenset()


def test_a_call_the_backend_recorded_is_rebuilt_and_said_so():
    tasks = {"b": TaskRecord(id="b", name="tasks.add", meta={"args": [5, 6], "kwargs": {"z": 1}})}
    calls = SentCalls(tasks)
    assert calls.call_to_resend("b") == CallSpec("tasks.add", (5, 6), {"z": 1}) and calls.call_rebuilt("b")
    assert calls.resend_plan(["b"]).rebuilt == frozenset({"b"})
    tasks["c"] = TaskRecord(id="c", name="tasks.add", meta={})  # no result_extended: nothing to rebuild
    assert calls.call_to_resend("c") is None and not calls.call_rebuilt("c")


def test_restored_calls_never_replace_one_sent_in_this_session_and_forgotten_ones_go():
    calls = SentCalls({})
    now = CallSpec("tasks.add", (1,)).with_ids()
    calls.keep([now])
    calls.restore({now.task_id: CallSpec("tasks.old"), "earlier": CallSpec("tasks.earlier")})
    assert calls.sent[now.task_id] is now and calls.sent["earlier"].task == "tasks.earlier"
    calls.forget([now.task_id, "never-sent"])
    assert list(calls.sent) == ["earlier"]


def test_the_args_summary_is_short_json_per_argument():
    assert args_summary((1, "a", [1, 2]), {"k": None}) == '1, "a", [1, 2], k=null'
