from __future__ import annotations

import json
import shlex
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from celery import Celery
from hypothesis import given, settings
from hypothesis import strategies as st
from kombu.serialization import registry

import desktop.tasks
from desktop.core.domain.call_building import build_call, parse_param_value, parse_send_count
from desktop.core.domain.calls import (
    CallContext,
    CallDraft,
    CallResult,
    CallSpec,
    LinkDraft,
    LinkSpec,
    ParamKind,
    RetryPolicy,
    signature_of,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
PLUS2 = timezone(timedelta(hours=2))
CTX = CallContext(now=NOW, local_tz=PLUS2)


def build(ctx: CallContext = CTX, task: str = "tasks.add", **fields):
    return build_call(CallDraft(task=task, **fields), ctx)


def assert_error(result, field: str, *fragments: str) -> None:
    assert result.spec is None
    assert not result.ok
    message = result.error_for(field)
    assert message, f"no error on {field}: {result.errors}"
    for fragment in fragments:
        assert fragment in message


def error_fields(result) -> set[str]:
    return {e.field for e in result.errors}


# -- JSON fields ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, fragment",
    [
        ({"args_json": "[1, 2"}, "args_json", "line 1 column 6"),
        ({"kwargs_json": '{"a": }'}, "kwargs_json", "line 1 column 7"),
        ({"headers_json": '{\n  "a": 1,\n}'}, "headers_json", "line 3 column 1"),
        ({"args_json": "[NaN]"}, "args_json", "NaN is not a JSON value"),
        ({"args_json": '{"a": 1}'}, "args_json", "must be a JSON array, not dict"),
        ({"kwargs_json": "[1]"}, "kwargs_json", "must be a JSON object, not list"),
        ({"headers_json": "null"}, "headers_json", "must be a JSON object"),
        ({"links": (LinkDraft("tasks.mul", args_json="[10,"),)}, "links:0:args_json", "invalid JSON at line 1"),
        ({"link_errors": (LinkDraft("tasks.on_error", kwargs_json="{'a': 1}"),)}, "link_errors:0:kwargs_json", "line 1 column 2"),
        ({"links": (LinkDraft("tasks.mul", kwargs_json="[]"),)}, "links:0:kwargs_json", "JSON object"),
        ({"links": (LinkDraft("  "),)}, "links:0:task", "choose a task"),
    ],
)
def test_json_field_errors(fields, field, fragment):
    result = build(**fields)
    assert_error(result, field, fragment)
    assert error_fields(result) == {field}


def test_empty_json_fields_mean_no_arguments():
    result = build(args_json="", kwargs_json="  ", headers_json="")
    assert result.ok
    assert result.spec.args == ()
    assert result.spec.kwargs == {}
    assert result.spec.headers is None


# -- typed parameters ---------------------------------------------------------------

ADD = signature_of(desktop.tasks.add.run)
LONG_PROGRESS = signature_of(desktop.tasks.long_progress.run)


def report(name: str, count: int = 1, ratio: float = 0.5, *extra, verbose: bool = False, tags=None, **meta):
    pass


def notify(*, channel: str, retries=3):
    pass


def plain(a, b=None):
    pass


REPORT = signature_of(report)


def with_params(signature, **texts) -> CallResult:
    return build(CallContext(signature=signature, now=NOW, local_tz=PLUS2), params=tuple(texts.items()))


def test_signature_of_reads_kinds_from_string_annotations_and_defaults():
    by_name = {p.name: p for p in REPORT.params}
    assert {n: p.kind for n, p in by_name.items()} == {
        "name": ParamKind.STR,
        "count": ParamKind.INT,
        "ratio": ParamKind.FLOAT,
        "extra": ParamKind.JSON,
        "verbose": ParamKind.BOOL,
        "tags": ParamKind.JSON,
        "meta": ParamKind.JSON,
    }
    assert by_name["name"].required and not by_name["count"].required
    assert by_name["count"].annotation == "int"
    assert (by_name["extra"].variadic, by_name["meta"].variadic) == ("*", "**")
    assert by_name["verbose"].positional is False
    assert by_name["ratio"].default_text == "0.5"
    assert [p.name for p in LONG_PROGRESS.params] == ["total", "delay"]


