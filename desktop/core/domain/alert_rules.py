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
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
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
CONTEXT = "alert_rules"  # the catalogue's context (lupdate needs the literal at each call)
KINDS: dict[str, str] = {  # kind (kept in the rules file) -> what the dialog calls it (kind_text: in the window's language)
    STATE: QT_TRANSLATE_NOOP("alert_rules", "Task reaches a state"),
    RUNTIME: QT_TRANSLATE_NOOP("alert_rules", "Task runs longer than N s"),
    RETRIES: QT_TRANSLATE_NOOP("alert_rules", "Task retried more than N times"),
    FAILURE_RATE: QT_TRANSLATE_NOOP("alert_rules", "Task fails more than N times a minute"),
    QUEUE_LENGTH: QT_TRANSLATE_NOOP("alert_rules", "Queue longer than N for M minutes"),
    WORKER_OFFLINE: QT_TRANSLATE_NOOP("alert_rules", "Worker offline for N s"),
    SCHEDULE_MISSED: QT_TRANSLATE_NOOP("alert_rules", "Schedule run missed"),
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
            raise ValueError(translate("alert_rules", "not a rule"))

        def number(key: str, default: float) -> float:
            value = data.get(key, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RuleError({key: translate("alert_rules", "{key} is not a number").format(key=key)})
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
        template = _DESCRIPTIONS.get(self.kind)
        what = (
            translate(CONTEXT, template).format(
                pattern=self.pattern, state=self.state, n=_number(self.threshold), minutes=_number(self.minutes)
            )
            if template
            else self.kind
        )
        return translate("alert_rules", "{rule} · quiet {span}").format(rule=what, span=span_text(self.quiet_seconds))


_DESCRIPTIONS = {  # a rule in words, by kind (the list's second line)
    STATE: QT_TRANSLATE_NOOP("alert_rules", "{pattern} reaches {state}"),
    RUNTIME: QT_TRANSLATE_NOOP("alert_rules", "{pattern} runs over {n} s"),
    RETRIES: QT_TRANSLATE_NOOP("alert_rules", "{pattern} retried over {n} times"),
    FAILURE_RATE: QT_TRANSLATE_NOOP("alert_rules", "{pattern} fails over {n} times a minute"),
    QUEUE_LENGTH: QT_TRANSLATE_NOOP("alert_rules", "queue {pattern} over {n} messages for {minutes} min"),
    WORKER_OFFLINE: QT_TRANSLATE_NOOP("alert_rules", "worker {pattern} offline for {n} s"),
    SCHEDULE_MISSED: QT_TRANSLATE_NOOP("alert_rules", "schedule {pattern} misses a run"),
}


def kind_text(kind: str) -> str:
    """What the dialog calls a kind, in the window's language (the kind itself when unknown)."""
    return translate(CONTEXT, KINDS[kind]) if kind in KINDS else kind


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def span_text(seconds: float) -> str:
    """A duration in the largest unit that keeps it whole enough: "2 s", "5 min", "3 h"."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return translate("alert_rules", "{count} s").format(count=max(1, round(seconds)))
    if seconds < 3600:
        return translate("alert_rules", "{count} min").format(count=round(seconds / 60))
    hours = f"{seconds / 3600:.0f}" if seconds % 3600 < 60 else f"{seconds / 3600:.1f}"
    return translate("alert_rules", "{count} h").format(count=hours)


def rule_errors(rule: AlertRule) -> dict[str, str]:
    """What is wrong with a rule, field -> message ("" fields: nothing)."""
    errors: dict[str, str] = {}
    name = rule.name.strip()
    if not name:
        errors["name"] = translate("alert_rules", "a rule needs a name")
    elif len(name) > MAX_NAME:
        errors["name"] = translate("alert_rules", "a rule's name is at most {max} characters").format(max=MAX_NAME)
    if rule.kind not in KINDS:
        errors["kind"] = translate("alert_rules", "unknown kind {kind}: one of {kinds}").format(
            kind=repr(rule.kind), kinds=", ".join(KINDS)
        )
        return errors
    pattern = rule.pattern.strip()
    if not pattern:
        errors["pattern"] = translate(CONTEXT, _PATTERN_NEEDED.get(rule.kind, _TASK_PATTERN_NEEDED))
    elif len(pattern) > MAX_PATTERN:
        errors["pattern"] = translate("alert_rules", "at most {max} characters").format(max=MAX_PATTERN)
    if rule.kind == STATE and rule.state not in states.ALL_STATES and not rule.state.isupper():
        errors["state"] = translate(
            "alert_rules", "{state} is not a state: one of {states} (or a custom state in capitals)"
        ).format(state=repr(rule.state), states=", ".join(STATES))
    threshold, minutes, quiet = rule.threshold, rule.minutes, rule.quiet_seconds
    if rule.kind in (RUNTIME, WORKER_OFFLINE) and not (math.isfinite(threshold) and threshold > 0):
        errors["threshold"] = translate("alert_rules", "seconds must be a number above 0")
    elif rule.kind in (RETRIES, FAILURE_RATE, QUEUE_LENGTH) and not (math.isfinite(threshold) and threshold >= 0):
        errors["threshold"] = translate("alert_rules", "N must be a number, 0 or more")
    elif rule.kind in (RETRIES, FAILURE_RATE, QUEUE_LENGTH) and not float(threshold).is_integer():
        errors["threshold"] = translate("alert_rules", "N must be a whole number")
    if rule.kind == QUEUE_LENGTH and not (math.isfinite(minutes) and 0 <= minutes <= MAX_QUIET / 60):
        errors["minutes"] = translate("alert_rules", "minutes must be a number from 0 to 1,440")
    if not (math.isfinite(quiet) and 0 <= quiet <= MAX_QUIET):
        errors["quiet_seconds"] = translate("alert_rules", "the quiet period is 0 to 24 hours (1,440 min)")
    return errors


_TASK_PATTERN_NEEDED = QT_TRANSLATE_NOOP("alert_rules", "give a task name or a glob (* for any)")
_PATTERN_NEEDED = {  # an empty pattern, by what the kind's pattern names
    QUEUE_LENGTH: QT_TRANSLATE_NOOP("alert_rules", "give a queue or a glob (* for any)"),
    WORKER_OFFLINE: QT_TRANSLATE_NOOP("alert_rules", "give a worker or a glob (* for any)"),
    SCHEDULE_MISSED: QT_TRANSLATE_NOOP("alert_rules", "give a schedule entry or a glob (* for any)"),
}


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

    def number(key: str, text: str, default: float, of_minutes: bool = False) -> float:
        text = text.strip().replace(",", "")
        if not text:
            return default
        try:
            value = float(text)
        except ValueError:
            if of_minutes:
                message = translate("alert_rules", "{text} is not a number of minutes")
            else:
                message = translate("alert_rules", "{text} is not a number")
            errors[key] = message.format(text=repr(text))
            return default
        return value

    values = {
        "threshold": number("threshold", threshold, 0.0 if kind not in (RUNTIME, WORKER_OFFLINE) else float("nan")),
        "minutes": number("minutes", minutes, 0.0),
        "quiet": number("quiet_seconds", quiet_minutes, DEFAULT_QUIET / 60, of_minutes=True),
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


_STATE_TITLES = {  # a task that reached the rule's state: "tasks.sync failed"
    states.FAILURE: QT_TRANSLATE_NOOP("alert_rules", "{subject} failed"),
    states.SUCCESS: QT_TRANSLATE_NOOP("alert_rules", "{subject} succeeded"),
    states.RETRY: QT_TRANSLATE_NOOP("alert_rules", "{subject} was retried"),
    states.REVOKED: QT_TRANSLATE_NOOP("alert_rules", "{subject} was revoked"),
    states.REJECTED: QT_TRANSLATE_NOOP("alert_rules", "{subject} was rejected"),
    states.STARTED: QT_TRANSLATE_NOOP("alert_rules", "{subject} started"),
    states.RECEIVED: QT_TRANSLATE_NOOP("alert_rules", "{subject} was received"),
}


def _titles(rule: AlertRule, subject: str) -> tuple[str, Callable[[int, str], str]]:
    """(the title of one hit, count and span -> the title of many); each in the window's language."""
    n, minutes = _number(rule.threshold), _number(rule.minutes)

    def many(template: str, **values: str) -> Callable[[int, str], str]:
        return lambda count, span: template.format(count=f"{count:,}", span=span, **values)

    if rule.kind == STATE:
        if rule.state in _STATE_TITLES:
            base = translate(CONTEXT, _STATE_TITLES[rule.state]).format(subject=subject)
        else:
            base = translate("alert_rules", "{subject} reached {state}").format(subject=subject, state=rule.state)
        return base, many(translate("alert_rules", "{title} {count} times in {span}"), title=base)
    if rule.kind == RUNTIME:
        return (
            translate("alert_rules", "{subject} ran over {n} s").format(subject=subject, n=n),
            many(translate("alert_rules", "{subject}: {count} runs over {n} s in {span}"), subject=subject, n=n),
        )
    if rule.kind == RETRIES:
        return (
            translate("alert_rules", "{subject} retried over {n} times").format(subject=subject, n=n),
            many(translate("alert_rules", "{subject}: {count} tasks retried over {n} times in {span}"), subject=subject, n=n),
        )
    if rule.kind == FAILURE_RATE:
        return (  # many: the failures past the rate
            translate("alert_rules", "{subject} failed over {n} times a minute").format(subject=subject, n=n),
            many(translate("alert_rules", "{subject} failed {count} times in {span} (over {n} a minute)"), subject=subject, n=n),
        )
    if rule.kind == QUEUE_LENGTH:
        base = translate("alert_rules", "queue {subject} over {n} messages for {minutes} min").format(
            subject=subject, n=n, minutes=minutes
        )
        return base, many(translate("alert_rules", "{title}, {count} times in {span}"), title=base)
    if rule.kind == WORKER_OFFLINE:
        base = translate("alert_rules", "worker {subject} offline for over {n} s").format(subject=subject, n=n)
        return base, many(translate("alert_rules", "{title}, {count} times in {span}"), title=base)
    return (
        translate("alert_rules", "schedule {subject} missed a run").format(subject=subject),
        many(translate("alert_rules", "schedule {subject} missed {count} runs in {span}"), subject=subject),
    )


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


# An alert's detail with a count: (one, many) English sources, Chinese has one form.
_RETRIES = (QT_TRANSLATE_NOOP("alert_rules", "1 retry"), QT_TRANSLATE_NOOP("alert_rules", "{count} retries"))
_FAILURES_IN_A_MINUTE = (
    QT_TRANSLATE_NOOP("alert_rules", "1 failure in the last minute"),
    QT_TRANSLATE_NOOP("alert_rules", "{count} failures in the last minute"),
)
_MESSAGES_WAITING = (
    QT_TRANSLATE_NOOP("alert_rules", "1 message waiting"),
    QT_TRANSLATE_NOOP("alert_rules", "{count} messages waiting"),
)


def _counted(count: int, texts: tuple[str, str]) -> str:
    one, many = texts
    return translate(CONTEXT, one) if count == 1 else translate(CONTEXT, many).format(count=f"{count:,}")


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
                    took = translate("alert_rules", "took {seconds} s").format(seconds=f"{runtime:,.1f}")
                    self._hit(rule_state, Hit(name, record.id, took, now))
            elif record.started_at is not None:
                rule_state.running[record.id] = (name, record.started_at)
                self._check_running(rule_state, now)
        elif rule.kind == RETRIES:
            if record.retries is not None and record.retries > rule.threshold and rule_state.first_time(record.id):
                self._hit(rule_state, Hit(name, record.id, _counted(record.retries, _RETRIES), now))
        elif rule.kind == FAILURE_RATE:
            if record.state == states.FAILURE and rule_state.first_time(record.id):
                times = rule_state.failures.setdefault(name, deque())
                times.append(now)
                while times and times[0] <= now - RATE_WINDOW:
                    times.popleft()
                if len(times) > rule.threshold:
                    self._hit(rule_state, Hit(name, record.id, _counted(len(times), _FAILURES_IN_A_MINUTE), now))

    def _check_running(self, rule_state: _RuleState, now: float) -> None:
        """Tasks still running past the limit: told now, not when (if ever) they end."""
        limit = rule_state.rule.threshold
        for task_id, (name, started_at) in list(rule_state.running.items()):
            if now - started_at > limit:
                del rule_state.running[task_id]
                if rule_state.first_time(task_id):
                    running = translate("alert_rules", "running for {seconds} s").format(seconds=f"{now - started_at:,.0f}")
                    self._hit(rule_state, Hit(name, task_id, running, now))

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
                        seconds = f"{now - worker.offline_since:,.0f}"
                        detail = translate("alert_rules", "offline for {seconds} s").format(seconds=seconds)
                        self._hit(rule_state, Hit(worker.hostname, "", detail, now))
            elif rule.kind == SCHEDULE_MISSED and schedules is not None:
                for miss in schedules:
                    episode = (miss.entry, miss.missed_at)
                    if fnmatchcase(miss.entry, rule.pattern) and episode not in rule_state.told:
                        rule_state.told.add(episode)
                        due = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(miss.missed_at))
                        detail = translate("alert_rules", "{task} was due at {due}").format(task=miss.task, due=due)
                        self._hit(rule_state, Hit(miss.entry, "", detail, now))

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
                self._hit(rule_state, Hit(queue.name, "", _counted(queue.ready, _MESSAGES_WAITING), now))

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
        one, many = _titles(rule, display_text(subject, 100) or translate("alert_rules", "(no name)"))
        first = not group.told  # a rate's first alert says it crossed the rate; its detail says by how much
        title = (
            one
            if group.count == 1 or (first and rule.kind == FAILURE_RATE)
            else many(group.count, span_text(span) if span >= 1 else translate("alert_rules", "under 1 s"))
        )
        if not group.detail:
            body = translate("alert_rules", "rule {rule}").format(rule=rule.name)
        elif group.count == 1:
            body = translate("alert_rules", "{detail} · rule {rule}").format(detail=group.detail, rule=rule.name)
        else:
            body = translate("alert_rules", "latest: {detail} · rule {rule}").format(detail=group.detail, rule=rule.name)
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
            return TestAnswer(
                False, translate("alert_rules", "would not fire now: no task in the window {what}").format(what=what)
            )
        names = sorted({r.name for r in matched})
        shown = ", ".join(display_text(name, 60) for name in names[:3])
        if len(names) > 3:
            shown = translate("alert_rules", "{names} and {count} more").format(names=shown, count=len(names) - 3)
        if len(matched) == 1:
            text = translate("alert_rules", "would fire: 1 task matched ({names})")
        else:
            text = translate("alert_rules", "would fire: {count} tasks matched ({names})")
        return TestAnswer(True, text.format(count=f"{len(matched):,}", names=shown))

    pattern, over_n = rule.pattern, _number(n)
    if kind in TASK_KINDS:
        rows = [r for r in tasks if not r.container and fnmatchcase(r.name, rule.pattern)]
        if kind == STATE:
            what = translate("alert_rules", "matching {pattern} is {state}").format(pattern=pattern, state=rule.state)
            return tasks_answer([r for r in rows if r.state == rule.state], what)
        if kind == RUNTIME:

            def over(record: TaskRecord) -> bool:
                runtime = record.runtime
                if runtime is None and record.state not in ENDED_STATES and record.started_at is not None:
                    runtime = now - record.started_at
                return runtime is not None and runtime > n

            what = translate("alert_rules", "matching {pattern} ran over {n} s").format(pattern=pattern, n=over_n)
            return tasks_answer([r for r in rows if over(r)], what)
        if kind == RETRIES:
            what = translate("alert_rules", "matching {pattern} retried over {n} times").format(pattern=pattern, n=over_n)
            return tasks_answer([r for r in rows if r.retries is not None and r.retries > n], what)
        per_name: dict[str, int] = {}
        for record in rows:
            if record.state == states.FAILURE and record.date_done is not None and record.date_done > now - RATE_WINDOW:
                per_name[record.name] = per_name.get(record.name, 0) + 1
        over_rate = {name: count for name, count in per_name.items() if count > n}
        if over_rate:
            name, count = max(over_rate.items(), key=lambda item: item[1])
            text = translate("alert_rules", "would fire: {name} failed {count} times in the last minute")
            return TestAnswer(True, text.format(name=display_text(name, 60), count=f"{count:,}"))
        most = max(per_name.values(), default=0)
        text = translate("alert_rules", "would not fire now: at most {count} failures in the last minute (over {n} fires)")
        return TestAnswer(False, text.format(count=f"{most:,}", n=over_n))
    if kind == QUEUE_LENGTH:
        known = [q for q in queues if q.ready is not None and fnmatchcase(q.name, rule.pattern)]
        over = [q for q in known if q.ready > n]
        if not over:
            text = translate("alert_rules", "would not fire now: {count} queue(s) match, none over {n} messages")
            return TestAnswer(False, text.format(count=f"{len(known):,}", n=over_n))
        shown = ", ".join(f"{display_text(q.name, 60)} ({q.ready:,})" for q in over[:3])
        if rule.minutes:
            text = translate("alert_rules", "would fire if it lasts {minutes} min: over {n} now: {queues}")
            return TestAnswer(True, text.format(minutes=_number(rule.minutes), n=over_n, queues=shown))
        return TestAnswer(True, translate("alert_rules", "would fire: over {n} now: {queues}").format(n=over_n, queues=shown))
    if kind == WORKER_OFFLINE:
        known = [w for w in workers if fnmatchcase(w.hostname, rule.pattern)]
        offline = [w for w in known if not w.online and w.offline_since is not None]
        long_enough = [w for w in offline if now - w.offline_since >= n]
        if long_enough:
            seconds = translate("alert_rules", "{count} s")
            shown = ", ".join(
                "{host} ({offline})".format(
                    host=display_text(w.hostname, 60), offline=seconds.format(count=f"{now - w.offline_since:,.0f}")
                )
                for w in long_enough[:3]
            )
            text = translate("alert_rules", "would fire: offline for over {n} s: {workers}")
            return TestAnswer(True, text.format(n=over_n, workers=shown))
        if offline:
            text = translate("alert_rules", "would not fire yet: {count} worker(s) offline for less than {n} s")
            return TestAnswer(False, text.format(count=f"{len(offline):,}", n=over_n))
        text = translate("alert_rules", "would not fire now: {count} known worker(s) match, all online")
        return TestAnswer(False, text.format(count=f"{len(known):,}"))
    misses = [m for m in schedules if fnmatchcase(m.entry, rule.pattern)]
    if misses:
        shown = ", ".join(display_text(m.entry, 60) for m in misses[:3])
        text = translate("alert_rules", "would fire: {count} missed run(s): {entries}")
        return TestAnswer(True, text.format(count=f"{len(misses):,}", entries=shown))
    return TestAnswer(
        False,
        translate("alert_rules", "would not fire now: no schedule entry read has a missed run (the Schedules tab reads them)"),
    )
