"""The frozen build (PyInstaller onedir) runs headless as shipped, and carries what it should."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from installer import bundle, elfscan, smoke

pytestmark = pytest.mark.installer
ROOT = Path(__file__).resolve().parents[2]

# What the build may leave to the system: glibc, and the desktop stack a Debian-based desktop
# has (installer/bundle.py). Anything else showing up here is a new run-time dependency.
SYSTEM = (
    "ld-linux", "libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so", "libstdc++.so", "libgcc_s.so",
    "libGL.so", "libEGL.so", "libX11", "libxcb", "libxkbcommon", "libfontconfig.so", "libfreetype.so",
    "libglib-2.0.so", "libgthread-2.0.so", "libdbus-1.so", "libcups.so", "libzstd.so",
)  # fmt: skip


def test_smoke_test_of_the_frozen_build(frozen_build: Path, tmp_path: Path) -> None:
    report = smoke.run_smoke(frozen_build / "xunren", tmp_path)
    report.notes.append(smoke.glibc_note(frozen_build))
    print(report.text())
    assert report.ok, report.text()
    assert [s.name for s in report.steps] == [
        "--version", "init", "case add", "print receipt", "audit verify", "sync status", "GUI offscreen",
        "schema upgrade",
    ]  # fmt: skip


def test_only_the_qt_parts_the_client_loads(frozen_build: Path) -> None:
    qt = frozen_build / "_internal" / "PySide6"
    plugins = sorted(str(p.relative_to(qt / "Qt" / "plugins")) for p in (qt / "Qt" / "plugins").rglob("*.so"))
    assert plugins == [
        "imageformats/libqjpeg.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "platforms/libqoffscreen.so",
        "platforms/libqxcb.so",
        "platformthemes/libqxdgdesktopportal.so",
        "printsupport/libcupsprintersupport.so",
    ]
    assert sorted(p.name for p in (qt / "Qt" / "translations").iterdir()) == sorted(bundle.QT_TRANSLATIONS)
    bindings = sorted(p.name.split(".")[0] for p in qt.glob("Qt*.so"))
    assert bindings == ["QtCore", "QtGui", "QtPrintSupport", "QtWidgets"]
    libs = sorted(p.name.split(".")[0] for p in (qt / "Qt" / "lib").iterdir())
    assert not {"libQt6Network", "libQt6WaylandClient", "libQt6Svg", "libQt6Qml"} & set(libs)
    assert not any((frozen_build / "_internal" / name).exists() for name in ("psycopg_binary", "yaml"))


def test_python_code_inside_is_the_client_only(frozen_build: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    program = frozen_build / ("xunren.exe" if sys.platform == "win32" else "xunren")
    modules = set(CArchiveReader(str(program)).open_embedded_archive("PYZ.pyz").toc)
    tops = {name.split(".")[0] for name in modules}
    assert not tops & {
        "server",
        "fastapi",
        "uvicorn",
        "starlette",
        "psycopg",
        "pytest",
        "hypothesis",
        "tkinter",
    }
    assert {"app.ui.logon", "app.storage.migrate", "alembic.command", "sqlcipher3.dbapi2"} <= modules


def test_tables_fonts_translations_and_migrations_inside(frozen_build: Path) -> None:
    inside = frozen_build / "_internal"
    for rel in (
        "resources/regions/gb2260.tsv", "resources/regions/gb2260_retired.tsv",
        "resources/growth/china_height_for_age.tsv", "resources/kinship/han_str_frequencies.tsv",
        "resources/fonts/wqy-microhei.ttc", "resources/fonts/wqy-microhei.ttc.0.metrics",
        "resources/fonts/HanaMinA-fallback.ttf", "resources/fonts/LICENSE-wqy-microhei.txt",
        "resources/translations/xunren_zh_CN.qm", "resources/translations/xunren_en.qm",
        "app/storage/migrations/env.py",
    ):  # fmt: skip
        assert (inside / rel).is_file(), rel
    versions = sorted(p.name for p in (inside / "app/storage/migrations/versions").glob("*.py"))
    assert versions == sorted(p.name for p in (ROOT / "app/storage/migrations/versions").glob("*.py"))
    assert not list(inside.glob("resources/**/*.ts")) and not list(inside.glob("resources/**/build_table.py"))


@pytest.mark.skipif(sys.platform != "linux", reason="ELF checks are for the Linux build")
def test_the_system_provides_only_glibc_and_the_desktop_stack(frozen_build: Path) -> None:
    needed = elfscan.unresolved(elfscan.walk(frozen_build))
    unexpected = sorted(name for name in needed if not name.startswith(SYSTEM))
    assert unexpected == []
    assert "libssl.so.3" not in needed and "libffi.so.8" not in needed  # the interpreter's travel with it
    version, where = elfscan.highest_glibc(elfscan.walk(frozen_build))
    assert version >= (2, 17) and where is not None
