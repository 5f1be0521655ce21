"""The sync engine: push the outbox, pull what the server holds for the station, then compare.

Guarantees (SPEC.md "Sync contract"), and where each is kept:

- An entry is marked sent only in the transaction written *after* the server's answer, and the
  server answers only after its commit; a lost answer means the same batch (same change ids) is
  sent again, which the server answers the same without applying twice.
- The pull cursor is written in the transaction that stores the pulled page.
- Every durable fact is in the store, so a crash at any point resumes from the store alone.
- A new epoch (server restored from a backup) or a count/digest mismatch re-queues every
  acknowledged entry; the server applies what it lost and answers the rest as before.
- The outbox is read in pages of ``page_rows`` entries, so memory does not grow with the queue.

Runs on any thread: reads use their own connections; writes go through ``writer`` (by default
the calling thread's unit of work; the desktop app passes its database worker).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from app.storage import epoch_change, photo_sync
from app.storage import sync_state as st
from app.storage.audit import now_utc
from app.storage.cursor import Cursor, cursor_of
from app.storage.engine import streaming_cache
from app.storage.numbering import raise_numbers
from app.storage.store import StationStore, UnitOfWork, Writer
from app.sync import outgoing, photos, planner, protocol, transfer_intake
from app.sync.client import SyncClient, SyncFailure
from app.sync.planner import EpochChange, Verdict

T = TypeVar("T")


class ReenrolmentNeeded(Exception):
    """The server refused the credential (401): the queue is intact; enrol the station again."""


class SyncGaveUp(Exception):
    """The server could not be reached after every retry; the queue is intact."""


@dataclass
class SyncReport:
    """What one run did. ``equal``: counts and digest matched the server's at the end."""

    pushed: int = 0
    refused: int = 0
    pulled: int = 0
    resent: int = 0
    epoch_changed: bool = False
    equal: bool = False
    clock_skew: float | None = None
    detail: str = ""
    retries: int = 0
    rounds: list[str] = field(default_factory=list)
    audit_refused: str | None = None  # the server refused to witness the audit head (why)


@dataclass
class Tuning:
    """Knobs the tests and the benchmark turn; the defaults suit a station's link."""

    batch_bytes: int = planner.DEFAULT_BATCH_BYTES
    page_rows: int = 5000
    pull_limit: int = 500
    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 60.0


@dataclass(frozen=True)
class SyncStep:
    """What a running sync is doing, for a progress line: ``push``/``pull`` with the count so far,
    ``check``, or ``retry`` (the server did not answer: *detail*, the next try in *wait* seconds,
    attempt *attempt* of *of*)."""

    stage: str
    count: int = 0
    attempt: int = 0
    of: int = 0
    wait: float = 0.0
    detail: str = ""


class _Restart(Exception):
    """The server's epoch changed mid-run: everything was re-queued, start over."""


