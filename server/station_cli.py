"""``xunren-server station add|revoke|rotate|readmit|events``: enrol a station (with
``--package``, an offline enrolment package for the USB stick), revoke it, end its credential
(with ``--package --rebuild``, a rebuild package holding its whole register), re-admit it, and
list the stations' alerts and events; words in :mod:`server.cli_words`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.cli_errors import UsageError
from server.cli_files import refuse_inside_server_folders, server_keys
from server.cli_words import say
from server.services import credentials
from server.services import events as station_events
from server.services.meta import in_transaction
from server.settings import Settings
from server.storage.engine import make_engine, migrate, session_factory

WithSession = Callable[[Callable[[Session], Any]], Any]


def run(args: argparse.Namespace, with_session: WithSession, settings: Callable[[], Settings]) -> int:
    """One ``station`` action; *settings* is read only by the actions that need it."""
    if args.action == "add":
        return _add(args, with_session, settings())
    if args.action == "revoke":
        with_session(lambda s: credentials.revoke_station(s, args.code))
        print(say("station_revoked", code=args.code))
    elif args.action == "rotate" and (args.package is not None or args.rebuild):
        return _rotate_package(args, settings)
    elif args.action in ("rotate", "readmit"):
        days = settings().enrol_token_days
        act = credentials.rotate_station if args.action == "rotate" else credentials.readmit_station
        token = with_session(lambda s: act(s, args.code, days))
        print(
            say(
                "station_rotated" if args.action == "rotate" else "station_readmitted",
                code=args.code,
                days=days,
            )
        )
        print(token)
    elif args.action == "events":
        _print_events(with_session(lambda s: station_events.list_events(s, args.station)), args.json)
    return 0


def _print_events(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        flag = say("alert") if r["alert"] else say("event")
        detail = " ".join(f"{k}={v}" for k, v in r["detail"].items())
        print(f"{r['at']}  {r['station']}  {flag:<5}  {r['kind']}  {detail}".rstrip())


def _add(args: argparse.Namespace, with_session: WithSession, settings: Settings) -> int:
    """Register a station (or issue it a fresh token); with --package also write the offline
    enrolment package, whose passphrase is printed once. The token stays alone on the last line."""
    from server.services import bundles, enrol_packages

    days = settings.enrol_token_days
    if args.package is None:
        token = with_session(lambda s: credentials.add_station(s, args.code, args.name, days))
    else:
        key_file = Path(args.keys) if args.keys else bundles.default_key_file()
        refuse_inside_server_folders(Path(args.package), settings, key_file)
        keys = server_keys(key_file)

        def add(s: Session) -> tuple[str, dict[str, Any]]:
            token = credentials.add_station(s, args.code, args.name, days)
            return token, enrol_packages.package_body(s, args.code, token, keys, settings.public_url)

        token, body = with_session(add)
        passphrase = enrol_packages.write_package(Path(args.package), body)
        print(say("package_written", file=args.package))
        print(say("package_passphrase", passphrase=passphrase))
    print(say("station_added", code=args.code, days=days))
    print(token)
    return 0


def _rotate_package(args: argparse.Namespace, settings_of: Callable[[], Settings]) -> int:
    """``station rotate CODE --package FILE [--rebuild]``: a fresh token in an offline enrolment
    package; with --rebuild the package also holds every record the server holds of the station
    (``server.services.rebuild_packages``). The passphrase is printed once, the token last."""
    from server.services import bundles, enrol_packages, rebuild_packages

    if args.package is None:
        raise UsageError(say("rebuild_needs_package"))
    settings = settings_of()
    days = settings.enrol_token_days
    key_file = Path(args.keys) if args.keys else bundles.default_key_file()
    refuse_inside_server_folders(Path(args.package), settings, key_file)
    keys = server_keys(key_file)

    def rotate(s: Session) -> tuple[str, dict[str, Any]]:
        token = credentials.rotate_station(s, args.code, days)
        return token, enrol_packages.package_body(s, args.code, token, keys, settings.public_url)

    engine = make_engine(settings)
    try:
        migrate(engine)
        with session_factory(engine)() as session:
            token, body = in_transaction(session, rotate)
            if args.rebuild:
                written = rebuild_packages.write_package(
                    Path(args.package), body, lambda work: in_transaction(session, work)
                )
                passphrase = written.passphrase
            else:
                passphrase = enrol_packages.write_package(Path(args.package), body)
    finally:
        engine.dispose()
    print(say("station_rotated", code=args.code, days=days))
    if args.rebuild:
        print(
            say("rebuild_package_written", file=args.package, records=written.records, photos=written.photos)
        )
    else:
        print(say("package_written", file=args.package))
    print(say("package_passphrase", passphrase=passphrase))
    print(token)
    return 0
