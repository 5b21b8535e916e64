"""The form's text checked and turned into what is sent (``build_call``), and back (``draft_from_spec``).

``build_call`` turns a CallDraft into a typed CallSpec or a list of FieldErrors, one per field,
and never raises; ``draft_from_spec`` spreads a sent call over the form's fields again, for a
re-send or the history.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from desktop.core.domain.calls import (
    CallContext,
    CallDraft,
    CallResult,
    CallSpec,
    FieldError,
    LinkDraft,
    LinkSpec,
    ParamKind,
    RetryPolicy,
    TaskSignature,
    format_param_value,
)
from desktop.core.domain.translatable import translate

SERIALIZERS = ("json", "yaml", "msgpack", "pickle")
COMPRESSIONS = ("gzip", "bzip2", "zlib")
CONTENT_TYPES = {
    "json": "application/json",
    "yaml": "application/x-yaml",
    "msgpack": "application/x-msgpack",
    "pickle": "application/x-python-serialize",
}
# Redis emulates priorities 0-9 (kombu's priority_steps); AMQP queues allow 0-255 (x-max-priority).
PRIORITY_RANGE = {"redis": (0, 9), "rediss": (0, 9), "sentinel": (0, 9)}
DEFAULT_PRIORITY_RANGE = (0, 255)
MAX_SEND_COUNT = 10_000
MAX_SECONDS = 10**9  # ~31 years: any countdown, interval or limit beyond that is a typo
MAX_SHOWN = 60  # characters of a typed value quoted back in an error message


# -- typed text to values ----------------------------------------------------


def parse_param_value(kind: ParamKind, text: str) -> Any:
    """Text from a parameter field to its value; ValueError with a readable message."""
    if kind is ParamKind.STR:
        return text
    stripped = text.strip()
    if kind is ParamKind.INT:
        try:
            return int(stripped.replace("_", ""))
        except ValueError:
            raise ValueError(_not_a_number(text, whole=True)) from None
    if kind is ParamKind.FLOAT:
        try:
            value = float(stripped)
        except ValueError:
            raise ValueError(_not_a_number(text, whole=False)) from None
        if not math.isfinite(value):
            raise ValueError(translate("call_building", "must be a finite number (JSON has no inf or NaN)"))
        return value
    if kind is ParamKind.BOOL:
        lowered = stripped.lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise ValueError(translate("call_building", "not true or false: {value}").format(value=_quoted(text)))
    return parse_json(text)


def parse_json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        message = translate("call_building", "invalid JSON at line {line} column {column}: {reason}")
        raise ValueError(message.format(line=exc.lineno, column=exc.colno, reason=exc.msg)) from None
    except RecursionError:
        raise ValueError(translate("call_building", "invalid JSON: nested too deeply")) from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's guard against quadratic int parsing
            message = translate("call_building", "invalid JSON: a whole number longer than {digits} digits")
            raise ValueError(message.format(digits=f"{sys.get_int_max_str_digits():,}")) from None
        raise


def _short(text: str, limit: int = MAX_SHOWN) -> str:
    """A typed value cut down to quote in a message (its middle left out): an error is read, not scrolled."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-(limit // 2) :]}"


def _quoted(text: str) -> str:
    """``repr`` of a typed value, cut down after escaping (one odd character can take ten to write)."""
    return _short(repr(text), MAX_SHOWN + 20)


def _not_a_number(text: str, *, whole: bool) -> str:
    if whole:
        return translate("call_building", "not a whole number: {value}").format(value=_quoted(text))
    return translate("call_building", "not a number: {value}").format(value=_quoted(text))


def _expires_too_soon() -> str:
    return translate("call_building", "expires before the task may start (ETA/countdown): it would be revoked unrun")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(
            translate("call_building", "invalid JSON: {value} does not fit in a 64-bit float").format(value=_short(text))
        )
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(translate("call_building", "invalid JSON: {name} is not a JSON value").format(name=name))


