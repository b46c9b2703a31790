"""What the customer display says, as source strings: kept in a module of their own because a language only the
customer sees (Chinese, Korean: ``ui.languages.CUSTOMER_ONLY``) translates exactly the strings of this module and of
the receipt's wording, not the whole till."""

from __future__ import annotations

from ui.qt import QT_TR_NOOP

TEXTS = {
    "welcome": QT_TR_NOOP("Welcome!"),
    "total": QT_TR_NOOP("Total"),
    "scan": QT_TR_NOOP("Scan with your banking app to pay"),
    "thanks": QT_TR_NOOP("Thank you!"),
    "change": QT_TR_NOOP("Your change"),
    "items": QT_TR_NOOP("Items"),
    "ref": QT_TR_NOOP("Reference"),
    "received": QT_TR_NOOP("Money received"),
    "discount": QT_TR_NOOP("Discount"),
    "language": QT_TR_NOOP("Language"),
}
