"""A task call: what the form holds (CallDraft), its validation, and what is sent (CallSpec).

The draft is text, exactly as typed, so a preset or an error message can give it
back unchanged. ``build_call`` turns it into a typed CallSpec or a list of
FieldErrors, one per field, and never raises.
"""

from __future__ import annotations

import inspect
import json
import math
import shlex
import sys
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timedelta, timezone, tzinfo
from enum import Enum
from typing import Any

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


# -- signatures -----------------------------------------------------------------


class ParamKind(str, Enum):
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    STR = "str"
    JSON = "json"


_KIND_BY_TYPE = {int: ParamKind.INT, float: ParamKind.FLOAT, bool: ParamKind.BOOL, str: ParamKind.STR}
_KIND_BY_NAME = {"int": ParamKind.INT, "float": ParamKind.FLOAT, "bool": ParamKind.BOOL, "str": ParamKind.STR}


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a task's Python signature, as the form shows it."""

    name: str
    kind: ParamKind
    required: bool
    default: Any = None
    annotation: str = ""
    variadic: str = ""  # "*" for *args, "**" for **kwargs (both edited as JSON)
    positional: bool = True  # False for keyword-only parameters

    @property
    def default_text(self) -> str:
        if self.required or self.variadic:
            return ""
        return format_param_value(self.kind, self.default)


@dataclass(frozen=True)
class TaskSignature:
    params: tuple[ParamSpec, ...]
    text: str
    python: inspect.Signature | None = field(default=None, compare=False, repr=False)


def _kind_for(parameter: inspect.Parameter) -> ParamKind:
    annotation = parameter.annotation
    if annotation is inspect.Parameter.empty:
        default = parameter.default
        if default is inspect.Parameter.empty or default is None:
            return ParamKind.JSON
        return _KIND_BY_TYPE.get(type(default), ParamKind.JSON)
    if isinstance(annotation, str):
        return _KIND_BY_NAME.get(annotation.strip(), ParamKind.JSON)
    return _KIND_BY_TYPE.get(annotation, ParamKind.JSON)


def _annotation_text(annotation: Any) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    if isinstance(annotation, str):
        return annotation
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")


def signature_of(function: Any) -> TaskSignature | None:
    """The call signature of a task's ``run`` (``self`` of bound tasks already left out)."""
    try:
        python = inspect.signature(function, eval_str=True)  # 'int' under `from __future__ import annotations`
    except (NameError, SyntaxError, TypeError, AttributeError):
        try:
            python = inspect.signature(function)
        except (TypeError, ValueError):
            return None
    except ValueError:
        return None
    params = []
    for p in python.parameters.values():
        variadic = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        default = None if p.default is p.empty else p.default
        params.append(
            ParamSpec(
                name=p.name,
                kind=ParamKind.JSON if variadic else _kind_for(p),
                required=p.default is p.empty and not variadic,
                default=default if _json_safe(default) else repr(default),
                annotation=_annotation_text(p.annotation),
                variadic=variadic,
                positional=p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD),
            )
        )
    return TaskSignature(tuple(params), str(python), python)


