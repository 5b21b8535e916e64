"""The search language over tasks: one query for the history (SQL, with FTS5 for text) and the live window (a predicate).

    state:FAILURE name:proj.tasks.* worker:celery@web1 exc:TimeoutError kwargs.user_id=42
    args:"SKU-17" since:2h until:"2026-12-01 08:00" retries>2 runtime>5s -state:SUCCESS "free text"

Terms are ANDed; ``OR`` (upper case) between terms, ``-`` before a term negates it, parentheses
group. ``parse`` turns the text into a small tree of frozen dataclasses or raises ``QueryError``
with the span of the problem (never any other exception, whatever the text). A parsed ``Query``
compiles to

- ``sql(now)``: a WHERE fragment over the history's ``tasks`` table aliased ``t`` with its
  parameters, plus the FTS5 MATCH expression of the free-text terms ANDed at the top (the history
  drives the search from the full-text index then, newest first, without sorting). Every free-text
  term is one FTS5 phrase written as an FTS5 string (quotes doubled), never user text as syntax;
  every other value is a bound parameter.
- ``predicate(now)``: the same test over a ``TaskRecord`` of the live window.

Both agree on the same data (tests/unit/domain/test_task_query.py compares them in SQLite with
the history's real schema). Free text follows SQLite's ``unicode61`` tokenizer (``tokens``): words are
runs of letters and digits, compared case-blind; a bare word matches words that start with its
last word (``timeo`` finds ``TimeoutError``… once it is 3 characters or more), a "quoted
phrase" only whole words in that order. Python's Unicode tables are newer than SQLite's: for
some rare characters (combining marks, scripts added lately) the two tokenizers differ.
"""

from __future__ import annotations

import ast
import json
import math
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

# The search field's placeholder and the F1 help: marked here, translated where shown (placeholder(), query_help()).
PLACEHOLDER = QT_TRANSLATE_NOOP("task_query", 'state:FAILURE name:proj.* since:2h -worker:celery@web1 "timeout"   (F1: help)')

QUERY_HELP = QT_TRANSLATE_NOOP(
    "task_query",
    """Search the history and the window with terms; all of them must match.

Free text
  invoice SKU-17        words in the name, id, args, kwargs, result, exception or traceback
                        (case-blind; the last word of a bare term may be the start of a word
                        once it has 3 characters: "timeo" finds TimeoutError)
  "card declined"       exactly these words, in this order

Qualifiers
  state:FAILURE         the state (any case); Celery's states or your own
  name:proj.tasks.*     the task name; * is any run of characters, ? one; without them, the exact name
  worker:celery@web1    the worker (exact, or * and ?)
  exc:TimeoutError      the exception type (exact, or * and ?)
  args:"SKU-17"         words in the args only;  kwargs:alice  in the kwargs only
  kwargs.user_id=42     the keyword argument's value, compared as JSON: 42, 4.5, true, null, "42"
  id:3f2a               task ids that start with this
  since:2h  since:30m  since:7d  since:"2026-12-01 08:00"  since:2026-12-01T08:00:00+02:00
  until:…               the same forms: tasks sent (or started, or finished) before then;
                        a date alone in until: means the end of that day
  retries>2             also < <= = >= (retries:2 is retries=2)
  runtime>5s            run time, in ms, s, m or h (a number alone is seconds)

Combining
  a b                   both (AND is optional)
  a OR b                either
  -state:SUCCESS        not this term;  -(a OR b)  neither
  (a OR b) c            parentheses group

A qualifier that is not one of these is an error: put the text in quotes to search for it
("http://example.com", "ValueError: bad"). Newest tasks come first.
""",
)


def placeholder() -> str:
    """The search field's example query, in the window's language (the query words stay as they are)."""
    return translate("task_query", PLACEHOLDER)


def query_help() -> str:
    """The query language explained (F1), in the window's language; the qualifiers and keywords stay as they are."""
    return translate("task_query", QUERY_HELP)


