"""Property-based: whatever a result backend holds, decoding it gives a record the views, the dump and
the history can take, or a message on the row; it never raises. Also the focused cases the fuzzing found."""

from __future__ import annotations

import json
import math
import pickle
import tempfile
from pathlib import Path

import pytest
from celery import states
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kombu.exceptions import ContentDisallowed

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.events import EventStore
from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.domain.results import (
    MAX_NESTING,
    clean_text,
    merge_event_view,
    parse_timestamp,
    progress_from,
    record_from_meta,
    record_from_raw,
    short_json,
)
from desktop.core.store.history import HistoryDatabase
from tests.support import garbage
from tests.support.fuzzing import tried
from tests.support.record_checks import assert_showable, record_problems

BACKEND = build_console_app(ConnectionProfile(backend_url="redis://127.0.0.1:9/0")).backend
BASES = [
    TaskRecord(id="t-1"),
    TaskRecord(id="t-2", name="tasks.add", progress=Progress(3.0, 10.0), state="PROGRESS", started_at=1_795_600_000.0),
    TaskRecord(id="t-3", parent_id="p-1", children=("c-1",), retries=2, mine=True),
]
FUZZ = settings(max_examples=150, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def history():
    with tempfile.TemporaryDirectory() as folder:
        database = HistoryDatabase(Path(folder) / "history.sqlite3")
        database.open()
        yield database
        database.close()


def _events_record(task_id: str) -> TaskRecord:
    store = EventStore()
    t0 = 1_795_600_000.0
    store.apply(
        [
            {"type": "task-received", "uuid": task_id, "hostname": "w@h", "timestamp": t0, "name": "tasks.add"},
            {"type": "task-started", "uuid": task_id, "hostname": "w@h", "timestamp": t0 + 1},
        ]
    )
    return store.to_record(task_id)


@FUZZ
@given(st.lists(garbage.payloads(), min_size=1, max_size=12), st.sampled_from(BASES))
def test_fuzz_any_stored_value_becomes_a_showable_record_or_a_row_message(history, stored, base):
    records = []
    for kind, raw in stored:
        tried("backend payloads (decode)")
        record = record_from_raw(base, raw, BACKEND, allow_pickle=False)
        if record.error:
            assert record.state == base.state and record.result == base.result, (kind, record)
            assert record.error.isprintable() and len(record.error) < 600, (kind, record.error)
        if kind == "pickle" and raw[:1] == b"\x80":
            assert "--allow-pickle" in record.error
        if kind in ("deep", "deep-result") and raw.count(b"[") + raw.count(b"{") > MAX_NESTING:
            assert record.error, f"{kind}: nested {raw.count(b'[') + raw.count(b'{')} deep, shown: {record}"
        records.append(record)
        records.append(merge_event_view(record, _events_record(base.id)))
    assert_showable(records, history)


@FUZZ
@given(st.lists(garbage.any_meta, min_size=1, max_size=12), st.sampled_from(BASES))
def test_fuzz_any_decoded_meta_is_folded_without_raising(history, metas, base):
    """record_from_meta itself (record_from_raw also catches what it raises: this finds it)."""
    records = []
    for meta in metas:
        tried("backend metas (fold)")
        record = record_from_meta(base, meta)
        status = meta.get("status") if isinstance(meta, dict) else None
        if isinstance(status, str) and status.strip():
            assert not record.error and record.state == clean_text(status[:100])
        else:
            assert record.error or meta is None
        records.append(record)
    assert_showable(records, history)


@FUZZ
@given(garbage.progress)
def test_fuzz_progress_is_finite_or_none(result):
    tried("progress meta")
    found = progress_from(result)
    if found is not None:
        assert math.isfinite(found.current) and math.isfinite(found.total) and 0.0 <= found.fraction <= 1.0


# -- what the fuzzing found, one case each --------------------------------------------------------


def test_a_huge_progress_number_is_no_progress():
    # float(10**400) raises OverflowError: the whole poll tick used to fail on it
    assert progress_from({"current": 10**400, "total": 10}) is None
    assert progress_from({"current": math.inf, "total": math.inf}) is None
    assert progress_from({"percent": -math.inf}) is None


def test_a_huge_or_distant_date_is_no_date():
    # math.isfinite(10**400) raised; 1e20 passed and broke time.localtime() in the table
    for value in (10**400, 1e20, -1.0, math.inf, "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59", "3000-01-01"):
        assert parse_timestamp(value) is None, value
    assert parse_timestamp("2026-01-01T00:00:00") == 1_767_225_600.0
    record = record_from_meta(TaskRecord(id="t"), {"status": "SUCCESS", "date_done": 1e20, "date_started": 10**400})
    assert record.date_done is None and not record_problems(record)


def test_retries_that_fit_no_cell_are_not_kept():
    # SQLite refuses an int over 2**63: the history's writer thread died on it
    for retries in (2**63, 10**30, -1):
        record = record_from_meta(TaskRecord(id="t"), {"status": "RETRY", "retries": retries})
        assert record.retries is None


def test_lone_surrogates_become_replacement_characters():
    # JSON allows "\ud800"; UTF-8 does not: SQLite, the dump and the export raised UnicodeEncodeError
    meta = json.loads(
        '{"status": "SUCC\\ud800", "name": "t\\udfff", "worker": "w\\ud800", "result": "r\\ud800",'
        ' "traceback": "tb\\ud800", "args": ["\\ud800"]}'
    )
    record = record_from_meta(TaskRecord(id="t"), meta)
    assert record.state == "SUCC\ufffd" and record.name == "t\ufffd" and "\ufffd" in record.result
    assert not record_problems(record)
    failure = record_from_meta(
        TaskRecord(id="t"),
        json.loads('{"status": "FAILURE", "result": {"exc_type": "E\\ud800", "exc_message": ["m\\ud800", {"x": 1}]}}'),
    )
    assert failure.exc_type == "E\ufffd" and failure.result == 'E\ufffd: m\ufffd, {"x": 1}'


def test_ids_that_cannot_be_ids_are_not_followed():
    # a child id with a lone surrogate made the poller's key encoding raise, and failed the tick
    children = [
        [["\ud800", None], None],
        [["x" * 256, None], None],
        [["ok-child", None], None],
        [["t", None], None],
        [[12, None], None],
    ]
    record = record_from_meta(TaskRecord(id="t"), {"status": "SUCCESS", "children": children, "parent_id": "t"})
    assert record.children == ("ok-child",)  # nor is a task its own child, or its own parent
    assert record.parent_id is None


def test_a_result_nested_past_the_limit_is_reported_not_kept():
    # json.loads took 990 levels; short_json's repr fallback then raised RecursionError past the limit
    for depth in (MAX_NESTING + 1, 990, 10_000):
        raw = ('{"status": "SUCCESS", "result": ' + garbage.nested(depth, "[") + "}").encode()
        record = record_from_raw(TaskRecord(id="t"), raw, BACKEND, allow_pickle=False)
        assert record.state == states.PENDING and record.error, depth
    shallow = ('{"status": "SUCCESS", "result": ' + garbage.nested(MAX_NESTING - 2, "[") + "}").encode()
    assert record_from_raw(TaskRecord(id="t"), shallow, BACKEND, allow_pickle=False).state == states.SUCCESS


def test_short_json_of_something_too_deep_for_repr():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert short_json(deep) == "<list that cannot be shown>"


def test_an_empty_status_is_not_a_state():
    assert record_from_meta(TaskRecord(id="t"), {"status": "  "}).error.startswith("unreadable result")


def test_a_pickle_is_refused_even_by_an_app_that_pickles_its_results():
    profile = ConnectionProfile(backend_url="redis://127.0.0.1:9/0")
    app = build_console_app(profile)
    app.conf.result_serializer = "pickle"
    raw = pickle.dumps({"status": "SUCCESS", "result": 1})
    record = record_from_raw(TaskRecord(id="t"), raw, app.backend, allow_pickle=False)
    assert record.state == states.PENDING and "--allow-pickle" in record.error
    with pytest.raises(ContentDisallowed):
        app.backend.decode(raw)
