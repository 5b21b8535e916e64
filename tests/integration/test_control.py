"""Worker inspect and remote control against a real redis-server and two real workers.

Worker A runs the demo tasks with a fixed prefork pool of 2 and consumes only the
``ctl-a`` queue; worker B runs ``secret_app`` below (secrets in its configuration
that Celery itself does not censor, pool restarts on) with ``--autoscale=3,1``.
Both use this module's broker and backend databases (tests/support/redis_dbs.py).

The two serve every test of the module, in any order: a test that changes a worker puts it back
as it was (pool size, autoscale, rate limit, queues), and one that changes it for good (shutdown,
pool restart) gets a worker like B of its own (``own_worker``).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import threading
import time
import uuid

import pytest
from celery import Celery

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.cluster.control import SHUTDOWN_NOTE, WorkerCommand, run_command, send_command
from desktop.core.cluster.inspection import inspect, inspect_workers
from desktop.core.cluster.worker_reports import SettingState, WorkerSummary, event_settings, explain_unsupported
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.runtime.demo import WorkerProcess, wait_for_workers
from tests.support.processes import wait_until
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration

BROKER_DB, BACKEND_DB = db("test_control", "broker"), db("test_control", "backend")
# The timeout of a call that ends on its last expected reply: long enough that returning then is far
# from it on a loaded machine. How soon it returns: bench/control.py.
REPLY_TIMEOUT = 10.0
REPLY_TIMEOUT_MS = REPLY_TIMEOUT * 1000
LIST_SECRET, QUERY_SECRET, TEXT_SECRET = "list-secret-7f3a", "query-secret-91bc", "text-secret-c04d"

# Worker B's app (``-A tests.integration.test_control:secret_app``). Broker and backend come from
# CELERY_BROKER_URL / CELERY_RESULT_BACKEND, which WorkerProcess sets. Celery censors secret-looking
# keys and top-level URLs in what `inspect conf` returns, but not URLs in lists, custom settings or text.
secret_app = Celery("control-secrets", set_as_current=False)
secret_app.conf.update(
    worker_pool_restarts=True,
    task_track_started=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    console_test_endpoints={
        "cache": [f"redis://:{LIST_SECRET}@cache.invalid:6379/0"],
        "service": f"https://svc.invalid/v1?password={QUERY_SECRET}&region=eu",
        "notes": f"falls back to redis://:{TEXT_SECRET}@backup.invalid:6379/1 when down",
    },
)


@secret_app.task(name="control.noop")
def noop() -> None:
    """A task, so that worker B has one registered."""


class Cluster:
    def __init__(self, redis_server, tmp_path):
        suffix = uuid.uuid4().hex[:6]
        self.broker_url, self.backend_url = redis_server.url(BROKER_DB), redis_server.url(BACKEND_DB)
        self.password = redis_server.password
        self.a = f"ctl-a-{suffix}@127.0.0.1"
        self.b = f"ctl-b-{suffix}@127.0.0.1"
        self.worker_a = WorkerProcess(
            self.broker_url,
            self.backend_url,
            app_module="desktop.tasks",
            hostname=self.a,
            concurrency=2,
            queues=("ctl-a",),
            logfile=tmp_path / "ctl-a.log",
        )
        self.worker_b = WorkerProcess(
            self.broker_url,
            self.backend_url,
            app_module="tests.integration.test_control:secret_app",
            hostname=self.b,
            concurrency=2,
            extra_args=["--autoscale=3,1"],
            logfile=tmp_path / "ctl-b.log",
        )
        self.profile = ConnectionProfile(name="control", broker_url=self.broker_url, backend_url=self.backend_url)
        self.app = build_console_app(self.profile)

    @property
    def both(self) -> list[str]:
        return [self.a, self.b]

    def stats(self, hostname: str) -> dict:
        result = inspect(self.app, "stats", destination=[hostname], timeout=3.0)
        assert hostname in result.replies, f"{hostname}: {result.status(hostname)} {result.error}"
        return result.replies[hostname]

    def conf(self, hostname: str) -> dict:
        return inspect(self.app, "conf", destination=[hostname], timeout=3.0).replies[hostname]

    def pool_size(self, hostname: str) -> int | None:
        return WorkerSummary.from_stats(hostname, self.stats(hostname)).pool_size

    def command(self, name: str, destination: list[str], **arguments):
        return run_command(self.app, WorkerCommand(name, arguments), destination, timeout=3.0)

    def answers(self, hostname: str) -> bool:
        return hostname in inspect(self.app, "ping", destination=[hostname], timeout=1.0).replies


@pytest.fixture(scope="module")
def cluster(redis_server, tmp_path_factory):
    c = Cluster(redis_server, tmp_path_factory.mktemp("control"))
    c.worker_a.start()
    c.worker_b.start()
    try:
        wait_for_workers(c.broker_url, 2, timeout=60, procs=[c.worker_a, c.worker_b])
        yield c
    finally:
        c.worker_a.stop()
        c.worker_b.stop()
        c.app.close()


@pytest.fixture
def undo():
    """``undo(step)``: a step that puts a shared worker back as it was, run after the test however it ended."""
    steps = []
    yield steps.append
    failed = []
    for step in reversed(steps):
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - every step runs; the failures are reported together
            failed.append(f"{step}: {exc!r}")
    assert not failed, f"a shared worker was not put back: {failed}"


def pool_size_back(cluster: Cluster, hostname: str, size: int):
    """An undo step: the worker's pool grown or shrunk back to ``size`` processes."""

    def step() -> None:
        now = cluster.pool_size(hostname)
        if now != size:
            cluster.command("pool_grow" if now < size else "pool_shrink", [hostname], n=abs(size - now))
            assert wait_until(lambda: cluster.pool_size(hostname) == size, 15), f"{hostname}: pool stays at {now}"

    return step


