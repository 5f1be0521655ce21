"""Interface language: loading the compiled Qt translations and the names of domain values.

Source strings are English; ``resources/translations/xunren_zh_CN.qm`` and ``xunren_en.qm`` are
compiled from the ``.ts`` files by ``tools/update_translations.py``. Installing a translator sends
every widget a ``LanguageChange`` event, so windows that implement ``retranslate()`` switch live.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator

from app.core import words
from app.core.lifecycle import CaseStatus, ReviewState
from app.core.model import AccountRole, CaseType
from app.core.resources import resource_dir

TRANSLATIONS_DIR = resource_dir("translations")
LANGUAGES = ("zh_CN", "en")

_installed: list[QTranslator] = []
# Every translator ever loaded stays referenced here for the life of the process: Qt keeps raw
# pointers to installed translators, so one must never be freed while Qt may still consult it.
_loaded: dict[tuple[str, str], QTranslator | None] = {}


def qm_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"xunren_{lang}.qm"


def _translator(kind: str, lang: str) -> QTranslator | None:
    """The translator for (``xunren``|``qtbase``, *lang*), loaded once; None if there is none."""
    key = (kind, lang)
    if key not in _loaded:
        translator = QTranslator()
        if kind == "xunren":
            ok = translator.load(str(qm_path(lang)))
        else:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ok = translator.load(QLocale(lang), "qtbase", "_", qt_dir)
        _loaded[key] = translator if ok else None
        if not ok:
            _unused.append(translator)
    return _loaded[key]


_unused: list[QTranslator] = []


def install_language(lang: str) -> bool:
    """Replace the application's translators by those for *lang*. Returns False if none loaded."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a language")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    # Qt's own strings (Yes/No/Cancel in standard dialogs) first, ours on top.
    for kind in ("qtbase", "xunren"):
        translator = _translator(kind, lang)
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    QLocale.setDefault(QLocale(lang))
    return _loaded.get(("xunren", lang)) is not None


def tr(context: str, text: str) -> str:
    """Translate *text* in *context* (for modules without a QObject at hand)."""
    return QCoreApplication.translate(context, text)


def current_language() -> str:
    """The interface language now installed (``zh_CN`` or ``en``)."""
    return "en" if QLocale().name().lower().startswith("en") else "zh_CN"


# Domain values are named by app.core.words, the one table the CLI and the forms use too.


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def case_type_name(value: str) -> str:
    """The words for a case type (``missing``/``found``/``trafficking``)."""
    return _capital(words.word(CaseType, value, current_language()))


def status_name(value: str) -> str:
    """The words for a case status."""
    return _capital(words.word(CaseStatus, value, current_language()))


def review_name(value: str) -> str:
    """The words for a review state."""
    return _capital(words.word(ReviewState, value, current_language()))


def role_name(value: str) -> str:
    """The words for an account role."""
    return _capital(words.word(AccountRole, value, current_language()))


def matched_on_name(value: str) -> str:
    """The words for what a search hit matched on."""
    return _capital(words.matched_on(value, current_language()))


def follow_language(
    widget: QObject, event: QEvent, retranslate: Callable[[], None], reshow: Callable[[], None] | None = None
) -> None:
    """For a window's ``changeEvent``: on a language change set its fixed words again
    (*retranslate*) and, once the application has the new language everywhere, show what it has
    already read again in the new words (*reshow*, None while nothing has been read)."""
    if event.type() != QEvent.Type.LanguageChange:
        return
    retranslate()
    if reshow is not None:
        QTimer.singleShot(0, widget, reshow)