KNOWN = ("state", "name", "worker", "exc", "args", "kwargs", "id", "since", "until", "retries", "runtime")
MAX_TERMS = 200  # SQLite nests OR chains as deep as they are long (its limit: 1,000)
MAX_DEPTH = 40
MAX_QUERY = 10_000
PREFIX_FROM = 3  # a bare word's last word matches longer words from this many characters on
RELATIVE_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 7 * 86400.0}
RUNTIME_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}

# What the history's schema is, as the SQL below names it.
ALIAS = "t"
FTS_TABLE = "tasks_fts"
TEXT_COLUMNS = ("name", "id", "args", "kwargs", "result", "exc_type", "traceback")  # the FTS5 index's columns
KWARG_FUNCTION = "celery_desktop_kwarg"  # register_sql_functions adds it to a connection
TIME_SQL = "coalesce(t.sent_at, t.started_at, t.date_done, t.seen_at)"  # the history's tasks_by_time index
TIME_INDEX_SQL = "coalesce(sent_at, started_at, date_done, seen_at)"
RUNTIME_SQL = "(CASE WHEN t.date_done >= t.started_at THEN t.date_done - t.started_at END)"
RUNTIME_INDEX_SQL = "(CASE WHEN date_done >= started_at THEN date_done - started_at END)"


class QueryError(ValueError):
    """What is wrong with a query, and where: ``text[start:end]`` is the part to underline."""

    def __init__(self, message: str, start: int, end: int):
        super().__init__(message)
        self.message, self.start, self.end = message, start, max(end, start)

    def __repr__(self) -> str:
        return f"QueryError({self.message!r}, {self.start}, {self.end})"


# -- the tree ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Everything:
    """An empty query: every task."""


@dataclass(frozen=True)
class Text:
    """Free text: words, the last one a prefix unless ``exact``; in every text column, or in ``column`` only."""

    text: str
    exact: bool = False
    column: str | None = None  # "args" or "kwargs"


@dataclass(frozen=True)
class State:
    states: tuple[str, ...]  # upper-cased (ASCII), compared case-blind


@dataclass(frozen=True)
class Pattern:
    """name, worker or exc: the exact value, or a glob with * and ?."""

    field: str  # "name" | "worker" | "exc_type"
    pattern: str


@dataclass(frozen=True)
class IdPrefix:
    prefix: str


@dataclass(frozen=True)
class Kwarg:
    key: str
    value: str  # JSON text of a scalar: 42, 4.5, true, null, "text"


@dataclass(frozen=True)
class Time:
    bound: str  # "since" (at or after) | "until" (before)
    at: float | None = None  # epoch seconds, or
    ago: float | None = None  # seconds before now


@dataclass(frozen=True)
class Compare:
    field: str  # "retries" | "runtime"
    op: str  # "<" "<=" "=" ">=" ">"
    value: float


@dataclass(frozen=True)
class Not:
    term: Node


@dataclass(frozen=True)
class And:
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    terms: tuple[Node, ...]


Node = Everything | Text | State | Pattern | IdPrefix | Kwarg | Time | Compare | Not | And | Or


# -- words, as SQLite's unicode61 tokenizer makes them ---------------------------------------------


def _fold(char: str) -> str:
    folded = char.casefold()
    if len(folded) != 1:
        folded = char.lower()
    return folded if len(folded) == 1 else char


def _is_word_char(char: str) -> bool:
    if char < "\x80":
        return char.isalnum()
    category = unicodedata.category(char)
    return category[0] in "LN" or category in ("Co", "Cn")


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the FTS5 index has them: runs of letters and digits, case-folded."""
    if text.isascii():
        return re.findall(r"[a-z0-9]+", text.lower())
    found, current = [], []
    for char in text:
        if _is_word_char(char):
            current.append(_fold(char))
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _prefix(text: str) -> bool:
    words = tokens(text)
    return bool(words) and len(words[-1]) >= PREFIX_FROM


# -- kwargs values --------------------------------------------------------------------------------


_DECODER = json.JSONDecoder()
_REPR_SCALAR = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|True|False|None|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?""")


