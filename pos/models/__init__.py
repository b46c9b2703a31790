"""Typed SQLAlchemy 2 models of the terminal database, on one ``Base``.

Import this package to register every table (Alembic's ``env.py`` does).
"""

from pos.models.base import Base
from pos.models.catalogue import Barcode, Category, Producer, Product, StoreProfile, VatRate
from pos.models.einvoice import EInvoice, EInvoiceConfig, EInvoiceCounter, EInvoiceStatus
from pos.models.ledger import JournalEntry, OutboxEntry, ReceiptCounter, TerminalState
from pos.models.sales import CardSlipRow, Payment, Sale, SaleLine, SaleVat, TransferConfirmation
from pos.models.staff import Staff
from pos.models.stock import StockMove
from pos.models.store_ops import (
    AuditEntry,
    CashCountRow,
    CashMovement,
    ConsignmentTerm,
    GoodsReceipt,
    GoodsReceiptLine,
    ProducerDetail,
    ProductPrice,
    SaleVoid,
    Settlement,
    Shift,
    StockCount,
    StockCountLine,
    StockRule,
    ZReportRow,
)
from pos.models.store_sync import CatalogueId, RemoteReturn, StorePriceRow, StoreStock
from pos.models.vat_refund import SaleTraveller, VatRefundConfig, VatRefundForm

__all__ = [
    "AuditEntry",
    "Barcode",
    "Base",
    "CardSlipRow",
    "CashCountRow",
    "CashMovement",
    "CatalogueId",
    "Category",
    "ConsignmentTerm",
    "EInvoice",
    "EInvoiceConfig",
    "EInvoiceCounter",
    "EInvoiceStatus",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "JournalEntry",
    "OutboxEntry",
    "Payment",
    "Producer",
    "ProducerDetail",
    "Product",
    "ProductPrice",
    "ReceiptCounter",
    "RemoteReturn",
    "Sale",
    "SaleLine",
    "SaleTraveller",
    "SaleVat",
    "SaleVoid",
    "Settlement",
    "Shift",
    "Staff",
    "StockCount",
    "StockCountLine",
    "StockMove",
    "StockRule",
    "StorePriceRow",
    "StoreProfile",
    "StoreStock",
    "TerminalState",
    "TransferConfirmation",
    "VatRate",
    "VatRefundConfig",
    "VatRefundForm",
    "ZReportRow",
]
