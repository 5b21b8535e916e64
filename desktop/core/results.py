"""Turn what the result backend holds into TaskRecords, whatever it holds."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from celery import states
from kombu.exceptions import ContentDisallowed, DecodeError

from desktop.core.records import Progress, TaskRecord

MAX_TEXT = 2000


def short_json(value: Any, limit: int = MAX_TEXT) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def progress_from(result: Any) -> Progress | None:
    """``meta={'current': i, 'total': n}`` (or ``{'percent': p}``) as a Progress."""
    if not isinstance(result, Mapping):
        return None
    current, total = result.get("current"), result.get("total")
    if _is_number(current) and _is_number(total):
        return Progress(float(current), float(total))
    percent = result.get("percent", result.get("progress"))
    if _is_number(percent):
        return Progress(float(percent), 100.0)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def describe_exception(result: Any) -> str:
    """Celery stores exceptions as ``{'exc_type', 'exc_message', 'exc_module'}``.

    Backends read through their own API hand back exception instances instead.
    """
    if isinstance(result, BaseException):
        return f"{type(result).__name__}: {result}"
    if isinstance(result, Mapping) and "exc_type" in result:
        message = result.get("exc_message")
        if isinstance(message, (list, tuple)):
            message = ", ".join(str(m) for m in message)
        return f"{result.get('exc_type')}: {message}" if message not in (None, "") else str(result["exc_type"])
    return short_json(result)


def record_from_meta(base: TaskRecord, meta: Any) -> TaskRecord:
    """Fold one decoded backend meta dict into the task's record."""
    now = time.time()
    if meta is None:
        return base
    if not isinstance(meta, Mapping) or not isinstance(meta.get("status"), str):
        return replace(base, error=f"unreadable result: expected a task meta object, got {short_json(meta, 200)}", updated_at=now)
    state = meta["status"]
    result = meta.get("result")
    if state in states.EXCEPTION_STATES:
        result_text, progress = describe_exception(result), None
    else:
        result_text = "" if result is None and state != states.SUCCESS else short_json(result)
        progress = progress_from(result)
        if state == states.SUCCESS and base.progress is not None and progress is None:
            progress = Progress(base.progress.total, base.progress.total)
    traceback = meta.get("traceback")
    return replace(
        base,
        state=state,
        name=str(meta.get("name") or base.name),
        args=base.args or (short_json(meta["args"], 200) if meta.get("args") is not None else ""),
        progress=progress,
        result=result_text,
        traceback=traceback if isinstance(traceback, str) else "",
        worker=str(meta.get("worker") or base.worker),
        error="",
        updated_at=now,
    )


def decode_error_message(raw: bytes, exc: Exception, allow_pickle: bool) -> str:
    """A plain sentence for a payload the backend's serializer could not read."""
    if isinstance(exc, ContentDisallowed):
        return "result is pickled and pickle is off for this connection (start with --allow-pickle to opt in)"
    if raw[:1] == b"\x80" and not allow_pickle:
        return "result looks like a pickle; pickle is off for this connection (start with --allow-pickle to opt in)"
    kind = "undecodable" if isinstance(exc, (DecodeError, UnicodeDecodeError, ValueError)) else type(exc).__name__
    return f"{kind} result ({len(raw)} bytes): {str(exc)[:200]}"
