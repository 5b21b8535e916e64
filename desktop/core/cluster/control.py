"""Worker inspect and remote control: what ``celery inspect`` / ``celery control`` do, for a console.

The blocking functions run in ``ClusterClient``'s executor (the async wrappers at the
end put them there). ``expected`` turns Celery's reply ``limit`` on, so a call returns
as soon as the workers we know of have answered (milliseconds) instead of always
waiting out the timeout; ``on_reply`` hands each worker's answer over as it arrives.
Input is checked before anything is sent, and secrets in what workers report
(their configuration, their broker settings) are masked before anyone sees them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from celery import Celery
from celery.app.control import Control
from kombu import Consumer as KombuConsumer
from kombu.pidbox import Mailbox

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.secrets import mask_conf, mask_stats, mask_text, mask_value
from desktop.core.domain.payloads import NotDecompressed, TooLarge

if TYPE_CHECKING:
    from desktop.core.cluster.client import ClusterClient

log = logging.getLogger(__name__)

OnReply = Callable[[str, Any], None]


def _redact(app: Celery, text: str) -> str:
    urls = [u if isinstance(u, str) else None for u in (app.conf.broker_url, app.conf.result_backend)]
    return mask_text(ConnectionProfile(broker_url=urls[0], backend_url=urls[1]).redact(text))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).strip() or repr(exc)}"


# -- targeting ----------------------------------------------------------------------------------


def _targets(
    destination: Iterable[str] | str | None, expected: int | Iterable[str] | None
) -> tuple[list[str] | None, int | None, tuple[str, ...]]:
    """Destination list, reply limit and the hostnames whose silence we report."""
    if isinstance(destination, str):
        destination = [destination]
    if destination is not None:
        destination = list(dict.fromkeys(destination))
        if not destination:
            # kombu treats an empty destination as "everyone": never turn "nobody chosen" into a broadcast.
            raise ValueError("no worker chosen: pass destination=None to address every worker")
    if expected is None:
        hosts = tuple(destination or ())
        return destination, len(hosts) or None, hosts
    if isinstance(expected, bool):
        raise ValueError(f"expected must be a worker count or hostnames, not {expected!r}")
    if isinstance(expected, int):
        if expected < 0:
            raise ValueError(f"expected must be 0 or more workers, not {expected}")
        return destination, expected or None, tuple(destination or ())
    hosts = tuple(dict.fromkeys([expected] if isinstance(expected, str) else expected))
    return destination, len(hosts) or None, hosts


def _check_timeout(timeout: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


def no_reply_text(timeout: float) -> str:
    return f"no reply in {timeout:g} s"


class _Collector:
    """Kombu's reply callback: keeps every answer (and when it came) and passes it on."""

    def __init__(self, transform: Callable[[Any], Any] | None, on_reply: OnReply | None):
        self.started = time.perf_counter()
        self.transform = transform
        self.on_reply = on_reply
        self.replies: dict[str, Any] = {}
        self.arrivals: dict[str, float] = {}
        self.duplicates: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, body: Any) -> None:
        if not isinstance(body, Mapping):
            return
        for hostname, value in body.items():
            hostname = str(hostname)
            if self.transform is not None:
                try:
                    value = self.transform(value)
                except Exception:
                    log.exception("masking the reply of %s failed", hostname)
                    value = {"error": "the reply could not be masked, so it is not shown"}
            with self.lock:
                if hostname in self.replies:
                    self.duplicates.add(hostname)  # two workers share a nodename
                self.replies[hostname] = value
                self.arrivals.setdefault(hostname, (time.perf_counter() - self.started) * 1000)
            if self.on_reply is not None:
                try:
                    self.on_reply(hostname, value)
                except Exception:
                    log.exception("on_reply failed for %s", hostname)

    def snapshot(self) -> tuple[dict[str, Any], dict[str, float], tuple[str, ...]]:
        with self.lock:
            return dict(self.replies), dict(self.arrivals), tuple(sorted(self.duplicates))


# -- inspect ------------------------------------------------------------------------------------

INSPECT_METHODS = (
    "active",
    "reserved",
    "scheduled",
    "revoked",
    "registered",
    "stats",
    "conf",
    "active_queues",
    "ping",
    "query_task",
)
_INSPECT_OPTIONS = {"active": ("safe",), "registered": ("items",), "query_task": ("ids",), "conf": ("with_defaults",)}
_REPLY_MASKS: dict[str, Callable[[Any], Any]] = {
    "conf": lambda v: mask_conf(v) if isinstance(v, Mapping) else mask_value(v),
    "stats": mask_stats,
}


