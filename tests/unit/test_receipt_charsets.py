"""Vietnamese letters in TCVN3 and Windows-1258, and the fallbacks that keep ``?`` off the paper."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import escpos
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.receipts import cp1258, fonts, tcvn3
from pos.receipts.vietnamese import PLACEHOLDER, VIETNAMESE_LETTERS, clean_text, split_tone

ESC_T = b"\x1bt"


def _escpos_tables() -> dict[str, dict[int, str]]:
    """python-escpos's copy of the printers' code page tables: an independent source to check ours against."""
    data = json.loads((Path(escpos.__file__).parent / "capabilities.json").read_text(encoding="utf-8"))
    tables = {}
    for name in ("TCVN-3-1", "TCVN-3-2"):
        rows = data["encodings"][name]["data"]
        tables[name] = {
            0x80 + 16 * r + c: ch for r, row in enumerate(rows) for c, ch in enumerate(row) if ch != " "
        }
    return tables


def test_there_are_134_precomposed_letters_67_per_case() -> None:
    assert len(VIETNAMESE_LETTERS) == 134
    assert len(set(VIETNAMESE_LETTERS)) == 134
    assert sum(ch.islower() for ch in VIETNAMESE_LETTERS) == 67
    for ch in "ăâêôơưđáàảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵíìỉĩịúùủũụ":
        assert ch in VIETNAMESE_LETTERS and ch.upper() in VIETNAMESE_LETTERS


def test_split_tone_keeps_the_vowel_shape() -> None:
    assert split_tone("ấ") == ("â", "\u0301")
    assert split_tone("Ự") == ("Ư", "\u0323")
    assert split_tone("đ") == ("đ", "")
    assert split_tone("ỹ") == ("y", "\u0303")


def test_every_letter_has_a_tcvn3_byte_on_its_page() -> None:
    for ch in VIETNAMESE_LETTERS:
        table = tcvn3.LOWER_TABLE if ch.islower() else tcvn3.UPPER_TABLE
        assert ch in table, ch
        decode = tcvn3.LOWER_DECODE if ch.islower() else tcvn3.UPPER_DECODE
        assert decode[table[ch]] == ch
    assert len(tcvn3.LOWER_TABLE) == 67 and len(set(tcvn3.LOWER_TABLE.values())) == 67
    assert len(tcvn3.UPPER_TABLE) == 67 and len(set(tcvn3.UPPER_TABLE.values())) == 67
    # A toned capital sits on the byte of its lower-case letter, one page up.
    assert tcvn3.UPPER_TABLE["Ấ"] == tcvn3.LOWER_TABLE["ấ"] == 0xCA


def test_tcvn3_tables_agree_with_the_printer_tables_in_python_escpos() -> None:
    tables = _escpos_tables()
    for ch, code in tcvn3.LOWER_TABLE.items():
        assert tables["TCVN-3-1"][code] == ch, (ch, hex(code))
    for ch, code in tcvn3.UPPER_TABLE.items():
        printed = tables["TCVN-3-2"][code]
        assert printed.replace("Ð", "Đ") == ch, (ch, hex(code))  # the table spells Đ with the look-alike Ð


def test_tcvn3_classic_spelling_of_dai_hoc() -> None:
    # "§¹i häc" is how "Đại học" famously looks when TCVN3 bytes are read as Latin-1.
    encoded = tcvn3.Tcvn3Encoder().encode("Đại học")
    assert encoded == ESC_T + b"\x1f\xa7" + ESC_T + b"\x1e\xb9i h\xe4c"


def test_tcvn3_switches_page_only_when_needed() -> None:
    encoder = tcvn3.Tcvn3Encoder()
    assert encoder.encode("OCOP 123") == b"OCOP 123"  # ASCII never selects a page
    assert encoder.encode("Cửa hàng Quảng Ninh").count(ESC_T) == 1
    assert encoder.encode("Hạ Long").count(ESC_T) == 0  # still on page 30 from the row before
    assert encoder.encode("TỔNG CỘNG").count(ESC_T) == 1  # capitals: one switch to 31 for both words
    assert encoder.encode("TỔNG: 5 chữ").count(ESC_T) == 1  # back to 30 for the lower case
    custom = tcvn3.Tcvn3Encoder(lower_page=40, upper_page=41)
    assert custom.encode("Ấy") == ESC_T + b"\x29\xca" + b"y"


def test_every_letter_round_trips_through_cp1258_decomposed() -> None:
    for ch in VIETNAMESE_LETTERS:
        encoded = cp1258.encode_char(ch)
        assert encoded is not None
        base, tone = split_tone(ch)
        if tone:
            assert len(encoded) == 2 and encoded[1] == cp1258.TONE_BYTES[tone]
        else:
            assert len(encoded) == 1
        assert encoded[0] not in cp1258.TONE_BYTES.values()
        assert unicodedata.normalize("NFC", encoded.decode("cp1258")) == ch
        assert encoded[:1].decode("cp1258") == base


def test_cp1258_selects_its_page_once_and_only_for_non_ascii() -> None:
    encoder = cp1258.Cp1258Encoder()
    assert encoder.encode("OCOP") == b"OCOP"
    first = encoder.encode("Cửa hàng")
    assert first.startswith(b"C" + ESC_T + b"\x34")
    assert encoder.encode("Quảng Ninh").count(ESC_T) == 0
    assert cp1258.Cp1258Encoder(page=27).encode("đ") == ESC_T + b"\x1b\xf0"


def test_cp1258_has_the_dong_sign_but_tcvn3_does_not() -> None:
    assert cp1258.encode_char("₫") == b"\xfe"
    assert not tcvn3.can_print("₫")
    assert clean_text("150.000₫", tcvn3.can_print) == "150.000đ"
    assert clean_text("150.000₫", cp1258.can_print) == "150.000₫"
    assert clean_text("150.000₫", fonts.can_print) == "150.000₫"


@pytest.mark.parametrize("can_print", [tcvn3.can_print, cp1258.can_print])
def test_text_modes_transliterate_symbols(can_print: Callable[[str], bool]) -> None:
    assert clean_text("“Trà” – ★★★ …", can_print) == '"Trà" - *** ...'
    assert clean_text("Crème brûlée Ñ", tcvn3.can_print) == "Crème brulée N"
    assert clean_text("2 ⁇", can_print) == f"2 {PLACEHOLDER}"
    assert clean_text("茶 tea", can_print) == f"{PLACEHOLDER} tea"


def test_clean_text_normalises_and_drops_controls() -> None:
    decomposed = unicodedata.normalize("NFD", "Quảng Ninh")
    assert clean_text(decomposed, tcvn3.can_print) == "Quảng Ninh"
    assert clean_text("a\tb\nc\u200bd\x07e", tcvn3.can_print) == "a b cde"


def test_raster_fonts_draw_every_vietnamese_letter_and_the_star() -> None:
    for ch in (*VIETNAMESE_LETTERS, "₫", "★"):
        assert fonts.can_print(ch), ch
    assert fonts.face_for("ấ") == "text"
    assert fonts.face_for("★") == "symbol"  # Noto Sans Mono has no star; DejaVu Sans Mono does
    assert not fonts.can_print("\U0001f600")


_vietnamese_text = st.text(
    alphabet=st.sampled_from(
        [*VIETNAMESE_LETTERS, *"abcdeghiklmnopqrstuvxyABCDGHKLMNOPQRSTUVXY 0123456789.,:-/"]
    ),
    max_size=60,
)


@given(_vietnamese_text)
def test_tcvn3_round_trip(text: str) -> None:
    from pos.receipts.decode import decode_tcvn3_stream

    data = tcvn3.Tcvn3Encoder().encode(text) + b"\n"
    assert decode_tcvn3_stream(data) == text.rstrip()


@given(_vietnamese_text)
def test_cp1258_round_trip(text: str) -> None:
    from pos.receipts.decode import decode_cp1258_stream

    data = cp1258.Cp1258Encoder().encode(text) + b"\n"
    assert decode_cp1258_stream(data) == text.rstrip()


@given(st.text(max_size=40))
def test_cleaned_text_is_always_encodable_and_never_gains_a_question_mark(text: str) -> None:
    for module in (tcvn3, cp1258):
        cleaned = clean_text(text, module.can_print)
        assert cleaned.count("?") == text.count("?")
        encoder = tcvn3.Tcvn3Encoder() if module is tcvn3 else cp1258.Cp1258Encoder()
        encoded = encoder.encode(cleaned)
        assert encoded.count(b"?") == text.count("?")
