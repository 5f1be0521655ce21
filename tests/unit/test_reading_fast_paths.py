"""The field readers' fast paths (issue 14: the server reads every pushed case with the station's
rules) answer exactly what the full checks answer: the same value for a good one, the same field
and problem for a bad one. A value of a ``str`` subclass never takes a fast path (they test for
``str`` itself), so reading it is the full path's answer to compare with."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.core.field_checks import MAX_NAME, FieldChecker
from app.core.lifecycle import CaseStatus
from app.core.model import Role
from app.core.problems import InvalidInput
from app.sync.protocol import ProtocolError
from app.sync.protocol.reading import Reader


class Spelled(str):
    """The same text, read by the full path only."""


TEXTS = ["", " ", "李小明", "a\tb", "a\nb", "a\rb", "a\x00b", "a\x01b", "a\x1fb", "a\x7fb", "a\x80b", "𠮷·明",
         "x" * MAX_NAME, "x" * (MAX_NAME + 1), "y" * 200, "y" * 201, "z" * 10_000, "z" * 10_001]  # fmt: skip
OTHERS: list[Any] = [None, 7, 1.5, True, ["x"], {"a": 1}]


def _answer(read: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return ("value", read(*args, **kwargs))
    except InvalidInput as bad:
        return ("invalid", [(p.field, p.code, p.params) for p in bad.problems])
    except ProtocolError as bad:
        return ("refused", bad.reason, bad.detail)


def _checker() -> FieldChecker:
    return FieldChecker(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("required", [False, True])
def test_a_text_reads_as_the_full_check_reads_it(text: str, required: bool) -> None:
    c = _checker()
    for limit in (50, 200, 10_000):
        fast = _answer(c.text, text, "persons[0].marks", limit=limit, required=required)
        assert fast == _answer(c.text, Spelled(text), "persons[0].marks", limit=limit, required=required)
    fast = _answer(c.name, text, "persons[0].name", required=required)
    assert fast == _answer(c.name, Spelled(text), "persons[0].name", required=required)


@pytest.mark.parametrize("other", OTHERS)
def test_a_value_that_is_no_text_is_refused_as_before(other: Any) -> None:
    c = _checker()
    assert _answer(c.text, other, "x.marks")[0] == ("value" if other is None else "invalid")
    assert _answer(c.name, other, "x.name", required=True)[0] == "invalid"


@pytest.mark.parametrize("text", TEXTS)
def test_a_list_of_names_reads_as_name_by_name(text: str) -> None:
    c = _checker()
    for names in ([text], ["明明", text], [text, "明明", text], []):
        fast = _answer(c.names, names, "persons[0].nicknames")
        full = _answer(c.names, [Spelled(n) for n in names], "persons[0].nicknames")
        assert fast == full
        if fast[0] == "invalid":  # the first bad name is the one named
            assert fast[1][0][0].startswith("persons[0].nicknames[")
    assert _answer(c.names, ["明明", 7], "n")[1] == [("n[1]", "wrong_type", {"expected": "string"})]


@pytest.mark.parametrize(
    "value", ["missing", "found", "victim", "MISSING", " missing", "reporter", "nobody", ""]
)
def test_a_coded_value_reads_as_the_enum_reads_it(value: str) -> None:
    c = _checker()
    allowed = [r.value for r in Role]
    fast = _answer(c.enum, value, "persons[0].role", Role, allowed)
    assert fast == _answer(c.enum, Spelled(value), "persons[0].role", Role, allowed)
    if fast[0] == "value":
        assert fast[1] is Role(value)


@pytest.mark.parametrize("value", [*TEXTS, *OTHERS, "open", "closed", "OPEN", "voided"])
def test_a_record_field_reads_as_the_full_reading_reads_it(value: Any) -> None:
    spelled = Spelled(value) if isinstance(value, str) else value
    for key in ("officer", "status"):
        fast, full = Reader({key: value}, "case"), Reader({key: spelled}, "case")
        assert _answer(fast.text, key) == _answer(full.text, key)
        assert _answer(fast.text, key, default="") == _answer(full.text, key, default="")
        assert _answer(fast.enum, key, CaseStatus) == _answer(full.enum, key, CaseStatus)
    read = _answer(Reader({"status": value}, "case").enum, "status", CaseStatus)
    if read[0] == "value":
        assert read[1] is CaseStatus(value)
