"""The sync state in the officer's words: the status bar line, its full explanation, refusals.

Functions of :class:`app.services.sync.SyncStatus` and of the refused-change rows, shared by the
indicator and the problems view. The server gives a refusal as ``code: detail`` (``not_owner``,
``stale_revision``, ``invalid``, ``missing_case``); the code becomes a sentence saying what
happened and what to do, the server's own detail is shown beside it in the officer's language
(:mod:`app.services.refusal_words`: the revision or the field name kept, no English in Chinese).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject

from app.services.refusal_words import refusal_words
from app.ui import session_ops
from app.ui.i18n import current_language

if TYPE_CHECKING:
    from app.services.sync import SyncStatus

log = logging.getLogger(__name__)
LEVELS = ("ok", "warn", "error")


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """How the last sync attempt ended."""

    ok: bool
    text: str  # in the officer's language
    key: str = ""  # the SyncError key when it failed (not_enrolled, reenrol, sync_unreachable…)


@dataclass(frozen=True, slots=True)
class SyncWords:
    short: str  # the status bar line
    long: str  # every sentence: the tooltip and the head of the problems view
    level: str  # ok | warn | error


def _worse(a: str, b: str) -> str:
    return a if LEVELS.index(a) >= LEVELS.index(b) else b


def local_time(utc_text: str, now: dt.datetime | None = None) -> str:
    """A UTC time as this computer's local time: "14:02" today, else "2026-11-28 14:02"."""
    try:
        when = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return utc_text
    now = now or dt.datetime.now().astimezone()
    return when.strftime("%H:%M") if when.date() == now.date() else when.strftime("%Y-%m-%d %H:%M")


def describe(
    status: SyncStatus | None, *, syncing: bool = False, outcome: SyncOutcome | None = None
) -> SyncWords:
    """What the indicator says about *status*, a sync under way and the last attempt."""
    if status is None:
        text = (
            QCoreApplication.translate("SyncWords", "Syncing…")
            if syncing
            else QCoreApplication.translate("SyncWords", "Sync: reading the state…")
        )
        return SyncWords(text, text, "ok")
    parts = [
        SyncWords(QCoreApplication.translate("SyncWords", "Syncing…") if syncing else "", "", "ok"),
        _enrolment(status),
        _counts(status),
        _clock(status),
        _audit(status),
        _conflicts(status),
        _screening(status),
        _last_attempt(outcome),
    ]
    level = "ok"
    for part in parts:
        level = _worse(level, part.level)
    return SyncWords(
        " · ".join(p.short for p in parts if p.short), "\n".join(p.long for p in parts if p.long), level
    )


def _enrolment(status: SyncStatus) -> SyncWords:
    if not status.enrolled:
        return SyncWords(
            QCoreApplication.translate("SyncWords", "Not enrolled with the server"),
            QCoreApplication.translate(
                "SyncWords",
                "This station is not enrolled with the national server: nothing is sent, and every "
                "change is kept here. An administrator enrols the station (Sync ▸ Enrol with the "
                "national server…, or xunren enroll).",
            ),
            "warn",
        )
    if status.needs_enrolment:
        return SyncWords(
            QCoreApplication.translate("SyncWords", "Enrolment needed again"),
            QCoreApplication.translate(
                "SyncWords",
                "The server no longer accepts this station's credential. Nothing queued is lost; "
                "an administrator must enrol the station again (Sync ▸ Enrol with the national "
                "server…, or xunren enroll).",
            ),
            "error",
        )
    if status.usb_only:
        return SyncWords(
            QCoreApplication.translate("SyncWords", "USB stick only"),
            QCoreApplication.translate(
                "SyncWords",
                "This station was enrolled from a package and knows no server address: changes travel "
                "on a USB stick as sync bundles (xunren sync export, then sync import of the server's "
                "answer).",
            ),
            "ok",
        )
    return SyncWords("", "", "ok")


def _counts(status: SyncStatus) -> SyncWords:
    short = [QCoreApplication.translate("SyncWords", "%1 waiting").replace("%1", str(status.waiting))]
    long = [
        QCoreApplication.translate("SyncWords", "Changes waiting to be sent: %1; sent so far: %2.")
        .replace("%1", str(status.waiting))
        .replace("%2", str(status.sent))
    ]
    if status.last_success:
        when = local_time(status.last_success)
        short.append(QCoreApplication.translate("SyncWords", "last sync %1").replace("%1", when))
        long.append(QCoreApplication.translate("SyncWords", "Last successful sync: %1.").replace("%1", when))
    elif status.enrolled:
        short.append(QCoreApplication.translate("SyncWords", "never synced"))
        long.append(QCoreApplication.translate("SyncWords", "No sync has succeeded yet."))
    if status.failed:
        long.append(
            QCoreApplication.translate(
                "SyncWords", "Changes the server refused: %1 (see Sync problems)."
            ).replace("%1", str(len(status.failed)))
        )
    return SyncWords(" · ".join(short), "\n".join(long), "warn" if status.failed else "ok")


