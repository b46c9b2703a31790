"""One error hierarchy for the core.

Every error a cashier or manager can see carries a message in Vietnamese and English, so the GUI and the
command line never have to invent wording. ``code`` is stable and machine-readable (logs, tests, sync).
"""

from __future__ import annotations


class PosError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"

    def __init__(self, vi: str, en: str, *, code: str | None = None) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en
        if code is not None:
            self.code = code

    def message(self, lang: str = "vi") -> str:
        """The human message in ``lang`` ("vi" or "en")."""
        return self.vi if lang.startswith("vi") else self.en

    def __str__(self) -> str:
        return f"{self.en} / {self.vi}"


class FieldErrors(PosError):
    """Input refused for problems in named form fields: ``issues`` holds each as ``(field, vi, en)``, so a form can
    show every problem beside its own field and a command line can print them all at once."""

    def __init__(self, issues: list[tuple[str, str, str]]) -> None:
        super().__init__("; ".join(i[1] for i in issues), "; ".join(i[2] for i in issues), code="invalid")
        self.issues = issues

    def field_messages(self, lang: str = "vi") -> dict[str, str]:
        """Each field's problems in ``lang``, for a form that shows them beside the field."""
        out: dict[str, str] = {}
        for field, vi, en in self.issues:
            message = vi if lang.startswith("vi") else en
            out[field] = f"{out[field]}; {message}" if field in out else message
        return out


class BarcodeError(PosError):
    """A scanned or typed code is malformed (bad length, characters or check digit)."""

    code = "barcode"


class UnknownCodeError(PosError):
    """A well-formed code that maps to no active product."""

    code = "unknown_code"


class CartError(PosError):
    """An operation on the cart that cannot be done (bad quantity, empty cart, over-discount...)."""

    code = "cart"


class PaymentError(PosError):
    """Tenders that do not settle the sale, or a malformed payment."""

    code = "payment"


class CheckoutError(PosError):
    """The sale could not be committed; nothing was written."""

    code = "checkout"


class ReturnError(PosError):
    """A return that is not allowed (unknown receipt, more than sold, already refunded)."""

    code = "return"


class PermissionDenied(PosError):
    """The signed-in user may not do this without approval."""

    code = "permission"


class DatabaseError(PosError):
    """The terminal database cannot be used (newer schema, corrupt, read-only, disk full)."""

    code = "database"


class RefundError(PosError):
    """A VAT refund for a foreigner that cannot be issued; ``reasons`` lists every rule the sale fails (vi, en)."""

    code = "vat_refund"

    def __init__(
        self, vi: str, en: str, *, code: str | None = None, reasons: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(vi, en, code=code)
        self.reasons = reasons


class ConfigError(PosError):
    """A settings file or value is invalid."""

    code = "config"


class DeviceError(PosError):
    """A device (printer, camera, scanner) is missing or failed. Never blocks a sale."""

    code = "device"
