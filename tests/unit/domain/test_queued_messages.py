"""A queued task message read for the queue browser (desktop.core.domain.queued_messages): every kind of
stored payload becomes a row, or a row that says what is wrong with it; never an exception. Envelopes
are built here the way kombu's Redis transport stores them, with Celery's own headers."""

from __future__ import annotations

import base64
import bz2
import importlib.util
import json
import math
import pickle
import zlib
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from celery import Celery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kombu.exceptions import SerializerNotInstalled
from kombu.serialization import loads, registry

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.payloads import result_accept
from desktop.core.domain.queued_messages import (
    MAX_DECODED_MESSAGE,
    ActionOutcome,
    MessageFilter,
    QueuedMessage,
    call_of,
    export_json,
    label_of,
    read_envelope,
    read_message,
)
from tests.support import garbage
from tests.support.bombs import MEGABYTE, PeakRss, zlib_bomb
from tests.support.fuzzing import tried

ACCEPT = result_accept(False)
WITH_PICKLE = result_accept(True)
APP = Celery("queued-messages", broker="memory://", set_as_current=False)
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc).timestamp()
FUZZ = settings(max_examples=300, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])


def celery_headers(task_id: str = "id-1", task: str = "tasks.add", args=(1, 2), kwargs=None, **options) -> dict:
    """Protocol 2 headers exactly as Celery makes them for a send."""
    return dict(APP.amqp.as_task_v2(task_id, task, args=args, kwargs=kwargs or {}, **options).headers)


def envelope(
    body: bytes | str | object,
    headers: dict,
    *,
    content_type: str = "application/json",
    encoding: str = "utf-8",
    b64: bool = True,
    exchange: str = "",
    routing_key: str = "celery",
    **properties,
) -> bytes:
    """A payload as kombu's Redis transport stores it (its JSON envelope, the body in base64)."""
    if b64:
        body = base64.b64encode(body if isinstance(body, bytes) else str(body).encode()).decode()
    return json.dumps(
        {
            "body": body,
            "content-encoding": encoding,
            "content-type": content_type,
            "headers": headers,
            "properties": {
                "correlation_id": headers.get("id", ""),
                "reply_to": "",
                "delivery_mode": 2,
                "delivery_info": {"exchange": exchange, "routing_key": routing_key},
                "priority": 0,
                "body_encoding": "base64" if b64 else "",
                "delivery_tag": "5f1c2a8e-0000-4000-8000-000000000000",
                **properties,
            },
        }
    ).encode()


def v2_body(args=(1, 2), kwargs=None) -> bytes:
    return json.dumps([list(args), kwargs or {}, {"callbacks": None, "errbacks": None, "chain": None, "chord": None}]).encode()


def sent(task_id: str = "id-1", args=(1, 2), kwargs=None, *, headers: dict | None = None, **properties) -> QueuedMessage:
    """A protocol 2 JSON message as Celery sends it, read."""
    head = headers if headers is not None else celery_headers(task_id, args=args, kwargs=kwargs)
    return read_envelope(envelope(v2_body(args, kwargs), head, **properties), "celery", accept=ACCEPT, position=0, key="celery")


# -- protocol 2 and 1 ---------------------------------------------------------------------------------


def test_a_protocol_2_message_is_read_from_its_headers_and_body():
    message = sent("id-1", args=(1, 2), kwargs={"z": "SKU-7"}, priority=3)
    assert message.protocol == 2 and message.task == "tasks.add" and message.id == "id-1"
    assert message.args == "[1, 2]" and message.kwargs == '{"z": "SKU-7"}'
    assert message.retries == 0 and message.origin and message.priority == 3
    assert message.routing_key == "celery" and message.exchange == "" and not message.redelivered
    assert message.content_type == "application/json" and message.content_encoding == "utf-8"
    assert message.decoded and message.body[0] == [1, 2] and not message.error and not message.body_note
    assert message.queue == "celery" and message.position == 0 and message.key == "celery"
    assert message.size == len(message.raw) and message.state() == "waiting"


