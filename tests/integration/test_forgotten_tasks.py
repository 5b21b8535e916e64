"""Forget means forgotten: a task the user forgot does not come back with its next event (a retry,
its final state), neither as a row nor in a failure group, until the user tracks it again."""

from __future__ import annotations

import asyncio

import pytest

from desktop.core.domain.calls import CallSpec
from desktop.core.live.event_receiver import StreamState
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration


def test_a_forgotten_retrying_task_stays_out_while_its_events_go_on(cluster_on):
    cluster = cluster_on("desktop.tasks", "forget")
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.monitor.stream_status.state is StreamState.RECEIVING, 15, "events")
            sent = await session.send_call(CallSpec("tasks.flaky", kwargs={"succeed_on_attempt": 4}))
            task_id = sent.value[0].task_id
            await wait_until(lambda: session.tasks.get(task_id) and session.tasks[task_id].state == "RETRY", 30, "retrying")
            assert (await session.forget([task_id])).ok
            assert task_id not in session.tasks
            store = session.monitor.store
            await wait_until(lambda: (t := store.task(task_id)) is not None and t.state == "SUCCESS", 30, "its events go on")
            await asyncio.sleep(1.0)  # the last batches handed over
            assert task_id not in session.tasks  # no row from the late events
            assert not any(task_id in group.task_ids for group in session.failures.groups())
            session.track(task_id)  # on purpose: it is shown and followed again
            await wait_until(
                lambda: session.tasks.get(task_id) and session.tasks[task_id].state == "SUCCESS", 20, "tracked again"
            )

    run(session, scenario)
