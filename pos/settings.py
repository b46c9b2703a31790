"""One typed settings object for the terminal, read from ``config.toml`` in the terminal's home folder.

The home folder holds the database, the config and the logs. It is a platformdirs user-data folder unless the
environment variable ``OCOP_POS_HOME`` names another (tests, demos, several tills on one PC).
Sections belonging to devices (printer, camera, scanner) are kept as raw tables here and validated by their own
modules, so this file doesn't grow with every device option.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from pos.errors import ConfigError

HOME_ENV = "OCOP_POS_HOME"
CONFIG_NAME = "config.toml"


def home_dir() -> Path:
    """The terminal's home folder (created if missing)."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ocop-pos", "OCOP"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class TerminalSettings:
    code: str = "T01"
    store_code: str = "QN-HL01"
    lang: str = "vi"


@dataclass
class SyncSettings:
    server_url: str = ""
    batch_size: int = 200
    interval_s: int = 30


@dataclass
class Settings:
    """Everything the terminal is configured with. ``home`` is where the files live."""

    home: Path
    terminal: TerminalSettings = field(default_factory=TerminalSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    database_path: Path | None = None
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.database_path or self.home / "terminal.sqlite3"

    @property
    def log_dir(self) -> Path:
        path = self.home / "logs"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_NAME

    def device(self, name: str) -> dict[str, Any]:
        """Raw table of one device section (``printer``, ``camera``, ``scanner``), empty if absent."""
        return dict(self.devices.get(name, {}))

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"terminal": asdict(self.terminal), "sync": asdict(self.sync)}
        if self.database_path is not None:
            data["database"] = {"path": str(self.database_path)}
        data.update(self.devices)
        return data

    def save(self) -> None:
        self.config_path.write_text(tomli_w.dumps(self.to_toml()), encoding="utf-8")


DEVICE_SECTIONS = (
    "printer",
    "camera",
    "scanner",
    "backup",
    "barcodes",
    "einvoice",
    "customer_display",
    "public",
)


def _section(data: dict[str, Any], name: str, cls: type[Any]) -> Any:
    raw = data.get(name, {})
    if not isinstance(raw, dict):
        raise ConfigError(
            f"Mục [{name}] trong config.toml sai", f"Section [{name}] of config.toml is invalid"
        )
    known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
    try:
        obj = cls(**known)
    except TypeError as exc:
        raise ConfigError(f"Mục [{name}] sai: {exc}", f"Section [{name}] is invalid: {exc}") from exc
    for key, default in asdict(cls()).items():
        value = getattr(obj, key)
        if type(value) is not type(default):
            raise ConfigError(
                f"[{name}] {key} phải là {type(default).__name__}",
                f"[{name}] {key} must be a {type(default).__name__}",
            )
    return obj


def load_settings(home: Path | None = None) -> Settings:
    """Read the settings; a missing config file gives the defaults (and is written for the shop to edit)."""
    home = home or home_dir()
    path = home / CONFIG_NAME
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Không đọc được {path}: {exc}", f"Cannot read {path}: {exc}") from exc
    db = data.get("database", {})
    settings = Settings(
        home=home,
        terminal=_section(data, "terminal", TerminalSettings),
        sync=_section(data, "sync", SyncSettings),
        database_path=Path(db["path"]) if isinstance(db, dict) and db.get("path") else None,
        devices={k: dict(v) for k, v in data.items() if k in DEVICE_SECTIONS and isinstance(v, dict)},
    )
    if not path.exists():
        settings.save()
    return settings
