"""`case show`'s line about the national gallery of found children (issue 18): whether the
station's request waits for an operator, or the child is published, withdrawn or removed."""

from __future__ import annotations

from collections.abc import Mapping

from app.core import words

_STATES = {
    "awaiting": ("已申请，等待全国操作员审批", "requested, waiting for a national operator"),
    "published": ("已在全国寻亲展示中公开", "published in the national gallery"),
    "withdrawn": ("已撤下", "withdrawn"),
    "removed": ("已因结案或作废撤下", "removed because the case was closed or voided"),
}
_LABEL = ("全国寻亲展示", "National gallery")
_REFERENCE = ("编号", "reference")
_BY = {"operator": ("全国操作员", "national operator"), "station": ("本站", "this station:")}
_REASON = ("理由", "reason")


def _w(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if words.is_english(lang) else pair[0]


def describe_gallery(standing: Mapping[str, str], lang: str) -> str:
    """One line from ``case show --json``'s ``gallery`` key, e.g.
    ``全国寻亲展示：已在全国寻亲展示中公开（编号 …，2026-12-06 13:40，决定人 …）``."""
    state, by, reason, reference = (
        standing["state"],
        standing["by"],
        standing["reason"],
        standing["reference"],
    )
    english = words.is_english(lang)
    sep, comma = (": ", ", ") if english else ("：", "，")
    parts = [f"{_w(_REFERENCE, lang)} {reference}", standing["at"][:16].replace("T", " ")]
    if state != "awaiting" and by:
        kind = _BY.get(standing.get("by_kind", ""))
        parts.append(f"{_w(kind, lang)} {by}" if kind else by)
    if reason and state != "awaiting":
        parts.append(f"{_w(_REASON, lang)} {reason}")
    state = _w(_STATES.get(state, (state, state)), lang)
    inner = comma.join(p for p in parts if p)
    return f"{_w(_LABEL, lang)}{sep}{state}" + (f" ({inner})" if english else f"（{inner}）")
