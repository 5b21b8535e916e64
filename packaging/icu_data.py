"""A smaller ICU data library for the bundle: the items Qt can look up for the root and English locales, not the rest.

Qt Core links ICU, and ICU's data library (libicudata.so.<N>, one symbol ``icudt<N>_dat``
holding a "common data" package of ~3900 items) is ~31 MB of the bundle. What Qt asks ICU for
is collation (QCollator), time-zone names (QTimeZone::displayName) and locale-aware case and
conversions; the console's window is English only and never names a legacy codec. So the bundle
carries the package without:

- the legacy codec tables (``*.cnv``; the UTF and Latin-1 converters are built into ICU's code,
  and ``cnvalias.icu`` stays so names still resolve),
- transliteration (``translit/``) and spelled-out numbers (``rbnf/``), which Qt never uses,
- the dictionaries for Chinese/Japanese, Thai, Lao, Khmer and Burmese word breaks (``brkitr/*.dict``;
  Qt breaks text with its own tables),
- every locale's own data but root's and English's (``de.res``, ``coll/zh.res``, ``zone/fr.res``, ...).

A lookup for a dropped locale falls back to root, as ICU does for any locale it does not know:
QCollator sorts by the root (Unicode default) order, time-zone names come in English. The
package's header (with Unicode's copyright and licence notice) is kept as it is.

The new library is written with binutils' ``as`` and ``ld`` (``strip``, which the bundle already
needs, comes from the same package) and exports the same symbol under the same SONAME, so
ICU's own libraries load it unchanged.

    python packaging/icu_data.py path/to/libicudata.so.73 out/libicudata.so.73
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ALIGN = 16  # ICU's items are aligned to 16 bytes; so is the package itself
PAD = b"\xaa"  # what ICU's own tools pad with
SYMBOL = re.compile(rb"^icudt\d+_dat$")
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")  # a locale's own data file: de, zh_Hant_TW, ...
DROPPED_TREES = ("translit", "rbnf")


class NotIcuData(ValueError):
    pass


def wanted(item: str) -> bool:
    """Whether the bundle keeps this package item (``icudt73l/coll/de.res`` and the like)."""
    path = item.split("/", 1)[1] if "/" in item else item
    tree, _, leaf = path.rpartition("/")
    stem, _, kind = leaf.rpartition(".")
    if kind in ("cnv", "dict") or tree in DROPPED_TREES:
        return False
    if kind == "res" and stem != "res_index" and LOCALE.match(stem):
        return stem == "en" or stem.startswith("en_")
    return True


def _symbol_bytes(elf: bytes) -> tuple[bytes, bytes]:
    """The name and the bytes of the ``icudt<N>_dat`` symbol in a 64-bit little-endian ELF file."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise NotIcuData("not a 64-bit little-endian ELF file")
    shoff, shentsize, shnum = struct.unpack_from("<Q", elf, 0x28)[0], *struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link]
        for at in range(offset + entsize, offset + size, entsize):
            name_at, _, _, shndx, value, length = struct.unpack_from("<IBBHQQ", elf, at)
            start = strtab[4] + name_at
            name = elf[start : elf.index(b"\0", start)]
            if SYMBOL.match(name) and 0 < shndx < len(sections):
                home = sections[shndx]
                begin = home[4] + value - home[3]
                return name, elf[begin : begin + length]
    raise NotIcuData("no icudt<N>_dat symbol")


def read_package(data: bytes) -> tuple[bytes, dict[str, bytes]]:
    """A common-data package's header and its items by name (in the package's order, which is sorted)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD" or data[8] != 0:
        raise NotIcuData("not a little-endian ICU common data package")
    count = struct.unpack_from("<I", data, header_size)[0]
    toc = header_size
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(data) - toc]
    items = {}
    for (name_at, offset), end in zip(entries, ends, strict=True):
        name = data[toc + name_at : data.index(b"\0", toc + name_at)].decode("ascii")
        items[name] = data[toc + offset : toc + end]
    return data[:header_size], items


def write_package(header: bytes, items: dict[str, bytes]) -> bytes:
    """The package ICU reads: header, table of contents (names sorted), names, then each item 16-byte aligned."""
    names = sorted(items)
    table = 4 + 8 * len(names)
    name_offsets, blob_names = [], bytearray()
    for name in names:
        name_offsets.append(table + len(blob_names))
        blob_names += name.encode("ascii") + b"\0"
    body = bytearray()
    data_start = _aligned(table + len(blob_names))
    offsets = []
    for name in names:
        offsets.append(data_start + len(body))
        body += items[name]
        body += PAD * (_aligned(len(body)) - len(body))
    out = bytearray(header)
    out += struct.pack("<I", len(names))
    for name_at, offset in zip(name_offsets, offsets, strict=True):
        out += struct.pack("<II", name_at, offset)
    out += blob_names
    out += PAD * (data_start - table - len(blob_names))
    return bytes(out + body)


def _aligned(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def link(data: bytes, symbol: str, soname: str, target: Path) -> None:
    """A shared library named ``soname`` that exports ``symbol``: ``data``, read-only and 16-byte aligned."""
    for tool in ("as", "ld"):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} (binutils) is needed to write {target.name}")
    with tempfile.TemporaryDirectory(prefix="icu-data-") as work:
        blob, source, obj = Path(work, "data.bin"), Path(work, "data.s"), Path(work, "data.o")
        blob.write_bytes(data)
        source.write_text(
            f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign {ALIGN}\n{symbol}:\n"
            f'.incbin "{blob}"\n.size {symbol}, . - {symbol}\n.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(["as", "-o", str(obj), str(source)], check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-z", "noexecstack", "--hash-style=both", "-o", str(target), str(obj)],
            check=True,
        )


def soname(elf: bytes) -> str:
    """DT_SONAME, read the way the loader does (the dynamic section's string table)."""
    shoff, shentsize, shnum = struct.unpack_from("<Q", elf, 0x28)[0], *struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _, kind, _, _, offset, size, link_, _, _, _ in sections:
        if kind == 6:  # SHT_DYNAMIC
            strtab = sections[link_][4]
            for at in range(offset, offset + size, 16):
                tag, value = struct.unpack_from("<qQ", elf, at)
                if tag == 14:  # DT_SONAME
                    return elf[strtab + value : elf.index(b"\0", strtab + value)].decode()
    raise NotIcuData("no SONAME")


def shrink(source: Path, target: Path) -> tuple[int, int]:
    """Write ``target``: ``source`` (an ICU data library) with only the wanted items; returns both packages' sizes."""
    elf = source.read_bytes()
    symbol, data = _symbol_bytes(elf)
    header, items = read_package(data)
    smaller = write_package(header, {name: item for name, item in items.items() if wanted(name)})
    link(smaller, symbol.decode(), soname(elf), target)
    return len(data), len(smaller)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    before, after = shrink(Path(argv[0]), Path(argv[1]))
    print(f"ICU data: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
