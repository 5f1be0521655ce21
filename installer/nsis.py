"""The Windows installer: the file lists installer/windows/xunren.nsi compiles in, and makensis.

    python -m installer.nsis dist\\xunren --out dist [--version 0.1.0]

The lists are made from the frozen build's folder: ``files.nsh`` (one ``File`` per file, under
the ``SetOutPath`` of its folder) and ``uninstall.nsh`` (one ``Delete`` per file, then one
non-recursive ``RMDir`` per folder, deepest first). The uninstaller therefore removes what the
installer wrote and nothing else, and the station's data folder is never on its list.
The frozen build itself is made on Windows (installer/README.md); this module and makensis run
anywhere, and the test suite compiles the script here against a stand-in payload.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "windows" / "xunren.nsi"
REQUIRED = ("xunren.exe", "xunren-desktop.exe")


def install_path(rel: PurePosixPath) -> str:
    """The run-time path under $INSTDIR, with a $ in a name escaped ($$)."""
    return "$INSTDIR" + "".join("\\" + part.replace("$", "$$") for part in rel.parts)


def source_path(path: Path) -> str:
    """A compile-time ``File`` path: taken literally by makensis, but for ``${`` and quotes."""
    text = str(path)
    if '"' in text or "${" in text:
        raise SystemExit(f"a file name makensis cannot take: {text}")
    return text


def write_lists(payload: Path, lists: Path) -> int:
    """files.nsh and uninstall.nsh for *payload*; returns the number of files."""
    missing = [name for name in REQUIRED if not (payload / name).is_file()]
    if missing:
        raise SystemExit(f"{payload} is not a Windows build: {', '.join(missing)} missing")
    files = sorted(p for p in payload.rglob("*") if p.is_file())
    folders = sorted({PurePosixPath(f.relative_to(payload).as_posix()).parent for f in files})
    install = []
    for folder in folders:
        install.append(f'SetOutPath "{install_path(folder)}"')
        for path in files:
            rel = PurePosixPath(path.relative_to(payload).as_posix())
            if rel.parent == folder:
                install.append(f'File "{source_path(path)}"')
    uninstall = [f'Delete "{install_path(PurePosixPath(p.relative_to(payload).as_posix()))}"' for p in files]
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.parts:
            uninstall.append(f'RMDir "{install_path(folder)}"')
    lists.mkdir(parents=True, exist_ok=True)
    bom = "\ufeff"  # makensis reads a UTF-8 include as UTF-8 only with its BOM
    (lists / "files.nsh").write_text(bom + "\n".join(install) + "\n", encoding="utf-8")
    (lists / "uninstall.nsh").write_text(bom + "\n".join(uninstall) + "\n", encoding="utf-8")
    return len(files)


def compile_installer(payload: Path, out: Path, version: str, lists: Path) -> Path:
    """Run makensis; returns the setup program's path."""
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SystemExit(
            "makensis is not installed (Debian: apt-get install nsis; Windows: nsis.sourceforge.io)"
        )
    write_lists(payload, lists)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"xunren-{version}-setup.exe"
    native = PureWindowsPath if sys.platform == "win32" else PurePosixPath
    result = subprocess.run(
        [
            makensis,
            "-V2",
            "-INPUTCHARSET",
            "UTF8",
            f"-DVERSION={version}",
            f"-DPAYLOAD={native(payload)}",
            f"-DLISTS={native(lists)}",
            f"-DOUTFILE={native(target)}",
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"makensis failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    return target


def main(argv: list[str] | None = None) -> int:
    from app import __version__

    ap = argparse.ArgumentParser(prog="python -m installer.nsis", description=__doc__.splitlines()[0])
    ap.add_argument("payload", type=Path, help="the frozen Windows build (dist\\xunren)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    ap.add_argument("--lists", type=Path, default=ROOT / "build" / "nsis")
    ap.add_argument("--version", default=__version__)
    args = ap.parse_args(argv)
    setup = compile_installer(args.payload.resolve(), args.out, args.version, args.lists)
    print(f"{setup} ({setup.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
