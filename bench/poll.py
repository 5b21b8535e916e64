"""Result polling: ResultPoller.tick() against AsyncResult(id).state and a bare MGET, at 1k/10k/100k ids.

A private redis-server holds result-backend keys written the way Celery's Redis backend
writes them (the console app's ``backend.get_key_for_task`` and ``backend.encode``), in two
id sets of the largest size:

- mixed:  PENDING (no key), STARTED, PROGRESS {'current', 'total'}, SUCCESS (small dict),
          FAILURE (exc_type/exc_message, ~2 KB traceback), RETRY (exception, traceback),
          one sixth each. Used for the first tick: every id tracked as PENDING, every
          stored payload decoded. SUCCESS/FAILURE then leave the poll set.
- active: PENDING, STARTED, PROGRESS, RETRY only, a quarter each. No task is finished,
          so the poll set stays at N: used for the steady ticks. A quarter retrying, each
          with a traceback, makes it a heavy poll set (~800 bytes a key).
- typical: 40 % PENDING, 20 % STARTED, 30 % PROGRESS, 10 % RETRY: a poll set as a busy
          cluster has it (queued tasks have no key yet); measured like the active set.

For each N (the first N ids of each set), in one run:
- first tick: a fresh ResultPoller on a ClusterClient, its connection opened before, its
  pub/sub listener running as in the product; the tick includes subscribing N channels.
  Median over --first-ticks fresh pollers.
- steady ticks: one poller after its first tick. Before each tick the "workers" write a
  progress update for a share of the poll set (0 %, 1 %, 10 %; different ids each round) the
  way Celery's backend writes it (SET + PUBLISH), and the bench waits for the pushes to land,
  as they would within a poll interval. Redis tells the poller's connection which keys
  changed (CLIENT TRACKING), so a tick reads only those. Median over --ticks ticks.
- sweep tick: the full read the poller still does every few minutes as a safety net (and
  after any reconnect): every key read, nothing changed, nothing decoded.
- bare MGET: the same keys through ``async_redis_for(app.backend)`` (same client class and
  parser), one pipeline of MGET chunks of 2000, nothing decoded; and through the backend's
  own sync client.
- AsyncResult loop: ``app.AsyncResult(id).state`` for every id; above --asyncresult-sample
  ids a sample is timed and scaled linearly (the output says so, and the JSON line lists the
  figures so extrapolated under "extrapolated").

The headline ratio (``vs_asyncresult``) uses the steady tick with 10 % of the poll set
changed; ``sweep_vs_mget`` compares the full-read tick with a bare MGET.

    .venv/bin/python bench/poll.py [--sizes 1000,10000,100000] [--ticks 7] [--quick]

--quick: 10,000 ids only (the size the targets are held at), one first tick.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
import traceback
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from celery import states  # noqa: E402

from bench.targets import TARGETS as TARGETS_BY_BENCH  # noqa: E402
from bench.targets import as_json  # noqa: E402
from desktop.core.cluster.celery_app import build_console_app  # noqa: E402
from desktop.core.cluster.client import ClusterClient  # noqa: E402
from desktop.core.cluster.key_tracking import FULL_SWEEP_SECONDS  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.domain.records import TaskRecord  # noqa: E402
from desktop.core.live.poller import MGET_CHUNK, ResultPoller, async_redis_for  # noqa: E402
from desktop.core.runtime.demo import RedisServer  # noqa: E402

MIXED = (states.PENDING, states.STARTED, "PROGRESS", states.SUCCESS, states.FAILURE, states.RETRY)
ACTIVE = (states.PENDING, states.STARTED, "PROGRESS", states.RETRY)
# A poll set as a busy cluster has it: mostly queued (no key yet) or running, a few retrying.
TYPICAL = (states.PENDING,) * 4 + (states.STARTED,) * 2 + ("PROGRESS",) * 3 + (states.RETRY,)
WORKER = "celery@bench-host"
TARGET_N = 10_000
TARGETS = TARGETS_BY_BENCH["poll"]
# The figures that come from the AsyncResult loop: scaled from a sample above --asyncresult-sample ids.
FROM_ASYNCRESULT = (
    "asyncresult_ms",
    "vs_asyncresult",
    "vs_asyncresult_1pct",
    "vs_asyncresult_unpushed",
    "sweep_vs_asyncresult",
    "asyncresult_mixed_ms",
    "first_vs_asyncresult",
    "typical_asyncresult_ms",
    "typical_vs_asyncresult",
)


class InventoryError(Exception):
    pass


def sample_traceback(size: int = 2000) -> str:
    """A real Python traceback a few frames deep, padded with frames to about ``size`` chars."""

    def reserve(sku: str, depth: int) -> None:
        if depth:
            reserve(sku, depth - 1)
        raise InventoryError(f"cannot reserve 3 x {sku}: only 0 left in stock")

    try:
        reserve("SKU-42", 6)
    except InventoryError:
        text = traceback.format_exc()
    frame = '  File "/srv/app/orders/service.py", line 214, in place_order\n    reservation = inventory.reserve(sku, quantity)\n'
    head, _, rest = text.partition("\n")
    while len(text) < size:
        rest = frame + rest
        text = head + "\n" + rest
    return text


def build_metas(app) -> dict[str, dict | None]:
    """One Celery-shaped meta per state (None: PENDING, no key), as a worker with result_extended writes."""
    backend = app.backend
    tb = sample_traceback()
    now = app.now().isoformat()

    def meta(status: str, result, tb_text=None, done=False) -> dict:
        return {
            "status": status,
            "result": result,
            "traceback": tb_text,
            "children": [],
            "date_done": now if done else None,
            "name": "orders.place_order",
            "args": [1234, "SKU-42"],
            "kwargs": {"quantity": 3},
            "worker": WORKER,
            "retries": 1 if status == states.RETRY else 0,
            "queue": "celery",
        }

    return {
        states.PENDING: None,
        states.STARTED: meta(states.STARTED, {"pid": 4242, "hostname": WORKER}),
        "PROGRESS": meta("PROGRESS", {"current": 37, "total": 100}),
        states.SUCCESS: meta(states.SUCCESS, {"order": 1234, "status": "placed", "total": 99.5}, done=True),
        states.FAILURE: meta(
            states.FAILURE, backend.prepare_exception(InventoryError("cannot reserve 3 x SKU-42: only 0 left")), tb, done=True
        ),
        states.RETRY: meta(states.RETRY, backend.prepare_exception(ConnectionError("upstream not ready (attempt 1)")), tb),
    }


def write_keys(app, ids: list[str], kinds: tuple[str, ...], metas: dict) -> dict[str, int]:
    """SET each id's key (with Celery's default expiry), cycling through ``kinds``; returns counts by state."""
    backend, client = app.backend, app.backend.client
    counts = dict.fromkeys(kinds, 0)
    for start in range(0, len(ids), 5000):
        with client.pipeline(transaction=False) as pipe:
            for i in range(start, min(start + 5000, len(ids))):
                kind = kinds[i % len(kinds)]
                counts[kind] += 1
                meta = metas[kind]
                if meta is None:
                    continue
                task_id = ids[i]
                pipe.set(backend.get_key_for_task(task_id), backend.encode({**meta, "task_id": task_id}), ex=86400)
            pipe.execute()
    return counts


def sync_mget_ms(app, keys: list[bytes]) -> float:
    """The backend's own sync client: MGET chunks in one pipeline, nothing decoded."""
    started = time.perf_counter()
    with app.backend.client.pipeline(transaction=False) as pipe:
        for start in range(0, len(keys), MGET_CHUNK):
            pipe.mget(keys[start : start + MGET_CHUNK])
        pipe.execute()
    return (time.perf_counter() - started) * 1000


