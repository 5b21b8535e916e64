"""The seed-style URL (``redis://auth:PASSWORD@host``) on a real requirepass-only redis-server 6+."""

from __future__ import annotations

import asyncio
import logging
import re
import subprocess
from urllib.parse import quote

import pytest

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.url_hints import offers_connect_without_user, password_alone_works, without_user_names
from desktop.core.domain.records import Reachability
from desktop.core.runtime.demo import RedisServer, find_redis_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def requirepass_server():
    """A private redis-server with ``requirepass`` only (no ACL users), as Redis 6+ runs an old config."""
    server = RedisServer(password="s3cret:/@pw-" + "x" * 12)  # URL-special characters, quoted in the URL
    server.start()
    yield server
    server.stop()


def url(server: RedisServer, password: str, db: int, user: str = "auth") -> str:
    return f"redis://{user}:{quote(password, safe='')}@127.0.0.1:{server.port}/{db}"


def checks(profile: ConnectionProfile):
    client = ClusterClient(build_console_app(profile), profile, timeout=5.0)

    async def both():
        return await client.check_broker(), await client.check_backend()

    try:
        return asyncio.run(both())
    finally:
        client.close()


def test_the_server_is_redis_6_or_later():
    version = subprocess.run([find_redis_server(), "--version"], capture_output=True, text=True, check=True).stdout
    major = int(re.search(r"v=(\d+)\.", version).group(1))
    assert major >= 6, version  # before 6 there are no ACL users: AUTH auth PASSWORD is an error of another kind


def test_the_hint_says_the_password_alone_works_and_the_fix_connects(requirepass_server, caplog):
    caplog.set_level(logging.DEBUG)
    password = requirepass_server.password
    profile = ConnectionProfile(broker_url=url(requirepass_server, password, 0), backend_url=url(requirepass_server, password, 1))
    broker, backend = checks(profile)
    for status in (broker, backend):
        assert status.reachability is Reachability.FAILED
        assert status.message == (
            "login refused: the server has no user 'auth': it takes the password alone (Redis requirepass). "
            "Connect without the user name?"
        )
        assert offers_connect_without_user(status.message)
    fixed = without_user_names(profile)
    assert fixed.broker_url == f"redis://:{quote(password, safe='')}@127.0.0.1:{requirepass_server.port}/0"
    assert fixed.masked_broker == f"redis://:***@127.0.0.1:{requirepass_server.port}/0"
    broker_ok, backend_ok = checks(fixed)
    assert broker_ok.reachability is Reachability.OK and backend_ok.reachability is Reachability.OK
    shown = [s.message for s in (broker, backend, broker_ok, backend_ok)] + [s.url for s in (broker, backend, broker_ok)]
    for text in [*shown, *(r.getMessage() for r in caplog.records)]:
        assert password not in text and quote(password, safe="") not in text


def test_a_really_wrong_password_gets_no_such_hint(requirepass_server):
    profile = ConnectionProfile(broker_url=url(requirepass_server, "wrong", 0), backend_url=url(requirepass_server, "wrong", 1))
    broker, backend = checks(profile)
    for status in (broker, backend):
        assert status.reachability is Reachability.FAILED
        assert "invalid username-password pair" in status.message
        assert not offers_connect_without_user(status.message)


def test_the_probe_is_one_auth_on_a_fresh_connection_and_says_no_to_a_wrong_password(requirepass_server):
    server_url = url(requirepass_server, requirepass_server.password, 0)
    assert password_alone_works(server_url, requirepass_server.password, timeout=2.0)
    assert not password_alone_works(server_url, "wrong", timeout=2.0)


def test_the_probe_gives_up_on_a_port_that_refuses(refused_port):
    assert not password_alone_works(f"redis://auth:pw@127.0.0.1:{refused_port}/0", "pw", timeout=1.0)


def test_the_connection_bar_names_an_unknown_scheme_instead_of_kombus_key_error():
    broker, backend = checks(ConnectionProfile(broker_url="garbage://x", backend_url="redsi://h:6379/1"))
    assert broker.reachability is Reachability.FAILED and backend.reachability is Reachability.FAILED
    assert broker.message.startswith("unknown broker scheme 'garbage'. Schemes that work: redis, rediss,")
    assert "KeyError" not in broker.message
    assert backend.message.startswith("unknown result backend scheme 'redsi': did you mean redis://?")
