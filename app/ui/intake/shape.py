"""The intake form's state (what the widgets hold, kept as a draft) and the case file it makes.

The state keeps exactly what the officer typed, valid or not, so a draft gives it all back. The
case dict is the ``case add`` JSON shape that :func:`app.core.validation.parse_case` checks; a
value that cannot be converted (``"9a"`` as a height) is passed through unchanged so that the
core names the problem in its own words. Pure Python: no Qt.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.model import EVENT_KEY, CaseType

STATE_VERSION = 1
_LIST_SPLIT = re.compile(r"[,，、;；\n]+")

PERSON_TEXT_KEYS = (
    "name", "former_names", "nicknames", "sex", "birth_date", "age_lo", "age_hi", "id_number",
    "height_lo", "height_hi", "build", "marks", "clothing", "dialect", "statement", "origin",
    "household_code", "household_place", "household_text", "address_code", "address_place",
    "address_text", "phone", "relation",
)  # fmt: skip
TEXT_FIELDS = ("marks", "clothing", "dialect", "statement", "origin", "phone", "relation")


def blank_person(role: str) -> dict[str, Any]:
    """A person's state with nothing typed yet."""
    state: dict[str, Any] = dict.fromkeys(PERSON_TEXT_KEYS, "")
    state.update(role=role, sex="U", name_is_self_reported=False, samples=[], photos=[])
    return state


def blank_state(case_type: CaseType, reported_at: str) -> dict[str, Any]:
    """A new form of *case_type*: one subject, a reporter for missing-person reports."""
    subject = {CaseType.MISSING: "missing", CaseType.FOUND: "found", CaseType.TRAFFICKING: "victim"}
    return {
        "version": STATE_VERSION,
        "type": case_type.value,
        "reported_at": reported_at,
        "summary": "",
        "contact": "",
        "event": {"at": reported_at, "place_code": "", "place_label": "", "place": ""},
        "exploitation": [],
        "reporter": blank_person("reporter") if case_type is CaseType.MISSING else None,
        "persons": [blank_person(subject[case_type])],
    }


def split_names(text: str) -> list[str]:
    """``"明明、小明, 明仔"`` → ``["明明", "小明", "明仔"]``."""
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


def _number(text: str) -> int | str:
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else stripped


def _span(lo: str, hi: str) -> list[int | str] | None:
    if not lo.strip() and not hi.strip():
        return None
    lo_v, hi_v = _number(lo or hi), _number(hi or lo)
    return [lo_v, hi_v]


def _place_code(code: str, label: str) -> str | None:
    # Text typed into a place picker but never chosen from its list is passed on as the code,
    # so the core reports "not a GB/T 2260 code" beside the picker instead of losing it.
    if code:
        return code
    return label.strip() or None


def _address(code: str, label: str, text: str) -> dict[str, Any] | None:
    place = _place_code(code, label)
    if place is None and not text.strip():
        return None
    return {"code": place, "text": text}


def person_dict(state: dict[str, Any], *, reporter: bool = False) -> dict[str, Any]:
    """One person's part of the case file, leaving out what is empty."""
    out: dict[str, Any] = {} if reporter else {"role": state.get("role", "other")}

    def get(key: str) -> str:
        return str(state.get(key) or "")

    if get("name").strip():
        out["name"] = get("name").strip()
    for key in ("former_names", "nicknames"):
        if split_names(get(key)):
            out[key] = split_names(get(key))
    if state.get("name_is_self_reported"):
        out["name_is_self_reported"] = True
    out["sex"] = get("sex") or "U"
    if get("birth_date").strip():
        out["birth_date"] = get("birth_date").strip()
    if (age := _span(get("age_lo"), get("age_hi"))) is not None:
        out["estimated_age"] = age
    if get("id_number").strip():
        out["id_number"] = get("id_number").strip()
    if (height := _span(get("height_lo"), get("height_hi"))) is not None:
        out["height_cm"] = height
    if get("build"):
        out["build"] = get("build")
        if state.get("build_text") and state.get("build_text_for") == get("build"):
            out["build_text"] = state["build_text"]  # the words as written, while the build stands
    for key in TEXT_FIELDS:
        if get(key).strip():
            out[key] = get(key).strip() if key in ("phone", "relation") else get(key)
    home = _address(get("household_code"), get("household_place"), get("household_text"))
    if home is not None:
        out["household_address"] = home
    here = _address(get("address_code"), get("address_place"), get("address_text"))
    if here is not None:
        out["address"] = here
    if state.get("samples"):
        out["samples"] = [dict(s) for s in state["samples"]]
    return out