def test_a_protocol_1_message_is_read_from_its_body():
    body = dict(APP.amqp.as_task_v1("old-1", "tasks.mul", args=(5, 6), kwargs={"k": 1}, countdown=60, expires=3600).body)
    message = read_envelope(envelope(json.dumps(body), {}), "celery", accept=ACCEPT)
    assert message.protocol == 1 and message.task == "tasks.mul" and message.id == "old-1"
    assert message.args == "[5, 6]" and message.kwargs == '{"k": 1}' and message.retries == 0
    assert message.eta == pytest.approx(datetime.fromisoformat(body["eta"]).timestamp())
    assert message.expires == pytest.approx(datetime.fromisoformat(body["expires"]).timestamp())
    assert message.state() == "ETA" and not message.error


def test_a_protocol_1_body_with_args_of_the_wrong_type_says_so():
    body = {"task": "tasks.mul", "id": "old-2", "args": "5, 6", "kwargs": {}}
    message = read_envelope(envelope(json.dumps(body), {}), "celery", accept=ACCEPT)
    assert message.task == "tasks.mul" and message.id == "old-2"
    assert "protocol 1 body whose args or kwargs are of the wrong type" in message.error


@pytest.mark.parametrize(
    "body",
    [{"x": 1}, [[1], {}], [1, {}, {}], [[1], [], {}], "text", 42, None],
    ids=["dict", "two-items", "args-not-list", "kwargs-not-dict", "string", "number", "null"],
)
def test_a_protocol_2_body_of_the_wrong_shape_keeps_the_header_fields(body):
    message = read_envelope(envelope(json.dumps(body), celery_headers("shape-1")), "celery", accept=ACCEPT)
    assert message.task == "tasks.add" and message.id == "shape-1" and message.protocol == 2
    assert "a protocol 2 body that is not [args, kwargs, embed]" in message.error
    assert message.state() == "unreadable"


def test_a_body_with_no_task_name_anywhere_is_not_a_task_message():
    message = read_envelope(envelope(json.dumps({"hello": "world"}), {"origin": "x"}), "celery", accept=ACCEPT)
    assert message.error == "not a Celery task message (no task name in the headers or the body)"
    assert message.decoded and message.body == {"hello": "world"} and not message.task


# -- serializers --------------------------------------------------------------------------------------


def test_a_pickled_message_shows_celerys_argsrepr_unless_pickle_is_allowed():
    body = pickle.dumps(((3, 4), {"n": 5}, {}))
    raw = envelope(body, celery_headers("p-1", args=(3, 4), kwargs={"n": 5}), content_type="application/x-python-serialize")
    refused = read_envelope(raw, "celery", accept=ACCEPT)
    assert refused.task == "tasks.add" and refused.id == "p-1" and not refused.decoded
    assert refused.body_note == "pickled, not decoded (pickle is off for this connection)"
    assert refused.args == "(3, 4)" and refused.kwargs == "{'n': 5}"  # what the sender said, not the pickle
    assert not refused.error and refused.state() == "waiting"
    assert call_of(refused) is None  # no call to fill a form from without the arguments themselves
    allowed = read_envelope(raw, "celery", accept=WITH_PICKLE)
    assert allowed.decoded and allowed.args == "[3, 4]" and allowed.kwargs == '{"n": 5}' and not allowed.body_note


# [[1, 2], {}, {}] by hand, so neither test needs the library to build it.
MSGPACK_BODY = b"\x93\x92\x01\x02\x80\x80"
YAML_BODY = b"- [1, 2]\n- {}\n- {}\n"


@pytest.mark.parametrize(
    ("content_type", "body", "module", "package"),
    [("application/x-msgpack", MSGPACK_BODY, "msgpack", "msgpack"), ("application/x-yaml", YAML_BODY, "yaml", "PyYAML")],
    ids=["msgpack", "yaml"],
)
def test_msgpack_and_yaml_bodies_are_decoded_when_their_library_is_there_and_named_when_not(content_type, body, module, package):
    message = read_envelope(
        envelope(body, celery_headers("s-1"), content_type=content_type, encoding="binary"), "q", accept=ACCEPT
    )
    assert message.task == "tasks.add" and message.id == "s-1" and message.content_type == content_type
    if importlib.util.find_spec(module) is not None:
        assert message.decoded and message.args == "[1, 2]" and message.kwargs == "{}" and not message.body_note
    else:
        assert not message.decoded
        assert message.body_note == f"{module} body: no {module} decoder installed here (pip install {package})"
        assert message.args == "(1, 2)" and not message.error  # the sender's argsrepr instead


