"""The supervisor's review queue as the desk shows it: one line per waiting item, whatever table
holds it, and the rules every decision obeys.

An item is a review item (a registration, a resubmission, a void or closure request, an edit of a
reviewed field: ``review_items``) or a DNA re-check (a confirmed pair whose DNA "supports" waits
for a second person: ``match_candidates``). Their ids never collide: a review item is its number
(``17``), a re-check is ``D`` and the pair's number (``D5``).

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.lifecycle import ClosureOutcome, ReviewKind

RECHECK_PREFIX = "D"
_RECHECK_ID = re.compile(r"^[Dd](\d{1,12})$")

# The fields a supervisor's approval covers: who the person is and when it happened. Changing one
# on an approved case puts the change in the queue (kind ``edit``); other fields change freely.
REVIEWED_LEAVES = frozenset({"name", "id_number", "birth_date", "sex"})
REVIEWED_ROOTS = frozenset({"type", "reported_at", "last_seen.at", "found.at"})


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A line of the review queue."""

    id: str
    kind: ReviewKind
    case_no: str
    officer: str  # who asked: the registering officer, the requester, the confirming reviewer
    reason: str
    waiting_since: dt.datetime
    names: str = ""
    case_type: str = ""
    other_case: str | None = None  # a DNA re-check's second case
    outcome: ClosureOutcome | None = None

    @property
    def cases(self) -> tuple[str, ...]:
        return (self.case_no,) if self.other_case is None else (self.case_no, self.other_case)

    def waited(self, now: dt.datetime) -> dt.timedelta:
        return max(now - self.waiting_since, dt.timedelta(0))


def recheck_id(pair_id: int) -> str:
    return f"{RECHECK_PREFIX}{pair_id}"


def parse_recheck_id(ref: str) -> int | None:
    """The pair number a ``D…`` item id names, or None when *ref* is something else."""
    m = _RECHECK_ID.match(ref.strip())
    return int(m.group(1)) if m else None


def may_decide(item_officer: str, user: str) -> bool:
    """Nobody decides their own item, whatever their role (four eyes on every review)."""
    return item_officer != user


def is_reviewed_field(path: str) -> bool:
    """Whether a changed field (a casediff path such as ``persons[0].name``) is one the review
    approved."""
    if path in REVIEWED_ROOTS:
        return True
    leaf = path.rsplit(".", 1)[-1]
    return leaf in REVIEWED_LEAVES and not path.startswith("reporter")


def reviewed_changes(paths: Iterable[str]) -> list[str]:
    return [p for p in paths if is_reviewed_field(p)]


def waited_words(waited: dt.timedelta, lang: str) -> str:
    """How long an item has waited, in the largest whole unit: ``3 天`` / ``3 days``."""
    hours = int(waited.total_seconds() // 3600)
    english = lang.startswith("en")
    if hours >= 48:
        days = hours // 24
        return f"{days} days" if english else f"{days} 天"
    if hours >= 1:
        return f"{hours} h" if english else f"{hours} 小时"
    minutes = int(waited.total_seconds() // 60)
    return f"{minutes} min" if english else f"{minutes} 分钟"
