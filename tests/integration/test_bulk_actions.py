"""Bulk actions on a query's matches (desktop/core/live/bulk_actions.py) on a real redis-server, a real
worker and a real history file: what the worker receives again, what the broker holds, what the backend
and the history no longer hold, what a cancel leaves undone and what a read-only profile refuses."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import pytest
import redis

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.live.bulk_actions import BulkKind, BulkProgress, Cancel, collect, execute, plan
from desktop.core.store.history import open_recorder
from tests.apps.triage import CALLS_KEY
from tests.support.clusters import PrivateCluster
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

FIND_ORDER = "triage.find_order"
HELD = "held-by-nobody"  # a queue no worker consumes: what a bulk re-send put there stays to be counted


@pytest.fixture(scope="module")
def cluster(module_cluster_on) -> PrivateCluster:
    return module_cluster_on("tests.apps.triage", "bulk")


def calls_received(cluster: PrivateCluster) -> dict[str, dict]:
    client = redis.Redis.from_url(cluster.backend_url)
    return {call["id"]: call for call in map(json.loads, client.lrange(CALLS_KEY, 0, -1))}


def broker(cluster: PrivateCluster) -> redis.Redis:
    return redis.Redis.from_url(cluster.broker_url)


def recorder_for(tmp_path, profile: str):
    recorder, note = open_recorder(profile, tmp_path / "history.sqlite3")
    assert recorder is not None, note
    return recorder


async def failed_calls(session, count: int, tag: str) -> list[str]:
    ids = []
    for n in range(count):
        reply = await session.send_call(CallSpec(FIND_ORDER, args=(f"{tag}-{n}",), kwargs={"region": "us"}))
        assert reply.ok, reply.error
        ids.append(reply.value[0].task_id)
    await wait_until(lambda: all(session.tasks[i].state == "FAILURE" for i in ids), 30, f"{count} failures")
    return ids


def test_a_bulk_resend_of_a_query_sends_each_call_again_exactly_and_names_what_it_cannot(cluster, tmp_path):
    profile = f"bulk-{uuid.uuid4().hex[:6]}"
    recorder = recorder_for(tmp_path, profile)
    tag = uuid.uuid4().hex[:6]
    # An earlier session's failure: only the history has it, and the exact call it sent.
    earlier = f"earlier-{tag}"
    earlier_call = CallSpec(FIND_ORDER, args=(f"{tag}-old",), kwargs={"region": "apac"}, task_id=earlier)
    recorder.database.save(
        profile,
        [TaskRecord(id=earlier, name=FIND_ORDER, state="FAILURE", sent_at=time.time() - 3600, mine=True)],
        time.time(),
        calls={earlier: earlier_call},
    )
    # Seen failing in events only: no call, no arguments in the backend's record.
    unknown = f"unknown-{tag}"
    recorder.database.save(
        profile, [TaskRecord(id=unknown, name=FIND_ORDER, state="FAILURE", sent_at=time.time() - 1800)], time.time()
    )
    session = session_for(cluster.broker_url, cluster.backend_url, history=recorder, name=profile)
    found = {}

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.history_loaded, 10, "history loaded")
            sent = await failed_calls(session, 6, tag)
            ok = await session.send_call(CallSpec("tasks.add", (1, 2)))
            await wait_until(lambda: session.tasks[ok.value[0].task_id].state == "SUCCESS", 20, "add succeeds")
            query = f"state:FAILURE name:{FIND_ORDER}"
            targets = await collect(session, query)
            chosen = await plan(session, BulkKind.RESEND, targets)
            progress: list[BulkProgress] = []
            summary = await execute(session, chosen, progress.append)
            await wait_until(lambda: set(summary.new_ids.values()) <= set(calls_received(cluster)), 30, "every re-send run")
            found.update(sent=sent, targets=targets, plan=chosen, summary=summary, progress=progress)

    try:
        run(session, scenario)
    finally:
        recorder.stop()

    sent, summary, chosen = found["sent"], found["summary"], found["plan"]
    assert {r.id for r in found["targets"].records} >= {*sent, earlier, unknown}
    assert set(chosen.act_on) == {*sent, earlier} and chosen.skipped == ((unknown, chosen.skipped[0][1]),)
    assert "arguments unknown" in chosen.skipped[0][1]
    question = chosen.question()
    assert f"Re-send {len(sent) + 1:,} tasks matching the query" in question and f"name:{FIND_ORDER}" in question
    assert "1 skipped: arguments unknown" in question
    assert set(summary.done) == {*sent, earlier} and summary.failed == () and not summary.cancelled
    received = calls_received(cluster)
    for old, new in summary.new_ids.items():
        assert new != old
        original = received.get(old) or {"args": [f"{tag}-old"], "kwargs": {"region": "apac"}}
        assert (received[new]["args"], received[new]["kwargs"]) == (original["args"], original["kwargs"])
    assert found["progress"][0].processed == 0 and found["progress"][-1].processed == found["progress"][-1].total == 7
    text = summary.text()
    assert summary.headline().startswith("Re-send: 7 re-sent, 0 failed, 1 skipped (of 8)")
    assert f"{unknown}: arguments unknown" in text and f"{earlier} -> {summary.new_ids[earlier]}" in text


def test_a_cancelled_resend_stops_between_chunks_and_says_what_it_left_undone(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    tag = uuid.uuid4().hex[:6]
    held = f"{HELD}-{tag}"
    found = {}

    async def scenario():
        async with running(session, monitor=False):
            calls = [CallSpec(FIND_ORDER, args=(f"{tag}-{n}",), queue=held) for n in range(1_000)]
            reply = await session.client.send_calls(calls)
            assert reply.ok, reply.error
            session.follow_sent(reply.value)
            broker(cluster).delete(held)  # the originals gone: the queue holds only what the re-send puts there
            targets = await collect(session, f"name:{FIND_ORDER} args:{tag}")
            chosen = await plan(session, BulkKind.RESEND, targets)
            cancel = Cancel()

            def cancel_after_first(progress: BulkProgress) -> None:
                if progress.processed > 0:
                    cancel()

            summary = await execute(session, chosen, cancel_after_first, cancel)
            found.update(targets=targets, summary=summary)

    run(session, scenario)
    summary = found["summary"]
    assert len(found["targets"]) == 1_000
    assert summary.cancelled and len(summary.done) == 250 and len(summary.not_done) == 750
    assert broker(cluster).llen(held) == 250  # exactly what was done went out, nothing more
    assert "750 not done (cancelled)" in summary.headline()
    broker(cluster).delete(held)


def test_revoke_by_query_reaches_the_worker_and_skips_what_ended(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    tag = uuid.uuid4().hex[:6]
    found = {}

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.online_workers, 20, "the worker answers")
            ended = await failed_calls(session, 2, tag)
            waiting = []
            for n in range(3):  # held by the worker until their countdown: revocable
                reply = await session.send_call(CallSpec(FIND_ORDER, args=(f"{tag}-later-{n}",), countdown=600))
                waiting.append(reply.value[0].task_id)
            targets = await collect(session, f"name:{FIND_ORDER} args:{tag}")
            chosen = await plan(session, BulkKind.REVOKE, targets)
            summary = await execute(session, chosen)
            revoked = await session.client.run_blocking(lambda: session.client.app.control.inspect(timeout=2.0).revoked())
            found.update(ended=ended, waiting=waiting, plan=chosen, summary=summary, revoked=revoked.value)

    run(session, scenario)
    chosen, summary = found["plan"], found["summary"]
    assert set(chosen.act_on) == set(found["waiting"])
    assert {task_id for task_id, _ in chosen.skipped} == set(found["ended"])
    assert all("already ended (FAILURE)" in reason for _, reason in chosen.skipped)
    assert set(summary.done) == set(found["waiting"])
    revoked = {task_id for ids in (found["revoked"] or {}).values() for task_id in ids}
    assert set(found["waiting"]) <= revoked and not set(found["ended"]) & revoked


def test_forget_by_query_deletes_results_and_history_rows_and_they_stay_out(cluster, tmp_path):
    profile = f"bulk-{uuid.uuid4().hex[:6]}"
    recorder = recorder_for(tmp_path, profile)
    session = session_for(cluster.broker_url, cluster.backend_url, history=recorder, name=profile)
    tag = uuid.uuid4().hex[:6]
    found = {}

    async def scenario():
        async with running(session):
            ids = await failed_calls(session, 5, tag)
            await session._save_history()
            await wait_until(lambda: recorder.database.count(profile) >= 5, 10, "written to the history")
            targets = await collect(session, f"args:{tag}")
            summary = await execute(session, await plan(session, BulkKind.FORGET, targets))
            assert await asyncio.to_thread(recorder.flush)  # the history's writer deleted them
            await asyncio.sleep(0.5)  # late events for them come and go
            found.update(ids=ids, summary=summary, after=await session.search.count(f"args:{tag}"))

    try:
        run(session, scenario)
    finally:
        recorder.stop()
    ids = found["ids"]
    assert set(found["summary"].done) == set(ids)
    backend = redis.Redis.from_url(cluster.backend_url)
    assert not any(backend.exists(f"celery-task-meta-{i}") for i in ids)
    assert found["after"].count == 0 and not set(ids) & set(session.tasks)
    assert recorder.database.count(profile) == 0


def test_a_read_only_profile_refuses_each_change_but_exports_and_watches(cluster, tmp_path):
    session = session_for(cluster.broker_url, cluster.backend_url, name="ro", read_only=True)
    tag = uuid.uuid4().hex[:6]
    held = f"{HELD}-{tag}"
    writer = session_for(cluster.broker_url, cluster.backend_url)
    found = {}

    async def scenario():
        async with running(session, monitor=False):
            calls = [CallSpec(FIND_ORDER, args=(f"{tag}-{n}",), queue=held) for n in range(3)]
            reply = await writer.client.send_calls(calls)  # sent by another console: this one only sees them
            assert reply.ok, reply.error
            for sent in reply.value:
                session.track(sent.task_id, name=FIND_ORDER, args=f"'{tag}'")
            session.calls.restore({sent.task_id: sent for sent in reply.value})
            queued = broker(cluster).llen(held)
            targets = await collect(session, f"args:{tag}")
            for kind in (BulkKind.RESEND, BulkKind.REVOKE, BulkKind.TERMINATE, BulkKind.FORGET):
                found[kind] = await execute(session, await plan(session, kind, targets))
            path = tmp_path / "found.json"
            found["export"] = await execute(session, await plan(session, BulkKind.EXPORT, targets, path=path))
            found["exported"] = json.loads(path.read_text())
            found["watch"] = await execute(session, await plan(session, BulkKind.WATCH, targets))
            found.update(ids=[s.task_id for s in reply.value], queued=queued, after=broker(cluster).llen(held))

    run(session, scenario)
    writer.client.close()
    ids = found["ids"]
    for kind in (BulkKind.RESEND, BulkKind.REVOKE, BulkKind.TERMINATE, BulkKind.FORGET):
        summary = found[kind]
        assert summary.done == () and {task_id for task_id, _ in summary.failed} == set(ids), kind
        assert all("read-only" in reason for _, reason in summary.failed), summary.failed
    assert found["queued"] == found["after"] == 3  # nothing re-sent, nothing purged
    assert set(found["export"].done) == set(ids) and len(found["exported"]) == 3
    assert set(found["watch"].done) == set(ids) and all(session.watch.is_watched(i) for i in ids)
    broker(cluster).delete(held)
