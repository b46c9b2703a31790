"""Printer links against real endpoints: a TCP fake printer, real files, a pseudo-terminal as the serial line,
and a stand-in ``lp`` program for CUPS. Also the status decoder and the settings table they depend on."""

from __future__ import annotations

import os
import select
import stat
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.errors import ConfigError, DeviceError
from pos.receipts import connections
from pos.receipts.connections import (
    CupsConnection,
    FileConnection,
    NetworkConnection,
    NoPrinterConnection,
    SerialConnection,
    UsbConnection,
    make_connection,
)
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.printer_status import PrinterStatus, parse_status, query_status, status_query
from tests.fake_printer import (
    STATUS_COVER_OPEN,
    STATUS_OK,
    STATUS_PAPER_LOW,
    STATUS_PAPER_OUT,
    FakePrinter,
)

RECEIPT = (
    b"\x1b@" + "Cửa hàng OCOP Hạ Long\n".encode() + bytes(range(256)).replace(b"\x10\x04", b"") + b"\x1dV\x00"
)


@pytest.fixture
def tcp_printer() -> Iterator[FakePrinter]:
    with FakePrinter() as fake:
        yield fake


def network(fake: FakePrinter, **overrides: object) -> PrinterConfig:
    settings: dict[str, object] = {
        "kind": "network",
        "host": fake.host,
        "port": fake.port,
        "connect_timeout_s": 2.0,
        "write_timeout_s": 5.0,
        "status_timeout_s": 0.3,
        **overrides,
    }
    return PrinterConfig.from_dict(settings)


# -- status decoding -------------------------------------------------------------------------------------------


def test_status_ready() -> None:
    status = parse_status(STATUS_OK)
    assert status is not None
    assert status.can_print and status.online
    assert status.summary("vi") == "Máy in sẵn sàng"
    assert status.summary("en") == "Printer ready"


def test_status_paper_out() -> None:
    status = parse_status(STATUS_PAPER_OUT)
    assert status is not None
    assert status.paper_end and not status.online and not status.can_print
    assert status.summary("vi") == "Hết giấy"
    assert status.summary("en") == "Out of paper"


def test_status_cover_open() -> None:
    status = parse_status(STATUS_COVER_OPEN)
    assert status is not None
    assert status.cover_open and not status.paper_end and not status.can_print
    assert "Nắp máy in đang mở" in status.summary("vi")


def test_status_paper_low_still_prints() -> None:
    status = parse_status(STATUS_PAPER_LOW)
    assert status is not None
    assert status.paper_near_end and not status.paper_end and status.can_print
    assert status.summary("vi") == "Sắp hết giấy"
    assert status.summary("en") == "Paper is running low"


def test_status_cutter_and_unrecoverable_errors() -> None:
    status = parse_status({1: 0x1A, 2: 0x52, 3: 0x3A, 4: 0x12})  # offline, error; cutter + unrecoverable
    assert status is not None
    assert status.error and status.cutter_error and status.unrecoverable_error
    assert not status.can_print
    assert status.summary("en") == "Paper cutter error; Printer failure, needs service"


def test_status_ignores_bytes_without_the_fixed_bits() -> None:
    assert parse_status({}) is None
    assert parse_status({1: 0x00, 2: 0xFF}) is None
    assert parse_status({1: 0x12, 4: 0x00}) == PrinterStatus(drawer_signal_high=False)


def test_status_query_stops_when_the_printer_does_not_answer() -> None:
    sent: list[bytes] = []
    assert query_status(sent.append, lambda: None) is None
    assert sent == [b"\x10\x04\x01"]


def test_status_query_reads_all_four_kinds() -> None:
    sent: list[bytes] = []
    answers = iter([0x16, 0x12, 0x12, 0x1E])  # drawer pin high; near end
    status = query_status(sent.append, lambda: next(answers))
    assert sent == [status_query(n) for n in (1, 2, 3, 4)]
    assert status == PrinterStatus(drawer_signal_high=True, paper_near_end=True)
    with pytest.raises(ValueError):
        status_query(5)


# -- settings ----------------------------------------------------------------------------------------------------


