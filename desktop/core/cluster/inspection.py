"""Worker inspect: what ``celery inspect`` does, for a console.

The blocking :func:`inspect` runs in ``ClusterClient``'s executor (:func:`inspect_workers` puts it
there). ``expected`` turns Celery's reply ``limit`` on, so a call returns as soon as the workers we
know of have answered (milliseconds) instead of always waiting out the timeout; ``on_reply`` hands
each worker's answer over as it arrives. Secrets in what workers report (their configuration,
their broker settings) are masked before anyone sees them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from celery import Celery

from desktop.core.cluster.broadcast import (
    OnReply,
    ReplyCollector,
    checked_names,
    checked_timeout,
    describe_error,
    no_reply_text,
    redact_error,
    relay_to_loop,
    resolve_targets,
)
from desktop.core.connection.secrets import mask_conf, mask_stats, mask_value
from desktop.core.domain.translatable import translate

if TYPE_CHECKING:
    from desktop.core.cluster.client import ClusterClient

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
            return translate("inspection", "answered in {ms} ms").format(ms=f"{self.reply_ms.get(hostname, 0.0):.0f}")
        if hostname in self.missing:
            return self.no_reply
        return translate("inspection", "not asked")


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
        args = checked_names("registered", "items", options.get("items") or (), allow_empty=True)
    elif method == "query_task":
        args = checked_names("query_task", "ids", options.get("ids", ()), allow_empty=False)
    elif method == "conf":
        kwargs = {"with_defaults": bool(options.get("with_defaults", False))}
    elif method == "active" and "safe" in options:
        kwargs = {"safe": bool(options["safe"])}
    dest, limit, hosts = resolve_targets(destination, expected)
    return _InspectCall(method, args, kwargs, dest, limit, hosts, checked_timeout(timeout))


def _run_inspect(app: Celery, call: _InspectCall, on_reply: OnReply | None) -> InspectResult:
    collector = ReplyCollector(_REPLY_MASKS.get(call.method), on_reply)
    error = None
    try:
        inspector = app.control.inspect(destination=call.destination, timeout=call.timeout, limit=call.limit, callback=collector)
        getattr(inspector, call.method)(*call.args, **call.kwargs)
    except Exception as exc:  # noqa: BLE001 - errors are values; keep what arrived before
        error = redact_error(app, describe_error(exc))
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
    relay = relay_to_loop(asyncio.get_running_loop(), on_reply)

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
