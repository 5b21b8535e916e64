"""desktop/core/connection/sentinel.py without a network: settings read as Celery reads them, errors in a few words."""

from __future__ import annotations

import asyncio
import ssl
import warnings

import pytest
import redis
import redis.asyncio.retry
import redis.backoff
import redis.retry
from celery import Celery

from desktop.core.cluster.celery_app import (
    CELERY_PUBLISH_RETRY_POLICY,
    UNBOUNDED_RETRY_SECONDS,
    build_console_app,
    publish_retry_seconds,
)
from desktop.core.cluster.client import ClusterClient, describe_error
from desktop.core.cluster.key_tracking import ChangedKeyReader
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.sentinel import (
    MasterLocator,
    SentinelSetupError,
    async_master_client,
    data_connparams,
    describe_sentinel_error,
    is_sentinel_backend,
    is_sentinel_url,
    sentinel_addresses,
)
from desktop.core.live.poller import BackendKind, async_redis_for, backend_kind

URL = "sentinel://:data-pw@10.0.0.1:26379/11;sentinel://:data-pw@10.0.0.2:26380/11"


def sentinel_app(url: str = URL, **options) -> Celery:
    app = Celery("sentinel-unit", set_as_current=False)
    app.conf.result_backend = url
    app.conf.result_backend_transport_options = {"master_name": "mymaster", **options}
    return app


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (URL, True),
        ("SENTINEL://h:26379", True),
        ("  sentinel://h:26379", True),
        ("redis://h:6379/0;sentinel://h:26379", False),  # the first URL decides, as kombu and Celery do
        ("redis://:sentinel://@h/0", False),
        ("", False),
        (None, False),
    ],
)
def test_is_sentinel_url(url, expected):
    assert is_sentinel_url(url) is expected


def test_a_sentinel_backend_takes_the_fast_path():
    backend = sentinel_app().backend
    assert is_sentinel_backend(backend) and backend_kind(backend) is BackendKind.REDIS
    plain = Celery(set_as_current=False, backend="redis://h:6379/1").backend
    assert not is_sentinel_backend(plain) and backend_kind(plain) is BackendKind.REDIS


def test_the_sentinels_and_the_data_settings_come_from_celerys_parsing():
    backend = sentinel_app(sentinel_kwargs={"password": "sentinel-pw"}, min_other_sentinels=1).backend
    assert sentinel_addresses(backend) == [("10.0.0.1", 26379), ("10.0.0.2", 26380)]
    params = data_connparams(backend, "10.0.0.9", 6390)
    assert "hosts" not in params and "connection_class" not in params
    assert (params["host"], params["port"], params["db"], params["password"]) == ("10.0.0.9", 6390, 11, "data-pw")


def test_the_async_client_asks_the_same_sentinels_as_celerys_own():
    backend = sentinel_app(sentinel_kwargs={"password": "sentinel-pw"}, min_other_sentinels=1).backend
    celerys = backend._get_sentinel_instance(**backend.connparams)
    client = async_redis_for(backend)
    pool = client.connection_pool
    ours = pool.sentinel_manager
    assert pool.service_name == "mymaster" and pool.is_master and pool.max_connections == 4

    def addresses(sentinel):
        return [
            (s.connection_pool.connection_kwargs["host"], s.connection_pool.connection_kwargs["port"]) for s in sentinel.sentinels
        ]

    assert addresses(ours) == addresses(celerys) == [("10.0.0.1", 26379), ("10.0.0.2", 26380)]
    # The same options, but for ``retry``: each client has its own kind of policy (redis-py 8 adds one
    # when none is given; the console gives its asyncio clients theirs).
    assert without_retry(ours.sentinel_kwargs) == without_retry(celerys.sentinel_kwargs) == {"password": "sentinel-pw"}
    assert_no_retry(ours.sentinel_kwargs["retry"], redis.asyncio.retry.Retry)
    if "retry" in celerys.sentinel_kwargs:
        assert isinstance(celerys.sentinel_kwargs["retry"], redis.retry.Retry)
    for sentinel in ours.sentinels:
        assert_no_retry(sentinel.get_retry(), redis.asyncio.retry.Retry)
    assert ours.min_other_sentinels == celerys.min_other_sentinels == 1
    kwargs = pool.connection_kwargs
    assert (kwargs["db"], kwargs["password"]) == (11, "data-pw")  # the data password, not the sentinel's
    assert all(s.connection_pool.connection_kwargs.get("password") == "sentinel-pw" for s in ours.sentinels)


def without_retry(kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k != "retry"}


