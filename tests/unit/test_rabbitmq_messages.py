"""The pure parts of the RabbitMQ queue browser: where dead letters go, a management API message as a row, matching."""

from __future__ import annotations

import base64
import json

from desktop.core.cluster.rabbitmq_messages import (
    BROWSE_BYTES,
    MIN_TRUNCATE,
    _matches,
    _row_from_management,
    _truncate_for,
    dead_letter_targets,
    original_queue,
)
from desktop.core.domain.payloads import result_accept
from desktop.core.domain.queued_messages import MAX_DECODED_MESSAGE, QueuedMessage

ACCEPT = result_accept(False)


def _binding(source: str, destination: str, key: str, kind: str = "queue") -> dict:
    return {"source": source, "destination": destination, "routing_key": key, "destination_type": kind}


def test_dead_letter_targets_follow_arguments_policies_and_bindings():
    queues = [
        {"name": "work", "arguments": {"x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "dead"}},
        {"name": "other", "arguments": {"x-dead-letter-exchange": "dlx"}},  # its own key: "other"
        {"name": "fan", "arguments": {"x-dead-letter-exchange": "dlx-fan"}},
        {"name": "topical", "arguments": {"x-dead-letter-exchange": "dlx-topic", "x-dead-letter-routing-key": "dl.topical"}},
        {
            "name": "by-policy",
            "arguments": {},
            "effective_policy_definition": {"dead-letter-exchange": "", "dead-letter-routing-key": "dead"},
        },
        {"name": "by-pattern", "arguments": {}},  # no effective policy in the answer yet: the policies say
        {
            "name": "argument-wins",
            "arguments": {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": "parking"},
            "effective_policy_definition": {"dead-letter-exchange": "", "dead-letter-routing-key": "dead"},
        },
        {"name": "self", "arguments": {"x-dead-letter-exchange": ""}},  # back into itself: not a dead-letter queue
        {"name": "hop", "arguments": {"x-dead-letter-exchange": "front", "x-dead-letter-routing-key": "k"}},
        {"name": "dead"},
        {"name": "other-dead"},
        {"name": "parking"},
        {"name": "archive"},
        {"name": "beyond"},
        "garbage",
        {"arguments": {"x-dead-letter-exchange": ""}},
    ]
    bindings = [
        _binding("dlx", "dead", "dead"),
        _binding("dlx", "other-dead", "other"),
        _binding("dlx-fan", "archive", "ignored"),
        _binding("dlx-fan", "parking", ""),
        _binding("dlx-topic", "archive", "dl.#"),
        _binding("dlx-topic", "beyond", "nothing.*"),
        _binding("front", "back", "k", kind="exchange"),  # exchange to exchange
        _binding("back", "beyond", "k"),
        _binding("", "work", "work"),
        None,
    ]
    exchanges = [{"name": "dlx", "type": "direct"}, {"name": "dlx-fan", "type": "fanout"}, {"name": "dlx-topic", "type": "topic"}]
    policies = [
        {"name": "low", "pattern": "^by-", "apply-to": "queues", "priority": 0, "definition": {"dead-letter-exchange": "dlx"}},
        {
            "name": "high",
            "pattern": "^by-pat",
            "apply-to": "all",
            "priority": 5,
            "definition": {"dead-letter-exchange": "", "dead-letter-routing-key": "parking"},
        },
        {
            "name": "exchanges",
            "pattern": ".*",
            "apply-to": "exchanges",
            "priority": 9,
            "definition": {"dead-letter-exchange": "x"},
        },
        {"name": "broken", "pattern": "([", "definition": {"dead-letter-exchange": "dlx"}},
    ]
    targets = dead_letter_targets(queues, bindings, exchanges, policies)
    assert targets == {
        "archive": ("fan", "topical"),
        "beyond": ("hop",),
        "dead": ("by-policy", "work"),
        "other-dead": ("other",),
        "parking": ("argument-wins", "by-pattern", "fan"),
    }
    assert dead_letter_targets({"items": [queues[0], {"name": "dead"}]}, {"items": bindings}) == {"dead": ("work",)}
    assert dead_letter_targets(queues[:1], bindings) == {}  # a queue the vhost does not have is no target
    assert dead_letter_targets(None) == {} and dead_letter_targets([{"name": "q", "arguments": []}]) == {}


def _entry(body: bytes, *, size: int | None = None, headers: dict | None = None, **properties) -> dict:
    try:
        payload, encoding = body.decode("utf-8"), "string"
    except UnicodeDecodeError:
        payload, encoding = base64.b64encode(body).decode(), "base64"
    return {
        "payload_bytes": len(body) if size is None else size,
        "redelivered": True,
        "exchange": "",
        "routing_key": "celery",
        "message_count": 0,
        "properties": {"headers": headers or {}, **properties},
        "payload": payload,
        "payload_encoding": encoding,
    }


TASK_HEADERS = {
    "task": "tasks.add",
    "id": "abc",
    "eta": "undefined",
    "expires": "undefined",
    "argsrepr": "(1, 2)",
    "kwargsrepr": "{}",
}


def test_a_management_api_message_is_read_into_a_row():
    body = json.dumps([[1, 2], {}, {"callbacks": None}]).encode()
    row = _row_from_management(
        "celery",
        4,
        _entry(body, headers=TASK_HEADERS, content_type="application/json", content_encoding="utf-8", priority=7),
        ACCEPT,
    )
    assert (row.task, row.id, row.args, row.priority, row.position, row.redelivered) == ("tasks.add", "abc", "[1, 2]", 7, 4, True)
    assert row.headers["eta"] is None and row.eta is None and row.raw == body and row.error == ""
    assert "headers" not in row.properties

    cut = _row_from_management(
        "celery", 0, _entry(body[:10], size=5000, headers=TASK_HEADERS, content_type="application/json"), ACCEPT
    )
    assert cut.task == "tasks.add" and cut.args == "(1, 2)" and not cut.decoded and cut.raw == b"" and cut.size == 5000
    assert cut.error == "" and cut.body_note.startswith("only the first 10 of its 5,000 bytes were read")

    big = _row_from_management("celery", 0, _entry(b"[1", size=MAX_DECODED_MESSAGE + 1, content_type="application/json"), ACCEPT)
    assert big.error.startswith("a message of ") and "too large" in big.error

    garbage = _row_from_management("celery", 0, _entry(b"\xff\x00", content_type="application/json"), ACCEPT)
    assert garbage.raw == b"\xff\x00" and "does not decode" in garbage.body_note

    odd = _row_from_management("celery", 0, {"payload": "!!", "payload_encoding": "base64", "properties": "no"}, ACCEPT)
    assert odd.error == "the management API sent a body that is not base64"
    unknown = _row_from_management("celery", 0, {"payload": 3, "payload_encoding": "rot13"}, ACCEPT)
    assert "unknown encoding" in unknown.error


def test_selected_messages_are_matched_by_id_else_by_their_exact_bytes():
    with_id = QueuedMessage(queue="q", id="abc", raw=b"[1]")
    assert _matches(with_id, "abc", b"other bytes") and not _matches(with_id, "xyz", b"[1]")
    assert _matches(with_id, "", b"[1]")  # an id only the selected row could decode (a pickled protocol 1 body)
    blob = QueuedMessage(queue="q", raw=b"bytes")
    assert _matches(blob, "", b"bytes") and not _matches(blob, "", b"bytes!")
    assert not _matches(QueuedMessage(queue="q"), "", b"")


def test_the_original_queue_of_a_dead_letter_and_the_size_asked_for():
    assert original_queue({"x-death": [{"queue": "work", "reason": "rejected"}, {"queue": "older"}]}) == "work"
    assert original_queue({"x-death": [{"queue": b"bytes"}]}) == "bytes"
    assert original_queue({}) == original_queue({"x-death": "no"}) == original_queue(None) == ""
    assert _truncate_for(200) == BROWSE_BYTES // 200 and _truncate_for(1) == MAX_DECODED_MESSAGE
    assert _truncate_for(100_000) == MIN_TRUNCATE
