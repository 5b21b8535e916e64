"""Footprint: the console's memory and CPU, idle and after 5,000 and 100,000 tasks, next to Flower 2.2 on the same cluster.

One private redis-server (``RedisServer``, broker on db 10, backend on db 11) and one real
``celery worker -E`` (solo pool, ``desktop/tasks.py``) run the cluster. On it, at the same
time, each in a process of its own:

- the console, as the product runs: ``python -m desktop --broker URL --backend URL``,
  offscreen (QT_QPA_PLATFORM=offscreen), the window shown, with settings and history folders
  of its own (temp dirs), every other setting the app's default (its event store holds 100,000
  tasks);
- Flower 2.2, as its users run it: ``celery -A desktop.tasks flower --address=127.0.0.1
  --port=<free>``, every other option Flower's default (its state holds 100,000 tasks too).
  Flower is no dependency of the product: it runs from a venv of its own (--flower-venv,
  default under the user's cache folder), which the bench creates when it is missing, with the
  same celery, kombu, redis and hiredis versions as the console's environment, and says so.

Nobody looks at either: the console's window is offscreen and no browser has Flower's pages
open, so what is measured is what each costs to keep up with the cluster. Both read the
same events from the same broker; neither is told when they arrive.

Points (both processes' VmRSS from /proc/<pid>/status, CPU seconds utime + stime from
/proc/<pid>/stat, all threads):

1. idle: both connected, the worker online (its heartbeats every 2 s), no tasks; once both
   have settled after start, over --idle seconds (default 30): the CPU spent and the RSS at
   the end.
2. after 5,000 tasks, run for real: a sender (a thread of this bench) calls
   ``app.send_task("tasks.add", (i, i))`` with task-sent events, at most --rate a second,
   and the worker runs them, sending task-received, -started and -succeeded: 4 events a task.
3. after 100,000 tasks (not with --quick): the next 95,000 come from an events producer, a
   process that sends the same four events a task (the real events' fields) through
   ``celery.events.EventDispatcher`` on the same broker, as a worker would, at --rate tasks a
   second, with worker-online, a heartbeat every 2 s and worker-offline under a worker name
   of its own. A real worker running 95,000 tasks would cost more CPU than the two monitors
   together on this 2-core machine; the events are what both monitors see either way.

A point is read once both have taken in everything sent: Flower's own count of task-succeeded
events (its /metrics) has reached the tasks sent, and each process's CPU has come back near
its idle rate (and Redis holds no output for its connections). The CPU a point reports is
what each spent from the end of the idle window to that point; per 1,000 tasks is that over
the tasks; the ratios are console / Flower. Each one's CPU over the tasks is also split by thread
(/proc/<pid>/task; Python's thread names from ``py-spy dump`` when py-spy is on PATH, else the
OS's): receiving (kombu's Redis transport and celery's EventReceiver, a thread in both) apart
from taking the events in (the console's GUI thread, Flower's IOLoop). While it runs the sender pauses when Redis holds
more than a few MB of events for either monitor's connection, so neither is ever dropped by
Redis's output-buffer limit (the bench checks that each keeps the connections it started with).
The worker and redis-server run at nice --load-nice (default 10), so on a busy 2-core machine
the two monitors get the cores first and neither falls behind for want of them; the producer
(about a fifth of a core at 250 tasks a second) runs at their priority, since at nice 10 on a
busy machine it sent a fraction of --rate.
Last, --idle-after seconds (default 10) of idle with every task held: the idle cost of a full
store.

    .venv/bin/python bench/footprint.py [--quick] [--idle 30] [--tasks 5000,100000] [--rate 250]
        [--idle-after 10] [--events-only] [--flower-venv PATH] [--load-nice 10] [--py-spy PATH] [--json-only]

``--quick`` (what bench/check.py runs): idle 10 s, 5,000 tasks from the events producer (a solo
worker sharing 2 cores with both monitors runs about 50-150 tasks a second, too slow for a
check), 5 s of idle after. ``--events-only`` does the same for a full run.
``--py-spy PATH`` records the console with the py-spy on PATH (--nonblocking, sleeping threads
left out) over the idle window into PATH.idle and from its end to the last point into PATH
(folded stacks; the functions most often on the stack and at its top are printed); py-spy
reads the console's memory 100 times a second, so that run's CPU figures are a little higher. The targets are in bench/targets.py.
"""

from __future__ import annotations

import argparse
import atexit
import ctypes
import importlib.metadata
import json
import multiprocessing
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.processes import renice  # noqa: E402
from bench.targets import as_json, target  # noqa: E402
from desktop.core.runtime.demo import DemoError, RedisServer, WorkerProcess, free_port, wait_for_workers  # noqa: E402

