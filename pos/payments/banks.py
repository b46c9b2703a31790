"""The Vietnamese banks that can receive a VietQR transfer, by their NAPAS BIN.

The shop picks its bank by name in the settings, the VietQR payload needs the 6-digit BIN, and the receipt and
the customer display show the short name: this module maps between them. The list ships as a CSV in
``resources/banks`` so it can be refreshed without touching code; a BIN missing from it is still usable.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pos.errors import ConfigError

__all__ = [
    "DEFAULT_BANKS_CSV",
    "Bank",
    "account_holder",
    "all_banks",
    "bank_by_bin",
    "find_bank",
    "full_name",
    "load_banks",
    "short_name",
]

DEFAULT_BANKS_CSV = Path(__file__).resolve().parents[2] / "resources" / "banks" / "vietqr-banks.csv"
_COLUMNS = ["bin", "code", "short_name", "swift", "full_name"]
_BIN_RE = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class Bank:
    """One bank or finance company with a NAPAS BIN."""

    bin: str
    code: str
    short_name: str
    swift: str | None
    full_name: str

    def label(self) -> str:
        """How a settings list shows it: short name, then full name."""
        return f"{self.short_name} — {self.full_name}"


def _bad_file(path: Path, line: int, vi: str, en: str) -> ConfigError:
    return ConfigError(f"Danh sách ngân hàng {path} dòng {line}: {vi}", f"Bank list {path} line {line}: {en}")


def load_banks(path: Path | str = DEFAULT_BANKS_CSV) -> tuple[Bank, ...]:
    """Read a bank list CSV (``#`` lines are comments), refusing malformed rows and duplicate BINs."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Không đọc được danh sách ngân hàng {path}: {exc}", f"Cannot read the bank list {path}: {exc}"
        ) from exc
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if not line.startswith("#")]
    numbered = [(n, line) for n, line in numbered if line.strip()]
    if not numbered:
        raise _bad_file(path, 1, "tệp rỗng", "the file is empty")
    try:
        rows = list(csv.reader(line for _, line in numbered))
    except csv.Error as exc:
        raise _bad_file(path, 1, f"lỗi CSV: {exc}", f"CSV error: {exc}") from exc
    if len(rows) != len(numbered):
        raise _bad_file(path, 1, "ô nhiều dòng không được hỗ trợ", "multi-line cells are not supported")
    header_line = numbered[0][0]
    if [cell.strip() for cell in rows[0]] != _COLUMNS:
        raise _bad_file(
            path,
            header_line,
            f"tiêu đề phải là {','.join(_COLUMNS)}",
            f"the header must be {','.join(_COLUMNS)}",
        )
    banks: list[Bank] = []
    seen: set[str] = set()
    for (line, _), row in zip(numbered[1:], rows[1:], strict=True):
        cells = [cell.strip() for cell in row]
        if len(cells) != len(_COLUMNS):
            raise _bad_file(path, line, f"cần {len(_COLUMNS)} cột", f"expected {len(_COLUMNS)} columns")
        bank_bin, code, short, swift, full = cells
        if not _BIN_RE.fullmatch(bank_bin):
            raise _bad_file(path, line, "mã BIN phải gồm 6 chữ số", "the BIN must be 6 digits")
        if bank_bin in seen:
            raise _bad_file(path, line, f"mã BIN {bank_bin} bị trùng", f"BIN {bank_bin} appears twice")
        if not short or not full:
            raise _bad_file(path, line, "thiếu tên ngân hàng", "the bank name is missing")
        seen.add(bank_bin)
        banks.append(Bank(bin=bank_bin, code=code, short_name=short, swift=swift or None, full_name=full))
    return tuple(banks)


@functools.cache
def all_banks() -> tuple[Bank, ...]:
    """The shipped bank list, in BIN order (read once)."""
    return load_banks(DEFAULT_BANKS_CSV)


@functools.cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in all_banks()}


def bank_by_bin(bank_bin: str) -> Bank | None:
    """The bank with this BIN, or None if the shipped list does not know it."""
    return _by_bin().get(bank_bin.strip())


def short_name(bank_bin: str) -> str | None:
    """E.g. "Vietcombank" for "970436"."""
    bank = bank_by_bin(bank_bin)
    return bank.short_name if bank else None


def full_name(bank_bin: str) -> str | None:
    """E.g. "Ngân hàng TMCP Ngoại thương Việt Nam" for "970436"."""
    bank = bank_by_bin(bank_bin)
    return bank.full_name if bank else None


def find_bank(text: str) -> Bank | None:
    """The bank a person means by a BIN, a code ("VCB"), a short name ("vietcombank") or a SWIFT code."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for bank in all_banks():
        names = (bank.bin, bank.code, bank.short_name, bank.swift or "")
        if any(wanted == name.casefold() for name in names):
            return bank
    return None


def account_holder(name: str) -> str:
    """An account holder's name as banks show it: upper-case ASCII without diacritics, single spaces
    (``Nguyễn Văn Đức`` → ``NGUYEN VAN DUC``)."""
    name = name.replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return " ".join(plain.upper().split())