def test_signature_of_reads_real_types_and_untyped_defaults():
    def typed(x, y=2.0, z=True, w=7):
        pass

    typed.__annotations__ = {"x": int, "y": float}
    kinds = [p.kind for p in signature_of(typed).params]
    assert kinds == [ParamKind.INT, ParamKind.FLOAT, ParamKind.BOOL, ParamKind.INT]


def test_signature_of_unresolvable_annotation():
    def odd(x, y=1):
        pass

    odd.__annotations__ = {"x": "NotDefinedAnywhere", "y": "int"}
    assert [p.kind for p in signature_of(odd).params] == [ParamKind.JSON, ParamKind.INT]


def test_add_from_text():
    result = with_params(ADD, x="2", y=" 3 ")
    assert result.ok
    assert result.spec.args == (2, 3)
    assert result.spec.kwargs == {}


def test_required_param_missing():
    result = with_params(ADD, y="3")
    assert_error(result, "param:x", "required")
    assert error_fields(result) == {"param:x"}


def test_bad_int_text():
    result = with_params(ADD, x="two", y="2.0")
    assert_error(result, "param:x", "not a whole number")
    assert_error(result, "param:y", "not a whole number")


def test_typed_values_and_gap_goes_by_keyword():
    result = with_params(REPORT, name="weekly", ratio="2.5", verbose="yes", tags='["a", 1]')
    assert result.ok, result.errors
    assert result.spec.args == ("weekly",)
    assert result.spec.kwargs == {"ratio": 2.5, "verbose": True, "tags": ["a", 1]}


def test_all_positionals_then_extra_args_and_kwargs():
    result = with_params(REPORT, name="n", count="2", ratio="1", extra="[7, 8]", verbose="false", meta='{"k": null}')
    assert result.ok, result.errors
    assert result.spec.args == ("n", 2, 1.0, 7, 8)
    assert isinstance(result.spec.args[2], float)
    assert result.spec.kwargs == {"verbose": False, "k": None}


def test_extra_args_after_a_gap():
    result = with_params(REPORT, name="n", extra="[7]")
    assert_error(result, "param:extra", "every parameter before them filled in")


def test_long_progress_gap():
    result = with_params(LONG_PROGRESS, delay="1.5")
    assert result.ok
    assert result.spec.args == ()
    assert result.spec.kwargs == {"delay": 1.5}
    assert with_params(LONG_PROGRESS, total="3").spec.args == (3,)


@pytest.mark.parametrize("text", ["maybe", "  ", "2"])
def test_bad_bool(text):
    assert_error(with_params(REPORT, name="n", verbose=text), "param:verbose", "not true or false")


def test_empty_optional_param_is_left_out():
    result = with_params(REPORT, name="n", verbose="")
    assert result.spec.kwargs == {}


def test_keyword_only_params():
    assert_error(with_params(signature_of(notify), retries="5"), "param:channel", "required")
    result = with_params(signature_of(notify), channel="ops", retries="5")
    assert result.ok
    assert result.spec.args == ()
    assert result.spec.kwargs == {"channel": "ops", "retries": 5}


def test_untyped_params_are_json():
    result = with_params(signature_of(plain), a='{"k": [1]}', b="null")
    assert result.spec.args == ({"k": [1]}, None)
    assert_error(with_params(signature_of(plain), a="nope"), "param:a", "invalid JSON")


def test_binding_failure_surfaces_on_params():
    result = with_params(REPORT, name="n", meta='{"name": "again"}')
    assert_error(result, "params", "arguments do not match", "multiple values")
    assert error_fields(result) == {"params"}


def test_echo_request_takes_anything():
    sig = signature_of(desktop.tasks.echo_request.run)
    result = with_params(sig, args="[1, 2]", kwargs='{"a": true}')
    assert result.spec.args == (1, 2)
    assert result.spec.kwargs == {"a": True}
    assert_error(with_params(sig, args='{"a": 1}'), "param:args", "JSON array")


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        (ParamKind.INT, "1_000", 1000),
        (ParamKind.FLOAT, "2", 2.0),
        (ParamKind.BOOL, "OFF", False),
        (ParamKind.BOOL, "on", True),
        (ParamKind.STR, " padded ", " padded "),
        (ParamKind.JSON, '[1, {"a": null}]', [1, {"a": None}]),
    ],
)
def test_parse_param_value(kind, text, expected):
    value = parse_param_value(kind, text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["inf", "nan", "1e400"])
