"""The sending station's word of a completed transfer carries the case as handed over (issue 14).

Since this version the server tells both stations of a completed transfer with one item holding
the records that changed hands, as they were handed over: a sending station that lost its disk
and is rebuilt from the server keeps its read-only copy from it, and may fetch the pictures it
handed over (``attachments.handed_over``, which finds a transfer's items by the new partial index
``ix_journal_transfers``: only transfer items are indexed, a station's push pays nothing for it).

A server of the previous version told the sending station without the records. This gives each
such item the records of the receiving station's item, less what was the receiving station's
own (its acceptance of this transfer, its decline of an earlier one, its acknowledgements and
referral answers: they never changed hands), so a station rebuilt after the upgrade gets back the
copies of cases it handed over before it. Transfer by transfer, each item read by the new index
and one payload in memory at a time.

Revision ID: 0031_transfer_copies
Revises: 0030_console_indexes
"""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0031_transfer_copies"
down_revision = "0030_console_indexes"
branch_labels = None
depends_on = None

# Frozen copies of what this version's code knows (a migration never imports code that changes):
# the record types a station keeps as its own whatever case they name, and the acceptance's id.
_OWN_TYPES = frozenset({"transfer_end", "alert_ack", "referral_answer"})
_ACCEPT_NS = uuid.UUID("8d1e6c0a-2f7b-4f63-9b51-4a0c7e3d9f12")  # transfer_records._NS


def upgrade() -> None:
    op.create_index(
        "ix_journal_transfers",
        "journal",
        ["record_id"],
        postgresql_where=sa.text("kind = 'transfer'"),
        sqlite_where=sa.text("kind = 'transfer'"),
    )
    bind = op.get_bind()
    item = sa.text(
        "SELECT seq, payload FROM journal WHERE kind = 'transfer' AND record_id = :tid"
        " AND audience_station_id = :sid AND revision = 2"
    )
    completed = bind.execute(
        sa.text(
            "SELECT transfer_id, from_station_id, to_station_id FROM case_transfers"
            " WHERE state = 'completed' AND from_station_id <> to_station_id ORDER BY transfer_id"
        )
    ).all()
    for tid, sender, receiver in completed:
        told = bind.execute(item, {"tid": tid, "sid": sender}).first()
        given = bind.execute(item, {"tid": tid, "sid": receiver}).first()
        if told is None or given is None or given[1] is None:
            continue
        payload = json.loads(given[1])
        accepted = _accept_id(str(tid))
        payload["records"] = [
            r
            for r in payload.get("records") or []
            if r.get("record_type") not in _OWN_TYPES and r.get("record_id") != accepted
        ]
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        bind.execute(
            sa.text("UPDATE journal SET payload = :payload WHERE seq = :seq"),
            {"payload": text, "seq": told[0]},
        )


def _accept_id(transfer_id: str) -> str:
    case_no = transfer_id.split("/", 1)[0]
    return f"{case_no}/o/{uuid.uuid5(_ACCEPT_NS, transfer_id)}"


def downgrade() -> None:
    """The records stay (a server of the previous version reads the items as they are, and its
    stations skip the records a sending station is given); the index goes."""
    op.drop_index("ix_journal_transfers", table_name="journal")
