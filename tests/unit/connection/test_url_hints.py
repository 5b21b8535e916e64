"""The scheme check (named before anything connects) and the seed-style URL's pieces, without a server."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from celery.app.backends import BACKEND_ALIASES
from kombu.transport import TRANSPORT_ALIASES

from desktop.core.connection import url_hints
from desktop.core.connection.connection_form import ConnectionForm
from desktop.core.connection.profiles import ProfileError, resolve_profile
from desktop.core.connection.url_hints import (
    SUPPORTED,
    offers_connect_without_user,
    scheme_problem,
    suggestion,
    user_and_password,
    without_user_name,
    without_user_names,
)

BROKERS = [f"{s}://h:1/0" for s in SUPPORTED["broker"] if s != "redis+socket"] + ["redis+socket:///tmp/r.sock?virtual_host=1"]
BACKENDS = [f"{s}://h:1/0" for s in SUPPORTED["backend"] if not s.startswith("db+") and s != "redis+socket"] + [
    "db+sqlite:///tmp/results.db",
    "db+postgresql://u:p@h/db",
    "redis+socket:///tmp/r.sock?virtual_host=2",
]


def test_every_supported_scheme_is_one_kombu_or_celery_has_here():
    assert {s.split("+")[0] for s in SUPPORTED["broker"]} <= {a.lower() for a in TRANSPORT_ALIASES}
    assert {s.split("+")[0] for s in SUPPORTED["backend"]} <= set(BACKEND_ALIASES)


@pytest.mark.parametrize("url", BROKERS)
def test_each_supported_broker_scheme_is_accepted(url):
    assert scheme_problem("broker", url) is None


@pytest.mark.parametrize("url", BACKENDS)
def test_each_supported_backend_scheme_is_accepted(url):
    assert scheme_problem("backend", url) is None


def test_a_sentinel_list_and_kombus_other_transports_are_accepted():
    assert scheme_problem("broker", "sentinel://:p@s1:26379/0;sentinel://:p@s2:26379/0") is None
    assert scheme_problem("broker", "sqs://") is None  # untested, but kombu's
    assert scheme_problem("broker", "REDIS://h/0") is None  # kombu lower-cases the broker's scheme
    assert scheme_problem("backend", "mongodb://h/db") is None
    assert scheme_problem("backend", "proj.backends:Custom://h") is None  # a backend named by its module


def test_the_supported_schemes_need_neither_kombus_nor_celerys_alias_table(monkeypatch):
    """Start-up checks the URLs before the window paints: kombu.transport costs ~130 ms to import."""
    monkeypatch.setattr(url_hints, "_aliases", lambda role: pytest.fail("alias table imported"))
    for url in BROKERS:
        assert scheme_problem("broker", url) is None
    for url in BACKENDS:
        assert scheme_problem("backend", url) is None


def test_garbage_is_named_with_the_schemes_that_work():
    message = scheme_problem("broker", "garbage://x")
    assert message.startswith("unknown broker scheme 'garbage'")
    assert message.startswith("unknown broker scheme 'garbage'. Schemes that work: ")
    assert message.endswith("Schemes that work: redis, rediss, redis+socket, sentinel, amqp, amqps, pyamqp")
    backend = scheme_problem("backend", "garbage://y")
    assert backend.startswith("unknown result backend scheme 'garbage'")
    assert "db+sqlite" in backend and "rpc" in backend and "amqp" not in backend


@pytest.mark.parametrize(
    "role, typed, meant",
    [
        ("broker", "redsi", "redis"),
        ("broker", "rediss2", "rediss"),
        ("broker", "sentinal", "sentinel"),
        ("broker", "amqq", "amqp"),
        ("backend", "REDIS", "redis"),  # Celery reads a backend's scheme as written
        ("backend", "rcp", "rpc"),
    ],
)
def test_a_typo_suggests_the_scheme_meant(role, typed, meant):
    assert suggestion(typed, role, set()) == meant
    message = scheme_problem(role, f"{typed}://h/0")
    assert f"did you mean {meant}://?" in message


def test_the_second_url_of_a_list_is_checked_too():
    assert "'sentinal'" in scheme_problem("broker", "sentinel://s1:26379/0;sentinal://s2:26379/0")


def test_a_long_scheme_is_quoted_short():
    assert len(scheme_problem("broker", "x" * 5000 + "://h")) < 400


def test_the_command_line_says_it_before_connecting():
    with pytest.raises(
        ProfileError, match=r"broker URL from --broker: unknown broker scheme 'garbage'.*Schemes that work: redis, "
    ):
        resolve_profile(broker="garbage://x", env={})
    with pytest.raises(ProfileError, match=r"backend URL from CELERY_RESULT_BACKEND: .*did you mean redis://"):
        resolve_profile(broker="redis://h/0", env={"CELERY_RESULT_BACKEND": "redsi://h/1"})


def test_main_exits_with_code_2_and_the_message(capsys):
    from desktop.main import main

    assert main(["--broker", "garbage://x", "--dump", "/nonexistent/d.json"]) == 2
    err = capsys.readouterr().err
    assert "unknown broker scheme 'garbage'" in err and "redis, rediss" in err


def test_main_says_an_unknown_scheme_before_it_looks_for_a_display(capsys, monkeypatch):
    from desktop.main import main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main(["--broker", "redis://h/0", "--backend", "redsi://h/1"]) == 2
    assert "unknown result backend scheme 'redsi': did you mean redis://?" in capsys.readouterr().err


def test_the_connection_dialog_says_it_at_the_field():
    result = ConnectionForm(name="p", broker_url="redsi://:secret@h:6379/0").validate()
    assert "did you mean redis://?" in result.error_for("broker_url")
    assert "secret" not in result.error_for("broker_url")
    result = ConnectionForm(name="p", broker_url="redis://h/0", backend_url="garbage://h").validate()
    assert result.error_for("backend_url").startswith("unknown result backend scheme 'garbage'")


def test_user_and_password_of_a_seed_style_url():
    assert user_and_password("redis://auth:p%40ss@h:6379/10") == ("auth", "p@ss")
    assert user_and_password("rediss://auth:pw@h:6380/10?ssl_cert_reqs=none") == ("auth", "pw")
    assert user_and_password("redis://:pw@h:6379/10") is None  # no user: nothing to drop
    assert user_and_password("redis://auth@h:6379/10") is None
    assert user_and_password("amqp://guest:guest@h//") is None  # RabbitMQ users are real


def test_without_user_name_keeps_the_password_as_written():
    assert without_user_name("redis://auth:p%40ss@h:6379/10") == "redis://:p%40ss@h:6379/10"
    assert without_user_name("redis://:pw@h/1") == "redis://:pw@h/1"
    assert (
        without_user_name("redis+socket://auth:pw@/tmp/r.sock?virtual_host=1") == "redis+socket://:pw@/tmp/r.sock?virtual_host=1"
    )


def test_without_user_names_changes_only_the_roles_asked():
    @dataclass(frozen=True)
    class Profile:
        broker_url: str | None
        backend_url: str | None

    profile = Profile("redis://auth:pw@h/10", "redis://auth:pw@h/11")
    assert without_user_names(profile, ("broker",)) == Profile("redis://:pw@h/10", "redis://auth:pw@h/11")
    assert without_user_names(profile) == Profile("redis://:pw@h/10", "redis://:pw@h/11")


def test_the_hint_is_told_from_other_messages():
    hint = (
        "login refused: the server has no user 'auth': it takes the password alone (Redis requirepass). "
        "Connect without the user name?"
    )
    assert offers_connect_without_user(hint)
    assert not offers_connect_without_user("broker unreachable: AuthenticationError: invalid username-password pair")
    assert not offers_connect_without_user(None)


def test_a_wrongpass_without_a_user_name_asks_nothing(monkeypatch):
    monkeypatch.setattr(url_hints, "password_alone_works", lambda *a, **k: pytest.fail("asked"))
    assert url_hints.user_name_hint("redis://:pw@h/0", "AuthenticationError: invalid username-password pair") is None
    assert url_hints.user_name_hint("redis://auth:pw@h/0", "ConnectionError: refused") is None
