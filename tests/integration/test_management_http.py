"""The RabbitMQ management client against real HTTP servers on loopback: where its credentials go.

Each server is the stdlib's ``http.server`` in a thread, on 127.0.0.1 or 127.0.0.2 (both loopback
on Linux), and records the ``Authorization`` header of every request it receives.
"""

from __future__ import annotations

import base64
import http.server
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from desktop.core.cluster import rabbitmq
from desktop.core.cluster.rabbitmq import ManagementError, ManagementRequest, fetch_queues, queues_request
from tests.support.tls_certs import make_pki

pytestmark = pytest.mark.integration

SECRET = "br0ker-s3cret"
QUEUES = b'[{"name": "celery", "messages_ready": 2}]'


@dataclass
class Recorded:
    host: str
    port: int = 0
    seen: list[tuple[str, str | None]] = field(default_factory=list)  # (path, Authorization)

    def base(self, scheme: str = "http") -> str:
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def authorizations(self) -> list[str]:
        return [auth for _path, auth in self.seen if auth]


@contextmanager
def serving(
    host: str, answer: Callable[[http.server.BaseHTTPRequestHandler, Recorded], None], tls: ssl.SSLContext | None = None
) -> Iterator[Recorded]:
    record = Recorded(host)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            record.seen.append((self.path, self.headers.get("Authorization")))
            answer(self, record)

        def log_message(self, *args):
            pass

    try:
        server = http.server.ThreadingHTTPServer((host, 0), Handler)
    except OSError as exc:
        pytest.skip(f"cannot listen on {host}: {exc}")
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    record.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def queues(handler, _record) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(QUEUES)))
    handler.end_headers()
    handler.wfile.write(QUEUES)


