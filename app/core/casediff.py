"""Edits of a registered case: a patch in the case file's shape, applied; what changed, in words.

A patch is a JSON object shaped like the case file holding only what changes (RFC 7386 merge
patch, with one difference): objects merge key by key, ``null`` removes a field, and the two
lists of objects, ``persons`` and a person's ``samples``, merge element by element by position
(``{}`` leaves an element as it is; a longer ``persons`` adds persons). A registered person or
sample is never removed (sample numbers and the chain of custody point at them), a sample is
added with ``sample add`` (it needs a number), and the case type never changes. Pure Python.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from app.core.model import FieldChange
from app.core.problems import InvalidInput, Problem
from app.core.words import is_english

_BY_POSITION = {"persons", "samples"}


def apply_patch(document: dict[str, Any], patch: Any) -> dict[str, Any]:
    """The case document with *patch* applied (a new object; *document* is not touched)."""
    if not isinstance(patch, dict):
        raise InvalidInput([Problem("", "wrong_type", {"expected": "object"})])
    if "type" in patch and patch["type"] != document.get("type"):
        raise InvalidInput([Problem("type", "type_change")])
    out: dict[str, Any] = _copy(document)
    _merge(out, patch, "")
    return out


def _copy(value: Any) -> Any:
    """A copy of a JSON value (dicts, lists and immutable scalars): what ``copy.deepcopy`` gives
    for it, several times faster (an edit copies the whole case document)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else copy.deepcopy(value)


def _merge(target: dict[str, Any], patch: dict[str, Any], where: str) -> None:
    for key, value in patch.items():
        at = f"{where}.{key}" if where else key
        if value is None:
            if key in _BY_POSITION:
                raise InvalidInput([Problem(at, "no_removal")])
            target.pop(key, None)
        elif key in _BY_POSITION and isinstance(value, list):
            target[key] = _merge_list(target.get(key) or [], value, at, key)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value, at)
        else:
            target[key] = _copy(value)


def _merge_list(old: list[Any], patch: list[Any], where: str, key: str) -> list[Any]:
    out: list[Any] = _copy(old)
    for i, item in enumerate(patch):
        at = f"{where}[{i}]"
        if item is None:
            raise InvalidInput([Problem(at, "no_removal")])
        if i >= len(out):
            if key == "samples":
                raise InvalidInput([Problem(at, "new_sample")])
            out.append(_copy(item))
        elif isinstance(item, dict) and isinstance(out[i], dict):
            _merge(out[i], item, at)
        else:
            raise InvalidInput([Problem(at, "wrong_type", {"expected": "object"})])
    return out


