"""A private redis-server on 127.0.0.1 and real Celery workers on it, for a test that may kill, restart
or freeze them without touching the shared server's other owners.

Tests get them through the ``cluster_on`` and ``module_cluster_on`` fixtures (tests/conftest.py),
which stop every worker and the server after the test or the module.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers
from tests.support.redis_dbs import PRIVATE_CLUSTER

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # on the workers' path: -A tests.apps.<name> imports
WORKER_START_TIMEOUT = 60.0  # seconds a worker gets to answer a ping on a loaded machine


def start_worker(
    broker_url: str, backend_url: str, app_module: str, name: str, logdir: Path, *, wait: bool = True, **options
) -> WorkerProcess:
    """A ``celery worker -E`` on ``app_module`` named ``<name>-<random>@127.0.0.1`` (unless ``hostname`` is given),
    logging to ``logdir/<name>.log``; with ``wait``, returned once it answers a ping (stopped if it never does)."""
    options.setdefault("hostname", f"{name}-{uuid.uuid4().hex[:6]}@127.0.0.1")
    options.setdefault("concurrency", 2)
    worker = WorkerProcess(
        broker_url, backend_url, app_module=app_module, pythonpath=[str(PROJECT_ROOT)], logfile=logdir / f"{name}.log", **options
    )
    worker.start()
    if wait:
        try:
            wait_for_workers(broker_url, 1, timeout=WORKER_START_TIMEOUT, procs=[worker])
        except Exception:
            worker.stop()
            raise
    return worker


@dataclass
class PrivateCluster:
    """A redis-server of the test's own (broker and backend databases: ``PRIVATE_CLUSTER``) and its workers."""

    server: RedisServer
    app_module: str
    logdir: Path
    workers: list[WorkerProcess] = field(default_factory=list)
    _stopped: bool = False

    def url(self, db: int) -> str:
        """The server's URL for database ``db``, the password quoted: a test may choose one with URL-special characters."""
        return f"redis://:{quote(self.server.password, safe='')}@127.0.0.1:{self.server.port}/{db}"

    @property
    def broker_url(self) -> str:
        return self.url(PRIVATE_CLUSTER["broker"])

    @property
    def backend_url(self) -> str:
        return self.url(PRIVATE_CLUSTER["backend"])

    @property
    def worker(self) -> WorkerProcess:
        """The first worker (most clusters have one)."""
        return self.workers[0]

    def start(self, names: tuple[str, ...], **worker_options) -> None:
        """The server, then a worker for each name, returning once every one of them answers a ping."""
        self.server.start()
        for name in names:
            self.add_worker(name, **worker_options)
        if names:
            wait_for_workers(self.broker_url, len(names), timeout=WORKER_START_TIMEOUT, procs=self.workers)

    def add_worker(self, name: str, app_module: str | None = None, **options) -> WorkerProcess:
        """One more worker, started and not waited for (the test waits for it the way it needs); stopped with the cluster."""
        worker = start_worker(
            self.broker_url, self.backend_url, app_module or self.app_module, name, self.logdir, wait=False, **options
        )
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        """Every worker, then the server; a second call does nothing."""
        if self._stopped:
            return
        self._stopped = True
        for worker in self.workers:
            worker.stop()
        self.server.stop()


@contextmanager
def private_clusters(logdir: Path) -> Iterator[Callable[..., PrivateCluster]]:
    """``cluster_on(app_module, *names, server_config=(), password=None, **worker_options)`` within the block.

    Each call starts a private redis-server (``server_config``: more redis.conf lines) and one worker
    per name on ``app_module``, with ``worker_options`` for WorkerProcess (concurrency 2 unless
    given), and returns once they all answer; with no name, the server alone (``add_worker`` starts
    workers the test does not wait for). Every cluster started is stopped when the block ends, also
    one that failed to start.
    """
    started: list[PrivateCluster] = []

    def cluster_on(
        app_module: str, *names: str, server_config: tuple[str, ...] = (), password: str | None = None, **worker_options
    ) -> PrivateCluster:
        server = RedisServer(extra_config=tuple(server_config))
        if password is not None:
            server.password = password
        cluster = PrivateCluster(server, app_module, logdir)
        started.append(cluster)
        cluster.start(names, **worker_options)
        return cluster

    try:
        yield cluster_on
    finally:
        for cluster in reversed(started):
            cluster.stop()
