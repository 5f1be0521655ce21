"""``xunren alert list [--all] [--json]`` and ``xunren alert ack ID``: the missing-child alerts the
national server delivered to this station, and an officer's acknowledgement (ID: the alerted
case's number, as ``alert list`` shows it). Pulled alerts arrive with ``xunren sync`` or
``xunren sync import``."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import emit_json, open_session, say


def add_parser(sub: Any, common: Any) -> None:
    """The ``alert`` subcommand (called from app/cli/parser.py)."""
    from app.cli.helptext import T

    what = T("missing-child alerts from the national server")
    alert = sub.add_parser("alert", help=what, description=what)
    actions = alert.add_subparsers(dest="alert_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help=T("alerts in force, newest first"), description=T("alerts in force, newest first")
    )
    common(listing)
    listing.set_defaults(handler=alert_list)
    listing.add_argument("--all", action="store_true", help=T("cancelled alerts too"))
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))
    ack = actions.add_parser(
        "ack",
        help=T("acknowledge an alert (ID: its case number)"),
        description=T("acknowledge an alert (ID: its case number)"),
    )
    common(ack)
    ack.set_defaults(handler=alert_ack)
    ack.add_argument("id", metavar="ID")


def _sex(code: str, lang: str) -> str:
    zh, en = {"M": ("男", "boy"), "F": ("女", "girl")}.get(code, ("性别不详", "sex unknown"))
    return en if lang == "en" else zh


def _age(age: tuple[int, int], lang: str) -> str:
    text = str(age[0]) if age[0] == age[1] else f"{age[0]}–{age[1]}"
    return f"{text} years" if lang == "en" else f"{text}岁"


def _local(utc_text: str) -> str:
    """A UTC time as this computer's local time, "2026-12-06 17:10"."""
    import datetime as dt

    try:
        return (
            dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
        )
    except ValueError:
        return utc_text


def alert_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.child_alerts import list_alerts

    with open_session(args, lang) as session:
        alerts = list_alerts(session, active_only=not args.all)
        user = session.user
    if args.json:
        emit_json([a.to_json(user) for a in alerts])
        return 0
    for a in alerts:
        mine = a.acknowledged_by_me(user)
        state = {"active": ("", ""), "cancelled": ("【已撤销】", "[cancelled] ")}[a.state]
        mark = ("已确认" if mine else "待确认", "acknowledged" if mine else "to acknowledge")
        say(
            lang,
            f"{state[0]}{a.case_no}  {a.name}  {_sex(a.sex, lang)}  {_age(a.age, lang)}  最后出现：{a.last_seen_place}"
            f"（{_local(a.last_seen_at)}）  距本站 {a.distance_km} 公里  "
            f"立案单位 {a.station_name} 电话 {a.station_phone}  {mark[0]}",
            f"{state[1]}{a.case_no}  {a.name}  {_sex(a.sex, lang)}  {_age(a.age, lang)}  last seen: {a.last_seen_place}"
            f" ({_local(a.last_seen_at)})  {a.distance_km} km from this station  "
            f"owning station {a.station_name} phone {a.station_phone}  {mark[1]}",
        )
    if not alerts:
        say(lang, "没有生效的儿童走失预警", "no missing-child alert in force")
    return 0


def alert_ack(args: argparse.Namespace, lang: str) -> int:
    from app.services.child_alerts import acknowledge

    with open_session(args, lang) as session:
        new = acknowledge(session, args.id)
    if new:
        say(lang, f"已确认预警 {args.id.strip()}（同步时报送全国服务器）",
            f"alert {args.id.strip()} acknowledged (reported to the national server with the next sync)")  # fmt: skip
    else:
        say(
            lang, f"您已确认过预警 {args.id.strip()}", f"you had acknowledged alert {args.id.strip()} already"
        )
    return 0
