"""Xunren station client. Importing this package loads nothing heavy (the server imports app.core)."""