def _conflicts(status: SyncStatus) -> SyncWords:
    """National pairs on which this station and another decided differently (issue 14)."""
    if not status.conflicts:
        return SyncWords("", "", "ok")
    pairs = "、".join(str(c["pair"]) for c in status.conflicts)
    return SyncWords(
        QCoreApplication.translate("SyncWords", "conflicting decisions: %1").replace(
            "%1", str(len(status.conflicts))
        ),
        QCoreApplication.translate(
            "SyncWords",
            "Another station decided differently on these national candidates: %1. Neither decision "
            "counts until the stations agree: call the other station (Matches).",
        ).replace("%1", pairs),
        "warn",
    )


class RescreenCounts(QObject):
    """The counts of an index update's re-screen in Qt's plural forms ("1 new lead", "3 new
    leads"): lupdate finds plural forms only in a class's ``self.tr(text, "", n)``."""

    def changed_persons(self, n: int) -> str:
        return self.tr("%n changed missing person(s)", "", n)

    def persons(self, n: int) -> str:
        return self.tr("%n missing person(s)", "", n)

    def found_children(self, n: int) -> str:
        return self.tr("%n active found child(ren)", "", n)

    def new_leads(self, n: int) -> str:
        return self.tr("%n new lead(s)", "", n)


def _rescreened(done: dict[str, int | str]) -> str:
    """What the last index update's re-screen of the found children did, each count in the
    plural form it takes."""
    counts = RescreenCounts()
    persons, found, added = (int(done.get(key, 0)) for key in ("persons", "found", "added"))
    if done.get("kind") == "delta":
        sentence = QCoreApplication.translate(
            "SyncWords",
            "Its last update brought %1; the station screened its %2 again against them: %3, %4 dropped.",
        ).replace("%1", counts.changed_persons(persons))
    else:
        sentence = QCoreApplication.translate(
            "SyncWords",
            "The whole index arrived; the station screened its %2 against the index's %1: %3, %4 dropped.",
        ).replace("%1", counts.persons(persons))
    return (
        sentence.replace("%2", counts.found_children(found))
        .replace("%3", counts.new_leads(added))
        .replace("%4", str(done.get("dropped", 0)))
    )


def _screening(status: SyncStatus) -> SyncWords:
    """The offline national index (issue 15): the version held, what its last update's re-screen
    of the found children did, and an accepted replacement of the national server's key."""
    state = status.screening
    if state is None:
        return SyncWords("", "", "ok")
    lines = [
        QCoreApplication.translate("SyncWords", "National offline index: version %1.").replace(
            "%1", str(state.version)
        )
    ]
    done = state.rescreen
    if done is not None:
        lines.append(_rescreened(done))
    rotated = state.rotated
    if rotated is not None:
        lines.append(
            QCoreApplication.translate("SyncWords", "The national server's screening key was replaced on %1, announced over this "
                            "station's authenticated channel, and accepted here on %2 (new key %3…).")
            .replace("%1", local_time(str(rotated.get("at", ""))))
            .replace("%2", local_time(str(rotated.get("accepted_at", ""))))
            .replace("%3", str(rotated.get("new", ""))[:16])
        )  # fmt: skip
    return SyncWords("", " ".join(lines), "ok")


def _clock(status: SyncStatus) -> SyncWords:
    skew = status.clock_skew_seconds
    if not status.clock_warning or skew is None:
        return SyncWords("", "", "ok")
    minutes = str(max(5, round(abs(skew) / 60)))
    sentence = (
        QCoreApplication.translate("SyncWords", "This computer's clock is %1 minutes ahead of the server's: times recorded here may be wrong. Correct the clock.")
        if skew > 0
        else QCoreApplication.translate("SyncWords", "This computer's clock is %1 minutes behind the server's: times recorded here may be wrong. Correct the clock.")
    )  # fmt: skip
    return SyncWords(
        QCoreApplication.translate("SyncWords", "clock off by %1 min").replace("%1", minutes),
        sentence.replace("%1", minutes),
        "warn",
    )