def payload_bytes(app, ids: list[str]) -> int:
    keys = [app.backend.get_key_for_task(i) for i in ids]
    with app.backend.client.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.strlen(key)
        return sum(pipe.execute())


def asyncresult_loop_ms(app, ids: list[str], sample: int) -> tuple[float, int]:
    """Time AsyncResult(id).state over ``ids`` (or a sample, scaled); returns (ms for all ids, ids timed)."""
    timed = ids[:sample]
    started = time.perf_counter()
    for task_id in timed:
        app.AsyncResult(task_id).state  # noqa: B018
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed * len(ids) / len(timed), len(timed)


async def bare_mget_ms(redis, keys: list[bytes]) -> float:
    started = time.perf_counter()
    async with redis.pipeline(transaction=False) as pipe:
        for start in range(0, len(keys), MGET_CHUNK):
            pipe.mget(keys[start : start + MGET_CHUNK])
        raws = []
        for chunk in await pipe.execute():
            raws.extend(chunk)
    elapsed = (time.perf_counter() - started) * 1000
    assert len(raws) == len(keys)
    return elapsed


class Timed:
    """Wraps a poller's coroutine method and sums the time spent in it."""

    def __init__(self, fn):
        self.fn, self.ms = fn, 0.0

    async def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return await self.fn(*args, **kwargs)
        finally:
            self.ms += (time.perf_counter() - started) * 1000


