"""The server's tables on ``ServerBase``; import this package to register all of them (Alembic's env does)."""

from pos.server.models.base import ServerBase, utcnow
from pos.server.models.catalogue import (
    Barcode,
    CatalogueChange,
    Category,
    Producer,
    Product,
    Promotion,
    VatRate,
)
from pos.server.models.einvoice import EInvoice, EInvoiceRelay, EInvoiceRetry, EInvoiceStatus
from pos.server.models.org import AdminToken, ChainAnchor, ServerMeta, Store, Terminal
from pos.server.models.sales import Payment, Quarantine, Sale, SaleLine, SaleVat, ShiftEvent, StockMove

__all__ = [
    "AdminToken",
    "Barcode",
    "CatalogueChange",
    "Category",
    "ChainAnchor",
    "EInvoice",
    "EInvoiceRelay",
    "EInvoiceRetry",
    "EInvoiceStatus",
    "Payment",
    "Producer",
    "Product",
    "Promotion",
    "Quarantine",
    "Sale",
    "SaleLine",
    "SaleVat",
    "ServerBase",
    "ServerMeta",
    "ShiftEvent",
    "StockMove",
    "Store",
    "Terminal",
    "VatRate",
    "utcnow",
]