def assert_no_retry(retry, kind: type) -> None:
    """The console's sentinel policy: a sentinel that fails is passed over at once, no retry, no backoff."""
    assert type(retry) is kind, type(retry)
    assert retry.get_retries() == 0 and isinstance(retry._backoff, redis.backoff.NoBackoff)


def test_the_console_app_gives_blocking_clients_a_blocking_retry_and_asyncio_ones_an_asyncio_retry():
    """Celery's and kombu's sentinel clients keep the blocking Retry the console sets; the console's asyncio client has its own."""
    profile = ConnectionProfile(broker_url=URL.replace("/11", "/10"), backend_url=URL, sentinel_master="mymaster")
    app = build_console_app(profile)
    for setting in ("broker_transport_options", "result_backend_transport_options"):
        assert_no_retry(app.conf[setting]["sentinel_kwargs"]["retry"], redis.retry.Retry)
    celerys = app.backend._get_sentinel_instance(**app.backend.connparams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # redis-py 8 warns when it has to convert a blocking Retry
        ours = async_redis_for(app.backend).connection_pool.sentinel_manager
    assert without_retry(ours.sentinel_kwargs) == without_retry(celerys.sentinel_kwargs)
    assert_no_retry(ours.sentinel_kwargs["retry"], redis.asyncio.retry.Retry)
    assert all(type(s.get_retry()) is redis.asyncio.retry.Retry for s in ours.sentinels)
    assert all(type(s.get_retry()) is redis.retry.Retry for s in celerys.sentinels)
    app.close()


def test_tls_through_sentinel_keeps_tls_on_the_data_connections():
    app = sentinel_app()
    app.conf.redis_backend_use_ssl = {"ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_ca_certs": "/tmp/ca.pem"}
    backend = app.backend
    params = data_connparams(backend, "h", 1)
    assert params["connection_class"] is redis.SSLConnection and params["ssl_ca_certs"] == "/tmp/ca.pem"
    from redis.asyncio.sentinel import SentinelManagedSSLConnection

    assert async_master_client(backend).connection_pool.connection_class is SentinelManagedSSLConnection


def test_no_master_name_is_said_before_anything_connects():
    backend = sentinel_app().backend
    backend.app.conf.result_backend_transport_options = {}
    with pytest.raises(SentinelSetupError, match="master_name in result_backend_transport_options"):
        async_master_client(backend)
    with pytest.raises(SentinelSetupError, match="without a master name"):
        MasterLocator(backend)()
    MasterLocator(backend).close()  # nothing opened: nothing to close


def test_the_checks_say_a_master_name_is_missing_without_connecting():
    profile = ConnectionProfile(broker_url=URL.replace("/11", "/10"), backend_url=URL)
    client = ClusterClient(build_console_app(profile), profile, timeout=0.5)
    try:
        broker, backend = asyncio.run(_both(client))
    finally:
        client.close()
    assert broker.message == (
        "broker unreachable: sentinel:// broker without a master name: give master_name in broker_transport_options, "
        "or --sentinel-master (the connection's Sentinel master)"
    )
    assert "master_name in result_backend_transport_options" in backend.message
    assert "data-pw" not in broker.message + backend.message


async def _both(client: ClusterClient):
    return await asyncio.gather(client.check_broker(), client.check_backend())


def test_the_profiles_master_name_reaches_both_transport_options():
    profile = ConnectionProfile(broker_url=URL, backend_url=URL, sentinel_master="mymaster")
    app = build_console_app(profile)
    assert app.conf.broker_transport_options["master_name"] == "mymaster"
    assert MasterLocator(app.backend).master_name == "mymaster"


SYNC = (
    "No master found for 'mymaster' : <redis.client.Redis(<redis.connection.ConnectionPool(<redis.connection.Connection("
    "db=0,username=<REDACTED>,password=<REDACTED>,retry=<redis.retry.Retry object at 0x7f08d4181790>,host=10.0.0.1,"
    "port=26379,socket_keepalive_options=<object object at 0x7f08d594caf0>)>)>)> - auth:AuthenticationError, "
    "<redis.client.Redis(<redis.connection.ConnectionPool(<redis.connection.Connection(db=0,host=10.0.0.2,port=26380)>)>)>"
    " - network:ConnectionError"
)
ASYNC = (
    "No master found for 'mymaster' : <redis.asyncio.client.Redis(<redis.asyncio.connection.ConnectionPool("
    "<redis.asyncio.connection.Connection(host=10.0.0.1,port=26379,db=0)>)>)> - "
    "ConnectionError('Error 111 connecting to 10.0.0.1:26379. Connection refused.')"
)


def test_no_master_found_reads_as_one_line_per_sentinel():
    assert describe_sentinel_error(redis.sentinel.MasterNotFoundError(SYNC)) == (
        "Sentinel: no master 'mymaster': 10.0.0.1:26379: auth:AuthenticationError; 10.0.0.2:26380: network:ConnectionError "
        "(a sentinel that asks for a password gets it from sentinel_kwargs={'password': …} in the transport options)"
    )
    assert describe_sentinel_error(redis.sentinel.MasterNotFoundError(ASYNC)) == (
        "Sentinel: no master 'mymaster': 10.0.0.1:26379: ConnectionError('Error 111 connecting to 10.0.0.1:26379. Connection refused.')"
    )
    during_failover = redis.sentinel.MasterNotFoundError("No master found for 'mymaster'")
    assert describe_error(during_failover).startswith("Sentinel: no master 'mymaster' is up")
    wrapped = RuntimeError("the backend failed")
    wrapped.__cause__ = redis.sentinel.MasterNotFoundError(SYNC)
    assert describe_sentinel_error(wrapped).startswith("Sentinel: no master 'mymaster': 10.0.0.1:26379")
    assert describe_sentinel_error(redis.ConnectionError("Connection refused")) == ""


def test_the_change_reader_asks_where_the_master_is_on_every_connect():
    asked = []

    def locate() -> dict:
        asked.append(True)
        raise redis.ConnectionError("No master found for 'mymaster'")

    reader = ChangedKeyReader(locate)
    for _ in range(3):
        with pytest.raises(redis.ConnectionError):
            reader.read([b"k"])
    assert len(asked) == 3
    closed = []
    locate.close = lambda: closed.append(True)
    reader.close()
    assert closed == [True]


def test_the_console_passes_over_a_silent_sentinel_and_keeps_the_apps_sentinel_kwargs():
    user_app = Celery("user", set_as_current=False)
    user_app.conf.broker_transport_options = {"master_name": "m", "sentinel_kwargs": {"password": "s-pw", "socket_timeout": 9}}
    profile = ConnectionProfile(broker_url=URL.replace("/11", "/10"), backend_url="redis://h:6379/1")
    app = build_console_app(profile, user_app)
    kwargs = app.conf.broker_transport_options["sentinel_kwargs"]
    assert kwargs["password"] == "s-pw" and kwargs["socket_timeout"] == 9  # the app's own win
    assert kwargs["socket_connect_timeout"] == 3.0 and kwargs["retry"].get_retries() == 0
    assert "sentinel_kwargs" not in (app.conf.result_backend_transport_options or {})  # redis:// is left alone


def test_through_sentinel_a_publish_is_retried_across_a_failover_unless_the_app_says_otherwise():
    two = URL.replace("/11", "/10")  # two sentinels: kombu counts a retry per URL, and waits after each round
    app = build_console_app(ConnectionProfile(broker_url=two, backend_url=URL, sentinel_master="mymaster"))
    policy = app.conf.task_publish_retry_policy
    assert policy == {"max_retries": 24, "interval_start": 0, "interval_step": 0.5, "interval_max": 1.0}
    assert publish_retry_seconds(app) == 0.5 + 1.0 * 22  # at most: every retry waiting

    plain = build_console_app(ConnectionProfile(broker_url="redis://h:6379/0"))
    assert plain.conf.task_publish_retry_policy == CELERY_PUBLISH_RETRY_POLICY
    assert publish_retry_seconds(plain) == pytest.approx(0.6)  # Celery's: 0, 0.2, 0.4
    assert publish_retry_seconds(plain, retry=False) == 0.0
    assert publish_retry_seconds(plain, retry_policy={"max_retries": 1, "interval_start": 2}) == 1.0  # interval_max 1
    assert publish_retry_seconds(plain, retry_policy={"max_retries": None}) == UNBOUNDED_RETRY_SECONDS

    user_app = Celery("user", set_as_current=False)
    user_app.conf.task_publish_retry_policy = {"max_retries": 100, "interval_start": 1, "interval_step": 1, "interval_max": 5}
    user_app.conf.broker_transport_options = {"master_name": "m"}
    own = build_console_app(ConnectionProfile(broker_url=two), user_app)
    assert own.conf.task_publish_retry_policy["max_retries"] == 100  # the app's own policy stays
    off = Celery("off", set_as_current=False)
    off.conf.task_publish_retry = False
    assert publish_retry_seconds(build_console_app(ConnectionProfile(broker_url=two, sentinel_master="m"), off)) == 0.0
    for each in (app, plain, own, off):
        each.close()
