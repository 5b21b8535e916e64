"""The Schedules tab in the real window, on a real Redis: the app's beat_schedule, a schedule file beat
left and RedBeat's entries side by side; a missed run in red with its reason; Run now fills the call
form; Disable and Delete change RedBeat only after the user's yes."""

from __future__ import annotations

import asyncio
import shelve
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
import redis
from celery import Celery
from celery.beat import ScheduleEntry
from celery.schedules import crontab, schedule
from PySide6.QtWidgets import QMessageBox

from desktop.app.console import build_console
from desktop.core.cluster import redbeat
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.schedules import PeriodicEntry, Source
from desktop.views.main_window import SCHEDULES
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration

COLUMNS = ("Name", "Task", "Schedule", "Next run", "Last run", "Runs", "Status", "Last seen run", "Source", "Queue")


@pytest.fixture
def cluster(redis_server):
    broker, backend = db("test_schedules_view", "broker"), db("test_schedules_view", "backend")
    client = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=broker)
    client.flushdb()
    yield redis_server.url(broker), redis_server.url(backend), client
    client.flushdb()
    client.close()


@contextmanager
def closing_engine(engine):
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def schedules_tab(qtbot, profile: ConnectionProfile, user_app=None):
    """The real window for ``profile``, its loops started, the Schedules tab in front; stopped afterwards."""
    console = build_console(profile, user_app=user_app, history=False)
    qtbot.addWidget(console.window)
    console.window.show()
    console.window.resize(1440, 900)
    console.session.start()
    try:
        window = console.window
        window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index("Schedules"))
        yield console, window.lazy_tabs.view(SCHEDULES)
    finally:
        stopping = asyncio.ensure_future(console.session.stop())
        qtbot.waitUntil(stopping.done, timeout=15000)
        console.close()


