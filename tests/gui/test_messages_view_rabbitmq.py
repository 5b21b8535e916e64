"""The queue browser in the real window on RabbitMQ with its management API: a queue's Celery messages
read by taking and putting back (said so, redelivered), a dead-letter queue named as such in the Queues
tab and in its browser, its dead letters requeued to their original queue after the user's yes (and run
there exactly once), and a message deleted.

A private RabbitMQ node with the management API for the module (tests/support/rabbitmq_server.py), a
bare redis-server for the results, and one worker (``-A desktop.tasks``) that starts on an idle queue
and is told to consume the original queue only once the requeued messages are seen waiting there.
What the worker ran is read from its log, so each task's executions are counted.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from kombu import Connection
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.rabbitmq import ManagementError, fetch_queues, queue_lengths_with_management, queues_request
from desktop.core.cluster.rabbitmq_messages import dead_letter_marks
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers
from desktop.views import messages_view
from desktop.views.main_window import QUEUES
from tests.support.measured import measured
from tests.support.rabbitmq_server import RabbitMQServer, rabbitmq_node
from tests.support.rabbitmq_server import management_api as api
from tests.support.rabbitmq_server import ready_messages as ready
from tests.support.rabbitmq_server import worker_executions as executions
from tests.support.windows import console_on, rows_of, select_rows, shots_folder

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PENDING = "gr-pending"  # Celery messages nobody consumes
ORIGIN = "gr-orders"  # dead-letters (by a policy) to the exchange DLX; the worker consumes it at the end
RETURNS = "gr-returns"  # dead-letters (by its own argument) to DLX too
DLX = "gr-dlx"
DEAD = "gr-orders-dead"  # bound to DLX with the key of ORIGIN's messages
IDLE = "gr-idle"  # what the worker consumes first


@pytest.fixture(scope="module")
def rabbit():
    with rabbitmq_node(management=True) as server:
        measured("rabbitmq node start (management, GUI)", server.started_in, "s")
        yield server


@pytest.fixture(scope="module")
def redis_backend():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(rabbit, redis_backend, tmp_path_factory):
    process = WorkerProcess(
        rabbit.url(),
        redis_backend.url(1),
        hostname=f"gr-{uuid.uuid4().hex[:6]}@127.0.0.1",
        concurrency=1,
        queues=(IDLE,),
        pythonpath=[str(ROOT)],
        logfile=tmp_path_factory.mktemp("gr-worker") / "worker.log",
    )
    process.start()
    try:
        wait_for_workers(process.broker_url, 1, timeout=60, procs=[process])
        yield process
    finally:
        process.stop()


def dead_letters(rabbit: RabbitMQServer, producer: Celery) -> list[str]:
    """ORIGIN dead-letters by a policy, RETURNS by its argument; four tasks sent to ORIGIN and rejected land in DEAD."""
    api(rabbit, "PUT", "policies/%2F/gr-dl", {"pattern": f"^{ORIGIN}$", "definition": {"dead-letter-exchange": DLX}})
    with Connection(rabbit.url()) as connection:
        channel = connection.channel()
        channel.exchange_declare(DLX, "direct", durable=True, auto_delete=False)
        for name in (PENDING, ORIGIN, DEAD):
            channel.queue_declare(name, durable=True, auto_delete=False)
        channel.queue_declare(
            RETURNS,
            durable=True,
            auto_delete=False,
            arguments={"x-dead-letter-exchange": DLX, "x-dead-letter-routing-key": ORIGIN},
        )
        channel.queue_bind(DEAD, DLX, routing_key=ORIGIN)
        channel.close()
    ids = [producer.send_task("tasks.add", args=(n, 1000), queue=ORIGIN).id for n in range(4)]
    with Connection(rabbit.url()) as connection:  # what a consumer refusing them does
        channel = connection.channel()
        for _ in ids:
            message = channel.basic_get(ORIGIN)
            channel.basic_reject(message.delivery_tag, requeue=False)
        channel.close()
    return ids


def settles(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def record_of(queues, name: str):
    return next((q for q in queues.queues_model.records() if q.name == name), None)


def open_from_queues_tab(console, queues, name: str):
    """Select the queue's row in the Queues tab and press Messages…, as a user does."""
    row = next(i for i, q in enumerate(queues.queues_model.records()) if q.name == name)
    proxy = queues.queues_table.model()
    queues.queues_table.selectRow(proxy.mapFromSource(queues.queues_model.index(row, 0)).row())
    queues.browse_button.click()
    return console.message_windows[name]


