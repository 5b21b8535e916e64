"""rediss:// options: the URL's ssl_* parameters read once, checked, and given to Celery, kombu and redis-py alike."""

from __future__ import annotations

import ssl

import pytest
import redis
from cryptography.hazmat.primitives import serialization
from kombu.exceptions import OperationalError

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import describe_error
from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.connection.tls import (
    TlsError,
    TlsOptions,
    describe_tls_error,
    host_port,
    parse_cert_reqs,
    tls_options,
    tls_required_hint,
    without_tls_query,
)
from tests.support.tls_certs import make_pki

PASSWORD = "s3cret?pw"  # a raw '?' in the password must not be taken for the query
BASE = f"rediss://:{PASSWORD}@redis.internal:6380/0"
APP_PASSWORD = "s3cret-pw"  # kombu itself cannot read a raw '?' in a password
APP_BASE = f"rediss://:{APP_PASSWORD}@redis.internal:6380"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


# -- ssl_cert_reqs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("required", ssl.CERT_REQUIRED),
        ("REQUIRED", ssl.CERT_REQUIRED),
        ("CERT_REQUIRED", ssl.CERT_REQUIRED),
        ("cert_required", ssl.CERT_REQUIRED),
        ("ssl.CERT_REQUIRED", ssl.CERT_REQUIRED),
        (ssl.CERT_REQUIRED, ssl.CERT_REQUIRED),
        (2, ssl.CERT_REQUIRED),
        ("optional", ssl.CERT_OPTIONAL),
        ("CERT_OPTIONAL", ssl.CERT_OPTIONAL),
        ("none", ssl.CERT_NONE),
        ("CERT_NONE", ssl.CERT_NONE),
        (" None ", ssl.CERT_NONE),
    ],
)
def test_cert_reqs_spellings(text, mode):
    assert parse_cert_reqs(text) is mode


@pytest.mark.parametrize("text", ["maybe", "", "CERT_SOMETIMES", True, 7])
def test_an_unknown_cert_reqs_says_what_is_accepted(text):
    with pytest.raises(TlsError, match=r"ssl_cert_reqs must be required, optional or none"):
        parse_cert_reqs(text)


def test_every_spelling_reaches_redis_py_as_the_same_constant(pki):
    for spelling in ("required", "CERT_REQUIRED", "Required"):
        options = tls_options(f"{BASE}?ssl_cert_reqs={spelling}&ssl_ca_certs={pki.ca}")
        assert options.connection_kwargs() == {
            "ssl_cert_reqs": ssl.CERT_REQUIRED,
            "ssl_check_hostname": True,
            "ssl_ca_certs": str(pki.ca),
        }


# -- which URLs have TLS ------------------------------------------------------------------------


def test_only_rediss_urls_have_tls_options():
    assert tls_options(None) is None and tls_options("") is None
    assert tls_options("redis://:pw@host:6379/0") is None
    assert tls_options("amqp://guest:guest@host:5672//?ssl_cert_reqs=required") is None  # not ours
    assert tls_options("db+sqlite:///results.sqlite3") is None
    assert tls_options("rpc://") is None


def test_rediss_without_ssl_cert_reqs_checks_the_certificate():
    """Celery's backend refuses such a URL and kombu turns checks off: the console checks, as redis-py does."""
    options = tls_options(BASE)
    assert options == TlsOptions()
    assert options.connection_kwargs() == {"ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_check_hostname": True}


def test_tls_options_on_a_redis_url_are_an_error_not_ignored():
    with pytest.raises(TlsError, match=r"ssl_ca_certs, ssl_cert_reqs: TLS options need a rediss:// URL"):
        tls_options("redis://host:6379/0?ssl_cert_reqs=required&ssl_ca_certs=/ca.pem")


def test_an_unknown_tls_option_is_named():
    with pytest.raises(TlsError, match=r"unknown TLS option ssl_verify \(known: ssl_cert_reqs, "):
        tls_options(f"{BASE}?ssl_verify=yes")


