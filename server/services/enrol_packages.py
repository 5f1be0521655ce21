"""Offline enrolment packages (``xunren-server station add CODE NAME --package FILE``).

A station that never reaches the network enrols from a file on a USB stick, opened with a
passphrase the operator reads out by phone (``app.sync.enrolment_package``). The package holds
the station's one-time token (taken by the server when it imports the station's first bundle,
``bundles.import_bundle``), the server's bundle key, its epoch and the station's number
high-water marks (a reinstalled station never gives a number twice).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import enrolment_package
from app.sync.sealed import KeyPair
from server.services import numbers
from server.services.bundles import public_key_text, write_answer
from server.services.meta import current_epoch, server_time
from server.storage.tables import Station, as_utc


def package_body(session: Session, code: str, token: str, keys: KeyPair, public_url: str) -> dict[str, Any]:
    """What the package carries for station *code*, whose fresh *token* was just issued (in the
    same transaction, so the expiry read here is the token's)."""
    station = session.scalar(select(Station).where(Station.code == code))
    assert station is not None and station.enrol_expires_at is not None
    return {
        "station": code,
        "station_name": station.name,
        "token": token,
        "expires_at": as_utc(station.enrol_expires_at).isoformat().replace("+00:00", "Z"),
        "server_key": public_key_text(keys),
        "epoch": current_epoch(session),
        "numbers": numbers.of_station(session, station.id),
        "public_url": public_url,
        "made_at": server_time(),
    }


def write_package(path: Path, body: dict[str, Any]) -> str:
    """Seal *body* under a new passphrase, write it atomically (0600) and return the passphrase,
    which is shown once and never stored."""
    passphrase = enrolment_package.new_passphrase()
    data = enrolment_package.seal_package(body, station=str(body["station"]), passphrase=passphrase)
    write_answer(path, data)
    return passphrase