def patch_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The patch that makes *after* of *before* (what the app's edit form sends): changed and new
    fields, ``null`` for a field left empty, persons and samples element by element."""
    out: dict[str, Any] = {}
    for key in before:
        if key not in after:
            out[key] = None
    for key, value in after.items():
        old = before.get(key)
        if _same(value, old):
            continue
        if key in _BY_POSITION and isinstance(value, list) and isinstance(old, list):
            items: list[Any] = []
            for i, item in enumerate(value):
                prior = old[i] if i < len(old) else None
                items.append(
                    patch_between(prior, item) if isinstance(prior, dict) and isinstance(item, dict) else item
                )
            items.extend(None for _ in range(len(value), len(old)))  # a removal: refused by apply_patch
            out[key] = items
        elif isinstance(value, dict) and isinstance(old, dict):
            out[key] = patch_between(old, value)
        else:
            out[key] = value
    return out


def diff(before: Any, after: Any, where: str = "") -> list[FieldChange]:
    """Every leaf that differs between two case documents, by its path (``persons[0].name``)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[FieldChange] = []
        for key in list(before) + [k for k in after if k not in before]:
            at = f"{where}.{key}" if where else key
            out.extend(diff(before.get(key), after.get(key), at))
        return out
    if isinstance(before, list) and isinstance(after, list) and where.rsplit(".", 1)[-1] in _BY_POSITION:
        out = []
        for i in range(max(len(before), len(after))):
            out.extend(diff(before[i] if i < len(before) else None, after[i] if i < len(after) else None,
                            f"{where}[{i}]"))  # fmt: skip
        return out
    if isinstance(before, dict) and after is None:
        return diff(before, {}, where)
    if before is None and isinstance(after, dict):
        return diff({}, after, where)
    return [] if _same(before, after) else [FieldChange(where, before, after)]


def _same(a: Any, b: Any) -> bool:
    """Equal values; two times are the same when they are the same instant (a form shows local
    time: 09:30+08:00 and 01:30+00:00 are one moment, not an edit)."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str) and "T" in a and "T" in b:
        try:
            ta, tb = dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)
        except ValueError:
            return False
        return ta.tzinfo is not None and tb.tzinfo is not None and ta == tb
    return False


# Words for the fields of the case file, as the history view and `case show` name a change.
FIELDS: dict[str, tuple[str, str]] = {
    "summary": ("简要案情", "summary"), "reported_at": ("报案时间", "report time"),
    "contact": ("联系方式", "contact"), "exploitation": ("剥削形式", "exploitation"),
    "last_seen": ("最后见到", "last seen"), "found": ("发现", "found"), "incident": ("案发", "incident"),
    "at": ("时间", "time"), "place": ("地点", "place"), "place_code": ("地点区划代码", "place code"),
    "reporter": ("报案人", "reporter"), "persons": ("人员", "person"), "role": ("身份", "role"),
    "name": ("姓名", "name"), "former_names": ("曾用名", "former names"),
    "nicknames": ("小名/绰号", "nicknames"), "name_is_self_reported": ("姓名为本人自述", "name self-reported"),
    "sex": ("性别", "sex"), "birth_date": ("出生日期", "date of birth"),
    "estimated_age": ("估计年龄", "estimated age"), "id_number": ("身份证号", "ID number"),
    "height_cm": ("身高", "height"), "build": ("体型", "build"), "build_text": ("体型（原话）", "build (as written)"),
    "marks": ("体貌特征", "marks"), "clothing": ("衣着", "clothing"), "dialect": ("口音/方言", "dialect"),
    "statement": ("陈述", "statement"), "origin": ("籍贯/来源地", "origin"),
    "household_address": ("户籍地址", "household address"), "address": ("现住址", "address"),
    "code": ("区划代码", "code"), "text": ("详细地址", "text"), "phone": ("电话", "phone"),
    "relation": ("关系", "relation"), "samples": ("样本", "sample"), "type": ("类型", "type"),
    "collected_at": ("采集时间", "collected at"), "consent": ("同意", "consent"),
    "collector": ("采集人", "collector"), "note": ("备注", "note"), "profile": ("STR分型", "STR profile"),
    "kit": ("试剂盒", "kit"), "loci": ("基因座", "loci"),
}  # fmt: skip
_STEP = re.compile(r"([A-Za-z_ ]+)(?:\[(\d+)\])?")


def field_words(path: str, lang: str) -> str:
    """``persons[0].name`` → 人员 1 · 姓名 / person 1 · name."""
    english = is_english(lang)
    parts = []
    for step in path.split("."):
        m = _STEP.fullmatch(step)
        if m is None:
            parts.append(step)
            continue
        pair = FIELDS.get(m.group(1))
        word = (pair[1] if english else pair[0]) if pair else m.group(1)
        parts.append(f"{word} {int(m.group(2)) + 1}" if m.group(2) is not None else word)
    return " · ".join(parts)


def value_words(value: object, lang: str) -> str:
    """A before/after value as a line of text (empty shown as a dash)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return ("yes" if value else "no") if is_english(lang) else ("是" if value else "否")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if is_english(lang) else "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def change_words(change: FieldChange, lang: str) -> str:
    """One change in words: ``人员 1 · 姓名：王小明 → 王晓明``."""
    sep = ": " if is_english(lang) else "："
    before, after = value_words(change.before, lang), value_words(change.after, lang)
    return f"{field_words(change.path, lang)}{sep}{before} → {after}"
