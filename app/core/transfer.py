"""A case transfer between stations (issue 14) as a type: its states and allowed moves.

    sending station    awaiting_sender (an officer asked) → awaiting_receiver (its supervisor
                       approved: the request travels) → completed (the receiver accepted)
    receiving station  awaiting_receiver (the request arrived) → accepted (its supervisor
                       approved: the acceptance travels) → completed (the server moved the case)

Until the server moves the case, the receiving station's supervisor may decline it (declined)
and the sending station's supervisor may withdraw it (withdrawn); either ends it, the case
staying where it is. The server is the arbiter of a race (an acceptance and a withdrawal on
their way at once): whichever it took first ends the transfer, and both stations follow its
word over what they did themselves.

A transfer is not a closure: the case keeps its number, its status and its verification code;
only the station that may change it moves. Pure Python.
"""

from __future__ import annotations

from enum import StrEnum


class TransferState(StrEnum):
    AWAITING_SENDER = "awaiting_sender"  # asked by an officer; the sending supervisor approves
    AWAITING_RECEIVER = "awaiting_receiver"  # the receiving station's supervisor approves
    ACCEPTED = "accepted"  # accepted at the receiving station; the server has not answered yet
    COMPLETED = "completed"  # the receiving station owns the case
    DECLINED = "declined"  # the receiving station's supervisor declined it: the case stays
    WITHDRAWN = "withdrawn"  # the sending station's supervisor withdrew it: the case stays


class TransferDirection(StrEnum):
    OUTGOING = "out"  # this station hands the case over
    INCOMING = "in"  # this station receives it


ENDED = frozenset({TransferState.COMPLETED, TransferState.DECLINED, TransferState.WITHDRAWN})
_MOVES: dict[TransferState, frozenset[TransferState]] = {
    TransferState.AWAITING_SENDER: frozenset({TransferState.AWAITING_RECEIVER, TransferState.WITHDRAWN}),
    TransferState.AWAITING_RECEIVER: frozenset({TransferState.ACCEPTED, *ENDED}),
    TransferState.ACCEPTED: frozenset({TransferState.COMPLETED, TransferState.WITHDRAWN}),
    TransferState.COMPLETED: frozenset(),
    # a decline or a withdrawal on its way: the server's word on the race decides
    TransferState.DECLINED: frozenset({TransferState.WITHDRAWN}),
    TransferState.WITHDRAWN: frozenset({TransferState.COMPLETED, TransferState.DECLINED}),
}


def may_move(old: TransferState, new: TransferState) -> bool:
    """True when a transfer in *old* may go to *new* (a repeated delivery stays where it is)."""
    return new in _MOVES[old]


def is_open(state: TransferState) -> bool:
    """True while the transfer may still move the case."""
    return state not in ENDED


MAX_TRANSFER_REASON = 2000

STATE_WORDS: dict[TransferState, tuple[str, str]] = {
    TransferState.AWAITING_SENDER: ("待本所所长批准", "awaiting our supervisor"),
    TransferState.AWAITING_RECEIVER: ("待接收单位批准", "awaiting the receiving station"),
    TransferState.ACCEPTED: ("已接收，待国家平台确认", "accepted, awaiting the national server"),
    TransferState.COMPLETED: ("已移交", "transferred"),
    TransferState.DECLINED: ("接收单位已拒绝", "declined by the receiving station"),
    TransferState.WITHDRAWN: ("已撤回", "withdrawn"),
}
DIRECTION_WORDS: dict[TransferDirection, tuple[str, str]] = {
    TransferDirection.OUTGOING: ("移出", "outgoing"),
    TransferDirection.INCOMING: ("移入", "incoming"),
}


def word(value: TransferState | TransferDirection, lang: str) -> str:
    """The value in *lang* (``zh_CN`` or ``en``)."""
    zh, en = STATE_WORDS[value] if isinstance(value, TransferState) else DIRECTION_WORDS[value]
    return en if lang.startswith("en") else zh