def test_float_param_rejects_non_finite(text):
    with pytest.raises(ValueError, match="finite"):
        parse_param_value(ParamKind.FLOAT, text)


def test_json_rejects_overflowing_numbers():
    result = build(args_json="[1e400]")
    assert_error(result, "args_json")


# -- timing -----------------------------------------------------------------------------


def test_countdown_and_eta_together():
    result = build(countdown="10", eta="2026-03-01T13:00:00+00:00")
    assert_error(result, "countdown", "not both")
    assert_error(result, "eta", "not both")


@pytest.mark.parametrize("expires", ["30", "60"])
def test_expires_seconds_not_after_countdown(expires):
    assert_error(build(countdown="60", expires=expires), "expires", "before the task may start")


def test_expires_seconds_after_countdown():
    result = build(countdown="60", expires="61")
    assert result.ok
    assert (result.spec.countdown, result.spec.expires) == (60.0, 61.0)


def test_expires_in_the_past():
    assert_error(build(expires="2026-03-01T11:59:00+00:00"), "expires", "already passed")


def test_expires_before_eta():
    result = build(eta="2026-03-01T14:00:00+00:00", expires="2026-03-01T13:00:00+00:00")
    assert_error(result, "expires", "before the task may start")
    assert error_fields(result) == {"expires"}


def test_expires_after_eta_is_a_datetime():
    result = build(eta="2026-03-01T14:00:00+00:00", expires="2026-03-01T15:00:00+00:00")
    assert result.spec.expires == datetime(2026, 3, 1, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["0", "-5", "nan", "inf"])
def test_expires_seconds_must_be_positive(text):
    assert_error(build(expires=text), "expires", "greater than 0")


@pytest.mark.parametrize("field", ["countdown", "retry_interval_start", "retry_interval_step", "retry_interval_max"])
def test_negative_numbers(field):
    result = build(**{field: "-1"})
    assert_error(result, field, "must not be negative")
    assert error_fields(result) == {field}


@pytest.mark.parametrize("text", ["2.5", "three"])
def test_max_retries_must_be_whole(text):
    assert_error(build(retry_max_retries=text), "retry_max_retries", "not a whole number")


def test_retry_policy_with_retry_off():
    assert_error(build(retry=False, retry_max_retries="3"), "retry", "retry is off")


def test_retry_policy_only_has_the_fields_set():
    result = build(retry_max_retries="3", retry_interval_start="0.5")
    assert result.spec.retry_policy == RetryPolicy(max_retries=3, interval_start=0.5)
    assert result.spec.options() == {"retry_policy": {"max_retries": 3, "interval_start": 0.5}}


def test_bad_eta_text():
    assert_error(build(eta="tomorrow"), "eta", "ISO 8601")


def test_past_eta_is_a_warning_not_an_error():
    result = build(eta="2026-03-01T11:00:00+00:00")
    assert result.ok
    assert [w.field for w in result.warnings] == ["eta"]


def test_naive_eta_uses_local_tz():
    result = build(eta="2026-03-01T15:30:00", expires="2026-03-01T16:00")
    assert result.ok
    assert result.spec.eta == datetime(2026, 3, 1, 13, 30, tzinfo=timezone.utc)
    assert result.spec.eta.utcoffset() == timedelta(0)
    assert result.spec.expires == datetime(2026, 3, 1, 14, 0, tzinfo=timezone.utc)


def test_eta_with_offset_ignores_local_tz():
    result = build(eta="2026-03-01T15:30:00-05:00")
    assert result.spec.eta == datetime(2026, 3, 1, 20, 30, tzinfo=timezone.utc)


def test_huge_countdown_is_an_error_not_an_exception():
    result = build(countdown="1e12")
    assert_error(result, "countdown")


# -- priority, serializers, limits, ids -----------------------------------------------


