from urllib.parse import quote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core.connection.profiles import ConnectionProfile, ProfileError, resolve_profile
from desktop.core.connection.secrets import mask_url

CACHE_ENV = {"CACHE_REDIS_HOST": "cache.internal", "CACHE_REDIS_PORT": "6380"}
APP_URLS = ("redis://app-host:6379/1", "redis://app-host:6379/2")


def test_command_line_beats_everything():
    profile = resolve_profile(
        broker="redis://cli:6379/0",
        backend="redis://cli:6379/1",
        app_module="proj",
        app_urls=APP_URLS,
        env={**CACHE_ENV, "CELERY_BROKER_URL": "redis://env:6379/0", "CELERY_RESULT_BACKEND": "redis://env:6379/1"},
    )
    assert (profile.broker_url, profile.backend_url) == ("redis://cli:6379/0", "redis://cli:6379/1")
    assert (profile.broker_source, profile.backend_source) == ("--broker", "--backend")


def test_celery_env_beats_app_and_cache():
    profile = resolve_profile(
        app_module="proj",
        app_urls=APP_URLS,
        env={**CACHE_ENV, "CELERY_BROKER_URL": "redis://env:6379/0", "CELERY_RESULT_BACKEND": "redis://env:6379/1"},
    )
    assert (profile.broker_url, profile.backend_url) == ("redis://env:6379/0", "redis://env:6379/1")
    assert (profile.broker_source, profile.backend_source) == ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


def test_app_conf_beats_cache_redis():
    profile = resolve_profile(app_module="proj", app_urls=APP_URLS, env=CACHE_ENV)
    assert (profile.broker_url, profile.backend_url) == APP_URLS
    assert profile.broker_source == profile.backend_source == "app proj"


def test_each_url_resolved_independently():
    profile = resolve_profile(broker="redis://cli:6379/0", app_module="proj", app_urls=(None, APP_URLS[1]), env={})
    assert profile.broker_source == "--broker"
    assert profile.backend_url == APP_URLS[1]
    assert profile.backend_source == "app proj"


def test_cache_redis_used_last():
    profile = resolve_profile(env=CACHE_ENV)
    assert profile.broker_url == "redis://cache.internal:6380/10"
    assert profile.backend_url == "redis://cache.internal:6380/11"
    assert profile.broker_source == profile.backend_source == "CACHE_REDIS_*"


def test_nothing_configured():
    profile = resolve_profile(env={})
    assert profile.broker_url is None and profile.backend_url is None
    assert profile.broker_source == profile.backend_source == "not configured"


@pytest.mark.parametrize(
    ("env", "broker", "backend"),
    [
        ({"CACHE_REDIS_PASSWORD": "pw"}, "redis://:pw@127.0.0.1:6379/10", "redis://:pw@127.0.0.1:6379/11"),
        ({"CACHE_REDIS_HOST": "redis.local"}, "redis://redis.local:6379/10", "redis://redis.local:6379/11"),
        ({"CACHE_REDIS_PORT": "6390"}, "redis://127.0.0.1:6390/10", "redis://127.0.0.1:6390/11"),
        (
            {"CACHE_REDIS_HOST": "h", "CACHE_REDIS_PORT": "1", "CACHE_REDIS_PASSWORD": "p@ss:w/rd"},
            "redis://:p%40ss%3Aw%2Frd@h:1/10",
            "redis://:p%40ss%3Aw%2Frd@h:1/11",
        ),
    ],
)
def test_cache_redis_composition(env, broker, backend):
    profile = resolve_profile(env=env)
    assert (profile.broker_url, profile.backend_url) == (broker, backend)


def test_cache_redis_ignored_when_unset_or_empty():
    env = {"CACHE_REDIS_HOST": "", "CACHE_REDIS_PORT": "", "CACHE_REDIS_PASSWORD": ""}
    assert resolve_profile(env=env).broker_url is None


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("abc", "CACHE_REDIS_PORT must be a port number, not 'abc'"),
        ("0", "between 1 and 65535, not 0"),
        ("70000", "between 1 and 65535, not 70000"),
    ],
)
def test_bad_cache_redis_port(port, message):
    with pytest.raises(ProfileError, match="CACHE_REDIS_PORT") as info:
        resolve_profile(env={"CACHE_REDIS_PORT": port})
    assert message in str(info.value)


