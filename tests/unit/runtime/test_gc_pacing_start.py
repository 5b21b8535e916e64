"""The pacer started without its first full collection: what start-up left is frozen as it is."""

from __future__ import annotations

import asyncio
import gc
import weakref

from desktop.core.runtime.gc_pacing import CollectorPacer


class Node:
    def __init__(self):
        self.other = None


def cycle() -> weakref.ref:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


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
