"""Progress of long work on a terminal: one line on standard error, rewritten in place.

Shown only when standard error is a terminal and the command was not asked for --json: a script
or a pipe gets the result alone. The words are in the session's language.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """``step(done, total)`` redraws "生成演示案件：1,200 / 5,000（24%）"; ``say(text)`` shows a
    stage; ``end()`` clears the line. Redraws at most ten times a second."""

    def __init__(self, zh: str, en: str, lang: str, *, quiet: bool = False) -> None:
        self.label = en if lang == "en" else zh
        self.lang = lang
        stream = sys.stderr
        self.enabled = not quiet and bool(stream) and stream.isatty()
        self._last = 0.0
        self._width = 0

    def _draw(self, text: str) -> None:
        if not self.enabled:
            return
        pad = max(0, self._width - len(text))
        sys.stderr.write("\r" + text + " " * pad)
        sys.stderr.flush()
        self._width = len(text)

    def step(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        share = f"{100 * done // total}%" if total else ""
        sep = ": " if self.lang == "en" else "："
        wrap = f" ({share})" if self.lang == "en" else f"（{share}）"
        self._draw(f"{self.label}{sep}{done:,} / {total:,}{wrap}")

    def say(self, text: str) -> None:
        sep = ": " if self.lang == "en" else "："
        self._draw(f"{self.label}{sep}{text}")

    def end(self) -> None:
        if self.enabled and self._width:
            sys.stderr.write("\r" + " " * self._width + "\r")
            sys.stderr.flush()
            self._width = 0
