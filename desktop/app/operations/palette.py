"""The command palette's entries: what Ctrl+K can reach, and what each entry does when run.

Each kind of entry comes from a provider, a function of the console giving its entries as they
are when the palette opens; ``PROVIDERS`` holds them in the order the palette lists them with
nothing typed. Something new the palette should reach registers a provider
with ``add_provider``. A typed text that is a task id the window has no row for gives
"Track task <id>" (``suggestions``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.app.operations import results
from desktop.core.domain.display import display_text
from desktop.core.store.saved_views import SavedViewStore
from desktop.views.command_palette import PaletteEntry
from desktop.views.main_window import SEARCH, TABS, WORKERS

if TYPE_CHECKING:
    from desktop.app.console import Console

Provider = Callable[["Console"], Iterable[PaletteEntry]]
TITLE_LIMIT = 300  # characters of a title from the cluster (a task name, a hostname) the palette matches and shows
_CJK_MNEMONIC = re.compile(r"\(&[^&\s]\)")  # "文件(&F)": a translation's mnemonic, dropped whole
_TASK_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
PALETTE_ACTION = "Command palette…"  # the menu entry that opens the palette: not offered inside it


def _palette_action_texts() -> tuple[str, ...]:
    """The palette's own menu entry as the menu shows it: English, and as the main window translates it."""
    return PALETTE_ACTION, plain_menu_text(QCoreApplication.translate("MainWindow", PALETTE_ACTION))


