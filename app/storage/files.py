"""The names of a station's files in its data folder (importing this loads nothing else)."""

DB_FILE = "station.db"
SLOTS_FILE = "keyslots.json"
LOGON_STATE_FILE = "logon_state.json"
LOGON_LOCK_FILE = ".logon.lock"  # held across one password attempt (see logon_guard)
STATION_FILES = (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", SLOTS_FILE, LOGON_STATE_FILE)
# Present while `init` makes a station: what sits beside it is unfinished (see services.paths).
INIT_MARKER = ".init-unfinished"
