"""Failure triage: failed tasks grouped so that the same bug, whatever ids and numbers its message
quotes, lands in one group the user can list, re-send, forget or report in one go."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from celery import states

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import plausible_time
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

MAX_MESSAGE = 300  # a normalised message is a group's name, not the whole story: the traceback is
MAX_REPORT_IDS = 50
MAX_RESEND_NAMES = 10  # task names a re-send confirmation lists; the rest are counted
RESEND_NAME_LIMIT = 200  # characters of one task name in it
_INPUT_LIMIT = 20_000  # masking never reads further than this: the cap keeps far less anyway
_WORD_ROOM = 40  # how far back from the cap a message is cut between words
_ROUNDS = 5  # masking can uncover a new match (a number next to a masked id); a few rounds settle it

# Each mask: what varies between two occurrences of the same failure, and what it becomes.
# Order matters: the specific shapes (a UUID, a date) go before the digit runs they contain.
_NOT_AFTER = r"(?<!\w)(?<!\w\.)"  # not the tail of an identifier or of a dotted version ("v1.2", "h2")
_NOT_BEFORE = r"(?!\w)(?!\.\w)"
_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "<id>"),
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "<email>"),
    (re.compile(r"\b0[xX][0-9a-fA-F]+\b"), "<addr>"),
    # A long hex run with letters and digits: a hash, a uuid without dashes, an object id.
    (re.compile(r"\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,}\b"), "<id>"),
    (
        re.compile(
            r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2}\b)?"
            r"|\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b"
        ),
        "<time>",
    ),
    (re.compile(_NOT_AFTER + r"\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?" + _NOT_BEFORE), "<ip>"),
)

# A quoted value that is an id rather than a word: 'ORD93817', "a1b2c3d4" (three digits or more).
_QUOTED = re.compile(r"(['\"])([\w-]{6,64})\1")


def _quoted_id(match: re.Match[str]) -> str:
    quote, value = match.groups()
    return f"{quote}<id>{quote}" if sum(c.isdigit() for c in value) >= 3 else match.group(0)


# A whole number, signed, decimal, maybe with a unit ("30s", "512MB"); not the digits of "utf8".
_NUMBER = re.compile(_NOT_AFTER + r"-?\d+(?:[.,]\d+)?(?=(?:ms|us|ns|s|sec|m|min|h|d|k|K|M|G|[KMGT]i?B|b|%)?" + _NOT_BEFORE + ")")


def normalise_message(text: str) -> str:
    """The part of an exception message that names the bug, so two occurrences compare equal.

    Ids, addresses, numbers, IPs, e-mail addresses and timestamps are masked, whitespace is
    collapsed and the result capped. Idempotent, and it never raises on any string.
    """
    if not isinstance(text, str):
        text = str(text)
    result = _one_line(text[:_INPUT_LIMIT])
    for _ in range(_ROUNDS):
        masked = _cap(_one_line(_mask(result)))
        if masked == result:
            break
        result = masked
    return result


def _one_line(text: str) -> str:
    return display_text(" ".join(text.split()))


def _mask(text: str) -> str:
    for pattern, placeholder in _MASKS:
        text = pattern.sub(placeholder, text)
    text = _QUOTED.sub(_quoted_id, text)
    return _NUMBER.sub("<n>", text)


def _cap(text: str) -> str:
    """At most MAX_MESSAGE characters, cut between words when one ends near the cut (so no number is half
    kept); a long run without spaces (a payload, a path) is cut where it reaches the cap, not dropped."""
    if len(text) <= MAX_MESSAGE:
        return text
    head = text[: MAX_MESSAGE - 2]
    space = head.rfind(" ")
    if space >= len(head) - _WORD_ROOM:
        head = head[:space]
    return head + " …"


@dataclass(frozen=True, order=True)
class FailureKey:
    """What makes two failures the same bug: the task, the exception type, the normalised message."""

    task: str
    exc_type: str
    message: str


_EXC_PREFIX = re.compile(r"([A-Za-z_][\w.]*)(?::\s?(.*))?\Z", re.DOTALL)


def split_failure(record: TaskRecord) -> tuple[str, str]:
    """(exception type, message) of a failure: the result reads "ExcType: message" (results.describe_exception)."""
    text = record.result or record.error
    exc_type = record.exc_type
    if exc_type:
        if text == exc_type:
            return exc_type, ""
        if text.startswith(exc_type + ":"):
            return exc_type, text[len(exc_type) + 1 :].strip()
        return exc_type, text
    match = _EXC_PREFIX.match(text)
    if match and (match.group(2) is not None or match.group(1) == text):
        return match.group(1), (match.group(2) or "").strip()
    return "", text


def failure_key(record: TaskRecord) -> FailureKey:
    exc_type, message = split_failure(record)
    return FailureKey(record.name, exc_type, normalise_message(message))


def seen_at(record: TaskRecord) -> float | None:
    """When a failure happened, as near as the record knows: done, else started, else sent."""
    for moment in (record.date_done, record.started_at, record.sent_at):
        if moment is not None:
            return moment
    return None


@dataclass(frozen=True)
class FailureGroup:
    key: FailureKey
    count: int
    first_seen: float | None
    last_seen: float | None
    workers: tuple[str, ...]
    task_ids: tuple[str, ...]  # newest first
    sample_traceback: str  # the newest failure's that has one
    retried: int  # failures that had been retried before failing for good


def _newest_first(record: TaskRecord) -> tuple[bool, float, str]:
    moment = seen_at(record)
    return (moment is None, -(moment or 0.0), record.id)


def _group(key: FailureKey, records: Iterable[TaskRecord]) -> FailureGroup:
    ordered = sorted(records, key=_newest_first)
    moments = [m for m in map(seen_at, ordered) if m is not None]
    return FailureGroup(
        key=key,
        count=len(ordered),
        first_seen=min(moments) if moments else None,
        last_seen=max(moments) if moments else None,
        workers=tuple(sorted({r.worker for r in ordered if r.worker})),
        task_ids=tuple(r.id for r in ordered),
        sample_traceback=next((r.traceback for r in ordered if r.traceback.strip()), ""),
        retried=sum(1 for r in ordered if r.retries),
    )


def _group_order(group: FailureGroup) -> tuple:
    last = group.last_seen
    return (-group.count, last is None, -(last or 0.0), group.key)


class FailureIndex:
    """The failure groups of a session, kept up to date from the rows that changed.

    A record polled again replaces the one with its id; one that is no longer a FAILURE leaves its
    group. Only the groups an update touched are rebuilt.
    """

    def __init__(self) -> None:
        self._keys: dict[str, FailureKey] = {}
        self._members: dict[FailureKey, dict[str, TaskRecord]] = {}
        self._built: dict[FailureKey, FailureGroup] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def update(self, records: Iterable[TaskRecord]) -> None:
        for record in records:
            self._drop(record.id)
            if record.state == states.FAILURE:
                key = failure_key(record)
                self._keys[record.id] = key
                self._members.setdefault(key, {})[record.id] = record
                self._built.pop(key, None)

    def remove(self, task_ids: Iterable[str]) -> None:
        for task_id in task_ids:
            self._drop(task_id)

    def clear(self) -> None:
        self._keys.clear()
        self._members.clear()
        self._built.clear()

    def records(self, key: FailureKey) -> list[TaskRecord]:
        """The group's failures, newest first: what "list its tasks" shows."""
        return sorted(self._members.get(key, {}).values(), key=_newest_first)

    def groups(self) -> list[FailureGroup]:
        """Biggest groups first; among equals, the most recent."""
        for key, members in self._members.items():
            if key not in self._built:
                self._built[key] = _group(key, members.values())
        return sorted(self._built.values(), key=_group_order)

    def _drop(self, task_id: str) -> None:
        key = self._keys.pop(task_id, None)
        if key is None:
            return
        members = self._members[key]
        members.pop(task_id, None)
        self._built.pop(key, None)
        if not members:
            del self._members[key]


