"""National scale: what the console, the operator API and the USB answer show is read through an
index of what they show, never by walking a register of millions of rows.

- ``child_alerts``: the newest alerts (the console's page).
- ``matches``: the best pairs (``GET /national/matches``), and the pairs a decision left in
  conflict (the console), marked by the new ``conflict_at`` (when the stations' decisions last
  disagreed; NULL when they do not). Before it, the console read every pair whose revision
  passed its first, which the matcher's re-scoring does too. Filled here from the decisions held.
- ``referrals``: the one that moved last first, of every station, one state, one station (which
  replace the indexes by station and creation no read ordered by).
- ``jobs``: failed jobs counted and the last one done (the worker's lag), partial by state.
- ``journal`` and ``refusals``: a station's own results, for its USB answer. Partial on the
  journal: deliveries (no station) pay nothing for it.

Revision ID: 0030_console_indexes
Revises: 0029_journal_deliveries
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0030_console_indexes"
down_revision = "0029_journal_deliveries"
branch_labels = None
depends_on = None

_MOVED = [sa.column("updated_at").desc(), sa.column("referral_id")]


def upgrade() -> None:
    with op.batch_alter_table("matches") as batch:
        batch.add_column(sa.Column("conflict_at", sa.DateTime(timezone=True), nullable=True))
    _mark_conflicts()
    op.create_index(
        "ix_matches_conflicts",
        "matches",
        ["conflict_at", "id"],
        postgresql_where=sa.text("conflict_at IS NOT NULL"),
        sqlite_where=sa.text("conflict_at IS NOT NULL"),
    )
    op.create_index("ix_matches_score", "matches", [sa.column("score").desc(), sa.column("id")])
    op.create_index(
        "ix_child_alerts_created", "child_alerts", [sa.column("created_at").desc(), sa.column("case_no")]
    )
    op.drop_index("ix_referrals_to", table_name="referrals")
    op.drop_index("ix_referrals_from", table_name="referrals")
    op.create_index("ix_referrals_moved", "referrals", _MOVED)
    op.create_index("ix_referrals_state_moved", "referrals", [sa.column("state"), *_MOVED])
    op.create_index("ix_referrals_from_moved", "referrals", [sa.column("from_station_id"), *_MOVED])
    op.create_index("ix_referrals_to_moved", "referrals", [sa.column("to_station_id"), *_MOVED])
    for name, columns, state in (("ix_jobs_failed", ["id"], "failed"), ("ix_jobs_done", ["finished_at", "id"], "done")):
        op.create_index(
            name,
            "jobs",
            columns,
            postgresql_where=sa.text(f"state = '{state}'"),
            sqlite_where=sa.text(f"state = '{state}'"),
        )
    op.create_index(
        "ix_journal_station",
        "journal",
        ["station_id", "seq"],
        postgresql_where=sa.text("station_id IS NOT NULL"),
        sqlite_where=sa.text("station_id IS NOT NULL"),
    )
    op.create_index("ix_refusals_station", "refusals", ["station_id", "change_id"])


def _mark_conflicts() -> None:
    """Mark the pairs on which the stations' decisions disagree now (one confirms or reunites,
    another rejects: ``app.sync.protocol.matches.settle``), as of their last change. Each
    decision is a record of its own (type ``decision``) naming its pair; the server checked at
    push that its id is its pair's, so grouping them by the pair they name is what the server
    holds of each pair. A conflict leaves its pair ``potential`` past its first revision."""
    bind = op.get_bind()
    states: dict[tuple[str, str], set[str]] = {}
    for (payload,) in bind.execute(sa.text("SELECT payload FROM records WHERE record_type = 'decision'")):
        try:
            decision = json.loads(payload)
            pair, state = (str(decision["missing"]), str(decision["found"])), str(decision["state"])
        except (ValueError, KeyError, TypeError):
            continue  # not a decision the server would have taken: it decides nothing
        states.setdefault(pair, set()).add(state)
    disputed = [
        {"missing": m, "found": f}
        for (m, f), held in sorted(states.items())
        if "rejected" in held and held & {"confirmed", "reunited"}
    ]
    if disputed:
        bind.execute(
            sa.text(
                "UPDATE matches SET conflict_at = updated_at WHERE missing_case = :missing"
                " AND found_case = :found AND state = 'potential' AND revision > 1"
            ),
            disputed,
        )


def downgrade() -> None:
    op.drop_index("ix_refusals_station", table_name="refusals")
    op.drop_index("ix_journal_station", table_name="journal")
    op.drop_index("ix_jobs_done", table_name="jobs")
    op.drop_index("ix_jobs_failed", table_name="jobs")
    for name in ("ix_referrals_to_moved", "ix_referrals_from_moved", "ix_referrals_state_moved", "ix_referrals_moved"):
        op.drop_index(name, table_name="referrals")
    op.create_index("ix_referrals_from", "referrals", ["from_station_id", "created_at"])
    op.create_index("ix_referrals_to", "referrals", ["to_station_id", "created_at"])
    op.drop_index("ix_child_alerts_created", table_name="child_alerts")
    op.drop_index("ix_matches_score", table_name="matches")
    op.drop_index("ix_matches_conflicts", table_name="matches")
    with op.batch_alter_table("matches") as batch:
        batch.drop_column("conflict_at")