def test_config_from_toml_with_hex_usb_ids() -> None:
    table = tomllib.loads(
        """
        [printer]
        kind = "usb"
        vendor_id = "0x0416"
        product_id = "5011"
        width_mm = 58
        mode = "tcvn3"
        drawer_pin = 1
        """
    )["printer"]
    config = PrinterConfig.from_dict(table)
    assert (config.vendor_id, config.product_id) == (0x0416, 0x5011)
    assert (config.width_mm, config.mode, config.drawer_pin) == (58, "tcvn3", 1)
    assert config.label == "USB 0416:5011"
    assert config.to_dict() == {
        "kind": "usb",
        "vendor_id": "0x0416",
        "product_id": "0x5011",
        "width_mm": 58,
        "mode": "tcvn3",
        "drawer_pin": 1,
    }


@pytest.mark.parametrize(
    "config",
    [
        PrinterConfig(),
        PrinterConfig(kind="network", host="192.168.1.50", write_timeout_s=30.0),
        PrinterConfig(kind="usb", vendor_id=0x0483, product_id=0x5743),
        PrinterConfig(kind="serial", serial_device="/dev/ttyUSB0", baudrate=38400, flow_control="dsrdtr"),
        PrinterConfig(kind="file", path="/dev/usb/lp0", width_mm=58),
        PrinterConfig(kind="cups", cups_printer="XP-80C", mode="cp1258"),
    ],
)
def test_config_round_trips(config: PrinterConfig) -> None:
    assert PrinterConfig.from_dict(config.to_dict()) == config


def test_config_network_label_and_defaults() -> None:
    config = PrinterConfig.from_dict({"kind": "network", "host": "192.168.1.50"})
    assert config.port == 9100
    assert config.label == "192.168.1.50:9100"
    assert config.to_dict()["port"] == 9100


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"kind": "network", "hots": "10.0.0.1"}, "hots"),
        ({"kind": "network"}, "host"),
        ({"kind": "network", "host": "a", "port": 70000}, "port"),
        ({"kind": "network", "host": "a", "port": "9100"}, "port"),
        ({"kind": "network", "host": "a", "port": True}, "port"),
        ({"kind": "usb", "vendor_id": "0xZZ", "product_id": 1}, "vendor_id"),
        ({"kind": "usb", "vendor_id": 0x10000, "product_id": 1}, "vendor_id"),
        ({"kind": "usb", "vendor_id": 1}, "product_id"),
        ({"kind": "serial", "serial_device": "/dev/ttyS0", "baudrate": 1234}, "baudrate"),
        ({"kind": "file"}, "path"),
        ({"kind": "cups"}, "cups_printer"),
        ({"kind": "bluetooth"}, "kind"),
        ({"width_mm": 60}, "width_mm"),
        ({"mode": "utf8"}, "mode"),
        ({"drawer_pin": 2}, "drawer_pin"),
        ({"trace_qr": "yes"}, "trace_qr"),
        ({"status_timeout_s": 0}, "status_timeout_s"),
    ],
)
def test_config_errors_name_the_key_in_both_languages(table: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        PrinterConfig.from_dict(table)
    assert key in caught.value.vi and key in caught.value.en
    assert caught.value.vi.startswith("Cấu hình máy in")
    assert caught.value.code == "config"


# -- network ------------------------------------------------------------------------------------------------------


def test_network_prints_exact_bytes_one_job_per_connection(tcp_printer: FakePrinter) -> None:
    config = network(tcp_printer)
    for job in (RECEIPT, b"second receipt\n"):
        with make_connection(config) as link:
            assert link.read_status() == parse_status(STATUS_OK)
            link.write(job)
            link.flush()
    assert tcp_printer.wait_until(lambda p: len(p.jobs()) == 2)
    assert tcp_printer.jobs() == [RECEIPT, b"second receipt\n"]
    # Four status queries per job, one more to confirm the data arrived; none of them got printed.
    assert tcp_printer.status_queries() == 10


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        (STATUS_PAPER_OUT, "paper_end"),
        (STATUS_COVER_OPEN, "cover_open"),
        (STATUS_PAPER_LOW, "paper_near_end"),
    ],
)
def test_network_reads_real_time_status(
    tcp_printer: FakePrinter, answers: dict[int, int], problem: str
) -> None:
    tcp_printer.set_status(answers)
    with make_connection(network(tcp_printer)) as link:
        status = link.read_status()
    assert status is not None
    assert getattr(status, problem) is True
    assert status.can_print is (problem == "paper_near_end")


def test_network_printer_without_status_is_unknown_not_an_error() -> None:
    with FakePrinter(answer_status=False) as tcp_printer:
        with make_connection(network(tcp_printer)) as link:
            assert link.read_status() is None
            assert link.read_status() is None  # remembered: no second wait
            link.write(RECEIPT)
            link.flush()
        assert tcp_printer.wait_until(lambda p: p.jobs() == [RECEIPT])
        assert tcp_printer.status_queries() == 1