@pytest.mark.parametrize(
    ("content_type", "note"),
    [
        ("application/x-msgpack", "msgpack body: no msgpack decoder installed here (pip install msgpack)"),
        ("application/x-yaml", "yaml body: no yaml decoder installed here (pip install PyYAML)"),
        ("application/x-custom", "application/x-custom body: no decoder for it installed here"),
    ],
    ids=["msgpack", "yaml", "other"],
)
def test_a_body_whose_serializer_is_not_installed_says_what_to_install(monkeypatch, content_type, note):
    def not_installed(_data):
        raise SerializerNotInstalled("No decoder installed")  # what kombu registers when the library is missing

    monkeypatch.setitem(registry._decoders, content_type, not_installed)
    message = read_envelope(
        envelope(b"\x93", celery_headers("n-1"), content_type=content_type, encoding="binary"),
        "q",
        accept=frozenset({*ACCEPT, content_type}),
    )
    assert message.body_note == note and not message.decoded and not message.error
    assert message.task == "tasks.add" and message.args == "(1, 2)"  # the headers, as for any body not decoded


def test_a_content_type_outside_the_accept_list_is_not_decoded():
    message = read_envelope(envelope(b"<call/>", celery_headers("x-1"), content_type="application/xml"), "q", accept=ACCEPT)
    assert message.body_note == "content type 'application/xml' is not decoded" and message.task == "tasks.add"
    assert not message.decoded and message.args == "(1, 2)"


def test_json_that_does_not_parse_is_a_note_with_kombus_reason():
    message = read_envelope(envelope(b"[[1, 2], {}, {", celery_headers("j-1")), "q", accept=ACCEPT)
    assert message.body_note.startswith("a body that does not decode as application/json: ")
    assert message.task == "tasks.add" and message.args == "(1, 2)" and not message.decoded


# -- compression --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("compress", "content_type"),
    [(zlib.compress, "application/x-gzip"), (bz2.compress, "application/x-bz2")],
    ids=["gzip", "bzip2"],
)
def test_a_compressed_body_is_decompressed(compress, content_type):
    args = ([1] * 5000,)
    headers = {**celery_headers("z-1", args=args), "compression": content_type}
    message = read_envelope(envelope(compress(v2_body(args)), headers), "q", accept=ACCEPT)
    assert message.compression == content_type and message.args.startswith("[[1, 1") and message.args.endswith("…")
    assert len(message.args) == 200 and message.decoded and not message.body_note and not message.error
    assert message.size == len(message.raw) < len(v2_body(args))  # the stored size, not the decompressed one


@pytest.mark.parametrize(
    ("body", "method", "name"),
    [(zlib_bomb(64 * MEGABYTE), "application/x-gzip", "zlib"), (bz2.compress(bytes(8 * MEGABYTE)), "bzip2", "bzip2")],
    ids=["zlib-64MB", "bzip2-8MB"],
)
def test_a_compression_bomb_is_decompressed_no_further_than_the_cap(body, method, name):
    headers = {**celery_headers("bomb-1"), "compression": method}
    raw = envelope(body, headers)
    with PeakRss() as rss:
        message = read_envelope(raw, "q", accept=ACCEPT)
    assert message.body_note == f"compressed ({method}) to more than 4 MB: not decompressed"
    assert message.task == "tasks.add" and message.id == "bomb-1" and message.args == "(1, 2)" and not message.decoded
    assert rss.grew_mb < 4 * MAX_DECODED_MESSAGE / MEGABYTE, f"RSS grew {rss.grew_mb:.0f} MB"


def test_an_unknown_or_corrupt_compression_is_named():
    unknown = read_envelope(
        envelope(b"\x0b\x02\x80", {**celery_headers("u-1"), "compression": "application/x-brotli"}), "q", accept=ACCEPT
    )
    assert unknown.body_note == "compressed with 'application/x-brotli', which the console does not decompress"
    assert unknown.task == "tasks.add" and unknown.args == "(1, 2)" and not unknown.decoded and not unknown.error
    corrupt = read_envelope(envelope(b"not zlib", {**celery_headers("c-1"), "compression": "gzip"}), "q", accept=ACCEPT)
    assert corrupt.body_note.startswith("a corrupt gzip body: ") and corrupt.task == "tasks.add"


