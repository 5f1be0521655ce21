"""Referrals between stations (issue 14): one station asks another to act on one of its cases
(visit an address, take a DNA sample from a relative living there, interview a witness); the
other station accepts, answers with a note, or declines. Pure Python: the states, their moves
and the words for them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class ReferralRequest(StrEnum):
    """What the asking station wants done."""

    VISIT = "visit"  # visit an address
    DNA_SAMPLE = "dna_sample"  # take a DNA sample from a relative living there
    INTERVIEW = "interview"  # interview a witness
    OTHER = "other"


class ReferralState(StrEnum):
    """Where a referral stands; an answer's step is one of the states after ``sent``."""

    SENT = "sent"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    DECLINED = "declined"


# An answer may follow an answer (a visit's result, then the sample's); a decline is final.
REFERRAL_MOVES: Mapping[ReferralState, frozenset[ReferralState]] = {
    ReferralState.SENT: frozenset({ReferralState.ACCEPTED, ReferralState.ANSWERED, ReferralState.DECLINED}),
    ReferralState.ACCEPTED: frozenset({ReferralState.ANSWERED, ReferralState.DECLINED}),
    ReferralState.ANSWERED: frozenset({ReferralState.ANSWERED}),
    ReferralState.DECLINED: frozenset(),
}
ANSWER_STEPS = (ReferralState.ACCEPTED, ReferralState.ANSWERED, ReferralState.DECLINED)
MAX_NOTE = 2000


def can_answer(state: ReferralState, step: ReferralState) -> bool:
    """Whether a referral in *state* may take the answer *step*."""
    return step in REFERRAL_MOVES[state]


WORDS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    ReferralRequest: {
        "visit": ("走访地址", "visit an address"),
        "dna_sample": ("采集亲属 DNA 样本", "take a relative's DNA sample"),
        "interview": ("询问证人", "interview a witness"),
        "other": ("其他协查", "other"),
    },
    ReferralState: {
        "sent": ("待对方处理", "sent"),
        "accepted": ("已接受", "accepted"),
        "answered": ("已答复", "answered"),
        "declined": ("已拒绝", "declined"),
    },
}


def word(value: ReferralRequest | ReferralState | str, kind: type[StrEnum], lang: str) -> str:
    """The word for a request kind or a state in *lang*; an unknown code comes back as it is."""
    code = str(getattr(value, "value", value))
    pair = WORDS[kind].get(code)
    if pair is None:
        return code
    return pair[1 if lang.lower().startswith("en") else 0]
