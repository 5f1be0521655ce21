"""The words of matching: every reason in Chinese and English, with a stable key and parameters.

Keys (``match.age.fits`` …) let the UI's translation files reword a reason without touching the
matcher; ``zh`` and ``en`` are ready-made texts for the CLI and the server.
"""

from __future__ import annotations

from app.core.figures import number_text
from app.core.matching.kinship import DnaResult
from app.core.matching.names import NameLink
from app.core.matching.subject import Reason

__all__ = [
    "age_reason",
    "dialect_reason",
    "dna_reason",
    "excluded",
    "height_reason",
    "marks_reason",
    "name_reason",
    "place_reason",
]

_NAME_WORDS = {
    "exact": ("姓名相同", "same name"),
    "given": ("名字相同", "same given name"),
    "homophone": ("姓名同音", "names sound the same"),
    "lookalike": ("姓名字形相近", "names look alike"),
    "nickname": ("小名相符", "nickname fits the given name"),
    "initials": ("拼音首字母相同", "same pinyin initials"),
    "surname": ("同姓", "same surname only"),
    "partial": ("名字部分相同", "names share a character"),
}


def _range(lo: float, hi: float) -> str:
    a, b = int(lo), int(hi)
    return f"{a}" if a == b else f"{a}–{b}"


def excluded(kind: str, found: str, missing: str) -> Reason:
    texts = {
        "sex": (f"排除：性别不符（{found} / {missing}）", f"excluded: sex differs ({found} / {missing})"),
        "order": (
            f"排除：发现日期 {found} 早于走失日期 {missing}",
            f"excluded: found on {found}, before last seen on {missing}",
        ),
        "age": (
            f"排除：年龄不符，发现时应为 {missing} 岁，估计 {found} 岁",
            f"excluded: age cannot fit, {missing} on the found date, estimated {found}",
        ),
        "height": (
            f"排除：身高不可能，实测 {found} 厘米，按生长曲线应为 {missing} 厘米",
            f"excluded: height impossible, measured {found} cm, growth curve gives {missing} cm",
        ),
    }
    zh, en = texts[kind]
    return Reason(f"match.exclude.{kind}", zh, en, -1.0, {"found": found, "missing": missing})


def name_reason(link: NameLink, full_name: str = "") -> Reason:
    """*full_name*: the missing person's registered name, shown when the link was a 小名."""
    zh, en = _NAME_WORDS[link.kind]
    key = link.kind
    if full_name and full_name != link.missing_name and link.kind == "exact":
        zh, en, key = "小名相同", "same nickname", "nickname_exact"
    shown = (
        f"{link.missing_name}（{full_name}）"
        if full_name and full_name != link.missing_name
        else link.missing_name
    )
    shown_en = (
        f"{link.missing_name} ({full_name})"
        if full_name and full_name != link.missing_name
        else link.missing_name
    )
    return Reason(
        f"match.name.{key}",
        f"{zh}：{link.found_name} — {shown}",
        f"{en}: {link.found_name} / {shown_en}",
        link.strength * 0.30,
        {"found": link.found_name, "missing": link.missing_name},
    )


def age_reason(
    then: tuple[float, float] | None, now: tuple[float, float], est: tuple[float, float], fit: float
) -> Reason:
    lost_zh = f"走失时 {_range(*then)} 岁，" if then else ""
    lost_en = f"{_range(*then)} when lost, " if then else ""
    body_zh = f"{lost_zh}现应 {_range(*now)} 岁，估计 {_range(*est)} 岁"
    body_en = f"{lost_en}{_range(*now)} now, estimated {_range(*est)}"
    if fit >= 0.99:
        return Reason("match.age.fits", f"年龄相符：{body_zh}", f"age fits: {body_en}", fit * 0.2)
    return Reason("match.age.near", f"年龄略有出入：{body_zh}", f"age roughly fits: {body_en}", fit * 0.2)


def height_reason(
    then: tuple[float, float] | None,
    window: tuple[float, float, float],
    found: tuple[float, float],
    fit: float,
) -> Reason:
    lo, hi, _sd = window
    was_zh = f"走失时 {_range(*then)} 厘米，" if then else ""
    was_en = f"{_range(*then)} cm when lost, " if then else ""
    zh = f"{was_zh}按生长曲线现应约 {_range(lo, hi)} 厘米，实测 {_range(*found)} 厘米"
    en = f"{was_en}growth curve gives about {_range(lo, hi)} cm now, measured {_range(*found)} cm"
    if fit >= 0.99:
        return Reason("match.height.fits", f"身高相符：{zh}", f"height fits: {en}", fit * 0.1)
    return Reason("match.height.near", f"身高略有出入：{zh}", f"height roughly fits: {en}", fit * 0.1)


def marks_reason(found: str, missing: str, similarity: float) -> Reason:
    pct = round(similarity * 100)
    if similarity >= 0.6:
        return Reason(
            "match.marks.similar",
            f"体貌特征相似（{pct}%）：{found} — {missing}",
            f"distinguishing marks similar ({pct}%): {found} / {missing}",
            similarity * 0.2,
        )
    return Reason(
        "match.marks.different",
        f"体貌特征不同（相似度 {pct}%）",
        f"distinguishing marks differ (similarity {pct}%)",
        similarity * 0.2 - 0.05,
    )


def place_reason(km: float, fit: float) -> Reason:
    return Reason(
        "match.place.distance",
        f"两地相距约 {km:,.0f} 公里",
        f"places about {km:,.0f} km apart",
        fit * 0.1,
        {"km": round(km)},
    )


