"""The supervisor's desk (issue 16): who answers for each case, and since when.

- ``case_assignments``: every assignment and reassignment of a case's responsible officer, with
  who made it, when and why; the register's first owner is the registering officer.
- ``ix_cases_desk``: status, type, assignee, registrar, registration and last change, so the dashboard and the
  overdue rules read an index instead of every case's document; ``ix_samples_profiled`` and
  ``ix_persons_subject`` (partial) answer the DNA rules' "profiled?" and "a child?" from indexes.
- ``ix_cases_owner``: the responsible officer (the assignee, else the registering officer) as the
  case list filters and sorts on it, so "my cases" and "by officer" are index ranges.

The overdue rules' thresholds live in ``settings`` (keys ``overdue.<rule>``, hours); no table.

Revision ID: 0017_supervisor
Revises: 0012_public
"""

from alembic import op

revision = "0017_supervisor"
down_revision = "0012_public"
branch_labels = None
depends_on = None

STATEMENTS = [
    """
CREATE TABLE case_assignments (
    id INTEGER NOT NULL,
    case_no TEXT NOT NULL,
    assigned_to TEXT NOT NULL,
    previous TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (id)
)
""",
    "CREATE INDEX ix_assignments_case ON case_assignments (case_no, id)",
    "CREATE INDEX ix_cases_owner ON cases (COALESCE(assigned_to, officer), created_at)",
    # The dashboard's and the overdue rules' reads, answered from the index alone: a case row
    # carries its whole document, so a scan of the table reads ten times the pages.
    "CREATE INDEX ix_cases_desk ON cases (status, type, assigned_to, officer, created_at, updated_at, case_no)",
    # The DNA rules' look-ups: a case's profiled samples, and whether its subject is a child.
    "CREATE INDEX ix_samples_profiled ON samples (case_id) WHERE profile IS NOT NULL",
    "CREATE INDEX ix_samples_status ON samples (status)",  # the DNA pipeline's counts
    "CREATE INDEX ix_persons_subject ON persons (case_id, birth_date, age_min) WHERE position = 0",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
