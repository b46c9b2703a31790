"""One scratch folder per benchmark run, shared by the sections, so a 100 000-product catalogue is built once."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from pos.demo.generate import generate_catalogue
from pos.settings import load_settings
from pos.till.terminal import Terminal

_root: Path | None = None


def workspace() -> Path:
    global _root
    if _root is None:
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
