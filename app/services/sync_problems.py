"""A person resolves a change the national server refused: send it again, or withdraw it.

SPEC.md: a refused change "is kept and shown for a person to resolve, never dropped, never
overwritten silently". Both decisions keep the refused outbox row (its state becomes ``resent``
or ``withdrawn``, with who, when and the note) and are audited, in one transaction:

- :func:`resend` queues the refused change's payload again as a new change (a change id's answer
  is final): on top of the revision the server said it holds for ``stale_revision`` (the person
  knowingly puts the station's version over the server's newer one), on the same base for
  ``missing_case`` (the case may have reached the server since; the server checked the revision
  before it found the case missing, so the base was right). ``not_owner`` and ``invalid`` would
  be refused again: those can only be withdrawn.
- :func:`withdraw` keeps the change on the station and never sends it.

Per-record order: every change carries the record's whole state, so the newest queued change of
a record is the station's version. A refused change may be resent only while no later change of
the same record is waiting, sent or refused (``later`` in :func:`problems`); an older one is
superseded and can only be withdrawn. The new change is queued behind everything already
waiting, so it can never overtake a later change of its record, and the next local change is
based on it (:func:`app.storage.sync_queries.next_base` skips settled entries).

Supervisors and admins only. Runs on the store's owning thread (the UI's database worker, the
CLI's main thread). There is no CLI command for this (the ``sync`` group is a public contract):
resolution is done in the desktop app's sync problems view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.model import AccountRole
from app.core.words import counted
from app.services.errors import ServiceError
from app.services.refusal_words import REASON_WORDS, UNKNOWN_REASON
from app.services.session import Session
from app.storage import outbox
from app.storage import sync_state as st
from app.storage.audit import now_utc
from app.storage.cursor import Cursor, cursor_of
from app.sync import protocol

RESOLVING = (AccountRole.SUPERVISOR, AccountRole.ADMIN)
RESENDABLE = (protocol.STALE_REVISION, protocol.MISSING_CASE)
MAX_NOTE = 1000

PROBLEM_MESSAGES: dict[str, tuple[str, str]] = {
    "change_unknown": (
        "没有等待处理的被拒绝更改 {change}（可能已被他人处理）",
        "there is no refused change {change} waiting for a decision (someone may have resolved it)",
    ),
    "note_required": ("必须填写处理说明", "a note saying why is required"),
    "note_long": ("处理说明最多 {max} 个字符", "the note may hold at most {max} characters"),
    "not_resendable": (
        "服务器以“{code}”为由拒绝的更改重发也会被拒绝：只能撤回",
        "a change refused as {code} would be refused again: it can only be withdrawn",
    ),
    "superseded": (
        "此记录在这条更改之后还有 {later} 条更改，带有本站更新的内容：请撤回这条较早的更改",
        "{later} of this record {carry} this station's newer version: withdraw this older one instead",
    ),
    "revision_unknown": (
        "服务器的答复没有说明它持有的版本，无法在其上重发：请告知管理员",  # its English words: en only
        "the server's answer does not say which revision it holds ({detail}), so the change cannot be sent over it: tell the administrator",
    ),
}  # fmt: skip


class SyncProblemError(ServiceError):
    """A resolution the person cannot make as asked; ``text(lang)`` says why in their language."""

    messages = PROBLEM_MESSAGES


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a decision changed: the refused change, its record, its new state, and for a resend
    the new change and its base revision."""

    change_id: str
    record_id: str
    state: str  # "resent" | "withdrawn"
    new_change_id: str | None = None
    base_revision: int | None = None


def problems(session: Session) -> list[dict[str, Any]]:
    """The refused changes (as :func:`app.services.sync.refused_changes`), each with ``resend``:
    True where :func:`resend` would accept it. Only reads; any thread."""
    with session.store.reader() as conn:
        rows = st.refused(cursor_of(conn))
    for row in rows:
        plan = _resend_base(str(row.get("reason") or ""), int(row["later"]), int(row["base_revision"]))
        row["resend"] = isinstance(plan, int)
    return rows


def resend(session: Session, change_id: str, note: str) -> Resolution:
    """Queue the refused change *change_id* again as a new change (see the module's rules) and
    mark it resent. Audits ``sync.resend`` on the record id (never the payload)."""
    session.require(*RESOLVING)
    note = _checked(note)
    with session.store.unit_of_work() as uow:
        entry = _refused(uow.cursor, change_id)
        base = _resend_base(entry.reason, entry.later, entry.base_revision)
        if isinstance(base, SyncProblemError):
            raise base
        code = _code(entry.reason)
        new_id = outbox.enqueue_encoded(uow.cursor, entry.record_type, entry.record_id, base, entry.payload)
        st.settle(uow.cursor, entry.id, st.RESENT, by=session.user, at=now_utc(), note=note, resent_as=new_id)
        uow.audit.record(session.user, "sync.resend", entry.record_id,
                         detail=f"{code} change={entry.change_id} new={new_id} base={base}; {note[:200]}")  # fmt: skip
        uow.commit()
    return Resolution(entry.change_id, entry.record_id, st.RESENT, new_id, base)


def withdraw(session: Session, change_id: str, note: str) -> Resolution:
    """Keep the refused change *change_id* on the station and never send it (the row stays,
    marked withdrawn with the note). Audits ``sync.withdraw`` on the record id."""
    session.require(*RESOLVING)
    note = _checked(note)
    with session.store.unit_of_work() as uow:
        entry = _refused(uow.cursor, change_id)
        st.settle(uow.cursor, entry.id, st.WITHDRAWN, by=session.user, at=now_utc(), note=note)
        uow.audit.record(session.user, "sync.withdraw", entry.record_id,
                         detail=f"{_code(entry.reason)} change={entry.change_id}; {note[:200]}")  # fmt: skip
        uow.commit()
    return Resolution(entry.change_id, entry.record_id, st.WITHDRAWN)


def _checked(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise SyncProblemError("note_required")
    if len(note) > MAX_NOTE:
        raise SyncProblemError("note_long", max=MAX_NOTE)
    return note


def _refused(cursor: Cursor, change_id: str) -> st.RefusedEntry:
    entry = st.refused_entry(cursor, change_id)
    if entry is None:
        raise SyncProblemError("change_unknown", change=change_id)
    return entry


def _code(reason: str) -> str:
    return reason.partition(":")[0].strip()


def _resend_base(reason: str, later: int, base: int) -> int | SyncProblemError:
    """The base revision a resend of this refused change takes, or why it cannot be resent."""
    code = _code(reason)
    if code not in RESENDABLE:
        return SyncProblemError("not_resendable", code=REASON_WORDS.get(code, UNKNOWN_REASON))
    if later:
        return SyncProblemError(
            "superseded",
            later=(later, counted(later, "later change")),
            carry=("", "carries" if later == 1 else "carry"),
        )
    if code == protocol.MISSING_CASE:
        return base
    held = protocol.held_revision(reason)
    if held is None:
        return SyncProblemError("revision_unknown", detail=reason.partition(":")[2].strip()[:120])
    return held
