"""Match commands: ``xunren match [CASE_NO] [--json]`` and the review of candidate pairs.

One ``match`` parser takes free words so that the contract's shape stays exact while review
actions live beside it::

    xunren match [CASE_NO] [--json]                    candidates of one case, or of every open case
    xunren match queue [--json]                        the station's candidates waiting for review
    xunren match confirm CASE_A CASE_B                 potential → confirmed
    xunren match reject CASE_A CASE_B --reason TEXT    potential → rejected
    xunren match recheck CASE_A CASE_B                 a second supervisor re-checks a DNA hit
    xunren match reunite CASE_A CASE_B                 confirmed → reunited (proposes closing both)

Case numbers never look like an action word, so the first word decides.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import emit_json, open_session
from app.core.lifecycle import RecheckState

ACTIONS = ("confirm", "reject", "recheck", "reunite")
USAGE = (
    "match [CASE_NO] [--json] | match queue [--json]"
    " | match confirm|reject|recheck|reunite CASE_A CASE_B [--reason TEXT]"
)


def add_parser(sub: Any, common: Any) -> None:
    """The ``match`` subcommand (called from app/cli/parser.py)."""
    from app.cli.helptext import T

    what = T("missing ↔ found candidates, and their review")
    p = sub.add_parser("match", help=what, description=what, usage=f"xunren {USAGE}")
    common(p)
    p.set_defaults(handler=match)
    p.add_argument("words", nargs="*", metavar="CASE_NO | queue | confirm|reject|reunite CASE_A CASE_B")
    p.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))
    p.add_argument("--reason", metavar="TEXT", help=T("why a candidate is rejected (required for reject)"))


_USAGE_WORDS = {
    "two": ("match {action} 需要两个案件编号", "match {action} needs two case numbers"),
    "reason": ("--reason 只用于 reject", "--reason goes with reject only"),
    "queue": ("match queue 不带案件编号", "match queue takes no case number"),
    "one": ("match 最多带一个案件编号", "match takes at most one case number"),
}


def _usage(key: str, lang: str, **params: str) -> Exception:
    from app.cli import UsageError

    zh, en = _USAGE_WORDS[key]
    if lang == "en":
        return UsageError(f"{en.format(**params)} (usage: xunren {USAGE})")
    return UsageError(f"{zh.format(**params)}（用法：xunren {USAGE}）")


def match(args: argparse.Namespace, lang: str) -> int:
    words: list[str] = list(args.words)
    if words and words[0] in ACTIONS:
        if len(words) != 3:
            raise _usage("two", lang, action=words[0])
        if args.reason is not None and words[0] != "reject":
            raise _usage("reason", lang)
        return _review(args, lang, words[0], words[1], words[2])
    if args.reason is not None:
        raise _usage("reason", lang)
    if words and words[0] == "queue":
        if len(words) != 1:
            raise _usage("queue", lang)
        return _queue(args, lang)
    if len(words) > 1:
        raise _usage("one", lang)
    return _show(args, lang, words[0] if words else None)


def _show(args: argparse.Namespace, lang: str, case_no: str | None) -> int:
    from app.services.matching import MatchReport, candidates_for, match_all

    with open_session(args, lang) as session:
        reports: list[MatchReport] = (
            [candidates_for(session, case_no)] if case_no is not None else match_all(session)
        )
    if args.json:
        docs = [r.to_json(lang) for r in reports]
        emit_json(docs[0] if case_no is not None else docs)
        return 0
    for report in reports:
        _print_report(report, lang)
    return 0


def _print_report(report: Any, lang: str) -> None:
    en = lang.startswith("en")
    print(f"{report.case_no}  ({len(report.items)} {'candidates' if en else '个候选'})")
    for i, item in enumerate(report.items, 1):
        dna = (
            f"  DNA {_VERDICTS_ZH.get(item.dna.verdict, item.dna.verdict) if not en else item.dna.verdict}"
            if item.dna
            else ""
        )
        source = ""
        if item.origin == "national_index":  # issue 15: a lead the server confirms at the next sync
            source = "  (national, offline index)" if en else "（全国离线索引）"
        print(f"  {i:>2}. {item.case_no}{source}  {item.score:.3f}  [{_state(item.state, lang)}]{dna}")
        for reason in item.reasons:
            print(f"        - {reason.text(lang)}")


_VERDICTS_ZH = {"supports": "支持", "excludes": "排除", "inconclusive": "不确定"}


def _state(state: str, lang: str) -> str:
    from app.core import words
    from app.core.lifecycle import MatchState

    return words.word(MatchState, state, lang)


def _queue(args: argparse.Namespace, lang: str) -> int:
    from app.services.match_review import review_queue
    from app.services.matching import drain_stale

    with open_session(args, lang) as session:
        drain_stale(session)
        entries = review_queue(session)
    if args.json:
        emit_json([{"missing": e.item.missing_case, "found": e.item.found_case, "score": round(e.item.score, 4),
                    "dna_verdict": e.item.dna.verdict if e.item.dna else None, "state": e.item.state,
                    "dna_recheck": e.item.dna_recheck} for e in entries])  # fmt: skip
        return 0
    for e in entries:
        flag = "  DNA!" if e.item.dna_recheck == RecheckState.PENDING else ""
        print(
            f"{e.item.missing_case}  {e.item.found_case}  {e.item.score:.3f}  {_state(e.item.state, lang)}{flag}"
        )
    return 0


def _review(args: argparse.Namespace, lang: str, decision: str, a: str, b: str) -> int:
    from app.services.match_review import review_candidate

    proposals: list[str] = []
    with open_session(args, lang) as session:
        state = review_candidate(session, a, b, decision, args.reason, proposals=proposals)
    print(_state(state, lang))
    if proposals:
        numbers = ", ".join(proposals)
        print(
            f"proposed for closure (reunited), waiting for a supervisor: {numbers}"
            if lang.startswith("en")
            else f"已提出结案申请（已团聚），待所长批准：{numbers}"
        )
    return 0
