"""Every problem of a case file at once, by the core's own rules, and where each one belongs.

:func:`app.core.validation.parse_case` stops at the first problem. To mark every field that is
wrong while the officer types, :func:`all_problems` runs it again and again, each time setting
aside the value it just complained about, so the rules live in one place (the core). Pure Python.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from app.core.model import EVENT_KEY
from app.core.problems import MESSAGES, InvalidInput, Problem
from app.core.validation import parse_case

MAX_ROUNDS = 60
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_EVENT_KEYS = set(EVENT_KEY.values())


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a problem is shown: ``scope`` is "case", "reporter" or "persons[i]"; ``key`` the field."""

    scope: str
    key: str


def _tokens(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _TOKEN.findall(path)]


def anchor(path: str) -> Anchor:
    """``persons[0].household_address.code`` → ``Anchor("persons[0]", "household_address")``."""
    tokens = _tokens(path)
    if not tokens:
        return Anchor("case", "")
    head = tokens[0]
    if head == "persons" and len(tokens) >= 3 and isinstance(tokens[1], int):
        return Anchor(f"persons[{tokens[1]}]", str(tokens[2]))
    if head == "reporter" and len(tokens) >= 2:
        return Anchor("reporter", str(tokens[1]))
    if head in _EVENT_KEYS:
        sub = str(tokens[1]) if len(tokens) > 1 else "at"
        return Anchor("case", "event.at" if sub == "at" else "event.place")
    return Anchor("case", str(head))


def body(problem: Problem, lang: str) -> str:
    """The reason in words, without the field path (it is shown beside the field)."""
    zh, en = MESSAGES.get(problem.code, (problem.code, problem.code))
    template = en if lang.startswith("en") else zh
    try:
        text = template.format(**problem.params) if problem.params else template
    except (KeyError, IndexError):
        text = template
    # The core words an English reason to follow a field name ("is required"); alone it starts a sentence.
    return text[:1].upper() + text[1:] if lang.startswith("en") else text


def _set_aside(raw: dict[str, Any], path: str, now_text: str) -> bool:
    """Remove (or, for a required time, replace) the value at *path*; False if not possible."""
    tokens = _tokens(path)
    if not tokens:
        return False
    parent: Any = raw
    for token in tokens[:-1]:
        try:
            parent = parent[token]
        except (KeyError, IndexError, TypeError):
            return False
    last = tokens[-1]
    try:
        current = parent[last]
    except (KeyError, IndexError, TypeError):
        current = None
    if last in ("at", "reported_at") and isinstance(parent, dict):
        # A required time cannot be removed: put a plausible one in its place (an event "at"
        # the report time, the report "now") so the rest of the form is still checked.
        report = raw.get("reported_at")
        fallback = report if last == "at" and isinstance(report, str) and report != now_text else now_text
        if current == fallback:
            return False
        parent[last] = fallback
        return True
    if last == "exploitation" and isinstance(parent, dict):
        if current == ["other"]:
            return False
        parent[last] = ["other"]  # required for trafficking: stand in a valid one, check the rest
        return True
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        del parent[last]
        return True
    return False


def all_problems(raw: dict[str, Any], *, now: dt.datetime | None = None) -> list[Problem]:
    """Every problem the core finds in *raw*, one per field, in the order of the form."""
    work = copy.deepcopy(raw)
    moment = now or dt.datetime.now(dt.UTC)
    now_text = (moment - dt.timedelta(minutes=1)).astimezone().replace(microsecond=0).isoformat()
    found: list[Problem] = []
    seen: set[str] = set()
    for _ in range(MAX_ROUNDS):
        try:
            parse_case(work, now=moment)
        except InvalidInput as exc:
            problem = exc.problems[0]
        else:
            break
        if problem.field not in seen:
            seen.add(problem.field)
            found.append(problem)
        if not _set_aside(work, problem.field, now_text):
            break
    return found
