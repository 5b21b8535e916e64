"""Create or edit a RedBeat or django-celery-beat entry: interval or crontab fields, checked as they are typed, with the next five
runs they give; saved only when every field reads, and the dialog stays open with the reason when the
save is refused (a name that exists, an entry deleted meanwhile, Redis gone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import TIP_LIMIT, display_text
from desktop.core.domain.schedule_drafts import CRON_FIELDS, CRONTAB, INTERVAL, ScheduleDraft, build_entry
from desktop.core.domain.schedules import PeriodicEntry, upcoming_runs
from desktop.views.text import plain_label

TEXT_FIELDS = ("name", "task", "args_json", "kwargs_json", "queue", "every", *CRON_FIELDS)
LABELS = {
    "name": QT_TRANSLATE_NOOP("ScheduleEditor", "Name"),
    "task": QT_TRANSLATE_NOOP("ScheduleEditor", "Task"),
    "args_json": QT_TRANSLATE_NOOP("ScheduleEditor", "Args (JSON list)"),
    "kwargs_json": QT_TRANSLATE_NOOP("ScheduleEditor", "Kwargs (JSON object)"),
    "queue": QT_TRANSLATE_NOOP("ScheduleEditor", "Queue"),
    "every": QT_TRANSLATE_NOOP("ScheduleEditor", "Every (seconds)"),
    "minute": QT_TRANSLATE_NOOP("ScheduleEditor", "Minute"),
    "hour": QT_TRANSLATE_NOOP("ScheduleEditor", "Hour"),
    "day_of_week": QT_TRANSLATE_NOOP("ScheduleEditor", "Day of week"),
    "day_of_month": QT_TRANSLATE_NOOP("ScheduleEditor", "Day of month"),
    "month_of_year": QT_TRANSLATE_NOOP("ScheduleEditor", "Month of year"),
}


def _label(name: str) -> str:
    """A field's label in the user's language (the name itself for a field without one)."""
    return QCoreApplication.translate("ScheduleEditor", LABELS[name]) if name in LABELS else name


class ScheduleEditor(QDialog):
    saveRequested = Signal(object, bool)  # the PeriodicEntry to write, and whether it is new

    def __init__(
        self,
        draft: ScheduleDraft,
        task_names: list[str],
        source: str,
        base: PeriodicEntry | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.base = base
        self.source = source
        self.creating = base is None
        self.setWindowTitle(
            self.tr("New {source} entry").format(source=source)
            if self.creating
            else self.tr("Edit {source} entry “{name}”").format(source=source, name=display_text(draft.name, 80))
        )
        self.edits = {name: QLineEdit(str(getattr(draft, name))) for name in TEXT_FIELDS}
        self.edits["name"].setReadOnly(not self.creating)  # an entry is keyed by its name: a new name is a new entry
        self.edits["task"].setPlaceholderText("tasks.add")
        if task_names:
            self.edits["task"].setCompleter(QCompleter(sorted(task_names), self))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Every N seconds (interval)"), INTERVAL)
        self.kind.addItem(self.tr("At times (crontab)"), CRONTAB)
        self.kind.setCurrentIndex(0 if draft.kind == INTERVAL else 1)
        self.enabled = QCheckBox(self.tr("Enabled"))
        self.enabled.setChecked(draft.enabled)
        self.errors = plain_label()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("QLabel { color: #b42318; }")
        self.preview = plain_label()
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        for name in ("name", "task", "args_json", "kwargs_json", "queue"):
            form.addRow(_label(name), self.edits[name])
        form.addRow(self.tr("Schedule"), self.kind)
        interval = QWidget()
        interval_form = QFormLayout(interval)
        interval_form.addRow(_label("every"), self.edits["every"])
        cron = QWidget()
        cron_form = QFormLayout(cron)
        for name in CRON_FIELDS:
            cron_form.addRow(_label(name), self.edits[name])
        self.schedule_fields = QStackedWidget()
        self.schedule_fields.addWidget(interval)
        self.schedule_fields.addWidget(cron)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.schedule_fields)
        layout.addWidget(self.enabled)
        layout.addWidget(plain_label(self.tr("Next runs:")))
        layout.addWidget(self.preview)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)

        for edit in self.edits.values():
            edit.textChanged.connect(self.check)
        self.kind.currentIndexChanged.connect(self.check)
        self.enabled.toggled.connect(self.check)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.entry: PeriodicEntry | None = None
        self.check()

    def draft(self) -> ScheduleDraft:
        values = {name: self.edits[name].text() for name in TEXT_FIELDS}
        return replace(ScheduleDraft(), kind=self.kind.currentData(), enabled=self.enabled.isChecked(), **values)

    def check(self, *_) -> None:
        """Read every field; the errors by field, and the next five runs of a schedule that reads."""
        draft = self.draft()
        self.schedule_fields.setCurrentIndex(0 if draft.kind == INTERVAL else 1)
        self.entry, errors = build_entry(draft, self.source, self.base)
        shown = {name: message for name, message in errors.items() if draft.kind == CRONTAB or name not in CRON_FIELDS}
        self.errors.setText(display_text("\n".join(f"{_label(n)}: {m}" for n, m in shown.items()), TIP_LIMIT, multiline=True))
        for name, edit in self.edits.items():
            edit.setStyleSheet("QLineEdit { border: 1px solid #b42318; }" if name in shown else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.entry is not None)
        if self.entry is None:
            self.preview.setText("—")
            return
        now = datetime.now().astimezone()
        probe = replace(self.entry, enabled=True)
        runs = upcoming_runs(probe, now, 5)
        locale = QLocale()  # weekday and month in the window's language
        text = ", ".join(
            locale.toString(QDateTime.fromMSecsSinceEpoch(int(run.timestamp() * 1000)), "ddd dd MMM HH:mm:ss") for run in runs
        )
        self.preview.setText(text + ("" if self.entry.enabled else "  " + self.tr("(not while disabled)")))

    def _save(self) -> None:
        if self.entry is not None:
            self.errors.setText(self.tr("saving…"))
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.saveRequested.emit(self.entry, self.creating)

    def show_refusal(self, reason: str) -> None:
        """The save did not happen: say why, and let the user change the fields."""
        self.errors.setText(display_text(self.tr("Not saved: {reason}").format(reason=reason), TIP_LIMIT, multiline=True))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
