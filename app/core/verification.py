"""The family's verification code printed on the receipt.

77 random bits written as 16 characters from an alphabet that can be read aloud and typed without
confusion (no 0/O, 1/I/L, no U/V pair), shown in four groups: ``7KQ4-M2XD-9HTR-C3WP``. The station
keeps the code in its encrypted store so a receipt can be reprinted; only :func:`code_hash` ever
leaves the station, and the server answers a family's check from that hash.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols: no 0 O 1 I L U V
LENGTH = 16  # 16 * log2(29) = 77.7 bits, four groups of four
GROUP = 4
_HASH_DOMAIN = b"xunren-verification-v1\x00"

# Characters people commonly type by mistake for one of ours.


def new_code() -> str:
    """A fresh code in canonical (ungrouped, upper-case) form: one uniform draw below 29**17."""
    value = secrets.randbelow(len(ALPHABET) ** LENGTH)
    chars = []
    for _ in range(LENGTH):
        value, digit = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


def group(code: str) -> str:
    """The printed form: groups of four separated by hyphens."""
    canon = normalize(code)
    return "-".join(canon[i : i + GROUP] for i in range(0, len(canon), GROUP))


def normalize(text: str) -> str:
    """Canonical form of what a person typed: spaces and hyphens dropped, upper case.

    Raises ValueError when a character can never be part of a code.
    """
    out = []
    for ch in text.upper():
        if ch in " -\t":
            continue
        if ch not in ALPHABET:
            raise ValueError("verification code has a character that is not in its alphabet")
        out.append(ch)
    return "".join(out)


def code_hash(code: str) -> str:
    """Hex SHA-256 of the canonical code under a domain tag: what the server stores and looks up.

    77 random bits make a search over all codes infeasible, so a fast hash is enough here; a salt
    would stop the server from looking a code up, which is the whole point of the hash.
    """
    return hashlib.sha256(_HASH_DOMAIN + normalize(code).encode("ascii")).hexdigest()


# Issue 14: a case rebuilt from the server after a lost disk: the server holds the code's hash,
# never the code, so the station keeps the hash behind this prefix (the family's paper receipt
# still has the code, and the receipt check still answers it).
LOST_PREFIX = "sha256:"


def stored_hash(stored: str) -> str:
    """The hash the server knows for a case's stored code (a kept hash, or the code's hash)."""
    return stored[len(LOST_PREFIX) :] if stored.startswith(LOST_PREFIX) else code_hash(stored)


def known_code(stored: str) -> str:
    """The code to show and print; empty for a rebuilt case, whose code only the family holds."""
    return "" if stored.startswith(LOST_PREFIX) else stored
