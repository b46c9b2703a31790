"""VietQR payloads, their QR images and the bank list.

The three published payloads below come from the public subiz/vietqr README and were produced by an
independent implementation, so they pin the byte layout and the CRC, not just our own round trip.
"""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pyzbar.pyzbar import decode as zbar_decode

from pos.errors import ConfigError, PaymentError
from pos.payments import banks, vietqr
from pos.payments.qr_image import qr_png_bytes, render_qr

PUBLISHED = [
    (
        ("970415", "0011001932418", 120000, "ủng hộ lũ lụt"),
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
        "530370454061200005802VN62170813ung ho lu lut6304C15C",
    ),
    (
        ("970423", "0099999999", None, None),
        "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
    ),
    (
        ("970422", "0023457923442ASDFLJ", 40123, "chuyen khoan alsdkf laksj"),
        "00020101021238630010A0000007270133000697042201190023457923442ASDFLJ0208QRIBFTTA"
        "53037045405401235802VN62290825chuyen khoan alsdkf laksj6304E5DB",
    ),
]


def _crc_bitwise(data: bytes) -> int:
    """The textbook bit-at-a-time CRC-16/CCITT-FALSE, to check the table-driven one against."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def _with_crc(body: str) -> str:
    """Seal a hand-made payload body with its CRC, as an encoder would."""
    body += "6304"
    return body + f"{vietqr.crc16_ccitt_false(body.encode('utf-8')):04X}"


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


# -- CRC ---------------------------------------------------------------------------------------------


def test_crc_check_value() -> None:
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1
    assert vietqr.crc16_ccitt_false(b"") == 0xFFFF


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_crc_table_matches_bitwise_definition(data: bytes) -> None:
    assert vietqr.crc16_ccitt_false(data) == _crc_bitwise(data)


# -- build -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "payload"), PUBLISHED)
def test_build_matches_published_payloads(
    args: tuple[str, str, int | None, str | None], payload: str
) -> None:
    assert vietqr.build(*args) == payload


@pytest.mark.parametrize(("args", "payload"), PUBLISHED)
def test_parse_published_payloads(args: tuple[str, str, int | None, str | None], payload: str) -> None:
    bank_bin, account, amount, _reference = args
    result = vietqr.parse(payload)
    assert result["bank_bin"] == bank_bin
    assert result["account"] == account
    assert result["amount"] == amount
    assert result["dynamic"] is (amount is not None)
    assert result["currency"] == "704"
    assert result["country"] == "VN"
    assert result["crc"] == payload[-4:]
    assert result["38"]["00"] == "A000000727"
    assert result["38"]["01"] == {"00": bank_bin, "01": account}
    assert result["38"]["02"] == "QRIBFTTA"
    assert result["service"] == "QRIBFTTA"


def test_static_and_dynamic_layout() -> None:
    static = vietqr.parse(vietqr.build("970436", "1234567890"))
    assert static["01"] == "11"
    assert "54" not in static
    assert static["amount"] is None
    assert static["reference"] is None
    assert "62" not in static
    dynamic = vietqr.parse(vietqr.build("970436", "1234567890", 250000, "Q01-000123"))
    assert dynamic["01"] == "12"
    assert dynamic["54"] == "250000"
    assert dynamic["amount"] == 250000
    assert dynamic["62"] == {"08": "Q01-000123"}
    assert dynamic["reference"] == "Q01-000123"


def test_root_fields_in_standard_order() -> None:
    payload = vietqr.build("970436", "1234567890", 250000, "HD 42")
    ids = [key for key in vietqr.parse(payload) if key.isdigit()]
    assert ids == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert payload.startswith("000201010212")
    assert payload[-8:-4] == "6304"


def test_crc_is_zero_padded_upper_case_hex() -> None:
    found = []
    for number in range(20000):
        payload = vietqr.build("970436", "1234567890", 10000 + number)
        if payload[-4] == "0":
            found.append(payload)
            if len(found) == 3:
                break
    assert len(found) == 3, "no payload with a CRC below 0x1000 in 20000 tries"
    for payload in found:
        crc = payload[-4:]
        assert crc == crc.upper() and len(crc) == 4
        assert int(crc, 16) < 0x1000
        assert vietqr.parse(payload)["crc"] == crc


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Thanh toán đơn hàng Đ001", "Thanh toan don hang D001"),
        ("ỦNG HỘ   lũ lụt", "UNG HO lu lut"),
        ("HĐ#0042 / quầy 2", "HD 0042 quay 2"),
        ("Q01-000123.1", "Q01-000123.1"),
        ("  tab\tand\nnewline  ", "tab and newline"),
        ("ＦＵＬＬ１２", "FULL12"),
        ("Nước mắm Cái Rồng Vân Đồn loại 1", "Nuoc mam Cai Rong Van Don"),
        ("abcdefghijklmnopqrstuvwx yz", "abcdefghijklmnopqrstuvwx"),
        ("茶 trà", "tra"),
    ],
)
def test_ascii_reference(text: str, cleaned: str) -> None:
    assert vietqr.ascii_reference(text) == cleaned


def test_reference_is_cleaned_and_limited_in_payload() -> None:
    payload = vietqr.build("970436", "1234567890", 99000, "Khách hàng Nguyễn Văn Đức mua 3 hộp chè")
    reference = vietqr.parse(payload)["reference"]
    assert reference == "Khach hang Nguyen Van Duc"
    assert len(reference) <= 25
    assert payload.isascii()


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"bank_bin": "97043"}, "BIN"),
        ({"bank_bin": "9704366"}, "BIN"),
        ({"bank_bin": "97043a"}, "BIN"),
        ({"bank_bin": "٩٧٠٤٣٦"}, "BIN"),
        ({"bank_bin": 970436}, "BIN"),
        ({"account": ""}, "account"),
        ({"account": "1" * 20}, "account"),
        ({"account": "12 34"}, "account"),
        ({"account": "0123-45"}, "account"),
        ({"account": "số123"}, "account"),
        ({"amount": 0}, "amount"),
        ({"amount": -5000}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": 1.5}, "amount"),
        ({"amount": 10**13}, "amount"),
        ({"reference": "!!! ???"}, "reference"),
        ({"reference": ""}, "reference"),
        ({"reference": 42}, "reference"),
    ],
)
def test_build_rejects_bad_input(kwargs: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {
        "bank_bin": "970436",
        "account": "1234567890",
        "amount": 1000,
        "reference": "HD1",
    }
    args.update(kwargs)
    with pytest.raises(PaymentError) as info:
        vietqr.build(**args)  # type: ignore[arg-type]
    assert fragment in info.value.en
    assert info.value.vi and info.value.vi != info.value.en


def test_build_accepts_limits() -> None:
    payload = vietqr.build("970436", "A" * 19, 10**13 - 1, "x")
    result = vietqr.parse(payload)
    assert result["account"] == "A" * 19
    assert result["amount"] == 9_999_999_999_999


_accounts = st.from_regex(r"[A-Za-z0-9]{1,19}", fullmatch=True)
_bins = st.from_regex(r"[0-9]{6}", fullmatch=True)
_amounts = st.none() | st.integers(min_value=1, max_value=10**13 - 1)


@settings(deadline=None)
@given(_bins, _accounts, _amounts, st.none() | st.text(max_size=60))
def test_build_parse_round_trip(
    bank_bin: str, account: str, amount: int | None, reference: str | None
) -> None:
    cleaned = None if reference is None else vietqr.ascii_reference(reference)
    if cleaned == "":
        with pytest.raises(PaymentError):
            vietqr.build(bank_bin, account, amount, reference)
        return
    payload = vietqr.build(bank_bin, account, amount, reference)
    assert payload.isascii()
    result = vietqr.parse(payload)
    assert (result["bank_bin"], result["account"], result["amount"]) == (bank_bin, account, amount)
    assert result["reference"] == cleaned
    assert result["dynamic"] is (amount is not None)
    assert vietqr.parse(payload[:-4] + payload[-4:].lower())["crc"] == payload[-4:]


# -- parse: rejections --------------------------------------------------------------------------------

GOOD = PUBLISHED[0][1]


def test_parse_accepts_lower_case_crc_and_surrounding_whitespace() -> None:
    assert vietqr.parse(GOOD[:-4] + GOOD[-4:].lower())["crc"] == "C15C"
    assert vietqr.parse(f"  {GOOD}\r\n")["amount"] == 120000


def _rejected(payload: str, fragment: str) -> None:
    with pytest.raises(PaymentError) as info:
        vietqr.parse(payload)
    assert fragment in info.value.en, info.value.en
    assert info.value.vi


def test_parse_rejects_wrong_crc() -> None:
    _rejected(GOOD[:-4] + "C15D", "wrong CRC")
    _rejected(GOOD[:-4] + "0000", "wrong CRC")


def test_parse_rejects_data_changed_under_the_crc() -> None:
    _rejected(GOOD.replace("120000", "920000"), "wrong CRC")
    _rejected(GOOD.replace("0011001932418", "0011001932419"), "wrong CRC")


def test_parse_rejects_missing_crc() -> None:
    _rejected(GOOD[:-8], "CRC is missing")


def test_parse_rejects_crc_not_last() -> None:
    body = GOOD[:-8]
    moved = body.replace("5802VN", "") + "6304" + GOOD[-4:] + "5802VN"
    _rejected(moved, "CRC must be the last")


@pytest.mark.parametrize("crc", ["0x1F", " 1F2", "1_2F", "GGGG", "١٢٣٤"])
def test_parse_rejects_non_hex_crc(crc: str) -> None:
    _rejected(GOOD[:-4] + crc, "4 hexadecimal")


def test_parse_rejects_length_past_end() -> None:
    _rejected(GOOD[:-8] + "6310ABCD", "runs past the end")
    _rejected("0002010102", "runs past the end")
    _rejected("000201010212389", "")
    _rejected("0002010102123857" + "0010A000000727", "runs past the end")


def test_parse_rejects_nested_length_past_end() -> None:
    bad38 = _tlv("38", "0010A0000007270199" + "970415")
    _rejected(_with_crc("000201010211" + bad38 + "5303704" + "5802VN"), "runs past the end of the data (38)")


@pytest.mark.parametrize(
    "payload",
    [
        "AB020101021238",
        "00X201",
        "00٠٢01",
        "000201012",
        "0",
    ],
)
def test_parse_rejects_non_digit_id_or_length(payload: str) -> None:
    _rejected(payload, "not two digits")


def test_parse_rejects_empty_and_non_text() -> None:
    _rejected("", "empty")
    _rejected("   ", "empty")
    _rejected(None, "not text")  # type: ignore[arg-type]
    _rejected(b"000201", "not text")  # type: ignore[arg-type]


def test_parse_rejects_duplicate_field() -> None:
    body = "000201" + "010211" + "010212" + _tlv("38", "0010A00000072701180006970415010412340208QRIBFTTA")
    _rejected(_with_crc(body + "5303704" + "5802VN"), "appears twice")


def test_parse_rejects_other_qr_schemes() -> None:
    # A well-formed EMVCo code (valid CRC) for some other network: nothing to pay into.
    momo_like = _with_crc("000201010211" + _tlv("26", "0010A000000775" + "0110MOMOW2W123") + "53037045802VN")
    with pytest.raises(PaymentError) as info:
        vietqr.parse(momo_like)
    assert "not a VietQR" in info.value.en


def test_parse_rejects_bad_format_indicator_and_initiation() -> None:
    account = _tlv("38", "0010A00000072701180006970415010412340208QRIBFTTA")
    _rejected(_with_crc("000202010211" + account + "53037045802VN"), "payload format")
    _rejected(_with_crc("000201010213" + account + "53037045802VN"), "point of initiation")


def test_parse_rejects_bad_beneficiary() -> None:
    bad_bin = _tlv("38", "0010A0000007270117" + "000597041" + "01041234" + "0208QRIBFTTA")
    _rejected(_with_crc("000201010211" + bad_bin + "53037045802VN"), "BIN")
    no_account = _tlv("38", "0010A0000007270110" + "0006970415" + "0208QRIBFTTA")
    _rejected(_with_crc("000201010211" + no_account + "53037045802VN"), "account is missing")


@pytest.mark.parametrize(("amount", "expected"), [("50000", 50000), ("50000.00", 50000), ("7.", 7)])
def test_parse_amount_forms(amount: str, expected: int) -> None:
    account = _tlv("38", "0010A00000072701180006970415010412340208QRIBFTTA")
    payload = _with_crc("000201010212" + account + "5303704" + _tlv("54", amount) + "5802VN")
    assert vietqr.parse(payload)["amount"] == expected


@pytest.mark.parametrize("amount", ["50000.50", "-5", "1e5", "１２", "12345678901234"])
def test_parse_rejects_bad_amount(amount: str) -> None:
    account = _tlv("38", "0010A00000072701180006970415010412340208QRIBFTTA")
    _rejected(_with_crc("000201010212" + account + "5303704" + _tlv("54", amount) + "5802VN"), "amount")


def test_parse_decodes_all_templates() -> None:
    """Extra merchant templates (26–51) and several additional-data fields come back as dicts."""
    napas = _tlv("38", "0010A00000072701180006970415010412340208QRIBFTTA")
    other = _tlv("27", "0010A000000775" + "0105HELLO")
    additional = _tlv(
        "62", _tlv("01", "HD0042") + _tlv("05", "REF9") + _tlv("07", "Q01") + _tlv("08", "HD0042 Q01")
    )
    payload = _with_crc("000201010212" + other + napas + "5303704540510000" + "5802VN" + additional)
    result = vietqr.parse(payload)
    assert result["27"] == {"00": "A000000775", "01": "HELLO"}
    assert result["62"] == {"01": "HD0042", "05": "REF9", "07": "Q01", "08": "HD0042 Q01"}
    assert result["reference"] == "HD0042 Q01"
    assert result["bank_bin"] == "970415" and result["account"] == "1234"
    assert result["amount"] == 10000


def test_parse_accepts_utf8_content_with_crc_over_utf8_bytes() -> None:
    account = _tlv("38", "0010A00000072701180006970415010412340208QRIBFTTA")
    payload = _with_crc("000201010211" + account + "53037045802VN" + _tlv("62", _tlv("08", "chè Ba Chẽ")))
    assert vietqr.parse(payload)["reference"] == "chè Ba Chẽ"


# -- parse: fuzzing -----------------------------------------------------------------------------------


def _parse_or_payment_error(payload: str) -> dict[str, object] | None:
    try:
        return vietqr.parse(payload)
    except PaymentError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_raises_anything_but_payment_error(payload: str) -> None:
    _parse_or_payment_error(payload)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[0-9]{2}", fullmatch=True), st.text(max_size=30)), max_size=8))
def test_parse_fuzz_tlv_shaped_input(objects: list[tuple[str, str]]) -> None:
    body = "".join(f"{tag}{len(value):02d}{value}" for tag, value in objects if len(value) < 100)
    _parse_or_payment_error(body)
    try:
        sealed = _with_crc(body)  # a valid CRC gets the fuzz past the checksum into the field checks
    except UnicodeEncodeError:
        return
    _parse_or_payment_error(sealed)


_printable_no_space = st.sampled_from(string.ascii_letters + string.digits + string.punctuation)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([p for _, p in PUBLISHED]), st.data())
def test_single_character_change_is_always_caught(payload: str, data: st.DataObject) -> None:
    """CRC-16 catches every error burst up to 16 bits: one changed ASCII character can never slip through,
    except a case change inside the CRC itself, which is the same CRC."""
    index = data.draw(st.integers(min_value=0, max_value=len(payload) - 1))
    char = data.draw(_printable_no_space.filter(lambda c: c != payload[index]))
    mutated = payload[:index] + char + payload[index + 1 :]
    result = _parse_or_payment_error(mutated)
    if result is not None:
        assert index >= len(payload) - 4 and char.upper() == payload[index].upper()
        assert result == vietqr.parse(payload)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([p for _, p in PUBLISHED]), st.data())
def test_insertions_and_deletions_only_raise_payment_error(payload: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(payload)))
    end = data.draw(st.integers(min_value=start, max_value=min(len(payload), start + 6)))
    insert = data.draw(st.text(max_size=6))
    _parse_or_payment_error(payload[:start] + insert + payload[end:])


# -- QR images ----------------------------------------------------------------------------------------

IMAGE_PAYLOADS = [
    vietqr.build("970436", "1234567890", 1_250_000, "Q01-000123"),
    vietqr.build("970415", "0011001932418", 120000, "ủng hộ lũ lụt"),
    vietqr.build("970422", "0023457923442ASDFLJ", 9_999_999_999_999, "Nuoc mam Cai Rong loai 1"),
    vietqr.build("970423", "0099999999"),
]


def _decoded(image: Image.Image) -> list[str]:
    return [symbol.data.decode("utf-8") for symbol in zbar_decode(image.convert("L"))]


@pytest.mark.parametrize("payload", IMAGE_PAYLOADS)
def test_render_then_decode_gives_back_the_payload(payload: str) -> None:
    image = render_qr(payload)
    assert image.mode in ("1", "L")
    assert _decoded(image) == [payload]


@pytest.mark.parametrize("payload", IMAGE_PAYLOADS[:2])
def test_png_bytes_decode(payload: str) -> None:
    data = qr_png_bytes(payload, box_size=4)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        assert _decoded(image) == [payload]


@pytest.mark.parametrize(("box_size", "border"), [(1, 4), (3, 4), (10, 4), (6, 0), (5, 8)])
def test_image_geometry(box_size: int, border: int) -> None:
    image = render_qr(IMAGE_PAYLOADS[0], box_size=box_size, border=border)
    width, height = image.size
    assert width == height and width % box_size == 0
    modules = width // box_size - 2 * border
    assert modules >= 21 and (modules - 21) % 4 == 0  # a real QR version: 21, 25, 29, ... modules
    # The quiet zone is white all round.
    margin = border * box_size
    if margin:
        strip = image.convert("L").crop((0, 0, width, margin))
        assert strip.getextrema() == (255, 255)
    # Finder pattern: the top-left module inside the border is black.
    assert image.convert("L").getpixel((margin, margin)) == 0


def test_image_scans_when_upscaled_from_one_pixel_modules() -> None:
    image = render_qr(IMAGE_PAYLOADS[0], box_size=1)
    big = image.convert("L").resize((image.width * 4, image.height * 4), Image.Resampling.NEAREST)
    assert _decoded(big) == [IMAGE_PAYLOADS[0]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bins, _accounts, _amounts, st.none() | st.text(alphabet=string.ascii_letters + " -.", max_size=30))
def test_any_vietqr_survives_render_and_scan(
    bank_bin: str, account: str, amount: int | None, reference: str | None
) -> None:
    if reference is not None and not vietqr.ascii_reference(reference):
        reference = None
    payload = vietqr.build(bank_bin, account, amount, reference)
    assert _decoded(render_qr(payload, box_size=3)) == [payload]


def test_render_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        render_qr("x", box_size=0)
    with pytest.raises(ValueError):
        render_qr("x", border=-1)
    with pytest.raises(PaymentError):
        render_qr("")
    with pytest.raises(PaymentError):
        render_qr("A" * 5000)
    with pytest.raises(PaymentError):
        render_qr("\ud800")


# -- bank list ----------------------------------------------------------------------------------------


def test_shipped_bank_list() -> None:
    all_banks = banks.all_banks()
    assert len(all_banks) == 56
    bins = [bank.bin for bank in all_banks]
    assert len(set(bins)) == len(bins)
    assert bins == sorted(bins)
    for bank in all_banks:
        assert len(bank.bin) == 6 and bank.bin.isdigit()
        assert bank.short_name and bank.full_name
        assert bank.full_name.startswith(("Ngân hàng", "Công ty Tài chính"))
        assert bank.swift is None or (len(bank.swift) == 8 and bank.swift[4:6] == "VN")
        # Every listed BIN makes a VietQR that reads back to the same bank.
        assert vietqr.parse(vietqr.build(bank.bin, "0123456789", 1000))["bank_bin"] == bank.bin


def test_shipped_bank_list_names_source_and_licence() -> None:
    head = banks.DEFAULT_BANKS_CSV.read_text(encoding="utf-8").splitlines()[:6]
    assert any("subiz/vietqr" in line for line in head)
    assert any("MIT" in line for line in head)


def test_bank_lookups() -> None:
    assert banks.short_name("970436") == "Vietcombank"
    assert banks.full_name("970436") == "Ngân hàng TMCP Ngoại thương Việt Nam"
    assert banks.short_name("970418") == "BIDV"
    assert banks.full_name("970405") == "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"
    assert banks.short_name(" 970422 ") == "MBBank"
    assert banks.bank_by_bin("999999") is None
    assert banks.short_name("999999") is None and banks.full_name("999999") is None
    vcb = banks.bank_by_bin("970436")
    assert vcb is not None
    assert banks.find_bank("vcb") == vcb
    assert banks.find_bank("VIETCOMBANK") == vcb
    assert banks.find_bank("bftvvnvx") == vcb
    assert banks.find_bank("970436") == vcb
    assert banks.find_bank("") is None and banks.find_bank("no such bank") is None
    assert vcb.label() == "Vietcombank — Ngân hàng TMCP Ngoại thương Việt Nam"
    assert banks.bank_by_bin("970414") is not None and banks.bank_by_bin("970414").swift is None  # type: ignore[union-attr]


_HEADER = "bin,code,short_name,swift,full_name\n"


def test_load_banks_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "banks.csv"
    path.write_text(
        "# comment\n\n" + _HEADER + "970436, VCB ,Vietcombank,,Ngân hàng Ngoại thương\n", encoding="utf-8"
    )
    (bank,) = banks.load_banks(path)
    assert bank == banks.Bank("970436", "VCB", "Vietcombank", None, "Ngân hàng Ngoại thương")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("bin,name\n970436,VCB\n", "header"),
        (_HEADER + "97043,VCB,Vietcombank,,X\n", "6 digits"),
        (_HEADER + "970436,VCB,Vietcombank,,X\n970436,VCB,Vietcombank,,X\n", "twice"),
        (_HEADER + "970436,VCB,Vietcombank\n", "columns"),
        (_HEADER + "970436,VCB,,,X\n", "name is missing"),
        (_HEADER + '970436,VCB,"Vietcom\nbank",,X\n', "multi-line"),
    ],
)
def test_load_banks_rejects_bad_files(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "banks.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        banks.load_banks(path)
    assert fragment in info.value.en
    assert str(path) in info.value.en


def test_load_banks_missing_or_undecodable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        banks.load_banks(tmp_path / "nope.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(_HEADER.encode() + "970436,VCB,Vietcombank,,Ng\xe2n h\xe0ng\n".encode("latin-1"))
    with pytest.raises(ConfigError):
        banks.load_banks(bad)
