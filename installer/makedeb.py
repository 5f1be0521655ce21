"""The Debian package of the onedir build, for UOS, Kylin and other Debian-based desktops.

    python -m installer.makedeb dist/xunren --out dist [--version 0.1.0]

Layout: the build in /opt/xunren (its own Python, untouched by and untouching the system's),
/usr/bin/xunren a link to it, a desktop entry and icons in Chinese and English, the licences in
/usr/share/doc/xunren. The package has no maintainer scripts: installing, upgrading and
removing it only ever writes /opt/xunren and those few files, never a user's station, which
lives in that user's data folder (~/.local/share/xunren) and is upgraded by the app itself
the first time a new version opens it (the store's key is the user's, not root's).

Depends are worked out by ``dpkg-shlibdeps`` from the libraries the build leaves to the system
(installer/bundle.py: the desktop stack), on the machine that builds: build on the oldest base
you ship for (see installer/README.md) and the versions fit it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from installer import elfscan

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "xunren"
PREFIX = Path("opt") / PACKAGE
ICONS = ROOT / "installer" / "icons"
LINUX = ROOT / "installer" / "linux"
MAINTAINER = "Xunren project <xunren@example.gov.cn>"
# xz, which every dpkg reads (zstd needs dpkg 1.21.18; UOS 20 and Kylin V10 have 1.19); level 6
# gives 70 MB where 3 gives 76 MB in 60 % of the time.
COMPRESSION = ["-Zxz", "-z6", f"--threads-max={os.cpu_count() or 1}"]


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def stage(bundle: Path, root: Path) -> None:
    """Lay the package's files out under *root* with Debian's modes (0755 dirs and programs)."""
    target = root / PREFIX
    shutil.copytree(bundle, target, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/{PREFIX}/{PACKAGE}", root / "usr" / "bin" / PACKAGE)
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copyfile(LINUX / "xunren.desktop", apps / "xunren.desktop")
    for png in sorted(ICONS.glob("xunren-*.png")):
        size = png.stem.split("-")[1]
        folder = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(png, folder / "xunren.png")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copyfile(LINUX / "copyright", doc / "copyright")
    with gzip.GzipFile(doc / "changelog.gz", "wb", mtime=0) as fh:
        fh.write((LINUX / "changelog").read_bytes())
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or path == target / PACKAGE
        os.chmod(path, 0o755 if executable else 0o644)


def bundled_system_packages(bundle: Path) -> set[str]:
    """Packages whose libraries the build carries itself (the interpreter's: libffi, libssl…)."""
    cache = _ld_cache()
    packages: set[str] = set()
    for path in (bundle / "_internal").glob("lib*.so*"):
        if path.is_symlink() or path.name not in cache:
            continue
        owner = _owner(cache[path.name])
        if owner:
            packages.add(owner)
    return packages


def depends(bundle: Path) -> str:
    """``dpkg-shlibdeps`` over every ELF file of the build, minus what the build carries."""
    infos = list(elfscan.walk(bundle))
    cache = _ld_cache()
    absent = sorted(name for name in elfscan.unresolved(infos) if name not in cache)
    if absent:  # dpkg-shlibdeps would leave them out of Depends without a word
        raise SystemExit(f"libraries the build needs are not installed here: {', '.join(absent)}")
    private = sorted({str(i.path.parent) for i in infos})  # the build's own libraries resolve there
    excluded = bundled_system_packages(bundle)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "debian").mkdir()
        (Path(tmp) / "debian" / "control").write_text(
            f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n"
        )
        result = subprocess.run(
            [
                "dpkg-shlibdeps",
                "-O",
                "--warnings=0",
                "--ignore-missing-info",  # the build's own libraries come from no package
                *(f"-l{d}" for d in private),
                *(f"-x{p}" for p in sorted(excluded)),
                *(str(i.path) for i in infos),
            ],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise SystemExit(
            f"dpkg-shlibdeps failed (are the libraries it names installed?):\n{result.stderr[-2000:]}"
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("shlibs:Depends="))
    return line.split("=", 1)[1]


def control(version: str, arch: str, depends_line: str, installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends_line}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: Xunren (寻人): registry of missing, found and trafficked persons\n"
        " The station client of Xunren for police stations: case intake, DNA samples,\n"
        " matching, printed forms and receipts, all in one encrypted store that works\n"
        " without a network and syncs with the national server when it can.\n"
        " .\n"
        " It runs as an ordinary user and keeps the station in that user's data folder\n"
        " (~/.local/share/xunren); installing, upgrading or removing the package never\n"
        " touches it.\n"
        " .\n"
        " 寻人：派出所使用的失踪、被找到和被拐卖人员登记系统，包括案件登记、DNA 样本、\n"
        " 比对、表格与回执打印；全部数据保存在一个加密库中，无网络也能工作，联网后与全国\n"
        " 服务器同步。程序以普通用户身份运行，工作站数据保存在该用户的数据文件夹\n"
        " （~/.local/share/xunren）中；安装、升级或卸载本软件包都不会改动这些数据。\n"
    )


def build(bundle: Path, out_dir: Path, version: str, depends_line: str | None = None) -> Path:
    """Stage, describe and pack; returns the .deb's path."""
    arch = architecture()
    depends_line = depends_line if depends_line is not None else depends(bundle)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        size = sum(p.lstat().st_size for p in root.rglob("*")) // 1024 + 1
        meta = root / "DEBIAN"
        meta.mkdir(mode=0o755)
        (meta / "control").write_text(control(version, arch, depends_line, size), encoding="utf-8")
        (meta / "md5sums").write_text(_md5sums(root))
        for name in ("control", "md5sums"):
            os.chmod(meta / name, 0o644)
        target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def _md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(root).parts:
            lines.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(root)}\n")
    return "".join(lines)


def _ld_cache() -> dict[str, str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    cache: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if match:
            cache.setdefault(match.group(1), match.group(3))
    return cache


def _owner(path: str) -> str | None:
    """The package that owns *path* (tried as given, resolved, and across the /usr merge)."""
    real = os.path.realpath(path)
    candidates = [path, real]
    for p in (path, real):
        candidates.append(p[4:] if p.startswith("/usr/") else "/usr" + p)
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    return None


def main(argv: list[str] | None = None) -> int:
    from app import __version__

    ap = argparse.ArgumentParser(prog="python -m installer.makedeb", description=__doc__.splitlines()[0])
    ap.add_argument("bundle", type=Path, help="the onedir build (dist/xunren)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    ap.add_argument("--version", default=__version__)
    args = ap.parse_args(argv)
    deb = build(args.bundle.resolve(), args.out, args.version)
    print(f"{deb} ({deb.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