def test_network_refused_names_the_printer_and_reason(tcp_printer: FakePrinter) -> None:
    tcp_printer.play_dead()
    link = make_connection(network(tcp_printer))
    with pytest.raises(DeviceError) as caught:
        link.open()
    error = caught.value
    assert error.code == "printer_unreachable"
    assert (
        error.vi == f"Máy in tắt hoặc không kết nối được (127.0.0.1:{tcp_printer.port}): bị từ chối kết nối"
    )
    assert (
        error.en == f"Printer is off or cannot be reached (127.0.0.1:{tcp_printer.port}): connection refused"
    )


@pytest.mark.parametrize("answer_status", [True, False])
def test_network_drop_mid_job_is_an_error(answer_status: bool) -> None:
    job = bytes(range(32, 127)) * 200  # 19 kB, no DLE EOT inside
    with FakePrinter(answer_status=answer_status) as tcp_printer:
        tcp_printer.drop_after(100)
        link = make_connection(network(tcp_printer))
        link.open()
        with pytest.raises(DeviceError) as caught:
            link.read_status()
            link.write(job)
            link.flush()
        link.close()
        assert caught.value.code == "printer_io"
        assert caught.value.vi.startswith(
            f"Mất kết nối với máy in khi đang in (127.0.0.1:{tcp_printer.port})"
        )
        assert tcp_printer.jobs() == [job[:100]]


def test_network_slow_printer_still_gets_the_job(tcp_printer: FakePrinter) -> None:
    tcp_printer.slow(0.5)  # longer than the status timeout: status is unknown, the job goes anyway
    with make_connection(network(tcp_printer, status_timeout_s=0.1)) as link:
        assert link.read_status() is None
        link.write(RECEIPT)
        link.flush()
    assert tcp_printer.wait_until(lambda p: p.jobs() == [RECEIPT])


def test_network_status_on_closed_link_is_a_device_error(tcp_printer: FakePrinter) -> None:
    link = NetworkConnection(network(tcp_printer))
    with pytest.raises(DeviceError):
        link.write(b"x")


# -- file / device path -------------------------------------------------------------------------------------------


def test_file_connection_appends_bytes(tmp_path: Path) -> None:
    target = tmp_path / "receipts.bin"
    config = PrinterConfig(kind="file", path=str(target))
    for job in (RECEIPT, b"again"):
        with make_connection(config) as link:
            assert link.read_status() is None
            link.write(job)
            link.flush()
    assert target.read_bytes() == RECEIPT + b"again"


def test_file_connection_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "lp0"
    with pytest.raises(DeviceError) as caught:
        make_connection(PrinterConfig(kind="file", path=str(path))).open()
    assert caught.value.code == "printer_unreachable"
    assert str(path) in caught.value.vi
    assert caught.value.en.endswith("no such device or folder")


def test_missing_device_node_is_not_created() -> None:
    path = "/dev/ocop-pos-test-no-such-printer"
    with pytest.raises(DeviceError):
        FileConnection(PrinterConfig(kind="file", path=path)).open()
    assert not os.path.exists(path)


# -- serial, over a pseudo-terminal --------------------------------------------------------------------------------


class SerialPrinter:
    """The far end of a pty: records what the "printer" got and answers DLE EOT with status bytes."""

    def __init__(self, answers: dict[int, int]) -> None:
        self.master, self.slave = os.openpty()
        self.device = os.ttyname(self.slave)
        self.answers = answers
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            while (at := self.received.find(b"\x10\x04")) >= 0 and len(self.received) > at + 2:
                kind = self.received[at + 2]
                del self.received[at : at + 3]
                os.write(self.master, bytes([self.answers[kind]]))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.master)
        os.close(self.slave)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals as serial ports: Linux")
def test_serial_connection_over_a_pty() -> None:
    far_end = SerialPrinter(STATUS_PAPER_LOW)
    try:
        config = PrinterConfig(
            kind="serial", serial_device=far_end.device, baudrate=115200, status_timeout_s=1.0
        )
        assert SerialConnection.is_usable()
        with make_connection(config) as link:
            status = link.read_status()
            link.write(RECEIPT)
            link.flush()
        assert status is not None and status.paper_near_end and status.can_print
        assert bytes(far_end.received) == RECEIPT
    finally:
        far_end.close()


