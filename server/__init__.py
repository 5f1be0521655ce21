"""Xunren central server."""
