"""Printer settings: which link the receipt printer is on, and how receipts must be laid out for it.

Kept as one frozen dataclass that round-trips through a TOML table (``[printer]`` in the terminal settings), so the
settings screen, the command line and the print worker all read the same validated object. Every problem in a
settings file is a :class:`~pos.errors.ConfigError` naming the key, in Vietnamese and English, because the person
fixing it is usually a shop owner with a text editor, not a developer.

Example::

    [printer]
    kind = "usb"
    vendor_id = "0x0416"     # USB ids are written in hex, as `lsusb` shows them
    product_id = "0x5011"
    width_mm = 80
    mode = "raster"
    drawer_pin = 0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from pos.errors import ConfigError

PrinterKind = Literal["none", "network", "usb", "serial", "file", "cups"]
PrintMode = Literal["raster", "tcvn3", "cp1258"]
FlowControl = Literal["none", "rtscts", "dsrdtr", "xonxoff"]

KINDS: tuple[str, ...] = ("none", "network", "usb", "serial", "file", "cups")
MODES: tuple[str, ...] = ("raster", "tcvn3", "cp1258")
FLOW_CONTROLS: tuple[str, ...] = ("none", "rtscts", "dsrdtr", "xonxoff")
WIDTHS_MM: tuple[int, ...] = (58, 80)
BAUDRATES: tuple[int, ...] = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)

# Keys that only matter for one kind of link: written out for that kind, required where listed.
_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "none": (),
    "network": ("host", "port"),
    "usb": ("vendor_id", "product_id"),
    "serial": ("serial_device", "baudrate", "flow_control"),
    "file": ("path",),
    "cups": ("cups_printer",),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "network": ("host",),
    "usb": ("vendor_id", "product_id"),
    "serial": ("serial_device",),
    "file": ("path",),
    "cups": ("cups_printer",),
}
_COMMON_FIELDS = ("kind", "width_mm", "mode", "drawer_pin")


@dataclass(frozen=True)
class PrinterConfig:
    """Where the receipt printer is and how to talk to it. ``kind="none"`` means the till has no printer."""

    kind: PrinterKind = "none"
    host: str = ""
    port: int = 9100
    vendor_id: int | None = None
    product_id: int | None = None
    serial_device: str = ""
    baudrate: int = 9600
    flow_control: FlowControl = "none"
    path: str = ""
    cups_printer: str = ""
    width_mm: int = 80
    mode: PrintMode = "raster"
    drawer_pin: int = 0
    """0 = drawer kick connector pin 2 (almost every drawer), 1 = pin 5 (a second drawer)."""
    trace_qr: bool = False
    """End each sale receipt with the traceability QR of its dearest OCOP product that has one."""
    connect_timeout_s: float = 3.0
    write_timeout_s: float = 20.0
    status_timeout_s: float = 1.0

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def label(self) -> str:
        """Short human name of the printer's address, used in every error message about it."""
        if self.kind == "network":
            return f"{self.host}:{self.port}"
        if self.kind == "usb":
            return f"USB {self.vendor_id or 0:04x}:{self.product_id or 0:04x}"
        if self.kind == "serial":
            return f"{self.serial_device} @ {self.baudrate}"
        if self.kind == "file":
            return self.path
        if self.kind == "cups":
            return f"CUPS {self.cups_printer}"
        return "-"

    @classmethod
    def from_dict(cls, table: Mapping[str, Any]) -> PrinterConfig:
        """Build from a TOML table; unknown keys and wrong types are errors, missing keys take defaults."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(
                f"Cấu hình máy in: không hiểu khóa {', '.join(unknown)}",
                f"Printer settings: unknown key(s) {', '.join(unknown)}",
            )
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in table:
                continue
            raw = table[f.name]
            if f.name in ("vendor_id", "product_id"):
                values[f.name] = _usb_id(f.name, raw)
            elif f.name.endswith("_timeout_s"):
                values[f.name] = _number(f.name, raw)
            elif f.name in ("port", "baudrate", "width_mm", "drawer_pin"):
                values[f.name] = _integer(f.name, raw)
            elif f.name == "trace_qr":
                if not isinstance(raw, bool):
                    raise _bad(f.name, "phải là true hoặc false", "must be true or false")
                values[f.name] = raw
            else:
                values[f.name] = _text(f.name, raw)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The TOML table for these settings: common keys, this kind's keys, and anything changed from default."""
        defaults = PrinterConfig()
        keep = set(_COMMON_FIELDS) | set(_KIND_FIELDS[self.kind])
        table: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name not in keep and value == getattr(defaults, f.name)):
                continue
            if f.name in ("vendor_id", "product_id"):
                value = f"0x{value:04x}"
            table[f.name] = value
        return table


