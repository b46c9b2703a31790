"""PIN hashing: argon2id over the PIN joined with a per-install secret (a pepper kept outside the database).

A 4–6 digit PIN has little entropy; the pepper means a copied database alone is not enough to brute-force PINs.
The secret lives in ``<home>/install.secret`` (created once, mode 0600).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pos.errors import PermissionDenied

_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
SECRET_NAME = "install.secret"


def install_secret(home: Path) -> str:
    path = home / SECRET_NAME
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    value = secrets.token_hex(32)
    path.write_text(value, encoding="ascii")
    path.chmod(0o600)
    return value


def check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise PermissionDenied("Mã PIN phải có 4–8 chữ số", "A PIN must be 4–8 digits", code="bad_pin_format")


def hash_pin(pin: str, secret: str) -> str:
    check_pin_format(pin)
    return _hasher.hash(f"{secret}:{pin}")


def verify_pin(pin: str, pin_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(pin_hash, f"{secret}:{pin}")
    except (VerificationError, InvalidHashError):
        return False
