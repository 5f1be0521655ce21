"""How a ``xunren-server`` command stops short: bad usage (exit 2) or a reason already worded
(exit 1). Raised by :mod:`server.cli` and the command groups' modules, caught once in
:func:`server.cli.main`."""

from __future__ import annotations


class UsageError(Exception):
    """The command was given wrongly (exit 2); the message is in the operator's language."""


class Failure(Exception):
    """A command that cannot go on for a reason already worded (exit 1)."""