@dataclass(frozen=True)
class InspectResult:
    """Every worker's answer to one inspect call, and who stayed silent."""

    method: str
    replies: dict[str, Any] = field(default_factory=dict)  # hostname -> the worker's value (conf masked)
    missing: tuple[str, ...] = ()  # expected hostnames that did not answer
    timeout: float = 1.0
    elapsed_ms: float = 0.0
    reply_ms: dict[str, float] = field(default_factory=dict)  # hostname -> ms from sending to its answer
    duplicates: tuple[str, ...] = ()  # nodenames that answered twice: two workers share a name
    error: str | None = None  # the call itself failed (broker gone); replies are what arrived before

    @property
    def ok(self) -> bool:
        return self.error is None and not self.missing

    @property
    def no_reply(self) -> str:
        return no_reply_text(self.timeout)

    def status(self, hostname: str) -> str:
        if hostname in self.replies:
            return f"answered in {self.reply_ms.get(hostname, 0.0):.0f} ms"
        if hostname in self.missing:
            return self.no_reply
        return "not asked"


@dataclass(frozen=True)
class _InspectCall:
    method: str
    args: tuple
    kwargs: dict
    destination: list[str] | None
    limit: int | None
    expected: tuple[str, ...]
    timeout: float


def _prepare_inspect(method: str, destination, expected, timeout: float, options: dict) -> _InspectCall:
    if method not in INSPECT_METHODS:
        raise ValueError(f"unknown inspect method {method!r}; one of: {', '.join(INSPECT_METHODS)}")
    allowed = _INSPECT_OPTIONS.get(method, ())
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        takes = ", ".join(allowed) if allowed else "no options"
        raise ValueError(f"inspect {method} takes {takes}, not {', '.join(unknown)}")
    args: tuple = ()
    kwargs: dict = {}
    if method == "registered":
        args = _strings("registered", "items", options.get("items") or (), allow_empty=True)
    elif method == "query_task":
        args = _strings("query_task", "ids", options.get("ids", ()), allow_empty=False)
    elif method == "conf":
        kwargs = {"with_defaults": bool(options.get("with_defaults", False))}
    elif method == "active" and "safe" in options:
        kwargs = {"safe": bool(options["safe"])}
    dest, limit, hosts = _targets(destination, expected)
    return _InspectCall(method, args, kwargs, dest, limit, hosts, _check_timeout(timeout))


def _run_inspect(app: Celery, call: _InspectCall, on_reply: OnReply | None) -> InspectResult:
    collector = _Collector(_REPLY_MASKS.get(call.method), on_reply)
    error = None
    try:
        inspector = app.control.inspect(destination=call.destination, timeout=call.timeout, limit=call.limit, callback=collector)
        getattr(inspector, call.method)(*call.args, **call.kwargs)
    except Exception as exc:  # noqa: BLE001 - errors are values; keep what arrived before
        error = _redact(app, _describe(exc))
    elapsed = (time.perf_counter() - collector.started) * 1000
    replies, arrivals, duplicates = collector.snapshot()
    return InspectResult(
        method=call.method,
        replies=replies,
        missing=tuple(h for h in call.expected if h not in replies),
        timeout=call.timeout,
        elapsed_ms=elapsed,
        reply_ms=arrivals,
        duplicates=duplicates,
        error=error,
    )


def inspect(
    app: Celery,
    method: str,
    *,
    destination: Iterable[str] | None = None,
    expected: int | Iterable[str] | None = None,
    timeout: float = 1.0,
    on_reply: OnReply | None = None,
    **options: Any,
) -> InspectResult:
    """Ask workers ``method`` (one of INSPECT_METHODS); blocking.

    ``expected``: the hostnames (or just how many) we expect to answer; the call
    returns once that many replies are in, else after ``timeout`` without a new one.
    Defaults to ``destination``. Without it the call always waits the whole timeout.
    A worker we did not expect that answers first takes a place in that count.
    ``on_reply(hostname, value)`` is called in this (executor) thread as each reply lands.
    Options: ``registered(items=[...])``, ``query_task(ids=[...])``, ``conf(with_defaults=)``, ``active(safe=)``.
    """
    call = _prepare_inspect(method, destination, expected, timeout, options)
    return _run_inspect(app, call, on_reply)


# -- commands -----------------------------------------------------------------------------------

MAX_POOL_STEP = 1000  # a typo guard: growing a pool by 10,000 processes takes the machine down
SIGNALS = ("SIGTERM", "SIGKILL", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2")
EXCHANGE_TYPES = ("direct", "topic", "fanout", "headers")

# Parameters of each command, in Celery's own argument names (what the worker receives).
COMMANDS: dict[str, tuple[str, ...]] = {
    "ping": (),
    "pool_grow": ("n",),
    "pool_shrink": ("n",),
    "autoscale": ("max", "min"),
    "add_consumer": ("queue", "exchange", "exchange_type", "routing_key"),
    "cancel_consumer": ("queue",),
    "rate_limit": ("task_name", "rate_limit"),
    "time_limit": ("task_name", "soft", "hard"),
    "enable_events": (),
    "disable_events": (),
    "pool_restart": ("modules", "reload"),
    "revoke": ("task_id", "terminate", "signal"),
    "shutdown": (),
}
_ALIASES = {"task": "task_name", "rate": "rate_limit", "task_ids": "task_id", "ids": "task_id"}
_RATE = re.compile(r"\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:/\s*([smh]))?\s*")
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _bad(command: str, param: str, must: str, value: Any) -> ValueError:
    return ValueError(f"{command}: {param} must be {must}, not {value!r}")


def _whole(command: str, param: str, value: Any, minimum: int, maximum: int | None = None) -> int:
    number = value
    if isinstance(number, str) and re.fullmatch(r"\s*[+-]?\d+\s*", number) or isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int):
        raise _bad(command, param, "a whole number", value)
    if number < minimum:
        raise _bad(command, param, f"at least {minimum}", value)
    if maximum is not None and number > maximum:
        raise _bad(command, param, f"at most {maximum}", value)
    return number


