"""Core messages in the window's language, without Qt: the app lends core its translator.

Core writes what the user reads (a field's error, a broker's refusal, a rule's description) in
English, through ``translate(context, text)``; the app installs ``QCoreApplication.translate``
with ``use_translator`` before the first window, so the same catalogues (the .ts beside each
view's, compiled into one .qm) serve core and views. Without one (an English window, the unit tests), the text
is the English source.

``pyside6-lupdate`` extracts these calls as it does a view's: the context and text must be
literals, and a message with values is ``translate(ctx, "… {name} …").format(name=...)`` (never an
f-string, which lupdate cannot read). A text kept in a table until later is marked with
``QT_TRANSLATE_NOOP(ctx, text)`` where it is written and passed to ``translate`` where it is shown.
Log records and exceptions for programmers stay English.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def english(_context: str, text: str) -> str:
    """The translator without a catalogue: the English source (also for text only a log reads)."""
    return text


_translator: Translator = english


def use_translator(translator: Translator | None) -> None:
    """Core's messages from now on through ``translator`` (None: English again)."""
    global _translator
    _translator = translator or english


def translate(context: str, text: str) -> str:
    """``text`` in the window's language (safe from any thread: Qt's lookup is)."""
    return _translator(context, text)


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Marks ``text`` for the catalogue where it is written; ``translate`` shows it later."""
    return text
