"""18-digit resident ID numbers (GB 11643-1999): check digit, birth date, sex and region.

A number keeps the region code of the place where it was issued, and codes are retired when
divisions change, so the region is checked only down to a valid province; the county name is
shown when the current (or retired) table still knows the code.
"""

from __future__ import annotations

import datetime as dt

from app.core.model import IdNumberFacts, Sex

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Provincial-level prefixes of GB/T 2260 (incl. 71 Taiwan, 81 Hong Kong, 82 Macao, which issue
# mainland-style numbers to residents' permits, 83 for Taiwan residents' residence permits).
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)


class IdNumberError(ValueError):
    """``code`` is one of the problem codes in app.core.problems (id_length, id_check_digit…)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalize(text: str) -> str:
    """Upper-case X, spaces removed; the stored and indexed form."""
    return text.replace(" ", "").upper()


def parse(text: str, *, today: dt.date | None = None) -> IdNumberFacts:
    """Check an ID number and read out region, birth date and sex. Raises IdNumberError."""
    number = normalize(text)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("id_length")
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError("id_check_digit")
    if number[:2] not in PROVINCES or number[2:6] == "0000" and number[:2] not in ("71", "81", "82", "83"):
        raise IdNumberError("id_region")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("id_birth_date") from None
    if born.year < 1880 or born > (today or dt.date.today()):
        raise IdNumberError("id_birth_date")
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return IdNumberFacts(region_code=number[:6], birth_date=born, sex=sex)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except IdNumberError:
        return False
    return True


def mask(number: str) -> str:
    """The form shown where the whole number is not needed: ``370783********1029``."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)
