"""What the ELF files of a build need from the system: libraries (DT_NEEDED) and glibc versions.

Read with pyelftools (no binutils needed). Used by the spec to keep only the libraries the app
loads, by the .deb builder to turn the system libraries into Depends, and by the smoke test to
state the highest GLIBC symbol version the build needs (the oldest glibc it can run on).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from elftools.common.exceptions import ELFError
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

GLIBC_VERSION = re.compile(r"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")
ELF_MAGIC = b"\x7fELF"


@dataclass(frozen=True)
class ElfInfo:
    """One shared object or executable: its soname, what it needs, which glibc versions."""

    path: Path
    soname: str | None
    needed: tuple[str, ...]
    glibc: tuple[tuple[int, ...], ...] = field(default=())


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == ELF_MAGIC
    except OSError:
        return False


def read(path: Path) -> ElfInfo | None:
    """The dynamic section and version needs of *path*; None when it is not a dynamic ELF."""
    try:
        with path.open("rb") as fh:
            elf = ELFFile(fh)
            soname: str | None = None
            needed: list[str] = []
            glibc: set[tuple[int, ...]] = set()
            for section in elf.iter_sections():
                if isinstance(section, DynamicSection):
                    for tag in section.iter_tags():
                        # pyelftools sets .needed / .soname on the tag objects at run time
                        if tag.entry.d_tag == "DT_NEEDED":
                            needed.append(str(cast(Any, tag).needed))
                        elif tag.entry.d_tag == "DT_SONAME":
                            soname = str(cast(Any, tag).soname)
                elif isinstance(section, GNUVerNeedSection):
                    for _verneed, auxiliaries in section.iter_versions():
                        for aux in auxiliaries:
                            match = GLIBC_VERSION.match(aux.name)
                            if match:
                                glibc.add(tuple(int(g) for g in match.groups() if g is not None))
    except (ELFError, OSError, ValueError):
        return None
    return ElfInfo(path, soname, tuple(needed), tuple(sorted(glibc)))


def has_debug_info(path: Path) -> bool:
    """True when *path* carries DWARF sections (.debug_info)."""
    try:
        with path.open("rb") as fh:
            return ELFFile(fh).get_section_by_name(".debug_info") is not None
    except (ELFError, OSError, ValueError):
        return False


def walk(folder: Path) -> Iterator[ElfInfo]:
    """Every ELF file under *folder* (symbolic links are skipped: their targets are there too)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            info = read(path)
            if info is not None:
                yield info


def highest_glibc(infos: Iterable[ElfInfo]) -> tuple[tuple[int, ...], Path | None]:
    """The highest GLIBC_x.y any file needs, and one file that needs it."""
    best: tuple[int, ...] = (0,)
    where: Path | None = None
    for info in infos:
        if info.glibc and info.glibc[-1] > best:
            best, where = info.glibc[-1], info.path
    return best, where


def version_text(version: tuple[int, ...]) -> str:
    return ".".join(str(v) for v in version)


def unresolved(infos: Iterable[ElfInfo]) -> dict[str, list[Path]]:
    """Sonames some file needs that no file of the set provides: what the system must have."""
    infos = list(infos)
    provided = {info.soname or info.path.name for info in infos} | {info.path.name for info in infos}
    missing: dict[str, list[Path]] = {}
    for info in infos:
        for name in info.needed:
            if name not in provided:
                missing.setdefault(name, []).append(info.path)
    return missing
