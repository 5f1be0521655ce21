"""A seeded synthetic evaluation set for matching (``python -m app.core.matching.evalset``).

What it simulates, and why each part is there:

- Missing children (1–12 years old when lost, 2005–2025) with a name (common surname + one or
  two given characters), a 小名 derived from the given name (明明, 小明, 阿明), birth date,
  height at loss drawn from the Chinese 2009 reference with a per-child centile, 1–2 distinguishing
  marks, place lost (a random GB/T 2260 county), a dialect of that province, and the parents'
  STR profiles drawn from the shipped Han frequency table; the child's own profile is inherited
  by Mendel's rules with single-step mutations at μ = 0.002 per meiosis and locus.
- Found counterparts months or years later: an officer's age estimate (true age plus error),
  a measured height on the child's centile plus drift, the name the child gives — nickname
  only, a homophone or look-alike mis-writing of the full name, the exact name, or nothing —
  the marks paraphrased (other wording, sometimes one mark missing), a place anywhere in the
  country, the accent sometimes noted.
- Hard negatives: for many true pairs a decoy missing child of the same sex and nearly the same
  age whose name sounds alike and whose marks are on the other side of the body; found persons
  with no counterpart at all.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.core import regions
from app.core.matching import growth
from app.core.matching.ages import YEAR_DAYS, estimation_error
from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.kinship import Genotype
from app.core.matching.loci import KIT_LOCI
from app.core.matching.subject import MatchProfile, MatchSubject

__all__ = ["EvalSet", "generate"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "明伟芳军强磊洋勇杰娟涛超霞平刚桂英华玲丽敏静燕红鹏辉飞宇浩晨欣雪琳婷佳俊凯峰斌龙鑫旭东亮"
HOMOPHONE = {"明": "鸣", "伟": "玮", "军": "君", "强": "蔷", "杰": "洁", "涛": "滔", "华": "桦", "玲": "铃",
             "丽": "莉", "敏": "闽", "静": "靖", "红": "虹", "鹏": "朋", "辉": "晖", "飞": "菲", "宇": "雨",
             "浩": "昊", "晨": "辰", "欣": "新", "雪": "学", "琳": "林", "婷": "亭", "佳": "家", "俊": "骏",
             "凯": "恺", "峰": "锋", "斌": "彬", "龙": "隆", "鑫": "新", "旭": "序", "东": "冬", "亮": "谅",
             "芳": "方", "勇": "永", "磊": "蕾", "洋": "阳", "娟": "涓", "超": "潮", "霞": "侠", "平": "萍",
             "刚": "钢", "桂": "贵", "英": "鹰", "燕": "艳", "小": "晓"}  # fmt: skip
LOOKALIKE = {"明": "朋", "军": "车", "玲": "铃", "峰": "锋", "辉": "晖", "浩": "皓", "俊": "峻", "斌": "彬",
             "婷": "停", "红": "虹", "勇": "涌", "东": "冬", "刚": "钢", "英": "瑛", "华": "桦", "娟": "涓"}  # fmt: skip
PARTS = ["耳后", "额头", "眉毛上", "脖子", "手背", "手臂", "肩膀", "后背", "小腿", "脚背"]
SIDED = {"耳后", "眉毛上", "手背", "手臂", "肩膀", "小腿", "脚背"}
KINDS = [("黑痣", "有一颗黑痣"), ("胎记", "有一块青色胎记"), ("疤", "有一道疤痕"), ("烫伤", "有烫伤疤痕")]
DIALECT = {"37": "山东口音", "41": "河南口音", "44": "说粤语", "51": "四川话", "43": "湖南口音", "35": "闽南话",
           "21": "东北口音", "61": "陕西口音", "42": "湖北口音", "34": "安徽口音", "45": "广西口音"}  # fmt: skip


@dataclass(frozen=True)
class EvalSet:
    missing: list[MatchSubject]
    found: list[MatchSubject]
    truth: dict[str, str]  # found key → missing key (only found persons with a counterpart)
    families: list[tuple[str, dict[str, Genotype], dict[str, Genotype], dict[str, Genotype]]]


def _counties() -> list[str]:
    path = regions.resource_dir() / "gb2260.tsv"
    with path.open(encoding="utf-8") as fh:
        next(fh)
        return [line[:6] for line in fh if line[4:6] != "00" and line[:2] not in ("71", "81", "82")]


def _draw(rng: random.Random, table: AlleleTable, locus: str) -> float:
    alleles = table.alleles(locus)
    return rng.choices(alleles, weights=[table.freqs[locus][a] for a in alleles])[0]


def _transmit(rng: random.Random, g: Genotype, alleles: list[float], mu: float) -> float:
    a = rng.choice(g)
    if rng.random() < mu:  # single-step mutation, up or down, to an allele that exists
        step = a + rng.choice((-1.0, 1.0))
        return step if step in alleles else a
    return a


def _profile(rng: random.Random, table: AlleleTable) -> dict[str, Genotype]:
    return {loc: (_draw(rng, table, loc), _draw(rng, table, loc)) for loc in KIT_LOCI["PowerPlex 21"]}


def _child(
    rng: random.Random, mother: dict[str, Genotype], father: dict[str, Genotype], table: AlleleTable
) -> dict[str, Genotype]:
    return {
        loc: (
            _transmit(rng, mother[loc], table.alleles(loc), 0.002),
            _transmit(rng, father[loc], table.alleles(loc), 0.002),
        )
        for loc in mother
    }


def _marks(rng: random.Random, picks: list[tuple[str, str, int]], paraphrase: bool) -> str:
    out = []
    for side, part, kind in picks:
        short, long = KINDS[kind]
        out.append(f"{side}{part}{short}" if paraphrase else f"{side}{part}{long}")
    return ("，" if paraphrase else "；").join(out)


def _height(rng: random.Random, sex: str, age: float, z: float) -> tuple[float, float]:
    h = growth.height_at(sex, age, z)
    return round(h - 2), round(h + 3)


def _lone_age(rng: random.Random) -> tuple[float, float]:
    age = rng.randrange(2, 14)
    return float(age - 1), float(age + 1)


def _nickname(rng: random.Random, given: str) -> str:
    ch = given[-1]
    return rng.choice([ch + ch, "小" + ch, "阿" + ch])


def _miswrite(rng: random.Random, name: str, table: dict[str, str]) -> str:
    spots = [i for i, c in enumerate(name) if c in table and i > 0] or [
        i for i, c in enumerate(name) if c in table
    ]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + table[name[i]] + name[i + 1 :]


def generate(seed: int = 7, pairs: int = 300, extra_missing: int = 1500, lone_found: int = 60) -> EvalSet:
    """The evaluation set; the same *seed* gives the same set."""
    rng, table, counties = random.Random(seed), default_table(), _counties()
    missing: list[MatchSubject] = []
    found: list[MatchSubject] = []
    truth: dict[str, str] = {}
    families = []
    today = dt.date(2026, 11, 1)
    for n in range(pairs + extra_missing):
        sex = rng.choice("MF")
        birth = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(0, 19 * 365))
        lost = birth + dt.timedelta(days=int(rng.uniform(1.0, 12.0) * YEAR_DAYS))
        if lost >= today - dt.timedelta(days=60):
            lost = today - dt.timedelta(days=rng.randrange(60, 400))
        surname = rng.choice(SURNAMES)
        given = (
            "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if rng.random() > 0.3
            else "小" + rng.choice(GIVEN)
        )
        z = rng.gauss(0, 1)
        place = rng.choice(counties)
        picks = [(rng.choice(["左", "右"]) if p in SIDED else "", p, rng.randrange(len(KINDS)))
                 for p in rng.sample(PARTS, rng.choice((1, 2)))]  # fmt: skip
        age_lost = (lost - birth).days / YEAR_DAYS
        mother, father = _profile(rng, table), _profile(rng, table)
        child = _child(rng, mother, father, table)
        has_dna = rng.random() < 0.6
        parents: tuple[MatchProfile, ...] = (
            (MatchProfile("mother", mother), MatchProfile("father", father)) if has_dna else ()
        )
        if has_dna and rng.random() < 0.3:
            parents = parents[:1] if rng.random() < 0.5 else parents[1:]
        key = f"m{n}"
        missing.append(MatchSubject(
            key, f"M-{n}", "missing", sex, birth, None, _height(rng, sex, age_lost, z), lost, place, place,
            name=surname + given, nicknames=(_nickname(rng, given),) if rng.random() < 0.6 else (),
            marks=_marks(rng, picks, False), dialect=DIALECT.get(place[:2], ""), profiles=parents,
        ))  # fmt: skip
        if n >= pairs:
            continue
        families.append((key, child, mother, father))
        found_on = lost + dt.timedelta(days=rng.randrange(30, int(8 * YEAR_DAYS)))
        found_on = min(found_on, today)
        age_now = (found_on - birth).days / YEAR_DAYS
        mid = age_now + rng.uniform(-1, 1) * estimation_error(age_now)
        names_given = rng.random()
        if names_given < 0.4:
            name = rng.choice([_nickname(rng, given), *missing[-1].nicknames])
        elif names_given < 0.6:
            name = _miswrite(rng, surname + given, HOMOPHONE)
        elif names_given < 0.7:
            name = _miswrite(rng, surname + given, LOOKALIKE)
        elif names_given < 0.85:
            name = surname + given
        else:
            name = ""
        seen = picks if len(picks) == 1 or rng.random() < 0.6 else picks[:1]
        fkey = f"f{n}"
        found.append(MatchSubject(
            fkey, f"F-{n}", "found", sex, None, (max(0.0, round(mid) - 1), round(mid) + 1),
            _height(rng, sex, age_now, z + rng.gauss(0, 0.3)), found_on, rng.choice(counties), name=name,
            marks=_marks(rng, seen, True), dialect=DIALECT.get(place[:2], "") if rng.random() < 0.5 else "",
            profiles=(MatchProfile("self", child),),
        ))  # fmt: skip
        truth[fkey] = key
        if rng.random() < 0.5:  # a hard look-alike negative
            flip = [("右" if s == "左" else "左" if s == "右" else s, p, k) for s, p, k in picks]
            decoy_birth = birth + dt.timedelta(days=rng.randrange(-200, 200))
            missing.append(MatchSubject(
                f"d{n}", f"D-{n}", "missing", sex, decoy_birth, None, _height(rng, sex, age_lost, z), lost,
                rng.choice(counties), name=_miswrite(rng, rng.choice(SURNAMES) + given, HOMOPHONE),
                nicknames=(_nickname(rng, given),), marks=_marks(rng, flip, False),
            ))  # fmt: skip
    for n in range(lone_found):
        sex = rng.choice("MF")
        found.append(MatchSubject(
            f"x{n}", f"X-{n}", "found", sex, None, _lone_age(rng), None, today, rng.choice(counties),
            name=_nickname(rng, rng.choice(GIVEN)), marks=_marks(rng, [("", rng.choice(PARTS), 0)], True),
        ))  # fmt: skip
    return EvalSet(missing, found, truth, families)


def evaluate(data: EvalSet, exact_k: int = 200) -> dict[str, float]:
    """recall@1 and recall@5 over found persons with a counterpart, and the DNA checks."""
    from app.core.matching.index import MissingIndex
    from app.core.matching.kinship import compare_duo, compare_trio

    index = MissingIndex(data.missing)
    at1 = at5 = 0
    for f in data.found:
        if f.key not in data.truth:
            continue
        keys = [c.key for c in index.rank(f, limit=5, exact_k=exact_k)]
        at1 += bool(keys) and keys[0] == data.truth[f.key]
        at5 += data.truth[f.key] in keys
    pairs = len(data.truth)
    true_ok = true_n = false_hits = false_n = 0
    fams = data.families
    for i, (_key, child, mother, father) in enumerate(fams):
        for result in (
            compare_duo(child, mother),
            compare_duo(child, father),
            compare_trio(child, mother, father),
        ):
            true_n += 1
            true_ok += result.verdict == "supports"
        for j in (i + 1, i + 7, i + 31):  # unrelated parents from three other families
            _k, _c, m2, f2 = fams[j % len(fams)]
            for result in (compare_duo(child, m2), compare_duo(child, f2), compare_trio(child, m2, f2)):
                false_n += 1
                false_hits += result.verdict == "supports"
    return {
        "recall@1": at1 / pairs,
        "recall@5": at5 / pairs,
        "true_pairs": float(true_n),
        "true_supports": true_ok / true_n,
        "unrelated_pairs": float(false_n),
        "unrelated_supports": float(false_hits),
    }


if __name__ == "__main__":
    data = generate()
    print(f"{len(data.missing)} missing, {len(data.found)} found, {len(data.truth)} true pairs")
    print(evaluate(data))
