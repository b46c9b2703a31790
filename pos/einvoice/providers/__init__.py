"""Providers that carry invoices to the tax authority: one module per provider, all behind ``base.Provider``.

``provider_for(name, settings)`` builds the configured one; a second provider adds a module and a line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pos.einvoice.providers.base import Provider


def provider_for(name: str, settings: Mapping[str, Any]) -> Provider:
    """The provider ``name`` configured from its ``[einvoice.<name>]`` settings (credentials, base URL)."""
    if name == "sepay":
        from pos.einvoice.providers.sepay import SePayProvider

        return SePayProvider.from_settings(settings)
    from pos.einvoice.errors import EInvoiceError

    raise EInvoiceError(f"Không có nhà cung cấp {name!r}", f"No provider {name!r}", code="einvoice_provider")
