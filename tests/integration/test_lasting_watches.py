"""Watches that last: a real worker, watched tasks still pending when the console stops, a new session on the same
config folder watching and telling them; a link callback watched with its call when "watch everything I send" is on."""

from __future__ import annotations

import pytest

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.live.session import ConsoleSession
from desktop.core.store.watch_store import WatchStore
from tests.support.sessions import run, running, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(folder))
    return folder


def session_keeping_watches(worker) -> ConsoleSession:
    """A session as the window builds it: its watches in the config folder, by the profile's key."""
    profile = ConnectionProfile(broker_url=worker.broker_url, backend_url=worker.backend_url)
    client = ClusterClient(build_console_app(profile), profile, timeout=5.0)
    return ConsoleSession(client, profile, None, WatchStore(profile.history_key))


def test_watched_tasks_are_watched_again_after_a_restart_and_tell_when_they_end(demo_worker, config):
    first, sent = session_keeping_watches(demo_worker), []

    async def watch_three():
        async with running(first, monitor=False):
            for n in range(3):
                reply = await first.send_call(CallSpec(task="tasks.add", args=(n, 100), countdown=6))
                assert reply.ok, reply.error
                sent.append(reply.value[0].task_id)
            first.watch_rows(sent)
            assert {first.tasks[i].state for i in sent} == {"PENDING"}

    run(first, watch_three)
    store = WatchStore(first.profile.history_key)
    assert store.path.parent == config / "watches" and store.load().ids == tuple(sent)  # written at stop

    second, told = session_keeping_watches(demo_worker), {}

    async def after_restart():
        async with running(second, monitor=False):
            await wait_until(lambda: all(second.watch.is_watched(i) for i in sent), 10, "the watches to come back")
            assert all(i in second.poller.tracked for i in sent)  # followed again
            assert {second.tasks[i].state for i in sent} == {"PENDING"}  # still waiting for their countdown

            def collect() -> bool:
                told.update((n.task_id, n) for n in second.take_notifications())
                return set(sent) <= set(told)

            await wait_until(collect, 30, "a notification for each watched task")
        return await second.load_watches()  # what the file holds after the stop: nothing left to tell

    left = run(second, after_restart)
    assert [told[i].body for i in sent] == ["result 100", "result 101", "result 102"]
    assert all(told[i].title == "tasks.add finished" for i in sent)
    assert left == 0 and not store.path.exists()  # the ended ones left the store


def test_a_link_callback_is_watched_with_its_call_when_watching_everything_i_send(demo_worker, config):
    session, told, seen = session_keeping_watches(demo_worker), {}, {}
    session.watch.watch_sent = True
    spec = CallSpec(
        task="tasks.add",
        args=(2, 2),
        link=(LinkSpec("tasks.mul", (10,)),),
        link_error=(LinkSpec("tasks.on_error"),),
    )

    async def scenario():
        async with running(session, monitor=False):
            reply = await session.send_call(spec)
            assert reply.ok, reply.error
            call = reply.value[0]
            seen["ids"] = call.task_id, call.link[0].task_id, call.link_error[0].task_id
            assert all(session.watch.is_watched(i) for i in seen["ids"])

            def collect() -> bool:
                told.update((n.task_id, n) for n in session.take_notifications())
                return set(seen["ids"][:2]) <= set(told)

            await wait_until(collect, 30, "the call and its callback to notify")
            seen["saved"] = session.watch.saved()

    run(session, scenario)
    call_id, link_id, errback_id = seen["ids"]
    assert told[call_id].body.startswith("result 4") and told[link_id].body.startswith("result 40")
    assert told[link_id].title == "tasks.mul finished" and errback_id not in told
    assert seen["saved"] == ([], {})  # the errback never runs after a success: nothing is waited for