@pytest.fixture
def own_worker(cluster, tmp_path):
    """A worker like B (secret_app, pool restarts on, autoscale 3,1) for one test, which may change it for good."""
    hostname = f"ctl-own-{uuid.uuid4().hex[:6]}@127.0.0.1"
    worker = WorkerProcess(
        cluster.broker_url,
        cluster.backend_url,
        app_module="tests.integration.test_control:secret_app",
        hostname=hostname,
        concurrency=2,
        extra_args=["--autoscale=3,1"],
        logfile=tmp_path / "ctl-own.log",
    )
    worker.start()
    try:
        started = wait_until(lambda: worker.proc.poll() is not None or cluster.answers(hostname), 60)
        assert started and worker.proc.poll() is None, f"{hostname} did not start:\n{worker.log_tail()}"
        yield worker, hostname
    finally:
        worker.stop()


def test_inspect_with_expected_returns_at_once_and_streams_replies(cluster):
    streamed = []
    caller = threading.get_ident()

    def on_reply(hostname, value):
        streamed.append((hostname, value, time.perf_counter(), threading.get_ident()))

    result = inspect(cluster.app, "ping", expected=cluster.both, timeout=REPLY_TIMEOUT, on_reply=on_reply)
    returned = time.perf_counter()
    assert result.ok and result.replies == {cluster.a: {"ok": "pong"}, cluster.b: {"ok": "pong"}}
    assert result.elapsed_ms < REPLY_TIMEOUT_MS / 2, result.elapsed_ms  # on the second reply, well before the timeout
    assert sorted(h for h, *_ in streamed) == sorted(cluster.both)
    assert all(v == {"ok": "pong"} and t <= returned and thread == caller for _, v, t, thread in streamed)
    assert set(result.reply_ms) == set(cluster.both)

    with_expected = [inspect(cluster.app, "ping", expected=cluster.both, timeout=1.0).elapsed_ms for _ in range(5)]
    without = inspect(cluster.app, "ping", timeout=1.0)  # nobody expected: waits out the timeout
    assert set(without.replies) == set(cluster.both) and without.missing == ()
    assert without.elapsed_ms >= 1000
    print(
        f"\nping 2 workers: expected {statistics.median(with_expected):.1f} ms (median of 5), without {without.elapsed_ms:.0f} ms"
    )

    for method in ("stats", "registered", "active_queues", "active", "reserved", "scheduled", "revoked", "conf"):
        result = inspect(cluster.app, method, expected=cluster.both, timeout=REPLY_TIMEOUT)
        assert result.ok, (method, result)
        assert result.elapsed_ms < REPLY_TIMEOUT_MS / 2, (method, result.elapsed_ms)
        print(f"{method}: {result.elapsed_ms:.1f} ms")
    registered = inspect(cluster.app, "registered", destination=[cluster.b], items=["rate_limit"]).replies[cluster.b]
    assert registered == ["control.noop"]