def _audit(status: SyncStatus) -> SyncWords:
    """The server refused to witness this station's audit chain (cut short or rewritten)."""
    if not status.audit_refused:
        return SyncWords("", "", "ok")
    return SyncWords(
        QCoreApplication.translate("SyncWords", "audit chain refused"),
        QCoreApplication.translate(
            "SyncWords",
            "The national server refused this station's audit chain: it no longer goes on from the "
            "head the server acknowledged (cut short or rewritten). The server raised an alert for "
            "the national operator; contact them.",
        ),
        "error",
    )


def _last_attempt(outcome: SyncOutcome | None) -> SyncWords:
    if outcome is None:
        return SyncWords("", "", "ok")
    if outcome.ok:
        return SyncWords("", outcome.text, "ok")
    if outcome.key in ("not_enrolled", "reenrol"):  # the enrolment sentence says it already
        return SyncWords("", "", "ok")
    return SyncWords(
        QCoreApplication.translate("SyncWords", "last attempt failed"),
        QCoreApplication.translate("SyncWords", "The last attempt failed: %1").replace("%1", outcome.text),
        "warn",
    )


def sync_error_text(exc: BaseException, lang: str) -> str:
    """Why a sync did not finish, in words; a fault inside the program is logged."""
    key = getattr(exc, "key", "")
    if key == "not_enrolled":
        return QCoreApplication.translate(
            "SyncWords",
            "This station is not enrolled with the national server yet; every change is kept here "
            "until an administrator enrols it.",
        )
    text = session_ops.error_text(exc, lang)
    if not hasattr(exc, "text"):  # not a refusal a user can act on: keep the details for the log
        log.error("sync failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
    return text


def reason_words(reason: str) -> tuple[str, str]:
    """(what happened and what to do, the server's own detail) for a refusal ``code: detail``."""
    code = reason.partition(":")[0]
    words = {
        "not_owner": QCoreApplication.translate(
            "SyncWords",
            "Another station owns this record, so only that station may change it. A case keeps its "
            "number when it is transferred, perhaps more than once: ask the station that holds the case "
            "now to make the change, or to transfer the case to this station (for a case transferred "
            "from here, its details and Case ▸ Case transfers… name the station it went to).",
        ),
        "stale_revision": QCoreApplication.translate(
            "SyncWords",
            "The server holds a newer version of this record than this station had. Check the case; "
            "a supervisor may then send this station's version again over the server's.",
        ),
        "invalid": QCoreApplication.translate(
            "SyncWords",
            "The server could not accept the change as it was written (a fault in the program). "
            "Tell the administrator; the change is kept.",
        ),
        "missing_case": QCoreApplication.translate(
            "SyncWords",
            "The server does not hold the case this belongs to. Once the case itself is accepted, "
            "a supervisor may send this change again.",
        ),
    }.get(code.strip())
    said = refusal_words(reason, current_language()).detail  # data kept, no English inside Chinese
    if words is None:
        return QCoreApplication.translate("SyncWords", "The server refused this change."), said
    return words, said


def record_kind(record_type: Any) -> str:
    """The words for a synced record's type: every type a station queues
    (:data:`app.sync.protocol.RECORD_TYPES`) has its own."""
    names = {
        "case": QCoreApplication.translate("SyncWords", "case"),
        "person": QCoreApplication.translate("SyncWords", "person"),
        "sample": QCoreApplication.translate("SyncWords", "DNA sample"),
        "custody": QCoreApplication.translate("SyncWords", "sample hand-over"),
        "profile": QCoreApplication.translate("SyncWords", "DNA profile"),
        "photo": QCoreApplication.translate("SyncWords", "photo"),
        "review": QCoreApplication.translate("SyncWords", "review"),
        "void": QCoreApplication.translate("SyncWords", "void request"),
        "note": QCoreApplication.translate("SyncWords", "note"),
        "referral": QCoreApplication.translate("SyncWords", "referral to another station"),
        "referral_answer": QCoreApplication.translate("SyncWords", "answer to a referral"),
        "transfer": QCoreApplication.translate("SyncWords", "transfer request"),
        "transfer_accept": QCoreApplication.translate("SyncWords", "transfer acceptance"),
        "transfer_end": QCoreApplication.translate("SyncWords", "transfer declined or withdrawn"),
        "alert_ack": QCoreApplication.translate("SyncWords", "alert acknowledgement"),
        "decision": QCoreApplication.translate("SyncWords", "match decision"),
        "publication": QCoreApplication.translate("SyncWords", "gallery publication request"),
    }
    return names.get(str(record_type), str(record_type))