def test_cert_reqs_none_turns_the_hostname_check_off_and_true_with_none_is_refused():
    options = tls_options(f"{BASE}?ssl_cert_reqs=none")
    assert options.connection_kwargs() == {"ssl_cert_reqs": ssl.CERT_NONE, "ssl_check_hostname": False}
    assert options.ssl_context().verify_mode == ssl.CERT_NONE
    with pytest.raises(TlsError, match=r"ssl_check_hostname=true needs ssl_cert_reqs=required or optional"):
        tls_options(f"{BASE}?ssl_cert_reqs=none&ssl_check_hostname=true")


def test_hostname_check_can_be_turned_off(pki):
    options = tls_options(f"{BASE}?ssl_ca_certs={pki.ca}&ssl_check_hostname=false")
    assert options.connection_kwargs()["ssl_check_hostname"] is False
    context = options.ssl_context()
    assert context.check_hostname is False and context.verify_mode == ssl.CERT_REQUIRED
    with pytest.raises(TlsError, match=r"ssl_check_hostname must be true or false, not 'sometimes'"):
        tls_options(f"{BASE}?ssl_check_hostname=sometimes")


# -- files ------------------------------------------------------------------------------------


def test_a_missing_ca_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "nowhere" / "ca.pem"
    with pytest.raises(TlsError) as caught:
        tls_options(f"{BASE}?ssl_cert_reqs=required&ssl_ca_certs={missing}")
    assert str(caught.value) == f"CA file not found: {missing} (ssl_ca_certs)"
    assert tls_options(f"{BASE}?ssl_ca_certs={missing}", check_files=False).ca_certs == str(missing)


def test_a_ca_file_without_a_certificate_is_a_clear_error(tmp_path):
    garbage = tmp_path / "ca.pem"
    garbage.write_text("not a certificate\n")
    with pytest.raises(TlsError, match=r"holds no usable certificate"):
        tls_options(f"{BASE}?ssl_ca_certs={garbage}")


def test_a_percent_encoded_path_is_decoded(pki, tmp_path):
    spaced = tmp_path / "my certs" / "ca.pem"
    spaced.parent.mkdir()
    spaced.write_bytes(pki.ca.read_bytes())
    encoded = str(spaced).replace(" ", "%20")
    assert tls_options(f"{BASE}?ssl_ca_certs={encoded}").ca_certs == str(spaced)


def test_client_certificate_and_key(pki):
    options = tls_options(
        f"{BASE}?ssl_cert_reqs=required&ssl_ca_certs={pki.ca}&ssl_certfile={pki.client_cert}&ssl_keyfile={pki.client_key}"
    )
    assert options.connection_kwargs() == {
        "ssl_cert_reqs": ssl.CERT_REQUIRED,
        "ssl_check_hostname": True,
        "ssl_ca_certs": str(pki.ca),
        "ssl_certfile": str(pki.client_cert),
        "ssl_keyfile": str(pki.client_key),
    }


def test_a_certificate_file_holding_its_key_needs_no_keyfile(pki, tmp_path):
    both = tmp_path / "client-and-key.pem"
    both.write_bytes(pki.client_cert.read_bytes() + pki.client_key.read_bytes())
    assert tls_options(f"{BASE}?ssl_certfile={both}").certfile == str(both)


def test_client_key_problems_are_clear_errors(pki, tmp_path):
    with pytest.raises(TlsError, match=r"ssl_keyfile needs ssl_certfile"):
        tls_options(f"{BASE}?ssl_keyfile={pki.client_key}")
    with pytest.raises(TlsError, match=r"client certificate file not found or unreadable: .*nope\.key \(ssl_keyfile\)"):
        tls_options(f"{BASE}?ssl_certfile={pki.client_cert}&ssl_keyfile={tmp_path / 'nope.key'}")
    with pytest.raises(TlsError, match=r"cannot be used"):  # the server's key with the client's certificate
        tls_options(f"{BASE}?ssl_certfile={pki.client_cert}&ssl_keyfile={pki.server_key}")


def test_an_encrypted_client_key_is_refused_without_a_prompt(pki, tmp_path):
    key = serialization.load_pem_private_key(pki.client_key.read_bytes(), password=None)
    locked = tmp_path / "locked.key"
    locked.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"passphrase")
        )
    )
    with pytest.raises(TlsError, match=r"is encrypted; use a key without a passphrase"):
        tls_options(f"{BASE}?ssl_certfile={pki.client_cert}&ssl_keyfile={locked}")


