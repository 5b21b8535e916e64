"""tests/support/required.py: a missing part skips a test saying why, or fails it when the run requires that part."""

from __future__ import annotations

import pytest

from tests.support.required import PARTS, check_variable, import_or_require, require


def test_a_missing_part_that_is_not_required_skips_with_the_reason(monkeypatch):
    monkeypatch.setenv("CELERY_DESKTOP_REQUIRE", "tls")
    with pytest.raises(pytest.skip.Exception) as skipped:
        require("rabbitmq", "these tests need RabbitMQ: none here")
    assert str(skipped.value) == (
        "[rabbitmq] these tests need RabbitMQ: none here (CELERY_DESKTOP_REQUIRE=rabbitmq makes this a failure)"
    )


@pytest.mark.parametrize("value", ["rabbitmq", "tls, RabbitMQ", "all"])
def test_a_missing_part_that_is_required_fails_saying_how_to_get_it(monkeypatch, value):
    monkeypatch.setenv("CELERY_DESKTOP_REQUIRE", value)
    with pytest.raises(pytest.fail.Exception) as failed:
        require("rabbitmq", "these tests need RabbitMQ: none here")
    message = str(failed.value)
    assert message.startswith("[rabbitmq] these tests need RabbitMQ: none here\n")
    assert f"CELERY_DESKTOP_REQUIRE={value} requires rabbitmq" in message and PARTS["rabbitmq"] in message
    assert not failed.value.pytrace


def test_a_module_that_cannot_be_imported_is_a_missing_part(monkeypatch):
    monkeypatch.delenv("CELERY_DESKTOP_REQUIRE", raising=False)
    assert import_or_require("json", "sqlalchemy").dumps([]) == "[]"
    with pytest.raises(pytest.skip.Exception, match=r"^\[sqlalchemy\] cannot import no_such_module_here: No module named"):
        import_or_require("no_such_module_here", "sqlalchemy")
    monkeypatch.setenv("CELERY_DESKTOP_REQUIRE", "all")
    with pytest.raises(pytest.fail.Exception, match="requires sqlalchemy"):
        import_or_require("no_such_module_here", "sqlalchemy")


def test_only_known_parts_may_be_named(monkeypatch):
    monkeypatch.setenv("CELERY_DESKTOP_REQUIRE", "all,rabbitmq,tls,xvfb,tmpfs,sqlalchemy,qtcharts")
    check_variable()
    monkeypatch.setenv("CELERY_DESKTOP_REQUIRE", "rabbitmq,rabit")
    with pytest.raises(pytest.UsageError, match="names no such part: rabit "):
        check_variable()
    with pytest.raises(ValueError, match="no such part"):
        require("rabit", "a typo in a test")
