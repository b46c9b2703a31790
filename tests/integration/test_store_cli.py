"""The store commands end to end through ``ocop-pos`` (PINs from the environment, as a script would give them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from pos.cli import main
from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext
from pos.shifts.cash import CashCount
from pos.shifts.shift import current_shift
from pos.staff.audit import entries
from pos.till.guarded import guarded_checkout
from tests.integration.test_store_support import Shop, T, build_template, open_shop


@pytest.fixture
def shop(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Shop]:
    s = open_shop(build_template(tmp_path_factory.mktemp("shop")), tmp_path, monkeypatch)
    yield s
    s.t.close()


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    pin: str = "",
    approver_pin: str = "",
) -> tuple[int, str]:
    monkeypatch.setenv("OCOP_POS_PIN", pin)
    monkeypatch.setenv("OCOP_POS_APPROVER_PIN", approver_pin)
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_day_from_the_command_line(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def ok(*argv: str, **kw: str) -> str:
        code, out = run(monkeypatch, capsys, *argv, **kw)
        assert code == 0, out
        return out

    assert "no open shift" in run(monkeypatch, capsys, "shift", "status")[1]
    ok("shift", "open", "--staff", "C01", "--count", "100000x5", "50000x2", pin="1111")
    assert "Nguyễn Thị Lan" in ok("shift", "status")
    assert "C01\tNguyễn Thị Lan\tCashier" in ok("staff", "list")
    ok(
        "stock",
        "receive",
        "--staff",
        "S01",
        "QN-0007:12:90000:L26:2027-06-30",
        "--producer",
        "P003",
        "--ref",
        "PN9",
        pin="2222",
    )
    ok("stock", "adjust", "--staff", "M01", "QN-0009", "-2", "samples", "--note", "nếm thử", pin="9999")
    code, out = run(monkeypatch, capsys, "shift", "paid-out", "--staff", "C01", "20000", "bags", pin="1111")
    assert code == 1 and "manager's PIN approval" in out
    ok(
        "shift",
        "paid-out",
        "--staff",
        "C01",
        "--approver",
        "S01",
        "20000",
        "bags",
        pin="1111",
        approver_pin="2222",
    )
    assert "X REPORT" in ok("shift", "x", "--staff", "M01", pin="9999")
    z = ok("shift", "close", "--staff", "M01", "--count", "100000x5", "50000x1", "10000x3", pin="9999")
    assert "Z REPORT No. 1" in z and "Expected cash" in z and "580.000" in z
    assert "Z REPORT No. 1" in ok("shift", "z", "1")
    assert "QN-0007\t79" in ok("stock", "levels")
    days = ok("report", "day", "--staff", "M01", pin="9999")
    assert "Sales by day" in days
    ok("report", "all", "--staff", "M01", "--out", str(tmp_path / "all.xlsx"), pin="9999")
    assert len(load_workbook(tmp_path / "all.xlsx").sheetnames) == 13
    code, out = run(monkeypatch, capsys, "report", "day", "--staff", "C01", pin="1111")
    assert code == 1 and "Viewing reports" in out
    ok("products", "export", str(tmp_path / "cat.csv"))
    assert "rows valid" in ok("products", "check", str(tmp_path / "cat.csv"))
    assert "Consignment settlement" in ok("settlement", "show", "P003", "--staff", "M01", pin="9999")
    assert "chain intact" in ok("audit", "verify")
    log = ok("audit", "list", "--staff", "M01", pin="9999")
    assert "Paid-out" in log and "✓ Trần Văn Hùng" in log


def test_a_new_till_gets_its_first_administrator_and_only_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real shop's till starts with nobody: the first person is an administrator made without anyone's approval;
    once someone exists, people are added by a manager and the shortcut is refused."""
    monkeypatch.setenv("OCOP_POS_HOME", str(tmp_path / "new-till"))
    code, out = run(monkeypatch, capsys, "staff", "first-admin", "a01", "Trần Văn Quản", pin="4827")
    assert code == 0 and "A01 Trần Văn Quản: admin" in out
    code, out = run(monkeypatch, capsys, "staff", "first-admin", "A02", "Someone Else", pin="5938")
    assert code == 1 and "already has staff" in out
    monkeypatch.setenv(
        "OCOP_POS_NEW_PIN", "1357"
    )  # the new person's PIN; OCOP_POS_PIN is the administrator's
    code, out = run(
        monkeypatch, capsys, "staff", "add", "--staff", "A01", "C01", "Lan", "cashier", pin="4827"
    )
    assert code == 0, out
    code, out = run(
        monkeypatch, capsys, "audit", "list", "--staff", "A01", "--action", "staff_create", pin="4827"
    )
    assert code == 0 and len(out.strip().splitlines()) == 2, out
    assert run(monkeypatch, capsys, "audit", "verify")[0] == 0


