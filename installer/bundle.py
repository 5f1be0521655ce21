"""What goes into the frozen build: read by installer/xunren.spec and by the tests of the build.

PyInstaller's hooks collect generously (every Qt plugin of the modules imported, every Qt
translation, every SQLAlchemy dialect's driver, and the system libraries all of those link).
``prune`` keeps what the station client loads:

- Qt: the xcb (X11: UOS, Kylin, Windows' own platform is collected there) and offscreen
  platforms, the input-method, print (CUPS), portal theme and JPEG image plugins; the Qt
  libraries those and the PySide6 modules in use link, found by following DT_NEEDED; Qt's own
  translations only for the two interface languages;
- system libraries: those the Python interpreter itself links travel with it (their sonames
  change between releases: libffi, libssl, readline…); the desktop stack (X11, xcb, fontconfig,
  freetype, glib, D-Bus, CUPS, GL, libstdc++) is left to the system, where it must match the
  running X server, printers and fonts; installer/makedeb.py turns those into the package's
  Depends, on the base the build targets.

Everything the app reads at run time from ``resources/`` (tables, fonts, translations) and the
Alembic scripts that upgrade an older station's store are added as data.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path, PurePosixPath

TocEntry = tuple[str, str, str]

# PySide6 modules the app does not use: their Python bindings and hooks stay out.
UNUSED_QT = [
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtPdf",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
    "PySide6.QtTest",
]
EXCLUDES = [
    *UNUSED_QT,
    "server",  # the national server is installed from the wheel, never on a station PC
    "tkinter",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL._avif",  # AVIF photos are not offered (app/ui/photos.py PICTURE_FILTER)
    "PIL.AvifImagePlugin",
    "yaml",  # numpy.__config__ only
    # Drivers SQLAlchemy's other dialects would load (the dialects stay: alembic.ddl imports
    # them all); the station store is SQLCipher.
    "psycopg",
    "psycopg2",
    "psycopg_binary",
    "asyncpg",
    "pymysql",
    "MySQLdb",
    "oracledb",
    "cx_Oracle",
    "pyodbc",
    "pytest",
    "IPython",
]
# Alembic loads the migration scripts from files by path, and they import these at run time.
HIDDEN_IMPORTS = ["alembic.op", "alembic.context", "alembic.ddl.sqlite", "sqlalchemy.dialects.sqlite"]
# Packages that import their own modules by name at run time (reportlab's barcode widgets, which
# the receipt's QR code goes through, are imported from strings).
DYNAMIC_PACKAGES = ["reportlab.graphics.barcode"]


def hidden_imports() -> list[str]:
    from PyInstaller.utils.hooks import collect_submodules

    found = list(HIDDEN_IMPORTS)
    for package in DYNAMIC_PACKAGES:
        found += collect_submodules(package)
    return found


QT_PLUGINS = [
    "platforms/libqxcb.so",
    "platforms/libqoffscreen.so",
    "platforms/qwindows.dll",
    "platforms/qoffscreen.dll",
    "platforminputcontexts/*",  # ibus (and fcitx5's ibus front end) and compose: Chinese input
    "platformthemes/libqxdgdesktopportal.so",
    "printsupport/*",
    "imageformats/libqjpeg.so",  # photos are stored as JPEG (app/services/photos.py)
    "imageformats/qjpeg.dll",
    "styles/*",  # Windows: the native widget style
]
QT_TRANSLATIONS = ["qtbase_zh_CN.qm", "qtbase_en.qm"]
RESOURCE_FILES = ["*.tsv", "*.ttc", "*.ttf", "*.metrics", "*.qm", "LICENSE-*", "README.md"]
RESOURCE_DIRS = ["regions", "growth", "kinship", "fonts", "translations"]


def datas(root: Path) -> list[tuple[str, str]]:
    """resources/ (what the app reads, with the licences and sources) and the Alembic scripts."""
    out: list[tuple[str, str]] = []
    for sub in RESOURCE_DIRS:
        for path in sorted((root / "resources" / sub).iterdir()):
            if any(fnmatch.fnmatch(path.name, pattern) for pattern in RESOURCE_FILES):
                out.append((str(path), f"resources/{sub}"))
    migrations = root / "app" / "storage" / "migrations"
    out.append((str(migrations / "env.py"), "app/storage/migrations"))
    for path in sorted((migrations / "versions").glob("*.py")):
        out.append((str(path), "app/storage/migrations/versions"))
    return out


def _qt_part(dest: str) -> tuple[str, str] | None:
    """('plugins'|'translations'|'lib', rest) for a file under PySide6/Qt (or PySide6 on Windows)."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if len(parts) >= 3 and parts[0] == "PySide6" and parts[1] == "Qt":
        return parts[2], "/".join(parts[3:])
    if len(parts) >= 2 and parts[0] == "PySide6" and parts[1] in ("plugins", "translations"):
        return parts[1], "/".join(parts[2:])
    return None


