"""The embedded fonts: coverage, fallback, visible gaps, and the shipped metrics cache."""

from __future__ import annotations

import contextlib

from reportlab.pdfbase.ttfonts import TTFontFace

from app.forms import fontcache, fonts


def gb2312_hanzi() -> list[str]:
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.append(bytes([hi, lo]).decode("gb2312"))
    return out


def test_primary_font_covers_all_of_gb2312() -> None:
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763
    assert [ch for ch in hanzi if fonts.font_for(ch) != fonts.PRIMARY] == []


def test_rare_characters_fall_back_and_unknown_ones_show_their_code_point() -> None:
    assert fonts.font_for("\U00020bb7") == fonts.FALLBACK  # 𠮷, CJK Ext-B
    assert fonts.font_for("\u3400") == fonts.FALLBACK  # 㐀, CJK Ext-A
    assert list(fonts.runs("吉\U00020bb7\U0001fae0")) == [
        (fonts.PRIMARY, "吉"),
        (fonts.FALLBACK, "\U00020bb7"),
        (fonts.PRIMARY, "[U+1FAE0]"),
    ]
    assert fonts.markup("<&>\n") == "&lt;&amp;&gt;<br/>"


def test_to_unicode_map_writes_astral_characters_as_surrogate_pairs() -> None:
    cmap = fonts.to_unicode_cmap("X", [0x41, 0x20BB7])
    assert "<00> <0041>" in cmap and "<01> <D842DFB7>" in cmap


def test_shipped_metrics_cache_is_current_and_matches_a_fresh_parse() -> None:
    for file in (fonts.PRIMARY_FILE, fonts.FALLBACK_FILE):
        cached = fontcache.load_face(file, 0)
        assert cached is not None, f"stale {fontcache.cache_path(file, 0).name}: print one form to rebuild it"
        parsed = TTFontFace(str(file))
        assert cached.charToGlyph == parsed.charToGlyph
        assert cached.charWidths == parsed.charWidths
        assert cached.name == parsed.name and cached._ttf_data == parsed._ttf_data
