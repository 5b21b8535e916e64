"""Process fixtures: a real redis-server and real Celery workers on 127.0.0.1.

The suite sets QT_QPA_PLATFORM=offscreen itself, before any Qt import (CELERY_DESKTOP_TEST_QPA=xcb
runs the GUI tests in a real X window instead, e.g. under xvfb-run to take screenshots).
"""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
import time
import traceback

os.environ["QT_QPA_PLATFORM"] = os.environ.get("CELERY_DESKTOP_TEST_QPA", "offscreen")
if "CELERY_DESKTOP_CONFIG_DIR" not in os.environ:  # presets and settings never touch the real home
    import tempfile

    os.environ["CELERY_DESKTOP_CONFIG_DIR"] = tempfile.mkdtemp(prefix="celery-desktop-test-config-")
if "CELERY_DESKTOP_DATA_DIR" not in os.environ:  # nor the history
    import tempfile

    os.environ["CELERY_DESKTOP_DATA_DIR"] = tempfile.mkdtemp(prefix="celery-desktop-test-data-")
if "CELERY_DESKTOP_LOG_DIR" not in os.environ:  # nor the log
    import tempfile

    os.environ["CELERY_DESKTOP_LOG_DIR"] = tempfile.mkdtemp(prefix="celery-desktop-test-log-")
for _name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_REDIS_HOST", "CACHE_REDIS_PORT", "CACHE_REDIS_PASSWORD"):
    os.environ.pop(_name, None)

from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

from desktop.core.runtime.demo import RedisServer, WorkerProcess  # noqa: E402
from tests.support.clusters import private_clusters, start_worker  # noqa: E402
from tests.support.redis_dbs import DATABASES, db  # noqa: E402

TESTS_DIR = Path(__file__).resolve().parent

# No time limit per generated example, for every property-based test (their own settings inherit
# this): on a loaded machine any one example is slow now and then, and that is not a failure.
hypothesis_settings.register_profile("celery-desktop", deadline=None)
hypothesis_settings.load_profile("celery-desktop")


@dataclass
class RunningWorker:
    """A started worker and the URLs it serves."""

    process: WorkerProcess
    broker_url: str
    backend_url: str
    hostname: str


@pytest.fixture(autouse=True)
def private_history(tmp_path_factory, monkeypatch):
    """Each test its own history folder: no test sees the rows another one left."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CELERY_DESKTOP_DATA_DIR", str(folder))
    return folder


CONSOLE_THREADS = "celery-desktop-"  # the name of every thread the console starts: -history, -events, -cluster-<n>_<i>
THREAD_GRACE = 5.0  # seconds the threads of what a test stopped get to end


def _console_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith(CONSOLE_THREADS)}


def _clients_made() -> int:
    cluster = sys.modules.get("desktop.core.cluster.client")
    return cluster.ClusterClient.made if cluster is not None else 0


def _threads_left(before: set[threading.Thread], clients_before: int) -> list[threading.Thread]:
    """Console threads started since ``before`` still running after the grace time.

    A ClusterClient made earlier (by a module's fixture) may start another executor thread at any
    time: that one belongs to whoever made the client, and is checked when it is done.
    """

    def started_here(thread: threading.Thread) -> bool:
        client = re.fullmatch(rf"{CONSOLE_THREADS}cluster-(\d+)_\d+", thread.name)
        return client is None or int(client.group(1)) > clients_before

    new = [t for t in _console_threads() - before if started_here(t)]
    deadline = time.monotonic() + THREAD_GRACE
    for thread in new:
        thread.join(max(0.0, deadline - time.monotonic()))
    return sorted((t for t in new if t.is_alive()), key=lambda t: t.name)


def _where(thread: threading.Thread) -> str:
    frame = sys._current_frames().get(thread.ident)
    return "".join(traceback.format_stack(frame)[-30:]) if frame is not None else "  (ended meanwhile)\n"


def _fail_on_threads_left(who: str, before: set[threading.Thread], clients_before: int) -> None:
    left = _threads_left(before, clients_before)
    if left:
        names = ", ".join(t.name for t in left)
        stacks = "".join(f"\n{t.name}, at:\n{_where(t)}" for t in left)
        pytest.fail(f"{who} left threads running {THREAD_GRACE:g} s after its end: {names}{stacks}", pytrace=False)


@pytest.fixture(autouse=True)
def no_console_threads_left(request):
    """A test ends with every console thread it started ended (a stopped session, a closed client)."""
    before, clients = _console_threads(), _clients_made()
    yield
    _fail_on_threads_left(request.node.nodeid, before, clients)


@pytest.fixture(scope="module", autouse=True)
def no_console_threads_left_by_the_module(request):
    """The same for what a module's fixtures start and keep for all its tests."""
    before, clients = _console_threads(), _clients_made()
    yield
    _fail_on_threads_left(request.node.nodeid, before, clients)


@pytest.fixture
def refused_port():
    """A loopback port nothing listens on, held for the test: connecting is refused, and no server can take it meanwhile.

    (A port picked with free_port() and let go may be taken by another test's server a moment later.)
    """
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))  # bound, never listening
        yield held.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server():
    """One redis-server for the session; tests/support/redis_dbs.py says which of its databases each module owns."""
    server = RedisServer(extra_config=(f"databases {DATABASES}",))
    server.start()
    yield server
    server.stop()


