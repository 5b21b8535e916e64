"""Celery's events off a Redis broker, read straight off the pub/sub connection.

On Redis, the event exchange is a PUBLISH of kombu's envelope on a channel per routing key
(kombu's fanout with patterns); kombu's receive path runs each one through its poller cycle, a
virtual channel's delivery, a Message, and two JSON decodes: about 180 us an event, most of the
console's CPU on a busy cluster. Here the console subscribes to the pattern kombu would subscribe
to, asked of kombu's own channel (fanout prefix, database, ``global_keyprefix``, Sentinel, TLS and
credentials all as the transport options say), and reads the replies hiredis has already parsed:
orjson for the envelope and a JSON body, kombu's ``loads`` (with the receiver's accept list) for any
other content type, and the same capped decompression. A layout this does not read
(``sentinel_fanout_compat``'s second topic) is left to kombu: ``RedisEventFeed.open`` says None.
"""

from __future__ import annotations

import base64
import binascii
import logging
import time
from collections.abc import Collection
from typing import Any

import orjson
from kombu import Connection
from kombu.serialization import loads
from kombu.utils.json import loads as kombu_json_loads

from desktop.core.cluster.key_tracking import parsed_replies
from desktop.core.domain.payloads import JSON_TYPE, MAX_MESSAGE_BYTES, decompress_capped, orjson_reads_as_kombu
from desktop.core.domain.translatable import translate

log = logging.getLogger(__name__)

# An envelope carries its body in base64 (4/3 of the body) plus headers and properties.
MAX_ENVELOPE_BYTES = MAX_MESSAGE_BYTES * 3 // 2
PING_SECONDS = 10.0  # a silent subscription is asked for a PONG this often, and taken for a half-open
SILENT_PINGS = 3  # connection when nothing came back for this many times as long
READ_AT_MOST = 5000  # messages one read hands over, however many wait
_JSON_ENCODINGS = frozenset({"utf-8", "utf8"})


class NotAnEnvelope(ValueError):
    """A message on the event channel that is not kombu's envelope, or whose body it cannot unwrap."""


def decode_event_message(data: bytes, accept: Collection[str]) -> Any:
    """The body of one message published on the event exchange, decoded as kombu's consumer would.

    ``accept`` holds content types (kombu's ``prepare_accept_content``). Raises NotAnEnvelope, kombu's
    ContentDisallowed / DecodeError (a content type not in ``accept``: pickle unless the connection opted
    in), TooLarge / NotDecompressed (payloads.decompress_capped), or ValueError for a corrupt body.
    """
    if len(data) > MAX_ENVELOPE_BYTES:
        raise NotAnEnvelope(f"an envelope of {len(data):,} bytes")
    try:  # what the envelope says is read as text; a number past 64 bits in it would change nothing read here
        envelope = orjson.loads(data)
    except orjson.JSONDecodeError:
        envelope = kombu_json_loads(data)  # NaN, a lone surrogate: kombu reads them, or says why not
    if not isinstance(envelope, dict):
        raise NotAnEnvelope("not an object")
    properties = envelope.get("properties", {})
    headers = envelope.get("headers")
    if "body" not in envelope or type(properties) is not dict or type(headers or {}) is not dict:
        raise NotAnEnvelope("no body, or properties or headers that are no objects")
    body = envelope["body"]
    content_type = envelope.get("content-type")
    content_encoding = envelope.get("content-encoding")
    body_encoding = properties.get("body_encoding")
    compression = headers.get("compression") if headers else None
    if body_encoding == "base64":
        if not isinstance(body, str):
            raise NotAnEnvelope("a base64 body that is no text")
        try:
            body = base64.b64decode(body)
        except (binascii.Error, ValueError) as exc:
            raise NotAnEnvelope(f"a body that is not base64: {exc}") from None
    elif body_encoding is not None:
        raise NotAnEnvelope(f"a body encoding kombu does not know: {str(body_encoding)[:40]!r}")
    if compression:  # at most MAX_MESSAGE_BYTES of it, whatever the method
        body = decompress_capped(body if isinstance(body, bytes) else str(body).encode(), str(compression), MAX_MESSAGE_BYTES)
    if content_type == JSON_TYPE and content_encoding in _JSON_ENCODINGS and JSON_TYPE in accept and isinstance(body, bytes):
        try:
            return _json(body)
        except ValueError:
            pass  # kombu's loads says why, in its words
    return loads(body, content_type, content_encoding, accept=accept)


