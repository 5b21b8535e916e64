"""Turn what the result backend holds into TaskRecords, whatever it holds."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timezone
from functools import partial
from json.encoder import c_make_encoder, encode_basestring
from typing import Any

import orjson
from celery import states
from kombu.exceptions import ContentDisallowed, DecodeError
from kombu.serialization import loads

from desktop.core.domain.payloads import (
    JSON_TYPE,
    NotDecompressed,
    TooLarge,
    decompressed_result,
    megabytes,
    orjson_reads_as_kombu,
    result_accept,
)
from desktop.core.domain.records import Progress, StoredMeta, TaskRecord
from desktop.core.domain.translatable import translate

MAX_TEXT = 2000
PICKLE_TYPE = "application/x-python-serialize"
MAX_DECODE_BYTES = 1_000_000  # a bigger result is reported by size, not decoded on the loop
MAX_NESTING = 100  # a result nested deeper is reported, not kept: showing it would recurse past Python's limit
MAX_TASK_ID = 255  # as pasted ids: a longer "id" from the backend is garbage, not a task to follow
MAX_RETRIES = 2**31 - 1  # what a table cell and SQLite hold as a number
# Moments the views can show: time.localtime() covers 1970 to the year 3000 on every platform.
LATEST_TIME = 32_503_680_000.0

_MAPPINGS = (dict, Mapping)  # a dict is checked before the ABC's slower look-up
_SEQUENCES = (list, tuple)
_NUMBERS = (int, float)
_QUIET_STATES = frozenset((states.PENDING, states.RECEIVED))


def encodable(text: str) -> bool:
    """Whether UTF-8 (a file, SQLite, a view) can hold it: JSON allows lone surrogates ("\\ud800"), UTF-8 does not."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def clean_text(text: str) -> str:
    """Text every view, file and database can hold: a lone surrogate becomes U+FFFD."""
    if encodable(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _json_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, default=repr)``, without building an encoder per call.

    json.dumps makes a JSONEncoder and its C encoder for every value: two thirds of its cost on
    a short result, and a short result is made for every stored payload read. Same text; no
    circular-reference markers (a cyclic value, which only pickle or YAML can make, ends in
    RecursionError, which short_json catches, as json.dumps's ValueError).
    """
    if c_make_encoder is None:  # a Python without the _json accelerator
        return partial(json.dumps, ensure_ascii=False, default=repr)
    # markers, default, string encoder, indent, key and item separators (json.dumps's), sort_keys, skipkeys, allow_nan
    iterencode = c_make_encoder(None, repr, encode_basestring, None, ": ", ", ", False, False, True)

    def dumps(value: Any) -> str:
        if isinstance(value, str):
            return encode_basestring(value)
        return "".join(iterencode(value, 0))

    return dumps


_dumps = _json_encoder()


def short_json(value: Any, limit: int = MAX_TEXT) -> str:
    try:
        text = _dumps(value)
    except (TypeError, ValueError, RecursionError):
        try:
            text = repr(value)
        except Exception:  # noqa: BLE001 - too deep for repr too, or a repr that fails
            text = translate("results", "<{type} that cannot be shown>").format(type=type(value).__name__)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return clean_text(text)


def printable(text: str) -> str:
    """One line for a message that quotes garbage: control, format (a right-to-left override) and unassigned
    characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def plausible_time(value: Any) -> float | None:
    """Epoch seconds the views can show (1970 to 3000), else None."""
    if isinstance(value, _NUMBERS) and not isinstance(value, bool):
        try:
            moment = float(value)
        except OverflowError:
            return None
        if 0.0 <= moment < LATEST_TIME:  # False for nan
            return moment
    return None


def task_id_from(value: Any) -> str | None:
    """A task id named by the backend (parent, children), or None when it cannot be one."""
    if isinstance(value, str) and 0 < len(value) <= MAX_TASK_ID and value.isprintable() and clean_text(value) == value:
        return value
    return None


def _finite(value: Any) -> float | None:
    if isinstance(value, _NUMBERS) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            return None
        if math.isfinite(number):
            return number
    return None


def progress_from(result: Any) -> Progress | None:
    """``meta={'current': i, 'total': n}`` (or ``{'percent': p}``) as a Progress."""
    if not isinstance(result, _MAPPINGS):
        return None
    current, total = _finite(result.get("current")), _finite(result.get("total"))
    if current is not None and total is not None:
        return Progress(current, total)
    percent = _finite(result.get("percent", result.get("progress")))
    if percent is not None:
        return Progress(percent, 100.0)
    return None


def describe_exception(result: Any) -> str:
    """Celery stores exceptions as ``{'exc_type', 'exc_message', 'exc_module'}``.

    Backends read through their own API hand back exception instances instead.
    """
    if isinstance(result, BaseException):
        return short_text(f"{type(result).__name__}: {result}")
    if isinstance(result, Mapping) and "exc_type" in result:
        exc_type = _shown(result["exc_type"], 300)
        message = result.get("exc_message")
        if isinstance(message, _SEQUENCES):
            message = ", ".join(_shown(m, MAX_TEXT) for m in message[:100])
        elif message is not None:
            message = _shown(message, MAX_TEXT)
        return short_text(f"{exc_type}: {message}" if message not in (None, "") else exc_type)
    return short_json(result)


def _shown(value: Any, limit: int) -> str:
    """A value inside a one-line text: strings as they are, anything else as JSON."""
    return short_text(value, limit) if isinstance(value, str) else short_json(value, limit)


def short_text(text: str, limit: int = MAX_TEXT) -> str:
    return clean_text(text if len(text) <= limit else text[: limit - 1] + "…")


def exception_type(result: Any) -> str:
    if isinstance(result, BaseException):
        return type(result).__name__
    if isinstance(result, Mapping) and isinstance(result.get("exc_type"), str):
        return short_text(result["exc_type"], 300)
    return ""


def child_ids(children: Any) -> tuple[str, ...]:
    """Task ids from a meta's ``children``: result tuples ``((id, parent), None)``, groups nested."""
    found: list[str] = []

    def walk(item: Any, depth: int = 0) -> None:
        if depth > 20 or not isinstance(item, _SEQUENCES) or len(item) != 2:
            return
        head, members = item
        if isinstance(head, _SEQUENCES) and head and isinstance(head[0], str):
            if isinstance(members, _SEQUENCES):  # a GroupResult: its members are the children
                for member in members[:10_000]:
                    walk(member, depth + 1)
            elif (task_id := task_id_from(head[0])) is not None:
                found.append(task_id)

    if isinstance(children, _SEQUENCES):
        for child in children[:10_000]:
            walk(child)
    return tuple(found)


def parse_timestamp(value: Any) -> float | None:
    """Epoch seconds from a number or ISO text; None for anything else, or a moment no view can show."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value[:64])
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)  # Celery writes UTC
            value = moment.timestamp()
        except (ValueError, OverflowError):
            return None
    return plausible_time(value)


def record_from_meta(base: TaskRecord, meta: Any, kept: Mapping | None = None) -> TaskRecord:
    """Fold one decoded backend meta dict into the task's record; any garbage becomes ``error``.

    The record keeps ``kept`` as its meta when given (the stored bytes), else a copy of ``meta``.
    Run for every stored payload read (tens of thousands a second in a burst), so the common
    case is checked inline: ASCII text within its limits instead of through clean_text, and an
    absent field (no progress, start, parent or children) before calling what would turn it
    away; together 2.5 us of a 17 us push (bench/poll.py).
    """
    if meta is None:
        return base
    now = time.time()
    status = meta.get("status") if isinstance(meta, _MAPPINGS) else None
    if not isinstance(status, str) or not status.strip():
        got = printable(short_json(meta, 200))
        error = translate("results", "unreadable result: expected a task meta object, got {value}").format(value=got)
        return replace(base, error=error, updated_at=now)
    state = status if len(status) <= 100 and status.isascii() else clean_text(status[:100])
    result = meta.get("result")
    failed = state in states.EXCEPTION_STATES
    ready = state in states.READY_STATES
    if failed:
        result_text, progress = describe_exception(result), None
    else:
        result_text = "" if result is None and state != states.SUCCESS else short_json(result)
        progress = progress_from(result) if isinstance(result, _MAPPINGS) else None
        if state == states.SUCCESS and base.progress is not None and progress is None:
            progress = Progress(base.progress.total, base.progress.total)
    started = meta.get("date_started")
    started_at = (parse_timestamp(started) if started is not None else None) or base.started_at
    if started_at is None and not ready and state not in _QUIET_STATES:
        started_at = now  # first seen running
    traceback = meta.get("traceback")
    if not isinstance(traceback, str):
        traceback = ""
    elif len(traceback) > 200_000 or not traceback.isascii():
        traceback = clean_text(traceback[:200_000])
    retries = meta.get("retries")
    if not (type(retries) is int and 0 <= retries <= MAX_RETRIES):
        retries = base.retries
    parent_id = meta.get("parent_id")
    if parent_id is not None:
        parent_id = task_id_from(parent_id)
    children = meta.get("children")
    args = base.args
    if not args:
        args = meta.get("args")
        args = short_json(args, 200) if args else ""  # no "[]" for a call without args
    kwargs = base.kwargs
    if not kwargs:
        kwargs = meta.get("kwargs")
        kwargs = short_json(kwargs, 200) if kwargs else ""
    return base.evolve(
        {
            "state": state,
            "name": _text(meta.get("name"), 300) or base.name,
            "args": args,
            "kwargs": kwargs,
            "progress": progress,
            "result": result_text,
            "exc_type": exception_type(result) if failed else "",
            "traceback": traceback,
            "worker": _text(meta.get("worker"), 300) or base.worker,
            "retries": retries,
            "parent_id": parent_id if parent_id and parent_id != base.id else base.parent_id,
            "children": (tuple(c for c in child_ids(children) if c != base.id) if children else ()) or base.children,
            "started_at": started_at,
            "date_done": parse_timestamp(meta.get("date_done")) if ready else None,
            "error": "",
            "updated_at": now,
            "meta": kept if kept is not None else dict(meta),
        }
    )


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    return value if len(value) <= limit and value.isascii() else clean_text(value[:limit])


def decode_error_message(raw: bytes, exc: Exception, allow_pickle: bool) -> str:
    """A plain sentence for a payload the backend's serializer could not read."""
    if isinstance(exc, ContentDisallowed):
        return translate(
            "results", "result is pickled and pickle is off for this connection (start with --allow-pickle to opt in)"
        )
    if raw[:1] == b"\x80" and not allow_pickle:
        return translate(
            "results", "result looks like a pickle; pickle is off for this connection (start with --allow-pickle to opt in)"
        )
    problem = printable(str(exc)[:200])
    if isinstance(exc, (DecodeError, UnicodeDecodeError, ValueError)):
        message = translate("results", "undecodable result ({size} bytes): {problem}")
        return message.format(size=len(raw), problem=problem)
    message = translate("results", "{error} result ({size} bytes): {problem}")
    return message.format(error=type(exc).__name__, size=len(raw), problem=problem)


class Unreadable(ValueError):
    """A stored value the console does not decode; the text is the row's message."""


def plain_json(raw: bytes, backend) -> dict | None:
    """The stored meta when it is a plain JSON object, else None (decode it with decode_stored).

    Nearly every stored result: JSON, not compressed, nothing for kombu's object hook to turn
    into a datetime or a UUID. orjson reads it at a quarter of json.loads's cost; what it refuses
    (NaN, a lone surrogate) kombu's loads reads, or says why not; so does an integer orjson would
    read as a float (past 64 bits: 19 digits in a row, in a string or not, go the general way).
    """
    if backend.content_type != JSON_TYPE or raw[:1] != b"{" or not orjson_reads_as_kombu(raw):
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def may_nest_deep(body: bytes) -> bool:
    """Whether decoded ``body`` may nest past MAX_NESTING: in JSON every level costs a bracket."""
    return body[:1] not in (b"{", b"[") or body.count(b"[") + body.count(b"{") > MAX_NESTING


def decode_stored(raw: bytes, backend, allow_pickle: bool) -> tuple[Any, bool]:
    """One stored value, decoded in the backend's serializer with the console's accept list (never the app's).

    Celery's compressed form is decompressed to at most MAX_DECODE_BYTES. Returns the value and
    whether it may nest deeper than MAX_NESTING; raises Unreadable with the row's message.
    """
    value, may_be_deep, _plain = _decoded(raw, backend, allow_pickle)
    return value, may_be_deep


def _decoded(raw: bytes, backend, allow_pickle: bool) -> tuple[Any, bool, bool]:
    """decode_stored's value and depth, and whether it was a plain JSON object (see plain_json)."""
    raw = bytes(raw)
    if len(raw) > MAX_DECODE_BYTES:
        message = translate("results", "result is {size} MB; not decoded (limit {limit})")
        raise Unreadable(message.format(size=f"{len(raw) / 1e6:.1f}", limit=megabytes(MAX_DECODE_BYTES)))
    value = plain_json(raw, backend)
    if value is not None:
        return value, may_nest_deep(raw), True
    try:
        body = decompressed_result(raw, MAX_DECODE_BYTES)
    except TooLarge as exc:
        limit = megabytes(MAX_DECODE_BYTES)
        message = translate(
            "results", "result is {method}-compressed and more than {limit} uncompressed; not decoded (limit {limit})"
        )
        raise Unreadable(message.format(method=exc.method, limit=limit)) from None
    except NotDecompressed as exc:
        raise Unreadable(translate("results", "result is {problem}").format(problem=printable(str(exc)))) from None
    except ValueError as exc:
        message = translate("results", "unreadable compressed result ({size} bytes): {problem}")
        raise Unreadable(message.format(size=len(raw), problem=printable(str(exc)[:200]))) from None
    try:
        value = loads(body, backend.content_type, backend.content_encoding, accept=result_accept(allow_pickle))
    except Exception as exc:  # noqa: BLE001 - any garbage in the backend
        if not (allow_pickle and body[:1] == b"\x80"):
            raise Unreadable(decode_error_message(body, exc, allow_pickle)) from None
        try:  # opted in: a worker that pickles its results, whatever this console's own serializer
            value = loads(body, PICKLE_TYPE, "binary", accept={PICKLE_TYPE})
        except Exception as pickle_exc:  # noqa: BLE001
            raise Unreadable(decode_error_message(body, pickle_exc, allow_pickle)) from None
    return value, may_nest_deep(body), False


def record_from_raw(base: TaskRecord, raw: bytes, backend, allow_pickle: bool) -> TaskRecord:
    """Decode one stored payload (see decode_stored); garbage becomes a row message.

    A plain JSON payload's record keeps its bytes as the meta (StoredMeta), not the decoded tree.
    """
    raw = bytes(raw)
    try:
        meta, may_be_deep, plain = _decoded(raw, backend, allow_pickle)
    except Unreadable as exc:
        return replace(base, error=str(exc))
    return record_from_decoded(base, meta, may_be_deep, kept=StoredMeta(raw) if plain else None)


def record_from_decoded(base: TaskRecord, meta: Any, may_be_deep: bool = True, kept: Mapping | None = None) -> TaskRecord:
    """record_from_meta that never raises: too deep a value, or a shape no check foresaw, becomes a row message."""
    if may_be_deep and nested_deeper_than(meta, MAX_NESTING):
        too_deep = translate("results", "result is nested more than {levels} levels deep; not shown")
        return replace(base, error=too_deep.format(levels=MAX_NESTING))
    try:
        return record_from_meta(base, meta, kept)
    except Exception as exc:  # noqa: BLE001 - the poller must go on with the other rows
        error = translate("results", "unreadable result: {error}: {problem}").format(error=type(exc).__name__, problem=exc)
        return replace(base, error=printable(short_text(error, 300)))


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and dicts nest more than ``limit`` levels (walked level by level, without recursion)."""
    containers = (dict, list, tuple)
    level = [value] if isinstance(value, containers) else []
    for _ in range(limit):
        level = [c for item in level for c in (item.values() if isinstance(item, dict) else item) if isinstance(c, containers)]
        if not level:
            return False
    return bool(level)


def merge_event_view(backend: TaskRecord, event: TaskRecord | None) -> TaskRecord:
    """One row from what the result backend says and what the events say about the same task.

    The backend is the authority on results (and a stored final state stands); events know
    the moment a task was received, started and finished, the worker and the runtime, and
    they often arrive first. A state only ever moves forward (Celery's state precedence).
    """
    if event is None:
        return backend
    state = backend.state
    if state not in states.READY_STATES and states.state(event.state) > states.state(state):
        state = event.state
    from_events = state == event.state and state != backend.state
    # The result, exception and traceback come with the state they belong to; the other source
    # fills in only when it says the same state (a retry's traceback never decorates a success).
    source, other = (event, backend) if from_events else (backend, event)
    agree = other.state == state
    progress = backend.progress
    if from_events:
        if state == states.SUCCESS and progress is not None:
            progress = Progress(progress.total, progress.total)
        elif state in states.EXCEPTION_STATES or state == states.REVOKED:
            progress = None
    return replace(
        backend,
        state=state,
        name=backend.name or event.name,
        args=backend.args or event.args,
        kwargs=backend.kwargs or event.kwargs,
        progress=progress,
        result=source.result or (other.result if agree else ""),
        exc_type=source.exc_type or (other.exc_type if agree else ""),
        traceback=source.traceback or (other.traceback if agree else ""),
        worker=event.worker or backend.worker,
        retries=backend.retries if backend.retries is not None else event.retries,
        parent_id=backend.parent_id or event.parent_id,
        eta=backend.eta if backend.eta is not None else event.eta,
        sent_at=event.sent_at or backend.sent_at,
        started_at=event.started_at or backend.started_at,  # the task-started moment, not when a poll saw it
        date_done=event.date_done or backend.date_done,
    )