def _start_worker(redis_server: RedisServer, app_module: str, owner: str, name: str, tmp_path_factory) -> RunningWorker:
    worker = start_worker(
        redis_server.url(db(owner, "broker")),
        redis_server.url(db(owner, "backend")),
        app_module,
        name,
        tmp_path_factory.mktemp("worker"),
    )
    return RunningWorker(worker, worker.broker_url, worker.backend_url, worker.hostname)


@pytest.fixture(scope="session")
def demo_worker(redis_server, tmp_path_factory):
    """A worker on desktop/tasks.py; its databases are "demo_worker"'s in tests/support/redis_dbs.py (10 and 11)."""
    running = _start_worker(redis_server, "desktop.tasks", "demo_worker", "demo", tmp_path_factory)
    yield running
    running.process.stop()


@pytest.fixture(scope="session")
def inventory_worker(redis_server, tmp_path_factory):
    """A worker on a different app module (tests/apps/inventory.py); databases: "inventory_worker" in tests/support/redis_dbs.py."""
    running = _start_worker(redis_server, "tests.apps.inventory", "inventory_worker", "inventory", tmp_path_factory)
    yield running
    running.process.stop()


@pytest.fixture
def cluster_on(tmp_path_factory):
    """``cluster_on(app_module, *worker_names, **options)``: a private redis-server and workers for this test,
    stopped after it (tests/support/clusters.py)."""
    with private_clusters(tmp_path_factory.mktemp("cluster")) as start:
        yield start


@pytest.fixture(scope="module")
def module_cluster_on(tmp_path_factory):
    """The same, kept for all the tests of a module."""
    with private_clusters(tmp_path_factory.mktemp("cluster")) as start:
        yield start


def pytest_configure(config):
    from tests.support.required import check_variable

    check_variable()  # CELERY_DESKTOP_REQUIRE names only parts there are


def _skipped_summary(terminalreporter) -> None:
    """Every skipped test under its reason: what this green run did not run (tests/support/required.py)."""
    from desktop.core.runtime.platform_check import REQUIRE_VARIABLE

    by_reason: dict[str, list[str]] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        by_reason.setdefault(reason.removeprefix("Skipped: "), []).append(report.nodeid)
    if not by_reason:
        return
    count = sum(len(ids) for ids in by_reason.values())
    required = os.environ.get(REQUIRE_VARIABLE)
    terminalreporter.section(f"skipped: {count} ({REQUIRE_VARIABLE}={required})" if required else f"skipped: {count}")
    for reason, ids in sorted(by_reason.items()):
        terminalreporter.write_line(f"{len(ids)} skipped: {reason}")
        for nodeid in ids:
            terminalreporter.write_line(f"    {nodeid}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Skipped tests with their reasons; generated cases per fuzzed subject (tests/support/fuzzing.py) and the crashes among them."""
    import json

    from tests.support.fuzzing import CASES
    from tests.support.measured import FIGURES

    _skipped_summary(terminalreporter)
    if FIGURES:
        terminalreporter.section("measured")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name:<60} {value:>12}")
    if not CASES:
        return
    failed = [r for r in terminalreporter.stats.get("failed", []) if "fuzz" in r.nodeid]
    terminalreporter.section("fuzzing")
    for subject, count in sorted(CASES.items()):
        terminalreporter.write_line(f"{subject:<40} {count:>7,} cases")
    terminalreporter.write_line(f"{'total':<40} {sum(CASES.values()):>7,} cases, {len(failed)} crashed")
    report = os.environ.get("CELERY_DESKTOP_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({"cases": dict(CASES), "crashed": len(failed)}))