def test_broker_without_scheme():
    with pytest.raises(ProfileError, match="no scheme"):
        resolve_profile(broker="localhost:6379", env={})


def test_broker_without_scheme_from_env_names_source():
    with pytest.raises(ProfileError, match="CELERY_BROKER_URL"):
        resolve_profile(env={"CELERY_BROKER_URL": "localhost:6379"})


def test_mask_url_exact():
    assert mask_url("redis://:secret@127.0.0.1:6379/10") == "redis://:***@127.0.0.1:6379/10"


def test_mask_url_keeps_username():
    assert mask_url("redis://auth:secret@host:6379/10") == "redis://auth:***@host:6379/10"


def test_mask_url_without_password_unchanged():
    assert mask_url("redis://host:6379/10") == "redis://host:6379/10"


def test_mask_url_sentinel_list():
    masked = mask_url("sentinel://:one1@h1:26379;sentinel://:two2@h2:26379")
    assert "one1" not in masked and "two2" not in masked
    assert masked.count("***") == 2
    assert [part.split("@")[1].rstrip("/") for part in masked.split(";")] == ["h1:26379", "h2:26379"]


def test_mask_url_query_password():
    masked = mask_url("redis://host:6379/0?password=hunter22&db=1")
    assert "hunter22" not in masked
    assert masked.startswith("redis://host:6379/0")


@pytest.mark.parametrize(
    "url, masked",
    [
        ("sentinel://h:26379/0?password=Zq00#]&db=1", "sentinel://h:26379/0?password=***&db=1"),
        ("redis://h:6379/0?token=a/b?c#d]e&db=1", "redis://h:6379/0?token=***&db=1"),
        # an @ in a query password could also end a user's password: hidden read either way
        ("sentinel://h:26379/0?password=Zq@tail&db=1", "sentinel://h:***&db=1"),
        ("redis://:pw@h:6379/0?token=a@tail", "redis://:***"),
    ],
)
def test_mask_url_hides_a_query_password_whole(url, masked):
    assert mask_url(url) == masked
    assert mask_url(masked) == masked


def test_mask_url_query_password_without_scheme():
    assert mask_url("password=hunter22;x") == "password=***;x"


@pytest.mark.parametrize("value", [None, ""])
def test_mask_url_empty(value):
    assert mask_url(value) == ""


def test_redact_raw_and_quoted_password():
    profile = resolve_profile(env={"CACHE_REDIS_PASSWORD": "p@ss:w/rd"})
    text = "auth failed for p@ss:w/rd at redis://:p%40ss%3Aw%2Frd@127.0.0.1:6379/10"
    redacted = profile.redact(text)
    assert "p@ss" not in redacted and "p%40ss" not in redacted
    assert redacted == "auth failed for *** at redis://:***@127.0.0.1:6379/10"


def test_redact_covers_both_urls_and_query_passwords():
    profile = ConnectionProfile(
        broker_url="redis://:brokerpw@h:6379/0",
        backend_url="redis://u:backendpw@h:6379/1?password=querypw",
    )
    redacted = profile.redact("brokerpw backendpw querypw keep")
    assert redacted == "*** *** *** keep"


def test_redact_password_containing_percent_escape():
    profile = resolve_profile(env={"CACHE_REDIS_PASSWORD": "a%41b"})
    assert "a%41b" not in profile.redact("error: a%41b")


@pytest.mark.parametrize("password", ["pa#ss", "12/34", "a?b", "x@y", "a;b", "semi;colon;s"])
def test_unescaped_specials_in_the_password_are_still_masked(password):
    profile = resolve_profile(broker=f"redis://:{password}@h:6379/0", env={})
    assert profile.masked_broker == "redis://:***@h:6379/0"
    assert password not in repr(profile) + repr(profile.to_dict())
    assert profile.redact(f"error talking to {password}") == "error talking to ***"


def test_a_sentinel_list_whose_passwords_hold_semicolons_is_masked_whole():
    url = "sentinel://:p;w@h1:26379; sentinel://:q@h2:26379"
    assert mask_url(url) == "sentinel://:***@h1:26379; sentinel://:***@h2:26379"
    assert ConnectionProfile(broker_url=url).redact("auth p;w failed") == "auth *** failed"


