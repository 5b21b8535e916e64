"""Searching the history: newest first, counts, profiles apart, the FTS5 index in step with every write, v3 files migrated."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import QueryError, parse
from desktop.core.store.history import (
    FTS_SCHEMA,
    MIGRATIONS,
    NO_FTS_NOTE,
    SCHEMA,
    SCHEMA_VERSION,
    TASK_COLUMNS,
    HistoryDatabase,
    HistoryRecorder,
    Retention,
    row_of,
)
from desktop.core.store.settings import Settings

DAY = 86400.0
NOW = 100 * DAY


def task(task_id: str, **fields) -> TaskRecord:
    values = dict(id=task_id, name="shop.tasks.charge", state="SUCCESS", args="'ORD-1', 'SKU-17'", kwargs='{"user_id": 42}')
    values.update(fields)
    return TaskRecord(**values)


@pytest.fixture
def database(tmp_path):
    db = HistoryDatabase(tmp_path / "history.sqlite3")
    db.open()
    yield db
    db.close()


def in_step(db: HistoryDatabase) -> None:
    """FTS5's own check of its index against the tasks table (raises when they differ)."""
    db.connection().execute("INSERT INTO tasks_fts (tasks_fts) VALUES ('integrity-check')")


def ids(records) -> list[str]:
    return [r.id for r in records]


def test_search_returns_the_newest_first_in_pages_with_a_count(database):
    for i in range(10):
        database.save("p", [task(f"t{i}", state="FAILURE" if i % 2 else "SUCCESS")], now=NOW - 100 + i)
    assert ids(database.search("p", "state:failure", now=NOW)) == ["t9", "t7", "t5", "t3", "t1"]
    assert ids(database.search("p", "state:failure", limit=2, offset=1, now=NOW)) == ["t7", "t5"]
    assert database.count_matching("p", "state:failure", now=NOW) == 5
    assert database.count_matching("p", "", now=NOW) == 10  # the empty query: everything
    assert ids(database.search("p", "SKU-17 -state:FAILURE", limit=3, now=NOW)) == ["t8", "t6", "t4"]
    assert database.search_note == ""


def test_a_later_state_keeps_its_place_and_is_found_by_its_new_text_only(database):
    database.save("p", [task("a", state="STARTED", result="")], now=NOW - 3)
    database.save("p", [task("b")], now=NOW - 2)
    database.save("p", [task("a", state="FAILURE", result="TimeoutError: upstream gone", exc_type="TimeoutError")], now=NOW)
    in_step(database)
    assert ids(database.search("p", "upstream", now=NOW)) == ["a"]
    assert ids(database.search("p", "SKU-17", now=NOW)) == ["b", "a"]  # a was seen first: it stays older
    database.save("p", [task("a", args="'ORD-2'")], now=NOW)  # its text changes again: the old words go
    in_step(database)
    assert ids(database.search("p", "SKU-17", now=NOW)) == ["b"]
    assert ids(database.search("p", "ORD-2", now=NOW)) == ["a"]


def test_profiles_are_searched_apart(database):
    database.save("prod", [task("p1"), task("p2", state="FAILURE")], now=NOW)
    database.save("staging", [task("s1"), task("s2", state="FAILURE")], now=NOW)
    assert ids(database.search("prod", "SKU-17", now=NOW)) == ["p2", "p1"]
    assert database.count_matching("staging", "state:FAILURE OR exc:x", now=NOW) == 1
    assert ids(database.search("staging", "state:FAILURE OR exc:x", now=NOW)) == ["s2"]


def test_forget_retention_and_clear_take_the_words_out_too(database):
    database.save("p", [task("old", args="'ancient'")], now=NOW - 40 * DAY)
    database.save("p", [task(f"t{i}", args=f"'word{i}'") for i in range(5)], now=NOW - DAY)
    database.save("q", [task("other", args="'ancient'")], now=NOW - 400 * DAY)
    database.forget("p", ["t0"])
    assert database.apply_retention("p", Retention(max_age_days=30, max_rows=3), NOW) == 2  # old; then t1
    in_step(database)
    assert ids(database.search("p", "ancient OR word0 OR word1", now=NOW)) == []
    assert ids(database.search("p", "word4 OR word3 OR word2", now=NOW)) == ["t4", "t3", "t2"]
    assert database.clear("p") == 3
    in_step(database)
    assert database.count_matching("p", "SKU", now=NOW) == 0
    assert ids(database.search("q", "ancient", now=NOW)) == ["other"]  # VACUUM kept seq: the index still points right


def test_the_recorder_writes_rows_and_their_index_in_one_transaction(database):
    recorder = HistoryRecorder(database, "p", flush_seconds=0)
    recorder.start()
    try:
        recorder.record([task(f"r{i}", result=f"total {i}") for i in range(450)])  # three chunks
        recorder.record([task("r1", result="changed")])
        assert recorder.flush()
    finally:
        recorder.stop()
    db = HistoryDatabase(database.path)
    db.open()
    in_step(db)
    assert db.count_matching("p", "total") == 449 and ids(db.search("p", "changed")) == ["r1"]
    db.close()


