"""Links to the receipt printer: raw TCP (port 9100), USB, serial, a device or file path, or a CUPS queue.

Each link is a small class with the same five verbs (``open``, ``write``, ``flush``, ``read_status``, ``close``)
and knows nothing about receipts: it moves opaque ESC/POS bytes. What matters here is what happens when things go
wrong, because at a shop counter they do: every failure is a :class:`~pos.errors.DeviceError` whose Vietnamese and
English message names the printer and the reason, e.g. "Máy in tắt hoặc không kết nối được (192.168.1.50:9100):
bị từ chối kết nối". The ``code`` tells the GUI which kind of failure it was.

``flush`` is the "did the printer really take it?" step the print queue relies on before it marks a job done:
printers that answer real-time status are asked once more after the data (their answer can only come after every
byte before it was read); on TCP without status the kernel must have seen every byte acknowledged and the printer
must not reset the connection; USB bulk and serial writes complete only when the device took the bytes; CUPS
accepts the job into its own spool.

Hardware libraries are optional: pyusb and pyserial are imported only when such a link is opened, and
``is_usable()`` says whether a kind can work on this machine at all.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import importlib.util
import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar

from pos.errors import DeviceError
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.printer_status import PrinterStatus, is_status_byte, query_status, status_query

_UNREACHABLE = ("Máy in tắt hoặc không kết nối được", "Printer is off or cannot be reached")
_LOST = ("Mất kết nối với máy in khi đang in", "Lost the connection to the printer while printing")
_NOT_FOUND = ("Không tìm thấy máy in", "Printer not found")
_UNAVAILABLE = (
    "Máy tính này chưa dùng được loại máy in này",
    "This computer cannot use this kind of printer",
)
_REJECTED = ("Hệ thống in từ chối lệnh in", "The print system refused the job")


def _device_error(headline: tuple[str, str], label: str, reason: tuple[str, str], code: str) -> DeviceError:
    return DeviceError(
        f"{headline[0]} ({label}): {reason[0]}",
        f"{headline[1]} ({label}): {reason[1]}",
        code=code,
    )


def _is_timeout(exc: BaseException) -> bool:
    """Socket timeouts, pyusb's USBTimeoutError and anything else reporting ETIMEDOUT."""
    return (
        isinstance(exc, TimeoutError)
        or getattr(exc, "errno", None) == errno.ETIMEDOUT
        or type(exc).__name__ == "USBTimeoutError"
    )


def _reason(exc: BaseException, timeout_s: float) -> tuple[str, str]:
    """Turn an OS, socket, pyusb or pyserial error into words a cashier can act on."""
    code = getattr(exc, "errno", None)
    if _is_timeout(exc):
        return (f"quá thời gian chờ {timeout_s:g} giây", f"timed out after {timeout_s:g} s")
    if isinstance(exc, socket.gaierror):
        return ("không tìm thấy địa chỉ này trên mạng", "this address was not found on the network")
    if isinstance(exc, ConnectionRefusedError) or code == errno.ECONNREFUSED:
        return ("bị từ chối kết nối", "connection refused")
    if isinstance(exc, ConnectionResetError | BrokenPipeError | ConnectionAbortedError) or code in (
        errno.ECONNRESET,
        errno.EPIPE,
    ):
        return ("máy in đã ngắt kết nối", "the printer closed the connection")
    if code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN):
        return ("không có đường mạng tới máy in", "no network route to the printer")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return (
            "không có quyền dùng thiết bị (trên Linux: thêm người dùng vào nhóm lp hoặc dialout)",
            "permission denied (on Linux: add the user to the lp or dialout group)",
        )
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return ("không có thiết bị hoặc thư mục này", "no such device or folder")
    if code in (errno.ENODEV, errno.ENXIO, errno.EIO):
        return ("thiết bị đã bị rút ra hoặc tắt nguồn", "the device was unplugged or switched off")
    if code == errno.EBUSY:
        return ("thiết bị đang được chương trình khác dùng", "the device is in use by another program")
    text = str(exc) or type(exc).__name__
    return (text, text)


