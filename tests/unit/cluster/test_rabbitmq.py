"""RabbitMQ's pure logic: the management API's answer and errors, the merge with AMQP figures, bindings,
sending without re-declaring, and amqps:// options. No broker, no network."""

from __future__ import annotations

import io
import ssl
import urllib.error
from collections import Counter
from dataclasses import replace

import pytest
from celery import Celery
from kombu import Exchange, Queue
from kombu.common import Broadcast

from desktop.core.cluster import rabbitmq
from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.queues import AMQP_UNACKED, NOT_DECLARED, QueueRecord, _BindingRouter, _count_scheduled
from desktop.core.cluster.rabbitmq import (
    ManagementError,
    ManagementQueue,
    ManagementRequest,
    declare_only_missing_queues,
    declared_names,
    fetch_queues,
    is_amqp_url,
    merge_management,
    parse_queues,
    queues_request,
)
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.tls import TlsError, amqp_tls_options

SECRET = "s3cr:et/@pw"
QUOTED = "s3cr%3Aet%2F%40pw"


# -- the management API's answer ------------------------------------------------------------------


def test_parse_queues_reads_the_figures_and_skips_garbage():
    payload = [
        {
            "name": "celery",
            "messages_ready": 4,
            "messages_unacknowledged": 2,
            "consumers": 1,
            "arguments": {"x-max-priority": 10},
            "type": "classic",
            "state": "running",
        },
        {"name": "fresh"},  # just declared: RabbitMQ has no statistics for it yet
        {"name": "odd", "messages_ready": True, "messages_unacknowledged": -1, "consumers": "2", "arguments": []},
        {"name": ""},
        {"messages_ready": 3},
        "not a queue",
        None,
    ]
    assert parse_queues(payload) == [
        ManagementQueue("celery", ready=4, unacked=2, consumers=1, max_priority=10, kind="classic", state="running"),
        ManagementQueue("fresh"),
        ManagementQueue("odd"),
    ]
    assert parse_queues({"items": payload[:1], "page": 1})[0].name == "celery"  # a paged answer
    with pytest.raises(ManagementError, match="not a list of queues"):
        parse_queues({"error": "Object Not Found"})


def test_the_request_carries_no_password_in_its_url():
    request = queues_request(f"http://admin:{QUOTED}@rabbit.internal:15672/", "/", "broker-user", "broker-pw")
    assert request.url == f"http://rabbit.internal:15672/api/queues/%2F?columns={rabbitmq.COLUMNS}"
    assert (request.username, request.password) == ("admin", SECRET)  # the management URL's own credentials win
    assert SECRET not in repr(request) and QUOTED not in repr(request)

    fallback = queues_request("https://rabbit.internal/rabbitmq/api/", "prod/eu", "broker-user", "broker-pw")
    assert fallback.url.startswith("https://rabbit.internal/rabbitmq/api/queues/prod%2Feu?")  # proxy prefix kept, /api once
    assert (fallback.username, fallback.password) == ("broker-user", "broker-pw")

    assert queues_request("rabbit.internal:15672", "").url.startswith("http://rabbit.internal:15672/api/queues/%2F?")
    with pytest.raises(ManagementError) as wrong:
        queues_request(f"ftp://admin:{SECRET}@rabbit.internal/", "/")
    assert "http:// or https://" in str(wrong.value) and SECRET not in str(wrong.value)


class _Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _answering(monkeypatch, answer):
    seen = []

    def urlopen(request, timeout, context, deadline):
        seen.append(request)
        if isinstance(answer, BaseException):
            raise answer
        return _Answer(answer)

    monkeypatch.setattr(rabbitmq, "_open", urlopen)
    return seen


REQUEST = ManagementRequest("http://127.0.0.1:15672/api/queues/%2F?columns=name", "admin", SECRET)


