"""Packaging: no search path into the build machine in a bundled library, and a .deb whose files dpkg can verify."""

from __future__ import annotations

import ctypes
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import build_deb  # noqa: E402
import elf_runpath  # noqa: E402

BUILD_HOME = "/home/builder/.pyenv/versions/3.11.7/lib"


def readelf_paths(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "RPATH" in line or "RUNPATH" in line]


@pytest.fixture
def libraries(tmp_path) -> dict[str, Path]:
    """Shared libraries the way a build machine leaves them: RUNPATH and RPATH into its home, and $ORIGIN ones."""
    if not shutil.which("cc") or not shutil.which("readelf"):
        pytest.skip("needs a C compiler and readelf")
    source = tmp_path / "x.c"
    source.write_text("int answer(void) { return 42; }\n")
    made = {}
    for name, flags in {
        "runpath": [f"-Wl,-rpath,{BUILD_HOME}", "-Wl,--enable-new-dtags"],
        "rpath": [f"-Wl,-rpath,{BUILD_HOME}:/opt/other", "-Wl,--disable-new-dtags"],
        "mixed": [f"-Wl,-rpath,$ORIGIN/../lib:{BUILD_HOME}", "-Wl,--enable-new-dtags"],
        "origin": ["-Wl,-rpath,$ORIGIN", "-Wl,--enable-new-dtags"],
    }.items():
        target = tmp_path / "bundle" / "lib" / f"lib{name}.so"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-shared", "-fPIC", "-o", str(target), str(source), *flags], check=True)
        made[name] = target
    return made


def test_search_paths_into_the_build_machine_are_removed_and_origin_ones_kept(libraries):
    assert readelf_paths(libraries["runpath"]) == [BUILD_HOME]  # as built
    assert len(elf_runpath.foreign_in_bundle(libraries["runpath"].parents[1])) == 3
    removed = elf_runpath.strip_bundle(libraries["runpath"].parents[1])
    assert sorted((e.path.name, e.kind) for e in removed) == [
        ("libmixed.so", "RUNPATH"),
        ("librpath.so", "RPATH"),
        ("librunpath.so", "RUNPATH"),
    ]
    assert readelf_paths(libraries["runpath"]) == []
    assert readelf_paths(libraries["rpath"]) == []
    assert readelf_paths(libraries["mixed"]) == ["$ORIGIN/../lib"]
    assert readelf_paths(libraries["origin"]) == ["$ORIGIN"]
    assert elf_runpath.foreign_in_bundle(libraries["runpath"].parents[1]) == []
    assert elf_runpath.strip_bundle(libraries["runpath"].parents[1]) == []  # a second pass finds nothing
    for library in libraries.values():  # still libraries the loader takes
        assert ctypes.CDLL(str(library)).answer() == 42


def test_the_check_says_what_is_left(libraries, capsys):
    folder = libraries["runpath"].parents[1]
    assert elf_runpath.main(["--check", str(folder)]) == 1
    assert f"lib/librunpath.so RUNPATH {BUILD_HOME}" in capsys.readouterr().out
    assert elf_runpath.main([str(folder)]) == 0
    assert elf_runpath.main(["--check", str(folder)]) == 0


def test_the_spec_strips_the_bundle_after_collecting_it():
    spec = (ROOT / "packaging/celery-desktop.spec").read_text()
    assert "strip_bundle(" in spec and spec.index("strip_bundle(") > spec.index("COLLECT(")


def test_the_deb_lists_the_md5sum_of_every_file_it_installs(tmp_path):
    if not shutil.which("dpkg-deb"):
        pytest.skip("needs dpkg-deb")
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "celery-desktop").write_bytes(b"#!/bin/sh\necho bundled\n")
    (bundle / "celery-desktop").chmod(0o755)
    (bundle / "_internal" / "data with space.txt").write_text("x\n")
    (bundle / "_internal" / "link").symlink_to("data with space.txt")
    deb = build_deb.build(bundle, tmp_path / "out")
    listed = subprocess.run(["dpkg-deb", "-I", str(deb), "md5sums"], check=True, capture_output=True, text=True).stdout
    sums = dict(reversed(line.split("  ", 1)) for line in listed.splitlines())
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    installed = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    assert sorted(sums) == installed
    assert "opt/celery-desktop/_internal/data with space.txt" in sums and "opt/celery-desktop/_internal/link" not in sums
    for name, digest in sums.items():
        assert hashlib.md5((root / name).read_bytes()).hexdigest() == digest, name
