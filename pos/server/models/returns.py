"""Refunds decided by head office: a till returning a receipt of another till of its store claims the lines first.

``return_claims`` is keyed by the return sale's own id (the till makes it before it refunds), so a claim repeated
after a lost answer is one claim; the original sale's row is locked while a claim is checked, so two tills
returning the same line at once are decided one after the other, and the second sees the first.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import ServerBase


class ReturnClaim(ServerBase):
    __tablename__ = "return_claims"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the return sale's id
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    original_sale_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReturnClaimLine(ServerBase):
    __tablename__ = "return_claim_lines"

    claim_id: Mapped[str] = mapped_column(ForeignKey("return_claims.id"), primary_key=True)
    original_line_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    qty_milli: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
