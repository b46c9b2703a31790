"""Bilingual wording of the manager screens, following the application's current language.

The manager screens carry both languages inline (``t(vi, en)``) instead of adding strings to the till's
translation files, which belong to the cashier GUI; they re-label on the same LanguageChange event.
"""

from __future__ import annotations

from ui.i18n import current_language


def lang() -> str:
    return "en" if current_language() == "en" else "vi"


def t(vi: str, en: str) -> str:
    """``vi`` or ``en``, whichever language the till shows now."""
    return en if lang() == "en" else vi