FLOWER_SPEC = "flower==2.2.*"
# The console's versions of these go into Flower's venv (kombu's Redis transport imports packaging).
STACK = ("celery", "kombu", "redis", "hiredis", "packaging")
CPU_TARGET = target("footprint", "ratios.cpu_tasks")
RSS_TARGET = target("footprint", "ratios.rss_max_from_5000")
APP = "desktop.tasks"
PRODUCER_WORKER = "events-producer@footprint"
PRODUCER_CLIENT = "client@footprint"
OMEM_PAUSE = 4 * 2**20  # bytes Redis may hold for one connection before the sender waits
SAMPLE_S = 0.5
QUIET_SAMPLES = 3  # consecutive samples near the idle rate: the process has taken in what was sent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def say(args, *parts) -> None:
    if not args.json_only:
        print(*parts, flush=True)


# -- processes -----------------------------------------------------------------------------------


def proc_figures(pid: int) -> tuple[float, float, float]:
    """(CPU seconds, VmRSS MB, VmHWM MB) of a live process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
    rss = hwm = float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    return cpu, rss, hwm


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += proc_figures(pid)[0]
        except OSError:
            pass
    return total


def thread_cpu(pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds of each live thread of a process: tid -> (its OS name, seconds)."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            fields = Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[-1].split()
            comm = Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
        except OSError:
            continue
        out[int(tid)] = (comm, (int(fields[11]) + int(fields[12])) / CLK_TCK)
    return out


def thread_names(pid: int) -> dict[int, str]:
    """Python's names of a process's threads (``py-spy dump``, when py-spy is on PATH): tid -> name."""
    binary = shutil.which("py-spy")
    if binary is None:
        return {}
    try:
        text = subprocess.run([binary, "dump", "--pid", str(pid)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    names = {}
    for line in text.splitlines():
        m = re.match(r'^Thread (?:0x[0-9a-fA-F]+ )?\(?(\d+)\)?.*?"(.+)"', line)
        if m:
            names[int(m[1])] = m[2]
    return names


def by_thread(before: dict, after: dict, names: dict[int, str]) -> dict[str, float]:
    """CPU seconds each thread spent between two ``thread_cpu`` readings, by name, the most first."""
    spent = Counter()
    for tid, (comm, cpu) in after.items():
        spent[names.get(tid, f"{comm} (tid {tid})")] += cpu - before.get(tid, (comm, 0.0))[1]
    return {name: round(s, 2) for name, s in spent.most_common() if s >= 0.01}


def _die_with_parent() -> None:
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Monitor:
    """One of the two measured processes."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen | None = None
    connections: set[int] = field(default_factory=set)  # Redis client ids it had when the idle window began

    def start(self, cwd: Path) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise DemoError(f"{self.name} exited ({self.proc.returncode if self.proc else 'not started'}):\n{tail}")

    def figures(self) -> tuple[float, float, float]:
        self.alive()
        return proc_figures(self.pid)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(5)


# -- Redis connections by process ----------------------------------------------------------------


def socket_inodes(pid: int) -> set[str]:
    out = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                out.add(link[8:-1])
    except OSError:
        pass
    return out


def local_ports(pid: int) -> set[int]:
    """The local TCP ports of a process's sockets (Linux /proc/net/tcp*)."""
    inodes = socket_inodes(pid)
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 9 and parts[9] in inodes:
                ports.add(int(parts[1].rsplit(":", 1)[1], 16))
    return ports


def clients(redis_client) -> list[dict]:
    return redis_client.client_list()


def connections_of(redis_client, pid: int) -> list[dict]:
    ports = local_ports(pid)
    return [c for c in clients(redis_client) if int(c["addr"].rsplit(":", 1)[1]) in ports]


def subscribed(conns: list[dict]) -> bool:
    return any(int(c.get("sub", 0)) or int(c.get("psub", 0)) for c in conns)


def held_output(conns: list[dict]) -> int:
    return sum(int(c.get("omem", 0)) for c in conns)


# -- Flower ---------------------------------------------------------------------------------------


def default_venv() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "celery-desktop" / "bench-flower-venv"


def stack_versions() -> dict[str, str]:
    out = {}
    for name in STACK:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return out


VERSIONS_PROBE = (
    "import importlib.metadata as m, json\n"
    "out = {}\n"
    "for n in ('flower', 'celery', 'kombu', 'redis', 'hiredis', 'packaging', 'tornado'):\n"
    "    try: out[n] = m.version(n)\n"
    "    except m.PackageNotFoundError: pass\n"
    "print(json.dumps(out))\n"
)


