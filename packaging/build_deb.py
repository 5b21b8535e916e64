"""Build dist/celery-desktop_<version>_<arch>.deb from the bundle in dist/celery-desktop, then check it.

The package installs the bundle under /usr/lib/celery-desktop, a ``celery-desktop`` command in
/usr/bin, the desktop entry and the icon (scalable SVG plus PNGs at the hicolor sizes, drawn
from the SVG with Qt here), and depends on the system libraries Qt's X11 plugin loads (the same
table ``desktop.core.runtime.platform_check`` uses). Every file it puts down belongs to it, so
``apt-get remove`` takes them all; there are no maintainer scripts or conffiles (the desktop
menu and icon caches update through the triggers their own packages install), so nothing of
it stays registered either. No network is needed.

The control archive carries ``md5sums`` (every regular file installed), for ``dpkg --verify``
and debsums.

Checks, after building: ``dpkg-deb --info`` and ``--contents`` list what is expected, and the
package's tree, unpacked into a temporary root with ``dpkg-deb -x``, has no library search path
into the build machine (packaging/elf_runpath.py) and passes the bundled self-test from there.

    .venv/bin/python packaging/build_deb.py [--bundle dist/celery-desktop] [--out dist]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
BUILD_TABLES = ROOT / "build/pyinstaller/celery-desktop"
PREFIX = Path("usr/lib/celery-desktop")  # Debian's place for a program's private files (/opt is for local software)
LAUNCHER = """#!/bin/sh
exec /usr/lib/celery-desktop/celery-desktop "$@"
"""
# What lintian says of a self-contained bundle that is by design, with the reason (the package's override file).
LINTIAN_OVERRIDES = """\
# The bundle carries its own copies of these libraries, the ones its Qt and Python were built and tested with.
embedded-library * [usr/lib/celery-desktop/_internal/*]
# CPython's extension modules that call only into the interpreter (itself linked against libc).
library-not-linked-against-libc [usr/lib/celery-desktop/_internal/python{python}/lib-dynload/*]
"""
GLIBC_VERSION = re.compile(rb"GLIBC_(2\.[0-9]+)")


def arch() -> str:
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def render_icons(svg: Path, share: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = share / "icons/hicolor" / f"{size}x{size}" / "apps" / "celery-desktop.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            raise SystemExit(f"could not write {target}")
    scalable = share / "icons/hicolor/scalable/apps/celery-desktop.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(svg, scalable)


def depends(bundle: Path | None = None) -> str:
    from desktop.core.runtime.platform_check import DEBIAN_PACKAGES

    libc = [f"libc6 (>= {needed_glibc(bundle)})"] if bundle is not None and needed_glibc(bundle) else ["libc6"]
    return ", ".join(libc + sorted(set(DEBIAN_PACKAGES.values())))


def needed_glibc(bundle: Path) -> str:
    """The newest glibc symbol version any bundled ELF file asks for ("2.34"), "" when none does."""
    found = set()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.update(GLIBC_VERSION.findall(file.read()))
    return max(found, key=lambda v: tuple(map(int, v.split(b".")))).decode() if found else ""


def normal_modes(tree: Path) -> None:
    """0755 for programs (ELF executables, scripts), 0644 for the rest: shared libraries and data need no execute bit."""
    for path in tree.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
            continue
        with path.open("rb") as file:
            head = file.read(4)
        program = head[:2] == b"#!" or (head == b"\x7fELF" and ".so" not in path.name)
        path.chmod(0o755 if program else 0o644)


def write_md5sums(staging: Path) -> None:
    """DEBIAN/md5sums: every regular file the package installs (not its symlinks), as ``dpkg --verify`` and debsums read it."""
    lines = []
    for path in sorted(staging.rglob("*")):
        relative = path.relative_to(staging)
        if relative.parts[0] == "DEBIAN" or not path.is_file() or path.is_symlink():
            continue
        digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()  # dpkg's format, not a safeguard
        lines.append(f"{digest}  {relative.as_posix()}\n")
    md5sums = staging / "DEBIAN/md5sums"
    md5sums.write_text("".join(lines), encoding="utf-8")
    md5sums.chmod(0o644)


def build(bundle: Path, out: Path, build_tables: Path = BUILD_TABLES) -> Path:
    """``build_tables``: PyInstaller's work folder for the bundle (its tables say what it holds, for the copyright file)."""
    import deb_docs

    from desktop import __version__

    built_at = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())), UTC)
    staging = Path(tempfile.mkdtemp(prefix="celery-desktop-deb-"))
    try:
        shutil.copytree(bundle, staging / PREFIX, symlinks=True)
        normal_modes(staging / PREFIX)
        launcher = staging / "usr/bin/celery-desktop"
        launcher.parent.mkdir(parents=True)
        launcher.write_text(LAUNCHER)
        launcher.chmod(0o755)
        share = staging / "usr/share"
        (share / "applications").mkdir(parents=True)
        shutil.copy2(ROOT / "resources/celery-desktop.desktop", share / "applications/celery-desktop.desktop")
        render_icons(ROOT / "resources/icons/celery-desktop.svg", share)
        doc = share / "doc/celery-desktop"
        doc.mkdir(parents=True)
        shutil.copy2(ROOT / "README.md", doc / "README.md")
        about = deb_docs.project()
        copyright_text, beside = deb_docs.copyright_file(about, build_tables)
        (doc / "copyright").write_text(copyright_text, encoding="utf-8")
        (doc / "bundled-libraries").mkdir()
        for package, text in beside.items():
            (doc / "bundled-libraries" / f"{package}.copyright").write_text(text, encoding="utf-8")
        (doc / "changelog.gz").write_bytes(deb_docs.changelog(about, __version__, built_at))
        metainfo = share / "metainfo" / f"{deb_docs.APPSTREAM_ID}.metainfo.xml"
        metainfo.parent.mkdir()
        metainfo.write_text(deb_docs.metainfo(about, __version__, built_at.date().isoformat()), encoding="utf-8")
        overrides = share / "lintian/overrides/celery-desktop"
        overrides.parent.mkdir(parents=True)
        overrides.write_text(
            LINTIAN_OVERRIDES.format(python=f"{sys.version_info.major}.{sys.version_info.minor}"), encoding="utf-8"
        )
        normal_modes(share)  # 0644 files and 0755 folders, whatever the umask
        size_kb = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
        control = staging / "DEBIAN/control"
        control.parent.mkdir()
        write_md5sums(staging)
        control.write_text(
            "\n".join(
                [
                    "Package: celery-desktop",
                    f"Version: {__version__}",
                    f"Architecture: {arch()}",
                    f"Maintainer: {about.maintainer}",
                    f"Installed-Size: {size_kb}",
                    f"Depends: {depends(staging / PREFIX)}",
                    "Section: devel",
                    "Priority: optional",
                    f"Homepage: {about.homepage}",
                    "Description: desktop console for Celery task queues",
                    " See registered tasks, build and send calls, follow results with progress",
                    " and tracebacks, and monitor workers, queues and events. Includes an",
                    " embedded demo (Redis server and worker): celery-desktop --demo",
                    "",
                ]
            )
        )
        out.mkdir(parents=True, exist_ok=True)
        deb = out / f"celery-desktop_{__version__}_{arch()}.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(staging), str(deb)], check=True)
        return deb
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check(deb: Path) -> None:
    import deb_docs

    info = subprocess.run(["dpkg-deb", "--info", str(deb)], check=True, capture_output=True, text=True).stdout
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], check=True, capture_output=True, text=True).stdout
    for needed in ("Package: celery-desktop", "Depends: ", "libxcb-icccm4", " md5sums"):
        assert needed in info, f"{needed!r} missing from dpkg-deb --info"
    for needed in (
        "./usr/bin/celery-desktop",
        f"./{PREFIX}/celery-desktop",
        "./usr/share/doc/celery-desktop/copyright",
        "./usr/share/doc/celery-desktop/changelog.gz",
        f"./usr/share/metainfo/{deb_docs.APPSTREAM_ID}.metainfo.xml",
        "./usr/share/applications/celery-desktop.desktop",
        "./usr/share/icons/hicolor/256x256/apps/celery-desktop.png",
        "./usr/share/icons/hicolor/scalable/apps/celery-desktop.svg",
    ):
        assert needed in contents, f"{needed} missing from dpkg-deb --contents"
    root = Path(tempfile.mkdtemp(prefix="celery-desktop-root-"))
    try:
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        from elf_runpath import foreign_in_bundle

        left = foreign_in_bundle(root)
        assert not left, f"search paths into the build machine left: {[(str(e.path), e.value) for e in left]}"
        started = time.perf_counter()
        subprocess.run(["sh", str(ROOT / "packaging/self-test.sh"), str(root / PREFIX / "celery-desktop")], check=True)
        print(f"the unpacked package's self-test passed in {time.perf_counter() - started:.1f} s")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist/celery-desktop")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if not (args.bundle / "celery-desktop").exists():
        raise SystemExit(f"no bundle in {args.bundle}: run make package (or pyinstaller packaging/celery-desktop.spec) first")
    started = time.perf_counter()
    deb = build(args.bundle, args.out)
    print(f"built {deb.name}: {deb.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    check(deb)


if __name__ == "__main__":
    main()
