"""The messages in the broker's queues, for the queue browser, and the work stuck in the unacked hash.

Every broker call runs in the client's executor and comes back as a Reply. On Redis, a message a
worker took and never acked stays in kombu's ``unacked`` hash until a consuming worker's sweep puts
it back, ``visibility_timeout`` seconds (an hour by default) after delivery. When no online worker
reports it (``inspect`` active, reserved or scheduled), it is "stuck": the browser marks it, and the
task's row carries a warning saying since when and until when, so a user can restore it now.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from celery import states

from desktop.core.cluster import queue_browser
from desktop.core.cluster.client import CHECK, ClusterClient, Reply
from desktop.core.cluster.inspection import inspect
from desktop.core.cluster.rabbitmq import is_amqp_url
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.queued_messages import ActionOutcome, MessageFilter, MessagePage, QueuedMessage
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import translate

STUCK_AFTER = 30.0  # seconds a message must have been held before "no worker reports it" means anything
INSPECT_TIMEOUT = 2.0
BROWSE_TIMEOUT = 60.0  # a filtered scan of a long queue reads it all


def clock_time(epoch: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(epoch))


def stuck_note(message: QueuedMessage) -> str:
    """The warning a stuck task's row carries."""
    delivered = clock_time(message.delivered_at) if message.delivered_at else "?"
    restore = clock_time(message.restore_at) if message.restore_at else "?"
    timeout = (message.restore_at or 0) - (message.delivered_at or 0)
    note = translate(
        "queue_messages",
        "message unacknowledged since {delivered} and no online worker reports it; a consuming worker puts it back "
        "in {queue} after {restore} (visibility_timeout {timeout} s). "
        "To put it back now: Queues tab → Messages… → Unacknowledged → Restore now",
    )
    queue = message.queue or translate("queue_messages", "its queue")
    return note.format(delivered=delivered, queue=queue, restore=restore, timeout=f"{timeout:.0f}")


def judge_held(
    messages: list[QueuedMessage], held: dict[str, str], every_worker_answered: bool, now: float
) -> list[QueuedMessage]:
    """Each held message with the worker that reports it, and whether it is stuck (held long, reported by none)."""
    judged = []
    for message in messages:
        worker = held.get(message.id, "") if message.id else ""
        old = message.delivered_at is not None and now - message.delivered_at >= STUCK_AFTER
        stuck = every_worker_answered and not worker and old
        judged.append(replace(message, held_by=worker, stuck=stuck))
    return judged


