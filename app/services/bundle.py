"""The USB path for stations without a network: ``sync export`` / ``sync import``.

Both run on the store's owning thread (one unit of work each) and are audited (``sync.export``,
``sync.import``) without any key or credential in the detail.
"""

from __future__ import annotations

from pathlib import Path

from app.services.enrolment import SyncError, bundle_refused
from app.services.paths import check_output
from app.services.session import Session
from app.storage.atomic import write_atomic
from app.sync import bundle
from app.sync.sealed import BundleRefused


def export_bundle(session: Session, path: Path) -> int:
    """Write every waiting change to *path*, encrypted for the server and signed by the station.
    Nothing is marked: the changes stay waiting until an answer (or a network sync) confirms them."""
    from app.services.screening import held_version

    check_output(session.data_dir, path)
    since = held_version(session)
    with session.store.unit_of_work() as uow:
        try:
            data, count = bundle.export_outbox(uow.cursor, session.station.code, since)
        except BundleRefused as exc:
            raise bundle_refused(exc) from None
        uow.audit.record(session.user, "sync.export", path.name, detail=f"changes={count}")
        uow.commit()  # keeps the bundle keys made on first use
    write_atomic(path, data)
    return count


def import_bundle(session: Session, path: Path) -> bundle.Applied:
    """Apply the server's answer from *path*; a tampered or foreign bundle is refused whole."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SyncError("bundle_bad", detail=exc.strerror or str(exc)) from None
    with session.store.unit_of_work() as uow:
        try:
            applied = bundle.apply_answer(uow.cursor, session.station.code, data)
        except BundleRefused as exc:
            uow.audit.record(session.user, "sync.import", path.name, "refused", detail=str(exc)[:200])
            uow.commit()
            raise bundle_refused(exc) from None
        uow.audit.record(session.user, "sync.import", path.name,
                         detail=f"acknowledged={applied.acknowledged} refused={applied.refused} pulled={applied.pulled}")  # fmt: skip
        uow.commit()
    from app.services.child_alerts import import_alerts  # issue 14: alerts the answer carried

    import_alerts(session)
    if applied.screening is not None:  # issue 15: verified like a pulled one, before anything
        from app.services.screening import apply_answer
        from app.sync.protocol import ProtocolError
        from app.sync.protocol.screening import ScreeningAnswer

        try:
            answer = ScreeningAnswer.read(applied.screening)
        except ProtocolError:
            from app.services.screening import refused

            raise refused("damaged") from None
        apply_answer(session, answer)
    from app.services.referrals import import_referrals  # issue 14: referrals the answer carried

    import_referrals(session)
    from app.services.transfers import audit_transfers  # issue 14: transfers the answer carried

    audit_transfers(session)
    return applied
