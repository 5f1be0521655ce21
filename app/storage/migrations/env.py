"""Alembic environment: always runs on a connection handed over by app.storage.migrate.

The station database is encrypted, so Alembic never opens it by URL: the caller opens it with
the data key and passes the connection in ``config.attributes["connection"]``.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
