"""National match records: the candidate the server delivers and the decision a station sends.

A *delivery* (pulled, kind ``match``, record id ``{missing case}~{found case}``) carries what the
national matcher compared: score, reasons, the DNA numbers behind a verdict, the pair's national
state and revision, and what each station decided. A *decision* (pushed, record type
``decision``, a child of the station's own case of the pair: ``{own case}/m/{uuid5(pair)}``, one
record per station and pair, so a station only ever changes its own) is a station's confirm, reject or reunite; the server holds the
pair's state and tells both stations, and two stations deciding differently is a conflict the
delivery names, never a silent last write.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.lifecycle import MatchState
from app.sync import protocol
from app.sync.protocol import reading

DNA_VERDICTS = ("supports", "excludes", "inconclusive")
# Fixed namespace: both stations and the server derive the same decision ids from the pair.
_DECISION_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e03")
DECIDED = (MatchState.CONFIRMED, MatchState.REJECTED, MatchState.REUNITED)


def pair_id(missing: str, found: str) -> str:
    return f"{missing}~{found}"


def decision_id(own_case: str, missing: str, found: str) -> str:
    """The decision record on pair (*missing*, *found*) of the station owning *own_case*."""
    return protocol.child_id(own_case, "decision", str(uuid.uuid5(_DECISION_NS, pair_id(missing, found))))


def settle(decisions: list[StationDecision]) -> tuple[MatchState | None, bool]:
    """(the pair's national state, conflict) from the stations' decisions: stations that agree
    settle it (a reunion goes past a confirmation); one confirming or reuniting while another
    rejects is a conflict, which settles nothing."""
    states = {d.state for d in decisions}
    if not states:
        return None, False
    if MatchState.REJECTED in states and states & {MatchState.CONFIRMED, MatchState.REUNITED}:
        return None, True
    if MatchState.REUNITED in states:
        return MatchState.REUNITED, False
    return (MatchState.CONFIRMED if MatchState.CONFIRMED in states else MatchState.REJECTED), False


@dataclass(frozen=True, slots=True)
class DnaFigures:
    """The DNA comparison behind a verdict, as the matcher computed it (never filled in)."""

    combined_index: float
    inconsistent_loci: int
    loci_compared: int
    verdict: str
    extra: Mapping[str, Any] = field(default_factory=dict)  # relation, hypothesis, lr, kind…

    def to_json(self) -> dict[str, Any]:
        return {**self.extra, "combined_index": self.combined_index, "inconsistent_loci": self.inconsistent_loci,
                "loci_compared": self.loci_compared, "verdict": self.verdict}  # fmt: skip

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> DnaFigures:
        r = reading.Reader(raw, "match.dna")
        verdict = r.text("verdict")
        if verdict not in DNA_VERDICTS:
            raise reading.ProtocolError(
                reading.INVALID, "match.dna.verdict: one of " + "|".join(DNA_VERDICTS)
            )
        known = {"combined_index", "inconsistent_loci", "loci_compared", "verdict"}
        return cls(
            combined_index=r.number("combined_index", low=0.0, high=float("inf")),
            inconsistent_loci=r.integer("inconsistent_loci"),
            loci_compared=r.integer("loci_compared"),
            verdict=verdict,
            extra={k: v for k, v in raw.items() if k not in known},
        )


@dataclass(frozen=True, slots=True)
class StationDecision:
    """One station's word on a national pair, as the server tells it to both stations."""

    station: str
    state: MatchState
    decided_at: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MatchDelivery:
    """A national candidate pair (pull kind ``match``); a higher revision replaces a lower one."""

    missing: str
    found: str
    score: float
    dna_verdict: str | None
    reasons: tuple[Any, ...]
    state: MatchState
    dna: DnaFigures | None = None
    decisions: tuple[StationDecision, ...] = ()
    conflict: bool = False

    RECORD_TYPE = "match"

    def to_payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "missing": self.missing, "found": self.found, "score": self.score, "dna_verdict": self.dna_verdict,
            "reasons": list(self.reasons), "state": self.state.value,
        }  # fmt: skip
        if self.dna is not None:
            out["dna"] = self.dna.to_json()
        if self.decisions:
            out["decisions"] = [
                {"station": d.station, "state": d.state.value, "decided_at": d.decided_at, "reason": d.reason}
                for d in self.decisions
            ]
            out["conflict"] = self.conflict
        return out

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> MatchDelivery:
        r = reading.Reader(payload, "match")
        verdict = payload.get("dna_verdict")
        if verdict is not None and verdict not in DNA_VERDICTS:
            raise reading.ProtocolError(
                reading.INVALID, "match.dna_verdict: one of " + "|".join(DNA_VERDICTS)
            )
        reasons = payload.get("reasons") or []
        dna = r.optional_mapping("dna")
        conflict = payload.get("conflict", False)
        return cls(
            missing=r.text("missing"),
            found=r.text("found"),
            score=r.number("score", low=0.0, high=1.0),
            dna_verdict=verdict,
            reasons=tuple(reasons) if isinstance(reasons, list) else (),
            state=r.enum("state", MatchState, default=MatchState.POTENTIAL),
            dna=None if dna is None else DnaFigures.read(dna),
            decisions=tuple(_decision(d) for d in r.objects("decisions")),
            conflict=conflict is True,
        )


def _decision(raw: Mapping[str, Any]) -> StationDecision:
    r = reading.Reader(raw, "match.decisions[]")
    return StationDecision(
        r.text("station"), r.enum("state", MatchState), r.text("decided_at"), r.text("reason", default="")
    )


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """Record type ``decision``: a station confirms, rejects or reunites a national pair."""

    missing: str
    found: str
    state: MatchState
    decided_by: str
    decided_at: str
    reason: str = ""

    RECORD_TYPE = "decision"

    def record_id(self, own_case: str) -> str:
        """The record id at the station holding *own_case*, one of the pair's cases (after a
        transfer, a case whose number begins with another station's code)."""
        if own_case not in (self.missing, self.found):
            raise ValueError("own_case: one of the pair's cases")
        return decision_id(own_case, self.missing, self.found)

    def to_payload(self) -> dict[str, Any]:
        return {"missing": self.missing, "found": self.found, "state": self.state.value,
                "decided_by": self.decided_by, "decided_at": self.decided_at, "reason": self.reason}  # fmt: skip

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> MatchDecision:
        r = reading.Reader(payload, "decision")
        state = r.enum("state", MatchState)
        if state is MatchState.POTENTIAL:
            raise reading.ProtocolError(reading.INVALID, "decision.state: confirmed|rejected|reunited")
        missing, found = r.text("missing"), r.text("found")
        for key, value in (("missing", missing), ("found", found)):
            if not protocol.CASE_NO_RE.match(value):
                raise reading.ProtocolError(reading.INVALID, f"decision.{key}: a case number")
        return cls(
            missing, found, state, r.text("decided_by"), r.text("decided_at"), r.text("reason", default="")
        )

    def problem_with_id(self, record_id: str) -> str | None:
        """None when *record_id* is this decision's id at the station owning its case, else why not."""
        own = protocol.case_of(record_id)
        if own not in (self.missing, self.found) or record_id != decision_id(own, self.missing, self.found):
            return "decision: the record id is {own case of the pair}/m/{uuid5 of the pair}"
        return None
