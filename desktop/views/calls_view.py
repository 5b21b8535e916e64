"""One call form per selected task, as closable tabs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.domain.calls import CallContext
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.display import display_text
from desktop.core.store.presets import PresetStore
from desktop.views.call_form import CallForm
from desktop.views.text import plain_label


class CallsView(QTabWidget):
    sendRequested = Signal(object, object, int)  # CallForm, CallSpec, count
    formOpened = Signal(object)  # a CallForm just made (the remembered layout gives it its sizes)

    def __init__(
        self,
        context: Callable[[], CallContext],
        presets: PresetStore,
        task_names: Callable[[], list[str]],
        app_module: str | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._context, self._presets, self._task_names, self._app_module = context, presets, task_names, app_module
        self.setTabsClosable(True)
        self.setDocumentMode(True)
        self.tabCloseRequested.connect(self._close)
        self.placeholder = plain_label(self.tr("Select a task on the left to build a call."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(mid);")
        self.addTab(self.placeholder, self.tr("Call"))
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)

    def forms(self) -> list[CallForm]:
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), CallForm)]

    def open(self, task: TaskInfo) -> CallForm:
        """Show the task's form, creating it the first time."""
        for form in self.forms():
            if form.task.name == task.name:
                self.setCurrentWidget(form)
                return form
        form = CallForm(task, self._context, self._presets, self._task_names, self._app_module)
        form.sendRequested.connect(lambda spec, count, f=form: self.sendRequested.emit(f, spec, count))
        self.formOpened.emit(form)  # before it is shown: sizes are given at its first show
        if self.indexOf(self.placeholder) >= 0:
            self.removeTab(self.indexOf(self.placeholder))
        # A tab title draws "&" as a shortcut mark: doubled, it is the character.
        self.setCurrentIndex(self.addTab(form, display_text(task.name, 80).replace("&", "&&")))
        return form

    def update_tasks(self, catalog: list[TaskInfo]) -> None:
        by_name = {t.name: t for t in catalog}
        for form in self.forms():
            if form.task.name in by_name and by_name[form.task.name] != form.task:
                form.set_task(by_name[form.task.name])

    def _close(self, index: int) -> None:
        widget = self.widget(index)
        if widget is self.placeholder:
            return
        self.removeTab(index)
        widget.deleteLater()
        if self.count() == 0:
            self.addTab(self.placeholder, self.tr("Call"))
            self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)
