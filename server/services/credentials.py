"""Stations, enrolment tokens, device credentials and operators.

Every secret is 256 random bits, shown once and stored only as its SHA-256: with that much
entropy a fast hash is enough, and it lets a request find its credential with one index lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.sync import enrolment_package, protocol
from server.services import alert_widening, events
from server.services.errors import Conflict, Forbidden, NotFound, Refused, Unauthenticated
from server.storage.tables import DeviceCredential, Operator, Station, StationBundleKey, as_utc, utcnow

ENROL_PREFIX = "xe_"
DEVICE_PREFIX = "xd_"
OPERATOR_PREFIX = "xo_"


def _secret(prefix: str) -> str:
    # The letter prefix keeps a token from ever starting with "-"; the rest is URL-safe base64.
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Caller:
    """Who is calling: a station (``station_id``) or a national operator."""

    station_id: int | None
    station_code: str | None
    operator: str | None


def add_station(session: Session, code: str, name: str, token_days: int) -> str:
    """Register a station and return its one-time enrolment token (valid ``token_days``).

    For a station that exists and is not revoked, issue a fresh token (the old one stops
    working). Call from the CLI; the caller commits.
    """
    if not protocol.STATION_CODE_RE.match(code):
        raise Refused("bad_station_code", "a station code is 9 digits")
    name = name.strip()
    if not name or len(name) > 200:
        raise Refused("bad_station_name", "a station name is 1 to 200 characters")
    token = _secret(ENROL_PREFIX)
    station = session.scalar(select(Station).where(Station.code == code))
    if station is None:
        station = Station(code=code, name=name, created_at=utcnow())
        session.add(station)
    elif station.revoked_at is not None:
        raise Conflict("revoked", f"station {code} was revoked: re-admit it with `station readmit {code}`")
    _issue_token(station, token, token_days)
    return token


def _issue_token(station: Station, token: str, token_days: int) -> None:
    station.enrol_token_hash = token_hash(token)
    station.enrol_expires_at = utcnow() + timedelta(days=token_days)


def _station(session: Session, code: str) -> Station:
    station = session.scalar(select(Station).where(Station.code == code).with_for_update())
    if station is None:
        raise NotFound("unknown_station", f"no station {code}")
    return station


def _drop_credentials(session: Session, station_id: int) -> int:
    done = session.execute(delete(DeviceCredential).where(DeviceCredential.station_id == station_id))
    return int(getattr(done, "rowcount", 0) or 0)


def revoke_station(session: Session, code: str) -> None:
    """Revoke a station: its credentials and any pending token stop working at once. Undone
    only by :func:`readmit_station`. Recorded as a station event."""
    station = _station(session, code)
    if station.revoked_at is None:
        station.revoked_at = utcnow()
        events.record(session, station.id, events.REVOKED)
    station.enrol_token_hash = None


def rotate_station(session: Session, code: str, token_days: int) -> str:
    """Replace the station's device credential: the old one stops working now; the returned
    one-time token enrols the station again (``xunren enroll``). Recorded as a station event."""
    station = _station(session, code)
    if station.revoked_at is not None:
        raise Conflict("revoked", f"station {code} is revoked: re-admit it with `station readmit {code}`")
    dropped = _drop_credentials(session, station.id)
    token = _secret(ENROL_PREFIX)
    _issue_token(station, token, token_days)
    events.record(session, station.id, events.ROTATED, credentials_ended=dropped)
    return token


def readmit_station(session: Session, code: str, token_days: int) -> str:
    """Lift a revocation explicitly: the station's old credentials stay dead and the returned
    one-time token enrols it anew. Recorded as a station event."""
    station = _station(session, code)
    if station.revoked_at is None:
        raise Conflict("not_revoked", f"station {code} is not revoked: use `station rotate {code}`")
    revoked_at = station.revoked_at
    station.revoked_at = None
    _drop_credentials(session, station.id)
    # A revoked station usually comes back reinstalled, with a new audit chain: its first head
    # is witnessed afresh (the event keeps the last one seen before).
    old_head = {"witness_seq": station.witness_seq, "witness_hash": station.witness_hash}
    station.witness_seq = station.witness_hash = None
    token = _secret(ENROL_PREFIX)
    _issue_token(station, token, token_days)
    events.record(
        session, station.id, events.READMITTED, revoked_at=as_utc(revoked_at).isoformat(), **old_head
    )
    return token


def enroll(session: Session, token: str) -> tuple[Station, str]:
    """Trade an enrolment token for a new device credential (returned once, stored hashed).

    The token is taken by one conditional UPDATE, so of any number of simultaneous requests
    with one token exactly one gets a credential and the others 401. A re-enrolment ends the
    station's earlier credentials, starts its audit witness afresh (a reinstalled station
    begins a new chain) and unpins its USB bundle keys; each is recorded as a station event.
    """
    station = _take_token(session, token)
    if station is None:
        raise Unauthenticated("bad_token", "the enrolment token is unknown, used or expired")
    credential = _secret(DEVICE_PREFIX)
    _start_credential(session, station, credential)
    return station, credential


def enroll_offline(session: Session, token: str, code: str) -> bool:
    """Take the one-time *token* a station enrolled by package sent in its first USB bundle and
    give the station the credential derived from it (``enrolment_package.offline_credential``).

    True when the token was taken now; False when it is unknown, used or expired (a repeat of a
    bundle already imported then authenticates by the derived credential, anything else is
    refused by the caller). A token of another station is refused and left untaken: the caller's
    transaction rolls back. The same station events as :func:`enroll`.
    """
    station = _take_token(session, token)
    if station is None:
        return False
    if station.code != code:
        raise Refused("bundle_refused", "bundle refused: the enrolment token belongs to another station")
    _start_credential(session, station, enrolment_package.offline_credential(token))
    return True


def _take_token(session: Session, token: str) -> Station | None:
    taken = session.execute(
        update(Station)
        .where(Station.enrol_token_hash == token_hash(token), Station.revoked_at.is_(None))
        .values(enrol_token_hash=None)
        .returning(Station.id, Station.enrol_expires_at)
    ).first()
    if taken is None or taken.enrol_expires_at is None or as_utc(taken.enrol_expires_at) < utcnow():
        return None
    station = session.get(Station, taken.id)
    assert station is not None
    station.enrol_expires_at = None
    return station


def _start_credential(session: Session, station: Station, credential: str) -> None:
    if _drop_credentials(session, station.id):
        events.record(
            session,
            station.id,
            events.REENROLLED,
            witness_seq=station.witness_seq,
            witness_hash=station.witness_hash,
        )
        station.witness_seq = station.witness_hash = None
    unpinned = session.execute(delete(StationBundleKey).where(StationBundleKey.station_code == station.code))
    if getattr(unpinned, "rowcount", 0):
        events.record(session, station.id, events.KEY_UNPINNED)
    session.add(
        DeviceCredential(station_id=station.id, token_hash=token_hash(credential), created_at=utcnow())
    )
    alert_widening.reach_enrolled(session, station.id, station.code, utcnow())  # alerts in force


def add_operator(session: Session, name: str) -> str:
    """Create a national operator and return their bearer token (shown once)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise Refused("bad_operator_name", "an operator name is 1 to 100 characters")
    if session.scalar(select(Operator).where(Operator.name == name)) is not None:
        raise Conflict("operator_exists", f"operator {name} already exists")
    token = _secret(OPERATOR_PREFIX)
    session.add(Operator(name=name, token_hash=token_hash(token), created_at=utcnow()))
    return token


