"""The shared test redis-server's databases: each owned once (tests/support/redis_dbs.py), none named by number in a test."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tests.support.redis_dbs import DATABASES, OWNERS, db

TESTS = Path(__file__).resolve().parents[1]

# a shared-server database written as a number, as in redis_server.url(N) or password=redis_server.password, db=N
BY_NUMBER = re.compile(r"redis_server\.url\(\s*\d|redis_server\.password,\s*db=\d")


def test_no_database_has_two_owners():
    numbers = Counter(n for roles in OWNERS.values() for n in roles.values())
    assert [n for n, count in numbers.items() if count > 1] == []


def test_every_database_exists_on_the_shared_server():
    assert all(0 <= n < DATABASES for roles in OWNERS.values() for n in roles.values())
    assert DATABASES > 16  # more than Redis' default: the shared server is configured for them (tests/conftest.py)


def test_the_demo_worker_keeps_the_demos_numbers():
    """The CACHE_REDIS_* variables compose DB 10 and 11, and the CLI tests find the demo worker there."""
    assert (db("demo_worker", "broker"), db("demo_worker", "backend")) == (10, 11)


def test_no_test_names_a_shared_database_by_its_number():
    found = [
        f"{path.relative_to(TESTS)}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BY_NUMBER.search(line) and path != Path(__file__)
    ]
    assert found == []
