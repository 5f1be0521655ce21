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
from app.core.lifecycle import ClosureOutcome, ReviewKind


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


def _item_json(entry: Any) -> dict[str, Any]:
    """A row of `review list --json`: the case's list line plus the item (id, kind, request)."""
    from app.cli.commands_cases import _row_json

    item = entry.item
    return {"item": item.id, "kind": item.kind.value, **_row_json(entry.row),
            "requested_by": item.requested_by, "requested_at": item.requested_at, "note": item.note,
            "outcome": item.outcome.value if item.outcome else None}  # fmt: skip


def review_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import review_queue

    with open_session(args, lang) as session:
        entries = review_queue(session)
    if args.json:
        emit_json([_item_json(e) for e in entries])
        return 0
    for e in entries:
        kind = words.of(e.item.kind, lang)
        extra = f"  {words.of(e.item.outcome, lang)}" if e.item.outcome else ""
        note = f"  {e.item.note}" if e.item.note else ""
        print(f"{e.item.id:>6}  {e.row.case_no}  {kind}{extra}  {e.item.requested_by}  {e.row.names}{note}")
    if not entries:
        say(lang, "没有待审核事项", "nothing waits for review")
    return 0


_DONE = {
    ReviewKind.REGISTRATION: ("登记已审核通过", "registration approved"),
    ReviewKind.RESUBMISSION: ("更正已审核通过", "correction approved"),
    ReviewKind.VOID: ("作废已批准", "void approved"),
    ReviewKind.CLOSURE: ("结案已批准", "closure approved"),
}


def review_approve(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import approve

    with open_session(args, lang) as session:
        for ref in args.items:
            kind = ReviewKind(approve(session, ref))
            zh, en = _DONE[kind]
            say(lang, f"{ref}：{zh}", f"{ref}: {en}")
    return 0


def review_return(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import return_case

    with open_session(args, lang) as session:
        return_case(session, args.item, args.comment)
    say(lang, f"{args.item}：已退回", f"{args.item}: returned")
    return 0
