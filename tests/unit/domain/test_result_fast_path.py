"""The fast reading of stored results gives what the general one (kombu's loads) gives, field for field."""

import dataclasses
import datetime
import json
import uuid

import pytest
from celery import Celery
from hypothesis import given, settings
from hypothesis import strategies as st
from kombu.serialization import loads

from desktop.core.domain.records import StoredMeta, TaskRecord
from desktop.core.domain.results import plain_json, record_from_decoded, record_from_raw, short_json
from desktop.core.store.history import HistoryDatabase

BACKEND = Celery("t", backend="redis://127.0.0.1:1/0", set_as_current=False).backend  # result_serializer json
BASE = TaskRecord(id="t-1")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
metas = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["PENDING", "STARTED", "PROGRESS", "SUCCESS", "FAILURE", "RETRY", "REVOKED", "CUSTOM"]),
        "result": json_values
        | st.fixed_dictionaries({"current": st.integers(0, 100), "total": st.integers(0, 100)})
        | st.fixed_dictionaries({"exc_type": st.text(max_size=10), "exc_message": st.lists(st.text(max_size=10))}),
        "traceback": st.none() | st.text(max_size=50),
        "children": st.just([]),
        "date_done": st.none() | st.just("2026-12-05T06:00:00.123456"),
        "name": st.text(max_size=20),
        "args": st.lists(json_values, max_size=3),
        "kwargs": st.dictionaries(st.text(max_size=5), json_values, max_size=3),
        "worker": st.text(max_size=10),
        "retries": st.integers(-1, 5),
        "parent_id": st.none() | st.text(max_size=40),
    }
)


def encoded(meta: dict) -> bytes:
    raw = BACKEND.encode(meta)
    return raw.encode() if isinstance(raw, str) else raw


def by_kombu(raw: bytes) -> TaskRecord:
    """The general path: kombu's loads, then the same record building."""
    return record_from_decoded(BASE, loads(raw, BACKEND.content_type, BACKEND.content_encoding, accept={"application/json"}))


@settings(max_examples=500, deadline=None)
@given(metas)
def test_the_fast_path_builds_the_record_the_general_one_builds(meta):
    raw = encoded(meta)
    fast, general = record_from_raw(BASE, raw, BACKEND, allow_pickle=False), by_kombu(raw)
    assert isinstance(fast.meta, StoredMeta) == (plain_json(raw, BACKEND) is not None)
    fields = [f.name for f in dataclasses.fields(TaskRecord) if f.name not in ("updated_at", "started_at")]
    assert {f: getattr(fast, f) for f in fields} == {f: getattr(general, f) for f in fields}
    assert (fast.started_at is None) == (general.started_at is None)
    assert dict(fast.meta) == dict(general.meta) == json.loads(raw)


def test_kombu_typed_values_are_read_by_kombu():
    """A datetime in a result is stored as {"__type__": "datetime", ...}: kombu turns it back into one."""
    moment = datetime.datetime(2026, 12, 5, 6, 0, tzinfo=datetime.timezone.utc)
    raw = encoded({"status": "SUCCESS", "result": {"at": moment, "id": uuid.UUID(int=1)}})
    assert plain_json(raw, BACKEND) is None
    record = record_from_raw(BASE, raw, BACKEND, allow_pickle=False)
    assert record.meta["result"]["at"] == moment and not isinstance(record.meta, StoredMeta)
    assert record.state == "SUCCESS" and "datetime.datetime(2026, 12, 5, 6, 0" in record.result


@pytest.mark.parametrize(
    "raw",
    [
        b'{"status": "SUCCESS", "result": NaN}',  # json.loads reads NaN, orjson does not
        b'{"status": "SUCCESS", "result": "\\ud800"}',  # a lone surrogate
        b'{"status": "SUCCESS", "result": 123456789012345678901234567890}',  # past 64 bits
    ],
)
def test_what_orjson_refuses_is_read_as_before(raw):
    record = record_from_raw(BASE, raw, BACKEND, allow_pickle=False)
    assert record.state == "SUCCESS" and not record.error
    assert record == by_kombu(raw)


def test_garbage_and_other_shapes_are_not_taken_by_the_fast_path():
    assert plain_json(b'["SUCCESS"]', BACKEND) is None
    assert plain_json(b'{"status": ', BACKEND) is None
    record = record_from_raw(BASE, b'{"status": ', BACKEND, allow_pickle=False)
    assert record.state == "PENDING" and record.error.startswith("undecodable result")


def test_stored_meta_is_decoded_only_when_read_and_saved_as_its_json(tmp_path):
    raw = encoded({"status": "SUCCESS", "result": {"answer": 42}, "task_id": "t-1"})
    record = record_from_raw(BASE, raw, BACKEND, allow_pickle=False)
    assert record.meta._value is None  # the row did not need the tree
    assert record.meta["result"] == {"answer": 42} and record.meta == json.loads(raw)
    database = HistoryDatabase(tmp_path / "history.sqlite3")
    assert database.open() == ""
    try:
        database.save("p", [record], now=1000.0)
        [loaded] = database.load("p")
    finally:
        database.close()
    assert loaded == record and loaded.meta == json.loads(raw) and isinstance(loaded.meta, dict)


def test_evolve_is_replace():
    record = TaskRecord(id="a", name="n", retries=2)
    assert record.evolve({"state": "SUCCESS", "retries": 3}) == dataclasses.replace(record, state="SUCCESS", retries=3)
    assert record.evolve({}) == record and record.evolve({}) is not record
    with pytest.raises(TypeError, match="no field 'stat'"):
        record.evolve({"stat": "SUCCESS"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.evolve({"state": "X"}).state = "Y"


@settings(max_examples=300, deadline=None)
@given(json_values | st.sets(st.integers(), max_size=3) | st.builds(object))
def test_short_json_is_json_dumps(value):
    expected = json.dumps(value, ensure_ascii=False, default=repr)
    expected = expected if len(expected) <= 2000 else expected[:1999] + "…"
    assert short_json(value) == expected.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
