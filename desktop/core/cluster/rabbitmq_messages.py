"""RabbitMQ: the messages waiting in a queue, read for the queue browser; deleting, moving and requeueing some of them.

Blocking functions, meant for ``ClusterClient.run_blocking``. AMQP has no browse: a message is read
by taking it. RabbitMQ's management API reads a queue the only way there is, ``POST
/api/queues/{vhost}/{name}/get`` with ``ack_requeue_true``: it takes the first messages and puts them
back where they were (classic queues keep their order), and RabbitMQ marks every one it took
redelivered. Each read starts again at the head: only the first ``limit`` messages can be seen.
Without a management URL the same is done over AMQP (``basic_get`` without an ack, then every one
rejected with requeue), which is what the management API does inside the broker.

Deleting, moving and requeueing dead letters go over AMQP and lose no message: messages are taken
from the head without an ack (invisible to consumers, never lost: a connection that drops puts them
back) until every selected one is found or the queue's count at the start is used up. A selected
one is acked (deleted), or first published to its target with publisher confirms and ``mandatory``
and acked only once the broker confirmed it; every other one taken is rejected with requeue and goes
back to its place. A selected one a consumer took meanwhile is reported missing. While a worker
consumes the queue, the messages held for a moment may reach it after later ones.

A quorum queue counts each take-and-put-back as a delivery: with a delivery limit (``x-delivery-limit``,
a policy's ``delivery-limit``, RabbitMQ 4's default of 20) a message read too often is dropped or
dead-lettered, so such a queue is neither read nor changed here. A stream cannot be read by taking.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

import amqp
from celery import Celery
from kombu.transport.virtual.exchange import TopicExchange

from desktop.core.cluster.queues import is_amqp, on_broker
from desktop.core.cluster.rabbitmq import (
    MANAGEMENT_DEADLINE,
    MANAGEMENT_TIMEOUT,
    MAX_ANSWER_BYTES,
    ManagementError,
    ManagementQueue,
    _broker_tls_context,
    _Deadline,
    _masked,
    _open,
    _read_capped,
    _Redirected,
    _why,
    http_refusal,
    not_json_at,
    queues_request,
    unreachable_at,
)
from desktop.core.domain.payloads import megabytes, result_accept
from desktop.core.domain.queued_messages import (
    MAX_DECODED_MESSAGE,
    ActionOutcome,
    MessageFilter,
    MessagePage,
    QueuedMessage,
    clean_name,
    label_of,
    read_message,
)
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

MAX_BROWSE = 1000  # messages one read may take at most (each is held by the broker until the read ends)
BROWSE_BYTES = 64_000_000  # bytes of message bodies one read asks for at most (the management API's answer)
MIN_TRUNCATE = 50_000  # bytes of each message the management API sends at least
MAX_SCAN = 5000  # messages an action takes at most to find the selected ones
CONFIRM_TIMEOUT = 10.0  # seconds the broker gets to confirm a published message
HOP_LIMIT = 4  # exchange-to-exchange bindings followed when finding where dead letters go

CONTEXT = "rabbitmq_messages"  # the catalogue's context (lupdate needs the literal at each call)
NO_MANAGEMENT = QT_TRANSLATE_NOOP(
    "rabbitmq_messages",
    "read over AMQP: AMQP has no browse, reading a message means taking it, so each was taken and then "
    "put back (RabbitMQ marks them redelivered); only the first {limit} can be read this way, no "
    "paging further. Add the management URL to the connection to see a queue's type and dead-letter sources "
    "(a quorum queue counts each read as a delivery of every message read)",
)
READ_BY_TAKING = QT_TRANSLATE_NOOP(
    "rabbitmq_messages",
    "RabbitMQ's management API reads messages by taking them and putting them back (requeue), so "
    "RabbitMQ marks every message read here redelivered; only the first {limit} can be read this way, "
    "no paging further",
)
NOT_RABBITMQ = QT_TRANSLATE_NOOP("rabbitmq_messages", "not a RabbitMQ broker")


# -- the management API ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Api:
    """The management API's root (``…/api``), as whom to ask, and the vhost."""

    root: str
    vhost: str
    username: str | None
    password: str | None
    withheld: bool
    context: Any = None

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *(quote(p, safe="") for p in parts)])

    def call(
        self,
        method: str,
        url: str,
        body: Any = None,
        *,
        max_bytes: int = MAX_ANSWER_BYTES,
        not_found: str = "",
        deadline: float = MANAGEMENT_DEADLINE,
    ) -> Any:
        """The JSON answer to one request; ManagementError (password-free) otherwise."""
        headers = {"Accept": "application/json", "User-Agent": "celery-desktop"}
        if self.username:
            credentials = f"{self.username}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode("ascii")
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        where = _masked(url)
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        with _Deadline(deadline) as clock:
            try:
                with _open(request, MANAGEMENT_TIMEOUT, self.context, clock) as answer:
                    raw = _read_capped(answer, max_bytes, where)
                if clock.expired:
                    raise TimeoutError
            except _Redirected as exc:
                text = translate(
                    "rabbitmq_messages", "the management API at {where} redirected to {target}, another server: not followed"
                )
                raise ManagementError(text.format(where=where, target=_masked(exc.target))) from None
            except urllib.error.HTTPError as exc:
                raise ManagementError(self._refusal(exc.code, exc.reason, where, not_found)) from None
            except ManagementError:
                raise
            except (OSError, ValueError) as exc:
                if clock.expired:
                    text = translate("rabbitmq_messages", "no complete answer in {seconds} s at {where}")
                    raise ManagementError(text.format(seconds=f"{deadline:g}", where=where)) from None
                raise ManagementError(unreachable_at(where, _why(exc, MANAGEMENT_TIMEOUT))) from None
            except Exception as exc:  # noqa: BLE001 - http.client's own errors on a broken answer
                text = translate("rabbitmq_messages", "no usable answer at {where}: {error}")
                raise ManagementError(text.format(where=where, error=type(exc).__name__)) from None
        try:
            return json.loads(raw) if raw.strip() else None
        except ValueError:
            raise ManagementError(not_json_at(where)) from None

    def _refusal(self, code: int, reason: Any, where: str, not_found: str) -> str:
        if code == 403:
            text = translate(
                "rabbitmq_messages",
                "this user may not do this (403; it needs the management tag and the vhost's permissions) at {where}",
            )
            return text.format(where=where)
        if code == 404 and not_found:
            return not_found  # the caller's own sentence (or its marker: priority_ignored's "missing")
        return http_refusal(code, reason, where, self.withheld)


