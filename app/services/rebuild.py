"""A station that lost its disk (and its backups) rebuilds its register from the national server
(issue 14): ``xunren enroll --server URL --token TOKEN --rebuild`` on a freshly set-up station
with the same station code, the token from ``xunren-server station rotate CODE``.

Steps, each durable before the next, so a rebuild cut off anywhere (a killed process, a lost
network) is finished by running the same command again:

1. enrol (the token buys the device credential; a resumed rebuild uses the stored one);
2. the first page of ``/sync/rebuild`` says which audit head the server last witnessed from the
   station: the fresh station's few audit entries move onto it (``audit.relink``), so the new
   chain goes on from what the server holds and its witness accepts it; audited
   ``sync.rebuild_start``;
3. page by page, every record the server holds owned by the station is written back through the
   protocol's readers with the server's revision, the position reached committed with each page
   (a photo in a transaction of its own, its bytes fetched and checked against their SHA-256
   first, so memory holds one photo at a time);
4. the numbering is raised above the server's high-water marks and the rebuild is audited
   ``sync.rebuild`` with the counts of what came back;
5. an ordinary sync: nothing to push, the pull from the start (national matches, alerts, tips
   for the station) leaves the cursor at the server's position, and the counts and digest match;
6. the pairs the station decided come back (national ones from the pull, its own matched again:
   only the cases those decisions name) and its decisions go back on them
   (``app.sync.rebuild.apply_decisions``).

Admin only. Runs on the calling thread (the desktop runs it on a thread of its own and passes its
database worker as *writer*).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from app.core.model import AccountRole
from app.services.enrolment import SyncError, enroll, failure_words
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import audit
from app.storage import rebuild_repository as repo
from app.storage import sync_state as st
from app.storage import transfer_repository as transfer_repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor, cursor_of
from app.storage.numbering import raise_numbers
from app.storage.store import UnitOfWork, Writer
from app.sync import protocol
from app.sync import rebuild as apply_held
from app.sync.client import SyncClient, SyncFailure
from app.sync.planner import Verdict
from app.sync.protocol.matches import MatchDecision
from app.sync.protocol.rebuild import HeldRecord, RebuildPage

PAGE_LIMIT = 200
T = TypeVar("T")


class RebuildError(ServiceError):
    messages = {
        "rebuild_not_empty": (
            "本站登记册不是空的：只有刚用 init 建立、尚无案件的工作站才能从服务器重建",
            "this station's register is not empty: only a station just set up with init, with no case, "
            "can be rebuilt from the server",
        ),
        "rebuild_wrong_station": (
            "服务器答复的是工作站 {theirs} 的记录，而本站是 {ours}",
            "the server answered with station {theirs}'s records, this station is {ours}",
        ),
        "rebuild_unreachable": (
            "重建未完成（{detail}）：已恢复的部分都已保存，再次运行同一命令即可继续",
            "the rebuild did not finish ({detail}): what came back is kept; run the same command again to go on",
        ),
        "rebuild_bad_photo": (
            "服务器上的照片 {sha} 与其校验值不符：请联系国家平台",
            "the server's photo {sha} does not match its SHA-256: contact the national operator",
        ),
        "rebuild_not_package": (
            "这不是重建包：请国家平台操作员用 station rotate 工作站代码 --package 文件 --rebuild 制作",
            "this is not a rebuild package: ask the national operator for one (station rotate CODE "
            "--package FILE --rebuild)",
        ),
        "rebuild_damaged": (
            "重建包已损坏或不完整：请国家平台操作员重新制作",
            "the rebuild package is damaged or incomplete: ask the national operator for a new one",
        ),
        "rebuild_offline": (
            "用登记包离线登记的工作站无法从服务器联网重建：请用联网的 enroll --server --token --rebuild，"
            "或用重建包 enroll --file 文件 --rebuild",
            "a station enrolled offline by package cannot rebuild over the network: use enroll --server "
            "--token --rebuild with a network, or a rebuild package with enroll --file FILE --rebuild",
        ),
    }


@dataclass
class RebuildReport:
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0  # records the server holds owned by the station
    resumed: bool = False
    anchored_on: tuple[int, str] | None = None

    @property
    def restored(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RebuildStep:
    """Progress: ``records`` (done of total), ``photo``, ``sync`` (the sync step after it)."""

    stage: str
    done: int = 0
    total: int = 0
    detail: Any = None


def rebuilding(session: Session) -> bool:
    """True while a rebuild was started and not finished (run the same command again)."""
    return read_state(session, lambda c: st.get(c, st.REBUILDING)) is not None


def rebuild_from_server(
    session: Session,
    server_url: str,
    token: str,
    *,
    allow_insecure: bool = False,
    bundle_key: str | None = None,
    writer: Writer | None = None,
    progress: Callable[[RebuildStep], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    page_limit: int = PAGE_LIMIT,
) -> RebuildReport:
    """Rebuild the register of a fresh station from what the server holds of it (module doc).
    Audits ``sync.enroll``, ``sync.rebuild_start`` and ``sync.rebuild`` (counts per record type)."""
    session.require(AccountRole.ADMIN)
    write = writer or session.store.write
    say = progress or (lambda _step: None)
    report = RebuildReport(resumed=rebuilding(session))
    if not report.resumed:
        if not read_state(session, repo.register_is_empty):
            raise RebuildError("rebuild_not_empty")
        try:
            enroll(
                session,
                server_url,
                token,
                allow_insecure=allow_insecure,
                bundle_key=bundle_key,
                writer=writer,
            )
        except SyncError as refused:
            # Cut off after the token bought the credential, before the rebuild began: go on with it.
            if refused.key != "enrol_refused" or not read_state(session, lambda c: st.get(c, st.CREDENTIAL)):
                raise
    url, credential = read_state(session, lambda c: (st.get(c, st.SERVER_URL), st.get(c, st.CREDENTIAL)))
    if not url or not credential:
        raise RebuildError("rebuild_offline")
    client = SyncClient(url, credential)
    try:
        _pages(session, client, write, report, say, sleep, page_limit)
    finally:
        client.close()
    from app.services.sync import sync_now

    sync_now(session, writer=writer, progress=lambda step: say(RebuildStep("sync", detail=step)))
    decisions_back(session, writer)
    write(lambda uow: st.put(uow.cursor, st.REBUILDING, None))  # only now: a cut-off sync is run again
    return report


def decisions_back(session: Session, writer: Writer | None) -> None:
    """The pairs the station's decisions are about come back (the pulled national candidates
    taken in; the station's own pairs matched again, only the cases those decisions name: the
    rest of the register is matched as ever, when an officer looks), then the decisions go back
    on them (``app.sync.rebuild.apply_decisions``)."""
    from app.services.match_national import import_national
    from app.services.matching import recompute_cases

    import_national(session, writer=writer)
    decided = [MatchDecision.read(json.loads(t)) for t in read_state(session, repo.sent_decisions)]

    def both_held(cursor: Cursor) -> list[str]:
        # the pairs of two cases held here: filed here or taken over by transfer (issue 14), whatever
        # station their numbers name; the national import leaves those to the station's matcher
        return sorted(
            {
                d.missing
                for d in decided
                if transfer_repo.held_here(cursor, d.missing) and transfer_repo.held_here(cursor, d.found)
            }
        )

    recompute_cases(session, read_state(session, both_held), writer=writer)
    (writer or session.store.write)(partial(_put_back, user=session.user))


def _put_back(uow: UnitOfWork, user: str) -> None:
    """The decisions go back on their pairs, each audited as the decision it puts back
    (``match.<decision>``, as an officer's), naming who decided at the lost station, when, why
    and what the pair was: the rebuilt station's chain explains every decided pair."""
    from app.services.match_national import audit_decision_back

    for put in apply_held.apply_decisions(uow.cursor):
        audit_decision_back(uow, user, put.decision, put.was, after=" (rebuild)")


def read_state(session: Session, work: Callable[[Cursor], T]) -> T:
    with session.store.reader() as conn:
        return work(cursor_of(conn))


def _retrying(call: Callable[[], Any], sleep: Callable[[float], None]) -> Any:
    for attempt in range(6):
        try:
            return call()
        except SyncFailure as failure:
            if failure.verdict is not Verdict.RETRY or attempt == 5:
                key = "rebuild_unreachable"
                raise RebuildError(key, detail=failure_words(failure.detail)) from None
            sleep(min(30.0, 0.5 * 2**attempt))
    raise AssertionError("unreachable")


def _pages(
    session: Session,
    client: SyncClient,
    write: Writer,
    report: RebuildReport,
    say: Callable[[RebuildStep], None],
    sleep: Callable[[float], None],
    page_limit: int,
) -> None:
    state, started = rebuild_state(session, report)
    while not state.get("done"):
        page: RebuildPage = _retrying(partial(client.rebuild_page, str(state["after"]), page_limit), sleep)
        if apply_page(
            session, page, state, started, write, report, say, partial(_photo_bytes, client, sleep=sleep)
        ):
            return
        started = True


def rebuild_state(session: Session, report: RebuildReport) -> tuple[dict[str, Any], bool]:
    """Where a rebuild stands (the position reached and the counts so far; fresh when none was
    started) and whether it was started already; *report* takes the counts."""
    marker = read_state(session, lambda c: st.get(c, st.REBUILDING))
    state: dict[str, Any] = json.loads(marker) if marker else {"after": "", "counts": {}}
    report.counts = dict(state["counts"])
    return state, marker is not None


def apply_page(
    session: Session,
    page: RebuildPage,
    state: dict[str, Any],
    started: bool,
    write: Writer,
    report: RebuildReport,
    say: Callable[[RebuildStep], None],
    photo_of: Callable[[HeldRecord], tuple[bytes, bytes] | None],
) -> bool:
    """One page of what the server holds of the station written back, whichever way it came (the
    network or a rebuild package): the first page starts the rebuild, each photo goes in a
    transaction of its own (one already back from a cut-off run is skipped), the position
    reached is committed with the page's last records. True when it was the last page."""
    if page.station != session.station.code:
        raise RebuildError("rebuild_wrong_station", theirs=page.station, ours=session.station.code)
    report.total = page.total
    if not started:
        write(partial(start_records, user=session.user, page=page, state=state))
        report.anchored_on = page.witnessed
    run: list[HeldRecord] = []
    for held in page.records:
        if held.record_type != "photo":
            run.append(held)
            continue
        write(partial(apply_records, records=run, state=state, report=report))
        run = []
        if read_state(session, lambda c, h=held: repo.held(c, h.record_id)):  # type: ignore[misc]
            continue  # a resumed rebuild: this photo is back already
        image = photo_of(held)
        write(partial(apply_records, records=[held], state=state, report=report, photo=image))
        say(RebuildStep("photo", report.restored, report.total))
    write(partial(apply_records, records=run, state=state, report=report, after=page.next_after))
    say(RebuildStep("records", report.restored, report.total))
    if page.has_more:
        return False
    write(partial(finish_records, user=session.user, page=page, state=state))
    return True


def start_records(uow: UnitOfWork, user: str, page: RebuildPage, state: dict[str, Any]) -> None:
    """The first step: the chain moves onto the witnessed head, the rebuild is under way."""
    c = uow.cursor
    if page.witnessed is not None:
        audit.relink(c, page.witnessed)
        st.put_point(c, st.WITNESSED, page.witnessed)
        uow.audit = audit.AuditChain(uow.conn, c)  # the chain it held moved
    raise_numbers(c, page.numbers)
    st.put(c, st.REBUILDING, json.dumps(state))
    on = "none" if page.witnessed is None else str(page.witnessed[0])
    uow.audit.record(
        user, "sync.rebuild_start", page.station, detail=f"witnessed_seq={on} records={page.total}"
    )


def apply_records(
    uow: UnitOfWork,
    records: list[HeldRecord],
    state: dict[str, Any],
    report: RebuildReport,
    photo: tuple[bytes, bytes] | None = None,
    after: str | None = None,
) -> None:
    c = uow.cursor
    at = now_utc()
    for held in records:
        if apply_held.apply(c, held, at, photo):
            state["counts"][held.record_type] = state["counts"].get(held.record_type, 0) + 1
        state["after"] = held.record_id
    if after is not None:
        state["after"] = after
    st.put(c, st.REBUILDING, json.dumps(state))
    report.counts = dict(state["counts"])


def finish_records(uow: UnitOfWork, user: str, page: RebuildPage, state: dict[str, Any]) -> None:
    c = uow.cursor
    raise_numbers(c, page.numbers)
    state["done"] = True  # the records are all back; the marker goes after the first sync
    st.put(c, st.REBUILDING, json.dumps(state))
    counts = " ".join(f"{k}={v}" for k, v in sorted(state["counts"].items()))
    uow.audit.record(user, "sync.rebuild", page.station, detail=f"rebuilt from server: {counts}"[:1000])


def _photo_bytes(
    client: SyncClient, held: HeldRecord, *, sleep: Callable[[float], None]
) -> tuple[bytes, bytes]:
    """The photo's bytes from the server, checked against their SHA-256, and a thumbnail."""
    from app.services.photos import thumbnail_of

    sha, size = str(held.payload.get("sha256")), int(held.payload.get("size") or 0)
    chunks = max(1, -(-size // protocol.MAX_CHUNK_BYTES))
    # Asked for by the photo record: the server serves the station's own upload, or, for a case
    # it took over by transfer (issue 14), the upload of the station that handed it over.
    fetch = partial(client.get_chunk, sha, record_id=held.record_id)
    data = b"".join(_retrying(partial(fetch, i), sleep) for i in range(chunks))
    if hashlib.sha256(data).hexdigest() != sha:
        raise RebuildError("rebuild_bad_photo", sha=sha[:12])
    return data, thumbnail_of(data)


__all__ = [
    "RebuildError", "RebuildReport", "RebuildStep", "SyncError", "apply_page", "apply_records", "decisions_back",
    "finish_records", "read_state", "rebuild_from_server", "rebuild_state", "rebuilding", "start_records",
]  # fmt: skip