# -- what is not a message ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"\xff\x00 not a message", "not a kombu message: 16 bytes that are not JSON"),
        (b"", "not a kombu message: 0 bytes that are not JSON"),
        (b"[1, 2, 3]", "not a kombu message: JSON list without a body"),
        (b'{"headers": {"task": "tasks.add"}}', "not a kombu message: JSON dict without a body"),
        (b'"body"', "not a kombu message: JSON str without a body"),
    ],
    ids=["binary", "empty", "list", "no-body", "string"],
)
def test_a_payload_that_is_not_a_kombu_envelope_is_a_row_that_says_so(raw, error):
    message = read_envelope(raw, "celery", accept=ACCEPT, position=7, key="celery")
    assert message.error == error and message.raw == raw and message.size == len(raw)
    assert message.position == 7 and message.state() == "unreadable" and not message.decoded


def test_a_body_that_is_not_base64_keeps_the_header_fields():
    raw = envelope("*** not base64 ***", celery_headers("b-1"), b64=False, body_encoding="base64")
    message = read_envelope(raw, "celery", accept=ACCEPT)
    assert message.error == "a body that is not base64" and message.task == "tasks.add" and message.id == "b-1"
    assert message.args == "(1, 2)" and message.state() == "unreadable"


@pytest.mark.parametrize("body", [42, [1, 2], {"a": 1}, None, True])
def test_a_body_that_is_not_text_keeps_the_header_fields(body):
    raw = envelope(body, celery_headers("t-1"), b64=False)
    message = read_envelope(raw, "celery", accept=ACCEPT)
    assert message.error == "a body that is not text" and message.task == "tasks.add" and message.id == "t-1"


def test_a_body_stored_as_plain_text_is_read_too():
    message = read_envelope(envelope(v2_body().decode(), celery_headers("plain-1"), b64=False), "q", accept=ACCEPT)
    assert message.args == "[1, 2]" and not message.error and message.decoded


def test_a_message_past_the_limit_is_named_by_its_size_and_not_parsed():
    raw = b"x" * (MAX_DECODED_MESSAGE + 1)
    message = read_envelope(raw, "celery", accept=ACCEPT)
    assert message.error == "a message of 4 MB: too large to read here (shown by its size)"
    assert message.size == MAX_DECODED_MESSAGE + 1 and message.raw is raw and not message.task
    big_but_allowed = envelope(b"[[" + b"1, " * 100_000 + b"1], {}, {}]", celery_headers("big-1"))
    assert len(big_but_allowed) < MAX_DECODED_MESSAGE
    assert read_envelope(big_but_allowed, "q", accept=ACCEPT).args.startswith("[1, 1, 1")


def test_deeply_nested_json_is_a_row_not_a_recursion_error():
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "not JSON" in read_envelope(deep, "q", accept=ACCEPT).error
    in_body = read_envelope(envelope(deep, celery_headers("deep-1")), "q", accept=ACCEPT)
    assert in_body.task == "tasks.add" and "does not decode" in in_body.body_note
    for depth in (500, 990):  # as deep as the parser goes: decoded (or not), and exported either way
        nested = read_envelope(envelope(b"[" * depth + b"]" * depth, celery_headers("deep-2")), "q", accept=ACCEPT)
        assert nested.task == "tasks.add" and (nested.error or nested.body_note)
        json.loads(export_json([nested]))


# The envelope and a JSON body go through orjson where it reads them as json (the envelope) and kombu (the
# body) do; where it would not, they are read as before, and these are the cases where it would not.
KOMBU_ONLY_BODIES = {
    "int-past-64-bits": b"[[18446744073709551616, -9223372036854775809], {}, {}]",
    "infinity": b"[[1e400], {}, {}]",
    "nan": b"[[NaN], {}, {}]",
    "lone-surrogate": b'[["\\ud800"], {}, {}]',
    "typed-value": b'[[{"__type__": "uuid", "__value__": "00000000-0000-0000-0000-000000000001"}], {}, {}]',
    "escaped-typed-value": b'[[{"\\u005f_type__": "uuid", "__value__": "00000000-0000-0000-0000-000000000001"}], {}, {}]',
    "escaped-unknown-type": b'[[{"__typ\\u0065__": "nope", "__value__": 1}], {}, {}]',
    "byte-order-mark": b"\xef\xbb\xbf[[1], {}, {}]",
    "deeper-than-json-goes": b"[[" + b"[" * 1010 + b"]" * 1010 + b"], {}, {}]",
    "empty": b"",
}


