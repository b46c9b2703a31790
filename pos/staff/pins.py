"""PIN hashing: argon2id over the PIN joined with a per-install secret (a pepper kept outside the database).

A 4–6 digit PIN has little entropy; the pepper means a copied database alone is not enough to brute-force PINs.
The secret lives in ``<home>/install.secret`` (created once, mode 0600).

Staff head office adds are hashed with the *store's* pepper instead (``pos.server.rules``), which every till of the
store holds in ``store.secret`` beside its database (the home folder unless the database was moved), also 0600 and
never in the database: one hash then signs in at every till of the store. Each staff row says which pepper its
hash uses (``staff.pin_pepper``: ``install`` or ``store``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from pos.errors import PermissionDenied

_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
SECRET_NAME = "install.secret"
STORE_SECRET_NAME = "store.secret"


def install_secret(home: Path) -> str:
    path = home / SECRET_NAME
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    value = secrets.token_hex(32)
    path.write_text(value, encoding="ascii")
    path.chmod(0o600)
    return value


def store_secret_path(engine: Engine) -> Path | None:
    """Where this till keeps its store's pepper: beside its database file (None for an in-memory database)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).resolve().parent / STORE_SECRET_NAME


def read_store_secret(engine: Engine) -> str | None:
    """The store's pepper, if head office has handed it over (None otherwise: store-peppered PINs do not verify)."""
    path = store_secret_path(engine)
    if path is None or not path.exists():
        return None
    value = path.read_text(encoding="ascii").strip()
    return value or None


def save_store_secret(engine: Engine, value: str) -> None:
    """Keep the store's pepper (written whole, then renamed over the old file, mode 0600 from the start)."""
    path = store_secret_path(engine)
    if path is None:
        return
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(value.strip())
        f.flush()
        os.fsync(f.fileno())
    tmp.chmod(0o600)
    os.replace(tmp, path)


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