def scalar_json(value) -> str | None:
    """A scalar as JSON text (what kwargs.key=value compares); None for anything else."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return json.dumps(value)  # ASCII, \u escapes: a lone surrogate from the text still compares, and SQLite takes it
    return None


def _scalar_at(text: str, at: int) -> str | None:
    try:
        value, _end = _DECODER.raw_decode(text, at)
        return scalar_json(value)
    except (ValueError, RecursionError):
        pass
    found = _REPR_SCALAR.match(text, at)
    if found is None:
        return None
    try:
        return scalar_json(ast.literal_eval(found.group()))
    except Exception:  # noqa: BLE001 - untrusted text; literal_eval raises several kinds
        return None


def kwarg_json(text: str | None, key: str | None) -> str | None:
    """The value of keyword argument ``key`` in a task's kwargs summary, as JSON text; None when it has none.

    The summary is JSON (``{"user_id": 42}``, from the backend), Python's repr (``{'user_id': 42}``,
    from events) or ``user_id=42, name="x"`` (calls this console sent); a summary cut short is
    read as far as it goes. Only top-level keys with scalar values count.
    """
    if not text or not key or not isinstance(text, str) or not isinstance(key, str) or key not in text:
        return None
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except (ValueError, RecursionError):
            try:
                value = ast.literal_eval(stripped)
            except Exception:  # noqa: BLE001 - untrusted text; literal_eval raises several kinds
                value = None
        if isinstance(value, dict):
            return scalar_json(value[key]) if key in value else None
        quoted = re.escape(key)
        for found in re.finditer(rf"""[{{,]\s*(?:"{quoted}"|'{quoted}')\s*:\s*""", stripped):
            return _scalar_at(stripped, found.end())
        return None
    for found in re.finditer(rf"(?:^|, ){re.escape(key)}=", text):
        value = _scalar_at(text, found.end())
        if value is not None:
            return value
    return None


def _kwarg_sql(text, key) -> str | None:
    try:
        return kwarg_json(text, key)
    except Exception:  # noqa: BLE001 - an exception here would fail the whole search
        return None


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """What compiled queries call in SQL (the kwargs reader), on this connection."""
    conn.create_function(KWARG_FUNCTION, 2, _kwarg_sql, deterministic=True)


def _value_json(raw: str, quoted: bool) -> str:
    if not quoted:
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            value = raw
        found = scalar_json(value)
        if found is not None and not isinstance(value, str):
            return found
    return json.dumps(raw)


# -- reading the text -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "(" ")" "-" "OR" "AND" "word" "phrase" "qualifier"
    start: int
    end: int
    text: str = ""  # a word's or phrase's text; a qualifier's value
    key: str = ""
    op: str = ""
    quoted: bool = False
    key_end: int = 0


_QUALIFIER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[^\s:=<>!()\"]+)?)(!=|<=|>=|:|=|<|>)")
_BARE_STOP = re.compile(r"[\s()\"]")


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The string in quotes from ``text[start]`` (a ``"``); backslash escapes a quote or a backslash."""
    parts, i = [], start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            parts.append(text[i + 1])
            i += 2
        elif char == '"':
            return "".join(parts), i + 1
        else:
            parts.append(char)
            i += 1
    raise QueryError(translate("task_query", "this quote is never closed"), start, len(text))


def _bare(text: str, start: int) -> int:
    found = _BARE_STOP.search(text, start)
    return len(text) if found is None else found.start()


def _lex(text: str) -> list[_Token]:
    found: list[_Token] = []
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            found.append(_Token(char, i, i + 1))
            i += 1
        elif char == "-":
            if i + 1 >= length or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError(translate("task_query", "'-' needs a term right after it (no space): -state:SUCCESS"), i, i + 1)
            found.append(_Token("-", i, i + 1))
            i += 1
        elif char == '"':
            phrase, end = _quoted(text, i)
            found.append(_Token("phrase", i, end, phrase))
            i = end
        else:
            qualifier = _QUALIFIER.match(text, i)
            if qualifier is not None:
                key, op, at = qualifier.group(1), qualifier.group(2), qualifier.end()
                if at < length and text[at] == '"':
                    value, end = _quoted(text, at)
                    quoted = True
                else:
                    end = _bare(text, at)
                    value, quoted = text[at:end], False
                found.append(_Token("qualifier", i, end, value, key, op, quoted, qualifier.start(2)))
                i = end
                continue
            end = _bare(text, i)
            word = text[i:end]
            kind = word if word in ("OR", "AND") else "word"
            found.append(_Token(kind, i, end, word))
            i = end
    return found


# -- the grammar ------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.items = _lex(text)
        self.at = 0
        self.terms = 0

    def peek(self) -> _Token | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def parse(self) -> Node:
        if not self.items:
            return Everything()
        node = self.or_expr(0)
        extra = self.peek()
        if extra is not None:  # only a ')' stops an or_expr at the top
            raise QueryError(translate("task_query", "this ')' has no '(' before it"), extra.start, extra.end)
        return node

    def or_expr(self, depth: int) -> Node:
        terms = [self.and_expr(depth)]
        while (item := self.peek()) is not None and item.kind == "OR":
            self.at += 1
            after = self.peek()
            if after is None or after.kind in (")", "OR"):
                raise QueryError(translate("task_query", "OR needs a term after it"), item.start, item.end)
            terms.append(self.and_expr(depth))
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def and_expr(self, depth: int) -> Node:
        terms = []
        while (item := self.peek()) is not None and item.kind not in ("OR", ")"):
            if item.kind == "AND":
                self.at += 1
                after = self.peek()
                if not terms or after is None or after.kind in (")", "OR", "AND"):
                    raise QueryError(translate("task_query", "AND needs a term on each side"), item.start, item.end)
                continue
            terms.append(self.unary(depth))
        if not terms:
            item = self.peek()
            if item is not None and item.kind == "OR":
                raise QueryError(translate("task_query", "OR needs a term before it"), item.start, item.end)
            if item is not None and depth == 0:
                raise QueryError(translate("task_query", "this ')' has no '(' before it"), item.start, item.end)
            at = item.start if item is not None else len(self.text)
            raise QueryError(translate("task_query", "a term is missing here"), at, at)
        return terms[0] if len(terms) == 1 else And(tuple(terms))

    def unary(self, depth: int) -> Node:
        negations = 0
        while (item := self.peek()) is not None and item.kind == "-":
            negations += 1
            self.at += 1
        node = self.primary(depth)
        return Not(node) if negations % 2 else node

    def primary(self, depth: int) -> Node:
        item = self.peek()
        if item is None:
            raise QueryError(translate("task_query", "a term is missing here"), len(self.text), len(self.text))
        if item.kind == "(":
            if depth >= MAX_DEPTH:
                too_deep = translate("task_query", "parentheses nested more than {depth} deep").format(depth=MAX_DEPTH)
                raise QueryError(too_deep, item.start, item.end)
            self.at += 1
            after = self.peek()
            if after is not None and after.kind == ")":
                raise QueryError(translate("task_query", "nothing between these parentheses"), item.start, after.end)
            if after is None:
                raise QueryError(translate("task_query", "this '(' is never closed"), item.start, item.end)
            node = self.or_expr(depth + 1)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError(translate("task_query", "this '(' is never closed"), item.start, item.end)
            self.at += 1
            return node
        if item.kind in (")", "OR", "AND"):  # after a '-'
            raise QueryError(translate("task_query", "'-' needs a term right after it"), max(0, item.start - 1), item.end)
        self.at += 1
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(
                translate("task_query", "more than {count} terms").format(count=MAX_TERMS), item.start, len(self.text)
            )
        if item.kind == "phrase":
            return _free_text(item.text, True, None, item)
        if item.kind == "word":
            return _free_text(item.text, False, None, item)
        return _qualifier(item)


def _free_text(text: str, exact: bool, column: str | None, item: _Token) -> Text:
    if not tokens(text):
        what = f"{column}:" if column else translate("task_query", "free text")
        message = translate("task_query", "{what} needs letters or digits to search for").format(what=what)
        raise QueryError(message, item.start, item.end)
    return Text(text, exact, column)


def _qualifier(item: _Token) -> Node:
    key, op, value = item.key, item.op, item.text
    key_span = (item.start, item.key_end)
    value_span = (item.key_end + len(op), item.end)
    lowered = key.lower()
    if lowered.startswith("kwargs.") and len(key) > len("kwargs."):
        if op not in (":", "="):
            raise QueryError(
                translate("task_query", "kwargs.<key> takes '=': kwargs.user_id=42"), item.key_end, item.key_end + len(op)
            )
        if not value and not item.quoted:
            raise QueryError(translate("task_query", "{key}= needs a value").format(key=key), *value_span)
        return Kwarg(key[len("kwargs.") :], _value_json(value, item.quoted))
    if lowered not in KNOWN:
        if lowered == "queue":
            hint = translate("task_query", "queue: the history does not record queues")
        else:
            hint = translate("task_query", "unknown qualifier {key}:").format(key=key)
        message = translate("task_query", "{hint} (known: {known}, kwargs.<key>); put text in quotes to search for it")
        raise QueryError(message.format(hint=hint, known=", ".join(KNOWN)), *key_span)
    if op == "!=":
        message = translate("task_query", "'!=' is not a comparison here; negate instead: -{key}={value}")
        raise QueryError(message.format(key=lowered, value=value or "…"), item.key_end, item.key_end + 2)
    if lowered in ("retries", "runtime"):
        return _comparison(lowered, op, value, item, value_span)
    if op != ":" and not (op == "=" and lowered not in ("since", "until")):
        message = translate("task_query", "{key} takes ':' ({key}:…), not '{op}'").format(key=lowered, op=op)
        raise QueryError(message, item.key_end, item.key_end + len(op))
    if not value and not item.quoted:
        raise QueryError(translate("task_query", "{key}: needs a value").format(key=lowered), item.start, item.end)
    if lowered == "state":
        states = [s.strip() for s in value.split(",")]
        if not all(states):
            raise QueryError(translate("task_query", "state: an empty state in the list"), *value_span)
        return State(tuple(_ascii_upper(s) for s in states))
    if lowered in ("name", "worker", "exc"):
        return Pattern("exc_type" if lowered == "exc" else lowered, value)
    if lowered == "id":
        return IdPrefix(value)
    if lowered in ("args", "kwargs"):
        return _free_text(value, item.quoted, lowered, item)
    return _time(lowered, value, value_span)


def _comparison(field: str, op: str, value: str, item: _Token, span: tuple[int, int]) -> Compare:
    if op == ":":
        if field == "runtime":
            raise QueryError(
                translate("task_query", "runtime needs a comparison: runtime>5s, runtime<=200ms"), item.key_end, item.key_end + 1
            )
        op = "="
    if field == "retries":
        if not re.fullmatch(r"\d{1,9}", value):
            message = translate("task_query", "retries compares with a whole number, not {value}")
            raise QueryError(message.format(value=repr(value)), *span)
        return Compare(field, op, float(int(value)))
    found = re.fullmatch(r"(\d{1,12}(?:\.\d{1,9})?)(ms|s|m|h)?", value.strip().lower())
    if found is None:
        message = translate("task_query", "runtime compares with a duration such as 5s, 200ms, 2m, 1h, not {value}")
        raise QueryError(message.format(value=repr(value)), *span)
    return Compare(field, op, float(found.group(1)) * RUNTIME_UNITS[found.group(2) or "s"])


def _time(bound: str, value: str, span: tuple[int, int]) -> Time:
    text = value.strip()
    relative = re.fullmatch(r"(\d{1,9}(?:\.\d{1,6})?)\s*([smhdw])", text.lower())
    if relative is not None:
        return Time(bound, ago=float(relative.group(1)) * RELATIVE_UNITS[relative.group(2)])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.,]+)?(Z|[+-]\d{2}(:?\d{2})?)?", text):
        message = translate(
            "task_query", "{bound}: takes a time back from now (30m, 2h, 7d) or a date and time (2026-12-01 08:00), not {value}"
        )
        raise QueryError(message.format(bound=bound, value=repr(value)), *span)
    try:
        moment = datetime.fromisoformat(text)
        if bound == "until" and len(text) == 10:  # a date alone: the end of that day
            moment += timedelta(days=1)
        at = moment.timestamp()  # a naive time is local time
    except (ValueError, OverflowError, OSError) as exc:
        message = translate("task_query", "{bound}: {value} is not a date and time that exists ({error})")
        raise QueryError(message.format(bound=bound, value=repr(value), error=exc), *span) from None
    return Time(bound, at=at)


