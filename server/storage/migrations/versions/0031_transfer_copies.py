"""The sending station's word of a completed transfer carries the case as handed over (issue 14).

Since this version the server tells both stations of a completed transfer with one item holding
the case's records as they were handed over: a sending station that lost its disk and is rebuilt
from the server keeps its read-only copy from it. A server of the previous version told the
sending station without the records; this gives each such item the receiving station's, so a
station rebuilt after the upgrade gets back the copies of cases it handed over before it.

One pass over the journal's transfer completions (read once, in ``seq`` order), then each item
changed by its key: the upgrade never walks the journal once per transfer.

Revision ID: 0031_transfer_copies
Revises: 0030_console_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031_transfer_copies"
down_revision = "0030_console_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    sides = {
        str(tid): (int(sender), int(receiver))
        for tid, sender, receiver in bind.execute(
            sa.text(
                "SELECT transfer_id, from_station_id, to_station_id FROM case_transfers"
                " WHERE state = 'completed' AND from_station_id <> to_station_id"
            )
        )
    }
    if not sides:
        return
    told: dict[tuple[str, int], tuple[int, str]] = {}  # (transfer, station) -> (seq, payload)
    for seq, record_id, audience, payload in bind.execute(
        sa.text(
            "SELECT seq, record_id, audience_station_id, payload FROM journal"
            " WHERE kind = 'transfer' AND revision = 2 AND audience_station_id IS NOT NULL ORDER BY seq"
        )
    ):
        if str(record_id) in sides and payload is not None:
            told[(str(record_id), int(audience))] = (int(seq), str(payload))
    changes = [
        {"seq": told[(tid, sender)][0], "payload": told[(tid, receiver)][1]}
        for tid, (sender, receiver) in sides.items()
        if (tid, sender) in told and (tid, receiver) in told
    ]
    if changes:
        bind.execute(sa.text("UPDATE journal SET payload = :payload WHERE seq = :seq"), changes)


def downgrade() -> None:
    """The records stay: a server of the previous version reads the items as they are, and its
    stations skip the records a sending station is given."""
