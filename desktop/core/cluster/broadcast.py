"""Addressing workers and collecting their answers: what inspect and remote control share.

Both check their input before anything is sent (who is addressed, how long to wait, the names
they pass on), collect replies as they land, and read the reply queue as a console must (see
ConsoleMailbox): anyone who can write to the broker can put a reply there.
"""

from __future__ import annotations

import asyncio
import logging
import math
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from celery import Celery
from celery.app.control import Control
from kombu import Consumer as KombuConsumer
from kombu.pidbox import Mailbox

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.secrets import mask_text
from desktop.core.domain.payloads import NotDecompressed, TooLarge
from desktop.core.domain.translatable import translate

log = logging.getLogger(__name__)

OnReply = Callable[[str, Any], None]


def redact_error(app: Celery, text: str) -> str:
    """An error's text without the credentials of the app's broker and backend (an exception may quote a URL)."""
    urls = [u if isinstance(u, str) else None for u in (app.conf.broker_url, app.conf.result_backend)]
    return mask_text(ConnectionProfile(broker_url=urls[0], backend_url=urls[1]).redact(text))


def describe_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).strip() or repr(exc)}"


# -- targeting ----------------------------------------------------------------------------------


def resolve_targets(
    destination: Iterable[str] | str | None, expected: int | Iterable[str] | None
) -> tuple[list[str] | None, int | None, tuple[str, ...]]:
    """Destination list, reply limit and the hostnames whose silence we report."""
    if isinstance(destination, str):
        destination = [destination]
    if destination is not None:
        destination = list(dict.fromkeys(destination))
        if not destination:
            # kombu treats an empty destination as "everyone": never turn "nobody chosen" into a broadcast.
            raise ValueError("no worker chosen: pass destination=None to address every worker")
    if expected is None:
        hosts = tuple(destination or ())
        return destination, len(hosts) or None, hosts
    if isinstance(expected, bool):
        raise ValueError(f"expected must be a worker count or hostnames, not {expected!r}")
    if isinstance(expected, int):
        if expected < 0:
            raise ValueError(f"expected must be 0 or more workers, not {expected}")
        return destination, expected or None, tuple(destination or ())
    hosts = tuple(dict.fromkeys([expected] if isinstance(expected, str) else expected))
    return destination, len(hosts) or None, hosts


def checked_timeout(timeout: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


def no_reply_text(timeout: float) -> str:
    return translate("broadcast", "no reply in {seconds} s").format(seconds=f"{timeout:g}")


class ReplyCollector:
    """Kombu's reply callback: keeps every answer (and when it came) and passes it on."""

    def __init__(self, transform: Callable[[Any], Any] | None, on_reply: OnReply | None):
        self.started = time.perf_counter()
        self.transform = transform
        self.on_reply = on_reply
        self.replies: dict[str, Any] = {}
        self.arrivals: dict[str, float] = {}
        self.duplicates: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, body: Any) -> None:
        if not isinstance(body, Mapping):
            return
        for hostname, value in body.items():
            hostname = str(hostname)
            if self.transform is not None:
                try:
                    value = self.transform(value)
                except Exception:
                    log.exception("masking the reply of %s failed", hostname)
                    value = {"error": translate("broadcast", "the reply could not be masked, so it is not shown")}
            with self.lock:
                if hostname in self.replies:
                    self.duplicates.add(hostname)  # two workers share a nodename
                self.replies[hostname] = value
                self.arrivals.setdefault(hostname, (time.perf_counter() - self.started) * 1000)
            if self.on_reply is not None:
                try:
                    self.on_reply(hostname, value)
                except Exception:
                    log.exception("on_reply failed for %s", hostname)

    def snapshot(self) -> tuple[dict[str, Any], dict[str, float], tuple[str, ...]]:
        with self.lock:
            return dict(self.replies), dict(self.arrivals), tuple(sorted(self.duplicates))


# -- names passed on ------------------------------------------------------------------------------


def bad_argument(command: str, param: str, must: str, value: Any) -> ValueError:
    """The form's error for one argument; ``must`` comes translated from the caller."""
    text = translate("broadcast", "{command}: {param} must be {must}, not {value}")
    return ValueError(text.format(command=command, param=param, must=must, value=repr(value)))


