"""Fixtures the unit tests share."""

from __future__ import annotations

import pytest

from desktop.core.domain import translatable


@pytest.fixture
def marked():
    """A translator that returns every text core asks for as ⟦text⟧ and keeps the (context, text) pairs asked.

    What the user reads is seen going through translate(): a text that did not stays bare.
    """
    asked: list[tuple[str, str]] = []

    def mark(context: str, text: str) -> str:
        asked.append((context, text))
        return f"⟦{text}⟧"

    translatable.use_translator(mark)
    yield asked
    translatable.use_translator(None)
