"""The chain of screening key rotations a station follows from the key it pinned (issue 15)."""

from __future__ import annotations

import os

from app.sync.protocol.screening import ScreeningAnswer, sign_public
from app.sync.protocol.screening_rotation import Rotation, reachable, sign_rotation

AT = "2026-12-06T09:30:00.000Z"


def _seed() -> str:
    return os.urandom(32).hex()


def test_a_chain_of_rotations_leads_from_the_pinned_key_to_the_signer() -> None:
    a, b, c = _seed(), _seed(), _seed()
    first, second = sign_rotation(sign_public(a), b, AT), sign_rotation(sign_public(b), c, AT)
    assert reachable(sign_public(a), sign_public(c), [first, second]) == [first, second]
    assert reachable(sign_public(b), sign_public(c), [first, second]) == [second]
    assert reachable(sign_public(c), sign_public(a), [first, second]) is None  # never backwards


def test_a_rotation_whose_key_never_reached_the_key_file_does_not_block_the_next() -> None:
    """The command stopped after recording old → lost; the operator ran it again: old → new."""
    old, lost, new = _seed(), _seed(), _seed()
    rotations = [sign_rotation(sign_public(old), lost, AT), sign_rotation(sign_public(old), new, AT)]
    assert reachable(sign_public(old), sign_public(new), rotations) == [rotations[1]]


def test_an_unannounced_key_or_a_statement_that_does_not_hold_leads_nowhere() -> None:
    old, new, stranger = _seed(), _seed(), _seed()
    good = sign_rotation(sign_public(old), new, AT)
    assert reachable(sign_public(old), sign_public(stranger), [good]) is None
    forged = Rotation(sign_public(old), sign_public(stranger), AT, good.statement)
    assert not forged.holds()
    assert reachable(sign_public(old), sign_public(stranger), [forged]) is None
    moved = Rotation(good.old, good.new, "2027-01-01T00:00:00.000Z", good.statement)  # another time
    assert not moved.holds()


def test_the_rotations_travel_in_the_answer_and_an_answer_without_them_keeps_its_shape() -> None:
    old, new = _seed(), _seed()
    rotation = sign_rotation(sign_public(old), new, AT)
    plain = ScreeningAnswer("none", 7, sign_public(old))
    assert "rotations" not in plain.to_json()
    assert ScreeningAnswer.read(plain.to_json()) == plain
    rotated = ScreeningAnswer("none", 7, sign_public(new), rotations=(rotation,))
    assert ScreeningAnswer.read(rotated.to_json()) == rotated
