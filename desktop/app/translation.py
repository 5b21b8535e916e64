"""The window's language: chosen with --lang or in Settings, else the system's; installed before the first window.

Two catalogues are installed on the application: the console's own
(``resources/i18n/celery_desktop_<lang>.qm``, one file compiled from every module's .ts by
``tools/translations.py release``) and Qt's (``qtbase_<lang>.qm``, from Qt's translations folder,
bundled too), so Qt's standard buttons and dialogs speak the same language. English needs no
catalogue: the source strings are English.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

from desktop.core.domain.translatable import use_translator
from desktop.paths import resource_path

log = logging.getLogger("desktop")

ENGLISH, CHINESE = "en", "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)  # what --lang and the Settings choice accept ("system": the desktop's)
NO_CJK_FONT = "No Chinese font found: install fonts-noto-cjk (Debian/Ubuntu) or Noto Sans CJK SC"


def catalogue_path(lang: str) -> Path:
    return resource_path(f"i18n/celery_desktop_{lang}.qm")


def language_of(locale: QLocale) -> str | None:
    """The console's language for a locale, or None when the console has none for it.

    Chinese in Simplified characters (zh_CN, zh_SG, zh_Hans) is ``zh_CN``; Traditional (zh_TW,
    zh_HK, zh_Hant) is not translated and is None, so the next language the user lists is tried.
    """
    language = locale.language()
    if language == QLocale.Language.English:
        return ENGLISH
    if language != QLocale.Language.Chinese:
        return None
    if locale.script() == QLocale.Script.TraditionalHanScript:
        return None
    if locale.script() == QLocale.Script.AnyScript and locale.territory() in (
        QLocale.Country.Taiwan,
        QLocale.Country.HongKong,
        QLocale.Country.Macao,
    ):
        return None
    return CHINESE


def system_language(locale: QLocale | None = None) -> str:
    """The first language of the desktop's that the console speaks, English when none.

    Qt reads the desktop's choice: LANGUAGE's list, then LC_ALL, LC_MESSAGES and LANG on Linux,
    the user's languages on macOS and Windows (``QLocale.uiLanguages``).
    """
    locale = locale or QLocale.system()
    traditional = False  # zh_TW lists "zh" after itself: that bare "zh" means Traditional too
    for name in [*locale.uiLanguages(), locale.name()]:
        candidate = QLocale(name)
        found = language_of(candidate)
        if found is None and candidate.language() == QLocale.Language.Chinese:
            traditional = True
        elif found is not None and not (found == CHINESE and traditional):
            return found
    return ENGLISH


def choose_language(option: str | None, setting: str = "system", system: str | None = None) -> str:
    """--lang wins, then the Settings choice, then the system's (``system`` given: for tests)."""
    for choice in (option, setting):
        if choice in LANGUAGES:
            return choice
    return system if system is not None else system_language()


@dataclass
class Installed:
    """What ``install`` put on the application (removed again by ``uninstall``)."""

    language: str
    translators: list[QTranslator] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # catalogues that could not be loaded, for the log
    previous_locale: QLocale | None = None


def install(lang: str, app: QCoreApplication | None = None) -> Installed:
    """The catalogues for ``lang`` installed on the application, and QLocale's default set to it (not for English).

    Call before the first window is built: texts are translated when a widget is made. A
    missing or unreadable catalogue is logged and the window stays English where it lacks.
    """
    app = app or QCoreApplication.instance()
    installed = Installed(lang, previous_locale=QLocale())
    if lang != ENGLISH:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for path in (catalogue_path(lang), Path(qt_folder) / f"qtbase_{lang}.qm"):
            translator = QTranslator(app)
            if path.is_file() and translator.load(str(path)):
                app.installTranslator(translator)
                installed.translators.append(translator)
            else:
                installed.missing.append(str(path))
                log.warning("translations for %s not loaded: %s", lang, path)
        QLocale.setDefault(QLocale(lang))  # numbers and dates as the language writes them
        use_translator(QCoreApplication.translate)  # core's messages from the same catalogues
    # English: the source texts; numbers keep the desktop's own format, as before languages existed
    return installed


def uninstall(installed: Installed, app: QCoreApplication | None = None) -> None:
    """Back to what was there before ``install`` (tests change the language and back)."""
    app = app or QCoreApplication.instance()
    for translator in installed.translators:
        app.removeTranslator(translator)
    installed.translators.clear()
    use_translator(None)
    if installed.previous_locale is not None:
        QLocale.setDefault(installed.previous_locale)


def missing_font(lang: str) -> str:
    """What to say when the language needs glyphs no installed font has ("" when all is well).

    Asked after the QGuiApplication exists (the font database needs it).
    """
    if lang != CHINESE:
        return ""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return ""
    return NO_CJK_FONT
