"""The window in Simplified Chinese: the language chosen, the catalogues complete, no English left on screen.

The walk reads every text a user can see in the real window built under zh_CN (every tab built,
the menus and their actions, tooltips, placeholders, group and tab titles, table headers) and
fails listing those that still hold an English word, apart from names (Celery, Redis, JSON, …),
state names and data (URLs, task names, options). It covers the widgets of TRANSLATED_MODULES:
add a module once its strings are translated.
"""

from __future__ import annotations

import ast
import asyncio
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QObject, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from desktop.app import translation
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.runtime.platform_check import apt_install, can_install
from desktop.core.store.settings import LANGUAGES, Settings
from tests.support.required import require
from tests.support.windows import shots_folder

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

# The modules whose widgets the walk checks (a widget belongs to the module of the nearest
# widget up its parents whose class the console defines; menus belong to main_window; a table's
# header to its model's module). Add a module once its strings are translated.
TRANSLATED_MODULES = {
    "desktop.views.main_window",
    "desktop.views.connection_bar",
    "desktop.views.settings_dialog",
    "desktop.views.messages_view",
    "desktop.views.schedule_editor",
    "desktop.models",
    "desktop.task_models",
    "desktop.views.alert_rules_dialog",
    "desktop.views.alerts_log_view",
    "desktop.views.bulk_actions_view",
    "desktop.views.call_form",
    "desktop.views.calls_view",
    "desktop.views.command_palette",
    "desktop.views.connection_dialog",
    "desktop.views.error_panel",
    "desktop.views.failures_view",
    "desktop.views.graphs_view",
    "desktop.views.history_search_view",
    "desktop.views.queues_view",
    "desktop.views.registered_tasks_view",
    "desktop.views.results_view",
    "desktop.views.schedules_view",
    "desktop.views.task_detail",
    "desktop.views.worker_list",
    "desktop.views.workers_view",
    "desktop.views.workflow_composer",
}

# Words that stay as they are in Chinese: product, protocol and format names, units, keys, Python's
# types, Celery's states, canvas primitives and call options, "(broker)" after 消息代理 as the glossary
# has it, and the language's own name in the language box.
ALLOWED = {
    word.lower()
    for word in [
        "broker",
        "API",
        "CA",
        "PEM",
        "UTC",
        "int",
        "str",
        "float",
        "bool",
        "dict",
        "list",
        "None",
        "pickle",
        "msgpack",
        "zlib",
        "gzip",
        "bzip",
        "canvas",
        "countdown",  # Celery's call options, named as apply_async takes them
        "expires",
        "queue",
        "priority",
        "serializer",
        "compression",
        "args",
        "kwargs",
        "exchange",
        "body",
        "call",
        "link",
        "crontab",
        "interval",
        "restore",
        "Celery",
        "Redis",
        "RabbitMQ",
        "Sentinel",
        "RedBeat",
        "JSON",
        "YAML",
        "ETA",
        "URL",
        "ID",
        "CSV",
        "PNG",
        "SQLite",
        "FTS",
        "Python",
        "CLI",
        "TLS",
        "SSL",
        "PID",
        "CPU",
        "RSS",
        "ms",
        "min",
        "KB",
        "MB",
        "GB",
        "Ctrl",
        "Shift",
        "Alt",
        "Esc",
        "Enter",
        "PENDING",
        "RECEIVED",
        "STARTED",
        "SUCCESS",
        "FAILURE",
        "RETRY",
        "REVOKED",
        "PROGRESS",
        "REJECTED",
        "IGNORED",
        "chain",
        "group",
        "chord",
        "ping",
        "beat",
        "kombu",
        "Qt",
        "PySide",
        "QtCharts",
        "English",
    ]
}
DATA = re.compile(
    r"Celery Desktop"  # the product's name
    r"|\S+://\S*"  # URLs
    r"|--[\w-]+(?: [A-Z][A-Z_]+)?"  # command-line options and their argument's name
    r"|-A \w+"
    r"|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"  # environment variables (CELERY_BROKER_URL)
    r"|\b[\w-]+(?:[.@/][\w-]+)+\*?"  # task names, hosts, paths, versions (tasks.add, demo-1f@host, a/b)
    r"|\{\w+\}"
    r"|\b[A-Z]\w*(?:Error|Exception|Warning)\b.*"  # an exception and its message, to the end of the text
    r"|\bSIG[A-Z0-9]+\b"  # signal names
    r"|-?\b[a-z_]+:[^\s:]+"  # the query language's terms (state:FAILURE)
    r'|"[\x20-\x7e]*"'  # an example between ASCII quotes
    r"|'[\x20-\x7e]*'"  # what the user typed, quoted back (repr)
    r"|\b[a-z_]+=\w+"  # an argument as code writes it (track_started=True)
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # Celery's settings (beat_schedule_filename)
    r"|celerybeat-schedule|django-celery-beat"
    r"|\b[A-Z][a-z]+(?:[A-Z][a-z]+){2,}\b"  # class names (SoftTimeLimitExceeded)
    r"|\b[a-z_]+(?=[：（])"  # an option's or a value's name, explained after it (countdown：…, none（…）)
    r"|\b\w+(?=: (?:int|str|float|bool|dict|list|tuple|bytes|Any|None)\b)"  # a parameter before its type (x: int)
    r"|\([a-z_]+(?:, [a-z_]+)+\)"  # a signature ((request, exc, traceback))
    r"|例如 \S+"  # an example
    r"|\bx-[a-z-]+"  # RabbitMQ's arguments (x-max-priority)
    r"|(?<!\w)\.[a-z]+\b"  # a signature's method (.si)
)
ENGLISH = re.compile(r"[A-Za-z]{2,}")
# Helpers that make widgets for every view: a widget of theirs belongs to the view it is in.
GENERIC = {"desktop.views.text", "desktop.views.repaint", "desktop.views.tables", "desktop.views.delegates"}


