"""The e-invoice errors a person can act on (vi/en)."""

from __future__ import annotations

from pos.errors import FieldErrors, PosError


class EInvoiceError(PosError):
    code = "einvoice"


class BuyerError(FieldErrors):
    """Buyer details that cannot go on an invoice; ``issues`` names every problem as ``(field, vi, en)``."""

    code = "einvoice_buyer"