class PrinterConnection(ABC):
    """One link to one printer, opened for one job and closed after it (``with`` opens and closes it)."""

    answers_status: ClassVar[bool] = False
    """Whether this transport can carry the printer's answers back (TCP, USB, serial can; files and CUPS cannot)."""

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        self._status_supported: bool | None = None

    @property
    def label(self) -> str:
        """The printer's address as shown in messages."""
        return self.config.label

    @classmethod
    def is_usable(cls) -> bool:
        """Whether this kind of link can work on this computer (library and tools present)."""
        return True

    @abstractmethod
    def open(self) -> None:
        """Connect; raise DeviceError naming the printer and the reason."""

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Send ``data``; raise DeviceError if the link fails."""

    @abstractmethod
    def flush(self) -> None:
        """Return only when the printer has taken every byte written so far; raise DeviceError otherwise."""

    @abstractmethod
    def close(self) -> None:
        """Release the link. Never raises."""

    def read_status(self) -> PrinterStatus | None:
        """Real-time status, or None when this printer or link does not report it."""
        if not self.answers_status or self._status_supported is False:
            return None
        self._discard_input()
        status = query_status(self._send, lambda: self._receive_byte(self.config.status_timeout_s))
        self._status_supported = status is not None
        return status

    def _confirm_by_status(self) -> bool:
        """Ask once more after the data: the answer proves the printer read everything before the question.

        Returns False (nothing proven) for printers that do not answer status.
        """
        if not self._status_supported:
            return False
        self._discard_input()
        self._send(status_query(1))
        answer = self._receive_byte(self.config.write_timeout_s)
        if answer is None or not is_status_byte(answer):
            raise _device_error(
                _LOST,
                self.label,
                ("máy in không xác nhận đã nhận dữ liệu", "the printer did not confirm it received the data"),
                "printer_io",
            )
        return True

    # Transport hooks used by the status helpers above; only links with answers_status implement them.
    def _send(self, data: bytes) -> None:
        self.write(data)

    def _receive_byte(self, timeout_s: float) -> int | None:
        raise NotImplementedError

    def _discard_input(self) -> None:
        """Drop stale bytes (a late status answer) so the next answer read belongs to the next question."""
        raise NotImplementedError

    def __enter__(self) -> PrinterConnection:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def not_configured() -> DeviceError:
    """What printing says when the till has no printer set up."""
    return DeviceError("Chưa cấu hình máy in", "No printer is configured", code="printer_not_configured")


class NoPrinterConnection(PrinterConnection):
    """``kind = "none"``: the till sells without a printer; any attempt to print says so plainly."""

    def _fail(self) -> DeviceError:
        return not_configured()

    def open(self) -> None:
        raise self._fail()

    def write(self, data: bytes) -> None:
        raise self._fail()

    def flush(self) -> None:
        raise self._fail()

    def close(self) -> None:
        pass


class NetworkConnection(PrinterConnection):
    """Raw TCP to port 9100 (the "JetDirect"/"AppSocket" port every network receipt printer listens on)."""

    answers_status = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self._sock: socket.socket | None = None

    def open(self) -> None:
        timeout = self.config.connect_timeout_s
        try:
            sock = socket.create_connection((self.config.host, self.config.port), timeout=timeout)
        except OSError as exc:
            raise _device_error(
                _UNREACHABLE, self.label, _reason(exc, timeout), "printer_unreachable"
            ) from exc
        try:
            # With nothing listening on a local port, Linux can connect a socket to itself; that is no printer.
            if sock.getsockname() == sock.getpeername():
                raise ConnectionRefusedError(errno.ECONNREFUSED, "connected to itself")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            sock.close()
            raise _device_error(
                _UNREACHABLE, self.label, _reason(exc, timeout), "printer_unreachable"
            ) from exc
        self._sock = sock

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise DeviceError(
                f"Chưa mở kết nối tới máy in ({self.label})",
                f"The printer connection is not open ({self.label})",
                code="printer_io",
            )
        return self._sock

    def _lost(self, exc: BaseException, timeout_s: float) -> DeviceError:
        return _device_error(_LOST, self.label, _reason(exc, timeout_s), "printer_io")

    def write(self, data: bytes) -> None:
        sock = self._socket()
        timeout = self.config.write_timeout_s
        sock.settimeout(timeout)  # since Python 3.5 this bounds the whole sendall, not each chunk
        try:
            sock.sendall(data)
        except OSError as exc:
            raise self._lost(exc, timeout) from exc

    def _receive_byte(self, timeout_s: float) -> int | None:
        sock = self._socket()
        sock.settimeout(timeout_s)
        try:
            chunk = sock.recv(1)
        except TimeoutError:
            return None
        except OSError as exc:
            raise self._lost(exc, timeout_s) from exc
        if not chunk:
            raise self._lost(ConnectionResetError(errno.ECONNRESET, "closed"), timeout_s)
        return chunk[0]

    def _discard_input(self) -> None:
        sock = self._socket()
        sock.setblocking(False)
        try:
            while sock.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as exc:
            raise self._lost(exc, self.config.status_timeout_s) from exc
        finally:
            sock.settimeout(self.config.status_timeout_s)

    def flush(self) -> None:
        if self._confirm_by_status():
            return
        sock = self._socket()
        self._wait_acknowledged(sock)
        # Half-close and watch the printer's answer: a clean end (or silence) means it took the job, a reset
        # means it threw the connection away mid-job.
        timeout = self.config.status_timeout_s
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(timeout)
            while sock.recv(256):
                pass
        except TimeoutError:
            pass
        except OSError as exc:
            raise self._lost(exc, timeout) from exc

    def _wait_acknowledged(self, sock: socket.socket) -> None:
        """On Linux, wait until the printer's TCP stack acknowledged every byte (send queue empty)."""
        timeout = self.config.write_timeout_s
        deadline = time.monotonic() + timeout
        while (waiting := _unacknowledged_bytes(sock)) is not None and waiting > 0:
            if time.monotonic() > deadline:
                raise self._lost(TimeoutError(), timeout)
            time.sleep(0.005)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        try:
            # Unread input makes the kernel answer close() with a reset; read it first so the printer sees a
            # normal end of connection.
            sock.setblocking(False)
            while sock.recv(256):
                pass
        except OSError:
            pass
        sock.close()