@pytest.mark.parametrize("body", KOMBU_ONLY_BODIES.values(), ids=KOMBU_ONLY_BODIES.keys())
def test_a_json_body_is_read_as_kombu_reads_it(body):
    message = read_envelope(envelope(body, celery_headers("k-1")), "q", accept=ACCEPT)
    try:
        expected = loads(body, "application/json", "utf-8", accept=ACCEPT)
    except Exception as exc:  # noqa: BLE001 - kombu's refusal is the row's note
        assert not message.decoded and message.body_note.startswith("a body that does not decode"), exc
    else:
        assert message.decoded and repr(message.body) == repr(expected)


def test_an_envelope_is_read_as_json_reads_it():
    huge = 2**64
    message = read_envelope(
        envelope(v2_body(), {**celery_headers("k-2"), "retries": huge, "low": -(2**63) - 1}), "q", accept=ACCEPT
    )
    assert message.retries == huge and message.headers["low"] == -(2**63) - 1  # integers, not floats
    surrogate = read_envelope(envelope(v2_body(), {**celery_headers("k-3"), "note": "\ud800"}), "q", accept=ACCEPT)
    assert surrogate.headers["note"] == "\ud800" and surrogate.id == "k-3"
    with_nan = json.dumps({"body": "", "headers": {"task": "t", "eta": float("nan")}}).encode()
    assert math.isnan(read_envelope(with_nan, "q", accept=ACCEPT).headers["eta"])  # read as json reads it
    deep = json.dumps({"body": "", "x": 0}).replace("0", "[" * 1010 + "]" * 1010).encode()
    assert "not JSON" in read_envelope(deep, "q", accept=ACCEPT).error  # json gives up before orjson would


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("tasks.add", "tasks.add"),
        ("tâches.ajouter", "tâches.ajouter"),
        ("tasks.\ud800add", "tasks.\ufffdadd"),
        ("tasks.add\x07\n", "tasks.add\\x07\\n"),
        ("\u202etxt.exe", "\\u202etxt.exe"),
    ],
    ids=["plain", "accents", "lone-surrogate", "controls", "right-to-left-override"],
)
def test_task_names_and_ids_from_the_cluster_reach_a_row_clean(given, shown):
    v2 = read_envelope(envelope(v2_body(), {**celery_headers("x"), "task": given, "id": given}), "q", accept=ACCEPT)
    assert v2.task == shown and v2.id == shown and v2.protocol == 2
    pickled = envelope(b"\x80", {**celery_headers("x"), "task": given, "id": given}, content_type="pickle")
    refused = read_envelope(pickled, "q", accept=ACCEPT)  # the headers alone
    assert refused.task == shown and refused.id == shown and refused.body_note
    v1 = read_envelope(envelope(json.dumps({"task": given, "id": given, "args": [], "kwargs": {}}), {}), "q", accept=ACCEPT)
    assert v1.task == shown and v1.id == shown and v1.protocol == 1
    assert MessageFilter(task=shown, id=shown).matches(v1)
    assert len(json.loads(export_json([v2, v1]))) == 2  # and the export holds them
    assert v2.headers["task"] == given  # the headers as stored, for the detail view and the export


# -- flags, times, priority -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra_headers", "delivery_info", "expected"),
    [
        ({}, {}, False),
        ({"redelivered": True}, {}, True),
        ({}, {"redelivered": True}, True),
        ({"redelivered": False}, {"redelivered": 0}, False),
    ],
    ids=["fresh", "header", "delivery-info", "false"],
)
def test_redelivered_is_read_from_the_headers_or_the_delivery_info(extra_headers, delivery_info, expected):
    info = {"exchange": "", "routing_key": "celery", **delivery_info}
    message = sent(headers={**celery_headers("r-1"), **extra_headers}, delivery_info=info)
    assert message.redelivered is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T12:00:00+00:00", T0),
        ("2026-03-01T12:00:00", T0),  # Celery writes UTC
        ("2026-03-01T14:00:00+02:00", T0),
        (T0, T0),
        (int(T0), T0),
        ("the day after tomorrow", None),
        ("", None),
        (None, None),
        (-5, None),
        (1e300, None),
        ([T0], None),
        (True, None),
    ],
)
def test_eta_and_expires_are_read_from_iso_text_or_numbers(value, expected):
    message = sent(headers={**celery_headers("e-1"), "eta": value, "expires": value})
    assert message.eta == (pytest.approx(expected) if expected is not None else None)
    assert message.expires == message.eta
    assert message.state() == ("ETA" if expected is not None else "waiting")
    body = {"task": "tasks.old", "id": "e-2", "args": [], "kwargs": {}, "eta": value, "expires": value}
    protocol1 = read_envelope(envelope(json.dumps(body), {}), "q", accept=ACCEPT)
    assert protocol1.eta == message.eta and protocol1.expires == message.eta


