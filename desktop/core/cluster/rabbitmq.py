"""RabbitMQ: its management HTTP API for queue figures AMQP does not give, and sending without re-declaring.

Blocking functions, meant for ``ClusterClient.run_blocking``. Over AMQP itself a passive
``queue_declare`` gives each queue's ready messages and consumers (desktop.core.cluster.queues). The
management API (``GET /api/queues/{vhost}``, the stdlib's urllib) adds what AMQP does not tell:
unacked messages, each queue's ``x-max-priority`` and type, and the queues nobody consumes.
Its URL is the connection's ``management_url`` (``http://user:password@host:15672/``, a path
prefix behind a proxy is kept); without credentials in it, the broker's are used, but only over
https:// or to this machine. No message ever holds a password: credentials go in a header, never
in a URL, and every URL said is masked. A redirect is followed only within the same scheme, host
and port (the header would go along); an answer is read up to a size cap and within a deadline.

Sending: Celery declares the queue of every message it sends, as the sending app defines it. A
console without the app's ``task_queues`` would declare ``x-max-priority`` or quorum queues as
plain ones, and RabbitMQ refuses that (``PRECONDITION_FAILED - inequivalent arg``). So on RabbitMQ
the console only declares a queue the broker does not have yet; one it has stays as declared.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from celery import Celery
from kombu import Queue
from kombu.common import Broadcast

from desktop.core.cluster.queues import MAX_DECLARED, QueueRecord, amqp_unacked, is_amqp, is_task_queue, queue_lengths
from desktop.core.connection.secrets import mask_url
from desktop.core.connection.tls import describe_tls_error, exception_chain
from desktop.core.domain.translatable import translate

AMQP_SCHEMES = ("amqp", "amqps", "pyamqp", "librabbitmq")
MANAGEMENT_TIMEOUT = 3.0  # seconds for each wait on the network
MANAGEMENT_DEADLINE = 10.0  # seconds for the whole exchange
MAX_ANSWER_BYTES = 32_000_000  # about 100,000 queues' figures
COLUMNS = "name,messages_ready,messages_unacknowledged,consumers,arguments,type,state,effective_policy_definition"
KNOWN_FOR = 30.0  # seconds a queue the broker has is trusted to still be there (not declared again)


class ManagementError(RuntimeError):
    """The management API gave no queue figures; the message says why, without a password."""


def is_amqp_url(url: str | None) -> bool:
    scheme = (url or "").split("://", 1)[0].lower() if "://" in (url or "") else ""
    return scheme in AMQP_SCHEMES


@dataclass(frozen=True)
class ManagementQueue:
    """One queue as ``GET /api/queues/{vhost}`` describes it; ``None`` where the API left a figure out."""

    name: str
    ready: int | None = None
    unacked: int | None = None
    consumers: int | None = None
    max_priority: int | None = None  # the queue's x-max-priority argument
    kind: str = ""  # classic, quorum, stream
    state: str = ""  # running, idle, flow, down, …
    arguments: Mapping = field(default_factory=dict, compare=False, repr=False)  # as declared (x-dead-letter-exchange, …)
    policy: Mapping | None = field(default=None, compare=False, repr=False)  # effective policy; None until stats have it


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_queues(payload: Any) -> list[ManagementQueue]:
    """The queues of a ``/api/queues/{vhost}`` answer (a list, or a page ``{"items": [...]}``); garbage skipped."""
    if isinstance(payload, Mapping):
        payload = payload.get("items")
    if not isinstance(payload, list):
        raise ManagementError(translate("rabbitmq", "the answer is not a list of queues (is this RabbitMQ's management API?)"))
    queues = []
    for entry in payload:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str) or not entry["name"]:
            continue
        arguments = entry.get("arguments")
        arguments = arguments if isinstance(arguments, Mapping) else {}
        kind, state = entry.get("type"), entry.get("state")
        policy = entry.get("effective_policy_definition")
        queues.append(
            ManagementQueue(
                name=entry["name"],
                ready=_count(entry.get("messages_ready")),
                unacked=_count(entry.get("messages_unacknowledged")),
                consumers=_count(entry.get("consumers")),
                max_priority=_count(arguments.get("x-max-priority")),
                kind=kind if isinstance(kind, str) else "",
                state=state if isinstance(state, str) else "",
                arguments=dict(arguments),
                policy=dict(policy) if isinstance(policy, Mapping) else None,
            )
        )
    return queues


@dataclass(frozen=True)
class ManagementRequest:
    """Where to ask, and as whom: the URL carries no credentials.

    ``withheld``: the broker's credentials were not given to this URL (plain http:// to another
    machine), so a refusal can say why.
    """

    url: str
    username: str | None
    password: str | None = None
    withheld: bool = False

    def __repr__(self) -> str:
        return f"ManagementRequest(url={self.url!r}, username={self.username!r})"


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def queues_request(
    management_url: str, vhost: str, username: str | None = None, password: str | None = None
) -> ManagementRequest:
    """``GET {base}/api/queues/{vhost}``; the management URL's own credentials win over the broker's.

    The broker's credentials go only over https://, or over http:// to this machine (loopback):
    never in clear text over the network to a URL the user did not write them into.
    """
    text = management_url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        text = translate("rabbitmq", "the management URL must be http:// or https://, not {url}")
        raise ManagementError(text.format(url=repr(mask_url(management_url))))
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not hostport:
        raise ManagementError(
            translate("rabbitmq", "the management URL has no host: {url}").format(url=repr(mask_url(management_url)))
        )
    withheld = False
    if at:
        user, colon, secret = userinfo.partition(":")
        username, password = unquote(user), unquote(secret) if colon else password
    elif scheme == "http" and username and not _is_loopback(parts.hostname or ""):
        username, password, withheld = None, None, True
    path = parts.path.rstrip("/")
    path = path.removesuffix("/api")  # http://host:15672/api/ given: the API's own root
    url = urlunsplit((scheme, hostport, f"{path}/api/queues/{quote(vhost or '/', safe='')}", f"columns={COLUMNS}", ""))
    return ManagementRequest(url, username or None, password, withheld)


def _masked(url: str) -> str:
    """The URL as said in a message: no query (the column list), and no password even if one slipped in."""
    return mask_url(url.split("?", 1)[0])


def _why(exc: BaseException, timeout: float) -> str:
    reason = getattr(exc, "reason", None)  # urllib's URLError holds the real error as its reason
    if isinstance(reason, BaseException):
        exc = reason
    tls = describe_tls_error(exc)
    if tls:
        return tls
    for link in exception_chain(exc):
        if isinstance(link, TimeoutError):
            return translate("rabbitmq", "no answer in {seconds} s").format(seconds=f"{timeout:g}")
        if isinstance(link, socket.gaierror):
            return translate("rabbitmq", "cannot resolve host (DNS): {reason}").format(reason=link.strerror or link)
        if isinstance(link, ConnectionRefusedError):
            return translate("rabbitmq", "connection refused")
    text = str(reason if isinstance(reason, str) and reason else exc).strip() or repr(exc)
    return f"{type(exc).__name__}: {text}"


# -- the HTTP client: no redirect elsewhere, a size cap, a deadline -----------------------------------

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def _same_origin(url: str, other: str) -> bool:
    """Same scheme, host and port: a redirect there may carry the credentials, and no other may."""
    return _origin(url) == _origin(other)


class _Redirected(Exception):
    """The management API answered with a redirect to another server; it is not followed."""

    def __init__(self, target: str):
        super().__init__(target)
        self.target = target


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only within the same scheme, host and port (urllib's re-sends every header, the password too)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        if not _same_origin(req.full_url, target):
            raise _Redirected(target)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Deadline:
    """Shuts every socket of one request down when its time is up, whatever it is waiting for (headers, body)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _opener(deadline: _Deadline, context: ssl.SSLContext | None) -> urllib.request.OpenerDirector:
    class Watched(http.client.HTTPConnection):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)

    class WatchedTls(http.client.HTTPSConnection):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Watched, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(WatchedTls, req, context=context)

    return urllib.request.build_opener(_SameOriginRedirects, Plain, Secure)