class QueueMessages:
    """Pages of a queue, held messages with their workers, actions on selected messages; the stuck ones by task id."""

    def __init__(self, client: ClusterClient, profile: ConnectionProfile, online_hostnames: Callable[[], list[str]]):
        self.client = client
        self.profile = profile
        self.online_hostnames = online_hostnames
        self.stuck: dict[str, QueuedMessage] = {}  # task id -> its message, held while no worker reports it
        self.held_note = ""
        self.priority_warned: set[str] = set()  # warnings the user has seen once: a second Send sends

    @property
    def amqp(self) -> bool:
        return is_amqp_url(self.profile.broker_url)

    @property
    def allow_pickle(self) -> bool:
        return bool(self.profile.allow_pickle)

    async def page(
        self, queue: str, offset: int = 0, limit: int = queue_browser.PAGE, message_filter: MessageFilter | None = None
    ) -> Reply[MessagePage]:
        app, pickle = self.client.app, self.allow_pickle
        if self.amqp:
            from desktop.core.cluster import rabbitmq_messages  # only a RabbitMQ session needs it

            url = self.profile.management_url or ""

            def read() -> MessagePage:
                return rabbitmq_messages.browse_rabbitmq(
                    app, url, queue, limit=max(limit, offset + limit), message_filter=message_filter, allow_pickle=pickle
                )

        else:

            def read() -> MessagePage:
                return queue_browser.browse_redis(
                    app, queue, offset=offset, limit=limit, message_filter=message_filter, allow_pickle=pickle
                )

        return await self.client.run_blocking(read, BROWSE_TIMEOUT)

    async def held(self, queue: str | None = None) -> Reply[list[QueuedMessage]]:
        """Messages workers took and did not ack (Redis), each with the worker that reports it or stuck."""
        app, pickle, hostnames = self.client.app, self.allow_pickle, list(self.online_hostnames())
        if self.amqp:
            return Reply(value=[])

        def read() -> tuple[list[QueuedMessage], str]:
            messages, _count, note = queue_browser.unacked_redis(app, allow_pickle=pickle, queue=queue)
            held, answered = _ask_workers(app, hostnames) if messages else ({}, True)
            if not answered:
                unsure = translate("queue_messages", "not every online worker answered inspect: nothing is called stuck")
                note = "; ".join(filter(None, (note, unsure)))
            return judge_held(messages, held, answered, time.time()), note

        reply = await self.client.run_blocking(read, BROWSE_TIMEOUT)
        if not reply.ok:
            return Reply(error=reply.error, elapsed_ms=reply.elapsed_ms)
        messages, self.held_note = reply.value
        return Reply(value=messages, elapsed_ms=reply.elapsed_ms)

    async def check_stuck(self) -> set[str]:
        """Read which tasks are stuck now (cheaply when nothing was held long); the ids whose warning changes."""
        if self.amqp:
            return set()
        app = self.client.app
        oldest = await self.client.run_blocking(lambda: queue_browser.oldest_unacked(app), lane=CHECK)
        if not oldest.ok:
            return set()
        stuck: dict[str, QueuedMessage] = {}
        if oldest.value is not None and time.time() - oldest.value >= STUCK_AFTER:
            reply = await self.held()
            if not reply.ok:
                return set()
            stuck = {m.id: m for m in reply.value if m.stuck and m.id}
        changed = {i for i in stuck.keys() ^ self.stuck.keys()} | {
            i for i in stuck.keys() & self.stuck.keys() if stuck[i].delivery_tag != self.stuck[i].delivery_tag
        }
        self.stuck = stuck
        return changed

    def note(self, record: TaskRecord) -> str:
        """The stuck warning a task's row carries ("" when its message is not stuck, or it has ended)."""
        message = self.stuck.get(record.id)
        if message is None or record.state in states.READY_STATES:
            return ""
        return stuck_note(message)

    # -- actions -------------------------------------------------------------
    async def delete(self, queue: str, messages: list[QueuedMessage]) -> Reply[ActionOutcome]:
        app, url = self.client.app, self.profile.management_url or ""
        what = translate("queue_messages", "deleting {count} message(s) from {queue}").format(
            count=f"{len(messages):,}", queue=repr(queue)
        )
        if self.amqp:
            from desktop.core.cluster import rabbitmq_messages

            return await self.client.run_mutation(
                what, lambda: rabbitmq_messages.delete_rabbitmq(app, queue, messages, management_url=url), BROWSE_TIMEOUT
            )
        return await self.client.run_mutation(what, lambda: queue_browser.delete_redis(app, messages))

    async def move(self, queue: str, messages: list[QueuedMessage], target: str) -> Reply[ActionOutcome]:
        app, url = self.client.app, self.profile.management_url or ""
        what = translate("queue_messages", "moving {count} message(s) from {queue} to {target}").format(
            count=f"{len(messages):,}", queue=repr(queue), target=repr(target)
        )
        if self.amqp:
            from desktop.core.cluster import rabbitmq_messages

            return await self.client.run_mutation(
                what, lambda: rabbitmq_messages.move_rabbitmq(app, queue, messages, target, management_url=url), BROWSE_TIMEOUT
            )
        return await self.client.run_mutation(what, lambda: queue_browser.move_redis(app, messages, target))

    async def restore(self, messages: list[QueuedMessage]) -> Reply[ActionOutcome]:
        app = self.client.app
        reply = await self.client.run_mutation(
            translate("queue_messages", "restoring {count} message(s)").format(count=f"{len(messages):,}"),
            lambda: queue_browser.restore_redis(app, messages),
        )
        if reply.ok:
            for message in messages:
                self.stuck.pop(message.id, None)
        return reply

    async def priority_ignored(self, spec: CallSpec) -> str:
        """RabbitMQ: why the priority of this call would do nothing (its queue has no x-max-priority); "" otherwise.

        The queue is the one Celery's router picks for the call. Without a management URL nothing is known.
        """
        url = self.profile.management_url or ""
        if spec.priority is None or not self.amqp or not url:
            return ""
        from desktop.core.cluster import rabbitmq_messages

        app = self.client.app

        def check() -> str:
            routed = app.amqp.router.route({"queue": spec.queue} if spec.queue else {}, spec.task)
            queue = routed.get("queue")
            name = getattr(queue, "name", queue)
            return rabbitmq_messages.priority_ignored(app, url, name) if isinstance(name, str) and name else ""

        reply = await self.client.run_blocking(check, lane=CHECK)
        return reply.value if reply.ok else ""

    async def requeue_dead_letters(self, queue: str, messages: list[QueuedMessage]) -> Reply[ActionOutcome]:
        from desktop.core.cluster import rabbitmq_messages

        app, url = self.client.app, self.profile.management_url or ""
        return await self.client.run_mutation(
            translate("queue_messages", "requeueing {count} dead letter(s) from {queue}").format(
                count=f"{len(messages):,}", queue=repr(queue)
            ),
            lambda: rabbitmq_messages.requeue_dead_letters(app, queue, messages, management_url=url),
            BROWSE_TIMEOUT,
        )


def _ask_workers(app, hostnames: Iterable[str]) -> tuple[dict[str, str], bool]:
    """Task id -> worker from every worker's active, reserved and scheduled; whether every worker known online answered.

    Asked of all workers, not only those known: a worker the console has not seen yet may hold them.
    """
    known = set(hostnames)
    replies = [
        inspect(app, method, expected=known or None, timeout=INSPECT_TIMEOUT) for method in ("active", "reserved", "scheduled")
    ]
    answered = all(known <= set(r.replies) and not r.error for r in replies)
    return queue_browser.held_by_workers(*(r.replies for r in replies)), answered
