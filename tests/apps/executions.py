"""Every execution of a task counted in a file, for tests that prove nothing was lost or run twice.

With ``CELERY_DESKTOP_TEST_EXECUTIONS`` set to a file, every execution of a task appends one
line to it, ``<task id> <wall-clock start> <1 if the message was delivered again else 0>``:
a file, not Redis, so that an execution while Redis is down is counted too.
"""

import os
import time
from collections import Counter
from pathlib import Path

from celery.signals import task_prerun

EXECUTIONS = os.environ.get("CELERY_DESKTOP_TEST_EXECUTIONS")


@task_prerun.connect
def count_execution(task_id=None, task=None, **_):
    if not EXECUTIONS:
        return
    redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
    line = f"{task_id} {time.time():.6f} {int(redelivered)}\n".encode()
    fd = os.open(EXECUTIONS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)  # one write of a short line with O_APPEND: lines of both pool processes never interleave
    finally:
        os.close(fd)


def executions(path: Path) -> Counter:
    """How many times each task id ran, from the file."""
    if not path.exists():
        return Counter()
    return Counter(line.split()[0] for line in path.read_text().splitlines() if line.strip())
