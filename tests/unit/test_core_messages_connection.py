"""The connection's and the stores' messages go through the translator the app lends; what is matched still matches."""

from __future__ import annotations

import json
import ssl

import pytest
import redis
from keyring.backends.fail import Keyring as NoBackend

from desktop.core.connection import tls
from desktop.core.connection.connection_form import ConnectionForm, broker_kind
from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.connection.sentinel import describe_sentinel_error, missing_master
from desktop.core.domain import translatable
from desktop.core.domain.calls import CallDraft
from desktop.core.store.config_files import read_json
from desktop.core.store.layout_store import Layout, LayoutStore
from desktop.core.store.presets import PresetError, PresetStore, WorkflowPresetStore
from desktop.core.store.profile_store import NO_KEYRING, Keyring, ProfileStore
from desktop.core.store.settings import Settings, SettingsStore
from desktop.core.store.watch_store import SavedWatches, WatchStore

SECRET = "Sup3r/s3cr3t@pw"


@pytest.fixture(autouse=True)
def marking_translator(marked):
    """Every test of this module under the marking translator."""
    return marked


def _errors(form: ConnectionForm, taken=()) -> dict[str, str]:
    result = form.validate(taken)
    assert result.profile is None
    return result.errors


# -- the connection dialog's field errors ------------------------------------------------------


def test_field_errors_are_translated_with_the_role_word_inside():
    errors = _errors(ConnectionForm(name="", broker_url="", backend_url="redsi://h/1"))
    assert errors["name"] == "⟦give the connection a name⟧"
    assert errors["broker_url"] == "⟦a ⟦broker⟧ URL is needed (e.g. redis://host:6379/0)⟧"
    assert errors["backend_url"].startswith("⟦unknown ⟦result backend⟧ scheme 'redsi'")


def test_a_port_error_is_translated_and_never_shows_the_password(marking_translator):
    errors = _errors(ConnectionForm(name="x", broker_url=f"redis://:{SECRET}@h:99999/0"))
    assert errors["broker_url"] == "⟦⟦broker⟧ URL: port must be 1–65535 (got '99999')⟧"
    assert ("url_hints", "broker") in marking_translator
    assert all(SECRET not in message for message in errors.values())
    typed = _errors(ConnectionForm(name="x", broker_url="redis://h/0", broker_password="pw\x00"))
    assert typed["broker_password"] == "⟦a password is at most {limit} printable characters (no control characters)⟧".format(
        limit=1024
    )


def test_a_tls_file_is_named_in_the_window_language(tmp_path):
    missing = tmp_path / "ca.pem"
    errors = _errors(ConnectionForm(name="x", broker_url="rediss://h:6380/0", tls_ca_file=str(missing)))
    assert errors["tls_ca_file"] == f"⟦⟦CA file⟧ not found: {str(missing)!r}⟧"
    in_url = _errors(ConnectionForm(name="x", broker_url=f"rediss://h:6380/0?ssl_certfile={missing}"))
    assert in_url["broker_url"].startswith("⟦⟦⟦broker⟧ URL's ⟦client certificate⟧ (ssl_certfile)⟧ not found: ")


def test_other_fields_and_the_broker_kind():
    errors = _errors(
        ConnectionForm(
            name="default",
            broker_url="amqp://h//",
            app_module="not a module",
            poll_interval="0",
            management_url="ftp://h/",
        ),
    )
    assert errors["name"].startswith("⟦'default' is the unnamed connection")
    assert errors["app_module"].startswith("⟦not a Python module path")
    assert errors["poll_interval"] == "⟦poll interval must be a number of seconds between 0.05 and 3600⟧"
    assert errors["management_url"].startswith("⟦the management API is an http:// or https:// URL")
    taken = _errors(ConnectionForm(name="prod", broker_url="redis://h:/0"), taken=["prod"])
    assert taken["name"] == "⟦a connection called 'prod' already exists⟧"
    assert taken["broker_url"] == "⟦⟦broker⟧ URL: the port after ':' is empty (port must be 1–65535)⟧"
    assert broker_kind("rediss://h/0") == "⟦Redis over TLS⟧"
    assert broker_kind("nonsense") == ""


# -- TLS ------------------------------------------------------------------------------------------


def test_tls_option_errors_are_translated():
    with pytest.raises(tls.TlsError, match=r"^⟦ssl_cert_reqs must be required, optional or none .*, not 'maybe'⟧$"):
        tls.parse_cert_reqs("maybe")
    with pytest.raises(tls.TlsError, match=r"^⟦ssl_keyfile needs ssl_certfile"):
        tls.tls_options("rediss://h/0?ssl_keyfile=/k.pem", check_files=False)
    with pytest.raises(tls.TlsError, match=r"^⟦ssl_ca_certs: TLS options need an amqps:// URL, not amqp://⟧$"):
        tls.amqp_tls_options("amqp://h//?ssl_ca_certs=/ca.pem")
    with pytest.raises(tls.TlsError, match=r"^⟦CA file not found: /nowhere/ca.pem \(ssl_ca_certs\)⟧$"):
        tls.tls_options("rediss://h/0?ssl_ca_certs=/nowhere/ca.pem")


def test_a_handshake_failure_and_its_reason_are_each_translated():
    required = "Error while reading: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)"
    assert tls.describe_tls_error(RuntimeError(required)) == (
        "⟦TLS handshake failed: {reason}⟧".format(reason="⟦the server wants a client certificate (ssl_certfile, ssl_keyfile)⟧")
    )
    eof = ssl.SSLEOFError(8, "EOF occurred in violation of protocol (_ssl.c:2427)")
    assert tls.describe_tls_error(eof).startswith("⟦TLS handshake failed: ⟦the server closed the connection")
    verify = (
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)"
    )
    assert (
        tls.describe_tls_error(RuntimeError(verify)) == "⟦certificate not trusted: self-signed certificate in certificate chain⟧"
    )


