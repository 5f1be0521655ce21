"""STR locus names: the STRBase spelling, and the common variants labs and kits print.

Lab exports and hand-typed files write the same locus several ways (``VWA``, ``vWA``,
``PentaD``, ``PENTA_D``, ``Penta D``, ``D3S1358 ``). Profiles are stored and compared under one
spelling, the one STRBase (NIST) uses, so :func:`normalise_locus` is applied to every locus name
that enters the system (validation imports it).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["KIT_LOCI", "STRBASE_LOCI", "is_known_locus", "normalise_locus"]

# Autosomal STRs of the kits used by Chinese public-security labs (PowerPlex 21, Goldeneye 20A,
# Expressmarker 22, AGCU EX22, GlobalFiler, Sinofiler) plus Amelogenin, in STRBase spelling.
STRBASE_LOCI: tuple[str, ...] = (
    "CSF1PO", "D10S1248", "D12S391", "D13S317", "D16S539", "D18S51", "D19S433", "D1S1656",
    "D21S11", "D22S1045", "D2S1338", "D2S441", "D3S1358", "D5S818", "D6S1043", "D7S820",
    "D8S1179", "FGA", "Penta D", "Penta E", "SE33", "TH01", "TPOX", "vWA", "D4S2408",
    "D9S1122", "D17S1301", "D20S482", "Amelogenin",
)  # fmt: skip

# The 20 autosomal loci PowerPlex 21 and Goldeneye 20A share (the shared/examples profiles).
KIT_LOCI: dict[str, tuple[str, ...]] = {
    "PowerPlex 21": (
        "D3S1358", "D1S1656", "D6S1043", "D13S317", "Penta E", "D16S539", "D18S51", "D2S1338",
        "CSF1PO", "Penta D", "TH01", "vWA", "D21S11", "D7S820", "D5S818", "TPOX", "D8S1179",
        "D12S391", "D19S433", "FGA",
    ),
}  # fmt: skip
KIT_LOCI["Goldeneye 20A"] = KIT_LOCI["PowerPlex 21"]
# Older and wider kits, for the simulations that report how the share of decided cases grows
# with the loci typed (the shipped allele table covers these 24 loci).
KIT_LOCI["Identifiler"] = (
    "D8S1179", "D21S11", "D7S820", "CSF1PO", "D3S1358", "TH01", "D13S317", "D16S539", "D2S1338",
    "D19S433", "vWA", "TPOX", "D18S51", "D5S818", "FGA",
)  # fmt: skip
KIT_LOCI["GlobalFiler"] = (
    "D3S1358", "vWA", "D16S539", "CSF1PO", "TPOX", "D8S1179", "D21S11", "D18S51", "D2S441", "D19S433",
    "TH01", "FGA", "D22S1045", "D5S818", "D13S317", "D7S820", "SE33", "D10S1248", "D1S1656", "D12S391",
    "D2S1338",
)  # fmt: skip
KIT_LOCI["PowerPlex 21 + GlobalFiler"] = tuple(
    dict.fromkeys(KIT_LOCI["PowerPlex 21"] + KIT_LOCI["GlobalFiler"])
)

# Upper-cased, separator-free key → STRBase name.
_BY_KEY: dict[str, str] = {re.sub(r"[\s_\-.]", "", n).upper(): n for n in STRBASE_LOCI}
# Names that differ by more than case and separators.
_ALIASES: dict[str, str] = {
    "THO1": "TH01",  # letter O typed for the digit 0
    "HUMTH01": "TH01",
    "HUMVWA": "vWA",
    "HUMVWA31": "vWA",
    "VWA31": "vWA",
    "HUMCSF1PO": "CSF1PO",
    "HUMTPOX": "TPOX",
    "HUMFIBRA": "FGA",
    "FIBRA": "FGA",
    "AMEL": "Amelogenin",
    "PD": "Penta D",
    "PE": "Penta E",
}
_SEPARATORS = re.compile(r"[\s_\-.]")


@lru_cache(maxsize=1024)  # the usual few dozen spellings, looked up for every stored locus; bounded
def normalise_locus(name: str) -> str:
    """The STRBase spelling of *name* (``"VWA"`` → ``"vWA"``, ``"PENTA_D"`` → ``"Penta D"``).

    Raises ValueError for a name that is not a known locus, so a typo never creates a new locus.
    """
    key = _SEPARATORS.sub("", name).upper()
    found = _BY_KEY.get(key) or _ALIASES.get(key)
    if found is None:
        raise ValueError(f"unknown STR locus: {name!r}")
    return found


def is_known_locus(name: str) -> bool:
    """True when :func:`normalise_locus` accepts *name*."""
    try:
        normalise_locus(name)
    except ValueError:
        return False
    return True