def group_failures(records: Iterable[TaskRecord]) -> list[FailureGroup]:
    index = FailureIndex()
    index.update(records)
    return index.groups()


def _local(moment: float | None) -> str:
    moment = plausible_time(moment)
    if moment is None:
        return translate("triage", "unknown")
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment))


def report_text(group: FailureGroup, records_by_id: Mapping[str, TaskRecord] | None = None) -> str:
    """Plain text to paste into a ticket; with the records at hand, each task line says where and when.

    Every text from the cluster goes through display_text: a ticket shows a bidi override as an escape.
    """
    key = group.key
    unknown = translate("triage", "(unknown)")
    if group.retried:
        count = translate("triage", "Count: {count} ({retried} after retries)").format(count=group.count, retried=group.retried)
    else:
        count = translate("triage", "Count: {count}").format(count=group.count)
    lines = [
        translate("triage", "Task: {task}").format(task=display_text(key.task) or translate("triage", "(unnamed)")),
        translate("triage", "Exception: {type}").format(type=display_text(key.exc_type) or unknown),
        translate("triage", "Message: {message}").format(message=display_text(key.message)),
        count,
        translate("triage", "First seen: {moment}").format(moment=_local(group.first_seen)),
        translate("triage", "Last seen: {moment}").format(moment=_local(group.last_seen)),
        translate("triage", "Workers: {workers}").format(workers=display_text(", ".join(group.workers)) or unknown),
        translate("triage", "Task ids:"),
    ]
    for task_id in group.task_ids[:MAX_REPORT_IDS]:
        record = (records_by_id or {}).get(task_id)
        if record is None:
            lines.append(f"  {display_text(task_id)}")
            continue
        details = [_local(seen_at(record))]
        if record.worker:
            details.append(display_text(record.worker))
        if record.retries:
            details.append(translate("triage", "retries {count}").format(count=record.retries))
        lines.append(f"  {display_text(task_id)}  ({', '.join(details)})")
    if len(group.task_ids) > MAX_REPORT_IDS:
        more = "  " + translate("triage", "… and {count} more").format(count=len(group.task_ids) - MAX_REPORT_IDS)
        lines.append(more)
    lines.append(translate("triage", "Sample traceback:"))
    lines.append(display_text(group.sample_traceback.rstrip(), multiline=True) or "  " + translate("triage", "(none recorded)"))
    return "\n".join(lines) + "\n"


