"""`xunren`: without arguments the desktop app, with arguments the command line.

Kept tiny so that start-up imports only what the chosen path needs.
"""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from app.cli import main as cli_main

        return cli_main()
    from app.ui.application import run

    return run()


if __name__ == "__main__":
    sys.exit(main())