def _bad(key: str, vi: str, en: str) -> ConfigError:
    return ConfigError(f"Cấu hình máy in: '{key}' {vi}", f"Printer settings: '{key}' {en}")


def _text(key: str, raw: object) -> str:
    if not isinstance(raw, str):
        raise _bad(key, "phải là chuỗi ký tự", "must be a string")
    return raw.strip()


def _integer(key: str, raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _bad(key, "phải là số nguyên", "must be a whole number")
    return raw


def _number(key: str, raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _bad(key, "phải là số giây", "must be a number of seconds")
    return float(raw)


def _usb_id(key: str, raw: object) -> int:
    """USB ids come as hex text ("0x0416" or "0416", as lsusb prints them) or as a plain integer."""
    if isinstance(raw, str):
        text = raw.strip().lower()
        text = text.removeprefix("0x")
        try:
            return int(text, 16)
        except ValueError:
            raise _bad(
                key,
                f'phải là mã hex như "0x0416", không phải {raw!r}',
                f'must be hex like "0x0416", not {raw!r}',
            ) from None
    return _integer(key, raw)


def _validate(config: PrinterConfig) -> None:
    """Check every field, so an invalid config cannot exist in memory, whatever built it."""
    if config.kind not in KINDS:
        raise _bad("kind", f"phải là một trong {', '.join(KINDS)}", f"must be one of {', '.join(KINDS)}")
    if config.mode not in MODES:
        raise _bad("mode", f"phải là một trong {', '.join(MODES)}", f"must be one of {', '.join(MODES)}")
    if config.flow_control not in FLOW_CONTROLS:
        raise _bad(
            "flow_control",
            f"phải là một trong {', '.join(FLOW_CONTROLS)}",
            f"must be one of {', '.join(FLOW_CONTROLS)}",
        )
    if config.width_mm not in WIDTHS_MM:
        raise _bad("width_mm", "phải là 58 hoặc 80", "must be 58 or 80")
    if config.drawer_pin not in (0, 1):
        raise _bad("drawer_pin", "phải là 0 (chân 2) hoặc 1 (chân 5)", "must be 0 (pin 2) or 1 (pin 5)")
    if not 1 <= config.port <= 65535:
        raise _bad("port", "phải từ 1 đến 65535", "must be from 1 to 65535")
    if config.baudrate not in BAUDRATES:
        raise _bad(
            "baudrate",
            f"phải là một trong {', '.join(map(str, BAUDRATES))}",
            f"must be one of {', '.join(map(str, BAUDRATES))}",
        )
    for key in ("vendor_id", "product_id"):
        value = cast(int | None, getattr(config, key))
        if value is not None and not 0 <= value <= 0xFFFF:
            raise _bad(key, "phải từ 0x0000 đến 0xffff", "must be from 0x0000 to 0xffff")
    for key in ("connect_timeout_s", "write_timeout_s", "status_timeout_s"):
        seconds = cast(float, getattr(config, key))
        if not 0 < seconds <= 600:
            raise _bad(
                key, "phải lớn hơn 0 và tối đa 600 giây", "must be more than 0 and at most 600 seconds"
            )
    for key in _REQUIRED.get(config.kind, ()):
        if getattr(config, key) in (None, ""):
            raise _bad(
                key,
                f'là bắt buộc khi kind = "{config.kind}"',
                f'is required when kind = "{config.kind}"',
            )
