"""The customer's languages beyond the core's two (Chinese, Korean) for what the core prints, read from the same Qt
Linguist files the GUI uses, without Qt.

The core speaks Vietnamese and English (``PosError``, the receipt wording's pairs). A tourist's receipt also
speaks Chinese (Simplified) or Korean: those words live where every other translation of the project lives,
``resources/translations/ocop_pos_<lang>.ts``, translated with Qt Linguist and checked complete by
``scripts/build_translations.py --check``. The English text is the source string, marked in the core with
:func:`QT_TR_NOOP` (a plain identity function here, so ``pyside6-lupdate`` finds it and nothing imports Qt), and
looked up with :func:`translate`. A string without a finished translation reads in English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

#: The languages a customer may be served in (the customer display and the receipt), in the order the display
#: offers them: the core's two, then the tourists' languages whose words come from the .ts files.
CUSTOMER_LANGUAGES: tuple[str, ...] = ("vi", "en", "zh", "ko")
#: Those of them whose words the core reads from a translation file rather than its own vi/en pairs.
TRANSLATED_LANGUAGES: tuple[str, ...] = ("zh", "ko")


def QT_TR_NOOP(text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks ``text`` as an English source string for the translation files; returns it unchanged."""
    return text


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"ocop_pos_{lang}.ts"


@lru_cache(maxsize=8)
def _catalogue(lang: str) -> dict[tuple[str, str], str]:
    """(source, disambiguation) → the finished translation, from ``ocop_pos_<lang>.ts`` (empty when absent)."""
    import xml.etree.ElementTree as ET  # only for a tourist's receipt: not on every start of the till

    path = ts_path(lang)
    if not path.exists():
        return {}
    out: dict[tuple[str, str], str] = {}
    for message in ET.parse(path).iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            continue
        if message.get("numerus") == "yes":
            continue  # counted strings are the GUI's; the core prints none
        if translation.text:
            out[(message.findtext("source") or "", message.findtext("comment") or "")] = translation.text
    return out


def translate(lang: str, source: str, disambiguation: str = "") -> str:
    """``source`` (English) in ``lang``; English itself when the file has no finished translation of it."""
    if lang == "en":
        return source
    return _catalogue(lang).get((source, disambiguation), source)


def has_translation(lang: str, source: str, disambiguation: str = "") -> bool:
    return (source, disambiguation) in _catalogue(lang)
