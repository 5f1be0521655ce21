"""The chain of screening key rotations a station follows from the key it pinned (issue 15):
every link signed by the new key and vouched for by the server's bundle key the station pinned
at enrolment."""

from __future__ import annotations

import os

from app.sync.protocol.screening import ScreeningAnswer, sign_public
from app.sync.protocol.screening_rotation import Rotation, reachable, sign_rotation

AT = "2026-12-06T09:30:00.000Z"
SERVER = os.urandom(32).hex()  # the server's bundle signing key (its seed)
PINNED = sign_public(SERVER)  # what the station pinned at enrolment


def _seed() -> str:
    return os.urandom(32).hex()


def _rotation(old: str, new_seed: str, server: str = SERVER) -> Rotation:
    return sign_rotation(sign_public(old), new_seed, AT, server)


def test_a_chain_of_rotations_leads_from_the_pinned_key_to_the_signer() -> None:
    a, b, c = _seed(), _seed(), _seed()
    first, second = _rotation(a, b), _rotation(b, c)
    assert reachable(sign_public(a), sign_public(c), [first, second], PINNED) == [first, second]
    assert reachable(sign_public(b), sign_public(c), [first, second], PINNED) == [second]
    assert reachable(sign_public(c), sign_public(a), [first, second], PINNED) is None  # never backwards


def test_a_rotation_whose_key_never_reached_the_key_file_does_not_block_the_next() -> None:
    """The command stopped after recording old → lost; the operator ran it again: old → new."""
    old, lost, new = _seed(), _seed(), _seed()
    rotations = [_rotation(old, lost), _rotation(old, new)]
    assert reachable(sign_public(old), sign_public(new), rotations, PINNED) == [rotations[1]]


def test_an_unannounced_key_or_a_statement_that_does_not_hold_leads_nowhere() -> None:
    old, new, stranger = _seed(), _seed(), _seed()
    good = _rotation(old, new)
    assert reachable(sign_public(old), sign_public(stranger), [good], PINNED) is None
    forged = Rotation(sign_public(old), sign_public(stranger), AT, good.statement, good.vouched)
    assert not forged.holds(PINNED)
    assert reachable(sign_public(old), sign_public(stranger), [forged], PINNED) is None
    moved = Rotation(good.old, good.new, "2027-01-01T00:00:00.000Z", good.statement, good.vouched)
    assert not moved.holds(PINNED)


def test_whoever_answers_in_the_servers_place_cannot_rotate_the_pin_to_a_key_of_their_own() -> None:
    """Someone who answers for the server (a broken TLS, a plain-http address) makes a key and a
    rotation to it, signed by that key — and, lacking the server's bundle key, by one of their
    own: the station follows it nowhere. Nor does a station without the server's key follow any."""
    old, theirs, their_server = _seed(), _seed(), _seed()
    made = _rotation(old, theirs, server=their_server)
    assert made.holds(sign_public(their_server)) and not made.holds(PINNED)
    assert reachable(sign_public(old), sign_public(theirs), [made], PINNED) is None
    unvouched = Rotation(made.old, made.new, made.at, made.statement, "00" * 64)
    assert reachable(sign_public(old), sign_public(theirs), [unvouched], PINNED) is None
    good = _rotation(old, _seed())
    assert reachable(sign_public(old), good.new, [good], None) is None


def test_the_rotations_travel_in_the_answer_and_an_answer_without_them_keeps_its_shape() -> None:
    old, new = _seed(), _seed()
    rotation = _rotation(old, new)
    plain = ScreeningAnswer("none", 7, sign_public(old))
    assert "rotations" not in plain.to_json()
    assert ScreeningAnswer.read(plain.to_json()) == plain
    rotated = ScreeningAnswer("none", 7, sign_public(new), rotations=(rotation,))
    assert ScreeningAnswer.read(rotated.to_json()) == rotated
