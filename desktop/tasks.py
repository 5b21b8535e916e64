"""The demo Celery app: the kinds of tasks a Celery user writes every day.

The embedded demo (``celery-desktop --demo``) runs one worker on this module;
the test suite runs real workers on it too. Broker and backend come from the
standard ``CELERY_BROKER_URL`` / ``CELERY_RESULT_BACKEND`` variables, which the
demo launcher sets for the worker it starts.
"""

from __future__ import annotations

import os
import time

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.log import get_task_logger

app = Celery(
    "demo",
    broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/10"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/11"),
)
app.conf.update(
    result_extended=True,
    task_send_sent_event=True,
    worker_send_task_events=True,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_accept_content=["json"],
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    timezone="UTC",
)

logger = get_task_logger(__name__)


class AuditedTask(Task):
    """A base class with every lifecycle hook, logging each one."""

    def on_success(self, retval, task_id, args, kwargs):
        logger.info("on_success %s -> %r", task_id, retval)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.warning("on_failure %s: %r", task_id, exc)

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.info("on_retry %s: %r", task_id, exc)

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        logger.info("after_return %s status=%s", task_id, status)


@app.task(name="tasks.add")
def add(x: int, y: int) -> int:
    """Add two numbers."""
    logger.info("Adding %s + %s", x, y)
    return x + y


@app.task(name="sum-of-two-numbers")
def sum_of_two_numbers(a: float, b: float) -> float:
    """Add two numbers; registered under a custom name."""
    return a + b


@app.task(name="tasks.mul")
def mul(x: int, y: int) -> int:
    """Multiply two numbers (handy as a link callback after ``add``)."""
    return x * y


@app.task(name="tasks.xsum")
def xsum(numbers: list) -> float:
    """Sum a list of numbers (a chord body)."""
    return sum(numbers)


@app.task(name="tasks.long_progress", bind=True)
def long_progress(self, total: int = 10, delay: float = 0.5) -> dict:
    """Work through ``total`` steps, reporting PROGRESS with current/total."""
    for i in range(total):
        self.update_state(state="PROGRESS", meta={"current": i, "total": total})
        time.sleep(delay)
    return {"current": total, "total": total, "status": "done"}


class InventoryError(Exception):
    """Raised by ``always_fails``; a domain error with a readable message."""


def _reserve(sku: str, quantity: int) -> None:
    raise InventoryError(f"cannot reserve {quantity} x {sku}: only 0 left in stock")


@app.task(name="tasks.always_fails")
def always_fails(sku: str = "SKU-42", quantity: int = 3) -> None:
    """Fail with a multi-frame traceback, as a real bug would."""
    _reserve(sku, quantity)


@app.task(
    name="tasks.flaky",
    bind=True,
    max_retries=3,
    default_retry_delay=1,
)
def flaky(self, succeed_on_attempt: int = 3) -> str:
    """Fail until attempt ``succeed_on_attempt``, retrying with ``self.retry``."""
    attempt = self.request.retries + 1
    if attempt < succeed_on_attempt:
        raise self.retry(exc=ConnectionError(f"upstream not ready (attempt {attempt})"))
    return f"succeeded on attempt {attempt}"


@app.task(name="tasks.slow", soft_time_limit=5, time_limit=10)
def slow(seconds: float = 3.0) -> str:
    """Sleep; a soft time limit of 5 s stops it cleanly when asked for longer."""
    try:
        time.sleep(seconds)
    except SoftTimeLimitExceeded:
        logger.warning("slow(%s) hit its soft time limit", seconds)
        return "stopped by soft time limit"
    return f"slept {seconds} s"


@app.task(name="tasks.fire_and_forget", ignore_result=True)
def fire_and_forget(message: str = "hello") -> None:
    """Log a message; its result is never stored."""
    logger.info("fire_and_forget: %s", message)


@app.task(name="tasks.tracked", track_started=True)
def tracked(seconds: float = 2.0) -> str:
    """Report STARTED while it runs (track_started=True)."""
    time.sleep(seconds)
    return "finished"


@app.task(name="tasks.audited", base=AuditedTask, bind=True, max_retries=1, default_retry_delay=1)
def audited(self, value: int = 1, fail: bool = False) -> int:
    """Run on a custom Task class whose hooks log success, failure and retry."""
    if fail:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=ValueError(f"bad value {value}"))
        raise ValueError(f"bad value {value}")
    return value * 2


@app.task(name="tasks.echo_request", bind=True)
def echo_request(self, *args, **kwargs) -> dict:
    """Return how this call arrived (the worker's view of every calling option)."""
    request = self.request
    delivery = dict(request.delivery_info or {})
    return {
        "id": request.id,
        "args": list(args),
        "kwargs": kwargs,
        "eta": request.eta,
        "expires": request.expires,
        "retries": request.retries,
        "priority": delivery.get("priority"),
        "exchange": delivery.get("exchange"),
        "routing_key": delivery.get("routing_key"),
        "headers": {k: v for k, v in (request.headers or {}).items() if isinstance(v, (str, int, float, bool))}
        if isinstance(request.headers, dict)
        else None,
        "custom_header": request.get("x_custom") if hasattr(request, "get") else None,
        "shadow": getattr(request, "shadow", None),
        "timelimit": list(request.timelimit or ()),
        "ignore_result": request.ignore_result,
        "hostname": request.hostname,
        "started_at": time.time(),
    }


@app.task(name="tasks.on_error")
def on_error(task_id: str) -> str:
    """An errback (link_error) in the one-argument style: it runs as its own task, with a result.

    (Errbacks taking ``(request, exc, traceback)`` run inside the failing worker and store nothing.)
    """
    failed = app.AsyncResult(task_id)
    exc = failed.result
    logger.warning("task %s failed: %r", task_id, exc)
    return f"{task_id} failed: {type(exc).__name__}: {exc}"
