"""The soak figures in the docs are the ones in the JSON reports (``scripts/soak_report.py`` writes them)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def soak_report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak_report", ROOT / "scripts" / "soak_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reliability_and_dependencies_show_what_the_reports_say(soak_report: ModuleType) -> None:
    assert soak_report.main(["--check"]) == 0, "run python scripts/soak_report.py"


def test_only_the_text_between_the_markers_is_replaced(soak_report: ModuleType) -> None:
    page = "before\n<!-- x:start -->\nold\n<!-- x:end -->\nafter\n"
    assert (
        soak_report.replace_between(page, "x", "new")
        == "before\n<!-- x:start -->\nnew\n<!-- x:end -->\nafter\n"
    )
    with pytest.raises(SystemExit):
        soak_report.replace_between("no markers", "x", "new")
