"""Server storage: SQLAlchemy tables, engine, Alembic migrations."""
