"""The main window: connection strip, workers and registered tasks, tracked tasks, errors.

The window can be shown before anything it shows exists: an empty frame (title, menus, the
tabs' names) paints first, and ``install`` lays the views in once the session behind them is
built. Each tab's views are built when the tab is first shown or asked for (``results_view``,
``workers_view`` ...), or one per event-loop turn (``build_rest``), Calls & results first.
Importing this module imports none of the views (they import the core, Celery with it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop import __version__
from desktop.paths import resource_path
from desktop.views.lazy_tab import LazyTabs
from desktop.views.repaint import QuietTabWidget
from desktop.views.text import inform, plain_label

if TYPE_CHECKING:
    from desktop.views.calls_view import CallsView
    from desktop.views.connection_bar import ConnectionBar
    from desktop.views.error_panel import ErrorPanel
    from desktop.views.failures_view import FailuresView
    from desktop.views.history_search_view import HistorySearchView
    from desktop.views.queues_view import QueuesView
    from desktop.views.registered_tasks_view import RegisteredTasksView
    from desktop.views.results_view import ResultsView
    from desktop.views.schedules_view import SchedulesView
    from desktop.views.worker_list import WorkerList
    from desktop.views.workers_view import WorkersView


@dataclass
class CallsAndResults:
    """The Calls & results tab's views: where to send (workers, tasks), what (the call form), what happened."""

    worker_list: WorkerList
    registered_view: RegisteredTasksView
    calls_view: CallsView
    results_view: ResultsView


@dataclass
class WindowParts:
    """The views the window lays out, each built by the composition root over the narrow part it shows.

    The connection strip and the error panel are made at once; each tab's views by its builder,
    when the tab is needed (Calls & results and Failures first: the one shown, and the one whose
    name counts the failure groups).
    """

    connection_bar: ConnectionBar
    error_panel: ErrorPanel
    calls_and_results: Callable[[], CallsAndResults]
    failures_view: Callable[[], FailuresView]
    workers_view: Callable[[], WorkersView]
    queues_view: Callable[[], QueuesView]
    schedules_view: Callable[[], SchedulesView]
    graphs_view: Callable[[], QWidget]
    ahead: tuple[Callable[[], object], ...] = ()  # made one per turn before the tabs (the builders keep what they made)
    search_view: Callable[[], HistorySearchView] | None = None  # the Search tab (history and window); blank without
    alerts_view: Callable[[], QWidget] | None = None  # the Alerts tab (the log of fired alerts); blank without


def graphs_view_or_note(metrics, kept=None) -> QWidget:
    """The Graphs tab, or a note saying why it is missing (QtCharts ships in PySide6-Addons)."""
    try:
        from desktop.views.graphs_view import GraphsView
    except ImportError as exc:  # the rest of the console works without it
        note = QCoreApplication.translate("MainWindow", "Graphs need QtCharts (the PySide6-Addons package): {error}")
        label = plain_label(note.format(error=exc))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    return GraphsView(metrics, kept=kept)  # kept: the trends file's reader (7- and 90-day windows)


ALERTS = "alerts_view"
RESULTS, FAILURES, WORKERS, QUEUES, SCHEDULES, GRAPHS, SEARCH = (
    "results",
    "failures_view",
    "workers_view",
    "queues_view",
    "schedules_view",
    "graphs_view",
    "search_view",
)
TABS = (  # the titles in English; translated when the tabs are made (QCoreApplication.translate("MainWindow", title))
    (RESULTS, QT_TRANSLATE_NOOP("MainWindow", "Calls && results")),
    (FAILURES, QT_TRANSLATE_NOOP("MainWindow", "Failures")),
    (WORKERS, QT_TRANSLATE_NOOP("MainWindow", "Workers")),
    (QUEUES, QT_TRANSLATE_NOOP("MainWindow", "Queues")),
    (SCHEDULES, QT_TRANSLATE_NOOP("MainWindow", "Schedules")),
    (GRAPHS, QT_TRANSLATE_NOOP("MainWindow", "Graphs")),
    (SEARCH, QT_TRANSLATE_NOOP("MainWindow", "Search")),
    (ALERTS, QT_TRANSLATE_NOOP("MainWindow", "Alerts")),
)