class SyncEngine:
    """One station's sync with one server. Call :meth:`run`; it returns a report or raises
    :class:`ReenrolmentNeeded` / :class:`SyncGaveUp` / :class:`SyncFailure` with the queue intact."""

    def __init__(
        self,
        store: StationStore,
        client: SyncClient,
        *,
        tuning: Tuning | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], None] = time.sleep,
        crash: Callable[[str], None] | None = None,
        writer: Writer | None = None,
        progress: Callable[[SyncStep], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.tuning = tuning or Tuning()
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._crash = crash or (lambda _point: None)
        self._writer = writer or store.write
        self._progress = progress or (lambda _step: None)
        self.report = SyncReport()

    # -- plumbing -------------------------------------------------------------------------
    def _write(self, work: Callable[[Cursor], T]) -> T:
        def write(uow: UnitOfWork) -> T:
            with streaming_cache(uow.cursor):
                return work(uow.cursor)

        result: T = self._writer(write)
        return result

    def _read(self, work: Callable[[Cursor], T]) -> T:
        with self.store.reader() as conn:
            cursor = cursor_of(conn)
            with streaming_cache(cursor):
                return work(cursor)

    def retrying(self, call: Callable[[], T]) -> T:
        """*call* with the sync's retries: a 429's Retry-After and backoff are honoured (for the
        steps a service runs after the engine, on the same client)."""
        return self._retrying(call)

    def _retrying(self, call: Callable[[], T]) -> T:
        attempt = 0
        while True:
            try:
                return call()
            except SyncFailure as failure:
                if failure.verdict is Verdict.REENROL:
                    raise ReenrolmentNeeded(failure.detail) from None
                if failure.verdict is Verdict.FAIL:
                    raise
                attempt += 1
                self.report.retries += 1
                if attempt >= self.tuning.max_attempts:
                    raise SyncGaveUp(failure.detail) from None
                wait = planner.parse_retry_after(failure.retry_after, dt.datetime.now(dt.UTC))
                t = self.tuning
                delay = planner.backoff(
                    attempt, self._rng, base=t.base_delay, cap=t.max_delay, retry_after=wait
                )
                # Say what happened and when the next try comes: a silent wait looks like a hang.
                self._progress(
                    SyncStep("retry", attempt=attempt, of=t.max_attempts, wait=delay, detail=failure.detail)
                )
                self._sleep(delay)

    def _observe(self, c: Cursor, epoch: str, server_time: str) -> bool:
        """Note the server's clock and epoch inside a write; True when the epoch changed (then
        every acknowledged entry is queued again and the pull starts over)."""
        self.report.clock_skew = planner.clock_skew(server_time, dt.datetime.now(dt.UTC))
        change = planner.epoch_change(st.get(c, st.EPOCH), epoch)
        if change is EpochChange.SAME:
            return False
        st.put(c, st.EPOCH, epoch)
        if change is EpochChange.FIRST:
            return False
        self.report.epoch_changed = True
        self.report.resent += epoch_change.start_new_epoch(c, server_time)
        photo_sync.forget_uploads(c)  # its attachments may be gone too
        return True

    # -- the run ----------------------------------------------------------------------------
    def run(self) -> SyncReport:
        """Push, pull, compare; at most four rounds (a restart after an epoch change, one
        repair after a mismatch)."""
        try:
            for _round in range(4):
                try:
                    self._progress(SyncStep("push", count=self.report.pushed))
                    self._photos()
                    self._push()
                    self._progress(SyncStep("pull", count=self.report.pulled))
                    self._pull()
                    self._progress(SyncStep("check"))
                    if self._check():
                        break
                except _Restart:
                    self.report.rounds.append("epoch")
        except ReenrolmentNeeded:
            self._write(lambda c: st.put(c, st.AUTH_FAILED, now_utc()))  # the queue stays as it is
            raise
        finally:
            self.client.close()
        return self.report

    def _photos(self) -> None:
        """Queue new photos, then upload the bytes of those the server lacks, one at a time."""
        self._write(photos.sweep)
        for photo_id, sha256 in self._read(photos.pending):
            data = self._read(functools.partial(photos.photo_bytes, photo_id=photo_id))
            self._retrying(functools.partial(photos.upload, self.client, sha256, data))
            self._write(functools.partial(photos.mark_uploaded, photo_id=photo_id))

    def _batches(self) -> Iterator[list[st.QueuedChange]]:
        """Waiting entries in id order, batched by bytes, read one page at a time."""
        after = 0
        while page := self._read(
            functools.partial(outgoing.waiting, after=after, rows=self.tuning.page_rows)
        ):
            by_id = {e.id: e for e in page}
            sized = (planner.Sized(e.id, len(e.payload)) for e in page)
            for ids in planner.batches(sized, max_bytes=self.tuning.batch_bytes):
                yield [by_id[i] for i in ids]
            after = page[-1].id

    def _push(self) -> None:
        """One batch in flight at a time (per-record order), but overlapped with the local work:
        while the server applies batch k, this thread marks batch k-1 and reads batch k+1."""
        answered: tuple[list[st.QueuedChange], protocol.PushResponse, planner.Outcome] | None = None
        with ThreadPoolExecutor(1, thread_name_prefix="sync-push") as http:
            batches = self._batches()
            entries = next(batches, None)
            while entries is not None:
                body = outgoing.body(entries, self._write(outgoing.head_to_send))
                self._crash("before_push")
                flight = http.submit(self._retrying, functools.partial(self._send, entries, body))
                try:
                    if answered is not None:
                        self._record(*answered)
                        answered = None
                    following = next(batches, None)
                finally:
                    answer, result = flight.result()  # never leave a request behind unanswered
                self._crash("after_push")
                answered = (entries, answer, result)
                if planner.epoch_change(self._read(outgoing.epoch), answer.epoch) is EpochChange.CHANGED:
                    break  # record it now: everything is re-queued and the push starts over
                entries = following
        if answered is not None:
            self._record(*answered)
        elif self._read(outgoing.head_unwitnessed):
            # Nothing waited: the head still travels, so the server witnesses every sync (and a
            # restore is declared at once).
            body = outgoing.body([], self._write(outgoing.head_to_send))
            self._record([], *self._retrying(functools.partial(self._send, [], body)))

    def _send(
        self, entries: list[st.QueuedChange], body: bytes
    ) -> tuple[protocol.PushResponse, planner.Outcome]:
        compress = planner.should_gzip(len(body), loopback=self.client.loopback)
        answer = self.client.push(body, compress=compress)
        try:
            return answer, planner.outcome([(e.id, e.change_id) for e in entries], answer.results)
        except planner.AnswerMismatch as exc:
            raise SyncFailure(Verdict.RETRY, f"mismatched answer: {exc}") from None

    def _record(
        self, entries: list[st.QueuedChange], answer: protocol.PushResponse, result: planner.Outcome
    ) -> None:
        """Mark a batch's answer: the first write after the server's durable commit."""
        stamp = now_utc()

        def record(c: Cursor) -> bool:
            restarted = self._observe(c, answer.epoch, answer.server_time)
            outgoing.note_witness(c, answer.witness, stamp)
            if answer.witness is not None and not answer.witness.accepted:
                self.report.audit_refused = answer.witness.reason or "refused"
            st.mark_sent(c, result.sent, stamp)
            st.mark_refused(c, result.refused)
            return restarted

        restarted = self._write(record)
        self.report.pushed += len(result.sent)
        self.report.refused += len(result.refused)
        self._progress(SyncStep("push", count=self.report.pushed))
        self._crash("after_mark")
        if restarted:
            raise _Restart

    def _pull(self) -> None:
        cursor = int(self._read(lambda c: st.get(c, st.CURSOR)) or 0)
        while True:
            self._crash("before_pull")
            page = self._retrying(functools.partial(self.client.pull, cursor, self.tuning.pull_limit))
            self._crash("after_pull")
            if self._write(functools.partial(self._apply_page, page=page, start=cursor)):
                raise _Restart
            self.report.pulled += len(page.items)
            self._progress(SyncStep("pull", count=self.report.pulled))
            self._crash("after_pull_apply")
            cursor = page.next_cursor
            if not page.has_more:
                return

    def _apply_page(self, c: Cursor, *, page: protocol.PullResponse, start: int) -> bool:
        """Store a pulled page and advance the cursor in one transaction; True on a new epoch."""
        if self._observe(c, page.epoch, page.server_time):
            return True
        if int(st.get(c, st.CURSOR) or 0) != start:
            return False  # another run moved on meanwhile; this page is not ours to write
        items = [(i.seq, i.kind, i.record_type, i.record_id, i.revision, i.payload) for i in page.items]
        st.store_pulled(c, items, now_utc())
        transfer_intake.apply_pulled(c, items)  # issue 14: a transfer takes effect with its page
        st.put(c, st.CURSOR, str(page.next_cursor))
        return False

    def _check(self) -> bool:
        """Anki's sanity check; on a mismatch re-queue everything acknowledged (once)."""
        self._crash("before_state")
        server = self._retrying(self.client.state)
        counts, digest = self._read(outgoing.local_state)
        cursor = int(self._read(lambda c: st.get(c, st.CURSOR)) or 0)
        verdict = planner.compare(counts, digest, server)

        def finish(c: Cursor) -> bool:
            if self._observe(c, server.epoch, server.server_time):
                return False
            raise_numbers(c, server.numbers)  # never give a number the server has seen again
            if verdict.equal and cursor == server.cursor:
                st.put(c, st.LAST_SUCCESS, server.server_time)  # the server's clock, not ours
                st.put(c, st.CLOCK_SKEW, f"{self.report.clock_skew or 0.0:.1f}")
                st.put(c, st.AUTH_FAILED, None)
                return True
            if not verdict.equal and "repair" not in self.report.rounds:
                self.report.resent += st.requeue_sent(c)
            return False

        done = self._write(finish)
        self.report.equal = done
        self.report.detail = verdict.detail
        if not done:
            self.report.rounds.append("repair" if not verdict.equal else "cursor")
        return done