def _seconds(command: str, param: str, value: Any) -> float | None:
    """A time limit in seconds; None (or empty) removes it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = value
    if isinstance(number, str):
        try:
            number = float(number)
        except ValueError:
            raise _bad(command, param, "a number of seconds", value) from None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        raise _bad(command, param, "a number of seconds", value)
    if number <= 0:
        raise _bad(command, param, "more than 0 seconds (leave it empty for no limit)", value)
    return float(number)


def _name(command: str, param: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(command, param, "a non-empty name", value)
    text = value.strip()
    if any(c.isspace() or ord(c) < 32 for c in text):
        raise _bad(command, param, "a name without spaces or control characters", value)
    if len(text.encode()) > 255:
        raise _bad(command, param, "at most 255 bytes long", value)
    return text


def _optional_name(command: str, param: str, value: Any) -> str | None:
    return None if value is None or (isinstance(value, str) and not value.strip()) else _name(command, param, value)


def _strings(command: str, param: str, value: Any, *, allow_empty: bool) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping):
        raise _bad(command, param, "a list of names", value)
    names = tuple(_name(command, param, item) for item in items)
    if not names and not allow_empty:
        raise _bad(command, param, "at least one name", value)
    return names


def _rate(command: str, value: Any) -> str | None:
    """``10/m``-style rate; None or empty removes the limit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    match = _RATE.fullmatch(text) if isinstance(text, str) else None
    if match is None or float(match.group(1)) <= 0:
        raise _bad(command, "rate_limit", 'a positive rate like "10/m" (per s, m or h), or empty to remove the limit', value)
    return match.group(1) + (f"/{match.group(2)}" if match.group(2) else "")


