"""A real TCP receipt printer for tests: listens on 127.0.0.1, records bytes, answers status, misbehaves on demand.

It behaves like a port-9100 ESC/POS printer on the wire: the real-time commands ``DLE EOT n`` (n = 1..4, answered
at once with one status byte) and ``DLE DC4 1 m t`` (drawer pulse, recorded in ``pulses()``) are not part of what
gets "printed": a real printer executes them on arrival, wherever they appear in the stream, even while offline.
Everything else a connection sends is that connection's print data.

Misbehaviour, switched on and off while tests run:

* ``play_dead()``: stop listening (connections are refused) and reset open connections, like a switched-off printer;
  ``come_back()`` listens again on the same port.
* ``slow(seconds)``: wait that long after accepting before reading a connection.
* ``drop_after(n)``: the next connection is reset after ``n`` print bytes (a cable pulled mid-receipt).
* ``paper_out()``, ``cover_open()``, ``paper_low()``, ``set_status({...})``, ``clear_status()``: what status answers say.
* ``answer_status = False``: a printer that never answers status queries.

Status bytes are written out by hand here (not taken from ``pos``), so the tests check the decoder against an
independent reading of the ESC/POS manual.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

STATUS_OK = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
STATUS_PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72}  # offline; paper-end stop; end sensor bits 5-6
STATUS_COVER_OPEN = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}  # offline; cover open
STATUS_PAPER_LOW = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}  # online; near-end sensor bits 2-3

_DLE, _EOT, _DC4 = 0x10, 0x04, 0x14


@dataclass
class Connection:
    """Everything one client connection did."""

    raw: bytearray = field(default_factory=bytearray)
    data: bytearray = field(default_factory=bytearray)
    queries: list[int] = field(default_factory=list)
    pulses: list[tuple[int, int]] = field(default_factory=list)
    dropped: bool = False
    finished: bool = False
    """The client ended the connection normally (sent EOF)."""


class FakePrinter:
    """A port-9100 printer on 127.0.0.1 at a random free port. Use as a context manager."""

    def __init__(self, *, answer_status: bool = True) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self.answer_status = answer_status
        self._cond = threading.Condition()
        self._status = dict(STATUS_OK)
        self._connections: list[Connection] = []
        self._open_sockets: set[socket.socket] = set()
        self._drops: list[int] = []
        self._delay = 0.0
        self._listener: socket.socket | None = None
        self._accepting = threading.Event()
        self._accept_thread: threading.Thread | None = None
        self._handlers: list[threading.Thread] = []
        self._closed = False

    # -- life cycle --------------------------------------------------------------------------------------------
    def start(self) -> FakePrinter:
        self._listen()
        return self

    def stop(self) -> None:
        """Stop listening, reset every open connection and join every thread."""
        self._closed = True
        self._stop_listening()
        self._reset_open_connections()
        for thread in list(self._handlers):
            thread.join(timeout=5)

    def __enter__(self) -> FakePrinter:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def play_dead(self) -> None:
        """Switch off: the port stops listening (connections refused) and open connections are reset."""
        self._stop_listening()
        self._reset_open_connections()

    def come_back(self) -> None:
        """Switch on again, on the same port."""
        self._listen()

    @property
    def alive(self) -> bool:
        return self._listener is not None

    # -- misbehaviour -------------------------------------------------------------------------------------------
    def slow(self, seconds: float) -> None:
        """Wait ``seconds`` after accepting each new connection before reading it."""
        self._delay = seconds

    def drop_after(self, n_bytes: int, times: int = 1) -> None:
        """Reset the next ``times`` connections after ``n_bytes`` bytes of print data."""
        with self._cond:
            self._drops.extend([n_bytes] * times)

    def set_status(self, status: dict[int, int]) -> None:
        with self._cond:
            self._status = {**STATUS_OK, **status}

    def paper_out(self) -> None:
        self.set_status(STATUS_PAPER_OUT)

    def cover_open(self) -> None:
        self.set_status(STATUS_COVER_OPEN)

    def paper_low(self) -> None:
        self.set_status(STATUS_PAPER_LOW)

    def clear_status(self) -> None:
        self.set_status(STATUS_OK)

    # -- what was received ---------------------------------------------------------------------------------------
    def connections(self) -> list[Connection]:
        with self._cond:
            return list(self._connections)

    def jobs(self) -> list[bytes]:
        """Print data of each connection that carried any, in arrival order (a torn job is one entry too)."""
        with self._cond:
            return [bytes(c.data) for c in self._connections if c.data]

    def received(self) -> bytes:
        """All print data ever received, in order (status queries removed)."""
        with self._cond:
            return b"".join(bytes(c.data) for c in self._connections)

    def raw(self) -> bytes:
        """Every byte on the wire, status queries included."""
        with self._cond:
            return b"".join(bytes(c.raw) for c in self._connections)

    def pulses(self) -> list[tuple[int, int]]:
        """Real-time drawer pulses received, as (pin: 0 = pin 2, 1 = pin 5; on time in 100 ms)."""
        with self._cond:
            return [pulse for c in self._connections for pulse in c.pulses]

    def status_queries(self) -> int:
        with self._cond:
            return sum(len(c.queries) for c in self._connections)

    def wait_until(self, predicate: Callable[[FakePrinter], bool], timeout: float = 10.0) -> bool:
        """Block until ``predicate(self)`` holds (re-checked on every received byte batch); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)

    # -- internals ---------------------------------------------------------------------------------------------
    def _listen(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 5
        while True:
            try:
                listener.bind((self.host, self.port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    listener.close()
                    raise
                time.sleep(0.05)
        listener.listen(16)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._accepting.set()
        self._accept_thread = threading.Thread(target=self._accept_loop, args=(listener,), daemon=True)
        self._accept_thread.start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._accepting.clear()
        if self._accept_thread is not None:
            self._accept_thread.join(timeout=5)
        listener.close()

    def _accept_loop(self, listener: socket.socket) -> None:
        while self._accepting.is_set():
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            record = Connection()
            with self._cond:
                self._connections.append(record)
                self._open_sockets.add(sock)
                drop = self._drops.pop(0) if self._drops else None
            handler = threading.Thread(target=self._serve, args=(sock, record, drop), daemon=True)
            self._handlers.append(handler)
            handler.start()

    def _reset_open_connections(self) -> None:
        with self._cond:
            sockets = list(self._open_sockets)
        for sock in sockets:
            _reset(sock)

    def _serve(self, sock: socket.socket, record: Connection, drop: int | None) -> None:
        try:
            if self._delay:
                time.sleep(self._delay)
            sock.settimeout(0.05)
            held: list[int] = []  # a possible DLE EOT prefix split across reads
            while not self._closed:
                try:
                    chunk = sock.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    with self._cond:
                        record.data += bytes(held)
                        record.finished = True
                        self._cond.notify_all()
                    return
                if self._consume(sock, record, chunk, held, drop):
                    _reset(sock)
                    return
        finally:
            with self._cond:
                self._open_sockets.discard(sock)
                self._cond.notify_all()
            with contextlib.suppress(OSError):
                sock.close()

    def _consume(
        self, sock: socket.socket, record: Connection, chunk: bytes, held: list[int], drop: int | None
    ) -> bool:
        """Split ``chunk`` into print data and real-time commands; True when the connection must now be dropped."""
        answers = bytearray()
        with self._cond:
            record.raw += chunk
            for byte in chunk:
                held.append(byte)
                command = _realtime(held)
                if command == "partial":
                    continue
                if command == "query":
                    record.queries.append(held[2])
                    if self.answer_status:
                        answers.append(self._status[held[2]])
                    held.clear()
                    continue
                if command == "pulse":
                    record.pulses.append((held[3], held[4]))
                    held.clear()
                    continue
                # Not a command after all: the held bytes are data, except a DLE that may start a new command.
                restart = [held.pop()] if len(held) > 1 and held[-1] == _DLE else []
                record.data += bytes(held)
                held[:] = restart
                if drop is not None and len(record.data) >= drop:
                    del record.data[drop:]
                    record.dropped = True
                    self._cond.notify_all()
                    return True
            self._cond.notify_all()
        if answers:
            with contextlib.suppress(OSError):
                sock.sendall(bytes(answers))
        return False


def _realtime(held: list[int]) -> str:
    """Whether ``held`` is a real-time command ("query", "pulse"), may still become one ("partial"), or not ("")."""
    if held[0] != _DLE:
        return ""
    if len(held) == 1:
        return "partial"
    if held[1] == _EOT:
        if len(held) == 2:
            return "partial"
        return "query" if 1 <= held[2] <= 4 else ""
    if held[1] == _DC4:  # DLE DC4 1 m t, m in 0..1, t in 1..8
        allowed = ((1,), (0, 1), tuple(range(1, 9)))
        if any(b not in ok for b, ok in zip(held[2:], allowed, strict=False)):
            return ""
        return "pulse" if len(held) == 5 else "partial"
    return ""


def _reset(sock: socket.socket) -> None:
    """Abort the connection with a TCP reset, as a printer losing power (or its cable) looks to the client."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
