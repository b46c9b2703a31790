"""Debian's Chromium driven by Selenium (``chromium-driver``), for the office's screenshots and browser tests.

Never a downloaded browser: the binary is ``/usr/bin/chromium`` and the driver ``/usr/bin/chromedriver`` (the dev
set's apt packages); a missing one is an error that says which package to install. Chromium runs headless with a
fresh profile and without background networking, so it talks to nothing but the server under test.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from pos.errors import ConfigError

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def require_chromium() -> None:
    missing = [p for p, pkg in ((CHROMIUM, "chromium"), (DRIVER, "chromium-driver")) if not p.exists()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise ConfigError(
            f"Thiếu {names}: cài gói Debian chromium và chromium-driver (./tasks setup dev)",
            f"{names} missing: install Debian's chromium and chromium-driver packages (./tasks setup dev)",
        )


class Browser:
    """One headless Chromium with its own throw-away profile; ``close()`` removes both."""

    def __init__(self, width: int = 1366, height: int = 768, *, lang: str = "vi") -> None:
        require_chromium()
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="ocop-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.add_argument(f"--lang={lang}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver: Any = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
        self.driver.set_page_load_timeout(120)
        self.width, self.height = width, height
        self.viewport(width, height)

    def viewport(self, width: int, height: int) -> None:
        """The page's own area exactly ``width``×``height`` (a headless window's size includes its frame, so a
        1366×768 window shows the page at 1366×625)."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def console_errors(self) -> list[str]:
        """Console messages of level SEVERE since the last call (JavaScript errors, failed loads, CSP refusals)."""
        return [
            str(e.get("message", "")) for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"
        ]

    def full_screenshot(self, path: Path) -> None:
        """The whole page at the window's width (as tall as the page, at most 6000 px)."""
        d = self.driver
        height = int(
            d.execute_script(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"
            )
        )
        self.viewport(self.width, max(self.height, min(height, 6000)))
        d.save_screenshot(str(path))
        self.viewport(self.width, self.height)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