def venv_versions(venv: Path) -> dict[str, str] | None:
    python = venv / "bin" / "python"
    if not python.exists():
        return None
    proc = subprocess.run([str(python), "-c", VERSIONS_PROBE], capture_output=True, text=True, timeout=60)
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def ensure_flower(venv: Path, args) -> tuple[dict[str, str], str]:
    """Flower 2.2 with the console's celery/kombu/redis/hiredis in ``venv``: (its versions, what was done)."""
    wanted = stack_versions()

    def fits(found: dict[str, str] | None) -> bool:
        return bool(found) and found.get("flower", "").startswith("2.2.") and all(found.get(k) == v for k, v in wanted.items())

    found = venv_versions(venv)
    if fits(found):
        return found, f"Flower's venv {venv} (there already)"
    started = time.monotonic()
    say(args, f"creating Flower's venv {venv}: {FLOWER_SPEC} with " + ", ".join(f"{k}=={v}" for k, v in wanted.items()))
    if found is None:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", FLOWER_SPEC]
    pip += [f"{k}=={v}" for k, v in wanted.items()]
    proc = subprocess.run(pip, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise DemoError(f"pip could not install Flower into {venv}:\n{proc.stderr[-2000:]}")
    found = venv_versions(venv)
    if not fits(found):
        raise DemoError(f"Flower's venv {venv} holds {found}, not {FLOWER_SPEC} with {wanted}")
    return found, f"Flower's venv {venv} (created now, {time.monotonic() - started:.0f} s)"


def flower_succeeded(url: str) -> int | None:
    """Flower's count of task-succeeded events (its Prometheus counter), or None when it does not answer."""
    try:
        with urllib.request.urlopen(f"{url}/metrics", timeout=5) as reply:
            text = reply.read().decode()
    except OSError:
        return None
    total = 0.0
    for line in text.splitlines():
        if line.startswith("flower_events_total{") and 'type="task-succeeded"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


def flower_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthcheck", timeout=2) as reply:
            return reply.read().strip() == b"OK"
    except OSError:
        return False


# -- the load -------------------------------------------------------------------------------------


def send_real_tasks(broker_url: str, count: int, rate: float, progress: list[int], stop: threading.Event, held) -> None:
    """``tasks.add`` through ``app.send_task`` with task-sent events, at most ``rate`` a second (a thread)."""
    from celery import Celery

    app = Celery("footprint-sender", broker=broker_url, set_as_current=False)
    app.conf.update(task_send_sent_event=True, task_serializer="json", accept_content=["json"])
    started = time.monotonic()
    try:
        with app.producer_or_acquire() as producer:
            for i in range(count):
                if stop.is_set():
                    return
                if i % 100 == 0:
                    while held() > OMEM_PAUSE and not stop.is_set():
                        time.sleep(0.02)
                        started = time.monotonic() - i / rate  # no burst to catch up afterwards
                delay = started + i / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                app.send_task("tasks.add", (i, i), producer=producer)
                progress[0] = i + 1
    finally:
        app.close()


def produce_events(broker_url: str, first: int, count: int, rate: float, produced, stop, paused) -> None:
    """Events producer (a process): ``count`` tasks' task-sent/received/started/succeeded through EventDispatcher.

    The fields are those a Celery 5 client and worker send for ``tasks.add``; a worker-online
    first, a heartbeat every 2 s and a worker-offline at the end, as a worker would. It waits
    while Redis holds more than OMEM_PAUSE bytes for any subscriber (a monitor falling behind).
    """
    import celery
    import redis
    from celery import Celery
    from celery.events import EventDispatcher

    app = Celery("footprint-producer", broker=broker_url, set_as_current=False)
    watcher = redis.Redis.from_url(broker_url)
    worker_fields = {"freq": 2.0, "sw_ident": "py-celery", "sw_ver": celery.__version__, "sw_sys": platform.system()}
    with app.connection_for_write() as conn:
        client = EventDispatcher(conn, hostname=PRODUCER_CLIENT, enabled=True)
        worker = EventDispatcher(conn, hostname=PRODUCER_WORKER, enabled=True)
        worker.send("worker-online", **worker_fields)
        started = next_beat = time.monotonic()
        for n in range(count):
            if stop.is_set():
                break
            now = time.monotonic()
            if now >= next_beat:
                worker.send("worker-heartbeat", active=1, processed=n, loadavg=list(os.getloadavg()), **worker_fields)
                next_beat = now + 2.0
            if n % 100 == 0:
                while max((int(c.get("omem", 0)) for c in watcher.client_list()), default=0) > OMEM_PAUSE:
                    waited = time.monotonic()
                    if stop.wait(0.02):
                        break
                    paused.value += time.monotonic() - waited
                    started = time.monotonic() - n / rate
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            i = first + n
            task_id = f"{i:08x}-f00d-4000-8000-{os.getpid():012x}"
            call = {
                "uuid": task_id,
                "name": "tasks.add",
                "args": f"({i}, {i})",
                "kwargs": "{}",
                "root_id": task_id,
                "parent_id": None,
                "retries": 0,
                "eta": None,
                "expires": None,
            }
            client.send("task-sent", queue="celery", exchange="", routing_key="celery", **call)
            worker.send("task-received", **call)
            worker.send("task-started", uuid=task_id)
            worker.send("task-succeeded", uuid=task_id, result=repr(i + i), runtime=0.0004)
            produced.value = n + 1
        worker.send("worker-offline", **worker_fields)
    watcher.close()
    app.close()


# -- measuring -----------------------------------------------------------------------------------


@dataclass
class Point:
    label: str
    tasks: int
    source: str
    cpu: dict[str, float]  # CPU seconds so far
    rss: dict[str, float]
    hwm: dict[str, float]
    settle_s: float
    quiet: dict[str, bool]


class Bench:
    def __init__(self, args, server: RedisServer, console: Monitor, flower: Monitor, flower_url: str, load_pids):
        import redis

        self.args = args
        self.server = server
        self.console = console
        self.flower = flower
        self.monitors = (console, flower)
        self.flower_url = flower_url
        self.load_pids = load_pids
        self.redis = redis.Redis.from_url(server.url(0))
        self.backend = redis.Redis.from_url(server.url(11))
        self.idle_rate: dict[str, float] = {}

    def held(self) -> int:
        """The most Redis holds for any connection of either monitor (bytes)."""
        try:
            return max((int(c.get("omem", 0)) for c in clients(self.redis)), default=0)
        except Exception:  # noqa: BLE001 - the sender goes on without the check
            return 0

    def sample(self) -> dict[str, tuple[float, float, float]]:
        return {m.name: m.figures() for m in self.monitors}

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Both have subscribed to the event exchange (and Flower answers HTTP)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.monitors:
                m.alive()
            if flower_up(self.flower_url) and all(subscribed(connections_of(self.redis, m.pid)) for m in self.monitors):
                return
            time.sleep(0.2)
        raise DemoError(f"the console and Flower did not both subscribe to events within {timeout:g} s")

    def quiet(self, rates: dict[str, float]) -> dict[str, bool]:
        return {
            name: rate <= max(2 * self.idle_rate.get(name, 0.0), self.idle_rate.get(name, 0.0) + 0.05)
            for name, rate in rates.items()
        }

    def settle(self, succeeded: int | None, timeout: float) -> tuple[float, dict[str, bool]]:
        """Wait until both have taken in what was sent: (seconds waited, whether each came back to quiet)."""
        started = time.monotonic()
        streak = Counter()
        last = self.sample()
        last_t = time.monotonic()
        while time.monotonic() - started < timeout:
            time.sleep(SAMPLE_S)
            now, now_t = self.sample(), time.monotonic()
            rates = {name: (now[name][0] - last[name][0]) / (now_t - last_t) for name in now}
            last, last_t = now, now_t
            quiet = self.quiet(rates)
            for m in self.monitors:
                drained = held_output(connections_of(self.redis, m.pid)) == 0
                streak[m.name] = streak[m.name] + 1 if quiet[m.name] and drained else 0
            if succeeded is not None and streak["flower"] >= QUIET_SAMPLES:
                seen = flower_succeeded(self.flower_url)
                if seen is None or seen < succeeded:
                    streak["flower"] = 0
            if all(streak[m.name] >= QUIET_SAMPLES for m in self.monitors):
                return time.monotonic() - started, {m.name: True for m in self.monitors}
        return time.monotonic() - started, {m.name: streak[m.name] >= QUIET_SAMPLES for m in self.monitors}

    def point(self, label: str, tasks: int, source: str, succeeded: int | None, timeout: float) -> Point:
        settle_s, quiet = self.settle(succeeded, timeout)
        now = self.sample()
        return Point(
            label,
            tasks,
            source,
            {k: v[0] for k, v in now.items()},
            {k: v[1] for k, v in now.items()},
            {k: v[2] for k, v in now.items()},
            settle_s,
            quiet,
        )

    def connection_ids(self, m: Monitor) -> set[int]:
        return {int(c["id"]) for c in connections_of(self.redis, m.pid) if int(c.get("sub", 0)) or int(c.get("psub", 0))}

    def idle(self, seconds: float) -> tuple[dict, dict]:
        """CPU spent over ``seconds`` of idle and the RSS at the end."""
        before = self.sample()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            for m in self.monitors:
                m.alive()
        after = self.sample()
        cpu = {k: after[k][0] - before[k][0] for k in after}
        return cpu, {k: v for k, v in after.items()}

    def run_real(self, count: int) -> float:
        """``count`` tasks sent and run by the worker; returns seconds until the backend holds every result."""
        base = self.backend.dbsize()
        progress, stop = [0], threading.Event()
        sender = threading.Thread(
            target=send_real_tasks,
            args=(self.server.url(10), count, self.args.rate, progress, stop, self.held),
            name="footprint-sender",
            daemon=True,
        )
        started = time.monotonic()
        sender.start()
        last_print = started
        try:
            while self.backend.dbsize() - base < count:
                if time.monotonic() - started > max(600.0, 10 * count / self.args.rate):
                    raise DemoError(f"the worker ran {self.backend.dbsize() - base:,} of {count:,} tasks")
                for m in self.monitors:
                    m.alive()
                time.sleep(0.25)
                if time.monotonic() - last_print >= 15:
                    last_print = time.monotonic()
                    say(self.args, f"  ... {progress[0]:,} of {count:,} sent, {self.backend.dbsize() - base:,} run")
        finally:
            stop.set()
            sender.join(10)
        return time.monotonic() - started

    def run_events(self, first: int, count: int) -> tuple[float, float]:
        """``count`` tasks' events from the producer process; (seconds, seconds it paused for a slow monitor)."""
        ctx = multiprocessing.get_context("spawn")
        produced, paused, stop = ctx.Value("q", 0), ctx.Value("d", 0.0), ctx.Event()
        proc = ctx.Process(
            target=produce_events,
            args=(self.server.url(10), first, count, self.args.rate, produced, stop, paused),
            name="footprint-producer",
            daemon=True,
        )
        started = time.monotonic()
        proc.start()  # at the monitors' priority: at nice 10 on a busy machine it sends a fraction of --rate
        self.load_pids.append(proc.pid)
        last_print = started
        try:
            while proc.is_alive():
                proc.join(0.5)
                for m in self.monitors:
                    m.alive()
                if time.monotonic() - last_print >= 15:
                    last_print = time.monotonic()
                    say(self.args, f"  ... {produced.value:,} of {count:,} tasks' events sent")
            if proc.exitcode != 0 or produced.value != count:
                raise DemoError(f"the events producer exited with {proc.exitcode} after {produced.value:,} of {count:,} tasks")
        finally:
            stop.set()
            proc.join(5)
        return time.monotonic() - started, paused.value


# -- py-spy --------------------------------------------------------------------------------------


def start_py_spy(binary: str, pid: int, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            binary,
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
            "--threads",
            "--rate",
            "100",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop_py_spy(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()


FRAME = re.compile(r"^(?P<func>[^ ]+) \((?P<file>[^:]+)(?::\d+)?\)$")


def folded_summary(path: Path, top: int = 25) -> list[str]:
    """The functions with the most samples on the stack (inclusive) and at its top (own), from py-spy's folded stacks."""
    inclusive, own, total = Counter(), Counter(), 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [f for f in stack.split(";") if not f.startswith("thread (")]
        names = []
        for frame in frames:
            m = FRAME.match(frame.strip())
            if m:
                file = m["file"].replace(str(ROOT) + "/", "")
                file = re.sub(r"^.*/site-packages/", "", file)
                names.append(f"{m['func']} ({file})")
            else:
                names.append(frame.strip())
        for name in set(names):
            inclusive[name] += count
        if names:
            own[names[-1]] += count
    if not total:
        return ["  (no samples)"]
    lines = [f"  {total:,} samples; inclusive (on the stack) / own (at the top):"]
    for name, n in inclusive.most_common(top):
        lines.append(f"    {n / total:6.1%} incl {own[name] / total:6.1%} own  {name}")
    lines.append("  most own time:")
    for name, n in own.most_common(top):
        lines.append(f"    {n / total:6.1%} own  {name}")
    return lines


# -- report --------------------------------------------------------------------------------------


def ratio(a: float, b: float) -> float | None:
    """a / b, or None when b is below what /proc counts (a clock tick)."""
    return round(a / b, 3) if b >= 1 / CLK_TCK else None


def times(a: float, b: float) -> str:
    r = ratio(a, b)
    return f"{r:5.2f}x" if r is not None else "    - "


def report(args, idle: dict, points: list[Point], idle_after: dict | None, meta: dict) -> dict:
    names = ("console", "flower")
    base = idle["end_cpu"]
    rows = [("idle " + f"{args.idle:g} s", idle["rss"], idle["cpu"], None)]
    per_point: dict[str, dict] = {n: {} for n in names}
    for n in names:
        per_point[n]["idle"] = {
            "rss_mb": round(idle["rss"][n], 1),
            "cpu_s": round(idle["cpu"][n], 3),
            "cpu_pct_of_core": round(100 * idle["cpu"][n] / args.idle, 2),
            "cpu_s_since_start": round(idle["end_cpu"][n], 2),
        }
    ratios: dict[str, float | None] = {
        "rss_idle": ratio(idle["rss"]["console"], idle["rss"]["flower"]),
        "cpu_idle": ratio(idle["cpu"]["console"], idle["cpu"]["flower"]),
    }
    for p in points:
        spent = {n: p.cpu[n] - base[n] for n in names}
        rows.append((f"after {p.tasks:,} tasks", p.rss, spent, p.tasks))
        for n in names:
            per_point[n][f"tasks_{p.tasks}"] = {
                "rss_mb": round(p.rss[n], 1),
                "peak_rss_mb": round(p.hwm[n], 1),
                "cpu_s": round(spent[n], 2),
                "cpu_s_per_1000_tasks": round(1000 * spent[n] / p.tasks, 3),
                "settled": p.quiet[n],
            }
        ratios[f"rss_{p.tasks}"] = ratio(p.rss["console"], p.rss["flower"])
        ratios[f"cpu_{p.tasks}"] = ratio(spent["console"], spent["flower"])
    last = points[-1]
    ratios["cpu_tasks"] = ratios[f"cpu_{last.tasks}"]
    from_5000 = [ratios[f"rss_{p.tasks}"] for p in points if p.tasks >= 5000 and ratios[f"rss_{p.tasks}"] is not None]
    ratios["rss_max_from_5000"] = max(from_5000) if from_5000 else None
    if idle_after:
        for n in names:
            per_point[n]["idle_after_tasks"] = {
                "rss_mb": round(idle_after["rss"][n], 1),
                "cpu_s": round(idle_after["cpu"][n], 3),
                "cpu_pct_of_core": round(100 * idle_after["cpu"][n] / args.idle_after, 2),
            }
        ratios["cpu_idle_after_tasks"] = ratio(idle_after["cpu"]["console"], idle_after["cpu"]["flower"])

    say(args)
    say(args, "CPU is seconds spent since the end of the idle window (the idle row: during it); ratios are console / Flower.")
    say(
        args,
        f"{'point':22s} {'console RSS':>12s} {'Flower RSS':>11s} {'RSS x':>6s}  {'console CPU':>11s} {'Flower CPU':>10s} "
        f"{'CPU x':>6s}  {'console /1k':>11s} {'Flower /1k':>10s}",
    )
    for label, rss, cpu, tasks in rows:
        per_k = f"{1000 * cpu['console'] / tasks:10.3f}s {1000 * cpu['flower'] / tasks:9.3f}s" if tasks else f"{'':11s} {'':10s}"
        say(
            args,
            f"{label:22s} {rss['console']:9.1f} MB {rss['flower']:8.1f} MB {rss['console'] / rss['flower']:5.2f}x  "
            f"{cpu['console']:10.2f}s {cpu['flower']:9.2f}s {times(cpu['console'], cpu['flower'])}  {per_k}",
        )
    if idle_after:
        label = f"idle {args.idle_after:g} s, all held"
        rss, cpu = idle_after["rss"], idle_after["cpu"]
        say(
            args,
            f"{label:22s} {rss['console']:9.1f} MB {rss['flower']:8.1f} MB {rss['console'] / rss['flower']:5.2f}x  "
            f"{cpu['console']:10.2f}s {cpu['flower']:9.2f}s {times(cpu['console'], cpu['flower'])}",
        )
    for p in points:
        say(args, f"  {p.tasks:,} tasks: {p.source}; both had taken them in {p.settle_s:.1f} s after the last was sent")
        for n in names:
            if not p.quiet[n]:
                say(
                    args,
                    f"    {n} did not come back to its idle CPU rate within the wait: its figures include work still going on",
                )
    for n, spent in meta["cpu_s_by_thread"].items():
        say(args, f"  {n} CPU by thread, end of idle to the last point: " + ", ".join(f"{t} {s:.1f} s" for t, s in spent.items()))
    cpu_met = CPU_TARGET.met(ratios["cpu_tasks"])
    rss_met = RSS_TARGET.met(ratios["rss_max_from_5000"])
    say(
        args,
        f"targets: CPU for the same {last.tasks:,} tasks {CPU_TARGET.text()} of Flower's: {'met' if cpu_met else 'MISSED'} "
        f"({ratios['cpu_tasks']}x); RSS from 5,000 tasks on {RSS_TARGET.text()} of Flower's: {'met' if rss_met else 'MISSED'} "
        f"(worst {ratios['rss_max_from_5000']}x)",
    )
    return {
        "bench": "footprint",
        "quick": args.quick,
        "idle_s": args.idle,
        "idle_after_s": args.idle_after,
        "rate": args.rate,
        "points": [p.tasks for p in points],
        "sources": {f"tasks_{p.tasks}": p.source for p in points},
        **meta,
        "console": per_point["console"],
        "flower": per_point["flower"],
        "ratios": ratios,
        "targets": as_json("footprint"),
        "targets_met": cpu_met and rss_met,
    }


# -- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="idle 10 s, 5,000 tasks, 5 s idle after (bench-check)")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of the idle window")
    parser.add_argument(
        "--tasks", default="5000,100000", help="points: tasks seen (the first run by the worker, the rest by the events producer)"
    )
    parser.add_argument("--rate", type=float, default=250.0, help="tasks a second the sender and the producer send at most")
    parser.add_argument(
        "--idle-after", type=float, default=10.0, help="seconds of idle with every task held, at the end (0: none)"
    )
    parser.add_argument(
        "--events-only", action="store_true", help="the first point's tasks from the events producer too, not run by the worker"
    )
    parser.add_argument("--settle", type=float, default=120.0, help="most seconds to wait for both to take in what was sent")
    parser.add_argument("--flower-venv", type=Path, default=None, help=f"Flower's venv (default {default_venv()})")
    parser.add_argument("--load-nice", type=int, default=10, help="nice value of the worker and redis-server")
    parser.add_argument("--py-spy", type=Path, default=None, metavar="PATH", help="record the console with py-spy into PATH")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(idle=10.0, tasks="5000", idle_after=5.0, events_only=True)
        args = parser.parse_args()
    points_wanted = sorted({int(t) for t in args.tasks.split(",") if t.strip()})
    if not points_wanted or points_wanted[0] < 1:
        parser.error("--tasks needs at least one positive number")
    py_spy = None
    if args.py_spy:
        py_spy = shutil.which("py-spy")
        if py_spy is None:
            parser.error("--py-spy: no py-spy on PATH (pip install py-spy into any venv and put it on PATH)")

    temp = Path(tempfile.mkdtemp(prefix="celery-desktop-footprint-"))
    atexit.register(shutil.rmtree, temp, True)
    venv = args.flower_venv or default_venv()
    started = time.monotonic()
    try:
        versions, venv_note = ensure_flower(venv, args)
    except (DemoError, OSError, subprocess.SubprocessError) as exc:
        print(f"Flower could not be installed: {exc}", file=sys.stderr)
        return 2
    say(
        args,
        f"{venv_note}: flower {versions.get('flower')}, tornado {versions.get('tornado')}, celery {versions.get('celery')}, "
        f"kombu {versions.get('kombu')}, redis {versions.get('redis')}, hiredis {versions.get('hiredis', 'none')}",
    )

    server = RedisServer()
    worker: WorkerProcess | None = None
    monitors: list[Monitor] = []
    atexit.register(server.stop)
    try:
        server.start()
        broker, backend = server.url(10), server.url(11)
        worker = WorkerProcess(
            broker,
            backend,
            hostname="footprint@%h",
            pool="solo",
            concurrency=1,
            extra_args=["--loglevel", "WARNING", "--without-gossip", "--prefetch-multiplier", "16"],
            logfile=temp / "worker.log",
        )
        atexit.register(worker.stop)
        worker.start()
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_REDIS_"))}
        console = Monitor(
            "console",
            [sys.executable, "-m", "desktop", "--broker", broker, "--backend", backend, "--log-level", "WARNING"],
            dict(
                base_env,
                QT_QPA_PLATFORM="offscreen",
                CELERY_DESKTOP_CONFIG_DIR=str(temp / "config"),
                CELERY_DESKTOP_DATA_DIR=str(temp / "data"),
                CELERY_DESKTOP_LOG_DIR=str(temp / "logs"),
            ),
            temp / "console.log",
        )
        port = free_port()
        flower_url = f"http://127.0.0.1:{port}"
        app_path = temp / "flower-app"  # desktop/ alone: the checkout's own folders (packaging/) would shadow packages
        app_path.mkdir()
        (app_path / "desktop").symlink_to(ROOT / "desktop")
        flower = Monitor(
            "flower",
            [str(venv / "bin" / "celery"), "-A", APP, "flower", "--address=127.0.0.1", f"--port={port}", "--logging=warning"],
            dict(base_env, PYTHONPATH=str(app_path), CELERY_BROKER_URL=broker, CELERY_RESULT_BACKEND=backend),
            temp / "flower.log",
        )
        monitors = [console, flower]
        for m in monitors:
            atexit.register(m.stop)
            m.start(temp)
        wait_for_workers(broker, 1, 120, [worker])
        load_pids = [*worker.pids, *server.pids]
        for pid in load_pids:
            renice(pid, args.load_nice)
        bench = Bench(args, server, console, flower, flower_url, load_pids)
        bench.wait_ready()
        say(
            args,
            f"redis-server, 1 x celery worker -E (solo, nice {args.load_nice}), the console (pid {console.pid}) and "
            f"Flower (pid {flower.pid}, {flower_url}) up in {time.monotonic() - started:.1f} s; {os.cpu_count()} cpus, "
            f"load average {os.getloadavg()[0]:.2f}",
        )
        # Start-up over: both come back to a steady rate (their first inspect, the window's first paint).
        bench.idle_rate = {"console": 0.05, "flower": 0.05}
        bench.settle(None, 30.0)
        for m in monitors:
            m.connections = bench.connection_ids(m)
        machine_before = os.getloadavg()
        say(args, f"idle: {args.idle:g} s, both connected, the worker online, no tasks ...")
        idle_spy_path = args.py_spy.with_name(args.py_spy.name + ".idle") if py_spy else None
        spy = start_py_spy(py_spy, console.pid, idle_spy_path) if py_spy else None
        idle_cpu, idle_end = bench.idle(args.idle)
        if spy is not None:
            stop_py_spy(spy)
        bench.idle_rate = {k: v / args.idle for k, v in idle_cpu.items()}
        idle = {"cpu": idle_cpu, "rss": {k: v[1] for k, v in idle_end.items()}, "end_cpu": {k: v[0] for k, v in idle_end.items()}}
        spy = start_py_spy(py_spy, console.pid, args.py_spy) if py_spy else None
        threads_before = {m.name: thread_cpu(m.pid) for m in monitors}

        points: list[Point] = []
        load_cpu_before = cpu_of(load_pids)
        done = 0
        for i, wanted in enumerate(points_wanted):
            count = wanted - done
            if i == 0 and not args.events_only:
                took = bench.run_real(count)
                source = (
                    f"run for real: tasks.add sent by app.send_task with task-sent events (at most {args.rate:g}/s), "
                    f"run by 1 worker (solo) in {took:.0f} s ({count / took:.0f} tasks/s)"
                )
            else:
                took, paused = bench.run_events(done, count)
                source = (
                    "an events producer: tasks.add's task-sent/received/started/succeeded through celery.events.EventDispatcher "
                    f"(at most {args.rate:g} tasks/s), sent in {took:.0f} s ({count / took:.0f} tasks/s"
                    + (f", {paused:.1f} s paused while Redis held output for a monitor)" if paused else ")")
                )
            say(args, f"  {count:,} tasks: {source}")
            done = wanted
            point = bench.point(f"tasks_{wanted}", wanted, source, wanted, args.settle)
            points.append(point)
            say(
                args,
                f"  after {wanted:,}: console {point.rss['console']:.1f} MB, {point.cpu['console'] - idle['end_cpu']['console']:.1f} s CPU; "
                f"Flower {point.rss['flower']:.1f} MB, {point.cpu['flower'] - idle['end_cpu']['flower']:.1f} s CPU",
            )
        threads = {m.name: by_thread(threads_before[m.name], thread_cpu(m.pid), thread_names(m.pid)) for m in monitors}
        if spy is not None:
            stop_py_spy(spy)
        load_cpu = cpu_of(load_pids) - load_cpu_before
        idle_after = None
        if args.idle_after > 0:
            cpu, end = bench.idle(args.idle_after)
            idle_after = {"cpu": cpu, "rss": {k: v[1] for k, v in end.items()}}
        dropped = {m.name: bool(m.connections - bench.connection_ids(m)) for m in monitors}
        for name, lost in dropped.items():
            if lost:
                say(args, f"WARNING: {name} lost an event connection during the run (Redis dropped it?): events may be missing")
        meta = {
            "flower_version": versions.get("flower"),
            "tornado_version": versions.get("tornado"),
            "celery_version": versions.get("celery"),
            "hiredis_version": versions.get("hiredis"),
            "flower_venv": str(venv),
            "flower_venv_note": venv_note,
            "connection_dropped": dropped,
            "cpu_s_by_thread": threads,
            "load_cpu_s": round(load_cpu, 1),
            "loadavg_before": round(machine_before[0], 2),
            "loadavg_after": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
        }
        out = report(args, idle, points, idle_after, meta)
        if py_spy:
            for path, when in ((idle_spy_path, "the idle window"), (args.py_spy, "the end of the idle window to the last point")):
                if path.exists():
                    say(args, f"\npy-spy of the console over {when} ({path}):")
                    for line in folded_summary(path):
                        say(args, line)
        print(json.dumps(out))
        return 0
    except DemoError as exc:
        print(f"footprint: {exc}", file=sys.stderr)
        if worker is not None:
            print(worker.log_tail(), file=sys.stderr)
        return 2
    finally:
        for m in monitors:
            m.stop()
        if worker is not None:
            worker.stop()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
