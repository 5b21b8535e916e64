"""The connection dialog's checks: good URLs become a profile, each mistake a clear message at its field."""

from __future__ import annotations

import ssl

import pytest
from celery import Celery
from celery.backends.redis import RedisBackend
from kombu.utils.url import parse_url

from desktop.core.connection.connection_form import ConnectionForm, from_profile
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.store.profile_store import Keyring, ProfileStore
from tests.unit.store.test_profile_store import MemoryKeyring

SECRET = "Sup3r/s3cr3t@pw"  # "/" and "@" are legal in a password


@pytest.fixture
def pem(tmp_path):
    files = {}
    for name in ("ca.pem", "client.crt", "client.key"):
        path = tmp_path / name
        path.write_text("-----BEGIN CERTIFICATE-----\n")
        files[name] = str(path)
    return files


def ok(form: ConnectionForm, taken=()) -> ConnectionProfile:
    result = form.validate(taken)
    assert result.errors == {} and result.ok
    return result.profile


def errors(form: ConnectionForm, taken=()) -> dict[str, str]:
    result = form.validate(taken)
    assert result.profile is None and not result.ok
    return result.errors


@pytest.mark.parametrize(
    "broker, backend",
    [
        ("redis://localhost:6379/0", "redis://localhost:6379/1"),
        ("redis://", ""),
        ("redis://cache.internal/10", "db+sqlite:///results.sqlite3"),
        ("redis://[::1]:6379/0", "rpc://"),
        ("amqp://guest@rabbit:5672//", "redis://h:6379/11"),
        ("sentinel://s1:26379;sentinel://s2:26379", "redis://h/1"),
        ("pyamqp://user@h:5672/vhost", ""),
        ("memory://", "cache+memory://"),
    ],
)
def test_good_urls_become_a_profile(broker, backend):
    form = ConnectionForm(name="prod", broker_url=broker, backend_url=backend, app_module="proj.celery:app", poll_interval="0.25")
    profile = ok(form)
    assert (profile.broker_url, profile.backend_url or "") == (broker, backend)
    assert (profile.name, profile.app_module, profile.poll_interval) == ("prod", "proj.celery:app", 0.25)
    assert profile.broker_source == "profile prod"


def test_a_password_typed_apart_goes_into_the_url_encoded_and_celery_reads_it_back():
    profile = ok(
        ConnectionForm(name="prod", broker_url="redis://h:6379/0", broker_password=SECRET, backend_url="redis://celery@h:6379/1")
    )
    assert profile.broker_url == "redis://:Sup3r%2Fs3cr3t%40pw@h:6379/0"
    assert parse_url(profile.broker_url)["password"] == SECRET
    # a raw password in the URL itself is encoded the same way
    again = ok(ConnectionForm(name="prod", broker_url=f"redis://:{SECRET}@h:6379/0"))
    assert again.broker_url == profile.broker_url
    with_user = ok(ConnectionForm(name="p", broker_url="redis://celery@h/1", broker_password="pw"))
    assert with_user.broker_url == "redis://celery:pw@h/1"