@pytest.mark.parametrize(
    ("priority", "expected"), [(0, 0), (9, 9), (255, 255), (True, None), ("5", None), (5.0, None), (None, None)]
)
def test_priority_is_an_integer_or_none(priority, expected):
    assert sent(priority=priority).priority == expected


def test_retries_and_origin_come_from_the_headers():
    message = sent(headers={**celery_headers("o-1"), "retries": 3, "origin": "gen42@host"})
    assert message.retries == 3 and message.origin == "gen42@host"
    fallback = sent(headers={**celery_headers("o-2"), "retries": "3", "origin": None, "hostname": "w@h"})
    assert fallback.retries is None and fallback.origin == "w@h"


def test_read_message_serves_any_broker_and_takes_the_body_size_when_the_row_has_none():
    base = QueuedMessage(queue="orders", position=4)
    message = read_message(
        base,
        v2_body(("SKU-1",)),
        content_type="application/json",
        content_encoding="utf-8",
        headers=celery_headers("amqp-1", args=("SKU-1",)),
        properties={"priority": 2},
        accept=ACCEPT,
        redelivered=True,
        exchange="orders",
        routing_key="orders.eu",
        priority=2,
    )
    assert message.size == len(v2_body(("SKU-1",))) and message.args == '["SKU-1"]' and message.redelivered
    assert message.exchange == "orders" and message.routing_key == "orders.eu" and message.priority == 2
    already = read_message(
        base,
        b"",
        content_type="",
        content_encoding="",
        headers=celery_headers("amqp-2"),
        properties={},
        accept=ACCEPT,
        error="gone",
    )
    assert already.error == "gone" and already.task == "tasks.add" and already.args == "(1, 2)"


# -- state, filter, call ---------------------------------------------------------------------------------


def test_state_puts_unreadable_first_then_held_then_eta():
    message = QueuedMessage(queue="q")
    assert message.state() == "waiting"
    assert replace(message, eta=T0).state() == "ETA"
    assert replace(message, eta=T0, delivery_tag="tag-1").state() == "unacked"
    assert replace(message, delivery_tag="tag-1", stuck=True).state() == "stuck"
    assert replace(message, delivery_tag="tag-1", stuck=True, error="garbage").state() == "unreadable"


def test_a_filter_matches_every_given_part_case_insensitively():
    message = sent("ORDER-42", args=("SKU-7",), kwargs={"warehouse": "Lyon"})
    assert not MessageFilter() and MessageFilter(text="x")
    assert MessageFilter().matches(message)
    assert MessageFilter(task="ADD").matches(message) and not MessageFilter(task="mul").matches(message)
    assert MessageFilter(id="order-4").matches(message) and not MessageFilter(id="order-5").matches(message)
    assert MessageFilter(text="lyon").matches(message) and MessageFilter(text="sku-7").matches(message)
    assert MessageFilter(task="add", id="42", text="lyon").matches(message)
    assert not MessageFilter(task="add", id="42", text="paris").matches(message)
    unreadable = read_envelope(b"\xff garbage", "q", accept=ACCEPT)
    assert MessageFilter(text="NOT JSON").matches(unreadable) and not MessageFilter(task="x").matches(unreadable)
    pickled = read_envelope(
        envelope(b"\x80\x04.", celery_headers("p-9"), content_type="application/x-python-serialize"), "q", accept=ACCEPT
    )
    assert MessageFilter(text="pickle is off").matches(pickled)


