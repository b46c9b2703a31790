"""VietQR payloads: NAPAS's profile of the EMVCo merchant-presented QR, for instant bank transfers.

The till shows a *dynamic* VietQR per sale so the customer's banking app fills in the shop's account, the exact
amount and a short reference that a later bank notification can be matched against. ``parse`` reads any VietQR
back (for example the bank's printed sticker, when a shop sets up its account) and is strict, because a code that
decodes to the wrong account sends a customer's money to a stranger.

Facts follow NAPAS "Quy định về định dạng mã VietQR" v1.0 (09/2021).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pos.errors import PaymentError

__all__ = [
    "COUNTRY_VN",
    "CURRENCY_VND",
    "NAPAS_GUID",
    "REFERENCE_MAX_LENGTH",
    "SERVICE_TO_ACCOUNT",
    "ascii_reference",
    "build",
    "crc16_ccitt_false",
    "parse",
]

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
REFERENCE_MAX_LENGTH = 25
MAX_AMOUNT_DIGITS = 13

# Root ids whose value is itself a list of TLV objects (EMVCo: merchant account templates and additional data).
_TEMPLATE_IDS = frozenset({f"{i:02d}" for i in range(26, 52)} | {"62"})
# Besides letters, digits and spaces, only these survive in a transfer message: every bank app keeps them.
_SAFE_PUNCTUATION = "-."

_BIN_RE = re.compile(r"[0-9]{6}")
_ACCOUNT_RE = re.compile(r"[A-Za-z0-9]{1,19}")
_TWO_DIGITS_RE = re.compile(r"[0-9]{2}")
_HEX4_RE = re.compile(r"[0-9A-Fa-f]{4}")
_AMOUNT_RE = re.compile(r"([0-9]+)(?:\.0*)?")


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return tuple(table)


_CRC_TABLE = _crc_table()


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR), as EMVCo QR requires."""
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[(crc >> 8) ^ byte]
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise PaymentError(
            f"Trường {tag} của mã QR quá dài ({len(value)} ký tự)",
            f"QR field {tag} is too long ({len(value)} characters)",
        )
    return f"{tag}{len(value):02d}{value}"


