"""Certificate pinning: the till talks only to the server whose certificate it saw when it registered.

A shop's link is often a hotel or café Wi-Fi: whoever runs it can sit in the middle with a certificate some
public authority signed for a look-alike name, or one the till was never meant to trust. So the SHA-256 fingerprint
of the server's certificate is taken at registration — given by head office (``ocop-pos register --fingerprint``,
printed by ``ocop-pos server add-terminal``) or, without one, the certificate a normal CA-verified connection
showed — and stored with the credential. From then on the TLS handshake must present exactly that certificate:
checked right after the handshake, before a single byte of the request (or the bearer token) is written; any
other certificate ends the connection with ``CertificateMismatch``.

The pin replaces the CA and host-name checks (a self-signed certificate works), so a head office that renews its
certificate must give tills the new fingerprint: they register again with a new code.
"""

from __future__ import annotations

import hashlib
import re
import socket
import ssl
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

_HEX = re.compile(r"^[0-9a-f]{64}$")


class CertificateMismatch(Exception):
    """The server presented another certificate than the pinned one; nothing was sent."""

    def __init__(self, expected: str, got: str) -> None:
        super().__init__(f"certificate {got} is not the pinned {expected}")
        self.expected = expected
        self.got = got


def normalise_fingerprint(value: str) -> str:
    """``AB:CD:…`` (as ``openssl x509 -fingerprint -sha256`` prints it), with or without a ``SHA256`` prefix or
    colons, in any case → 64 lower-case hex digits. ``ValueError`` for anything else."""
    raw = value.strip().lower()
    if "=" in raw:
        raw = raw.split("=", 1)[1]
    raw = raw.removeprefix("sha256:").replace(":", "").replace(" ", "")
    if not _HEX.match(raw):
        raise ValueError(f"not a SHA-256 fingerprint: {value!r}")
    return raw


def fingerprint_of_der(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def fingerprint_of_pem(pem: str) -> str:
    """The fingerprint of the first certificate of a PEM file's text."""
    return fingerprint_of_der(ssl.PEM_cert_to_DER_cert(pem))


def pretty(fingerprint: str) -> str:
    """``AB:CD:…``: how people compare fingerprints."""
    return ":".join(fingerprint[i : i + 2] for i in range(0, len(fingerprint), 2)).upper()


class _Stream(httpcore.NetworkStream):
    def __init__(
        self, inner: httpcore.NetworkStream, check: Callable[[httpcore.NetworkStream], None]
    ) -> None:
        self._inner = inner
        self._check = check

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, timeout)
        try:
            self._check(tls)  # before anything is written on the encrypted stream
        except BaseException:
            tls.close()
            raise
        return tls


class _Backend(httpcore.NetworkBackend):
    """The usual synchronous sockets, with the certificate checked as each TLS handshake ends."""

    def __init__(self, check: Callable[[httpcore.NetworkStream], None]) -> None:
        self._inner = httpcore.SyncBackend()
        self._check = check

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream, self._check)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.connect_unix_socket(path, timeout, socket_options), self._check)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """An httpx transport whose TLS connections must present the certificate ``pin`` (a SHA-256 fingerprint).

    With ``pin=None`` the usual CA and host-name checks apply, and the fingerprint of what the server showed is
    kept in ``seen`` (registration without a given fingerprint takes it from there)."""

    def __init__(self, pin: str | None) -> None:
        self.pin = pin
        self.seen: str | None = None
        if pin is None:
            context = ssl.create_default_context()
        else:  # the pin is the trust: no CA, no host name (a self-signed certificate is fine)
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
        super().__init__(verify=context, trust_env=False, socket_options=options)
        # httpx builds its pool without a way to pass a network backend: build the same pool with ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=context, socket_options=options, network_backend=_Backend(self._check)
        )

    def _check(self, stream: httpcore.NetworkStream) -> None:
        tls = stream.get_extra_info("ssl_object")
        der = tls.getpeercert(True) if tls is not None else None  # the DER bytes (positional on _SSLSocket)
        if not der:
            raise CertificateMismatch(self.pin or "?", "none")
        got = fingerprint_of_der(der)
        self.seen = got
        if self.pin is not None and got != self.pin:
            raise CertificateMismatch(self.pin, got)
