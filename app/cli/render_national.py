"""`case show` of another station's case: the read-only summary its national candidate brought,
marked as another station's (issue 14)."""

from __future__ import annotations

from typing import Any

from app.core import words
from app.core.lifecycle import CaseStatus
from app.core.model import CaseType, Sex
from app.services.national_cases import NationalCase as CaseSummary


def describe_national(s: CaseSummary, lang: str) -> str:
    en = words.is_english(lang)
    sep = ": " if en else "："

    def line(zh: str, english: str, value: str) -> str:
        return f"{english if en else zh}{sep}{value}"

    st = s.station
    lines = [
        "Another station's case (national candidate, read-only)" if en else "外站案件（全国比对候选，只读）",
        line("案件编号", "Case number", s.case_no),
        line("类别", "Type", words.word(CaseType, s.type, lang)),
        line("状态", "Status", words.word(CaseStatus, s.status, lang)),
        line("办案单位", "Owning station", f"{st.name}（{st.code}）" if not en else f"{st.name} ({st.code})"),
        line("单位电话", "Station phone", st.phone or ("not given" if en else "未提供")),
        line("单位地址", "Station address", st.address or ("not given" if en else "未提供")),
        line("时间", "When", s.event_at),
        line("地点", "Where", s.event_place),
    ]
    for p in s.subjects:
        facts = [p.name or ("(no name)" if en else "（无姓名）"), words.word(Sex, p.sex, lang)]
        if p.birth_date:
            facts.append(("born " if en else "出生 ") + p.birth_date)
        if p.estimated_age:
            facts.append(
                ("estimated age " if en else "估计年龄 ") + f"{p.estimated_age[0]}–{p.estimated_age[1]}"
            )
        if p.height_cm:
            facts.append(("height " if en else "身高 ") + f"{p.height_cm[0]}–{p.height_cm[1]} cm")
        for zh, english, value in (("特征", "marks", p.marks), ("衣着", "clothing", p.clothing),
                                   ("口音", "dialect", p.dialect)):  # fmt: skip
            if value:
                facts.append(f"{english} {value}" if en else f"{zh} {value}")
        lines.append("  " + ("; " if en else "；").join(facts))
    if s.photo_jpeg_base64:
        lines.append(line("照片", "Photo", "received with the candidate" if en else "已随候选送达"))
    elif s.photo_sha256:
        lines.append(line("照片", "Photo", "held by the owning station" if en else "办案单位存有照片"))
    return "\n".join(lines)


def national_json(s: CaseSummary) -> dict[str, Any]:
    """``case show --json`` of another station's case: the summary plus ``"national": true``."""
    payload = s.to_payload()
    payload.pop("photo_jpeg_base64", None)  # the bytes stay out of the text: has_photo says if one came
    return {**payload, "has_photo": bool(s.photo_jpeg_base64), "national": True}