@pytest.mark.timeout(60)
def test_a_silent_worker_is_missing_and_nothing_hangs(cluster):
    group = os.getpgid(cluster.worker_a.proc.pid)
    os.killpg(group, signal.SIGSTOP)
    try:
        result = inspect(cluster.app, "ping", expected=cluster.both, timeout=1.0)
        assert result.replies == {cluster.b: {"ok": "pong"}}
        assert result.missing == (cluster.a,)
        assert result.status(cluster.a) == "no reply in 1 s"
        # It waited the whole second for the frozen worker and returned then: well before the ten
        # timeouts after which a reply queue that never goes quiet is given up on (bench/control.py).
        assert 1000 <= result.elapsed_ms < 10 * 1000 / 2, result.elapsed_ms

        command = run_command(cluster.app, WorkerCommand.of("ping"), [cluster.a], timeout=0.5)
        assert command.replies == () and command.missing == (cluster.a,)
        assert command.summary == "1 no reply in 0.5 s" and not command.ok
        assert 500 <= command.elapsed_ms < 10 * 500 / 2, command.elapsed_ms

        client = ClusterClient(cluster.app, cluster.profile, timeout=5.0)
        try:
            streamed = []
            stats = asyncio.run(
                inspect_workers(client, "stats", expected=cluster.both, timeout=1.0, on_reply=lambda h, v: streamed.append(h))
            )
        finally:
            client.close()
        assert stats.missing == (cluster.a,) and list(stats.replies) == [cluster.b] and streamed == [cluster.b]
    finally:
        os.killpg(group, signal.SIGCONT)
    assert wait_until(lambda: cluster.a in inspect(cluster.app, "ping", destination=[cluster.a], timeout=1.0).replies, 15)


def test_pool_grow_and_shrink_change_the_pool_size(cluster, undo):
    stats_a = cluster.stats(cluster.a)
    before = WorkerSummary.from_stats(cluster.a, stats_a).pool_size
    assert before == 2
    assert explain_unsupported("pool_grow", stats_a, None) is None

    undo(pool_size_back(cluster, cluster.a, before))
    grown = cluster.command("pool_grow", [cluster.a], n=1)
    assert grown.ok and grown.reply_for(cluster.a).text == "pool will grow"
    assert wait_until(lambda: cluster.pool_size(cluster.a) == before + 1, 15)

    shrunk = cluster.command("pool_shrink", [cluster.a], n=1)
    assert shrunk.ok and shrunk.reply_for(cluster.a).text == "pool will shrink"
    assert wait_until(lambda: cluster.pool_size(cluster.a) == before, 15)

    # Worker B autoscales: we say so before sending, and the worker agrees.
    stats_b = cluster.stats(cluster.b)
    assert "autoscale is on (max 3, min 1)" in explain_unsupported("pool_grow", stats_b, None)
    refused = cluster.command("pool_grow", [cluster.b], n=1)
    assert not refused.ok and "autoscale" in refused.reply_for(cluster.b).text

    assert explain_unsupported("autoscale", stats_b, None) is None
    undo(lambda: cluster.command("autoscale", [cluster.b], max=3, min=1))
    scaled = cluster.command("autoscale", [cluster.b], max=4, min=1)
    assert scaled.reply_for(cluster.b).text == "autoscale now max=4 min=1"
    assert WorkerSummary.from_stats(cluster.b, cluster.stats(cluster.b)).autoscale_max == 4

    assert "--autoscale" in explain_unsupported("autoscale", stats_a, None)
    not_enabled = cluster.command("autoscale", [cluster.a], max=4)
    assert "Autoscale not enabled" in not_enabled.reply_for(cluster.a).text


def test_rate_limit_shows_in_registered(cluster, undo):
    def entry():
        replies = inspect(cluster.app, "registered", destination=[cluster.a], items=["rate_limit"]).replies[cluster.a]
        return next(e for e in replies if e.split(" [")[0] == "tasks.add")

    undo(lambda: cluster.command("rate_limit", [cluster.a], task_name="tasks.add", rate_limit=""))
    result = run_command(cluster.app, WorkerCommand.of("rate_limit", task="tasks.add", rate="10/m"), [cluster.a], timeout=3.0)
    assert result.ok and result.reply_for(cluster.a).text == "new rate limit set successfully"
    assert entry() == "tasks.add [rate_limit=10/m]"

    removed = cluster.command("rate_limit", [cluster.a], task_name="tasks.add", rate_limit="")
    assert removed.reply_for(cluster.a).text == "rate limit disabled successfully"
    assert entry() == "tasks.add"

    unknown = cluster.command("rate_limit", [cluster.a], task_name="tasks.nope", rate_limit="1/s")
    assert not unknown.ok and unknown.reply_for(cluster.a).text == "unknown task"
    assert unknown.summary == "1 failed"


