"""``xunren-server``: the national server's command line. Thin: parses, calls services, prints.

Exit status 0 on success, 2 on bad usage, 1 on any other error (one line on stderr).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, NoReturn

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from server import alert_cli, gallery_cli
from server.services import credentials, jobs, matching, national, receipts
from server.services import events as station_events
from server.services.errors import Refused
from server.services.meta import in_transaction, mark_restored
from server.settings import Settings, check_public_url
from server.storage.engine import make_engine, migrate, session_factory


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="URL", help="postgresql://… or sqlite:///… (env XUNREN_SERVER_DB)")
    ap = _Parser(prog="xunren-server", description="Xunren national server")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    serve.add_argument(
        "--allow-insecure-http", action="store_true", help="plain HTTP on a non-loopback address"
    )
    serve.add_argument(
        "--forwarded-allow-ips", default="127.0.0.1", help="TLS proxies trusted for X-Forwarded-For"
    )
    serve.add_argument(
        "--access-log", action="store_true", help="log each request (logs receipt codes: avoid)"
    )
    serve.add_argument(
        "--public-url", metavar="URL", help="the https address families reach (env XUNREN_SERVER_PUBLIC_URL)"
    )
    station = sub.add_parser("station", help="enrol or revoke stations").add_subparsers(
        dest="action", required=True
    )
    add = station.add_parser("add", parents=[common], help="register a station; prints its enrolment token")
    add.add_argument("code")
    add.add_argument("name")
    station.add_parser("revoke", parents=[common], help="revoke a station").add_argument("code")
    station.add_parser(
        "rotate", parents=[common], help="end the station's credential now; prints a token to enrol again"
    ).add_argument("code")
    station.add_parser(
        "readmit", parents=[common], help="lift a revocation; prints a token to enrol again"
    ).add_argument("code")
    events = station.add_parser(
        "events", parents=[common], help="alerts (refused audit heads) and events of the stations"
    )
    events.add_argument("--station", metavar="CODE")
    events.add_argument("--json", action="store_true")
    operator = sub.add_parser("operator", help="national operators").add_subparsers(
        dest="action", required=True
    )
    operator.add_parser("add", parents=[common], help="create an operator; prints their token").add_argument(
        "name"
    )
    operator.add_parser("revoke", parents=[common], help="revoke an operator's token").add_argument("name")
    worker = sub.add_parser("worker", parents=[common], help="run background jobs (national matching)")
    worker.add_argument("--once", action="store_true", help="run the due jobs, then exit")
    worker.add_argument("--poll", type=float, default=2.0, metavar="SECONDS")
    case = sub.add_parser("case", help="national case register").add_subparsers(dest="action", required=True)
    case_list = case.add_parser("list", parents=[common])
    case_list.add_argument("--station", metavar="CODE")
    case_list.add_argument("--json", action="store_true")
    match = sub.add_parser("match", help="national candidate matches").add_subparsers(
        dest="action", required=True
    )
    match.add_parser("list", parents=[common]).add_argument("--json", action="store_true")
    sub.add_parser(
        "mark-restored", parents=[common], help="after restoring a backup: new epoch, stations resend"
    )
    keys = _Parser(add_help=False)
    keys.add_argument("--keys", metavar="FILE", help="the server's bundle key file (env XUNREN_BUNDLE_KEYS)")
    bundle = sub.add_parser("bundle", help="the USB path").add_subparsers(dest="action", required=True)
    bundle_import = bundle.add_parser(
        "import", parents=[common, keys], help="apply a station's sealed bundle"
    )
    bundle_import.add_argument("file", metavar="FILE")
    bundle_export = bundle.add_parser(
        "export", parents=[common, keys], help="write a station's sealed answer"
    )
    bundle_export.add_argument("--station", required=True, metavar="CODE")
    bundle_export.add_argument("file", metavar="FILE")
    bundle.add_parser("key", parents=[keys], help="print the public key stations enrol with (--bundle-key)")
    gallery_cli.add_parser(sub, common)  # issue 18: gallery list|approve ID|withdraw ID
    alert_cli.add_parser(sub, common)  # issue 14: alert list
    return ap


def _settings(args: argparse.Namespace) -> Settings:
    try:
        settings = Settings.from_env(args.db)
        if getattr(args, "public_url", None):
            settings = replace(settings, public_url=check_public_url(args.public_url))
        return settings
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _with_session(args: argparse.Namespace, work: Callable[[Session], Any]) -> Any:
    engine = make_engine(_settings(args))
    try:
        migrate(engine)
        with session_factory(engine)() as session:
            return in_transaction(session, work)
    finally:
        engine.dispose()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    if not _loopback(args.host) and not args.allow_insecure_http:
        raise UsageError(
            f"refusing plain HTTP on {args.host}: put a TLS proxy in front (see server/README.md) "
            "or pass --allow-insecure-http"
        )
    if args.workers > 1 and settings.is_sqlite:
        raise UsageError("--workers above 1 needs PostgreSQL")
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": args.access_log,
        # uvicorn writes access lines at INFO: at "warning" --access-log printed nothing at all.
        "log_level": "info" if args.access_log else "warning",
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
    }
    print(f"xunren-server: serving on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    if args.workers > 1:
        import os

        engine = make_engine(settings)
        migrate(engine)
        engine.dispose()
        os.environ["XUNREN_SERVER_DB"] = settings.db_url
        os.environ["XUNREN_SERVER_PUBLIC_URL"] = settings.public_url
        os.environ["XUNREN_SERVER_SUPERVISOR"] = str(os.getpid())  # see server.api.app.app_from_env
        uvicorn.run("server.api.app:app_from_env", factory=True, workers=args.workers, **common)
        return 0
    from server.api.app import create_app

    uvicorn.run(create_app(settings), **common)
    return 0


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _worker(args: argparse.Namespace) -> int:
    engine = make_engine(_settings(args))
    migrate(engine)
    sessions = session_factory(engine)
    handlers: dict[str, jobs.Handler] = {"match_cases": matching.match_cases_job}
    stop = False

    def _stop(_sig: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    last_housekeeping = 0.0
    while not stop:
        ran = jobs.drain(sessions, handlers, limit=100)
        if time.monotonic() - last_housekeeping > 60:
            with sessions() as session:
                in_transaction(session, receipts.forget_old_windows)
            last_housekeeping = time.monotonic()
        if args.once and ran == 0:
            break
        if ran == 0:
            time.sleep(args.poll)
    engine.dispose()
    return 0


def _print_cases(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        print(
            f"{r['case_no']}  {r['type'] or '-':<11} {r['status'] or '-':<12} rev {r['revision']:<4} "
            f"samples {r['samples']:<3} {'、'.join(r['names'])}"
        )


def _print_events(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        flag = "ALERT" if r["alert"] else "event"
        detail = " ".join(f"{k}={v}" for k, v in r["detail"].items())
        print(f"{r['at']}  {r['station']}  {flag:<5}  {r['kind']}  {detail}".rstrip())


def _print_matches(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        print(f"{r['missing']}  {r['found']}  {r['score']:.3f}  {r['dna_verdict'] or '-'}  {r['state']}")


def _all_cases(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every case, fetched a page at a time so one transaction never holds the whole register."""
    rows: list[dict[str, Any]] = []
    after = ""

    def page_after(session: Session) -> list[dict[str, Any]]:
        return national.list_cases(session, args.station, after, 1000)

    while True:
        page: list[dict[str, Any]] = _with_session(args, page_after)
        rows.extend(page)
        if len(page) < 1000:
            return rows
        after = page[-1]["case_no"]


