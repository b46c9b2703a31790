"""Credentials: random bearer tokens and one-time provisioning codes, only ever stored as SHA-256 hashes.

Tokens carry 256 random bits, so a fast hash is enough (nothing to brute-force) and checking one costs a single
indexed lookup per request. Provisioning codes are short enough to read over the phone (16 characters of
Crockford base32, 80 bits), used once, and expire.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TERMINAL_PREFIX = "ocopt_"
ADMIN_PREFIX = "ocopa_"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def derived_token(prefix: str, registration_key: str, terminal_id: str, salt: str) -> str:
    """A credential only the holder of ``registration_key`` can compute again (with the server's salt).

    The server stores the key's hash, the salt and the credential's hash, none of which gives the credential; the
    till that asks again with its key gets the very same credential, so a registration whose answer was lost can
    be repeated without a new code."""
    mac = hmac.new(
        registration_key.encode("utf-8"), f"ocop-pos credential|{terminal_id}|{salt}".encode(), hashlib.sha256
    ).digest()
    return prefix + base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def new_provisioning_code() -> str:
    """``XXXX-XXXX-XXXX-XXXX``."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    """What the user typed, as the code was generated: upper case, dashes back in, look-alikes mapped."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    raw = raw.replace("O", "0").replace("I", "1").replace("L", "1")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
