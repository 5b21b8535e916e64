"""TLS for Redis (``rediss://``): the URL's ``ssl_*`` options read once, the same way for every client.

Celery's result backend, kombu's broker transport and redis-py each read these query parameters a
little differently: the backend refuses a ``rediss://`` URL without ``ssl_cert_reqs``; kombu, given
no ``ssl_*`` option at all, turns certificate checks off (a log warning), and fails on a spelling it
does not know. The console reads them here, checks the files, and hands the same redis-py options
to all of them (Celery's ``broker_use_ssl`` / ``redis_backend_use_ssl``, and through the backend's
settings the console's own connections), with the URL stripped of them so nothing reads them twice.

Options (URL query parameters):

- ``ssl_cert_reqs``: ``required`` (the default), ``optional`` or ``none``; ``CERT_REQUIRED`` etc. too
- ``ssl_ca_certs``: the CA certificate(s) that signed the server's certificate (PEM); without it the
  system's trusted CAs are used
- ``ssl_certfile`` / ``ssl_keyfile``: the client certificate and its key, for servers that ask for one
- ``ssl_check_hostname``: ``true`` (the default unless ``ssl_cert_reqs=none``) or ``false``
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote_plus

from desktop.core.connection.profiles import ProfileError
from desktop.core.connection.secrets import url_parts
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

CONTEXT = "tls"  # the catalogue's context (lupdate needs the literal at each call)
TLS_SCHEMES = ("rediss",)
PLAIN_SCHEMES = ("redis",)
CERT_REQS = {"required": ssl.CERT_REQUIRED, "optional": ssl.CERT_OPTIONAL, "none": ssl.CERT_NONE}
KNOWN_OPTIONS = ("ssl_cert_reqs", "ssl_ca_certs", "ssl_certfile", "ssl_keyfile", "ssl_check_hostname")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
# A query starts at a '?' followed by a key: a '?' inside an unescaped password is not followed by one.
_QUERY_START = re.compile(r"\?(?=[A-Za-z_][A-Za-z0-9_]*=)")


class TlsError(ProfileError):
    """A TLS option that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class TlsOptions:
    """How to speak TLS to one Redis server."""

    cert_reqs: ssl.VerifyMode = ssl.CERT_REQUIRED
    ca_certs: str | None = None
    certfile: str | None = None
    keyfile: str | None = None
    check_hostname: bool | None = None  # None: check it whenever the certificate is checked
    extra: tuple[tuple[str, object], ...] = ()  # other redis-py ssl_* options an app's *_use_ssl setting gives

    @property
    def checks_hostname(self) -> bool:
        if self.cert_reqs == ssl.CERT_NONE:
            return False
        return True if self.check_hostname is None else self.check_hostname

    def connection_kwargs(self) -> dict:
        """redis-py ``SSLConnection`` options (sync and asyncio alike); also Celery's ``*_use_ssl`` settings."""
        kwargs: dict = {"ssl_cert_reqs": self.cert_reqs, "ssl_check_hostname": self.checks_hostname}
        for key, value in (("ssl_ca_certs", self.ca_certs), ("ssl_certfile", self.certfile), ("ssl_keyfile", self.keyfile)):
            if value:
                kwargs[key] = value
        return {**dict(self.extra), **kwargs}

    def amqp_kwargs(self) -> dict:
        """py-amqp ``ssl`` options; Celery's ``broker_use_ssl`` for an amqps:// broker."""
        extra = dict(self.extra)
        hostname = extra.pop("server_hostname", None)  # an -A app's; py-amqp checks the host name only when given one
        kwargs: dict = {"cert_reqs": self.cert_reqs}
        if self.checks_hostname:
            kwargs["server_hostname"] = hostname  # None: kombu puts the URL's host here
        for key, value in (("ca_certs", self.ca_certs), ("certfile", self.certfile), ("keyfile", self.keyfile)):
            if value:
                kwargs[key] = value
        return {**extra, **kwargs}

    def ssl_context(self) -> ssl.SSLContext:
        """A client context with these options; raises TlsError naming the file that cannot be used."""
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        context.check_hostname = self.checks_hostname
        context.verify_mode = self.cert_reqs
        if self.ca_certs:
            try:
                context.load_verify_locations(cafile=self.ca_certs)
            except FileNotFoundError:
                raise TlsError(translate("tls", "CA file not found: {path} (ssl_ca_certs)").format(path=self.ca_certs)) from None
            except (OSError, ssl.SSLError) as exc:
                message = translate("tls", "CA file {path} (ssl_ca_certs) holds no usable certificate: {reason}")
                raise TlsError(message.format(path=self.ca_certs, reason=_reason(exc))) from None
        if self.certfile:
            for role, path in (("ssl_certfile", self.certfile), ("ssl_keyfile", self.keyfile)):
                if path and not _readable(path):
                    message = translate("tls", "client certificate file not found or unreadable: {path} ({option})")
                    raise TlsError(message.format(path=path, option=role))
            asked_for_passphrase = []

            def passphrase() -> bytes:  # never let OpenSSL prompt on the terminal
                asked_for_passphrase.append(True)
                return b""

            try:
                context.load_cert_chain(self.certfile, self.keyfile, password=passphrase)
            except (OSError, ssl.SSLError) as exc:
                if asked_for_passphrase:
                    message = translate("tls", "the client key {path} is encrypted; use a key without a passphrase")
                    raise TlsError(message.format(path=self.keyfile or self.certfile)) from None
                key = self.keyfile or translate("tls", "(in the same file)")
                message = translate("tls", "client certificate {certificate} and key {key} cannot be used: {reason}")
                raise TlsError(message.format(certificate=self.certfile, key=key, reason=_reason(exc))) from None
        return context


