"""The national server's public address, as the enrolment answer gave it (issue 18).

Families open ``{public_url}/check`` to check a receipt (the receipt's QR code carries
``…/check#CODE``: the code in the fragment never reaches a server log) and ``/gallery`` to see the
found children. Kept in the sync state inside the encrypted store; any thread may read it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from app.services.session import Session
from app.storage import gallery_repository

KEY = "public_url"


def usable(url: object) -> str | None:
    """The address without a trailing slash when a family's phone may be sent there (https, or
    http to this machine for a test server), else None."""
    if not isinstance(url, str) or not url.strip() or len(url) > 200:
        return None
    parts = urlsplit(url.strip())
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if not parts.hostname or parts.query or parts.fragment or parts.username or parts.password:
        return None
    if parts.scheme == "https" or (parts.scheme == "http" and local):
        return url.strip().rstrip("/")
    return None


def public_url(session: Session) -> str | None:
    with session.store.reader() as conn:
        return usable(gallery_repository.sync_value(conn, KEY))


def check_url(session: Session) -> str | None:
    """Where the receipt's QR code sends a family, or None before the server gave an address."""
    base = public_url(session)
    return f"{base}/check" if base else None
