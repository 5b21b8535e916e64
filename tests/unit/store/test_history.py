"""The history file: round trips, retention, files it cannot use, and the writer thread (no network, no Qt)."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.store.history import (
    SCHEMA_VERSION,
    HistoryDatabase,
    HistoryRecorder,
    HistoryState,
    HistoryUnavailable,
    Retention,
    open_recorder,
)
from tests.support.mounts import tmpfs

DAY = 86400.0


def full_record(task_id: str = "t1", **fields) -> TaskRecord:
    values = dict(
        id=task_id,
        name="tasks.add",
        state="FAILURE",
        args="2, 3",
        kwargs="flag=true",
        progress=Progress(3, 4),
        result="ValueError: boom",
        exc_type="ValueError",
        traceback='Traceback (most recent call last):\n  File "x.py", line 1\nValueError: boom',
        worker="w1@host",
        retries=2,
        error="",
        parent_id="p0",
        children=("c1", "c2"),
        eta=1_700_000_100.0,
        sent_at=1_700_000_000.0,
        started_at=1_700_000_001.0,
        date_done=1_700_000_002.5,
        mine=True,
        meta={"status": "FAILURE", "result": {"exc_type": "ValueError"}},
    )
    values.update(fields)
    return TaskRecord(**values)


@pytest.fixture
def database(tmp_path):
    db = HistoryDatabase(tmp_path / "history.sqlite3")
    assert db.open() == ""
    yield db
    db.close()


def test_a_record_comes_back_whole_and_profiles_stay_apart(database):
    record = full_record()
    database.save("prod", [record, full_record("t2", mine=False, progress=None, children=())], now=1000.0)
    database.save("staging", [full_record("t3")], now=1000.0)
    loaded = database.load("prod")
    assert [r.id for r in loaded] == ["t1", "t2"]
    assert loaded[0] == record and loaded[0].meta == record.meta  # every field, meta included
    assert loaded[1].mine is False and loaded[1].progress is None
    assert [r.id for r in database.load("staging")] == ["t3"]


def test_a_later_state_replaces_the_row_and_keeps_when_it_was_first_seen(database):
    database.save("p", [full_record("a", state="STARTED")], now=100.0)
    database.save("p", [full_record("b")], now=200.0)
    database.save("p", [full_record("a", state="SUCCESS", result="5")], now=300.0)
    loaded = database.load("p")
    assert [(r.id, r.state) for r in loaded] == [("a", "SUCCESS"), ("b", "FAILURE")]  # a was seen first
    assert database.count("p") == 2


def test_retention_drops_by_age_then_by_count(database):
    now = 100 * DAY
    database.save("p", [full_record(f"old{i}") for i in range(3)], now=now - 40 * DAY)
    database.save("p", [full_record(f"mid{i}") for i in range(3)], now=now - 10 * DAY)
    database.save("p", [full_record(f"new{i}") for i in range(3)], now=now - 1 * DAY)
    database.save("other", [full_record("keep")], now=now - 400 * DAY)
    assert database.apply_retention("p", Retention(max_age_days=30, max_rows=100), now) == 3
    assert database.apply_retention("p", Retention(max_age_days=30, max_rows=4), now) == 2
    assert sorted(r.id for r in database.load("p")) == ["mid2", "new0", "new1", "new2"]
    assert [r.id for r in database.load("other")] == ["keep"]  # another profile's rules are its own


def test_load_returns_the_newest_rows_oldest_first(database):
    for i in range(10):
        database.save("p", [full_record(f"t{i}")], now=float(i))
    assert [r.id for r in database.load("p", limit=3)] == ["t7", "t8", "t9"]


def test_a_corrupt_file_is_moved_aside_and_a_new_history_starts(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    db = HistoryDatabase(path)
    note = db.open()
    assert "moved to history.unreadable-" in note and "not a readable history file" in note
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("history.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    db.save("p", [full_record()], now=1.0)
    assert db.count() == 1
    db.close()


def test_a_file_from_a_newer_version_is_moved_aside_never_overwritten(tmp_path):
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("INSERT INTO future VALUES (42)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    db = HistoryDatabase(path)
    assert "newer version" in db.open()
    db.close()
    aside = next(p for p in tmp_path.iterdir() if p.name.startswith("history.unreadable-") and p.suffix == ".sqlite3")
    assert sqlite3.connect(aside).execute("SELECT x FROM future").fetchone() == (42,)


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """A folder nobody here can write to: its write permission taken away, or, for root (who writes through
    permissions), a tmpfs mounted read-only on it."""
    if os.geteuid() == 0:
        with tmpfs(folder, "ro,size=64k"):
            yield folder
        return
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        yield folder
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_read_only_folder_is_reported_not_raised_into_the_window(tmp_path):
    with read_only_folder(tmp_path / "ro") as folder:
        with pytest.raises(OSError):
            (folder / "probe").write_text("")  # the folder really is read-only for this process
        recorder, note = open_recorder("p", folder / "history.sqlite3")
        assert recorder is None and "runs without history" in note


def test_a_folder_that_cannot_exist_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(HistoryUnavailable, match="cannot be created"):
        HistoryDatabase(blocker / "sub" / "history.sqlite3").open()
    recorder, note = open_recorder("p", blocker / "sub" / "history.sqlite3")
    assert recorder is None and "runs without history" in note


def test_the_recorder_writes_the_latest_state_in_batches_and_forgets_on_request(database):
    recorder = HistoryRecorder(database, "p", flush_seconds=0.05)
    recorder.start()
    try:
        recorder.record([full_record("a", state="STARTED"), full_record("b")])
        recorder.record([full_record("a", state="SUCCESS", result="5")])
        assert recorder.flush()
        assert {r.id: r.state for r in database.load("p")} == {"a": "SUCCESS", "b": "FAILURE"}
        recorder.forget(["b"])
        assert recorder.flush()
        assert [r.id for r in database.load("p")] == ["a"]
        recorder.clear()
        assert recorder.flush()
        assert database.count("p") == 0
        assert recorder.status.state is HistoryState.OK
    finally:
        recorder.stop()


def test_a_failing_write_turns_history_off_with_a_message_and_nothing_raises(tmp_path):
    db = HistoryDatabase(tmp_path / "history.sqlite3")
    db.open()
    seen = []
    recorder = HistoryRecorder(db, "p", flush_seconds=0.01, on_status=seen.append)
    recorder.start()
    try:

        def disk_full(*_args, **_kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        db.save = disk_full
        recorder.record([full_record()])
        assert recorder.flush()
        assert recorder.status.state is HistoryState.UNAVAILABLE and "disk is full" in recorder.status.message
        assert seen and seen[-1].state is HistoryState.UNAVAILABLE
        recorder.record([full_record("later")])  # ignored from now on, without an error
        assert recorder.flush()
    finally:
        recorder.stop()


def test_a_version_1_file_migrates_and_keeps_its_rows(tmp_path):
    from desktop.core.store.history import SCHEMA, TASK_COLUMNS, row_of

    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)  # the file as the first version of the history wrote it
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute(
        f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}) VALUES ({', '.join('?' * len(TASK_COLUMNS))})",
        row_of("p", full_record(), 5.0),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    db = HistoryDatabase(path)
    assert db.open() == ""  # migrated in place, not moved aside
    assert db.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert db.load("p") == [full_record()]
    assert db.load_calls("p", ["t1"]) == {}  # the calls table exists, empty
    assert db.load_workflows("p", ["t1"]) == []  # so does the workflows table
    db.close()


def test_workflows_are_kept_while_their_first_step_is(database):
    from desktop.core.domain.calls import CallDraft
    from desktop.core.domain.canvas import Chain, Step, validate
    from desktop.core.domain.workflows import plan

    node = Chain((Step(CallDraft("tasks.add", args_json="[1, 2]")), Step(CallDraft("tasks.mul", args_json="[3]"))))
    run = plan(node, validate(node).specs, sent_at=5.0).run
    first, second = run.step_ids
    database.save("p", [TaskRecord(id=first, mine=True), TaskRecord(id=second, mine=True)], 10.0, workflows=[run])
    assert database.load_workflows("p", [first]) == [run]
    assert database.load_workflows("p", [second]) == []  # found by its first step
    assert database.load_workflows("q", [first]) == []  # another connection's
    database.apply_retention("p", Retention(max_age_days=1, max_rows=1), 10.0)  # keeps the newest row only
    kept = {r.id for r in database.load("p")}
    assert database.load_workflows("p", kept) == ([run] if first in kept else [])
    database.save("p", [TaskRecord(id=first, mine=True)], 10.0, workflows=[run])
    database.forget("p", [run.id])
    assert database.load_workflows("p", [first]) == []


def test_calls_are_kept_with_their_task_and_go_with_it(database):
    from datetime import datetime, timezone

    from desktop.core.domain.calls import CallSpec, LinkSpec, RetryPolicy

    spec = CallSpec(
        "tasks.add",
        (2, 3),
        {"note": "x"},
        eta=datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc),
        queue="fast",
        priority=7,
        retry=True,
        retry_policy=RetryPolicy(max_retries=2, interval_start=0.5),
        link=(LinkSpec("tasks.mul", (10,)),),
    ).with_ids()
    other = CallSpec("tasks.mul", (1, 1)).with_ids()
    recorder = HistoryRecorder(database, "p", flush_seconds=0.01, clock=lambda: 1.0)  # first seen at t=1 s
    recorder.start()
    try:
        recorder.record_calls({spec.task_id: spec, other.task_id: other})
        recorder.record([full_record(spec.task_id), full_record(other.task_id)])
        assert recorder.flush()
        assert database.load_calls("p", [spec.task_id, other.task_id]) == {spec.task_id: spec, other.task_id: other}
        recorder.forget([other.task_id])
        assert recorder.flush()
        assert database.load_calls("p", [spec.task_id, other.task_id]) == {spec.task_id: spec}
    finally:
        recorder.stop()
    database.save("p", [full_record("late")], now=10 * DAY)
    database.apply_retention("p", Retention(max_age_days=30, max_rows=1), now=10 * DAY)
    assert database.load_calls("p", [spec.task_id]) == {}  # its task went: so did the call


def test_the_newest_runs_of_each_task_name_come_back_for_the_schedules_tab(database):
    for i in range(8):
        database.save("p", [full_record(f"add{i}", name="tasks.add", state="SUCCESS", worker="w@h")], now=float(i))
    database.save("p", [full_record("mul0", name="tasks.mul", state="FAILURE")], now=3.5)
    database.save("other", [full_record("add-elsewhere", name="tasks.add")], now=99.0)
    runs = database.newest_by_name("p", ["tasks.add", "tasks.mul", "tasks.none"], per_name=3)
    assert [run.task_id for run in runs["tasks.add"]] == ["add7", "add6", "add5"]
    assert runs["tasks.add"][0].state == "SUCCESS" and runs["tasks.add"][0].worker == "w@h"
    assert [run.task_id for run in runs["tasks.mul"]] == ["mul0"] and runs["tasks.none"] == []