@pytest.mark.parametrize(
    "form, field, message",
    [
        (ConnectionForm(broker_url="redis://h/0"), "name", "give the connection a name"),
        (ConnectionForm(name="default", broker_url="redis://h/0"), "name", "choose another name"),
        (ConnectionForm(name="x" * 101, broker_url="redis://h/0"), "name", "at most 100 characters"),
        (ConnectionForm(name="a\x00b", broker_url="redis://h/0"), "name", "control characters"),
        (ConnectionForm(name="p"), "broker_url", "a broker URL is needed (e.g. redis://host:6379/0)"),
        (
            ConnectionForm(name="p", broker_url="localhost:6379"),
            "broker_url",
            "broker URL has no scheme (expected redis://host:6379/0)",
        ),
        (ConnectionForm(name="p", broker_url="1redis://h"), "broker_url", "must start with a scheme"),
        (ConnectionForm(name="p", broker_url="htp://h"), "broker_url", "unknown broker scheme 'htp'"),
        (
            ConnectionForm(name="p", broker_url="redis://h/0", backend_url="rabbit://h"),
            "backend_url",
            "unknown result backend scheme",
        ),
        (ConnectionForm(name="p", broker_url="redis://h:65536/0"), "broker_url", "port must be 1–65535 (got '65536')"),
        (ConnectionForm(name="p", broker_url="redis://h:0/0"), "broker_url", "port must be 1–65535"),
        (ConnectionForm(name="p", broker_url="redis://h:63a9/0"), "broker_url", "port must be a number 1–65535, not '63a9'"),
        (ConnectionForm(name="p", broker_url="redis://h:/0"), "broker_url", "the port after ':' is empty"),
        (ConnectionForm(name="p", broker_url="redis://h:６３７９/0"), "broker_url", "port must be a number"),
        (ConnectionForm(name="p", broker_url="redis://[::1/0"), "broker_url", "needs a closing ]"),
        (ConnectionForm(name="p", broker_url="redis://h/zero"), "broker_url", "Redis database must be a whole number"),
        (ConnectionForm(name="p", broker_url="redis://h /0"), "broker_url", "cannot hold spaces or control characters"),
        (ConnectionForm(name="p", broker_url="redis://h/0\x00"), "broker_url", "cannot hold spaces or control characters"),
        (ConnectionForm(name="p", broker_url="redis://h/" + "0" * 5000), "broker_url", "too long"),
        (ConnectionForm(name="p", broker_url="redis://h／x/0"), "broker_url", "cannot be read: check its host and port"),
        (
            ConnectionForm(name="p", broker_url="redis://:a@h/0", broker_password="b"),
            "broker_password",
            "holds a password already",
        ),
        (ConnectionForm(name="p", broker_url="redis://h/0", backend_password="b"), "backend_password", "no result backend URL"),
        (ConnectionForm(name="p", broker_url="redis://h/0", broker_password="a\nb"), "broker_password", "no control characters"),
        (
            ConnectionForm(name="p", broker_url="sentinel://:pw@s1:26379;sentinel://:other@s2:26379", sentinel_master="m"),
            "broker_url",
            "the same password",
        ),
        (ConnectionForm(name="p", broker_url="sentinel://s1:26379;sentinel://s2:26379"), "sentinel_master", "name of the master"),
        (ConnectionForm(name="p", broker_url="sentinel://s1:26379", sentinel_master="my master"), "sentinel_master", "one word"),
        (
            ConnectionForm(name="p", broker_url="amqp://h:5672//", management_url="ftp://h:15672/"),
            "management_url",
            "http:// or https://",
        ),
        (
            ConnectionForm(name="p", broker_url="amqp://h:5672//", management_url="http://h:99999/"),
            "management_url",
            "port must be 1–65535",
        ),
        (
            ConnectionForm(name="p", broker_url="amqp://h//", management_url="http://u:a@h:15672/", management_password="b"),
            "management_password",
            "holds a password already",
        ),
        (ConnectionForm(name="p", broker_url="redis://h/0", app_module="proj/celery"), "app_module", "not a Python module path"),
        (ConnectionForm(name="p", broker_url="redis://h/0", app_module="proj.class"), "app_module", "not a Python module path"),
        (ConnectionForm(name="p", broker_url="redis://h/0", app_module="proj:"), "app_module", "not a Python module path"),
    ],
)
def test_each_mistake_is_reported_at_its_field(form, field, message):
    found = errors(form)
    assert message in found[field], found


@pytest.mark.parametrize("text", ["abc", "0", "0.01", "3601", "nan", "inf", "-1", "1e999", "9" * 400])
def test_poll_interval_must_be_seconds_in_range(text):
    found = errors(ConnectionForm(name="p", broker_url="redis://h/0", poll_interval=text))
    assert found == {"poll_interval": "poll interval must be a number of seconds between 0.05 and 3600"}


def test_a_name_already_saved_is_refused():
    assert errors(ConnectionForm(name=" prod ", broker_url="redis://h/0"), taken=["prod"]) == {
        "name": "a connection called 'prod' already exists"
    }


def test_tls_options_go_into_every_rediss_url_as_celery_reads_them(pem):
    form = ConnectionForm(
        name="tls",
        broker_url="rediss://:pw@h:6380/0",
        backend_url="rediss://h:6380/1",
        tls_ca_file=pem["ca.pem"],
        tls_cert_file=pem["client.crt"],
        tls_key_file=pem["client.key"],
        tls_cert_reqs="optional",
    )
    assert form.uses_tls
    profile = ok(form)
    query = f"ssl_cert_reqs=CERT_OPTIONAL&ssl_ca_certs={pem['ca.pem']}&ssl_certfile={pem['client.crt']}&ssl_keyfile={pem['client.key']}"
    assert profile.broker_url == f"rediss://:pw@h:6380/0?{query}"
    assert profile.backend_url == f"rediss://h:6380/1?{query}"
    # kombu (broker) and Celery's redis backend read exactly these
    assert parse_url(profile.broker_url)["ssl"] == {
        "ssl_cert_reqs": ssl.CERT_OPTIONAL,
        "ssl_ca_certs": pem["ca.pem"],
        "ssl_certfile": pem["client.crt"],
        "ssl_keyfile": pem["client.key"],
    }
    params = RedisBackend(app=Celery(set_as_current=False), url=profile.backend_url).connparams
    assert params["ssl_cert_reqs"] == ssl.CERT_OPTIONAL and params["ssl_ca_certs"] == pem["ca.pem"]