# -- the app's own settings and the URL ---------------------------------------------------------------


def test_the_url_wins_over_the_apps_use_ssl_setting_and_the_rest_is_kept(pki):
    app_setting = {"ssl_cert_reqs": ssl.CERT_OPTIONAL, "ssl_ca_certs": "/elsewhere/ca.pem", "ssl_ca_path": "/etc/ssl/certs"}
    options = tls_options(f"{BASE}?ssl_ca_certs={pki.ca}", app_setting)
    assert options.cert_reqs == ssl.CERT_OPTIONAL and options.ca_certs == str(pki.ca)
    assert options.connection_kwargs()["ssl_ca_path"] == "/etc/ssl/certs"


def test_a_redis_url_gets_tls_from_the_apps_use_ssl_setting_as_celery_does(pki):
    options = tls_options("redis://host:6379/0", {"ssl_cert_reqs": "required", "ssl_ca_certs": str(pki.ca)})
    assert options.cert_reqs == ssl.CERT_REQUIRED and options.ca_certs == str(pki.ca)


def test_use_ssl_true_means_tls_with_the_defaults():
    assert tls_options("redis://host:6379/0", True) == TlsOptions()
    assert tls_options("redis://host:6379/0", False) is None


def test_without_tls_query_keeps_everything_else_as_written():
    url = f"{BASE}?ssl_cert_reqs=required&global_keyprefix=a%2Fb&ssl_ca_certs=/ca.pem&socket_timeout=3"
    assert without_tls_query(url) == f"{BASE}?global_keyprefix=a%2Fb&socket_timeout=3"
    assert without_tls_query(f"{BASE}?ssl_cert_reqs=none") == BASE
    assert without_tls_query(BASE) == BASE
    assert (
        without_tls_query("rediss://a:6379/0?ssl_cert_reqs=none;rediss://b:6379/0?ssl_cert_reqs=none")
        == "rediss://a:6379/0;rediss://b:6379/0"
    )


def test_host_port():
    assert host_port(f"{BASE}?ssl_cert_reqs=none") == ("redis.internal", 6380)
    assert host_port("redis://:p@ss@[::1]:7000/1") == ("::1", 7000)
    assert host_port("redis://localhost/0") == ("localhost", 6379)
    assert host_port("redis://") == ("127.0.0.1", 6379)


# -- the console's app ---------------------------------------------------------------------------


def test_the_console_app_hands_the_same_options_to_kombu_and_the_backend(pki):
    query = f"ssl_cert_reqs=CERT_REQUIRED&ssl_ca_certs={pki.ca}&ssl_certfile={pki.client_cert}&ssl_keyfile={pki.client_key}"
    profile = ConnectionProfile(broker_url=f"{APP_BASE}/0?{query}", backend_url=f"{APP_BASE}/1?{query}")
    app = build_console_app(profile)
    expected = {
        "ssl_cert_reqs": ssl.CERT_REQUIRED,
        "ssl_check_hostname": True,
        "ssl_ca_certs": str(pki.ca),
        "ssl_certfile": str(pki.client_cert),
        "ssl_keyfile": str(pki.client_key),
    }
    assert app.conf.broker_use_ssl == app.conf.redis_backend_use_ssl == expected
    assert (app.conf.broker_url, app.conf.result_backend) == (f"{APP_BASE}/0", f"{APP_BASE}/1")
    assert app.connection_for_write().ssl == expected  # kombu's broker connection
    connparams = app.backend.connparams  # Celery would raise here for ssl_cert_reqs it cannot read
    assert connparams["connection_class"] is redis.SSLConnection
    assert {k: connparams[k] for k in expected} == expected


def test_two_profiles_with_other_tls_settings_never_share_a_pooled_connection(pki):
    first = build_console_app(ConnectionProfile(broker_url=f"{APP_BASE}/0?ssl_ca_certs={pki.ca}"))
    second = build_console_app(ConnectionProfile(broker_url=f"{APP_BASE}/0?ssl_ca_certs={pki.other_ca}"))
    first_key, second_key = (app.connection_for_write().__eqhash__() for app in (first, second))
    assert first_key != second_key


