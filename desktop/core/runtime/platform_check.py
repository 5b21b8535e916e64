"""Does Qt's window-system plugin have the system libraries it needs?

A minimal Linux machine lacks a few of the libraries Qt's xcb plugin links to,
and Qt then aborts with "could not load the Qt platform plugin". We ask ``ldd``
first, and either install the missing Debian packages or say exactly which.

Run as ``python -m desktop.core.runtime.platform_check [--install] [--xvfb]``. With ``--xvfb`` (make test)
what is missing only keeps the tests in a real X window from running: a warning, exit status 0,
unless CELERY_DESKTOP_REQUIRE names ``xvfb`` (or says ``all``, as CI does): then an error.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.core.domain.translatable import translate

# Shared objects Qt's xcb/wayland plugins load, and the Debian/Ubuntu package of each.
DEBIAN_PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
XVFB_PACKAGES = ["xvfb", "xauth"]
# The parts of the test suite a run must have, comma-separated, or "all" (CI sets "all"); see tests/support/required.py.
REQUIRE_VARIABLE = "CELERY_DESKTOP_REQUIRE"


def required_parts(value: str | None = None) -> set[str]:
    """The names in CELERY_DESKTOP_REQUIRE (or in ``value``), lower case; ``all`` stays ``all``."""
    text = os.environ.get(REQUIRE_VARIABLE, "") if value is None else value
    return {name.strip().lower() for name in text.split(",") if name.strip()}


def is_required(part: str, value: str | None = None) -> bool:
    """Whether a run must have ``part``: CELERY_DESKTOP_REQUIRE names it, or says ``all``."""
    names = required_parts(value)
    return part in names or "all" in names


def qt_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def missing_libraries(plugin: str = "xcb") -> list[str]:
    """Shared objects ``ldd`` cannot find for Qt's ``plugin`` ('xcb' or 'wayland')."""
    root = qt_dir()
    if root is None or not shutil.which("ldd"):
        return []
    files = [root / "plugins" / "platforms" / f"libq{plugin}.so"]
    if plugin == "xcb":
        files.append(root / "lib" / "libQt6XcbQpa.so.6")
    missing: set[str] = set()
    for path in files:
        if not path.exists():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
        missing.update(line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line)
    return sorted(missing)


def packages_for(libraries: list[str]) -> list[str]:
    return sorted({DEBIAN_PACKAGES.get(lib, lib) for lib in libraries})


def install_hint(packages: list[str]) -> str:
    return f"sudo apt-get install -y {' '.join(packages)}"


def can_install() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(packages: list[str]) -> bool:
    """apt-get install; on failure refresh the package lists once and try again."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    if subprocess.run(command, env=env, check=False).returncode == 0:
        return True
    subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
    return subprocess.run(command, env=env, check=False).returncode == 0


def display_problem() -> str | None:
    """Why a real window cannot open here, as a message for the terminal, or None.

    Asked before the window's translator is installed (English then); translated should it be asked after.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None
    if sys.platform != "linux":
        return None
    if not platform and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return translate(
            "platform_check",
            "No display found (DISPLAY and WAYLAND_DISPLAY are unset). Run this from a desktop session, "
            "under `xvfb-run`, or use --screenshot PATH / --self-test, which render offscreen.",
        )
    use_wayland = platform.startswith("wayland") or (
        not platform and os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY")
    )
    missing = missing_libraries("wayland" if use_wayland else "xcb")
    if missing:
        packages = packages_for(missing)
        cannot_load = translate(
            "platform_check", "Qt's {plugin} platform plugin cannot load: missing {libraries}.\nInstall them with:\n    {command}"
        )
        return cannot_load.format(
            plugin="wayland" if use_wayland else "xcb", libraries=", ".join(missing), command=install_hint(packages)
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="install missing packages with apt-get when running as root")
    parser.add_argument(
        "--xvfb",
        action="store_true",
        help="also make sure Xvfb is available (for tests on a real X display); missing, it fails only when "
        f"{REQUIRE_VARIABLE} names xvfb or all",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if sys.platform != "linux":
        return 0
    missing = missing_libraries("xcb")
    packages = packages_for(missing)
    if args.xvfb and not shutil.which("Xvfb"):
        packages += XVFB_PACKAGES
    if not packages:
        if not args.quiet:
            print("Qt system libraries: all present")
        return 0
    tried = args.install and can_install()
    if tried:
        print(f"Installing system packages Qt needs: {' '.join(packages)}")
        if apt_install(packages) and not missing_libraries("xcb") and (not args.xvfb or shutil.which("Xvfb")):
            return 0
        print("apt-get could not install them.", file=sys.stderr)
    message = (
        f"Qt's window-system plugin needs system packages that are missing: {' '.join(packages)}\n"
        f"Install them with:\n    {install_hint(packages)}"
    )
    if not args.xvfb:
        print(message, file=sys.stderr)
        return 1
    # --xvfb: what is missing only keeps the tests in a real X window (tests/xvfb) from running.
    if not is_required("xvfb"):
        print(
            f"{message}\nThe tests in a real X window (tests/xvfb) will be skipped; "
            f"{REQUIRE_VARIABLE}=xvfb (or all) makes this an error.",
            file=sys.stderr,
        )
        return 0
    print(
        f"error: {REQUIRE_VARIABLE} requires xvfb, and Xvfb with Qt's xcb libraries is not here "
        f"({'apt-get failed' if tried else 'installing them needs root and apt-get'}).\n{message}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
