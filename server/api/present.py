"""How the pages word a published child's fields: age, place and province in each language."""

from __future__ import annotations

from app.core import regions
from server.api.words import say
from server.services.gallery_public import PublicChild

# GB/T 2260 province-level divisions in English (the usual romanisation of each name).
PROVINCES_EN: dict[str, str] = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang",
    "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang", "340000": "Anhui",
    "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou",
    "530000": "Yunnan", "540000": "Tibet", "610000": "Shaanxi", "620000": "Gansu",
    "630000": "Qinghai", "640000": "Ningxia", "650000": "Xinjiang", "710000": "Taiwan",
    "810000": "Hong Kong", "820000": "Macao",
}  # fmt: skip


def province_name(region: regions.Region, lang: str) -> str:
    return PROVINCES_EN.get(region.code, region.pinyin.title()) if lang == "en" else region.name


def age_text(c: PublicChild, lang: str) -> str:
    if c.age_min is None:
        return say("child.age_unknown", lang)
    if c.age_min == c.age_max:
        return say("child.age_one", lang, low=c.age_min)
    return say("child.age_value", lang, low=c.age_min, high=c.age_max)


def place_text(c: PublicChild, lang: str) -> str:
    """The county where the child was found: its full Chinese name, or in English its name in
    pinyin with the province (the Chinese name beside it, as officers on the phone will say it)."""
    county = regions.lookup(c.county_code)
    if county is None:
        return c.county_code
    if lang != "en":
        return county.full_name
    province = regions.province_of(c.county_code)
    where = county.pinyin.title()
    if province is not None and province.code != county.code:
        where += f", {province_name(province, 'en')}"
    return f"{where} ({county.name})"
