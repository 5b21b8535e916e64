import sys

import pytest

from desktop.core import platform_check
from desktop.core.platform_check import display_problem, packages_for

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="display checks only apply on Linux")


@pytest.fixture
def bare_env(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def missing_icccm(bare_env):
    calls = []

    def fake(plugin="xcb"):
        calls.append(plugin)
        return ["libxcb-icccm.so.4"]

    bare_env.setattr(platform_check, "missing_libraries", fake)
    return calls


def test_packages_for_known_libraries():
    assert packages_for(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]) == ["libxcb-icccm4", "libxcb-keysyms1"]


def test_packages_for_dedupes_sorts_and_passes_unknown_through():
    assert packages_for(["libxcb.so.1", "libfoo.so.9", "libxcb.so.1"]) == ["libfoo.so.9", "libxcb1"]


def test_offscreen_needs_no_display(bare_env, missing_icccm):
    bare_env.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None
    assert missing_icccm == []


def test_no_display_at_all(bare_env, missing_icccm):
    message = display_problem()
    assert message is not None
    assert "DISPLAY" in message
    assert "xvfb-run" in message
    assert "--screenshot" in message


def test_missing_xcb_library_names_package(bare_env, missing_icccm):
    bare_env.setenv("DISPLAY", ":0")
    message = display_problem()
    assert message is not None
    assert "apt-get install" in message
    assert "libxcb-icccm4" in message
    assert "libxcb-icccm.so.4" in message
    assert missing_icccm == ["xcb"]


def test_wayland_only_checks_wayland_plugin(bare_env, missing_icccm):
    bare_env.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert "wayland" in display_problem()
    assert missing_icccm == ["wayland"]


def test_display_with_all_libraries_present(bare_env):
    bare_env.setenv("DISPLAY", ":0")
    bare_env.setattr(platform_check, "missing_libraries", lambda plugin="xcb": [])
    assert display_problem() is None
