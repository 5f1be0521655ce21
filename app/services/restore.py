"""Restoring a backup: an administrator's act, checked before anything is replaced.

Over a station, only an administrator of the *current* station (or its current recovery key)
may restore, under the same lockout and failure counting as a logon; onto a machine without a
station, an administrator of the backup (or the backup's recovery key). Before anything changes
the person is told what the restore drops (cases registered after the backup, changes not yet
sent to the server) and whether numbering would go back; the caller's ``confirm`` decides.

What the current station knows about its people stays: its accounts and roles, its key slots
(passwords and the recovery key of today; a user removed after the backup stays removed), its
lockout state, its server credential. The restored database gets a fresh data key, so a key
slot copied before the backup opens nothing. Case and sample numbers never go back below the
ones the current station gave. The audit chain goes on from the backup's head with a
``restore`` entry; the restore is declared to the server at the next sync (see app.sync).

Runs on the calling thread (the CLI's main thread); the current store is closed before the files
are swapped.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.model import AccountRole
from app.services.backup import set_aside
from app.services.errors import ServiceError
from app.services.paths import discard_unfinished_init, has_station, make_data_dir
from app.storage import audit, restore_queries
from app.storage import backup as archive
from app.storage import case_repository as repo
from app.storage import station_repository as stations
from app.storage import sync_state as st
from app.storage.atomic import write_atomic
from app.storage.cursor import cursor_of
from app.storage.engine import StoreError, WrongKeyError
from app.storage.files import LOGON_STATE_FILE, SLOTS_FILE
from app.storage.keyslots import RECOVERY_USER, BadPasswordError, KeySlotError, KeySlotFile, UnknownUserError
from app.storage.logon_guard import LogonGuard
from app.storage.rekey import open_with_candidates, rekey_file
from app.storage.store import DB_FILE, StationStore

RECOVERY_ACTOR = "recovery-key"
# What the live station knows about its link to the server: carried into the restored store.
_CARRIED = (
    st.SERVER_URL,
    st.CREDENTIAL,
    st.ENROL_TOKEN,
    st.STATION,
    st.SERVER_BOX_KEY,
    st.SERVER_SIGN_KEY,
    "station_bundle_keys",
)


@dataclass(frozen=True)
class Credential:
    """Who restores: a user and password, or (``user`` None) the recovery key."""

    user: str | None
    secret: str = field(repr=False)


@dataclass
class RestorePlan:
    """What the restore will do, for the person to confirm before anything changes."""

    station_code: str
    backup_made: str
    over_station: bool
    dropped_cases: list[str] = field(default_factory=list)
    dropped_changes: int = 0
    numbers_kept: list[tuple[str, int, int, int]] = field(default_factory=list)  # series, year, backup, live

    @property
    def drops_anything(self) -> bool:
        return bool(self.dropped_cases or self.dropped_changes)


@dataclass(frozen=True)
class Restored:
    station_code: str
    entries: int
    plan: RestorePlan


@dataclass
class _Live:
    """The current station, read once with an administrator's key."""

    slots: KeySlotFile
    key: bytes
    actor: str
    store_id: str
    cases: set[str]
    waiting: set[str]
    counters: dict[tuple[str, int], int]
    accounts: restore_queries.AccountRows
    carried: dict[str, str]


STAGE_READ = "read"  # reading the backup and checking its hash and signature
STAGE_VERIFY = "verify"  # opening the backup's database: every page, the audit chain
STAGE_INSTALL = "install"  # confirmed: a fresh data key, the station's people, the files swapped


