"""Smoke test of a frozen build: the binary, headless, in a clean home folder, as a user would.

    python -m installer.smoke dist/xunren/xunren            # the onedir build
    python -m installer.smoke --deb dist/xunren_0.1.0_amd64.deb [--install]   # see installer/debcheck.py

Steps: ``--version``; ``init`` (the station lands in the user's data folder, nothing set but
HOME); ``case add`` of the shared missing-child example; ``print receipt`` (the PDF must carry
its fonts and the Chinese text); ``audit verify``; ``sync status --json``; a station of the first
released schema (tests/fixtures/schema_0001) opened and upgraded by the build's own Alembic
scripts; the desktop app started offscreen up to its logon window. Then the highest GLIBC
symbol version any file of the build needs, which is the oldest glibc it runs on.

The product's own Argon2id cost is used (no test switch): the build is tested as shipped. No
secret is printed: the recovery key ``init`` shows is never echoed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT.parent / "shared" / "examples"
FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001"
FIXTURE_PASSWORD = "Fixture-Password-2026"
PASSWORD = "Smoke-Station-2026!"
STATION = ("370783001", "寿光市公安局圣城派出所")
CASE_NO = re.compile(r"^370783001-\d{4}-\d{6}$")
TIMEOUT = 180


class StepFailed(Exception):
    """A step's check did not hold; the message says what was seen."""


@dataclass
class Step:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail} ({self.seconds:.2f} s)"


@dataclass
class Report:
    title: str
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    def text(self) -> str:
        lines = [self.title, *(s.line() for s in self.steps), *self.notes]
        passed = sum(s.ok for s in self.steps)
        lines.append(f"smoke: {passed} of {len(self.steps)} steps ok")
        return "\n".join(lines)