@pytest.mark.parametrize(
    "scheme, text, ok",
    [
        ("redis", "0", True),
        ("redis", "9", True),
        ("redis", "10", False),
        ("rediss", "10", False),
        ("amqp", "200", True),
        ("amqp", "255", True),
        ("amqp", "256", False),
    ],
)
def test_priority_range(scheme, text, ok):
    result = build(CallContext(broker_scheme=scheme, now=NOW), priority=text)
    if ok:
        assert result.spec.priority == int(text)
    else:
        high = "9" if scheme.startswith("redis") else "255"
        assert_error(result, "priority", "between 0 and " + high, scheme)


def test_priority_must_be_whole():
    assert_error(build(priority="4.5"), "priority", "not a whole number")
    assert_error(build(priority="-1"), "priority", "must not be negative")


def test_pickle_needs_allow_pickle():
    assert_error(build(serializer="pickle"), "serializer", "--allow-pickle")
    result = build(CallContext(allow_pickle=True, now=NOW), serializer="pickle")
    assert result.spec.serializer == "pickle"


def test_serializer_workers_do_not_accept():
    result = build(CallContext(accepted_content=frozenset({"json"}), now=NOW), serializer="msgpack")
    assert_error(result, "serializer", "do not accept msgpack", "json")


def test_serializer_accepted_by_content_type():
    accepted = frozenset({"application/json", "application/x-msgpack"})
    result = build(CallContext(accepted_content=accepted, now=NOW), serializer="msgpack")
    if "msgpack" in registry._encoders:
        assert result.spec.serializer == "msgpack"
    else:
        assert_error(result, "serializer", "not available here", "pip install msgpack")


def test_serializer_not_installed(monkeypatch):
    monkeypatch.delitem(registry._encoders, "yaml", raising=False)  # PyYAML absent, whether it is installed or not
    assert_error(build(serializer="yaml"), "serializer", "not available here", "pip install PyYAML")


def test_unknown_serializer_and_compression():
    result = build(serializer="xml", compression="lzma")
    assert_error(result, "serializer", "unknown serializer 'xml'")
    assert_error(result, "compression", "unknown compression 'lzma'")
    assert build(compression="gzip").spec.compression == "gzip"


@pytest.mark.parametrize("field", ["time_limit", "soft_time_limit"])
@pytest.mark.parametrize("text", ["0", "-3"])
def test_time_limits_must_be_positive(field, text):
    assert_error(build(**{field: text}), field, "greater than 0")


@pytest.mark.parametrize("soft", ["10", "11"])
def test_soft_time_limit_below_hard(soft):
    result = build(time_limit="10", soft_time_limit=soft)
    assert_error(result, "soft_time_limit", "shorter than the hard time limit")
    assert error_fields(result) == {"soft_time_limit"}
    assert build(time_limit="10", soft_time_limit="9.5").spec.soft_time_limit == 9.5


@pytest.mark.parametrize("task_id", ["has space", "tab\there", "x" * 256])
def test_bad_task_id(task_id):
    assert_error(build(task_id=task_id), "task_id", "printable characters without spaces")


def test_empty_task_name():
    result = build(task="   ")
    assert_error(result, "task", "choose a task")
    assert error_fields(result) == {"task"}


def test_every_error_is_reported_at_once():
    result = build(task="", args_json="[", countdown="x", priority="99", time_limit="0")
    assert error_fields(result) == {"task", "args_json", "countdown", "priority", "time_limit"}
    assert result.spec is None


# -- a full call and its previews --------------------------------------------------------

FULL = CallDraft(
    task=" tasks.add ",
    args_json="[2, 2]",
    kwargs_json="{}",
    countdown="10",
    expires="3600",
    queue="celery",
    exchange="tasks",
    routing_key="tasks.add",
    priority="5",
    serializer="json",
    compression="gzip",
    retry=True,
    retry_max_retries="3",
    retry_interval_start="0.5",
    retry_interval_step="0.2",
    retry_interval_max="1.5",
    links=(LinkDraft("tasks.mul", "[10]"),),
    link_errors=(LinkDraft("tasks.on_error"),),
    task_id="my-id-1",
    headers_json='{"x_custom": "v"}',
    ignore_result=False,
    time_limit="30",
    soft_time_limit="20",
    shadow="add-shadow",
)