def redirect_to(target: str) -> Callable:
    def answer(handler, _record) -> None:
        handler.send_response(302)
        handler.send_header("Location", target + handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_a_redirect_to_another_host_is_not_followed_and_gets_no_credentials():
    with serving("127.0.0.2", queues) as other, serving("127.0.0.1", redirect_to(other.base())) as first:
        request = queues_request(f"http://admin:{SECRET}@127.0.0.1:{first.port}/", "/")
        with pytest.raises(ManagementError) as refused:
            fetch_queues(request, timeout=2)
    assert first.authorizations == [basic("admin", SECRET)]  # written in the URL: sent where the URL says
    assert other.seen == []  # not even asked, with or without the header
    said = str(refused.value)
    assert "redirect" in said and "127.0.0.2" in said and SECRET not in said


def test_a_redirect_to_another_port_of_the_same_host_is_not_followed():
    with (
        serving("127.0.0.1", queues) as other,
        serving("127.0.0.1", redirect_to(other.base())) as first,
        pytest.raises(ManagementError, match="redirect"),
    ):
        fetch_queues(ManagementRequest(f"{first.base()}/api/queues/%2F", "admin", SECRET), timeout=2)
    assert len(first.seen) == 1 and other.seen == []


def test_a_redirect_from_https_to_http_is_not_followed(tmp_path):
    pki = make_pki(tmp_path)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(pki.server_cert, pki.server_key)
    with serving("127.0.0.1", queues) as plain, serving("127.0.0.1", redirect_to(plain.base()), served) as secure:
        request = queues_request(secure.base("https"), "/", "broker-user", SECRET)
        with pytest.raises(ManagementError) as refused:
            fetch_queues(request, timeout=2, context=ssl.create_default_context(cafile=str(pki.ca)))
    assert secure.authorizations == [basic("broker-user", SECRET)]  # https: the broker's credentials may go
    assert plain.seen == []
    assert "redirect" in str(refused.value) and SECRET not in str(refused.value)


def test_only_the_same_scheme_host_and_port_count_as_the_same_server():
    same = rabbitmq._same_origin
    assert same("http://h:15672/api/queues/%2F", "http://H:15672/elsewhere")
    assert same("http://h/api", "http://h:80/api") and same("https://h/api", "https://h:443/x")
    assert not same("https://h:15672/api", "http://h:15672/api")  # a downgrade, even on the same port
    assert not same("http://h:15672/api", "http://h:15673/api")
    assert not same("http://h:15672/api", "http://other:15672/api")
    assert not same("http://h:15672/api", "http://h.evil:15672/api")
    assert not same("http://h:15672/api", "ftp://h:15672/api")


def test_a_redirect_within_the_same_server_is_followed_with_the_credentials():
    def answer(handler, record) -> None:
        if handler.path.startswith("/old/"):
            handler.path = handler.path.removeprefix("/old")
            redirect_to(record.base())(handler, record)  # same scheme, host and port
            return
        queues(handler, record)

    with serving("127.0.0.1", answer) as server:
        found = fetch_queues(ManagementRequest(f"{server.base()}/old/api/queues/%2F", "admin", SECRET), timeout=2)
    assert [q.name for q in found] == ["celery"]
    assert server.authorizations == [basic("admin", SECRET)] * 2


def test_the_brokers_credentials_go_over_http_only_to_this_machine():
    with serving("127.0.0.1", queues) as server:
        fetch_queues(queues_request(server.base(), "/", "broker-user", SECRET), timeout=2)
    assert server.authorizations == [basic("broker-user", SECRET)]  # loopback: never on the network

    remote = queues_request("http://rabbit.example.com:15672/", "/", "broker-user", SECRET)
    assert (remote.username, remote.password) == (None, None) and remote.withheld
    assert SECRET not in repr(remote)
    secure = queues_request("https://rabbit.example.com/", "/", "broker-user", SECRET)
    assert (secure.username, secure.password, secure.withheld) == ("broker-user", SECRET, False)
    written = queues_request(f"http://admin:{SECRET}@rabbit.example.com:15672/", "/", "broker-user", "other")
    assert (written.username, written.password) == ("admin", SECRET)  # the user wrote them there: their choice


def test_a_refusal_after_withholding_the_brokers_credentials_says_why():
    def refuse(handler, _record) -> None:
        handler.send_response(401)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    with serving("127.0.0.1", refuse) as server:
        request = ManagementRequest(f"{server.base()}/api/queues/%2F", None, None, withheld=True)
        with pytest.raises(ManagementError) as refused:
            fetch_queues(request, timeout=2)
    assert server.authorizations == []
    assert "only over https" in str(refused.value) and "management URL" in str(refused.value)


def test_an_answer_too_big_is_cut_off():
    def huge(handler, _record) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()  # no length: read until the server closes
        chunk = b" " * 65536
        try:
            for _ in range(64):  # 4 MB
                handler.wfile.write(chunk)
        except OSError:
            pass  # the client stopped reading

    with serving("127.0.0.1", huge) as server, pytest.raises(ManagementError, match="larger than"):
        fetch_queues(ManagementRequest(f"{server.base()}/api/queues/%2F", None), timeout=2, max_bytes=1_000_000)


# A trickling server below ends its answer by itself after this long; the client's 1 s deadline
# gives up well before (how soon: bench/control.py).
TRICKLE_SECONDS = 10.0


def test_a_server_that_trickles_is_given_up_on_at_the_deadline():
    stop = threading.Event()

    def trickle(handler, _record) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        try:
            handler.wfile.write(b"[")
            until = time.monotonic() + TRICKLE_SECONDS
            while not stop.wait(0.1) and time.monotonic() < until:  # a byte well within each read's timeout
                handler.wfile.write(b" ")
                handler.wfile.flush()
        except OSError:
            pass

    with serving("127.0.0.1", trickle) as server:
        started = time.monotonic()
        try:
            with pytest.raises(ManagementError, match="no complete answer in 1 s"):
                fetch_queues(ManagementRequest(f"{server.base()}/api/queues/%2F", None), timeout=0.5, deadline=1.0)
        finally:
            stop.set()
        assert time.monotonic() - started < TRICKLE_SECONDS / 2  # at the deadline, not when the answer ended


def test_a_server_that_trickles_its_headers_is_given_up_on_at_the_deadline():
    stop = threading.Event()

    def trickle(handler, _record) -> None:
        try:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            until = time.monotonic() + TRICKLE_SECONDS
            while not stop.wait(0.1) and time.monotonic() < until:
                handler.wfile.write(b"X-Slow: 1\r\n")
                handler.wfile.flush()
        except OSError:
            pass

    with serving("127.0.0.1", trickle) as server:
        started = time.monotonic()
        try:
            with pytest.raises(ManagementError, match="no complete answer in 1 s"):
                fetch_queues(ManagementRequest(f"{server.base()}/api/queues/%2F", None), timeout=0.5, deadline=1.0)
        finally:
            stop.set()
        assert time.monotonic() - started < TRICKLE_SECONDS / 2  # at the deadline, not when the answer ended
