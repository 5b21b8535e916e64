"""Core's messages through the translator the app lends, English without one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from desktop.core.connection.url_hints import offers_connect_without_user, unknown_scheme_message
from desktop.core.domain import translatable


def test_without_a_translator_core_speaks_english():
    assert translatable.translate("url_hints", "broker") == "broker"
    assert unknown_scheme_message("broker", "redsi", {"redis"}).startswith(
        "unknown broker scheme 'redsi': did you mean redis://?"
    )


def test_a_message_and_the_words_put_into_it_are_each_translated(marked):
    message = unknown_scheme_message("backend", "garbage", {"redis"})
    assert message.startswith("⟦unknown ⟦result backend⟧ scheme 'garbage'. Schemes that work: redis, rediss")
    assert ("url_hints", "result backend") in marked
    assert translatable.QT_TRANSLATE_NOOP("url_hints", "broker") == "broker"  # marked only: translated where shown


def test_a_translated_hint_is_still_recognised(marked):
    hint = "⟦login refused⟧: anything ⟦Connect without the user name?⟧"
    assert offers_connect_without_user(hint)
    assert not offers_connect_without_user("login refused: anything Connect without the user name?")


def test_threads_use_the_same_translator(marked):
    with ThreadPoolExecutor(4) as pool:
        said = list(pool.map(lambda i: translatable.translate("t", f"m{i}"), range(8)))
    assert said == [f"⟦m{i}⟧" for i in range(8)]
