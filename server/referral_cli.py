"""``xunren-server referral list [--station CODE] [--state STATE] [--json]``: the referrals between
stations (issue 14), one line each — number, case number, asking and asked station, what was
asked, where it stands, when it last moved — in Chinese (default) or English
(``XUNREN_LANG=en``), words in :mod:`server.cli_words`. Never a note, an officer's name or
anything of the case file.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from app.core.referral import ReferralRequest, ReferralState, word
from app.sync import protocol
from server.cli_words import T, lang, say
from server.services.errors import Refused
from server.services.referral_views import referral_rows


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    about = T("referrals between stations")
    parent = sub.add_parser("referral", help=about, description=about)
    actions = parent.add_subparsers(dest="action", metavar="ACTION", required=True)
    listed = T("every referral: case, stations, request, state, last step")
    listing = actions.add_parser("list", parents=[common], help=listed, description=listed)
    listing.add_argument("--station", metavar="CODE", help=T("only referrals this station sent or was asked"))
    listing.add_argument(
        "--state", choices=[s.value for s in ReferralState], help=T("only referrals in this state")
    )
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))


def run(args: argparse.Namespace, with_session: Callable[[Callable[[Session], Any]], Any]) -> int:
    station: str | None = args.station
    if station is not None and not protocol.STATION_CODE_RE.match(station):
        raise Refused("bad_station_code", "a station code is 9 digits")
    state = ReferralState(args.state) if args.state else None
    rows: list[dict[str, Any]] = with_session(
        lambda s: [r.to_json() for r in referral_rows(s, station=station, state=state)]
    )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print(say("no_referrals"))
    words = "en" if lang() == "en" else "zh_CN"
    for r in rows:
        print(
            say(
                "referral_row", **r, last=r["last_step_at"][:16].replace("T", " "),
                asked=word(r["request"], ReferralRequest, words), where=word(r["state"], ReferralState, words),
            )
        )  # fmt: skip
    return 0