def _api(app: Celery, management_url: str) -> tuple[_Api | None, str]:
    """The management API for the app's broker, or None and why not."""
    with app.connection_for_read() as conn:
        if not is_amqp(conn):
            return None, translate(CONTEXT, NOT_RABBITMQ)
        vhost, username, password = conn.virtual_host or "/", conn.userid, conn.password
    request = queues_request(management_url, vhost, username, password if isinstance(password, str) else None)
    root = request.url.split("?", 1)[0].rsplit("/queues/", 1)[0]
    return _Api(root, vhost, request.username, request.password, request.withheld, _broker_tls_context(app)), ""


# -- dead letters: which queues dead-letter into which -------------------------------------------------


def _items(payload: Any) -> list[Mapping]:
    if isinstance(payload, Mapping):
        payload = payload.get("items")
    return [entry for entry in payload if isinstance(entry, Mapping)] if isinstance(payload, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _policy_for(name: str, policies: list[Mapping]) -> Mapping:
    """The definition of the policy RabbitMQ applies to queue ``name`` (the highest priority that matches)."""
    best: tuple[int, Mapping] | None = None
    for policy in policies:
        if _text(policy.get("apply-to")) not in ("queues", "all", "classic_queues", "quorum_queues", ""):
            continue
        definition = policy.get("definition")
        priority = policy.get("priority") if isinstance(policy.get("priority"), int) else 0
        try:
            matches = re.search(_text(policy.get("pattern")), name) is not None
        except re.error:
            continue
        if matches and isinstance(definition, Mapping) and (best is None or priority > best[0]):
            best = (priority, definition)
    return best[1] if best else {}


def _dead_lettering(entry: Mapping, policies: list[Mapping]) -> tuple[str, str | None] | None:
    """(exchange, routing key or None for the message's own) a queue dead-letters to; None when it does not."""
    arguments = entry.get("arguments") if isinstance(entry.get("arguments"), Mapping) else {}
    policy = entry.get("effective_policy_definition")
    if not isinstance(policy, Mapping):
        policy = _policy_for(_text(entry.get("name")), policies)
    if "x-dead-letter-exchange" in arguments:  # a queue's own argument wins over a policy
        exchange, key = arguments.get("x-dead-letter-exchange"), arguments.get("x-dead-letter-routing-key")
    elif "dead-letter-exchange" in policy:
        exchange, key = policy.get("dead-letter-exchange"), policy.get("dead-letter-routing-key")
    else:
        return None
    if not isinstance(exchange, str):
        return None
    return exchange, key if isinstance(key, str) else None


def _routes(
    exchange: str, key: str | None, own_keys: Iterable[str], bindings: list[Mapping], kinds: Mapping[str, str]
) -> set[str]:
    """Queues a message published to ``exchange`` reaches (``key`` None: any of the message's ``own_keys``)."""
    keys = [key] if key is not None else list(own_keys)
    topic = TopicExchange(None)
    found: set[str] = set()
    seen: set[str] = set()
    todo = [(exchange, 0)]
    while todo:
        name, hops = todo.pop()
        if name in seen or hops > HOP_LIMIT:
            continue
        seen.add(name)
        if name == "":  # the default exchange routes to the queue named by the key
            found.update(k for k in keys if k)
            continue
        kind = kinds.get(name, "direct")
        for binding in bindings:
            if _text(binding.get("source")) != name or not binding.get("destination"):
                continue
            bound = _text(binding.get("routing_key"))
            if kind in ("fanout", "headers", "x-consistent-hash", "x-random"):  # by headers: possibly any bound queue
                matched = True
            elif kind == "topic":
                matched = any(topic._match(topic.key_to_pattern(bound), k) for k in keys)
            else:
                matched = bound in keys
            if not matched:
                continue
            destination = _text(binding.get("destination"))
            if binding.get("destination_type") == "exchange":
                todo.append((destination, hops + 1))
            else:
                found.add(destination)
    return found


def dead_letter_targets(
    queues_payload: Any, bindings_payload: Any = None, exchanges_payload: Any = None, policies_payload: Any = None
) -> dict[str, tuple[str, ...]]:
    """{dead-letter queue: the queues that dead-letter into it}, from the management API's answers.

    ``queues_payload``: ``GET /api/queues/{vhost}`` (name, arguments, effective_policy_definition);
    ``bindings_payload``: ``GET /api/bindings/{vhost}``; ``exchanges_payload``: ``GET
    /api/exchanges/{vhost}`` (name, type); ``policies_payload``: ``GET /api/policies/{vhost}``, used
    for a queue whose answer has no effective policy yet. A queue with ``x-dead-letter-exchange``
    (or a policy's ``dead-letter-exchange``) dead-letters into the queues that exchange routes the
    dead-letter routing key to, or without one the message's own key (a Celery message's key is
    its queue's name, or the key of a binding of the queue). The default exchange ``""`` routes to
    the queue named by the key. A queue dead-lettering into itself is not counted. Garbage skipped.
    """
    queues = _items(queues_payload)
    bindings = _items(bindings_payload)
    kinds = {_text(e.get("name")): _text(e.get("type")) or "direct" for e in _items(exchanges_payload)}
    policies = _items(policies_payload)
    names = {_text(q.get("name")) for q in queues} - {""}
    targets: dict[str, set[str]] = {}
    for entry in queues:
        name = _text(entry.get("name"))
        dead = _dead_lettering(entry, policies) if name else None
        if dead is None:
            continue
        exchange, key = dead
        own = {name} | {
            _text(b.get("routing_key"))
            for b in bindings
            if _text(b.get("destination")) == name and b.get("destination_type", "queue") == "queue"
        }
        for target in _routes(exchange, key, own - {""}, bindings, kinds):
            if target != name and (not names or target in names):
                targets.setdefault(target, set()).add(name)
    return {target: tuple(sorted(sources)) for target, sources in sorted(targets.items())}


BINDING_COLUMNS = "source,destination,destination_type,routing_key"


def dead_letter_marks(app: Celery, management_url: str, queues: Iterable[ManagementQueue]) -> dict[str, tuple[str, ...]]:
    """{dead-letter queue: the queues that dead-letter into it} for the Queues tab, from the queue list just read.

    The queue list (``rabbitmq.fetch_queues``: arguments and effective policy) says which queues
    dead-letter; only when one does are the vhost's bindings and exchanges asked for, two requests
    capped as every other. A policy's dead-lettering shows once RabbitMQ's statistics carry the
    queue's effective policy (a few seconds after the policy is set). ManagementError when the API
    does not answer.
    """
    entries: list[dict] = []
    for queue in queues:
        entry: dict = {"name": queue.name, "arguments": dict(queue.arguments)}
        if queue.policy is not None:
            entry["effective_policy_definition"] = dict(queue.policy)
        entries.append(entry)
    if not any(_dead_lettering(entry, []) for entry in entries):
        return {}
    api, _why_not = _api(app, management_url)
    if api is None:
        return {}
    bindings = api.call("GET", api.path("bindings", api.vhost) + f"?columns={BINDING_COLUMNS}")
    exchanges = api.call("GET", api.path("exchanges", api.vhost) + "?columns=name,type")
    return dead_letter_targets(entries, bindings, exchanges)


# -- reading a message into a row ---------------------------------------------------------------------


def _defined(value: Any) -> Any:
    """The management API writes AMQP's void (Python's None in a header) as the string "undefined"."""
    if value == "undefined":
        return None
    if isinstance(value, Mapping):
        return {k: _defined(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_defined(v) for v in value]
    return value


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _row(
    queue: str,
    position: int,
    body: bytes,
    size: int,
    properties: Mapping,
    *,
    accept,
    redelivered: bool,
    exchange: str,
    routing_key: str,
    error: str = "",
) -> QueuedMessage:
    """One message as a row; a body shorter than ``size`` (cut by the management API) is not decoded."""
    properties = dict(properties)
    headers = properties.pop("headers", None)
    if not isinstance(headers, Mapping):
        headers = properties.pop("application_headers", None)
    headers = dict(headers) if isinstance(headers, Mapping) else {}
    whole = len(body) >= size
    if not error and size > MAX_DECODED_MESSAGE:
        error = translate("rabbitmq_messages", "a message of {size}: too large to read here (shown by its size)").format(
            size=megabytes(size)
        )
    elif not error and not whole:
        error = translate(
            "rabbitmq_messages",
            "only the first {read} of its {size} bytes were read (the management API cuts each message): not decoded",
        ).format(read=f"{len(body):,}", size=f"{size:,}")
    base = QueuedMessage(queue=queue, position=position, raw=body if whole else b"", size=size)
    row = read_message(
        base,
        body,
        content_type=_text(properties.get("content_type")),
        content_encoding=_text(properties.get("content_encoding")),
        headers=headers,
        properties=properties,
        accept=accept,
        redelivered=redelivered,
        exchange=exchange,
        routing_key=routing_key,
        priority=_as_int(properties.get("priority")),
        error=error,
    )
    if (
        row.error and row.task and (not whole or size > MAX_DECODED_MESSAGE)
    ):  # a task named by its headers: the body is what is missing
        row = replace(row, body_note=row.error, error="")
    return row


def _row_from_management(queue: str, position: int, entry: Mapping, accept) -> QueuedMessage:
    properties = _defined(entry.get("properties")) if isinstance(entry.get("properties"), Mapping) else {}
    payload, encoding = entry.get("payload"), entry.get("payload_encoding")
    error = ""
    body = b""
    if encoding == "base64" and isinstance(payload, str):
        try:
            body = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            error = translate("rabbitmq_messages", "the management API sent a body that is not base64")
    elif encoding == "string" and isinstance(payload, str):
        body = payload.encode("utf-8", "surrogatepass")
    else:
        error = translate("rabbitmq_messages", "the management API sent the body in an unknown encoding ({encoding})").format(
            encoding=repr(encoding)
        )
    size = _as_int(entry.get("payload_bytes"))
    return _row(
        queue,
        position,
        body,
        max(size if size is not None else len(body), len(body)),
        properties,
        accept=accept,
        redelivered=bool(entry.get("redelivered")),
        exchange=_text(entry.get("exchange")),
        routing_key=_text(entry.get("routing_key")),
        error=error,
    )


def _body_bytes(message: amqp.Message) -> bytes:
    body = message.body
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    return str(body).encode("utf-8", "surrogatepass")


def _row_from_amqp(queue: str, position: int, message: amqp.Message, accept) -> QueuedMessage:
    info = message.delivery_info or {}
    body = _body_bytes(message)
    return _row(
        queue,
        position,
        body,
        len(body),
        message.properties or {},
        accept=accept,
        redelivered=bool(info.get("redelivered")),
        exchange=_text(info.get("exchange")),
        routing_key=_text(info.get("routing_key")),
    )


# -- the queue as the management API sees it ----------------------------------------------------------


@dataclass(frozen=True)
class _QueueInfo:
    name: str
    kind: str = "classic"
    arguments: Mapping = None  # type: ignore[assignment]
    policy: Mapping = None  # type: ignore[assignment]
    ready: int | None = None


QUEUE_COLUMNS = "name,type,arguments,effective_policy_definition,messages_ready"


def _vhost_view(api: _Api) -> tuple[list[Mapping], list[Mapping]]:
    """The vhost's queues and its policies (asked for only when some queue's answer has no effective policy yet)."""
    queues = _items(api.call("GET", api.path("queues", api.vhost) + f"?columns={QUEUE_COLUMNS}"))
    policies: list[Mapping] = []
    if any("effective_policy_definition" not in q for q in queues):
        try:
            policies = _items(api.call("GET", api.path("policies", api.vhost)))
        except ManagementError:  # a user without the policymaker tag: policies set by name only
            policies = []
    return queues, policies


def _info(entry: Mapping, policies: list[Mapping]) -> _QueueInfo:
    arguments = entry.get("arguments") if isinstance(entry.get("arguments"), Mapping) else {}
    policy = entry.get("effective_policy_definition")
    if not isinstance(policy, Mapping):
        policy = _policy_for(_text(entry.get("name")), policies)
    return _QueueInfo(
        name=_text(entry.get("name")),
        kind=_text(entry.get("type")) or "classic",
        arguments=arguments,
        policy=policy,
        ready=_as_int(entry.get("messages_ready")),
    )


def _delivery_limit(info: _QueueInfo, version: Callable[[], str]) -> int | None:
    if info.kind != "quorum":
        return None
    for value in (info.arguments.get("x-delivery-limit"), info.policy.get("delivery-limit")):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    major = version().split(".", 1)[0]
    return 20 if major.isdigit() and int(major) >= 4 else None  # RabbitMQ 4's default for quorum queues


def _not_readable(info: _QueueInfo, version: Callable[[], str]) -> str:
    """Why a queue must not be read (or changed) by taking and putting back; "" when it may."""
    if info.kind == "stream":
        return translate(
            "rabbitmq_messages",
            "{queue} is a stream: it is read by a consumer at an offset, not by taking messages; not read here",
        ).format(queue=repr(info.name))
    limit = _delivery_limit(info, version)
    if limit is not None:
        return translate(
            "rabbitmq_messages",
            "{queue} is a quorum queue with a delivery limit of {limit}: each message taken and put back "
            "counts as a delivery, and one delivered too often is dropped or dead-lettered, so it is not read or changed here",
        ).format(queue=repr(info.name), limit=limit)
    return ""


def _version(api: _Api) -> Callable[[], str]:
    def ask() -> str:
        try:
            answer = api.call("GET", api.root + "/overview?columns=rabbitmq_version")
        except ManagementError:
            return ""
        return _text(answer.get("rabbitmq_version")) if isinstance(answer, Mapping) else ""

    return ask


# -- browsing ------------------------------------------------------------------------------------------


def _truncate_for(count: int) -> int:
    return max(MIN_TRUNCATE, min(MAX_DECODED_MESSAGE, BROWSE_BYTES // max(count, 1)))


def _filtered(page: MessagePage, rows: list[QueuedMessage], message_filter: MessageFilter | None) -> MessagePage:
    shown = [r for r in rows if message_filter.matches(r)] if message_filter else rows
    return replace(page, messages=tuple(shown), scanned=len(rows))


def browse_rabbitmq(
    app: Celery,
    management_url: str,
    queue: str,
    *,
    limit: int = 200,
    message_filter: MessageFilter | None = None,
    allow_pickle: bool = False,
) -> MessagePage:
    """The first ``limit`` messages of ``queue`` in the order a consumer gets them (see the module docstring).

    Through the management API when there is a URL (the queue's type, count and dead-letter sources
    come with it), else over AMQP. Each message is cut by the management API at a size that keeps the
    whole answer under ``BROWSE_BYTES``; a cut one is named by its headers and its size. A broker
    that does not answer raises (ManagementError, or the broker's error).
    """
    limit = max(1, min(int(limit), MAX_BROWSE))
    accept = result_accept(allow_pickle)
    if not management_url:
        return _browse_over_amqp(app, queue, limit, message_filter, accept)
    api, why = _api(app, management_url)
    if api is None:
        return _unreadable(queue, why)
    queues, policies = _vhost_view(api)
    entry = next((q for q in queues if q.get("name") == queue), None)
    if entry is None:
        return MessagePage(queue, total=0, note=_no_queue_in_vhost(queue, api.vhost))
    info = _info(entry, policies)
    notes: list[str] = []
    dead_letter_of: tuple[str, ...] = ()
    try:
        bindings = api.call("GET", api.path("bindings", api.vhost))
        exchanges = api.call("GET", api.path("exchanges", api.vhost) + "?columns=name,type")
        dead_letter_of = dead_letter_targets(queues, bindings, exchanges, policies).get(queue, ())
    except ManagementError as exc:
        notes.append(
            translate("rabbitmq_messages", "the queues dead-lettering into this one are not known: {error}").format(error=exc)
        )
    refused = _not_readable(info, _version(api))
    if refused:
        note = "; ".join([refused, *notes])
        return MessagePage(
            queue, total=info.ready, note=note, delete_reason=refused, move_reason=refused, dead_letter_of=dead_letter_of
        )
    truncate = _truncate_for(limit)
    answer = api.call(
        "POST",
        api.path("queues", api.vhost, queue, "get"),
        {"count": limit, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": truncate},
        max_bytes=BROWSE_BYTES * 7 + 1_000_000,  # a text body's JSON escapes can make a byte six
        not_found=translate("rabbitmq_messages", "{no_such_queue} (deleted meanwhile?)").format(
            no_such_queue=_no_queue_in_vhost(queue, api.vhost)
        ),
        deadline=MANAGEMENT_DEADLINE * 3,
    )
    entries = answer if isinstance(answer, list) else []
    rows = [
        _row_from_management(queue, i, e, accept) if isinstance(e, Mapping) else _garbage(queue, i) for i, e in enumerate(entries)
    ]
    last = entries[-1] if entries and isinstance(entries[-1], Mapping) else {}
    remaining = _as_int(last.get("message_count"))
    total = len(entries) + remaining if remaining is not None else info.ready
    notes.insert(0, translate(CONTEXT, READ_BY_TAKING).format(limit=limit))
    if info.kind == "quorum":
        notes.append(
            translate(
                "rabbitmq_messages", "a quorum queue: each read counts as a delivery of every message read (x-delivery-count)"
            )
        )
    page = MessagePage(queue, offset=0, total=total, more=False, note="; ".join(notes), dead_letter_of=dead_letter_of)
    return _filtered(page, rows, message_filter)


def _unreadable(queue: str, why: str) -> MessagePage:
    """A page of no messages, saying why none can be read (nor deleted or moved)."""
    note = translate("rabbitmq_messages", "cannot read messages: {why}").format(why=why)
    return MessagePage(queue, note=note, delete_reason=why, move_reason=why)


def _no_queue_in_vhost(queue: str, vhost: str) -> str:
    return translate("rabbitmq_messages", "no queue named {queue} in vhost {vhost}").format(queue=repr(queue), vhost=repr(vhost))


def _garbage(queue: str, position: int) -> QueuedMessage:
    return QueuedMessage(
        queue=queue,
        position=position,
        error=translate("rabbitmq_messages", "the management API described this message in a shape it never uses"),
    )


def _browse_over_amqp(app: Celery, queue: str, limit: int, message_filter: MessageFilter | None, accept) -> MessagePage:
    def read(conn) -> MessagePage:
        if not is_amqp(conn):
            return _unreadable(queue, translate(CONTEXT, NOT_RABBITMQ))
        channel = conn.channel()
        rows: list[QueuedMessage] = []
        try:
            try:
                _name, ready, _consumers = channel.queue_declare(queue=queue, passive=True)
            except conn.channel_errors as exc:
                if getattr(exc, "code", None) == 404:
                    channel = None
                    return MessagePage(
                        queue, total=0, note=translate("rabbitmq_messages", "no queue named {queue}").format(queue=repr(queue))
                    )
                raise
            read_bytes, held, cut = 0, [], ""
            try:
                for position in range(min(limit, ready)):
                    message = channel.basic_get(queue, no_ack=False)
                    if message is None:
                        break
                    held.append(message.delivery_tag)
                    rows.append(_row_from_amqp(queue, position, message, accept))
                    read_bytes += rows[-1].size
                    if read_bytes > BROWSE_BYTES:
                        cut = translate("rabbitmq_messages", "stopped after {count} messages: {size} read").format(
                            count=f"{len(rows):,}", size=megabytes(read_bytes)
                        )
                        break
            finally:
                _put_back(channel, held)
        finally:
            if channel is not None:
                _close(channel)
        note = "; ".join(n for n in (translate(CONTEXT, NO_MANAGEMENT).format(limit=limit), cut) if n)
        return _filtered(MessagePage(queue, total=ready, note=note), rows, message_filter)

    return on_broker(app, read)


def _put_back(channel, tags: list[int]) -> None:
    """Every message held back where it was (the broker keeps a classic queue's order, whatever order they come in)."""
    try:
        for tag in tags:
            channel.basic_reject(tag, requeue=True)
    except Exception:  # noqa: BLE001 - a channel or connection lost: the broker puts back all it held
        pass


def _close(channel) -> None:
    try:
        channel.close()
    except Exception:  # noqa: BLE001 - a channel the broker already closed puts back what it held
        pass


# -- acting on selected messages -------------------------------------------------------------------------


def _taken_id(message: amqp.Message, accept) -> str:
    headers = (message.properties or {}).get("application_headers") or {}
    if isinstance(headers, Mapping) and isinstance(headers.get("id"), str) and headers["id"]:
        return clean_name(headers["id"])  # as the row holds it
    return _row_from_amqp("", 0, message, accept).id  # protocol 1: the id is in the body


def _matches(selected: QueuedMessage, taken_id: str, body: bytes) -> bool:
    if selected.id and taken_id:
        return selected.id == taken_id
    return bool(selected.raw) and selected.raw == body


class _Confirmed:
    """Publishing with ``mandatory`` and publisher confirms on a channel: whether the broker took the message."""

    def __init__(self, channel):
        self.channel = channel
        self.returned: list[str] = []
        channel.events["basic_return"].add(self._on_return)

    def _on_return(self, exc, exchange, routing_key, message) -> None:
        self.returned.append(str(exc))

    def publish(self, message: amqp.Message, routing_key: str) -> str:
        """ "" when a queue took it, else why not (returned: no such queue; nacked)."""
        self.returned.clear()
        republished = amqp.Message(_body_bytes(message), **dict(message.properties or {}))
        try:
            self.channel.basic_publish_confirm(
                republished, exchange="", routing_key=routing_key, mandatory=True, confirm_timeout=CONFIRM_TIMEOUT
            )
        except amqp.exceptions.MessageNacked:
            return translate("rabbitmq_messages", "RabbitMQ refused it (nack) for queue {queue}").format(queue=repr(routing_key))
        if self.returned:
            text = translate("rabbitmq_messages", "no queue named {queue} took it ({returned})")
            return text.format(queue=repr(routing_key), returned=self.returned[-1])
        return ""


def _act(
    app: Celery,
    queue: str,
    messages: list[QueuedMessage],
    action: str,
    handle: Callable[[amqp.Message, _Confirmed], str],
    management_url: str = "",
) -> ActionOutcome:
    """Take messages from the head until every selected one is found; ``handle`` says "" (done: acked) or why not (put back)."""
    selected = list(messages)
    unidentified = [m for m in selected if not m.id and not m.raw]
    unpickable = translate("rabbitmq_messages", "no task id, and its body was not read whole: it cannot be picked out")
    failed = [(label_of(m), unpickable) for m in unidentified]
    selected = [m for m in selected if m.id or m.raw]
    if management_url and selected:
        refused = _refused_by_type(app, management_url, queue)
        if refused:
            return ActionOutcome(action, failed=tuple(failed + [(label_of(m), refused) for m in selected]))
    accept = result_accept(False)

    def run(conn) -> ActionOutcome:
        done: list[str] = []
        fails = list(failed)
        if not selected:
            return ActionOutcome(action, failed=tuple(fails))
        channel = conn.channel()
        held: list[int] = []
        wanted = list(selected)
        try:
            try:
                _name, ready, _consumers = channel.queue_declare(queue=queue, passive=True)
            except conn.channel_errors as exc:
                if getattr(exc, "code", None) == 404:
                    channel = None
                    return ActionOutcome(action, missing=tuple(label_of(m) for m in wanted), failed=tuple(fails))
                raise
            publisher = _Confirmed(channel)
            taken = 0
            while wanted and taken < min(ready, MAX_SCAN):
                message = channel.basic_get(queue, no_ack=False)
                if message is None:
                    break
                taken += 1
                body = _body_bytes(message)
                taken_id = _taken_id(message, accept)
                match = next((m for m in wanted if _matches(m, taken_id, body)), None)
                if match is None:
                    held.append(message.delivery_tag)
                    continue
                wanted.remove(match)
                why = handle(message, publisher)
                if why:
                    fails.append((label_of(match), why))
                    held.append(message.delivery_tag)
                else:
                    channel.basic_ack(message.delivery_tag)
                    done.append(label_of(match))
            unseen = [(label_of(m), _not_among_the_first()) for m in wanted] if taken >= MAX_SCAN else []
        finally:
            if channel is not None:
                _put_back(channel, held)
                _close(channel)
        missing = [] if unseen else [label_of(m) for m in wanted]
        return ActionOutcome(action, done=tuple(done), missing=tuple(missing), failed=tuple(fails + unseen))

    return on_broker(app, run)


def _not_among_the_first() -> str:
    return translate("rabbitmq_messages", "not among the first {count} messages of the queue").format(count=f"{MAX_SCAN:,}")


def _refused_by_type(app: Celery, management_url: str, queue: str) -> str:
    """Why the management API says ``queue`` must not be changed by taking and putting back ("" when it may, or cannot tell)."""
    try:
        api, _why_not = _api(app, management_url)
        if api is None:
            return ""
        queues, policies = _vhost_view(api)
    except ManagementError:
        return ""
    entry = next((q for q in queues if q.get("name") == queue), None)
    return _not_readable(_info(entry, policies), _version(api)) if entry is not None else ""


def delete_rabbitmq(app: Celery, queue: str, messages: list[QueuedMessage], *, management_url: str = "") -> ActionOutcome:
    """Delete the selected messages (acked once found); every other message taken goes back to its place."""
    return _act(app, queue, messages, "delete", lambda message, publisher: "", management_url)


def move_rabbitmq(
    app: Celery, queue: str, messages: list[QueuedMessage], target_queue: str, *, management_url: str = ""
) -> ActionOutcome:
    """Move the selected messages to ``target_queue`` (an existing queue): published there, confirmed, then acked here."""
    if not target_queue or target_queue == queue:
        if not target_queue:
            reason = translate("rabbitmq_messages", "no target queue")
        else:
            reason = translate("rabbitmq_messages", "the target is the queue itself")
        return ActionOutcome("move", failed=tuple((label_of(m), reason) for m in messages))
    return _act(app, queue, messages, "move", lambda message, publisher: publisher.publish(message, target_queue), management_url)


def original_queue(message: Any) -> str:
    """The queue a dead letter came from: the first (latest) entry of its ``x-death`` header; "" when it has none."""
    headers = message if isinstance(message, Mapping) else {}
    deaths = headers.get("x-death")
    if isinstance(deaths, list) and deaths and isinstance(deaths[0], Mapping):
        name = deaths[0].get("queue")
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        return name if isinstance(name, str) else ""
    return ""


def requeue_dead_letters(app: Celery, queue: str, messages: list[QueuedMessage], *, management_url: str = "") -> ActionOutcome:
    """Publish each selected dead letter back to the queue its ``x-death`` names (headers kept), confirmed, then ack it here."""

    def requeue(message: amqp.Message, publisher: _Confirmed) -> str:
        headers = (message.properties or {}).get("application_headers") or {}
        origin = original_queue(headers)
        if not origin:
            return translate("rabbitmq_messages", "no x-death header: not a dead letter RabbitMQ wrote, its queue is not known")
        return publisher.publish(message, origin)

    return _act(app, queue, messages, "requeue", requeue, management_url)


# -- priorities ----------------------------------------------------------------------------------------------


def priority_ignored(app: Celery, management_url: str, queue: str) -> str:
    """A sentence when RabbitMQ would ignore a message priority sent to ``queue``; "" when it would not, or cannot tell.

    A classic queue honours priorities only when declared with ``x-max-priority`` (no policy can
    set it); a queue that does not exist yet is declared as the app defines it. Without a management
    URL (AMQP does not tell a queue's arguments), or when the API does not answer, nothing is said.
    """
    if not management_url:
        return ""
    try:
        api, _why_not = _api(app, management_url)
        if api is None:
            return ""
        entry = api.call("GET", api.path("queues", api.vhost, queue) + "?columns=name,type,arguments", not_found="missing")
    except ManagementError as exc:
        if str(exc) != "missing":
            return ""
        defined = app.amqp.queues.get(queue)
        arguments = (defined.queue_arguments or {}) if defined is not None else {}
        if arguments.get("x-max-priority") or (defined is None and app.conf.task_queue_max_priority):
            return ""
        return translate(
            "rabbitmq_messages",
            "there is no queue {queue} yet: sending declares it without x-max-priority, so RabbitMQ will ignore "
            "the message's priority (messages are delivered in the order they were sent)",
        ).format(queue=repr(queue))
    if not isinstance(entry, Mapping):
        return ""
    arguments = entry.get("arguments") if isinstance(entry.get("arguments"), Mapping) else {}
    if _as_int(arguments.get("x-max-priority")):
        return ""
    kind = _text(entry.get("type")) or "classic"
    if kind == "quorum" and _version(api)().split(".", 1)[0] not in ("", "3"):
        return ""  # RabbitMQ 4's quorum queues have two priorities (0-4 normal, 5 and up high) without an argument
    if kind != "classic":
        text = translate("rabbitmq_messages", "queue {queue} is a {kind} queue: RabbitMQ ignores a message's priority there")
        return text.format(queue=repr(queue), kind=kind)
    return translate(
        "rabbitmq_messages",
        "queue {queue} exists without x-max-priority, so RabbitMQ ignores a message's priority there "
        "(messages are delivered in the order they were sent)",
    ).format(queue=repr(queue))
