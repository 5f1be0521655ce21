"""Case commands: add, show, list, void, assign, review, search."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.cli.common import emit_json, open_session
from app.services.errors import ServiceError


def _row_json(row: Any, matched_on: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "case_no": row.case_no,
        "type": row.type,
        "status": row.status,
        "review": row.review,
        "names": [n for n in row.names.split("、") if n],
        "officer": row.officer,
        "created_at": row.created_at,
    }
    if matched_on is not None:
        out["matched_on"] = matched_on
    return out


def _print_rows(rows: Iterable[Any], lang: str) -> None:
    for r in rows:
        print(f"{r.case_no}  {r.type:<11} {r.status:<12} {r.review:<8} {r.created_at}  {r.names}")


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
    with open_session(args, lang) as session:
        done = register_cases(session, new_cases)
    if args.json:
        emit_json([{"case_no": r.case_no, "verification_code": r.verification_code} for r in done])
    else:
        for r in done:
            print(r.case_no)
    return 0


def case_show(args: argparse.Namespace, lang: str) -> int:
    from app.core.casejson import registered_case_to_json
    from app.services.cases import show_case

    with open_session(args, lang) as session:
        reg = show_case(session, args.case_no)
    doc = registered_case_to_json(reg)
    if args.json:
        emit_json(doc)
        return 0
    from app.cli.render import describe_case

    print(describe_case(doc, lang))
    return 0


def case_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import CaseFilter, list_cases, overdue_cases

    with open_session(args, lang) as session:
        if args.overdue:
            rows = overdue_cases(session, status=args.status, case_type=args.type)
        else:
            rows = list_cases(session, CaseFilter(status=args.status, type=args.type), limit=100_000)
    if args.json:
        emit_json([_row_json(r) for r in rows])
    else:
        _print_rows(rows, lang)
    return 0


def case_void(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import void_case

    with open_session(args, lang) as session:
        void_case(session, args.case_no, args.reason)
    print(
        "已提交作废申请，待所长批准"
        if lang != "en"
        else "void requested; it takes effect on a supervisor's approval"
    )
    return 0


def case_assign(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import assign

    with open_session(args, lang) as session:
        assign(session, args.case_no, args.to)
    return 0


def review_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import review_queue

    with open_session(args, lang) as session:
        rows = review_queue(session)
    if args.json:
        emit_json([_row_json(r) for r in rows])
    else:
        _print_rows(rows, lang)
    return 0


def review_approve(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import approve

    with open_session(args, lang) as session:
        what = approve(session, args.case_no)
    print(
        {"void": "作废已批准", "registration": "登记已审核通过"}[what] if lang != "en" else f"{what} approved"
    )
    return 0


def review_return(args: argparse.Namespace, lang: str) -> int:
    from app.services.cases import return_case

    with open_session(args, lang) as session:
        return_case(session, args.case_no, args.comment)
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
            print(f"{r.case_no}  {r.type:<11} {r.status:<12} {h.matched_on:<9} {r.names}")
        if not hits:
            print("没有找到" if lang != "en" else "nothing found", file=sys.stderr)
    return 0
