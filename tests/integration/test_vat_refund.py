"""VAT refund for foreigners at a refund shop: a qualifying sale gets its form (kept with the sale, printed,
listed and exported for the refunding bank); one under the minimum, on a Vietnamese or expired passport, at a shop
not enrolled, or twice, is refused with every reason and nothing is written. The form is the sale's VAT e-invoice
with the passport and what Circular 32/2025 Art. 7 asks of it (amounts before VAT, brand, origin, payment); a
shop without VAT e-invoices is refused. Rules and sources: docs/vat-refund.md.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from pos.catalogue.lookup import ScanResult
from pos.errors import PermissionDenied, RefundError
from pos.payments.tenders import Tender
from pos.receipts.layout import compose_rows
from pos.receipts.preview import preview_png
from pos.receipts.rows import TextRow
from pos.selling.checkout import SaleContext, checkout
from pos.selling.returns import find_sale, make_return
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.till.guarded import guarded_return, void_sale
from pos.till.terminal import Terminal
from pos.vat_refund.forms import (
    CSV_COLUMNS,
    RefundShop,
    check_sale,
    export_csv,
    form_doc,
    form_of,
    issue_form,
    list_forms,
    load_shop,
    save_shop,
)
from pos.vat_refund.rules import (
    BANK_FEE_PCT,
    MIN_GOODS_VALUE,
    Passport,
    RefundLine,
    SaleInvoice,
    decide,
    invoice_problems,
)
from tests.integration.einvoice.helpers import ENROLLED
from tests.integration.einvoice.helpers import enrol as enrol_einvoices

TODAY = dt.date.today()
ZHANG = Passport("e12345678", "chn", "Zhang  Wei", dt.date(2020, 5, 1), dt.date(2030, 4, 30))
KIM = Passport("M98765432", "KOR", "KIM MIN-JI", dt.date(2022, 1, 10), dt.date(2032, 1, 9))
PEARL_EARRINGS = "QN-0001"  # 1 950 000 ₫, crafts, VAT 8 % (reduced)
PEARL_NECKLACE = "QN-0002"  # 13 800 000 ₫
BA_KICH = "QN-0012"  # 240 000 ₫, spirits
SEEDLING = "QN-0123"  # 15 000 ₫, outside VAT
INVOICE = SaleInvoice("1", "C26MAA", "M1-26-A1B2C-00000000001")
VAT_OK = {"einvoice_enrolled": True, "invoice": INVOICE}


def _staff(t: Terminal, pin: str):  # type: ignore[no-untyped-def]
    return authenticate(t.engine, install_secret(t.settings.home), pin, terminal_code=t.code)


def _enrol(t: Terminal, excluded: frozenset[str] = frozenset(), einvoices: bool = True) -> None:
    """Enrol the store as a refund shop, and (by default) for VAT e-invoices, which the refund invoice is."""
    if einvoices:
        enrol_einvoices(t)
    save_shop(t.engine, _staff(t, "9999"), RefundShop(True, "1234/CT-QNI 01/11/2026", excluded))


def _sell(t: Terminal, *skus: str, card: int = 0, lang: str = "zh"):  # type: ignore[no-untyped-def]
    cart = t.new_cart()
    for sku in skus:
        product = t.catalogue.by_sku(sku)
        assert product is not None, sku
        cart.add(ScanResult(product, sku))
    total = cart.totals().total
    tenders = [Tender.card(card, "AP7731"), Tender.cash(total - card)] if card else [Tender.cash(total)]
    return checkout(t.engine, cart, tenders, SaleContext(t.code, lang=lang))


def _forms(t: Terminal) -> int:
    with t.engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM vat_refund_forms")).scalar_one())


def test_the_rules_alone() -> None:
    lines = [
        RefundLine("Ngọc trai", "1", 1_950_000, 8, "crafts"),
        RefundLine("Cây giống", "1", 15_000, 0, "farm"),
        RefundLine("Rượu", "1", 240_000, 10, "spirits"),
    ]
    ok = decide(lines, ZHANG, on=TODAY, enrolled=True, sold_on=TODAY, **VAT_OK)
    assert ok.qualifies and ok.goods_value == 2_190_000
    assert ok.vat_amount == 144_444 + 21_818  # per rate, as the sale's VAT rows round
    assert (
        ok.bank_fee == (ok.vat_amount * BANK_FEE_PCT + 50) // 100
        and ok.refund_amount == ok.vat_amount - ok.bank_fee
    )
    assert [(line.name, why[1]) for line, why in ok.left_out] == [("Cây giống", "no VAT was charged on it")]
    short = decide(
        lines, ZHANG, on=TODAY, enrolled=True, excluded_categories=frozenset({"spirits"}), **VAT_OK
    )
    assert not short.qualifies and MIN_GOODS_VALUE == 2_000_000
    assert short.reasons == (
        (
            "Hàng được hoàn thuế mua trong ngày tại cửa hàng chỉ 1.950.000 ₫, chưa đủ mức tối thiểu 2.000.000 ₫ "
            "(thiếu 50.000 ₫)",
            "Qualifying goods bought here today come to 1.950.000 ₫, under the minimum of 2.000.000 ₫ (50.000 ₫ short)",
        ),
    )
    assert decide(
        lines[:1], ZHANG, on=TODAY, enrolled=True, earlier_today=50_000, **VAT_OK
    ).qualifies  # same day, same shop
    vietnamese = Passport("C1234567", "VNM", "NGUYEN VAN A", dt.date(2020, 1, 1), dt.date(2030, 1, 1))
    expired = Passport("E1234567", "CHN", "LI NA", dt.date(2014, 1, 1), TODAY - dt.timedelta(days=1))
    everything = decide(
        lines,
        vietnamese,
        on=TODAY,
        enrolled=False,
        einvoice_enrolled=False,
        invoice=None,
        is_sale=False,
        sold_on=TODAY - dt.timedelta(days=1),
    )
    assert len(everything.reasons) == 5  # not enrolled, no VAT invoice, not a sale, another day, Vietnamese
    assert any(
        "expired" in en for _vi, en in decide(lines, expired, on=TODAY, enrolled=True, **VAT_OK).reasons
    )


def test_the_refund_invoice_is_a_vat_invoice() -> None:
    """Circular 32/2025 Art. 7: no VAT e-invoice (the store not enrolled, sales invoices, a sale made before
    enrolling), no refund invoice — each says why and cites the article."""
    assert invoice_problems(True, "1", INVOICE) == []
    not_enrolled = invoice_problems(False, "1", None)
    sales_invoice = invoice_problems(True, "2", SaleInvoice("2", "C26MAA", "M2-26-A1B2C-00000000001"))
    before = invoice_problems(True, "1", None)
    for reasons, en in (
        (not_enrolled, "not enrolled for e-invoices"),
        (sales_invoice, "invoices of form 2, not VAT invoices"),
        (before, "no VAT e-invoice"),
    ):
        assert len(reasons) == 1 and en in reasons[0][1], reasons
        assert "Circular 32/2025/TT-BTC, Art. 7" in reasons[0][1]
        assert "Thông tư 32/2025/TT-BTC, Điều 7" in reasons[0][0]


def test_a_qualifying_sale_gets_its_form_kept_printed_and_exported(
    demo_terminal: Terminal, tmp_path: Path
) -> None:
    t = demo_terminal
    _enrol(t)
    sale = _sell(t, PEARL_NECKLACE, BA_KICH, SEEDLING, card=10_000_000)
    assert check_sale(t.engine, sale.id, ZHANG).qualifies
    form = issue_form(t.engine, sale.id, ZHANG, "Nguyễn Thị Lan")
    assert form.form_no == "HT-T01-000001" and form.receipt_no == sale.receipt_label
    assert form.passport == Passport(
        "E12345678", "CHN", "ZHANG WEI", dt.date(2020, 5, 1), dt.date(2030, 4, 30)
    )
    assert form.goods_value == 13_800_000 + 240_000  # the seedling bore no VAT
    assert form.vat_amount == sum(v.vat for v in sale.vat if v.rate_pct > 0)
    assert form.refund_amount + form.bank_fee == form.vat_amount
    assert form_of(t.engine, sale.id) == form  # recorded with the sale
    # the sale's VAT e-invoice is the refund invoice (Circular 32 Art. 7(1)(a.2))
    assert form.invoice is not None and form.invoice.form == "1"
    assert form.invoice.series == ENROLLED.series(TODAY.year) and form.invoice.code.startswith("M1-")
    # each line before VAT, its rate and VAT, adding up to the form's VAT; brand and origin from the catalogue
    assert sum(line["vat"] for line in form.lines) == form.vat_amount
    assert all(line["net"] + line["vat"] == line["amount"] for line in form.lines)
    with t.engine.connect() as conn:
        brand, district = conn.execute(
            text(
                "SELECT r.name, r.district FROM products p JOIN producers r ON r.id = p.producer_id "
                "WHERE p.sku = :s"
            ),
            {"s": PEARL_NECKLACE},
        ).one()
    assert form.lines[0]["brand"] == brand and form.lines[0]["origin"].startswith(district)
    # how it was paid (Art. 7(1)(a.6)): by card (approval code; the till keeps no card number) and in cash
    assert [(p.method, p.amount) for p in form.paid] == [
        ("card", 10_000_000),
        ("cash", sale.total - 10_000_000),
    ]
    doc = form_doc(t.engine, form)
    printed = " ".join(
        " ".join(r.text.split()) for r in compose_rows(doc, width_mm=80) if isinstance(r, TextRow)
    )
    for expected in (
        "HÓA ĐƠN GIÁ TRỊ GIA TĂNG KIÊM TỜ KHAI HOÀN THUẾ (VAT INVOICE CUM TAX REFUND DECLARATION)",
        "Mẫu số (Form No)",
        form.invoice.series,
        form.invoice.code,
        "ZHANG WEI",
        "E12345678",
        "CHN",
        "30/04/2030",
        "1234/CT-QNI",
        form.receipt_no,
        f"Nhãn hiệu (Brand): {brand}",
        "Xuất xứ (Origin): Việt Nam (Made in Vietnam)",
        "Thành tiền chưa thuế (Amount excl. VAT)",
        "Thuế suất (VAT rate) 8%",
        "Tổng tiền chưa thuế (Total excl. VAT)",
        "Thẻ (Card)",
        "Mã chuẩn chi (Approval code): AP7731",
        "sân bay quốc tế hoặc cảng biển quốc tế",
        "international airport or international seaport",
    ):
        assert expected in printed, expected
    assert "Cây giống" not in printed and "_" not in printed and "border" not in printed
    assert "cửa khẩu" not in printed

    # the traveller was served in Chinese: the notice is in Chinese too, the rest stays Vietnamese and English
    def flat(doc: object) -> str:  # a wide character's second cell is a word joiner on the paper
        rows = compose_rows(doc, width_mm=80)  # type: ignore[arg-type]
        return "".join(r.text for r in rows if isinstance(r, TextRow)).replace(" ", "").replace("\u2060", "")

    assert "国际机场" in flat(doc) and "国际海港" in flat(doc) and "增值税发票兼退税申报单" in flat(doc)
    assert "국제공항" in flat(form_doc(t.engine, form, lang="ko"))
    assert "国际" not in flat(form_doc(t.engine, form, lang="en"))
    for lang in ("vi", "zh"):
        preview_png(form_doc(t.engine, form, lang=lang), 80).save(f"/tmp/ocop-vat-refund-form-{lang}.png")
    # a form kept without a VAT e-invoice (issued before the rule) says plainly it is not one
    old = form_doc(t.engine, dataclasses.replace(form, invoice=None))
    assert old.title is not None and "NOT A VAT INVOICE" in old.title
    assert any(
        "the shop must issue the VAT invoice" in (r.label or "") for sec in old.sections for r in sec.rows
    )
    # twice is refused, and so is a Korean's small purchase the same day
    with pytest.raises(RefundError) as again:
        issue_form(t.engine, sale.id, ZHANG, "Nguyễn Thị Lan")
    assert "already has refund form HT-T01-000001" in again.value.en
    small = _sell(t, PEARL_EARRINGS)
    with pytest.raises(RefundError) as refused:
        issue_form(t.engine, small.id, KIM, "Nguyễn Thị Lan")
    assert refused.value.code == "not_qualified"
    assert refused.value.reasons[0][1].startswith("Qualifying goods bought here today come to 1.950.000 ₫")
    assert _forms(t) == 1  # nothing written for a refusal
    out = tmp_path / "forms.csv"
    assert export_csv(list_forms(t.engine, TODAY, TODAY), out) == 1
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert (rows[0]["form_no"], rows[0]["passport_no"], rows[0]["refund_amount"]) == (
        "HT-T01-000001",
        "E12345678",
        str(form.refund_amount),
    )
    row = rows[0]
    assert (row["einvoice_form"], row["einvoice_series"], row["einvoice_code"]) == (
        "1",
        form.invoice.series,
        form.invoice.code,
    )
    assert int(row["goods_net"]) == form.goods_value - form.vat_amount
    assert (row["paid_card"], row["card_approval"]) == ("10000000", "AP7731")
    assert int(row["paid_cash"]) == sale.total - 10_000_000
    assert f"brand: {brand}" in row["goods"] and "origin: Vietnam, " in row["goods"]
    assert list_forms(t.engine, TODAY + dt.timedelta(days=1)) == []


def test_excluded_goods_returns_and_the_shops_enrolment(demo_terminal: Terminal) -> None:
    t = demo_terminal
    before = _sell(
        t, PEARL_NECKLACE
    )  # the store not yet enrolled for e-invoices: the sale has no VAT invoice
    _enrol(t, einvoices=False)
    with pytest.raises(RefundError) as no_vat_invoice:
        issue_form(t.engine, before.id, KIM, "Lan")
    assert [en for _vi, en in no_vat_invoice.value.reasons] == [
        "This shop is not enrolled for e-invoices, so it cannot issue the VAT invoice that is the refund "
        "declaration (Circular 32/2025/TT-BTC, Art. 7): enrol for e-invoices (form 1, VAT invoice) first"
    ]
    enrol_einvoices(t)
    late = check_sale(t.engine, before.id, KIM)  # enrolling afterwards does not give the old sale an invoice
    assert [en for _vi, en in late.reasons] == [
        "This sale has no VAT e-invoice (it was made before the shop enrolled for e-invoices), so it cannot "
        "have the VAT invoice that is the refund declaration (Circular 32/2025/TT-BTC, Art. 7)"
    ]
    enrol_einvoices(t, dataclasses.replace(ENROLLED, form="2"))  # a direct-method seller: sales invoices
    direct = _sell(t, PEARL_NECKLACE)
    assert any(
        "invoices of form 2, not VAT invoices" in en
        for _vi, en in check_sale(t.engine, direct.id, KIM).reasons
    )
    assert _forms(t) == 0
    save_shop(t.engine, _staff(t, "9999"), RefundShop(False, ""))
    enrol_einvoices(t)
    sale = _sell(t, PEARL_EARRINGS, BA_KICH)
    with pytest.raises(RefundError) as not_enrolled:
        issue_form(t.engine, sale.id, KIM, "Lan")
    assert not_enrolled.value.reasons[0][1] == "This shop is not registered to sell goods for VAT refund"
    with pytest.raises(PermissionDenied):
        save_shop(t.engine, _staff(t, "1111"), RefundShop(True, "x"))  # a cashier may not enrol the shop
    with pytest.raises(RefundError):
        save_shop(t.engine, _staff(t, "9999"), RefundShop(True, " "))  # enrolled needs the tax office's paper
    _enrol(t, frozenset({"spirits"}))
    assert load_shop(t.engine).excluded_categories == {"spirits"}
    decision = check_sale(t.engine, sale.id, KIM)
    assert not decision.qualifies and decision.goods_value == 1_950_000  # the liquor is left off
    _enrol(t)
    assert check_sale(t.engine, sale.id, KIM).qualifies  # 2 190 000 ₫
    original = find_sale(t.engine, t.code, sale.receipt_no)
    ba_kich = next(line for line in original.lines if line.sku == BA_KICH)
    make_return(t.engine, original, {ba_kich.line_id: 1000}, SaleContext(t.code), approved_by="M01")
    after = check_sale(t.engine, sale.id, KIM)
    assert not after.qualifies and after.goods_value == 1_950_000  # what came back is not carried out


def test_the_command_line_issues_lists_and_refuses(demo_terminal: Terminal, tmp_path: Path) -> None:
    t = demo_terminal
    _enrol(t)
    big, small = _sell(t, PEARL_NECKLACE), _sell(t, PEARL_EARRINGS)
    env = {**os.environ, "OCOP_POS_HOME": str(t.settings.home), "OCOP_POS_PIN": "1111"}
    t.engine.dispose()

    def ocop(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pos.cli", *args], env=env, capture_output=True, text=True, timeout=300
        )

    passport = ["--passport", "M98765432", "--nationality", "KOR", "--name", "Kim Min-ji"]
    passport += ["--issued", "2022-01-10", "--expires", "2032-01-09"]
    png = tmp_path / "form.png"
    done = ocop("vat-refund", "issue", str(big.receipt_no), *passport, "--staff", "C01", "--out", str(png))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("HT-T01-000001\t") and Image.open(png).size[0] == 576
    other = [
        "--passport",
        "M11112222",
        *passport[2:],
    ]  # another traveller: Kim's big form does not count for them
    refused = ocop("--lang", "en", "vat-refund", "issue", str(small.receipt_no), *other, "--staff", "C01")
    assert refused.returncode == 1 and "under the minimum of 2.000.000 ₫" in refused.stderr
    listed = ocop("vat-refund", "list", "--tsv")
    assert listed.returncode == 0 and listed.stdout.splitlines()[1].startswith("HT-T01-000001\t")
    out = tmp_path / "bank.csv"
    assert ocop("vat-refund", "list", "--csv", str(out)).returncode == 0 and "M98765432" in out.read_text(
        "utf-8-sig"
    )
    assert (
        ocop("vat-refund", "show", str(big.receipt_no), "--out", str(tmp_path / "again.png")).returncode == 0
    )


def test_a_return_or_a_void_voids_the_sales_refund_form(demo_terminal: Terminal, tmp_path: Path) -> None:
    """Goods that came back are not carried out of the country: the return (or the void) of a sale with a refund
    form voids the form in the return's own transaction; the list for the bank says so, a new form is refused,
    and the goods on the voided form no longer count towards the traveller's day."""
    t = demo_terminal
    _enrol(t)
    manager = _staff(t, "9999")
    open_shift(t.engine, manager, t.code, CashCount.of({100_000: 5}))
    sale = _sell(t, PEARL_NECKLACE, BA_KICH)
    form = issue_form(t.engine, sale.id, ZHANG, "Lan")
    original = find_sale(t.engine, t.code, sale.receipt_no)
    ba_kich = next(line for line in original.lines if line.sku == BA_KICH)
    guarded_return(t.engine, original, {ba_kich.line_id: 1000}, SaleContext(t.code), manager, reason="đổi ý")
    voided = form_of(t.engine, sale.id)
    assert voided is not None and voided.void and voided.void_reason == "đổi ý"
    assert voided.form_no == form.form_no and "VOID" in form_doc(t.engine, voided).title
    with pytest.raises(RefundError) as again:
        issue_form(t.engine, sale.id, ZHANG, "Lan")
    assert f"refund form {form.form_no} was voided by a return" in again.value.en
    out = tmp_path / "forms.csv"
    export_csv(list_forms(t.engine), out)
    with out.open(encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert (row["form_no"], row["status"]) == (form.form_no, "void") and row["voided_at"]
    # a void of the open shift's sale does the same; a sale without a form is left alone
    second = _sell(t, PEARL_NECKLACE)
    issue_form(t.engine, second.id, KIM, "Lan")
    plain = _sell(t, BA_KICH)
    void_sale(t.engine, t.code, second.receipt_no, SaleContext(t.code), manager, reason="nhầm")
    void_sale(t.engine, t.code, plain.receipt_no, SaleContext(t.code), manager, reason="nhầm")
    second_form = form_of(t.engine, second.id)
    assert second_form is not None and second_form.void and second_form.void_reason.startswith("Huỷ/Void")
    assert [f.void for f in list_forms(t.engine)] == [True, True]


def test_foreign_notes_show_as_paid_with_the_change_taken_off(demo_terminal: Terminal) -> None:
    """A traveller paying in yuan gets change in đồng (a cash row of its own): the form says the foreign cash
    paid, net of that change, with the notes' currency and amount (Circular 32 Art. 7(1)(a.6))."""
    t = demo_terminal
    _enrol(t)
    cart = t.new_cart()
    product = t.catalogue.by_sku(PEARL_NECKLACE)
    assert product is not None
    cart.add(ScanResult(product, PEARL_NECKLACE))
    notes = Tender.fx_cash("CNY", 4_000, 3_500_000)  # 14 000 000 ₫ for 13 800 000 ₫: 200 000 ₫ change
    sale = checkout(t.engine, cart, [notes], SaleContext(t.code, lang="ko"))
    form = issue_form(t.engine, sale.id, KIM, "Lan")
    assert [(p.method, p.amount, p.currency, p.foreign_amount) for p in form.paid] == [
        ("fx_cash", sale.total, "CNY", 4_000)
    ]
    printed = " ".join(
        r.text for r in compose_rows(form_doc(t.engine, form), width_mm=80) if isinstance(r, TextRow)
    )
    assert "Tiền mặt ngoại tệ (Foreign cash)" in printed and "CNY 4.000" in printed
