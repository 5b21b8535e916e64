import sys

import pytest

from desktop.core.runtime import platform_check
from desktop.core.runtime.platform_check import display_problem, packages_for

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


@pytest.fixture
def no_xvfb(monkeypatch):
    """A machine without Xvfb (the xcb libraries present) where nothing can be installed; what apt-get was asked."""
    asked: list = []
    monkeypatch.setattr(platform_check, "missing_libraries", lambda plugin="xcb": [])
    monkeypatch.setattr(platform_check.shutil, "which", lambda name: None)
    monkeypatch.setattr(platform_check, "can_install", lambda: False)
    monkeypatch.setattr(platform_check, "apt_install", lambda packages: asked.append(packages) or False)
    monkeypatch.delenv(platform_check.REQUIRE_VARIABLE, raising=False)
    return monkeypatch, asked


def test_make_test_without_xvfb_warns_and_goes_on_when_xvfb_is_not_required(no_xvfb, capsys):
    assert platform_check.main(["--install", "--xvfb", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "xvfb xauth" in err and "tests/xvfb) will be skipped" in err and "CELERY_DESKTOP_REQUIRE=xvfb" in err


@pytest.mark.parametrize("value", ["xvfb", "all", "rabbitmq, XVFB", "tls,all"])
def test_make_test_without_xvfb_fails_when_a_run_requires_it(no_xvfb, capsys, value):
    no_xvfb[0].setenv(platform_check.REQUIRE_VARIABLE, value)
    assert platform_check.main(["--install", "--xvfb", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: CELERY_DESKTOP_REQUIRE requires xvfb") and "installing them needs root" in err
    assert "apt-get install -y xvfb xauth" in err


def test_a_failed_install_of_a_required_xvfb_says_apt_get_failed(no_xvfb, capsys):
    monkeypatch, asked = no_xvfb
    monkeypatch.setattr(platform_check, "can_install", lambda: True)
    monkeypatch.setenv(platform_check.REQUIRE_VARIABLE, "all")
    assert platform_check.main(["--install", "--xvfb", "--quiet"]) == 1
    assert asked == [["xvfb", "xauth"]]
    captured = capsys.readouterr()
    assert "Installing system packages Qt needs: xvfb xauth" in captured.out
    assert "apt-get could not install them." in captured.err and "(apt-get failed)" in captured.err


def test_an_install_that_leaves_xvfb_missing_is_not_a_success(no_xvfb, capsys):
    monkeypatch, asked = no_xvfb
    monkeypatch.setattr(platform_check, "can_install", lambda: True)
    monkeypatch.setattr(platform_check, "apt_install", lambda packages: asked.append(packages) or True)
    monkeypatch.setenv(platform_check.REQUIRE_VARIABLE, "xvfb")
    assert platform_check.main(["--install", "--xvfb", "--quiet"]) == 1
    assert asked == [["xvfb", "xauth"]]


def test_the_demo_still_fails_without_the_xcb_libraries_whatever_is_required(no_xvfb, capsys):
    monkeypatch, _ = no_xvfb
    monkeypatch.setattr(platform_check, "missing_libraries", lambda plugin="xcb": ["libxcb-icccm.so.4"])
    assert platform_check.main(["--install", "--quiet"]) == 1
    assert "sudo apt-get install -y libxcb-icccm4" in capsys.readouterr().err


def test_required_parts_reads_a_comma_separated_list():
    assert platform_check.required_parts(" RabbitMQ, tls ,,") == {"rabbitmq", "tls"}
    assert platform_check.is_required("tls", "rabbitmq,tls") and not platform_check.is_required("xvfb", "rabbitmq,tls")
    assert platform_check.is_required("xvfb", "all") and not platform_check.is_required("xvfb", "")