def parse_cert_reqs(value: object) -> ssl.VerifyMode:
    """``required`` / ``CERT_REQUIRED`` (any case), ``optional``, ``none``, or the ``ssl`` constant itself."""
    if isinstance(value, ssl.VerifyMode):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in set(CERT_REQS.values()):
        return ssl.VerifyMode(value)
    text = str(value).strip().lower()
    text = text.removeprefix("ssl.").removeprefix("cert_")
    if text in CERT_REQS:
        return CERT_REQS[text]
    message = translate("tls", "ssl_cert_reqs must be required, optional or none (or CERT_REQUIRED, …), not {value}")
    raise TlsError(message.format(value=repr(str(value))))


def _parse_bool(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise TlsError(translate("tls", "{option} must be true or false, not {value}").format(option=key, value=repr(str(value))))


def _readable(path: str) -> bool:
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError) and exc.reason:
        return str(exc.reason).replace("_", " ").lower()
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return re.sub(r" *\(_ssl\.c:\d+\)\.?", "", text)


def scheme_of(url: str | None) -> str:
    return (url or "").split("://", 1)[0].lower() if "://" in (url or "") else ""


def split_query(url: str) -> tuple[str, list[str]]:
    """``base`` and the raw ``key=value`` pieces of the query, as written (percent-encoding kept)."""
    match = _QUERY_START.search(url)
    if match is None:
        return url, []
    base, query = url[: match.start()], url[match.end() :]
    query, _, _fragment = query.partition("#")
    return base, [piece for piece in re.split(r"[&;]", query) if piece]


def _query_options(url: str) -> dict[str, str]:
    options = {}
    for piece in split_query(url)[1]:
        key, _, value = piece.partition("=")
        key = unquote_plus(key)
        if key.startswith("ssl_"):
            options[key] = unquote_plus(value)
    return options


def tls_options(url: str | None, defaults: Mapping | bool | None = None, *, check_files: bool = True) -> TlsOptions | None:
    """The TLS options of a ``rediss://`` URL (over ``defaults``: an app's ``broker_use_ssl``), else None.

    A ``redis://`` URL gets TLS only from ``defaults`` (as Celery and kombu do); ``ssl_*`` parameters on
    it are an error, not silently ignored. Other schemes (amqp://, db+…, rpc://) are not ours: None.
    With ``check_files`` the CA, certificate and key files are loaded once, so a wrong path or a key
    that does not match its certificate is said before anything connects.
    """
    if not url:
        return None
    first = url_parts(url)[0]
    scheme = scheme_of(first)
    if scheme not in TLS_SCHEMES + PLAIN_SCHEMES:
        return None
    given = {}
    for part in url_parts(url):
        given.update(_query_options(part))
    if scheme in PLAIN_SCHEMES and given:
        message = translate("tls", "{options}: TLS options need a rediss:// URL, not redis://")
        raise TlsError(message.format(options=", ".join(sorted(given))))
    if scheme in PLAIN_SCHEMES and not defaults:
        return None
    return _options(given, defaults, check_files)


