"""The server's tables on ``ServerBase``; import this package to register all of them (Alembic's env does)."""

from pos.server.models.bank import BankRequest, BankTransfer
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
from pos.server.models.office import (
    ConsignmentTerm,
    OfficeAudit,
    OfficeSession,
    OfficeUser,
    OfficeUserStore,
    ScheduledPrice,
    StockThreshold,
    StorePrice,
)
from pos.server.models.org import AdminToken, ChainAnchor, ServerMeta, Store, Terminal
from pos.server.models.public import LotDetail, ProducerLink, ProductPage
from pos.server.models.returns import ReturnClaim, ReturnClaimLine
from pos.server.models.rollups import (
    LineRollup,
    PaymentRollup,
    ReceiptRollup,
    RollupPending,
    StockOnHand,
    VatRollup,
)
from pos.server.models.rules import DiscountLimitRule, FxRateRule, RulesAck, StoreSecret, StoreStaff
from pos.server.models.sales import Payment, Quarantine, Sale, SaleLine, SaleVat, ShiftEvent, StockMove
from pos.server.models.transfers import Transfer, TransferLine

__all__ = [
    "AdminToken",
    "BankRequest",
    "BankTransfer",
    "Barcode",
    "CatalogueChange",
    "Category",
    "ChainAnchor",
    "ConsignmentTerm",
    "DiscountLimitRule",
    "EInvoice",
    "EInvoiceRelay",
    "EInvoiceRetry",
    "EInvoiceStatus",
    "FxRateRule",
    "LineRollup",
    "LotDetail",
    "OfficeAudit",
    "OfficeSession",
    "OfficeUser",
    "OfficeUserStore",
    "Payment",
    "PaymentRollup",
    "Producer",
    "ProducerLink",
    "Product",
    "ProductPage",
    "Promotion",
    "Quarantine",
    "ReceiptRollup",
    "ReturnClaim",
    "ReturnClaimLine",
    "RollupPending",
    "RulesAck",
    "Sale",
    "SaleLine",
    "SaleVat",
    "ScheduledPrice",
    "ServerBase",
    "ServerMeta",
    "ShiftEvent",
    "StockMove",
    "StockOnHand",
    "StockThreshold",
    "Store",
    "StorePrice",
    "StoreSecret",
    "StoreStaff",
    "Terminal",
    "Transfer",
    "TransferLine",
    "VatRate",
    "VatRollup",
    "utcnow",
]
