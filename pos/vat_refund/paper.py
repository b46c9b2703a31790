"""The refund form on the till's paper, laid out from the stored form alone (pure: no database here).

What it shows follows Circular 32/2025/TT-BTC Art. 7(1)(a), the part the shop fills in: the title and the sale's
VAT e-invoice symbols (form, series, the tax authority's code); the seller; the traveller's passport; each line's
goods with brand and origin, quantity and unit price before VAT, amount before VAT, rate, VAT and amount with VAT;
VAT per rate and the totals; how it was paid; both signatures. Art. 7(2): Vietnamese, with the English beside it in
brackets. Under the traveller, which e-invoice carries their passport (``NMua/SHChieu``) — or, on a form made
before 8 December 2026, that the invoice does not. A form without a VAT e-invoice (one issued before the rule of ``rules.invoice_problems``) says plainly
that it is not a VAT invoice. The notice to the traveller names international airports and seaports, as the
circular's reference sample does, and is also printed in Chinese or Korean for a traveller served in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pos.money import div_round_half_up, format_vnd
from pos.receipts.document import ReceiptDoc, ReportRow, ReportSection, as_lang
from pos.vat import breakdown
from pos.vat_refund import wording as w
from pos.vat_refund.records import Paid, RefundForm
from pos.vat_refund.rules import BANK_FEE_PCT, DEPARTURE_DAYS, MIN_GOODS_VALUE


def _line_rows(no: int, line: dict[str, Any]) -> list[ReportRow]:
    rows = [ReportRow(f"{no}. {line['name']}")]
    if line.get("brand"):
        rows.append(ReportRow(f"  {w.both('goods.brand')}: {line['brand']}"))
    if line.get("origin"):
        rows.append(
            ReportRow(
                f"  {w.both('goods.origin')}: {w.vi('goods.made_in')} ({w.en('goods.made_in')}), {line['origin']}"
            )
        )
    rate = int(line["rate_pct"])
    if "net" in line:  # forms issued before 7 December 2026 kept only the amount with VAT
        net, vat, qty = int(line["net"]), int(line["vat"]), int(line.get("qty_milli") or 0)
        unit_net = format_vnd(div_round_half_up(net * 1000, qty)) if qty > 0 else ""
        rows.append(ReportRow(f"  {w.both('goods.qty')}", f"{line['qty']} × {unit_net}".strip(" ×")))
        rows.append(ReportRow(f"  {w.both('goods.net')}", net))
        rows.append(ReportRow(f"  {w.both('goods.rate')}", f"{rate}%"))
        rows.append(ReportRow(f"  {w.both('goods.vat')}", vat))
    else:
        rows.append(ReportRow(f"  {w.both('goods.qty')}", str(line["qty"])))
        rows.append(ReportRow(f"  {w.both('goods.rate')}", f"{rate}%"))
    rows.append(ReportRow(f"  {w.both('goods.gross')}", int(line["amount"])))
    return rows


def _paid_rows(paid: tuple[Paid, ...]) -> list[ReportRow]:
    rows = []
    for p in paid:
        key = f"paid.{p.method}" if p.method in ("cash", "fx_cash", "card", "vietqr") else "paid.cash"
        rows.append(ReportRow(w.both(key), p.amount))
        if p.method == "fx_cash" and p.foreign_amount:
            rows.append(ReportRow(f"  {p.currency} {p.foreign_amount:,}".replace(",", ".")))
        if p.method == "card":
            if p.reference:
                rows.append(ReportRow(f"  {w.both('paid.approval')}: {p.reference}"))
            for card in p.cards:
                if card:
                    rows.append(ReportRow(f"  {w.both('paid.card_number')}: {card}"))
            if not p.cards or not all(p.cards):
                rows.append(ReportRow(f"  {w.both('paid.card_unrecorded')}"))
    return rows


def form_doc(
    form: RefundForm,
    *,
    shop_name: str,
    shop_address: str,
    tax_code: str,
    registration: str,
    issued_local: dt.datetime,
    lang: str = "vi",
) -> ReceiptDoc:
    """``form`` as a document for the till's printer (raster or text), signed by the seller and the traveller,
    with the form number as a barcode for the bank to scan."""
    p, inv = form.passport, form.invoice
    title = w.both("title.invoice" if inv is not None else "title.no_invoice")
    if form.void:
        title += f" — {w.vi('void')} / {w.en('void')}"
    own_title = w.in_lang("title.invoice", lang) if inv is not None else None
    invoice_rows: tuple[ReportRow, ...]
    if inv is not None:
        invoice_rows = (
            ReportRow(w.both("invoice.form"), inv.form),
            ReportRow(w.both("invoice.series"), inv.series),
            ReportRow(w.both("invoice.code"), inv.code),
        )
    else:
        invoice_rows = (ReportRow(w.vi("invoice.missing")), ReportRow(w.en("invoice.missing")))
    invoice_rows += (
        ReportRow(w.both("invoice.form_no"), form.form_no),
        ReportRow(w.both("invoice.receipt"), form.receipt_no),
    )
    goods: list[ReportRow] = []
    for no, line in enumerate(form.lines, start=1):
        goods += _line_rows(no, line)
    totals: list[ReportRow] = [
        ReportRow(w.both("totals.rate", rate=row.rate_pct), row.vat)
        for row in breakdown((int(line["rate_pct"]), int(line["amount"])) for line in form.lines)
    ]
    totals += [
        ReportRow(w.both("totals.net"), form.goods_value - form.vat_amount),
        ReportRow(w.both("totals.vat"), form.vat_amount),
        ReportRow(w.both("totals.gross"), form.goods_value),
    ]
    values = {"days": DEPARTURE_DAYS, "minimum": format_vnd(MIN_GOODS_VALUE)}
    notice = [
        ReportRow(w.vi("notice", **values)),
        ReportRow(f"({w.en('notice', **values)})"),
    ]
    traveller = [
        ReportRow(w.both("traveller.name"), p.full_name),
        ReportRow(w.both("traveller.nationality"), p.nationality),
        ReportRow(w.both("traveller.passport"), p.number),
        ReportRow(w.both("traveller.issued"), p.issued_on.strftime("%d/%m/%Y")),
        ReportRow(w.both("traveller.expires"), p.expires_on.strftime("%d/%m/%Y")),
    ]
    if inv is not None:  # which invoice carries the passport (the refund invoice is that e-invoice)
        key = "passport.on_invoice" if inv.passport_no == p.number else "passport.not_on_invoice"
        traveller += [ReportRow(w.vi(key, code=inv.code)), ReportRow(f"({w.en(key, code=inv.code)})")]
        own = w.in_lang(key, lang, code=inv.code)
        if own is not None:
            traveller.append(ReportRow(own))
    own_notice = w.in_lang("notice", lang, **values)
    if own_notice is not None:
        notice.append(ReportRow(own_notice))
    own_heading = w.in_lang("notice.title", lang)
    sections = (
        ReportSection(w.both("section.invoice"), invoice_rows),
        ReportSection(
            w.both("section.shop"),
            (ReportRow(w.both("shop.registration"), registration),),
        ),
        ReportSection(
            w.both("section.traveller"),
            tuple(traveller),
        ),
        ReportSection(w.both("section.goods"), tuple(goods)),
        ReportSection(w.both("section.totals"), tuple(totals)),
        ReportSection(w.both("section.paid"), tuple(_paid_rows(form.paid))),
        ReportSection(
            w.both("section.refund"),
            (
                ReportRow(w.both("refund.vat"), form.vat_amount),
                ReportRow(w.both("refund.fee", pct=BANK_FEE_PCT), -form.bank_fee),
                ReportRow(w.both("refund.due"), form.refund_amount),
            ),
        ),
        ReportSection(w.both("notice.title") + (f" / {own_heading}" if own_heading else ""), tuple(notice)),
        ReportSection(
            None,
            (
                ReportRow(w.both("sign.seller") + ":"),
                ReportRow("." * 32),
                ReportRow(w.both("sign.buyer") + ":"),
                ReportRow("." * 32),
            ),
        ),
    )
    return ReceiptDoc(
        kind="report",
        shop_name=shop_name,
        shop_address=shop_address,
        tax_code=tax_code,
        title=title + (f" / {own_title}" if own_title else ""),
        receipt_no=form.form_no,
        printed_at=issued_local,
        cashier=form.issued_by,
        sections=sections,
        barcode=form.form_no,
        lang=as_lang("vi"),
    )
