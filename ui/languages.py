"""The languages the GUI ships, as data: adding one is adding its code here and its translation file,
``resources/translations/ocop_pos_<code>.ts`` (``scripts/build_translations.py --update`` creates it).

Kept apart from ``ui/i18n.py`` (which loads Qt) so the command line can offer the languages without starting Qt.
"""

from __future__ import annotations

#: The languages the GUI ships, by ISO 639-1 code, in the order the language switch shows them.
LANGUAGES: tuple[str, ...] = ("vi", "en")
#: The language of the strings in the code.
SOURCE_LANGUAGE = "en"
#: The language a till starts in, and the one an unknown code falls back to.
DEFAULT_LANGUAGE = "vi"