def test_call_of_gives_back_the_call_a_protocol_2_message_makes_with_the_queue_from_its_routing_key():
    message = sent(
        "c-1", args=(1, "two"), kwargs={"three": [3]}, priority=6, delivery_info={"exchange": "", "routing_key": "high"}
    )
    assert call_of(message) == CallSpec(task="tasks.add", args=(1, "two"), kwargs={"three": [3]}, queue="high", priority=6)
    via_exchange = sent("c-2", delivery_info={"exchange": "tasks", "routing_key": "eu.orders"})
    assert call_of(via_exchange).queue == "celery"  # a routing key through an exchange is no queue name
    no_key = read_envelope(envelope(v2_body(), celery_headers("c-3"), routing_key=""), "orders", accept=ACCEPT)
    assert call_of(no_key).queue == "orders"


def test_call_of_a_protocol_1_message():
    body = {"task": "tasks.mul", "id": "old-3", "args": [5, 6], "kwargs": {"k": 1}}
    message = read_envelope(envelope(json.dumps(body), {}), "celery", accept=ACCEPT)
    assert call_of(message) == CallSpec(task="tasks.mul", args=(5, 6), kwargs={"k": 1}, queue="celery", priority=0)


def test_call_of_is_none_when_the_call_is_not_known():
    assert call_of(QueuedMessage(queue="q")) is None
    assert call_of(read_envelope(b"junk", "q", accept=ACCEPT)) is None
    wrong = read_envelope(envelope(json.dumps({"x": 1}), celery_headers("w-1")), "q", accept=ACCEPT)
    assert wrong.decoded and call_of(wrong) is None
    no_task = read_envelope(envelope(v2_body(), {}), "q", accept=ACCEPT)
    assert call_of(no_task) is None
    forged = replace(sent("f-1"), body=[[1], "not kwargs", {}])
    assert call_of(forged) is None
    protocol_unknown = replace(sent("f-2"), protocol=None)
    assert call_of(protocol_unknown) is None


# -- export, outcomes -----------------------------------------------------------------------------------


def test_export_json_round_trips_every_row_and_the_stored_bytes():
    text_row = sent("x-1", args=("é", 2))
    binary_row = read_envelope(b"\xff\xfe\x00 binary junk", "celery", accept=ACCEPT, position=3, key="celery")
    held = replace(sent("x-2"), delivery_tag="tag-9", delivered_at=T0, restore_at=T0 + 3600, held_by="w1@h")
    exported = json.loads(export_json([text_row, binary_row, held]))
    assert exported == [text_row.to_json(), binary_row.to_json(), held.to_json()]
    first, second, third = exported
    assert first["stored"].encode() == text_row.raw and first["body"][0] == ["é", 2] and first["task"] == "tasks.add"
    assert second["stored"] == {"base64": base64.b64encode(binary_row.raw).decode()}
    assert base64.b64decode(second["stored"]["base64"]) == binary_row.raw
    assert second["body"] is None and second["error"] and second["position"] == 3 and second["delivery_tag"] is None
    assert third["delivery_tag"] == "tag-9" and third["restore_at"] == T0 + 3600 and third["held_by"] == "w1@h"
    assert json.loads(export_json([])) == []


def test_export_json_writes_what_json_cannot_hold_as_text():
    odd = replace(sent("y-1"), headers={"when": datetime(2026, 3, 1, tzinfo=timezone.utc), "raw": b"\x00"}, raw=b"")
    exported = json.loads(export_json([odd]))[0]
    assert exported["headers"]["raw"] == "b'\\x00'" and exported["headers"]["when"].startswith("datetime.datetime(2026")
    assert exported["stored"] is None


def test_export_json_of_a_lone_surrogate_is_text_any_file_can_hold():
    raw = json.dumps({"body": "x", "headers": {"task": "\ud800", "id": "s\udfff"}}).encode()
    message = read_envelope(raw, "q", accept=ACCEPT)
    text = export_json([message])
    text.encode("utf-8")  # a file written as UTF-8 takes it
    assert json.loads(text)[0]["headers"] == {"task": "\ud800", "id": "s\udfff"}  # and it reads back the same


def test_action_outcome_summary():
    assert ActionOutcome("delete", done=("a", "b")).summary() == "delete: 2 done"
    outcome = ActionOutcome(
        "move",
        done=("a",),
        missing=("b", "c"),
        failed=tuple((f"id-{n}", "ResponseError: WRONGTYPE") for n in range(7)),
    )
    summary = outcome.summary()
    assert summary.startswith("move: 1 done, 2 no longer there (taken by a worker or removed), 7 failed: id-0: ResponseError")
    assert "id-4" in summary and "id-5" not in summary  # the first five reasons
    assert ActionOutcome("restore", done=tuple(map(str, range(1500)))).summary() == "restore: 1,500 done"


