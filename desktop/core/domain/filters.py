"""What the results table is narrowed to: task name, states, worker, id prefix, text, time range.

A filter compiles to one predicate over TaskRecords, cheapest tests first. The text test looks
in args, kwargs and result (case-blind), lower-casing them each time: cheaper than keeping a
lower-cased copy per record (tried: the cache lookup costs more than ``str.lower`` on these
short texts, and the first search had to fill it). 100,000 rows: under 50 ms (bench/filter.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import translate

Predicate = Callable[[TaskRecord], bool]

TIME_RANGES = {  # label -> seconds back from now (None: any time); English keys: results_view marks and shows them translated
    "Any time": None,
    "Last 5 min": 300.0,
    "Last hour": 3600.0,
    "Last 24 h": 86400.0,
    "Last 7 days": 7 * 86400.0,
}


def task_time(record: TaskRecord) -> float | None:
    """When the task was first known to happen: sent, else started, else finished."""
    return record.sent_at or record.started_at or record.date_done


@dataclass(frozen=True)
class TaskFilter:
    text: str = ""  # in args, kwargs or result
    name: str = ""
    states: frozenset[str] = field(default_factory=frozenset)
    worker: str = ""
    id_prefix: str = ""
    since: float | None = None  # epoch seconds
    until: float | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.text.strip()
            or self.name.strip()
            or self.states
            or self.worker.strip()
            or self.id_prefix.strip()
            or self.since is not None
            or self.until is not None
        )

    def describe(self) -> str:
        """What the filter keeps, in words: "task ~ 'orders', state FAILURE, time range"."""
        parts = []
        if self.name.strip():
            parts.append(translate("filters", "task ~ {name}").format(name=repr(self.name.strip())))
        if self.states:
            parts.append(translate("filters", "state {states}").format(states="/".join(sorted(self.states))))
        if self.worker.strip():
            parts.append(translate("filters", "worker ~ {worker}").format(worker=repr(self.worker.strip())))
        if self.id_prefix.strip():
            parts.append(translate("filters", "id {prefix}…").format(prefix=self.id_prefix.strip()))
        if self.text.strip():
            parts.append(translate("filters", "text ~ {text}").format(text=repr(self.text.strip())))
        if self.since is not None or self.until is not None:
            parts.append(translate("filters", "time range"))
        return translate("filters", ", ").join(parts)

    def compile(self) -> Predicate:
        """One function testing a record against every part that is set."""
        tests: list[Predicate] = []
        if self.states:
            states = self.states
            tests.append(lambda r: r.state in states)
        prefix = self.id_prefix.strip().lower()
        if prefix:
            tests.append(lambda r: r.id.lower().startswith(prefix))
        name = self.name.strip().lower()
        if name:
            tests.append(lambda r: name in r.name.lower())
        worker = self.worker.strip().lower()
        if worker:
            tests.append(lambda r: worker in r.worker.lower())
        since, until = self.since, self.until
        if since is not None or until is not None:
            low = float("-inf") if since is None else since
            high = float("inf") if until is None else until

            def in_range(r: TaskRecord) -> bool:
                moment = task_time(r)
                return moment is not None and low <= moment <= high

            tests.append(in_range)
        text = self.text.strip().lower()
        if text:
            tests.append(lambda r: text in r.args.lower() or text in r.kwargs.lower() or text in r.result.lower())
        if not tests:
            return lambda r: True
        if len(tests) == 1:
            return tests[0]
        if len(tests) == 2:
            first, second = tests
            return lambda r: first(r) and second(r)
        return lambda r: all(test(r) for test in tests)
