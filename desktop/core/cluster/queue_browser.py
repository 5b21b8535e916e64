"""What waits in a Redis queue, message by message, and what workers hold without an ack.

Blocking functions, meant for ``ClusterClient.run_blocking``. kombu's Redis transport keeps a
queue as a list per priority step (``<queue>``, ``<queue><sep><step>``; LPUSH in, BRPOP out of the
steps in order, so the next message is the last of the first non-empty list); a message a worker
took waits in the ``unacked`` hash (tag -> ``[message, exchange, routing_key]``) with its delivery
time in the ``unacked_index`` sorted set until the worker acks it, or until a consuming worker's
``restore_visible`` puts it back, ``visibility_timeout`` seconds after delivery.

Pages are read with ``LRANGE`` windows counted from the consuming end, never the whole list; a
filter reads the lists in chunks up to a scan limit. Deleting and moving name the exact stored bytes
(``LREM``, atomic on the server, so a message a worker took meanwhile is reported, not doubled);
restoring is kombu's own ``restore_by_tag`` transaction (WATCH on the unacked hash: a worker's ack
in between wins), for the selected tags only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from celery import Celery
from redis.exceptions import ResponseError

from desktop.core.cluster.queues import (
    _app_queues,
    _key_for,
    _priority_keys,
    _redis_transport_or_reason,
    _Router,
    is_task_queue,
    on_broker,
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
    read_envelope,
)
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

PAGE = 200
CHUNK = 2000  # messages one LRANGE of a filtered scan reads
SCAN_LIMIT = 200_000  # messages a filter reads before it stops and says so
UNACKED_LIMIT = 2000  # held messages read at most, oldest first
BROADCAST_NOTE = QT_TRANSLATE_NOOP(
    "queue_browser",
    "a broadcast (fanout) queue, or Celery's own remote-control or event queue: on Redis its messages are published to "
    "every consumer as they are sent, never kept in a list to browse",
)

MESSAGE_CAP = MAX_DECODED_MESSAGE  # bytes of one stored message a page brings over; a bigger one comes as its size
PAGE_BUDGET = 64_000_000  # bytes one page (or one chunk of a filtered scan) brings over at most
CAPPED_RANGE = """
local items = redis.call('LRANGE', KEYS[1], ARGV[1], ARGV[2])
local cap, budget, used = tonumber(ARGV[3]), tonumber(ARGV[4]), 0
for i = #items, 1, -1 do  -- from the consuming end: the budget goes to the next messages out
  local n = string.len(items[i])
  if n > cap or used + n > budget then
    items[i] = {n, string.sub(items[i], 1, 256)}
  else
    used = used + n
  end
end
return items
"""

# LREM then LPUSH, or neither: a message a worker took between the two is never pushed again.
MOVE_SCRIPT = """
if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


def _redis_only(app: Celery) -> str:
    with app.connection_for_read() as unopened:
        return _redis_transport_or_reason(unopened)


def _decoded_key(key: Any) -> str:
    return key.decode() if isinstance(key, bytes) else str(key)


def _lengths(client, channel, keys: list[tuple[int, str]]) -> list[int]:
    with client.pipeline() as pipe:
        for _step, key in keys:
            pipe.llen(key)
        return [n if isinstance(n, int) else 0 for n in pipe.execute(raise_on_error=False)]


def _windows(lengths: list[int], keys: list[tuple[int, str]], offset: int, limit: int) -> Iterator[tuple[str, int, int, int]]:
    """(key, LRANGE start, LRANGE stop, position of the first) for consume-order places [offset, offset + limit)."""
    before = 0
    for (_step, key), length in zip(keys, lengths, strict=True):
        first, last = max(offset - before, 0), min(offset + limit - before, length)  # places within this list
        if first < last:
            yield key, -last, -first - 1, before + first
        before += length