def demo_texts() -> re.Pattern:
    """The demo tasks' docstrings: data the cluster reports, shown as it is."""
    found = set()
    for node in ast.walk(ast.parse((ROOT / "desktop" / "tasks.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(re.escape(line.strip()) for line in node.value.splitlines() if " " in line.strip())
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(found, key=len, reverse=True)) + r")(?!\w)")


DEMO_TEXTS = demo_texts()


def english_words(text: str) -> list[str]:
    """The English words left in ``text`` once data and allowed names are taken out (core speaks the language too)."""
    text = re.sub(r"<[^>]+>", " ", text)  # the markup of rich-text labels
    text = DEMO_TEXTS.sub(" ", html.unescape(text))
    text = DATA.sub(" ", text)
    return [w for w in ENGLISH.findall(text) if w.lower() not in ALLOWED]


def test_words_and_data_are_told_apart():
    assert english_words("立即检查消息代理和结果后端") == []
    assert english_words("未配置消息代理：启动时使用 --broker URL、-A proj、CELERY_BROKER_URL 或 --demo") == []
    assert english_words("<b>Celery Desktop 0.1.0</b> · redis://:***@127.0.0.1:6379/0 · tasks.add") == []
    assert english_words("Refresh the view") == ["Refresh", "the", "view"]
    assert english_words("required") == ["required"]  # core's words are the window's language too
    assert english_words("必填") == [] and english_words("• 工作流：chain 至少需要一个步骤") == []
    assert english_words("状态 SUCCESS，1 个 worker") == ["worker"]
    assert english_words("RedBeat 未读取：ConnectionError: Error 111 connecting to 127.0.0.1:1.") == []
    assert english_words('使用 SIGTERM · state:FAILURE -worker:celery@web1 "timeout"   (F1: guide)') == ["guide"]


def cjk_font() -> None:
    """A Simplified Chinese font for the pictures: installed as root when missing, else the test is skipped."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return
    if can_install() and apt_install(["fonts-noto-cjk"]):
        for path in Path("/usr/share/fonts").rglob("NotoSansCJK*"):
            QFontDatabase.addApplicationFont(str(path))  # the running application's font list was made before
        if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
            return
    require("cjk-fonts", "no font with Simplified Chinese glyphs is installed")


# The language chosen


def test_lang_option_then_the_setting_then_the_system():
    assert translation.choose_language("zh_CN", "en", system="en") == "zh_CN"
    assert translation.choose_language(None, "zh_CN", system="en") == "zh_CN"
    assert translation.choose_language(None, "en", system="zh_CN") == "en"
    assert translation.choose_language(None, "system", system="zh_CN") == "zh_CN"
    assert translation.choose_language(None, "system", system="en") == "en"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("zh_Hans_HK", "zh_CN"),
        ("zh_TW", None),
        ("zh_HK", None),
        ("zh_Hant", None),
        ("en_GB", "en"),
        ("de_DE", None),
    ],
)
def test_which_locales_get_the_chinese_window(name, expected):
    assert translation.language_of(QLocale(name)) == expected


def test_the_system_language_comes_from_languages_qt_reads(monkeypatch):
    """LANGUAGE=zh_CN:en on a German LANG: Chinese; LANG alone when nothing is spoken of it: English."""
    script = "from desktop.app.translation import system_language; print(system_language())"
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", script], env={**env, **extra}, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    assert run(LANG="zh_CN.UTF-8") == "zh_CN"
    assert run(LANG="de_DE.UTF-8", LANGUAGE="zh_CN:en") == "zh_CN"
    assert run(LANG="zh_TW.UTF-8") == "en"
    assert run(LANG="fr_FR.UTF-8") == "en"


def test_the_language_setting_is_checked_and_kept():
    assert Settings().language == "system"
    assert ("system", *translation.LANGUAGES) == LANGUAGES
    assert Settings(language="zh_CN").problems() == []
    fixed, problems = Settings(language="klingon").sanitized()
    assert fixed.language == "system" and problems == ["language must be one of system, en, zh_CN, not 'klingon'"]


def test_the_lang_option_names_the_languages_translation_knows():
    from desktop.main import LANGUAGES as OPTION
    from desktop.main import build_parser

    assert OPTION == translation.LANGUAGES
    assert build_parser().parse_args(["--lang", "zh_CN"]).lang == "zh_CN"


def test_settings_offer_the_language_and_say_when_it_applies(qtbot):
    from desktop.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(language="zh_CN"), "", tray_available=False)
    qtbot.addWidget(dialog)
    assert [dialog.language.itemText(i) for i in range(3)] == ["System", "English", "简体中文"]
    assert dialog.language.currentIndex() == 2
    assert "next start" in dialog.language_note.text()
    dialog.language.setCurrentIndex(1)
    assert dialog.settings().language == "en"


# The catalogues


def test_every_marked_string_is_translated_and_compiled():
    """tools/translations.py check: no string untranslated, no catalogue stale or missing, the .qm current."""
    done = subprocess.run(
        [sys.executable, "tools/translations.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_catalogues_load_and_translate(chinese):
    assert translation.catalogue_path("zh_CN").is_file()
    assert len(chinese.translators) == 2  # the console's and Qt's own
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's standard buttons
    assert QLocale().name() == "zh_CN"


def test_core_messages_come_from_the_same_catalogues(qapp):
    from desktop.core.connection.url_hints import unknown_scheme_message

    installed = translation.install(translation.CHINESE, qapp)
    try:
        said = unknown_scheme_message("backend", "redsi", {"redis"})
        assert said.startswith("未知的结果后端协议 'redsi'：是否想用 redis://？"), said
    finally:
        translation.uninstall(installed, qapp)
    assert unknown_scheme_message("backend", "redsi", {"redis"}).startswith("unknown result backend scheme 'redsi'")


def test_english_has_no_catalogue(qapp):
    before = QLocale()
    installed = translation.install("en", qapp)
    try:
        assert installed.translators == [] and installed.missing == []
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
        assert QLocale() == before  # numbers keep the desktop's format
    finally:
        translation.uninstall(installed, qapp)
    assert QLocale() == before


def test_no_chinese_font_is_said(monkeypatch):
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *_: []))
    assert translation.missing_font("zh_CN") == translation.NO_CJK_FONT
    assert translation.missing_font("en") == ""


# The window in Chinese


def owner_module(widget: QObject) -> str:
    """The module of the nearest object up the parents whose class the console defines."""
    while widget is not None:
        module = type(widget).__module__
        if module.startswith("desktop.") and module not in GENERIC:
            return module
        widget = widget.parent()
    return ""


def source_model(model):
    while hasattr(model, "sourceModel") and model.sourceModel() is not None:
        model = model.sourceModel()
    return model


def texts_of(widget: QWidget) -> list[tuple[str, str]]:
    """(what, text) for every text the widget shows or tells on hover."""
    found = [("tooltip", widget.toolTip())]
    if widget.isWindow():
        found.append(("title", widget.windowTitle()))
    if isinstance(widget, QLabel):
        found.append(("label", widget.text()))
    if isinstance(widget, QAbstractButton):
        found.append(("button", widget.text()))
    if isinstance(widget, QLineEdit):
        found.append(("placeholder", widget.placeholderText()))
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        found.append(("placeholder", widget.placeholderText()))
    if isinstance(widget, QGroupBox):
        found.append(("group", widget.title()))
    if isinstance(widget, QComboBox) and widget.isEditable() is False:
        found += [("choice", widget.itemText(i)) for i in range(widget.count())]
    if isinstance(widget, QAbstractSpinBox):
        found += [("spin", widget.specialValueText())]
        found += [("suffix", getattr(widget, "suffix", lambda: "")()), ("prefix", getattr(widget, "prefix", lambda: "")())]
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            found += [("tab", widget.tabText(i)), ("tab tooltip", widget.tabToolTip(i))]
    for action in widget.actions():  # context menus and buttons' actions
        found += [("action", action.text()), ("action tooltip", action.toolTip() if action.toolTip() != action.text() else "")]
    return [(what, text) for what, text in found if text]


def header_texts(view: QTableView | QTreeView) -> list[tuple[str, str, str]]:
    model = view.model()
    if model is None:
        return []
    owner = type(source_model(model)).__module__
    found = []
    for section in range(model.columnCount(QModelIndex())):
        for role, what in ((Qt.ItemDataRole.DisplayRole, "header"), (Qt.ItemDataRole.ToolTipRole, "header tooltip")):
            text = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(text, str) and text:
                found.append((owner, what, text))
    return found


def menu_texts(menu: QMenu, path: str) -> list[tuple[str, str]]:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append((f"{path} › {action.text()}", action.text()))
        if action.toolTip() and action.toolTip().replace("&", "") != action.text().replace("&", ""):
            found.append((f"{path} › {action.text()} tooltip", action.toolTip()))
        if action.menu() is not None:
            found += menu_texts(action.menu(), f"{path} › {action.text()}")
    return found


def leftovers(root: QWidget, menus: list[QMenu] = (), modules=TRANSLATED_MODULES) -> list[str]:
    """Every visible string of ``root`` (its modules') that still holds an English word, one line each."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        module = owner_module(widget)
        if module in modules:
            for what, text in texts_of(widget):
                if words := english_words(text):
                    found.append(f"{module}: {type(widget).__name__} {widget.objectName()!r} {what} {text!r}: {words}")
        if isinstance(widget, QTableView | QTreeView):
            for owner, what, text in header_texts(widget):
                if owner in modules and (words := english_words(text)):
                    found.append(f"{owner}: {what} {text!r}: {words}")
    for menu in menus:
        for where, text in menu_texts(menu, menu.title()):
            if words := english_words(text):
                found.append(f"desktop.views.main_window: menu {where!r}: {words}")
    return sorted(set(found))


def build_every_tab(window) -> None:
    from desktop.views.main_window import TABS

    for index, (key, _title) in enumerate(TABS):
        try:
            window.lazy_tabs.view(key)
        except KeyError:  # a window laid out without it
            continue
        window.tabs.setCurrentIndex(index)
        QCoreApplication.processEvents()


@pytest.fixture
def chinese_window(qtbot, qasync_loop, chinese):
    """The real window for an unreachable broker, built under zh_CN, every tab built; its loops not started
    (tests/gui/test_translation_core.py walks a live window on a real worker)."""
    from desktop.app.console import build_console
    from desktop.core.cluster.celery_app import load_user_app
    from desktop.core.runtime.demo import DEMO_APP

    app = load_user_app(DEMO_APP, from_cwd=False)  # the demo's tasks: a call form to open
    console = build_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0", app_module=DEMO_APP), app, history=False)
    qtbot.addWidget(console.window)
    console.window.resize(1440, 900)
    console.window.show()
    build_every_tab(console.window)
    console.window.tabs.setCurrentIndex(0)
    console.window.calls_view.open(console.session.task_info("tasks.add"))
    qtbot.wait(50)
    yield console
    stopping = asyncio.ensure_future(console.session.stop())
    qtbot.waitUntil(stopping.done, timeout=15000)
    console.close()


def test_the_window_in_chinese_shows_no_english(chinese_window, qtbot):
    window = chinese_window.window
    menus = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
    assert [m.title() for m in menus] == ["文件(&F)", "工作流(&W)", "视图(&V)", "转到(&G)", "连接(&C)", "帮助(&H)"]
    assert window.tabs.tabText(0) == "调用与结果"
    from desktop.core.domain.schedule_drafts import ScheduleDraft
    from desktop.models import messages_model
    from desktop.views.connection_dialog import ConnectionDialog
    from desktop.views.messages_view import MessagesView
    from desktop.views.schedule_editor import ScheduleEditor
    from desktop.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), "", tray_available=False, parent=window)
    qtbot.addWidget(dialog)
    window.workflowRequested.emit(None)  # the workflow composer, the alert rules and the palette, as the menus open them
    window.alertRulesRequested.emit()
    window.paletteRequested.emit()
    others = [dialog, ConnectionDialog(parent=window), window.workflow_composer, window.alert_rules_dialog]
    others += [
        ScheduleEditor(ScheduleDraft(), ["tasks.add"], "redbeat", parent=window),
        MessagesView("celery", messages_model(), amqp=False, parent=window),
    ]
    found = leftovers(window, menus) + [line for other in others for line in leftovers(other)]
    buttons = dialog.findChild(QDialogButtonBox).buttons()
    assert {b.text() for b in buttons} == {"确定", "取消"}  # Qt's own catalogue
    assert not found, "English left in the Chinese window:\n" + "\n".join(found)


