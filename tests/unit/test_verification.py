"""The receipt's verification code: readable alphabet, enough entropy, forgiving input, stable hash."""

from __future__ import annotations

import math

import pytest

from app.core import verification as v


def test_codes_have_at_least_64_random_bits_and_no_confusable_characters() -> None:
    assert v.LENGTH * math.log2(len(v.ALPHABET)) >= 64
    assert not set("01OILUV") & set(v.ALPHABET)
    codes = {v.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == v.LENGTH and set(c) <= set(v.ALPHABET) for c in codes)
    # every symbol is used: the draw is not biased towards part of the alphabet
    assert set("".join(codes)) == set(v.ALPHABET)


def test_grouping_and_normalising_what_a_family_types() -> None:
    code = v.new_code()
    printed = v.group(code)
    assert printed.count("-") == 3 and all(len(g) == 4 for g in printed.split("-"))
    assert v.normalize(printed.lower().replace("-", " ")) == code
    with pytest.raises(ValueError):
        v.normalize("O0O0-1111")


def test_hash_is_what_leaves_the_station() -> None:
    code = v.new_code()
    h = v.code_hash(code)
    assert len(h) == 64 and code not in h
    assert v.code_hash(v.group(code).lower()) == h
    assert v.code_hash(v.new_code()) != h
