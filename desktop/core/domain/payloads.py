"""What the console decodes from the cluster, and how much of it.

Everything here comes from whoever can write to the broker or the result backend. It is decoded
only with the console's own accept list (pickle only with the connection's opt-in), whatever list
the user's app asked for, and a compressed body is never decompressed past a limit: its size says
nothing true about what it holds (1 KB of bzip2 is a gigabyte of zeros), and Celery and kombu
decompress whatever a stored result or a message claims, in one go, before anything looks at the
size. Stored results stop at the size the console decodes at all (results.MAX_DECODE_BYTES);
messages (events, control replies), which kombu decompresses as they arrive, at MAX_MESSAGE_BYTES
(see cap_message_decompression). A body that would be larger is refused, and the refusal says so.
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from collections.abc import Callable
from functools import cache, partial
from typing import Any

import kombu.compression
from kombu.serialization import prepare_accept_content

from desktop.core.domain.translatable import translate

# Formats the console decodes from the result backend. Pickle is only added when the user opted in
# for the connection: unpickling runs code chosen by whoever can write to the backend.
SAFE_RESULT_CONTENT = ["json", "application/json", "msgpack", "application/x-msgpack", "yaml", "application/x-yaml"]
PICKLE_CONTENT = ["pickle", "application/x-python-serialize"]

MAX_MESSAGE_BYTES = 16_000_000  # an event or a control reply, uncompressed
JSON_TYPE = "application/json"

# orjson reads an integer past 64 bits as a float; 19 digits in a row (in a string or not) go kombu's way.
# Found by mapping every digit to "0" and looking for a run: a regular expression costs ten times as much.
DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
LONG_NUMBER = b"0" * 19
KOMBU_TYPED_VALUE = b'"__type__"'  # kombu's JSON for a datetime, a UUID, bytes, a Decimal: {"__type__", "__value__"}

# What Celery puts in front of a compressed stored result (celery.backends.base.COMPRESSED_PAYLOAD_MAGIC):
# marker, the compression's content type, a NUL byte, the compressed body.
COMPRESSED_RESULT_MAGIC = b"\x00celery-compressed\x00"

# kombu's compression methods by content type: a name for messages, and a decompressor that can stop
# at a given output size. kombu's "gzip" is zlib's format (zlib.compress).
_METHODS: dict[str, tuple[str, Callable[[], Any]]] = {
    "application/x-gzip": ("zlib", zlib.decompressobj),
    "application/x-bz2": ("bzip2", bz2.BZ2Decompressor),
    "application/x-lzma": ("lzma", lzma.LZMADecompressor),
}
_ALIASES = {
    "gzip": "application/x-gzip",
    "zlib": "application/x-gzip",
    "bzip2": "application/x-bz2",
    "bzip": "application/x-bz2",
    "lzma": "application/x-lzma",
    "xz": "application/x-lzma",
    "zstd": "application/zstd",
    "zstandard": "application/zstd",
}
try:  # kombu registers zstd where Python has it (3.14, or the backports package); its decompressor is lzma's kind
    from compression.zstd import ZstdDecompressor  # type: ignore[import-not-found]
except ImportError:
    try:
        from backports.zstd import ZstdDecompressor  # type: ignore[import-not-found]
    except ImportError:
        ZstdDecompressor = None
if ZstdDecompressor is not None:
    _METHODS["application/zstd"] = ("zstd", ZstdDecompressor)


def megabytes(size: int) -> str:
    return f"{size / 1e6:g} MB"


class TooLarge(ValueError):
    """A compressed body that holds more than the limit: nothing past the limit was decompressed."""

    def __init__(self, method: str, limit: int):
        self.method, self.limit = method, limit
        message = translate("payloads", "{method} body is more than {size} uncompressed; not decompressed")
        super().__init__(message.format(method=method, size=megabytes(limit)))


class NotDecompressed(ValueError):
    """A compression the console does not decompress (none it can stop at a size)."""

    def __init__(self, method: str):
        self.method = method
        message = translate("payloads", "compressed with {method}, which the console does not decompress (only {known})")
        super().__init__(message.format(method=repr(method[:100]), known=decompressed_methods()))


def decompressed_methods() -> str:
    """The compressions the console decompresses, as a message lists them."""
    return ", ".join(name for name, _ in _METHODS.values())


def orjson_reads_as_kombu(raw: bytes) -> bool:
    """Whether orjson reads this JSON as kombu's ``json.loads`` does: nothing for kombu's object hook to
    turn into a value, no integer orjson would read as a float."""
    return KOMBU_TYPED_VALUE not in raw and LONG_NUMBER not in raw.translate(DIGITS_AS_ZERO)


@cache
def result_accept(allow_pickle: bool) -> frozenset[str]:
    """The content types the console decodes a stored result from, as kombu's ``loads`` wants them."""
    return frozenset(prepare_accept_content(SAFE_RESULT_CONTENT + (PICKLE_CONTENT if allow_pickle else [])))


