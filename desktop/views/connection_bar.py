"""The strip at the top: where we are connected and whether each end answers."""

from __future__ import annotations

import time
from html import escape as _escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from desktop.core.cluster.client import answers
from desktop.core.connection.tls import caveat_detail, caveat_text, tls_caveats
from desktop.core.connection.url_hints import offers_connect_without_user
from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.domain.records import EndpointStatus, Reachability
from desktop.core.live.endpoints import Endpoints
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.poller import PollState
from desktop.views.danger import PRODUCTION_COLOUR, profile_marks
from desktop.views.text import markup_label, plain_label


def escape(text: str) -> str:
    """A server's or a URL's text inside the bar's markup: display_text, then escaped."""
    return _escape(display_text(text, CELL_LIMIT))


DOTS = {  # the words in English; translated where shown (QCoreApplication.translate("ConnectionBar", word))
    Reachability.OK: ("#1f9d55", QT_TRANSLATE_NOOP("ConnectionBar", "answers")),
    Reachability.FAILED: ("#d64545", QT_TRANSLATE_NOOP("ConnectionBar", "unreachable")),
    Reachability.CHECKING: ("#d9822b", QT_TRANSLATE_NOOP("ConnectionBar", "checking…")),
    Reachability.UNKNOWN: ("#8a8f98", QT_TRANSLATE_NOOP("ConnectionBar", "not checked yet")),
    Reachability.NOT_CONFIGURED: ("#8a8f98", QT_TRANSLATE_NOOP("ConnectionBar", "not configured")),
}


class ConnectionBar(QWidget):
    """Shows the session's endpoints: each end's URL and whether it answers, then the workers and tasks found."""

    refreshRequested = Signal()
    withoutUserNameRequested = Signal(tuple)  # the roles ("broker", "backend") whose URL's user name to drop

    def __init__(self, endpoints: Endpoints, parent: QWidget | None = None):
        super().__init__(parent)
        self.endpoints = endpoints
        app = getattr(getattr(endpoints, "client", None), "app", None)
        self.tls_caveats = tls_caveats(app) if app is not None else {}  # e.g. ssl_cert_reqs=none: said beside the URL
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(10)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, role in enumerate(("broker", "backend")):
            name = self.tr("Broker") if role == "broker" else self.tr("Result backend")
            title = markup_label(f"<b>{_escape(name)}</b>")
            url = markup_label()
            url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            status = markup_label()
            status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            status.setWordWrap(True)
            grid.addWidget(title, row, 0)
            grid.addWidget(url, row, 1)
            grid.addWidget(status, row, 2)
            self.rows[role] = (title, url, status)
        self.summary = plain_label()
        grid.addWidget(self.summary, 2, 0, 1, 3)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Check the broker and backend and ping the workers now"))
        self.refresh_button.clicked.connect(self.refreshRequested)
        grid.addWidget(self.refresh_button, 0, 3, 2, 1)
        profile = endpoints.profile
        read_only, production = bool(getattr(profile, "read_only", False)), bool(getattr(profile, "production", False))
        self.marks = markup_label(profile_marks(read_only, production))  # "PRODUCTION", "read-only"
        self.marks.setToolTip(
            "\n".join(
                text
                for on, text in (
                    (production, self.tr("Production: destructive actions ask for the connection's name first")),
                    (read_only, self.tr("Read-only: nothing is sent, revoked, forgotten, purged or changed from this window")),
                )
                if on
            )
        )
        grid.addWidget(self.marks, 2, 3)
        self.without_user_button = QPushButton(self.tr("Connect without the user name"))  # shown with the redis://auth:… hint
        self.without_user_button.setToolTip(
            self.tr("Reconnect with the password alone; the saved connection changes only if you save it")
        )
        self.without_user_button.clicked.connect(lambda: self.withoutUserNameRequested.emit(self.without_user_roles))
        self.without_user_button.hide()
        self.without_user_roles: tuple[str, ...] = ()
        grid.addWidget(self.without_user_button, 3, 2, Qt.AlignmentFlag.AlignLeft)
        if production:  # a warning colour down the bar's side
            self.setObjectName("connectionBar")
            self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            self.setStyleSheet(f"#connectionBar {{ border-left: 6px solid {PRODUCTION_COLOUR}; background: #fdecea; }}")
        grid.setColumnStretch(2, 1)
        self.update_status()

    def _show(self, role: str, status: EndpointStatus, source: str) -> None:
        _title, url, label = self.rows[role]
        color, english = DOTS[status.reachability]
        word = QCoreApplication.translate("ConnectionBar", english)
        caveat = self.tls_caveats.get(role, "")
        badge = f" <span style='color:#d64545'>⚠ {escape(caveat_text(caveat))}</span>" if caveat else ""
        url.setText(f"<code>{escape(status.url or '—')}</code>{badge}")
        origin = self.tr("from {source}").format(source=source) if source else ""
        url.setToolTip("\n".join(t for t in (origin, caveat_detail(caveat)) if t))
        detail = status.message if status.reachability is Reachability.FAILED else word
        if status.ok and status.latency_ms is not None:
            detail = self.tr("answers in {latency} ms").format(latency=f"{status.latency_ms:.1f}")
        if status.ok and status.message not in ("", answers()):  # core's "answers" in the window's language
            detail = f"{detail} — {status.message}"
        label.setText(f"<span style='color:{color}'>●</span> {escape(detail)}")
        label.setObjectName(f"{role}Status")

    def update_status(self) -> None:
        s = self.endpoints
        reconnecting = self.tr("reconnecting…")
        self._show("broker", s.broker, s.profile.broker_source)
        self._show("backend", s.backend, s.profile.backend_source)
        stream = s.stream_status
        if stream.state is StreamState.RECONNECTING:
            label = self.rows["broker"][2]
            if s.broker.reachability is Reachability.FAILED:  # what the last check found, and that it keeps trying
                label.setText(f"{label.text()} · {reconnecting}")
            else:  # the event stream lost the broker before any check did
                label.setText(f"<span style='color:#d9822b'>●</span> {reconnecting} {escape(stream.message)}")
        self.without_user_roles = tuple(st.role for st in (s.broker, s.backend) if offers_connect_without_user(st.message))
        self.without_user_button.setVisible(bool(self.without_user_roles))
        results = s.results_status
        if results.state is PollState.RECONNECTING:
            self.rows["backend"][2].setText(f"<span style='color:#d9822b'>●</span> {reconnecting} {escape(results.message)}")
        elif results.state is PollState.UNSUPPORTED and results.message:
            self.rows["backend"][2].setText(f"<span style='color:#d9822b'>●</span> {escape(results.message)}")
        online = len(s.online_workers)
        parts = [self.tr("1 worker online") if online == 1 else self.tr("{count} workers online").format(count=online)]
        if len(s.workers) > online:
            parts.append(self.tr("{count} offline").format(count=len(s.workers) - online))
        registered = len([t for t in s.registered if not t.builtin])
        parts.append(self.tr("{count} registered tasks").format(count=registered))
        if s.profile.app_module:
            parts.append(self.tr("app {module}").format(module=s.profile.app_module))
        if s.last_refresh:
            parts.append(self.tr("checked {time}").format(time=time.strftime("%H:%M:%S", time.localtime(s.last_refresh))))
        if not s.profile.broker_url:
            parts = [
                self.tr("No broker configured: start with --broker URL, -A proj, CELERY_BROKER_URL, CACHE_REDIS_HOST, or --demo")
            ]
        self.summary.setText(" · ".join(parts))
