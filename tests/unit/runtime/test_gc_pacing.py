"""The collector pacer: young garbage cycles go at each step, old ones at the thaw, nothing alive is lost."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from desktop.core.runtime.gc_pacing import CollectorPacer


class Node:
    def __init__(self):
        self.other = None


def cycle() -> weakref.ref:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.fixture
def pacer():
    thresholds = gc.get_threshold()
    gc.disable()  # only the pacer collects in these tests
    clock = [0.0]
    pacer = CollectorPacer(every=1.0, thaw_every=60.0, clock=lambda: clock[0])
    pacer.clock_value = clock
    try:
        yield pacer
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        gc.enable()
        gc.collect()


def test_a_step_collects_cycles_made_since_the_last_freeze(pacer):
    pacer.thaw()
    garbage = cycle()
    assert garbage() is not None
    pacer.step()
    assert garbage() is None


def test_survivors_are_frozen_and_still_freed_by_reference_counting(pacer):
    pacer.thaw()
    kept = [Node() for _ in range(100)]
    probe = weakref.ref(kept[0])
    frozen_before = gc.get_freeze_count()
    pacer.step()
    assert gc.get_freeze_count() >= frozen_before + 100  # the survivors left the collector's view
    del kept
    assert probe() is None  # frozen, yet gone the moment nothing uses it


def test_cycles_among_frozen_objects_wait_for_the_thaw(pacer):
    pacer.thaw()
    holder = [cycle()]
    anchor = holder[0]()  # keeps the cycle alive through the step, so it gets frozen
    pacer.step()
    del anchor
    pacer.step()
    assert holder[0]() is not None  # frozen: steps do not look at it
    pacer.clock_value[0] = 61.0  # thaw_every has passed: this step is a thaw
    pacer.step()
    assert holder[0]() is None
    assert pacer.stats.thaws == 2


def test_steps_only_walk_what_is_new(pacer):
    import time

    old = [[i] for i in range(300_000)]  # many containers alive, as a full event store holds
    started = time.perf_counter()
    gc.collect()
    full_ms = (time.perf_counter() - started) * 1000
    pacer.thaw()  # freezes them
    step_ms = min(pacer.step() for _ in range(3))
    assert step_ms < full_ms / 5, (step_ms, full_ms)
    assert old[-1] == [299_999]


def test_the_thaw_waits_for_an_idle_moment_but_not_forever():
    clock, idle = [0.0], [False]
    pacer = CollectorPacer(every=1.0, thaw_every=60.0, clock=lambda: clock[0], idle=lambda: idle[0])
    pacer.thaw()
    thaws = pacer.stats.thaws
    clock[0] = 61.0
    pacer.step()
    assert pacer.stats.thaws == thaws  # due, but the user is busy
    idle[0] = True
    pacer.step()
    assert pacer.stats.thaws == thaws + 1  # due and idle
    idle[0] = False
    clock[0] = 61.0 + 121.0
    pacer.step()
    assert pacer.stats.thaws == thaws + 2  # twice the interval: it runs anyway


def test_starting_without_a_collection_freezes_start_up_and_its_cycles_wait_for_the_thaw():
    thresholds = gc.get_threshold()
    gc.disable()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        gc.unfreeze()
        before = cycle()  # start-up's garbage
        pacer = CollectorPacer(every=3600.0, thaw_every=60.0)
        pacer.start(collect=False)
        assert pacer.stats.thaws == 0 and gc.get_freeze_count() > 0
        assert before() is not None  # frozen, not collected
        after = cycle()
        pacer.step()
        assert after() is None and before() is not None  # a step walks only what came after the freeze
        pacer.thaw()
        assert before() is None
        pacer.stop()
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        gc.enable()
        gc.collect()
