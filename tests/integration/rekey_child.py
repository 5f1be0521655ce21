"""Child process for tests/integration/test_rekey_crash.py: rotates the data key, and dies.

Usage: python rekey_child.py DATA_DIR USER PASSWORD MODE [ARG]

* ``step REMOVE_USER STEP``: one rotation removing REMOVE_USER, killed (SIGKILL) at STEP: a name
  from app.storage.rekey.STEPS, ``during_rekey`` (a watcher thread kills the process while the
  rekey transaction is being written to the WAL) or ``none``.
* ``loop``: add a throw-away user, rotate the key removing it, forever; the parent kills it from
  outside at a random moment. Prints ``ready`` once, then ``round N`` after each rotation.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.storage.kdf import use_test_cost
from app.storage.keyslots import KeySlotFile
from app.storage.rekey import open_with_candidates, rotate_data_key

use_test_cost()  # the test passes the cheap cost in (the product never reads it from the environment)


def _kill_when_wal_grows(db: Path, threshold: int) -> None:
    wal = Path(str(db) + "-wal")
    while True:
        try:
            if wal.stat().st_size >= threshold:
                os.kill(os.getpid(), signal.SIGKILL)
        except FileNotFoundError:
            pass
        time.sleep(0.0001)


def main() -> None:
    data_dir, user, password, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    db = data_dir / "station.db"
    slots = KeySlotFile.load(data_dir)
    conn, key = open_with_candidates(db, slots.unlock(user, password), slots)
    conn.close()
    if mode == "step":
        remove_user, step = sys.argv[5], sys.argv[6]
        if step == "during_rekey":
            # The rekey checkpoints the WAL to empty, then writes every page anew: kill half way.
            threshold = db.stat().st_size // 2
            threading.Thread(target=_kill_when_wal_grows, args=(db, threshold), daemon=True).start()
        rotate_data_key(
            db, slots, key, remove_user, crash_at=None if step in ("none", "during_rekey") else step
        )
        print("completed", flush=True)
        return
    print("ready", flush=True)
    for n in itertools.count():
        temp = f"t{os.getpid()}_{n}"  # unique: an earlier child may have died before removing its own
        slots.add_user(temp, "temporary password", key)
        key = rotate_data_key(db, slots, key, temp)
        print(f"round {n}", flush=True)


if __name__ == "__main__":
    main()