def _options(given: dict[str, str], defaults: Mapping | bool | None, check_files: bool) -> TlsOptions:
    """TlsOptions from a URL's ``ssl_*`` parameters over ``defaults``, checked."""
    unknown = sorted(set(given) - set(KNOWN_OPTIONS))
    if unknown:
        message = translate("tls", "unknown TLS option {options} (known: {known})")
        raise TlsError(message.format(options=", ".join(unknown), known=", ".join(KNOWN_OPTIONS)))
    merged = {k: v for k, v in (defaults.items() if isinstance(defaults, Mapping) else ()) if v is not None}
    merged.update(given)

    def given_value(key: str) -> object | None:
        value = merged.get(key)
        return None if value is None or value == "" else value

    def path(key: str) -> str | None:
        value = given_value(key)
        return None if value is None else str(value)

    cert_reqs, check_hostname = given_value("ssl_cert_reqs"), given_value("ssl_check_hostname")
    options = TlsOptions(
        cert_reqs=ssl.CERT_REQUIRED if cert_reqs is None else parse_cert_reqs(cert_reqs),
        ca_certs=path("ssl_ca_certs"),
        certfile=path("ssl_certfile"),
        keyfile=path("ssl_keyfile"),
        check_hostname=None if check_hostname is None else _parse_bool("ssl_check_hostname", check_hostname),
        extra=tuple((k, v) for k, v in merged.items() if k not in KNOWN_OPTIONS),
    )
    if options.keyfile and not options.certfile:
        raise TlsError(translate("tls", "ssl_keyfile needs ssl_certfile (the client certificate it belongs to)"))
    if options.check_hostname and options.cert_reqs == ssl.CERT_NONE:
        raise TlsError(translate("tls", "ssl_check_hostname=true needs ssl_cert_reqs=required or optional"))
    if check_files:
        options.ssl_context()
    return options


# -- RabbitMQ (amqps://): the same parameters, given to py-amqp --------------------------------------

AMQP_TLS_SCHEMES = ("amqps",)
AMQP_PLAIN_SCHEMES = ("amqp", "pyamqp")
# py-amqp's names (an -A app's broker_use_ssl) -> the URL parameters'.
_AMQP_NAMES = {"cert_reqs": "ssl_cert_reqs", "ca_certs": "ssl_ca_certs", "certfile": "ssl_certfile", "keyfile": "ssl_keyfile"}


def amqp_tls_options(url: str | None, defaults: Mapping | bool | None = None, *, check_files: bool = True) -> TlsOptions | None:
    """The TLS options of an ``amqps://`` broker URL (``ssl_*`` parameters as for rediss://), over ``defaults``.

    kombu hands an amqps:// URL's ``ssl_*`` parameters to py-amqp under names it does not know (the
    connection fails with a TypeError), and without any it checks the certificate but not the host
    name. Read here they become py-amqp's own options (``TlsOptions.amqp_kwargs``): the certificate
    and the host name are checked unless the URL says otherwise. ``defaults`` is an -A app's
    ``broker_use_ssl`` in py-amqp's names. None for other URLs, and when ``defaults`` is an
    ``ssl.SSLContext`` or names one (used as it is).
    """
    if not url:
        return None
    scheme = scheme_of(url_parts(url)[0])
    if scheme not in AMQP_TLS_SCHEMES + AMQP_PLAIN_SCHEMES:
        return None
    given = {}
    for part in url_parts(url):
        given.update(_query_options(part))
    if scheme in AMQP_PLAIN_SCHEMES:
        if given:
            message = translate("tls", "{options}: TLS options need an amqps:// URL, not {scheme}://")
            raise TlsError(message.format(options=", ".join(sorted(given)), scheme=scheme))
        return None
    if isinstance(defaults, ssl.SSLContext) or (isinstance(defaults, Mapping) and "context" in defaults):
        return None
    translated = {_AMQP_NAMES.get(k, k): v for k, v in defaults.items()} if isinstance(defaults, Mapping) else None
    return _options(given, translated, check_files)


def without_tls_query(url: str) -> str:
    """The URL (or ``;``-separated URLs) without its ``ssl_*`` query parameters; the rest kept as written."""
    stripped = []
    for part in url_parts(url):
        base, pieces = split_query(part)
        kept = [p for p in pieces if not unquote_plus(p.partition("=")[0]).startswith("ssl_")]
        stripped.append(base + ("?" + "&".join(kept) if kept else ""))
    return ";".join(stripped)


def host_port(url: str, default_port: int = 6379) -> tuple[str, int] | None:
    """Host and port of a ``redis://`` / ``rediss://`` (or ``amqp://``) URL (the first of a list); None for a socket path."""
    base, _ = split_query(url_parts(url)[0])
    _, sep, rest = base.partition("://")
    if not sep:
        return None
    hostport = rest.rpartition("@")[2].split("/", 1)[0]
    if not hostport:
        return "127.0.0.1", default_port
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        port_text = tail.removeprefix(":")
    else:
        host, _, port_text = hostport.partition(":")
    try:
        return host or "127.0.0.1", int(port_text) if port_text else default_port
    except ValueError:
        return None


