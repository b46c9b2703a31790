"""A TCP proxy on 127.0.0.1 that breaks HTTP exchanges between a till and the server, on purpose.

For each request (the first bytes a client sends after the previous answer began) it picks one fault:

- ``drop``: close both sides before the server sees anything;
- ``delay``: hold the request back a moment, then pass it on;
- ``reset``: pass the request, wait for the server's answer — the server has committed by then — and reset the
  till's connection instead of delivering it;
- ``truncate``: deliver half of the answer's first chunk, then reset;
- ``pass``: nothing.

The first faults come from ``prefix`` (so every kind surely happens), the rest are drawn from a seeded generator.
``counts`` tells how many of each were applied.
"""

from __future__ import annotations

import contextlib
import random
import selectors
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Sequence

FAULTS = ("pass", "drop", "delay", "reset", "truncate")


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 1,
        prefix: Sequence[str] = ("drop", "reset", "delay", "truncate"),
        weights: dict[str, float] | None = None,
        delay_s: float = 0.15,
    ) -> None:
        self.upstream_port = upstream_port
        self.delay_s = delay_s
        self.counts: Counter[str] = Counter()
        self._prefix = list(prefix)
        self._weights = weights or {"pass": 0.5, "drop": 0.1, "delay": 0.1, "reset": 0.15, "truncate": 0.15}
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.enabled = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        t = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(5)
        self._listener.close()

    def _pick(self) -> str:
        with self._lock:
            if not self.enabled:
                return "pass"
            fault = (
                self._prefix.pop(0)
                if self._prefix
                else self._rng.choices(list(self._weights), weights=list(self._weights.values()))[0]
            )
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(client,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            _reset(client)
            return
        sel = selectors.DefaultSelector()
        sel.register(client, selectors.EVENT_READ, "client")
        sel.register(upstream, selectors.EVENT_READ, "upstream")
        in_request = False
        response_fault = "pass"
        try:
            while not self._stop.is_set():
                for key, _ in sel.select(timeout=0.2):
                    if key.data == "client":
                        data = client.recv(65536)
                        if not data:
                            return
                        if not in_request:
                            in_request = True
                            fault = self._pick()
                            if fault == "drop":
                                return
                            if fault == "delay":
                                time.sleep(self.delay_s)
                            response_fault = fault if fault in ("reset", "truncate") else "pass"
                        upstream.sendall(data)
                    else:
                        data = upstream.recv(65536)
                        if not data:
                            return
                        if response_fault == "truncate":
                            client.sendall(data[: max(1, len(data) // 2)])
                            return
                        if response_fault == "reset":
                            return
                        client.sendall(data)
                        in_request = False
        except OSError:
            return
        finally:
            sel.close()
            _reset(client)
            upstream.close()
