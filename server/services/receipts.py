"""The public receipt check: is a case with this verification code registered, and how far is it.

Answers only ``registered`` and a coarse status, from the hash the station sent. The limiter's
counters live in the database so that every server process behind a balancer shares them.
"""

from __future__ import annotations

import hashlib
import json
import time

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core import verification
from app.core.lifecycle import CaseStatus
from app.sync import protocol
from server.services.errors import TooManyRequests
from server.storage.tables import Record, VerifyWindow

_PROBE = "2" * verification.LENGTH  # hashed for malformed input, so both paths do the same work
MAX_TYPED = 64  # longer input is malformed: answered and counted like any unknown code


def count_hit(session: Session, client_address: str, per_minute: int, now: float) -> None:
    """Count one check for the client address; 429 past ``per_minute`` in the minute of *now*
    (seconds since the epoch)."""
    minute = int(now // 60)
    key = hashlib.sha256(b"xunren-client\x00" + client_address.encode()).hexdigest()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(VerifyWindow).values(client_key=key, minute=minute, hits=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["client_key", "minute"], set_={"hits": VerifyWindow.hits + 1}
    ).returning(VerifyWindow.hits)
    hits = session.execute(stmt).scalar_one()
    if hits > per_minute:
        raise TooManyRequests(
            "rate_limited", "too many checks from this address; wait a minute", 60 - int(now % 60)
        )


def check_receipt(session: Session, typed_code: str) -> tuple[bool, str | None]:
    """(registered, coarse status) for what the family typed. Malformed input is answered exactly
    like an unknown code: (False, None)."""
    try:
        canon = verification.normalize(typed_code) if len(typed_code) <= MAX_TYPED else _PROBE
        well_formed = len(typed_code) <= MAX_TYPED and len(canon) == verification.LENGTH
    except ValueError:
        canon, well_formed = _PROBE, False
    digest = verification.code_hash(canon if well_formed else _PROBE)
    found = session.execute(
        select(Record.status, Record.payload)
        .where(Record.verification_hash == digest, Record.record_type == "case")
        .limit(1)
    ).first()
    if not well_formed or found is None:
        return False, None
    status, payload = found
    review = json.loads(payload).get("review") if status == CaseStatus.OPEN else None
    return True, protocol.coarse_status(status, review if isinstance(review, str) else None)


def forget_old_windows(session: Session, keep_minutes: int = 10) -> None:
    """Housekeeping for the worker: drop counters older than ``keep_minutes``."""
    cutoff = int(time.time() // 60) - keep_minutes
    session.execute(delete(VerifyWindow).where(VerifyWindow.minute < cutoff))