# -- saying what went wrong --------------------------------------------------------------------


def exception_chain(exc: BaseException):
    """The exception and every cause or context behind it, each once (chains can loop)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


_VERIFY_TEXT = re.compile(r"certificate verify failed: ([^(\n]*?)\.? *(?:\(_ssl\.c:\d+\)|$)", re.IGNORECASE | re.MULTILINE)
_SSL_CODE = re.compile(r"\[SSL: ([A-Z0-9_]+)\]")
_SSL_FILE = re.compile(r" *\(_ssl\.c:\d+\)\.?|_ssl\.c:\d+: *")
CLIENT_CERT_OPTIONS = "ssl_certfile, ssl_keyfile"
# OpenSSL's reason codes (a suffix is enough: SSLV3_ALERT_…, TLSV1_ALERT_…, TLSV13_ALERT_…), in words (translated where said;
# {options} is CLIENT_CERT_OPTIONS).
_HANDSHAKE_REASONS = (
    ("CERTIFICATE_REQUIRED", QT_TRANSLATE_NOOP("tls", "the server wants a client certificate ({options})")),
    ("UNKNOWN_CA", QT_TRANSLATE_NOOP("tls", "the server does not trust the client certificate's CA")),
    ("BAD_CERTIFICATE", QT_TRANSLATE_NOOP("tls", "the server did not accept the client certificate")),
    ("CERTIFICATE_EXPIRED", QT_TRANSLATE_NOOP("tls", "the server says the client certificate has expired")),
    ("WRONG_VERSION_NUMBER", QT_TRANSLATE_NOOP("tls", "the server does not speak TLS on this port (a redis:// URL?)")),
    ("PROTOCOL_VERSION", QT_TRANSLATE_NOOP("tls", "no TLS version both sides support")),
    ("HANDSHAKE_FAILURE", QT_TRANSLATE_NOOP("tls", "no cipher or TLS version both sides support")),
)
_EOF_REASON = QT_TRANSLATE_NOOP(
    "tls", "the server closed the connection (a server that wants a client certificate does this: {options})"
)
_SILENT_REASON = QT_TRANSLATE_NOOP(
    "tls", "no answer to the TLS handshake: does the server speak TLS on this port? (a redis:// URL?)"
)


def _said(reason: str) -> str:
    """One of the reasons above, in the window's language."""
    return translate(CONTEXT, reason).format(options=CLIENT_CERT_OPTIONS)


def _not_trusted(reason: str) -> str:
    return translate("tls", "certificate not trusted: {reason}").format(reason=reason)


def _handshake_failed(reason: str) -> str:
    return translate("tls", "TLS handshake failed: {reason}").format(reason=reason)


def _verify_text(exc: BaseException) -> str:
    found = _VERIFY_TEXT.search(str(exc))
    return found.group(1).strip() if found else _reason(exc)


def _handshake_reason(code: str | None, text: str) -> str:
    for suffix, words in _HANDSHAKE_REASONS:
        if code and code.endswith(suffix):
            return _said(words)
    return _SSL_FILE.sub("", text).strip() or (code or "").replace("_", " ").lower()


def describe_tls_error(exc: BaseException) -> str | None:
    """``certificate not trusted: …`` or ``TLS handshake failed: …`` for a TLS failure anywhere in the chain, else None.

    kombu and Celery re-raise redis-py's errors as their own, sometimes keeping only the text: it is read too.
    """
    chain = list(exception_chain(exc))
    for link in chain:
        if isinstance(link, ssl.SSLCertVerificationError):
            return _not_trusted(getattr(link, "verify_message", None) or _verify_text(link))
    for link in chain:
        if isinstance(link, ssl.SSLEOFError):
            return _handshake_failed(_said(_EOF_REASON))
        if isinstance(link, ssl.SSLError):
            return _handshake_failed(_handshake_reason(link.reason, _reason(link)))
        if isinstance(link, TimeoutError) and "handshake" in str(link).lower():
            return _handshake_failed(_said(_SILENT_REASON))
    for link in chain:
        text = str(link)
        if _VERIFY_TEXT.search(text):
            return _not_trusted(_verify_text(link))
        found = _SSL_CODE.search(text)
        if found:
            return _handshake_failed(_handshake_reason(found.group(1), text[found.end() :]))
        if "EOF occurred in violation of protocol" in text:
            return _handshake_failed(_said(_EOF_REASON))
    return None


