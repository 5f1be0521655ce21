"""Xunren station client. Importing this package loads nothing heavy (the server imports app.core)."""

__version__ = "0.1.0"
