"""Bounded decompression (desktop.core.domain.payloads) and stored results read with it (results.record_from_raw)."""

from __future__ import annotations

import bz2
import lzma
import pickle
import zlib

import kombu.compression
import pytest
from celery import Celery
from celery.backends.base import COMPRESSED_PAYLOAD_MAGIC
from kombu.message import Message

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.payloads import (
    COMPRESSED_RESULT_MAGIC,
    MAX_MESSAGE_BYTES,
    NotDecompressed,
    TooLarge,
    cap_message_decompression,
    decompress_capped,
    result_accept,
)
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import record_from_raw
from tests.support.bombs import GIGABYTE, MEGABYTE, PeakRss, bz2_bomb, stored_bomb, zlib_bomb

COMPRESS = {"zlib": zlib.compress, "bzip2": bz2.compress, "lzma": lzma.compress}
CONTENT_TYPES = {"zlib": "application/x-gzip", "bzip2": "application/x-bz2", "lzma": "application/x-lzma"}
TEXT = b"0123456789" * 1000


def test_the_marker_is_celerys():
    assert COMPRESSED_RESULT_MAGIC == COMPRESSED_PAYLOAD_MAGIC


@pytest.mark.parametrize("method", COMPRESS)
def test_up_to_the_limit_a_body_is_decompressed_and_one_byte_more_is_refused(method):
    body = COMPRESS[method](TEXT)
    for name in (method, CONTENT_TYPES[method]):
        assert decompress_capped(body, name, len(TEXT)) == TEXT
    with pytest.raises(TooLarge, match=f"^{method} body is more than"):
        decompress_capped(body, method, len(TEXT) - 1)


@pytest.mark.parametrize("method", ["bzip2", "lzma"])
def test_concatenated_streams_are_read_and_trailing_data_ignored_as_the_standard_library_does(method):
    body = COMPRESS[method](b"a" * 100) + COMPRESS[method](b"b" * 100) + b"trailing"
    expected = (bz2.decompress if method == "bzip2" else lzma.decompress)(body)
    assert decompress_capped(body, method, 200) == expected == b"a" * 100 + b"b" * 100
    with pytest.raises(TooLarge):
        decompress_capped(body, method, 199)  # the limit counts every stream


@pytest.mark.parametrize("method", COMPRESS)
def test_a_truncated_or_corrupt_body_is_a_value_error(method):
    body = COMPRESS[method](TEXT)
    with pytest.raises(ValueError, match="truncated"):
        decompress_capped(body[: len(body) // 2], method, MEGABYTE)
    with pytest.raises(ValueError, match="corrupt"):
        decompress_capped(b"not compressed at all", method, MEGABYTE)


def test_a_compression_the_console_cannot_bound_is_not_decompressed():
    with pytest.raises(NotDecompressed, match="'application/x-brotli', which the console does not decompress"):
        decompress_capped(b"\x0b\x02\x80hello\x03", "application/x-brotli", MEGABYTE)


@pytest.mark.parametrize("bomb", [zlib_bomb, bz2_bomb], ids=["zlib", "bzip2"])
def test_a_gigabyte_bomb_costs_at_most_the_limit(bomb):
    body = bomb(GIGABYTE)
    with PeakRss() as rss, pytest.raises(TooLarge):
        decompress_capped(body, "zlib" if bomb is zlib_bomb else "bzip2", MAX_MESSAGE_BYTES)
    assert rss.grew_mb < 64, f"RSS grew {rss.grew_mb:.0f} MB"


def test_kombu_decompresses_no_message_past_the_limit_once_capped():
    cap_message_decompression()
    assert kombu.compression.decompress(zlib.compress(TEXT), "zlib") == TEXT
    body, content_type = kombu.compression.compress(TEXT, "bzip2")
    assert kombu.compression.decompress(body, content_type) == TEXT
    message = Message(
        body=zlib_bomb(64 * MEGABYTE), content_type="application/json", headers={"compression": "application/x-gzip"}
    )
    assert isinstance(message.errors[0][1], TooLarge)


def test_a_refused_message_keeps_nothing_it_decompressed():
    """kombu keeps a refused message's exception with its traceback, in a cycle (message, errors, frames,
    message) only a full collection frees: no frame in it holds the output decompressed up to the limit
    (16 MB for a bomb of about 1 MB), only what arrived."""
    cap_message_decompression()
    body = zlib_bomb(64 * MEGABYTE)
    message = Message(body=body, content_type="application/json", headers={"compression": "application/x-gzip"})
    _, exc, tb = message.errors[0]
    assert isinstance(exc, TooLarge)

    def held(tb):
        while tb is not None:
            for value in tb.tb_frame.f_locals.values():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, bytes | bytearray):
                        yield len(item)
            tb = tb.tb_next

    assert max(held(tb), default=0) <= len(body)


def test_the_accept_list_holds_pickle_only_with_the_opt_in():
    assert "application/x-python-serialize" not in result_accept(False)
    assert "application/x-python-serialize" in result_accept(True)
    assert "application/json" in result_accept(False)


# -- stored results ------------------------------------------------------------------------------------

BACKEND = build_console_app(ConnectionProfile(backend_url="redis://127.0.0.1:9/0")).backend


@pytest.mark.parametrize("method", COMPRESS)
def test_a_result_a_worker_compressed_is_read(method):
    worker = Celery("a-worker", backend="redis://127.0.0.1:9/0", set_as_current=False)
    worker.conf.result_compression = method
    raw = worker.backend.encode({"status": "SUCCESS", "result": {"answer": 42}, "task_id": "t"})
    assert raw.startswith(COMPRESSED_RESULT_MAGIC)
    record = record_from_raw(TaskRecord(id="t"), raw, BACKEND, allow_pickle=False)
    assert (record.state, record.result, record.error) == ("SUCCESS", '{"answer": 42}', "")


@pytest.mark.parametrize("method", COMPRESS)
def test_a_compressed_result_bomb_becomes_the_rows_message(method):
    raw = stored_bomb(method, 64 * MEGABYTE)
    record = record_from_raw(TaskRecord(id="t"), raw, BACKEND, allow_pickle=False)
    assert record.state == "PENDING"
    assert record.error == f"result is {method}-compressed and more than 1 MB uncompressed; not decoded (limit 1 MB)"


def test_a_stored_result_in_a_compression_the_console_does_not_know_says_so():
    raw = COMPRESSED_RESULT_MAGIC + b"application/x-brotli\x00whatever"
    record = record_from_raw(TaskRecord(id="t"), raw, BACKEND, allow_pickle=False)
    assert record.error.startswith("result is compressed with 'application/x-brotli', which the console does not decompress")


def test_a_compressed_pickle_is_refused_without_the_opt_in_and_read_with_it():
    pickled = pickle.dumps({"status": "SUCCESS", "result": 7})
    raw = COMPRESSED_RESULT_MAGIC + b"application/x-gzip\x00" + zlib.compress(pickled)
    refused = record_from_raw(TaskRecord(id="t"), raw, BACKEND, allow_pickle=False)
    assert refused.state == "PENDING" and "--allow-pickle" in refused.error, refused
    assert record_from_raw(TaskRecord(id="t"), raw, BACKEND, allow_pickle=True).state == "SUCCESS"
