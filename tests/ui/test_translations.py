"""Every visible string is translated in both languages, and the compiled .qm files are current."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import update_translations as ut  # noqa: E402

LANGS = ("zh_CN", "en")


def _problems(ts: Path) -> list[str]:
    """Messages without a finished, non-empty translation."""
    out = []
    for context in ET.parse(ts).iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            tr = message.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
                out.append(f"{name}: {source!r} is not finished")
                continue
            forms = (
                [f.text or "" for f in tr.findall("numerusform")]
                if message.get("numerus") == "yes"
                else [tr.text or ""]
            )
            if not forms or not all(f.strip() for f in forms):
                out.append(f"{name}: {source!r} has an empty translation")
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated(lang: str) -> None:
    ts = ut.ts_path(lang)
    assert ts.exists(), f"{ts} is missing: run tools/update_translations.py"
    problems = _problems(ts)
    assert not problems, "\n".join(problems)


def test_chinese_is_really_chinese() -> None:
    """A zh_CN translation that merely repeats the English source is not a translation."""
    copied = []
    for message in ET.parse(ut.ts_path("zh_CN")).iter("message"):
        source, text = message.findtext("source") or "", message.findtext("translation") or ""
        if text == source and any(c.isalpha() and c.isascii() for c in source) and len(source) > 3:
            copied.append(source)
    assert not copied, copied


def test_ts_files_hold_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over app/ui finds no string that the committed .ts files lack."""
    for lang in LANGS:
        (tmp_path / f"xunren_{lang}.ts").write_bytes(ut.ts_path(lang).read_bytes())
    ut.lupdate(tmp_path)
    for lang in LANGS:
        problems = _problems(tmp_path / f"xunren_{lang}.ts")
        assert not problems, f"{lang}: run tools/update_translations.py and translate:\n" + "\n".join(
            problems
        )


def test_qm_files_are_compiled_from_the_current_ts() -> None:
    assert ut.check(), "the .qm files are stale: run tools/update_translations.py"


def test_update_script_check_mode_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_chinese_translation_is_loaded(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from app.ui import i18n

    try:
        assert i18n.install_language("en")
        assert QCoreApplication.translate("LockScreen", "Screen locked") == "Screen locked"
        assert i18n.install_language("zh_CN")
        assert QCoreApplication.translate("LockScreen", "Screen locked") == "屏幕已锁定"
        assert i18n.case_type_name("missing") == "失踪"
    finally:
        i18n.install_language("zh_CN")
