"""Failure triage on a real worker: failures land in the group of their cause, failures differing only in
an id share one group, a bulk re-send makes the very same calls again (as the worker received them),
and a bulk forget deletes the results from the backend."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import redis

from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.domain.triage import FailureGroup, FailureKey
from tests.apps.triage import CALLS_KEY
from tests.support.clusters import PrivateCluster
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

FIND_ORDER = "triage.find_order"


@pytest.fixture(scope="module")
def cluster(module_cluster_on) -> PrivateCluster:
    """A private Redis server and one worker on tests/apps/triage.py."""
    return module_cluster_on("tests.apps.triage", "triage")


def backend_redis(cluster: PrivateCluster) -> redis.Redis:
    return redis.Redis.from_url(cluster.backend_url)


def calls_received(cluster: PrivateCluster) -> dict[str, dict]:
    """What the worker wrote down for each call it ran, by task id."""
    return {call["id"]: call for call in map(json.loads, backend_redis(cluster).lrange(CALLS_KEY, 0, -1))}


def group_of(session, task: str, exc_type: str, message: str) -> FailureGroup | None:
    return next((g for g in session.failures.groups() if g.key == FailureKey(task, exc_type, message)), None)


async def send_all(session, specs: list[CallSpec]) -> list[str]:
    ids = []
    for spec in specs:
        reply = await session.send_call(spec)
        assert reply.ok, reply.error
        ids.append(reply.value[0].task_id)
    return ids


async def all_failed(session, ids, timeout: float = 30) -> None:
    await wait_until(
        lambda: all(session.tasks.get(i) is not None and session.tasks[i].state == "FAILURE" for i in ids),
        timeout,
        f"{len(ids)} task(s) FAILURE",
    )


def find_order(order_id: str, region: str) -> CallSpec:
    return CallSpec(FIND_ORDER, args=(order_id,), kwargs={"region": region})


def test_a_failure_lands_in_the_group_of_its_task_exception_and_message(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        async with running(session):
            (task_id,) = await send_all(session, [CallSpec("tasks.always_fails", kwargs={"sku": "SKU-7", "quantity": 2})])
            await all_failed(session, [task_id])
            group = group_of(
                session, "tasks.always_fails", "InventoryError", "cannot reserve <n> x SKU-<n>: only <n> left in stock"
            )
            assert group is not None, session.failures.groups()
            assert group.task_ids == (task_id,) and group.count == 1
            assert group.workers == (cluster.worker.hostname,)
            assert group.first_seen is not None and group.first_seen == group.last_seen
            assert "_reserve" in group.sample_traceback and "InventoryError: cannot reserve 2 x SKU-7" in group.sample_traceback

    run(session, scenario)


def test_failures_differing_only_in_an_id_share_one_group(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        async with running(session):
            first, second = str(uuid.uuid4()), str(uuid.uuid4())
            ids = await send_all(session, [find_order(first, "north"), find_order(second, "north"), find_order(first, "south")])
            await all_failed(session, ids)
            north = group_of(session, FIND_ORDER, "OrderNotFound", "order <id> not found in region north")
            south = group_of(session, FIND_ORDER, "OrderNotFound", "order <id> not found in region south")
            assert north is not None and south is not None, session.failures.groups()
            assert north.count == 2 and set(north.task_ids) == set(ids[:2])
            assert south.count == 1 and south.task_ids == (ids[2],)  # a different message is a different bug
            # The messages themselves differ: only the masking makes them one group.
            assert session.tasks[ids[0]].result != session.tasks[ids[1]].result

    run(session, scenario)


def test_bulk_resend_of_a_group_makes_the_same_calls_with_new_ids(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    message = "order <id> not found in region east"

    async def scenario():
        async with running(session):
            originals = await send_all(session, [find_order(str(uuid.uuid4()), "east") for _ in range(3)])
            await all_failed(session, originals)
            group = group_of(session, FIND_ORDER, "OrderNotFound", message)
            assert group is not None and group.count == 3

            reply = await session.resend_many(group.task_ids)
            assert reply.ok, reply.error
            assert set(reply.value) == set(originals)
            resent = {original: spec.task_id for original, spec in reply.value.items()}
            assert not set(resent.values()) & set(originals)  # fresh task ids
            await all_failed(session, list(resent.values()))
            assert group_of(session, FIND_ORDER, "OrderNotFound", message).count == 6  # the same bug again

            received = calls_received(cluster)
            for original, new_id in resent.items():
                before, after = received[original], received[new_id]  # as the worker ran each of them
                assert (after["task"], after["args"], after["kwargs"]) == (before["task"], before["args"], before["kwargs"])
                meta = json.loads(
                    backend_redis(cluster).get(f"celery-task-meta-{new_id}")
                )  # result_extended: the worker's record
                assert (meta["name"], meta["args"], meta["kwargs"]) == (FIND_ORDER, before["args"], {"region": "east"})
            assert len({received[i]["args"][0] for i in originals}) == 3  # three different orders, each sent once more

    run(session, scenario)


def test_a_resend_gets_fresh_callback_ids_and_leaves_out_an_expiry_that_has_passed(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        async with running(session, monitor=False):
            expires = datetime.now(timezone.utc) + timedelta(seconds=2)
            spec = replace(find_order(str(uuid.uuid4()), "west"), expires=expires, link_error=(LinkSpec("tasks.on_error"),))
            (original,) = await send_all(session, [spec])
            await all_failed(session, [original])
            await asyncio.sleep(max(0.0, expires.timestamp() - time.time()) + 0.2)

            reply = await session.resend_many([original])
            assert reply.ok, reply.error
            copy, sent = reply.value[original], session.sent_calls[original]
            assert copy.expires is None and copy.task_id != original  # it would have expired before it ran
            assert copy.link_error[0].task_id not in (None, sent.link_error[0].task_id)
            assert session.tasks[copy.link_error[0].task_id].parent_id == copy.task_id  # the errback's row, under it
            await all_failed(session, [copy.task_id])  # it ran (and failed again), it did not expire
            assert calls_received(cluster)[copy.task_id]["args"] == list(spec.args)

    run(session, scenario)


def test_resend_names_the_tasks_whose_arguments_are_unknown(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        (task_id,) = await send_all(session, [find_order(str(uuid.uuid4()), "west")])
        session.track(f"never-sent-{uuid.uuid4()}")  # tracked by id: nothing known about its call
        unknown = next(i for i in session.tasks if i.startswith("never-sent-"))
        reply = await session.resend_many([unknown, task_id])
        assert reply.ok and list(reply.value) == [task_id]
        assert any("cannot re-send 1 task(s)" in e and unknown in e for e in session.errors)

    run(session, scenario)


def test_bulk_forget_deletes_the_results_and_the_group(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    message = "order <id> not found in region central"

    async def scenario():
        async with running(session, monitor=False):  # results only: a late event could bring a forgotten row back as "seen"
            ids = await send_all(session, [find_order(str(uuid.uuid4()), "central") for _ in range(2)])
            await all_failed(session, ids)
            store = backend_redis(cluster)
            assert all(store.exists(f"celery-task-meta-{i}") for i in ids)
            group = group_of(session, FIND_ORDER, "OrderNotFound", message)
            assert group is not None and group.count == 2

            reply = await session.forget(list(group.task_ids))
            assert reply.ok, reply.error
            assert not any(store.exists(f"celery-task-meta-{i}") for i in ids)
            assert group_of(session, FIND_ORDER, "OrderNotFound", message) is None
            assert not set(ids) & set(session.tasks)
            await session.poll_results()
            assert group_of(session, FIND_ORDER, "OrderNotFound", message) is None

    run(session, scenario)