async def new_poller(client, ids: list[str]) -> ResultPoller:
    """A poller with every id tracked as PENDING, its connection open and its listener running."""
    poller = ResultPoller(client, lambda records: None)
    poller.track(TaskRecord(id=i) for i in ids)
    poller._redis = async_redis_for(poller.backend)
    await poller._redis.ping()
    poller._tasks.append(asyncio.ensure_future(poller._listen()))
    return poller


def encoded_changes(app, ids: list[str], round_no: int, metas: dict) -> list[tuple[str, bytes]]:
    """One progress update per id, encoded as Celery's backend encodes it (done before the clock starts)."""
    backend = app.backend
    return [
        (
            backend.get_key_for_task(task_id),
            backend.encode({**metas["PROGRESS"], "result": {"current": round_no, "total": 10**6}, "task_id": task_id}),
        )
        for task_id in ids
    ]


def write_changes(app, changes: list[tuple[str, bytes]], publish: bool = True) -> None:
    """What workers do between two ticks: SET + PUBLISH of each value, as Celery's backend writes."""
    with app.backend.client.pipeline(transaction=False) as pipe:
        for key, value in changes:
            pipe.set(key, value, ex=86400)
            if publish:
                pipe.publish(key, value)
        pipe.execute()


async def changing_ticks(
    poller, app, ids: list[str], fraction: float, ticks: int, metas: dict, round_base: int, publish: bool = True
) -> dict:
    """Median tick when ``fraction`` of the poll set changed since the previous tick.

    With ``publish`` the listener applies the pushed values first (waited for, and timed from the
    moment the writer's pipeline returned: the values are encoded before), so the tick only
    confirms them; without, the tick itself finds and decodes every change.
    """
    count = int(len(ids) * fraction)
    samples, reads, decodes, push_ms = [], [], [], []
    for round_no in range(ticks):
        current = round_base + round_no
        changed = (ids + ids)[(round_no * count) % len(ids) :][:count]
        changes = encoded_changes(app, changed, current, metas)
        if count:
            write_changes(app, changes, publish)
        started = time.perf_counter()
        if publish and count:
            deadline = time.monotonic() + 120
            seen = 0
            while seen < count:  # pushes arrive in order: look on from where the last look stopped
                while seen < count and _progress(poller, changed[seen]) == current:
                    seen += 1
                assert time.monotonic() < deadline, f"{count - seen} of {count} pushes did not arrive"
                if seen < count:
                    await asyncio.sleep(0.0005)
            push_ms.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)  # Redis's invalidations cross the socket
        gc.collect()
        started = time.perf_counter()
        await poller.tick()
        samples.append((time.perf_counter() - started) * 1000)
        reads.append(poller.status.read_last_tick)
        decodes.append(poller.status.decoded_last_tick)
        assert all(_progress(poller, i) == current for i in changed)
    assert len(poller.polling) == len(ids)
    return {
        "ms": statistics.median(samples),
        "min_ms": min(samples),
        "read": statistics.median(reads),
        "decoded": statistics.median(decodes),
        "push_ms": statistics.median(push_ms) if push_ms else None,
    }


def _progress(poller, task_id: str):
    progress = poller.tracked[task_id].record.progress
    return progress.current if progress else None


async def sweep_tick_ms(poller, ticks: int) -> float:
    """Median full-read tick (the periodic safety net), nothing changed."""
    samples = []
    for _ in range(ticks):
        poller._reader._last_full = 0.0  # due now
        gc.collect()
        started = time.perf_counter()
        changed = await poller.tick()
        samples.append((time.perf_counter() - started) * 1000)
        assert not changed and poller.status.decoded_last_tick == 0
        assert poller.status.read_last_tick == len(poller.polling)
    return statistics.median(samples)


