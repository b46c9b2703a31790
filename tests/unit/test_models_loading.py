"""``pos.models`` loads each model module on first use (PEP 562): its map names every model, and a module loaded
alone (in a fresh interpreter) comes with every table its foreign keys point to."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pos.models
from pos.models import FOREIGN_KEY_MODULES, MODEL_MODULES
from pos.models.base import Base


def test_the_map_names_every_model_of_every_module_and_all_exports_them() -> None:
    pos.models.load_all()
    mapped = {m.class_.__name__: m.class_.__module__ for m in Base.registry.mappers}
    assert {name: f"pos.models.{module}" for name, module in MODEL_MODULES.items()} == mapped
    assert set(pos.models.__all__) == set(MODEL_MODULES) | {"Base"}


def test_base_asked_of_the_package_holds_every_table() -> None:
    probe = "import pos.models as m; print(len(m.Base.metadata.tables))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    pos.models.load_all()
    assert int(out.stdout) == len(Base.metadata.tables)


@pytest.mark.parametrize("module", sorted(set(MODEL_MODULES.values())))
def test_a_module_loaded_alone_has_every_table_its_foreign_keys_name(module: str) -> None:
    name = next(n for n, m in MODEL_MODULES.items() if m == module)
    probe = (
        f"from pos.models import {name}; from pos.models.base import Base; "
        "[fk.column for t in Base.metadata.tables.values() for fk in t.foreign_keys]; "
        "import sys; print(' '.join(sorted(m for m in sys.modules if m.startswith('pos.models.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = set(out.stdout.split())
    assert f"pos.models.{module}" in loaded
    assert {f"pos.models.{m}" for m in FOREIGN_KEY_MODULES.get(module, ())} <= loaded
