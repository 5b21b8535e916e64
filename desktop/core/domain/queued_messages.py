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
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import orjson
from kombu.exceptions import ContentDisallowed, DecodeError, SerializerNotInstalled
from kombu.serialization import loads

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.payloads import (
    DIGITS_AS_ZERO,
    JSON_TYPE,
    LONG_NUMBER,
    NotDecompressed,
    TooLarge,
    decompress_capped,
    megabytes,
    orjson_reads_as_kombu,
)
from desktop.core.domain.results import clean_text, parse_timestamp, printable, short_json
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

MAX_DECODED_MESSAGE = 4_000_000  # bytes of one message read as more than its size
SHORT = 200  # characters of args/kwargs in a row
PICKLE_TYPES = frozenset({"application/x-python-serialize", "pickle"})
# Content types kombu knows but decodes only with a library that may not be installed: (name, what pip installs).
DECODER_PACKAGES = {"application/x-msgpack": ("msgpack", "msgpack"), "application/x-yaml": ("yaml", "PyYAML")}
# orjson is used only on JSON that cannot nest this deep: json gives up near the recursion limit, orjson at 1,024.
ORJSON_SAFE_DEPTH = 500
# An escape of a character of "__type__" (_, a, e, l, p, t, u, v, y: U+005F to U+0079): kombu's object hook
# sees the key decoded, so such JSON is left to kombu.
_ESCAPED_NAME_CHARACTER = re.compile(rb"\\u00[5-7]")
# A row's state as the browser's State column shows it (ETA stays ETA: the option's name)
STATES = {
    "unreadable": QT_TRANSLATE_NOOP("queued_messages", "unreadable"),
    "stuck": QT_TRANSLATE_NOOP("queued_messages", "stuck"),
    "unacked": QT_TRANSLATE_NOOP("queued_messages", "unacked"),
    "waiting": QT_TRANSLATE_NOOP("queued_messages", "waiting"),
}
# An action on selected messages, as its outcome names it
ACTIONS = {
    "delete": QT_TRANSLATE_NOOP("queued_messages", "delete"),
    "move": QT_TRANSLATE_NOOP("queued_messages", "move"),
    "requeue": QT_TRANSLATE_NOOP("queued_messages", "requeue"),
    "restore": QT_TRANSLATE_NOOP("queued_messages", "restore"),
}


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
        """The State column's word, in the window's language."""
        if self.error:
            return translate("queued_messages", STATES["unreadable"])
        if self.delivery_tag:
            return translate("queued_messages", STATES["stuck" if self.stuck else "unacked"])
        if self.eta is not None:
            return "ETA"
        return translate("queued_messages", STATES["waiting"])

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
    """One Redis-transport payload (kombu's JSON envelope) read into a row; never raises.

    Run for every message a filtered page scans (the whole queue, at worst): the row's fields are
    gathered in a dict and the row made once, and the envelope and a JSON body are parsed by orjson
    where it reads them as the standard library and kombu do (else by those).
    """
    size = len(raw)
    if size > MAX_DECODED_MESSAGE:
        error = translate("queued_messages", "a message of {size}: too large to read here (shown by its size)")
        error = error.format(size=megabytes(size))
        return QueuedMessage(queue=queue, raw=raw, size=size, error=error, **where)
    try:
        envelope = _envelope_json(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; nesting too deep for the parser
        error = translate("queued_messages", "not a kombu message: {size} bytes that are not JSON").format(size=f"{size:,}")
        return QueuedMessage(queue=queue, raw=raw, size=size, error=error, **where)
    if not isinstance(envelope, dict) or "body" not in envelope:
        error = translate("queued_messages", "not a kombu message: JSON {type} without a body")
        error = error.format(type=type(envelope).__name__)
        return QueuedMessage(queue=queue, raw=raw, size=size, error=error, **where)
    headers = envelope.get("headers")
    if not isinstance(headers, dict):
        headers = {}
    properties = envelope.get("properties")
    if not isinstance(properties, dict):
        properties = {}
    info = properties.get("delivery_info")
    if not isinstance(info, dict):
        info = {}
    body = envelope["body"]
    error = ""
    if properties.get("body_encoding") == "base64":
        try:
            body = base64.b64decode(body if isinstance(body, str | bytes) else "", validate=True)
        except (binascii.Error, ValueError):
            error = translate("queued_messages", "a body that is not base64")
            body = b""
    elif isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    else:
        body = b""
        error = translate("queued_messages", "a body that is not text")
    fields = _read(
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
    if where:
        fields = where | fields
    return QueuedMessage(queue=queue, raw=raw, size=size, **fields)


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
    fields = _read(
        body,
        content_type=content_type,
        content_encoding=content_encoding,
        headers=headers,
        properties=properties,
        accept=accept,
        redelivered=redelivered,
        exchange=exchange,
        routing_key=routing_key,
        priority=priority,
        error=error,
        args=base.args,
        kwargs=base.kwargs,
    )
    return replace(base, size=base.size or len(body), **fields)


def _read(
    body: bytes,
    *,
    content_type: str,
    content_encoding: str,
    headers: Mapping,
    properties: Mapping,
    accept: Collection[str],
    redelivered: bool,
    exchange: str,
    routing_key: str,
    priority: int | None,
    error: str,
    args: str = "",
    kwargs: str = "",
) -> dict[str, Any]:
    """The fields a message's body and headers give its row (``args``/``kwargs``: what the row already says)."""
    compression = _as_text(headers.get("compression"))
    fields: dict[str, Any] = {
        "content_type": content_type,
        "content_encoding": content_encoding,
        "compression": compression,
        "headers": headers,
        "properties": properties,
        "redelivered": redelivered,
        "exchange": exchange,
        "routing_key": routing_key,
        "priority": priority,
        "error": error,
    }
    protocol_2 = isinstance(headers.get("task"), str)
    if error:
        if protocol_2:
            _header_fields(fields, headers, args, kwargs)
        return fields
    decoded, note = _decode_body(body, content_type, content_encoding, compression, accept)
    if note:
        fields["body_note"] = note
        if protocol_2:
            _header_fields(fields, headers, args, kwargs)
        return fields
    fields["body"] = decoded
    if protocol_2:
        if isinstance(decoded, list | tuple) and len(decoded) == 3:
            call_args, call_kwargs, _embed = decoded
            if isinstance(call_args, list | tuple) and isinstance(call_kwargs, dict):
                _header_fields(fields, headers)
                fields["args"] = short_json(list(call_args), SHORT)
                fields["kwargs"] = short_json(call_kwargs, SHORT)
                return fields
        _header_fields(fields, headers, args, kwargs)
        fields["error"] = translate("queued_messages", "a protocol 2 body that is not [args, kwargs, embed]")
        return fields
    if isinstance(decoded, dict) and isinstance(decoded.get("task"), str):  # protocol 1
        fields["protocol"] = 1
        fields["task"] = clean_name(decoded["task"][:300])
        fields["id"] = clean_name(_as_text(decoded.get("id")))
        fields["eta"] = _time(decoded.get("eta"))
        fields["expires"] = _time(decoded.get("expires"))
        fields["retries"] = _as_int(decoded.get("retries"))
        fields["origin"] = _as_text(headers.get("origin") or headers.get("hostname"))
        call_args, call_kwargs = decoded.get("args", ()), decoded.get("kwargs", {})
        if isinstance(call_args, list | tuple) and isinstance(call_kwargs, dict):
            fields["args"] = short_json(list(call_args), SHORT)
            fields["kwargs"] = short_json(call_kwargs, SHORT)
        else:
            fields["error"] = translate("queued_messages", "a protocol 1 body whose args or kwargs are of the wrong type")
        return fields
    fields["error"] = translate("queued_messages", "not a Celery task message (no task name in the headers or the body)")
    return fields


def _header_fields(fields: dict[str, Any], headers: Mapping, args: str | None = None, kwargs: str | None = None) -> None:
    """Protocol 2: what the headers say (``task`` is text); Celery's argsrepr/kwargsrepr stand in for the
    arguments when ``args``/``kwargs`` (what the row already says) are given empty."""
    fields["protocol"] = 2
    fields["task"] = clean_name(headers["task"][:300])
    fields["id"] = clean_name(_as_text(headers.get("id")))
    fields["eta"] = _time(headers.get("eta"))
    fields["expires"] = _time(headers.get("expires"))
    fields["retries"] = _as_int(headers.get("retries"))
    fields["origin"] = _as_text(headers.get("origin") or headers.get("hostname"))
    if args is not None:
        fields["args"] = args or _as_text(headers.get("argsrepr"), SHORT)
        fields["kwargs"] = kwargs or _as_text(headers.get("kwargsrepr"), SHORT)


def clean_name(text: str) -> str:
    """A task name or id as a row holds it: a lone surrogate as U+FFFD, a control or format character as an escape.

    What the cluster says an id is compares equal to a row's id once passed through this too.
    """
    return text if text.isprintable() else printable(clean_text(text))


def _orjson_depth_safe(raw: bytes) -> bool:
    """Whether the JSON cannot nest deep enough for the standard library's parser to give up where orjson does not
    (it stops near the recursion limit, ~990 here; orjson at 1,024): nesting n deep takes 2n bytes of brackets."""
    return len(raw) < 2 * ORJSON_SAFE_DEPTH or raw.count(b"[") + raw.count(b"{") < ORJSON_SAFE_DEPTH


def _envelope_json(raw: bytes) -> Any:
    """``json.loads(raw)``, by orjson when it reads the same: it reads an integer past 64 bits as a float,
    and refuses NaN, a lone surrogate, a byte-order mark or another encoding (read here by json)."""
    if LONG_NUMBER not in raw.translate(DIGITS_AS_ZERO) and _orjson_depth_safe(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)


def _body_json_safe(body: bytes) -> bool:
    """Whether orjson reads this JSON body as kombu's ``json.loads`` does (payloads.orjson_reads_as_kombu), also
    when kombu's object hook would see ``__type__`` spelled with escapes ("\\u005f_type__"), and as deep as kombu."""
    if not orjson_reads_as_kombu(body) or not _orjson_depth_safe(body):
        return False
    return b"\\u00" not in body or _ESCAPED_NAME_CHARACTER.search(body) is None


def _decode_body(
    body: bytes, content_type: str, content_encoding: str, compression: str, accept: Collection[str]
) -> tuple[Any, str]:
    """(decoded body, "") or (None, why it is not decoded)."""
    if compression:
        try:
            body = decompress_capped(body, compression, MAX_DECODED_MESSAGE)
        except TooLarge:
            message = translate("queued_messages", "compressed ({compression}) to more than {size}: not decompressed")
            return None, message.format(compression=compression, size=megabytes(MAX_DECODED_MESSAGE))
        except NotDecompressed:
            message = translate("queued_messages", "compressed with {compression}, which the console does not decompress")
            return None, message.format(compression=repr(compression))
        except ValueError as exc:
            message = translate("queued_messages", "a corrupt {compression} body: {problem}")
            return None, message.format(compression=compression, problem=exc)
    if content_type in PICKLE_TYPES and content_type not in accept:
        return None, translate("queued_messages", "pickled, not decoded (pickle is off for this connection)")
    if content_type == JSON_TYPE and JSON_TYPE in accept and type(body) is bytes and body and _body_json_safe(body):
        try:  # kombu's JSON decoder whatever the content encoding, as its loads picks it
            return orjson.loads(body), ""
        except orjson.JSONDecodeError:
            pass  # NaN, a lone surrogate, not UTF-8 or not JSON: kombu's reading, or its reason
    try:
        return loads(body, content_type, content_encoding or "utf-8", accept=accept), ""
    except ContentDisallowed:
        return None, translate("queued_messages", "content type {type} is not decoded").format(type=repr(content_type))
    except SerializerNotInstalled:
        return None, _not_installed(content_type)
    except (DecodeError, ValueError, TypeError, UnicodeDecodeError) as exc:
        if content_type:
            message = translate("queued_messages", "a body that does not decode as {type}: {problem}")
        else:
            message = translate("queued_messages", "a body that does not decode as its content type: {problem}")
        return None, message.format(type=content_type, problem=str(exc)[:200])
    except Exception as exc:  # noqa: BLE001 - a serializer's own error on hostile bytes is a row, not a crash
        return None, translate("queued_messages", "a body that does not decode: {error}").format(error=type(exc).__name__)


def _not_installed(content_type: str) -> str:
    """What a body needs that kombu has no decoder for here (its library is not installed)."""
    known = DECODER_PACKAGES.get(content_type)
    if known is None:
        return translate("queued_messages", "{type} body: no decoder for it installed here").format(type=content_type)
    name, package = known
    message = translate("queued_messages", "{name} body: no {name} decoder installed here (pip install {package})")
    return message.format(name=name, package=package)


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
        """One line for the browser's status: how many were done, gone, or failed (and why, for the first few)."""
        action = translate("queued_messages", ACTIONS[self.action]) if self.action in ACTIONS else self.action
        done = translate("queued_messages", "{action}: {count} done").format(action=action, count=f"{len(self.done):,}")
        parts = [done]
        if self.missing:
            gone = translate("queued_messages", "{count} no longer there (taken by a worker or removed)")
            parts.append(gone.format(count=f"{len(self.missing):,}"))
        if self.failed:
            reasons = "; ".join(f"{who}: {why}" for who, why in self.failed[:5])
            failed = translate("queued_messages", "{count} failed: {reasons}")
            parts.append(failed.format(count=f"{len(self.failed):,}", reasons=reasons))
        return translate("queued_messages", ", ").join(parts)


def label_of(message: QueuedMessage) -> str:
    """How a message is named in an outcome: its task id, else its place."""
    return message.id or f"{message.queue}#{message.position if message.position is not None else '?'}"
