"""Languages of the GUI: English source strings, Vietnamese from Qt translation files, switchable at runtime.

Every visible string goes through :func:`tr` (one translation context, so ``pyside6-lupdate`` finds them all);
texts kept in tables are marked with ``QT_TR_NOOP`` and translated where shown. The cashier's language is the
application's (``set_language`` installs the translator and Qt sends every widget a LanguageChange event, on
which it re-labels itself). The customer display may speak another language in the same moment, so it asks
:func:`tr_in` for a given language instead of the installed one.

The ``.qm`` files are built from ``resources/translations/*.ts`` by ``scripts/build_translations.py``; if a
``.qm`` is missing (a fresh checkout without the build step) it is built on first use into the user's cache.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from ui.qt import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("vi", "en")
SOURCE_LANGUAGE = "en"
CONTEXT = ""

_translators: dict[str, QTranslator] = {}
_installed: QTranslator | None = None
_current = "vi"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the cashier's current language.

    With ``n`` the text has a plural form: ``tr("%n item(s)", None, n)`` reads "1 item" / "3 items" in English
    and "3 món" in Vietnamese, ``%n`` replaced by ``n`` (pass it third and positionally: that is how
    ``pyside6-lupdate`` marks the message as one with plural forms). English plurals come from
    ``ocop_pos_en.ts``, which holds only such messages (the source text is English already).
    """
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def tr_in(lang: str, text: str) -> str:
    """``text`` in ``lang``, whatever the application's language is (customer display)."""
    if lang == SOURCE_LANGUAGE:
        return text
    translator = _translator(lang)
    if translator is None:
        return text
    out = translator.translate(CONTEXT, text)
    return out or text


def current_language() -> str:
    return _current


def qm_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"ocop_pos_{lang}.qm"


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"ocop_pos_{lang}.ts"


def lrelease_executable() -> str | None:
    """``pyside6-lrelease`` of this venv, else one on PATH."""
    here = Path(sys.executable).parent / "pyside6-lrelease"
    if here.exists():
        return str(here)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def build_qm(lang: str, out: Path | None = None) -> Path:
    """Compile ``ocop_pos_<lang>.ts`` to a ``.qm`` (next to it unless ``out`` is given)."""
    exe = lrelease_executable()
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
    if lang in _translators:
        return _translators[lang]
    path = _find_qm(lang)
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        log.warning("cannot load %s", path)
        return None
    _translators[lang] = translator
    return translator


def set_language(lang: str) -> None:
    """Make ``lang`` the cashier's language; open widgets re-label themselves on the LanguageChange event."""
    global _installed, _current
    if lang not in LANGUAGES:
        lang = "vi"
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _current = lang
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English))
    translator = _translator(lang)  # English too: its plural forms (ocop_pos_en.ts)
    if translator is not None:
        app.installTranslator(translator)
        _installed = translator
    else:
        # Removing a translator already posted LanguageChange, but make sure of it when there was none.
        from ui.qt import QEvent

        QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