def test_shelf_labels_print_on_the_configured_printer_or_preview(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``products label`` sends the labels to the printer of config.toml (a real TCP printer here); --stdout
    shows their text, --out writes a PNG preview or the bytes; a bad SKU or no printer prints nothing."""
    from PIL import Image

    from pos.inventory.labels import label_doc, shelf_labels
    from pos.inventory.products import find_product_id
    from pos.receipts.decode import decode_cp1258_stream
    from pos.receipts.layout import render
    from pos.receipts.preview import preview_png
    from pos.shifts.document import shop_header
    from tests.fake_printer import FakePrinter

    code, out = run(monkeypatch, capsys, "products", "label", "QN-0038")
    assert code == 1 and "No printer is configured" in out
    code, out = run(monkeypatch, capsys, "products", "label", "QN-0038", "NO-SUCH", "--stdout")
    assert code == 1 and "NO-SUCH" in out

    code, out = run(monkeypatch, capsys, "products", "label", "QN-0038", "--stdout")
    assert code == 0 and "390.000" in out and "Hạ Long squid cakes" in out

    png = tmp_path / "labels.png"
    code, out = run(
        monkeypatch, capsys, "products", "label", "QN-0038", "QN-0012", "--out", str(png), "--width", "58"
    )
    assert code == 0, out
    pid = find_product_id(shop.engine, "QN-0038")
    assert pid is not None
    first = preview_png(
        label_doc(shelf_labels(shop.engine, [pid])[0], shop_name=shop_header(shop.engine).name, lang="en"), 58
    )
    with Image.open(png) as sheet:
        assert sheet.width == first.width and sheet.height > first.height
        assert sheet.convert("1").crop((0, 0, first.width, first.height)).tobytes() == first.tobytes()

    with FakePrinter() as fake:
        settings = shop.t.settings
        settings.devices["printer"] = {
            "kind": "network",
            "host": "127.0.0.1",
            "port": fake.port,
            "mode": "cp1258",
        }
        settings.save()
        code, out = run(monkeypatch, capsys, "products", "label", "QN-0038", "--copies", "2")
        assert code == 0, out
        assert fake.wait_until(lambda f: len([c for c in f.connections() if c.finished]) == 1)
        data = fake.jobs()[0]
    doc = label_doc(shelf_labels(shop.engine, [pid])[0], shop_name=shop_header(shop.engine).name, lang="en")
    assert data == render(doc, width_mm=80, mode="cp1258") * 2
    assert decode_cp1258_stream(data).count("390.000") == 2


def test_closing_with_unsent_sales_needs_the_explicit_override(
    shop: Shop, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.open_shift(CashCount.of({100_000: 5}))
    cart = shop.t.new_cart()
    cart.add(shop.t.catalogue.resolve(shop.code("QN-0007")), 1000)
    guarded_checkout(shop.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(T), shop.staff("C01"))
    close = ("shift", "close", "--staff", "C01", "--count", "100000x6")
    for extra, approver_pin, expected in (
        ((), "", "1 sales of this shift are not yet at the server"),  # refused, even with an approver named
        (("--approver", "M01"), "9999", "1 sales of this shift are not yet at the server"),
        (("--close-unsent",), "", "needs a manager's PIN approval"),  # the override needs someone's right
    ):
        code, out = run(monkeypatch, capsys, *close, *extra, pin="1111", approver_pin=approver_pin)
        assert code == 1 and expected in out, out
        assert current_shift(shop.engine, T) is not None
    assert not [e for e in entries(shop.engine) if e.action.startswith("shift_close")]
    code, out = run(
        monkeypatch, capsys, *close, "--close-unsent", "--approver", "M01", pin="1111", approver_pin="9999"
    )
    assert code == 0 and "Z REPORT No. 1" in out, out
    logged = entries(shop.engine, actions=("shift_close_unsent",))
    assert [(e.actor_name, e.approver_name, e.detail["unsent_sales"]) for e in logged] == [
        ("Nguyễn Thị Lan", "Phạm Thu Hà", 1)
    ]
    with shop.engine.connect() as conn:
        kinds = [
            json.loads(p)["event"]["kind"]
            for (p,) in conn.execute(
                text("SELECT payload FROM outbox WHERE entity = 'shift_event' ORDER BY id")
            )
        ]
    assert kinds == ["open", "close_unsent"]
