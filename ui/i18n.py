"""Languages of the GUI: English source strings, every other language from a Qt translation file, switchable at
runtime.

Every visible string the GUI writes goes through :func:`tr` (one translation context, so ``pyside6-lupdate``
finds them all); texts kept in tables are marked with ``QT_TR_NOOP`` and translated where shown. A string that
shows a count is a numerus form: ``tr("%n products counted", "", n)`` — the count is the third argument, given
positionally, because that is how ``pyside6-lupdate`` recognises one. Other values go in named placeholders
filled after translation: ``tr("Saved {name}").format(name=...)``, so a translator can move them.

The languages are data: ``ui/languages.py`` lists them (the till's, and the customer's: Chinese and Korean are
customer-only, their .ts files hold the customer display's and the receipt's strings), and each has
``resources/translations/ocop_pos_<code>.ts``
(translated with Qt Linguist, ``pyside6-linguist``) compiled to a ``.qm`` by ``scripts/build_translations.py``.
Adding one is adding its ``.ts`` and its code there; nothing else in the GUI names a language. English is the
source language: its ``.ts`` holds only the plural forms of counted strings ("1 product", "2 products").

The cashier's language is the application's (``set_language`` installs the translator and Qt sends every widget
a LanguageChange event, on which it re-labels itself). The customer display may speak another language in the
same moment, so it asks :func:`tr_in` for a given language instead of the installed one. If a ``.qm`` is missing
(a checkout without the build step) it is built on first use into the user's cache.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from ui.languages import CUSTOMER_LANGUAGES as CUSTOMER_LANGUAGES
from ui.languages import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE  # re-exported: the GUI asks i18n
from ui.languages import LANGUAGES as LANGUAGES
from ui.languages import SOURCE_LANGUAGE as SOURCE_LANGUAGE
from ui.qt import QCoreApplication, QEvent, QLocale, QTranslator

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
#: The one translation context: a bare ``tr()`` call is in the empty context for ``pyside6-lupdate`` too.
CONTEXT = ""

_translators: dict[str, QTranslator | None] = {}
_installed: QTranslator | None = None
_current = DEFAULT_LANGUAGE


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the cashier's current language; ``%n`` in it becomes ``n`` (its plural form chosen by ``n``)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def tr_in(lang: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in ``lang``, whatever the application's language is (the customer display, a start-up box)."""
    translator = _translator(lang)
    out = translator.translate(CONTEXT, text, disambiguation, n) if translator is not None else ""
    out = out or text
    return out.replace("%n", str(n)) if n >= 0 else out


def current_language() -> str:
    return _current


def core_words(vi: str, en: str, lang: str | None = None) -> str:
    """A core message handed over in the core's two languages (a worker's report of a ``PosError``) in ``lang``
    (default: the current language), picked as ``PosError.message`` picks: Vietnamese, else English."""
    return vi if (lang or _current).startswith("vi") else en


def known(lang: str) -> str:
    """``lang`` if the GUI ships it, else the default language."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def next_customer_language(lang: str) -> str:
    """The customer language after ``lang`` in :data:`CUSTOMER_LANGUAGES`, round again (the sale screen's F11)."""
    i = CUSTOMER_LANGUAGES.index(lang) if lang in CUSTOMER_LANGUAGES else -1
    return CUSTOMER_LANGUAGES[(i + 1) % len(CUSTOMER_LANGUAGES)]


def next_language(lang: str) -> str:
    """The language after ``lang`` in :data:`LANGUAGES`, round again after the last (a toggle's next press)."""
    i = LANGUAGES.index(known(lang))
    return LANGUAGES[(i + 1) % len(LANGUAGES)]


def language_name(lang: str) -> str:
    """The language's own name for itself ("Tiếng Việt"), from Qt's locale data."""
    return QLocale(lang).nativeLanguageName()


def decimal_point(lang: str | None = None) -> str:
    """How ``lang`` (default: the current language) writes the decimal point: "," in Vietnamese, "." in English."""
    return _decimal_point(lang or _current)


@functools.cache
def _decimal_point(lang: str) -> str:  # asked for every quantity a table shows
    return QLocale(lang).decimalPoint()


def qm_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"ocop_pos_{lang}.qm"


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"ocop_pos_{lang}.ts"


def qt_tool(name: str) -> str | None:
    """A Qt tool (``pyside6-lrelease``, ``pyside6-lupdate``) of this venv, else one on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    return shutil.which(name)


def build_qm(lang: str, out: Path | None = None) -> Path:
    """Compile ``ocop_pos_<lang>.ts`` to a ``.qm`` (next to it unless ``out`` is given)."""
    exe = qt_tool("pyside6-lrelease") or shutil.which("lrelease")
    if exe is None:
        raise RuntimeError("pyside6-lrelease not found")
    target = out or qm_path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, "-silent", str(ts_path(lang)), "-qm", str(target)], check=True, capture_output=True)
    return target


def _find_qm(lang: str) -> Path | None:
    path = qm_path(lang)
    if path.exists():
        return path
    if not ts_path(lang).exists():
        return None
    import platformdirs

    cached = Path(platformdirs.user_cache_dir("ocop-pos", "OCOP")) / f"ocop_pos_{lang}.qm"
    try:
        return build_qm(lang, cached)
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        log.warning("cannot build translations for %s: %s", lang, exc)
        return None


def _translator(lang: str) -> QTranslator | None:
    """The loaded translation of ``lang`` (None: no file; the source strings are shown)."""
    if lang in _translators:
        return _translators[lang]
    translator: QTranslator | None = None
    path = _find_qm(lang)
    if path is not None:
        translator = QTranslator()
        if not translator.load(str(path)):
            log.warning("cannot load %s", path)
            translator = None
    _translators[lang] = translator
    return translator


def set_language(lang: str) -> None:
    """Make ``lang`` the cashier's language; open widgets re-label themselves on the LanguageChange event."""
    global _installed, _current
    lang = known(lang)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _current = lang
    QLocale.setDefault(QLocale(lang))
    translator = _translator(lang)
    if translator is not None:
        app.installTranslator(translator)
        _installed = translator
    else:
        # Removing a translator already posted LanguageChange, but make sure of it when there was none.
        QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