def _ascii_upper(text: str) -> str:
    return text.translate(_UPPER)


_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


# -- the query ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SqlFilter:
    """The compiled query for the history: ``match`` (an FTS5 expression, ANDed, or None) and ``where`` over ``tasks t``."""

    where: str
    params: tuple
    match: str | None = None
    profile_inside: bool = False  # the query is an OR whose every side tests t.profile (see Query.sql)

    def full(self) -> tuple[str, tuple]:
        """One WHERE fragment with ``match`` folded in (for a query that does not join the FTS5 table itself)."""
        if self.match is None:
            return self.where, self.params
        return f"t.seq IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) AND ({self.where})", (
            self.match,
            *self.params,
        )


@dataclass(frozen=True)
class Query:
    text: str
    root: Node

    def sql(self, now: float, fts: bool = True, profile: str | None = None) -> SqlFilter:
        """For the history; ``fts=False`` where SQLite has no FTS5: free text by LIKE (substrings, slower).

        With ``profile``, each side of an OR at the top also tests ``t.profile = ?``, so SQLite can
        answer each side from its own (profile, …) index.
        """
        return _Sql(now, fts, profile).compile_top(self.root)

    def predicate(self, now: float) -> Callable[[TaskRecord], bool]:
        return _predicate(self.root, now)

    @property
    def empty(self) -> bool:
        return isinstance(self.root, Everything)


