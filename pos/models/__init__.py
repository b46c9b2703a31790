"""Typed SQLAlchemy 2 models of the terminal database, on one ``Base``.

Each model module is imported the first time one of its classes is asked for (``from pos.models import Staff``
loads ``pos.models.staff``, PEP 562): building the mapped classes of every table cost a fifth of a second of
every start of the till, and the sale screen needs none of them before it is on screen (``ui.app`` loads the rest
in the background once the window is shown: ``load_all``). A module is loaded with the modules its foreign keys
point into, so a loaded table's keys always resolve. ``Base`` asked of this package, and ``load_all()``, load
every module, so ``Base.metadata`` holds every table (Alembic's ``env.py``, the schema tests).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Which module defines each model (the classes this package hands out).
MODEL_MODULES: dict[str, str] = {
    "Barcode": "catalogue",
    "Category": "catalogue",
    "Producer": "catalogue",
    "Product": "catalogue",
    "StoreProfile": "catalogue",
    "VatRate": "catalogue",
    "EInvoice": "einvoice",
    "EInvoiceConfig": "einvoice",
    "EInvoiceCounter": "einvoice",
    "EInvoiceStatus": "einvoice",
    "JournalEntry": "ledger",
    "OutboxEntry": "ledger",
    "ReceiptCounter": "ledger",
    "TerminalState": "ledger",
    "CardSlipRow": "sales",
    "Payment": "sales",
    "Sale": "sales",
    "SaleLine": "sales",
    "SaleVat": "sales",
    "TransferConfirmation": "sales",
    "Staff": "staff",
    "StockMove": "stock",
    "AuditEntry": "store_ops",
    "CashCountRow": "store_ops",
    "CashMovement": "store_ops",
    "ConsignmentTerm": "store_ops",
    "GoodsReceipt": "store_ops",
    "GoodsReceiptLine": "store_ops",
    "ProducerDetail": "store_ops",
    "ProductPrice": "store_ops",
    "SaleVoid": "store_ops",
    "Settlement": "store_ops",
    "Shift": "store_ops",
    "StockCount": "store_ops",
    "StockCountLine": "store_ops",
    "StockRule": "store_ops",
    "ZReportRow": "store_ops",
    "CatalogueId": "store_sync",
    "RemoteReturn": "store_sync",
    "StorePriceRow": "store_sync",
    "StoreStock": "store_sync",
    "SaleTraveller": "vat_refund",
    "VatRefundConfig": "vat_refund",
    "VatRefundForm": "vat_refund",
}
#: The modules whose tables a module's foreign keys point into (loaded before it).
FOREIGN_KEY_MODULES: dict[str, tuple[str, ...]] = {
    "einvoice": ("sales",),
    "ledger": ("sales",),
    "sales": ("catalogue",),
    "stock": ("catalogue", "sales"),
    "store_ops": ("catalogue", "sales", "stock"),
    "store_sync": ("catalogue", "sales"),
    "vat_refund": ("sales",),
}


def _load(module: str) -> Any:
    for needed in FOREIGN_KEY_MODULES.get(module, ()):
        _load(needed)
    return importlib.import_module(f"pos.models.{module}")


def load_all() -> None:
    """Every model module: every table on ``Base.metadata``."""
    for module in sorted(set(MODEL_MODULES.values())):
        _load(module)


def __getattr__(name: str) -> Any:
    if name == "Base":
        load_all()
        from pos.models.base import Base

        value: Any = Base
    elif name in MODEL_MODULES:
        value = getattr(_load(MODEL_MODULES[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # asked once
    return value


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
