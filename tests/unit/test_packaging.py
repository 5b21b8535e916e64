"""Packaging: no search path into the build machine in a bundled library, a .deb whose files dpkg can verify, and
ICU data cut to what the console asks for."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import build_deb  # noqa: E402
import elf_runpath  # noqa: E402
import icu_data  # noqa: E402

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
    assert "usr/lib/celery-desktop/_internal/data with space.txt" in sums and "usr/lib/celery-desktop/_internal/link" not in sums
    for name, digest in sums.items():
        assert hashlib.md5((root / name).read_bytes()).hexdigest() == digest, name


def _venv_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found or not shutil.which("as") or not shutil.which("ld"):
        pytest.skip("needs Qt's ICU data library (Linux wheels) and binutils")
    return found[0]


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("icudt73l/root.res", True),
        ("icudt73l/en.res", True),
        ("icudt73l/en_GB.res", True),
        ("icudt73l/res_index.res", True),
        ("icudt73l/pool.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/coll/root.res", True),
        ("icudt73l/zone/en.res", True),
        ("icudt73l/brkitr/line.brk", True),
        ("icudt73l/de.res", False),
        ("icudt73l/yue_Hant.res", False),
        ("icudt73l/coll/zh.res", False),
        ("icudt73l/zone/fr_CA.res", False),
        ("icudt73l/ibm-1390_P110-2003.cnv", False),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/rbnf/en.res", False),
    ],
)
def test_which_icu_items_the_bundle_keeps(item, kept):
    assert icu_data.wanted(item) is kept


def test_a_linked_package_exports_its_bytes_aligned_under_the_soname(tmp_path):
    if not shutil.which("as") or not shutil.which("ld"):
        pytest.skip("needs binutils")
    data = bytes(range(256)) * 3 + b"odd length"
    target = tmp_path / "libicudata.so.99"
    icu_data.link(data, "icudt99_dat", "libicudata.so.99", target)
    elf = target.read_bytes()
    assert icu_data.soname(elf) == "libicudata.so.99"
    assert icu_data._symbol_bytes(elf) == (b"icudt99_dat", data)
    loaded = ctypes.CDLL(str(target))
    address = ctypes.addressof(ctypes.c_char.in_dll(loaded, "icudt99_dat"))
    assert address % icu_data.ALIGN == 0
    assert ctypes.string_at(address, len(data)) == data


def test_the_icu_package_is_read_and_written_back_byte_for_byte():
    _, data = icu_data._symbol_bytes(_venv_icu_data().read_bytes())
    header, items = icu_data.read_package(data)
    assert len(items) > 1000 and list(items) == sorted(items)
    assert icu_data.write_package(header, items) == data


def test_the_smaller_icu_data_holds_exactly_the_wanted_items_unchanged(tmp_path):
    source = _venv_icu_data()
    target = tmp_path / source.name
    before, after = icu_data.shrink(source, target)
    assert after < before / 4
    symbol, data = icu_data._symbol_bytes(source.read_bytes())
    header, items = icu_data.read_package(data)
    elf = target.read_bytes()
    assert icu_data.soname(elf) == icu_data.soname(source.read_bytes())
    new_symbol, new_data = icu_data._symbol_bytes(elf)
    new_header, new_items = icu_data.read_package(new_data)
    assert (new_symbol, new_header, len(new_data)) == (symbol, header, after)  # Unicode's notice stays in the header
    assert new_items == {name: item for name, item in items.items() if icu_data.wanted(name)}


# What Qt asks ICU for: collation and time-zone names, for English and for German.
ICU_PROBE = """
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
words = ["b", "Z", "ä", "a", "Å", "ö"]
berlin = QTimeZone(b"Europe/Berlin")
for name in ("en_US", "de_DE", "sv_SE"):
    locale = QLocale(name)
    print(name, sorted(words, key=QCollator(locale).sortKey),
          berlin.displayName(QDateTime(2026, 1, 5, 12, 0, 0), QTimeZone.NameType.LongName, locale))
print("Shift-JIS", QStringDecoder("Shift-JIS").isValid())
"""


def test_qt_runs_on_the_smaller_icu_data_with_root_and_english_for_every_locale(tmp_path):
    source = _venv_icu_data()
    target = tmp_path / source.name
    icu_data.shrink(source, target)

    def probe(**env):
        run = subprocess.run(
            [sys.executable, "-c", ICU_PROBE], env={**os.environ, **env}, check=True, capture_output=True, text=True
        )
        return dict(line.split(" ", 1) for line in run.stdout.splitlines())

    full, small = probe(), probe(LD_PRELOAD=str(target))
    assert small["en_US"] == full["en_US"]
    assert "Central European" in full["en_US"] and "Mitteleurop" in full["de_DE"]
    # German and Swedish fall back to root: Unicode's default order, English names
    assert small["de_DE"] == small["sv_SE"] == full["en_US"]
    assert full["sv_SE"] != full["en_US"]  # Swedish sorts å and ö after z when its data is there
    assert (full["Shift-JIS"], small["Shift-JIS"]) == ("True", "False")


def test_the_spec_shrinks_the_icu_data_before_collecting():
    spec = (ROOT / "packaging/celery-desktop.spec").read_text()
    assert "smaller_icu_data" in spec and spec.index("a.binaries = [smaller_icu_data(") < spec.index("COLLECT(")
