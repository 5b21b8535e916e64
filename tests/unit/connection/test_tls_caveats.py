"""What a connection's TLS leaves unchecked, as the connection bar says it: from the settings the console builds."""

from __future__ import annotations

import pytest

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.tls import tls_caveats


@pytest.mark.parametrize(
    ("broker", "backend", "expected"),
    [
        ("rediss://127.0.0.1:1/0?ssl_cert_reqs=none", "rediss://127.0.0.1:1/1?ssl_cert_reqs=none", ("TLS not verified",) * 2),
        ("rediss://127.0.0.1:1/0?ssl_cert_reqs=CERT_NONE", "redis://127.0.0.1:1/1", ("TLS not verified", "")),
        ("redis://127.0.0.1:1/0", "rediss://127.0.0.1:1/1?ssl_cert_reqs=none", ("", "TLS not verified")),
        ("rediss://127.0.0.1:1/0?ssl_check_hostname=false", "rediss://127.0.0.1:1/1", ("TLS host name not checked", "")),
        ("rediss://127.0.0.1:1/0", "rediss://127.0.0.1:1/1?ssl_cert_reqs=required", ("", "")),
        ("amqps://guest@127.0.0.1:1//?ssl_cert_reqs=none", "redis://127.0.0.1:1/1", ("TLS not verified", "")),
        ("amqps://guest@127.0.0.1:1//?ssl_check_hostname=false", None, ("TLS host name not checked", "")),
        ("amqps://guest@127.0.0.1:1//", None, ("", "")),
        ("amqp://guest@127.0.0.1:1//", "rpc://", ("", "")),
    ],
)
def test_unverified_tls_is_named_for_each_end(broker, backend, expected):
    app = build_console_app(ConnectionProfile(broker_url=broker, backend_url=backend))
    try:
        caveats = tls_caveats(app)
        assert (caveats.get("broker", ""), caveats.get("backend", "")) == expected
    finally:
        app.close()
