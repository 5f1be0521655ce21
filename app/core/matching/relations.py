"""A DNA donor's relation to the missing or found person, and the kinship test it calls for.

A person's ``relation`` is free text as the officer or the family wrote it (SPEC.md: "a DNA
donor's relation decides the kinship test"). :func:`relation_of` reads the usual Chinese and
English words into a :class:`Relation`; :func:`hypothesis_of` names the test:

- mother, father (母亲, 父亲…) → parent–child (duo, or trio when both parents are on file);
- full sibling (哥哥, 姐姐, 弟弟, 妹妹, 兄弟姐妹, brother, sister, sibling…) → full sibling;
- half sibling, grandparent (祖父, 祖母, 外祖父, 外祖母), aunt or uncle (叔叔, 舅舅, 姑姑, 姨…)
  → second degree: all share one allele by descent half the time (k = ½, ½, 0), so DNA alone
  cannot tell them apart (Lange, *Applied Probability*, Table 5.1);
- anything else (spouse, cousin, stepmother, a neighbour who reported…) is kept but not tested:
  a step-parent shares no DNA, and a cousin is too distant for 20 STR loci.
"""

from __future__ import annotations

import re
from enum import StrEnum

from app.core.matching.likelihood import Hypothesis

__all__ = ["Relation", "hypothesis_of", "relation_of"]


class Relation(StrEnum):
    SELF = "self"
    MOTHER = "mother"
    FATHER = "father"
    FULL_SIBLING = "full_sibling"
    HALF_SIBLING = "half_sibling"
    GRANDPARENT = "grandparent"
    AUNT_UNCLE = "aunt_uncle"
    OTHER = "other"


_WORDS: dict[Relation, tuple[str, ...]] = {
    Relation.SELF: ("self", "本人", "自己"),
    Relation.MOTHER: ("mother", "mom", "mum", "母亲", "母", "妈妈", "妈", "生母", "亲生母亲"),
    Relation.FATHER: ("father", "dad", "父亲", "父", "爸爸", "爸", "生父", "亲生父亲"),
    Relation.FULL_SIBLING: (
        "sibling", "full sibling", "brother", "sister", "elder brother", "younger brother",
        "elder sister", "younger sister", "兄弟姐妹", "兄弟", "姐妹", "兄妹", "姐弟", "同胞",
        "全同胞", "哥哥", "姐姐", "弟弟", "妹妹", "哥", "姐", "弟", "妹", "兄", "胞兄", "胞弟",
        "胞姐", "胞妹",
    ),
    Relation.HALF_SIBLING: (
        "half sibling", "half brother", "half sister", "半同胞", "同父异母", "同母异父", "同父异母兄弟姐妹", "同母异父兄弟姐妹",
        "同父异母哥哥", "同父异母姐姐", "同父异母弟弟", "同父异母妹妹", "同母异父哥哥",
        "同母异父姐姐", "同母异父弟弟", "同母异父妹妹",
    ),
    Relation.GRANDPARENT: (
        "grandparent", "grandfather", "grandmother", "grandpa", "grandma", "祖父", "祖母",
        "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆", "姥爷", "姥姥", "祖父母", "外祖父母",
    ),
    Relation.AUNT_UNCLE: (
        "uncle", "aunt", "auntie", "叔叔", "叔父", "叔", "伯伯", "伯父", "伯", "舅舅", "舅父",
        "舅", "姑姑", "姑妈", "姑母", "姑", "姨", "姨妈", "姨母", "阿姨",
    ),
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s_\-]+")


def _key(word: str) -> str:
    return _SEPARATORS.sub(" ", word.strip().lower())


_BY_WORD: dict[str, Relation] = {_key(w): rel for rel, words in _WORDS.items() for w in words}


def relation_of(word: str) -> Relation:
    """The relation a word names (``"哥哥"`` → FULL_SIBLING, ``"Half_Sister"`` → HALF_SIBLING);
    OTHER when it names none we test."""
    return _BY_WORD.get(_key(word), Relation.OTHER)


_HYPOTHESES = {
    Relation.MOTHER: Hypothesis.PARENT,
    Relation.FATHER: Hypothesis.PARENT,
    Relation.FULL_SIBLING: Hypothesis.FULL_SIBLING,
    Relation.HALF_SIBLING: Hypothesis.SECOND_DEGREE,
    Relation.GRANDPARENT: Hypothesis.SECOND_DEGREE,
    Relation.AUNT_UNCLE: Hypothesis.SECOND_DEGREE,
}


def hypothesis_of(relation: Relation | str) -> Hypothesis | None:
    """The pairwise test for a donor of *relation*; None for the person themself or an untested one."""
    try:
        return _HYPOTHESES.get(Relation(relation))
    except ValueError:
        return None
