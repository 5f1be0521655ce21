"""The first load read by two processes: a second one reads the register from the top down.

The national index's first load is Python's CPU (decoding each case's JSON, picking out its
persons, storing their profiles), one core of it, while the machine has more. On PostgreSQL, in
a REPEATABLE READ load, :class:`LoadPart` starts a second process that joins the load's snapshot
(``pg_export_snapshot``) and reads the register's pages from the highest case number down,
while the loading process reads from the lowest up; they meet where the work has put them (no
count, no split point fixed in advance: a busy core simply reads less). The second process sends
each page's persons as plain values (``marshal``: strings, numbers, tuples) and its profiles as
the byte columns of its own :class:`GenotypeStore`; the loading process rebuilds the same
:class:`MatchSubject` objects from them at a small part of the cost of reading them
(:func:`subjects_of`), and puts them after its own, in case-number order, so the index is the
one a single process builds (``tests/server/test_national_load.py``).

Bounded and stoppable: pages are sent as they are read (a few pages in flight), the loading
process tells the second to stop as soon as the two meet, and kills it if the load is
interrupted (SIGTERM sets the worker's stop event; the load checks it between pages). If the
second process fails, the loading process reads what it did not deliver itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import marshal
import multiprocessing
import queue
import re
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy import create_engine, func, literal, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.core.matching import MatchSubject
from app.core.matching.genotypes import GenotypeRow, GenotypeStore
from app.core.matching.subject import MatchProfile, match_subject
from server.services.match_subjects import CaseInput, CasePages, is_active, parse_subjects
from server.storage.tables import Record

__all__ = ["SPLIT_AT", "LoadPart", "PartPage"]

log = logging.getLogger("xunren.server.worker")
SPLIT_AT = 50_000  # cases from which a second process reads part of the register
_PIPE_BYTES = 1 << 20  # a page (about half a megabyte) goes through the pipe in one write
_SNAPSHOT = re.compile(r"^[0-9A-Fa-f-]+$")


class PartPage:
    """One page the second process read: its first case number and each case as (case number,
    rows read, subjects as plain values — None if refused, False if closed)."""

    __slots__ = ("cases", "first", "offset")

    def __init__(self, message: bytes, store: GenotypeStore) -> None:
        self.first, cases, (values, first, second, extra) = marshal.loads(message)
        self.cases: list[tuple[str, int, Any]] = cases
        self.offset = store.extend_coded(values, first, second, extra) if first and first[0] else 0


def _flat(subject: MatchSubject, store: GenotypeStore, mark: int) -> tuple[Any, ...]:
    """A subject as plain values (dates as ordinals, a stored profile as its row after *mark*)."""
    s = subject
    profiles = tuple(
        (
            p.relation,
            p.loci.row - mark if isinstance(p.loci, GenotypeRow) and p.loci.store is store else dict(p.loci),
            p.born,
        )
        for p in s.profiles
    )
    return (
        s.key, s.case_no, s.side, s.sex, s.birth_date.toordinal() if s.birth_date else None,
        s.age_range, s.height_range, s.event_date.toordinal() if s.event_date else None,
        s.place_code, s.home_code, s.name, s.nicknames, s.former_names, s.marks, s.dialect, s.origin,
        profiles,
    )  # fmt: skip


def subjects_of(flats: Sequence[tuple[Any, ...]], store: GenotypeStore, offset: int,
                days: dict[int, dt.date]) -> list[MatchSubject]:  # fmt: skip
    """The subjects :func:`_flat` gave as plain values, their stored profiles rows of *store*
    from *offset* (*days*: the load's dates by ordinal, one object each)."""
    out = []
    for key, case_no, side, sex, born, age, height, event, place, home, name, nick, former, marks, dialect, origin, raw in flats:  # fmt: skip
        if born is not None:
            born = days.get(born) or days.setdefault(born, dt.date.fromordinal(born))
        if event is not None:
            event = days.get(event) or days.setdefault(event, dt.date.fromordinal(event))
        profiles = (
            tuple(
                MatchProfile(
                    relation, GenotypeRow(store, loci + offset) if type(loci) is int else loci, window
                )
                for relation, loci, window in raw
            )
            if raw
            else ()
        )
        out.append(match_subject(key, case_no, side, sex, born, age, height, event, place, home, name,
                                 nick, former, marks, dialect, origin, profiles))  # fmt: skip
    return out


def _message(inputs: Sequence[CaseInput], store: GenotypeStore, mark: int) -> bytes:
    cases: list[tuple[str, int, Any]] = []
    for item in inputs:
        rows = 1 + len(item.children)
        if not is_active(item.payload):
            cases.append((item.case_no, rows, False))
            continue
        subjects = parse_subjects(item, store, False)
        flats = None if subjects is None else [_flat(s, store, mark) for s in subjects]
        cases.append((item.case_no, rows, flats))
    delta = (
        [list(v) for v in store.values],
        [bytes(c[mark : store.rows]) for c in store.first],
        [bytes(c[mark : store.rows]) for c in store.second],
        {r - mark: dict(loci) for r, loci in store.extra.items() if r >= mark},
    )
    return marshal.dumps((inputs[0].case_no, cases, delta))


def _read_part(url: str, snapshot: str, page: int, out: Connection, control: Connection) -> None:
    """The second process: the register's pages from the top down, in the given snapshot, each
    sent as soon as it is read, until told to stop or the bottom is reached."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the loader decides
    gc.disable()  # as in the loading process: every object made here lasts until its page is sent
    engine = create_engine(url, poolclass=NullPool)
    try:
        store = GenotypeStore()
        with Session(engine) as session, session.begin():
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            session.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
            pages, before = CasePages(session, page, descending=True), None
            while not control.poll():
                inputs = pages.read(session, before=before)
                if not inputs:
                    break
                mark = store.rows
                out.send_bytes(_message(inputs, store, mark))
                before = inputs[0].case_no
    except (BrokenPipeError, EOFError):
        pass  # the loading process is gone or done
    except Exception as exc:  # the loader reads the rest itself: say only what kind of failure
        with contextlib.suppress(OSError):
            out.send_bytes(marshal.dumps(type(exc).__name__))
    finally:
        engine.dispose()
        out.close()


def _widen(pipe: Connection) -> None:
    """Give the pipe room for a whole page (Linux; elsewhere, or past the system's limit, pages go
    in smaller writes: the same data)."""
    try:
        import fcntl  # not on Windows

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


class LoadPart:
    """The second process of one first load, and the pages it has sent so far."""

    def __init__(self, url: str, snapshot: str, page: int) -> None:
        spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no copy of threads or locks
        self._data, data_out = spawn.Pipe(duplex=False)
        control_in, self._control = spawn.Pipe(duplex=False)
        _widen(data_out)
        self._process = spawn.Process(
            target=_read_part,
            args=(url, snapshot, page, data_out, control_in),
            name="xunren-load",
            daemon=True,
        )
        self._process.start()
        data_out.close()
        control_in.close()
        self._pages: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._receiver = threading.Thread(target=self._receive, name="xunren-load-receive", daemon=True)
        self._receiver.start()
        self.ended = False
        self.failure: str | None = None
        self.delivered = threading.Event()  # set at the first page received
        self.pages = 0  # pages taken by ready()
        self.process_id = self._process.pid

    @classmethod
    def start(cls, session: Session, page: int, split_at: int = SPLIT_AT) -> LoadPart | None:
        """A second process for this load, or None: not PostgreSQL, not one snapshot for the
        whole load (REPEATABLE READ or SERIALIZABLE), or fewer than *split_at* cases."""
        bind = session.get_bind()
        if bind.dialect.name != "postgresql":
            return None
        if session.scalar(text("SHOW transaction_isolation")) not in ("repeatable read", "serializable"):
            return None
        cases = select(literal(1)).where(Record.record_type == "case").limit(split_at).subquery()
        if (session.scalar(select(func.count()).select_from(cases)) or 0) < split_at:
            return None
        snapshot = session.scalar(text("SELECT pg_export_snapshot()"))
        if not isinstance(snapshot, str) or not _SNAPSHOT.match(snapshot):
            return None
        return cls(bind.engine.url.render_as_string(hide_password=False), snapshot, page)

    def _receive(self) -> None:
        try:
            while True:
                self._pages.put(self._data.recv_bytes())
                self.delivered.set()
        except (EOFError, OSError):
            self._pages.put(None)

    def ready(self, store: GenotypeStore) -> list[PartPage]:
        """The pages received since the last call (their profiles added to *store*)."""
        out = []
        while not self.ended:
            try:
                message = self._pages.get_nowait()
            except queue.Empty:
                break
            if message is None:
                self.ended = True
                break
            value = marshal.loads(message) if len(message) < 200 else None
            if isinstance(value, str):  # the process failed: what it did not send is read here
                self.failure, self.ended = value, True
                log.warning("the second loading process stopped (%s); its part is read here", value)
                break
            out.append(PartPage(message, store))
            self.pages += 1
        return out

    def stop(self) -> None:
        """Tell the process to stop after its current page."""
        with contextlib.suppress(OSError):
            self._control.send_bytes(b"stop")

    def close(self, wait: float = 0.0) -> None:
        """Wait up to *wait* seconds for the process to end, then end it."""
        self.stop()
        self._process.join(wait)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._receiver.join(5)  # the pipe's far end is closed now: it has read to the end
        self._data.close()
        self._control.close()
