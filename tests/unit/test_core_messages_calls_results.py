"""Calls, workflows, results and the monitor's words go through translate(): marked by a marking translator."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from desktop.core.domain import canvas, translatable, workflows
from desktop.core.domain.call_building import build_call, parse_send_count
from desktop.core.domain.calls import CallContext, CallDraft, ParamKind, ParamSpec, TaskSignature
from desktop.core.domain.records import TaskRecord

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def marked():
    """Every text core shows comes back as ⟦text⟧: one that did not go through translate() stays bare."""
    asked = []

    def marking(context: str, text: str) -> str:
        asked.append((context, text))
        return f"⟦{text}⟧"

    translatable.use_translator(marking)
    yield asked
    translatable.use_translator(None)


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
    assert [str(e) for e in result.errors] == ["⟦workflow⟧: ⟦a chain needs at least one step⟧"]
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
