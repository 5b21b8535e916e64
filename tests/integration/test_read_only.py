"""A read-only profile on a real redis-server and a real worker: every change is refused with nothing sent
(the broker's keys counted before and after), while browsing, inspect, ping and export still work."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
import redis
from celery import Celery
from celery.schedules import schedule

from desktop.core.cluster.client import READ_ONLY
from desktop.core.cluster.control import WorkerCommand, send_command
from desktop.core.cluster.inspection import inspect_workers
from desktop.core.domain.calls import CallDraft, CallSpec
from desktop.core.domain.canvas import Chain, Step, validate
from desktop.core.domain.schedules import PeriodicEntry, Source
from desktop.core.domain.triage import ResendPlan
from desktop.core.live.schedule_book import ScheduleChangeFailed, ScheduleRow
from tests.support.sessions import run, session_for

pytestmark = pytest.mark.integration


def snapshot(raw: redis.Redis) -> dict:
    """Every key of the broker's database with its content: what a refused change must leave exactly as it was."""
    found = {}
    for key in sorted(raw.keys("*")):
        kind = raw.type(key)
        if kind == b"list":
            found[key] = (kind, tuple(raw.lrange(key, 0, -1)))
        elif kind == b"hash":
            found[key] = (kind, tuple(sorted(raw.hgetall(key).items())))
        elif kind == b"zset":
            found[key] = (kind, tuple(raw.zrange(key, 0, -1, withscores=True)))
        elif kind == b"string":
            found[key] = (kind, raw.get(key))
        else:
            found[key] = (kind, None)
    return found


def test_every_change_is_refused_and_nothing_reaches_the_broker(cluster_on, tmp_path, caplog):
    cluster = cluster_on("desktop.tasks")  # no worker: what is in the broker stays there
    raw = redis.Redis(host="127.0.0.1", port=cluster.server.port, password=cluster.server.password, db=10)
    backend = redis.Redis(host="127.0.0.1", port=cluster.server.port, password=cluster.server.password, db=11)
    producer = Celery("producer", broker=cluster.broker_url, set_as_current=False)
    waiting = [producer.send_task("tasks.add", args=(n, 1)).id for n in range(3)]
    backend.set("celery-task-meta-done", json.dumps({"status": "SUCCESS", "result": 4, "task_id": "done"}))
    raw.hset("redbeat:nightly", "definition", json.dumps({"name": "nightly", "task": "tasks.add", "enabled": True}))
    raw.zadd("redbeat::schedule", {"redbeat:nightly": 1})
    before, results_before = snapshot(raw), snapshot(backend)
    session = session_for(cluster.broker_url, cluster.backend_url, name="prod", read_only=True)
    spec = CallSpec(task="tasks.add", args=(2, 2))
    entry = PeriodicEntry(name="nightly", task="tasks.add", source=Source.REDBEAT, schedule=schedule(60))
    row = ScheduleRow(entry, None, editable=True)

    async def scenario():
        refusals = {}
        refusals["send"] = (await session.send_call(spec, 3)).error
        refusals["resend"] = (await session.resend(ResendPlan(calls={"old": spec}))).error
        node = Chain((Step(CallDraft("tasks.add", args_json="[1, 2]")), Step(CallDraft("tasks.add", args_json="[3]"))))
        refusals["workflow"] = (await session.send_workflow(node, validate(node).specs)).error
        refusals["revoke"] = (await session.revoke(waiting)).error
        refusals["terminate"] = (await session.revoke(waiting, terminate=True, signal="SIGKILL")).error
        refusals["forget"] = (await session.forget(["done"])).error
        refusals["purge"] = (await session.monitor.purge("celery")).error
        page = await session.queue_messages.page("celery")
        assert page.ok and len(page.value.messages) == 3  # browsing works
        chosen = list(page.value.messages[:2])
        refusals["delete"] = (await session.queue_messages.delete("celery", chosen)).error
        refusals["move"] = (await session.queue_messages.move("celery", chosen, "elsewhere")).error
        refusals["restore"] = (await session.restore_messages(chosen)).error
        refusals["requeue"] = (await session.queue_messages.requeue_dead_letters("celery", chosen)).error
        for name, change in (
            ("schedule delete", session.schedules.delete(row)),
            ("schedule disable", session.schedules.set_enabled(row, False)),
            ("schedule save", session.schedules.save(entry, create=True)),
        ):
            with pytest.raises(ScheduleChangeFailed) as refused:
                await change
            refusals[name] = str(refused.value)
        command = await send_command(session.client, WorkerCommand.of("pool_grow", n=1))
        refusals["worker command"] = command.error
        session.track("done")
        exported = await session.export(["done"], tmp_path / "out.json")
        assert exported.ok and (tmp_path / "out.json").exists()  # export works
        return refusals

    with caplog.at_level(logging.WARNING, logger="desktop.core.cluster.client"):
        refusals = run(session, scenario)
    assert set(refusals) == {
        "send",
        "resend",
        "workflow",
        "revoke",
        "terminate",
        "forget",
        "purge",
        "delete",
        "move",
        "restore",
        "requeue",
        "schedule delete",
        "schedule disable",
        "schedule save",
        "worker command",
    }
    for what, error in refusals.items():
        assert error and error.startswith(f"{READ_ONLY}: ") and "'prod' is read-only" in error, (what, error)
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith(READ_ONLY)]
    assert len(logged) >= len(refusals)  # each attempt logged
    assert snapshot(raw) == before  # not one message sent, removed, moved; the RedBeat entry as it was
    assert snapshot(backend) == results_before  # the result not forgotten
    assert any(READ_ONLY in line for line in session.errors)  # and said in the window's errors
    producer.close()
    raw.close()
    backend.close()


