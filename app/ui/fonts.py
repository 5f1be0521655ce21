"""The embedded CJK font, registered with Qt so Chinese renders on any machine.

Windows and most Linux desktops have a Chinese UI font, but a bare server, a CI runner or the
offscreen platform used for screenshots may have none, and then every 汉字 is drawn as a box.
Registering WenQuanYi Micro Hei (the font the PDF forms embed) and putting it behind the
system's UI family makes Qt fall back to it for any glyph the system font lacks.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from app.core.resources import resource_dir

FONTS_DIR = resource_dir("fonts")
CJK_FONT_FILES = ("wqy-microhei.ttc", "HanaMinA-fallback.ttf")

_families: list[str] = []


def register_fonts() -> list[str]:
    """Register the bundled fonts once; return the font families they provide."""
    if _families:
        return list(_families)
    for name in CJK_FONT_FILES:
        path = FONTS_DIR / name
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in _families:
                    _families.append(family)
    return list(_families)


def apply_application_font(app: QGuiApplication) -> QFont:
    """Give the application a font whose fallback chain always reaches a CJK face.

    The point size is left to the platform (it scales with the screen's DPI); only the family
    list changes. On a platform with no fonts of its own the bundled face leads the list.
    """
    families = register_fonts()
    font = QFont(app.font())
    system = font.family()
    known = set(QFontDatabase.families())
    chain = [system] if system and system in known and system not in families else []
    chain += families
    if chain:
        font.setFamilies(chain)
        app.setFont(font)
    return font