def dialect_reason(clue: str, fits: bool) -> Reason:
    if fits:
        return Reason(
            "match.origin.fits", f"口音/来历线索相符：{clue}", f"accent or origin clue fits: {clue}", 0.1
        )
    return Reason(
        "match.origin.differs",
        f"口音/来历线索不符：{clue}",
        f"accent or origin clue does not fit: {clue}",
        -0.02,
    )


_WHO = {
    "mother": ("母亲", "mother"),
    "father": ("父亲", "father"),
    "parents": ("父母", "both parents"),
    "full_sibling": ("兄弟姐妹", "full sibling"),
    "half_sibling": ("半同胞兄弟姐妹", "half sibling"),
    "grandparent": ("祖父母/外祖父母", "grandparent"),
    "aunt_uncle": ("叔伯姑舅姨", "aunt or uncle"),
}
_HYPOTHESIS = {  # (what is tested, zh; en; the index's name zh; en)
    "parent": ("亲子关系", "parentage", "累计亲权指数", "combined paternity index"),
    "parents": ("亲子关系", "parentage", "累计亲权指数", "combined paternity index"),  # the relative says "父母"
    "parent_given_other": ("亲子关系（另一方亲生父母已知）", "parentage (the other parent known)",
                           "累计亲权指数", "combined paternity index"),
    "full_sibling": ("全同胞关系", "full siblings", "累计全同胞关系指数", "combined full sibling index"),
    "second_degree": ("二级亲缘关系（半同胞、祖孙、叔侄）", "second-degree kinship (half sibling, grandparent, aunt/uncle)",
                      "似然比", "likelihood ratio"),
}  # fmt: skip
_DOUBT = {
    "loci": (
        "但比对的位点不足（累积非父排除概率未达 0.9999）或有 2 个位点不符合遗传规律：请增加检测位点或补充另一方父母的样本",
        "but the loci compared are too few (cumulative power of exclusion below 0.9999) or 2 loci break "
        "Mendel's rules: type more loci or the other parent",
    ),
    "full_sibling": (
        "但全同胞关系几乎同样能解释（亲子与全同胞似然比之比不足 10）：请补充另一方父母的样本或增加检测位点",
        "but a full sibling explains it about as well (parent vs sibling LR below 10): type the other parent or more loci",
    ),
    "second_degree": (
        "但二级亲属（半同胞、祖孙、叔侄）几乎同样能解释（似然比之比不足 10）：请补充另一方父母的样本或增加检测位点",
        "but a half sibling, grandparent, aunt or uncle explains it about as well (LR ratio below 10): "
        "type the other parent or more loci",
    ),
    "ages": (
        "但登记的年龄不符合亲子关系（年长不足一代）：请核实年龄和亲属关系",
        "but the recorded ages do not allow a parent (less than a generation older): check the ages and the relation",
    ),
}


def dna_reason(result: DnaResult, who: str) -> Reason:
    """The DNA result in words: verdict, hypothesis, relation, loci, LR, and the screen."""
    who_zh, who_en = _WHO.get(who, (who, who))
    what_zh, what_en, index_zh, index_en = _HYPOTHESIS.get(result.hypothesis, _HYPOTHESIS["parent"])
    lr = number_text(result.combined_index)
    bad_zh = f"，不一致 {result.inconsistent_loci} 个" if result.hypothesis.startswith("parent") else ""
    bad_en = f", {result.inconsistent_loci} inconsistent" if result.hypothesis.startswith("parent") else ""
    detail_zh = f"（{who_zh}，比对 {result.loci_compared} 个基因座{bad_zh}，{index_zh} {lr}）"
    detail_en = f" ({who_en}, {result.loci_compared} loci{bad_en}, {index_en} {lr})"
    if result.screened is not None:
        expected = "—" if result.expected_random is None else number_text(result.expected_random, 2)
        detail_zh += (f"；在 {result.screened} 份比对中排第 {result.rank}，同样规模的库中无关者偶然达到"
                      f"此值的期望人数 {expected}")  # fmt: skip
        detail_en += (f"; ranks {result.rank} of {result.screened} profiles screened; unrelated profiles "
                      f"expected to reach this LR by chance in a database that size: {expected}")  # fmt: skip
    params = {"who": who, "hypothesis": result.hypothesis, "lr": result.combined_index}
    if result.verdict == "supports":
        return Reason(
            "match.dna.supports",
            f"DNA 支持{what_zh}{detail_zh}，需人工复核",
            f"DNA supports {what_en}{detail_en}; needs human re-check",
            1.0,
            params,
        )
    if result.verdict == "excludes":
        return Reason(
            "match.dna.excludes",
            f"DNA 排除{what_zh}{detail_zh}",
            f"DNA excludes {what_en}{detail_en}",
            -1.0,
            params,
        )
    if result.doubt in _DOUBT:
        zh, en = _DOUBT[result.doubt]
        return Reason(
            f"match.dna.doubt.{result.doubt}",
            f"DNA 达到{what_zh}的阈值{detail_zh}，{zh}",
            f"DNA reaches the threshold for {what_en}{detail_en}, {en}",
            0.0,
            params,
        )
    return Reason(
        "match.dna.inconclusive",
        f"DNA 对{what_zh}结果不确定，需增加检测位点或补充亲属样本{detail_zh}",
        f"DNA inconclusive for {what_en}, more loci or another relative needed{detail_en}",
        0.0,
        params,
    )