def test_label_of_is_the_task_id_else_the_place():
    assert label_of(sent("l-1")) == "l-1"
    assert label_of(QueuedMessage(queue="orders", position=12)) == "orders#12"
    assert label_of(QueuedMessage(queue="orders")) == "orders#?"


# -- never raises -----------------------------------------------------------------------------------------

content_types = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/x-python-serialize",
            "pickle",
            "application/x-msgpack",
            "application/x-yaml",
            "application/data",
            "application/text",
            "",
        ]
    ),
    garbage.json_values,
)
encodings = st.one_of(
    st.sampled_from(["utf-8", "binary", "ascii", "latin-1", "utf-16", "rot13", "", "nope"]), garbage.json_values
)
compressions = st.one_of(
    st.sampled_from(["application/x-gzip", "gzip", "application/x-bz2", "bzip2", "application/x-lzma", "zstd", "brotli"]),
    garbage.json_values,
)
HEADER_FIELDS = {
    "task": st.one_of(st.sampled_from(["tasks.add", "tasks.mul"]), garbage.odd_text, garbage.json_values),
    "id": garbage.task_ids,
    "eta": garbage.timestamps,
    "expires": garbage.timestamps,
    "retries": st.one_of(garbage.numbers, garbage.json_values),
    "origin": garbage.json_values,
    "hostname": garbage.json_values,
    "argsrepr": garbage.json_values,
    "kwargsrepr": garbage.json_values,
    "compression": compressions,
    "redelivered": garbage.json_values,
}
bodies_raw = st.one_of(
    st.binary(max_size=200),
    st.just(v2_body()),
    st.builds(lambda v: json.dumps(v, allow_nan=True).encode("utf-8", "surrogatepass"), garbage.json_values),
    st.builds(zlib.compress, st.binary(max_size=100)),
    st.sampled_from([b"\x80\x04K\x01.", b"\x93\x92\x01\x02\x80\x80", YAML_BODY, b"[" * 5000]),
)
bodies = st.one_of(
    bodies_raw.map(lambda b: base64.b64encode(b).decode()),  # as kombu stores it
    garbage.json_values,  # anything at all where the body goes
    st.text(max_size=30),  # not base64
)
properties = st.fixed_dictionaries(
    {},
    optional={
        "body_encoding": st.one_of(st.just("base64"), garbage.json_values),
        "delivery_info": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "exchange": garbage.json_values,
                    "routing_key": garbage.json_values,
                    "redelivered": garbage.json_values,
                },
            ),
            garbage.json_values,
        ),
        "priority": st.one_of(garbage.numbers, garbage.json_values),
    },
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "body": bodies,
        "content-type": content_types,
        "content-encoding": encodings,
        "headers": st.one_of(st.fixed_dictionaries({}, optional=HEADER_FIELDS), garbage.json_values),
        "properties": st.one_of(properties, garbage.json_values),
    },
)


def assert_a_row(message: QueuedMessage, raw: bytes) -> None:
    assert isinstance(message, QueuedMessage) and message.raw == raw and message.size == len(raw)
    assert message.state() in {"unreadable", "ETA", "waiting"}
    for text in (message.task, message.id, message.args, message.kwargs, message.origin, message.error, message.body_note):
        assert isinstance(text, str)
    assert message.task.isprintable() and message.id.isprintable()  # no lone surrogate, no control character
    MessageFilter(task="a", id="b", text="c").matches(message)
    call_of(message)
    export_json([message]).encode("utf-8")


@FUZZ
@given(st.binary(max_size=500))
def test_read_envelope_never_raises_on_any_bytes(raw):
    tried("queued message bytes")
    assert_a_row(read_envelope(raw, "celery", accept=ACCEPT), raw)


@FUZZ
@given(envelopes, st.booleans())
def test_read_envelope_never_raises_on_any_envelope(value, ensure_ascii):
    """Pickle stays off: unpickling generated bytes could import and call anything."""
    tried("queued message envelope")
    raw = json.dumps(value, allow_nan=True, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")
    message = read_envelope(raw, "celery", accept=ACCEPT)
    assert_a_row(message, raw)
    if "body" in value and message.task:
        assert isinstance(value.get("headers"), dict) or message.protocol == 1
