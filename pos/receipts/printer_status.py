"""Real-time printer status (ESC/POS ``DLE EOT n``), decoded into something a cashier can read.

An ESC/POS printer answers ``10 04 n`` (n = 1..4) with one byte at once, even while it is offline or busy, which is
how the print queue learns "out of paper" or "cover open" *before* it sends a receipt into the void. Every answer byte
has fixed bits (bit 1 and bit 4 on, bit 0 and bit 7 off); a byte without them is not a status answer. Many cheap
printers, CUPS queues and plain files never answer at all: that is "unknown" (``None``), never an error.

Bits used (Epson ESC/POS, followed by the common clones):

* n=1 printer status: bit 2 drawer connector pin 3 level, bit 3 offline.
* n=2 offline cause: bit 2 cover open, bit 3 paper fed by the button, bit 5 stopped by paper end, bit 6 error.
* n=3 error cause: bit 3 autocutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error (e.g. head heat).
* n=4 roll paper sensor: bits 2-3 near end, bits 5-6 paper end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

DLE_EOT = b"\x10\x04"
STATUS_KINDS = (1, 2, 3, 4)

_FIXED_MASK = 0x93  # bits 0, 1, 4, 7
_FIXED_VALUE = 0x12  # bits 1 and 4 on, bits 0 and 7 off


def status_query(n: int) -> bytes:
    """The ``DLE EOT n`` command asking for status kind ``n`` (1..4)."""
    if n not in STATUS_KINDS:
        raise ValueError(f"DLE EOT status kind must be 1..4, not {n}")
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    """True when ``value`` carries the fixed bits every ``DLE EOT`` answer has."""
    return 0 <= value <= 0xFF and value & _FIXED_MASK == _FIXED_VALUE


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself. Flags a printer did not report stay False."""

    online: bool = True
    cover_open: bool = False
    paper_end: bool = False
    paper_near_end: bool = False
    feeding: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    drawer_signal_high: bool | None = None
    """Level of drawer connector pin 3; whether "high" means open depends on the drawer model."""

    @property
    def can_print(self) -> bool:
        """Whether a job sent now would print (near end still prints; the rest must be fixed by a person)."""
        return (
            self.online
            and not self.cover_open
            and not self.paper_end
            and not self.error
            and not self.cutter_error
            and not self.unrecoverable_error
        )

    def problems(self) -> list[tuple[str, str]]:
        """Each problem as a (vi, en) pair, most urgent first; empty when the printer is fine."""
        found: list[tuple[str, str]] = []
        if self.paper_end:
            found.append(("Hết giấy", "Out of paper"))
        if self.cover_open:
            found.append(("Nắp máy in đang mở", "Printer cover is open"))
        if self.cutter_error:
            found.append(("Kẹt dao cắt giấy", "Paper cutter error"))
        if self.unrecoverable_error:
            found.append(("Máy in hỏng, cần sửa chữa", "Printer failure, needs service"))
        if self.auto_recoverable_error:
            found.append(("Máy in tạm dừng (đầu in quá nóng?)", "Printer paused (print head too hot?)"))
        if self.error and not found:
            found.append(("Máy in báo lỗi", "Printer reports an error"))
        if not self.online and not found:
            found.append(("Máy in đang ngoại tuyến", "Printer is offline"))
        if self.paper_near_end:
            found.append(("Sắp hết giấy", "Paper is running low"))
        return found

    def summary(self, lang: str = "vi") -> str:
        """One line for the status bar, in ``lang`` ("vi" or "en")."""
        problems = self.problems()
        index = 0 if lang.startswith("vi") else 1
        if not problems:
            return ("Máy in sẵn sàng", "Printer ready")[index]
        return "; ".join(pair[index] for pair in problems)


def parse_status(replies: Mapping[int, int]) -> PrinterStatus | None:
    """Decode answers to ``DLE EOT n`` keyed by n. Kinds missing or malformed are ignored; nothing valid → None."""
    valid = {n: b for n, b in replies.items() if n in STATUS_KINDS and is_status_byte(b)}
    if not valid:
        return None
    s1, s2, s3, s4 = (valid.get(n, _FIXED_VALUE) for n in STATUS_KINDS)
    return PrinterStatus(
        online=not s1 & 0x08,
        drawer_signal_high=bool(s1 & 0x04) if 1 in valid else None,
        cover_open=bool(s2 & 0x04),
        feeding=bool(s2 & 0x08),
        paper_end=bool(s2 & 0x20) or bool(s4 & 0x60),
        error=bool(s2 & 0x40),
        cutter_error=bool(s3 & 0x08),
        unrecoverable_error=bool(s3 & 0x20),
        auto_recoverable_error=bool(s3 & 0x40),
        paper_near_end=bool(s4 & 0x0C),
    )


def query_status(send: Callable[[bytes], None], receive: Callable[[], int | None]) -> PrinterStatus | None:
    """Ask kinds 1..4 over a link: ``send`` writes bytes, ``receive`` returns one answer byte or None on timeout.

    A printer that does not answer the first query (or answers with something that is not a status byte) does not
    do real-time status at all: stop there and return None rather than wait out three more timeouts.
    """
    replies: dict[int, int] = {}
    for n in STATUS_KINDS:
        send(status_query(n))
        answer = receive()
        if answer is None or not is_status_byte(answer):
            if n == 1:
                return None
            continue
        replies[n] = answer
    return parse_status(replies)