def browse_redis(
    app: Celery,
    queue: str,
    *,
    offset: int = 0,
    limit: int = PAGE,
    message_filter: MessageFilter | None = None,
    allow_pickle: bool = False,
    scan_limit: int = SCAN_LIMIT,
) -> MessagePage:
    """A page of ``queue`` in the order workers take it (priority steps first to last).

    With a filter, ``offset`` counts matching messages and the lists are read in chunks until the
    page is full or ``scan_limit`` messages were read (``scanned`` and ``more`` say how far it got).
    """
    reason = _redis_only(app) or _broadcast_reason(app, queue)
    if reason:
        return MessagePage(queue, note=reason, delete_reason=reason, move_reason=reason)
    accept = result_accept(allow_pickle)

    def read(conn) -> MessagePage:
        channel = conn.default_channel
        keys = _priority_keys(channel, queue)
        with channel.conn_or_acquire() as client:
            lengths = _lengths(client, channel, keys)
            total = sum(lengths)
            if message_filter:
                return _filtered_page(client, channel, queue, keys, lengths, offset, limit, message_filter, accept, scan_limit)
            windows = list(_windows(lengths, keys, offset, limit))
            chunks, problems = _read_windows(client, channel, windows)
        messages = []
        for (key, _start, _stop, first), chunk in zip(windows, chunks, strict=True):
            for place, raw in enumerate(reversed(chunk)):
                messages.append(_row(raw, queue, key, first + place, accept))
        more = offset + len(messages) < total
        return MessagePage(queue, tuple(messages), offset, total, len(messages), more=more, note="; ".join(problems))

    return on_broker(app, read, read=True)


def _broadcast_reason(app: Celery, queue: str) -> str:
    """Why a queue keeps no messages to browse (a broadcast or Celery's own control and event queues), or ""."""
    kinds = {name: kind for name, _exchange, kind in _app_queues(app)}
    for declared in app.amqp.queues.values():  # a Broadcast is named bcast.<uuid>, known by its alias
        if declared.alias and declared.exchange is not None:
            kinds.setdefault(declared.alias, declared.exchange.type)
    return "" if is_task_queue(queue, kinds.get(queue, "")) else translate("queue_browser", BROADCAST_NOTE)


def _read_windows(client, channel, windows: list[tuple[str, int, int, int]]) -> tuple[list[list], list[str]]:
    """Each window's stored messages, a message past its cap (or the page's budget) as ``[size, first bytes]``.

    The cap is applied on the server (one script per window), so a queue of 10 MB messages costs
    their sizes, not their bytes. A server that refuses scripts is read with plain LRANGE.
    """
    prefix = channel.global_keyprefix or ""
    budget = PAGE_BUDGET // max(1, len(windows))
    with client.pipeline(transaction=False) as pipe:
        for key, start, stop, _at in windows:  # EVAL is not a command kombu's client prefixes: the key goes whole
            pipe.execute_command("EVAL", CAPPED_RANGE, 1, prefix + key, start, stop, MESSAGE_CAP, budget)
        chunks = pipe.execute(raise_on_error=False)
    problems = []
    for index, ((key, start, stop, _at), chunk) in enumerate(zip(windows, chunks, strict=True)):
        if isinstance(chunk, ResponseError):  # scripting off (or not allowed to this user): uncapped
            try:
                chunk = client.execute_command("LRANGE", _key_for(client, channel, "LRANGE", key), start, stop)
            except Exception as exc:  # noqa: BLE001 - one unreadable list is said, the rest shown
                chunk = exc
        if isinstance(chunk, Exception):
            text = translate("queue_browser", "could not read {key}: {error}")
            problems.append(text.format(key=repr(key), error=f"{type(chunk).__name__}: {chunk}"))
            chunk = []
        chunks[index] = chunk
    return chunks, problems