def note_cell(queues, name: str) -> str:
    model = queues.queues_model
    row = next(i for i, q in enumerate(model.records()) if q.name == name)
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Note")
    return model.data(model.index(row, column))


def test_dead_letters_shown_requeued_and_run_once_and_a_message_deleted_in_the_window(
    qtbot, qasync_loop, rabbit, redis_backend, worker, tmp_path, monkeypatch
):
    producer = Celery("producer", broker=rabbit.url(), set_as_current=False)
    try:
        dead_ids = dead_letters(rabbit, producer)
        with producer.producer_or_acquire() as p:
            pending_ids = [producer.send_task("tasks.mul", args=(n, 3), queue=PENDING, producer=p).id for n in range(6)]
        assert settles(lambda: ready(rabbit, DEAD) == 4 and ready(rabbit, PENDING) == 6, 10)
        profile = ConnectionProfile(
            broker_url=rabbit.url(), backend_url=redis_backend.url(1), management_url=rabbit.management_url()
        )
        with console_on(qtbot, profile) as console:
            window = console.window
            window.tabs.setCurrentIndex([window.tabs.tabText(i) for i in range(window.tabs.count())].index("Queues"))
            queues = window.lazy_tabs.view(QUEUES)
            started = time.monotonic()
            # RETURNS dead-letters by its argument (known at once), ORIGIN by a policy (once RabbitMQ's statistics have it)
            qtbot.waitUntil(lambda: getattr(record_of(queues, DEAD), "dead_letter_of", ()) == (ORIGIN, RETURNS), timeout=30000)
            measured("rabbitmq Queues tab: dead-letter queue marked", time.monotonic() - started, "s")
            dead_record = record_of(queues, DEAD)
            assert dead_record.ready == 4 and dead_record.to_dict()["dead_letter_of"] == [ORIGIN, RETURNS]
            assert note_cell(queues, DEAD).startswith(f"dead letters of: {ORIGIN}, {RETURNS}")
            assert record_of(queues, ORIGIN).dead_letter_of == () and "dead letters" not in note_cell(queues, PENDING)
            assert not queues.warning.isVisible() or "dead-letter" not in queues.warning.text()
            assert window.grab().save(str(shots_folder(tmp_path) / "queues-dead-letters.png"))

            # A queue with Celery messages: read by taking them and putting them back, and said so.
            pending = open_from_queues_tab(console, queues, PENDING)
            qtbot.waitUntil(lambda: len(rows_of(pending)) == 6, timeout=15000)
            assert [m.id for m in rows_of(pending)] == pending_ids and pending.range_label.text() == "1–6 of 6"
            assert "redelivered" in pending.note.text() and "putting them back" in pending.note.text()
            assert "dead-letter queue of" not in pending.note.text()
            assert ready(rabbit, PENDING) == 6  # every one put back
            pending.refresh()
            qtbot.waitUntil(lambda: rows_of(pending) and all(m.redelivered for m in rows_of(pending)), timeout=15000)
            assert not pending.tabs.isTabEnabled(messages_view.HELD)  # RabbitMQ shows only how many a consumer holds
            select_rows(pending, lambda m: m.id == pending_ids[1])
            assert not pending.requeue_button.isEnabled() and pending.delete_button.isEnabled()  # not a dead letter
            monkeypatch.setattr(messages_view, "warn", lambda *a, **k: QMessageBox.StandardButton.Yes)
            pending.delete_button.click()
            qtbot.waitUntil(lambda: "delete: 1 done" in pending.status.text().lower(), timeout=15000)
            qtbot.waitUntil(lambda: len(rows_of(pending)) == 5, timeout=15000)
            assert [m.id for m in rows_of(pending)] == pending_ids[:1] + pending_ids[2:] and ready(rabbit, PENDING) == 5
            pending.close()

            # The dead-letter queue's browser: named as one, its messages with their x-death.
            dead = open_from_queues_tab(console, queues, DEAD)
            qtbot.waitUntil(lambda: len(rows_of(dead)) == 4, timeout=15000)
            assert [m.id for m in rows_of(dead)] == dead_ids
            assert dead.note.text().startswith(f"dead-letter queue of: {ORIGIN}, {RETURNS}")
            assert all(m.headers["x-death"][0]["queue"] == ORIGIN for m in rows_of(dead))
            select_rows(dead, lambda m: m.id in dead_ids[:3])
            assert dead.requeue_button.isVisible() and dead.requeue_button.isEnabled()
            assert not dead.restore_button.isVisible()
            select_rows(dead, lambda m: m.id == dead_ids[0])
            assert '"x-death"' in dead.detail.toPlainText() and '"reason": "rejected"' in dead.detail.toPlainText()
            select_rows(dead, lambda m: m.id in dead_ids[:3])
            dead.resize(1300, 760)
            assert dead.grab().save(str(shots_folder(tmp_path) / "queue-messages-rabbitmq.png"))

            asked = []
            monkeypatch.setattr(messages_view, "warn", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
            dead.requeue_button.click()
            assert asked and asked[-1].startswith("Send 3 messages back to the queue each one's x-death header names")
            qtbot.waitUntil(lambda: "requeue: 3 done" in dead.status.text().lower(), timeout=15000)
            qtbot.waitUntil(lambda: [m.id for m in rows_of(dead)] == dead_ids[3:], timeout=15000)
            assert settles(lambda: ready(rabbit, ORIGIN) == 3, 10)  # back in the original queue, nothing run yet
            assert not any(executions(worker)[i] for i in dead_ids)

            select_rows(dead, lambda m: m.id == dead_ids[3])
            dead.delete_button.click()
            qtbot.waitUntil(lambda: "delete: 1 done" in dead.status.text().lower(), timeout=15000)
            qtbot.waitUntil(lambda: rows_of(dead) == [], timeout=15000)
            assert ready(rabbit, DEAD) == 0
            dead.close()

        # The worker now consumes the original queue: each requeued task runs exactly once, the deleted one never.
        replies = producer.control.add_consumer(ORIGIN, destination=[worker.hostname], reply=True, timeout=5)
        assert replies and "ok" in json.dumps(replies), replies
        assert settles(lambda: all(executions(worker)[i] >= 1 for i in dead_ids[:3]), 30), worker.log_tail()
        time.sleep(0.5)
        ran = executions(worker)
        assert [ran[i] for i in dead_ids] == [1, 1, 1, 0] and ready(rabbit, ORIGIN) == 0
        assert not any(ran[i] for i in pending_ids)
    finally:
        api(rabbit, "DELETE", "policies/%2F/gr-dl")
        producer.close()


def test_a_failed_bindings_request_loses_only_the_dead_letter_marking(rabbit):
    with Connection(rabbit.url()) as connection:
        channel = connection.channel()
        channel.queue_declare("gr-fail-origin", durable=True, auto_delete=False, arguments={"x-dead-letter-exchange": ""})
        channel.close()
    app = build_console_app(ConnectionProfile(broker_url=rabbit.url()))
    url = rabbit.management_url()
    try:

        def refused(queues):
            raise ManagementError("this user may not do this (403)")

        records, problem = queue_lengths_with_management(app, [PENDING], url, dead_letters=refused)
        assert problem == "management API: dead-letter queues not marked: this user may not do this (403)"
        by_name = {r.name: r for r in records}
        assert (by_name["gr-fail-origin"].ready, by_name["gr-fail-origin"].broker_consumers) == (0, 0)  # the counts stay
        assert all(r.dead_letter_of == () for r in records)

        # The real function, asking an API that does not answer HTTP (the AMQP port) for the bindings.
        nowhere = f"http://127.0.0.1:{rabbit.port}/"
        queues = fetch_queues(queues_request(url, "/"))
        assert any(q.arguments.get("x-dead-letter-exchange") == "" for q in queues)
        with pytest.raises(ManagementError, match="unreachable"):
            dead_letter_marks(app, nowhere, queues)
        records, problem = queue_lengths_with_management(
            app, [PENDING], url, dead_letters=lambda queues: dead_letter_marks(app, nowhere, queues)
        )
        assert problem.startswith("management API: dead-letter queues not marked: unreachable at http://127.0.0.1:"), problem
        assert rabbit.password not in problem and all(r.dead_letter_of == () for r in records)
        assert {r.name for r in records} >= {"gr-fail-origin", PENDING}
    finally:
        api(rabbit, "DELETE", "queues/%2F/gr-fail-origin")
        app.close()