# -- validation --------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []
        self.warnings: list[FieldError] = []

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(FieldError(field_name, message))

    def number(
        self, field_name: str, text: str, *, minimum: float = 0.0, integer: bool = False, positive: bool = False
    ) -> float | int | None:
        text = text.strip()
        if not text:
            return None
        try:
            value: float | int = int(text)  # whole numbers stay ints: previews read countdown=10, not 10.0
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                value = None
            if value is None or integer:
                self.error(field_name, _not_a_number(text, whole=integer))
                return None
        if isinstance(value, float) and not math.isfinite(value):  # an int is finite, and past 1e308 isfinite() overflows
            self.error(field_name, translate("call_building", "must be a finite number"))
            return None
        if positive and value <= 0:
            self.error(field_name, translate("call_building", "must be greater than 0"))
            return None
        if value < minimum:
            if minimum == 0:
                self.error(
                    field_name, translate("call_building", "must not be negative (got {value})").format(value=_short(text))
                )
            else:
                self.error(field_name, translate("call_building", "must be at least {minimum}").format(minimum=f"{minimum:g}"))
            return None
        if value > MAX_SECONDS:
            message = translate("call_building", "too large: {value} (at most {maximum})")
            self.error(field_name, message.format(value=_short(text), maximum=f"{MAX_SECONDS:,}"))
            return None
        return value

    def json_value(self, field_name: str, text: str, expected: type, what: str) -> Any:
        if not text.strip():
            return expected()
        try:
            value = parse_json(text)
        except ValueError as exc:
            self.error(field_name, str(exc))
            return None
        if not isinstance(value, expected):
            if what == "array":
                message = translate("call_building", "must be a JSON array, not {type}")
            else:
                message = translate("call_building", "must be a JSON object, not {type}")
            self.error(field_name, message.format(type=type(value).__name__))
            return None
        return value

    def when(self, field_name: str, text: str, local_tz: tzinfo) -> datetime | None:
        try:
            return parse_moment(text, local_tz)
        except ValueError as exc:
            self.error(field_name, str(exc))
            return None


