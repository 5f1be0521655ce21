"""The server's side of the USB path: import a station's sealed bundle, export its answer.

A station bundle is signed by the station's Ed25519 key and carries its device credential
inside the encryption: the credential proves the station (as on the network), the signature
proves nothing was changed, and the station's keys are pinned on the first accepted bundle so a
later bundle signed by another key is refused. Only a re-enrolment (a one-time token from the
operator) unpins them, and says so in the station's events. Importing applies the changes through the same
``push_batch`` as the network, so a bundle imported twice changes nothing the second time, and
witnesses the bundle's audit head as a push's; the answer carries the head witnessed last.

The server's own bundle keys live in a key file (mode 0600) on the machine that runs
``xunren-server bundle``; ``bundle key`` prints the public part a station enrols with.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.orm import Session

from app.sync import enrolment_package, protocol, sealed
from app.sync.sealed import BundleRefused, KeyPair
from server.services import child_alerts, credentials, numbers, push, witness
from server.services.errors import Refused
from server.services.meta import current_epoch, in_transaction, server_time
from server.services.pull import pull_page, station_state
from server.storage.tables import JournalEntry, Refusal, Station, StationBundleKey, utcnow

log = logging.getLogger("xunren.server.bundles")


def default_key_file() -> Path:
    env = os.environ.get("XUNREN_BUNDLE_KEYS")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("xunren-server", "xunren")) / "bundle_keys.json"


def server_keys(path: Path) -> KeyPair:
    """The server's bundle keys from *path*, made (0600) on first use.

    Made whole in a fresh temp file and then linked into place, which fails when *path* exists:
    the serving process (an enrolment's answer) and a command may both be first, and whichever
    comes second reads the keys the first one made, never half a file, never a second pair."""
    if path.exists():
        data = json.loads(path.read_text("utf-8"))
        return KeyPair(data["box_seed"], data["sign_seed"])
    keys = KeyPair.new()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump({"box_seed": keys.box_seed, "sign_seed": keys.sign_seed}, f)
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)
    except FileExistsError:
        return server_keys(path)  # another process made them first: theirs stand
    finally:
        tmp.unlink(missing_ok=True)
    return keys


def public_key_text(keys: KeyPair) -> str:
    """What ``xunren enroll --bundle-key`` takes."""
    return f"xk1.{keys.box_public()}.{keys.sign_public()}"


def enrolment_key(path: Path | None = None) -> str | None:
    """The public bundle key (``xk1.…``) the enrolment answer gives a station to pin, from the key
    file the ``bundle`` commands and ``screening rotate-key`` use (made on first use, as by
    ``bundle key``). None when that file cannot be read or made: the station then enrols without
    it, as with an older server, and the log names the file (never what is in it)."""
    path = path or default_key_file()
    try:
        return public_key_text(server_keys(path))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("the bundle key file %s cannot be used (%s): the enrolment answer gives no bundle key",
                    path, type(exc).__name__)  # fmt: skip
        return None


@dataclass(frozen=True)
class Imported:
    station: str
    changes: int
    applied: int
    refused: int
    witness: dict[str, Any] | None = None  # the word on the bundle's audit head (as a push's)


def import_bundle(
    session: Session, data: bytes, keys: KeyPair, clock: Callable[[], datetime] = utcnow
) -> Imported:
    """Verify and apply a station bundle; :class:`Refused` (``bundle_refused``) when it cannot be
    trusted. Each batch commits on its own, idempotently by change id.

    The first bundle of a station enrolled by package carries its one-time token instead of a
    credential: taking the token enrols the station (and pins the bundle's keys) in one
    transaction; a repeat of that bundle authenticates by the credential derived from the token.
    """
    try:
        header = sealed.peek(data)
        code = str(header.get("station", ""))
        signer = str(header.get("signer", ""))
        body = sealed.open_(data, kind="station", reader=keys, writer_sign_public=signer)
    except BundleRefused as exc:
        raise Refused("bundle_refused", f"bundle refused: {exc}") from None
    if body.get("station") != code:
        raise Refused("bundle_refused", "bundle refused: the inner station differs from the header")
    token = body.get("enrol_token")
    credential = str(body.get("credential", ""))
    if isinstance(token, str) and token:
        credential = enrolment_package.offline_credential(token)

    def admit(s: Session) -> credentials.Caller:
        if isinstance(token, str) and token:
            credentials.enroll_offline(s, token, code)  # a used token: the repeat authenticates below
        pinned = _pinned(s, code)
        if pinned is not None and pinned[1] != signer:  # only a (re-)enrolment unpins a key
            raise Refused("bundle_refused", f"bundle refused: {_TOKEN_GONE if token else _FORGED}")
        try:
            caller = credentials.authenticate(s, credential)
        except Refused:
            if token:
                raise Refused("bundle_refused", f"bundle refused: {_TOKEN_GONE}") from None
            raise Refused("bundle_refused", "bundle refused: the station's credential is not valid") from None
        if caller.station_code != code or caller.station_id is None:
            raise Refused("bundle_refused", "bundle refused: the credential belongs to another station")
        if pinned is None:
            _pin(s, code, str(body["station_box"]), signer)
        return caller

    try:  # read before anything is written: a bundle is taken whole or not at all
        head = None if body.get("audit_head") is None else protocol.AuditHead.from_json(body["audit_head"])
    except ValueError as exc:
        raise Refused("bundle_refused", f"bundle refused: {exc}") from None
    caller = in_transaction(session, admit)
    changes = [protocol.Change(c["change_id"], c["record_type"], c["record_id"], int(c["base_revision"]),
                               c["payload"], str(c["created_at"])) for c in body.get("changes", [])]  # fmt: skip
    applied = refused = 0
    sid = caller.station_id
    assert sid is not None
    for start in range(0, len(changes), protocol.MAX_BATCH_CHANGES):
        batch = changes[start : start + protocol.MAX_BATCH_CHANGES]
        results = in_transaction(session, lambda s, b=batch: push.push_batch(s, sid, code, b, None, clock))  # type: ignore[misc]
        applied += sum(r.status == "applied" for r in results)
        refused += sum(r.status != "applied" for r in results)
    seen = None
    if head is not None:
        seen = in_transaction(session, lambda s: witness.observe(s, sid, head))
    since = body.get("screening_since")
    if isinstance(since, int) and since >= 0:  # issue 15: the answer carries the index from there
        from server.services import screening  # the national index: heavy, needed for bundles only

        in_transaction(session, lambda s: screening.remember_since(s, code, since))
    return Imported(code, len(changes), applied, refused, seen)


_FORGED = "the signature does not match: the bundle was changed or forged"
_TOKEN_GONE = "the enrolment token is unknown, used or expired: ask the operator for a new package"


def _pinned(session: Session, code: str) -> tuple[str, str] | None:
    row = session.execute(
        select(StationBundleKey.box_public, StationBundleKey.sign_public).where(
            StationBundleKey.station_code == code
        )
    ).first()
    return None if row is None else (str(row[0]), str(row[1]))


def _pin(session: Session, code: str, box: str, sign: str) -> None:
    session.execute(
        insert(StationBundleKey).values(
            station_code=code, box_public=box, sign_public=sign, pinned_at=utcnow()
        )
    )


def export_answer(
    session: Session, code: str, keys: KeyPair, clock: Callable[[], datetime] = utcnow
) -> bytes:
    """The answer for station *code*: every change result, what it pulls, the cursor and the
    epoch, encrypted for the station's pinned key and signed by the server."""
    from server.services import screening  # the national index: heavy, needed for bundles only

    pinned = in_transaction(session, lambda s: _pinned(s, code))
    if pinned is None:
        raise Refused("no_bundle_yet", f"no bundle from station {code} has been imported yet")
    in_transaction(session, lambda s: child_alerts.widen_due(s, clock()))  # alerts due by now ride along
    body = in_transaction(session, lambda s: _answer(s, code))
    since = in_transaction(session, lambda s: screening.since_of(s, code))
    if since is not None:
        seed = screening.screening_key()
        body["screening"] = in_transaction(session, lambda s: screening.answer(s, since, seed)).to_json()
    return sealed.seal(body, kind="server", station=code, reader_box_public=pinned[0], writer=keys)


def _answer(session: Session, code: str) -> dict[str, Any]:
    sid = session.scalar(select(Station.id).where(Station.code == code))
    if sid is None:
        raise Refused("station_unknown", f"there is no station {code}")
    results = change_results(session, sid)
    items: list[dict[str, Any]] = []
    cursor = 0
    while True:
        page, cursor, more = pull_page(session, sid, cursor, protocol.MAX_PULL_LIMIT)
        items += [{"seq": i.seq, "kind": i.kind, "record_type": i.record_type, "record_id": i.record_id,
                   "revision": i.revision, "payload": json.loads(i.payload)} for i in page]  # fmt: skip
        if not more:
            break
    _counts, _total, _digest, state_cursor = station_state(session, sid)
    return {"station": code, "epoch": current_epoch(session), "server_time": server_time(),
            "results": results, "items": items, "cursor": max(cursor, state_cursor),
            "numbers": numbers.of_station(session, sid), "witness": _witnessed(session, sid)}  # fmt: skip


def results_statements(
    station_id: int,
) -> tuple[Select[str | None, int], Select[str, str, str]]:
    """The station's applied changes (with their revisions, in the order the server took them)
    and its refused ones (with reason and detail): each read through an index that starts with
    the station (``ix_journal_station``, ``ix_refusals_station``), so an answer reads what that
    station sent, never every station's journal."""
    applied = (
        select(JournalEntry.change_id, JournalEntry.revision)
        .where(JournalEntry.station_id == station_id)
        .order_by(JournalEntry.seq)
    )
    refused = (
        select(Refusal.change_id, Refusal.reason, Refusal.detail)
        .where(Refusal.station_id == station_id)
        .order_by(Refusal.change_id)
    )
    return applied, refused


def change_results(session: Session, station_id: int) -> list[dict[str, Any]]:
    """A result for every change the station ever sent (applied or refused): the station marks
    those it still waits on, whichever way (stick or network) each one reached the server."""
    applied, refused = results_statements(station_id)
    results: list[dict[str, Any]] = [
        {"change_id": cid, "status": "applied", "revision": rev} for cid, rev in session.execute(applied)
    ]
    results += [
        {"change_id": cid, "status": "refused", "reason": reason, "detail": detail}
        for cid, reason, detail in session.execute(refused)
    ]
    return results


def _witnessed(session: Session, sid: int) -> dict[str, Any] | None:
    """The station's audit head the server witnessed last: the station checks its chain holds it."""
    station = session.get(Station, sid)
    if station is None or station.witness_seq is None:
        return None
    return {"seq": station.witness_seq, "hash": station.witness_hash}


def write_answer(path: Path, data: bytes) -> None:
    """Write atomically (temp file, fsync, rename): a half-written answer never sits on a stick."""
    tmp = path.with_name(path.name + ".part")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