def test_ping_and_inspect_work_while_every_other_worker_command_is_refused(cluster_on):
    cluster = cluster_on("desktop.tasks", "w")
    session = session_for(cluster.broker_url, cluster.backend_url, name="prod", read_only=True)
    hostname = cluster.worker.hostname

    async def scenario():
        ping = await send_command(session.client, WorkerCommand.of("ping"), [hostname], expected=[hostname], timeout=3.0)
        pinged = await session.client.ping_workers(timeout=3.0, limit=1)
        stats = await inspect_workers(session.client, "stats", destination=[hostname], expected=1, timeout=3.0)
        refused = {}
        for name, arguments in (
            ("pool_grow", {"n": 2}),
            ("shutdown", {}),
            ("rate_limit", {"task_name": "tasks.add", "rate_limit": "1/m"}),
            ("cancel_consumer", {"queue": "celery"}),
            ("enable_events", {}),
            ("revoke", {"task_id": ["x"]}),
        ):
            result = await send_command(session.client, WorkerCommand.of(name, **arguments), [hostname], expected=[hostname])
            refused[name] = result
        events = await session.monitor.enable_events([hostname])
        await asyncio.sleep(0.5)
        after = await inspect_workers(session.client, "active_queues", destination=[hostname], expected=1, timeout=3.0)
        still = await session.client.ping_workers(timeout=3.0, limit=1)
        return ping, pinged, stats, refused, events, after, still

    ping, pinged, stats, refused, events, after, still = run(session, scenario)
    assert not ping.error and [r.hostname for r in ping.replies] == [hostname]
    assert pinged.ok and [w.hostname for w in pinged.value] == [hostname]
    assert stats.replies and hostname in stats.replies
    for name, result in refused.items():
        assert result.error and result.error.startswith(READ_ONLY) and not result.replies, name
    assert events.error and events.error.startswith(READ_ONLY)
    assert [q["name"] for q in after.replies[hostname]] == ["celery"]  # cancel_consumer did not reach it
    assert still.ok and [w.hostname for w in still.value] == [hostname]  # shutdown did not either