def test_a_caveat_stays_a_key_and_is_translated_where_shown():
    caveat = tls.tls_caveat({"ssl_cert_reqs": "none"})
    assert caveat == tls.NOT_VERIFIED == "TLS not verified"  # compared, and the bar's key: English
    assert tls.caveat_text(caveat) == "⟦TLS not verified⟧"
    assert tls.caveat_detail(caveat).startswith("⟦ssl_cert_reqs=none: the server's certificate is not checked")
    assert tls.caveat_text("") == tls.caveat_detail("") == ""


# -- Sentinel -------------------------------------------------------------------------------------


def test_sentinel_messages_are_translated():
    assert missing_master("broker").startswith("⟦sentinel:// ⟦broker⟧ without a master name: give master_name in broker_")
    assert missing_master("result backend").startswith("⟦sentinel:// ⟦result backend⟧ without a master name")
    assert describe_sentinel_error(redis.sentinel.MasterNotFoundError("No master found for 'm'")).startswith(
        "⟦Sentinel: no master 'm' is up"
    )
    failed = "No master found for 'm' : <redis.client.Redis(host=10.0.0.1,port=26379)> - auth:AuthenticationError"
    said = describe_sentinel_error(redis.sentinel.MasterNotFoundError(failed))
    assert said.startswith("⟦Sentinel: no master 'm': 10.0.0.1:26379: auth:AuthenticationError⟧ (⟦a sentinel that asks")


# -- the stores' notes and refusals ---------------------------------------------------------------


def test_a_file_that_cannot_be_read_is_said_in_the_window_language_and_in_english_for_the_log(tmp_path):
    (tmp_path / "a.json").mkdir()  # a folder where the file should be
    assert read_json(tmp_path / "a.json")[1] == "⟦⟦is not a regular file⟧; moved to a.unreadable.json⟧"
    (tmp_path / "b.json").write_text("{not json")
    assert read_json(tmp_path / "b.json")[1].startswith("⟦⟦could not be read (Expecting property name")
    (tmp_path / "c.json").mkdir()
    assert read_json(tmp_path / "c.json", for_log=True)[1] == "is not a regular file; moved to c.unreadable.json"
    layouts = LayoutStore("prod", tmp_path)
    layouts.path.parent.mkdir()
    layouts.path.write_text("{not json")
    assert layouts.load() == Layout() and layouts.note.startswith("layout file ")  # a log line: English
    assert "could not be read (" in layouts.note and "⟦" not in layouts.note


def test_profile_store_messages_are_translated(tmp_path):
    store = ProfileStore(tmp_path / "profiles.json", Keyring(NoBackend()))
    note = store.save(ConnectionProfile(name="prod", broker_url="redis://:pw@h:6379/0"))
    assert note == f"⟦{NO_KEYRING}⟧" and "pw" not in note
    with pytest.raises(ProfileError, match=r"^⟦no connection profile called 'nope'⟧$"):
        store.get("nope")
    with pytest.raises(ProfileError, match=r"^⟦a saved connection profile needs a name"):
        store.save(ConnectionProfile(name="default"))
    (tmp_path / "bad.json").write_text("[")
    assert ProfileStore(tmp_path / "bad.json", Keyring(NoBackend())).note.startswith("⟦profiles file ")


def test_settings_problems_name_the_setting_in_the_window_language():
    problems = Settings(poll_interval=0.0, theme="pink", keep_in_tray="yes").problems()
    assert "⟦⟦poll interval⟧ must be between 0.05 and 3600, not 0.0⟧" in problems
    assert "⟦theme must be one of system, light, dark, not 'pink'⟧" in problems
    assert "⟦⟦keep in tray⟧ must be true or false, not 'yes'⟧" in problems


def test_the_settings_note_is_said_when_asked_after_the_translator_came(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "pink", "language": "zh_CN"}))
    translatable.use_translator(None)  # the settings are read before the app installs the translator
    store = SettingsStore(path)
    assert store.note == "settings: theme must be one of system, light, dark, not 'pink' (defaults used for those)"
    translatable.use_translator(lambda _context, text: f"⟦{text}⟧")
    assert store.note == "⟦settings: ⟦theme must be one of system, light, dark, not 'pink'⟧ (defaults used for those)⟧"
    assert store.settings.language == "zh_CN" and store.settings.theme == "system"  # values, never translated
    assert json.loads(path.read_text())["theme"] == "pink"  # nothing written back on load


def test_preset_refusals_are_translated(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    with pytest.raises(PresetError, match=r"^⟦no preset 'x' for tasks.add⟧$"):
        store.get("tasks.add", "x")
    with pytest.raises(PresetError, match=r"^⟦a preset needs a name⟧$"):
        store.save(" ", CallDraft(task="tasks.add"))
    store.save("a", CallDraft(task="tasks.add"))
    store.save("b", CallDraft(task="tasks.add"))
    with pytest.raises(PresetError, match=r"^⟦tasks.add already has a preset called 'b'⟧$"):
        store.rename("tasks.add", "a", "b")
    with pytest.raises(PresetError, match=r"^⟦no workflow preset 'w'⟧$"):
        WorkflowPresetStore(tmp_path / "workflows.json").get("w")


def test_a_watch_file_that_is_not_this_connections_is_said_translated(tmp_path):
    other = WatchStore("other", tmp_path)
    other.path.write_text(json.dumps(["a"]))
    assert other.load() == SavedWatches()
    assert other.load_error.startswith("⟦watched tasks file ") and "holds no watches of this connection" in other.load_error
