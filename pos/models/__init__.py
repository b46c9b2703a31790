"""Typed SQLAlchemy 2 models of the terminal database, on one ``Base``.

Import this package to register every table (Alembic's ``env.py`` does).
"""

from pos.models.base import Base
from pos.models.catalogue import Barcode, Category, Producer, Product, StoreProfile, VatRate
from pos.models.ledger import JournalEntry, OutboxEntry, ReceiptCounter, TerminalState
from pos.models.sales import Payment, Sale, SaleLine, SaleVat
from pos.models.staff import Staff
from pos.models.stock import StockMove

__all__ = [
    "Barcode",
    "Base",
    "Category",
    "JournalEntry",
    "OutboxEntry",
    "Payment",
    "Producer",
    "Product",
    "ReceiptCounter",
    "Sale",
    "SaleLine",
    "SaleVat",
    "Staff",
    "StockMove",
    "StoreProfile",
    "TerminalState",
    "VatRate",
]
