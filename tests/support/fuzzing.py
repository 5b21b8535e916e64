"""Counts of the cases each property-based test tried, for the run's summary.

A test calls ``tried("call form")`` once per generated case; an exception that escapes a
case fails the test, so the failures of a run are its crashes. ``pytest_terminal_summary`` in
conftest prints the totals, and writes them as JSON when CELERY_DESKTOP_FUZZ_REPORT names a file.
"""

from __future__ import annotations

from collections import Counter

CASES: Counter[str] = Counter()


def tried(subject: str, cases: int = 1) -> None:
    CASES[subject] += cases