def parse(text: str) -> Query:
    """The query in ``text``; raises QueryError (and nothing else) when it is not one."""
    if not isinstance(text, str):
        raise QueryError(translate("task_query", "a query is text"), 0, 0)
    if len(text) > MAX_QUERY:
        too_long = translate("task_query", "a query is at most {count} characters").format(count=f"{MAX_QUERY:,}")
        raise QueryError(too_long, MAX_QUERY, len(text))
    odd = _UNENCODABLE.search(text)
    if odd is not None:
        raise QueryError(
            translate("task_query", "this character cannot be searched for (a lone surrogate)"), odd.start(), odd.end()
        )
    try:
        return Query(text, _Parser(text).parse())
    except QueryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug here must still read as a message under the field
        unreadable = translate("task_query", "this query cannot be read ({error})").format(error=type(exc).__name__)
        raise QueryError(unreadable, 0, len(text)) from None


_UNENCODABLE = re.compile("[\ud800-\udfff]")


def check(text: str) -> QueryError | None:
    """The error in ``text``, or None: what the search field shows under itself as the user types."""
    try:
        parse(text)
    except QueryError as exc:
        return exc
    return None


# -- SQL ------------------------------------------------------------------------------------------------


def _glob_literal(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _glob_sql(pattern: str) -> str:
    return pattern.replace("[", "[[]")


def _has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


_PHRASE_SAFE = re.compile(r"[A-Za-z0-9_.\-]+")


class _Sql:
    def __init__(self, now: float, fts: bool, profile: str | None = None):
        self.now, self.fts, self.profile = now, fts, profile

    def compile_top(self, root: Node) -> SqlFilter:
        terms = root.terms if isinstance(root, And) else (root,)
        matches, rest = [], []
        if self.fts:
            for term in terms:
                expression = self.match_of(term)
                if expression is not None:
                    matches.append(expression)
                    if isinstance(term, Kwarg):
                        rest.append(term)
                else:
                    rest.append(term)
        else:
            rest = list(terms)
        params: list = []
        rest.sort(key=lambda term: isinstance(term, Kwarg))  # its check runs Python: after the others
        if isinstance(root, Everything) or not rest:
            where = "1"
        else:
            where = " AND ".join(self.top_term(term, params) for term in rest)
        return SqlFilter(
            where,
            tuple(params),
            " AND ".join(f"({m})" for m in matches) if matches else None,
            isinstance(root, Or) and self.profile is not None,
        )

    def match_of(self, node: Node) -> str | None:
        """The FTS5 expression a term stands for, or None (Kwarg: a pre-filter; the value is checked in SQL)."""
        if isinstance(node, Text):
            phrase = _fts_string(node.text) + ("" if node.exact or not _prefix(node.text) else " *")
            return f"{node.column} : {phrase}" if node.column else phrase
        if isinstance(node, Kwarg):
            return self.kwarg_match(node)
        return None

    def top_term(self, node: Node, params: list) -> str:
        if isinstance(node, Or) and self.profile is not None:
            sides = []
            for term in node.terms:
                params.append(self.profile)
                sides.append(f"(t.profile = ? AND {self.node(term, params)})")
            return "(" + " OR ".join(sides) + ")"
        return self.node(node, params, top=True)

    def kwarg_match(self, node: Kwarg) -> str | None:
        if not _PHRASE_SAFE.fullmatch(node.key):
            return None
        value = json.loads(node.value)
        words = node.key
        if isinstance(value, bool):
            words = f"{node.key} {value}"  # true and True alike: FTS5 compares words case-blind
        elif isinstance(value, str) and _PHRASE_SAFE.fullmatch(value) or isinstance(value, int | float):
            words = f"{node.key} {value}"
        if not tokens(words):
            return None
        return f"kwargs : {_fts_string(words)}"

    def node(self, node: Node, params: list, top: bool = False) -> str:
        if isinstance(node, Everything):
            return "1"
        if isinstance(node, And):
            return "(" + " AND ".join(self.node(t, params) for t in node.terms) + ")"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(t, params) for t in node.terms) + ")"
        if isinstance(node, Not):
            return f"NOT ({self.node(node.term, params)})"
        if isinstance(node, Text):
            if self.fts:
                params.append(self.match_of(node))
                return f"t.seq IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
            like = "%" + re.sub(r"([%_\\])", r"\\\1", node.text) + "%"
            columns = (node.column,) if node.column else TEXT_COLUMNS
            params.extend([like] * len(columns))
            return "(" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in columns) + ")"
        if isinstance(node, State):
            params.extend(node.states)
            if len(node.states) == 1:
                return "t.state = ? COLLATE NOCASE"
            return f"t.state COLLATE NOCASE IN ({', '.join('?' for _ in node.states)})"
        if isinstance(node, Pattern):
            if _has_wildcard(node.pattern):
                params.append(_glob_sql(node.pattern))
                return f"t.{node.field} GLOB ?"
            params.append(node.pattern)
            return f"t.{node.field} = ?"
        if isinstance(node, IdPrefix):
            params.append(_glob_literal(node.prefix) + "*")
            return "t.id GLOB ?"
        if isinstance(node, Kwarg):
            params.extend([node.key, node.value])
            check = f"{KWARG_FUNCTION}(t.kwargs, ?) IS ?"
            expression = self.kwarg_match(node) if self.fts and not top else None
            if expression is None:
                return check
            params.insert(len(params) - 2, expression)
            return f"(t.seq IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) AND {check})"
        if isinstance(node, Time):
            params.append(_moment(node, self.now))
            return f"{TIME_SQL} {'>=' if node.bound == 'since' else '<'} ?"
        if isinstance(node, Compare):
            params.append(int(node.value) if node.field == "retries" else node.value)
            column = "t.retries" if node.field == "retries" else RUNTIME_SQL
            return f"({column} IS NOT NULL AND {column} {node.op} ?)"
        raise TypeError(f"not a query node: {node!r}")