def test_fetch_sends_basic_auth_in_a_header_and_parses(monkeypatch):
    seen = _answering(monkeypatch, b'[{"name": "celery", "messages_ready": 1}]')
    assert fetch_queues(REQUEST) == [ManagementQueue("celery", ready=1)]
    [request] = seen
    assert request.get_header("Authorization").startswith("Basic ") and SECRET not in request.full_url


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (urllib.error.HTTPError(REQUEST.url, 401, "Unauthorized", {}, None), "refused the credentials (401)"),
        (urllib.error.HTTPError(REQUEST.url, 403, "Forbidden", {}, None), "may not read the vhost's queues (403"),
        (
            urllib.error.HTTPError(REQUEST.url, 404, "Not Found", {}, None),
            "not found (404) at http://127.0.0.1:15672/api/queues/%2F:",
        ),
        (urllib.error.HTTPError(REQUEST.url, 500, "Internal Server Error", {}, None), "HTTP 500 Internal Server Error"),
        (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), ": connection refused"),
        (urllib.error.URLError(TimeoutError("timed out")), ": no answer in 3 s"),
        (
            urllib.error.URLError(
                ssl.SSLCertVerificationError(
                    1,
                    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)",
                )
            ),
            ": certificate not trusted: self-signed certificate in certificate chain",
        ),
        (TimeoutError("The read operation timed out"), ": no answer in 3 s"),
    ],
)
def test_fetch_says_what_went_wrong_without_the_password(monkeypatch, failure, expected):
    _answering(monkeypatch, failure)
    with pytest.raises(ManagementError) as said:
        fetch_queues(REQUEST)
    assert expected in str(said.value), str(said.value)
    assert SECRET not in str(said.value) and "columns=" not in str(said.value)


def test_an_answer_that_is_not_json_is_said_so(monkeypatch):
    _answering(monkeypatch, b"<html>login</html>")
    with pytest.raises(ManagementError, match="not JSON"):
        fetch_queues(REQUEST)


# -- merged with what AMQP says -------------------------------------------------------------------


def test_merge_keeps_the_live_amqp_counts_and_adds_unacked_and_priority():
    records = [
        QueueRecord("celery", ready=3, broker_consumers=2, consumers=("w@h",), note=AMQP_UNACKED),
        QueueRecord("prio", ready=None, broker_consumers=None, error="could not read 'prio': …", note=AMQP_UNACKED),
        QueueRecord("fresh", ready=0, broker_consumers=0, note=f"{NOT_DECLARED}; {AMQP_UNACKED}"),
    ]
    queues = [
        ManagementQueue("celery", ready=1, unacked=4, consumers=1, kind="classic", state="running"),
        ManagementQueue("prio", ready=7, unacked=1, consumers=0, max_priority=10, kind="quorum", state="flow"),
        ManagementQueue("elsewhere", unacked=5),
    ]
    celery, prio, fresh = merge_management(records, queues)
    assert (celery.ready, celery.broker_consumers, celery.unacked, celery.unacked_total) == (3, 2, 4, 10)
    assert celery.note == "" and celery.consumers == ("w@h",)
    assert (prio.ready, prio.broker_consumers, prio.unacked) == (7, 0, 1)
    assert prio.note == "x-max-priority 10 (RabbitMQ does not count by priority); quorum queue; state: flow"
    assert fresh == replace(records[2], note=NOT_DECLARED)  # the API does not know it: as AMQP said, without "add its URL"


def test_declared_names_leave_out_control_event_reply_and_server_named_queues():
    queues = [
        ManagementQueue(name)
        for name in ("celery", "w@h.celery.pidbox", "celeryev.1234", "abc.reply.celery.pidbox", "amq.gen-xyz", "parked")
    ]
    assert declared_names(queues) == ["celery", "parked"]


# -- which queue holds a scheduled task -------------------------------------------------------------