def test_tls_applies_only_to_rediss_urls_and_a_url_s_own_setting_wins(pem, tmp_path):
    form = ConnectionForm(name="t", broker_url="redis://h/0", backend_url="redis://h/1", tls_ca_file="/nowhere/ca.pem")
    assert not form.uses_tls
    profile = ok(form)  # the TLS fields are not used (nor checked) without rediss://
    assert profile.broker_url == "redis://h/0"
    mixed = ok(
        ConnectionForm(
            name="t",
            broker_url="rediss://h/0?ssl_cert_reqs=none&socket_timeout=5",
            backend_url="redis://h/1",
            tls_ca_file=pem["ca.pem"],
        )
    )
    # the URL's own CERT_NONE wins over the field's "required"; TLS options come last, spelt one way
    assert mixed.broker_url == f"rediss://h/0?socket_timeout=5&ssl_cert_reqs=CERT_NONE&ssl_ca_certs={pem['ca.pem']}"
    assert mixed.backend_url == "redis://h/1"
    assert ok(ConnectionForm(name="t", broker_url="rediss://h/0")).broker_url == "rediss://h/0?ssl_cert_reqs=CERT_REQUIRED"
    odd = tmp_path / "my certs & keys" / "ca #1.pem"
    odd.parent.mkdir()
    odd.write_text("x")
    encoded = ok(ConnectionForm(name="t", broker_url="rediss://h/0", tls_ca_file=str(odd))).broker_url
    assert parse_url(encoded)["ssl"]["ssl_ca_certs"] == str(odd)


def test_tls_mistakes(pem):
    base = ConnectionForm(name="t", broker_url="rediss://h/0")
    assert errors(ConnectionForm(**{**base.__dict__, "tls_ca_file": "/no/such/ca.pem"})) == {
        "tls_ca_file": "CA file not found: '/no/such/ca.pem'"
    }
    assert (
        "a client key needs a client certificate"
        in errors(ConnectionForm(**{**base.__dict__, "tls_key_file": pem["client.key"]}))["tls_key_file"]
    )
    assert errors(ConnectionForm(**{**base.__dict__, "tls_cert_reqs": "sometimes"})) == {
        "tls_cert_reqs": "certificate check must be required, optional or none"
    }
    assert (
        "ssl_cert_reqs must be CERT_REQUIRED, CERT_OPTIONAL or CERT_NONE"
        in errors(ConnectionForm(name="t", broker_url="rediss://h/0?ssl_cert_reqs=yes"))["broker_url"]
    )
    assert (
        "CA file (ssl_ca_certs) not found"
        in errors(ConnectionForm(name="t", broker_url="rediss://h/0?ssl_ca_certs=/no/ca.pem"))["broker_url"]
    )


def test_editing_gives_back_the_same_profile(pem):
    form = ConnectionForm(
        name="prod",
        broker_url="rediss://celery@h:6380/0",
        broker_password=SECRET,
        backend_url="rediss://h:6380/1?socket_timeout=3",
        backend_password="other:pw",
        app_module="proj",
        allow_pickle=True,
        poll_interval="2.5",
        tls_ca_file=pem["ca.pem"],
        tls_cert_reqs="none",
    )
    profile = ok(form)
    again = from_profile(profile)
    assert again == ConnectionForm(
        name="prod",
        broker_url="rediss://celery@h:6380/0",
        broker_password=SECRET,
        backend_url="rediss://h:6380/1?socket_timeout=3",
        backend_password="other:pw",
        app_module="proj",
        allow_pickle=True,
        poll_interval="2.5",
        tls_ca_file=pem["ca.pem"],
        tls_cert_reqs="none",
    )
    assert ok(again) == profile


def test_editing_keeps_tls_options_that_differ_between_the_urls(pem):
    profile = ConnectionProfile(
        name="two",
        broker_url=f"rediss://h/0?ssl_cert_reqs=CERT_REQUIRED&ssl_ca_certs={pem['ca.pem']}",
        backend_url="rediss://h/1?ssl_cert_reqs=CERT_NONE",
    )
    form = from_profile(profile)
    assert form.tls_ca_file == "" and form.tls_cert_reqs == "required"
    assert form.broker_url == profile.broker_url and form.backend_url == profile.backend_url
    assert ok(form).broker_url == profile.broker_url and ok(form).backend_url == profile.backend_url


def test_the_command_line_connection_opens_without_a_name():
    form = from_profile(ConnectionProfile(broker_url="redis://:pw@h/0", broker_source="--broker"))
    assert (form.name, form.broker_url, form.broker_password) == ("", "redis://h/0", "pw")
    assert "name" in errors(form)