def _row(raw: Any, queue: str, key: str, position: int, accept) -> QueuedMessage:
    if isinstance(raw, list) and len(raw) == 2:  # past the cap: its size and first bytes, never the whole
        size, head = raw
        head = head if isinstance(head, bytes) else str(head).encode()
        return QueuedMessage(
            queue=queue,
            key=key,
            position=position,
            size=int(size),
            error=translate(
                "queue_browser",
                "a message of {size}: not read (the browser reads at most {cap} a message, {budget} a page); it begins {head}",
            ).format(size=megabytes(int(size)), cap=megabytes(MESSAGE_CAP), budget=megabytes(PAGE_BUDGET), head=repr(head[:120])),
        )
    raw = raw if isinstance(raw, bytes) else str(raw).encode()
    return read_envelope(raw, queue, accept=accept, key=key, position=position)


def _filtered_page(client, channel, queue, keys, lengths, offset, limit, message_filter, accept, scan_limit) -> MessagePage:
    found: list[QueuedMessage] = []
    problems: list[str] = []
    matched = scanned = 0
    total = sum(lengths)
    for start in range(0, min(total, scan_limit), CHUNK):
        size = min(CHUNK, scan_limit - start)
        windows = list(_windows(lengths, keys, start, size))
        chunks, read_problems = _read_windows(client, channel, windows)
        problems.extend(read_problems)
        for (key, _first, _last, at), chunk in zip(windows, chunks, strict=True):
            for place, raw in enumerate(reversed(chunk)):
                scanned += 1
                message = _row(raw, queue, key, at + place, accept)
                if not message_filter.matches(message):
                    continue
                matched += 1
                if matched > offset:
                    found.append(message)
                if len(found) >= limit:
                    return MessagePage(queue, tuple(found), offset, total, scanned, more=True, note="; ".join(problems))
    if total > scan_limit:
        text = translate("queue_browser", "read the first {scanned} of {total} messages (the filter's limit)")
        problems.append(text.format(scanned=f"{scanned:,}", total=f"{total:,}"))
    return MessagePage(queue, tuple(found), offset, total, scanned, more=False, note="; ".join(problems))


# -- held without an ack -----------------------------------------------------------------------------


def unacked_redis(
    app: Celery, *, limit: int = UNACKED_LIMIT, allow_pickle: bool = False, queue: str | None = None
) -> tuple[list[QueuedMessage], int, str]:
    """Messages workers took and have not acked, oldest first: (rows, how many there are, a note).

    Each row says when it was delivered and when a consuming worker will restore it
    (delivery + ``visibility_timeout``); its ``queue`` is where kombu would restore it.
    """
    reason = _redis_only(app)
    if reason:
        return [], 0, reason
    accept = result_accept(allow_pickle)

    def read(conn) -> tuple[list[QueuedMessage], int, str]:
        channel = conn.default_channel
        if not channel.ack_emulation:
            return [], 0, translate("queue_browser", "ack emulation is off: the broker keeps no unacknowledged messages")
        timeout = float(channel.visibility_timeout)
        with channel.conn_or_acquire() as client:
            index = _key_for(client, channel, "ZRANGE", channel.unacked_index_key)
            with client.pipeline() as pipe:
                pipe.zcard(_key_for(client, channel, "ZCARD", channel.unacked_index_key))
                pipe.zrange(index, 0, limit - 1, withscores=True)
                count, entries = pipe.execute()
            tags = [_decoded_key(tag) for tag, _score in entries]
            values = _capped_values(client, channel, tags)
            router = _Router(channel, {})
            rows = []
            for (tag, delivered), value in zip(zip(tags, (s for _t, s in entries), strict=True), values, strict=True):
                if value is None:  # acked between the two reads
                    continue
                if isinstance(value, int):
                    rows.append(_too_large_held(value, tag, float(delivered), timeout))
                    continue
                rows.append(_held_row(value, tag, float(delivered), timeout, router, accept))
        if queue is not None:
            rows = [r for r in rows if r.queue in (queue, "")]  # "": an entry too large or too broken to say its queue
        note = ""
        if count > limit:
            text = translate("queue_browser", "the oldest {limit} of {count} unacknowledged messages")
            note = text.format(limit=f"{limit:,}", count=f"{count:,}")
        return rows, count, note

    return on_broker(app, read, read=True)


