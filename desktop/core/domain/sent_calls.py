"""The calls this console sent, by task id: each shown as a row at once, and sent again exactly as it went."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import short_json
from desktop.core.domain.triage import ResendPlan


def args_summary(args: tuple | list, kwargs: dict) -> str:
    return ", ".join([*(short_json(a, 60) for a in args), *(f"{k}={short_json(v, 60)}" for k, v in kwargs.items())])


def sent_row(task_id: str, task: str, args, kwargs, now: float, parent_id: str | None, **known) -> TaskRecord:
    """The row a sent call shows as before the backend knows anything of it."""
    return TaskRecord(
        id=task_id,
        name=task,
        args=args_summary(args, {}),
        kwargs=args_summary((), kwargs),
        sent_at=now,
        mine=True,
        parent_id=parent_id,
        **known,
    )


class SentCalls:
    """Every call the console sent (kept in the history too), and what sending it again would send.

    A task the console did not send may still be sent again when the backend recorded its call
    (result_extended): ``tasks`` are the rows, whose backend record says it.
    """

    def __init__(self, tasks: Mapping[str, TaskRecord]):
        self.tasks = tasks
        self.sent: dict[str, CallSpec] = {}

    def keep(self, calls: Iterable[CallSpec], parent_of: Mapping[str, str] | None = None) -> list[TaskRecord]:
        """Calls that just went out, kept; returns the rows they and their callbacks show as, those not mine yet.

        ``parent_of``: the row each call shows under (a workflow's part); callbacks show under their call.
        """
        now = time.time()
        fresh = []
        for sent in calls:
            self.sent[sent.task_id] = sent
            eta = sent.eta.timestamp() if sent.eta else (now + sent.countdown if sent.countdown else None)
            parent = (parent_of or {}).get(sent.task_id)
            fresh.append(sent_row(sent.task_id, sent.task, sent.args, sent.kwargs, now, parent, eta=eta))
            for link in (*sent.link, *sent.link_error):
                fresh.append(sent_row(link.task_id, link.task, link.args, link.kwargs, now, sent.task_id))
        tasks = self.tasks
        return [r for r in fresh if (known := tasks.get(r.id)) is None or not known.mine]

    def restore(self, calls: Mapping[str, CallSpec]) -> None:
        """Calls an earlier session sent (from the history): re-sent after a restart, the exact call goes."""
        for task_id, spec in calls.items():
            self.sent.setdefault(task_id, spec)

    def forget(self, ids: Iterable[str]) -> None:
        for task_id in ids:
            self.sent.pop(task_id, None)

    def call_to_resend(self, task_id: str, known: Mapping[str, TaskRecord] | None = None) -> CallSpec | None:
        """The exact call the console sent, or one rebuilt from what the backend recorded (see ``call_rebuilt``).

        ``known``: records of tasks the window may not hold (a search of the history found them).
        """
        if task_id in self.sent:
            return self.sent[task_id]
        record = self.tasks.get(task_id) or (known or {}).get(task_id)
        meta = record.meta if record else {}
        if not record or not record.name or not isinstance(meta.get("args"), list | tuple):
            return None
        kwargs = meta.get("kwargs") if isinstance(meta.get("kwargs"), dict) else {}
        return CallSpec(task=record.name, args=tuple(meta["args"]), kwargs=dict(kwargs))

    def call_rebuilt(self, task_id: str) -> bool:
        """Whether the call to re-send for this task is rebuilt from the backend's record, not one this console sent.

        Its task name, args and kwargs are then whatever anyone who can write to the backend put there.
        """
        return task_id not in self.sent and self.call_to_resend(task_id) is not None

    def resend_plan(self, task_ids: Iterable[str], known: Mapping[str, TaskRecord] | None = None) -> ResendPlan:
        """What re-sending these tasks would send: each call (fresh ids), which were rebuilt, which are unknown.

        An absolute ETA or expiry that has passed is left out: the copy would only run at once, or
        expire before any worker ran it.
        """
        calls: dict[str, CallSpec] = {}
        unknown = []
        now = time.time()
        for task_id in dict.fromkeys(task_ids):
            spec = self.call_to_resend(task_id, known)
            if spec is None:
                unknown.append(task_id)
                continue
            fresh = {
                "task_id": None,
                "link": tuple(replace(link, task_id=None) for link in spec.link),
                "link_error": tuple(replace(link, task_id=None) for link in spec.link_error),
            }
            if isinstance(spec.eta, datetime) and spec.eta.timestamp() <= now:
                fresh["eta"] = None
            if isinstance(spec.expires, datetime) and spec.expires.timestamp() <= now:
                fresh["expires"] = None
            calls[task_id] = replace(spec, **fresh)
        rebuilt = frozenset(task_id for task_id in calls if task_id not in self.sent)
        return ResendPlan(calls, rebuilt, tuple(unknown))
