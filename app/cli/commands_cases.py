"""Case commands: add, show, list, void, assign, search."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import UsageError
from app.cli.common import emit_json, open_session, say
from app.core import words
from app.core.casejson import utc_text
from app.core.model import CaseStatus, CaseType, RegisteredCase, ReviewState, Role
from app.services.errors import ServiceError

if TYPE_CHECKING:
    from app.services.gallery import GalleryStanding


def _row_json(row: Any, matched_on: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "case_no": row.case_no,
        "type": row.type,
        "status": row.status,
        "review": row.review,
        "names": [n for n in row.names.split("、") if n],
        "officer": row.assigned_to or row.officer,  # who answers for it
        "registered_by": row.officer,
        "created_at": row.created_at,
    }
    if matched_on is not None:
        out["matched_on"] = matched_on
    if row.alert:  # another station's case, overdue through its unacknowledged alert (`alert list`)
        out["alert"] = True
    return out


def _print_rows(rows: Iterable[Any], lang: str) -> None:
    for r in rows:
        kind = words.word(CaseType, r.type, lang)
        status = words.word(CaseStatus, r.status, lang)
        review = words.word(ReviewState, r.review, lang)
        print(f"{r.case_no}  {kind}  {status}  {review}  {r.created_at}  {r.names}")


def case_add(args: argparse.Namespace, lang: str) -> int:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ServiceError(
            "file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__
        ) from None
    new_cases = parse_case_file(data)
    if args.allow_duplicate and not (args.reason or "").strip():
        raise UsageError(
            "--allow-duplicate --reason TEXT" if lang == "en" else "--allow-duplicate 需要 --reason 说明理由"
        )
    if args.reason is not None and not args.allow_duplicate:
        raise UsageError(
            "--reason goes with --allow-duplicate"
            if lang == "en"
            else "--reason 只与 --allow-duplicate 一起使用"
        )
    with open_session(args, lang) as session:
        done = register_cases(
            session, new_cases, allow_duplicate=args.reason if args.allow_duplicate else None
        )
    if args.json:
        emit_json([{"case_no": r.case_no, "verification_code": r.verification_code} for r in done])
    else:
        for r in done:
            print(r.case_no)
    return 0


def case_show(args: argparse.Namespace, lang: str) -> int:
    from app.core.casejson import registered_case_to_json
    from app.services.assignment import assignment_history
    from app.services.cases import show_case
    from app.services.errors import ServiceError
    from app.services.gallery import standing, standings
    from app.services.national_cases import national_case

    with open_session(args, lang) as session:
        try:
            reg = show_case(session, args.case_no)
        except ServiceError as unknown:
            if unknown.key != "case_unknown" or (national := national_case(session, args.case_no)) is None:
                raise
            from app.cli.render_national import describe_national, national_json

            if args.json:
                emit_json(national_json(national))
            else:
                print(describe_national(national, lang))
            return 0
        history = assignment_history(session, args.case_no)
        gallery = standing(session, args.case_no)
        further = [
            g for g in standings(session, args.case_no) if g.reference != (gallery and gallery.reference)
        ]
        from app.services.transfers import held_elsewhere  # issue 14

        held = held_elsewhere(session, args.case_no)
    doc = registered_case_to_json(reg)
    doc["assignments"] = [
        {
            "to": a.assigned_to,
            "from": a.previous,
            "by": a.assigned_by,
            "at": utc_text(a.assigned_at),
            "reason": a.reason,
        }
        for a in history
    ]
    doc["gallery"] = None if gallery is None else gallery.to_json()  # issue 18: the national decision
    doc["gallery_children"] = gallery_children(reg, [gallery, *further] if gallery else further)
    # issue 14: a case transferred away is another station's now; this one keeps a read-only copy
    doc["held_by"] = None if held is None else {"station": held[0], "name": held[1]}
    if args.json:
        emit_json(doc)
        return 0
    from app.cli.render import describe_case
    from app.cli.render_gallery import describe_gallery

    print(describe_case(reg, lang))
    if gallery is not None:
        print(describe_gallery(gallery.to_json(), lang))
    for child in further:  # siblings found together: each child's own line
        print(describe_gallery(child.to_json(), lang))
    if held is not None:
        say(lang, f"已移交 {held[0]}（{held[1] or held[0]}）：本所只保留只读副本",
            f"transferred to {held[0]} ({held[1] or held[0]}): this station keeps a read-only copy")  # fmt: skip
    return 0


def gallery_children(reg: RegisteredCase, children: list[GalleryStanding]) -> list[dict[str, Any]]:
    """`case show --json`'s ``gallery_children`` (issue 18): every found person of a found case
    (siblings found together, the first found person first) as ``{"person": its index in
    persons, "gallery": its standing in ``gallery``'s shape, or null when never asked}``;
    ``gallery`` itself stays the first found person's. Empty for any other case."""
    from app.core.gallery import found_subjects, person_key, reference_of

    if reg.case.type is not CaseType.FOUND or not any(p.role is Role.FOUND for p in reg.case.persons):
        return []
    by_reference = {g.reference: g for g in children}
    rows: list[dict[str, Any]] = []
    for index in found_subjects(reg):
        child = by_reference.get(reference_of(reg.case_no, person_key(reg, index)))
        rows.append({"person": index, "gallery": None if child is None else child.to_json()})
    return rows


def case_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import CaseFilter, list_cases, overdue_rows

    with open_session(args, lang) as session:
        officer = session.user if args.mine else args.officer
        breaches: dict[str, Any] = {}
        limits = None
        if args.overdue:
            from app.services.overdue import thresholds

            limits = thresholds(session)
            pairs = overdue_rows(session, status=args.status, case_type=args.type)
            pairs = [p for p in pairs if not officer or (p[0].assigned_to or p[0].officer) == officer]
            rows = [p[0] for p in pairs]
            breaches = {p[0].case_no: p[1] for p in pairs}
        else:
            f = CaseFilter(status=args.status, type=args.type, officer=officer)
            rows = list_cases(session, f, limit=100_000)
        user = session.user
    if args.json:
        emit_json([_row_json(r) | _overdue_json(breaches, r.case_no, args.overdue) for r in rows])
        return 0
    if args.overdue:
        _print_overdue(rows, breaches, lang, limits)
        return 0
    # The officer sees the registrations returned to them first.
    mine = [r for r in rows if r.review == ReviewState.RETURNED and r.officer == user]
    if mine:
        say(lang, "退回待更正：", "returned to you for correction:")
        _print_rows(mine, lang)
        say(lang, "全部案件：", "all cases:")
    _print_rows(rows, lang)
    return 0


def _overdue_json(breaches: dict[str, Any], case_no: str, wanted: bool) -> dict[str, Any]:
    if not wanted:
        return {}
    return {"overdue": [{"rule": b.rule.value, "since": utc_text(b.since)} for b in breaches[case_no]]}


def _print_overdue(rows: list[Any], breaches: dict[str, Any], lang: str, limits: Any) -> None:
    from app.core.overdue import rule_words

    for r in rows:
        kind = ("alert" if lang == "en" else "协查通报") if r.alert else words.word(CaseType, r.type, lang)
        rules = ("; " if lang == "en" else "；").join(
            rule_words(b.rule, lang, limits) for b in breaches[r.case_no]
        )
        print(f"{r.case_no}  {kind}  {r.assigned_to or r.officer}  {r.names}  {rules}")
    if not rows:
        say(lang, "没有超期案件", "no case is overdue")
    if any(r.alert for r in rows):
        say(lang, "协查通报的案件由外所立案：用 xunren alert list 查看，xunren alert ack 签收",
            "alerted cases belong to other stations: see them with xunren alert list, acknowledge with xunren alert ack")  # fmt: skip


def case_void(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import void_case

    with open_session(args, lang) as session:
        void_case(session, args.case_no, args.reason)
    say(lang, "已提交作废申请，待所长批准", "void requested; it takes effect on a supervisor's approval")
    return 0


def case_assign(args: argparse.Namespace, lang: str) -> int:
    from app.services.assignment import assign_case

    with open_session(args, lang) as session:
        done = assign_case(session, args.case_no, args.to, args.reason or "")
    say(
        lang,
        f"案件 {done.case_no} 的承办民警：{done.previous} → {done.assigned_to}",
        f"case {done.case_no} now answered for by {done.assigned_to} (was {done.previous})",
    )
    return 0


def case_reassign(args: argparse.Namespace, lang: str) -> int:
    from app.services.assignment import reassign_all

    with open_session(args, lang) as session:
        done = reassign_all(session, args.from_user, args.to, args.reason)
    for d in done:
        print(f"{d.case_no}  {d.previous} → {d.assigned_to}")
    say(
        lang,
        f"已将 {args.from_user} 承办的 {len(done)} 起在办案件转给 {args.to}",
        f"{len(done)} active cases of {args.from_user} handed to {args.to}",
    )
    return 0


def search(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import search as search_cases

    with open_session(args, lang) as session:
        hits = search_cases(session, args.text)
    if args.json:
        emit_json([_row_json(h.row, h.matched_on) for h in hits])
    else:
        for h in hits:
            r = h.row
            kind = words.word(CaseType, r.type, lang)
            status = words.word(CaseStatus, r.status, lang)
            print(f"{r.case_no}  {kind}  {status}  {words.matched_on(h.matched_on, lang)}  {r.names}")
        if not hits:
            print("没有找到" if lang != "en" else "nothing found", file=sys.stderr)
    return 0