def revoke_operator(session: Session, name: str) -> None:
    """Revoke a national operator: their token stops working at once (403 ``revoked``)."""
    operator = session.scalar(select(Operator).where(Operator.name == name.strip()))
    if operator is None:
        raise NotFound("unknown_operator", f"no operator {name}")
    operator.revoked_at = operator.revoked_at or utcnow()


def authenticate(session: Session, bearer: str | None) -> Caller:
    """Who holds ``bearer``; 401 for no or an unknown token, 403 for a revoked one."""
    if not bearer:
        raise Unauthenticated("no_credential", "this endpoint needs a bearer credential")
    digest = token_hash(bearer)
    if bearer.startswith(OPERATOR_PREFIX):
        operator = session.scalar(select(Operator).where(Operator.token_hash == digest))
        if operator is None:
            raise Unauthenticated("bad_credential", "the credential is not known")
        if operator.revoked_at is not None:
            raise Forbidden("revoked", "this operator has been revoked")
        return Caller(None, None, operator.name)
    row = session.execute(
        select(Station.id, Station.code, Station.revoked_at)
        .join(DeviceCredential, DeviceCredential.station_id == Station.id)
        .where(DeviceCredential.token_hash == digest)
    ).first()
    if row is None:
        raise Unauthenticated("bad_credential", "the credential is not known")
    if row.revoked_at is not None:
        raise Forbidden("revoked", "this station has been revoked")
    return Caller(row.id, row.code, None)
