"""Child process for the kill -9 test: registers cases one `case add` at a time, printing each
number as soon as the command returns it (only then has the family been given it)."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stdout


def main() -> int:
    from app.cli import main as cli

    files = sys.argv[1:]
    while True:
        for path in files:
            buf = io.StringIO()
            with redirect_stdout(buf):
                code = cli(
                    ["case", "add", "--file", path, "--allow-duplicate", "--reason", "the same file again"]
                )
            if code != 0:
                return code
            sys.stdout.write(buf.getvalue())
            sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