def parse_moment(text: str, local_tz: tzinfo | None = None) -> datetime | None:
    """An ISO 8601 date-time as aware UTC; without an offset it is local time. None when empty."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        example = translate("call_building", "not a date-time (use ISO 8601, e.g. 2026-11-25T14:30:00+01:00): {value}")
        raise ValueError(example.format(value=_quoted(text))) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_tz or _local_tz())
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise ValueError(translate("call_building", "date-time out of range: {value}").format(value=_quoted(text))) from None


def _local_tz() -> tzinfo:
    return datetime.now().astimezone().tzinfo or timezone.utc


def build_call(draft: CallDraft, context: CallContext | None = None) -> CallResult:
    """Validate a draft; return the CallSpec to send, or every error at its field."""
    ctx = context or CallContext()
    now = ctx.now or datetime.now(timezone.utc)
    local_tz = ctx.local_tz or _local_tz()
    c = _Collector()

    task = draft.task.strip()
    if not task:
        c.error("task", translate("call_building", "choose a task"))
    args, kwargs = _arguments(draft, ctx.signature, c)

    countdown = c.number("countdown", draft.countdown)
    eta = c.when("eta", draft.eta, local_tz)
    if countdown is not None and eta is not None:
        both = translate("call_building", "set either a countdown or an ETA, not both")
        c.error("countdown", both)
        c.error("eta", both)
    starts_at = eta if eta is not None else now + timedelta(seconds=countdown or 0)
    if eta is not None and eta < now - timedelta(seconds=1):
        past = translate("call_building", "the ETA is in the past: the task runs as soon as a worker takes it")
        c.warnings.append(FieldError("eta", past))

    expires = _expires(draft.expires, now, starts_at, local_tz, c)

    priority = None
    if draft.priority.strip():
        low, high = PRIORITY_RANGE.get(ctx.broker_scheme, DEFAULT_PRIORITY_RANGE)
        value = c.number("priority", draft.priority, integer=True)
        if value is not None and not low <= value <= high:
            message = translate("call_building", "must be between {low} and {high} for a {scheme} broker")
            c.error("priority", message.format(low=low, high=high, scheme=ctx.broker_scheme))
        elif value is not None:
            priority = int(value)

    serializer = draft.serializer.strip() or None
    if serializer is not None:
        _check_serializer(serializer, ctx, c)
    compression = draft.compression.strip() or None
    if compression is not None and compression not in COMPRESSIONS:
        message = translate("call_building", "unknown compression {value}; choose {choices} or none")
        c.error("compression", message.format(value=_quoted(compression), choices=", ".join(COMPRESSIONS)))

    retry_policy = None
    policy_fields = {
        "max_retries": c.number("retry_max_retries", draft.retry_max_retries, integer=True),
        "interval_start": c.number("retry_interval_start", draft.retry_interval_start),
        "interval_step": c.number("retry_interval_step", draft.retry_interval_step),
        "interval_max": c.number("retry_interval_max", draft.retry_interval_max),
    }
    if any(v is not None for v in policy_fields.values()):
        if draft.retry is False:
            c.error("retry", translate("call_building", "a retry policy is set but retry is off"))
        retry_policy = RetryPolicy(**policy_fields)

    links = _links("links", draft.links, c)
    link_errors = _links("link_errors", draft.link_errors, c)

    task_id = draft.task_id.strip() or None
    if task_id is not None and (len(task_id) > 255 or any(ch.isspace() or not ch.isprintable() for ch in task_id)):
        c.error("task_id", translate("call_building", "a task id is up to 255 printable characters without spaces"))
    headers = None
    if draft.headers_json.strip():
        headers = c.json_value("headers_json", draft.headers_json, dict, "object")

    time_limit = c.number("time_limit", draft.time_limit, positive=True)
    soft_time_limit = c.number("soft_time_limit", draft.soft_time_limit, positive=True)
    if time_limit is not None and soft_time_limit is not None and soft_time_limit >= time_limit:
        shorter = translate("call_building", "the soft time limit must be shorter than the hard time limit")
        c.error("soft_time_limit", shorter)

    if c.errors:
        return CallResult(None, tuple(c.errors), tuple(c.warnings))
    spec = CallSpec(
        task=task,
        args=tuple(args),
        kwargs=kwargs,
        countdown=countdown,
        eta=eta,
        expires=expires,
        queue=draft.queue.strip() or None,
        exchange=draft.exchange.strip() or None,
        routing_key=draft.routing_key.strip() or None,
        priority=priority,
        serializer=serializer,
        compression=compression,
        retry=draft.retry,
        retry_policy=retry_policy,
        link=links,
        link_error=link_errors,
        task_id=task_id,
        headers=headers,
        ignore_result=draft.ignore_result,
        time_limit=time_limit,
        soft_time_limit=soft_time_limit,
        shadow=draft.shadow.strip() or None,
    )
    return CallResult(spec, (), tuple(c.warnings))


def _arguments(draft: CallDraft, signature: TaskSignature | None, c: _Collector) -> tuple[list, dict]:
    if signature is None:
        args = c.json_value("args_json", draft.args_json, list, "array")
        kwargs = c.json_value("kwargs_json", draft.kwargs_json, dict, "object")
        return args or [], kwargs or {}
    args: list = []
    kwargs: dict = {}
    gap = False  # once a positional parameter is left to its default, the rest go by keyword
    for p in signature.params:
        text = draft.param(p.name)
        key = f"param:{p.name}"
        if p.variadic:
            value = c.json_value(key, text, list if p.variadic == "*" else dict, "array" if p.variadic == "*" else "object")
            if p.variadic == "*" and value:
                if gap:
                    c.error(
                        key, translate("call_building", "extra positional arguments need every parameter before them filled in")
                    )
                args.extend(value)
            elif p.variadic == "**" and value:
                named = {q.name for q in signature.params if not q.variadic}
                clash = sorted(k for k in value if k in named) if signature.python is None else []
                if clash:  # the worker would refuse it ("got multiple values"); with the function at hand, bind() says so below
                    own = translate("call_building", "{name} is a parameter of its own: fill it in above")
                    c.error(key, own.format(name=_short(repr(clash[0]), 60)))
                kwargs.update(value)
            continue
        if text == "":
            if p.required:
                c.error(key, translate("call_building", "required"))
            gap = gap or p.positional
            continue
        try:
            value = parse_param_value(p.kind, text)
        except ValueError as exc:
            c.error(key, str(exc))
            gap = gap or p.positional
            continue
        if p.positional and not gap:
            args.append(value)
        else:
            kwargs[p.name] = value
    if signature.python is not None and not any(e.field.startswith("param:") for e in c.errors):
        try:
            signature.python.bind(*args, **kwargs)
        except TypeError as exc:
            message = translate("call_building", "arguments do not match {signature}: {reason}")
            c.error("params", message.format(signature=_short(signature.text, 120), reason=_short(str(exc), 160)))
    return args, kwargs


def _expires(text: str, now: datetime, starts_at: datetime, local_tz: tzinfo, c: _Collector) -> float | datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        moment = c.when("expires", text, local_tz)
        if moment is None:
            return None
        if moment <= now:
            c.error("expires", translate("call_building", "this moment has already passed: the task would be revoked at once"))
        elif moment <= starts_at:
            c.error("expires", _expires_too_soon())
        return moment
    if not math.isfinite(seconds) or seconds <= 0:
        c.error("expires", translate("call_building", "must be a number of seconds greater than 0, or a date-time"))
        return None
    if seconds > MAX_SECONDS:
        too_large = translate("call_building", "too large: {value} (at most {maximum} seconds)")
        c.error("expires", too_large.format(value=_short(text), maximum=f"{MAX_SECONDS:,}"))
        return None
    if now + timedelta(seconds=seconds) <= starts_at:
        c.error("expires", _expires_too_soon())
    return seconds


def _check_serializer(serializer: str, ctx: CallContext, c: _Collector) -> None:
    if serializer not in SERIALIZERS:
        message = translate("call_building", "unknown serializer {value}; choose {choices}")
        c.error("serializer", message.format(value=_quoted(serializer), choices=", ".join(SERIALIZERS)))
        return
    if serializer == "pickle" and not ctx.allow_pickle:
        c.error(
            "serializer",
            translate(
                "call_building",
                "pickle is off for this connection: workers must accept it, and unpickling runs arbitrary code "
                "(start with --allow-pickle to opt in)",
            ),
        )
        return
    if ctx.accepted_content is not None and not {serializer, CONTENT_TYPES[serializer]} & ctx.accepted_content:
        message = translate("call_building", "the workers do not accept {serializer} (accept_content: {accepted})")
        c.error("serializer", message.format(serializer=serializer, accepted=", ".join(sorted(ctx.accepted_content))))
        return
    from kombu.serialization import registry

    if serializer not in registry._encoders:
        package = {"yaml": "PyYAML", "msgpack": "msgpack"}.get(serializer, serializer)
        message = translate("call_building", "{serializer} is not available here (pip install {package})")
        c.error("serializer", message.format(serializer=serializer, package=package))


def _links(name: str, drafts: tuple[LinkDraft, ...], c: _Collector) -> tuple[LinkSpec, ...]:
    links = []
    for i, link in enumerate(drafts):
        task = link.task.strip()
        if not task:
            c.error(f"{name}:{i}:task", translate("call_building", "choose a task"))
        args = c.json_value(f"{name}:{i}:args_json", link.args_json, list, "array")
        kwargs = c.json_value(f"{name}:{i}:kwargs_json", link.kwargs_json, dict, "object")
        if task and args is not None and kwargs is not None:
            links.append(LinkSpec(task, tuple(args), kwargs))
    return tuple(links)


def parse_send_count(text: str) -> int | str:
    """'Send N times': the count, or a message saying why not."""
    try:
        count = int(text.strip())
    except ValueError:
        return _not_a_number(text, whole=True)
    if not 1 <= count <= MAX_SEND_COUNT:
        return translate("call_building", "between 1 and {maximum}").format(maximum=MAX_SEND_COUNT)
    return count


# -- back: a sent call as the form's text ------------------------------------


def draft_from_spec(spec: CallSpec, signature: TaskSignature | None = None) -> CallDraft:
    """The form text that builds exactly this call again (for re-send and history)."""

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    def when(value: datetime | float | None) -> str:
        if isinstance(value, datetime):
            return value.isoformat()
        return text(value)

    params: dict[str, str] = {}
    args_json, kwargs_json = json.dumps(list(spec.args)), json.dumps(spec.kwargs)
    if signature is not None:
        params = _params_for(spec, signature)
    policy = spec.retry_policy or RetryPolicy()
    return CallDraft(
        task=spec.task,
        params=tuple(params.items()),
        args_json=args_json,
        kwargs_json=kwargs_json,
        countdown=text(spec.countdown),
        eta=when(spec.eta),
        expires=when(spec.expires),
        queue=text(spec.queue),
        exchange=text(spec.exchange),
        routing_key=text(spec.routing_key),
        priority=text(spec.priority),
        serializer=text(spec.serializer),
        compression=text(spec.compression),
        retry=spec.retry,
        retry_max_retries=text(policy.max_retries),
        retry_interval_start=text(policy.interval_start),
        retry_interval_step=text(policy.interval_step),
        retry_interval_max=text(policy.interval_max),
        links=tuple(LinkDraft(link.task, json.dumps(list(link.args)), json.dumps(link.kwargs)) for link in spec.link),
        link_errors=tuple(LinkDraft(link.task, json.dumps(list(link.args)), json.dumps(link.kwargs)) for link in spec.link_error),
        task_id="",  # a re-send is a new task
        headers_json=json.dumps(spec.headers) if spec.headers is not None else "",
        ignore_result=spec.ignore_result,
        time_limit=text(spec.time_limit),
        soft_time_limit=text(spec.soft_time_limit),
        shadow=text(spec.shadow),
    )


def _params_for(spec: CallSpec, signature: TaskSignature) -> dict[str, str]:
    """Spread args/kwargs over the signature's fields, as the user would have typed them."""
    params: dict[str, str] = {}
    positional = [p for p in signature.params if p.positional and not p.variadic]
    args = list(spec.args)
    kwargs = dict(spec.kwargs)
    for p, value in zip(positional, args, strict=False):
        params[p.name] = format_param_value(p.kind, value)
    extra_args = args[len(positional) :]
    for p in signature.params:
        if p.variadic == "*":
            params[p.name] = json.dumps(extra_args) if extra_args else ""
        elif p.variadic == "**":
            named = {p2.name for p2 in signature.params if not p2.variadic}
            extra = {k: v for k, v in kwargs.items() if k not in named}
            params[p.name] = json.dumps(extra) if extra else ""
        elif p.name in kwargs:
            params[p.name] = format_param_value(p.kind, kwargs[p.name])
    return params
