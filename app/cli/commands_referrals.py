"""``xunren referral list [--case CASE_NO] [--json]``, ``referral send CASE_NO --to STATION --note
TEXT [--request KIND]`` and ``referral answer ID --note TEXT [--accept|--decline]`` (issue 14):
ask another station to act on one of this station's cases, and answer what other stations ask
of this one. ID: the referral's short id as ``referral list`` shows it (or its first digits).
Everything waits in the outbox and travels with ``xunren sync`` or the USB bundle."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli.common import emit_json, open_session, say
from app.core.referral import ReferralRequest, ReferralState, word

if TYPE_CHECKING:
    from app.services.referrals import Referral


def add_parser(sub: Any, common: Any) -> None:
    """The ``referral`` subcommand (called from app/cli/parser.py)."""
    from app.cli.helptext import T

    what = T("referrals: ask another station to act on a case, answer what others ask")
    referral = sub.add_parser("referral", help=what, description=what)
    actions = referral.add_subparsers(dest="referral_command", metavar="ACTION", required=True)
    text = T("referrals sent from here and sent here, newest first, with every step")
    listing = actions.add_parser("list", help=text, description=text)
    common(listing)
    listing.set_defaults(handler=referral_list)
    listing.add_argument("--case", metavar="CASE_NO", help=T("only this case's referrals"))
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))
    text = T("ask another station to act on one of this station's cases")
    send = actions.add_parser("send", help=text, description=text)
    common(send)
    send.set_defaults(handler=referral_send)
    send.add_argument("case_no", metavar="CASE_NO")
    send.add_argument(
        "--to", required=True, metavar="STATION", help=T("the 9-digit code of the station asked")
    )
    send.add_argument("--note", required=True, metavar="TEXT", help=T("what the station is asked to do"))
    send.add_argument(
        "--request",
        choices=[r.value for r in ReferralRequest],
        default=ReferralRequest.OTHER.value,
        help=T(
            "the kind of request: visit an address, take a relative's DNA sample, interview a witness, other"
        ),
    )
    text = T("answer a referral sent to this station (ID: as referral list shows it)")
    answer = actions.add_parser("answer", help=text, description=text)
    common(answer)
    answer.set_defaults(handler=referral_answer)
    answer.add_argument("id", metavar="ID")
    answer.add_argument("--note", required=True, metavar="TEXT", help=T("the answer, or why it is declined"))
    step = answer.add_mutually_exclusive_group()
    step.add_argument("--accept", action="store_true", help=T("accept the referral (answer later)"))
    step.add_argument("--decline", action="store_true", help=T("decline the referral, with the reason"))


def _local(utc_text: str | None) -> str:
    import datetime as dt

    if not utc_text:
        return ""
    try:
        return (
            dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
        )
    except ValueError:
        return utc_text


def _travel(code: str, refusal: str, lang: str) -> str:
    from app.services.refusal_words import refusal_words

    refusal = refusal_words(refusal, lang).line(lang) if refusal else ""
    zh, en = {
        "waiting": ("（待同步）", " (waiting to sync)"),
        "sent": ("", ""),
        "refused": (f"（全国服务器拒收：{refusal}）", f" (refused by the national server: {refusal})"),
    }.get(code, ("", ""))
    return en if lang == "en" else zh


def _show(r: Referral, lang: str) -> None:
    state = word(r.state, ReferralState, lang) + _travel(r.travel, r.refusal, lang)
    request = word(r.request, ReferralRequest, lang)
    if r.incoming:
        say(lang, f"[收到] {r.short}  案件 {r.case_no}  来自 {r.from_name}（{r.from_station}）  {request}  {state}",
            f"[in] {r.short}  case {r.case_no}  from {r.from_name} ({r.from_station})  {request}  {state}")  # fmt: skip
    else:
        to = f"{r.to_name}（{r.to_station}）" if r.to_name else r.to_station
        to_en = f"{r.to_name} ({r.to_station})" if r.to_name else r.to_station
        say(lang, f"[发出] {r.short}  案件 {r.case_no}  发往 {to}  {request}  {state}",
            f"[out] {r.short}  case {r.case_no}  to {to_en}  {request}  {state}")  # fmt: skip
    say(
        lang,
        f"    {_local(r.asked_at)}  {r.asked_by}：{r.note}",
        f"    {_local(r.asked_at)}  {r.asked_by}: {r.note}",
    )
    for a in r.answers:
        step = word(a.state, ReferralState, lang) + _travel(a.travel, a.refusal, lang)
        say(lang, f"    {_local(a.received_at or a.at)}  {step}  {a.by}（{a.station}）：{a.note}",
            f"    {_local(a.received_at or a.at)}  {step}  {a.by} ({a.station}): {a.note}")  # fmt: skip


def referral_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.referrals import list_referrals

    with open_session(args, lang) as session:
        found = list_referrals(session, case_no=args.case.strip() if args.case else None)
    if args.json:
        emit_json([r.to_json() for r in found])
        return 0
    for r in found:
        _show(r, lang)
    if not found:
        say(lang, "没有协查请求", "no referrals")
    return 0


def referral_send(args: argparse.Namespace, lang: str) -> int:
    from app.services.referrals import send_referral

    with open_session(args, lang) as session:
        sent = send_referral(session, args.case_no, args.to, args.note, ReferralRequest(args.request))
    say(lang, f"已向 {sent.to_station} 发出协查请求 {sent.short}（案件 {sent.case_no}；同步时报送全国服务器）",
        f"referral {sent.short} to {sent.to_station} queued (case {sent.case_no}; sent with the next sync)")  # fmt: skip
    return 0


def referral_answer(args: argparse.Namespace, lang: str) -> int:
    from app.services.referrals import answer_referral

    step = (
        ReferralState.ACCEPTED
        if args.accept
        else ReferralState.DECLINED
        if args.decline
        else ReferralState.ANSWERED
    )
    with open_session(args, lang) as session:
        done = answer_referral(session, args.id, args.note, step)
    zh, en = {
        ReferralState.ACCEPTED: ("已接受", "accepted"),
        ReferralState.ANSWERED: ("已答复", "answered"),
        ReferralState.DECLINED: ("已拒绝", "declined"),
    }[step]
    say(lang, f"协查请求 {done.short} {zh}（案件 {done.case_no}；同步时告知 {done.from_station}）",
        f"referral {done.short} {en} (case {done.case_no}; {done.from_station} learns it with the next sync)")  # fmt: skip
    return 0
