"""tools/translations.py on a small tree of its own: update, release and every problem check finds."""

from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

VIEW = """
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

TITLES = (QT_TRANSLATE_NOOP("Panel", "Queues"),)


class Panel(QWidget):
    def texts(self, n):
        return [self.tr("&Refresh"), self.tr("{count} tasks").format(count=n), QCoreApplication.translate("Panel", t)]
"""


@pytest.fixture
def tool(tmp_path, monkeypatch):
    """The tool working on tmp_path: desktop/views/panel.py, desktop/core/rules.py and one core module with nothing to say."""
    spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    for name, value in (("ROOT", tmp_path), ("SOURCES", tmp_path / "desktop"), ("CATALOGUES", tmp_path / "resources" / "i18n")):
        monkeypatch.setattr(module, name, value)
    (tmp_path / "desktop" / "views").mkdir(parents=True)
    (tmp_path / "desktop" / "core").mkdir()
    (tmp_path / "desktop" / "views" / "panel.py").write_text(VIEW)
    (tmp_path / "desktop" / "core" / "rules.py").write_text(CORE)
    (tmp_path / "desktop" / "core" / "words.py").write_text("def upper(text):\n    return text.translate({97: 65})\n")
    return module


def translate(ts: Path, translations: dict[str, str]) -> None:
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        element = message.find("translation")
        element.text = translations[message.findtext("source")]
        element.attrib.pop("type", None)
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(tree.getroot(), encoding="unicode"))


CORE = """
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

KINDS = {"state": QT_TRANSLATE_NOOP("rules", "state is")}


def said(count):
    return translate("rules", "fired {count} times").format(count=count)
"""
GOOD = {"Queues": "队列", "&Refresh": "刷新(&R)", "{count} tasks": "{count} 个任务"}
CORE_GOOD = {"state is": "状态为", "fired {count} times": "触发了 {count} 次"}


def test_update_makes_one_catalogue_per_module_and_check_says_what_is_missing(tool, tmp_path):
    assert tool.check("zh_CN") == [
        "resources/i18n/zh_CN/desktop.core.rules.ts: missing (2 strings of desktop/core/rules.py): run update",
        "resources/i18n/zh_CN/desktop.views.panel.ts: missing (3 strings of desktop/views/panel.py): run update",
    ]
    written = tool.update("zh_CN")
    catalogues = tmp_path / "resources/i18n/zh_CN"
    assert written == [catalogues / "desktop.core.rules.ts", catalogues / "desktop.views.panel.ts"]  # none for words.py
    problems = tool.check("zh_CN")
    assert sum("untranslated" in p for p in problems) == 5
    assert problems[-1] == "resources/i18n/celery_desktop_zh_CN.qm: not the catalogues compiled: run release"


def test_translated_and_released_the_catalogues_pass(tool, tmp_path):
    tool.update("zh_CN")
    translate(tmp_path / "resources/i18n/zh_CN/desktop.views.panel.ts", GOOD)
    translate(tmp_path / "resources/i18n/zh_CN/desktop.core.rules.ts", CORE_GOOD)
    qm = tool.release("zh_CN")
    assert qm.stat().st_size > 0
    assert tool.check("zh_CN") == []
    tool.update("zh_CN")  # again: the translations stay
    assert tool.check("zh_CN") == []


def test_a_lost_placeholder_or_mnemonic_is_found(tool, tmp_path):
    tool.update("zh_CN")
    translate(
        tmp_path / "resources/i18n/zh_CN/desktop.views.panel.ts", {**GOOD, "&Refresh": "刷新", "{count} tasks": "{n} 个任务"}
    )
    translate(tmp_path / "resources/i18n/zh_CN/desktop.core.rules.ts", CORE_GOOD)
    tool.release("zh_CN")
    assert tool.check("zh_CN") == [
        "resources/i18n/zh_CN/desktop.views.panel.ts: the & mnemonic is lost: [Panel] '&Refresh'",
        "resources/i18n/zh_CN/desktop.views.panel.ts: placeholders differ: [Panel] '{count} tasks'",
    ]


def test_a_changed_string_makes_the_catalogue_stale_and_a_hidden_call_is_named(tool, tmp_path):
    tool.update("zh_CN")
    translate(tmp_path / "resources/i18n/zh_CN/desktop.views.panel.ts", GOOD)
    translate(tmp_path / "resources/i18n/zh_CN/desktop.core.rules.ts", CORE_GOOD)
    tool.release("zh_CN")
    panel = tmp_path / "desktop/views/panel.py"
    panel.write_text(panel.read_text().replace('"&Refresh"', '"&Reload"') + "\nLABEL = f\"{Panel().tr('Hidden')}\"\n")
    rules = tmp_path / "desktop/core/rules.py"
    rules.write_text(rules.read_text() + '\n\ndef named(name):\n    return translate("rules", f"rule {name}")\n')
    problems = tool.check("zh_CN")
    hidden = "tr() inside an f-string, or given one, which lupdate cannot see: use .format() on the translated text"
    assert f"desktop/views/panel.py:12: {hidden}" in problems
    assert f"desktop/core/rules.py:12: {hidden}" in problems
    assert "resources/i18n/zh_CN/desktop.views.panel.ts: stale (1 new, 1 gone, e.g. '&Reload'): run update" in problems


def test_a_catalogue_without_its_module_is_named(tool, tmp_path):
    tool.update("zh_CN")
    translate(tmp_path / "resources/i18n/zh_CN/desktop.views.panel.ts", GOOD)
    (tmp_path / "desktop/views/panel.py").unlink()
    assert "resources/i18n/zh_CN/desktop.views.panel.ts: no module marks these strings any more: delete it" in tool.check("zh_CN")


def test_todo_lists_what_is_untranslated_and_fill_takes_it_back(tool, tmp_path, capsys):
    tool.update("zh_CN")
    ts = tmp_path / "resources/i18n/zh_CN/desktop.core.rules.ts"
    assert tool.main(["todo", str(ts)]) == 0
    assert json.loads(capsys.readouterr().out) == {"state is": "", "fired {count} times": ""}
    answers = tmp_path / "rules.json"
    answers.write_text(json.dumps({"state is": "状态为"}, ensure_ascii=False), encoding="utf-8")
    assert tool.main(["fill", str(ts), str(answers)]) == 0
    assert tool.untranslated(ts) == {"fired {count} times": ""}  # the one left out stays to do
    assert {m.key[1]: m.translation for m in tool.read_catalogue(ts) if m.finished} == {"state is": "状态为"}