def test_binding_router_follows_direct_topic_fanout_and_the_default_exchange():
    app = Celery("router", broker="amqp://", set_as_current=False)
    app.conf.task_queues = [
        Queue("celery", Exchange("celery"), routing_key="celery"),
        Queue("eu-orders", Exchange("orders", type="topic"), routing_key="orders.eu.*"),
        Queue("all-orders", Exchange("orders", type="topic"), routing_key="orders.#"),
    ]
    workers = {"w@h": [{"name": "audit", "exchange": {"name": "broadcast", "type": "fanout"}, "routing_key": "x"}]}
    router = _BindingRouter(app, workers)
    assert router.queues("celery", "celery") == {"celery"}
    assert router.queues("celery", "other") == frozenset()
    assert router.queues("orders", "orders.eu.new") == {"eu-orders", "all-orders"}
    assert router.queues("orders", "orders.us.new") == {"all-orders"}
    assert router.queues("broadcast", "anything") == {"audit"}
    assert router.queues("", "parked") == {"parked"} and router.queues(None, None) == frozenset()

    def entry(task_id, exchange, routing_key):
        return {
            "eta": "2030-01-01T00:00:00+00:00",
            "request": {"id": task_id, "delivery_info": {"exchange": exchange, "routing_key": routing_key}},
        }

    scheduled = {"w@h": [entry("a", "", "celery"), entry("b", "orders", "orders.eu.x"), entry("c", "celery", "celery")]}
    assert _count_scheduled(scheduled, router, {"celery", "eu-orders", "all-orders"}) == Counter(
        {"celery": 2, "eu-orders": 1, "all-orders": 1}
    )
    app.close()


# -- sending without declaring again what RabbitMQ has --------------------------------------------


class _NotFound(Exception):
    code = 404


class _Channel:
    def __init__(self, broker):
        self.broker = broker

    def queue_declare(self, queue, passive):
        assert passive
        self.broker.asked.append(queue)
        if queue not in self.broker.queues:
            raise _NotFound(f"no queue {queue!r}")
        return queue, 0, 0

    def close(self):
        self.broker.closed += 1


class _Broker:
    """A kombu Connection as far as the wrapper looks at it."""

    channel_errors = (_NotFound,)

    def __init__(self, *queues, driver_type="amqp"):
        self.queues, self.asked, self.closed = set(queues), [], 0
        self.transport = type("Transport", (), {"driver_type": driver_type})()

    def channel(self):
        return _Channel(self)


class _Producer:
    def __init__(self, connection):
        self.connection = connection


def _wrapped(app: Celery):
    sent = []
    app.amqp.send_task_message = lambda producer, name, message, **options: sent.append(options)
    declare_only_missing_queues(app)
    return sent


def test_a_queue_the_broker_has_is_not_declared_again(monkeypatch):
    app = Celery("send", broker="amqp://", set_as_current=False)
    sent = _wrapped(app)
    broker = _Broker("prio", "celery")
    producer = _Producer(broker)
    send = app.amqp.send_task_message
    send(producer, "tasks.add", None, queue="prio")
    send(producer, "tasks.add", None, queue="prio")  # known for KNOWN_FOR seconds: not asked again
    send(producer, "tasks.add", None, queue="new")
    send(producer, "tasks.add", None)  # the default queue
    send(producer, "tasks.add", None, queue=Queue("prio"))
    send(producer, "tasks.add", None, queue=Broadcast("fan"))
    send(producer, "tasks.add", None, exchange="topic-ex", routing_key="a.b")  # no queue: Celery declares none
    send(producer, "tasks.add", None, queue="prio", declare=[Queue("prio")])  # the caller's own choice stands
    assert [o["declare"] for o in sent[:6]] == [[], [], None, [], [], None]
    assert sent[6]["declare"] is None and sent[7]["declare"] == [Queue("prio")]
    assert broker.asked == ["prio", "new", "celery"] and broker.closed == 3
    declare_only_missing_queues(app)  # twice is once
    send(producer, "tasks.add", None, queue="celery")
    assert len(broker.asked) == 3 and sent[-1]["declare"] == []

    class _Down(_Broker):
        def channel(self):
            raise ConnectionRefusedError(111, "Connection refused")

    send(_Producer(_Down("gone")), "tasks.add", None, queue="gone")  # Celery sends (and fails) as it always does
    assert sent[-1]["declare"] is None

    redis = _Broker("prio", driver_type="redis")
    send(_Producer(redis), "tasks.add", None, queue="other")
    assert redis.asked == [] and sent[-1]["declare"] is None
    app.close()


