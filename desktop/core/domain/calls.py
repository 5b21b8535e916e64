"""A task call as values: what a task takes (TaskSignature), what the form holds (CallDraft), what
is sent (CallSpec), and what validation is given (CallContext) and gives back (CallResult).

The draft is text, exactly as typed, so a preset or an error message can give it back unchanged.
Turning it into a CallSpec, and a CallSpec back into it, is call_building.py.
"""

from __future__ import annotations

import inspect
import json
import shlex
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, tzinfo
from enum import Enum
from typing import Any

from desktop.core.domain.translatable import translate

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
            raise ValueError(translate("calls", "a call preset must be an object"))
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if not isinstance(values.get("task"), str):
            raise ValueError(translate("calls", "a call preset needs a task name"))
        params = values.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError(translate("calls", "params must be an object"))
        values["params"] = tuple((str(k), str(v)) for k, v in params.items())
        for key in ("links", "link_errors"):
            links = values.get(key) or ()
            if not isinstance(links, list | tuple) or not all(isinstance(link, dict) for link in links):
                raise ValueError(translate("calls", "{key} must be a list of objects").format(key=key))
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
            raise ValueError("a stored call must be an object with a task name")  # logged by the history: English
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


# -- validation's input and output ---------------------------------------------


@dataclass(frozen=True)
class FieldError:
    field: str  # a CallDraft attribute, "param:<name>", or "links:<i>:task" / "link_errors:<i>:args_json"
    message: str


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