def _capped_values(client, channel, tags: list[str]) -> list[bytes | int | None]:
    """The unacked hash's entries for these tags; one past the cap (or the page's budget) as its size alone."""
    if not tags:
        return []
    hash_key = _key_for(client, channel, "HSTRLEN", channel.unacked_key)
    with client.pipeline(transaction=False) as pipe:
        for tag in tags:
            pipe.execute_command("HSTRLEN", hash_key, tag)
        sizes = pipe.execute(raise_on_error=False)
    wanted, used = [], 0
    for tag, size in zip(tags, sizes, strict=True):
        size = size if isinstance(size, int) else 0
        if size <= MESSAGE_CAP and used + size <= PAGE_BUDGET:
            wanted.append(tag)
            used += size
    read = (
        dict(zip(wanted, client.hmget(_key_for(client, channel, "HMGET", channel.unacked_key), wanted), strict=True))
        if wanted
        else {}
    )
    return [
        read.get(tag) if tag in read else (size if isinstance(size, int) and size else None)
        for tag, size in zip(tags, sizes, strict=True)
    ]


def _too_large_held(size: int, tag: str, delivered: float, timeout: float) -> QueuedMessage:
    return QueuedMessage(
        queue="",
        size=size,
        delivery_tag=tag,
        delivered_at=delivered,
        restore_at=delivered + timeout,
        error=translate(
            "queue_browser", "an unacknowledged message of {size}: not read (the browser reads at most {cap} a message)"
        ).format(size=megabytes(size), cap=megabytes(MESSAGE_CAP)),
    )


def _held_row(value: bytes, tag: str, delivered: float, timeout: float, router: _Router, accept) -> QueuedMessage:
    where = {"delivery_tag": tag, "delivered_at": delivered, "restore_at": delivered + timeout}
    try:
        message, exchange, routing_key = json.loads(value)
        raw = json.dumps(message).encode()
    except (ValueError, TypeError):
        error = translate("queue_browser", "an unacked entry that is not kombu's")
        return QueuedMessage(queue="", raw=value, size=len(value), error=error, **where)
    queues = sorted(router.queues(exchange, routing_key))
    return read_envelope(raw, queues[0] if queues else str(routing_key or ""), accept=accept, **where)


def restore_redis(app: Celery, messages: Iterable[QueuedMessage]) -> ActionOutcome:
    """Put the selected unacked messages back in their queues now, as kombu's restore would.

    Per tag, kombu's transaction: WATCH the unacked hash, read the entry, then in MULTI drop it
    from the index and the hash and push the message (marked redelivered) to the consuming end of
    its queue. A tag whose entry is gone (acked, or restored by a worker) is reported missing.
    """
    chosen = [m for m in messages if m.delivery_tag]

    def restore(conn) -> ActionOutcome:
        channel = conn.default_channel
        done, missing, failed = [], [], []
        with channel.conn_or_acquire() as client:
            for message in chosen:

                def transaction(pipe, tag=message.delivery_tag) -> bool:
                    payload = pipe.hget(channel.unacked_key, tag)
                    pipe.multi()
                    channel.qos._remove_from_indices(tag, pipe)
                    if payload:
                        body, exchange, routing_key = json.loads(payload)
                        channel._do_restore_message(body, exchange, routing_key, pipe, False)
                    return bool(payload)

                try:
                    restored = client.transaction(transaction, channel.unacked_key, value_from_callable=True)
                except Exception as exc:  # noqa: BLE001 - one entry's failure is reported with the others'
                    failed.append((label_of(message), f"{type(exc).__name__}: {exc}"))
                    continue
                (done if restored else missing).append(label_of(message))
        return ActionOutcome("restore", tuple(done), tuple(missing), tuple(failed))

    return on_broker(app, restore)


# -- acting on waiting messages -----------------------------------------------------------------------