def _json_safe(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def format_param_value(kind: ParamKind, value: Any) -> str:
    if kind is ParamKind.STR and isinstance(value, str):
        return value
    if kind is ParamKind.BOOL:
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def parse_param_value(kind: ParamKind, text: str) -> Any:
    """Text from a parameter field to its value; ValueError with a readable message."""
    if kind is ParamKind.STR:
        return text
    stripped = text.strip()
    if kind is ParamKind.INT:
        try:
            return int(stripped.replace("_", ""))
        except ValueError:
            raise ValueError(f"not a whole number: {_quoted(text)}") from None
    if kind is ParamKind.FLOAT:
        try:
            value = float(stripped)
        except ValueError:
            raise ValueError(f"not a number: {_quoted(text)}") from None
        if not math.isfinite(value):
            raise ValueError("must be a finite number (JSON has no inf or NaN)")
        return value
    if kind is ParamKind.BOOL:
        lowered = stripped.lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise ValueError(f"not true or false: {_quoted(text)}")
    return parse_json(text)


def parse_json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's guard against quadratic int parsing
            raise ValueError(f"invalid JSON: a whole number longer than {sys.get_int_max_str_digits():,} digits") from None
        raise


def _short(text: str, limit: int = MAX_SHOWN) -> str:
    """A typed value cut down to quote in a message (its middle left out): an error is read, not scrolled."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-(limit // 2) :]}"


def _quoted(text: str) -> str:
    """``repr`` of a typed value, cut down after escaping (one odd character can take ten to write)."""
    return _short(repr(text), MAX_SHOWN + 20)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"invalid JSON: {_short(text)} does not fit in a 64-bit float")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON: {name} is not a JSON value")


# -- the draft: what the form holds ----------------------------------------------


@dataclass(frozen=True)
class LinkDraft:
    """A callback (link) or errback (link_error) with its own partial arguments."""

    task: str = ""
    args_json: str = "[]"
    kwargs_json: str = "{}"


@dataclass(frozen=True)
class CallDraft:
    task: str
    params: tuple[tuple[str, str], ...] = ()  # parameter name -> text, when the signature is known
    args_json: str = "[]"  # used when the signature is not known
    kwargs_json: str = "{}"
    countdown: str = ""
    eta: str = ""  # ISO 8601; without an offset it means local time
    expires: str = ""  # seconds after sending, or an ISO 8601 date-time
    queue: str = ""
    exchange: str = ""
    routing_key: str = ""
    priority: str = ""
    serializer: str = ""  # "" = the app's task_serializer
    compression: str = ""  # "" = none
    retry: bool | None = None  # None = the app's task_publish_retry
    retry_max_retries: str = ""
    retry_interval_start: str = ""
    retry_interval_step: str = ""
    retry_interval_max: str = ""
    links: tuple[LinkDraft, ...] = ()
    link_errors: tuple[LinkDraft, ...] = ()
    task_id: str = ""
    headers_json: str = ""
    ignore_result: bool | None = None
    time_limit: str = ""
    soft_time_limit: str = ""
    shadow: str = ""

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")

    def with_param(self, name: str, text: str) -> CallDraft:
        values = dict(self.params)
        values[name] = text
        return replace(self, params=tuple(values.items()))

    def to_json(self) -> dict:
        data = asdict(self)
        data["params"] = dict(self.params)
        return data

    @classmethod
    def from_json(cls, data: dict) -> CallDraft:
        """Rebuild a draft from a preset; unknown keys (from newer versions) are ignored."""
        if not isinstance(data, dict):
            raise ValueError("a call preset must be an object")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if not isinstance(values.get("task"), str):
            raise ValueError("a call preset needs a task name")
        params = values.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError("params must be an object")
        values["params"] = tuple((str(k), str(v)) for k, v in params.items())
        for key in ("links", "link_errors"):
            links = values.get(key) or ()
            if not isinstance(links, list | tuple) or not all(isinstance(link, dict) for link in links):
                raise ValueError(f"{key} must be a list of objects")
            values[key] = tuple(
                LinkDraft(**{k: str(v) for k, v in link.items() if k in ("task", "args_json", "kwargs_json")}) for link in links
            )
        for key in ("retry", "ignore_result"):
            if values.get(key) not in (None, True, False):
                values[key] = None
        for f in fields(cls):
            if f.type == "str" and f.name in values and not isinstance(values[f.name], str):
                values[f.name] = str(values[f.name])
        return cls(**values)


# -- the spec: what is sent --------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    field: str  # a CallDraft attribute, "param:<name>", or "links:<i>:task" / "link_errors:<i>:args_json"
    message: str


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int | None = None
    interval_start: float | None = None
    interval_step: float | None = None
    interval_max: float | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class LinkSpec:
    task: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    task_id: str | None = None


@dataclass(frozen=True)
class CallSpec:
    task: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    countdown: float | None = None
    eta: datetime | None = None
    expires: float | datetime | None = None
    queue: str | None = None
    exchange: str | None = None
    routing_key: str | None = None
    priority: int | None = None
    serializer: str | None = None
    compression: str | None = None
    retry: bool | None = None
    retry_policy: RetryPolicy | None = None
    link: tuple[LinkSpec, ...] = ()
    link_error: tuple[LinkSpec, ...] = ()
    task_id: str | None = None
    headers: dict | None = None
    ignore_result: bool | None = None
    time_limit: float | None = None
    soft_time_limit: float | None = None
    shadow: str | None = None

    def to_json(self) -> dict:
        """The whole call as JSON-ready data (the history keeps it, for an exact re-send)."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == () or (f.name == "kwargs" and value == {}):
                continue
            if isinstance(value, datetime):
                value = {"datetime": value.isoformat()}
            elif f.name in ("link", "link_error"):
                value = [{k: v for k, v in asdict(link).items() if v not in (None, (), {})} for link in value]
            elif isinstance(value, RetryPolicy):
                value = value.as_dict()
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
        return data

    @classmethod
    def from_json(cls, data: dict) -> CallSpec:
        """The call ``to_json`` wrote; keys a newer version added are ignored."""
        if not isinstance(data, dict) or not isinstance(data.get("task"), str):
            raise ValueError("a stored call must be an object with a task name")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            if isinstance(value, dict) and set(value) == {"datetime"}:
                value = datetime.fromisoformat(value["datetime"])
            elif key in ("link", "link_error"):
                value = tuple(
                    LinkSpec(
                        task=link["task"],
                        args=tuple(link.get("args", ())),
                        kwargs=dict(link.get("kwargs", {})),
                        task_id=link.get("task_id"),
                    )
                    for link in value
                )
            elif key == "retry_policy":
                value = RetryPolicy(**value)
            elif key == "args":
                value = tuple(value)
            values[key] = value
        return cls(**values)

    def with_ids(self) -> CallSpec:
        """Give the call and each callback a task id now, so all of them can be tracked."""

        def ided(links: tuple[LinkSpec, ...]) -> tuple[LinkSpec, ...]:
            return tuple(replace(link, task_id=link.task_id or str(uuid.uuid4())) for link in links)

        return replace(self, task_id=self.task_id or str(uuid.uuid4()), link=ided(self.link), link_error=ided(self.link_error))

    def options(self) -> dict[str, Any]:
        """``apply_async``/``send_task`` keyword options that were set (links left to the caller)."""
        values = {
            "countdown": self.countdown,
            "eta": self.eta,
            "expires": self.expires,
            "queue": self.queue,
            "exchange": self.exchange,
            "routing_key": self.routing_key,
            "priority": self.priority,
            "serializer": self.serializer,
            "compression": self.compression,
            "retry": self.retry,
            "retry_policy": self.retry_policy.as_dict() if self.retry_policy else None,
            "task_id": self.task_id,
            "headers": self.headers,
            "ignore_result": self.ignore_result,
            "time_limit": self.time_limit,
            "soft_time_limit": self.soft_time_limit,
            "shadow": self.shadow,
        }
        return {k: v for k, v in values.items() if v is not None}

    def send_task_kwargs(self, app) -> dict[str, Any]:
        """Everything ``app.send_task(self.task, **kwargs)`` needs, links as real signatures."""

        def signatures(links: tuple[LinkSpec, ...]) -> list:
            return [
                app.signature(s.task, args=s.args, kwargs=s.kwargs, options={"task_id": s.task_id} if s.task_id else {})
                for s in links
            ]

        kwargs: dict[str, Any] = {"args": list(self.args), "kwargs": dict(self.kwargs), **self.options()}
        if self.link:
            kwargs["link"] = signatures(self.link)
        if self.link_error:
            kwargs["link_error"] = signatures(self.link_error)
        return kwargs

    # -- previews -------------------------------------------------------------

    def to_python(self, python_name: str | None = None) -> str:
        """The same call as Python: ``app.send_task(...)``, or ``func.apply_async(...)`` when its import path is known."""
        arguments = []
        if python_name and "." in python_name:
            module, _, func = python_name.rpartition(".")
            prefix, call = f"from {module} import {func}\n\n", f"{func}.apply_async"
            if self.args or self.kwargs:
                arguments.append(_py(tuple(self.args)))
        else:
            prefix, call = "", "app.send_task"
            arguments.append(repr(self.task))
            if self.args:
                arguments.append(f"args={_py(list(self.args))}")
        if self.kwargs:
            arguments.append(f"kwargs={_py(self.kwargs)}")
        arguments += [f"{key}={_py(value)}" for key, value in self.options().items()]
        for key, links in (("link", self.link), ("link_error", self.link_error)):
            if links:
                arguments.append(f"{key}=[{', '.join(_py_signature(link) for link in links)}]")
        one_line = f"{call}({', '.join(arguments)})"
        if len(one_line) <= 88:
            return prefix + one_line
        return prefix + f"{call}(\n" + "".join(f"    {a},\n" for a in arguments) + ")"

    def to_cli(self, app_module: str | None = None) -> tuple[str, list[str]]:
        """The same call as ``celery call``, and the options that command cannot express."""
        parts = ["celery", "-A", app_module] if app_module else ["celery", "-b", '"$CELERY_BROKER_URL"']
        parts += ["call", shlex.quote(self.task)]
        if self.args:
            parts += ["--args", shlex.quote(json.dumps(list(self.args)))]
        if self.kwargs:
            parts += ["--kwargs", shlex.quote(json.dumps(self.kwargs))]
        if self.countdown is not None:
            parts += ["--countdown", _seconds(self.countdown)]
        if self.eta is not None:
            parts += ["--eta", self.eta.isoformat()]
        if self.expires is not None:
            parts += ["--expires", self.expires.isoformat() if isinstance(self.expires, datetime) else _seconds(self.expires)]
        for option, value in (
            ("--serializer", self.serializer),
            ("--queue", self.queue),
            ("--exchange", self.exchange),
            ("--routing-key", self.routing_key),
        ):
            if value:
                parts += [option, shlex.quote(value)]
        expressible = {"countdown", "eta", "expires", "serializer", "queue", "exchange", "routing_key"}
        missing = [k for k in self.options() if k not in expressible]
        missing += [k for k, links in (("link", self.link), ("link_error", self.link_error)) if links]
        return " ".join(parts), missing


def _seconds(value: float) -> str:
    """Exact seconds for a command line: 1234567 stays 1234567 (not 1.23457e+06)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _py(value: Any) -> str:
    if isinstance(value, datetime):
        return f"datetime.fromisoformat({value.isoformat()!r})"
    return repr(value)


def _py_signature(link: LinkSpec) -> str:
    parts = [repr(link.task)]
    if link.args:
        parts.append(f"args={_py(tuple(link.args))}")
    if link.kwargs:
        parts.append(f"kwargs={_py(link.kwargs)}")
    return f"app.signature({', '.join(parts)})"


# -- validation ------------------------------------------------------------------


@dataclass(frozen=True)
class CallContext:
    """What validation needs to know beyond the draft."""

    signature: TaskSignature | None = None
    allow_pickle: bool = False
    broker_scheme: str = "redis"
    accepted_content: frozenset[str] | None = None  # what every online worker accepts, if known
    now: datetime | None = None  # aware; defaults to the current time
    local_tz: tzinfo | None = None  # for ETA/expires typed without an offset; defaults to the system's


@dataclass(frozen=True)
class CallResult:
    spec: CallSpec | None
    errors: tuple[FieldError, ...] = ()
    warnings: tuple[FieldError, ...] = ()

    @property
    def ok(self) -> bool:
        return self.spec is not None and not self.errors

    def error_for(self, field_name: str) -> str:
        return "; ".join(e.message for e in self.errors if e.field == field_name)


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
                self.error(field_name, f"not a {'whole ' if integer else ''}number: {_quoted(text)}")
                return None
        if isinstance(value, float) and not math.isfinite(value):  # an int is finite, and past 1e308 isfinite() overflows
            self.error(field_name, "must be a finite number")
            return None
        if positive and value <= 0:
            self.error(field_name, "must be greater than 0")
            return None
        if value < minimum:
            self.error(
                field_name, f"must not be negative (got {_short(text)})" if minimum == 0 else f"must be at least {minimum:g}"
            )
            return None
        if value > MAX_SECONDS:
            self.error(field_name, f"too large: {_short(text)} (at most {MAX_SECONDS:,})")
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
            self.error(field_name, f"must be a JSON {what}, not {type(value).__name__}")
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
        raise ValueError(f"not a date-time (use ISO 8601, e.g. 2026-11-25T14:30:00+01:00): {_quoted(text)}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_tz or _local_tz())
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise ValueError(f"date-time out of range: {_quoted(text)}") from None


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
        c.error("task", "choose a task")
    args, kwargs = _arguments(draft, ctx.signature, c)

    countdown = c.number("countdown", draft.countdown)
    eta = c.when("eta", draft.eta, local_tz)
    if countdown is not None and eta is not None:
        c.error("countdown", "set either a countdown or an ETA, not both")
        c.error("eta", "set either a countdown or an ETA, not both")
    starts_at = eta if eta is not None else now + timedelta(seconds=countdown or 0)
    if eta is not None and eta < now - timedelta(seconds=1):
        c.warnings.append(FieldError("eta", "the ETA is in the past: the task runs as soon as a worker takes it"))

    expires = _expires(draft.expires, now, starts_at, local_tz, c)

    priority = None
    if draft.priority.strip():
        low, high = PRIORITY_RANGE.get(ctx.broker_scheme, DEFAULT_PRIORITY_RANGE)
        value = c.number("priority", draft.priority, integer=True)
        if value is not None and not low <= value <= high:
            c.error("priority", f"must be between {low} and {high} for a {ctx.broker_scheme} broker")
        elif value is not None:
            priority = int(value)

    serializer = draft.serializer.strip() or None
    if serializer is not None:
        _check_serializer(serializer, ctx, c)
    compression = draft.compression.strip() or None
    if compression is not None and compression not in COMPRESSIONS:
        c.error("compression", f"unknown compression {_quoted(compression)}; choose {', '.join(COMPRESSIONS)} or none")

    retry_policy = None
    policy_fields = {
        "max_retries": c.number("retry_max_retries", draft.retry_max_retries, integer=True),
        "interval_start": c.number("retry_interval_start", draft.retry_interval_start),
        "interval_step": c.number("retry_interval_step", draft.retry_interval_step),
        "interval_max": c.number("retry_interval_max", draft.retry_interval_max),
    }
    if any(v is not None for v in policy_fields.values()):
        if draft.retry is False:
            c.error("retry", "a retry policy is set but retry is off")
        retry_policy = RetryPolicy(**policy_fields)

    links = _links("links", draft.links, c)
    link_errors = _links("link_errors", draft.link_errors, c)

    task_id = draft.task_id.strip() or None
    if task_id is not None and (len(task_id) > 255 or any(ch.isspace() or not ch.isprintable() for ch in task_id)):
        c.error("task_id", "a task id is up to 255 printable characters without spaces")
    headers = None
    if draft.headers_json.strip():
        headers = c.json_value("headers_json", draft.headers_json, dict, "object")

    time_limit = c.number("time_limit", draft.time_limit, positive=True)
    soft_time_limit = c.number("soft_time_limit", draft.soft_time_limit, positive=True)
    if time_limit is not None and soft_time_limit is not None and soft_time_limit >= time_limit:
        c.error("soft_time_limit", "the soft time limit must be shorter than the hard time limit")

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
                    c.error(key, "extra positional arguments need every parameter before them filled in")
                args.extend(value)
            elif p.variadic == "**" and value:
                named = {q.name for q in signature.params if not q.variadic}
                clash = sorted(k for k in value if k in named) if signature.python is None else []
                if clash:  # the worker would refuse it ("got multiple values"); with the function at hand, bind() says so below
                    c.error(key, f"{_short(repr(clash[0]), 60)} is a parameter of its own: fill it in above")
                kwargs.update(value)
            continue
        if text == "":
            if p.required:
                c.error(key, "required")
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
            c.error("params", f"arguments do not match {_short(signature.text, 120)}: {_short(str(exc), 160)}")
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
            c.error("expires", "this moment has already passed: the task would be revoked at once")
        elif moment <= starts_at:
            c.error("expires", "expires before the task may start (ETA/countdown): it would be revoked unrun")
        return moment
    if not math.isfinite(seconds) or seconds <= 0:
        c.error("expires", "must be a number of seconds greater than 0, or a date-time")
        return None
    if seconds > MAX_SECONDS:
        c.error("expires", f"too large: {_short(text)} (at most {MAX_SECONDS:,} seconds)")
        return None
    if now + timedelta(seconds=seconds) <= starts_at:
        c.error("expires", "expires before the task may start (ETA/countdown): it would be revoked unrun")
    return seconds


def _check_serializer(serializer: str, ctx: CallContext, c: _Collector) -> None:
    if serializer not in SERIALIZERS:
        c.error("serializer", f"unknown serializer {_quoted(serializer)}; choose {', '.join(SERIALIZERS)}")
        return
    if serializer == "pickle" and not ctx.allow_pickle:
        c.error(
            "serializer",
            "pickle is off for this connection: workers must accept it, and unpickling runs arbitrary code "
            "(start with --allow-pickle to opt in)",
        )
        return
    if ctx.accepted_content is not None and not {serializer, CONTENT_TYPES[serializer]} & ctx.accepted_content:
        c.error(
            "serializer", f"the workers do not accept {serializer} (accept_content: {', '.join(sorted(ctx.accepted_content))})"
        )
        return
    from kombu.serialization import registry

    if serializer not in registry._encoders:
        package = {"yaml": "PyYAML", "msgpack": "msgpack"}.get(serializer, serializer)
        c.error("serializer", f"{serializer} is not available here (pip install {package})")


def _links(name: str, drafts: tuple[LinkDraft, ...], c: _Collector) -> tuple[LinkSpec, ...]:
    links = []
    for i, link in enumerate(drafts):
        task = link.task.strip()
        if not task:
            c.error(f"{name}:{i}:task", "choose a task")
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
        return f"not a whole number: {_quoted(text)}"
    if not 1 <= count <= MAX_SEND_COUNT:
        return f"between 1 and {MAX_SEND_COUNT}"
    return count


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