def restore(
    path: Path,
    data_dir: Path,
    who: Credential,
    *,
    confirm: Callable[[RestorePlan], bool],
    stage: Callable[[str], None] | None = None,
) -> Restored:
    """Check the backup at *path* and install it into *data_dir* once *confirm* agreed.

    *stage(name)* is told each stage as it begins (:data:`STAGE_READ`, :data:`STAGE_VERIFY`,
    :data:`STAGE_INSTALL`); it is called only before anything is replaced, so an exception it
    raises (the desktop's Cancel) leaves the station as it was.
    Audits ``restore`` in the restored chain (and a refused attempt in the current one).
    Raises ServiceError for a wrong credential (counted), someone who is not an administrator,
    a damaged or foreign backup, or a refusal to confirm; nothing is changed then.
    """
    told = stage or (lambda _name: None)
    told(STAGE_READ)
    try:
        header, image = archive.read_backup(path)
    except archive.BackupError as exc:
        raise ServiceError("backup_bad", why=str(exc)) from None
    discard_unfinished_init(data_dir)  # an interrupted init's files are nobody's station
    over = has_station(data_dir)
    live = _read_live(data_dir, who) if over else None
    make_data_dir(data_dir)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=data_dir) as tmp:
        staging = Path(tmp)
        write_atomic(staging / SLOTS_FILE, json.dumps(header.keyslots).encode("utf-8"))
        try:
            backup_slots = KeySlotFile.load(staging)
        except KeySlotError as exc:
            raise ServiceError("backup_bad", why=str(exc)) from None
        if live is not None and backup_slots.store_id != live.store_id:
            raise ServiceError("restore_other_store", code=header.station_code)
        key, actor = _backup_key(header, backup_slots, live, who, data_dir)
        write_atomic(staging / DB_FILE, image)
        told(STAGE_VERIFY)
        entries, seq_head, backup_view = _check_staged(staging, key, header)
        if live is None and backup_view["role"](actor) is not AccountRole.ADMIN:
            raise ServiceError("forbidden", roles="admin")
        plan = _plan(header, live, backup_view)
        if not confirm(plan):
            raise ServiceError("restore_cancelled")
        told(STAGE_INSTALL)
        if live is not None:
            key = _adopt_live(staging, key, live, data_dir)
        _finish(staging, key, live, actor, path.name, entries, plan)
        set_aside(data_dir, keep=(LOGON_STATE_FILE,))
        for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", SLOTS_FILE):
            if (staging / name).exists():
                shutil.move(str(staging / name), str(data_dir / name))
    return Restored(header.station_code, entries + 1, plan)


def _read_live(data_dir: Path, who: Credential) -> _Live:
    """Prove *who* is an administrator of the station in *data_dir* and read what must stay."""
    try:
        slots = KeySlotFile.load(data_dir)
    except KeySlotError:
        raise ServiceError("slots_damaged") from None
    guard = LogonGuard(data_dir)
    with guard.attempt():
        keys = _unlock(guard, slots, who)
    try:
        probe, key = open_with_candidates(data_dir / DB_FILE, keys, slots)
        probe.close()
        store = StationStore(data_dir / DB_FILE, key)
    except StoreError:
        raise ServiceError("database_damaged") from None
    try:
        actor = who.user or RECOVERY_ACTOR
        with store.reader() as conn:
            account = stations.get_account(conn, who.user) if who.user else None
            sid = stations.store_id(conn)
            c = cursor_of(conn)
            cases = restore_queries.case_numbers(c)
            waiting = restore_queries.pending_change_ids(c)
            counters = repo.counters(c)
            accounts = restore_queries.account_rows(c)
            carried = {k: v for k in _CARRIED if (v := st.get(c, k)) is not None}
        if who.user and (account is None or account.removed_at or account.role is not AccountRole.ADMIN):
            with store.unit_of_work() as uow:
                uow.audit.record(actor, "restore", "", "refused", detail="not an administrator")
                uow.commit()
            raise ServiceError("forbidden", roles="admin")
        if who.user:
            missed = guard.record_success(who.user)
            with store.unit_of_work() as uow:
                for failure in missed:
                    when = failure.at.isoformat(timespec="microseconds").replace("+00:00", "Z")
                    uow.audit.record(
                        actor, "logon", actor, "failed", detail=f"reason={failure.reason}", at=when
                    )
                uow.commit()
    finally:
        store.close()
    return _Live(slots, key, actor, sid, cases, waiting, counters, accounts, carried)


def _unlock(guard: LogonGuard, slots: KeySlotFile, who: Credential) -> list[bytes]:
    """Candidate data keys for *who*, counting a wrong password like a logon; the caller holds
    the logon lock."""
    if who.user is None:
        try:
            return slots.unlock_recovery(who.secret)
        except BadPasswordError:
            guard.record_failure(RECOVERY_USER, "bad_recovery_key")
            raise ServiceError("recovery_key_wrong") from None
        except KeySlotError:
            raise ServiceError("slots_damaged") from None
    if guard.check(who.user).locked:
        raise ServiceError("locked")
    try:
        return slots.unlock(who.user, who.secret)
    except (BadPasswordError, UnknownUserError):
        status = guard.record_failure(who.user)
        if status.locked:
            raise ServiceError("locked") from None
        raise ServiceError("bad_logon", left=max(0, 5 - status.recent_failures)) from None
    except KeySlotError:
        raise ServiceError("slots_damaged") from None