class MainWindow(QMainWindow):
    settingsRequested = Signal()
    profileChosen = Signal(str)
    saveProfileRequested = Signal()
    deleteProfileRequested = Signal(str)
    newConnectionRequested = Signal()
    editConnectionRequested = Signal()
    refreshRequested = Signal()  # File > Refresh: the connection bar's refresh
    workflowRequested = Signal(object)  # open the workflow composer: empty (None), or with a workflow to edit and send
    paletteRequested = Signal()  # Go > Command palette… (Ctrl+K)
    alertRulesRequested = Signal()  # Go > Alert rules…
    resetLayoutRequested = Signal()  # View > Reset layout (views/layout_memory.py)

    def __init__(self, parts: WindowParts | None, connected_to: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_connected_to(connected_to)
        icon = resource_path("icons/celery-desktop.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.workflow_composer = None  # made on first use (app.console.connect_workflows)
        self.tabs = QuietTabWidget()  # a label changing in a page repaints the label, not the window
        self.tabs.setDocumentMode(True)
        self.lazy_tabs = LazyTabs(self.tabs)
        for key, title in TABS:
            self.lazy_tabs.add(key, QCoreApplication.translate("MainWindow", title))

        central = QWidget()
        self._layout = QVBoxLayout(central)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Celery Desktop {__version__}")
        self.default_size = QSize(1440, 900)  # also what View > Reset layout goes back to
        self.resize(self.default_size)

        self._build_menu()
        self._close_handlers: list = []
        self._ahead: list[Callable[[], object]] = []
        self.keep_in_tray = lambda: False  # True: closing the window hides it (the console runs on in the tray)
        self._closing_for_good = False  # File > Quit, or another window takes this one's place
        if parts is not None:
            self.install(parts)

    def set_connected_to(self, connected_to: str) -> None:
        where = connected_to or self.tr("not connected")
        self.setWindowTitle(self.tr("Celery Desktop — {connected_to}").format(connected_to=where))

    def install(self, parts: WindowParts, connected_to: str | None = None, now: bool = True) -> None:
        """Lay the views in: the connection strip and error panel at once, the tabs when needed.

        ``now``: Calls & results and Failures are built here; else in the next turns of the event
        loop (``build_rest``), or when asked for, whichever comes first.
        """
        if connected_to is not None:
            self.set_connected_to(connected_to)
        self.connection_bar = parts.connection_bar
        self.error_panel = parts.error_panel
        self.refreshRequested.connect(self.connection_bar.refreshRequested)
        self.lazy_tabs.set_builder(RESULTS, lambda: self._calls_and_results(parts.calls_and_results()), at_once=now)
        self.lazy_tabs.set_builder(FAILURES, parts.failures_view, at_once=now)
        self.lazy_tabs.when_built(FAILURES, self._count_failures)
        self.lazy_tabs.set_builder(WORKERS, parts.workers_view)
        self.lazy_tabs.set_builder(QUEUES, parts.queues_view)
        self.lazy_tabs.set_builder(SCHEDULES, parts.schedules_view)
        self.lazy_tabs.set_builder(GRAPHS, parts.graphs_view)
        if parts.search_view is not None:
            self.lazy_tabs.set_builder(SEARCH, parts.search_view)
        if parts.alerts_view is not None:
            self.lazy_tabs.set_builder(ALERTS, parts.alerts_view)
        self._ahead = list(parts.ahead)
        if now:
            self.lazy_tabs.view(FAILURES)  # its tab's name counts the failure groups
        self._layout.insertWidget(0, self.connection_bar)
        self._layout.addWidget(self.error_panel)

    def _calls_and_results(self, views: CallsAndResults) -> QWidget:
        """Top: where to send (workers, tasks) and what (the call form); bottom, full width: what happened."""
        self._results_views = views
        cluster = QSplitter(Qt.Orientation.Vertical)
        cluster.setObjectName("resultsClusterSplit")  # the names key the remembered layout (layout_memory.py)
        cluster.addWidget(views.worker_list)
        cluster.addWidget(views.registered_view)
        cluster.setSizes([110, 330])
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("resultsTopSplit")
        top.addWidget(cluster)
        top.addWidget(views.calls_view)
        top.setSizes([560, 860])
        main = QSplitter(Qt.Orientation.Vertical)
        main.setObjectName("resultsMainSplit")
        main.addWidget(top)
        main.addWidget(views.results_view)
        main.setSizes([440, 340])
        views.registered_view.taskChosen.connect(views.calls_view.open)
        compose = QPushButton(self.tr("New workflow…"))
        compose.setToolTip(self.tr("Compose a chain, group or chord of tasks (Ctrl+Shift+N)"))
        compose.clicked.connect(lambda: self.workflowRequested.emit(None))
        views.calls_view.setCornerWidget(compose, Qt.Corner.TopRightCorner)
        return main

    def _count_failures(self, view: FailuresView) -> None:
        """The Failures tab's name says how many groups there are."""

        def show(count: int) -> None:
            index = self.tabs.indexOf(view)
            text = self.tr("Failures ({count})").format(count=f"{count:,}") if count else self.tr("Failures")
            if self.tabs.tabText(index) != text:  # setTabText repaints the whole tab widget, even with the same text
                self.tabs.setTabText(index, text)

        view.groupCountChanged.connect(show)
        show(view.groups_model.rowCount())

    def build_rest(self) -> None:
        """The tabs not built yet, one per event-loop turn, Calls & results first (after the views made ahead)."""
        if not self._ahead or self.lazy_tabs.is_built(RESULTS):
            self.lazy_tabs.build_rest_in_turns()
            return

        def next_ahead() -> None:
            self._ahead.pop(0)()
            if self._ahead:
                QTimer.singleShot(0, self, next_ahead)
            else:
                self.lazy_tabs.build_rest_in_turns()

        QTimer.singleShot(0, self, next_ahead)

    # The tabs' views, built when first asked for.
    results_tab = property(lambda self: self.lazy_tabs.view(RESULTS))
    worker_list = property(lambda self: self._results_part().worker_list)
    registered_view = property(lambda self: self._results_part().registered_view)
    calls_view = property(lambda self: self._results_part().calls_view)
    results_view = property(lambda self: self._results_part().results_view)
    failures_view = property(lambda self: self.lazy_tabs.view(FAILURES))
    workers_view = property(lambda self: self.lazy_tabs.view(WORKERS))
    queues_view = property(lambda self: self.lazy_tabs.view(QUEUES))
    schedules_view = property(lambda self: self.lazy_tabs.view(SCHEDULES))
    graphs_view = property(lambda self: self.lazy_tabs.view(GRAPHS))
    search_view = property(lambda self: self.lazy_tabs.view(SEARCH))
    alerts_view = property(lambda self: self.lazy_tabs.view(ALERTS))

    def _results_part(self) -> CallsAndResults:
        self.lazy_tabs.view(RESULTS)
        return self._results_views

    def show_results(self) -> None:
        """The Calls & results tab to the front."""
        self.tabs.setCurrentIndex(0)

    def show_search(self) -> None:
        """The Search tab to the front, its query field focused (Go › Search tasks…)."""
        try:
            view = self.search_view
        except KeyError:  # a window laid out without it
            return
        self.tabs.setCurrentWidget(view)
        view.focus_query()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        refresh = QAction(self.tr("&Refresh"), self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refreshRequested)
        file_menu.addAction(refresh)
        settings = QAction(self.tr("&Settings…"), self, shortcut=QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(self.settingsRequested)
        file_menu.addAction(settings)
        file_menu.addSeparator()
        quit_ = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.quit)
        file_menu.addAction(quit_)
        workflow_menu = self.menuBar().addMenu(self.tr("&Workflow"))
        new_workflow = QAction(self.tr("&New workflow…"), self, shortcut=QKeySequence("Ctrl+Shift+N"))
        new_workflow.triggered.connect(lambda: self.workflowRequested.emit(None))
        workflow_menu.addAction(new_workflow)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        reset_layout = view_menu.addAction(self.tr("&Reset layout"))
        reset_layout.setToolTip(
            self.tr("Size, splitters, columns, tab and filter back to the defaults; the saved layout forgotten")
        )
        reset_layout.triggered.connect(self.resetLayoutRequested)
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        palette = QAction(self.tr("Command palette…"), self, shortcut=QKeySequence("Ctrl+K"))
        palette.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        palette.triggered.connect(self.paletteRequested)
        go_menu.addAction(palette)
        search = QAction(self.tr("Search tasks…"), self, shortcut=QKeySequence("Ctrl+Shift+F"))
        search.setToolTip(self.tr("Search the history and the window with a query (the Search tab)"))
        search.triggered.connect(self.show_search)
        go_menu.addAction(search)
        go_menu.addAction(self.tr("Alert rules…"), self.alertRulesRequested.emit)  # a bare signal is not callable here
        self.connection_menu = self.menuBar().addMenu(self.tr("&Connection"))
        self.set_profiles([], "")
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("Open the &log folder"), self._open_log_folder)
        about = QAction(self.tr("&About Celery Desktop"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _open_log_folder(self) -> None:
        """The rotating log and crash report (core/app_log.py), for a bug report."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from desktop.core.runtime.app_log import log_dir
        from desktop.core.store.config_files import private_dir

        folder = private_dir(log_dir())
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            inform(self, self.tr("Log folder"), self.tr("The log is in {folder}").format(folder=folder))

    def _about(self) -> None:
        from html import escape

        import celery
        import kombu
        import redis
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        what = self.tr("A desktop console for Celery task queues.")
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About Celery Desktop"))
        box.setTextFormat(Qt.TextFormat.RichText)  # the product's own markup: versions, nothing from the cluster
        box.setText(
            f"<b>Celery Desktop {__version__}</b><br>{escape(what)}<br><br>"
            f"Celery {celery.__version__} · kombu {kombu.__version__} · redis-py {redis.__version__}<br>"
            f"Qt {qVersion()} · PySide6 {pyside_version}"
        )
        licences = box.addButton(self.tr("Licences…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is licences:
            self.show_licences()

    def show_licences(self) -> None:
        """Every bundled component, its version and licence, and the licence text it ships."""
        from html import escape

        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser

        from desktop.core.runtime.licences import licences

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Licences"))
        dialog.resize(760, 620)
        layout = QVBoxLayout(dialog)
        text = QTextBrowser()
        parts = []
        for entry in licences():
            body = escape(entry.text) if entry.text else escape(self.tr("(no licence file shipped with the package)"))
            parts.append(f"<h3>{escape(entry.name)} {escape(entry.version)} — {escape(entry.licence)}</h3><pre>{body}</pre>")
        text.setHtml("".join(parts))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        self.licences_dialog = dialog
        dialog.open()

    def set_profiles(self, names: list[str], current: str) -> None:
        """The Connection menu: each saved profile (the open one ticked), new, edit, save as, delete."""
        menu = self.connection_menu
        menu.clear()
        for name in names:
            action = menu.addAction(name, lambda n=name: self.profileChosen.emit(n))
            action.setCheckable(True)
            action.setChecked(name == current)
        if not names:
            menu.addAction(self.tr("No saved profiles")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("New connection…"), self.newConnectionRequested.emit)
        menu.addAction(self.tr("Edit this connection…"), self.editConnectionRequested.emit)
        menu.addAction(self.tr("Save this connection as…"), self.saveProfileRequested.emit)  # a bare signal is not callable here
        named = self.tr("Delete profile {name}…").format(name=current)
        delete = menu.addAction(named if current in names else self.tr("Delete profile…"))
        delete.setEnabled(current in names)
        delete.triggered.connect(lambda: self.deleteProfileRequested.emit(current))

    def on_close(self, handler) -> None:
        self._close_handlers.append(handler)

    def forget_close_handlers(self) -> None:
        """Closing this window no longer quits (another window takes its place), and it really closes."""
        self._close_handlers.clear()
        self._closing_for_good = True

    def quit(self) -> None:
        """File > Quit: close and quit, also when closing the window would only hide it into the tray."""
        self._closing_for_good = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_in_tray() and not self._closing_for_good:  # the title bar's close, Alt+F4: into the tray
            event.ignore()
            self.hide()
            return
        for handler in self._close_handlers:
            handler()
        super().closeEvent(event)