def wanted(dest: str) -> bool:
    """False for a Qt plugin or translation the station client never loads."""
    part = _qt_part(dest)
    if part is None:
        return True
    kind, rest = part
    if kind == "plugins":
        return any(fnmatch.fnmatch(rest, pattern) for pattern in QT_PLUGINS)
    if kind == "translations":
        return rest in QT_TRANSLATIONS
    return True


def _python_own() -> tuple[list[str], set[str]]:
    """Folders of the interpreter's standard library and installed packages, and libpython.

    Everything else a hook collects (from /lib, /usr/lib…) is a system library, even when the
    interpreter itself is the distribution's (base prefix /usr).
    """
    paths = sysconfig.get_paths()
    dirs = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"]}
    libdir, ldlibrary = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("LDLIBRARY")
    files = {os.path.realpath(os.path.join(libdir, ldlibrary))} if libdir and ldlibrary else set()
    return sorted(os.path.realpath(p) + os.sep for p in dirs), files


def is_system(src: str, own: tuple[list[str], set[str]]) -> bool:
    real = os.path.realpath(src)
    return real not in own[1] and not any(real.startswith(d) for d in own[0])


def prune(binaries: list[TocEntry], datas: list[TocEntry]) -> tuple[list[TocEntry], list[TocEntry]]:
    """Drop unused Qt plugins and translations, then the libraries the kept files do not need.

    Shared libraries are of three kinds: Qt's (kept when something kept links them), the
    system's (kept only when the interpreter links them; the rest are Depends) and the other
    packages' own (numpy's OpenBLAS, Pillow's codecs, pdfium loaded by ctypes: always kept).
    """
    kept = [e for e in binaries if wanted(e[0])]
    datas = [e for e in datas if wanted(e[0])]
    if sys.platform != "linux":
        return kept, datas  # Windows: no system libraries are collected there but the C runtime
    from installer import elfscan

    own = _python_own()
    libraries: dict[str, TocEntry] = {}
    roots: list[TocEntry] = []
    for entry in kept:
        dest, src, kind = entry
        if kind == "SYMLINK":
            continue
        if kind == "BINARY" and not _is_plugin(dest) and (_qt_lib(dest) or is_system(src, own)):
            libraries[PurePosixPath(dest).name] = entry
        else:
            roots.append(entry)  # extensions, plugins, the executable, packages' own libraries
    reached = _closure([e[1] for e in roots], libraries, elfscan.read)
    interpreter = _closure(
        [e[1] for e in kept if e[2] == "EXTENSION" and PurePosixPath(e[0]).parts[0].startswith("python3")]
        + sorted(own[1]),
        {n: e for n, e in libraries.items() if is_system(e[1], own)},
        elfscan.read,
    )
    dropped = {
        e[0]
        for name, e in libraries.items()
        if name not in reached or (is_system(e[1], own) and name not in interpreter)
    }
    binaries = [e for e in kept if e[0] not in dropped]
    return binaries, [e for e in datas if not (e[2] == "SYMLINK" and _link_target(e) in dropped)]


def _link_target(entry: TocEntry) -> str:
    """The bundle path a SYMLINK entry points at (its source is relative to the link's folder)."""
    return os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1]))


def _closure(starts: list[str], libraries: dict[str, TocEntry], read: object) -> set[str]:
    """Names in *libraries* reached from the files *starts* by following DT_NEEDED."""
    reader = read  # installer.elfscan.read, passed in so the spec imports pyelftools only on Linux
    found: set[str] = set()
    queue = list(starts)
    while queue:
        info = reader(Path(queue.pop()))  # type: ignore[operator]
        for soname in info.needed if info else ():
            if soname in libraries and soname not in found:
                found.add(soname)
                queue.append(libraries[soname][1])
    return found


def _is_plugin(dest: str) -> bool:
    part = _qt_part(dest)
    return part is not None and part[0] == "plugins"


def _qt_lib(dest: str) -> bool:
    part = _qt_part(dest)
    return part is not None and part[0] == "lib"


def strip_debug(binaries: list[TocEntry], workdir: Path) -> list[TocEntry]:
    """Copies without debug sections of the files that carry them, in place of the originals.

    pyenv's interpreter, SQLCipher's module and SQLAlchemy's Cython modules ship with DWARF
    (about 40 MB together). ``strip --strip-debug`` removes only the .debug_* sections: symbols
    and the dynamic table stay, so nothing that loads these files sees a difference.
    """
    if sys.platform != "linux" or shutil.which("strip") is None:
        return binaries
    from installer import elfscan

    out: list[TocEntry] = []
    for dest, src, kind in binaries:
        if kind in ("BINARY", "EXTENSION") and elfscan.has_debug_info(Path(src)):
            target = workdir / "stripped" / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(target), src], check=True)
            out.append((dest, str(target), kind))
        else:
            out.append((dest, src, kind))
    return out


def freeze(out: Path) -> Path:
    """Run PyInstaller on installer/xunren.spec into *out*; returns the onedir build's folder."""
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(root / "installer" / "xunren.spec")],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip
    return out / "dist" / "xunren"
