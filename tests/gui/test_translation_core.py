"""Core's messages in the Chinese window: the call form's checks, the connection dialog's, a query's error, and the
live window on a real worker (connection bar, worker statuses, schedules, results) with no English but data and names.

Core speaks through ``desktop.core.domain.translatable``; with zh_CN installed (as ``--lang zh_CN`` does), what
it says comes from the same catalogues as the views'.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView, QTreeView

from desktop.core.connection.connection_form import ConnectionForm
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallContext
from desktop.core.runtime.demo import DEMO_APP
from tests.gui.test_call_form import DEMO_TASKS, make_form, type_into
from tests.gui.test_translation import build_every_tab, english_words, leftovers
from tests.support.windows import shots_folder

pytestmark = [pytest.mark.gui]

CJK = re.compile(r"[\u4e00-\u9fff]")
# Columns whose cells the console words (the rest hold the cluster's data: names, ids, arguments, results)
WORDED_COLUMNS = {"状态", "计划", "下次运行", "进度", "上次运行"}


def english_in(texts: list[str]) -> list[str]:
    return [f"{text!r}: {words}" for text in texts if (words := english_words(text))]


def test_the_call_forms_checks_speak_chinese(qtbot, tmp_path, chinese):
    add = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    type_into(add, "param:y", "two")
    texts = [add.fields["param:x"].error.text(), add.fields["param:y"].error.text()]
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.long_progress"], CallContext(broker_scheme="redis"))
    type_into(form, "countdown", "10")
    form.eta_enabled.setChecked(True)
    texts += [form.fields["countdown"].error.text(), form.fields["eta"].error.text()]
    form.eta_enabled.setChecked(False)
    form.expires_kind.setCurrentIndex(1)
    form.expires_seconds.setText("5")
    texts.append(form.fields["expires"].error.text())
    type_into(form, "priority", "12")
    type_into(form, "retry_interval_start", "-1")
    form.fields["serializer"].widget.setCurrentText("pickle")
    texts += [form.fields[name].error.text() for name in ("priority", "retry_interval_start", "serializer")]
    texts.append(form.summary.text())
    assert all(texts) and all(CJK.search(t) for t in texts), texts
    assert not english_in(texts), "English left in the call form's checks:\n" + "\n".join(english_in(texts))
    assert shots_folder(tmp_path) and form.grab().save(str(shots_folder(tmp_path) / "call_form_errors-zh_CN.png"))


def test_the_connection_dialogs_checks_speak_chinese(qtbot, chinese):
    from desktop.views.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog(ConnectionForm(name="seed", broker_url="redsi://cache.internal:6379/10"), ())
    qtbot.addWidget(dialog)
    dialog.show()
    message = dialog.errors["broker_url"].text()
    assert message.startswith("未知的消息代理协议 'redsi'：是否想用 redis://？"), message
    dialog.fields["broker_url"].setText("")
    texts = [label.text() for label in dialog.errors.values() if label.text()]
    assert texts and not english_in(texts), "\n".join(english_in(texts))


def test_a_querys_error_speaks_chinese(qtbot, chinese):
    from desktop.core.domain.task_query import QueryError, parse
    from desktop.core.live.history_search import SearchError
    from desktop.views.history_search_view import HistorySearchView

    view = HistorySearchView()
    qtbot.addWidget(view)
    view.show()
    view.field.setText('state:NOPE name:"tasks')
    with pytest.raises(QueryError) as raised:
        parse(view.field.text())
    view.query_text = view.field.text()
    view.show_error(SearchError(raised.value.message, raised.value.start, raised.value.end))
    text = view.error_label.text()
    assert CJK.search(text) and not english_in([text]), text


def worded_cells(view: QTableView | QTreeView) -> list[str]:
    """The texts of the columns the console words, every row (a tree's first level)."""
    model = view.model()
    if model is None:
        return []
    columns = [
        c
        for c in range(model.columnCount(QModelIndex()))
        if model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) in WORDED_COLUMNS
    ]
    found = []
    for row in range(min(model.rowCount(QModelIndex()), 200)):
        for column in columns:
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(model.index(row, column, QModelIndex()), role)
                if isinstance(value, str) and value:
                    found.append(value)
    return found


def test_the_live_window_in_chinese_shows_no_english(qtbot, qasync_loop, chinese, demo_worker, tmp_path):
    from desktop.app.console import build_console
    from desktop.core.cluster.celery_app import load_user_app

    app = load_user_app(DEMO_APP, from_cwd=False)
    profile = ConnectionProfile(broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, app_module=DEMO_APP)
    console = build_console(profile, app, history=False)
    qtbot.addWidget(console.window)
    console.window.resize(1440, 900)
    console.window.show()
    console.session.start()
    try:
        qtbot.waitUntil(lambda: demo_worker.hostname in console.session.workers, timeout=20000)
        for name, args in (("tasks.add", (2, 3)), ("tasks.always_fails", ()), ("tasks.long_progress", (3, 0.2))):
            sending = asyncio.ensure_future(console.session.send(name, args))
            qtbot.waitUntil(sending.done, timeout=10000)
            assert sending.result().ok, sending.result().error
        build_every_tab(console.window)
        qtbot.wait(4000)  # results polled, events folded, the workers' statuses and schedules worded
        window = console.window
        menus = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
        found = leftovers(window, menus)
        cells = [text for view in window.findChildren(QTableView) + window.findChildren(QTreeView) for text in worded_cells(view)]
        assert cells, "no worded cells found: the columns' titles changed?"
        found += [f"cell {line}" for line in english_in(cells)]
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(50)
            assert window.grab().save(str(shots_folder(tmp_path) / f"live-tab-{index}-zh_CN.png"))
        assert not found, "English left in the live Chinese window:\n" + "\n".join(sorted(set(found)))
    finally:
        stopping = asyncio.ensure_future(console.session.stop())
        qtbot.waitUntil(stopping.done, timeout=15000)
        console.close()
