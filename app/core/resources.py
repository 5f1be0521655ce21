"""Where the files shipped beside the code live: one answer for every reader.

The GB/T 2260 table, the growth and allele-frequency tables, the fonts and the compiled
translations sit in ``resources/``. Three ways of installing Xunren put that folder in three
places, and this module is the only code that knows them:

- the frozen build (PyInstaller, ``installer/xunren.spec``): ``sys._MEIPASS`` is the folder that
  holds ``resources/`` (``_internal`` beside the executable of the onedir build);
- a source checkout (``pip install -e``, the developers' and CI's way): the repository root;
- an installed wheel (the server's documented install): the wheel carries the folder as data
  files under ``share/xunren-resources`` of whatever scheme pip used (a venv, the system, or
  ``--user``), found through the distribution's own record of its files.

``installer/smoke.py`` runs the frozen binary and ``tests/installer`` the installed wheel, so each
branch is exercised the way a station or a server uses it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

__all__ = ["WHEEL_DATA", "resource_dir", "resources_root"]

# The wheel's data folder; not "share/xunren", which is the station's own data folder under
# ~/.local/share on Linux (platformdirs) and would receive these files on a `pip install --user`.
WHEEL_DATA = "xunren-resources"
_CHECKOUT = Path(__file__).resolve().parents[2]


def resources_root() -> Path:
    """The folder that holds ``regions/``, ``growth/``, ``kinship/``, ``fonts/``, ``translations/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        return Path(bundle) / "resources"
    if (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT / "resources"
    return _installed_root() or _CHECKOUT / "resources"


def resource_dir(name: str) -> Path:
    """``resources/<name>`` wherever this copy of Xunren was installed."""
    return resources_root() / name


@cache
def _installed_root() -> Path | None:
    """``share/xunren-resources`` of an installed wheel, wherever pip's scheme put it."""
    from importlib import metadata

    try:
        files = metadata.files("xunren") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in files:
        parts = entry.parts
        if WHEEL_DATA in parts and parts[-1] == "gb2260.tsv":
            located = Path(str(entry.locate())).resolve()
            return located.parents[1]  # .../xunren-resources/regions/gb2260.tsv
    return None