def test_mask_keeps_the_query_string():
    url = "rediss://:pw@h:6380/0?ssl_cert_reqs=required&password=qpw"
    assert mask_url(url) == "rediss://:***@h:6380/0?ssl_cert_reqs=required&password=***"


def test_repr_and_to_dict_hide_password():
    profile = resolve_profile(
        broker="redis://user:brokerpw@h:6379/0", backend="redis://:backendpw@h:6379/1", app_module="proj", env={}
    )
    text = repr(profile) + repr(profile.to_dict())
    assert "brokerpw" not in text and "backendpw" not in text
    assert profile.to_dict()["broker"] == "redis://user:***@h:6379/0"
    assert profile.to_dict()["backend"] == "redis://:***@h:6379/1"
    assert "redis://user:***@h:6379/0" in repr(profile)


def _rendered(profile: ConnectionProfile) -> str:
    return "\n".join([profile.masked_broker, profile.masked_backend, repr(profile), repr(profile.to_dict())])


@settings(deadline=None)  # no time limit per example: a loaded machine makes any one of them slow
@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=4))
def test_cache_redis_password_never_rendered(password):
    reference = _rendered(resolve_profile(env={"CACHE_REDIS_PASSWORD": "x"}))
    assume(password not in "redis://:@127.0.0.1:6379/10")
    assume(password not in reference and quote(password, safe="") not in reference)
    profile = resolve_profile(env={"CACHE_REDIS_PASSWORD": password})
    assert quote(password, safe="") in profile.broker_url
    for text in (mask_url(profile.broker_url), repr(profile), repr(profile.to_dict())):
        assert password not in text
        assert quote(password, safe="") not in text


def test_the_sentinel_master_and_password_go_where_kombu_and_the_backend_read_them():
    from desktop.core.cluster.celery_app import build_console_app

    profile = ConnectionProfile(
        broker_url="sentinel://:data@s1:26379/10;sentinel://:data@s2:26379/10",
        backend_url="redis://h:6379/11",
        sentinel_master="mymaster",
        sentinel_password="sentin3l",
    )
    app = build_console_app(profile)
    broker = app.conf.broker_transport_options
    assert broker["master_name"] == "mymaster" and broker["sentinel_kwargs"]["password"] == "sentin3l"
    assert "master_name" not in app.conf.result_backend_transport_options  # a plain Redis backend


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("redis://h:6379/0?token=Tk-3&db=1", "Tk-3"),
        ("https://rabbit/api/?auth=Au-4", "Au-4"),
        ("https://rabbit/api/?AUTH=Au-4", "Au-4"),
        ("azureblockblob://DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Ak/2+x==;x=y", "Ak/2+x=="),
        ("s3://bucket?access_key=Ac-7&secret_key=Sk-8", "Ac-7"),
        ("s3://bucket?access_key=Ac-7&secret_key=Sk-8", "Sk-8"),
        ("https://acct.blob.core.windows.net/c?sv=2022&sig=Sg-6&se=2030", "Sg-6"),
        ("https://x/?Signature=Sg-6", "Sg-6"),
        ("redis://h/0?passwd=Pw-9", "Pw-9"),
        ("redis://h/0?pwd=Pw-9", "Pw-9"),
        ("redis://h/0?sentinel_password=Pw-9", "Pw-9"),
        ("https://x/?key=Ky-1", "Ky-1"),
        ("https://x/?api_key=Ky-1", "Ky-1"),
        ("https://x/?sas=Sa-1", "Sa-1"),
        ("https://x/?client_secret=Cs-1", "Cs-1"),
    ],
)
def test_mask_url_masks_every_secret_looking_query_value(url, secret):
    masked = mask_url(url)
    assert secret not in masked and "***" in masked
    assert secret in ConnectionProfile(broker_url=url).secrets  # the log and exports redact it too


def test_mask_url_leaves_ordinary_query_values_alone():
    url = "rediss://h:6380/0?ssl_cert_reqs=required&ssl_keyfile=/k.pem&ssl_certfile=/c.pem&db=1&AccountName=acme"
    assert mask_url(url) == url
