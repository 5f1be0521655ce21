"""Drafts of intake forms: what an officer typed, kept in the encrypted store until it is filed.

The UI saves the form's JSON every few seconds and when the screen locks, so a crash, a power
cut or a lock loses nothing; the next time the officer opens the same form it offers the draft
back. A draft belongs to the officer who typed it and is never shown to anyone else. Every
function runs on the store's owning thread (the UI's database worker).

Saving is not audited (it happens every few seconds and holds nothing final); discarding is
audited as ``draft.discard`` so a report abandoned at the counter leaves a trace.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from app.services.session import Session
from app.storage import draft_repository as repo
from app.storage.case_repository import utc

MAX_DRAFT_BYTES = 32 * 1024 * 1024  # photos ride along as base64; a form is never near this


@dataclass(frozen=True, slots=True)
class Draft:
    """A kept form: its name (e.g. ``intake:missing``), content and when it was last saved."""

    name: str
    content: dict[str, Any]
    updated_at: dt.datetime


def save_draft(
    session: Session, name: str, content: dict[str, Any], *, now: dt.datetime | None = None
) -> None:
    """Keep *content* (any JSON-able dict) as the user's draft *name*, replacing an older one."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise ValueError("draft too large")
    with session.store.unit_of_work() as uow:
        repo.upsert(uow.cursor, session.user, name, text, utc(now or dt.datetime.now(dt.UTC)))
        uow.commit()


def load_draft(session: Session, name: str) -> Draft | None:
    """The user's draft *name*, or None. A draft that cannot be read back is treated as absent."""
    with session.store.reader() as conn:
        row = repo.get(conn, session.user, name)
    if row is None:
        return None
    try:
        content = json.loads(row.content)
    except ValueError:
        return None
    if not isinstance(content, dict):
        return None
    return Draft(row.name, content, dt.datetime.fromisoformat(row.updated_at.replace("Z", "+00:00")))


def list_drafts(session: Session) -> list[Draft]:
    """Every draft of the user, newest first."""
    with session.store.reader() as conn:
        rows = repo.list_for(conn, session.user)
    out: list[Draft] = []
    for row in rows:
        try:
            content = json.loads(row.content)
        except ValueError:
            continue
        if isinstance(content, dict):
            when = dt.datetime.fromisoformat(row.updated_at.replace("Z", "+00:00"))
            out.append(Draft(row.name, content, when))
    return out


def discard_draft(session: Session, name: str, *, filed_as: str | None = None) -> bool:
    """Remove the user's draft *name*; True when one was removed.

    *filed_as* names the case the draft became (no audit entry then: ``case.create`` says it);
    without it the officer threw the draft away, which is audited as ``draft.discard``.
    """
    with session.store.unit_of_work() as uow:
        removed = repo.delete(uow.cursor, session.user, name)
        if removed and filed_as is None:
            uow.audit.record(session.user, "draft.discard", name)
        uow.commit()
    return removed
