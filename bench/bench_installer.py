"""The frozen build: its size, what each library costs in it, and its start-up beside the source's.

- onedir size ≤ 300 MB and the .deb ≤ 120 MB (MB = 10⁶ bytes), with the onedir's size per
  library (Qt, ICU, numpy + OpenBLAS, fonts, …) reported, so the next cut is visible;
- process start → logon window shown ≤ 1.0 s median for the frozen build, with the source
  install's start (``python -m app``) measured beside it in the same run, the same way, on the
  same station (bench_ui.time_to_logon).

The build is dist/xunren from installer/build (or XUNREN_FROZEN_BUILD); without one, this suite
runs PyInstaller (about a minute). The .deb is the one installer/build made (or XUNREN_DEB); a
full run (not --quick) builds it when there is none (several minutes: xz on ~230 MB).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.bench_ui import PASSWORD, ROOT, time_to_logon
from bench.harness import Figure, at_most, reported

# Groups of the onedir's files, by path under _internal (first match wins). Pure-Python packages
# (reportlab, requests, the app itself…) are compiled into the executable's archive.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("ICU (inside Qt)", ("PySide6/Qt/lib/libicu",)),
    ("Qt and PySide6", ("PySide6/", "shiboken6/", "libQt6", "libpyside6", "libshiboken6")),
    ("numpy + OpenBLAS", ("numpy/", "numpy.libs/", "numpy-")),
    ("fonts (embedded CJK)", ("resources/fonts/",)),
    ("other tables (GB/T 2260, growth, alleles, translations)", ("resources/",)),
    ("SQLCipher (sqlcipher3, with OpenSSL)", ("sqlcipher3/",)),
    ("cryptography", ("cryptography/",)),
    ("Pillow", ("PIL/", "pillow.libs/")),
    ("rapidfuzz", ("rapidfuzz/",)),
    ("pdfium (print preview)", ("pypdfium2",)),
    ("pypinyin", ("pypinyin/",)),
    ("SQLAlchemy, Alembic, Mako", ("sqlalchemy/", "alembic/", "mako/", "app/storage/migrations/")),
    ("Python (libpython, extension modules, stdlib)", ("libpython", "python3", "base_library.zip")),
    ("the interpreter's system libraries (libssl, libffi…)", ("lib",)),
]


def find_build() -> Path:
    given = os.environ.get("XUNREN_FROZEN_BUILD")
    if given:
        return Path(given)
    if (ROOT / "dist" / "xunren" / "xunren").exists():
        return ROOT / "dist" / "xunren"
    from installer import bundle

    return bundle.freeze(Path(tempfile.mkdtemp(prefix="xunren-bench-build-")))


def find_deb(build: Path, quick: bool) -> Path | None:
    given = os.environ.get("XUNREN_DEB")
    if given:
        return Path(given)
    made = sorted((ROOT / "dist").glob("xunren_*.deb"))
    if made:
        return made[-1]
    if quick:
        return None
    from installer import makedeb

    return makedeb.build(build, Path(tempfile.mkdtemp(prefix="xunren-bench-deb-")), "0.1.0")


def sizes(build: Path) -> dict[str, int]:
    """Bytes per group; the executable (bootloader and the compressed Python code) on its own."""
    out: dict[str, int] = {name: 0 for name, _ in GROUPS}
    out["the executable (bootloader + compressed Python code)"] = 0
    out["everything else"] = 0
    for path in build.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size
        rel = path.relative_to(build).as_posix()
        if "/" not in rel:
            out["the executable (bootloader + compressed Python code)"] += size
            continue
        rel = rel.split("/", 1)[1]
        name = next((n for n, prefixes in GROUPS if rel.startswith(prefixes)), "everything else")
        out[name] += size
    return out


def run(quick: bool) -> list[Figure]:
    build = find_build()
    cost = sizes(build)
    total = sum(cost.values())
    figures = [at_most("frozen build (onedir) size", total / 1e6, "MB", 300)]
    for name, size in sorted(cost.items(), key=lambda kv: -kv[1]):
        figures.append(reported(f"  of which {name}", size / 1e6, "MB"))
    deb = find_deb(build, quick)
    if deb is not None:
        figures.append(at_most(f".deb size, xz ({deb.name})", deb.stat().st_size / 1e6, "MB", 120))
    else:
        print("  (no .deb: run installer/build, or bench without --quick, for its size)", flush=True)
    runs = 5 if quick else 11
    os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")  # the start does not derive a key
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("XUNREN_CONFIG_DIR", str(Path(tmp) / "config"))
        from app.services.session import init_station

        data_dir = Path(tmp) / "station"
        init_station(data_dir, "370783001", "寿光市公安局圣城派出所", "admin", PASSWORD).close()
        source, _ = time_to_logon([sys.executable, "-m", "app"], data_dir, runs)
        frozen, heavy = time_to_logon([str(build / "xunren")], data_dir, runs, cwd=Path(tmp))
    figures += [
        at_most("frozen build: process start to logon window (median)", statistics.median(frozen), "s", 1.0),
        reported("frozen build: process start to logon window (worst)", max(frozen), "s"),
        reported("source install: process start to logon window (median, same run)", statistics.median(source), "s"),
        reported("frozen start / source start (medians)", statistics.median(frozen) / statistics.median(source), "x"),
        Figure("frozen build: SQLAlchemy not imported before the logon window", float(not heavy), "bool", "== 1",
               not heavy),
    ]  # fmt: skip
    return figures


if __name__ == "__main__":
    for fig in run(quick="--quick" in sys.argv):
        print(fig.line())
