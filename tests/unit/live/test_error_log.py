"""The error log: a bounded list of stamped lines, each with its traceback, no password anywhere, listeners told."""

from __future__ import annotations

import logging

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.live.changes import ERRORS, Listeners
from desktop.core.live.error_log import MAX_ERRORS, ErrorLog

PROFILE = ConnectionProfile(name="staging", broker_url="redis://:s3cret-pw@broker:6379/0", backend_url=None)


def error_log() -> tuple[ErrorLog, list[set[str]]]:
    told: list[set[str]] = []
    listeners = Listeners()
    listeners.subscribe(told.append)
    return ErrorLog(PROFILE, listeners.notify), told


def test_a_report_is_a_stamped_line_with_its_details_and_the_listeners_are_told():
    log, told = error_log()
    log.report("sending tasks.add failed: timed out", details="Traceback: ...")
    [line] = log.lines
    assert line.endswith("  sending tasks.add failed: timed out") and line[2] == ":"  # HH:MM:SS first
    assert log.details == [f"{line}\nTraceback: ..."]
    assert told == [{ERRORS}]


def test_no_password_reaches_the_lines_the_details_or_the_log(caplog):
    log, _ = error_log()
    with caplog.at_level(logging.WARNING, logger="desktop.core.live.error_log"):
        log.report("broker redis://:s3cret-pw@broker:6379/0 refused", details="raised with s3cret-pw")
        log.report("only a message, s3cret-pw")
    everything = "\n".join([*log.lines, *log.details, log.report_text(), caplog.text])
    assert "s3cret-pw" not in everything and "refused" in caplog.text
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.WARNING]  # a traceback is an error


def test_the_log_keeps_the_last_errors_only():
    log, _ = error_log()
    for i in range(MAX_ERRORS + 30):
        log.report(f"error {i}")
    assert len(log.lines) == len(log.details) == MAX_ERRORS
    assert log.lines[0].endswith("error 30") and log.lines[-1].endswith(f"error {MAX_ERRORS + 29}")


def test_the_report_text_names_the_version_and_the_profile_then_every_error():
    log, _ = error_log()
    log.report("first", details="trace 1")
    log.report("second")
    header, *errors = log.report_text().split("\n\n")
    assert header.startswith("Celery Desktop ") and "staging" in header
    assert [e.split("  ", 1)[1] for e in errors] == ["first\ntrace 1", "second"]


def test_clearing_empties_both_and_tells_the_listeners():
    log, told = error_log()
    log.report("gone soon")
    log.clear()
    assert log.lines == [] and log.details == [] and told == [{ERRORS}, {ERRORS}]


def test_a_listener_may_leave_while_it_is_told():
    listeners, told = Listeners(), []

    def once(parts: set[str]) -> None:
        told.append(parts)
        listeners.unsubscribe(once)

    listeners.subscribe(once)
    listeners.subscribe(told.append)
    listeners.notify("tasks", "errors")
    listeners.notify("workers")
    assert told == [{"tasks", "errors"}, {"tasks", "errors"}, {"workers"}]
    listeners.unsubscribe(once)  # already gone: nothing happens
