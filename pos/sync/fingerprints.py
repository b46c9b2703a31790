"""SHA-256 fingerprints of the server's certificate: read, compared and shown.

Apart from the pinning transport (``pos.sync.pinning``) because the server prints and puts in its QR codes the
fingerprint that tills pin, and the server's install set has no HTTP client.
"""

from __future__ import annotations

import hashlib
import re
import ssl

_HEX = re.compile(r"^[0-9a-f]{64}$")


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
