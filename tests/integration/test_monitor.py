"""ClusterMonitor inside a started ConsoleSession, on a real redis-server and real workers.

Three workers share this module's broker and backend databases (tests/redis_dbs.py):

- ``evented`` runs the demo tasks with ``-E`` (WorkerProcess) on the default ``celery`` queue;
- ``hushed`` runs tests/apps/quiet.py without ``-E`` and with ``--without-heartbeat``: it sends no
  event at all (its dispatcher is still on, for gossip, so ``enable_events`` can turn task events on);
- ``untasked`` runs tests/apps/quiet.py without ``-E`` but with heartbeats: worker events, no task events.

The quiet two consume only queues of their own, so the tasks sent to ``celery`` always run where
events are sent. Queue counting uses a third database of its own, where no worker listens. Each scenario runs in its
own ``asyncio.run``, as test_poller.py does.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from celery import Celery
from kombu import Queue

from desktop.core.cluster.control import WorkerCommand, send_command
from desktop.core.cluster.inspection import inspect_workers
from desktop.core.cluster.worker_reports import WorkerSummary
from desktop.core.domain.calls import CallSpec
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.monitor import NO_EVENTS_AFTER
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime import demo
from tests.support.redis_dbs import db as owned_db
from tests.support.sessions import run, session_for, wait_until

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
BROKER_DB, BACKEND_DB = owned_db("test_monitor", "broker"), owned_db("test_monitor", "backend")
QUEUE_BROKER_DB = owned_db("test_monitor", "queues")  # no worker: messages stay where they were put
PRIORITY_OPTIONS = {
    "priority_steps": list(range(10)),
    "sep": ":",
    "queue_order_strategy": "priority",
    "global_keyprefix": "monitor-test:",
}


# -- processes -----------------------------------------------------------------------------------


class QuietWorker:
    """``celery worker`` on tests/apps/quiet.py, started WITHOUT -E (WorkerProcess always passes it)."""

    def __init__(self, broker_url: str, backend_url: str, hostname: str, queue: str, logfile: Path, extra_args=()):
        self.broker_url, self.backend_url = broker_url, backend_url
        self.hostname, self.queue, self.logfile = hostname, queue, logfile
        self.extra_args = tuple(extra_args)
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(os.environ, CELERY_BROKER_URL=self.broker_url, CELERY_RESULT_BACKEND=self.backend_url)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        command = [
            sys.executable, "-m", "celery", "-A", "tests.apps.quiet", "worker",
            "--loglevel", "INFO", "--hostname", self.hostname, "--pool", "solo",
            "--without-mingle", "--queues", self.queue, *self.extra_args,
        ]  # fmt: skip
        with open(self.logfile, "ab") as log:
            self.proc = subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped whole
                preexec_fn=demo._die_with_parent,
            )

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.logfile.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None:
            demo.stop_process_group(self.proc, 5.0)


class Cluster:
    def __init__(self, redis_server, tmp: Path):
        suffix = uuid.uuid4().hex[:6]
        self.server = redis_server
        self.broker_url, self.backend_url = redis_server.url(BROKER_DB), redis_server.url(BACKEND_DB)
        self.evented = f"mon-evented-{suffix}@127.0.0.1"
        self.hushed = f"mon-hushed-{suffix}@127.0.0.1"
        self.untasked = f"mon-untasked-{suffix}@127.0.0.1"
        self.hushed_queue, self.untasked_queue = f"hushed-{suffix}", f"untasked-{suffix}"
        self.tmp = tmp
        self.evented_worker = demo.WorkerProcess(
            self.broker_url,
            self.backend_url,
            app_module="desktop.tasks",
            hostname=self.evented,
            concurrency=2,
            pythonpath=[str(ROOT)],
            logfile=tmp / "evented.log",
        )
        self.hushed_worker = QuietWorker(
            self.broker_url, self.backend_url, self.hushed, self.hushed_queue, tmp / "hushed.log", ["--without-heartbeat"]
        )
        self.untasked_worker = QuietWorker(
            self.broker_url, self.backend_url, self.untasked, self.untasked_queue, tmp / "untasked.log"
        )

    @property
    def processes(self) -> list:
        return [self.evented_worker, self.hushed_worker, self.untasked_worker]


def raw_redis(server, db: int) -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=db)


@pytest.fixture(scope="module")
def cluster(redis_server, tmp_path_factory):
    for db in (BROKER_DB, BACKEND_DB, QUEUE_BROKER_DB):  # what a crashed earlier run may have left
        raw = raw_redis(redis_server, db)
        raw.flushdb()
        raw.close()
    c = Cluster(redis_server, tmp_path_factory.mktemp("monitor"))
    try:
        for process in c.processes:
            process.start()
        demo.wait_for_workers(c.broker_url, 3, timeout=60, procs=c.processes)
        yield c
    finally:
        for process in c.processes:
            process.stop()


# -- helpers ---------------------------------------------------------------------------------------


def plain_client(cluster: Cluster) -> Celery:
    """Another program that sends tasks: not the console."""
    app = Celery(
        f"someone-else-{uuid.uuid4().hex[:6]}", broker=cluster.broker_url, backend=cluster.backend_url, set_as_current=False
    )
    app.conf.task_send_sent_event = True
    return app


async def started(session: ConsoleSession, *hostnames: str) -> None:
    """Start the session the way the window does; wait for the event stream and the first pings."""
    session.start()
    await wait_until(lambda: session.monitor.stream.status.state is StreamState.RECEIVING, 10, "event stream receiving")
    online = lambda: {w.hostname for w in session.online_workers}  # noqa: E731
    await wait_until(lambda: set(hostnames) <= online(), 15, f"{hostnames} answer pings")


class PremiseFailed(RuntimeError):
    """The setup of an xfail test did not hold: a real failure, not the expected one."""


def worker_info(session: ConsoleSession, hostname: str):
    return next((w for w in session.monitor.workers() if w.hostname == hostname), None)


# -- tasks anyone sent -----------------------------------------------------------------------------


def test_a_task_another_program_sent_becomes_a_row_of_its_own_and_succeeds(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    client = plain_client(cluster)

    async def scenario():
        await started(session, cluster.evented)
        try:
            task_id = client.send_task("tasks.add", args=(2, 3)).id
            await wait_until(
                lambda: task_id in session.tasks and session.tasks[task_id].state == "SUCCESS",
                20,
                "the other program's task succeeds",
            )
            return task_id, session.tasks[task_id], session.take_task_changes()
        finally:
            await session.stop()

    try:
        task_id, row, changes = run(session, scenario)
    finally:
        client.close()
    assert row.mine is False
    assert task_id not in session.poller.tracked and task_id in session.rows.seen_only  # nobody tracks it
    assert (row.name, row.args, row.result, row.worker) == ("tasks.add", "(2, 3)", "5", cluster.evented)
    assert row.sent_at is not None and row.started_at is not None and row.date_done >= row.started_at
    assert row.meta.get("source") == "events"
    assert task_id in [r.id for r in changes]


def test_a_task_the_console_sent_merges_event_moments_with_the_backends_result(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    backend_result = '{"current": 2, "total": 2, "status": "done"}'  # the event carries the repr: {'current': 2, …}

    async def scenario():
        await started(session, cluster.evented)
        try:
            reply = await session.send_call(CallSpec("tasks.long_progress", args=(2, 0.2)))
            assert reply.ok, reply.error
            task_id = reply.value[0].task_id
            seen = session.monitor.store.task

            def merged() -> bool:
                row, state = session.tasks.get(task_id), seen(task_id)
                return (
                    row is not None
                    and state is not None
                    and row.state == "SUCCESS"
                    and row.result == backend_result
                    and state.state == "SUCCESS"
                    and row.started_at == state.started
                )

            await wait_until(merged, 20, "the row has both the backend's result and the events' moments")
            state = seen(task_id)
            return session.tasks[task_id], state.started, state.succeeded, state.result
        finally:
            await session.stop()

    row, event_started, event_succeeded, event_result = run(session, scenario)
    assert row.mine is True
    assert row.name == "tasks.long_progress" and row.args == "2, 0.2"
    assert row.worker == cluster.evented
    assert row.started_at == event_started and row.date_done == event_succeeded  # the events' moments
    # the worker's own figure for the run: at least the 0.4 s it slept, at most from its sending to its end
    # sent_at is the console's clock once the send returned, date_done the worker's when it reported: a few ms apart
    assert row.runtime is not None and 0.4 <= row.runtime <= row.date_done - row.sent_at + 0.05, (row.runtime, row)
    assert event_result == "{'current': 2, 'total': 2, 'status': 'done'}" != row.result
    assert row.progress is not None and row.progress.fraction == 1.0  # from the backend's PROGRESS, completed
    assert row.meta["status"] == "SUCCESS" and row.meta["worker"] == cluster.evented  # the backend's meta
    assert session.sent_calls[row.id].task == "tasks.long_progress"


def test_rows_seen_only_through_events_are_bounded_and_tracked_rows_stay(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    session.rows.max_seen = 10
    client = plain_client(cluster)

    async def scenario():
        await started(session, cluster.evented)
        try:
            reply = await session.send_call(CallSpec("tasks.add", args=(1, 1)))
            assert reply.ok, reply.error
            mine_id = reply.value[0].task_id
            others = [client.send_task("tasks.add", args=(i, 100)).id for i in range(16)]
            store = session.monitor.store
            await wait_until(
                lambda: all(store.task(i) is not None and store.task(i).ready for i in [mine_id, *others]), 20, "17 done"
            )
            await wait_until(lambda: session.tasks[mine_id].state == "SUCCESS", 10, "the console's call succeeds")
            await wait_until(
                lambda: all(i in session.removed_tasks or (i in session.tasks and session.tasks[i].ready) for i in others),
                10,
                "the last event batch in the rows",
            )
            return mine_id, others, dict(session.tasks), list(session.rows.seen_only), session.take_removed_tasks()
        finally:
            await session.stop()

    try:
        mine_id, others, rows, seen_only, removed = run(session, scenario)
    finally:
        client.close()
    assert rows[mine_id].mine and rows[mine_id].result == "2"  # the oldest row, but tracked: never dropped
    kept = [i for i in others if i in rows]
    # Over the bound, rows go in a chunk (down to 90 %): between 9 and 10 of the 16 stay, the newest ones.
    assert 9 <= len(kept) <= 10 and sorted(kept) == sorted(seen_only)
    assert all(not rows[i].mine and rows[i].state == "SUCCESS" for i in kept)
    assert set(others) - set(kept) <= removed and mine_id not in removed


def test_the_args_column_of_a_console_call_shows_each_keyword_argument_once(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        await started(session, cluster.evented)
        try:
            reply = await session.send_call(CallSpec("tasks.add", kwargs={"x": 20, "y": 22}))
            if not reply.ok:
                raise PremiseFailed(reply.error)
            task_id = reply.value[0].task_id
            state = session.monitor.store.task
            try:
                await wait_until(
                    lambda: session.tasks[task_id].result == "42" and state(task_id) is not None and state(task_id).ready,
                    20,
                    "the call succeeds, in the backend and in the events",
                )
            except AssertionError as exc:
                raise PremiseFailed(str(exc)) from None
            return session.tasks[task_id]
        finally:
            await session.stop()

    row = run(session, scenario)
    column = ", ".join(p for p in (row.args, row.kwargs) if p)  # desktop/models.py, the Args column
    assert column.count("20") == 1 and column.count("22") == 1, column


# -- workers -------------------------------------------------------------------------------------


def test_a_worker_started_after_the_session_shows_online_then_offline(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    hostname = f"mon-comes-and-goes-{uuid.uuid4().hex[:6]}@127.0.0.1"
    worker = demo.WorkerProcess(
        cluster.broker_url,
        cluster.backend_url,
        app_module="desktop.tasks",
        hostname=hostname,
        concurrency=1,
        pool="solo",
        queues=(f"comes-and-goes-{uuid.uuid4().hex[:6]}",),
        pythonpath=[str(ROOT)],
        logfile=cluster.tmp / "comes-and-goes.log",
    )
    seen: dict[str, object] = {}

    async def scenario():
        await started(session, cluster.evented)
        try:
            assert worker_info(session, hostname) is None
            worker.start()  # from the main thread: its parent-death signal follows this thread
            await wait_until(lambda: (w := worker_info(session, hostname)) is not None and w.online, 60, "worker-online")
            seen["online"] = worker_info(session, hostname)
            await asyncio.get_running_loop().run_in_executor(None, worker.stop)
            await wait_until(lambda: not worker_info(session, hostname).online, 20, "worker-offline")
            seen["offline"] = worker_info(session, hostname)
            seen["evented"] = worker_info(session, cluster.evented)
        finally:
            await session.stop()

    try:
        run(session, scenario)
    finally:
        worker.stop()
    online, offline = seen["online"], seen["offline"]
    assert online.last_heartbeat is not None and online.heartbeat_age is not None
    # a live heartbeat: younger than the window after which the worker would count as offline
    assert 0 <= online.heartbeat_age < online.heartbeat_expires - online.last_heartbeat, online
    assert online.sw_ident == "py-celery" and online.pid == worker.proc.pid
    assert offline.online is False and offline.last_heartbeat is None  # worker-offline, not an expired heartbeat
    assert seen["evented"].online is True  # the other worker is untouched


def test_metrics_count_the_finished_tasks_and_time_them_by_name(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    client = plain_client(cluster)

    async def scenario():
        await started(session, cluster.evented)
        try:
            ids = [client.send_task("tasks.add", args=(i, i)).id for i in range(6)]
            ids.append(client.send_task("tasks.always_fails", kwargs={"sku": "SKU-1", "quantity": 1}).id)
            store = session.monitor.store
            await wait_until(lambda: all(store.task(i) is not None and store.task(i).ready for i in ids), 20, "7 tasks finish")
            now = time.time()
            metrics = session.monitor.metrics
            return (
                metrics.throughput.total(now, 60),
                metrics.runtimes.summaries(now, 60),
                worker_info(session, cluster.evented),
                [store.task(i).runtime for i in ids[:6]],
            )
        finally:
            await session.stop()

    try:
        totals, summaries, worker, runtimes = run(session, scenario)
    finally:
        client.close()
    assert totals == (6, 1)
    by_name = {s.name: s for s in summaries}
    assert set(by_name) == {"tasks.add"}  # failures count in throughput, not in runtimes
    add = by_name["tasks.add"]
    assert add.count == 6 and sum(count for _, count in add.histogram) == 6
    assert add.max == pytest.approx(max(runtimes)) and 0 <= add.p50 <= add.p90 <= add.max
    assert (worker.succeeded, worker.failed) == (6, 1)


# -- queues --------------------------------------------------------------------------------------


def test_queue_counts_with_priorities_and_key_prefix_and_purge(cluster):
    queue = f"waiting-{uuid.uuid4().hex[:6]}"
    broker = cluster.server.url(QUEUE_BROKER_DB)

    def configure(app: Celery) -> None:  # what a user's -A app would say
        app.conf.broker_transport_options = {**app.conf.broker_transport_options, **PRIORITY_OPTIONS}
        app.conf.task_queues = [Queue(queue)]

    session = session_for(broker, cluster.backend_url, configure)
    sender = Celery(f"sender-{uuid.uuid4().hex[:6]}", broker=broker, set_as_current=False)
    sender.conf.broker_transport_options = dict(PRIORITY_OPTIONS)
    priorities = [0, 0, 3, 5, 5, 9, 9, 9]
    with sender.producer_or_acquire() as producer:
        for priority in priorities:
            sender.send_task("tasks.add", args=(priority, 1), queue=queue, priority=priority, producer=producer)
    raw = raw_redis(cluster.server, QUEUE_BROKER_DB)
    keys_before = sorted(k.decode() for k in raw.keys(f"monitor-test:{queue}*"))
    monitor = session.monitor

    async def scenario():
        await monitor.refresh_queues()
        before = {q.name: q for q in monitor.queues}, monitor.queues_error, monitor.metrics.queue_depth[queue].last
        purged = await monitor.purge(queue)
        after = {q.name: q for q in monitor.queues}, monitor.metrics.queue_depth[queue].last
        return before, purged, after

    try:
        (queues, error, depth), purged, (after, depth_after) = run(session, scenario)
        keys_after = raw.keys(f"monitor-test:{queue}*")
    finally:
        raw.flushdb()
        raw.close()
        sender.close()
    assert keys_before == [
        f"monitor-test:{queue}",
        f"monitor-test:{queue}:3",
        f"monitor-test:{queue}:5",
        f"monitor-test:{queue}:9",
    ]
    assert error == ""
    assert sorted(queues) == ["celery", queue]
    waiting = queues[queue]
    assert waiting.ready == len(priorities) and waiting.error == ""
    assert waiting.by_priority == ((0, 2), (3, 1), (5, 2), (9, 3))
    assert waiting.consumers == () and waiting.unacked == 0
    assert queues["celery"].ready == 0
    assert depth == len(priorities)
    assert purged.ok and purged.value == len(priorities), purged
    assert after[queue].ready == 0 and after[queue].by_priority == ()
    assert depth_after == 0
    assert keys_after == []


# -- remote control --------------------------------------------------------------------------------


def test_rate_limit_shows_in_registered_and_pool_grow_shrink_change_the_pool(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    client, host = session.client, cluster.evented

    async def pool_size() -> int | None:
        result = await inspect_workers(client, "stats", destination=[host], timeout=3.0)
        assert result.ok, result
        return WorkerSummary.from_stats(host, result.replies[host]).pool_size

    async def wait_pool(size: int) -> None:
        deadline = time.monotonic() + 15
        while (now := await pool_size()) != size:
            assert time.monotonic() < deadline, f"pool stays at {now}, not {size}"
            await asyncio.sleep(0.2)

    async def command(name: str, **arguments):
        result = await send_command(client, WorkerCommand.of(name, **arguments), [host], timeout=3.0)
        assert result.ok, result
        return result.reply_for(host).text

    async def registered() -> list[str]:
        result = await inspect_workers(client, "registered", destination=[host], timeout=3.0, items=["rate_limit"])
        assert result.ok, result
        return result.replies[host]

    async def scenario():
        texts, seen = {}, {}
        size = await pool_size()
        try:
            texts["rate"] = await command("rate_limit", task_name="tasks.add", rate_limit="10/m")
            seen["limited"] = await registered()
            texts["grow"] = await command("pool_grow", n=1)
            await wait_pool(size + 1)
            texts["shrink"] = await command("pool_shrink", n=1)
            await wait_pool(size)
        finally:
            texts["unlimit"] = await command("rate_limit", task_name="tasks.add", rate_limit="")
            seen["unlimited"] = await registered()
        return size, texts, seen

    size, texts, seen = run(session, scenario)
    assert size == 2  # WorkerProcess(concurrency=2)
    assert texts["rate"] == "new rate limit set successfully"
    assert "tasks.add [rate_limit=10/m]" in seen["limited"]
    assert "tasks.mul" in seen["limited"]  # the others have no limit
    assert texts["grow"] == "pool will grow" and texts["shrink"] == "pool will shrink"
    assert texts["unlimit"] == "rate limit disabled successfully"
    assert "tasks.add" in seen["unlimited"] and not any("rate_limit" in entry for entry in seen["unlimited"])


# -- workers whose tasks the console cannot see ----------------------------------------------------


def test_silent_workers_names_a_worker_without_events_until_enable_events(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    client = plain_client(cluster)
    monitor = session.monitor

    async def scenario():
        await started(session, cluster.evented, cluster.hushed)
        try:
            if time.monotonic() - monitor._receiving_since < NO_EVENTS_AFTER - 1:
                assert monitor.silent_workers() == []  # too early to tell
            await wait_until(lambda: cluster.hushed in monitor.silent_workers(), NO_EVENTS_AFTER + 10, "hushed named")
            named_after = time.monotonic() - monitor._receiving_since
            named = monitor.silent_workers()
            hushed_info = worker_info(session, cluster.hushed)  # at most its start-up event, no live heartbeat
            assert hushed_info is None or not hushed_info.online

            # What it runs stays invisible: the backend has the result, the events only the sending.
            unseen = client.send_task("quiet.touch", args=(1,), queue=cluster.hushed_queue)
            assert await asyncio.get_running_loop().run_in_executor(None, lambda: unseen.get(timeout=10)) == 1
            await wait_until(lambda: monitor.store.to_record(unseen.id) is not None, 10, "the task-sent event")
            await asyncio.sleep(0.3)  # and nothing after it: events the worker would send have had time to come
            invisible = monitor.store.to_record(unseen.id)

            enabled = await send_command(session.client, WorkerCommand.of("enable_events"), [cluster.hushed], timeout=3.0)
            seen = client.send_task("quiet.touch", args=(2,), queue=cluster.hushed_queue)
            await wait_until(lambda: cluster.hushed not in monitor.silent_workers(), 15, "hushed no longer named")
            await wait_until(
                lambda: session.tasks.get(seen.id) is not None and session.tasks[seen.id].state == "SUCCESS", 10, "seen"
            )
            return named_after, named, invisible, enabled, session.tasks[seen.id]
        finally:  # the module's worker without events again, whatever came of the test
            await send_command(session.client, WorkerCommand.of("disable_events"), [cluster.hushed], timeout=3.0)
            await session.stop()

    try:
        named_after, named, invisible, enabled, row = run(session, scenario)
    finally:
        client.close()
    assert named_after >= NO_EVENTS_AFTER  # not before the stream has listened that long
    assert cluster.hushed in named and cluster.evented not in named
    assert invisible is not None and invisible.state == "PENDING" and invisible.worker == ""  # task-sent only
    assert enabled.ok and enabled.reply_for(cluster.hushed).text == "task events enabled"
    assert row.worker == cluster.hushed and row.result == "2"


def test_silent_workers_names_a_worker_that_sends_heartbeats_but_no_task_events(cluster):
    session = session_for(cluster.broker_url, cluster.backend_url)
    client = plain_client(cluster)
    monitor = session.monitor

    async def premise(condition: Callable[[], bool], timeout: float, what: str) -> None:
        try:
            await wait_until(condition, timeout, what)
        except AssertionError as exc:
            raise PremiseFailed(str(exc)) from None

    async def scenario():
        session.start()
        try:
            await premise(lambda: monitor.stream.status.state is StreamState.RECEIVING, 10, "receiving")
            await premise(lambda: cluster.untasked in {w.hostname for w in session.online_workers}, 15, "untasked pinged")
            await premise(lambda: (w := worker_info(session, cluster.untasked)) is not None and w.online, 10, "its heartbeat")
            unseen = client.send_task("quiet.touch", args=(3,), queue=cluster.untasked_queue)
            if await asyncio.get_running_loop().run_in_executor(None, lambda: unseen.get(timeout=10)) != 3:
                raise PremiseFailed("the task did not run on the untasked worker")
            await asyncio.sleep(NO_EVENTS_AFTER)  # nothing may come in this while: the worker sends no task events
            record = monitor.store.to_record(unseen.id)
            if record is None or record.state != "PENDING" or record.worker:
                raise PremiseFailed(f"task events came from a worker without -E: {record}")
            # Its next heartbeat (every 2 s, later on a busy machine) carries the raised task count.
            try:
                await wait_until(lambda: cluster.untasked in monitor.silent_workers(), 15, "untasked named")
            except AssertionError:
                pass  # the assertion below says what was named
            return monitor.silent_workers()
        finally:
            await session.stop()

    try:
        silent = run(session, scenario)
    finally:
        client.close()
    assert cluster.untasked in silent, silent
