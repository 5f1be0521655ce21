"""``xunren sync`` for the SIGKILL schedules while the parser line is not registered yet: the
same handler (app.cli.commands_sync.sync) behind the same error handling as `xunren`."""

from __future__ import annotations

import argparse
import sys

from app.cli import commands_sync


def main() -> int:
    args = argparse.Namespace(json=False)
    try:
        return commands_sync.sync(args, "en")
    except Exception as exc:  # the CLI's one-line error
        print(f"xunren: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
