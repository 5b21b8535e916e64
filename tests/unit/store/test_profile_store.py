"""Saved connection profiles: passwords only in the keyring, never in profiles.json; asked for when there is no keyring."""

from __future__ import annotations

import json

import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoBackend

from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.store.profile_store import NO_KEYRING, Keyring, ProfileStore, answers_from, with_password, without_password

SECRET = "s3cr3t-Pass;w0rd"  # a raw ";" in a password is legal


class MemoryKeyring(KeyringBackend):
    """A real keyring backend (the keyring package's interface), kept in memory for the test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


PROFILE = ConnectionProfile(
    name="prod",
    broker_url=f"redis://:{SECRET}@cache.internal:6379/10",
    backend_url=f"redis://celery:{SECRET}@cache.internal:6379/11",
    app_module="proj.celery",
    poll_interval=0.25,
)


def test_urls_lose_and_regain_their_password():
    assert without_password(f"redis://:{SECRET}@h:6379/0") == ("redis://h:6379/0", SECRET)
    assert without_password(f"amqp://guest:{SECRET}@h//") == ("amqp://guest@h//", SECRET)
    assert without_password("redis://h:6379/0") == ("redis://h:6379/0", None)
    assert with_password("redis://h:6379/0", SECRET) == f"redis://:{SECRET}@h:6379/0"
    assert with_password("amqp://guest@h//", SECRET) == f"amqp://guest:{SECRET}@h//"


def test_a_saved_profile_keeps_its_password_in_the_keyring_only(tmp_path):
    backend = MemoryKeyring()
    store = ProfileStore(tmp_path / "profiles.json", Keyring(backend))
    assert store.save(PROFILE) == ""
    text = (tmp_path / "profiles.json").read_text()
    assert SECRET not in text and "cache.internal" in text
    assert sorted(backend.entries) == [("celery-desktop", "prod:backend"), ("celery-desktop", "prod:broker")]
    again = ProfileStore(tmp_path / "profiles.json", Keyring(backend))
    opened = again.open("prod", ask=lambda *_: pytest.fail("the keyring has it; nobody should be asked"))
    assert opened.broker_url == PROFILE.broker_url and opened.backend_url == PROFILE.backend_url
    assert (opened.app_module, opened.poll_interval, opened.name) == ("proj.celery", 0.25, "prod")
    again.delete("prod")
    assert again.names() == [] and backend.entries == {}


def test_without_a_keyring_the_user_is_told_and_asked_each_time(tmp_path):
    store = ProfileStore(tmp_path / "profiles.json", Keyring(NoBackend()))
    assert store.save(PROFILE) == NO_KEYRING
    assert SECRET not in (tmp_path / "profiles.json").read_text()
    asked = []

    def ask(name, role):
        asked.append((name, role))
        return SECRET

    opened = store.open("prod", ask)
    assert asked == [("prod", "broker"), ("prod", "backend")] and opened.broker_url == PROFILE.broker_url
    assert store.open("prod", lambda *_: None) is None  # cancelled: no profile, nothing half-open


def test_names_are_required_and_a_password_written_into_the_file_by_hand_is_dropped(tmp_path):
    store = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    with pytest.raises(ProfileError, match="needs a name"):
        store.save(ConnectionProfile(broker_url="redis://h:6379/0"))
    (tmp_path / "profiles.json").write_text(json.dumps({"profiles": [{"name": "hand", "broker_url": f"redis://:{SECRET}@h/0"}]}))
    assert ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring())).get("hand").broker_url == "redis://h/0"


def test_tls_options_in_the_url_are_kept_and_the_password_is_not(tmp_path):
    store = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    tls = f"rediss://:{SECRET}@redis.internal:6380/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ssl/ca.pem"
    store.save(ConnectionProfile(name="tls", broker_url=tls, backend_url=tls.replace("/0?", "/1?")))
    saved = store.get("tls")
    assert saved.broker_url == "rediss://redis.internal:6380/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ssl/ca.pem"
    assert store.open("tls", lambda *_: None).broker_url == tls


def test_a_sentinel_list_and_a_management_url_are_saved_without_their_passwords(tmp_path):
    backend = MemoryKeyring()
    store = ProfileStore(tmp_path / "profiles.json", Keyring(backend))
    sentinels = "sentinel://:s3cret@a:26379;sentinel://:s3cret@b:26380"
    profile = ConnectionProfile(
        name="ha",
        broker_url=sentinels,
        backend_url=sentinels,
        sentinel_master="mymaster",
        sentinel_password="sentin3l",
        management_url="http://admin:m4nage@rabbit:15672/",
    )
    assert store.save(profile) == ""
    text = (tmp_path / "profiles.json").read_text()
    assert "s3cret" not in text and "m4nage" not in text and "sentin3l" not in text
    saved = store.get("ha")
    assert saved.broker_url == "sentinel://a:26379;sentinel://b:26380" and saved.sentinel_master == "mymaster"
    assert saved.management_url == "http://admin@rabbit:15672/" and saved.management_has_password
    opened = ProfileStore(tmp_path / "profiles.json", Keyring(backend)).open("ha", lambda *_: None)
    assert (opened.broker_url, opened.backend_url, opened.sentinel_master, opened.management_url) == (
        sentinels,
        sentinels,
        "mymaster",
        "http://admin:m4nage@rabbit:15672/",
    )
    assert opened.sentinel_password == "sentin3l" and "sentin3l" not in repr(opened) + str(opened.to_dict())
    assert opened.redact("auth sentin3l failed") == "auth *** failed"
    with pytest.raises(ProfileError, match="share one password"):
        store.save(ConnectionProfile(name="x", broker_url="sentinel://:a@h:1;sentinel://:b@h:2"))


QUERY_SECRETS = {
    "broker": "redis://cache.internal:6379/0?password=Pq-1&db=0",
    "backend": (
        "azureblockblob://DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Ak/2+x==;EndpointSuffix=core.windows.net"
    ),
    "management": "https://rabbit.internal/api/?Token=Tk-3&auth=Au-4&X-Api-Key=Xk-5&sig=Sg-6&access_key=Ac-7",
}
QUERY_VALUES = ("Pq-1", "Ak/2+x==", "Tk-3", "Au-4", "Xk-5", "Sg-6", "Ac-7")


def test_secrets_in_a_urls_query_go_to_the_keyring_and_come_back(tmp_path):
    backend = MemoryKeyring()
    store = ProfileStore(tmp_path / "profiles.json", Keyring(backend))
    profile = ConnectionProfile(
        name="q",
        broker_url=QUERY_SECRETS["broker"],
        backend_url=QUERY_SECRETS["backend"],
        management_url=QUERY_SECRETS["management"],
    )
    assert store.save(profile) == ""
    raw = (tmp_path / "profiles.json").read_text()
    for value in QUERY_VALUES:
        assert value not in raw, value
    assert "AccountName=acme" in raw and "db=0" in raw and "EndpointSuffix=core.windows.net" in raw
    opened = ProfileStore(tmp_path / "profiles.json", Keyring(backend)).open(
        "q", lambda *_: pytest.fail("the keyring has them; nobody should be asked")
    )
    assert (opened.broker_url, opened.backend_url, opened.management_url) == (
        QUERY_SECRETS["broker"],
        QUERY_SECRETS["backend"],
        QUERY_SECRETS["management"],
    )
    store.delete("q")
    assert backend.entries == {}


@pytest.mark.parametrize(
    "url",
    [
        "sentinel://h:26379/0?password=Zq@x&db=1",
        "redis://:user-pw@h:6379/0?password=Zq@x&db=1",
        "redis://h:6379/0?token=a@b@c",
    ],
)
def test_a_query_secret_holding_an_at_sign_is_saved_whole_and_the_url_comes_back(tmp_path, url):
    """An "@" in a query password was taken for the end of a user's password: the URL was saved cut in two."""
    backend = MemoryKeyring()
    store = ProfileStore(tmp_path / "profiles.json", Keyring(backend))
    assert store.save(ConnectionProfile(name="at", broker_url=url, backend_url=url)) == ""
    raw = (tmp_path / "profiles.json").read_text()
    assert "Zq@x" not in raw and "Zq" not in raw and "user-pw" not in raw and "a@b@c" not in raw
    opened = ProfileStore(tmp_path / "profiles.json", Keyring(backend)).open("at", lambda *_: pytest.fail("asked"))
    assert (opened.broker_url, opened.backend_url) == (url, url)


