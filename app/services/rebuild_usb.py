"""A station that lost its disk and never reaches the network rebuilds from a USB stick (issue 14):
``xunren enroll --file FILE --rebuild`` on a freshly set-up station with the same code, the file
written by ``xunren-server station rotate CODE --package FILE --rebuild`` and opened with the
passphrase the operator reads out by phone (:mod:`app.sync.rebuild_package`).

The same steps and guarantees as over the network (:mod:`app.services.rebuild`): enrol from the
package's enrolment package (the first ``sync export`` carries its one-time token); the audit
chain moves onto the head the server last witnessed; page by page the records are written back
with the server's revision, the position reached committed with each page (a photo in a
transaction of its own, its bytes checked against their SHA-256), so a rebuild cut off anywhere
is finished by running the same command again; the numbering is raised above the server's
high-water marks; audited ``sync.enroll``, ``sync.rebuild_start`` and ``sync.rebuild``. The
station's own pairs are matched again and take back its decisions; the national candidates,
alerts and tips come with the answer to the first bundle, and a national pair it had decided
takes its decision back then (``app.services.match_national``).

Admin only. Runs on the calling thread (the desktop passes its database worker as *writer*).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from app.core.model import AccountRole
from app.services.enrolment import SyncError, enroll_from_package
from app.services.errors import ServiceError
from app.services.rebuild import (
    RebuildError,
    RebuildReport,
    RebuildStep,
    apply_page,
    decisions_back,
    read_state,
    rebuild_state,
    rebuilding,
)
from app.services.session import Session
from app.storage import rebuild_repository as repo
from app.storage import sync_state as st
from app.storage.store import Writer
from app.sync.enrolment_package import PackageRefused
from app.sync.protocol import ProtocolError
from app.sync.protocol.rebuild import HeldRecord, RebuildPage
from app.sync.rebuild_package import PackageReader, is_rebuild_package


def rebuild_from_package(
    session: Session,
    path: str,
    passphrase: str,
    *,
    writer: Writer | None = None,
    progress: Callable[[RebuildStep], None] | None = None,
) -> RebuildReport:
    """Enrol from the rebuild package at *path* and rebuild the register from it (module doc).
    Refuses a file that is not a rebuild package, a damaged one, a wrong passphrase, another
    station's package, a station that already holds cases, each in the user's words."""
    session.require(AccountRole.ADMIN)
    write = writer or session.store.write
    say = progress or (lambda _step: None)
    file = Path(path)
    try:
        file.open("rb").close()
    except OSError as exc:  # worded as enrolment.read_package words it
        raise ServiceError("file_unreadable", path=path, why=exc.strerror or type(exc).__name__) from None
    if not is_rebuild_package(file):
        raise RebuildError("rebuild_not_package")
    try:
        reader = PackageReader(file, passphrase)
    except PackageRefused as exc:
        raise (
            RebuildError("rebuild_damaged") if exc.code == "damaged" else SyncError(f"package_{exc.code}")
        ) from None
    except OSError as exc:
        raise ServiceError("file_unreadable", path=path, why=exc.strerror or type(exc).__name__) from None
    report = RebuildReport(resumed=rebuilding(session))
    with reader:
        if reader.station != session.station.code:
            raise SyncError("package_wrong_station", theirs=reader.station, ours=session.station.code)
        if not report.resumed:
            if not read_state(session, repo.register_is_empty):
                raise RebuildError("rebuild_not_empty")
            enroll_from_package(session, reader.enrolment, passphrase, writer=writer)
        try:
            _pages(session, reader, write, report, say)
        except (PackageRefused, ProtocolError):
            raise RebuildError("rebuild_damaged") from None
    decisions_back(session, writer)
    write(lambda uow: st.put(uow.cursor, st.REBUILDING, None))
    return report


def _pages(
    session: Session,
    reader: PackageReader,
    write: Writer,
    report: RebuildReport,
    say: Callable[[RebuildStep], None],
) -> None:
    state, started = rebuild_state(session, report)
    if state.get("done"):
        return
    for raw in reader.pages():
        if apply_page(
            session, RebuildPage.read(raw), state, started, write, report, say, partial(_photo, reader)
        ):
            return
        started = True
    raise RebuildError("rebuild_damaged")  # the last page never came: the package was cut short


def _photo(reader: PackageReader, held: HeldRecord) -> tuple[bytes, bytes] | None:
    """The photo's bytes from the package, checked against their SHA-256, and a thumbnail (None
    when the server never had its bytes whole: the record comes back without a picture)."""
    from app.services.photos import thumbnail_of

    sha = str(held.payload.get("sha256"))
    data = reader.photo(sha)
    if data is None:
        return None
    if hashlib.sha256(data).hexdigest() != sha:
        raise RebuildError("rebuild_bad_photo", sha=sha[:12])
    return data, thumbnail_of(data)


__all__ = ["rebuild_from_package"]
