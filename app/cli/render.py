"""Human-readable text for `case show` without --json."""

from __future__ import annotations

from typing import Any

_LABELS = {
    "case_no": ("案件编号", "Case number"),
    "type": ("类型", "Type"),
    "status": ("状态", "Status"),
    "review": ("审核", "Review"),
    "officer": ("登记民警", "Officer"),
    "created_at": ("登记时间", "Registered"),
    "verification_code": ("核验码", "Verification code"),
    "summary": ("简要案情", "Summary"),
    "reported_at": ("报案时间", "Reported"),
}


def _label(key: str, lang: str) -> str:
    zh, en = _LABELS.get(key, (key, key))
    return en if lang == "en" else zh


def describe_case(doc: dict[str, Any], lang: str) -> str:
    from app.core.verification import group

    lines = []
    for key in ("case_no", "type", "status", "review", "officer", "created_at", "reported_at", "summary"):
        if doc.get(key):
            lines.append(f"{_label(key, lang)}: {doc[key]}")
    lines.append(f"{_label('verification_code', lang)}: {group(doc['verification_code'])}")
    for person in ([doc["reporter"]] if doc.get("reporter") else []) + doc["persons"]:
        role = person.get("role", "reporter")
        facts = [person.get("name", ""), person.get("sex", ""), person.get("birth_date", "")]
        lines.append(f"  [{role}] " + " ".join(str(f) for f in facts if f))
        for s in person.get("samples", []):
            lines.append(f"      DNA {s['sample_no']} {s['type']} {s['status']}")
    return "\n".join(lines)
