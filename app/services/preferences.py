"""Preferences known before logon (language, inactivity lock), kept outside the store.

Nothing here is sensitive: ``preferences.json`` in the user's config folder holds only choices.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

LANGUAGES = ("zh_CN", "en")
DEFAULT_LOCK_MINUTES = 15
MAX_LOCK_MINUTES = 30  # SPEC: the screen locks after inactivity, never more than 30 minutes


def _path() -> Path:
    from platformdirs import user_config_dir

    base = os.environ.get("XUNREN_CONFIG_DIR") or user_config_dir("xunren", "xunren")
    return Path(base) / "preferences.json"


def _load() -> dict[str, Any]:
    try:
        value = json.loads(_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _save(key: str, value: object) -> None:
    from app.storage.atomic import write_json_atomic

    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    current = _load()
    current[key] = value
    write_json_atomic(path, current)


def load_language() -> str:
    value = _load().get("language", "zh_CN")
    return value if value in LANGUAGES else "zh_CN"


def save_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _save("language", lang)


def load_lock_minutes() -> int:
    """Minutes of inactivity before the screen locks: 15 by default, 1–30."""
    value = _load().get("lock_minutes", DEFAULT_LOCK_MINUTES)
    with contextlib.suppress(TypeError, ValueError):
        return max(1, min(MAX_LOCK_MINUTES, int(value)))
    return DEFAULT_LOCK_MINUTES


def save_lock_minutes(minutes: int) -> None:
    _save("lock_minutes", max(1, min(MAX_LOCK_MINUTES, int(minutes))))


def load_last_user() -> str:
    """The logon name last used at this desk (the logon window offers it; never a password)."""
    value = _load().get("last_user", "")
    return value if isinstance(value, str) else ""


def save_last_user(user: str) -> None:
    _save("last_user", user)
