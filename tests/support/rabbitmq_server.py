"""A private RabbitMQ node for tests: its own node name, epmd, ports and folders, stopped afterwards.

Debian's ``rabbitmq-server`` package is used. Its ``/usr/sbin`` commands switch to the
``rabbitmq`` user and read ``/etc/rabbitmq``; the scripts under
``/usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin`` are started directly instead, with every path
(mnesia, logs, config, enabled plugins, env file, Erlang cookie through ``HOME``) in a temporary
folder and every port (AMQP, AMQPS, management, Erlang distribution, epmd) a free loopback one,
so the node never meets a system RabbitMQ or another test node. The epmd it needs is started
here too (in the foreground, as our child), so stopping the node stops that epmd as well.
When no RabbitMQ is found and we are root on Debian/Ubuntu, ``rabbitmq-server`` is installed.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from desktop.core.runtime.demo import _die_with_parent, free_port, stop_process_group
from desktop.core.runtime.platform_check import apt_install, can_install

DEBIAN_PACKAGE = "rabbitmq-server"
SCRIPT_GLOB = "/usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin/rabbitmq-server"


class NoRabbitMQ(RuntimeError):
    """No RabbitMQ here, and none could be installed; the message says why."""


def _version_key(path: str) -> tuple:
    version = Path(path).parents[1].name.removeprefix("rabbitmq_server-")
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def _script() -> str | None:
    found = sorted(glob.glob(SCRIPT_GLOB), key=_version_key)
    return found[-1] if found and os.access(found[-1], os.X_OK) else None


def find_rabbitmq_server(install: bool = True) -> str:
    """The ``rabbitmq-server`` start script (not Debian's su wrapper); installs Debian's package when missing."""
    script = _script()
    if script and shutil.which("epmd"):
        return script
    if not install:
        raise NoRabbitMQ(f"no RabbitMQ found ({SCRIPT_GLOB})")
    if not shutil.which("apt-get"):
        raise NoRabbitMQ(f"no RabbitMQ found, and no apt-get to install {DEBIAN_PACKAGE}")
    if not can_install():
        raise NoRabbitMQ(f"no RabbitMQ found; installing it needs root: apt-get install -y {DEBIAN_PACKAGE}")
    if not apt_install([DEBIAN_PACKAGE]):
        raise NoRabbitMQ(f"apt-get install {DEBIAN_PACKAGE} failed")
    return find_rabbitmq_server(install=False)


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@dataclass
class RabbitMQServer:
    """One RabbitMQ node on 127.0.0.1, a user with a random password, files only in a temp dir."""

    script: str
    management: bool = False
    tls: object | None = None  # a tests.support.tls_certs.Pki: also listen for AMQPS with its server certificate
    user: str = "console"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)
    node: str = field(default_factory=lambda: f"cdtest-{secrets.token_hex(4)}@localhost")
    port: int = 0
    tls_port: int = 0
    management_port: int = 0
    dist_port: int = 0
    epmd_port: int = 0
    workdir: Path | None = None
    proc: subprocess.Popen | None = None
    epmd: subprocess.Popen | None = None
    started_in: float = 0.0  # seconds from start() to the node taking logins

    def url(self, vhost: str = "/", scheme: str = "amqp", **query: str) -> str:
        port = self.tls_port if scheme in ("amqps", "pyamqps") else self.port
        text = "&".join(f"{k}={v}" for k, v in query.items())
        return f"{scheme}://{self.user}:{quote(self.password, safe='')}@127.0.0.1:{port}/{quote(vhost, safe='')}" + (
            f"?{text}" if text else ""
        )

    def management_url(self, with_credentials: bool = True) -> str:
        auth = f"{self.user}:{quote(self.password, safe='')}@" if with_credentials else ""
        return f"http://{auth}127.0.0.1:{self.management_port}/"

    def start(self, timeout: float = 90.0) -> None:
        started = time.monotonic()
        self.workdir = Path(tempfile.mkdtemp(prefix="celery-desktop-rabbitmq-"))
        tail = ""
        for _attempt in range(3):  # a free port can be taken before the node or epmd binds it: then new ports
            for folder in ("mnesia", "log", "plugins-expand"):
                shutil.rmtree(self.workdir / folder, ignore_errors=True)  # nothing of an attempt that failed
                (self.workdir / folder).mkdir()
            if self._start_on_free_ports(started + timeout):
                self.started_in = time.monotonic() - started
                return
            tail = self.log_tail()
            self._stop_processes()
            if time.monotonic() > started + timeout:
                break
        self.stop()
        raise RuntimeError(f"RabbitMQ node {self.node} did not start: {tail or 'no output'}")

    def _start_on_free_ports(self, deadline: float) -> bool:
        """Start epmd and the node on new free ports; whether the node takes logins before ``deadline``.

        False as soon as epmd or the node exits (a port was taken) or the deadline passed.
        """
        self.proc = None
        self.port, self.dist_port, self.epmd_port = free_port(), free_port(), free_port()
        self.tls_port = free_port() if self.tls else 0
        self.management_port = free_port() if self.management else 0
        self._write_config()
        env = self._env()
        self.epmd = subprocess.Popen(
            ["epmd", "-port", str(self.epmd_port), "-address", "127.0.0.1"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        epmd_deadline = time.monotonic() + 10
        while not _port_open(self.epmd_port):
            if self.epmd.poll() is not None or time.monotonic() > epmd_deadline:
                return False
            time.sleep(0.02)
        if self.epmd.poll() is not None:  # the port answers, but not our epmd: someone else has it
            return False
        with open(self.workdir / "stdout.log", "ab") as out:
            self.proc = subprocess.Popen(
                [self.script],
                env=env,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        return self._wait_ready(deadline)

    def _write_config(self) -> None:
        lines = [
            f"listeners.tcp.default = 127.0.0.1:{self.port}",
            f"default_user = {self.user}",
            f"default_pass = {self.password}",
            "default_vhost = /",
            "loopback_users = none",
            "disk_free_limit.absolute = 1MB",  # a nearly full CI disk must not block publishers
            "log.console = false",
            "log.file.level = warning",
        ]
        if self.tls:
            lines += [
                f"listeners.ssl.default = 127.0.0.1:{self.tls_port}",
                f"ssl_options.cacertfile = {self.tls.ca}",
                f"ssl_options.certfile = {self.tls.server_cert}",
                f"ssl_options.keyfile = {self.tls.server_key}",
                "ssl_options.verify = verify_none",
                "ssl_options.fail_if_no_peer_cert = false",
            ]
        if self.management:
            lines += [
                f"management.tcp.port = {self.management_port}",
                "management.tcp.ip = 127.0.0.1",
                "collect_statistics_interval = 500",  # the management API's figures, refreshed twice a second
            ]
        conf = self.workdir / "rabbitmq.conf"
        conf.write_text("\n".join(lines) + "\n")
        conf.chmod(0o600)  # it holds the password
        (self.workdir / "enabled_plugins").write_text("[rabbitmq_management].\n" if self.management else "[].\n")
        (self.workdir / "rabbitmq-env.conf").write_text("")

    def _env(self) -> dict[str, str]:
        base = self.workdir
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RABBITMQ_", "ERL_"))}
        env.update(
            HOME=str(base),  # the Erlang cookie is made here, never in the real home
            RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.dist_port),
            ERL_EPMD_PORT=str(self.epmd_port),
            ERL_EPMD_ADDRESS="127.0.0.1",
            RABBITMQ_MNESIA_BASE=str(base / "mnesia"),
            RABBITMQ_LOG_BASE=str(base / "log"),
            RABBITMQ_PLUGINS_EXPAND_DIR=str(base / "plugins-expand"),
            RABBITMQ_CONFIG_FILE=str(base / "rabbitmq.conf"),
            RABBITMQ_ADVANCED_CONFIG_FILE=str(base / "advanced.config"),
            RABBITMQ_CONF_ENV_FILE=str(base / "rabbitmq-env.conf"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(base / "enabled_plugins"),
            RABBITMQ_PID_FILE=str(base / "rabbitmq.pid"),
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}",
        )
        return env

    def _wait_ready(self, deadline: float) -> bool:
        """Until the node takes a login (and the management API answers, when enabled)."""
        import amqp

        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if _port_open(self.port):
                try:
                    connection = amqp.Connection(
                        f"127.0.0.1:{self.port}", userid=self.user, password=self.password, connect_timeout=2
                    )
                    connection.connect()
                    connection.close()
                except Exception:  # noqa: BLE001 - still booting
                    time.sleep(0.05)
                    continue
                if not self.management or self._management_answers():
                    return True
            time.sleep(0.05)
        return False

    def _management_answers(self) -> bool:
        import base64
        import urllib.request

        request = urllib.request.Request(
            f"http://127.0.0.1:{self.management_port}/api/overview",
            headers={"Authorization": "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()},
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def log_tail(self, chars: int = 1500) -> str:
        texts = []
        if self.workdir is not None:
            for path in sorted(self.workdir.glob("log/*.log")) + [self.workdir / "stdout.log"]:
                try:
                    texts.append(path.read_text(errors="replace")[-chars:])
                except OSError:
                    pass
        return "\n".join(t.strip() for t in texts if t.strip())[-chars:]

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in (self.proc, self.epmd) if p is not None]

    def _stop_processes(self) -> None:
        if self.proc is not None:
            # A graceful stop takes RabbitMQ ~6 s; nothing in this node outlives the test, so after 1 s it is killed.
            stop_process_group(self.proc, 1.0)
        if self.epmd is not None:
            stop_process_group(self.epmd, 2.0)

    def stop(self) -> None:
        self._stop_processes()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


@contextmanager
def rabbitmq_node(**options) -> Iterator[RabbitMQServer]:
    """A RabbitMQ node of the test's own for the block (``options`` as RabbitMQServer takes them).

    Without RabbitMQ the test is skipped, or fails where the run requires it (tests/support/required.py);
    afterwards no process of the node may be left running.
    """
    from tests.support.processes import live
    from tests.support.required import require

    try:
        script = find_rabbitmq_server()
    except NoRabbitMQ as exc:
        require("rabbitmq", f"these tests need RabbitMQ: {exc}")
    server = RabbitMQServer(script, **options)
    server.start()
    pids = server.pids
    try:
        yield server
    finally:
        server.stop()
    left = [pid for pid in pids if live(pid)]
    assert not left, f"RabbitMQ processes left running: {left}"


def management_api(rabbit: RabbitMQServer, method: str, path: str, body=None):
    """One call to the node's management HTTP API (``path`` after ``/api/``), its JSON answer or None."""
    credentials = base64.b64encode(f"{rabbit.user}:{rabbit.password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{rabbit.management_port}/api/{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def ready_messages(rabbit: RabbitMQServer, name: str) -> int:
    """Messages ready in a queue, as a passive declare counts them."""
    from kombu import Connection

    with Connection(rabbit.url()) as connection:
        channel = connection.channel()
        try:
            return channel.queue_declare(name, passive=True).message_count
        finally:
            channel.close()


def worker_executions(worker) -> Counter:
    """How often a WorkerProcess ran each task id, from its log."""
    text = worker.logfile.read_text(errors="replace")
    return Counter(re.findall(r"Task [\w.]+\[([0-9a-f-]{36})\] (?:succeeded|failed|raised)", text))
