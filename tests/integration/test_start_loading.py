"""The start loads only what the sale screen needs to be on screen, and what it leaves for later still works the
moment it is needed: the real start (``start_till``, in a child process with a fresh interpreter: see
``start_child.py``) shows the window without SQLAlchemy's ORM or any table model (``pos.models``, built on the
executor once the window is up: ``ui.app.load_after_start``); a cashier who signs in, scans and pays at once —
while they may still be loading — gets the line and the sale; by then every model module is loaded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pos.models import MODEL_MODULES
from tests.conftest_ui import demo_template

__all__ = ["demo_template"]

ROOT = Path(__file__).resolve().parents[2]


def test_sale_right_after_the_start(demo_template: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(demo_template, home)
    env = {**os.environ, "OCOP_POS_HOME": str(home), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-m", "tests.integration.start_child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout.strip().splitlines()[-1])
    tables = {f"pos.models.{m}" for m in MODEL_MODULES.values()}
    assert report["at_start"]["orm"] is False
    assert not tables & set(report["at_start"]["models"])
    assert len(report["lines"]) == 1 and report["lines"][0][1] == 1000  # one of the scanned product
    assert report["sold"] and report["sold"][0] != ""
    assert tables <= set(report["at_end"])
