"""The server's install set (`./tasks run-server`: base + server extra) has none of the till's packages: the
office must load without them (the QR code's text lives apart from the till's HTTP client, for one)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TILL_ONLY = ("httpx", "PySide6", "escpos", "numpy", "cv2", "barcode", "pyzbar", "zxingcpp", "serial", "usb")
CHILD = f"""
import importlib.abc, sys
BLOCK = set({TILL_ONLY!r})
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCK:
            raise ImportError("the server set has no " + name)
sys.meta_path.insert(0, Block())
import pos.server.app, pos.cli.server, pos.server.office.accounts, pos.demo.network, pos.server.office.pdf
from pos.server.office.pages import load_all
load_all()
from pos.server.office.pages.centres import qr_svg
assert qr_svg("OCOPPOS:REGISTER?code=X").lstrip().startswith("<svg")
"""


def test_office_loads_without_the_tills_packages() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
