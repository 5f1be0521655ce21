"""The recovery key: printed once at `init`, typed back by hand when every password is lost.

29 random symbols (145 bits) and 3 check symbols from an alphabet without 0/O and 1/I, printed
as 8 groups of 4, so a typing error is caught before the slow Argon2id step.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from app.storage.slot_errors import BadPasswordError

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and retyped by hand
_RK_RANDOM, _RK_CHECK = 29, 3


def _check_symbols(body: str) -> str:
    return "".join(_ALPHABET[b % 32] for b in hashlib.sha256(body.encode("ascii")).digest()[:_RK_CHECK])


def new_recovery_key() -> str:
    """A fresh recovery key text, e.g. ``7KQM-...`` (8 groups of 4, 145 random bits, checksum)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(_RK_RANDOM))
    text = body + _check_symbols(body)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> str:
    """Canonical form of a typed recovery key; :class:`BadPasswordError` on a typo."""
    canon = re.sub(r"[\s\-]", "", text).upper()
    if len(canon) != _RK_RANDOM + _RK_CHECK or any(c not in _ALPHABET for c in canon):
        raise BadPasswordError("the recovery key must be 8 groups of 4 characters (no 0, 1, I or O)")
    if canon[_RK_RANDOM:] != _check_symbols(canon[:_RK_RANDOM]):
        raise BadPasswordError("the recovery key has a typing error: check each group")
    return canon