def test_three_sources_side_by_side_run_now_disable_and_delete(qtbot, qasync_loop, cluster, tmp_path, monkeypatch):
    broker, backend, raw = cluster
    now = datetime.now(timezone.utc)
    late = PeriodicEntry(
        "cleanup", "tasks.cleanup", Source.REDBEAT, schedule(timedelta(minutes=10)), (), {"days": 7}, {"queue": "maint"}
    )
    redbeat.save_entry(raw, redbeat.RedBeatKeys(), late, create=True)
    raw.hset("redbeat:cleanup", "meta", redbeat.encode({"last_run_at": now - timedelta(hours=1), "total_run_count": 41}))
    path = tmp_path / "celerybeat-schedule"
    with shelve.open(str(path)) as store:
        store["entries"] = {
            "report": ScheduleEntry("report", "tasks.report", now - timedelta(minutes=1), 12, crontab(minute="*/5"), (), {}, {}),
        }
        store["tz"], store["utc_enabled"] = "UTC", True

    app = Celery("scheduled", set_as_current=False)
    app.conf.beat_schedule = {"add-nightly": {"task": "tasks.add", "schedule": crontab(minute=30, hour=2), "args": (2, 3)}}
    with schedules_tab(qtbot, ConnectionProfile(broker_url=broker, backend_url=backend, app_module="scheduled"), app) as (
        console,
        view,
    ):
        window = console.window
        view.file_edit.setText(str(path))
        view.fileChosen.emit(str(path))
        model = view.model
        qtbot.waitUntil(
            lambda: {r.entry.source for r in model.records()} == {Source.APP, Source.FILE, Source.REDBEAT}, timeout=10000
        )

        def row_texts(name: str) -> dict[str, str]:
            index = next(i for i, r in enumerate(model.records()) if r.entry.name == name)
            return {title: model.index(index, c).data() for c, title in enumerate(COLUMNS)}

        cleanup = row_texts("cleanup")
        assert cleanup["Status"].startswith("missed since") and cleanup["Runs"] == "41" and cleanup["Queue"] == "maint"
        assert cleanup["Schedule"] == "every 10 min" and cleanup["Next run"] == "due now"
        nightly = row_texts("add-nightly")
        assert nightly["Schedule"] == "at 02:30" and nightly["Next run"].startswith("in ") and nightly["Source"] == "app"
        report = row_texts("report")
        assert report["Schedule"] == "every 5 min" and report["Runs"] == "12" and report["Source"] == "schedule file"
        assert "read-only" in view.notes.text() and "no beat holds RedBeat's lock" in view.notes.text()
        qtbot.wait(300)  # the header stretches its section in a turn of its own
        window.grab().save(str(tmp_path / "schedules.png"))

        proxy = view.table.model()

        def select(name: str) -> None:
            row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
            view.table.selectRow(row)

        select("cleanup")
        assert view.enable_button.isEnabled() and view.enable_button.text() == "Disable"
        assert "no RedBeat scheduler is running" in view.details.toPlainText()
        assert "Due times and what ran:" in view.details.toPlainText() and "→ nothing seen" in view.details.toPlainText()
        window.grab().save(str(tmp_path / "schedules-selected.png"))
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
        view.enable_button.click()
        qtbot.wait(300)
        assert b'"enabled": true' in raw.hget("redbeat:cleanup", "definition")  # said no: nothing changed
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
        view.enable_button.click()
        qtbot.waitUntil(lambda: b'"enabled": false' in (raw.hget("redbeat:cleanup", "definition") or b""), timeout=10000)
        qtbot.waitUntil(lambda: row_texts("cleanup")["Status"] == "disabled", timeout=10000)

        select("report")
        assert not view.enable_button.isEnabled() and not view.delete_button.isEnabled()  # beat's file is read-only

        select("add-nightly")
        view.run_button.click()
        form = window.calls_view.currentWidget()
        assert form.task.name == "tasks.add" and "add-nightly" in form.origin
        assert window.tabs.currentIndex() == 0
        draft = form.draft()  # the entry's own call: as JSON args, or in the signature's fields when the task's is known
        assert draft.args_json.replace(" ", "") == "[2,3]" or (draft.param("x"), draft.param("y")) == ("2", "3"), draft

        window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index("Schedules"))
        select("report")
        view.table.doubleClicked.emit(view.table.currentIndex())  # a double-click opens its call form too
        assert window.calls_view.currentWidget().task.name == "tasks.report" and window.tabs.currentIndex() == 0

        window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index("Schedules"))
        select("cleanup")
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Cancel)
        view.delete_button.click()
        assert raw.exists("redbeat:cleanup")
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
        view.delete_button.click()
        qtbot.waitUntil(lambda: not raw.exists("redbeat:cleanup"), timeout=10000)
        qtbot.waitUntil(lambda: "cleanup" not in {r.entry.name for r in model.records()}, timeout=10000)
        qtbot.waitUntil(lambda: view.status.text() == "deleted cleanup", timeout=10000)


def test_the_schedules_model_passes_the_model_tester(qtmodeltester):
    from desktop.core.live.schedule_book import ScheduleRow
    from desktop.models import schedules_model

    model = schedules_model()
    qtmodeltester.check(model, force_py=True)
    now = datetime.now(timezone.utc)
    rows = [
        ScheduleRow(PeriodicEntry(name, "tasks.add", Source.APP, schedule(60)), now + timedelta(seconds=i * 10))
        for i, name in enumerate(("a", "b", "c"))
    ]
    model.set_records(rows)
    model.refresh_column(3)
    model.set_records(rows[1:])
    model.set_records([])


