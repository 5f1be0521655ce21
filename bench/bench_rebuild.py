"""A station that lost its disk rebuilds from the server (issue 14): how long the rebuild takes
against the sync that first sent the same register, in the same run, on the same server.

A real `xunren-server` process on a SQLite file; a station registers the example cases (with their
samples and STR profiles) in files of 100 and syncs; the operator rotates; a fresh store with the
same code rebuilds. Reported: records back per second and the rebuild / first sync ratio. Then
the USB path on the same register: the operator's rebuild package is written (in process, the
services ``station rotate --package --rebuild`` calls) and a third store rebuilds from it; reported:
the package's bytes per record, and the writing and the USB rebuild against the network rebuild.
Last, the writer's peak memory (tracemalloc) for 8 and for 32 photos of 1 MiB: the photos
stream into the zip, so the peak stays that of a chunk or so whatever the count.
"""

from __future__ import annotations

import json
import secrets
import tempfile
from pathlib import Path

from bench.harness import Figure, at_most, reported, stopwatch

_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"


def _token(db_url: str, code: str, *, rotate: bool = False) -> str:
    from server.services import credentials
    from server.services.meta import in_transaction
    from server.settings import Settings
    from server.storage.engine import make_engine, session_factory

    engine = make_engine(Settings(db_url=db_url))
    with session_factory(engine)() as s:
        if rotate:
            token = in_transaction(s, lambda x: credentials.rotate_station(x, code, 1))
        else:
            token = in_transaction(s, lambda x: credentials.add_station(x, code, "基准派出所", 1))
    engine.dispose()
    return str(token)


def _fresh(workdir: Path, code: str) -> object:
    from app.core.model import AccountRole, StationInfo
    from app.services.session import Session
    from app.storage.store import StationStore

    workdir.mkdir(parents=True, exist_ok=True)
    store = StationStore(workdir / "station.db", secrets.token_bytes(32), create=True)
    return Session(workdir, store, "admin", AccountRole.ADMIN, StationInfo(code, "基准派出所"))


def run(quick: bool) -> list[Figure]:
    from app.core.validation import parse_case_file
    from app.services import cases
    from app.services.enrolment import enroll
    from app.services.rebuild import rebuild_from_server
    from app.services.sync import sync_now
    from server.settings import Settings
    from server.storage.engine import make_engine, migrate
    from tests.server.realserver import ServerProcess

    count = 300 if quick else 3000
    examples = [
        json.loads((_EXAMPLES / f"{n}.json").read_text("utf-8")) for n in ("missing_child", "found_child")
    ]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db_url = f"sqlite:///{work / 'server.sqlite3'}"
        engine = make_engine(Settings(db_url=db_url))
        migrate(engine)
        engine.dispose()
        server = ServerProcess(db_url).start()
        try:
            code = f"{100000000 + secrets.randbelow(800000000)}"
            session = _fresh(work / "old", code)
            enroll(session, server.url, _token(db_url, code))  # type: ignore[arg-type]
            for start in range(0, count, 100):
                batch = [examples[(start + i) % 2] for i in range(min(100, count - start))]
                file = json.dumps(batch, ensure_ascii=False).encode()
                cases.register_cases(session, parse_case_file(file), allow_duplicate="基准", check=False)  # type: ignore[arg-type]
            with stopwatch() as elapsed:
                first = sync_now(session)  # type: ignore[arg-type]
                sync_seconds = elapsed()
            session.store.close()  # type: ignore[attr-defined]
            if not first.equal:
                raise RuntimeError(f"first sync incomplete: {first}")
            fresh = _fresh(work / "new", code)
            token = _token(db_url, code, rotate=True)
            with stopwatch() as elapsed:
                report = rebuild_from_server(fresh, server.url, token)  # type: ignore[arg-type]
                rebuild_seconds = elapsed()
            fresh.store.close()  # type: ignore[attr-defined]
            package = work / "rebuild.xrp"
            with stopwatch() as elapsed:
                passphrase = _package(db_url, code, package)
                package_seconds = elapsed()
            usb = _fresh(work / "usb", code)
            from app.services.rebuild_usb import rebuild_from_package

            with stopwatch() as elapsed:
                from_file = rebuild_from_package(usb, str(package), passphrase)  # type: ignore[arg-type]
                usb_seconds = elapsed()
            usb.store.close()  # type: ignore[attr-defined]
            package_bytes = package.stat().st_size
        finally:
            server.stop()
    if report.counts.get("case") != count or from_file.counts != report.counts:
        raise RuntimeError(f"rebuild incomplete: {report.counts} {from_file.counts}")
    small, large = _writer_peak(8), _writer_peak(32)
    return [
        reported("rebuild package: bytes per record", package_bytes / report.restored, "bytes"),
        reported(
            "rebuild package written / network rebuild (same run)", package_seconds / rebuild_seconds, "ratio"
        ),
        at_most("USB rebuild / network rebuild (same run)", usb_seconds / rebuild_seconds, "ratio", 1.5),
        reported("package writer peak memory, 8 photos of 1 MiB", small / 2**20, "MiB"),
        at_most("package writer peak memory, 32 photos / 8 photos", large / small, "ratio", 1.5),
        reported(
            f"rebuild of {count:,} cases ({report.restored:,} records)",
            report.restored / rebuild_seconds,
            "records/s",
        ),  # fmt: skip
        reported("first sync of the same register", first.pushed / sync_seconds, "changes/s"),
        at_most("rebuild time / first sync time (same run)", rebuild_seconds / sync_seconds, "ratio", 3.0),
    ]


def _package(db_url: str, code: str, path: Path) -> str:
    """The operator's rebuild package for *code* (a fresh token); returns its passphrase."""
    from server.services import bundles, credentials, enrol_packages, rebuild_packages
    from server.services.meta import in_transaction
    from server.settings import Settings
    from server.storage.engine import make_engine, session_factory

    keys = bundles.server_keys(path.with_name("bundle_keys.json"))
    engine = make_engine(Settings(db_url=db_url))
    try:
        with session_factory(engine)() as s:

            def rotate(x: object) -> dict[str, object]:
                token = credentials.rotate_station(x, code, 1)  # type: ignore[arg-type]
                return enrol_packages.package_body(x, code, token, keys, "")  # type: ignore[arg-type]

            body = in_transaction(s, rotate)
            written = rebuild_packages.write_package(path, body, lambda work: in_transaction(s, work))
    finally:
        engine.dispose()
    return written.passphrase


def _writer_peak(photos: int) -> int:
    """Peak bytes allocated while writing a package of *photos* photos of 1 MiB each."""
    import os
    import tracemalloc

    from app.sync.enrolment_package import new_passphrase
    from app.sync.rebuild_package import PackageWriter

    chunk = os.urandom(2**20)
    with tempfile.TemporaryDirectory() as tmp:
        tracemalloc.start()
        try:
            with PackageWriter(Path(tmp) / "p.xrp", "370783001", new_passphrase()) as package:
                package.enrolment({"station": "370783001"})
                package.page("{}")
                for n in range(photos):
                    package.photo(f"{n:064x}", iter([chunk]))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