def delete_redis(app: Celery, messages: Iterable[QueuedMessage]) -> ActionOutcome:
    """Remove exactly these stored payloads (``LREM`` of the bytes, once each); one a worker took is reported missing."""
    messages = [m for m in messages if not m.delivery_tag]
    chosen = [m for m in messages if m.key and m.raw]
    unread = _unread(messages)

    def delete(conn) -> ActionOutcome:
        channel = conn.default_channel
        with channel.conn_or_acquire() as client, client.pipeline(transaction=False) as pipe:
            for message in chosen:
                pipe.execute_command("LREM", _key_for(client, channel, "LREM", message.key), -1, message.raw)
            removed = pipe.execute(raise_on_error=False)
        return _outcome("delete", chosen, removed, unread)

    return on_broker(app, delete)


def moved_payload(raw: bytes, target: str) -> bytes:
    """The stored message re-addressed to ``target`` (its delivery info names the queue kombu restores it to)."""
    try:
        envelope = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw
    if not isinstance(envelope, dict) or not isinstance(envelope.get("properties"), dict):
        return raw
    envelope["properties"]["delivery_info"] = {"exchange": "", "routing_key": target}
    return json.dumps(envelope).encode()


def move_redis(app: Celery, messages: Iterable[QueuedMessage], target: str) -> ActionOutcome:
    """Move these messages to the back of ``target`` (the same priority step), atomically each."""
    messages = [m for m in messages if not m.delivery_tag]
    chosen = [m for m in messages if m.key and m.raw]
    unread = _unread(messages)
    if not target:
        return ActionOutcome("move", failed=tuple((label_of(m), translate("queue_browser", "no target queue")) for m in chosen))

    def move(conn) -> ActionOutcome:
        channel = conn.default_channel
        prefix = channel.global_keyprefix or ""
        with channel.conn_or_acquire() as client, client.pipeline(transaction=False) as pipe:
            for message in chosen:  # EVAL is not a command kombu's client prefixes: the keys go whole
                destination = channel._q_for_pri(target, message.priority or 0)
                keys = (prefix + message.key, prefix + destination)
                pipe.execute_command("EVAL", MOVE_SCRIPT, 2, *keys, message.raw, moved_payload(message.raw, target))
            moved = pipe.execute(raise_on_error=False)
        return _outcome("move", chosen, moved, unread)

    return on_broker(app, move)


def _unread(messages: list[QueuedMessage]) -> list[tuple[str, str]]:
    why = translate("queue_browser", "not read whole (too large): its exact bytes are not known")
    return [(label_of(m), why) for m in messages if not (m.key and m.raw)]


def _outcome(action: str, chosen: list[QueuedMessage], replies: list[Any], failed_first=()) -> ActionOutcome:
    done, missing, failed = [], [], list(failed_first)
    for message, reply in zip(chosen, replies, strict=True):
        if isinstance(reply, Exception):
            failed.append((label_of(message), f"{type(reply).__name__}: {reply}"))
        elif reply:
            done.append(label_of(message))
        else:
            missing.append(label_of(message))
    return ActionOutcome(action, tuple(done), tuple(missing), tuple(failed))


def held_by_workers(*replies: Mapping | None) -> dict[str, str]:
    """Task id -> worker, from ``inspect`` active / reserved / scheduled replies (a scheduled entry wraps its request)."""
    held: dict[str, str] = {}
    for reply in replies:
        for hostname, entries in (reply or {}).items():
            if not isinstance(entries, list):
                continue
            for entry in entries:
                request = entry.get("request", entry) if isinstance(entry, dict) else None
                task_id = request.get("id") if isinstance(request, dict) else None
                if isinstance(task_id, str):
                    held[clean_name(task_id)] = str(hostname)  # as a row holds the id
    return held


def oldest_unacked(app: Celery) -> float | None:
    """When the oldest message still held was delivered (one ZRANGE); None when none is, or not Redis."""
    if _redis_only(app):
        return None

    def read(conn) -> float | None:
        channel = conn.default_channel
        if not channel.ack_emulation:
            return None
        with channel.conn_or_acquire() as client:
            oldest = client.zrange(channel.unacked_index_key, 0, 0, withscores=True)
        return float(oldest[0][1]) if oldest else None

    return on_broker(app, read, read=True)
