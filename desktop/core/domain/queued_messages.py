"""A task message as it waits in a broker queue, read for the queue browser.

Whatever sits in a queue was written by anyone who can write to the broker: a row is made of any
bytes, and says what is wrong with them instead of raising. The body is decoded with the console's
accept list (pickle only with the connection's opt-in, else "pickled, not decoded"), a compressed
body is decompressed up to a cap, and a message past ``MAX_DECODED_MESSAGE`` is named by its size.
Celery's message protocol 2 (task, id, eta… in the headers; ``[args, kwargs, embed]`` as body) and
protocol 1 (everything in a dict body) are both read.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from kombu.exceptions import ContentDisallowed, DecodeError
from kombu.serialization import loads

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.payloads import NotDecompressed, TooLarge, decompress_capped, megabytes
from desktop.core.domain.results import parse_timestamp, short_json

MAX_DECODED_MESSAGE = 4_000_000  # bytes of one message read as more than its size
SHORT = 200  # characters of args/kwargs in a row
PICKLE_TYPES = frozenset({"application/x-python-serialize", "pickle"})


@dataclass(frozen=True)
class QueuedMessage:
    """One message in a queue (or held unacknowledged), as much of it as could be read.

    ``raw`` is the exact stored payload (Redis): deleting or moving removes exactly those bytes.
    ``error`` says why a field is missing (not a task message, garbage, too big); ``body_note`` why the
    body is not decoded (pickle without the opt-in, an unknown content type).
    """

    queue: str
    position: int | None = None  # 0 = the next one a worker takes
    key: str = ""  # the Redis list (a priority sub-queue) it waits in
    raw: bytes = b""
    size: int = 0
    task: str = ""
    id: str = ""
    args: str = ""
    kwargs: str = ""
    eta: float | None = None
    expires: float | None = None
    retries: int | None = None
    priority: int | None = None
    origin: str = ""
    protocol: int | None = None
    content_type: str = ""
    content_encoding: str = ""
    compression: str = ""
    redelivered: bool = False
    exchange: str = ""
    routing_key: str = ""
    headers: Mapping = field(default_factory=dict)
    properties: Mapping = field(default_factory=dict)
    body: Any = None  # the decoded body, None when not decoded
    body_note: str = ""
    error: str = ""
    # Held by a worker without an ack (Redis: kombu's unacked hash and index)
    delivery_tag: str = ""
    delivered_at: float | None = None
    restore_at: float | None = None
    held_by: str = ""  # the worker that reports it active or reserved, when one does
    stuck: bool = False  # unacknowledged while no online worker reports it

    @property
    def decoded(self) -> bool:
        return self.body is not None

    def text(self) -> str:
        """What a filter's free text is matched against."""
        return "\n".join((self.task, self.id, self.args, self.kwargs, self.origin, self.error, self.body_note))

    def state(self) -> str:
        if self.error:
            return "unreadable"
        if self.delivery_tag:
            return "stuck" if self.stuck else "unacked"
        if self.eta is not None:
            return "ETA"
        return "waiting"

    def to_json(self) -> dict:
        """For an export: what was read, and the stored payload itself (text when it is text)."""
        try:
            stored: Any = self.raw.decode("utf-8")
        except UnicodeDecodeError:
            stored = {"base64": base64.b64encode(self.raw).decode("ascii")}
        return {
            "queue": self.queue,
            "position": self.position,
            "key": self.key,
            "task": self.task,
            "id": self.id,
            "eta": self.eta,
            "expires": self.expires,
            "retries": self.retries,
            "priority": self.priority,
            "origin": self.origin,
            "protocol": self.protocol,
            "size": self.size,
            "content_type": self.content_type,
            "compression": self.compression,
            "redelivered": self.redelivered,
            "headers": _jsonable(self.headers),
            "properties": _jsonable(self.properties),
            "body": _jsonable(self.body) if self.decoded else None,
            "body_note": self.body_note,
            "error": self.error,
            "delivery_tag": self.delivery_tag or None,
            "delivered_at": self.delivered_at,
            "restore_at": self.restore_at,
            "held_by": self.held_by or None,
            "stuck": self.stuck,
            "stored": stored if self.raw else None,
        }


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=repr))


@dataclass(frozen=True)
class MessageFilter:
    """A browser's filter: all given parts must match (task name and id by substring, text anywhere)."""

    task: str = ""
    id: str = ""
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.task or self.id or self.text)

    def matches(self, message: QueuedMessage) -> bool:
        if self.task and self.task.lower() not in message.task.lower():
            return False
        if self.id and self.id.lower() not in message.id.lower():
            return False
        return not self.text or self.text.lower() in message.text().lower()


