"""Migration 0017_gallery_persons upgrades a gallery that held one child per case: the existing
entries keep their reference and become their case's first found person, and a sibling of the
same case can then be added (SQLite rebuilds the table; PostgreSQL drops the constraint)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from conftest import migration_config
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import IntegrityError

from app.core.gallery import reference_of
from app.sync import gallery_records

NUMBER = "450305001-2026-000001"


def _upgrade(conn: Connection, to: str) -> None:
    command.upgrade(migration_config(conn), to)


def _entry(conn: Connection, **extra: object) -> None:
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    row = {"reference": reference_of(NUMBER), "case_no": NUMBER, "station_id": 1, "state": "published",
           "sex": "M", "age_min": 3, "age_max": 5, "found_on": dt.date(2026, 11, 26), "county_code": "450305",
           "province_code": "450000", "station_phone": "0773-2825110", "photo_sha256": "a" * 64,
           "legal_basis": "依法", "requested_by": "zhang", "requested_at": now, "published_at": now,
           "updated_at": now, **extra}  # fmt: skip
    names = ", ".join(row)
    conn.execute(
        text(f"INSERT INTO gallery_entries ({names}) VALUES ({', '.join(':' + k for k in row)})"), row
    )


def test_an_old_gallery_is_upgraded_and_takes_siblings(empty_db: str) -> None:
    engine = create_engine(empty_db)
    try:
        with engine.connect() as conn:
            _upgrade(conn, "0014_alerts")
            conn.execute(
                text(
                    "INSERT INTO stations (id, code, name, created_at) VALUES (1, '450305001', '七星', :at)"
                ),
                {"at": dt.datetime(2026, 11, 1, tzinfo=dt.UTC)},
            )
            _entry(conn)
            conn.commit()
            _upgrade(conn, "head")
            conn.commit()
            row = conn.execute(text("SELECT reference, record_id, person FROM gallery_entries")).one()
            assert tuple(row) == (reference_of(NUMBER), gallery_records.record_id(NUMBER), None)
            sibling = gallery_records.record_id(NUMBER, 2)
            _entry(conn, reference=reference_of(NUMBER, 2), record_id=sibling, person=2)
            conn.commit()
            count = conn.execute(
                text("SELECT count(*) FROM gallery_entries WHERE case_no = :n"), {"n": NUMBER}
            )
            assert count.scalar() == 2
            with pytest.raises(IntegrityError):  # one entry per publication record
                _entry(conn, reference=reference_of(NUMBER, 3), record_id=sibling, person=3)
            conn.rollback()
            # Back to one child per case: refused while a further child is in the gallery.
            with pytest.raises(RuntimeError, match="further children"):
                command.downgrade(migration_config(conn), "0014_alerts")
            conn.rollback()
            conn.execute(text("DELETE FROM gallery_entries WHERE person IS NOT NULL"))
            conn.commit()
            command.downgrade(migration_config(conn), "0014_alerts")
            conn.commit()
            assert conn.execute(text("SELECT reference, case_no FROM gallery_entries")).one() == (
                reference_of(NUMBER),
                NUMBER,
            )
            with pytest.raises(IntegrityError):  # the case number is unique again
                _entry(conn, reference=reference_of(NUMBER, 2))
            conn.rollback()
    finally:
        engine.dispose()
