"""Redis Sentinel: the console connects through the sentinels and follows a failover by itself.

A private group (tests/support/sentinel_servers.py): a master, its replica and one sentinel (quorum 1), with
short timeouts (down-after 1 s, failover-timeout 2 s), a password on the data servers (in the
``sentinel://`` URLs) and another on the sentinel (``sentinel_kwargs``); a worker on
tests/apps/sentinel.py, configured for Sentinel too. The master's name comes from the profile
(``sentinel_master``), the sentinel's password from the app's transport options.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import pytest
import redis

from desktop.core.cluster.key_tracking import ChangedKeyReader
from desktop.core.connection.sentinel import MasterLocator
from desktop.core.domain.calls import CallSpec, RetryPolicy
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.poller import BackendKind, PollState
from desktop.core.live.session import ConsoleSession
from tests.support.measured import measured
from tests.support.processes import live
from tests.support.sentinel_servers import SentinelGroup, start_worker
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", autouse=True)
def module_time():
    started = time.monotonic()
    yield
    measured("sentinel: test_sentinel.py in all", time.monotonic() - started, "s")


@pytest.fixture(scope="module")
def group():
    group = SentinelGroup()
    group.start()
    yield group
    group.stop()
    assert not [pid for pid in group.pids if live(pid)]


@pytest.fixture(scope="module")
def worker(group, tmp_path_factory):
    process = start_worker(group, tmp_path_factory.mktemp("sentinel-worker") / "worker.log")
    yield process
    process.stop()


def with_sentinel_password(group: SentinelGroup):
    """The sentinel's own password, as an -A app would set it (the master's name comes from the profile).

    An -A app's settings are in place before the console adds its own to ``sentinel_kwargs``; here,
    after it, the password joins them.
    """

    def configure(app) -> None:
        for setting in ("broker_transport_options", "result_backend_transport_options"):
            options = app.conf[setting]
            app.conf[setting] = {
                **options,
                "sentinel_kwargs": {**options["sentinel_kwargs"], "password": group.sentinel_password},
            }

    return configure


def sentinel_session(group: SentinelGroup, broker_db: int = 10, **options) -> ConsoleSession:
    return session_for(
        group.url(broker_db),
        group.url(broker_db + 1),
        with_sentinel_password(group),
        sentinel_master=group.master_name,
        refresh_interval=1.0,
        **options,
    )


async def send(session: ConsoleSession, spec: CallSpec) -> str:
    reply = await session.send_call(spec)
    assert reply.ok, reply.error
    return reply.value[0].task_id


def subscribers(group: SentinelGroup, port: int, channel: bytes, db: int = 11) -> int:
    client = group.data_client(port, db)
    try:
        return int(client.execute_command("PUBSUB", "NUMSUB", channel)[1])
    finally:
        client.close()


def secrets_of(group: SentinelGroup) -> tuple[str, str]:
    return group.password, group.sentinel_password


# -- connecting ----------------------------------------------------------------------------------


def test_broker_backend_results_push_events_and_queues_go_through_sentinel(group, worker):
    session = sentinel_session(group)
    poller = session.poller
    master = group.master_port()

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.broker.ok and session.backend.ok, 15, "broker and backend OK")
            await wait_until(lambda: session.monitor.stream_status.state is StreamState.RECEIVING, 15, "events receiving")
            await wait_until(lambda: worker.hostname in {w.hostname for w in session.online_workers}, 15, "worker online")
            done = await send(session, CallSpec("tasks.add", (2, 3)))
            await wait_until(lambda: session.tasks[done].state == "SUCCESS", 30, "add SUCCESS")
            slow = await send(session, CallSpec("tasks.long_progress", kwargs={"total": 20, "delay": 0.1}))
            key = poller.backend.get_key_for_task(slow)
            await wait_until(lambda: session.tasks[slow].state == "PROGRESS", 20, "long_progress PROGRESS")
            numsub = await asyncio.to_thread(subscribers, group, master, key)
            await wait_until(lambda: session.tasks[slow].state == "SUCCESS", 30, "long_progress SUCCESS")
            await wait_until(
                lambda: (t := session.monitor.store.task(done)) is not None and t.state == "SUCCESS", 10, "events of add"
            )
            await session.monitor.refresh_queues()
            return done, slow, numsub

    done, slow, numsub = run(session, scenario)
    assert poller.kind is BackendKind.REDIS  # the fast path: MGET with tracking, pub/sub push
    assert poller.status.state is PollState.OK and poller.status.change_tracking
    assert numsub == 1  # the unfinished task's channel, subscribed on the master
    assert session.tasks[done].result == "5" and session.tasks[slow].state == "SUCCESS"
    celery_queue = next(q for q in session.monitor.queues if q.name == "celery")
    assert celery_queue.error == "" and celery_queue.ready == 0, celery_queue
    dump = session.dump_json()
    masked = ";".join(f"sentinel://:***@127.0.0.1:{s.port}/10" for s in group.sentinels)
    assert session.to_dict()["broker"]["url"] == masked
    assert not any(secret in dump for secret in secrets_of(group))


def test_without_a_master_name_broker_backend_and_results_say_so(group):
    session = session_for(group.url(10), group.url(11))  # no sentinel_master, no -A app

    async def scenario():
        broker, backend = await asyncio.gather(session.client.check_broker(), session.client.check_backend())
        session.track("sentinel-no-master")  # one unfinished id, so the poll loop reads
        session.poller.start()
        try:
            await wait_until(lambda: session.poller.status.state is PollState.RECONNECTING, 5, "results say why")
        finally:
            await session.poller.stop()
        return broker, backend, session.poller.status

    broker, backend, status = run(session, scenario)
    assert "master_name in broker_transport_options" in broker.message, broker
    assert "master_name in result_backend_transport_options" in backend.message, backend
    assert status.state is PollState.RECONNECTING and "without a master name" in status.message, status


def test_a_sentinel_that_wants_a_password_it_was_not_given_is_named(group):
    """Without sentinel_kwargs the sentinel refuses; the backend's check says so in a line, not a client's repr."""
    session = session_for(group.url(10), group.url(11), sentinel_master=group.master_name)

    async def scenario():
        started = time.monotonic()
        status = await session.client.check_backend()
        return status, time.monotonic() - started

    backend, elapsed = run(session, scenario)
    sentinel = f"127.0.0.1:{group.sentinels[0].port}"
    assert not backend.ok and backend.message.startswith(
        f"backend unreachable: Sentinel: no master '{group.master_name}': {sentinel}"
    )
    assert "sentinel_kwargs" in backend.message and "redis.client" not in backend.message, backend.message
    assert not any(secret in backend.message for secret in secrets_of(group))
    # refused at once: well before the timeout a check waits out on a sentinel that does not answer
    assert elapsed < session.client.timeout / 2, elapsed


# -- a failover ----------------------------------------------------------------------------------


def test_the_change_reader_follows_the_master_to_the_promoted_replica():
    """The poll's own connection (RESP3, CLIENT TRACKING) asks the sentinels again after it lost the master.

    Three sentinels (quorum 2), the first of the URL's list stopped before the master is killed: it is
    passed over at once, and the other two still elect a leader and promote the replica.
    """
    group = SentinelGroup(sentinel_count=3)
    group.start()
    try:
        session = sentinel_session(group)
        backend = session.client.app.backend
        locator = MasterLocator(backend)
        reader = ChangedKeyReader(locator)
        keys = [backend.get_key_for_task(f"reader-{i}") for i in range(3)]
        for i, key in enumerate(keys):
            backend.set(key, backend.encode({"status": "PENDING", "result": i}))
        first = reader.read(keys)
        second = reader.read(keys)
        group.sentinels[0].stop()
        fresh = MasterLocator(backend)  # its first question goes to the stopped sentinel
        asked = time.monotonic()
        fresh()
        lookup = time.monotonic() - asked
        fresh.close()
        old, killed = group.kill_master()
        with pytest.raises(redis.ConnectionError):
            reader.read(keys)
        new_port = group.wait_promoted(old.port, 30)
        deadline = time.monotonic() + 30
        while True:
            try:
                after = reader.read(keys)
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "the reader never reached the new master"
                time.sleep(0.05)
        reading_again = time.monotonic() - killed
        backend.set(keys[1], backend.encode({"status": "SUCCESS", "result": 1}))  # Celery's own client follows too
        changed = reader.read(keys)
        reader.close()
        session.client.close()
    finally:
        group.stop()
    assert first.full and first.tracking and set(first.values) == set(keys)
    assert second.values == {}  # nothing changed: nothing read
    assert locator.address == ("127.0.0.1", new_port)
    assert after.full and after.tracking and all(after.values[k] is not None for k in keys)  # replicated before the kill
    assert set(changed.values) == {keys[1]}  # tracking works on the new master
    # passed over at once: well before the ~4 s redis-py alone retries a silent sentinel (how soon: bench/failover.py)
    assert lookup < 4.0 / 2, lookup
    measured("sentinel: master lookup with the first sentinel down", lookup * 1000, "ms")
    measured("sentinel: master killed -> change reader reads again (3 sentinels, 1 down)", reading_again, "s")


@dataclass
class Timeline:
    """What the window would show, sampled every 20 ms (seconds since the master was killed)."""

    killed: float = 0.0
    samples: list[tuple[float, bool, bool, bool, bool]] = field(default_factory=list)

    def sample(self, session: ConsoleSession) -> None:
        self.samples.append(
            (
                time.monotonic() - self.killed,
                session.poller.status.state is PollState.OK,
                session.monitor.stream_status.state is StreamState.RECEIVING,
                session.broker.ok,
                session.backend.ok,
            )
        )

    def back(self, column: int) -> float | None:
        """When that part was OK again for good, after it was not (None: it never went down)."""
        went_down = False
        since = None
        for sample in self.samples:
            if not sample[column]:
                went_down, since = True, None
            elif went_down and since is None:
                since = sample[0]
        return since if went_down else None

    def all_ok_again(self) -> float | None:
        went_down, since = False, None
        for t, *parts in self.samples:
            if not all(parts):
                went_down, since = True, None
            elif went_down and since is None:
                since = t
        return since


def test_a_failover_mid_session_is_followed_by_itself(tmp_path):
    group = SentinelGroup()
    group.start()
    worker = None
    try:
        worker = start_worker(group, tmp_path / "worker.log", name="failover")
        session = sentinel_session(group)
        poller = session.poller
        timeline = Timeline()
        seen: dict[str, object] = {}

        async def sampler():
            while True:
                if timeline.killed:
                    timeline.sample(session)
                await asyncio.sleep(0.02)

        async def scenario():
            async with running(session):
                sampling = asyncio.ensure_future(sampler())
                try:
                    await wait_until(lambda: session.broker.ok and session.backend.ok, 15, "broker and backend OK")
                    await wait_until(lambda: session.monitor.stream_status.state is StreamState.RECEIVING, 15, "events")
                    await wait_until(lambda: bool(session.online_workers), 15, "worker online")
                    before = await send(session, CallSpec("tasks.add", (1, 2)))
                    await wait_until(lambda: session.tasks[before].state == "SUCCESS", 30, "add before the failover")
                    spanning = await send(session, CallSpec("tasks.long_progress", kwargs={"total": 40, "delay": 0.25}))
                    await wait_until(lambda: session.tasks[spanning].state == "PROGRESS", 20, "long_progress PROGRESS")
                    key = poller.backend.get_key_for_task(spanning)

                    old, timeline.killed = await asyncio.to_thread(group.kill_master)
                    promoting = asyncio.ensure_future(asyncio.to_thread(group.wait_promoted, old.port, 30))
                    await wait_until(lambda: poller.status.state is PollState.RECONNECTING, 5, "results reconnecting")
                    seen["results_message"] = poller.status.message
                    new_port = await promoting
                    seen["promoted"] = time.monotonic() - timeline.killed
                    await wait_until(lambda: poller.status.state is PollState.OK, 30, "results polled again")
                    seen["polling"] = time.monotonic() - timeline.killed
                    # push: the running task's channel is subscribed again, on the new master
                    await wait_until(lambda: subscribers(group, new_port, key) == 1, 15, "subscribed on the new master")
                    seen["push"] = time.monotonic() - timeline.killed
                    await wait_until(lambda: session.tasks[spanning].state == "SUCCESS", 60, "long_progress SUCCESS")
                    after = await send(session, CallSpec("tasks.add", (40, 2)))
                    await wait_until(lambda: session.tasks[after].state == "SUCCESS", 60, "add after the failover")
                    await wait_until(
                        lambda: (t := session.monitor.store.task(after)) is not None and t.state == "SUCCESS", 30, "events again"
                    )
                    await wait_until(lambda: timeline.all_ok_again() is not None, 30, "connection bar OK again")
                    seen["reader_at"] = poller._reader.connparams.address  # where the poll's own connection went
                    seen["broker_messages"] = [
                        m for m in {session.broker.message, session.monitor.stream_status.message, *session.errors} if m
                    ]
                    return before, spanning, after, new_port
                finally:
                    sampling.cancel()

        before, spanning, after, new_port = run(session, scenario)
    finally:
        if worker is not None:
            worker.stop()
        group.stop()

    assert session.tasks[before].result == "3"
    assert session.tasks[spanning].state == "SUCCESS" and session.tasks[after].result == "42"
    assert poller.status.state is PollState.OK and poller.status.change_tracking
    assert seen["reader_at"] == ("127.0.0.1", new_port)
    message = seen["results_message"]
    assert "result backend" in message and not any(s in message for s in secrets_of(group)), message
    for text in seen["broker_messages"]:
        assert not any(s in text for s in secrets_of(group)), text
    polling, events, broker, backend = (timeline.back(column) for column in (1, 2, 3, 4))
    assert events is not None, "the event stream never noticed the master going away"
    bar = timeline.all_ok_again()
    measured("sentinel: master killed -> replica promoted", seen["promoted"], "s")
    measured("sentinel: master killed -> results polled again", seen["polling"], "s")
    measured("sentinel: master killed -> push subscribed on the new master", seen["push"], "s")
    measured("sentinel: master killed -> events received again", events, "s")
    measured("sentinel: master killed -> connection bar OK", bar, "s")
    # Results and the whole bar came back by themselves (the waits above); how soon after the promotion: bench/failover.py.


def runs_of(path, task_id: str) -> int:
    try:
        return path.read_text(encoding="utf-8").split().count(task_id)
    except FileNotFoundError:
        return 0


def test_a_call_sent_during_a_failover_is_published_once_the_new_master_is_up(tmp_path):
    """Sent right after the master died, before a replica is promoted: Celery's publish retries carry it across.

    The console's task_publish_retry_policy through Sentinel waits about 10 s for the new master; a
    call whose own policy gives up sooner fails, saying it was retried, and never runs.
    """
    group = SentinelGroup()
    group.start()
    worker = None
    runs = tmp_path / "runs.txt"
    try:
        worker = start_worker(group, tmp_path / "worker.log", name="mid-failover")
        session = sentinel_session(group)
        policy = session.client.app.conf.task_publish_retry_policy
        short = RetryPolicy(max_retries=2, interval_start=0.5, interval_step=0, interval_max=0.5)  # 1 s of retries
        seen: dict[str, object] = {}

        async def timed(spec: CallSpec):
            started = time.monotonic()
            reply = await session.send_call(spec)
            return reply, time.monotonic() - started

        async def scenario():
            before = await send(session, CallSpec("tasks.record_run", (str(runs),)))
            await wait_until(lambda: runs_of(runs, before) == 1, 30, "a run before the failover")

            old, killed = await asyncio.to_thread(group.kill_master)
            promoting = asyncio.ensure_future(asyncio.to_thread(group.wait_promoted, old.port, 30))
            (carried, carried_took), (given_up, given_up_took) = await asyncio.gather(
                timed(CallSpec("tasks.record_run", (str(runs),))),
                timed(CallSpec("tasks.record_run", (str(runs),), retry_policy=short)),
            )
            new_port = await promoting
            seen["promoted"] = time.monotonic() - killed
            assert carried.ok, carried.error
            mid = carried.value[0].task_id
            await wait_until(lambda: runs_of(runs, mid) >= 1, 60, "the call sent mid-failover runs")
            after = await send(session, CallSpec("tasks.record_run", (str(runs),)))
            await wait_until(lambda: runs_of(runs, after) == 1, 60, "a run after the failover")
            await asyncio.sleep(1.0)  # a second copy of the mid-failover call would have run by now
            return before, mid, after, carried_took, given_up, given_up_took, new_port

        before, mid, after, carried_took, given_up, given_up_took, new_port = run(session, scenario)
        queued = group.data_client(new_port, 10).llen("celery")
    finally:
        if worker is not None:
            worker.stop()
        group.stop()

    assert policy["max_retries"] == 12 and policy["interval_max"] == 1.0, policy
    assert runs_of(runs, before) == runs_of(runs, after) == 1
    assert runs_of(runs, mid) == 1, runs.read_text()  # published once, run once
    assert queued == 0
    assert carried_took > 0.5, carried_took  # it did wait for the new master
    assert carried_took < seen["promoted"] + 5.0, (carried_took, seen)
    assert not given_up.ok and given_up.value is None, given_up
    assert "given up after" in given_up.error and "task_publish_retry_policy" in given_up.error, given_up.error
    assert given_up_took < seen["promoted"], (given_up_took, seen)  # its own policy ended before the switch did
    assert not any(s in given_up.error for s in secrets_of(group)), given_up.error
    assert len(runs.read_text().split()) == 3  # the given-up call never ran
    measured("sentinel: a call sent when the master died -> published", carried_took, "s")