def _unacknowledged_bytes(sock: socket.socket) -> int | None:
    """Bytes sent but not yet acknowledged by the peer (Linux SIOCOUTQ), or None where unknown."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl
    import termios

    try:
        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except OSError:
        return None
    value: int = struct.unpack("i", raw)[0]
    return value


def _load_pyusb() -> tuple[Any, Any] | None:
    try:
        return importlib.import_module("usb.core"), importlib.import_module("usb.util")
    except ImportError:
        return None


class UsbConnection(PrinterConnection):
    """USB printer-class device found by vendor and product id, driven through pyusb (libusb)."""

    answers_status = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self._device: Any = None
        self._out: Any = None
        self._in: Any = None
        self._detached = False

    @classmethod
    def is_usable(cls) -> bool:
        modules = _load_pyusb()
        if modules is None:
            return False
        try:
            backend = importlib.import_module("usb.backend.libusb1").get_backend()
        except ImportError:
            return False
        return backend is not None

    def _timeout_ms(self) -> int:
        return int(self.config.write_timeout_s * 1000)

    def open(self) -> None:
        modules = _load_pyusb()
        if modules is None:
            raise _device_error(
                _UNAVAILABLE,
                self.label,
                ("chưa cài thư viện pyusb", "the pyusb library is not installed"),
                "printer_unavailable",
            )
        core, util = modules
        timeout = self.config.connect_timeout_s
        try:
            device = core.find(idVendor=self.config.vendor_id, idProduct=self.config.product_id)
        except core.NoBackendError as exc:
            raise _device_error(
                _UNAVAILABLE,
                self.label,
                ("chưa cài libusb", "libusb is not installed"),
                "printer_unavailable",
            ) from exc
        except OSError as exc:
            raise _device_error(
                _UNREACHABLE, self.label, _reason(exc, timeout), "printer_unreachable"
            ) from exc
        if device is None:
            raise _device_error(
                _NOT_FOUND,
                self.label,
                ("hãy kiểm tra dây USB và công tắc nguồn", "check the USB cable and the power switch"),
                "printer_not_found",
            )
        try:
            try:
                if device.is_kernel_driver_active(0):
                    device.detach_kernel_driver(0)
                    self._detached = True
            except (NotImplementedError, core.USBError):
                pass  # not on Linux, or no kernel driver bound
            try:
                device.set_configuration()
            except core.USBError as exc:
                if getattr(exc, "errno", None) != errno.EBUSY:
                    raise
            interface = device.get_active_configuration()[(0, 0)]

            def direction(wanted: int) -> Any:
                return util.find_descriptor(
                    interface, custom_match=lambda ep: util.endpoint_direction(ep.bEndpointAddress) == wanted
                )

            self._out = direction(util.ENDPOINT_OUT)
            self._in = direction(util.ENDPOINT_IN)
        except OSError as exc:
            util.dispose_resources(device)
            raise _device_error(
                _UNREACHABLE, self.label, _reason(exc, timeout), "printer_unreachable"
            ) from exc
        self._device = device
        if self._out is None:
            self.close()
            raise _device_error(
                _NOT_FOUND,
                self.label,
                ("thiết bị USB này không nhận dữ liệu in", "this USB device takes no print data"),
                "printer_not_found",
            )
        if self._in is None:
            self._status_supported = False

    def write(self, data: bytes) -> None:
        if self._out is None:
            raise _device_error(_LOST, self.label, ("chưa mở kết nối", "not open"), "printer_io")
        try:
            written = self._out.write(data, timeout=self._timeout_ms())
        except OSError as exc:
            raise _device_error(
                _LOST, self.label, _reason(exc, self.config.write_timeout_s), "printer_io"
            ) from exc
        if written != len(data):
            raise _device_error(
                _LOST,
                self.label,
                (f"chỉ gửi được {written}/{len(data)} byte", f"only {written}/{len(data)} bytes were sent"),
                "printer_io",
            )

    def _receive_byte(self, timeout_s: float) -> int | None:
        try:
            answer = self._in.read(self._in.wMaxPacketSize, timeout=int(timeout_s * 1000))
        except OSError as exc:
            if _is_timeout(exc):
                return None
            raise _device_error(_LOST, self.label, _reason(exc, timeout_s), "printer_io") from exc
        return int(answer[0]) if len(answer) else None

    def _discard_input(self) -> None:
        if self._in is None:
            return
        while self._receive_byte(0.01) is not None:
            pass

    def flush(self) -> None:
        # A bulk transfer only completes once the device accepted it; the status question is extra proof.
        self._confirm_by_status()

    def close(self) -> None:
        device, self._device = self._device, None
        self._out = self._in = None
        if device is None:
            return
        modules = _load_pyusb()
        if modules is None:
            return
        core, util = modules
        try:
            util.dispose_resources(device)
            if self._detached:
                device.attach_kernel_driver(0)
        except (OSError, NotImplementedError, core.USBError):
            pass
        self._detached = False


class SerialConnection(PrinterConnection):
    """RS-232 or USB-serial printer through pyserial.

    Without flow control a serial line cannot tell a switched-off printer from a silent one; printers that answer
    status (or ``flow_control = "dsrdtr"``/``"rtscts"`` wiring) make a dead printer visible.
    """

    answers_status = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self._port: Any = None

    @classmethod
    def is_usable(cls) -> bool:
        return importlib.util.find_spec("serial") is not None

    def open(self) -> None:
        try:
            serial = importlib.import_module("serial")
        except ImportError as exc:
            raise _device_error(
                _UNAVAILABLE,
                self.label,
                ("chưa cài thư viện pyserial", "the pyserial library is not installed"),
                "printer_unavailable",
            ) from exc
        flow = self.config.flow_control
        try:
            self._port = serial.Serial(
                port=self.config.serial_device,
                baudrate=self.config.baudrate,
                timeout=self.config.status_timeout_s,
                write_timeout=self.config.write_timeout_s,
                rtscts=flow == "rtscts",
                dsrdtr=flow == "dsrdtr",
                xonxoff=flow == "xonxoff",
            )
        except (OSError, ValueError) as exc:  # SerialException is an OSError
            raise _device_error(
                _UNREACHABLE, self.label, _reason(exc, self.config.connect_timeout_s), "printer_unreachable"
            ) from exc

    def _io_error(self, exc: BaseException, timeout_s: float) -> DeviceError:
        if type(exc).__name__ == "SerialTimeoutException":
            return _device_error(
                _LOST,
                self.label,
                (
                    f"máy in không nhận dữ liệu sau {timeout_s:g} giây (tắt nguồn?)",
                    f"the printer took no data for {timeout_s:g} s (switched off?)",
                ),
                "printer_io",
            )
        return _device_error(_LOST, self.label, _reason(exc, timeout_s), "printer_io")

    def write(self, data: bytes) -> None:
        if self._port is None:
            raise _device_error(_LOST, self.label, ("chưa mở kết nối", "not open"), "printer_io")
        try:
            self._port.write(data)
        except OSError as exc:
            raise self._io_error(exc, self.config.write_timeout_s) from exc

    def _receive_byte(self, timeout_s: float) -> int | None:
        try:
            self._port.timeout = timeout_s
            answer = self._port.read(1)
        except OSError as exc:
            raise self._io_error(exc, timeout_s) from exc
        return int(answer[0]) if answer else None

    def _discard_input(self) -> None:
        try:
            self._port.reset_input_buffer()
        except OSError as exc:
            raise self._io_error(exc, self.config.status_timeout_s) from exc

    def flush(self) -> None:
        try:
            self._port.flush()  # returns when the UART has shifted out every byte
        except OSError as exc:
            raise self._io_error(exc, self.config.write_timeout_s) from exc
        self._confirm_by_status()

    def close(self) -> None:
        port, self._port = self._port, None
        if port is None:
            return
        with contextlib.suppress(OSError):
            port.close()


class FileConnection(PrinterConnection):
    """A device node (``/dev/usb/lp0``, ``/dev/ttyS0`` set up elsewhere) or a plain file, appended to.

    A plain file is useful as a "printer" for demos and for keeping an electronic copy of every receipt.
    """

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self._fd: int | None = None
        self._regular = False

    def open(self) -> None:
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0)
        if not os.path.abspath(self.config.path).startswith("/dev/"):
            flags |= os.O_CREAT  # never invent a regular file where a printer device is missing
        try:
            self._fd = os.open(self.config.path, flags, 0o644)
            self._regular = stat.S_ISREG(os.fstat(self._fd).st_mode)
        except OSError as exc:
            raise _device_error(
                _UNREACHABLE, self.label, _reason(exc, self.config.connect_timeout_s), "printer_unreachable"
            ) from exc

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise _device_error(_LOST, self.label, ("chưa mở", "not open"), "printer_io")
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            raise _device_error(
                _LOST, self.label, _reason(exc, self.config.write_timeout_s), "printer_io"
            ) from exc

    def flush(self) -> None:
        if self._fd is not None and self._regular:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                raise _device_error(
                    _LOST, self.label, _reason(exc, self.config.write_timeout_s), "printer_io"
                ) from exc

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


class CupsConnection(PrinterConnection):
    """A CUPS queue, fed raw bytes through ``lp -d NAME -o raw``; ``flush`` hands the whole job to CUPS."""

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self._lp: str | None = None
        self._buffer = bytearray()

    @classmethod
    def is_usable(cls) -> bool:
        return shutil.which("lp") is not None

    def open(self) -> None:
        self._lp = shutil.which("lp")
        if self._lp is None:
            raise _device_error(
                _UNAVAILABLE,
                self.label,
                ("không có lệnh lp (chưa cài CUPS)", "no lp command (CUPS not installed)"),
                "printer_unavailable",
            )
        self._buffer.clear()

    def write(self, data: bytes) -> None:
        if self._lp is None:
            raise _device_error(_LOST, self.label, ("chưa mở", "not open"), "printer_io")
        self._buffer += data

    def flush(self) -> None:
        if self._lp is None or not self._buffer:
            return
        command = [self._lp, "-d", self.config.cups_printer, "-o", "raw", "-t", "ocop-pos"]
        timeout = self.config.write_timeout_s
        try:
            done = subprocess.run(
                command, input=bytes(self._buffer), capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise _device_error(
                _REJECTED, self.label, _reason(TimeoutError(), timeout), "printer_io"
            ) from exc
        except OSError as exc:
            raise _device_error(_REJECTED, self.label, _reason(exc, timeout), "printer_io") from exc
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            text = detail[-1] if detail else f"lp exit {done.returncode}"
            raise _device_error(_REJECTED, self.label, (text, text), "printer_rejected")
        self._buffer.clear()

    def close(self) -> None:
        self._lp = None
        self._buffer.clear()


_BY_KIND: dict[str, type[PrinterConnection]] = {
    "none": NoPrinterConnection,
    "network": NetworkConnection,
    "usb": UsbConnection,
    "serial": SerialConnection,
    "file": FileConnection,
    "cups": CupsConnection,
}


def make_connection(config: PrinterConfig) -> PrinterConnection:
    """The (unopened) link for ``config.kind``."""
    return _BY_KIND[config.kind](config)


@dataclass(frozen=True)
class ConnectionCheck:
    """Outcome of :func:`test_connection`, worded for the settings screen."""

    ok: bool
    message_vi: str
    message_en: str
    status: PrinterStatus | None = None

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang.startswith("vi") else self.message_en


def test_connection(config: PrinterConfig, *, sample: bytes | None = None) -> ConnectionCheck:
    """Open the link, ask for status and, if ``sample`` is given, print it; never raises DeviceError.

    ``ok`` means a job sent now would print (connected, and status fine or unknown).
    """
    connection = make_connection(config)
    try:
        with connection:
            status = connection.read_status()
            if sample and (status is None or status.can_print):
                connection.write(sample)
                connection.flush()
    except DeviceError as exc:
        return ConnectionCheck(False, exc.vi, exc.en)
    where = connection.label
    if status is None:
        return ConnectionCheck(
            True,
            f"Đã kết nối máy in ({where}); máy in không báo trạng thái.",
            f"Connected to the printer ({where}); it does not report its status.",
        )
    return ConnectionCheck(
        status.can_print,
        f"Đã kết nối máy in ({where}): {status.summary('vi')}.",
        f"Connected to the printer ({where}): {status.summary('en')}.",
        status,
    )