def plain_menu_text(text: str) -> str:
    """A menu entry's text as read: the '&' that marks its mnemonic dropped, a doubled '&&' kept as one;
    a translation's "(&F)" dropped whole ("文件(&F)" reads "文件")."""
    text = _CJK_MNEMONIC.sub("", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&")


def tab_entries(console: Console) -> Iterable[PaletteEntry]:
    tabs = console.window.tabs
    for index, (_key, title) in enumerate(TABS):
        shown = plain_menu_text(tabs.tabText(index) or title)
        yield PaletteEntry(
            QCoreApplication.translate("palette", "Tab"),
            shown,
            QCoreApplication.translate("palette", "switch to this tab"),
            run=lambda i=index: tabs.setCurrentIndex(i),
        )


def action_entries(console: Console) -> Iterable[PaletteEntry]:
    """Every enabled entry of the window's menus (submenus too), with the menu it is in and its shortcut."""
    skipped = _palette_action_texts()
    kind = QCoreApplication.translate("palette", "Action")

    def walk(menu: QMenu, path: str) -> Iterable[PaletteEntry]:
        for action in menu.actions():
            if action.isSeparator() or not action.isEnabled() or not action.isVisible():
                continue
            text = plain_menu_text(action.text())
            if action.menu() is not None:
                yield from walk(action.menu(), f"{path} › {text}")
                continue
            if text in skipped:
                continue
            yield PaletteEntry(
                kind,
                display_text(text, TITLE_LIMIT),  # the Connection menu names saved profiles
                path,
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                run=_trigger(action),
            )

    for top in console.window.menuBar().actions():
        if top.menu() is not None and top.isVisible():
            yield from walk(top.menu(), plain_menu_text(top.text()))


def _trigger(action: QAction) -> Callable[[], None]:
    return lambda: action.trigger()


def task_entries(console: Console) -> Iterable[PaletteEntry]:
    """Each registered task (not Celery's own): Enter opens its call form in Calls & results."""
    window = console.window
    for task in console.session.catalog:
        if task.builtin:
            continue
        doc = task.doc.strip().splitlines()[0] if task.doc.strip() else ""
        if task.workers:
            count = len(task.workers)
            where = (
                QCoreApplication.translate("palette", "on {count} workers")
                if count != 1
                else QCoreApplication.translate("palette", "on {count} worker")
            ).format(count=count)
        else:
            where = task.source_words
        detail = f"{where} · {doc}" if doc else where
        yield PaletteEntry(
            QCoreApplication.translate("palette", "Task"),
            display_text(task.name, TITLE_LIMIT),
            display_text(detail, TITLE_LIMIT),
            run=lambda t=task: open_call_form(window, t),
        )


def open_call_form(window, task) -> None:
    window.show_results()
    form = window.calls_view.open(task)
    form.setFocus(Qt.FocusReason.OtherFocusReason)


def worker_entries(console: Console) -> Iterable[PaletteEntry]:
    """Each worker the console knows: Enter shows it selected in the Workers tab."""
    for hostname, worker in sorted(console.session.workers.items()):
        state = (
            QCoreApplication.translate("palette", "online") if worker.online else QCoreApplication.translate("palette", "offline")
        )
        yield PaletteEntry(
            QCoreApplication.translate("palette", "Worker"),
            display_text(hostname, TITLE_LIMIT),
            state,
            run=lambda h=hostname: show_worker(console, h),
        )


def show_worker(console: Console, hostname: str) -> None:
    window = console.window
    window.tabs.setCurrentIndex(next(i for i, (key, _title) in enumerate(TABS) if key == WORKERS))
    console.bridge.refresh_worker_rows()  # the table may be a second behind
    window.workers_view.select(hostname)


def task_id_entries(console: Console) -> Iterable[PaletteEntry]:
    """Each task row the window holds, newest first: Enter selects it in Calls & results (whatever filter hides it)."""
    kind, unknown = QCoreApplication.translate("palette", "Task id"), QCoreApplication.translate("palette", "unknown task")
    for task_id, record in reversed(console.session.tasks.items()):
        detail = f"{record.name or unknown} · {record.state}"
        yield PaletteEntry(
            kind,
            display_text(task_id, TITLE_LIMIT),
            display_text(detail, TITLE_LIMIT),
            run=lambda i=task_id: console.reveal(i),
        )


def bulk_entries(console: Console) -> Iterable[PaletteEntry]:
    """The Search tab's "Act on all matches" entries, while its button is enabled (a query counted, not 0)."""
    window = console.window
    if not window.lazy_tabs.is_built(SEARCH):
        return
    view = window.search_view
    bar = view.bulk
    if not bar.button.isEnabled():
        return
    query = display_text(view.query_text, TITLE_LIMIT) or QCoreApplication.translate("palette", "(every task)")
    for action in bar.menu.actions():
        if action.isSeparator() or not action.isEnabled():
            continue
        text = plain_menu_text(action.text())
        title = QCoreApplication.translate("palette", "{action} all matches").format(action=text.removesuffix("…")) + (
            "…" if text.endswith("…") else ""
        )
        yield PaletteEntry(
            QCoreApplication.translate("palette", "Action"),
            title,
            QCoreApplication.translate("palette", "Search › {query}").format(query=query),
            run=_bulk_trigger(window, action),
        )


def saved_view_entries(console: Console) -> Iterable[PaletteEntry]:
    """The profile's saved views: Enter opens one in the Search tab (its query run, its sort on the table)."""
    store = SavedViewStore(console.session.profile.history_key)
    for saved in store.views():
        query = display_text(saved.query, TITLE_LIMIT) or QCoreApplication.translate("palette", "(every task)")
        yield PaletteEntry(
            QCoreApplication.translate("palette", "View"),
            display_text(saved.name, TITLE_LIMIT),
            QCoreApplication.translate("palette", "saved view · {query}").format(query=query),
            run=_view_opener(console, saved.name),
        )


def _view_opener(console: Console, name: str) -> Callable[[], None]:
    def open_view() -> None:
        window = console.window
        window.show_search()
        window.search_view.viewOpenRequested.emit(name)
        window.search_view.table.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter on a row opens it next

    return open_view


def _bulk_trigger(window, action: QAction) -> Callable[[], None]:
    return lambda: (window.show_search(), action.trigger())


PROVIDERS: list[Provider] = [
    tab_entries,
    action_entries,
    bulk_entries,
    saved_view_entries,
    task_entries,
    worker_entries,
    task_id_entries,
]


def add_provider(provider: Provider) -> None:
    """A new kind of entry (saved views …), listed before the task ids (the longest list, last)."""
    PROVIDERS.insert(PROVIDERS.index(task_id_entries), provider)


def palette_entries(console: Console) -> list[PaletteEntry]:
    """Everything the palette offers now, kind by kind in the providers' order."""
    return [entry for provider in PROVIDERS for entry in provider(console)]


def suggestions(console: Console, text: str) -> list[PaletteEntry]:
    """Entries made from the typed text: a task id the window has no row for, to track."""
    typed = text.strip()
    if not _TASK_ID.fullmatch(typed) or typed in console.session.tasks:
        return []
    return [
        PaletteEntry(
            QCoreApplication.translate("palette", "Track"),
            QCoreApplication.translate("palette", "Track task {task_id}").format(task_id=typed),
            QCoreApplication.translate("palette", "follow its state from the result backend"),
            run=lambda: results.track_pasted_ids(console.session, typed, console.reveal),
        )
    ]
