"""Redis Sentinel (``sentinel://h1:26379;sentinel://h2:26379``) for the console's own result-backend connections.

Celery's ``SentinelBackend`` and kombu's Sentinel transport find the master by themselves, and find
the new one after a failover. The console also reads results its own way (``poller``: MGET with
change tracking in the executor, pub/sub on the GUI loop): those connections ask the same sentinels
for the master's address every time they (re)connect, so after a failover they land on the new
master. The sentinel list, the data password (from the URL), ``sentinel_kwargs`` (the sentinels' own
password, timeouts) and ``min_other_sentinels`` are read the way Celery reads them: the backend's
``connparams`` are ``SentinelBackend._params_from_url``'s, and the blocking Sentinel client is
``SentinelBackend._get_sentinel_instance``'s own.
"""

from __future__ import annotations

import re
import threading

from desktop.core.connection.secrets import url_parts
from desktop.core.connection.tls import exception_chain
from desktop.core.connection.url_hints import ROLES
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

SENTINEL_SCHEME = "sentinel"


def missing_master(role: str) -> str:
    """Why a ``sentinel://`` broker or result backend (``role``: "broker", else the backend) cannot be used: no master name."""
    broker = role == "broker"
    setting = "broker_transport_options" if broker else "result_backend_transport_options"
    text = translate(
        "sentinel",
        "sentinel:// {role} without a master name: give master_name in {setting}, or --sentinel-master (the connection's Sentinel master)",
    )
    return text.format(role=translate("url_hints", ROLES["broker" if broker else "backend"]), setting=setting)


class SentinelSetupError(ConnectionError):
    """A Sentinel setting the console cannot connect with; the message says which."""


def is_sentinel_url(url: str | None) -> bool:
    """True when the URL (or the first of a ``;``-separated list) is ``sentinel://``."""
    first = url_parts(url or "")[0].strip() if url else ""
    return first.lower().startswith(SENTINEL_SCHEME + "://")


def is_sentinel_backend(backend) -> bool:
    try:
        from celery.backends.redis import SentinelBackend
    except ImportError:  # no redis package: no Sentinel backend either
        return False
    return isinstance(backend, SentinelBackend)


def master_name(backend) -> str | None:
    return (backend.app.conf.get("result_backend_transport_options") or {}).get("master_name") or None


def sentinel_addresses(backend) -> list[tuple[str, int]]:
    """(host, port) of every sentinel, in the URL's order, as Celery parsed them."""
    return [(host["host"], host["port"]) for host in backend.connparams.get("hosts", [])]


def _transport_option(backend, key: str, default):
    return (backend.app.conf.get("result_backend_transport_options") or {}).get(key, default)


def data_connparams(backend, host: str, port: int) -> dict:
    """The backend's connection settings (db, password, username, timeouts, TLS) for a plain connection to ``host:port``.

    A Sentinel-managed connection class (Celery's, for ``redis_backend_use_ssl``) becomes the plain
    one it stands for: the caller asked the sentinels already and connects to this address only.
    """
    import redis

    params = {k: v for k, v in backend.connparams.items() if k != "hosts"}
    connection_class = params.pop("connection_class", None)
    if connection_class is not None and issubclass(connection_class, redis.SSLConnection):
        params["connection_class"] = redis.SSLConnection
    params["host"], params["port"] = host, port
    return params


class MasterLocator:
    """Connection settings of the current master, asked of the sentinels on every call (blocking).

    Given to ``ChangedKeyReader`` in place of fixed settings: each (re)connect goes where the
    sentinels say the master is now.
    """

    def __init__(self, backend):
        self.backend = backend
        self.master_name = master_name(backend)
        self._sentinel = None
        self._lock = threading.Lock()
        self.address: tuple[str, int] | None = None  # where the last call found the master

    def __call__(self) -> dict:
        if not self.master_name:
            raise SentinelSetupError(missing_master("backend"))
        with self._lock:
            if self._sentinel is None:
                self._sentinel = self.backend._get_sentinel_instance(**self.backend.connparams)
                _skip_silent_sentinels(self._sentinel, asynchronous=False)
            sentinel = self._sentinel
        host, port = sentinel.discover_master(self.master_name)
        self.address = (host, port)
        return data_connparams(self.backend, host, port)

    def close(self) -> None:
        with self._lock:
            sentinel, self._sentinel = self._sentinel, None
        for client in getattr(sentinel, "sentinels", ()):
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing
                pass


