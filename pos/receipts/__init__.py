"""Receipts: building the bytes of a receipt and getting them onto paper."""
