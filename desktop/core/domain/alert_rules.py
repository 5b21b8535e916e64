"""Alert rules: what the user wants told about anything the console sees (not only watched tasks).

A rule names a kind (a task reaching a state, a long runtime, many retries, a failure rate, a long
queue, a worker offline, a missed schedule run) with its parameters. The engine is fed batches of
changed rows and periodic samples (queues, workers, schedule rows) and says which rules fire.

Repeats are grouped so a storm is one message, not one per task: a rule's first hits on a subject
(a task name, a queue, a worker) are gathered while they keep coming (at most GATHER_SECONDS) into
one alert; more hits within the rule's quiet period are told once when it ends ("tasks.sync failed
37 times in 5 min"). Pure: the clock is passed in, nothing here reads the time or the network.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from celery import states

from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.watch import ENDED_STATES, Notification

STATE, RUNTIME, RETRIES, FAILURE_RATE, QUEUE_LENGTH, WORKER_OFFLINE, SCHEDULE_MISSED = (
    "state",
    "runtime",
    "retries",
    "failure_rate",
    "queue_length",
    "worker_offline",
    "schedule_missed",
)
KINDS: dict[str, str] = {  # kind -> what the dialog calls it
    STATE: "Task reaches a state",
    RUNTIME: "Task runs longer than N s",
    RETRIES: "Task retried more than N times",
    FAILURE_RATE: "Task fails more than N times a minute",
    QUEUE_LENGTH: "Queue longer than N for M minutes",
    WORKER_OFFLINE: "Worker offline for N s",
    SCHEDULE_MISSED: "Schedule run missed",
}
TASK_KINDS = frozenset({STATE, RUNTIME, RETRIES, FAILURE_RATE})
STATES = (states.FAILURE, states.SUCCESS, states.RETRY, states.REVOKED, states.REJECTED, states.STARTED, states.RECEIVED)
DEFAULT_QUIET = 300.0
SETTLE_SECONDS = 2.0  # a gathering alert goes out once no hit came for this long
GATHER_SECONDS = 10.0  # ... or this long after its first hit, whatever keeps coming
MAX_NAME, MAX_PATTERN = 120, 300
MAX_QUIET = 86_400.0
MAX_SEEN = 200_000  # task ids a rule remembers having counted (each counts once)
RATE_WINDOW = 60.0
MAX_NAMES = 10_000  # task names a rule remembers matching or not
CLOCK_SLACK = 5.0  # a task's times come from the worker's clock: this much before a rule began still counts


class RuleError(ValueError):
    """A rule that cannot be kept, with a message per field (``errors``: field -> message)."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class AlertRule:
    """One rule. ``pattern`` is a glob on the task name (task kinds), the queue, the worker's host name or the
    schedule entry's name; ``threshold`` is N of its kind; ``minutes`` is M (queue length)."""

    name: str
    kind: str = STATE
    enabled: bool = True
    pattern: str = "*"
    state: str = states.FAILURE
    threshold: float = 0.0
    minutes: float = 0.0
    quiet_seconds: float = DEFAULT_QUIET

    def to_json(self) -> dict:
        data = {"kind": self.kind, "enabled": self.enabled, "pattern": self.pattern, "quiet_seconds": self.quiet_seconds}
        if self.kind == STATE:
            data["state"] = self.state
        if self.kind not in (STATE, SCHEDULE_MISSED):
            data["threshold"] = self.threshold
        if self.kind == QUEUE_LENGTH:
            data["minutes"] = self.minutes
        return data

    @classmethod
    def from_json(cls, name: str, data) -> AlertRule:
        """A rule from its JSON, checked; raises RuleError (or ValueError) when it is not a valid one."""
        if not isinstance(data, dict):
            raise ValueError("not a rule")

        def number(key: str, default: float) -> float:
            value = data.get(key, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RuleError({key: f"{key} is not a number"})
            return float(value)

        rule = cls(
            name=name,
            kind=str(data.get("kind", "")),
            enabled=bool(data.get("enabled", True)),
            pattern=str(data.get("pattern", "*")),
            state=str(data.get("state", states.FAILURE)),
            threshold=number("threshold", 0.0),
            minutes=number("minutes", 0.0),
            quiet_seconds=number("quiet_seconds", DEFAULT_QUIET),
        )
        return checked(rule)

    def describe(self) -> str:
        """The rule in words, for its row in the list: "proj.billing.* reaches FAILURE · quiet 5 min"."""
        n = _number(self.threshold)
        what = {
            STATE: f"{self.pattern} reaches {self.state}",
            RUNTIME: f"{self.pattern} runs over {n} s",
            RETRIES: f"{self.pattern} retried over {n} times",
            FAILURE_RATE: f"{self.pattern} fails over {n} times a minute",
            QUEUE_LENGTH: f"queue {self.pattern} over {n} messages for {_number(self.minutes)} min",
            WORKER_OFFLINE: f"worker {self.pattern} offline for {n} s",
            SCHEDULE_MISSED: f"schedule {self.pattern} misses a run",
        }.get(self.kind, self.kind)
        return f"{what} · quiet {span_text(self.quiet_seconds)}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def span_text(seconds: float) -> str:
    """A duration in the largest unit that keeps it whole enough: "2 s", "5 min", "3 h"."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.0f} h" if seconds % 3600 < 60 else f"{seconds / 3600:.1f} h"


def rule_errors(rule: AlertRule) -> dict[str, str]:
    """What is wrong with a rule, field -> message ("" fields: nothing)."""
    errors: dict[str, str] = {}
    name = rule.name.strip()
    if not name:
        errors["name"] = "a rule needs a name"
    elif len(name) > MAX_NAME:
        errors["name"] = f"a rule's name is at most {MAX_NAME} characters"
    if rule.kind not in KINDS:
        errors["kind"] = f"unknown kind {rule.kind!r}: one of {', '.join(KINDS)}"
        return errors
    pattern = rule.pattern.strip()
    if not pattern:
        what = {QUEUE_LENGTH: "queue", WORKER_OFFLINE: "worker", SCHEDULE_MISSED: "schedule entry"}.get(rule.kind, "task name")
        errors["pattern"] = f"give a {what} or a glob (* for any)"
    elif len(pattern) > MAX_PATTERN:
        errors["pattern"] = f"at most {MAX_PATTERN} characters"
    if rule.kind == STATE and rule.state not in states.ALL_STATES and not rule.state.isupper():
        errors["state"] = f"{rule.state!r} is not a state: one of {', '.join(STATES)} (or a custom state in capitals)"
    threshold, minutes, quiet = rule.threshold, rule.minutes, rule.quiet_seconds
    if rule.kind in (RUNTIME, WORKER_OFFLINE) and not (math.isfinite(threshold) and threshold > 0):
        errors["threshold"] = "seconds must be a number above 0"
    elif rule.kind in (RETRIES, FAILURE_RATE, QUEUE_LENGTH) and not (math.isfinite(threshold) and threshold >= 0):
        errors["threshold"] = "N must be a number, 0 or more"
    elif rule.kind in (RETRIES, FAILURE_RATE, QUEUE_LENGTH) and not float(threshold).is_integer():
        errors["threshold"] = "N must be a whole number"
    if rule.kind == QUEUE_LENGTH and not (math.isfinite(minutes) and 0 <= minutes <= MAX_QUIET / 60):
        errors["minutes"] = "minutes must be a number from 0 to 1,440"
    if not (math.isfinite(quiet) and 0 <= quiet <= MAX_QUIET):
        errors["quiet_seconds"] = "the quiet period is 0 to 24 hours (1,440 min)"
    return errors


def checked(rule: AlertRule) -> AlertRule:
    """The rule with its name and pattern trimmed; raises RuleError when it is not valid."""
    errors = rule_errors(rule)
    if errors:
        raise RuleError(errors)
    return AlertRule(
        rule.name.strip(),
        rule.kind,
        rule.enabled,
        rule.pattern.strip(),
        rule.state.strip(),
        float(rule.threshold),
        float(rule.minutes),
        float(rule.quiet_seconds),
    )


def rule_from_text(
    name: str, kind: str, enabled: bool, pattern: str, state: str, threshold: str, minutes: str, quiet_minutes: str
) -> AlertRule:
    """The dialog's fields (numbers as typed; the quiet period in minutes) -> a checked rule, or RuleError per field."""
    errors: dict[str, str] = {}

    def number(key: str, text: str, default: float, unit: str = "") -> float:
        text = text.strip().replace(",", "")
        if not text:
            return default
        try:
            value = float(text)
        except ValueError:
            errors[key] = f"{text!r} is not a number{unit}"
            return default
        return value

    values = {
        "threshold": number("threshold", threshold, 0.0 if kind not in (RUNTIME, WORKER_OFFLINE) else float("nan")),
        "minutes": number("minutes", minutes, 0.0),
        "quiet": number("quiet_seconds", quiet_minutes, DEFAULT_QUIET / 60, " of minutes"),
    }
    rule = AlertRule(
        name, kind, enabled, pattern, state.strip().upper(), values["threshold"], values["minutes"], values["quiet"] * 60
    )
    found = {**rule_errors(rule), **errors}
    if found:
        raise RuleError(found)
    return checked(rule)


# -- what the engine is fed -----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSample:
    name: str
    ready: int | None  # None: not known this time


@dataclass(frozen=True)
class WorkerSeen:
    hostname: str
    online: bool
    offline_since: float | None = None  # when the console first saw it offline (None while online)


@dataclass(frozen=True)
class ScheduleMiss:
    entry: str  # the entry's name
    task: str
    missed_at: float  # the due time beat let pass (epoch seconds)


OPENS_TASK, OPENS_WORKERS, OPENS_QUEUES, OPENS_SCHEDULES = "task", "workers", "queues", "schedules"


@dataclass(frozen=True)
class FiredAlert:
    """One alert told: a rule's hits on a subject, grouped. ``opens``: what a click shows (the task, or a tab)."""

    at: float
    rule: str
    kind: str
    subject: str
    title: str
    body: str
    count: int
    task_id: str = ""
    opens: str = OPENS_TASK
    failed: bool = True

    def notification(self) -> Notification:
        return Notification(self.title, self.body, self.task_id, failed=self.failed, tasks=self.count, failures=0)


@dataclass(frozen=True)
class Hit:
    subject: str
    task_id: str = ""
    detail: str = ""
    at: float = 0.0


@dataclass
class _Group:
    first_at: float
    last_at: float
    count: int = 1
    task_id: str = ""
    detail: str = ""
    told: bool = False
    period_start: float = 0.0


@dataclass
class _RuleState:
    rule: AlertRule
    began: float = 0.0  # when the rule was put to work: a task that changed before does not count
    seen: OrderedDict = field(default_factory=OrderedDict)  # task ids counted (each once)
    running: dict[str, tuple[str, float]] = field(default_factory=dict)  # RUNTIME: id -> (name, started_at)
    failures: dict[str, deque] = field(default_factory=dict)  # FAILURE_RATE: name -> failure times
    since: dict[str, float] = field(default_factory=dict)  # QUEUE_LENGTH: queue -> over N since
    told: set = field(default_factory=set)  # condition kinds: episodes already hit
    groups: dict[str, _Group] = field(default_factory=dict)
    names: dict[str, bool] = field(default_factory=dict)  # task name -> whether the pattern matches it (few names, many rows)

    def matches(self, name: str) -> bool:
        matched = self.names.get(name)
        if matched is None:
            if len(self.names) > MAX_NAMES:
                self.names.clear()
            matched = self.names[name] = fnmatchcase(name, self.rule.pattern)
        return matched

    def first_time(self, task_id: str) -> bool:
        if task_id in self.seen:
            return False
        self.seen[task_id] = None
        if len(self.seen) > MAX_SEEN:
            self.seen.popitem(last=False)
        return True


_VERBS = {
    states.FAILURE: "failed",
    states.SUCCESS: "succeeded",
    states.RETRY: "was retried",
    states.REVOKED: "was revoked",
    states.REJECTED: "was rejected",
    states.STARTED: "started",
    states.RECEIVED: "was received",
}


def _titles(rule: AlertRule, subject: str) -> tuple[str, Callable[[int, str], str]]:
    """(the title of one hit, count and span -> the title of many)."""
    n = _number(rule.threshold)
    if rule.kind == STATE:
        verb = _VERBS.get(rule.state, f"reached {rule.state}")
        base = f"{subject} {verb}"
        return base, lambda count, span: f"{base} {count:,} times in {span}"
    if rule.kind == RUNTIME:
        return f"{subject} ran over {n} s", lambda count, span: f"{subject}: {count:,} runs over {n} s in {span}"
    if rule.kind == RETRIES:
        return (
            f"{subject} retried over {n} times",
            lambda count, span: f"{subject}: {count:,} tasks retried over {n} times in {span}",
        )
    if rule.kind == FAILURE_RATE:
        return (
            f"{subject} failed over {n} times a minute",
            lambda count, span: f"{subject} failed {count:,} times in {span} (over {n} a minute)",  # failures past the rate
        )
    if rule.kind == QUEUE_LENGTH:
        base = f"queue {subject} over {n} messages for {_number(rule.minutes)} min"
        return base, lambda count, span: f"{base}, {count:,} times in {span}"
    if rule.kind == WORKER_OFFLINE:
        base = f"worker {subject} offline for over {n} s"
        return base, lambda count, span: f"{base}, {count:,} times in {span}"
    return f"schedule {subject} missed a run", lambda count, span: f"schedule {subject} missed {count:,} runs in {span}"


def _may_run_long(record: TaskRecord, rule_state: _RuleState) -> bool:
    if record.state not in ENDED_STATES or record.id in rule_state.running:
        return True
    runtime = record.runtime
    return runtime is not None and runtime > rule_state.rule.threshold


def _counts_already(rule: AlertRule, record: TaskRecord) -> bool:
    """Whether a row held when the rule begins is already what the rule looks for (so it is not news)."""
    if rule.kind == STATE:
        return record.state == rule.state
    if rule.kind == RUNTIME:
        return record.state in ENDED_STATES
    if rule.kind == RETRIES:
        return record.retries is not None and record.retries > rule.threshold
    return record.state == states.FAILURE


_OPENS = {QUEUE_LENGTH: OPENS_QUEUES, WORKER_OFFLINE: OPENS_WORKERS, SCHEDULE_MISSED: OPENS_SCHEDULES}


def _one_line(text: str, limit: int = 160) -> str:
    return display_text(" ".join(text.split()), limit)


def _failure_line(record: TaskRecord) -> str:
    line = next((part for part in record.result.splitlines() if part.strip()), "") or record.exc_type
    return line or record.error or record.state.lower()


class AlertEngine:
    """The rules' state: what each has counted, its conditions held since when, its groups waiting to be told.

    ``tasks_changed`` and ``sample`` record hits; ``due`` returns the alerts whose time has come. ``clock``
    (epoch seconds) is read by each of them, so a test moves time by hand.
    """

    def __init__(self, rules: Iterable[AlertRule] = (), clock: Callable[[], float] = time.time):
        self.clock = clock
        self._states: dict[str, _RuleState] = {}
        self.set_rules(rules)

    @property
    def rules(self) -> list[AlertRule]:
        return [s.rule for s in self._states.values()]

    def set_rules(self, rules: Iterable[AlertRule], present: Iterable[TaskRecord] = ()) -> None:
        """The rules from now on; a rule kept as it was keeps its counts and groups, a changed one starts afresh.

        A rule starts on what happens from now: the rows already ``present`` that it would count
        (failed already, say) are marked counted, and a row whose times are older than now (one
        the history brings back at start) never counts.
        """
        kept: dict[str, _RuleState] = {}
        fresh: list[_RuleState] = []
        now = self.clock()
        for rule in rules:
            if not rule.enabled:
                continue
            old = self._states.get(rule.name)
            if old is not None and old.rule == rule:
                kept[rule.name] = old
            else:
                kept[rule.name] = _RuleState(rule, began=now)
                fresh.append(kept[rule.name])
        self._states = kept
        fresh = [s for s in fresh if s.rule.kind in TASK_KINDS]
        if fresh:
            present = list(present)
            for rule_state in fresh:
                counted = [record.id for record in present if _counts_already(rule_state.rule, record)]
                rule_state.seen.update(dict.fromkeys(counted[-MAX_SEEN:]))

    @property
    def wants_schedules(self) -> bool:
        return any(s.rule.kind == SCHEDULE_MISSED for s in self._states.values())

    @property
    def active(self) -> bool:
        return bool(self._states)

    # -- hits -------------------------------------------------------------------------------------

    def tasks_changed(self, records: Iterable[TaskRecord]) -> None:
        """A batch of changed rows (workflow rows left out): each task kind's hits, each task counted once a rule."""
        task_rules = [s for s in self._states.values() if s.rule.kind in TASK_KINDS]
        if not task_rules:
            return
        now = self.clock()
        rows = [record for record in records if not record.container]
        for rule_state in task_rules:  # a rule at a time, the cheap test first: most rows are nothing to most rules
            rule = rule_state.rule
            if rule.kind == STATE:
                wanted = rule.state
                candidates = [r for r in rows if r.state == wanted]
            elif rule.kind == FAILURE_RATE:
                candidates = [r for r in rows if r.state == states.FAILURE]
            elif rule.kind == RETRIES:
                threshold = rule.threshold
                candidates = [r for r in rows if r.retries and r.retries > threshold]
            else:  # RUNTIME: started, and running, or ended over the limit (or was running when last seen)
                candidates = [r for r in rows if r.started_at is not None and _may_run_long(r, rule_state)]
            names = rule_state.names
            for record in candidates:
                matched = names.get(record.name)
                if matched is None:
                    matched = rule_state.matches(record.name)
                if matched:
                    self._task_hit(rule_state, record, now)

    def _task_hit(self, rule_state: _RuleState, record: TaskRecord, now: float) -> None:
        rule, name = rule_state.rule, record.name
        when = record.date_done if record.state in ENDED_STATES else None
        when = when or record.started_at or record.sent_at
        if when is not None and when < rule_state.began - CLOCK_SLACK:
            return  # it happened before the rule began (the history's rows at start)
        if rule.kind == STATE:
            if record.state == rule.state and rule_state.first_time(record.id):
                detail = _failure_line(record) if record.state in (states.FAILURE, states.REVOKED, states.REJECTED) else ""
                self._hit(rule_state, Hit(name, record.id, detail, now))
        elif rule.kind == RUNTIME:
            if record.id in rule_state.seen:
                return
            runtime = record.runtime
            if record.state in ENDED_STATES:
                rule_state.running.pop(record.id, None)
                if runtime is not None and runtime > rule.threshold and rule_state.first_time(record.id):
                    self._hit(rule_state, Hit(name, record.id, f"took {runtime:,.1f} s", now))
            elif record.started_at is not None:
                rule_state.running[record.id] = (name, record.started_at)
                self._check_running(rule_state, now)
        elif rule.kind == RETRIES:
            if record.retries is not None and record.retries > rule.threshold and rule_state.first_time(record.id):
                self._hit(rule_state, Hit(name, record.id, f"{record.retries:,} retries", now))
        elif rule.kind == FAILURE_RATE:
            if record.state == states.FAILURE and rule_state.first_time(record.id):
                times = rule_state.failures.setdefault(name, deque())
                times.append(now)
                while times and times[0] <= now - RATE_WINDOW:
                    times.popleft()
                if len(times) > rule.threshold:
                    self._hit(rule_state, Hit(name, record.id, f"{len(times):,} failures in the last minute", now))

    def _check_running(self, rule_state: _RuleState, now: float) -> None:
        """Tasks still running past the limit: told now, not when (if ever) they end."""
        limit = rule_state.rule.threshold
        for task_id, (name, started_at) in list(rule_state.running.items()):
            if now - started_at > limit:
                del rule_state.running[task_id]
                if rule_state.first_time(task_id):
                    self._hit(rule_state, Hit(name, task_id, f"running for {now - started_at:,.0f} s", now))

    def sample(
        self,
        queues: Iterable[QueueSample] | None = None,
        workers: Iterable[WorkerSeen] | None = None,
        schedules: Iterable[ScheduleMiss] | None = None,
    ) -> None:
        """The periodic look: queue lengths, workers, missed schedule runs (None: not known this time), running tasks."""
        now = self.clock()
        queues = None if queues is None else list(queues)
        workers = None if workers is None else list(workers)
        schedules = None if schedules is None else list(schedules)
        for rule_state in self._states.values():
            rule = rule_state.rule
            if rule.kind == RUNTIME:
                self._check_running(rule_state, now)
            elif rule.kind == QUEUE_LENGTH and queues is not None:
                self._sample_queues(rule_state, queues, now)
            elif rule.kind == WORKER_OFFLINE and workers is not None:
                for worker in workers:
                    if not fnmatchcase(worker.hostname, rule.pattern):
                        continue
                    episode = (worker.hostname, worker.offline_since)
                    if worker.online or worker.offline_since is None:
                        rule_state.told = {e for e in rule_state.told if e[0] != worker.hostname}
                    elif now - worker.offline_since >= rule.threshold and episode not in rule_state.told:
                        rule_state.told.add(episode)
                        detail = f"offline for {now - worker.offline_since:,.0f} s"
                        self._hit(rule_state, Hit(worker.hostname, "", detail, now))
            elif rule.kind == SCHEDULE_MISSED and schedules is not None:
                for miss in schedules:
                    episode = (miss.entry, miss.missed_at)
                    if fnmatchcase(miss.entry, rule.pattern) and episode not in rule_state.told:
                        rule_state.told.add(episode)
                        due = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(miss.missed_at))
                        self._hit(rule_state, Hit(miss.entry, "", f"{miss.task} was due at {due}", now))

    def _sample_queues(self, rule_state: _RuleState, queues: list[QueueSample], now: float) -> None:
        rule = rule_state.rule
        for queue in queues:
            if queue.ready is None or not fnmatchcase(queue.name, rule.pattern):
                continue
            if queue.ready <= rule.threshold:
                rule_state.since.pop(queue.name, None)
                rule_state.told.discard(queue.name)
                continue
            since = rule_state.since.setdefault(queue.name, now)
            if now - since >= rule.minutes * 60 and queue.name not in rule_state.told:
                rule_state.told.add(queue.name)
                self._hit(rule_state, Hit(queue.name, "", f"{queue.ready:,} messages waiting", now))

    def _hit(self, rule_state: _RuleState, hit: Hit) -> None:
        group = rule_state.groups.get(hit.subject)
        if group is None:
            rule_state.groups[hit.subject] = _Group(hit.at, hit.at, 1, hit.task_id, hit.detail)
            return
        if group.told and group.count == 0:
            group.first_at = hit.at
        group.count += 1
        group.last_at = hit.at
        group.task_id = hit.task_id or group.task_id
        group.detail = hit.detail or group.detail

    # -- telling ----------------------------------------------------------------------------------

    def due(self) -> list[FiredAlert]:
        """The alerts to tell now: gathered first hits that settled, and what each quiet period held when it ended."""
        now = self.clock()
        fired: list[FiredAlert] = []
        for rule_state in self._states.values():
            rule = rule_state.rule
            for subject, group in list(rule_state.groups.items()):
                if not group.told:
                    if now - group.last_at >= SETTLE_SECONDS or now - group.first_at >= GATHER_SECONDS:
                        fired.append(self._fired(rule, subject, group, now, group.last_at - group.first_at))
                        group.told, group.period_start, group.count = True, group.first_at, 0
                elif now >= group.period_start + rule.quiet_seconds:
                    if group.count:
                        fired.append(self._fired(rule, subject, group, now, now - group.period_start))
                        group.period_start, group.count = now, 0
                    else:
                        del rule_state.groups[subject]
        return fired

    def _fired(self, rule: AlertRule, subject: str, group: _Group, now: float, span: float) -> FiredAlert:
        one, many = _titles(rule, display_text(subject, 100) or "(no name)")
        first = not group.told  # a rate's first alert says it crossed the rate; its detail says by how much
        title = (
            one
            if group.count == 1 or (first and rule.kind == FAILURE_RATE)
            else many(group.count, span_text(span) if span >= 1 else "under 1 s")
        )
        lead = "" if group.count == 1 else "latest: "
        body = f"{lead}{group.detail} · rule {rule.name}" if group.detail else f"rule {rule.name}"
        failed = rule.kind != STATE or rule.state in (states.FAILURE, states.REVOKED, states.REJECTED, states.RETRY)
        return FiredAlert(
            now,
            rule.name,
            rule.kind,
            subject,
            _one_line(title, 120),
            _one_line(body),
            group.count,
            group.task_id,
            _OPENS.get(rule.kind, OPENS_TASK),
            failed,
        )