def _flag(command: str, param: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0", ""):
        return value.strip().lower() in ("true", "yes", "on", "1")
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    raise _bad(command, param, "true or false", value)


def _signal(command: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _bad(command, "signal", f"one of {', '.join(SIGNALS)}", value)
    name = value.strip().upper()
    name = name if name.startswith("SIG") else "SIG" + name
    if name not in SIGNALS:
        raise _bad(command, "signal", f"one of {', '.join(SIGNALS)}", value)
    return name


def _normalise(command: str, given: dict[str, Any]) -> dict[str, Any]:
    """Checked, canonical arguments (Celery's names and types), or ValueError saying what is wrong."""
    args = {k: given[k] for k in COMMANDS[command] if k in given}
    if command in ("pool_grow", "pool_shrink"):
        return {"n": _whole(command, "n", args.get("n", 1), 1, MAX_POOL_STEP)}
    if command == "autoscale":
        high = None if args.get("max") is None else _whole(command, "max", args["max"], 1)
        low = None if args.get("min") is None else _whole(command, "min", args["min"], 0)
        if high is None and low is None:
            raise ValueError("autoscale: give max, min or both")
        if high is not None and low is not None and low > high:
            raise ValueError(f"autoscale: min ({low}) must not be above max ({high})")
        return {"max": high, "min": low}
    if command == "add_consumer":
        exchange_type = args.get("exchange_type") or "direct"
        if exchange_type not in EXCHANGE_TYPES:
            raise _bad(command, "exchange_type", f"one of {', '.join(EXCHANGE_TYPES)}", exchange_type)
        return {
            "queue": _name(command, "queue", args.get("queue")),
            "exchange": _optional_name(command, "exchange", args.get("exchange")),
            "exchange_type": exchange_type,
            "routing_key": _optional_name(command, "routing_key", args.get("routing_key")),
        }
    if command == "cancel_consumer":
        return {"queue": _name(command, "queue", args.get("queue"))}
    if command == "rate_limit":
        return {
            "task_name": _name(command, "task_name", args.get("task_name")),
            "rate_limit": _rate(command, args.get("rate_limit")),
        }
    if command == "time_limit":
        soft, hard = _seconds(command, "soft", args.get("soft")), _seconds(command, "hard", args.get("hard"))
        if soft is not None and hard is not None and soft >= hard:
            raise ValueError(
                f"time_limit: the soft limit ({soft:g} s) must be below the hard limit ({hard:g} s), which kills the task first"
            )
        return {"task_name": _name(command, "task_name", args.get("task_name")), "soft": soft, "hard": hard}
    if command == "pool_restart":
        modules = args.get("modules")
        if modules is not None:
            modules = _strings(command, "modules", modules, allow_empty=True) or None
            for module in modules or ():
                if not _MODULE.fullmatch(module):
                    raise _bad(command, "modules", "dotted module names", module)
        return {"modules": modules, "reload": _flag(command, "reload", args.get("reload", False))}
    if command == "revoke":
        return {
            "task_id": _strings(command, "task_id", args.get("task_id", ()), allow_empty=False),
            "terminate": _flag(command, "terminate", args.get("terminate", False)),
            "signal": _signal(command, args.get("signal", "SIGTERM")),
        }
    return {}


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class WorkerCommand:
    """One remote-control command, checked when built so nothing bad is ever sent.

    ``arguments`` may be given as a dict; it is stored as ``((name, value), ...)`` in
    Celery's argument names (aliases ``task``, ``rate``, ``ids`` are accepted).
    """

    name: str
    arguments: tuple[tuple[str, Any], ...] | Mapping[str, Any] = ()

    def __post_init__(self) -> None:
        if self.name not in COMMANDS:
            raise ValueError(f"unknown command {self.name!r}; one of: {', '.join(COMMANDS)}")
        given = dict(self.arguments.items() if isinstance(self.arguments, Mapping) else self.arguments)
        given = {_ALIASES.get(k, k): v for k, v in given.items()}
        unknown = sorted(set(given) - set(COMMANDS[self.name]))
        if unknown:
            takes = ", ".join(COMMANDS[self.name]) or "no arguments"
            raise ValueError(f"{self.name} takes {takes}, not {', '.join(unknown)}")
        normal = _normalise(self.name, given)
        object.__setattr__(self, "arguments", tuple((k, _frozen(v)) for k, v in normal.items()))

    @classmethod
    def of(cls, name: str, **arguments: Any) -> WorkerCommand:
        return cls(name, arguments)

    @property
    def kwargs(self) -> dict[str, Any]:
        """The arguments as the worker receives them."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.arguments}

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.arguments).get(key, default)

    @property
    def awaits_reply(self) -> bool:
        """A worker raises SystemExit for ``shutdown`` before it could answer, so none comes."""
        return self.name != "shutdown"

    @property
    def label(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.arguments if v is not None)
        return f"{self.name}({shown})"


@dataclass(frozen=True)
class WorkerReply:
    """One worker's answer: ok text (``pool will grow``) or its error text."""

    hostname: str
    ok: bool
    text: str
    ms: float | None = None

    def to_dict(self) -> dict:
        return {"hostname": self.hostname, "ok": self.ok, "text": self.text, "ms": None if self.ms is None else round(self.ms, 2)}


@dataclass(frozen=True)
class CommandResult:
    """Every worker's answer to one command, and the ones that did not answer."""

    command: WorkerCommand
    replies: tuple[WorkerReply, ...] = ()
    missing: tuple[str, ...] = ()
    timeout: float = 1.0
    elapsed_ms: float = 0.0
    error: str | None = None  # sending failed (broker gone); replies are what arrived before
    note: str = ""

    @property
    def ok(self) -> bool:
        """Sent, every expected worker answered, none with an error; silence from everyone is not ok."""
        answered = bool(self.replies) or not self.command.awaits_reply
        return self.error is None and not self.missing and answered and all(r.ok for r in self.replies)

    @property
    def no_reply(self) -> str:
        return no_reply_text(self.timeout)

    def reply_for(self, hostname: str) -> WorkerReply | None:
        return next((r for r in self.replies if r.hostname == hostname), None)

    @property
    def summary(self) -> str:
        if self.error:
            return self.error
        parts = []
        good = sum(r.ok for r in self.replies)
        if good:
            parts.append(f"{good} ok")
        if len(self.replies) - good:
            parts.append(f"{len(self.replies) - good} failed")
        if self.missing:
            parts.append(f"{len(self.missing)} {self.no_reply}")
        return ", ".join(parts) or self.note or "no worker answered"

    def to_dict(self) -> dict:
        return {
            "command": self.command.name,
            "arguments": self.command.kwargs,
            "replies": [r.to_dict() for r in self.replies],
            "missing": list(self.missing),
            "timeout": self.timeout,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "error": self.error,
            "note": self.note,
        }


def _reply(command: str, hostname: str, value: Any, ms: float | None) -> WorkerReply:
    if isinstance(value, Mapping) and "error" in value:
        text = str(value["error"])
        if text == f"KeyError({command!r})":
            text = f"this worker does not know the {command} command (an older Celery?)"
        return WorkerReply(hostname, False, mask_text(text), ms)
    if isinstance(value, Mapping) and "ok" in value:
        return WorkerReply(hostname, True, mask_text(str(value["ok"])), ms)
    if value is None:
        return WorkerReply(hostname, True, "done", ms)
    try:
        text = json.dumps(value, default=repr, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return WorkerReply(hostname, True, mask_text(text[:500]), ms)


SHUTDOWN_NOTE = "sent; workers do not answer a shutdown: watch them go offline"


def _run_command(
    app: Celery,
    command: WorkerCommand,
    destination: list[str] | None,
    limit: int | None,
    expected: tuple[str, ...],
    timeout: float,
    on_reply: Callable[[WorkerReply], None] | None,
) -> CommandResult:
    def relay(hostname: str, value: Any) -> None:
        if on_reply is not None:
            on_reply(_reply(command.name, hostname, value, collector.arrivals.get(hostname)))

    collector = _Collector(None, relay)
    error = None
    try:
        app.control.broadcast(
            command.name,
            arguments=command.kwargs,
            destination=destination,
            reply=command.awaits_reply,
            timeout=timeout,
            limit=limit,
            callback=collector if command.awaits_reply else None,
        )
    except Exception as exc:  # noqa: BLE001 - errors are values; keep what arrived before
        error = _redact(app, _describe(exc))
    elapsed = (time.perf_counter() - collector.started) * 1000
    replies, arrivals, _ = collector.snapshot()
    if not command.awaits_reply:
        return CommandResult(command, (), (), timeout, elapsed, error, "" if error else SHUTDOWN_NOTE)
    return CommandResult(
        command,
        tuple(_reply(command.name, h, replies[h], arrivals.get(h)) for h in sorted(replies)),
        tuple(h for h in expected if h not in replies),
        timeout,
        elapsed,
        error,
    )


def run_command(
    app: Celery,
    command: WorkerCommand,
    destination: list[str] | None = None,
    expected: int | Iterable[str] | None = None,
    timeout: float = 1.0,
    on_reply: Callable[[WorkerReply], None] | None = None,
) -> CommandResult:
    """Send ``command`` and collect each worker's reply; blocking.

    ``destination=None`` addresses every worker; an empty list is refused rather
    than broadcast. ``expected`` works as for :func:`inspect`.
    """
    if not isinstance(command, WorkerCommand):
        raise ValueError(f"command must be a WorkerCommand, not {type(command).__name__}")
    dest, limit, hosts = _targets(destination, expected)
    return _run_command(app, command, dest, limit, hosts, _check_timeout(timeout), on_reply)


# -- what a worker cannot honour ----------------------------------------------------------------

KNOWN_POOLS = ("prefork", "solo", "threads", "eventlet", "gevent")
TERMINATING_POOLS = ("prefork", "eventlet", "gevent")
SHUTDOWN_TEXT = (
    "shutdown is final: the worker finishes its running tasks and exits, and the console cannot start it again "
    "(only its supervisor, e.g. systemd or Kubernetes, can)"
)


def pool_kind(stats: Any) -> str:
    """``prefork``, ``solo``, ``threads``, ``eventlet``, ``gevent``, another pool's implementation, or ``""``."""
    pool = stats.get("pool") if isinstance(stats, Mapping) else None
    implementation = pool.get("implementation") if isinstance(pool, Mapping) else None
    if not isinstance(implementation, str) or not implementation:
        return ""
    module = implementation.partition(":")[0]
    if module.startswith("celery.concurrency."):
        short = module.rsplit(".", 1)[-1]
        short = "threads" if short == "thread" else short
        if short in KNOWN_POOLS:
            return short
    return implementation


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value) and not isinstance(value, (Mapping, list))


def explain_unsupported(command: str | WorkerCommand, stats: Mapping | None = None, conf: Mapping | None = None) -> str | None:
    """Why this worker would refuse or ignore ``command``, before it is sent; None if nothing is known against it.

    ``stats``/``conf`` are the worker's ``inspect().stats()`` / ``.conf()`` replies (None: not known).
    ``"terminate"`` stands for revoke with terminate=True. Shutdown always gets its warning.
    """
    name = command.name if isinstance(command, WorkerCommand) else command
    args = dict(command.arguments) if isinstance(command, WorkerCommand) else {}
    if name == "revoke" and args.get("terminate"):
        name = "terminate"
    stats = stats if isinstance(stats, Mapping) else None
    conf = conf if isinstance(conf, Mapping) else None
    pool = pool_kind(stats)
    known_pool = pool in KNOWN_POOLS
    autoscaler = stats.get("autoscaler") if stats is not None else None

    if name == "shutdown":
        return SHUTDOWN_TEXT
    if name == "terminate" and known_pool and pool not in TERMINATING_POOLS:
        return (
            f"terminate needs the prefork, eventlet or gevent pool: this worker runs the {pool} pool, "
            "which cannot stop a running task (the task is only revoked)"
        )
    if name in ("pool_grow", "pool_shrink"):
        verb = "grow" if name == "pool_grow" else "shrink"
        if isinstance(autoscaler, Mapping):
            return (
                f"pool {verb} is refused while autoscale is on (max {autoscaler.get('max')}, min {autoscaler.get('min')}): "
                "change the autoscale range instead"
            )
        if pool in ("solo", "threads"):
            return f"the {pool} pool has a fixed size: it cannot {verb}"
        if name == "pool_shrink" and stats is not None:
            size = WorkerSummary.from_stats("", stats).pool_size
            n = args.get("n", 1)
            if size is not None and n >= size:
                return f"shrinking by {n} would leave no process: the pool has {size}"
    if name == "autoscale" and stats is not None and not isinstance(autoscaler, Mapping):
        return "autoscale needs a worker started with --autoscale=MAX,MIN: this one runs a fixed pool (grow or shrink it instead)"
    if name == "pool_restart" and conf is not None:
        if not _truthy(conf.get("worker_pool_restarts", conf.get("CELERYD_POOL_RESTARTS"))):
            return "pool_restart needs worker_pool_restarts = True in the worker's configuration: this worker refuses it"
    if name == "time_limit" and known_pool:
        if pool in ("solo", "threads", "eventlet"):
            return f"the {pool} pool does not enforce time limits: the new limits are stored but no task is stopped"
        if pool == "gevent" and args.get("soft") is not None:
            return "the gevent pool enforces only the hard time limit: the soft limit is stored but never raised"
    if name == "disable_events" and conf is not None:
        if _truthy(conf.get("worker_send_task_events", conf.get("CELERY_SEND_EVENTS"))):
            # The dispatcher's groups are empty ("all") then, and disable_events only removes "task" from them.
            return (
                "this worker sends task events by configuration (worker_send_task_events, or -E): "
                "disable_events cannot turn those off; it answers 'already disabled' and they keep coming"
            )
    if name == "rate_limit" and conf is not None and _truthy(conf.get("worker_disable_rate_limits")):
        return "rate limits are off on this worker (worker_disable_rate_limits): the new limit is stored but not applied"
    return None


# -- worker summary -----------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


@dataclass(frozen=True)
class WorkerSummary:
    """The figures of ``inspect().stats()`` a console shows for one worker; None where the worker gave none."""

    hostname: str
    pool: str = ""  # see pool_kind()
    pool_implementation: str = ""
    max_concurrency: int | None = None
    processes: tuple[int, ...] = ()  # child pids (prefork) or thread ids
    autoscale_max: int | None = None
    autoscale_min: int | None = None
    prefetch_count: int | None = None
    pid: int | None = None
    uptime_s: float | None = None
    broker_transport: str = ""
    broker_host: str = ""
    tasks_total: tuple[tuple[str, int], ...] = ()  # accepted since start, by task name
    maxrss_kb: int | None = None  # peak memory of the main process (kilobytes on Linux)

    @property
    def pool_size(self) -> int | None:
        """Processes actually running (prefork grows and shrinks these); else the configured concurrency."""
        return len(self.processes) if self.processes else self.max_concurrency

    @property
    def autoscale(self) -> bool:
        return self.autoscale_max is not None

    @property
    def tasks_done(self) -> int:
        return sum(count for _, count in self.tasks_total)

    @classmethod
    def from_stats(cls, hostname: str, stats: Any) -> WorkerSummary:
        """Tolerates any shape: fields that are missing or of the wrong type are left unknown."""
        if not isinstance(stats, Mapping):
            return cls(hostname)
        pool = stats.get("pool") if isinstance(stats.get("pool"), Mapping) else {}
        processes = pool.get("processes")
        pids = tuple(p for p in (_int(x) for x in processes) if p is not None) if isinstance(processes, list) else ()
        autoscaler = stats.get("autoscaler") if isinstance(stats.get("autoscaler"), Mapping) else {}
        broker = stats.get("broker") if isinstance(stats.get("broker"), Mapping) else {}
        host, port = _text(broker.get("hostname")), _int(broker.get("port"))
        totals = stats.get("total") if isinstance(stats.get("total"), Mapping) else {}
        rusage = stats.get("rusage") if isinstance(stats.get("rusage"), Mapping) else {}
        uptime = stats.get("uptime")
        return cls(
            hostname=hostname,
            pool=pool_kind(stats),
            pool_implementation=_text(pool.get("implementation")),
            max_concurrency=_int(pool.get("max-concurrency")),
            processes=pids,
            autoscale_max=_int(autoscaler.get("max")) if autoscaler else None,
            autoscale_min=_int(autoscaler.get("min")) if autoscaler else None,
            prefetch_count=_int(stats.get("prefetch_count")),
            pid=_int(stats.get("pid")),
            uptime_s=float(uptime) if isinstance(uptime, (int, float)) and not isinstance(uptime, bool) else None,
            broker_transport=_text(broker.get("transport")),
            broker_host=f"{host}:{port}" if host and port is not None else host,
            tasks_total=tuple(sorted((str(k), n) for k, n in ((k, _int(v)) for k, v in totals.items()) if n is not None)),
            maxrss_kb=_int(rusage.get("maxrss")),
        )

    def to_dict(self) -> dict:
        return {
            "hostname": self.hostname,
            "pool": self.pool,
            "pool_size": self.pool_size,
            "max_concurrency": self.max_concurrency,
            "processes": list(self.processes),
            "autoscale": None if not self.autoscale else {"max": self.autoscale_max, "min": self.autoscale_min},
            "prefetch_count": self.prefetch_count,
            "pid": self.pid,
            "uptime_s": self.uptime_s,
            "broker_transport": self.broker_transport,
            "broker_host": self.broker_host,
            "tasks_total": dict(self.tasks_total),
            "maxrss_kb": self.maxrss_kb,
        }


# -- events checklist ---------------------------------------------------------------------------


class SettingState(str, Enum):
    ON = "on"
    OFF = "off"
    UNKNOWN = "unknown"  # the worker sent no configuration


@dataclass(frozen=True)
class SettingCheck:
    """One setting the console's live view depends on, and where it is on."""

    setting: str
    flag: str  # the worker command-line switch, if there is one
    gives: str  # what it gives the console, in one sentence
    workers: tuple[tuple[str, SettingState], ...] = ()
    note: str = ""

    def state(self, hostname: str) -> SettingState:
        return dict(self.workers).get(hostname, SettingState.UNKNOWN)

    @property
    def everywhere(self) -> bool:
        return bool(self.workers) and all(s is SettingState.ON for _, s in self.workers)

    def to_dict(self) -> dict:
        return {
            "setting": self.setting,
            "flag": self.flag,
            "gives": self.gives,
            "workers": {h: s.value for h, s in self.workers},
            "note": self.note,
        }


# (setting, pre-4.0 name, flag, what it gives, note). All four default to off.
EVENT_SETTINGS = (
    (
        "worker_send_task_events",
        "CELERY_SEND_EVENTS",
        "-E",
        "task events: each task shows as received, started, succeeded, failed or retried the moment it happens on the worker",
        "a worker started with -E, or told enable_events, sends them even when its configuration says off",
    ),
    (
        "task_send_sent_event",
        "CELERY_SEND_TASK_SENT_EVENT",
        "",
        "task-sent events: tasks appear as soon as they are sent, before a worker takes them",
        "it counts where tasks are sent: a worker's value covers only the tasks it sends itself (subtasks, callbacks)",
    ),
    (
        "task_track_started",
        "CELERY_TRACK_STARTED",
        "",
        "STARTED state: a running task shows as started instead of pending until it finishes",
        "a task can turn it on for itself with track_started=True",
    ),
    (
        "result_extended",
        "CELERY_RESULT_EXTENDED",
        "",
        "extended results: name, arguments, worker, retries and queue are stored with each result, "
        "so tasks other programs sent show what they are",
        "",
    ),
)


def event_settings(conf_replies: Mapping[str, Any]) -> list[SettingCheck]:
    """On/off per worker for what the live view needs, from ``inspect().conf()`` replies.

    Workers report only settings changed from the defaults, so a missing key means off.
    """
    hostnames = sorted(conf_replies) if isinstance(conf_replies, Mapping) else []
    checks = []
    for setting, old_name, flag, gives, note in EVENT_SETTINGS:
        states = []
        for hostname in hostnames:
            conf = conf_replies[hostname]
            if not isinstance(conf, Mapping):
                states.append((hostname, SettingState.UNKNOWN))
                continue
            value = conf[setting] if setting in conf else conf.get(old_name, False)
            states.append((hostname, SettingState.ON if _truthy(value) else SettingState.OFF))
        checks.append(SettingCheck(setting, flag, gives, tuple(states), note))
    return checks


# -- async wrappers -----------------------------------------------------------------------------


def _on_loop(loop: asyncio.AbstractEventLoop, callback: Callable | None) -> Callable:
    def relay(*args: Any) -> None:
        if callback is None:
            return
        try:
            loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop closed while the worker thread was still collecting
            pass

    return relay


async def inspect_workers(
    client: ClusterClient,
    method: str,
    *,
    destination: Iterable[str] | None = None,
    expected: int | Iterable[str] | None = None,
    timeout: float = 1.0,
    on_reply: OnReply | None = None,
    **options: Any,
) -> InspectResult:
    """:func:`inspect` in the client's executor; ``on_reply`` runs on the event loop.

    Bad arguments raise ValueError here, before anything is sent; everything else
    comes back in the result, with the replies that arrived before any failure.
    """
    call = _prepare_inspect(method, destination, expected, timeout, options)
    seen: dict[str, Any] = {}
    relay = _on_loop(asyncio.get_running_loop(), on_reply)

    def record(hostname: str, value: Any) -> None:
        seen[hostname] = value
        relay(hostname, value)

    reply = await client.run_blocking(lambda: _run_inspect(client.app, call, record), call.timeout + client.timeout, lane="check")
    if reply.ok:
        result = reply.value
        if result.error:
            result = replace(result, error=client.profile.redact(result.error))
        return result
    replies = dict(seen)
    return InspectResult(
        method=call.method,
        replies=replies,
        missing=tuple(h for h in call.expected if h not in replies),
        timeout=call.timeout,
        elapsed_ms=reply.elapsed_ms,
        error=reply.error,
    )


async def send_command(
    client: ClusterClient,
    command: WorkerCommand,
    destination: list[str] | None = None,
    expected: int | Iterable[str] | None = None,
    timeout: float = 1.0,
    on_reply: Callable[[WorkerReply], None] | None = None,
) -> CommandResult:
    """:func:`run_command` in the client's executor; ``on_reply`` runs on the event loop."""
    if not isinstance(command, WorkerCommand):
        raise ValueError(f"command must be a WorkerCommand, not {type(command).__name__}")
    dest, limit, hosts = _targets(destination, expected)
    timeout = _check_timeout(timeout)
    seen: list[WorkerReply] = []
    relay = _on_loop(asyncio.get_running_loop(), on_reply)

    def record(worker_reply: WorkerReply) -> None:
        seen.append(worker_reply)
        relay(worker_reply)

    reply = await client.run_blocking(
        lambda: _run_command(client.app, command, dest, limit, hosts, timeout, record), timeout + client.timeout, lane="broker"
    )
    if reply.ok:
        result = reply.value
        if result.error:
            result = replace(result, error=client.profile.redact(result.error))
        return result
    answered = {r.hostname for r in seen}
    return CommandResult(
        command,
        tuple(sorted(seen, key=lambda r: r.hostname)),
        tuple(h for h in hosts if h not in answered),
        timeout,
        reply.elapsed_ms,
        reply.error,
    )


# -- the reply queue ------------------------------------------------------------------------------


MAX_UNCLAIMED = 1000  # tickets of other calls whose replies are kept for them


class ConsoleMailbox(Mailbox):
    """kombu's Mailbox, reading replies the way a console must: anything on the reply queue came from
    whoever can write to the broker. A reply no accepted serializer reads (a pickle without the opt-in,
    bad JSON, an unknown content type), one that is not ``{hostname: value}``, or one with a clock or
    expiry header that is no number is dropped, and the other replies are still collected; kombu's
    own ``_collect`` lets any of them end the whole call, so one such reply hid every worker.

    ``_collect`` follows kombu 5's, which it replaces.
    """

    def _collect(self, ticket, limit=None, timeout=1, callback=None, channel=None, accept=None):
        if accept is None:
            accept = self.accept
        chan = channel or self.connection.default_channel
        queue = self.reply_queue
        consumer = KombuConsumer(chan, [queue], accept=accept, no_ack=True, on_decode_error=_drop_unreadable_reply)
        responses = []
        unclaimed = self.unclaimed
        adjust_clock = self.clock.adjust

        try:
            return unclaimed.pop(ticket)
        except KeyError:
            pass

        def on_message(body, message):
            if not isinstance(body, dict):
                log.debug("control: a reply that is no {hostname: value} was dropped")
                return
            header = message.headers.get
            try:
                adjust_clock(int(header("clock") or 0))
                expires = float(header("expires") or 0)
            except (TypeError, ValueError, OverflowError):
                log.debug("control: a reply with an unreadable clock or expiry was dropped")
                return
            if expires and time.time() > expires:
                return
            this_id = header("ticket", ticket)
            if this_id == ticket:
                if callback:
                    callback(body)
                responses.append(body)
            elif isinstance(this_id, str) and (this_id in unclaimed or len(unclaimed) < MAX_UNCLAIMED):
                unclaimed[this_id].append(body)  # another call's reply (calls share the reply queue)

        consumer.register_callback(on_message)
        # As kombu: wait until ``limit`` replies came, or none came for ``timeout``; but only this call's
        # replies count towards the limit (a dropped one must not end the wait), and a queue flooded with
        # garbage ends it after ten timeouts.
        give_up = time.monotonic() + 10 * (timeout or 1)
        try:
            with consumer:
                while (not limit or len(responses) < limit) and time.monotonic() < give_up:
                    try:
                        self.connection.drain_events(timeout=timeout)
                    except socket.timeout:
                        break
                return responses
        finally:
            chan.after_reply_message_received(queue.name)


def _drop_unreadable_reply(message, exc: Exception) -> None:
    if isinstance(exc, (TooLarge, NotDecompressed)):  # payloads.cap_message_decompression: kombu stopped decompressing it
        log.warning("control: a reply was dropped: %s", exc)
    else:
        log.debug("control: a reply was not decoded (%s): %s", message.content_type, exc)


class ConsoleControl(Control):
    """Celery's remote control with the console's mailbox (see ConsoleMailbox)."""

    Mailbox = ConsoleMailbox
