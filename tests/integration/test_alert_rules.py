"""Alert rules on real workers: a burst of 20 failures is one grouped alert, a slow task trips a runtime rule,
a stopped worker trips an offline rule, and a queue with messages and no consumer trips a queue-length rule.

Each alert lands in the session's log and in its notification stream (what the desktop is handed).
"""

from __future__ import annotations

import asyncio
import re

import pytest

from desktop.core.domain.alert_rules import QUEUE_LENGTH, RUNTIME, STATE, WORKER_OFFLINE, AlertRule
from desktop.core.domain.calls import CallSpec
from desktop.core.live.event_receiver import StreamState
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration


def fired(session, rule: str) -> list:
    return [alert for alert in session.alerts.log if alert.rule == rule]


def test_a_burst_of_failures_is_one_alert_and_a_slow_task_trips_the_runtime_rule(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    session.alerts.set_rules(
        [
            AlertRule("always fails", STATE, pattern="tasks.always_fails", state="FAILURE"),
            AlertRule("slow", RUNTIME, pattern="tasks.*", threshold=1.5),
        ]
    )
    notes = []

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.monitor.stream_status.state is StreamState.RECEIVING, 15, "events")
            reply = await session.send_call(CallSpec("tasks.always_fails"), count=20)
            assert reply.ok, reply.error
            ids = [call.task_id for call in reply.value]
            await wait_until(lambda: all(session.tasks[i].state == "FAILURE" for i in ids), 60, "20 failures")
            await wait_until(lambda: fired(session, "always fails"), 20, "the failure alert")
            await asyncio.sleep(3)  # longer than the gathering: nothing more comes
            notes.extend(session.take_notifications())
            reply = await session.send_call(CallSpec("tasks.add", (1, 2)))
            assert reply.ok, reply.error
            reply = await session.send_call(CallSpec("tasks.slow", kwargs={"seconds": 2.5}))
            assert reply.ok, reply.error
            slow_id = reply.value[0].task_id
            await wait_until(lambda: fired(session, "slow"), 30, "the runtime alert")
            await wait_until(lambda: session.tasks[slow_id].state == "SUCCESS", 30, "the slow task ended")
            await asyncio.sleep(3)
            notes.extend(session.take_notifications())
            return ids, slow_id

    ids, slow_id = run(session, scenario)
    [alert] = fired(session, "always fails")
    assert alert.count == 20 and alert.task_id in ids
    assert re.fullmatch(r"tasks\.always_fails failed 20 times in (under )?\d+ s", alert.title), alert.title
    assert "rule always fails" in alert.body
    [slow] = fired(session, "slow")  # tasks.add ran well under 1.5 s; the slow one counted once (running, then ended)
    assert slow.task_id == slow_id and slow.title == "tasks.slow ran over 1.5 s"
    assert [n.title for n in notes] == [alert.title, slow.title]
    assert notes[0].task_id == alert.task_id


def test_a_stopped_worker_and_a_queue_nobody_consumes_trip_their_rules(cluster_on):
    cluster = cluster_on("desktop.tasks")
    worker = cluster.add_worker("doomed", concurrency=1)  # not waited for: the session sees it come online
    session = session_for(cluster.broker_url, cluster.backend_url)
    for number in range(5):  # before the session starts: its first look at the broker finds the queue
        session.client.app.send_task("tasks.add", (number, 1), queue="orphans")
    session.alerts.set_rules(
        [
            AlertRule("worker down", WORKER_OFFLINE, pattern="doomed-*", threshold=2),
            AlertRule("orphans", QUEUE_LENGTH, pattern="orphans", threshold=3, minutes=0),
            AlertRule("celery queue", QUEUE_LENGTH, pattern="celery", threshold=3, minutes=0),
        ]
    )
    timeline = {}

    async def scenario():
        async with running(session):
            await wait_until(lambda: fired(session, "orphans"), 30, "the queue alert")
            await wait_until(lambda: any(w.online for w in session.workers.values()), 60, "worker online")
            assert fired(session, "worker down") == []
            await asyncio.get_running_loop().run_in_executor(None, worker.stop)
            timeline["offline alert"] = await wait_until(lambda: fired(session, "worker down"), 30, "the offline alert")

    run(session, scenario)
    [queue] = fired(session, "orphans")
    assert queue.title == "queue orphans over 3 messages for 0 min" and "5 messages waiting" in queue.body
    assert queue.opens == "queues"
    [down] = fired(session, "worker down")
    assert down.title == f"worker {worker.hostname} offline for over 2 s" and down.opens == "workers"
    assert fired(session, "celery queue") == []  # the worker emptied it
