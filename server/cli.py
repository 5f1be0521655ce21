"""``xunren-server``: the national server's command line. Thin: parses, calls services, prints.

Exit status 0 on success, 2 on bad usage, 1 on any other error (one line on stderr).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, NoReturn

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from server import alert_cli, gallery_cli, referral_cli, screening_cli, station_cli, worker_cli
from server.cli_errors import Failure, UsageError
from server.cli_files import refuse_inside_server_folders, server_keys
from server.cli_words import T, audit_reason, file_problem, install, refusal, say
from server.services import credentials, national
from server.services.errors import Refused
from server.services.meta import in_transaction, mark_restored
from server.settings import Settings, SettingsError, apply_test_switch, check_public_url
from server.storage.engine import make_engine, migrate, session_factory


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="URL", help=T("postgresql://… or sqlite:///… (env XUNREN_SERVER_DB)"))
    json_flag = _Parser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))
    keys = _Parser(add_help=False)
    keys.add_argument(
        "--keys", metavar="FILE", help=T("the server's bundle key file (env XUNREN_BUNDLE_KEYS)")
    )
    ap = _Parser(prog="xunren-server", description=T("Xunren national server"))
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    def group(name: str, help_text: str) -> Any:
        parser = sub.add_parser(name, help=T(help_text), description=T(help_text))
        return parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def command(parent: Any, name: str, help_text: str, *parents: argparse.ArgumentParser) -> Any:
        return parent.add_parser(
            name, parents=[common, *parents], help=T(help_text), description=T(help_text)
        )

    serve = command(sub, "serve", "run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help=T("the address to listen on"))
    serve.add_argument("--port", type=int, default=8765, help=T("the port to listen on"))
    serve.add_argument(
        "--workers", type=int, default=1, metavar="N", help=T("server processes (PostgreSQL only)")
    )
    serve.add_argument(
        "--allow-insecure-http", action="store_true", help=T("plain HTTP on a non-loopback address")
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        metavar="IPS",
        help=T("TLS proxies trusted for X-Forwarded-For"),
    )
    serve.add_argument(
        "--access-log", action="store_true", help=T("log each request (logs receipt codes: avoid)")
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help=T("the https address families reach (env XUNREN_SERVER_PUBLIC_URL)"),
    )
    station = group("station", "enrol or revoke stations")
    add = command(station, "add", "register a station; prints its enrolment token", keys)
    add.add_argument("code", metavar="CODE", help=T("the station's 9-digit code"))
    add.add_argument("name", metavar="NAME", help=T("the station's name"))
    package_help = T("also write an offline enrolment package for the USB stick")
    add.add_argument("--package", metavar="FILE", help=package_help)
    command(station, "revoke", "revoke a station").add_argument(
        "code", metavar="CODE", help=T("the station's 9-digit code")
    )
    rotate = command(
        station, "rotate", "end the station's credential now; prints a token to enrol again", keys
    )
    rotate.add_argument("code", metavar="CODE", help=T("the station's 9-digit code"))
    rotate.add_argument("--package", metavar="FILE", help=package_help)
    rotate.add_argument(
        "--rebuild",
        action="store_true",
        help=T("with --package: put in every record the server holds of the station (a lost disk)"),
    )
    command(station, "readmit", "lift a revocation; prints a token to enrol again").add_argument(
        "code", metavar="CODE", help=T("the station's 9-digit code")
    )
    events = command(station, "events", "alerts (refused audit heads) and events of the stations", json_flag)
    events.add_argument("--station", metavar="CODE", help=T("only this station"))
    operator = group("operator", "national operators")
    command(operator, "add", "create an operator; prints their token").add_argument(
        "name", metavar="NAME", help=T("the operator's name")
    )
    command(operator, "revoke", "revoke an operator's token").add_argument(
        "name", metavar="NAME", help=T("the operator's name")
    )
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help=T("run national matching inside this process (one machine)"),
    )
    worker = command(sub, "worker", "run background jobs (national matching); `worker status`: the lag")
    worker.add_argument(
        "action", nargs="?", choices=["status"], help=T("status: queued jobs and each worker's position")
    )
    worker.add_argument("--once", action="store_true", help=T("run the due jobs, then exit"))
    worker.add_argument("--json", action="store_true", help=T("with status: one JSON object"))
    worker.add_argument(
        "--poll", type=float, default=2.0, metavar="SECONDS", help=T("seconds between looks for jobs")
    )
    case = group("case", "national case register")
    case_list = command(case, "list", "list the cases the server holds", json_flag)
    case_list.add_argument("--station", metavar="CODE", help=T("only this station"))
    match = group("match", "national candidate matches")
    command(match, "list", "list the national candidate matches", json_flag)
    command(sub, "mark-restored", "after restoring a backup: new epoch, stations resend")
    bundle = group("bundle", "the USB path")
    bundle_import = command(bundle, "import", "apply a station's sealed bundle", keys)
    bundle_import.add_argument("file", metavar="FILE", help=T("the station's bundle"))
    bundle_export = command(bundle, "export", "write a station's sealed answer", keys)
    bundle_export.add_argument("--station", required=True, metavar="CODE", help=T("the station answered"))
    bundle_export.add_argument("file", metavar="FILE", help=T("the answer file to write"))
    bundle.add_parser(
        "key",
        parents=[keys],
        help=T("print the public key stations enrol with (--bundle-key)"),
        description=T("print the public key stations enrol with (--bundle-key)"),
    )
    gallery_cli.add_parser(sub, common)  # issue 18: gallery list|approve ID|withdraw ID
    alert_cli.add_parser(sub, common)  # issue 14: alert list
    screening_cli.add_parser(sub, common)  # issue 15: screening rotate-key|rotations
    referral_cli.add_parser(sub, common)  # issue 14: referral list
    return ap


def _settings(args: argparse.Namespace) -> Settings:
    try:
        settings = Settings.from_env(args.db)
        if getattr(args, "public_url", None):
            settings = replace(settings, public_url=check_public_url(args.public_url))
        return settings
    except SettingsError as exc:
        raise UsageError(say(exc.key, **exc.values)) from None


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
        raise UsageError(say("plain_http", host=args.host))
    if args.workers > 1 and settings.is_sqlite:
        raise UsageError(say("workers_need_postgresql"))
    if args.workers > 1 and args.with_worker:
        raise UsageError(say("with_worker_one_process"))
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": args.access_log,
        # uvicorn writes access lines at INFO: at "warning" --access-log printed nothing at all.
        "log_level": "info" if args.access_log else "warning",
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
    }
    print(
        f"xunren-server: {say('serving', url=f'http://{args.host}:{args.port}')}", file=sys.stderr, flush=True
    )
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
    from server.api.app import create_app, settle_collector

    matcher = worker_cli.start(settings, once=False, poll=2.0, suffix="/serve") if args.with_worker else None
    app = create_app(settings)
    settle_collector()
    uvicorn.run(app, **common)
    if matcher is not None:
        matcher[0].stop.set()  # a job it was running rolls back and stays queued
        matcher[1].join(1.0)
    return 0


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _print_cases(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        print(
            f"{r['case_no']}  {r['type'] or '-':<11} {r['status'] or '-':<12} "
            f"{say('revision', n=r['revision']):<8} {say('samples', n=r['samples']):<8} {'、'.join(r['names'])}"
        )


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
    keys = server_keys(key_file)
    if args.action == "key":
        print(bundles.public_key_text(keys))
        return 0
    settings = _settings(args)
    if args.action == "export":
        refuse_inside_server_folders(Path(args.file), settings, key_file)
    engine = make_engine(settings)
    try:
        migrate(engine)
        with session_factory(engine)() as session:
            if args.action == "import":
                done = bundles.import_bundle(session, Path(args.file).read_bytes(), keys, settings.clock)
                print(
                    say("bundle_imported", station=done.station, changes=done.changes,
                        applied=done.applied, refused=done.refused)
                )  # fmt: skip
                if done.witness is not None and not done.witness["accepted"]:
                    print(say("bundle_witness_refused", reason=audit_reason(done.witness["reason"])))
            else:
                bundles.write_answer(
                    Path(args.file), bundles.export_answer(session, args.station, keys, settings.clock)
                )
                print(say("answer_written", station=args.station, file=args.file))
    finally:
        engine.dispose()
    return 0


def _run(args: argparse.Namespace) -> int:
    command = (args.command, getattr(args, "action", None))
    if command == ("serve", None):
        return _serve(args)
    if command[0] == "worker":
        return worker_cli.run(args, lambda work: _with_session(args, work), _settings(args))
    if command[0] == "station":
        return station_cli.run(args, lambda work: _with_session(args, work), lambda: _settings(args))
    if command == ("operator", "revoke"):
        _with_session(args, lambda s: credentials.revoke_operator(s, args.name))
        print(say("operator_revoked", name=args.name))
    elif command == ("operator", "add"):
        token = _with_session(args, lambda s: credentials.add_operator(s, args.name))
        print(say("operator_added", name=args.name))
        print(token)
    elif command == ("case", "list"):
        _print_cases(_all_cases(args), args.json)
    elif command == ("match", "list"):
        _print_matches(_with_session(args, lambda s: national.list_matches(s, 0, 100_000)), args.json)
    elif command[0] == "bundle":
        return _bundle(args)
    elif command[0] == "gallery":
        return gallery_cli.run(args, lambda work: _with_session(args, work))
    elif command[0] == "screening":
        return screening_cli.run(args, lambda work: _with_session(args, work))
    elif command[0] == "alert":
        return alert_cli.run(args, lambda work: _with_session(args, work), _settings(args).clock)
    elif command[0] == "referral":
        return referral_cli.run(args, lambda work: _with_session(args, work))
    elif command == ("mark-restored", None):
        epoch = _with_session(args, mark_restored)
        print(say("new_epoch", epoch=epoch))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Chinese output even under a C locale
    install()
    args = _parser().parse_args(argv)
    weak = apply_test_switch()  # tests only; said after a package is written (stderr)
    try:
        code = _run(args)
        if weak and code == 0 and getattr(args, "package", None):
            print(say("weak_package_kdf"), file=sys.stderr)
        return code
    except UsageError as exc:
        print(f"xunren-server: {exc}", file=sys.stderr)
        return 2
    except Failure as exc:
        print(f"xunren-server: {exc}", file=sys.stderr)
        return 1
    except Refused as exc:
        if args.command == "gallery":
            words = gallery_cli.refusal(exc.reason)
        else:
            words = refusal(exc.reason, exc.detail, vars(args))
        print(f"xunren-server: {words}", file=sys.stderr)
        return 2 if exc.reason.startswith("bad_") else 1  # a malformed argument is bad usage
    except SQLAlchemyError as exc:
        print(f"xunren-server: {say('database_unusable', kind=type(exc).__name__)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"xunren-server: {file_problem(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