def ascii_reference(text: str) -> str:
    """The transfer message as every bank carries it: ASCII, no diacritics, at most 25 characters.

    Banks drop or mangle Vietnamese letters and most punctuation in the message, and the shop matches the
    notification on this text, so the till must put exactly what will come back.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            continue
        if char.isascii() and (char.isalnum() or char in _SAFE_PUNCTUATION):
            out.append(char)
        else:
            out.append(" ")
    collapsed = " ".join("".join(out).split())
    return collapsed[:REFERENCE_MAX_LENGTH].rstrip()


def _check_build_inputs(bank_bin: object, account: object, amount: object) -> None:
    if not isinstance(bank_bin, str) or not _BIN_RE.fullmatch(bank_bin):
        raise PaymentError("Mã BIN ngân hàng phải gồm đúng 6 chữ số", "The bank BIN must be exactly 6 digits")
    if not isinstance(account, str) or not _ACCOUNT_RE.fullmatch(account):
        raise PaymentError(
            "Số tài khoản phải gồm 1–19 chữ cái hoặc chữ số, không dấu, không khoảng trắng",
            "The account number must be 1–19 ASCII letters or digits, without spaces",
        )
    if amount is None:
        return
    if (
        isinstance(amount, bool)
        or not isinstance(amount, int)
        or amount <= 0
        or len(str(amount)) > MAX_AMOUNT_DIGITS
    ):
        raise PaymentError(
            "Số tiền phải là số nguyên dương (đồng), tối đa 13 chữ số",
            "The amount must be a positive whole number of đồng, at most 13 digits",
        )


def build(bank_bin: str, account: str, amount: int | None = None, reference: str | None = None) -> str:
    """A VietQR payload for a transfer to ``account`` at the bank ``bank_bin``.

    With ``amount`` (integer đồng) the code is dynamic (one sale); without, static (the shop's reusable sticker).
    ``reference`` goes into the transfer message (62/08), made ASCII by :func:`ascii_reference`.
    """
    _check_build_inputs(bank_bin, account, amount)
    cleaned: str | None = None
    if reference is not None:
        if not isinstance(reference, str):
            raise PaymentError("Nội dung chuyển khoản phải là chữ", "The transfer reference must be text")
        cleaned = ascii_reference(reference)
        if not cleaned:
            raise PaymentError(
                "Nội dung chuyển khoản phải có ít nhất một chữ cái hoặc chữ số",
                "The transfer reference must contain at least one letter or digit",
            )
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        _tlv("00", "01"),
        _tlv("01", "11" if amount is None else "12"),
        _tlv("38", merchant),
        _tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(_tlv("54", str(amount)))
    parts.append(_tlv("58", COUNTRY_VN))
    if cleaned is not None:
        parts.append(_tlv("62", _tlv("08", cleaned)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def _bad(vi: str, en: str) -> PaymentError:
    return PaymentError(f"Mã VietQR không hợp lệ: {vi}", f"Invalid VietQR code: {en}")


def _decode_tlv(text: str, where: str) -> dict[str, str]:
    """Split ``text`` into TLV objects, refusing anything that is not exactly a sequence of them."""
    objects: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        tag, length = text[pos : pos + 2], text[pos + 2 : pos + 4]
        if not _TWO_DIGITS_RE.fullmatch(tag) or not _TWO_DIGITS_RE.fullmatch(length):
            raise _bad(
                f"mã trường hoặc độ dài không phải 2 chữ số ở vị trí {pos} ({where})",
                f"field id or length is not two digits at position {pos} ({where})",
            )
        start = pos + 4
        end = start + int(length)
        if end > len(text):
            raise _bad(
                f"trường {tag} dài hơn phần còn lại của mã ({where})",
                f"field {tag} runs past the end of the data ({where})",
            )
        if tag in objects:
            raise _bad(f"trường {tag} xuất hiện hai lần ({where})", f"field {tag} appears twice ({where})")
        objects[tag] = text[start:end]
        pos = end
    return objects


def _check_crc(payload: str, root: dict[str, str]) -> str:
    if "63" not in root:
        raise _bad("thiếu mã kiểm tra CRC", "the CRC is missing")
    if list(root)[-1] != "63":
        raise _bad("mã kiểm tra CRC phải ở cuối", "the CRC must be the last field")
    crc = root["63"]
    if not _HEX4_RE.fullmatch(crc):
        raise _bad("mã kiểm tra CRC phải gồm 4 chữ số hex", "the CRC must be 4 hexadecimal digits")
    try:
        data = payload[:-4].encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _bad("chứa ký tự không mã hoá được", "it contains characters that cannot be encoded") from exc
    if int(crc, 16) != crc16_ccitt_false(data):
        raise _bad(
            "sai mã kiểm tra CRC (mã bị hỏng hoặc đọc sai)", "wrong CRC (the code is damaged or misread)"
        )
    return crc.upper()


def _napas_account(root: dict[str, Any]) -> tuple[str, str, str | None]:
    """Find the NAPAS merchant-account template and return (BIN, account, service code)."""
    for tag in sorted(_TEMPLATE_IDS - {"62"}):
        template = root.get(tag)
        if not isinstance(template, dict) or str(template.get("00", "")).upper() != NAPAS_GUID:
            continue
        beneficiary = template.get("01")
        if isinstance(beneficiary, str):
            beneficiary = _decode_tlv(beneficiary, f"{tag}/01")
            template["01"] = beneficiary
        if not isinstance(beneficiary, dict):
            break
        bank_bin, account = beneficiary.get("00", ""), beneficiary.get("01", "")
        if not _BIN_RE.fullmatch(bank_bin):
            raise _bad("mã BIN ngân hàng không phải 6 chữ số", "the bank BIN is not 6 digits")
        if not account:
            raise _bad("thiếu số tài khoản người nhận", "the beneficiary account is missing")
        service = template.get("02")
        return bank_bin, account, service if isinstance(service, str) else None
    raise PaymentError(
        "Đây không phải mã VietQR chuyển khoản ngân hàng (không có thông tin tài khoản NAPAS)",
        "This is not a VietQR bank-transfer code (no NAPAS account information)",
    )


def parse(payload: str) -> dict[str, Any]:
    """Decode a VietQR payload, checking its structure and CRC.

    The result holds every root field by id (templates 26–51 and 62 as dicts keyed by sub-id; the NAPAS
    beneficiary 38/01 decoded too), plus ``bank_bin``, ``account``, ``service``, ``amount`` (int or None),
    ``reference`` (62/08 or None), ``dynamic``, ``currency``, ``country`` and ``crc`` (upper case, as field 63 is).
    Anything malformed raises :class:`PaymentError`, never another exception.
    """
    if not isinstance(payload, str):
        raise _bad("không phải chuỗi ký tự", "it is not text")
    payload = payload.strip()
    if not payload:
        raise _bad("mã rỗng", "it is empty")
    flat = _decode_tlv(payload, "root")
    crc = _check_crc(payload, flat)
    root: dict[str, Any] = {}
    for tag, value in flat.items():
        root[tag] = _decode_tlv(value, tag) if tag in _TEMPLATE_IDS else value
    root["63"] = crc  # hex is case-blind: "cbb4" and "CBB4" are one CRC, and one parse
    if root.get("00") != "01":
        raise _bad("trường 00 (phiên bản) phải là 01", "field 00 (payload format) must be 01")
    initiation = root.get("01")
    if initiation not in (None, "11", "12"):
        raise _bad("trường 01 phải là 11 hoặc 12", "field 01 (point of initiation) must be 11 or 12")
    bank_bin, account, service = _napas_account(root)
    amount: int | None = None
    if "54" in root:
        match = _AMOUNT_RE.fullmatch(root["54"])
        if match is None or len(match.group(1)) > MAX_AMOUNT_DIGITS:
            raise _bad("số tiền không phải số nguyên đồng", "the amount is not a whole number of đồng")
        amount = int(match.group(1))
    additional = root.get("62")
    reference = additional.get("08") if isinstance(additional, dict) else None
    result = dict(root)
    result.update(
        bank_bin=bank_bin,
        account=account,
        service=service,
        amount=amount,
        reference=reference,
        dynamic=initiation == "12",
        currency=root.get("53"),
        country=root.get("58"),
        crc=crc,
    )
    return result
