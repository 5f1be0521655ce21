"""The life of a case on the command line: edit, close, reopen, and the supervisor's review.

xunren case edit CASE_NO --file PATCH.json --reason TEXT
xunren case close CASE_NO --outcome OUTCOME --reason TEXT
xunren case reopen CASE_NO --reason TEXT
xunren review list [--json] / review approve ITEM... / review return ITEM --comment TEXT
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import emit_json, open_session, read_json, say
from app.core import words
from app.core.casejson import utc_text
from app.core.lifecycle import ClosureOutcome, ReviewKind
from app.core.review_desk import QueueItem, waited_words


def case_edit(args: argparse.Namespace, lang: str) -> int:
    from app.core.casediff import change_words
    from app.services.case_edit import edit_case

    patch = read_json(Path(args.file))
    with open_session(args, lang) as session:
        result = edit_case(session, args.case_no, patch, args.reason)
    say(
        lang,
        f"案件 {args.case_no} 已修改（第 {result.revision} 版）",
        f"case {args.case_no} edited (revision {result.revision})",
    )
    for change in result.changes:
        print(f"  {change_words(change, lang)}")
    if result.resubmitted:
        say(lang, "已更正并重新提交审核", "corrected and resubmitted for review")
    return 0


def case_close(args: argparse.Namespace, lang: str) -> int:
    from app.services.case_life import close_case

    outcome = ClosureOutcome(args.outcome)
    with open_session(args, lang) as session:
        close_case(session, args.case_no, outcome, args.reason)
    say(
        lang,
        f"已申请结案（{words.of(outcome, lang)}），待所长批准",
        f"closure requested ({words.of(outcome, lang)}); it takes effect on a supervisor's approval",
    )
    return 0


def case_reopen(args: argparse.Namespace, lang: str) -> int:
    from app.services.case_life import reopen_case

    with open_session(args, lang) as session:
        reopen_case(session, args.case_no, args.reason)
    say(lang, f"案件 {args.case_no} 已重新立案", f"case {args.case_no} reopened")
    return 0


def _item_json(item: QueueItem) -> dict[str, Any]:
    """A row of `review list --json`: the item (id, kind, reason, officer, waiting since) and its
    case; ``item`` keeps the number older scripts read (null for a DNA re-check)."""
    return {
        "id": item.id,
        "item": int(item.id) if item.id.isdigit() else None,
        "kind": item.kind.value,
        "case_no": item.case_no,
        "other_case": item.other_case,
        "type": item.case_type,
        "names": item.names.split("、") if item.names else [],
        "reason": item.reason,
        "officer": item.officer,
        "waiting_since": utc_text(item.waiting_since),
        "outcome": item.outcome.value if item.outcome else None,
        # The names the list had before issue 16, kept for scripts that read them.
        "requested_by": item.officer,
        "requested_at": utc_text(item.waiting_since),
        "note": item.reason,
    }


def review_list(args: argparse.Namespace, lang: str) -> int:
    import datetime as dt

    from app.services.review_desk import review_queue

    with open_session(args, lang) as session:
        items = review_queue(session)
    if args.json:
        emit_json([_item_json(i) for i in items])
        return 0
    now = dt.datetime.now(dt.UTC)
    for i in items:
        extra = f"  {words.of(i.outcome, lang)}" if i.outcome else ""
        reason = f"  {i.reason}" if i.reason else ""
        waited = waited_words(i.waited(now), lang)
        cases = " ↔ ".join(i.cases)
        kind = words.of(i.kind, lang)
        print(f"{i.id:>6}  {cases}  {kind}{extra}  {i.officer}  {waited}  {i.names}{reason}")
    if not items:
        say(lang, "没有待审核事项", "nothing waits for review")
    return 0


_DONE = {
    ReviewKind.REGISTRATION: ("登记已审核通过", "registration approved"),
    ReviewKind.RESUBMISSION: ("更正已审核通过", "correction approved"),
    ReviewKind.VOID: ("作废已批准", "void approved"),
    ReviewKind.CLOSURE: ("结案已批准", "closure approved"),
    ReviewKind.EDIT: ("修改已审核通过", "edit approved"),
    ReviewKind.DNA_RECHECK: ("DNA 比中复核完成", "DNA hit re-checked"),
}
_RETURNED = {
    ReviewKind.REGISTRATION: ("登记已退回", "registration returned"),
    ReviewKind.RESUBMISSION: ("更正已退回", "correction returned"),
    ReviewKind.VOID: ("作废申请已退回，案件仍在办", "void request refused; the case stays open"),
    ReviewKind.CLOSURE: ("结案申请已退回，案件仍在办", "closure refused; the case stays open"),
    ReviewKind.EDIT: ("修改已退回", "edit returned"),
}


def review_approve(args: argparse.Namespace, lang: str) -> int:
    from app.services.review_desk import approve_items

    with open_session(args, lang) as session:
        decisions = approve_items(session, list(args.items))
    for d in decisions:
        zh, en = _DONE[d.item.kind]
        cases = " ↔ ".join(d.item.cases)
        say(lang, f"事项 {d.item.id}（案件 {cases}）：{zh}", f"item {d.item.id} (case {cases}): {en}")
    return 0


def review_return(args: argparse.Namespace, lang: str) -> int:
    from app.services.review_desk import return_item

    with open_session(args, lang) as session:
        d = return_item(session, args.item, args.comment)
    zh, en = _RETURNED[d.item.kind]
    say(
        lang,
        f"事项 {d.item.id}（案件 {d.item.case_no}）：{zh}，已告知 {d.item.officer}；意见：{d.comment}",
        f"item {d.item.id} (case {d.item.case_no}): {en}; {d.item.officer} is told; comment: {d.comment}",
    )
    return 0
