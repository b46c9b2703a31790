"""Producers kept on the till: bank details normalised and checked, every change guarded and audited, found by
search without marks; and the same from ``ocop-pos products producers|producer-add|producer-edit``, after which a
catalogue file naming the new producer imports."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.errors import PermissionDenied
from pos.inventory.producers import (
    ProducerError,
    ProducerInput,
    get_producer,
    list_producers,
    matching,
    save_producer,
)
from pos.staff.audit import entries
from tests.integration.test_store_cli import run
from tests.integration.test_store_support import Shop, build_template, open_shop

HTX = ProducerInput(
    code="P900",
    name="HTX Chè hoa vàng Ba Chẽ",
    kind="cooperative",
    commune="xã Thanh Sơn",
    district="Ba Chẽ",
    contact_name="Bà Hoàng Thị Mai",
    phone="0912 345 678",
    tax_code="5701999888",
    bank_bin="Agribank",
    bank_account="8000 2051 23456",
    bank_account_name="Hợp tác xã Chè hoa vàng Ba Chẽ",
)


@pytest.fixture
def shop(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Shop]:
    s = open_shop(build_template(tmp_path_factory.mktemp("shop")), tmp_path, monkeypatch)
    yield s
    s.t.close()


def test_a_producer_is_checked_normalised_guarded_and_audited(shop: Shop) -> None:
    engine = shop.engine
    with pytest.raises(PermissionDenied):
        save_producer(
            engine, shop.staff("S01"), HTX
        )  # a shift lead receives goods but does not edit producers
    with pytest.raises(ProducerError) as bad:
        save_producer(engine, shop.staff("M01"), dataclasses.replace(HTX, bank_bin="123456", email="mai@"))
    assert set(bad.value.field_messages("en")) == {"bank_bin", "email"}
    assert not any(p.data.code == "P900" for p in list_producers(engine))
    pid = save_producer(engine, shop.staff("M01"), HTX)
    stored = get_producer(engine, pid).data
    assert (stored.bank_bin, stored.bank_account, stored.bank_account_name) == (
        "970405",
        "800020512345" + "6",
        "HOP TAC XA CHE HOA VANG BA CHE",
    )
    save_producer(engine, shop.staff("M01"), dataclasses.replace(stored, phone="0203 3888 999"), pid)
    audit = [e for e in entries(engine) if e.action == "producer_edit" and e.subject_id == pid]
    assert audit[0].detail["changed"] == ["phone"]  # newest first
    assert audit[1].detail["created"] is True
    found = [p.data.code for p in matching(list_producers(engine), "che hoa vang thanh son")]
    assert "P900" in found and "P001" not in found  # the demo's own Ba Chẽ tea co-operative matches too
    assert [p.data.code for p in matching(list_producers(engine), "mai 0912")] == []  # phone changed
    assert [p.data.code for p in matching(list_producers(engine), "hoang thi mai")] == ["P900"]


def test_producers_from_the_command_line_and_a_catalogue_that_names_a_new_one(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = tmp_path / "cat.csv"
    assert run(monkeypatch, capsys, "products", "export", str(catalogue))[0] == 0
    with catalogue.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    new = dict(
        rows[0], sku="QN-9900", name_vi="Chè hoa vàng sấy lạnh", producer="P900", barcodes="", trace_code=""
    )
    with catalogue.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, new])
    code, out = run(monkeypatch, capsys, "products", "check", str(catalogue))
    assert code == 1 and "P900" in out  # the import refuses a producer it does not know

    add = ["products", "producer-add", "--staff", "M01", HTX.code, HTX.name, "--kind", "cooperative"]
    add += ["--district", HTX.district, "--commune", HTX.commune, "--contact", HTX.contact_name]
    add += ["--phone", HTX.phone, "--bank", "VBA", "--account-no", HTX.bank_account]
    code, out = run(monkeypatch, capsys, *add, "--account-name", "Hợp tác xã", "--tax-code", "12", pin="9999")
    assert code == 1 and "tax code" in out.lower()
    code, out = run(monkeypatch, capsys, *add[:3], "C01", *add[4:], pin="1111")
    assert code == 1 and "manager's PIN" in out
    code, out = run(monkeypatch, capsys, *add, "--account-name", HTX.bank_account_name, pin="9999")
    assert code == 0, out
    assert "P900\tHTX Chè hoa vàng Ba Chẽ\tcooperative\txã Thanh Sơn, Ba Chẽ" in out
    assert "Agribank 8000205123456 HOP TAC XA CHE HOA VANG BA CHE" in out

    edit = [
        "products",
        "producer-edit",
        "--staff",
        "C01",
        "P900",
        "--phone",
        "0203 3888 999",
        "--kind",
        "household",
    ]
    code, out = run(monkeypatch, capsys, *edit, pin="1111")
    assert code == 1 and "manager's PIN" in out  # a cashier alone may not
    code, out = run(monkeypatch, capsys, *edit, "--approver", "M01", pin="1111", approver_pin="9999")
    assert code == 0, out
    code, out = run(monkeypatch, capsys, "products", "producers", "mai", "ba che")
    assert out.splitlines() == [
        "P900\tHTX Chè hoa vàng Ba Chẽ\thousehold\txã Thanh Sơn, Ba Chẽ\t0203 3888 999\tBà Hoàng Thị Mai\t"
        "Agribank 8000205123456 HOP TAC XA CHE HOA VANG BA CHE"
    ]
    assert run(monkeypatch, capsys, "products", "check", str(catalogue))[0] == 0
    code, out = run(monkeypatch, capsys, "products", "import", "--staff", "M01", str(catalogue), pin="9999")
    assert code == 0, out
    product = shop.t.catalogue.by_sku("QN-9900")
    assert product is not None and get_producer(shop.engine, str(product.producer_id)).data.code == "P900"
    audit = [e for e in entries(shop.engine) if e.action == "producer_edit"]
    assert (audit[0].actor_name, audit[0].approver_name) == ("Nguyễn Thị Lan", "Phạm Thu Hà")
