"""EventStream on a real redis-server with real workers: events arrive in batches, workers come
and go, and a broker restart is survived without help."""

from __future__ import annotations

import asyncio
import os
import time
import uuid

import pytest
from celery import Celery

from desktop.core.cluster.celery_app import BROKER_SOCKET_TIMEOUT, build_console_app
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.live.event_receiver import EventStream, StreamState, StreamStatus
from desktop.core.runtime import demo
from tests.support.redis_dbs import db
from tests.support.sessions import wait_until

pytestmark = pytest.mark.integration

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Collected:
    """What the stream handed to the loop, as the loop saw it."""

    def __init__(self):
        self.batches: list[list[dict]] = []
        self.statuses: list[StreamStatus] = []
        self.loop_thread_only = True
        self._loop_thread = None

    def on_batch(self, batch: list[dict]) -> None:
        self._check_thread()
        self.batches.append(batch)

    def on_status(self, status: StreamStatus) -> None:
        self._check_thread()
        self.statuses.append(status)

    def _check_thread(self) -> None:
        import threading

        if self._loop_thread is None:
            self._loop_thread = threading.current_thread()
        self.loop_thread_only &= threading.current_thread() is self._loop_thread

    @property
    def events(self) -> list[dict]:
        return [event for batch in self.batches for event in batch]

    def of_task(self, task_id: str) -> list[str]:
        return [e["type"] for e in self.events if e.get("uuid") == task_id]

    def of_worker(self, hostname: str) -> list[str]:
        return [e["type"] for e in self.events if e.get("hostname") == hostname and e["type"].startswith("worker-")]


def stream_for(broker_url: str) -> tuple[EventStream, Collected]:
    profile = ConnectionProfile(broker_url=broker_url, backend_url=None)
    collected = Collected()
    stream = EventStream(build_console_app(profile), collected.on_batch, collected.on_status, redact=profile.redact)
    return stream, collected


def plain_client(broker_url: str, backend_url: str) -> Celery:
    """Another program that sends tasks: not the console."""
    app = Celery("someone-else", broker=broker_url, backend=backend_url)
    app.conf.task_send_sent_event = True
    return app


def test_events_of_a_task_sent_by_another_program_arrive_in_batches(demo_worker):
    stream, collected = stream_for(demo_worker.broker_url)
    client = plain_client(demo_worker.broker_url, demo_worker.backend_url)

    async def scenario():
        stream.start()
        try:
            await wait_until(lambda: stream.status.state is StreamState.RECEIVING, 10, "receiving")
            # wakeup=True asks every worker for a heartbeat at once
            await wait_until(lambda: "worker-heartbeat" in collected.of_worker(demo_worker.hostname), 10, "heartbeat")
            ids = [client.send_task("tasks.add", args=(i, i)).id for i in range(20)]
            await wait_until(lambda: all("task-succeeded" in collected.of_task(i) for i in ids), 20, "20 tasks succeeded")
            return ids
        finally:
            await stream.stop()

    try:
        ids = asyncio.run(scenario())
    finally:
        client.close()
    for task_id in ids:
        kinds = collected.of_task(task_id)
        assert {"task-sent", "task-received", "task-started", "task-succeeded"} <= set(kinds), kinds
    succeeded = next(e for e in collected.events if e.get("uuid") == ids[3] and e["type"] == "task-succeeded")
    assert succeeded["result"] == "6" and succeeded["runtime"] >= 0 and succeeded["hostname"] == demo_worker.hostname
    assert "local_received" in succeeded  # the receiver's own bookkeeping is kept
    assert len(collected.batches) < len(collected.events) / 4  # batched, not one call per event
    assert collected.loop_thread_only
    assert stream.status.state is StreamState.STOPPED