def test_a_redbeat_entry_created_and_edited_in_the_editor_only_when_every_field_reads(qtbot, qasync_loop, cluster, tmp_path):
    from desktop.views.schedule_editor import ScheduleEditor

    broker, backend, raw = cluster
    taken = PeriodicEntry("taken", "tasks.add", Source.REDBEAT, schedule(60), (1, 1), {}, {})
    redbeat.save_entry(raw, redbeat.RedBeatKeys(), taken, create=True)
    with schedules_tab(qtbot, ConnectionProfile(broker_url=broker, backend_url=backend)) as (console, view):
        window = console.window
        qtbot.waitUntil(view.new_button.isEnabled, timeout=10000)  # RedBeat found on this Redis
        view.new_button.click()
        editor = window.findChild(ScheduleEditor)
        save = editor.buttons.button(editor.buttons.StandardButton.Save)
        editor.edits["name"].setText("taken")
        editor.edits["task"].setText("tasks.mul")
        editor.edits["args_json"].setText("[6, 7")
        editor.edits["every"].setText("0")
        assert not save.isEnabled()
        assert "Args (JSON list): not JSON" in editor.errors.text() and "never comes round" in editor.errors.text()
        editor.edits["args_json"].setText("[6, 7]")
        editor.edits["every"].setText("30")
        assert save.isEnabled() and editor.preview.text().count(",") == 4  # five next runs
        save.click()
        qtbot.waitUntil(lambda: "Not saved: an entry named 'taken' exists" in editor.errors.text(), timeout=10000)
        assert editor.isVisible() and raw.hget("redbeat:taken", "definition").count(b"tasks.add") == 1  # nothing written
        editor.edits["name"].setText("fresh")
        save.click()
        qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10000)
        definition = redbeat.decode(raw.hget("redbeat:fresh", "definition"))
        assert (definition["task"], definition["args"], definition["schedule"].run_every) == (
            "tasks.mul",
            [6, 7],
            timedelta(seconds=30),
        )
        qtbot.waitUntil(lambda: "fresh" in {r.entry.name for r in view.model.records()}, timeout=10000)

        proxy = view.table.model()
        view.table.selectRow(next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "fresh"))
        view.edit_button.click()
        editor = [e for e in window.findChildren(ScheduleEditor) if e.isVisible()][0]
        assert editor.edits["name"].isReadOnly() and editor.edits["every"].text() == "30"
        editor.kind.setCurrentIndex(1)
        editor.edits["minute"].setText("61")
        assert "Minute: not a crontab minute" in editor.errors.text()
        editor.edits["minute"].setText("15")
        editor.edits["hour"].setText("4")
        editor.buttons.button(editor.buttons.StandardButton.Save).click()
        qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10000)
        edited = redbeat.decode(raw.hget("redbeat:fresh", "definition"))
        assert repr(edited["schedule"]) == repr(crontab(minute="15", hour="4")) and edited["args"] == [6, 7]
        qtbot.waitUntil(lambda: view.status.text() == "saved fresh", timeout=10000)
        window.grab().save(str(tmp_path / "schedules-edited.png"))


def test_a_django_celery_beat_database_is_read_its_password_masked_and_an_entry_disabled(
    qtbot, qasync_loop, cluster, tmp_path, monkeypatch
):
    from desktop.core.cluster import django_beat
    from tests.support.django_beat import migrated

    broker, backend, _raw = cluster
    database = tmp_path / "beat.sqlite3"
    migrated(database)
    engine = django_beat.open_database(f"sqlite:///{database}")
    nightly = PeriodicEntry(
        "nightly", "tasks.report", Source.DJANGO, crontab(minute=0, hour=3), (), {"full": True}, {"queue": "reports"}
    )
    django_beat.save_entry(engine, nightly, create=True)
    with (
        closing_engine(engine),
        schedules_tab(qtbot, ConnectionProfile(broker_url=broker, backend_url=backend)) as (_console, view),
    ):
        view.database_edit.setText("postgresql://beat:s3cret-pw@127.0.0.1:1/beat")  # nothing listens there
        view.database_edit.editingFinished.emit()
        assert "s3cret-pw" not in view.database_edit.text() and "***" in view.database_edit.text()
        qtbot.waitUntil(lambda: "django-celery-beat not read" in view.notes.text(), timeout=15000)
        assert "s3cret-pw" not in view.notes.text()

        view.database_edit.setText(f"sqlite:///{database}")
        view.database_edit.editingFinished.emit()
        qtbot.waitUntil(lambda: "nightly" in {r.entry.name for r in view.model.records()}, timeout=10000)
        row = next(r for r in view.model.records() if r.entry.name == "nightly")
        assert row.editable and row.entry.source == Source.DJANGO and row.entry.in_words == "at 03:00"
        proxy = view.table.model()
        view.table.selectRow(next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "nightly"))
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
        view.enable_button.click()
        qtbot.waitUntil(lambda: not django_beat.read_django_beat(engine).entries[0].enabled, timeout=10000)
        qtbot.waitUntil(lambda: view.status.text() == "disabled nightly", timeout=10000)
