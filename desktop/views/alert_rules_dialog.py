"""The alert rules dialog: the profile's rules in a list, one edited at a time with its kind's fields, each
field's error under it, and Test: what the rule would fire on what the console holds now."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.alert_rules import (
    DEFAULT_QUIET,
    FAILURE_RATE,
    KINDS,
    QUEUE_LENGTH,
    RETRIES,
    RUNTIME,
    SCHEDULE_MISSED,
    STATE,
    STATES,
    WORKER_OFFLINE,
    AlertRule,
    RuleError,
    TestAnswer,
    kind_text,
    rule_from_text,
)
from desktop.core.domain.display import display_text
from desktop.views.text import plain_label

ERROR_STYLE = "color: #d64545;"
CONTEXT = "AlertRulesDialog"  # the translation context of the texts marked below
TEST_HINT = QT_TRANSLATE_NOOP("AlertRulesDialog", "Test tells what this rule would fire on now (no alert is sent)")
PATTERN_LABELS = {
    QUEUE_LENGTH: (
        QT_TRANSLATE_NOOP("AlertRulesDialog", "Queue"),
        QT_TRANSLATE_NOOP("AlertRulesDialog", "celery, or a glob: orders.*"),
    ),
    WORKER_OFFLINE: (
        QT_TRANSLATE_NOOP("AlertRulesDialog", "Worker"),
        QT_TRANSLATE_NOOP("AlertRulesDialog", "celery@host, or a glob: celery@*"),
    ),
    SCHEDULE_MISSED: (
        QT_TRANSLATE_NOOP("AlertRulesDialog", "Schedule entry"),
        QT_TRANSLATE_NOOP("AlertRulesDialog", "nightly-report, or a glob: nightly-*"),
    ),
}
THRESHOLD_LABELS = {
    RUNTIME: (QT_TRANSLATE_NOOP("AlertRulesDialog", "Runtime over (s)"), QT_TRANSLATE_NOOP("AlertRulesDialog", "e.g. 30")),
    RETRIES: (QT_TRANSLATE_NOOP("AlertRulesDialog", "Retries over"), QT_TRANSLATE_NOOP("AlertRulesDialog", "e.g. 3")),
    FAILURE_RATE: (
        QT_TRANSLATE_NOOP("AlertRulesDialog", "Failures a minute over"),
        QT_TRANSLATE_NOOP("AlertRulesDialog", "e.g. 10"),
    ),
    QUEUE_LENGTH: (QT_TRANSLATE_NOOP("AlertRulesDialog", "Messages over"), QT_TRANSLATE_NOOP("AlertRulesDialog", "e.g. 1000")),
    WORKER_OFFLINE: (QT_TRANSLATE_NOOP("AlertRulesDialog", "Offline for (s)"), QT_TRANSLATE_NOOP("AlertRulesDialog", "e.g. 60")),
}
TASK_PATTERN = (
    QT_TRANSLATE_NOOP("AlertRulesDialog", "Task name"),
    QT_TRANSLATE_NOOP("AlertRulesDialog", "proj.billing.*, or * for any task"),
)


def translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text) if text else text


def _number_text(value: float) -> str:
    return f"{value:g}"


class AlertRulesDialog(QDialog):
    """Emits what the user asks for; the operations answer with ``show_rules``, ``show_errors`` and ``show_test``."""

    saveRequested = Signal(object, str)  # the rule (checked), the name it had ("" for a new one)
    deleteRequested = Signal(str)
    testRequested = Signal(object)  # the rule as the fields say now (checked)

    def __init__(self, rules: list[AlertRule], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alert rules"))
        self.resize(900, 520)
        self._rules: list[AlertRule] = []
        self._editing = ""  # the name of the rule in the form ("" while it is a new one)
        layout = QVBoxLayout(self)
        intro = plain_label(
            self.tr(
                "Rules apply to every task, queue, worker and schedule entry this console sees, not only watched tasks. "
                "A rule that fires again within its quiet period is told once, grouped, when the period ends."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.rule_list = QListWidget()
        self.rule_list.currentItemChanged.connect(self._chosen)
        left_layout.addWidget(self.rule_list, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New rule"))
        self.new_button.clicked.connect(self.new_rule)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(lambda: self._editing and self.deleteRequested.emit(self._editing))
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left_layout.addLayout(row)
        splitter.addWidget(left)

        right = QWidget()
        form = QFormLayout(right)
        self.errors: dict[str, QLabel] = {}
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Billing failures"))
        self.enabled = QCheckBox(self.tr("Enabled"))
        self.enabled.setChecked(True)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.pattern = QLineEdit()
        self.state = QComboBox()
        self.state.setEditable(True)
        self.state.addItems(STATES)
        self.threshold = QLineEdit()
        self.minutes = QLineEdit()
        self.minutes.setPlaceholderText(self.tr("e.g. 5"))
        self.quiet = QLineEdit(_number_text(DEFAULT_QUIET / 60))
        self.quiet.setToolTip(self.tr("Repeats within this many minutes are told once, grouped, when it ends"))
        self._labels: dict[str, QLabel] = {}
        for key, label, widget in (
            ("name", self.tr("Name"), self.name),
            ("enabled", "", self.enabled),
            ("kind", self.tr("Kind"), self.kind),
            ("pattern", translated(TASK_PATTERN[0]), self.pattern),
            ("state", self.tr("State"), self.state),
            ("threshold", "N", self.threshold),
            ("minutes", self.tr("For minutes"), self.minutes),
            ("quiet_seconds", self.tr("Quiet period (min)"), self.quiet),
        ):
            title = plain_label(label)
            self._labels[key] = title
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            box.addWidget(widget)
            error = plain_label()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box.addWidget(error)
            self.errors[key] = error
            form.addRow(title, holder)
            self._labels[key + "_row"] = holder  # hidden with its label when the kind has no such field
        actions = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save rule"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setToolTip(self.tr("Evaluate the rule against what the console holds now"))
        self.test_button.clicked.connect(self.test)
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        form.addRow(actions)
        self.test_result = plain_label()
        self.test_result.setWordWrap(True)
        form.addRow(self.tr("Test result"), self.test_result)
        splitter.addWidget(right)
        splitter.setSizes([360, 540])
        self.kind.currentIndexChanged.connect(self._kind_changed)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._kind_changed()
        self.show_rules(rules)

    # -- what the operations show -----------------------------------------------------------------

    def show_rules(self, rules: list[AlertRule], selected: str = "") -> None:
        """The list again; ``selected`` (or the first rule) in the form."""
        self._rules = list(rules)
        self.rule_list.blockSignals(True)
        self.rule_list.clear()
        current = None
        for rule in self._rules:
            text = (
                display_text(rule.name, 80)
                + ("" if rule.enabled else self.tr(" (off)"))
                + "\n  "
                + display_text(rule.describe(), 200)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, rule.name)
            if not rule.enabled:
                item.setForeground(self.palette().color(self.palette().ColorRole.PlaceholderText))
            self.rule_list.addItem(item)
            if rule.name == selected:
                current = item
        self.rule_list.blockSignals(False)
        if current is None and self.rule_list.count() and not selected:
            current = self.rule_list.item(0)
        if current is not None:
            self.rule_list.setCurrentItem(current)
            self._chosen(current)
        elif not self._rules:
            self.new_rule()
        self.delete_button.setEnabled(bool(self._editing))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each field's error under it (none: all hidden)."""
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
        unplaced = [text for key, text in errors.items() if key not in self.errors]
        if unplaced:
            self.errors["name"].setText("; ".join(unplaced))
            self.errors["name"].show()

    def show_test(self, answer: TestAnswer) -> None:
        self.test_result.setText(answer.text)
        self.test_result.setStyleSheet("font-weight: bold;" if answer.fires else "")

    def _untested(self) -> None:
        self.test_result.setText(translated(TEST_HINT))
        self.test_result.setStyleSheet("color: palette(placeholder-text);")

    # -- the form -------------------------------------------------------------------------------

    def new_rule(self) -> None:
        self.rule_list.clearSelection()
        self.rule_list.setCurrentItem(None)
        self._fill(AlertRule("", STATE, pattern="*"))
        self._editing = ""
        self.delete_button.setEnabled(False)
        self.name.setFocus()

    def _chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        rule = next((r for r in self._rules if r.name == name), None)
        if rule is not None:
            self._fill(rule)
            self._editing = rule.name
            self.delete_button.setEnabled(True)

    def _fill(self, rule: AlertRule) -> None:
        self.name.setText(rule.name)
        self.enabled.setChecked(rule.enabled)
        self.kind.setCurrentIndex(max(0, self.kind.findData(rule.kind)))
        self.pattern.setText(rule.pattern)
        self.state.setCurrentText(rule.state)
        self.threshold.setText(_number_text(rule.threshold) if rule.kind in THRESHOLD_LABELS else "")
        self.minutes.setText(_number_text(rule.minutes) if rule.kind == QUEUE_LENGTH else "")
        self.quiet.setText(_number_text(rule.quiet_seconds / 60))
        self.show_errors({})
        self._untested()
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        label, placeholder = PATTERN_LABELS.get(kind, TASK_PATTERN)
        self._labels["pattern"].setText(translated(label))
        self.pattern.setPlaceholderText(translated(placeholder))
        label, placeholder = THRESHOLD_LABELS.get(kind, ("N", ""))
        self._labels["threshold"].setText(label if label == "N" else translated(label))
        self.threshold.setPlaceholderText(translated(placeholder))
        for key, shown in (("state", kind == STATE), ("threshold", kind in THRESHOLD_LABELS), ("minutes", kind == QUEUE_LENGTH)):
            self._labels[key].setVisible(shown)
            self._labels[key + "_row"].setVisible(shown)

    def rule(self, for_test: bool = False) -> AlertRule | None:
        """The rule the fields say, checked; None (each error shown under its field) when it is not valid.
        ``for_test``: a rule not named yet can be tried."""
        kind = self.kind.currentData()
        name = self.name.text() if self.name.text().strip() or not for_test else self.tr("(unsaved)")
        try:
            rule = rule_from_text(
                name,
                kind,
                self.enabled.isChecked(),
                self.pattern.text(),
                self.state.currentText() if kind == STATE else "FAILURE",
                self.threshold.text() if kind in THRESHOLD_LABELS else "",
                self.minutes.text() if kind == QUEUE_LENGTH else "",
                self.quiet.text(),
            )
        except RuleError as exc:
            self.show_errors(exc.errors)
            return None
        self.show_errors({})
        return rule

    def save(self) -> None:
        rule = self.rule()
        if rule is not None:
            self.saveRequested.emit(rule, self._editing)

    def test(self) -> None:
        rule = self.rule(for_test=True)
        if rule is not None:
            self.testRequested.emit(rule)
