"""The RabbitMQ queue browser, its actions and the send path, against a private RabbitMQ node and a real worker.

One private RabbitMQ node with the management API for the module (tests/support/rabbitmq_server.py), a
bare redis-server for the worker's results, and one worker (``-A desktop.tasks``, one process, one
message prefetched) consuming ``WORK``. What the worker ran is read from its log ("Task name[id]
succeeded"), so a test counts each task's executions: nothing lost, nothing run twice.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from kombu import Connection

from desktop.app.operations.calls import send_call
from desktop.core.cluster import rabbitmq
from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.rabbitmq import QueueGone
from desktop.core.cluster.rabbitmq_messages import (
    browse_rabbitmq,
    delete_rabbitmq,
    move_rabbitmq,
    priority_ignored,
    requeue_dead_letters,
)
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.queued_messages import MAX_DECODED_MESSAGE, MessageFilter, QueuedMessage
from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers
from tests.support.measured import measured
from tests.support.processes import wait_until
from tests.support.rabbitmq_server import RabbitMQServer, rabbitmq_node
from tests.support.rabbitmq_server import management_api as api
from tests.support.rabbitmq_server import ready_messages as ready
from tests.support.rabbitmq_server import worker_executions as executions
from tests.support.sessions import session_for

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
WORK = "rm-work"  # the worker consumes it
PARKED = "rm-parked"  # nobody consumes it


@pytest.fixture(scope="module")
def rabbit():
    with rabbitmq_node(management=True) as server:
        measured("rabbitmq node start (management)", server.started_in, "s")
        yield server


@pytest.fixture(scope="module")
def worker(rabbit, tmp_path_factory):
    backend = RedisServer()
    backend.start()
    process = WorkerProcess(
        rabbit.url(),
        backend.url(1),
        hostname=f"rm-{uuid.uuid4().hex[:6]}@127.0.0.1",
        concurrency=1,
        queues=(WORK,),
        extra_args=("--prefetch-multiplier", "1"),
        pythonpath=[str(ROOT)],
        logfile=tmp_path_factory.mktemp("rm-worker") / "worker.log",
    )
    process.start()
    try:
        wait_for_workers(process.broker_url, 1, timeout=60, procs=[process])
        yield process
    finally:
        process.stop()
        backend.stop()


def console_app(rabbit: RabbitMQServer, **profile) -> Celery:
    return build_console_app(ConnectionProfile(broker_url=rabbit.url(), **profile))


def declare(rabbit: RabbitMQServer, name: str, **arguments) -> None:
    with Connection(rabbit.url()) as connection:
        channel = connection.channel()
        channel.queue_declare(name, durable=True, auto_delete=False, arguments=arguments or None)
        channel.close()


def publish_raw(rabbit: RabbitMQServer, queue: str, body: bytes, **properties) -> None:
    with Connection(rabbit.url()) as connection:
        channel = connection.channel()
        channel.basic_publish(channel.prepare_message(body, **properties), exchange="", routing_key=queue)
        channel.close()


# -- browsing ----------------------------------------------------------------------------------------------


def test_browse_reads_every_kind_of_message_and_says_how(rabbit):
    queue = f"rm-browse-{uuid.uuid4().hex[:4]}"
    declare(rabbit, queue)
    app = console_app(rabbit)
    old = Celery("protocol-one", broker=rabbit.url(), set_as_current=False)
    old.conf.task_protocol = 1
    try:
        plain = app.send_task("tasks.add", args=(1, 2), queue=queue, priority=3)
        later = app.send_task("tasks.add", args=(3, 4), kwargs={"k": "v"}, queue=queue, countdown=3600)
        zipped = app.send_task("tasks.xsum", args=([1, 2, 3],), queue=queue, compression="gzip")
        pickled = app.send_task("tasks.add", args=(5, 6), queue=queue, serializer="pickle")
        first = old.send_task("tasks.mul", args=(7, 8), queue=queue)
        publish_raw(rabbit, queue, b"\xff\xfe garbage \x00", content_type="application/json", content_encoding="utf-8")
        publish_raw(rabbit, queue, b'{"hello": "world"}', content_type="application/json", content_encoding="utf-8")
        huge = app.send_task("tasks.xsum", args=(["x" * (10_000_000)],), queue=queue)
        after = app.send_task("tasks.add", args=(9, 9), queue=queue)
        count = 9
        assert ready(rabbit, queue) == count

        started = time.monotonic()
        page = browse_rabbitmq(app, rabbit.management_url(), queue)
        measured("rabbitmq browse of 9 messages (one of 10 MB)", time.monotonic() - started, "s")
        assert ready(rabbit, queue) == count  # all put back
        assert page.total == count and page.scanned == count and not page.more
        assert "by taking them and putting them back" in page.note and "redelivered" in page.note
        assert "only the first 200" in page.note and (page.delete_reason, page.move_reason) == ("", "")
        rows = page.messages
        assert [r.position for r in rows] == list(range(count))
        assert [r.id for r in rows[:5]] == [plain.id, later.id, zipped.id, pickled.id, first.id]

        assert (rows[0].task, rows[0].args, rows[0].priority, rows[0].protocol, rows[0].error) == (
            "tasks.add",
            "[1, 2]",
            3,
            2,
            "",
        )
        assert rows[0].routing_key == queue and rows[0].exchange == "" and rows[0].headers["expires"] is None  # "undefined"
        assert rows[1].eta and rows[1].eta > time.time() + 3000 and rows[1].kwargs == '{"k": "v"}' and rows[1].state() == "ETA"
        assert rows[2].compression == "application/x-gzip" and rows[2].args == "[[1, 2, 3]]" and rows[2].decoded
        assert not rows[3].decoded and rows[3].body_note.startswith("pickled, not decoded") and rows[3].task == "tasks.add"
        assert (rows[4].protocol, rows[4].task, rows[4].args) == (1, "tasks.mul", "[7, 8]")
        assert rows[5].error == "" and "does not decode as application/json" in rows[5].body_note and not rows[5].task
        assert rows[6].error == "not a Celery task message (no task name in the headers or the body)"
        assert rows[6].raw == b'{"hello": "world"}'
        big = rows[7]
        assert big.id == huge.id and big.task == "tasks.xsum" and big.size > 10_000_000 and not big.decoded
        assert "too large to read here" in big.body_note and big.raw == b""
        assert rows[8].id == after.id and rows[8].args == "[9, 9]"  # browsing goes on after it

        again = browse_rabbitmq(app, rabbit.management_url(), queue, allow_pickle=True)
        assert all(r.redelivered for r in again.messages)  # the first read marked every one
        assert again.messages[3].decoded and again.messages[3].args == "[5, 6]"
        only = browse_rabbitmq(app, rabbit.management_url(), queue, message_filter=MessageFilter(task="mul"))
        assert [r.id for r in only.messages] == [first.id] and only.scanned == count
        two = browse_rabbitmq(app, rabbit.management_url(), queue, limit=2)
        assert [r.id for r in two.messages] == [plain.id, later.id] and two.total == count and "first 2" in two.note

        over_amqp = browse_rabbitmq(app, "", queue)  # no management URL: the same, taken and put back over AMQP
        assert over_amqp.total == count and "AMQP has no browse" in over_amqp.note
        assert [r.id for r in over_amqp.messages] == [r.id for r in rows]
        assert over_amqp.messages[7].size > MAX_DECODED_MESSAGE and "too large" in over_amqp.messages[7].body_note
        assert ready(rabbit, queue) == count
        with Connection(rabbit.url()) as connection:  # still in the order they were sent
            channel = connection.channel()
            order = [(channel.basic_get(queue, no_ack=True).headers or {}).get("id") for _ in range(count)]
            channel.close()
        assert order[:5] == [plain.id, later.id, zipped.id, pickled.id, None] and order[-1] == after.id

        gone = browse_rabbitmq(app, rabbit.management_url(), "rm-no-such-queue")
        assert gone.total == 0 and "no queue named 'rm-no-such-queue'" in gone.note
    finally:
        old.close()
        app.close()


def test_a_quorum_queue_with_a_delivery_limit_is_not_read_by_taking(rabbit):
    app = console_app(rabbit)
    try:
        declare(rabbit, "rm-quorum-limited", **{"x-queue-type": "quorum", "x-delivery-limit": 3})
        app.send_task("tasks.add", args=(1, 1), queue="rm-quorum-limited")
        page = browse_rabbitmq(app, rabbit.management_url(), "rm-quorum-limited")
        assert page.messages == () and "delivery limit of 3" in page.note and "delivery limit" in page.delete_reason
        selected = QueuedMessage(queue="rm-quorum-limited", id="some-task-id")
        outcome = delete_rabbitmq(app, "rm-quorum-limited", [selected], management_url=rabbit.management_url())
        assert outcome.done == () and outcome.failed == (("some-task-id", page.delete_reason),)
        assert ready(rabbit, "rm-quorum-limited") == 1
    finally:
        app.close()


# -- delete and move while a worker consumes --------------------------------------------------------------


def test_delete_and_move_lose_nothing_and_run_nothing_twice_while_a_worker_consumes(rabbit, worker):
    declare(rabbit, PARKED)
    app = console_app(rabbit)
    try:
        with app.producer_or_acquire() as producer:
            ids = [app.send_task("tasks.slow", kwargs={"seconds": 0.15}, queue=WORK, producer=producer).id for _ in range(40)]
        assert wait_until(lambda: sum(executions(worker)[i] for i in ids) >= 2, 20), worker.log_tail()
        page = browse_rabbitmq(app, rabbit.management_url(), WORK)
        waiting = [r for r in page.messages if r.id in ids]
        assert len(waiting) >= 25, page
        doomed, moving = list(waiting[8:14:2]), list(waiting[9:15:2])
        started = time.monotonic()
        deleted = delete_rabbitmq(app, WORK, doomed, management_url=rabbit.management_url())
        moved = move_rabbitmq(app, WORK, moving, PARKED, management_url=rabbit.management_url())
        measured("rabbitmq delete + move of 3 + 3 messages under a consumer", time.monotonic() - started, "s")
        assert deleted.failed == () and moved.failed == (), (deleted, moved)
        assert len(deleted.done) + len(deleted.missing) == 3 and len(moved.done) + len(moved.missing) == 3
        assert len(deleted.done) >= 2 and len(moved.done) >= 2, (deleted, moved)  # a worker taking 7 a second is slower

        parked = {r.id for r in browse_rabbitmq(app, rabbit.management_url(), PARKED).messages}
        assert set(moved.done) <= parked
        assert wait_until(lambda: ready(rabbit, WORK) == 0, 30)
        expected = set(ids) - set(deleted.done) - set(moved.done)
        assert wait_until(lambda: all(executions(worker)[i] >= 1 for i in expected), 30), worker.log_tail()
        time.sleep(0.5)
        ran = executions(worker)
        assert {i: ran[i] for i in expected if ran[i] != 1} == {}  # each exactly once
        assert {i: ran[i] for i in (*deleted.done, *moved.done) if ran[i]} == {}  # never

        back = move_rabbitmq(app, PARKED, [r for r in browse_rabbitmq(app, rabbit.management_url(), PARKED).messages], WORK)
        assert set(back.done) == set(moved.done) and back.missing == () and ready(rabbit, PARKED) == 0
        assert wait_until(lambda: all(executions(worker)[i] == 1 for i in moved.done), 30), worker.log_tail()

        gone = delete_rabbitmq(app, WORK, doomed)  # deleted before: nowhere to be found
        assert gone.done == () and set(gone.missing) == {m.id for m in doomed}
        nowhere = move_rabbitmq(app, WORK, [], "rm-no-such-queue")
        assert nowhere.done == () and nowhere.failed == ()
    finally:
        app.close()


def test_a_move_to_a_queue_that_does_not_exist_puts_the_message_back(rabbit):
    queue = f"rm-stay-{uuid.uuid4().hex[:4]}"
    declare(rabbit, queue)
    app = console_app(rabbit)
    try:
        sent = [app.send_task("tasks.add", args=(i, i), queue=queue).id for i in range(3)]
        rows = browse_rabbitmq(app, "", queue).messages
        outcome = move_rabbitmq(app, queue, [rows[1]], "rm-no-such-queue")
        assert (
            outcome.done == () and outcome.failed[0][0] == sent[1] and "no queue named 'rm-no-such-queue'" in outcome.failed[0][1]
        )
        assert [r.id for r in browse_rabbitmq(app, "", queue).messages] == sent  # in its place
        blob = browse_rabbitmq(app, "", queue)
        publish_raw(rabbit, queue, b"no id here", content_type="text/plain")
        rows = browse_rabbitmq(app, "", queue).messages
        assert len(rows) == 4 and rows[3].raw == b"no id here" and blob.total == 3
        dropped = delete_rabbitmq(app, queue, [rows[3]])  # matched by its exact bytes
        assert dropped.done == (f"{queue}#3",) and [r.id for r in browse_rabbitmq(app, "", queue).messages] == sent
    finally:
        app.close()


# -- dead letters ---------------------------------------------------------------------------------------------


def test_a_dead_letter_queue_is_shown_as_one_and_its_messages_requeued_then_run(rabbit, worker):
    dlx, dead, origin, by_policy = "rm-dlx", "rm-dead", "rm-origin", "rm-pol-origin"
    with Connection(rabbit.url()) as connection:
        channel = connection.channel()
        channel.exchange_declare(dlx, "direct", durable=True, auto_delete=False)
        channel.queue_declare(dead, durable=True, auto_delete=False)
        channel.queue_bind(dead, dlx, routing_key=dead)
        channel.queue_declare(
            origin,
            durable=True,
            auto_delete=False,
            arguments={"x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": dead},
        )
        channel.close()
    api(
        rabbit,
        "PUT",
        "policies/%2F/rm-dl",
        {"pattern": "^rm-pol-", "definition": {"dead-letter-exchange": "", "dead-letter-routing-key": dead}},
    )
    declare(rabbit, by_policy)
    app = console_app(rabbit)
    try:
        ids = [app.send_task("tasks.add", args=(i, 1), queue=origin).id for i in range(3)]
        other = app.send_task("tasks.add", args=(0, 0), queue=by_policy).id
        with Connection(rabbit.url()) as connection:  # what a consumer refusing them does
            channel = connection.channel()
            for name in (origin,) * 3 + (by_policy,):
                message = channel.basic_get(name)
                channel.basic_reject(message.delivery_tag, requeue=False)
            channel.close()
        publish_raw(rabbit, dead, b'{"not": "a dead letter"}', content_type="application/json")
        assert wait_until(lambda: ready(rabbit, dead) == 5, 10)

        def shown():
            return browse_rabbitmq(app, rabbit.management_url(), dead)

        assert wait_until(lambda: shown().dead_letter_of == (origin, by_policy), 10), shown()  # a policy's shows with the stats
        rows = shown().messages
        assert [r.id for r in rows[:4]] == [*ids, other]
        assert rows[0].headers["x-death"][0]["queue"] == origin and rows[0].headers["x-death"][0]["reason"] == "rejected"

        outcome = requeue_dead_letters(app, dead, [rows[0], rows[2], rows[4]])
        assert set(outcome.done) == {ids[0], ids[2]} and outcome.missing == ()
        assert outcome.failed == ((f"{dead}#4", outcome.failed[0][1]),) and "no x-death header" in outcome.failed[0][1]
        assert [r.id for r in browse_rabbitmq(app, rabbit.management_url(), dead).messages[:2]] == [ids[1], other]
        back = browse_rabbitmq(app, rabbit.management_url(), origin).messages
        assert [r.id for r in back] == [ids[0], ids[2]] and back[0].headers["x-death"][0]["queue"] == origin

        run = move_rabbitmq(app, origin, list(back), WORK)  # to the worker's queue: each runs once
        assert set(run.done) == {ids[0], ids[2]}
        assert wait_until(lambda: all(executions(worker)[i] == 1 for i in (ids[0], ids[2])), 20), worker.log_tail()
        assert executions(worker)[ids[1]] == 0
    finally:
        api(rabbit, "DELETE", "policies/%2F/rm-dl")
        app.close()


# -- the priority warning ------------------------------------------------------------------------------------


def test_the_priority_warning_names_a_queue_without_x_max_priority(rabbit):
    declare(rabbit, "rm-prio", **{"x-max-priority": 10})
    declare(rabbit, "rm-plain")
    declare(rabbit, "rm-quorum", **{"x-queue-type": "quorum"})
    app = console_app(rabbit)
    try:
        url = rabbit.management_url()
        assert priority_ignored(app, url, "rm-prio") == ""
        plain = priority_ignored(app, url, "rm-plain")
        assert plain.startswith("queue 'rm-plain' exists without x-max-priority, so RabbitMQ ignores a message's priority")
        assert "quorum queue" in priority_ignored(app, url, "rm-quorum")  # RabbitMQ 3: no priorities in quorum queues
        assert "no queue 'rm-nothing-yet' yet" in priority_ignored(app, url, "rm-nothing-yet")
        assert priority_ignored(app, "", "rm-plain") == ""  # AMQP alone cannot tell
        assert priority_ignored(app, f"http://127.0.0.1:{rabbit.port}/", "rm-plain") == ""  # an API that does not answer
    finally:
        app.close()


# -- a queue deleted while the console remembers it -----------------------------------------------------------


def test_a_send_to_a_queue_deleted_meanwhile_is_never_lost_in_silence(rabbit, monkeypatch):
    queue = f"rm-vanish-{uuid.uuid4().hex[:4]}"
    app = console_app(rabbit)
    try:
        app.send_task("tasks.add", args=(1, 1), queue=queue)  # declared by Celery (and remembered by kombu)
        app.send_task("tasks.add", args=(2, 2), queue=queue)  # the broker has it: not declared again
        assert ready(rabbit, queue) == 2
        api(rabbit, "DELETE", f"queues/%2F/{queue}")
        started = time.monotonic()
        third = app.send_task("tasks.add", args=(3, 3), queue=queue)  # within KNOWN_FOR: returned, declared, sent again
        measured("rabbitmq send returned and sent again", time.monotonic() - started, "s")
        assert ready(rabbit, queue) == 1
        [row] = browse_rabbitmq(app, "", queue).messages
        assert row.id == third.id and row.args == "[3, 3]"
        app.send_task("tasks.add", args=(4, 4), queue=queue)
        assert ready(rabbit, queue) == 2

        with Connection(rabbit.url()) as connection:
            channel = connection.channel()
            channel.queue_delete(queue)
            channel.close()
        monkeypatch.setattr(rabbitmq, "_declare_again", lambda *args: None)  # as if deleted again at once
        with pytest.raises(QueueGone, match=f"RabbitMQ returned the message for queue '{queue}'.*NO_ROUTE.*not sent"):
            app.send_task("tasks.add", args=(5, 5), queue=queue)
    finally:
        app.close()


class FormSaid:
    """What the send operation tells the call form (the window's form shows the same text)."""

    def __init__(self):
        self.results: list[tuple[list | None, str | None]] = []

    def show_send_result(self, sent, error) -> None:
        self.results.append((sent, error))


def test_the_call_form_warns_once_before_sending_a_priority_rabbitmq_would_ignore(rabbit):
    declare(rabbit, "cf-plain")
    declare(rabbit, "cf-prio", **{"x-max-priority": 10})
    session = session_for(rabbit.url(), None, management_url=rabbit.management_url())
    form, revealed = FormSaid(), []

    async def scenario():
        await send_call(session, form, CallSpec("tasks.add", args=(1, 2), queue="cf-plain", priority=5), 1, revealed.append)
        assert form.results[-1][0] is None and "x-max-priority" in form.results[-1][1]
        assert "press Send again" in form.results[-1][1] and ready(rabbit, "cf-plain") == 0  # nothing sent yet
        await send_call(session, form, CallSpec("tasks.add", args=(1, 2), queue="cf-plain", priority=5), 1, revealed.append)
        assert form.results[-1][1] is None and ready(rabbit, "cf-plain") == 1  # asked once: the second Send sends
        await send_call(session, form, CallSpec("tasks.add", args=(3, 4), queue="cf-prio", priority=5), 1, revealed.append)
        assert form.results[-1][1] is None and ready(rabbit, "cf-prio") == 1  # a priority queue: no question
        await send_call(session, form, CallSpec("tasks.add", args=(5, 6), queue="cf-plain"), 1, revealed.append)
        assert form.results[-1][1] is None and len(revealed) == 3  # no priority: nothing to say

    try:
        asyncio.run(scenario())
    finally:
        session.client.close()