async def steady_figures(client, app, ids: list[str], ticks: int, metas: dict) -> dict:
    """Steady ticks at 0 / 1 / 10 % changed, and the sweep tick, of one poller on ``ids``."""
    poller = await new_poller(client, ids)
    try:
        await poller.tick()
        await asyncio.sleep(0.2)  # let the listener drain the subscribe confirmations
        assert poller.status.change_tracking, "the server did not accept CLIENT TRACKING"
        out = {}
        for label, fraction in (("0", 0.0), ("1", 0.01), ("10", 0.10)):
            out[label] = await changing_ticks(poller, app, ids, fraction, ticks, metas, round_base=1000 * len(out))
        out["10_unpushed"] = await changing_ticks(poller, app, ids, 0.10, ticks, metas, round_base=10_000, publish=False)
        out["sweep_ms"] = await sweep_tick_ms(poller, ticks)
        return out
    finally:
        await poller.stop()


async def measure_ticks(client, app, mixed: list[str], active: list[str], ticks: int, first_ticks: int, metas: dict) -> dict:
    backend = app.backend
    redis = async_redis_for(backend)
    await redis.ping()
    mixed_keys = [backend.get_key_for_task(i) for i in mixed]
    active_keys = [backend.get_key_for_task(i) for i in active]
    out: dict = {}
    try:
        await bare_mget_ms(redis, mixed_keys)
        firsts, subscribing, decoded = [], [], 0
        for _ in range(first_ticks):
            poller = await new_poller(client, mixed)
            timed = Timed(poller._sync_subscriptions)
            poller._sync_subscriptions = timed
            try:
                gc.collect()
                started = time.perf_counter()
                await poller.tick()
                firsts.append((time.perf_counter() - started) * 1000)
                subscribing.append(timed.ms)
                decoded = poller.status.decoded_last_tick
                out["mixed_poll_set_after_first"] = len(poller.polling)
                steady = []
                for _ in range(3):
                    started = time.perf_counter()
                    await poller.tick()
                    steady.append((time.perf_counter() - started) * 1000)
                out["mixed_steady_tick_ms"] = statistics.median(steady)
            finally:
                await poller.stop()
        mixed_mget = [await bare_mget_ms(redis, mixed_keys) for _ in range(ticks)]
        out.update(
            first_tick_ms=statistics.median(firsts),
            first_tick_subscribe_ms=statistics.median(subscribing),
            first_tick_decoded=decoded,
            mget_mixed_ms=statistics.median(mixed_mget),
        )

        out["steady"] = await steady_figures(client, app, active, ticks, metas)
        mget_samples = []
        for _ in range(ticks):
            gc.collect()
            mget_samples.append(await bare_mget_ms(redis, active_keys))
        out.update(mget_ms=statistics.median(mget_samples), mget_min_ms=min(mget_samples))
    finally:
        await redis.aclose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated id counts")
    parser.add_argument("--ticks", type=int, default=7, help="steady ticks and bare MGETs per size (median)")
    parser.add_argument("--first-ticks", type=int, default=2, help="fresh pollers per size for the first tick (median)")
    parser.add_argument("--asyncresult-sample", type=int, default=10_000, help="time at most this many AsyncResult calls")
    parser.add_argument("--quick", action="store_true", help=f"{TARGET_N:,} ids only, one first tick")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(sizes=str(TARGET_N), first_ticks=1)
        args = parser.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())

    import redis.asyncio.connection as aconn

    server = RedisServer()
    server.start()
    client = None
    try:
        profile = ConnectionProfile(name="bench", broker_url=server.url(10), backend_url=server.url(11))
        app = build_console_app(profile)
        client = ClusterClient(app, profile)
        print(f"redis-server on port {server.port}; async parser {aconn.DefaultParser.__name__}; MGET chunk {MGET_CHUNK}")
        largest = sizes[-1]
        mixed = [str(uuid.uuid4()) for _ in range(largest)]
        active = [str(uuid.uuid4()) for _ in range(largest)]
        typical_ids = [str(uuid.uuid4()) for _ in range(largest)]
        metas = build_metas(app)
        started = time.perf_counter()
        mixed_counts = write_keys(app, mixed, MIXED, metas)
        active_counts = write_keys(app, active, ACTIVE, metas)
        typical_counts = write_keys(app, typical_ids, TYPICAL, metas)
        sizes_bytes = {k: len(app.backend.encode({**m, "task_id": mixed[0]})) for k, m in metas.items() if m}
        print(f"wrote {2 * largest:,} ids in {time.perf_counter() - started:.1f} s; payload bytes by state: {sizes_bytes}")
        print(f"  mixed set  (first tick): {mixed_counts}")
        print(f"  active set (steady tick): {active_counts}")
        print(f"  typical set (steady tick): {typical_counts}")
        print(
            "methodology: first tick = fresh poller, all N mixed ids tracked as PENDING, every stored payload decoded, "
            "N channels subscribed; steady tick = active set (no finished task, poll set stays N), 0/1/10 % of it "
            "updated (SET + PUBLISH) since the previous tick; sweep tick = every key read, nothing changed; "
            "bare MGET = same keys, same client class, no decoding."
        )

        results = []
        for n in sizes:
            figures = asyncio.run(measure_ticks(client, app, mixed[:n], active[:n], args.ticks, args.first_ticks, metas))
            steady = figures["steady"]
            active_keys = [app.backend.get_key_for_task(i) for i in active[:n]]
            sync_mget = statistics.median(sync_mget_ms(app, active_keys) for _ in range(args.ticks))
            active_mb, mixed_mb = payload_bytes(app, active[:n]) / 1e6, payload_bytes(app, mixed[:n]) / 1e6
            ar_active, ar_timed = asyncresult_loop_ms(app, active[:n], args.asyncresult_sample)
            ar_mixed, _ = asyncresult_loop_ms(app, mixed[:n], args.asyncresult_sample)
            scaled = f" (timed {ar_timed:,} ids, scaled x{n / ar_timed:g})" if ar_timed < n else ""
            typical = asyncio.run(steady_figures(client, app, typical_ids[:n], args.ticks, metas))
            typical_keys = [app.backend.get_key_for_task(i) for i in typical_ids[:n]]
            typical_mget = statistics.median(sync_mget_ms(app, typical_keys) for _ in range(args.ticks))
            ar_typical, _ = asyncresult_loop_ms(app, typical_ids[:n], args.asyncresult_sample)
            row = {
                "n": n,
                "tick_ms": round(steady["10"]["ms"], 2),
                "tick_changed": steady["10"]["read"],
                "tick_push_apply_ms": round(steady["10"]["push_ms"], 1),
                "push_us": round(steady["10"]["push_ms"] * 1000 / steady["10"]["read"], 1),
                "tick_unpushed_ms": round(steady["10_unpushed"]["ms"], 2),
                "unpushed_us_per_payload": round(steady["10_unpushed"]["ms"] * 1000 / steady["10_unpushed"]["decoded"], 1),
                "tick_1pct_ms": round(steady["1"]["ms"], 2),
                "tick_unchanged_ms": round(steady["0"]["ms"], 2),
                "sweep_tick_ms": round(steady["sweep_ms"], 2),
                "mget_ms": round(figures["mget_ms"], 2),
                "mget_min_ms": round(figures["mget_min_ms"], 2),
                "sync_mget_ms": round(sync_mget, 2),
                "payload_mb": round(active_mb, 2),
                "asyncresult_ms": round(ar_active, 1),
                "asyncresult_scaled_from": ar_timed if ar_timed < n else None,
                "vs_asyncresult": round(ar_active / steady["10"]["ms"], 1),
                "vs_asyncresult_1pct": round(ar_active / steady["1"]["ms"], 1),
                "vs_asyncresult_unpushed": round(ar_active / steady["10_unpushed"]["ms"], 1),
                "sweep_vs_mget": round(steady["sweep_ms"] / figures["mget_ms"], 2),
                "sweep_vs_asyncresult": round(ar_active / steady["sweep_ms"], 1),
                "first_tick_ms": round(figures["first_tick_ms"], 2),
                "first_tick_subscribe_ms": round(figures["first_tick_subscribe_ms"], 2),
                "first_tick_decoded": figures["first_tick_decoded"],
                "mget_mixed_ms": round(figures["mget_mixed_ms"], 2),
                "payload_mixed_mb": round(mixed_mb, 2),
                "asyncresult_mixed_ms": round(ar_mixed, 1),
                "first_vs_asyncresult": round(ar_mixed / figures["first_tick_ms"], 1),
                "first_vs_mget": round(figures["first_tick_ms"] / figures["mget_mixed_ms"], 2),
                "mixed_poll_set_after_first": figures["mixed_poll_set_after_first"],
                "typical_tick_ms": round(typical["10"]["ms"], 2),
                "typical_sweep_tick_ms": round(typical["sweep_ms"], 2),
                "typical_sync_mget_ms": round(typical_mget, 2),
                "typical_payload_mb": round(payload_bytes(app, typical_ids[:n]) / 1e6, 2),
                "typical_asyncresult_ms": round(ar_typical, 1),
                "typical_vs_asyncresult": round(ar_typical / typical["10"]["ms"], 1),
                "typical_sweep_vs_sync_mget": round(typical["sweep_ms"] / typical_mget, 2),
                "extrapolated": list(FROM_ASYNCRESULT) if ar_timed < n else [],
            }
            results.append(row)
            print(f"\nN = {n:,}  (active set, {active_mb:.1f} MB of payloads)")
            for label, text in (
                ("0", " 0 % changed"),
                ("1", " 1 % changed"),
                ("10", "10 % changed"),
                ("10_unpushed", "10 %, no push"),
            ):
                tick = steady[label]
                pushed = f"; pushes applied in {tick['push_ms']:.1f} ms before it" if tick["push_ms"] else ""
                print(
                    f"  steady tick, {text}  {tick['ms']:9.2f} ms  (min {tick['min_ms']:.2f}; values read "
                    f"{tick['read']:,.0f}, decoded {tick['decoded']:,.0f}{pushed})"
                )
            print(
                f"  sweep tick (all read)     {row['sweep_tick_ms']:9.2f} ms  (every {FULL_SWEEP_SECONDS:g} s and after a reconnect)"
            )
            print(
                f"  bare MGET                 {row['mget_ms']:9.2f} ms  (min {row['mget_min_ms']:.2f}; sync client "
                f"{row['sync_mget_ms']:.2f} ms)"
            )
            print(f"  AsyncResult loop          {row['asyncresult_ms']:9.1f} ms{scaled}")
            print(
                f"  -> AsyncResult loop / tick (10 % changed) = {row['vs_asyncresult']}x (1 %: {row['vs_asyncresult_1pct']}x; "
                f"10 % without push: {row['vs_asyncresult_unpushed']}x);"
                f"  sweep tick / bare MGET = {row['sweep_vs_mget']}x"
            )
            print(
                f"  first tick    {row['first_tick_ms']:9.2f} ms  (decoded {row['first_tick_decoded']:,}; "
                f"of which subscribing {n:,} channels {row['first_tick_subscribe_ms']:.2f} ms)"
            )
            print(f"  bare MGET     {row['mget_mixed_ms']:9.2f} ms  (mixed keys, {mixed_mb:.1f} MB of payloads)")
            print(f"  AsyncResult   {row['asyncresult_mixed_ms']:9.1f} ms  (mixed ids){scaled}")
            print(
                f"  -> AsyncResult loop / first tick = {row['first_vs_asyncresult']}x;  "
                f"first tick / bare MGET = {row['first_vs_mget']}x"
            )
            print(
                f"  typical set: tick (10 % changed) {row['typical_tick_ms']:.2f} ms, sweep {row['typical_sweep_tick_ms']:.2f} ms, "
                f"bare MGET (sync client) {row['typical_sync_mget_ms']:.2f} ms, {row['typical_payload_mb']} MB; "
                f"AsyncResult {row['typical_asyncresult_ms']} ms -> {row['typical_vs_asyncresult']}x; "
                f"sweep / MGET {row['typical_sweep_vs_sync_mget']}x"
            )
            print(
                f"  per value: {row['push_us']:.1f} us a push (the listener, from the writer's last PUBLISH to the last "
                f"applied), {row['unpushed_us_per_payload']:.1f} us a payload read and decoded by a tick without push"
            )
            if n == TARGET_N:
                for target in TARGETS:
                    name = target.figure.split(".", 1)[1]
                    verdict = "met" if target.met(row[name]) else "MISSED"
                    print(f"  target at {TARGET_N:,}: {name} {target.text()} ({target.what}): {row[name]}, {verdict}")
        extrapolated = [f"results[n={row['n']}].{name}" for row in results for name in row["extrapolated"]]
        print(
            json.dumps(
                {"bench": "poll", "unit": "ms", "results": results, "targets": as_json("poll"), "extrapolated": extrapolated}
            )
        )
    finally:
        if client is not None:
            client.close()
        server.stop()


if __name__ == "__main__":
    main()
