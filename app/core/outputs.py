"""Where a file the user asked for may be written: never inside a folder the product keeps.

A PDF, a backup or a sync bundle written over ``keyslots.json``, ``station.db`` or its WAL would
lose or corrupt the station (or the server's database). :func:`inside` answers whether writing
*target* would put a file inside *folder*, seeing through what a careless user or an attacker
might type: relative paths, ``..``, symbolic links (the target itself or any folder on the way),
a different spelling of the same folder on a case-insensitive file system, and a hard link to
one of the folder's files. Pure standard library; the station and the server both use it.
"""

from __future__ import annotations

import os
from pathlib import Path


def _spelling(path: str) -> str:
    # Compare case-insensitively everywhere: on a case-sensitive disk this only refuses more.
    return os.path.normcase(path).casefold()


def _existing_ancestors(path: Path) -> list[Path]:
    out = []
    for each in (path, *path.parents):
        if each.exists():
            out.append(each)
    return out


def inside(folder: Path, target: Path) -> bool:
    """True when writing *target* would create or replace a file inside *folder* (or *folder*
    itself). *folder* need not exist yet; *target*'s folders need not exist either."""
    home = os.path.realpath(folder)
    real = os.path.realpath(target)  # follows every link on the way, then applies ".."
    if _spelling(real) == _spelling(home) or _spelling(real).startswith(
        _spelling(home.rstrip(os.sep) + os.sep)
    ):
        return True
    try:
        home_stat = os.stat(home)
    except OSError:
        return False
    for each in _existing_ancestors(Path(real)):
        if os.path.samestat(os.stat(each), home_stat):  # the same folder under another name
            return True
    return _hard_link_into(Path(home), Path(real))


def _hard_link_into(home: Path, real: Path) -> bool:
    try:
        mine = os.stat(real)
    except OSError:
        return False
    if not os.path.isfile(real) or mine.st_nlink < 2:
        return False
    try:
        return any(os.path.samestat(mine, os.stat(each)) for each in home.rglob("*") if each.is_file())
    except OSError:
        return False
