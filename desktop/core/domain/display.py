"""Text from the cluster as the views, notifications, exports and reports show it.

A hostname, task name, queue name, result or exception message is whatever a worker or another
program put on the wire. Shown as it came, a right-to-left override (U+202E) turns
"exe.txt" into what reads as "txt.exe", a line separator breaks a one-line cell, and a control
character is invisible. ``display_text`` writes every such character as a visible escape
(``\\u202e``, ``\\x07``) and cuts a long text saying how long it was; everything else is kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from desktop.core.domain.translatable import translate

# Embeddings, overrides, isolates and marks: what reorders or hides the order of the text around it.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters that are kept: scripts (Persian, the Indic ones) and emoji sequences need the joiners.
KEPT_FORMATS = frozenset("\u200c\u200d")
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})  # controls, formats, line/paragraph separators, surrogates
# A table cell and a tooltip: the detail pane shows the whole text. Both are above what a record holds of a
# one-line text (results.MAX_TEXT, 2,000 characters, and the length the core's cut says), so a text the
# core already cut is shown as it is, not cut again.
CELL_LIMIT = 2_500
TIP_LIMIT = 2_500
# Where Unicode has control and format characters: the first two planes and the tags block.
_PLANES = (range(0x20000), range(0xE0000, 0xE1000))
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def hidden(char: str) -> bool:
    """Whether a character is written as an escape (on one line; several lines keep \\n and \\t)."""
    return not char.isprintable() and unicodedata.category(char) in HIDDEN_CATEGORIES and char not in KEPT_FORMATS


@cache
def _hidden_points() -> tuple[int, ...]:
    return tuple(cp for plane in _PLANES for cp in plane if hidden(chr(cp)))


@cache
def _pattern(multiline: bool) -> re.Pattern[str]:
    """Every hidden character as one character class (built once, on the first text that needs it)."""
    kept = (ord("\n"), ord("\t")) if multiline else ()
    points = [cp for cp in _hidden_points() if cp not in kept]
    ranges: list[list[int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile("[" + "".join(parts) + "]")


def escape_char(char: str) -> str:
    """``\\n``, ``\\x07``, ``\\u202e``, ``\\U000e0041`` — as Python writes it; a lone surrogate is U+FFFD."""
    if char in _NAMED:
        return _NAMED[char]
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return "\ufffd"
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def _escaped(match: re.Match[str]) -> str:
    return escape_char(match.group())


def display_text(text: str, limit: int | None = None, *, multiline: bool = False, length: int | None = None) -> str:
    """The text as a view shows it: hidden characters as escapes, cut after ``limit`` characters with its length said.

    ``multiline`` keeps line breaks and tabs (a detail pane, a traceback); on one line (a cell, a
    title) they are escapes too. ``length``: the text is the head of a longer one, this long (a
    view that does not join megabytes of arguments to show 300 characters of them). Never
    raises; plain short text comes back as it is.
    """
    if not isinstance(text, str):
        text = str(text)
    whole = len(text) if length is None else max(length, len(text))
    cut = limit is not None and whole > limit
    shown = text[: max(0, limit)] if cut else text
    if not shown.isprintable():
        if multiline and "\r" in shown:
            shown = shown.replace("\r\n", "\n")
        shown = _pattern(multiline).sub(_escaped, shown)
    return shown + length_said(whole) if cut else shown


def length_said(count: int) -> str:
    """What follows a text cut short: "… (12,345 characters)", in the window's language."""
    return translate("display", "… ({count} characters)").format(count=f"{count:,}")