_DROPPED = ("reset by peer", "connection closed by server", "unexpected eof", "broken pipe", "connection aborted")


def speaks_tls(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when the server at host:port completes a TLS handshake (certificate not checked: only asked)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, context.wrap_socket(raw, server_hostname=host):
            return True
    except ssl.SSLError as exc:
        # A server that wants a client certificate may refuse the handshake: it still spoke TLS.
        return "alert" in str(exc).lower() or "certificate required" in str(exc).lower()
    except OSError:
        return False


def tls_required_hint(url: str | None, error: str | None) -> str | None:
    """For a ``redis://`` URL whose server dropped the connection at once: ``server requires TLS`` when it speaks TLS.

    Blocking (one TCP connection and handshake), only on that error path.
    """
    scheme = scheme_of(url_parts(url)[0]) if url else ""
    if not url or not error or scheme not in PLAIN_SCHEMES + AMQP_PLAIN_SCHEMES:
        return None
    if not any(word in error.lower() for word in _DROPPED):
        return None
    amqp = scheme in AMQP_PLAIN_SCHEMES
    address = host_port(url, 5672 if amqp else 6379)
    if address is None or not speaks_tls(*address):
        return None
    if amqp:
        return translate("tls", "server requires TLS: connect with an amqps:// URL (see ssl_ca_certs, ssl_cert_reqs)")
    return translate("tls", "server requires TLS: connect with a rediss:// URL (see ssl_ca_certs, ssl_cert_reqs)")


# -- what the connection bar says ---------------------------------------------------------------------

# The caveats are keys (English, compared); the bar shows them and their details through caveat_text / caveat_detail.
NOT_VERIFIED = QT_TRANSLATE_NOOP("tls", "TLS not verified")
HOST_NOT_CHECKED = QT_TRANSLATE_NOOP("tls", "TLS host name not checked")
CAVEAT_DETAILS = {
    NOT_VERIFIED: QT_TRANSLATE_NOOP(
        "tls", "ssl_cert_reqs=none: the server's certificate is not checked; anyone on the way can read and change the traffic"
    ),
    HOST_NOT_CHECKED: QT_TRANSLATE_NOOP(
        "tls", "ssl_check_hostname=false: any certificate the CA signed is taken, for whatever host it names"
    ),
}


def caveat_text(caveat: str) -> str:
    """A caveat of ``tls_caveats`` as the connection bar shows it ("" stays "")."""
    return translate(CONTEXT, caveat) if caveat else ""


def caveat_detail(caveat: str) -> str:
    """What a caveat means, for the bar's tooltip ("" for none)."""
    detail = CAVEAT_DETAILS.get(caveat, "")
    return translate(CONTEXT, detail) if detail else ""


def tls_caveat(settings: object) -> str:
    """What one TLS setting (Celery's ``broker_use_ssl`` / ``redis_backend_use_ssl``) leaves unchecked, or ""."""
    if not isinstance(settings, Mapping):
        return ""  # no TLS, or an app's own SSLContext (used as it is)
    amqp = "cert_reqs" in settings and "ssl_cert_reqs" not in settings
    reqs = settings.get("cert_reqs" if amqp else "ssl_cert_reqs")
    try:
        mode = ssl.CERT_REQUIRED if reqs is None else parse_cert_reqs(reqs)
    except TlsError:
        return ""
    if mode == ssl.CERT_NONE:
        return NOT_VERIFIED
    checks_host = "server_hostname" in settings if amqp else settings.get("ssl_check_hostname") is not False
    return "" if checks_host else HOST_NOT_CHECKED


def tls_caveats(app) -> dict[str, str]:
    """``{"broker": …, "backend": …}``: what the console app's TLS (as build_console_app set it) leaves unchecked."""
    conf = app.conf
    found = {}
    if scheme_of(url_parts(conf.broker_url or "")[0]) in TLS_SCHEMES + PLAIN_SCHEMES + AMQP_TLS_SCHEMES + AMQP_PLAIN_SCHEMES:
        found["broker"] = tls_caveat(conf.broker_use_ssl)
    backend = conf.result_backend if isinstance(conf.result_backend, str) else ""
    if scheme_of(url_parts(backend)[0]) in TLS_SCHEMES + PLAIN_SCHEMES:
        found["backend"] = tls_caveat(conf.redis_backend_use_ssl)
    return {role: caveat for role, caveat in found.items() if caveat}