FULL_SPEC = CallSpec(
    task="tasks.add",
    args=(2, 2),
    kwargs={},
    countdown=10.0,
    expires=3600.0,
    queue="celery",
    exchange="tasks",
    routing_key="tasks.add",
    priority=5,
    serializer="json",
    compression="gzip",
    retry=True,
    retry_policy=RetryPolicy(3, 0.5, 0.2, 1.5),
    link=(LinkSpec("tasks.mul", (10,), {}),),
    link_error=(LinkSpec("tasks.on_error", (), {}),),
    task_id="my-id-1",
    headers={"x_custom": "v"},
    ignore_result=False,
    time_limit=30.0,
    soft_time_limit=20.0,
    shadow="add-shadow",
)


class Recorder:
    def send_task(self, name, args=None, kwargs=None, **options):
        self.sent = ("send_task", name, list(args or ()), kwargs or {}, options)

    def apply_async(self, args=None, kwargs=None, **options):
        self.sent = ("apply_async", None, list(args or ()), kwargs or {}, options)

    def signature(self, name, **kwargs):
        return (name, kwargs)


def run_preview(text: str) -> tuple:
    recorder = Recorder()
    code = compile(text, "<preview>", "exec")
    exec(code, {"app": recorder, "add": recorder, "datetime": datetime})
    return recorder.sent


def test_full_draft():
    result = build_call(FULL, CTX)
    assert result.ok, result.errors
    assert result.spec == FULL_SPEC
    assert set(result.spec.options()) == {
        "countdown",
        "expires",
        "queue",
        "exchange",
        "routing_key",
        "priority",
        "serializer",
        "compression",
        "retry",
        "retry_policy",
        "task_id",
        "headers",
        "ignore_result",
        "time_limit",
        "soft_time_limit",
        "shadow",
    }


def test_options_only_has_what_was_set():
    assert build(queue=" q ", ignore_result=False).spec.options() == {"queue": "q", "ignore_result": False}
    assert build().spec.options() == {}


def test_to_python_send_task():
    text = FULL_SPEC.to_python()
    assert "app.send_task(" in text
    assert "'tasks.add'" in text
    assert "countdown=10" in text
    assert "priority=5" in text
    assert "retry_policy={'max_retries': 3, 'interval_start': 0.5, 'interval_step': 0.2, 'interval_max': 1.5}" in text
    assert "link=[app.signature('tasks.mul', args=(10,))]" in text
    assert "link_error=[app.signature('tasks.on_error')]" in text
    kind, name, args, kwargs, options = run_preview(text)
    assert (kind, name, args, kwargs) == ("send_task", "tasks.add", [2, 2], {})
    assert options == {
        **FULL_SPEC.options(),
        "link": [("tasks.mul", {"args": (10,)})],
        "link_error": [("tasks.on_error", {})],
    }


def test_to_python_apply_async():
    text = FULL_SPEC.to_python("desktop.tasks.add")
    assert text.startswith("from desktop.tasks import add\n")
    assert "add.apply_async(" in text
    assert "send_task" not in text
    kind, _, args, kwargs, options = run_preview(text.split("\n", 1)[1])
    assert (kind, args, kwargs) == ("apply_async", [2, 2], {})
    assert options["priority"] == 5
    assert options["task_id"] == "my-id-1"


def test_to_python_short_calls():
    assert run_preview(build().spec.to_python()) == ("send_task", "tasks.add", [], {}, {})
    spec = build(kwargs_json='{"y": 1}', args_json="[1]").spec
    assert run_preview(spec.to_python("desktop.tasks.add").split("\n", 1)[1]) == ("apply_async", None, [1], {"y": 1}, {})
    spec = build(kwargs_json='{"y": 1}').spec
    assert run_preview(spec.to_python("desktop.tasks.add").split("\n", 1)[1]) == ("apply_async", None, [], {"y": 1}, {})


def test_to_python_with_eta_and_expires_datetime():
    spec = build(eta="2026-03-01T15:30:00", expires="2026-03-02T00:00:00+00:00").spec
    text = spec.to_python()
    assert "eta=datetime.fromisoformat('2026-03-01T13:30:00+00:00')" in text
    options = run_preview(text)[-1]
    assert options == {"eta": spec.eta, "expires": spec.expires}