REBUILT = QT_TRANSLATE_NOOP(
    "triage",
    "A rebuilt call is what the result backend recorded for the task (its name, args and kwargs), "
    "not a call this console sent: whoever can write to the backend chooses it.",
)


def rebuilt_note(task_id: str) -> str:
    """What the call form says of a call to re-send that was rebuilt from the backend (plain text)."""
    note = translate("triage", "Rebuilt from the result backend's record of {task_id}. {rebuilt} Check it before sending.")
    return note.format(task_id=display_text(task_id, RESEND_NAME_LIMIT), rebuilt=translate("triage", REBUILT))


@dataclass(frozen=True)
class ResendPlan:
    """What a bulk re-send would send, for the user to confirm before anything goes out.

    ``calls``: each task's call, by the id it replaces, ready to send (fresh ids). ``rebuilt``: the
    ids whose call was rebuilt from what the result backend recorded (task name, args, kwargs),
    which whoever can write to the backend chooses, not a call this console sent. ``unknown``: ids
    whose arguments are unknown, not re-sent.
    """

    calls: Mapping[str, CallSpec] = field(default_factory=dict)
    rebuilt: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()

    @property
    def task_names(self) -> list[str]:
        return sorted({spec.task for spec in self.calls.values()})

    @property
    def sent_here(self) -> int:
        return len(self.calls) - self.rebuilt_count

    @property
    def rebuilt_count(self) -> int:
        return sum(1 for task_id in self.calls if task_id in self.rebuilt)

    def confirmation(self) -> str:
        """The question a re-send asks first, as plain text (task names through display_text)."""
        names = self.task_names
        listed = [display_text(name, RESEND_NAME_LIMIT) for name in names[:MAX_RESEND_NAMES]]
        if len(names) > MAX_RESEND_NAMES:
            listed.append(translate("triage", "and {count} more").format(count=f"{len(names) - MAX_RESEND_NAMES:,}"))
        ask = translate("triage", "Send {count} task(s) again, with the same arguments and options (new task ids)?")
        lines = [
            ask.format(count=f"{len(self.calls):,}"),
            "",
            translate("triage", "Task name(s), {count}: {names}").format(count=f"{len(names):,}", names=", ".join(listed)),
            translate("triage", "Calls this console sent: {count}").format(count=f"{self.sent_here:,}"),
            translate("triage", "Calls rebuilt from the result backend: {count}").format(count=f"{self.rebuilt_count:,}"),
        ]
        if self.rebuilt_count:
            check = translate("triage", "{rebuilt} Check the tasks of the group before sending.")
            lines += ["", check.format(rebuilt=translate("triage", REBUILT))]
        if self.unknown:
            unknown = translate("triage", "Not re-sent, their arguments are unknown: {count}")
            lines += ["", unknown.format(count=f"{len(self.unknown):,}")]
        return "\n".join(lines)