def test_enable_and_disable_events(cluster):
    # Both workers run with -E: Celery's dispatcher then sends every event group, and
    # disable_events (which only removes "task" from an explicit group list) changes nothing.
    conf_a = cluster.conf(cluster.a)
    assert "cannot turn those off" in explain_unsupported("disable_events", None, conf_a)
    for name, text in [
        ("disable_events", "task events already disabled"),
        ("enable_events", "task events already enabled"),
    ]:
        result = run_command(cluster.app, WorkerCommand.of(name), None, expected=cluster.both, timeout=REPLY_TIMEOUT)
        assert result.ok and [(r.hostname, r.text) for r in result.replies] == [(h, text) for h in sorted(cluster.both)]
        assert result.elapsed_ms < REPLY_TIMEOUT_MS / 2, result.elapsed_ms  # on the second reply


def test_conf_comes_back_masked_and_explains_the_settings(cluster):
    raw = cluster.app.control.inspect(destination=[cluster.b], timeout=3.0, limit=1).conf()
    assert LIST_SECRET in json.dumps(raw)  # Celery sends this one as it is: the masking below is ours

    streamed = {}
    result = inspect(cluster.app, "conf", expected=cluster.both, timeout=3.0, on_reply=streamed.__setitem__)
    assert result.ok
    text = json.dumps(result.replies) + json.dumps(streamed)
    for secret in (cluster.password, LIST_SECRET, QUERY_SECRET, TEXT_SECRET):
        assert secret not in text
    conf_a, conf_b = result.replies[cluster.a], result.replies[cluster.b]
    assert conf_a["broker_url"].startswith("redis://:***@127.0.0.1:")
    endpoints = conf_b["console_test_endpoints"]
    assert endpoints["cache"] == ["redis://:***@cache.invalid:6379/0"]
    assert endpoints["service"] == "https://svc.invalid/v1?password=***&region=eu"
    assert endpoints["notes"] == "falls back to redis://:***@backup.invalid:6379/1 when down"

    checks = {c.setting: c for c in event_settings(result.replies)}
    assert checks["worker_send_task_events"].state(cluster.a) is SettingState.ON
    assert checks["worker_send_task_events"].state(cluster.b) is SettingState.OFF  # started with -E all the same
    assert checks["task_send_sent_event"].state(cluster.a) is SettingState.ON
    assert checks["task_track_started"].state(cluster.a) is SettingState.OFF
    assert checks["task_track_started"].state(cluster.b) is SettingState.ON
    assert checks["result_extended"].state(cluster.a) is SettingState.ON

    # pool_restart: we read worker_pool_restarts before sending, and the workers agree.
    assert "worker_pool_restarts" in explain_unsupported("pool_restart", None, conf_a)
    assert explain_unsupported("pool_restart", None, conf_b) is None
    refused = cluster.command("pool_restart", [cluster.a])
    assert "Pool restarts not enabled" in refused.reply_for(cluster.a).text


def test_pool_restart_reloads_where_it_is_enabled(cluster, own_worker):
    """A restarted pool is a changed worker: the test's own, not B."""
    _worker, hostname = own_worker
    assert explain_unsupported("pool_restart", None, cluster.conf(hostname)) is None
    restarted = cluster.command("pool_restart", [hostname])
    assert restarted.ok and restarted.reply_for(hostname).text == "reload started"


