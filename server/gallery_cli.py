"""``xunren-server gallery list|approve ID|withdraw ID``: the national operator's decisions on
the gallery of found children, in Chinese (default) or English (``XUNREN_LANG=en``).

``ID`` is the number ``gallery list`` shows or the child's reference (``XR-…``). ``--by`` names
the operator (default: the operating system's user running the command); ``approve --note`` and
``withdraw --reason`` say why. Each decision is recorded in ``gallery_decisions``.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from server.api.words import reason
from server.cli_words import T, lang
from server.services import gallery
from server.storage.public_tables import ENTRY_STATES, GalleryEntry

MESSAGES: dict[str, tuple[str, str]] = {
    "approved": ("已公开 {reference}（条目 {id}），依据：{why}", "{reference} (entry {id}) is published; basis: {why}"),
    "withdrawn": ("已撤下 {reference}（条目 {id}）：{why}", "{reference} (entry {id}) was withdrawn: {why}"),
    "was_not_active": ("{reference}（条目 {id}）当前状态为 {state}，无需撤下", "{reference} (entry {id}) is {state}; nothing to withdraw"),
    "none": ("没有符合条件的条目", "no entry matches"),
    "no_reason": ("（未说明理由）", "(no reason given)"),
    "header": ("编号  状态  编号（对外）  工作站  案件  申请人  申请时间  照片  依据",
               "id  state  reference  station  case  requested by  at  photo  basis"),
    "photo_yes": ("有", "yes"),
    "photo_no": ("未到", "not yet"),
}  # fmt: skip


def say(key: str, **values: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)


def refusal(code: str) -> str:
    """A gallery refusal in the operator's language (the CLI's one line)."""
    return reason(code, lang())


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parent = sub.add_parser(
        "gallery", help=T("publication of found children"), description=T("publication of found children")
    )
    actions = parent.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        parents=[common],
        help=T("requests waiting and published children"),
        description=T("requests waiting and published children"),
    )
    listing.add_argument(
        "--state", choices=ENTRY_STATES, action="append", help=T("only these states (repeatable)")
    )
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--by", metavar="NAME", help=T("the operator deciding (default: the system user)"))
    approve = actions.add_parser(
        "approve",
        parents=[common, by],
        help=T("publish a requested child"),
        description=T("publish a requested child"),
    )
    approve.add_argument(
        "ident", metavar="ID", help=T("the number gallery list shows, or the reference (XR-…)")
    )
    approve.add_argument(
        "--note", default="", metavar="TEXT", help=T("why (default: the station's legal basis)")
    )
    withdraw = actions.add_parser(
        "withdraw",
        parents=[common, by],
        help=T("take a child off the gallery now"),
        description=T("take a child off the gallery now"),
    )
    withdraw.add_argument(
        "ident", metavar="ID", help=T("the number gallery list shows, or the reference (XR-…)")
    )
    withdraw.add_argument("--reason", default="", metavar="TEXT", help=T("why it is withdrawn"))


def run(args: argparse.Namespace, with_session: Callable[[Callable[[Session], Any]], Any]) -> int:
    """Carry out one gallery command; Refused errors go to the caller's one-line handler."""
    who = (args.by if getattr(args, "by", None) else f"os:{_user()}")[:100]
    if args.action == "list":
        states = tuple(args.state) if args.state else gallery.ACTIVE
        rows = with_session(lambda s: [e.to_json() for e in gallery.list_entries(s, states, limit=100_000)])
        _print_entries(rows, args.json)
    elif args.action == "approve":
        entry = with_session(lambda s: _summary(gallery.approve(s, args.ident, who, args.note.strip())))
        print(say("approved", why=args.note.strip() or entry["legal_basis"], **entry))
    else:
        why = args.reason.strip() or say("no_reason")
        before, entry = with_session(lambda s: _withdraw(s, args.ident, who, why))
        key = "withdrawn" if before in gallery.ACTIVE else "was_not_active"
        print(say(key, why=why, **entry))
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _summary(entry: GalleryEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "reference": entry.reference,
        "state": entry.state,
        "legal_basis": entry.legal_basis,
    }


def _withdraw(session: Session, ident: str, who: str, why: str) -> tuple[str, dict[str, Any]]:
    before = gallery.find(session, ident).state
    return before, _summary(gallery.withdraw(session, ident, who, why))


def _print_entries(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        print(say("none"))
        return
    print(say("header"))
    for r in rows:
        photo = say("photo_yes") if r["photo_ready"] else say("photo_no")
        print(
            f"{r['id']}  {r['state']}  {r['reference']}  {r['station']}  {r['case_no']}  {r['requested_by']}  "
            f"{r['requested_at'][:19]}  {photo}  {r['legal_basis']}"
        )
