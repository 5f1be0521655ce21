"""Refresh the Qt translation sources and compile them: `python tools/update_translations.py`.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate`` string under
   ``app/ui`` into ``resources/translations/xunren_zh_CN.ts`` and ``xunren_en.ts`` (existing
   translations are kept, strings no longer in the code are dropped).
2. English is the source language: every English message is filled from its source text
   (plural forms from "(s)") and marked finished. Chinese is translated by hand in the .ts file
   (Qt Linguist or any editor); an unfinished Chinese string fails tests/ui/test_translations.py.
3. ``pyside6-lrelease`` compiles both into ``.qm`` files, which the app loads at start.

``--check`` compiles into a temporary folder and exits 1 if the committed files are not current.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "app" / "ui"
OUT = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")


def tool(name: str) -> str:
    """The PySide6 tool next to this Python (the venv's bin folder), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else name


def ts_path(lang: str, folder: Path = OUT) -> Path:
    return folder / f"xunren_{lang}.ts"


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def lupdate(folder: Path) -> None:
    for lang in LANGUAGES:
        cmd = [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", "-target-language", lang]
        cmd += [*source_files(), "-ts", str(ts_path(lang, folder))]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)


def fill_english(path: Path) -> int:
    """Give every unfinished English message its source text; returns how many were filled."""
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        del translation.attrib["type"]
        if message.get("numerus") == "yes":
            for form in list(translation):
                translation.remove(form)
            for text in (source.replace("(s)", ""), source.replace("(s)", "s")):
                ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = source
        filled += 1
    if filled:
        write_ts(tree, path)
    return filled


def write_ts(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", "utf-8")


def lrelease(ts_folder: Path, qm_folder: Path) -> None:
    for lang in LANGUAGES:
        qm = qm_folder / f"xunren_{lang}.qm"
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(ts_path(lang, ts_folder)), "-qm", str(qm)],
            check=True,
            capture_output=True,
        )


def check() -> bool:
    """True when the committed .qm files are exactly what the .ts files compile to."""
    with tempfile.TemporaryDirectory() as tmp:
        lrelease(OUT, Path(tmp))
        return all(
            filecmp.cmp(Path(tmp) / f"xunren_{lang}.qm", OUT / f"xunren_{lang}.qm", shallow=False)
            for lang in LANGUAGES
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the .qm files are current")
    args = ap.parse_args(argv)
    if args.check:
        ok = check()
        print("translations current" if ok else "translations out of date: run tools/update_translations.py")
        return 0 if ok else 1
    OUT.mkdir(parents=True, exist_ok=True)
    lupdate(OUT)
    print(f"English: {fill_english(ts_path('en'))} messages filled from their source")
    lrelease(OUT, OUT)
    for lang in LANGUAGES:
        print(f"wrote {ts_path(lang).relative_to(ROOT)} and xunren_{lang}.qm")
    return 0


if __name__ == "__main__":
    if shutil.which(tool("pyside6-lupdate")) is None and not Path(tool("pyside6-lupdate")).exists():
        sys.exit("pyside6-lupdate not found: install PySide6")
    sys.exit(main())