def test_query_secrets_without_a_keyring_are_asked_for(tmp_path):
    store = ProfileStore(tmp_path / "profiles.json", Keyring(NoBackend()))
    assert store.save(ConnectionProfile(name="q", broker_url="redis://h:6379/0?token=Tk-3&db=0")) == NO_KEYRING
    assert "Tk-3" not in (tmp_path / "profiles.json").read_text()
    asked = []

    def ask(name, role):
        asked.append((name, role))
        return "Tk-3"

    assert store.open("q", ask).broker_url == "redis://h:6379/0?token=Tk-3&db=0"
    assert asked == [("q", "broker token")]


def test_a_query_secret_written_into_the_file_by_hand_is_dropped(tmp_path):
    url = "redis://h/0?password=Pq-1&db=0"
    (tmp_path / "profiles.json").write_text(json.dumps({"profiles": [{"name": "hand", "broker_url": url}]}))
    store = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    assert "Pq-1" not in store.get("hand").broker_url


def test_a_profile_just_typed_opens_without_a_keyring_and_without_asking_again(tmp_path):
    store = ProfileStore(tmp_path / "profiles.json", Keyring(NoBackend()))
    typed = ConnectionProfile(
        name="typed",
        broker_url=f"amqp://guest:{SECRET}@rabbit:5672//?token=Tk-3",
        backend_url="redis://h:6379/1?password=Pq-1&db=1",
        management_url="http://admin:m4nage@rabbit:15672/?auth=Au-4",
        sentinel_password="sentin3l",
    )
    assert store.save(typed) == NO_KEYRING
    opened = store.open("typed", answers_from(typed))
    assert (opened.broker_url, opened.backend_url, opened.management_url) == (
        typed.broker_url,
        typed.backend_url,
        typed.management_url,
    )


def test_the_system_keyring_is_looked_up_only_when_a_password_is_needed(tmp_path):
    """The keyring and its Secret Service backend are 15 MB: opening a profile without passwords never loads them."""
    import os
    import subprocess
    import sys

    path = tmp_path / "profiles.json"
    writer = ProfileStore(path, Keyring(MemoryKeyring()))
    writer.save(ConnectionProfile(name="plain", broker_url="redis://127.0.0.1:1/0"))
    writer.save(ConnectionProfile(name="secret", broker_url="redis://:pw@127.0.0.1:1/0"))
    probe = f"""
import sys
from pathlib import Path
from desktop.core.store.profile_store import ProfileStore
store = ProfileStore(Path({str(path)!r}))
store.open("plain", ask=lambda *_: None)
print("keyring" in sys.modules)
store.open("secret", ask=lambda *_: "pw")
print("keyring" in sys.modules)
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]
