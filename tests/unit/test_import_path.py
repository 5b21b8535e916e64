"""Only ``-A`` reads code from the current directory, and then after everything installed; the demo never does.

A folder holding a ``redis.py`` or ``kombu.py`` (a download folder, a checkout) must not
replace the libraries the console and its demo import.
"""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from desktop.core.cluster.celery_app import load_user_app
from desktop.core.runtime import demo as demo_module
from desktop.core.runtime.demo import DemoError


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A current directory of its own, and a sys.path without it (restored afterwards)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    return tmp_path


def test_an_app_given_with_dash_a_is_found_in_the_current_directory_after_everything_else(elsewhere, monkeypatch):
    (elsewhere / "cwd_probe_app.py").write_text(
        textwrap.dedent(
            """
            import os
            import sys

            from celery import Celery

            INDEX = sys.path.index(os.getcwd())
            LENGTH = len(sys.path)
            app = Celery("probe", set_as_current=False)
            """
        )
    )
    monkeypatch.delitem(sys.modules, "cwd_probe_app", raising=False)
    app = load_user_app("cwd_probe_app")
    probe = sys.modules["cwd_probe_app"]
    try:
        assert app.main == "probe"
        assert probe.INDEX == probe.LENGTH - 1  # appended: an installed package of the same name wins
        assert sys.path[-1] == str(elsewhere) and sys.path.count(str(elsewhere)) == 1
    finally:
        app.close()
        sys.modules.pop("cwd_probe_app", None)


def test_the_demo_does_not_put_the_current_directory_on_the_path(elsewhere, monkeypatch):
    class NoDemo:
        def __init__(self, *args, **kwargs):
            pass

        def start(self):
            assert str(elsewhere) not in sys.path and "" not in sys.path
            raise DemoError("not started in this test")

        def stop(self):
            pass

    monkeypatch.setattr(demo_module, "DemoCluster", NoDemo)
    from desktop.main import main

    for flag in ("--demo", "--self-test"):
        assert main([flag, "--dump", str(elsewhere / "d.json")]) == 2
        assert str(elsewhere) not in sys.path and "" not in sys.path
        assert os.getcwd() == str(elsewhere)
