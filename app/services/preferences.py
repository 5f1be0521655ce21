"""Preferences that must be known before logon (the interface language), kept outside the store.

Nothing here is sensitive: ``preferences.json`` in the user's config folder holds only choices
such as the language.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

LANGUAGES = ("zh_CN", "en")


def _path() -> Path:
    from platformdirs import user_config_dir

    base = os.environ.get("XUNREN_CONFIG_DIR") or user_config_dir("xunren", "xunren")
    return Path(base) / "preferences.json"


def load_language() -> str:
    try:
        value = json.loads(_path().read_text("utf-8")).get("language", "zh_CN")
    except (OSError, ValueError, AttributeError):
        return "zh_CN"
    return value if value in LANGUAGES else "zh_CN"


def save_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    from app.storage.atomic import write_json_atomic

    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    current: dict[str, object] = {}
    with contextlib.suppress(OSError, ValueError):
        current = json.loads(path.read_text("utf-8"))
    current["language"] = lang
    write_json_atomic(path, current)
