"""Screenshots of the intake, case detail and preview screens, in Chinese and English.

    python -m tests.ui.test_intake_screenshots [--out docs/screenshots]

Each language gets a fresh station with the example cases; every screen is rendered offscreen
at 1366×768 and saved as ``intake_*``, ``detail_*`` and ``preview_*`` PNGs. The test below renders
the Chinese set into a temporary folder, so a screen that stops rendering fails the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1366, 768)
PASSWORD = "Station-Admin-2026!"
EXAMPLES = ROOT.parent / "shared" / "examples"


def spin(ms: int = 40) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(pred: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get ready in time")
        spin(20)
    spin(150)


def on_db(ctx: Any, fn: Callable[[Any], Any]) -> Any:
    box: dict[str, Any] = {}
    ctx.submit(fn, on_done=lambda r: box.setdefault("r", r), on_error=lambda e: box.setdefault("e", e))
    wait_for(lambda: bool(box))
    if "e" in box:
        raise box["e"]
    return box["r"]


def shoot(widget: Any, out: Path, name: str) -> Path:
    widget.resize(*SIZE)
    widget.show()
    spin(150)
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    return path


def screens_main(render: Callable[..., list[Path]], doc: str | None) -> int:
    """`python -m tests.ui.test_X_ui [--out DIR]`: *render(out, lang, work=DIR)* in both
    languages into docs/screenshots (or --out), each language in a fresh working folder."""
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0] if doc else None)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en"):
        with tempfile.TemporaryDirectory() as work:
            for f in render(args.out, lang, work=Path(work)):
                print(f)
    return 0


def _photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 800), (236, 222, 200))
    draw = ImageDraw.Draw(img)
    draw.ellipse((170, 120, 430, 420), fill=(240, 200, 170))
    draw.rectangle((120, 420, 480, 800), fill=(200, 40, 40))
    path = folder / "child.jpg"
    img.save(path)
    return path


def fill_missing(dialog: Any, lang: str) -> None:
    from tests.ui.test_intake_fixtures import wrong_check_digit

    form = dialog.form
    form.event_place.set_code("370783")
    form.event_place_text.setText("圣城街道农贸市场东门")
    form.summary.setPlainText("孩子在菜市场门口走失，母亲买菜时不到五分钟未看见孩子。")
    form.contact.setText("13853612345（母亲）")
    child = form.persons[0]
    child.name.setText("王小明")
    child.nicknames.setText("明明")
    child.height_range.set_values("95", "100")
    child.build.setCurrentIndex(child.build.findData("slim"))
    child.marks.setPlainText("左耳后有一颗黑痣；右手背有烫伤疤痕")
    child.clothing.setPlainText("红色羽绒服，蓝色运动裤，白色运动鞋")
    child.dialect.setText("寿光话")
    child.id_number.setText(wrong_check_digit("37078320220315001"))
    child.phone.setText("1385361234x")
    dialog._touched |= {_anchor("persons[0]", key) for key in ("id_number", "phone", "name")}


def fill_found(dialog: Any) -> None:
    form = dialog.form
    form.event_place.set_code("450305")
    form.event_place_text.setText("桂林北站候车室")
    form.summary.setPlainText("巡逻中在火车站候车室发现一名无人看管的男童，无法说出家庭住址。")
    boy = form.persons[0]
    boy.name.setText("明明")
    boy.self_reported.setChecked(True)
    boy.sex.setCurrentIndex(boy.sex.findData("M"))
    boy.age.set_values("5", "3")
    boy.height_range.set_values("96", "102")
    boy.dialect.setText("山东口音")
    boy.statement.setPlainText("说妈妈在买菜，家里有爷爷养的狗")
    dialog._touched |= {_anchor("persons[0]", "estimated_age")}


def _anchor(scope: str, key: str) -> Any:
    from app.ui.intake.checks import Anchor

    return Anchor(scope, key)


def render(out: Path, lang: str, *, work: Path) -> list[Path]:
    """Render every screen of intake, detail and preview in *lang* into *out*; returns the files."""
    from app import bootstrap
    from app.core.model import CaseType
    from app.core.validation import parse_case
    from app.services.cases import register_cases
    from app.services.photos import add_photos, prepare_photo_file
    from app.services.samples import record_handover
    from app.services.session import init_station
    from app.ui import i18n
    from app.ui.context import UiContext
    from app.ui.detail import CaseDetailPane
    from app.ui.intake import IntakeDialog
    from app.ui.preview import open_form_preview
    from app.ui.runner import Runner

    bootstrap.create_application()
    i18n.install_language(lang)
    name = "寿光市公安局圣城派出所" if lang != "en" else "Shouguang PSB Shengcheng Police Station"
    session = init_station(work / f"data-{lang}", "370783001", name, "admin", PASSWORD, lang=lang)
    runner = Runner()
    ctx = UiContext(runner, session, lang)
    on_db(ctx, lambda s: s.store.claim_writer())
    files: list[Path] = []
    try:
        cases = [parse_case(json.loads((EXAMPLES / f"{n}.json").read_text("utf-8")))
                 for n in ("missing_child", "found_child", "trafficking")]  # fmt: skip
        numbers = [r.case_no for r in on_db(ctx, lambda s: register_cases(s, cases))]
        photo = _photo(work)
        on_db(ctx, lambda s: add_photos(s, numbers[0], 0, [prepare_photo_file(photo)]))
        on_db(ctx, lambda s: record_handover(s, f"370783001-{numbers[0][10:14]}-D000001", "admin",
                                             "潍坊市公安局物证鉴定所 刘军", purpose="lab"))  # fmt: skip

        for case_type in CaseType:
            dialog = IntakeDialog(ctx, case_type)
            dialog.resize(*SIZE)
            dialog.show()
            wait_for(runner.idle)
            if case_type is CaseType.MISSING:
                fill_missing(dialog, lang)
                dialog.check()
            elif case_type is CaseType.FOUND:
                fill_found(dialog)
                dialog.check()
            else:
                dialog.form.persons[0].name.setText("杨美玲")
                dialog.save()  # refused: shows every problem (no exploitation chosen yet)
            spin(300)
            files.append(shoot(dialog, out, f"intake_{case_type.value}_{lang}"))
            if case_type is CaseType.FOUND:
                dialog.form.persons[0].age.set_values("3", "5")
                dialog.save()
                wait_for(lambda d=dialog: d.pages.currentWidget() is d.confirmation)
                files.append(shoot(dialog, out, f"intake_confirmation_{lang}"))
            dialog._autosave.stop()
            dialog.hide()
            dialog.deleteLater()

        pane = CaseDetailPane(ctx)
        pane.resize(*SIZE)
        pane.show()
        pane.show_case(numbers[0])
        wait_for(lambda: pane.view is not None)
        for index, tab in enumerate(("summary", "persons", "samples", "history")):
            pane.tabs.setCurrentIndex(index)
            if tab == "samples":
                pane.samples.table.setCurrentCell(0, 0)
            files.append(shoot(pane, out, f"detail_{tab}_{lang}"))
        pane.hide()

        for form in ("receipt", "poster"):
            preview = open_form_preview(ctx, form, numbers[0])
            preview.resize(*SIZE)
            wait_for(lambda p=preview: bool(p.pages))
            files.append(shoot(preview, out, f"preview_{form}_{lang}"))
            preview.close()
        wait_for(runner.idle)
    finally:
        runner.shutdown()
        session.close()
        i18n.install_language("zh_CN")
    return files


def test_intake_detail_and_preview_screens_render(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    files = render(tmp_path, "zh_CN", work=tmp_path)
    assert len(files) == 10
    for f in files:
        image = QImage(str(f))
        assert (image.width(), image.height()) == SIZE, f.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en"):
        with tempfile.TemporaryDirectory() as work:
            for f in render(args.out, lang, work=Path(work)):
                print(f"wrote {f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
