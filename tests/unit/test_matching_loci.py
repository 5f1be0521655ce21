from __future__ import annotations

import pytest

from app.core.matching.loci import is_known_locus, normalise_locus


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("VWA", "vWA"),
        ("vWA", "vWA"),
        ("PentaD", "Penta D"),
        ("PENTA_D", "Penta D"),
        ("Penta D", "Penta D"),
        ("penta-e", "Penta E"),
        ("THO1", "TH01"),
        (" d3s1358 ", "D3S1358"),
        ("AMEL", "Amelogenin"),
    ],
)
def test_normalise(raw: str, name: str) -> None:
    assert normalise_locus(raw) == name


def test_unknown_raises() -> None:
    with pytest.raises(ValueError):
        normalise_locus("D99S999")
    assert not is_known_locus("XYZ")