def _json(raw: bytes) -> Any:
    if orjson_reads_as_kombu(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # NaN, a lone surrogate, or no JSON at all: kombu's reading, or its error
    return kombu_json_loads(raw)


class RedisEventFeed:
    """One PSUBSCRIBE to the event exchange's channels; ``read`` hands over the messages as they come."""

    def __init__(self, pubsub, topics: list[str], ping_seconds: float = PING_SECONDS):
        self.pubsub = pubsub
        self.topics = topics
        self.ping_seconds = ping_seconds
        self.subscribed = False  # the server confirmed the subscription: every event sent from now on arrives
        self._heard_at = time.monotonic()
        self._pinged_at = self._heard_at

    @classmethod
    def open(cls, connection: Connection, exchange: str, ping_seconds: float = PING_SECONDS) -> RedisEventFeed | None:
        """A feed on this kombu connection's Redis, or None where kombu's own receiver must read (not Redis,
        or a channel layout this does not follow)."""
        from kombu.transport.redis import Channel

        channel = connection.default_channel  # kombu connects and PINGs; the fanout prefix gets its database here
        topics_of = getattr(channel, "_get_publish_topics", None)  # tests/unit/test_dependency_contracts.py
        if not isinstance(channel, Channel) or topics_of is None or getattr(channel, "_fanout_compat_active", False):
            return None
        # what kombu subscribes an event receiver's queue to: its routing key "#" is "*" on Redis
        feed = cls(channel.subclient, list(topics_of(exchange, "*")), ping_seconds)
        feed.pubsub.psubscribe(*feed.topics)
        return feed

    def read(self, timeout: float) -> list[bytes]:
        """The messages published since the last read, waiting at most ``timeout`` for the first one.

        Raises redis-py's ConnectionError when the connection is lost, or has stayed silent although
        it was asked for a PONG (kombu's consumer checks its pub/sub connection the same way).
        """
        connection = self.pubsub.connection
        # PubSub's own read takes the first reply as RESP2 or RESP3 (a push) has it, and sends redis-py's health check
        first = self.pubsub.parse_response(block=False, timeout=timeout)
        now = time.monotonic()
        if first is None:
            silent = self.ping_seconds * SILENT_PINGS
            if now - self._heard_at >= silent:
                from redis.exceptions import ConnectionError

                said = translate(
                    "redis_events", "the broker sent nothing for {seconds} s, not even a PONG"
                )  # the stream's status
                raise ConnectionError(said.format(seconds=f"{silent:g}"))
            if now - max(self._heard_at, self._pinged_at) >= self.ping_seconds:
                connection.send_command("PING")
                self._pinged_at = now
            return []
        messages: list[bytes] = []
        reply = first
        while True:  # what the socket holds now, up to a batch: one read of many replies, not one read each
            self._take(reply, messages)
            for reply in parsed_replies(connection):
                self._take(reply, messages)
            if len(messages) >= READ_AT_MOST or not connection.can_read(timeout=0):
                break
            reply = self.pubsub.parse_response(block=False, timeout=0)
        self._heard_at = now
        return messages

    def _take(self, reply, messages: list[bytes]) -> None:
        if not isinstance(reply, list) or not reply:  # hiredis's RESP3 push is a list too
            return
        kind = reply[0]
        if (kind == b"pmessage" or kind == "pmessage") and len(reply) == 4:
            data = reply[3]
            messages.append(data if isinstance(data, bytes) else str(data).encode())
        elif kind == b"psubscribe" or kind == "psubscribe":
            self.subscribed = True
