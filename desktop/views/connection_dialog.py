"""New or edited connection: URLs, passwords, -A module, pickle, poll interval, TLS for rediss:// and amqps://.

All checking is the core's ``ConnectionForm.validate``; this dialog shows each message under
its field and keeps OK disabled until there is none.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.connection.connection_form import CERT_REQS, ConnectionForm, FormResult, broker_kind
from desktop.core.connection.profiles import ConnectionProfile
from desktop.views.text import plain_label

ERROR_STYLE = "color:#c0392b; font-size: 11px;"
TEXT_FIELDS = (
    "name",
    "broker_url",
    "broker_password",
    "backend_url",
    "backend_password",
    "app_module",
    "poll_interval",
    "tls_ca_file",
    "tls_cert_file",
    "tls_key_file",
    "sentinel_master",
    "sentinel_password",
    "management_url",
    "management_password",
)
CERT_REQS_LABELS = {  # translated where shown
    "required": QT_TRANSLATE_NOOP("ConnectionDialog", "required (verify the server's certificate)"),
    "optional": QT_TRANSLATE_NOOP("ConnectionDialog", "optional (verify it when the server sends one)"),
    "none": QT_TRANSLATE_NOOP("ConnectionDialog", "none (no verification: anyone in between can read the traffic)"),
}


class ConnectionDialog(QDialog):
    def __init__(
        self,
        form: ConnectionForm | None = None,
        taken_names: Collection[str] = (),
        title: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title if title is not None else self.tr("New connection"))
        self.setMinimumWidth(560)
        self.taken_names = tuple(taken_names)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.cells: dict[str, QWidget] = {}  # each field's row, to show only the options its broker has
        self.result: FormResult | None = None
        layout = QVBoxLayout(self)

        main = QFormLayout()
        self.main_form = main
        self._line(main, "name", self.tr("Name"), self.tr("e.g. production"))
        self._line(
            main, "broker_url", self.tr("Broker URL"), "redis://host:6379/0 · amqp://user@host:5672// · sentinel://host:26379"
        )
        self.kind = plain_label()
        self.kind.setStyleSheet("color: palette(mid); font-size: 11px;")
        main.addRow("", self.kind)
        in_url = self.tr("or in the URL")
        self._line(
            main,
            "broker_password",
            self.tr("Broker password"),
            self.tr("or in the URL; kept in the system's password store"),
            True,
        )
        self._line(main, "backend_url", self.tr("Result backend URL"), self.tr("redis://host:6379/1 (optional)"))
        self._line(main, "backend_password", self.tr("Backend password"), in_url, True)
        self._line(main, "app_module", self.tr("App module (-A)"), self.tr("optional, e.g. proj.celery"))
        self._line(main, "poll_interval", self.tr("Poll interval (s)"), self.tr("by backend: 0.5 s Redis, 5 s database"))
        self._line(
            main, "sentinel_master", self.tr("Sentinel master"), self.tr("the master_name Sentinel watches, e.g. mymaster")
        )
        self._line(
            main,
            "sentinel_password",
            self.tr("Sentinel password"),
            self.tr("only if the sentinels ask for one of their own"),
            True,
        )
        self._line(
            main,
            "management_url",
            self.tr("Management API"),
            self.tr("optional: http://host:15672/ (queue lengths and consumers)"),
        )
        self._line(main, "management_password", self.tr("Management password"), in_url, True)
        pickle = QCheckBox(self.tr("Allow pickle (only for a backend you trust)"))
        pickle.setToolTip(
            self.tr("Pickled results are decoded only with this on: unpickling runs whatever code the writer chose")
        )
        self._add(main, "allow_pickle", "", pickle)
        read_only = QCheckBox(self.tr("Read-only (inspect, events, search and export only)"))
        read_only.setToolTip(
            self.tr(
                "Nothing is sent, re-sent, revoked, terminated, forgotten or purged through this connection; "
                "queues, schedules and workers are not changed"
            )
        )
        self._add(main, "read_only", "", read_only)
        production = QCheckBox(self.tr("Production (marked in the window; destructive actions ask for its name first)"))
        production.setToolTip(
            self.tr("Purge, delete, forget, terminate, revoke, bulk re-send, shutdown and schedule delete ask to type the name")
        )
        self._add(main, "production", "", production)
        layout.addLayout(main)

        self.tls_group = QGroupBox(self.tr("TLS (rediss://, amqps://)"))
        tls = QFormLayout(self.tls_group)
        for name, label, choose in (
            ("tls_ca_file", self.tr("CA file"), self.tr("Choose the ca file")),
            ("tls_cert_file", self.tr("Client certificate"), self.tr("Choose the client certificate")),
            ("tls_key_file", self.tr("Client key"), self.tr("Choose the client key")),
        ):
            self._line(tls, name, label, self.tr("optional: a PEM file"), browse=choose)
        reqs = QComboBox()
        for value in CERT_REQS:
            reqs.addItem(QCoreApplication.translate("ConnectionDialog", CERT_REQS_LABELS[value]), value)
        self._add(tls, "tls_cert_reqs", self.tr("Certificate check"), reqs)
        note = plain_label(
            self.tr("Applied to every rediss:// and amqps:// URL above; a setting written in a URL itself (?ssl_…=) wins.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid); font-size: 11px;")
        tls.addRow(note)
        layout.addWidget(self.tls_group)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save and connect"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.set_form(form or ConnectionForm())
        for widget in self.fields.values():
            if isinstance(widget, QCheckBox):
                widget.toggled.connect(self.refresh)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.refresh)
            else:
                widget.textChanged.connect(self.refresh)
        self.refresh()

    # -- layout ---------------------------------------------------------------------

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget, row: QWidget | None = None) -> None:
        error = plain_label()  # a message may quote what was typed or pasted
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(row or widget)
        column.addWidget(error)
        form.addRow(label, cell)
        self.fields[name], self.errors[name], self.cells[name] = widget, error, cell

    def _line(self, form: QFormLayout, name: str, label: str, placeholder: str, password: bool = False, browse: str = ""):
        """``browse``: the tooltip of a button that picks a file for the field (none when empty)."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        row = None
        if browse:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(edit, 1)
            button = QToolButton()
            button.setText("…")
            button.setToolTip(browse)
            button.clicked.connect(lambda: self._browse(edit, label))
            line.addWidget(button)
        self._add(form, name, label, edit, row)

    def _browse(self, edit: QLineEdit, label: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, label, edit.text(), self.tr("PEM files (*.pem *.crt *.key);;All files (*)"))
        if path:
            edit.setText(path)

    # -- state ----------------------------------------------------------------------

    def form(self) -> ConnectionForm:
        values = {name: self.fields[name].text() for name in TEXT_FIELDS}
        return ConnectionForm(
            allow_pickle=self.fields["allow_pickle"].isChecked(),
            read_only=self.fields["read_only"].isChecked(),
            production=self.fields["production"].isChecked(),
            tls_cert_reqs=self.fields["tls_cert_reqs"].currentData(),
            **values,
        )

    def set_form(self, form: ConnectionForm) -> None:
        for name in TEXT_FIELDS:
            self.fields[name].setText(getattr(form, name))
        self.fields["allow_pickle"].setChecked(form.allow_pickle)
        self.fields["read_only"].setChecked(form.read_only)
        self.fields["production"].setChecked(form.production)
        reqs = self.fields["tls_cert_reqs"]
        reqs.setCurrentIndex(max(0, reqs.findData(form.tls_cert_reqs)))

    def refresh(self) -> None:
        """Validate everything, show each message under its field, enable OK only when all is well."""
        form = self.form()
        self.result = form.validate(self.taken_names)
        for name, label in self.errors.items():
            message = self.result.error_for(name)
            label.setText(message)
            label.setVisible(bool(message))
        self.tls_group.setVisible(form.uses_tls)
        for name, shown in (
            ("sentinel_master", form.uses_sentinel),
            ("sentinel_password", form.uses_sentinel),
            ("management_url", form.uses_amqp),
            ("management_password", form.uses_amqp),
        ):
            self._show_row(name, shown)
        kind = broker_kind(form.broker_url)
        self.kind.setText(self.tr("Broker: {kind}").format(kind=kind) if kind else "")
        self.ok_button.setEnabled(self.result.ok)

    def _show_row(self, name: str, shown: bool) -> None:
        self.main_form.setRowVisible(self.cells[name], shown)

    def profile(self) -> ConnectionProfile | None:
        """The profile to save, when the form is valid."""
        self.refresh()
        return self.result.profile if self.result.ok else None

    def accept(self) -> None:
        if self.profile() is not None:  # Enter on an invalid form does nothing
            super().accept()
