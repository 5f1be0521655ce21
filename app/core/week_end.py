"""The register as it stood at a moment in the past (the weekly report's "as of the week's end"),
rebuilt from what the station keeps of its history: the case thread (closed, voided, reopened),
the assignment history, and the samples' custody and audit records.

Pure Python: the storage layer reads the rows, these functions decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from app.core.dashboard import AGE_BAND_DAYS, AgeBand
from app.core.lifecycle import SampleStatus

ENDING_EVENTS = frozenset({"closed", "voided"})  # thread events that end a case; "reopened" revives it
_RANK = {s.value: k for k, s in enumerate(SampleStatus)}  # a sample only moves forward


@dataclass(frozen=True, slots=True)
class PastCase:
    """A case registered before the moment, with what the register says of it now."""

    case_no: str
    type: str
    owner_now: str
    created_at: str
    status: str
    ended_at: str | None  # closed_at of a closed case, updated_at of a voided one (an upper bound)
    updated_at: str


def active_at(case: PastCase, last_event: str | None, moment: str) -> bool:
    """Was the case open (or waiting for a void or closure) at *moment*? The last closing,
    voiding or reopening before it decides; with none, a case closed or voided before the moment
    without a thread entry (registered before the thread existed) counts as ended."""
    if last_event is not None:
        return last_event not in ENDING_EVENTS
    if case.status in ENDING_EVENTS and case.ended_at is not None:
        return case.ended_at >= moment
    return True


def owner_at(case: PastCase, handed_on_after: Mapping[str, str]) -> str:
    """The responsible officer at the moment: the one the first later reassignment took it from."""
    return handed_on_after.get(case.case_no, case.owner_now)


def last_action(case: PastCase, moment: str, acted_before: Mapping[str, str]) -> str:
    """When the case was last acted on before *moment*: its last update when that came before the
    moment, else the latest thread entry, revision or assignment before it (else its registration)."""
    if case.updated_at < moment:
        return case.updated_at
    return max(acted_before.get(case.case_no, case.created_at), case.created_at)


def stage_at(current: str, moves: Iterable[tuple[str, str]], moment: str) -> str:
    """A sample's stage at *moment* from its current status and its recorded moves (at, stage):
    the current stage when nothing moved it later, else the furthest stage reached before."""
    moves = list(moves)
    if not any(at >= moment for at, _stage in moves):
        return current
    before = [stage for at, stage in moves if at < moment and stage in _RANK]
    return max([SampleStatus.COLLECTED.value, *before], key=_RANK.__getitem__)


def age_bands(moment: dt.datetime) -> Callable[[str], AgeBand]:
    """The age band of a case at *moment* from its registration time as stored (UTC text):
    compared as text against each band's limit, so no time is parsed per case."""
    limits = [(band, None if high is None else utc_text(moment - dt.timedelta(days=high)))
              for band, _low, high in AGE_BAND_DAYS]  # fmt: skip

    def band_of(created_at: str) -> AgeBand:
        for band, registered_after in limits:
            if registered_after is None or created_at > registered_after:
                return band
        return AgeBand.OLDER

    return band_of


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