def checked_name(command: str, param: str, value: Any) -> str:
    """A queue, task or module name as a worker gets it: one token, so a typo cannot address something else."""
    if not isinstance(value, str) or not value.strip():
        raise bad_argument(command, param, translate("broadcast", "a non-empty name"), value)
    text = value.strip()
    if any(c.isspace() or ord(c) < 32 for c in text):
        raise bad_argument(command, param, translate("broadcast", "a name without spaces or control characters"), value)
    if len(text.encode()) > 255:
        raise bad_argument(command, param, translate("broadcast", "at most 255 bytes long"), value)
    return text


def checked_names(command: str, param: str, value: Any, *, allow_empty: bool) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping):
        raise bad_argument(command, param, translate("broadcast", "a list of names"), value)
    names = tuple(checked_name(command, param, item) for item in items)
    if not names and not allow_empty:
        raise bad_argument(command, param, translate("broadcast", "at least one name"), value)
    return names


# -- replies on the event loop --------------------------------------------------------------------


def relay_to_loop(loop: asyncio.AbstractEventLoop, callback: Callable | None) -> Callable:
    """``callback`` for the executor thread to call: it runs on ``loop``, where the console's state lives."""

    def relay(*args: Any) -> None:
        if callback is None:
            return
        try:
            loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop closed while the worker thread was still collecting
            pass

    return relay


# -- the reply queue ------------------------------------------------------------------------------


MAX_UNCLAIMED = 1000  # tickets of other calls whose replies are kept for them


class ConsoleMailbox(Mailbox):
    """kombu's Mailbox, reading replies the way a console must: anything on the reply queue came from
    whoever can write to the broker. A reply no accepted serializer reads (a pickle without the opt-in,
    bad JSON, an unknown content type), one that is not ``{hostname: value}``, or one with a clock or
    expiry header that is no number is dropped, and the other replies are still collected; kombu's
    own ``_collect`` lets any of them end the whole call, so one such reply hid every worker.

    ``_collect`` follows kombu 5's, which it replaces.
    """

    def _collect(self, ticket, limit=None, timeout=1, callback=None, channel=None, accept=None):
        if accept is None:
            accept = self.accept
        chan = channel or self.connection.default_channel
        queue = self.reply_queue
        consumer = KombuConsumer(chan, [queue], accept=accept, no_ack=True, on_decode_error=_drop_unreadable_reply)
        responses = []
        unclaimed = self.unclaimed
        adjust_clock = self.clock.adjust

        try:
            return unclaimed.pop(ticket)
        except KeyError:
            pass

        def on_message(body, message):
            if not isinstance(body, dict):
                log.debug("control: a reply that is no {hostname: value} was dropped")
                return
            header = message.headers.get
            try:
                adjust_clock(int(header("clock") or 0))
                expires = float(header("expires") or 0)
            except (TypeError, ValueError, OverflowError):
                log.debug("control: a reply with an unreadable clock or expiry was dropped")
                return
            if expires and time.time() > expires:
                return
            this_id = header("ticket", ticket)
            if this_id == ticket:
                if callback:
                    callback(body)
                responses.append(body)
            elif isinstance(this_id, str) and (this_id in unclaimed or len(unclaimed) < MAX_UNCLAIMED):
                unclaimed[this_id].append(body)  # another call's reply (calls share the reply queue)

        consumer.register_callback(on_message)
        # As kombu: wait until ``limit`` replies came, or none came for ``timeout``; but only this call's
        # replies count towards the limit (a dropped one must not end the wait), and a queue flooded with
        # garbage ends it after ten timeouts.
        give_up = time.monotonic() + 10 * (timeout or 1)
        try:
            with consumer:
                while (not limit or len(responses) < limit) and time.monotonic() < give_up:
                    try:
                        self.connection.drain_events(timeout=timeout)
                    except socket.timeout:
                        break
                return responses
        finally:
            chan.after_reply_message_received(queue.name)


def _drop_unreadable_reply(message, exc: Exception) -> None:
    if isinstance(exc, (TooLarge, NotDecompressed)):  # payloads.cap_message_decompression: kombu stopped decompressing it
        log.warning("control: a reply was dropped: %s", exc)
    else:
        log.debug("control: a reply was not decoded (%s): %s", message.content_type, exc)


class ConsoleControl(Control):
    """Celery's remote control with the console's mailbox (see ConsoleMailbox)."""

    Mailbox = ConsoleMailbox