def _as_text(value: Any, limit: int = 300) -> str:
    if isinstance(value, str):
        return value[:limit]
    return "" if value is None else short_json(value, limit)


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _time(value: Any) -> float | None:
    if isinstance(value, datetime):
        return value.timestamp()
    return parse_timestamp(value)


def read_envelope(raw: bytes, queue: str, *, accept: Collection[str], **where: Any) -> QueuedMessage:
    """One Redis-transport payload (kombu's JSON envelope) read into a row; never raises."""
    size = len(raw)
    base = QueuedMessage(queue=queue, raw=raw, size=size, **where)
    if size > MAX_DECODED_MESSAGE:
        return replace(base, error=f"a message of {megabytes(size)}: too large to read here (shown by its size)")
    try:
        envelope = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; nesting too deep for the parser
        return replace(base, error=f"not a kombu message: {size:,} bytes that are not JSON")
    if not isinstance(envelope, dict) or "body" not in envelope:
        return replace(base, error=f"not a kombu message: JSON {type(envelope).__name__} without a body")
    headers = envelope.get("headers") if isinstance(envelope.get("headers"), dict) else {}
    properties = envelope.get("properties") if isinstance(envelope.get("properties"), dict) else {}
    info = properties.get("delivery_info") if isinstance(properties.get("delivery_info"), dict) else {}
    body = envelope["body"]
    error = ""
    if properties.get("body_encoding") == "base64":
        try:
            body = base64.b64decode(body if isinstance(body, str | bytes) else "", validate=True)
        except (binascii.Error, ValueError):
            error = "a body that is not base64"
            body = b""
    elif isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    else:
        body = b""
        error = "a body that is not text"
    return read_message(
        base,
        body,
        content_type=_as_text(envelope.get("content-type")),
        content_encoding=_as_text(envelope.get("content-encoding")),
        headers=headers,
        properties=properties,
        accept=accept,
        redelivered=bool(headers.get("redelivered") or info.get("redelivered")),
        exchange=_as_text(info.get("exchange")),
        routing_key=_as_text(info.get("routing_key")),
        priority=_as_int(properties.get("priority")),
        error=error,
    )


def read_message(
    base: QueuedMessage,
    body: bytes,
    *,
    content_type: str,
    content_encoding: str,
    headers: Mapping,
    properties: Mapping,
    accept: Collection[str],
    redelivered: bool = False,
    exchange: str = "",
    routing_key: str = "",
    priority: int | None = None,
    error: str = "",
) -> QueuedMessage:
    """The row for a message body and its headers, from any broker; ``error`` is what was already wrong."""
    compression = _as_text(headers.get("compression"))
    message = replace(
        base,
        size=base.size or len(body),
        content_type=content_type,
        content_encoding=content_encoding,
        compression=compression,
        headers=headers,
        properties=properties,
        redelivered=redelivered,
        exchange=exchange,
        routing_key=routing_key,
        priority=priority,
        error=error,
    )
    if error:
        return _fields_from_headers(message, headers)
    decoded, note = _decode_body(body, content_type, content_encoding, compression, accept)
    if note:
        return _fields_from_headers(replace(message, body_note=note), headers)
    message = replace(message, body=decoded)
    if isinstance(headers.get("task"), str):  # protocol 2
        message = _fields_from_headers(message, headers)
        if isinstance(decoded, list | tuple) and len(decoded) == 3:
            args, kwargs, _embed = decoded
            if isinstance(args, list | tuple) and isinstance(kwargs, dict):
                return replace(message, args=short_json(list(args), SHORT), kwargs=short_json(kwargs, SHORT))
        return replace(message, error="a protocol 2 body that is not [args, kwargs, embed]")
    if isinstance(decoded, dict) and isinstance(decoded.get("task"), str):  # protocol 1
        args, kwargs = decoded.get("args", ()), decoded.get("kwargs", {})
        message = replace(
            message,
            protocol=1,
            task=decoded["task"][:300],
            id=_as_text(decoded.get("id")),
            eta=_time(decoded.get("eta")),
            expires=_time(decoded.get("expires")),
            retries=_as_int(decoded.get("retries")),
            origin=_as_text(headers.get("origin") or headers.get("hostname")),
        )
        if isinstance(args, list | tuple) and isinstance(kwargs, dict):
            return replace(message, args=short_json(list(args), SHORT), kwargs=short_json(kwargs, SHORT))
        return replace(message, error="a protocol 1 body whose args or kwargs are of the wrong type")
    return replace(message, error="not a Celery task message (no task name in the headers or the body)")


