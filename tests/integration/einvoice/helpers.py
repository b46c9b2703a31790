"""Enrolling a demo till for e-invoices the way a manager does (signed in, audited)."""

from __future__ import annotations

from pos.einvoice.config import EInvoiceConfig
from pos.einvoice.setup import save_config
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal

ENROLLED = EInvoiceConfig(
    enrolled=True,
    form="1",
    prefix="A1B2C",
    series_suffix="AA",
    block=1,
    lookup_url="https://hoadon.example.vn/tra-cuu",
    provider_tax_code="0100109106",
)


def manager(t: Terminal):  # type: ignore[no-untyped-def]
    return authenticate(t.engine, install_secret(t.settings.home), "9999", terminal_code=t.code)


def enrol(t: Terminal, config: EInvoiceConfig = ENROLLED) -> EInvoiceConfig:
    return save_config(t.engine, manager(t), config, terminal_code=t.code)