def test_scheduled_query_revoke_and_queues(cluster, undo):
    sender = Celery("ctl-sender", broker=cluster.broker_url, set_as_current=False)
    try:
        task_id = sender.send_task("tasks.add", (1, 2), countdown=120, queue="ctl-a").id
    finally:
        sender.close()

    def scheduled_ids():
        replies = inspect(cluster.app, "scheduled", destination=[cluster.a]).replies.get(cluster.a) or []
        return [entry["request"]["id"] for entry in replies]

    assert wait_until(lambda: task_id in scheduled_ids(), 15)
    query = inspect(cluster.app, "query_task", destination=[cluster.a], ids=[task_id])
    assert query.replies[cluster.a][task_id][0] == "scheduled"

    revoked = cluster.command("revoke", [cluster.a], task_id=task_id)
    assert revoked.ok and task_id in revoked.reply_for(cluster.a).text
    assert task_id in inspect(cluster.app, "revoked", destination=[cluster.a]).replies[cluster.a]

    def queues():
        replies = inspect(cluster.app, "active_queues", destination=[cluster.a]).replies[cluster.a]
        return {q["name"] for q in replies}

    assert queues() == {"ctl-a"}
    undo(lambda: cluster.command("cancel_consumer", [cluster.a], queue="ctl-extra"))
    added = cluster.command("add_consumer", [cluster.a], queue="ctl-extra")
    assert added.reply_for(cluster.a).text == "add consumer ctl-extra"
    assert wait_until(lambda: queues() == {"ctl-a", "ctl-extra"}, 10)
    cancelled = cluster.command("cancel_consumer", [cluster.a], queue="ctl-extra")
    assert cancelled.reply_for(cluster.a).text == "no longer consuming from ctl-extra"
    assert wait_until(lambda: queues() == {"ctl-a"}, 10)


def test_async_wrappers_deliver_replies_on_the_loop(cluster):
    client = ClusterClient(cluster.app, cluster.profile, timeout=5.0)
    threads = []

    async def scenario():
        loop_thread = threading.get_ident()
        inspected = await inspect_workers(
            client,
            "ping",
            expected=cluster.both,
            timeout=REPLY_TIMEOUT,
            on_reply=lambda h, v: threads.append((h, threading.get_ident())),
        )
        sent = await send_command(
            client, WorkerCommand.of("ping"), expected=cluster.both, timeout=3.0, on_reply=lambda r: threads.append((r.text, 0))
        )
        await asyncio.sleep(0)  # let the last call_soon_threadsafe callbacks run
        return loop_thread, inspected, sent

    try:
        loop_thread, inspected, sent = asyncio.run(scenario())
    finally:
        client.close()
    assert inspected.ok and sent.ok and inspected.elapsed_ms < REPLY_TIMEOUT_MS / 2, inspected.elapsed_ms
    assert [r.text for r in sent.replies] == ["pong", "pong"]
    assert sorted(h for h, t in threads if t) == sorted(cluster.both)
    assert all(t == loop_thread for _, t in threads if t)
    assert [h for h, t in threads if not t] == ["pong", "pong"]


def test_an_unreachable_broker_is_an_error_value_without_the_password(refused_port):
    profile = ConnectionProfile(broker_url=f"redis://:hunter22@127.0.0.1:{refused_port}/8")
    app = build_console_app(profile)
    client = ClusterClient(app, profile, timeout=5.0)
    try:
        started = time.monotonic()
        result = asyncio.run(inspect_workers(client, "ping", expected=["x@h"], timeout=REPLY_TIMEOUT))
        inspect_took = time.monotonic() - started
        started = time.monotonic()
        command = run_command(app, WorkerCommand.of("enable_events"), ["x@h"], timeout=REPLY_TIMEOUT)
        command_took = time.monotonic() - started
    finally:
        client.close()
        app.close()
    # refused at once: neither waited for the replies it could not get (how soon: bench/control.py)
    assert max(inspect_took, command_took) < REPLY_TIMEOUT / 2, (inspect_took, command_took)
    assert result.error and result.missing == ("x@h",) and result.replies == {}
    assert command.error and command.missing == ("x@h",) and command.summary == command.error
    assert "hunter22" not in result.error + command.error
    assert "refused" in (result.error + command.error).lower() or "111" in result.error


def test_shutdown_is_final(cluster, own_worker):
    worker, hostname = own_worker
    assert "final" in explain_unsupported("shutdown", cluster.stats(hostname), None)
    result = run_command(cluster.app, WorkerCommand.of("shutdown"), [hostname], timeout=REPLY_TIMEOUT)
    assert result.note == SHUTDOWN_NOTE and result.replies == () and result.missing == () and result.error is None
    # no reply comes, so none is waited for: it returns well before the timeout (how soon: bench/control.py)
    assert result.elapsed_ms < REPLY_TIMEOUT_MS / 2, result.elapsed_ms
    worker.proc.wait(20)
    assert worker.proc.returncode == 0
    alive = inspect(cluster.app, "ping", expected=[*cluster.both, hostname], timeout=1.0)
    assert sorted(alive.replies) == sorted(cluster.both) and alive.missing == (hostname,)  # the others go on