def _fields_from_headers(message: QueuedMessage, headers: Mapping) -> QueuedMessage:
    if not isinstance(headers.get("task"), str):
        return message
    return replace(
        message,
        protocol=2,
        task=headers["task"][:300],
        id=_as_text(headers.get("id")),
        eta=_time(headers.get("eta")),
        expires=_time(headers.get("expires")),
        retries=_as_int(headers.get("retries")),
        origin=_as_text(headers.get("origin") or headers.get("hostname")),
        args=message.args or _as_text(headers.get("argsrepr"), SHORT),
        kwargs=message.kwargs or _as_text(headers.get("kwargsrepr"), SHORT),
    )


def _decode_body(
    body: bytes, content_type: str, content_encoding: str, compression: str, accept: Collection[str]
) -> tuple[Any, str]:
    """(decoded body, "") or (None, why it is not decoded)."""
    if compression:
        try:
            body = decompress_capped(body, compression, MAX_DECODED_MESSAGE)
        except TooLarge:
            return None, f"compressed ({compression}) to more than {megabytes(MAX_DECODED_MESSAGE)}: not decompressed"
        except NotDecompressed:
            return None, f"compressed with {compression!r}, which the console does not decompress"
        except ValueError as exc:
            return None, f"a corrupt {compression} body: {exc}"
    if content_type in PICKLE_TYPES and content_type not in accept:
        return None, "pickled, not decoded (pickle is off for this connection)"
    try:
        return loads(body, content_type, content_encoding or "utf-8", accept=accept), ""
    except ContentDisallowed:
        return None, f"content type {content_type!r} is not decoded"
    except (DecodeError, ValueError, TypeError, UnicodeDecodeError) as exc:
        return None, f"a body that does not decode as {content_type or 'its content type'}: {str(exc)[:200]}"
    except Exception as exc:  # noqa: BLE001 - a serializer's own error on hostile bytes is a row, not a crash
        return None, f"a body that does not decode: {type(exc).__name__}"


def call_of(message: QueuedMessage) -> CallSpec | None:
    """The call a message makes, to fill the call form (sent again edited, with a new id); None when unknown."""
    if not message.task or not message.decoded:
        return None
    body = message.body
    if message.protocol == 2 and isinstance(body, list | tuple) and len(body) == 3:
        args, kwargs = body[0], body[1]
    elif message.protocol == 1 and isinstance(body, dict):
        args, kwargs = body.get("args", ()), body.get("kwargs", {})
    else:
        return None
    if not isinstance(args, list | tuple) or not isinstance(kwargs, dict):
        return None
    queue = message.routing_key if message.routing_key and not message.exchange else message.queue
    return CallSpec(task=message.task, args=tuple(args), kwargs=dict(kwargs), queue=queue or None, priority=message.priority)


def export_json(messages: Iterable[QueuedMessage]) -> str:
    """Every character outside ASCII as a \\u escape: a lone surrogate (valid in JSON) is then text any file can hold."""
    return json.dumps([m.to_json() for m in messages], indent=2)


@dataclass(frozen=True)
class MessagePage:
    """One window of a queue's messages, in the order workers take them.

    ``total`` is how many the queue held when read (None when the broker does not say);
    ``scanned`` how many were read to fill a filtered page; ``note`` what the user should know about
    how the page was read (RabbitMQ: read and requeued, so marked redelivered).
    ``delete_reason`` / ``move_reason``: why deleting or moving is not offered here ("" = offered).
    """

    queue: str
    messages: tuple[QueuedMessage, ...] = ()
    offset: int = 0
    total: int | None = None
    scanned: int = 0
    more: bool = False  # a next page may hold more
    note: str = ""
    delete_reason: str = ""
    move_reason: str = ""
    dead_letter_of: tuple[str, ...] = ()  # RabbitMQ: the queues that dead-letter into this one


@dataclass(frozen=True)
class ActionOutcome:
    """What an action on selected messages did to each: done, gone before it got there, or failed with why."""

    action: str
    done: tuple[str, ...] = ()  # task ids (or a short description of a message without one)
    missing: tuple[str, ...] = ()  # already taken by a worker, or deleted by someone else
    failed: tuple[tuple[str, str], ...] = ()  # (message, reason)

    def summary(self) -> str:
        parts = [f"{self.action}: {len(self.done):,} done"]
        if self.missing:
            parts.append(f"{len(self.missing):,} no longer there (taken by a worker or removed)")
        if self.failed:
            parts.append(f"{len(self.failed):,} failed: " + "; ".join(f"{who}: {why}" for who, why in self.failed[:5]))
        return ", ".join(parts)


def label_of(message: QueuedMessage) -> str:
    """How a message is named in an outcome: its task id, else its place."""
    return message.id or f"{message.queue}#{message.position if message.position is not None else '?'}"