def test_serial_missing_port() -> None:
    config = PrinterConfig(kind="serial", serial_device="/dev/ttyOCOP-missing")
    with pytest.raises(DeviceError) as caught:
        make_connection(config).open()
    assert caught.value.code == "printer_unreachable"
    assert "/dev/ttyOCOP-missing" in caught.value.vi


# -- USB (no device on a test machine: the failure must still be clear) ----------------------------------------------


def test_usb_without_device_or_libusb_says_which_printer() -> None:
    config = PrinterConfig(kind="usb", vendor_id=0x0416, product_id=0x5011)
    link = make_connection(config)
    assert isinstance(link, UsbConnection)
    assert isinstance(UsbConnection.is_usable(), bool)
    with pytest.raises(DeviceError) as caught:
        link.open()
    assert caught.value.code in {"printer_unavailable", "printer_not_found"}
    assert "USB 0416:5011" in caught.value.vi and "USB 0416:5011" in caught.value.en
    link.close()


# -- CUPS, through a stand-in lp program -------------------------------------------------------------------------


def fake_lp(folder: Path, script: str) -> None:
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text(f"#!/bin/sh\n{script}\n")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)


@pytest.mark.skipif(os.name != "posix", reason="shell script stand-in for lp")
def test_cups_sends_raw_job_through_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "job.bin"
    args = tmp_path / "args.txt"
    fake_lp(tmp_path / "bin", f'echo "$@" > "{args}"\ncat > "{out}"\necho "request id is XP80-1 (1 file(s))"')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert CupsConnection.is_usable()
    with make_connection(PrinterConfig(kind="cups", cups_printer="XP80")) as link:
        assert link.read_status() is None
        link.write(RECEIPT[:10])
        link.write(RECEIPT[10:])
        link.flush()
    assert out.read_bytes() == RECEIPT
    assert args.read_text().split() == ["-d", "XP80", "-o", "raw", "-t", "ocop-pos"]


@pytest.mark.skipif(os.name != "posix", reason="shell script stand-in for lp")
def test_cups_refusal_carries_lp_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lp(tmp_path / "bin", 'cat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with make_connection(PrinterConfig(kind="cups", cups_printer="XP80")) as link:
        link.write(RECEIPT)
        with pytest.raises(DeviceError) as caught:
            link.flush()
    assert caught.value.code == "printer_rejected"
    assert (
        caught.value.en
        == "The print system refused the job (CUPS XP80): lp: The printer or class does not exist."
    )


def test_cups_without_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not CupsConnection.is_usable()
    with pytest.raises(DeviceError) as caught:
        make_connection(PrinterConfig(kind="cups", cups_printer="XP80")).open()
    assert caught.value.code == "printer_unavailable"


# -- factory and the settings-screen check ---------------------------------------------------------------------------


def test_no_printer_configured() -> None:
    link = make_connection(PrinterConfig())
    assert isinstance(link, NoPrinterConnection)
    with pytest.raises(DeviceError) as caught:
        link.open()
    assert caught.value.code == "printer_not_configured"
    assert caught.value.vi == "Chưa cấu hình máy in"


def test_settings_check_prints_a_sample(tcp_printer: FakePrinter) -> None:
    result = connections.test_connection(network(tcp_printer), sample=b"TEST PAGE\n")
    assert result.ok
    assert result.message("vi") == f"Đã kết nối máy in (127.0.0.1:{tcp_printer.port}): Máy in sẵn sàng."
    assert result.message("en") == f"Connected to the printer (127.0.0.1:{tcp_printer.port}): Printer ready."
    assert tcp_printer.wait_until(lambda p: p.jobs() == [b"TEST PAGE\n"])


def test_settings_check_reports_paper_out_without_printing(tcp_printer: FakePrinter) -> None:
    tcp_printer.paper_out()
    result = connections.test_connection(network(tcp_printer), sample=b"TEST PAGE\n")
    assert not result.ok
    assert result.status is not None and result.status.paper_end
    assert "Hết giấy" in result.message("vi")
    assert tcp_printer.jobs() == []


def test_settings_check_dead_printer(tcp_printer: FakePrinter) -> None:
    tcp_printer.play_dead()
    result = connections.test_connection(network(tcp_printer))
    assert not result.ok
    assert result.message("vi").startswith("Máy in tắt hoặc không kết nối được")
    assert result.status is None
