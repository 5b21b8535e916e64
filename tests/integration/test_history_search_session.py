"""The session's history search (desktop/core/live/history_search.py) on a real history file, a real
redis-server and a real worker: one query over what the history keeps and what the window holds."""

from __future__ import annotations

import asyncio
import time

import pytest

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.store.history import HistoryDatabase, HistoryRecorder, open_recorder
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

PROFILE = "search-test"


def old(task_id: str, ago: float, **fields) -> TaskRecord:
    return TaskRecord(id=task_id, sent_at=time.time() - ago, mine=True, **fields)


def test_one_query_finds_history_rows_and_window_rows_newest_first(demo_worker, tmp_path):
    database = HistoryDatabase(tmp_path / "history.sqlite3")
    database.open()
    # Left by an earlier session: it comes back into the window (the window's copy is the one shown).
    database.save(
        PROFILE,
        [old("earlier-fail", 7200, name="tasks.always_fails", state="FAILURE", exc_type="InventoryError", args="'SKU-9', 1")],
        time.time() - 7200,
    )
    # The writer is behind (never started here): what this session sees is in the window only, not in the file.
    recorder = HistoryRecorder(database, PROFILE)
    session = session_for(demo_worker.broker_url, demo_worker.backend_url, history=recorder, name=PROFILE)
    found = {}

    async def scenario():
        async with running(session, monitor=False):
            await wait_until(lambda: session.history_loaded, 10, "history loaded")
            # Written by another console with this profile after this one started: in the file only.
            database.save(
                PROFILE,
                [old("elsewhere-fail", 3600, name="tasks.always_fails", state="FAILURE", exc_type="InventoryError")],
                time.time(),
            )
            adds = []
            for x in range(3):
                adds.append((await session.send("tasks.add", (x, 1))).value[0].task_id)
                await asyncio.sleep(0.01)  # distinct sent times
            fail = (await session.send_call(CallSpec("tasks.always_fails", ("SKU-17", 2)))).value[0].task_id
            await wait_until(lambda: all(session.tasks[i].state == "SUCCESS" for i in adds), 20, "adds succeed")
            await wait_until(lambda: session.tasks[fail].state == "FAILURE", 20, "always_fails fails")
            found.update(adds=adds, fail=fail)
            found["failures"] = await session.search.run("state:FAILURE")
            found["failures_count"] = await session.search.count("state:FAILURE")
            found["adds_found"] = await session.search.run("name:tasks.add")
            found["text"] = await session.search.run('"SKU-17"')
            found["page1"] = await session.search.run("", limit=2)
            found["page2"] = await session.search.run("", offset=found["page1"].next_offset, limit=2)
            found["page3"] = await session.search.run("", offset=found["page2"].next_offset, limit=2)
            found["everything"] = await session.search.count("")
            found["bad"] = await session.search.run("state:FAILURE since:2x")
            found["bad_count"] = await session.search.count("(state:FAILURE")
            found["unknown"] = await session.search.run("colour:red")

    try:
        run(session, scenario)
    finally:
        recorder.stop()

    failures = found["failures"]
    assert failures.error is None
    ids = [r.id for r in failures.records]
    assert ids == [found["fail"], "elsewhere-fail", "earlier-fail"]  # window-only, file-only, both: newest first
    assert failures.records[0].exc_type == "InventoryError"
    assert found["failures_count"].count == 3
    assert [r.id for r in found["adds_found"].records] == list(reversed(found["adds"]))
    assert [r.id for r in found["text"].records] == [found["fail"]]
    pages = [found["page1"], found["page2"], found["page3"]]
    seen = [r.id for page in pages for r in page.records]
    assert len(seen) == len(set(seen)) == 6  # 4 sent, 2 from the file: each on one page only
    assert found["everything"].count == 6
    bad = found["bad"]
    assert bad.records == () and bad.error is not None
    assert "since:" in bad.error.message and "state:FAILURE since:2x"[bad.error.start : bad.error.end] == "2x"
    assert found["bad_count"].count is None and found["bad_count"].error is not None
    unknown = found["unknown"].error
    assert unknown is not None and "colour:red"[unknown.start : unknown.end].startswith("colour")


def test_rows_written_and_in_the_window_show_once_and_count_once(demo_worker, tmp_path):
    recorder, note = open_recorder(PROFILE, tmp_path / "history.sqlite3")
    assert recorder is not None, note
    session = session_for(demo_worker.broker_url, demo_worker.backend_url, history=recorder, name=PROFILE)
    found = {}

    async def scenario():
        async with running(session, monitor=False):
            ids = [(await session.send("tasks.mul", (x, 2))).value[0].task_id for x in range(5)]
            await wait_until(lambda: all(session.tasks[i].state == "SUCCESS" for i in ids), 20, "muls succeed")
            await session._save_history()
            await wait_until(lambda: recorder.database.count(PROFILE) >= 5, 10, "written to the history")
            found["ids"] = ids
            found["page"] = await session.search.run("name:tasks.mul state:success")
            found["count"] = await session.search.count("name:tasks.mul state:success")

    try:
        run(session, scenario)
    finally:
        recorder.stop()
    assert sorted(r.id for r in found["page"].records) == sorted(found["ids"])
    assert found["count"].count == 5 and found["page"].elapsed_ms > 0


def test_without_a_history_the_window_is_searched_and_says_so(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    found = {}

    async def scenario():
        async with running(session, monitor=False):
            task_id = (await session.send("tasks.add", (40, 2))).value[0].task_id
            await wait_until(lambda: session.tasks[task_id].state == "SUCCESS", 20, "add succeeds")
            found["id"] = task_id
            found["page"] = await session.search.run(f"id:{task_id[:8]} state:SUCCESS")
            found["count"] = await session.search.count("name:tasks.add")

    run(session, scenario)
    assert [r.id for r in found["page"].records] == [found["id"]]
    assert "no history" in found["page"].note
    assert found["count"].count == 1
