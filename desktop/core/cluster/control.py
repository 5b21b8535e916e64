"""Worker remote control: what ``celery control`` does, for a console.

The blocking :func:`run_command` runs in ``ClusterClient``'s executor (:func:`send_command` puts it
there). A WorkerCommand is checked when it is built, so nothing malformed is ever sent; each
worker's answer is masked and handed over as it arrives.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from celery import Celery

from desktop.core.cluster.broadcast import (
    ReplyCollector,
    bad_argument,
    checked_name,
    checked_names,
    checked_timeout,
    describe_error,
    no_reply_text,
    redact_error,
    relay_to_loop,
    resolve_targets,
)
from desktop.core.connection.secrets import mask_text
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from desktop.core.cluster.client import ClusterClient

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
LEAVES_WORKERS_AS_THEY_ARE = frozenset({"ping"})  # the commands a read-only profile may send: every other one changes a worker
_ALIASES = {"task": "task_name", "rate": "rate_limit", "task_ids": "task_id", "ids": "task_id"}
_RATE = re.compile(r"\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:/\s*([smh]))?\s*")
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _whole(command: str, param: str, value: Any, minimum: int, maximum: int | None = None) -> int:
    number = value
    if isinstance(number, str) and re.fullmatch(r"\s*[+-]?\d+\s*", number) or isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int):
        raise bad_argument(command, param, translate("control", "a whole number"), value)
    if number < minimum:
        raise bad_argument(command, param, translate("control", "at least {minimum}").format(minimum=minimum), value)
    if maximum is not None and number > maximum:
        raise bad_argument(command, param, translate("control", "at most {maximum}").format(maximum=maximum), value)
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
            raise bad_argument(command, param, translate("control", "a number of seconds"), value) from None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        raise bad_argument(command, param, translate("control", "a number of seconds"), value)
    if number <= 0:
        raise bad_argument(command, param, translate("control", "more than 0 seconds (leave it empty for no limit)"), value)
    return float(number)


def _optional_name(command: str, param: str, value: Any) -> str | None:
    return None if value is None or (isinstance(value, str) and not value.strip()) else checked_name(command, param, value)


def _rate(command: str, value: Any) -> str | None:
    """``10/m``-style rate; None or empty removes the limit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    match = _RATE.fullmatch(text) if isinstance(text, str) else None
    if match is None or float(match.group(1)) <= 0:
        must = translate("control", 'a positive rate like "10/m" (per s, m or h), or empty to remove the limit')
        raise bad_argument(command, "rate_limit", must, value)
    return match.group(1) + (f"/{match.group(2)}" if match.group(2) else "")


