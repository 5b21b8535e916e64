"""Decompression bombs, and the two meters that show what one costs: peak RSS and the longest loop stall.

A bomb here is a gigabyte of zeros (``GIGABYTE``) in about a megabyte of zlib (deflate's best is about
1:1030), or a few kilobytes of bzip2 or lzma: each is built in well under a second, by repeating one
compressed piece instead of compressing a gigabyte.
"""

from __future__ import annotations

import asyncio
import bz2
import lzma
import struct
import threading
import time
import zlib
from functools import cache

import psutil

MEGABYTE = 1 << 20
GIGABYTE = 1 << 30
CELERY_COMPRESSED = b"\x00celery-compressed\x00"  # Celery 5.7's marker in front of a compressed stored result
CONTENT_TYPES = {"zlib": "application/x-gzip", "bzip2": "application/x-bz2", "lzma": "application/x-lzma"}


@cache
def zlib_bomb(size: int = GIGABYTE) -> bytes:
    """One valid zlib stream of ``size`` zeros (a multiple of 1 MB).

    After a full flush deflate starts afresh, so each further megabyte compresses to the same bytes:
    the stream is the first megabyte, that piece repeated, the end, and the Adler-32 of all the zeros.
    """
    chunk = bytes(MEGABYTE)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-4]  # the last (empty) block; the checksum comes after it
    checksum = 1
    for _ in range(size // MEGABYTE):
        checksum = zlib.adler32(chunk, checksum)
    return first + piece * (size // MEGABYTE - 1) + end + struct.pack(">I", checksum)


@cache
def bz2_bomb(size: int = GIGABYTE) -> bytes:
    """Concatenated bzip2 streams of 64 MB of zeros each (bz2.decompress, and kombu, read them all)."""
    return bz2.compress(bytes(64 * MEGABYTE), 9) * (size // (64 * MEGABYTE))


@cache
def lzma_bomb(size: int = GIGABYTE) -> bytes:
    """Concatenated xz streams of 64 MB of zeros each."""
    return lzma.compress(bytes(64 * MEGABYTE)) * (size // (64 * MEGABYTE))


BOMBS = {"zlib": zlib_bomb, "bzip2": bz2_bomb, "lzma": lzma_bomb}


def stored_bomb(method: str, size: int = GIGABYTE) -> bytes:
    """A stored result as Celery writes a compressed one: marker, content type, NUL, body."""
    return CELERY_COMPRESSED + CONTENT_TYPES[method].encode() + b"\x00" + BOMBS[method](size)


class PeakRss:
    """The most this process's resident memory grew above where it was at the start, sampled every 2 ms."""

    def __init__(self):
        self.process = psutil.Process()
        self.base = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="peak-rss", daemon=True)

    def __enter__(self) -> PeakRss:
        self.base = self.peak = self.process.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(5)
        self.peak = max(self.peak, self.process.memory_info().rss)

    def _sample(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def grew_mb(self) -> float:
        return (self.peak - self.base) / MEGABYTE


class LoopStall:
    """The longest an asyncio loop (running in another thread) did not get back to a 1 ms sleep: it ran something else that long."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.longest = 0.0
        self._running = False
        self._future = None

    async def _measure(self) -> None:
        last = time.perf_counter()
        while self._running:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> LoopStall:
        self._running = True
        self._future = asyncio.run_coroutine_threadsafe(self._measure(), self.loop)
        return self

    def __exit__(self, *exc_info) -> None:
        self._running = False
        if self._future is not None:
            self._future.result(10)

    @property
    def longest_ms(self) -> float:
        return self.longest * 1000.0