def _open(request: urllib.request.Request, timeout: float, context: ssl.SSLContext | None, deadline: _Deadline):
    return _opener(deadline, context).open(request, timeout=timeout)


def _read_capped(answer, max_bytes: int, where: str) -> bytes:
    chunks, size = [], 0
    while True:
        chunk = answer.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            text = translate("rabbitmq", "the answer at {where} is larger than {megabytes} MB; not read further")
            raise ManagementError(text.format(where=where, megabytes=f"{max_bytes / 1e6:g}"))
        chunks.append(chunk)


def http_refusal(code: int, reason: Any, where: str, withheld: bool = False) -> str:
    """What an HTTP error from the management API means for reading the vhost's queues."""
    if code == 401 and withheld:
        return translate(
            "rabbitmq",
            "the management API asks for credentials (401) at {where}: the broker's are sent only over https "
            "or to this machine; write them in the management URL (http://user:password@host:15672/) or use https",
        ).format(where=where)
    if code == 401:
        return translate("rabbitmq", "the management API refused the credentials (401) at {where}").format(where=where)
    if code == 403:
        return translate(
            "rabbitmq", "this user may not read the vhost's queues (403; it needs the management or monitoring tag) at {where}"
        ).format(where=where)
    if code == 404:
        return translate("rabbitmq", "not found (404) at {where}: no such vhost, or not the management API's URL").format(
            where=where
        )
    return translate("rabbitmq", "HTTP {code} {reason} at {where}").format(code=code, reason=reason, where=where)


