"""GB 11643 resident ID numbers: the check digit, and what the number says about its holder."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import idnumber
from app.core.model import Sex


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        ("370783198506121029", dt.date(1985, 6, 12), Sex.FEMALE),
        ("370783198303051016", dt.date(1983, 3, 5), Sex.MALE),
        ("522624199507182025", dt.date(1995, 7, 18), Sex.FEMALE),
        ("11010519491231002X", dt.date(1949, 12, 31), Sex.FEMALE),  # the standard's own example
    ],
)
def test_valid_numbers_give_birth_date_sex_and_region(number: str, born: dt.date, sex: Sex) -> None:
    facts = idnumber.parse(number)
    assert facts.birth_date == born
    assert facts.sex is sex
    assert facts.region_code == number[:6]


def test_lower_case_x_is_accepted_and_normalised() -> None:
    assert idnumber.normalize("11010519491231002x") == "11010519491231002X"
    assert idnumber.is_valid("11010519491231002x")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("370783198506121028", "id_check_digit"),
        ("37078319850612102", "id_length"),
        ("3707831985061210290", "id_length"),
        ("37078319850612102A", "id_length"),
        ("990783198506121029", "id_region"),
        ("370783198513121029", "id_birth_date"),
    ],
)
def test_invalid_numbers_name_the_problem(number: str, code: str) -> None:
    if code in ("id_region", "id_birth_date"):
        number = number[:17] + idnumber.check_digit(number[:17])
    with pytest.raises(idnumber.IdNumberError) as err:
        idnumber.parse(number)
    assert err.value.code == code


def test_birth_date_in_the_future_is_refused() -> None:
    first17 = "37078320991231101"
    with pytest.raises(idnumber.IdNumberError) as err:
        idnumber.parse(first17 + idnumber.check_digit(first17), today=dt.date(2026, 11, 29))
    assert err.value.code == "id_birth_date"


def test_mask_hides_the_birth_date() -> None:
    assert idnumber.mask("370783198506121029") == "370783********1029"