def _bundle(args: argparse.Namespace) -> int:
    """The USB path (server/services/bundles.py): import, export, or show the public key."""
    from pathlib import Path

    from server.services import bundles

    key_file = Path(args.keys) if args.keys else bundles.default_key_file()
    keys = bundles.server_keys(key_file)
    if args.action == "key":
        print(bundles.public_key_text(keys))
        return 0
    settings = _settings(args)
    if args.action == "export":
        _refuse_inside_server_folders(Path(args.file), settings, key_file)
    engine = make_engine(settings)
    try:
        migrate(engine)
        with session_factory(engine)() as session:
            if args.action == "import":
                done = bundles.import_bundle(session, Path(args.file).read_bytes(), keys, settings.clock)
                print(
                    f"Bundle from station {done.station}: {done.changes} changes answered "
                    f"({done.applied} applied, {done.refused} refused; repeats answer as before)."
                )
            else:
                bundles.write_answer(
                    Path(args.file), bundles.export_answer(session, args.station, keys, settings.clock)
                )
                print(f"Answer for station {args.station} written to {args.file}.")
    finally:
        engine.dispose()
    return 0


def _refuse_inside_server_folders(target: Any, settings: Settings, key_file: Any) -> None:
    """An answer written over the server's database (or its WAL) or its bundle keys would lose them."""
    from app.core.outputs import inside
    from server.settings import sqlite_path

    kept = [key_file]
    db = sqlite_path(settings.db_url)
    if db is not None:
        kept += [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))]
    for each in kept:
        if inside(each, target):
            raise UsageError(f"refusing to write {target}: it would overwrite the server's file {each.name}")