@dataclass
class Runner:
    """Runs the binary with a clean environment: HOME is a new folder, nothing else is set."""

    binary: Path
    home: Path
    user: tuple[int, int] | None = None  # (uid, gid) to run as, when the caller is root
    password: str = PASSWORD

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "XUNREN_USER": "admin",
            "XUNREN_PASSWORD": self.password,
        }
        if sys.platform == "win32":
            # Windows' user folders come from the shell, not from HOME: point the station and
            # the settings into the clean folder explicitly, never at the real user's station.
            env.update({k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP") if k in os.environ})
            env["XUNREN_DATA_DIR"] = str(data_folder(self.home))
            env["XUNREN_CONFIG_DIR"] = str(self.home / "config")
        env.update(extra)
        return env

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if self.user is not None:
            kwargs = {"user": self.user[0], "group": self.user[1], "extra_groups": []}
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            [str(self.binary), *args],
            env=self.env(**extra),
            cwd=str(self.home),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            **kwargs,
        )

    def ok(self, *args: str, **extra: str) -> str:
        result = self.run(*args, **extra)
        if result.returncode != 0:
            raise StepFailed(f"exit {result.returncode}: {(result.stderr or result.stdout).strip()[-400:]}")
        return result.stdout


def data_folder(home: Path) -> Path:
    """Where platformdirs puts the station for this HOME (what the app uses without settings)."""
    if sys.platform == "win32":
        return home / "AppData" / "Local" / "xunren" / "xunren"
    return home / ".local" / "share" / "xunren"


def check_receipt(pdf: Path, case_no: str) -> str:
    """The receipt embeds its fonts (prints anywhere) and carries the station and case in Chinese."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    page = reader.pages[0]
    text = page.extract_text()
    if STATION[1] not in text or case_no not in text or "回执" not in text:
        raise StepFailed(f"the receipt does not read as a Chinese receipt for {case_no}: {text[:80]!r}")
    names = []
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
            raise StepFailed(f"font {font.get('/BaseFont')} is not embedded")
        names.append(str(font.get("/BaseFont")).split("+")[-1])
    return f"{pdf.stat().st_size:,} bytes, {len(reader.pages)} page, embedded fonts {', '.join(sorted(set(names)))}"


def timed(report: Report, name: str, action: Callable[[], str]) -> None:
    start = time.perf_counter()
    try:
        detail, ok = action(), True
    except (StepFailed, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as exc:
        detail, ok = f"{type(exc).__name__}: {exc}", False
    report.steps.append(Step(name, ok, detail, time.perf_counter() - start))


def run_smoke(
    binary: Path, work: Path, user: tuple[int, int] | None = None, report: Report | None = None
) -> Report:
    """Every step against *binary*; *work* is an empty folder the steps may fill."""
    report = report or Report(f"smoke test of {binary}")
    home = _home(work / "home", user)
    station = Runner(binary, home, user)
    state: dict[str, str] = {}

    def version() -> str:
        from app import __version__

        out = station.ok("--version").strip()
        if out != f"xunren {__version__}":
            raise StepFailed(f"printed {out!r}, expected 'xunren {__version__}'")
        return out

    def init() -> str:
        station.ok("init", "--station-code", STATION[0], "--station-name", STATION[1], "--admin", "admin")
        folder = data_folder(home)
        if not (folder / "station.db").is_file() or not (folder / "keyslots.json").is_file():
            raise StepFailed(f"no station in the user's data folder {folder}")
        return (
            f"station {STATION[0]} in {folder.relative_to(home) if folder.is_relative_to(home) else folder}"
        )

    def case_add() -> str:
        example = work / "missing_child.json"
        shutil.copyfile(EXAMPLES / "missing_child.json", example)
        os.chmod(example, 0o644)
        out = station.ok("case", "add", "--file", str(example)).strip()
        if not CASE_NO.match(out):
            raise StepFailed(f"printed {out!r}, not a case number")
        state["case_no"] = out
        return out

    def receipt() -> str:
        pdf = home / "receipt.pdf"
        station.ok("print", "receipt", state["case_no"], "-o", str(pdf))
        return check_receipt(pdf, state["case_no"])

    def audit() -> str:
        return station.ok("audit", "verify").strip().splitlines()[0]

    def sync_status() -> str:
        status = json.loads(station.ok("sync", "status", "--json"))
        if set(status) != {"waiting", "sent", "failed", "last_success"} or status["waiting"] < 1:
            raise StepFailed(f"unexpected status {status}")
        return f"waiting {status['waiting']}, sent {status['sent']}, failed {len(status['failed'])}"

    def gui() -> str:
        result = station.run(XUNREN_BENCH_EXIT_AT="logon", QT_QPA_PLATFORM="offscreen")
        line = next((x for x in result.stdout.splitlines() if x.startswith("logon-shown")), "")
        if result.returncode != 0 or "window=LogonWindow" not in line:
            raise StepFailed(f"exit {result.returncode}, {line or result.stderr.strip()[-300:]!r}")
        return f"LogonWindow shown {float(line.split()[1]):.2f} s after start-up began"

    timed(report, "--version", version)
    timed(report, "init", init)
    timed(report, "case add", case_add)
    timed(report, "print receipt", receipt)
    timed(report, "audit verify", audit)
    timed(report, "sync status", sync_status)
    timed(report, "GUI offscreen", gui)
    timed(report, "schema upgrade", lambda: upgrade_fixture(binary, work / "upgrade", user))
    return report


def upgrade_fixture(binary: Path, work: Path, user: tuple[int, int] | None) -> str:
    """A station of the first released schema, upgraded by the build's own migration scripts."""
    home = _home(work, user)
    folder = data_folder(home)
    install_fixture(folder, user)
    return check_upgraded(Runner(binary, home, user, FIXTURE_PASSWORD))


def install_fixture(folder: Path, user: tuple[int, int] | None) -> None:
    shutil.copytree(FIXTURE, folder)
    (folder / "recovery-key-not-kept.txt").unlink()
    if user is not None:
        for path in [folder, *folder.iterdir()]:
            os.chown(path, *user)


def check_upgraded(station: Runner) -> str:
    cases = json.loads(station.ok("case", "list", "--json"))
    if len(cases) != 3 or "王小明" not in json.dumps(cases, ensure_ascii=False):
        raise StepFailed(f"expected the fixture's 3 cases, got {len(cases)}")
    verified = station.ok("audit", "verify").strip().splitlines()[0]
    return f"schema 0001 store opened, {len(cases)} cases; {verified}"


def _home(path: Path, user: tuple[int, int] | None) -> Path:
    path.mkdir(parents=True)
    if user is not None:
        os.chown(path, *user)
    return path


def glibc_note(bundle: Path) -> str:
    """The highest GLIBC_x.y symbol version the build needs, and which file needs it."""
    if sys.platform != "linux":
        return "GLIBC: not a Linux build"
    from installer import elfscan

    version, where = elfscan.highest_glibc(elfscan.walk(bundle))
    name = where.relative_to(bundle) if where else "?"
    return (
        f"GLIBC: the build needs GLIBC_{elfscan.version_text(version)} at most ({name}); "
        f"it runs on glibc {elfscan.version_text(version)} or newer"
    )


def bundle_size(bundle: Path) -> int:
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m installer.smoke", description=__doc__.splitlines()[0])
    ap.add_argument("binary", type=Path, help="the frozen executable (dist/xunren/xunren)")
    args = ap.parse_args(argv)
    binary = args.binary.resolve()
    report = Report(f"smoke test of the frozen build {binary} ({bundle_size(binary.parent) / 1e6:.0f} MB)")
    with tempfile.TemporaryDirectory(prefix="xunren-smoke-") as tmp:
        run_smoke(binary, Path(tmp), report=report)
    report.notes.append(glibc_note(binary.parent))
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
