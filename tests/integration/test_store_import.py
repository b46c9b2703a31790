"""Catalogue import/export: every problem reported by row and column, nothing changed until the file is clean."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from pos.barcodes import with_check_digit
from pos.errors import PermissionDenied
from pos.inventory.importexport import COLUMNS, check_file, export_catalogue, import_catalogue
from pos.inventory.prices import local_date, price_history
from pos.inventory.terms import consigned_products
from pos.staff.audit import entries
from tests.integration.test_store_support import Shop, build_template, open_shop

EAN_A = with_check_digit("893099900001")
EAN_B = with_check_digit("893099900002")
EAN_C = with_check_digit("893099900003")
TOMORROW = (local_date(dt.datetime.now(dt.UTC).replace(tzinfo=None)) + dt.timedelta(days=1)).isoformat()

HEADER = [
    "sku",
    "name_vi",
    "name_en",
    "unit",
    "price",
    "price_from",
    "cost",
    "vat_class",
    "category",
    "producer",
    "barcodes",
    "ocop_stars",
    "ocop_level",
    "ocop_rated_on",
    "weighed",
    "plu",
    "consigned",
    "commission_pct",
    "low_stock",
]
CLEAN = [
    [
        "NEW-001",
        "Chả mực Hạ Long loại 1",
        "Ha Long squid cake",
        "kg",
        "350.000",
        "",
        "250000",
        "reduced",
        "seafood",
        "P001",
        EAN_A,
        "4",
        "provincial",
        "15/06/2025",
        "có",
        "4101",
        "x",
        "12,5",
        "2,5",
    ],
    [
        "NEW-002",
        "Trà hoa vàng Ba Chẽ",
        "Golden camellia tea",
        "hộp",
        "420000",
        "",
        "300000",
        "vat5",
        "",
        "P001",
        f"{EAN_B}|{EAN_C}",
        "5",
        "national",
        "2024-01-10",
        "0",
        "",
        "no",
        "",
        "",
    ],
    [
        "NEW-003",
        "Nước mắm Cái Rồng",
        "",
        "chai",
        "95k",
        "",
        "",
        "std10",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "10",
    ],
    [
        "QN-0007",
        "Sản phẩm cũ đổi tên",
        "Renamed product",
        "gói",
        "150000",
        TOMORROW,
        "90000",
        "vat5",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "1",
        "20",
        "",
    ],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for row in rows:  # numbers as numbers where a spreadsheet user would type them
        ws.append(
            [
                int(c) if c.isdigit() and h in ("price", "cost", "plu", "ocop_stars") else c
                for h, c in zip(HEADER, row, strict=True)
            ]
        )
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    yield s
    s.t.close()


def snapshot(shop: Shop) -> dict[str, list[tuple[object, ...]]]:
    with shop.engine.connect() as conn:
        return {
            table: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in (
                "products",
                "barcodes",
                "product_prices",
                "consignment_terms",
                "stock_rules",
                "audit_log",
            )
        }


def test_three_bad_rows_are_all_reported_and_nothing_changes(shop: Shop, tmp_path: Path) -> None:
    bad = [list(r) for r in CLEAN]
    bad[0][10] = EAN_A[:-1] + str((int(EAN_A[-1]) + 1) % 10)  # row 2: wrong check digit
    bad[1][7] = "vat99"  # row 3: no such VAT class
    bad[2][4] = "chín mươi lăm"  # row 4: not a price
    manager = shop.staff("M01")
    before = snapshot(shop)
    for path in (write_csv(tmp_path / "bad.csv", bad), write_xlsx(tmp_path / "bad.xlsx", bad)):
        report = import_catalogue(shop.engine, manager, path)
        assert not report.ok and not report.applied
        assert report.bad_rows() == [2, 3, 4]
        by_row = {p.row: p for p in report.problems}
        assert by_row[2].column == "barcodes" and "check digit" in by_row[2].en
        assert by_row[3].column == "vat_class" and "vat99" in by_row[3].en
        assert by_row[4].column == "price"
        assert by_row[4].message("vi").startswith("Dòng 4, cột price")
        assert snapshot(shop) == before, "nothing was imported"
    # fixed, the same file imports
    report = import_catalogue(shop.engine, manager, write_csv(tmp_path / "fixed.csv", CLEAN))
    assert report.ok and report.applied and (report.created, report.updated) == (3, 1)


def test_the_clean_file_imports_everything_it_says(shop: Shop, tmp_path: Path) -> None:
    manager = shop.staff("M01")
    old_price = shop.t.catalogue.by_sku("QN-0007").price  # type: ignore[union-attr]
    assert check_file(shop.engine, write_csv(tmp_path / "c.csv", CLEAN)).ok
    report = import_catalogue(shop.engine, manager, write_xlsx(tmp_path / "clean.xlsx", CLEAN))
    assert report.ok, [p.message("en") for p in report.problems]
    cat = shop.t.catalogue
    squid = cat.resolve(EAN_A).product
    assert (squid.sku, squid.price, squid.cost, squid.unit, squid.weighed, squid.plu) == (
        "NEW-001",
        350_000,
        250_000,
        "kg",
        True,
        4101,
    )
    assert (squid.ocop_stars, squid.ocop_level, squid.ocop_expires_on) == (
        4,
        "provincial",
        dt.date(2028, 6, 14),
    )
    assert cat.resolve(EAN_C).product.sku == "NEW-002" and cat.by_sku("NEW-003").price == 95_000  # type: ignore[union-attr]
    renamed = cat.by_sku("QN-0007")
    assert renamed is not None and renamed.name_vi == "Sản phẩm cũ đổi tên"
    assert renamed.price == old_price  # the new price waits for its date
    newest = price_history(shop.engine, renamed.id)[0]
    assert (newest.valid_from.isoformat(), newest.price, newest.applied) == (TOMORROW, 150_000, False)
    today = local_date(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    assert consigned_products(shop.engine, today) == {squid.id: 1250, renamed.id: 2000}
    with shop.engine.connect() as conn:
        low = dict(
            conn.execute(
                text("SELECT p.sku, r.low_milli FROM stock_rules r JOIN products p ON p.id = r.product_id")
            ).all()
        )
    assert low == {"NEW-001": 2500, "NEW-003": 10_000}
    found = cat.search("cha muc ha long")
    assert found and found[0].sku == "NEW-001"
    audit = entries(shop.engine, actions=("catalogue_import",))
    assert audit[0].detail["created"] == 3 and audit[0].actor_name == "Phạm Thu Hà"


def test_file_level_problems_and_duplicates_within_the_file(shop: Shop, tmp_path: Path) -> None:
    manager = shop.staff("M01")
    headers = write_csv(tmp_path / "h.csv", [["X"]], header=["sku", "colour"])
    report = import_catalogue(shop.engine, manager, headers)
    assert {(p.row, p.column) for p in report.problems} == {
        (1, "colour"),
        (1, "name_vi"),
        (1, "price"),
        (1, "vat_class"),
    }
    dupes = [list(CLEAN[0]), list(CLEAN[1])]
    dupes[1][0] = "NEW-001"
    dupes[1][10] = EAN_A
    report = import_catalogue(shop.engine, manager, write_csv(tmp_path / "d.csv", dupes))
    assert {(p.row, p.column) for p in report.problems} == {(3, "sku"), (3, "barcodes")}
    taken = [list(CLEAN[2])]
    taken[0][10] = shop.code("QN-0001")
    report = import_catalogue(shop.engine, manager, write_csv(tmp_path / "t.csv", taken))
    assert report.problems[0].column == "barcodes" and "another product" in report.problems[0].en
    with pytest.raises(PermissionDenied):
        import_catalogue(shop.engine, shop.staff("C01"), write_csv(tmp_path / "ok.csv", CLEAN))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_catalogue_imports_back_unchanged(shop: Shop, tmp_path: Path, suffix: str) -> None:
    manager = shop.staff("M01")
    import_catalogue(shop.engine, manager, write_csv(tmp_path / "c.csv", CLEAN))
    path = tmp_path / f"catalogue{suffix}"
    n = export_catalogue(shop.engine, path)
    with shop.engine.connect() as conn:
        assert n == conn.execute(text("SELECT COUNT(*) FROM products")).scalar_one()
    if suffix == ".xlsx":
        ws = load_workbook(path).active
        assert ws is not None
        assert [c.value for c in ws[1]] == list(COLUMNS)
    before = snapshot(shop)
    report = import_catalogue(shop.engine, manager, path)
    assert report.ok and report.created == 0 and report.updated == n
    after = snapshot(shop)
    for table in ("barcodes", "product_prices", "consignment_terms", "stock_rules"):
        assert after[table] == before[table], table

    with shop.engine.connect() as conn:
        names = list(conn.execute(text("SELECT * FROM products LIMIT 1")).keys())
    words, moved = names.index("search_text"), names.index("updated_at")

    def same(r: tuple[object, ...]) -> tuple[object, ...]:  # search words in any order; updated_at moves
        kept = tuple(v for i, v in enumerate(r) if i not in (words, moved))
        return (*kept, frozenset(str(r[words]).split()))

    assert [same(r) for r in after["products"]] == [same(r) for r in before["products"]]
