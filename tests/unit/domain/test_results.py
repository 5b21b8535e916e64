import math
import pickle

import pytest
from kombu.exceptions import ContentDisallowed, DecodeError

from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.domain.results import decode_error_message, progress_from, record_from_meta

BASE = TaskRecord(id="t-1", name="tasks.add", args="[2, 2]")


def test_progress_meta():
    record = record_from_meta(BASE, {"status": "PROGRESS", "result": {"current": 3, "total": 10}})
    assert record.state == "PROGRESS"
    assert record.progress == Progress(3.0, 10.0)
    assert record.progress.fraction == pytest.approx(0.3)
    assert not record.ready


def test_success_result_is_json():
    record = record_from_meta(BASE, {"status": "SUCCESS", "result": 4, "traceback": None})
    assert record.state == "SUCCESS"
    assert record.result == "4"
    assert record.ready
    assert record.error == ""
    assert record.traceback == ""


def test_success_with_structured_result():
    record = record_from_meta(BASE, {"status": "SUCCESS", "result": {"sku": "A1", "ok": True}})
    assert record.result == '{"sku": "A1", "ok": true}'


def test_success_after_progress_completes_bar():
    running = record_from_meta(BASE, {"status": "PROGRESS", "result": {"current": 3, "total": 10}})
    done = record_from_meta(running, {"status": "SUCCESS", "result": None})
    assert done.progress == Progress(10.0, 10.0)
    assert done.result == "null"


def test_failure_describes_exception_and_keeps_traceback():
    traceback = 'Traceback (most recent call last):\n  File "x.py", line 1\nInventoryError: cannot reserve\n'
    meta = {
        "status": "FAILURE",
        "result": {"exc_type": "InventoryError", "exc_message": ["cannot reserve"], "exc_module": "x"},
        "traceback": traceback,
    }
    record = record_from_meta(BASE, meta)
    assert record.state == "FAILURE"
    assert record.result == "InventoryError: cannot reserve"
    assert record.traceback == traceback
    assert record.progress is None
    assert record.ready


def test_custom_state_kept():
    record = record_from_meta(BASE, {"status": "UPLOADING", "result": {"file": "a.csv"}})
    assert record.state == "UPLOADING"
    assert record.result == '{"file": "a.csv"}'
    assert record.progress is None


def test_meta_fields_fill_record():
    record = record_from_meta(TaskRecord(id="t-2"), {"status": "STARTED", "name": "tasks.mul", "args": [3, 4], "worker": "w1@h"})
    assert (record.name, record.args, record.worker) == ("tasks.mul", "[3, 4]", "w1@h")
    assert record.result == ""


def test_none_meta_leaves_record_unchanged():
    assert record_from_meta(BASE, None) is BASE


@pytest.mark.parametrize(
    ("meta", "shown"),
    [
        ([1, 2, 3], "[1, 2, 3]"),
        ("garbage", '"garbage"'),
        ({"result": 4}, '{"result": 4}'),
        ({"status": 7, "result": 4}, '"status": 7'),
    ],
)
def test_garbage_meta_sets_error(meta, shown):
    record = record_from_meta(BASE, meta)
    assert record.error.startswith("unreadable result: expected a task meta object")
    assert shown in record.error
    assert record.state == BASE.state
    assert record.result == ""


def test_good_meta_clears_previous_error():
    broken = record_from_meta(BASE, "garbage")
    assert record_from_meta(broken, {"status": "SUCCESS", "result": 1}).error == ""


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ({"current": 3, "total": 10}, Progress(3.0, 10.0)),
        ({"percent": 42}, Progress(42.0, 100.0)),
        ({"progress": 7.5}, Progress(7.5, 100.0)),
        ({"current": True, "total": 10}, None),
        ({"current": 3, "total": False}, None),
        ({"percent": True}, None),
        ({"current": math.nan, "total": 10}, None),
        ({"percent": math.nan}, None),
        ({"current": "3", "total": "10"}, None),
        ([3, 10], None),
        (None, None),
    ],
)
def test_progress_from(result, expected):
    assert progress_from(result) == expected


def test_progress_fraction_is_clamped():
    assert Progress(15, 10).fraction == 1.0
    assert Progress(-1, 10).fraction == 0.0
    assert Progress(1, 0).fraction == 0.0


def test_pickle_payload_message():
    raw = pickle.dumps({"status": "SUCCESS", "result": 4})
    assert raw[:1] == b"\x80"
    message = decode_error_message(raw, DecodeError("bad json"), allow_pickle=False)
    assert "pickle" in message
    assert "--allow-pickle" in message


def test_content_disallowed_message():
    message = decode_error_message(b"\x80\x04junk", ContentDisallowed("Refusing to deserialize"), allow_pickle=False)
    assert "pickle" in message
    assert "--allow-pickle" in message


def test_undecodable_payload_message():
    message = decode_error_message(b"{not json", DecodeError("Expecting property name"), allow_pickle=False)
    assert message.startswith("undecodable result (9 bytes)")
    assert "Expecting property name" in message
    assert "pickle" not in message


def test_pickle_allowed_but_still_unreadable_is_not_blamed_on_pickle_setting():
    message = decode_error_message(b"\x80\x04junk", ValueError("truncated"), allow_pickle=True)
    assert "--allow-pickle" not in message
    assert "truncated" in message


def test_with_the_opt_in_a_pickled_result_is_decoded_even_when_the_console_reads_json():
    from celery import Celery

    from desktop.core.domain.records import TaskRecord
    from desktop.core.domain.results import record_from_raw

    backend = Celery("t", backend="redis://127.0.0.1:1/0", set_as_current=False).backend  # result_serializer json
    raw = pickle.dumps({"status": "SUCCESS", "result": {"answer": 42}, "task_id": "p1"})
    refused = record_from_raw(TaskRecord(id="p1"), raw, backend, allow_pickle=False)
    assert refused.state == "PENDING" and "--allow-pickle" in refused.error
    decoded = record_from_raw(TaskRecord(id="p1"), raw, backend, allow_pickle=True)
    assert decoded.state == "SUCCESS" and "42" in decoded.result and not decoded.error
