"""Errors of the key slots; every message is safe to show (no key material, no password)."""

from __future__ import annotations


class KeySlotError(Exception):
    """Base error of the key slots; its message is safe to show to the user."""


class BadPasswordError(KeySlotError):
    """The password (or recovery key) does not open the slot."""


class UnknownUserError(KeySlotError):
    """No slot exists for that user name."""


class SlotFileMissingError(KeySlotError):
    """The data directory has no key slot file."""
