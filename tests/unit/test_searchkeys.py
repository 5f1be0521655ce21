"""Search keys: characters, full pinyin, initials, polyphonic surnames, and query classification."""

from __future__ import annotations

from app.core.searchkeys import KeyKind, classify, name_keys, person_keys


def test_zhang_wei_is_found_by_characters_pinyin_and_initials() -> None:
    keys = set(name_keys("张伟"))
    assert (KeyKind.NAME, "张伟") in keys
    assert (KeyKind.NAME, "伟") in keys
    assert (KeyKind.PINYIN, "zhangwei") in keys
    assert (KeyKind.INITIALS, "zw") in keys


def test_suffixes_find_the_given_name_alone() -> None:
    keys = set(name_keys("王小明"))
    assert {(KeyKind.PINYIN, "xiaoming"), (KeyKind.INITIALS, "xm"), (KeyKind.NAME, "小明")} <= keys


def test_polyphonic_surnames_keep_every_reading() -> None:
    keys = set(name_keys("曾小贤"))
    assert (KeyKind.PINYIN, "zengxiaoxian") in keys
    assert (KeyKind.PINYIN, "cengxiaoxian") in keys


def test_names_with_middle_dot_and_rare_characters() -> None:
    keys = set(name_keys("阿不都·热合曼"))
    assert (KeyKind.NAME, "阿不都热合曼") in keys
    assert (KeyKind.INITIALS, "abdrhm") in keys
    rare = set(name_keys("吉𠮷"))
    assert (KeyKind.NAME, "吉𠮷") in rare


def test_person_keys_carry_id_and_phone_digits() -> None:
    keys = person_keys(["李秀英"], "370783198506121029", "138-5361-2345")
    assert (KeyKind.ID_NUMBER, "370783198506121029") in keys
    assert (KeyKind.PHONE, "13853612345") in keys


def test_query_classification() -> None:
    assert classify("370783001-2026-000001")[0] == (None, "370783001-2026-000001")
    kinds = [k for k, _ in classify("wxm")]
    assert kinds == [KeyKind.INITIALS, KeyKind.PINYIN]
    kinds = [k for k, _ in classify("王晓明")]
    assert kinds[0] is KeyKind.NAME and KeyKind.PINYIN in kinds  # homophones via pinyin
    assert (KeyKind.ID_NUMBER, "370783198506121029") in classify("370783198506121029")
    assert (KeyKind.PHONE, "13853612345") in classify("13853612345")