def _moment(node: Time, now: float) -> float:
    return node.at if node.at is not None else now - (node.ago or 0.0)


# -- the live window ----------------------------------------------------------------------------------


_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


def record_time(record: TaskRecord) -> float | None:
    """When a task happened, as the history orders its search: sent, else started, else finished, else last updated."""
    for value in (record.sent_at, record.started_at, record.date_done, record.updated_at):
        if value is not None:
            return value
    return None


def _glob_regex(pattern: str) -> re.Pattern:
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern]
    return re.compile("".join(parts), re.DOTALL)


def _phrase_in(words: list[str], wanted: list[str], prefix: bool) -> bool:
    n = len(wanted)
    head, last = wanted[:-1], wanted[-1]
    for i in range(len(words) - n + 1):
        if words[i : i + n - 1] == head:
            word = words[i + n - 1]
            if word == last or (prefix and word.startswith(last)):
                return True
    return False


def _text_test(node: Text) -> Callable[[TaskRecord], bool]:
    wanted = tokens(node.text)
    prefix = not node.exact and _prefix(node.text)
    columns = (node.column,) if node.column else TEXT_COLUMNS
    first = wanted[0]

    def test(record: TaskRecord) -> bool:
        for column in columns:
            value = getattr(record, column) or ""
            if first not in value.lower() and not (not value.isascii() and first in "".join(map(_fold, value))):
                continue
            if _phrase_in(tokens(value), wanted, prefix):
                return True
        return False

    return test