def _run(args: argparse.Namespace) -> int:
    command = (args.command, getattr(args, "action", None))
    if command == ("serve", None):
        return _serve(args)
    if command == ("worker", None):
        return _worker(args)
    if command == ("station", "add"):
        days = _settings(args).enrol_token_days
        token = _with_session(args, lambda s: credentials.add_station(s, args.code, args.name, days))
        print(f"Station {args.code} registered. One-time enrolment token (valid {days} days):")
        print(token)
    elif command == ("station", "revoke"):
        _with_session(args, lambda s: credentials.revoke_station(s, args.code))
        print(f"Station {args.code} revoked (undo only with `station readmit {args.code}`).")
    elif command in (("station", "rotate"), ("station", "readmit")):
        days = _settings(args).enrol_token_days
        act = credentials.rotate_station if command[1] == "rotate" else credentials.readmit_station
        token = _with_session(args, lambda s: act(s, args.code, days))
        done = "credential ended" if command[1] == "rotate" else "re-admitted"
        print(f"Station {args.code} {done}. One-time enrolment token (valid {days} days):")
        print(token)
    elif command == ("station", "events"):
        _print_events(_with_session(args, lambda s: station_events.list_events(s, args.station)), args.json)
    elif command == ("operator", "revoke"):
        _with_session(args, lambda s: credentials.revoke_operator(s, args.name))
        print(f"Operator {args.name} revoked.")
    elif command == ("operator", "add"):
        token = _with_session(args, lambda s: credentials.add_operator(s, args.name))
        print(f"Operator {args.name} created. Bearer token (shown once):")
        print(token)
    elif command == ("case", "list"):
        _print_cases(_all_cases(args), args.json)
    elif command == ("match", "list"):
        _print_matches(_with_session(args, lambda s: national.list_matches(s, 0, 100_000)), args.json)
    elif command[0] == "bundle":
        return _bundle(args)
    elif command[0] == "gallery":
        return gallery_cli.run(args, lambda work: _with_session(args, work))
    elif command[0] == "alert":
        return alert_cli.run(args, lambda work: _with_session(args, work), _settings(args).clock)
    elif command == ("mark-restored", None):
        epoch = _with_session(args, mark_restored)
        print(f"New epoch {epoch}: stations will resend what this server lost.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        print(f"xunren-server: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        words = gallery_cli.refusal(exc.reason) if args.command == "gallery" else exc.detail
        print(f"xunren-server: {words}", file=sys.stderr)
        return 2 if exc.reason.startswith("bad_") else 1  # a malformed argument is bad usage
    except SQLAlchemyError as exc:
        print(f"xunren-server: the database cannot be used ({type(exc).__name__})", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"xunren-server: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
