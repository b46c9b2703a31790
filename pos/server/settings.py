"""Server settings: from the command line or ``OCOP_SERVER_*`` environment variables, with working defaults.

With nothing set, the server keeps an SQLite database in ``<OCOP_POS_HOME>/server/server.sqlite3`` and listens on
127.0.0.1:8750, so ``ocop-pos server`` runs with no set-up. Production sets ``OCOP_SERVER_DATABASE_URL`` to a
PostgreSQL URL (``postgresql+psycopg://user:pass@host/db``); every process behind the load balancer uses the same.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pos.errors import ConfigError
from pos.settings import home_dir

ENV_PREFIX = "OCOP_SERVER_"
DEFAULT_PORT = 8750


def server_home() -> Path:
    return Path(os.environ.get(ENV_PREFIX + "HOME") or home_dir() / "server")


def default_files_dir() -> Path:
    """The server's home, made if missing: its SQLite database and the office's files (product pictures)."""
    folder = server_home()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database_url() -> str:
    return f"sqlite:///{default_files_dir() / 'server.sqlite3'}"


@dataclass(frozen=True)
class ServerSettings:
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    #: Largest request body accepted (bytes, as sent); larger ones get 413 before anything is parsed.
    max_body_bytes: int = 8 * 1024 * 1024
    #: Largest upload once gunzipped.
    max_inflated_bytes: int = 32 * 1024 * 1024
    #: Largest catalogue page a till may ask for.
    max_page: int = 2000
    #: How long a provisioning code stays valid.
    provision_ttl_hours: int = 7 * 24
    pool_size: int = 10
    #: The office's session cookie: ``auto`` marks it Secure when the request came over HTTPS (uvicorn trusts
    #: X-Forwarded-Proto from 127.0.0.1 only), ``always`` behind a TLS proxy on another host, ``never`` not at all.
    cookie_secure: str = "auto"
    #: Where office files are kept (product pictures); default: the server's home folder.
    files_dir: str = ""
    #: 1: this process sends the e-invoices of stores set to relay (a lease lets one process send at a time);
    #: 0: it does not (``ocop-pos server einvoice-send`` does, from a timer).
    einvoice_relay: int = 1
    #: Seconds between the relay's rounds when nothing new arrives (an upload with invoices wakes it at once).
    einvoice_interval_s: int = 30
    #: Seconds the relay waits for a provider's answer.
    einvoice_timeout_s: int = 20
    #: TLS: the server's certificate and key (PEM). Without them plain HTTP is served on loopback only.
    ssl_certfile: str = ""
    ssl_keyfile: str = ""
    #: Serve (and accept) plain HTTP from other machines too: only on a network that is protected otherwise.
    allow_plain_http: bool = False
    #: The public address of the GS1 Digital Link pages and the feed (``https://host``), written into the feed and
    #: the JSON-LD; empty: the address the request came to (``docs/public.md``).
    public_host: str = ""
    #: Requests a minute one client may make to the public pages and feeds (per process), and the burst allowed.
    public_rate_per_minute: int = 120
    public_burst: int = 60
    #: Bank transfer notifications (``POST /api/v1/bank/<source>``, docs/bank-notifications.md): the API key SePay
    #: sends as ``Authorization: Apikey <key>`` and the secure key Casso signs its webhooks with. Empty: the source is
    #: off, its calls are refused and tills keep confirming transfers by hand.
    bank_sepay_api_key: str = ""
    bank_casso_secret: str = ""

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", default_database_url())

    @classmethod
    def from_env(cls, **overrides: object) -> ServerSettings:
        """Defaults, then ``OCOP_SERVER_*`` variables, then ``overrides`` (command-line values that were given)."""
        values: dict[str, object] = {}
        for name, f in cls.__dataclass_fields__.items():
            raw = os.environ.get(ENV_PREFIX + name.upper())
            if raw is None or raw == "":
                continue
            if f.type in ("bool", bool):
                values[name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif f.type in ("int", int):
                try:
                    values[name] = int(raw)
                except ValueError as exc:
                    raise ConfigError(
                        f"{ENV_PREFIX}{name.upper()} phải là số nguyên",
                        f"{ENV_PREFIX}{name.upper()} must be an integer",
                    ) from exc
            else:
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def to_env(self) -> dict[str, str]:
        """The same settings as environment variables (for worker processes started by uvicorn)."""
        return {ENV_PREFIX + name.upper(): str(getattr(self, name)) for name in self.__dataclass_fields__}
