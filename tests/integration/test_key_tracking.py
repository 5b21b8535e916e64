"""ChangedKeyReader on a real redis-server: only changed keys travel, and nothing is missed."""

from __future__ import annotations

import time

import pytest
import redis

from desktop.core.cluster.key_tracking import ChangedKeyReader
from desktop.core.runtime.demo import RedisServer
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration

DB = db("test_key_tracking", "keys")
READER_NAME = "key-tracking-test-reader"


@pytest.fixture
def server_db(redis_server):
    client = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=DB)
    client.flushdb()
    yield redis_server, client
    client.flushdb()


def reader_for(server: RedisServer, name: str | None = None, **options) -> ChangedKeyReader:
    params = {"host": "127.0.0.1", "port": server.port, "password": server.password, "db": DB, "client_name": name}
    return ChangedKeyReader(params, chunk=3, **options)


def changes(reader: ChangedKeyReader, keys: list[bytes], expected: dict, timeout: float = 10.0) -> dict:
    """What reads return until every key of ``expected`` came back (or ``timeout``), merged.

    Redis pushes an invalidation to the reader's connection when the writer changes a key: a read
    made before that push crossed the socket rightly reads nothing yet, and the next one reads it.
    No read may be a full one, nor return a key outside ``expected``: the merge shows it.
    """
    deadline = time.monotonic() + timeout
    merged: dict = {}
    while True:
        read = reader.read(keys)
        assert not read.full, read
        merged.update(read.values)
        if merged.keys() >= expected.keys() or time.monotonic() > deadline:
            return merged
        time.sleep(0.01)


def test_second_read_transfers_only_what_changed(server_db):
    server, writer = server_db
    keys = [f"k{i}".encode() for i in range(10)]
    writer.mset({k: b"v0" for k in keys[:6]})  # k6..k9 do not exist yet (queued tasks)
    reader = reader_for(server)
    try:
        first = reader.read(keys)
        assert first.tracking and first.full
        assert first.values == {k: (b"v0" if i < 6 else None) for i, k in enumerate(keys)}

        assert reader.read(keys).values == {}  # nothing changed: nothing read

        writer.set(keys[1], b"v1")
        writer.set(keys[8], b"new")  # a key that did not exist when read
        writer.delete(keys[2])
        writer.set(b"unrelated", b"x")
        expected = {keys[1]: b"v1", keys[8]: b"new", keys[2]: None}
        assert changes(reader, keys, expected) == expected

        assert reader.read(keys).values == {}
        writer.set(keys[1], b"v2")  # changed again after the re-read: still tracked
        assert changes(reader, keys, {keys[1]: b"v2"}) == {keys[1]: b"v2"}
    finally:
        reader.close()


def test_a_burst_of_invalidations_reads_exactly_the_keys_that_changed(server_db):
    """2,000 keys written at once are 2,000 invalidations: taken from hiredis's parsed replies, none missed."""
    server, writer = server_db
    keys = [f"burst{i}".encode() for i in range(3000)]
    writer.mset({k: b"v0" for k in keys})
    reader = reader_for(server)
    try:
        assert reader.read(keys).full
        changed = keys[500:2500]
        with writer.pipeline(transaction=False) as pipe:
            for key in changed:
                pipe.set(key, b"v1")
            pipe.execute()
        expected = dict.fromkeys(changed, b"v1")
        assert changes(reader, keys, expected) == expected
        assert reader.read(keys).values == {}
    finally:
        reader.close()


def test_must_read_keys_are_read_even_when_unchanged(server_db):
    server, writer = server_db
    writer.set(b"a", b"1")
    reader = reader_for(server)
    try:
        reader.read([b"a", b"b"])
        assert reader.read([b"a", b"b"], must_read=[b"a"]).values == {b"a": b"1"}
    finally:
        reader.close()


def test_flush_and_expiry_invalidate(server_db):
    server, writer = server_db
    writer.set(b"a", b"1")
    writer.set(b"b", b"2", px=150)
    reader = reader_for(server)
    try:
        reader.read([b"a", b"b"])
        deadline = time.monotonic() + 10
        while writer.get(b"b") is not None:  # an expired key is removed on access (or by the server's cycle)
            assert time.monotonic() < deadline, "b never expired"
            time.sleep(0.05)
        assert changes(reader, [b"a", b"b"], {b"b": None}) == {b"b": None}
        writer.flushdb()
        writer.set(b"a", b"again")
        expected = {b"a": b"again", b"b": None}
        assert changes(reader, [b"a", b"b"], expected) == expected
    finally:
        reader.close()


def test_a_lost_connection_raises_then_reads_everything_again(server_db):
    server, writer = server_db
    writer.mset({b"a": b"1", b"b": b"2"})
    reader = reader_for(server, name=READER_NAME)
    try:
        reader.read([b"a", b"b"])
        (reader_id,) = [c["id"] for c in writer.client_list() if c["name"] == READER_NAME]
        writer.client_kill_filter(_id=reader_id)  # drops the reader's connection, and only it
        writer.set(b"a", b"changed while disconnected")
        with pytest.raises(redis.ConnectionError):
            reader.read([b"a", b"b"])
        again = reader.read([b"a", b"b"])
        assert again.full
        assert again.values == {b"a": b"changed while disconnected", b"b": b"2"}
    finally:
        reader.close()


def test_a_periodic_full_sweep(server_db):
    server, writer = server_db
    writer.set(b"a", b"1")
    reader = reader_for(server, full_sweep_seconds=0.1)
    try:
        reader.read([b"a"])
        assert reader.read([b"a"]).values == {}
        time.sleep(0.15)  # the sweep is due by the clock alone: sleeping longer than full_sweep_seconds is the condition
        swept = reader.read([b"a"])
        assert swept.full and swept.values == {b"a": b"1"}
    finally:
        reader.close()


def test_a_server_without_tracking_gets_full_reads():
    server = RedisServer(extra_config=('rename-command CLIENT ""',))
    server.start()
    try:
        writer = redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=DB)
        writer.set(b"a", b"1")
        reader = reader_for(server)
        try:
            first = reader.read([b"a", b"b"])
            assert not first.tracking and first.full
            second = reader.read([b"a", b"b"])
            assert second.full and second.values == {b"a": b"1", b"b": None}
        finally:
            reader.close()
    finally:
        server.stop()
