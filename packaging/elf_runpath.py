"""Search paths into the build machine (RPATH/RUNPATH) taken out of a bundle's ELF files, in place.

A library built elsewhere may carry where its build looked for libraries (libpython's
``/root/.pyenv/versions/3.11.7/lib``): on a user's machine the loader would look there first, a
folder that may not exist, or may be anyone's. Entries relative to the library (``$ORIGIN…``) stay:
they keep the bundle together. Done without patchelf or chrpath: the dynamic section's entries are
rewritten in place (an entry removed, the ones after it moved up, DT_NULL at the end), as
``patchelf --remove-rpath`` does; a path list mixing both keeps its ``$ORIGIN`` parts.

    python packaging/elf_runpath.py dist/celery-desktop          # strip, and list what was stripped
    python packaging/elf_runpath.py --check dist/celery-desktop  # exit 1 when any is left
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_STRTAB, DT_STRSZ, DT_RPATH, DT_RUNPATH = 0, 5, 10, 15, 29
TAGS = {DT_RPATH: "RPATH", DT_RUNPATH: "RUNPATH"}


@dataclass(frozen=True)
class SearchPath:
    path: Path
    kind: str  # RPATH or RUNPATH
    value: str


def _relative(part: str) -> bool:
    return part.startswith(("$ORIGIN", "${ORIGIN}"))


def foreign(value: str) -> bool:
    """Whether a search path list names any folder outside the bundle (anything but ``$ORIGIN…``)."""
    return any(part and not _relative(part) for part in value.split(":"))


class _Elf:
    def __init__(self, data: bytearray):
        if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
            raise ValueError("not an ELF file")
        self.data = data
        self.wide = data[4] == 2
        self.order = "<" if data[5] == 1 else ">"
        self.word = "Q" if self.wide else "I"
        self.entry_size = 16 if self.wide else 8

    def unpack(self, fmt: str, offset: int) -> tuple:
        return struct.unpack_from(self.order + fmt, self.data, offset)

    def segments(self) -> list[tuple[int, int, int, int]]:
        """(type, offset, vaddr, filesz) of each program header."""
        if self.wide:
            (phoff,) = self.unpack("Q", 0x20)
            phentsize, phnum = self.unpack("HH", 0x36)
        else:
            (phoff,) = self.unpack("I", 0x1C)
            phentsize, phnum = self.unpack("HH", 0x2A)
        found = []
        for i in range(phnum):
            at = phoff + i * phentsize
            if self.wide:
                kind, _flags, offset, vaddr, _paddr, filesz = self.unpack("IIQQQQ", at)
            else:
                kind, offset, vaddr, _paddr, filesz = self.unpack("IIIII", at)
            found.append((kind, offset, vaddr, filesz))
        return found

    def file_offset(self, vaddr: int) -> int | None:
        for kind, offset, start, size in self.segments():
            if kind == PT_LOAD and start <= vaddr < start + size:
                return vaddr - start + offset
        return None

    def dynamic(self) -> tuple[int, list[tuple[int, int]], int]:
        """(the dynamic section's offset, its entries up to DT_NULL, how many entries it has room for)."""
        for kind, offset, _vaddr, size in self.segments():
            if kind == PT_DYNAMIC:
                entries = []
                for at in range(offset, offset + size - self.entry_size + 1, self.entry_size):
                    tag, value = self.unpack(self.word * 2, at)
                    if tag == DT_NULL:
                        break
                    entries.append((tag, value))
                return offset, entries, size // self.entry_size
        return 0, [], 0

    def string(self, entries: list[tuple[int, int]], index: int) -> tuple[int, str] | None:
        strtab = next((value for tag, value in entries if tag == DT_STRTAB), None)
        start = None if strtab is None else self.file_offset(strtab)
        if start is None:
            return None
        at = start + index
        end = self.data.index(b"\0", at)
        return at, self.data[at:end].decode("utf-8", "replace")


def search_paths(path: Path) -> list[SearchPath]:
    """The RPATH and RUNPATH entries of one ELF file ([] for anything else)."""
    try:
        elf = _Elf(bytearray(path.read_bytes()))
        _offset, entries, _slots = elf.dynamic()
    except (ValueError, struct.error, OSError):
        return []
    found = []
    for tag, value in entries:
        if tag in TAGS:
            text = elf.string(entries, value)
            if text is not None:
                found.append(SearchPath(path, TAGS[tag], text[1]))
    return found


def strip_foreign(path: Path) -> list[SearchPath]:
    """Take every search path outside the bundle out of one ELF file; returns what was taken out."""
    try:
        data = bytearray(path.read_bytes())
        elf = _Elf(data)
        offset, entries, slots = elf.dynamic()
    except (ValueError, struct.error, OSError):
        return []
    kept, removed = [], []
    for tag, value in entries:
        text = elf.string(entries, value) if tag in TAGS else None
        if text is None or not foreign(text[1]):
            kept.append((tag, value))
            continue
        removed.append(SearchPath(path, TAGS[tag], text[1]))
        inside = ":".join(part for part in text[1].split(":") if _relative(part))
        if inside:  # a list mixing both: the $ORIGIN parts stay, written over the old text (never longer)
            at = text[0]
            old_length = len(text[1].encode())
            data[at : at + old_length] = inside.encode().ljust(old_length, b"\0")
            kept.append((tag, value))
    if not removed:
        return []
    for i in range(slots):
        tag, value = kept[i] if i < len(kept) else (DT_NULL, 0)
        struct.pack_into(elf.order + elf.word * 2, data, offset + i * elf.entry_size, tag, value)
    mode = path.stat().st_mode
    path.write_bytes(bytes(data))
    path.chmod(mode)
    return removed


def elf_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def strip_bundle(folder: Path) -> list[SearchPath]:
    return [entry for path in elf_files(folder) for entry in strip_foreign(path)]


def foreign_in_bundle(folder: Path) -> list[SearchPath]:
    return [entry for path in elf_files(folder) for entry in search_paths(path) if foreign(entry.value)]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    folders = [Path(a) for a in argv if a != "--check"]
    if not folders:
        print(__doc__)
        return 2
    for folder in folders:
        entries = foreign_in_bundle(folder) if check else strip_bundle(folder)
        for entry in entries:
            print(f"{'left' if check else 'removed'}: {entry.path.relative_to(folder)} {entry.kind} {entry.value}")
        if check and entries:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
