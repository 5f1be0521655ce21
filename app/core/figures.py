"""Numbers for a person to read: likelihood ratios and expected counts that span thirty orders
of magnitude, written the way a lab report writes them (1,250 or 4.67×10¹⁴), in any language.

Kept outside ``app.core.matching`` so that the desktop can word a DNA result without loading
the matcher.
"""

from __future__ import annotations

__all__ = ["number_text"]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number_text(x: float, digits: int = 3) -> str:
    """A likelihood ratio or an expected count for a person to read: 1,250 or 4.67×10¹⁴."""
    if x == 0:
        return "0"
    if 0.01 <= abs(x) < 100_000:
        return f"{x:,.{digits}g}" if abs(x) < 1000 else f"{x:,.0f}"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    return power if mantissa == "1" else f"{mantissa}×{power}"
