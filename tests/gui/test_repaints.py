"""What a change repaints: the cells, label or column that changed, not the window around them."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QPushButton, QStyle, QVBoxLayout, QWidget

from desktop.core.domain.records import TaskRecord
from desktop.task_models import tasks_model
from desktop.views.repaint import QuietTabWidget, StillScrollBar

pytestmark = pytest.mark.gui


class Paints(QObject):
    """Paint events (and the area they cover) of the widgets watched."""

    def __init__(self, *widgets: QWidget):
        super().__init__()
        self.count: Counter = Counter()
        self.area: Counter = Counter()
        self.widgets = widgets
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count[obj] += 1
            self.area[obj] += sum(r.width() * r.height() for r in event.region())
        return False

    def clear(self) -> None:
        self.count.clear()
        self.area.clear()


def settle(qtbot) -> None:
    """Let posted layout requests and repaints land."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)


def results_view(qtbot, tasks: int):
    from desktop.views.results_view import ResultsView

    tree = tasks_model()
    view = ResultsView(tree)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    qtbot.waitExposed(view)
    tree.apply([TaskRecord(id=f"t{i}", name="tasks.add", state="PENDING", mine=True) for i in range(tasks)])
    settle(qtbot)
    return tree, view


def test_a_label_changing_in_a_tab_page_repaints_the_label_not_the_page(qtbot):
    tabs = QuietTabWidget()
    qtbot.addWidget(tabs)
    page = QWidget()
    layout = QVBoxLayout(page)
    label, button = QLabel("<b>My tasks</b> (1)"), QPushButton("far away")
    layout.addWidget(label)
    layout.addWidget(button, 1)
    tabs.addTab(page, "Calls && results")
    tabs.resize(600, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    settle(qtbot)
    paints = Paints(button, tabs.tabBar())

    label.setText("<b>My tasks</b> (2)")  # a LayoutRequest goes up to the tab widget
    settle(qtbot)
    assert paints.count[button] == 0 and paints.count[tabs.tabBar()] == 0

    tabs.resize(640, 400)  # the page does move: it is laid out and repainted as before
    settle(qtbot)
    assert paints.count[button] > 0
    assert button.width() > 560


class CountingStyle(QProxyStyle):
    def __init__(self):
        super().__init__("Fusion")
        self.drawn = 0

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802 - Qt's name
        if control == QStyle.ComplexControl.CC_ScrollBar:
            self.drawn += 1
        super().drawComplexControl(control, option, painter, widget)


def test_a_scroll_bar_that_looks_the_same_is_not_drawn_again(qtbot):
    bar = StillScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    style = CountingStyle()
    bar.setStyle(style)
    bar.setRange(0, 1000)
    bar.setPageStep(20)
    bar.setGeometry(400, 300, 16, 300)  # away from the pointer (a style may draw a hovered bar differently)
    bar.show()
    qtbot.waitExposed(bar)
    settle(qtbot)
    assert not bar.underMouse()
    drawn = style.drawn
    assert drawn >= 1

    bar.repaint()  # what an item view's relayout asks: same range, same handle
    bar.setRange(0, 1001)  # a row more in a long list: the handle stays on the same pixels
    bar.repaint()
    assert style.drawn == drawn

    bar.setValue(500)  # the handle moves: drawn again
    bar.repaint()
    assert style.drawn == drawn + 1
    assert bar.grab().toImage() == bar.grab().toImage()


def test_rows_added_below_the_last_row_shown_do_not_repaint_the_table(qtbot):
    tree, view = results_view(qtbot, tasks=200)
    viewport, table = view.table.viewport(), view.table
    paints = Paints(viewport, table, table.horizontalScrollBar())
    assert table.rowAt(viewport.height() - 1) < 100
    maximum = table.verticalScrollBar().maximum()

    tree.apply([TaskRecord(id=f"n{i}", name="tasks.add", state="PENDING", mine=True) for i in range(5)])
    settle(qtbot)
    assert view.rows.rowCount() == 205
    assert table.verticalScrollBar().maximum() == maximum + 5
    assert paints.area[viewport] < viewport.width() * viewport.height() / 4  # not the whole viewport
    assert paints.count[table.horizontalScrollBar()] == 0 and paints.count[table] == 0
    table.updateGeometries()  # what Qt would have made of it
    assert table.verticalScrollBar().maximum() == maximum + 5
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    settle(qtbot)
    assert view.rows.task_id(table.rowAt(viewport.height() - 1)) == "n4"
    table.scrollToTop()

    view.table.scrollToBottom()  # a row lands where the user looks: shown at once
    settle(qtbot)
    viewport.resize(viewport.width(), viewport.height())
    first = view.table.rowAt(0)
    paints.clear()
    tree.remove({f"t{i}" for i in range(first, first + 3)})  # rows in sight leave: the rest moves up
    settle(qtbot)
    assert paints.area[viewport] >= viewport.width() * viewport.height() / 2


def test_a_row_added_in_sight_is_painted(qtbot):
    tree, view = results_view(qtbot, tasks=3)
    viewport = view.table.viewport()
    paints = Paints(viewport)
    tree.apply([TaskRecord(id="newest", name="tasks.add", state="PENDING", mine=True)])
    settle(qtbot)
    row = view.rows.row_of("newest")
    assert row == 3 and view.table.rowViewportPosition(row) + view.table.rowHeight(row) <= viewport.height()
    assert paints.area[viewport] >= view.table.rowHeight(row) * viewport.width()


def test_a_visible_row_whose_state_changes_repaints_only_the_cells_that_changed(qtbot):
    tree, view = results_view(qtbot, tasks=5)
    viewport = view.table.viewport()
    paints = Paints(viewport)
    table, state = view.table, view.model.columns.index(next(c for c in view.model.columns if c.title == "State"))

    tree.apply([TaskRecord(id="t2", name="tasks.add", state="STARTED", mine=True)])
    settle(qtbot)
    row_height = table.rowHeight(2)
    assert 0 < paints.area[viewport] <= table.columnWidth(state) * row_height * 1.5
    assert view.rows.index(2, state).data() == "STARTED"


def test_the_clock_repaints_the_eta_column_only(qtbot):
    _tree, view = results_view(qtbot, tasks=20)
    viewport = view.table.viewport()
    paints = Paints(viewport)
    view._clock_tick()  # the ETA column is out of sight (the last, right of the splitter's edge): nothing
    settle(qtbot)
    assert view.table.columnViewportPosition(view.eta_column) >= viewport.width()
    assert paints.count[viewport] == 0

    view.table.scrollTo(view.rows.index(0, view.eta_column))
    settle(qtbot)
    paints.clear()
    view._clock_tick()
    settle(qtbot)
    eta_width = view.table.columnWidth(view.eta_column)
    assert 0 < paints.area[viewport] <= eta_width * viewport.height()
    assert paints.area[viewport] < viewport.width() * viewport.height() / 2


def test_a_title_with_the_same_text_is_not_set_again(qtbot):
    tree, view = results_view(qtbot, tasks=3)
    set_texts: list[str] = []
    original = view.title.setText
    view.title.setText = lambda text: (set_texts.append(text), original(text))
    view._update_title()
    assert set_texts == []
    tree.apply([TaskRecord(id="t9", name="tasks.add", mine=True)])
    assert set_texts == ["<b>My tasks</b> (4)"]


class LayoutRequests(QObject):
    def __init__(self, widget: QWidget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_changing_status_line_or_row_count_lays_nothing_out(qtbot):
    tree, view = results_view(qtbot, tasks=3)
    view.show_status("polling 3 · push on 1 · last poll 1.2 ms")
    settle(qtbot)
    requests, paints = LayoutRequests(view), Paints(view.status)
    view.show_status("polling 3 · push on 1 · last poll 1.3 ms")
    tree.apply([TaskRecord(id="t3", name="tasks.add", mine=True)])
    settle(qtbot)
    assert requests.count == 0
    assert paints.count[view.status] >= 1
    assert view.status.text() == "polling 3 · push on 1 · last poll 1.3 ms"
    assert view.title.text() == "<b>My tasks</b> (4)"

    view.show_status("reconnecting… " + "x" * 3000, warning=True)  # a long line is cut where the line ends
    settle(qtbot)
    assert view.status.width() < view.width()
    assert view.status.palette().color(view.status.foregroundRole()).name() == "#b9770e"
    view.rows.set_filter(view.current_filter().__class__(name="tasks"))
    view._update_title()
    settle(qtbot)
    assert view.title.width() >= view.title.sizeHint().width()  # a longer title gets its room


def test_the_failures_tab_out_of_sight_keeps_its_count_and_fills_its_tables_when_shown(qtbot):
    from desktop.core.domain.triage import FailureIndex
    from desktop.views.failures_view import FailuresView
    from desktop.views.repaint import QuietTabWidget as Tabs

    index = FailureIndex()
    tabs = Tabs()
    qtbot.addWidget(tabs)
    front, failures = QWidget(), FailuresView(index)
    tabs.addTab(front, "Calls && results")
    tabs.addTab(failures, "Failures")
    tabs.show()
    qtbot.waitExposed(tabs)
    counts: list[int] = []
    failures.groupCountChanged.connect(counts.append)
    index.update([TaskRecord(id=f"f{i}", name="tasks.fails", state="FAILURE", result=f"E{i % 2}: no") for i in range(4)])
    failures.refresh()
    assert counts == [2]  # the tab's name follows at once
    assert failures.groups_model.rowCount() == 0  # the tables wait until the tab is shown

    tabs.setCurrentWidget(failures)
    assert failures.groups_model.rowCount() == 2
    assert failures.current_group() is not None