def test_the_window_in_chinese_looks_right(chinese_window, qtbot, tmp_path):
    """A picture of the main window in Chinese (looked at: nothing cut off, the glyphs drawn)."""
    cjk_font()
    window = chinese_window.window
    qtbot.wait(200)
    folder = shots_folder(tmp_path)
    assert window.grab().save(str(folder / "main-window-zh_CN.png"))
    for index in range(1, window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(100)
        assert window.grab().save(str(folder / f"tab-{index}-zh_CN.png"))
    from desktop.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(language="zh_CN"), "磁盘占用 3.2 MB", tray_available=False, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(100)
    assert dialog.grab().save(str(folder / "settings-zh_CN.png"))


def test_no_chinese_font_is_said_once_in_the_window(tmp_path):
    """--lang zh_CN on a machine whose fonts have no Chinese glyphs: the error panel says what to install."""
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n"
    )
    dump = tmp_path / "dump.json"
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(fonts),
        "CELERY_DESKTOP_CONFIG_DIR": str(tmp_path / "config"),
        "CELERY_DESKTOP_DATA_DIR": str(tmp_path / "data"),
    }
    command = [sys.executable, "-m", "desktop.main", "--lang", "zh_CN", "--broker", "redis://127.0.0.1:1/0"]
    subprocess.run([*command, "--dump", str(dump), "--quit-after", "3"], env=env, cwd=ROOT, check=True, timeout=120)
    assert dump.read_text(encoding="utf-8").count(translation.NO_CJK_FONT) == 1
