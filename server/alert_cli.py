"""``xunren-server alert list [--state active|cancelled] [--json]``: the missing-child alerts,
how far each reached, and which stations' officers acknowledged it, in Chinese (default) or
English (``XUNREN_LANG=en``). Listing first takes every alert due to widen by the server's
clock to its radius, so what is shown is what stations pull now.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from server.cli_words import T, lang
from server.storage.alert_tables import ACTIVE, CANCELLED

MESSAGES: dict[str, tuple[str, str]] = {
    "none": ("没有儿童走失预警", "no missing-child alert"),
    "alert": ("{case_no}  {state}  发布站 {station}  登记 {registered_at}  半径 {radius_km} 公里  "
              "已送达 {delivered} 个派出所，{acknowledged} 个已确认",
              "{case_no}  {state}  from {station}  registered {registered_at}  radius {radius_km} km  "
              "delivered to {delivered} stations, acknowledged by {acknowledged}"),
    "reach": ("    {station}  {distance_km} 公里（{radius_km} 公里时送达 {delivered_at}）  {ack}",
              "    {station}  {distance_km} km (reached at {radius_km} km, {delivered_at})  {ack}"),
    "acked": ("已确认：{who}", "acknowledged: {who}"),
    "not_acked": ("未确认", "not acknowledged"),
    "cancelled": ("（已撤销）", " (cancelled)"),
    ACTIVE: ("生效", "active"),
    CANCELLED: ("已撤销", "cancelled"),
}  # fmt: skip


def say(key: str, **values: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    about = T("missing-child alerts: delivery and acknowledgement")
    parent = sub.add_parser("alert", help=about, description=about)
    actions = parent.add_subparsers(dest="action", metavar="ACTION", required=True)
    listed = T("every alert, per station reached")
    listing = actions.add_parser("list", parents=[common], help=listed, description=listed)
    listing.add_argument("--state", choices=(ACTIVE, CANCELLED), help=T("only alerts in this state"))
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))


def run(
    args: argparse.Namespace,
    with_session: Callable[[Callable[[Session], Any]], Any],
    clock: Callable[[], datetime],
) -> int:
    from server.services import child_alerts  # imported here: heavy, and only this command needs it

    def work(session: Session) -> list[dict[str, Any]]:
        child_alerts.widen_due(session, clock())
        return [v.to_json() for v in child_alerts.alert_views(session, state=args.state)]

    rows: list[dict[str, Any]] = with_session(work)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print(say("none"))
    for r in rows:
        print(say("alert", **{**r, "state": say(r["state"]), "registered_at": r["registered_at"][:16]}))
        for s in r["stations"]:
            ack = (
                say("acked", who="、".join(s["acknowledged_by"]))
                if s["acknowledged_by"]
                else say("not_acked")
            )
            ack += say("cancelled") if s["cancelled"] else ""
            print(say("reach", **{**s, "delivered_at": s["delivered_at"][:16], "ack": ack}))
    return 0
