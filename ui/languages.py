"""The languages the GUI ships, as data: adding one is adding its code here and its translation file,
``resources/translations/ocop_pos_<code>.ts`` (``scripts/build_translations.py --update`` creates it).

Two sets. The till's own screens speak :data:`LANGUAGES` (every string of ui/ translated). The customer is served
in :data:`CUSTOMER_LANGUAGES` (``pos.translations``: the customer display and the receipt); a language only the
customer sees (Chinese, Korean) has a .ts of the customer's strings alone: those lupdate finds in
:data:`CUSTOMER_SOURCES`.

Kept apart from ``ui/i18n.py`` (which loads Qt) so the command line can offer the languages without starting Qt.
"""

from __future__ import annotations

from pos.translations import CUSTOMER_LANGUAGES as CUSTOMER_LANGUAGES  # re-exported: the GUI asks here
from pos.translations import TRANSLATED_LANGUAGES

#: The languages the GUI ships, by ISO 639-1 code, in the order the language switch shows them.
LANGUAGES: tuple[str, ...] = ("vi", "en")
#: The language of the strings in the code.
SOURCE_LANGUAGE = "en"
#: The language a till starts in, and the one an unknown code falls back to.
DEFAULT_LANGUAGE = "vi"
#: Languages of the customer alone (display and receipt), not of the till's screens.
CUSTOMER_ONLY: tuple[str, ...] = tuple(lang for lang in TRANSLATED_LANGUAGES if lang not in LANGUAGES)
#: Every language with a translation file, the till's first.
SHIPPED: tuple[str, ...] = (*LANGUAGES, *CUSTOMER_ONLY)
#: Where the strings a customer reads are written (relative to the repository): the display's words, the
#: receipt's labels. A customer-only language translates exactly these.
CUSTOMER_SOURCES: tuple[str, ...] = (
    "ui/customer_words.py",
    "pos/receipts/wording.py",
    "pos/vat_refund/wording.py",
)
#: Each customer language's name in itself, as the display's language buttons show it.
NATIVE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English", "zh": "中文", "ko": "한국어"}
