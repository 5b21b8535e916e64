"""The search language: parsing, errors at their place, SQL and Python that agree (in SQLite with the history's schema)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import (
    PLACEHOLDER,
    QUERY_HELP,
    And,
    Compare,
    Everything,
    IdPrefix,
    Kwarg,
    Not,
    Or,
    Pattern,
    QueryError,
    State,
    Text,
    Time,
    check,
    kwarg_json,
    parse,
    tokens,
)
from desktop.core.store.history import count_tasks, create_schema, row_of, search_tasks, write_tasks

NOW = 1_800_000_000.0
SEEN = NOW - 50.0


def test_the_issues_example_reads_as_one_and_of_its_terms():
    query = parse(
        'state:FAILURE name:proj.tasks.* worker:celery@web1 exc:TimeoutError kwargs.user_id=42 args:"SKU-17" '
        'since:2h until:"2026-12-01 08:00" retries>2 runtime>5s -state:SUCCESS "free text"'
    )
    assert query.root == And(
        (
            State(("FAILURE",)),
            Pattern("name", "proj.tasks.*"),
            Pattern("worker", "celery@web1"),
            Pattern("exc_type", "TimeoutError"),
            Kwarg("user_id", "42"),
            Text("SKU-17", exact=True, column="args"),
            Time("since", ago=7200.0),
            Time("until", at=datetime(2026, 12, 1, 8, 0).timestamp()),
            Compare("retries", ">", 2.0),
            Compare("runtime", ">", 5.0),
            Not(State(("SUCCESS",))),
            Text("free text", exact=True),
        )
    )


def test_or_binds_looser_than_and_and_minus_negates_groups():
    assert parse("a b OR c").root == Or((And((Text("a"), Text("b"))), Text("c")))
    assert parse("a AND (b OR c)").root == And((Text("a"), Or((Text("b"), Text("c")))))
    assert parse("-(a OR b) --c").root == And((Not(Or((Text("a"), Text("b")))), Text("c")))
    assert parse("  ").root == Everything() and parse("").empty
    assert parse("or").root == Text("or")  # only upper-case OR is the operator


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("STATE:failure,Retry", State(("FAILURE", "RETRY"))),
        ("id:3f2a", IdPrefix("3f2a")),
        ("kwargs.flag=true", Kwarg("flag", "true")),
        ('kwargs.code="42"', Kwarg("code", '"42"')),
        ("kwargs.who=alice", Kwarg("who", '"alice"')),
        ("kwargs.x:null", Kwarg("x", "null")),
        ("retries:2", Compare("retries", "=", 2.0)),
        ("runtime<=250ms", Compare("runtime", "<=", 0.25)),
        ("runtime>=2m", Compare("runtime", ">=", 120.0)),
        ("runtime>3", Compare("runtime", ">", 3.0)),
        ("since:30m", Time("since", ago=1800.0)),
        ("since:7d", Time("since", ago=7 * 86400.0)),
        ("until:2026-12-01", Time("until", at=datetime(2026, 12, 2).timestamp())),  # the end of that day
        ("since:2026-12-01T08:00:00+00:00", Time("since", at=datetime.fromisoformat("2026-12-01T08:00:00+00:00").timestamp())),
        ("kwargs:alice", Text("alice", column="kwargs")),
        ("08:00", Text("08:00")),  # not a qualifier: it does not start with a letter
    ],
)
def test_qualifiers(text, root):
    assert parse(text).root == root


@pytest.mark.parametrize(
    ("text", "message", "underlined"),
    [
        ("foo:bar", "unknown qualifier foo:", "foo"),
        ("state:FAILURE queue:celery", "the history does not record queues", "queue"),
        ("since:2x", "since: takes a time back from now", "2x"),
        ("since:2026-02-30", "is not a date and time that exists", "2026-02-30"),
        ('until:"2026-13-01 08:00"', "is not a date and time that exists", '"2026-13-01 08:00"'),
        ("runtime>fast", "runtime compares with a duration", "fast"),
        ("runtime:5s", "runtime needs a comparison", ":"),
        ("retries>two", "retries compares with a whole number", "two"),
        ("retries!=2", "negate instead", "!="),
        ("state>x", "state takes ':'", ">"),
        ('a "b c', "this quote is never closed", '"b c'),
        ("(a b", "this '(' is never closed", "("),
        ("a b)", "this ')' has no '(' before it", ")"),
        ("a ()", "nothing between these parentheses", "()"),
        ("OR a", "OR needs a term before it", "OR"),
        ("a OR", "OR needs a term after it", "OR"),
        ("a OR OR b", "OR needs a term after it", "OR"),
        ("a - b", "'-' needs a term right after it", "-"),
        ("state:", "state: needs a value", "state:"),
        ("... ok", "needs letters or digits", "..."),
        ("args:..", "args: needs letters or digits", "args:.."),
        ("kwargs.k>3", "kwargs.<key> takes '='", ">"),
        ("(" * 50 + "a" + ")" * 50, "nested more than", "("),
    ],
)
def test_errors_say_what_and_where(text, message, underlined):
    error = check(text)
    assert isinstance(error, QueryError)
    assert message in error.message
    assert text[error.start : error.end] == underlined
    with pytest.raises(QueryError):
        parse(text)


def test_help_and_placeholder_are_queries_that_read():
    assert "\n" not in PLACEHOLDER and check(PLACEHOLDER.split("   ")[0]) is None
    for qualifier in ("state:", "name:", "worker:", "exc:", "args:", "kwargs.", "id:", "since:", "until:", "retries", "runtime"):
        assert qualifier in QUERY_HELP


def test_user_text_reaches_sql_only_as_parameters_and_fts5_strings():
    hostile = "x\"y OR NEAR(a b) * col:z '; DROP TABLE tasks; --"
    query = parse(f'"{hostile.replace(chr(34), chr(92) + chr(34))}" name:"a\'b" state:"x\'y"')
    compiled = query.sql(NOW)
    assert "DROP" not in compiled.where and "a'b" not in compiled.where
    assert compiled.match == '("x""y OR NEAR(a b) * col:z \'; DROP TABLE tasks; --")'  # one FTS5 string
    assert "a'b" in compiled.params and "X'Y" in compiled.params
    conn = _database()
    write_tasks(conn, [row_of("p", TaskRecord(id="1", args=hostile), SEEN)], True)
    assert [r.id for r in search_tasks(conn, "p", query.text.split(" name:")[0], 10, 0, NOW)] == ["1"]


def test_free_text_words_follow_sqlites_tokenizer():
    assert tokens("TimeoutError: upstream_gone SKU-17 Ωmega 中文") == [
        "timeouterror",
        "upstream",
        "gone",
        "sku",
        "17",
        "ωmega",
        "中文",
    ]
    conn = _database()
    record = TaskRecord(id="t", result="TimeoutError: upstream_gone SKU-170 Ωmega", args="'card declined'")
    write_tasks(conn, [row_of("p", record, SEEN)], True)
    for text, found in [
        ("timeo", True),  # the start of a word, 3 characters or more
        ("ti", False),  # shorter: whole words only
        ("upstream gone", True),
        ('"timeout"', False),  # a phrase is whole words
        ("SKU-17", False),
        ("SKU-170", True),
        ("ωMEGA", True),
        ('"declined card"', False),
        ("declined card", True),  # two terms, each anywhere
        ("args:card", True),
        ("kwargs:card", False),
    ]:
        query = parse(text)
        assert query.predicate(NOW)(record) is found, text
        assert count_tasks(conn, "p", query, NOW) == int(found), text


@pytest.mark.parametrize(
    ("kwargs", "key", "value"),
    [
        ('{"user_id": 42, "name": "x"}', "user_id", "42"),
        ("{'user_id': 42, 'flag': True, 'none': None}", "flag", "true"),
        ("{'user_id': 42, 'flag': True, 'none': None}", "none", "null"),
        ('user_id=42, name="x, y", amount=4.5', "amount", "4.5"),
        ('user_id=42, name="x, y", amount=4.5', "name", '"x, y"'),
        ('{"user_id": 42, "note": "cut sho…', "user_id", "42"),  # cut short: read as far as it goes
        ("{'nested': {'user_id': 1}}", "user_id", None),  # top-level keys only
        ('{"items": [1, 2]}', "items", None),  # scalars only
        ("{'a': " * 5000 + "1" + "}" * 5000, "a", None),  # too deep for Python: no value, no exception
        ("not kwargs", "user_id", None),
    ],
)
def test_kwarg_values_from_each_way_kwargs_are_shown(kwargs, key, value):
    assert kwarg_json(kwargs, key) == value


# -- never anything but QueryError ---------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    ["state:", "name:", "kwargs.", "=", ">", "<=", "!=", ":", "(", ")", '"', "-", "OR", "AND", " ", "since:", "runtime>",
     "retries", "2h", "5s", "2026-02-30", "\\", "*", "?", "[", "x", "é", "\x00", "\ud800", "NEAR", "{a}", "^", "id:"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(FRAGMENTS, max_size=25).map("".join)))
def test_any_text_parses_or_raises_query_error_only(text):
    try:
        query = parse(text)
    except QueryError as exc:
        assert 0 <= exc.start <= exc.end <= max(len(text), exc.end) and exc.message
        return
    query.sql(NOW)
    query.sql(NOW, fts=False)
    query.predicate(NOW)(TaskRecord(id="x"))


# -- SQL and Python agree ---------------------------------------------------------------------------

WORDS = ["alpha", "Beta", "SKU-17", "sku", "ORD", "timeout", "TimeoutError", "café", "Ωmega", "中文", "17", "user_id", "true"]
SEPARATORS = [" ", ", ", "-", "_", ": ", "\n", "'", '"', "(", "…", "/"]


def _texts(min_size=0):
    return st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=min_size, max_size=5).map(
        lambda parts: "".join(w + s for w, s in parts)
    )


_SCALARS = st.one_of(st.integers(-3, 50), st.sampled_from([True, False, None, 4.5, "alice", "42", "x y"]))


@st.composite
def kwargs_texts(draw):
    values = draw(st.dictionaries(st.sampled_from(["user_id", "flag", "who"]), _SCALARS, max_size=3))
    style = draw(st.sampled_from(["json", "repr", "sent", "text"]))
    import json

    if style == "json":
        return json.dumps(values)
    if style == "repr":
        return repr(values)
    if style == "sent":
        return ", ".join(f"{k}={json.dumps(v)}" for k, v in values.items())
    return draw(_texts())


def _maybe_time():
    return st.one_of(st.none(), st.floats(NOW - 20 * 3600, NOW, allow_nan=False))


@st.composite
def records(draw, index: int = 0):
    started = draw(_maybe_time())
    done = draw(st.one_of(st.none(), st.floats(0, 40).map(lambda d: None if started is None else started + d)))
    return TaskRecord(
        id=draw(st.sampled_from(["3f2a", "3f2b", "abc", "ab[c", "x*y"])) + f"-{index}",
        name=draw(st.sampled_from(["proj.tasks.add", "proj.tasks.mul", "other.job", "Proj.x", "a[b].c", ""])),
        state=draw(st.sampled_from(["SUCCESS", "FAILURE", "PENDING", "progress", "Custom", "RETRY"])),
        args=draw(_texts()),
        kwargs=draw(kwargs_texts()),
        result=draw(_texts()),
        exc_type=draw(st.sampled_from(["", "TimeoutError", "ValueError", "celery.exceptions.TimeoutError"])),
        traceback=draw(_texts()),
        worker=draw(st.sampled_from(["", "celery@web1", "celery@web2", "w?x"])),
        retries=draw(st.one_of(st.none(), st.integers(0, 5))),
        sent_at=draw(_maybe_time()),
        started_at=started,
        date_done=done,
        updated_at=SEEN,  # the live window's stand-in for the history's seen_at
    )


def _term():
    word = st.sampled_from(WORDS + ["timeo", "alp", "be", "caf", "17 sku"])
    quoted = word.map(lambda w: f'"{w}"')
    glob = st.sampled_from(
        ["proj.tasks.*", "proj.tasks.add", "*.x", "?roj*", "a[b].*", "celery@web?", "*Timeout*", "TimeoutError", ""]
    )
    value = st.one_of(st.integers(-3, 50).map(str), st.sampled_from(["true", "false", "null", "4.5", "alice", '"42"', '"x y"']))
    return st.one_of(
        word,
        quoted,
        st.builds(lambda s: f"state:{s}", st.sampled_from(["failure", "SUCCESS", "Progress", "custom,retry"])),
        glob.map(lambda g: f'name:"{g}"'),
        glob.map(lambda g: f'worker:"{g}"'),
        glob.map(lambda g: f'exc:"{g}"'),
        st.sampled_from(["3f", "3f2a", "ab[", "x*", "x"]).map(lambda p: f'id:"{p}"'),
        word.map(lambda w: f'args:"{w}"'),
        word.map(lambda w: f"kwargs:{w.split()[0]}"),
        st.builds(lambda k, v: f"kwargs.{k}={v}", st.sampled_from(["user_id", "flag", "who"]), value),
        st.builds(lambda b, n: f"{b}:{n}h", st.sampled_from(["since", "until"]), st.integers(0, 24)),
        st.builds(lambda op, n: f"retries{op}{n}", st.sampled_from(["<", "<=", "=", ">=", ">", ":"]), st.integers(0, 5)),
        st.builds(lambda op, n: f"runtime{op}{n}s", st.sampled_from(["<", "<=", ">=", ">"]), st.integers(0, 40)),
    )


queries = st.recursive(
    _term(),
    lambda inner: st.one_of(
        inner.map(lambda q: f"-({q})"),
        st.tuples(inner, inner).map(lambda ab: f"{ab[0]} {ab[1]}"),
        st.tuples(inner, inner).map(lambda ab: f"({ab[0]} OR {ab[1]})"),
    ),
    max_leaves=5,
)


def _database() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    create_schema(conn)
    return conn


@pytest.fixture(scope="module")
def shared():
    conn = _database()
    yield conn
    conn.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data(), texts=st.lists(queries, min_size=1, max_size=4))
def test_sql_and_python_agree_on_the_same_tasks(shared, data, texts):
    conn = shared
    conn.execute("BEGIN")
    try:
        tasks = [data.draw(records(i)) for i in range(data.draw(st.integers(0, 25)))]
        write_tasks(conn, [row_of("p", r, SEEN) for r in tasks], True)
        write_tasks(conn, [row_of("other", r, SEEN) for r in tasks[:3]], True)  # another profile's: never found
        for text in texts:
            query = parse(text)
            test = query.predicate(NOW)
            expected = [r.id for r in reversed(tasks) if test(r)]  # newest first
            found = [r.id for r in search_tasks(conn, "p", query, 1000, 0, NOW)]
            assert found == expected, (text, query.sql(NOW, profile="p"))
            event("none match" if not expected else "all match" if len(expected) == len(tasks) else "some match")
            assert count_tasks(conn, "p", query, NOW) == len(expected), text
            assert [r.id for r in search_tasks(conn, "p", query, 2, 1, NOW)] == expected[1:3]
    finally:
        conn.execute("ROLLBACK")