def decompress_capped(body: bytes, method: str, limit: int) -> bytes:
    """``body`` decompressed as kombu's ``method`` (a content type or an alias), at most ``limit`` bytes of it.

    Raises TooLarge when it holds more, having decompressed only ``limit + 1`` bytes; NotDecompressed
    for a method the console does not know; ValueError for a corrupt or truncated body. Concatenated
    bzip2, lzma (and zstd) streams are read as kombu's decompressors read them; data after the last
    one is ignored, as they ignore it.
    """
    content_type = _ALIASES.get(method, method)
    known = _METHODS.get(content_type)
    if known is None:
        raise NotDecompressed(method)
    try:
        return _decompress(body, content_type, *known, limit)
    except ValueError as exc:
        # Without the frames that held what was decompressed so far (up to the limit): kombu keeps a
        # refused message's exception, traceback included, in a cycle only a full collection frees.
        raise exc.with_traceback(None) from None


def _decompress(body: bytes, content_type: str, name: str, make: Callable[[], Any], limit: int) -> bytes:
    data = bytes(body)
    parts: list[bytes] = []
    produced = 0
    first = True
    while first or data:
        decompressor = make()
        try:
            # never 0 (zlib's "no limit"): at most one byte past the limit
            part = decompressor.decompress(data, limit + 1 - produced)
        except (zlib.error, OSError, lzma.LZMAError, ValueError) as exc:
            if first:
                raise ValueError(translate("payloads", "corrupt {method} body: {error}").format(method=name, error=exc)) from None
            break  # not one more stream: trailing data
        produced += len(part)
        if produced > limit:
            raise TooLarge(name, limit)
        parts.append(part)
        if not decompressor.eof:
            more = decompressor.unconsumed_tail if content_type == "application/x-gzip" else not decompressor.needs_input
            if more:
                raise TooLarge(name, limit)
            raise ValueError(translate("payloads", "truncated {method} body").format(method=name))
        if content_type == "application/x-gzip":
            break  # zlib reads one stream
        data, first = decompressor.unused_data, False
    return parts[0] if len(parts) == 1 else b"".join(parts)


def decompressed_result(body: bytes, limit: int) -> bytes:
    """A stored result without Celery's compression, or as it is when it carries no marker."""
    if not body.startswith(COMPRESSED_RESULT_MAGIC):
        return body
    method, _, compressed = body[len(COMPRESSED_RESULT_MAGIC) :].partition(b"\x00")
    return decompress_capped(compressed, method.decode("utf-8", "replace"), limit)


def cap_message_decompression(limit: int = MAX_MESSAGE_BYTES) -> None:
    """From now on, in this process, kombu decompresses no message body past ``limit``.

    kombu decompresses a message that has a ``compression`` header as it receives it, before any
    consumer sees it (``kombu.Message``), and Celery's result backends decompress through the same
    registry. Each method kombu knows is registered again (kombu's public ``register``) with the same
    encoder and a decoder that stops at ``limit``; one the console cannot stop is refused. A refused
    body is a decode error of that message: the event or the control reply is dropped (and logged),
    and the others are read.
    """
    for content_type in kombu.compression.encoders():
        encoder, _ = kombu.compression.get_encoder(content_type)
        kombu.compression.register(encoder, partial(_message_decoder, content_type, limit), content_type)


def _message_decoder(content_type: str, limit: int, body: bytes) -> bytes:
    return decompress_capped(body, content_type, limit)
