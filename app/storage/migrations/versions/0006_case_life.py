"""The life of a case after intake (issue 13): review items, the comment thread, revisions,
closure, officers' names and badge numbers, role-aware search keys.

- ``review_items``: what waits for a supervisor (a registration, a resubmission, a void or a
  closure request) and how it was decided; the existing pending registrations, returned ones and
  void requests become items, so the queue reads one table.
- ``case_thread``: the conversation on a case (returned with a comment, corrected and resubmitted,
  closure asked for, reopened…), kept for ever and shown in `case show` and the app.
- ``case_revisions``: every edit, with who, when, why and which fields changed.
- ``cases``: the closure (outcome, reason, when, approved by).
- ``accounts``: the officer's full name and badge number, printed on forms.
- ``search_keys``: rebuilt from the documents, so a key says whose it is (the case's subject,
  the reporter, another person) and the duplicate check has its keys.

Revision ID: 0006_case_life
Revises: 0004
"""

from alembic import op

revision = "0006_case_life"
down_revision = "0004"
branch_labels = None
depends_on = None

STATEMENTS = [
    "ALTER TABLE cases ADD COLUMN closure_outcome TEXT",
    "ALTER TABLE cases ADD COLUMN closure_reason TEXT",
    "ALTER TABLE cases ADD COLUMN closed_at TEXT",
    "ALTER TABLE cases ADD COLUMN closed_by TEXT",
    "ALTER TABLE accounts ADD COLUMN full_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE accounts ADD COLUMN badge TEXT NOT NULL DEFAULT ''",
    """
CREATE TABLE review_items (
    id INTEGER NOT NULL,
    case_no TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT DEFAULT 'waiting' NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    note TEXT DEFAULT '' NOT NULL,
    outcome TEXT,
    decided_by TEXT,
    decided_at TEXT,
    comment TEXT,
    PRIMARY KEY (id)
)
    """,
    "CREATE INDEX ix_review_state ON review_items (state, id)",
    "CREATE INDEX ix_review_case ON review_items (case_no, id)",
    """
CREATE TABLE case_thread (
    id INTEGER NOT NULL,
    case_no TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    text TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id)
)
    """,
    "CREATE INDEX ix_thread_case ON case_thread (case_no, id)",
    """
CREATE TABLE case_revisions (
    id INTEGER NOT NULL,
    case_no TEXT NOT NULL,
    revision INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (id)
)
    """,
    "CREATE INDEX ix_revisions_case ON case_revisions (case_no, id)",
    # What waits today becomes an item: pending registrations, returned ones (decided, with the
    # comment), void requests.
    """
INSERT INTO review_items (case_no, kind, state, requested_by, requested_at, note, decided_at, comment)
SELECT case_no, 'registration', CASE review WHEN 'returned' THEN 'returned' ELSE 'waiting' END,
       officer, created_at, '', CASE review WHEN 'returned' THEN updated_at END,
       CASE review WHEN 'returned' THEN review_comment END
FROM cases WHERE review IN ('pending', 'returned') ORDER BY id
    """,
    """
INSERT INTO review_items (case_no, kind, state, requested_by, requested_at, note)
SELECT case_no, 'void', 'waiting', coalesce(void_requested_by, officer), updated_at, coalesce(void_reason, '')
FROM cases WHERE status = 'void_pending' ORDER BY id
    """,
    """
INSERT INTO case_thread (case_no, at, actor, event, text)
SELECT case_no, updated_at, '', 'returned', review_comment FROM cases
WHERE review = 'returned' AND review_comment IS NOT NULL ORDER BY id
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)
    from app.storage.search_index import rebuild_all_keys

    rebuild_all_keys(op.get_bind())


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
