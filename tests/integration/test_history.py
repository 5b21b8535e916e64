"""History with a real worker: rows and states survive a restart, unfinished tasks resume, a kill -9 loses nothing committed."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.store.history import open_recorder
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def new_session(worker, path: Path, name: str = "history-test"):
    recorder, note = open_recorder(name, path)
    assert recorder is not None, note
    return session_for(worker.broker_url, worker.backend_url, history=recorder, name=name)


def test_rows_and_states_come_back_after_a_restart_and_unfinished_tasks_resume(demo_worker, tmp_path):
    path = tmp_path / "history.sqlite3"
    first = new_session(demo_worker, path)
    sent = {}

    async def before_restart():
        try:
            async with running(first, monitor=False):
                call = CallSpec(
                    "tasks.add", (2, 3), queue="celery", priority=3, expires=600.0, link=(LinkSpec("tasks.mul", (10,)),)
                )
                sent["call"] = (await first.send_call(call)).value[0]
                sent["add"] = sent["call"].task_id
                sent["fail"] = (await first.send_call(CallSpec("tasks.always_fails", ()))).value[0].task_id
                sent["slow"] = (
                    (await first.send_call(CallSpec("tasks.long_progress", (), {"total": 12, "delay": 0.25}))).value[0].task_id
                )
                await wait_until(lambda: first.tasks[sent["add"]].state == "SUCCESS", 20, "add succeeds")
                await wait_until(lambda: first.tasks[sent["fail"]].state == "FAILURE", 20, "always_fails fails")
                await wait_until(lambda: first.tasks[sent["slow"]].state == "PROGRESS", 20, "long_progress reports progress")
        finally:
            first.history.stop()

    run(first, before_restart)
    second = new_session(demo_worker, path)
    seen = {}

    async def after_restart():
        try:
            async with running(second, monitor=False):
                await wait_until(lambda: second.history_loaded, 10, "history loaded")
                seen["loaded"] = {task_id: second.tasks[task_id] for key, task_id in sent.items() if key != "call"}
                seen["resend"] = second.call_to_resend(sent["add"])
                await wait_until(lambda: second.tasks[sent["slow"]].state == "SUCCESS", 30, "the unfinished task resumes")
                seen["finished"] = second.tasks[sent["slow"]]
        finally:
            second.history.stop()

    run(second, after_restart)
    loaded = seen["loaded"]
    assert seen["resend"] == sent["call"]  # the exact call, options and callback included
    assert loaded[sent["add"]].state == "SUCCESS" and loaded[sent["add"]].result == "5"
    assert loaded[sent["fail"]].state == "FAILURE" and "InventoryError" in loaded[sent["fail"]].traceback
    assert loaded[sent["slow"]].state == "PROGRESS" and loaded[sent["slow"]].progress is not None
    assert all(record.mine and record.name for record in loaded.values())
    assert seen["finished"].progress.fraction == 1.0


def test_a_forgotten_task_does_not_come_back(demo_worker, tmp_path):
    path = tmp_path / "history.sqlite3"
    session = new_session(demo_worker, path)
    ids = {}

    async def scenario():
        try:
            async with running(session, monitor=False):
                ids["keep"] = (await session.send_call(CallSpec("tasks.add", (1, 1)))).value[0].task_id
                ids["drop"] = (await session.send_call(CallSpec("tasks.add", (1, 2)))).value[0].task_id
                await wait_until(lambda: all(session.tasks[i].state == "SUCCESS" for i in ids.values()), 20, "both succeed")
                assert (await session.forget([ids["drop"]])).ok
        finally:
            session.history.stop()

    run(session, scenario)
    recorder, _ = open_recorder("history-test", path)
    try:
        assert {r.id for r in recorder.database.load("history-test")} == {ids["keep"]}
    finally:
        recorder.stop()


def test_killed_with_sigkill_in_a_burst_the_history_is_intact(demo_worker, tmp_path):
    """A process records a burst of task changes without pause; SIGKILL lands mid-burst."""
    path = tmp_path / "history.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.apps.history_burst", str(path), demo_worker.broker_url, demo_worker.backend_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "recording"
        deadline = time.monotonic() + 30
        rows = 0
        while rows < 1000:
            assert time.monotonic() < deadline, f"only {rows} rows written in 30 s"
            time.sleep(0.1)
            try:
                rows = sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("SELECT count(*) FROM tasks").fetchone()[0]
            except sqlite3.Error:
                rows = 0
        proc.send_signal(signal.SIGKILL)  # mid-burst: it writes a batch every half second
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    recorder, note = open_recorder("burst", path)
    assert recorder is not None and note == ""  # nothing was moved aside
    try:
        records = recorder.database.load("burst")
        assert len(records) >= rows  # every batch committed before the kill is there
        assert all(r.name == "tasks.add" and r.state in ("PENDING", "STARTED", "SUCCESS") for r in records)
    finally:
        recorder.stop()


def test_exports_parse_and_no_file_the_console_wrote_holds_the_password(demo_worker, redis_server, tmp_path):
    import csv
    import json

    data_dir = tmp_path / "data"
    session = new_session(demo_worker, data_dir / "history.sqlite3", name="default")  # unnamed: keyed by masked URLs
    out = {}

    async def scenario():
        try:
            async with running(session, monitor=False):
                ok = (await session.send_call(CallSpec("tasks.add", (2, 3)))).value[0].task_id
                bad = (await session.send_call(CallSpec("tasks.always_fails", ()))).value[0].task_id
                await wait_until(
                    lambda: session.tasks[ok].state == "SUCCESS" and session.tasks[bad].state == "FAILURE", 20, "done"
                )
                out["json"] = await session.export([ok, bad], data_dir / "tasks.json")
                out["csv"] = await session.export([ok, bad], data_dir / "tasks.csv")
                out["ids"] = (ok, bad)
        finally:
            session.history.stop()

    run(session, scenario)
    assert out["json"].ok and out["json"].value == 2 and out["csv"].ok
    ok, bad = out["ids"]
    exported = {d["id"]: d for d in json.loads((data_dir / "tasks.json").read_text())}
    assert exported[ok]["result"] == "5" and exported[ok]["call"]["args"] == [2, 3]
    assert "InventoryError" in exported[bad]["traceback"]
    assert [r["id"] for r in csv.DictReader((data_dir / "tasks.csv").open())] == [ok, bad]
    password = redis_server.password.encode()
    written = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"history.sqlite3", "tasks.json", "tasks.csv"}
    assert [p.name for p in written if password in p.read_bytes()] == []
