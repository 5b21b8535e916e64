import pytest

from desktop.core.cluster.client import merge_registered, parse_registered_entry
from desktop.core.domain.records import RegisteredTask


def celery_entry(name: str, **fields) -> str:
    if not fields:
        return name
    return "{} [{}]".format(name, " ".join("=".join((k, str(v))) for k, v in fields.items()))


def test_entry_with_options():
    entry = celery_entry("tasks.add", rate_limit="10/m", max_retries=3, ignore_result=False)
    assert entry == "tasks.add [rate_limit=10/m max_retries=3 ignore_result=False]"
    assert parse_registered_entry(entry) == (
        "tasks.add",
        (("rate_limit", "10/m"), ("max_retries", "3"), ("ignore_result", "False")),
    )


def test_bare_entry():
    assert parse_registered_entry("tasks.mul") == ("tasks.mul", ())


def test_single_option():
    assert parse_registered_entry("tasks.slow [time_limit=30.0]") == ("tasks.slow", (("time_limit", "30.0"),))


def test_option_value_with_spaces_is_kept_whole():
    entry = celery_entry("tasks.q", queue="my queue", acks_late=True)
    assert parse_registered_entry(entry) == ("tasks.q", (("queue", "my queue"), ("acks_late", "True")))


@pytest.mark.parametrize("entry", ["tasks.broken [rate_limit=1/s", "tasks.odd extra words"])
def test_malformed_entry_gives_no_options(entry):
    name, options = parse_registered_entry(entry)
    assert options == ()
    assert name.startswith("tasks.")


def test_merge_same_task_on_two_workers():
    replies = {
        "w2@host": [celery_entry("tasks.add", rate_limit="10/m"), "tasks.mul"],
        "w1@host": [celery_entry("tasks.add", rate_limit="10/m")],
    }
    assert merge_registered(replies) == [
        RegisteredTask("tasks.add", ("w1@host", "w2@host"), (("rate_limit", "10/m"),)),
        RegisteredTask("tasks.mul", ("w2@host",), ()),
    ]


def test_merge_sorts_names():
    tasks = merge_registered({"w@h": ["tasks.zeta", "celery.chord", "tasks.alpha"]})
    assert [t.name for t in tasks] == ["celery.chord", "tasks.alpha", "tasks.zeta"]
    assert [t.builtin for t in tasks] == [True, False, False]


def test_merge_skips_garbage():
    replies = {
        "bad1@h": {"error": "no such command"},
        "bad2@h": "tasks.add",
        "bad3@h": None,
        "mixed@h": [None, 42, ["tasks.nested"], {"n": 1}, celery_entry("tasks.ok", max_retries=3)],
    }
    assert merge_registered(replies) == [RegisteredTask("tasks.ok", ("mixed@h",), (("max_retries", "3"),))]


def test_merge_empty():
    assert merge_registered({}) == []
    assert merge_registered({"w@h": []}) == []


def test_options_exposed_by_name():
    (task,) = merge_registered({"w@h": [celery_entry("tasks.add", rate_limit="10/m", max_retries=3)]})
    assert task.option("max_retries") == "3"
    assert task.option("serializer", "json") == "json"
