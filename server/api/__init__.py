"""HTTP API of the national server (FastAPI)."""
