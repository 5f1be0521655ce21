"""`xunren` without arguments: the desktop application's entry point."""

from __future__ import annotations

import time


def run() -> int:
    """Create the application, show the first window, run the event loop; returns the exit code."""
    started = time.perf_counter()
    from app import bootstrap

    app = bootstrap.create_application()
    shell = bootstrap.Shell(app, bootstrap.data_dir(), bootstrap.interface_language())
    shell.start()
    bootstrap.bench_exit(app, started)
    try:
        return app.exec()
    finally:
        shell.shutdown()
