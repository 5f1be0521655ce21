"""The states a case, its review, a DNA sample and a match candidate go through, as types.

Each state is an enum; each machine says which moves it allows. Storage keeps the values, the
services move them only through :func:`move`, and the UI and CLI name them with
:mod:`app.core.words`: one definition for everything that reads or changes a state.

    case status      open → void_pending → voided | open (void refused)
                     open → close_pending → closed | open (closure refused)
                     closed → open (reopened with a reason)
    review           pending → approved | returned;  returned → pending (corrected, resubmitted)
    sample status    collected → sent to lab → profiled → compared → hit → re-checked → reunited,
                     forward only (a step may be skipped: a lab result can arrive with the sample)
    match state      potential → confirmed | rejected;  confirmed → reunited;
                     rejected → potential (new evidence reopened it)
    DNA re-check     pending → done (a second person confirms a DNA "supports")

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar


class CaseStatus(StrEnum):
    OPEN = "open"
    VOID_PENDING = "void_pending"  # a void was asked for; takes effect on a supervisor's approval
    VOIDED = "voided"
    CLOSE_PENDING = "close_pending"  # a closure was asked for; takes effect on a supervisor's approval
    CLOSED = "closed"  # resolved, with a ClosureOutcome


class ClosureOutcome(StrEnum):
    """Why a case was closed (SPEC: `case close --outcome`)."""

    REUNITED = "reunited"
    FOUND_BY_FAMILY = "found_by_family"
    DECEASED = "deceased"
    WITHDRAWN = "withdrawn"  # withdrawn by the reporter
    TRANSFERRED = "transferred"  # handed to another station


class ReviewState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


class ReviewKind(StrEnum):
    """What a review item asks a supervisor to decide."""

    REGISTRATION = "registration"
    RESUBMISSION = "resubmission"
    VOID = "void"
    CLOSURE = "closure"
    EDIT = "edit"  # a change to a field the review approved (a name, an ID number, a date)
    DNA_RECHECK = "dna_recheck"  # the second look at a DNA "supports", for a pair of cases


class ThreadEvent(StrEnum):
    """An entry of the conversation on a case (`case show`, the case detail)."""

    RETURNED = "returned"  # a supervisor returned the registration, with a comment
    RESUBMITTED = "resubmitted"  # the officer corrected it and sent it again
    APPROVED = "approved"
    VOID_REQUESTED = "void_requested"
    VOID_REFUSED = "void_refused"
    VOIDED = "voided"
    CLOSE_REQUESTED = "close_requested"
    CLOSE_REFUSED = "close_refused"
    CLOSED = "closed"
    REOPENED = "reopened"
    DUPLICATE_ALLOWED = "duplicate_allowed"  # registered despite a duplicate warning, with a reason
    EDIT_REQUESTED = "edit_requested"  # a reviewed field changed: the change waits for a supervisor
    EDIT_APPROVED = "edit_approved"
    EDIT_RETURNED = "edit_returned"
    ASSIGNED = "assigned"  # the responsible officer changed


class SampleStatus(StrEnum):
    """A DNA sample's life: collected → sent to lab → profiled → compared → hit → re-checked → reunited."""

    COLLECTED = "collected"
    SENT_TO_LAB = "sent_to_lab"
    PROFILED = "profiled"
    COMPARED = "compared"
    HIT = "hit"
    RECHECKED = "rechecked"
    REUNITED = "reunited"


class MatchState(StrEnum):
    POTENTIAL = "potential"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    REUNITED = "reunited"


class RecheckState(StrEnum):
    """The second look a DNA "supports" always needs before a reunion."""

    PENDING = "pending"
    DONE = "done"


S = TypeVar("S", bound=StrEnum)

CASE_MOVES: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.VOID_PENDING, CaseStatus.CLOSE_PENDING}),
    CaseStatus.VOID_PENDING: frozenset({CaseStatus.VOIDED, CaseStatus.OPEN}),
    CaseStatus.CLOSE_PENDING: frozenset({CaseStatus.CLOSED, CaseStatus.OPEN}),
    CaseStatus.CLOSED: frozenset({CaseStatus.OPEN}),
    CaseStatus.VOIDED: frozenset(),
}
REVIEW_MOVES: Mapping[ReviewState, frozenset[ReviewState]] = {
    ReviewState.PENDING: frozenset({ReviewState.APPROVED, ReviewState.RETURNED}),
    ReviewState.RETURNED: frozenset({ReviewState.PENDING}),
    ReviewState.APPROVED: frozenset(),
}
_SAMPLE_ORDER = tuple(SampleStatus)
SAMPLE_MOVES: Mapping[SampleStatus, frozenset[SampleStatus]] = {
    s: frozenset(_SAMPLE_ORDER[i + 1 :]) for i, s in enumerate(_SAMPLE_ORDER)
}
MATCH_MOVES: Mapping[MatchState, frozenset[MatchState]] = {
    MatchState.POTENTIAL: frozenset({MatchState.CONFIRMED, MatchState.REJECTED}),
    MatchState.CONFIRMED: frozenset({MatchState.REUNITED}),
    MatchState.REJECTED: frozenset({MatchState.POTENTIAL}),
    MatchState.REUNITED: frozenset(),
}
RECHECK_MOVES: Mapping[RecheckState, frozenset[RecheckState]] = {
    RecheckState.PENDING: frozenset({RecheckState.DONE}),
    RecheckState.DONE: frozenset(),
}

_MACHINES: dict[type[StrEnum], Mapping[object, frozenset[object]]] = {
    CaseStatus: CASE_MOVES,  # type: ignore[dict-item]
    ReviewState: REVIEW_MOVES,  # type: ignore[dict-item]
    SampleStatus: SAMPLE_MOVES,  # type: ignore[dict-item]
    MatchState: MATCH_MOVES,  # type: ignore[dict-item]
    RecheckState: RECHECK_MOVES,  # type: ignore[dict-item]
}

# States in which a case is still being worked on: matching reads them, the overdue rules watch them.
ACTIVE_CASE_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.OPEN, CaseStatus.VOID_PENDING, CaseStatus.CLOSE_PENDING}
)


class IllegalMove(ValueError):
    """A state change its machine does not allow; ``state`` and ``target`` name both ends."""

    def __init__(self, state: StrEnum, target: StrEnum) -> None:
        super().__init__(f"{type(state).__name__}: {state.value} → {target.value} is not allowed")
        self.state = state
        self.target = target


def can_move(state: S, target: S) -> bool:
    """Whether *state* may become *target* (both of one enum)."""
    return target in _MACHINES[type(state)][state]


def move(state: S, target: S) -> S:
    """*target*, when *state* may become it; raises :class:`IllegalMove` otherwise."""
    if not can_move(state, target):
        raise IllegalMove(state, target)
    return target


def sample_is_before(state: SampleStatus, target: SampleStatus) -> bool:
    """Whether *target* lies ahead of *state* on the sample's one-way road."""
    return _SAMPLE_ORDER.index(state) < _SAMPLE_ORDER.index(target)
