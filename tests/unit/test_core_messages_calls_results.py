"""Calls, workflows, results and the monitor's words go through translate(): marked by a marking translator."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from desktop.core.domain import canvas, workflows
from desktop.core.domain.call_building import build_call, parse_send_count
from desktop.core.domain.calls import CallContext, CallDraft, ParamKind, ParamSpec, TaskSignature
from desktop.core.domain.records import TaskRecord

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def _errors(draft: CallDraft, **context) -> dict[str, str]:
    result = build_call(draft, CallContext(now=NOW, local_tz=timezone.utc, **context))
    return {e.field: e.message for e in result.errors} | {f"warning:{w.field}": w.message for w in result.warnings}


def test_the_call_forms_field_checks_are_translated(marked):
    errors = _errors(
        CallDraft(
            task="",
            args_json="[1,",
            countdown="5",
            eta="2026-11-24T10:00:00",
            expires="yesterday",
            priority="12",
            serializer="pickle",
            retry=False,
            retry_max_retries="3",
        )
    )
    assert errors["task"] == "⟦choose a task⟧"
    assert errors["args_json"].startswith("⟦invalid JSON at line 1 column 4: ")
    assert errors["countdown"] == errors["eta"] == "⟦set either a countdown or an ETA, not both⟧"
    assert errors["expires"].startswith("⟦not a date-time (use ISO 8601")
    assert errors["expires"].endswith(": 'yesterday'⟧")
    assert errors["priority"] == "⟦must be between 0 and 9 for a redis broker⟧"
    assert errors["serializer"].startswith("⟦pickle is off for this connection")
    assert errors["retry"] == "⟦a retry policy is set but retry is off⟧"
    assert ("call_building", "invalid JSON at line {line} column {column}: {reason}") in marked


def test_dates_and_numbers_that_cannot_be_are_translated(marked):
    errors = _errors(CallDraft(task="t", eta="2026-02-30T10:00", countdown="-1", time_limit="abc"))
    assert errors["eta"] == "⟦not a date-time (use ISO 8601, e.g. 2026-11-25T14:30:00+01:00): '2026-02-30T10:00'⟧"
    assert errors["countdown"] == "⟦must not be negative (got -1)⟧"
    assert errors["time_limit"] == "⟦not a number: 'abc'⟧"
    assert _errors(CallDraft(task="t", eta="2026-11-24T10:00"))["warning:eta"].startswith("⟦the ETA is in the past")
    assert parse_send_count("x") == "⟦not a whole number: 'x'⟧"
    assert parse_send_count("0") == "⟦between 1 and 10000⟧"


def test_a_required_parameter_says_so_in_one_translated_word(marked):
    signature = TaskSignature((ParamSpec("x", ParamKind.INT, required=True),), "(x: int)")
    assert _errors(CallDraft(task="t"), signature=signature)["param:x"] == "⟦required⟧"


def test_a_workflows_checks_and_the_path_before_them_are_translated(marked):
    result = canvas.validate(canvas.Chain(()))
    assert [str(e) for e in result.errors] == ["⟦⟦workflow⟧: ⟦a chain needs at least one step⟧⟧"]  # the joining too
    assert canvas.result_param_message().startswith("⟦Celery passes the previous step's result here")
    with pytest.raises(ValueError, match="⟦a workflow preset needs a version number⟧"):
        canvas.from_json({"workflow": {"chain": []}})


def test_a_blocked_steps_warning_is_translated_and_still_recognised(marked):
    node = canvas.Chain((canvas.Step(CallDraft("tasks.charge")), canvas.Step(CallDraft("tasks.ship"))))
    run = workflows.plan(node, canvas.validate(node).specs).run
    first, second = run.step_ids
    tasks = {
        first: TaskRecord(id=first, name="tasks.charge", state="FAILURE", result="boom", started_at=1.0),
        second: TaskRecord(id=second, state="PENDING"),
    }
    why = workflows.never_run(run, tasks)[second]
    assert why == "⟦not run:⟧ ⟦tasks.charge failed before it⟧"
    assert workflows.not_run(TaskRecord(id=second, warning=why))
    assert not workflows.not_run(TaskRecord(id=second, warning="not run: tasks.charge failed before it"))
    top = workflows.rows(run, tasks)[0]
    assert top.args == "⟦{count} steps⟧".format(count=2)


def test_garbage_in_the_backend_is_explained_in_translated_words(marked):
    import pickle
    import zlib

    from celery import Celery

    from desktop.core.domain.payloads import COMPRESSED_RESULT_MAGIC
    from desktop.core.domain.results import record_from_meta, record_from_raw

    backend = Celery("t", backend="redis://127.0.0.1:1/0", set_as_current=False).backend
    pickled = record_from_raw(TaskRecord(id="p"), pickle.dumps({"status": "SUCCESS"}), backend, allow_pickle=False)
    assert pickled.error.startswith("⟦result ") and pickled.error.endswith("(start with --allow-pickle to opt in)⟧")
    assert record_from_meta(TaskRecord(id="g"), [1, 2]).error == ("⟦unreadable result: expected a task meta object, got [1, 2]⟧")
    corrupt = COMPRESSED_RESULT_MAGIC + b"application/x-gzip\x00" + zlib.compress(b"{}")[:3]
    assert record_from_raw(TaskRecord(id="c"), corrupt, backend, allow_pickle=False).error.startswith(
        f"⟦unreadable compressed result ({len(corrupt)} bytes): ⟦truncated zlib body⟧⟧"
    )
    unknown = COMPRESSED_RESULT_MAGIC + b"application/x-brotli\x00xxxx"
    said = record_from_raw(TaskRecord(id="u"), unknown, backend, allow_pickle=False).error
    assert said.startswith("⟦result is ⟦compressed with 'application/x-brotli', which the console does not decompress")


def test_a_queued_messages_row_and_an_actions_outcome_are_translated(marked):
    from desktop.core.domain.queued_messages import ActionOutcome, QueuedMessage, read_envelope

    garbage = read_envelope(b"not json", "celery", accept={"application/json"})
    assert garbage.error == "⟦not a kombu message: {size} bytes that are not JSON⟧".format(size=8)
    assert garbage.state() == "⟦unreadable⟧"
    assert QueuedMessage(queue="celery").state() == "⟦waiting⟧"
    assert QueuedMessage(queue="celery", eta=1.0).state() == "ETA"  # the option's name
    outcome = ActionOutcome("delete", done=("a",), missing=("b",), failed=(("c", "gone"),))
    assert outcome.summary() == (
        "⟦{action}: {count} done⟧".format(action="⟦delete⟧", count=1)
        + "⟦, ⟧⟦{count} no longer there (taken by a worker or removed)⟧".format(count=1)
        + "⟦, ⟧⟦{count} failed: {reasons}⟧".format(count=1, reasons="c: gone")
    )


def test_a_burst_of_endings_is_summed_up_in_translated_words(marked):
    from desktop.core.domain.watch import TrayCounts, coalesce, notification_for

    failed = notification_for(TaskRecord(id="f", name="tasks.fail", state="FAILURE", result="ValueError: boom"))
    done = notification_for(TaskRecord(id="d", name="tasks.add", state="SUCCESS", result="3"))
    assert failed.title == "⟦tasks.fail failed⟧"
    assert done.body == "⟦result {result}⟧".format(result=3)
    summary = coalesce([failed, done, done, done])[0]
    assert summary.title == "⟦{total} watched tasks finished ({failures} failed)⟧".format(total=4, failures=1)
    assert summary.body.startswith("⟦first failure: ⟦{what} failed⟧".format(what="tasks.fail"))
    assert TrayCounts().text() == "⟦{count} running⟧".format(count=0)


def test_a_triage_report_and_a_resend_confirmation_have_translated_headings(marked):
    from desktop.core.domain.calls import CallSpec
    from desktop.core.domain.triage import ResendPlan, group_failures, rebuilt_note, report_text

    failure = TaskRecord(id="x1", name="tasks.charge", state="FAILURE", result="ValueError: card 1234 declined")
    report = report_text(group_failures([failure])[0])
    assert report.splitlines()[0] == "⟦Task: {task}⟧".format(task="tasks.charge")
    assert "⟦Sample traceback:⟧" in report and "  ⟦(none recorded)⟧" in report
    assert "⟦First seen: {moment}⟧".format(moment="⟦unknown⟧") in report
    plan = ResendPlan({"x1": CallSpec("tasks.charge")}, rebuilt=frozenset({"x1"}))
    asked = plan.confirmation()
    assert asked.startswith("⟦Send 1 task(s) again")
    assert "⟦Calls rebuilt from the result backend: {count}⟧".format(count=1) in asked
    assert rebuilt_note("x1").startswith("⟦Rebuilt from the result backend's record of x1. ⟦A rebuilt call is")


def test_a_lost_worker_and_a_cut_text_are_said_in_translated_words(marked):
    from desktop.core.domain.display import display_text
    from desktop.core.domain.worker_loss import WorkerLoss

    note = WorkerLoss("w1@host", 0.0, restarted=True).note()
    assert note.startswith("⟦worker lost: w1@host restarted at ") and note.endswith(" while it held this task⟧")
    assert display_text("x" * 20, 5) == "xxxxx⟦… ({count} characters)⟧".format(count=20)
    assert display_text("plain cluster text") == "plain cluster text"  # the cluster's text itself is not translated


def test_arguments_and_results_cut_from_events_say_their_length_in_translated_words(marked):
    from desktop.core.domain import events, task_state

    assert events._capped("a" * 10, 4) == "aaaa⟦… ({count} characters)⟧".format(count=10)
    cut = task_state._one_line("b" * 100, 60)
    assert cut.endswith("⟦… ({count} characters)⟧".format(count=100)) and len(cut) == 60
