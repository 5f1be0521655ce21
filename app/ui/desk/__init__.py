"""The supervisor's desk: the review queue, the overdue cases, the dashboard (issue 16)."""