def test_to_cli():
    spec = build(args_json="[2, 2]", kwargs_json='{"note": "it\'s a b"}', countdown="10", queue="my queue").spec
    cli, missing = spec.to_cli("proj")
    assert cli.startswith("celery -A proj call tasks.add ")
    assert "--args '[2, 2]'" in cli
    tokens = shlex.split(cli)
    assert json.loads(tokens[tokens.index("--args") + 1]) == [2, 2]
    assert json.loads(tokens[tokens.index("--kwargs") + 1]) == {"note": "it's a b"}
    assert tokens[tokens.index("--countdown") + 1] == "10"
    assert tokens[tokens.index("--queue") + 1] == "my queue"
    assert missing == []


def test_to_cli_lists_what_celery_call_cannot_express():
    cli, missing = FULL_SPEC.to_cli()
    assert cli.startswith('celery -b "$CELERY_BROKER_URL" call tasks.add ')
    tokens = shlex.split(cli)
    for option, value in [
        ("--expires", "3600"),
        ("--serializer", "json"),
        ("--exchange", "tasks"),
        ("--routing-key", "tasks.add"),
    ]:
        assert tokens[tokens.index(option) + 1] == value
    assert sorted(missing) == sorted(
        [
            "priority",
            "compression",
            "retry",
            "retry_policy",
            "task_id",
            "headers",
            "ignore_result",
            "time_limit",
            "soft_time_limit",
            "shadow",
            "link",
            "link_error",
        ]
    )


def test_to_cli_eta():
    spec = build(eta="2026-03-01T15:30:00", expires="2026-03-02T00:00:00+00:00").spec
    tokens = shlex.split(spec.to_cli("proj")[0])
    assert datetime.fromisoformat(tokens[tokens.index("--eta") + 1]) == spec.eta
    assert datetime.fromisoformat(tokens[tokens.index("--expires") + 1]) == spec.expires


@pytest.mark.parametrize("field", ["countdown", "expires"])
def test_to_cli_keeps_exact_seconds(field):
    spec = build(**{field: "1234567"}).spec
    tokens = shlex.split(spec.to_cli("proj")[0])
    assert float(tokens[tokens.index(f"--{field}") + 1]) == 1234567


def test_with_ids():
    spec = FULL_SPEC.with_ids()
    assert spec.task_id == "my-id-1"
    anonymous = build_call(replace(FULL, task_id=""), CTX).spec
    first, second = anonymous.with_ids(), anonymous.with_ids()
    ids = [first.task_id, first.link[0].task_id, first.link_error[0].task_id]
    assert all(ids) and len(set(ids)) == 3
    assert first.task_id != second.task_id
    assert first.link[0].task_id != second.link[0].task_id
    assert first.with_ids() == first
    assert (first.link[0].task, first.link[0].args) == ("tasks.mul", (10,))


def test_send_task_kwargs_with_a_real_app():
    app = Celery("t", set_as_current=False)
    spec = FULL_SPEC.with_ids()
    kwargs = spec.send_task_kwargs(app)
    (link,) = kwargs.pop("link")
    (errback,) = kwargs.pop("link_error")
    assert (link.task, link.args, link.kwargs) == ("tasks.mul", (10,), {})
    assert link.options["task_id"] == spec.link[0].task_id
    assert errback.task == "tasks.on_error"
    assert errback.options["task_id"] == spec.link_error[0].task_id
    assert kwargs == {"args": [2, 2], "kwargs": {}, **spec.options()}
    assert FULL_SPEC.send_task_kwargs(app)["link"][0].options == {}


# -- send count and drafts --------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [("1", 1), ("10000", 10000), (" 7 ", 7)])
def test_send_count_ok(text, expected):
    assert parse_send_count(text) == expected


@pytest.mark.parametrize(
    "text, message", [("0", "between 1 and 10000"), ("10001", "between 1 and 10000"), ("x", "not a whole number: 'x'")]
)
def test_send_count_messages(text, message):
    assert parse_send_count(text) == message


