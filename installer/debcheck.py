"""The .deb as a station PC gets it: its layout, then the smoke test against what it installs.

    python -m installer.debcheck dist/xunren_0.1.0_amd64.deb              # extracted (any user)
    python -m installer.debcheck dist/xunren_0.1.0_amd64.deb --install    # installed (root)

Extracted: ``dpkg-deb -x`` into a clean folder and the smoke test against its
opt/xunren/xunren. Installed, on a machine where xunren is not installed yet:

1. the same package re-versioned 0.0.1 stands for the previous release; ``apt-get install``
   puts it in place with its Depends (as a station PC gets it);
2. an ordinary user (``nobody``) has a station of the first released schema in their data
   folder (~/.local/share/xunren), as the previous release left it;
3. ``dpkg -i`` of the current package upgrades: the station's files are byte for byte what they
   were; the user then opens the station with /usr/bin/xunren and it is migrated, cases intact;
4. the whole smoke test as that user, with /usr/bin/xunren, in a fresh home;
5. ``dpkg -r`` and ``dpkg -P``: the program is gone, every station file is still there, byte
   for byte.
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installer import smoke

PACKAGE = "xunren"
ALLOWED = (
    "opt/xunren",
    "usr/bin/xunren",
    "usr/share/applications/",
    "usr/share/icons/hicolor/",
    "usr/share/doc/xunren",
)


def sh(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(args), capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise smoke.StepFailed(
            f"{' '.join(args[:3])}… exit {result.returncode}: {result.stderr.strip()[-500:]}"
        )
    return result  # type: ignore[no-any-return]


def check_layout(deb: Path) -> str:
    """Files only where a desktop package puts them, no maintainer scripts, no system Python."""
    fields = sh("dpkg-deb", "--field", str(deb)).stdout
    if "python" in fields.split("Depends:", 1)[1].split("\n", 1)[0]:
        raise smoke.StepFailed("the package depends on a system Python")
    listing = sh("dpkg-deb", "--contents", str(deb)).stdout.splitlines()
    paths = [line.split()[5].removeprefix("./") for line in listing]
    stray = [p for p in paths if p and not p.endswith("/") and not p.startswith(ALLOWED)]
    if stray:
        raise smoke.StepFailed(f"files outside the package's places: {stray[:5]}")
    modes = [line.split()[0] for line in listing]
    if any("s" in m[1:] or m[8] == "w" for m in modes if not m.startswith("l")):
        raise smoke.StepFailed("a setuid or world-writable file")
    members = sh("sh", "-c", f"dpkg-deb --ctrl-tarfile '{deb}' | tar -t").stdout.split()
    scripts = [m for m in members if m.removeprefix("./") not in ("", "control", "md5sums")]
    if scripts:
        raise smoke.StepFailed(f"maintainer scripts present: {scripts}")
    return f"{len(paths)} entries under /opt/xunren and /usr; no maintainer scripts; Depends without Python"


def check_desktop_entry(root: Path) -> str:
    entry = root / "usr" / "share" / "applications" / "xunren.desktop"
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    wanted = {
        "Name": "Xunren",
        "Name[zh_CN]": "寻人",
        "Exec": "xunren",
        "Icon": "xunren",
        "Terminal": "false",
    }
    wrong = {k: section.get(k) for k, v in wanted.items() if section.get(k) != v}
    if wrong:
        raise smoke.StepFailed(f"desktop entry fields {wrong}")
    icons = sorted(root.glob("usr/share/icons/hicolor/*/apps/xunren.png"))
    if not icons:
        raise smoke.StepFailed("no icon")
    validator = shutil.which("desktop-file-validate")
    checked = ""
    if validator:
        result = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        if result.returncode != 0 or "error" in result.stdout.lower():
            raise smoke.StepFailed(f"desktop-file-validate: {result.stdout.strip()}")
        checked = ", desktop-file-validate clean"
    return f"{section['Name[zh_CN]']} / {section['Name']}, {len(icons)} icon sizes{checked}"


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def extracted(deb: Path, work: Path) -> smoke.Report:
    report = smoke.Report(f"smoke test of {deb.name}, extracted with dpkg-deb -x into a clean folder")
    root = work / "root"
    smoke.timed(report, "package layout", lambda: check_layout(deb))
    sh("dpkg-deb", "-x", str(deb), str(root))
    smoke.timed(report, "desktop entry", lambda: check_desktop_entry(root))
    smoke.run_smoke(root / "opt" / "xunren" / "xunren", work / "run", report=report)
    report.notes.append(smoke.glibc_note(root / "opt" / "xunren"))
    return report


def installed(deb: Path, work: Path) -> smoke.Report:
    if subprocess.run(["dpkg", "-s", PACKAGE], capture_output=True).returncode == 0:
        raise SystemExit("xunren is installed on this machine: the install test would replace it; not run")
    report = smoke.Report(
        f"smoke test of {deb.name}, installed with apt-get/dpkg and run as an ordinary user"
    )
    nobody = pwd.getpwnam("nobody")
    user = (nobody.pw_uid, nobody.pw_gid)
    os.chmod(work, 0o755)
    upgraded_home = smoke._home(work / "upgraded", user)
    station = smoke.data_folder(upgraded_home)
    before: dict[str, str] = {}
    try:
        smoke.timed(report, "package layout", lambda: check_layout(deb))
        previous = previous_release(deb, work)
        smoke.timed(report, "install 0.0.1 (apt-get)", lambda: install_previous(previous))

        def upgrade() -> str:
            station.parent.mkdir(parents=True)
            for folder in (upgraded_home / ".local", station.parent):
                os.chown(folder, *user)
            smoke.install_fixture(station, user)
            before.update(digest(station))
            sh("dpkg", "-i", str(deb))
            version = sh("dpkg-query", "-W", "-f=${Version}", PACKAGE).stdout
            if digest(station) != before:
                raise smoke.StepFailed("the upgrade changed the station's files")
            return f"0.0.1 → {version}; station files unchanged by the upgrade"

        smoke.timed(report, "upgrade (dpkg -i)", upgrade)
        smoke.timed(report, "desktop entry", lambda: check_desktop_entry(Path("/")))
        runner = smoke.Runner(Path("/usr/bin/xunren"), upgraded_home, user, smoke.FIXTURE_PASSWORD)
        smoke.timed(report, "upgraded station opens", lambda: smoke.check_upgraded(runner))
        smoke.run_smoke(Path("/usr/bin/xunren"), work / "fresh", user, report=report)
        before.clear()
        before.update(digest(station))

        def remove(action: str) -> str:
            sh("dpkg", action, PACKAGE)
            left = [p for p in ("/opt/xunren", "/usr/bin/xunren") if os.path.lexists(p)]
            if left:
                raise smoke.StepFailed(f"still there after dpkg {action}: {left}")
            if digest(station) != before:
                raise smoke.StepFailed(f"dpkg {action} changed the station's files")
            return f"program gone, the station's {len(before)} files unchanged"

        smoke.timed(report, "remove (dpkg -r)", lambda: remove("-r"))
        smoke.timed(report, "purge (dpkg -P)", lambda: remove("-P"))
    finally:
        subprocess.run(["dpkg", "-P", PACKAGE], capture_output=True)
    return report


def previous_release(deb: Path, work: Path) -> Path:
    """The same package as version 0.0.1: what an older release leaves installed."""
    tree = work / "previous"
    sh("dpkg-deb", "-R", str(deb), str(tree))
    control = tree / "DEBIAN" / "control"
    lines = [("Version: 0.0.1" if x.startswith("Version:") else x) for x in control.read_text().splitlines()]
    control.write_text("\n".join(lines) + "\n")
    target = work / f"{PACKAGE}_0.0.1.deb"
    sh("dpkg-deb", "--root-owner-group", "-Znone", "--build", str(tree), str(target))
    shutil.rmtree(tree)
    return target


def install_previous(previous: Path) -> str:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", str(previous)],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:  # the package lists may be missing: fetch them once and retry
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env)
        sh("apt-get", "install", "-y", "-q", "--no-install-recommends", str(previous), env=env)
    return sh("dpkg-query", "-W", "-f=${Package} ${Version} ${Status}", PACKAGE).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m installer.debcheck", description=__doc__.splitlines()[0])
    ap.add_argument("deb", type=Path)
    ap.add_argument("--install", action="store_true", help="install, upgrade and remove for real (root)")
    args = ap.parse_args(argv)
    if args.install and os.geteuid() != 0:
        ap.error("--install needs root (it runs dpkg)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="xunren-deb-") as tmp:
        check = installed if args.install else extracted
        report = check(args.deb.resolve(), Path(tmp))
    report.notes.append(
        f"{args.deb.name}: {args.deb.stat().st_size / 1e6:.1f} MB; checked in {time.perf_counter() - started:.0f} s"
    )
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
