"""The queues view: counts per queue, the ETA timeline with live countdowns, purge only after a yes."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QMessageBox

from desktop.core.cluster.queues import QueueRecord, ScheduledTask
from desktop.models import queues_model, scheduled_model
from desktop.views.queues_view import QueuesView


def queue(name: str, ready: int, **fields) -> QueueRecord:
    return QueueRecord(name, ready=ready, **fields)


def scheduled(task_id: str, in_seconds: float) -> ScheduledTask:
    eta = time.time() + in_seconds
    return ScheduledTask(task_id, "tasks.add", eta, in_seconds, "2, 2", "", "w1@host")


def test_queues_model_passes_the_model_tester(qtmodeltester):
    queues = queues_model()
    qtmodeltester.check(queues, force_py=True)
    queues.set_records([queue("celery", 3), queue("priority", 7, by_priority=((0, 2), (9, 5)))])
    queues.set_records([queue("celery", 4), queue("mail", 0), queue("priority", 7, by_priority=((0, 2), (9, 5)))])
    queues.set_records([queue("mail", 0)])


def test_scheduled_model_passes_the_model_tester(qtmodeltester):
    timeline = scheduled_model()
    qtmodeltester.check(timeline, force_py=True)
    timeline.set_records([scheduled("a", 30), scheduled("b", 5)])
    timeline.refresh_column(1)
    timeline.set_records([scheduled("b", 5)])
    timeline.set_records([])


def test_counts_priorities_and_countdowns_are_shown(qtbot):
    queues, timeline = queues_model(), scheduled_model()
    view = QueuesView(queues, timeline)
    qtbot.addWidget(view)
    view.show()
    queues.set_records(
        [
            queue("celery", 1200, unacked=4, scheduled=3, consumers=("w1@host", "w2@host")),
            queue("priority", 7, by_priority=((0, 2), (9, 5)), unacked=0, scheduled=0),
            QueueRecord("broken", error="could not read 'broken': WRONGTYPE"),
        ]
    )
    timeline.set_records([scheduled("later", 90), scheduled("soon", 5)])
    assert "3 queue(s) · 1,207 ready · 4 unacked" in view.summary.text()
    texts = {queues.record(r).name: [queues.index(r, c).data() for c in range(queues.columnCount())] for r in range(3)}
    assert texts["celery"][1] == "1,200" and texts["celery"][3] == "4" and texts["celery"][5] == "w1@host, w2@host"
    assert texts["priority"][2] == "p0: 2  p9: 5"
    assert texts["broken"][1] == "?" and "WRONGTYPE" in texts["broken"][6]
    proxy = view.scheduled_table.model()
    first = proxy.index(0, 1).data()
    assert proxy.index(0, 3).data() == "soon" and first.startswith("in ")
    qtbot.waitUntil(lambda: proxy.index(0, 1).data() != first, timeout=3000)  # the countdown moves by itself


def test_rabbitmq_rows_show_the_brokers_consumer_count_and_no_made_up_unacked(qtbot):
    queues, timeline = queues_model(), scheduled_model()
    view = QueuesView(queues, timeline)
    qtbot.addWidget(view)
    queues.set_records(
        [
            queue("celery", 5, consumers=("w1@host",), broker_consumers=1, note="unacked: …"),
            queue("parked", 3, broker_consumers=0),
        ]
    )
    assert "2 queue(s) · 8 ready · unacked not known" in view.summary.text()
    texts = {queues.record(r).name: [queues.index(r, c).data() for c in range(queues.columnCount())] for r in range(2)}
    assert texts["celery"][3] == "?" and texts["celery"][5] == "w1@host · 1 on the broker"
    assert texts["parked"][5] == "none · 0 on the broker"
    queues.set_records([queue("celery", 5, unacked=2, broker_consumers=1)])  # with the management API
    assert "1 queue(s) · 5 ready · 2 unacked" in view.summary.text()


def test_purge_asks_first_and_sends_nothing_on_cancel(qtbot, monkeypatch):
    queues, timeline = queues_model(), scheduled_model()
    view = QueuesView(queues, timeline)
    qtbot.addWidget(view)
    queues.set_records([queue("celery", 12), QueueRecord("broken", error="unreadable")])
    assert not view.purge_button.isEnabled()
    purged: list[str] = []
    view.purgeConfirmed.connect(purged.append)
    asked: list[str] = []

    def answer(reply):
        def exec_(box):
            asked.append(box.text())
            return reply

        return exec_

    view.queues_table.selectRow(1)  # sorted by name: broken, celery
    assert view.selected_queue().name == "celery" and view.purge_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Cancel))
    view.purge_button.click()
    assert purged == [] and "12 message(s) waiting in queue “celery”" in asked[0]
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Yes))
    view.purge_button.click()
    assert purged == ["celery"]
    view.show_purge_result("celery", 12)
    assert view.status.text() == "purged celery: 12 message(s) deleted"
    view.queues_table.selectRow(0)
    assert not view.purge_button.isEnabled()  # a queue that could not be read is not purged blind
