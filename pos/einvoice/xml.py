"""The invoice as XML in the tax authority's data format, and the structural check it must pass.

Tags and limits follow the tax authority's published format for e-invoice data (``HDon`` / ``DLHDon`` /
``TTChung`` / ``NDHDon`` …, version ``2.1.0``; docs/einvoice.md, *The XML*). The official XSD was not available to
us, so ``check_structure`` encodes the published tables: required elements, maximum lengths, number formats, the
code's structure, and that the amounts add up. Every invoice is checked before it is stored: an invoice that
fails is a bug, and the sale is refused rather than written with a bad invoice.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pos.einvoice.buyer import Buyer
from pos.einvoice.code import parse_code
from pos.einvoice.content import Invoice, decimal_text, qty_text
from pos.einvoice.errors import EInvoiceError
from pos.einvoice.words import amount_in_words

VERSION = "2.1.0"
TITLES = {"1": "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "2": "HÓA ĐƠN BÁN HÀNG"}
ADJUSTING = "2"  # TCHDon: 1 replacing, 2 adjusting


def _sub(parent: ET.Element, tag: str, value: object | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if value is not None:
        el.text = str(value)
    return el


def _rate(rate: int) -> str:
    return f"{rate}%"


def render_xml(inv: Invoice) -> str:
    """The invoice document (UTF-8 text, with its declaration)."""
    root = ET.Element("HDon")
    data = _sub(root, "DLHDon")
    data.set("Id", "DLHDon")
    head = _sub(data, "TTChung")
    _sub(head, "PBan", VERSION)
    _sub(head, "THDon", TITLES.get(inv.form, TITLES["2"]))
    _sub(head, "KHMSHDon", inv.form)
    _sub(head, "KHHDon", inv.series)
    _sub(head, "NLap", inv.issued_at.date().isoformat())
    _sub(head, "DVTTe", "VND")
    _sub(head, "HTTToan", inv.payment_method)
    _sub(head, "MSTTCGP", inv.provider_tax_code)
    if inv.related is not None:
        rel = _sub(head, "TTHDLQuan")
        _sub(rel, "TCHDon", ADJUSTING)
        _sub(rel, "LHDCLQuan", "1")
        _sub(rel, "KHMSHDCLQuan", inv.related.form)
        _sub(rel, "KHHDCLQuan", inv.related.series)
        _sub(rel, "NLHDCLQuan", inv.related.issued_on.isoformat())
        _sub(rel, "GChu", f"{inv.related.note} — {inv.related.code}"[:255])
    other = _sub(head, "TTKhac")
    for name, kind, value in (
        ("ThoiDiemLap", "dateTime", inv.issued_at.replace(microsecond=0).isoformat()),
        ("SoPhieu", "string", inv.receipt),
    ):
        info = _sub(other, "TTin")
        _sub(info, "TTruong", name)
        _sub(info, "KDLieu", kind)
        _sub(info, "DLieu", value)
    body = _sub(data, "NDHDon")
    seller = _sub(body, "NBan")
    _sub(seller, "Ten", inv.seller.name)
    _sub(seller, "MST", inv.seller.tax_code)
    _sub(seller, "DChi", inv.seller.address)
    if inv.seller.store_code:
        _sub(seller, "MCHang", inv.seller.store_code)
    if inv.seller.phone:
        _sub(seller, "SDThoai", inv.seller.phone)
    _fill_buyer(_sub(body, "NMua"), inv.buyer)
    vat_invoice = inv.form == "1"
    goods = _sub(body, "DSHHDVu")
    for line in inv.lines:
        item = _sub(goods, "HHDVu")
        _sub(item, "TChat", "1")
        _sub(item, "STT", line.no)
        if line.sku:
            _sub(item, "MHHDVu", line.sku)
        _sub(item, "THHDVu", line.name)
        if line.unit:
            _sub(item, "DVTinh", line.unit)
        _sub(item, "SLuong", qty_text(line.qty_milli))
        _sub(item, "DGia", line.unit_net if vat_invoice else _gross_unit(line.gross, line.qty_milli))
        _sub(item, "ThTien", line.net if vat_invoice else line.gross)
        if vat_invoice:
            _sub(item, "TSuat", _rate(line.rate))
    pay = _sub(body, "TToan")
    if vat_invoice:
        per_rate = _sub(pay, "THTTLTSuat")
        for r in inv.rates:
            row = _sub(per_rate, "LTSuat")
            _sub(row, "TSuat", _rate(r.rate))
            _sub(row, "ThTien", r.net)
            _sub(row, "TThue", r.vat)
        _sub(pay, "TgTCThue", inv.net_total)
        _sub(pay, "TgTThue", inv.vat_total)
    else:
        _sub(pay, "TgTCThue", inv.total)
        _sub(pay, "TgTThue", 0)
    _sub(pay, "TgTTTBSo", inv.total)
    _sub(pay, "TgTTTBChu", amount_in_words(inv.total))
    _sub(root, "MCCQT", inv.code)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _fill_buyer(el: ET.Element, b: Buyer | None) -> None:
    if b is None:
        return
    _sub(el, "Ten", b.name)
    for tag, value in (
        ("MST", b.tax_code),
        ("DChi", b.address),
        ("SDThoai", b.phone),
        ("CCCDan", b.id_number),
        ("SHChieu", b.passport_no),
        ("DCTDTu", b.email),
        ("HVTNMHang", b.contact),
    ):
        if value:
            _sub(el, tag, value)


def with_buyer(document: str, buyer: Buyer) -> str:
    """The same invoice with ``buyer`` in place of the buyer it names (a correction after a rejection): code,
    time, goods and amounts unchanged."""
    root = ET.fromstring(document.encode("utf-8"))
    el = root.find("DLHDon/NDHDon/NMua")
    if el is None:
        raise EInvoiceError("Hoá đơn không có phần người mua", "The invoice has no buyer part")
    for child in list(el):
        el.remove(child)
    el.text = None
    _fill_buyer(el, buyer)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _gross_unit(gross: int, qty_milli: int) -> str:
    return "0" if qty_milli == 0 else decimal_text(gross * 1000, qty_milli)


#: (path under HDon, required, max length, kind) — from the published tables; kind: str, int (đồng), num.
_FIELDS: tuple[tuple[str, bool, int, str], ...] = (
    ("DLHDon/TTChung/PBan", True, 6, "str"),
    ("DLHDon/TTChung/THDon", True, 100, "str"),
    ("DLHDon/TTChung/KHMSHDon", True, 1, "str"),
    ("DLHDon/TTChung/KHHDon", True, 6, "str"),
    ("DLHDon/TTChung/NLap", True, 10, "date"),
    ("DLHDon/TTChung/DVTTe", True, 3, "str"),
    ("DLHDon/TTChung/HTTToan", True, 50, "str"),
    ("DLHDon/TTChung/MSTTCGP", True, 14, "str"),
    ("DLHDon/NDHDon/NBan/Ten", True, 400, "str"),
    ("DLHDon/NDHDon/NBan/MST", True, 14, "str"),
    ("DLHDon/NDHDon/NBan/DChi", True, 400, "str"),
    ("DLHDon/NDHDon/NBan/MCHang", False, 50, "str"),
    ("DLHDon/NDHDon/NBan/SDThoai", False, 20, "str"),
    ("DLHDon/NDHDon/NMua/Ten", False, 400, "str"),
    ("DLHDon/NDHDon/NMua/MST", False, 14, "str"),
    ("DLHDon/NDHDon/NMua/DChi", False, 400, "str"),
    ("DLHDon/NDHDon/NMua/SDThoai", False, 20, "str"),
    ("DLHDon/NDHDon/NMua/CCCDan", False, 12, "str"),
    ("DLHDon/NDHDon/NMua/SHChieu", False, 20, "str"),
    ("DLHDon/NDHDon/NMua/DCTDTu", False, 50, "str"),
    ("DLHDon/NDHDon/NMua/HVTNMHang", False, 100, "str"),
    ("DLHDon/NDHDon/TToan/TgTCThue", True, 21, "int"),
    ("DLHDon/NDHDon/TToan/TgTThue", True, 21, "int"),
    ("DLHDon/NDHDon/TToan/TgTTTBSo", True, 21, "int"),
    ("DLHDon/NDHDon/TToan/TgTTTBChu", True, 255, "str"),
    ("MCCQT", True, 34, "str"),
)
_LINE_FIELDS: tuple[tuple[str, bool, int, str], ...] = (
    ("TChat", True, 1, "int"),
    ("STT", False, 4, "int"),
    ("MHHDVu", False, 50, "str"),
    ("THHDVu", True, 500, "str"),
    ("DVTinh", False, 50, "str"),
    ("SLuong", False, 28, "num"),
    ("DGia", False, 28, "num"),
    ("ThTien", True, 21, "int"),
    ("TSuat", False, 11, "rate"),
)
_RATES = {"0%", "5%", "8%", "10%", "KCT", "KKKNT"}
_KINDS = {
    "str": None,
    "int": re.compile(r"-?[0-9]+"),
    "num": re.compile(r"-?[0-9]+(\.[0-9]{1,6})?"),
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
#: A cash-register invoice is always coded, so its series starts with C (Circular 32/2025 Art. 5(1)(b); docs/einvoice.md).
_SERIES = re.compile(r"C[0-9]{2}M[A-Z]{2}")


def _check_fields(
    node: ET.Element, fields: tuple[tuple[str, bool, int, str], ...], where: str, problems: list[str]
) -> None:
    for path, required, limit, kind in fields:
        el = node.find(path)
        value = None if el is None else (el.text or "")
        if value is None or value == "":
            if required:
                problems.append(f"{where}{path}: required / bắt buộc")
            continue
        if len(value) > limit:
            problems.append(f"{where}{path}: longer than {limit}")
        if kind == "rate":
            if value not in _RATES:
                problems.append(f"{where}{path}: not a VAT rate of the format ({value!r})")
            continue
        pattern = _KINDS.get(kind)
        if pattern is not None and not pattern.fullmatch(value):
            problems.append(f"{where}{path}: not a {kind} ({value!r})")


def check_structure(document: str) -> list[str]:
    """Every way ``document`` departs from the published structure (empty: it conforms)."""
    try:
        root = ET.fromstring(document.encode("utf-8"))
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != "HDon":
        return [f"root element is {root.tag}, not HDon"]
    problems: list[str] = []
    _check_fields(root, _FIELDS, "", problems)
    form = root.findtext("DLHDon/TTChung/KHMSHDon") or ""
    series = root.findtext("DLHDon/TTChung/KHHDon") or ""
    if not _SERIES.fullmatch(series):
        problems.append(f"KHHDon {series!r}: not a cash-register series (C, year, M, two letters)")
    code = root.findtext("MCCQT") or ""
    try:
        parsed = parse_code(code)
        if parsed.form != form:
            problems.append(f"MCCQT {code}: invoice type {parsed.form} but KHMSHDon is {form}")
        if series[1:3] != parsed.year2:
            problems.append(f"MCCQT {code}: year {parsed.year2} but the series is of {series[1:3]}")
    except EInvoiceError as exc:
        problems.append(exc.en)
    lines = root.findall("DLHDon/NDHDon/DSHHDVu/HHDVu")
    if not lines:
        problems.append("DSHHDVu: no goods or services")
    for i, line in enumerate(lines, start=1):
        _check_fields(line, _LINE_FIELDS, f"HHDVu[{i}]/", problems)
    if problems:
        return problems
    t = read_totals(document)
    if sum(t.line_amounts) != t.before_vat:
        problems.append(f"lines add up to {sum(t.line_amounts)}, TgTCThue is {t.before_vat}")
    if form == "1":
        if sum(net for _r, net, _v in t.rates) != t.before_vat:
            problems.append("the rates' ThTien do not add up to TgTCThue")
        if sum(v for _r, _n, v in t.rates) != t.vat:
            problems.append("the rates' TThue do not add up to TgTThue")
        for rate, net, _v in t.rates:
            at_rate = sum(a for a, r in zip(t.line_amounts, t.line_rates, strict=True) if r == rate)
            if at_rate != net:
                problems.append(f"lines at {rate} add up to {at_rate}, not {net}")
    if t.before_vat + t.vat != t.total:
        problems.append(f"TgTCThue + TgTThue = {t.before_vat + t.vat}, TgTTTBSo is {t.total}")
    words = root.findtext("DLHDon/NDHDon/TToan/TgTTTBChu") or ""
    if words != amount_in_words(t.total):
        problems.append("TgTTTBChu does not read the total")
    return problems


@dataclass(frozen=True, slots=True)
class XmlTotals:
    code: str
    total: int
    before_vat: int
    vat: int
    rates: tuple[tuple[str, int, int], ...]  # (TSuat, ThTien, TThue)
    line_amounts: tuple[int, ...]
    line_rates: tuple[str, ...]


def read_totals(document: str) -> XmlTotals:
    """The amounts a document states (for checks and for tests that compare it with the ledger)."""
    root = ET.fromstring(document.encode("utf-8"))
    pay = root.find("DLHDon/NDHDon/TToan")
    assert pay is not None

    def num(el: ET.Element | None, tag: str) -> int:
        return int((el.findtext(tag) if el is not None else None) or 0)

    rates = tuple(
        (r.findtext("TSuat") or "", num(r, "ThTien"), num(r, "TThue"))
        for r in root.findall("DLHDon/NDHDon/TToan/THTTLTSuat/LTSuat")
    )
    lines = root.findall("DLHDon/NDHDon/DSHHDVu/HHDVu")
    return XmlTotals(
        code=root.findtext("MCCQT") or "",
        total=num(pay, "TgTTTBSo"),
        before_vat=num(pay, "TgTCThue"),
        vat=num(pay, "TgTThue"),
        rates=rates,
        line_amounts=tuple(num(line, "ThTien") for line in lines),
        line_rates=tuple(line.findtext("TSuat") or "" for line in lines),
    )


@dataclass(frozen=True, slots=True)
class DocLine:
    no: int
    sku: str
    name: str
    unit: str
    quantity: str
    unit_price: str
    amount: int
    rate: str


@dataclass(frozen=True, slots=True)
class Document:
    """What an adapter needs from a stored invoice, read back from its XML."""

    code: str
    form: str
    series: str
    issued_at: str  # local date-time, ISO
    payment_method: str
    buyer: dict[str, str]
    lines: tuple[DocLine, ...]
    total: int
    before_vat: int
    vat: int
    related_code: str
    receipt: str


def read_document(document: str) -> Document:
    root = ET.fromstring(document.encode("utf-8"))
    head = root.find("DLHDon/TTChung")
    assert head is not None
    info = {(t.findtext("TTruong") or ""): (t.findtext("DLieu") or "") for t in head.findall("TTKhac/TTin")}
    buyer_el = root.find("DLHDon/NDHDon/NMua")
    buyer = {c.tag: c.text or "" for c in buyer_el} if buyer_el is not None else {}
    gchu = head.findtext("TTHDLQuan/GChu") or ""
    totals = read_totals(document)
    return Document(
        code=totals.code,
        form=head.findtext("KHMSHDon") or "",
        series=head.findtext("KHHDon") or "",
        issued_at=info.get("ThoiDiemLap", head.findtext("NLap") or ""),
        payment_method=head.findtext("HTTToan") or "",
        buyer=buyer,
        lines=tuple(
            DocLine(
                no=int(line.findtext("STT") or 0),
                sku=line.findtext("MHHDVu") or "",
                name=line.findtext("THHDVu") or "",
                unit=line.findtext("DVTinh") or "",
                quantity=line.findtext("SLuong") or "0",
                unit_price=line.findtext("DGia") or "0",
                amount=int(line.findtext("ThTien") or 0),
                rate=line.findtext("TSuat") or "",
            )
            for line in root.findall("DLHDon/NDHDon/DSHHDVu/HHDVu")
        ),
        total=totals.total,
        before_vat=totals.before_vat,
        vat=totals.vat,
        related_code=gchu.rsplit(" — ", 1)[-1] if gchu else "",
        receipt=info.get("SoPhieu", ""),
    )