def test_a_bad_tls_option_stops_the_console_app_with_the_role_and_no_password(tmp_path):
    profile = ConnectionProfile(broker_url=BASE, backend_url=f"{BASE}?ssl_ca_certs={tmp_path / 'ca.pem'}")
    with pytest.raises(ProfileError) as caught:
        build_console_app(profile)
    assert str(caught.value) == f"result backend URL: CA file not found: {tmp_path / 'ca.pem'} (ssl_ca_certs)"
    assert PASSWORD not in str(caught.value)


def test_plain_urls_leave_the_app_alone():
    app = build_console_app(ConnectionProfile(broker_url="redis://h:6379/0", backend_url="redis://h:6379/1"))
    assert app.conf.broker_use_ssl is False and app.conf.redis_backend_use_ssl is None
    assert "celery_desktop_tls" not in app.conf.broker_transport_options


# -- messages --------------------------------------------------------------------------------


def _raised(outer: Exception, inner: Exception) -> Exception:
    """``outer`` raised while handling ``inner``, as kombu and redis-py do."""
    try:
        try:
            raise inner
        except Exception as exc:
            raise outer from exc
    except Exception as exc:  # noqa: BLE001
        return exc


VERIFY_TEXT = (
    "Error 1 connecting to 127.0.0.1:6380. [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
    "self-signed certificate in certificate chain (_ssl.c:1006)."
)


def test_an_untrusted_certificate_is_said_plainly_wherever_it_is_in_the_chain():
    inner = ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)"
    )
    exc = _raised(OperationalError(VERIFY_TEXT), _raised(redis.ConnectionError(VERIFY_TEXT), inner))
    assert describe_tls_error(exc) == "certificate not trusted: unable to get local issuer certificate"
    assert describe_error(exc) == "certificate not trusted: unable to get local issuer certificate"


def test_only_the_text_is_enough():
    assert (
        describe_tls_error(OperationalError(VERIFY_TEXT))
        == "certificate not trusted: self-signed certificate in certificate chain"
    )
    required = "Error while reading: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)"
    assert describe_tls_error(OperationalError(required)) == (
        "TLS handshake failed: the server wants a client certificate (ssl_certfile, ssl_keyfile)"
    )
    other = "[SSL: SOMETHING_NEW] something new happened (_ssl.c:1)"
    assert describe_tls_error(RuntimeError(other)) == "TLS handshake failed: something new happened"


def test_handshake_failures_say_what_to_look_at():
    eof = _raised(
        redis.ConnectionError("Error connecting"), ssl.SSLEOFError(8, "EOF occurred in violation of protocol (_ssl.c:2427)")
    )
    assert describe_tls_error(eof).startswith(
        "TLS handshake failed: the server closed the connection (a server that wants a client"
    )
    silent = _raised(
        redis.TimeoutError("Timeout connecting to server"), TimeoutError("_ssl.c:989: The handshake operation timed out")
    )
    assert describe_tls_error(silent) == (
        "TLS handshake failed: no answer to the TLS handshake: does the server speak TLS on this port? (a redis:// URL?)"
    )


def test_other_errors_are_not_tls_errors():
    assert describe_tls_error(redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")) is None
    assert describe_tls_error(TimeoutError("timed out")) is None
    assert describe_error(ValueError("x")) == "ValueError: x"


def test_the_tls_hint_is_only_looked_for_on_a_plain_url_the_server_dropped():
    """No connection is attempted in these cases (the probe runs only after both checks pass)."""
    assert tls_required_hint(BASE, "Connection reset by peer") is None  # already TLS
    assert tls_required_hint("redis://h:6379/0", "Connection refused") is None  # nothing listens: not a TLS matter
    assert tls_required_hint("amqp://h//", "Connection reset by peer") is None
    assert tls_required_hint(None, "Connection reset by peer") is None


def test_a_server_that_accepts_and_stays_silent_reads_as_no_reply():
    import socket

    import redis

    from desktop.core.cluster.client import describe_error

    assert (
        describe_error(redis.exceptions.TimeoutError("Timeout reading from socket")) == "no reply (timeout reading from socket)"
    )
    assert describe_error(socket.timeout("timed out")) == "no reply (timed out)"
    assert describe_error(ValueError("bad")) == "ValueError: bad"
