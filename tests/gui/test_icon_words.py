"""Icons in Chinese: a button or menu entry translated by its view's catalogue still finds its icon.

icons.py matches a widget by its text; in Chinese it matches the words its own catalogue (context
"icons") gives. These tests hold every view's catalogue to the same words, so "Refresh" in the
main window and "Refresh" in the Queues tab both get view-refresh in Chinese too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from desktop.views import icons

pytestmark = [pytest.mark.gui]

CATALOGUES = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "zh_CN"


def translated_messages():
    """(catalogue, source, translation) of every finished message of the views' catalogues that may be a button's
    or a menu entry's text: those start with a capital or a mnemonic (a lower-case "purge" is an operation's name)."""
    for path in sorted(CATALOGUES.glob("*.ts")):
        if path.name == "desktop.views.icons.ts":
            continue
        for message in ET.parse(path).getroot().iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            source = message.findtext("source") or ""
            if translation.text and (source[:1].isupper() or source.startswith("&")):
                yield path.name, source, translation.text


def test_a_translated_mnemonic_and_ellipsis_are_left_out_of_the_key():
    assert icons.key_of("保存视图(&S)…") == "保存视图"
    assert icons.key_of("新建工作流(&N)…") == "新建工作流"
    assert icons.key_of("&Save view…") == "save view"


def test_every_catalogue_uses_the_icon_words(chinese):
    wrong = []
    for catalogue, source, translation in translated_messages():
        wanted = icons.name_for(source)
        if wanted is not None and icons.name_for(translation) != wanted:
            wrong.append(f"{catalogue}: {source!r} -> {translation!r} finds {icons.name_for(translation)}, not {wanted}")
    assert not wrong, "\n".join(wrong)


def test_a_chinese_button_gets_its_icon(chinese):
    button = QPushButton(QCoreApplication.translate("HistorySearchView", "Save view…"))
    assert button.text() == "保存视图…"
    icons.dress_button(button)
    assert not button.icon().isNull()
    assert icons.name_for("删除连接配置 prod…") == "edit-delete"  # a prefix, translated
