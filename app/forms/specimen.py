"""Specimen data (样张) for previews, the docs renderings, the tests and the benchmarks.

Not used when printing a real case. The worst case is here on purpose: every free-text field at
10,000 characters and a name with a character outside the primary font, so every consumer
exercises page flow and the fallback font the same way.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path

from PIL import Image, ImageDraw

from app.core.model import (
    Address,
    Case,
    CaseStatus,
    CaseType,
    CustodyEvent,
    Event,
    Person,
    RegisteredCase,
    ReviewState,
    Role,
    Sample,
    SampleType,
    Sex,
    StationInfo,
)
from app.core.validation import parse_case_file
from app.forms.caseload import CaseloadRow

CST = dt.timezone(dt.timedelta(hours=8))
LONG = 10_000
RARE_NAME = "吉\U00020bb7祥"  # 𠮷 U+20BB7 is in the fallback font only
REPO = Path(__file__).resolve().parents[2]
SPECIMEN_CODES = {
    "missing_child": "7KQ4M2XD9HTRC3WPA",
    "found_child": "M2XD7KQ4C3WP9HTRB",
    "trafficking": "9HTRC3WP7KQ4M2XDE",
}


def station() -> StationInfo:
    return StationInfo("370783001", "寿光市公安局圣城派出所", "0536-5221110", "山东省寿光市圣城街道渤海路1号")


def register(
    case: Case, case_no: str = "370783001-2026-000001", code: str = "7KQ4M2XD9HTRC3WPA"
) -> RegisteredCase:
    """A registered case as the store would hand it to the print service."""
    return RegisteredCase(
        case_no=case_no,
        case=case,
        status=CaseStatus.OPEN,
        review=ReviewState.PENDING,
        officer="张建华（037245）",  # as the print service names an officer: full name and badge
        verification_code=code,
        created_at=dt.datetime(2026, 11, 20, 2, 5, tzinfo=dt.UTC),
        assigned_to="刘洋（037251）",
    )


def examples_dir() -> Path | None:
    """The shared example case files, wherever this checkout finds them."""
    for candidate in (REPO / "tests" / "fixtures" / "examples", REPO.parent / "shared" / "examples"):
        if (candidate / "missing_child.json").exists():
            return candidate
    return None


def example(name: str) -> RegisteredCase:
    """A shared example case file (``missing_child``...), parsed and registered."""
    folder = examples_dir()
    if folder is None:
        raise FileNotFoundError("shared/examples is not beside this checkout")
    raw = (folder / f"{name}.json").read_bytes()
    try:
        case = parse_case_file(raw)[0]
    except ModuleNotFoundError:
        # STR locus names are normalised by app.core.matching; where it is not installed yet,
        # print without the profiles (forms show only their kit and locus count).
        data = json.loads(raw)
        for person in [data.get("reporter") or {}, *data["persons"]]:
            for sample in person.get("samples", []):
                sample.pop("profile", None)
        case = parse_case_file(json.dumps(data).encode())[0]
    return register(case, code=SPECIMEN_CODES.get(name, "7KQ4M2XD9HTRC3WPA"))


def found_siblings() -> RegisteredCase:
    """The found-child example with his sister found beside him (a witness between them): a
    found case with two found children, as the 寻亲启事 prints one page each (issue 18)."""
    folder = examples_dir()
    if folder is None:
        raise FileNotFoundError("shared/examples is not beside this checkout")
    data = json.loads((folder / "found_child.json").read_bytes())
    data["persons"][0].pop("samples", None)
    data["persons"].append({"role": "witness", "name": "候车室保洁员赵阿姨", "sex": "F"})
    data["persons"].append({"role": "found", "name": "红红", "name_is_self_reported": True, "sex": "F",
                            "estimated_age": [6, 8], "marks": "右膝盖有疤", "dialect": "山东口音",
                            "statement": "说家门口有条河，弟弟叫明明"})  # fmt: skip
    return register(parse_case_file(json.dumps(data).encode())[0], code=SPECIMEN_CODES["found_child"])


def filler(n: int, seed: str) -> str:
    """``n`` characters of Chinese prose with punctuation and line breaks, for flow tests."""
    phrase = f"{seed}：该人员于傍晚时分离开住处，沿河堤向东步行，途中曾在小卖部购买饮料并与店主交谈，此后去向不明。"
    text = (phrase * (n // len(phrase) + 1))[: n - 1]
    return text[: n // 2] + "\n" + text[n // 2 :]


def long_case() -> Case:
    """A missing-person case with every free-text field at the maximum length."""
    at = dt.datetime(2026, 11, 19, 17, 10, tzinfo=CST)
    custody = tuple(
        CustodyEvent(at + dt.timedelta(days=i), f"移交方{i}", f"接收方{i}", filler(200, "用途"), "记录员")
        for i in range(1, 6)
    )
    sample = Sample(
        SampleType.BLOOD_CARD,
        at,
        True,
        None,
        "采集员" * 10,
        filler(LONG, "备注"),
        "S-2026-0001",
        custody=custody,
    )
    child = Person(
        role=Role.MISSING,
        name=RARE_NAME,
        nicknames=("小吉",),
        former_names=("王" * 30,),
        sex=Sex.MALE,
        birth_date=dt.date(2019, 5, 2),
        height_cm=(110, 118),
        marks=filler(LONG, "特征"),
        clothing=filler(LONG, "衣着"),
        dialect=filler(LONG, "方言"),
        statement=filler(LONG, "陈述"),
        origin=filler(LONG, "籍贯"),
        household_address=Address("370783", filler(LONG, "户籍")),
        address=Address("370783", filler(LONG, "住址")),
        samples=(sample,),
    )
    reporter = Person(
        role=Role.REPORTER,
        name="吉秀兰",
        sex=Sex.FEMALE,
        phone="13800000000",
        relation="母亲",
        samples=(sample,),
    )
    return Case(
        type=CaseType.MISSING,
        reported_at=at + dt.timedelta(hours=16),
        summary=filler(LONG, "案情"),
        event=Event(at, "370783", filler(LONG, "地点")),
        persons=(child,),
        reporter=reporter,
        contact=filler(LONG, "联系"),
    )


def short_case() -> Case:
    """A missing-child case like the shared example, built in code (no files needed)."""
    at = dt.datetime(2026, 11, 19, 17, 10, tzinfo=CST)
    child = Person(
        role=Role.MISSING,
        name="王小明",
        nicknames=("明明",),
        sex=Sex.MALE,
        birth_date=dt.date(2022, 3, 15),
        height_cm=(95, 100),
        marks="左耳后有一颗黑痣；右手背有烫伤疤痕",
        clothing="红色羽绒服，蓝色运动裤，白色运动鞋",
        dialect="寿光话",
        household_address=Address("370783", "寿光市圣城街道银海路18号"),
    )
    mother = Person(role=Role.REPORTER, name="李秀英", sex=Sex.FEMALE, phone="13853612345", relation="mother")
    return Case(
        type=CaseType.MISSING,
        reported_at=at + dt.timedelta(hours=16),
        summary="孩子在菜市场门口走失，母亲买菜时不到五分钟未看见孩子。",
        event=Event(at, "370783", "山东省寿光市圣城街道农贸市场东门"),
        persons=(child,),
        reporter=mother,
    )


def photo_png(width: int = 360, height: int = 480) -> bytes:
    """A neutral placeholder portrait (no real person), PNG bytes."""
    img = Image.new("RGB", (width, height), (214, 222, 230))
    draw = ImageDraw.Draw(img)
    draw.ellipse((width * 0.3, height * 0.14, width * 0.7, height * 0.5), fill=(160, 170, 182))
    draw.rounded_rectangle(
        (width * 0.15, height * 0.55, width * 0.85, height * 1.1), 60, fill=(160, 170, 182)
    )
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def caseload_rows(n: int, seed: int = 7) -> list[CaseloadRow]:
    """``n`` plausible rows spread over officers, types and statuses (deterministic)."""
    rng = random.Random(seed)
    officers = [
        "张建华",
        "刘洋",
        "王芳",
        "李强",
        "陈静",
        "杨帆",
        "赵磊",
        "黄丽",
        "周涛",
        "吴敏",
        "徐杰",
        "孙悦",
        "马超",
        "朱琳",
    ]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰"
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        kind = rng.choices(list(CaseType), weights=[6, 3, 1])[0]
        status = rng.choices(list(CaseStatus), weights=[6, 1, 1, 1, 3])[0]
        created = start + dt.timedelta(minutes=rng.randint(0, 690 * 24 * 60))  # up to late Nov 2026
        person_names = tuple(
            rng.choice(surnames) + rng.choice(given) + rng.choice(given) for _ in range(rng.randint(1, 3))
        )
        rows.append(
            CaseloadRow(
                case_no=f"370783001-{created.year}-{i + 1:06d}",
                type=kind,
                status=status,
                review=rng.choice(list(ReviewState)),
                officer=rng.choice(officers),
                created_at=created,
                names=person_names,
                assigned_to=rng.choice([*officers, None]),
            )
        )
    return rows