def test_a_worker_started_and_stopped_goes_online_then_offline(redis_server, tmp_path):
    broker, backend = redis_server.url(db("test_event_stream", "broker")), redis_server.url(db("test_event_stream", "backend"))
    stream, collected = stream_for(broker)
    hostname = f"comes-and-goes-{uuid.uuid4().hex[:6]}@127.0.0.1"
    # Built by hand, not from cluster_on: its start and its stop, inside the scenario, are what the test watches.
    worker = demo.WorkerProcess(
        broker,
        backend,
        app_module="desktop.tasks",
        hostname=hostname,
        concurrency=1,
        pythonpath=[TESTS_DIR],
        logfile=tmp_path / "w.log",
    )

    async def scenario():
        stream.start()
        try:
            await wait_until(lambda: stream.status.state is StreamState.RECEIVING, 10, "receiving")
            worker.start()
            await wait_until(lambda: "worker-online" in collected.of_worker(hostname), 60, "worker-online")
            await asyncio.get_running_loop().run_in_executor(None, worker.stop)
            await wait_until(lambda: "worker-offline" in collected.of_worker(hostname), 20, "worker-offline")
        finally:
            await stream.stop()

    try:
        asyncio.run(scenario())
    finally:
        worker.stop()
    kinds = collected.of_worker(hostname)
    assert kinds.index("worker-online") < kinds.index("worker-offline")


def test_the_stream_says_reconnecting_and_resumes_after_a_broker_restart(cluster_on):
    cluster = cluster_on("desktop.tasks", "restart-events", concurrency=1)
    server, hostname = cluster.server, cluster.worker.hostname
    stream, collected = stream_for(cluster.broker_url)
    timeline: dict[str, float] = {}

    async def scenario():
        stream.start()
        try:
            await wait_until(lambda: "worker-heartbeat" in collected.of_worker(hostname), 15, "first heartbeat")
            server.proc.terminate()
            server.proc.wait(10)
            timeline["reconnecting"] = await wait_until(
                lambda: stream.status.state is StreamState.RECONNECTING, 10, "stream RECONNECTING"
            )
            assert "retrying" in stream.status.message and server.password not in stream.status.message
            server.restart()  # main thread: see RedisServer.restart
            restarted = time.monotonic()
            await wait_until(lambda: stream.status.state is StreamState.RECEIVING, 15, "stream RECEIVING again")
            timeline["receiving_again"] = time.monotonic() - restarted
            seen = len(collected.events)
            client = plain_client(cluster.broker_url, cluster.backend_url)
            try:
                # The worker reconnects at its own pace; keep sending until its events come through.
                deadline = time.monotonic() + 40
                while not any(e.get("type") == "task-succeeded" for e in collected.events[seen:]):
                    assert time.monotonic() < deadline, "no task events after the restart"
                    client.send_task("tasks.add", args=(1, 1))
                    await asyncio.sleep(1.0)
            finally:
                client.close()
        finally:
            await stream.stop()

    asyncio.run(scenario())
    # Said at once: before a read of the dead broker would even have timed out (how soon: bench/latency.py).
    assert timeline["reconnecting"] < BROKER_SOCKET_TIMEOUT, timeline
    # Back at its next try: tries are at most 2 s apart (the stream's longest pause, and kombu's before
    # its one retry), so not at a later one (how soon: bench/latency.py).
    assert timeline["receiving_again"] < 2 * 2.0, timeline
    assert collected.loop_thread_only


def test_receiving_means_an_event_sent_right_then_arrives(redis_server):
    """ "Receiving" is said once the stream listens: an event published the moment it says so is not lost."""
    broker = redis_server.url(db("test_event_stream", "receiving"))
    sender = Celery("sender", broker=broker)
    dispatcher = sender.events.Dispatcher(sender.connection_for_write())

    async def once() -> bool:
        stream, collected = stream_for(broker)
        marker = uuid.uuid4().hex
        told = collected.on_status

        def on_status(status: StreamStatus) -> None:  # on the loop, the moment the stream says it
            told(status)
            if status.state is StreamState.RECEIVING:
                dispatcher.send("task-sent", uuid=marker, name="probe")

        stream.on_status = on_status
        stream.start()
        try:
            await wait_until(lambda: stream.status.state is StreamState.RECEIVING, 10, "receiving")
            try:
                await wait_until(lambda: marker in {e.get("uuid") for e in collected.events}, 2, "the probe event")
                return True
            except AssertionError:
                return False
        finally:
            await stream.stop()

    try:
        lost = sum(not asyncio.run(once()) for _ in range(5))
    finally:
        dispatcher.close()
        sender.close()
    assert lost == 0
