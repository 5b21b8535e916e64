"""decode_event_message reads an envelope on the event exchange as kombu's consumer reads it, or refuses it as kombu would.

Envelopes are made by kombu itself (a virtual channel's ``prepare_message``, as the Redis transport
publishes them) and read back both ways: by kombu's Message and by the console's decoder.
"""

from __future__ import annotations

import base64
import json
import math
import pickle
import zlib
from datetime import datetime, timezone

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kombu import Connection
from kombu.exceptions import ContentDisallowed, DecodeError
from kombu.serialization import dumps, prepare_accept_content

from desktop.core.cluster.redis_events import MAX_ENVELOPE_BYTES, NotAnEnvelope, decode_event_message
from desktop.core.domain.payloads import MAX_MESSAGE_BYTES, NotDecompressed, TooLarge
from tests.support import garbage

JSON_ONLY = prepare_accept_content({"json"})
WITH_PICKLE = prepare_accept_content({"json", "pickle"})


@pytest.fixture(scope="module")
def channel():
    with Connection("memory://") as connection:
        yield connection.default_channel


def envelope(channel, body, serializer: str = "json", headers: dict | None = None, compression: str | None = None) -> bytes:
    """What kombu's Redis transport PUBLISHes for an event: the serialized body, base64, in its JSON envelope."""
    content_type, content_encoding, data = dumps(body, serializer=serializer)
    headers = dict(headers or {})
    if compression:
        data = zlib.compress(data if isinstance(data, bytes) else data.encode())
        headers["compression"] = compression
    message = channel.prepare_message(data, 0, content_type, content_encoding, headers, {})
    message["properties"].update(body_encoding="base64", delivery_tag="tag", delivery_info={"exchange": "celeryev"})
    message["body"] = base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()
    return json.dumps(message).encode()


def kombu_reads(channel, raw: bytes, accept):
    message = channel.Message(json.loads(raw), channel=channel)
    message.accept = accept
    return message.decode()


@settings(max_examples=300, deadline=None)
@given(body=st.one_of(garbage.events(), st.lists(garbage.events(), max_size=3), garbage.json_values))
def test_a_json_body_is_read_as_kombu_reads_it(channel, body):
    raw = envelope(channel, body)
    # repr, not ==: a NaN anywhere in the body is read by both, and NaN != NaN
    assert repr(decode_event_message(raw, JSON_ONLY)) == repr(kombu_reads(channel, raw, JSON_ONLY))


def test_values_orjson_would_read_otherwise_are_read_as_kombu_reads_them(channel):
    """An integer past 64 bits (orjson: a float), kombu's typed datetime, NaN (orjson refuses it)."""
    moment = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
    body = {"type": "task-received", "big": 2**70, "eta": moment, "score": math.inf}
    got = decode_event_message(envelope(channel, body), JSON_ONLY)
    assert got["big"] == 2**70 and isinstance(got["big"], int)
    assert got["eta"] == moment
    assert got["score"] == math.inf


def test_pickle_is_refused_unless_the_connection_opted_in(channel, tmp_path):
    event = {"type": "worker-heartbeat", "hostname": "p@h"}
    raw = envelope(channel, event, serializer="pickle")
    with pytest.raises(ContentDisallowed):
        decode_event_message(raw, JSON_ONLY)
    assert decode_event_message(raw, WITH_PICKLE) == event


def test_a_compressed_body_is_decompressed_up_to_the_limit_only(channel):
    event = {"type": "worker-heartbeat", "hostname": "z@h"}
    assert decode_event_message(envelope(channel, event, compression="application/x-gzip"), JSON_ONLY) == event

    bomb = zlib.compress(b" " * (MAX_MESSAGE_BYTES + 1))
    message = json.loads(envelope(channel, event, compression="application/x-gzip"))
    message["body"] = base64.b64encode(bomb).decode()
    with pytest.raises(TooLarge):
        decode_event_message(json.dumps(message).encode(), JSON_ONLY)

    with pytest.raises(NotDecompressed):
        decode_event_message(envelope(channel, event, compression="application/x-bogus"), JSON_ONLY)


@pytest.mark.parametrize(
    "raw",
    [
        b"[]",
        b'"text"',
        b"12",
        b"{}",
        b'{"body": 1, "properties": {"body_encoding": "base64"}}',
        b'{"body": "not base64!", "properties": {"body_encoding": "base64"}}',
        b'{"body": "eA==", "properties": {"body_encoding": "rot13"}}',
        b'{"body": "eA==", "properties": []}',
        b'{"body": "eA==", "headers": "none"}',
        b"not json at all",
        b"\xff\xfe",
    ],
)
def test_what_is_not_kombus_envelope_is_refused(raw):
    with pytest.raises(ValueError):
        decode_event_message(raw, JSON_ONLY)


def test_an_envelope_past_the_size_limit_is_refused_before_it_is_parsed():
    raw = b'{"body": "' + b"A" * MAX_ENVELOPE_BYTES + b'"}'
    with pytest.raises(NotAnEnvelope, match="bytes"):
        decode_event_message(raw, JSON_ONLY)


def test_a_json_body_that_is_not_json_is_a_decode_error(channel):
    message = json.loads(envelope(channel, {"type": "x"}))
    message["body"] = base64.b64encode(b"{not json").decode()
    with pytest.raises(DecodeError):
        decode_event_message(orjson.dumps(message), JSON_ONLY)


def test_an_unpicklable_pickle_is_never_loaded_without_the_opt_in(channel, tmp_path):
    marker = tmp_path / "unpickled"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    message = json.loads(envelope(channel, {"type": "x"}))
    message["content-type"] = "application/x-python-serialize"
    message["content-encoding"] = "binary"
    message["body"] = base64.b64encode(pickle.dumps(Evil())).decode()
    with pytest.raises(ContentDisallowed):
        decode_event_message(json.dumps(message).encode(), JSON_ONLY)
    assert not marker.exists()
