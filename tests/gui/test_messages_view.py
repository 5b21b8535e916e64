"""The queue browser in the real window, on a real Redis: opened from the Queues tab, a page of
messages with their details, a filter, delete and move after the user's yes, copy to the call form,
export, and a stuck unacknowledged message restored."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import redis
from celery import Celery
from PySide6.QtWidgets import QMessageBox

from desktop.app.console import open_messages
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.live import session as session_module
from desktop.views import messages_view
from desktop.views.main_window import QUEUES
from tests.support.windows import console_on, rows_of, select_rows, shots_folder

pytestmark = pytest.mark.integration


def test_browse_filter_delete_move_copy_and_export_in_the_window(qtbot, qasync_loop, cluster_on, tmp_path, monkeypatch):
    cluster = cluster_on("desktop.tasks")
    producer = Celery("producer", broker=cluster.broker_url, set_as_current=False)
    with producer.producer_or_acquire() as p:
        ids = [producer.send_task("tasks.add", args=(n, 100 + n), producer=p).id for n in range(30)]
        eta_id = producer.send_task("tasks.add", args=(1, 2), countdown=3600, producer=p).id
        pickled_id = producer.send_task("tasks.echo_request", args=("SKU-17",), serializer="pickle", producer=p).id
    raw = redis.Redis(host="127.0.0.1", port=cluster.server.port, password=cluster.server.password, db=10)
    raw.lpush("celery", b"\x00garbage bytes")
    with console_on(qtbot, ConnectionProfile(broker_url=cluster.broker_url, backend_url=cluster.backend_url)) as console:
        window = console.window
        window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index("Queues"))
        queues = window.lazy_tabs.view(QUEUES)
        qtbot.waitUntil(lambda: any(q.name == "celery" for q in queues.queues_model.records()), timeout=20000)
        row = next(i for i, q in enumerate(queues.queues_model.records()) if q.name == "celery")
        proxy = queues.queues_table.model()
        queues.queues_table.selectRow(proxy.mapFromSource(queues.queues_model.index(row, 0)).row())
        queues.browse_button.click()
        view = console.message_windows["celery"]
        qtbot.waitUntil(lambda: len(rows_of(view)) == 33, timeout=10000)
        assert view.range_label.text() == "1–33 of 33"
        by_id = {m.id: m for m in rows_of(view)}
        assert by_id[ids[0]].position == 0 and by_id[eta_id].state() == "ETA"
        assert "pickled, not decoded" in by_id[pickled_id].body_note
        assert any("not JSON" in m.error for m in rows_of(view))
        select_rows(view, lambda m: m.id == ids[3])
        assert '"task": "tasks.add"' in view.detail.toPlainText() and "[\n    3,\n    103" in view.detail.toPlainText()
        view.resize(1300, 760)
        assert view.grab().save(str(shots_folder(tmp_path) / "queue-messages.png"))

        view.text_filter.setText("SKU-17")
        view.find_button.click()
        qtbot.waitUntil(lambda: [m.id for m in rows_of(view)] == [pickled_id], timeout=10000)
        view.clear_button.click()
        qtbot.waitUntil(lambda: len(rows_of(view)) == 33, timeout=10000)

        monkeypatch.setattr(messages_view, "warn", lambda *a, **k: QMessageBox.StandardButton.Yes)
        select_rows(view, lambda m: m.id in ids[:5])
        view.delete_button.click()
        qtbot.waitUntil(lambda: "delete: 5 done" in view.status.text(), timeout=10000)
        qtbot.waitUntil(lambda: len(rows_of(view)) == 28, timeout=10000)
        assert not {m.id for m in rows_of(view)} & set(ids[:5])

        monkeypatch.setattr(messages_view, "ask_text", lambda *a, **k: ("parked", True))
        select_rows(view, lambda m: m.id in ids[5:8])
        view.move_button.click()
        qtbot.waitUntil(lambda: "move: 3 done" in view.status.text(), timeout=10000)
        qtbot.waitUntil(lambda: len(rows_of(view)) == 25, timeout=10000)
        assert raw.llen("parked") == 3

        select_rows(view, lambda m: m.id == ids[10])
        view.copy_button.click()
        form = window.calls_view.currentWidget()
        assert form.task.name == "tasks.add" and form.origin.startswith("Copied from a message in queue celery")
        qtbot.waitUntil(lambda: form.result is not None and form.result.ok, timeout=5000)
        assert form.result.spec.args == (10, 110) and form.result.spec.task_id is None

        path = tmp_path / "exported.json"
        monkeypatch.setattr(messages_view.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
        select_rows(view, lambda m: m.id in (ids[11], ids[12]))
        view.export_button.click()
        exported = json.loads(path.read_text())
        assert sorted(m["id"] for m in exported) == sorted([ids[11], ids[12]]) and all(m["stored"] for m in exported)
        view.close()
    raw.close()
    producer.close()


def test_a_stuck_message_is_shown_and_restored_from_the_unacknowledged_tab(qtbot, qasync_loop, cluster_on, tmp_path, monkeypatch):
    cluster = cluster_on("desktop.tasks")
    producer = Celery("producer", broker=cluster.broker_url, set_as_current=False)
    task_id = producer.send_task("tasks.add", args=(2, 2)).id
    raw = redis.Redis(host="127.0.0.1", port=cluster.server.port, password=cluster.server.password, db=10)
    # What kombu's QoS.append writes when a worker takes the message and dies before the ack.
    message = json.loads(raw.rpop("celery"))
    tag = message["properties"]["delivery_tag"]
    raw.hset("unacked", tag, json.dumps([message, "", "celery"]))
    raw.zadd("unacked_index", {tag: time.time() - 120})
    with console_on(qtbot, ConnectionProfile(broker_url=cluster.broker_url, backend_url=cluster.backend_url)) as console:
        view = open_messages(console, "celery")
        view.tabs.setCurrentIndex(messages_view.HELD)
        qtbot.waitUntil(lambda: [m.id for m in rows_of(view)] == [task_id], timeout=20000)
        held = rows_of(view)[0]
        assert held.stuck and held.state() == "stuck" and held.restore_at == pytest.approx(held.delivered_at + 3600)
        assert view.range_label.text() == "1 held · 1 stuck"
        select_rows(view, lambda m: True)
        assert view.restore_button.isEnabled() and not view.delete_button.isEnabled()
        view.resize(1300, 500)
        assert view.grab().save(str(shots_folder(tmp_path) / "queue-unacked.png"))
        monkeypatch.setattr(messages_view, "warn", lambda *a, **k: QMessageBox.StandardButton.Yes)
        view.restore_button.click()
        qtbot.waitUntil(lambda: "restore: 1 done" in view.status.text(), timeout=10000)
        qtbot.waitUntil(lambda: not rows_of(view), timeout=10000)
        assert raw.hlen("unacked") == 0 and raw.llen("celery") == 1
        view.tabs.setCurrentIndex(messages_view.WAITING)
        qtbot.waitUntil(lambda: [m.id for m in rows_of(view)] == [task_id], timeout=10000)
        assert rows_of(view)[0].redelivered
        view.close()
    raw.close()
    producer.close()


def test_a_stuck_task_is_marked_in_the_results_with_since_and_until(qtbot, qasync_loop, cluster_on, tmp_path, monkeypatch):
    """The row of a task whose message a dead worker held says why nothing happens, until Restore now."""
    monkeypatch.setattr(session_module, "STUCK_CHECK_SECONDS", 0.5)
    cluster = cluster_on("desktop.tasks")
    raw = redis.Redis(host="127.0.0.1", port=cluster.server.port, password=cluster.server.password, db=10)
    with console_on(qtbot, ConnectionProfile(broker_url=cluster.broker_url, backend_url=cluster.backend_url)) as console:
        session, window = console.session, console.window
        sent = asyncio.ensure_future(session.send_call(CallSpec("tasks.add", args=(20, 22))))
        qtbot.waitUntil(sent.done, timeout=10000)
        task_id = sent.result().value[0].task_id
        message = json.loads(raw.rpop("celery"))  # taken by a worker that died before its ack
        tag = message["properties"]["delivery_tag"]
        raw.hset("unacked", tag, json.dumps([message, "", "celery"]))
        raw.zadd("unacked_index", {tag: time.time() - 600})
        qtbot.waitUntil(lambda: "unacknowledged since" in session.tasks[task_id].warning, timeout=20000)
        console.reveal(task_id)
        results = window.results_view
        qtbot.waitUntil(lambda: results.selected_ids() == [task_id], timeout=5000)
        window.resize(1440, 760)
        assert window.grab().save(str(shots_folder(tmp_path) / "results-stuck.png"))
        view = open_messages(console, "celery")
        view.tabs.setCurrentIndex(messages_view.HELD)
        qtbot.waitUntil(lambda: [m.id for m in rows_of(view)] == [task_id], timeout=20000)
        select_rows(view, lambda m: True)
        monkeypatch.setattr(messages_view, "warn", lambda *a, **k: QMessageBox.StandardButton.Yes)
        view.restore_button.click()
        qtbot.waitUntil(lambda: not session.tasks[task_id].warning, timeout=10000)  # cleared at once, not at the next check
        assert raw.llen("celery") == 1
        view.close()
    raw.close()


def test_dead_letters_and_an_eta_past_the_visibility_timeout_are_said_in_the_row_and_the_details():
    from desktop.core.domain.queued_messages import QueuedMessage
    from desktop.models import dead_letter_words, eta_past_visibility, messages_model

    now = time.time()
    dead = QueuedMessage(
        "orders-dead", task="tasks.add", id="a", headers={"x-death": [{"queue": "orders", "reason": "rejected", "count": 2}]}
    )
    late = QueuedMessage(
        "celery", task="tasks.add", id="b", eta=now + 7200, delivery_tag="t", delivered_at=now, restore_at=now + 3600
    )
    soon = QueuedMessage(
        "celery", task="tasks.add", id="c", eta=now + 60, delivery_tag="u", delivered_at=now, restore_at=now + 3600
    )
    assert dead_letter_words(dead) == "dead-lettered from orders (rejected, 2 time(s))"
    assert "will deliver it again before it runs" in eta_past_visibility(late)
    assert not eta_past_visibility(soon) and not dead_letter_words(soon)
    model = messages_model()
    model.set_records([dead, late, soon])
    assert [model.index(row, 1).data() for row in range(3)] == ["dead letter", "unacked", "unacked"]
    assert model.index(0, 15).data().startswith("dead-lettered from orders") and not model.index(2, 15).data()
    assert messages_view.message_details(late).startswith("Its ETA (")