def test_a_validated_profile_saves_with_its_password_in_the_keyring_only(tmp_path):
    keyring = MemoryKeyring()
    store = ProfileStore(tmp_path / "profiles.json", Keyring(keyring))
    profile = ok(ConnectionForm(name="prod", broker_url="redis://h:6379/0", broker_password=SECRET))
    assert store.save(profile) == ""
    assert SECRET not in (tmp_path / "profiles.json").read_text() and "%40" not in (tmp_path / "profiles.json").read_text()
    opened = store.open("prod", ask=lambda *_: pytest.fail("the keyring holds it"))
    assert opened.broker_url == profile.broker_url and parse_url(opened.broker_url)["password"] == SECRET


def test_no_message_quotes_a_password(tmp_path):
    secret = "hunter2-Ω"
    forms = [
        ConnectionForm(name=secret, broker_url=f"redis://:{secret}@h:{secret}/0", broker_password="x", backend_password=secret),
        ConnectionForm(name="p", broker_url=f"redis://:{secret}@h/{secret}", tls_ca_file=secret),
        ConnectionForm(name="p", broker_url=f"rediss://:{secret}@h/0", tls_ca_file=f"/tmp/{secret}/ca.pem"),
        ConnectionForm(name="p", broker_url=f"{secret}://h/0", broker_password=secret),
        ConnectionForm(name="p", broker_url="redis://h/0", backend_url=f"redis://u:{secret}@h:99999/1", app_module=secret),
        ConnectionForm(name=secret, broker_url=f"redis:{secret}@h", poll_interval=secret),
    ]
    for form in forms:
        found = form.validate([secret])
        assert found.errors, form
        for message in found.errors.values():
            assert secret not in message and "hunter2" not in message, message


def test_a_sentinel_list_shares_one_password_and_names_its_master():
    form = ConnectionForm(
        name="p",
        broker_url="sentinel://s1:26379;sentinel://s2:26380",
        broker_password="p@ss;word",
        backend_url="sentinel://:p%40ss%3Bword@s1:26379;sentinel://:p%40ss%3Bword@s2:26380",
        sentinel_master="mymaster",
    )
    result = form.validate()
    assert result.ok, result.errors
    profile = result.profile
    assert profile.broker_url == "sentinel://:p%40ss%3Bword@s1:26379;sentinel://:p%40ss%3Bword@s2:26380"
    assert profile.backend_url == profile.broker_url and profile.sentinel_master == "mymaster"
    again = from_profile(profile)
    assert again.sentinel_master == "mymaster" and again.validate().profile == profile


def test_the_management_url_is_only_kept_for_an_amqp_broker_and_its_password_apart():
    form = ConnectionForm(
        name="p", broker_url="amqp://guest@h:5672//", management_url="http://admin@h:15672", management_password="s3:cret"
    )
    profile = form.validate().profile
    assert profile.management_url == "http://admin:s3%3Acret@h:15672/"
    back = from_profile(profile)
    assert (back.management_url, back.management_password) == ("http://admin@h:15672/", "s3:cret")
    redis = ConnectionForm(name="p", broker_url="redis://h/0", management_url="http://h:15672/")
    assert redis.validate().profile.management_url is None  # not a RabbitMQ broker: the field is not shown, nor kept


def test_the_broker_kind_is_read_from_the_url():
    from desktop.core.connection.connection_form import broker_kind

    assert broker_kind("amqp://guest@h//") == "RabbitMQ (AMQP)"
    assert broker_kind("pyamqp://h//") == "RabbitMQ (AMQP)"
    assert broker_kind("amqps://h//") == "RabbitMQ over TLS (AMQPS)"
    assert broker_kind("sentinel://a:26379;sentinel://b:26379") == "Redis Sentinel"
    assert broker_kind("rediss://h:6380/0") == "Redis over TLS"
    assert broker_kind("redis://h/0") == "Redis"
    assert broker_kind("nonsense") == ""


def test_the_tls_fields_apply_to_an_amqps_broker_too(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    form = ConnectionForm(name="p", broker_url="amqps://guest@rabbit:5671//", backend_url="redis://h/1", tls_ca_file=str(ca))
    assert form.uses_tls
    profile = form.validate().profile
    assert profile.broker_url == f"amqps://guest@rabbit:5671//?ssl_cert_reqs=CERT_REQUIRED&ssl_ca_certs={ca}"
    assert profile.backend_url == "redis://h/1"  # a plain URL is left as it is
    assert from_profile(profile).tls_ca_file == str(ca)


def test_a_redis_unix_socket_url_like_the_demos_can_be_edited_and_saved():
    profile = ConnectionProfile(
        name="demo",
        broker_url="redis+socket://:pw@/tmp/celery-desktop-redis-x/redis.sock?virtual_host=10",
        backend_url="redis+socket://:pw@/tmp/celery-desktop-redis-x/redis.sock?virtual_host=11",
    )
    checked = from_profile(profile).validate()
    assert checked.errors == {}
    assert (checked.profile.broker_url, checked.profile.backend_url) == (profile.broker_url, profile.backend_url)