def _backup_key(
    header: archive.BackupHeader, slots: KeySlotFile, live: _Live | None, who: Credential, data_dir: Path
) -> tuple[bytes, str]:
    """The backup's data key, and who restores (for the audit)."""
    if live is not None:
        if archive.check_mac(header, live.key):  # no key rotation since the backup
            return live.key, live.actor
        # Today's slot opens the backup's wrap when it is the same slot (its private key kept
        # through password changes and rotations); else the credential may open the backup's own.
        for older in (True, False):
            try:
                keys = live.slots.unlock_older(slots, who.user, who.secret) if older else _own(slots, who)
            except (KeySlotError, ServiceError):
                continue
            key = next((k for k in keys if archive.check_mac(header, k)), None)
            if key is not None:
                return key, live.actor
        raise ServiceError("restore_backup_keys")
    guard = LogonGuard(data_dir)  # onto an empty machine: failures count in the new folder
    with guard.attempt():
        keys = _unlock(guard, slots, who)
        if who.user:
            guard.record_success(who.user)
    key = next((k for k in keys if archive.check_mac(header, k)), None)
    if key is None:
        raise ServiceError("backup_bad", why="signature does not match")
    return key, who.user or RECOVERY_ACTOR


def _own(slots: KeySlotFile, who: Credential) -> list[bytes]:
    try:
        return slots.unlock_recovery(who.secret) if who.user is None else slots.unlock(who.user, who.secret)
    except BadPasswordError:
        return []


def _check_staged(
    staging: Path, key: bytes, header: archive.BackupHeader
) -> tuple[int, tuple[int, str], dict[str, Any]]:
    try:
        archive.check_image(staging / DB_FILE, key)
        store = StationStore(staging / DB_FILE, key)
    except StoreError as exc:
        raise ServiceError("backup_bad", why=str(exc)) from None
    try:
        with store.reader() as conn:
            count, broken = audit.verify(conn)
            head = audit.AuditChain(conn).head()
            c = cursor_of(conn)
            roles = {a.name: (None if a.removed_at else a.role) for a in stations.list_accounts(conn)}
            view: dict[str, Any] = {
                "cases": restore_queries.case_numbers(c),
                "changes": restore_queries.change_ids(c),
                "counters": repo.counters(c),
                "role": lambda name: roles.get(name) if name != RECOVERY_ACTOR else AccountRole.ADMIN,
            }
    finally:
        store.close()
    if broken is not None:
        raise ServiceError("backup_audit", seq=broken.seq)
    if head != (header.audit_seq, header.audit_hash):
        raise ServiceError("backup_bad", why="audit chain head differs from the header")
    return count, head, view


def _plan(header: archive.BackupHeader, live: _Live | None, backup: dict[str, Any]) -> RestorePlan:
    plan = RestorePlan(header.station_code, header.created_at, live is not None)
    if live is None:
        return plan
    plan.dropped_cases = sorted(live.cases - backup["cases"])
    plan.dropped_changes = len(live.waiting - backup["changes"])
    plan.numbers_kept = sorted(
        (series, year, backup["counters"].get((series, year), 0), last)
        for (series, year), last in live.counters.items()
        if last > backup["counters"].get((series, year), 0)
    )
    return plan


def _adopt_live(staging: Path, backup_key: bytes, live: _Live, data_dir: Path) -> bytes:
    """A fresh data key for the restored database, wrapped to today's slots (today's users and
    passwords, today's recovery key; nobody removed since the backup)."""
    new_key = secrets.token_bytes(32)
    try:
        rekey_file(staging / DB_FILE, backup_key, new_key)
    except (StoreError, WrongKeyError) as exc:
        raise ServiceError("backup_bad", why=str(exc)) from None
    (staging / SLOTS_FILE).unlink()
    shutil.copy2(data_dir / SLOTS_FILE, staging / SLOTS_FILE)
    slots = KeySlotFile.load(staging)
    slots.begin_rotation(None, new_key, live.key)
    slots.finish_rotation(new_key)
    return new_key


def _finish(
    staging: Path, key: bytes, live: _Live | None, actor: str, name: str, entries: int, plan: RestorePlan
) -> None:
    store = StationStore(staging / DB_FILE, key)
    try:
        with store.unit_of_work() as uow:
            c = uow.cursor
            if live is not None:
                restore_queries.replace_accounts(c, live.accounts)
                repo.raise_numbers(c, live.counters)
                for k, v in live.carried.items():
                    st.put(c, k, v)
            if st.get(c, st.CREDENTIAL):
                # Declared at the next sync: the server witnessed at most this head of the backup's
                # chain, which goes on from there (an empty chain if the backup was never witnessed).
                st.put_point(c, st.RESTORE_DECLARED, st.get_point(c, st.WITNESSED) or (0, audit.GENESIS))
                st.put(c, st.AUDIT_REFUSED, None)
                st.put(c, st.SENT_HEADS, None)  # heads of the chain left behind prove nothing now
            detail = (
                f"from={name} entries={entries} dropped_cases={len(plan.dropped_cases)} "
                f"dropped_changes={plan.dropped_changes} over_station={int(live is not None)}"
            )
            uow.audit.record(actor, "restore", name, detail=detail)
            uow.commit()
    finally:
        store.close()