def test_draft_json_round_trip():
    draft = FULL.with_param("x", "2").with_param("y", "")
    data = json.loads(json.dumps(draft.to_json()))
    assert data["params"] == {"x": "2", "y": ""}
    assert CallDraft.from_json(data) == draft
    assert CallDraft.from_json({**data, "added_in_v9": [1], "links": [{**data["links"][0], "new": 1}]}) == draft


def test_draft_with_param_replaces():
    draft = CallDraft("tasks.add").with_param("x", "1").with_param("x", "5")
    assert draft.params == (("x", "5"),)
    assert draft.param("x") == "5"
    assert draft.param("y") == ""


@pytest.mark.parametrize("data", [{}, {"task": None}, {"task": 5, "args_json": "[]"}])
def test_draft_from_json_needs_a_task(data):
    with pytest.raises(ValueError, match="task name"):
        CallDraft.from_json(data)


def test_draft_from_json_normalises_types():
    draft = CallDraft.from_json({"task": "t", "countdown": 5, "retry": "yes", "ignore_result": True})
    assert draft.countdown == "5"
    assert draft.retry is None
    assert draft.ignore_result is True


# -- properties ----------------------------------------------------------------------------

TEXT_FIELDS = [
    "args_json",
    "kwargs_json",
    "headers_json",
    "eta",
    "expires",
    "countdown",
    "priority",
    "serializer",
    "compression",
    "retry_max_retries",
    "retry_interval_start",
    "time_limit",
    "soft_time_limit",
    "task_id",
]


def assert_spec_or_errors(result) -> None:
    assert (result.spec is None) == bool(result.errors)


PROPERTY = settings(deadline=None)  # no time limit per example: a loaded machine makes any one of them slow


@PROPERTY
@given(field=st.sampled_from(TEXT_FIELDS), text=st.text())
def test_any_text_in_a_field(field, text):
    assert_spec_or_errors(build(**{field: text}))


@PROPERTY
@given(field=st.sampled_from(["task", "args_json", "kwargs_json"]), text=st.text(), errback=st.booleans())
def test_any_text_in_a_link(field, text, errback):
    link = LinkDraft(**{"task": "tasks.mul", field: text})
    result = build(**{"link_errors" if errback else "links": (link,)})
    assert_spec_or_errors(result)


@PROPERTY
@given(name=st.sampled_from([p.name for p in REPORT.params]), text=st.text())
def test_any_text_in_a_param(name, text):
    assert_spec_or_errors(with_params(REPORT, **{"name": "n", name: text}))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@PROPERTY
@given(args=st.lists(JSON_VALUES), kwargs=st.dictionaries(st.text(), JSON_VALUES))
def test_json_arguments_round_trip(args, kwargs):
    result = build(args_json=json.dumps(args), kwargs_json=json.dumps(kwargs, indent=2))
    assert result.ok
    assert result.spec.args == tuple(args)
    assert result.spec.kwargs == kwargs


@PROPERTY
@given(headers=st.dictionaries(st.text(), JSON_VALUES))
def test_json_headers_round_trip(headers):
    assert build(headers_json=json.dumps(headers)).spec.headers == headers


OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
SANE = {"min_value": datetime(1900, 1, 1), "max_value": datetime(9000, 12, 31)}


@PROPERTY
@given(moment=st.datetimes(**SANE, timezones=st.just(timezone.utc)))
def test_utc_eta_round_trips(moment):
    eta = build(eta=moment.isoformat()).spec.eta
    assert eta == moment
    assert eta.utcoffset() == timedelta(0)


@PROPERTY
@given(moment=st.datetimes(**SANE, timezones=OFFSETS))
def test_eta_with_any_offset_is_the_same_instant(moment):
    eta = build(eta=moment.isoformat()).spec.eta
    assert eta == moment
    assert eta.utcoffset() == timedelta(0)


@PROPERTY
@given(moment=st.datetimes(**SANE), local_tz=OFFSETS)
def test_naive_eta_is_local_time(moment, local_tz):
    eta = build(CallContext(now=NOW, local_tz=local_tz), eta=moment.isoformat()).spec.eta
    assert eta == moment.replace(tzinfo=local_tz)