def test_a_bad_query_is_a_query_error_with_its_place(database):
    with pytest.raises(QueryError) as caught:
        database.search("p", "state:FAILURE since:yesterday")
    assert (caught.value.start, caught.value.end) == (20, 29)
    assert database.count_matching("p", parse("name:shop.*")) == 0  # a parsed query works as well


def test_a_search_that_finds_few_falls_back_to_the_indexes_quickly(database):
    rows = [task(f"t{i:05d}", state="SUCCESS", worker=f"w{i % 7}") for i in range(30_000)]
    rows[5] = task("rare", state="REVOKED", worker="w1")
    database.save("p", rows, now=NOW)
    import desktop.core.store.history as history

    budget = history.ORDERED_BUDGET_S
    history.ORDERED_BUDGET_S = 0.0  # the ordered scan gives way at once: the indexed plan answers
    try:
        assert ids(database.search("p", "state:REVOKED worker:w1")) == ["rare"]
        assert ids(database.search("p", "SKU state:REVOKED")) == ["rare"]
        assert ids(database.search("p", "worker:w1", limit=2)) == ["t29996", "t29989"]
    finally:
        history.ORDERED_BUDGET_S = budget


def _version_3_file(path) -> None:
    conn = sqlite3.connect(path)  # the file as version 3 of the history wrote it
    for statement in (*SCHEMA, *MIGRATIONS[2], *MIGRATIONS[3]):
        conn.execute(statement)
    columns = ", ".join(TASK_COLUMNS)
    marks = ", ".join("?" * len(TASK_COLUMNS))
    rows = [row_of("p", task("late", args="'second'"), 20.0), row_of("p", task("early", args="'first'"), 10.0)]
    rows.append(row_of("q", task("elsewhere", args="'first'"), 5.0))
    conn.executemany(f"INSERT INTO tasks ({columns}) VALUES ({marks})", rows)
    conn.execute("INSERT INTO calls (profile, task_id, spec) VALUES ('p', 'early', '{}')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def test_a_version_3_file_migrates_and_its_rows_are_searchable(tmp_path):
    path = tmp_path / "history.sqlite3"
    _version_3_file(path)
    db = HistoryDatabase(path)
    assert db.open() == ""  # migrated in place
    conn = db.connection()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    in_step(db)
    assert ids(db.load("p")) == ["early", "late"]  # first seen order kept
    assert ids(db.search("p", "first OR second")) == ["late", "early"]
    assert ids(db.search("q", "first")) == ["elsewhere"]
    assert conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"tasks_by_age", "tasks_by_time", "tasks_by_state", "tasks_by_name", "tasks_by_worker"} <= names
    db.close()
    again = HistoryDatabase(path)  # a second open finds it in step and changes nothing
    assert again.open() == ""
    assert ids(again.search("p", "first")) == ["early"]
    again.close()


def test_a_migration_that_fails_leaves_the_version_3_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    _version_3_file(path)
    broken = (*MIGRATIONS[4], "THIS IS NOT SQL")
    monkeypatch.setitem(MIGRATIONS, 4, broken)
    db = HistoryDatabase(path)
    with pytest.raises(sqlite3.OperationalError):  # moved aside whole; the new file fails the same broken step
        db.open()
    db.close()
    aside = next(tmp_path.glob("history.unreadable-*.sqlite3"))
    conn = sqlite3.connect(aside)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3  # rolled back: not half-migrated
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 3
    conn.close()


def test_without_fts5_text_is_searched_by_like_and_says_so_and_the_index_is_rebuilt_later(tmp_path):
    path = tmp_path / "history.sqlite3"
    plain = HistoryDatabase(path, fts=False)
    plain.open()
    assert plain.search_note == NO_FTS_NOTE
    plain.save("p", [task("a", result="TimeoutError: upstream gone"), task("b", args="'other'")], now=NOW)
    assert ids(plain.search("p", "stream")) == ["a"]  # a substring: LIKE
    assert ids(plain.search("p", "state:SUCCESS -other")) == ["a"]
    plain.close()

    indexed = HistoryDatabase(path)  # an SQLite with FTS5 makes the index from the rows
    indexed.open()
    in_step(indexed)
    assert ids(indexed.search("p", "upstream")) == ["a"] and indexed.search("p", "stream") == []
    indexed.close()

    plain = HistoryDatabase(path, fts=False)  # written without FTS5 again: marked out of step
    plain.open()
    plain.save("p", [task("c", args="'fresh'")], now=NOW)
    plain.forget("p", ["a"])
    plain.close()
    indexed = HistoryDatabase(path)
    indexed.open()  # ... and rebuilt on the next open with FTS5
    in_step(indexed)
    assert ids(indexed.search("p", "fresh OR upstream")) == ["c"]
    indexed.close()


def test_the_fts5_table_is_no_trigger_and_its_schema_is_the_one_written():
    assert "TRIGGER" not in FTS_SCHEMA.upper() and "content='tasks'" in FTS_SCHEMA


def test_retention_can_keep_a_million_tasks_a_profile():
    assert Settings(history_rows=1_000_000).problems() == []