# -- the Test button ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestAnswer:
    fires: bool
    text: str

    __test__ = False  # not a pytest class


def try_rule(
    rule: AlertRule,
    tasks: Iterable[TaskRecord],
    queues: Iterable[QueueSample] = (),
    workers: Iterable[WorkerSeen] = (),
    schedules: Iterable[ScheduleMiss] = (),
    now: float | None = None,
) -> TestAnswer:
    """What the rule would fire on what the console holds now: "would fire: 3 tasks matched", or why not."""
    now = time.time() if now is None else now
    kind, n = rule.kind, rule.threshold

    def tasks_answer(matched: list[TaskRecord], what: str) -> TestAnswer:
        if not matched:
            return TestAnswer(False, f"would not fire now: no task in the window {what}")
        names = sorted({r.name for r in matched})
        shown = ", ".join(display_text(name, 60) for name in names[:3]) + (
            f" and {len(names) - 3} more" if len(names) > 3 else ""
        )
        plural = "task" if len(matched) == 1 else "tasks"
        return TestAnswer(True, f"would fire: {len(matched):,} {plural} matched ({shown})")

    if kind in TASK_KINDS:
        rows = [r for r in tasks if not r.container and fnmatchcase(r.name, rule.pattern)]
        if kind == STATE:
            return tasks_answer([r for r in rows if r.state == rule.state], f"matching {rule.pattern} is {rule.state}")
        if kind == RUNTIME:

            def over(record: TaskRecord) -> bool:
                runtime = record.runtime
                if runtime is None and record.state not in ENDED_STATES and record.started_at is not None:
                    runtime = now - record.started_at
                return runtime is not None and runtime > n

            return tasks_answer([r for r in rows if over(r)], f"matching {rule.pattern} ran over {_number(n)} s")
        if kind == RETRIES:
            return tasks_answer(
                [r for r in rows if r.retries is not None and r.retries > n],
                f"matching {rule.pattern} retried over {_number(n)} times",
            )
        per_name: dict[str, int] = {}
        for record in rows:
            if record.state == states.FAILURE and record.date_done is not None and record.date_done > now - RATE_WINDOW:
                per_name[record.name] = per_name.get(record.name, 0) + 1
        over_rate = {name: count for name, count in per_name.items() if count > n}
        if over_rate:
            name, count = max(over_rate.items(), key=lambda item: item[1])
            return TestAnswer(True, f"would fire: {display_text(name, 60)} failed {count:,} times in the last minute")
        most = max(per_name.values(), default=0)
        return TestAnswer(False, f"would not fire now: at most {most:,} failures in the last minute (over {_number(n)} fires)")
    if kind == QUEUE_LENGTH:
        known = [q for q in queues if q.ready is not None and fnmatchcase(q.name, rule.pattern)]
        over = [q for q in known if q.ready > n]
        if not over:
            return TestAnswer(False, f"would not fire now: {len(known):,} queue(s) match, none over {_number(n)} messages")
        shown = ", ".join(f"{display_text(q.name, 60)} ({q.ready:,})" for q in over[:3])
        if rule.minutes:
            return TestAnswer(True, f"would fire if it lasts {_number(rule.minutes)} min: over {_number(n)} now: {shown}")
        return TestAnswer(True, f"would fire: over {_number(n)} now: {shown}")
    if kind == WORKER_OFFLINE:
        known = [w for w in workers if fnmatchcase(w.hostname, rule.pattern)]
        offline = [w for w in known if not w.online and w.offline_since is not None]
        long_enough = [w for w in offline if now - w.offline_since >= n]
        if long_enough:
            shown = ", ".join(f"{display_text(w.hostname, 60)} ({now - w.offline_since:,.0f} s)" for w in long_enough[:3])
            return TestAnswer(True, f"would fire: offline for over {_number(n)} s: {shown}")
        if offline:
            return TestAnswer(False, f"would not fire yet: {len(offline):,} worker(s) offline for less than {_number(n)} s")
        return TestAnswer(False, f"would not fire now: {len(known):,} known worker(s) match, all online")
    misses = [m for m in schedules if fnmatchcase(m.entry, rule.pattern)]
    if misses:
        shown = ", ".join(display_text(m.entry, 60) for m in misses[:3])
        return TestAnswer(True, f"would fire: {len(misses):,} missed run(s): {shown}")
    return TestAnswer(False, "would not fire now: no schedule entry read has a missed run (the Schedules tab reads them)")