def case_dict(state: dict[str, Any]) -> dict[str, Any]:
    """The case file (``case add`` shape) the form describes, ready for ``parse_case``."""
    case_type = CaseType(state["type"])
    event = state.get("event") or {}
    out: dict[str, Any] = {"type": case_type.value, "reported_at": state.get("reported_at")}
    if str(state.get("summary") or "").strip():
        out["summary"] = state["summary"]
    out[EVENT_KEY[case_type]] = {
        "at": event.get("at"),
        "place_code": _place_code(str(event.get("place_code") or ""), str(event.get("place_label") or "")),
        "place": str(event.get("place") or ""),
    }
    if case_type is CaseType.TRAFFICKING:
        out["exploitation"] = list(state.get("exploitation") or [])
    out["persons"] = [person_dict(p) for p in state.get("persons") or []]
    if state.get("reporter") is not None:
        out["reporter"] = person_dict(state["reporter"], reporter=True)
    if str(state.get("contact") or "").strip():
        out["contact"] = str(state["contact"]).strip()
    return out


def photos_of(state: dict[str, Any]) -> list[tuple[int, list[dict[str, Any]]]]:
    """``(person position, photo states)`` for every person with photos; -1 is the reporter."""
    out: list[tuple[int, list[dict[str, Any]]]] = []
    reporter = state.get("reporter")
    if reporter and reporter.get("photos"):
        out.append((-1, list(reporter["photos"])))
    for i, person in enumerate(state.get("persons") or []):
        if person.get("photos"):
            out.append((i, list(person["photos"])))
    return out


def has_content(state: dict[str, Any]) -> bool:
    """True once the officer typed anything worth keeping (a blank form is not a draft)."""
    if str(state.get("summary") or "").strip() or str(state.get("contact") or "").strip():
        return True
    event = state.get("event") or {}
    if any(str(event.get(k) or "").strip() for k in ("place_label", "place")) or state.get("exploitation"):
        return True
    people = [p for p in [state.get("reporter"), *(state.get("persons") or [])] if p]
    for person in people:
        if any(str(person.get(k) or "").strip() for k in PERSON_TEXT_KEYS if k != "sex"):
            return True
        if person.get("sex") not in ("U", "", None) or person.get("samples") or person.get("photos"):
            return True
    return len(state.get("persons") or []) > 1


def _place_label(code: str | None) -> str:
    from app.core import regions

    return (regions.place_name(code) or code or "") if code else ""


def _person_state(doc: dict[str, Any], role: str) -> dict[str, Any]:
    state = blank_person(role)
    age, height = doc.get("estimated_age") or ["", ""], doc.get("height_cm") or ["", ""]
    state.update(
        name=doc.get("name", ""), former_names="、".join(doc.get("former_names", [])),
        nicknames="、".join(doc.get("nicknames", [])), sex=doc.get("sex", "U"), birth_date=doc.get("birth_date", ""),
        age_lo=str(age[0]), age_hi=str(age[1]), id_number=doc.get("id_number", ""),
        height_lo=str(height[0]), height_hi=str(height[1]), build=doc.get("build", ""),
        name_is_self_reported=bool(doc.get("name_is_self_reported")), samples=list(doc.get("samples", [])),
    )  # fmt: skip
    if doc.get("build_text"):
        state.update(build_text=doc["build_text"], build_text_for=doc.get("build", ""))
    for key in TEXT_FIELDS:
        state[key] = doc.get(key, "")
    for prefix, key in (("household", "household_address"), ("address", "address")):
        addr = doc.get(key) or {}
        state[f"{prefix}_code"] = addr.get("code") or ""
        state[f"{prefix}_place"] = _place_label(addr.get("code"))
        state[f"{prefix}_text"] = addr.get("text", "")
    return state


def state_from_case(doc: dict[str, Any]) -> dict[str, Any]:
    """The form's state for a registered case's document (``case_to_json``): the edit dialog opens
    the intake form filled with it; :func:`case_dict` of it gives the document back."""
    case_type = CaseType(doc["type"])
    event = doc.get(EVENT_KEY[case_type]) or {}
    return {
        "version": STATE_VERSION,
        "type": case_type.value,
        "reported_at": doc["reported_at"],
        "summary": doc.get("summary", ""),
        "contact": doc.get("contact", ""),
        "event": {
            "at": event.get("at", doc["reported_at"]),
            "place_code": event.get("place_code") or "",
            "place_label": _place_label(event.get("place_code")),
            "place": event.get("place", ""),
        },
        "exploitation": list(doc.get("exploitation", [])),
        "reporter": _person_state(doc["reporter"], "reporter") if doc.get("reporter") else None,
        "persons": [_person_state(p, p.get("role", "other")) for p in doc.get("persons", [])],
    }
