"""Refusals a caller can cause; the API turns them into 4xx JSON, the CLI into one line."""

from __future__ import annotations


class Refused(Exception):
    """A request the server will not carry out. ``reason`` is a stable machine code; ``detail``
    a one-line human text that never contains a secret."""

    status = 400

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class Unauthenticated(Refused):
    status = 401


class Forbidden(Refused):
    status = 403


class NotFound(Refused):
    status = 404


class Conflict(Refused):
    status = 409


class TooLarge(Refused):
    status = 413


class Unprocessable(Refused):
    status = 422


class TooManyRequests(Refused):
    status = 429

    def __init__(self, reason: str, detail: str, retry_after: int) -> None:
        super().__init__(reason, detail)
        self.retry_after = retry_after
