"""``xunren transfer request CASE_NO --to STATION --reason TEXT``, ``xunren transfer approve ID``,
``xunren transfer decline ID --reason TEXT``, ``xunren transfer withdraw ID --reason TEXT`` and
``xunren transfer list [--json]``: a case's ownership moves to another station with both
supervisors' approval (issue 14); until it moved, the receiving station may decline it and the
sending station withdraw it. ID: the transfer's id or its first characters, as ``transfer list``
shows it, or the case number while one transfer of it is open. Every step travels with ``xunren
sync`` (or the USB bundle)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import emit_json, open_session, say


def add_parser(sub: Any, common: Any) -> None:
    """The ``transfer`` subcommand (called from app/cli/parser.py)."""
    from app.cli.helptext import T

    what = T("case transfers to and from other stations")
    transfer = sub.add_parser("transfer", help=what, description=what)
    actions = transfer.add_subparsers(dest="transfer_command", metavar="ACTION", required=True)
    text = T("ask for a case to be handed to another station")
    request = actions.add_parser("request", help=text, description=text)
    common(request)
    request.set_defaults(handler=transfer_request)
    request.add_argument("case_no", metavar="CASE_NO")
    request.add_argument(
        "--to", metavar="STATION", required=True, help=T("the receiving station's 9-digit code")
    )
    request.add_argument("--reason", metavar="TEXT", required=True, help=T("why the case is transferred"))
    text = T("a supervisor approves a transfer (ID: from transfer list, or the case number)")
    approve = actions.add_parser("approve", help=text, description=text)
    common(approve)
    approve.set_defaults(handler=transfer_approve)
    approve.add_argument("id", metavar="ID")
    text = T("the receiving station's supervisor declines a transfer awaiting it (the case stays)")
    decline = actions.add_parser("decline", help=text, description=text)
    common(decline)
    decline.set_defaults(handler=transfer_decline)
    decline.add_argument("id", metavar="ID")
    decline.add_argument("--reason", metavar="TEXT", required=True, help=T("why the transfer is declined"))
    text = T("the sending station withdraws a transfer not yet accepted (the case stays)")
    withdraw = actions.add_parser("withdraw", help=text, description=text)
    common(withdraw)
    withdraw.set_defaults(handler=transfer_withdraw)
    withdraw.add_argument("id", metavar="ID")
    withdraw.add_argument("--reason", metavar="TEXT", required=True, help=T("why the transfer is withdrawn"))
    text = T("transfers sent and received, open ones first")
    listing = actions.add_parser("list", help=text, description=text)
    common(listing)
    listing.set_defaults(handler=transfer_list)
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))


def _next_step(t: Any) -> str:
    return f"  → xunren transfer approve {t.short_id}" if t.waits_for_us() else ""


def transfer_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.transfers import list_transfers

    with open_session(args, lang) as session:
        found = list_transfers(session)
    if args.json:
        emit_json([t.to_json() for t in found])
        return 0
    for t in found:
        to_name, from_name = t.to_name or t.to_station, t.from_name or t.from_station
        ended_zh = f"  {t.ended_by}：{t.end_reason}" if t.end_reason else ""
        ended_en = f"  {t.ended_by}: {t.end_reason}" if t.end_reason else ""
        say(
            lang,
            f"{t.short_id}  {t.case_no}  {t.names}  {t.from_station}（{from_name}）→ {t.to_station}（{to_name}）"
            f"  {t.state_text('zh_CN')}  原因：{t.reason}{ended_zh}{_next_step(t)}",
            f"{t.short_id}  {t.case_no}  {t.names}  {t.from_station} ({from_name}) → {t.to_station} ({to_name})"
            f"  {t.state_text('en')}  reason: {t.reason}{ended_en}{_next_step(t)}",
        )
    if not found:
        say(lang, "没有案件移交", "no case transfers")
    return 0


def transfer_request(args: argparse.Namespace, lang: str) -> int:
    from app.core.transfer import TransferState
    from app.services.transfers import request_transfer

    with open_session(args, lang) as session:
        t = request_transfer(session, args.case_no, args.to, args.reason)
    if t.state is TransferState.AWAITING_SENDER:
        say(lang, f"已提出移交 {t.short_id}：{t.case_no} → {t.to_station}，待本所所长批准（transfer approve {t.short_id}）",
            f"transfer {t.short_id} asked: {t.case_no} → {t.to_station}; it waits for this station's supervisor"
            f" (transfer approve {t.short_id})")  # fmt: skip
    else:
        say(lang, f"已批准移交 {t.short_id}：{t.case_no} → {t.to_station}，同步后待接收单位所长批准",
            f"transfer {t.short_id} approved: {t.case_no} → {t.to_station}; after the next sync it waits for"
            " the receiving station's supervisor")  # fmt: skip
    return 0


def transfer_approve(args: argparse.Namespace, lang: str) -> int:
    from app.core.transfer import TransferState
    from app.services.transfers import approve_transfer

    with open_session(args, lang) as session:
        t = approve_transfer(session, args.id)
    if t.state is TransferState.ACCEPTED:
        say(lang, f"已接收移交 {t.short_id}：案件 {t.case_no} 在同步后归本所办理",
            f"transfer {t.short_id} accepted: case {t.case_no} is this station's after the next sync")  # fmt: skip
    else:
        say(lang, f"已批准移交 {t.short_id}：{t.case_no} → {t.to_station}，同步后待接收单位所长批准",
            f"transfer {t.short_id} approved: {t.case_no} → {t.to_station}; after the next sync it waits for"
            " the receiving station's supervisor")  # fmt: skip
    return 0


def transfer_decline(args: argparse.Namespace, lang: str) -> int:
    from app.services.transfers import decline_transfer

    with open_session(args, lang) as session:
        t = decline_transfer(session, args.id, args.reason)
    say(lang, f"已拒绝接收移交 {t.short_id}：案件 {t.case_no} 仍由 {t.from_station} 办理，同步后告知对方",
        f"transfer {t.short_id} declined: case {t.case_no} stays with {t.from_station}, which is told after"
        " the next sync")  # fmt: skip
    return 0


def transfer_withdraw(args: argparse.Namespace, lang: str) -> int:
    from app.services.transfers import withdraw_transfer

    with open_session(args, lang) as session:
        t = withdraw_transfer(session, args.id, args.reason)
    if t.approved_by is None:  # never sent: nothing to tell
        say(lang, f"已撤回移交申请 {t.short_id}：案件 {t.case_no} 仍由本所办理",
            f"transfer request {t.short_id} withdrawn: case {t.case_no} stays with this station")  # fmt: skip
    else:
        say(lang, f"已撤回移交 {t.short_id}：案件 {t.case_no} 仍由本所办理，同步后告知 {t.to_station}"
            "（对方若已先接收，以国家平台为准）",
            f"transfer {t.short_id} withdrawn: case {t.case_no} stays with this station; {t.to_station} is told"
            " after the next sync (if it accepted first, the national server's word holds)")  # fmt: skip
    return 0
