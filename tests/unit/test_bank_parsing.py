"""Bank notifications without a server: exact amounts, references found however the bank rewrote them, Casso's
signed message written as JavaScript's JSON.stringify writes it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pos.server.bank.base import NoticeError, bank_time, holds_reference, match_key, whole_dong
from pos.server.bank.casso import SOURCE as CASSO
from pos.server.bank.casso import sign, signed_message
from pos.server.bank.sepay import SOURCE as SEPAY


def test_amounts_are_whole_dong_exactly() -> None:
    assert whole_dong(2_277_000, "a") == 2_277_000
    assert whole_dong(Decimal("150000.0"), "a") == 150_000
    assert whole_dong(" 99000 ", "a") == 99_000
    assert whole_dong(-200_000, "a") == -200_000
    for bad in (Decimal("150000.5"), True, None, "15.000", "1e5", [1]):
        with pytest.raises(NoticeError):
            whole_dong(bad, "a")
    # a number too large for a float to hold exactly is still exact
    assert whole_dong(json.loads("90071992547409931", parse_float=Decimal), "a") == 90071992547409931


def test_references_are_found_however_the_bank_wrote_them() -> None:
    ref = match_key("T01-000123")
    assert ref == "T01000123"
    for message in ("T01-000123", "t01 000123 thanh toan", "MBVCB.3278.T01000123.CT tu 1903", "T01.000123"):
        assert holds_reference(match_key(message), ref), message
    for message in ("T01-0001234", "T01-000124", "", "T01-00012"):
        assert not holds_reference(match_key(message), ref), message
    assert match_key("Chuyển tiền Đà") == "CHUYENTIENDA"


def test_bank_time_is_kept_as_the_bank_gave_it() -> None:
    assert str(bank_time("2026-12-07 14:02:37")) == "2026-12-07 14:02:37"
    assert str(bank_time("2026-12-07T07:02:37+00:00")) == "2026-12-07 14:02:37"
    assert bank_time("") is None
    with pytest.raises(NoticeError):
        bank_time("07/12/2026")


def test_casso_signs_the_sorted_body_as_javascript_writes_it() -> None:
    raw = (
        b'{"error": 0, "data": {"id": 7, "description": "B\\u00e1nh \xc4\x91a", "amount": 599000.0, '
        b'"b": [1, {"z": null, "a": true}]}}'
    )
    body = json.loads(raw, parse_float=Decimal)
    assert (
        signed_message("1700000000000", body)
        == (
            '1700000000000.{"data":{"amount":599000,"b":[1,{"a":true,"z":null}],"description":"Bánh đa","id":7},"error":0}'
        ).encode()
    )
    good = {"x-casso-signature": f"t=1700000000000,v1={sign('k', '1700000000000', body)}"}
    assert CASSO.authentic(good, raw, "k")
    assert not CASSO.authentic(good, raw, "other")
    assert not CASSO.authentic({"x-casso-signature": "t=1,v1=abc"}, raw, "k")
    assert not CASSO.authentic({}, raw, "k")


def test_sepay_key_and_payload() -> None:
    assert SEPAY.authentic({"authorization": "Apikey s3cret"}, b"", "s3cret")
    assert SEPAY.authentic({"authorization": "apikey s3cret"}, b"", "s3cret")
    assert not SEPAY.authentic({"authorization": "Bearer s3cret"}, b"", "s3cret")
    assert not SEPAY.authentic({"authorization": "Apikey s3cret"}, b"", "")
    body = {
        "id": 92704,
        "gateway": "Vietcombank",
        "transactionDate": "2023-03-25 14:02:37",
        "accountNumber": "0123499999",
        "code": None,
        "content": "chuyen tien mua iphone",
        "transferType": "in",
        "transferAmount": 2277000,
        "accumulated": 19077000,
        "subAccount": None,
        "referenceCode": "MBVCB.3278907687",
        "description": "",
    }
    (notice,) = SEPAY.parse(json.dumps(body).encode())
    assert (notice.txn_id, notice.direction, notice.amount, notice.account_number) == (
        "92704",
        "in",
        2_277_000,
        "0123499999",
    )
    with pytest.raises(NoticeError):
        SEPAY.parse(json.dumps({**body, "transferType": "sideways"}).encode())
    with pytest.raises(NoticeError):
        SEPAY.parse(b"[1, 2]")


def test_casso_published_sample_signature() -> None:
    """Casso's own worked example for webhook v2 (the sample body, checksum key, timestamp in ms and ``v1`` its
    documentation gives): our signature is byte for byte theirs, so a real Casso call is accepted."""
    body = {
        "error": 0,
        "data": {
            "id": 0,
            "reference": "MA_GIAO_DICH_THU_NGHIEM",
            "description": "giao dich thu nghiem",
            "amount": 599000,
            "runningBalance": 25000000,
            "transactionDateTime": "2024-10-03 15:06:37",
            "accountNumber": "88888888",
            "bankName": "VPBank",
            "bankAbbreviation": "VPB",
            "virtualAccountNumber": "",
            "virtualAccountName": "",
            "counterAccountName": "NGUYEN VAN A",
            "counterAccountNumber": "8888888888",
            "counterAccountBankId": "970415",
            "counterAccountBankName": "VietinBank",
        },
    }
    key = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs"
    v1 = (
        "ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7"
        "dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3"
    )
    assert sign(key, "1727948258788", body) == v1
    raw = json.dumps(
        body, ensure_ascii=False
    ).encode()  # the sender's own key order and spacing: not what is signed
    assert CASSO.authentic({"x-casso-signature": f"t=1727948258788,v1={v1}"}, raw, key)
    assert not CASSO.authentic({"x-casso-signature": f"t=1727948258789,v1={v1}"}, raw, key)
