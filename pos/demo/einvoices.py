"""A demo shop's e-invoices in every state, for the screenshots of the manager's E-invoices section and the status
bar: the store enrolled as a manager enrols it, a few sales (one for a company, one for a person) and one round of
sending through a scripted provider that accepts most, refuses one with a provider's kind of reason, and is not
reached for the last ones (they wait).

The scripted provider stands in for the tax authority's side only in the demo; the tests use the SePay stand-in
(``tests/integration/einvoice/sepay_standin.py``) and the real adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pos.demo.month import codes_by_sku
from pos.einvoice.buyer import Buyer
from pos.einvoice.config import EInvoiceConfig
from pos.einvoice.providers.base import Outcome, Refused, Submission
from pos.einvoice.queue import TillQueue
from pos.einvoice.sending import run_round
from pos.einvoice.setup import save_config
from pos.models.values import utcnow
from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.staff.member import StaffMember
from pos.till.terminal import Terminal

DEMO_ENROLMENT = EInvoiceConfig(
    enrolled=True,
    form="1",
    prefix="K7QNH",
    series_suffix="HL",
    block=1,
    lookup_url="https://hoadondientu.gdt.gov.vn",
    provider_tax_code="0100109106",
)
BUYERS = {
    1: Buyer(
        kind="company",
        name="Công ty TNHH Du lịch Hạ Long Xanh",
        tax_code="0100109106",
        address="18 Hạ Long, Bãi Cháy, Quảng Ninh",
        email="ketoan@hlx.vn",
    ),
    4: Buyer(kind="person", name="Nguyễn Thị Lan", id_number="037201001234", address="Cẩm Phả, Quảng Ninh"),
}
REFUSAL = ("ERR_BUYER_TAX_CODE", "MST người mua không tồn tại hoặc đã ngừng hoạt động")


@dataclass
class ScriptedProvider:
    """Accepts every invoice but those in ``refuse`` (refused with ``REFUSAL``)."""

    refuse: set[str] = field(default_factory=set)
    name: str = "demo"

    def submit(self, item: Submission) -> Outcome:
        if item.sale_id in self.refuse:
            raise Refused(*REFUSAL)
        return Outcome("accepted", f"DEMO-{item.code[-6:]}")

    def check(self, item: Submission, ref: str) -> Outcome:
        return Outcome("accepted", ref)

    def close(self) -> None:
        return None


def stage_einvoices(t: Terminal, manager: StaffMember, *, sales: int = 8, waiting: int = 2) -> list[str]:
    """Enrol ``t``, ring up ``sales`` sales with their invoices and send all but the last ``waiting``: one is
    refused (the third). Returns the sales' ids, oldest first."""
    save_config(t.engine, manager, DEMO_ENROLMENT, terminal_code=t.code)
    codes = sorted(codes_by_sku(t).values())[:12]
    ids: list[str] = []
    for i in range(sales):
        cart = t.new_cart()
        for k in range(1 + i % 3):
            cart.add(t.catalogue.resolve(codes[(i * 5 + k) % len(codes)]))
        context = SaleContext(t.code, manager.id, manager.name, buyer=BUYERS.get(i), store_code=t.store_code)
        ids.append(checkout(t.engine, cart, [Tender.cash(cart.totals().total)], context).id)
    provider = ScriptedProvider(refuse={ids[2]})
    run_round(TillQueue(t.engine), provider, limit=sales - waiting, now=utcnow)
    return ids
