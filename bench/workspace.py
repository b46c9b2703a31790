"""One scratch folder per benchmark run, shared by the sections, so a 100 000-product catalogue is built once.

``OCOP_BENCH_WORKSPACE=/some/folder`` keeps the folder (and the catalogues and backlogs built in it) from one
run to the next: for working on one section without rebuilding 100 000 products each time. A run that reports
figures for the record starts from an empty folder (the default).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from pos.demo.generate import generate_catalogue
from pos.settings import load_settings
from pos.till.terminal import Terminal

_root: Path | None = None


WORKSPACE_ENV = "OCOP_BENCH_WORKSPACE"


def workspace() -> Path:
    global _root
    if _root is None:
        kept = os.environ.get(WORKSPACE_ENV)
        if kept:
            _root = Path(kept)
            _root.mkdir(parents=True, exist_ok=True)
        else:
            _root = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
            atexit.register(shutil.rmtree, _root, ignore_errors=True)
    return _root


def catalogue_home(products: int) -> Path:
    """A terminal home whose database holds ``products`` synthetic products (built on first use)."""
    home = workspace() / f"home-{products}"
    home.mkdir(parents=True, exist_ok=True)
    t = Terminal.open(load_settings(home))
    try:
        have = t.catalogue.count()
        if have < products:
            generate_catalogue(t.engine, products - have, seed=products)
    finally:
        t.close()
    return home


def open_terminal(products: int) -> Terminal:
    return Terminal.open(load_settings(catalogue_home(products)))
