"""A throw-away terminal home with the demo OCOP catalogue, staff and exchange rates (screenshots, demos)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pos.demo.catalogue import seed_demo
from pos.selling.fx_rates import set_fx_rate
from pos.settings import HOME_ENV, load_settings
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal


@contextmanager
def demo_terminal() -> Iterator[Terminal]:
    """A terminal in a temporary home with the demo catalogue, staff and exchange rates."""
    with tempfile.TemporaryDirectory(prefix="ocop-pos-shots-") as tmp:
        old = os.environ.get(HOME_ENV)
        os.environ[HOME_ENV] = tmp
        try:
            settings = load_settings(Path(tmp))
            terminal = Terminal.open(settings)
            seed_demo(terminal.engine, install_secret(settings.home))
            for currency, rate in (("USD", 25_400_000), ("CNY", 3_520_000), ("KRW", 18_350)):
                set_fx_rate(terminal.engine, currency, rate, "demo")
            try:
                yield terminal
            finally:
                terminal.close()
        finally:
            if old is None:
                os.environ.pop(HOME_ENV, None)
            else:
                os.environ[HOME_ENV] = old
