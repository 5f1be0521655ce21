"""``xunren-server worker``: national matching as its own process (progress on standard error,
SIGTERM stops it within a second with the claimed jobs left queued), ``worker status`` (the lag),
and the in-process worker that ``serve --with-worker`` starts."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from server.settings import Settings
from server.storage.engine import make_engine, migrate, session_factory
from server.worker_words import words

if TYPE_CHECKING:  # imported where used: national matching is heavy to load, and `xunren-server`
    # commands that do not match go without it
    from server.services.matching_worker import MatchingWorker


def _say(key: str, **values: Any) -> None:
    if key == "batch_done":
        values["failed"] = words("batch_failed", n=values["failed"]) if values["failed"] else ""
    print(f"xunren-server worker: {words(key, **values)}", file=sys.stderr, flush=True)


def start(
    settings: Settings, once: bool, poll: float, suffix: str = ""
) -> tuple[MatchingWorker, threading.Thread, list[BaseException]]:
    """A matching worker on its own thread (its own engine); errors are handed back."""
    from server.services.matching_worker import MatchingWorker, worker_name

    engine = make_engine(settings)
    migrate(engine)
    worker = MatchingWorker(session_factory(engine), _say, worker_name(suffix))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            worker.run(once=once, poll=poll)
        except Exception as exc:  # handed to the main thread, which prints one line
            errors.append(exc)
            if not suffix:
                return
            _say("matching_stopped", kind=type(exc).__name__)

    thread = threading.Thread(target=work, name="matching-worker", daemon=True)
    thread.start()
    return worker, thread, errors


def run(
    args: argparse.Namespace, with_session: Callable[[Callable[[Session], Any]], Any], settings: Settings
) -> int:
    """``xunren-server worker [status]``."""
    if args.action == "status":
        from server.services.matching_worker import worker_status

        status = with_session(worker_status)
        _print_status(status, args.json)
        return 0
    worker, thread, errors = start(settings, args.once, args.poll)

    def _stop(_sig: int, _frame: object) -> None:
        worker.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while thread.is_alive() and not worker.stop.is_set():
        thread.join(0.2)
    # A screen stops between two persons and the first load between two pages; a worker still
    # busy after that (building columns) is left behind: its connection closes with the process,
    # so PostgreSQL rolls its claim back and the jobs stay queued.
    thread.join(0.7)
    if errors:
        raise errors[0]
    return 0


def _print_status(status: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(status, ensure_ascii=False))
        return
    oldest = (
        words("status_oldest", at=status["oldest_due"], lag=status["lag_seconds"])
        if status["oldest_due"]
        else ""
    )
    print(
        words(
            "status_queue",
            queued=status["queued"],
            oldest=oldest,
            failed=status["failed"],
            seq=status["journal_seq"],
        )
    )
    for w in status["workers"]:
        state = words("running" if w["running"] else "not_running")
        print(
            words(
                "status_worker", worker=w["worker"], state=state, seq=w["last_seq"], behind=w["behind"],
                persons=w["persons"], loaded=w["loaded_at"] or "-", seen=w["seen_at"],
            )
        )  # fmt: skip
    for j in status["recent"]:
        print(
            words(
                "status_job", id=j["id"], touched=j["touched"], candidates=j["candidates"], refused=j["refused"],
                ms=j["took_ms"], screen="-" if j["screen_ms"] is None else j["screen_ms"], rows=j["rows_read"],
                worker=j["worker"] or "-", at=j["finished_at"],
            )
        )  # fmt: skip