def async_master_client(backend, *, max_connections: int = 4):
    """A redis.asyncio client whose connections always go to the current master (they ask the sentinels on connect).

    Same sentinels, ``sentinel_kwargs``, ``min_other_sentinels`` and data settings as Celery's
    ``SentinelBackend._get_sentinel_instance`` / ``_get_pool``, in their asyncio form.
    """
    import redis
    from redis.asyncio.sentinel import Sentinel, SentinelManagedSSLConnection

    name = master_name(backend)
    if not name:
        raise SentinelSetupError(missing_master("backend"))
    params = {k: v for k, v in backend.connparams.items() if k != "hosts" and v is not None}
    connection_class = params.pop("connection_class", None)
    if connection_class is not None and issubclass(connection_class, redis.SSLConnection):
        params["connection_class"] = SentinelManagedSSLConnection
    params.pop("max_connections", None)
    params.setdefault("socket_connect_timeout", 3.0)
    params.setdefault("socket_timeout", 5.0)
    # The transport options' ``retry`` is the blocking one Celery's and kombu's clients use (the
    # console puts one there: celery_app._pass_over_silent_sentinels); these clients get the same
    # policy in its asyncio form.
    sentinel_kwargs = {**_transport_option(backend, "sentinel_kwargs", {}), "retry": no_retry(asynchronous=True)}
    sentinel = Sentinel(
        sentinel_addresses(backend),
        min_other_sentinels=_transport_option(backend, "min_other_sentinels", 0),
        sentinel_kwargs=sentinel_kwargs,
        **params,
    )
    _skip_silent_sentinels(sentinel, asynchronous=True)
    return sentinel.master_for(name, max_connections=max_connections)


def no_retry(*, asynchronous: bool):
    """redis-py's retry policy "fail at once, no backoff", for a blocking client or an asyncio one.

    Each kind of client takes its own ``Retry`` class (``redis.retry`` / ``redis.asyncio.retry``);
    redis-py 8 converts a blocking one given to an asyncio client, with a warning.
    """
    from redis.backoff import NoBackoff

    if asynchronous:
        from redis.asyncio.retry import Retry
    else:
        from redis.retry import Retry
    return Retry(NoBackoff(), 0)


def _skip_silent_sentinels(sentinel, *, asynchronous: bool) -> None:
    """A sentinel that does not answer is passed over for the next one at once.

    redis-py retries each sentinel three times, backing off, before it asks the next: about 4 s
    for every lookup while the first sentinel of the list is down.
    """
    for client in sentinel.sentinels:
        client.set_retry(no_retry(asynchronous=asynchronous))


async def close_async_sentinels(client) -> None:
    """Close the sentinel connections behind a client from ``async_master_client`` (on the loop that used them)."""
    manager = getattr(getattr(client, "connection_pool", None), "sentinel_manager", None)
    if manager is not None:
        await manager.aclose()


_NO_MASTER = re.compile(r"No master found for (?P<name>'[^']*'|\"[^\"]*\"|\S+)(?: : (?P<errors>.*))?", re.DOTALL)
_ADDRESS = re.compile(r"host=(?P<host>[^,>]+),port=(?P<port>\d+)")
AUTH_HINT = QT_TRANSLATE_NOOP(
    "sentinel", "a sentinel that asks for a password gets it from sentinel_kwargs={'password': …} in the transport options"
)


def describe_sentinel_error(exc: BaseException) -> str:
    """redis-py's "No master found for 'x' : <client repr> - error, …" in a few words, else "".

    Each sentinel that failed is named by its address and what went wrong (its client's long repr
    is dropped); none failed means they answered but know of no master that is up.
    """
    for link in exception_chain(exc):
        found = _NO_MASTER.search(str(link))
        if found is None:
            continue
        name, errors = found.group("name"), (found.group("errors") or "").strip()
        if not errors:
            text = translate(
                "sentinel",
                "Sentinel: no master {name} is up (the sentinels know of none that answers; during a failover, until a replica is promoted)",
            )
            return text.format(name=name)
        failures = []
        for entry in re.split(r", (?=<redis)", errors):
            address = _ADDRESS.search(entry)
            what = entry.rpartition(")> - ")[2].strip() if ")> - " in entry else entry.strip()
            failures.append(f"{address['host']}:{address['port']}: {what}" if address else what)
        text = translate("sentinel", "Sentinel: no master {name}: {failures}").format(name=name, failures="; ".join(failures))
        if re.search(r"auth|Authentication|NOAUTH|WRONGPASS", errors):
            text += " ({hint})".format(hint=translate("sentinel", AUTH_HINT))
        return text
    return ""
