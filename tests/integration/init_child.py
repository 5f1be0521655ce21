"""Child process for the init kill test: `init` that SIGKILLs itself right after the step
named on the command line (the product's crash hook, passed in)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path


def main() -> int:
    from app.services.session import init_station
    from app.storage.kdf import use_test_cost
    from tests.conftest import PASSWORD, STATION_CODE, STATION_NAME

    data_dir, step = Path(sys.argv[1]), sys.argv[2]
    use_test_cost()

    def crash(at: str) -> None:
        if at == step:
            os.kill(os.getpid(), signal.SIGKILL)

    init_station(data_dir, STATION_CODE, STATION_NAME, "admin", PASSWORD, crash=crash)
    return 3  # never reached: the step was not one of init's


if __name__ == "__main__":
    sys.exit(main())