def _predicate(node: Node, now: float) -> Callable[[TaskRecord], bool]:
    if isinstance(node, Everything):
        return lambda record: True
    if isinstance(node, And):
        tests = [_predicate(t, now) for t in node.terms]
        return lambda record: all(test(record) for test in tests)
    if isinstance(node, Or):
        tests = [_predicate(t, now) for t in node.terms]
        return lambda record: any(test(record) for test in tests)
    if isinstance(node, Not):
        inner = _predicate(node.term, now)
        return lambda record: not inner(record)
    if isinstance(node, Text):
        return _text_test(node)
    if isinstance(node, State):
        wanted = frozenset(node.states)
        return lambda record: _ascii_upper(record.state) in wanted
    if isinstance(node, Pattern):
        field = node.field
        if _has_wildcard(node.pattern):
            regex = _glob_regex(node.pattern)
            return lambda record: regex.fullmatch(getattr(record, field)) is not None
        exact = node.pattern
        return lambda record: getattr(record, field) == exact
    if isinstance(node, IdPrefix):
        prefix = node.prefix
        return lambda record: record.id.startswith(prefix)
    if isinstance(node, Kwarg):
        key, value = node.key, node.value
        return lambda record: kwarg_json(record.kwargs, key) == value
    if isinstance(node, Time):
        moment = _moment(node, now)
        if node.bound == "since":
            return lambda record: (at := record_time(record)) is not None and at >= moment
        return lambda record: (at := record_time(record)) is not None and at < moment
    if isinstance(node, Compare):
        op, limit = _OPS[node.op], node.value
        if node.field == "retries":
            return lambda record: record.retries is not None and op(record.retries, limit)
        return lambda record: (runtime := record.runtime) is not None and op(runtime, limit)
    raise TypeError(f"not a query node: {node!r}")
