"""How dates, ages, heights and lists are written on the forms.

Times are printed in China Standard Time (UTC+8), where every station is. A fixed offset is used
instead of ``zoneinfo``: China has had no daylight saving since 1991, and a Windows station may
lack the tz database, which would make printing fail for a reason the officer cannot fix.
"""

from __future__ import annotations

import datetime as dt

from app.core.model import Address, Person
from app.forms.labels import is_english, t

CST = dt.timezone(dt.timedelta(hours=8), "CST")


def local(at: dt.datetime) -> dt.datetime:
    """``at`` in China Standard Time (naive values are taken as already local)."""
    return at.astimezone(CST) if at.tzinfo else at


def when(at: dt.datetime | None, lang: str) -> str:
    """Date and minute: ``2026年11月20日 09:30`` or ``2026-11-20 09:30 (UTC+8)``."""
    if at is None:
        return ""
    a = local(at)
    if is_english(lang):
        return f"{a:%Y-%m-%d %H:%M} (UTC+8)"
    return f"{a.year}年{a.month}月{a.day}日 {a:%H:%M}"


def day(d: dt.date | dt.datetime | None, lang: str) -> str:
    """A date alone, in the language's usual form."""
    if d is None:
        return ""
    if isinstance(d, dt.datetime):
        d = local(d).date()
    return d.isoformat() if is_english(lang) else f"{d.year}年{d.month}月{d.day}日"


def years_between(born: dt.date, on: dt.date) -> int:
    """Completed years, as ages are counted on an ID card (not the traditional 虚岁)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_on(person: Person, on: dt.date, lang: str, *, since: dt.date | None = None) -> str:
    """Age on ``on``: exact from the birth date, else the estimate shifted by elapsed years.

    ``since`` is when the estimate was made (the report), so a poster printed a year later says
    the child is a year older.
    """
    unit = t("years", lang)
    sep = " " if is_english(lang) else ""
    if person.birth_date is not None:
        return f"{years_between(person.birth_date, on)}{sep}{unit}"
    if person.estimated_age is not None:
        lo, hi = person.estimated_age
        shift = years_between(since, on) if since is not None and on >= since else 0
        return f"{lo + shift}–{hi + shift}{sep}{unit}"
    return ""


def height(person: Person, lang: str) -> str:
    if person.height_cm is None:
        return ""
    lo, hi = person.height_cm
    unit = t("cm", lang)
    sep = " " if is_english(lang) else ""
    return f"{lo}{sep}{unit}" if lo == hi else f"{lo}–{hi}{sep}{unit}"


def address(a: Address | None) -> str:
    if a is None:
        return ""
    return f"{a.text}（{a.code}）" if a.code else a.text


def names(items: tuple[str, ...] | list[str], lang: str) -> str:
    return (", " if is_english(lang) else "、").join(i for i in items if i)


def yes_no(flag: bool, lang: str) -> str:
    return t("yes" if flag else "no", lang)