EDGES = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-12:00",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59.999999-12:00",
]


@pytest.mark.parametrize("local_tz", [None, PLUS2, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
@pytest.mark.parametrize("text", EDGES)
def test_date_time_edges_never_raise(text, local_tz):
    ctx = CallContext(now=NOW, local_tz=local_tz)
    for fields in ({"eta": text}, {"expires": text}, {"eta": text, "expires": "60"}, {"eta": EDGES[4], "expires": text}):
        assert_spec_or_errors(build(ctx, **fields))


def test_far_edges_are_errors():
    assert_error(build(eta="0001-01-01T00:00:00+14:00"), "eta", "out of range")
    assert_error(build(eta="9999-12-31T23:59:59-12:00"), "eta", "out of range")
    assert build(eta="9999-12-31T23:59:59+14:00").spec.eta == datetime(9999, 12, 31, 9, 59, 59, tzinfo=timezone.utc)


@settings(max_examples=50, deadline=None)
@given(countdown=st.floats(0, 10**6), extra=st.floats(0.001, 10**6))
def test_expires_after_countdown_is_ok(countdown, extra):
    result = build(countdown=repr(countdown), expires=repr(countdown + extra))
    assert result.ok, result.errors
    assert result.spec.expires == countdown + extra


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"countdown": "x" * 100_000}, "countdown"),
        ({"priority": "9" * 5000}, "priority"),
        ({"expires": "\U0001fa54" * 30_000}, "expires"),
        ({"eta": "\x00" * 5000}, "eta"),
        ({"serializer": "s" * 10_000}, "serializer"),
        ({"compression": "c" * 10_000}, "compression"),
        ({"retry_interval_max": "-" + "1" * 1000}, "retry_interval_max"),
    ],
)
def test_a_huge_value_is_quoted_briefly_in_its_error(fields, field):
    """Found by fuzzing: the whole value went into the message, a 100,000-character error label."""
    result = build(**fields)
    assert_error(result, field)
    assert len(result.error_for(field)) < 200 and "…" in result.error_for(field)


def test_a_json_number_past_python_s_digit_limit_is_a_plain_json_error():
    """Found by fuzzing: Python's int-conversion guard message (sys.set_int_max_str_digits) reached the form."""
    result = build(args_json="[" + "9" * 5000 + "]")
    assert_error(result, "args_json", "invalid JSON: a whole number longer than 4,300 digits")
    assert "set_int_max_str_digits" not in result.error_for("args_json")


def test_arguments_that_do_not_bind_are_reported_briefly():
    signature = signature_of(desktop.tasks.add.run)
    result = build(CallContext(now=NOW, signature=signature), params=(("x", "1"), ("y", "2")))
    assert result.ok
    long_kwargs = CallContext(now=NOW, signature=signature_of(lambda x, **kw: None))
    result = build(long_kwargs, params=(("x", "1"), ("kw", json.dumps({"x": 1, "k" * 10_000: 2}))))
    assert_error(result, "params", "arguments do not match")
    assert len(result.error_for("params")) < 400


@pytest.mark.parametrize("field", ["countdown", "priority", "retry_max_retries", "retry_interval_start", "time_limit"])
@pytest.mark.parametrize("text", ["9" * 400, "-" + "1" * 1000])
def test_a_whole_number_past_float_range_is_an_error_not_a_crash(field, text):
    """Found by fuzzing: math.isfinite() of a 400-digit int raised OverflowError out of build_call."""
    result = build(**{field: text})
    assert_error(result, field)
    assert any(word in result.error_for(field) for word in ("too large", "negative", "greater than 0", "between"))
    assert len(result.error_for(field)) < 200


def test_a_key_of_the_extra_kwargs_that_names_a_parameter_is_refused_without_the_function_too():
    """Found by fuzzing: with a signature the workers reported (no function to bind), ``a`` went both ways."""
    from dataclasses import replace

    signature = replace(signature_of(lambda a, b, **extra: None), python=None)
    result = build(CallContext(now=NOW, signature=signature), params=(("a", "1"), ("b", "2"), ("extra", '{"a": 3}')))
    assert_error(result, "param:extra", "'a' is a parameter of its own")
