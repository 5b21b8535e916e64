"""Core's messages through the translator the app lends, English without one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from desktop.core.connection.url_hints import offers_connect_without_user, unknown_scheme_message
from desktop.core.domain import translatable


@pytest.fixture
def marking_translator():
    """A translator that marks what it was asked for: what core shows is seen going through it."""
    asked = []

    def marked(context: str, text: str) -> str:
        asked.append((context, text))
        return f"⟦{text}⟧"

    translatable.use_translator(marked)
    yield asked
    translatable.use_translator(None)


def test_without_a_translator_core_speaks_english():
    assert translatable.translate("url_hints", "broker") == "broker"
    assert unknown_scheme_message("broker", "redsi", {"redis"}).startswith(
        "unknown broker scheme 'redsi': did you mean redis://?"
    )


def test_a_message_and_the_words_put_into_it_are_each_translated(marking_translator):
    message = unknown_scheme_message("backend", "garbage", {"redis"})
    assert message.startswith("⟦unknown ⟦result backend⟧ scheme 'garbage'. Schemes that work: redis, rediss")
    assert ("url_hints", "result backend") in marking_translator
    assert translatable.QT_TRANSLATE_NOOP("url_hints", "broker") == "broker"  # marked only: translated where shown


def test_a_translated_hint_is_still_recognised(marking_translator):
    hint = "⟦login refused⟧: anything ⟦Connect without the user name?⟧"
    assert offers_connect_without_user(hint)
    assert not offers_connect_without_user("login refused: anything Connect without the user name?")


def test_threads_use_the_same_translator(marking_translator):
    with ThreadPoolExecutor(4) as pool:
        said = list(pool.map(lambda i: translatable.translate("t", f"m{i}"), range(8)))
    assert said == [f"⟦m{i}⟧" for i in range(8)]
