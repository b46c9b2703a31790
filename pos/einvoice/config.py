"""Whether this till's store issues e-invoices, and the symbols the tax authority gave it (``einvoice_config``).

* ``form`` — the invoice type: ``1`` VAT invoice (a seller on the credit method), ``2`` sales invoice (a
  household or a seller on the direct method); it is the code's second character and the template symbol.
* ``prefix`` — the five characters the tax authority assigned when the store enrolled (the code's third group).
* ``series_suffix`` — the two letters the seller chose for the series: the series printed is
  ``C{YY}M{suffix}`` (C: with a tax-authority code, YY the year, M: generated from a cash register).
* ``block`` — 0–99, different on each till sharing one prefix: the first two of the code's eleven sequence
  digits, so two tills never make the same code without talking to each other.
* ``provider`` / ``send_via`` — who carries the invoices to the tax authority, from the till or through head
  office; ``lookup_url`` — where a buyer looks an invoice up (printed and put in the receipt's QR).

Saved by a manager through ``pos.einvoice.setup.save_config`` (``ocop-pos einvoice setup``); audited.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from pos.einvoice.code import FORMS, check_prefix
from pos.errors import FieldErrors

PROVIDERS = ("sepay",)
SEND_VIA = ("till", "relay")
_SUFFIX = re.compile(r"[A-Z]{2}")
FIELDS = (
    "enrolled", "form", "prefix", "series_suffix", "block", "provider", "send_via", "lookup_url",
    "provider_tax_code",
)  # fmt: skip


class EInvoiceConfigError(FieldErrors):
    code = "einvoice_config"


@dataclass(frozen=True, slots=True)
class EInvoiceConfig:
    enrolled: bool = False
    form: str = "1"
    prefix: str = ""
    series_suffix: str = ""
    block: int = 0
    provider: str = "sepay"
    send_via: str = "till"
    lookup_url: str = ""
    provider_tax_code: str = ""

    def series(self, year: int) -> str:
        """The invoice series (ký hiệu hoá đơn) for invoices made in ``year``: ``C26MAA``."""
        return f"C{year % 100:02d}M{self.series_suffix}"


_SELECT = f"SELECT {', '.join(FIELDS)} FROM einvoice_config WHERE id = 1"


def _from_row(row: Any) -> EInvoiceConfig:
    v = dict(zip(FIELDS, row, strict=True))
    return EInvoiceConfig(
        enrolled=bool(v["enrolled"]),
        form=str(v["form"] or ""),
        prefix=str(v["prefix"] or ""),
        series_suffix=str(v["series_suffix"] or ""),
        block=int(v["block"] or 0),
        provider=str(v["provider"] or ""),
        send_via=str(v["send_via"] or ""),
        lookup_url=str(v["lookup_url"] or ""),
        provider_tax_code=str(v["provider_tax_code"] or ""),
    )


def load_config(engine: Engine) -> EInvoiceConfig:
    with engine.connect() as conn:
        row = conn.execute(text(_SELECT)).first()
        conn.rollback()
    return EInvoiceConfig() if row is None else _from_row(row)


def config_on(cur: sqlite3.Cursor) -> EInvoiceConfig:
    """The configuration as the checkout transaction sees it (one small read per sale)."""
    row = cur.execute(_SELECT).fetchone()
    return EInvoiceConfig() if row is None else _from_row(row)


def config_issues(c: EInvoiceConfig) -> list[tuple[str, str, str]]:
    issues: list[tuple[str, str, str]] = []
    if c.form not in FORMS:
        issues.append(("form", "Mẫu số là một chữ số 1–6", "The form is one digit 1–6"))
    if c.enrolled or c.prefix:
        try:
            check_prefix(c.prefix)
        except Exception as exc:  # EInvoiceError: its message is the issue
            issues.append(("prefix", getattr(exc, "vi", str(exc)), getattr(exc, "en", str(exc))))
    if c.enrolled and not _SUFFIX.fullmatch(c.series_suffix):
        issues.append(
            (
                "series_suffix",
                "Hai chữ cái cuối của ký hiệu (ví dụ AA)",
                "The series' last two letters (e.g. AA)",
            )
        )
    if c.enrolled:
        from pos.einvoice.taxcode import tax_code_problem

        if tax_code_problem(c.provider_tax_code):
            issues.append(
                (
                    "provider_tax_code",
                    "Cần mã số thuế hợp lệ của đơn vị cung cấp giải pháp hoá đơn (MSTTCGP)",
                    "The e-invoice solution provider's valid tax code is needed (MSTTCGP)",
                )
            )
    if not 0 <= c.block <= 99:
        issues.append(("block", "Khối số của quầy là 0–99", "The till's block is 0–99"))
    if c.provider not in PROVIDERS:
        issues.append(
            ("provider", f"Nhà cung cấp: {', '.join(PROVIDERS)}", f"Provider: {', '.join(PROVIDERS)}")
        )
    if c.send_via not in SEND_VIA:
        issues.append(
            ("send_via", "Gửi từ quầy (till) hoặc qua văn phòng (relay)", "Send from the till or relay")
        )
    if c.lookup_url and not c.lookup_url.startswith(("https://", "http://")):
        issues.append(
            ("lookup_url", "Địa chỉ tra cứu bắt đầu bằng https://", "The lookup address starts with https://")
        )
    return issues


def normalise_config(c: EInvoiceConfig) -> EInvoiceConfig:
    return dataclasses.replace(
        c,
        prefix=c.prefix.strip().upper(),
        series_suffix=c.series_suffix.strip().upper(),
        lookup_url=c.lookup_url.strip(),
        provider_tax_code=c.provider_tax_code.strip(),
    )


def lookup_link(lookup_url: str, seller_tax_code: str, code: str) -> str:
    """What the receipt's QR holds: the lookup page with the seller's tax code and the invoice's code."""
    from urllib.parse import urlencode

    sep = "&" if "?" in lookup_url else "?"
    return f"{lookup_url}{sep}{urlencode({'mst': seller_tax_code, 'ma': code})}"
