"""What the benches share about the processes they start: their priority."""

from __future__ import annotations

import os
from pathlib import Path


def renice(pid: int, nice: int, own_session: bool = True) -> None:
    """Every thread of a process (Linux's setpriority applies to one thread); children it starts later inherit it.

    With the kernel's autogroup scheduling on, a process started in its own session (the
    workers and redis-server are) is weighed as a group against the console's, whatever its
    threads' nice values: the group's nice is set too. A process in the console's own session
    (the sender) shares the console's group, whose nice must stay as it is.
    """
    if own_session:
        try:
            Path(f"/proc/{pid}/autogroup").write_text(str(nice))
        except OSError:
            pass
    try:
        tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        tids = [pid]
    for tid in tids:
        try:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
        except OSError:
            pass