def _flag(command: str, param: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0", ""):
        return value.strip().lower() in ("true", "yes", "on", "1")
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    raise bad_argument(command, param, translate("control", "true or false"), value)


def _one_of(names: Iterable[str]) -> str:
    return translate("control", "one of {names}").format(names=", ".join(names))


def _signal(command: str, value: Any) -> str:
    if not isinstance(value, str):
        raise bad_argument(command, "signal", _one_of(SIGNALS), value)
    name = value.strip().upper()
    name = name if name.startswith("SIG") else "SIG" + name
    if name not in SIGNALS:
        raise bad_argument(command, "signal", _one_of(SIGNALS), value)
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
            raise ValueError(translate("control", "autoscale: give max, min or both"))
        if high is not None and low is not None and low > high:
            raise ValueError(
                translate("control", "autoscale: min ({low}) must not be above max ({high})").format(low=low, high=high)
            )
        return {"max": high, "min": low}
    if command == "add_consumer":
        exchange_type = args.get("exchange_type") or "direct"
        if exchange_type not in EXCHANGE_TYPES:
            raise bad_argument(command, "exchange_type", _one_of(EXCHANGE_TYPES), exchange_type)
        return {
            "queue": checked_name(command, "queue", args.get("queue")),
            "exchange": _optional_name(command, "exchange", args.get("exchange")),
            "exchange_type": exchange_type,
            "routing_key": _optional_name(command, "routing_key", args.get("routing_key")),
        }
    if command == "cancel_consumer":
        return {"queue": checked_name(command, "queue", args.get("queue"))}
    if command == "rate_limit":
        return {
            "task_name": checked_name(command, "task_name", args.get("task_name")),
            "rate_limit": _rate(command, args.get("rate_limit")),
        }
    if command == "time_limit":
        soft, hard = _seconds(command, "soft", args.get("soft")), _seconds(command, "hard", args.get("hard"))
        if soft is not None and hard is not None and soft >= hard:
            text = translate(
                "control",
                "time_limit: the soft limit ({soft} s) must be below the hard limit ({hard} s), which kills the task first",
            )
            raise ValueError(text.format(soft=f"{soft:g}", hard=f"{hard:g}"))
        return {"task_name": checked_name(command, "task_name", args.get("task_name")), "soft": soft, "hard": hard}
    if command == "pool_restart":
        modules = args.get("modules")
        if modules is not None:
            modules = checked_names(command, "modules", modules, allow_empty=True) or None
            for module in modules or ():
                if not _MODULE.fullmatch(module):
                    raise bad_argument(command, "modules", translate("control", "dotted module names"), module)
        return {"modules": modules, "reload": _flag(command, "reload", args.get("reload", False))}
    if command == "revoke":
        return {
            "task_id": checked_names(command, "task_id", args.get("task_id", ()), allow_empty=False),
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
    def changes_workers(self) -> bool:
        """Whether the command changes a worker (refused on a read-only profile): all but ping."""
        return self.name not in LEAVES_WORKERS_AS_THEY_ARE

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
            parts.append(translate("control", "{count} ok").format(count=good))
        if len(self.replies) - good:
            parts.append(translate("control", "{count} failed").format(count=len(self.replies) - good))
        if self.missing:
            parts.append(translate("control", "{count} {no_reply}").format(count=len(self.missing), no_reply=self.no_reply))
        return translate("control", ", ").join(parts) or self.note or translate("control", "no worker answered")

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
            text = translate("control", "this worker does not know the {command} command (an older Celery?)").format(
                command=command
            )
        return WorkerReply(hostname, False, mask_text(text), ms)
    if isinstance(value, Mapping) and "ok" in value:
        return WorkerReply(hostname, True, mask_text(str(value["ok"])), ms)
    if value is None:
        return WorkerReply(hostname, True, translate("control", "done"), ms)
    try:
        text = json.dumps(value, default=repr, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return WorkerReply(hostname, True, mask_text(text[:500]), ms)


SHUTDOWN_NOTE = QT_TRANSLATE_NOOP("control", "sent; workers do not answer a shutdown: watch them go offline")


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

    collector = ReplyCollector(None, relay)
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
        error = redact_error(app, describe_error(exc))
    elapsed = (time.perf_counter() - collector.started) * 1000
    replies, arrivals, _ = collector.snapshot()
    if not command.awaits_reply:
        return CommandResult(command, (), (), timeout, elapsed, error, "" if error else translate("control", SHUTDOWN_NOTE))
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
    than broadcast. ``expected`` works as for :func:`desktop.core.cluster.inspection.inspect`.
    """
    if not isinstance(command, WorkerCommand):
        raise ValueError(f"command must be a WorkerCommand, not {type(command).__name__}")
    dest, limit, hosts = resolve_targets(destination, expected)
    return _run_command(app, command, dest, limit, hosts, checked_timeout(timeout), on_reply)


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
    dest, limit, hosts = resolve_targets(destination, expected)
    timeout = checked_timeout(timeout)
    seen: list[WorkerReply] = []
    relay = relay_to_loop(asyncio.get_running_loop(), on_reply)

    def record(worker_reply: WorkerReply) -> None:
        seen.append(worker_reply)
        relay(worker_reply)

    reply = await client.run_mutation(
        translate("control", "the worker command {command}").format(command=command.name),
        lambda: _run_command(client.app, command, dest, limit, hosts, timeout, record),
        timeout + client.timeout,
        lane="broker",
        changes=command.changes_workers,
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