def unreachable_at(where: str, why: str) -> str:
    return translate("rabbitmq", "unreachable at {where}: {why}").format(where=where, why=why)


def not_json_at(where: str) -> str:
    return translate("rabbitmq", "the answer at {where} is not JSON (is this RabbitMQ's management API?)").format(where=where)


def fetch_queues(
    request: ManagementRequest,
    *,
    timeout: float = MANAGEMENT_TIMEOUT,
    context: ssl.SSLContext | None = None,
    deadline: float = MANAGEMENT_DEADLINE,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> list[ManagementQueue]:
    """Every queue of the vhost, as the management API sees it; ManagementError (password-free) otherwise.

    ``timeout`` bounds each wait on the network, ``deadline`` the whole exchange (a server that
    sends a byte now and then is given up on), ``max_bytes`` the answer.
    """
    headers = {"Accept": "application/json", "User-Agent": "celery-desktop"}
    if request.username:
        credentials = f"{request.username}:{request.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode("ascii")
    where = _masked(request.url)
    with _Deadline(deadline) as clock:
        try:
            with _open(urllib.request.Request(request.url, headers=headers), timeout, context, clock) as answer:
                body = _read_capped(answer, max_bytes, where)
            if clock.expired:  # the sockets were shut down: what was read may end anywhere
                raise TimeoutError
        except _Redirected as exc:
            text = translate(
                "rabbitmq",
                "the management API at {where} redirected to {target}, another server: not followed (give the URL it redirects to)",
            )
            raise ManagementError(text.format(where=where, target=_masked(exc.target))) from None
        except urllib.error.HTTPError as exc:
            raise ManagementError(http_refusal(exc.code, exc.reason, where, request.withheld)) from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            if clock.expired:
                text = translate("rabbitmq", "no complete answer in {seconds} s at {where}")
                raise ManagementError(text.format(seconds=f"{deadline:g}", where=where)) from None
            raise ManagementError(unreachable_at(where, _why(exc, timeout))) from None
    try:
        payload = json.loads(body)
    except ValueError:
        raise ManagementError(not_json_at(where)) from None
    return parse_queues(payload)


def merge_management(records: Iterable[QueueRecord], queues: Iterable[ManagementQueue]) -> list[QueueRecord]:
    """The AMQP figures (live) completed with the management API's: unacked, priorities, type.

    The API's figures are RabbitMQ's statistics (refreshed every ``collect_statistics_interval``,
    5 s by default); the passive declare's ready and consumer counts are exact, and win.
    """
    by_name = {q.name: q for q in queues}
    unacked_total = sum(q.unacked or 0 for q in by_name.values())
    merged = []
    for record in records:
        known = by_name.get(record.name)
        add_its_url = amqp_unacked()  # as queues wrote it, in the window's language
        if known is None:  # the API answered and does not list it: no "add its URL" note, the rest as AMQP said
            merged.append(replace(record, note="; ".join(n for n in record.note.split("; ") if n and n != add_its_url)))
            continue
        notes = [n for n in record.note.split("; ") if n and n != add_its_url]
        if known.max_priority:
            text = translate("rabbitmq", "x-max-priority {priority} (RabbitMQ does not count by priority)")
            notes.append(text.format(priority=known.max_priority))
        if known.kind and known.kind != "classic":
            notes.append(translate("rabbitmq", "{kind} queue").format(kind=known.kind))
        if known.state and known.state not in ("running", "idle"):
            notes.append(translate("rabbitmq", "state: {state}").format(state=known.state))
        merged.append(
            replace(
                record,
                ready=record.ready if record.ready is not None else known.ready,
                unacked=known.unacked,
                unacked_total=unacked_total,
                broker_consumers=record.broker_consumers if record.broker_consumers is not None else known.consumers,
                note="; ".join(notes),
            )
        )
    return merged


def declared_names(queues: Iterable[ManagementQueue]) -> list[str]:
    """Task queues of the vhost, consumed or not: no pidbox, event, reply or server-named queue."""
    names = sorted(q.name for q in queues if is_task_queue(q.name) and not q.name.startswith("amq."))
    return names[:MAX_DECLARED]


def _broker_tls_context(app: Celery) -> ssl.SSLContext | None:
    """For an https:// management API: the CA the broker's TLS settings trust (else the system's)."""
    options = app.conf.broker_use_ssl
    ca = options.get("ca_certs") if isinstance(options, Mapping) else None
    return ssl.create_default_context(cafile=ca) if isinstance(ca, str) and ca else None


def queue_lengths_with_management(
    app: Celery,
    queue_names: Iterable[str],
    management_url: str,
    *,
    active_queues: Any = None,
    scheduled: Any = None,
    timeout: float = MANAGEMENT_TIMEOUT,
    dead_letters: Callable[[list[ManagementQueue]], Mapping[str, Iterable[str]]] | None = None,
) -> tuple[list[QueueRecord], str]:
    """Queue records for the watched queues and every task queue the management API lists, and why it could not help ("").

    A management API that does not answer costs only what it adds: the AMQP figures still come.
    ``dead_letters`` turns the API's queues into {dead-letter queue: the queues that dead-letter into
    it} (``rabbitmq_messages.dead_letter_marks``, which asks for the bindings); when it fails, only
    that marking is lost, and said.
    """
    with app.connection_for_read() as conn:
        amqp = is_amqp(conn)
        vhost, username, password = conn.virtual_host or "/", conn.userid, conn.password
    names = list(queue_names)
    if not amqp:
        return queue_lengths(app, names, active_queues=active_queues, scheduled=scheduled), translate(
            "rabbitmq", "a management URL is for a RabbitMQ broker; this broker is not one, so it is not used"
        )
    problem, queues = "", None
    try:
        request = queues_request(management_url, vhost, username, password if isinstance(password, str) else None)
        queues = fetch_queues(request, timeout=timeout, context=_broker_tls_context(app))
    except ManagementError as exc:
        problem = translate("rabbitmq", "management API: {problem}").format(problem=exc)
    if queues is not None:
        names = sorted(set(names) | set(declared_names(queues)))
    records = queue_lengths(app, names, active_queues=active_queues, scheduled=scheduled)
    if queues is None:
        return records, problem
    records = merge_management(records, queues)
    if dead_letters is not None:
        try:
            sources = dead_letters(queues)
            records = [replace(r, dead_letter_of=tuple(sources.get(r.name, ()))) for r in records]
        except Exception as exc:  # noqa: BLE001 - the marking is lost, never the counts
            text = translate("rabbitmq", "management API: dead-letter queues not marked: {problem}")
            problem = text.format(problem=str(exc) or type(exc).__name__)
    return records, problem


# -- sending without re-declaring what the broker has ------------------------------------------------


def _queue_name(app: Celery, queue: Any, exchange: Any) -> str | None:
    if isinstance(queue, str):
        return queue or None
    if queue is None:
        return app.conf.task_default_queue if exchange is None else None
    if isinstance(queue, Broadcast):  # Celery never declares these itself
        return None
    name = getattr(queue, "name", None)
    return name if isinstance(name, str) and name else None


class QueueGone(RuntimeError):
    """RabbitMQ returned a task message: no queue took it, even after the queue was declared again."""


class _KnownQueues:
    """Queue names the broker was seen to have, each for ``KNOWN_FOR`` seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.until: dict[str, float] = {}
        self.lock = threading.Lock()

    def has(self, connection, name: str) -> bool:
        now = self.clock()
        with self.lock:
            if self.until.get(name, 0.0) > now:
                return True
        channel = None
        try:
            channel = connection.channel()
            channel.queue_declare(queue=name, passive=True)
        except Exception:  # noqa: BLE001 - 404, or no connection: Celery declares and sends as always, and says what fails
            return False
        finally:
            if channel is not None:
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - closed by the broker after a 404
                    pass
        with self.lock:
            self.until[name] = now + KNOWN_FOR
        return True

    def forget(self, name: str) -> None:
        with self.lock:
            self.until.pop(name, None)


class _Returns:
    """Catches what RabbitMQ returns (``mandatory``: routed to no queue) on a channel while a send is watched.

    The broker writes a ``basic.return`` before its answer to any later method on the same
    channel: a passive declare of ``amq.direct`` (always there, no permission needed) after the
    publish makes a returned message known before the send returns, one round trip later.
    Without this a message to a queue deleted since it was declared (kombu remembers what a
    connection declared, this module what the broker had) is dropped by the default exchange
    without a word.
    """

    def __init__(self, channel):
        self.channel = channel
        self.returned: list[str] = []

    @staticmethod
    def usable(channel) -> bool:
        """py-amqp's channel (librabbitmq's has no return handlers: sent as before, unwatched)."""
        return isinstance(getattr(channel, "events", None), Mapping) and callable(getattr(channel, "exchange_declare", None))

    def _on_return(self, exc, exchange, routing_key, message) -> None:
        text = translate("rabbitmq", "{error} (exchange {exchange}, routing key {routing_key})")
        self.returned.append(text.format(error=exc, exchange=repr(exchange), routing_key=repr(routing_key)))

    def __enter__(self) -> _Returns:
        self.channel.events["basic_return"].add(self._on_return)
        return self

    def __exit__(self, *exc) -> None:
        self.channel.events["basic_return"].discard(self._on_return)

    def sync(self) -> bool:
        """Whether the broker returned what was sent on the channel since the watch began."""
        self.channel.exchange_declare("amq.direct", "direct", passive=True)
        return bool(self.returned)


def _declare_again(app: Celery, channel, queue: Any, qname: str) -> None:
    """Declare ``qname`` as the app defines it, even where kombu remembers having declared it on this connection."""
    entity = queue if isinstance(queue, Queue) else app.amqp.queues[qname]
    entity(channel).declare()


def declare_only_missing_queues(app: Celery) -> None:
    """Make ``app`` send to a queue RabbitMQ already has without declaring it again (see module docstring).

    Celery's own per-call ``declare=`` cannot say it: the queue is known only once ``send_task`` has
    routed the call (``task_routes``, the task's own options), and a group's or chord's calls are
    sent by Celery itself. ``send_task_message`` sees every one, with its queue and its connection
    (tests/unit/test_dependency_contracts.py checks what this relies on).

    A message to a named queue is published ``mandatory`` and watched (``_Returns``): when the
    broker returns it (the queue was deleted after it was seen or declared), the queue is
    forgotten, declared again as the app defines it, and the message sent once more; returned
    again, the send raises QueueGone. Never a message dropped in silence.
    """
    send = app.amqp.send_task_message
    if getattr(send, "declares_only_missing", False):
        return
    known = _KnownQueues()

    def send_task_message(producer, name, message, exchange=None, routing_key=None, queue=None, declare=None, **options):
        if declare is not None:  # the caller's own choice stands
            return send(
                producer, name, message, exchange=exchange, routing_key=routing_key, queue=queue, declare=declare, **options
            )
        qname = _queue_name(app, queue, exchange)
        connection = producer.connection
        if not qname or not is_amqp(connection):
            return send(producer, name, message, exchange=exchange, routing_key=routing_key, queue=queue, declare=None, **options)
        declare = [] if known.has(connection, qname) else None
        channel = getattr(producer, "channel", None)
        if not _Returns.usable(channel):
            return send(
                producer, name, message, exchange=exchange, routing_key=routing_key, queue=queue, declare=declare, **options
            )
        options["mandatory"] = True
        with _Returns(channel) as returns:
            sent = send(
                producer, name, message, exchange=exchange, routing_key=routing_key, queue=queue, declare=declare, **options
            )
            if not returns.sync():
                return sent
        known.forget(qname)
        _declare_again(app, channel, queue, qname)
        again = message._replace(sent_event=None) if hasattr(message, "_replace") else message  # one task-sent event
        with _Returns(channel) as returns:
            sent = send(producer, name, again, exchange=exchange, routing_key=routing_key, queue=queue, declare=[], **options)
            if returns.sync():
                text = translate(
                    "rabbitmq",
                    "RabbitMQ returned the message for queue {queue}: no queue took it, even after the queue was "
                    "declared again ({returned}); it was not sent",
                )
                raise QueueGone(text.format(queue=repr(qname), returned=returns.returned[-1]))
        return sent

    send_task_message.declares_only_missing = True
    app.amqp.send_task_message = send_task_message
