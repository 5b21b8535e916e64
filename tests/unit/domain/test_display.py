"""The display filter: every text from the cluster as the views, notifications, exports and reports show it."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.domain.display import BIDI_CONTROLS, display_text, hidden

FUZZ = settings(max_examples=400, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
ALL_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def shown_hidden(text: str, multiline: bool = False) -> list[str]:
    """The characters a reader could not see (or that reorder what they see) left in a displayed text."""
    kept = "\n\t" if multiline else ""
    return [c for c in text if c not in kept and (c in BIDI_CONTROLS or hidden(c) or 0xD800 <= ord(c) <= 0xDFFF)]


@pytest.mark.parametrize("char", ALL_BIDI)
def test_every_bidi_override_isolate_and_mark_is_an_escape(char):
    shown = display_text(f"exe.txt{char}RTL overrider")
    assert shown == f"exe.txt\\u{ord(char):04x}RTL overrider"
    assert char in BIDI_CONTROLS


def test_the_right_to_left_override_no_longer_reverses_a_file_name():
    assert display_text("report\u202etxt.exe") == "report\\u202etxt.exe"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bell\x07", "bell\\x07"),
        ("nul\x00byte", "nul\\x00byte"),
        ("esc\x1b[31mred", "esc\\x1b[31mred"),
        ("del\x7f", "del\\x7f"),
        ("c1\x85next", "c1\\x85next"),
        ("line\u2028separator\u2029paragraph", "line\\u2028separator\\u2029paragraph"),
        ("zero\u200bwidth\ufeffbom\u00adsoft", "zero\\u200bwidth\\ufeffbom\\xadsoft"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_control_and_format_characters_are_visible_escapes(text, expected):
    assert display_text(text) == expected


def test_on_one_line_breaks_and_tabs_are_escapes_on_several_lines_they_stay():
    text = "Traceback:\r\n  File x\tline 1\n\u202eboom"
    assert display_text(text) == "Traceback:\\r\\n  File x\\tline 1\\n\\u202eboom"
    assert display_text(text, multiline=True) == "Traceback:\n  File x\tline 1\n\\u202eboom"
    assert display_text("a\rb", multiline=True) == "a\\rb"  # a lone carriage return overwrites a line in a terminal


@pytest.mark.parametrize(
    "text",
    [
        "tasks.add",
        "worker@host-1",
        "naïve café — 東京 — שלום — مرحبا",  # right-to-left scripts themselves are text
        "emoji 👩‍💻 and flags 🇫🇷",  # the zero-width joiner of a sequence stays
        "می\u200cخواهم",  # Persian needs the non-joiner
        "non\u00a0breaking and ideographic\u3000space",
        "private \ue000 use",
        "",
    ],
)
def test_text_readers_can_see_is_kept_as_it_is(text):
    assert display_text(text) == text
    assert display_text(text, multiline=True) == text


def test_long_text_is_cut_with_its_length_said():
    message = "x" * 20_000
    shown = display_text(message, 300)
    assert shown == "x" * 300 + "… (20,000 characters)"
    assert display_text(message) == message  # the detail pane: whole
    assert display_text("x" * 300, 300) == "x" * 300  # at the limit: not cut


def test_the_head_of_a_longer_text_says_the_whole_length():
    assert display_text("a" * 50, 10, length=5_000_000) == "a" * 10 + "… (5,000,000 characters)"
    assert display_text("abc", 10, length=7) == "abc"  # the whole is within the limit


def test_a_cut_text_escapes_what_it_keeps():
    assert display_text("\u202e" * 10, 4) == "\\u202e" * 4 + "… (10 characters)"


def test_anything_that_is_not_text_is_shown_as_text():
    assert display_text(42) == "42"
    assert display_text(None) == "None"


def test_an_escape_is_what_python_writes_for_the_character():
    for char in ("\x00", "\x1f", "\x7f", "\x9f", "\u061c", "\u202e", "\u2069", "\ufeff", "\U000e007f"):
        assert display_text(char) == repr(char)[1:-1]


@FUZZ
@given(st.text(), st.none() | st.integers(min_value=0, max_value=50), st.booleans())
@example("\u202e\n\t\r\x00\ud800\u2028", None, True)
@example("a" * 60, 50, False)
def test_nothing_hidden_survives_and_nothing_visible_is_lost(text, limit, multiline):
    shown = display_text(text, limit, multiline=multiline)
    assert shown_hidden(shown, multiline) == []
    shown.encode("utf-8")  # a file, SQLite, the clipboard can hold it: no lone surrogate
    kept = text if limit is None or len(text) <= limit else text[:limit]
    visible = [c for c in kept if not shown_hidden(c, multiline) and c != "\r"]
    rest = iter(shown)
    assert all(c in rest for c in visible)  # every visible character, in its order
    if limit is not None and len(text) > limit:
        assert shown.endswith(f"… ({len(text):,} characters)")
    elif text.isprintable():
        assert shown == text
    assert display_text(shown, multiline=multiline) == shown  # shown twice reads the same


@FUZZ
@given(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]))
def test_every_control_and_format_character_is_hidden_but_the_joiners(char):
    assert hidden(char) == (char not in "\u200c\u200d")
    if char not in "\u200c\u200d":
        assert display_text(char) != char


def test_the_characters_found_are_those_of_this_python_s_unicode_tables():
    categories = {unicodedata.category(chr(cp)) for cp in range(sys.maxunicode + 1) if hidden(chr(cp))}
    assert categories <= {"Cc", "Cf", "Zl", "Zp", "Cs"}
    beyond = [cp for cp in range(0x20000, 0xE0000) if hidden(chr(cp))] + [
        cp for cp in range(0xE1000, sys.maxunicode + 1) if hidden(chr(cp))
    ]
    assert beyond == []  # the planes display_text looks in hold every one
