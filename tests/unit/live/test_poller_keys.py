"""The poller names each task's key exactly as the result backend does (no server needed)."""

from __future__ import annotations

import pytest

from tests.support.sessions import session_for

IDS = ["d2c3b1a0-0000-4000-8000-000000000001", "ünïcode-id", "x", "with:colons:in-it"]


@pytest.mark.parametrize("options", [{}, {"global_keyprefix": "pfx_"}, {"global_keyprefix": "tenant:7:"}])
def test_keys_match_the_backend_naming(options):
    session = session_for(
        "redis://127.0.0.1:1/0",
        "redis://127.0.0.1:1/1",
        configure=lambda app: app.conf.update(result_backend_transport_options=options),
    )
    try:
        poller = session.poller
        for task_id in IDS:
            assert poller._key(task_id) == poller.backend.get_key_for_task(task_id)
        if options:
            assert poller._key("abc").startswith(options["global_keyprefix"].encode())
    finally:
        session.client.close()


def test_a_backend_with_other_key_naming_is_asked_for_every_key():
    session = session_for("redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")
    try:
        poller = session.poller
        backend = poller.backend
        backend.get_key_for_task = lambda task_id, key="": f"results/{task_id[::-1]}".encode()
        poller._key_prefix = poller._plain_key_prefix()
        assert poller._key_prefix is None
        assert poller._key("abc") == b"results/cba"
    finally:
        session.client.close()
