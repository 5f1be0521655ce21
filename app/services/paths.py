"""Where a station lives, answerable before logon without loading the store (fast start-up)."""

from __future__ import annotations

import os
from pathlib import Path

from app.storage.files import DB_FILE, INIT_MARKER, SLOTS_FILE, STATION_FILES


def default_data_dir() -> Path:
    """XUNREN_DATA_DIR where set, else the platform's user data folder."""
    env = os.environ.get("XUNREN_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("xunren", "xunren"))


def has_station(data_dir: Path) -> bool:
    """True when the folder holds a station (or what is left of one: never set up over it).
    What an interrupted `init` left is not one: no one ever used it, and init starts again."""
    if (data_dir / INIT_MARKER).exists():
        return False
    return (data_dir / DB_FILE).exists() or (data_dir / SLOTS_FILE).exists()


def discard_unfinished_init(data_dir: Path) -> None:
    """Remove what an interrupted `init` left behind, its marker last (only when the marker
    says the files beside it are unfinished)."""
    if not (data_dir / INIT_MARKER).exists():
        return
    names = (*STATION_FILES, f"{DB_FILE}-journal")
    for leftover in [data_dir / n for n in names] + list(data_dir.glob(f".{SLOTS_FILE}.*.tmp")):
        leftover.unlink(missing_ok=True)
    mark_init(data_dir, done=True)


def mark_init(data_dir: Path, *, done: bool) -> None:
    """Set (before the first file of a new station) or lift (after its last) the init marker,
    durably: the station exists exactly when the marker is gone."""
    from app.storage.atomic import fsync_dir, write_atomic

    marker = data_dir / INIT_MARKER
    if done:
        marker.unlink(missing_ok=True)
        fsync_dir(data_dir)
    else:
        write_atomic(marker, b"xunren init\n")


def make_data_dir(data_dir: Path) -> None:
    """Create the station's data folder (and its parents) readable by its owner only."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if data_dir.stat().st_mode & 0o077:
        os.chmod(data_dir, 0o700)


def check_output(data_dir: Path, target: Path) -> None:
    """Refuse an output file (a PDF, a backup, a sync bundle) inside the station's data folder,
    however it is spelled: it could overwrite the station's own files."""
    from app.core.outputs import inside
    from app.services.errors import ServiceError

    if inside(data_dir, target):
        raise ServiceError("output_in_data_dir", path=str(target))