def test_the_console_app_wraps_sending_only_for_an_amqp_broker():
    amqp = build_console_app(ConnectionProfile(broker_url="amqp://u:p@127.0.0.1:5672//"))
    plain = build_console_app(ConnectionProfile(broker_url="redis://127.0.0.1:6379/0"))
    assert getattr(amqp.amqp.send_task_message, "declares_only_missing", False)
    assert not getattr(plain.amqp.send_task_message, "declares_only_missing", False)
    assert is_amqp_url("pyamqp://h//") and is_amqp_url("AMQPS://h//") and not is_amqp_url("redis://h") and not is_amqp_url(None)
    amqp.close()
    plain.close()


# -- amqps:// ---------------------------------------------------------------------------------------


def test_amqps_options_become_py_amqp_options():
    options = amqp_tls_options("amqps://u:p@rabbit:5671//?ssl_cert_reqs=required&ssl_ca_certs=/ca.pem", check_files=False)
    assert options.amqp_kwargs() == {"cert_reqs": ssl.CERT_REQUIRED, "server_hostname": None, "ca_certs": "/ca.pem"}
    bare = amqp_tls_options("amqps://u:p@rabbit//", check_files=False)  # checked, host name too (kombu: no host check)
    assert bare.amqp_kwargs() == {"cert_reqs": ssl.CERT_REQUIRED, "server_hostname": None}
    unchecked = amqp_tls_options("amqps://rabbit//?ssl_cert_reqs=none", check_files=False)
    assert unchecked.amqp_kwargs() == {"cert_reqs": ssl.CERT_NONE}  # py-amqp refuses a host check without one
    app_default = amqp_tls_options(
        "amqps://rabbit//?ssl_check_hostname=false", {"ca_certs": "/app-ca.pem", "ciphers": "HIGH"}, check_files=False
    )
    assert app_default.amqp_kwargs() == {"ciphers": "HIGH", "cert_reqs": ssl.CERT_REQUIRED, "ca_certs": "/app-ca.pem"}
    named = amqp_tls_options("amqps://10.0.0.5//", {"server_hostname": "rabbit.internal"}, check_files=False)
    assert named.amqp_kwargs()["server_hostname"] == "rabbit.internal"  # the app's name for the certificate stays
    unnamed = amqp_tls_options(
        "amqps://10.0.0.5//?ssl_check_hostname=false", {"server_hostname": "rabbit.internal"}, check_files=False
    )
    assert "server_hostname" not in unnamed.amqp_kwargs()
    assert amqp_tls_options("amqps://rabbit//", ssl.create_default_context(), check_files=False) is None
    assert amqp_tls_options("amqp://rabbit//", {"ca_certs": "/ca.pem"}) is None  # Celery uses broker_use_ssl itself
    assert amqp_tls_options("redis://h/0") is None and amqp_tls_options(None) is None
    with pytest.raises(TlsError, match="need an amqps:// URL"):
        amqp_tls_options("amqp://rabbit//?ssl_ca_certs=/ca.pem")
    with pytest.raises(TlsError, match="CA file not found: /nowhere/ca.pem"):
        amqp_tls_options("amqps://rabbit//?ssl_ca_certs=/nowhere/ca.pem")


def test_the_console_app_gives_amqps_options_to_py_amqp_and_strips_them_from_the_url(tmp_path):
    from tests.support.tls_certs import make_pki

    pki = make_pki(tmp_path)
    app = build_console_app(
        ConnectionProfile(broker_url=f"amqps://u:{QUOTED}@127.0.0.1:5671//?ssl_ca_certs={pki.ca}&ssl_cert_reqs=required")
    )
    assert app.conf.broker_url == f"amqps://u:{QUOTED}@127.0.0.1:5671//"
    assert app.conf.broker_use_ssl == {"cert_reqs": ssl.CERT_REQUIRED, "server_hostname": None, "ca_certs": str(pki.ca)}
    assert "celery_desktop_tls" in app.conf.broker_transport_options
    app.close()
